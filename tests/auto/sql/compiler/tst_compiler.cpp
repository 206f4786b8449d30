// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The Core SQL compiler, no database needed: the exact SQL text and bound values of every
// statement form for SQLite, PostgreSQL and MariaDB (and the errors where a dialect cannot
// express a statement), the DDL of every type and constraint, and the small value types.
//
// Statement rows are named "<case>/<dialect>". The expected binds are compared with their
// C++ types ("int(30)", "QString(\"x\")"), since the type is what the driver binds.
// When written, every expected statement and CREATE TABLE was also run on SQLite 3.40,
// PostgreSQL 15 and MariaDB 10.11: the SQL is accepted by each. What failed there was data
// (a foreign key), a function that exists on one database only (random()), or PostgreSQL
// typing a parameter it has no context for as text (SELECT ? AS n UNION SELECT n + 1).

#include <Qorm/CompiledStatement>
#include <Qorm/Dialect>
#include <Qorm/Expression>
#include <Qorm/FromClause>
#include <Qorm/MetaData>
#include <Qorm/Select>
#include <Qorm/SqlType>
#include <Qorm/Table>
#include <Qorm/TypeMap>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPoint>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Qorm;

Q_DECLARE_METATYPE(Qorm::Statement)
Q_DECLARE_METATYPE(Qorm::Table)
Q_DECLARE_METATYPE(Qorm::SqlType)

namespace {

// A plain enum without Q_ENUM: SqlType::enumeration() cannot know its keys.
enum PlainEnum { PlainA, PlainB };

// ColumnOptions set field by field (designated initializers warn about the fields left out).
struct Options : ColumnOptions
{
    Options &withPrimaryKey()
    {
        primaryKey = true;
        return *this;
    }
    Options &withNullable(bool value)
    {
        nullable = value;
        return *this;
    }
    Options &withUnique()
    {
        unique = true;
        return *this;
    }
    Options &withIndex()
    {
        index = true;
        return *this;
    }
    Options &withAutoincrement(Autoincrement value)
    {
        autoincrement = value;
        return *this;
    }
    Options &withDefault(const ColumnDefault &value)
    {
        defaultValue = value;
        return *this;
    }
    Options &withServerDefault(const Expression &value)
    {
        serverDefault = value;
        return *this;
    }
    Options &withOnUpdate(const ColumnDefault &value)
    {
        onUpdate = value;
        return *this;
    }
    Options &withForeignKey(const ForeignKey &value)
    {
        foreignKey = value;
        return *this;
    }
};

Options primaryKeyOptions(Autoincrement autoincrement = Autoincrement::Auto)
{
    return Options().withPrimaryKey().withAutoincrement(autoincrement);
}

ForeignKeyOptions referentialActions(ReferentialAction onDelete,
                                     ReferentialAction onUpdate = ReferentialAction::NoAction,
                                     const QString &name = {})
{
    ForeignKeyOptions options;
    options.onDelete = onDelete;
    options.onUpdate = onUpdate;
    options.name = name;
    return options;
}

ForeignKeyOptions foreignKeyNamed(const QString &name)
{
    return referentialActions(ReferentialAction::NoAction, ReferentialAction::NoAction, name);
}

TableOptions inSchema(const QString &schema)
{
    TableOptions options;
    options.schema = schema;
    return options;
}

struct Expected
{
    QString sql;
    QVariantList binds;
    Error::Type error = Error::NoError;
    QString message; // a part of the error text
};

Expected expect(const QString &sql, const QVariantList &binds = {})
{
    Expected expected;
    expected.sql = sql;
    expected.binds = binds;
    return expected;
}

Expected fails(Error::Type type, const QString &message)
{
    Expected expected;
    expected.error = type;
    expected.message = message;
    return expected;
}

// MariaDB quotes identifiers with backticks; for SQL written once for all dialects.
Expected backticked(Expected expected)
{
    expected.sql.replace(u'"', u'`');
    return expected;
}

Dialect dialectNamed(const QString &name)
{
    if (name == u"sqlite")
        return Dialect::sqlite();
    if (name == u"postgresql")
        return Dialect::postgresql();
    if (name == u"mariadb")
        return Dialect::mysql();
    if (name == u"mysql")
        return Dialect::mysql(Dialect::MySQL, QVersionNumber(8, 0));
    if (name == u"sqlite-3.29")
        return Dialect::sqlite(QVersionNumber(3, 29));
    if (name == u"sqlite-3.34")
        return Dialect::sqlite(QVersionNumber(3, 34));
    if (name == u"mariadb-10.4")
        return Dialect::mysql(Dialect::MariaDB, QVersionNumber(10, 4));
    qFatal("unknown dialect %s", qPrintable(name));
}

const QStringList &mainDialects()
{
    static const QStringList names = { u"sqlite"_s, u"postgresql"_s, u"mariadb"_s };
    return names;
}

// "QString(\"x\")", "int(3)", "bool(true)", "QVariant(invalid)": the type is part of the value.
QString describe(const QVariant &value)
{
    if (!value.isValid())
        return u"QVariant(invalid)"_s;
    const QString type = QString::fromLatin1(value.metaType().name());
    if (value.isNull())
        return type + u"(null)"_s;
    switch (value.typeId()) {
    case QMetaType::QString:
        return type + u"(\""_s + value.toString() + u"\")"_s;
    case QMetaType::QByteArray:
        return type + u"(0x"_s + QString::fromLatin1(value.toByteArray().toHex()) + u')';
    case QMetaType::Bool:
        return type + (value.toBool() ? u"(true)"_s : u"(false)"_s);
    case QMetaType::QDate:
        return type + u'(' + value.toDate().toString(Qt::ISODate) + u')';
    case QMetaType::QTime:
        return type + u'(' + value.toTime().toString(u"HH:mm:ss.zzz"_s) + u')';
    case QMetaType::QDateTime: {
        // Qt::UTC and a UTC QTimeZone are the same instant and offset
        const QDateTime dateTime = value.toDateTime();
        return type + u'(' + dateTime.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u" offset "_s
                + QString::number(dateTime.offsetFromUtc()) + u')';
    }
    case QMetaType::QJsonDocument:
        return type + u'('
                + QString::fromUtf8(value.toJsonDocument().toJson(QJsonDocument::Compact)) + u')';
    default:
        break;
    }
    QString text;
    QDebug(&text).nospace().noquote() << value;
    return text;
}

QString describe(const QVariantList &values)
{
    QStringList parts;
    for (const QVariant &value : values)
        parts += describe(value);
    return u'[' + parts.join(u", "_s) + u']';
}

// ---------------------------------------------------------------- the schema of the tests

struct Schema
{
    MetaData metadata;
    Table users;
    Table addresses;
    Table events;    // client-side defaults
    Table documents; // onUpdate defaults
    Table counters;  // nothing but defaults
    Table quoted;    // reserved words and odd names
    Table accounts;  // in a schema
    Table duplicate; // a definition error
};

} // namespace

class tst_Compiler : public QObject
{
    Q_OBJECT

public:
    enum class Color {
        Red,
        Green,
        LightBlue,
    };
    Q_ENUM(Color)

    static const Schema &schema();

private slots:
    void misuseIsReported();
    // Statements: SQL and binds per dialect
    void expressions_data();
    void expressions() { verifyStatementRow(); }
    void bindTyping_data();
    void bindTyping() { verifyStatementRow(); }
    void selects_data();
    void selects() { verifyStatementRow(); }
    void compounds_data();
    void compounds() { verifyStatementRow(); }
    void ctes_data();
    void ctes() { verifyStatementRow(); }
    void inserts_data();
    void inserts() { verifyStatementRow(); }
    void upserts_data();
    void upserts() { verifyStatementRow(); }
    void updates_data();
    void updates() { verifyStatementRow(); }
    void deletes_data();
    void deletes() { verifyStatementRow(); }
    void quoting_data();
    void quoting() { verifyStatementRow(); }
    void errors_data();
    void errors() { verifyStatementRow(); }
    void serverVersions_data();
    void serverVersions() { verifyStatementRow(); }

    void clientDefaults();
    void textSql();
    void namedParameters();
    void resultColumns();
    void quoteIdentifier_data();
    void quoteIdentifier();

    // DDL
    void createTable_data();
    void createTable();
    void createTableErrors();
    void dropTable();
    void alterConstraints();
    void sortedTables();

    // Value types
    void enumerationType();
    void typeMap();
    void escapeLikePattern_data();
    void escapeLikePattern();
    void definitionError_data();
    void definitionError();
    void autoincrement_data();
    void autoincrement();
    void toDatabaseValue_data();
    void toDatabaseValue();
    void fromDatabaseValue_data();
    void fromDatabaseValue();

private:
    static void addStatementColumns();
    static void addRow(const char *name, const Statement &statement, const Expected &sqlite,
                       const Expected &postgresql, const Expected &mariadb);
    // The same SQL and binds on all three; MariaDB with backticks instead of double quotes.
    static void addRow(const char *name, const Statement &statement, const Expected &everywhere);
    static void addRowFor(const QString &dialect, const char *name, const Statement &statement,
                          const Expected &expected);
    static void verifyStatementRow();
    static void verifyCompiled(const CompiledStatement &compiled, const Expected &expected);
};

const Schema &tst_Compiler::schema()
{
    static const Schema *const instance = [] {
        auto *s = new Schema;
        const Options primaryKey = primaryKeyOptions();

        s->users = Table(
                s->metadata, u"users"_s,
                {
                        Column(u"id"_s, SqlType::bigInteger(), primaryKey),
                        Column(u"name"_s, SqlType::string(50), Options().withNullable(false)),
                        Column(u"age"_s, SqlType::integer()),
                        Column(u"score"_s, SqlType::doublePrecision()),
                        Column(u"active"_s, SqlType::boolean()),
                        Column(u"created"_s, SqlType::dateTime()),
                        Column(u"birthday"_s, SqlType::date()),
                        Column(u"alarm"_s, SqlType::time()),
                        Column(u"color"_s, SqlType::enumeration(QMetaType::fromType<Color>())),
                        Column(u"token"_s, SqlType::uuid()),
                        Column(u"data"_s, SqlType::json()),
                        Column(u"balance"_s, SqlType::numeric(10, 2)),
                        Column(u"manager_id"_s, SqlType::bigInteger(),
                               Options().withForeignKey(ForeignKey(u"users.id"_s))),
                });
        s->addresses = Table(
                s->metadata, u"addresses"_s,
                {
                        Column(u"id"_s, SqlType::integer(), primaryKey),
                        Column(u"user_id"_s, SqlType::bigInteger(),
                               Options().withNullable(false).withForeignKey(
                                       ForeignKey(u"users.id"_s,
                                                  referentialActions(ReferentialAction::Cascade)))),
                        Column(u"email"_s, SqlType::string(100), Options().withNullable(false)),
                });

        // A callable default counts the rows it was asked for.
        auto serial = std::make_shared<int>(0);
        s->events =
                Table(s->metadata, u"events"_s,
                      {
                              Column(u"id"_s, SqlType::integer(), primaryKey),
                              Column(u"kind"_s, SqlType::string(20),
                                     Options().withDefault(QVariant(u"info"_s))),
                              Column(u"serial"_s, SqlType::integer(),
                                     Options().withDefault(ColumnDefault(std::function<QVariant()>(
                                             [serial] { return QVariant(++*serial); })))),
                              Column(u"stamp"_s, SqlType::dateTime(),
                                     Options().withDefault(ColumnDefault(Function::now()))),
                              Column(u"due"_s, SqlType::dateTime(),
                                     Options().withDefault(QDateTime(
                                             QDate(2030, 1, 2), QTime(3, 4, 5), QTimeZone::utc()))),
                              Column(u"note"_s, SqlType::text()),
                      });
        s->documents = Table(s->metadata, u"documents"_s,
                             {
                                     Column(u"id"_s, SqlType::integer(), primaryKey),
                                     Column(u"title"_s, SqlType::string(200)),
                                     Column(u"updated"_s, SqlType::dateTime(),
                                            Options().withOnUpdate(ColumnDefault(Function::now()))),
                                     Column(u"editor"_s, SqlType::string(50),
                                            Options().withOnUpdate(QVariant(u"system"_s))),
                             });
        s->counters =
                Table(s->metadata, u"counters"_s,
                      {
                              Column(u"id"_s, SqlType::integer(), primaryKey),
                              Column(u"n"_s, SqlType::integer(), Options().withServerDefault(0)),
                      });
        s->quoted = Table(s->metadata, u"user"_s,
                          {
                                  Column(u"id"_s, SqlType::integer(), primaryKey),
                                  Column(u"order"_s, SqlType::integer()),
                                  Column(u"group"_s, SqlType::string(10)),
                                  Column(u"select"_s, SqlType::integer()),
                                  Column(u"MixedCase"_s, SqlType::integer()),
                                  Column(u"we\"ird"_s, SqlType::integer()),
                                  Column(u"back`tick"_s, SqlType::integer()),
                                  Column(u"with space"_s, SqlType::integer()),
                          });
        s->accounts = Table(s->metadata, u"accounts"_s,
                            {
                                    Column(u"id"_s, SqlType::integer(), primaryKey),
                                    Column(u"owner_id"_s, SqlType::bigInteger(),
                                           Options().withForeignKey(ForeignKey(u"users.id"_s))),
                            },
                            {}, {}, inSchema(u"billing"_s));
        // Not added to the metadata: it is broken.
        s->duplicate =
                Table(u"duplicate"_s,
                      { Column(u"a"_s, SqlType::integer()), Column(u"a"_s, SqlType::string()) });
        return s;
    }();
    return *instance;
}

// ---------------------------------------------------------------- row plumbing

void tst_Compiler::addStatementColumns()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<Statement>("statement");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("binds");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("message");
}

void tst_Compiler::addRowFor(const QString &dialect, const char *name, const Statement &statement,
                             const Expected &expected)
{
    QTest::addRow("%s/%s", name, qPrintable(dialect))
            << dialect << statement << expected.sql << expected.binds << int(expected.error)
            << expected.message;
}

void tst_Compiler::addRow(const char *name, const Statement &statement, const Expected &sqlite,
                          const Expected &postgresql, const Expected &mariadb)
{
    addRowFor(u"sqlite"_s, name, statement, sqlite);
    addRowFor(u"postgresql"_s, name, statement, postgresql);
    addRowFor(u"mariadb"_s, name, statement, mariadb);
}

void tst_Compiler::addRow(const char *name, const Statement &statement, const Expected &everywhere)
{
    addRow(name, statement, everywhere, everywhere, backticked(everywhere));
}

void tst_Compiler::verifyCompiled(const CompiledStatement &compiled, const Expected &expected)
{
    if (expected.error != Error::NoError) {
        QVERIFY2(!compiled.isValid(), qPrintable(u"compiled to: "_s + compiled.sql()));
        QCOMPARE(compiled.error().type(), expected.error);
        QVERIFY2(compiled.error().text().contains(expected.message),
                 qPrintable(u"error text: "_s + compiled.error().text()));
        return;
    }
    QVERIFY2(compiled.isValid(), qPrintable(compiled.error().text()));
    QCOMPARE(compiled.sql(), expected.sql);
    QCOMPARE(describe(compiled.boundValues()), describe(expected.binds));
}

void tst_Compiler::verifyStatementRow()
{
    QFETCH(QString, dialect);
    QFETCH(Statement, statement);
    QFETCH(QString, sql);
    QFETCH(QVariantList, binds);
    QFETCH(int, error);
    QFETCH(QString, message);
    verifyCompiled(dialectNamed(dialect).compile(statement),
                   error == Error::NoError ? expect(sql, binds)
                                           : fails(Error::Type(error), message));
}

// ---------------------------------------------------------------- expressions

