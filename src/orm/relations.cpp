// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Relationships in the session: both sides kept in step, cascades, foreign keys set at flush,
// collections and references loaded.

#include "../core/logging_p.h"
#include "collection_p.h"
#include "mapper_p.h"
#include "relationship_p.h"
#include "session_p.h"

#include <Qorm/orm/reference.h>

using namespace Qt::StringLiterals;

namespace Qorm {
//! \cond internal

namespace {

// > 0 while Qorm itself writes a reference: the setter's Detail::referenceChanged() call is
// then Qorm's own echo, not a user change.
thread_local int writingReference = 0;

// References are read and written through their declaring class's static metacall: no
// QVariant. (moc requires QObject to be a class's first base, so an object pointer of any
// mapped class is its QObject pointer.)
QObject *readReference(const QObject *holder, QMetaObject::Data::StaticMetacallFunction call,
                       int index)
{
    QObject *value = nullptr;
    int status = -1;
    void *argv[] = { &value, nullptr, &status };
    call(const_cast<QObject *>(holder), QMetaObject::ReadProperty, index, argv);
    return value;
}

void writeReference(QObject *holder, QMetaObject::Data::StaticMetacallFunction call, int index,
                    QObject *value)
{
    ++writingReference;
    int status = -1;
    int flags = 0;
    void *argv[] = { &value, nullptr, &status, &flags };
    call(holder, QMetaObject::WriteProperty, index, argv);
    --writingReference;
}

QObject *readReference(const QObject *holder, const QMetaProperty &property)
{
    return readReference(holder, property.enclosingMetaObject()->d.static_metacall,
                         property.relativePropertyIndex());
}

void writeReference(QObject *holder, const QMetaProperty &property, QObject *value)
{
    writeReference(holder, property.enclosingMetaObject()->d.static_metacall,
                   property.relativePropertyIndex(), value);
}

QObject *readReference(const QObject *holder, const RelationSlot &slot)
{
    return readReference(holder, slot.staticCall, slot.relativeIndex);
}

void writeReference(QObject *holder, const RelationSlot &slot, QObject *value)
{
    writeReference(holder, slot.staticCall, slot.relativeIndex, value);
}

Relationship backOf(const Relationship &relationship)
{
    if (relationship.backPopulates().isEmpty() || !relationship.targetClass())
        return {};
    // Appends and sets come in runs on one relationship: the last answer is kept (with the
    // relationship asked about, so that its address cannot be reused by another meanwhile).
    struct Last
    {
        Relationship asked;
        Relationship back;
    };
    thread_local Last last;
    if (RelationshipPrivate::get(last.asked) != RelationshipPrivate::get(relationship)) {
        last.back = defaultMapper(relationship.targetClass())
                            .relationship(relationship.backPopulates());
        last.asked = relationship;
    }
    return last.back;
}

QMetaProperty propertyOf(const Relationship &relationship)
{
    return RelationshipPrivate::get(relationship)->property;
}

// A reference of `holder` changed from `previous` to `current`: the other side follows, and the
// session learns which foreign key to write.
void referenceSet(QObject *holder, const Relationship &relationship, QObject *previous,
                  QObject *current)
{
    const Relationship back = backOf(relationship);
    if (back.isCollection()) {
        if (RelationshipCollection *old = CollectionPrivate::of(previous, back))
            CollectionPrivate::get(old)->removeEcho(holder);
        if (RelationshipCollection *now = CollectionPrivate::of(current, back))
            CollectionPrivate::get(now)->appendEcho(holder);
    } else if (back.isValid()) {
        // One-to-one: the other side points back at `holder` alone.
        const QMetaProperty backProperty = propertyOf(back);
        if (previous && readReference(previous, backProperty) == holder)
            writeReference(previous, backProperty, nullptr);
        if (current) {
            QObject *other = readReference(current, backProperty);
            if (other != holder) {
                if (other)
                    writeReference(other, propertyOf(relationship), nullptr);
                writeReference(current, backProperty, holder);
            }
        }
    }
    SessionPrivate *session = SessionPrivate::of(holder);
    if (!session)
        return;
    session->relinked(holder, previous);
    session->relinked(current);
    if (current && !SessionPrivate::of(current)
        && relationship.cascade().testFlag(CascadeOption::SaveUpdate))
        (void)session->q->add(current);
    if (relationship.direction() == RelationshipDirection::ManyToOne) {
        session->assign(holder, relationship, current);
    } else {
        // A one-to-one's parent side: the key is on the other object.
        if (previous && previous != current)
            session->assign(previous, relationship, nullptr);
        if (current)
            session->assign(current, relationship, holder);
    }
}

} // namespace

// ------------------------------------------------------------------ the user's side

bool Detail::isWritingReference() noexcept
{
    return writingReference > 0;
}

void Detail::referenceChanged(QObject *owner, const QMetaMethod &notifySignal, QObject *previous,
                              QObject *current)
{
    if (writingReference || !owner)
        return;
    const Mapper mapper = defaultMapper(owner->metaObject());
    for (const Relationship &relationship : mapper.relationships()) {
        if (relationship.isCollection()
            || propertyOf(relationship).notifySignalIndex() != notifySignal.methodIndex())
            continue;
        if (!RelationshipPrivate::isResolved(relationship))
            configureRegistryOf(owner->metaObject()); // linked before any session configured it
        if (RelationshipPrivate::isResolved(relationship))
            referenceSet(owner, relationship, previous, current);
        return;
    }
}

void relationshipChanged(CollectionPrivate *collection, QObject *object, bool added,
                         CollectionPrivate::Origin origin)
{
    const Relationship &relationship = collection->relationship;
    QObject *owner = collection->owner;
    const Relationship back = backOf(relationship);
    if (origin == CollectionPrivate::Origin::User && back.isValid()) {
        if (back.isCollection()) {
            // Many-to-many: the object's own collection gets (or loses) the owner.
            if (RelationshipCollection *other = CollectionPrivate::of(object, back)) {
                CollectionPrivate *p = CollectionPrivate::get(other);
                if (added)
                    p->appendEcho(owner);
                else
                    p->removeEcho(owner);
            }
        } else {
            const QMetaProperty backProperty = propertyOf(back);
            QObject *previous = readReference(object, backProperty);
            if (added && previous != owner) {
                // Moved from another owner: out of that owner's collection first.
                if (RelationshipCollection *old = CollectionPrivate::of(previous, relationship))
                    CollectionPrivate::get(old)->removeEcho(object);
                writeReference(object, backProperty, owner);
            } else if (!added && previous == owner) {
                writeReference(object, backProperty, nullptr);
            }
        }
    }
    SessionPrivate *session = SessionPrivate::of(owner);
    if (!session)
        session = SessionPrivate::of(object);
    if (!session)
        return;
    session->relinked(owner, object);
    if (added && origin == CollectionPrivate::Origin::User && !SessionPrivate::of(object)
        && SessionPrivate::of(owner) && relationship.cascade().testFlag(CascadeOption::SaveUpdate))
        (void)session->q->add(object);
    if (relationship.direction() == RelationshipDirection::ManyToMany) {
        // One row per pair: the side the user changed records it, the echo on the other side
        // does not.
        if (origin == CollectionPrivate::Origin::User)
            session->associate(owner, relationship, object, added);
        return;
    }
    if (SessionPrivate::of(object) != session)
        return;
    if (!added && origin == CollectionPrivate::Origin::BackPopulate) {
        // The echo of a reference set to another owner: the object moves, it is no orphan.
        // (Recording "none" here would let a load's autoflush, before the new owner is
        // recorded, delete it as one.)
        const Relationship back = backOf(relationship);
        if (back.isValid() && !back.isCollection()) {
            QObject *now = readReference(object, propertyOf(back));
            if (now && now != owner)
                return;
        }
    }
    session->assign(object, relationship, added ? owner : nullptr);
}

// ------------------------------------------------------------------ SessionPrivate

SessionPrivate *SessionPrivate::of(const QObject *object)
{
    if (!object)
        return nullptr;
    auto *bucket = dynamic_cast<SessionBucket *>(object->parent());
    return bucket ? bucket->session : nullptr;
}

QSet<const QObject *> SessionPrivate::relationshipObjects(qsizetype pendingFrom,
                                                          size_t relinkedFrom) const
{
    QSet<const QObject *> objects;
    for (auto holder = assignments.cbegin(); holder != assignments.cend(); ++holder) {
        objects.insert(holder.key());
        for (const Assignment &assignment : holder.value())
            objects.insert(assignment.target.data());
    }
    for (const Association &association : associations) {
        objects.insert(association.owner.data());
        objects.insert(association.object.data());
    }
    const std::vector<QPointer<QObject>> &relinkedObjects = levels.back().relinked;
    for (size_t i = relinkedFrom; i < relinkedObjects.size(); ++i)
        objects.insert(relinkedObjects.at(i).data());
    for (qsizetype i = pendingFrom; i < pending.size(); ++i) {
        const Instance *instance = pending.at(i);
        for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
            if (slot.relationship.direction() == RelationshipDirection::ManyToOne)
                objects.insert(readReference(instance->object, slot));
        }
    }
    objects.remove(nullptr);
    return objects;
}

