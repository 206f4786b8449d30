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
    Copies share their data (copying is cheap). Values are converted to the C++ types of the
    columns when the statement knew them (a DateTime column gives a UTC QDateTime); SQL NULL is
    a null QVariant of the column's type.

    \code
    const auto [name, age] = row.tuple<QString, int>();
    \endcode
*/

/*! An invalid row: no columns, isValid() false. */
Row::Row() noexcept = default;

/*!
    A row of \a values named by \a names, position by position: for tests and code that builds
    rows itself.
*/
Row::Row(const QStringList &names, const QVariantList &values) : d(new RowPrivate)
{
    d->names = names;
    d->values = values;
}

/*! Shares \a other's data. */
Row::Row(const Row &other) noexcept = default;
/*! Shares \a other's data. */
Row &Row::operator=(const Row &other) noexcept = default;
Row::~Row() = default;

/*! False for a default-constructed row and for what Result::row() gives when no row is current. */
bool Row::isValid() const noexcept
{
    return d != nullptr;
}

/*! The number of columns; 0 for an invalid row. */
int Row::count() const noexcept
{
    return d ? int(d->values.size()) : 0;
}

/*! The column names (labels) in select-list order. */
QStringList Row::names() const
{
    return d ? d->names : QStringList();
}

/*! The values in select-list order. */
QVariantList Row::values() const
{
    return d ? d->values : QVariantList();
}

/*! The value of column \a index; an invalid QVariant when \a index is out of range. */
QVariant Row::value(int index) const
{
    if (!d || index < 0 || index >= d->values.size())
        return {};
    return d->values.at(index);
}

/*!
    The value of the column named \a name, or an invalid QVariant for an unknown name. Exact
    names win; a case-insensitive match covers servers that fold unquoted labels.
*/
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

/*! The values keyed by column name; of duplicate names the last column wins. */
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

// PreparedQuery and ResultPrivate are private (result_p.h): keep Doxygen out.
//! \cond internal

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
    thread = owner->thread;
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
        if (column.passThrough && value.metaType() == column.target) {
            values[i] = std::move(value); // the usual case: as read (a NULL of it stays NULL)
            continue;
        }
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

bool ResultPrivate::isForeignThread() const
{
    return thread && thread != QThread::currentThread();
}

Error ResultPrivate::threadError(const char *function)
{
    return Error(Error::ThreadAffinityError,
                 u"Qorm::%1 called from another thread than its connection's; a result belongs "
                 u"to the thread of its connection"_s.arg(QLatin1StringView(function)));
}