void tst_Compiler::expressions_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Expression id = users[u"id"_s];
    const Expression age = users[u"age"_s];
    const Expression name = users[u"name"_s];
    const Expression score = users[u"score"_s];
    const Expression active = users[u"active"_s];
    auto where = [&](const Expression &condition) { return select({ id }).where(condition); };
    auto columns = [&](const QList<Expression> &list) { return select(list); };
    const QString w = u"SELECT users.id FROM users WHERE "_s;

    // comparison
    addRow("equal", where(age == 30), expect(w + u"users.age = ?"_s, { 30 }));
    addRow("notEqual", where(age != 30), expect(w + u"users.age != ?"_s, { 30 }));
    addRow("less", where(age < 30), expect(w + u"users.age < ?"_s, { 30 }));
    addRow("lessOrEqual", where(age <= 30), expect(w + u"users.age <= ?"_s, { 30 }));
    addRow("greater", where(age > 30), expect(w + u"users.age > ?"_s, { 30 }));
    addRow("greaterOrEqual", where(age >= 30), expect(w + u"users.age >= ?"_s, { 30 }));
    addRow("columnToColumn", where(age == score), expect(w + u"users.age = users.score"_s));
    addRow("valueOnLeft", where(30 < age), expect(w + u"? < users.age"_s, { 30 }));
    addRow("string", where(name == u"O'Brien; DROP TABLE users; --"_s),
           expect(w + u"users.name = ?"_s, { u"O'Brien; DROP TABLE users; --"_s }));
    addRow("booleanConstant", where(active == trueValue()), expect(w + u"users.active = 1"_s),
           expect(w + u"users.active = true"_s), expect(w + u"users.active = 1"_s));
    addRow("comparisonOfComparison", where((age > 18) == falseValue()),
           expect(w + u"(users.age > ?) = 0"_s, { 18 }),
           expect(w + u"(users.age > ?) = false"_s, { 18 }),
           expect(w + u"(users.age > ?) = 0"_s, { 18 }));

    // logical operators and their precedence
    addRow("and", where(age > 18 && name == u"Ada"_s),
           expect(w + u"users.age > ? AND users.name = ?"_s, { 18, u"Ada"_s }));
    addRow("or", where(age < 18 || age > 65),
           expect(w + u"users.age < ? OR users.age > ?"_s, { 18, 65 }));
    addRow("orInsideAnd", where((age < 18 || age > 65) && name == u"Ada"_s),
           expect(w + u"(users.age < ? OR users.age > ?) AND users.name = ?"_s,
                  { 18, 65, u"Ada"_s }));
    addRow("andInsideOr", where(age < 18 || (age > 65 && name == u"Ada"_s)),
           expect(w + u"users.age < ? OR users.age > ? AND users.name = ?"_s,
                  { 18, 65, u"Ada"_s }));
    addRow("andFirstInsideOr", where((age > 65 && name == u"Ada"_s) || age < 18),
           expect(w + u"users.age > ? AND users.name = ? OR users.age < ?"_s,
                  { 65, u"Ada"_s, 18 }));
    addRow("orInsideAndInsideOr", where(age == 1 || ((age == 2 || age == 3) && name == u"x"_s)),
           expect(w + u"users.age = ? OR (users.age = ? OR users.age = ?) AND users.name = ?"_s,
                  { 1, 2, 3, u"x"_s }));
    addRow("flattenedAnd", where((age > 1 && age < 9) && name == u"x"_s),
           expect(w + u"users.age > ? AND users.age < ? AND users.name = ?"_s, { 1, 9, u"x"_s }));
    addRow("flattenedOr", where(age == 1 || (age == 2 || age == 3)),
           expect(w + u"users.age = ? OR users.age = ? OR users.age = ?"_s, { 1, 2, 3 }));
    addRow("allOfSkipsEmpty", where(allOf({ age > 1, Expression(), name == u"x"_s })),
           expect(w + u"users.age > ? AND users.name = ?"_s, { 1, u"x"_s }));
    addRow("anyOfInsideAllOf",
           where(allOf(
                   { anyOf({ age == 1, age == 2 }), anyOf({ name == u"a"_s, name == u"b"_s }) })),
           expect(w + u"(users.age = ? OR users.age = ?) AND (users.name = ? OR users.name = ?)"_s,
                  { 1, 2, u"a"_s, u"b"_s }));
    addRow("textOperand", where(text(u"users.age > 1 OR 1 = 1"_s) && name == u"x"_s),
           expect(w + u"(users.age > 1 OR 1 = 1) AND users.name = ?"_s, { u"x"_s }));

    // arithmetic
    addRow("arithmetic", where((age + 1) * 2 > 10),
           expect(w + u"(users.age + ?) * ? > ?"_s, { 1, 2, 10 }));
    addRow("leftAssociative", where(age - score - 1 == 0),
           expect(w + u"users.age - users.score - ? = ?"_s, { 1, 0 }));
    addRow("rightNested", where(age - (score - 1) == 0),
           expect(w + u"users.age - (users.score - ?) = ?"_s, { 1, 0 }));
    addRow("multiplicativeInAdditive", where(age + score * 2 > 1),
           expect(w + u"users.age + users.score * ? > ?"_s, { 2, 1 }));
    addRow("additiveInMultiplicative", where((age + score) * (age - 2) > 1),
           expect(w + u"(users.age + users.score) * (users.age - ?) > ?"_s, { 2, 1 }));
    addRow("divisionNested", where(age / (score / 2) > 1),
           expect(w + u"users.age / (users.score / ?) > ?"_s, { 2, 1 }));
    addRow("modulo", where(age % 2 == 1), expect(w + u"users.age % ? = ?"_s, { 2, 1 }));
    addRow("negation", where(-(age + 1) < 0), expect(w + u"-(users.age + ?) < ?"_s, { 1, 0 }));
    addRow("doubleNegation", where(-(-age) < 0), expect(w + u"-(-users.age) < ?"_s, { 0 }));
    addRow("subtractNegation", where(age - (-score) > 0),
           expect(w + u"users.age - -users.score > ?"_s, { 0 }));
    addRow("arithmeticBothSides", where(age + 1 == score * 2),
           expect(w + u"users.age + ? = users.score * ?"_s, { 1, 2 }));

    // NOT of each predicate kind
    addRow("notComparison", where(!(age == 30)), expect(w + u"NOT (users.age = ?)"_s, { 30 }));
    addRow("notAnd", where(!(age > 1 && name == u"x"_s)),
           expect(w + u"NOT (users.age > ? AND users.name = ?)"_s, { 1, u"x"_s }));
    addRow("notOr", where(!(age > 1 || name == u"x"_s)),
           expect(w + u"NOT (users.age > ? OR users.name = ?)"_s, { 1, u"x"_s }));
    addRow("notColumn", where(!active), expect(w + u"NOT users.active"_s));
    addRow("notNot", where(!(!(age == 1))), expect(w + u"NOT (NOT (users.age = ?))"_s, { 1 }));
    addRow("notInsideAnd", where(!(age == 1) && name == u"x"_s),
           expect(w + u"NOT (users.age = ?) AND users.name = ?"_s, { 1, u"x"_s }));
    addRow("notIn", where(!age.in({ 1, 2 })), expect(w + u"users.age NOT IN (?, ?)"_s, { 1, 2 }));
    addRow("notNotIn", where(!age.notIn({ 1 })), expect(w + u"users.age IN (?)"_s, { 1 }));
    addRow("notLike", where(!name.like(u"A%"_s)),
           expect(w + u"users.name NOT LIKE ?"_s, { u"A%"_s }));
    addRow("notIlike", where(!name.ilike(u"a%"_s)),
           expect(w + u"lower(users.name) NOT LIKE lower(?)"_s, { u"a%"_s }),
           expect(w + u"users.name NOT ILIKE ?"_s, { u"a%"_s }),
           expect(w + u"lower(users.name) NOT LIKE lower(?)"_s, { u"a%"_s }));
    addRow("notBetween", where(!age.between(1, 2)),
           expect(w + u"users.age NOT BETWEEN ? AND ?"_s, { 1, 2 }));
    addRow("notIsNull", where(!(age == nullptr)), expect(w + u"users.age IS NOT NULL"_s));
    addRow("notIsNotNull", where(!(age != nullptr)), expect(w + u"users.age IS NULL"_s));
    addRow("notExists",
           where(!exists(select({ addresses[u"id"_s] }).where(addresses[u"user_id"_s] == id))),
           expect(w
                  + u"NOT EXISTS (SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id)"_s));
    addRow("notEmptyIn", where(!age.in(QVariantList())), expect(w + u"1 = 1"_s));

    // NULL
    addRow("isNull", where(age == nullptr), expect(w + u"users.age IS NULL"_s));
    addRow("nullOnLeft", where(nullptr == age), expect(w + u"users.age IS NULL"_s));
    addRow("isNotNull", where(age != nullptr), expect(w + u"users.age IS NOT NULL"_s));
    addRow("nullFunction", where(age == null()), expect(w + u"users.age IS NULL"_s));
    addRow("isNullMethod", where(age.isNull() || name.isNotNull()),
           expect(w + u"users.age IS NULL OR users.name IS NOT NULL"_s));
    addRow("isNullOfArithmetic", where((age + 1).isNull()),
           expect(w + u"users.age + ? IS NULL"_s, { 1 }));
    addRow("isNullOfComparison", where((age > 1).isNull()),
           expect(w + u"(users.age > ?) IS NULL"_s, { 1 }));
    // "nothing" is a keyword (ON CONFLICT DO NOTHING): quoted as a label
    addRow("nullInSelectList", columns({ id, null().label(u"nothing"_s) }),
           expect(u"SELECT users.id, NULL AS \"nothing\" FROM users"_s));

    // IN
    addRow("inList", where(age.in({ 1, 2, 3 })),
           expect(w + u"users.age IN (?, ?, ?)"_s, { 1, 2, 3 }));
    addRow("inVariantList", where(name.in(QVariantList{ u"a"_s, u"b"_s })),
           expect(w + u"users.name IN (?, ?)"_s, { u"a"_s, u"b"_s }));
    addRow("inEmpty", where(age.in(QVariantList())), expect(w + u"1 != 1"_s));
    addRow("notInEmpty", where(age.notIn(QList<Expression>())), expect(w + u"1 = 1"_s));
    addRow("notInList", where(age.notIn({ 1, 2 })),
           expect(w + u"users.age NOT IN (?, ?)"_s, { 1, 2 }));
    addRow("inExpressions", where(age.in({ score, age + 1 })),
           expect(w + u"users.age IN (users.score, users.age + ?)"_s, { 1 }));
    addRow("inSubquery",
           where(id.in(select({ addresses[u"user_id"_s] })
                               .where(addresses[u"email"_s].like(u"%@example.org"_s)))),
           expect(w + u"users.id IN (SELECT addresses.user_id FROM addresses WHERE addresses.email LIKE ?)"_s,
                  { u"%@example.org"_s }));
    addRow("notInSubquery", where(id.notIn(select({ addresses[u"user_id"_s] }))),
           expect(w + u"users.id NOT IN (SELECT addresses.user_id FROM addresses)"_s));
    addRow("inInsideOr", where(age.in({ 1 }) || name.in({ u"x"_s })),
           expect(w + u"users.age IN (?) OR users.name IN (?)"_s, { 1, u"x"_s }));

    // LIKE, ILIKE
    addRow("like", where(name.like(u"A%"_s)), expect(w + u"users.name LIKE ?"_s, { u"A%"_s }));
    addRow("likeEscape", where(name.like(u"100!%"_s, u'!')),
           expect(w + u"users.name LIKE ? ESCAPE ?"_s, { u"100!%"_s, u"!"_s }));
    addRow("notLikeEscape", where(name.notLike(u"a\\_%"_s, u'\\')),
           expect(w + u"users.name NOT LIKE ? ESCAPE ?"_s, { u"a\\_%"_s, u"\\"_s }));
    addRow("ilike", where(name.ilike(u"a%"_s)),
           expect(w + u"lower(users.name) LIKE lower(?)"_s, { u"a%"_s }),
           expect(w + u"users.name ILIKE ?"_s, { u"a%"_s }),
           expect(w + u"lower(users.name) LIKE lower(?)"_s, { u"a%"_s }));
    addRow("ilikeEscape", where(name.ilike(u"a!_%"_s, u'!')),
           expect(w + u"lower(users.name) LIKE lower(?) ESCAPE ?"_s, { u"a!_%"_s, u"!"_s }),
           expect(w + u"users.name ILIKE ? ESCAPE ?"_s, { u"a!_%"_s, u"!"_s }),
           expect(w + u"lower(users.name) LIKE lower(?) ESCAPE ?"_s, { u"a!_%"_s, u"!"_s }));
    addRow("notIlikeMethod", where(name.notIlike(u"a%"_s)),
           expect(w + u"lower(users.name) NOT LIKE lower(?)"_s, { u"a%"_s }),
           expect(w + u"users.name NOT ILIKE ?"_s, { u"a%"_s }),
           expect(w + u"lower(users.name) NOT LIKE lower(?)"_s, { u"a%"_s }));
    addRow("likeColumnPattern", where(name.like(Function::lower(name))),
           expect(w + u"users.name LIKE lower(users.name)"_s));

    // BETWEEN
    addRow("between", where(age.between(18, 65)),
           expect(w + u"users.age BETWEEN ? AND ?"_s, { 18, 65 }));
    addRow("notBetweenMethod", where(age.notBetween(18, 65)),
           expect(w + u"users.age NOT BETWEEN ? AND ?"_s, { 18, 65 }));
    addRow("betweenExpressions", where(age.between(score - 1, score + 1)),
           expect(w + u"users.age BETWEEN users.score - ? AND users.score + ?"_s, { 1, 1 }));
    addRow("betweenInsideAnd", where(age.between(1, 2) && name == u"x"_s),
           expect(w + u"users.age BETWEEN ? AND ? AND users.name = ?"_s, { 1, 2, u"x"_s }));
    addRow("betweenOfArithmetic", where((age + 1).between(1, 2)),
           expect(w + u"users.age + ? BETWEEN ? AND ?"_s, { 1, 1, 2 }));

    // concatenation: || binds tighter than + in SQLite and looser in PostgreSQL
    addRow("concat", where(name.concat(u" Jr"_s) == u"Ada Jr"_s),
           expect(w + u"users.name || ? = ?"_s, { u" Jr"_s, u"Ada Jr"_s }),
           expect(w + u"users.name || ? = ?"_s, { u" Jr"_s, u"Ada Jr"_s }),
           expect(w + u"concat(users.name, ?) = ?"_s, { u" Jr"_s, u"Ada Jr"_s }));
    addRow("concatChain", columns({ name.concat(u" "_s).concat(name) }),
           expect(u"SELECT users.name || ? || users.name FROM users"_s, { u" "_s }),
           expect(u"SELECT users.name || ? || users.name FROM users"_s, { u" "_s }),
           expect(u"SELECT concat(concat(users.name, ?), users.name) FROM users"_s, { u" "_s }));
    addRow("concatOfArithmetic", columns({ name.concat(age + 1) }),
           expect(u"SELECT users.name || (users.age + ?) FROM users"_s, { 1 }),
           expect(u"SELECT users.name || (users.age + ?) FROM users"_s, { 1 }),
           expect(u"SELECT concat(users.name, users.age + ?) FROM users"_s, { 1 }));
    addRow("arithmeticOfConcat", columns({ (age * 2).concat(name) }),
           expect(u"SELECT (users.age * ?) || users.name FROM users"_s, { 2 }),
           expect(u"SELECT (users.age * ?) || users.name FROM users"_s, { 2 }),
           expect(u"SELECT concat(users.age * ?, users.name) FROM users"_s, { 2 }));
    addRow("concatInArithmetic", columns({ name.concat(name) + 1 }),
           expect(u"SELECT (users.name || users.name) + ? FROM users"_s, { 1 }),
           expect(u"SELECT (users.name || users.name) + ? FROM users"_s, { 1 }),
           expect(u"SELECT concat(users.name, users.name) + ? FROM users"_s, { 1 }));
    addRow("concatLike", where(name.concat(u"x"_s).like(u"a%"_s)),
           expect(w + u"users.name || ? LIKE ?"_s, { u"x"_s, u"a%"_s }),
           expect(w + u"users.name || ? LIKE ?"_s, { u"x"_s, u"a%"_s }),
           expect(w + u"concat(users.name, ?) LIKE ?"_s, { u"x"_s, u"a%"_s }));

    // CASE, both forms
    addRow("caseWhen",
           columns({ caseWhen({ { age < 18, u"minor"_s }, { age < 65, u"adult"_s } }, u"senior"_s)
                             .label(u"bracket"_s) }),
           expect(u"SELECT CASE WHEN users.age < ? THEN ? WHEN users.age < ? THEN ? ELSE ? END AS bracket FROM users"_s,
                  { 18, u"minor"_s, 65, u"adult"_s, u"senior"_s }));
    addRow("caseWhenNoElse", columns({ caseWhen({ { name == u"x"_s, 1 } }) }),
           expect(u"SELECT CASE WHEN users.name = ? THEN ? END FROM users"_s, { u"x"_s, 1 }));
    addRow("caseOf",
           columns({ caseOf(users[u"color"_s],
                            { { Color::Red, u"warm"_s }, { Color::LightBlue, u"cold"_s } },
                            u"neutral"_s) }),
           expect(u"SELECT CASE users.color WHEN ? THEN ? WHEN ? THEN ? ELSE ? END FROM users"_s,
                  { u"Red"_s, u"warm"_s, u"LightBlue"_s, u"cold"_s, u"neutral"_s }));
    addRow("caseInWhere", where(caseWhen({ { age > 1, score } }, 0) > 5),
           expect(w + u"CASE WHEN users.age > ? THEN users.score ELSE ? END > ?"_s, { 1, 0, 5 }));
    addRow("caseInArithmetic", columns({ caseWhen({ { age > 1, 2 } }, 3) * age }),
           expect(u"SELECT CASE WHEN users.age > ? THEN ? ELSE ? END * users.age FROM users"_s,
                  { 1, 2, 3 }));

    // CAST (MySQL accepts only a few target types)
    struct CastCase
    {
        const char *name;
        SqlType type;
        const char16_t *sqlite;
        const char16_t *postgresql;
        const char16_t *mariadb;
    };
    const CastCase casts[] = {
        { "castString", SqlType::string(10), u"VARCHAR(10)", u"VARCHAR(10)", u"CHAR(10)" },
        { "castUnboundedString", SqlType::string(), u"VARCHAR", u"VARCHAR", u"CHAR" },
        { "castText", SqlType::text(), u"TEXT", u"TEXT", u"CHAR" },
        { "castInteger", SqlType::integer(), u"INTEGER", u"INTEGER", u"SIGNED" },
        { "castBigInteger", SqlType::bigInteger(), u"BIGINT", u"BIGINT", u"SIGNED" },
        { "castSmallInteger", SqlType::smallInteger(), u"SMALLINT", u"SMALLINT", u"SIGNED" },
        { "castBoolean", SqlType::boolean(), u"BOOLEAN", u"BOOLEAN", u"SIGNED" },
        { "castDouble", SqlType::doublePrecision(), u"DOUBLE PRECISION", u"DOUBLE PRECISION",
          u"DOUBLE" },
        { "castNumeric", SqlType::numeric(12, 3), u"NUMERIC(12, 3)", u"NUMERIC(12, 3)",
          u"DECIMAL(12, 3)" },
        // SQLite stores dates and times as text; DATETIME would give NUMERIC affinity (the year
        // only).
        { "castDateTime", SqlType::dateTime(), u"TEXT", u"TIMESTAMP WITH TIME ZONE",
          u"DATETIME(3)" },
        { "castDate", SqlType::date(), u"TEXT", u"DATE", u"DATE" },
        { "castTime", SqlType::time(), u"TEXT", u"TIME WITHOUT TIME ZONE", u"TIME(3)" },
        { "castBinary", SqlType::binary(), u"BLOB", u"BYTEA", u"BINARY" },
        { "castUuid", SqlType::uuid(), u"CHAR(36)", u"UUID", u"CHAR(36)" },
        { "castJson", SqlType::json(), u"TEXT", u"JSONB", u"CHAR" },
        { "castEnum", SqlType::enumeration({ u"a"_s, u"bcd"_s }), u"VARCHAR(3)", u"VARCHAR(3)",
          u"CHAR" },
        { "castVariant", SqlType::string(10).withVariant(DialectType::PostgreSQL, SqlType::text()),
          u"VARCHAR(10)", u"TEXT", u"CHAR(10)" },
    };
    for (const CastCase &c : casts) {
        auto sql = [&](const char16_t *type) {
            return expect(
                    u"SELECT CAST(users.name AS %1) FROM users"_s.arg(QString::fromUtf16(type)));
        };
        addRow(c.name, columns({ cast(name, c.type) }), sql(c.sqlite), sql(c.postgresql),
               sql(c.mariadb));
    }
    addRow("castBind", columns({ cast(literal(u"5"_s), SqlType::integer()) }),
           expect(u"SELECT CAST(? AS INTEGER)"_s, { u"5"_s }),
           expect(u"SELECT CAST(? AS INTEGER)"_s, { u"5"_s }),
           expect(u"SELECT CAST(? AS SIGNED)"_s, { u"5"_s }));
    addRow("castOfArithmetic", where(cast(age + 1, SqlType::bigInteger()) > 2),
           expect(w + u"CAST(users.age + ? AS BIGINT) > ?"_s, { 1, 2 }),
           expect(w + u"CAST(users.age + ? AS BIGINT) > ?"_s, { 1, 2 }),
           expect(w + u"CAST(users.age + ? AS SIGNED) > ?"_s, { 1, 2 }));

    // functions
    addRow("countAll", columns({ Function::count() }).from(users),
           expect(u"SELECT count(*) FROM users"_s));
    addRow("countAllNoFrom", columns({ Function::count() }), expect(u"SELECT count(*)"_s));
    addRow("countColumn", columns({ Function::count(id) }),
           expect(u"SELECT count(users.id) FROM users"_s));
    addRow("countDistinct", columns({ Function::count(age.distinct()) }),
           expect(u"SELECT count(DISTINCT users.age) FROM users"_s));
    addRow("countDistinctExpression", columns({ Function::count((age + 1).distinct()) }),
           expect(u"SELECT count(DISTINCT (users.age + ?)) FROM users"_s, { 1 }));
    addRow("aggregates",
           columns({ Function::sum(age), Function::avg(age), Function::min(age),
                     Function::max(age + 1) }),
           expect(u"SELECT sum(users.age), avg(users.age), min(users.age), max(users.age + ?) FROM users"_s,
                  { 1 }));
    addRow("now", columns({ Function::now() }),
           expect(u"SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"_s),
           expect(u"SELECT CURRENT_TIMESTAMP"_s), expect(u"SELECT CURRENT_TIMESTAMP(3)"_s));
    addRow("nowCompared", where(users[u"created"_s] < Function::now()),
           expect(w + u"users.created < strftime('%Y-%m-%d %H:%M:%f', 'now')"_s),
           expect(w + u"users.created < CURRENT_TIMESTAMP"_s),
           expect(w + u"users.created < CURRENT_TIMESTAMP(3)"_s));
    addRow("coalesce", columns({ Function::coalesce({ name, u"nobody"_s }) }),
           expect(u"SELECT coalesce(users.name, ?) FROM users"_s, { u"nobody"_s }));
    addRow("stringFunctions", columns({ Function::lower(name), Function::upper(name) }),
           expect(u"SELECT lower(users.name), upper(users.name) FROM users"_s));
    // MySQL's length() counts bytes; char_length() counts characters as length() does elsewhere.
    addRow("length", columns({ Function::length(name), Function::abs(age) }),
           expect(u"SELECT length(users.name), abs(users.age) FROM users"_s),
           expect(u"SELECT length(users.name), abs(users.age) FROM users"_s),
           expect(u"SELECT char_length(users.name), abs(users.age) FROM users"_s));
    addRow("functionInWhere", where(Function::lower(name) == u"ada"_s),
           expect(w + u"lower(users.name) = ?"_s, { u"ada"_s }));
    addRow("named", columns({ Function::named(u"json_extract"_s, { users[u"data"_s], u"$.a"_s }) }),
           expect(u"SELECT json_extract(users.data, ?) FROM users"_s, { u"$.a"_s }));
    addRow("namedQualified", columns({ Function::named(u"pg_catalog.lower"_s, { name }) }),
           expect(u"SELECT pg_catalog.lower(users.name) FROM users"_s));
    addRow("namedNoArguments", columns({ Function::named(u"random"_s) }),
           expect(u"SELECT random()"_s));
    addRow("namedRejected",
           columns({ Function::named(u"lower(x); DROP TABLE users; --"_s, { name }) }),
           fails(Error::InvalidRequestError,
                 u"Function name 'lower(x); DROP TABLE users; --' is not a plain identifier"_s));

    // labels
    addRow("label", columns({ name.label(u"n"_s), (age + 1).label(u"next_age"_s) }),
           expect(u"SELECT users.name AS n, users.age + ? AS next_age FROM users"_s, { 1 }));
    addRow("labelInWhere", where(name.label(u"n"_s) == u"x"_s),
           expect(w + u"users.name = ?"_s, { u"x"_s }));
    addRow("labelQuoted", columns({ name.label(u"order"_s), age.label(u"Age"_s) }),
           expect(u"SELECT users.name AS \"order\", users.age AS \"Age\" FROM users"_s));
}

// A value compared with (or assigned to) a typed column is converted by the column's type.
void tst_Compiler::bindTyping_data()
{
    addStatementColumns();
    const Table &users = schema().users;
    const Expression id = users[u"id"_s];
    auto where = [&](const Expression &condition) { return select({ id }).where(condition); };
    const QString w = u"SELECT users.id FROM users WHERE "_s;
    const QDateTime utc(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());
    const QDateTime plusTwo(QDate(2024, 1, 2), QTime(5, 4, 5, 678), QTimeZone(7200));
    const QString text = u"2024-01-02 03:04:05.678"_s;
    const QString pgText = u"2024-01-02 03:04:05.678+00"_s;
    const Expression created = users[u"created"_s];

    addRow("dateTime", where(created > utc), expect(w + u"users.created > ?"_s, { text }),
           expect(w + u"users.created > ?"_s, { pgText }),
           expect(w + u"users.created > ?"_s, { text }));
    addRow("dateTimeOffset", where(created == plusTwo),
           expect(w + u"users.created = ?"_s, { text }),
           expect(w + u"users.created = ?"_s, { pgText }),
           expect(w + u"users.created = ?"_s, { text }));
    addRow("dateTimeOnLeft", where(utc < created), expect(w + u"? < users.created"_s, { text }),
           expect(w + u"? < users.created"_s, { pgText }),
           expect(w + u"? < users.created"_s, { text }));
    addRow("dateTimeIn", where(created.in({ utc, plusTwo.addDays(1) })),
           expect(w + u"users.created IN (?, ?)"_s, { text, u"2024-01-03 03:04:05.678"_s }),
           expect(w + u"users.created IN (?, ?)"_s, { pgText, u"2024-01-03 03:04:05.678+00"_s }),
           expect(w + u"users.created IN (?, ?)"_s, { text, u"2024-01-03 03:04:05.678"_s }));
    addRow("dateTimeBetween", where(created.between(utc, utc)),
           expect(w + u"users.created BETWEEN ? AND ?"_s, { text, text }),
           expect(w + u"users.created BETWEEN ? AND ?"_s, { pgText, pgText }),
           expect(w + u"users.created BETWEEN ? AND ?"_s, { text, text }));
    addRow("dateTimeCoalesce", where(Function::coalesce({ created, utc }) > utc),
           expect(w + u"coalesce(users.created, ?) > ?"_s, { text, text }),
           expect(w + u"coalesce(users.created, ?) > ?"_s, { pgText, pgText }),
           expect(w + u"coalesce(users.created, ?) > ?"_s, { text, text }));
    addRow("date", where(users[u"birthday"_s] == QDate(2000, 2, 29)),
           expect(w + u"users.birthday = ?"_s, { u"2000-02-29"_s }),
           expect(w + u"users.birthday = ?"_s, { QDate(2000, 2, 29) }),
           expect(w + u"users.birthday = ?"_s, { u"2000-02-29"_s }));
    addRow("time", where(users[u"alarm"_s] == QTime(6, 30)),
           expect(w + u"users.alarm = ?"_s, { u"06:30:00.000"_s }));
    addRow("boolean", where(users[u"active"_s] == true), expect(w + u"users.active = ?"_s, { 1 }),
           expect(w + u"users.active = ?"_s, { true }), expect(w + u"users.active = ?"_s, { 1 }));
    addRow("booleanFalse", where(users[u"active"_s] != false),
           expect(w + u"users.active != ?"_s, { 0 }), expect(w + u"users.active != ?"_s, { false }),
           expect(w + u"users.active != ?"_s, { 0 }));
    addRow("enum", where(users[u"color"_s] == Color::LightBlue),
           expect(w + u"users.color = ?"_s, { u"LightBlue"_s }));
    addRow("enumIn", where(users[u"color"_s].in({ Color::Red, Color::Green })),
           expect(w + u"users.color IN (?, ?)"_s, { u"Red"_s, u"Green"_s }));
    addRow("uuid", where(users[u"token"_s] == QUuid(u"{12345678-1234-5678-9abc-123456789abc}"_s)),
           expect(w + u"users.token = ?"_s, { u"12345678-1234-5678-9abc-123456789abc"_s }));
    addRow("uuidFromString",
           where(users[u"token"_s] == u"{12345678-1234-5678-9ABC-123456789ABC}"_s),
           expect(w + u"users.token = ?"_s, { u"12345678-1234-5678-9abc-123456789abc"_s }));
    addRow("jsonMap", where(users[u"data"_s] == QVariantMap{ { u"a"_s, 1 } }),
           expect(w + u"users.data = ?"_s, { u"{\"a\":1}"_s }));
    addRow("jsonList", where(users[u"data"_s] == QVariantList{ 1, u"x"_s }),
           expect(w + u"users.data = ?"_s, { u"[1,\"x\"]"_s }));
    addRow("jsonDocument",
           where(users[u"data"_s] == QJsonDocument(QJsonObject{ { u"k"_s, true } })),
           expect(w + u"users.data = ?"_s, { u"{\"k\":true}"_s }));
    // SQLite: as the number a NUMERIC column would store (a text bind compares as greater
    // than any number where neither side has that affinity: an aggregate, arithmetic).
    addRow("numericDouble", where(users[u"balance"_s] > 10.5),
           expect(w + u"users.balance > ?"_s, { 10.5 }),
           expect(w + u"users.balance > ?"_s, { u"10.50"_s }),
           expect(w + u"users.balance > ?"_s, { u"10.50"_s }));
    addRow("numericString", where(users[u"balance"_s] == u"12345678.91"_s),
           expect(w + u"users.balance = ?"_s, { 12345678.91 }),
           expect(w + u"users.balance = ?"_s, { u"12345678.91"_s }),
           expect(w + u"users.balance = ?"_s, { u"12345678.91"_s }));
    addRow("numericInteger", where(users[u"balance"_s] == 7),
           expect(w + u"users.balance = ?"_s, { 7 }),
           expect(w + u"users.balance = ?"_s, { u"7"_s }),
           expect(w + u"users.balance = ?"_s, { u"7"_s }));
    addRow("numericAggregate",
           select({ users[u"id"_s] })
                   .groupBy({ users[u"id"_s] })
                   .having(Function::sum(users[u"balance"_s]) > 39),
           expect(u"SELECT users.id FROM users GROUP BY users.id HAVING sum(users.balance) > ?"_s,
                  { 39 }),
           expect(u"SELECT users.id FROM users GROUP BY users.id HAVING sum(users.balance) > ?"_s,
                  { u"39"_s }),
           expect(u"SELECT users.id FROM users GROUP BY users.id HAVING sum(users.balance) > ?"_s,
                  { u"39"_s }));
    addRow("numericManyDigits", where(users[u"balance"_s] == u"1234567890.1234567"_s),
           expect(w + u"users.balance = ?"_s, { u"1234567890.1234567"_s }));
    addRow("bigInteger", where(id == Q_INT64_C(9007199254740993)),
           expect(w + u"users.id = ?"_s, { Q_INT64_C(9007199254740993) }));
    addRow("literalTyped", select({ literal(true, SqlType::boolean()) }),
           expect(u"SELECT ?"_s, { 1 }), expect(u"SELECT CAST(? AS BOOLEAN)"_s, { true }),
           expect(u"SELECT ?"_s, { 1 }));
    addRow("literalUntypedDateTime", select({ literal(utc) }), expect(u"SELECT ?"_s, { text }),
           expect(u"SELECT CAST(? AS TIMESTAMP WITH TIME ZONE)"_s, { pgText }),
           expect(u"SELECT ?"_s, { text }));
    addRow("caseOfTyped", select({ caseOf(users[u"active"_s], { { true, u"yes"_s } }, u"no"_s) }),
           expect(u"SELECT CASE users.active WHEN ? THEN ? ELSE ? END FROM users"_s,
                  { 1, u"yes"_s, u"no"_s }),
           expect(u"SELECT CASE users.active WHEN ? THEN ? ELSE ? END FROM users"_s,
                  { true, u"yes"_s, u"no"_s }),
           expect(u"SELECT CASE users.active WHEN ? THEN ? ELSE ? END FROM users"_s,
                  { 1, u"yes"_s, u"no"_s }));
}

