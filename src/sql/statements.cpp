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

/*!
    \enum Statement::Kind
    Which statement a Statement or CompiledStatement is, so that the engine can tell what to
    expect (rows, an affected-row count) without inspecting the SQL.
*/

/*! Constructs an invalid statement (InvalidStatement). */
Statement::Statement() noexcept = default;
//! \cond internal
Statement::Statement(StatementNode *node) noexcept : d(node) { }
//! \endcond
Statement::Statement(const Statement &other) noexcept = default;
Statement::Statement(Statement &&other) noexcept = default;
Statement &Statement::operator=(const Statement &other) noexcept = default;
Statement::~Statement() = default;

/*! Which statement this is; InvalidStatement for a default-constructed one. */
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

//! \cond internal
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
//! \endcond

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
    const Qorm::Expression count = Qorm::Function::count(addresses["id"]).label(u"n"_s);
    Qorm::Select query = Qorm::select({users["name"], count})
                                 .join(addresses, addresses["user_id"] == users["id"])
                                 .groupBy({users["name"]})
                                 .orderBy({users["name"].ascending()});
    \endcode

    The FROM clause is taken from the columns and the WHERE condition unless
    from() names sources; join() attaches to the last source.
*/

/*! Constructs an empty select; it fails to compile until it has columns. */
Select::Select() noexcept = default;
//! \cond internal
Select::Select(StatementNode *node) noexcept : Statement(node) { }
//! \endcond

/*!
    A SELECT of \a columns. The FROM clause is inferred from the tables they (and the WHERE
    condition) use, unless from() names the sources.
*/
Select::Select(const QList<Expression> &columns)
{
    auto *node = new SelectNode;
    node->columns = columns;
    d = node;
}

/*!
    \relatesalso Qorm::Select
    Same as Select(\a columns): the usual way to start a query.
*/
Select select(const QList<Expression> &columns)
{
    return Select(columns);
}

/*!
    \relatesalso Qorm::Select
    `SELECT` every column of \a source `FROM` \a source, with the columns spelled out (not `*`),
    so that results have known names and types.
*/
Select select(const FromClause &source)
{
    auto *node = new SelectNode;
    node->columns = source.columns();
    node->froms = { source };
    return Select(node);
}

/*! Returns a copy that selects \a columns instead of the current ones. */
Select Select::columns(const QList<Expression> &columns) const
{
    SelectNode *node = editableSimpleSelect(d, "columns()");
    node->columns = columns;
    return Select(node);
}

/*! Returns a copy that also selects \a columns, after the current ones. */
Select Select::addColumns(const QList<Expression> &columns) const
{
    SelectNode *node = editableSimpleSelect(d, "addColumns()");
    node->columns += columns;
    return Select(node);
}

/*!
    Returns a copy that reads from \a source too. Once from() is used, the FROM clause is the
    sources given (plus what join() attaches), instead of being inferred from the columns.
*/
Select Select::from(const FromClause &source) const
{
    SelectNode *node = editableSimpleSelect(d, "from()");
    node->froms += source;
    return Select(node);
}

/*!
    Returns a copy that joins \a right on \a on to the last FROM source: the last from(), or when
    there is none the table of the first selected column. Without either the statement fails to
    compile with an InvalidRequestError.
*/
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

/*! Same as join(\a right, \a on, FromClause::LeftJoin). */
Select Select::leftJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FromClause::LeftJoin);
}

/*! Same as join(\a right, \a on, FromClause::FullJoin); not on MySQL or SQLite before 3.39. */
Select Select::fullJoin(const FromClause &right, const Expression &on) const
{
    return join(right, on, FromClause::FullJoin);
}

/*!
    Returns a copy with \a condition ANDed to the earlier ones, so filters can be added step by
    step; an invalid \a condition adds nothing.
*/
Select Select::where(const Expression &condition) const
{
    SelectNode *node = editableSimpleSelect(d, "where()");
    node->where = allOf({ node->where, condition });
    return Select(node);
}

/*! Returns a copy grouped by \a expressions too (after the earlier ones). */
Select Select::groupBy(const QList<Expression> &expressions) const
{
    SelectNode *node = editableSimpleSelect(d, "groupBy()");
    node->groupBy += expressions;
    return Select(node);
}

/*! Returns a copy with \a condition ANDed to the HAVING clause, which filters groups. */
Select Select::having(const Expression &condition) const
{
    SelectNode *node = editableSimpleSelect(d, "having()");
    node->having = allOf({ node->having, condition });
    return Select(node);
}

/*!
    Returns a copy also ordered by \a expressions (after the earlier ones). Use
    Expression::descending(), Expression::nullsFirst() and so on for the direction.
    On a set operation (unionWith() ...) it orders the whole result.
*/
Select Select::orderBy(const QList<Expression> &expressions) const
{
    SelectNode *node = editableSelect(d);
    node->orderBy += expressions;
    return Select(node);
}

