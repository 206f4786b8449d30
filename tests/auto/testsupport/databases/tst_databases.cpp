// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// The test fixtures themselves: the database matrix, per-executable databases,
// resetSchema(), the SQL recorder and the failure paths (configured but unreachable).

#include "databases.h"

#include <Qorm/Core>

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using Qorm::Test::SqlRecorder;

namespace {

// Sets or unsets an environment variable for one scope.
class EnvironmentOverride
{
public:
    EnvironmentOverride(const char *name, const QByteArray *value)
        : m_name(name),
          m_wasSet(qEnvironmentVariableIsSet(name)),
          m_old(qgetenv(name))
    {
        if (value)
            qputenv(name, *value);
        else
            qunsetenv(name);
    }
    ~EnvironmentOverride()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvironmentOverride(const EnvironmentOverride &) = delete;
    EnvironmentOverride &operator=(const EnvironmentOverride &) = delete;

private:
    const char *m_name;
    bool m_wasSet;
    QByteArray m_old;
};

QStringList column(Qorm::Result result)
{
    QStringList values;
    while (result.next())
        values << result.value(0).toString();
    return values;
}

// Tables and views left in the connection's test database.
QStringList userTables(Qorm::Connection &db)
{
    switch (db.dialect().type()) {
    case Qorm::DialectType::SQLite:
        return column(db.execute(
                Qorm::TextSql(u"SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"_s)));
    case Qorm::DialectType::PostgreSQL:
        return column(db.execute(Qorm::TextSql(
                u"SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"_s)));
    case Qorm::DialectType::MySQL:
        return column(
                db.execute(Qorm::TextSql(u"SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = DATABASE() ORDER BY table_name"_s)));
    }
    return {};
}

} // namespace

class tst_Databases : public QObject
{
    Q_OBJECT

private slots:
    void rows();
    void rowsFollowTheEnvironment();
    void connectsToItsOwnDatabase_data() { Qorm::Test::addDatabaseColumn(); }
    void connectsToItsOwnDatabase();
    void resetSchemaDropsEverything_data() { Qorm::Test::addDatabaseColumn(); }
    void resetSchemaDropsEverything();
    void recorder_data() { Qorm::Test::addDatabaseColumn(); }
    void recorder();
    void describeNamesStatementAndValues_data() { Qorm::Test::addDatabaseColumn(); }
    void describeNamesStatementAndValues();
    void transactionControl_data();
    void transactionControl();
    void unreachableServerIsAnError_data();
    void unreachableServerIsAnError();
    void badConnectionString_data();
    void badConnectionString();
};

void tst_Databases::rows()
{
    const QStringList databases = Qorm::Test::databases();
    QCOMPARE(databases.value(0), u"sqlite"_s);
    QCOMPARE(databases.contains(u"postgresql"_s),
             qEnvironmentVariableIsSet("QORM_TEST_POSTGRESQL"));
    QCOMPARE(databases.contains(u"mariadb"_s), qEnvironmentVariableIsSet("QORM_TEST_MARIADB"));
}

void tst_Databases::rowsFollowTheEnvironment()
{
    {
        const EnvironmentOverride postgresql("QORM_TEST_POSTGRESQL", nullptr);
        const EnvironmentOverride mariadb("QORM_TEST_MARIADB", nullptr);
        QCOMPARE(Qorm::Test::databases(), QStringList{ u"sqlite"_s });
    }
    const QByteArray value = "host=127.0.0.1;port=1;user=x;password=;database=x";
    const EnvironmentOverride postgresql("QORM_TEST_POSTGRESQL", &value);
    const EnvironmentOverride mariadb("QORM_TEST_MARIADB", &value);
    QCOMPARE(Qorm::Test::databases(), (QStringList{ u"sqlite"_s, u"postgresql"_s, u"mariadb"_s }));
}

void tst_Databases::connectsToItsOwnDatabase()
{
    QFETCH(QString, database);
    QORM_CONNECT(db, database);

    const QString expected = u"qorm_tst_databases"_s;
    switch (db.dialect().type()) {
    case Qorm::DialectType::SQLite: {
        QCOMPARE(database, u"sqlite"_s);
        // A file of its own in a temporary directory.
        const QFileInfo file(db.database().databaseName());
        QVERIFY2(file.isAbsolute(), qPrintable(file.filePath()));
        QVERIFY(file.absolutePath().startsWith(QDir::tempPath()));
        break;
    }
    case Qorm::DialectType::PostgreSQL:
        QCOMPARE(database, u"postgresql"_s);
        QCOMPARE(db.execute(Qorm::TextSql(u"SELECT current_database()"_s)).scalar().toString(),
                 expected);
        break;
    case Qorm::DialectType::MySQL:
        QCOMPARE(database, u"mariadb"_s);
        QCOMPARE(db.execute(Qorm::TextSql(u"SELECT DATABASE()"_s)).scalar().toString(), expected);
        break;
    }

    // A second connection reaches the same database: it sees the first one's table.
    QVERIFY(Qorm::Test::resetSchema(db));
    QORM_VERIFY_RESULT(db.execute(Qorm::TextSql(u"CREATE TABLE shared_marker (id INTEGER)"_s)));
    QORM_CONNECT(other, database);
    QCOMPARE(userTables(other).filter(u"shared_marker"_s).size(), 1);
}

