// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include "engine/result_p.h"

#include <Qorm/engine/connection.h>

#include <QtCore/QHash>
#include <QtCore/QMap>
#include <QtCore/QMutex>
#include <QtCore/QSet>
#include <QtSql/QSqlDatabase>

#include <list>

struct sqlite3;

namespace Qorm {

// Mirrors QSqlResultPrivate::isVariantNull(): what the drivers bind as NULL (a null string,
// an invalid date-time...). The ORM uses it to tell an unset property too.
bool isNullValue(const QVariant &value);

/*
    The prepared-statement cache: LRU over SQL text. An entry a Result still
    reads from is never handed out twice; evicting it only drops the cache's
    reference, the Result keeps the query until it is done.
*/
class StatementCache
{
public:
    // The cached query for `sql` if there is one that no Result is using (marked most recent).
    PreparedQueryPointer acquire(const QString &sql);
    [[nodiscard]] bool contains(const QString &sql) const { return m_index.contains(sql); }
    void insert(const PreparedQueryPointer &query);
    void remove(const QString &sql);
    void setCapacity(int capacity);
    [[nodiscard]] int capacity() const noexcept { return m_capacity; }
    [[nodiscard]] int size() const noexcept { return int(m_index.size()); }
    void clear();

private:
    void evict();

    std::list<PreparedQueryPointer> m_order; // most recently used first
    QHash<QString, std::list<PreparedQueryPointer>::iterator> m_index;
    int m_capacity = 256;
};

struct TransactionEntry
{
    Transaction::Kind kind = Transaction::TopLevel;
    QString savepoint;
    quint64 generation = 0;
    bool endsOuter = false; // a savepoint whose beginNested() had to begin the transaction too
};

class ConnectionPrivate
{
public:
    ConnectionPrivate();
    ~ConnectionPrivate();

    // Live Connection objects, so that a Transaction never calls into a destroyed one.
    static void registerConnection(Connection *connection);
    static void unregisterConnection(const Connection *connection);
    // The Connection that holds `connection` now, or null once it is destroyed.
    static Connection *owner(const ConnectionPrivate *connection);
    static quint64 nextGeneration();

    [[nodiscard]] bool isOwnerThread() const;
    // A Result whose last copy died in another thread: destroyed later, in this one.
    void deferDestruction(ResultPrivate *result);
    void destroyDeferredResults();
    // Warns and returns the ThreadAffinityError for a call from a foreign thread.
    [[nodiscard]] Error threadError(const char *function) const;
    void setError(const Error &error);
    [[nodiscard]] Error notOpenError() const;

    [[nodiscard]] DialectType dialectType() const;
    [[nodiscard]] bool openDatabase();
    void closeDatabase();
    void shutdown();
    [[nodiscard]] bool applySetup();

    enum ExecutionMode {
        Prepared, // through the statement cache
        Direct,   // QSqlQuery::exec(sql): statements PostgreSQL cannot PREPARE (DDL, SAVEPOINT,
                  // SET...)
        Inlined,  // MySQL only: values written as literals, for what QMYSQL cannot run prepared
    };
    [[nodiscard]] Result execute(const CompiledStatement &statement);
    [[nodiscard]] static Error unstorableValue(const QVariantList &values);
    [[nodiscard]] Result run(const CompiledStatement &statement, ExecutionMode mode);
    // Runs a transaction-control statement; `run` does the driver call and fills in its error.
    bool control(const QString &sql, const std::function<bool(QSqlError *)> &run);
    bool controlSql(const QString &sql);
    bool beginTopLevel(TransactionMode mode);
    bool commitTopLevel();
    bool rollbackTopLevel();
    void rollbackAfterFailedCommit();
    // Ends the transaction stack from `index` on after a rollback or a failed commit.
    void truncateTransactions(qsizetype index);
    [[nodiscard]] qsizetype transactionIndex(quint64 generation) const;

    void bufferOpenResults();
    void forgetResult(ResultPrivate *result);
    void releaseQuery(const PreparedQueryPointer &query);

    void notify(const ExecutedStatement &executed);
    void log(const QString &sql, const QVariantList &values, const char *how,
             const Error &error) const;

    QSqlDatabase db;
    ConnectionSettings settings; // as given; read from `db` when it was given instead
    bool fromSettings = false;
    QString connectionName;
    bool ownsDatabase = false;
    bool nativeSqliteAllowed = false; // set for the databases Qorm opens (ConnectionSettings)
    sqlite3 *nativeSqlite = nullptr;  // QSQLITE's handle while open, if SqliteStatement may use it
    bool connectionLost = false;
    bool controlReachedServer = false; // the last transaction-control statement was sent
    QThread *thread = nullptr;
    Dialect dialect;
    Error lastError;

    StatementCache cache;
    qint64 cacheHits = 0;
    qint64 cacheMisses = 0;
    QList<ResultPrivate *> openResults;
    QMutex deferredMutex;
    QList<ResultPrivate *> deferredResults; // guarded by deferredMutex
    QSet<QString> unpreparableOnMySql;      // SQL texts whose prepared results QMYSQL cannot fetch

    QList<TransactionEntry> transactions;
    int savepointCounter = 0;

    QMap<int, Connection::Observer> observers;
    int nextObserverId = 1;
    Connection::Interceptor interceptor;
};

} // namespace Qorm
