// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../engine/result_p.h"
#include "../sql/nodes_p.h"
#include "mapper_p.h"
#include "session_p.h"

#include <QtCore/QVarLengthArray>

using namespace Qt::StringLiterals;

namespace Qorm {

//! \cond internal
// A database value in the property's own type, as QMetaProperty::read() would give it back,
// so that snapshots compare equal with what the object holds.
QVariant normalizedValue(const ColumnSlot &slot, QVariant value)
{
    const QMetaType type = slot.metaType;
    if (type == QMetaType::fromType<QVariant>())
        return value;
    if (!value.isValid())
        return QVariant(type, nullptr);
    if (value.metaType() != type) {
        QVariant converted = value;
        if (converted.convert(type))
            return converted;
    }
    return value;
}

/*
    Writes a value that normalizedValue() made of the property's own type: straight
    through the meta-call, without QMetaProperty::write()'s copy and conversion checks.
*/
void writeProperty(const ColumnSlot &slot, QObject *object, const QVariant &value)
{
    if (slot.directWrite && value.metaType() == slot.metaType) {
        int status = -1;
        int flags = 0;
        void *argv[] = { const_cast<void *>(value.constData()), const_cast<QVariant *>(&value),
                         &status, &flags };
        if (slot.staticCall)
            slot.staticCall(object, QMetaObject::WriteProperty, slot.relativeIndex, argv);
        else
            QMetaObject::metacall(object, QMetaObject::WriteProperty, slot.propertyIndex, argv);
        return;
    }
    slot.property.write(object, value);
}

QVariant readProperty(const ColumnSlot &slot, const QObject *object)
{
    if (!slot.staticCall || !slot.directWrite)
        return slot.property.read(object);
    QVariant value(slot.metaType, nullptr);
    int status = -1;
    void *argv[] = { value.data(), &value, &status };
    slot.staticCall(const_cast<QObject *>(object), QMetaObject::ReadProperty, slot.relativeIndex,
                    argv);
    return value;
}

namespace {

/*
    Objects from rows of a class's columns, one after another, then the eager relationships
    of those it brought in: the loop of executeText() and materializeRows().
*/
class RowMaterializer
{
public:
    enum Related {
        NewObjectsOnly,        // relationships of the objects the rows created
        NewAndExistingObjects, // and the unloaded eager collections of those there already
    };
    RowMaterializer(SessionPrivate *session, ClassState *cls, Related related)
        : session(session),
          cls(cls),
          related(related)
    {
    }

    // The object of one row (`values`: the class's columns, moved from); null with `error` set.
    Instance *add(QVariant *values, Error *error)
    {
        bool fresh = false;
        Instance *instance = session->materialize(cls, values, false, true, &fresh, error);
        if (!instance)
            return nullptr;
        if (!cls->relations.isEmpty()) {
            if (fresh)
                created.append(instance);
            else if (related == NewAndExistingObjects)
                existing.append(instance);
        }
        objects.append(instance->object);
        return instance;
    }

    // Loads the relationships; false with the session's error set.
    bool loadRelated(const QHash<QString, LoadStrategy> &paths = {})
    {
        if (created.isEmpty() && existing.isEmpty())
            return true;
        return session->loadRelated(cls, created, existing, paths);
    }

