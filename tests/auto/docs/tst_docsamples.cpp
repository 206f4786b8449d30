// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Every code sample of docs/core.md, compiled and checked: each test function holds the sample
// as the document shows it and compares the SQL the document prints. docsMatchSamples() checks
// the other direction: every ```cpp block of docs/core.md must occur in this file, every SQL
// statement in a ```sql block must be one of the u"..."_s literals compared here, and every
// ```cpp block of docs/getting-started.md must occur in examples/quickstart/main.cpp (or here).
// docs/session.md is checked the same way against tst_sessiondocs.cpp, which holds its samples,
// and docs/relationships.md against tests/auto/orm/relationships/.
// Whitespace does not count, so clang-format may reflow both sides.
//
// Samples run on SQLite (in memory); SQL shown for PostgreSQL and MariaDB is compiled with
// their dialects, without a server.

#include <Qorm/Core>

#include <QtCore/QFile>
#include <QtCore/QPointF>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

// docs/core.md, "Enumerations"
namespace Shop {
Q_NAMESPACE
enum class Status { New, Paid, Shipped };
Q_ENUM_NS(Status)
} // namespace Shop

namespace {

QString sql(const Qorm::Statement &statement,
            const Qorm::Dialect &dialect = Qorm::Dialect::sqlite())
{
    const Qorm::CompiledStatement compiled = dialect.compile(statement);
    return compiled.isValid()
            ? compiled.sql()
            : u"<%1> %2"_s.arg(compiled.error().typeName(), compiled.error().text());
}

QVariantList values(const Qorm::Statement &statement,
                    const Qorm::Dialect &dialect = Qorm::Dialect::sqlite())
{
    return dialect.compile(statement).boundValues();
}

QStringList ddl(const Qorm::Table &table, const Qorm::Dialect &dialect = Qorm::Dialect::sqlite())
{
    QStringList statements;
    for (const Qorm::CompiledStatement &statement : dialect.createTable(table))
        statements.append(statement.isValid() ? statement.sql()
                                              : u"<error> "_s + statement.error().text());
    return statements;
}

const Qorm::Dialect postgresql = Qorm::Dialect::postgresql();
const Qorm::Dialect mariadb = Qorm::Dialect::mysql();

struct Schema
{
    Qorm::MetaData metadata;
    Qorm::Table users;
    Qorm::Table addresses;
};

// docs/core.md, "Defining tables"
Schema tutorialSchema()
{
    Qorm::MetaData metadata;

    const Qorm::Table users(
            metadata, u"user_account"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }),
              Qorm::Column(u"name"_s, Qorm::SqlType::string(30), { .nullable = false }),
              Qorm::Column(u"fullname"_s, Qorm::SqlType::string(100)) });

    const Qorm::Table addresses(
            metadata, u"address"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }),
              Qorm::Column(u"user_id"_s, Qorm::SqlType::integer(),
                           { .nullable = false,
                             .foreignKey = Qorm::ForeignKey(
                                     u"user_account.id"_s,
                                     { .onDelete = Qorm::ReferentialAction::Cascade }) }),
              Qorm::Column(u"email_address"_s, Qorm::SqlType::string(255),
                           { .nullable = false }) });

    return { metadata, users, addresses };
}

Qorm::Connection memoryDatabase()
{
    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    return Qorm::Connection(settings);
}

// The rows of SQLAlchemy's tutorial.
bool insertTutorialRows(Qorm::Connection &db, const Schema &schema)
{
    const QList<QVariantMap> users = {
        { { u"name"_s, u"spongebob"_s }, { u"fullname"_s, u"Spongebob Squarepants"_s } },
        { { u"name"_s, u"sandy"_s }, { u"fullname"_s, u"Sandy Cheeks"_s } },
        { { u"name"_s, u"patrick"_s }, { u"fullname"_s, u"Patrick Star"_s } },
    };
    const QList<QVariantMap> addresses = {
        { { u"user_id"_s, 1 }, { u"email_address"_s, u"spongebob@sqlalchemy.org"_s } },
        { { u"user_id"_s, 2 }, { u"email_address"_s, u"sandy@sqlalchemy.org"_s } },
        { { u"user_id"_s, 2 }, { u"email_address"_s, u"sandy@squirrelpower.org"_s } },
    };
    return schema.metadata.createAll(db)
            && db.execute(Qorm::insert(schema.users).values(users)).isValid()
            && db.execute(Qorm::insert(schema.addresses).values(addresses)).isValid();
}

QStringList column(Qorm::Result result, int index = 0)
{
    QStringList texts;
    while (result.next())
        texts.append(result.row().isNull(index) ? u"NULL"_s : result.value(index).toString());
    return texts;
}

QString stripped(QStringView text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace())
            result += c;
    }
    return result;
}

struct CodeBlock
{
    QString language;
    QString text;
    int line = 0;
};

QList<CodeBlock> codeBlocks(const QString &markdown)
{
    QList<CodeBlock> blocks;
    const QStringList lines = markdown.split(u'\n');
    bool inside = false;
    CodeBlock current;
    for (int i = 0; i < lines.size(); ++i) {
        const QString trimmed = lines.at(i).trimmed();
        if (!inside && trimmed.startsWith(u"```"_s)) {
            inside = true;
            current = CodeBlock{ trimmed.mid(3).trimmed(), QString(), i + 1 };
        } else if (inside && trimmed == u"```"_s) {
            inside = false;
            blocks.append(current);
        } else if (inside) {
            current.text += lines.at(i) + u'\n';
        }
    }
    return blocks;
}

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class tst_DocSamples : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // Connecting
    void connectSqlite();
    void connectServer();
    void connectExistingDatabase();

    // Schema
    void defineTables();
    void createAll();
    void defaults();
    void constraintsAndIndexes();
    void schemaNames();
    void autoincrement();

    // Types
    void typeNames_data();
    void typeNames();
    void enumerations();
    void variants();
    void typeMap();
    void dateTimes();
    void nullAndEmptyString();

    // Expressions
    void bindsAndOperators();
    void nullComparison();
    void in();
    void like();
    void betweenCaseCast();
    void functions();
    void labelsAndOrdering();
    void literalsParametersText();

    // SELECT
    void selectTable();
    void selectWhere();
    void joins();
    void aliases();
    void groupBy();
    void limitOffset();
    void subqueryInFrom();
    void scalarSubquery();
    void existsAndInSubquery();
    void setOperations();
    void commonTableExpressions();
    void recursiveCte();
    void rowLocks();

    // INSERT, UPDATE, DELETE
    void insertOneRow();
    void insertManyRows();
    void insertExpressionAndSelect();
    void insertReturning();
    void upsert();
    void updateRows();
    void deleteRows();
    void textSql();

    // Compiling and executing
    void compileWithoutDatabase();
    void results();
    void statementCache();
    void observersAndInterceptor();
    void transactions();
    void savepoints();
    void errors();

    // The documents against this file
    void docsMatchSamples();

private:
    Schema m_schema;
};

void tst_DocSamples::initTestCase()
{
    m_schema = tutorialSchema();
    QVERIFY(m_schema.users.definitionError().isEmpty());
    QVERIFY(m_schema.addresses.definitionError().isEmpty());
}

// ------------------------------------------------------------------ Connecting

void tst_DocSamples::connectSqlite()
{
    const QString path = u":memory:"_s;

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = path; // a file, or ":memory:"
    Qorm::Connection db(settings);
    if (!db.isOpen())
        qWarning() << "cannot open" << path << db.lastError();

    QVERIFY(db.isOpen());
    QCOMPARE(db.dialect().name(), u"sqlite"_s);
    QCOMPARE(db.execute(Qorm::TextSql(u"PRAGMA foreign_keys"_s)).scalar().toInt(), 1);
    QVERIFY(db.database().connectOptions().contains(u"QSQLITE_BUSY_TIMEOUT=5000"_s));
}

void tst_DocSamples::connectServer()
{
    const QString password;

    Qorm::ConnectionSettings postgres;
    postgres.driver = u"QPSQL"_s;
    postgres.hostName = u"db.example.org"_s; // or a socket directory such as "/run/postgresql"
    postgres.port = 5432;
    postgres.databaseName = u"shop"_s;
    postgres.userName = u"shop"_s;
    postgres.password = password;

    Qorm::ConnectionSettings mariadb;
    mariadb.driver = u"QMARIADB"_s; // or QMYSQL: the same driver
    mariadb.hostName = u"127.0.0.1"_s;
    mariadb.databaseName = u"shop"_s;
    mariadb.userName = u"shop"_s;
    mariadb.password = password;

    QCOMPARE(postgres.busyTimeoutMilliseconds, 5000);
    QCOMPARE(mariadb.port, -1);
}

void tst_DocSamples::connectExistingDatabase()
{
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reports"_s);
        database.setDatabaseName(u":memory:"_s);
        Qorm::Connection::prepareDatabase(database); // before open(): busy timeout, found rows
        Qorm::Connection reports(database);          // opens it; leaves it open when destroyed

        QVERIFY(reports.isOpen());
        QVERIFY(database.connectOptions().contains(u"QSQLITE_BUSY_TIMEOUT"_s));
    }
    QSqlDatabase::removeDatabase(u"reports"_s);
}

// ------------------------------------------------------------------ Schema

