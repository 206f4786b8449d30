// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/connection.h>
#include <Qorm/schema/schemadiff.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <functional>
#include <memory>

namespace Qorm {

class MigrationContext;
class MigrationContextPrivate;
class MigratorPrivate;

/*
    One versioned step of a schema: Alembic's revision script. `parent` is the step it
    follows (empty for the first one); steps form one chain from the first to the head.

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
*/
struct Migration
{
    QString id = {};          //!< unique, at most 64 characters ("0002_album_year")
    QString parent = {};      //!< the id of the step before, empty for the first step
    QString description = {}; //!< what the step does, for history and status
    //! Brings the schema from \c parent to this step. True on success; on failure the reason is
    //! in the connection's lastError() (or the step calls MigrationContext::fail()).
    std::function<bool(MigrationContext &)> upgrade = {};
    //! Undoes upgrade(), back to \c parent; same contract. Empty: downgrading past it fails.
    std::function<bool(MigrationContext &)> downgrade = {};
};

/*
    What a migration step works through: the schema operations of SchemaDiff (rendered for
    the connection's dialect, SQLite's table rebuild included), raw SQL, and the connection
    itself for data steps. Every schema operation reflects the table as it is at that moment,
    so a step does not need to know what the steps before it did.

    All calls return false on failure, the reason in lastError().
*/
class QORM_EXPORT MigrationContext
{
public:
    explicit MigrationContext(Connection &connection);
    MigrationContext(const MigrationContext &) = delete;
    MigrationContext &operator=(const MigrationContext &) = delete;
    ~MigrationContext();

    [[nodiscard]] Connection &connection() const;
    [[nodiscard]] Dialect dialect() const;

    // Schema operations on the table of that name, as it is in the database now.
    [[nodiscard]] bool createTable(const Table &table);
    [[nodiscard]] bool dropTable(const QString &table);
    [[nodiscard]] bool addColumn(const QString &table, const Column &column);
    [[nodiscard]] bool dropColumn(const QString &table, const QString &column);
    // `column` is the new definition of the column of the same name.
    [[nodiscard]] bool alterColumn(const QString &table, const Column &column);
    [[nodiscard]] bool createIndex(const QString &table, const Index &index);
    [[nodiscard]] bool dropIndex(const QString &table, const QString &index);
    // A unique constraint or a foreign key.
    [[nodiscard]] bool addConstraint(const QString &table, const Constraint &constraint);
    // The unique constraint or foreign key of the table with the same columns (and targets),
    // whatever name the database gave it.
    [[nodiscard]] bool dropConstraint(const QString &table, const Constraint &constraint);
    // Brings the existing table of the same name to `table`'s definition: the operations
    // SchemaDiff finds, on SQLite one rebuild (rows copied) when ALTER cannot do it.
    [[nodiscard]] bool alterTable(const Table &table);

    // The statements of an operation or a diff, for this dialect (no transaction of their own).
    [[nodiscard]] bool execute(const MigrationOperation &operation);
    [[nodiscard]] bool execute(const SchemaDiff &diff);
    // Raw SQL, values bound positionally ("?").
    [[nodiscard]] bool execute(const QString &sql, const QVariantList &boundValues = {});
    // A Core statement: insert(), update(), deleteFrom() for data steps. For reads use
    // connection().execute(select(...)).
    [[nodiscard]] bool execute(const Statement &statement);

    // The table as it is in the database now (reflected), to build Core statements on;
    // an invalid Table when it does not exist.
    [[nodiscard]] Table table(const QString &name);

    // Records an error of the step's own (returns false, for `return m.fail(...)`).
    bool fail(const QString &message);
    [[nodiscard]] Error lastError() const;

private:
    std::unique_ptr<MigrationContextPrivate> const d;
};

/*
    Where a database stands against a chain of migrations.
*/
struct MigrationStatus
{
    QString current = {};       //!< the recorded version, empty for none (base)
    QString head = {};          //!< the last step of the chain
    QStringList pending = {};   //!< the steps upgrade() would run, in order
    bool isDirty = false;       //!< MariaDB/MySQL: a step after \c current failed half way
    bool isKnownVersion = true; //!< false when \c current is not a step of the chain
    Error error = {};           //!< a broken chain or an unreadable version table
    [[nodiscard]] bool isValid() const { return !error.isValid(); }
    [[nodiscard]] bool isUpToDate() const
    {
        return isValid() && !isDirty && isKnownVersion && pending.isEmpty();
    }
};

/*
    Runs a chain of migrations on a database and records its version in the table
    "qorm_version" (created on first use): Alembic's command.upgrade().

        Qorm::Migrator migrator(connection, MyApp::migrations());
        if (!migrator.upgrade())
            qFatal() << migrator.lastError();

    On SQLite and PostgreSQL each step and its version update commit together, in one
    transaction (SQLite: with foreign keys off, checked by PRAGMA foreign_key_check before the
    commit), so a failed step leaves the database at the version before it. MariaDB and MySQL
    commit DDL implicitly: the version row is marked dirty before a step and updated after it,
    and a failed step leaves the previous version recorded, dirty; upgrade() then refuses to run
    until the schema is repaired by hand and stamp() records where it stands.
*/
class QORM_EXPORT Migrator
{
public:
    Migrator(Connection &connection, const QList<Migration> &migrations);
    Migrator(const Migrator &) = delete;
    Migrator &operator=(const Migrator &) = delete;
    ~Migrator();

    [[nodiscard]] static QString versionTableName();

    // The chain from the first step to the head; empty, with lastError() set, when the chain
    // is broken (duplicate id, unknown parent, two heads, a cycle).
    [[nodiscard]] QList<Migration> history();
    // The ids of the steps no other step follows: one for a valid chain.
    [[nodiscard]] QStringList heads() const;
    // The version recorded in the database: empty for none, or when it cannot be read
    // (lastError() is set then).
    [[nodiscard]] QString current();
    [[nodiscard]] MigrationStatus status();

    // Runs the steps after the current version up to `target` (the head when empty). A
    // database already there is left alone (true).
    [[nodiscard]] bool upgrade(const QString &target = {});
    // Runs the downgrade functions from the current version back to `target` (that step stays
    // applied; empty: back to no version at all).
    [[nodiscard]] bool downgrade(const QString &target);
    // Records `version` (empty: none) without running anything, and clears the dirty flag:
    // for a database made before migrations were used, or repaired after a failed step.
    [[nodiscard]] bool stamp(const QString &version);

    [[nodiscard]] Error lastError() const;

private:
    std::unique_ptr<MigratorPrivate> const d;
};

/*
    Writes a migration as C++ source from a SchemaDiff (the generate command of qorm-migrate):
    a function returning a Qorm::Migration whose upgrade lists the diff's operations through
    MigrationContext, and whose downgrade reverses them. The result is meant to be read and
    edited.
*/
class QORM_EXPORT MigrationWriter
{
public:
    struct Options
    {
        QString id = {};           //!< the new step's id
        QString parent = {};       //!< the step it follows (the chain's head), empty for none
        QString description = {};  //!< the step's description
        QString functionName = {}; //!< a C++ identifier; derived from the id when empty
    };
    [[nodiscard]] static QString source(const SchemaDiff &diff, const Options &options);
    // `text` as a C++ identifier (letters, digits and '_').
    [[nodiscard]] static QString identifier(const QString &text);
};

} // namespace Qorm
