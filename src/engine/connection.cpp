// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"
#include "engine/connection_p.h"
#include "engine/sqlitestatement_p.h"
#include "sql/sqllexer_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QMutex>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QThread>
#include <QtCore/QUuid>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlError>
#include <QtSql/QSqlField>
#include <QtSql/QSqlRecord>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Qorm {

// Private helpers, StatementCache and ConnectionPrivate (connection_p.h): keep Doxygen out.
//! \cond internal
namespace {

Q_CONSTINIT std::atomic<quint64> generationCounter{ 0 };
Q_CONSTINIT std::atomic<int> connectionCounter{ 0 };

QMutex &registryMutex()
{
    static QMutex mutex;
    return mutex;
}

// Live connections: each private part and the Connection that currently holds it. Transactions
// refer to the private part, which a move hands on, so they follow a moved Connection.
QHash<const ConnectionPrivate *, Connection *> &registry()
{
    static QHash<const ConnectionPrivate *, Connection *> connections;
    return connections;
}

QString describeThread(const QThread *thread)
{
    if (!thread)
        return u"no thread"_s;
    const QString address = u"0x"_s + QString::number(quintptr(thread), 16);
    const QString name = thread->objectName();
    return name.isEmpty() ? u"QThread(%1)"_s.arg(address)
                          : u"QThread(%1, \"%2\")"_s.arg(address, name);
}

DialectType dialectTypeForDriver(const QString &driver)
{
    if (driver == u"QPSQL")
        return DialectType::PostgreSQL;
    if (driver == u"QMYSQL" || driver == u"QMARIADB")
        return DialectType::MySQL;
    return DialectType::SQLite;
}

QString describeValue(const QVariant &value)
{
    constexpr qsizetype maxCharacters = 80;
    constexpr qsizetype maxBytes = 32;
    if (isNullValue(value))
        return u"NULL"_s;
    switch (value.typeId()) {
    case QMetaType::QString: {
        const QString text = value.toString();
        QString shown = text.left(maxCharacters);
        shown.replace(u'\'', u"''"_s);
        shown = u'\'' + shown + u'\'';
        if (text.size() > maxCharacters)
            shown += u"...(%1 characters)"_s.arg(text.size());
        return shown;
    }
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        QString shown = u"x'"_s + QString::fromLatin1(bytes.left(maxBytes).toHex()) + u'\'';
        if (bytes.size() > maxBytes)
            shown += u"...(%1 bytes)"_s.arg(bytes.size());
        return shown;
    }
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    default:
        if (value.canConvert<QString>()) {
            const QString text = value.toString();
            return text.size() > maxCharacters ? text.left(maxCharacters) + u"..."_s : text;
        }
        return u"<%1>"_s.arg(QString::fromLatin1(value.typeName()));
    }
}

QList<qsizetype> placeholderPositions(QStringView sql, DialectType dialect)
{
    QList<qsizetype> positions;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const qsizetype end = skipQuotedOrComment(sql, i, dialect);
        if (end > i)
            i = end - 1;
        else if (sql[i] == u'?')
            positions.append(i);
    }
    return positions;
}

// The statement's first keyword, upper-cased, skipping blanks, comments and parentheses.
QString firstKeyword(QStringView sql, DialectType dialect)
{
    qsizetype i = 0;
    while (i < sql.size()) {
        const QChar c = sql[i];
        if (c.isSpace() || c == u'(') {
            ++i;
            continue;
        }
        // Comments are skipped; a quoted word is not a keyword.
        const qsizetype end = skipQuotedOrComment(sql, i, dialect);
        if (end > i && c != u'\'' && c != u'"' && c != u'`' && c != u'$') {
            i = end;
            continue;
        }
        break;
    }
    qsizetype j = i;
    while (j < sql.size() && sql[j].isLetter())
        ++j;
    return sql.mid(i, j - i).toString().toUpper();
}

// Statements that go through QSqlQuery::prepare(). The rest (DDL, PRAGMA, SET, SAVEPOINT...)
// is executed directly: PostgreSQL's PREPARE accepts only SELECT, INSERT, UPDATE, DELETE, VALUES.
bool isPreparable(const QString &keyword)
{
    return keyword == u"SELECT" || keyword == u"INSERT" || keyword == u"UPDATE"
            || keyword == u"DELETE" || keyword == u"WITH" || keyword == u"VALUES"
            || keyword == u"REPLACE" || keyword == u"TABLE";
}

// INSERT/DELETE/REPLACE ... RETURNING: built, written as TextSql, or a raw CompiledStatement.
bool isDmlReturning(const CompiledStatement &statement, DialectType dialect)
{
    switch (statement.kind()) {
    case Statement::InsertStatement:
    case Statement::DeleteStatement:
        return statement.returnsRows();
    case Statement::TextStatement:
    case Statement::InvalidStatement: {
        const QString keyword = firstKeyword(statement.sql(), dialect);
        if (keyword != u"INSERT" && keyword != u"DELETE" && keyword != u"REPLACE")
            return false;
        if (statement.kind() == Statement::TextStatement)
            return statement.returnsRows(); // the compiler looked outside strings and comments
        static const QRegularExpression returning(u"\\bRETURNING\\b"_s,
                                                  QRegularExpression::CaseInsensitiveOption);
        return returning.match(statement.sql()).hasMatch();
    }
    case Statement::SelectStatement:
    case Statement::UpdateStatement:
        return false;
    }
    return false;
}

/*
    One value as a MySQL/MariaDB literal, for the statements that cannot be prepared.
    Strings and bytes are written as hexadecimal literals (_utf8mb4 X'..' and X'..'):
    they need no escaping at all, so they are correct whatever the sql_mode
    (NO_BACKSLASH_ESCAPES breaks QSqlDriver::formatValue(), which also drops the bytes of
    a QByteArray and the milliseconds of a QDateTime, measured on MariaDB 10.11 + Qt 6.4.2).
*/
bool mysqlLiteral(const QVariant &value, QString *literal)
{
    if (isNullValue(value)) {
        *literal = u"NULL"_s;
        return true;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        *literal = value.toBool() ? u"1"_s : u"0"_s;
        return true;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::SChar:
        *literal = QString::number(value.toLongLong());
        return true;
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UChar:
        *literal = QString::number(value.toULongLong());
        return true;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        if (!std::isfinite(number))
            return false;
        QString text = QString::number(number, 'g', QLocale::FloatingPointShortest);
        if (!text.contains(u'e'))
            text += u"E0"_s; // a DOUBLE literal, not a DECIMAL one
        *literal = text;
        return true;
    }
    case QMetaType::QByteArray:
        *literal = u"X'"_s + QString::fromLatin1(value.toByteArray().toHex()) + u'\'';
        return true;
    case QMetaType::QDate:
        *literal = u'\'' + value.toDate().toString(Qt::ISODate) + u'\'';
        return true;
    case QMetaType::QTime:
        *literal = u'\'' + value.toTime().toString(u"HH:mm:ss.zzz"_s) + u'\'';
        return true;
    case QMetaType::QDateTime:
        // QMYSQL binds QDateTime in UTC; the session time zone is UTC too.
        *literal =
                u'\'' + value.toDateTime().toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u'\'';
        return true;
    default:
        break;
    }
    if (!value.canConvert<QString>())
        return false;
    // What QMYSQL binds for any other type: its string form.
    *literal = u"_utf8mb4 X'"_s + QString::fromLatin1(value.toString().toUtf8().toHex()) + u'\'';
    return true;
}