    QList<QObject *> objects;

private:
    SessionPrivate *session;
    ClassState *cls;
    Related related;
    QList<Instance *> created;
    QList<Instance *> existing;
};

} // namespace

Select SessionPrivate::selectFor(ClassState *cls) const
{
    QList<Expression> columns;
    columns.reserve(cls->columns.size());
    for (const ColumnSlot &slot : std::as_const(cls->columns))
        columns.append(cls->table.column(slot.column));
    return Qorm::select(columns).from(cls->table);
}

Expression SessionPrivate::keysCondition(ClassState *cls, const QList<QVariantList> &keys) const
{
    if (cls->primaryKey.size() == 1 && keys.size() > 1) {
        QVariantList values;
        values.reserve(keys.size());
        for (const QVariantList &key : keys)
            values.append(key.value(0));
        return cls->table.column(cls->columns.at(cls->primaryKey.first()).column).in(values);
    }
    QList<Expression> matches;
    matches.reserve(keys.size());
    for (const QVariantList &key : keys)
        matches.append(keyCondition(cls, key));
    return anyOf(matches);
}

Expression SessionPrivate::keyCondition(ClassState *cls, const QVariantList &key) const
{
    QList<Expression> conditions;
    for (qsizetype i = 0; i < cls->primaryKey.size(); ++i) {
        const ColumnSlot &slot = cls->columns.at(cls->primaryKey.at(i));
        conditions.append(cls->table.column(slot.column) == Expression(key.at(i)));
    }
    return conditions.size() == 1 ? conditions.first() : allOf(conditions);
}

/*
    Runs a SELECT of the class's columns (in ClassState::columns order) and
    returns one object per row. A row whose identity is in the map yields that
    object, its in-memory values kept unless it is expired or
    populateExisting asks otherwise.
*/
Instance *SessionPrivate::materialize(ClassState *cls, QVariant *values, bool populateExisting,
                                      bool refreshExpired, bool *created, Error *error)
{
    const qsizetype n = cls->columns.size();
    *created = false;
    for (int index : std::as_const(cls->primaryKey))
        normalize(cls->columns.at(index), values[index]);
    // The key slot of a non-integer key is claimed now (one probe) and filled below.
    bool integerOk = false;
    qint64 id = 0;
    Instance **slot = nullptr;
    Instance *instance = nullptr;
    if (cls->integerKey) {
        id = values[cls->primaryKey.first()].toLongLong(&integerOk);
        if (integerOk)
            instance = cls->byInteger.value(id);
    } else {
        slot = &cls->byKey[keyString(values, cls->primaryKey)];
        instance = *slot;
    }
    if (instance) {
        if (populateExisting || (refreshExpired && instance->expired))
            overwrite(instance, values);
        return instance;
    }
    if (!slot && !integerOk) {
        *error = Error(Error::InvalidRequestError,
                       u"Loading %1: a row has a null or non-integer key"_s.arg(
                               QString::fromUtf8(cls->metaObject->className())));
        return nullptr;
    }
    QObject *object = createInstance(cls->metaObject);
    if (!object) {
        if (slot)
            cls->byKey.remove(keyString(values, cls->primaryKey));
        *error = Error(Error::MappingError,
                       u"Could not create an instance of class %1"_s.arg(
                               QString::fromUtf8(cls->metaObject->className())));
        return nullptr;
    }
    instance = Instance::create(cls, object);
    instance->state = ObjectState::Persistent;
    QVariant *snapshot = instance->snapshot();
    applying = true;
    for (qsizetype i = 0; i < n; ++i) {
        const ColumnSlot &column = cls->columns.at(i);
        normalize(column, values[i]);
        snapshot[i] = std::move(values[i]);
        writeProperty(column, object, snapshot[i]);
    }
    applying = false;
    instance->hasSnapshot = true;
    if (slot)
        *slot = instance;
    else
        cls->byInteger.insert(id, instance);
    adopt(instance);
    if (listeners > 0)
        connectInstance(instance);
    *created = true;
    return instance;
}

SessionPrivate::Scope SessionPrivate::scopeOf(const ClassState *cls, const Statement &select)
{
    const SelectNode *node = asSelectNode(select.node());
    if (!node || node->isCompound() || node->where.node() || node->having.node()
        || !node->groupBy.isEmpty() || node->limit || node->offset || node->froms.size() != 1)
        return Scope::SomeRows;
    const FromNode *from = node->froms.first().node();
    return from && from->kind == FromNode::TableKind
                    && static_cast<const TableNode *>(from)->fullName() == cls->table.fullName()
            ? Scope::WholeTable
            : Scope::SomeRows;
}

ObjectResult SessionPrivate::load(ClassState *cls, const Statement &select, bool populateExisting,
                                  bool refreshExpired, const QList<JoinedLoad> &joined,
                                  QList<Instance *> *instances, QList<Instance *> *createdOut,
                                  const QHash<QString, LoadStrategy> &paths, RowSink *sink,
                                  Scope scope)
{
    Result result = connection.execute(select);
    if (result.error().isValid()) {
        fail(result.error());
        return ObjectResult({}, result.error());
    }
    ResultPrivate *cursor = result.implementation();
    qsizetype width = cls->columns.size();
    for (const JoinedLoad &part : joined)
        width += part.target->columns.size();
    QList<QObject *> objects;
    QList<Instance *> created;  // for the relationships loaded after the rows
    QList<Instance *> existing; // in the session already: their unloaded collections too
    const bool related = !cls->relations.isEmpty();
    // Joined loading: an owner comes once per related row; its related objects are gathered.
    QSet<Instance *> seen;
    QList<QHash<Instance *, QList<Instance *>>> gathered(joined.size());
    QList<QList<Instance *>> createdRelated(joined.size());
    QList<QSet<std::pair<const Instance *, const Instance *>>> pairs(joined.size());
    QVarLengthArray<Instance *, 4> rowTargets(joined.size()); // each step's object on a row
    QVariantList values;
    Error error;
    while (cursor->fetch(&values)) {
        if (values.size() != width) {
            error = Error(Error::InvalidRequestError,
                          u"Loading %1: the statement returned %2 columns, the class maps %3"_s
                                  .arg(QString::fromUtf8(cls->metaObject->className()))
                                  .arg(values.size())
                                  .arg(width));
            fail(error);
            return ObjectResult(objects, error);
        }
        if (sink && !sink->accept(values.data()))
            continue;
        bool fresh = false;
        Instance *instance =
                materialize(cls, values.data(), populateExisting, refreshExpired, &fresh, &error);
        if (!instance) {
            fail(error);
            return ObjectResult(objects, error);
        }
        if (joined.isEmpty() || !seen.contains(instance)) {
            if (!joined.isEmpty())
                seen.insert(instance);
            if (sink)
                sink->add(instance, fresh); // it has them: no list of the objects
            else
                objects.append(instance->object);
            if (instances)
                instances->append(instance);
            if (createdOut && fresh)
                createdOut->append(instance);
            if (related)
                (fresh ? created : existing).append(instance);
        }
        qsizetype offset = cls->columns.size();
        for (qsizetype j = 0; j < joined.size(); ++j) {
            const JoinedLoad &part = joined.at(j);
            QVariant *columns = values.data() + offset;
            offset += part.target->columns.size();
            rowTargets[j] = nullptr;
            // A later step of a path: its owner is the object the step before read on this row.
            Instance *owner = part.parent < 0 ? instance : rowTargets.at(part.parent);
            if (!owner)
                continue; // the step before found nothing
            QList<Instance *> &list = gathered[j][owner];
            if (isNullValue(columns[part.target->primaryKey.first()]))
                continue; // the outer join found nothing
            bool relatedFresh = false;
            Instance *target =
                    materialize(part.target, columns, false, refreshExpired, &relatedFresh, &error);
            if (!target) {
                fail(error);
                return ObjectResult(objects, error);
            }
            rowTargets[j] = target;
            const std::pair<const Instance *, const Instance *> pair{ owner, target };
            if (!pairs[j].contains(pair)) { // rows repeat when joins multiply
                pairs[j].insert(pair);
                list.append(target);
            }
            if (relatedFresh && !part.target->relations.isEmpty())
                createdRelated[j].append(target);
        }
    }
    if (cursor->error.isValid()) {
        fail(cursor->error);
        return ObjectResult(objects, cursor->error);
    }
    result.close(); // related loads run statements of their own
    // Every joined step is in place before any loader runs: those of a step's objects find the
    // collections the steps after it filled.
    for (qsizetype j = 0; j < joined.size(); ++j) {
        if (!applyJoined(joined.at(j), gathered.at(j)))
            return ObjectResult(objects, lastError);
    }
    for (qsizetype j = 0; j < joined.size(); ++j) {
        if (!createdRelated.at(j).isEmpty()
            && !loadRelated(joined.at(j).target, createdRelated.at(j), {},
                            pathsUnder(joined.at(j).path, paths)))
            return ObjectResult(objects, lastError);
    }
    if ((!created.isEmpty() || !existing.isEmpty())
        && !loadRelated(cls, created, existing, paths, scope,
                        sink ? sink->setsReference() : nullptr))
        return ObjectResult(objects, lastError);
    return ObjectResult(objects, Error());
}
//! \endcond

/*!
    Runs \a select, a SELECT of several mapped classes per row (`select<A, B, ...>()`),
    after an autoflush: each row gives one identity-mapped object per class, \c nullptr where
    an outer join found nothing. Session::tuples() types them. On an error the result's
    hasError() is true and lastError() says the same.
*/
ObjectRowsResult Session::executeRows(const EntitySelectBase &select)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return ObjectRowsResult({}, error);
    };
    if (!d->checkUsable("tuples"))
        return ObjectRowsResult({}, lastError());
    if (select.error().isValid())
        return failed(select.error());
    QList<ClassState *> classes;
    qsizetype width = 0;
    for (const QMetaObject *entity : select.entities()) {
        Error error;
        ClassState *cls = d->classFor(entity, &error);
        if (!cls)
            return failed(error);
        classes.append(cls);
        width += cls->columns.size();
    }
    if (!d->doAutoflush())
        return ObjectRowsResult({}, d->lastError);
    Result result = d->connection.execute(select.statement());
    if (result.error().isValid())
        return failed(result.error());
    ResultPrivate *cursor = result.implementation();
    QList<QList<QObject *>> rows;
    QList<QList<Instance *>> created(classes.size());
    QVariantList values;
    while (cursor->fetch(&values)) {
        if (values.size() != width) {
            return failed(Error(Error::InvalidRequestError,
                                u"tuples(): the statement returned %1 columns, the classes map %2"_s
                                        .arg(values.size())
                                        .arg(width)));
        }
        QList<QObject *> row;
        row.reserve(classes.size());
        qsizetype offset = 0;
        for (qsizetype c = 0; c < classes.size(); ++c) {
            ClassState *cls = classes.at(c);
            QVariant *columns = values.data() + offset;
            offset += cls->columns.size();
            if (isNullValue(columns[cls->primaryKey.first()])) {
                row.append(nullptr); // an outer join found nothing
                continue;
            }
            bool fresh = false;
            Error error;
            Instance *instance =
                    d->materialize(cls, columns, select.populatesExisting(), true, &fresh, &error);
            if (!instance)
                return failed(error);
            if (fresh && !cls->relations.isEmpty())
                created[c].append(instance);
            row.append(instance->object);
        }
        rows.append(row);
    }
    if (cursor->error.isValid())
        return failed(cursor->error);
    result.close(); // references are set with statements of their own
    for (qsizetype c = 0; c < classes.size(); ++c) {
        if (!created.at(c).isEmpty() && !d->loadRelated(classes.at(c), created.at(c)))
            return ObjectRowsResult(rows, d->lastError);
    }
    return ObjectRowsResult(rows, Error());
}

