// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"
#include "engine/connection_p.h"
#include "engine/result_p.h"
#include "engine/sqlitestatement_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QThread>
#include <QtSql/QSqlError>
#include <QtSql/QSqlRecord>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Qorm {

/*!
    \class Qorm::Row
    \brief One row of a Result, with values already converted to the columns' C++ types.

    Rows are plain values: they outlive the Result and may be passed to other threads.
*/

Row::Row() noexcept = default;

Row::Row(const QStringList &names, const QVariantList &values) : d(new RowPrivate)
{
    d->names = names;
    d->values = values;
}

Row::Row(const Row &other) noexcept = default;
Row &Row::operator=(const Row &other) noexcept = default;
Row::~Row() = default;

bool Row::isValid() const noexcept
{
    return d != nullptr;
}

int Row::count() const noexcept
{
    return d ? int(d->values.size()) : 0;
}

QStringList Row::names() const
{
    return d ? d->names : QStringList();
}

QVariantList Row::values() const
{
    return d ? d->values : QVariantList();
}

QVariant Row::value(int index) const
{
    if (!d || index < 0 || index >= d->values.size())
        return {};
    return d->values.at(index);
}

/*! Exact names win; a case-insensitive match covers servers that fold unquoted labels. */
QVariant Row::value(const QString &name) const
{
    if (!d)
        return {};
    qsizetype index = d->names.indexOf(name);
    if (index < 0) {
        for (qsizetype i = 0; i < d->names.size(); ++i) {
            if (d->names.at(i).compare(name, Qt::CaseInsensitive) == 0) {
                index = i;
                break;
            }
        }
    }
    return index >= 0 && index < d->values.size() ? d->values.at(index) : QVariant();
}

/*! True for SQL NULL and for a column that does not exist. */
bool Row::isNull(int index) const
{
    const QVariant v = value(index);
    return !v.isValid() || v.isNull();
}

QVariantMap Row::toMap() const
{
    QVariantMap map;
    if (!d)
        return map;
    for (qsizetype i = 0; i < d->values.size() && i < d->names.size(); ++i)
        map.insert(d->names.at(i), d->values.at(i));
    return map;
}

// --- PreparedQuery -----------------------------------------------------------

PreparedQuery::PreparedQuery() = default;
PreparedQuery::~PreparedQuery() = default;

bool PreparedQuery::next()
{
    return native ? native->next() : query.next();
}

QVariant PreparedQuery::value(int column) const
{
    return native ? native->value(column) : query.value(column);
}

QSqlError PreparedQuery::lastError() const
{
    return native ? native->lastError() : query.lastError();
}

bool PreparedQuery::isSelect() const
{
    return native ? native->isSelect() : query.isSelect();
}

int PreparedQuery::columnCount() const
{
    return native ? native->columnCount() : query.record().count();
}

QStringList PreparedQuery::columnNames() const
{
    if (native)
        return native->columnNames();
    const QSqlRecord record = query.record();
    QStringList names;
    names.reserve(record.count());
    for (int i = 0; i < record.count(); ++i)
        names.append(record.fieldName(i));
    return names;
}

int PreparedQuery::numRowsAffected()
{
    return native ? native->rowsAffected() : query.numRowsAffected();
}

QVariant PreparedQuery::lastInsertId() const
{
    return native ? native->lastInsertId() : query.lastInsertId();
}

void PreparedQuery::finish()
{
    if (native)
        native->finish();
    else
        query.finish();
}

// --- ResultPrivate -----------------------------------------------------------

ResultPrivate::~ResultPrivate()
{
    release();
}

Result ResultPrivate::failed(const Error &error)
{
    auto d = std::make_shared<ResultPrivate>();
    d->valid = false;
    d->error = error;
    return Result(d);
}

void ResultPrivate::attach(ConnectionPrivate *owner, const PreparedQueryPointer &cursor)
{
    connection = owner;
    query = cursor;
    connection->openResults.append(this);
}

