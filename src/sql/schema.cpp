// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"
#include "sql/nodes_p.h"

#include <QtCore/QSet>

using namespace Qt::StringLiterals;

namespace Qorm {

// ------------------------------------------------------------------ ColumnDefault

class ColumnDefaultPrivate : public QSharedData
{
public:
    ColumnDefault::Kind kind = ColumnDefault::None;
    QVariant value;
    std::function<QVariant()> callable;
    Expression expression;
};

/*!
    \class Qorm::ColumnDefault
    \brief A client-side column default or onupdate value: a constant, a callable or an SQL
    expression.
*/

/*!
    \enum ColumnDefault::Kind
    What a ColumnDefault holds, which decides whether value() or expression() applies.
*/

/*! Constructs no default (None). */
ColumnDefault::ColumnDefault() noexcept = default;

/*! A constant default \a value, bound as the column's type. */
ColumnDefault::ColumnDefault(const QVariant &value) : d(new ColumnDefaultPrivate)
{
    d->kind = Value;
    d->value = value;
}

/*!
    A default computed by \a callable, called once per row when the INSERT or UPDATE is compiled,
    just before it runs (for example a QUuid::createUuid() key). An empty \a callable means no
    default.
*/
ColumnDefault::ColumnDefault(std::function<QVariant()> callable) : d(new ColumnDefaultPrivate)
{
    d->kind = callable ? Callable : None;
    d->callable = std::move(callable);
}

/*!
    A default given as an SQL \a expression rendered into the statement, such as Function::now();
    an invalid \a expression means no default.
*/
ColumnDefault::ColumnDefault(const Expression &expression) : d(new ColumnDefaultPrivate)
{
    d->kind = expression.isValid() ? SqlExpression : None;
    d->expression = expression;
}

ColumnDefault::ColumnDefault(const ColumnDefault &other) noexcept = default;
ColumnDefault &ColumnDefault::operator=(const ColumnDefault &other) noexcept = default;
ColumnDefault::~ColumnDefault() = default;

/*! What this default holds; None for a default-constructed one. */
ColumnDefault::Kind ColumnDefault::kind() const noexcept
{
    return d ? d->kind : None;
}

/*!
    The default value: the constant, or for a Callable the result of calling it now (each call
    calls it again). Null for the other kinds.
*/
QVariant ColumnDefault::value() const
{
    if (!d)
        return {};
    if (d->kind == Callable)
        return d->callable();
    return d->value;
}

/*! The SQL expression of an SqlExpression default; invalid for the other kinds. */
Expression ColumnDefault::expression() const
{
    return d ? d->expression : Expression();
}

// ------------------------------------------------------------------ ForeignKey

class ForeignKeyPrivate : public QSharedData
{
public:
    QString target;
    ForeignKeyOptions options;
};

/*!
    \class Qorm::ForeignKey
    \brief A column's reference to another table's column, given as "table.column".
*/

/*! Constructs no reference (isValid() is false). */
ForeignKey::ForeignKey() noexcept = default;

/*!
    A reference to the column \a target, written \c table.column or \c schema.table.column, with
    the actions and name in \a options. The target is resolved by name when DDL is built, so the
    referenced table may be defined later.
*/
ForeignKey::ForeignKey(const QString &target, const ForeignKeyOptions &options)
    : d(new ForeignKeyPrivate)
{
    d->target = target;
    d->options = options;
}

ForeignKey::ForeignKey(const ForeignKey &other) noexcept = default;
ForeignKey &ForeignKey::operator=(const ForeignKey &other) noexcept = default;
ForeignKey::~ForeignKey() = default;

/*! False when there is no target (a default-constructed ForeignKey means "no reference"). */
bool ForeignKey::isValid() const noexcept
{
    return d && !d->target.isEmpty();
}

/*! The target as given: \c table.column or \c schema.table.column. */
QString ForeignKey::target() const
{
    return d ? d->target : QString();
}

/*! The target's table, with its schema if one was given; empty when the target has no dot. */
QString ForeignKey::targetTable() const
{
    const QString t = target();
    const qsizetype dot = t.lastIndexOf(u'.');
    return dot < 0 ? QString() : t.left(dot);
}

/*! The target's column: the part after the last dot. */
QString ForeignKey::targetColumn() const
{
    const QString t = target();
    const qsizetype dot = t.lastIndexOf(u'.');
    return dot < 0 ? t : t.mid(dot + 1);
}

/*! The actions and name given at construction. */
ForeignKeyOptions ForeignKey::options() const
{
    return d ? d->options : ForeignKeyOptions();
}

// ------------------------------------------------------------------ Column

/*!
    \class Qorm::Column
    \brief A table column: its definition and, inside a table, an expression referring to it.

    \code
    Qorm::Table users(metadata, u"user_account"_s, {
        Qorm::Column(u"id"_s, Qorm::SqlType::bigInteger(), {.primaryKey = true}),
        Qorm::Column(u"name"_s, Qorm::SqlType::string(255), {.nullable = false, .index = true}),
    });
    \endcode
*/

/*! Constructs an empty column; a Table given one reports it in definitionError(). */
Column::Column() noexcept = default;

/*!
    A column definition called \a name of \a type, with \a options. It becomes usable in statements
    once it belongs to a Table: take it back with Table::column().
*/
Column::Column(const QString &name, const SqlType &type, const ColumnOptions &options)
{
    auto *data = new ColumnData;
    data->name = name;
    data->type = type;
    data->options = options;
    auto *node = new ColumnNode;
    node->column = NodePointer<ColumnData>(data);
    node->name = name;
    node->type = type;
    d = node;
}

//! \cond internal
Column::Column(ExpressionNode *node) noexcept : Expression(node) { }
//! \endcond

static const ColumnData *columnData(const ExpressionNode *node)
{
    if (!node || node->kind != ExpressionNode::ColumnKind)
        return nullptr;
    return static_cast<const ColumnNode *>(node)->column.data();
}

static const TableNode *columnTable(const ExpressionNode *node)
{
    if (!node || node->kind != ExpressionNode::ColumnKind)
        return nullptr;
    const FromNode *from = static_cast<const ColumnNode *>(node)->from.data();
    if (from && from->kind == FromNode::AliasKind)
        from = static_cast<const AliasNode *>(from)->target.data();
    return from && from->kind == FromNode::TableKind ? static_cast<const TableNode *>(from)
                                                     : nullptr;
}

/*! The column's name; empty for a default-constructed Column or one the table does not have. */
QString Column::name() const
{
    const ExpressionNode *n = node();
    return n && n->kind == ExpressionNode::ColumnKind ? static_cast<const ColumnNode *>(n)->name
                                                      : QString();
}

/*! The declared SQL type (the same as Expression::type()). */
SqlType Column::columnType() const
{
    return type();
}

/*! The options the column was defined with. */
ColumnOptions Column::options() const
{
    const ColumnData *data = columnData(node());
    return data ? data->options : ColumnOptions();
}

/*!
    True when the column is part of the primary key, by its options or by a table-level
    Constraint::primaryKey().
*/
bool Column::isPrimaryKey() const
{
    const ColumnData *data = columnData(node());
    if (!data)
        return false;
    if (data->options.primaryKey)
        return true;
    if (const TableNode *table = columnTable(node())) {
        for (const Constraint &constraint : table->constraints) {
            if (constraint.kind() == Constraint::PrimaryKey
                && constraint.columns().contains(data->name))
                return true;
        }
    }
    return false;
}

/*!
    Whether the column accepts NULL: ColumnOptions::nullable when given, otherwise true unless the
    column is part of the primary key.
*/
bool Column::isNullable() const
{
    const ColumnData *data = columnData(node());
    if (!data)
        return true;
    if (data->options.nullable.has_value())
        return *data->options.nullable;
    return !isPrimaryKey();
}

static bool isIntegerKind(SqlType::Kind kind)
{
    return kind == SqlType::Integer || kind == SqlType::BigInteger || kind == SqlType::SmallInteger;
}

/*!
    Whether the database generates the column's values. With Autoincrement::Auto, true for the one
    integer column of a single-column primary key without a default or foreign key.
*/
bool Column::isAutoincrement() const
{
    const ColumnData *data = columnData(node());
    if (!data || data->options.autoincrement == Autoincrement::No)
        return false;
    if (data->options.autoincrement == Autoincrement::Yes)
        return true;
    if (!isIntegerKind(data->type.kind()) || data->options.defaultValue.isValid()
        || data->options.serverDefault.isValid() || data->options.foreignKey.isValid()
        || !isPrimaryKey())
        return false;
    const TableNode *table = columnTable(node());
    if (!table)
        return data->options.primaryKey;
    const QList<Column> key = Table(const_cast<TableNode *>(table)).primaryKey();
    return key.size() == 1;
}

/*!
    The table this column belongs to; invalid until it belongs to one, and for a column taken
    from an alias.
*/
Table Column::table() const
{
    const ExpressionNode *n = node();
    if (!n || n->kind != ExpressionNode::ColumnKind)
        return Table();
    const FromNode *from = static_cast<const ColumnNode *>(n)->from.data();
    if (!from || from->kind != FromNode::TableKind)
        return Table();
    return Table(const_cast<FromNode *>(from));
}

// ------------------------------------------------------------------ Constraint

class ConstraintPrivate : public QSharedData
{
public:
    Constraint::Kind kind = Constraint::Invalid;
    QString name;
    QStringList columns;
    QStringList targets;
    ForeignKeyOptions options;
    Expression condition;
};

/*!
    \class Qorm::Constraint
    \brief A table-level constraint: primary key, foreign key, unique or check.
*/

/*!
    \enum Constraint::Kind
    Which constraint this is; the static functions of the same names create them.
*/

/*! Constructs an invalid constraint; use the static functions to create one. */
Constraint::Constraint() noexcept = default;
Constraint::Constraint(const Constraint &other) noexcept = default;
Constraint &Constraint::operator=(const Constraint &other) noexcept = default;
Constraint::~Constraint() = default;

/*!
    A primary key over \a columns, for composite keys (ColumnOptions::primaryKey covers the rest).
    \a name names the constraint in the DDL; empty lets the database name it.
*/
Constraint Constraint::primaryKey(const QStringList &columns, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = PrimaryKey;
    c.d->columns = columns;
    c.d->name = name;
    return c;
}

/*!
    A (composite) foreign key: \a columns of this table refer to \a targets, each written
    \c table.column, pairwise. The two lists must have the same length, else the table reports a
    definitionError(). The name comes from \a options.
*/
Constraint Constraint::foreignKey(const QStringList &columns, const QStringList &targets,
                                  const ForeignKeyOptions &options)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = ForeignKey;
    c.d->columns = columns;
    c.d->targets = targets;
    c.d->options = options;
    c.d->name = options.name;
    return c;
}

