// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <testfield.h>

// One integer key the database generates.
class SsItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "ss_item")
public:
    explicit SsItem(QObject *parent = nullptr) : QObject(parent) { }

    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=100")
    FIELD(int, quantity)
    FIELD(QDateTime, updatedAt)
    Q_CLASSINFO("qorm.column.updatedAt", "column=updated_at")
};

// A composite key whose key order (groupId, code) is not the property order.
class SsPair : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "ss_pair")
public:
    explicit SsPair(QObject *parent = nullptr) : QObject(parent) { }

    Q_CLASSINFO("qorm.primaryKey", "groupId, code")
    FIELD(QString, code)
    Q_CLASSINFO("qorm.column.code", "length=20")
    FIELD(qint64, groupId)
    Q_CLASSINFO("qorm.column.groupId", "column=group_id")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=50")
};

// Never mapped.
class SsUnmapped : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "ss_unmapped")
public:
    explicit SsUnmapped(QObject *parent = nullptr) : QObject(parent) { }

    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
};