Error inlineMySqlValues(const QString &sql, const QVariantList &values, QString *inlined)
{
    const QList<qsizetype> positions = placeholderPositions(sql, DialectType::MySQL);
    if (positions.size() != values.size()) {
        return Error(Error::InvalidRequestError,
                     u"the statement has %1 placeholders but %2 values"_s.arg(positions.size())
                             .arg(values.size()))
                .withStatement(sql, values);
    }
    QString result;
    result.reserve(sql.size() + 16 * values.size());
    qsizetype from = 0;
    for (qsizetype i = 0; i < positions.size(); ++i) {
        QString literal;
        if (!mysqlLiteral(values.at(i), &literal)) {
            return Error(Error::UnsupportedFeatureError,
                         u"value %1 (%2) cannot be written as a MySQL literal"_s.arg(i + 1).arg(
                                 QString::fromLatin1(values.at(i).typeName())))
                    .withStatement(sql, values);
        }
        result += QStringView(sql).mid(from, positions.at(i) - from);
        result += literal;
        from = positions.at(i) + 1;
    }
    result += QStringView(sql).mid(from);
    *inlined = result;
    return Error();
}

bool isOptionSet(const QStringList &options, QStringView key)
{
    for (const QString &option : options) {
        const qsizetype equals = option.indexOf(u'=');
        const QStringView name =
                QStringView(option).left(equals < 0 ? option.size() : equals).trimmed();
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

// Mirrors QSqlResultPrivate::isVariantNull(): what the drivers bind as NULL.
bool isNullValue(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return true;
    switch (value.typeId()) {
    case QMetaType::QString:
        return static_cast<const QString *>(value.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(value.constData())->isNull();
    case QMetaType::QDateTime:
        return !static_cast<const QDateTime *>(value.constData())->isValid();
    case QMetaType::QDate:
        return !static_cast<const QDate *>(value.constData())->isValid();
    case QMetaType::QTime:
        return !static_cast<const QTime *>(value.constData())->isValid();
    case QMetaType::QUuid:
        return static_cast<const QUuid *>(value.constData())->isNull();
    default:
        return false;
    }
}

// --- StatementCache ----------------------------------------------------------

PreparedQueryPointer StatementCache::acquire(const QString &sql)
{
    const auto it = m_index.constFind(sql);
    if (it == m_index.cend())
        return {};
    const auto position = it.value();
    if ((*position)->inUse)
        return {};
    m_order.splice(m_order.begin(), m_order, position);
    return *position;
}

void StatementCache::insert(const PreparedQueryPointer &query)
{
    if (m_capacity <= 0)
        return;
    remove(query->sql);
    m_order.push_front(query);
    m_index.insert(query->sql, m_order.begin());
    evict();
}

void StatementCache::remove(const QString &sql)
{
    const auto it = m_index.find(sql);
    if (it == m_index.end())
        return;
    m_order.erase(it.value());
    m_index.erase(it);
}

void StatementCache::setCapacity(int capacity)
{
    m_capacity = qMax(0, capacity);
    evict();
}

void StatementCache::evict()
{
    // An evicted query still in use stays alive in its Result until that is done.
    while (m_index.size() > m_capacity) {
        const auto last = std::prev(m_order.end());
        m_index.remove((*last)->sql);
        m_order.erase(last);
    }
}

void StatementCache::clear()
{
    m_order.clear();
    m_index.clear();
}

// --- ConnectionPrivate -------------------------------------------------------

ConnectionPrivate::ConnectionPrivate() : thread(QThread::currentThread()) { }

ConnectionPrivate::~ConnectionPrivate() = default;

void ConnectionPrivate::registerConnection(Connection *connection)
{
    const QMutexLocker locker(&registryMutex());
    registry().insert(connection->d.get(), connection);
}

void ConnectionPrivate::unregisterConnection(const Connection *connection)
{
    const QMutexLocker locker(&registryMutex());
    const auto it = registry().constFind(connection->d.get());
    if (it != registry().cend() && it.value() == connection)
        registry().erase(it);
}

Connection *ConnectionPrivate::owner(const ConnectionPrivate *connection)
{
    const QMutexLocker locker(&registryMutex());
    return registry().value(connection, nullptr);
}

quint64 ConnectionPrivate::nextGeneration()
{
    return ++generationCounter;
}

bool ConnectionPrivate::isOwnerThread() const
{
    return QThread::currentThread() == thread;
}

Error ConnectionPrivate::threadError(const char *function) const
{
    const Error error(Error::ThreadAffinityError,
                      u"Qorm::Connection::%1 called from %2, but the connection belongs to %3; "
                      u"use a connection only in the thread that created it"_s.arg(
                              QLatin1StringView(function), describeThread(QThread::currentThread()),
                              describeThread(thread)));
    qCWarning(lcSql).noquote() << error.text();
    return error;
}

Error ConnectionPrivate::notOpenError() const
{
    if (connectionLost) {
        return Error(Error::ConnectionError,
                     u"the connection to the database was lost; open() reconnects"_s);
    }
    return Error(Error::InvalidRequestError, u"the connection is not open"_s);
}

void ConnectionPrivate::setError(const Error &error)
{
    lastError = error;
    if (error.type() == Error::ConnectionError)
        connectionLost = true;
}

DialectType ConnectionPrivate::dialectType() const
{
    return dialect.isValid() ? dialect.type() : dialectTypeForDriver(db.driverName());
}

bool ConnectionPrivate::openDatabase()
{
    if (!db.isValid()) {
        lastError = Error(Error::ConnectionError,
                          u"the SQL driver \"%1\" is not available (available: %2)"_s.arg(
                                  db.driverName(), QSqlDatabase::drivers().join(u", "_s)));
        return false;
    }
    if (db.isOpen() && !connectionLost)
        return true;
    if (db.isOpen() || connectionLost)
        closeDatabase(); // reconnect: the server dropped the connection
    if (!db.open()) {
        const QSqlError sqlError = db.lastError();
        const Error classified =
                Error::fromSqlError(sqlError, dialectTypeForDriver(db.driverName()));
        // Whatever the code says (unknown database, access denied...), failing to open is a
        // connection error.
        lastError =
                Error(Error::ConnectionError,
                      classified.isValid() ? classified.text() : u"could not open the database"_s,
                      sqlError);
        return false;
    }
    connectionLost = false;
    // Only a database Qorm opened: it alone closes it, after finalizing its statements
    // (QSQLITE's sqlite3_close() would fail on them).
    nativeSqlite = nativeSqliteAllowed ? SqliteStatement::usableHandle(db) : nullptr;
    dialect = Dialect::forDatabase(db);
    if (!dialect.isValid()) {
        setError(Error(Error::UnsupportedFeatureError,
                       u"Qorm has no dialect for the SQL driver \"%1\""_s.arg(db.driverName())));
        db.close();
        return false;
    }
    if (!applySetup()) {
        const Error error = lastError;
        closeDatabase();
        lastError = error;
        return false;
    }
    return true;
}

/*
    Per-connection settings Qorm relies on. MySQL: UTC (QMYSQL binds QDateTime in UTC) and
    STRICT_ALL_TABLES, so that a too-long value fails instead of being truncated. Qorm does not
    set NO_BACKSLASH_ESCAPES: values are bound (or written as hex literals, see mysqlLiteral()),
    and QSqlDriver::formatValue(), which others may use on the same QSqlDatabase, assumes
    backslash escapes. PostgreSQL: UTC (QPSQL itself sets only UTF-8 and ISO dates).
*/
bool ConnectionPrivate::applySetup()
{
    QString sql;
    switch (dialect.type()) {
    case DialectType::SQLite:
        sql = u"PRAGMA foreign_keys = ON"_s;
        break;
    case DialectType::MySQL:
        sql = u"SET time_zone = '+00:00', sql_mode = IF(FIND_IN_SET('STRICT_ALL_TABLES', "
              u"@@SESSION.sql_mode) > 0, "
              u"@@SESSION.sql_mode, CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES'))"_s;
        break;
    case DialectType::PostgreSQL:
        // QPSQL sets DateStyle and the encoding, not the zone: SQL evaluated on the server
        // (CAST to date, now()) must see UTC like the values Qorm binds.
        sql = u"SET TIME ZONE 'UTC'"_s;
        break;
    }
    const Result result = execute(CompiledStatement(sql));
    return result.isValid();
}

void ConnectionPrivate::closeDatabase()
{
    // Every statement ends before the database closes: SQLite will not close under one.
    destroyDeferredResults();
    bufferOpenResults();
    if (!transactions.isEmpty()) {
        qCWarning(lcSql) << "closing a connection with an active transaction: it is rolled back";
        if (db.isOpen() && !connectionLost) {
            const Error error = lastError;
            rollbackTopLevel();
            lastError = error;
        }
        transactions.clear();
    }
    cache.clear();
    nativeSqlite = nullptr;
    db.close();
    connectionLost = false;
}

void ConnectionPrivate::shutdown()
{
    // User callbacks may capture objects that are already gone when the connection is destroyed.
    observers.clear();
    interceptor = nullptr;
    if (!isOwnerThread()) {
        qCWarning(lcSql).noquote()
                << u"Qorm::Connection destroyed in %1, but it belongs to %2: the database "
                   u"connection is left open"_s.arg(describeThread(QThread::currentThread()),
                                                    describeThread(thread));
        for (ResultPrivate *result : std::as_const(openResults))
            result->connection = nullptr;
        openResults.clear();
        return;
    }
    destroyDeferredResults();
    if (db.isValid()) {
        if (ownsDatabase) {
            closeDatabase();
        } else {
            // Somebody else's QSqlDatabase stays open, but not with a transaction nobody can end.
            bufferOpenResults();
            if (!transactions.isEmpty() && db.isOpen())
                rollbackTopLevel();
            transactions.clear();
            cache.clear();
        }
    }
    if (ownsDatabase) {
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
    }
}

void ConnectionPrivate::bufferOpenResults()
{
    // PostgreSQL's forward-only queries stream rows in single-row mode: any other statement
    // on the connection would discard the unread ones, so they are read into memory first.
    const QList<ResultPrivate *> results = openResults;
    for (ResultPrivate *result : results)
        result->bufferRemaining();
}

void ConnectionPrivate::forgetResult(ResultPrivate *result)
{
    openResults.removeOne(result);
}

void ConnectionPrivate::releaseQuery(const PreparedQueryPointer &query)
{
    // finish() resets the statement: on SQLite this releases the read lock.
    query->finish();
    query->inUse = false;
}

void ConnectionPrivate::notify(const ExecutedStatement &executed)
{
    if (observers.isEmpty())
        return;
    // An observer may add or remove observers.
    const QList<Connection::Observer> callbacks = observers.values();
    for (const Connection::Observer &observer : callbacks)
        observer(executed);
}

void ConnectionPrivate::log(const QString &sql, const QVariantList &values, const char *how,
                            const Error &error) const
{
    if (!lcSql().isDebugEnabled())
        return;
    QString line = sql;
    if (how && *how)
        line += u' ' + QLatin1StringView(how);
    if (!values.isEmpty()) {
        QStringList shown;
        shown.reserve(values.size());
        for (const QVariant &value : values)
            shown.append(describeValue(value));
        line += u" ("_s + shown.join(u", "_s) + u')';
    }
    if (error.isValid())
        line += u" failed: %1: %2"_s.arg(error.typeName(), error.text());
    qCDebug(lcSql).noquote() << line;
}

void ConnectionPrivate::deferDestruction(ResultPrivate *result)
{
    const QMutexLocker locker(&deferredMutex);
    deferredResults.append(result);
}

void ConnectionPrivate::destroyDeferredResults()
{
    QList<ResultPrivate *> results;
    {
        const QMutexLocker locker(&deferredMutex);
        results.swap(deferredResults);
    }
    qDeleteAll(results);
}

/*
    A value no supported database stores as it is, refused before anything is sent: otherwise
    SQLite keeps a different value (a quint64 beyond INT64_MAX as a REAL, an unpaired surrogate
    merged with the next character) and the servers replace it (each surrogate becomes '?').
*/
Error ConnectionPrivate::unstorableValue(const QVariantList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        switch (value.metaType().id()) {
        case QMetaType::QString: {
            const QString *text = static_cast<const QString *>(value.constData());
            if (text->isValidUtf16())
                break;
            qsizetype at = 0;
            while (at < text->size()) {
                const QChar c = text->at(at);
                if (c.isHighSurrogate() && at + 1 < text->size()
                    && text->at(at + 1).isLowSurrogate())
                    at += 2;
                else if (c.isSurrogate())
                    break;
                else
                    ++at;
            }
            return Error(Error::InvalidRequestError,
                         u"value %1 is text with an unpaired UTF-16 surrogate at position %2, "
                         u"which no database stores; check untrusted text with "
                         u"QString::isValidUtf16()"_s.arg(i + 1)
                                 .arg(at));
        }
        case QMetaType::ULongLong:
        case QMetaType::ULong:
            if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max())) {
                return Error(Error::InvalidRequestError,
                             u"value %1 (%2) is beyond the largest signed 64-bit integer, which "
                             u"no database stores as an integer"_s.arg(i + 1)
                                     .arg(value.toULongLong()));
            }
            break;
        default:
            break;
        }
    }
    return Error();
}

