// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QObject>

#include <testfield.h>

// ---------------------------------------------------------------- foreign-key order
// fk_parent <- fk_child <- fk_item. By name the tables sort child, item, parent: an
// alphabetical or mapping-order flush would violate the foreign keys.

class FkParent : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fk_parent")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
};

class FkChild : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fk_child")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, parentId)
    Q_CLASSINFO("qorm.column.parentId", "column=parent_id; foreignKey=fk_parent.id")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
};

class FkItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fk_item")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, childId)
    Q_CLASSINFO("qorm.column.childId", "column=child_id; foreignKey=fk_child.id")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
};

// ---------------------------------------------------------------- batching

// A unique name to find each object's row; a label the server fills in when none is given.
class BatchRow : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "batch_row")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50; unique; notNull")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=20; serverDefault=draft")
};

// ---------------------------------------------------------------- defaults read back

class Defaults : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "defaults_row")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    FIELD(QDateTime, createdAt)
    Q_CLASSINFO("qorm.column.createdAt", "column=created_at; serverDefault=now")
    FIELD(QString, status)
    Q_CLASSINFO("qorm.column.status", "length=20; default=new")
    FIELD(QDateTime, changedAt)
    Q_CLASSINFO("qorm.column.changedAt", "column=changed_at; default=now; onUpdate=now")
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

// The seed's TimestampMixin: not mapped itself (no qorm.table); created_at filled by the
// database, updated_at set by the client on every UPDATE.
class TimestampMixin : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QDateTime createdAt MEMBER m_createdAt NOTIFY createdAtChanged)
    Q_CLASSINFO("qorm.column.createdAt", "column=created_at; serverDefault=now")
    Q_PROPERTY(QDateTime updatedAt MEMBER m_updatedAt NOTIFY updatedAtChanged)
    Q_CLASSINFO("qorm.column.updatedAt", "column=updated_at; onUpdate=now")
public:
    QDateTime m_createdAt;
    QDateTime m_updatedAt;
Q_SIGNALS:
    void createdAtChanged();
    void updatedAtChanged();
};

class StampedEvent : public TimestampMixin
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "stamped_event")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, action) // a reserved word in some dialects: quoted
    Q_CLASSINFO("qorm.column.action", "length=50")
};

// ---------------------------------------------------------------- UPDATE and DELETE

class Gadget : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "gadget")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    FIELD(int, qty)
    FIELD(QString, note)
    Q_CLASSINFO("qorm.column.note", "length=50")
};

// A composite key: deleted one row per statement.
class Membership : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "membership")
    Q_CLASSINFO("qorm.primaryKey", "groupId, userId")
    FIELD(qint64, groupId)
    Q_CLASSINFO("qorm.column.groupId", "column=group_id")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "column=user_id")
    FIELD(QString, role)
    Q_CLASSINFO("qorm.column.role", "length=20")
};

// Optimistic concurrency.
class Document : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "document")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=50")
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

// A natural key the application chooses and may change.
class Country : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "country")
    FIELD(qint64, code)
    Q_CLASSINFO("qorm.column.code", "primaryKey; autoincrement=no")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
};
