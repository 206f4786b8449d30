// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../orm/session_p.h"
#include "../sql/nodes_p.h"
#include "keysetpager_p.h"
#include "queryfilter_p.h"

#include <Qorm/models/querymodel.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QPointer>
#include <QtCore/QSet>

#include <optional>

using namespace Qt::StringLiterals;

namespace Qorm {

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
    QVariantList lastKey; // the sort key of the last row fetched
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
    // The objects of a page, each once; `rows` receives the number of rows it had.
    std::optional<QList<QObject *>> load(const EntitySelectBase &page, qsizetype *rowsRead);
    std::optional<QVariantList> sortKeyOf(QObject *object);
    void apply(const QList<QObject *> &fresh);
    void attach(Session *newSession);
    void detach();
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
        const Mapper mapper = session->registry().mapper(entity);
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
    const StatementNode *node = statement.node();
    if (node && node->kind == Statement::SelectStatement)
        limit = static_cast<const SelectNode *>(node)->limit;
    pager = KeysetPager(base);
    if (!pager.isValid())
        return fail(Error(pager.error().type(), u"QueryModel: "_s + pager.error().text()));
    tables = base.tables();
    cls = base.entity();
    prepared = true;
    return true;
}

void QueryModelPrivate::reset()
{
    const qsizetype before = rows.size();
    const int totalBefore = counted ? total : -1;
    const Announcing announcing(this);
    q->beginResetModel();
    q->forgetAll();
    rows.clear();
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

std::optional<QList<QObject *>> QueryModelPrivate::load(const EntitySelectBase &page,
                                                        qsizetype *rowsRead)
{
    const ObjectResult result = session->execute(page);
    if (result.hasError()) {
        failed = true; // the session has the error
        return std::nullopt;
    }
    const QList<QObject *> objects = result.objects();
    *rowsRead = objects.size();
    // A join that repeats rows shows each object once (across pages, the keyset skips them).
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

std::optional<QVariantList> QueryModelPrivate::sortKeyOf(QObject *object)
{
    QVariantList keyValues;
    if (!pager.keyColumns().isEmpty()) {
        // Terms that are not columns of the class (a joined class's, a function): read for
        // this row.
        Result result = session->execute(pager.keyColumnsOf(session->inspect(object).identity()));
        if (!result.isValid() || !result.next()) {
            if (result.error().isValid())
                fail(result.error());
            else
                fail(Error(Error::InvalidRequestError,
                           u"QueryModel: the last row fetched is gone from the query"_s));
            return std::nullopt;
        }
        for (qsizetype i = 0; i < pager.keyColumns().size(); ++i)
            keyValues.append(result.value(int(i)));
    }
    return pager.sortKey(*session, object, keyValues);
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
}

void QueryModelPrivate::attach(Session *newSession)
{
    session = newSession;
    if (!session)
        return;
    connections.append(
            QObject::connect(session, &Session::objectDetached, q, [this](QObject *object) {
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
    for (const QMetaObject::Connection &connection : std::as_const(connections))
        QObject::disconnect(connection);
    connections.clear();
    session = nullptr;
}

// ------------------------------------------------------------------------------ QueryModel

QueryModel::QueryModel(QObject *parent)
    : ObjectListModel(parent),
      q_d(std::make_unique<QueryModelPrivate>(this))
{
}

QueryModel::QueryModel(Session *session, const EntitySelectBase &select, QObject *parent)
    : QueryModel(parent)
{
    q_d->select = select;
    q_d->attach(session);
}

QueryModel::~QueryModel()
{
    q_d->detach();
}

Session *QueryModel::session() const
{
    return q_d->session;
}

void QueryModel::setSession(Session *session)
{
    if (q_d->session == session)
        return;
    q_d->detach();
    q_d->reset();
    q_d->attach(session);
    Q_EMIT sessionChanged();
}

void QueryModel::setSelect(const EntitySelectBase &select)
{
    q_d->select = select;
    q_d->reset();
}

EntitySelectBase QueryModel::select() const
{
    if (q_d->prepared)
        return q_d->pager.select();
    return q_d->select.value_or(EntitySelectBase(QObject::staticMetaObject));
}

QString QueryModel::entity() const
{
    return q_d->entity;
}

void QueryModel::setEntity(const QString &className)
{
    if (q_d->entity == className)
        return;
    q_d->entity = className;
    q_d->reset();
    Q_EMIT entityChanged();
}

QVariantMap QueryModel::filter() const
{
    return q_d->filter;
}

void QueryModel::setFilter(const QVariantMap &filter)
{
    if (q_d->filter == filter)
        return;
    q_d->filter = filter;
    q_d->reset();
    Q_EMIT filterChanged();
}

QStringList QueryModel::orderBy() const
{
    return q_d->orderBy;
}

void QueryModel::setOrderBy(const QStringList &orderBy)
{
    if (q_d->orderBy == orderBy)
        return;
    q_d->orderBy = orderBy;
    q_d->reset();
    Q_EMIT orderByChanged();
}

int QueryModel::pageSize() const
{
    return q_d->pageSize;
}

void QueryModel::setPageSize(int rows)
{
    rows = std::max(rows, 1);
    if (q_d->pageSize == rows)
        return;
    q_d->pageSize = rows;
    Q_EMIT pageSizeChanged();
}

bool QueryModel::isComplete() const
{
    return q_d->complete;
}

int QueryModel::totalCount() const
{
    QueryModelPrivate *d = q_d.get();
    if (d->counted)
        return d->total;
    if (!d->prepare())
        return -1;
    d->counted = true;
    // count(*) over the query without its order and limit; the limit caps the answer.
    const StatementNode *node = d->pager.select().statement().node();
    if (!node || node->kind != Statement::SelectStatement)
        return -1;
    auto *copy = new SelectNode(*static_cast<const SelectNode *>(node));
    copy->orderBy.clear();
    copy->limit.reset();
    const Select counting =
            Qorm::select({ Function::count() }).from(Select(copy).subquery(u"qorm_count"_s));
    Result result = d->session->execute(counting);
    if (!result.isValid()) {
        d->fail(result.error());
        return -1;
    }
    qint64 total = result.scalar().toLongLong();
    if (d->limit)
        total = std::min(total, *d->limit);
    d->total = int(std::min<qint64>(total, std::numeric_limits<int>::max()));
    return d->total;
}

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
    qsizetype read = 0;
    const std::optional<QList<QObject *>> fresh =
            d->load(d->pager.window(d->lastKey, KeysetPager::WithoutKeyColumns), &read);
    if (!fresh)
        return;
    const qsizetype before = d->rows.size();
    d->apply(*fresh);
    if (d->rows.size() != before)
        Q_EMIT countChanged();
    // Rows may have come after the last one fetched.
    d->setComplete(d->limit && d->rows.size() >= *d->limit);
}

void QueryModel::fetchAll()
{
    if (q_d->announcing > 0)
        return;
    while (canFetchMore())
        fetchMore();
}

void QueryModel::sortBy(const QString &property, Qt::SortOrder order)
{
    setOrderBy({ order == Qt::DescendingOrder ? u'-' + property : property });
}

int QueryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(q_d->rows.size());
}

bool QueryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && q_d->session && q_d->hasQuery() && !q_d->complete && !q_d->failed;
}

void QueryModel::fetchMore(const QModelIndex &parent)
{
    QueryModelPrivate *d = q_d.get();
    if (d->announcing > 0 || !canFetchMore(parent) || !d->prepare())
        return;
    qint64 size = d->pageSize;
    if (d->limit)
        size = std::min<qint64>(size, *d->limit - d->rows.size());
    const EntitySelectBase page = d->lastKey.isEmpty()
            ? d->pager.firstPage(size, KeysetPager::WithoutKeyColumns)
            : d->pager.nextPage(d->lastKey, size, KeysetPager::WithoutKeyColumns);
    qsizetype read = 0;
    const std::optional<QList<QObject *>> objects = d->load(page, &read);
    if (!objects)
        return;
    if (!objects->isEmpty()) {
        const std::optional<QVariantList> key = d->sortKeyOf(objects->last());
        if (!key)
            return;
        const qsizetype first = d->rows.size();
        const QueryModelPrivate::Announcing announcing(d);
        beginInsertRows(QModelIndex(), int(first), int(first + objects->size() - 1));
        d->rows += *objects;
        endInsertRows();
        d->lastKey = *key;
        Q_EMIT countChanged();
    }
    d->setComplete(read < size || (d->limit && d->rows.size() >= *d->limit));
    Q_EMIT progress(int(d->rows.size()), d->counted ? d->total : -1);
}

QObject *QueryModel::objectAt(int row) const
{
    if (row < 0 || row >= q_d->rows.size())
        return nullptr;
    q_d->lastRow = row;
    return q_d->rows.at(row);
}

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

const QMetaObject *QueryModel::itemClass() const
{
    if (q_d->cls)
        return q_d->cls;
    if (q_d->select)
        return q_d->select->entity();
    if (q_d->session && !q_d->entity.isEmpty()) {
        const Mapper mapper = q_d->session->registry().mapper(q_d->entity);
        if (mapper.isValid())
            return mapper.metaObject();
    }
    return nullptr;
}

} // namespace Qorm
