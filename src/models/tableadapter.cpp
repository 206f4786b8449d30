// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/entitylistmodel.h>
#include <Qorm/models/querymodel.h>
#include <Qorm/models/tableadapter.h>

#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>

#include <algorithm>
#include <utility>

namespace Qorm {

// TableAdapterPrivate is private: keep Doxygen out of it.
//! \cond internal
class TableAdapterPrivate
{
public:
    explicit TableAdapterPrivate(TableAdapter *q) : q(q) { }

    QObject *objectAt(int row) const;
    // The property index of `column` in `object`'s class, or -1.
    int propertyIndex(const QObject *object, int column) const;
    QMetaProperty metaProperty(const QObject *object, int column) const;

    void connectSource();
    void disconnectSource();
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void sourceLayoutAboutToBeChanged(const QList<QPersistentModelIndex> &parents,
                                      QAbstractItemModel::LayoutChangeHint hint);
    void sourceLayoutChanged(const QList<QPersistentModelIndex> &parents,
                             QAbstractItemModel::LayoutChangeHint hint);
    void sourceRowsAboutToBeMoved(const QModelIndex &sourceParent, int first, int last,
                                  const QModelIndex &destinationParent, int destination);
    void sourceRowsMoved();

    TableAdapter *const q;
    QPointer<QAbstractItemModel> source;
    QList<QMetaObject::Connection> connections;
    QStringList columns;
    QList<QByteArray> names; // columns as UTF-8, for QMetaObject::indexOfProperty()
    QStringList labels;
    int objectRole = EntityListModel::ObjectRole;
    // By class: the property index of each column (-1 for a class without it).
    mutable QHash<const QMetaObject *, QList<int>> propertyIndexes;

    // How a source move reached this model: a move of top-level rows, or rows leaving
    // or joining the top level (a child of another row is not a row here).
    enum class Move : quint8 { None, Move, Insert, Remove };
    Move move = Move::None;

    struct LayoutChange
    {
        bool forwarded = false;
        QModelIndexList from;
        QList<QPersistentModelIndex> sourceRows; // by entry of `from`
    };
    LayoutChange layout;

