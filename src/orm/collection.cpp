// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "collection_p.h"
#include "mapper_p.h"
#include "relationship_p.h"
#include "session_p.h"

#include <QtCore/QMetaProperty>
#include <QtCore/QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Qorm {

// ------------------------------------------------------------------ CollectionPrivate

//! \cond internal
RelationshipCollection *CollectionPrivate::of(QObject *owner, const Relationship &relationship)
{
    if (!owner || !relationship.isCollection())
        return nullptr;
    return dynamic_cast<RelationshipCollection *>(
            RelationshipPrivate::get(relationship)->readObject(owner));
}

bool CollectionPrivate::resolve() const
{
    if (RelationshipPrivate::isResolved(relationship))
        return true;
    if (!owner)
        return false;
    const Mapper mapper = defaultMapper(owner->metaObject());
    if (!mapper.isValid())
        return false;
    for (const Relationship &candidate : mapper.relationships()) {
        if (!candidate.isCollection())
            continue;
        if (property.isEmpty() ? of(owner, candidate) == q
                               : candidate.name() == QLatin1StringView(property)) {
            relationship = candidate;
            break;
        }
    }
    if (relationship.isValid() && !RelationshipPrivate::isResolved(relationship))
        configureRegistryOf(owner->metaObject()); // linked before any session configured it
    if (!relationship.isValid() && !property.isEmpty()) {
        qCWarning(lcSession).noquote()
                << u"%1 has no collection relationship \"%2\": the collection is a plain list"_s
                           .arg(QString::fromUtf8(owner->metaObject()->className()),
                                QString::fromUtf8(property));
        property.clear(); // warn once
    }
    return RelationshipPrivate::isResolved(relationship);
}

bool CollectionPrivate::resolveAs(const Relationship &known) const
{
    if (RelationshipPrivate::isResolved(relationship))
        return true;
    if (!property.isEmpty() && RelationshipPrivate::isResolved(known)
        && known.name() == QLatin1StringView(property)) {
        relationship = known;
        return true;
    }
    return resolve();
}

bool CollectionPrivate::paged() const
{
    return resolve() && relationship.strategy() == LoadStrategy::WriteOnly;
}

void CollectionPrivate::appendPage(const QList<QObject *> &objects)
{
    QList<QObject *> fresh;
    for (QObject *object : objects) {
        if (indexOf(object) < 0)
            fresh.append(object);
    }
    fetched += objects.size();
    if (fresh.isEmpty())
        return;
    const qsizetype first = items.size();
    q->aboutToChange(RelationshipCollection::Change::Insert, first, first + fresh.size() - 1, -1);
    for (QObject *object : std::as_const(fresh))
        items.append(object);
    q->changed(RelationshipCollection::Change::Insert);
}

bool CollectionPrivate::ensureLoaded() const
{
    if (loaded || loading)
        return true;
    if (paged())
        return true; // never whole: pages come through fetchPage()
    SessionPrivate *session = SessionPrivate::of(owner);
    // Loading runs the owner's session, which lives in the owner's thread: from another thread
    // the load fails before touching it (no SQL, no errorOccurred() in the wrong thread).
    if (session && !checkThread("load"))
        return false;
    if (!session || !resolve()) {
        // Not in a session: nothing to load, the collection is what was put in it.
        loaded = !session;
        return true;
    }
    return session->loadCollection(const_cast<CollectionPrivate *>(this));
}

bool CollectionPrivate::checkThread(const char *function) const
{
    if (!owner || owner->thread() == QThread::currentThread())
        return true;
    const Error error(Error::ThreadAffinityError,
                      u"RelationshipCollection::%1: called from another thread than the one its "
                      u"%2 owner lives in; nothing was changed"_s.arg(
                              QLatin1StringView(function),
                              QString::fromUtf8(owner->metaObject()->className())));
    foreignError.set(error);
    qCWarning(lcSession).noquote() << error.text();
    return false;
}

void CollectionPrivate::clearError() const
{
    lastError = Error();
    foreignError.ownerSpoke();
}

