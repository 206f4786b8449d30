// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/mapper.h>
#include <Qorm/orm/relationship.h>
#include <Qorm/sql/expression.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <tuple>
#include <type_traits>
#include <utility>

namespace Qorm {

class Session;

//! \cond internal
namespace Detail {
template<typename T>
constexpr void checkEntityType()
{
    static_assert(std::is_base_of_v<QObject, T>,
                  "Qorm: an entity is a mapped QObject subclass (Registry::map<T>())");
}
} // namespace Detail
//! \endcond

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
    A mapped class under an alias: the same class twice in one statement (a self-join, two
    roles of one table). Columns are reached by property, as with attribute():
        const Qorm::Aliased<Employee> manager(u"manager"_s);
        select<Employee>().join(u"reportsTo"_s, manager)
                .where(manager.attribute(u"lastName"_s) == u"Adams"_s);
    An unmapped class or an unknown property gives an expression carrying the error, reported
    when the statement is executed, with no SQL sent.
*/
class QORM_EXPORT AliasedEntity
{
public:
    AliasedEntity(const QMetaObject &entity, const QString &name);
    [[nodiscard]] const QMetaObject *entity() const noexcept { return m_entity; }
    [[nodiscard]] QString name() const { return m_name; }
    // The aliased table, for FROM and joins.
    [[nodiscard]] FromClause from() const { return m_from; }
    [[nodiscard]] Expression attribute(const QString &property) const;
    [[nodiscard]] Error error() const { return m_error; }

private:
    const QMetaObject *m_entity = nullptr;
    QString m_name;
    Mapper m_mapper;
    FromClause m_from;
    Error m_error;
};

template<typename T>
class Aliased : public AliasedEntity
{
public:
    explicit Aliased(const QString &name) : AliasedEntity(T::staticMetaObject, name)
    {
        Detail::checkEntityType<T>();
    }
};

/*
    EXISTS through a relationship (SQLAlchemy's any() and has()): whether an object has an
    item in a collection, or a reference, matching `condition` (any, when none is given).
    The subquery is correlated to the statement it is used in:
        select<Customer>().where(Qorm::any<Customer>(u"invoices"_s,
                                                     attribute<Invoice>(u"total"_s) > 20));
        select<Track>().where(!Qorm::any<Track>(u"invoiceLines"_s));  // never bought
        select<Invoice>().where(Qorm::has<Invoice>(u"customer"_s,
                                                   attribute<Customer>(u"country"_s) ==
   u"Norway"_s)); any() needs a collection, has() a reference; the other kind, an unknown
   relationship or an unmapped class give an expression carrying the error.
*/
[[nodiscard]] QORM_EXPORT Expression relationshipExists(const QMetaObject &entity,
                                                        const QString &relationship,
                                                        const Expression &condition,
                                                        bool collection);
template<typename T>
[[nodiscard]] Expression any(const QString &relationship, const Expression &condition = {})
{
    Detail::checkEntityType<T>();
    return relationshipExists(T::staticMetaObject, relationship, condition, true);
}
template<typename T>
[[nodiscard]] Expression has(const QString &relationship, const Expression &condition = {})
{
    Detail::checkEntityType<T>();
    return relationshipExists(T::staticMetaObject, relationship, condition, false);
}

/*
    The table of a mapped class joined along a path of relationships (names separated by
    dots), the ON conditions written from their foreign keys: the FROM of a Core statement
    over several classes.
        select({attribute<Artist>(u"name"_s), Function::count()})
                .from(joinedFrom<Artist>(u"albums.tracks"_s))
                .groupBy({attribute<Artist>(u"id"_s), attribute<Artist>(u"name"_s)});
    A many-to-many joins its association table too. A problem gives a source that fails to
    compile with a message naming the class and the relationship.
*/
[[nodiscard]] QORM_EXPORT FromClause joinedFrom(const QMetaObject &entity, const QString &path,
                                                FromClause::JoinType type = FromClause::InnerJoin);
template<typename T>
[[nodiscard]] FromClause joinedFrom(const QString &path,
                                    FromClause::JoinType type = FromClause::InnerJoin)
{
    Detail::checkEntityType<T>();
    return joinedFrom(T::staticMetaObject, path, type);
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
    // orderBy() was called.
    [[nodiscard]] bool isOrdered() const noexcept { return m_ordered; }
    // Loading strategies this query uses instead of the relationships' own.
    [[nodiscard]] QList<std::pair<QString, LoadStrategy>> loaders() const { return m_loaders; }
    // The classes of each row, in column order: entity() and, for select<A, B, ...>(), the
    // others.
    [[nodiscard]] QList<const QMetaObject *> entities() const;
    // The ORDER BY terms, as orderBy() was given them (directions and NULL placement included).
    [[nodiscard]] QList<Expression> orderTerms() const;
    // The full names of the tables the statement reads in FROM and its joins (association
    // tables and the sources of subqueries in FROM included), sorted, each once: what a model
    // compares Session::tablesChanged() with. Tables read only by subqueries in WHERE (any(),
    // has(), exists()) are not listed.
    [[nodiscard]] QStringList tables() const;

protected:
    void addEntity(const QMetaObject &entity); // its columns follow the others'
    void addWhere(const Expression &condition);
    void addJoin(const QString &path, FromClause::JoinType type, const AliasedEntity *into);
    void addJoin(const FromClause &source, const Expression &on, FromClause::JoinType type);
    void addGroupBy(const QList<Expression> &expressions);
    void addHaving(const Expression &condition);
    void setDistinct();
    void addOrderBy(const QList<Expression> &expressions);
    void setOrderBy(const QList<Expression> &expressions); // replaces the order
    void addColumns(const QList<Expression> &columns);     // after the entities' columns
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
    bool m_ordered = false;
    // Relationship paths joined so far, and the source each one ends at (reused by longer
    // paths: join("albums") then join("albums.tracks") joins album once).
    QList<std::pair<QString, FromClause>> m_joined;
    QList<std::pair<QString, const QMetaObject *>> m_joinedClasses;
    QList<const QMetaObject *> m_others; // select<A, B, ...>(): B, ...
};

/*
    The statement-building methods of entity selects (one class, or several per row): each
    returns a new statement of the derived type and leaves this one unchanged.
*/
template<typename Derived>
class EntitySelectMethods : public EntitySelectBase
{
public:
    using EntitySelectBase::EntitySelectBase;

