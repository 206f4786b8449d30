// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/sql/expression.h>

#include <QtCore/QStringList>

namespace Qorm {

class FromNode;

/*
    Something a SELECT reads from: a table, an alias, a join, a subquery or a
    common table expression. Columns are reached by name; an unknown name gives
    an expression that fails to compile with a message naming the source.
*/
class QORM_EXPORT FromClause
{
public:
    enum JoinType {
        InnerJoin, ///< only rows with a match on both sides
        LeftJoin,  ///< every row of the left source, NULLs where the right has no match
        FullJoin,  ///< every row of both sides (not on MySQL, SQLite before 3.39)
    };

    FromClause() noexcept;
    //! @{
    //! FromClause is implicitly shared and immutable: copies are cheap and denote the same source.
    FromClause(const FromClause &other) noexcept;
    //! Swaps this source with \a other; never fails.
    void swap(FromClause &other) noexcept { d.swap(other.d); }
    FromClause(FromClause &&other) noexcept;
    FromClause &operator=(const FromClause &other) noexcept;
    FromClause &operator=(FromClause &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~FromClause();

    [[nodiscard]] bool isValid() const noexcept;
    // The name the source is referred to by in SQL: table name or alias.
    [[nodiscard]] QString name() const;
    [[nodiscard]] Expression column(const QString &name) const;
    //! Same as column(\a name), for `users["name"]`.
    [[nodiscard]] Expression operator[](const QString &name) const { return column(name); }
    [[nodiscard]] QStringList columnNames() const;
    [[nodiscard]] QList<Expression> columns() const;

    [[nodiscard]] FromClause alias(const QString &name) const;
    [[nodiscard]] FromClause join(const FromClause &right, const Expression &on,
                                  JoinType type = InnerJoin) const;
    [[nodiscard]] FromClause leftJoin(const FromClause &right, const Expression &on) const;
    [[nodiscard]] FromClause fullJoin(const FromClause &right, const Expression &on) const;

    // Internal
    //! \cond internal
    [[nodiscard]] const FromNode *node() const noexcept { return d.data(); }
    explicit FromClause(FromNode *node) noexcept;
    //! \endcond

    // Identity: two FromClause values are the same source when they share a node.
    //! True when \a other is this very source (a copy of it), not just an equal-looking one.
    [[nodiscard]] bool isSameAs(const FromClause &other) const noexcept { return d == other.d; }

protected:
    //! \cond internal
    QExplicitlySharedDataPointer<FromNode> d;
    //! \endcond
};

} // namespace Qorm

Q_DECLARE_SHARED(Qorm::FromClause)