void ResultPrivate::convertCurrentRow(QVariantList *out) const
{
    const PreparedQuery &q = *query;
    const int columns = int(names.size());
    if (plan.size() != size_t(columns)) {
        // Resolved once per result: the per-row work is then a type compare per cell.
        plan.assign(size_t(columns), ColumnPlan());
        for (int i = 0; i < columns && i < types.size(); ++i) {
            ColumnPlan &column = plan[size_t(i)];
            if (!types.at(i).isValid())
                continue;
            column.type = types.at(i).resolved(dialect.type());
            column.target = column.type.valueType();
            column.converted = true;
            column.passThrough =
                    column.type.kind() != SqlType::DateTime && column.type.kind() != SqlType::Json;
            column.naiveTimestamp = naiveTimestamps.value(i);
        }
    }
    // Filled in place: a caller that reuses its list reuses its allocation too.
    QVariantList &values = *out;
    values.resize(columns);
    for (int i = 0; i < columns; ++i) {
        QVariant value = q.value(i);
        const ColumnPlan &column = plan[size_t(i)];
        if (column.naiveTimestamp && value.typeId() == QMetaType::QDateTime) {
            const QDateTime local = value.toDateTime();
            if (local.timeSpec() == Qt::LocalTime)
                value = QDateTime(local.date(), local.time(), Qt::UTC);
        }
        if (column.converted) {
            if (value.isNull()) { // drivers return NULL as a typed null QVariant
                // QSQLITE returns every NULL as a QString-typed null; give it the column's type.
                if (column.target.isValid())
                    value = QVariant(column.target);
            } else if (!column.passThrough || value.metaType() != column.target) {
                value = dialect.fromDatabaseValue(value, column.type);
            }
        }
        values[i] = std::move(value);
    }
}

QVariantList ResultPrivate::convertCurrentRow() const
{
    QVariantList values;
    convertCurrentRow(&values);
    return values;
}

bool ResultPrivate::checkThread(const char *function)
{
    if (!connection || connection->thread == QThread::currentThread())
        return true;
    error = connection->threadError(function);
    return false;
}

void ResultPrivate::endOfCursor()
{
    const QSqlError sqlError = query->lastError();
    if (sqlError.isValid()) {
        // A failure while reading (a lost connection, a driver fetch error) ends the result.
        error = Error::fromSqlError(sqlError, dialect.type(), query->sql);
        valid = false;
        qCWarning(lcSql).noquote() << "reading a result failed:" << error.text();
        if (connection)
            connection->setError(error);
    }
    release();
}

bool ResultPrivate::fetch(QVariantList *values)
{
    if (!buffered.empty()) {
        *values = std::move(buffered.front());
        buffered.pop_front();
        return true;
    }
    if (!query || !checkThread("Result::next"))
        return false;
    if (query->next()) {
        convertCurrentRow(values);
        ++rowsRead;
        return true;
    }
    endOfCursor();
    return false;
}

bool ResultPrivate::readAhead()
{
    if (!query)
        return true;
    if (query->next()) {
        buffered.push_back(convertCurrentRow());
        ++rowsRead;
        return true;
    }
    const bool failed = query->lastError().isValid();
    if (!failed)
        release(); // no rows: nothing to keep the cursor for
    return !failed;
}

void ResultPrivate::bufferRemaining()
{
    if (!query || !checkThread("Result"))
        return;
    while (query->next()) {
        buffered.push_back(convertCurrentRow());
        ++rowsRead;
    }
    endOfCursor();
}

void ResultPrivate::destroy(ResultPrivate *result)
{
    if (result->query && result->connection
        && result->connection->thread != QThread::currentThread()) {
        qCWarning(lcSql)
                << "Qorm::Result destroyed in a thread that does not own its connection: "
                   "its cursor is released when the connection is next used in its own thread";
        result->connection->deferDestruction(result);
        return;
    }
    delete result;
}

void ResultPrivate::release()
{
    if (!query)
        return;
    if (connection) {
        if (connection->thread != QThread::currentThread()) {
            // The cursor and the connection's bookkeeping belong to the owner thread.
            qCWarning(lcSql) << "Qorm::Result released from a thread that does not own its "
                                "connection: ignored";
            return;
        }
        connection->forgetResult(this);
        connection->releaseQuery(query);
    }
    query.reset();
    connection = nullptr;
}