void tst_DocSamples::defineTables()
{
    const auto &[metadata, users, addresses] = m_schema;
    QCOMPARE(metadata.tables().size(), 2);

    QCOMPARE(
            ddl(users),
            QStringList{
                    u"CREATE TABLE user_account (id INTEGER NOT NULL, name VARCHAR(30) NOT NULL, fullname VARCHAR(100), PRIMARY KEY (id))"_s });
    QCOMPARE(
            ddl(addresses),
            QStringList{
                    u"CREATE TABLE address (id INTEGER NOT NULL, user_id INTEGER NOT NULL, email_address VARCHAR(255) NOT NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE)"_s });
    QCOMPARE(
            ddl(users, postgresql),
            QStringList{
                    u"CREATE TABLE user_account (id SERIAL NOT NULL, name VARCHAR(30) NOT NULL, fullname VARCHAR(100), PRIMARY KEY (id))"_s });
    QCOMPARE(
            ddl(users, mariadb),
            QStringList{
                    u"CREATE TABLE user_account (id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(30) NOT NULL, fullname VARCHAR(100), PRIMARY KEY (id))"_s });

    QVERIFY(users[u"id"_s].isPrimaryKey());
    QVERIFY(users[u"id"_s].isAutoincrement());
    QVERIFY(!users[u"name"_s].isNullable());
    QCOMPARE(addresses.referencedTables(), QStringList{ u"user_account"_s });
}

void tst_DocSamples::createAll()
{
    const Qorm::MetaData &metadata = m_schema.metadata;
    Qorm::Connection db = memoryDatabase();

    if (!metadata.createAll(db)) // parents first; tables that exist are skipped
        qWarning() << db.lastError();

    QVERIFY(db.execute(Qorm::select({ Qorm::Function::count() }).from(m_schema.addresses))
                    .isValid());
    QVERIFY(metadata.createAll(db)); // CheckFirst::Yes: nothing to do
    QVERIFY(!metadata.createAll(db, Qorm::CheckFirst::No));
    QCOMPARE(db.lastError().type(), Qorm::Error::StatementError);

    if (!metadata.dropAll(db)) // children first
        qWarning() << db.lastError();

    QVERIFY(!db.execute(Qorm::select({ Qorm::Function::count() }).from(m_schema.addresses))
                     .isValid());

    QList<std::pair<Qorm::Table, Qorm::Constraint>> cycles;
    const QList<Qorm::Table> ordered = metadata.sortedTables(&cycles);
    QCOMPARE(ordered.size(), 2);
    QCOMPARE(ordered.first().name(), u"user_account"_s);
    QVERIFY(cycles.isEmpty());
}

void tst_DocSamples::defaults()
{
    Qorm::MetaData metadata;
    const auto newUuid = [] { return QVariant(QUuid::createUuid()); };

    const Qorm::Table documents(
            metadata, u"document"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::uuid(),
                           { .primaryKey = true, .defaultValue = Qorm::ColumnDefault(newUuid) }),
              Qorm::Column(u"title"_s, Qorm::SqlType::string(200), { .nullable = false }),
              Qorm::Column(u"revision"_s, Qorm::SqlType::integer(),
                           { .nullable = false, .defaultValue = 1 }),
              Qorm::Column(u"created_at"_s, Qorm::SqlType::dateTime(),
                           { .nullable = false, .serverDefault = Qorm::Function::now() }),
              Qorm::Column(u"updated_at"_s, Qorm::SqlType::dateTime(),
                           { .defaultValue = Qorm::Function::now(),
                             .onUpdate = Qorm::Function::now() }) });

    QCOMPARE(
            ddl(documents),
            QStringList{
                    u"CREATE TABLE document (id CHAR(36) NOT NULL, title VARCHAR(200) NOT NULL, revision INTEGER NOT NULL, created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')), updated_at DATETIME, PRIMARY KEY (id))"_s });

    const Qorm::Insert insert = Qorm::insert(documents).values({ { u"title"_s, u"Minutes"_s } });
    QCOMPARE(
            sql(insert),
            u"INSERT INTO document (id, title, revision, updated_at) VALUES (?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'))"_s);
    const QVariantList bound = values(insert);
    QCOMPARE(bound.size(), 3);
    QVERIFY(!QUuid::fromString(bound.at(0).toString()).isNull()); // a new UUID per row
    QCOMPARE(bound.at(1), QVariant(u"Minutes"_s));
    QCOMPARE(bound.at(2), QVariant(1));

    const Qorm::Update update = Qorm::update(documents)
                                        .set(u"title"_s, u"Minutes (final)"_s)
                                        .where(documents[u"title"_s] == u"Minutes"_s);
    QCOMPARE(
            sql(update),
            u"UPDATE document SET title = ?, updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE document.title = ?"_s);
    QCOMPARE(
            sql(update, mariadb),
            u"UPDATE document SET title = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE document.title = ?"_s);

    QCOMPARE(documents[u"revision"_s].options().defaultValue.kind(), Qorm::ColumnDefault::Value);
    QVERIFY(!documents[u"id"_s].isAutoincrement());
}

void tst_DocSamples::constraintsAndIndexes()
{
    Qorm::MetaData metadata;

    const Qorm::Table orders(
            metadata, u"order"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::bigInteger(), { .primaryKey = true }),
              Qorm::Column(u"customer"_s, Qorm::SqlType::string(100),
                           { .nullable = false, .index = true }),
              Qorm::Column(u"reference"_s, Qorm::SqlType::string(20), { .unique = true }) });

    const Qorm::Table orderLines(
            metadata, u"order_line"_s,
            { Qorm::Column(u"order_id"_s, Qorm::SqlType::bigInteger()),
              Qorm::Column(u"line"_s, Qorm::SqlType::integer()),
              Qorm::Column(u"sku"_s, Qorm::SqlType::string(40), { .nullable = false }),
              Qorm::Column(u"quantity"_s, Qorm::SqlType::integer(), { .nullable = false }) },
            { Qorm::Constraint::primaryKey({ u"order_id"_s, u"line"_s }),
              Qorm::Constraint::foreignKey({ u"order_id"_s }, { u"order.id"_s },
                                           { .onDelete = Qorm::ReferentialAction::Cascade }),
              Qorm::Constraint::unique({ u"order_id"_s, u"sku"_s }, u"uq_order_line_sku"_s),
              Qorm::Constraint::check(Qorm::Column(u"quantity"_s, Qorm::SqlType::integer()) > 0,
                                      u"ck_order_line_quantity"_s) },
            { Qorm::Index(u"ix_order_line_sku"_s, { u"sku"_s }) });

    QCOMPARE(
            ddl(orders),
            (QStringList{
                    u"CREATE TABLE \"order\" (id INTEGER NOT NULL, customer VARCHAR(100) NOT NULL, reference VARCHAR(20), PRIMARY KEY (id), UNIQUE (reference))"_s,
                    u"CREATE INDEX ix_order_customer ON \"order\" (customer)"_s }));
    QCOMPARE(
            ddl(orderLines),
            (QStringList{
                    u"CREATE TABLE order_line (order_id BIGINT NOT NULL, line INTEGER NOT NULL, sku VARCHAR(40) NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES \"order\" (id) ON DELETE CASCADE, CONSTRAINT uq_order_line_sku UNIQUE (order_id, sku), CONSTRAINT ck_order_line_quantity CHECK (quantity > 0))"_s,
                    u"CREATE INDEX ix_order_line_sku ON order_line (sku)"_s }));
    QCOMPARE(
            ddl(orders, mariadb).first(),
            u"CREATE TABLE `order` (id BIGINT NOT NULL AUTO_INCREMENT, customer VARCHAR(100) NOT NULL, reference VARCHAR(20), PRIMARY KEY (id), UNIQUE (reference))"_s);

    QCOMPARE(orderLines.primaryKey().size(), 2);
    QVERIFY(!orderLines[u"line"_s].isAutoincrement());
    QCOMPARE(metadata.sortedTables().first().name(), u"order"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY2(metadata.createAll(db), qPrintable(db.lastError().text()));
    const Qorm::Result rejected = db.execute(Qorm::insert(orderLines)
                                                     .values({ { u"order_id"_s, 1 },
                                                               { u"line"_s, 1 },
                                                               { u"sku"_s, u"A"_s },
                                                               { u"quantity"_s, 1 } }));
    QCOMPARE(rejected.error().type(), Qorm::Error::IntegrityError); // no order 1
}

void tst_DocSamples::schemaNames()
{
    Qorm::MetaData metadata;

    const Qorm::Table invoices(
            metadata, u"invoice"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }) }, {}, {},
            { .schema = u"billing"_s });

    QCOMPARE(invoices.fullName(), u"billing.invoice"_s);
    QVERIFY(metadata.contains(u"billing.invoice"_s));
    QCOMPARE(sql(Qorm::select(invoices)), u"SELECT billing.invoice.id FROM billing.invoice"_s);
    QCOMPARE(ddl(invoices, postgresql),
             QStringList{
                     u"CREATE TABLE billing.invoice (id SERIAL NOT NULL, PRIMARY KEY (id))"_s });
}

void tst_DocSamples::autoincrement()
{
    const Qorm::Table tags(
            u"tag"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::bigInteger(),
                           { .primaryKey = true, .autoincrement = Qorm::Autoincrement::No }),
              Qorm::Column(u"label"_s, Qorm::SqlType::string(50)) });

    QCOMPARE(
            ddl(tags, postgresql),
            QStringList{
                    u"CREATE TABLE tag (id BIGINT NOT NULL, label VARCHAR(50), PRIMARY KEY (id))"_s });

    const Qorm::Table events(
            u"event"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::bigInteger(), { .primaryKey = true }) });
    QCOMPARE(ddl(events),
             QStringList{ u"CREATE TABLE event (id INTEGER NOT NULL, PRIMARY KEY (id))"_s });
    QCOMPARE(ddl(events, postgresql),
             QStringList{ u"CREATE TABLE event (id BIGSERIAL NOT NULL, PRIMARY KEY (id))"_s });
}

// ------------------------------------------------------------------ Types

