// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/orm/mapper.h>
#include <Qorm/orm/relationship.h>

#include <QtCore/QHash>
#include <QtCore/QSharedData>

namespace Qorm {

class ColumnPropertyPrivate : public QSharedData
{
public:
    QMetaProperty metaProperty;
    const QMetaObject *declaringClass = nullptr;
    QString propertyName;
    QString columnName;
    SqlType sqlType;
    ColumnFlags flags;
    Column column;
};

class MapperPrivate : public QSharedData
{
public:
    // Validates `options` against the class and builds its mapper and table. On a
    // problem, appends it to `problems` (each naming its property) and returns an
    // invalid Mapper (also when `problems` was not empty on entry: those are the
    // class info parser's); nothing outside is touched either way.
    static Mapper build(const QMetaObject &metaObject, const MapperOptions &options,
                        const TypeMap &typeMap, QStringList *problems);

    const QMetaObject *metaObject = nullptr;
    Table table;
    QList<ColumnProperty> columns;
    QHash<QString, qsizetype> byProperty;
    QHash<QString, qsizetype> byColumn;
    QList<ColumnProperty> primaryKey;
    ColumnProperty version;
    QStringList unmapped;
    QMap<QString, QString> relationships;
    QList<Relationship> relationshipList; // parsed from `relationships`, in property order
};

inline bool isIntegerKind(SqlType::Kind kind)
{
    return kind == SqlType::Integer || kind == SqlType::BigInteger || kind == SqlType::SmallInteger;
}

// The mapper of a class in the first live Registry that mapped it (select<T>(), attribute<T>()).
Mapper defaultMapper(const QMetaObject *metaObject);
// Configures (Registry::configure()) that registry, if no one has yet.
bool configureRegistryOf(const QMetaObject *metaObject);
// A new instance of a mapped class: its default constructor, else a Q_INVOKABLE one.
QObject *createInstance(const QMetaObject *metaObject);
bool canCreateInstance(const QMetaObject *metaObject);

} // namespace Qorm