void SessionPrivate::relinked(QObject *a, QObject *b)
{
    std::vector<QPointer<QObject>> &objects = levels.back().relinked;
    for (QObject *object : { a, b }) {
        if (object && of(object) == this && (objects.empty() || objects.back() != object))
            objects.emplace_back(object);
    }
}

void SessionPrivate::restoreRelationships(const std::vector<QPointer<QObject>> &objects)
{
    QList<Instance *> instances;
    QSet<const QObject *> seen;
    for (const QPointer<QObject> &object : objects) {
        if (!object || seen.contains(object.data()))
            continue;
        seen.insert(object.data());
        Instance *instance = instanceOf(object.data());
        if (instance && instance->state == ObjectState::Persistent)
            instances.append(instance);
    }
    // The object a restored foreign key names: from the identity map, else read.
    const auto referenced = [this](const Instance *holder, const RelationSlot &slot) -> QObject * {
        const QVariant key = read(holder, slot.foreignKey);
        Error error;
        ClassState *target = classFor(slot.relationship.targetClass(), &error);
        if (isNullValue(key) || !target)
            return nullptr;
        const auto find = [&] {
            Instance *found = target->integerKey ? target->byInteger.value(key.toLongLong())
                                                 : findIdentity(target, QVariantList{ key });
            return found ? found->object : nullptr;
        };
        if (QObject *object = find())
            return object;
        (void)load(target, selectFor(target).where(keyCondition(target, { key })), false);
        return find();
    };
    // The sides with the foreign key first: a one-to-one's other side is checked against them.
    for (Instance *instance : std::as_const(instances)) {
        QObject *object = instance->object;
        for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
            const Relationship &relationship = slot.relationship;
            if (relationship.isCollection()) {
                if (RelationshipCollection *collection =
                            CollectionPrivate::of(object, relationship))
                    CollectionPrivate::get(collection)->unload();
                continue;
            }
            if (relationship.direction() != RelationshipDirection::ManyToOne)
                continue;
            QObject *target = referenced(instance, slot);
            QObject *current = readReference(object, slot);
            if (target == current)
                continue;
            writeReference(object, slot, target);
            const Relationship back = backOf(relationship);
            if (back.isValid() && !back.isCollection()) {
                const QMetaProperty backProperty = propertyOf(back);
                if (current && readReference(current, backProperty) == object)
                    writeReference(current, backProperty, nullptr);
                if (target)
                    writeReference(target, backProperty, object);
            }
        }
    }
    // A one-to-one's side without the key keeps its object while that one points back.
    for (Instance *instance : std::as_const(instances)) {
        for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
            const Relationship &relationship = slot.relationship;
            if (relationship.isCollection()
                || relationship.direction() == RelationshipDirection::ManyToOne)
                continue;
            QObject *current = readReference(instance->object, slot);
            if (!current)
                continue;
            // Kept while that object is stored and points back (one added inside the
            // transaction left the session with it).
            const Instance *other = instanceOf(current);
            const Relationship back = backOf(relationship);
            if (!other || other->state != ObjectState::Persistent
                || (back.isValid() && readReference(current, propertyOf(back)) != instance->object))
                writeReference(instance->object, slot, nullptr);
        }
    }
}

void SessionPrivate::assign(QObject *holder, const Relationship &relationship, QObject *target)
{
    const QStringList keys = relationship.foreignKeyProperties();
    if (keys.isEmpty())
        return;
    assignments[holder].insert(keys.first(), Assignment{ holder, relationship, target });
}

bool SessionPrivate::associationsDue() const
{
    return std::any_of(associations.cbegin(), associations.cend(),
                       [](const Association &a) { return a.change != 0; });
}

SessionPrivate::Association *
SessionPrivate::findAssociation(QObject *owner, const Relationship &relationship, QObject *object)
{
    const RelationshipPrivate *info = RelationshipPrivate::get(relationship);
    for (Association &association : associations) {
        const RelationshipPrivate *other = RelationshipPrivate::get(association.relationship);
        if (other->secondary.fullName() != info->secondary.fullName())
            continue;
        // The same row, recorded from either side.
        if ((association.owner == owner && association.object == object && other == info)
            || (association.owner == object && association.object == owner && other != info))
            return &association;
    }
    return nullptr;
}

bool SessionPrivate::isAssociated(QObject *owner, const Relationship &relationship, QObject *object)
{
    return findAssociation(owner, relationship, object) != nullptr;
}

void SessionPrivate::associate(QObject *owner, const Relationship &relationship, QObject *object,
                               bool added)
{
    if (Association *association = findAssociation(owner, relationship, object)) {
        association->change += added ? 1 : -1;
        return;
    }
    associations.append(Association{ owner, object, relationship, added ? 1 : -1 });
    updateHasChanges();
}