/*!
    Returns a copy that returns at most \a count rows; bound, not inlined. Applies to the whole
    result of a set operation. A negative count makes the statement fail to compile.
*/
Select Select::limit(qint64 count) const
{
    SelectNode *node = editableSelect(d);
    // SQLite reads a negative limit as none, PostgreSQL refuses it, MariaDB fails to parse it.
    if (count < 0 && node->error.isEmpty())
        node->error = u"limit(%1): a row count cannot be negative"_s.arg(count);
    node->limit = count;
    return Select(node);
}

/*!
    Returns a copy that skips the first \a count rows; bound, not inlined. Works without limit()
    on every dialect. A negative count makes the statement fail to compile.
*/
Select Select::offset(qint64 count) const
{
    SelectNode *node = editableSelect(d);
    if (count < 0 && node->error.isEmpty())
        node->error = u"offset(%1): a row count cannot be negative"_s.arg(count);
    node->offset = count;
    return Select(node);
}

/*! Returns a copy that is `SELECT DISTINCT`: duplicate rows are removed. */
Select Select::distinct() const
{
    SelectNode *node = editableSimpleSelect(d, "distinct()");
    node->distinct = true;
    return Select(node);
}

/*!
    Returns a copy that locks the rows it reads with \a lock until the transaction ends, for
    read-modify-write cycles. SQLite has no row locks: the statement then fails to compile with
    an UnsupportedFeatureError (SQLite locks the whole database on write instead).
    \sa Dialect::supportsRowLocks()
*/
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

/*!
    `UNION` with \a other: the rows of both without duplicates.
    Chains (`a.unionWith(b).unionWith(c)`) make one compound. orderBy(), limit() and offset()
    then apply to the whole result; clauses of a single SELECT (where(), join(), columns() ...)
    make the statement fail to compile: apply them to the parts, or select from subquery().
*/
Select Select::unionWith(const Select &other) const
{
    return compound(*this, other, SelectNode::Union);
}

/*! `UNION ALL` with \a other: the rows of both, duplicates kept. See unionWith(). */
Select Select::unionAll(const Select &other) const
{
    return compound(*this, other, SelectNode::UnionAll);
}

/*! `INTERSECT` with \a other: the rows in both. See unionWith(). */
Select Select::intersect(const Select &other) const
{
    return compound(*this, other, SelectNode::Intersect);
}

/*! `EXCEPT` \a other: the rows of this select that are not in \a other. See unionWith(). */
Select Select::except(const Select &other) const
{
    return compound(*this, other, SelectNode::Except);
}

/*!
    This select as a source named \a alias in another statement's FROM; its columns are reached
    by their names (labels) through FromClause::column().
*/
FromClause Select::subquery(const QString &alias) const
{
    auto *node = new SubqueryNode;
    node->name = alias;
    node->select = d ? d : NodePointer<StatementNode>(new SelectNode);
    return FromClause(node);
}

/*!
    This select as a value, `(SELECT ...)`, typed like its first column. It must return one column
    and at most one row.
*/
Expression Select::scalarSubquery() const
{
    auto *node = new SelectExpressionNode;
    node->form = SelectExpressionNode::Scalar;
    node->select = d ? d : NodePointer<StatementNode>(new SelectNode);
    node->type = static_cast<const SelectNode *>(node->select.data())->resultTypes().value(0);
    return Expression(node);
}

/*!
    This select as a common table expression called \a name, rendered in the WITH clause of the
    statement that uses it. For a recursive one (\a recursive is Recursive::Yes), this select is
    the anchor: add the recursive part with Cte::unionAll().
*/
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

/*! Constructs an empty CTE; use Select::cte() to make one. */
Cte::Cte() noexcept = default;
//! \cond internal
Cte::Cte(FromNode *node) noexcept : FromClause(node) { }
//! \endcond

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

/*!
    Returns the recursive CTE: this anchor `UNION ALL` \a recursivePart, which may join this CTE to
    refer to the rows found so far.
*/
Cte Cte::unionAll(const Select &recursivePart) const
{
    return extendCte(*this, recursivePart, SelectNode::UnionAll);
}

/*!
    Like unionAll(), with `UNION`: rows already found are not added again, which also ends cycles.
*/
Cte Cte::unionWith(const Select &recursivePart) const
{
    return extendCte(*this, recursivePart, SelectNode::Union);
}

// ------------------------------------------------------------------ Insert

/*!
    \class Qorm::Insert
    \brief An INSERT statement: one row, many rows, from a select, with RETURNING and upsert.

    \code
    const QVariantMap row{{u"name"_s, u"Ada"_s}, {u"email"_s, u"ada@example.org"_s}};
    Qorm::Insert statement = Qorm::insert(users).values(row).returning({users["id"]});
    \endcode
*/

