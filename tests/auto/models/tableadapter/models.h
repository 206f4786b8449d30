// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QAbstractListModel>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <algorithm>
#include <testfield.h>

class User;

// Besides columns: a read-only property and a writable one without a NOTIFY signal.
class Address : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "address")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, email)
    Q_PROPERTY(QString domain READ domain NOTIFY emailChanged)
    Q_PROPERTY(QString note MEMBER m_note)
    Q_CLASSINFO("qorm.exclude", "note")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "foreignKey=user_account.id")
    Q_PROPERTY(User *user READ user WRITE setUser NOTIFY userChanged)
    Q_CLASSINFO("qorm.relationship.user", "User; backPopulates=addresses")
public:
    explicit Address(const QString &email = {}, qint64 id = 0)
    {
        m_email = email;
        m_id = id;
    }
    QString domain() const { return m_email.section(u'@', 1); }
    User *user() const;
    void setUser(User *user);

    QString m_note;

Q_SIGNALS:
    void userChanged();

private:
    QPointer<User> m_user;
};

class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
    Q_CLASSINFO("qorm.relationship.addresses", "Address; backPopulates=user; orderBy=email")
public:
    Qorm::EntityList<Address> *addresses() const { return m_addresses; }

private:
    Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
};

inline User *Address::user() const
{
    return m_user;
}

inline void Address::setUser(User *user)
{
    Qorm::setReference(this, m_user, user, &Address::userChanged);
}

// Any list model that gives objects through Qt::UserRole, with the signals the ORM's models
// never send: resets, layout changes, dataChanged() with chosen roles.
class ObjectListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int EmailRole = Qt::UserRole + 1;

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : int(m_objects.size());
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid() || index.row() >= m_objects.size())
            return {};
        QObject *object = m_objects.at(index.row());
        if (role == Qt::UserRole)
            return QVariant::fromValue(object);
        if (role == Qt::DisplayRole || role == EmailRole)
            return object->property("email");
        return {};
    }
    QHash<int, QByteArray> roleNames() const override
    {
        return { { Qt::DisplayRole, "display" },
                 { Qt::UserRole, "object" },
                 { EmailRole, "email" } };
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        if (orientation == Qt::Vertical && role == Qt::DisplayRole)
            return QStringLiteral("row %1").arg(section);
        return QAbstractListModel::headerData(section, orientation, role);
    }

    void setObjects(const QList<QObject *> &objects)
    {
        beginResetModel();
        m_objects = objects;
        endResetModel();
    }
    void touch(int first, int last, const QList<int> &roles)
    {
        Q_EMIT dataChanged(index(first), index(last), roles);
    }
    void renameRows(int first, int last) { Q_EMIT headerDataChanged(Qt::Vertical, first, last); }
    // Reverses the rows as a layout change; persistent indexes follow their objects.
    void reverse()
    {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        for (const QModelIndex &index : from)
            to.append(this->index(int(m_objects.size()) - 1 - index.row()));
        std::reverse(m_objects.begin(), m_objects.end());
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

private:
    QList<QObject *> m_objects;
};