    // Conditions are ANDed: where(a).where(b) is WHERE a AND b.
    [[nodiscard]] Derived where(const Expression &condition) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addWhere(condition);
        return s;
    }
    // Joins along relationships from T, the ON conditions written from their foreign keys:
    // join(u"albums.tracks"_s). Rows repeat when a collection has several matches (use
    // distinct()). A path already joined is not joined again.
    [[nodiscard]] Derived join(const QString &path) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addJoin(path, FromClause::InnerJoin, nullptr);
        return s;
    }
    [[nodiscard]] Derived outerJoin(const QString &path) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addJoin(path, FromClause::LeftJoin, nullptr);
        return s;
    }
    // The path's last class joined under `alias` (a self-join: join(u"reportsTo"_s, manager)).
    [[nodiscard]] Derived join(const QString &path, const AliasedEntity &alias) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addJoin(path, FromClause::InnerJoin, &alias);
        return s;
    }
    [[nodiscard]] Derived outerJoin(const QString &path, const AliasedEntity &alias) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addJoin(path, FromClause::LeftJoin, &alias);
        return s;
    }
    // An explicit join: any source (a table, an alias's from(), a subquery) on any condition.
    [[nodiscard]] Derived join(const FromClause &source, const Expression &on,
                               FromClause::JoinType type = FromClause::InnerJoin) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addJoin(source, on, type);
        return s;
    }
    [[nodiscard]] Derived groupBy(const QList<Expression> &expressions) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addGroupBy(expressions);
        return s;
    }
    [[nodiscard]] Derived having(const Expression &condition) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addHaving(condition);
        return s;
    }
    [[nodiscard]] Derived distinct() const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.setDistinct();
        return s;
    }
    [[nodiscard]] Derived orderBy(const QList<Expression> &expressions) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.addOrderBy(expressions);
        return s;
    }
    [[nodiscard]] Derived limit(qint64 count) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.setLimit(count);
        return s;
    }
    [[nodiscard]] Derived offset(qint64 count) const
    {
        Derived s(static_cast<const Derived &>(*this));
        s.setOffset(count);
        return s;
    }
};

