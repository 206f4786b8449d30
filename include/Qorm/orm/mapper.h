// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/types.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QFlags>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QMetaProperty>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

QT_BEGIN_NAMESPACE
class QDebug;
struct QMetaObject;
QT_END_NAMESPACE

namespace Qorm {

class ColumnPropertyPrivate;
class MapperPrivate;
class Registry;
class Relationship;

/*
    How one property maps to a column: the C++ spelling of the options that
    Q_CLASSINFO("qorm.column.<property>", "...") gives. A field left at its
    default means "as derived from the property". (Every field has an
    initializer, so designated initializers that skip fields draw no
    -Wmissing-field-initializers warning from GCC.)
*/
struct ColumnMapping
{
    bool primaryKey = false; //!< (Part of) the primary key.
    QString column{};        //!< The column name; empty: the property name.
    SqlType type{};          //!< Invalid: the registry's TypeMap entry for the property type.
    int length = 0;          //!< When > 0: VARCHAR(length) (string columns only).
    std::optional<bool>
            nullable{};  //!< Unset: NOT NULL for the primary key and the version, else nullable.
    bool unique = false; //!< A UNIQUE constraint on the column alone.
    bool index = false;  //!< An index on the column alone.
    ColumnDefault defaultValue{}; //!< Client-side, used by INSERT when no value is given.
    Expression serverDefault{};   //!< DDL DEFAULT, e.g. Function::now() or literal(0).
    ColumnDefault onUpdate{};     //!< Client-side, used by UPDATE when the column is not set.
    ForeignKey foreignKey{};      //!< The column references another table's column.
    Autoincrement autoincrement = Autoincrement::Auto; //!< Whether the database generates it.
    bool version = false; //!< The optimistic-concurrency version counter (an integer).
    QString comment{};    //!< The column comment in the DDL.
};

/*
    A table-level index over several properties (or column names).
*/
struct IndexMapping
{
    QString name{};           //!< The index's name.
    QStringList properties{}; //!< Its properties (or column names), in index order.
    Index::Uniqueness uniqueness = Index::NonUnique; //!< Whether it is a unique index.
};

/*
    The imperative form of a class's mapping. Registry::map() reads the class's
    Q_CLASSINFO first; the fields given here then take precedence.
*/
struct MapperOptions
{
    QString table{};  //!< The table name; empty: qorm.table.
    QString schema{}; //!< The schema; empty: qorm.schema.
    QMap<QString, ColumnMapping>
            columns{};             //!< By property; replaces that property's qorm.column text.
    QStringList primaryKey{};      //!< Properties, in key order; replaces qorm.primaryKey.
    QStringList exclude{};         //!< Properties that are not columns, added to qorm.exclude.
    QList<IndexMapping> indexes{}; //!< Added to qorm.index.*; one of the same name replaces it.
    QMap<QString, QString>
            relationships{}; //!< Property -> declaration text, as in qorm.relationship.*.
    QString comment{};       //!< The table comment; empty: qorm.comment.
};

enum class ColumnFlag {
    PrimaryKey = 0x1,
    Nullable = 0x2,
    Unique = 0x4,
    Indexed = 0x8,
    Autoincrement = 0x10,
    Version = 0x20,
    ForeignKey = 0x40,
    ClientDefault = 0x80,
    ServerDefault = 0x100,
    OnUpdate = 0x200,
};
Q_DECLARE_FLAGS(ColumnFlags, ColumnFlag)

/*
    One mapped property: which Q_PROPERTY, which column, which SQL type.
*/
class QORM_EXPORT ColumnProperty
{
public:
    ColumnProperty() noexcept;
    ColumnProperty(const ColumnProperty &other) noexcept;
    ColumnProperty(ColumnProperty &&other) noexcept;
    ColumnProperty &operator=(const ColumnProperty &other) noexcept;
    ColumnProperty &operator=(ColumnProperty &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    ~ColumnProperty();
    void swap(ColumnProperty &other) noexcept { d.swap(other.d); }

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] QString propertyName() const;
    [[nodiscard]] QMetaProperty metaProperty() const;
    // The class that declares the property: the mapped class or one of its bases.
    [[nodiscard]] const QMetaObject *declaringClass() const;
    [[nodiscard]] QString columnName() const;
    [[nodiscard]] Column column() const; // the table's column, usable in statements
    [[nodiscard]] SqlType sqlType() const;
    [[nodiscard]] ColumnFlags flags() const;
    [[nodiscard]] bool isPrimaryKey() const;
    [[nodiscard]] bool isNullable() const;
    [[nodiscard]] bool isVersion() const;

    bool operator==(const ColumnProperty &other) const noexcept { return d == other.d; }
    bool operator!=(const ColumnProperty &other) const noexcept { return d != other.d; }

private:
    friend class MapperPrivate;
    QExplicitlySharedDataPointer<ColumnPropertyPrivate> d;
};

/*
    The mapping of one QObject class to one table, made by Registry::map().
    Copies share the same mapping; a default-constructed Mapper is invalid.
*/
class QORM_EXPORT Mapper
{
public:
    Mapper() noexcept;
    Mapper(const Mapper &other) noexcept;
    Mapper(Mapper &&other) noexcept;
    Mapper &operator=(const Mapper &other) noexcept;
    Mapper &operator=(Mapper &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    ~Mapper();
    void swap(Mapper &other) noexcept { d.swap(other.d); }

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] const QMetaObject *metaObject() const;
    [[nodiscard]] QString className() const;
    [[nodiscard]] Table table() const;

    // In column order: the base classes' properties first, each class in declaration order.
    [[nodiscard]] QList<ColumnProperty> columnProperties() const;
    [[nodiscard]] ColumnProperty columnProperty(const QString &propertyName) const;
    [[nodiscard]] Column columnFor(const QString &propertyName) const; // invalid when not mapped
    [[nodiscard]] QString
    propertyFor(const QString &columnName) const;           // empty when no property maps to it
    [[nodiscard]] QList<ColumnProperty> primaryKey() const; // in key order
    [[nodiscard]] ColumnProperty versionProperty() const;   // invalid when there is none
    // Properties that are not columns: excluded, transient or relationships.
    [[nodiscard]] QStringList unmappedProperties() const;
    // property -> the declaration text of Q_CLASSINFO("qorm.relationship.<property>", ...)
    [[nodiscard]] QMap<QString, QString> relationshipDeclarations() const;
    // The relationships, in property order; resolved (targets, foreign keys) once the registry
    // is configured (Registry::configure()).
    [[nodiscard]] QList<Relationship> relationships() const;
    [[nodiscard]] Relationship relationship(const QString &propertyName) const; // invalid if none

    bool operator==(const Mapper &other) const noexcept { return d == other.d; }
    bool operator!=(const Mapper &other) const noexcept { return d != other.d; }

private:
    friend class MapperPrivate;
    QExplicitlySharedDataPointer<MapperPrivate> d;
};

QORM_EXPORT QDebug operator<<(QDebug debug, const ColumnProperty &property);
QORM_EXPORT QDebug operator<<(QDebug debug, const Mapper &mapper);

} // namespace Qorm

Q_DECLARE_OPERATORS_FOR_FLAGS(Qorm::ColumnFlags)
Q_DECLARE_SHARED(Qorm::ColumnProperty)
Q_DECLARE_SHARED(Qorm::Mapper)