/*!
    Runs the text \a statement after an autoflush and maps its rows to objects of the mapped
    class \a entity by column name: the class's column names, in any order and any case;
    other columns are ignored. The objects are identity-mapped as a query's are. A mapped
    column missing from the result is an InvalidRequestError.

    \sa scalars()
*/
ObjectResult Session::executeText(const QMetaObject &entity, const TextSql &statement)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return ObjectResult({}, error);
    };
    if (!d->checkUsable("scalars"))
        return ObjectResult({}, lastError());
    Error error;
    ClassState *cls = d->classFor(&entity, &error);
    if (!cls)
        return failed(error);
    if (!d->doAutoflush())
        return ObjectResult({}, d->lastError);
    Result result = d->connection.execute(statement);
    if (result.error().isValid())
        return failed(result.error());
    // Each mapped column by name (as the database spells it: any case), its type applied.
    const QStringList names = result.columnNames();
    QList<qsizetype> positions;
    QStringList missing;
    for (const ColumnSlot &slot : std::as_const(cls->columns)) {
        qsizetype position = -1;
        for (qsizetype i = 0; i < names.size() && position < 0; ++i) {
            if (names.at(i).compare(slot.column, Qt::CaseInsensitive) == 0)
                position = i;
        }
        positions.append(position);
        if (position < 0)
            missing.append(slot.column);
    }
    if (!missing.isEmpty()) {
        result.close();
        return failed(Error(Error::InvalidRequestError,
                            u"scalars<%1>(TextSql): the statement has no column %2 (it returns "
                            u"%3)"_s.arg(QString::fromUtf8(entity.className()),
                                         missing.join(u", "_s), names.join(u", "_s))));
    }
    ResultPrivate *cursor = result.implementation();
    RowMaterializer rows(d.get(), cls, RowMaterializer::NewObjectsOnly);
    QVariantList values;
    QVariantList row(cls->columns.size());
    while (cursor->fetch(&values)) {
        for (qsizetype i = 0; i < cls->columns.size(); ++i)
            row[i] = d->dialect.fromDatabaseValue(values.at(positions.at(i)),
                                                  cls->columns.at(i).type);
        if (!rows.add(row.data(), &error))
            return failed(error);
    }
    if (cursor->error.isValid())
        return failed(cursor->error);
    result.close();
    if (!rows.loadRelated())
        return ObjectResult(rows.objects, d->lastError);
    return ObjectResult(rows.objects, Error());
}

