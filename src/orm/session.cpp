// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../engine/result_p.h"
#include "../sql/nodes_p.h"
#include "mapper_p.h"
#include "session_p.h"

#include <QtCore/QChildEvent>
#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QMetaMethod>
#include <QtCore/QScopeGuard>
#include <QtCore/QSet>
#include <QtCore/QThread>
#include <QtCore/QTime>
#include <QtCore/QUuid>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {
constexpr char detachedMarker[] = "_qorm_detached";

// Reading a property by name searches the meta-object first; objects without dynamic
// properties (nearly all) are answered without that.
bool isDetached(const QObject *object)
{
    return !object->dynamicPropertyNames().isEmpty() && object->property(detachedMarker).toBool();
}
} // namespace

//! \cond internal
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.metaType() == b.metaType()) {
        switch (a.typeId()) {
        case QMetaType::QString: {
            const auto *x = static_cast<const QString *>(a.constData());
            const auto *y = static_cast<const QString *>(b.constData());
            // Shared data (an unchanged property and its snapshot): equal without reading it.
            if (x->constData() == y->constData() && x->size() == y->size()
                && x->isNull() == y->isNull())
                return true;
            // A null and an empty string are different values in a database.
            return *x == *y && x->isNull() == y->isNull();
        }
        case QMetaType::Double: {
            const double x = a.toDouble();
            const double y = b.toDouble();
            return x == y ? std::signbit(x) == std::signbit(y) : (std::isnan(x) && std::isnan(y));
        }
        case QMetaType::QDateTime: {
            const auto *x = static_cast<const QDateTime *>(a.constData());
            const auto *y = static_cast<const QDateTime *>(b.constData());
            return x->isValid() == y->isValid() && (!x->isValid() || *x == *y);
        }
        default:
            break;
        }
    }
    return a == b;
}

// ---------------------------------------------------------------------------------------------
// Instance

Instance *Instance::create(ClassState *cls, QObject *object)
{
    const qsizetype n = cls->columns.size();
    auto *instance = new (cls->allocate()) Instance;
    instance->object = object;
    instance->cls = cls;
    QVariant *values = instance->snapshot();
    for (qsizetype i = 0; i < n; ++i)
        new (values + i) QVariant;
    return instance;
}

void Instance::destroy(Instance *instance)
{
    ClassState *cls = instance->cls;
    const qsizetype n = cls->columns.size();
    QVariant *values = instance->snapshot();
    for (qsizetype i = 0; i < n; ++i)
        values[i].~QVariant();
    // A freed slot must not look persistent to forEachPersistent() (the free list only
    // overwrites the first pointer; Instance is trivially destructible).
    instance->state = ObjectState::Transient;
    instance->~Instance();
    cls->deallocate(instance);
}

void *ClassState::allocate()
{
    if (freeInstances) {
        Instance *instance = freeInstances;
        freeInstances = *reinterpret_cast<Instance **>(instance);
        return instance;
    }
    if (blocks.empty() || blockUsed == instancesPerBlock) {
        if (instanceSize == 0)
            instanceSize = sizeof(Instance) + size_t(columns.size()) * sizeof(QVariant);
        blocks.push_back(static_cast<char *>(::operator new(instanceSize *instancesPerBlock)));
        blockUsed = 0;
    }
    return blocks.back() + instanceSize * size_t(blockUsed++);
}

void ClassState::deallocate(void *memory)
{
    *static_cast<Instance **>(memory) = freeInstances;
    freeInstances = static_cast<Instance *>(memory);
}

ClassState::~ClassState()
{
    for (char *block : blocks)
        ::operator delete(block);
}

int ClassState::columnIndex(const QString &property) const
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i).propertyName == property)
            return int(i);
    }
    return -1;
}

// ---------------------------------------------------------------------------------------------
// Buckets and the tracker

SessionBucket::SessionBucket(SessionPrivate *session, QObject *parent)
    : QObject(parent),
      session(session)
{
}

void SessionBucket::childEvent(QChildEvent *event)
{
    // Sent while the child is being destroyed or reparented by someone else: the session's
    // own releases have dropped the child from `instances` already.
    if (event->type() == QEvent::ChildRemoved && session && !session->destroying
        && session->ownChanges == 0)
        session->objectLeft(event->child());
}

int SessionTracker::qt_metacall(QMetaObject::Call call, int id, void **arguments)
{
    id = QObject::qt_metacall(call, id, arguments);
    if (id < 0)
        return id;
    if (call == QMetaObject::InvokeMetaMethod) {
        if (id == 0)
            session->notified(sender(), senderSignalIndex());
        --id;
    }
    return id;
}

// ---------------------------------------------------------------------------------------------
// SessionPrivate

SessionPrivate::SessionPrivate(Session *q, Connection &connection, const Registry &registry)
    : q(q),
      connection(connection),
      registry(registry),
      dialect(connection.dialect()),
      thread(QThread::currentThread())
{
    levels.emplace_back();
}

SessionPrivate::~SessionPrivate()
{
    destroying = true;
    destroyAllInstances();
    qDeleteAll(classOrder);
}

// Frees every Instance (not the objects) and empties what referred to them.
void SessionPrivate::detached(QObject *object)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Session::objectDetached);
    if (object && q->isSignalConnected(signal))
        Q_EMIT q->objectDetached(object);
}

void SessionPrivate::emitTablesChanged()
{
    if (tablesWritten.isEmpty())
        return;
    QStringList tables(tablesWritten.cbegin(), tablesWritten.cend());
    tablesWritten.clear();
    tables.sort();
    Q_EMIT q->tablesChanged(tables);
}

void SessionPrivate::destroyAllInstances()
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Session::objectDetached);
    if (q->isSignalConnected(signal)) {
        for (ClassState *cls : std::as_const(classOrder)) {
            for (Instance *instance : std::as_const(cls->byInteger))
                detached(instance->object);
            for (Instance *instance : std::as_const(cls->byKey))
                detached(instance->object);
        }
        for (Instance *instance : std::as_const(pending))
            detached(instance->object);
        for (Instance *instance : std::as_const(flushedDeletes))
            detached(instance->object);
    }
    for (ClassState *cls : std::as_const(classOrder)) {
        for (Instance *instance : std::as_const(cls->byInteger))
            Instance::destroy(instance);
        for (Instance *instance : std::as_const(cls->byKey))
            Instance::destroy(instance);
        cls->byInteger.clear();
        cls->byKey.clear();
    }
    for (Instance *instance : std::as_const(pending))
        Instance::destroy(instance);
    clearPending();
    for (Instance *instance : std::as_const(flushedDeletes))
        Instance::destroy(instance);
    flushedDeletes.clear();
    for (Instance *instance : std::as_const(zombies))
        Instance::destroy(instance);
    zombies.clear();
    flagged.clear();
}

ClassState *SessionPrivate::classFor(const QMetaObject *metaObject, Error *error)
{
    if (lastClass && lastClass->metaObject == metaObject)
        return lastClass;
    if (ClassState *cls = classes.value(metaObject)) {
        lastClass = cls;
        return cls;
    }
    const Mapper mapper = registry.mapper(*metaObject);
    if (!mapper.isValid()) {
        if (error) {
            *error = Error(
                    Error::MappingError,
                    u"Class %1 is not mapped in the session's Registry (call Registry::map<%1>() first)"_s
                            .arg(QString::fromUtf8(metaObject->className())));
        }
        return nullptr;
    }
    if (!mapper.relationships().isEmpty() && !registry.configure()) {
        if (error)
            *error = registry.lastError();
        return nullptr;
    }
    auto *cls = new ClassState;
    cls->mapper = mapper;
    cls->metaObject = metaObject;
    cls->table = mapper.table();
    const QList<ColumnProperty> properties = mapper.columnProperties();
    for (const ColumnProperty &property : properties) {
        ColumnSlot slot;
        slot.property = property.metaProperty();
        slot.propertyName = property.propertyName();
        slot.column = property.columnName();
        slot.type = property.sqlType();
        const ColumnFlags flags = property.flags();
        slot.primaryKey = flags.testFlag(ColumnFlag::PrimaryKey);
        slot.version = flags.testFlag(ColumnFlag::Version);
        const ColumnOptions options = property.column().options();
        slot.serverDefault = options.serverDefault.isValid();
        slot.clientDefault = options.defaultValue;
        slot.onUpdate = options.onUpdate;
        slot.notifySignal = slot.property.notifySignalIndex();
        slot.propertyIndex = slot.property.propertyIndex();
        slot.relativeIndex = slot.property.relativePropertyIndex();
        slot.staticCall = slot.property.enclosingMetaObject()->d.static_metacall;
        slot.metaType = slot.property.metaType();
        slot.kind = slot.type.kind();
        slot.directWrite =
                slot.metaType != QMetaType::fromType<QVariant>() && slot.property.isWritable();
        slot.zeroIsNull = flags.testFlag(ColumnFlag::ForeignKey)
                && flags.testFlag(ColumnFlag::Nullable) && isIntegerKind(slot.kind)
                && slot.metaType != QMetaType::fromType<QVariant>();
        const int index = int(cls->columns.size());
        if (slot.version)
            cls->version = index;
        if (slot.notifySignal >= 0)
            cls->columnBySignal.insert(slot.notifySignal, index);
        cls->columns.append(slot);
    }
    // The key's position is the mapper's key order, not column order.
    for (const ColumnProperty &key : mapper.primaryKey())
        cls->primaryKey.append(cls->columnIndex(key.propertyName()));
    if (cls->primaryKey.size() == 1) {
        ColumnSlot &slot = cls->columns[cls->primaryKey.first()];
        cls->integerKey = isIntegerKind(slot.kind);
        if (cls->integerKey
            && mapper.columnProperty(slot.propertyName)
                       .flags()
                       .testFlag(ColumnFlag::Autoincrement)) {
            slot.generatedKey = true;
            cls->generatedKey = cls->primaryKey.first();
        }
    }
    for (const Relationship &relationship : mapper.relationships()) {
        RelationSlot slot;
        slot.relationship = relationship;
        slot.property =
                relationship.ownerClass()->property(relationship.ownerClass()->indexOfProperty(
                        relationship.name().toUtf8().constData()));
        if (relationship.direction() == RelationshipDirection::ManyToOne) {
            slot.foreignKeyName = relationship.foreignKeyProperties().value(0);
            slot.foreignKey = cls->columnIndex(slot.foreignKeyName);
        }
        slot.staticCall = slot.property.enclosingMetaObject()->d.static_metacall;
        slot.relativeIndex = slot.property.relativePropertyIndex();
        cls->relations.append(slot);
        relationsInUse = true;
    }
    // Position in the foreign-key order of the registry's tables.
    const QList<Table> sorted = registry.metadata().sortedTables();
    const QString name = cls->table.fullName();
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        if (sorted.at(i).fullName() == name)
            cls->flushOrder = int(i);
    }
    classes.insert(metaObject, cls);
    const auto position = std::upper_bound(
            classOrder.begin(), classOrder.end(), cls,
            [](const ClassState *a, const ClassState *b) { return a->flushOrder < b->flushOrder; });
    classOrder.insert(position, cls);
    lastClass = cls;
    return cls;
}

QString SessionPrivate::keyString(const QVariant *values, const QList<int> &indexes)
{
    QString key;
    for (int index : indexes) {
        const QVariant &value = values[index];
        key += QString::number(value.typeId());
        key += u':';
        if (value.typeId() == QMetaType::QByteArray)
            key += QString::fromLatin1(value.toByteArray().toHex());
        else
            key += value.toString();
        key += QChar(0x1f);
    }
    return key;
}