// ---------------------------------------------------------------- SELECT

void tst_Compiler::selects_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Table &accounts = s.accounts;
    const Expression id = users[u"id"_s];
    const Expression age = users[u"age"_s];
    const Expression name = users[u"name"_s];
    const Expression userId = addresses[u"user_id"_s];
    const Expression email = addresses[u"email"_s];

    addRow("allColumns", select(addresses),
           expect(u"SELECT addresses.id, addresses.user_id, addresses.email FROM addresses"_s));
    addRow("implicitFroms", select({ name, email }),
           expect(u"SELECT users.name, addresses.email FROM users, addresses"_s));
    // PostgreSQL cannot infer a lone placeholder's type: it is cast to the value's type.
    addRow("noFrom", select({ literal(1) }), expect(u"SELECT ?"_s, { 1 }),
           expect(u"SELECT CAST(? AS INTEGER)"_s, { 1 }), expect(u"SELECT ?"_s, { 1 }));
    addRow("addColumns", select({ name }).addColumns({ age }),
           expect(u"SELECT users.name, users.age FROM users"_s));
    addRow("replaceColumns", select({ name }).columns({ age }),
           expect(u"SELECT users.age FROM users"_s));
    addRow("whereTwice", select({ id }).where(age > 1).where(name == u"x"_s),
           expect(u"SELECT users.id FROM users WHERE users.age > ? AND users.name = ?"_s,
                  { 1, u"x"_s }));

    // joins and aliases
    addRow("innerJoin", select({ name, email }).join(addresses, userId == id),
           expect(u"SELECT users.name, addresses.email FROM users JOIN addresses ON addresses.user_id = users.id"_s));
    addRow("leftJoin", select({ name, email }).leftJoin(addresses, userId == id),
           expect(u"SELECT users.name, addresses.email FROM users LEFT OUTER JOIN addresses ON addresses.user_id = users.id"_s));
    addRow("fullJoin", select({ name, email }).fullJoin(addresses, userId == id),
           expect(u"SELECT users.name, addresses.email FROM users FULL OUTER JOIN addresses ON addresses.user_id = users.id"_s),
           expect(u"SELECT users.name, addresses.email FROM users FULL OUTER JOIN addresses ON addresses.user_id = users.id"_s),
           fails(Error::UnsupportedFeatureError, u"MariaDB has no FULL OUTER JOIN"_s));
    addRow("joinCompoundCondition",
           select({ name }).join(addresses, userId == id && email.like(u"%@x"_s)),
           expect(u"SELECT users.name FROM users JOIN addresses ON addresses.user_id = users.id AND addresses.email LIKE ?"_s,
                  { u"%@x"_s }));
    const FromClause manager = users.alias(u"manager"_s);
    addRow("selfJoin",
           select({ name, manager[u"name"_s].label(u"manager_name"_s) })
                   .join(manager, users[u"manager_id"_s] == manager[u"id"_s]),
           expect(u"SELECT users.name, manager.name AS manager_name FROM users JOIN users AS manager ON users.manager_id = manager.id"_s));
    addRow("joinChain",
           select({ name, email, manager[u"name"_s] })
                   .join(addresses, userId == id)
                   .leftJoin(manager, users[u"manager_id"_s] == manager[u"id"_s])
                   .where(manager[u"age"_s] > 40),
           expect(u"SELECT users.name, addresses.email, manager.name FROM users JOIN addresses ON "
                  u"addresses.user_id = users.id "
                  u"LEFT OUTER JOIN users AS manager ON users.manager_id = manager.id WHERE manager.age > ?"_s,
                  { 40 }));
    const FromClause u = users.alias(u"u"_s);
    addRow("alias", select({ u[u"name"_s] }).where(u[u"age"_s] > 1),
           expect(u"SELECT u.name FROM users AS u WHERE u.age > ?"_s, { 1 }));
    addRow("aliasSelectAll", select(u),
           expect(u"SELECT u.id, u.name, u.age, u.score, u.active, u.created, u.birthday, u.alarm, "
                  u"u.color, u.token, u.data, u.balance, u.manager_id FROM users AS u"_s));
    const FromClause reserved = users.alias(u"order"_s);
    addRow("aliasReserved", select({ reserved[u"name"_s] }),
           expect(u"SELECT \"order\".name FROM users AS \"order\""_s));
    const FromClause twice = addresses.alias(u"a2"_s);
    addRow("sameTableTwice",
           select({ email, twice[u"email"_s] })
                   .join(twice,
                         twice[u"user_id"_s] == userId && twice[u"id"_s] != addresses[u"id"_s]),
           expect(u"SELECT addresses.email, a2.email FROM addresses JOIN addresses AS a2 "
                  u"ON a2.user_id = addresses.user_id AND a2.id != addresses.id"_s));
    addRow("fromJoinClause",
           select({ name }).from(users.join(addresses, userId == id)).where(email == u"a@b"_s),
           expect(u"SELECT users.name FROM users JOIN addresses ON addresses.user_id = users.id WHERE addresses.email = ?"_s,
                  { u"a@b"_s }));
    addRow("nestedJoin",
           select({ name }).from(users.leftJoin(
                   addresses.join(accounts, accounts[u"owner_id"_s] == userId), userId == id)),
           expect(u"SELECT users.name FROM users LEFT OUTER JOIN (addresses JOIN billing.accounts "
                  u"ON billing.accounts.owner_id = addresses.user_id) ON addresses.user_id = users.id"_s));

    // grouping
    addRow("groupByHaving",
           select({ age, Function::count() }).groupBy({ age }).having(Function::count() > 1),
           expect(u"SELECT users.age, count(*) FROM users GROUP BY users.age HAVING count(*) > ?"_s,
                  { 1 }));
    addRow("havingTwice",
           select({ age })
                   .groupBy({ age })
                   .having(Function::count() > 1)
                   .having(Function::max(id) < 100),
           expect(u"SELECT users.age FROM users GROUP BY users.age HAVING count(*) > ? AND max(users.id) < ?"_s,
                  { 1, 100 }));
    addRow("allClauses",
           select({ age, Function::count().label(u"n"_s) })
                   .where(age > 18)
                   .groupBy({ age })
                   .having(Function::count() > 2)
                   .orderBy({ Function::count().label(u"n"_s).descending() })
                   .limit(5)
                   .offset(10),
           expect(u"SELECT users.age, count(*) AS n FROM users WHERE users.age > ? GROUP BY "
                  u"users.age HAVING count(*) > ? "
                  u"ORDER BY n DESC LIMIT ? OFFSET ?"_s,
                  { 18, 2, Q_INT64_C(5), Q_INT64_C(10) }),
           expect(u"SELECT users.age, count(*) AS n FROM users WHERE users.age > ? GROUP BY "
                  u"users.age HAVING count(*) > ? "
                  u"ORDER BY n DESC LIMIT ? OFFSET ?"_s,
                  { 18, 2, Q_INT64_C(5), Q_INT64_C(10) }),
           expect(u"SELECT users.age, count(*) AS n FROM users WHERE users.age > ? GROUP BY "
                  u"users.age HAVING count(*) > ? "
                  u"ORDER BY n DESC LIMIT ? OFFSET ?"_s,
                  { 18, 2, Q_INT64_C(5), Q_INT64_C(10) }));
    addRow("labelsByName",
           select({ name.label(u"n"_s), Function::count().label(u"total"_s) })
                   .groupBy({ name.label(u"n"_s) })
                   .orderBy({ Function::count().label(u"total"_s).descending() }),
           expect(u"SELECT users.name AS n, count(*) AS total FROM users GROUP BY n ORDER BY total DESC"_s));
    addRow("labelReservedInOrder",
           select({ name.label(u"order"_s) }).orderBy({ name.label(u"order"_s) }),
           expect(u"SELECT users.name AS \"order\" FROM users ORDER BY \"order\""_s));

    // ordering
    addRow("orderBy", select({ id }).orderBy({ name }),
           expect(u"SELECT users.id FROM users ORDER BY users.name"_s));
    addRow("orderByDirections", select({ id }).orderBy({ name.ascending(), age.descending() }),
           expect(u"SELECT users.id FROM users ORDER BY users.name ASC, users.age DESC"_s));
    addRow("orderByTwice", select({ id }).orderBy({ name }).orderBy({ age }),
           expect(u"SELECT users.id FROM users ORDER BY users.name, users.age"_s));
    addRow("orderByExpression", select({ id }).orderBy({ (age * 2).descending() }),
           expect(u"SELECT users.id FROM users ORDER BY users.age * ? DESC"_s, { 2 }));
    addRow("nullsLast", select({ id }).orderBy({ age.descending().nullsLast() }),
           expect(u"SELECT users.id FROM users ORDER BY users.age DESC NULLS LAST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age DESC NULLS LAST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age IS NULL, users.age DESC"_s));
    addRow("nullsFirst", select({ id }).orderBy({ age.nullsFirst() }),
           expect(u"SELECT users.id FROM users ORDER BY users.age NULLS FIRST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age NULLS FIRST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age IS NOT NULL, users.age"_s));
    addRow("nullsFirstThenDirection", select({ id }).orderBy({ age.nullsFirst().ascending() }),
           expect(u"SELECT users.id FROM users ORDER BY users.age ASC NULLS FIRST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age ASC NULLS FIRST"_s),
           expect(u"SELECT users.id FROM users ORDER BY users.age IS NOT NULL, users.age ASC"_s));
    addRow("nullsLastExpression",
           select({ id }).orderBy({ (age + 1).descending().nullsLast(), name }),
           expect(u"SELECT users.id FROM users ORDER BY users.age + ? DESC NULLS LAST, users.name"_s,
                  { 1 }),
           expect(u"SELECT users.id FROM users ORDER BY users.age + ? DESC NULLS LAST, users.name"_s,
                  { 1 }),
           expect(u"SELECT users.id FROM users ORDER BY users.age + ? IS NULL, users.age + ? DESC, users.name"_s,
                  { 1, 1 }));
    addRow("nullsLastLabel",
           select({ age.label(u"a"_s) }).orderBy({ age.label(u"a"_s).nullsLast() }),
           expect(u"SELECT users.age AS a FROM users ORDER BY a NULLS LAST"_s),
           expect(u"SELECT users.age AS a FROM users ORDER BY a NULLS LAST"_s),
           expect(u"SELECT users.age AS a FROM users ORDER BY a IS NULL, a"_s));

    // LIMIT / OFFSET: SQLite and MySQL need a LIMIT before OFFSET
    addRow("limit", select({ id }).limit(10),
           expect(u"SELECT users.id FROM users LIMIT ?"_s, { Q_INT64_C(10) }));
    addRow("offset", select({ id }).offset(20),
           expect(u"SELECT users.id FROM users LIMIT -1 OFFSET ?"_s, { Q_INT64_C(20) }),
           expect(u"SELECT users.id FROM users OFFSET ?"_s, { Q_INT64_C(20) }),
           expect(u"SELECT users.id FROM users LIMIT 18446744073709551615 OFFSET ?"_s,
                  { Q_INT64_C(20) }));
    addRow("limitOffset", select({ id }).offset(20).limit(10),
           expect(u"SELECT users.id FROM users LIMIT ? OFFSET ?"_s,
                  { Q_INT64_C(10), Q_INT64_C(20) }));
    addRow("orderLimitOffset", select({ id }).where(age > 1).orderBy({ id }).limit(10).offset(0),
           expect(u"SELECT users.id FROM users WHERE users.age > ? ORDER BY users.id LIMIT ? OFFSET ?"_s,
                  { 1, Q_INT64_C(10), Q_INT64_C(0) }));
    addRow("distinct", select({ name }).distinct(),
           expect(u"SELECT DISTINCT users.name FROM users"_s));
    addRow("distinctOrderLimit", select({ name, age }).distinct().orderBy({ name }).limit(3),
           expect(u"SELECT DISTINCT users.name, users.age FROM users ORDER BY users.name LIMIT ?"_s,
                  { Q_INT64_C(3) }));

    // subqueries; a subquery leaves out the enclosing query's tables it refers to (correlation)
    addRow("scalarSubquery",
           select({ name,
                    select({ Function::count() })
                            .where(userId == id)
                            .scalarSubquery()
                            .label(u"address_count"_s) }),
           expect(u"SELECT users.name, (SELECT count(*) FROM addresses WHERE addresses.user_id = "
                  u"users.id) AS address_count "
                  u"FROM users"_s));
    addRow("scalarSubqueryUncorrelated",
           select({ id }).where(age > select({ Function::avg(age) }).scalarSubquery()),
           expect(u"SELECT users.id FROM users WHERE users.age > (SELECT avg(users.age) FROM users)"_s));
    addRow("scalarSubqueryExplicitFrom",
           select({ id }).where(age > select({ Function::avg(u[u"age"_s]) })
                                              .where(u[u"active"_s] == true)
                                              .scalarSubquery()),
           expect(u"SELECT users.id FROM users WHERE users.age > (SELECT avg(u.age) FROM users AS u WHERE u.active = ?)"_s,
                  { 1 }),
           expect(u"SELECT users.id FROM users WHERE users.age > (SELECT avg(u.age) FROM users AS u WHERE u.active = ?)"_s,
                  { true }),
           expect(u"SELECT users.id FROM users WHERE users.age > (SELECT avg(u.age) FROM users AS u WHERE u.active = ?)"_s,
                  { 1 }));
    addRow("correlatedExists",
           select({ name }).where(exists(
                   select({ addresses[u"id"_s] }).where(userId == id && email.like(u"%@x"_s)))),
           expect(u"SELECT users.name FROM users WHERE EXISTS "
                  u"(SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id AND addresses.email LIKE ?)"_s,
                  { u"%@x"_s }));
    addRow("correlatedThroughJoin",
           select({ name, email })
                   .join(addresses, userId == id)
                   .where(exists(
                           select({ accounts[u"id"_s] }).where(accounts[u"owner_id"_s] == userId))),
           expect(u"SELECT users.name, addresses.email FROM users JOIN addresses ON "
                  u"addresses.user_id = users.id WHERE EXISTS "
                  u"(SELECT billing.accounts.id FROM billing.accounts WHERE billing.accounts.owner_id = addresses.user_id)"_s));
    addRow("correlatedInSelectList",
           select({ name,
                    exists(select({ addresses[u"id"_s] }).where(userId == id))
                            .label(u"has_address"_s) }),
           expect(u"SELECT users.name, EXISTS (SELECT addresses.id FROM addresses WHERE "
                  u"addresses.user_id = users.id) "
                  u"AS has_address FROM users"_s));
    addRow("nestedCorrelation",
           select({ name }).where(
                   exists(select({ addresses[u"id"_s] })
                                  .where(userId == id)
                                  .where(exists(select({ accounts[u"id"_s] })
                                                        .where(accounts[u"owner_id"_s] == id
                                                               && accounts[u"id"_s]
                                                                       == addresses[u"id"_s]))))),
           expect(u"SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
                  u"WHERE addresses.user_id = users.id "
                  u"AND EXISTS (SELECT billing.accounts.id FROM billing.accounts WHERE "
                  u"billing.accounts.owner_id = users.id "
                  u"AND billing.accounts.id = addresses.id))"_s));
    const Select counting = select({ userId, Function::count().label(u"n"_s) })
                                    .where(email.like(u"%@example.org"_s))
                                    .groupBy({ userId });
    const FromClause counts = counting.subquery(u"counts"_s);
    addRow("subqueryJoined",
           select({ name, counts[u"n"_s] })
                   .join(counts, counts[u"user_id"_s] == id)
                   .where(counts[u"n"_s] > 1),
           expect(u"SELECT users.name, counts.n FROM users JOIN (SELECT addresses.user_id, "
                  u"count(*) AS n FROM addresses "
                  u"WHERE addresses.email LIKE ? GROUP BY addresses.user_id) AS counts ON "
                  u"counts.user_id = users.id "
                  u"WHERE counts.n > ?"_s,
                  { u"%@example.org"_s, 1 }));
    addRow("selectFromSubquery",
           select({ counts[u"n"_s] }).where(counts[u"n"_s] > 1).orderBy({ counts[u"n"_s] }),
           expect(u"SELECT counts.n FROM (SELECT addresses.user_id, count(*) AS n FROM addresses "
                  u"WHERE addresses.email LIKE ? "
                  u"GROUP BY addresses.user_id) AS counts WHERE counts.n > ? ORDER BY counts.n"_s,
                  { u"%@example.org"_s, 1 }));
    addRow("subqueryAllColumns", select(counts),
           expect(u"SELECT counts.user_id, counts.n FROM (SELECT addresses.user_id, count(*) AS n "
                  u"FROM addresses "
                  u"WHERE addresses.email LIKE ? GROUP BY addresses.user_id) AS counts"_s,
                  { u"%@example.org"_s }));
    addRow("subqueryAliased", select({ counts.alias(u"c2"_s)[u"n"_s] }),
           expect(u"SELECT c2.n FROM (SELECT addresses.user_id, count(*) AS n FROM addresses WHERE "
                  u"addresses.email LIKE ? "
                  u"GROUP BY addresses.user_id) AS c2"_s,
                  { u"%@example.org"_s }));

    // row locks
    const Select byId = select({ id }).where(id == 1);
    const QString lockBase = u"SELECT users.id FROM users WHERE users.id = ?"_s;
    const Expected noLocks = fails(Error::UnsupportedFeatureError, u"SQLite has no row locks"_s);
    addRow("forUpdate", byId.forUpdate(), noLocks, expect(lockBase + u" FOR UPDATE"_s, { 1 }),
           expect(lockBase + u" FOR UPDATE"_s, { 1 }));
    addRow("forUpdateNoWait", byId.withRowLock(RowLock::ForUpdateNoWait), noLocks,
           expect(lockBase + u" FOR UPDATE NOWAIT"_s, { 1 }),
           expect(lockBase + u" FOR UPDATE NOWAIT"_s, { 1 }));
    addRow("forUpdateSkipLocked", byId.withRowLock(RowLock::ForUpdateSkipLocked), noLocks,
           expect(lockBase + u" FOR UPDATE SKIP LOCKED"_s, { 1 }),
           expect(lockBase + u" FOR UPDATE SKIP LOCKED"_s, { 1 }));
    addRow("forShare", byId.withRowLock(RowLock::ForShare), noLocks,
           expect(lockBase + u" FOR SHARE"_s, { 1 }),
           expect(lockBase + u" LOCK IN SHARE MODE"_s, { 1 }));
    addRow("forUpdateAfterLimit", byId.orderBy({ id }).limit(1).forUpdate(), noLocks,
           expect(lockBase + u" ORDER BY users.id LIMIT ? FOR UPDATE"_s, { 1, Q_INT64_C(1) }),
           expect(lockBase + u" ORDER BY users.id LIMIT ? FOR UPDATE"_s, { 1, Q_INT64_C(1) }));
    addRow("noRowLock", byId.forUpdate().withRowLock(RowLock::None), expect(lockBase, { 1 }));
}

void tst_Compiler::compounds_data()
{
    addStatementColumns();
    const Table &users = schema().users;
    const Expression name = users[u"name"_s];
    const Expression age = users[u"age"_s];
    const Select young = select({ name }).where(age < 18);
    const Select old = select({ name }).where(age > 65);
    const Select middle = select({ name }).where(age == 40);
    const QString y = u"SELECT users.name FROM users WHERE users.age < ?"_s;
    const QString o = u"SELECT users.name FROM users WHERE users.age > ?"_s;
    const QString m = u"SELECT users.name FROM users WHERE users.age = ?"_s;

    addRow("union", young.unionWith(old), expect(y + u" UNION "_s + o, { 18, 65 }));
    addRow("unionAll", young.unionAll(old), expect(y + u" UNION ALL "_s + o, { 18, 65 }));
    addRow("intersect", young.intersect(old), expect(y + u" INTERSECT "_s + o, { 18, 65 }));
    addRow("except", young.except(old), expect(y + u" EXCEPT "_s + o, { 18, 65 }));
    addRow("chain", young.unionWith(old).unionAll(middle),
           expect(y + u" UNION "_s + o + u" UNION ALL "_s + m, { 18, 65, 40 }));
    // ORDER BY and LIMIT of the whole result use the result column names
    addRow("orderLimit", young.unionWith(old).orderBy({ name }).limit(5),
           expect(y + u" UNION "_s + o + u" ORDER BY name LIMIT ?"_s, { 18, 65, Q_INT64_C(5) }));
    addRow("orderByLabel",
           select({ name.label(u"n"_s) })
                   .where(age < 18)
                   .unionAll(select({ name }).where(age > 65))
                   .orderBy({ name.label(u"n"_s).descending() }),
           expect(u"SELECT users.name AS n FROM users WHERE users.age < ? UNION ALL "_s + o
                          + u" ORDER BY n DESC"_s,
                  { 18, 65 }));
    addRow("orderNullsLast", young.unionWith(old).orderBy({ name.nullsLast() }),
           expect(y + u" UNION "_s + o + u" ORDER BY name NULLS LAST"_s, { 18, 65 }),
           expect(y + u" UNION "_s + o + u" ORDER BY name NULLS LAST"_s, { 18, 65 }),
           expect(y + u" UNION "_s + o + u" ORDER BY name IS NULL, name"_s, { 18, 65 }));
    addRow("offsetOnly", young.unionWith(old).offset(3),
           expect(y + u" UNION "_s + o + u" LIMIT -1 OFFSET ?"_s, { 18, 65, Q_INT64_C(3) }),
           expect(y + u" UNION "_s + o + u" OFFSET ?"_s, { 18, 65, Q_INT64_C(3) }),
           expect(y + u" UNION "_s + o + u" LIMIT 18446744073709551615 OFFSET ?"_s,
                  { 18, 65, Q_INT64_C(3) }));
    // members with their own ORDER BY / LIMIT: parenthesized, or (SQLite) selected from
    const Select limitedYoung = young.orderBy({ name }).limit(3);
    const QString ly = y + u" ORDER BY users.name LIMIT ?"_s;
    addRow("membersWithLimit", limitedYoung.unionAll(old.limit(2)),
           expect(u"SELECT * FROM ("_s + ly + u") UNION ALL SELECT * FROM ("_s + o + u" LIMIT ?)"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(2) }),
           expect(u"("_s + ly + u") UNION ALL ("_s + o + u" LIMIT ?)"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(2) }),
           expect(u"("_s + ly + u") UNION ALL ("_s + o + u" LIMIT ?)"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(2) }));
    addRow("memberWithLimitAndOuterOrder", limitedYoung.unionAll(old).orderBy({ name }).limit(10),
           expect(u"SELECT * FROM ("_s + ly + u") UNION ALL "_s + o + u" ORDER BY name LIMIT ?"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(10) }),
           expect(u"("_s + ly + u") UNION ALL "_s + o + u" ORDER BY name LIMIT ?"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(10) }),
           expect(u"("_s + ly + u") UNION ALL "_s + o + u" ORDER BY name LIMIT ?"_s,
                  { 18, Q_INT64_C(3), 65, Q_INT64_C(10) }));
    addRow("nestedCompound", young.unionWith(old.intersect(middle)),
           expect(y + u" UNION SELECT * FROM ("_s + o + u" INTERSECT "_s + m + u')',
                  { 18, 65, 40 }),
           expect(y + u" UNION ("_s + o + u" INTERSECT "_s + m + u')', { 18, 65, 40 }),
           expect(y + u" UNION ("_s + o + u" INTERSECT "_s + m + u')', { 18, 65, 40 }));
    addRow("orderedCompoundAsMember",
           young.unionWith(old).orderBy({ name }).limit(1).unionAll(middle),
           expect(u"SELECT * FROM ("_s + y + u" UNION "_s + o
                          + u" ORDER BY name LIMIT ?) UNION ALL "_s + m,
                  { 18, 65, Q_INT64_C(1), 40 }),
           expect(u"("_s + y + u" UNION "_s + o + u" ORDER BY name LIMIT ?) UNION ALL "_s + m,
                  { 18, 65, Q_INT64_C(1), 40 }),
           expect(u"("_s + y + u" UNION "_s + o + u" ORDER BY name LIMIT ?) UNION ALL "_s + m,
                  { 18, 65, Q_INT64_C(1), 40 }));
    const FromClause people = young.unionAll(old).subquery(u"people"_s);
    addRow("compoundAsSubquery", select({ people[u"name"_s] }).orderBy({ people[u"name"_s] }),
           expect(u"SELECT people.name FROM ("_s + y + u" UNION ALL "_s + o
                          + u") AS people ORDER BY people.name"_s,
                  { 18, 65 }));
    addRow("compoundInIn", select({ users[u"id"_s] }).where(name.in(young.unionWith(old))),
           expect(u"SELECT users.id FROM users WHERE users.name IN ("_s + y + u" UNION "_s + o
                          + u')',
                  { 18, 65 }));
    addRow("compoundRowLock", young.unionWith(old).forUpdate(),
           fails(Error::InvalidRequestError,
                 u"A row lock cannot apply to a UNION/INTERSECT/EXCEPT"_s));
    addRow("compoundWhere", young.unionWith(old).where(age > 1),
           fails(Error::InvalidRequestError, u"where() on a UNION"_s));
    // clauses of a single SELECT are errors on a compound rather than silently dropped
    addRow("compoundGroupBy", young.unionWith(old).groupBy({ age }),
           fails(Error::InvalidRequestError, u"groupBy() on a UNION"_s));
    addRow("compoundHaving", young.unionWith(old).having(age > 1),
           fails(Error::InvalidRequestError, u"having() on a UNION"_s));
    addRow("compoundDistinct", young.unionWith(old).distinct(),
           fails(Error::InvalidRequestError, u"distinct() on a UNION"_s));
    addRow("compoundAddColumns", young.unionWith(old).addColumns({ age }),
           fails(Error::InvalidRequestError, u"addColumns() on a UNION"_s));
}

