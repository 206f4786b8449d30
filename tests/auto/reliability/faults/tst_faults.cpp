// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Fault injection: a flush that INSERTs, UPDATEs and DELETEs rows of three related tables
// (fault_author <- fault_book <- fault_review) and rows of the association fault_book_tag is run
// once with Connection::setInterceptor() in pass-through mode to count its statements N, then once
// per k in 1..N with statement k made to fail. Each time: the error is surfaced, the database is
// unchanged (read through a second connection), the session's objects are as before the flush
// (docs/session.md "Errors"), the session refuses work until rollback(), and after rollback() the
// same changes made again commit exactly the expected rows. The same with the flush inside a
// savepoint.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>
#include <QtTest/QTest>

#include <algorithm>
#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

enum class Scenario {
    Commit,    // session.commit() with every change
    Savepoint, // the changes inside beginNested(), committed with NestedTransaction::commit()
};

// The objects of the scenario: the seeded ones loaded into the session, the new ones made by
// the test (owned by `owner` whenever the session gives them back).
struct Scene
{
    QPointer<FaultAuthor> ann, bob, cid;
    QPointer<FaultBook> ann1, ann2, bob1, cid1;
    QPointer<FaultReview> rAnn1, rAnn2, rBob1, rCid1, rAnn1b;
    QPointer<FaultTag> t1, t2;

    QList<std::pair<QString, QObject *>> all() const
    {
        return { { u"ann"_s, ann },      { u"bob"_s, bob },      { u"cid"_s, cid },
                 { u"ann1"_s, ann1 },    { u"ann2"_s, ann2 },    { u"bob1"_s, bob1 },
                 { u"cid1"_s, cid1 },    { u"r-ann1"_s, rAnn1 }, { u"r-ann2"_s, rAnn2 },
                 { u"r-bob1"_s, rBob1 }, { u"r-cid1"_s, rCid1 }, { u"r-ann1b"_s, rAnn1b },
                 { u"t1"_s, t1 },        { u"t2"_s, t2 } };
    }
    QString nameOf(const QObject *object) const
    {
        for (const auto &[name, candidate] : all()) {
            if (candidate == object)
                return name;
        }
        return u"?"_s;
    }
};

using Ids = QHash<QString, qint64>;

bool mapAll(Registry &registry)
{
    if (!(registry.map<FaultAuthor>() && registry.map<FaultBook>() && registry.map<FaultReview>()
          && registry.map<FaultTag>()))
        return false;
    MetaData metadata = registry.metadata(); // a handle: the registry's own
    const Table bookTag(
            metadata, u"fault_book_tag"_s,
            { Column(u"book_id"_s, SqlType::bigInteger(),
                     { .primaryKey = true, .foreignKey = ForeignKey(u"fault_book.id"_s) }),
              Column(u"tag_id"_s, SqlType::bigInteger(),
                     { .primaryKey = true, .foreignKey = ForeignKey(u"fault_tag.id"_s) }) });
    return bookTag.isValid() && registry.configure();
}

// ann (books ann1, ann2), bob (book bob1), one review per book, tags t1 (on ann1 and ann2) and
// t2 (on ann2 and bob1); committed by a session of its own. The generated keys by name.
bool seed(Connection &db, Registry &registry, Ids *ids, QString *error)
{
    Session session(db, registry);
    QObject owner;
    auto *ann = Test::make<FaultAuthor>({ { "name", u"ann"_s } }, &owner);
    auto *bob = Test::make<FaultAuthor>({ { "name", u"bob"_s } }, &owner);
    QList<QObject *> objects{ ann, bob };
    const auto book = [&](const QString &title, FaultAuthor *author) {
        auto *object = Test::make<FaultBook>({ { "title", title } }, &owner);
        object->setAuthor(author);
        objects.append(object);
        auto *review = Test::make<FaultReview>({ { "body", u"r-"_s + title } }, &owner);
        review->setBook(object);
        objects.append(review);
    };
    book(u"ann1"_s, ann);
    book(u"ann2"_s, ann);
    book(u"bob1"_s, bob);
    auto *t1 = Test::make<FaultTag>({ { "label", u"t1"_s } }, &owner);
    auto *t2 = Test::make<FaultTag>({ { "label", u"t2"_s } }, &owner);
    objects += { t1, t2 };
    auto *ann1 = static_cast<FaultBook *>(objects.at(2));
    auto *ann2 = static_cast<FaultBook *>(objects.at(4));
    auto *bob1 = static_cast<FaultBook *>(objects.at(6));
    if (!ann1->tags()->append(t1) || !ann2->tags()->append(t1) || !ann2->tags()->append(t2)
        || !bob1->tags()->append(t2)) {
        *error = u"seeding the tags failed"_s;
        return false;
    }
    if (!session.addAll(objects) || !session.commit()) {
        *error = u"seeding failed: "_s + Test::describe(session.lastError());
        return false;
    }
    for (QObject *object : std::as_const(objects)) {
        const QString name = object->property("name").isValid()
                ? object->property("name").toString()
                : object->property("title").isValid() ? object->property("title").toString()
                : object->property("label").isValid() ? object->property("label").toString()
                                                      : object->property("body").toString();
        ids->insert(name, object->property("id").toLongLong());
    }
    return true;
}

