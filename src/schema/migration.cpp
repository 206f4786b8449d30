// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "schema/schemautil_p.h"

#include <Qorm/engine/transaction.h>
#include <Qorm/schema/inspector.h>
#include <Qorm/schema/migration.h>

#include <QtCore/QHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QScopeGuard>
#include <QtCore/QSet>

using namespace Qt::StringLiterals;

namespace Qorm {

Q_LOGGING_CATEGORY(lcMigrate, "qorm.migrate")

// ------------------------------------------------------------------ MigrationContext

/*!
    \class Qorm::Migration
    \brief One versioned step of a schema: Alembic's revision script.

    \c parent is the step it follows (empty for the first one); the steps form one chain from
    the first to the head, which Migrator checks (no duplicate ids, no unknown parent, one
    head, no cycle).

    \code
    Qorm::Migration addYear{
        .id = u"0002_album_year"_s,
        .parent = u"0001_initial"_s,
        .description = u"Album.Year"_s,
        .upgrade = [](Qorm::MigrationContext &m) {
            return m.addColumn(u"album"_s, Qorm::Column(u"year"_s, Qorm::SqlType::integer()));
        },
        .downgrade = [](Qorm::MigrationContext &m) {
            return m.dropColumn(u"album"_s, u"year"_s);
        },
    };
    \endcode

    qorm-migrate's generate command (MigrationWriter) writes such steps from the difference
    between the database and the models.
*/

/*!
    \class Qorm::MigrationStatus
    \brief Where a database stands against a chain of migrations, from Migrator::status().
*/

/*!
    \fn bool Qorm::MigrationStatus::isValid() const
    False when the chain is broken or the version table could not be read; \c error says why.
*/

/*!
    \fn bool Qorm::MigrationStatus::isUpToDate() const
    True when the database is at the head of the chain: valid, not dirty, at a known version
    and nothing pending.
*/

// MigrationContextPrivate is private: keep Doxygen out of it.
//! \cond internal
class MigrationContextPrivate
{
public:
    explicit MigrationContextPrivate(Connection &c) : connection(c) { }
    Connection &connection;

    bool fail(const Error &error) { return SchemaUtil::fail(connection, error); }
    bool run(const QList<CompiledStatement> &statements)
    {
        for (const CompiledStatement &statement : statements) {
            if (!statement.isValid())
                return fail(statement.error());
        }
        connection.clearStatementCache();
        for (const CompiledStatement &statement : statements) {
            if (!connection.execute(statement).isValid())
                return false;
        }
        // Cached prepared statements may describe the old schema.
        connection.clearStatementCache();
        return true;
    }
    Table reflect(const QString &name)
    {
        Inspector inspector(connection);
        const Table table = inspector.reflectTable(name);
        if (!table.isValid())
            fail(inspector.lastError().isValid()
                         ? inspector.lastError()
                         : Error(Error::InvalidRequestError, u"No table %1"_s.arg(name)));
        return table;
    }
    // The diff from the table as it is to `target`, run.
    bool bringTo(const Table &current, const Table &target)
    {
        MetaData from;
        from.add(current);
        MetaData to;
        to.add(target);
        return run(SchemaDiff::compare(from, to, connection.dialect()).statements());
    }
    // `current` rebuilt from its parts, so that a part can be changed.
    static Table tableOf(const Table &current, const QList<Column> &columns,
                         const QList<Constraint> &constraints, const QList<Index> &indexes)
    {
        TableOptions options;
        options.schema = current.schema();
        options.comment = current.comment();
        return Table(current.name(), columns, constraints, indexes, options);
    }
    static QList<Column> columnsOf(const Table &table)
    {
        QList<Column> columns;
        for (const Column &column : table.columns())
            columns += SchemaUtil::plainColumn(column);
        return columns;
    }
};

//! \endcond

/*!
    \class Qorm::MigrationContext
    \brief What a migration step works through: schema operations, raw SQL and data.

    Each schema operation reflects the table it names from the database as it is at that
    moment, changes the definition and runs what SchemaDiff finds for the connection's
    dialect, so that SQLite gets a table rebuild (rows copied) where ALTER TABLE cannot do it.
    A step therefore does not need to know what the steps before it did.

    Every call returns false on failure, with the reason in lastError(); a step returns that
    false to make the Migrator stop (and, where DDL is transactional, roll the step back).
    The context runs no transaction of its own: Migrator wraps each step.
*/

/*!
    A context working on \a connection, which must outlive it. Migrator makes one per step;
    construct one yourself to run the same operations outside a migration.
*/
MigrationContext::MigrationContext(Connection &connection)
    : d(std::make_unique<MigrationContextPrivate>(connection))
{
}

MigrationContext::~MigrationContext() = default;

/*! The connection the step runs on: for reads and anything the context does not wrap. */
Connection &MigrationContext::connection() const
{
    return d->connection;
}

/*! The connection's dialect, for a step that differs per database. */
Dialect MigrationContext::dialect() const
{
    return d->connection.dialect();
}

/*! Creates \a table with its constraints and indexes. */
bool MigrationContext::createTable(const Table &table)
{
    return d->run(MigrationOperation::createTable(table).statements(dialect()));
}

/*! Drops the table named \a table; false when it does not exist. */
bool MigrationContext::dropTable(const QString &table)
{
    const Table current = d->reflect(table);
    return current.isValid()
            && d->run(MigrationOperation::dropTable(current).statements(dialect()));
}

/*!
    Adds \a column to \a table; false when the table does not exist or has a column of that
    name already. A NOT NULL column needs a default when the table has rows.
*/
bool MigrationContext::addColumn(const QString &table, const Column &column)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    if (current.hasColumn(column.name()))
        return d->fail(Error(Error::InvalidRequestError,
                             u"Table %1 has a column %2 already"_s.arg(table, column.name())));
    QList<Column> columns = d->columnsOf(current);
    columns += column;
    return d->bringTo(current,
                      d->tableOf(current, columns, current.constraints(), current.indexes()));
}

