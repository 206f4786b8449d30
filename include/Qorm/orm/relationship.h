// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QFlags>
#include <QtCore/QString>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QDebug;
struct QMetaObject;
QT_END_NAMESPACE

namespace Qorm {

class Mapper;
class RelationshipPrivate;

/*
    Which side holds the foreign key. ManyToOne: this class's columns reference
    the target (Address.user). OneToMany: the target's columns reference this
    class (User.addresses; a one-to-one parent side is a OneToMany whose
    property is a single object). ManyToMany: an association table references
    both.
*/
enum class RelationshipDirection : quint8 { ManyToOne, OneToMany, ManyToMany };

/*
    When a relationship's objects are read (SQLAlchemy's lazy= values). Lazy:
    a collection on first access, a reference when its object is loaded (from
    the identity map, else one select-IN for the whole result). Joined: a LEFT
    OUTER JOIN in the same query. SelectIn: one SELECT ... IN (<=500 keys) per
    chunk after the query. Raise: an access that would load is an error naming
    the relationship. NoLoad: never loaded (empty). WriteOnly: never loaded
    whole; pages are fetched on demand.
*/
enum class LoadStrategy : quint8 { Lazy, Joined, SelectIn, Raise, NoLoad, WriteOnly };

enum class CascadeOption : quint16 {
    SaveUpdate = 0x1,   // adding the owner adds the related objects
    Merge = 0x2,        // merge() follows the relationship
    Delete = 0x4,       // removing the owner removes the related objects
    DeleteOrphan = 0x8, // an object taken out of the collection is deleted
    Expunge = 0x10,     // expunge() follows the relationship
    Refresh = 0x20,     // refresh() follows the relationship
    All = SaveUpdate | Merge | Delete | Expunge | Refresh,
};
Q_DECLARE_FLAGS(Cascade, CascadeOption)

/*
    One relationship of a mapped class, declared with
    Q_CLASSINFO("qorm.relationship.<property>", "<Target>; option=value; ...")
    on an object-valued property (a reference) or a collection property
    (Qorm::EntityListModel). See docs/relationships.md.
*/
class QORM_EXPORT Relationship
{
public:
    Relationship() noexcept;
    Relationship(const Relationship &other) noexcept;
    Relationship(Relationship &&other) noexcept;
    Relationship &operator=(const Relationship &other) noexcept;
    Relationship &operator=(Relationship &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    ~Relationship();
    void swap(Relationship &other) noexcept { d.swap(other.d); }

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] QString name() const; // the property
    [[nodiscard]] const QMetaObject *ownerClass() const;
    [[nodiscard]] const QMetaObject *targetClass() const;
    [[nodiscard]] RelationshipDirection direction() const;
    [[nodiscard]] bool isCollection() const; // else a single object (reference)
    [[nodiscard]] QString backPopulates() const;
    [[nodiscard]] Cascade cascade() const;
    [[nodiscard]] LoadStrategy strategy() const;
    // Collections: the target properties kept in order, a leading '-' for descending.
    [[nodiscard]] QStringList orderBy() const;
    // The foreign-key properties: on the owner class (ManyToOne) or the target (OneToMany),
    // in the order of the referenced key.
    [[nodiscard]] QStringList foreignKeyProperties() const;
    // The association table of a ManyToMany.
    [[nodiscard]] Table secondary() const;
    // Deleting the owner leaves the related rows to the database's ON DELETE.
    [[nodiscard]] bool passiveDeletes() const;

    bool operator==(const Relationship &other) const noexcept { return d == other.d; }
    bool operator!=(const Relationship &other) const noexcept { return d != other.d; }

private:
    friend class RelationshipPrivate;
    QExplicitlySharedDataPointer<RelationshipPrivate> d;
};

QORM_EXPORT QDebug operator<<(QDebug debug, const Relationship &relationship);

} // namespace Qorm

Q_DECLARE_OPERATORS_FOR_FLAGS(Qorm::Cascade)
Q_DECLARE_SHARED(Qorm::Relationship)