bool load(Session &session, const Ids &ids, Scene *scene)
{
    scene->ann = session.get<FaultAuthor>(ids.value(u"ann"_s));
    scene->bob = session.get<FaultAuthor>(ids.value(u"bob"_s));
    scene->ann1 = session.get<FaultBook>(ids.value(u"ann1"_s));
    scene->ann2 = session.get<FaultBook>(ids.value(u"ann2"_s));
    scene->bob1 = session.get<FaultBook>(ids.value(u"bob1"_s));
    scene->rAnn1 = session.get<FaultReview>(ids.value(u"r-ann1"_s));
    scene->rAnn2 = session.get<FaultReview>(ids.value(u"r-ann2"_s));
    scene->rBob1 = session.get<FaultReview>(ids.value(u"r-bob1"_s));
    scene->t1 = session.get<FaultTag>(ids.value(u"t1"_s));
    scene->t2 = session.get<FaultTag>(ids.value(u"t2"_s));
    if (!(scene->ann && scene->bob && scene->ann1 && scene->ann2 && scene->bob1 && scene->rAnn1
          && scene->rAnn2 && scene->rBob1 && scene->t1 && scene->t2))
        return false;
    // The collections the changes touch, loaded now: a load autoflushes, and the flush under
    // test is to have every change.
    const QList<EntityListModel *> collections{ scene->ann1->tags(), scene->ann2->tags(),
                                                scene->bob1->tags(), scene->t1->books(),
                                                scene->t2->books() };
    for (EntityListModel *collection : collections) {
        (void)collection->objects();
        if (!collection->isLoaded())
            return false;
    }
    return true;
}

// The new objects (not added yet), owned by `owner` whenever the session gives them back:
// cid1 under the new cid, r-cid1 under the new cid1, r-ann1b under the existing ann1.
void makeNew(Scene *scene, QObject *owner)
{
    scene->cid = Test::make<FaultAuthor>({ { "name", u"cid"_s } }, owner);
    scene->cid1 = Test::make<FaultBook>({ { "title", u"cid1"_s } }, owner);
    scene->cid1->setAuthor(scene->cid);
    scene->rCid1 = Test::make<FaultReview>({ { "body", u"r-cid1"_s } }, owner);
    scene->rCid1->setBook(scene->cid1);
    scene->rAnn1b = Test::make<FaultReview>({ { "body", u"r-ann1b"_s } }, owner);
    scene->rAnn1b->setBook(scene->ann1);
}

// The changes of the flush under test, in all three tables: an UPDATE of each (ann's with its
// version), the new rows in each, and bob's whole branch deleted; in the association, a pair
// added (ann1-t2), one taken out (ann2-t1), one for the new book (cid1-t1), and bob1's going
// with it. Made again, the same way, after a rollback (the collections load on first use).
bool change(Session &session, Scene *scene)
{
    scene->ann->setProperty("name", u"ann-renamed"_s);
    scene->ann1->setProperty("title", u"ann1-x"_s);
    scene->rAnn1->setProperty("body", u"r-ann1-x"_s);
    // A rollback reads the stored objects' collections again, but a new object given back keeps
    // its own (docs/relationships.md "Rollback"): cid1 has t1 still then.
    if (!scene->ann1->tags()->append(scene->t2) || !scene->ann2->tags()->remove(scene->t1)
        || (!scene->cid1->tags()->contains(scene->t1) && !scene->cid1->tags()->append(scene->t1)))
        return false;
    return session.add(scene->cid) && session.add(scene->cid1) && session.add(scene->rCid1)
            && session.add(scene->rAnn1b) && session.remove(scene->rBob1)
            && session.remove(scene->bob1) && session.remove(scene->bob);
}

// The savepoint scenario's work before beginNested(), in the enclosing transaction: a new
// author "outer" and ann2 renamed. The new author.
FaultAuthor *outerWork(Session &session, Scene *scene, QObject *owner)
{
    auto *outer = Test::make<FaultAuthor>({ { "name", u"outer"_s } }, owner);
    scene->ann2->setProperty("title", u"ann2-outer"_s);
    return session.add(outer) ? outer : nullptr;
}

QStringList strings(const QVariantList &values)
{
    QStringList result;
    for (const QVariant &value : values)
        result.append(value.isNull() ? u"NULL"_s : value.toString());
    return result;
}

