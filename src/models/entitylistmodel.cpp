// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/entitylistmodel.h>

#include <QtCore/QMetaMethod>

namespace Qorm {

/*!
    \class Qorm::EntityListModel
    \brief A one-to-many or many-to-many relationship collection as a list model.

    What a relationship property holds, so that a QListView, a QML ListView or a TableAdapter
    can show the collection directly, and edits through the model are edits of the relationship
    (the session's unit of work records them; the back reference follows):

    \code
    Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
    Q_CLASSINFO("qorm.relationship.addresses", "Address; backPopulates=user")
    // ...
    Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
    \endcode

    The roles, data(), setData() and the following of the items' NOTIFY signals are
    ObjectListModel's, over the relationship's target class. The collection loads on first use
    (rowCount() included), as RelationshipCollection describes.

    Signals: a change of the collection (append, insert, remove, move, clear, a reload) is
    announced with the matching rowsAboutToBeInserted()/rowsInserted(),
    rowsAboutToBeRemoved()/rowsRemoved(), rowsAboutToBeMoved()/rowsMoved() or
    modelAboutToBeReset()/modelReset() pair, followed by countChanged() when the size changed.
    The row signals are skipped while nothing observes them (no view, proxy, QML delegate model
    or spy connected, no persistent index), which keeps building large object graphs cheap;
    countChanged() is always emitted.

    Paging: only a write-only collection (\c lazy=write-only) pages. canFetchMore() is true
    while the database has rows for it that are not loaded; fetchMore() appends up to
    pageSize() of them (rowsInserted()), after an autoflush. Every other collection is whole
    once loaded and canFetchMore() is false.

    In QML (module \c Qorm) the type is \c EntityListModel, uncreatable: it is reached as a
    relationship property of a mapped object, with \c count, \c get(), \c append(),
    \c insert(), \c remove(), \c removeAt(), \c move() and \c clear().

    \sa EntityList, RelationshipCollection
*/

/*!
    \class Qorm::EntityList
    \brief The typed face of a relationship collection: iterate as T *, append T *.

    T is the relationship's target class. Declare the relationship property as
    EntityListModel * (what QML and the ORM see) and hold an EntityList<T> behind it:

    \code
    Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
    // ...
    for (Address *address : *m_addresses)
        qDebug() << address->email();
    \endcode
*/

/*!
    A collection for \a owner's relationship property \a property; \a owner is the model's
    parent too. Without \a property the model finds the property holding it on first use.
*/
EntityListModel::EntityListModel(QObject *owner, const char *property)
    : ObjectListModel(owner),
      RelationshipCollection(owner, property)
{
}

EntityListModel::~EntityListModel() = default;

/*!
    \fn bool Qorm::EntityListModel::append(QObject *object)
    Appends \a object to the relationship (where the relationship's orderBy puts it, if it has
    one). False, with lastError() saying why, for a null object, one of the wrong class, one
    already in the collection, or a collection that cannot load. Invokable from QML.
*/

/*!
    \fn bool Qorm::EntityListModel::insert(int row, QObject *object)
    Inserts \a object before \a row (0 to count); with the relationship's orderBy, the order
    decides the position instead. As append() otherwise; a \a row out of range also returns
    false. Invokable from QML.
*/

/*!
    \fn bool Qorm::EntityListModel::remove(QObject *object)
    Takes \a object out of the relationship and clears or updates its other side; with the
    \c delete-orphan cascade the session deletes it at the next flush. False, with lastError()
    set, when it is not in the collection. Invokable from QML.
*/

/*!
    \fn bool Qorm::EntityListModel::removeAt(int row)
    Removes the object at \a row; false for a row out of range. Invokable from QML.
*/

/*!
    \fn bool Qorm::EntityListModel::move(int from, int to)
    Moves the object at \a from to \a to, with QList::move() semantics (rowsMoved()). The
    order is in memory only unless the relationship has an orderBy. False, with lastError()
    set, for an index out of range. Invokable from QML.
*/

/*!
    \fn void Qorm::EntityListModel::clear()
    Removes every object from the relationship, as one rowsRemoved() for the views; each
    object's other side and the session are updated as by remove(). Invokable from QML.
*/

/*!
    \fn void Qorm::EntityListModel::setPageSize(int rows)
    Sets how many rows one fetchMore() appends to a write-only collection (at least 1).
*/

/*!
    \fn int Qorm::EntityListModel::pageSize() const
    The rows one fetchMore() appends to a write-only collection; 100 by default.
*/

/*! \fn QObject *Qorm::EntityListModel::objectAt(int row) const \reimp */

/*! \fn int Qorm::EntityListModel::rowOfObject(const QObject *object) const \reimp */

/*!
    \reimp
    The relationship's target class; null until the owner's class is mapped and the
    relationship resolved.
*/
const QMetaObject *EntityListModel::itemClass() const
{
    return relationship().targetClass(); // null until the relationship is resolved
}

/*! \reimp The collection's size; it is loaded first if it is not loaded yet. */
int EntityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
}

