// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/orm/mapper.h>
#include <Qorm/orm/relationship.h>

#include <QtCore/QMetaProperty>
#include <QtCore/QSharedData>

namespace Qorm {

class RelationshipPrivate : public QSharedData
{
public:
    // Reads a declaration ("Target; option=value; ...") of `property` of `owner`. On a problem,
    // appends it (naming the property) and returns an invalid Relationship.
    static Relationship parse(const QMetaObject &owner, const QString &property,
                              const QString &text, QStringList *problems);
    // Resolves the target, the direction and the foreign keys against the mapped classes.
    // `mappers` holds every mapper of the registry (the owner's included).
    static void resolve(Relationship &relationship, const Mapper &owner,
                        const QList<Mapper> &mappers, const MetaData &metadata,
                        QStringList *problems);
    static RelationshipPrivate *get(const Relationship &relationship)
    {
        return relationship.d.data();
    }
    static bool isResolved(const Relationship &relationship)
    {
        return relationship.isValid() && relationship.d->resolved;
    }

    // The property's value, through the declaring class's static metacall (no QVariant; moc
    // requires QObject as a class's first base, so any object pointer is its QObject pointer).
    QObject *readObject(const QObject *holder) const
    {
        QObject *value = nullptr;
        int status = -1;
        void *argv[] = { &value, nullptr, &status };
        property.enclosingMetaObject()->d.static_metacall(const_cast<QObject *>(holder),
                                                          QMetaObject::ReadProperty,
                                                          property.relativePropertyIndex(), argv);
        return value;
    }

    QString name;
    QMetaProperty property;
    const QMetaObject *owner = nullptr;
    const QMetaObject *declaredTarget = nullptr; // from the property type, if it names a class
    QString targetName;                          // as declared; empty: from the property type
    bool collection = false;
    QString backPopulates;
    Cascade cascade = Cascade(CascadeOption::SaveUpdate) | CascadeOption::Merge;
    LoadStrategy strategy = LoadStrategy::Lazy;
    QStringList orderBy;
    QString foreignKey; // declared foreignKey= (a property), empty: inferred
    QString secondaryName;
    bool passiveDeletes = false;

    // Filled by resolve().
    bool resolved = false;
    const QMetaObject *target = nullptr;
    RelationshipDirection direction = RelationshipDirection::ManyToOne;
    QStringList foreignKeys; // the FK properties (owner's for ManyToOne, target's for OneToMany)
    Table secondary;
    QString secondaryOwnerColumn;  // ManyToMany: the association columns referencing the owner
    QString secondaryTargetColumn; // and the target
};

} // namespace Qorm
