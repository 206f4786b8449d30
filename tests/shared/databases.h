// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The database matrix for data-driven tests, as Qt's own tst_databases.h does it.
//
//     void tst_Foo::roundTrip_data() { Qorm::Test::addDatabaseColumn(); }
//     void tst_Foo::roundTrip()
//     {
//         QFETCH(QString, database);
//         QORM_CONNECT_CLEAN(db, database);     // QFAILs when the database cannot be reached
//         Qorm::Test::SqlRecorder recorder(db);
//         QORM_VERIFY_RESULT(db.execute(...));
//     }
//
// Rows: "sqlite" always; "postgresql" when QORM_TEST_POSTGRESQL is set, "mariadb" when
// QORM_TEST_MARIADB is set (scripts/dbs.sh writes both). Their value is a connection string:
//
//     host=127.0.0.1;port=54329;user=postgres;password=;database=qorm
//
// (keys: host, port, user, password, database = the admin database, and optionally driver
// and options = QSqlDatabase connect options, ','-separated). A test that combines the
// database with cases of its own names its rows "<database>:<case>" (see databases()), so
// that scripts/test.sh counts them per database.
//
// Isolation: every test executable works in its own database on the servers,
// "qorm_<executable name in lower case>", dropped and created on first use in the process, so
// that ctest can run executables in parallel. SQLite uses a file in a temporary directory
// that lives as long as the process.

#include <Qorm/core/error.h>
#include <Qorm/engine/connection.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtTest/QTest>

#include <memory>

namespace Qorm::Test {

// QTest::addColumn<QString>("database") and one row per configured database. Databases
// that are not configured are named once per process (qInfo) as skipped.
void addDatabaseColumn();

// The configured databases, in row order: "sqlite", then "postgresql" and "mariadb" if set.
[[nodiscard]] QStringList databases();

// The settings of this process's test database for a row ("sqlite", "postgresql", "mariadb").
// False with *errorMessage set when the row is unknown, its variable cannot be parsed, or the
// test database cannot be created on the server.
[[nodiscard]] bool connectionSettings(const QString &database, Qorm::ConnectionSettings *settings,
                                      QString *errorMessage);

// A new open connection to this process's test database, or null with *errorMessage set.
// Configured but unreachable is an error, never a reason to skip.
[[nodiscard]] std::unique_ptr<Qorm::Connection> connect(const QString &database,
                                                        QString *errorMessage);

// Drops every table, view, sequence and type in the connection's test database (PostgreSQL:
// every non-system schema, then an empty "public"). False with *errorMessage set on failure.
[[nodiscard]] bool resetSchema(Qorm::Connection &connection, QString *errorMessage = nullptr);

// SQLite: the statement a session runs once per class before its first INSERT that reads back
// only a generated key, to learn whether that key is the table's rowid (then the INSERT needs
// no RETURNING). See Flush::rowidKey() in src/orm/flush.cpp.
inline QString sqliteRowidProbe()
{
    return QStringLiteral(
            "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?), "
            "(SELECT count(*) FROM pragma_table_info(?) WHERE pk > 0), (SELECT upper(type) FROM "
            "pragma_table_info(?) WHERE pk = 1 AND name = ?), (SELECT sql FROM sqlite_master "
            "WHERE type = 'table' AND name = ?)");
}

// An error with its type, native code, SQL and bound values, for test failure messages.
[[nodiscard]] QString describe(const Qorm::Error &error);

// The rows of `table` (the given columns), ordered by `orderBy`, read with a Core SELECT;
// empty, with a warning, when the SELECT fails.
[[nodiscard]] QList<QVariantList> tableRows(Qorm::Connection &db, const Qorm::Table &table,
                                            const QStringList &columns, const QString &orderBy);

// A new object of class T, child of `parent`, with the properties given.
template<typename T>
T *make(std::initializer_list<std::pair<const char *, QVariant>> properties,
        QObject *parent = nullptr)
{
    auto *object = new T;
    object->setParent(parent);
    for (const auto &[name, value] : properties)
        object->setProperty(name, value);
    return object;
}

// A value as QDebug prints it (type and contents), cut after 300 characters.
[[nodiscard]] QString describe(const QVariant &value);

/*
    Records the statements a connection executes (through Connection::addObserver()).
    It must not outlive the connection.
*/
class SqlRecorder
{
public:
    enum Filter {
        AllStatements,
        ExcludeTransactionControl, // no BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT,
                                   // RELEASE
    };

    explicit SqlRecorder(Qorm::Connection &connection, Filter filter = AllStatements);
    ~SqlRecorder();
    SqlRecorder(const SqlRecorder &) = delete;
    SqlRecorder &operator=(const SqlRecorder &) = delete;

    [[nodiscard]] QStringList statements() const; // the SQL text, in order
    [[nodiscard]] const QList<Qorm::ExecutedStatement> &executed() const { return m_executed; }
    [[nodiscard]] int count() const { return int(m_executed.size()); }
    void clear() { m_executed.clear(); }
    void setFilter(Filter filter) { m_filter = filter; }
    [[nodiscard]] Filter filter() const { return m_filter; }

    [[nodiscard]] static bool isTransactionControl(const QString &sql);

private:
    Qorm::Connection &m_connection;
    int m_observerId = -1;
    Filter m_filter;
    QList<Qorm::ExecutedStatement> m_executed;
};

} // namespace Qorm::Test

// Declares `Qorm::Connection &var`, connected to the row's test database, or QFAILs.
#define QORM_CONNECT(var, database) \
  QString var##ConnectError_; \
  const std::unique_ptr<Qorm::Connection> var##Holder_ = \
          Qorm::Test::connect((database), &var##ConnectError_); \
  if (!var##Holder_) \
    QFAIL(qPrintable(var##ConnectError_)); \
  Qorm::Connection &var = *var##Holder_

// QORM_CONNECT, then resetSchema(), so that the test starts with an empty database.
#define QORM_CONNECT_CLEAN(var, database) \
  QORM_CONNECT(var, database); \
  if (!Qorm::Test::resetSchema(var, &var##ConnectError_)) \
  QFAIL(qPrintable(var##ConnectError_))

// Verifies a Result or CompiledStatement (anything with isValid() and error()), printing the
// error, its SQL and bound values on failure.
#define QORM_VERIFY_RESULT(result) \
  do { \
    const auto &qormResult_ = (result); \
    QVERIFY2(qormResult_.isValid(), qPrintable(Qorm::Test::describe(qormResult_.error()))); \
  } while (false)