/*! A UNIQUE constraint over the combination of \a columns. */
Constraint Constraint::unique(const QStringList &columns, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = Unique;
    c.d->columns = columns;
    c.d->name = name;
    return c;
}

/*!
    A CHECK constraint. \a condition is rendered into the DDL with its values as literals; use
    text() for a dialect-specific condition.
*/
Constraint Constraint::check(const Expression &condition, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = Check;
    c.d->condition = condition;
    c.d->name = name;
    return c;
}

/*! What the constraint is; Invalid for a default-constructed one. */
Constraint::Kind Constraint::kind() const noexcept
{
    return d ? d->kind : Invalid;
}

/*! The constraint's name; empty when the database names it. */
QString Constraint::name() const
{
    return d ? d->name : QString();
}

/*! The columns of this table the constraint covers; empty for check(). */
QStringList Constraint::columns() const
{
    return d ? d->columns : QStringList();
}

/*! For a foreign key, the referenced columns as \c table.column, in the order of columns(). */
QStringList Constraint::targets() const
{
    return d ? d->targets : QStringList();
}

/*! For a foreign key, its actions and name. */
ForeignKeyOptions Constraint::foreignKeyOptions() const
{
    return d ? d->options : ForeignKeyOptions();
}

/*! For check(), the condition; invalid otherwise. */
Expression Constraint::condition() const
{
    return d ? d->condition : Expression();
}