/*!
    Drops \a column of \a table together with the indexes, unique constraints and foreign keys
    on it (as DROP COLUMN does where it can); false when there is no such column.
*/
bool MigrationContext::dropColumn(const QString &table, const QString &column)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    if (!current.hasColumn(column))
        return d->fail(Error(Error::InvalidRequestError,
                             u"Table %1 has no column %2"_s.arg(table, column)));
    QList<Column> columns = d->columnsOf(current);
    columns.removeIf([&](const Column &c) { return c.name() == column; });
    QList<Constraint> constraints = current.constraints();
    // A key or constraint on the column goes with it, as DROP COLUMN does where it can.
    constraints.removeIf([&](const Constraint &c) {
        return c.kind() != Constraint::PrimaryKey && c.columns().contains(column);
    });
    QList<Index> indexes = current.indexes();
    indexes.removeIf([&](const Index &index) { return index.columns().contains(column); });
    return d->bringTo(current, d->tableOf(current, columns, constraints, indexes));
}

/*!
    Gives the column of \a table named like \a column the definition \a column (type,
    nullability, default, ...); false when there is no such column. On SQLite the table is
    rebuilt with its rows.
*/
bool MigrationContext::alterColumn(const QString &table, const Column &column)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    if (!current.hasColumn(column.name()))
        return d->fail(Error(Error::InvalidRequestError,
                             u"Table %1 has no column %2"_s.arg(table, column.name())));
    QList<Column> columns;
    for (const Column &c : current.columns())
        columns += c.name() == column.name() ? column : SchemaUtil::plainColumn(c);
    return d->bringTo(current,
                      d->tableOf(current, columns, current.constraints(), current.indexes()));
}

/*! Creates \a index on \a table. */
bool MigrationContext::createIndex(const QString &table, const Index &index)
{
    const Table current = d->reflect(table);
    return current.isValid()
            && d->run(MigrationOperation::createIndex(current, index).statements(dialect()));
}