Result ConnectionPrivate::execute(const CompiledStatement &statement)
{
    destroyDeferredResults();
    const QString sql = statement.sql();
    const QVariantList values = statement.boundValues();
    if (!statement.isValid()) {
        Error error = statement.error();
        if (!error.isValid())
            error = Error(Error::InvalidRequestError, u"the statement has no SQL text"_s);
        setError(error);
        return ResultPrivate::failed(error);
    }
    const QStringList unbound = statement.unboundParameters();
    if (!unbound.isEmpty()) {
        const Error error =
                Error(Error::InvalidRequestError,
                      u"no value given for the parameter(s) %1"_s.arg(unbound.join(u", "_s)))
                        .withStatement(sql, values);
        setError(error);
        return ResultPrivate::failed(error);
    }
    if (connectionLost || !db.isOpen()) {
        const Error error = notOpenError().withStatement(sql, values);
        setError(error);
        return ResultPrivate::failed(error);
    }
    if (Error error = unstorableValue(values); error.isValid()) {
        error = error.withStatement(sql, values);
        setError(error);
        log(sql, values, "[not sent]", error);
        return ResultPrivate::failed(error);
    }
    if (interceptor) {
        Error injected = interceptor(statement);
        if (injected.isValid()) {
            if (injected.statement().isEmpty())
                injected = injected.withStatement(sql, values);
            lastError = injected;
            log(sql, values, "[intercepted]", injected);
            notify({ sql, values, false, false, injected });
            return ResultPrivate::failed(injected);
        }
    }

    const DialectType type = dialectType();
    ExecutionMode mode = Prepared;
    if (type == DialectType::MySQL
        && (isDmlReturning(statement, type) || unpreparableOnMySql.contains(sql)))
        mode = Inlined;
    else if (values.isEmpty() && !isPreparable(firstKeyword(sql, type)))
        mode = Direct;
    // PostgreSQL: see bufferOpenResults(). Elsewhere DDL waits for open cursors too: SQLite
    // refuses to drop a table that a statement is reading.
    if (type == DialectType::PostgreSQL || mode == Direct)
        bufferOpenResults();
    return run(statement, mode);
}

