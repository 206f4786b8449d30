// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../orm/session_p.h"
#include "../sql/nodes_p.h"
#include "keysetpager_p.h"
#include "queryfilter_p.h"
#include "queryloader_p.h"

#include <Qorm/models/querymodel.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QPointer>
#include <QtCore/QSet>

#include <optional>

using namespace Qt::StringLiterals;

namespace Qorm {

// QueryModelPrivate and its helpers are private: keep Doxygen out of them.
//! \cond internal
namespace {
// Each object once, where it first comes: a join that repeats rows repeats its objects.
QList<QObject *> uniqueInOrder(const QList<QObject *> &objects)
{
    QList<QObject *> unique;
    unique.reserve(objects.size());
    QSet<QObject *> seen;
    for (QObject *object : objects) {
        if (!seen.contains(object)) {
            seen.insert(object);
            unique.append(object);
        }
    }
    return unique;
}
} // namespace

class QueryModelPrivate
{
public:
    explicit QueryModelPrivate(QueryModel *model) : q(model) { }

    QueryModel *const q;
    QPointer<Session> session;
    QList<QMetaObject::Connection> connections;
    std::optional<EntitySelectBase> select; // setSelect()'s
    QString entity;
    QVariantMap filter;
    QStringList orderBy;
    int pageSize = 100;

    // Built on the first fetch after a reset.
    bool prepared = false;
    bool failed = false; // no more fetching until the next reset
    KeysetPager pager;
    QStringList tables;
    std::optional<qint64> limit;
    const QMetaObject *cls = nullptr;

    QList<QObject *> rows;
    // The objects of `rows`, when the select joins other tables: a join that repeats rows can
    // bring an object back on a later page, and it is shown once.
    bool repeats = false;
    QSet<QObject *> held;
    QVariantList lastKey; // the sort key of the last row fetched

    // Asynchronous loading (queryloader_p.h). One chain of pages at a time: a fetch, or a
    // refresh; what is asked meanwhile waits for its end.
    bool asynchronous = false;
    QPointer<QueryLoader> loader; // the session's, once used
    quint64 client = 0;           // this model with the loader
    // cancel(), a reset and the destructor increment it: the worker skips requests, and the
    // model drops replies, of an older one.
    const LoadGeneration generation = std::make_shared<std::atomic<quint64>>(0);
    enum class Chain { Idle, Fetching, Refreshing };
    Chain chain = Chain::Idle;
    int outstanding = 0; // requests out
    bool loading = false;
    bool fetchingAll = false;
    bool fetchQueued = false;   // fetchMore() during a refresh
    bool refreshQueued = false; // refresh() during a fetch or a refresh
    bool countPending = false;  // a count request is out
    QVariantList windowKey;     // a refresh reads the rows up to this key (the last row's)
    QList<QObject *> refreshed; // a refresh's objects so far, in order
    QSet<QObject *> refreshedSet;
    QHash<QString, LoadStrategy> loadPaths; // the select's load() options, for materializing
    bool complete = false;
    mutable int total = -1;
    mutable bool counted = false;
    mutable int lastRow = 0; // the row read last: rowOfObject() starts there
    // Inside a change this model announces (from begin...() to the end of end...()'s signal):
    // a fetchMore() from a receiver of those signals waits for the next call, so that no change
    // starts while receivers are still hearing of the previous one.
    int announcing = 0;
    struct Announcing
    {
        explicit Announcing(QueryModelPrivate *d) : d(d) { ++d->announcing; }
        ~Announcing() { --d->announcing; }
        Announcing(const Announcing &) = delete;
        Announcing &operator=(const Announcing &) = delete;
        QueryModelPrivate *d;
    };

    [[nodiscard]] bool hasQuery() const { return select.has_value() || !entity.isEmpty(); }
    bool fail(const Error &error);
    bool prepare();
    void reset();
    void setComplete(bool value);
    // The objects of a statement of the class's columns, each once.
    std::optional<QList<QObject *>> load(const EntitySelectBase &page);
    // The class: the select's, else the mapped class named `entity`.
    [[nodiscard]] Mapper mapper() const;
    // The page after lastKey, of `size` rows.
    [[nodiscard]] EntitySelectBase nextPage(qint64 size) const;
    void apply(const QList<QObject *> &fresh);
    void attach(Session *newSession);
    void detach();
    [[nodiscard]] Select countStatement() const;
    void setTotal(qint64 count);

