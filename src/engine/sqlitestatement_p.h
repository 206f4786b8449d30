// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <QtCore/QList>
#include <QtCore/QVariant>
#include <QtSql/QSqlError>

QT_BEGIN_NAMESPACE
class QSqlDatabase;
QT_END_NAMESPACE

struct sqlite3;
struct sqlite3_stmt;

namespace Qorm {

/*
    A prepared statement on the QSQLITE driver's own sqlite3 handle, run through the
    SQLite C API instead of QSqlQuery. Same connection, same transaction, same values
    in and out as QSQLITE gives (types, NULLs, error texts and codes), without
    QSqlCachedResult's per-cell copies and SQLite's UTF-16 conversions of ASCII text.

    Only used where the driver provably runs on the very libsqlite3 Qorm links
    (usableHandle()); everything else goes through QSqlQuery.
*/
class SqliteStatement
{
public:
    // The driver's handle if Qorm may use it directly: a QSQLITE connection whose
    // plugin uses the same SQLite library as Qorm. Null otherwise.
    static sqlite3 *usableHandle(const QSqlDatabase &database);

    explicit SqliteStatement(sqlite3 *database) : m_database(database) { }
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    ~SqliteStatement();

    [[nodiscard]] bool prepare(const QString &sql);
    // Binds `values` (as QSQLITE would) and runs up to the first row.
    [[nodiscard]] bool exec(const QVariantList &values);
    [[nodiscard]] bool next();
    // The current row's column, as QSQLITE gives it (a NULL is a null QString variant).
    [[nodiscard]] QVariant value(int column) const;
    [[nodiscard]] bool isSelect() const noexcept { return m_columns > 0; }
    [[nodiscard]] int columnCount() const noexcept { return m_columns; }
    [[nodiscard]] QStringList columnNames() const;
    [[nodiscard]] int rowsAffected() const;
    [[nodiscard]] QVariant lastInsertId() const;
    [[nodiscard]] const QSqlError &lastError() const noexcept { return m_error; }
    // Resets the statement (releasing SQLite's locks) and drops the bound values.
    void finish();

private:
    void fail(const char *description, QSqlError::ErrorType type, int code);

    sqlite3 *m_database;
    sqlite3_stmt *m_statement = nullptr;
    int m_columns = 0;
    bool m_active = false;       // exec() succeeded and the rows are not all read
    bool m_firstPending = false; // exec() stepped onto the first row, next() has not seen it
    QVariantList m_bound;        // strings and blobs are bound without copies: kept until reset
    QByteArray m_text;           // ASCII strings bound as UTF-8, one buffer per execution
    QSqlError m_error;
};

} // namespace Qorm