Result ConnectionPrivate::run(const CompiledStatement &statement, ExecutionMode mode)
{
    const QString sql = statement.sql();
    const QVariantList values = statement.boundValues();
    const DialectType type = dialectType();
    const Statement::Kind kind = statement.kind();
    PreparedQueryPointer entry;
    bool fromCache = false;
    const char *how = "";
    bool ok = false;
    // NUMERIC columns arrive as doubles by default, losing digits: read them as text instead.
    const QList<SqlType> resultTypes = statement.resultTypes();
    const bool exactNumbers =
            std::any_of(resultTypes.cbegin(), resultTypes.cend(),
                        [](const SqlType &t) { return t.kind() == SqlType::Numeric; });
    const auto newQuery = [&] {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (exactNumbers)
            query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        return query;
    };
    switch (mode) {
    case Inlined: {
        /*
            MariaDB: QMYSQL (Qt 6.4.2) runs a *prepared* INSERT/DELETE ... RETURNING but returns no
            rows (isSelect() is false), and the connection's next statement fails with "Received
            malformed packet" unless finish() was called. Executed without prepare, the rows come
            back. So these statements are sent with their values written as literals
           (mysqlLiteral()), read into memory at once and finish()ed.
        */
        QString inlined;
        const Error error = inlineMySqlValues(sql, values, &inlined);
        if (error.isValid()) {
            setError(error);
            log(sql, values, "[not prepared]", error);
            return ResultPrivate::failed(error);
        }
        entry = std::make_shared<PreparedQuery>();
        entry->sql = sql;
        entry->query = newQuery();
        entry->inUse = true;
        ok = entry->query.exec(inlined);
        how = "[not prepared]";
        break;
    }
    case Direct:
        entry = std::make_shared<PreparedQuery>();
        entry->sql = sql;
        entry->query = newQuery();
        entry->inUse = true;
        ok = entry->query.exec(sql);
        how = "[direct]";
        break;
    case Prepared:
        if (cache.capacity() > 0)
            entry = cache.acquire(sql);
        // The same text read with declared NUMERIC columns needs the other precision policy.
        if (entry && !entry->native
            && (entry->query.numericalPrecisionPolicy() == QSql::HighPrecision) != exactNumbers)
            entry.reset();
        if (entry) {
            ++cacheHits;
            fromCache = true;
            how = "[cached]";
        } else {
            ++cacheMisses;
            how = "[prepared]";
            entry = std::make_shared<PreparedQuery>();
            entry->sql = sql;
            bool prepared = false;
            if (nativeSqlite) {
                entry->native = std::make_unique<SqliteStatement>(nativeSqlite);
                prepared = entry->native->prepare(sql);
            } else {
                entry->query = newQuery();
                prepared = entry->query.prepare(sql);
            }
            if (!prepared) {
                Error error = Error::fromSqlError(entry->lastError(), type, sql, values);
                if (!error.isValid())
                    error = Error(Error::StatementError, u"the statement could not be prepared"_s)
                                    .withStatement(sql, values);
                setError(error);
                log(sql, values, how, error);
                notify({ sql, values, false, false, error });
                return ResultPrivate::failed(error);
            }
            // A query whose cached twin is busy in a Result runs once, uncached.
            if (!cache.contains(sql))
                cache.insert(entry);
        }
        entry->inUse = true;
        if (entry->native) {
            ok = entry->native->exec(values);
        } else {
            for (qsizetype i = 0; i < values.size(); ++i)
                entry->query.bindValue(int(i), values.at(i));
            ok = entry->query.exec();
        }
        break;
    }

    PreparedQuery &query = *entry;
    if (!ok) {
        Error error = Error::fromSqlError(query.lastError(), type, sql, values);
        if (!error.isValid())
            error = Error(Error::StatementError, u"the statement failed"_s)
                            .withStatement(sql, values);
        // QPSQL reports a connection the server closed without an SQLSTATE; its driver knows
        // though.
        if (error.type() != Error::ConnectionError && !db.isOpen())
            error = Error(Error::ConnectionError, error.text(), error.sqlError(), sql, values);
        // A prepared statement the server invalidated (PostgreSQL: the result type changed after
        // DDL; MySQL: it needs re-preparing) is dropped, so that the next execution prepares again.
        const QString code = error.nativeErrorCode();
        if (fromCache
            && (code == u"0A000" || code == u"26000" || code == u"1615" || code == u"1243"))
            cache.remove(sql);
        releaseQuery(entry);
        setError(error);
        log(sql, values, how, error);
        notify({ sql, values, fromCache, false, error });
        return ResultPrivate::failed(error);
    }

    std::shared_ptr<ResultPrivate> result(new ResultPrivate, &ResultPrivate::destroy);
    result->valid = true;
    result->dialect = dialect;
    result->lastInsertIdUnsupported = type == DialectType::PostgreSQL;
    if (query.isSelect()) {
        result->returnsRows = true;
        QStringList names = statement.resultNames();
        if (names.size() != query.columnCount())
            names = query.columnNames();
        result->names = names;
        result->types = resultTypes;
        // PostgreSQL: tell TIMESTAMP columns from TIMESTAMPTZ ones by type OID (1114), which
        // QPSQL reports as the field's type id: their values arrive alike otherwise.
        if (type == DialectType::PostgreSQL && !query.native
            && std::any_of(result->types.cbegin(), result->types.cend(),
                           [](const SqlType &t) { return t.kind() == SqlType::DateTime; })) {
            const QSqlRecord record = query.query.record();
            result->naiveTimestamps.resize(record.count());
            for (int i = 0; i < record.count(); ++i)
                result->naiveTimestamps[i] = record.field(i).typeID() == 1114;
        }
        result->countReturnedRows = kind == Statement::InsertStatement
                || kind == Statement::UpdateStatement || kind == Statement::DeleteStatement
                || isDmlReturning(statement, type);
        // SQLite runs all of an INSERT ... RETURNING in its first step, so the id is known now.
        if (type != DialectType::PostgreSQL && kind == Statement::InsertStatement)
            result->lastInsertId = query.lastInsertId();
        result->attach(this, entry);
        if (mode == Inlined) {
            result->bufferRemaining();
        } else if (type == DialectType::MySQL && !result->readAhead()) {
            /*
                QMYSQL (Qt 6.4.2) sizes the result buffers of a prepared statement from the
                metadata of the prepare; a bound value in the select list (SELECT ?) gets a
                buffer too small for it and its first fetch fails ("Unable to fetch data",
                measured on MariaDB 10.11). The whole result is on the client already, so the
                first row is read here, and on that failure the statement runs once more with
                its values as literals; its SQL text then always does.
            */
            result->release();
            cache.remove(sql);
            if (unpreparableOnMySql.size() >= 1024)
                unpreparableOnMySql.clear();
            unpreparableOnMySql.insert(sql);
            qCDebug(lcSql).noquote()
                    << "fetching from the prepared statement failed; running it unprepared:" << sql;
            return run(statement, Inlined);
        }
    } else {
        result->rowsAffected = query.numRowsAffected();
        if (type != DialectType::PostgreSQL)
            result->lastInsertId = query.lastInsertId();
        releaseQuery(entry);
    }
    log(sql, values, how, Error());
    notify({ sql, values, fromCache, true, Error() });
    return Result(result);
}