Instance *SessionPrivate::findIdentity(ClassState *cls, const QVariant *keyValues) const
{
    // keyValues: indexed like the class's columns (a snapshot or a row).
    if (cls->integerKey) {
        bool ok = false;
        const qint64 key = keyValues[cls->primaryKey.first()].toLongLong(&ok);
        return ok ? cls->byInteger.value(key) : nullptr;
    }
    return cls->byKey.value(keyString(keyValues, cls->primaryKey));
}

Instance *SessionPrivate::findIdentity(ClassState *cls, const QVariantList &key) const
{
    if (key.size() != cls->primaryKey.size())
        return nullptr;
    if (cls->integerKey) {
        bool ok = false;
        const qint64 value = key.first().toLongLong(&ok);
        return ok ? cls->byInteger.value(value) : nullptr;
    }
    QList<QVariant> columns(cls->columns.size());
    for (qsizetype i = 0; i < key.size(); ++i) {
        QVariant value = key.at(i);
        const QMetaType type = cls->columns.at(cls->primaryKey.at(i)).property.metaType();
        if (value.metaType() != type && type != QMetaType::fromType<QVariant>())
            value.convert(type);
        columns[cls->primaryKey.at(i)] = value;
    }
    return cls->byKey.value(keyString(columns.constData(), cls->primaryKey));
}

void SessionPrivate::registerIdentity(Instance *instance)
{
    ClassState *cls = instance->cls;
    if (cls->integerKey)
        cls->byInteger.insert(instance->snapshot()[cls->primaryKey.first()].toLongLong(), instance);
    else
        cls->byKey.insert(keyString(instance->snapshot(), cls->primaryKey), instance);
}

void SessionPrivate::unregisterIdentity(Instance *instance)
{
    ClassState *cls = instance->cls;
    if (cls->integerKey) {
        const qint64 key = instance->snapshot()[cls->primaryKey.first()].toLongLong();
        if (cls->byInteger.value(key) == instance)
            cls->byInteger.remove(key);
    } else {
        const QString key = keyString(instance->snapshot(), cls->primaryKey);
        if (cls->byKey.value(key) == instance)
            cls->byKey.remove(key);
    }
}

QVariantList SessionPrivate::identityOf(const Instance *instance) const
{
    QVariantList key;
    if (!instance->hasSnapshot)
        return key;
    for (int index : instance->cls->primaryKey)
        key.append(instance->snapshot()[index]);
    return key;
}

QString SessionPrivate::describeKey(const ClassState *cls, const QVariantList &key)
{
    QStringList parts;
    for (qsizetype i = 0; i < cls->primaryKey.size(); ++i) {
        parts.append(u"%1=%2"_s.arg(cls->columns.at(cls->primaryKey.at(i)).propertyName,
                                    key.value(i).toString()));
    }
    return u"%1(%2)"_s.arg(QString::fromUtf8(cls->metaObject->className()), parts.join(u", "_s));
}

QString SessionPrivate::describe(const Instance *instance) const
{
    QVariantList key;
    for (int index : instance->cls->primaryKey)
        key.append(instance->hasSnapshot ? instance->snapshot()[index] : read(instance, index));
    return describeKey(instance->cls, key);
}

Instance *SessionPrivate::instanceOf(const QObject *object) const
{
    if (!object)
        return nullptr;
    auto *bucket = dynamic_cast<SessionBucket *>(object->parent());
    if (!bucket || bucket->session != this)
        return nullptr;
    if (Instance *instance = const_cast<SessionPrivate *>(this)->pendingInstance(object))
        return instance;
    const QMetaObject *metaObject = object->metaObject();
    ClassState *cls = lastClass && lastClass->metaObject == metaObject ? lastClass
                                                                       : classes.value(metaObject);
    if (!cls)
        return nullptr;
    // By its key (read from the object), else (a key changed in memory, a flushed DELETE)
    // by a scan.
    Instance *found = nullptr;
    if (cls->integerKey) {
        bool ok = false;
        const qint64 key =
                readProperty(cls->columns.at(cls->primaryKey.first()), object).toLongLong(&ok);
        found = ok ? cls->byInteger.value(key) : nullptr;
    } else {
        QList<QVariant> key(cls->columns.size());
        for (int index : std::as_const(cls->primaryKey))
            key[index] = readProperty(cls->columns.at(index), object);
        found = findIdentity(cls, key.constData());
    }
    if (found && found->object == object)
        return found;
    const auto same = [object](const Instance *instance) { return instance->object == object; };
    for (Instance *instance : std::as_const(flushedDeletes)) {
        if (same(instance))
            return instance;
    }
    for (Instance *instance : std::as_const(cls->byInteger)) {
        if (same(instance))
            return instance;
    }
    for (Instance *instance : std::as_const(cls->byKey)) {
        if (same(instance))
            return instance;
    }
    return nullptr;
}

qsizetype SessionPrivate::pendingIndexOf(const QObject *object)
{
    for (; pendingIndexed < pending.size(); ++pendingIndexed)
        pendingByObject.insert(pending.at(pendingIndexed)->object, pendingIndexed);
    return pendingByObject.value(object, -1);
}

Instance *SessionPrivate::pendingInstance(const QObject *object)
{
    const qsizetype index = pendingIndexOf(object);
    return index < 0 ? nullptr : pending.at(index);
}

void SessionPrivate::removePending(Instance *instance)
{
    qsizetype index = pendingByObject.value(instance->object, -1);
    if (index < 0)
        index = pending.indexOf(instance);
    if (index < 0)
        return;
    // The objects after it move down one: their indexes are taken again when next looked up.
    for (qsizetype i = index; i < pendingIndexed; ++i)
        pendingByObject.remove(pending.at(i)->object);
    pendingIndexed = std::min(pendingIndexed, index);
    pending.removeAt(index);
}

void SessionPrivate::clearPending()
{
    pending.clear();
    pendingByObject.clear();
    pendingIndexed = 0;
}

Instance *SessionPrivate::track(ClassState *cls, QObject *object, ObjectState state)
{
    Instance *instance = Instance::create(cls, object);
    instance->state = state;
    adopt(instance);
    if (listeners > 0)
        connectInstance(instance);
    return instance;
}

void SessionPrivate::adopt(Instance *instance)
{
    if (!openBucket || openBucket->children().size() >= SessionBucket::capacity) {
        openBucket = nullptr;
        // Reuse a bucket that lost children, else make one.
        for (qsizetype i = buckets.size() - 1; i >= 0 && i >= buckets.size() - 8; --i) {
            if (buckets.at(i)->children().size() < SessionBucket::capacity / 2) {
                openBucket = buckets.at(i);
                break;
            }
        }
        if (!openBucket) {
            openBucket = new SessionBucket(this, q);
            buckets.append(openBucket);
        }
    }
    instance->object->setParent(openBucket);
}

void SessionPrivate::setParentOf(QObject *object, QObject *parent)
{
    ++ownChanges;
    object->setParent(parent);
    --ownChanges;
}

void SessionPrivate::destroyObject(QObject *object)
{
    ++ownChanges;
    delete object;
    --ownChanges;
}

void SessionPrivate::release(Instance *instance, QObject *newParent)
{
    QObject *object = instance->object;
    const bool persistent =
            instance->state == ObjectState::Persistent || instance->state == ObjectState::Deleted;
    retire(instance);
    setParentOf(object, newParent);
    if (persistent)
        object->setProperty(detachedMarker, true);
}

void SessionPrivate::forget(Instance *instance)
{
    if (instance->connected && tracker)
        QObject::disconnect(instance->object, nullptr, tracker, nullptr);
    instance->connected = false;
    if (instance->state == ObjectState::Pending) {
        removePending(instance);
    } else if (instance->state == ObjectState::Deleted)
        flushedDeletes.removeOne(instance);
    else if (instance->hasSnapshot)
        unregisterIdentity(instance);
    flagged.remove(instance);
}

void SessionPrivate::retire(Instance *instance)
{
    detached(instance->object);
    forget(instance);
    // A flush in progress may still refer to it (its fixups, the keys it wrote, the rows it
    // planned).
    const bool referenced = rollingBack || flushing
            || std::any_of(levels.cbegin(), levels.cend(),
                           [](const Level &l) { return !l.isEmpty(); });
    if (referenced) {
        instance->dead = true;
        zombies.append(instance);
    } else {
        Instance::destroy(instance);
    }
}

void SessionPrivate::objectLeft(QObject *object)
{
    // The object may be half-destroyed: only its address is compared. A user deleting
    // tracked objects is a misuse path, so a scan is fine here.
    Instance *instance = pendingInstance(object);
    const auto same = [object](const Instance *candidate) { return candidate->object == object; };
    for (auto it = classOrder.cbegin(); !instance && it != classOrder.cend(); ++it) {
        const auto a = std::find_if((*it)->byInteger.cbegin(), (*it)->byInteger.cend(), same);
        if (a != (*it)->byInteger.cend()) {
            instance = *a;
            break;
        }
        const auto b = std::find_if((*it)->byKey.cbegin(), (*it)->byKey.cend(), same);
        if (b != (*it)->byKey.cend())
            instance = *b;
    }
    if (!instance) {
        const auto c = std::find_if(flushedDeletes.cbegin(), flushedDeletes.cend(), same);
        if (c != flushedDeletes.cend())
            instance = *c;
    }
    if (!instance)
        return;
    // describe() reads the key from the snapshot; a pending object has none to show.
    qCWarning(lcSession).noquote()
            << "A tracked"
            << (instance->hasSnapshot ? describe(instance)
                                      : QString::fromUtf8(instance->cls->metaObject->className())
                                + u" (pending)"_s)
            << "was destroyed or reparented behind the session's back; the session "
               "forgets it and its unflushed changes (use Session::expunge() to take an "
               "object out of a session)";
    instance->connected = false;
    retire(instance);
    updateHasChanges();
}

// ---------------------------------------------------------------------------------------------
// Values

QVariant SessionPrivate::read(const Instance *instance, int column) const
{
    return readProperty(instance->cls->columns.at(column), instance->object);
}

void SessionPrivate::write(Instance *instance, int column, const QVariant &value)
{
    const bool wasApplying = applying;
    applying = true;
    const ColumnSlot &slot = instance->cls->columns.at(column);
    if (slot.directWrite && value.metaType() == slot.metaType) {
        writeProperty(slot, instance->object, value);
    } else if (!slot.property.write(instance->object, value)) {
        qCWarning(lcSession).noquote() << "Could not write" << value << "into" << describe(instance)
                                       << "property" << slot.propertyName;
    }
    applying = wasApplying;
}

// The columns whose value differs from the snapshot (or were flagged), in column order. With
// `current`, the values read are handed back too (the flush binds them).
QList<int> SessionPrivate::modifiedColumns(Instance *instance, QVariantList *current) const
{
    QList<int> result;
    const ClassState *cls = instance->cls;
    const qsizetype n = cls->columns.size();
    const QVariant *snapshot = instance->snapshot();
    if (current)
        current->resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        QVariant value = readProperty(cls->columns.at(i), instance->object);
        if (!sameValue(value, snapshot[i]))
            result.append(int(i));
        if (current)
            (*current)[i] = std::move(value);
    }
    if (instance->flagged) {
        for (int column : flagged.value(instance)) {
            if (!result.contains(column))
                result.append(column);
        }
        std::sort(result.begin(), result.end());
    }
    return result;
}

// expire(): unflushed changes go, and the next load of the row overwrites the object.
void SessionPrivate::expireInstance(Instance *instance)
{
    revertToSnapshot(instance);
    instance->expired = true;
    anyExpired = true;
}

void SessionPrivate::revertToSnapshot(Instance *instance)
{
    if (!instance->hasSnapshot)
        return;
    const qsizetype n = instance->cls->columns.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QVariant &committed = instance->snapshot()[i];
        if (!sameValue(read(instance, int(i)), committed))
            write(instance, int(i), committed);
    }
    if (instance->flagged) {
        flagged.remove(instance);
        instance->flagged = false;
    }
}