/*!
    Drops the index named \a index of \a table; false when there is none. On MariaDB/MySQL an
    index a foreign key needs stays (InnoDB refuses to drop it), and this returns true.
*/
bool MigrationContext::dropIndex(const QString &table, const QString &index)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    for (const Index &existing : current.indexes()) {
        if (existing.name() != index)
            continue;
        // InnoDB keeps an index for every foreign key and refuses to drop it; SchemaDiff leaves
        // such an index alone there, so a step written on another database does too.
        if (dialect().type() == DialectType::MySQL && !existing.isUnique()) {
            const QList<Constraint> constraints = current.constraints();
            if (std::any_of(constraints.cbegin(), constraints.cend(), [&](const Constraint &c) {
                    return c.kind() == Constraint::ForeignKey && c.columns() == existing.columns();
                })) {
                qCInfo(lcMigrate) << "Index" << index << "of" << table
                                  << "stays: a foreign key of the table needs it";
                return true;
            }
        }
        return d->run(MigrationOperation::dropIndex(current, existing).statements(dialect()));
    }
    return d->fail(
            Error(Error::InvalidRequestError, u"Table %1 has no index %2"_s.arg(table, index)));
}

/*!
    Adds \a constraint (a unique constraint or a foreign key) to \a table; on SQLite by
    rebuilding the table.
*/
bool MigrationContext::addConstraint(const QString &table, const Constraint &constraint)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    QList<Constraint> constraints = current.constraints();
    constraints += constraint;
    return d->bringTo(current,
                      d->tableOf(current, d->columnsOf(current), constraints, current.indexes()));
}

/*!
    Drops the unique constraint or foreign key of \a table that has \a constraint's kind and
    columns (and targets, when \a constraint names any), whatever name the database gave it;
    false when there is none.
*/
bool MigrationContext::dropConstraint(const QString &table, const Constraint &constraint)
{
    const Table current = d->reflect(table);
    if (!current.isValid())
        return false;
    QList<Constraint> constraints = current.constraints();
    const auto match =
            std::find_if(constraints.begin(), constraints.end(), [&](const Constraint &c) {
                if (c.kind() != constraint.kind() || c.columns() != constraint.columns())
                    return false;
                return c.kind() != Constraint::ForeignKey || constraint.targets().isEmpty()
                        || c.targets() == constraint.targets();
            });
    if (match == constraints.end())
        return d->fail(Error(Error::InvalidRequestError,
                             u"Table %1 has no such constraint on (%2)"_s.arg(
                                     table, constraint.columns().join(u", "_s))));
    constraints.erase(match);
    return d->bringTo(current,
                      d->tableOf(current, d->columnsOf(current), constraints, current.indexes()));
}

/*!
    Brings the existing table named like \a table to \a table's definition: the operations
    SchemaDiff finds, on SQLite one rebuild (rows copied) when ALTER cannot do it.
*/
bool MigrationContext::alterTable(const Table &table)
{
    const Table current = d->reflect(table.name());
    return current.isValid() && d->bringTo(current, table);
}

/*!
    Runs \a operation's statements for this dialect. The operation is taken as it is, without
    reflecting the table first.
*/
bool MigrationContext::execute(const MigrationOperation &operation)
{
    return d->run(operation.statements(dialect()));
}

/*! Runs \a diff's statements; false when the diff was made for another dialect. */
bool MigrationContext::execute(const SchemaDiff &diff)
{
    if (diff.dialect().type() != dialect().type())
        return d->fail(Error(Error::InvalidRequestError,
                             u"The diff was made for %1, the connection is %2"_s.arg(
                                     diff.dialect().name(), dialect().name())));
    return d->run(diff.statements());
}

/*! Runs raw \a sql with \a boundValues bound positionally to its "?" placeholders. */
bool MigrationContext::execute(const QString &sql, const QVariantList &boundValues)
{
    CompiledStatement statement(sql, boundValues);
    statement.setDialect(dialect().type());
    return d->connection.execute(statement).isValid();
}

/*!
    Runs a Core \a statement: insert(), update(), deleteFrom() for data steps. For reads use
    connection().execute(select(...)).
*/
bool MigrationContext::execute(const Statement &statement)
{
    return d->connection.execute(statement).isValid();
}

/*!
    The table \a name as it is in the database now (reflected), to build Core statements on;
    an invalid Table, with lastError() set, when it does not exist.
*/
Table MigrationContext::table(const QString &name)
{
    return d->reflect(name);
}