bool ConnectionPrivate::control(const QString &sql, const std::function<bool(QSqlError *)> &run)
{
    if (connectionLost || !db.isOpen()) {
        setError(notOpenError().withStatement(sql, {}));
        return false;
    }
    controlReachedServer = false;
    if (interceptor) {
        Error injected = interceptor(CompiledStatement(sql));
        if (injected.isValid()) {
            if (injected.statement().isEmpty())
                injected = injected.withStatement(sql, {});
            lastError = injected;
            log(sql, {}, "[intercepted]", injected);
            notify({ sql, {}, false, false, injected });
            return false;
        }
    }
    // Cursors end before the transaction does: an open SQLite statement would keep its lock.
    bufferOpenResults();
    QSqlError sqlError;
    controlReachedServer = true;
    const bool ok = run(&sqlError);
    Error error;
    if (!ok) {
        error = Error::fromSqlError(sqlError, dialectType(), sql);
        if (!error.isValid())
            error = Error(Error::TransactionError, u"%1 failed"_s.arg(sql)).withStatement(sql, {});
        else if (error.type() != Error::IntegrityError && error.type() != Error::ConnectionError)
            error = Error(Error::TransactionError, error.text(), sqlError, sql);
        // As for statements (execute()): QPSQL reports a connection the server closed without
        // an SQLSTATE, and as a transaction error, but its driver knows it is closed.
        if (error.type() != Error::ConnectionError && !db.isOpen())
            error = Error(Error::ConnectionError, error.text(), sqlError, sql);
        setError(error);
    }
    log(sql, {}, "", error);
    notify({ sql, {}, false, ok, error });
    return ok;
}

bool ConnectionPrivate::controlSql(const QString &sql)
{
    return control(sql, [this, &sql](QSqlError *error) {
        QSqlQuery query(db);
        const bool ok = query.exec(sql);
        if (!ok)
            *error = query.lastError();
        return ok;
    });
}