/*
    merge() along relationships with cascade merge: the session's object takes the merged
    copies of what the source refers to, and its collections the merged copies of the source's
    items (in their order; items the source no longer holds leave, which delete-orphan then
    deletes).
*/
bool SessionPrivate::cascadeMerge(QObject *source, QObject *target)
{
    const Mapper mapper = defaultMapper(source->metaObject());
    for (const Relationship &relationship : mapper.relationships()) {
        if (!RelationshipPrivate::isResolved(relationship)
            || !relationship.cascade().testFlag(CascadeOption::Merge))
            continue;
        if (!relationship.isCollection()) {
            QObject *other = readReference(source, propertyOf(relationship));
            QObject *copy = other ? q->merge(other) : nullptr;
            if (other && !copy)
                return false;
            if (readReference(target, propertyOf(relationship)) != copy)
                propertyOf(relationship)
                        .write(target,
                               copy ? QVariant::fromValue(copy)
                                    : QVariant(propertyOf(relationship).metaType()));
            continue;
        }
        RelationshipCollection *from = CollectionPrivate::of(source, relationship);
        RelationshipCollection *into = CollectionPrivate::of(target, relationship);
        if (!from || !into)
            continue;
        QList<QObject *> copies;
        for (const QPointer<QObject> &item : CollectionPrivate::get(from)->items) {
            if (!item)
                continue;
            QObject *copy = q->merge(item);
            if (!copy)
                return false;
            copies.append(copy);
        }
        for (QObject *gone : into->objects()) {
            if (!copies.contains(gone) && !into->remove(gone))
                return fail(into->lastError());
        }
        for (QObject *copy : std::as_const(copies)) {
            if (!into->contains(copy) && !into->append(copy))
                return fail(into->lastError());
        }
    }
    return true;
}

QList<QObject *> SessionPrivate::cascaded(QObject *object, CascadeOption option) const
{
    QList<QObject *> related;
    const Mapper mapper = defaultMapper(object->metaObject());
    for (const Relationship &relationship : mapper.relationships()) {
        if (!RelationshipPrivate::isResolved(relationship)
            || !relationship.cascade().testFlag(option))
            continue;
        if (relationship.isCollection()) {
            if (RelationshipCollection *collection = CollectionPrivate::of(object, relationship)) {
                for (const QPointer<QObject> &item : CollectionPrivate::get(collection)->items) {
                    if (item)
                        related.append(item);
                }
            }
        } else if (QObject *target = readReference(object, propertyOf(relationship))) {
            related.append(target);
        }
    }
    return related;
}

void SessionPrivate::cascadeAdd(Instance *instance)
{
    QObject *object = instance->object;
    for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
        const Relationship &relationship = slot.relationship;
        if (!RelationshipPrivate::isResolved(relationship))
            continue;
        const bool cascades = relationship.cascade().testFlag(CascadeOption::SaveUpdate);
        if (relationship.isCollection()) {
            RelationshipCollection *collection = CollectionPrivate::of(object, relationship);
            if (!collection)
                continue;
            // A new object has no rows: its collections hold all there is (adding never loads).
            CollectionPrivate *p = CollectionPrivate::get(collection);
            if (instance->state == ObjectState::Pending)
                p->loaded = true;
            const QList<QPointer<QObject>> items = cascades ? p->items : QList<QPointer<QObject>>();
            for (const QPointer<QObject> &item : items) {
                if (item && !of(item))
                    (void)q->add(item);
            }
        } else if (QObject *target = cascades ? readReference(object, slot) : nullptr) {
            if (!of(target))
                (void)q->add(target);
        }
    }
}

bool SessionPrivate::cascadeRemove(Instance *instance)
{
    QObject *object = instance->object;
    for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
        const Relationship &relationship = slot.relationship;
        if (relationship.direction() == RelationshipDirection::ManyToMany) {
            // The association rows go with the object (the other objects stay).
            RelationshipCollection *collection = CollectionPrivate::of(object, relationship);
            if (!collection)
                continue;
            CollectionPrivate *p = CollectionPrivate::get(collection);
            if (!p->loaded && relationship.passiveDeletes())
                continue;
            if (!p->ensureLoaded())
                return fail(p->lastError);
            for (QObject *item : collection->objects())
                associate(object, relationship, item, false);
            continue;
        }
        if (relationship.direction() != RelationshipDirection::OneToMany)
            continue;
        const bool deletes = relationship.cascade().testFlag(CascadeOption::Delete);
        QList<QObject *> related;
        if (relationship.isCollection()) {
            RelationshipCollection *collection = CollectionPrivate::of(object, relationship);
            if (!collection)
                continue;
            CollectionPrivate *p = CollectionPrivate::get(collection);
            // passiveDeletes: the database's ON DELETE handles rows nobody loaded.
            if (!p->loaded && relationship.passiveDeletes())
                continue;
            if (!p->ensureLoaded())
                return fail(p->lastError);
            while (p->paged() && collection->hasMoreToFetch()) {
                if (!collection->fetchPage(500))
                    return fail(p->lastError);
            }
            related = collection->objects();
        } else if (QObject *target = readReference(object, slot.property)) {
            related.append(target);
        }
        for (QObject *item : std::as_const(related)) {
            if (of(item) != this)
                continue;
            if (deletes) {
                if (!q->remove(item))
                    return false;
            } else {
                assign(item, relationship, nullptr); // the children stay, with NULL keys
            }
        }
    }
    return true;
}

// A collection's order (orderBy=, then the target's key) over `source`: the target's table or
// an alias of it.
static QList<Expression> collectionOrder(const ClassState *target, const Relationship &relationship,
                                         const FromClause &source)
{
    QList<Expression> order;
    for (const QString &entry : relationship.orderBy()) {
        const bool descending = entry.startsWith(u'-');
        const Expression column = source.column(
                target->columns.at(target->columnIndex(descending ? entry.mid(1) : entry)).column);
        order.append(descending ? column.descending() : column.ascending());
    }
    for (int index : std::as_const(target->primaryKey))
        order.append(source.column(target->columns.at(index).column).ascending());
    return order;
}

// The SELECT of one owner's collection, in its order (then the target's key).
Select SessionPrivate::collectionSelect(ClassState *target, const Relationship &relationship,
                                        const QVariant &key) const
{
    Select select = selectFor(target);
    const RelationshipPrivate *info = RelationshipPrivate::get(relationship);
    if (relationship.direction() == RelationshipDirection::ManyToMany) {
        const Table &secondary = info->secondary;
        const ColumnSlot &targetKey = target->columns.at(target->primaryKey.first());
        select = select.join(secondary,
                             secondary.column(info->secondaryTargetColumn)
                                     == target->table.column(targetKey.column))
                         .where(secondary.column(info->secondaryOwnerColumn) == Expression(key));
    } else {
        const ColumnSlot &foreignKey = target->columns.at(
                target->columnIndex(relationship.foreignKeyProperties().first()));
        select = select.where(target->table.column(foreignKey.column) == Expression(key));
    }
    return select.orderBy(collectionOrder(target, relationship, target->table));
}

