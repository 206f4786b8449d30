// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "schema/schemautil_p.h"

#include <Qorm/schema/inspector.h>

#include <QtCore/QHash>
#include <QtCore/QMap>

using namespace Qt::StringLiterals;

namespace Qorm {

// The catalog readers and InspectorPrivate are private: keep Doxygen out of them.
//! \cond internal
namespace {

// One column as the catalog describes it, before it becomes a Column.
struct ColumnInfo
{
    QString name;
    QString typeName;
    bool notNull = false;
    QString defaultText; // empty: none
    bool autoincrement = false;
    int keyPosition = 0; // 1-based position in the primary key, 0 if not in it
};

struct IndexInfo
{
    QString name;
    QStringList columns;
    bool unique = false;
    bool constraint = false; // a UNIQUE constraint rather than an index
};

struct ForeignKeyInfo
{
    QString name;
    QStringList columns;
    QString targetTable; // "table" or "schema.table"
    QStringList targetColumns;
    ReferentialAction onDelete = ReferentialAction::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
};

struct TableInfo
{
    QList<ColumnInfo> columns;
    QList<IndexInfo> indexes;
    QList<ForeignKeyInfo> foreignKeys;
};

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

class InspectorPrivate
{
public:
    explicit InspectorPrivate(Connection &connection) : connection(connection) { }

    std::optional<QList<Row>> rows(const QString &sql, const QVariantList &values)
    {
        Result result = connection.execute(CompiledStatement(sql, values));
        if (!result.isValid()) {
            error = result.error();
            return std::nullopt;
        }
        return result.all();
    }

    bool fail(Error::Type type, const QString &text)
    {
        error = Error(type, text);
        return false;
    }

    std::optional<TableInfo> sqliteTable(const QString &name, const QString &schema);
    std::optional<TableInfo> postgresqlTable(const QString &name, const QString &schema);
    std::optional<TableInfo> mysqlTable(const QString &name, const QString &schema);
    Table build(const QString &name, const QString &schema, const TableInfo &info);