    // setData() in progress: whether the source already announced the write.
    bool writing = false;
    bool writeAnnounced = false;
    QModelIndex written;
};

QObject *TableAdapterPrivate::objectAt(int row) const
{
    if (!source || row < 0)
        return nullptr;
    return source->index(row, 0).data(objectRole).value<QObject *>();
}

int TableAdapterPrivate::propertyIndex(const QObject *object, int column) const
{
    if (!object || column < 0 || column >= names.size())
        return -1;
    const QMetaObject *metaObject = object->metaObject();
    auto it = propertyIndexes.find(metaObject);
    if (it == propertyIndexes.end()) {
        QList<int> indexes;
        indexes.reserve(names.size());
        for (const QByteArray &name : std::as_const(names))
            indexes.append(metaObject->indexOfProperty(name.constData()));
        it = propertyIndexes.insert(metaObject, indexes);
    }
    return it->at(column);
}

QMetaProperty TableAdapterPrivate::metaProperty(const QObject *object, int column) const
{
    const int index = propertyIndex(object, column);
    return index < 0 ? QMetaProperty() : object->metaObject()->property(index);
}

void TableAdapterPrivate::connectSource()
{
    QAbstractItemModel *model = source.data();
    if (!model)
        return;
    const auto top = [](const QModelIndex &parent) { return !parent.isValid(); };
    connections = {
        QObject::connect(model, &QAbstractItemModel::rowsAboutToBeInserted, q,
                         [this, top](const QModelIndex &parent, int first, int last) {
                             if (top(parent))
                                 q->beginInsertRows(QModelIndex(), first, last);
                         }),
        QObject::connect(model, &QAbstractItemModel::rowsInserted, q,
                         [this, top](const QModelIndex &parent) {
                             if (top(parent))
                                 q->endInsertRows();
                         }),
        QObject::connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, q,
                         [this, top](const QModelIndex &parent, int first, int last) {
                             if (top(parent))
                                 q->beginRemoveRows(QModelIndex(), first, last);
                         }),
        QObject::connect(model, &QAbstractItemModel::rowsRemoved, q,
                         [this, top](const QModelIndex &parent) {
                             if (top(parent))
                                 q->endRemoveRows();
                         }),
        QObject::connect(model, &QAbstractItemModel::rowsAboutToBeMoved, q,
                         [this](const QModelIndex &sourceParent, int first, int last,
                                const QModelIndex &destinationParent, int destination) {
                             sourceRowsAboutToBeMoved(sourceParent, first, last, destinationParent,
                                                      destination);
                         }),
        QObject::connect(model, &QAbstractItemModel::rowsMoved, q, [this] { sourceRowsMoved(); }),
        QObject::connect(model, &QAbstractItemModel::modelAboutToBeReset, q,
                         [this] { q->beginResetModel(); }),
        QObject::connect(model, &QAbstractItemModel::modelReset, q, [this] { q->endResetModel(); }),
        QObject::connect(model, &QAbstractItemModel::layoutAboutToBeChanged, q,
                         [this](const QList<QPersistentModelIndex> &parents,
                                QAbstractItemModel::LayoutChangeHint hint) {
                             sourceLayoutAboutToBeChanged(parents, hint);
                         }),
        QObject::connect(model, &QAbstractItemModel::layoutChanged, q,
                         [this](const QList<QPersistentModelIndex> &parents,
                                QAbstractItemModel::LayoutChangeHint hint) {
                             sourceLayoutChanged(parents, hint);
                         }),
        QObject::connect(model, &QAbstractItemModel::dataChanged, q,
                         [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                const QList<int> &roles) {
                             sourceDataChanged(topLeft, bottomRight, roles);
                         }),
        QObject::connect(model, &QAbstractItemModel::headerDataChanged, q,
                         [this](Qt::Orientation orientation, int first, int last) {
                             if (orientation == Qt::Vertical)
                                 Q_EMIT q->headerDataChanged(Qt::Vertical, first, last);
                         }),
        // QPointer is null by now: the model is gone, nothing of it may be read.
        QObject::connect(model, &QObject::destroyed, q,
                         [this] {
                             connections.clear();
                             move = Move::None;
                             layout = {};
                             q->beginResetModel();
                             q->endResetModel();
                             Q_EMIT q->sourceModelChanged();
                         }),
    };
}

void TableAdapterPrivate::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(connections))
        QObject::disconnect(connection);
    connections.clear();
}

void TableAdapterPrivate::sourceDataChanged(const QModelIndex &topLeft,
                                            const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid()
        || columns.isEmpty())
        return;
    // A role the source names like a shown property changes that column. No roles, the object
    // role or a user role the source does not name may change any. Qt's own roles (display,
    // edit, ...) are about the source's cells, not the objects' properties: none.
    QList<bool> changed(columns.size(), roles.isEmpty());
    if (!roles.isEmpty()) {
        const QHash<int, QByteArray> roleNames = source->roleNames();
        for (int role : roles) {
            const auto name = roleNames.constFind(role);
            if (role == objectRole || (name == roleNames.cend() && role >= Qt::UserRole)) {
                changed.fill(true);
                break;
            }
            if (name != roleNames.cend()) {
                const qsizetype column = names.indexOf(*name);
                if (column >= 0)
                    changed[column] = true;
            }
        }
    }
    const int top = topLeft.row();
    const int bottom = bottomRight.row();
    for (int first = 0; first < int(changed.size()); ++first) {
        if (!changed.at(first))
            continue;
        int last = first;
        while (last + 1 < int(changed.size()) && changed.at(last + 1))
            ++last;
        if (writing && written.row() >= top && written.row() <= bottom && written.column() >= first
            && written.column() <= last)
            writeAnnounced = true;
        Q_EMIT q->dataChanged(q->index(top, first), q->index(bottom, last),
                              { Qt::DisplayRole, Qt::EditRole });
        first = last;
    }
}

