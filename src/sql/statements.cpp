// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "sql/nodes_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

// Private helpers (nodes_p.h): keep Doxygen out of them.
//! \cond internal
static QString expressionName(const Expression &expression)
{
    const ExpressionNode *node = expression.node();
    if (!node)
        return {};
    if (node->kind == ExpressionNode::LabelKind)
        return static_cast<const LabelNode *>(node)->name;
    if (node->kind == ExpressionNode::ColumnKind)
        return static_cast<const ColumnNode *>(node)->name;
    return {};
}

QStringList SelectNode::resultNames() const
{
    if (isCompound())
        return static_cast<const SelectNode *>(parts.first().data())->resultNames();
    QStringList names;
    for (const Expression &column : columns)
        names += expressionName(column);
    return names;
}

QList<SqlType> SelectNode::resultTypes() const
{
    if (isCompound())
        return static_cast<const SelectNode *>(parts.first().data())->resultTypes();
    QList<SqlType> types;
    for (const Expression &column : columns)
        types += column.type();
    return types;
}

//! \endcond

/*!
    \class Qorm::Statement
    \brief The base of Select, Insert, Update, Delete and TextSql.
*/
Statement::Statement() noexcept = default;
Statement::Statement(StatementNode *node) noexcept : d(node) { }
Statement::Statement(const Statement &other) noexcept = default;
Statement::Statement(Statement &&other) noexcept = default;
Statement &Statement::operator=(const Statement &other) noexcept = default;
Statement::~Statement() = default;

Statement::Kind Statement::kind() const noexcept
{
    return d ? d->kind : InvalidStatement;
}

// ------------------------------------------------------------------ Select

namespace {
template<typename NodeType>
NodeType *copyNode(const QExplicitlySharedDataPointer<StatementNode> &d)
{
    return d ? new NodeType(*static_cast<const NodeType *>(d.data())) : new NodeType;
}

} // namespace

/*
    The node of a Select used inside another statement. An empty Select() has none: it
    becomes a select that fails to compile, rather than a crash or a different statement.
*/
NodePointer<StatementNode> selectNodeOf(const Select &select)
{
    if (select.node())
        return NodePointer<StatementNode>(const_cast<StatementNode *>(select.node()));
    auto *node = new SelectNode;
    node->error = u"An empty Select() is used inside another statement"_s;
    return NodePointer<StatementNode>(node);
}

namespace {
SelectNode *editableSelect(const QExplicitlySharedDataPointer<StatementNode> &d)
{
    return copyNode<SelectNode>(d);
}

// Clauses that belong to one SELECT, not to a UNION/INTERSECT/EXCEPT as a whole: on a compound
// they would be lost, so they make the statement fail to compile instead.
SelectNode *editableSimpleSelect(const QExplicitlySharedDataPointer<StatementNode> &d,
                                 const char *builder)
{
    SelectNode *node = copyNode<SelectNode>(d);
    if (node->isCompound() && node->error.isEmpty())
        node->error = u"%1 on a UNION/INTERSECT/EXCEPT: apply it to the parts, or select from the "
                      u"compound as a subquery"_s.arg(QLatin1StringView(builder));
    return node;
}
} // namespace

/*!
    \class Qorm::Select
    \brief A SELECT statement, built generatively.

    \code
    Qorm::Select query = Qorm::select({users["name"],
   Qorm::Function::count(addresses["id"]).label(u"n"_s)}) .join(addresses, addresses["user_id"] ==
   users["id"]) .groupBy({users["name"]}) .orderBy({users["name"].ascending()}); \endcode

    The FROM clause is taken from the columns and the WHERE condition unless
    from() names sources; joins attach to the leftmost source.
*/
Select::Select() noexcept = default;
Select::Select(StatementNode *node) noexcept : Statement(node) { }

Select::Select(const QList<Expression> &columns)
{
    auto *node = new SelectNode;
    node->columns = columns;
    d = node;
}

Select select(const QList<Expression> &columns)
{
    return Select(columns);
}

Select select(const FromClause &source)
{
    auto *node = new SelectNode;
    node->columns = source.columns();
    node->froms = { source };
    return Select(node);
}

