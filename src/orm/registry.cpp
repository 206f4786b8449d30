// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "mapper_p.h"
#include "mappingparser_p.h"
#include "relationship_p.h"

#include <Qorm/orm/registry.h>

#include <QtCore/QHash>
#include <QtCore/QMutex>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Qorm {

class RegistryPrivate
{
public:
    QList<Mapper> mappers;
    QHash<const QMetaObject *, qsizetype> byClass;
    MetaData metadata;
    TypeMap typeMap;
    mutable Error lastError;
    mutable QMutex configureMutex;
    mutable bool configured = false;
    mutable bool configureFailed = false; // until the next map(): not tried again implicitly

    bool configure() const;
};

/*!
    \class Qorm::Registry
    \brief The mapped classes: their Mappers, the MetaData of their tables and
    the TypeMap used to map property types. SQLAlchemy's \c registry.

    A mapped class is a QObject subclass whose Q_PROPERTYs with a NOTIFY
    signal are its columns; Q_CLASSINFO entries say the rest:

    \code
    class User : public QObject {   // with the Q_OBJECT macro
        Q_CLASSINFO("qorm.table", "user_account")
        Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
        Q_CLASSINFO("qorm.column.id", "primaryKey")
        Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
        Q_CLASSINFO("qorm.column.name", "length=255; index")
        ...
    };

    Qorm::Registry registry;
    if (!registry.map<User>())
        qFatal() << registry.lastError();
    registry.metadata().createAll(connection);
    \endcode

    Map every class before sessions use the registry: map() and typeMap()
    are not thread-safe, every const function is once mapping is done.

    \sa Mapper, MapperOptions
*/
namespace {
// Class -> (registry, mapper) for every live registry, for select<T>() and attribute<T>().
struct DefaultMappers
{
    QMutex mutex;
    QHash<const QMetaObject *, QList<std::pair<const RegistryPrivate *, Mapper>>> byClass;
    QList<const Registry *> live; // oldest first
};
DefaultMappers &defaultMappers()
{
    static DefaultMappers mappers;
    return mappers;
}
} // namespace

/*!
    Every Registry alive in the process, oldest first. The QML module's Database maps with the
    only one when the application named none with Qorm::setQmlRegistry(); a registry leaves the
    list when it is destroyed. Thread-safe.
*/
QList<const Registry *> Registry::all()
{
    DefaultMappers &mappers = defaultMappers();
    const QMutexLocker locker(&mappers.mutex);
    return mappers.live;
}

//! \cond internal
Mapper defaultMapper(const QMetaObject *metaObject)
{
    DefaultMappers &mappers = defaultMappers();
    const QMutexLocker locker(&mappers.mutex);
    const auto it = mappers.byClass.constFind(metaObject);
    return it == mappers.byClass.cend() || it->isEmpty() ? Mapper() : it->first().second;
}

bool canCreateInstance(const QMetaObject *metaObject)
{
    const QMetaType type = metaObject->metaType();
    if (type.isValid() && type.iface()->defaultCtr)
        return true;
    for (int i = 0; i < metaObject->constructorCount(); ++i) {
        if (metaObject->constructor(i).parameterCount() == 0)
            return true;
    }
    return false;
}

QObject *createInstance(const QMetaObject *metaObject)
{
    const QMetaType type = metaObject->metaType();
    if (type.isValid() && type.iface()->defaultCtr)
        return static_cast<QObject *>(type.create());
    return metaObject->newInstance();
}
//! \endcond

/*!
    An empty registry. It joins all() and, once it maps a class, is where select<T>(),
    attribute<T>() and the other typed builders look the class up (when several live
    registries map it, the one that mapped it first).
*/
Registry::Registry() : d(std::make_unique<RegistryPrivate>())
{
    DefaultMappers &mappers = defaultMappers();
    const QMutexLocker locker(&mappers.mutex);
    mappers.live.append(this);
}

/*!
    Leaves all(); its classes are no longer found through it by select<T>() and the other
    typed builders. Sessions over it must be destroyed first.
*/
Registry::~Registry()
{
    DefaultMappers &mappers = defaultMappers();
    const QMutexLocker locker(&mappers.mutex);
    mappers.live.removeOne(this);
    for (const Mapper &mapper : std::as_const(d->mappers)) {
        auto it = mappers.byClass.find(mapper.metaObject());
        if (it == mappers.byClass.end())
            continue;
        it->removeIf([this](const auto &entry) { return entry.first == d.get(); });
        if (it->isEmpty())
            mappers.byClass.erase(it);
    }
}

