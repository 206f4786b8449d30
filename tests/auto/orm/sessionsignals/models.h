// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>

#include <testfield.h>

class Writer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "sig_writer")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
public:
    using QObject::QObject;
};

class Note : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "sig_note")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, text)
    Q_CLASSINFO("qorm.column.text", "length=50")
public:
    using QObject::QObject;
};