void TableAdapterPrivate::sourceLayoutAboutToBeChanged(const QList<QPersistentModelIndex> &parents,
                                                       QAbstractItemModel::LayoutChangeHint hint)
{
    // Only a change of the top level moves rows here.
    layout = {};
    if (!parents.isEmpty()
        && std::none_of(parents.cbegin(), parents.cend(),
                        [](const QPersistentModelIndex &parent) { return !parent.isValid(); }))
        return;
    layout.forwarded = true;
    Q_EMIT q->layoutAboutToBeChanged({},
                                     hint == QAbstractItemModel::VerticalSortHint
                                             ? hint
                                             : QAbstractItemModel::NoLayoutChangeHint);
    layout.from = q->persistentIndexList();
    layout.sourceRows.reserve(layout.from.size());
    for (const QModelIndex &index : std::as_const(layout.from))
        layout.sourceRows.append(QPersistentModelIndex(source->index(index.row(), 0)));
}

void TableAdapterPrivate::sourceLayoutChanged(const QList<QPersistentModelIndex> &parents,
                                              QAbstractItemModel::LayoutChangeHint hint)
{
    Q_UNUSED(parents);
    if (!layout.forwarded)
        return;
    QModelIndexList to;
    to.reserve(layout.from.size());
    for (qsizetype i = 0; i < layout.from.size(); ++i) {
        const QPersistentModelIndex &row = layout.sourceRows.at(i);
        const bool kept = row.isValid() && !row.parent().isValid();
        to.append(kept ? q->index(row.row(), layout.from.at(i).column()) : QModelIndex());
    }
    q->changePersistentIndexList(layout.from, to);
    layout = {};
    Q_EMIT q->layoutChanged({},
                            hint == QAbstractItemModel::VerticalSortHint
                                    ? hint
                                    : QAbstractItemModel::NoLayoutChangeHint);
}

void TableAdapterPrivate::sourceRowsAboutToBeMoved(const QModelIndex &sourceParent, int first,
                                                   int last, const QModelIndex &destinationParent,
                                                   int destination)
{
    const bool fromTop = !sourceParent.isValid();
    const bool toTop = !destinationParent.isValid();
    move = Move::None;
    if (fromTop && toTop) {
        if (q->beginMoveRows(QModelIndex(), first, last, QModelIndex(), destination))
            move = Move::Move;
    } else if (fromTop) {
        q->beginRemoveRows(QModelIndex(), first, last);
        move = Move::Remove;
    } else if (toTop) {
        q->beginInsertRows(QModelIndex(), destination, destination + last - first);
        move = Move::Insert;
    }
}

void TableAdapterPrivate::sourceRowsMoved()
{
    const Move done = std::exchange(move, Move::None);
    switch (done) {
    case Move::None:
        break;
    case Move::Move:
        q->endMoveRows();
        break;
    case Move::Insert:
        q->endInsertRows();
        break;
    case Move::Remove:
        q->endRemoveRows();
        break;
    }
}

//! \endcond

/*!
    \class Qorm::TableAdapter
    \brief Shows the objects of a list model (an EntityListModel, a query's results) as a
    table with one column per chosen property.

    One row per top-level row of the source model: what a QTableView, a QDataWidgetMapper or a
    QML TableView (module \c Qorm, creatable as \c TableAdapter) shows.

    \code
    auto *table = new Qorm::TableAdapter(this);
    table->setSourceModel(user->addresses());
    table->setColumns({u"email"_s, u"id"_s}, {tr("E-mail"), tr("Id")});
    \endcode

    The source gives the objects through objectRole() (ObjectListModel::ObjectRole by default),
    so any model with such a role works, not only Qorm's. data() reads a property of the row's
    object, setData() writes it (into the session's unit of work, for an object in one).

    Signals: the source's row, move, reset and layout signals are forwarded for its top-level
    rows (children of a source row are not rows here). A source dataChanged() becomes a
    dataChanged() of the columns concerned: a role the source's roleNames() names like a
    column's property changes that column; no roles, the object role or an unnamed user role
    change every column; Qt's own roles (display, edit, ...) none. A source that is destroyed
    leaves the adapter empty (modelReset(), sourceModelChanged()).

    Paging and sorting: canFetchMore() and fetchMore() reach the source, so a QTableView pages
    through a QueryModel. Over a QueryModel, sort() sorts in the database
    (QTableView::setSortingEnabled(true) works); over other sources it does nothing (put a
    QSortFilterProxyModel on top to sort in memory).

    Header texts: the label given with setColumns() or setLabels(), else the class's
    `Q_CLASSINFO("qorm.label.<property>", "...")`, else the property name.
*/

