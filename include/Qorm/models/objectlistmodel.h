// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QAbstractListModel>

#include <memory>

namespace Qorm {

class ObjectListModelPrivate;

/*
    A list of mapped objects as a list model: the roles, data(), setData() and the following of
    the objects' NOTIFY signals that EntityListModel (a relationship collection) and the models
    over query results share. A subclass says which object each row holds.

    Roles: Qt::DisplayRole (the class's qorm.display property, else its first string property),
    "object" (the object itself), and one role per property of the class, named like the
    property. setData() writes the property (into the session's unit of work, for an object in
    one); dataChanged() follows the objects' NOTIFY signals while a view listens (an object is
    connected once a view has read it).
*/
class QORM_EXPORT ObjectListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    ~ObjectListModel() override;

    static constexpr int ObjectRole = Qt::UserRole;

    [[nodiscard]] int count() const { return rowCount(); }
    // The class of the rows' objects (null while not known): what a TableAdapter reads header
    // labels from before any row is there.
    [[nodiscard]] const QMetaObject *objectClass() const { return itemClass(); }
    Q_INVOKABLE QObject *get(int row) const { return objectAt(row); }
    // The role of a property of the class, or -1.
    [[nodiscard]] Q_INVOKABLE int roleForProperty(const QString &property) const;

    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

protected:
    explicit ObjectListModel(QObject *parent = nullptr);

    // The object of a row (null for a row whose object is gone), and the row of an object (-1).
    [[nodiscard]] virtual QObject *objectAt(int row) const = 0;
    [[nodiscard]] virtual int rowOfObject(const QObject *object) const = 0;
    // The class of the rows' objects; null while not known (the roles are then only display and
    // object, and are worked out again on the next use).
    [[nodiscard]] virtual const QMetaObject *itemClass() const = 0;

    // Before rows go: their objects are no longer followed (an object destroyed already may
    // be named: it is only compared).
    void forgetObjects(const QList<QObject *> &objects);
    // Before a reset: no object is followed any more.
    void forgetAll();

    void connectNotify(const QMetaMethod &signal) override;

private:
    void objectPropertyChanged(QObject *object, int signalIndex);
    friend class ObjectListModelPrivate;
    friend class ObjectWatcher;
    std::unique_ptr<ObjectListModelPrivate> d;
};

} // namespace Qorm