// ---------------------------------------------------------------------------------------------
// Transaction levels: what each one changed, to undo it on rollback

void SessionPrivate::rollbackLevel(int index)
{
    // Instances retired below are still referenced by `level`: keep them until clearLevels().
    rollingBack = true;
    const auto done = qScopeGuard([this] { rollingBack = false; });
    Level level = std::move(levels[size_t(index)]);
    levels[size_t(index)] = Level();
    levels[size_t(index)].id = level.id;
    levels[size_t(index)].transaction = std::move(level.transaction);
    // Objects that entered the session inside the level leave it, back to their former parent.
    QSet<Instance *> added;
    for (Instance *instance : level.added) {
        if (instance->dead || added.contains(instance))
            continue;
        added.insert(instance);
        QObject *object = instance->object;
        const bool reattached = instance->reattached;
        // An object INSERTed inside the level gets its generated key taken back, so that
        // adding it again inserts it anew (pending objects never had one written).
        const int generated = instance->cls->generatedKey;
        if (!reattached && generated >= 0 && instance->state != ObjectState::Pending) {
            const ColumnSlot &key = instance->cls->columns.at(generated);
            write(instance, generated, QVariant(key.property.metaType(), nullptr));
        }
        retire(instance);
        setParentOf(object, level.parents.value(instance).data());
        if (reattached)
            object->setProperty(detachedMarker, true);
    }
    for (Instance *instance : level.marked) {
        if (!instance->dead)
            instance->markedForDeletion = false;
    }
    // Objects the level wrote get their key back and are read again from the database,
    // which has just been rolled back to where the level began.
    QSet<Instance *> seen;
    QHash<ClassState *, QList<Instance *>> reloads;
    for (Instance *instance : level.flushed) {
        if (instance->dead || seen.contains(instance))
            continue;
        seen.insert(instance);
        const auto oldKey = level.oldKeys.constFind(instance);
        if (instance->state == ObjectState::Persistent && oldKey != level.oldKeys.cend())
            unregisterIdentity(instance);
        if (oldKey != level.oldKeys.cend()) {
            for (qsizetype i = 0; i < instance->cls->primaryKey.size(); ++i)
                instance->snapshot()[instance->cls->primaryKey.at(i)] = oldKey->at(i);
        }
        if (instance->state == ObjectState::Deleted) {
            flushedDeletes.removeOne(instance);
            instance->state = ObjectState::Persistent;
            registerIdentity(instance);
        } else if (oldKey != level.oldKeys.cend()) {
            registerIdentity(instance);
        }
        instance->markedForDeletion = false;
        reloads[instance->cls].append(instance);
    }
    QList<Instance *> gone;
    for (ClassState *cls : std::as_const(classOrder)) {
        if (reloads.contains(cls))
            reload(cls, reloads.value(cls), &gone);
    }
    // Rows that were not there when the level began (a bulk insert's objects, rows deleted
    // by someone else): their objects leave the session, without the key they were given.
    for (Instance *instance : std::as_const(gone)) {
        if (instance->dead || instance->state != ObjectState::Persistent)
            continue;
        QObject *object = instance->object;
        const int generated = instance->cls->generatedKey;
        if (generated >= 0) {
            const ColumnSlot &key = instance->cls->columns.at(generated);
            write(instance, generated, QVariant(key.property.metaType(), nullptr));
        }
        retire(instance);
        setParentOf(object, nullptr);
    }
    // Unflushed changes are undone too: every object shows its committed values again.
    for (ClassState *cls : std::as_const(classOrder)) {
        const auto revert = [this](Instance *instance) { revertToSnapshot(instance); };
        cls->forEachPersistent(revert);
    }
    for (Instance *instance : std::as_const(flushedDeletes))
        revertToSnapshot(instance);
    for (Instance *instance : std::as_const(pending)) {
        if (instance->flagged) {
            flagged.remove(instance);
            instance->flagged = false;
        }
    }
    // Unflushed relationship changes are undone with the columns (a savepoint begins with a
    // flush, so they all belong to this level), and the objects' relationships follow the
    // restored rows.
    assignments.clear();
    associations.clear();
    restoreRelationships(level.relinked);
}

// Reads the objects' rows again and makes objects and snapshots match them. Without a
// database (the connection is gone) they are expired and keep their last flushed values.
void SessionPrivate::reload(ClassState *cls, const QList<Instance *> &instances,
                            QList<Instance *> *gone)
{
    constexpr qsizetype chunk = 500;
    for (qsizetype start = 0; start < instances.size(); start += chunk) {
        const QList<Instance *> part = instances.mid(start, chunk);
        QList<QVariantList> keys;
        keys.reserve(part.size());
        QHash<QString, Instance *> byKey;
        for (Instance *instance : part) {
            keys.append(identityOf(instance));
            byKey.insert(keyString(instance->snapshot(), cls->primaryKey), instance);
        }
        const Expression where = keysCondition(cls, keys);
        Result result = connection.execute(selectFor(cls).where(where));
        QSet<Instance *> found;
        QVariantList values;
        if (!result.error().isValid()) {
            while (result.implementation()->fetch(&values)) {
                QList<QVariant> row(cls->columns.size());
                for (qsizetype i = 0; i < values.size(); ++i)
                    row[i] = normalizedValue(cls->columns.at(i), values.at(i));
                Instance *instance = byKey.value(keyString(row.constData(), cls->primaryKey));
                if (!instance)
                    continue;
                found.insert(instance);
                for (qsizetype i = 0; i < row.size(); ++i)
                    instance->snapshot()[i] = row.at(i);
                instance->expired = false;
            }
        }
        const bool failed = result.error().isValid() || result.implementation()->error.isValid();
        if (failed) {
            qCWarning(lcSession).noquote()
                    << "Rollback could not reload" << part.size() << "objects of class"
                    << cls->metaObject->className() << "; they are expired instead";
        }
        for (Instance *instance : part) {
            if (found.contains(instance))
                continue;
            if (!failed && gone) {
                gone->append(instance);
                continue;
            }
            instance->expired = true;
            anyExpired = true;
        }
    }
}

void SessionPrivate::releaseLevel(int index)
{
    // A released savepoint's changes belong to the enclosing level from now on.
    Level &inner = levels[size_t(index)];
    Level &outer = levels[size_t(index) - 1];
    outer.added.insert(outer.added.end(), inner.added.begin(), inner.added.end());
    outer.flushed.insert(outer.flushed.end(), inner.flushed.begin(), inner.flushed.end());
    outer.marked.insert(outer.marked.end(), inner.marked.begin(), inner.marked.end());
    for (auto it = inner.oldKeys.cbegin(); it != inner.oldKeys.cend(); ++it) {
        if (!outer.oldKeys.contains(it.key()))
            outer.oldKeys.insert(it.key(), it.value());
    }
    for (auto it = inner.parents.cbegin(); it != inner.parents.cend(); ++it) {
        if (!outer.parents.contains(it.key()))
            outer.parents.insert(it.key(), it.value());
    }
    outer.relinked.insert(outer.relinked.end(), inner.relinked.begin(), inner.relinked.end());
}

void SessionPrivate::clearLevels()
{
    while (levels.size() > 1)
        levels.pop_back();
    Level &top = levels.front();
    top.transaction.reset();
    top.added.clear();
    top.flushed.clear();
    top.marked.clear();
    top.oldKeys.clear();
    top.parents.clear();
    top.relinked.clear();
    failedLevel = -1;
    failure = Error();
    for (Instance *instance : std::as_const(zombies))
        Instance::destroy(instance);
    zombies.clear();
}

// ---------------------------------------------------------------------------------------------
// Errors and guards

void SessionPrivate::setLastError(const Error &error)
{
    lastError = error;
    foreignError.ownerSpoke();
}

bool SessionPrivate::fail(const Error &error)
{
    ++failures;
    setLastError(error);
    qCWarning(lcSession).noquote() << error.typeName() << error.text();
    Q_EMIT q->errorOccurred(error);
    return false;
}

bool SessionPrivate::checkThread(const char *function)
{
    QThread *current = QThread::currentThread();
    if (current == thread)
        return true;
    if (current == q->thread()) { // first check after a moveToThread()
        thread = current;
        return true;
    }
    // Not fail(): emitting from a foreign thread is the misuse being reported. Nor lastError:
    // the owner thread may be using it (see foreignError).
    const Error error(Error::ThreadAffinityError,
                      u"Session::%1 called from thread %2, but the session lives in thread %3; a "
                      u"session and its objects belong to one thread"_s.arg(
                              QString::fromLatin1(function),
                              QString::number(quintptr(QThread::currentThread()), 16),
                              QString::number(quintptr(q->thread()), 16)));
    foreignError.set(error);
    qCWarning(lcSession).noquote() << error.text();
    return false;
}

bool SessionPrivate::checkUsable(const char *function)
{
    if (!checkThread(function))
        return false;
    if (failedLevel >= 0) {
        return fail(
                Error(Error::InvalidRequestError,
                      u"Session::%1: this session's transaction was rolled back because a "
                      u"flush failed; call rollback() first. The flush failed with: %2: %3"_s.arg(
                              QString::fromLatin1(function), failure.typeName(), failure.text()),
                      failure.sqlError(), failure.statement(), failure.boundValues()));
    }
    return true;
}

bool SessionPrivate::checkObject(const QObject *object, const char *function, Instance **instance)
{
    if (!object) {
        return fail(Error(Error::InvalidRequestError,
                          u"Session::%1: the object is null"_s.arg(QString::fromLatin1(function))));
    }
    *instance = instanceOf(object);
    if (!*instance) {
        return fail(Error(Error::InvalidRequestError,
                          u"Session::%1: the %2 object is not in this session"_s.arg(
                                  QString::fromLatin1(function),
                                  QString::fromUtf8(object->metaObject()->className()))));
    }
    return true;
}

