// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/entitylistmodel.h>

#include <QtCore/QHash>
#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>

using namespace Qt::StringLiterals;

namespace Qorm {

/*
    Receives the NOTIFY signals of the items while a view listens to dataChanged: one
    connection per item and property, made only then (a loaded collection of thousands of
    objects nobody shows costs none).
*/
class ItemWatcher : public QObject
{
public:
    explicit ItemWatcher(EntityListModel *model) : model(model) { }
    int qt_metacall(QMetaObject::Call call, int id, void **arguments) override
    {
        id = QObject::qt_metacall(call, id, arguments);
        if (id < 0 || call != QMetaObject::InvokeMetaMethod)
            return id;
        if (QObject *item = sender())
            model->itemPropertyChanged(item, senderSignalIndex());
        return -1;
    }
    EntityListModel *model;
};

class EntityListModelPrivate
{
public:
    void prepareRoles(const EntityListModel *model);
    void watch(QObject *item);
    void unwatch(QObject *item);

    bool rolesReady = false;
    const QMetaObject *itemClass = nullptr;
    QHash<int, QByteArray> roleNames;
    QList<QMetaProperty> properties; // by role - ObjectRole - 1
    int displayProperty = -1;        // index into properties
    QHash<int, QList<int>> rolesBySignal;
    bool watching = false;
    ItemWatcher *watcher = nullptr;
    // By address, with a guard: an object deleted behind the model's back leaves its entry,
    // and a new object may be born at that address.
    QHash<const QObject *, QPointer<QObject>> watched;
    int countBefore = 0;
    bool announcing = true; // the change in progress is announced (beginInsertRows() ...)
};

void EntityListModelPrivate::prepareRoles(const EntityListModel *model)
{
    if (rolesReady)
        return;
    const Relationship relationship = model->relationship();
    itemClass = relationship.targetClass();
    roleNames.insert(Qt::DisplayRole, "display");
    roleNames.insert(EntityListModel::ObjectRole, "object");
    if (!itemClass)
        return; // not resolved yet: try again later, with the same base roles
    rolesReady = true;
    const int classInfo = itemClass->indexOfClassInfo("qorm.display");
    const QByteArray display =
            classInfo >= 0 ? QByteArray(itemClass->classInfo(classInfo).value()) : QByteArray();
    for (int i = QObject::staticMetaObject.propertyCount(); i < itemClass->propertyCount(); ++i) {
        const QMetaProperty property = itemClass->property(i);
        const int role = EntityListModel::ObjectRole + 1 + int(properties.size());
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

void EntityListModelPrivate::watch(QObject *item)
{
    if (!item)
        return;
    QPointer<QObject> &entry = watched[item]; // one lookup on every data() while watching
    if (!entry.isNull())
        return;
    entry = item;
    for (auto it = rolesBySignal.cbegin(); it != rolesBySignal.cend(); ++it)
        QMetaObject::connect(item, it.key(), watcher, QObject::staticMetaObject.methodCount());
}

void EntityListModelPrivate::unwatch(QObject *item)
{
    if (item && watched.remove(item))
        QObject::disconnect(item, nullptr, watcher, nullptr);
}

EntityListModel::EntityListModel(QObject *owner, const char *property)
    : QAbstractListModel(owner),
      RelationshipCollection(owner, property),
      d(std::make_unique<EntityListModelPrivate>())
{
    d->watcher = new ItemWatcher(this);
    d->watcher->setParent(this);
}

EntityListModel::~EntityListModel() = default;

int EntityListModel::roleForProperty(const QString &property) const
{
    d->prepareRoles(this);
    // Only the property roles: "display" and "object" are not properties of the target.
    const QByteArray name = property.toUtf8();
    for (qsizetype i = 0; i < d->properties.size(); ++i) {
        if (name == d->properties.at(i).name())
            return ObjectRole + 1 + int(i);
    }
    return -1;
}

int EntityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
}

QVariant EntityListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    QObject *item = at(index.row());
    if (!item)
        return {};
    d->prepareRoles(this);
    if (d->watching)
        d->watch(item);
    if (role == ObjectRole)
        return QVariant::fromValue(item);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        if (d->displayProperty < 0)
            return {};
        return d->properties.at(d->displayProperty).read(item);
    }
    const int property = role - ObjectRole - 1;
    if (property < 0 || property >= d->properties.size())
        return {};
    return d->properties.at(property).read(item);
}