// Every row of the three tables, every column, in key order.
QStringList snapshot(Connection &db)
{
    QStringList lines;
    const QStringList queries{
        u"SELECT id, name, revision FROM fault_author ORDER BY id"_s,
        u"SELECT id, title, author_id FROM fault_book ORDER BY id"_s,
        u"SELECT id, body, book_id FROM fault_review ORDER BY id"_s,
        u"SELECT id, label FROM fault_tag ORDER BY id"_s,
        u"SELECT book_id, tag_id FROM fault_book_tag ORDER BY book_id, tag_id"_s,
    };
    for (const QString &sql : queries) {
        Result result = db.execute(CompiledStatement(sql));
        if (!result.isValid())
            return { u"error: "_s + Test::describe(result.error()) };
        lines.append(sql.section(u' ', 5, 5) + u':');
        const QList<Row> rows = result.all();
        for (const Row &row : rows)
            lines.append(strings(row.values()).join(u" | "_s));
    }
    return lines;
}

// The rows by name, with the names of the rows their foreign keys point to.
QStringList namedRows(Connection &db)
{
    QStringList lines;
    const QStringList queries{
        u"SELECT name, revision FROM fault_author ORDER BY name"_s,
        u"SELECT b.title, a.name FROM fault_book b JOIN fault_author a ON a.id = b.author_id "
        "ORDER BY b.title"_s,
        u"SELECT r.body, b.title FROM fault_review r JOIN fault_book b ON b.id = r.book_id "
        "ORDER BY r.body"_s,
        u"SELECT b.title, t.label FROM fault_book_tag bt JOIN fault_book b ON b.id = bt.book_id "
        "JOIN fault_tag t ON t.id = bt.tag_id ORDER BY b.title, t.label"_s,
    };
    for (const QString &sql : queries) {
        Result result = db.execute(CompiledStatement(sql));
        if (!result.isValid())
            return { u"error: "_s + Test::describe(result.error()) };
        const QList<Row> rows = result.all();
        for (const Row &row : rows)
            lines.append(strings(row.values()).join(u" | "_s));
    }
    return lines;
}

// The keys and foreign keys of the new objects, as the objects have them ...
QStringList objectKeys(const Scene &scene)
{
    return { u"cid %1"_s.arg(scene.cid->m_id),
             u"cid1 %1 %2"_s.arg(scene.cid1->m_id).arg(scene.cid1->m_authorId),
             u"r-cid1 %1 %2"_s.arg(scene.rCid1->m_id).arg(scene.rCid1->m_bookId),
             u"r-ann1b %1 %2"_s.arg(scene.rAnn1b->m_id).arg(scene.rAnn1b->m_bookId) };
}

// ... and as the database has them.
QStringList rowKeys(Connection &db)
{
    const auto row = [&db](const QString &name, const QString &sql) {
        Result result = db.execute(CompiledStatement(sql, { name }));
        const std::optional<Row> first = result.first();
        if (!first)
            return name + u" (no row: "_s + Test::describe(result.error()) + u')';
        return (QStringList{ name } + strings(first->values())).join(u' ');
    };
    return { row(u"cid"_s, u"SELECT id FROM fault_author WHERE name = ?"_s),
             row(u"cid1"_s, u"SELECT id, author_id FROM fault_book WHERE title = ?"_s),
             row(u"r-cid1"_s, u"SELECT id, book_id FROM fault_review WHERE body = ?"_s),
             row(u"r-ann1b"_s, u"SELECT id, book_id FROM fault_review WHERE body = ?"_s) };
}

QString stateName(ObjectState state)
{
    switch (state) {
    case ObjectState::Transient:
        return u"transient"_s;
    case ObjectState::Pending:
        return u"pending"_s;
    case ObjectState::Persistent:
        return u"persistent"_s;
    case ObjectState::Deleted:
        return u"deleted"_s;
    case ObjectState::Detached:
        return u"detached"_s;
    }
    return u"?"_s;
}

// What the session knows about every object of the scene, and every property value, one line
// per object; then the session's lists of new, modified and deleted objects.
QStringList describeSession(const Session &session, const Scene &scene)
{
    QStringList lines;
    for (const auto &[name, object] : scene.all()) {
        if (!object) {
            lines.append(name + u": (none)"_s);
            continue;
        }
        const InstanceState state = session.inspect(object);
        QStringList modified = state.modifiedProperties();
        modified.sort();
        QStringList values;
        const QMetaObject *meta = object->metaObject();
        for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i) {
            const QMetaProperty property = meta->property(i);
            const QVariant value = property.read(object);
            QString text = value.toString();
            if (value.metaType().flags() & QMetaType::PointerToQObject) {
                QObject *pointer = value.value<QObject *>();
                if (auto *collection = qobject_cast<EntityListModel *>(pointer)) {
                    // Only a loaded collection: reading an unloaded one would load it.
                    QStringList items;
                    if (collection->isLoaded()) {
                        for (QObject *item : collection->objects())
                            items.append(scene.nameOf(item));
                    }
                    text = collection->isLoaded() ? u'(' + items.join(u',') + u')'
                                                  : u"(not loaded)"_s;
                } else {
                    text = scene.nameOf(pointer);
                }
            }
            values.append(QString::fromLatin1(property.name()) + u'=' + text);
        }
        lines.append(u"%1: %2%3 modified=[%4] identity=[%5] parent=%6 %7"_s.arg(
                name, stateName(state.state()),
                state.isMarkedForDeletion() ? u" marked-for-deletion"_s : QString(),
                modified.join(u','), strings(state.identity()).join(u','),
                object->parent() && Session::sessionOf(object) ? u"session"_s : u"other"_s,
                values.join(u' ')));
    }
    const auto names = [&scene](const QList<QObject *> &objects) {
        QStringList result;
        for (const QObject *object : objects)
            result.append(scene.nameOf(object));
        result.sort();
        return result.join(u',');
    };
    lines.append(u"new: "_s + names(session.newObjects()));
    lines.append(u"modified: "_s + names(session.modifiedObjects()));
    lines.append(u"deleted: "_s + names(session.deletedObjects()));
    lines.append(u"hasChanges: "_s + (session.hasChanges() ? u"yes"_s : u"no"_s));
    return lines;
}