/*!
    Records an error of the step's own with \a message (an Error::InvalidRequestError) and
    returns false, for `return m.fail(...)`.
*/
bool MigrationContext::fail(const QString &message)
{
    return d->fail(Error(Error::InvalidRequestError, message));
}

/*!
    The connection's last error: why the last call failed. A success does not clear it, so read
    it after a false return only.
*/
Error MigrationContext::lastError() const
{
    return d->connection.lastError();
}

// ------------------------------------------------------------------ Migrator

// MigratorPrivate and its helpers are private: keep Doxygen out of them.
//! \cond internal
namespace {

const QString versionTable = u"qorm_version"_s;

qsizetype indexOf(const QList<Migration> &chain, const QString &id)
{
    for (qsizetype i = 0; i < chain.size(); ++i) {
        if (chain.at(i).id == id)
            return i;
    }
    return -1;
}

Table versionTableDefinition()
{
    return Table(versionTable,
                 { Column(u"version_num"_s, SqlType::string(64), { .primaryKey = true }),
                   Column(u"dirty"_s, SqlType::boolean(), { .nullable = false }) });
}

} // namespace

class MigratorPrivate
{
public:
    MigratorPrivate(Connection &c, const QList<Migration> &m) : connection(c), migrations(m) { }

    Connection &connection;
    QList<Migration> migrations;
    Table table = versionTableDefinition();
    Error error;

    struct Version
    {
        bool ok = false;
        QString version;
        bool dirty = false;
    };

    bool fail(const Error &e)
    {
        error = e;
        qCWarning(lcMigrate).noquote() << e.text();
        return false;
    }
    bool fail(const QString &text) { return fail(Error(Error::InvalidRequestError, text)); }

    // What running a step came to: Moved when another process changed the version first.
    enum StepResult { Done, Failed, Moved };

    QList<Migration> chain();
    bool hasVersionTable(bool *ok);
    bool ensureVersionTable();
    Version readVersion();
    Version readVersionRow();
    bool writeVersion(const QString &version, bool dirty);
    StepResult runStep(const Migration &migration, bool up, const QString &from, const QString &to);
    bool lockServer();
    void unlockServer();
};

QList<Migration> MigratorPrivate::chain()
{
    QHash<QString, qsizetype> byId;
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        const Migration &m = migrations.at(i);
        if (m.id.isEmpty())
            return fail(u"A migration has no id (the one after %1)"_s.arg(
                           i == 0 ? u"none"_s : migrations.at(i - 1).id)),
                   QList<Migration>();
        if (m.id.size() > 64)
            return fail(u"Migration id %1 is longer than 64 characters"_s.arg(m.id)),
                   QList<Migration>();
        if (byId.contains(m.id))
            return fail(u"Two migrations have the id %1"_s.arg(m.id)), QList<Migration>();
        byId.insert(m.id, i);
    }
    QHash<QString, QStringList> children;
    QStringList roots;
    for (const Migration &m : std::as_const(migrations)) {
        if (m.parent.isEmpty()) {
            roots += m.id;
        } else if (!byId.contains(m.parent)) {
            fail(u"Migration %1 follows %2, which is not among the migrations"_s.arg(m.id,
                                                                                     m.parent));
            return {};
        } else {
            children[m.parent] += m.id;
        }
    }
    if (migrations.isEmpty())
        return {};
    QStringList heads;
    for (const Migration &m : std::as_const(migrations)) {
        if (!children.contains(m.id))
            heads += m.id;
    }
    if (heads.size() > 1) {
        fail(u"The migrations have %1 heads, %2: every migration but the first must follow the "
             u"one before it (set the parent of the newer ones)"_s.arg(heads.size())
                     .arg(heads.join(u" and "_s)));
        return {};
    }
    if (roots.size() != 1) {
        fail(roots.isEmpty() ? u"No migration is the first one (each has a parent): a cycle"_s
                             : u"The migrations have %1 first steps, %2"_s.arg(roots.size())
                                       .arg(roots.join(u" and "_s)));
        return {};
    }
    QList<Migration> ordered;
    QString id = roots.first();
    while (true) {
        ordered += migrations.at(byId.value(id));
        const QStringList next = children.value(id);
        if (next.isEmpty())
            break;
        id = next.first();
    }
    if (ordered.size() != migrations.size()) {
        fail(u"Migrations form a cycle apart from the chain %1 .. %2"_s.arg(ordered.first().id,
                                                                            ordered.last().id));
        return {};
    }
    return ordered;
}

