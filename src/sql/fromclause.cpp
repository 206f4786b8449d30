// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "sql/nodes_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

// Private helpers (nodes_p.h): keep Doxygen out of them.
//! \cond internal
int TableNode::indexOf(const QString &column) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i)->name == column)
            return i;
    }
    return -1;
}

static QString describe(const FromNode *node)
{
    switch (node->kind) {
    case FromNode::TableKind:
        return u"Table '%1'"_s.arg(static_cast<const TableNode *>(node)->fullName());
    case FromNode::AliasKind:
        return u"Alias '%1'"_s.arg(node->name);
    case FromNode::SubqueryKind:
        return u"Subquery '%1'"_s.arg(node->name);
    case FromNode::CteKind:
        return u"CTE '%1'"_s.arg(node->name);
    case FromNode::JoinKind:
        return u"Join"_s;
    case FromNode::ErrorKind:
        break;
    }
    return u"Source"_s;
}

QStringList fromColumnNames(const FromNode *node)
{
    if (!node)
        return {};
    switch (node->kind) {
    case FromNode::TableKind: {
        QStringList names;
        for (const auto &column : static_cast<const TableNode *>(node)->columns)
            names += column->name;
        return names;
    }
    case FromNode::AliasKind:
        return fromColumnNames(static_cast<const AliasNode *>(node)->target.data());
    case FromNode::SubqueryKind:
        return static_cast<const SelectNode *>(
                       static_cast<const SubqueryNode *>(node)->select.data())
                ->resultNames();
    case FromNode::CteKind:
        return static_cast<const CteNode *>(node)->columnNames;
    case FromNode::JoinKind: {
        const auto *join = static_cast<const JoinNode *>(node);
        return fromColumnNames(join->left.data()) + fromColumnNames(join->right.data());
    }
    case FromNode::ErrorKind:
        break;
    }
    return {};
}

Expression fromColumn(const FromNode *node, const QString &name)
{
    if (!node)
        return makeError(u"Column '%1' of an empty FROM source"_s.arg(name));
    auto makeColumn = [&](const NodePointer<ColumnData> &data, const QString &columnName,
                          const SqlType &type) {
        auto *column = new ColumnNode;
        column->from = NodePointer<FromNode>(const_cast<FromNode *>(node));
        column->column = data;
        column->name = columnName;
        column->type = type;
        return Expression(column);
    };
    switch (node->kind) {
    case FromNode::TableKind: {
        const auto *table = static_cast<const TableNode *>(node);
        const int index = table->indexOf(name);
        if (index < 0)
            break;
        const auto &data = table->columns.at(index);
        return makeColumn(data, data->name, data->type);
    }
    case FromNode::AliasKind: {
        const auto *target = static_cast<const AliasNode *>(node)->target.data();
        if (target && target->kind == FromNode::TableKind) {
            const auto *table = static_cast<const TableNode *>(target);
            const int index = table->indexOf(name);
            if (index < 0)
                break;
            const auto &data = table->columns.at(index);
            return makeColumn(data, data->name, data->type);
        }
        break;
    }
    case FromNode::SubqueryKind: {
        const auto *select = static_cast<const SelectNode *>(
                static_cast<const SubqueryNode *>(node)->select.data());
        const int index = select->resultNames().indexOf(name);
        if (index < 0)
            break;
        return makeColumn({}, name, select->resultTypes().value(index));
    }
    case FromNode::CteKind: {
        const auto *cte = static_cast<const CteNode *>(node);
        const int index = cte->columnNames.indexOf(name);
        if (index < 0)
            break;
        return makeColumn({}, name, cte->columnTypes.value(index));
    }
    case FromNode::JoinKind: {
        const auto *join = static_cast<const JoinNode *>(node);
        const bool inLeft = fromColumnNames(join->left.data()).contains(name);
        const bool inRight = fromColumnNames(join->right.data()).contains(name);
        if (inLeft && inRight)
            return makeError(
                    u"Column '%1' is ambiguous in a join; take it from one of the joined sources"_s
                            .arg(name));
        if (inLeft)
            return fromColumn(join->left.data(), name);
        if (inRight)
            return fromColumn(join->right.data(), name);
        break;
    }
    case FromNode::ErrorKind:
        return makeError(static_cast<const FromErrorNode *>(node)->message);
    }
    return makeError(u"%1 has no column '%2'"_s.arg(describe(node), name));
}