Select Select::columns(const QList<Expression> &columns) const
{
    SelectNode *node = editableSimpleSelect(d, "columns()");
    node->columns = columns;
    return Select(node);
}

Select Select::addColumns(const QList<Expression> &columns) const
{
    SelectNode *node = editableSimpleSelect(d, "addColumns()");
    node->columns += columns;
    return Select(node);
}

Select Select::from(const FromClause &source) const
{
    SelectNode *node = editableSimpleSelect(d, "from()");
    node->froms += source;
    return Select(node);
}

Select Select::join(const FromClause &right, const Expression &on, FromClause::JoinType type) const
{
    SelectNode *node = editableSimpleSelect(d, "join()");
    if (node->froms.isEmpty()) {
        for (const Expression &column : std::as_const(node->columns)) {
            const ExpressionNode *expressionNode = column.node();
            if (expressionNode && expressionNode->kind == ExpressionNode::LabelKind)
                expressionNode = static_cast<const LabelNode *>(expressionNode)->operand.node();
            if (expressionNode && expressionNode->kind == ExpressionNode::ColumnKind
                && static_cast<const ColumnNode *>(expressionNode)->from) {
                node->froms +=
                        FromClause(static_cast<const ColumnNode *>(expressionNode)->from.data());
                break;
            }
        }
    }
    if (node->froms.isEmpty()) {
        node->error = u"join() needs a source to join from: call from() first"_s;
        return Select(node);
    }
    node->froms.last() = node->froms.last().join(right, on, type);
    return Select(node);
}

Select Select::leftJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FromClause::LeftJoin);
}

Select Select::fullJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FromClause::FullJoin);
}

Select Select::where(const Expression &condition) const
{
    SelectNode *node = editableSimpleSelect(d, "where()");
    node->where = allOf({ node->where, condition });
    return Select(node);
}

Select Select::groupBy(const QList<Expression> &expressions) const
{
    SelectNode *node = editableSimpleSelect(d, "groupBy()");
    node->groupBy += expressions;
    return Select(node);
}

Select Select::having(const Expression &condition) const
{
    SelectNode *node = editableSimpleSelect(d, "having()");
    node->having = allOf({ node->having, condition });
    return Select(node);
}

Select Select::orderBy(const QList<Expression> &expressions) const
{
    SelectNode *node = editableSelect(d);
    node->orderBy += expressions;
    return Select(node);
}

Select Select::limit(qint64 count) const
{
    SelectNode *node = editableSelect(d);
    node->limit = count;
    return Select(node);
}

Select Select::offset(qint64 count) const
{
    SelectNode *node = editableSelect(d);
    node->offset = count;
    return Select(node);
}

Select Select::distinct() const
{
    SelectNode *node = editableSimpleSelect(d, "distinct()");
    node->distinct = true;
    return Select(node);
}

Select Select::withRowLock(RowLock lock) const
{
    SelectNode *node = editableSelect(d);
    node->rowLock = lock;
    return Select(node);
}

static Select compound(const Select &left, const Select &right, SelectNode::CompoundOperator op)
{
    auto *node = new SelectNode;
    const auto *leftNode = static_cast<const SelectNode *>(left.node());
    // a UNION b UNION c: extend the existing compound when nothing applies to it as a whole yet
    // (an error, a row lock, ordering or paging would otherwise be lost).
    if (leftNode && leftNode->isCompound() && leftNode->error.isEmpty()
        && leftNode->orderBy.isEmpty() && !leftNode->limit && !leftNode->offset
        && leftNode->rowLock == RowLock::None) {
        node->parts = leftNode->parts;
        node->operators = leftNode->operators;
    } else {
        node->parts = { selectNodeOf(left) };
    }
    node->parts += selectNodeOf(right);
    node->operators += op;
    return Select(node);
}

Select Select::unionWith(const Select &other) const
{
    return compound(*this, other, SelectNode::Union);
}

Select Select::unionAll(const Select &other) const
{
    return compound(*this, other, SelectNode::UnionAll);
}

Select Select::intersect(const Select &other) const
{
    return compound(*this, other, SelectNode::Intersect);
}

Select Select::except(const Select &other) const
{
    return compound(*this, other, SelectNode::Except);
}

