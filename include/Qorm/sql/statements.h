// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/sql/expression.h>
#include <Qorm/sql/fromclause.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QVariantMap>

namespace Qorm {

class StatementNode;
class Cte;

/*
    Base of every statement. Statements are immutable values: builders return
    a new statement and leave the original unchanged.
*/
class QORM_EXPORT Statement
{
public:
    enum Kind {
        InvalidStatement, ///< a default-constructed statement, or a failed compilation
        SelectStatement,  ///< Select
        InsertStatement,  ///< Insert
        UpdateStatement,  ///< Update
        DeleteStatement,  ///< Delete
        TextStatement,    ///< TextSql, or SQL text wrapped in a CompiledStatement
    };

    Statement() noexcept;
    //! @{
    //! Statements are implicitly shared and immutable: copies are cheap.
    Statement(const Statement &other) noexcept;
    Statement(Statement &&other) noexcept;
    Statement &operator=(const Statement &other) noexcept;
    Statement &operator=(Statement &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~Statement();

    [[nodiscard]] Kind kind() const noexcept;
    //! False for a default-constructed statement. A statement built with mistakes is still
    //! valid here: compiling it reports them (CompiledStatement::error()).
    [[nodiscard]] bool isValid() const noexcept { return kind() != InvalidStatement; }

    // Internal
    //! \cond internal
    [[nodiscard]] const StatementNode *node() const noexcept { return d.data(); }
    explicit Statement(StatementNode *node) noexcept;

protected:
    QExplicitlySharedDataPointer<StatementNode> d;
    //! \endcond
};

//! Whether Select::cte() makes a recursive common table expression (WITH RECURSIVE).
enum class Recursive {
    No,  ///< a plain CTE
    Yes, ///< a recursive CTE, completed with Cte::unionAll() or Cte::unionWith()
};

//! The row lock a Select takes (Select::withRowLock()); not on SQLite.
enum class RowLock {
    None,                ///< no lock
    ForUpdate,           ///< FOR UPDATE: lock the rows for writing, waiting for other locks
    ForUpdateNoWait,     ///< FOR UPDATE NOWAIT: fail instead of waiting
    ForUpdateSkipLocked, ///< FOR UPDATE SKIP LOCKED: leave out rows locked by others
    ForShare,            ///< FOR SHARE: lock against writers, share with readers
};

class QORM_EXPORT Select : public Statement
{
public:
    Select() noexcept;
    explicit Select(const QList<Expression> &columns);

    [[nodiscard]] Select columns(const QList<Expression> &columns) const; // replaces
    [[nodiscard]] Select addColumns(const QList<Expression> &columns) const;
    [[nodiscard]] Select from(const FromClause &source) const;
    // Joins `right` to the last FROM source (from(), or the first column's table when there is
    // none).
    [[nodiscard]] Select join(const FromClause &right, const Expression &on,
                              FromClause::JoinType type = FromClause::InnerJoin) const;
    [[nodiscard]] Select leftJoin(const FromClause &right, const Expression &on) const;
    [[nodiscard]] Select fullJoin(const FromClause &right, const Expression &on) const;
    [[nodiscard]] Select where(const Expression &condition) const; // ANDed with earlier ones
    [[nodiscard]] Select groupBy(const QList<Expression> &expressions) const;
    [[nodiscard]] Select having(const Expression &condition) const;
    [[nodiscard]] Select orderBy(const QList<Expression> &expressions) const;
    [[nodiscard]] Select limit(qint64 count) const;
    [[nodiscard]] Select offset(qint64 count) const;
    [[nodiscard]] Select distinct() const;
    [[nodiscard]] Select withRowLock(RowLock lock = RowLock::ForUpdate) const;
    //! Same as withRowLock(RowLock::ForUpdate).
    [[nodiscard]] Select forUpdate() const { return withRowLock(RowLock::ForUpdate); }

    // Set operations; order, limit and offset set afterwards apply to the whole result.
    [[nodiscard]] Select unionWith(const Select &other) const;
    [[nodiscard]] Select unionAll(const Select &other) const;
    [[nodiscard]] Select intersect(const Select &other) const;
    [[nodiscard]] Select except(const Select &other) const;

    // This select as a named source in another statement's FROM.
    [[nodiscard]] FromClause subquery(const QString &alias) const;
    // This select as a value: (SELECT ...)
    [[nodiscard]] Expression scalarSubquery() const;
    // A common table expression, rendered in a WITH clause of the statement that uses it.
    [[nodiscard]] Cte cte(const QString &name, Recursive recursive = Recursive::No) const;