//! \endcond

/*!
    \class Qorm::FromClause
    \brief A source of rows in a FROM clause: table, alias, join, subquery or CTE.
*/

/*!
    \enum FromClause::JoinType
    The kind of join(); rows of a source without a match are kept as NULLs by the outer joins.
*/

/*! Constructs an empty source; isValid() is false. */
FromClause::FromClause() noexcept = default;
//! \cond internal
FromClause::FromClause(FromNode *node) noexcept : d(node) { }
//! \endcond
FromClause::FromClause(const FromClause &other) noexcept = default;
FromClause::FromClause(FromClause &&other) noexcept = default;
FromClause &FromClause::operator=(const FromClause &other) noexcept = default;
FromClause::~FromClause() = default;

/*!
    False for an empty source and for one that could not be built (e.g. aliasing a join);
    a statement that uses an invalid source fails to compile with the reason.
*/
bool FromClause::isValid() const noexcept
{
    return d && d->kind != FromNode::ErrorKind;
}

/*!
    The name SQL refers to this source by: the table's name, the alias or the CTE's name; empty for
    a join.
*/
QString FromClause::name() const
{
    return d ? d->name : QString();
}

/*!
    The column \a name of this source, for use in expressions.
    An unknown or, in a join, ambiguous \a name gives an expression that fails to compile with an
    InvalidRequestError naming the source, so a typo surfaces when the statement is compiled, not
    as a wrong query.
    \sa columnNames()
*/
Expression FromClause::column(const QString &name) const
{
    return fromColumn(d.data(), name);
}

/*!
    The names of the columns this source provides: a table's columns, a subquery's or CTE's result
    columns, or both sides of a join (left first).
*/
QStringList FromClause::columnNames() const
{
    return fromColumnNames(d.data());
}

/*! column() for each of columnNames(), in order: `SELECT *` spelled out. */
QList<Expression> FromClause::columns() const
{
    QList<Expression> result;
    const QStringList names = columnNames();
    for (const QString &name : names)
        result += column(name);
    return result;
}

/*!
    Returns this source under another name, for self-joins:
    \code
    Table manager = employees.alias(u"manager"_s);
    \endcode
*/
FromClause FromClause::alias(const QString &name) const
{
    if (!d)
        return {};
    if (d->kind == FromNode::TableKind) {
        auto *node = new AliasNode;
        node->name = name;
        node->target = d;
        return FromClause(node);
    }
    if (d->kind == FromNode::AliasKind) {
        auto *node = new AliasNode(*static_cast<const AliasNode *>(d.data()));
        node->name = name;
        return FromClause(node);
    }
    if (d->kind == FromNode::SubqueryKind) {
        auto *node = new SubqueryNode(*static_cast<const SubqueryNode *>(d.data()));
        node->name = name;
        return FromClause(node);
    }
    auto *error = new FromErrorNode;
    error->message = u"Only tables and subqueries can be aliased"_s;
    return FromClause(error);
}

/*!
    Returns the join of this source with \a right on the condition \a on.
    Joins nest: `a.join(b, ...).leftJoin(c, ...)` reads FROM a JOIN b ... LEFT JOIN c.
*/
FromClause FromClause::join(const FromClause &right, const Expression &on, JoinType type) const
{
    auto *node = new JoinNode;
    node->left = d;
    node->right = right.d;
    node->on = on;
    node->type = type;
    return FromClause(node);
}

/*! Same as join(\a right, \a on, LeftJoin). */
FromClause FromClause::leftJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, LeftJoin);
}

/*!
    Same as join(\a right, \a on, FullJoin). MySQL and SQLite before 3.39 have no FULL joins: the
    statement then fails to compile with an UnsupportedFeatureError.
*/
FromClause FromClause::fullJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FullJoin);
}

} // namespace Qorm