bool MigratorPrivate::hasVersionTable(bool *ok)
{
    Inspector inspector(connection);
    const QStringList names = inspector.tableNames();
    *ok = !inspector.lastError().isValid();
    if (!*ok)
        fail(inspector.lastError());
    return names.contains(versionTable);
}

bool MigratorPrivate::ensureVersionTable()
{
    MetaData metadata;
    metadata.add(table);
    if (!metadata.createAll(connection, CheckFirst::Yes))
        return fail(connection.lastError());
    return true;
}

MigratorPrivate::Version MigratorPrivate::readVersion()
{
    Version version;
    bool ok = false;
    if (!hasVersionTable(&ok)) {
        version.ok = ok;
        return version;
    }
    return readVersionRow();
}

MigratorPrivate::Version MigratorPrivate::readVersionRow()
{
    Version version;
    Result result = connection.execute(select(table));
    if (!result.isValid()) {
        fail(result.error());
        return version;
    }
    int rows = 0;
    while (result.next()) {
        version.version = result.value(u"version_num"_s).toString();
        version.dirty = result.value(u"dirty"_s).toBool();
        ++rows;
    }
    if (rows > 1) {
        fail(u"Table %1 has %2 rows; it should have one"_s.arg(versionTable).arg(rows));
        return version;
    }
    version.ok = true;
    return version;
}

bool MigratorPrivate::writeVersion(const QString &version, bool dirty)
{
    if (!connection.execute(deleteFrom(table)).isValid())
        return false;
    if (version.isEmpty() && !dirty)
        return true;
    // Never NULL: the key needs a value, "" for the state before the first step.
    const QString value = version.isNull() ? QString::fromLatin1("") : version;
    return connection
            .execute(insert(table).values(
                    QVariantMap{ { u"version_num"_s, value }, { u"dirty"_s, dirty } }))
            .isValid();
}

MigratorPrivate::StepResult MigratorPrivate::runStep(const Migration &migration, bool up,
                                                     const QString &from, const QString &to)
{
    const auto &function = up ? migration.upgrade : migration.downgrade;
    const QString what = u"%1 %2%3"_s.arg(
            up ? u"upgrade"_s : u"downgrade"_s, migration.id,
            migration.description.isEmpty() ? QString() : u" (%1)"_s.arg(migration.description));
    if (!function) {
        fail(u"Migration %1 has no %2 function"_s.arg(migration.id,
                                                      up ? u"upgrade"_s : u"downgrade"_s));
        return Failed;
    }
    // A step is its own transaction (SQLite: with foreign keys off, which needs none open);
    // MariaDB's DDL would commit the caller's.
    if (connection.inTransaction()) {
        fail(u"Migrator: run migrations outside a transaction (at application start, before a "
             u"Session uses the connection)"_s);
        return Failed;
    }
    qCInfo(lcMigrate).noquote() << "Running" << what;
    const Dialect dialect = connection.dialect();
    const QString fromText = from.isEmpty() ? u"no version"_s : u"version "_s + from;
    MigrationContext context(connection);
    const auto step = [&] { return function(context); };
    const auto failure = [&](const QString &state) -> StepResult {
        const Error cause = connection.lastError();
        const QString reason = cause.isValid() ? cause.text() : u"the step returned false"_s;
        fail(Error(cause.isValid() ? cause.type() : Error::InvalidRequestError,
                   u"Migration %1 failed: %2. %3"_s.arg(what, reason, state), cause.sqlError(),
                   cause.statement(), cause.boundValues()));
        return Failed;
    };
    // Another process (a second instance of the application) may have run the step since the
    // version was read: it is read again under a lock before anything changes.
    bool moved = false;
    const auto stillAt = [&] {
        const Version now = readVersionRow();
        if (!now.ok)
            return false;
        moved = now.version != from || now.dirty;
        return !moved;
    };
    bool ok = false;
    if (dialect.supportsTransactionalDdl()) {
        // The step and its version row commit together, or neither does.
        // SQLite: BEGIN IMMEDIATE takes the write lock before the version is read again;
        // PostgreSQL: the version table is locked against other migrators.
        const bool sqlite = dialect.type() == DialectType::SQLite;
        ok = SchemaUtil::runInTransaction(
                connection, sqlite, u"Migrator"_s,
                [&] {
                    if (!sqlite
                        && !connection
                                    .execute(CompiledStatement(
                                            u"LOCK TABLE "_s + dialect.quoteIdentifier(versionTable)
                                            + u" IN SHARE ROW EXCLUSIVE MODE"_s))
                                    .isValid())
                        return false;
                    return stillAt() && step() && writeVersion(to, false);
                },
                TransactionMode::Immediate);
        connection.clearStatementCache();
        if (moved)
            return Moved;
        if (!ok)
            return failure(
                    u"Nothing of it was applied: the database is still at %1."_s.arg(fromText));
        return Done;
    }
    // MariaDB/MySQL commit each DDL statement: mark the previous version dirty while the step
    // runs, so that a failure half way is seen.
    if (!stillAt())
        return moved ? Moved : failure(u"The version could not be read; nothing was run."_s);
    if (!writeVersion(from, true))
        return failure(u"The version table could not be marked; nothing was run."_s);
    ok = step();
    connection.clearStatementCache();
    if (!ok)
        return failure(
                u"MariaDB and MySQL commit DDL as it runs, so the statements before the failure "
                u"stay applied: the database is at %1 and marked dirty. Repair the schema by "
                u"hand, then record the version it is at with Migrator::stamp() (qorm-migrate "
                u"stamp <version>)."_s.arg(fromText));
    if (!writeVersion(to, false))
        return failure(u"The step ran but its version could not be recorded: the database is "
                       u"marked dirty at %1."_s.arg(fromText));
    return Done;
}