//! \cond internal
/*
    The objects of `rows`, read elsewhere (a QueryModel's worker thread) as values: each
    row holds the class's columns in ClassState::columns order, converted from the database
    (later values, such as keyset columns, are ignored). A row whose identity is in the map
    yields that object, its in-memory values kept unless it is expired; objects marked for
    deletion are left out. Eager relationships load as after any query, with `paths` the
    query's load() options. No autoflush: the rows were read without one.
*/
bool SessionPrivate::materializeRows(const QMetaObject *metaObject, QList<QVariantList> &rows,
                                     QList<QObject *> *objects,
                                     const QHash<QString, LoadStrategy> &paths)
{
    if (!checkUsable("materializeRows"))
        return false;
    Error error;
    ClassState *cls = classFor(metaObject, &error);
    if (!cls)
        return fail(error);
    RowMaterializer materializer(this, cls, RowMaterializer::NewAndExistingObjects);
    for (QVariantList &row : rows) {
        if (row.size() < cls->columns.size()) {
            return fail(Error(Error::InvalidRequestError,
                              u"Loading %1: a row has %2 values, the class maps %3 columns"_s
                                      .arg(QString::fromUtf8(metaObject->className()))
                                      .arg(row.size())
                                      .arg(cls->columns.size())));
        }
        Instance *instance = materializer.add(row.data(), &error);
        if (!instance)
            return fail(error);
        if (instance->markedForDeletion || instance->state == ObjectState::Deleted)
            materializer.objects.removeLast();
    }
    const bool related = materializer.loadRelated(paths);
    *objects = std::move(materializer.objects);
    return related;
}
//! \endcond