/*
    The autoflush before a collection loads. A full autoflush compares every object with its
    snapshot, which for a lazy load per owner is quadratic; so it runs only when something
    the load would miss is due: new objects, foreign keys or association rows to write, objects
    to delete. A foreign-key property changed by hand (not through a relationship) is not
    looked for: flush() first, or go through the relationship.
*/
bool SessionPrivate::flushForRelationships()
{
    const bool due = !pending.isEmpty() || !assignments.isEmpty() || associationsDue()
            || std::any_of(levels.cbegin(), levels.cend(), [](const Level &level) {
                   return std::any_of(level.marked.cbegin(), level.marked.cend(),
                                      [](const Instance *i) { return i->markedForDeletion; });
               });
    return !due || doAutoflush();
}

// Runs one collection's SELECT (after the autoflush it needs) into identity-mapped objects.
bool SessionPrivate::loadForCollection(CollectionPrivate *collection, ClassState *target,
                                       const Select &select, QList<QObject *> *objects)
{
    collection->loading = true;
    if (!flushForRelationships()) {
        collection->loading = false;
        return collection->fail(lastError);
    }
    const ObjectResult result = load(target, select, false);
    collection->loading = false;
    if (result.hasError())
        return collection->fail(result.error());
    *objects = result.objects();
    return true;
}

bool SessionPrivate::canFetchPage(CollectionPrivate *collection)
{
    Instance *owner = instanceOf(collection->owner);
    if (!owner || owner->state != ObjectState::Persistent) {
        collection->exhausted = true; // a new object has no rows to page through
        return false;
    }
    return true;
}

/*
    The next page of a write-only collection. Ordered by the key alone, pages follow the last
    key read (keyset paging: rows added meanwhile neither repeat nor shift the pages);
    otherwise they are counted off (OFFSET).
*/
bool SessionPrivate::fetchPage(CollectionPrivate *collection, qsizetype count)
{
    Instance *owner = instanceOf(collection->owner);
    const Relationship &relationship = collection->relationship;
    Error error;
    ClassState *target = classFor(relationship.targetClass(), &error);
    if (!target)
        return collection->fail(error);
    Select select = collectionSelect(target, relationship, identityOf(owner).value(0));
    const bool keyset = relationship.orderBy().isEmpty() && target->primaryKey.size() == 1;
    const Column key = target->table.column(target->columns.at(target->primaryKey.first()).column);
    if (keyset && collection->lastKey.isValid())
        select = select.where(key > Expression(collection->lastKey));
    select = select.limit(count);
    if (!keyset && collection->fetched > 0)
        select = select.offset(collection->fetched);
    QList<QObject *> objects;
    if (!loadForCollection(collection, target, select, &objects))
        return false;
    if (objects.size() < count)
        collection->exhausted = true;
    if (keyset && !objects.isEmpty())
        collection->lastKey = identityOf(instanceOf(objects.last())).value(0);
    collection->appendPage(objects);
    return true;
}

bool SessionPrivate::loadCollection(CollectionPrivate *collection)
{
    Instance *owner = instanceOf(collection->owner);
    if (!owner || owner->state != ObjectState::Persistent) {
        // New objects have no rows yet; what is in memory is all there is.
        collection->loaded = true;
        return true;
    }
    const Relationship &relationship = collection->relationship;
    const QString name = u"%1.%2"_s.arg(QString::fromUtf8(owner->cls->metaObject->className()),
                                        relationship.name());
    switch (collection->raiseOnLoad ? LoadStrategy::Raise : relationship.strategy()) {
    case LoadStrategy::Raise:
        return collection->fail(Error(
                Error::InvalidRequestError,
                collection->raiseOnLoad
                        ? u"%1 is not loaded and the query that loaded its owner said raise "
                          u"(load(..., LoadStrategy::Raise)): load it with that query"_s.arg(name)
                        : u"%1 is not loaded and its loading strategy is raise: load it with the "
                          u"query (selectin) or change its lazy= option"_s.arg(name)));
    case LoadStrategy::NoLoad:
        collection->loaded = true;
        return true;
    default:
        break;
    }
    Error error;
    ClassState *target = classFor(relationship.targetClass(), &error);
    if (!target)
        return collection->fail(error);
    const Select select = collectionSelect(target, relationship, identityOf(owner).value(0));
    QList<QObject *> objects;
    if (!loadForCollection(collection, target, select, &objects))
        return false;
    collection->setLoadedItems(objects);
    qCDebug(lcSession).noquote() << "loaded" << name << "(" << objects.size() << "objects)";
    return true;
}

QHash<QString, LoadStrategy>
SessionPrivate::levelStrategies(const ClassState *cls,
                                const QHash<QString, LoadStrategy> &paths) const
{
    QHash<QString, LoadStrategy> level;
    if (paths.isEmpty())
        return level; // the usual load: no query options (one per lazy collection)
    for (auto it = paths.cbegin(); it != paths.cend(); ++it) {
        const qsizetype dot = it.key().indexOf(u'.');
        if (dot < 0) {
            level.insert(it.key(), it.value());
            continue;
        }
        const QString first = it.key().left(dot);
        if (paths.contains(first) || level.contains(first))
            continue;
        for (const RelationSlot &slot : std::as_const(cls->relations)) {
            if (slot.relationship.name() != first)
                continue;
            const LoadStrategy declared = slot.relationship.strategy();
            const bool eager = declared == LoadStrategy::Joined
                    || declared == LoadStrategy::SelectIn
                    || (!slot.relationship.isCollection() && declared == LoadStrategy::Lazy);
            level.insert(first, eager ? declared : LoadStrategy::SelectIn);
        }
    }
    return level;
}

QHash<QString, LoadStrategy> SessionPrivate::pathsUnder(const QString &relationship,
                                                        const QHash<QString, LoadStrategy> &paths)
{
    QHash<QString, LoadStrategy> under;
    if (paths.isEmpty())
        return under;
    const QString prefix = relationship + u'.';
    for (auto it = paths.cbegin(); it != paths.cend(); ++it) {
        if (it.key().startsWith(prefix))
            under.insert(it.key().mid(prefix.size()), it.value());
    }
    return under;
}

