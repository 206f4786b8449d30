// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../orm/mapper_p.h"
#include "../sql/nodes_p.h"
#include "queryfilter_p.h"

#include <Qorm/orm/relationship.h>

using namespace Qt::StringLiterals;

namespace Qorm {

// The filter compiler (queryfilter_p.h) is private: keep Doxygen out of this file.
//! \cond internal

namespace {

const QStringList &operatorNames()
{
    static const QStringList names{ u"eq"_s, u"ne"_s,    u"lt"_s,     u"le"_s,
                                    u"gt"_s, u"ge"_s,    u"like"_s,   u"ilike"_s,
                                    u"in"_s, u"notIn"_s, u"between"_s };
    return names;
}

// JavaScript's null and undefined, as a QVariantMap from QML holds them.
bool isNullValue(const QVariant &value)
{
    return !value.isValid() || value.metaType() == QMetaType::fromType<std::nullptr_t>();
}

// A JS array (QVariantList), or a QStringList from C++.
bool isListValue(const QVariant &value)
{
    return value.metaType() == QMetaType::fromType<QVariantList>()
            || value.metaType() == QMetaType::fromType<QStringList>();
}

QString describeValue(const QVariant &value)
{
    if (isNullValue(value))
        return u"null"_s;
    return QString::fromUtf8(value.typeName());
}

// A key resolved to a column: the column, and the reference path it is read through.
struct Resolved
{
    Expression column;
    QString joinPath; // empty for a property of the class itself
};

/*
    A property of `mapper`'s class, or a path through references ending at a property.
    *error names what is wrong (the caller prefixes the class and the key).
*/
Resolved resolve(const Mapper &root, const QString &path, QString *error)
{
    const QStringList steps = path.split(u'.');
    if (steps.contains(QString())) {
        *error = u"a path is property names separated by dots"_s;
        return {};
    }
    Mapper mapper = root;
    for (qsizetype i = 0; i + 1 < steps.size(); ++i) {
        const QString &step = steps.at(i);
        if (!mapper.relationships().isEmpty())
            configureRegistryOf(mapper.metaObject());
        const Relationship relationship = mapper.relationship(step);
        if (!relationship.isValid()) {
            *error = mapper.columnProperty(step).isValid()
                    ? u"%1.%2 is a property, not a reference to follow"_s.arg(mapper.className(),
                                                                              step)
                    : u"%1 has no reference \"%2\""_s.arg(mapper.className(), step);
            return {};
        }
        if (relationship.isCollection()) {
            *error = u"%1.%2 is a collection; a path follows references only (filter the "
                     u"collection's class instead)"_s.arg(mapper.className(), step);
            return {};
        }
        const Mapper target = defaultMapper(relationship.targetClass());
        if (!target.isValid()) {
            *error =
                    u"%1.%2 leads to a class no live Registry maps"_s.arg(mapper.className(), step);
            return {};
        }
        mapper = target;
    }
    const QString &last = steps.last();
    const ColumnProperty property = mapper.columnProperty(last);
    if (!property.isValid()) {
        if (mapper.relationship(last).isValid()) {
            *error = u"%1.%2 is a relationship; name one of its properties (\"%3.id\")"_s.arg(
                    mapper.className(), last, path);
        } else {
            *error = u"%1 has no mapped property \"%2\""_s.arg(mapper.className(), last);
        }
        return {};
    }
    return { property.column(), steps.mid(0, steps.size() - 1).join(u'.') };
}

class FilterCompiler
{
public:
    explicit FilterCompiler(const Mapper &mapper) : m_mapper(mapper) { }

    Expression compile(const QVariantMap &filter)
    {
        QList<Expression> conditions;
        for (auto it = filter.cbegin(); it != filter.cend() && m_error.isEmpty(); ++it) {
            if (it.key() == u"or"_s)
                conditions.append(compileOr(it.value()));
            else
                conditions.append(compileKey(it.key(), it.value()));
        }
        if (!m_error.isEmpty())
            return {};
        return conditions.size() == 1 ? conditions.first() : allOf(conditions);
    }

    QString error() const { return m_error; }
    QStringList joins() const { return m_joins; }

private:
    Expression fail(const QString &key, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = u"filter on %1: \"%2\": %3"_s.arg(m_mapper.className(), key, message);
        return {};
    }

    Expression compileOr(const QVariant &value)
    {
        if (!isListValue(value))
            return fail(u"or"_s, u"takes a list of filters, not %1"_s.arg(describeValue(value)));
        const QVariantList alternatives = value.toList();
        if (alternatives.isEmpty())
            return fail(u"or"_s, u"takes a list of filters, and it is empty"_s);
        QList<Expression> conditions;
        for (const QVariant &alternative : alternatives) {
            if (alternative.metaType() != QMetaType::fromType<QVariantMap>()) {
                return fail(u"or"_s,
                            u"takes a list of filters (objects), not of %1"_s.arg(
                                    describeValue(alternative)));
            }
            const Expression condition = compile(alternative.toMap());
            if (!m_error.isEmpty())
                return {};
            conditions.append(condition.isValid() ? condition : trueValue());
        }
        return conditions.size() == 1 ? conditions.first() : anyOf(conditions);
    }

