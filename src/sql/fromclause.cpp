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

FromClause::FromClause() noexcept = default;
FromClause::FromClause(FromNode *node) noexcept : d(node) { }
FromClause::FromClause(const FromClause &other) noexcept = default;
FromClause::FromClause(FromClause &&other) noexcept = default;
FromClause &FromClause::operator=(const FromClause &other) noexcept = default;
FromClause::~FromClause() = default;

bool FromClause::isValid() const noexcept
{
    return d && d->kind != FromNode::ErrorKind;
}

QString FromClause::name() const
{
    return d ? d->name : QString();
}

Expression FromClause::column(const QString &name) const
{
    return fromColumn(d.data(), name);
}

QStringList FromClause::columnNames() const
{
    return fromColumnNames(d.data());
}

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

FromClause FromClause::join(const FromClause &right, const Expression &on, JoinType type) const
{
    auto *node = new JoinNode;
    node->left = d;
    node->right = right.d;
    node->on = on;
    node->type = type;
    return FromClause(node);
}

FromClause FromClause::leftJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, LeftJoin);
}

FromClause FromClause::fullJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FullJoin);
}

} // namespace Qorm