// What the flush's statements look like: "BEGIN", "INSERT fault_book", "SELECT", ...
QString verbAndTable(const QString &sql)
{
    if (Test::SqlRecorder::isTransactionControl(sql))
        return sql.section(u' ', 0, 0).toUpper();
    static const QRegularExpression dml(u"^(INSERT INTO|UPDATE|DELETE FROM)\\s+[`\"]?(\\w+)"_s,
                                        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = dml.match(sql);
    if (match.hasMatch())
        return match.captured(1).section(u' ', 0, 0).toUpper() + u' ' + match.captured(2);
    return sql.section(u' ', 0, 0).toUpper();
}

// Sets up the tables and the seed, then runs the scenario's flush with the interceptor in
// pass-through mode. The SQL of the statements it saw, or an error.
QStringList passThrough(const QString &database, Scenario scenario, QString *error)
{
    std::unique_ptr<Connection> db = Test::connect(database, error);
    if (!db || !Test::resetSchema(*db, error))
        return {};
    Registry registry;
    if (!mapAll(registry) || !registry.metadata().createAll(*db)) {
        *error = u"schema: "_s + Test::describe(db->lastError());
        return {};
    }
    Ids ids;
    if (!seed(*db, registry, &ids, error))
        return {};
    QObject owner;
    Session session(*db, registry);
    Scene scene;
    NestedTransaction savepoint;
    if (!load(session, ids, &scene)) {
        *error = u"load: "_s + Test::describe(session.lastError());
        return {};
    }
    makeNew(&scene, &owner);
    if (scenario == Scenario::Savepoint) {
        if (!outerWork(session, &scene, &owner)) {
            *error = u"outer work: "_s + Test::describe(session.lastError());
            return {};
        }
        savepoint = session.beginNested();
        if (!savepoint.isActive()) {
            *error = u"beginNested: "_s + Test::describe(session.lastError());
            return {};
        }
    }
    if (!change(session, &scene)) {
        *error = u"change: "_s + Test::describe(session.lastError());
        return {};
    }
    QStringList seen;
    db->setInterceptor([&seen](const CompiledStatement &statement) {
        seen.append(statement.sql());
        return Error();
    });
    const bool ok = scenario == Scenario::Commit ? session.commit() : savepoint.commit();
    db->setInterceptor(nullptr);
    if (!ok) {
        *error = u"pass-through run failed: "_s + Test::describe(session.lastError());
        return {};
    }
    return seen;
}

// Rows "<database>:k=<k>" for every statement k of the scenario's flush, counted by a
// pass-through run; for the first INSERT also a row that injects a ConnectionError.
void addFaultRows(Scenario scenario)
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("k");
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<int>("errorType");
    QTest::addColumn<QString>("countError");
    const QString prefix = scenario == Scenario::Savepoint ? u"savepoint:"_s : QString();
    const QStringList databases = Test::databases();
    for (const QString &database : databases) {
        QString error;
        const QStringList statements = passThrough(database, scenario, &error);
        if (statements.isEmpty()) {
            QTest::newRow(qPrintable(database + u':' + prefix + u"count"_s))
                    << database << 0 << statements << int(Error::NoError)
                    << (error.isEmpty() ? u"the flush ran no statement"_s : error);
            continue;
        }
        for (int k = 1; k <= statements.size(); ++k) {
            // Alternately a statement and a constraint error: the flush must not care which.
            const Error::Type type = k % 2 ? Error::StatementError : Error::IntegrityError;
            QTest::newRow(qPrintable(u"%1:%2k=%3"_s.arg(database, prefix).arg(k)))
                    << database << k << statements << int(type) << QString();
        }
        const auto firstInsert =
                std::find_if(statements.cbegin(), statements.cend(),
                             [](const QString &sql) { return sql.startsWith(u"INSERT"_s); });
        if (firstInsert != statements.cend()) {
            const int k = int(firstInsert - statements.cbegin()) + 1;
            QTest::newRow(qPrintable(u"%1:%2k=%3:connection-error"_s.arg(database, prefix).arg(k)))
                    << database << k << statements << int(Error::ConnectionError) << QString();
        }
    }
}

