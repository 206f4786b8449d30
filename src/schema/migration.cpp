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

/*!
    \class Qorm::MigrationContext
    \inmodule Qorm
    \brief What a migration step works through: schema operations, raw SQL and data.

    Each schema operation reflects the table it names from the database as it is at that
    moment, changes the definition and runs what SchemaDiff finds for the connection's
    dialect, so that SQLite gets a table rebuild (rows copied) where ALTER TABLE cannot do it.
*/
MigrationContext::MigrationContext(Connection &connection)
    : d(std::make_unique<MigrationContextPrivate>(connection))
{
}

MigrationContext::~MigrationContext() = default;

Connection &MigrationContext::connection() const
{
    return d->connection;
}

Dialect MigrationContext::dialect() const
{
    return d->connection.dialect();
}

bool MigrationContext::createTable(const Table &table)
{
    return d->run(MigrationOperation::createTable(table).statements(dialect()));
}

bool MigrationContext::dropTable(const QString &table)
{
    const Table current = d->reflect(table);
    return current.isValid()
            && d->run(MigrationOperation::dropTable(current).statements(dialect()));
}

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

bool MigrationContext::createIndex(const QString &table, const Index &index)
{
    const Table current = d->reflect(table);
    return current.isValid()
            && d->run(MigrationOperation::createIndex(current, index).statements(dialect()));
}

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

bool MigrationContext::alterTable(const Table &table)
{
    const Table current = d->reflect(table.name());
    return current.isValid() && d->bringTo(current, table);
}

bool MigrationContext::execute(const MigrationOperation &operation)
{
    return d->run(operation.statements(dialect()));
}

bool MigrationContext::execute(const SchemaDiff &diff)
{
    if (diff.dialect().type() != dialect().type())
        return d->fail(Error(Error::InvalidRequestError,
                             u"The diff was made for %1, the connection is %2"_s.arg(
                                     diff.dialect().name(), dialect().name())));
    return d->run(diff.statements());
}

bool MigrationContext::execute(const QString &sql, const QVariantList &boundValues)
{
    CompiledStatement statement(sql, boundValues);
    statement.setDialect(dialect().type());
    return d->connection.execute(statement).isValid();
}

bool MigrationContext::execute(const Statement &statement)
{
    return d->connection.execute(statement).isValid();
}

Table MigrationContext::table(const QString &name)
{
    return d->reflect(name);
}

bool MigrationContext::fail(const QString &message)
{
    return d->fail(Error(Error::InvalidRequestError, message));
}

Error MigrationContext::lastError() const
{
    return d->connection.lastError();
}

// ------------------------------------------------------------------ Migrator

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

/*!
    \class Qorm::Migrator
    \inmodule Qorm
    \brief Upgrades a database along a chain of migrations: Alembic's command.upgrade().

    See docs/migrations.md for the workflow of an application that ships updates.
*/
Migrator::Migrator(Connection &connection, const QList<Migration> &migrations)
    : d(std::make_unique<MigratorPrivate>(connection, migrations))
{
}

Migrator::~Migrator() = default;

QString Migrator::versionTableName()
{
    return versionTable;
}

QList<Migration> Migrator::history()
{
    d->error = Error();
    return d->chain();
}

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

QString Migrator::current()
{
    d->error = Error();
    const MigratorPrivate::Version version = d->readVersion();
    return version.ok ? version.version : QString();
}

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

Error Migrator::lastError() const
{
    return d->error;
}

} // namespace Qorm