FromClause Select::subquery(const QString &alias) const
{
    auto *node = new SubqueryNode;
    node->name = alias;
    node->select = d ? d : NodePointer<StatementNode>(new SelectNode);
    return FromClause(node);
}

Expression Select::scalarSubquery() const
{
    auto *node = new SelectExpressionNode;
    node->form = SelectExpressionNode::Scalar;
    node->select = d ? d : NodePointer<StatementNode>(new SelectNode);
    node->type = static_cast<const SelectNode *>(node->select.data())->resultTypes().value(0);
    return Expression(node);
}

Cte Select::cte(const QString &name, Recursive recursive) const
{
    auto *node = new CteNode;
    node->name = name;
    node->select = d ? d : NodePointer<StatementNode>(new SelectNode);
    const auto *select = static_cast<const SelectNode *>(node->select.data());
    node->columnNames = select->resultNames();
    node->columnTypes = select->resultTypes();
    node->recursive = recursive == Recursive::Yes;
    return Cte(node);
}

// ------------------------------------------------------------------ Cte

/*!
    \class Qorm::Cte
    \brief A common table expression, rendered in the WITH clause of the statement using it.

    A recursive CTE starts from its anchor select and adds the recursive part,
    which refers to the CTE's own columns:

    \code
    Qorm::Cte chain = Qorm::select({employees["id"], employees["reports_to"]})
                          .where(employees["id"] == 7)
                          .cte(u"chain"_s, Qorm::Recursive::Yes);
    chain = chain.unionAll(Qorm::select({employees["id"], employees["reports_to"]})
                               .join(chain, employees["id"] == chain["reports_to"]));
    \endcode
*/
Cte::Cte() noexcept = default;
Cte::Cte(FromNode *node) noexcept : FromClause(node) { }

static Cte extendCte(const Cte &cte, const Select &recursivePart, SelectNode::CompoundOperator op)
{
    const auto *current = static_cast<const CteNode *>(cte.node());
    if (!current)
        return cte;
    auto *node = new CteNode(*current);
    node->restates = NodePointer<FromNode>(const_cast<FromNode *>(cte.node()));
    node->recursive = true;
    node->select = NodePointer<StatementNode>(const_cast<StatementNode *>(
            compound(Select(current->select.data()), recursivePart, op).node()));
    return Cte(node);
}

Cte Cte::unionAll(const Select &recursivePart) const
{
    return extendCte(*this, recursivePart, SelectNode::UnionAll);
}

Cte Cte::unionWith(const Select &recursivePart) const
{
    return extendCte(*this, recursivePart, SelectNode::Union);
}

// ------------------------------------------------------------------ Insert

/*!
    \class Qorm::Insert
    \brief An INSERT statement: one row, many rows, from a select, with RETURNING and upsert.

    \code
    Qorm::Insert statement = Qorm::insert(users)
                                 .values({{u"name"_s, u"Ada"_s}, {u"email"_s,
   u"ada@example.org"_s}}) .returning({users["id"]}); \endcode
*/
Insert::Insert() noexcept = default;
Insert::Insert(StatementNode *node) noexcept : Statement(node) { }

Insert::Insert(const Table &table)
{
    auto *node = new InsertNode;
    node->table = table;
    d = node;
}

Insert insert(const Table &table)
{
    return Insert(table);
}

Insert Insert::values(const QVariantMap &row) const
{
    auto *node = copyNode<InsertNode>(d);
    node->rows += row;
    return Insert(node);
}

Insert Insert::values(const QList<QVariantMap> &rows) const
{
    auto *node = copyNode<InsertNode>(d);
    node->rows += rows;
    return Insert(node);
}

Insert Insert::value(const QString &column, const Expression &value) const
{
    auto *node = copyNode<InsertNode>(d);
    node->expressionValues.append({ column, value });
    return Insert(node);
}

Insert Insert::fromSelect(const QStringList &columns, const Select &select) const
{
    auto *node = copyNode<InsertNode>(d);
    node->selectColumns = columns;
    node->select = selectNodeOf(select);
    return Insert(node);
}