void tst_DocSamples::typeNames_data()
{
    // The table in docs/core.md, "Types".
    QTest::addColumn<Qorm::SqlType>("type");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");
    QTest::addColumn<QMetaType>("valueType");

    const auto row = [](const char *name, const Qorm::SqlType &type, const QString &sqlite,
                        const QString &postgresql, const QString &mysql, QMetaType valueType) {
        QTest::newRow(name) << type << sqlite << postgresql << mysql << valueType;
    };
    row("integer", Qorm::SqlType::integer(), u"INTEGER"_s, u"INTEGER"_s, u"INTEGER"_s,
        QMetaType::fromType<int>());
    row("bigInteger", Qorm::SqlType::bigInteger(), u"BIGINT"_s, u"BIGINT"_s, u"BIGINT"_s,
        QMetaType::fromType<qint64>());
    row("smallInteger", Qorm::SqlType::smallInteger(), u"SMALLINT"_s, u"SMALLINT"_s, u"SMALLINT"_s,
        QMetaType::fromType<short>());
    row("boolean", Qorm::SqlType::boolean(), u"BOOLEAN"_s, u"BOOLEAN"_s, u"BOOL"_s,
        QMetaType::fromType<bool>());
    row("doublePrecision", Qorm::SqlType::doublePrecision(), u"DOUBLE PRECISION"_s,
        u"DOUBLE PRECISION"_s, u"DOUBLE"_s, QMetaType::fromType<double>());
    row("numeric", Qorm::SqlType::numeric(12, 2), u"NUMERIC(12, 2)"_s, u"NUMERIC(12, 2)"_s,
        u"NUMERIC(12, 2)"_s, QMetaType::fromType<QString>());
    row("string(n)", Qorm::SqlType::string(80), u"VARCHAR(80)"_s, u"VARCHAR(80)"_s,
        u"VARCHAR(80)"_s, QMetaType::fromType<QString>());
    row("string()", Qorm::SqlType::string(), u"VARCHAR"_s, u"VARCHAR"_s, u"TEXT"_s,
        QMetaType::fromType<QString>());
    row("text", Qorm::SqlType::text(), u"TEXT"_s, u"TEXT"_s, u"LONGTEXT"_s,
        QMetaType::fromType<QString>());
    row("binary", Qorm::SqlType::binary(), u"BLOB"_s, u"BYTEA"_s, u"LONGBLOB"_s,
        QMetaType::fromType<QByteArray>());
    row("date", Qorm::SqlType::date(), u"DATE"_s, u"DATE"_s, u"DATE"_s,
        QMetaType::fromType<QDate>());
    row("time", Qorm::SqlType::time(), u"TIME"_s, u"TIME WITHOUT TIME ZONE"_s, u"TIME(3)"_s,
        QMetaType::fromType<QTime>());
    row("dateTime", Qorm::SqlType::dateTime(), u"DATETIME"_s, u"TIMESTAMP WITH TIME ZONE"_s,
        u"DATETIME(3)"_s, QMetaType::fromType<QDateTime>());
    row("uuid", Qorm::SqlType::uuid(), u"CHAR(36)"_s, u"UUID"_s, u"CHAR(36)"_s,
        QMetaType::fromType<QUuid>());
    row("json", Qorm::SqlType::json(), u"TEXT"_s, u"JSONB"_s, u"JSON"_s,
        QMetaType::fromType<QVariantMap>());
    row("enumeration", Qorm::SqlType::enumeration(QMetaType::fromType<Shop::Status>()),
        u"VARCHAR(7)"_s, u"VARCHAR(7)"_s, u"VARCHAR(7)"_s, QMetaType::fromType<Shop::Status>());
    row("custom", Qorm::SqlType::custom(u"CITEXT"_s, QMetaType::fromType<QString>()), u"CITEXT"_s,
        u"CITEXT"_s, u"CITEXT"_s, QMetaType::fromType<QString>());
}

void tst_DocSamples::typeNames()
{
    QFETCH(Qorm::SqlType, type);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);
    QFETCH(QMetaType, valueType);

    QCOMPARE(Qorm::Dialect::sqlite().typeName(type), sqlite);
    QCOMPARE(Qorm::Dialect::postgresql().typeName(type), postgresql);
    QCOMPARE(Qorm::Dialect::mysql().typeName(type), mysql);
    QCOMPARE(type.valueType(), valueType);
}

void tst_DocSamples::enumerations()
{
    const Qorm::Table orders(
            u"order"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::bigInteger(), { .primaryKey = true }),
              Qorm::Column(u"status"_s,
                           Qorm::SqlType::enumeration(QMetaType::fromType<Shop::Status>()),
                           { .nullable = false, .serverDefault = u"New"_s }) });

    const Qorm::Select paid =
            Qorm::select({ orders[u"id"_s] }).where(orders[u"status"_s] == Shop::Status::Paid);

    QCOMPARE(
            ddl(orders),
            QStringList{
                    u"CREATE TABLE \"order\" (id INTEGER NOT NULL, status VARCHAR(7) NOT NULL DEFAULT 'New' CHECK (status IN ('New', 'Paid', 'Shipped')), PRIMARY KEY (id))"_s });
    QCOMPARE(sql(paid), u"SELECT \"order\".id FROM \"order\" WHERE \"order\".status = ?"_s);
    QCOMPARE(values(paid), QVariantList{ u"Paid"_s });

    Qorm::Connection db = memoryDatabase();
    QVERIFY(db.execute(Qorm::Dialect::sqlite().createTable(orders).first()).isValid());
    QVERIFY(db.execute(Qorm::insert(orders).values(
                               { { u"status"_s, QVariant::fromValue(Shop::Status::Shipped) } }))
                    .isValid());
    const QVariant status = db.execute(Qorm::select({ orders[u"status"_s] })).scalar();
    QCOMPARE(status.value<Shop::Status>(), Shop::Status::Shipped);

    const Qorm::SqlType keys = Qorm::SqlType::enumeration({ u"draft"_s, u"published"_s });
    QCOMPARE(Qorm::Dialect::postgresql().typeName(keys), u"VARCHAR(9)"_s);
    QCOMPARE(keys.valueType(), QMetaType::fromType<QString>());
}

void tst_DocSamples::variants()
{
    const Qorm::SqlType attachment = Qorm::SqlType::binary().withVariant(
            Qorm::DialectType::MySQL,
            Qorm::SqlType::custom(u"MEDIUMBLOB"_s, QMetaType::fromType<QByteArray>()));

    QCOMPARE(Qorm::Dialect::sqlite().typeName(attachment), u"BLOB"_s);
    QCOMPARE(Qorm::Dialect::postgresql().typeName(attachment), u"BYTEA"_s);
    QCOMPARE(Qorm::Dialect::mysql().typeName(attachment), u"MEDIUMBLOB"_s);
}

void tst_DocSamples::typeMap()
{
    Qorm::TypeMap types;                                                      // the defaults
    types.insert(QMetaType::fromType<QString>(), Qorm::SqlType::string(255)); // replaces one

    QCOMPARE(types.sqlType(QMetaType::fromType<QString>()), Qorm::SqlType::string(255));
    QCOMPARE(types.sqlType(QMetaType::fromType<QDateTime>()), Qorm::SqlType::dateTime());
    QCOMPARE(types.sqlType(QMetaType::fromType<Shop::Status>()).kind(), Qorm::SqlType::Enum);
    QVERIFY(!types.sqlType(QMetaType::fromType<QPointF>()).isValid());
}

void tst_DocSamples::dateTimes()
{
    const Qorm::Table events(
            u"event"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }),
              Qorm::Column(u"starts_at"_s, Qorm::SqlType::dateTime()) });

    const QDateTime noonInParis(QDate(2024, 3, 1), QTime(12, 0), QTimeZone(3600));
    const Qorm::Select upcoming =
            Qorm::select({ events[u"id"_s] }).where(events[u"starts_at"_s] >= noonInParis);

    QCOMPARE(values(upcoming), QVariantList{ u"2024-03-01 11:00:00.000"_s });
    QCOMPARE(values(upcoming, postgresql), QVariantList{ u"2024-03-01 11:00:00.000+00"_s });

    Qorm::Connection db = memoryDatabase();
    QVERIFY(db.execute(Qorm::Dialect::sqlite().createTable(events).first()).isValid());
    QVERIFY(db.execute(Qorm::insert(events).values({ { u"starts_at"_s, noonInParis } })).isValid());
    const QDateTime read =
            db.execute(Qorm::select({ events[u"starts_at"_s] })).scalar().toDateTime();
    QCOMPARE(read, noonInParis);
    QCOMPARE(read.timeZone(), QTimeZone::utc());
}

void tst_DocSamples::nullAndEmptyString()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(metadata.createAll(db));

    const Qorm::Result inserted = db.execute(Qorm::insert(users).values(QList<QVariantMap>{
            { { u"name"_s, u"a"_s }, { u"fullname"_s, QVariant() } }, // NULL
            { { u"name"_s, u"b"_s }, { u"fullname"_s, QString() } },  // NULL: a null QString
            { { u"name"_s, u"c"_s }, { u"fullname"_s, u""_s } },      // '': an empty string
    }));

    QVERIFY(inserted.isValid());
    const QList<Qorm::Row> rows =
            db.execute(Qorm::select({ users[u"fullname"_s] }).orderBy({ users[u"name"_s] })).all();
    QCOMPARE(rows.size(), 3);
    QVERIFY(rows.at(0).isNull(0));
    QVERIFY(rows.at(1).isNull(0));
    QVERIFY(!rows.at(2).isNull(0));
    QCOMPARE(rows.at(2).value<QString>(0), u""_s);
}

// ------------------------------------------------------------------ Expressions

