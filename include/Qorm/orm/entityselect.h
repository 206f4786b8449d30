// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/mapper.h>
#include <Qorm/orm/relationship.h>
#include <Qorm/sql/expression.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QList>
#include <QtCore/QObject>

#include <type_traits>

namespace Qorm {

class Session;

namespace Detail {
template<typename T>
constexpr void checkEntityType()
{
    static_assert(std::is_base_of_v<QObject, T>,
                  "Qorm: an entity is a mapped QObject subclass (Registry::map<T>())");
}
} // namespace Detail

/*
    The column of a mapped property, usable in expressions:
    attribute<User>(u"name"_s) == u"Alice"_s. The class is looked up among the
    classes mapped by any live Registry; an unmapped class or an unknown
    property gives an expression carrying the error, reported (naming class
    and property) when the statement is executed, with no SQL sent.
*/
[[nodiscard]] QORM_EXPORT Expression attribute(const QMetaObject &entity, const QString &property);
template<typename T>
[[nodiscard]] Expression attribute(const QString &property)
{
    Detail::checkEntityType<T>();
    return attribute(T::staticMetaObject, property);
}

/*
    SELECT of one mapped class, executed by a Session into identity-mapped
    objects. The untyped base keeps the templates thin.
*/
class QORM_EXPORT EntitySelectBase
{
public:
    explicit EntitySelectBase(const QMetaObject &entity);

    [[nodiscard]] const QMetaObject *entity() const noexcept { return m_entity; }
    // The mapper the statement was built from (invalid when the class is not mapped).
    [[nodiscard]] Mapper mapper() const { return m_mapper; }
    // The Core statement: every mapped column of the class, in mapper order.
    [[nodiscard]] Select statement() const { return m_select; }
    // Set when the class is not mapped.
    [[nodiscard]] Error error() const { return m_error; }
    // Rows for objects already in the identity map overwrite their values
    // (SQLAlchemy's populate_existing); by default they keep in-memory values.
    [[nodiscard]] bool populatesExisting() const noexcept { return m_populateExisting; }
    // LIMIT or OFFSET is set: they count rows, so collections are not joined in.
    [[nodiscard]] bool isLimited() const noexcept { return m_limited; }
    // Loading strategies this query uses instead of the relationships' own.
    [[nodiscard]] QList<std::pair<QString, LoadStrategy>> loaders() const { return m_loaders; }

protected:
    void addWhere(const Expression &condition);
    void addOrderBy(const QList<Expression> &expressions);
    void setLimit(qint64 count);
    void setOffset(qint64 count);
    void setPopulateExisting() { m_populateExisting = true; }
    void addLoader(const QString &relationship, LoadStrategy strategy);

private:
    const QMetaObject *m_entity = nullptr;
    Mapper m_mapper;
    Select m_select;
    Error m_error;
    bool m_populateExisting = false;
    QList<std::pair<QString, LoadStrategy>> m_loaders;
    bool m_limited = false;
};

template<typename T>
class EntitySelect : public EntitySelectBase
{
public:
    EntitySelect() : EntitySelectBase(T::staticMetaObject) { Detail::checkEntityType<T>(); }

    // Conditions are ANDed: where(a).where(b) is WHERE a AND b.
    [[nodiscard]] EntitySelect where(const Expression &condition) const
    {
        EntitySelect s(*this);
        s.addWhere(condition);
        return s;
    }
    [[nodiscard]] EntitySelect orderBy(const QList<Expression> &expressions) const
    {
        EntitySelect s(*this);
        s.addOrderBy(expressions);
        return s;
    }
    [[nodiscard]] EntitySelect limit(qint64 count) const
    {
        EntitySelect s(*this);
        s.setLimit(count);
        return s;
    }
    [[nodiscard]] EntitySelect offset(qint64 count) const
    {
        EntitySelect s(*this);
        s.setOffset(count);
        return s;
    }
    [[nodiscard]] EntitySelect populateExisting() const
    {
        EntitySelect s(*this);
        s.setPopulateExisting();
        return s;
    }
    // Loads `relationship` of the selected objects with `strategy` for this query (joined: in
    // the same statement; selectin: one more statement; select: left to first access; noload:
    // not at all). An unknown relationship is an error when the statement is executed.
    [[nodiscard]] EntitySelect load(const QString &relationship, LoadStrategy strategy) const
    {
        EntitySelect s(*this);
        s.addLoader(relationship, strategy);
        return s;
    }
};

template<typename T>
[[nodiscard]] EntitySelect<T> select()
{
    return EntitySelect<T>();
}

/*
    The objects a query returned, in row order (one per row, identity-mapped).
*/
class QORM_EXPORT ObjectResult
{
public:
    ObjectResult() = default;
    ObjectResult(const QList<QObject *> &objects, const Error &error)
        : m_objects(objects),
          m_error(error)
    {
    }

    [[nodiscard]] bool hasError() const { return m_error.isValid(); }
    [[nodiscard]] Error error() const { return m_error; }
    [[nodiscard]] QList<QObject *> objects() const { return m_objects; }
    [[nodiscard]] qsizetype count() const { return m_objects.size(); }
    [[nodiscard]] QObject *firstObject() const;
    // Exactly one object, else nullptr and *error (when given) says why.
    [[nodiscard]] QObject *oneObject(Error *error = nullptr) const;
    // Zero or one object; several: nullptr and *error.
    [[nodiscard]] QObject *oneOrNoObject(Error *error = nullptr) const;

private:
    QList<QObject *> m_objects;
    Error m_error;
};

template<typename T>
class ScalarResult : public ObjectResult
{
public:
    ScalarResult() = default;
    explicit ScalarResult(const ObjectResult &result) : ObjectResult(result) { }

    [[nodiscard]] QList<T *> all() const
    {
        QList<T *> result;
        const QList<QObject *> list = objects();
        result.reserve(list.size());
        for (QObject *object : list)
            result.append(static_cast<T *>(object));
        return result;
    }
    [[nodiscard]] T *first() const { return static_cast<T *>(firstObject()); }
    [[nodiscard]] T *one(Error *error = nullptr) const
    {
        return static_cast<T *>(oneObject(error));
    }
    [[nodiscard]] T *oneOrNone(Error *error = nullptr) const
    {
        return static_cast<T *>(oneOrNoObject(error));
    }
};

} // namespace Qorm
