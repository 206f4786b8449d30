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
        InnerJoin,
        LeftJoin,
        FullJoin,
    };

    FromClause() noexcept;
    FromClause(const FromClause &other) noexcept;
    void swap(FromClause &other) noexcept { d.swap(other.d); }
    FromClause(FromClause &&other) noexcept;
    FromClause &operator=(const FromClause &other) noexcept;
    FromClause &operator=(FromClause &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    ~FromClause();

    [[nodiscard]] bool isValid() const noexcept;
    // The name the source is referred to by in SQL: table name or alias.
    [[nodiscard]] QString name() const;
    [[nodiscard]] Expression column(const QString &name) const;
    [[nodiscard]] Expression operator[](const QString &name) const { return column(name); }
    [[nodiscard]] QStringList columnNames() const;
    [[nodiscard]] QList<Expression> columns() const;

    [[nodiscard]] FromClause alias(const QString &name) const;
    [[nodiscard]] FromClause join(const FromClause &right, const Expression &on,
                                  JoinType type = InnerJoin) const;
    [[nodiscard]] FromClause leftJoin(const FromClause &right, const Expression &on) const;
    [[nodiscard]] FromClause fullJoin(const FromClause &right, const Expression &on) const;

    // Internal
    [[nodiscard]] const FromNode *node() const noexcept { return d.data(); }
    explicit FromClause(FromNode *node) noexcept;

    // Identity: two FromClause values are the same source when they share a node.
    [[nodiscard]] bool isSameAs(const FromClause &other) const noexcept { return d == other.d; }

protected:
    QExplicitlySharedDataPointer<FromNode> d;
};

} // namespace Qorm

Q_DECLARE_SHARED(Qorm::FromClause)