void tst_Compiler::ctes_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Expression id = users[u"id"_s];
    const Expression age = users[u"age"_s];
    const Expression name = users[u"name"_s];
    const Cte adults = select({ id, name }).where(age >= 18).cte(u"adults"_s);
    const QString withAdults =
            u"WITH adults AS (SELECT users.id, users.name FROM users WHERE users.age >= ?) "_s;

    addRow("simple", select({ adults[u"name"_s] }).where(adults[u"id"_s] > 5),
           expect(withAdults + u"SELECT adults.name FROM adults WHERE adults.id > ?"_s, { 18, 5 }));
    // the binds of the WITH clause come first, although the body is compiled first
    addRow("bindsFirst", select({ literal(u"tag"_s), adults[u"name"_s] }),
           expect(withAdults + u"SELECT ?, adults.name FROM adults"_s, { 18, u"tag"_s }),
           expect(withAdults + u"SELECT CAST(? AS VARCHAR), adults.name FROM adults"_s,
                  { 18, u"tag"_s }),
           expect(withAdults + u"SELECT ?, adults.name FROM adults"_s, { 18, u"tag"_s }));
    addRow("joinedToTable",
           select({ name }).join(adults, adults[u"id"_s] == users[u"manager_id"_s]),
           expect(withAdults
                          + u"SELECT users.name FROM users JOIN adults ON adults.id = users.manager_id"_s,
                  { 18 }));
    addRow("inSubquery", select({ name }).where(id.in(select({ adults[u"id"_s] }))).where(age < 30),
           expect(withAdults
                          + u"SELECT users.name FROM users WHERE users.id IN (SELECT adults.id FROM adults) AND users.age < ?"_s,
                  { 18, 30 }));
    addRow("allColumns", select(adults),
           expect(withAdults + u"SELECT adults.id, adults.name FROM adults"_s, { 18 }));

    // a CTE that uses another comes after it
    const Cte older = select({ id, age }).where(age > 18).cte(u"older"_s);
    const Cte retired = select({ older[u"id"_s] }).where(older[u"age"_s] > 65).cte(u"retired"_s);
    addRow("dependentCtes", select({ retired[u"id"_s] }).where(retired[u"id"_s] != 3),
           expect(u"WITH older AS (SELECT users.id, users.age FROM users WHERE users.age > ?), "
                  u"retired AS (SELECT older.id FROM older WHERE older.age > ?) SELECT retired.id FROM retired WHERE retired.id != ?"_s,
                  { 18, 65, 3 }));
    addRow("dependentCtesBothUsed",
           select({ retired[u"id"_s], older[u"age"_s] })
                   .join(older, older[u"id"_s] == retired[u"id"_s]),
           expect(u"WITH older AS (SELECT users.id, users.age FROM users WHERE users.age > ?), "
                  u"retired AS (SELECT older.id FROM older WHERE older.age > ?) "
                  u"SELECT retired.id, older.age FROM retired JOIN older ON older.id = retired.id"_s,
                  { 18, 65 }));
    const Cte mails = select({ addresses[u"user_id"_s] })
                              .where(addresses[u"email"_s].like(u"%@x"_s))
                              .cte(u"mails"_s);
    addRow("independentCtes",
           select({ adults[u"name"_s] }).join(mails, mails[u"user_id"_s] == adults[u"id"_s]),
           expect(withAdults.chopped(1)
                          + u", mails AS (SELECT addresses.user_id FROM addresses WHERE "
                            u"addresses.email LIKE ?) "
                            u"SELECT adults.name FROM adults JOIN mails ON mails.user_id = adults.id"_s,
                  { 18, u"%@x"_s }));

    // recursive
    const Expression managerId = users[u"manager_id"_s];
    Cte chain = select({ id, managerId }).where(id == 7).cte(u"chain"_s, Recursive::Yes);
    chain = chain.unionAll(select({ id, managerId }).join(chain, id == chain[u"manager_id"_s]));
    const QString recursiveChain =
            u"WITH RECURSIVE chain(id, manager_id) AS (SELECT users.id, users.manager_id FROM "
            u"users "
            u"WHERE users.id = ? UNION ALL SELECT users.id, users.manager_id FROM users "
            u"JOIN chain ON users.id = chain.manager_id) "_s;
    addRow("recursive", select({ chain[u"id"_s] }),
           expect(recursiveChain + u"SELECT chain.id FROM chain"_s, { 7 }));
    addRow("recursiveJoined",
           select({ name }).join(chain, chain[u"id"_s] == id).where(name != u"x"_s),
           expect(recursiveChain
                          + u"SELECT users.name FROM users JOIN chain ON chain.id = users.id WHERE users.name != ?"_s,
                  { 7, u"x"_s }));
    Cte counter = select({ literal(1).label(u"n"_s) }).cte(u"counter"_s, Recursive::Yes);
    counter = counter.unionWith(select({ counter[u"n"_s] + 1 }).where(counter[u"n"_s] < 10));
    addRow("recursiveUnion", select({ counter[u"n"_s] }),
           expect(u"WITH RECURSIVE counter(n) AS (SELECT ? AS n UNION SELECT counter.n + ? FROM "
                  u"counter WHERE counter.n < ?) "
                  u"SELECT counter.n FROM counter"_s,
                  { 1, 1, 10 }),
           // the anchor's lone value would be text on PostgreSQL, and text + integer fails
           expect(u"WITH RECURSIVE counter(n) AS (SELECT CAST(? AS INTEGER) AS n UNION SELECT "
                  u"counter.n + ? FROM "
                  u"counter WHERE counter.n < ?) "
                  u"SELECT counter.n FROM counter"_s,
                  { 1, 1, 10 }),
           expect(u"WITH RECURSIVE counter(n) AS (SELECT ? AS n UNION SELECT counter.n + ? FROM "
                  u"counter WHERE counter.n < ?) "
                  u"SELECT counter.n FROM counter"_s,
                  { 1, 1, 10 }));
    addRow("recursiveWithPlain",
           select({ chain[u"id"_s], adults[u"name"_s] })
                   .join(adults, adults[u"id"_s] == chain[u"id"_s]),
           expect(u"WITH RECURSIVE chain(id, manager_id) AS (SELECT users.id, users.manager_id "
                  u"FROM users "
                  u"WHERE users.id = ? UNION ALL SELECT users.id, users.manager_id FROM users "
                  u"JOIN chain ON users.id = chain.manager_id), adults AS (SELECT users.id, "
                  u"users.name FROM users WHERE users.age >= ?) "
                  u"SELECT chain.id, adults.name FROM chain JOIN adults ON adults.id = chain.id"_s,
                  { 7, 18 }));

    // CTEs in other statements
    addRow("insertFromCte",
           insert(addresses).fromSelect({ u"user_id"_s, u"email"_s },
                                        select({ adults[u"id"_s], adults[u"name"_s] })),
           expect(u"INSERT INTO addresses (user_id, email) "_s + withAdults
                          + u"SELECT adults.id, adults.name FROM adults"_s,
                  { 18 }));
    addRow("deleteWithCteSubquery",
           deleteFrom(addresses).where(addresses[u"user_id"_s].in(select({ adults[u"id"_s] }))),
           expect(u"DELETE FROM addresses WHERE addresses.user_id IN ("_s + withAdults
                          + u"SELECT adults.id FROM adults)"_s,
                  { 18 }));
}

// ---------------------------------------------------------------- INSERT, UPDATE, DELETE

void tst_Compiler::inserts_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const QDateTime utc(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());
    const QUuid token(u"{12345678-1234-5678-9abc-123456789abc}"_s);

    addRow("singleRow", insert(users).values({ { u"name"_s, u"Ada"_s }, { u"age"_s, 36 } }),
           expect(u"INSERT INTO users (name, age) VALUES (?, ?)"_s, { u"Ada"_s, 36 }));
    // columns come in table order, whatever the order of the keys
    addRow("tableOrder",
           insert(users).values(
                   { { u"manager_id"_s, 1 }, { u"name"_s, u"Ada"_s }, { u"id"_s, 9 } }),
           expect(u"INSERT INTO users (id, name, manager_id) VALUES (?, ?, ?)"_s,
                  { 9, u"Ada"_s, 1 }));
    addRow("typedValues",
           insert(users).values({ { u"name"_s, u"Ada"_s },
                                  { u"active"_s, true },
                                  { u"created"_s, utc },
                                  { u"birthday"_s, QDate(1815, 12, 10) },
                                  { u"color"_s, QVariant::fromValue(Color::Green) },
                                  { u"token"_s, token },
                                  { u"data"_s, QVariantMap{ { u"a"_s, 1 } } },
                                  { u"balance"_s, 12.5 } }),
           expect(u"INSERT INTO users (name, active, created, birthday, color, token, data, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  { u"Ada"_s, 1, u"2024-01-02 03:04:05.678"_s, u"1815-12-10"_s, u"Green"_s,
                    u"12345678-1234-5678-9abc-123456789abc"_s, u"{\"a\":1}"_s, 12.5 }),
           expect(u"INSERT INTO users (name, active, created, birthday, color, token, data, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  { u"Ada"_s, true, u"2024-01-02 03:04:05.678+00"_s, QDate(1815, 12, 10),
                    u"Green"_s, u"12345678-1234-5678-9abc-123456789abc"_s, u"{\"a\":1}"_s,
                    u"12.50"_s }),
           expect(u"INSERT INTO users (name, active, created, birthday, color, token, data, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  { u"Ada"_s, 1, u"2024-01-02 03:04:05.678"_s, u"1815-12-10"_s, u"Green"_s,
                    u"12345678-1234-5678-9abc-123456789abc"_s, u"{\"a\":1}"_s, u"12.50"_s }));
    const QList<QVariantMap> twoRows = { { { u"name"_s, u"a"_s }, { u"age"_s, 1 } },
                                         { { u"name"_s, u"b"_s }, { u"age"_s, 2 } } };
    addRow("multiRow", insert(users).values(twoRows),
           expect(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?)"_s,
                  { u"a"_s, 1, u"b"_s, 2 }));
    addRow("valuesTwice", insert(users).values(twoRows.at(0)).values(twoRows.at(1)),
           expect(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?)"_s,
                  { u"a"_s, 1, u"b"_s, 2 }));
    addRow("multiRowDifferentKeys", insert(users).values({ twoRows.at(0), { { u"age"_s, 3 } } }),
           fails(Error::InvalidRequestError, u"row 2 has age, row 1 has age, name"_s));
    addRow("expressionValue",
           insert(users).values({ { u"name"_s, u"Ada"_s } }).value(u"created"_s, Function::now()),
           expect(u"INSERT INTO users (name, created) VALUES (?, strftime('%Y-%m-%d %H:%M:%f', 'now'))"_s,
                  { u"Ada"_s }),
           expect(u"INSERT INTO users (name, created) VALUES (?, CURRENT_TIMESTAMP)"_s,
                  { u"Ada"_s }),
           expect(u"INSERT INTO users (name, created) VALUES (?, CURRENT_TIMESTAMP(3))"_s,
                  { u"Ada"_s }));
    addRow("valueBind", insert(users).value(u"active"_s, false).value(u"name"_s, u"x"_s),
           expect(u"INSERT INTO users (name, active) VALUES (?, ?)"_s, { u"x"_s, 0 }),
           expect(u"INSERT INTO users (name, active) VALUES (?, ?)"_s, { u"x"_s, false }),
           expect(u"INSERT INTO users (name, active) VALUES (?, ?)"_s, { u"x"_s, 0 }));
    addRow("valueScalarSubquery",
           insert(addresses)
                   .values({ { u"email"_s, u"x@y"_s } })
                   .value(u"user_id"_s, select({ Function::max(users[u"id"_s]) }).scalarSubquery()),
           expect(u"INSERT INTO addresses (user_id, email) VALUES ((SELECT max(users.id) FROM users), ?)"_s,
                  { u"x@y"_s }));
    addRow("valueWithManyRows", insert(users).values(twoRows).value(u"created"_s, Function::now()),
           fails(Error::InvalidRequestError, u"single-row"_s));
    addRow("fromSelect",
           insert(addresses).fromSelect(
                   { u"user_id"_s, u"email"_s },
                   select({ users[u"id"_s], users[u"name"_s] }).where(users[u"age"_s] > 18)),
           expect(u"INSERT INTO addresses (user_id, email) SELECT users.id, users.name FROM users WHERE users.age > ?"_s,
                  { 18 }));
    addRow("fromCompoundSelect",
           insert(addresses).fromSelect(
                   { u"user_id"_s, u"email"_s },
                   select({ users[u"id"_s], users[u"name"_s] })
                           .where(users[u"age"_s] > 18)
                           .unionAll(select({ users[u"id"_s], users[u"name"_s] })
                                             .where(users[u"age"_s] < 3))),
           expect(u"INSERT INTO addresses (user_id, email) SELECT users.id, users.name FROM users "
                  u"WHERE users.age > ? "
                  u"UNION ALL SELECT users.id, users.name FROM users WHERE users.age < ?"_s,
                  { 18, 3 }));
    addRow("fromSelectUnknownColumn",
           insert(addresses).fromSelect({ u"nope"_s }, select({ users[u"id"_s] })),
           fails(Error::InvalidRequestError, u"Table 'addresses' has no column 'nope'"_s));
    addRow("returning",
           insert(users).values({ { u"name"_s, u"Ada"_s } }).returning({ users[u"id"_s] }),
           expect(u"INSERT INTO users (name) VALUES (?) RETURNING id"_s, { u"Ada"_s }));
    addRow("returningSeveral",
           insert(users)
                   .values({ { u"name"_s, u"Ada"_s } })
                   .returning({ users[u"id"_s], users[u"created"_s] }),
           expect(u"INSERT INTO users (name) VALUES (?) RETURNING id, created"_s, { u"Ada"_s }));
    addRow("returningLabels",
           insert(users)
                   .values({ { u"name"_s, u"Ada"_s } })
                   .returning({ users[u"id"_s].label(u"new_id"_s),
                                (users[u"age"_s] + 1).label(u"next"_s) }),
           expect(u"INSERT INTO users (name) VALUES (?) RETURNING id AS new_id, age + ? AS next"_s,
                  { u"Ada"_s, 1 }));
    addRow("fromSelectReturning",
           insert(addresses)
                   .fromSelect({ u"user_id"_s, u"email"_s },
                               select({ users[u"id"_s], users[u"name"_s] }))
                   .returning({ addresses[u"id"_s] }),
           expect(u"INSERT INTO addresses (user_id, email) SELECT users.id, users.name FROM users RETURNING id"_s));
    addRow("defaultValues", insert(s.counters), expect(u"INSERT INTO counters DEFAULT VALUES"_s),
           expect(u"INSERT INTO counters DEFAULT VALUES"_s),
           expect(u"INSERT INTO counters () VALUES ()"_s));
    addRow("defaultValuesReturning",
           insert(s.counters).returning({ s.counters[u"id"_s], s.counters[u"n"_s] }),
           expect(u"INSERT INTO counters DEFAULT VALUES RETURNING id, n"_s),
           expect(u"INSERT INTO counters DEFAULT VALUES RETURNING id, n"_s),
           expect(u"INSERT INTO counters () VALUES () RETURNING id, n"_s));
    addRow("unknownColumn", insert(users).values({ { u"nope"_s, 1 } }),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s));
    addRow("unknownExpressionColumn", insert(users).value(u"nope"_s, 1),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s));
}

void tst_Compiler::upserts_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Insert row =
            insert(users).values({ { u"id"_s, 1 }, { u"name"_s, u"Ada"_s }, { u"age"_s, 36 } });
    const QString base = u"INSERT INTO users (id, name, age) VALUES (?, ?, ?)"_s;
    const QVariantList binds = { 1, u"Ada"_s, 36 };

    addRow("doNothing", row.onConflictDoNothing(),
           expect(base + u" ON CONFLICT DO NOTHING"_s, binds),
           expect(base + u" ON CONFLICT DO NOTHING"_s, binds),
           expect(base + u" ON DUPLICATE KEY UPDATE id = id"_s, binds));
    addRow("doNothingTarget", row.onConflictDoNothing({ u"id"_s }),
           expect(base + u" ON CONFLICT (id) DO NOTHING"_s, binds),
           expect(base + u" ON CONFLICT (id) DO NOTHING"_s, binds),
           expect(base + u" ON DUPLICATE KEY UPDATE id = id"_s, binds));
    addRow("doUpdate", row.onConflictDoUpdate({ u"id"_s }, QStringList{ u"name"_s, u"age"_s }),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = excluded.age"_s,
                  binds),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = excluded.age"_s,
                  binds),
           expect(base + u" ON DUPLICATE KEY UPDATE name = VALUES(name), age = VALUES(age)"_s,
                  binds));
    addRow("doUpdateCompositeTarget",
           row.onConflictDoUpdate({ u"name"_s, u"age"_s }, QStringList{ u"id"_s }),
           expect(base + u" ON CONFLICT (name, age) DO UPDATE SET id = excluded.id"_s, binds),
           expect(base + u" ON CONFLICT (name, age) DO UPDATE SET id = excluded.id"_s, binds),
           expect(base + u" ON DUPLICATE KEY UPDATE id = VALUES(id)"_s, binds));
    addRow("doUpdateExpressions",
           row.onConflictDoUpdate({ u"id"_s },
                                  { { u"age"_s, users[u"age"_s] + 1 },
                                    { u"name"_s, u"fixed"_s },
                                    { u"active"_s, true } }),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET age = users.age + ?, name = ?, active = ?"_s,
                  binds + QVariantList{ 1, u"fixed"_s, 1 }),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET age = users.age + ?, name = ?, active = ?"_s,
                  binds + QVariantList{ 1, u"fixed"_s, true }),
           expect(base + u" ON DUPLICATE KEY UPDATE age = users.age + ?, name = ?, active = ?"_s,
                  binds + QVariantList{ 1, u"fixed"_s, 1 }));
    addRow("doUpdateExcluded",
           row.onConflictDoUpdate(
                   { u"id"_s },
                   { { u"age"_s, Insert::excluded(users[u"age"_s]) + users[u"age"_s] } }),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET age = excluded.age + users.age"_s,
                  binds),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET age = excluded.age + users.age"_s,
                  binds),
           expect(base + u" ON DUPLICATE KEY UPDATE age = VALUES(age) + users.age"_s, binds));
    const QList<QVariantMap> rows = { { { u"id"_s, 1 }, { u"name"_s, u"a"_s } },
                                      { { u"id"_s, 2 }, { u"name"_s, u"b"_s } } };
    addRow("doUpdateMultiRow",
           insert(users).values(rows).onConflictDoUpdate({ u"id"_s }, QStringList{ u"name"_s }),
           expect(u"INSERT INTO users (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name"_s,
                  { 1, u"a"_s, 2, u"b"_s }),
           expect(u"INSERT INTO users (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name"_s,
                  { 1, u"a"_s, 2, u"b"_s }),
           expect(u"INSERT INTO users (id, name) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)"_s,
                  { 1, u"a"_s, 2, u"b"_s }));
    addRow("doUpdateReturning",
           row.onConflictDoUpdate({ u"id"_s }, QStringList{ u"name"_s })
                   .returning({ users[u"id"_s] }),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING id"_s,
                  binds),
           expect(base + u" ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING id"_s,
                  binds),
           expect(base + u" ON DUPLICATE KEY UPDATE name = VALUES(name) RETURNING id"_s, binds));
    addRow("doUpdateWithoutTarget", row.onConflictDoUpdate({}, QStringList{ u"name"_s }),
           fails(Error::InvalidRequestError,
                 u"ON CONFLICT DO UPDATE needs the conflict columns on SQLite"_s),
           fails(Error::InvalidRequestError,
                 u"ON CONFLICT DO UPDATE needs the conflict columns on PostgreSQL"_s),
           expect(base + u" ON DUPLICATE KEY UPDATE name = VALUES(name)"_s, binds));
    addRow("doUpdateUnknownColumn", row.onConflictDoUpdate({ u"id"_s }, QStringList{ u"nope"_s }),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s));
    addRow("doNothingUnknownTarget", row.onConflictDoNothing({ u"nope"_s }),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s),
           expect(base + u" ON DUPLICATE KEY UPDATE id = id"_s, binds));
    // SQLite cannot tell the ON of an upsert from a join's ON after INSERT ... SELECT: it needs a
    // WHERE.
    const Select fromUsers = select({ users[u"id"_s], users[u"name"_s] });
    const QString insertSelect =
            u"INSERT INTO addresses (user_id, email) SELECT users.id, users.name FROM users"_s;
    addRow("fromSelectDoNothing",
           insert(addresses)
                   .fromSelect({ u"user_id"_s, u"email"_s }, fromUsers)
                   .onConflictDoNothing(),
           expect(insertSelect + u" WHERE 1 ON CONFLICT DO NOTHING"_s),
           expect(insertSelect + u" ON CONFLICT DO NOTHING"_s),
           expect(insertSelect + u" ON DUPLICATE KEY UPDATE addresses.id = addresses.id"_s));
    addRow("fromSelectWhereDoUpdate",
           insert(addresses)
                   .fromSelect({ u"user_id"_s, u"email"_s }, fromUsers.where(users[u"age"_s] > 1))
                   .onConflictDoUpdate({ u"id"_s }, QStringList{ u"email"_s }),
           expect(insertSelect
                          + u" WHERE users.age > ? ON CONFLICT (id) DO UPDATE SET email = excluded.email"_s,
                  { 1 }),
           expect(insertSelect
                          + u" WHERE users.age > ? ON CONFLICT (id) DO UPDATE SET email = excluded.email"_s,
                  { 1 }),
           expect(insertSelect
                          + u" WHERE users.age > ? ON DUPLICATE KEY UPDATE email = VALUES(email)"_s,
                  { 1 }));
}