bool EntityListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    QObject *item = at(index.row());
    if (!item)
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
        d->watch(item);
    if (!metaProperty.write(item, value))
        return false;
    // With a watcher the NOTIFY signal announced it already.
    if (!d->watching || !metaProperty.hasNotifySignal())
        Q_EMIT dataChanged(index, index);
    return true;
}

Qt::ItemFlags EntityListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (!index.isValid())
        return flags;
    d->prepareRoles(this);
    if (d->displayProperty >= 0 && d->properties.at(d->displayProperty).isWritable())
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool EntityListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && hasMoreToFetch();
}

void EntityListModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        (void)fetchPage(m_pageSize);
}

QHash<int, QByteArray> EntityListModel::roleNames() const
{
    d->prepareRoles(this);
    return d->roleNames;
}

void EntityListModel::aboutToChange(Change change, qsizetype first, qsizetype last,
                                    qsizetype destination)
{
    d->countBefore = int(size());
    // A model nothing observes (no view, proxy, QML delegate model, tester or spy connected to
    // the change's signals, no persistent index) changes without the announcements: building a
    // new object graph, they cost as much as the rest of an append.
    using Model = QAbstractItemModel;
    const auto connected = [this](auto about, auto done) {
        return isSignalConnected(QMetaMethod::fromSignal(about))
                || isSignalConnected(QMetaMethod::fromSignal(done));
    };
    switch (change) {
    case Change::Insert:
        d->announcing = connected(&Model::rowsAboutToBeInserted, &Model::rowsInserted);
        break;
    case Change::Remove:
        d->announcing = connected(&Model::rowsAboutToBeRemoved, &Model::rowsRemoved);
        break;
    case Change::Move:
        d->announcing = connected(&Model::rowsAboutToBeMoved, &Model::rowsMoved);
        break;
    case Change::Reset:
        d->announcing = connected(&Model::modelAboutToBeReset, &Model::modelReset);
        break;
    }
    d->announcing = d->announcing || !persistentIndexList().isEmpty();
    switch (change) {
    case Change::Insert:
        if (d->announcing)
            beginInsertRows(QModelIndex(), int(first), int(last));
        break;
    case Change::Remove: {
        bool dead = false;
        for (qsizetype row = first; row <= last; ++row) {
            if (QObject *item = at(row))
                d->unwatch(item);
            else // deleted: its connections went with it, only the entry is left
                dead = true;
        }
        if (dead)
            d->watched.removeIf([](const auto &entry) { return entry.value().isNull(); });
        if (d->announcing)
            beginRemoveRows(QModelIndex(), int(first), int(last));
        break;
    }
    case Change::Move:
        if (d->announcing)
            beginMoveRows(QModelIndex(), int(first), int(last), QModelIndex(), int(destination));
        break;
    case Change::Reset:
        for (QObject *item : objects())
            d->unwatch(item);
        d->watched.clear();
        if (d->announcing)
            beginResetModel();
        break;
    }
}

void EntityListModel::changed(Change change)
{
    if (d->announcing) {
        switch (change) {
        case Change::Insert:
            endInsertRows();
            break;
        case Change::Remove:
            endRemoveRows();
            break;
        case Change::Move:
            endMoveRows();
            break;
        case Change::Reset:
            endResetModel();
            break;
        }
    }
    if (d->countBefore != int(size()))
        Q_EMIT countChanged();
}

void EntityListModel::connectNotify(const QMetaMethod &signal)
{
    if (!d->watching && signal == QMetaMethod::fromSignal(&QAbstractItemModel::dataChanged))
        d->watching = true; // items are connected as views read them
}

void EntityListModel::itemPropertyChanged(QObject *item, int signalIndex)
{
    const qsizetype row = RelationshipCollection::indexOf(item);
    if (row < 0)
        return;
    const QModelIndex changed = index(int(row));
    QList<int> roles = d->rolesBySignal.value(signalIndex);
    if (d->displayProperty >= 0
        && d->properties.at(d->displayProperty).notifySignalIndex() == signalIndex)
        roles << Qt::DisplayRole << Qt::EditRole;
    Q_EMIT dataChanged(changed, changed, roles);
}

} // namespace Qorm