Insert Insert::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<InsertNode>(d);
    node->returning += columns;
    return Insert(node);
}

Insert Insert::onConflictDoNothing(const QStringList &conflictColumns) const
{
    auto *node = copyNode<InsertNode>(d);
    node->conflict = InsertNode::DoNothing;
    node->conflictColumns = conflictColumns;
    node->conflictSet.clear();
    return Insert(node);
}

Insert Insert::onConflictDoUpdate(const QStringList &conflictColumns,
                                  const QStringList &updateColumns) const
{
    QList<std::pair<QString, Expression>> set;
    const Table t = table();
    for (const QString &column : updateColumns)
        set.append({ column,
                     t.hasColumn(column) ? excluded(t.column(column))
                                         : makeError(u"Table '%1' has no column '%2'"_s.arg(
                                                 t.fullName(), column)) });
    return onConflictDoUpdate(conflictColumns, set);
}

Insert Insert::onConflictDoUpdate(const QStringList &conflictColumns,
                                  const QList<std::pair<QString, Expression>> &set) const
{
    auto *node = copyNode<InsertNode>(d);
    node->conflict = InsertNode::DoUpdate;
    node->conflictColumns = conflictColumns;
    node->conflictSet = set;
    return Insert(node);
}

Expression Insert::excluded(const Column &column)
{
    auto *node = new ExcludedNode;
    node->column = column.name();
    node->type = column.type();
    return Expression(node);
}

Table Insert::table() const
{
    return d ? static_cast<const InsertNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ Update

/*!
    \class Qorm::Update
    \brief An UPDATE statement. Columns with an onUpdate default not set explicitly get it.
*/
Update::Update() noexcept = default;
Update::Update(StatementNode *node) noexcept : Statement(node) { }

Update::Update(const Table &table)
{
    auto *node = new UpdateNode;
    node->table = table;
    d = node;
}

Update update(const Table &table)
{
    return Update(table);
}

Update Update::set(const QString &column, const Expression &value) const
{
    auto *node = copyNode<UpdateNode>(d);
    node->set.append({ column, value });
    return Update(node);
}

Update Update::set(const QVariantMap &values) const
{
    auto *node = copyNode<UpdateNode>(d);
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        node->set.append({ it.key(), Expression(it.value()) });
    return Update(node);
}

Update Update::where(const Expression &condition) const
{
    auto *node = copyNode<UpdateNode>(d);
    node->where = allOf({ node->where, condition });
    return Update(node);
}

Update Update::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<UpdateNode>(d);
    node->returning += columns;
    return Update(node);
}

Table Update::table() const
{
    return d ? static_cast<const UpdateNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ Delete

/*!
    \class Qorm::Delete
    \brief A DELETE statement.
*/
Delete::Delete() noexcept = default;
Delete::Delete(StatementNode *node) noexcept : Statement(node) { }

Delete::Delete(const Table &table)
{
    auto *node = new DeleteNode;
    node->table = table;
    d = node;
}

Delete deleteFrom(const Table &table)
{
    return Delete(table);
}

Delete Delete::where(const Expression &condition) const
{
    auto *node = copyNode<DeleteNode>(d);
    node->where = allOf({ node->where, condition });
    return Delete(node);
}

Delete Delete::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<DeleteNode>(d);
    node->returning += columns;
    return Delete(node);
}

Table Delete::table() const
{
    return d ? static_cast<const DeleteNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ TextSql

/*!
    \class Qorm::TextSql
    \brief Trusted SQL text with named parameters (\c :name) whose values are bound.
*/
TextSql::TextSql() noexcept = default;
TextSql::TextSql(StatementNode *node) noexcept : Statement(node) { }

TextSql::TextSql(const QString &sql)
{
    auto *node = new TextStatementNode;
    node->sql = sql;
    d = node;
}

TextSql TextSql::bind(const QString &name, const QVariant &value) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->values.insert(name, value);
    return TextSql(node);
}

TextSql TextSql::bind(const QVariantMap &values) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->values.insert(values);
    return TextSql(node);
}

TextSql TextSql::columns(const QList<std::pair<QString, SqlType>> &columns) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->columns = columns;
    return TextSql(node);
}

} // namespace Qorm