void tst_DocSamples::bindsAndOperators()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Expression condition =
            (users[u"name"_s] == u"sandy"_s || users[u"name"_s] == u"patrick"_s)
            && users[u"id"_s] > 1;

    QCOMPARE(
            sql(Qorm::select({ users[u"id"_s] }).where(condition)),
            u"SELECT user_account.id FROM user_account WHERE (user_account.name = ? OR user_account.name = ?) AND user_account.id > ?"_s);
    QCOMPARE(values(Qorm::select({ users[u"id"_s] }).where(condition)),
             (QVariantList{ u"sandy"_s, u"patrick"_s, 1 }));

    const Qorm::Select arithmetic =
            Qorm::select({ (users[u"id"_s] + 1) * 2, -users[u"id"_s],
                           users[u"name"_s].concat(u" "_s).concat(users[u"fullname"_s]) });
    QCOMPARE(
            sql(arithmetic),
            u"SELECT (user_account.id + ?) * ?, -user_account.id, user_account.name || ? || user_account.fullname FROM user_account"_s);
    QCOMPARE(
            sql(arithmetic, mariadb),
            u"SELECT (user_account.id + ?) * ?, -user_account.id, concat(concat(user_account.name, ?), user_account.fullname) FROM user_account"_s);

    const Qorm::Expression all =
            Qorm::allOf({ users[u"id"_s] > 1, Qorm::Expression(), users[u"id"_s] < 9 });
    QCOMPARE(
            sql(Qorm::select({ users[u"id"_s] }).where(all)),
            u"SELECT user_account.id FROM user_account WHERE user_account.id > ? AND user_account.id < ?"_s);
}

void tst_DocSamples::nullComparison()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select unnamed =
            Qorm::select({ users[u"name"_s] }).where(users[u"fullname"_s] == nullptr);
    const Qorm::Select named =
            Qorm::select({ users[u"name"_s] }).where(users[u"fullname"_s] != nullptr);

    QCOMPARE(sql(unnamed),
             u"SELECT user_account.name FROM user_account WHERE user_account.fullname IS NULL"_s);
    QCOMPARE(
            sql(named),
            u"SELECT user_account.name FROM user_account WHERE user_account.fullname IS NOT NULL"_s);
    QCOMPARE(sql(Qorm::select({ users[u"name"_s] }).where(users[u"fullname"_s].isNull())),
             sql(unnamed));
}

void tst_DocSamples::in()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select some = Qorm::select({ users[u"name"_s] }).where(users[u"id"_s].in({ 1, 3 }));
    const Qorm::Select others =
            Qorm::select({ users[u"name"_s] }).where(!users[u"id"_s].in({ 1, 3 }));
    const QVariantList ids; // empty
    const Qorm::Select none = Qorm::select({ users[u"name"_s] }).where(users[u"id"_s].in(ids));

    QCOMPARE(sql(some),
             u"SELECT user_account.name FROM user_account WHERE user_account.id IN (?, ?)"_s);
    QCOMPARE(sql(others),
             u"SELECT user_account.name FROM user_account WHERE user_account.id NOT IN (?, ?)"_s);
    QCOMPARE(sql(none), u"SELECT user_account.name FROM user_account WHERE 1 != 1"_s);
}

void tst_DocSamples::like()
{
    const auto &[metadata, users, addresses] = m_schema;
    const QString userInput = u"50%_off"_s;

    const Qorm::Select starts =
            Qorm::select({ users[u"name"_s] }).where(users[u"name"_s].like(u"s%"_s));
    const Qorm::Select contains =
            Qorm::select({ users[u"name"_s] })
                    .where(users[u"fullname"_s].ilike(
                            u"%"_s + Qorm::Expression::escapeLikePattern(userInput) + u"%"_s,
                            u'\\'));

    QCOMPARE(sql(starts),
             u"SELECT user_account.name FROM user_account WHERE user_account.name LIKE ?"_s);
    QCOMPARE(
            sql(contains),
            u"SELECT user_account.name FROM user_account WHERE lower(user_account.fullname) LIKE lower(?) ESCAPE ?"_s);
    QCOMPARE(
            sql(contains, postgresql),
            u"SELECT user_account.name FROM user_account WHERE user_account.fullname ILIKE ? ESCAPE ?"_s);
    QCOMPARE(values(contains), (QVariantList{ u"%50\\%\\_off%"_s, u"\\"_s }));
}

void tst_DocSamples::betweenCaseCast()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select statement =
            Qorm::select({ users[u"name"_s],
                           Qorm::caseWhen({ { users[u"id"_s] == 1, u"first"_s },
                                            { users[u"id"_s] < 3, u"early"_s } },
                                          u"late"_s)
                                   .label(u"arrival"_s),
                           Qorm::cast(users[u"id"_s], Qorm::SqlType::string(10)) })
                    .where(users[u"id"_s].between(1, 3));

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, CASE WHEN user_account.id = ? THEN ? WHEN user_account.id < ? THEN ? ELSE ? END AS arrival, CAST(user_account.id AS VARCHAR(10)) FROM user_account WHERE user_account.id BETWEEN ? AND ?"_s);
    QCOMPARE(sql(Qorm::select({ Qorm::cast(users[u"id"_s], Qorm::SqlType::string(10)) }), mariadb),
             u"SELECT CAST(user_account.id AS CHAR(10)) FROM user_account"_s);

    const Qorm::Expression grade =
            Qorm::caseOf(users[u"name"_s], { { u"sandy"_s, 1 }, { u"spongebob"_s, 2 } }, 0);
    QCOMPARE(
            sql(Qorm::select({ grade })),
            u"SELECT CASE user_account.name WHEN ? THEN ? WHEN ? THEN ? ELSE ? END FROM user_account"_s);
}

void tst_DocSamples::functions()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select statement = Qorm::select(
            { Qorm::Function::count(), Qorm::Function::count(users[u"fullname"_s].distinct()),
              Qorm::Function::max(users[u"id"_s]),
              Qorm::Function::coalesce({ users[u"fullname"_s], users[u"name"_s] }),
              Qorm::Function::named(u"substr"_s, { users[u"name"_s], 1, 3 },
                                    Qorm::SqlType::string()) });

    QCOMPARE(
            sql(statement),
            u"SELECT count(*), count(DISTINCT user_account.fullname), max(user_account.id), coalesce(user_account.fullname, user_account.name), substr(user_account.name, ?, ?) FROM user_account"_s);

    const Qorm::Select broken = Qorm::select({ Qorm::Function::named(u"pg_sleep(10); --"_s) });
    QCOMPARE(sql(broken),
             u"<InvalidRequestError> Function name 'pg_sleep(10); --' is not a plain identifier"_s);

    QCOMPARE(sql(Qorm::select({ Qorm::Function::now() })),
             u"SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"_s);
    QCOMPARE(sql(Qorm::select({ Qorm::Function::length(users[u"name"_s]) }), mariadb),
             u"SELECT char_length(user_account.name) FROM user_account"_s);
    QCOMPARE(sql(Qorm::select({ Qorm::cast(users[u"name"_s], Qorm::SqlType::date()) })),
             u"SELECT CAST(user_account.name AS TEXT) FROM user_account"_s);
    QCOMPARE(sql(Qorm::select({ Qorm::Function::now() }), mariadb),
             u"SELECT CURRENT_TIMESTAMP(3)"_s);
}

void tst_DocSamples::labelsAndOrdering()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select statement =
            Qorm::select({ users[u"name"_s], users[u"fullname"_s].label(u"full_name"_s) })
                    .orderBy({ users[u"fullname"_s].descending().nullsLast(), users[u"name"_s] });

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, user_account.fullname AS full_name FROM user_account ORDER BY user_account.fullname DESC NULLS LAST, user_account.name"_s);
    QCOMPARE(
            sql(statement, mariadb),
            u"SELECT user_account.name, user_account.fullname AS full_name FROM user_account ORDER BY user_account.fullname IS NULL, user_account.fullname DESC, user_account.name"_s);
}

void tst_DocSamples::literalsParametersText()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select statement =
            Qorm::select({ users[u"name"_s],
                           Qorm::literal(1, Qorm::SqlType::bigInteger()).label(u"one"_s) })
                    .where(users[u"id"_s] == Qorm::parameter(u"id"_s)
                           && Qorm::text(u"user_account.name NOT LIKE 'test%'"_s));

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, ? AS one FROM user_account WHERE user_account.id = ? AND (user_account.name NOT LIKE 'test%')"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    const Qorm::Result result = db.execute(statement, { { u"id"_s, 2 } });

    QCOMPARE(column(result), QStringList{ u"sandy"_s });

    const Qorm::Table events(u"event"_s,
                             { Qorm::Column(u"starts_at"_s, Qorm::SqlType::dateTime()) });
    const Qorm::CompiledStatement typed = Qorm::Dialect::sqlite().bindParameters(
            Qorm::Dialect::sqlite().compile(
                    Qorm::select({ events[u"starts_at"_s] })
                            .where(events[u"starts_at"_s] > Qorm::parameter(u"since"_s))),
            { { u"since"_s, QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone(3600)) } });
    QCOMPARE(typed.boundValues(), QVariantList{ u"2024-03-01 11:00:00.000"_s });

    const Qorm::Result missing = db.execute(statement); // no value for :id
    QCOMPARE(missing.error().type(), Qorm::Error::InvalidRequestError);
    QCOMPARE(missing.error().text(), u"no value given for the parameter(s) id"_s);
}

// ------------------------------------------------------------------ SELECT

void tst_DocSamples::selectTable()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select everything = Qorm::select(users);
    const Qorm::Select names = Qorm::select({ users[u"name"_s], users[u"fullname"_s] });

    QCOMPARE(
            sql(everything),
            u"SELECT user_account.id, user_account.name, user_account.fullname FROM user_account"_s);
    QCOMPARE(sql(names), u"SELECT user_account.name, user_account.fullname FROM user_account"_s);
}

void tst_DocSamples::selectWhere()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select statement = Qorm::select({ users[u"name"_s] })
                                           .where(users[u"name"_s] == u"squidward"_s)
                                           .where(users[u"fullname"_s] != nullptr);

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name FROM user_account WHERE user_account.name = ? AND user_account.fullname IS NOT NULL"_s);

    const Qorm::Select implicitJoin =
            Qorm::select({ users[u"name"_s], addresses[u"email_address"_s] })
                    .where(users[u"id"_s] == addresses[u"user_id"_s]);
    QCOMPARE(
            sql(implicitJoin),
            u"SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"_s);
}

