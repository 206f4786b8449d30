// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "schema/schemautil_p.h"

#include <Qorm/schema/migration.h>

using namespace Qt::StringLiterals;

namespace Qorm {

// The source generators are private: keep Doxygen out of them.
//! \cond internal
namespace {

QString literal(const QString &text)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\')
            escaped += u'\\';
        if (c == u'\n')
            escaped += u"\\n"_s;
        else
            escaped += c;
    }
    return u"u\""_s + escaped + u"\"_s"_s;
}

QString literalList(const QStringList &list)
{
    QStringList items;
    for (const QString &item : list)
        items += literal(item);
    return u"{ "_s + items.join(u", "_s) + u" }"_s;
}

QString typeExpression(const SqlType &type)
{
    const QString prefix = u"Qorm::SqlType::"_s;
    switch (type.kind()) {
    case SqlType::Invalid:
        return u"Qorm::SqlType()"_s;
    case SqlType::Integer:
        return prefix + u"integer()"_s;
    case SqlType::BigInteger:
        return prefix + u"bigInteger()"_s;
    case SqlType::SmallInteger:
        return prefix + u"smallInteger()"_s;
    case SqlType::Boolean:
        return prefix + u"boolean()"_s;
    case SqlType::Double:
        return prefix + u"doublePrecision()"_s;
    case SqlType::Numeric:
        return prefix + u"numeric(%1, %2)"_s.arg(type.precision()).arg(type.scale());
    case SqlType::String:
        return type.length() > 0 ? prefix + u"string(%1)"_s.arg(type.length())
                                 : prefix + u"string()"_s;
    case SqlType::Text:
        return prefix + u"text()"_s;
    case SqlType::Binary:
        return prefix + u"binary()"_s;
    case SqlType::Date:
        return prefix + u"date()"_s;
    case SqlType::Time:
        return prefix + u"time()"_s;
    case SqlType::DateTime:
        return prefix + u"dateTime()"_s;
    case SqlType::Uuid:
        return prefix + u"uuid()"_s;
    case SqlType::Json:
        return prefix + u"json()"_s;
    case SqlType::Enum:
        if (!type.enumKeys().isEmpty())
            return prefix + u"enumeration("_s + literalList(type.enumKeys()) + u')';
        return prefix + u"string()"_s;
    case SqlType::Custom:
        return prefix + u"custom("_s + literal(type.customDdl()) + u", QMetaType::fromName(\""_s
                + QString::fromLatin1(type.valueType().name()) + u"\"))"_s;
    }
    return {};
}

QString actionName(ReferentialAction action)
{
    switch (action) {
    case ReferentialAction::NoAction:
        return u"NoAction"_s;
    case ReferentialAction::Restrict:
        return u"Restrict"_s;
    case ReferentialAction::Cascade:
        return u"Cascade"_s;
    case ReferentialAction::SetNull:
        return u"SetNull"_s;
    case ReferentialAction::SetDefault:
        return u"SetDefault"_s;
    }
    return {};
}

QString constraintExpression(const Constraint &constraint)
{
    switch (constraint.kind()) {
    case Constraint::PrimaryKey:
        return u"Qorm::Constraint::primaryKey("_s + literalList(constraint.columns()) + u')';
    case Constraint::Unique:
        return u"Qorm::Constraint::unique("_s + literalList(constraint.columns()) + u')';
    case Constraint::ForeignKey: {
        QStringList options;
        const ForeignKeyOptions o = constraint.foreignKeyOptions();
        if (o.onDelete != ReferentialAction::NoAction)
            options += u".onDelete = Qorm::ReferentialAction::"_s + actionName(o.onDelete);
        if (o.onUpdate != ReferentialAction::NoAction)
            options += u".onUpdate = Qorm::ReferentialAction::"_s + actionName(o.onUpdate);
        QString result = u"Qorm::Constraint::foreignKey("_s + literalList(constraint.columns())
                + u", "_s + literalList(constraint.targets());
        if (!options.isEmpty())
            result += u", { "_s + options.join(u", "_s) + u" }"_s;
        return result + u')';
    }
    case Constraint::Check:
    case Constraint::Invalid:
        break;
    }
    return {};
}

QString indexExpression(const Index &index)
{
    return u"Qorm::Index("_s + literal(index.name()) + u", "_s + literalList(index.columns())
            + (index.isUnique() ? u", Qorm::Index::Unique)"_s : u")"_s);
}

QStringList primaryKeyOf(const Table &table)
{
    for (const Constraint &constraint : table.constraints()) {
        if (constraint.kind() == Constraint::PrimaryKey)
            return constraint.columns();
    }
    return {};
}