// MariaDB/MySQL: a named lock keeps two migrators of one database apart for a whole upgrade
// (their DDL cannot run inside a transaction that would).
bool MigratorPrivate::lockServer()
{
    if (connection.dialect().type() != DialectType::MySQL)
        return true;
    Result result = connection.execute(
            CompiledStatement(u"SELECT GET_LOCK(CONCAT('qorm_version.', DATABASE()), 60)"_s));
    if (!result.isValid())
        return fail(result.error());
    if (result.scalar().toInt() != 1)
        return fail(u"Another process has been migrating this database for a minute: try "
                    u"again later"_s);
    return true;
}

void MigratorPrivate::unlockServer()
{
    if (connection.dialect().type() == DialectType::MySQL)
        (void)connection.execute(
                CompiledStatement(u"SELECT RELEASE_LOCK(CONCAT('qorm_version.', DATABASE()))"_s));
}

//! \endcond

/*!
    \class Qorm::Migrator
    \brief Upgrades a database along a chain of migrations: Alembic's command.upgrade().

    The version is recorded in the table "qorm_version" (versionTableName(), created on first
    use). See docs/migrations.md for the workflow of an application that ships updates.

    \code
    Qorm::Migrator migrator(connection, MyApp::migrations());
    if (!migrator.upgrade())
        qFatal() << migrator.lastError();
    \endcode

    On SQLite and PostgreSQL each step and its version update commit together, in one
    transaction (SQLite: with foreign keys off, checked by PRAGMA foreign_key_check before the
    commit), so a failed step leaves the database at the version before it. MariaDB and MySQL
    commit DDL implicitly: the version row is marked dirty before a step and updated after it,
    and a failed step leaves the previous version recorded, dirty; upgrade() then refuses to run
    until the schema is repaired by hand and stamp() records where it stands. Processes
    migrating the same database at once are safe: a step another process ran first is not run
    again (on MariaDB/MySQL a server lock serializes them).
*/

/*!
    A migrator for \a migrations (in any order; they are chained by their parents) on
    \a connection, which must outlive it. Nothing is read until a call asks.
*/
Migrator::Migrator(Connection &connection, const QList<Migration> &migrations)
    : d(std::make_unique<MigratorPrivate>(connection, migrations))
{
}

Migrator::~Migrator() = default;