void tst_DocSamples::joins()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select inner = Qorm::select({ users[u"name"_s], addresses[u"email_address"_s] })
                                       .join(addresses, addresses[u"user_id"_s] == users[u"id"_s]);
    const Qorm::Select outer =
            Qorm::select({ users[u"name"_s], addresses[u"email_address"_s] })
                    .leftJoin(addresses, addresses[u"user_id"_s] == users[u"id"_s]);
    const Qorm::Select fromAddresses =
            Qorm::select({ addresses[u"email_address"_s] })
                    .from(users.join(addresses, addresses[u"user_id"_s] == users[u"id"_s]))
                    .where(users[u"name"_s] == u"sandy"_s);

    QCOMPARE(
            sql(inner),
            u"SELECT user_account.name, address.email_address FROM user_account JOIN address ON address.user_id = user_account.id"_s);
    QCOMPARE(
            sql(outer),
            u"SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON address.user_id = user_account.id"_s);
    QCOMPARE(
            sql(fromAddresses),
            u"SELECT address.email_address FROM user_account JOIN address ON address.user_id = user_account.id WHERE user_account.name = ?"_s);

    const Qorm::Select full =
            Qorm::select({ users[u"name"_s], addresses[u"email_address"_s] })
                    .fullJoin(addresses, addresses[u"user_id"_s] == users[u"id"_s]);
    QCOMPARE(sql(full, mariadb), u"<UnsupportedFeatureError> MariaDB has no FULL OUTER JOIN"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(fromAddresses)),
             (QStringList{ u"sandy@sqlalchemy.org"_s, u"sandy@squirrelpower.org"_s }));
}

void tst_DocSamples::aliases()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Table employees(
            u"employee"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }),
              Qorm::Column(u"name"_s, Qorm::SqlType::string(50)),
              Qorm::Column(u"manager_id"_s, Qorm::SqlType::integer(),
                           { .foreignKey = Qorm::ForeignKey(u"employee.id"_s) }) });

    const Qorm::FromClause manager = employees.alias(u"manager"_s);
    const Qorm::Select statement =
            Qorm::select({ employees[u"name"_s], manager[u"name"_s].label(u"manager_name"_s) })
                    .leftJoin(manager, employees[u"manager_id"_s] == manager[u"id"_s]);

    QCOMPARE(
            sql(statement),
            u"SELECT employee.name, manager.name AS manager_name FROM employee LEFT OUTER JOIN employee AS manager ON employee.manager_id = manager.id"_s);

    const Qorm::FromClause first = addresses.alias(u"a1"_s);
    const Qorm::FromClause second = addresses.alias(u"a2"_s);
    const Qorm::Select twoAddresses =
            Qorm::select({ users[u"name"_s] })
                    .join(first, users[u"id"_s] == first[u"user_id"_s])
                    .join(second, users[u"id"_s] == second[u"user_id"_s])
                    .where(first[u"email_address"_s] == u"sandy@sqlalchemy.org"_s
                           && second[u"email_address"_s] == u"sandy@squirrelpower.org"_s);

    QCOMPARE(
            sql(twoAddresses),
            u"SELECT user_account.name FROM user_account JOIN address AS a1 ON user_account.id = a1.user_id JOIN address AS a2 ON user_account.id = a2.user_id WHERE a1.email_address = ? AND a2.email_address = ?"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(twoAddresses)), QStringList{ u"sandy"_s });
}

void tst_DocSamples::groupBy()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Expression addressCount =
            Qorm::Function::count(addresses[u"id"_s]).label(u"address_count"_s);
    const Qorm::Select statement =
            Qorm::select({ users[u"name"_s], addressCount })
                    .join(addresses, addresses[u"user_id"_s] == users[u"id"_s])
                    .groupBy({ users[u"name"_s] })
                    .having(Qorm::Function::count(addresses[u"id"_s]) > 1)
                    .orderBy({ addressCount.descending(), users[u"name"_s] });

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, count(address.id) AS address_count FROM user_account JOIN address ON address.user_id = user_account.id GROUP BY user_account.name HAVING count(address.id) > ? ORDER BY address_count DESC, user_account.name"_s);

    const Qorm::Select names = Qorm::select({ addresses[u"user_id"_s] }).distinct();
    QCOMPARE(sql(names), u"SELECT DISTINCT address.user_id FROM address"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(statement), 1), QStringList{ u"2"_s });
}

void tst_DocSamples::limitOffset()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select page =
            Qorm::select({ users[u"name"_s] }).orderBy({ users[u"id"_s] }).limit(20).offset(40);
    const Qorm::Select skip =
            Qorm::select({ users[u"name"_s] }).orderBy({ users[u"id"_s] }).offset(1);

    QCOMPARE(
            sql(page),
            u"SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT ? OFFSET ?"_s);
    QCOMPARE(values(page), (QVariantList{ 20, 40 }));
    QCOMPARE(
            sql(skip),
            u"SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT -1 OFFSET ?"_s);
    QCOMPARE(sql(skip, postgresql),
             u"SELECT user_account.name FROM user_account ORDER BY user_account.id OFFSET ?"_s);
    QCOMPARE(
            sql(skip, mariadb),
            u"SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT 18446744073709551615 OFFSET ?"_s);
}

void tst_DocSamples::subqueryInFrom()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::FromClause counts =
            Qorm::select(
                    { addresses[u"user_id"_s], Qorm::Function::count().label(u"address_count"_s) })
                    .groupBy({ addresses[u"user_id"_s] })
                    .subquery(u"address_counts"_s);
    const Qorm::Select statement = Qorm::select({ users[u"name"_s], counts[u"address_count"_s] })
                                           .join(counts, counts[u"user_id"_s] == users[u"id"_s]);

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, address_counts.address_count FROM user_account JOIN (SELECT address.user_id, count(*) AS address_count FROM address GROUP BY address.user_id) AS address_counts ON address_counts.user_id = user_account.id"_s);
    QCOMPARE(counts.columnNames(), (QStringList{ u"user_id"_s, u"address_count"_s }));
}

void tst_DocSamples::scalarSubquery()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Expression addressCount =
            Qorm::select({ Qorm::Function::count(addresses[u"id"_s]) })
                    .where(addresses[u"user_id"_s] == users[u"id"_s])
                    .scalarSubquery();
    const Qorm::Select statement =
            Qorm::select({ users[u"name"_s], addressCount.label(u"address_count"_s) });

    QCOMPARE(
            sql(statement),
            u"SELECT user_account.name, (SELECT count(address.id) FROM address WHERE address.user_id = user_account.id) AS address_count FROM user_account"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(statement), 1), (QStringList{ u"1"_s, u"2"_s, u"0"_s }));
}

void tst_DocSamples::existsAndInSubquery()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select withoutAddress =
            Qorm::select({ users[u"name"_s] })
                    .where(!Qorm::exists(
                            Qorm::select({ addresses[u"id"_s] })
                                    .where(addresses[u"user_id"_s] == users[u"id"_s])));
    const Qorm::Select squirrels =
            Qorm::select({ users[u"name"_s] })
                    .where(users[u"id"_s].in(Qorm::select({ addresses[u"user_id"_s] })
                                                     .where(addresses[u"email_address"_s].like(
                                                             u"%@squirrelpower.org"_s))));

    QCOMPARE(
            sql(withoutAddress),
            u"SELECT user_account.name FROM user_account WHERE NOT EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id)"_s);
    QCOMPARE(
            sql(squirrels),
            u"SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address WHERE address.email_address LIKE ?)"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(withoutAddress)), QStringList{ u"patrick"_s });
    QCOMPARE(column(db.execute(squirrels)), QStringList{ u"sandy"_s });
}

void tst_DocSamples::setOperations()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select sandy =
            Qorm::select({ users[u"name"_s] }).where(users[u"name"_s] == u"sandy"_s);
    const Qorm::Select spongebob =
            Qorm::select({ users[u"name"_s] }).where(users[u"name"_s] == u"spongebob"_s);
    const Qorm::Select both = sandy.unionAll(spongebob).orderBy({ users[u"name"_s] }).limit(10);

    QCOMPARE(
            sql(both),
            u"SELECT user_account.name FROM user_account WHERE user_account.name = ? UNION ALL SELECT user_account.name FROM user_account WHERE user_account.name = ? ORDER BY name LIMIT ?"_s);

    const Qorm::FromClause names = sandy.unionWith(spongebob).subquery(u"names"_s);
    const Qorm::Select filtered =
            Qorm::select({ names[u"name"_s] }).where(names[u"name"_s].like(u"s%"_s));
    QCOMPARE(
            sql(filtered),
            u"SELECT names.name FROM (SELECT user_account.name FROM user_account WHERE user_account.name = ? UNION SELECT user_account.name FROM user_account WHERE user_account.name = ?) AS names WHERE names.name LIKE ?"_s);

    const Qorm::Select firstThenSpongebob = Qorm::select({ users[u"name"_s] })
                                                    .orderBy({ users[u"id"_s] })
                                                    .limit(1)
                                                    .unionAll(spongebob);
    QCOMPARE(
            sql(firstThenSpongebob),
            u"SELECT * FROM (SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT ?) UNION ALL SELECT user_account.name FROM user_account WHERE user_account.name = ?"_s);
    QCOMPARE(
            sql(firstThenSpongebob, postgresql),
            u"(SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT ?) UNION ALL SELECT user_account.name FROM user_account WHERE user_account.name = ?"_s);

    QCOMPARE(sql(firstThenSpongebob, mariadb), sql(firstThenSpongebob, postgresql));
    QCOMPARE(
            sql(sandy.intersect(spongebob).where(users[u"id"_s] > 1)),
            u"<InvalidRequestError> where() on a UNION/INTERSECT/EXCEPT: apply it to the parts, or select from the compound as a subquery"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(both)), (QStringList{ u"sandy"_s, u"spongebob"_s }));
}

