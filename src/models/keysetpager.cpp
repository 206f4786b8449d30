// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../sql/nodes_p.h"
#include "keysetpager_p.h"
#include "queryfilter_p.h"

#include <Qorm/orm/session.h>

using namespace Qt::StringLiterals;

namespace Qorm {

// KeysetPager (keysetpager_p.h) is private: keep Doxygen out of this file.
//! \cond internal

namespace {

bool isNull(const QVariant &value)
{
    return !value.isValid() || value.isNull();
}

// Whether a FROM source has an outer join (a joined table's column may then be NULL).
bool hasOuterJoin(const FromNode *node)
{
    if (!node || node->kind != FromNode::JoinKind)
        return false;
    const auto *join = static_cast<const JoinNode *>(node);
    return join->type != FromClause::InnerJoin || hasOuterJoin(join->left.data())
            || hasOuterJoin(join->right.data());
}

const SelectNode *selectNodeOf(const EntitySelectBase &select)
{
    return asSelectNode(select.statement().node()); // the select keeps the node alive
}

} // namespace

/*
    Prepares the pages of \a select: its sort key (its order terms, then the primary-key
    columns that are not terms), their NULL placement and the key columns.
*/
KeysetPager::KeysetPager(const EntitySelectBase &select) : m_select(select), m_error()
{
    const QString name = QString::fromUtf8(select.entity()->className());
    if (select.error().isValid()) {
        m_error = select.error();
        return;
    }
    const SelectNode *node = selectNodeOf(select);
    if (select.entities().size() != 1 || !node || node->isCompound()) {
        m_error =
                Error(Error::InvalidRequestError,
                      u"Keyset pages of select<%1>(): a page holds one class per row"_s.arg(name));
        return;
    }
    if (node->offset) {
        m_error = Error(Error::InvalidRequestError,
                        u"Keyset pages of select<%1>(): pages follow the sort key; leave out "
                        u"offset()"_s.arg(name));
        return;
    }
    const Mapper mapper = select.mapper();
    const QList<ColumnProperty> columns = mapper.columnProperties();
    m_entityColumnCount = columns.size();
    const QString table = mapper.table().fullName();
    bool outerJoins = false;
    for (const FromClause &from : node->froms)
        outerJoins = outerJoins || hasOuterJoin(from.node());
    // The class's column an expression is, else -1.
    const auto entityColumnOf = [&](const Expression &expression) -> qsizetype {
        const ExpressionNode *e = expression.node();
        if (!e || e->kind != ExpressionNode::ColumnKind)
            return -1;
        const auto *column = static_cast<const ColumnNode *>(e);
        if (!column->from || column->from->kind != FromNode::TableKind
            || static_cast<const TableNode *>(column->from.data())->fullName() != table)
            return -1;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (columns.at(i).columnName() == column->name)
                return i;
        }
        return -1;
    };

    for (const Expression &orderTerm : select.orderTerms()) {
        Term term;
        term.expression = orderTerm;
        bool explicitNulls = false;
        if (const ExpressionNode *e = orderTerm.node(); e && e->kind == ExpressionNode::OrderKind) {
            const auto *order = static_cast<const OrderNode *>(e);
            term.expression = order->operand;
            term.descending = order->direction == OrderNode::Descending;
            explicitNulls = order->nulls != OrderNode::NullsDefault;
            term.nullsFirst = order->nulls == OrderNode::NullsFirst;
        }
        term.entityColumn = entityColumnOf(term.expression);
        if (term.entityColumn >= 0) {
            term.nullable = columns.at(term.entityColumn).isNullable();
        } else if (const ExpressionNode *e = term.expression.node();
                   e && e->kind == ExpressionNode::ColumnKind) {
            // A joined table's column: NULL where an outer join found nothing.
            const auto *column = static_cast<const ColumnNode *>(e);
            const bool notNull = column->column
                    && column->column->options.nullable.value_or(
                               !column->column->options.primaryKey)
                            == false;
            term.nullable = outerJoins || !notNull;
        }
        if (!explicitNulls)
            term.nullsFirst = term.descending; // ascending: NULLs last, descending: first
        m_terms.append(term);
    }
    const QList<ColumnProperty> primaryKey = mapper.primaryKey();
    for (const ColumnProperty &key : primaryKey) {
        qsizetype index = -1;
        for (qsizetype i = 0; i < columns.size() && index < 0; ++i)
            index = columns.at(i).columnName() == key.columnName() ? i : -1;
        bool isTerm = false;
        for (const Term &term : std::as_const(m_terms))
            isTerm = isTerm || (term.entityColumn >= 0 && term.entityColumn == index);
        if (isTerm)
            continue;
        Term term;
        term.expression = key.column();
        term.nullable = false;
        term.entityColumn = index;
        m_terms.append(term);
    }
    for (qsizetype i = 0; i < m_terms.size(); ++i) {
        Term &term = m_terms[i];
        Expression order =
                term.descending ? term.expression.descending() : term.expression.ascending();
        if (term.nullable)
            order = term.nullsFirst ? order.nullsFirst() : order.nullsLast();
        m_orderTerms.append(order);
        if (term.entityColumn < 0) {
            term.keyColumn = m_keyColumns.size();
            m_keyColumns.append(term.expression.label(u"qorm_k%1"_s.arg(i + 1)));
        }
    }
}

