// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Columns typed at compile time, on every configured database: Qorm::columns<T> from the header
// qorm_generate_columns() writes for models.h. Typed conditions build the same SQL as
// attribute<T>() ones and find the same objects; a descriptor whose type is not the property's
// is refused when the statement is compiled. The comparisons that must not compile are in
// rejected.cpp (ctest typedcolumns_rejected).

#include "models_columns.h"

#include <Qorm/Core>
#include <Qorm/TypedAttribute>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtTest/QTest>

#include <databases.h>
#include <type_traits>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// The generated descriptors: the property types as declared, enums qualified, namespaces kept,
// and only columns (no transient or read-only property).
template<typename Descriptor, typename Entity, typename Value>
inline constexpr bool describes =
        std::is_same_v<std::remove_cvref_t<Descriptor>, TypedAttribute<Entity, Value>>;
static_assert(describes<decltype(MemberColumns::id), Member, qint64>);
static_assert(describes<decltype(MemberColumns::name), Member, QString>);
static_assert(describes<decltype(MemberColumns::status), Member, Member::Status>);
static_assert(describes<decltype(MemberColumns::joined), Member, QDateTime>);
static_assert(describes<decltype(club::TeamColumns::title), club::Team, QString>);
static_assert(std::is_base_of_v<MemberColumns, Columns<Member>>);
template<typename T>
concept HasNote = requires
{
    T::note;
};
template<typename T>
concept HasSize = requires
{
    T::size;
};
static_assert(!HasNote<MemberColumns>);
static_assert(!HasSize<club::TeamColumns>);

const QDateTime january = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

// Four members: ann (3 logins), bob (8, banned), cy (12), dee (40, joined a year later).
void fill(Session &session)
{
    const auto row = [](const QString &name, qint64 logins, Member::Status status,
                        const QDateTime &joined, double score) {
        return QVariantMap{ { u"name"_s, name },
                            { u"loginCount"_s, logins },
                            { u"status"_s, QVariant::fromValue(status) },
                            { u"joined"_s, joined },
                            { u"score"_s, score } };
    };
    const BulkResult result = session.execute(insert<Member>().values(
            { row(u"ann"_s, 3, Member::Status::Active, january, 1.5),
              row(u"bob"_s, 8, Member::Status::Banned, january, 2.5),
              row(u"cy"_s, 12, Member::Status::Active, january.addMonths(6), 4),
              row(u"dee"_s, 40, Member::Status::Active, january.addYears(1), 9.75) }));
    QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
    QVERIFY(session.commit());
}

QStringList namesOf(const ScalarResult<Member> &result)
{
    QStringList names;
    for (const Member *member : result.all())
        names.append(member->m_name);
    return names;
}

} // namespace

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<Member>(), qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

class tst_TypedColumns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameSqlAsAttribute_data() { Test::addDatabaseColumn(); }
    void sameSqlAsAttribute();
    void typedQuery_data() { Test::addDatabaseColumn(); }
    void typedQuery();
    void staleDescriptor_data() { Test::addDatabaseColumn(); }
    void staleDescriptor();
};

// One typed condition, the same written with attribute<T>(), and the members it selects.
struct Case
{
    const char *name;
    Expression typed;
    Expression untyped;
    QStringList names;
};

// Built while a registry maps Member: a column is looked up when the expression is made.
QList<Case> cases()
{
    const auto &m = columns<Member>;
    return {
        { "QString", m.name == u"ann"_s, attribute<Member>(u"name"_s) == u"ann"_s, { u"ann"_s } },
        { "literal",
          m.name != "ann",
          attribute<Member>(u"name"_s) != u"ann"_s,
          { u"bob"_s, u"cy"_s, u"dee"_s } },
        { "like",
          m.name.like(u"%e%"_s),
          attribute<Member>(u"name"_s).like(u"%e%"_s),
          { u"dee"_s } },
        { "int for qint64",
          m.loginCount > 5,
          attribute<Member>(u"loginCount"_s) > 5,
          { u"bob"_s, u"cy"_s, u"dee"_s } },
        { "value on the left",
          12 >= m.loginCount,
          12 >= attribute<Member>(u"loginCount"_s),
          { u"ann"_s, u"bob"_s, u"cy"_s } },
        { "between",
          m.loginCount.between(5, 20),
          attribute<Member>(u"loginCount"_s).between(5, 20),
          { u"bob"_s, u"cy"_s } },
        { "enum",
          m.status != Member::Status::Banned,
          attribute<Member>(u"status"_s) != Member::Status::Banned,
          { u"ann"_s, u"cy"_s, u"dee"_s } },
        { "enum in",
          m.status.in({ Member::Status::Banned }),
          attribute<Member>(u"status"_s)
                  .in(QVariantList{ QVariant::fromValue(Member::Status::Banned) }),
          { u"bob"_s } },
        { "QDateTime",
          m.joined > january,
          attribute<Member>(u"joined"_s) > january,
          { u"cy"_s, u"dee"_s } },
        { "integer for double",
          m.score < 3,
          attribute<Member>(u"score"_s) < 3,
          { u"ann"_s, u"bob"_s } },
        { "column with column",
          m.score < m.loginCount,
          attribute<Member>(u"score"_s) < attribute<Member>(u"loginCount"_s),
          { u"ann"_s, u"bob"_s, u"cy"_s, u"dee"_s } },
        { "and",
          m.loginCount < 10 && m.status == Member::Status::Active,
          attribute<Member>(u"loginCount"_s) < 10
                  && attribute<Member>(u"status"_s) == Member::Status::Active,
          { u"ann"_s } },
        { "null", m.joined == nullptr, attribute<Member>(u"joined"_s) == nullptr, {} },
    };
}