void tst_DocSamples::commonTableExpressions()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Cte counts = Qorm::select({ addresses[u"user_id"_s],
                                            Qorm::Function::count().label(u"address_count"_s) })
                                     .groupBy({ addresses[u"user_id"_s] })
                                     .cte(u"address_counts"_s);
    const Qorm::Select statement = Qorm::select({ users[u"name"_s], counts[u"address_count"_s] })
                                           .join(counts, counts[u"user_id"_s] == users[u"id"_s])
                                           .where(counts[u"address_count"_s] > 1);

    QCOMPARE(
            sql(statement),
            u"WITH address_counts AS (SELECT address.user_id, count(*) AS address_count FROM address GROUP BY address.user_id) SELECT user_account.name, address_counts.address_count FROM user_account JOIN address_counts ON address_counts.user_id = user_account.id WHERE address_counts.address_count > ?"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(column(db.execute(statement)), QStringList{ u"sandy"_s });
}

void tst_DocSamples::recursiveCte()
{
    const Qorm::Table employees(
            u"employee"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), { .primaryKey = true }),
              Qorm::Column(u"name"_s, Qorm::SqlType::string(50)),
              Qorm::Column(u"manager_id"_s, Qorm::SqlType::integer(),
                           { .foreignKey = Qorm::ForeignKey(u"employee.id"_s) }) });

    // The chain of managers above employee 4, starting with 4 itself.
    Qorm::Cte chain = Qorm::select({ employees[u"id"_s], employees[u"manager_id"_s] })
                              .where(employees[u"id"_s] == 4)
                              .cte(u"chain"_s, Qorm::Recursive::Yes);
    chain = chain.unionAll(Qorm::select({ employees[u"id"_s], employees[u"manager_id"_s] })
                                   .join(chain, employees[u"id"_s] == chain[u"manager_id"_s]));
    const Qorm::Select managers = Qorm::select({ employees[u"name"_s] })
                                          .join(chain, chain[u"id"_s] == employees[u"id"_s]);

    QCOMPARE(
            sql(managers),
            u"WITH RECURSIVE chain(id, manager_id) AS (SELECT employee.id, employee.manager_id FROM employee WHERE employee.id = ? UNION ALL SELECT employee.id, employee.manager_id FROM employee JOIN chain ON employee.id = chain.manager_id) SELECT employee.name FROM employee JOIN chain ON chain.id = employee.id"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(db.execute(Qorm::Dialect::sqlite().createTable(employees).first()).isValid());
    QVERIFY(db.execute(Qorm::insert(employees).values(QList<QVariantMap>{
                               { { u"name"_s, u"ceo"_s }, { u"manager_id"_s, QVariant() } },
                               { { u"name"_s, u"cto"_s }, { u"manager_id"_s, 1 } },
                               { { u"name"_s, u"cfo"_s }, { u"manager_id"_s, 1 } },
                               { { u"name"_s, u"developer"_s }, { u"manager_id"_s, 2 } } }))
                    .isValid());
    QCOMPARE(column(db.execute(managers.orderBy({ employees[u"id"_s] }))),
             (QStringList{ u"ceo"_s, u"cto"_s, u"developer"_s }));
}

void tst_DocSamples::rowLocks()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Select locked =
            Qorm::select({ users[u"fullname"_s] }).where(users[u"id"_s] == 2).forUpdate();
    const Qorm::Select queue = Qorm::select({ users[u"id"_s] })
                                       .limit(10)
                                       .withRowLock(Qorm::RowLock::ForUpdateSkipLocked);

    QCOMPARE(
            sql(locked, postgresql),
            u"SELECT user_account.fullname FROM user_account WHERE user_account.id = ? FOR UPDATE"_s);
    QCOMPARE(sql(queue, postgresql),
             u"SELECT user_account.id FROM user_account LIMIT ? FOR UPDATE SKIP LOCKED"_s);
    QCOMPARE(sql(locked),
             u"<UnsupportedFeatureError> SQLite has no row locks (FOR UPDATE/FOR SHARE)"_s);
    QCOMPARE(sql(Qorm::select({ users[u"id"_s] }).withRowLock(Qorm::RowLock::ForShare), mariadb),
             u"SELECT user_account.id FROM user_account LOCK IN SHARE MODE"_s);
}

// ------------------------------------------------------------------ INSERT, UPDATE, DELETE

void tst_DocSamples::insertOneRow()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(metadata.createAll(db));

    const Qorm::Insert statement = Qorm::insert(users).values(
            { { u"name"_s, u"spongebob"_s }, { u"fullname"_s, u"Spongebob Squarepants"_s } });
    const Qorm::Result result = db.execute(statement);
    if (!result.isValid())
        qWarning() << result.error();
    const qint64 id = result.lastInsertId().toLongLong(); // not on PostgreSQL: use RETURNING

    QCOMPARE(sql(statement), u"INSERT INTO user_account (name, fullname) VALUES (?, ?)"_s);
    QCOMPARE(values(statement), (QVariantList{ u"spongebob"_s, u"Spongebob Squarepants"_s }));
    QCOMPARE(id, qint64(1));
    QCOMPARE(result.numRowsAffected(), 1);
}

void tst_DocSamples::insertManyRows()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Insert statement = Qorm::insert(users).values(QList<QVariantMap>{
            { { u"name"_s, u"sandy"_s }, { u"fullname"_s, u"Sandy Cheeks"_s } },
            { { u"name"_s, u"patrick"_s }, { u"fullname"_s, u"Patrick Star"_s } },
    });

    QCOMPARE(sql(statement), u"INSERT INTO user_account (name, fullname) VALUES (?, ?), (?, ?)"_s);

    const Qorm::Insert mismatched = Qorm::insert(users).values(QList<QVariantMap>{
            { { u"name"_s, u"sandy"_s } }, { { u"fullname"_s, u"Patrick Star"_s } } });
    QCOMPARE(
            sql(mismatched),
            u"<InvalidRequestError> All rows of a multi-row INSERT into 'user_account' need the same columns; row 2 has fullname, row 1 has name"_s);
}

void tst_DocSamples::insertExpressionAndSelect()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Insert shouting =
            Qorm::insert(users)
                    .values({ { u"name"_s, u"squidward"_s } })
                    .value(u"fullname"_s, Qorm::Function::upper(u"Squidward Tentacles"_s));
    QCOMPARE(sql(shouting), u"INSERT INTO user_account (name, fullname) VALUES (?, upper(?))"_s);

    const Qorm::Insert copy = Qorm::insert(addresses).fromSelect(
            { u"user_id"_s, u"email_address"_s },
            Qorm::select({ users[u"id"_s], users[u"name"_s].concat(u"@aol.com"_s) }));
    QCOMPARE(
            sql(copy),
            u"INSERT INTO address (user_id, email_address) SELECT user_account.id, user_account.name || ? FROM user_account"_s);
}

void tst_DocSamples::insertReturning()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(metadata.createAll(db));

    const Qorm::Insert statement =
            Qorm::insert(addresses)
                    .values({ { u"user_id"_s, 1 }, { u"email_address"_s, u"x@y.org"_s } })
                    .returning({ addresses[u"id"_s], addresses[u"email_address"_s] });
    if (db.dialect().supportsReturning(Qorm::Statement::InsertStatement)) {
        Qorm::Result result = db.execute(statement);
        if (const std::optional<Qorm::Row> row = result.first())
            qDebug() << "new address" << row->value<qint64>(u"id"_s);
    }

    QCOMPARE(
            sql(statement),
            u"INSERT INTO address (user_id, email_address) VALUES (?, ?) RETURNING id, email_address"_s);
    QCOMPARE(sql(statement, Qorm::Dialect::mysql(Qorm::Dialect::MySQL, QVersionNumber(8, 0))),
             u"<UnsupportedFeatureError> MySQL has no INSERT ... RETURNING"_s);
    QVERIFY(mariadb.supportsReturning(Qorm::Statement::InsertStatement));
    QVERIFY(mariadb.supportsReturning(Qorm::Statement::DeleteStatement));
    QVERIFY(!mariadb.supportsReturning(Qorm::Statement::UpdateStatement));
    QVERIFY(!Qorm::Dialect::sqlite(QVersionNumber(3, 34))
                     .supportsReturning(Qorm::Statement::InsertStatement));
}