void tst_Compiler::updates_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Table &documents = s.documents;
    const Expression id = users[u"id"_s];
    const QDateTime utc(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());

    addRow("set", update(users).set(u"name"_s, u"Bob"_s).where(id == 1),
           expect(u"UPDATE users SET name = ? WHERE users.id = ?"_s, { u"Bob"_s, 1 }));
    addRow("setMap",
           update(users)
                   .set(QVariantMap{ { u"name"_s, u"Bob"_s }, { u"age"_s, 40 } })
                   .where(id == 1),
           expect(u"UPDATE users SET age = ?, name = ? WHERE users.id = ?"_s, { 40, u"Bob"_s, 1 }));
    addRow("setTyped",
           update(users).set(u"active"_s, true).set(u"created"_s, utc).set(u"color"_s, Color::Red),
           expect(u"UPDATE users SET active = ?, created = ?, color = ?"_s,
                  { 1, u"2024-01-02 03:04:05.678"_s, u"Red"_s }),
           expect(u"UPDATE users SET active = ?, created = ?, color = ?"_s,
                  { true, u"2024-01-02 03:04:05.678+00"_s, u"Red"_s }),
           expect(u"UPDATE users SET active = ?, created = ?, color = ?"_s,
                  { 1, u"2024-01-02 03:04:05.678"_s, u"Red"_s }));
    addRow("setExpression", update(users).set(u"age"_s, users[u"age"_s] + 1).where(id.in({ 1, 2 })),
           expect(u"UPDATE users SET age = users.age + ? WHERE users.id IN (?, ?)"_s, { 1, 1, 2 }));
    addRow("setNull", update(users).set(u"age"_s, nullptr).set(u"manager_id"_s, null()),
           expect(u"UPDATE users SET age = NULL, manager_id = NULL"_s));
    addRow("setFunction", update(users).set(u"created"_s, Function::now()),
           expect(u"UPDATE users SET created = strftime('%Y-%m-%d %H:%M:%f', 'now')"_s),
           expect(u"UPDATE users SET created = CURRENT_TIMESTAMP"_s),
           expect(u"UPDATE users SET created = CURRENT_TIMESTAMP(3)"_s));
    addRow("setScalarSubquery",
           update(users).set(u"age"_s,
                             select({ Function::count() })
                                     .where(addresses[u"user_id"_s] == id)
                                     .scalarSubquery()),
           expect(u"UPDATE users SET age = (SELECT count(*) FROM addresses WHERE addresses.user_id = users.id)"_s));
    addRow("whereExists",
           update(users)
                   .set(u"age"_s, 0)
                   .where(exists(
                           select({ addresses[u"id"_s] }).where(addresses[u"user_id"_s] == id))),
           expect(u"UPDATE users SET age = ? WHERE EXISTS (SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id)"_s,
                  { 0 }));
    addRow("whereTwice", update(users).set(u"age"_s, 1).where(id > 1).where(id < 5),
           expect(u"UPDATE users SET age = ? WHERE users.id > ? AND users.id < ?"_s, { 1, 1, 5 }));
    addRow("noWhere", update(users).set(u"age"_s, 1), expect(u"UPDATE users SET age = ?"_s, { 1 }));
    // columns with an onUpdate default get it unless set explicitly
    addRow("onUpdate", update(documents).set(u"title"_s, u"New"_s).where(documents[u"id"_s] == 1),
           expect(u"UPDATE documents SET title = ?, updated = strftime('%Y-%m-%d %H:%M:%f', 'now'), editor = ? WHERE documents.id = ?"_s,
                  { u"New"_s, u"system"_s, 1 }),
           expect(u"UPDATE documents SET title = ?, updated = CURRENT_TIMESTAMP, editor = ? WHERE documents.id = ?"_s,
                  { u"New"_s, u"system"_s, 1 }),
           expect(u"UPDATE documents SET title = ?, updated = CURRENT_TIMESTAMP(3), editor = ? WHERE documents.id = ?"_s,
                  { u"New"_s, u"system"_s, 1 }));
    addRow("onUpdateOverridden", update(documents).set(u"editor"_s, u"me"_s),
           expect(u"UPDATE documents SET editor = ?, updated = strftime('%Y-%m-%d %H:%M:%f', 'now')"_s,
                  { u"me"_s }),
           expect(u"UPDATE documents SET editor = ?, updated = CURRENT_TIMESTAMP"_s, { u"me"_s }),
           expect(u"UPDATE documents SET editor = ?, updated = CURRENT_TIMESTAMP(3)"_s,
                  { u"me"_s }));
    addRow("returning",
           update(users)
                   .set(u"name"_s, u"Bob"_s)
                   .where(id == 1)
                   .returning({ id, users[u"name"_s] }),
           expect(u"UPDATE users SET name = ? WHERE users.id = ? RETURNING id, name"_s,
                  { u"Bob"_s, 1 }),
           expect(u"UPDATE users SET name = ? WHERE users.id = ? RETURNING id, name"_s,
                  { u"Bob"_s, 1 }),
           fails(Error::UnsupportedFeatureError, u"MariaDB has no UPDATE ... RETURNING"_s));
    addRow("emptySet", update(users).where(id == 1),
           fails(Error::InvalidRequestError, u"UPDATE of 'users' sets no column"_s));
    addRow("unknownColumn", update(users).set(u"nope"_s, 1),
           fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s));
}

void tst_Compiler::deletes_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Expression id = users[u"id"_s];

    addRow("where", deleteFrom(users).where(id == 1),
           expect(u"DELETE FROM users WHERE users.id = ?"_s, { 1 }));
    addRow("all", deleteFrom(users), expect(u"DELETE FROM users"_s));
    addRow("whereTwice", deleteFrom(users).where(id > 1).where(users[u"name"_s].like(u"x%"_s)),
           expect(u"DELETE FROM users WHERE users.id > ? AND users.name LIKE ?"_s, { 1, u"x%"_s }));
    addRow("returning", deleteFrom(users).where(id == 1).returning({ id, users[u"name"_s] }),
           expect(u"DELETE FROM users WHERE users.id = ? RETURNING id, name"_s, { 1 }));
    addRow("subquery",
           deleteFrom(addresses).where(
                   addresses[u"user_id"_s].in(select({ id }).where(users[u"active"_s] == false))),
           expect(u"DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id FROM users WHERE users.active = ?)"_s,
                  { 0 }),
           expect(u"DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id FROM users WHERE users.active = ?)"_s,
                  { false }),
           expect(u"DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id FROM users WHERE users.active = ?)"_s,
                  { 0 }));
    addRow("correlated",
           deleteFrom(users).where(
                   !exists(select({ addresses[u"id"_s] }).where(addresses[u"user_id"_s] == id))),
           expect(u"DELETE FROM users WHERE NOT EXISTS (SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id)"_s));
}

// ---------------------------------------------------------------- identifiers

void tst_Compiler::quoting_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &q = s.quoted;
    const Table &accounts = s.accounts;

    addRow("reservedWords", select({ q[u"order"_s], q[u"group"_s] }).where(q[u"select"_s] == 1),
           expect(u"SELECT \"user\".\"order\", \"user\".\"group\" FROM \"user\" WHERE \"user\".\"select\" = ?"_s,
                  { 1 }));
    addRow("mixedCase", select({ q[u"MixedCase"_s] }),
           expect(u"SELECT \"user\".\"MixedCase\" FROM \"user\""_s));
    addRow("space", select({ q[u"with space"_s] }),
           expect(u"SELECT \"user\".\"with space\" FROM \"user\""_s));
    addRow("doubleQuote", select({ q[u"we\"ird"_s] }),
           expect(u"SELECT \"user\".\"we\"\"ird\" FROM \"user\""_s),
           expect(u"SELECT \"user\".\"we\"\"ird\" FROM \"user\""_s),
           expect(u"SELECT `user`.`we\"ird` FROM `user`"_s));
    addRow("backtick", select({ q[u"back`tick"_s] }),
           expect(u"SELECT \"user\".\"back`tick\" FROM \"user\""_s),
           expect(u"SELECT \"user\".\"back`tick\" FROM \"user\""_s),
           expect(u"SELECT `user`.`back``tick` FROM `user`"_s));
    addRow("groupOrder",
           select({ q[u"group"_s], Function::count() })
                   .groupBy({ q[u"group"_s] })
                   .orderBy({ q[u"group"_s].descending() }),
           expect(u"SELECT \"user\".\"group\", count(*) FROM \"user\" GROUP BY \"user\".\"group\" ORDER BY \"user\".\"group\" DESC"_s));
    addRow("insert",
           insert(q).values({ { u"group"_s, u"g"_s }, { u"order"_s, 1 }, { u"MixedCase"_s, 2 } }),
           expect(u"INSERT INTO \"user\" (\"order\", \"group\", \"MixedCase\") VALUES (?, ?, ?)"_s,
                  { 1, u"g"_s, 2 }));
    addRow("update", update(q).set(u"select"_s, 2).where(q[u"id"_s] == 1),
           expect(u"UPDATE \"user\" SET \"select\" = ? WHERE \"user\".id = ?"_s, { 2, 1 }));
    addRow("delete", deleteFrom(q).where(q[u"order"_s] > 1),
           expect(u"DELETE FROM \"user\" WHERE \"user\".\"order\" > ?"_s, { 1 }));
    addRow("upsert",
           insert(q)
                   .values({ { u"id"_s, 1 }, { u"order"_s, 2 } })
                   .onConflictDoUpdate({ u"id"_s }, QStringList{ u"order"_s }),
           expect(u"INSERT INTO \"user\" (id, \"order\") VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET \"order\" = excluded.\"order\""_s,
                  { 1, 2 }),
           expect(u"INSERT INTO \"user\" (id, \"order\") VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET \"order\" = excluded.\"order\""_s,
                  { 1, 2 }),
           expect(u"INSERT INTO `user` (id, `order`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `order` = VALUES(`order`)"_s,
                  { 1, 2 }));
    addRow("returning",
           insert(q).values({ { u"order"_s, 1 } }).returning({ q[u"id"_s], q[u"order"_s] }),
           expect(u"INSERT INTO \"user\" (\"order\") VALUES (?) RETURNING id, \"order\""_s, { 1 }));
    const FromClause alias = q.alias(u"U"_s);
    addRow("aliasMixedCase", select({ alias[u"group"_s] }),
           expect(u"SELECT \"U\".\"group\" FROM \"user\" AS \"U\""_s));
    addRow("schemaQualified", select({ accounts[u"id"_s] }).where(accounts[u"owner_id"_s] == 1),
           expect(u"SELECT billing.accounts.id FROM billing.accounts WHERE billing.accounts.owner_id = ?"_s,
                  { 1 }));
    addRow("schemaJoin",
           select({ s.users[u"name"_s], accounts[u"id"_s] })
                   .join(accounts, accounts[u"owner_id"_s] == s.users[u"id"_s]),
           expect(u"SELECT users.name, billing.accounts.id FROM users JOIN billing.accounts "
                  u"ON billing.accounts.owner_id = users.id"_s));
    addRow("schemaAlias", select({ accounts.alias(u"a"_s)[u"id"_s] }),
           expect(u"SELECT a.id FROM billing.accounts AS a"_s));
    addRow("schemaInsert",
           insert(accounts).values({ { u"owner_id"_s, 1 } }).returning({ accounts[u"id"_s] }),
           expect(u"INSERT INTO billing.accounts (owner_id) VALUES (?) RETURNING id"_s, { 1 }));
    addRow("schemaUpdate", update(accounts).set(u"owner_id"_s, 2).where(accounts[u"id"_s] == 1),
           expect(u"UPDATE billing.accounts SET owner_id = ? WHERE billing.accounts.id = ?"_s,
                  { 2, 1 }));
    addRow("schemaDelete", deleteFrom(accounts).where(accounts[u"id"_s] == 1),
           expect(u"DELETE FROM billing.accounts WHERE billing.accounts.id = ?"_s, { 1 }));
    const Table oddSchema(u"Select"_s, { Column(u"id"_s, SqlType::integer()) }, {}, {},
                          inSchema(u"My Schema"_s));
    addRow("oddSchema", select(oddSchema),
           expect(u"SELECT \"My Schema\".\"Select\".id FROM \"My Schema\".\"Select\""_s));
}

// ---------------------------------------------------------------- errors

void tst_Compiler::errors_data()
{
    addStatementColumns();
    const Schema &s = schema();
    const Table &users = s.users;
    const Table &addresses = s.addresses;
    const Expression id = users[u"id"_s];
    const Table &duplicate = s.duplicate;
    const QString definition = u"Table 'duplicate': column 'a' is defined twice"_s;
    const Expected unknown =
            fails(Error::InvalidRequestError, u"Table 'users' has no column 'nope'"_s);

    addRow("unknownColumn", select({ users[u"nope"_s] }), unknown);
    addRow("unknownColumnInWhere", select({ id }).where(users[u"nope"_s] == 1), unknown);
    addRow("unknownColumnInOrder", select({ id }).orderBy({ users[u"nope"_s] }), unknown);
    addRow("unknownColumnInUpdate",
           update(users).set(u"name"_s, u"x"_s).where(users[u"nope"_s] == 1), unknown);
    addRow("unknownColumnInDelete", deleteFrom(users).where(users[u"nope"_s] == 1), unknown);
    addRow("unknownColumnInReturning", deleteFrom(users).returning({ users[u"nope"_s] }), unknown);
    addRow("unknownAliasColumn", select({ users.alias(u"u"_s)[u"nope"_s] }),
           fails(Error::InvalidRequestError, u"Alias 'u' has no column 'nope'"_s));
    addRow("unknownSubqueryColumn", select({ select({ id }).subquery(u"sq"_s)[u"nope"_s] }),
           fails(Error::InvalidRequestError, u"Subquery 'sq' has no column 'nope'"_s));
    addRow("ambiguousJoinColumn",
           select({ users.join(addresses, addresses[u"user_id"_s] == id)[u"id"_s] }),
           fails(Error::InvalidRequestError, u"Column 'id' is ambiguous"_s));
    addRow("emptyStatement", Statement(),
           fails(Error::InvalidRequestError, u"The statement is empty"_s));
    addRow("emptySelect", Select(), fails(Error::InvalidRequestError, u"The statement is empty"_s));
    addRow("emptyInsert", Insert(), fails(Error::InvalidRequestError, u"The statement is empty"_s));
    addRow("emptyTextSql", TextSql(),
           fails(Error::InvalidRequestError, u"The statement is empty"_s));
    addRow("noColumns", select(QList<Expression>()),
           fails(Error::InvalidRequestError, u"A SELECT needs at least one column"_s));
    addRow("emptyOperand", select({ id }).where(Expression() == 1),
           fails(Error::InvalidRequestError, u"empty"_s));
    addRow("insertWithoutTable", insert(Table()).values({ { u"a"_s, 1 } }),
           fails(Error::InvalidRequestError, u"INSERT needs a table"_s));
    addRow("definitionErrorSelect", select(duplicate),
           fails(Error::InvalidRequestError, definition));
    addRow("definitionErrorInsert", insert(duplicate).values({ { u"a"_s, 1 } }),
           fails(Error::InvalidRequestError, definition));
    addRow("definitionErrorUpdate", update(duplicate).set(u"a"_s, 1),
           fails(Error::InvalidRequestError, definition));
    addRow("definitionErrorDelete", deleteFrom(duplicate),
           fails(Error::InvalidRequestError, definition));
    addRow("joinWithoutSource",
           select({ Function::count() }).join(addresses, addresses[u"id"_s] == 1),
           fails(Error::InvalidRequestError, u"join() needs a source"_s));
    addRow("aliasOfJoin",
           select({ users.join(addresses, addresses[u"user_id"_s] == id)
                            .alias(u"x"_s)[u"name"_s] }),
           fails(Error::InvalidRequestError, u"Only tables and subqueries can be aliased"_s));
}

// Features that depend on the server version or on MySQL rather than MariaDB.
void tst_Compiler::serverVersions_data()
{
    addStatementColumns();
    const Table &users = schema().users;
    const Expression id = users[u"id"_s];
    const Insert inserting = insert(users).values({ { u"name"_s, u"x"_s } }).returning({ id });
    const Delete deleting = deleteFrom(users).where(id == 1).returning({ id });

    addRowFor(u"sqlite-3.34"_s, "insertReturning", inserting,
              fails(Error::UnsupportedFeatureError, u"SQLite has no INSERT ... RETURNING"_s));
    addRowFor(u"sqlite-3.34"_s, "fullJoin",
              select({ id }).fullJoin(schema().addresses, schema().addresses[u"user_id"_s] == id),
              fails(Error::UnsupportedFeatureError, u"SQLite has no FULL OUTER JOIN"_s));
    addRowFor(u"sqlite-3.29"_s, "nullsLast",
              select({ id }).orderBy({ users[u"age"_s].descending().nullsLast() }),
              expect(u"SELECT users.id FROM users ORDER BY users.age IS NULL, users.age DESC"_s));
    addRowFor(u"mariadb-10.4"_s, "insertReturning", inserting,
              fails(Error::UnsupportedFeatureError, u"MariaDB has no INSERT ... RETURNING"_s));
    addRowFor(u"mariadb-10.4"_s, "deleteReturning", deleting,
              expect(u"DELETE FROM users WHERE users.id = ? RETURNING id"_s, { 1 }));
    addRowFor(u"mysql"_s, "insertReturning", inserting,
              fails(Error::UnsupportedFeatureError, u"MySQL has no INSERT ... RETURNING"_s));
    addRowFor(u"mysql"_s, "deleteReturning", deleting,
              fails(Error::UnsupportedFeatureError, u"MySQL has no DELETE ... RETURNING"_s));
    addRowFor(u"mysql"_s, "fullJoin",
              select({ id }).fullJoin(schema().addresses, schema().addresses[u"user_id"_s] == id),
              fails(Error::UnsupportedFeatureError, u"MySQL has no FULL OUTER JOIN"_s));
    addRowFor(u"mysql"_s, "forShare", select({ id }).withRowLock(RowLock::ForShare),
              expect(u"SELECT users.id FROM users LOCK IN SHARE MODE"_s));
    addRowFor(u"mysql"_s, "quoting", select({ schema().quoted[u"order"_s] }),
              expect(u"SELECT `user`.`order` FROM `user`"_s));
}

// ---------------------------------------------------------------- statements, one by one

void tst_Compiler::clientDefaults()
{
    const Table &events = schema().events;
    for (const QString &name : mainDialects()) {
        const Dialect dialect = dialectNamed(name);
        const QString now = name == u"mariadb" ? u"CURRENT_TIMESTAMP(3)"_s
                : name == u"sqlite"            ? u"strftime('%Y-%m-%d %H:%M:%f', 'now')"_s
                                               : u"CURRENT_TIMESTAMP"_s;
        const QString due = name == u"postgresql" ? u"2030-01-02 03:04:05.000+00"_s
                                                  : u"2030-01-02 03:04:05.000"_s;
        const QString row = u"(?, ?, %1, ?, ?)"_s.arg(now);
        const QString head = u"INSERT INTO events (kind, serial, stamp, due, note) VALUES "_s;

        // a value, a callable (called once per row) and an SQL expression fill the columns not
        // given
        const CompiledStatement one =
                dialect.compile(insert(events).values({ { u"note"_s, u"a"_s } }));
        QVERIFY2(one.isValid(), qPrintable(one.error().text()));
        QCOMPARE(one.sql(), head + row);
        const int serial = one.boundValues().value(1).toInt();
        QCOMPARE(describe(one.boundValues()), describe({ u"info"_s, serial, due, u"a"_s }));

        const CompiledStatement two = dialect.compile(insert(events).values(
                QList<QVariantMap>{ { { u"note"_s, u"b"_s } }, { { u"note"_s, u"c"_s } } }));
        QVERIFY2(two.isValid(), qPrintable(two.error().text()));
        QCOMPARE(two.sql(), head + row + u", "_s + row);
        QCOMPARE(describe(two.boundValues()),
                 describe({ u"info"_s, serial + 1, due, u"b"_s, u"info"_s, serial + 2, due,
                            u"c"_s }));

        // values given win, and the callable is not called for them
        const CompiledStatement given =
                dialect.compile(insert(events)
                                        .values({ { u"kind"_s, u"warn"_s }, { u"serial"_s, 42 } })
                                        .value(u"stamp"_s,
                                               literal(QDateTime(QDate(2020, 5, 6), QTime(7, 8),
                                                                 QTimeZone::utc()))));
        QVERIFY2(given.isValid(), qPrintable(given.error().text()));
        QCOMPARE(given.sql(),
                 u"INSERT INTO events (kind, serial, stamp, due) VALUES (?, ?, ?, ?)"_s);
        QCOMPARE(describe(given.boundValues()),
                 describe({ u"warn"_s, 42,
                            name == u"postgresql" ? u"2020-05-06 07:08:00.000+00"_s
                                                  : u"2020-05-06 07:08:00.000"_s,
                            due }));
        const CompiledStatement after = dialect.compile(insert(events));
        QVERIFY2(after.isValid(), qPrintable(after.error().text()));
        QCOMPARE(after.sql(),
                 u"INSERT INTO events (kind, serial, stamp, due) VALUES (?, ?, %1, ?)"_s.arg(now));
        QCOMPARE(after.boundValues().value(1).toInt(), serial + 3);
    }
}

