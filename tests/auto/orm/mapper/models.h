// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>

#include <QtCore/QDateTime>
#include <QtCore/QObject>
#include <QtCore/QUuid>
#include <QtCore/QVariant>

#include <testfield.h>

// DESIGN.md's User: a key, an indexed name, a relationship kept as text.
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=255; index")
    FIELD(QString, email)
    Q_CLASSINFO("qorm.column.email", "length=320; unique; notNull")
    Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
    Q_CLASSINFO("qorm.relationship.addresses",
                "Address; backPopulates=user; cascade=all,delete-orphan")
    Q_PROPERTY(QString displayName READ displayName NOTIFY nameChanged) // read-only: not a column
public:
    Qorm::EntityListModel *addresses() const { return m_addresses; }
    Qorm::EntityListModel *m_addresses = new Qorm::EntityListModel(this, "addresses");
    QString displayName() const { return m_name; }
};

// Every column option, one or two per property.
class Product : public QObject
{
    Q_OBJECT
public:
    enum Status { Draft, Active, Retired };
    Q_ENUM(Status)
private:
    Q_CLASSINFO("qorm.table", "product")
    Q_CLASSINFO("qorm.comment", "things for sale")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; autoincrement=no")
    FIELD(QString, code)
    Q_CLASSINFO("qorm.column.code", "column=product_code; length=20; unique; notNull")
    FIELD(QString, description)
    Q_CLASSINFO("qorm.column.description", "type=text; nullable; comment=shown on the page")
    FIELD(double, price)
    Q_CLASSINFO("qorm.column.price", "type=numeric(10, 2); notNull; serverDefault=0")
    FIELD(Status, status)
    Q_CLASSINFO("qorm.column.status", "default=Active; index")
    FIELD(bool, visible)
    Q_CLASSINFO("qorm.column.visible", "default=true; serverDefault=true")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "default='a; b'")
    FIELD(QDateTime, addedAt)
    Q_CLASSINFO("qorm.column.addedAt", "column=added_at; serverDefault=now")
    FIELD(QDateTime, changedAt)
    Q_CLASSINFO("qorm.column.changedAt", "column=changed_at; default=now; onUpdate=now")
    FIELD(qint64, ownerId)
    Q_CLASSINFO("qorm.column.ownerId",
                "column=owner_id; foreignKey=user_account.id; onDelete=cascade; index")
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
    FIELD(int, stock)
    Q_CLASSINFO("qorm.column.stock", "type=bigInteger")
    FIELD(QVariant, rating)
    Q_CLASSINFO("qorm.column.rating", "type=integer")
    FIELD(QUuid, token)
    FIELD(QByteArray, picture)
    FIELD(QString, note)
    Q_CLASSINFO("qorm.column.note", "transient")
    FIELD(QString, cache)
    FIELD(QString, scratch)
    Q_CLASSINFO("qorm.exclude", "cache, scratch")
};

// The same mapping as Product, with no Q_CLASSINFO at all: mapped imperatively.
class PlainProduct : public QObject
{
    Q_OBJECT
public:
    enum Status { Draft, Active, Retired };
    Q_ENUM(Status)
private:
    FIELD(qint64, id)
    FIELD(QString, code)
    FIELD(QString, description)
    FIELD(double, price)
    FIELD(Status, status)
    FIELD(bool, visible)
    FIELD(QString, label)
    FIELD(QDateTime, addedAt)
    FIELD(QDateTime, changedAt)
    FIELD(qint64, ownerId)
    FIELD(int, revision)
    FIELD(int, stock)
    FIELD(QVariant, rating)
    FIELD(QUuid, token)
    FIELD(QByteArray, picture)
    FIELD(QString, note)
    FIELD(QString, cache)
    FIELD(QString, scratch)
};

// A composite key in an order that is not the property order, and a named index.
class Membership : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "membership")
    Q_CLASSINFO("qorm.schema", "club")
    Q_CLASSINFO("qorm.primaryKey", "groupId, userId")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "column=user_id")
    FIELD(qint64, groupId)
    Q_CLASSINFO("qorm.column.groupId", "column=group_id")
    FIELD(QString, role)
    FIELD(QDate, since)
    Q_CLASSINFO("qorm.index.ix_membership_role_since", "role, since; unique")
};

// A composite key marked on its columns: the key keeps the property order. Class info
// that is not Qorm's is ignored.
class Pair : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "pair")
    Q_CLASSINFO("DefaultProperty", "left")
    FIELD(qint64, left)
    Q_CLASSINFO("qorm.column.left", "primaryKey")
    FIELD(qint64, right)
    Q_CLASSINFO("qorm.column.right", "primaryKey")
};

// ---------------------------------------------------------------- inheritance

// An abstract base: no qorm.table, so not mapped itself; its properties are
// columns of every mapped subclass.
class Model : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
public:
    qint64 m_id = 0;
Q_SIGNALS:
    void idChanged();
};

// The seed's TimestampMixin: created_at filled by the database, updated_at set
// by the client on every UPDATE.
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

class Article : public Model
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "article")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=200; notNull")
};

class Tag : public Model
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "tag")
    FIELD(QString, label)
};

class Event : public TimestampMixin
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "event")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, action)
};

// A chain: the abstract base, then the timestamps, then the mapped class; a
// subclass's class info overrides its base's for the same property.
class TimestampedModel : public Model
{
    Q_OBJECT
    FIELD(QDateTime, createdAt)
    Q_CLASSINFO("qorm.column.createdAt", "column=created_at; serverDefault=now")
    FIELD(QDateTime, updatedAt)
    Q_CLASSINFO("qorm.column.updatedAt", "column=updated_at; onUpdate=now")
};

class Note : public TimestampedModel
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "note")
    Q_CLASSINFO("qorm.column.id", "primaryKey; column=note_id")
    FIELD(QString, body)
    Q_CLASSINFO("qorm.column.body", "type=text; notNull")
};

// ---------------------------------------------------------------- reserved words

class Order : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "order")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, user)
    Q_CLASSINFO("qorm.column.user", "foreignKey=user_account.id; notNull")
    FIELD(int, position)
    Q_CLASSINFO("qorm.column.position", "column=order; index")
    FIELD(QString, group)
    Q_CLASSINFO("qorm.column.group", "default=select")
};

// ---------------------------------------------------------------- a user type

struct Money
{
    qint64 cents = 0;
    bool operator==(const Money &other) const { return cents == other.cents; }
};
Q_DECLARE_METATYPE(Money)

class Invoice : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "invoice")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(Money, total)
};

// ---------------------------------------------------------------- for the views

// The display property of the list models and the table adapter's header texts.
class Labelled : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "labelled")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, code)
    FIELD(QString, title)
    Q_CLASSINFO("qorm.display", "title")
    Q_CLASSINFO("qorm.label.id", "Number")
    Q_CLASSINFO("qorm.label.title", "Title")
};