void tst_DocSamples::upsert()
{
    Qorm::MetaData metadata;

    const Qorm::Table stock(
            metadata, u"stock"_s,
            { Qorm::Column(u"sku"_s, Qorm::SqlType::string(40), { .primaryKey = true }),
              Qorm::Column(u"name"_s, Qorm::SqlType::string(100)),
              Qorm::Column(u"quantity"_s, Qorm::SqlType::integer(), { .nullable = false }) });

    const Qorm::Insert row = Qorm::insert(stock).values(
            { { u"sku"_s, u"A-1"_s }, { u"name"_s, u"Anchor"_s }, { u"quantity"_s, 5 } });

    const Qorm::Insert keep = row.onConflictDoNothing({ u"sku"_s });
    const Qorm::Insert rename = row.onConflictDoUpdate({ u"sku"_s }, QStringList{ u"name"_s });
    const Qorm::Insert add = row.onConflictDoUpdate(
            { u"sku"_s },
            QList<std::pair<QString, Qorm::Expression>>{
                    { u"quantity"_s,
                      stock[u"quantity"_s] + Qorm::Insert::excluded(stock[u"quantity"_s]) } });

    QCOMPARE(
            sql(keep),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON CONFLICT (sku) DO NOTHING"_s);
    QCOMPARE(
            sql(rename),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON CONFLICT (sku) DO UPDATE SET name = excluded.name"_s);
    QCOMPARE(
            sql(add),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON CONFLICT (sku) DO UPDATE SET quantity = stock.quantity + excluded.quantity"_s);
    QCOMPARE(sql(keep, postgresql), sql(keep));
    QCOMPARE(sql(rename, postgresql), sql(rename));
    QCOMPARE(sql(add, postgresql), sql(add));
    QCOMPARE(sql(add, Qorm::Dialect::mysql(Qorm::Dialect::MySQL, QVersionNumber(8, 0))),
             sql(add, mariadb));
    QCOMPARE(
            sql(keep, mariadb),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE sku = sku"_s);
    QCOMPARE(
            sql(rename, mariadb),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)"_s);
    QCOMPARE(
            sql(add, mariadb),
            u"INSERT INTO stock (sku, name, quantity) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE quantity = stock.quantity + VALUES(quantity)"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(metadata.createAll(db));
    QVERIFY(db.execute(add).isValid());
    QVERIFY(db.execute(add).isValid());
    QCOMPARE(db.execute(Qorm::select({ stock[u"quantity"_s] })).scalar().toInt(), 10);
}

void tst_DocSamples::updateRows()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Update rename = Qorm::update(users)
                                        .set(u"fullname"_s, u"Sandy Squirrel"_s)
                                        .where(users[u"name"_s] == u"sandy"_s);
    const Qorm::Update several =
            Qorm::update(users)
                    .set({ { u"name"_s, u"patrick"_s }, { u"fullname"_s, u"Patrick Star"_s } })
                    .where(users[u"id"_s] == 3);
    const Qorm::Update computed =
            Qorm::update(users)
                    .set(u"fullname"_s, users[u"name"_s].concat(u" (inactive)"_s))
                    .where(!Qorm::exists(Qorm::select({ addresses[u"id"_s] })
                                                 .where(addresses[u"user_id"_s] == users[u"id"_s])))
                    .returning({ users[u"id"_s] });
    const Qorm::Update firstAddress =
            Qorm::update(users).set(u"fullname"_s,
                                    Qorm::select({ addresses[u"email_address"_s] })
                                            .where(addresses[u"user_id"_s] == users[u"id"_s])
                                            .orderBy({ addresses[u"id"_s] })
                                            .limit(1)
                                            .scalarSubquery());

    QCOMPARE(sql(rename), u"UPDATE user_account SET fullname = ? WHERE user_account.name = ?"_s);
    QCOMPARE(
            sql(firstAddress),
            u"UPDATE user_account SET fullname = (SELECT address.email_address FROM address WHERE address.user_id = user_account.id ORDER BY address.id LIMIT ?)"_s);
    QCOMPARE(sql(several),
             u"UPDATE user_account SET fullname = ?, name = ? WHERE user_account.id = ?"_s);
    QCOMPARE(
            sql(computed),
            u"UPDATE user_account SET fullname = user_account.name || ? WHERE NOT EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id) RETURNING id"_s);
    QCOMPARE(sql(computed, mariadb),
             u"<UnsupportedFeatureError> MariaDB has no UPDATE ... RETURNING"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    const Qorm::Result result = db.execute(rename);
    QCOMPARE(result.numRowsAffected(), 1);
    QCOMPARE(column(db.execute(computed)), QStringList{ u"3"_s });
    QVERIFY(db.execute(firstAddress).isValid());
    QCOMPARE(column(db.execute(Qorm::select({ users[u"fullname"_s] }).orderBy({ users[u"id"_s] }))),
             (QStringList{ u"spongebob@sqlalchemy.org"_s, u"sandy@sqlalchemy.org"_s, u"NULL"_s }));
}

void tst_DocSamples::deleteRows()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::Delete statement = Qorm::deleteFrom(users).where(users[u"name"_s] == u"patrick"_s);
    const Qorm::Delete returning =
            Qorm::deleteFrom(addresses)
                    .where(addresses[u"email_address"_s].like(u"%@sqlalchemy.org"_s))
                    .returning({ addresses[u"id"_s] });

    QCOMPARE(sql(statement), u"DELETE FROM user_account WHERE user_account.name = ?"_s);
    QCOMPARE(sql(returning, mariadb),
             u"DELETE FROM address WHERE address.email_address LIKE ? RETURNING id"_s);

    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    QCOMPARE(db.execute(statement).numRowsAffected(), 1);
    QCOMPARE(db.execute(returning).numRowsAffected(), 2);
}

void tst_DocSamples::textSql()
{
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    const Qorm::TextSql statement =
            Qorm::TextSql(
                    u"SELECT id, name FROM user_account WHERE name = :name OR name = ':name'"_s)
                    .columns({ { u"id"_s, Qorm::SqlType::bigInteger() },
                               { u"name"_s, Qorm::SqlType::string() } });
    const Qorm::Result result = db.execute(statement, { { u"name"_s, u"sandy"_s } });

    QCOMPARE(sql(statement),
             u"SELECT id, name FROM user_account WHERE name = ? OR name = ':name'"_s);
    QCOMPARE(column(result, 0), QStringList{ u"2"_s });
    QCOMPARE(sql(statement.bind(u"name"_s, u"sandy"_s)), sql(statement));

    const QDateTime noonInParis(QDate(2024, 3, 1), QTime(12, 0), QTimeZone(3600));
    const Qorm::TextSql since = Qorm::TextSql(u"SELECT 1 /* :ignored */ WHERE :since > ''"_s)
                                        .bind(u"since"_s, noonInParis);
    QCOMPARE(values(since), QVariantList{ u"2024-03-01 11:00:00.000"_s });
    QCOMPARE(Qorm::Dialect::sqlite().compile(since).unboundParameters(), QStringList());
}

// ------------------------------------------------------------------ Compiling and executing

void tst_DocSamples::compileWithoutDatabase()
{
    const auto &[metadata, users, addresses] = m_schema;

    const Qorm::CompiledStatement compiled = Qorm::Dialect::postgresql().compile(
            Qorm::select({ users[u"name"_s] }).where(users[u"id"_s] == Qorm::parameter(u"id"_s)));
    qDebug() << compiled.sql() << compiled.parameterNames() << compiled.resultNames();

    const Qorm::CompiledStatement bound =
            Qorm::Dialect::postgresql().bindParameters(compiled, { { u"id"_s, 5 } });

    QCOMPARE(compiled.sql(),
             u"SELECT user_account.name FROM user_account WHERE user_account.id = ?"_s);
    QCOMPARE(compiled.unboundParameters(), QStringList{ u"id"_s });
    QCOMPARE(bound.boundValues(), QVariantList{ 5 });
    QVERIFY(bound.unboundParameters().isEmpty());
    QCOMPARE(compiled.resultNames(), QStringList{ u"name"_s });

    for (const Qorm::CompiledStatement &statement :
         Qorm::Dialect::postgresql().createTable(addresses))
        qDebug().noquote() << statement.sql();

    QCOMPARE(Qorm::Dialect::postgresql().quoteIdentifier(u"order"_s), u"\"order\""_s);
    QCOMPARE(Qorm::Dialect::mysql().quoteIdentifier(u"order"_s), u"`order`"_s);
    QCOMPARE(Qorm::Dialect::sqlite().quoteIdentifier(u"CamelCase"_s), u"\"CamelCase\""_s);
    QCOMPARE(Qorm::Dialect::sqlite().quoteIdentifier(u"email_address"_s), u"email_address"_s);
}

void tst_DocSamples::results()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    QStringList names;
    Qorm::Result result = db.execute(
            Qorm::select({ users[u"id"_s], users[u"name"_s] }).orderBy({ users[u"id"_s] }));
    if (!result.isValid())
        qWarning() << result.error();
    while (result.next()) {
        const Qorm::Row row = result.row();
        names.append(u"%1:%2"_s.arg(row.value<int>(u"id"_s)).arg(row.value<QString>(u"name"_s)));
    }

    QCOMPARE(names, (QStringList{ u"1:spongebob"_s, u"2:sandy"_s, u"3:patrick"_s }));

    const qint64 count =
            db.execute(Qorm::select({ Qorm::Function::count() }).from(users)).scalar().toLongLong();
    const QList<Qorm::Row> rows = db.execute(Qorm::select(addresses)).all();
    Qorm::Result single = db.execute(Qorm::select(users).where(users[u"name"_s] == u"sandy"_s));
    const Qorm::Row sandy = single.one(); // invalid, with error() set, unless exactly one row

    QCOMPARE(count, 3);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(sandy.value(u"fullname"_s), QVariant(u"Sandy Cheeks"_s));
    QCOMPARE(sandy.names(), (QStringList{ u"id"_s, u"name"_s, u"fullname"_s }));

    Qorm::Result several = db.execute(Qorm::select(users));
    QVERIFY(!several.one().isValid());
    QCOMPARE(several.error().text(), u"one(): the statement returned several rows"_s);
}

void tst_DocSamples::statementCache()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));
    const Qorm::StatementCacheStatistics before = db.statementCacheStatistics();

    for (const QString &name : { u"sandy"_s, u"patrick"_s })
        (void)db.execute(Qorm::select({ users[u"id"_s] }).where(users[u"name"_s] == name)).all();

    const Qorm::StatementCacheStatistics statistics = db.statementCacheStatistics();
    qDebug() << statistics.hits << statistics.misses << statistics.size << statistics.capacity;

    QCOMPARE(statistics.misses, before.misses + 1);
    QCOMPARE(statistics.hits, before.hits + 1);
    QCOMPARE(statistics.capacity, 256);
}

void tst_DocSamples::observersAndInterceptor()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    QStringList statements;
    const int observer = db.addObserver([&statements](const Qorm::ExecutedStatement &executed) {
        statements.append(executed.sql);
    });
    db.setInterceptor([](const Qorm::CompiledStatement &statement) {
        if (statement.kind() == Qorm::Statement::DeleteStatement)
            return Qorm::Error(Qorm::Error::ConnectionError, u"simulated outage"_s);
        return Qorm::Error(); // let it run
    });

    const Qorm::Result deleted = db.execute(Qorm::deleteFrom(addresses));
    QCOMPARE(deleted.error().text(), u"simulated outage"_s);

    db.setInterceptor(nullptr);
    db.removeObserver(observer);

    QCOMPARE(statements, QStringList{ u"DELETE FROM address"_s });
    QCOMPARE(db.execute(Qorm::select({ Qorm::Function::count() }).from(addresses)).scalar().toInt(),
             3);
}

