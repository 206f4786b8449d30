// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"
#include "schema/schemautil_p.h"

#include <Qorm/engine/transaction.h>
#include <Qorm/schema/schemadiff.h>

#include <QtCore/QSet>
#include <QtCore/QSharedData>

using namespace Qt::StringLiterals;

namespace Qorm {

// The private data and the statement builders: keep Doxygen out of them.
//! \cond internal
class MigrationOperationPrivate : public QSharedData
{
public:
    MigrationOperation::Kind kind = MigrationOperation::Invalid;
    Table table;
    Table previousTable;
    Column column;
    Column previousColumn;
    MigrationOperation::Changes changes;
    Index index;
    Constraint constraint;
    QList<Constraint> deferred; // CreateTable: foreign keys added later
};

class SchemaDiffPrivate : public QSharedData
{
public:
    Dialect dialect;
    QList<MigrationOperation> operations;
};

namespace {

const QString temporaryPrefix = u"_qorm_tmp_"_s;

CompiledStatement statement(const QString &sql, DialectType dialect)
{
    CompiledStatement result(sql);
    result.setDialect(dialect);
    return result;
}

CompiledStatement failure(Error::Type type, const QString &text)
{
    return CompiledStatement::failed(Error(type, text));
}

QString tableName(const Dialect &dialect, const QString &schema, const QString &name)
{
    return schema.isEmpty()
            ? dialect.quoteIdentifier(name)
            : dialect.quoteIdentifier(schema) + u'.' + dialect.quoteIdentifier(name);
}

QString tableName(const Dialect &dialect, const Table &table)
{
    return tableName(dialect, table.schema(), table.name());
}

QString columnList(const Dialect &dialect, const QStringList &columns)
{
    QStringList quoted;
    for (const QString &column : columns)
        quoted += dialect.quoteIdentifier(column);
    return quoted.join(u", "_s);
}

CompiledStatement createIndexStatement(const Dialect &dialect, const Table &table,
                                       const Index &index)
{
    QString sql = index.isUnique() ? u"CREATE UNIQUE INDEX "_s : u"CREATE INDEX "_s;
    // SQLite qualifies the index name and not the table; the others the table only.
    if (dialect.type() == DialectType::SQLite && !table.schema().isEmpty())
        sql += tableName(dialect, table.schema(), index.name()) + u" ON "_s
                + dialect.quoteIdentifier(table.name());
    else
        sql += dialect.quoteIdentifier(index.name()) + u" ON "_s + tableName(dialect, table);
    sql += u" ("_s + columnList(dialect, index.columns()) + u')';
    return statement(sql, dialect.type());
}

CompiledStatement dropIndexStatement(const Dialect &dialect, const Table &table, const Index &index)
{
    if (dialect.type() == DialectType::MySQL)
        return statement(u"DROP INDEX "_s + dialect.quoteIdentifier(index.name()) + u" ON "_s
                                 + tableName(dialect, table),
                         dialect.type());
    return statement(u"DROP INDEX "_s + tableName(dialect, table.schema(), index.name()),
                     dialect.type());
}

QList<CompiledStatement> rebuildStatements(const Dialect &dialect, const Table &from,
                                           const Table &to)
{
    const DialectType type = dialect.type();
    QList<Column> columns;
    QStringList copied;
    for (const Column &column : to.columns()) {
        columns += SchemaUtil::plainColumn(column);
        if (from.hasColumn(column.name()))
            copied += column.name();
    }
    TableOptions options;
    options.schema = to.schema();
    const QString temporary = temporaryPrefix + to.name();
    const Table newTable(temporary, columns, to.constraints(), {}, options);
    const QList<CompiledStatement> create = dialect.createTable(newTable);
    if (create.isEmpty() || !create.first().isValid())
        return { create.isEmpty() ? failure(Error::InvalidRequestError,
                                            u"No DDL for table %1"_s.arg(to.fullName()))
                                  : create.first() };
    QList<CompiledStatement> statements{ create.first() };
    const QString list = columnList(dialect, copied);
    statements += statement(u"INSERT INTO "_s + tableName(dialect, to.schema(), temporary) + u" ("_s
                                    + list + u") SELECT "_s + list + u" FROM "_s
                                    + tableName(dialect, from),
                            type);
    statements += statement(u"DROP TABLE "_s + tableName(dialect, from), type);
    statements += statement(u"ALTER TABLE "_s + tableName(dialect, to.schema(), temporary)
                                    + u" RENAME TO "_s + dialect.quoteIdentifier(to.name()),
                            type);
    for (const Index &index : to.indexes())
        statements += createIndexStatement(dialect, to, index);
    return statements;
}

QList<CompiledStatement> alterStatements(const Dialect &dialect, const MigrationOperation &op)
{
    const Table table = op.table();
    const Column column = op.column();
    const QString prefix = u"ALTER TABLE "_s + tableName(dialect, table);
    switch (dialect.type()) {
    case DialectType::SQLite:
        return { failure(Error::UnsupportedFeatureError,
                         u"SQLite cannot alter column %1.%2: rebuild the table"_s.arg(
                                 table.fullName(), column.name())) };
    case DialectType::MySQL: {
        QString error;
        const QString definition = dialect.columnDefinition(column, &error);
        if (definition.isEmpty())
            return { failure(Error::InvalidRequestError, error) };
        return { statement(prefix + u" MODIFY COLUMN "_s + definition, dialect.type()) };
    }
    case DialectType::PostgreSQL:
        break;
    }
    const QString target = prefix + u" ALTER COLUMN "_s + dialect.quoteIdentifier(column.name());
    QList<CompiledStatement> statements;
    if (op.changes() & MigrationOperation::AutoincrementChange)
        return { failure(
                Error::UnsupportedFeatureError,
                u"Changing whether %1.%2 autoincrements is not supported on PostgreSQL"_s.arg(
                        table.fullName(), column.name())) };
    if (op.changes() & MigrationOperation::TypeChange) {
        const QString typeName = dialect.typeName(column.columnType());
        statements +=
                statement(target + u" TYPE "_s + typeName + u" USING "_s
                                  + dialect.quoteIdentifier(column.name()) + u"::"_s + typeName,
                          dialect.type());
    }
    if (op.changes() & MigrationOperation::NullabilityChange)
        statements +=
                statement(target + (column.isNullable() ? u" DROP NOT NULL"_s : u" SET NOT NULL"_s),
                          dialect.type());
    if (op.changes() & MigrationOperation::DefaultChange) {
        const QString value = SchemaUtil::defaultText(column, dialect);
        statements += statement(
                target + (value.isEmpty() ? u" DROP DEFAULT"_s : u" SET DEFAULT "_s + value),
                dialect.type());
    }
    return statements;
}

} // namespace
//! \endcond

// ------------------------------------------------------------------ MigrationOperation

/*!
    \class Qorm::MigrationOperation
    \brief One schema change (add a column, rebuild a table...), rendered per dialect.

    Alembic's operations, as a value type (copies share their data). SchemaDiff::compare()
    produces them; MigrationContext::execute() and SchemaDiff::apply() run their statements().
    The factory functions only record what to do: nothing is checked until statements().
*/

/*!
    \enum MigrationOperation::Kind
    What the operation does.
    \value Invalid A default-constructed operation; its statements() fail.
    \value CreateTable CREATE TABLE, with indexes; foreign keys closing a cycle may be deferred.
    \value DropTable DROP TABLE.
    \value AddColumn ALTER TABLE ... ADD COLUMN.
    \value DropColumn ALTER TABLE ... DROP COLUMN.
    \value AlterColumn A change of a column's type, nullability, default or autoincrement
           (changes() says which); not possible on SQLite, where a RebuildTable does it.
    \value CreateIndex CREATE INDEX.
    \value DropIndex DROP INDEX.
    \value AddConstraint A unique constraint or a foreign key added to an existing table.
    \value DropConstraint A unique constraint or a foreign key dropped by its reflected name.
    \value RebuildTable SQLite: create the new table, copy the rows, drop the old one, rename.
*/

/*!
    \enum MigrationOperation::Change
    What an AlterColumn operation changes; combined in MigrationOperation::Changes.
    \value NoChange Nothing.
    \value TypeChange The column's SQL type.
    \value NullabilityChange NULL / NOT NULL.
    \value DefaultChange The server default.
    \value AutoincrementChange Autoincrement (identity, serial, AUTO_INCREMENT).
*/

/*! An Invalid operation. */
MigrationOperation::MigrationOperation() noexcept = default;
/*! Shares \a other's data. */
MigrationOperation::MigrationOperation(const MigrationOperation &other) noexcept = default;
/*! Shares \a other's data. */
MigrationOperation &
MigrationOperation::operator=(const MigrationOperation &other) noexcept = default;
MigrationOperation::~MigrationOperation() = default;

#define QORM_OPERATION(kindValue) \
  MigrationOperation op; \
  op.d = new MigrationOperationPrivate; \
  op.d->kind = kindValue

/*!
    Creates \a table. \a deferredForeignKeys are left out of CREATE TABLE (they close a cycle
    between new tables) for AddConstraint operations to add once both tables exist.
*/
MigrationOperation MigrationOperation::createTable(const Table &table,
                                                   const QList<Constraint> &deferredForeignKeys)
{
    QORM_OPERATION(CreateTable);
    op.d->table = table;
    op.d->deferred = deferredForeignKeys;
    return op;
}

/*! Drops \a table (the table as it is). */
MigrationOperation MigrationOperation::dropTable(const Table &table)
{
    QORM_OPERATION(DropTable);
    op.d->table = table;
    return op;
}

/*! Adds \a column to \a table, the table as it will be (it holds \a column). */
MigrationOperation MigrationOperation::addColumn(const Table &table, const Column &column)
{
    QORM_OPERATION(AddColumn);
    op.d->table = table;
    op.d->column = column;
    return op;
}

/*! Drops \a column of \a table, the table as it is (it holds \a column). */
MigrationOperation MigrationOperation::dropColumn(const Table &table, const Column &column)
{
    QORM_OPERATION(DropColumn);
    op.d->table = table;
    op.d->column = column;
    return op;
}

/*!
    Changes the column \a from of \a table into \a to; \a changes says which aspects differ,
    and only those are altered.
*/
MigrationOperation MigrationOperation::alterColumn(const Table &table, const Column &from,
                                                   const Column &to, Changes changes)
{
    QORM_OPERATION(AlterColumn);
    op.d->table = table;
    op.d->previousColumn = from;
    op.d->column = to;
    op.d->changes = changes;
    return op;
}

/*! Creates \a index on \a table. */
MigrationOperation MigrationOperation::createIndex(const Table &table, const Index &index)
{
    QORM_OPERATION(CreateIndex);
    op.d->table = table;
    op.d->index = index;
    return op;
}

/*! Drops \a index of \a table. */
MigrationOperation MigrationOperation::dropIndex(const Table &table, const Index &index)
{
    QORM_OPERATION(DropIndex);
    op.d->table = table;
    op.d->index = index;
    return op;
}

/*! Adds \a constraint, a unique constraint or a foreign key, to \a table. */
MigrationOperation MigrationOperation::addConstraint(const Table &table,
                                                     const Constraint &constraint)
{
    QORM_OPERATION(AddConstraint);
    op.d->table = table;
    op.d->constraint = constraint;
    return op;
}

/*!
    Drops \a constraint of \a table: a foreign key or unique constraint as reflected, with the
    name the database gave it.
*/
MigrationOperation MigrationOperation::dropConstraint(const Table &table,
                                                      const Constraint &constraint)
{
    QORM_OPERATION(DropConstraint);
    op.d->table = table;
    op.d->constraint = constraint;
    return op;
}

/*!
    Rebuilds the table \a from as \a to: SQLite's way to make changes ALTER TABLE cannot. The
    columns both have are copied row by row; columns that only \a to has get their defaults.
*/
MigrationOperation MigrationOperation::rebuildTable(const Table &from, const Table &to)
{
    QORM_OPERATION(RebuildTable);
    op.d->previousTable = from;
    op.d->table = to;
    return op;
}

#undef QORM_OPERATION

/*! What the operation does; Invalid for a default-constructed one. */
MigrationOperation::Kind MigrationOperation::kind() const noexcept
{
    return d ? d->kind : Invalid;
}

/*!
    The table the operation works on: the new definition for CreateTable, AddColumn,
    AlterColumn, CreateIndex, AddConstraint and RebuildTable, the existing one otherwise.
*/
Table MigrationOperation::table() const
{
    return d ? d->table : Table();
}

/*! RebuildTable: the table as it is; an invalid Table for the other kinds. */
Table MigrationOperation::previousTable() const
{
    return d ? d->previousTable : Table();
}

/*! The column added, dropped or (AlterColumn) as it will be; invalid for other kinds. */
Column MigrationOperation::column() const
{
    return d ? d->column : Column();
}

/*! AlterColumn: the column as it is; invalid for other kinds. */
Column MigrationOperation::previousColumn() const
{
    return d ? d->previousColumn : Column();
}

/*! AlterColumn: what differs; NoChange for other kinds. */
MigrationOperation::Changes MigrationOperation::changes() const noexcept
{
    return d ? d->changes : Changes();
}

/*! CreateIndex, DropIndex: the index; invalid for other kinds. */
Index MigrationOperation::index() const
{
    return d ? d->index : Index();
}

/*! AddConstraint, DropConstraint: the constraint; invalid for other kinds. */
Constraint MigrationOperation::constraint() const
{
    return d ? d->constraint : Constraint();
}

/*!
    A one-line description for people: "add column album.year", "rebuild table track"...;
    empty for an Invalid operation.
*/
QString MigrationOperation::description() const
{
    const QString table = this->table().fullName();
    const auto constraintText = [&]() {
        const Constraint c = constraint();
        const QString what = c.kind() == Constraint::ForeignKey
                ? u"foreign key (%1) -> %2"_s.arg(c.columns().join(u", "_s),
                                                  c.targets().join(u", "_s))
                : u"unique (%1)"_s.arg(c.columns().join(u", "_s));
        return what + u" on "_s + table;
    };
    switch (kind()) {
    case Invalid:
        return {};
    case CreateTable:
        return u"create table "_s + table;
    case DropTable:
        return u"drop table "_s + table;
    case AddColumn:
        return u"add column %1.%2"_s.arg(table, column().name());
    case DropColumn:
        return u"drop column %1.%2"_s.arg(table, column().name());
    case AlterColumn: {
        QStringList what;
        if (changes() & TypeChange)
            what += u"type"_s;
        if (changes() & NullabilityChange)
            what += u"nullability"_s;
        if (changes() & DefaultChange)
            what += u"default"_s;
        if (changes() & AutoincrementChange)
            what += u"autoincrement"_s;
        return u"alter column %1.%2 (%3)"_s.arg(table, column().name(), what.join(u", "_s));
    }
    case CreateIndex:
        return u"create index %1 on %2"_s.arg(index().name(), table);
    case DropIndex:
        return u"drop index %1 on %2"_s.arg(index().name(), table);
    case AddConstraint:
        return u"add "_s + constraintText();
    case DropConstraint:
        return u"drop "_s + constraintText();
    case RebuildTable:
        return u"rebuild table "_s + table;
    }
    return {};
}

/*!
    The statements that perform this operation on \a dialect. What the dialect cannot do
    (altering a column on SQLite, outside a rebuild) is a failed CompiledStatement.
*/
QList<CompiledStatement> MigrationOperation::statements(const Dialect &dialect) const
{
    if (!dialect.isValid())
        return { failure(Error::InvalidRequestError, u"No SQL dialect (an invalid Dialect)"_s) };
    const DialectType type = dialect.type();
    const Table table = this->table();
    switch (kind()) {
    case Invalid:
        return { failure(Error::InvalidRequestError, u"An empty migration operation"_s) };
    case CreateTable:
        return dialect.createTable(table, CheckFirst::No, d->deferred);
    case DropTable:
        return { dialect.dropTable(table) };
    case AddColumn: {
        QString error;
        const QString definition = dialect.columnDefinition(column(), &error);
        if (definition.isEmpty())
            return { failure(Error::InvalidRequestError, error) };
        return { statement(u"ALTER TABLE "_s + tableName(dialect, table) + u" ADD COLUMN "_s
                                   + definition,
                           type) };
    }
    case DropColumn:
        return { statement(u"ALTER TABLE "_s + tableName(dialect, table) + u" DROP COLUMN "_s
                                   + dialect.quoteIdentifier(column().name()),
                           type) };
    case AlterColumn:
        return alterStatements(dialect, *this);
    case CreateIndex:
        return { createIndexStatement(dialect, table, index()) };
    case DropIndex:
        return { dropIndexStatement(dialect, table, index()) };
    case AddConstraint:
        return { dialect.addConstraint(table, constraint()) };
    case DropConstraint:
        return { dialect.dropConstraint(table, constraint()) };
    case RebuildTable:
        return rebuildStatements(dialect, previousTable(), table);
    }
    return {};
}

// ------------------------------------------------------------------ comparing

//! \cond internal
namespace {

bool sameDefault(const Column &current, const Column &target, const Dialect &dialect)
{
    QString left = SchemaUtil::normalizedDefault(SchemaUtil::defaultText(current, dialect),
                                                 dialect.type());
    QString right =
            SchemaUtil::normalizedDefault(SchemaUtil::defaultText(target, dialect), dialect.type());
    if (dialect.type() == DialectType::MySQL) {
        // MySQL keeps booleans as 1 and 0.
        for (QString *text : { &left, &right }) {
            if (*text == u"true")
                *text = u"1"_s;
            else if (*text == u"false")
                *text = u"0"_s;
        }
    }
    return left == right;
}

ReferentialAction effectiveAction(ReferentialAction action, const Dialect &dialect)
{
    // InnoDB's RESTRICT and NO ACTION are the same check; it reports the default as RESTRICT.
    if (dialect.type() == DialectType::MySQL && action == ReferentialAction::Restrict)
        return ReferentialAction::NoAction;
    return action;
}

// "schema.table.column" relative to the referencing table's schema.
QString targetOf(const QString &target, const Table &table)
{
    const QString prefix = table.schema().isEmpty() ? QString() : table.schema() + u'.';
    return !prefix.isEmpty() && target.startsWith(prefix) ? target.mid(prefix.size()) : target;
}

bool sameForeignKey(const Constraint &a, const Table &tableA, const Constraint &b,
                    const Table &tableB, const Dialect &dialect)
{
    if (a.columns() != b.columns() || a.targets().size() != b.targets().size())
        return false;
    for (qsizetype i = 0; i < a.targets().size(); ++i) {
        if (targetOf(a.targets().at(i), tableA) != targetOf(b.targets().at(i), tableB))
            return false;
    }
    const ForeignKeyOptions x = a.foreignKeyOptions();
    const ForeignKeyOptions y = b.foreignKeyOptions();
    return effectiveAction(x.onDelete, dialect) == effectiveAction(y.onDelete, dialect)
            && effectiveAction(x.onUpdate, dialect) == effectiveAction(y.onUpdate, dialect);
}

QList<Constraint> constraintsOf(const Table &table, Constraint::Kind kind)
{
    QList<Constraint> result;
    for (const Constraint &constraint : table.constraints()) {
        if (constraint.kind() == kind)
            result += constraint;
    }
    return result;
}

// The operations for one table present on both sides.
struct TableChanges
{
    QList<MigrationOperation> dropConstraints, dropIndexes, addColumns, alterColumns, dropColumns,
            createIndexes, addConstraints;
    bool needsRebuild = false;
};

TableChanges compareTable(const Table &current, const Table &target, const Dialect &dialect)
{
    TableChanges changes;
    const bool sqlite = dialect.type() == DialectType::SQLite;
    const bool mysql = dialect.type() == DialectType::MySQL;

    // Columns.
    for (const Column &column : target.columns()) {
        if (!current.hasColumn(column.name())) {
            changes.addColumns += MigrationOperation::addColumn(target, column);
            // SQLite's ADD COLUMN takes no key, no UNIQUE, and NOT NULL only with a constant
            // default.
            const QString defaultText = SchemaUtil::defaultText(column, dialect);
            const bool constantDefault = !defaultText.contains(u'(')
                    && !defaultText.startsWith(u"CURRENT_"_s, Qt::CaseInsensitive);
            if (sqlite
                && (column.isPrimaryKey() || column.options().unique || !constantDefault
                    || (!column.isNullable() && defaultText.isEmpty())))
                changes.needsRebuild = true;
            continue;
        }
        const Column was = current.column(column.name());
        MigrationOperation::Changes what;
        // SQLite's autoincrementing key is an INTEGER, the rowid, whatever it was declared as.
        const SqlType targetType =
                sqlite && column.isAutoincrement() ? SqlType::integer() : column.columnType();
        if (!SchemaUtil::sameType(was.columnType(), targetType, dialect))
            what |= MigrationOperation::TypeChange;
        if (!column.isPrimaryKey() && was.isNullable() != column.isNullable())
            what |= MigrationOperation::NullabilityChange;
        if (!sameDefault(was, column, dialect))
            what |= MigrationOperation::DefaultChange;
        if (!sqlite && was.isAutoincrement() != column.isAutoincrement())
            what |= MigrationOperation::AutoincrementChange;
        if (what != MigrationOperation::NoChange) {
            changes.alterColumns += MigrationOperation::alterColumn(target, was, column, what);
            changes.needsRebuild = changes.needsRebuild || sqlite;
        }
    }
    for (const Column &column : current.columns()) {
        if (target.hasColumn(column.name()))
            continue;
        changes.dropColumns += MigrationOperation::dropColumn(current, column);
        if (sqlite) {
            // DROP COLUMN (3.35) refuses key, unique, indexed and referencing columns.
            bool involved =
                    column.isPrimaryKey() || dialect.serverVersion() < QVersionNumber(3, 35);
            for (const Constraint &constraint : current.constraints())
                involved = involved || constraint.columns().contains(column.name());
            for (const Index &index : current.indexes())
                involved = involved || index.columns().contains(column.name());
            changes.needsRebuild = changes.needsRebuild || involved;
        }
    }

    // Indexes, by name.
    QList<Index> currentIndexes = current.indexes();
    QList<Index> targetIndexes = target.indexes();
    QList<Constraint> currentUniques = constraintsOf(current, Constraint::Unique);
    QList<Constraint> targetUniques = constraintsOf(target, Constraint::Unique);
    // Unique constraints, by columns.
    for (qsizetype i = 0; i < targetUniques.size();) {
        const auto match = std::find_if(
                currentUniques.begin(), currentUniques.end(),
                [&](const Constraint &c) { return c.columns() == targetUniques.at(i).columns(); });
        if (match != currentUniques.end()) {
            currentUniques.erase(match);
            targetUniques.removeAt(i);
        } else {
            ++i;
        }
    }
    const auto sameIndex = [](const Index &a, const Index &b) {
        return a.name() == b.name() && a.columns() == b.columns() && a.isUnique() == b.isUnique();
    };
    for (qsizetype i = 0; i < targetIndexes.size();) {
        const auto match =
                std::find_if(currentIndexes.begin(), currentIndexes.end(), [&](const Index &index) {
                    return sameIndex(index, targetIndexes.at(i));
                });
        if (match != currentIndexes.end()) {
            currentIndexes.erase(match);
            targetIndexes.removeAt(i);
        } else {
            ++i;
        }
    }
    if (mysql) {
        // MySQL's unique constraints are unique indexes: either stands for the other.
        const auto pair = [](QList<Constraint> &constraints, QList<Index> &indexes) {
            for (qsizetype i = 0; i < constraints.size();) {
                const auto match =
                        std::find_if(indexes.begin(), indexes.end(), [&](const Index &index) {
                            return index.isUnique()
                                    && index.columns() == constraints.at(i).columns();
                        });
                if (match != indexes.end()) {
                    indexes.erase(match);
                    constraints.removeAt(i);
                } else {
                    ++i;
                }
            }
        };
        pair(targetUniques, currentIndexes);
        pair(currentUniques, targetIndexes);
    }
    if (mysql) {
        // InnoDB keeps an index for every foreign key and refuses to drop it: an index on a
        // key's columns that the models do not name (one left by a dropped key, reused by a
        // new one) stays.
        const QList<Constraint> targetKeys = constraintsOf(target, Constraint::ForeignKey);
        currentIndexes.removeIf([&](const Index &index) {
            return !index.isUnique()
                    && std::any_of(targetKeys.cbegin(), targetKeys.cend(),
                                   [&](const Constraint &key) {
                                       return key.columns() == index.columns();
                                   });
        });
    }
    for (const Index &index : std::as_const(currentIndexes))
        changes.dropIndexes += MigrationOperation::dropIndex(current, index);
    for (const Index &index : std::as_const(targetIndexes))
        changes.createIndexes += MigrationOperation::createIndex(target, index);
    for (const Constraint &constraint : std::as_const(currentUniques))
        changes.dropConstraints += MigrationOperation::dropConstraint(current, constraint);
    for (const Constraint &constraint : std::as_const(targetUniques))
        changes.addConstraints += MigrationOperation::addConstraint(target, constraint);
    changes.needsRebuild = changes.needsRebuild
            || (sqlite && !(currentUniques.isEmpty() && targetUniques.isEmpty()));

    // Foreign keys, by what they mean.
    QList<Constraint> currentKeys = constraintsOf(current, Constraint::ForeignKey);
    QList<Constraint> targetKeys = constraintsOf(target, Constraint::ForeignKey);
    for (qsizetype i = 0; i < targetKeys.size();) {
        const auto match =
                std::find_if(currentKeys.begin(), currentKeys.end(), [&](const Constraint &c) {
                    return sameForeignKey(c, current, targetKeys.at(i), target, dialect);
                });
        if (match != currentKeys.end()) {
            currentKeys.erase(match);
            targetKeys.removeAt(i);
        } else {
            ++i;
        }
    }
    for (const Constraint &constraint : std::as_const(currentKeys))
        changes.dropConstraints.prepend(MigrationOperation::dropConstraint(current, constraint));
    for (const Constraint &constraint : std::as_const(targetKeys))
        changes.addConstraints += MigrationOperation::addConstraint(target, constraint);
    changes.needsRebuild =
            changes.needsRebuild || (sqlite && !(currentKeys.isEmpty() && targetKeys.isEmpty()));
    return changes;
}

} // namespace
//! \endcond

// ------------------------------------------------------------------ SchemaDiff

/*!
    \class Qorm::SchemaDiff
    \brief The operations that bring a database's schema to a MetaData: Alembic's autogenerate.

    compare() a reflected MetaData (Inspector::reflect()) with the one of the application's
    models, then look at operations(), render statements() or apply() them; qorm-migrate's
    generate command turns them into a migration (MigrationWriter). A value type: copies share
    their data. See docs/design/migrations.md for the order of the operations and what is
    compared.

    \code
    Qorm::MetaData database;
    if (!Qorm::Inspector(connection).reflect(database))
        return false;
    const auto diff =
            Qorm::SchemaDiff::compare(database, registry.metadata(), connection.dialect());
    for (const Qorm::MigrationOperation &op : diff.operations())
        qDebug() << op.description();
    \endcode
*/

/*! An empty diff without a dialect. */
SchemaDiff::SchemaDiff() noexcept = default;
/*! Shares \a other's operations. */
SchemaDiff::SchemaDiff(const SchemaDiff &other) noexcept = default;
/*! Shares \a other's operations. */
SchemaDiff &SchemaDiff::operator=(const SchemaDiff &other) noexcept = default;
SchemaDiff::~SchemaDiff() = default;

/*!
    The operations that turn \a database (the schema as it is) into \a target (as it should
    be). \a dialect decides which differences are real (type round trips) and how SQLite's
    limits are worked around (a RebuildTable instead of ALTER). The order is: drop constraints
    and indexes, create tables, add, alter and drop columns, create indexes, add constraints,
    drop tables. The Migrator's version table is never dropped. Reads nothing from a database.
*/
SchemaDiff SchemaDiff::compare(const MetaData &database, const MetaData &target,
                               const Dialect &dialect)
{
    SchemaDiff diff;
    diff.d = new SchemaDiffPrivate;
    diff.d->dialect = dialect;
    const bool sqlite = dialect.type() == DialectType::SQLite;

    QList<MigrationOperation> dropConstraints, dropIndexes, createTables, addColumns, alterColumns,
            dropColumns, createIndexes, addConstraints, dropTables;
    // Foreign keys closing a cycle between new tables are added once all of them exist, as
    // createAll() does; SQLite does not check references when creating a table.
    QList<std::pair<Table, Constraint>> cycles;
    const QList<Table> targetTables = target.sortedTables(&cycles);
    for (const Table &table : targetTables) {
        if (!database.contains(table.fullName())) {
            QList<Constraint> deferred;
            for (const auto &[owner, constraint] : std::as_const(cycles)) {
                if (!sqlite && owner.isSameAs(table))
                    deferred += constraint;
            }
            createTables += MigrationOperation::createTable(table, deferred);
            for (const Constraint &constraint : std::as_const(deferred))
                addConstraints += MigrationOperation::addConstraint(table, constraint);
            continue;
        }
        const Table current = database.table(table.fullName());
        TableChanges changes = compareTable(current, table, dialect);
        if (sqlite && changes.needsRebuild) {
            alterColumns += MigrationOperation::rebuildTable(current, table);
            continue;
        }
        dropConstraints += changes.dropConstraints;
        dropIndexes += changes.dropIndexes;
        addColumns += changes.addColumns;
        alterColumns += changes.alterColumns;
        dropColumns += changes.dropColumns;
        createIndexes += changes.createIndexes;
        addConstraints += changes.addConstraints;
    }
    QList<std::pair<Table, Constraint>> existingCycles;
    QList<Table> existing = database.sortedTables(&existingCycles);
    std::reverse(existing.begin(), existing.end());
    // Tables about to go that reference each other: their keys go first (SQLite: foreign keys
    // are off while tables are dropped, see apply()).
    for (const auto &[owner, constraint] : std::as_const(existingCycles)) {
        if (!sqlite && !target.contains(owner.fullName()))
            dropConstraints += MigrationOperation::dropConstraint(owner, constraint);
    }
    for (const Table &table : std::as_const(existing)) {
        // The Migrator's version table is no model's, and never dropped (as Alembic's).
        if (!target.contains(table.fullName()) && table.name() != u"qorm_version")
            dropTables += MigrationOperation::dropTable(table);
    }
    diff.d->operations = dropConstraints + dropIndexes + createTables + addColumns + alterColumns
            + dropColumns + createIndexes + addConstraints + dropTables;
    return diff;
}

/*! The dialect the diff was made for; its statements are that dialect's. */
Dialect SchemaDiff::dialect() const
{
    return d ? d->dialect : Dialect();
}

/*! The operations, in the order they run. */
QList<MigrationOperation> SchemaDiff::operations() const
{
    return d ? d->operations : QList<MigrationOperation>();
}

/*! True when the schemas match: nothing to do. */
bool SchemaDiff::isEmpty() const
{
    return !d || d->operations.isEmpty();
}

/*!
    Every operation's statements for dialect(), in order. An operation the dialect cannot
    perform contributes a failed CompiledStatement; apply() refuses to run any then.
*/
QList<CompiledStatement> SchemaDiff::statements() const
{
    QList<CompiledStatement> result;
    if (!d)
        return result;
    for (const MigrationOperation &operation : d->operations)
        result += operation.statements(d->dialect);
    return result;
}

//! \cond internal
bool SchemaUtil::fail(Connection &connection, const Error &error)
{
    (void)connection.execute(CompiledStatement::failed(error));
    return false;
}

bool SchemaUtil::runInTransaction(Connection &connection, bool foreignKeysOff,
                                  const QString &caller, const std::function<bool()> &body,
                                  TransactionMode mode)
{
    if (foreignKeysOff) {
        if (connection.inTransaction())
            return fail(connection,
                        Error(Error::InvalidRequestError,
                              u"%1: rebuilding an SQLite table needs foreign keys off, which "
                              u"cannot change inside a transaction"_s.arg(caller)));
        if (!connection.execute(CompiledStatement(u"PRAGMA foreign_keys = OFF"_s)).isValid())
            return false;
    }
    bool ok = false;
    {
        Transaction transaction =
                connection.inTransaction() ? connection.beginNested() : connection.begin(mode);
        ok = transaction.isActive() && body();
        if (ok && foreignKeysOff) {
            Result check = connection.execute(CompiledStatement(u"PRAGMA foreign_key_check"_s));
            if (!check.isValid()) {
                ok = false;
            } else if (const std::optional<Row> row = check.first()) {
                ok = fail(connection,
                          Error(Error::IntegrityError,
                                u"%1: table %2 has rows whose foreign key into %3 matches "
                                u"nothing"_s.arg(caller, row->value(0).toString(),
                                                 row->value(2).toString())));
            }
        }
        if (ok) {
            ok = transaction.commit();
        } else if (transaction.isActive()) {
            const Error error = connection.lastError();
            transaction.rollback();
            if (error.isValid()) // the rollback must not hide why
                (void)fail(connection, error);
        }
    }
    if (foreignKeysOff) {
        const Error error = connection.lastError();
        const bool restored =
                connection.execute(CompiledStatement(u"PRAGMA foreign_keys = ON"_s)).isValid();
        if (!ok && error.isValid())
            (void)fail(connection, error);
        ok = ok && restored;
    }
    return ok;
}

namespace {

using SchemaUtil::fail;

bool runAll(Connection &connection, const QList<CompiledStatement> &statements)
{
    for (const CompiledStatement &statement : statements) {
        if (!connection.execute(statement).isValid())
            return false;
    }
    return true;
}

} // namespace
//! \endcond

/*!
    Runs the statements on \a connection, whose dialect must be the diff's. Where DDL is
    transactional (SQLite, PostgreSQL) all of it commits or none; MariaDB and MySQL commit each
    DDL statement, so a failure there leaves the statements before it applied.

    A table rebuild on SQLite switches foreign keys off around the transaction (dropping the
    old table would otherwise cascade into, or be refused by, the tables that reference it),
    and runs PRAGMA foreign_key_check before the commit: a dangling reference rolls all back.
    That needs a connection outside a transaction. False on failure, the reason in the
    connection's lastError(); nothing runs when a statement cannot be rendered or the dialects
    differ.
*/
bool SchemaDiff::apply(Connection &connection) const
{
    if (!connection.isOpen())
        return fail(connection,
                    Error(Error::InvalidRequestError, u"SchemaDiff::apply(): not connected"_s));
    if (isEmpty())
        return true;
    const Dialect dialect = connection.dialect();
    if (dialect.type() != d->dialect.type())
        return fail(
                connection,
                Error(Error::InvalidRequestError,
                      u"SchemaDiff::apply(): the diff was made for %1, the connection is %2"_s.arg(
                              d->dialect.name(), dialect.name())));
    const QList<CompiledStatement> statements = this->statements();
    for (const CompiledStatement &statement : statements) {
        if (!statement.isValid())
            return fail(connection, statement.error());
    }
    // Rebuilding drops a table that others may reference, and dropped tables may reference
    // each other: SQLite then runs with foreign keys off and checks them before the commit.
    const bool rebuilds = std::any_of(d->operations.cbegin(), d->operations.cend(),
                                      [](const MigrationOperation &op) {
                                          return op.kind() == MigrationOperation::RebuildTable
                                                  || op.kind() == MigrationOperation::DropTable;
                                      });
    connection.clearStatementCache();
    if (!dialect.supportsTransactionalDdl()) {
        if (connection.inTransaction())
            qCWarning(lcSql) << "DDL on MySQL/MariaDB commits the active transaction implicitly";
        const bool ok = runAll(connection, statements);
        connection.clearStatementCache();
        return ok;
    }
    const bool foreignKeysOff = rebuilds && dialect.type() == DialectType::SQLite;
    const bool ok =
            SchemaUtil::runInTransaction(connection, foreignKeysOff, u"SchemaDiff::apply()"_s,
                                         [&] { return runAll(connection, statements); });
    connection.clearStatementCache();
    return ok;
}

} // namespace Qorm