    //! \cond internal
    explicit Select(StatementNode *node) noexcept;
    //! \endcond
};

[[nodiscard]] QORM_EXPORT Select select(const QList<Expression> &columns);
// SELECT every column of `source` FROM source.
[[nodiscard]] QORM_EXPORT Select select(const FromClause &source);

class QORM_EXPORT Cte : public FromClause
{
public:
    Cte() noexcept;
    // For a recursive CTE: the anchor select UNION [ALL] `recursivePart`, which
    // may refer to this CTE by its columns.
    [[nodiscard]] Cte unionAll(const Select &recursivePart) const;
    [[nodiscard]] Cte unionWith(const Select &recursivePart) const;

    //! \cond internal
    explicit Cte(FromNode *node) noexcept;
    //! \endcond
};

class QORM_EXPORT Insert : public Statement
{
public:
    Insert() noexcept;
    explicit Insert(const Table &table);

    // Values by column name. Several calls to values() with single rows add rows.
    [[nodiscard]] Insert values(const QVariantMap &row) const;
    // Several rows in one statement (INSERT ... VALUES (...), (...)); all rows need the same keys.
    [[nodiscard]] Insert values(const QList<QVariantMap> &rows) const;
    // One column set to an SQL expression (single-row inserts).
    [[nodiscard]] Insert value(const QString &column, const Expression &value) const;
    [[nodiscard]] Insert fromSelect(const QStringList &columns, const Select &select) const;
    [[nodiscard]] Insert returning(const QList<Expression> &columns) const;

    // Upsert. On MySQL/MariaDB the conflict target is implied by the table's keys.
    [[nodiscard]] Insert onConflictDoNothing(const QStringList &conflictColumns = {}) const;
    // Sets each of `updateColumns` to the value the row would have inserted.
    [[nodiscard]] Insert onConflictDoUpdate(const QStringList &conflictColumns,
                                            const QStringList &updateColumns) const;
    // Sets columns to expressions; use Insert::excluded(column) for the proposed value.
    [[nodiscard]] Insert onConflictDoUpdate(const QStringList &conflictColumns,
                                            const QList<std::pair<QString, Expression>> &set) const;
    // The value the conflicting row would have inserted: excluded.x, VALUES(x) on MySQL.
    [[nodiscard]] static Expression excluded(const Column &column);

    [[nodiscard]] Table table() const;

    //! \cond internal
    explicit Insert(StatementNode *node) noexcept;
    //! \endcond
};

class QORM_EXPORT Update : public Statement
{
public:
    Update() noexcept;
    explicit Update(const Table &table);

    [[nodiscard]] Update set(const QString &column, const Expression &value) const;
    [[nodiscard]] Update set(const QVariantMap &values) const;
    [[nodiscard]] Update where(const Expression &condition) const;
    [[nodiscard]] Update returning(const QList<Expression> &columns) const;
    [[nodiscard]] Table table() const;

    //! \cond internal
    explicit Update(StatementNode *node) noexcept;
    //! \endcond
};

class QORM_EXPORT Delete : public Statement
{
public:
    Delete() noexcept;
    explicit Delete(const Table &table);

    [[nodiscard]] Delete where(const Expression &condition) const;
    [[nodiscard]] Delete returning(const QList<Expression> &columns) const;
    [[nodiscard]] Table table() const;

    //! \cond internal
    explicit Delete(StatementNode *node) noexcept;
    //! \endcond
};

[[nodiscard]] QORM_EXPORT Insert insert(const Table &table);
[[nodiscard]] QORM_EXPORT Update update(const Table &table);
[[nodiscard]] QORM_EXPORT Delete deleteFrom(const Table &table);

/*
    Trusted SQL text with named parameters written as :name. Values are bound,
    never inlined. DO NOT BUILD THE TEXT FROM UNTRUSTED INPUT.
*/
class QORM_EXPORT TextSql : public Statement
{
public:
    TextSql() noexcept;
    explicit TextSql(const QString &sql);
    [[nodiscard]] TextSql bind(const QString &name, const QVariant &value) const;
    [[nodiscard]] TextSql bind(const QVariantMap &values) const;
    // Declares the result columns' types so that values come back converted.
    [[nodiscard]] TextSql columns(const QList<std::pair<QString, SqlType>> &columns) const;

    //! \cond internal
    explicit TextSql(StatementNode *node) noexcept;
    //! \endcond
};

} // namespace Qorm