// ------------------------------------------------------------------ Index

class IndexPrivate : public QSharedData
{
public:
    QString name;
    QStringList columns;
    bool unique = false;
};

/*!
    \class Qorm::Index
    \brief A named index over one or more columns.
*/

/*!
    \enum Index::Uniqueness
    Whether an Index also enforces unique values, spelled out instead of a bool argument.
*/

/*! Constructs an invalid index without columns. */
Index::Index() noexcept = default;

/*!
    An index called \a name over \a columns, in that order; \a uniqueness makes it a unique index.
*/
Index::Index(const QString &name, const QStringList &columns, Uniqueness uniqueness)
    : d(new IndexPrivate)
{
    d->name = name;
    d->columns = columns;
    d->unique = uniqueness == Unique;
}

Index::Index(const Index &other) noexcept = default;
Index &Index::operator=(const Index &other) noexcept = default;
Index::~Index() = default;

/*! False when the index has no columns. */
bool Index::isValid() const noexcept
{
    return d && !d->columns.isEmpty();
}

/*! The index's name, as created in the database. */
QString Index::name() const
{
    return d ? d->name : QString();
}

/*! The indexed columns, in index order. */
QStringList Index::columns() const
{
    return d ? d->columns : QStringList();
}

/*! True for Index::Unique. */
bool Index::isUnique() const noexcept
{
    return d && d->unique;
}