bool SessionPrivate::ensureTransaction()
{
    Level &top = levels.front();
    if (top.transaction && top.transaction->isActive())
        return true;
    top.transaction = connection.begin();
    if (!top.transaction->isActive()) {
        top.transaction.reset();
        return fail(connection.lastError());
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Live change notification

void SessionPrivate::setListening(bool on)
{
    if (on) {
        if (!tracker)
            tracker = new SessionTracker(this);
        for (ClassState *cls : std::as_const(classOrder)) {
            for (Instance *instance : std::as_const(cls->byInteger))
                connectInstance(instance);
            for (Instance *instance : std::as_const(cls->byKey))
                connectInstance(instance);
        }
        for (Instance *instance : std::as_const(pending))
            connectInstance(instance);
        lastHasChanges = computeHasChanges();
    } else if (tracker) {
        delete tracker; // disconnects every object
        tracker = nullptr;
        const auto clear = [](Instance *instance) { instance->connected = false; };
        for (ClassState *cls : std::as_const(classOrder)) {
            cls->forEachPersistent(clear);
        }
        std::for_each(pending.cbegin(), pending.cend(), clear);
        std::for_each(flushedDeletes.cbegin(), flushedDeletes.cend(), clear);
    }
}

void SessionPrivate::connectInstance(Instance *instance)
{
    if (instance->connected || !tracker)
        return;
    const int slot = QObject::staticMetaObject.methodCount();
    for (const ColumnSlot &column : std::as_const(instance->cls->columns)) {
        if (column.notifySignal >= 0)
            QMetaObject::connect(instance->object, column.notifySignal, tracker, slot,
                                 Qt::DirectConnection);
    }
    instance->connected = true;
}

void SessionPrivate::notified(QObject *sender, int signalIndex)
{
    if (applying || !sender)
        return;
    Instance *instance = instanceOf(sender);
    if (!instance)
        return;
    const int column = instance->cls->columnBySignal.value(signalIndex, -1);
    if (column < 0)
        return;
    Q_EMIT q->objectModified(sender, instance->cls->columns.at(column).propertyName);
    if (listeners <= 0 || destroying)
        return;
    // Only this object changed: it alone can turn "no changes" into "changes", and only its
    // becoming clean again can turn them back, which is when the whole session is looked at.
    const bool modified = instance->state == ObjectState::Pending || instance->markedForDeletion
            || !modifiedColumns(instance).isEmpty();
    if (modified == lastHasChanges)
        return;
    if (modified) {
        lastHasChanges = true;
        Q_EMIT q->hasChangesChanged();
    } else {
        updateHasChanges();
    }
}

bool SessionPrivate::computeHasChanges()
{
    if (!pending.isEmpty() || !flagged.isEmpty() || !assignments.isEmpty() || associationsDue())
        return true;
    for (ClassState *cls : std::as_const(classOrder)) {
        const auto changed = [this](Instance *instance) {
            return instance->markedForDeletion || !modifiedColumns(instance).isEmpty();
        };
        if (cls->anyPersistent(changed))
            return true;
    }
    return false;
}

void SessionPrivate::updateHasChanges()
{
    if (listeners <= 0 || destroying)
        return;
    const bool now = computeHasChanges();
    if (now != lastHasChanges) {
        lastHasChanges = now;
        Q_EMIT q->hasChangesChanged();
    }
}
//! \endcond

// ---------------------------------------------------------------------------------------------
// Session

/*!
    \class Qorm::Session
    \brief The unit of work over one Connection: identity map, change
    tracking, flush in foreign-key order, transactions and savepoints.

    See docs/session.md for states, ownership, transactions and errors.

    Nothing throws: a call that fails returns \c false or \c nullptr (or a result whose
    hasError() is true), sets lastError() and emits errorOccurred(). After a failed flush the
    transaction is rolled back in the database and every call fails until rollback(). A session
    lives in the thread that created it, with its connection; a call from another thread fails
    with a ThreadAffinityError (set in lastError(), without errorOccurred()). The session owns
    the objects it tracks (their parent is one of its internal holders) until they are
    expunged.

    Its Q_PROPERTYs, for QML and bindings:
    - \c hasChanges (read-only, NOTIFY hasChangesChanged()): hasChanges();
    - \c autoflush (NOTIFY autoflushChanged()): autoflush(), setAutoflush();
    - \c expireOnCommit (NOTIFY expireOnCommitChanged()): expireOnCommit(),
      setExpireOnCommit();
    - \c lastError (read-only, NOTIFY errorOccurred()): lastError().
*/

/*!
    \enum ObjectState
    \brief Where an object stands with respect to a session (SQLAlchemy's object states);
    Session::state() tells.

    \value Transient  In no session, never saved: \c new, expunge() of a pending object, or a
                      rollback of the transaction that added it.
    \value Pending    Added to a session, not INSERTed yet.
    \value Persistent In a session, with a row in the database.
    \value Deleted    Its DELETE was flushed; it is destroyed when the transaction commits, and
                      persistent again if it rolls back.
    \value Detached   Has a row but is in no session: expunged, or its session closed.
*/

/*!
    \struct Qorm::AttributeHistory
    \brief One mapped property's history since the object was last loaded or flushed, as
    InstanceState::history() gives it (SQLAlchemy's \c History).

    A changed property has its value now in \c added and the one it replaced in \c deleted
    (empty when that value was never loaded); an unchanged one has its value in
    \c unchanged. For a pending object every non-null value is "added".
*/

/*!
    \var QVariantList Qorm::AttributeHistory::added
    The value the property has now, when it changed (or the object is pending).
*/

/*!
    \var QVariantList Qorm::AttributeHistory::unchanged
    The value, when it did not change.
*/

/*!
    \var QVariantList Qorm::AttributeHistory::deleted
    The value the change replaced: the one last loaded or flushed.
*/

/*!
    \fn bool Qorm::AttributeHistory::hasChanges() const
    True when the property changed: \c added or \c deleted holds a value.
*/

/*!
    \class Qorm::InstanceState
    \brief A snapshot of what a session knows about one object (SQLAlchemy's
    \c inspect(instance)), made by Session::inspect().

    Taken at the call: it does not follow later changes. A default-constructed one describes a
    transient object of no known class.
*/

/*! \fn Qorm::InstanceState::InstanceState()
    The state of a transient object of no known class. */
/*! \fn Qorm::ObjectState Qorm::InstanceState::state() const noexcept
    Where the object stood. */
/*! \fn bool Qorm::InstanceState::isTransient() const noexcept
    True when state() is ObjectState::Transient. */
/*! \fn bool Qorm::InstanceState::isPending() const noexcept
    True when state() is ObjectState::Pending. */
/*! \fn bool Qorm::InstanceState::isPersistent() const noexcept
    True when state() is ObjectState::Persistent. */
/*! \fn bool Qorm::InstanceState::isDeleted() const noexcept
    True when state() is ObjectState::Deleted. */
/*! \fn bool Qorm::InstanceState::isDetached() const noexcept
    True when state() is ObjectState::Detached. */
/*! \fn Qorm::Mapper Qorm::InstanceState::mapper() const
    The mapper of the object's class; invalid when the class is not mapped. */

/*!
    \fn QVariantList Qorm::InstanceState::identity() const
    The primary key values of the object's row, in key order; empty while it is transient or
    pending. For a detached object, read from its key properties.
*/

/*!
    \fn bool Qorm::InstanceState::isExpired() const noexcept
    True when the object was expired (Session::expire(), or a commit with expireOnCommit) and
    not read again yet.
*/

/*!
    \fn bool Qorm::InstanceState::isMarkedForDeletion() const noexcept
    True when Session::remove() marked the object and its DELETE is not flushed yet.
*/

/*!
    \fn QStringList Qorm::InstanceState::modifiedProperties() const
    The mapped properties whose value differs from the one last loaded or flushed (or that
    were flagged with Session::flagModified()); for a pending object, those with a non-null
    value.
*/

/*! \fn bool Qorm::InstanceState::isModified() const
    True when modifiedProperties() is not empty. */

/*!
    \fn Qorm::AttributeHistory Qorm::InstanceState::history(const QString &property) const
    The history of the mapped \a property; empty for an unknown property or an object the
    session does not track.
*/

/*!
    Creates a session over \a connection for the classes mapped in \a registry.
    Both must outlive the session. The session belongs to the connection's
    thread.
*/
Session::Session(Connection &connection, const Registry &registry, QObject *parent)
    : QObject(parent),
      d(std::make_unique<SessionPrivate>(this, connection, registry))
{
}

/*!
    Rolls back what is not committed and destroys every object the session owns. Loads
    of asynchronous QueryModels in flight are cancelled first, and their thread waited for.
*/
Session::~Session()
{
    // The transaction ends first (a worker's read may wait on its locks), then loads in flight
    // are cancelled and the loader's thread ends, before the objects go.
    if (d->levels.front().transaction && d->levels.front().transaction->isActive())
        d->levels.front().transaction->rollback();
    delete d->queryLoader.data();
    d->destroying = true;
    // objectDetached() for each object while it is alive (models holding it read it as they
    // remove its row), then the objects go.
    d->destroyAllInstances();
    delete d->tracker;
    d->tracker = nullptr;
    qDeleteAll(d->buckets); // the tracked objects with them
    d->buckets.clear();
}

/*! The connection the session works over (not owned). */
Connection &Session::connection() const
{
    return d->connection;
}

/*! The registry whose classes the session maps (not owned). */
const Registry &Session::registry() const
{
    return d->registry;
}

/*!
    Adds a transient object (it becomes pending and is INSERTed at the next
    flush) or re-attaches a detached one. The session takes ownership: the
    object's parent becomes one of the session's internal holders. Adding an
    object that is in the session already does nothing.
*/
bool Session::add(QObject *object)
{
    if (!d->checkUsable("add"))
        return false;
    if (!object)
        return d->fail(Error(Error::InvalidRequestError, u"Session::add: the object is null"_s));
    if (d->instanceOf(object))
        return true;
    if (sessionOf(object)) {
        return d->fail(Error(
                Error::InvalidRequestError,
                u"Session::add: the %1 object belongs to another session; expunge() "
                u"it there first"_s.arg(QString::fromUtf8(object->metaObject()->className()))));
    }
    if (object->thread() != thread()) {
        return d->fail(
                Error(Error::ThreadAffinityError,
                      u"Session::add: the %1 object lives in another thread than the session"_s.arg(
                              QString::fromUtf8(object->metaObject()->className()))));
    }
    Error error;
    ClassState *cls = d->classFor(object->metaObject(), &error);
    if (!cls)
        return d->fail(error);
    QObject *previousParent = object->parent();
    const bool detached = isDetached(object);
    if (detached) {
        // A detached object comes back persistent, its key taken from its properties; having
        // no snapshot, every column is written at the next flush.
        QVariantList key;
        for (int index : cls->primaryKey)
            key.append(readProperty(cls->columns.at(index), object));
        if (Instance *existing = d->findIdentity(cls, key)) {
            return d->fail(Error(Error::InvalidRequestError,
                                 u"Session::add: cannot attach the detached object: %1 is in the "
                                 u"session already as another object (use merge())"_s.arg(
                                         d->describe(existing))));
        }
        object->setProperty(detachedMarker, QVariant());
        Instance *instance = d->track(cls, object, ObjectState::Persistent);
        QVariant *snapshot = instance->snapshot();
        for (qsizetype i = 0; i < cls->primaryKey.size(); ++i)
            snapshot[cls->primaryKey.at(i)] = key.at(i);
        instance->hasSnapshot = true;
        d->registerIdentity(instance);
        // Everything but the key differs from "unknown": write all columns next flush.
        for (qsizetype i = 0; i < cls->columns.size(); ++i) {
            if (!cls->columns.at(i).primaryKey)
                snapshot[i] = QVariant();
        }
        instance->reattached = true;
        d->levels.back().added.push_back(instance);
        if (previousParent)
            d->levels.back().parents.insert(instance, previousParent);
        d->updateHasChanges();
        return true;
    }
    Instance *instance = d->track(cls, object, ObjectState::Pending);
    d->pending.append(instance);
    d->levels.back().added.push_back(instance);
    if (previousParent)
        d->levels.back().parents.insert(instance, previousParent);
    if (!cls->relations.isEmpty())
        d->cascadeAdd(instance);
    d->updateHasChanges();
    return true;
}

/*!
    Adds each of \a objects; stops at the first failure (the ones before it stay added).
*/
bool Session::addAll(const QList<QObject *> &objects)
{
    for (QObject *object : objects) {
        if (!add(object))
            return false;
    }
    return true;
}

/*!
    \fn template<typename T> bool Qorm::Session::addAll(const QList<T *> &objects)
    Adds each of \a objects, a list of a mapped class; stops at the first failure.
*/

/*!
    Marks a persistent object for deletion: its DELETE is emitted at the next
    flush and it is destroyed after the commit. A pending object is simply
    taken out of the session again (expunged). A detached object is
    attached first.
*/
bool Session::remove(QObject *object)
{
    if (!d->checkUsable("remove"))
        return false;
    Instance *instance = d->instanceOf(object);
    if (!instance && object && isDetached(object)) {
        if (!add(object))
            return false;
        instance = d->instanceOf(object);
    }
    if (!instance && !d->checkObject(object, "remove", &instance))
        return false;
    if (instance->state == ObjectState::Pending)
        return expunge(object);
    if (instance->state == ObjectState::Deleted || instance->markedForDeletion)
        return true;
    d->levels.back().marked.push_back(instance);
    instance->markedForDeletion = true;
    if (!instance->cls->relations.isEmpty()) {
        // Collections loaded for the cascade must not flush the deletion half-made.
        ++d->noAutoflush;
        const bool cascaded = d->cascadeRemove(instance);
        --d->noAutoflush;
        if (!cascaded)
            return false;
    }
    d->updateHasChanges();
    return true;
}

/*!
    Takes the object out of the session: it becomes transient (if it was
    pending) or detached, and the caller owns it again (its parent is reset to
    nullptr). Unflushed changes are not written.
*/
bool Session::expunge(QObject *object)
{
    if (!d->checkThread("expunge"))
        return false;
    Instance *instance = nullptr;
    if (!d->checkObject(object, "expunge", &instance))
        return false;
    const QList<QObject *> related = instance->cls->relations.isEmpty()
            ? QList<QObject *>()
            : d->cascaded(object, CascadeOption::Expunge);
    d->release(instance, nullptr);
    for (QObject *other : related) {
        if (d->instanceOf(other))
            (void)expunge(other);
    }
    d->updateHasChanges();
    return true;
}

/*!
    Expunges every object: the caller owns them all afterwards.
*/
void Session::expungeAll()
{
    if (!d->checkThread("expungeAll"))
        return;
    QList<Instance *> instances = d->pending;
    instances += d->flushedDeletes;
    for (ClassState *cls : std::as_const(d->classOrder)) {
        for (Instance *instance : std::as_const(cls->byInteger))
            instances.append(instance);
        instances += cls->byKey.values();
    }
    for (Instance *instance : std::as_const(instances))
        d->release(instance, nullptr);
    d->updateHasChanges();
}

/*!
    Copies the state of \a object (typically detached, or transient with a
    key) onto the session's object of the same identity, loading it if
    needed, and returns that object. When there is no such row, a new pending
    object with the same values is added and returned. \a object itself is
    never added. Returns nullptr on error.
*/
QObject *Session::merge(QObject *object)
{
    if (!d->checkUsable("merge"))
        return nullptr;
    if (!object) {
        d->fail(Error(Error::InvalidRequestError, u"Session::merge: the object is null"_s));
        return nullptr;
    }
    if (d->instanceOf(object))
        return object;
    // Along merge cascades the graph may lead back to an object merged already: each object is
    // merged once per top-level call.
    if (const auto done = d->merged.constFind(object); done != d->merged.cend())
        return done.value();
    ++d->mergeDepth;
    QObject *target = d->mergeObject(object);
    if (target && target != object) {
        d->merged.insert(object, target);
        if (!d->cascadeMerge(object, target))
            target = nullptr;
    }
    if (--d->mergeDepth == 0)
        d->merged.clear();
    if (target)
        d->updateHasChanges();
    return target;
}

/*!
    \fn template<typename T> T *Qorm::Session::merge(T *object)
    merge() for an object of mapped class \c T, returning the session's object as a \c T.
*/

//! \cond internal
QObject *SessionPrivate::mergeObject(QObject *object)
{
    Error error;
    ClassState *cls = classFor(object->metaObject(), &error);
    if (!cls) {
        fail(error);
        return nullptr;
    }
    QVariantList key;
    bool hasKey = true;
    for (int index : cls->primaryKey) {
        const QVariant value = readProperty(cls->columns.at(index), object);
        const bool generatedEmpty = cls->columns.at(index).generatedKey && value.toLongLong() == 0;
        if (isNullValue(value) || generatedEmpty)
            hasKey = false;
        key.append(value);
    }
    const quint64 failuresBefore = failures;
    QObject *target = hasKey
            ? q->get(*object->metaObject(), key.size() == 1 ? key.first() : QVariant(key))
            : nullptr;
    if (!target && hasKey && failures != failuresBefore)
        return nullptr; // get() failed: not knowing whether the row exists, add nothing
    if (!target) {
        target = createInstance(cls->metaObject);
        for (qsizetype i = 0; i < cls->columns.size(); ++i)
            cls->columns.at(i).property.write(target, readProperty(cls->columns.at(i), object));
        if (!q->add(target)) {
            delete target;
            return nullptr;
        }
        return target;
    }
    Instance *instance = instanceOf(target);
    for (qsizetype i = 0; i < cls->columns.size(); ++i) {
        const QVariant value = readProperty(cls->columns.at(i), object);
        if (!sameValue(read(instance, int(i)), value))
            cls->columns.at(i).property.write(target, value);
    }
    return target;
}
//! \endcond

/*!
    Reloads the object's columns from the database now, discarding unflushed
    changes. Returns false (lastError() says why) when its row is gone.
*/
bool Session::refresh(QObject *object)
{
    if (!d->checkUsable("refresh"))
        return false;
    Instance *instance = nullptr;
    if (!d->checkObject(object, "refresh", &instance))
        return false;
    if (instance->state != ObjectState::Persistent) {
        return d->fail(
                Error(Error::InvalidRequestError,
                      u"Session::refresh: %1 is not persistent"_s.arg(d->describe(instance))));
    }
    if (!d->refresh(instance))
        return false;
    if (instance->cls->relations.isEmpty())
        return true;
    // Along refresh cascades: the related objects in memory (nothing is loaded for it).
    QSet<QObject *> done{ object };
    QList<QObject *> queue = d->cascaded(object, CascadeOption::Refresh);
    while (!queue.isEmpty()) {
        QObject *other = queue.takeFirst();
        Instance *related = d->instanceOf(other);
        if (done.contains(other) || !related || related->state != ObjectState::Persistent)
            continue;
        done.insert(other);
        if (!d->refresh(related))
            return false;
        queue.append(d->cascaded(other, CascadeOption::Refresh));
    }
    return true;
}

/*!
    Discards the object's unflushed changes (its properties go back to the
    values last loaded or flushed) and marks it stale. Qt reads properties
    without the ORM seeing it, so nothing is loaded on access: the object is
    reloaded the next time the session hands it out (get(), or a query
    returning its row). Changes made after expire() are flushed as usual.
*/
void Session::expire(QObject *object)
{
    if (!d->checkThread("expire"))
        return;
    Instance *instance = nullptr;
    if (d->checkObject(object, "expire", &instance) && instance->state == ObjectState::Persistent) {
        d->expireInstance(instance);
        d->updateHasChanges();
    }
}

/*!
    expire() for every persistent object.
*/
void Session::expireAll()
{
    if (!d->checkThread("expireAll"))
        return;
    for (ClassState *cls : std::as_const(d->classOrder))
        cls->forEachPersistent([this](Instance *instance) { d->expireInstance(instance); });
    d->updateHasChanges();
}

/*!
    Marks \a property of \a object as modified although its value compares
    equal, e.g. after changing a container value in place: the next flush
    writes it.
*/
bool Session::flagModified(QObject *object, const QString &property)
{
    if (!d->checkUsable("flagModified"))
        return false;
    Instance *instance = nullptr;
    if (!d->checkObject(object, "flagModified", &instance))
        return false;
    const int column = instance->cls->columnIndex(property);
    if (column < 0) {
        return d->fail(Error(
                Error::InvalidRequestError,
                u"Session::flagModified: class %1 has no mapped property '%2'"_s.arg(
                        QString::fromUtf8(instance->cls->metaObject->className()), property)));
    }
    QList<int> &columns = d->flagged[instance];
    if (!columns.contains(column))
        columns.append(column);
    instance->flagged = true;
    d->updateHasChanges();
    return true;
}

/*! True when the session tracks \a object, in whichever state (pending, deleted...). */
bool Session::contains(const QObject *object) const
{
    if (!d->checkThread("contains"))
        return false;
    return d->instanceOf(object) != nullptr;
}

/*!
    get() for an integer key: an identity-map hit is answered without building a QVariant.
*/
QObject *Session::get(const QMetaObject &entity, qint64 key)
{
    ClassState *cls = d->lastClass && d->lastClass->metaObject == &entity ? d->lastClass : nullptr;
    // The identity-map hit, kept short: it is what get() is called for most.
    if (cls && cls->integerKey && d->failedLevel < 0 && QThread::currentThread() == d->thread) {
        Instance *instance = cls->byInteger.value(key);
        if (instance && (!d->anyExpired || !instance->expired))
            return instance->object;
    }
    return get(entity, QVariant(key));
}

/*!
    Returns the object of class \a entity whose primary key is \a key (a
    QVariantList for a composite key): from the identity map without SQL
    when it is there, else loaded (after an autoflush). nullptr when there
    is no such row, or on error (lastError()).
*/
QObject *Session::get(const QMetaObject &entity, const QVariant &key)
{
    if (!d->checkUsable("get"))
        return nullptr;
    Error error;
    ClassState *cls = d->classFor(&entity, &error);
    if (!cls) {
        d->fail(error);
        return nullptr;
    }
    QVariantList values = cls->primaryKey.size() > 1 || key.typeId() == QMetaType::QVariantList
            ? key.toList()
            : QVariantList{ key };
    if (values.size() != cls->primaryKey.size()) {
        d->fail(Error(
                Error::InvalidRequestError,
                u"Session::get: class %1 has a primary key of %2 column(s), %3 value(s) given"_s
                        .arg(QString::fromUtf8(entity.className()))
                        .arg(cls->primaryKey.size())
                        .arg(values.size())));
        return nullptr;
    }
    for (const QVariant &value : std::as_const(values)) {
        if (isNullValue(value))
            return nullptr;
    }
    if (Instance *instance = d->findIdentity(cls, values)) {
        // Changes made since expire() are flushed before the reload, as a query would.
        if (instance->expired && (!d->doAutoflush() || !d->refresh(instance)))
            return nullptr;
        return instance->object;
    }
    if (!d->doAutoflush())
        return nullptr;
    const Select select = d->selectFor(cls).where(d->keyCondition(cls, values));
    const ObjectResult result = d->load(cls, select, false);
    return result.firstObject();
}

/*!
    \fn template<typename T> T *Qorm::Session::get(const QVariant &key)
    The object of mapped class \c T whose primary key is \a key, or \c nullptr.
*/

/*!
    \fn template<typename T> T *Qorm::Session::get(qint64 key)
    The object of mapped class \c T whose integer primary key is \a key, or \c nullptr.
*/

/*! The pending objects: added, not yet INSERTed, in the order they were added. */
QList<QObject *> Session::newObjects() const
{
    if (!d->checkThread("newObjects"))
        return {};
    QList<QObject *> result;
    for (const Instance *instance : std::as_const(d->pending))
        result.append(instance->object);
    return result;
}

/*!
    The persistent objects whose mapped properties differ from the values last loaded or
    flushed (or were flagged with flagModified()), not counting those marked for deletion.
*/
QList<QObject *> Session::modifiedObjects() const
{
    if (!d->checkThread("modifiedObjects"))
        return {};
    QList<QObject *> result;
    for (ClassState *cls : std::as_const(d->classOrder)) {
        const auto collect = [&](Instance *instance) {
            if (!instance->markedForDeletion && !d->modifiedColumns(instance).isEmpty())
                result.append(instance->object);
        };
        cls->forEachPersistent(collect);
    }
    return result;
}

/*! The objects marked for deletion by remove() whose DELETE is not flushed yet. */
QList<QObject *> Session::deletedObjects() const
{
    if (!d->checkThread("deletedObjects"))
        return {};
    QList<QObject *> result;
    for (ClassState *cls : std::as_const(d->classOrder)) {
        const auto collect = [&](Instance *instance) {
            if (instance->markedForDeletion)
                result.append(instance->object);
        };
        cls->forEachPersistent(collect);
    }
    return result;
}

/*!
    Whether a flush would write anything: pending objects, objects marked for
    deletion, or persistent objects whose values differ from their snapshot.
*/
bool Session::hasChanges() const
{
    if (!d->checkThread("hasChanges"))
        return false;
    return d->computeHasChanges();
}

/*!
    Where \a object stands: the answer of whichever session tracks it; Detached for an object
    expunged from a session, Transient for any other object no session tracks.
*/
ObjectState Session::state(const QObject *object) const
{
    if (!d->checkThread("state"))
        return ObjectState::Transient;
    if (const Instance *instance = d->instanceOf(object))
        return instance->state;
    if (Session *other = sessionOf(object); other && other != this)
        return other->state(object);
    if (object && isDetached(object))
        return ObjectState::Detached;
    return ObjectState::Transient;
}

/*!
    What the session knows about \a object: its state, identity, modified
    properties and each property's history (SQLAlchemy's inspect()).
*/
InstanceState Session::inspect(const QObject *object) const
{
    if (Session *other = sessionOf(object); other && other != this)
        return other->inspect(object);
    InstanceState result;
    result.m_state = state(object);
    if (!object)
        return result;
    Instance *instance = d->instanceOf(object);
    Error ignored;
    ClassState *cls = instance ? instance->cls : d->classFor(object->metaObject(), &ignored);
    if (!cls)
        return result;
    result.m_mapper = cls->mapper;
    if (!instance) {
        if (result.m_state == ObjectState::Detached) {
            for (int index : cls->primaryKey)
                result.m_identity.append(readProperty(cls->columns.at(index), object));
        }
        return result;
    }
    result.m_identity = d->identityOf(instance);
    result.m_expired = instance->expired;
    result.m_markedForDeletion = instance->markedForDeletion;
    const QList<int> modified =
            instance->state == ObjectState::Pending ? QList<int>() : d->modifiedColumns(instance);
    for (qsizetype i = 0; i < cls->columns.size(); ++i) {
        const ColumnSlot &slot = cls->columns.at(i);
        AttributeHistory history;
        const QVariant current = readProperty(slot, object);
        if (instance->state == ObjectState::Pending) {
            if (!isNullValue(current))
                history.added.append(current);
        } else if (modified.contains(int(i))) {
            result.m_modified.append(slot.propertyName);
            history.added.append(current);
            if (instance->hasSnapshot && instance->snapshot()[i].isValid())
                history.deleted.append(instance->snapshot()[i]);
        } else {
            history.unchanged.append(current);
        }
        result.m_history.insert(slot.propertyName, history);
    }
    if (instance->state == ObjectState::Pending) {
        for (qsizetype i = 0; i < cls->columns.size(); ++i) {
            if (!result.m_history.value(cls->columns.at(i).propertyName).added.isEmpty())
                result.m_modified.append(cls->columns.at(i).propertyName);
        }
    }
    return result;
}

/*! The session that tracks \a object, or \c nullptr. */
Session *Session::sessionOf(const QObject *object)
{
    const SessionPrivate *session = SessionPrivate::of(object);
    return session ? session->q : nullptr;
}

/*!
    Writes every pending change to the database inside the session's
    transaction (begun if needed). See docs/session.md for what a failure does.
*/
bool Session::flush()
{
    return d->flush();
}

/*!
    Begins the session's transaction now (it otherwise begins at the first
    write). Use TransactionMode::Immediate on SQLite to take the write lock up front.
*/
bool Session::begin(TransactionMode mode)
{
    if (!d->checkUsable("begin"))
        return false;
    Level &top = d->levels.front();
    if (top.transaction && top.transaction->isActive())
        return d->fail(Error(Error::InvalidRequestError,
                             u"Session::begin: a transaction is in progress already"_s));
    top.transaction = d->connection.begin(mode);
    if (!top.transaction->isActive()) {
        top.transaction.reset();
        return d->fail(d->connection.lastError());
    }
    return true;
}

/*!
    Flushes, then commits the transaction (releasing any open savepoint).
    Objects deleted in it are destroyed; with expireOnCommit, every object
    is expired. On failure the session behaves as after a failed flush.
*/
bool Session::commit()
{
    if (!d->checkUsable("commit"))
        return false;
    if (!d->flush())
        return false;
    // Open savepoints are released first (innermost first); their changes join the transaction.
    while (d->levels.size() > 1) {
        const int index = int(d->levels.size()) - 1;
        Level &level = d->levels.back();
        if (level.transaction && level.transaction->isActive() && !level.transaction->commit()) {
            const Error error = d->connection.lastError();
            d->failedLevel = index;
            d->failure = error;
            return d->fail(error);
        }
        d->releaseLevel(index);
        d->levels.pop_back();
    }
    Level &top = d->levels.front();
    if (top.transaction && top.transaction->isActive()) {
        if (!top.transaction->commit()) {
            const Error error = d->connection.lastError();
            d->failedLevel = 0;
            d->failure = error;
            return d->fail(error);
        }
    }
    const QList<Instance *> deleted = d->flushedDeletes;
    d->flushedDeletes.clear();
    d->clearLevels();
    // A holder whose children all go is deleted whole: QObject then deletes its children without
    // searching its child list for each one.
    QHash<QObject *, qsizetype> goneFromHolder;
    for (Instance *instance : deleted)
        ++goneFromHolder[instance->object->parent()];
    for (auto it = goneFromHolder.begin(); it != goneFromHolder.end();) {
        auto *bucket = static_cast<SessionBucket *>(it.key());
        if (it.value() == bucket->children().size() && bucket != d->openBucket)
            ++it;
        else
            it = goneFromHolder.erase(it);
    }
    for (Instance *instance : deleted) {
        QObject *object = instance->object;
        d->detached(object);
        instance->state = ObjectState::Detached; // not in the map any more: forget() is a no-op
        if (instance->connected && d->tracker)
            QObject::disconnect(object, nullptr, d->tracker, nullptr);
        d->flagged.remove(instance);
        if (!goneFromHolder.contains(object->parent()))
            d->destroyObject(object);
        Instance::destroy(instance);
    }
    for (auto it = goneFromHolder.cbegin(); it != goneFromHolder.cend(); ++it) {
        auto *bucket = static_cast<SessionBucket *>(it.key());
        d->buckets.removeOne(bucket);
        d->destroyObject(bucket);
    }
    if (d->expireOnCommit)
        expireAll();
    Q_EMIT afterCommit();
    d->emitTablesChanged();
    d->updateHasChanges();
    return true;
}

/*!
    Rolls back the database transaction and makes the objects match the
    database again: pending objects leave the session (back to their former
    parent, or none), objects deleted come back, and every persistent
    object's properties are reset to its committed values.
*/
bool Session::rollback()
{
    if (!d->checkThread("rollback"))
        return false;
    bool ok = true;
    Level &top = d->levels.front();
    if (top.transaction && top.transaction->isActive()) {
        if (!top.transaction->rollback())
            ok = false;
    }
    // Savepoints fold into the transaction, which is then undone as one level.
    for (int i = int(d->levels.size()) - 1; i >= 1; --i) {
        d->releaseLevel(i);
        d->levels.pop_back();
    }
    d->rollbackLevel(0);
    d->clearLevels();
    Q_EMIT afterRollback();
    d->emitTablesChanged();
    d->updateHasChanges();
    if (!ok)
        return d->fail(d->connection.lastError());
    return true;
}

/*!
    Rolls back and destroys every object the session owns (expunge the ones
    to keep first). The session can be used again afterwards.
*/
void Session::close()
{
    if (!d->checkThread("close"))
        return;
    Level &top = d->levels.front();
    if (top.transaction && top.transaction->isActive() && !top.transaction->rollback())
        d->fail(d->connection.lastError());
    d->clearLevels();
    d->destroying = true;
    d->destroyAllInstances();
    qDeleteAll(d->buckets); // and the objects with them, pending ones included
    d->buckets.clear();
    d->openBucket = nullptr;
    d->destroying = false;
    Q_EMIT afterRollback();
    d->updateHasChanges();
}

/*!
    Flushes, then opens a SAVEPOINT. The returned handle commits (RELEASE)
    or rolls it back; rollback undoes the database work and the object
    changes made inside it. An inactive handle is returned on failure.
*/
NestedTransaction Session::beginNested()
{
    if (!d->checkUsable("beginNested"))
        return {};
    if (!d->flush() || !d->ensureTransaction())
        return {};
    Transaction savepoint = d->connection.beginNested();
    if (!savepoint.isActive()) {
        d->fail(d->connection.lastError());
        return {};
    }
    Level level;
    level.id = d->nextLevelId++;
    level.transaction = std::move(savepoint);
    const quint64 id = level.id;
    d->levels.push_back(std::move(level));
    return NestedTransaction(this, id);
}

/*!
    True while the session's database transaction is open: from begin() or the first write
    until commit(), rollback() or close().
*/
bool Session::inTransaction() const
{
    const Level &top = d->levels.front();
    return top.transaction && top.transaction->isActive();
}

/*!
    Whether queries, get() and the loading of relationships flush pending changes first, so
    that they see them (on by default). NoAutoflush turns it off for a scope.
*/
bool Session::autoflush() const
{
    return d->autoflush;
}

/*! Turns autoflush on or off as \a enabled says; emits autoflushChanged() on a change. */
void Session::setAutoflush(bool enabled)
{
    if (d->autoflush == enabled)
        return;
    d->autoflush = enabled;
    Q_EMIT autoflushChanged();
}

/*!
    Whether commit() expires every object, so that each is read again the next time the
    session hands it out (off by default).
*/
bool Session::expireOnCommit() const
{
    return d->expireOnCommit;
}

/*! Sets expireOnCommit() to \a enabled; emits expireOnCommitChanged() on a change. */
void Session::setExpireOnCommit(bool enabled)
{
    if (d->expireOnCommit == enabled)
        return;
    d->expireOnCommit = enabled;
    Q_EMIT expireOnCommitChanged();
}

/*!
    Runs an entity SELECT (autoflushing first) and returns its objects, one
    per row, from the identity map where they are there already.
*/
ObjectResult Session::execute(const EntitySelectBase &select)
{
    if (!d->checkUsable("execute"))
        return ObjectResult({}, lastError());
    if (select.error().isValid()) {
        d->fail(select.error());
        return ObjectResult({}, select.error());
    }
    Error error;
    ClassState *cls = d->classFor(select.entity(), &error);
    if (!cls) {
        d->fail(error);
        return ObjectResult({}, error);
    }
    if (select.mapper().table().fullName() != cls->table.fullName()) {
        error = Error(Error::InvalidRequestError,
                      u"select<%1>() was built from a Registry that maps the class to table %2, "
                      u"but this session's maps it to %3"_s.arg(
                              QString::fromUtf8(select.entity()->className()),
                              select.mapper().table().fullName(), cls->table.fullName()));
        d->fail(error);
        return ObjectResult({}, error);
    }
    if (!d->doAutoflush())
        return ObjectResult({}, d->lastError);
    const QList<std::pair<QString, LoadStrategy>> loaders = select.loaders();
    const bool joins = std::any_of(cls->relations.cbegin(), cls->relations.cend(),
                                   [](const RelationSlot &slot) {
                                       return slot.relationship.strategy() == LoadStrategy::Joined;
                                   });
    // Collections loaded with select-IN for a query of a whole table read theirs whole too.
    const SessionPrivate::Scope scope = SessionPrivate::scopeOf(cls, select.statement());
    if (loaders.isEmpty() && !joins)
        return d->load(cls, select.statement(), select.populatesExisting(), true, {}, nullptr,
                       nullptr, {}, nullptr, scope);
    // By path from this query's class ("albums", "albums.tracks"): each level of objects it
    // loads takes the options under its relationship's name.
    QHash<QString, LoadStrategy> overrides;
    for (const auto &[path, strategy] : loaders)
        overrides.insert(path, strategy);
    QList<SessionPrivate::JoinedLoad> joined;
    const Select statement =
            d->withJoins(cls, select.statement(), select.isLimited(), overrides, &joined);
    return d->load(cls, statement, select.populatesExisting(), true, joined, nullptr, nullptr,
                   overrides, nullptr, scope);
}

/*!
    Executes a Core statement on the session's connection, after an
    autoflush; anything but a SELECT begins the session's transaction first.
*/
Result Session::execute(const Statement &statement, const QVariantMap &parameters)
{
    if (!d->checkUsable("execute") || !d->doAutoflush())
        return ResultPrivate::failed(lastError());
    if (statement.kind() != Statement::SelectStatement && !d->ensureTransaction())
        return ResultPrivate::failed(d->lastError);
    Result result = d->connection.execute(statement, parameters);
    if (result.error().isValid()) {
        d->fail(result.error());
        return result;
    }
    // The table a Core INSERT, UPDATE or DELETE wrote rows of (Session::tablesChanged()).
    auto *node = const_cast<StatementNode *>(statement.node());
    QString table;
    switch (statement.kind()) {
    case Statement::InsertStatement:
        table = Insert(node).table().fullName();
        break;
    case Statement::UpdateStatement:
        table = Update(node).table().fullName();
        break;
    case Statement::DeleteStatement:
        table = Delete(node).table().fullName();
        break;
    default:
        break;
    }
    if (!table.isEmpty() && result.numRowsAffected() != 0)
        d->tablesWritten.insert(table);
    return result;
}

/*!
    A new object of the mapped class named \a className (namespace included), its
    \a properties set, added to the session (pending, owned by it); meant for QML.
    Returns \c nullptr, with lastError() set, when this session's registry maps no such
    class, the object cannot be created, or a property is missing or does not take its value.
*/
QObject *Session::create(const QString &className, const QVariantMap &properties)
{
    if (!d->checkUsable("create"))
        return nullptr;
    const Mapper mapper = d->registry.mapper(className);
    if (!mapper.isValid()) {
        d->fail(Error(Error::InvalidRequestError,
                      u"Session::create(): no class named \"%1\" is mapped by this session's "
                      u"registry"_s.arg(className)));
        return nullptr;
    }
    QObject *object = createInstance(mapper.metaObject());
    if (!object) {
        d->fail(Error(Error::MappingError,
                      u"Session::create(): could not create an instance of %1"_s.arg(className)));
        return nullptr;
    }
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) {
        const QByteArray name = it.key().toUtf8();
        const int index = object->metaObject()->indexOfProperty(name.constData());
        if (index < 0 || !object->metaObject()->property(index).write(object, it.value())) {
            delete object;
            d->fail(Error(Error::InvalidRequestError,
                          u"Session::create(): %1 has no writable property \"%2\" taking %3"_s.arg(
                                  className, it.key(), QString::fromUtf8(it.value().typeName()))));
            return nullptr;
        }
    }
    if (!add(object)) {
        delete object;
        return nullptr;
    }
    return object;
}

/*! The error of the last call that failed; it stays until another call fails. */
Error Session::lastError() const
{
    // Another thread sees only what it was told (its ThreadAffinityError), never the owner's.
    return d->foreignError.pick(d->lastError, QThread::currentThread() != thread());
}

/*! \reimp */
bool Session::event(QEvent *event)
{
    // moveToThread(): forget the cached thread; the next check reads it again.
    if (event->type() == QEvent::ThreadChange)
        d->thread = nullptr;
    return QObject::event(event);
}

/*!
    \reimp
    Connecting to objectModified() or hasChangesChanged() makes the session listen to the
    tracked objects' NOTIFY signals; without such a connection it does not.
*/
void Session::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Session::objectModified)
        || signal == QMetaMethod::fromSignal(&Session::hasChangesChanged)) {
        ++d->listeners;
        if (!d->tracker && QThread::currentThread() == thread())
            d->setListening(true);
    }
}