bool CollectionPrivate::fail(const Error &error) const
{
    clearError(); // the owner's error is the latest now
    lastError = error;
    qCWarning(lcSession).noquote() << error.text();
    return false;
}

qsizetype CollectionPrivate::orderedIndex(QObject *object) const
{
    const QStringList order = relationship.orderBy();
    if (order.isEmpty())
        return items.size();
    // The sort properties and the new object's values, read once.
    QList<std::pair<QByteArray, bool>> keys; // property, descending
    QVariantList values;
    for (const QString &entry : order) {
        const bool descending = entry.startsWith(u'-');
        keys.append({ (descending ? entry.mid(1) : entry).toUtf8(), descending });
        values.append(object->property(keys.last().first.constData()));
    }
    const auto before = [&](const QObject *other) {
        for (qsizetype k = 0; k < keys.size(); ++k) {
            const QPartialOrdering c =
                    QVariant::compare(values.at(k), other->property(keys.at(k).first.constData()));
            if (c == QPartialOrdering::Less)
                return !keys.at(k).second;
            if (c == QPartialOrdering::Greater)
                return keys.at(k).second;
        }
        return false;
    };
    // After the equal ones: appending keeps insertion order among equals.
    qsizetype index = items.size();
    while (index > 0 && items.at(index - 1) && before(items.at(index - 1)))
        --index;
    return index;
}

void CollectionPrivate::purge()
{
    for (qsizetype i = items.size() - 1; i >= 0; --i) {
        if (items.at(i))
            continue;
        q->aboutToChange(RelationshipCollection::Change::Remove, i, i, -1);
        items.removeAt(i);
        q->changed(RelationshipCollection::Change::Remove);
    }
}

void CollectionPrivate::setLoadedItems(const QList<QObject *> &objects)
{
    QList<QPointer<QObject>> loadedItems;
    loadedItems.reserve(objects.size());
    for (QObject *object : objects)
        loadedItems.append(object);
    setLoadedItems(std::move(loadedItems));
}

void CollectionPrivate::setLoadedItems(QList<QPointer<QObject>> &&objects)
{
    loaded = true;
    if (items.isEmpty()) {
        items = std::move(objects);
        return;
    }
    // Objects added before the load (pending ones the database does not know yet) stay.
    QList<QPointer<QObject>> merged = std::move(objects);
    const qsizetype fromDatabase = merged.size();
    for (const QPointer<QObject> &object : std::as_const(items)) {
        if (object
            && !std::any_of(merged.cbegin(), merged.cbegin() + fromDatabase,
                            [&object](const QPointer<QObject> &other) {
                                return other.data() == object.data();
                            }))
            merged.append(object);
    }
    q->aboutToChange(RelationshipCollection::Change::Reset, 0, 0, -1);
    items = std::move(merged);
    q->changed(RelationshipCollection::Change::Reset);
}

void CollectionPrivate::unload()
{
    const bool announce = !items.isEmpty();
    if (announce)
        q->aboutToChange(RelationshipCollection::Change::Reset, 0, 0, -1);
    items.clear();
    loaded = false;
    raiseOnLoad = false;
    fetched = 0;
    lastKey = QVariant();
    exhausted = false;
    clearError();
    if (announce)
        q->changed(RelationshipCollection::Change::Reset);
}