    Connection &connection;
    Error error;
};

// ------------------------------------------------------------------ SQLite

std::optional<TableInfo> InspectorPrivate::sqliteTable(const QString &name, const QString &schema)
{
    // The pragma functions take the schema as a last argument: every name is a bound value.
    const QString schemaArgument = schema.isEmpty() ? u""_s : u", ?"_s;
    const auto arguments = [&](const QString &first) {
        QVariantList values{ first };
        if (!schema.isEmpty())
            values += schema;
        return values;
    };
    TableInfo info;
    const auto columns = rows(u"SELECT name, type, \"notnull\", dflt_value, pk FROM "
                              u"pragma_table_info(?%1) ORDER BY cid"_s.arg(schemaArgument),
                              arguments(name));
    if (!columns)
        return std::nullopt;
    for (const Row &row : *columns) {
        ColumnInfo column;
        column.name = row.value(0).toString();
        column.typeName = row.value(1).toString();
        column.notNull = row.value(2).toInt() != 0;
        column.defaultText = row.isNull(3) ? QString() : row.value(3).toString();
        column.keyPosition = row.value(4).toInt();
        info.columns += column;
    }
    // An INTEGER primary key alone is the rowid: it numbers new rows.
    int keyColumns = 0;
    for (const ColumnInfo &column : std::as_const(info.columns))
        keyColumns += column.keyPosition > 0 ? 1 : 0;
    for (ColumnInfo &column : info.columns) {
        if (keyColumns == 1 && column.keyPosition == 1
            && column.typeName.compare(u"INTEGER"_s, Qt::CaseInsensitive) == 0)
            column.autoincrement = true;
    }

    const auto indexes = rows(u"SELECT name, \"unique\", origin FROM pragma_index_list(?%1) "
                              u"ORDER BY name"_s.arg(schemaArgument),
                              arguments(name));
    if (!indexes)
        return std::nullopt;
    for (const Row &row : *indexes) {
        const QString origin = row.value(2).toString();
        if (origin == u"pk")
            continue;
        IndexInfo index;
        index.name = row.value(0).toString();
        index.unique = row.value(1).toInt() != 0;
        index.constraint = origin == u"u";
        const auto indexColumns = rows(
                u"SELECT name FROM pragma_index_info(?%1) ORDER BY seqno"_s.arg(schemaArgument),
                arguments(index.name));
        if (!indexColumns)
            return std::nullopt;
        for (const Row &column : *indexColumns)
            index.columns += column.value(0).toString();
        info.indexes += index;
    }

    const auto keys = rows(u"SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                           u"pragma_foreign_key_list(?%1) ORDER BY id, seq"_s.arg(schemaArgument),
                           arguments(name));
    if (!keys)
        return std::nullopt;
    int currentId = -1;
    for (const Row &row : *keys) {
        if (row.value(0).toInt() != currentId) {
            currentId = row.value(0).toInt();
            ForeignKeyInfo key;
            key.targetTable = row.value(1).toString();
            key.onUpdate = SchemaUtil::actionFromName(row.value(4).toString());
            key.onDelete = SchemaUtil::actionFromName(row.value(5).toString());
            info.foreignKeys += key;
        }
        ForeignKeyInfo &key = info.foreignKeys.last();
        key.columns += row.value(2).toString();
        key.targetColumns += row.isNull(3) ? QString() : row.value(3).toString();
    }
    // "REFERENCES t" without columns means t's primary key: read once per target table.
    QHash<QString, QStringList> primaryKeys;
    for (ForeignKeyInfo &key : info.foreignKeys) {
        if (!key.targetColumns.contains(QString()))
            continue;
        auto known = primaryKeys.constFind(key.targetTable);
        if (known == primaryKeys.cend()) {
            const auto targetKey = rows(u"SELECT name FROM pragma_table_info(?%1) WHERE pk > 0 "
                                        u"ORDER BY pk"_s.arg(schemaArgument),
                                        arguments(key.targetTable));
            if (!targetKey)
                return std::nullopt;
            QStringList columns;
            for (const Row &row : *targetKey)
                columns += row.value(0).toString();
            known = primaryKeys.insert(key.targetTable, columns);
        }
        key.targetColumns = *known;
    }
    return info;
}

// ------------------------------------------------------------------ PostgreSQL

std::optional<TableInfo> InspectorPrivate::postgresqlTable(const QString &name,
                                                           const QString &schema)
{
    const auto oidRows = rows(u"SELECT c.oid, n.nspname FROM pg_class c JOIN pg_namespace n ON "
                              u"n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND "
                              u"n.nspname = COALESCE(?, current_schema()) AND c.relname = ?"_s,
                              { nullableText(schema), name });
    if (!oidRows)
        return std::nullopt;
    if (oidRows->isEmpty()) {
        fail(Error::InvalidRequestError, u"No table '%1'"_s.arg(name));
        return std::nullopt;
    }
    const QVariant oid = oidRows->first().value(0).toString();
    const QString ownSchema = oidRows->first().value(1).toString();

    TableInfo info;
    const auto columns =
            rows(u"SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                 u"pg_get_expr(d.adbin, d.adrelid), a.attidentity::text FROM pg_attribute a "
                 u"LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                 u"WHERE a.attrelid = CAST(? AS oid) AND a.attnum > 0 AND NOT a.attisdropped "
                 u"ORDER BY a.attnum"_s,
                 { oid });
    if (!columns)
        return std::nullopt;
    for (const Row &row : *columns) {
        ColumnInfo column;
        column.name = row.value(0).toString();
        column.typeName = row.value(1).toString();
        column.notNull = row.value(2).toBool();
        column.defaultText = row.isNull(3) ? QString() : row.value(3).toString();
        const QString identity = row.value(4).toString();
        // SERIAL is an integer whose default draws from a sequence; identity columns say so.
        if (column.defaultText.startsWith(u"nextval("_s)) {
            column.autoincrement = true;
            column.defaultText.clear();
        } else if (identity == u"a" || identity == u"d") {
            column.autoincrement = true;
        }
        info.columns += column;
    }

    const auto constraints =
            rows(u"SELECT con.conname, con.contype::text, a.attname, con.confupdtype::text, "
                 u"con.confdeltype::text, fc.relname, fn.nspname, fa.attname "
                 u"FROM pg_constraint con "
                 u"CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
                 u"JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                 u"LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
                 u"LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
                 u"LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid "
                 u"AND fa.attnum = con.confkey[k.ord::int] "
                 u"WHERE con.conrelid = CAST(? AS oid) AND con.contype IN ('p', 'u', 'f') "
                 u"ORDER BY con.conname, k.ord"_s,
                 { oid });
    if (!constraints)
        return std::nullopt;
    QString current;
    for (const Row &row : *constraints) {
        const QString constraintName = row.value(0).toString();
        const QString type = row.value(1).toString();
        const QString column = row.value(2).toString();
        const bool first = constraintName != current;
        current = constraintName;
        if (type == u"p") {
            int position = 0;
            for (const ColumnInfo &c : std::as_const(info.columns))
                position = qMax(position, c.keyPosition);
            for (ColumnInfo &c : info.columns) {
                if (c.name == column)
                    c.keyPosition = position + 1;
            }
        } else if (type == u"u") {
            if (first)
                info.indexes += IndexInfo{ constraintName, {}, true, true };
            info.indexes.last().columns += column;
        } else {
            if (first) {
                ForeignKeyInfo key;
                key.name = constraintName;
                const QString targetSchema = row.value(6).toString();
                key.targetTable = targetSchema == ownSchema
                        ? row.value(5).toString()
                        : targetSchema + u'.' + row.value(5).toString();
                key.onUpdate = SchemaUtil::actionFromName(row.value(3).toString());
                key.onDelete = SchemaUtil::actionFromName(row.value(4).toString());
                info.foreignKeys += key;
            }
            info.foreignKeys.last().columns += column;
            info.foreignKeys.last().targetColumns += row.value(7).toString();
        }
    }

    // Indexes that back no constraint; expression indexes (a column number 0) are left out.
    const auto indexes =
            rows(u"SELECT ic.relname, i.indisunique, a.attname FROM pg_index i "
                 u"JOIN pg_class ic ON ic.oid = i.indexrelid "
                 u"CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                 u"LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                 u"WHERE i.indrelid = CAST(? AS oid) AND NOT i.indisprimary AND NOT EXISTS "
                 u"(SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid "
                 u"AND con.contype IN ('p', 'u', 'x')) ORDER BY ic.relname, k.ord"_s,
                 { oid });
    if (!indexes)
        return std::nullopt;
    QStringList expressionIndexes;
    current.clear();
    for (const Row &row : *indexes) {
        const QString indexName = row.value(0).toString();
        if (indexName != current)
            info.indexes += IndexInfo{ indexName, {}, row.value(1).toBool(), false };
        current = indexName;
        if (row.isNull(2))
            expressionIndexes += indexName;
        else
            info.indexes.last().columns += row.value(2).toString();
    }
    info.indexes.removeIf([&](const IndexInfo &index) {
        return !index.constraint && expressionIndexes.contains(index.name);
    });
    return info;
}

// ------------------------------------------------------------------ MySQL / MariaDB

std::optional<TableInfo> InspectorPrivate::mysqlTable(const QString &name, const QString &schema)
{
    const QVariantList where{ nullableText(schema), name };
    TableInfo info;
    const auto columns =
            rows(u"SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
                 u"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                 u"COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION"_s,
                 where);
    if (!columns)
        return std::nullopt;
    if (columns->isEmpty()) {
        fail(Error::InvalidRequestError, u"No table '%1'"_s.arg(name));
        return std::nullopt;
    }
    for (const Row &row : *columns) {
        ColumnInfo column;
        column.name = row.value(0).toString();
        column.typeName = row.value(1).toString();
        column.notNull = row.value(2).toString() == u"NO";
        column.defaultText = row.isNull(3) ? QString() : row.value(3).toString();
        if (column.defaultText.compare(u"NULL"_s, Qt::CaseInsensitive) == 0)
            column.defaultText.clear();
        column.autoincrement =
                row.value(4).toString().contains(u"auto_increment"_s, Qt::CaseInsensitive);
        info.columns += column;
    }

    const auto keys = rows(
            u"SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, "
            u"k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE, "
            u"k.TABLE_SCHEMA FROM information_schema.KEY_COLUMN_USAGE k "
            u"JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = "
            u"k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = "
            u"k.TABLE_NAME WHERE k.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND k.TABLE_NAME = ? "
            u"AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            u"ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION"_s,
            where);
    if (!keys)
        return std::nullopt;
    for (const Row &row : *keys) {
        const QString keyName = row.value(0).toString();
        if (info.foreignKeys.isEmpty() || info.foreignKeys.last().name != keyName) {
            ForeignKeyInfo key;
            key.name = keyName;
            const QString targetSchema = row.value(2).toString();
            key.targetTable = targetSchema == row.value(7).toString()
                    ? row.value(3).toString()
                    : targetSchema + u'.' + row.value(3).toString();
            key.onUpdate = SchemaUtil::actionFromName(row.value(5).toString());
            key.onDelete = SchemaUtil::actionFromName(row.value(6).toString());
            info.foreignKeys += key;
        }
        info.foreignKeys.last().columns += row.value(1).toString();
        info.foreignKeys.last().targetColumns += row.value(4).toString();
    }

    const auto indexes = rows(u"SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM "
                              u"information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                              u"COALESCE(?, DATABASE()) AND TABLE_NAME = ? "
                              u"ORDER BY INDEX_NAME, SEQ_IN_INDEX"_s,
                              where);
    if (!indexes)
        return std::nullopt;
    for (const Row &row : *indexes) {
        const QString indexName = row.value(0).toString();
        const QString column = row.value(2).toString();
        if (indexName == u"PRIMARY") {
            int position = 0;
            for (const ColumnInfo &c : std::as_const(info.columns))
                position = qMax(position, c.keyPosition);
            for (ColumnInfo &c : info.columns) {
                if (c.name == column)
                    c.keyPosition = position + 1;
            }
            continue;
        }
        if (info.indexes.isEmpty() || info.indexes.last().name != indexName)
            info.indexes += IndexInfo{ indexName, {}, row.value(1).toInt() == 0, false };
        info.indexes.last().columns += column;
    }
    // InnoDB gives every foreign key an index, named after the constraint or its first column,
    // when no index starts with the key's columns: it is the key's, not the schema's.
    info.indexes.removeIf([&](const IndexInfo &index) {
        if (index.unique)
            return false;
        for (const ForeignKeyInfo &key : std::as_const(info.foreignKeys)) {
            if (index.columns == key.columns
                && (index.name == key.name || index.name == key.columns.first()))
                return true;
        }
        return false;
    });
    return info;
}

// ------------------------------------------------------------------ building Tables

Table InspectorPrivate::build(const QString &name, const QString &schema, const TableInfo &info)
{
    const Dialect dialect = connection.dialect();
    QStringList key;
    QMap<int, QString> keyByPosition;
    QStringList columnOrder;
    for (const ColumnInfo &column : info.columns) {
        columnOrder += column.name;
        if (column.keyPosition > 0)
            keyByPosition.insert(column.keyPosition, column.name);
    }
    key = keyByPosition.values();
    // Key columns in table order can be column options; another order needs a constraint.
    QStringList keyInTableOrder;
    for (const QString &column : std::as_const(columnOrder)) {
        if (key.contains(column))
            keyInTableOrder += column;
    }
    const bool keyAsConstraint = keyInTableOrder != key;

    QList<Column> columns;
    for (const ColumnInfo &info : info.columns) {
        ColumnOptions options;
        const bool inKey = info.keyPosition > 0;
        options.primaryKey = inKey && !keyAsConstraint;
        options.nullable = inKey ? false : !info.notNull;
        options.autoincrement = info.autoincrement ? Autoincrement::Yes : Autoincrement::No;
        if (!info.defaultText.isEmpty())
            options.serverDefault = text(info.defaultText);
        columns += Column(info.name, SchemaUtil::typeFromName(info.typeName, dialect), options);
    }
    QList<Constraint> constraints;
    if (keyAsConstraint)
        constraints += Constraint::primaryKey(key);
    QList<Index> indexes;
    for (const IndexInfo &index : info.indexes) {
        if (index.constraint)
            constraints += Constraint::unique(
                    index.columns, dialect.type() == DialectType::SQLite ? QString() : index.name);
        else
            indexes += Index(index.name, index.columns,
                             index.unique ? Index::Unique : Index::NonUnique);
    }
    for (const ForeignKeyInfo &key : info.foreignKeys) {
        // A table of a named schema names the schema of what it references, as the DDL of
        // every dialect needs (SQLite's is always the table's own).
        const QString targetTable = !schema.isEmpty() && !key.targetTable.contains(u'.')
                ? schema + u'.' + key.targetTable
                : key.targetTable;
        QStringList targets;
        for (const QString &column : key.targetColumns)
            targets += targetTable + u'.' + column;
        constraints += Constraint::foreignKey(key.columns, targets,
                                              { key.onDelete, key.onUpdate, key.name });
    }
    TableOptions options;
    options.schema = schema;
    return Table(name, columns, constraints, indexes, options);
}

//! \endcond

// ------------------------------------------------------------------ Inspector

/*!
    \class Qorm::Inspector
    \brief Reads tables, columns, keys, indexes and foreign keys of an existing database.

    SQLAlchemy's Inspector: SQLite through its pragma functions, PostgreSQL through pg_catalog,
    MariaDB and MySQL through information_schema. See docs/design/migrations.md. Names are
    always bound values, never pasted into SQL (an attached SQLite database's name is quoted as
    an identifier). The result is what SchemaDiff compares with the models.

    \code
    Qorm::Inspector inspector(connection);
    Qorm::MetaData database;
    if (!inspector.reflect(database))
        qWarning() << inspector.lastError();
    \endcode
*/

/*!
    An inspector reading through \a connection, which must stay open and outlive it. Nothing
    is read until a call asks.
*/
Inspector::Inspector(Connection &connection) : d(std::make_unique<InspectorPrivate>(connection)) { }

Inspector::~Inspector() = default;

/*!
    Why the last call failed (an Error::InvalidRequestError for a missing table, or the
    database's error); reset at the start of each call.
*/
Error Inspector::lastError() const
{
    return d->error;
}

/*!
    The names of the tables in \a schema (the connection's default schema when empty), sorted;
    views and SQLite's own tables are left out. Empty, with lastError() set, on failure.
*/
QStringList Inspector::tableNames(const QString &schema)
{
    d->error = Error();
    const Dialect dialect = d->connection.dialect();
    std::optional<QList<Row>> rows;
    switch (dialect.type()) {
    case DialectType::SQLite: {
        // An attached database's name cannot be bound: it is quoted as an identifier.
        const QString master = schema.isEmpty()
                ? u"sqlite_master"_s
                : dialect.quoteIdentifier(schema) + u".sqlite_master"_s;
        rows = d->rows(u"SELECT name FROM %1 WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                       u"ESCAPE '\\' ORDER BY name"_s.arg(master),
                       {});
        break;
    }
    case DialectType::PostgreSQL:
        rows = d->rows(u"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                       u"c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = "
                       u"COALESCE(?, current_schema()) ORDER BY c.relname"_s,
                       { nullableText(schema) });
        break;
    case DialectType::MySQL:
        rows = d->rows(u"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                       u"COALESCE(?, DATABASE()) AND TABLE_TYPE = 'BASE TABLE' "
                       u"ORDER BY TABLE_NAME"_s,
                       { nullableText(schema) });
        break;
    }
    QStringList names;
    if (!rows)
        return names;
    for (const Row &row : *rows)
        names += row.value(0).toString();
    return names;
}

/*!
    The table \a name of \a schema as the database has it, or an invalid Table (lastError()
    says why).
*/
Table Inspector::reflectTable(const QString &name, const QString &schema)
{
    d->error = Error();
    if (!d->connection.isOpen()) {
        d->fail(Error::InvalidRequestError, u"Inspector: the connection is not open"_s);
        return Table();
    }
    std::optional<TableInfo> info;
    switch (d->connection.dialect().type()) {
    case DialectType::SQLite:
        info = d->sqliteTable(name, schema);
        if (info && info->columns.isEmpty()) {
            d->fail(Error::InvalidRequestError, u"No table '%1'"_s.arg(name));
            info.reset();
        }
        break;
    case DialectType::PostgreSQL:
        info = d->postgresqlTable(name, schema);
        break;
    case DialectType::MySQL:
        info = d->mysqlTable(name, schema);
        break;
    }
    if (!info)
        return Table();
    return d->build(name, schema, *info);
}

/*!
    Adds the tables of \a schema to \a metadata: all of them, or those named in \a only.
    False, with lastError() set, when one cannot be read or \a metadata has a table of the
    same name already.
*/
bool Inspector::reflect(MetaData &metadata, const QString &schema, const QStringList &only)
{
    const QStringList names = tableNames(schema);
    if (d->error.type() != Error::NoError)
        return false;
    for (const QString &name : only) {
        if (!names.contains(name))
            return d->fail(Error::InvalidRequestError, u"No table '%1'"_s.arg(name));
    }
    for (const QString &name : names) {
        if (!only.isEmpty() && !only.contains(name))
            continue;
        const Table table = reflectTable(name, schema);
        if (!table.isValid())
            return false;
        if (metadata.contains(table.fullName()))
            return d->fail(Error::InvalidRequestError,
                           u"The MetaData has a table '%1' already"_s.arg(table.fullName()));
        if (!metadata.add(table))
            return d->fail(Error::InvalidRequestError,
                           u"Cannot add table '%1'"_s.arg(table.fullName()));
    }
    return true;
}

} // namespace Qorm