// ------------------------------------------------------------------ Table

/*!
    \class Qorm::Table
    \brief A table definition, shared by all its copies, usable in statements.

    Column options (primaryKey, unique, index, foreignKey) and table-level
    constraints may be mixed. Mistakes in the definition (a duplicate column, a
    constraint naming an unknown column) are reported by definitionError() and
    make DDL for the table fail to compile.
*/

/*! Constructs an invalid table; definitionError() says so. */
Table::Table() noexcept = default;
//! \cond internal
Table::Table(FromNode *node) noexcept : FromClause(node) { }
//! \endcond

/*!
    Defines a table called \a name with \a columns, table-level \a constraints and \a indexes.
    Never fails: mistakes (no name, a duplicate column, a constraint naming an unknown column) are
    reported by definitionError() and make DDL and every statement using the table fail to
    compile with an InvalidRequestError.
*/
Table::Table(const QString &name, const QList<Column> &columns,
             const QList<Constraint> &constraints, const QList<Index> &indexes,
             const TableOptions &options)
{
    auto *node = new TableNode;
    node->name = name;
    node->schema = options.schema;
    node->comment = options.comment;
    node->constraints = constraints;
    node->indexes = indexes;
    QStringList problems;
    if (name.isEmpty())
        problems += u"the table has no name"_s;
    if (columns.isEmpty())
        problems += u"the table has no columns"_s;
    QSet<QString> seen;
    for (const Column &column : columns) {
        const ColumnData *data = columnData(column.node());
        if (!data) {
            problems += u"a column is empty"_s;
            continue;
        }
        if (data->name.isEmpty())
            problems += u"a column has no name"_s;
        else if (seen.contains(data->name))
            problems += u"column '%1' is defined twice"_s.arg(data->name);
        if (!data->type.isValid())
            problems += u"column '%1' has no valid type"_s.arg(data->name);
        seen.insert(data->name);
        node->columns += NodePointer<ColumnData>(const_cast<ColumnData *>(data));
    }
    auto checkColumns = [&](const QStringList &names, const QString &what) {
        for (const QString &column : names) {
            if (!seen.contains(column))
                problems += u"%1 names unknown column '%2'"_s.arg(what, column);
        }
    };
    for (const Constraint &constraint : constraints) {
        if (constraint.kind() == Constraint::ForeignKey
            && constraint.columns().size() != constraint.targets().size())
            problems += u"a foreign key has %1 columns but %2 targets"_s
                                .arg(constraint.columns().size())
                                .arg(constraint.targets().size());
        checkColumns(constraint.columns(), u"a constraint"_s);
    }
    for (const Index &index : indexes)
        checkColumns(index.columns(), u"index '%1'"_s.arg(index.name()));
    if (!problems.isEmpty())
        node->definitionError = u"Table '%1': %2"_s.arg(node->fullName(), problems.join(u"; "_s));
    d = node;
}

/*!
    Defines the table as the other constructor does and adds it to \a metadata (which refuses it,
    with a warning, when it already has a table of that name).
*/
Table::Table(MetaData &metadata, const QString &name, const QList<Column> &columns,
             const QList<Constraint> &constraints, const QList<Index> &indexes,
             const TableOptions &options)
    : Table(name, columns, constraints, indexes, options)
{
    metadata.add(*this);
}

static const TableNode *tableNode(const FromNode *node)
{
    return node && node->kind == FromNode::TableKind ? static_cast<const TableNode *>(node)
                                                     : nullptr;
}

