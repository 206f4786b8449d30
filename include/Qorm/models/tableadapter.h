// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QStringList>

#include <memory>

namespace Qorm {

class TableAdapterPrivate;

/*
    A list of objects as a table: one row per row of the source model, one column per chosen
    property. What a QTableView, a QDataWidgetMapper or a QML TableView shows.

        auto *table = new Qorm::TableAdapter(this);
        table->setSourceModel(user->addresses());
        table->setColumns({u"email"_s, u"id"_s}, {tr("E-mail"), tr("Id")});

    Header texts: setColumns()' or setLabels()' label, else the class's
    Q_CLASSINFO("qorm.label.<property>", "..."), else the property name. Over a QueryModel,
    fetchMore() reaches the source (a QTableView pages through it) and sort() sorts in the
    database (QTableView::setSortingEnabled(true) works); over other sources sort() does
    nothing (put a QSortFilterProxyModel on top to sort in memory).

    The source gives the objects through objectRole (EntityListModel::ObjectRole, Qt::UserRole,
    by default). data() reads a property (display and edit roles; objectRole gives the object),
    setData() writes it. The source's row, reset, layout and dataChanged() signals are
    forwarded; only its top-level rows count. A dataChanged() role that the source's
    roleNames() names like a column's property changes that column; no roles, the object role
    or an unnamed user role change every column; Qt's own roles (display, edit, ...) none.
*/
class QORM_EXPORT TableAdapter : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(QAbstractItemModel *sourceModel READ sourceModel WRITE setSourceModel NOTIFY
                       sourceModelChanged)
    Q_PROPERTY(QStringList columns READ columns WRITE setColumns NOTIFY columnsChanged)
    Q_PROPERTY(QStringList labels READ labels WRITE setLabels NOTIFY labelsChanged)
    Q_PROPERTY(int objectRole READ objectRole WRITE setObjectRole NOTIFY objectRoleChanged)

public:
    explicit TableAdapter(QObject *parent = nullptr);
    ~TableAdapter() override;

    [[nodiscard]] QAbstractItemModel *sourceModel() const;
    void setSourceModel(QAbstractItemModel *model);

    // The property names shown, one column each. Setting them keeps the labels.
    [[nodiscard]] QStringList columns() const;
    void setColumns(const QStringList &properties);
    // `labels` are the header texts, by column; a missing or empty one shows the class's
    // qorm.label.<property>, else the property name.
    void setColumns(const QStringList &properties, const QStringList &labels);
    [[nodiscard]] QStringList labels() const;
    void setLabels(const QStringList &labels);

    // The source role whose data() is the row's QObject *.
    [[nodiscard]] int objectRole() const;
    void setObjectRole(int role);

    // The row's object, or null.
    [[nodiscard]] Q_INVOKABLE QObject *object(int row) const;
    // The property shown in `column`, or an empty string.
    [[nodiscard]] Q_INVOKABLE QString columnProperty(int column) const;
    // The column showing `property`, or -1.
    [[nodiscard]] Q_INVOKABLE int column(const QString &property) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    // The default roles and "object" (objectRole).
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent = QModelIndex()) const override;
    void fetchMore(const QModelIndex &parent = QModelIndex()) override;
    // Over a QueryModel: QueryModel::sortBy(columnProperty(column), order).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void sourceModelChanged();
    void columnsChanged();
    void labelsChanged();
    void objectRoleChanged();

private:
    friend class TableAdapterPrivate;
    std::unique_ptr<TableAdapterPrivate> const d;
};

} // namespace Qorm