/*! \reimp */
void Session::disconnectNotify(const QMetaMethod &signal)
{
    // Qt may call this from a receiver's destructor with signal-slot mutexes held: tearing the
    // tracker down here (it disconnects every tracked object) could deadlock on them, so the
    // listeners are recounted and the tracker removed later, from the event loop.
    const bool relevant = !signal.isValid()
            || signal == QMetaMethod::fromSignal(&Session::objectModified)
            || signal == QMetaMethod::fromSignal(&Session::hasChangesChanged);
    if (!relevant || d->destroying || d->listeningCheckScheduled)
        return;
    d->listeningCheckScheduled = true;
    QMetaObject::invokeMethod(
            this,
            [this] {
                d->listeningCheckScheduled = false;
                d->listeners = int(receivers(SIGNAL(objectModified(QObject *, QString)))
                                   + receivers(SIGNAL(hasChangesChanged())));
                if (d->listeners == 0 && d->tracker)
                    d->setListening(false);
            },
            Qt::QueuedConnection);
}

/*!
    \fn template<typename T> ScalarResult<T> Session::scalars(const EntitySelect<T> &select)
    Runs \a select as execute() does; the objects come typed as \c T.
*/

/*!
    \fn template<typename T> T *Qorm::Session::scalar(const Qorm::EntitySelect<T> &select)
    The first object of \a select, run with LIMIT 1; \c nullptr when there is no row or on an
    error (lastError() then says which).
*/

