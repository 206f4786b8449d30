// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../engine/result_p.h"
#include "mapper_p.h"
#include "session_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

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

Select SessionPrivate::selectFor(ClassState *cls) const
{
    QList<Expression> columns;
    columns.reserve(cls->columns.size());
    for (const ColumnSlot &slot : std::as_const(cls->columns))
        columns.append(cls->table.column(slot.column));
    return Qorm::select(columns).from(cls->table);
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
ObjectResult SessionPrivate::load(ClassState *cls, const Select &select, bool populateExisting,
                                  bool refreshExpired)
{
    Result result = connection.execute(select);
    if (result.error().isValid()) {
        fail(result.error());
        return ObjectResult({}, result.error());
    }
    ResultPrivate *cursor = result.implementation();
    const qsizetype n = cls->columns.size();
    QList<QObject *> objects;
    QList<Instance *> created; // for the relationships loaded after the rows
    const bool related = !cls->relations.isEmpty();
    QVariantList values;
    while (cursor->fetch(&values)) {
        if (values.size() != n) {
            const Error error(Error::InvalidRequestError,
                              u"Loading %1: the statement returned %2 columns, the class maps %3"_s
                                      .arg(QString::fromUtf8(cls->metaObject->className()))
                                      .arg(values.size())
                                      .arg(n));
            fail(error);
            return ObjectResult(objects, error);
        }
        for (int index : std::as_const(cls->primaryKey))
            values[index] = normalizedValue(cls->columns.at(index), values.at(index));
        // The key slot of a non-integer key is claimed now (one probe) and filled below.
        bool integerOk = false;
        qint64 id = 0;
        Instance **slot = nullptr;
        Instance *instance = nullptr;
        if (cls->integerKey) {
            id = values.at(cls->primaryKey.first()).toLongLong(&integerOk);
            if (integerOk)
                instance = cls->byInteger.value(id);
        } else {
            slot = &cls->byKey[keyString(values.constData(), cls->primaryKey)];
            instance = *slot;
        }
        if (instance) {
            objects.append(instance->object);
            if (!(populateExisting || (refreshExpired && instance->expired)))
                continue;
            overwrite(instance, values);
            continue;
        }
        if (!slot && !integerOk) {
            const Error error(Error::InvalidRequestError,
                              u"Loading %1: a row has a null or non-integer key"_s.arg(
                                      QString::fromUtf8(cls->metaObject->className())));
            fail(error);
            return ObjectResult(objects, error);
        }
        QObject *object = createInstance(cls->metaObject);
        if (!object) {
            if (slot)
                cls->byKey.remove(keyString(values.constData(), cls->primaryKey));
            const Error error(Error::MappingError,
                              u"Could not create an instance of class %1"_s.arg(
                                      QString::fromUtf8(cls->metaObject->className())));
            fail(error);
            return ObjectResult(objects, error);
        }
        instance = Instance::create(cls, object);
        instance->state = ObjectState::Persistent;
        QVariant *snapshot = instance->snapshot();
        applying = true;
        for (qsizetype i = 0; i < n; ++i) {
            const ColumnSlot &column = cls->columns.at(i);
            snapshot[i] = normalizedValue(column, std::move(values[i]));
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
        objects.append(object);
        if (related)
            created.append(instance);
    }
    if (cursor->error.isValid()) {
        fail(cursor->error);
        return ObjectResult(objects, cursor->error);
    }
    result.close(); // related loads run statements of their own
    if (!created.isEmpty() && !loadRelated(cls, created))
        return ObjectResult(objects, lastError);
    return ObjectResult(objects, Error());
}

// The object and its snapshot take a row's values; unflushed changes are gone.
void SessionPrivate::overwrite(Instance *instance, const QVariantList &values)
{
    touched(instance);
    const ClassState *cls = instance->cls;
    for (qsizetype i = 0; i < cls->columns.size(); ++i) {
        const QVariant value = normalizedValue(cls->columns.at(i), values.at(i));
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
    overwrite(instance, values);
    updateHasChanges();
    return true;
}

} // namespace Qorm
