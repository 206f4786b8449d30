// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QObject>

#include <testfield.h>

class SmokeUser : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "smoke_user")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=100; unique")
    FIELD(QDateTime, createdAt)
    Q_CLASSINFO("qorm.column.createdAt", "column=created_at; serverDefault=now")
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

class SmokeAddress : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "smoke_address")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "column=user_id; foreignKey=smoke_user.id")
    FIELD(QString, email)
};
