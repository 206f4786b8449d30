// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>

/*
    The benchmark's main model. Both sides use this class: Qorm maps it, the floor fills its
    members by hand.
*/
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bench_user")
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_CLASSINFO("qorm.column.name", "length=255")
    Q_CLASSINFO("qorm.column.email", "length=255")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY emailChanged)

public:
    using QObject::QObject;

    qint64 m_id = 0;
    QString m_name;
    QString m_email;

Q_SIGNALS:
    void idChanged();
    void nameChanged();
    void emailChanged();
};

class Owner;

/*
    The relationship phases' models: an Owner has many Addresses (one-to-many with
    back-population and delete-orphan). Qorm keeps both sides through the relationship; the
    floor fills the members (m_id, m_name, m_ownerId, m_email) by hand and groups the addresses
    itself, never touching the collection. owner_id has an index, so that the one SELECT per
    owner of the lazy phase is a lookup on both sides rather than a scan of the whole table.
*/
class Address : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bench_address")
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_CLASSINFO("qorm.column.ownerId", "column=owner_id; foreignKey=bench_owner.id; index")
    Q_CLASSINFO("qorm.column.email", "length=255")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_PROPERTY(qint64 ownerId MEMBER m_ownerId NOTIFY ownerIdChanged)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY emailChanged)
    Q_PROPERTY(Owner *owner READ owner WRITE setOwner NOTIFY ownerChanged)
    Q_CLASSINFO("qorm.relationship.owner", "Owner; backPopulates=addresses")

public:
    using QObject::QObject;

    Owner *owner() const { return m_owner; }
    void setOwner(Owner *owner);

    qint64 m_id = 0;
    qint64 m_ownerId = 0;
    QString m_email;

Q_SIGNALS:
    void idChanged();
    void ownerIdChanged();
    void emailChanged();
    void ownerChanged();

private:
    QPointer<Owner> m_owner;
};

class Owner : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bench_owner")
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_CLASSINFO("qorm.column.name", "length=255")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
    Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
    Q_CLASSINFO("qorm.relationship.addresses",
                "Address; backPopulates=owner; cascade=all,delete-orphan")

public:
    using QObject::QObject;

    Qorm::EntityList<Address> *addresses() const { return m_addresses; }

    qint64 m_id = 0;
    QString m_name;

Q_SIGNALS:
    void idChanged();
    void nameChanged();

private:
    Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
};

inline void Address::setOwner(Owner *owner)
{
    Qorm::setReference(this, m_owner, owner, &Address::ownerChanged);
}