    // Asynchronous loading
    QueryLoader *worker(); // null: load synchronously
    void updateLoading();
    void cancelLoads();
    bool request(LoadRequest::Kind kind, const Statement &statement, qint64 pageSize,
                 LoadRequest *out);
    bool post(LoadRequest::Kind kind, const Statement &statement, qint64 pageSize);
    // The objects not held yet, appended (announced); false when a receiver reset the model.
    bool append(const QList<QObject *> &objects);
    void postPage(qsizetype arriving = 0);
    void postWindow(const QVariantList &after);
    void startRefresh();
    void received(LoadReply &&reply);
    bool materialize(QList<QVariantList> &rows, QList<QObject *> *objects);
    void pageReceived(LoadReply &reply);
    void windowReceived(LoadReply &reply);
    void continueChain();
};

bool QueryModelPrivate::fail(const Error &error)
{
    failed = true;
    if (session)
        SessionPrivate::get(session)->fail(error);
    return false;
}

void QueryModelPrivate::setComplete(bool value)
{
    if (complete == value)
        return;
    complete = value;
    Q_EMIT q->completeChanged();
}

// The statement: the select, or one of the class named by `entity`; the filter ANDed to it;
// orderBy first. Nothing is sent.
bool QueryModelPrivate::prepare()
{
    if (prepared)
        return true;
    if (!session || !hasQuery() || failed)
        return false;
    EntitySelectBase base = select.value_or(EntitySelectBase(QObject::staticMetaObject));
    if (!select) {
        const Mapper mapper = this->mapper();
        if (!mapper.isValid()) {
            return fail(Error(Error::InvalidRequestError,
                              u"QueryModel: no class named \"%1\" is mapped by the session's "
                              u"registry"_s.arg(entity)));
        }
        base = EntitySelectBase(*mapper.metaObject());
    }
    if (base.error().isValid())
        return fail(base.error());
    if (!filter.isEmpty()) {
        const QueryFilter compiled = compileFilter(base.mapper(), filter);
        if (compiled.hasError())
            return fail(compiled.error);
        base = withFilter(base, compiled);
    }
    if (!orderBy.isEmpty()) {
        const QueryOrder compiled = compileOrderBy(base.mapper(), orderBy);
        if (compiled.hasError())
            return fail(compiled.error);
        base = withOrder(base, compiled);
    }
    const Select statement = base.statement();
    repeats = false;
    if (const SelectNode *node = asSelectNode(statement.node())) {
        limit = node->limit;
        // Rows can repeat an object when it reads more than its own table: joins (a self-join
        // under an alias too), several sources, subqueries.
        repeats = node->froms.size() > 1
                || std::any_of(node->froms.cbegin(), node->froms.cend(), [](const FromClause &f) {
                       return f.node() && f.node()->kind != FromNode::TableKind;
                   });
    }
    pager = KeysetPager(base);
    if (!pager.isValid())
        return fail(Error(pager.error().type(), u"QueryModel: "_s + pager.error().text()));
    tables = base.tables();
    cls = base.entity();
    loadPaths.clear();
    for (const auto &[path, strategy] : base.loaders())
        loadPaths.insert(path, strategy);
    prepared = true;
    return true;
}

void QueryModelPrivate::reset()
{
    const qsizetype before = rows.size();
    const int totalBefore = counted ? total : -1;
    cancelLoads();
    const Announcing announcing(this);
    q->beginResetModel();
    q->forgetAll();
    rows.clear();
    held.clear();
    lastKey.clear();
    prepared = false;
    failed = false;
    pager = KeysetPager();
    tables.clear();
    limit.reset();
    cls = nullptr;
    lastRow = 0;
    total = -1;
    counted = false;
    q->endResetModel();
    setComplete(false);
    if (before != 0)
        Q_EMIT q->countChanged();
    if (totalBefore != -1)
        Q_EMIT q->totalCountChanged();
}

std::optional<QList<QObject *>> QueryModelPrivate::load(const EntitySelectBase &page)
{
    const ObjectResult result = session->execute(page);
    if (result.hasError()) {
        failed = true; // the session has the error
        return std::nullopt;
    }
    return uniqueInOrder(result.objects());
}

Mapper QueryModelPrivate::mapper() const
{
    if (select)
        return select->mapper();
    if (session && !entity.isEmpty())
        return session->registry().mapper(entity);
    return Mapper();
}

EntitySelectBase QueryModelPrivate::nextPage(qint64 size) const
{
    return lastKey.isEmpty() ? pager.firstPage(size, KeysetPager::WithKeyColumns)
                             : pager.nextPage(lastKey, size, KeysetPager::WithKeyColumns);
}

/*
    The rows become `fresh` (the objects the query has now, in order), announced as a diff:
    removals in contiguous ranges from the bottom up, a layout change if survivors moved
    (persistent indexes follow their objects), then insertions.
*/
void QueryModelPrivate::apply(const QList<QObject *> &fresh)
{
    const Announcing announcing(this);
    const QSet<QObject *> keep(fresh.cbegin(), fresh.cend());
    for (qsizetype i = rows.size() - 1; i >= 0;) {
        if (keep.contains(rows.at(i))) {
            --i;
            continue;
        }
        const qsizetype last = i;
        while (i >= 0 && !keep.contains(rows.at(i)))
            --i;
        const qsizetype first = i + 1;
        q->forgetObjects(rows.mid(first, last - first + 1));
        q->beginRemoveRows(QModelIndex(), int(first), int(last));
        rows.remove(first, last - first + 1);
        q->endRemoveRows();
    }
    const QSet<QObject *> current(rows.cbegin(), rows.cend());
    QList<QObject *> survivors;
    survivors.reserve(rows.size());
    for (QObject *object : fresh) {
        if (current.contains(object))
            survivors.append(object);
    }
    if (survivors != rows) {
        Q_EMIT q->layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        QHash<const QObject *, int> newRow;
        for (qsizetype i = 0; i < survivors.size(); ++i)
            newRow.insert(survivors.at(i), int(i));
        const QModelIndexList from = q->persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &index : from)
            to.append(q->index(newRow.value(rows.at(index.row())), index.column()));
        rows = survivors;
        q->changePersistentIndexList(from, to);
        Q_EMIT q->layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    qsizetype row = 0;
    for (qsizetype i = 0; i < fresh.size();) {
        if (row < rows.size() && rows.at(row) == fresh.at(i)) {
            ++row;
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < fresh.size() && !current.contains(fresh.at(end)))
            ++end;
        q->beginInsertRows(QModelIndex(), int(row), int(row + end - i - 1));
        rows.insert(row, end - i, nullptr);
        for (qsizetype k = i; k < end; ++k)
            rows[row + k - i] = fresh.at(k);
        q->endInsertRows();
        row += end - i;
        i = end;
    }
    if (repeats)
        held = QSet<QObject *>(rows.cbegin(), rows.cend());
}

void QueryModelPrivate::attach(Session *newSession)
{
    session = newSession;
    if (!session)
        return;
    connections.append(
            QObject::connect(session, &Session::objectDetached, q, [this](QObject *object) {
                if (SessionPrivate::get(session)->destroying) {
                    // Every object goes (the session is closed or destroyed): one reset,
                    // not a removal per row.
                    if (!rows.isEmpty())
                        reset();
                    return;
                }
                if (refreshedSet.remove(object))
                    refreshed.removeOne(object);
                held.remove(object);
                const int row = q->rowOfObject(object);
                if (row < 0)
                    return;
                const Announcing announcing(this);
                q->forgetObjects({ object });
                q->beginRemoveRows(QModelIndex(), row, row);
                rows.removeAt(row);
                q->endRemoveRows();
                Q_EMIT q->countChanged();
            }));
    connections.append(QObject::connect(session, &Session::tablesChanged, q,
                                        [this](const QStringList &changed) {
                                            if (!prepared)
                                                return;
                                            for (const QString &table : changed) {
                                                if (tables.contains(table)) {
                                                    q->refresh();
                                                    return;
                                                }
                                            }
                                        }));
    // The session's objects go with it: so do the rows.
    connections.append(QObject::connect(session, &QObject::destroyed, q, [this] {
        detach();
        reset();
        Q_EMIT q->sessionChanged();
    }));
}

void QueryModelPrivate::detach()
{
    cancelLoads();
    if (loader)
        loader->removeClient(client);
    loader = nullptr;
    client = 0;
    for (const QMetaObject::Connection &connection : std::as_const(connections))
        QObject::disconnect(connection);
    connections.clear();
    session = nullptr;
}

// SELECT count(*) over the query without its order and limit (the limit caps the answer).
Select QueryModelPrivate::countStatement() const
{
    const SelectNode *node = asSelectNode(pager.select().statement().node());
    if (!node)
        return Select();
    auto *copy = new SelectNode(*node);
    copy->orderBy.clear();
    copy->limit.reset();
    return Qorm::select({ Function::count() }).from(Select(copy).subquery(u"qorm_count"_s));
}

void QueryModelPrivate::setTotal(qint64 count)
{
    if (limit)
        count = std::min(count, *limit);
    total = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
    counted = true;
}

// ------------------------------------------------------------------- asynchronous loading

QueryLoader *QueryModelPrivate::worker()
{
    if (!asynchronous || !session)
        return nullptr;
    if (!loader) {
        loader = QueryLoader::of(session);
        if (loader->isAvailable())
            client = loader->addClient([this](LoadReply &&reply) { received(std::move(reply)); });
    }
    return loader->isAvailable() ? loader.data() : nullptr;
}

void QueryModelPrivate::updateLoading()
{
    const bool now = outstanding > 0;
    if (now == loading)
        return;
    loading = now;
    Q_EMIT q->loadingChanged();
}

// Everything asked of the worker is dropped; the rows held stay.
void QueryModelPrivate::cancelLoads()
{
    ++*generation;
    outstanding = 0;
    chain = Chain::Idle;
    fetchingAll = false;
    fetchQueued = false;
    refreshQueued = false;
    if (countPending) {
        countPending = false;
        counted = false;
    }
    windowKey.clear();
    refreshed.clear();
    refreshedSet.clear();
    updateLoading();
}

// Compiles `statement` here and queues it for the worker; false (the model failed) when it
// does not compile.
bool QueryModelPrivate::post(LoadRequest::Kind kind, const Statement &statement, qint64 pageSize)
{
    LoadRequest request;
    if (!this->request(kind, statement, pageSize, &request))
        return false;
    loader->post(std::move(request));
    ++outstanding;
    updateLoading();
    return true;
}

// The request for `statement`: compiled, with the result columns' types.
bool QueryModelPrivate::request(LoadRequest::Kind kind, const Statement &statement, qint64 pageSize,
                                LoadRequest *out)
{
    LoadRequest &request = *out;
    request.kind = kind;
    request.client = client;
    request.generation = generation->load();
    request.current = generation;
    request.pageSize = pageSize;
    request.statement = session->connection().dialect().compile(statement);
    if (kind != LoadRequest::Count) {
        // The class's columns; the keyset columns after them are typed by the statement.
        Error error;
        if (const ClassState *state = SessionPrivate::get(session)->classFor(cls, &error)) {
            for (const ColumnSlot &column : state->columns)
                request.types.append(column.type);
        }
    }
    if (!request.statement.isValid()) {
        const Error error = request.statement.error();
        cancelLoads();
        fail(error);
        return false;
    }
    return true;
}

bool QueryModelPrivate::append(const QList<QObject *> &objects)
{
    QList<QObject *> fresh;
    fresh.reserve(objects.size());
    for (QObject *object : objects) {
        if (!repeats)
            fresh.append(object);
        else if (!held.contains(object)) {
            held.insert(object);
            fresh.append(object);
        }
    }
    if (fresh.isEmpty())
        return true;
    const quint64 asked = generation->load();
    {
        const qsizetype first = rows.size();
        const Announcing announcing(this);
        q->beginInsertRows(QModelIndex(), int(first), int(first + fresh.size() - 1));
        rows += fresh;
        q->endInsertRows();
    }
    if (generation->load() != asked)
        return false; // a receiver of rowsInserted() reset the model
    Q_EMIT q->countChanged();
    return generation->load() == asked; // or of countChanged()
}

// The page after lastKey; `arriving`: rows of the page before, not yet in `rows`.
void QueryModelPrivate::postPage(qsizetype arriving)
{
    qint64 size = pageSize;
    if (limit)
        size = std::min<qint64>(size, *limit - rows.size() - arriving);
    if (size <= 0)
        return;
    if (post(LoadRequest::Page, nextPage(size).statement(), size))
        chain = Chain::Fetching;
}

// A page of the rows up to windowKey, after `after` (from the first when empty).
void QueryModelPrivate::postWindow(const QVariantList &after)
{
    EntitySelectEditor page(pager.window(windowKey, KeysetPager::WithKeyColumns));
    if (!after.isEmpty())
        page.addWhere(pager.condition(after, KeysetPager::After));
    qint64 size = pageSize;
    if (limit)
        size = std::clamp<qint64>(*limit - refreshed.size(), 1, size);
    page.setLimit(size);
    if (post(LoadRequest::Window, page.statement(), size))
        chain = Chain::Refreshing;
}

void QueryModelPrivate::startRefresh()
{
    refreshQueued = false;
    windowKey = lastKey;
    refreshed.clear();
    refreshedSet.clear();
    postWindow({});
}

void QueryModelPrivate::received(LoadReply &&reply)
{
    if (reply.generation != generation->load())
        return; // cancelled or reset since it was asked
    outstanding = std::max(outstanding - 1, 0);
    if (reply.error.isValid()) {
        cancelLoads();
        fail(reply.error);
        return;
    }
    switch (reply.kind) {
    case LoadRequest::Count: {
        countPending = false;
        setTotal(reply.rows.isEmpty() ? 0 : reply.rows.first().value(0).toLongLong());
        updateLoading();
        Q_EMIT q->totalCountChanged();
        return;
    }
    case LoadRequest::Page:
        pageReceived(reply);
        break;
    case LoadRequest::Window:
        windowReceived(reply);
        break;
    }
    updateLoading();
}

// The objects of a page's rows, each once; false (the model failed) on an error.
bool QueryModelPrivate::materialize(QList<QVariantList> &values, QList<QObject *> *objects)
{
    QList<QObject *> loaded;
    if (!SessionPrivate::get(session)->materializeRows(cls, values, &loaded, loadPaths)) {
        cancelLoads();
        failed = true; // the session has the error
        return false;
    }
    *objects = uniqueInOrder(loaded);
    return true;
}

void QueryModelPrivate::pageReceived(LoadReply &reply)
{
    chain = Chain::Idle;
    const qsizetype read = reply.rows.size();
    const bool fetchedAll = read < reply.pageSize || (limit && rows.size() + read >= *limit);
    if (read > 0)
        lastKey = pager.sortKey(reply.rows.last());
    // The worker reads the next page while this one becomes objects.
    if (fetchingAll && !fetchedAll)
        postPage(read);
    QList<QObject *> objects;
    if (!materialize(reply.rows, &objects))
        return;
    if (!append(objects))
        return;
    if (fetchedAll)
        fetchingAll = false;
    setComplete(fetchedAll);
    Q_EMIT q->progress(int(rows.size()), counted ? total : -1);
    continueChain();
}

void QueryModelPrivate::windowReceived(LoadReply &reply)
{
    chain = Chain::Idle;
    // The select's limit caps a refresh as it caps the fetching.
    const bool last = reply.rows.size() < reply.pageSize
            || (limit && refreshed.size() + reply.rows.size() >= *limit);
    if (!last)
        postWindow(pager.sortKey(reply.rows.last()));
    QList<QObject *> objects;
    if (!materialize(reply.rows, &objects))
        return;
    for (QObject *object : std::as_const(objects)) {
        if (!refreshedSet.contains(object)) {
            refreshedSet.insert(object);
            refreshed.append(object);
        }
    }
    if (!last)
        return;
    QList<QObject *> fresh = std::exchange(refreshed, {});
    if (limit && fresh.size() > *limit)
        fresh.resize(*limit);
    refreshedSet.clear();
    windowKey.clear();
    const qsizetype before = rows.size();
    apply(fresh);
    if (rows.size() != before)
        Q_EMIT q->countChanged();
    // Rows may have come after the last one fetched.
    setComplete(limit && rows.size() >= *limit);
    continueChain();
}

// After a chain ended: what was asked meanwhile.
void QueryModelPrivate::continueChain()
{
    if (chain != Chain::Idle || failed || !session)
        return;
    if (refreshQueued) {
        startRefresh();
    } else if ((fetchQueued || fetchingAll) && !complete) {
        fetchQueued = false;
        postPage();
    } else {
        fetchQueued = false;
        fetchingAll = false;
    }
}

//! \endcond

// ------------------------------------------------------------------------------ QueryModel

/*!
    \class Qorm::QueryModel
    \brief The objects of a query as a list model, read page by page as a view scrolls.

    QListView, QTableView (through a TableAdapter) and QML views call fetchMore() when they
    reach the end, so a query over a million rows shows its first page at once:

    \code
    auto *tracks = new Qorm::QueryModel(&session,
            Qorm::select<Track>().where(attribute<Track>(u"albumId"_s) == album->m_id));
    listView->setModel(tracks);
    \endcode

    In QML (module \c Qorm, creatable as \c QueryModel):
    \code
    QueryModel { session: db.session; entity: "Track"; filter: ({ albumId: 3 }); orderBy: ["name"] }
    \endcode
    Its properties there are \c session, \c entity, \c filter, \c orderBy, \c pageSize,
    \c asynchronous, \c loading, \c complete, \c totalCount and \c count (the rows fetched so
    far); the roles are ObjectListModel's (\c display, \c object, one per property); refresh(),
    fetchAll(), fetchMore(), cancel(), sortBy(), get() and roleForProperty() are invokable.

    Paging: each page is one keyset statement
    (`WHERE <the query's> AND <after the last row's sort key> ORDER BY <orderBy>, <the select's
    order>, <primary key> LIMIT pageSize`): no OFFSET, no cursor left open, so deep pages cost
    what the first one does. The rows are the session's identity-mapped objects, each shown once
    even when a join repeats it; the model never owns them.

    The fetchMore()/canFetchMore() contract: canFetchMore() is true while the model has a
    session and a query, has not read the last page (isComplete() false) and has not failed.
    fetchMore() reads the next page (rowsInserted(), countChanged(), progress()); the page that
    comes back short, or reaches the select's limit(), makes the model complete
    (completeChanged()). A fetchMore() from a slot connected to one of this model's own change
    signals does nothing: call it again later.

    Resets: a change of session, select, entity, filter or orderBy resets the model
    (modelReset(), then countChanged() and totalCountChanged() if they change) without running
    a query; the view's next fetchMore() reads the first page. So a QML search field can bind
    to \c filter.

    Following the session: after a commit or rollback that wrote one of the tables the query
    reads, the model reads the rows it holds again and applies the difference (rowsRemoved(),
    a layoutChanged() for moves, rowsInserted()), so views keep their scroll position and
    selection; an object that leaves the session leaves the model at once (rowsRemoved()). A
    session that closes or is destroyed resets the model. Writes by other connections are seen
    on refresh().

    Errors (an unknown entity, filter key or orderBy property, a failed page) go to the
    session's lastError() and errorOccurred(); no SQL is sent for a query that does not
    compile, and no more rows are fetched until the next reset.

    \sa isAsynchronous(), TableAdapter, Session
*/

/*!
    A model without a session or query, as QML creates it: set them with setSession() and
    setEntity() or setSelect(). \a parent owns the model.
*/
QueryModel::QueryModel(QObject *parent)
    : ObjectListModel(parent),
      q_d(std::make_unique<QueryModelPrivate>(this))
{
}

/*!
    A model over \a select in \a session; nothing is read until the first fetchMore() (which
    a view calls). \a parent owns the model.
*/
QueryModel::QueryModel(Session *session, const EntitySelectBase &select, QObject *parent)
    : QueryModel(parent)
{
    q_d->select = select;
    q_d->attach(session);
}

/*! Cancels the loads in flight; the objects stay with their session. */
QueryModel::~QueryModel()
{
    q_d->loading = false; // no loadingChanged() from a model being destroyed
    q_d->detach();        // loads in flight cancelled
}

/*!
    The session whose objects the model shows (the \c session property); null when none is
    set or it was destroyed.
*/
Session *QueryModel::session() const
{
    return q_d->session;
}

/*!
    Shows the query's objects in \a session instead: the model resets (loads in flight are
    cancelled) and follows the new session's commits, rollbacks and detached objects. Emits
    sessionChanged().
*/
void QueryModel::setSession(Session *session)
{
    if (q_d->session == session)
        return;
    q_d->detach();
    q_d->reset();
    q_d->attach(session);
    Q_EMIT sessionChanged();
}

/*!
    Sets the query; \c select<T>()... converts. It takes precedence over entity(). Its limit()
    caps the rows; an offset() is refused (an error on the first fetch): the model pages with
    keys. Always resets the model; there is no change signal (QML uses \c entity).
*/
void QueryModel::setSelect(const EntitySelectBase &select)
{
    q_d->select = select;
    q_d->reset();
}

/*!
    The query: once a page was read, the one the model runs (filter and orderBy applied);
    before, the select set with setSelect(), or one whose error() says QObject is not mapped
    when only entity() is set.
*/
EntitySelectBase QueryModel::select() const
{
    if (q_d->prepared)
        return q_d->pager.select();
    return q_d->select.value_or(EntitySelectBase(QObject::staticMetaObject));
}

/*!
    The mapped class whose objects the model shows when no select was set (the \c entity
    property): its class name as registered, namespace included.
*/
QString QueryModel::entity() const
{
    return q_d->entity;
}

/*!
    Sets the mapped class by \a className; resets the model and emits entityChanged(). An
    unknown name fails on the first fetch (the session's lastError()).
*/
void QueryModel::setEntity(const QString &className)
{
    if (q_d->entity == className)
        return;
    q_d->entity = className;
    q_d->reset();
    Q_EMIT entityChanged();
}

/*!
    The JS-object filter ANDed to the query (the \c filter property), e.g.
    `{ albumId: 3, name: { like: "A%" } }`. Keys are properties or reference paths; a value
    means equality, null IS NULL, an array IN; an object holds operators (eq, ne, lt, le, gt,
    ge, like, ilike, in, notIn, between, or). docs/qml.md lists them. Every value is bound.
*/
QVariantMap QueryModel::filter() const
{
    return q_d->filter;
}

/*!
    Sets the \a filter; resets the model and emits filterChanged() when it differs. An unknown
    key or operator fails on the first fetch, without sending SQL.
*/
void QueryModel::setFilter(const QVariantMap &filter)
{
    if (q_d->filter == filter)
        return;
    q_d->filter = filter;
    q_d->reset();
    Q_EMIT filterChanged();
}

/*!
    The sort order (the \c orderBy property): property names or reference paths
    ("album.title"), '-' first for descending. They come before the select's own order; the
    primary key comes last, so the order is total.
*/
QStringList QueryModel::orderBy() const
{
    return q_d->orderBy;
}

/*!
    Sets the sort order; resets the model and emits orderByChanged() when it differs. A property
    the database cannot order by fails on the first fetch; sortBy() checks first instead.
*/
void QueryModel::setOrderBy(const QStringList &orderBy)
{
    if (q_d->orderBy == orderBy)
        return;
    q_d->orderBy = orderBy;
    q_d->reset();
    Q_EMIT orderByChanged();
}

/*! Rows per page, 100 by default (the \c pageSize property). */
int QueryModel::pageSize() const
{
    return q_d->pageSize;
}

/*!
    Sets the rows per page (at least 1) for the pages still to come; the rows held stay.
    Emits pageSizeChanged().
*/
void QueryModel::setPageSize(int rows)
{
    rows = std::max(rows, 1);
    if (q_d->pageSize == rows)
        return;
    q_d->pageSize = rows;
    Q_EMIT pageSizeChanged();
}

/*!
    Whether pages, the count and a refresh's rows are read in a worker thread (the
    \c asynchronous property).

    Off by default: fetchMore() then reads a page before it returns. On, fetchMore(),
    fetchAll(), refresh() and totalCount ask the session's worker thread, which reads with a
    connection of its own (opened with Connection::settings()) and sends the rows back as
    values; each page becomes objects here, in its own event, so a view stays responsive.
    The worker sees committed rows only and does not autoflush. On an SQLite database in
    memory (or unnamed), which a second connection cannot open, the model reads synchronously
    and says so once on the qorm.session logging category. Changing it cancels the loads in
    flight.
*/
bool QueryModel::isAsynchronous() const
{
    return q_d->asynchronous;
}

/*!
    Turns worker-thread reading on or off (\a asynchronous); cancels the loads in flight and
    emits asynchronousChanged().
*/
void QueryModel::setAsynchronous(bool asynchronous)
{
    if (q_d->asynchronous == asynchronous)
        return;
    q_d->cancelLoads();
    q_d->asynchronous = asynchronous;
    Q_EMIT asynchronousChanged();
}

/*!
    Whether a page, a refresh or the count is being read in the worker thread (the \c loading
    property; asynchronous models only, always false otherwise).
*/
bool QueryModel::isLoading() const
{
    return q_d->loading;
}

/*!
    True once every row has been fetched (the \c complete property): the last page came back
    short or the select's limit was reached. canFetchMore() is false then. A refresh or a reset
    makes it false again.
*/
bool QueryModel::isComplete() const
{
    return q_d->complete;
}

/*!
    The rows the query has in the database (the \c totalCount property), capped by the select's
    limit; count() is only the rows fetched so far. The first read runs one
    `SELECT count(*)` (this getter executes SQL) and keeps the answer until refresh() or a
    reset. -1 without a session or query, on an error, and on an asynchronous model until the
    worker's answer arrives with totalCountChanged().
*/
int QueryModel::totalCount() const
{
    QueryModelPrivate *d = q_d.get();
    if (d->counted)
        return d->total;
    if (!d->prepare())
        return -1;
    if (d->worker()) {
        // Asked of the worker: -1 until totalCountChanged().
        if (!d->countPending && !d->failed) {
            d->countPending = true;
            (void)d->post(LoadRequest::Count, d->countStatement(), -1);
        }
        return -1;
    }
    d->counted = true;
    const Select counting = d->countStatement();
    if (!counting.isValid())
        return -1;
    Result result = d->session->execute(counting);
    if (!result.isValid()) {
        d->fail(result.error());
        return -1;
    }
    d->setTotal(result.scalar().toLongLong());
    return d->total;
}

/*!
    Reads the rows held again and applies the difference: rowsRemoved() for rows gone,
    layoutChanged() when survivors moved (persistent indexes follow their objects),
    rowsInserted() for new ones within the rows read so far, then countChanged(). The model is
    no longer complete afterwards (rows may have come after the last one), and the total is
    counted again. Does nothing before the first page or after an error. Asynchronous: read in
    pages and applied when the last arrives; a refresh during a fetch waits for it.
*/
void QueryModel::refresh()
{
    QueryModelPrivate *d = q_d.get();
    if (!d->prepared || !d->session || d->failed)
        return;
    if (d->counted && d->total != -1) {
        d->counted = false;
        d->total = -1;
        Q_EMIT totalCountChanged();
    }
    if (d->lastKey.isEmpty()) {
        d->setComplete(false); // nothing fetched yet, or nothing there: fetch again
        return;
    }
    if (d->worker()) {
        // In pages; the difference is applied when the last one arrives.
        if (d->chain == QueryModelPrivate::Chain::Idle)
            d->startRefresh();
        else
            d->refreshQueued = true;
        return;
    }
    const std::optional<QList<QObject *>> fresh =
            d->load(d->pager.window(d->lastKey, KeysetPager::WithoutKeyColumns));
    if (!fresh)
        return;
    const qsizetype before = d->rows.size();
    d->apply(*fresh);
    if (d->rows.size() != before)
        Q_EMIT countChanged();
    // Rows may have come after the last one fetched.
    d->setComplete(d->limit && d->rows.size() >= *d->limit);
}

/*!
    Fetches page after page until complete, with progress() after each. Synchronous: returns
    when done. Asynchronous: counts first (so progress() has a total), then chains the pages and
    returns at once; cancel() stops it.
*/
void QueryModel::fetchAll()
{
    QueryModelPrivate *d = q_d.get();
    if (d->announcing > 0 || !canFetchMore() || !d->prepare())
        return;
    if (d->worker()) {
        // The count first (the worker runs requests in order), so that progress() has it.
        d->fetchingAll = true;
        if (!d->counted && !d->countPending)
            (void)totalCount();
        if (d->chain == QueryModelPrivate::Chain::Idle && !d->failed)
            d->postPage();
        return;
    }
    while (canFetchMore())
        fetchMore();
}

/*!
    Stops what an asynchronous model has asked of the worker thread: fetchAll()'s pages, a
    refresh(), the count. Pages already read are dropped when they arrive; the rows held stay,
    and fetchMore() reads on from the last of them. Does nothing for a synchronous model.
*/
void QueryModel::cancel()
{
    q_d->cancelLoads();
}

/*!
    Makes \a property (descending for Qt::DescendingOrder) the whole sort order, so that the
    database sorts all rows: what TableAdapter::sort() and a clicked header do. False, with a
    warning and the model unchanged, for a property the database cannot order by (a
    relationship, a property that is not a column).
*/
bool QueryModel::sortBy(const QString &property, Qt::SortOrder order)
{
    const QString term = order == Qt::DescendingOrder ? u'-' + property : property;
    // A property the database cannot order by (a relationship, a property that is not a
    // column) leaves the model as it is, rather than an empty model with an error.
    const Mapper mapper = q_d->mapper();
    if (mapper.isValid()) {
        const QueryOrder compiled = compileOrderBy(mapper, { term });
        if (compiled.hasError()) {
            qCWarning(lcSession).noquote()
                    << "QueryModel::sortBy():" << compiled.error.text() << "(not sorted)";
            return false;
        }
    }
    setOrderBy({ term });
    return true;
}

/*! \reimp The rows fetched so far; 0 for a valid \a parent. See totalCount(). */
int QueryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(q_d->rows.size());
}