void tst_Databases::resetSchemaDropsEverything()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QCOMPARE(userTables(db), QStringList());

    // Tables that reference each other both ways, so that no drop order works with
    // foreign keys enforced, a view, and names that need quoting.
    QStringList statements = {
        u"CREATE TABLE parent (id INTEGER PRIMARY KEY, favourite_child INTEGER)"_s,
        u"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER, "
        "FOREIGN KEY (parent_id) REFERENCES parent (id))"_s,
        u"CREATE VIEW child_view AS SELECT id FROM child"_s,
    };
    const bool mysql = db.dialect().type() == Qorm::DialectType::MySQL;
    statements << (mysql ? u"CREATE TABLE `order` (`group` INTEGER)"_s
                         : u"CREATE TABLE \"order\" (\"group\" INTEGER)"_s);
    if (db.dialect().type() != Qorm::DialectType::SQLite) {
        statements << u"ALTER TABLE parent ADD CONSTRAINT parent_favourite FOREIGN KEY "
                      "(favourite_child) REFERENCES child (id)"_s;
    }
    if (db.dialect().type() == Qorm::DialectType::PostgreSQL) {
        statements << u"CREATE SCHEMA other"_s << u"CREATE TABLE other.thing (id INTEGER)"_s;
    }
    for (const QString &sql : std::as_const(statements))
        QORM_VERIFY_RESULT(db.execute(Qorm::TextSql(sql)));
    QORM_VERIFY_RESULT(db.execute(Qorm::TextSql(u"INSERT INTO parent (id) VALUES (1)"_s)));
    QORM_VERIFY_RESULT(
            db.execute(Qorm::TextSql(u"INSERT INTO child (id, parent_id) VALUES (1, 1)"_s)));
    QVERIFY(userTables(db).size() >= 4);

    QString error;
    QVERIFY2(Qorm::Test::resetSchema(db, &error), qPrintable(error));
    QCOMPARE(userTables(db), QStringList());

    // The connection is usable afterwards, with foreign keys enforced again.
    QORM_VERIFY_RESULT(
            db.execute(Qorm::TextSql(u"CREATE TABLE parent (id INTEGER PRIMARY KEY)"_s)));
    QORM_VERIFY_RESULT(db.execute(
            Qorm::TextSql(u"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER, "
                          "FOREIGN KEY (parent_id) REFERENCES parent (id))"_s)));
    const Qorm::Result orphan =
            db.execute(Qorm::TextSql(u"INSERT INTO child (id, parent_id) VALUES (1, 42)"_s));
    QVERIFY(!orphan.isValid());
    QCOMPARE(orphan.error().type(), Qorm::Error::IntegrityError);
}

void tst_Databases::recorder()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);

    SqlRecorder all(db);
    SqlRecorder withoutTransactions(db, SqlRecorder::ExcludeTransactionControl);
    QCOMPARE(all.filter(), SqlRecorder::AllStatements);
    QCOMPARE(withoutTransactions.filter(), SqlRecorder::ExcludeTransactionControl);

    QORM_VERIFY_RESULT(db.execute(Qorm::TextSql(u"CREATE TABLE item (id INTEGER)"_s)));
    {
        Qorm::Transaction transaction = db.begin();
        QORM_VERIFY_RESULT(db.execute(
                Qorm::TextSql(u"INSERT INTO item (id) VALUES (:id)"_s).bind(u"id"_s, 7)));
        QVERIFY2(transaction.commit(), qPrintable(Qorm::Test::describe(db.lastError())));
    }

    QCOMPARE(withoutTransactions.count(), 2);
    QCOMPARE(withoutTransactions.statements().value(0), u"CREATE TABLE item (id INTEGER)"_s);
    QVERIFY(withoutTransactions.statements().value(1).startsWith(u"INSERT INTO item"_s));
    QCOMPARE(withoutTransactions.executed().value(1).boundValues, QVariantList{ 7 });
    QVERIFY(withoutTransactions.executed().value(1).succeeded);

    // The unfiltered recorder also saw the transaction begin and commit around the insert.
    QCOMPARE(all.count(), 4);
    QVERIFY(SqlRecorder::isTransactionControl(all.statements().value(1)));
    QCOMPARE(all.statements().value(2), withoutTransactions.statements().value(1));
    QVERIFY(SqlRecorder::isTransactionControl(all.statements().value(3)));

    all.clear();
    QCOMPARE(all.count(), 0);
    QCOMPARE(all.statements(), QStringList());
    const Qorm::Result failed = db.execute(Qorm::TextSql(u"SELECT * FROM no_such_table"_s));
    QVERIFY(!failed.isValid());
    QCOMPARE(all.count(), 1);
    QVERIFY(!all.executed().value(0).succeeded);
    QVERIFY(all.executed().value(0).error.isValid());
}

