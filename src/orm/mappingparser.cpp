// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "mappingparser_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaClassInfo>
#include <QtCore/QObject>
#include <QtCore/QUuid>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

//! \cond internal
namespace Qorm::Detail {

// ------------------------------------------------------------------ helpers

static int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({ previous[j] + 1, current[j - 1] + 1, substitution });
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

QString closestMatch(const QString &word, const QStringList &candidates)
{
    for (const QString &candidate : candidates) {
        if (candidate.compare(word, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    // An abbreviation ("bigint" for "bigInteger").
    if (word.size() >= 3) {
        for (const QString &candidate : candidates) {
            if (candidate.startsWith(word, Qt::CaseInsensitive))
                return candidate;
        }
    }
    QString best;
    int bestDistance = std::max<int>(2, int(word.size()) / 3) + 1;
    for (const QString &candidate : candidates) {
        const int distance = editDistance(word.toLower(), candidate.toLower());
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

QString suggestion(const QString &word, const QStringList &candidates)
{
    const QString match = closestMatch(word, candidates);
    return match.isEmpty() ? QString() : u" (did you mean \"%1\"?)"_s.arg(match);
}

static int firstMappableProperty()
{
    return QObject::staticMetaObject.propertyCount();
}

QMetaProperty mappableProperty(const QMetaObject &metaObject, const QString &name)
{
    const int index = metaObject.indexOfProperty(name.toUtf8().constData());
    return index >= firstMappableProperty() ? metaObject.property(index) : QMetaProperty();
}

QStringList mappablePropertyNames(const QMetaObject &metaObject)
{
    QStringList names;
    for (int i = firstMappableProperty(); i < metaObject.propertyCount(); ++i)
        names += QString::fromUtf8(metaObject.property(i).name());
    return names;
}

const QMetaObject *declaringClass(const QMetaObject &metaObject, int propertyIndex)
{
    const QMetaObject *candidate = &metaObject;
    while (candidate->superClass() && propertyIndex < candidate->propertyOffset())
        candidate = candidate->superClass();
    return candidate;
}

QString typeName(QMetaType type)
{
    return type.isValid() ? QString::fromUtf8(type.name()) : u"(unregistered type)"_s;
}

// ------------------------------------------------------------------ option text

namespace {

const QStringList &columnOptionKeys()
{
    static const QStringList keys = {
        u"primaryKey"_s, u"column"_s,     u"type"_s,     u"length"_s,        u"nullable"_s,
        u"notNull"_s,    u"unique"_s,     u"index"_s,    u"default"_s,       u"serverDefault"_s,
        u"onUpdate"_s,   u"foreignKey"_s, u"onDelete"_s, u"autoincrement"_s, u"version"_s,
        u"transient"_s,  u"comment"_s,
    };
    return keys;
}

bool isFlagOption(const QString &key)
{
    static const QStringList flags = {
        u"primaryKey"_s, u"nullable"_s, u"notNull"_s,   u"unique"_s,
        u"index"_s,      u"version"_s,  u"transient"_s,
    };
    return flags.contains(key);
}

} // namespace

bool splitOptions(const QString &text, QList<Option> *options, QString *problem)
{
    QStringList parts;
    QString current;
    bool inQuotes = false;
    for (const QChar c : text) {
        if (c == u'\'')
            inQuotes = !inQuotes;
        if (c == u';' && !inQuotes) {
            parts += current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (inQuotes) {
        *problem = u"unterminated quote in \"%1\""_s.arg(text);
        return false;
    }
    parts += current;
    for (const QString &part : std::as_const(parts)) {
        const QString token = part.trimmed();
        if (token.isEmpty())
            continue;
        Option option;
        const qsizetype equals = token.indexOf(u'=');
        option.key = (equals < 0 ? token : token.left(equals)).trimmed();
        if (equals >= 0) {
            option.hasValue = true;
            option.value = token.mid(equals + 1).trimmed();
            if (option.value.startsWith(u'\'')) {
                if (option.value.size() < 2 || !option.value.endsWith(u'\'')) {
                    *problem = u"option \"%1\" has text after its quoted value"_s.arg(option.key);
                    return false;
                }
                option.value =
                        option.value.mid(1, option.value.size() - 2).replace(u"''"_s, u"'"_s);
                option.quoted = true;
            }
        }
        options->append(option);
    }
    return true;
}

namespace {

bool isOneOf(QMetaType type, std::initializer_list<QMetaType> types)
{
    return std::find(types.begin(), types.end(), type) != types.end();
}

// Parses a literal written in the class info into a value of `type`.
bool parseLiteral(const QString &text, QMetaType type, QVariant *value, QString *problem)
{
    const int id = type.id();
    if (!type.isValid() || id == QMetaType::QVariant || id == QMetaType::QString) {
        *value = text;
        return true;
    }
    if (id == QMetaType::QByteArray) {
        *value = text.toUtf8();
        return true;
    }
    if (id == QMetaType::Bool) {
        const QString lower = text.toLower();
        if (lower == u"true"_s || lower == u"1"_s)
            *value = true;
        else if (lower == u"false"_s || lower == u"0"_s)
            *value = false;
        else {
            *problem = u"\"%1\" is not a bool (true, false, 1 or 0)"_s.arg(text);
            return false;
        }
        return true;
    }
    if (id == QMetaType::QDateTime) {
        QDateTime dateTime = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!dateTime.isValid()) {
            *problem = u"\"%1\" is not an ISO 8601 date-time (2024-05-01T12:00:00Z)"_s.arg(text);
            return false;
        }
        if (dateTime.timeSpec() == Qt::LocalTime)
            dateTime.setTimeSpec(
                    Qt::UTC); // a default without an offset is UTC, as stored values are
        *value = dateTime;
        return true;
    }
    if (id == QMetaType::QDate || id == QMetaType::QTime) {
        const QVariant parsed = id == QMetaType::QDate
                ? QVariant(QDate::fromString(text, Qt::ISODate))
                : QVariant(QTime::fromString(text, Qt::ISODateWithMs));
        if (!parsed.isValid()
            || (id == QMetaType::QDate ? !parsed.toDate().isValid() : !parsed.toTime().isValid())) {
            *problem = u"\"%1\" is not an ISO 8601 %2"_s.arg(
                    text, id == QMetaType::QDate ? u"date"_s : u"time"_s);
            return false;
        }
        *value = parsed;
        return true;
    }
    if (id == QMetaType::QUuid) {
        const QUuid uuid = QUuid::fromString(text);
        if (uuid.isNull() && text.count(u'0') != 32) {
            *problem = u"\"%1\" is not a UUID"_s.arg(text);
            return false;
        }
        *value = QVariant::fromValue(uuid);
        return true;
    }
    if (isOneOf(type,
                { QMetaType::fromType<QJsonDocument>(), QMetaType::fromType<QJsonObject>(),
                  QMetaType::fromType<QJsonArray>(), QMetaType::fromType<QVariantMap>(),
                  QMetaType::fromType<QVariantList>() })) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            *problem = u"\"%1\" is not JSON: %2"_s.arg(text, error.errorString());
            return false;
        }
        QVariant converted = QVariant::fromValue(document);
        if (type == QMetaType::fromType<QJsonObject>())
            converted = document.object();
        else if (type == QMetaType::fromType<QJsonArray>())
            converted = document.array();
        else if (type == QMetaType::fromType<QVariantMap>())
            converted = document.object().toVariantMap();
        else if (type == QMetaType::fromType<QVariantList>())
            converted = document.array().toVariantList();
        *value = converted;
        return true;
    }
    QVariant converted(text);
    if (text.isEmpty() || !converted.convert(type)) {
        *problem = u"\"%1\" is not a valid %2"_s.arg(text, typeName(type));
        return false;
    }
    *value = converted;
    return true;
}

// "string(40)", "numeric(10, 2)", "bigInteger"... A null SqlType and a problem when wrong.
SqlType parseType(const QString &spec, QMetaType propertyType, QString *problem)
{
    static const QStringList names = {
        u"string"_s,   u"text"_s,   u"integer"_s, u"bigInteger"_s, u"smallInteger"_s,
        u"boolean"_s,  u"double"_s, u"numeric"_s, u"date"_s,       u"time"_s,
        u"dateTime"_s, u"uuid"_s,   u"json"_s,    u"binary"_s,
    };
    QString name = spec;
    QList<int> arguments;
    const qsizetype open = spec.indexOf(u'(');
    if (open >= 0) {
        if (!spec.endsWith(u')')) {
            *problem = u"type \"%1\" has an unclosed parenthesis"_s.arg(spec);
            return {};
        }
        name = spec.left(open).trimmed();
        const QStringList parts = spec.mid(open + 1, spec.size() - open - 2).split(u',');
        for (const QString &part : parts) {
            bool ok = false;
            const int number = part.trimmed().toInt(&ok);
            if (!ok || number < 0) {
                *problem = u"type \"%1\" needs numbers in parentheses"_s.arg(spec);
                return {};
            }
            arguments += number;
        }
    }
    auto arity = [&](int most) {
        if (arguments.size() <= most)
            return true;
        *problem = u"type \"%1\" takes %2"_s.arg(
                spec, most == 0 ? u"no arguments"_s : u"at most %1 arguments"_s.arg(most));
        return false;
    };
    if (name == u"string"_s)
        return arity(1) ? SqlType::string(arguments.value(0)) : SqlType();
    if (name == u"numeric"_s) {
        if (!arity(2))
            return {};
        if (arguments.isEmpty() || arguments[0] == 0) {
            *problem = u"type \"%1\" needs a precision: numeric(precision, scale)"_s.arg(spec);
            return {};
        }
        return SqlType::numeric(arguments[0], arguments.value(1));
    }
    if (!arity(0))
        return {};
    if (name == u"text"_s)
        return SqlType::text();
    if (name == u"integer"_s)
        return SqlType::integer();
    if (name == u"bigInteger"_s)
        return SqlType::bigInteger();
    if (name == u"smallInteger"_s)
        return SqlType::smallInteger();
    if (name == u"boolean"_s)
        return SqlType::boolean();
    if (name == u"double"_s)
        return SqlType::doublePrecision();
    if (name == u"date"_s)
        return SqlType::date();
    if (name == u"time"_s)
        return SqlType::time();
    if (name == u"dateTime"_s)
        return SqlType::dateTime();
    if (name == u"uuid"_s)
        return SqlType::uuid();
    if (name == u"binary"_s)
        return SqlType::binary();
    if (name == u"json"_s) {
        const bool jsonValue =
                isOneOf(propertyType,
                        { QMetaType::fromType<QJsonDocument>(), QMetaType::fromType<QJsonObject>(),
                          QMetaType::fromType<QJsonArray>(), QMetaType::fromType<QVariantMap>(),
                          QMetaType::fromType<QVariantList>() });
        return jsonValue ? SqlType::json(propertyType) : SqlType::json();
    }
    *problem = u"unknown type \"%1\"%2; the types are %3"_s.arg(spec, suggestion(name, names),
                                                                names.join(u", "_s));
    return {};
}

// A client-side "now" for a date/time column, evaluated per row.
ColumnDefault nowDefault(SqlType::Kind kind)
{
    switch (kind) {
    case SqlType::DateTime:
        return ColumnDefault(std::function<QVariant()>(
                [] { return QVariant(QDateTime::currentDateTimeUtc()); }));
    case SqlType::Date:
        return ColumnDefault(std::function<QVariant()>(
                [] { return QVariant(QDateTime::currentDateTimeUtc().date()); }));
    case SqlType::Time:
        return ColumnDefault(std::function<QVariant()>(
                [] { return QVariant(QDateTime::currentDateTimeUtc().time()); }));
    default:
        return {};
    }
}

bool isDateOrTime(SqlType::Kind kind)
{
    return kind == SqlType::DateTime || kind == SqlType::Date || kind == SqlType::Time;
}

} // namespace

// ------------------------------------------------------------------ MappingParser

MappingParser::MappingParser(const QMetaObject &metaObject, const TypeMap &typeMap)
    : m_metaObject(metaObject),
      m_typeMap(typeMap)
{
    // Most derived first, so that a subclass's entry hides its base's entry of the same name.
    QSet<QString> seen;
    for (int i = metaObject.classInfoCount() - 1; i >= 0; --i) {
        const QMetaClassInfo info = metaObject.classInfo(i);
        const QString key = QString::fromUtf8(info.name());
        if (!key.startsWith(u"qorm."_s))
            continue;
        const QMetaObject *declaredBy = &metaObject;
        while (declaredBy->superClass() && i < declaredBy->classInfoOffset())
            declaredBy = declaredBy->superClass();
        if (key == u"qorm.exclude"_s) {
            parseClassInfo(key, QString::fromUtf8(info.value()), declaredBy);
            continue;
        }
        if (seen.contains(key))
            continue;
        seen.insert(key);
        parseClassInfo(key, QString::fromUtf8(info.value()), declaredBy);
    }
}

QStringList splitList(const QString &text)
{
    QStringList result;
    for (const QString &part : text.split(u',')) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            result += trimmed;
    }
    return result;
}

bool MappingParser::checkProperty(const QString &property, const QString &key)
{
    if (mappableProperty(m_metaObject, property).isValid())
        return true;
    m_problems += u"property \"%1\" named in Q_CLASSINFO(\"%2\") does not exist%3"_s.arg(
            property, key, suggestion(property, mappablePropertyNames(m_metaObject)));
    return false;
}

void MappingParser::parseClassInfo(const QString &key, const QString &value,
                                   const QMetaObject *declaredBy)
{
    static const QString columnPrefix = u"qorm.column."_s;
    static const QString relationshipPrefix = u"qorm.relationship."_s;
    static const QString indexPrefix = u"qorm.index."_s;
    static const QString labelPrefix = u"qorm.label."_s;

    if (key == u"qorm.table"_s) {
        if (declaredBy == &m_metaObject)
            m_options.table = value.trimmed();
        else
            m_tableInheritedFrom = declaredBy;
    } else if (key == u"qorm.schema"_s) {
        m_options.schema = value.trimmed();
    } else if (key == u"qorm.comment"_s) {
        m_options.comment = value;
    } else if (key == u"qorm.primaryKey"_s) {
        const QStringList properties = splitList(value);
        if (properties.isEmpty())
            m_problems += u"Q_CLASSINFO(\"qorm.primaryKey\") lists no property"_s;
        for (const QString &property : properties) {
            if (checkProperty(property, key))
                m_options.primaryKey += property;
        }
    } else if (key == u"qorm.exclude"_s) {
        for (const QString &property : splitList(value)) {
            if (checkProperty(property, key) && !m_options.exclude.contains(property))
                m_options.exclude += property;
        }
    } else if (key.startsWith(columnPrefix) && key.size() > columnPrefix.size()) {
        const QString property = key.mid(columnPrefix.size());
        if (checkProperty(property, key))
            parseColumn(property, value);
    } else if (key.startsWith(relationshipPrefix) && key.size() > relationshipPrefix.size()) {
        const QString property = key.mid(relationshipPrefix.size());
        if (checkProperty(property, key))
            m_options.relationships.insert(property, value.trimmed());
    } else if (key.startsWith(indexPrefix) && key.size() > indexPrefix.size()) {
        parseIndex(key.mid(indexPrefix.size()), value);
    } else if (key == u"qorm.display"_s) {
        // For the list models: the property of an object's display role.
        (void)checkProperty(value.trimmed(), key);
    } else if (key.startsWith(labelPrefix) && key.size() > labelPrefix.size()) {
        // For the table adapter: a property's header text.
        (void)checkProperty(key.mid(labelPrefix.size()), key);
    } else {
        // A typo: compare the whole key, or its middle part for the keys that take a name.
        static const QStringList plainKeys = { u"qorm.table"_s,   u"qorm.schema"_s,
                                               u"qorm.comment"_s, u"qorm.primaryKey"_s,
                                               u"qorm.exclude"_s, u"qorm.display"_s };
        const QStringList parts = key.split(u'.');
        QString guess;
        if (parts.size() >= 3) {
            const QString kind = closestMatch(
                    parts[1], { u"column"_s, u"relationship"_s, u"index"_s, u"label"_s });
            if (!kind.isEmpty())
                guess = u"qorm."_s + kind + u'.' + parts.mid(2).join(u'.');
        } else {
            guess = closestMatch(key, plainKeys);
        }
        m_problems +=
                u"unknown class info \"%1\"%2; Qorm reads qorm.table, qorm.schema, qorm.comment, "
                u"qorm.primaryKey, qorm.exclude, qorm.display, qorm.column.<property>, "
                u"qorm.relationship.<property>, qorm.label.<property> "
                u"and qorm.index.<name>"_s.arg(
                        key, guess.isEmpty() ? QString() : u" (did you mean \"%1\"?)"_s.arg(guess));
    }
}

void MappingParser::parseColumn(const QString &property, const QString &text)
{
    const QMetaProperty metaProperty = mappableProperty(m_metaObject, property);
    const QMetaType propertyType = metaProperty.metaType();
    const QString where = u"property \"%1\": "_s.arg(property);
    const int problemsBefore = int(m_problems.size());

    QList<Option> parsed;
    QString problem;
    if (!splitOptions(text, &parsed, &problem)) {
        m_problems += where + problem;
        return;
    }
    QHash<QString, Option> options;
    for (const Option &option : std::as_const(parsed)) {
        if (!columnOptionKeys().contains(option.key)) {
            m_problems += where
                    + u"unknown option \"%1\" in Q_CLASSINFO(\"qorm.column.%2\")%3"_s.arg(
                            option.key, property, suggestion(option.key, columnOptionKeys()));
            continue;
        }
        if (options.contains(option.key)) {
            m_problems += where + u"option \"%1\" is given twice"_s.arg(option.key);
            continue;
        }
        if (isFlagOption(option.key) && option.hasValue) {
            m_problems += where
                    + u"option \"%1\" takes no value (write \"%1\", not \"%1=%2\")"_s.arg(
                            option.key, option.value);
            continue;
        }
        if (!isFlagOption(option.key) && !option.hasValue) {
            m_problems += where + u"option \"%1\" needs a value (%1=...)"_s.arg(option.key);
            continue;
        }
        options.insert(option.key, option);
    }
    if (int(m_problems.size()) != problemsBefore)
        return;

    if (options.contains(u"transient"_s)) {
        if (options.size() > 1)
            m_problems += where
                    + u"\"transient\" leaves the property unmapped and takes no other option"_s;
        else if (!m_options.exclude.contains(property))
            m_options.exclude += property;
        return;
    }

    ColumnMapping mapping;
    auto has = [&](const QString &key) { return options.contains(key); };
    auto value = [&](const QString &key) { return options.value(key).value; };

    mapping.primaryKey = has(u"primaryKey"_s);
    mapping.unique = has(u"unique"_s);
    mapping.index = has(u"index"_s);
    mapping.version = has(u"version"_s);
    if (has(u"nullable"_s) && has(u"notNull"_s))
        m_problems += where + u"\"nullable\" and \"notNull\" contradict each other"_s;
    else if (has(u"nullable"_s))
        mapping.nullable = true;
    else if (has(u"notNull"_s))
        mapping.nullable = false;

    if (has(u"column"_s)) {
        mapping.column = value(u"column"_s);
        if (mapping.column.isEmpty())
            m_problems += where + u"column= needs a column name"_s;
    }
    if (has(u"comment"_s))
        mapping.comment = value(u"comment"_s);
    if (has(u"length"_s)) {
        bool ok = false;
        mapping.length = value(u"length"_s).toInt(&ok);
        if (!ok || mapping.length <= 0) {
            m_problems += where
                    + u"length must be a positive integer, not \"%1\""_s.arg(value(u"length"_s));
            mapping.length = 0;
        }
    }
    if (has(u"type"_s)) {
        QString typeProblem;
        mapping.type = parseType(value(u"type"_s), propertyType, &typeProblem);
        if (!mapping.type.isValid())
            m_problems += where + typeProblem;
    }
    if (has(u"autoincrement"_s)) {
        const QString text = value(u"autoincrement"_s);
        if (text == u"no"_s)
            mapping.autoincrement = Autoincrement::No;
        else if (text == u"yes"_s)
            mapping.autoincrement = Autoincrement::Yes;
        else if (text == u"auto"_s)
            mapping.autoincrement = Autoincrement::Auto;
        else
            m_problems += where + u"autoincrement is yes, no or auto, not \"%1\""_s.arg(text);
    }
    if (has(u"foreignKey"_s)) {
        const QString target = value(u"foreignKey"_s);
        const QStringList parts = target.split(u'.');
        const bool wellFormed = (parts.size() == 2 || parts.size() == 3)
                && std::none_of(parts.cbegin(), parts.cend(),
                                [](const QString &part) { return part.trimmed().isEmpty(); });
        if (!wellFormed) {
            m_problems += where
                    + u"foreignKey must name table.column (or schema.table.column), not \"%1\""_s
                              .arg(target);
        } else {
            ForeignKeyOptions foreignKeyOptions;
            if (has(u"onDelete"_s)) {
                static const QHash<QString, ReferentialAction> actions = {
                    { u"cascade"_s, ReferentialAction::Cascade },
                    { u"setNull"_s, ReferentialAction::SetNull },
                    { u"restrict"_s, ReferentialAction::Restrict },
                    { u"noAction"_s, ReferentialAction::NoAction },
                    { u"setDefault"_s, ReferentialAction::SetDefault },
                };
                const QString action = value(u"onDelete"_s);
                if (actions.contains(action))
                    foreignKeyOptions.onDelete = actions.value(action);
                else
                    m_problems += where
                            + u"onDelete is cascade, setNull, restrict, noAction or setDefault, not \"%1\"%2"_s
                                      .arg(action, suggestion(action, actions.keys()));
            }
            mapping.foreignKey = ForeignKey(target, foreignKeyOptions);
        }
    } else if (has(u"onDelete"_s)) {
        m_problems += where + u"onDelete needs a foreignKey=table.column in the same Q_CLASSINFO"_s;
    }

    // Literals are read as the property's C++ type (a QVariant property: the type= given).
    const SqlType sqlType = mapping.type.isValid() ? mapping.type : m_typeMap.sqlType(propertyType);
    const QMetaType literalType = propertyType.id() == QMetaType::QVariant && mapping.type.isValid()
            ? mapping.type.valueType()
            : propertyType;
    auto clientValue = [&](const QString &key, ColumnDefault *target) {
        if (!has(key))
            return;
        const Option option = options.value(key);
        if (!option.quoted && option.value == u"now"_s) {
            if (isDateOrTime(sqlType.kind()))
                *target = nowDefault(sqlType.kind());
            else
                m_problems += where
                        + u"%1=now needs a QDateTime, QDate or QTime property, not %2"_s.arg(
                                key, typeName(propertyType));
            return;
        }
        QVariant literalValue;
        QString literalProblem;
        if (parseLiteral(option.value, literalType, &literalValue, &literalProblem))
            *target = ColumnDefault(literalValue);
        else
            m_problems += where + key + u": "_s + literalProblem;
    };
    clientValue(u"default"_s, &mapping.defaultValue);
    clientValue(u"onUpdate"_s, &mapping.onUpdate);
    if (has(u"serverDefault"_s)) {
        const Option option = options.value(u"serverDefault"_s);
        if (!option.quoted && option.value == u"now"_s) {
            if (isDateOrTime(sqlType.kind()))
                mapping.serverDefault = Function::now();
            else
                m_problems += where
                        + u"serverDefault=now needs a QDateTime, QDate or QTime property, not %1"_s
                                  .arg(typeName(propertyType));
        } else {
            QVariant literalValue;
            QString literalProblem;
            if (parseLiteral(option.value, literalType, &literalValue, &literalProblem))
                mapping.serverDefault = literal(literalValue, sqlType);
            else
                m_problems += where + u"serverDefault: "_s + literalProblem;
        }
    }
    m_options.columns.insert(property, mapping);
}

void MappingParser::parseIndex(const QString &name, const QString &text)
{
    const QString key = u"qorm.index."_s + name;
    const QStringList parts = text.split(u';');
    IndexMapping index;
    index.name = name;
    index.properties = splitList(parts.value(0));
    if (index.properties.isEmpty())
        m_problems += u"Q_CLASSINFO(\"%1\") lists no property"_s.arg(key);
    for (const QString &part : parts.mid(1)) {
        const QString option = part.trimmed();
        if (option.isEmpty())
            continue;
        if (option == u"unique"_s)
            index.uniqueness = Index::Unique;
        else
            m_problems +=
                    u"unknown option \"%1\" in Q_CLASSINFO(\"%2\")%3; an index takes only \"unique\""_s
                            .arg(option, key, suggestion(option, { u"unique"_s }));
    }
    m_options.indexes += index;
}

} // namespace Qorm::Detail
//! \endcond