bool CollectionPrivate::add(qsizetype index, QObject *object, Origin origin)
{
    if (!checkThread("append"))
        return false;
    clearError();
    if (!object)
        return fail(
                Error(Error::InvalidRequestError, u"Cannot add a null object to a collection"_s));
    if (!ensureLoaded())
        return false;
    purge();
    if (indexOf(object) >= 0) {
        if (origin == Origin::BackPopulate)
            return true;
        return fail(Error(Error::InvalidRequestError,
                          u"The %1 object is in the collection already"_s.arg(
                                  QString::fromUtf8(object->metaObject()->className()))));
    }
    const bool related = resolve();
    if (related && !object->metaObject()->inherits(relationship.targetClass()))
        return fail(Error(Error::InvalidRequestError,
                          u"%1.%2 holds %3 objects, not %4"_s.arg(
                                  QString::fromUtf8(owner->metaObject()->className()),
                                  relationship.name(),
                                  QString::fromUtf8(relationship.targetClass()->className()),
                                  QString::fromUtf8(object->metaObject()->className()))));
    if (!related) {
        unchecked = true;
        holds = nullptr;
    }
    if (related && !relationship.orderBy().isEmpty())
        index = orderedIndex(object);
    index = qBound(qsizetype(0), index, items.size());
    q->aboutToChange(RelationshipCollection::Change::Insert, index, index, -1);
    items.insert(index, object);
    q->changed(RelationshipCollection::Change::Insert);
    if (related)
        relationshipChanged(this, object, true, origin);
    return true;
}

bool CollectionPrivate::take(qsizetype index, Origin origin)
{
    if (!checkThread("remove"))
        return false;
    clearError();
    if (index < 0 || index >= items.size())
        return fail(Error(
                Error::InvalidRequestError,
                u"Collection index %1 is out of range (size %2)"_s.arg(index).arg(items.size())));
    QObject *object = items.at(index);
    q->aboutToChange(RelationshipCollection::Change::Remove, index, index, -1);
    items.removeAt(index);
    q->changed(RelationshipCollection::Change::Remove);
    if (object && resolve())
        relationshipChanged(this, object, false, origin);
    return true;
}

void CollectionPrivate::appendEcho(QObject *object)
{
    add(items.size(), object, Origin::BackPopulate);
}

void CollectionPrivate::removeEcho(QObject *object)
{
    const qsizetype index = indexOf(object);
    if (index >= 0)
        take(index, Origin::BackPopulate);
}

qsizetype CollectionPrivate::indexOf(const QObject *object) const
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items.at(i).data() == object)
            return i;
    }
    return -1;
}
//! \endcond

// ------------------------------------------------------------------ RelationshipCollection

/*!
    \class Qorm::RelationshipCollection
    \brief The objects of one owner's one-to-many or many-to-many
    relationship, kept by the ORM; Qorm::EntityListModel shows them to views.

    The ORM loads it on first access (\c lazy=select) or with the query (\c selectin,
    \c joined), keeps the other side in step (appending an address sets its \c user),
    and cascades additions and removals to the owner's session. An owner that is in no session
    has a plain list: nothing is loaded, the collection is what was put in it.

    A collection references its objects and never owns them. An object deleted elsewhere
    leaves an empty slot: at() returns \c nullptr for it, objects() skips it, and the next
    change removes it. Use it from the owner's thread: a call from another thread changes
    nothing and fails with a ThreadAffinityError.

    The functions that read (size(), at(), objects(), indexOf()...) load the collection first
    when it is not loaded yet; a load that fails (a \c raise strategy, a database error) leaves
    the collection as it was, with lastError() saying why.

    Subclasses (EntityListModel) implement aboutToChange() and changed() to tell their views.
*/

/*!
    Creates the collection held by \a owner in its relationship property \a property. Without
    a name, the collection finds its property on first use, by reading the owner's collection
    properties. When the owner's class is not mapped, or does not declare \a property as a
    collection relationship (then with one warning on \c qorm.session), the collection is a
    plain list.
*/
RelationshipCollection::RelationshipCollection(QObject *owner, const char *property)
    : d(std::make_unique<CollectionPrivate>(this, owner, property))
{
}

/*! Destroys the collection, not its objects: it never owns them. */
RelationshipCollection::~RelationshipCollection() = default;

/*! The object whose relationship property holds this collection. */
QObject *RelationshipCollection::owner() const noexcept
{
    return d->owner;
}

/*!
    The relationship this collection holds, once the owner's class is mapped and its registry
    configured; invalid otherwise (the collection is then a plain list).
*/
Relationship RelationshipCollection::relationship() const
{
    d->resolve();
    return d->relationship;
}