// The (verb, table) sequence the scenario's flush is expected to run, with repeats of the same
// entry collapsed (a table's rows may take more than one statement) and the dialect's extra
// SELECTs (probes) left out. Per table in foreign-key order, UPDATEs before INSERTs; then the
// association rows, old ones out, new ones in once both sides have keys; DELETEs last, in
// reverse order (docs/session.md, docs/relationships.md).
QStringList expectedShape(Scenario scenario)
{
    QStringList shape;
    if (scenario == Scenario::Commit)
        shape.append(u"BEGIN"_s);
    shape += QStringList{
        u"UPDATE fault_author"_s,   u"INSERT fault_author"_s,   u"UPDATE fault_book"_s,
        u"INSERT fault_book"_s,     u"UPDATE fault_review"_s,   u"INSERT fault_review"_s,
        u"DELETE fault_book_tag"_s, u"INSERT fault_book_tag"_s, u"DELETE fault_review"_s,
        u"DELETE fault_book"_s,     u"DELETE fault_author"_s,
    };
    shape.append(scenario == Scenario::Commit ? u"COMMIT"_s : u"RELEASE"_s);
    return shape;
}

QStringList shapeOf(const QStringList &statements)
{
    QStringList shape;
    for (const QString &sql : statements) {
        const QString entry = verbAndTable(sql);
        if (entry == u"SELECT"_s || entry == u"START"_s)
            continue; // probes; START TRANSACTION is BEGIN on MariaDB (kept below)
        if (shape.isEmpty() || shape.constLast() != entry)
            shape.append(entry);
    }
    return shape;
}

const QStringList expectedRows{
    // authors: name | revision
    u"ann-renamed | 2"_s,
    u"cid | 1"_s,
    // books: title | author
    u"ann1-x | ann-renamed"_s,
    u"ann2 | ann-renamed"_s,
    u"cid1 | cid"_s,
    // reviews: body | book
    u"r-ann1-x | ann1-x"_s,
    u"r-ann1b | ann1-x"_s,
    u"r-ann2 | ann2"_s,
    u"r-cid1 | cid1"_s,
    // book_tag: title | label
    u"ann1-x | t1"_s,
    u"ann1-x | t2"_s,
    u"ann2 | t2"_s,
    u"cid1 | t1"_s,
};

} // namespace

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_Faults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flushFault_data() { addFaultRows(Scenario::Commit); }
    void flushFault();
    void savepointFault_data() { addFaultRows(Scenario::Savepoint); }
    void savepointFault();
    void handlerExpungesDuringFailingFlush_data();
    void handlerExpungesDuringFailingFlush();
    void handlerExpungesHolderOfNewTarget_data() { Test::addDatabaseColumn(); }
    void handlerExpungesHolderOfNewTarget();
};

// ---------------------------------------------------------------------------------------------

