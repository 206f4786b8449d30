// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "schema/schemautil_p.h"

#include <QtCore/QRegularExpression>

using namespace Qt::StringLiterals;

namespace Qorm::SchemaUtil {

QString normalizedTypeName(const QString &name, DialectType dialect)
{
    // Built once: the patterns do not depend on the dialect (what does is applied after them).
    static const QRegularExpression openParenthesis(u"\\s*\\(\\s*"_s);
    static const QRegularExpression comma(u"\\s*,\\s*"_s);
    static const QRegularExpression closeParenthesis(u"\\s*\\)"_s);
    static const QRegularExpression displayWidth(
            u"^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)"_s);
    static const QList<std::pair<QRegularExpression, QString>> synonyms = {
        { QRegularExpression(u"^character varying"_s), u"varchar"_s },
        { QRegularExpression(u"^nvarchar"_s), u"varchar"_s },
        { QRegularExpression(u"^nchar"_s), u"char"_s },
        { QRegularExpression(u"^character(?=\\(|$)"_s), u"char"_s },
        { QRegularExpression(u"^(int|int4)$"_s), u"integer"_s },
        { QRegularExpression(u"^int8$"_s), u"bigint"_s },
        { QRegularExpression(u"^int2$"_s), u"smallint"_s },
        { QRegularExpression(u"^decimal"_s), u"numeric"_s },
        { QRegularExpression(u"^bool$"_s), u"boolean"_s },
        { QRegularExpression(u"^(float8|double)$"_s), u"double precision"_s },
        { QRegularExpression(u"^timestamptz$"_s), u"timestamp with time zone"_s },
    };
    QString s = name.simplified().toLower();
    s.replace(openParenthesis, u"("_s);
    s.replace(comma, u","_s);
    s.replace(closeParenthesis, u")"_s);
    if (dialect == DialectType::MySQL) {
        if (s == u"tinyint(1)")
            return u"boolean"_s;
        // Display widths mean nothing to the stored values.
        s.replace(displayWidth, u"\\1"_s);
    }
    for (const auto &[pattern, replacement] : synonyms)
        s.replace(pattern, replacement);
    // PostgreSQL spells out that its plain time types have no time zone.
    if (dialect == DialectType::PostgreSQL) {
        if (s == u"time")
            return u"time without time zone"_s;
        if (s == u"timestamp")
            return u"timestamp without time zone"_s;
    }
    return s;
}

SqlType typeFromName(const QString &name, const Dialect &dialect)
{
    const DialectType type = dialect.type();
    const QString wanted = normalizedTypeName(name, type);
    static const QRegularExpression parameters(u"\\((\\d+)(?:,(\\d+))?\\)"_s);
    const QRegularExpressionMatch match = parameters.match(wanted);
    const int first = match.hasMatch() ? match.captured(1).toInt() : 0;
    const int second = match.hasMatch() ? match.captured(2).toInt() : 0;
    const QList<SqlType> candidates = {
        SqlType::integer(),
        SqlType::bigInteger(),
        SqlType::smallInteger(),
        SqlType::boolean(),
        SqlType::doublePrecision(),
        SqlType::numeric(first, second),
        SqlType::string(first),
        SqlType::text(),
        SqlType::binary(),
        SqlType::date(),
        SqlType::time(),
        SqlType::dateTime(),
        SqlType::uuid(),
        SqlType::json(),
    };
    for (const SqlType &candidate : candidates) {
        if (normalizedTypeName(dialect.typeName(candidate), type) == wanted)
            return candidate;
    }
    // Spellings Qorm does not write itself but that mean one of its types.
    const QString base = wanted.section(u'(', 0, 0);
    if (base == u"varchar")
        return SqlType::string(first);
    if (base == u"text" && type != DialectType::MySQL)
        return SqlType::text();
    return SqlType::custom(name.simplified().toUpper(), QMetaType::fromType<QString>());
}

bool sameType(const SqlType &a, const SqlType &b, const Dialect &dialect)
{
    const DialectType type = dialect.type();
    const QString left = normalizedTypeName(dialect.typeName(a), type);
    const QString right = normalizedTypeName(dialect.typeName(b), type);
    if (left == right)
        return true;
    // MariaDB's JSON is LONGTEXT with a CHECK (json_valid(...)).
    const auto isJsonText = [&](const QString &x, const QString &y) {
        return x == u"json" && y == u"longtext";
    };
    return type == DialectType::MySQL && dialect.flavor() == Dialect::MariaDB
            && (isJsonText(left, right) || isJsonText(right, left));
}

QString normalizedDefault(const QString &text, DialectType dialect)
{
    QString s = text.trimmed();
    if (dialect == DialectType::MySQL && s.compare(u"NULL"_s, Qt::CaseInsensitive) == 0)
        return {};
    // Casts PostgreSQL adds to what it prints: 'x'::character varying, 0::numeric(10,2).
    if (dialect == DialectType::PostgreSQL)
        s.remove(QRegularExpression(u"::[a-z][a-z0-9_ ]*(\\(\\d+(,\\d+)?\\))?(\\[\\])?"_s));
    // Outer parentheses, as long as they enclose the whole text.
    while (s.startsWith(u'(') && s.endsWith(u')')) {
        int depth = 0;
        bool enclosing = true;
        for (qsizetype i = 0; i < s.size() && enclosing; ++i) {
            if (s.at(i) == u'(')
                ++depth;
            else if (s.at(i) == u')' && --depth == 0 && i != s.size() - 1)
                enclosing = false;
        }
        if (!enclosing)
            break;
        s = s.mid(1, s.size() - 2).trimmed();
    }
    // Lower case and no blanks outside string literals.
    QString out;
    bool quoted = false;
    for (const QChar c : std::as_const(s)) {
        if (c == u'\'')
            quoted = !quoted;
        if (quoted || c == u'\'')
            out += c;
        else if (!c.isSpace())
            out += c.toLower();
    }
    out.replace(u"current_timestamp()"_s, u"current_timestamp"_s);
    return out;
}

QString defaultText(const Column &column, const Dialect &dialect)
{
    const Expression serverDefault = column.options().serverDefault;
    if (!serverDefault.isValid())
        return {};
    return dialect.defaultDefinition(serverDefault);
}

ReferentialAction actionFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    if (upper == u"CASCADE" || upper == u"C")
        return ReferentialAction::Cascade;
    if (upper == u"RESTRICT" || upper == u"R")
        return ReferentialAction::Restrict;
    if (upper == u"SET NULL" || upper == u"N")
        return ReferentialAction::SetNull;
    if (upper == u"SET DEFAULT" || upper == u"D")
        return ReferentialAction::SetDefault;
    return ReferentialAction::NoAction;
}

Column plainColumn(const Column &column)
{
    ColumnOptions options = column.options();
    options.nullable = column.isNullable();
    options.autoincrement = column.isAutoincrement() ? Autoincrement::Yes : Autoincrement::No;
    options.primaryKey = false;
    options.unique = false;
    options.index = false;
    options.foreignKey = ForeignKey();
    return Column(column.name(), column.columnType(), options);
}

} // namespace Qorm::SchemaUtil