//! \cond internal
static MapperOptions merged(MapperOptions declared, const MapperOptions &given)
{
    if (!given.table.isEmpty())
        declared.table = given.table;
    if (!given.schema.isEmpty())
        declared.schema = given.schema;
    if (!given.comment.isEmpty())
        declared.comment = given.comment;
    if (!given.primaryKey.isEmpty())
        declared.primaryKey = given.primaryKey;
    for (auto it = given.columns.cbegin(); it != given.columns.cend(); ++it)
        declared.columns.insert(it.key(), it.value());
    for (const QString &property : given.exclude) {
        if (!declared.exclude.contains(property))
            declared.exclude += property;
    }
    for (const IndexMapping &index : given.indexes) {
        const auto same =
                std::find_if(declared.indexes.begin(), declared.indexes.end(),
                             [&](const IndexMapping &other) { return other.name == index.name; });
        if (same != declared.indexes.end())
            *same = index;
        else
            declared.indexes += index;
    }
    for (auto it = given.relationships.cbegin(); it != given.relationships.cend(); ++it)
        declared.relationships.insert(it.key(), it.value());
    return declared;
}
//! \endcond

/*!
    Maps the QObject class described by \a metaObject: reads its Q_CLASSINFO
    entries, lays \a options over them (see MapperOptions), builds its Mapper
    and adds its table to metadata().

    Returns \c false when the mapping is wrong: no primary key, an unknown or
    malformed option, a column property without NOTIFY signal, a property type
    the TypeMap does not know, a table name already in metadata(), a class
    mapped already... lastError() is then a MappingError naming the class and
    each faulty property, also logged on \c qorm.mapping, and nothing has
    changed: neither the registry nor its MetaData.

    Properties of non-mapped base classes (abstract bases, mixins) up to
    QObject are columns too, with the base's Q_CLASSINFO applying to them.
*/
bool Registry::map(const QMetaObject &metaObject, const MapperOptions &options)
{
    const QString className = QString::fromUtf8(metaObject.className());
    QStringList problems;
    if (!metaObject.inherits(&QObject::staticMetaObject)) {
        problems +=
                u"it does not derive from QObject (a mapped class is a QObject subclass with Q_OBJECT)"_s;
    } else if (d->byClass.contains(&metaObject)) {
        problems += u"it is mapped already (to table \"%1\")"_s.arg(
                mapper(metaObject).table().fullName());
    } else {
        const Detail::MappingParser parser(metaObject, d->typeMap);
        problems += parser.problems();
        if (!canCreateInstance(&metaObject))
            problems += u"a session cannot create its objects: give it a public default "
                        u"constructor or a Q_INVOKABLE one without arguments"_s;
        const MapperOptions effective = merged(parser.options(), options);
        if (effective.table.isEmpty() && parser.tableInheritedFrom()) {
            problems +=
                    u"it has no qorm.table of its own, only the one of its base class %1; a "
                    u"subclass cannot share "
                    u"its base class's table (no table inheritance yet), so give %2 its own "
                    u"Q_CLASSINFO(\"qorm.table\", ...)"_s.arg(
                            QString::fromUtf8(parser.tableInheritedFrom()->className()), className);
        } else {
            const Mapper mapper =
                    MapperPrivate::build(metaObject, effective, d->typeMap, &problems);
            if (problems.isEmpty()) {
                const QString tableName = mapper.table().fullName();
                if (d->metadata.contains(tableName)) {
                    QString owner;
                    for (const Mapper &other : std::as_const(d->mappers)) {
                        if (other.table().fullName() == tableName)
                            owner = u" (the table of class %1)"_s.arg(other.className());
                    }
                    problems += u"table \"%1\" is in the registry's MetaData already%2"_s.arg(
                            tableName, owner);
                } else {
                    d->metadata.add(mapper.table());
                    d->configured = false;
                    d->configureFailed = false;
                    d->byClass.insert(&metaObject, d->mappers.size());
                    d->mappers += mapper;
                    d->lastError = Error();
                    {
                        DefaultMappers &mappers = defaultMappers();
                        const QMutexLocker locker(&mappers.mutex);
                        mappers.byClass[&metaObject].append({ d.get(), mapper });
                    }
                    qCDebug(lcMapping).noquote()
                            << "mapped" << className << "to table" << tableName << "with"
                            << mapper.columnProperties().size() << "columns";
                    return true;
                }
            }
        }
    }
    d->lastError = Error(Error::MappingError,
                         u"Cannot map class %1: %2"_s.arg(className, problems.join(u"; "_s)));
    qCWarning(lcMapping).noquote() << d->lastError.text();
    return false;
}

