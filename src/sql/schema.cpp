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
ColumnDefault::ColumnDefault() noexcept = default;

ColumnDefault::ColumnDefault(const QVariant &value) : d(new ColumnDefaultPrivate)
{
    d->kind = Value;
    d->value = value;
}

ColumnDefault::ColumnDefault(std::function<QVariant()> callable) : d(new ColumnDefaultPrivate)
{
    d->kind = callable ? Callable : None;
    d->callable = std::move(callable);
}

ColumnDefault::ColumnDefault(const Expression &expression) : d(new ColumnDefaultPrivate)
{
    d->kind = expression.isValid() ? SqlExpression : None;
    d->expression = expression;
}

ColumnDefault::ColumnDefault(const ColumnDefault &other) noexcept = default;
ColumnDefault &ColumnDefault::operator=(const ColumnDefault &other) noexcept = default;
ColumnDefault::~ColumnDefault() = default;

ColumnDefault::Kind ColumnDefault::kind() const noexcept
{
    return d ? d->kind : None;
}

QVariant ColumnDefault::value() const
{
    if (!d)
        return {};
    if (d->kind == Callable)
        return d->callable();
    return d->value;
}

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
ForeignKey::ForeignKey() noexcept = default;

ForeignKey::ForeignKey(const QString &target, const ForeignKeyOptions &options)
    : d(new ForeignKeyPrivate)
{
    d->target = target;
    d->options = options;
}

ForeignKey::ForeignKey(const ForeignKey &other) noexcept = default;
ForeignKey &ForeignKey::operator=(const ForeignKey &other) noexcept = default;
ForeignKey::~ForeignKey() = default;

bool ForeignKey::isValid() const noexcept
{
    return d && !d->target.isEmpty();
}

QString ForeignKey::target() const
{
    return d ? d->target : QString();
}

QString ForeignKey::targetTable() const
{
    const QString t = target();
    const qsizetype dot = t.lastIndexOf(u'.');
    return dot < 0 ? QString() : t.left(dot);
}

QString ForeignKey::targetColumn() const
{
    const QString t = target();
    const qsizetype dot = t.lastIndexOf(u'.');
    return dot < 0 ? t : t.mid(dot + 1);
}

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
Column::Column() noexcept = default;

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

Column::Column(ExpressionNode *node) noexcept : Expression(node) { }

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

QString Column::name() const
{
    const ExpressionNode *n = node();
    return n && n->kind == ExpressionNode::ColumnKind ? static_cast<const ColumnNode *>(n)->name
                                                      : QString();
}

SqlType Column::columnType() const
{
    return type();
}

ColumnOptions Column::options() const
{
    const ColumnData *data = columnData(node());
    return data ? data->options : ColumnOptions();
}

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
Constraint::Constraint() noexcept = default;
Constraint::Constraint(const Constraint &other) noexcept = default;
Constraint &Constraint::operator=(const Constraint &other) noexcept = default;
Constraint::~Constraint() = default;

Constraint Constraint::primaryKey(const QStringList &columns, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = PrimaryKey;
    c.d->columns = columns;
    c.d->name = name;
    return c;
}

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

Constraint Constraint::unique(const QStringList &columns, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = Unique;
    c.d->columns = columns;
    c.d->name = name;
    return c;
}

Constraint Constraint::check(const Expression &condition, const QString &name)
{
    Constraint c;
    c.d = new ConstraintPrivate;
    c.d->kind = Check;
    c.d->condition = condition;
    c.d->name = name;
    return c;
}

Constraint::Kind Constraint::kind() const noexcept
{
    return d ? d->kind : Invalid;
}

QString Constraint::name() const
{
    return d ? d->name : QString();
}

QStringList Constraint::columns() const
{
    return d ? d->columns : QStringList();
}

QStringList Constraint::targets() const
{
    return d ? d->targets : QStringList();
}

ForeignKeyOptions Constraint::foreignKeyOptions() const
{
    return d ? d->options : ForeignKeyOptions();
}

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
Index::Index() noexcept = default;

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

bool Index::isValid() const noexcept
{
    return d && !d->columns.isEmpty();
}

QString Index::name() const
{
    return d ? d->name : QString();
}

QStringList Index::columns() const
{
    return d ? d->columns : QStringList();
}

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
Table::Table() noexcept = default;
Table::Table(FromNode *node) noexcept : FromClause(node) { }

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

QString Table::schema() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->schema : QString();
}

QString Table::fullName() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->fullName() : QString();
}

QString Table::comment() const
{
    const TableNode *t = tableNode(d.data());
    return t ? t->comment : QString();
}

Column Table::column(const QString &name) const
{
    Expression expression = fromColumn(d.data(), name);
    return Column(const_cast<ExpressionNode *>(expression.node()));
}

bool Table::hasColumn(const QString &name) const
{
    const TableNode *t = tableNode(d.data());
    return t && t->indexOf(name) >= 0;
}

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
MetaData::MetaData() : d(new MetaDataPrivate) { }
MetaData::MetaData(const MetaData &other) noexcept = default;
MetaData &MetaData::operator=(const MetaData &other) noexcept = default;
MetaData::~MetaData() = default;

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

Table MetaData::table(const QString &fullName) const
{
    for (const Table &table : d->tables) {
        if (table.fullName() == fullName)
            return table;
    }
    return Table();
}

bool MetaData::contains(const QString &fullName) const
{
    return table(fullName).isValid();
}

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
