// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/relationship.h>

#include <QtCore/QList>

#include <memory>

QT_BEGIN_NAMESPACE
class QObject;
struct QMetaObject;
QT_END_NAMESPACE

namespace Qorm {

class CollectionPrivate;

/*
    The objects of one owner's one-to-many or many-to-many relationship. The
    ORM keeps it: loads it on first access (lazy=select) or with the query
    (selectin), keeps the other side in step (appending an address sets its
    user), cascades to the session. Qorm::EntityListModel presents it to views;
    it implements aboutToChange()/changed() as the model's begin/end signals.

    A collection references its objects and never owns them.
*/
class QORM_EXPORT RelationshipCollection
{
public:
    virtual ~RelationshipCollection();
    RelationshipCollection(const RelationshipCollection &) = delete;
    RelationshipCollection &operator=(const RelationshipCollection &) = delete;

    [[nodiscard]] QObject *owner() const noexcept;
    // The relationship, once the owner's class is mapped and configured; else invalid.
    [[nodiscard]] Relationship relationship() const;

    // These load the collection first when it is not loaded yet.
    [[nodiscard]] qsizetype size() const;
    [[nodiscard]] bool isEmpty() const { return size() == 0; }
    [[nodiscard]] QObject *at(qsizetype index) const; // null out of range
    [[nodiscard]] QList<QObject *> objects() const;
    [[nodiscard]] qsizetype indexOf(const QObject *object) const;
    [[nodiscard]] bool contains(const QObject *object) const { return indexOf(object) >= 0; }

    // False (lastError() says why) for a null object, one of the wrong class, one already in
    // the collection, or a collection that cannot load. With orderBy= the object goes where the
    // order puts it, whatever the index.
    bool append(QObject *object);
    bool insert(qsizetype index, QObject *object);
    bool remove(QObject *object);
    bool removeAt(qsizetype index);
    bool move(qsizetype from, qsizetype to); // QList::move() semantics
    void clear();

    [[nodiscard]] bool isLoaded() const noexcept;

    // A write-only collection (lazy=write-only) never loads whole: it holds what was appended
    // and the pages fetched so far. hasMoreToFetch() tells whether the database has more rows
    // for it; fetchPage() appends up to `count` of them (after an autoflush). A list model
    // offers them to views through canFetchMore()/fetchMore().
    [[nodiscard]] bool hasMoreToFetch() const;
    bool fetchPage(qsizetype count = 100);
    [[nodiscard]] Error lastError() const;

protected:
    // `owner` holds the collection in its relationship property `property`; without a name
    // the collection finds its property on first use.
    explicit RelationshipCollection(QObject *owner, const char *property = nullptr);

    // Whether every object is a \a meta (or of a subclass): the relationship's target class is
    // one, and every object came in through the check of that class. EntityList<T> then casts
    // without asking each object for its class.
    [[nodiscard]] bool holdsOnly(const QMetaObject *meta) const;

    enum class Change : quint8 { Insert, Remove, Move, Reset };
    //! Before a \a change: rows \a first..\a last inserted (at \a first), removed, or moved to
    //! before row \a destination (QAbstractItemModel::beginMoveRows() terms); Reset ignores the
    //! rows. changed() follows.
    virtual void aboutToChange(Change change, qsizetype first, qsizetype last,
                               qsizetype destination) = 0;
    virtual void changed(Change change) = 0;

private:
    friend class CollectionPrivate;
    std::unique_ptr<CollectionPrivate> d;
};

} // namespace Qorm