bool SessionPrivate::loadRelated(ClassState *cls, const QList<Instance *> &loaded,
                                 const QList<Instance *> &existing,
                                 const QHash<QString, LoadStrategy> &paths, Scope scope,
                                 const RelationSlot *set)
{
    // Collections are filled for objects the session had already too.
    const QList<Instance *> owners = existing.isEmpty() ? loaded : loaded + existing;
    // A query's load() options for this level, and by path for the levels it loads in turn.
    const QHash<QString, LoadStrategy> overrides = levelStrategies(cls, paths);
    for (const RelationSlot &slot : std::as_const(cls->relations)) {
        if (&slot == set)
            continue;
        const Relationship &relationship = slot.relationship;
        LoadStrategy strategy = overrides.value(relationship.name(), relationship.strategy());
        const QHash<QString, LoadStrategy> under = pathsUnder(relationship.name(), paths);
        if (strategy == LoadStrategy::Joined && relationship.isCollection())
            strategy = LoadStrategy::SelectIn; // a join was not possible (LIMIT, many-to-many)
        if (strategy == LoadStrategy::NoLoad && relationship.isCollection()) {
            for (Instance *instance : loaded) {
                if (RelationshipCollection *c =
                            CollectionPrivate::of(instance->object, relationship))
                    CollectionPrivate::get(c)->loaded = true; // stays as it is: empty
            }
        }
        if (strategy == LoadStrategy::Raise && relationship.isCollection()
            && relationship.strategy() != LoadStrategy::Raise) {
            // The query said raise: the collections it loaded owners of raise on access too.
            for (Instance *instance : loaded) {
                if (RelationshipCollection *c =
                            CollectionPrivate::of(instance->object, relationship))
                    CollectionPrivate::get(c)->raiseOnLoad = true;
            }
        }
        if (strategy == LoadStrategy::Raise || strategy == LoadStrategy::NoLoad
            || strategy == LoadStrategy::WriteOnly)
            continue;
        Error error;
        ClassState *target = classFor(relationship.targetClass(), &error);
        if (!target)
            return fail(error);
        if (relationship.direction() == RelationshipDirection::ManyToOne) {
            // From the identity map when the target is there, else one select-IN for the rest.
            const auto find = [this, target](const QVariant &key) {
                return target->integerKey ? target->byInteger.value(key.toLongLong())
                                          : findIdentity(target, QVariantList{ key });
            };
            // A one-to-one's other side points back (a collection's is filled when loaded).
            const Relationship back = backOf(relationship);
            const QMetaProperty backProperty =
                    back.isValid() && !back.isCollection() ? propertyOf(back) : QMetaProperty();
            const auto link = [&](Instance *instance, QObject *object) {
                if (readReference(instance->object, slot) != object)
                    writeReference(instance->object, slot, object);
                if (backProperty.isValid() && !readReference(object, backProperty))
                    writeReference(object, backProperty, instance->object);
            };
            QVariantList missing;
            QSet<QString> missingKeys;
            QList<Instance *> waiting; // their targets come with the select-IN below
            for (Instance *instance : loaded) {
                const QVariant key = instance->snapshot()[slot.foreignKey];
                if (isNullValue(key))
                    continue;
                if (Instance *found = find(key)) {
                    link(instance, found->object);
                    continue;
                }
                waiting.append(instance);
                const QString text = key.toString();
                if (!missingKeys.contains(text)) {
                    missingKeys.insert(text);
                    missing.append(key);
                }
            }
            const Column key =
                    target->table.column(target->columns.at(target->primaryKey.first()).column);
            for (qsizetype i = 0; i < missing.size(); i += 500) {
                const ObjectResult result = loadRelatedRows(
                        target, selectFor(target).where(key.in(missing.mid(i, 500))), under);
                if (result.hasError())
                    return false;
            }
            for (Instance *instance : std::as_const(waiting)) {
                if (Instance *found = find(instance->snapshot()[slot.foreignKey]))
                    link(instance, found->object);
            }
        } else if (!relationship.isCollection()) {
            // A one-to-one's side without the key: its object names it, so one select-IN by
            // the owners' keys (under joined, for the owners the join left without one).
            const int foreignKeyIndex =
                    target->columnIndex(relationship.foreignKeyProperties().value(0));
            if (foreignKeyIndex < 0 || cls->primaryKey.size() != 1)
                continue;
            QHash<QString, Instance *> byKey;
            QVariantList keys;
            for (Instance *instance : loaded) {
                if (strategy == LoadStrategy::Joined && readReference(instance->object, slot))
                    continue;
                const QVariant key = instance->snapshot()[cls->primaryKey.first()];
                byKey.insert(key.toString(), instance);
                keys.append(key);
            }
            const Relationship back = backOf(relationship);
            const Column foreignKey =
                    target->table.column(target->columns.at(foreignKeyIndex).column);
            QList<Instance *> items;
            for (qsizetype i = 0; i < keys.size(); i += 500) {
                items.clear();
                const ObjectResult result = loadRelatedRows(
                        target, selectFor(target).where(foreignKey.in(keys.mid(i, 500))), under,
                        &items);
                if (result.hasError())
                    return false;
                for (Instance *item : std::as_const(items)) {
                    Instance *owner = byKey.value(item->snapshot()[foreignKeyIndex].toString());
                    if (!owner)
                        continue;
                    if (readReference(owner->object, slot) != item->object)
                        writeReference(owner->object, slot, item->object);
                    if (back.isValid()
                        && readReference(item->object, propertyOf(back)) != owner->object)
                        writeReference(item->object, propertyOf(back), owner->object);
                }
            }
        } else if (relationship.isCollection() && strategy == LoadStrategy::SelectIn
                   && relationship.direction() == RelationshipDirection::ManyToMany) {
            if (!loadManyToManyIn(cls, target, relationship, owners, under))
                return false;
        } else if (relationship.isCollection() && strategy == LoadStrategy::SelectIn
                   && relationship.direction() == RelationshipDirection::OneToMany) {
            if (!loadOneToManyIn(cls, target, relationship, owners, scope, under))
                return false;
        }
    }
    return true;
}

Select SessionPrivate::withJoins(ClassState *cls, Select select, bool limited,
                                 const QHash<QString, LoadStrategy> &paths,
                                 QList<JoinedLoad> *joined, bool declared)
{
    QList<Expression> order;
    addJoins(cls, cls->table, -1, declared, QString(), limited, paths, &select, &order, joined);
    if (order.isEmpty())
        return select;
    // Rows come in each collection's order; as an object's rows are a subsequence of them,
    // its items are in order too. The query's own rows are kept together by its key (a
    // loader's statement orders by its owners' keys already).
    if (declared)
        order.prepend(
                cls->table.column(cls->columns.at(cls->primaryKey.first()).column).ascending());
    return select.orderBy(order);
}

ObjectResult SessionPrivate::loadRelatedRows(ClassState *target, const Select &select,
                                             const QHash<QString, LoadStrategy> &paths,
                                             QList<Instance *> *instances, RowSink *sink)
{
    QList<JoinedLoad> joined;
    const bool joins = std::any_of(paths.cbegin(), paths.cend(), [](LoadStrategy strategy) {
        return strategy == LoadStrategy::Joined;
    });
    const Select statement =
            joins ? withJoins(target, select, false, paths, &joined, false) : select;
    return load(target, statement, false, true, joined, instances, nullptr, paths, sink);
}