EntitySelectBase KeysetPager::page(const Expression &condition, qint64 limit,
                                   KeyColumns keyColumns) const
{
    EntitySelectEditor editor(m_select);
    if (!isValid()) {
        editor.addWhere(makeError(m_error.text()));
        return editor;
    }
    if (keyColumns == WithKeyColumns && !m_keyColumns.isEmpty())
        editor.addColumns(m_keyColumns);
    if (condition.isValid())
        editor.addWhere(condition);
    editor.setOrderBy(m_orderTerms);
    if (limit >= 0)
        editor.setLimit(limit);
    return editor;
}

/*
    The first \a pageSize rows of the select in sort-key order. A limit the select has is
    replaced: the caller caps the total.
*/
EntitySelectBase KeysetPager::firstPage(qint64 pageSize, KeyColumns keyColumns) const
{
    return page({}, pageSize, keyColumns);
}

/*
    The \a pageSize rows after the row whose sort key is \a afterKey (from sortKey()).
*/
EntitySelectBase KeysetPager::nextPage(const QVariantList &afterKey, qint64 pageSize,
                                       KeyColumns keyColumns) const
{
    return page(condition(afterKey, After), pageSize, keyColumns);
}

/*
    Every row up to and including the one whose sort key is \a lastKey, in sort-key order.
*/
EntitySelectBase KeysetPager::window(const QVariantList &lastKey, KeyColumns keyColumns) const
{
    return page(condition(lastKey, UpTo), -1, keyColumns);
}

/*
    The rows after \a key in sort-key order (\a side After), or up to and including it
    (UpTo): t1 > v1 OR (t1 = v1 AND (t2 > v2 OR ...)), with < on descending terms. A NULL
    compares as the ORDER BY places it: after a value on a NULLS LAST term come the greater
    values and the NULLs; after NULL on such a term only the next term decides; after NULL on
    a NULLS FIRST term come all the values.
*/
Expression KeysetPager::condition(const QVariantList &key, Side side) const
{
    if (key.size() != m_terms.size()) {
        return makeError(u"Keyset pages of select<%1>(): a sort key of %2 values, the sort key "
                         u"has %3 terms"_s.arg(QString::fromUtf8(m_select.entity()->className()))
                                 .arg(key.size())
                                 .arg(m_terms.size()));
    }
    Expression result;
    for (qsizetype i = m_terms.size() - 1; i >= 0; --i) {
        const Term &term = m_terms.at(i);
        const QVariant &value = key.at(i);
        const Expression &t = term.expression;
        // Past the value in the direction asked for: after it, or before it.
        const bool forward = side == After;
        Expression strict;
        Expression equal;
        if (isNull(value)) {
            equal = t.isNull();
            // NULLs first: the values lie after them; NULLs last: before them.
            if (term.nullsFirst == forward)
                strict = t.isNotNull();
        } else {
            const Expression bound(value);
            equal = t == bound;
            strict = (term.descending == forward) ? t < bound : t > bound;
            // NULLs lie after the values when they sort last (looking forward), or when they
            // sort first (looking back).
            if (term.nullable && term.nullsFirst != forward)
                strict = strict || t.isNull();
        }
        if (i == m_terms.size() - 1)
            result = side == UpTo ? anyOf({ strict, equal }) : strict;
        else
            result = anyOf({ strict, allOf({ equal, result }) });
    }
    return result.isValid() ? result : falseValue();
}

/*
    The sort key of \a row, a row of a page WithKeyColumns: the class's columns in mapper
    order, then the key columns.
*/
QVariantList KeysetPager::sortKey(const QVariantList &row) const
{
    QVariantList key;
    key.reserve(m_terms.size());
    for (const Term &term : m_terms) {
        const qsizetype index =
                term.entityColumn >= 0 ? term.entityColumn : m_entityColumnCount + term.keyColumn;
        key.append(row.value(index));
    }
    return key;
}

/*
    The sort key of \a object, loaded by \a session from a page: its plain terms as the
    session last read or wrote them, the others from \a keyValues.
*/
QVariantList KeysetPager::sortKey(const Session &session, const QObject *object,
                                  const QVariantList &keyValues) const
{
    const InstanceState state = session.inspect(object);
    const QList<ColumnProperty> columns = m_select.mapper().columnProperties();
    QVariantList key;
    key.reserve(m_terms.size());
    for (const Term &term : m_terms) {
        if (term.entityColumn < 0) {
            key.append(keyValues.value(term.keyColumn));
            continue;
        }
        const AttributeHistory history =
                state.history(columns.at(term.entityColumn).propertyName());
        if (!history.unchanged.isEmpty())
            key.append(history.unchanged.first());
        else if (!history.deleted.isEmpty())
            key.append(history.deleted.first()); // changed since: the value the row has
        else if (!history.added.isEmpty() && state.isPending())
            key.append(history.added.first());
        else
            key.append(QVariant()); // was NULL
    }
    return key;
}

/*
    SELECT of the key columns of the row of the select whose primary key is \a primaryKey:
    for an object loaded from a page WithoutKeyColumns.
*/
Select KeysetPager::keyColumnsOf(const QVariantList &primaryKey) const
{
    const SelectNode *node = selectNodeOf(m_select);
    if (!isValid() || !node)
        return Select();
    const QList<ColumnProperty> key = m_select.mapper().primaryKey();
    QList<Expression> conditions{ node->where };
    for (qsizetype i = 0; i < key.size(); ++i)
        conditions.append(key.at(i).column() == Expression(primaryKey.value(i)));
    auto *copy = new SelectNode(*node);
    copy->columns = m_keyColumns;
    copy->where = allOf(conditions);
    copy->orderBy.clear();
    copy->limit = 1;
    return Select(copy);
}

//! \endcond
} // namespace Qorm