/*!
    \reimp
    True while a write-only collection has rows in the database that are not loaded yet; always
    false for other collections and for a valid \a parent.
*/
bool EntityListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && hasMoreToFetch();
}

/*!
    \reimp
    Appends up to pageSize() more rows of a write-only collection, after an autoflush
    (rowsInserted(), countChanged()). A failure goes to lastError() and leaves the rows as they
    are. Does nothing for other collections.
*/
void EntityListModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        (void)fetchPage(m_pageSize);
}

/*! \reimp Announces the change (begin...()) if anything observes the model. */
void EntityListModel::aboutToChange(Change change, qsizetype first, qsizetype last,
                                    qsizetype destination)
{
    m_countBefore = int(size());
    // A model nothing observes (no view, proxy, QML delegate model, tester or spy connected to
    // the change's signals, no persistent index) changes without the announcements: building a
    // new object graph, they cost as much as the rest of an append.
    using Model = QAbstractItemModel;
    const auto connected = [this](auto about, auto done) {
        return isSignalConnected(QMetaMethod::fromSignal(about))
                || isSignalConnected(QMetaMethod::fromSignal(done));
    };
    switch (change) {
    case Change::Insert:
        m_announcing = connected(&Model::rowsAboutToBeInserted, &Model::rowsInserted);
        break;
    case Change::Remove:
        m_announcing = connected(&Model::rowsAboutToBeRemoved, &Model::rowsRemoved);
        break;
    case Change::Move:
        m_announcing = connected(&Model::rowsAboutToBeMoved, &Model::rowsMoved);
        break;
    case Change::Reset:
        m_announcing = connected(&Model::modelAboutToBeReset, &Model::modelReset);
        break;
    }
    m_announcing = m_announcing || !persistentIndexList().isEmpty();
    switch (change) {
    case Change::Insert:
        if (m_announcing)
            beginInsertRows(QModelIndex(), int(first), int(last));
        break;
    case Change::Remove: {
        QList<QObject *> leaving;
        for (qsizetype row = first; row <= last; ++row)
            leaving.append(at(row));
        forgetObjects(leaving);
        if (m_announcing)
            beginRemoveRows(QModelIndex(), int(first), int(last));
        break;
    }
    case Change::Move:
        if (m_announcing)
            beginMoveRows(QModelIndex(), int(first), int(last), QModelIndex(), int(destination));
        break;
    case Change::Reset:
        forgetAll();
        if (m_announcing)
            beginResetModel();
        break;
    }
}

/*! \reimp Ends the announcement (end...()), then emits countChanged() if the size changed. */
void EntityListModel::changed(Change change)
{
    if (m_announcing) {
        switch (change) {
        case Change::Insert:
            endInsertRows();
            break;
        case Change::Remove:
            endRemoveRows();
            break;
        case Change::Move:
            endMoveRows();
            break;
        case Change::Reset:
            endResetModel();
            break;
        }
    }
    if (m_countBefore != int(size()))
        Q_EMIT countChanged();
}

} // namespace Qorm