/*!
    \reimp
    True while the model has a session and a query, is not complete and has not failed (and
    \a parent is the root). Sends no SQL.
*/
bool QueryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && q_d->session && q_d->hasQuery() && !q_d->complete && !q_d->failed;
}

/*!
    \reimp
    Reads the next page. Synchronous: after an autoflush of the session, one keyset statement
    of up to pageSize() rows on the session's connection; the new objects are appended
    (rowsInserted(), countChanged()), completeChanged() follows when the page was the last, then
    progress(). Asynchronous: the page is asked of the worker thread and the call returns at
    once; it arrives as its own event with the same signals. A page already on its way counts
    as the one asked; during a refresh the fetch waits for it. Does nothing when
    canFetchMore() is false, and when called from a slot connected to one of this model's
    change signals. A failure goes to the session's lastError() and ends the fetching until
    the next reset.
*/
void QueryModel::fetchMore(const QModelIndex &parent)
{
    QueryModelPrivate *d = q_d.get();
    if (d->announcing > 0 || !canFetchMore(parent) || !d->prepare())
        return;
    if (d->worker()) {
        if (d->chain == QueryModelPrivate::Chain::Refreshing)
            d->fetchQueued = true; // after the refresh
        else if (d->chain == QueryModelPrivate::Chain::Idle)
            d->postPage();
        return; // a page on its way is the one asked for
    }
    // One page on this thread's connection, read as values with the sort-key columns, as the
    // worker reads it: the next page starts after the last *row*, which a join that repeats
    // rows would not give back from the objects.
    qint64 size = d->pageSize;
    if (d->limit)
        size = std::min<qint64>(size, *d->limit - d->rows.size());
    if (size <= 0) {
        d->setComplete(true);
        return;
    }
    if (!SessionPrivate::get(d->session)->doAutoflush()) {
        d->failed = true; // the session has the error
        return;
    }
    const EntitySelectBase page = d->nextPage(size);
    LoadRequest request;
    if (!d->request(LoadRequest::Page, page.statement(), size, &request))
        return;
    LoadReply reply;
    readLoadRequest(d->session->connection(), request, &reply);
    if (reply.error.isValid()) {
        d->fail(reply.error);
        return;
    }
    const qsizetype read = reply.rows.size();
    if (read > 0)
        d->lastKey = d->pager.sortKey(reply.rows.last());
    QList<QObject *> objects;
    if (!d->materialize(reply.rows, &objects) || !d->append(objects))
        return;
    d->setComplete(read < size || (d->limit && d->rows.size() >= *d->limit));
    Q_EMIT progress(int(d->rows.size()), d->counted ? d->total : -1);
}