void tst_Compiler::textSql()
{
    const QString text =
            u"SELECT name, 'it''s :quoted' AS q, \"odd:name\", `back:tick` FROM users WHERE name = "
            u":name"
            u" AND created::date = :day AND age > :age -- :comment\n"
            u" AND id IN (:id, :id) AND x = ':' /* :block\n :more */ AND y = :_under1"_s;
    const QString expected = u"SELECT name, 'it''s :quoted' AS q, \"odd:name\", `back:tick` FROM "
                             u"users WHERE name = ?"
                             u" AND created::date = ? AND age > ? -- :comment\n"
                             u" AND id IN (?, ?) AND x = ':' /* :block\n :more */ AND y = ?"_s;
    const TextSql statement = TextSql(text)
                                      .bind(u"name"_s, u"Ada"_s)
                                      .bind({ { u"day"_s, QDate(2024, 1, 2) },
                                              { u"id"_s, 7 },
                                              { u"_under1"_s, true } });
    for (const QString &name : mainDialects()) {
        const Dialect dialect = dialectNamed(name);
        const CompiledStatement compiled = dialect.compile(statement);
        QVERIFY2(compiled.isValid(), qPrintable(compiled.error().text()));
        QCOMPARE(compiled.sql(), expected);
        QCOMPARE(compiled.kind(), Statement::TextStatement);
        QVERIFY(compiled.returnsRows());
        QCOMPARE(compiled.parameterNames(),
                 (QStringList{ u"name"_s, u"day"_s, u"age"_s, u"id"_s, u"id"_s, u"_under1"_s }));
        QCOMPARE(compiled.unboundParameters(), QStringList{ u"age"_s });
        // values are converted for the database as any bound value is
        const QVariant day =
                name == u"postgresql" ? QVariant(QDate(2024, 1, 2)) : QVariant(u"2024-01-02"_s);
        const QVariant flag = name == u"postgresql" ? QVariant(true) : QVariant(1);
        QCOMPARE(describe(compiled.boundValues()),
                 describe({ u"Ada"_s, day, QVariant(), 7, 7, flag }));

        const CompiledStatement bound = dialect.bindParameters(compiled, { { u"age"_s, 30 } });
        QVERIFY2(bound.isValid(), qPrintable(bound.error().text()));
        QCOMPARE(bound.sql(), expected);
        QVERIFY(bound.unboundParameters().isEmpty());
        QCOMPARE(describe(bound.boundValues()), describe({ u"Ada"_s, day, 30, 7, 7, flag }));

        const CompiledStatement unknown = dialect.bindParameters(compiled, { { u"nope"_s, 1 } });
        QVERIFY(!unknown.isValid());
        QCOMPARE(unknown.error().type(), Error::InvalidRequestError);
        QVERIFY2(unknown.error().text().contains(u"no parameter named 'nope'"_s),
                 qPrintable(unknown.error().text()));

        // statements without rows, RETURNING, declared result columns
        const CompiledStatement updating =
                dialect.compile(TextSql(u"UPDATE users SET name = :n"_s).bind(u"n"_s, u"x"_s));
        QCOMPARE(updating.sql(), u"UPDATE users SET name = ?"_s);
        QVERIFY(!updating.returnsRows());
        QVERIFY(dialect.compile(TextSql(u"DELETE FROM users RETURNING id"_s)).returnsRows());
        QVERIFY(dialect.compile(TextSql(u"  with x as (select 1) select * from x"_s))
                        .returnsRows());
        const CompiledStatement typed =
                dialect.compile(TextSql(u"SELECT name, created FROM users"_s)
                                        .columns({ { u"name"_s, SqlType::string() },
                                                   { u"created"_s, SqlType::dateTime() } }));
        QCOMPARE(typed.resultNames(), (QStringList{ u"name"_s, u"created"_s }));
        QCOMPARE(typed.resultTypes().value(1).kind(), SqlType::DateTime);
        // an unterminated quote or comment swallows the rest, and nothing is lost
        const CompiledStatement open = dialect.compile(TextSql(u"SELECT 'abc :x"_s));
        QCOMPARE(open.sql(), u"SELECT 'abc :x"_s);
        QVERIFY(open.parameterNames().isEmpty());
        const CompiledStatement openComment = dialect.compile(TextSql(u"SELECT 1 /* :x"_s));
        QCOMPARE(openComment.sql(), u"SELECT 1 /* :x"_s);
        QVERIFY(openComment.parameterNames().isEmpty());
        // "a:1" and ":=" are not parameters
        const CompiledStatement colons =
                dialect.compile(TextSql(u"SELECT @v := 1, '10:30', 10:30"_s));
        QCOMPARE(colons.sql(), u"SELECT @v := 1, '10:30', 10:30"_s);
        QVERIFY(colons.parameterNames().isEmpty());
    }

    // Strings with the database's own escapes keep their ":name" text; the one after them binds.
    const QString mysql = u"SELECT 'it\\'s :x', :y"_s;
    const CompiledStatement mysqlText = Dialect::mysql().compile(TextSql(mysql).bind(u"y"_s, 1));
    QCOMPARE(mysqlText.sql(), u"SELECT 'it\\'s :x', ?"_s);
    QCOMPARE(mysqlText.parameterNames(), QStringList{ u"y"_s });
    const QString escaped = u"SELECT E'it\\'s :x', :y"_s;
    const CompiledStatement pgEscaped =
            Dialect::postgresql().compile(TextSql(escaped).bind(u"y"_s, 1));
    QCOMPARE(pgEscaped.sql(), u"SELECT E'it\\'s :x', ?"_s);
    QCOMPARE(pgEscaped.parameterNames(), QStringList{ u"y"_s });
    const CompiledStatement dollars = Dialect::postgresql().compile(
            TextSql(u"SELECT $$a :x$$, $body$ :z $$ $body$, :y"_s).bind(u"y"_s, 1));
    QCOMPARE(dollars.sql(), u"SELECT $$a :x$$, $body$ :z $$ $body$, ?"_s);
    QCOMPARE(dollars.parameterNames(), QStringList{ u"y"_s });
    // A keyword inside a string says nothing about the statement; MySQL's # starts a comment.
    QVERIFY(!Dialect::sqlite()
                     .compile(TextSql(u"UPDATE t SET note = 'see RETURNING' WHERE id = :id"_s))
                     .returnsRows());
    const CompiledStatement hash =
            Dialect::mysql().compile(TextSql(u"SELECT 1 # :x\n, :y"_s).bind(u"y"_s, 1));
    QCOMPARE(hash.parameterNames(), QStringList{ u"y"_s });
    // On SQLite a backslash is an ordinary character: 'a\' ends the string.
    const CompiledStatement plain =
            Dialect::sqlite().compile(TextSql(u"SELECT 'a\\', :y"_s).bind(u"y"_s, 1));
    QCOMPARE(plain.sql(), u"SELECT 'a\\', ?"_s);
}

void tst_Compiler::namedParameters()
{
    const Table &users = schema().users;
    const Select query = select({ users[u"id"_s] })
                                 .where(users[u"name"_s] == parameter(u"who"_s))
                                 .where(users[u"created"_s] > parameter(u"since"_s))
                                 .where(users[u"age"_s] > 3)
                                 .where(users[u"active"_s] == parameter(u"flag"_s));
    const QString sql = u"SELECT users.id FROM users WHERE users.name = ? AND users.created > ? "
                        u"AND users.age > ? "
                        u"AND users.active = ?"_s;
    for (const QString &name : mainDialects()) {
        const Dialect dialect = dialectNamed(name);
        const bool postgresql = name == u"postgresql";
        const CompiledStatement compiled = dialect.compile(query);
        QVERIFY2(compiled.isValid(), qPrintable(compiled.error().text()));
        QCOMPARE(compiled.sql(), sql);
        QCOMPARE(compiled.parameterNames(),
                 (QStringList{ u"who"_s, u"since"_s, QString(), u"flag"_s }));
        QCOMPARE(compiled.unboundParameters(), (QStringList{ u"who"_s, u"since"_s, u"flag"_s }));
        QCOMPARE(describe(compiled.boundValues()),
                 describe({ QVariant(), QVariant(), 3, QVariant() }));

        const CompiledStatement partial =
                dialect.bindParameters(compiled, { { u"who"_s, u"Ada"_s } });
        QVERIFY2(partial.isValid(), qPrintable(partial.error().text()));
        QCOMPARE(partial.unboundParameters(), (QStringList{ u"since"_s, u"flag"_s }));
        // a parameter compared with a column takes the column's type: the text is read as a
        // date-time
        const CompiledStatement full = dialect.bindParameters(
                partial,
                { { u"since"_s, u"2024-01-02T05:04:05.678+02:00"_s }, { u"flag"_s, true } });
        QVERIFY2(full.isValid(), qPrintable(full.error().text()));
        QCOMPARE(full.sql(), sql);
        QVERIFY(full.unboundParameters().isEmpty());
        QCOMPARE(describe(full.boundValues()),
                 describe({ u"Ada"_s,
                            postgresql ? u"2024-01-02 03:04:05.678+00"_s
                                       : u"2024-01-02 03:04:05.678"_s,
                            3, postgresql ? QVariant(true) : QVariant(1) }));
        // the compiled statement itself is unchanged
        QCOMPARE(compiled.unboundParameters().size(), 3);

        const CompiledStatement unknown = dialect.bindParameters(compiled, { { u"nope"_s, 1 } });
        QVERIFY(!unknown.isValid());
        QCOMPARE(unknown.error().type(), Error::InvalidRequestError);
        QVERIFY2(unknown.error().text().contains(u"no parameter named 'nope'"_s),
                 qPrintable(unknown.error().text()));

        // an explicitly typed parameter, used twice
        const CompiledStatement twice = dialect.compile(
                select({ parameter(u"b"_s, SqlType::boolean()).label(u"x"_s) })
                        .where(parameter(u"b"_s, SqlType::boolean()) != falseValue()));
        QVERIFY2(twice.isValid(), qPrintable(twice.error().text()));
        const CompiledStatement twiceBound =
                dialect.bindParameters(twice, { { u"b"_s, u"true"_s } });
        const QVariant one = postgresql ? QVariant(true) : QVariant(1);
        QCOMPARE(describe(twiceBound.boundValues()), describe({ one, one }));
    }
}

void tst_Compiler::resultColumns()
{
    const Table &users = schema().users;
    const Dialect dialect = Dialect::postgresql();
    const CompiledStatement query =
            dialect.compile(select({ users[u"id"_s], users[u"name"_s].label(u"n"_s),
                                     Function::count(), users[u"age"_s] + 1 })
                                    .groupBy({ users[u"id"_s] }));
    QVERIFY2(query.isValid(), qPrintable(query.error().text()));
    QVERIFY(query.returnsRows());
    QCOMPARE(query.kind(), Statement::SelectStatement);
    QCOMPARE(query.dialect(), DialectType::PostgreSQL);
    QCOMPARE(query.resultNames(), (QStringList{ u"id"_s, u"n"_s, QString(), QString() }));
    QList<SqlType::Kind> kinds;
    for (const SqlType &type : query.resultTypes())
        kinds += type.kind();
    QCOMPARE(kinds,
             (QList<SqlType::Kind>{ SqlType::BigInteger, SqlType::String, SqlType::BigInteger,
                                    SqlType::Integer }));

    const CompiledStatement compound = dialect.compile(
            select({ users[u"name"_s].label(u"who"_s) }).unionAll(select({ users[u"id"_s] })));
    QCOMPARE(compound.resultNames(), QStringList{ u"who"_s });

    const CompiledStatement plain =
            dialect.compile(insert(users).values({ { u"name"_s, u"x"_s } }));
    QVERIFY(!plain.returnsRows());
    QCOMPARE(plain.kind(), Statement::InsertStatement);
    const CompiledStatement returning = dialect.compile(
            insert(users)
                    .values({ { u"name"_s, u"x"_s } })
                    .returning({ users[u"id"_s], users[u"created"_s].label(u"c"_s) }));
    QVERIFY(returning.returnsRows());
    QCOMPARE(returning.resultNames(), (QStringList{ u"id"_s, u"c"_s }));
    QCOMPARE(returning.resultTypes().value(1).kind(), SqlType::DateTime);
    QVERIFY(!dialect.compile(update(users).set(u"age"_s, 1)).returnsRows());
    QCOMPARE(dialect.compile(deleteFrom(users)).kind(), Statement::DeleteStatement);
    QCOMPARE(Dialect::sqlite().compile(deleteFrom(users)).dialect(), DialectType::SQLite);
}

void tst_Compiler::quoteIdentifier_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("standard"); // SQLite and PostgreSQL
    QTest::addColumn<QString>("mariadb");
    QTest::newRow("plain") << u"name"_s << u"name"_s << u"name"_s;
    QTest::newRow("underscore digits") << u"_x1"_s << u"_x1"_s << u"_x1"_s;
    QTest::newRow("user") << u"user"_s << u"\"user\""_s << u"`user`"_s;
    QTest::newRow("order") << u"order"_s << u"\"order\""_s << u"`order`"_s;
    QTest::newRow("group") << u"group"_s << u"\"group\""_s << u"`group`"_s;
    QTest::newRow("select") << u"select"_s << u"\"select\""_s << u"`select`"_s;
    QTest::newRow("mixed case") << u"UserName"_s << u"\"UserName\""_s << u"`UserName`"_s;
    QTest::newRow("upper reserved") << u"ORDER"_s << u"\"ORDER\""_s << u"`ORDER`"_s;
    QTest::newRow("space") << u"a b"_s << u"\"a b\""_s << u"`a b`"_s;
    QTest::newRow("double quote") << u"a\"b"_s << u"\"a\"\"b\""_s << u"`a\"b`"_s;
    QTest::newRow("backtick") << u"a`b"_s << u"\"a`b\""_s << u"`a``b`"_s;
    QTest::newRow("leading digit") << u"1abc"_s << u"\"1abc\""_s << u"`1abc`"_s;
    QTest::newRow("non-ASCII") << u"größe"_s << u"\"größe\""_s << u"`größe`"_s;
    QTest::newRow("injection") << u"x\"; DROP TABLE t; --"_s << u"\"x\"\"; DROP TABLE t; --\""_s
                               << u"`x\"; DROP TABLE t; --`"_s;
}

void tst_Compiler::quoteIdentifier()
{
    QFETCH(QString, identifier);
    QFETCH(QString, standard);
    QFETCH(QString, mariadb);
    QCOMPARE(Dialect::sqlite().quoteIdentifier(identifier), standard);
    QCOMPARE(Dialect::postgresql().quoteIdentifier(identifier), standard);
    QCOMPARE(Dialect::mysql().quoteIdentifier(identifier), mariadb);
    QCOMPARE(Dialect::mysql(Dialect::MySQL, QVersionNumber(8, 0)).quoteIdentifier(identifier),
             mariadb);
}

// ---------------------------------------------------------------- DDL

namespace {

// MariaDB: backticks and its own type names are given explicitly; this only swaps the quotes.
QStringList backticked(QStringList statements)
{
    for (QString &statement : statements)
        statement.replace(u'"', u'`');
    return statements;
}

} // namespace

void tst_Compiler::createTable_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<Table>("table");
    QTest::addColumn<bool>("checkFirst");
    QTest::addColumn<QStringList>("statements");
    auto add = [](const char *name, const Table &table, bool checkFirst, const QStringList &sqlite,
                  const QStringList &postgresql, const QStringList &mariadb) {
        QTest::addRow("%s/sqlite", name) << u"sqlite"_s << table << checkFirst << sqlite;
        QTest::addRow("%s/postgresql", name)
                << u"postgresql"_s << table << checkFirst << postgresql;
        QTest::addRow("%s/mariadb", name) << u"mariadb"_s << table << checkFirst << mariadb;
    };
    const QString enumChecks = u"e VARCHAR(9) CHECK (e IN ('Red', 'Green', 'LightBlue')), "
                               u"ek VARCHAR(9) CHECK (ek IN ('draft', 'published'))"_s;

    // every type kind
    const Table kinds(
            u"kinds"_s,
            {
                    Column(u"id"_s, SqlType::integer(), primaryKeyOptions()),
                    Column(u"i"_s, SqlType::integer()),
                    Column(u"bi"_s, SqlType::bigInteger()),
                    Column(u"si"_s, SqlType::smallInteger()),
                    Column(u"b"_s, SqlType::boolean()),
                    Column(u"d"_s, SqlType::doublePrecision()),
                    Column(u"n"_s, SqlType::numeric(12, 4)),
                    Column(u"s"_s, SqlType::string(20)),
                    Column(u"su"_s, SqlType::string()),
                    Column(u"t"_s, SqlType::text()),
                    Column(u"bin"_s, SqlType::binary()),
                    Column(u"dt"_s, SqlType::date()),
                    Column(u"tm"_s, SqlType::time()),
                    Column(u"ts"_s, SqlType::dateTime()),
                    Column(u"u"_s, SqlType::uuid()),
                    Column(u"j"_s, SqlType::json()),
                    Column(u"e"_s, SqlType::enumeration(QMetaType::fromType<Color>())),
                    Column(u"ek"_s, SqlType::enumeration({ u"draft"_s, u"published"_s })),
                    Column(u"c"_s, SqlType::custom(u"CHAR(2)"_s, QMetaType::fromType<QString>())),
                    Column(u"v"_s,
                           SqlType::string(10)
                                   .withVariant(DialectType::PostgreSQL, SqlType::text())
                                   .withVariant(DialectType::MySQL,
                                                SqlType::custom(u"TINYTEXT"_s,
                                                                QMetaType::fromType<QString>()))),
            });
    add("kinds", kinds, false,
        { u"CREATE TABLE kinds (id INTEGER NOT NULL, i INTEGER, bi BIGINT, si SMALLINT, b BOOLEAN, "
          u"d DOUBLE PRECISION, "
          u"n NUMERIC(12, 4), s VARCHAR(20), su VARCHAR, t TEXT, bin BLOB, dt DATE, tm TIME, ts DATETIME, u CHAR(36), j TEXT, "_s
          + enumChecks + u", c CHAR(2), v VARCHAR(10), PRIMARY KEY (id))"_s },
        { u"CREATE TABLE kinds (id SERIAL NOT NULL, i INTEGER, bi BIGINT, si SMALLINT, b BOOLEAN, "
          u"d DOUBLE PRECISION, "
          u"n NUMERIC(12, 4), s VARCHAR(20), su VARCHAR, t TEXT, bin BYTEA, dt DATE, tm TIME "
          u"WITHOUT TIME ZONE, "
          u"ts TIMESTAMP WITH TIME ZONE, u UUID, j JSONB, "_s
          + enumChecks + u", c CHAR(2), v TEXT, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE kinds (id INTEGER NOT NULL AUTO_INCREMENT, i INTEGER, bi BIGINT, si "
          u"SMALLINT, b BOOL, d DOUBLE, "
          u"n NUMERIC(12, 4), s VARCHAR(20), su TEXT, t LONGTEXT, bin LONGBLOB, dt DATE, tm "
          u"TIME(3), ts DATETIME(3), "
          u"u CHAR(36), j JSON, "_s
          + enumChecks + u", c CHAR(2), v TINYTEXT, PRIMARY KEY (id))"_s });

    // NOT NULL and server defaults
    const Table defaults(
            u"defaults"_s,
            {
                    Column(u"id"_s, SqlType::integer(), primaryKeyOptions(Autoincrement::No)),
                    Column(u"n"_s, SqlType::integer(),
                           Options().withNullable(false).withServerDefault(0)),
                    Column(u"ratio"_s, SqlType::doublePrecision(),
                           Options().withServerDefault(0.1)),
                    Column(u"flag"_s, SqlType::boolean(),
                           Options().withNullable(false).withServerDefault(true)),
                    Column(u"state"_s, SqlType::string(20),
                           Options().withServerDefault(u"draft"_s)),
                    Column(u"quote"_s, SqlType::string(20), Options().withServerDefault(u"it's"_s)),
                    Column(u"created"_s, SqlType::dateTime(),
                           Options().withServerDefault(Function::now())),
                    Column(u"day"_s, SqlType::date(),
                           Options().withServerDefault(QDate(2024, 1, 2))),
                    Column(u"moment"_s, SqlType::dateTime(),
                           Options().withServerDefault(
                                   QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone::utc()))),
                    Column(u"expr"_s, SqlType::integer(),
                           Options().withServerDefault(text(u"(1 + 2)"_s))),
                    Column(u"lowered"_s, SqlType::string(20),
                           Options().withServerDefault(Function::lower(literal(u"ABC"_s)))),
                    Column(u"unset"_s, SqlType::integer(), Options().withServerDefault(null())),
                    Column(u"required"_s, SqlType::text(), Options().withNullable(false)),
            });
    add("defaults", defaults, false,
        { u"CREATE TABLE defaults (id INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0, ratio DOUBLE "
          u"PRECISION DEFAULT 0.1, "
          u"flag BOOLEAN NOT NULL DEFAULT 1, state VARCHAR(20) DEFAULT 'draft', quote VARCHAR(20) "
          u"DEFAULT 'it''s', "
          u"created DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')), day DATE DEFAULT "
          u"'2024-01-02', "
          u"moment DATETIME DEFAULT '2024-01-02 03:04:05.000', expr INTEGER DEFAULT (1 + 2), "
          u"lowered VARCHAR(20) DEFAULT (lower('ABC')), unset INTEGER DEFAULT NULL, required TEXT NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE defaults (id INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0, ratio DOUBLE "
          u"PRECISION DEFAULT 0.1, "
          u"flag BOOLEAN NOT NULL DEFAULT true, state VARCHAR(20) DEFAULT 'draft', quote "
          u"VARCHAR(20) DEFAULT 'it''s', "
          u"created TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, day DATE DEFAULT "
          u"'2024-01-02', "
          u"moment TIMESTAMP WITH TIME ZONE DEFAULT '2024-01-02 03:04:05.000+00', expr INTEGER "
          u"DEFAULT (1 + 2), "
          u"lowered VARCHAR(20) DEFAULT (lower('ABC')), unset INTEGER DEFAULT NULL, required TEXT NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE defaults (id INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0, ratio DOUBLE "
          u"DEFAULT 0.1, "
          u"flag BOOL NOT NULL DEFAULT 1, state VARCHAR(20) DEFAULT 'draft', quote VARCHAR(20) "
          u"DEFAULT 'it''s', "
          u"created DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), day DATE DEFAULT '2024-01-02', "
          u"moment DATETIME(3) DEFAULT '2024-01-02 03:04:05.000', expr INTEGER DEFAULT (1 + 2), "
          u"lowered VARCHAR(20) DEFAULT (lower('ABC')), unset INTEGER DEFAULT NULL, required LONGTEXT NOT NULL, PRIMARY KEY (id))"_s });

    // MySQL string literals: backslashes depend on sql_mode, so such text is written in hex
    const Table literals(
            u"literals"_s,
            {
                    Column(u"id"_s, SqlType::integer(), primaryKeyOptions(Autoincrement::No)),
                    Column(u"path"_s, SqlType::string(50),
                           Options().withServerDefault(u"C:\\temp"_s)),
                    Column(u"word"_s, SqlType::string(20), Options().withServerDefault(u"café"_s)),
                    Column(u"plain"_s, SqlType::string(20),
                           Options().withServerDefault(u"it's 100%"_s)),
            });
    const QString standardLiterals =
            u"CREATE TABLE literals (id INTEGER NOT NULL, path VARCHAR(50) DEFAULT 'C:\\temp', "
            u"word VARCHAR(20) DEFAULT 'café', plain VARCHAR(20) DEFAULT 'it''s 100%', PRIMARY KEY (id))"_s;
    add("stringLiterals", literals, false, { standardLiterals }, { standardLiterals },
        { u"CREATE TABLE literals (id INTEGER NOT NULL, path VARCHAR(50) DEFAULT "
          u"X'433a5c74656d70', "
          u"word VARCHAR(20) DEFAULT X'636166c3a9', plain VARCHAR(20) DEFAULT 'it''s 100%', PRIMARY KEY (id))"_s });

    // autoincrement: SQLite's rowid alias must be declared exactly INTEGER, whatever the integer
    // type
    add("bigIntegerKey",
        Table(u"big"_s, { Column(u"id"_s, SqlType::bigInteger(), primaryKeyOptions()) }), false,
        { u"CREATE TABLE big (id INTEGER NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE big (id BIGSERIAL NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE big (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))"_s });
    add("smallIntegerKey",
        Table(u"small"_s, { Column(u"id"_s, SqlType::smallInteger(), primaryKeyOptions()) }), false,
        { u"CREATE TABLE small (id INTEGER NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE small (id SMALLSERIAL NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE small (id SMALLINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))"_s });
    add("noAutoincrement",
        Table(u"plain"_s,
              { Column(u"id"_s, SqlType::bigInteger(), primaryKeyOptions(Autoincrement::No)) }),
        false, { u"CREATE TABLE plain (id BIGINT NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE plain (id BIGINT NOT NULL, PRIMARY KEY (id))"_s },
        { u"CREATE TABLE plain (id BIGINT NOT NULL, PRIMARY KEY (id))"_s });
    add("stringKey",
        Table(u"codes"_s, { Column(u"code"_s, SqlType::string(10), primaryKeyOptions()) }), false,
        { u"CREATE TABLE codes (code VARCHAR(10) NOT NULL, PRIMARY KEY (code))"_s },
        { u"CREATE TABLE codes (code VARCHAR(10) NOT NULL, PRIMARY KEY (code))"_s },
        { u"CREATE TABLE codes (code VARCHAR(10) NOT NULL, PRIMARY KEY (code))"_s });
    const QStringList compositeStandard = {
        u"CREATE TABLE pairs (a INTEGER NOT NULL, b BIGINT NOT NULL, label VARCHAR(10), CONSTRAINT pk_pairs PRIMARY KEY (a, b))"_s
    };
    add("compositeKey",
        Table(u"pairs"_s,
              { Column(u"a"_s, SqlType::integer()), Column(u"b"_s, SqlType::bigInteger()),
                Column(u"label"_s, SqlType::string(10)) },
              { Constraint::primaryKey({ u"a"_s, u"b"_s }, u"pk_pairs"_s) }),
        false, compositeStandard, compositeStandard, compositeStandard);
    const QStringList compositeByColumns = {
        u"CREATE TABLE pairs (a INTEGER NOT NULL, b BIGINT NOT NULL, PRIMARY KEY (a, b))"_s
    };
    add("compositeKeyByColumns",
        Table(u"pairs"_s,
              { Column(u"a"_s, SqlType::integer(), primaryKeyOptions()),
                Column(u"b"_s, SqlType::bigInteger(), primaryKeyOptions()) }),
        false, compositeByColumns, compositeByColumns, compositeByColumns);

    // unique and index column options, explicit indexes and constraints
    const Table people(
            u"people"_s,
            {
                    Column(u"id"_s, SqlType::integer(), primaryKeyOptions()),
                    Column(u"email"_s, SqlType::string(100), Options().withUnique()),
                    Column(u"name"_s, SqlType::string(50), Options().withIndex()),
                    Column(u"code"_s, SqlType::string(10), Options().withUnique().withIndex()),
                    Column(u"a"_s, SqlType::integer()),
                    Column(u"b"_s, SqlType::integer()),
                    Column(u"age"_s, SqlType::integer()),
            },
            {
                    Constraint::unique({ u"a"_s, u"b"_s }, u"uq_people_a_b"_s),
                    Constraint::unique({ u"b"_s, u"age"_s }),
                    Constraint::check(Column(u"age"_s, SqlType::integer()) >= 0,
                                      u"ck_people_age"_s),
                    Constraint::check(text(u"a <> b"_s)),
                    Constraint::check(Column(u"email"_s, SqlType::string()).like(u"%@%"_s)
                                      || Column(u"email"_s, SqlType::string()) == nullptr),
            },
            { Index(u"ix_people_a_b"_s, { u"a"_s, u"b"_s }),
              Index(u"ux_people_age"_s, { u"age"_s }, Index::Unique) });
    const QString peopleColumns = u"email VARCHAR(100), name VARCHAR(50), code VARCHAR(10), a "
                                  u"INTEGER, b INTEGER, age INTEGER, "
                                  u"PRIMARY KEY (id), UNIQUE (email), CONSTRAINT uq_people_a_b "
                                  u"UNIQUE (a, b), UNIQUE (b, age), "
                                  u"CONSTRAINT ck_people_age CHECK (age >= 0), CHECK (a <> b), "
                                  u"CHECK (email LIKE '%@%' OR email IS NULL))"_s;
    auto peopleIndexes = [](const QString &ifNotExists) {
        return QStringList{
            u"CREATE INDEX %1ix_people_name ON people (name)"_s.arg(ifNotExists),
            u"CREATE UNIQUE INDEX %1ix_people_code ON people (code)"_s.arg(ifNotExists),
            u"CREATE INDEX %1ix_people_a_b ON people (a, b)"_s.arg(ifNotExists),
            u"CREATE UNIQUE INDEX %1ux_people_age ON people (age)"_s.arg(ifNotExists)
        };
    };
    add("constraintsAndIndexes", people, false,
        QStringList{ u"CREATE TABLE people (id INTEGER NOT NULL, "_s + peopleColumns }
                + peopleIndexes({}),
        QStringList{ u"CREATE TABLE people (id SERIAL NOT NULL, "_s + peopleColumns }
                + peopleIndexes({}),
        QStringList{ u"CREATE TABLE people (id INTEGER NOT NULL AUTO_INCREMENT, "_s
                     + peopleColumns }
                + peopleIndexes({}));
    add("checkFirst", people, true,
        QStringList{ u"CREATE TABLE IF NOT EXISTS people (id INTEGER NOT NULL, "_s + peopleColumns }
                + peopleIndexes(u"IF NOT EXISTS "_s),
        QStringList{ u"CREATE TABLE IF NOT EXISTS people (id SERIAL NOT NULL, "_s + peopleColumns }
                + peopleIndexes(u"IF NOT EXISTS "_s),
        QStringList{ u"CREATE TABLE IF NOT EXISTS people (id INTEGER NOT NULL AUTO_INCREMENT, "_s
                     + peopleColumns }
                + peopleIndexes(u"IF NOT EXISTS "_s));
    // MySQL (not MariaDB) has no CREATE INDEX IF NOT EXISTS
    QTest::addRow("checkFirst/mysql")
            << u"mysql"_s << people << true
            << QStringList{
                   u"CREATE TABLE IF NOT EXISTS people (id INTEGER NOT NULL AUTO_INCREMENT, "_s
                   + peopleColumns
               } + peopleIndexes({});

    // foreign keys
    const Table child(u"child"_s,
                      {
                              Column(u"id"_s, SqlType::integer(), primaryKeyOptions()),
                              Column(u"user_id"_s, SqlType::bigInteger(),
                                     Options().withNullable(false).withForeignKey(ForeignKey(
                                             u"users.id"_s,
                                             referentialActions(ReferentialAction::Cascade,
                                                                ReferentialAction::Cascade)))),
                              Column(u"reviewer_id"_s, SqlType::bigInteger(),
                                     Options().withForeignKey(ForeignKey(
                                             u"users.id"_s,
                                             referentialActions(ReferentialAction::SetNull,
                                                                ReferentialAction::NoAction,
                                                                u"fk_child_reviewer"_s)))),
                              Column(u"quoted_id"_s, SqlType::integer(),
                                     Options().withForeignKey(ForeignKey(
                                             u"user.id"_s,
                                             referentialActions(ReferentialAction::NoAction,
                                                                ReferentialAction::Restrict)))),
                              Column(u"a"_s, SqlType::integer()),
                              Column(u"b"_s, SqlType::bigInteger()),
                      },
                      { Constraint::foreignKey({ u"a"_s, u"b"_s }, { u"pairs.a"_s, u"pairs.b"_s },
                                               referentialActions(ReferentialAction::Restrict,
                                                                  ReferentialAction::NoAction)) });
    const QString childRest =
            u"user_id BIGINT NOT NULL, reviewer_id BIGINT, quoted_id INTEGER, a INTEGER, b BIGINT, "
            u"PRIMARY KEY (id), "
            u"FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE, "
            u"CONSTRAINT fk_child_reviewer FOREIGN KEY (reviewer_id) REFERENCES users (id) ON "
            u"DELETE SET NULL, "
            u"FOREIGN KEY (quoted_id) REFERENCES \"user\" (id) ON UPDATE RESTRICT, "
            u"FOREIGN KEY (a, b) REFERENCES pairs (a, b) ON DELETE RESTRICT)"_s;
    add("foreignKeys", child, false, { u"CREATE TABLE child (id INTEGER NOT NULL, "_s + childRest },
        { u"CREATE TABLE child (id SERIAL NOT NULL, "_s + childRest },
        backticked(QStringList{ u"CREATE TABLE child (id INTEGER NOT NULL AUTO_INCREMENT, "_s
                                + childRest }));
    const Table setDefault(
            u"fallback"_s,
            { Column(u"id"_s, SqlType::integer(), primaryKeyOptions(Autoincrement::No)),
              Column(u"user_id"_s, SqlType::bigInteger(),
                     Options().withServerDefault(0).withForeignKey(
                             ForeignKey(u"users.id"_s,
                                        referentialActions(ReferentialAction::SetDefault,
                                                           ReferentialAction::NoAction)))) });
    const QStringList setDefaultSql = {
        u"CREATE TABLE fallback (id INTEGER NOT NULL, user_id BIGINT DEFAULT 0, PRIMARY KEY (id), "
        u"FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET DEFAULT)"_s
    };
    add("setDefault", setDefault, false, setDefaultSql, setDefaultSql, setDefaultSql);

    // schemas: SQLite qualifies the index name, and a reference names a table of the same schema
    // unqualified
    const Table ledger(
            u"ledger"_s,
            { Column(u"id"_s, SqlType::integer(), primaryKeyOptions()),
              Column(u"account_id"_s, SqlType::integer(),
                     Options().withIndex().withForeignKey(ForeignKey(u"billing.accounts.id"_s))) },
            {}, {}, inSchema(u"billing"_s));
    add("schema", ledger, false,
        { u"CREATE TABLE billing.ledger (id INTEGER NOT NULL, account_id INTEGER, PRIMARY KEY "
          u"(id), "
          u"FOREIGN KEY (account_id) REFERENCES accounts (id))"_s,
          u"CREATE INDEX billing.ix_ledger_account_id ON ledger (account_id)"_s },
        { u"CREATE TABLE billing.ledger (id SERIAL NOT NULL, account_id INTEGER, PRIMARY KEY (id), "
          u"FOREIGN KEY (account_id) REFERENCES billing.accounts (id))"_s,
          u"CREATE INDEX ix_ledger_account_id ON billing.ledger (account_id)"_s },
        { u"CREATE TABLE billing.ledger (id INTEGER NOT NULL AUTO_INCREMENT, account_id INTEGER, "
          u"PRIMARY KEY (id), "
          u"FOREIGN KEY (account_id) REFERENCES billing.accounts (id))"_s,
          u"CREATE INDEX ix_ledger_account_id ON billing.ledger (account_id)"_s });
    const QString accounts =
            u"CREATE TABLE billing.accounts (%1, owner_id BIGINT, PRIMARY KEY (id), "
            u"FOREIGN KEY (owner_id) REFERENCES users (id))"_s;
    QTest::addRow("otherSchemaReference/postgresql")
            << u"postgresql"_s << schema().accounts << false
            << QStringList{ accounts.arg(u"id SERIAL NOT NULL"_s) };

    // reserved words and odd names
    const QString quotedRest =
            u"\"order\" INTEGER, \"group\" VARCHAR(10), \"select\" INTEGER, \"MixedCase\" INTEGER, "
            u"\"we\"\"ird\" INTEGER, \"back`tick\" INTEGER, \"with space\" INTEGER, PRIMARY KEY (id))"_s;
    add("quoted", schema().quoted, true,
        { u"CREATE TABLE IF NOT EXISTS \"user\" (id INTEGER NOT NULL, "_s + quotedRest },
        { u"CREATE TABLE IF NOT EXISTS \"user\" (id SERIAL NOT NULL, "_s + quotedRest },
        { u"CREATE TABLE IF NOT EXISTS `user` (id INTEGER NOT NULL AUTO_INCREMENT, `order` "
          u"INTEGER, `group` VARCHAR(10), "
          u"`select` INTEGER, `MixedCase` INTEGER, `we\"ird` INTEGER, `back``tick` INTEGER, `with space` INTEGER, PRIMARY KEY (id))"_s });
}