/*!
    The number of objects, after loading the collection if needed. For a write-only
    collection, what was appended and fetched so far.
*/
qsizetype RelationshipCollection::size() const
{
    d->ensureLoaded();
    return d->items.size();
}

/*!
    Whether every object of the collection is a \a meta, or of a class derived from it: the
    relationship's target class is one, and every object came in through the check of that
    class (an object appended while the owner's class was not mapped yet did not).
    EntityList<T> casts without asking each object for its class then.
*/
bool RelationshipCollection::holdsOnly(const QMetaObject *meta) const
{
    if (d->holds == meta && meta)
        return true;
    // Another thread asks each object (and leaves the collection alone: resolve() writes).
    if (d->owner && d->owner->thread() != QThread::currentThread())
        return false;
    if (!meta || d->unchecked || !d->resolve() || !d->relationship.targetClass()
        || !d->relationship.targetClass()->inherits(meta))
        return false;
    d->holds = meta;
    return true;
}

/*! The object at \a index, or null when \a index is out of range or the object is gone. */
QObject *RelationshipCollection::at(qsizetype index) const
{
    d->ensureLoaded();
    return index >= 0 && index < d->items.size() ? d->items.at(index).data() : nullptr;
}

/*! The objects in collection order, without the ones deleted meanwhile. */
QList<QObject *> RelationshipCollection::objects() const
{
    d->ensureLoaded();
    QList<QObject *> objects;
    objects.reserve(d->items.size());
    for (const QPointer<QObject> &object : std::as_const(d->items)) {
        if (object)
            objects.append(object.data());
    }
    return objects;
}

/*! The position of \a object, or -1 when it is not in the collection (or null). */
qsizetype RelationshipCollection::indexOf(const QObject *object) const
{
    d->ensureLoaded();
    return object ? d->indexOf(object) : -1;
}

/*!
    Adds \a object at the end, or where the relationship's \c orderBy= puts it, sets the other
    side (backPopulates) and cascades to the owner's session (save-update).

    Returns \c false, with lastError() an InvalidRequestError saying why, for a null object, an
    object of the wrong class, one already in the collection, a collection that cannot load,
    or a call from another thread (ThreadAffinityError).
*/
bool RelationshipCollection::append(QObject *object)
{
    return d->add(d->items.size(), object, CollectionPrivate::Origin::User);
}

/*!
    Inserts \a object before position \a index (0 to size()); with \c orderBy=, the order
    decides the position instead. Otherwise as append(); an \a index out of range is one more
    reason to return \c false.
*/
bool RelationshipCollection::insert(qsizetype index, QObject *object)
{
    if (!d->checkThread("insert"))
        return false;
    if (index < 0 || index > size())
        return d->fail(Error(Error::InvalidRequestError,
                             u"Collection index %1 is out of range (size %2)"_s.arg(index).arg(
                                     d->items.size())));
    return d->add(index, object, CollectionPrivate::Origin::User);
}

/*!
    Takes \a object out of the collection and clears or updates the other side; with the
    \c delete-orphan cascade the session then deletes it at the next flush. Returns \c false,
    with lastError() set, when \a object is not in the collection or the call comes from
    another thread.
*/
bool RelationshipCollection::remove(QObject *object)
{
    if (!d->checkThread("remove"))
        return false;
    d->clearError();
    d->ensureLoaded();
    d->purge();
    const qsizetype index = indexOf(object);
    if (index < 0)
        return d->fail(Error(Error::InvalidRequestError, u"The object is not in the collection"_s));
    return d->take(index, CollectionPrivate::Origin::User);
}

/*! As remove() for the object at \a index; \c false when \a index is out of range. */
bool RelationshipCollection::removeAt(qsizetype index)
{
    if (!d->checkThread("removeAt"))
        return false;
    d->clearError();
    d->ensureLoaded();
    d->purge();
    return d->take(index, CollectionPrivate::Origin::User);
}

