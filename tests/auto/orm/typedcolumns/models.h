// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <testfield.h>

// A club member: the column types the typed columns check (integers, text, an enum, a
// timestamp, a floating-point score), and a transient property that is no column.
class Member : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "typed_member")
public:
    enum class Status { Active, Banned };
    Q_ENUM(Status)

    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=40")
    FIELD(qint64, loginCount)
    FIELD(Status, status)
    FIELD(QDateTime, joined)
    FIELD(double, score)
    FIELD(QString, note)
    Q_CLASSINFO("qorm.column.note", "transient")
public:
    explicit Member(QObject *parent = nullptr) : QObject(parent) { }
};

namespace club {

// A class in a namespace: its columns struct is club::TeamColumns.
class Team : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "typed_team")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_PROPERTY(int size READ size CONSTANT) // read-only: not a column
public:
    explicit Team(QObject *parent = nullptr) : QObject(parent) { }
    [[nodiscard]] int size() const { return 0; }
};

} // namespace club