/*!
    \fn template<typename T> ScalarResult<T> Session::scalars(const EntityInsert<T> &insert)
    Runs \a insert with RETURNING every column and gives its rows as identity-mapped,
    persistent objects of \c T; see executeReturning().
*/

/*!
    \fn template<typename T> ScalarResult<T> Session::scalars(const TextSql &statement)
    Runs the text \a statement and maps its rows to objects of \c T by column name; see
    executeText().

    \code
    session.scalars<Track>(Qorm::TextSql(u"SELECT * FROM track WHERE ..."_s).bind(...))
    \endcode
*/

/*!
    \fn bool Qorm::Session::stream(const Qorm::EntitySelect<T> &select, \
            int batchSize, const std::function<bool(const QList<T *> &)> &consume)
    Reads the objects of \a select in batches of at most \a batchSize, each given to
    \a consume typed as \c T; see streamObjects() for the contract.
*/

/*!
    \fn TupleResult<Ts...> Session::tuples(const TupleSelect<Ts...> &select)
    Runs \a select (`select<A, B, ...>()`) and gives each row as a tuple of identity-mapped
    objects, \c nullptr where an outer join found nothing; see executeRows().
*/

/*! \fn void Qorm::Session::beforeFlush()
    Emitted when a flush that has something to write starts, before any statement. */