// --- Result ------------------------------------------------------------------

/*!
    \class Qorm::Result
    \brief The rows and counts of one executed statement, read forward only.

    Reading forward only keeps memory flat (QSQLITE caches every cell of a scrollable query) and
    lets the cursor go as soon as the last row is read, which releases SQLite's read lock.
*/

Result::Result() noexcept = default;
Result::Result(const Result &other) noexcept = default;
Result::Result(Result &&other) noexcept = default;
Result &Result::operator=(const Result &other) noexcept = default;
Result &Result::operator=(Result &&other) noexcept = default;
Result::~Result() = default;

Result::Result(std::shared_ptr<ResultPrivate> d) noexcept : d(std::move(d)) { }

bool Result::isValid() const noexcept
{
    return d && d->valid;
}

Error Result::error() const
{
    return d ? d->error : Error();
}

bool Result::returnsRows() const
{
    return d && d->returnsRows;
}

QStringList Result::columnNames() const
{
    return d ? d->names : QStringList();
}

bool Result::next()
{
    if (!d)
        return false;
    QVariantList values;
    if (!d->fetch(&values)) {
        d->current = Row();
        return false;
    }
    d->current = Row(d->names, values);
    return true;
}

Row Result::row() const
{
    return d ? d->current : Row();
}

QVariant Result::value(int index) const
{
    return row().value(index);
}

QVariant Result::value(const QString &name) const
{
    return row().value(name);
}

QList<Row> Result::all()
{
    QList<Row> rows;
    if (!d)
        return rows;
    rows.reserve(qsizetype(d->buffered.size()));
    QVariantList values;
    while (d->fetch(&values))
        rows.append(Row(d->names, values));
    d->current = Row();
    return rows;
}

bool Result::checkWidth(int width)
{
    if (!d || !d->valid)
        return false;
    if (d->names.size() == width)
        return true;
    d->error = Error(Error::InvalidRequestError,
                     u"tuples(): the statement returns %1 columns (%2), not %3"_s.arg(
                             QString::number(d->names.size()), d->names.join(u", "_s),
                             QString::number(width)));
    close();
    return false;
}

QVariant Result::scalar()
{
    const std::optional<Row> row = first();
    return row ? row->value(0) : QVariant();
}

std::optional<Row> Result::first()
{
    if (!d)
        return std::nullopt;
    QVariantList values;
    std::optional<Row> row;
    if (d->fetch(&values))
        row = Row(d->names, values);
    close();
    return row;
}

/*! Reads up to two rows so that "several rows" is detected without reading the whole result. */
Row Result::one()
{
    if (!d)
        return Row();
    if (!d->valid)
        return Row();
    QVariantList values;
    if (!d->fetch(&values)) {
        if (d->valid)
            d->error =
                    Error(Error::InvalidRequestError, u"one(): the statement returned no rows"_s);
        return Row();
    }
    Row row(d->names, values);
    QVariantList extra;
    const bool several = d->fetch(&extra);
    close();
    if (several) {
        d->error =
                Error(Error::InvalidRequestError, u"one(): the statement returned several rows"_s);
        return Row();
    }
    return row;
}

/*! For RETURNING statements this is the number of rows returned, which needs all of them read. */
int Result::numRowsAffected() const
{
    if (!d)
        return -1;
    if (d->countReturnedRows) {
        d->bufferRemaining();
        return int(d->rowsRead);
    }
    return d->rowsAffected;
}

/*! Invalid on PostgreSQL, where Qt would run SELECT lastval(): use RETURNING there. */
QVariant Result::lastInsertId() const
{
    if (!d)
        return {};
    if (d->lastInsertIdUnsupported) {
        Q_CONSTINIT static std::atomic_flag warned = ATOMIC_FLAG_INIT;
        if (!warned.test_and_set()) {
            qCWarning(lcSql)
                    << "Result::lastInsertId() is not available on PostgreSQL; use RETURNING";
        }
    }
    return d->lastInsertId;
}

void Result::close()
{
    if (!d)
        return;
    d->release();
    d->buffered.clear();
    d->current = Row();
}

Row::Row(Row &&other) noexcept = default;

} // namespace Qorm