template<typename T>
class EntitySelect : public EntitySelectMethods<EntitySelect<T>>
{
public:
    EntitySelect() : EntitySelectMethods<EntitySelect<T>>(T::staticMetaObject)
    {
        Detail::checkEntityType<T>();
    }

    [[nodiscard]] EntitySelect populateExisting() const
    {
        EntitySelect s(static_cast<const EntitySelect &>(*this));
        s.setPopulateExisting();
        return s;
    }
    // Loads `relationship` of the selected objects with `strategy` for this query (joined: in
    // the same statement; selectin: one more statement; select: left to first access; noload:
    // not at all). An unknown relationship is an error when the statement is executed.
    [[nodiscard]] EntitySelect load(const QString &relationship, LoadStrategy strategy) const
    {
        EntitySelect s(static_cast<const EntitySelect &>(*this));
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
    SELECT of several mapped classes per row: select<Artist, Album>().join(u"albums"_s). Each
    row gives one object of each class (identity-mapped; null where an outer join found
    nothing). Without a join the classes' tables are crossed, as in SQL.
*/
template<typename... Ts>
class TupleSelect : public EntitySelectMethods<TupleSelect<Ts...>>
{
    using First = std::tuple_element_t<0, std::tuple<Ts...>>;

public:
    TupleSelect() : EntitySelectMethods<TupleSelect<Ts...>>(First::staticMetaObject)
    {
        (Detail::checkEntityType<Ts>(), ...);
        const QMetaObject *classes[] = { &Ts::staticMetaObject... };
        for (size_t i = 1; i < sizeof...(Ts); ++i)
            this->addEntity(*classes[i]);
    }
};

//! A SELECT of the classes \c A, \c B and \c Rest per row, for Session::tuples().
template<typename A, typename B, typename... Rest>
[[nodiscard]] TupleSelect<A, B, Rest...> select()
{
    return TupleSelect<A, B, Rest...>();
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

/*
    The rows of a select<A, B, ...>(): per row, one object per class (or null).
*/
class QORM_EXPORT ObjectRowsResult
{
public:
    ObjectRowsResult() = default;
    ObjectRowsResult(const QList<QList<QObject *>> &rows, const Error &error)
        : m_rows(rows),
          m_error(error)
    {
    }
    [[nodiscard]] bool hasError() const { return m_error.isValid(); }
    [[nodiscard]] Error error() const { return m_error; }
    [[nodiscard]] QList<QList<QObject *>> objectRows() const { return m_rows; }
    [[nodiscard]] qsizetype count() const { return m_rows.size(); }

private:
    QList<QList<QObject *>> m_rows;
    Error m_error;
};

template<typename... Ts>
class TupleResult : public ObjectRowsResult
{
public:
    TupleResult() = default;
    explicit TupleResult(const ObjectRowsResult &result) : ObjectRowsResult(result) { }

    [[nodiscard]] QList<std::tuple<Ts *...>> all() const
    {
        QList<std::tuple<Ts *...>> result;
        for (const QList<QObject *> &row : objectRows())
            result.append(tupleOf(row, std::index_sequence_for<Ts...>()));
        return result;
    }

private:
    template<size_t... I>
    static std::tuple<Ts *...> tupleOf(const QList<QObject *> &row, std::index_sequence<I...>)
    {
        return std::tuple<Ts *...>(static_cast<Ts *>(row.value(qsizetype(I)))...);
    }
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