/*! The table that records the version: "qorm_version". SchemaDiff never drops it. */
QString Migrator::versionTableName()
{
    return versionTable;
}

/*!
    The chain from the first step to the head; empty, with lastError() set, when the chain is
    broken (an empty or too long id, a duplicate id, an unknown parent, two heads, a cycle).
*/
QList<Migration> Migrator::history()
{
    d->error = Error();
    return d->chain();
}

/*!
    The ids of the steps no other step follows: one for a valid chain, several when two
    branches were written from the same parent.
*/
QStringList Migrator::heads() const
{
    QSet<QString> parents;
    for (const Migration &m : std::as_const(d->migrations))
        parents.insert(m.parent);
    QStringList heads;
    for (const Migration &m : std::as_const(d->migrations)) {
        if (!parents.contains(m.id))
            heads += m.id;
    }
    return heads;
}

/*!
    The version recorded in the database: empty for none (no version table or no row), and
    when it cannot be read (lastError() is set then).
*/
QString Migrator::current()
{
    d->error = Error();
    const MigratorPrivate::Version version = d->readVersion();
    return version.ok ? version.version : QString();
}

/*!
    Where the database stands: current version, head, pending steps, dirty flag. Reads only;
    a broken chain or an unreadable version table is reported in MigrationStatus::error.
*/
MigrationStatus Migrator::status()
{
    MigrationStatus status;
    d->error = Error();
    const QList<Migration> chain = d->chain();
    if (d->error.isValid()) {
        status.error = d->error;
        return status;
    }
    const MigratorPrivate::Version version = d->readVersion();
    if (!version.ok) {
        status.error = d->error;
        return status;
    }
    status.current = version.version;
    status.isDirty = version.dirty;
    status.head = chain.isEmpty() ? QString() : chain.last().id;
    qsizetype index = -1;
    if (!version.version.isEmpty()) {
        for (qsizetype i = 0; i < chain.size(); ++i) {
            if (chain.at(i).id == version.version)
                index = i;
        }
        status.isKnownVersion = index >= 0;
    }
    if (status.isKnownVersion) {
        for (qsizetype i = index + 1; i < chain.size(); ++i)
            status.pending += chain.at(i).id;
    }
    return status;
}

/*!
    Runs the steps after the current version up to \a target (the head when empty), each with
    its version update (see the class description). A database already there is left alone
    (true). False, with lastError() set, for a broken chain, an unknown \a target, a database
    that is dirty, at a version the chain does not know or past \a target, and a failed step
    (the database then stays at the version before that step).
*/
bool Migrator::upgrade(const QString &target)
{
    d->error = Error();
    const QList<Migration> chain = d->chain();
    if (d->error.isValid())
        return false;
    if (chain.isEmpty())
        return true;
    if (!d->connection.isOpen())
        return d->fail(Error(Error::ConnectionError, u"Migrator: not connected"_s));
    qsizetype targetIndex = chain.size() - 1;
    if (!target.isEmpty()) {
        targetIndex = indexOf(chain, target);
        if (targetIndex < 0)
            return d->fail(u"Unknown migration %1: no step has that id"_s.arg(target));
    }
    if (!d->ensureVersionTable() || !d->lockServer())
        return false;
    const auto unlock = qScopeGuard([this] { d->unlockServer(); });
    // Each pass reads the version and runs the steps after it; when another process ran a
    // step first, the next pass starts from where it left the database.
    for (qsizetype pass = 0; pass <= chain.size(); ++pass) {
        // The table exists (ensureVersionTable()): no need to list the tables again.
        const MigratorPrivate::Version version = d->readVersionRow();
        if (!version.ok)
            return false;
        if (version.dirty)
            return d->fail(u"The database is marked dirty: a migration after %1 failed part way "
                           u"on a database whose DDL commits as it runs. Repair the schema by "
                           u"hand, then record the version it is at with Migrator::stamp() "
                           u"(qorm-migrate stamp <version>)."_s.arg(
                                   version.version.isEmpty() ? u"no version"_s
                                                             : u"version "_s + version.version));
        const qsizetype currentIndex =
                version.version.isEmpty() ? -1 : indexOf(chain, version.version);
        if (!version.version.isEmpty() && currentIndex < 0)
            return d->fail(u"The database is at version %1, which none of the %2 migrations "
                           u"knows (was it made by a newer version of the application?)"_s
                                   .arg(version.version)
                                   .arg(chain.size()));
        if (targetIndex < currentIndex)
            return pass > 0 // another process went further: nothing left to do
                    || d->fail(u"The database is at %1, after the target %2: use downgrade()"_s.arg(
                            version.version, target));
        bool moved = false;
        QString from = version.version;
        for (qsizetype i = currentIndex + 1; i <= targetIndex && !moved; ++i) {
            switch (d->runStep(chain.at(i), true, from, chain.at(i).id)) {
            case MigratorPrivate::Failed:
                return false;
            case MigratorPrivate::Moved:
                qCInfo(lcMigrate) << "Another process changed the version; reading it again";
                moved = true;
                break;
            case MigratorPrivate::Done:
                from = chain.at(i).id;
                break;
            }
        }
        if (!moved)
            return true;
    }
    return d->fail(u"The version kept changing while upgrading (other processes migrating the "
                   u"same database)"_s);
}

