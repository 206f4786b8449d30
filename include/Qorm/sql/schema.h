// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/sql/expression.h>
#include <Qorm/sql/fromclause.h>
#include <Qorm/sql/types.h>

#include <QtCore/QHash>
#include <QtCore/QStringList>

#include <functional>
#include <optional>

namespace Qorm {

class Table;
class Connection;
class ColumnData;
class ColumnDefaultPrivate;
class ForeignKeyPrivate;
class ConstraintPrivate;
class IndexPrivate;
class MetaDataPrivate;

enum class ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
};

// Whether DDL checks for existing objects first (CREATE TABLE IF NOT EXISTS, DROP ... IF EXISTS).
enum class CheckFirst {
    No,
    Yes,
};

/*
    A client-side default or onupdate value: a constant, a callable evaluated
    once per row at execution time, or an SQL expression rendered into the
    statement (such as Function::now()).
*/
class QORM_EXPORT ColumnDefault
{
public:
    enum Kind {
        None,
        Value,
        Callable,
        SqlExpression,
    };

    ColumnDefault() noexcept;
    ColumnDefault(const QVariant &value);
    ColumnDefault(std::function<QVariant()> callable);
    ColumnDefault(const Expression &expression);
    template<Detail::BindableValue T>
    ColumnDefault(const T &value) : ColumnDefault(QVariant::fromValue(value))
    {
    }
    ColumnDefault(const ColumnDefault &other) noexcept;
    ColumnDefault &operator=(const ColumnDefault &other) noexcept;
    ~ColumnDefault();

    [[nodiscard]] bool isValid() const noexcept { return kind() != None; }
    [[nodiscard]] Kind kind() const noexcept;
    [[nodiscard]] QVariant value() const;        // Value: the value; Callable: calls it
    [[nodiscard]] Expression expression() const; // SqlExpression

private:
    QExplicitlySharedDataPointer<ColumnDefaultPrivate> d;
};

struct ForeignKeyOptions
{
    ReferentialAction onDelete = ReferentialAction::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
    QString name = {};
};

/*
    A reference to another table's column, by name ("table.column" or
    "schema.table.column"), resolved against the MetaData when DDL is built.
*/
class QORM_EXPORT ForeignKey
{
public:
    ForeignKey() noexcept;
    ForeignKey(const QString &target, const ForeignKeyOptions &options = {});
    ForeignKey(const ForeignKey &other) noexcept;
    ForeignKey &operator=(const ForeignKey &other) noexcept;
    ~ForeignKey();

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] QString target() const;
    [[nodiscard]] QString targetTable() const; // "schema.table" or "table"
    [[nodiscard]] QString targetColumn() const;
    [[nodiscard]] ForeignKeyOptions options() const;

private:
    QExplicitlySharedDataPointer<ForeignKeyPrivate> d;
};

enum class Autoincrement {
    Auto, // a single integer primary key without a default is autoincrement
    Yes,
    No,
};

struct ColumnOptions
{
    bool primaryKey = false;
    // Default: NOT NULL for primary keys, nullable otherwise.
    std::optional<bool> nullable = {};
    bool unique = false;
    bool index = false;
    Autoincrement autoincrement = Autoincrement::Auto;
    ColumnDefault defaultValue = {}; // client-side, applied by INSERT when no value is given
    Expression serverDefault = {};   // DDL DEFAULT clause, e.g. Function::now() or text("0")
    ColumnDefault onUpdate = {};     // client-side, applied by UPDATE when no value is given
    ForeignKey foreignKey = {};
    QString comment = {};
};

/*
    A table column: its definition (name, type, options) and, once it belongs
    to a Table, an expression referring to it.
*/
class QORM_EXPORT Column : public Expression
{
public:
    Column() noexcept;
    Column(const QString &name, const SqlType &type, const ColumnOptions &options = {});
    Column(const Column &other) noexcept = default;
    Column(Column &&other) noexcept = default;
    Column &operator=(const Column &other) &noexcept = default;
    Column &operator=(Column &&other) &noexcept = default;
    ~Column() = default;

    [[nodiscard]] QString name() const;
    [[nodiscard]] SqlType columnType() const;
    [[nodiscard]] ColumnOptions options() const;
    [[nodiscard]] bool isPrimaryKey() const;
    [[nodiscard]] bool isNullable() const;
    // Resolved against the table: true for the one integer primary key column
    // unless Autoincrement::No was given.
    [[nodiscard]] bool isAutoincrement() const;
    [[nodiscard]] Table table() const; // invalid until the column belongs to a table

    explicit Column(ExpressionNode *node) noexcept;
};

/*
    A table-level constraint: composite primary key, (composite) foreign key,
    unique or check.
*/
class QORM_EXPORT Constraint
{
public:
    enum Kind {
        Invalid,
        PrimaryKey,
        ForeignKey,
        Unique,
        Check,
    };