// Nothing is written from another thread (the owner may be reading the result): the caller
// there learns why from error(), which answers other threads with a ThreadAffinityError.
bool ResultPrivate::checkThread(const char *function)
{
    if (!isForeignThread())
        return true;
    qCWarning(lcSql).noquote() << threadError(function).text();
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
    if (!checkThread("Result::next"))
        return false;
    if (!buffered.empty()) {
        *values = std::move(buffered.front());
        buffered.pop_front();
        return true;
    }
    if (!query)
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

//! \endcond

// --- Result ------------------------------------------------------------------

/*!
    \class Qorm::Result
    \brief The rows and counts of one executed statement, read forward only.

    Reading forward only keeps memory flat (QSQLITE caches every cell of a scrollable query) and
    lets the cursor go as soon as the last row is read, which releases SQLite's read lock.

    The cursor is released when the last row has been read, on close(), or when the last copy of
    the Result goes away: keep Results short-lived on SQLite, where an open cursor holds a read
    lock. Copies share one cursor. A Result belongs to its Connection's thread; reading it from
    another thread fails with Error::ThreadAffinityError. Another statement on the same
    connection may read the rest of the rows into memory first (PostgreSQL, DDL), which changes
    nothing for the caller.

    \code
    Qorm::Result result = connection.execute(select);
    while (result.next())
        qDebug() << result.value(u"name"_s).toString();
    if (!result.isValid())
        qWarning() << result.error();
    \endcode
*/

/*! An invalid result, as if a statement had failed without an error. */
Result::Result() noexcept = default;
/*! Shares \a other's cursor: reading from one advances both. */
Result::Result(const Result &other) noexcept = default;
/*! Takes over \a other's cursor; \a other becomes invalid. */
Result::Result(Result &&other) noexcept = default;
/*! Shares \a other's cursor: reading from one advances both. */
Result &Result::operator=(const Result &other) noexcept = default;
/*! Takes over \a other's cursor; \a other becomes invalid. */
Result &Result::operator=(Result &&other) noexcept = default;
Result::~Result() = default;

/*! For Qorm's own use: wraps the private result that Connection builds from \a d. */
Result::Result(std::shared_ptr<ResultPrivate> d) noexcept : d(std::move(d)) { }

/*!
    False if the statement failed or reading its rows failed (a lost connection, a fetch error);
    error() then says why. one() and tuples() report their misuse through error() only: the
    result stays valid.
*/
bool Result::isValid() const noexcept
{
    return d && d->valid;
}

/*! Why the statement, or reading its rows, failed; an invalid Error otherwise. */
Error Result::error() const
{
    if (d && d->isForeignThread())
        return ResultPrivate::threadError("Result");
    return d ? d->error : Error();
}

/*!
    True for statements that produce rows: SELECT, and INSERT/UPDATE/DELETE with RETURNING.
    False for a failed statement.
*/
bool Result::returnsRows() const
{
    return d && d->returnsRows;
}

/*! The labels of the result columns, in select-list order; empty unless returnsRows(). */
QStringList Result::columnNames() const
{
    return d ? d->names : QStringList();
}

/*!
    Moves to the next row, which row() and value() then read. False at the end, and when reading
    failed (isValid() false, error() says why); the cursor is released then.
*/
bool Result::next()
{
    if (!d || !d->checkThread("Result::next"))
        return false;
    QVariantList values;
    if (!d->fetch(&values)) {
        d->current = Row();
        return false;
    }
    d->current = Row(d->names, values);
    return true;
}

/*! The current row after a successful next(); an invalid Row before the first or after the last. */
Row Result::row() const
{
    return d ? d->current : Row();
}

/*! Column \a index of the current row; see Row::value(). */
QVariant Result::value(int index) const
{
    return row().value(index);
}

/*! The column named \a name of the current row; see Row::value(). */
QVariant Result::value(const QString &name) const
{
    return row().value(name);
}

/*!
    Reads all remaining rows and releases the cursor. Check isValid() afterwards: a read failure
    ends the list early.
*/
QList<Row> Result::all()
{
    QList<Row> rows;
    if (!d || !d->checkThread("Result::all"))
        return rows;
    rows.reserve(qsizetype(d->buffered.size()));
    QVariantList values;
    while (d->fetch(&values))
        rows.append(Row(d->names, values));
    d->current = Row();
    return rows;
}

/*!
    For tuples(): false (error() set, cursor closed) when the rows do not have \a width columns.
*/
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

/*! The first value of the first row, or an invalid QVariant without rows; releases the cursor. */
QVariant Result::scalar()
{
    const std::optional<Row> row = first();
    return row ? row->value(0) : QVariant();
}

/*! The first row, or std::nullopt without rows; releases the cursor. */
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

/*!
    Exactly one row. Without rows, or with several, it returns an invalid Row and error() is an
    Error::InvalidRequestError saying "no rows" or "several rows". Reads up to two rows so that
    "several rows" is detected without reading the whole result; releases the cursor.
*/
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

/*!
    The rows an INSERT, UPDATE or DELETE matched (on MySQL/MariaDB too, where Qorm asks for found
    rows, not changed ones); -1 when unknown or for an invalid result. For RETURNING statements
    this is the number of rows returned, which reads the remaining ones into memory.
*/
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

/*!
    The driver's id of the row an INSERT added. Invalid on PostgreSQL, where Qt would run
    SELECT lastval() (logged once as a warning): use RETURNING there.
*/
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

/*!
    Releases the cursor and drops buffered rows; next() then returns false. Harmless when the
    cursor is already gone.
*/
void Result::close()
{
    if (!d)
        return;
    if (d->thread && d->thread != QThread::currentThread()) {
        // Ignored, buffered rows included: they belong to the owner thread too.
        if (d->query)
            d->release(); // warns
        else
            qCWarning(lcSql) << "Qorm::Result released from a thread that does not own its "
                                "connection: ignored";
        return;
    }
    d->release();
    d->buffered.clear();
    d->current = Row();
}

/*! Takes over \a other's data; \a other becomes invalid. */
Row::Row(Row &&other) noexcept = default;

/*!
    \fn Qorm::Row &Qorm::Row::operator=(Qorm::Row &&other) noexcept
    Swaps with \a other.
*/

} // namespace Qorm