/*! \reimp */
QObject *QueryModel::objectAt(int row) const
{
    if (row < 0 || row >= q_d->rows.size())
        return nullptr;
    q_d->lastRow = row;
    return q_d->rows.at(row);
}

/*! \reimp */
int QueryModel::rowOfObject(const QObject *object) const
{
    // Outward from the row read last: views read the visible rows, whose objects notify.
    const QList<QObject *> &rows = q_d->rows;
    const qsizetype size = rows.size();
    const qsizetype start =
            std::clamp<qsizetype>(q_d->lastRow, 0, std::max<qsizetype>(size - 1, 0));
    for (qsizetype distance = 0; distance < size; ++distance) {
        const qsizetype below = start + distance;
        const qsizetype above = start - distance;
        if (below < size && rows.at(below) == object)
            return int(below);
        if (above >= 0 && rows.at(above) == object)
            return int(above);
        if (below >= size && above < 0)
            break;
    }
    return -1;
}

/*! \reimp The query's class, known before any row is read. */
const QMetaObject *QueryModel::itemClass() const
{
    if (q_d->cls)
        return q_d->cls;
    if (q_d->select)
        return q_d->select->entity();
    const Mapper mapper = q_d->mapper();
    return mapper.isValid() ? mapper.metaObject() : nullptr;
}