void tst_DocSamples::transactions()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    const auto moveAddresses = [&](int from, int to) {
        Qorm::Transaction transaction = db.begin();
        const Qorm::Result moved = db.execute(Qorm::update(addresses)
                                                      .set(u"user_id"_s, to)
                                                      .where(addresses[u"user_id"_s] == from));
        const Qorm::Result removed =
                db.execute(Qorm::deleteFrom(users).where(users[u"id"_s] == from));
        if (!moved.isValid() || !removed.isValid())
            return false; // leaving the scope rolls back
        return transaction.commit();
    };

    QVERIFY(moveAddresses(2, 1));
    QVERIFY(!moveAddresses(1, 99)); // the foreign key rejects the update: nothing changes
    QCOMPARE(db.execute(Qorm::select({ Qorm::Function::count() }).from(users)).scalar().toInt(), 2);
    QVERIFY(!db.inTransaction());

    Qorm::Transaction writer =
            db.begin(Qorm::TransactionMode::Immediate); // SQLite: BEGIN IMMEDIATE
    QVERIFY(writer.isActive());
    QVERIFY(writer.commit());
}

void tst_DocSamples::savepoints()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    Qorm::Transaction transaction = db.begin();
    (void)db.execute(Qorm::insert(users).values({ { u"name"_s, u"squidward"_s } }));
    {
        Qorm::Transaction savepoint = db.beginNested(); // SAVEPOINT qorm_sp_1
        const Qorm::Result result = db.execute(
                Qorm::insert(users).values({ { u"id"_s, 1 }, { u"name"_s, u"krabs"_s } }));
        if (result.isValid())
            (void)savepoint.commit(); // RELEASE SAVEPOINT
        else
            savepoint.rollback(); // ROLLBACK TO SAVEPOINT, RELEASE SAVEPOINT: squidward stays
    }
    if (!transaction.commit())
        qWarning() << db.lastError();

    QCOMPARE(db.execute(Qorm::select({ Qorm::Function::count() }).from(users)).scalar().toInt(), 4);
    QVERIFY(!db.inTransaction());
}

void tst_DocSamples::errors()
{
    const auto &[metadata, users, addresses] = m_schema;
    Qorm::Connection db = memoryDatabase();
    QVERIFY(insertTutorialRows(db, m_schema));

    const Qorm::Result result =
            db.execute(Qorm::insert(users).values({ { u"id"_s, 1 }, { u"name"_s, u"again"_s } }));
    if (!result.isValid()) {
        const Qorm::Error error = result.error(); // also db.lastError()
        if (error.type() == Qorm::Error::IntegrityError)
            qDebug() << "duplicate key:" << error.nativeErrorCode() << error.text();
        qDebug() << error.statement() << error.boundValues();
    }

    QCOMPARE(result.error().type(), Qorm::Error::IntegrityError);
    QCOMPARE(result.error().nativeErrorCode(), u"1555"_s); // SQLITE_CONSTRAINT_PRIMARYKEY
    QCOMPARE(result.error().statement(), u"INSERT INTO user_account (id, name) VALUES (?, ?)"_s);
    QCOMPARE(db.lastError(), result.error());

    const Qorm::CompiledStatement compiled = Qorm::Dialect::mysql().compile(
            Qorm::update(users).set(u"name"_s, u"x"_s).returning({ users[u"id"_s] }));
    if (!compiled.isValid()) // UnsupportedFeatureError: "MariaDB has no UPDATE ... RETURNING"
        qDebug() << compiled.error();
    QVERIFY(!compiled.isValid());
    QCOMPARE(compiled.error().type(), Qorm::Error::UnsupportedFeatureError);
    QCOMPARE(compiled.error().text(), u"MariaDB has no UPDATE ... RETURNING"_s);

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u"/nonexistent/directory/file.sqlite"_s;
    Qorm::Connection broken(settings);
    QVERIFY(!broken.isOpen());
    QCOMPARE(broken.lastError().type(), Qorm::Error::ConnectionError);
}

// ------------------------------------------------------------------ The documents

// The SQL a test source compares: its u"..."_s literals, unescaped and without whitespace.
static QSet<QString> sqlLiterals(const QString &source)
{
    QSet<QString> literals;
    static const QRegularExpression literal(uR"re(u"((?:[^"\\]|\\.)*)"_s)re"_s);
    for (const QRegularExpressionMatch &match : literal.globalMatch(source)) {
        QString text = match.captured(1);
        text.replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
        literals.insert(stripped(text));
    }
    return literals;
}

// Every ```cpp block of the document must occur in the source, and every statement of its
// ```sql blocks must be one of the source's literals.
static void checkDocument(const QString &documentName, const QString &document,
                          const QString &sourceName, const QString &source, int *cppBlocks,
                          int *sqlStatements)
{
    const QString strippedSource = stripped(source);
    const QSet<QString> literals = sqlLiterals(source);
    for (const CodeBlock &block : codeBlocks(document)) {
        if (block.language == u"cpp") {
            ++*cppBlocks;
            QVERIFY2(strippedSource.contains(stripped(block.text)),
                     qPrintable(u"%1:%2: this C++ sample is not in %3:\n%4"_s.arg(
                             documentName, QString::number(block.line), sourceName, block.text)));
        } else if (block.language == u"sql") {
            // Statements are separated by blank lines; "--" lines are captions.
            const QStringList paragraphs = block.text.split(QRegularExpression(u"\\n\\s*\\n"_s));
            for (const QString &paragraph : paragraphs) {
                QString statement;
                for (const QString &line : paragraph.split(u'\n')) {
                    if (!line.trimmed().startsWith(u"--"_s))
                        statement += line + u'\n';
                }
                if (statement.trimmed().isEmpty())
                    continue;
                ++*sqlStatements;
                QVERIFY2(
                        literals.contains(stripped(statement)),
                        qPrintable(u"%1:%2: this SQL is not compared in %3:\n%4"_s.arg(
                                documentName, QString::number(block.line), sourceName, statement)));
            }
        }
    }
}

void tst_DocSamples::docsMatchSamples()
{
    const QString sourcePath = QFINDTESTDATA("tst_docsamples.cpp");
    const QString sessionSourcePath = QFINDTESTDATA("tst_sessiondocs.cpp");
    const QString corePath = QFINDTESTDATA("../../../docs/core.md");
    const QString sessionPath = QFINDTESTDATA("../../../docs/session.md");
    const QString gettingStartedPath = QFINDTESTDATA("../../../docs/getting-started.md");
    const QString quickstartPath = QFINDTESTDATA("../../../examples/quickstart/main.cpp");
    QVERIFY2(!sourcePath.isEmpty() && !sessionSourcePath.isEmpty() && !corePath.isEmpty()
                     && !sessionPath.isEmpty() && !gettingStartedPath.isEmpty()
                     && !quickstartPath.isEmpty(),
             "the source tree (docs/, examples/quickstart/) is not reachable from the test");

    const QString source = readFile(sourcePath);
    const QString strippedSource = stripped(source);
    const QString strippedQuickstart = stripped(readFile(quickstartPath));

    // docs/core.md against this file.
    int cppBlocks = 0;
    int sqlStatements = 0;
    checkDocument(u"docs/core.md"_s, readFile(corePath), u"tst_docsamples.cpp"_s, source,
                  &cppBlocks, &sqlStatements);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(cppBlocks > 30);
    QVERIFY(sqlStatements > 30);

    // docs/session.md against tst_sessiondocs.cpp.
    int sessionCppBlocks = 0;
    int sessionSqlStatements = 0;
    checkDocument(u"docs/session.md"_s, readFile(sessionPath), u"tst_sessiondocs.cpp"_s,
                  readFile(sessionSourcePath), &sessionCppBlocks, &sessionSqlStatements);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(sessionCppBlocks > 20);
    QVERIFY(sessionSqlStatements > 5);

    // docs/relationships.md against the models tst_relationships runs.
    int relationshipBlocks = 0;
    int relationshipStatements = 0;
    checkDocument(u"docs/relationships.md"_s,
                  readFile(QFINDTESTDATA("../../../docs/relationships.md")),
                  u"tests/auto/orm/relationships/"_s,
                  readFile(QFINDTESTDATA("../orm/relationships/models.h"))
                          + readFile(QFINDTESTDATA("../orm/relationships/tst_relationships.cpp")),
                  &relationshipBlocks, &relationshipStatements);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(relationshipBlocks >= 4);

    // docs/queries.md against the queries tst_queries runs.
    int queryBlocks = 0;
    int queryStatements = 0;
    checkDocument(
            u"docs/queries.md"_s, readFile(QFINDTESTDATA("../../../docs/queries.md")),
            u"tests/auto/orm/queries/, tests/auto/orm/bulk/ or tests/auto/orm/typedcolumns/"_s,
            readFile(QFINDTESTDATA("../orm/queries/tst_queries.cpp"))
                    + readFile(QFINDTESTDATA("../orm/bulk/tst_bulk.cpp"))
                    + readFile(QFINDTESTDATA("../orm/typedcolumns/tst_typedcolumns.cpp")),
            &queryBlocks, &queryStatements);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(queryBlocks >= 7);

    // docs/getting-started.md against the quickstart (or this file).
    int quickstartBlocks = 0;
    for (const CodeBlock &block : codeBlocks(readFile(gettingStartedPath))) {
        if (block.language != u"cpp")
            continue;
        ++quickstartBlocks;
        const QString text = stripped(block.text);
        QVERIFY2(strippedQuickstart.contains(text) || strippedSource.contains(text),
                 qPrintable(u"docs/getting-started.md:%1: this C++ sample is neither in "
                            u"examples/quickstart/main.cpp "
                            u"nor in tst_docsamples.cpp:\n%2"_s.arg(block.line)
                                    .arg(block.text)));
    }
    QVERIFY(quickstartBlocks > 0);
}

QTEST_GUILESS_MAIN(tst_DocSamples)

#include "tst_docsamples.moc"
