// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/connection.h>
#include <Qorm/sql/compiledstatement.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QFlags>

namespace Qorm {

class MigrationOperationPrivate;
class SchemaDiffPrivate;

/*
    One step that changes a database's schema: Alembic's operations. A value type.
*/
class QORM_EXPORT MigrationOperation
{
public:
    enum Kind {
        Invalid,
        CreateTable,
        DropTable,
        AddColumn,
        DropColumn,
        AlterColumn,
        CreateIndex,
        DropIndex,
        AddConstraint,  // a unique constraint or a foreign key
        DropConstraint, // a unique constraint or a foreign key
        RebuildTable,   // SQLite: create the new table, copy the rows, drop, rename
    };
    enum Change {
        NoChange = 0,
        TypeChange = 0x1,
        NullabilityChange = 0x2,
        DefaultChange = 0x4,
        AutoincrementChange = 0x8,
    };
    Q_DECLARE_FLAGS(Changes, Change)

    MigrationOperation() noexcept;
    MigrationOperation(const MigrationOperation &other) noexcept;
    MigrationOperation &operator=(const MigrationOperation &other) noexcept;
    ~MigrationOperation();

    // `deferredForeignKeys` are left out of CREATE TABLE (they close a cycle between new
    // tables) for AddConstraint operations to add once both tables exist.
    [[nodiscard]] static MigrationOperation
    createTable(const Table &table, const QList<Constraint> &deferredForeignKeys = {});
    [[nodiscard]] static MigrationOperation dropTable(const Table &table);
    // `table` is the table as it will be (it holds `column`).
    [[nodiscard]] static MigrationOperation addColumn(const Table &table, const Column &column);
    // `table` is the table as it is (it holds `column`).
    [[nodiscard]] static MigrationOperation dropColumn(const Table &table, const Column &column);
    [[nodiscard]] static MigrationOperation alterColumn(const Table &table, const Column &from,
                                                        const Column &to, Changes changes);
    [[nodiscard]] static MigrationOperation createIndex(const Table &table, const Index &index);
    [[nodiscard]] static MigrationOperation dropIndex(const Table &table, const Index &index);
    [[nodiscard]] static MigrationOperation addConstraint(const Table &table,
                                                          const Constraint &constraint);
    // A foreign key or unique constraint as reflected (with the name the database gave it).
    [[nodiscard]] static MigrationOperation dropConstraint(const Table &table,
                                                           const Constraint &constraint);
    [[nodiscard]] static MigrationOperation rebuildTable(const Table &from, const Table &to);

    [[nodiscard]] Kind kind() const noexcept;
    // The table the operation works on: the new definition for CreateTable, AddColumn,
    // AlterColumn, CreateIndex, AddConstraint and RebuildTable, the existing one otherwise.
    [[nodiscard]] Table table() const;
    [[nodiscard]] Table previousTable() const; // RebuildTable: the table as it is
    [[nodiscard]] Column column() const;
    [[nodiscard]] Column previousColumn() const; // AlterColumn: the column as it is
    [[nodiscard]] Changes changes() const noexcept;
    [[nodiscard]] Index index() const;
    [[nodiscard]] Constraint constraint() const;
    // "add column Album.Year", "rebuild table Track"...
    [[nodiscard]] QString description() const;

    // The statements for `dialect`; a failed CompiledStatement says what it cannot do.
    [[nodiscard]] QList<CompiledStatement> statements(const Dialect &dialect) const;

private:
    QExplicitlySharedDataPointer<MigrationOperationPrivate> d;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(MigrationOperation::Changes)

/*
    The operations that turn one schema into another: Alembic's autogenerate comparison.
    compare() a reflected MetaData (Inspector::reflect()) with the one of the application's
    models, then look at operations(), render statements() or apply() them.
*/
class QORM_EXPORT SchemaDiff
{
public:
    SchemaDiff() noexcept;
    SchemaDiff(const SchemaDiff &other) noexcept;
    SchemaDiff &operator=(const SchemaDiff &other) noexcept;
    ~SchemaDiff();

    // `database` is the schema as it is, `target` as it should be; `dialect` decides which
    // differences are real (type round trips) and how SQLite's limits are worked around.
    [[nodiscard]] static SchemaDiff compare(const MetaData &database, const MetaData &target,
                                            const Dialect &dialect);

    [[nodiscard]] Dialect dialect() const;
    [[nodiscard]] QList<MigrationOperation> operations() const;
    [[nodiscard]] bool isEmpty() const;
    // Every operation's statements, in order.
    [[nodiscard]] QList<CompiledStatement> statements() const;
    // Runs the statements in one transaction where DDL is transactional (SQLite, PostgreSQL);
    // on SQLite with foreign keys off around a table rebuild, checked before the commit.
    // False on failure, the reason in connection.lastError().
    [[nodiscard]] bool apply(Connection &connection) const;

private:
    QExplicitlySharedDataPointer<SchemaDiffPrivate> d;
};

} // namespace Qorm