    Constraint() noexcept;
    Constraint(const Constraint &other) noexcept;
    Constraint &operator=(const Constraint &other) noexcept;
    ~Constraint();

    [[nodiscard]] static Constraint primaryKey(const QStringList &columns,
                                               const QString &name = {});
    [[nodiscard]] static Constraint foreignKey(const QStringList &columns,
                                               const QStringList &targets,
                                               const ForeignKeyOptions &options = {});
    [[nodiscard]] static Constraint unique(const QStringList &columns, const QString &name = {});
    // The condition is rendered into DDL; use text() for a dialect-specific condition.
    [[nodiscard]] static Constraint check(const Expression &condition, const QString &name = {});

    [[nodiscard]] Kind kind() const noexcept;
    [[nodiscard]] QString name() const;
    [[nodiscard]] QStringList columns() const;
    [[nodiscard]] QStringList targets() const;
    [[nodiscard]] ForeignKeyOptions foreignKeyOptions() const;
    [[nodiscard]] Expression condition() const;

private:
    QExplicitlySharedDataPointer<ConstraintPrivate> d;
};

class QORM_EXPORT Index
{
public:
    enum Uniqueness {
        NonUnique,
        Unique,
    };

    Index() noexcept;
    Index(const QString &name, const QStringList &columns, Uniqueness uniqueness = NonUnique);
    Index(const Index &other) noexcept;
    Index &operator=(const Index &other) noexcept;
    ~Index();

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] QString name() const;
    [[nodiscard]] QStringList columns() const;
    [[nodiscard]] bool isUnique() const noexcept;

private:
    QExplicitlySharedDataPointer<IndexPrivate> d;
};

struct TableOptions
{
    QString schema = {}; // PostgreSQL schema, MySQL database, SQLite attached database
    QString comment = {};
};

class MetaData;

/*
    A table definition. Tables are shared handles: copies refer to the same
    table, so expressions built from any copy refer to it.
*/
class QORM_EXPORT Table : public FromClause
{
public:
    Table() noexcept;
    Table(const QString &name, const QList<Column> &columns,
          const QList<Constraint> &constraints = {}, const QList<Index> &indexes = {},
          const TableOptions &options = {});
    // Creates the table and adds it to `metadata`.
    Table(MetaData &metadata, const QString &name, const QList<Column> &columns,
          const QList<Constraint> &constraints = {}, const QList<Index> &indexes = {},
          const TableOptions &options = {});

    [[nodiscard]] QString schema() const;
    [[nodiscard]] QString fullName() const; // schema.name or name
    [[nodiscard]] QString comment() const;
    [[nodiscard]] Column column(const QString &name) const;
    [[nodiscard]] Column operator[](const QString &name) const { return column(name); }
    [[nodiscard]] bool hasColumn(const QString &name) const;
    [[nodiscard]] QList<Column> columns() const;
    [[nodiscard]] QList<Column> primaryKey() const;
    [[nodiscard]] QList<Constraint>
    constraints() const;                        // explicit ones plus those from column options
    [[nodiscard]] QList<Index> indexes() const; // explicit ones plus those from column options
    // Names ("schema.table" or "table") of the tables this one references.
    [[nodiscard]] QStringList referencedTables() const;
    // Definition problems found when the table was built (duplicate column, missing name...).
    [[nodiscard]] QString definitionError() const;

    explicit Table(FromNode *node) noexcept;
};

/*
    A collection of tables: creates and drops them in foreign-key order.
*/
class QORM_EXPORT MetaData
{
public:
    MetaData();
    MetaData(const MetaData &other) noexcept;
    MetaData &operator=(const MetaData &other) noexcept;
    ~MetaData();

    // Adds the table; false (with a warning on qorm.sql) when a table of the same name exists.
    bool add(const Table &table);
    [[nodiscard]] Table table(const QString &fullName) const;
    [[nodiscard]] bool contains(const QString &fullName) const;
    [[nodiscard]] QList<Table> tables() const; // in the order added
    // Tables ordered so that every table comes after those it references.
    // Cycles are broken: the foreign keys that close a cycle are returned in cycleForeignKeys.
    [[nodiscard]] QList<Table>
    sortedTables(QList<std::pair<Table, Constraint>> *cycleForeignKeys = nullptr) const;

    // Creates every table, index and constraint, parents first. False on failure,
    // the reason in connection.lastError(); nothing is half-created on databases with
    // transactional DDL (SQLite, PostgreSQL).
    [[nodiscard]] bool createAll(Connection &connection,
                                 CheckFirst checkFirst = CheckFirst::Yes) const;
    [[nodiscard]] bool dropAll(Connection &connection,
                               CheckFirst checkFirst = CheckFirst::Yes) const;

private:
    QExplicitlySharedDataPointer<MetaDataPrivate> d;
};

} // namespace Qorm