    Expression compileKey(const QString &key, const QVariant &value)
    {
        QString error;
        const Resolved resolved = resolve(m_mapper, key, &error);
        if (!error.isEmpty())
            return fail(key, u"unknown key: "_s + error);
        if (!resolved.joinPath.isEmpty() && !m_joins.contains(resolved.joinPath))
            m_joins.append(resolved.joinPath);
        const Expression &column = resolved.column;
        if (isNullValue(value))
            return column.isNull();
        if (isListValue(value))
            return column.in(value.toList());
        if (value.metaType() != QMetaType::fromType<QVariantMap>())
            return column == Expression(value);
        const QVariantMap operators = value.toMap();
        if (operators.isEmpty())
            return fail(key, u"an object of operators, and it is empty"_s);
        QList<Expression> conditions;
        for (auto it = operators.cbegin(); it != operators.cend(); ++it) {
            const Expression condition = compileOperator(key, column, it.key(), it.value());
            if (!m_error.isEmpty())
                return {};
            conditions.append(condition);
        }
        return conditions.size() == 1 ? conditions.first() : allOf(conditions);
    }

    Expression compileOperator(const QString &key, const Expression &column, const QString &name,
                               const QVariant &value)
    {
        if (!operatorNames().contains(name)) {
            return fail(key,
                        u"unknown operator \"%1\" (operators: %2)"_s.arg(
                                name, operatorNames().join(u", "_s)));
        }
        const bool isNull = isNullValue(value);
        const bool isList = isListValue(value);
        if (name == u"eq"_s)
            return isNull ? column.isNull() : column == Expression(value);
        if (name == u"ne"_s)
            return isNull ? column.isNotNull() : column != Expression(value);
        if (name == u"in"_s || name == u"notIn"_s) {
            if (!isList)
                return fail(key, u"%1 takes a list, not %2"_s.arg(name, describeValue(value)));
            return name == u"in"_s ? column.in(value.toList()) : column.notIn(value.toList());
        }
        if (name == u"between"_s) {
            const QVariantList bounds = value.toList();
            if (!isList || bounds.size() != 2 || isNullValue(bounds.at(0))
                || isNullValue(bounds.at(1)))
                return fail(key, u"between takes a list of two values, [low, high]"_s);
            return column.between(Expression(bounds.at(0)), Expression(bounds.at(1)));
        }
        if (isNull || isList || value.metaType() == QMetaType::fromType<QVariantMap>())
            return fail(key, u"%1 takes a single value, not %2"_s.arg(name, describeValue(value)));
        const Expression operand(value);
        if (name == u"lt"_s)
            return column < operand;
        if (name == u"le"_s)
            return column <= operand;
        if (name == u"gt"_s)
            return column > operand;
        if (name == u"ge"_s)
            return column >= operand;
        if (name == u"like"_s)
            return column.like(operand);
        return column.ilike(operand);
    }

    Mapper m_mapper;
    QString m_error;
    QStringList m_joins;
};

EntitySelectBase failedSelect(const EntitySelectBase &select, const Error &error)
{
    EntitySelectEditor editor(select);
    editor.addWhere(makeError(error.text()));
    return editor;
}

} // namespace

/*
    Compiles a QueryModel filter (a JS object) for the class of \a mapper: the condition and
    the reference paths it reads. Every value is bound; an unknown key or operator gives an
    error naming the class and the key, and no condition.
*/
QueryFilter compileFilter(const Mapper &mapper, const QVariantMap &filter)
{
    QueryFilter result;
    if (!mapper.isValid()) {
        result.error = Error(Error::MappingError, u"filter: the class is not mapped"_s);
        return result;
    }
    FilterCompiler compiler(mapper);
    const Expression condition = compiler.compile(filter);
    if (!compiler.error().isEmpty()) {
        result.error = Error(Error::InvalidRequestError, compiler.error());
        return result;
    }
    result.condition = condition;
    result.joins = compiler.joins();
    return result;
}

/*
    Compiles a QueryModel orderBy list for the class of \a mapper: each name a property or a
    reference path, descending when it starts with '-'.
*/
QueryOrder compileOrderBy(const Mapper &mapper, const QStringList &orderBy)
{
    QueryOrder result;
    if (!mapper.isValid()) {
        result.error = Error(Error::MappingError, u"orderBy: the class is not mapped"_s);
        return result;
    }
    for (const QString &name : orderBy) {
        const bool descending = name.startsWith(u'-');
        const QString path = descending ? name.mid(1) : name;
        QString error;
        const Resolved resolved = path.isEmpty() ? Resolved() : resolve(mapper, path, &error);
        if (path.isEmpty())
            error = u"a property name is missing"_s;
        if (!error.isEmpty()) {
            result = QueryOrder();
            result.error = Error(Error::InvalidRequestError,
                                 u"orderBy on %1: \"%2\": unknown key: %3"_s.arg(mapper.className(),
                                                                                 name, error));
            return result;
        }
        result.terms.append(descending ? resolved.column.descending()
                                       : resolved.column.ascending());
        if (!resolved.joinPath.isEmpty() && !result.joins.contains(resolved.joinPath))
            result.joins.append(resolved.joinPath);
    }
    return result;
}

/*
    \a select with \a filter applied: its reference paths outer-joined, its condition ANDed.
*/
EntitySelectBase withFilter(const EntitySelectBase &select, const QueryFilter &filter)
{
    if (filter.hasError())
        return failedSelect(select, filter.error);
    EntitySelectEditor editor(select);
    for (const QString &path : filter.joins)
        editor.addJoin(path, FromClause::LeftJoin, nullptr);
    if (filter.condition.isValid())
        editor.addWhere(filter.condition);
    return editor;
}

/*
    \a select ordered by \a order's terms first, then by its own order.
*/
EntitySelectBase withOrder(const EntitySelectBase &select, const QueryOrder &order)
{
    if (order.hasError())
        return failedSelect(select, order.error);
    if (order.terms.isEmpty())
        return select;
    EntitySelectEditor editor(select);
    for (const QString &path : order.joins)
        editor.addJoin(path, FromClause::LeftJoin, nullptr);
    editor.setOrderBy(order.terms + select.orderTerms());
    return editor;
}

//! \endcond
} // namespace Qorm