/*! The schema given in TableOptions; empty for the default schema. */
QString Table::schema() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->schema : QString();
}

/*!
    \c schema.name, or the name alone without a schema: how MetaData and foreign keys refer to it.
*/
QString Table::fullName() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->fullName() : QString();
}

/*! The comment given in TableOptions. */
QString Table::comment() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->comment : QString();
}

/*!
    The column \a name, usable in statements. An unknown \a name gives a Column whose expression
    fails to compile with an InvalidRequestError naming the table; hasColumn() checks first.
*/
Column Table::column(const QString &name) const
{
    Expression expression = fromColumn(d.data(), name);
    return Column(const_cast<ExpressionNode *>(expression.node()));
}

/*! True when the table defines a column \a name. */
bool Table::hasColumn(const QString &name) const
{
    const TableNode *t = tableNode(d.data());
    return t && t->indexOf(name) >= 0;
}

/*! All columns, in definition order. */
QList<Column> Table::columns() const
{
    QList<Column> result;
    const TableNode *t = tableNode(d.data());
    if (!t)
        return result;
    for (const auto &data : t->columns)
        result += column(data->name);
    return result;
}

/*!
    The primary key's columns, in key order: those of a Constraint::primaryKey() if given, else the
    columns whose options say primaryKey. Empty when the table has no primary key.
*/
QList<Column> Table::primaryKey() const
{
    QList<Column> result;
    const TableNode *t = tableNode(d.data());
    if (!t)
        return result;
    for (const Constraint &constraint : t->constraints) {
        if (constraint.kind() == Constraint::PrimaryKey) {
            for (const QString &name : constraint.columns())
                result += column(name);
            return result;
        }
    }
    for (const auto &data : t->columns) {
        if (data->options.primaryKey)
            result += column(data->name);
    }
    return result;
}

/*!
    All constraints: the explicit ones plus those that column options imply (primary key, unique,
    foreign key), as the DDL creates them.
*/
QList<Constraint> Table::constraints() const
{
    QList<Constraint> result;
    const TableNode *t = tableNode(d.data());
    if (!t)
        return result;
    bool hasPrimaryKey = false;
    for (const Constraint &constraint : t->constraints)
        hasPrimaryKey = hasPrimaryKey || constraint.kind() == Constraint::PrimaryKey;
    if (!hasPrimaryKey) {
        QStringList key;
        for (const auto &data : t->columns) {
            if (data->options.primaryKey)
                key += data->name;
        }
        if (!key.isEmpty())
            result += Constraint::primaryKey(key);
    }
    for (const auto &data : t->columns) {
        if (data->options.unique && !data->options.index)
            result += Constraint::unique({ data->name });
    }
    for (const auto &data : t->columns) {
        if (data->options.foreignKey.isValid())
            result += Constraint::foreignKey({ data->name }, { data->options.foreignKey.target() },
                                             data->options.foreignKey.options());
    }
    result += t->constraints;
    return result;
}

/*!
    All indexes: the explicit ones plus one per column with ColumnOptions::index, named
    ix_TABLE_COLUMN.
*/
QList<Index> Table::indexes() const
{
    QList<Index> result;
    const TableNode *t = tableNode(d.data());
    if (!t)
        return result;
    for (const auto &data : t->columns) {
        if (data->options.index)
            result += Index(u"ix_%1_%2"_s.arg(t->name, data->name), { data->name },
                            data->options.unique ? Index::Unique : Index::NonUnique);
    }
    result += t->indexes;
    return result;
}

// "schema.table.column" or "table.column" names the table before the last dot.
static QString referencedTable(const QString &target)
{
    const qsizetype dot = target.lastIndexOf(u'.');
    return dot < 0 ? QString() : target.left(dot);
}

/*! The full names of the tables this one references by foreign keys, without duplicates. */
QStringList Table::referencedTables() const
{
    QStringList result;
    const TableNode *t = tableNode(d.data());
    if (!t)
        return result;
    for (const Constraint &constraint : constraints()) {
        if (constraint.kind() != Constraint::ForeignKey)
            continue;
        for (const QString &target : constraint.targets()) {
            const QString table = referencedTable(target);
            if (!table.isEmpty() && !result.contains(table))
                result += table;
        }
    }
    return result;
}