void tst_Faults::flushFault()
{
    QFETCH(QString, database);
    QFETCH(int, k);
    QFETCH(QStringList, statements);
    QFETCH(int, errorType);
    QFETCH(QString, countError);
    if (!countError.isEmpty())
        QFAIL(qPrintable(countError));

    // The pass-through run's statements: BEGIN, the DML in foreign-key order, COMMIT.
    QStringList counted = statements;
    for (QString &sql : counted) {
        if (sql.startsWith(u"START TRANSACTION"_s, Qt::CaseInsensitive))
            sql = u"BEGIN"_s;
    }
    QCOMPARE(shapeOf(counted), expectedShape(Scenario::Commit));
    QCOMPARE(verbAndTable(statements.constFirst()) == u"START"_s
                     ? u"BEGIN"_s
                     : verbAndTable(statements.constFirst()),
             u"BEGIN"_s);
    QCOMPARE(statements.constLast(), u"COMMIT"_s);

    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Ids ids;
    QString error;
    QVERIFY2(seed(db, registry, &ids, &error), qPrintable(error));
    QORM_CONNECT(reader, database);
    const QStringList before = snapshot(reader);
    QCOMPARE(before.size(),
             (1 + 2) + (1 + 3) + (1 + 3) + (1 + 2) + (1 + 4)); // a title line per table
    const QStringList namedBefore = namedRows(reader);

    QObject owner; // before the session: destroyed after it
    Session session(db, registry);
    Scene scene;
    VERIFY_SESSION(load(session, ids, &scene), session);
    makeNew(&scene, &owner);
    VERIFY_SESSION(change(session, &scene), session);
    const QStringList stateBefore = describeSession(session, scene);

    // Statement k fails without reaching the database.
    Test::SqlRecorder recorder(db);
    int seen = 0;
    const Error injected(Error::Type(errorType), u"injected failure of statement %1"_s.arg(k));
    db.setInterceptor([&](const CompiledStatement &) { return ++seen == k ? injected : Error(); });
    const bool committed = session.commit();
    db.setInterceptor(nullptr);
    if (statements.at(k - 1).startsWith(u"SELECT"_s)) {
        // A probe (SQLite's rowid check, MariaDB's auto-increment settings) that fails costs the
        // flush its shortcut only: it takes the general path and succeeds.
        VERIFY_SESSION(committed, session);
        QCOMPARE(recorder.executed().at(k - 1).succeeded, false);
        QCOMPARE(namedRows(reader), expectedRows);
        QCOMPARE(objectKeys(scene), rowKeys(db));
        QVERIFY(!session.hasChanges());
        return;
    }
    QVERIFY(!committed);
    QCOMPARE(session.lastError().type(), injected.type());
    QCOMPARE(session.lastError().text(), injected.text());
    QVERIFY(recorder.count() >= k);
    // The same statements as the pass-through run up to k, then only the ROLLBACK.
    QCOMPARE(recorder.statements().mid(0, k), statements.mid(0, k));
    QCOMPARE(recorder.executed().at(k - 1).succeeded, false);
    for (qsizetype i = k; i < recorder.count(); ++i) {
        QVERIFY2(recorder.executed().at(i).sql.startsWith(u"ROLLBACK"_s),
                 qPrintable(recorder.executed().at(i).sql));
    }
    const bool commitFailed = statements.at(k - 1) == u"COMMIT"_s;
    // A failed BEGIN leaves nothing to roll back; any other failure is followed by ROLLBACK.
    QCOMPARE(recorder.count(), k == 1 ? k : k + 1);
    QVERIFY(!db.inTransaction());

    // (a) The database is unchanged, seen from another connection and from this one.
    QCOMPARE(snapshot(reader), before);
    QCOMPARE(snapshot(db), before);

    // (b) Before COMMIT, the objects are untouched: new ones pending without a key, changes
    // and removals still there, the identity map as it was. A failed COMMIT comes after a
    // flush that succeeded: its objects have their new state until rollback().
    if (!commitFailed) {
        QCOMPARE(describeSession(session, scene), stateBefore);
    } else {
        QCOMPARE(session.state(scene.cid), ObjectState::Persistent);
        QVERIFY(scene.cid->m_id > 0);
        QCOMPARE(session.state(scene.bob), ObjectState::Deleted);
        QVERIFY(!session.hasChanges());
    }

    // The session refuses work until rollback(), naming the original error.
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
    QVERIFY2(session.lastError().text().contains(u"call rollback() first"_s),
             qPrintable(session.lastError().text()));
    QVERIFY2(session.lastError().text().contains(injected.text()),
             qPrintable(session.lastError().text()));
    QVERIFY(!session.get<FaultAuthor>(ids.value(u"ann"_s)));
    QCOMPARE(snapshot(reader), before);

    // rollback(): the objects match the database again (docs/session.md "Transactions").
    VERIFY_SESSION(session.rollback(), session);
    for (QObject *created : QList<QObject *>{ scene.cid, scene.cid1, scene.rCid1, scene.rAnn1b }) {
        QCOMPARE(session.state(created), ObjectState::Transient);
        QCOMPARE(created->parent(), &owner);
        QCOMPARE(created->property("id").toLongLong(), 0); // a generated key is taken back
    }
    for (QObject *removed : QList<QObject *>{ scene.bob, scene.bob1, scene.rBob1 }) {
        QCOMPARE(session.state(removed), ObjectState::Persistent);
        QVERIFY(!session.inspect(removed).isMarkedForDeletion());
    }
    QCOMPARE(scene.ann->m_name, u"ann"_s);
    QCOMPARE(scene.ann1->m_title, u"ann1"_s);
    QCOMPARE(scene.rAnn1->m_body, u"r-ann1"_s);
    QVERIFY(!session.hasChanges());
    // The identity map still hands out the same objects.
    QCOMPARE(session.get<FaultAuthor>(ids.value(u"ann"_s)), scene.ann.data());
    QCOMPARE(session.get<FaultBook>(ids.value(u"bob1"_s)), scene.bob1.data());
    QCOMPARE(session.get<FaultReview>(ids.value(u"r-ann1"_s)), scene.rAnn1.data());
    QCOMPARE(namedRows(reader), namedBefore);

    // (c) The same changes again, nothing injected: exactly the expected rows.
    VERIFY_SESSION(change(session, &scene), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(namedRows(reader), expectedRows);
    // The keys the objects got are the rows' keys.
    QCOMPARE(objectKeys(scene), rowKeys(db));
    QCOMPARE(scene.rCid1->m_bookId, scene.cid1->m_id);
    QCOMPARE(scene.rAnn1b->m_bookId, ids.value(u"ann1"_s));
}

void tst_Faults::savepointFault()
{
    QFETCH(QString, database);
    QFETCH(int, k);
    QFETCH(QStringList, statements);
    QFETCH(int, errorType);
    QFETCH(QString, countError);
    if (!countError.isEmpty())
        QFAIL(qPrintable(countError));
    // The flush's DML, then RELEASE SAVEPOINT.
    QCOMPARE(shapeOf(statements), expectedShape(Scenario::Savepoint));
    QVERIFY2(statements.constLast().startsWith(u"RELEASE SAVEPOINT"_s),
             qPrintable(statements.constLast()));

    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Ids ids;
    QString error;
    QVERIFY2(seed(db, registry, &ids, &error), qPrintable(error));
    QORM_CONNECT(reader, database);
    const QStringList before = snapshot(reader);

    QObject owner;
    Session session(db, registry);
    Scene scene;
    VERIFY_SESSION(load(session, ids, &scene), session);
    makeNew(&scene, &owner);
    // Work of the enclosing transaction, flushed by beginNested(): it must survive.
    FaultAuthor *outer = outerWork(session, &scene, &owner);
    VERIFY_SESSION(outer, session);
    NestedTransaction savepoint = session.beginNested();
    VERIFY_SESSION(savepoint.isActive(), session);
    const QStringList insideBefore = snapshot(db);
    QVERIFY(insideBefore != before);
    const QStringList stateAtSavepoint = describeSession(session, scene);
    VERIFY_SESSION(change(session, &scene), session);

    Test::SqlRecorder recorder(db);
    int seen = 0;
    const Error injected(Error::Type(errorType), u"injected failure of statement %1"_s.arg(k));
    db.setInterceptor([&](const CompiledStatement &) { return ++seen == k ? injected : Error(); });
    const bool released = savepoint.commit();
    db.setInterceptor(nullptr);
    QStringList expected = expectedRows;
    expected.replace(expected.indexOf(u"ann2 | ann-renamed"_s), u"ann2-outer | ann-renamed"_s);
    expected.replace(expected.indexOf(u"r-ann2 | ann2"_s), u"r-ann2 | ann2-outer"_s);
    expected.replace(expected.indexOf(u"ann2 | t2"_s), u"ann2-outer | t2"_s);
    expected.insert(2, u"outer | 1"_s);
    if (statements.at(k - 1).startsWith(u"SELECT"_s)) {
        // A failed probe costs the flush its shortcut only (see flushFault()).
        VERIFY_SESSION(released, session);
        QCOMPARE(recorder.executed().at(k - 1).succeeded, false);
        VERIFY_SESSION(session.commit(), session);
        QCOMPARE(namedRows(reader), expected);
        QCOMPARE(objectKeys(scene), rowKeys(db));
        return;
    }
    QVERIFY(!released);
    QCOMPARE(session.lastError().type(), injected.type());
    QCOMPARE(session.lastError().text(), injected.text());
    QCOMPARE(recorder.statements().mid(0, k), statements.mid(0, k));
    QCOMPARE(recorder.executed().at(k - 1).succeeded, false);
    for (qsizetype i = k; i < recorder.count(); ++i) {
        const QString &sql = recorder.executed().at(i).sql;
        // The rollback to the savepoint, then its release; then the rows it wrote, read again.
        QVERIFY2(sql.startsWith(u"ROLLBACK TO SAVEPOINT"_s) || sql.startsWith(u"RELEASE"_s)
                         || sql.startsWith(u"SELECT"_s),
                 qPrintable(sql));
    }
    QVERIFY(!savepoint.isActive());

    // (a) Back to the savepoint: the enclosing transaction's work is there, nothing else; other
    // connections see the database as before.
    QVERIFY(db.inTransaction());
    QCOMPARE(snapshot(db), insideBefore);
    QCOMPARE(snapshot(reader), before);

    // (b) The savepoint's rollback ran by itself: the objects are as at the savepoint, and the
    // session goes on without rollback(). The objects added inside it are given back: they keep
    // their in-memory relationships (cid1 its tag t1, docs/relationships.md "Rollback"), and if
    // the flush had succeeded (RELEASE failed) the values it gave them, but not their generated
    // key (docs/session.md "Transactions"); they are compared apart.
    const auto withoutNew = [](QStringList lines) {
        lines.removeIf([](const QString &line) {
            return line.startsWith(u"cid:"_s) || line.startsWith(u"cid1:"_s)
                    || line.startsWith(u"r-cid1:"_s) || line.startsWith(u"r-ann1b:"_s);
        });
        return lines;
    };
    QCOMPARE(withoutNew(describeSession(session, scene)), withoutNew(stateAtSavepoint));
    for (QObject *created : QList<QObject *>{ scene.cid, scene.cid1, scene.rCid1, scene.rAnn1b }) {
        QCOMPARE(session.state(created), ObjectState::Transient);
        QCOMPARE(created->parent(), &owner);
        QCOMPARE(created->property("id").toLongLong(), 0);
    }
    QCOMPARE(scene.cid1->tags()->objects(), QList<QObject *>{ scene.t1.data() });
    QVERIFY(!scene.t1->books()->contains(scene.cid1));
    QCOMPARE(scene.rCid1->book(), scene.cid1.data());
    QCOMPARE(scene.cid1->author(), scene.cid.data());
    if (!statements.at(k - 1).startsWith(u"RELEASE"_s)) {
        // Nothing was written into them.
        QCOMPARE(scene.cid->m_revision, 0);
        QCOMPARE(scene.rCid1->m_bookId, 0);
        QCOMPARE(scene.rAnn1b->m_bookId, 0);
    }
    QCOMPARE(session.state(outer), ObjectState::Persistent);
    QCOMPARE(outer->m_name, u"outer"_s);
    QCOMPARE(scene.ann2->m_title, u"ann2-outer"_s);

    // (c) Again in a new savepoint, nothing injected, then the whole transaction.
    NestedTransaction again = session.beginNested();
    VERIFY_SESSION(again.isActive(), session);
    VERIFY_SESSION(change(session, &scene), session);
    VERIFY_SESSION(again.commit(), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(namedRows(reader), expected);
    QCOMPARE(objectKeys(scene), rowKeys(db));
}

QTEST_GUILESS_MAIN(tst_Faults)
// A beforeFlush handler takes an object out of the session after the flush wrote a foreign key
// into it, and the flush then fails: putting the foreign keys back must not write through the
// freed bookkeeping of that object, nor into an object added in its place.
void tst_Faults::handlerExpungesDuringFailingFlush_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<bool>("addAnother");
    for (const QString &database : Test::databases()) {
        QTest::newRow(qPrintable(database + u":expunge"_s)) << database << false;
        QTest::newRow(qPrintable(database + u":expunge-then-add"_s)) << database << true;
    }
}

void tst_Faults::handlerExpungesDuringFailingFlush()
{
    QFETCH(QString, database);
    QFETCH(bool, addAnother);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Ids ids;
    QString error;
    QVERIFY2(seed(db, registry, &ids, &error), qPrintable(error));

    Session session(db, registry);
    QPointer<FaultBook> book = session.get<FaultBook>(ids.value(u"ann1"_s));
    auto *bob = session.get<FaultAuthor>(ids.value(u"bob"_s));
    auto *ann = session.get<FaultAuthor>(ids.value(u"ann"_s));
    QVERIFY(book && bob && ann);
    QCOMPARE(book->m_authorId, ids.value(u"ann"_s));
    book->setAuthor(bob); // the flush writes bob's key into authorId before any statement
    ann->setProperty("name", u"bob"_s); // taken: the flush fails on a unique constraint
    std::unique_ptr<FaultBook> expunged;
    QPointer<FaultBook> fresh;
    QObject owner;
    connect(&session, &Session::beforeFlush, this, [&] {
        if (!book || expunged)
            return;
        QVERIFY(session.expunge(book));
        expunged.reset(book); // the session gave it back
        if (addAnother) {
            fresh = Test::make<FaultBook>({ { "title", u"fresh"_s } }, &owner);
            QVERIFY(session.add(fresh));
        }
    });

    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().type(), Error::IntegrityError);
    QVERIFY(expunged);
    if (addAnother) {
        QVERIFY(fresh);
        QCOMPARE(fresh->m_authorId, 0); // not the key the expunged book had before
    }
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(ann->m_name, u"ann"_s);
}