/*! Constructs an invalid insert without a table. */
Insert::Insert() noexcept = default;
//! \cond internal
Insert::Insert(StatementNode *node) noexcept : Statement(node) { }
//! \endcond

/*! An INSERT into \a table; give the values with values(), value() or fromSelect(). */
Insert::Insert(const Table &table)
{
    auto *node = new InsertNode;
    node->table = table;
    d = node;
}

/*!
    \relatesalso Qorm::Insert
    Same as Insert(\a table).
*/
Insert insert(const Table &table)
{
    return Insert(table);
}

/*!
    Returns a copy that inserts \a row too, keyed by column name; each call adds a row. Values are
    bound and converted as their columns' types say; a QVariant holding an Expression is used as
    SQL. Columns left out get their defaults.
*/
Insert Insert::values(const QVariantMap &row) const
{
    auto *node = copyNode<InsertNode>(d);
    node->rows += row;
    return Insert(node);
}

/*!
    Returns a copy that inserts \a rows too, in one `INSERT ... VALUES (...), (...)`. All rows need
    the same keys; otherwise the statement fails to compile.
*/
Insert Insert::values(const QList<QVariantMap> &rows) const
{
    auto *node = copyNode<InsertNode>(d);
    node->rows += rows;
    return Insert(node);
}

/*! Returns a copy that sets \a column to the SQL expression \a value, for single-row inserts. */
Insert Insert::value(const QString &column, const Expression &value) const
{
    auto *node = copyNode<InsertNode>(d);
    node->expressionValues.append({ column, value });
    return Insert(node);
}

/*!
    Returns a copy that inserts the rows of \a select into \a columns:
    `INSERT INTO t (columns) SELECT ...`.
*/
Insert Insert::fromSelect(const QStringList &columns, const Select &select) const
{
    auto *node = copyNode<InsertNode>(d);
    node->selectColumns = columns;
    node->select = selectNodeOf(select);
    return Insert(node);
}

/*!
    Returns a copy whose execution returns \a columns of the inserted rows (generated keys,
    server defaults). Needs PostgreSQL, SQLite 3.35 or MariaDB 10.5; elsewhere the statement fails
    to compile with an UnsupportedFeatureError.
    \sa Dialect::supportsReturning()
*/
Insert Insert::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<InsertNode>(d);
    node->returning += columns;
    return Insert(node);
}

/*!
    Returns a copy that skips rows that would violate a unique constraint, on \a conflictColumns
    (any unique constraint when empty). On MySQL/MariaDB the conflict target is always any unique
    key (`ON DUPLICATE KEY UPDATE` with a no-op assignment).
*/
Insert Insert::onConflictDoNothing(const QStringList &conflictColumns) const
{
    auto *node = copyNode<InsertNode>(d);
    node->conflict = InsertNode::DoNothing;
    node->conflictColumns = conflictColumns;
    node->conflictSet.clear();
    return Insert(node);
}

/*!
    Returns a copy that, when a row conflicts on \a conflictColumns, sets the existing row's
    \a updateColumns to the values the new row would have inserted: an upsert.
    \a conflictColumns is required except on MySQL/MariaDB, where any unique key conflicts; an
    unknown column makes the statement fail to compile.
*/
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

/*!
    Returns a copy that, when a row conflicts on \a conflictColumns, applies the assignments in
    \a set (column name, expression) to the existing row; excluded() gives the value the new row
    proposed. \a conflictColumns is required except on MySQL/MariaDB.
*/
Insert Insert::onConflictDoUpdate(const QStringList &conflictColumns,
                                  const QList<std::pair<QString, Expression>> &set) const
{
    auto *node = copyNode<InsertNode>(d);
    node->conflict = InsertNode::DoUpdate;
    node->conflictColumns = conflictColumns;
    node->conflictSet = set;
    return Insert(node);
}

/*!
    The value the conflicting row would have inserted into \a column, for the assignments of
    onConflictDoUpdate(): `excluded.x`, `VALUES(x)` on MySQL/MariaDB.
*/
Expression Insert::excluded(const Column &column)
{
    auto *node = new ExcludedNode;
    node->column = column.name();
    node->type = column.type();
    return Expression(node);
}

