// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"

#include <Qorm/engine/connection.h>
#include <Qorm/sql/schema.h>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

// Reports an error through the connection, so that it lands in connection.lastError().
bool fail(Connection &connection, const Error &error)
{
    (void)connection.execute(CompiledStatement::failed(error));
    return false;
}

bool run(Connection &connection, const CompiledStatement &statement)
{
    return connection.execute(statement).isValid();
}

/*
    Whether a table exists, asked from the catalog: with checkFirst, tables that exist are left
    alone entirely, so that their cycle-closing foreign keys are not added a second time.
*/
std::optional<bool> tableExists(Connection &connection, const Table &table)
{
    const QString schema = table.schema();
    CompiledStatement query;
    switch (connection.dialect().type()) {
    case DialectType::SQLite: {
        // Schema names of attached databases cannot be bound; quote them as identifiers.
        const QString master = schema.isEmpty()
                ? u"sqlite_master"_s
                : connection.dialect().quoteIdentifier(schema) + u".sqlite_master"_s;
        query = CompiledStatement(
                u"SELECT 1 FROM %1 WHERE type = 'table' AND name = ?"_s.arg(master),
                { table.name() });
        break;
    }
    case DialectType::PostgreSQL:
        query = CompiledStatement(
                u"SELECT 1 FROM information_schema.tables WHERE table_schema = "
                u"COALESCE(?, current_schema()) AND table_name = ?"_s,
                { schema.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(schema),
                  table.name() });
        break;
    case DialectType::MySQL:
        query = CompiledStatement(
                u"SELECT 1 FROM information_schema.tables WHERE table_schema = "
                u"COALESCE(?, DATABASE()) AND table_name = ?"_s,
                { schema.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(schema),
                  table.name() });
        break;
    }
    Result result = connection.execute(query);
    if (!result.isValid())
        return std::nullopt;
    return result.first().has_value();
}

// The cycle-closing foreign keys that belong to `table`.
QList<Constraint> cycleConstraintsOf(const Table &table,
                                     const QList<std::pair<Table, Constraint>> &cycles)
{
    QList<Constraint> constraints;
    for (const auto &[owner, constraint] : cycles) {
        if (owner.isSameAs(table))
            constraints.append(constraint);
    }
    return constraints;
}

// Runs `work` in a transaction (a savepoint inside an active one) where DDL is transactional.
bool inDdlTransaction(Connection &connection, const std::function<bool()> &work)
{
    if (!connection.dialect().supportsTransactionalDdl()) {
        if (connection.inTransaction())
            qCWarning(lcSql) << "DDL on MySQL/MariaDB commits the active transaction implicitly";
        return work();
    }
    Transaction transaction =
            connection.inTransaction() ? connection.beginNested() : connection.begin();
    if (!transaction.isActive())
        return false;
    if (!work()) {
        const Error error = connection.lastError();
        transaction.rollback();
        // Keep the reason of the failure, not the outcome of the rollback.
        (void)connection.execute(CompiledStatement::failed(error));
        return false;
    }
    return transaction.commit();
}

} // namespace

/*!
    Creates the tables parents first. Foreign keys that close a cycle between tables are added
    with ALTER TABLE once all tables exist, except on SQLite, which cannot add constraints later
    but does not check references when creating a table, so they stay inline.
*/
bool MetaData::createAll(Connection &connection, CheckFirst checkFirst) const
{
    const Dialect dialect = connection.dialect();
    if (!dialect.isValid() || !connection.isOpen())
        return fail(
                connection,
                Error(Error::InvalidRequestError, u"createAll(): the connection is not open"_s));

    QList<std::pair<Table, Constraint>> cycles;
    const QList<Table> tables = sortedTables(&cycles);
    const bool inlineCycles = dialect.type() == DialectType::SQLite;

    const bool ok = inDdlTransaction(connection, [&]() {
        QList<Table> created;
        for (const Table &table : tables) {
            if (checkFirst == CheckFirst::Yes) {
                const std::optional<bool> exists = tableExists(connection, table);
                if (!exists)
                    return false;
                if (*exists)
                    continue;
            }
            const QList<Constraint> omitted =
                    inlineCycles ? QList<Constraint>() : cycleConstraintsOf(table, cycles);
            const QList<CompiledStatement> statements =
                    dialect.createTable(table, CheckFirst::No, omitted);
            if (statements.isEmpty())
                return fail(connection,
                            Error(Error::InvalidRequestError,
                                  u"createAll(): no DDL for table %1"_s.arg(table.fullName())));
            for (const CompiledStatement &statement : statements) {
                if (!run(connection, statement))
                    return false;
            }
            created.append(table);
        }
        if (inlineCycles)
            return true;
        for (const auto &[table, constraint] : cycles) {
            const bool isNew = std::any_of(created.cbegin(), created.cend(),
                                           [&](const Table &t) { return t.isSameAs(table); });
            if (isNew && !run(connection, dialect.addConstraint(table, constraint)))
                return false;
        }
        return true;
    });
    // Prepared statements may refer to the tables as they were before.
    connection.clearStatementCache();
    return ok;
}

/*!
    Drops the tables children first. On PostgreSQL and MySQL the foreign keys that close a cycle
    are dropped first; on SQLite they are deferred to the commit, by which time both tables are
   gone.
*/
bool MetaData::dropAll(Connection &connection, CheckFirst checkFirst) const
{
    const Dialect dialect = connection.dialect();
    if (!dialect.isValid() || !connection.isOpen())
        return fail(connection,
                    Error(Error::InvalidRequestError, u"dropAll(): the connection is not open"_s));

    QList<std::pair<Table, Constraint>> cycles;
    QList<Table> tables = sortedTables(&cycles);
    std::reverse(tables.begin(), tables.end());
    const bool isSqlite = dialect.type() == DialectType::SQLite;

    // Statements may hold cursors or prepared plans on the tables about to go.
    connection.clearStatementCache();
    const bool ok = inDdlTransaction(connection, [&]() {
        QList<Table> existing;
        for (const Table &table : std::as_const(tables)) {
            if (checkFirst == CheckFirst::Yes) {
                const std::optional<bool> exists = tableExists(connection, table);
                if (!exists)
                    return false;
                if (!*exists)
                    continue;
            }
            existing.append(table);
        }
        const auto exists = [&](const Table &table) {
            return std::any_of(existing.cbegin(), existing.cend(),
                               [&](const Table &t) { return t.isSameAs(table); });
        };
        if (isSqlite) {
            // DROP TABLE deletes the rows first, which would break the references of a cycle.
            if (!cycles.isEmpty()
                && !run(connection, CompiledStatement(u"PRAGMA defer_foreign_keys = ON"_s)))
                return false;
        } else {
            for (const auto &[table, constraint] : cycles) {
                if (exists(table) && !run(connection, dialect.dropConstraint(table, constraint)))
                    return false;
            }
        }
        for (const Table &table : std::as_const(existing)) {
            if (!run(connection, dialect.dropTable(table, CheckFirst::No)))
                return false;
        }
        return true;
    });
    connection.clearStatementCache();
    return ok;
}

} // namespace Qorm