/*!
    Reads the objects of \a select in batches of at most \a batchSize, for results too large
    to hold (SQLAlchemy's \c yield_per): each batch goes to \a consume, which returns
    \c false to stop. Then the objects the batch brought into the session leave it and are
    destroyed, except those \a consume changed (they stay for the next flush) or took
    (expunged); objects the session had before stay.

    Batches follow the key (`WHERE key > last ORDER BY key LIMIT n`), so memory stays
    bounded on every database and no cursor stays open. A query with its own order, limit
    or offset, or a class whose key has several columns, is refused.

    Returns \c true when every row was read; \c false when \a consume stopped (lastError()
    untouched) or on an error (lastError() says which).
*/
bool Session::streamObjects(const EntitySelectBase &select, int batchSize,
                            const std::function<bool(const QList<QObject *> &)> &consume)
{
    if (!d->checkUsable("stream"))
        return false;
    const QString name = QString::fromUtf8(select.entity()->className());
    if (select.error().isValid())
        return d->fail(select.error());
    if (batchSize < 1) {
        return d->fail(Error(
                Error::InvalidRequestError,
                u"stream(select<%1>()): the batch size is %2, it must be at least 1"_s.arg(name)
                        .arg(batchSize)));
    }
    if (select.isOrdered() || select.isLimited()) {
        return d->fail(Error(Error::InvalidRequestError,
                             u"stream(select<%1>()): batches follow the key; leave out orderBy(), "
                             u"limit() and offset()"_s.arg(name)));
    }
    Error error;
    ClassState *cls = d->classFor(select.entity(), &error);
    if (!cls)
        return d->fail(error);
    if (cls->primaryKey.size() != 1) {
        return d->fail(Error(Error::InvalidRequestError,
                             u"stream(select<%1>()): batches follow the key, and %1's has "
                             u"several columns"_s.arg(name)));
    }
    if (!d->doAutoflush())
        return false;
    const ColumnSlot &keySlot = cls->columns.at(cls->primaryKey.first());
    const Column key = cls->table.column(keySlot.column);
    QVariant last;
    for (;;) {
        Select batch = select.statement();
        if (last.isValid())
            batch = batch.where(key > Expression(last));
        QList<Instance *> instances;
        QList<Instance *> created;
        const ObjectResult result =
                d->load(cls, batch.orderBy({ key.ascending() }).limit(batchSize),
                        select.populatesExisting(), true, {}, &instances, &created);
        if (result.hasError())
            return false;
        if (instances.isEmpty())
            return true;
        last = instances.last()->snapshot()[cls->primaryKey.first()];
        const qsizetype read = instances.size();
        // Guarded: the consumer may expunge or delete them, and a freed slot is reused.
        QList<QPointer<QObject>> brought;
        brought.reserve(created.size());
        for (Instance *instance : std::as_const(created))
            brought.append(instance->object);
        const qsizetype pendingBefore = d->pending.size();
        const size_t relinkedBefore = d->levels.back().relinked.size();
        const bool more = consume(result.objects());
        // What this batch brought in leaves again, unless it was changed, taken, or is part of
        // a relationship change (a reference to it, a collection it joined or left).
        const QSet<const QObject *> involved =
                d->relationshipObjects(pendingBefore, relinkedBefore);
        for (const QPointer<QObject> &object : std::as_const(brought)) {
            Instance *instance = object ? d->instanceOf(object) : nullptr;
            if (!instance || instance->state != ObjectState::Persistent
                || instance->markedForDeletion || instance->flagged
                || !d->modifiedColumns(instance).isEmpty() || involved.contains(object.data()))
                continue;
            d->retire(instance);
            d->destroyObject(object.data());
        }
        d->updateHasChanges();
        if (!more)
            return false; // stopped by the consumer: not an error
        if (read < batchSize)
            return true;
    }
}

