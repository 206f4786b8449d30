// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/objectlistmodel.h>

#include <QtCore/QHash>
#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>

namespace Qorm {

/*
    Receives the NOTIFY signals of the objects while a view listens to dataChanged: one
    connection per object and property, made only then (a loaded list of thousands of objects
    nobody shows costs none).
*/
class ObjectWatcher : public QObject
{
public:
    explicit ObjectWatcher(ObjectListModel *model) : model(model) { }
    int qt_metacall(QMetaObject::Call call, int id, void **arguments) override
    {
        id = QObject::qt_metacall(call, id, arguments);
        if (id < 0 || call != QMetaObject::InvokeMetaMethod)
            return id;
        if (QObject *object = sender())
            model->objectPropertyChanged(object, senderSignalIndex());
        return -1;
    }
    ObjectListModel *model;
};

class ObjectListModelPrivate
{
public:
    void prepareRoles(const ObjectListModel *model);
    void watch(QObject *object);
    void unwatch(QObject *object);

    bool rolesReady = false;
    QHash<int, QByteArray> roleNames;
    QList<QMetaProperty> properties; // by role - ObjectRole - 1
    int displayProperty = -1;        // index into properties
    QHash<int, QList<int>> rolesBySignal;
    bool watching = false;
    ObjectWatcher *watcher = nullptr;
    // By address, with a guard: an object deleted behind the model's back leaves its entry,
    // and a new object may be born at that address.
    QHash<const QObject *, QPointer<QObject>> watched;
};

void ObjectListModelPrivate::prepareRoles(const ObjectListModel *model)
{
    if (rolesReady)
        return;
    const QMetaObject *itemClass = model->itemClass();
    roleNames.insert(Qt::DisplayRole, "display");
    roleNames.insert(ObjectListModel::ObjectRole, "object");
    if (!itemClass)
        return; // not known yet: try again later, with the same base roles
    rolesReady = true;
    const int classInfo = itemClass->indexOfClassInfo("qorm.display");
    const QByteArray display =
            classInfo >= 0 ? QByteArray(itemClass->classInfo(classInfo).value()) : QByteArray();
    for (int i = QObject::staticMetaObject.propertyCount(); i < itemClass->propertyCount(); ++i) {
        const QMetaProperty property = itemClass->property(i);
        const int role = ObjectListModel::ObjectRole + 1 + int(properties.size());
        roleNames.insert(role, property.name());
        if (property.hasNotifySignal())
            rolesBySignal[property.notifySignalIndex()].append(role);
        if (displayProperty < 0
            && (display.isEmpty() ? property.metaType() == QMetaType::fromType<QString>()
                                  : display == property.name()))
            displayProperty = int(properties.size());
        properties.append(property);
    }
}

void ObjectListModelPrivate::watch(QObject *object)
{
    if (!object)
        return;
    QPointer<QObject> &entry = watched[object]; // one lookup on every data() while watching
    if (!entry.isNull())
        return;
    entry = object;
    for (auto it = rolesBySignal.cbegin(); it != rolesBySignal.cend(); ++it)
        QMetaObject::connect(object, it.key(), watcher, QObject::staticMetaObject.methodCount());
}

// `object` may be gone already (Session::objectDetached() names objects it destroyed): the
// entry's guard says whether there is anything to disconnect.
void ObjectListModelPrivate::unwatch(QObject *object)
{
    const auto it = watched.constFind(object);
    if (it == watched.cend())
        return;
    const QPointer<QObject> guard = it.value();
    watched.erase(it);
    if (guard)
        QObject::disconnect(guard.data(), nullptr, watcher, nullptr);
}

ObjectListModel::ObjectListModel(QObject *parent)
    : QAbstractListModel(parent),
      d(std::make_unique<ObjectListModelPrivate>())
{
    d->watcher = new ObjectWatcher(this);
    d->watcher->setParent(this);
}

ObjectListModel::~ObjectListModel() = default;

int ObjectListModel::roleForProperty(const QString &property) const
{
    d->prepareRoles(this);
    // Only the property roles: "display" and "object" are not properties of the class.
    const QByteArray name = property.toUtf8();
    for (qsizetype i = 0; i < d->properties.size(); ++i) {
        if (name == d->properties.at(i).name())
            return ObjectRole + 1 + int(i);
    }
    return -1;
}

QVariant ObjectListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    QObject *object = objectAt(index.row());
    if (!object)
        return {};
    d->prepareRoles(this);
    if (d->watching)
        d->watch(object);
    if (role == ObjectRole)
        return QVariant::fromValue(object);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        if (d->displayProperty < 0)
            return {};
        return d->properties.at(d->displayProperty).read(object);
    }
    const int property = role - ObjectRole - 1;
    if (property < 0 || property >= d->properties.size())
        return {};
    return d->properties.at(property).read(object);
}

bool ObjectListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    QObject *object = objectAt(index.row());
    if (!object)
        return false;
    d->prepareRoles(this);
    int property = role - ObjectRole - 1;
    if (role == Qt::EditRole || role == Qt::DisplayRole)
        property = d->displayProperty;
    if (property < 0 || property >= d->properties.size())
        return false;
    const QMetaProperty metaProperty = d->properties.at(property);
    if (!metaProperty.isWritable())
        return false;
    // A row no view has read yet is not watched: its NOTIFY signal would go unheard.
    if (d->watching)
        d->watch(object);
    if (!metaProperty.write(object, value))
        return false;
    // With a watcher the NOTIFY signal announced it already.
    if (!d->watching || !metaProperty.hasNotifySignal())
        Q_EMIT dataChanged(index, index);
    return true;
}

Qt::ItemFlags ObjectListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (!index.isValid())
        return flags;
    d->prepareRoles(this);
    if (d->displayProperty >= 0 && d->properties.at(d->displayProperty).isWritable())
        flags |= Qt::ItemIsEditable;
    return flags;
}

QHash<int, QByteArray> ObjectListModel::roleNames() const
{
    d->prepareRoles(this);
    return d->roleNames;
}

void ObjectListModel::forgetObjects(const QList<QObject *> &objects)
{
    bool dead = false;
    for (QObject *object : objects) {
        if (object)
            d->unwatch(object);
        else // deleted: its connections went with it, only the entry is left
            dead = true;
    }
    if (dead)
        d->watched.removeIf([](const auto &entry) { return entry.value().isNull(); });
}

void ObjectListModel::forgetAll()
{
    for (auto it = d->watched.cbegin(); it != d->watched.cend(); ++it) {
        if (it.value())
            QObject::disconnect(it.value(), nullptr, d->watcher, nullptr);
    }
    d->watched.clear();
}

void ObjectListModel::connectNotify(const QMetaMethod &signal)
{
    if (!d->watching && signal == QMetaMethod::fromSignal(&QAbstractItemModel::dataChanged))
        d->watching = true; // objects are connected as views read them
}

void ObjectListModel::objectPropertyChanged(QObject *object, int signalIndex)
{
    const int row = rowOfObject(object);
    if (row < 0)
        return;
    const QModelIndex changed = index(row);
    QList<int> roles = d->rolesBySignal.value(signalIndex);
    if (d->displayProperty >= 0
        && d->properties.at(d->displayProperty).notifySignalIndex() == signalIndex)
        roles << Qt::DisplayRole << Qt::EditRole;
    Q_EMIT dataChanged(changed, changed, roles);
}

} // namespace Qorm
