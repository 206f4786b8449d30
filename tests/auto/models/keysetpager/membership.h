// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>

#include <testfield.h>

// A composite primary key and a nullable column, for keyset pages with NULLs.
class Membership : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "membership")
    Q_CLASSINFO("qorm.primaryKey", "groupId, code")
public:
    explicit Membership(QObject *parent = nullptr) : QObject(parent) { }

    FIELD(qint64, groupId)
    Q_CLASSINFO("qorm.column.groupId", "column=group_id")
    FIELD(QString, code)
    Q_CLASSINFO("qorm.column.code", "length=20")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=20")
    FIELD(int, rank)
    Q_CLASSINFO("qorm.column.rank", "notNull")
};