/*! \fn void Qorm::Session::afterFlush()
    Emitted after a flush succeeded. */
/*! \fn void Qorm::Session::afterCommit()
    Emitted after commit() committed the transaction. */
/*! \fn void Qorm::Session::afterRollback()
    Emitted after rollback(), the rollback of a NestedTransaction, or close(). */

/*!
    \fn void Qorm::Session::aboutToInsert(QObject *object)
    Emitted during a flush before \a object's INSERT, before its values are read: a handler
    may still change them.
*/

/*!
    \fn void Qorm::Session::aboutToUpdate(QObject *object)
    Emitted during a flush before \a object's UPDATE, before its values are read: a handler
    may still change them.
*/

/*!
    \fn void Qorm::Session::aboutToDelete(QObject *object)
    Emitted during a flush before \a object's DELETE.
*/

/*! \fn void Qorm::Session::objectInserted(QObject *object)
    Emitted after the flush that INSERTed \a object succeeded. */
/*! \fn void Qorm::Session::objectUpdated(QObject *object)
    Emitted after the flush that UPDATEd \a object succeeded. */
/*! \fn void Qorm::Session::objectDeleted(QObject *object)
    Emitted after the flush that DELETEd \a object's row succeeded. */

/*!
    \fn void Qorm::Session::objectModified(QObject *object, const QString &property)
    Emitted when a tracked \a object's NOTIFY signal for the mapped \a property fires. The
    session listens to those signals only while something is connected to this signal or to
    hasChangesChanged().
*/

/*!
    \fn void Qorm::Session::objectDetached(QObject *object)
    Emitted when \a object leaves the session: expunged, deleted and destroyed after a commit,
    added inside a transaction that was rolled back, destroyed or reparented behind the
    session's back, a stream() batch done with, or the session closed. Compare the pointer
    only: the object may be half destroyed.
*/

/*!
    \fn void Qorm::Session::tablesChanged(const QStringList &tables)
    Emitted after commit() and rollback() with the \a tables (full names, sorted) the
    transaction wrote rows of, through flushes, bulk statements or Core INSERT, UPDATE and
    DELETE; not emitted when it wrote none. Models over those tables read them again.
*/

/*! \fn void Qorm::Session::hasChangesChanged()
    Emitted when hasChanges() changes (only while something is connected to it). */
/*! \fn void Qorm::Session::autoflushChanged()
    Emitted when autoflush() changes. */
/*! \fn void Qorm::Session::expireOnCommitChanged()
    Emitted when expireOnCommit() changes. */
/*! \fn void Qorm::Session::errorOccurred(const Qorm::Error &error)
    Emitted when a call fails with \a error, which lastError() then returns. */

// ---------------------------------------------------------------------------------------------
// NestedTransaction

/*!
    \class Qorm::NestedTransaction
    \brief A SAVEPOINT inside the session's transaction, made by Session::beginNested().

    commit() flushes and releases it; rollback() undoes what happened inside it, in the
    database and in the objects, while the outer transaction goes on. Destroyed while active,
    it rolls back. Savepoints nest; commit the innermost first. Move-only.
*/

/*! \fn Qorm::NestedTransaction::NestedTransaction()
    An inactive handle, as Session::beginNested() returns on failure. */

/*! Takes over the savepoint of \a other, which becomes inactive. */
NestedTransaction::NestedTransaction(NestedTransaction &&other) noexcept
    : m_session(std::exchange(other.m_session, nullptr)),
      m_id(std::exchange(other.m_id, 0))
{
}

/*!
    Takes over the savepoint of \a other; the savepoint this handle had is rolled back first
    if it was still active.
*/
NestedTransaction &NestedTransaction::operator=(NestedTransaction &&other) noexcept
{
    if (this != &other) {
        if (isActive())
            rollback();
        m_session = std::exchange(other.m_session, nullptr);
        m_id = std::exchange(other.m_id, 0);
    }
    return *this;
}

/*! Rolls the savepoint back if it is still active. */
NestedTransaction::~NestedTransaction()
{
    if (isActive())
        rollback();
}

//! \cond internal
static int levelIndex(SessionPrivate *d, quint64 id)
{
    for (qsizetype i = 1; i < qsizetype(d->levels.size()); ++i) {
        if (d->levels.at(i).id == id)
            return int(i);
    }
    return -1;
}
//! \endcond

/*!
    True until the savepoint is committed or rolled back, here or by an enclosing rollback or
    commit of the session.
*/
bool NestedTransaction::isActive() const
{
    return m_session && levelIndex(m_session->d.get(), m_id) > 0;
}

/*!
    Flushes, then releases the savepoint: its changes join the enclosing transaction.
    Returns \c false, with the session's lastError() set, when the savepoint is not active,
    a savepoint opened inside it is still active, or the flush or RELEASE failed; in the last
    case it has been rolled back already.
*/
bool NestedTransaction::commit()
{
    if (!m_session)
        return false;
    SessionPrivate *d = m_session->d.get();
    if (!d->checkThread("NestedTransaction::commit"))
        return false;
    const int index = levelIndex(d, m_id);
    if (index < 0) {
        return d->fail(Error(Error::InvalidRequestError,
                             u"NestedTransaction::commit: the savepoint is not active any more"_s));
    }
    if (index != int(d->levels.size()) - 1) {
        return d->fail(Error(Error::InvalidRequestError,
                             u"NestedTransaction::commit: a savepoint opened inside this one is "
                             u"still active; commit or roll it back first"_s));
    }
    if (d->failedLevel < 0 && !d->flush()) {
        const Error error = d->lastError;
        rollback();
        d->setLastError(error);
        return false;
    }
    if (d->failedLevel >= 0) {
        const Error error = d->failure;
        rollback();
        return d->fail(error);
    }
    Level &level = d->levels[index];
    if (!level.transaction->commit()) {
        const Error error = d->connection.lastError();
        rollback();
        return d->fail(error);
    }
    d->releaseLevel(index);
    d->levels.erase(d->levels.begin() + index);
    return true;
}