void tst_Databases::describeNamesStatementAndValues()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);

    const Qorm::Result result = db.execute(
            Qorm::TextSql(u"SELECT * FROM missing_table WHERE x = :x"_s).bind(u"x"_s, 4242));
    QVERIFY(!result.isValid());
    const QString text = Qorm::Test::describe(result.error());
    QVERIFY2(text.contains(u"missing_table"_s), qPrintable(text));
    QVERIFY2(text.contains(u"4242"_s), qPrintable(text));
    QVERIFY2(text.contains(result.error().typeName()), qPrintable(text));
    QCOMPARE(Qorm::Test::describe(Qorm::Error()), u"(no error recorded)"_s);
}

void tst_Databases::transactionControl_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("control");
    QTest::newRow("begin") << u"BEGIN"_s << true;
    QTest::newRow("begin immediate") << u"BEGIN IMMEDIATE"_s << true;
    QTest::newRow("start transaction") << u"  start transaction"_s << true;
    QTest::newRow("commit") << u"COMMIT"_s << true;
    QTest::newRow("rollback to") << u"ROLLBACK TO SAVEPOINT sp1"_s << true;
    QTest::newRow("savepoint") << u"SAVEPOINT sp1"_s << true;
    QTest::newRow("release") << u"RELEASE SAVEPOINT sp1"_s << true;
    QTest::newRow("select") << u"SELECT 1"_s << false;
    QTest::newRow("insert") << u"INSERT INTO commits VALUES (1)"_s << false;
    QTest::newRow("prefix only") << u"BEGINNING"_s << false;
}

void tst_Databases::transactionControl()
{
    QFETCH(QString, sql);
    QFETCH(bool, control);
    QCOMPARE(SqlRecorder::isTransactionControl(sql), control);
}

void tst_Databases::unreachableServerIsAnError_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QByteArray>("variable");
    // Not tagged "(postgresql)": these rows reach no server, so they must not count as its rows.
    QTest::newRow("unreachable postgresql")
            << u"postgresql"_s << QByteArray("QORM_TEST_POSTGRESQL");
    QTest::newRow("unreachable mariadb") << u"mariadb"_s << QByteArray("QORM_TEST_MARIADB");
}

void tst_Databases::unreachableServerIsAnError()
{
    QFETCH(QString, database);
    QFETCH(QByteArray, variable);
    // Nothing listens on port 1 of the loopback interface.
    const QByteArray unreachable = "host=127.0.0.1;port=1;user=nobody;password=;database=qorm";
    const EnvironmentOverride override(variable.constData(), &unreachable);

    QString error;
    const std::unique_ptr<Qorm::Connection> db = Qorm::Test::connect(database, &error);
    QVERIFY(!db);
    QVERIFY2(error.contains(database), qPrintable(error));
    QVERIFY2(error.contains(u"cannot"_s), qPrintable(error));
}

void tst_Databases::badConnectionString_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("not key=value") << QByteArray("host") << u"not key=value"_s;
    QTest::newRow("bad port") << QByteArray("port=abc;database=x") << u"bad port"_s;
    QTest::newRow("unknown key") << QByteArray("colour=red;database=x") << u"unknown key"_s;
    QTest::newRow("no database") << QByteArray("host=127.0.0.1") << u"no database"_s;
}

void tst_Databases::badConnectionString()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, message);
    const EnvironmentOverride override("QORM_TEST_POSTGRESQL", &value);
    Qorm::ConnectionSettings settings;
    QString error;
    QVERIFY(!Qorm::Test::connectionSettings(u"postgresql"_s, &settings, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!Qorm::Test::connectionSettings(u"oracle"_s, &settings, &error));
    QVERIFY2(error.contains(u"unknown database row"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_Databases)

#include "tst_databases.moc"