/*
    The joins for the relationships of `cls` (read from `source`: the query's table, or the
    alias an earlier step of a path joined) whose strategy is joined. A step whose own options
    join further steps ("albums.tracks" joined under joined "albums") joins them from its alias,
    as far as the path goes; declared strategies join on the query's class only, so a cycle of
    declared joins cannot recurse.
*/
void SessionPrivate::addJoins(ClassState *cls, const FromClause &source, qsizetype parent,
                              bool declared, const QString &prefix, bool limited,
                              const QHash<QString, LoadStrategy> &paths, Select *select,
                              QList<Expression> *order, QList<JoinedLoad> *joined)
{
    const QHash<QString, LoadStrategy> overrides = levelStrategies(cls, paths);
    for (const RelationSlot &slot : std::as_const(cls->relations)) {
        const Relationship &relationship = slot.relationship;
        const LoadStrategy strategy = parent < 0 && declared
                ? overrides.value(relationship.name(), relationship.strategy())
                : paths.value(relationship.name(), LoadStrategy::Lazy);
        if (strategy != LoadStrategy::Joined)
            continue;
        // Collections under LIMIT (which counts rows, not owners) are loaded with select-IN
        // instead (see loadRelated()).
        const bool many = relationship.direction() != RelationshipDirection::ManyToOne;
        if (many && limited)
            continue;
        Error error;
        ClassState *target = classFor(relationship.targetClass(), &error);
        if (!target)
            continue;
        const FromClause alias = target->table.alias(u"qorm_j%1"_s.arg(joined->size() + 1));
        QList<Expression> columns;
        for (const ColumnSlot &column : std::as_const(target->columns))
            columns.append(alias.column(column.column));
        const ColumnSlot &ownerKey = cls->columns.at(cls->primaryKey.first());
        const ColumnSlot &targetKey = target->columns.at(target->primaryKey.first());
        // A collection's rows in its order (withJoins() puts the query's key first).
        const auto orderCollection = [&]() {
            *order += collectionOrder(target, relationship, alias);
        };
        Expression on;
        if (relationship.direction() == RelationshipDirection::ManyToOne) {
            on = alias.column(targetKey.column)
                    == source.column(cls->columns.at(slot.foreignKey).column);
        } else if (relationship.direction() == RelationshipDirection::ManyToMany) {
            // Through the association table, under an alias of its own.
            const RelationshipPrivate *info = RelationshipPrivate::get(relationship);
            const FromClause link =
                    relationship.secondary().alias(u"qorm_s%1"_s.arg(joined->size() + 1));
            *select = select->leftJoin(link,
                                       link.column(info->secondaryOwnerColumn)
                                               == source.column(ownerKey.column));
            on = alias.column(targetKey.column) == link.column(info->secondaryTargetColumn);
            orderCollection();
        } else {
            const ColumnSlot &foreignKey = target->columns.at(
                    target->columnIndex(relationship.foreignKeyProperties().first()));
            on = alias.column(foreignKey.column) == source.column(ownerKey.column);
            orderCollection();
        }
        *select = select->addColumns(columns).leftJoin(alias, on);
        const QString path =
                prefix.isEmpty() ? relationship.name() : prefix + u'.' + relationship.name();
        joined->append(JoinedLoad{ relationship, target, slot.property, parent, path });
        const QHash<QString, LoadStrategy> under = pathsUnder(relationship.name(), paths);
        if (!under.isEmpty()) {
            addJoins(target, alias, joined->size() - 1, false, path, limited, under, select, order,
                     joined);
        }
    }
}

bool SessionPrivate::applyJoined(const JoinedLoad &part,
                                 const QHash<Instance *, QList<Instance *>> &gathered)
{
    for (auto it = gathered.cbegin(); it != gathered.cend(); ++it) {
        QObject *owner = it.key()->object;
        if (part.relationship.isCollection()) {
            RelationshipCollection *collection = CollectionPrivate::of(owner, part.relationship);
            if (!collection || collection->isLoaded())
                continue;
            CollectionPrivate *p = CollectionPrivate::get(collection);
            if (!p->resolve())
                continue;
            QList<QObject *> objects;
            objects.reserve(it.value().size());
            for (Instance *instance : it.value())
                objects.append(instance->object);
            p->setLoadedItems(objects);
        } else {
            QObject *target = it.value().isEmpty() ? nullptr : it.value().first()->object;
            if (readReference(owner, part.property) != target)
                writeReference(owner, part.property, target);
        }
    }
    return true;
}

// Writes `targetObject`'s key into `holder`'s foreign-key column, or, for a new target whose
// key the database generates, leaves a fixup for the flush.
bool SessionPrivate::resolveForeignKey(Instance *holder, int column,
                                       const Relationship &relationship, QObject *targetObject,
                                       QList<Fixup> *fixups, TargetCache *cache,
                                       qsizetype holderRow)
{
    if (cache->object != targetObject) {
        Instance *target = instanceOf(targetObject);
        if (!target) {
            return fail(Error(
                    Error::InvalidRequestError,
                    u"Flush: %1 refers through %2 to a %3 object that is not in the session; add "
                    u"it (or give the relationship cascade=save-update)"_s.arg(
                            describe(holder), relationship.name(),
                            QString::fromUtf8(targetObject->metaObject()->className()))));
        }
        const int targetKey = target->cls->primaryKey.first();
        *cache = TargetCache{ targetObject, target, -1, read(target, targetKey) };
        if (target->state == ObjectState::Pending && target->cls->generatedKey == targetKey
            && (isNullValue(cache->key) || cache->key.toLongLong() == 0))
            cache->row = pendingIndexOf(targetObject); // its key comes with its INSERT
    }
    if (cache->row >= 0) {
        const bool newHolder = holder->state == ObjectState::Pending;
        if (newHolder && holderRow < 0)
            holderRow = pendingIndexOf(holder->object);
        fixups->append(Fixup{ holder, column, cache->target, holder->cls, newHolder,
                              newHolder ? holderRow : -1, cache->row });
        return true;
    }
    const QVariant value = normalizedValue(holder->cls->columns.at(column), cache->key);
    if (!sameValue(read(holder, column), value))
        writeForeignKey(holder, column, value);
    return true;
}

void SessionPrivate::writeForeignKey(Instance *holder, int column, const QVariant &value)
{
    if (writtenKeys)
        writtenKeys->push_back(WrittenKey{ holder, column, read(holder, column) });
    write(holder, column, value);
}

namespace {

// The collection of `instance`'s `relationship` when a loader is to fill it: not loaded yet.
CollectionPrivate *unloadedCollection(Instance *instance, const Relationship &relationship)
{
    RelationshipCollection *collection = CollectionPrivate::of(instance->object, relationship);
    if (!collection || collection->isLoaded())
        return nullptr;
    CollectionPrivate *p = CollectionPrivate::get(collection);
    return p->resolveAs(relationship) ? p : nullptr;
}

/*
    A one-to-many loader's rows grouped by owner as they come, while each object is fresh in
    the cache: each owner's items in row order (the collection's order).
*/
class OwnerGroups final : public SessionPrivate::RowSink
{
public:
    OwnerGroups(int foreignKey, bool integer) : foreignKey(foreignKey), integer(integer) { }