// A stored book is pointed at a new author, and a beforeFlush handler takes the book out of the
// session: the flush inserts the author but must not update the book's row (nor the object it
// gave back), which is no longer the session's to write.
void tst_Faults::handlerExpungesHolderOfNewTarget()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Ids ids;
    QString error;
    QVERIFY2(seed(db, registry, &ids, &error), qPrintable(error));
    const qint64 annId = ids.value(u"ann"_s);

    QObject owner;
    Session session(db, registry);
    QPointer<FaultBook> book = session.get<FaultBook>(ids.value(u"ann1"_s));
    QVERIFY(book);
    auto *dan = Test::make<FaultAuthor>({ { "name", u"dan"_s } }, &owner);
    QVERIFY(session.add(dan));
    book->setAuthor(dan);
    std::unique_ptr<FaultBook> expunged;
    connect(&session, &Session::beforeFlush, this, [&] {
        if (book && !expunged) {
            QVERIFY(session.expunge(book));
            expunged.reset(book);
        }
    });
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(expunged);
    QVERIFY(dan->m_id > 0);
    QORM_CONNECT(reader, database);
    Result rows = reader.execute(
            CompiledStatement(u"SELECT author_id FROM fault_book WHERE title = 'ann1'"_s));
    QVERIFY2(rows.isValid(), qPrintable(Test::describe(rows.error())));
    QCOMPARE(rows.scalar().toLongLong(), annId);
}

#include "tst_faults.moc"