/*! An adapter without a source or columns; \a parent owns it. */
TableAdapter::TableAdapter(QObject *parent)
    : QAbstractTableModel(parent),
      d(std::make_unique<TableAdapterPrivate>(this))
{
}

TableAdapter::~TableAdapter()
{
    d->disconnectSource();
}

/*!
    The model whose rows are shown (the \c sourceModel property); null when none is set or it
    was destroyed. The adapter does not own it.
*/
QAbstractItemModel *TableAdapter::sourceModel() const
{
    return d->source.data();
}

/*! Shows \a model's rows (a reset of the adapter); emits sourceModelChanged(). */
void TableAdapter::setSourceModel(QAbstractItemModel *model)
{
    if (d->source == model)
        return;
    beginResetModel();
    d->disconnectSource();
    d->source = model;
    d->move = TableAdapterPrivate::Move::None;
    d->layout = {};
    d->connectSource();
    endResetModel();
    Q_EMIT sourceModelChanged();
}

/*! The property names shown, one column each (the \c columns property). */
QStringList TableAdapter::columns() const
{
    return d->columns;
}

/*!
    Shows the \a properties, one column each (a reset of the adapter); the labels are kept.
    A property the row's class lacks shows an empty, read-only cell. Emits columnsChanged().
*/
void TableAdapter::setColumns(const QStringList &properties)
{
    if (d->columns == properties)
        return;
    beginResetModel();
    d->columns = properties;
    d->names.clear();
    for (const QString &property : properties)
        d->names.append(property.toUtf8());
    d->propertyIndexes.clear();
    endResetModel();
    Q_EMIT columnsChanged();
}

/*!
    Shows the \a properties with \a labels as their header texts, by column; a missing or
    empty label shows the class's label for the property, else its name (see headerData()).
*/
void TableAdapter::setColumns(const QStringList &properties, const QStringList &labels)
{
    setColumns(properties);
    setLabels(labels);
}

/*! The header texts by column, as set (the \c labels property); see headerData(). */
QStringList TableAdapter::labels() const
{
    return d->labels;
}

/*! Sets the header texts; emits headerDataChanged() and labelsChanged(). */
void TableAdapter::setLabels(const QStringList &labels)
{
    if (d->labels == labels)
        return;
    d->labels = labels;
    if (!d->columns.isEmpty())
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(d->columns.size()) - 1);
    Q_EMIT labelsChanged();
}

/*!
    The source role whose data() is the row's QObject * (the \c objectRole property);
    ObjectListModel::ObjectRole (Qt::UserRole) by default. The adapter's own data() gives the
    object under the same role.
*/
int TableAdapter::objectRole() const
{
    return d->objectRole;
}

/*! Reads the objects from the source's \a role (a reset); emits objectRoleChanged(). */
void TableAdapter::setObjectRole(int role)
{
    if (d->objectRole == role)
        return;
    beginResetModel();
    d->objectRole = role;
    endResetModel();
    Q_EMIT objectRoleChanged();
}

/*! The object of \a row, or null. Invokable from QML. */
QObject *TableAdapter::object(int row) const
{
    return row < rowCount() ? d->objectAt(row) : nullptr;
}

/*! The property shown in \a column, or an empty string. Invokable from QML. */
QString TableAdapter::columnProperty(int column) const
{
    return d->columns.value(column);
}

/*! The column showing \a property, or -1. Invokable from QML. */
int TableAdapter::column(const QString &property) const
{
    return int(d->columns.indexOf(property));
}

/*! \reimp The source's top-level row count; 0 without a source. */
int TableAdapter::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !d->source ? 0 : d->source->rowCount();
}

/*! \reimp The number of columns(). */
int TableAdapter::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->columns.size());
}

/*!
    \reimp
    The column's property of the row's object for Qt::DisplayRole and Qt::EditRole, the object
    for objectRole(); an invalid QVariant otherwise, and when the class has no such property.
*/
QVariant TableAdapter::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    QObject *object = d->objectAt(index.row());
    if (!object)
        return {};
    if (role == d->objectRole)
        return QVariant::fromValue(object);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const QMetaProperty property = d->metaProperty(object, index.column());
    return property.isValid() ? property.read(object) : QVariant();
}