    // The owners' objects are set as the fresh rows' reference `back` (their many-to-one of
    // this relationship), while they are in the cache.
    void setReferences(const RelationSlot *back) { reference = back; }
    void addOwner(const QVariant &key, CollectionPrivate *collection)
    {
        collections.append(collection);
        if (integer) {
            const qint64 number = key.toLongLong();
            byNumber.insert(number, groups.size());
            lowest = groups.empty() ? number : qMin(lowest, number);
            highest = groups.empty() ? number : qMax(highest, number);
        } else {
            byText.insert(key.toString(), groups.size());
        }
        groups.emplace_back();
    }
    // After the owners: keys close together (as generated keys are) are looked up in a table.
    void ready()
    {
        if (!integer || groups.empty())
            return;
        const quint64 span = quint64(highest) - quint64(lowest); // no overflow for any keys
        if (span >= 4 * quint64(groups.size()) + 64)
            return;
        dense.assign(size_t(span + 1), -1);
        for (auto it = byNumber.cbegin(); it != byNumber.cend(); ++it)
            dense[size_t(quint64(it.key()) - quint64(lowest))] = it.value();
    }
    // An integer key is matched before the object is made: a row of no owner (a whole-table
    // read's row whose key names no row, as SQLite allows without foreign-key enforcement) is
    // skipped. Text keys are matched on the object's normalized value in add().
    bool accept(const QVariant *values) override
    {
        if (!integer)
            return true;
        current = groupOf(values[foreignKey]);
        return current >= 0;
    }
    // Into its owner's list by the key the session holds: the row's for a new object, and for
    // one the session had already (not overwritten by the row) its own, as a lazy load groups.
    void add(Instance *instance, bool fresh) override
    {
        const QVariant &key = instance->snapshot()[foreignKey];
        const qsizetype group = !integer ? byText.value(key.toString(), -1)
                : fresh                  ? current
                                         : groupOf(key);
        if (group < 0)
            return;
        QList<QPointer<QObject>> &items = groups[group];
        if (items.isEmpty()) { // room for about as many as the owners so far had on average
            const qsizetype average = rows / ++started;
            items.reserve(qBound(qsizetype(4), average + 1, qsizetype(64)));
        }
        items.append(QPointer<QObject>(instance->object));
        ++rows;
        QObject *owner = collections.at(group)->owner;
        if (fresh && reference && readReference(instance->object, *reference) != owner)
            writeReference(instance->object, *reference, owner);
    }
    // Each collection takes its list, without room it will not use (reserved for a run that
    // did not come).
    void fill()
    {
        for (qsizetype i = 0; i < collections.size(); ++i) {
            QList<QPointer<QObject>> &items = groups[size_t(i)];
            if (items.capacity() > 2 * items.size() + 4)
                items.squeeze();
            collections.at(i)->setLoadedItems(std::move(items));
        }
    }
    const RelationSlot *setsReference() const override { return reference; }

private:
    std::vector<QList<QPointer<QObject>>> groups; // per owner, in addOwner() order
    const int foreignKey;
    const bool integer;
    qsizetype groupOf(const QVariant &key) const
    {
        bool ok = false;
        const qint64 number = key.toLongLong(&ok);
        if (!ok)
            return -1;
        if (!dense.empty()) {
            return number >= lowest && number <= highest
                    ? dense[size_t(quint64(number) - quint64(lowest))]
                    : -1;
        }
        return byNumber.value(number, -1);
    }

    qsizetype current = -1;
    qint64 lowest = 0;
    qint64 highest = 0;
    std::vector<qsizetype> dense;           // by key - lowest, when ready() found them close
    QList<CollectionPrivate *> collections; // per group: the owners' collections
    qsizetype rows = 0;                     // added so far
    qsizetype started = 0;                  // groups with an item so far
    const RelationSlot *reference = nullptr;
    QHash<qint64, qsizetype> byNumber;
    QHash<QString, qsizetype> byText;
};

} // namespace

/*
    Select-IN for a one-to-many: the rows whose foreign key is one of the owners' keys, in
    chunks of 500 keys, ordered by the key and the collection's order. When the owners' query
    read their whole table (Scope::WholeTable) and every one of them is to be filled, the same
    rows are every row with a foreign key: one statement reads them without sending the keys
    (and without an index probe per key), in the collection's order.
*/
bool SessionPrivate::loadOneToManyIn(ClassState *cls, ClassState *target,
                                     const Relationship &relationship,
                                     const QList<Instance *> &owners, Scope scope,
                                     const QHash<QString, LoadStrategy> &paths)
{
    const int foreignKeyIndex = target->columnIndex(relationship.foreignKeyProperties().first());
    OwnerGroups groups(foreignKeyIndex, cls->integerKey); // by number when the key is one
    QVariantList keys;
    // Objects the session had already may not have their collection yet either (their
    // in-memory references are theirs: only new objects get references set).
    for (Instance *instance : owners) {
        CollectionPrivate *p = unloadedCollection(instance, relationship);
        if (!p)
            continue;
        const QVariant &key = instance->snapshot()[cls->primaryKey.first()];
        groups.addOwner(key, p);
        keys.append(key);
    }
    if (keys.isEmpty())
        return true;
    groups.ready();
    // The rows' reference back to their owner is set as they come, unless this query's options
    // leave it unloaded (raise, noload) or join it. Only by an integer key: every row added
    // then has its owner (accept() matched it), while a text key that matches no owner's text
    // leaves the reference to the identity-map lookup of loadRelated().
    const Relationship back = backOf(relationship);
    if (cls->integerKey && back.isValid() && back.direction() == RelationshipDirection::ManyToOne) {
        const LoadStrategy strategy =
                levelStrategies(target, paths).value(back.name(), back.strategy());
        for (const RelationSlot &slot : std::as_const(target->relations)) {
            if (slot.relationship.name() == back.name()
                && (strategy == LoadStrategy::Lazy || strategy == LoadStrategy::SelectIn))
                groups.setReferences(&slot);
        }
    }
    const Column foreignKey = target->table.column(target->columns.at(foreignKeyIndex).column);
    const QList<Expression> order = collectionOrder(target, relationship, target->table);
    if (scope == Scope::WholeTable && cls->integerKey && keys.size() == owners.size()
        && keys.size() > 500) {
        const ObjectResult result = loadRelatedRows(
                target, selectFor(target).where(foreignKey.isNotNull()).orderBy(order), paths,
                nullptr, &groups);
        if (result.hasError())
            return false;
    } else {
        const QList<Expression> ordered = QList<Expression>{ foreignKey.ascending() } + order;
        for (qsizetype i = 0; i < keys.size(); i += 500) {
            const ObjectResult result = loadRelatedRows(
                    target,
                    selectFor(target).where(foreignKey.in(keys.mid(i, 500))).orderBy(ordered),
                    paths, nullptr, &groups);
            if (result.hasError())
                return false;
        }
    }
    groups.fill();
    return true;
}