/*!
    \fn template<typename T> T *Qorm::QueryModel::at(int row) const
    The object of \a row as a T *; null out of range or when it is not a T.
*/

/*! \fn void Qorm::QueryModel::sessionChanged()
    Emitted when the session changes: setSession(), or the session was destroyed. */
/*! \fn void Qorm::QueryModel::entityChanged()
    Emitted by setEntity() after the model was reset. */
/*! \fn void Qorm::QueryModel::filterChanged()
    Emitted by setFilter() after the model was reset. */
/*! \fn void Qorm::QueryModel::orderByChanged()
    Emitted by setOrderBy() and sortBy() after the model was reset. */
/*! \fn void Qorm::QueryModel::pageSizeChanged()
    Emitted by setPageSize(). */
/*! \fn void Qorm::QueryModel::asynchronousChanged()
    Emitted by setAsynchronous(). */
/*! \fn void Qorm::QueryModel::loadingChanged()
    Emitted when isLoading() changes: the first request goes out to the worker, or the last
    answer came back (or was cancelled). */
/*! \fn void Qorm::QueryModel::completeChanged()
    Emitted when isComplete() changes: the last page was read, or a refresh or a reset made
    more rows possible again. */
/*! \fn void Qorm::QueryModel::totalCountChanged()
    Emitted when totalCount() changes: an asynchronous count arrived, or refresh() or a reset
    dropped the count (read totalCount() again to count anew). */
/*!
    \fn void Qorm::QueryModel::progress(int fetched, int total)
    Emitted after each page: \a fetched rows are held now, of \a total (-1 while not counted).
    For a progress bar during fetchAll().
*/

} // namespace Qorm
