// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/orm/entityselect.h>

#include <QtCore/QVariantMap>

namespace Qorm {

/*
    How a bulk UPDATE or DELETE keeps the session's objects in step with the rows it changed
    (SQLAlchemy's synchronize_session):
    - Fetch: the statement returns the affected keys (RETURNING where the database has it,
      else a SELECT of the keys first) and, for an UPDATE, the new values, which the objects
      in the identity map then hold; deleted ones become deleted objects, as after a flush;
    - None: nothing is read back; objects in the session keep what they hold.
*/
enum class Synchronize : quint8 { Fetch, None };

/*
    An INSERT, UPDATE or DELETE of a mapped class's table by criteria, with property names
    where the Core statements have columns. Built with insert<T>(), update<T>(),
    deleteFrom<T>(); run by Session::execute() (or Session::scalars() for an INSERT whose
    rows come back as objects). A problem (an unmapped class, an unknown property, a key
    changed by a bulk UPDATE) is kept in error() and reported when it is run, before SQL.
*/
class QORM_EXPORT EntityDml
{
public:
    enum Kind : quint8 { Insert, Update, Delete };

    [[nodiscard]] Kind kind() const noexcept { return m_kind; }
    [[nodiscard]] const QMetaObject *entity() const noexcept { return m_entity; }
    [[nodiscard]] Mapper mapper() const { return m_mapper; }
    [[nodiscard]] Error error() const { return m_error; }
    // The Core statement, with RETURNING `returning` when given (the session adds it as it
    // needs).
    [[nodiscard]] Statement statement(const QList<Expression> &returning = {}) const;
    // INSERT: the rows given, and the statement of `count` of them from `first` (the session
    // splits large inserts to stay under the database's bound-parameter limit).
    [[nodiscard]] qsizetype rowCount() const { return m_rows.size(); }
    [[nodiscard]] Statement insertStatement(qsizetype first, qsizetype count,
                                            const QList<Expression> &returning = {}) const;
    [[nodiscard]] Expression condition() const { return m_where; }
    // UPDATE: the columns set, in call order.
    [[nodiscard]] QStringList setColumns() const;

protected:
    EntityDml(Kind kind, const QMetaObject &entity);
    void addWhere(const Expression &condition);
    void addSet(const QString &property, const Expression &value);
    void addRows(const QList<QVariantMap> &rows);
    void setConflict(const QStringList &conflictProperties, const QStringList &updateProperties,
                     bool update);

private:
    [[nodiscard]] QString columnOf(const QString &property, const char *function);
    void fail(const QString &message);

    Kind m_kind;
    const QMetaObject *m_entity = nullptr;
    Mapper m_mapper;
    Error m_error;
    Expression m_where;
    QList<std::pair<QString, Expression>> m_set; // column, value
    QList<QVariantMap> m_rows;                   // by column
    QStringList m_conflictColumns;
    QStringList m_updateColumns;
    enum class Conflict : quint8 { None, DoNothing, DoUpdate } m_conflict = Conflict::None;
};

template<typename T>
class EntityUpdate : public EntityDml
{
public:
    EntityUpdate() : EntityDml(Update, T::staticMetaObject) { Detail::checkEntityType<T>(); }
    // Conditions are ANDed. Without one, every row.
    [[nodiscard]] EntityUpdate where(const Expression &condition) const
    {
        EntityUpdate s(*this);
        s.addWhere(condition);
        return s;
    }
    // SET the property's column to a value or an expression (attribute<T>(u"plays"_s) + 1).
    [[nodiscard]] EntityUpdate set(const QString &property, const Expression &value) const
    {
        EntityUpdate s(*this);
        s.addSet(property, value);
        return s;
    }
};

template<typename T>
class EntityDelete : public EntityDml
{
public:
    EntityDelete() : EntityDml(Delete, T::staticMetaObject) { Detail::checkEntityType<T>(); }
    [[nodiscard]] EntityDelete where(const Expression &condition) const
    {
        EntityDelete s(*this);
        s.addWhere(condition);
        return s;
    }
};

template<typename T>
class EntityInsert : public EntityDml
{
public:
    EntityInsert() : EntityDml(Insert, T::staticMetaObject) { Detail::checkEntityType<T>(); }
    // Rows by property name; properties left out take their column's default.
    [[nodiscard]] EntityInsert values(const QList<QVariantMap> &rows) const
    {
        EntityInsert s(*this);
        s.addRows(rows);
        return s;
    }
    // An upsert: rows whose conflict properties (a unique key; empty: any) match a stored row
    // are skipped ...
    [[nodiscard]] EntityInsert onConflictDoNothing(const QStringList &conflictProperties = {}) const
    {
        EntityInsert s(*this);
        s.setConflict(conflictProperties, {}, false);
        return s;
    }
    // ... or update that row's `updateProperties` with the new row's values.
    [[nodiscard]] EntityInsert onConflictDoUpdate(const QStringList &conflictProperties,
                                                  const QStringList &updateProperties) const
    {
        EntityInsert s(*this);
        s.setConflict(conflictProperties, updateProperties, true);
        return s;
    }
};

template<typename T>
[[nodiscard]] EntityUpdate<T> update()
{
    return EntityUpdate<T>();
}
template<typename T>
[[nodiscard]] EntityDelete<T> deleteFrom()
{
    return EntityDelete<T>();
}
template<typename T>
[[nodiscard]] EntityInsert<T> insert()
{
    return EntityInsert<T>();
}

/*
    What a bulk statement did: the rows it changed and, synchronized, the session's objects
    among them (updated in memory, or deleted).
*/
class QORM_EXPORT BulkResult
{
public:
    BulkResult() = default;
    BulkResult(qint64 rowsAffected, const QList<QObject *> &objects, const Error &error)
        : m_rows(rowsAffected),
          m_objects(objects),
          m_error(error)
    {
    }
    [[nodiscard]] bool hasError() const { return m_error.isValid(); }
    [[nodiscard]] Error error() const { return m_error; }
    [[nodiscard]] qint64 rowsAffected() const { return m_rows; }
    [[nodiscard]] QList<QObject *> objects() const { return m_objects; }

private:
    qint64 m_rows = 0;
    QList<QObject *> m_objects;
    Error m_error;
};

} // namespace Qorm
