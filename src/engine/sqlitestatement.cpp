// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "engine/connection_p.h"
#include "engine/sqlitestatement_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>

#include <sqlite3.h>

#if __has_include(<dlfcn.h>)
#  include <dlfcn.h>
#  define QORM_HAVE_DLADDR 1
#endif

using namespace Qt::StringLiterals;

namespace Qorm {

// SqliteStatement is private (sqlitestatement_p.h): keep Doxygen out of this file.
//! \cond internal
namespace {

/*
    True when the driver's plugin resolves SQLite to the library Qorm links: only then is its
    sqlite3 handle one that Qorm's sqlite3_* functions may touch. A plugin with a bundled
    SQLite (a Qt configured with -qt-sqlite) fails this and keeps QSqlQuery.
*/
bool driverSharesOurSqlite(const QSqlDriver *driver)
{
#ifdef QORM_HAVE_DLADDR
    Dl_info info{};
    if (!dladdr(driver->metaObject(), &info) || !info.dli_fname)
        return false;
    void *plugin = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (!plugin)
        return false;
    void *theirs = dlsym(plugin, "sqlite3_libversion_number");
    dlclose(plugin);
    return theirs == reinterpret_cast<void *>(&sqlite3_libversion_number);
#else
    Q_UNUSED(driver);
    return false;
#endif
}

// UTF-16 text as QSQLITE binds it.
int bindText16(sqlite3_stmt *statement, int index, const QString &text, void (*destructor)(void *))
{
    return sqlite3_bind_text16(statement, index, text.constData(),
                               int(text.size() * qsizetype(sizeof(QChar))), destructor);
}

bool isAscii(const char *text, int size)
{
    unsigned char bits = 0;
    for (int i = 0; i < size; ++i)
        bits |= static_cast<unsigned char>(text[i]);
    return bits < 0x80;
}

// Narrows an ASCII string into `out`; false (out partly written) if it is not ASCII.
bool narrowAscii(const QString &string, char *out)
{
    const char16_t *in = reinterpret_cast<const char16_t *>(string.constData());
    char16_t bits = 0;
    for (qsizetype i = 0; i < string.size(); ++i) {
        bits |= in[i];
        out[i] = char(in[i]);
    }
    return bits < 0x80;
}

} // namespace

sqlite3 *SqliteStatement::usableHandle(const QSqlDatabase &database)
{
    const QSqlDriver *driver = database.driver();
    if (!driver || !database.isOpen() || database.driverName() != u"QSQLITE")
        return nullptr;
    const QVariant handle = driver->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *access = *static_cast<sqlite3 *const *>(handle.constData());
    return access && driverSharesOurSqlite(driver) ? access : nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

// The texts, types and codes of QSQLITE's errors, so that both paths report alike.
void SqliteStatement::fail(const char *description, QSqlError::ErrorType type, int code)
{
    m_error = QSqlError(QCoreApplication::translate("QSQLiteResult", description),
                        QString(reinterpret_cast<const QChar *>(sqlite3_errmsg16(m_database))),
                        type, QString::number(code));
}

bool SqliteStatement::prepare(const QString &sql)
{
    m_error = QSqlError();
    const void *tail = nullptr;
    const int size = int((sql.size() + 1) * qsizetype(sizeof(QChar)));
    const int code = sqlite3_prepare16_v2(m_database, sql.constData(), size, &m_statement, &tail);
    if (code != SQLITE_OK)
        fail("Unable to execute statement", QSqlError::StatementError, code);
    else if (tail && !QString(reinterpret_cast<const QChar *>(tail)).trimmed().isEmpty())
        fail("Unable to execute multiple statements at a time", QSqlError::StatementError,
             SQLITE_MISUSE);
    else
        return true;
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    return false;
}

bool SqliteStatement::exec(const QVariantList &values)
{
    m_error = QSqlError();
    m_active = false;
    m_firstPending = false;
    if (!m_statement) {
        m_error = QSqlError(QCoreApplication::translate("QSQLiteResult", "Unable to fetch row"),
                            QCoreApplication::translate("QSQLiteResult", "No query"),
                            QSqlError::ConnectionError);
        return false;
    }
    int code = sqlite3_reset(m_statement);
    if (code != SQLITE_OK) {
        fail("Unable to reset statement", QSqlError::StatementError, code);
        return false;
    }
    if (sqlite3_bind_parameter_count(m_statement) != values.size()) {
        m_error =
                QSqlError(QCoreApplication::translate("QSQLiteResult", "Parameter count mismatch"),
                          QString(), QSqlError::StatementError);
        return false;
    }
    // Strings and blobs are bound in place: `values` is kept until the next execution. ASCII
    // strings go in as UTF-8, which spares SQLite a conversion and an allocation per value.
    m_bound = values;
    qsizetype textSize = 0;
    for (const QVariant &value : values) {
        if (value.userType() == QMetaType::QString)
            textSize += static_cast<const QString *>(value.constData())->size();
    }
    if (m_text.size() < textSize)
        m_text.resize(textSize);
    char *text = m_text.data();
    for (int i = 0; i < values.size() && code == SQLITE_OK; ++i) {
        const QVariant &value = values.at(i);
        const int index = i + 1;
        if (isNullValue(value)) {
            code = sqlite3_bind_null(m_statement, index);
            continue;
        }
        // QSQLITE's choices (QSQLiteResult::exec), type by type.
        switch (value.userType()) {
        case QMetaType::QByteArray: {
            const auto *bytes = static_cast<const QByteArray *>(value.constData());
            code = sqlite3_bind_blob(m_statement, index, bytes->constData(), int(bytes->size()),
                                     SQLITE_STATIC);
            break;
        }
        case QMetaType::Int:
        case QMetaType::Bool:
            code = sqlite3_bind_int(m_statement, index, value.toInt());
            break;
        case QMetaType::Double:
            code = sqlite3_bind_double(m_statement, index, value.toDouble());
            break;
        case QMetaType::UInt:
        case QMetaType::LongLong:
            code = sqlite3_bind_int64(m_statement, index, value.toLongLong());
            break;
        case QMetaType::QDateTime: {
            code = bindText16(m_statement, index, value.toDateTime().toString(Qt::ISODateWithMs),
                              SQLITE_TRANSIENT);
            break;
        }
        case QMetaType::QTime: {
            code = bindText16(m_statement, index, value.toTime().toString(u"hh:mm:ss.zzz"),
                              SQLITE_TRANSIENT);
            break;
        }
        case QMetaType::QString: {
            const auto *string = static_cast<const QString *>(value.constData());
            if (narrowAscii(*string, text)) {
                code = sqlite3_bind_text(m_statement, index, text, int(string->size()),
                                         SQLITE_STATIC);
                text += string->size();
            } else {
                code = bindText16(m_statement, index, *string, SQLITE_STATIC);
            }
            break;
        }
        default: {
            code = bindText16(m_statement, index, value.toString(), SQLITE_TRANSIENT);
            break;
        }
        }
    }
    if (code != SQLITE_OK) {
        fail("Unable to bind parameters", QSqlError::StatementError, code);
        return false;
    }
    code = sqlite3_step(m_statement);
    m_columns = sqlite3_column_count(m_statement);
    switch (code) {
    case SQLITE_ROW:
        m_active = true;
        m_firstPending = true;
        return true;
    case SQLITE_DONE:
        m_active = true; // as QSQLITE: active, with no rows to read
        sqlite3_reset(m_statement);
        return true;
    default:
        fail("Unable to fetch row", QSqlError::ConnectionError, code);
        sqlite3_reset(m_statement);
        return false;
    }
}

bool SqliteStatement::next()
{
    if (m_firstPending) {
        m_firstPending = false;
        return true;
    }
    if (!m_active || sqlite3_stmt_busy(m_statement) == 0)
        return false;
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code != SQLITE_DONE)
        fail("Unable to fetch row", QSqlError::ConnectionError, code);
    sqlite3_reset(m_statement);
    return false;
}

QVariant SqliteStatement::value(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_NULL:
        return QVariant(QMetaType::fromType<QString>());
    case SQLITE_BLOB: {
        const void *blob = sqlite3_column_blob(m_statement, column);
        const int size = sqlite3_column_bytes(m_statement, column);
        // A zero-length BLOB has no pointer; it is an empty QByteArray, not a null one (that
        // would read as NULL, which is SQLITE_NULL above).
        if (size == 0)
            return QByteArray("", 0);
        return QByteArray(static_cast<const char *>(blob), size);
    }
    default: {
        // ASCII is read as stored (UTF-8); anything else through SQLite's own UTF-16, as
        // QSQLITE reads it, so that even unpaired surrogates come back unchanged.
        const auto *utf8 = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        const int size = sqlite3_column_bytes(m_statement, column);
        if (utf8 && isAscii(utf8, size))
            return QString::fromLatin1(utf8, size);
        const void *utf16 = sqlite3_column_text16(m_statement, column);
        const int bytes = sqlite3_column_bytes16(m_statement, column);
        return QString(static_cast<const QChar *>(utf16), bytes / int(sizeof(QChar)));
    }
    }
}

QStringList SqliteStatement::columnNames() const
{
    QStringList names;
    names.reserve(m_columns);
    for (int i = 0; i < m_columns; ++i) {
        const auto *name = static_cast<const QChar *>(sqlite3_column_name16(m_statement, i));
        names.append(QString(name).remove(u'"'));
    }
    return names;
}

int SqliteStatement::rowsAffected() const
{
    return sqlite3_changes(m_database);
}

QVariant SqliteStatement::lastInsertId() const
{
    if (!m_active)
        return {};
    const qint64 id = sqlite3_last_insert_rowid(m_database);
    return id ? QVariant(id) : QVariant();
}

void SqliteStatement::finish()
{
    if (m_statement) {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement); // before the values it points into go
    }
    m_bound.clear();
    if (m_text.size() > 64 * 1024)
        m_text = QByteArray(); // a cached statement keeps no megabyte buffers
    m_active = false;
    m_firstPending = false;
}
//! \endcond

} // namespace Qorm