QString columnExpression(const Column &column, const Table &table, const Dialect &dialect)
{
    const bool key = table.isValid() && primaryKeyOf(table) == QStringList{ column.name() };
    QStringList options;
    if (key)
        options += u".primaryKey = true"_s;
    if (!column.isNullable() && !key)
        options += u".nullable = false"_s;
    else if (column.isNullable() && key)
        options += u".nullable = true"_s;
    const bool integerKey = key
            && (column.columnType().kind() == SqlType::Integer
                || column.columnType().kind() == SqlType::BigInteger
                || column.columnType().kind() == SqlType::SmallInteger);
    if (integerKey && !column.isAutoincrement())
        options += u".autoincrement = Qorm::Autoincrement::No"_s;
    else if (!integerKey && column.isAutoincrement())
        options += u".autoincrement = Qorm::Autoincrement::Yes"_s;
    const QString serverDefault =
            dialect.isValid() ? SchemaUtil::defaultText(column, dialect) : QString();
    if (!serverDefault.isEmpty() && !(integerKey && column.isAutoincrement()))
        options += u".serverDefault = Qorm::text("_s + literal(serverDefault) + u')';
    QString result = u"Qorm::Column("_s + literal(column.name()) + u", "_s
            + typeExpression(column.columnType());
    if (!options.isEmpty())
        result += u", { "_s + options.join(u", "_s) + u" }"_s;
    return result + u')';
}

QString tableExpression(const Table &table, const Dialect &dialect, const QString &indent)
{
    const QStringList key = primaryKeyOf(table);
    QStringList columns;
    for (const Column &column : table.columns())
        columns += indent + u"      "_s + columnExpression(column, table, dialect);
    QStringList constraints;
    QStringList skipped;
    for (const Constraint &constraint : table.constraints()) {
        if (constraint.kind() == Constraint::PrimaryKey && key.size() == 1)
            continue;
        const QString expression = constraintExpression(constraint);
        if (expression.isEmpty())
            skipped += constraint.name();
        else
            constraints += indent + u"      "_s + expression;
    }
    QStringList indexes;
    for (const Index &index : table.indexes())
        indexes += indent + u"      "_s + indexExpression(index);
    QString result = u"Qorm::Table("_s + literal(table.name()) + u",\n"_s + indent + u"    {\n"_s
            + columns.join(u",\n"_s) + u",\n"_s + indent + u"    }"_s;
    if (!constraints.isEmpty() || !indexes.isEmpty()) {
        result += u",\n"_s + indent + u"    {"_s;
        if (!constraints.isEmpty())
            result += u"\n"_s + constraints.join(u",\n"_s) + u",\n"_s + indent + u"    "_s;
        result += u'}';
    }
    if (!indexes.isEmpty())
        result += u",\n"_s + indent + u"    {\n"_s + indexes.join(u",\n"_s) + u",\n"_s + indent
                + u"    }"_s;
    return result + u')';
}

struct Call
{
    QString comment;
    QString upgrade;
    QString downgrade;
};

Call callFor(const MigrationOperation &op, const Dialect &dialect, const QString &indent)
{
    const Table table = op.table();
    const QString name = literal(table.name());
    Call call;
    call.comment = op.description();
    switch (op.kind()) {
    case MigrationOperation::Invalid:
        break;
    case MigrationOperation::CreateTable:
        call.upgrade = u"m.createTable("_s + tableExpression(table, dialect, indent) + u')';
        call.downgrade = u"m.dropTable("_s + name + u')';
        break;
    case MigrationOperation::DropTable:
        call.upgrade = u"m.dropTable("_s + name + u')';
        call.downgrade = u"m.createTable("_s + tableExpression(table, dialect, indent) + u')';
        break;
    case MigrationOperation::AddColumn:
        call.upgrade = u"m.addColumn("_s + name + u", "_s
                + columnExpression(op.column(), table, dialect) + u')';
        call.downgrade = u"m.dropColumn("_s + name + u", "_s + literal(op.column().name()) + u')';
        break;
    case MigrationOperation::DropColumn:
        call.upgrade = u"m.dropColumn("_s + name + u", "_s + literal(op.column().name()) + u')';
        call.downgrade = u"m.addColumn("_s + name + u", "_s
                + columnExpression(op.column(), table, dialect) + u')';
        break;
    case MigrationOperation::AlterColumn:
        call.upgrade = u"m.alterColumn("_s + name + u", "_s
                + columnExpression(op.column(), table, dialect) + u')';
        call.downgrade = u"m.alterColumn("_s + name + u", "_s
                + columnExpression(op.previousColumn(), Table(), dialect) + u')';
        break;
    case MigrationOperation::CreateIndex:
        call.upgrade = u"m.createIndex("_s + name + u", "_s + indexExpression(op.index()) + u')';
        call.downgrade = u"m.dropIndex("_s + name + u", "_s + literal(op.index().name()) + u')';
        break;
    case MigrationOperation::DropIndex:
        call.upgrade = u"m.dropIndex("_s + name + u", "_s + literal(op.index().name()) + u')';
        call.downgrade = u"m.createIndex("_s + name + u", "_s + indexExpression(op.index()) + u')';
        break;
    case MigrationOperation::AddConstraint:
        call.upgrade = u"m.addConstraint("_s + name + u", "_s
                + constraintExpression(op.constraint()) + u')';
        call.downgrade = u"m.dropConstraint("_s + name + u", "_s
                + constraintExpression(op.constraint()) + u')';
        break;
    case MigrationOperation::DropConstraint:
        call.upgrade = u"m.dropConstraint("_s + name + u", "_s
                + constraintExpression(op.constraint()) + u')';
        call.downgrade = u"m.addConstraint("_s + name + u", "_s
                + constraintExpression(op.constraint()) + u')';
        break;
    case MigrationOperation::RebuildTable:
        call.upgrade = u"m.alterTable("_s + tableExpression(table, dialect, indent) + u')';
        call.downgrade =
                u"m.alterTable("_s + tableExpression(op.previousTable(), dialect, indent) + u')';
        break;
    }
    return call;
}

