// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/result.h>
#include <Qorm/engine/transaction.h>
#include <Qorm/sql/compiledstatement.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QString>
#include <QtCore/QVariantMap>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QSqlDatabase;
class QThread;
QT_END_NAMESPACE

namespace Qorm {

class ConnectionPrivate;

// How a top-level transaction starts on SQLite (ignored elsewhere).
enum class TransactionMode {
    Deferred,  //!< BEGIN
    Immediate, //!< BEGIN IMMEDIATE: takes the write lock now, so a read-then-write cannot deadlock
};

struct ConnectionSettings
{
    QString driver = {};       //!< QSQLITE, QPSQL, QMYSQL or QMARIADB
    QString databaseName = {}; //!< a file path or ":memory:" for SQLite
    QString hostName = {}; //!< a directory starting with "/" selects a unix socket on PostgreSQL
    int port = -1;         //!< -1: the driver's default port
    QString userName = {}; //!< the database user
    QString password = {}; //!< the user's password
    QString connectOptions = {};        //!< extra driver options, ';'-separated
    int busyTimeoutMilliseconds = 5000; //!< SQLite: how long to wait for another writer's lock
    //! SQLite: run prepared statements through the SQLite C API on the QSQLITE driver's own
    //! handle (same connection and transactions, the same values and errors as QSqlQuery,
    //! faster). See docs/core.md. Off, or where the driver bundles its own SQLite,
    //! every statement goes through QSqlQuery.
    bool nativeSqlite = true;
};

/*
    What one executed statement was, for observers (SQL echo, recorders, fault injection).
*/
struct ExecutedStatement
{
    QString sql = {};              //!< the statement's SQL text, with placeholders
    QVariantList boundValues = {}; //!< the values bound to the placeholders, in order
    bool fromCache = false;        //!< the prepared query came from the statement cache
    bool succeeded = false;        //!< false when the database or an interceptor failed it
    Error error = {};              //!< why it failed; invalid when it succeeded
};

struct StatementCacheStatistics
{
    qint64 hits = 0;   //!< executions that reused a cached prepared query
    qint64 misses = 0; //!< executions that had to prepare their query
    int size = 0;      //!< prepared queries in the cache now
    int capacity = 0;  //!< the most it keeps; see Connection::setStatementCacheCapacity()
};

/*
    A database connection: executes compiled statements, keeps a cache of
    prepared queries per statement shape, runs transactions and savepoints,
    and sets up each database the way Qorm needs it (SQLite foreign keys on and
    a busy timeout, MySQL found-rows and UTC, PostgreSQL UTC).

    A Connection belongs to the thread that created it: any call from another
    thread fails with a ThreadAffinityError and does nothing.
*/
class QORM_EXPORT Connection
{
public:
    Connection();
    // Opens a new connection with a unique connection name; check isOpen()/lastError().
    explicit Connection(const ConnectionSettings &settings);
    // Uses an existing QSqlDatabase (opened or not). Found-rows semantics on MySQL
    // need the CLIENT_FOUND_ROWS option before opening; see prepareDatabase().
    explicit Connection(const QSqlDatabase &database);
    Connection(Connection &&other) noexcept;
    Connection &operator=(Connection &&other) noexcept;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    ~Connection();

    // Sets the connect options Qorm relies on (CLIENT_FOUND_ROWS on MySQL, the busy timeout
    // on SQLite) on a database that is not open yet.
    static void prepareDatabase(QSqlDatabase &database, int busyTimeoutMilliseconds = 5000);

    [[nodiscard]] bool isOpen() const;
    // Opens (or reopens after a lost connection) and applies the per-connection setup.
    [[nodiscard]] bool open();
    void close();
    [[nodiscard]] QSqlDatabase database() const;
    // What a second connection to the same database is opened with (a worker thread's).
    [[nodiscard]] ConnectionSettings settings() const;
    [[nodiscard]] Dialect dialect() const;
    // True while prepared statements run through the SQLite C API
    // (ConnectionSettings::nativeSqlite).
    [[nodiscard]] bool usesNativeSqlite() const;
    [[nodiscard]] QThread *thread() const;
    [[nodiscard]] Error lastError() const;

    [[nodiscard]] Result execute(const Statement &statement, const QVariantMap &parameters = {});
    [[nodiscard]] Result execute(const CompiledStatement &statement);

    [[nodiscard]] Transaction begin(TransactionMode mode = TransactionMode::Deferred);
    // A savepoint inside the current transaction (a top-level one is begun if none is active).
    [[nodiscard]] Transaction beginNested();
    [[nodiscard]] bool inTransaction() const;
    [[nodiscard]] int transactionDepth() const; // 0 outside, 1 in a transaction, +1 per savepoint

    void setStatementCacheCapacity(int capacity);
    [[nodiscard]] StatementCacheStatistics statementCacheStatistics() const;
    void clearStatementCache();

    using Observer = std::function<void(const ExecutedStatement &)>;
    // Called after every statement (including transaction control). Returns an id for
    // removeObserver().
    int addObserver(Observer observer);
    void removeObserver(int id);
    // Called before every statement; returning an invalid Error lets it run, a valid one makes it
    // fail with that error without reaching the database (fault injection in tests).
    using Interceptor = std::function<Error(const CompiledStatement &)>;
    void setInterceptor(Interceptor interceptor);

private:
    friend class Transaction;
    friend class ConnectionPrivate;
    bool commitTransaction(const Transaction &transaction);
    bool rollbackTransaction(const Transaction &transaction);
    bool isCurrent(const Transaction &transaction) const;
    std::unique_ptr<ConnectionPrivate> d;
};

} // namespace Qorm