/*!
    Moves the object at \a from to position \a to, as QList::move() does. The order is
    in-memory only: the database keeps no position unless the relationship has \c orderBy=.
    Returns \c false, with lastError() set, when either index is out of range.
*/
bool RelationshipCollection::move(qsizetype from, qsizetype to)
{
    if (!d->checkThread("move"))
        return false;
    d->clearError();
    d->ensureLoaded();
    d->purge();
    const qsizetype n = size();
    if (from < 0 || from >= n || to < 0 || to >= n)
        return d->fail(Error(
                Error::InvalidRequestError,
                u"Cannot move collection item %1 to %2 (size %3)"_s.arg(from).arg(to).arg(n)));
    if (from == to)
        return true;
    // beginMoveRows() wants the row the item lands before, counted before the move.
    aboutToChange(Change::Move, from, from, to > from ? to + 1 : to);
    d->items.move(from, to);
    changed(Change::Move);
    return true;
}

/*!
    Removes every object (one Remove change for the views), then updates each one's other side
    and the session as remove() does. Does nothing when called from another thread but set
    lastError().
*/
void RelationshipCollection::clear()
{
    if (!d->checkThread("clear"))
        return;
    d->clearError();
    d->ensureLoaded();
    if (d->items.isEmpty())
        return;
    // One removal for the views, then each object's other side and session bookkeeping.
    const QList<QPointer<QObject>> removed = d->items;
    aboutToChange(Change::Remove, 0, removed.size() - 1, -1);
    d->items.clear();
    changed(Change::Remove);
    if (!d->resolve())
        return;
    for (const QPointer<QObject> &object : removed) {
        if (object)
            relationshipChanged(d.get(), object, false, CollectionPrivate::Origin::User);
    }
}

/*!
    True once the collection holds what the database has (or was set whole by a query's
    loader); a write-only collection never is.
*/
bool RelationshipCollection::isLoaded() const noexcept
{
    return d->loaded;
}

/*!
    For a write-only collection (\c lazy=write-only), whether the database may have rows not
    fetched yet; always \c false for other collections and outside a session.

    \sa fetchPage()
*/
bool RelationshipCollection::hasMoreToFetch() const
{
    if (!d->paged() || d->exhausted || d->loading)
        return false;
    SessionPrivate *session = SessionPrivate::of(d->owner);
    return session && session->canFetchPage(d.get());
}

/*!
    Appends up to \a count more rows of a write-only collection, after an autoflush, in the
    relationship's order; a list model calls it from fetchMore(). Returns \c false, with
    lastError() set, when the query fails or the call comes from another thread; \c true
    when there was nothing (more) to fetch.
*/
bool RelationshipCollection::fetchPage(qsizetype count)
{
    if (!d->checkThread("fetchPage"))
        return false;
    d->clearError();
    if (!hasMoreToFetch())
        return !d->lastError.isValid();
    return SessionPrivate::of(d->owner)->fetchPage(d.get(), qMax<qsizetype>(1, count));
}

/*! The error of the last failed change or load; invalid after a successful change. */
Error RelationshipCollection::lastError() const
{
    // Another thread sees only its own ThreadAffinityError, never the owner's errors.
    return d->foreignError.pick(d->lastError,
                                d->owner && d->owner->thread() != QThread::currentThread());
}

/*!
    \fn bool Qorm::RelationshipCollection::isEmpty() const
    True when size() is 0 (loading the collection first).
*/

/*!
    \fn bool Qorm::RelationshipCollection::contains(const QObject *object) const
    True when \a object is in the collection (loading it first).
*/

/*!
    \enum RelationshipCollection::Change
    \brief What aboutToChange() and changed() announce.

    \value Insert Rows are inserted.
    \value Remove Rows are removed.
    \value Move   A row moves (QAbstractItemModel::beginMoveRows() terms).
    \value Reset  The whole content is replaced (a load, an unload); the rows are ignored.
*/

/*!
    \fn void Qorm::RelationshipCollection::changed(Change change)
    Called after the \a change that aboutToChange() announced has been made.
*/

} // namespace Qorm