bool ConnectionPrivate::beginTopLevel(TransactionMode mode)
{
    // QSqlDatabase::transaction() is a deferred BEGIN on SQLite; an immediate one needs SQL.
    if (dialectType() == DialectType::SQLite)
        return controlSql(mode == TransactionMode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    return control(u"BEGIN"_s, [this](QSqlError *error) {
        const bool ok = db.transaction();
        if (!ok)
            *error = db.driver()->lastError();
        return ok;
    });
}

// QSqlDatabase::commit() on QPSQL notices a COMMIT that the server turned into a ROLLBACK.
bool ConnectionPrivate::commitTopLevel()
{
    return control(u"COMMIT"_s, [this](QSqlError *error) {
        const bool ok = db.commit();
        if (!ok)
            *error = db.driver()->lastError();
        return ok;
    });
}

bool ConnectionPrivate::rollbackTopLevel()
{
    return control(u"ROLLBACK"_s, [this](QSqlError *error) {
        const bool ok = db.rollback();
        if (!ok)
            *error = db.driver()->lastError();
        return ok;
    });
}

/*
    A failed COMMIT must not leave a transaction open that no handle refers to. PostgreSQL ends
    the transaction itself once the COMMIT reached it (a COMMIT of an aborted transaction is
    answered with ROLLBACK), and a second ROLLBACK would only draw a warning; SQLite keeps it open
   after a deferred foreign key violation or SQLITE_BUSY, so it is rolled back here. The COMMIT's
   error stays the last error.
*/
void ConnectionPrivate::rollbackAfterFailedCommit()
{
    if ((dialectType() == DialectType::PostgreSQL && controlReachedServer) || connectionLost)
        return;
    const Error error = lastError;
    rollbackTopLevel();
    lastError = error;
}

void ConnectionPrivate::truncateTransactions(qsizetype index)
{
    if (index >= 0 && index < transactions.size())
        transactions.resize(index);
}

qsizetype ConnectionPrivate::transactionIndex(quint64 generation) const
{
    for (qsizetype i = 0; i < transactions.size(); ++i) {
        if (transactions.at(i).generation == generation)
            return i;
    }
    return -1;
}
//! \endcond

// --- Connection --------------------------------------------------------------

/*!
    \class Qorm::Connection
    \brief A database connection with a prepared-statement cache, transactions and savepoints.

    It wraps QSqlDatabase so that every statement goes through one place: the SQL echo, observers,
    the cache, error classification and the per-database setup Qorm relies on (SQLite foreign
    keys and a busy timeout, MySQL found rows and UTC, PostgreSQL UTC).

    A Connection belongs to the thread that created it: a call from another thread does nothing
    and fails with Error::ThreadAffinityError (dialect() and thread() excepted). Failures are
    reported through return values and lastError(), never by exceptions. Move-only.
*/

/*!
    \enum TransactionMode
    How Connection::begin() starts a top-level transaction on SQLite; the other databases ignore it.
*/

/*!
    \class Qorm::ConnectionSettings
    \brief What a Connection opens: driver, database, server and the Qorm-specific options.

    Connection::settings() returns them for an open connection, so that a worker thread can open
    a second connection to the same database.
*/

/*!
    \class Qorm::ExecutedStatement
    \brief What one executed statement was, as handed to a Connection::Observer.

    Used for SQL echo, statement recorders and tests that assert the SQL a call emits.
*/

/*!
    \class Qorm::StatementCacheStatistics
    \brief Counters of a Connection's prepared-statement cache, from
    Connection::statementCacheStatistics().
*/

/*!
    \typedef Qorm::Connection::Observer
    A callback that receives every ExecutedStatement; see addObserver().
*/

/*!
    \typedef Qorm::Connection::Interceptor
    A callback that may fail a statement before it is sent; see setInterceptor().
*/

/*! Constructs a connection without a database; open() fails until one is given. */
Connection::Connection() : d(std::make_unique<ConnectionPrivate>())
{
    ConnectionPrivate::registerConnection(this);
}

/*! Opens a new QSqlDatabase under a unique connection name that the destructor removes again. */
Connection::Connection(const ConnectionSettings &settings)
    : d(std::make_unique<ConnectionPrivate>())
{
    ConnectionPrivate::registerConnection(this);
    d->connectionName = u"qorm-%1"_s.arg(++connectionCounter);
    d->ownsDatabase = true;
    d->settings = settings;
    d->fromSettings = true;
    d->nativeSqliteAllowed = settings.nativeSqlite;
    d->db = QSqlDatabase::addDatabase(settings.driver, d->connectionName);
    d->db.setDatabaseName(settings.databaseName);
    d->db.setHostName(settings.hostName);
    if (settings.port >= 0)
        d->db.setPort(settings.port);
    d->db.setUserName(settings.userName);
    d->db.setPassword(settings.password);
    d->db.setConnectOptions(settings.connectOptions);
    prepareDatabase(d->db, settings.busyTimeoutMilliseconds);
    (void)d->openDatabase();
}

/*!
    Uses \a database without taking it over: the destructor leaves it open and registered.
    A database that is not open yet is opened.
*/
Connection::Connection(const QSqlDatabase &database) : d(std::make_unique<ConnectionPrivate>())
{
    ConnectionPrivate::registerConnection(this);
    d->db = database;
    d->connectionName = database.connectionName();
    const QString driver = database.driverName();
    if ((driver == u"QMYSQL" || driver == u"QMARIADB")
        && !isOptionSet(database.connectOptions().split(u';'), u"CLIENT_FOUND_ROWS")) {
        qCWarning(lcSql) << "Qorm::Connection: the MySQL connection" << database.connectionName()
                         << "lacks CLIENT_FOUND_ROWS; numRowsAffected() counts changed rows, not "
                            "matched ones"
                         << "(use Connection::prepareDatabase() before opening)";
    }
    if (!database.isValid()) {
        d->lastError = Error(Error::ConnectionError, u"the QSqlDatabase is not valid"_s);
        return;
    }
    if (!d->db.isOpen()) {
        (void)d->openDatabase();
        return;
    }
    d->dialect = Dialect::forDatabase(d->db);
    if (!d->dialect.isValid()) {
        d->setError(Error(Error::UnsupportedFeatureError,
                          u"Qorm has no dialect for the SQL driver \"%1\""_s.arg(driver)));
        return;
    }
    (void)d->applySetup();
}

/*! Transactions begun on \a other stay with \a other's handles, which then report TransactionError. */
Connection::Connection(Connection &&other) noexcept : d(std::move(other.d))
{
    other.d = std::make_unique<ConnectionPrivate>();
    ConnectionPrivate::registerConnection(this);
}

/*!
    Closes this connection's own database first (as the destructor would), then takes over
    \a other's; \a other is left without a database.
*/
Connection &Connection::operator=(Connection &&other) noexcept
{
    if (this != &other) {
        ConnectionPrivate::unregisterConnection(this);
        d->shutdown();
        d = std::move(other.d);
        other.d = std::make_unique<ConnectionPrivate>();
        ConnectionPrivate::registerConnection(this);
    }
    return *this;
}

/*! Ends cursors and the statement cache before the database closes (QMYSQL warns otherwise). */
Connection::~Connection()
{
    ConnectionPrivate::unregisterConnection(this);
    d->shutdown();
}

/*!
    Adds the options Qorm relies on to \a database, unless they are set already: found rows
    on MySQL (so that numRowsAffected() counts matched rows, as on the other databases) and
    the busy timeout on SQLite.
*/
void Connection::prepareDatabase(QSqlDatabase &database, int busyTimeoutMilliseconds)
{
    const QString driver = database.driverName();
    QStringList options;
    const QStringList given = database.connectOptions().split(u';', Qt::SkipEmptyParts);
    for (const QString &option : given) {
        if (!option.trimmed().isEmpty())
            options.append(option.trimmed());
    }
    if (driver == u"QMYSQL" || driver == u"QMARIADB") {
        if (!isOptionSet(options, u"CLIENT_FOUND_ROWS"))
            options.append(u"CLIENT_FOUND_ROWS=1"_s);
    } else if (driver == u"QSQLITE") {
        if (!isOptionSet(options, u"QSQLITE_BUSY_TIMEOUT"))
            options.append(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(qMax(0, busyTimeoutMilliseconds)));
    }
    if (database.isOpen())
        qCWarning(lcSql) << "Connection::prepareDatabase: the database is open; the options apply "
                            "when it is opened again";
    database.setConnectOptions(options.join(u';'));
}

/*! False also after the server dropped the connection (a ConnectionError): open() reconnects then. */
bool Connection::isOpen() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("isOpen");
        return false;
    }
    return d->db.isOpen() && !d->connectionLost;
}

