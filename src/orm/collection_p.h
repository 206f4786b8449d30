// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include "../core/foreignerror_p.h"

#include <Qorm/orm/collection.h>

#include <QtCore/QByteArray>
#include <QtCore/QPointer>

namespace Qorm {

class SessionPrivate;

class CollectionPrivate
{
public:
    CollectionPrivate(RelationshipCollection *q, QObject *owner, const char *property)
        : q(q),
          owner(owner),
          property(property)
    {
    }
    static CollectionPrivate *get(RelationshipCollection *collection)
    {
        return collection->d.get();
    }
    // The collection a relationship property of `owner` holds, or null.
    static RelationshipCollection *of(QObject *owner, const Relationship &relationship);

    // Finds the relationship (once the owner's class is mapped and configured).
    bool resolve() const;
    // resolve() by a relationship known to be the collection's (its loader's): no lookup.
    bool resolveAs(const Relationship &known) const;
    // Loads the items if the owner is persistent in a session and they are not loaded yet.
    bool ensureLoaded() const;
    // The index an ordered collection puts `object` at.
    qsizetype orderedIndex(QObject *object) const;
    // Drops items deleted behind the collection's back, announcing each removal.
    void purge();
    // The loaded objects, then those added before the load that they do not include (pending
    // ones the database does not know yet); announced as a reset when there were items.
    void setLoadedItems(const QList<QObject *> &objects);
    void setLoadedItems(QList<QPointer<QObject>> &&objects);
    // Forgets the items: the next access loads them again (announced as a reset).
    void unload();

    enum class Origin : quint8 { User, BackPopulate };
    bool add(qsizetype index, QObject *object, Origin origin);
    bool take(qsizetype index, Origin origin);
    // The other side's echo of a change (back-population): no second echo, no cascade.
    void appendEcho(QObject *object);
    void removeEcho(QObject *object); // if it is there
    bool fail(const Error &error) const;
    // A change from a thread other than the owner's is refused: views and the session live there.
    bool checkThread(const char *function) const;
    qsizetype indexOf(const QObject *object) const; // without loading

    RelationshipCollection *const q;
    QObject *const owner;
    mutable QByteArray property;
    mutable Relationship relationship;
    mutable bool loaded = false;
    mutable bool loading = false;
    bool raiseOnLoad = false; // the query that loaded the owner said raise (load(..., Raise))
    // Write-only (paged) collections: rows read so far and whether the database has more.
    [[nodiscard]] bool paged() const;
    qsizetype fetched = 0;
    QVariant lastKey; // keyset paging when the order is the key's
    mutable bool exhausted = false;
    void appendPage(const QList<QObject *> &objects);
    QList<QPointer<QObject>> items;
    // RelationshipCollection::holdsOnly(): an object came in without the check of its class
    // (the relationship was not resolved yet), and the class last found to hold.
    bool unchecked = false;
    mutable const QMetaObject *holds = nullptr;
    mutable Error lastError; // the owner thread's; RelationshipCollection::lastError() reads both
    // A call from another thread leaves lastError alone (the owner thread uses it without a
    // lock): its ThreadAffinityError is kept here, for that thread, and for the owner while no
    // call of its own came after it (as SessionPrivate::foreignError).
    mutable ForeignError foreignError;
    void clearError() const; // the owner thread starts a call
};

// The other side and the session follow an object added to or taken from a collection
// (relations.cpp).
void relationshipChanged(CollectionPrivate *collection, QObject *object, bool added,
                         CollectionPrivate::Origin origin);

} // namespace Qorm