/*!
    \fn template<typename T> bool Qorm::Registry::map(const MapperOptions &options)

    Maps the class \c T, a QObject subclass with the Q_OBJECT macro (checked
    at compile time): the same as \c map(T::staticMetaObject, \a options).
*/

/*!
    \fn template<typename T> Mapper Qorm::Registry::mapper() const

    The mapper of the class \c T: the same as \c mapper(T::staticMetaObject), invalid when
    \c T is not mapped.
*/

/*!
    The mapper of the class \a metaObject, or an invalid Mapper when the
    class is not mapped. Subclasses of a mapped class have no mapper of their
    own.
*/
Mapper Registry::mapper(const QMetaObject &metaObject) const
{
    const auto it = d->byClass.constFind(&metaObject);
    return it == d->byClass.cend() ? Mapper() : d->mappers.at(*it);
}

/*!
    The mapper of the class named \a className as QMetaObject::className()
    spells it (namespace included), or an invalid Mapper.
*/
Mapper Registry::mapper(const QString &className) const
{
    for (const Mapper &mapper : std::as_const(d->mappers)) {
        if (mapper.className() == className)
            return mapper;
    }
    return {};
}

/*!
    Every mapper, in the order the classes were mapped.
*/
QList<Mapper> Registry::mappers() const
{
    return d->mappers;
}

/*!
    The MetaData holding the mapped classes' tables: MetaData::createAll() creates
    them in foreign-key order. It is a shared handle, so Core tables added to
    it sit beside the mapped ones (and their names are then taken).
*/
MetaData Registry::metadata() const
{
    return d->metadata;
}

/*!
    The map from property types to SQL types that map() uses. Insert entries
    for your own types (or replace the defaults) before mapping the classes
    that use them; mapped classes keep the types they were mapped with.

    \code
    registry.typeMap().insert(QMetaType::fromType<Money>(), Qorm::SqlType::numeric(12, 2));
    \endcode
*/
TypeMap &Registry::typeMap()
{
    return d->typeMap;
}

/*!
    The map from property types to SQL types, read-only; safe from any thread once mapping is
    done.
*/
const TypeMap &Registry::typeMap() const
{
    return d->typeMap;
}

/*!
    Resolves the relationships of every mapped class: finds each target
    class, tells many-to-one from one-to-many by where the foreign key is,
    checks that back-populating pairs point at each other. Call it after
    mapping every class; a Session calls it when it is created.

    Returns \c false, with lastError() a MappingError naming each faulty
    relationship, when a target is not mapped, a foreign key is missing or
    ambiguous, or a backPopulates= does not match.
*/
bool Registry::configure() const
{
    return d->configure();
}

//! \cond internal
bool RegistryPrivate::configure() const
{
    RegistryPrivate *d = const_cast<RegistryPrivate *>(this);
    const QMutexLocker locker(&d->configureMutex);
    if (d->configured)
        return true;
    QStringList problems;
    for (const Mapper &mapper : std::as_const(d->mappers)) {
        for (Relationship relationship : mapper.relationships()) {
            if (!RelationshipPrivate::get(relationship)->resolved)
                RelationshipPrivate::resolve(relationship, mapper, d->mappers, d->metadata,
                                             &problems);
        }
    }
    if (!problems.isEmpty()) {
        d->lastError =
                Error(Error::MappingError,
                      u"Cannot configure the relationships: %1"_s.arg(problems.join(u"; "_s)));
        qCWarning(lcMapping).noquote() << d->lastError.text();
        d->configureFailed = true;
        return false;
    }
    d->configured = true;
    d->configureFailed = false;
    d->lastError = Error();
    return true;
}

/*
    Relationships used before any session configured their registry (objects linked right
    after map()): the first live registry that maps the class is configured then, once; a
    failure is reported once and not retried until the registry maps another class.
*/
bool configureRegistryOf(const QMetaObject *metaObject)
{
    DefaultMappers &mappers = defaultMappers();
    const QMutexLocker locker(&mappers.mutex);
    const auto it = mappers.byClass.constFind(metaObject);
    if (it == mappers.byClass.cend() || it->isEmpty())
        return false;
    const RegistryPrivate *registry = it->first().first;
    if (registry->configured)
        return true;
    if (registry->configureFailed)
        return false;
    return registry->configure();
}
//! \endcond

/*!
    The error of the last map() or configure() call: a MappingError when it
    failed, an invalid Error when it succeeded.
*/
Error Registry::lastError() const
{
    return d->lastError;
}

} // namespace Qorm