//! \cond internal
// The object and its snapshot take a row's values; unflushed changes are gone.
void SessionPrivate::overwrite(Instance *instance, const QVariant *values)
{
    touched(instance);
    const ClassState *cls = instance->cls;
    for (qsizetype i = 0; i < cls->columns.size(); ++i) {
        const QVariant value = normalizedValue(cls->columns.at(i), values[i]);
        if (!sameValue(read(instance, int(i)), value))
            write(instance, int(i), value);
        instance->snapshot()[i] = value;
    }
    instance->expired = false;
    if (instance->flagged) {
        flagged.remove(instance);
        instance->flagged = false;
    }
}

bool SessionPrivate::refresh(Instance *instance)
{
    ClassState *cls = instance->cls;
    const QVariantList key = identityOf(instance);
    const Select select = selectFor(cls).where(keyCondition(cls, key));
    Result result = connection.execute(select);
    if (result.error().isValid())
        return fail(result.error());
    QVariantList values;
    if (!result.implementation()->fetch(&values)) {
        if (result.implementation()->error.isValid())
            return fail(result.implementation()->error);
        return fail(Error(
                Error::InvalidRequestError,
                u"Cannot refresh %1: its row does not exist any more"_s.arg(describe(instance))));
    }
    result.close();
    overwrite(instance, values.constData());
    updateHasChanges();
    return true;
}
//! \endcond

} // namespace Qorm