/*
    Select-IN for a many-to-many: the association rows of the owners (chunks of 500 keys), then
    the objects they name, in the collection's order. Two statements per chunk.
*/
bool SessionPrivate::loadManyToManyIn(ClassState *cls, ClassState *target,
                                      const Relationship &relationship,
                                      const QList<Instance *> &owners,
                                      const QHash<QString, LoadStrategy> &paths)
{
    const RelationshipPrivate *info = RelationshipPrivate::get(relationship);
    QHash<QString, CollectionPrivate *> byKey;
    QVariantList keys;
    for (Instance *instance : owners) {
        CollectionPrivate *p = unloadedCollection(instance, relationship);
        if (!p)
            continue;
        const QVariant key = instance->snapshot()[cls->primaryKey.first()];
        byKey.insert(key.toString(), p);
        keys.append(key);
    }
    const Table &secondary = info->secondary;
    const Expression ownerColumn = secondary.column(info->secondaryOwnerColumn);
    const Expression targetColumn = secondary.column(info->secondaryTargetColumn);
    const Column targetKey =
            target->table.column(target->columns.at(target->primaryKey.first()).column);
    for (qsizetype i = 0; i < keys.size(); i += 500) {
        const QVariantList chunk = keys.mid(i, 500);
        Result pairs = connection.execute(
                select({ ownerColumn, targetColumn }).from(secondary).where(ownerColumn.in(chunk)));
        if (!pairs.isValid())
            return fail(pairs.error());
        QHash<QString, QStringList> targetsOf; // owner key -> target keys
        while (pairs.next())
            targetsOf[pairs.value(0).toString()].append(pairs.value(1).toString());
        if (pairs.error().isValid())
            return fail(pairs.error());
        // The objects of the whole chunk, once each and in the collection's order, in one
        // statement: each owner's list keeps that order.
        QList<Instance *> instances;
        const ObjectResult result = loadRelatedRows(
                target,
                selectFor(target)
                        .join(secondary, targetColumn == targetKey)
                        .where(ownerColumn.in(chunk))
                        .distinct()
                        .orderBy(collectionOrder(target, relationship, target->table)),
                paths, &instances);
        if (result.hasError())
            return false;
        QHash<QString, qsizetype> position;
        position.reserve(instances.size());
        for (qsizetype p = 0; p < instances.size(); ++p)
            position.insert(instances.at(p)->snapshot()[target->primaryKey.first()].toString(), p);
        for (const QVariant &owner : chunk) {
            const QString ownerText = owner.toString();
            QList<qsizetype> mine;
            for (const QString &text : targetsOf.value(ownerText)) {
                const auto at = position.constFind(text);
                if (at != position.cend() && !mine.contains(*at))
                    mine.append(*at);
            }
            std::sort(mine.begin(), mine.end());
            QList<QObject *> items;
            items.reserve(mine.size());
            for (qsizetype p : std::as_const(mine))
                items.append(instances.at(p)->object);
            byKey.value(ownerText)->setLoadedItems(items);
        }
    }
    return true;
}

bool SessionPrivate::syncReferences(Instance *instance, qsizetype row, QList<Fixup> *fixups,
                                    TargetCache *cache)
{
    QObject *object = instance->object;
    const auto assigned = assignments.constFind(object);
    for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
        if (slot.relationship.direction() != RelationshipDirection::ManyToOne)
            continue;
        if (assigned != assignments.cend() && assigned->contains(slot.foreignKeyName))
            continue; // the assignments' loop in syncForeignKeys() had it
        if (QObject *target = readReference(object, slot)) {
            if (!resolveForeignKey(instance, slot.foreignKey, slot.relationship, target, fixups,
                                   cache, row))
                return false;
        }
    }
    return true;
}

bool SessionPrivate::syncForeignKeys(QList<Fixup> *fixups)
{
    // New objects: collections filled while they were transient (their references are read
    // by syncReferences() as the flush plans their rows). Straight to the columns (the
    // assignments below are for changes made in the session).
    TargetCache cache;
    for (qsizetype row = 0; row < pending.size(); ++row) {
        Instance *instance = pending.at(row);
        if (instance->cls->relations.isEmpty())
            continue;
        QObject *object = instance->object;
        for (const RelationSlot &slot : std::as_const(instance->cls->relations)) {
            const Relationship &relationship = slot.relationship;
            if (relationship.direction() == RelationshipDirection::ManyToOne) {
                continue;
            } else if (relationship.direction() == RelationshipDirection::ManyToMany) {
                // Pairs made while both were transient: one row each, whichever side holds it.
                RelationshipCollection *collection = CollectionPrivate::of(object, relationship);
                if (!collection)
                    continue;
                for (const QPointer<QObject> &item : CollectionPrivate::get(collection)->items) {
                    if (item && of(item) == this && !isAssociated(object, relationship, item))
                        associate(object, relationship, item, true);
                }
            } else if (relationship.isCollection() && relationship.backPopulates().isEmpty()) {
                // (With a reference back, the items' own references say it.)
                RelationshipCollection *collection = CollectionPrivate::of(object, relationship);
                if (!collection)
                    continue;
                const QString key = relationship.foreignKeyProperties().first();
                for (const QPointer<QObject> &item : CollectionPrivate::get(collection)->items) {
                    Instance *holder = item ? instanceOf(item) : nullptr;
                    const auto assigned = assignments.constFind(item);
                    if (!holder || (assigned != assignments.cend() && assigned->contains(key)))
                        continue;
                    if (!resolveForeignKey(holder, holder->cls->columnIndex(key), relationship,
                                           object, fixups, &cache))
                        return false;
                }
            }
        }
    }
    const auto all = assignments;
    for (auto holders = all.cbegin(); holders != all.cend(); ++holders) {
        for (const Assignment &assignment : holders.value()) {
            Instance *holder = instanceOf(assignment.holder);
            if (!holder || holder->markedForDeletion || holder->state == ObjectState::Deleted)
                continue;
            const Relationship &relationship = assignment.relationship;
            const int column =
                    holder->cls->columnIndex(relationship.foreignKeyProperties().first());
            if (column < 0)
                continue;
            const ColumnSlot &slot = holder->cls->columns.at(column);
            if (!assignment.target) {
                if (relationship.direction() != RelationshipDirection::ManyToOne
                    && relationship.cascade().testFlag(CascadeOption::DeleteOrphan)) {
                    // An orphan: a new one is simply not written, a stored one is deleted.
                    if (holder->state == ObjectState::Pending)
                        release(holder, nullptr);
                    else if (!q->remove(holder->object))
                        return false;
                    cache = TargetCache(); // pending objects may have moved or gone
                    continue;
                }
                if (!isNullValue(read(holder, column)))
                    writeForeignKey(holder, column, QVariant(slot.metaType));
                continue;
            }
            if (!resolveForeignKey(holder, column, relationship, assignment.target, fixups, &cache))
                return false;
        }
    }
    return true;
}

//! \endcond
} // namespace Qorm