/*!
    What is wrong with the definition (duplicate column, unknown column in a constraint ...);
    empty when it is fine. Also non-empty for a default-constructed Table.
*/
QString Table::definitionError() const
{
    const TableNode *t = tableNode(d.data());
    if (!t)
        return d ? u"Not a table"_s : u"The table is empty"_s;
    return t->definitionError;
}

// ------------------------------------------------------------------ MetaData

class MetaDataPrivate : public QSharedData
{
public:
    QList<Table> tables;
};

/*!
    \class Qorm::MetaData
    \brief A collection of tables, created and dropped in foreign-key order.
*/

/*! Constructs an empty collection of tables. */
MetaData::MetaData() : d(new MetaDataPrivate) { }
MetaData::MetaData(const MetaData &other) noexcept = default;
MetaData &MetaData::operator=(const MetaData &other) noexcept = default;
MetaData::~MetaData() = default;

/*!
    Adds \a table. Returns false, with a warning on \c qorm.sql, when a table of the same full
    name exists; the table is then not added.
*/
bool MetaData::add(const Table &table)
{
    if (contains(table.fullName())) {
        qCWarning(lcSql, "MetaData already has a table named '%s'; the second one is not added",
                  qPrintable(table.fullName()));
        return false;
    }
    d->tables += table;
    return true;
}

/*! The table called \a fullName (\c schema.name or \c name); invalid when there is none. */
Table MetaData::table(const QString &fullName) const
{
    for (const Table &table : d->tables) {
        if (table.fullName() == fullName)
            return table;
    }
    return Table();
}

/*! True when a table called \a fullName was added. */
bool MetaData::contains(const QString &fullName) const
{
    return table(fullName).isValid();
}

/*! The tables in the order they were added. sortedTables() gives the order for DDL. */
QList<Table> MetaData::tables() const
{
    return d->tables;
}

/*!
    Returns the tables so that each comes after the tables it references
    (self-references aside), keeping the order they were added in where the
    references allow. When tables reference each other in a cycle, the
    foreign keys of the earliest-added table in the cycle that point into it
    are set aside in \a cycleForeignKeys: create them with ALTER TABLE after
    all tables exist, and drop them first.
*/
QList<Table> MetaData::sortedTables(QList<std::pair<Table, Constraint>> *cycleForeignKeys) const
{
    const QList<Table> all = d->tables;
    QHash<QString, int> indexOf;
    for (int i = 0; i < all.size(); ++i)
        indexOf.insert(all.at(i).fullName(), i);

    // dependencies[i]: tables i references, each with the constraint that does it
    QList<QList<std::pair<int, Constraint>>> dependencies(all.size());
    for (int i = 0; i < all.size(); ++i) {
        for (const Constraint &constraint : all.at(i).constraints()) {
            if (constraint.kind() != Constraint::ForeignKey)
                continue;
            for (const QString &target : constraint.targets()) {
                const int j = indexOf.value(referencedTable(target), -1);
                if (j >= 0 && j != i)
                    dependencies[i].append({ j, constraint });
            }
        }
    }

    QList<Table> sorted;
    QList<bool> done(all.size(), false);
    while (sorted.size() < all.size()) {
        bool progressed = false;
        for (int i = 0; i < all.size(); ++i) {
            if (done.at(i))
                continue;
            bool ready = true;
            for (const auto &dependency : dependencies.at(i))
                ready = ready && done.at(dependency.first);
            if (ready) {
                done[i] = true;
                sorted += all.at(i);
                progressed = true;
                break; // the earliest-added ready table first, every time
            }
        }
        if (progressed)
            continue;
        // A cycle: break it at the earliest-added table that is still waiting.
        for (int i = 0; i < all.size(); ++i) {
            if (done.at(i))
                continue;
            QList<std::pair<int, Constraint>> kept;
            for (const auto &dependency : dependencies.at(i)) {
                if (done.at(dependency.first)) {
                    kept += dependency;
                } else if (cycleForeignKeys) {
                    bool listed = false;
                    for (const auto &[table, constraint] : std::as_const(*cycleForeignKeys))
                        listed = listed
                                || (table.isSameAs(all.at(i))
                                    && constraint.columns() == dependency.second.columns());
                    if (!listed)
                        cycleForeignKeys->append({ all.at(i), dependency.second });
                }
            }
            dependencies[i] = kept;
            break;
        }
    }
    return sorted;
}

} // namespace Qorm