/*! The table inserted into; invalid for a default-constructed Insert. */
Table Insert::table() const
{
    return d ? static_cast<const InsertNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ Update

/*!
    \class Qorm::Update
    \brief An UPDATE statement. Columns with an onUpdate default not set explicitly get it.
*/

/*! Constructs an invalid update without a table. */
Update::Update() noexcept = default;
//! \cond internal
Update::Update(StatementNode *node) noexcept : Statement(node) { }
//! \endcond

/*! An UPDATE of \a table; give the new values with set(). */
Update::Update(const Table &table)
{
    auto *node = new UpdateNode;
    node->table = table;
    d = node;
}

/*!
    \relatesalso Qorm::Update
    Same as Update(\a table).
*/
Update update(const Table &table)
{
    return Update(table);
}

namespace {
// A column set again gets the new value, in its first place: "SET a = 1, a = 2" is an error on
// PostgreSQL and means different things elsewhere.
void setColumn(UpdateNode *node, const QString &column, const Expression &value)
{
    for (auto &[name, expression] : node->set) {
        if (name == column) {
            expression = value;
            return;
        }
    }
    node->set.append({ column, value });
}
} // namespace

/*!
    Returns a copy that sets \a column to \a value (a bound value or any SQL expression). Setting
    a column again replaces its value.
*/
Update Update::set(const QString &column, const Expression &value) const
{
    auto *node = copyNode<UpdateNode>(d);
    setColumn(node, column, value);
    return Update(node);
}

/*! Returns a copy that sets each column in \a values, keyed by name, to its bound value. */
Update Update::set(const QVariantMap &values) const
{
    auto *node = copyNode<UpdateNode>(d);
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        setColumn(node, it.key(), Expression(it.value()));
    return Update(node);
}

/*!
    Returns a copy with \a condition ANDed to the earlier ones. Without any, every row is updated.
*/
Update Update::where(const Expression &condition) const
{
    auto *node = copyNode<UpdateNode>(d);
    node->where = allOf({ node->where, condition });
    return Update(node);
}

/*!
    Returns a copy whose execution returns \a columns of the updated rows. Needs PostgreSQL or
    SQLite 3.35 (not MySQL/MariaDB); elsewhere the statement fails to compile.
*/
Update Update::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<UpdateNode>(d);
    node->returning += columns;
    return Update(node);
}

/*! The table updated; invalid for a default-constructed Update. */
Table Update::table() const
{
    return d ? static_cast<const UpdateNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ Delete

/*!
    \class Qorm::Delete
    \brief A DELETE statement.
*/

/*! Constructs an invalid delete without a table. */
Delete::Delete() noexcept = default;
//! \cond internal
Delete::Delete(StatementNode *node) noexcept : Statement(node) { }
//! \endcond

/*! A DELETE from \a table. */
Delete::Delete(const Table &table)
{
    auto *node = new DeleteNode;
    node->table = table;
    d = node;
}

/*!
    \relatesalso Qorm::Delete
    Same as Delete(\a table); \c delete is a C++ keyword.
*/
Delete deleteFrom(const Table &table)
{
    return Delete(table);
}

/*!
    Returns a copy with \a condition ANDed to the earlier ones. Without any, every row is deleted.
*/
Delete Delete::where(const Expression &condition) const
{
    auto *node = copyNode<DeleteNode>(d);
    node->where = allOf({ node->where, condition });
    return Delete(node);
}

/*!
    Returns a copy whose execution returns \a columns of the deleted rows. Needs PostgreSQL,
    SQLite 3.35 or MariaDB (not MySQL); elsewhere the statement fails to compile.
*/
Delete Delete::returning(const QList<Expression> &columns) const
{
    auto *node = copyNode<DeleteNode>(d);
    node->returning += columns;
    return Delete(node);
}

/*! The table deleted from; invalid for a default-constructed Delete. */
Table Delete::table() const
{
    return d ? static_cast<const DeleteNode *>(d.data())->table : Table();
}

// ------------------------------------------------------------------ TextSql

/*!
    \class Qorm::TextSql
    \brief Trusted SQL text with named parameters (\c :name) whose values are bound.
*/

/*! Constructs an invalid statement without SQL text. */
TextSql::TextSql() noexcept = default;
//! \cond internal
TextSql::TextSql(StatementNode *node) noexcept : Statement(node) { }
//! \endcond

/*!
    Trusted SQL text \a sql with named parameters written as `:name`.
    \warning Never build \a sql from untrusted input: pass values with bind().
*/
TextSql::TextSql(const QString &sql)
{
    auto *node = new TextStatementNode;
    node->sql = sql;
    d = node;
}

/*! Returns a copy that binds \a value to the parameter `:name`. */
TextSql TextSql::bind(const QString &name, const QVariant &value) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->values.insert(name, value);
    return TextSql(node);
}

/*! Returns a copy that binds each of \a values to the parameter of its key. */
TextSql TextSql::bind(const QVariantMap &values) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->values.insert(values);
    return TextSql(node);
}

/*!
    Returns a copy that declares the names and types of the result \a columns, so that values
    read back are converted like those of a Select (dates in UTC, JSON, enums ...).
*/
TextSql TextSql::columns(const QList<std::pair<QString, SqlType>> &columns) const
{
    auto *node = copyNode<TextStatementNode>(d);
    node->columns = columns;
    return TextSql(node);
}

} // namespace Qorm