/*! Reopens after a lost connection: the cache, cursors and transactions of the old session are gone. */
bool Connection::open()
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("open");
        return false;
    }
    return d->openDatabase();
}

/*!
    Closes the database. Open Results are read into memory first, and an active transaction is
    rolled back (with a warning): its Transaction handles become inactive. open() reopens.
*/
void Connection::close()
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("close");
        return;
    }
    if (d->db.isValid())
        d->closeDatabase();
}

/*!
    The underlying QSqlDatabase, for what Qorm does not wrap. Statements run on it directly bypass
    the statement cache, observers and transaction bookkeeping. From a foreign thread: an invalid
    QSqlDatabase.
*/
QSqlDatabase Connection::database() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("database");
        return QSqlDatabase();
    }
    return d->db;
}

/*!
    The settings this connection was opened with, or for one built from a QSqlDatabase, that
    database's driver, name, host, port, user, password and connect options (the SQLite busy
    timeout read from them; nativeSqlite off, as for the database itself). A second
    Connection opened with them reaches the same database: the asynchronous QueryModel's
    worker thread opens its own that way.
*/
ConnectionSettings Connection::settings() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("settings");
        return ConnectionSettings();
    }
    if (d->fromSettings)
        return d->settings;
    ConnectionSettings settings;
    settings.nativeSqlite = false;
    if (!d->db.isValid())
        return settings;
    settings.driver = d->db.driverName();
    settings.databaseName = d->db.databaseName();
    settings.hostName = d->db.hostName();
    settings.port = d->db.port();
    settings.userName = d->db.userName();
    settings.password = d->db.password();
    settings.connectOptions = d->db.connectOptions();
    for (const QString &option : settings.connectOptions.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = option.indexOf(u'=');
        if (equals > 0
            && QStringView(option).left(equals).trimmed().compare(u"QSQLITE_BUSY_TIMEOUT",
                                                                  Qt::CaseInsensitive)
                    == 0) {
            bool ok = false;
            const int timeout = QStringView(option).mid(equals + 1).trimmed().toInt(&ok);
            if (ok)
                settings.busyTimeoutMilliseconds = timeout;
        }
    }
    return settings;
}

/*!
    True while this connection runs its prepared statements through the SQLite C API on the
    QSQLITE driver's handle: a SQLite database that Qorm opened from ConnectionSettings with
    nativeSqlite set, whose driver uses the same SQLite library as Qorm.
*/
bool Connection::usesNativeSqlite() const
{
    return d->nativeSqlite != nullptr;
}

/*! Callable from any thread: a Dialect is an immutable value. */
Dialect Connection::dialect() const
{
    return d->dialect;
}

/*! The thread the connection belongs to; callable from any thread. */
QThread *Connection::thread() const
{
    return d->thread;
}

/*!
    The most recent error on this connection; a success does not clear it. From a foreign
    thread this is the ThreadAffinityError for that call.
*/
Error Connection::lastError() const
{
    if (!d->isOwnerThread())
        return d->threadError("lastError");
    return d->lastError;
}

/*!
    Compiles \a statement with the connection's dialect, fills its named parameters from
    \a parameters and executes it. Nothing is sent when compiling fails.
*/
Result Connection::execute(const Statement &statement, const QVariantMap &parameters)
{
    if (!d->isOwnerThread())
        return ResultPrivate::failed(d->threadError("execute"));
    if (!d->dialect.isValid()) {
        const Error error(Error::InvalidRequestError, u"the connection is not open"_s);
        d->setError(error);
        return ResultPrivate::failed(error);
    }
    CompiledStatement compiled = d->dialect.compile(statement);
    if (compiled.isValid() && !parameters.isEmpty())
        compiled = d->dialect.bindParameters(compiled, parameters);
    return d->execute(compiled);
}

/*!
    Executes \a statement through the statement cache (one prepared QSqlQuery per SQL text,
    reused while no Result is reading from it). Values are bound positionally.
*/
Result Connection::execute(const CompiledStatement &statement)
{
    if (!d->isOwnerThread())
        return ResultPrivate::failed(d->threadError("execute"));
    return d->execute(statement);
}

/*!
    Begins a top-level transaction. On SQLite, TransactionMode::Immediate takes the write lock at
    once, so a read-then-write transaction cannot fail with SQLITE_BUSY half-way.
*/
Transaction Connection::begin(TransactionMode mode)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("begin");
        return Transaction();
    }
    if (!d->transactions.isEmpty()) {
        d->setError(Error(Error::TransactionError,
                          u"a transaction is already active; use beginNested() for a savepoint"_s));
        return Transaction();
    }
    if (!d->beginTopLevel(mode))
        return Transaction();
    const quint64 generation = ConnectionPrivate::nextGeneration();
    d->transactions.append({ Transaction::TopLevel, QString(), generation, false });
    return Transaction(d.get(), Transaction::TopLevel, QString(), generation);
}

