// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/models/entitylistmodel.h>

#include <QtCore/QMetaMethod>

namespace Qorm {

EntityListModel::EntityListModel(QObject *owner, const char *property)
    : ObjectListModel(owner),
      RelationshipCollection(owner, property)
{
}

EntityListModel::~EntityListModel() = default;

const QMetaObject *EntityListModel::itemClass() const
{
    return relationship().targetClass(); // null until the relationship is resolved
}

int EntityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
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

void EntityListModel::aboutToChange(Change change, qsizetype first, qsizetype last,
                                    qsizetype destination)
{
    m_countBefore = int(size());
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
        m_announcing = connected(&Model::rowsAboutToBeInserted, &Model::rowsInserted);
        break;
    case Change::Remove:
        m_announcing = connected(&Model::rowsAboutToBeRemoved, &Model::rowsRemoved);
        break;
    case Change::Move:
        m_announcing = connected(&Model::rowsAboutToBeMoved, &Model::rowsMoved);
        break;
    case Change::Reset:
        m_announcing = connected(&Model::modelAboutToBeReset, &Model::modelReset);
        break;
    }
    m_announcing = m_announcing || !persistentIndexList().isEmpty();
    switch (change) {
    case Change::Insert:
        if (m_announcing)
            beginInsertRows(QModelIndex(), int(first), int(last));
        break;
    case Change::Remove: {
        QList<QObject *> leaving;
        for (qsizetype row = first; row <= last; ++row)
            leaving.append(at(row));
        forgetObjects(leaving);
        if (m_announcing)
            beginRemoveRows(QModelIndex(), int(first), int(last));
        break;
    }
    case Change::Move:
        if (m_announcing)
            beginMoveRows(QModelIndex(), int(first), int(last), QModelIndex(), int(destination));
        break;
    case Change::Reset:
        forgetAll();
        if (m_announcing)
            beginResetModel();
        break;
    }
}

void EntityListModel::changed(Change change)
{
    if (m_announcing) {
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
    if (m_countBefore != int(size()))
        Q_EMIT countChanged();
}

} // namespace Qorm