/*!
    \reimp
    Writes \a value to the column's property (Qt::EditRole or Qt::DisplayRole). False for
    another role, an invalid index, a missing or read-only property or a refused value.
    dataChanged() follows once: from the source when it follows NOTIFY signals, else from here.
*/
bool TableAdapter::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || (role != Qt::EditRole && role != Qt::DisplayRole))
        return false;
    QObject *object = d->objectAt(index.row());
    const QMetaProperty property = d->metaProperty(object, index.column());
    if (!property.isWritable())
        return false;
    const QVariant before = property.read(object);
    d->writing = true;
    d->writeAnnounced = false;
    d->written = index;
    const bool written = property.write(object, value);
    const bool announced = d->writeAnnounced;
    d->writing = false;
    d->written = QModelIndex();
    // A source that follows NOTIFY signals announced it already; else this model does.
    if (written && !announced && property.read(object) != before)
        Q_EMIT dataChanged(index, index, { Qt::DisplayRole, Qt::EditRole });
    return written;
}

/*! \reimp Cells of writable properties are editable. */
Qt::ItemFlags TableAdapter::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return flags;
    QObject *object = d->objectAt(index.row());
    if (d->metaProperty(object, index.column()).isWritable())
        flags |= Qt::ItemIsEditable;
    return flags;
}

/*!
    \reimp
    Horizontal: the column's label, else the class's `qorm.label.<property>` class info (from
    the source's ObjectListModel::objectClass(), else the first row's object), else the property
    name. Vertical: the source's header data.
*/
QVariant TableAdapter::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return d->source ? d->source->headerData(section, orientation, role) : QVariant();
    if (section < 0 || section >= d->columns.size()
        || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const QString label = d->labels.value(section);
    if (!label.isEmpty())
        return label;
    // The class's label: from the source's class, else from the first row's object.
    const QMetaObject *cls = nullptr;
    if (const auto *objects = qobject_cast<const ObjectListModel *>(d->source.data()))
        cls = objects->objectClass();
    if (!cls) {
        if (const QObject *first = d->objectAt(0))
            cls = first->metaObject();
    }
    if (cls) {
        const QByteArray key = "qorm.label." + d->names.at(section);
        const int info = cls->indexOfClassInfo(key.constData());
        if (info >= 0)
            return QString::fromUtf8(cls->classInfo(info).value());
    }
    return d->columns.at(section);
}

/*! \reimp The source's canFetchMore() for its root. */
bool TableAdapter::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && d->source && d->source->canFetchMore(QModelIndex());
}

/*! \reimp The source's fetchMore() for its root: a QueryModel reads its next page. */
void TableAdapter::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid() && d->source)
        d->source->fetchMore(QModelIndex());
}

/*!
    \reimp
    Over a QueryModel: QueryModel::sortBy(columnProperty(\a column), \a order), so the database
    sorts all rows; a column it cannot sort by stays as it is, and a negative \a column (a
    header's "not sorted") clears the order. Over other sources: nothing.
*/
void TableAdapter::sort(int column, Qt::SortOrder order)
{
    auto *query = qobject_cast<QueryModel *>(d->source.data());
    if (!query)
        return;
    if (column < 0) { // QHeaderView's "not sorted"
        query->setOrderBy({});
        return;
    }
    const QString property = columnProperty(column);
    if (!property.isEmpty())
        (void)query->sortBy(property, order); // a column it cannot sort by stays as it is
}

/*! \reimp Qt's default roles plus \c object for objectRole(), as QML's TableView sees them. */
QHash<int, QByteArray> TableAdapter::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(d->objectRole, QByteArrayLiteral("object"));
    return names;
}

/*! \fn void Qorm::TableAdapter::sourceModelChanged()
    Emitted by setSourceModel(), and when the source model was destroyed. */
/*! \fn void Qorm::TableAdapter::columnsChanged()
    Emitted by setColumns() when the columns changed. */
/*! \fn void Qorm::TableAdapter::labelsChanged()
    Emitted by setLabels() (and setColumns() with labels) when the labels changed. */
/*! \fn void Qorm::TableAdapter::objectRoleChanged()
    Emitted by setObjectRole(). */

} // namespace Qorm
