// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/result.h>
#include <Qorm/sql/types.h>

#include <QtCore/QSharedData>
#include <QtSql/QSqlQuery>

#include <deque>
#include <memory>
#include <vector>

namespace Qorm {

class ConnectionPrivate;

class RowPrivate : public QSharedData
{
public:
    QStringList names;
    QVariantList values;
};

class SqliteStatement;

/*
    A prepared statement shared by the connection's statement cache and the Results reading
    it: a QSqlQuery, or on SQLite the driver's statement run through the C API
    (sqlitestatement_p.h). inUse marks a query whose rows a Result is still reading.
*/
struct PreparedQuery
{
    PreparedQuery();
    PreparedQuery(const PreparedQuery &) = delete;
    PreparedQuery &operator=(const PreparedQuery &) = delete;
    ~PreparedQuery();

    [[nodiscard]] bool next();
    [[nodiscard]] QVariant value(int column) const;
    [[nodiscard]] QSqlError lastError() const;
    [[nodiscard]] bool isSelect() const;
    [[nodiscard]] int columnCount() const;
    [[nodiscard]] QStringList columnNames() const;
    [[nodiscard]] int numRowsAffected();
    [[nodiscard]] QVariant lastInsertId() const;
    void finish();

    QString sql;
    QSqlQuery query; // unused when `native` is set
    std::unique_ptr<SqliteStatement> native;
    bool inUse = false;
};
using PreparedQueryPointer = std::shared_ptr<PreparedQuery>;

class ResultPrivate
{
public:
    ResultPrivate() = default;
    ResultPrivate(const ResultPrivate &) = delete;
    ResultPrivate &operator=(const ResultPrivate &) = delete;
    ~ResultPrivate();

    static Result failed(const Error &error);
    // The deleter of attached results: on a thread that does not own the connection the
    // result is handed to the connection, which destroys it in its own thread.
    static void destroy(ResultPrivate *result);

    // Attaches the cursor of an executed query; the connection then tracks this result.
    void attach(ConnectionPrivate *connection, const PreparedQueryPointer &query);
    // Reads the next row from the buffer or the cursor; false at the end or on error.
    bool fetch(QVariantList *values);
    // Reads the first row into the buffer; false if fetching it failed (error() says why).
    [[nodiscard]] bool readAhead();
    // Reads every remaining row into memory and releases the cursor.
    void bufferRemaining();
    // Gives the query back (to the cache, or destroys it) and stops being tracked.
    void release();
    [[nodiscard]] bool isAttached() const noexcept { return query != nullptr; }
    [[nodiscard]] QVariantList convertCurrentRow() const;
    void convertCurrentRow(QVariantList *values) const;
    // Records a read error, if the driver reported one, and releases the cursor.
    void endOfCursor();
    // False, with a warning, from a thread other than the connection's.
    [[nodiscard]] bool checkThread(const char *function);
    [[nodiscard]] bool isForeignThread() const;
    [[nodiscard]] static Error threadError(const char *function);

    bool valid = false;
    Error error;
    bool returnsRows = false;
    bool countReturnedRows = false; // RETURNING: numRowsAffected() is the number of rows
    QStringList names;
    QList<SqlType> types;
    Dialect dialect;
    struct ColumnPlan
    {
        SqlType type; // resolved for the dialect
        QMetaType target;
        bool converted = false;
        bool passThrough = false;    // a value of the target type needs no conversion
        bool naiveTimestamp = false; // see naiveTimestamps
    };
    // PostgreSQL TIMESTAMP (without time zone) columns: QPSQL hands their stored wall clock
    // back as local time, which is not an instant; Qorm's wall clocks are UTC.
    QList<bool> naiveTimestamps;
    mutable std::vector<ColumnPlan> plan;
    std::deque<QVariantList> buffered;
    qint64 rowsRead = 0;
    Row current;
    int rowsAffected = -1;
    QVariant lastInsertId;
    bool lastInsertIdUnsupported = false;

    ConnectionPrivate *connection = nullptr; // only while attached
    // The connection's thread, kept after the cursor is released: rows read ahead into
    // `buffered` (all of them on MySQL) belong to that thread too.
    QThread *thread = nullptr;
    PreparedQueryPointer query; // the cursor, only while attached
};

} // namespace Qorm