void tst_TypedColumns::sameSqlAsAttribute()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;

    const QList<Expression> byName{ attribute<Member>(u"name"_s) };
    for (const Case &c : cases()) {
        const QByteArray context = QByteArray("case ") + c.name;
        const CompiledStatement typedSql =
                db.dialect().compile(select<Member>().where(c.typed).orderBy(byName).statement());
        const CompiledStatement untypedSql =
                db.dialect().compile(select<Member>().where(c.untyped).orderBy(byName).statement());
        QVERIFY2(typedSql.isValid(), context + ": " + typedSql.error().text().toUtf8());
        QVERIFY2(untypedSql.isValid(), context);
        QCOMPARE(typedSql.sql(), untypedSql.sql());
        QCOMPARE(typedSql.boundValues().size(), untypedSql.boundValues().size());

        const ScalarResult<Member> result =
                session.scalars(select<Member>().where(c.typed).orderBy(byName));
        QVERIFY2(!result.hasError(), context + ": " + Test::describe(result.error()).toUtf8());
        QVERIFY2(namesOf(result) == c.names, context + ": " + namesOf(result).join(u',').toUtf8());
    }
}

void tst_TypedColumns::typedQuery()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;

    const auto &m = Qorm::columns<Member>;
    const ScalarResult<Member> regulars =
            session.scalars(select<Member>()
                                    .where(m.loginCount > 5 && m.status != Member::Status::Banned)
                                    .orderBy({ m.name.descending() }));
    QVERIFY2(!regulars.hasError(), qPrintable(Test::describe(regulars.error())));
    QCOMPARE(namesOf(regulars), (QStringList{ u"dee"_s, u"cy"_s }));

    // A value binds as the column's C++ type: 5 as a qint64 for loginCount.
    const CompiledStatement compiled =
            db.dialect().compile(select<Member>().where(m.loginCount > 5).statement());
    QORM_VERIFY_RESULT(compiled);
    QCOMPARE(compiled.boundValues().value(0).metaType(), QMetaType::fromType<qint64>());

    // The untyped escape: an Expression is compared without the check.
    const ScalarResult<Member> ann =
            session.scalars(select<Member>().where(m.name == Expression(QVariant(u"ann"_s))));
    QVERIFY2(!ann.hasError(), qPrintable(Test::describe(ann.error())));
    QCOMPARE(namesOf(ann), QStringList{ u"ann"_s });
}

void tst_TypedColumns::staleDescriptor()
{
    SETUP(db, registry);
    Session session(db, registry);
    Test::SqlRecorder recorder(db);

    // Hand-written descriptors, as a stale generated header would have them.
    constexpr TypedAttribute<Member, int> loginCount{ "loginCount" };
    const ScalarResult<Member> stale = session.scalars(select<Member>().where(loginCount > 5));
    QVERIFY(stale.hasError());
    QCOMPARE(stale.error().text(),
             u"Class Member: property 'loginCount' is qlonglong, the column descriptor says int"_s);

    constexpr TypedAttribute<Member, QString> misspelt{ "nmae" };
    const ScalarResult<Member> unknown =
            session.scalars(select<Member>().where(misspelt == u"ann"_s));
    QVERIFY(unknown.hasError());
    QCOMPARE(unknown.error().text(), u"Class Member has no mapped property 'nmae'"_s);
    QCOMPARE(recorder.count(), 0);
}

QTEST_GUILESS_MAIN(tst_TypedColumns)
#include "tst_typedcolumns.moc"