/*!
    Rolls the database back to the savepoint and the objects to what they were when it began
    (savepoints opened inside it go with it); emits Session::afterRollback(). Returns \c false
    when the savepoint was not active, or the ROLLBACK TO failed (the objects are reset all
    the same).
*/
bool NestedTransaction::rollback()
{
    if (!m_session)
        return false;
    SessionPrivate *d = m_session->d.get();
    if (!d->checkThread("NestedTransaction::rollback"))
        return false;
    const int index = levelIndex(d, m_id);
    if (index < 0)
        return false;
    bool ok = true;
    // The database first: the objects are then read back as they were when this savepoint
    // began. Savepoints opened inside this one go with it, undone as one level with it.
    Level &level = d->levels[size_t(index)];
    if (level.transaction && level.transaction->isActive())
        ok = level.transaction->rollback();
    for (int i = int(d->levels.size()) - 1; i > index; --i) {
        d->releaseLevel(i);
        d->levels.pop_back();
    }
    d->rollbackLevel(index);
    while (int(d->levels.size()) > index)
        d->levels.pop_back();
    if (d->failedLevel >= index) {
        d->failedLevel = -1;
        d->failure = Error();
    }
    Q_EMIT m_session->afterRollback();
    d->updateHasChanges();
    if (!ok)
        return d->fail(d->connection.lastError());
    return true;
}

// ---------------------------------------------------------------------------------------------
// NoAutoflush

/*!
    \class Qorm::NoAutoflush
    \brief Autoflush is off in \a session while one of these lives (SQLAlchemy's
    \c no_autoflush): queries then do not flush half-made changes.

    \code
    {
        Qorm::NoAutoflush noAutoflush(session);
        order->setCustomer(session.scalar(Qorm::select<Customer>().where(...)));
    }
    \endcode

    They nest; the session must outlive them.
*/

/*! Turns autoflush off in \a session until this object is destroyed. */
NoAutoflush::NoAutoflush(Session &session) : m_session(session)
{
    ++m_session.d->noAutoflush;
}

/*! Turns autoflush back on, unless another NoAutoflush of the session still lives. */
NoAutoflush::~NoAutoflush()
{
    --m_session.d->noAutoflush;
}

// ---------------------------------------------------------------------------------------------
// Results and attributes

/*!
    \class Qorm::ObjectResult
    \brief The objects a query returned, in row order: one per row, identity-mapped (the
    same row is the same object).

    Session::execute() returns it; ScalarResult<T> types it. The objects belong to the
    session. On an error, hasError() is true and the objects are those read before it (often
    none).
*/

/*! \fn Qorm::ObjectResult::ObjectResult()
    An empty result without error. */
/*! \fn Qorm::ObjectResult::ObjectResult(const QList<QObject *> &objects, const Qorm::Error &error)
    A result of \a objects and \a error; the session makes them. */
/*! \fn bool Qorm::ObjectResult::hasError() const
    True when the query failed; error() says why. */
/*! \fn Qorm::Error Qorm::ObjectResult::error() const
    Why the query failed; invalid when it succeeded. */
/*! \fn QList<QObject *> Qorm::ObjectResult::objects() const
    The objects, one per row, in row order. */
/*! \fn qsizetype Qorm::ObjectResult::count() const
    The number of objects (rows). */

/*! The first object, or \c nullptr when there is none. */
QObject *ObjectResult::firstObject() const
{
    return m_objects.isEmpty() ? nullptr : m_objects.first();
}

/*!
    The only object; \c nullptr when the query returned no row, several, or failed, and then
    *\a error (when not null) says which: the query's error, or an InvalidRequestError.
*/
QObject *ObjectResult::oneObject(Error *error) const
{
    if (m_objects.size() == 1)
        return m_objects.first();
    if (error) {
        *error = m_error.isValid()
                ? m_error
                : Error(Error::InvalidRequestError,
                        m_objects.isEmpty() ? u"one(): the query returned no row"_s
                                            : u"one(): the query returned %1 rows, not one"_s.arg(
                                                    m_objects.size()));
    }
    return nullptr;
}

/*!
    The only object, or \c nullptr when there is none; \c nullptr too when there are several
    or the query failed, and then *\a error (when not null) says which.
*/
QObject *ObjectResult::oneOrNoObject(Error *error) const
{
    if (m_error.isValid()) {
        if (error)
            *error = m_error;
        return nullptr;
    }
    if (m_objects.size() <= 1)
        return firstObject();
    if (error) {
        *error = Error(Error::InvalidRequestError,
                       u"oneOrNone(): the query returned %1 rows, not one or none"_s.arg(
                               m_objects.size()));
    }
    return nullptr;
}

/*!
    \class Qorm::ScalarResult
    \brief The objects of an EntitySelect<T>, typed as \c T: what Session::scalars() returns.

    \code
    Qorm::Error error;
    User *sandy = session.scalars(Qorm::select<User>().where(
                                          Qorm::attribute<User>(u"name"_s) == u"sandy"_s))
                          .one(&error);
    \endcode
*/

/*! \fn template<typename T> Qorm::ScalarResult<T>::ScalarResult()
    An empty result without error. */
/*! \fn template<typename T> Qorm::ScalarResult<T>::ScalarResult(const Qorm::ObjectResult &result)
    The objects of \a result, typed as \c T. */
/*! \fn template<typename T> QList<T *> Qorm::ScalarResult<T>::all() const
    The objects, in row order. */
/*! \fn template<typename T> T *Qorm::ScalarResult<T>::first() const
    The first object, or \c nullptr when there is none. */

/*!
    \fn template<typename T> T *Qorm::ScalarResult<T>::one(Qorm::Error *error) const
    The only object; \c nullptr when there is none, there are several, or the query failed,
    and then *\a error (when not null) says which.
*/

/*!
    \fn template<typename T> T *Qorm::ScalarResult<T>::oneOrNone(Qorm::Error *error) const
    The only object or \c nullptr when there is none; \c nullptr too when there are several
    or the query failed, and then *\a error (when not null) says which.
*/

/*!
    \class Qorm::ObjectRowsResult
    \brief The rows of a select of several classes (`select<A, B, ...>()`): per row, one
    identity-mapped object per class, or \c nullptr where an outer join found nothing.

    Session::executeRows() returns it; TupleResult types it.
*/

/*! \fn Qorm::ObjectRowsResult::ObjectRowsResult()
    An empty result without error. */
/*! \fn Qorm::ObjectRowsResult::ObjectRowsResult(const QList<QList<QObject *>> &rows, \
            const Qorm::Error &error)
    A result of \a rows and \a error; the session makes them. */
/*! \fn bool Qorm::ObjectRowsResult::hasError() const
    True when the query failed; error() says why. */
/*! \fn Qorm::Error Qorm::ObjectRowsResult::error() const
    Why the query failed; invalid when it succeeded. */
/*! \fn QList<QList<QObject *> > Qorm::ObjectRowsResult::objectRows() const
    The rows, each with one object (or \c nullptr) per class, in the select's class order. */
/*! \fn qsizetype Qorm::ObjectRowsResult::count() const
    The number of rows. */

/*!
    \class Qorm::TupleResult
    \brief The rows of a TupleSelect as tuples of typed objects: what Session::tuples()
    returns.
*/

/*! \fn template<typename... Ts> Qorm::TupleResult<Ts...>::TupleResult()
    An empty result without error. */
/*! \fn Qorm::TupleResult<Ts...>::TupleResult( \
            const Qorm::ObjectRowsResult &result)
    The rows of \a result, typed as \c Ts. */

/*!
    \fn template<typename... Ts> QList<std::tuple<Ts *...> > Qorm::TupleResult<Ts...>::all() const
    The rows as tuples, one pointer per class (\c nullptr where an outer join found nothing),
    for structured bindings: `for (const auto &[artist, album] : result.all())`.
*/

/*!
    The column of \a property of the mapped class \a entity, usable in expressions:
    `attribute<User>(u"name"_s) == u"Alice"_s`. The class is looked up among the classes
    mapped by any live Registry; an unmapped class or an unknown property gives an expression
    carrying the error, reported (naming class and property) when the statement is executed,
    with no SQL sent.
*/
Expression attribute(const QMetaObject &entity, const QString &property)
{
    const Mapper mapper = defaultMapper(&entity);
    if (!mapper.isValid()) {
        return makeError(u"Class %1 is not mapped (no live Registry maps it)"_s.arg(
                QString::fromUtf8(entity.className())));
    }
    const Column column = mapper.columnFor(property);
    if (!column.isValid()) {
        return makeError(u"Class %1 has no mapped property '%2'"_s.arg(
                QString::fromUtf8(entity.className()), property));
    }
    return column;
}

/*!
    \fn template<typename T> Qorm::Expression Qorm::attribute(const QString &property)
    The column of \a property of mapped class \c T: `attribute<User>(u"name"_s)`.
*/

/*!
    A SELECT of every mapped column of \a entity, from its mapper in the first live Registry
    that maps it; an unmapped class is recorded in error() as a MappingError.
*/
EntitySelectBase::EntitySelectBase(const QMetaObject &entity)
    : m_entity(&entity),
      m_mapper(defaultMapper(&entity))
{
    if (!m_mapper.isValid()) {
        m_error = Error(Error::MappingError,
                        u"select<%1>(): the class is not mapped (no live Registry maps it)"_s.arg(
                                QString::fromUtf8(entity.className())));
        return;
    }
    QList<Expression> columns;
    for (const ColumnProperty &property : m_mapper.columnProperties())
        columns.append(property.column());
    m_select = Qorm::select(columns).from(m_mapper.table());
}

/*!
    Loads the relationship \a path (names separated by dots) with \a strategy in this query;
    an unknown relationship is recorded in error().
*/
void EntitySelectBase::addLoader(const QString &path, LoadStrategy strategy)
{
    if (m_error.isValid())
        return;
    // Each step a relationship of the class the previous one leads to.
    Mapper mapper = m_mapper;
    for (const QString &step : path.split(u'.')) {
        if (!mapper.relationships().isEmpty())
            configureRegistryOf(mapper.metaObject());
        const Relationship relationship = mapper.relationship(step);
        if (!relationship.isValid()) {
            QStringList names;
            for (const Relationship &known : mapper.relationships())
                names.append(known.name());
            m_error = Error(
                    Error::InvalidRequestError,
                    u"select<%1>().load(\"%2\"): %3 has no relationship \"%4\" (it has: %5)"_s.arg(
                            QString::fromUtf8(m_entity->className()), path, mapper.className(),
                            step, names.isEmpty() ? u"none"_s : names.join(u", "_s)));
            return;
        }
        mapper = defaultMapper(relationship.targetClass());
    }
    m_loaders.append({ path, strategy });
}

/*! ANDs \a condition to WHERE. */
void EntitySelectBase::addWhere(const Expression &condition)
{
    m_select = m_select.where(condition);
}

/*! Adds \a expressions to ORDER BY. */
void EntitySelectBase::addOrderBy(const QList<Expression> &expressions)
{
    m_select = m_select.orderBy(expressions);
    m_ordered = true;
}

/*! Sets LIMIT to \a count. */
void EntitySelectBase::setLimit(qint64 count)
{
    m_select = m_select.limit(count);
    m_limited = true;
}

/*! Sets OFFSET to \a count. */
void EntitySelectBase::setOffset(qint64 count)
{
    m_select = m_select.offset(count);
    m_limited = true;
}

} // namespace Qorm