/*!
    Begins a savepoint. Without an active transaction it begins one first, and that transaction
    ends with the savepoint: committing it commits, rolling it back rolls back everything.
*/
Transaction Connection::beginNested()
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("beginNested");
        return Transaction();
    }
    bool beganOuter = false;
    if (d->transactions.isEmpty()) {
        if (!d->beginTopLevel(TransactionMode::Deferred))
            return Transaction();
        d->transactions.append(
                { Transaction::TopLevel, QString(), ConnectionPrivate::nextGeneration(), false });
        beganOuter = true;
    }
    const QString name = u"qorm_sp_%1"_s.arg(++d->savepointCounter);
    if (!d->controlSql(u"SAVEPOINT "_s + name)) {
        if (beganOuter) {
            const Error error = d->lastError;
            d->rollbackTopLevel();
            d->lastError = error;
            d->transactions.clear();
        }
        return Transaction();
    }
    const quint64 generation = ConnectionPrivate::nextGeneration();
    d->transactions.append({ Transaction::Savepoint, name, generation, beganOuter });
    return Transaction(d.get(), Transaction::Savepoint, name, generation);
}

/*! True while a transaction begun with begin() or beginNested() is active. */
bool Connection::inTransaction() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("inTransaction");
        return false;
    }
    return !d->transactions.isEmpty();
}

/*! 0 outside a transaction, 1 inside one, and one more per active savepoint. */
int Connection::transactionDepth() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("transactionDepth");
        return 0;
    }
    return int(d->transactions.size());
}

/*! Keep it below MySQL's server-wide max_prepared_stmt_count divided by the connections. */
void Connection::setStatementCacheCapacity(int capacity)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("setStatementCacheCapacity");
        return;
    }
    if (d->dialectType() == DialectType::PostgreSQL)
        d->bufferOpenResults(); // evicting sends DEALLOCATE, which would discard a streaming result
    d->cache.setCapacity(capacity);
}

/*! Hit and miss counts since the connection was created, and the cache's size and capacity. */
StatementCacheStatistics Connection::statementCacheStatistics() const
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("statementCacheStatistics");
        return {};
    }
    return { d->cacheHits, d->cacheMisses, d->cache.size(), d->cache.capacity() };
}

/*! Drops every cached prepared query; the ones Results still read from go when those are done. */
void Connection::clearStatementCache()
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("clearStatementCache");
        return;
    }
    if (d->dialectType() == DialectType::PostgreSQL)
        d->bufferOpenResults();
    d->cache.clear();
}

/*!
    Calls \a observer after every statement this connection executes, including transaction
    control (BEGIN, SAVEPOINT, COMMIT, ...) and statements an interceptor failed. Returns an id for
    removeObserver(), or -1 from a foreign thread. An observer may add or remove observers.
    Observers are dropped when the connection is destroyed.
*/
int Connection::addObserver(Observer observer)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("addObserver");
        return -1;
    }
    const int id = d->nextObserverId++;
    d->observers.insert(id, std::move(observer));
    return id;
}

/*! Removes the observer that addObserver() returned \a id for; unknown ids are ignored. */
void Connection::removeObserver(int id)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("removeObserver");
        return;
    }
    d->observers.remove(id);
}

/*!
    Calls \a interceptor before every statement, transaction control included. An invalid Error
    lets the statement run; a valid one makes it fail with that error without reaching the
    database (observers still see it). Meant for fault injection in tests; a null function removes
    the interceptor. There is one interceptor per connection.
*/
void Connection::setInterceptor(Interceptor interceptor)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("setInterceptor");
        return;
    }
    d->interceptor = std::move(interceptor);
}

/*!
    Committing a transaction while one of its savepoints is active is refused (TransactionError):
    the savepoint's owner decides about its work first. A failed COMMIT ends the transaction for
    good (PostgreSQL has rolled it back already; elsewhere Qorm rolls back).
*/
bool Connection::commitTransaction(const Transaction &transaction)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("commit");
        return false;
    }
    const qsizetype index = d->transactionIndex(transaction.m_generation);
    if (index < 0) {
        d->setError(Error(
                Error::TransactionError,
                u"the transaction is no longer active (it ended already, an enclosing transaction "
                u"was rolled back, or the connection was closed)"_s));
        return false;
    }
    if (index != d->transactions.size() - 1) {
        d->setError(Error(
                Error::TransactionError,
                u"cannot commit while savepoint %1 is active; commit or roll it back first"_s.arg(
                        d->transactions.last().savepoint)));
        return false;
    }
    const TransactionEntry entry = d->transactions.at(index);
    if (entry.kind == Transaction::TopLevel) {
        const bool ok = d->commitTopLevel();
        if (!ok)
            d->rollbackAfterFailedCommit();
        d->transactions.clear();
        return ok;
    }
    bool ok = d->controlSql(u"RELEASE SAVEPOINT "_s + entry.savepoint);
    if (!ok) {
        const Error error = d->lastError;
        if (!entry.endsOuter) {
            d->controlSql(u"ROLLBACK TO SAVEPOINT "_s + entry.savepoint);
            d->controlSql(u"RELEASE SAVEPOINT "_s + entry.savepoint);
        }
        d->lastError = error;
    }
    d->truncateTransactions(index);
    if (entry.endsOuter) {
        if (ok) {
            ok = d->commitTopLevel();
            if (!ok)
                d->rollbackAfterFailedCommit();
        } else {
            const Error error = d->lastError;
            d->rollbackTopLevel();
            d->lastError = error;
        }
        d->transactions.clear();
    }
    return ok;
}

/*! Rolling back an ended transaction does nothing and returns false. */
bool Connection::rollbackTransaction(const Transaction &transaction)
{
    if (!d->isOwnerThread()) {
        (void)d->threadError("rollback");
        return false;
    }
    const qsizetype index = d->transactionIndex(transaction.m_generation);
    if (index < 0)
        return false;
    const TransactionEntry entry = d->transactions.at(index);
    if (entry.kind == Transaction::TopLevel || entry.endsOuter) {
        const bool ok = d->rollbackTopLevel();
        d->transactions.clear();
        return ok;
    }
    bool ok = d->controlSql(u"ROLLBACK TO SAVEPOINT "_s + entry.savepoint);
    ok = d->controlSql(u"RELEASE SAVEPOINT "_s + entry.savepoint) && ok;
    d->truncateTransactions(index);
    return ok;
}

/*! From a foreign thread this cannot look, and says yes: the real call then reports the misuse. */
bool Connection::isCurrent(const Transaction &transaction) const
{
    if (!d->isOwnerThread())
        return true;
    return d->transactionIndex(transaction.m_generation) >= 0;
}

} // namespace Qorm