/*!
    Runs the downgrade functions from the current version back to \a target; that step stays
    applied (empty: back to no version at all). False, with lastError() set, for an unknown
    \a target, a dirty database, one at an unknown version or before \a target, and a failed
    step.
*/
bool Migrator::downgrade(const QString &target)
{
    d->error = Error();
    const QList<Migration> chain = d->chain();
    if (d->error.isValid())
        return false;
    qsizetype targetIndex = -1;
    if (!target.isEmpty()) {
        targetIndex = indexOf(chain, target);
        if (targetIndex < 0)
            return d->fail(u"Unknown migration %1: no step has that id"_s.arg(target));
    }
    if (!d->lockServer())
        return false;
    const auto unlock = qScopeGuard([this] { d->unlockServer(); });
    const MigratorPrivate::Version version = d->readVersion();
    if (!version.ok)
        return false;
    if (version.dirty)
        return d->fail(u"The database is marked dirty: repair it and stamp() it first"_s);
    const qsizetype currentIndex = version.version.isEmpty() ? -1 : indexOf(chain, version.version);
    if (!version.version.isEmpty() && currentIndex < 0)
        return d->fail(u"The database is at version %1, which none of the migrations knows"_s.arg(
                version.version));
    if (currentIndex < targetIndex)
        return d->fail(u"The database is at %1, before the target %2: use upgrade()"_s.arg(
                version.version.isEmpty() ? u"no version"_s : version.version, target));
    for (qsizetype i = currentIndex; i > targetIndex; --i) {
        switch (d->runStep(chain.at(i), false, chain.at(i).id, chain.at(i).parent)) {
        case MigratorPrivate::Failed:
            return false;
        case MigratorPrivate::Moved:
            return d->fail(u"Another process changed the version while downgrading"_s);
        case MigratorPrivate::Done:
            break;
        }
    }
    return true;
}

/*!
    Records \a version (empty: none) without running anything, and clears the dirty flag: for
    a database made before migrations were used, or repaired after a failed step. False, with
    lastError() set, for a version the chain does not have or a failed write.
*/
bool Migrator::stamp(const QString &version)
{
    d->error = Error();
    if (!version.isEmpty()) {
        const QList<Migration> chain = d->chain();
        if (d->error.isValid())
            return false;
        if (std::none_of(chain.cbegin(), chain.cend(),
                         [&](const Migration &m) { return m.id == version; }))
            return d->fail(u"Unknown migration %1: no step has that id"_s.arg(version));
    }
    if (!d->ensureVersionTable())
        return false;
    if (d->connection.dialect().supportsTransactionalDdl()) {
        Transaction transaction = d->connection.begin();
        if (!transaction.isActive() || !d->writeVersion(version, false) || !transaction.commit())
            return d->fail(d->connection.lastError());
        return true;
    }
    if (!d->writeVersion(version, false))
        return d->fail(d->connection.lastError());
    return true;
}

/*! Why the last call failed; each call clears it first. */
Error Migrator::lastError() const
{
    return d->error;
}

} // namespace Qorm
