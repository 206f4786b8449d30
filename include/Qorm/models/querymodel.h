// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/models/objectlistmodel.h>
#include <Qorm/orm/entityselect.h>

#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

#include <memory>

namespace Qorm {

class QueryModelPrivate;
class Session;

/*
    The objects of a query as a list model, read page by page as a view scrolls: QListView,
    QTableView (through a TableAdapter) and QML views fetch more rows when they reach the end.

        auto *tracks = new Qorm::QueryModel(&session,
                Qorm::select<Track>().where(attribute<Track>(u"albumId"_s) == album->m_id));
        listView->setModel(tracks);

    In QML: `QueryModel { session: db.session; entity: "Track"; filter: ({ albumId: 3 });
    orderBy: ["name"] }`.

    Each page is one keyset statement (WHERE <the query's> AND <after the last row's sort key>
    ORDER BY <orderBy>, <the select's order>, <primary key> LIMIT pageSize): no OFFSET, no
    cursor left open. The rows are the session's identity-mapped objects; the model never owns
    them. A change of session, select, entity, filter or orderBy resets the model without
    running a query; the view's next fetchMore() reads the first page.

    The model follows the session: after a commit or rollback that wrote one of the tables the
    query reads, it reads the rows it holds again and applies the difference (removed rows,
    new rows, moves), so views keep their scroll position and selection; an object that leaves
    the session leaves the model at once. Writes by other connections are seen on refresh().

    With `asynchronous` set, the pages, the count and a refresh's reading are done by a
    worker thread with its own connection to the database (one per session); each page
    arrives as its own event, so input and painting go on between pages. The worker sees
    committed rows only. An SQLite database in memory cannot be opened twice: there the
    model reads synchronously.

    Errors (an unknown entity, filter key or orderBy property, a failed page) go to the
    session's lastError() and errorOccurred(), and no more rows are fetched until the next
    reset.
*/
class QORM_EXPORT QueryModel : public Qorm::ObjectListModel // namespaced for qmltyperegistrar
{
    Q_OBJECT
    Q_MOC_INCLUDE("Qorm/orm/session.h")
    Q_PROPERTY(Qorm::Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QVariantMap filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(QStringList orderBy READ orderBy WRITE setOrderBy NOTIFY orderByChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    Q_PROPERTY(
            bool asynchronous READ isAsynchronous WRITE setAsynchronous NOTIFY asynchronousChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY totalCountChanged)

public:
    explicit QueryModel(QObject *parent = nullptr);
    QueryModel(Session *session, const EntitySelectBase &select, QObject *parent = nullptr);
    ~QueryModel() override;

    [[nodiscard]] Session *session() const;
    void setSession(Session *session);
    // The query; select<T>()... converts. Its limit() caps the rows; an offset() is refused.
    void setSelect(const EntitySelectBase &select);
    [[nodiscard]] EntitySelectBase select() const;
    // The mapped class by name (namespace included), when no select was set.
    [[nodiscard]] QString entity() const;
    void setEntity(const QString &className);
    // A JS-object filter ANDed to the query: { albumId: 3, name: { like: "A%" } }
    // (docs/qml.md lists the operators).
    [[nodiscard]] QVariantMap filter() const;
    void setFilter(const QVariantMap &filter);
    // Property names or reference paths ("album.title"); '-' first for descending. They come
    // before the select's own order.
    [[nodiscard]] QStringList orderBy() const;
    void setOrderBy(const QStringList &orderBy);
    [[nodiscard]] int pageSize() const; // 100 by default
    void setPageSize(int rows);
    // Pages (and the count) read in a worker thread of the session; off by default.
    [[nodiscard]] bool isAsynchronous() const;
    void setAsynchronous(bool asynchronous);
    // A page, a refresh or the count is being read in the worker thread.
    [[nodiscard]] bool isLoading() const;

    // Every row has been fetched.
    [[nodiscard]] bool isComplete() const;
    // The rows the query has in the database: one count(*) on first read; -1 when it cannot
    // be counted (no session, an error).
    [[nodiscard]] int totalCount() const;

    template<typename T>
    [[nodiscard]] T *at(int row) const
    {
        return qobject_cast<T *>(objectAt(row));
    }

    // Reads the rows held again and applies the difference.
    Q_INVOKABLE void refresh();
    // Fetches page after page until complete.
    Q_INVOKABLE void fetchAll();
    // Stops an asynchronous fetchAll() or refresh(): the rows held stay, their results are
    // dropped.
    Q_INVOKABLE void cancel();
    // orderBy = { property } (with '-' for Qt::DescendingOrder): the database sorts all rows.
    // False, and the model unchanged, for a property it cannot order by (a relationship).
    Q_INVOKABLE bool sortBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent = QModelIndex()) const override;
    Q_INVOKABLE void fetchMore(const QModelIndex &parent = QModelIndex()) override;

Q_SIGNALS:
    void sessionChanged();
    void entityChanged();
    void filterChanged();
    void orderByChanged();
    void pageSizeChanged();
    void asynchronousChanged();
    void loadingChanged();
    void completeChanged();
    void totalCountChanged();
    // After each page: the rows fetched, and the total (-1 while not counted).
    void progress(int fetched, int total);

protected:
    [[nodiscard]] QObject *objectAt(int row) const override;
    [[nodiscard]] int rowOfObject(const QObject *object) const override;
    [[nodiscard]] const QMetaObject *itemClass() const override;

private:
    friend class QueryModelPrivate;
    std::unique_ptr<QueryModelPrivate> q_d;
};

} // namespace Qorm