void tst_Compiler::createTable()
{
    QFETCH(QString, dialect);
    QFETCH(Table, table);
    QFETCH(bool, checkFirst);
    QFETCH(QStringList, statements);
    const QList<CompiledStatement> compiled =
            dialectNamed(dialect).createTable(table, checkFirst ? CheckFirst::Yes : CheckFirst::No);
    QStringList sql;
    for (const CompiledStatement &statement : compiled) {
        QVERIFY2(statement.isValid(), qPrintable(statement.error().text()));
        QVERIFY(statement.boundValues().isEmpty());
        sql += statement.sql();
    }
    QCOMPARE(sql, statements);
}

void tst_Compiler::createTableErrors()
{
    auto verifyFails = [](const QList<CompiledStatement> &statements, Error::Type type,
                          const QString &message) {
        QCOMPARE(statements.size(), 1);
        QVERIFY(!statements.first().isValid());
        QCOMPARE(statements.first().error().type(), type);
        QVERIFY2(statements.first().error().text().contains(message),
                 qPrintable(statements.first().error().text()));
    };
    for (const QString &name : mainDialects()) {
        const Dialect dialect = dialectNamed(name);
        verifyFails(dialect.createTable(schema().duplicate), Error::InvalidRequestError,
                    u"Table 'duplicate': column 'a' is defined twice"_s);
        verifyFails(dialect.createTable(Table()), Error::InvalidRequestError,
                    u"CREATE TABLE needs a table"_s);
        const Table withParameter(
                u"p"_s, { Column(u"a"_s, SqlType::integer()) },
                { Constraint::check(Column(u"a"_s, SqlType::integer()) > parameter(u"x"_s)) });
        verifyFails(dialect.createTable(withParameter), Error::InvalidRequestError,
                    u"Parameter 'x' cannot appear in DDL"_s);
    }
    // SQLite and MySQL look for a referenced table without schema in the referencing table's
    // schema (PostgreSQL in its search_path); SQLite cannot reach another schema at all.
    const QString lookup =
            u"would look for 'users' in schema 'billing' of the referencing table 'billing.accounts'"_s;
    verifyFails(Dialect::sqlite().createTable(schema().accounts), Error::UnsupportedFeatureError,
                u"SQLite "_s + lookup);
    verifyFails(Dialect::mysql().createTable(schema().accounts), Error::UnsupportedFeatureError,
                u"MariaDB "_s + lookup);
    const Table crossSchema(
            u"entries"_s,
            { Column(u"ledger_id"_s, SqlType::integer(),
                     Options().withForeignKey(ForeignKey(u"billing.ledger.id"_s))) });
    verifyFails(
            Dialect::sqlite().createTable(crossSchema), Error::UnsupportedFeatureError,
            u"SQLite cannot reference a table in another schema: 'entries' references 'billing.ledger'"_s);
    QCOMPARE(
            Dialect::mysql().createTable(crossSchema).first().sql(),
            u"CREATE TABLE entries (ledger_id INTEGER, FOREIGN KEY (ledger_id) REFERENCES billing.ledger (id))"_s);
}

void tst_Compiler::dropTable()
{
    const Schema &s = schema();
    for (const QString &name : mainDialects()) {
        const Dialect dialect = dialectNamed(name);
        const bool mariadb = name == u"mariadb";
        QCOMPARE(dialect.dropTable(s.users).sql(), u"DROP TABLE users"_s);
        QCOMPARE(dialect.dropTable(s.users, CheckFirst::Yes).sql(),
                 u"DROP TABLE IF EXISTS users"_s);
        QCOMPARE(dialect.dropTable(s.quoted, CheckFirst::Yes).sql(),
                 mariadb ? u"DROP TABLE IF EXISTS `user`"_s : u"DROP TABLE IF EXISTS \"user\""_s);
        QCOMPARE(dialect.dropTable(s.accounts).sql(), u"DROP TABLE billing.accounts"_s);
        const CompiledStatement none = dialect.dropTable(Table());
        QVERIFY(!none.isValid());
        QCOMPARE(none.error().type(), Error::InvalidRequestError);
    }
}

void tst_Compiler::alterConstraints()
{
    const Schema &s = schema();
    const Constraint foreignKey = Constraint::foreignKey(
            { u"user_id"_s }, { u"users.id"_s }, referentialActions(ReferentialAction::Cascade));
    const Constraint named = Constraint::foreignKey({ u"user_id"_s }, { u"users.id"_s },
                                                    foreignKeyNamed(u"fk_named"_s));
    const Constraint unique = Constraint::unique({ u"email"_s }, u"uq_addresses_email"_s);
    const Constraint check =
            Constraint::check(Column(u"user_id"_s, SqlType::bigInteger()) > 0, u"ck_positive"_s);

    // SQLite cannot alter constraints at all
    for (const Constraint &constraint : { foreignKey, unique }) {
        const CompiledStatement add = Dialect::sqlite().addConstraint(s.addresses, constraint);
        QVERIFY(!add.isValid());
        QCOMPARE(add.error().type(), Error::UnsupportedFeatureError);
        QVERIFY2(add.error().text().contains(u"SQLite"_s), qPrintable(add.error().text()));
        const CompiledStatement drop = Dialect::sqlite().dropConstraint(s.addresses, constraint);
        QVERIFY(!drop.isValid());
        QCOMPARE(drop.error().type(), Error::UnsupportedFeatureError);
    }

    for (const QString &name : { u"postgresql"_s, u"mariadb"_s }) {
        const Dialect dialect = dialectNamed(name);
        const bool mariadb = name == u"mariadb";
        auto sqlOf = [](const CompiledStatement &statement) {
            return statement.isValid() ? statement.sql() : u"error: "_s + statement.error().text();
        };
        QCOMPARE(sqlOf(dialect.addConstraint(s.addresses, foreignKey)),
                 u"ALTER TABLE addresses ADD CONSTRAINT fk_addresses_user_id FOREIGN KEY (user_id) "
                 u"REFERENCES users (id) "
                 u"ON DELETE CASCADE"_s);
        QCOMPARE(
                sqlOf(dialect.addConstraint(s.addresses, named)),
                u"ALTER TABLE addresses ADD CONSTRAINT fk_named FOREIGN KEY (user_id) REFERENCES users (id)"_s);
        QCOMPARE(sqlOf(dialect.dropConstraint(s.addresses, foreignKey)),
                 mariadb ? u"ALTER TABLE addresses DROP FOREIGN KEY fk_addresses_user_id"_s
                         : u"ALTER TABLE addresses DROP CONSTRAINT fk_addresses_user_id"_s);
        QCOMPARE(sqlOf(dialect.dropConstraint(s.addresses, named)),
                 mariadb ? u"ALTER TABLE addresses DROP FOREIGN KEY fk_named"_s
                         : u"ALTER TABLE addresses DROP CONSTRAINT fk_named"_s);
        QCOMPARE(sqlOf(dialect.addConstraint(s.addresses, unique)),
                 u"ALTER TABLE addresses ADD CONSTRAINT uq_addresses_email UNIQUE (email)"_s);
        QCOMPARE(sqlOf(dialect.dropConstraint(s.addresses, unique)),
                 mariadb ? u"ALTER TABLE addresses DROP INDEX uq_addresses_email"_s
                         : u"ALTER TABLE addresses DROP CONSTRAINT uq_addresses_email"_s);
        QCOMPARE(sqlOf(dialect.addConstraint(s.addresses, check)),
                 u"ALTER TABLE addresses ADD CONSTRAINT ck_positive CHECK (user_id > 0)"_s);
        QCOMPARE(sqlOf(dialect.dropConstraint(s.addresses, check)),
                 u"ALTER TABLE addresses DROP CONSTRAINT ck_positive"_s);
        QCOMPARE(
                sqlOf(dialect.addConstraint(
                        s.quoted, Constraint::foreignKey({ u"order"_s }, { u"users.id"_s }))),
                mariadb ? u"ALTER TABLE `user` ADD CONSTRAINT fk_user_order FOREIGN KEY (`order`) REFERENCES users (id)"_s
                        : u"ALTER TABLE \"user\" ADD CONSTRAINT fk_user_order FOREIGN KEY (\"order\") REFERENCES users (id)"_s);
        // a constraint the database named cannot be dropped by name
        const CompiledStatement unnamed =
                dialect.dropConstraint(s.addresses, Constraint::unique({ u"email"_s }));
        QVERIFY(!unnamed.isValid());
        QCOMPARE(unnamed.error().type(), Error::InvalidRequestError);
    }
}

void tst_Compiler::sortedTables()
{
    auto names = [](const QList<Table> &tables) {
        QStringList result;
        for (const Table &table : tables)
            result += table.fullName();
        return result;
    };
    auto referencing = [](const QString &name, const QString &target) {
        return Column(name, SqlType::integer(), Options().withForeignKey(ForeignKey(target)));
    };
    const Column id(u"id"_s, SqlType::integer(), primaryKeyOptions());

    { // no references: the order added
        MetaData metadata;
        Table(metadata, u"c"_s, { id });
        Table(metadata, u"a"_s, { id });
        Table(metadata, u"b"_s, { id });
        QCOMPARE(names(metadata.sortedTables()), (QStringList{ u"c"_s, u"a"_s, u"b"_s }));
    }
    { // parents first, otherwise the order added
        MetaData metadata;
        Table(metadata, u"child"_s, { id, referencing(u"parent_id"_s, u"parent.id"_s) });
        Table(metadata, u"parent"_s, { id, referencing(u"grandparent_id"_s, u"grandparent.id"_s) });
        Table(metadata, u"tags"_s, { id });
        Table(metadata, u"grandparent"_s, { id });
        QList<std::pair<Table, Constraint>> cycles;
        QCOMPARE(names(metadata.sortedTables(&cycles)),
                 (QStringList{ u"tags"_s, u"grandparent"_s, u"parent"_s, u"child"_s }));
        QVERIFY(cycles.isEmpty());
    }
    { // earliest-added ready table first
        MetaData metadata;
        Table(metadata, u"addresses"_s, { id, referencing(u"user_id"_s, u"users.id"_s) });
        Table(metadata, u"users"_s, { id });
        Table(metadata, u"tags"_s, { id });
        QCOMPARE(names(metadata.sortedTables()),
                 (QStringList{ u"users"_s, u"addresses"_s, u"tags"_s }));
    }
    { // a self-reference does not count; a reference to an unknown table neither
        MetaData metadata;
        Table(metadata, u"employees"_s,
              { id, referencing(u"manager_id"_s, u"employees.id"_s),
                referencing(u"x"_s, u"elsewhere.id"_s) });
        QList<std::pair<Table, Constraint>> cycles;
        QCOMPARE(names(metadata.sortedTables(&cycles)), QStringList{ u"employees"_s });
        QVERIFY(cycles.isEmpty());
    }
    { // a cycle is broken at the earliest-added table; its foreign key into the cycle is reported
        MetaData metadata;
        Table(metadata, u"other"_s, { id });
        Table(metadata, u"a"_s, { id, referencing(u"b_id"_s, u"b.id"_s) });
        Table(metadata, u"b"_s, { id, referencing(u"a_id"_s, u"a.id"_s) });
        QList<std::pair<Table, Constraint>> cycles;
        QCOMPARE(names(metadata.sortedTables(&cycles)),
                 (QStringList{ u"other"_s, u"a"_s, u"b"_s }));
        QCOMPARE(cycles.size(), 1);
        QCOMPARE(cycles.first().first.fullName(), u"a"_s);
        QCOMPARE(cycles.first().second.kind(), Constraint::ForeignKey);
        QCOMPARE(cycles.first().second.columns(), QStringList{ u"b_id"_s });
        QCOMPARE(cycles.first().second.targets(), QStringList{ u"b.id"_s });
        // the remaining DDL: a without that foreign key, b complete, then ALTER TABLE
        const Dialect postgresql = Dialect::postgresql();
        QCOMPARE(postgresql
                         .createTable(metadata.table(u"a"_s), CheckFirst::No,
                                      { cycles.first().second })
                         .first()
                         .sql(),
                 u"CREATE TABLE a (id SERIAL NOT NULL, b_id INTEGER, PRIMARY KEY (id))"_s);
        QCOMPARE(postgresql.addConstraint(cycles.first().first, cycles.first().second).sql(),
                 u"ALTER TABLE a ADD CONSTRAINT fk_a_b_id FOREIGN KEY (b_id) REFERENCES b (id)"_s);
    }
    { // schema-qualified names
        MetaData metadata;
        Table(metadata, u"entries"_s, { id, referencing(u"ledger_id"_s, u"billing.ledger.id"_s) },
              {}, {}, inSchema(u"billing"_s));
        Table(metadata, u"ledger"_s, { id }, {}, {}, inSchema(u"billing"_s));
        QVERIFY(!metadata.add(Table(u"ledger"_s, { id }, {}, {}, inSchema(u"billing"_s))));
        QVERIFY(metadata.add(Table(u"ledger"_s, { id })));
        QCOMPARE(names(metadata.sortedTables()),
                 (QStringList{ u"billing.ledger"_s, u"billing.entries"_s, u"ledger"_s }));
    }
    // the test schema: users before everything that references it
    const QStringList all = names(schema().metadata.sortedTables());
    QCOMPARE(all.first(), u"users"_s);
    QVERIFY(all.indexOf(u"addresses"_s) > all.indexOf(u"users"_s));
    QVERIFY(all.indexOf(u"billing.accounts"_s) > all.indexOf(u"users"_s));
}

// ---------------------------------------------------------------- value types

void tst_Compiler::enumerationType()
{
    const SqlType color = SqlType::enumeration(QMetaType::fromType<Color>());
    QVERIFY(color.isValid());
    QCOMPARE(color.kind(), SqlType::Enum);
    QCOMPARE(color.enumKeys(), (QStringList{ u"Red"_s, u"Green"_s, u"LightBlue"_s }));
    QCOMPARE(color.enumType(), QMetaType::fromType<Color>());
    QCOMPARE(color.valueType(), QMetaType::fromType<Color>());
    QCOMPARE(Dialect::postgresql().typeName(color), u"VARCHAR(9)"_s);

    const SqlType keys = SqlType::enumeration({ u"draft"_s, u"done"_s });
    QCOMPARE(keys.kind(), SqlType::Enum);
    QCOMPARE(keys.enumKeys(), (QStringList{ u"draft"_s, u"done"_s }));
    QCOMPARE(keys.valueType(), QMetaType::fromType<QString>());

    // an enum without Q_ENUM has no keys to store its values by
    QVERIFY(!SqlType::enumeration(QMetaType::fromType<PlainEnum>()).isValid());

    QCOMPARE(SqlType::string(20).length(), 20);
    QCOMPARE(SqlType::numeric(12, 4).precision(), 12);
    QCOMPARE(SqlType::numeric(12, 4).scale(), 4);
    QCOMPARE(SqlType::custom(u"CITEXT"_s, QMetaType::fromType<QString>()).customDdl(), u"CITEXT"_s);
    const SqlType variant = SqlType::json().withVariant(DialectType::SQLite, SqlType::text());
    QCOMPARE(variant.resolved(DialectType::SQLite).kind(), SqlType::Text);
    QCOMPARE(variant.resolved(DialectType::PostgreSQL).kind(), SqlType::Json);
    QCOMPARE(Dialect::sqlite().typeName(variant), u"TEXT"_s);
    QCOMPARE(Dialect::mysql().typeName(variant), u"JSON"_s);
    QVERIFY(SqlType::string(10) == SqlType::string(10));
    QVERIFY(SqlType::string(10) != SqlType::string(11));
}

