// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>

#include <testfield.h>

// SQLAlchemy's RollbackRecoverTest users: the application picks the key.
class TxUser : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "tx_user")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; autoincrement=no")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
};

class TxAddress : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "tx_address")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "column=user_id; foreignKey=tx_user.id")
    FIELD(QString, email)
    Q_CLASSINFO("qorm.column.email", "length=50")
};

// Flushed after the addresses (it refers to them); its label is unique.
class TxTag : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "tx_tag")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, addressId)
    Q_CLASSINFO("qorm.column.addressId", "column=address_id; foreignKey=tx_address.id")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=50; unique; notNull")
};