QString body(const QList<Call> &calls, bool up)
{
    const QString indent = u"            "_s;
    QString text = u"[](Qorm::MigrationContext &m) {\n"_s;
    if (calls.isEmpty())
        text += indent + u"Q_UNUSED(m);\n"_s;
    for (const Call &call : calls) {
        const QString expression = up ? call.upgrade : call.downgrade;
        text += indent + (up ? u"// "_s : u"// undo: "_s) + call.comment + u'\n';
        if (expression.isEmpty()) {
            text += indent + u"// (not expressible: write it by hand)\n"_s;
            continue;
        }
        text += indent + u"if (!"_s + expression + u")\n"_s + indent + u"    return false;\n"_s;
    }
    text += indent + u"return true;\n        }"_s;
    return text;
}

} // namespace
//! \endcond

/*!
    \class Qorm::MigrationWriter
    \brief Writes a SchemaDiff as the C++ source of a Qorm::Migration, to review and edit.

    What qorm-migrate's generate command writes: a function returning a Qorm::Migration whose
    upgrade lists the diff's operations through MigrationContext, and whose downgrade reverses
    them. The result is meant to be read and edited: a rename shows as a drop and an add, and
    data moves are the author's to write.
*/

/*!
    \class Qorm::MigrationWriter::Options
    \brief The identity of the step source() writes.
*/

/*!
    \a text as a C++ identifier: every character but ASCII letters and digits becomes '_',
    and a leading digit (or an empty \a text) gets a '_' in front.
*/
QString MigrationWriter::identifier(const QString &text)
{
    QString result;
    for (const QChar c : text)
        result += (c.isLetterOrNumber() && c.unicode() < 128) ? c : u'_';
    if (result.isEmpty() || result.front().isDigit())
        result.prepend(u'_');
    return result;
}

/*!
    The C++ source of a function returning the Qorm::Migration that applies \a diff, with the
    id, parent, description and function name of \a options (the function is named
    migration_<id> when \a options has none). Only the includes and the function: the caller
    writes it to a file.
*/
QString MigrationWriter::source(const SchemaDiff &diff, const Options &options)
{
    const Dialect dialect = diff.dialect();
    QList<Call> calls;
    for (const MigrationOperation &op : diff.operations())
        calls += callFor(op, dialect, u"            "_s);
    QList<Call> reversed(calls.crbegin(), calls.crend());
    const QString function = options.functionName.isEmpty()
            ? u"migration"_s + identifier(u"_"_s + options.id)
            : options.functionName;
    QString text;
    text += u"// Generated by qorm-migrate from the difference between a %1 database and the "
            u"models.\n"_s.arg(dialect.isValid() ? dialect.name() : u"(unknown)"_s);
    text += u"// Review it before shipping: a rename shows as a drop and an add, data moves are "
            u"yours\n// to write (MigrationContext::execute()), and the downgrade is the upgrade "
            u"reversed.\n"_s;
    if (std::any_of(calls.cbegin(), calls.cend(),
                    [](const Call &call) { return call.upgrade.startsWith(u"m.alterTable("_s); }))
        text += u"// m.alterTable() gives a table as it should be: SQLite rebuilds it (rows "
                u"copied), the other\n// databases ALTER what differs.\n"_s;
    text += u"#include <Qorm/Migration>\n\nusing namespace Qt::StringLiterals;\n\n"_s;
    text += u"Qorm::Migration "_s + function + u"()\n{\n"_s;
    text += u"    return {\n"_s;
    text += u"        .id = "_s + literal(options.id) + u",\n"_s;
    text += u"        .parent = "_s + literal(options.parent) + u",\n"_s;
    text += u"        .description = "_s + literal(options.description) + u",\n"_s;
    text += u"        .upgrade = "_s + body(calls, true) + u",\n"_s;
    text += u"        .downgrade = "_s + body(reversed, false) + u",\n"_s;
    text += u"    };\n}\n"_s;
    return text;
}

} // namespace Qorm