void tst_Compiler::typeMap()
{
    TypeMap map;
    struct Default
    {
        QMetaType cppType;
        SqlType::Kind kind;
    };
    const Default defaults[] = {
        { QMetaType::fromType<int>(), SqlType::Integer },
        { QMetaType::fromType<qint64>(), SqlType::BigInteger },
        { QMetaType::fromType<short>(), SqlType::SmallInteger },
        { QMetaType::fromType<bool>(), SqlType::Boolean },
        { QMetaType::fromType<double>(), SqlType::Double },
        { QMetaType::fromType<QString>(), SqlType::String },
        { QMetaType::fromType<QByteArray>(), SqlType::Binary },
        { QMetaType::fromType<QDate>(), SqlType::Date },
        { QMetaType::fromType<QTime>(), SqlType::Time },
        { QMetaType::fromType<QDateTime>(), SqlType::DateTime },
        { QMetaType::fromType<QUuid>(), SqlType::Uuid },
        { QMetaType::fromType<QJsonDocument>(), SqlType::Json },
        { QMetaType::fromType<QVariantMap>(), SqlType::Json },
        { QMetaType::fromType<QVariantList>(), SqlType::Json },
        { QMetaType::fromType<Color>(), SqlType::Enum },
    };
    for (const Default &entry : defaults) {
        QVERIFY2(map.contains(entry.cppType), entry.cppType.name());
        QCOMPARE(map.sqlType(entry.cppType).kind(), entry.kind);
    }
    QCOMPARE(map.sqlType(QMetaType::fromType<QString>()).length(), 0);
    QCOMPARE(map.sqlType(QMetaType::fromType<QJsonDocument>()).valueType(),
             QMetaType::fromType<QJsonDocument>());
    QCOMPARE(map.sqlType(QMetaType::fromType<QVariantList>()).valueType(),
             QMetaType::fromType<QVariantList>());
    QCOMPARE(map.sqlType(QMetaType::fromType<Color>()).enumKeys().size(), 3);
    QVERIFY(!map.contains(QMetaType::fromType<QPoint>()));
    QVERIFY(!map.sqlType(QMetaType::fromType<QPoint>()).isValid());

    // user entries: a new type, and a replaced default; copies are independent
    const TypeMap before = map;
    map.insert(QMetaType::fromType<QPoint>(),
               SqlType::custom(u"POINT"_s, QMetaType::fromType<QPoint>()));
    map.insert(QMetaType::fromType<QString>(), SqlType::string(255));
    QCOMPARE(map.sqlType(QMetaType::fromType<QPoint>()).customDdl(), u"POINT"_s);
    QCOMPARE(map.sqlType(QMetaType::fromType<QString>()).length(), 255);
    QCOMPARE(before.sqlType(QMetaType::fromType<QString>()).length(), 0);
    QVERIFY(!before.contains(QMetaType::fromType<QPoint>()));
    map.remove(QMetaType::fromType<QPoint>());
    QVERIFY(!map.contains(QMetaType::fromType<QPoint>()));
}

void tst_Compiler::escapeLikePattern_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QChar>("escape");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("plain") << u"abc"_s << QChar(u'\\') << u"abc"_s;
    QTest::newRow("percent and underscore") << u"100%_a"_s << QChar(u'\\') << u"100\\%\\_a"_s;
    QTest::newRow("escape itself") << u"a\\b"_s << QChar(u'\\') << u"a\\\\b"_s;
    QTest::newRow("other escape") << u"50% a!b\\c"_s << QChar(u'!') << u"50!% a!!b\\c"_s;
    QTest::newRow("empty") << QString() << QChar(u'\\') << QString();
}

void tst_Compiler::escapeLikePattern()
{
    QFETCH(QString, text);
    QFETCH(QChar, escape);
    QFETCH(QString, pattern);
    QCOMPARE(Expression::escapeLikePattern(text, escape), pattern);
    if (escape == u'\\')
        QCOMPARE(Expression::escapeLikePattern(text), pattern);
}

void tst_Compiler::definitionError_data()
{
    QTest::addColumn<Table>("table");
    QTest::addColumn<QString>("error");
    const Column a(u"a"_s, SqlType::integer());
    QTest::newRow("fine") << Table(u"t"_s, { a, Column(u"b"_s, SqlType::string()) },
                                   { Constraint::unique({ u"a"_s, u"b"_s }) },
                                   { Index(u"ix"_s, { u"b"_s }) })
                          << QString();
    QTest::newRow("duplicate column")
            << schema().duplicate << u"Table 'duplicate': column 'a' is defined twice"_s;
    QTest::newRow("no name") << Table(QString(), { a }) << u"Table '': the table has no name"_s;
    QTest::newRow("column without name") << Table(u"t"_s, { Column(QString(), SqlType::integer()) })
                                         << u"Table 't': a column has no name"_s;
    QTest::newRow("column without type") << Table(u"t"_s, { Column(u"x"_s, SqlType()) })
                                         << u"Table 't': column 'x' has no valid type"_s;
    QTest::newRow("empty column") << Table(u"t"_s, { Column() })
                                  << u"Table 't': a column is empty"_s;
    QTest::newRow("constraint column")
            << Table(u"t"_s, { a }, { Constraint::unique({ u"nope"_s }) })
            << u"Table 't': a constraint names unknown column 'nope'"_s;
    QTest::newRow("index column") << Table(u"t"_s, { a }, {}, { Index(u"ix"_s, { u"nope"_s }) })
                                  << u"Table 't': index 'ix' names unknown column 'nope'"_s;
    QTest::newRow("foreign key arity")
            << Table(u"t"_s, { a, Column(u"b"_s, SqlType::integer()) },
                     { Constraint::foreignKey({ u"a"_s, u"b"_s }, { u"other.x"_s }) })
            << u"Table 't': a foreign key has 2 columns but 1 targets"_s;
    QTest::newRow("two problems")
            << Table(u"t"_s, { a, a, Column(u"x"_s, SqlType()) })
            << u"Table 't': column 'a' is defined twice; column 'x' has no valid type"_s;
    QTest::newRow("schema") << Table(u"t"_s, { a, a }, {}, {}, inSchema(u"s"_s))
                            << u"Table 's.t': column 'a' is defined twice"_s;
    QTest::newRow("empty table") << Table() << u"The table is empty"_s;
}

void tst_Compiler::definitionError()
{
    QFETCH(Table, table);
    QFETCH(QString, error);
    QCOMPARE(table.definitionError(), error);
}

void tst_Compiler::autoincrement_data()
{
    QTest::addColumn<Table>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("autoincrement");
    const ColumnOptions key = primaryKeyOptions();
    QTest::newRow("integer key") << Table(u"t"_s, { Column(u"id"_s, SqlType::integer(), key) })
                                 << u"id"_s << true;
    QTest::newRow("big integer key")
            << Table(u"t"_s, { Column(u"id"_s, SqlType::bigInteger(), key) }) << u"id"_s << true;
    QTest::newRow("small integer key")
            << Table(u"t"_s, { Column(u"id"_s, SqlType::smallInteger(), key) }) << u"id"_s << true;
    QTest::newRow("string key") << Table(u"t"_s, { Column(u"id"_s, SqlType::string(10), key) })
                                << u"id"_s << false;
    QTest::newRow("not a key") << Table(
            u"t"_s,
            { Column(u"id"_s, SqlType::integer(), key), Column(u"n"_s, SqlType::integer()) })
                               << u"n"_s << false;
    QTest::newRow("disabled") << Table(
            u"t"_s, { Column(u"id"_s, SqlType::integer(), primaryKeyOptions(Autoincrement::No)) })
                              << u"id"_s << false;
    QTest::newRow("forced on a non-key") << Table(
            u"t"_s,
            { Column(u"id"_s, SqlType::string(5), key),
              Column(u"n"_s, SqlType::integer(), Options().withAutoincrement(Autoincrement::Yes)) })
                                         << u"n"_s << true;
    QTest::newRow("client default") << Table(
            u"t"_s,
            { Column(u"id"_s, SqlType::integer(), Options().withPrimaryKey().withDefault(5)) })
                                    << u"id"_s << false;
    QTest::newRow("server default")
            << Table(u"t"_s,
                     { Column(u"id"_s, SqlType::integer(),
                              Options().withPrimaryKey().withServerDefault(5)) })
            << u"id"_s << false;
    QTest::newRow("foreign key") << Table(
            u"t"_s,
            { Column(u"id"_s, SqlType::integer(),
                     Options().withPrimaryKey().withForeignKey(ForeignKey(u"o.id"_s))) })
                                 << u"id"_s << false;
    QTest::newRow("composite by columns") << Table(
            u"t"_s,
            { Column(u"a"_s, SqlType::integer(), key), Column(u"b"_s, SqlType::integer(), key) })
                                          << u"a"_s << false;
    QTest::newRow("composite by constraint")
            << Table(u"t"_s,
                     { Column(u"a"_s, SqlType::integer()), Column(u"b"_s, SqlType::integer()) },
                     { Constraint::primaryKey({ u"a"_s, u"b"_s }) })
            << u"b"_s << false;
    QTest::newRow("single key by constraint")
            << Table(u"t"_s,
                     { Column(u"a"_s, SqlType::integer()), Column(u"b"_s, SqlType::integer()) },
                     { Constraint::primaryKey({ u"b"_s }) })
            << u"b"_s << true;
}

void tst_Compiler::autoincrement()
{
    QFETCH(Table, table);
    QFETCH(QString, column);
    QFETCH(bool, autoincrement);
    QVERIFY(table.definitionError().isEmpty());
    QCOMPARE(table.column(column).isAutoincrement(), autoincrement);
    // a key column is NOT NULL unless said otherwise
    QCOMPARE(table.column(column).isNullable(), !table.column(column).isPrimaryKey());
}

// ---------------------------------------------------------------- value conversion

void tst_Compiler::toDatabaseValue_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");
    auto add = [](const char *name, const SqlType &type, const QVariant &value,
                  const QVariant &sqlite, const QVariant &postgresql, const QVariant &mariadb) {
        QTest::addRow("%s/sqlite", name) << u"sqlite"_s << type << value << sqlite;
        QTest::addRow("%s/postgresql", name) << u"postgresql"_s << type << value << postgresql;
        QTest::addRow("%s/mariadb", name) << u"mariadb"_s << type << value << mariadb;
    };
    auto same = [&](const char *name, const SqlType &type, const QVariant &value,
                    const QVariant &expected) {
        add(name, type, value, expected, expected, expected);
    };
    const QDateTime utc(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());
    const QDateTime plusTwo(QDate(2024, 1, 2), QTime(5, 4, 5, 678), QTimeZone(7200));
    const QVariant text = u"2024-01-02 03:04:05.678"_s;
    const QVariant pgText = u"2024-01-02 03:04:05.678+00"_s;

    add("dateTimeUtc", SqlType::dateTime(), utc, text, pgText, text);
    add("dateTimeOffset", SqlType::dateTime(), plusTwo, text, pgText, text);
    add("dateTimeIsoText", SqlType::dateTime(), u"2024-01-02T05:04:05.678+02:00"_s, text, pgText,
        text);
    add("date", SqlType::date(), QDate(2024, 2, 29), u"2024-02-29"_s, QDate(2024, 2, 29),
        u"2024-02-29"_s);
    same("time", SqlType::time(), QTime(6, 30, 1, 5), u"06:30:01.005"_s);
    add("booleanTrue", SqlType::boolean(), true, 1, true, 1);
    add("booleanFromText", SqlType::boolean(), u"false"_s, 0, false, 0);
    same("enum", SqlType::enumeration(QMetaType::fromType<Color>()),
         QVariant::fromValue(Color::LightBlue), u"LightBlue"_s);
    same("enumKeysByIndex", SqlType::enumeration({ u"draft"_s, u"published"_s }), 1,
         u"published"_s);
    same("enumKey", SqlType::enumeration({ u"draft"_s, u"published"_s }), u"draft"_s, u"draft"_s);
    same("uuid", SqlType::uuid(), QUuid(u"{12345678-1234-5678-9abc-123456789abc}"_s),
         u"12345678-1234-5678-9abc-123456789abc"_s);
    same("uuidText", SqlType::uuid(), u"{12345678-1234-5678-9ABC-123456789ABC}"_s,
         u"12345678-1234-5678-9abc-123456789abc"_s);
    same("jsonMap", SqlType::json(), QVariantMap{ { u"a"_s, 1 }, { u"b"_s, u"x"_s } },
         u"{\"a\":1,\"b\":\"x\"}"_s);
    same("jsonList", SqlType::json(QMetaType::fromType<QVariantList>()), QVariantList{ 1, 2 },
         u"[1,2]"_s);
    same("jsonDocument", SqlType::json(QMetaType::fromType<QJsonDocument>()),
         QJsonDocument(QJsonArray{ true, QJsonObject{ { u"k"_s, u"v"_s } } }),
         u"[true,{\"k\":\"v\"}]"_s);
    same("jsonText", SqlType::json(), u"{\"already\": \"json\"}"_s, u"{\"already\": \"json\"}"_s);
    add("numericDouble", SqlType::numeric(10, 2), 3.14159, 3.14, u"3.14"_s, u"3.14"_s);
    add("numericScale", SqlType::numeric(10, 4), 2.5, 2.5, u"2.5000"_s, u"2.5000"_s);
    add("numericIntegerText", SqlType::numeric(10, 0), u"42"_s, Q_INT64_C(42), u"42"_s, u"42"_s);
    same("numericText", SqlType::numeric(30, 9), u"123456789012345678.123456789"_s,
         u"123456789012345678.123456789"_s);
    same("bigIntegerUnsigned", SqlType::bigInteger(), QVariant::fromValue(quint64(5)),
         Q_INT64_C(5));
    // Kept as it is, for the connection to refuse (tst_roundtrip): no database stores it.
    same("bigIntegerTooLarge", SqlType::bigInteger(),
         QVariant::fromValue(quint64(18446744073709551615ULL)),
         QVariant::fromValue(quint64(18446744073709551615ULL)));
    same("integer", SqlType::integer(), 42, 42);
    same("string", SqlType::string(), u"O'Brien\\%_\0"_s, u"O'Brien\\%_\0"_s);
    same("binary", SqlType::binary(), QByteArray("\0\1\2", 3), QByteArray("\0\1\2", 3));
    same("null", SqlType::integer(), QVariant(), QVariant());
    // no declared type: the value's own kind decides
    add("untypedDateTime", SqlType(), utc, text, pgText, text);
    add("untypedBoolean", SqlType(), false, 0, false, 0);
    same("untypedEnum", SqlType(), QVariant::fromValue(Color::Green), u"Green"_s);
    same("untypedMap", SqlType(), QVariantMap{ { u"k"_s, 1 } }, u"{\"k\":1}"_s);
}

void tst_Compiler::toDatabaseValue()
{
    QFETCH(QString, dialect);
    QFETCH(SqlType, type);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    QCOMPARE(describe(dialectNamed(dialect).toDatabaseValue(value, type)), describe(expected));
}

void tst_Compiler::fromDatabaseValue_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");
    auto add = [](const char *name, const QString &dialect, const SqlType &type,
                  const QVariant &value, const QVariant &expected) {
        QTest::addRow("%s/%s", name, qPrintable(dialect)) << dialect << type << value << expected;
    };
    auto all = [&](const char *name, const SqlType &type, const QVariant &value,
                   const QVariant &expected) {
        for (const QString &dialect : mainDialects())
            add(name, dialect, type, value, expected);
    };
    const QDateTime utc(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());

    // NULL is a null value of the column's C++ type
    all("nullInteger", SqlType::integer(), QVariant(), QVariant(QMetaType::fromType<int>()));
    all("nullString", SqlType::string(), QVariant(), QVariant(QMetaType::fromType<QString>()));
    all("nullDateTime", SqlType::dateTime(), QVariant(),
        QVariant(QMetaType::fromType<QDateTime>()));
    all("nullEnum", SqlType::enumeration(QMetaType::fromType<Color>()), QVariant(),
        QVariant(QMetaType::fromType<Color>()));
    all("nullJson", SqlType::json(), QVariant(), QVariant(QMetaType::fromType<QVariantMap>()));
    all("typedNull", SqlType::bigInteger(), QVariant(QMetaType::fromType<QString>()),
        QVariant(QMetaType::fromType<qint64>()));
    // date-times come back in UTC
    add("dateTimeText", u"sqlite"_s, SqlType::dateTime(), u"2024-01-02 03:04:05.678"_s, utc);
    add("dateTimeText", u"mariadb"_s, SqlType::dateTime(), u"2024-01-02 03:04:05.678"_s, utc);
    add("dateTimeSeconds", u"sqlite"_s, SqlType::dateTime(), u"2024-01-02 03:04:05"_s,
        utc.addMSecs(-678));
    add("dateTimeOffsetText", u"postgresql"_s, SqlType::dateTime(), u"2024-01-02 05:04:05.678+02"_s,
        utc);
    add("dateTimeMicroseconds", u"postgresql"_s, SqlType::dateTime(),
        u"2024-01-02 03:04:05.678912+00"_s, utc);
    all("dateTimeValue", SqlType::dateTime(), utc.toTimeZone(QTimeZone(3600)), utc);
    all("date", SqlType::date(), u"2024-02-29"_s, QDate(2024, 2, 29));
    all("time", SqlType::time(), u"06:30:01.005"_s, QTime(6, 30, 1, 5));
    all("timeSeconds", SqlType::time(), u"06:30:01"_s, QTime(6, 30, 1));
    all("integer", SqlType::integer(), Q_INT64_C(5), 5);
    all("bigInteger", SqlType::bigInteger(), u"9223372036854775807"_s,
        Q_INT64_C(9223372036854775807));
    all("smallInteger", SqlType::smallInteger(), 7, QVariant::fromValue(short(7)));
    all("booleanInteger", SqlType::boolean(), 1, true);
    all("booleanText", SqlType::boolean(), u"f"_s, false);
    all("double", SqlType::doublePrecision(), u"2.5"_s, 2.5);
    all("numericDouble", SqlType::numeric(10, 2), 1.5, u"1.50"_s);
    all("numericText", SqlType::numeric(30, 9), u"123456789012345678.123456789"_s,
        u"123456789012345678.123456789"_s);
    all("stringBytes", SqlType::string(), QByteArray("caf\xc3\xa9"), u"café"_s);
    all("binaryText", SqlType::binary(), u"abc"_s, QByteArray("abc"));
    all("uuid", SqlType::uuid(), u"12345678-1234-5678-9abc-123456789abc"_s,
        QUuid(u"{12345678-1234-5678-9abc-123456789abc}"_s));
    all("jsonMap", SqlType::json(), u"{\"a\": 1, \"b\": [true]}"_s,
        QVariantMap{ { u"a"_s, Q_INT64_C(1) }, { u"b"_s, QVariantList{ true } } });
    all("jsonList", SqlType::json(QMetaType::fromType<QVariantList>()), u"[1, \"x\"]"_s,
        QVariantList{ Q_INT64_C(1), u"x"_s });
    all("jsonDocument", SqlType::json(QMetaType::fromType<QJsonDocument>()),
        QByteArray("{\"k\":null}"), QJsonDocument(QJsonObject{ { u"k"_s, QJsonValue::Null } }));
    all("enum", SqlType::enumeration(QMetaType::fromType<Color>()), u"LightBlue"_s,
        QVariant::fromValue(Color::LightBlue));
    all("enumUnknownKey", SqlType::enumeration(QMetaType::fromType<Color>()), u"Purple"_s,
        QVariant(QMetaType::fromType<Color>()));
    all("enumKeys", SqlType::enumeration({ u"draft"_s, u"published"_s }), u"draft"_s, u"draft"_s);
    all("custom", SqlType::custom(u"CITEXT"_s, QMetaType::fromType<QString>()), QByteArray("x"),
        u"x"_s);
    all("untyped", SqlType(), 5, 5);
}

void tst_Compiler::fromDatabaseValue()
{
    QFETCH(QString, dialect);
    QFETCH(SqlType, type);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const QVariant converted = dialectNamed(dialect).fromDatabaseValue(value, type);
    QCOMPARE(describe(converted), describe(expected));
    if (converted.typeId() == QMetaType::QDateTime && converted.toDateTime().isValid())
        QCOMPARE(converted.toDateTime().timeSpec(), Qt::UTC);
}

QTEST_GUILESS_MAIN(tst_Compiler)
// Misuse found in review: each used to crash, silently change the statement or lose a clause.
void tst_Compiler::misuseIsReported()
{
    const Table t(u"t"_s,
                  { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                    Column(u"x"_s, SqlType::integer()) });
    const Dialect sqlite = Dialect::sqlite();
    const auto failsWith = [&](const Statement &statement, const QString &text) {
        const CompiledStatement compiled = sqlite.compile(statement);
        return !compiled.isValid() && compiled.error().type() == Error::InvalidRequestError
                && compiled.error().text().contains(text);
    };
    const Select some = select({ t[u"id"_s] });
    const QString empty = u"An empty Select()"_s;
    QVERIFY(failsWith(some.where(exists(Select())), empty));
    QVERIFY(failsWith(some.where(t[u"id"_s].in(Select())), empty));
    QVERIFY(failsWith(Select().unionWith(some), empty));
    QVERIFY(failsWith(some.unionWith(Select()), empty));
    QVERIFY(failsWith(insert(t).fromSelect({ u"x"_s }, Select()), empty));
    QVERIFY(Select().unionWith(some).subquery(u"s"_s).columnNames().isEmpty());

    // A further UNION keeps what was wrong with the compound it extends.
    QVERIFY(failsWith(some.unionWith(some).where(t[u"id"_s] > 10).unionWith(some),
                      u"where() on a UNION"_s));
    const CompiledStatement locked =
            Dialect::postgresql().compile(some.unionWith(some).forUpdate().unionWith(some));
    QVERIFY(!locked.isValid());

    // Two different CTEs of the same name cannot both be in one WITH clause.
    const Cte first = select({ t[u"id"_s] }).where(t[u"x"_s] == 1).cte(u"c"_s);
    const Cte second = select({ t[u"id"_s] }).where(t[u"x"_s] == 2).cte(u"c"_s);
    QVERIFY(failsWith(
            select({ first[u"id"_s] }).where(first[u"id"_s].in(select({ second[u"id"_s] }))),
            u"Two different CTEs named 'c'"_s));

    // A table needs columns.
    const Table bare(u"bare"_s, {});
    QVERIFY(bare.definitionError().contains(u"no columns"_s));
    QVERIFY(!Dialect::mysql().compile(insert(bare).onConflictDoNothing()).isValid());

    // MySQL 8 reserves CUBE.
    QCOMPARE(Dialect::mysql().quoteIdentifier(u"cube"_s), u"`cube`"_s);
    // An invalid dialect has no quoting rules and quotes nothing into SQL.
    QCOMPARE(Dialect().quoteIdentifier(u"x"_s), QString());

    // A null QVariant (an unset Qt property) compares as IS NULL, never as "= NULL".
    QCOMPARE(sqlite.compile(select({ t[u"id"_s] }).where(t[u"x"_s] == QVariant())).sql(),
             u"SELECT t.id FROM t WHERE t.x IS NULL"_s);
    QCOMPARE(sqlite.compile(select({ t[u"id"_s] }).where(t[u"x"_s] != QVariant())).sql(),
             u"SELECT t.id FROM t WHERE t.x IS NOT NULL"_s);

    // `t["x"] = 5` (a typo for ==) does not compile: no assignment to temporaries.
    static_assert(!std::is_assignable_v<Expression &&, const Expression &>);
    static_assert(!std::is_assignable_v<Column &&, const Column &>);
    static_assert(std::is_assignable_v<Expression &, const Expression &>);
}

#include "tst_compiler.moc"
