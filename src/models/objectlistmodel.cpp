// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/objectlistmodel.h>

#include <QtCore/QHash>
#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>

namespace Qorm {

// ObjectWatcher and ObjectListModelPrivate are private: keep Doxygen out of them.
//! \cond internal
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
//! \endcond

/*!
    \class Qorm::ObjectListModel
    \brief The base of Qorm's list models: one mapped QObject per row, one role per property.

    Shared by EntityListModel (a relationship collection) and QueryModel (a query's results), so
    that views, delegates and TableAdapter see the same roles whatever the source. A subclass
    says which object each row holds (objectAt(), rowOfObject(), itemClass()); the model never
    owns the objects.

    Roles, as QML delegates see them:
    - \c display (Qt::DisplayRole, also Qt::EditRole): the class's
      `Q_CLASSINFO("qorm.display", "<property>")` property, else its first QString property.
    - \c object (ObjectRole): the object itself, as a QObject *.
    - one role per property of the class (QObject's own excluded), named like the property:
      a delegate reads \c model.title; roleForProperty() gives the number.

    The roles are known once the class is (itemClass() not null); until then only \c display
    and \c object exist, and the roles are worked out again on the next use.

    Signals: dataChanged() for a row when one of its object's NOTIFY signals fires, with the
    roles of the properties that signal notifies (and the display roles if the display property
    is among them). The objects are connected lazily: only once something is connected to
    dataChanged(), and each object only once a view has read its row, so a list of thousands
    of objects nobody shows costs no connections. countChanged() follows the row count;
    the subclasses emit the usual row signals (rowsInserted(), modelReset(), ...).

    In QML (module \c Qorm, uncreatable as \c ObjectListModel): the \c count property and
    \c get(row) are available on every Qorm list model.
*/

/*! Constructs the model with \a parent; for subclasses only. */
ObjectListModel::ObjectListModel(QObject *parent)
    : QAbstractListModel(parent),
      d(std::make_unique<ObjectListModelPrivate>())
{
    d->watcher = new ObjectWatcher(this);
    d->watcher->setParent(this);
}

ObjectListModel::~ObjectListModel() = default;

/*!
    \var Qorm::ObjectListModel::ObjectRole
    The role (Qt::UserRole) whose data() is the row's object as a QObject *; named \c object
    in roleNames(). The property roles follow it, ObjectRole + 1 onwards.
*/

/*!
    \fn int Qorm::ObjectListModel::count() const
    The number of rows (rowCount() of the root); the \c count property in QML.
*/

/*!
    \fn const QMetaObject *Qorm::ObjectListModel::objectClass() const
    The class of the rows' objects, or null while it is not known (a collection whose
    relationship is not resolved yet, a QueryModel without a session or query). TableAdapter
    reads header labels from it before any row is there.
*/

/*!
    \fn QObject *Qorm::ObjectListModel::get(int row) const
    The object of \a row, or null for a row out of range or whose object is gone. Invokable
    from QML: `model.get(0).title`.
*/

/*!
    \fn void Qorm::ObjectListModel::countChanged()
    Emitted after the number of rows changed, once the row signals that announced the change
    (if any) were emitted; the NOTIFY signal of \c count.
*/

/*!
    \fn QObject *Qorm::ObjectListModel::objectAt(int row) const
    Implement to return the object of \a row, or null for a row out of range or whose object
    is gone.
*/

/*!
    \fn int Qorm::ObjectListModel::rowOfObject(const QObject *object) const
    Implement to return the row holding \a object, or -1. Called when an object's NOTIFY signal
    fires, to find the row to announce.
*/

/*!
    \fn const QMetaObject *Qorm::ObjectListModel::itemClass() const
    Implement to return the class of the rows' objects, or null while it is not known: the roles
    are then only \c display and \c object, and are worked out again on the next use.
*/

/*!
    The role of the class's property named \a property, or -1 for an unknown name (and for
    \c display and \c object, which are not properties). Invokable from QML.
*/
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

/*!
    \reimp
    The display property for Qt::DisplayRole and Qt::EditRole, the object for ObjectRole, a
    property's value for its role; an invalid QVariant for an invalid index, a row whose object
    is gone or an unknown role. Reading a row starts following its object's NOTIFY signals
    while something is connected to dataChanged().
*/
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

/*!
    \reimp
    Writes \a value to the property of \a role (the display property for Qt::EditRole and
    Qt::DisplayRole) of the row's object. For an object in a session this is an ordinary
    property write: the unit of work records it and the next flush sends it. False for an
    invalid index, a row whose object is gone, an unknown role, a read-only property or a value
    QMetaProperty::write() refuses. dataChanged() follows, from the object's NOTIFY signal when
    it has one.
*/
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

/*! \reimp Rows are editable when the display property is writable. */
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

/*!
    \reimp
    \c display, \c object and one role per property of the class, named like the property:
    the names QML delegates use.
*/
QHash<int, QByteArray> ObjectListModel::roleNames() const
{
    d->prepareRoles(this);
    return d->roleNames;
}

/*!
    For subclasses: call before rows go, so that their \a objects are no longer followed.
    An object that was deleted already may be named: it is only compared.
*/
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

/*! For subclasses: call before a reset, so that no object is followed any more. */
void ObjectListModel::forgetAll()
{
    for (auto it = d->watched.cbegin(); it != d->watched.cend(); ++it) {
        if (it.value())
            QObject::disconnect(it.value(), nullptr, d->watcher, nullptr);
    }
    d->watched.clear();
}

/*!
    \reimp
    The first connection to dataChanged() makes the model follow the objects' NOTIFY signals
    from then on (each object once a view reads its row).
*/
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
