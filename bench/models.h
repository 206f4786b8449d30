// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>

/*
    The benchmark's model. Both sides use this class: Qorm maps it, the floor fills its members
    by hand.
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
