// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/core/error.h>

#include <QtCore/QDebug>
#include <QtCore/QMetaEnum>

using namespace Qt::StringLiterals;

namespace Qorm {

class ErrorPrivate : public QSharedData
{
public:
    Error::Type type = Error::NoError;
    QString text;
    QSqlError sqlError;
    QString statement;
    QVariantList boundValues;
};

namespace {

// SQLite result codes; the extended ones keep the primary code in their low byte.
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteCantOpen = 14;
constexpr int SqliteConstraint = 19;
constexpr int SqliteNotADatabase = 26;

Error::Type classifySqlite(const QString &code, QString *hint)
{
    bool ok = false;
    const int extended = code.toInt(&ok);
    if (!ok)
        return Error::StatementError;
    switch (extended & 0xff) {
    case SqliteConstraint:
        return Error::IntegrityError;
    case SqliteBusy:
        *hint = u"another connection holds a lock on the database; keep transactions and "
                u"cursors short and begin write transactions with TransactionMode::Immediate"_s;
        return Error::StatementError;
    case SqliteLocked:
        *hint = u"a statement of this connection still uses the table (an unfinished result?); "
                u"read results to the end or close() them first"_s;
        return Error::StatementError;
    case SqliteCantOpen:
    case SqliteNotADatabase:
        return Error::ConnectionError;
    default:
        return Error::StatementError;
    }
}

Error::Type classifyPostgreSql(const QString &sqlState)
{
    if (sqlState.size() != 5)
        return Error::StatementError;
    const QStringView errorClass = QStringView(sqlState).left(2);
    if (errorClass == u"23")
        return Error::IntegrityError;
    if (errorClass == u"08" || errorClass == u"28" || sqlState == u"57P01" || sqlState == u"57P02"
        || sqlState == u"57P03")
        return Error::ConnectionError;
    if (sqlState == u"40001" || sqlState == u"40P01" || errorClass == u"25" || errorClass == u"2D"
        || errorClass == u"3B")
        return Error::TransactionError;
    return Error::StatementError;
}

Error::Type classifyMySql(const QString &code)
{
    bool ok = false;
    const int errorNumber = code.toInt(&ok);
    if (!ok)
        return Error::StatementError;
    switch (errorNumber) {
    case 1048: // column cannot be null
    case 1062: // duplicate entry
    case 1169: // unique constraint violated (MyISAM)
    case 1216: // cannot add or update a child row (old servers)
    case 1217: // cannot delete or update a parent row (old servers)
    case 1364: // field has no default value
    case 1451: // cannot delete or update a parent row
    case 1452: // cannot add or update a child row
    case 1557: // duplicate foreign key value
    case 3819: // check constraint violated (MySQL)
    case 4025: // check constraint failed (MariaDB)
        return Error::IntegrityError;
    case 1040: // too many connections
    case 1044: // access denied to a database
    case 1045: // access denied for the user
    case 1927: // connection was killed
    case 2002: // cannot connect through the socket
    case 2003: // cannot connect to the server
    case 2005: // unknown host
    case 2006: // server has gone away
    case 2013: // lost connection during a query
    case 2055: // lost connection at reading
        return Error::ConnectionError;
    case 1205: // lock wait timeout
    case 1213: // deadlock
        return Error::TransactionError;
    default:
        return Error::StatementError;
    }
}

Error::Type classifyWithoutCode(QSqlError::ErrorType type)
{
    switch (type) {
    case QSqlError::ConnectionError:
        return Error::ConnectionError;
    case QSqlError::TransactionError:
        return Error::TransactionError;
    default:
        return Error::StatementError;
    }
}

} // namespace

/*!
    \class Qorm::Error
    \brief A failure reported by Qorm: what kind it was, the driver's error and the statement.

    Qorm reports errors as values because no exception may cross into QML.
*/

/*!
    \enum Error::Type
    The kind of failure, so that callers can react (retry, report, fix the model) without
    parsing driver messages. The classification is the same on every database.
*/

/*! Constructs an invalid error (NoError). */
Error::Error() noexcept = default;

/*! Constructs an error that did not come from the database. */
Error::Error(Type type, const QString &text) : d(new ErrorPrivate)
{
    d->type = type;
    d->text = text;
}

/*! Constructs an error that wraps the driver's \a sqlError, keeping its native code. */
Error::Error(Type type, const QString &text, const QSqlError &sqlError, const QString &statement,
             const QVariantList &boundValues)
    : d(new ErrorPrivate)
{
    d->type = type;
    d->text = text;
    d->sqlError = sqlError;
    d->statement = statement;
    d->boundValues = boundValues;
}

Error::Error(const Error &other) noexcept = default;
Error &Error::operator=(const Error &other) noexcept = default;
Error::~Error() = default;

/*! True unless this is NoError. */
bool Error::isValid() const noexcept
{
    return d && d->type != NoError;
}

Error::Type Error::type() const noexcept
{
    return d ? d->type : NoError;
}

/*! The message; falls back to the driver's text so that no error is ever silent. */
QString Error::text() const
{
    if (!d)
        return {};
    if (!d->text.isEmpty())
        return d->text;
    return d->sqlError.text();
}

QSqlError Error::sqlError() const
{
    return d ? d->sqlError : QSqlError();
}

/*! The SQLite extended result code, PostgreSQL SQLSTATE or MySQL errno, as text. */
QString Error::nativeErrorCode() const
{
    return d ? d->sqlError.nativeErrorCode() : QString();
}

QString Error::statement() const
{
    return d ? d->statement : QString();
}

QVariantList Error::boundValues() const
{
    return d ? d->boundValues : QVariantList();
}

/*! The type as its enumerator name, e.g. "IntegrityError", for logs and QML. */
QString Error::typeName() const
{
    const QMetaEnum metaEnum = QMetaEnum::fromType<Type>();
    return QString::fromLatin1(metaEnum.valueToKey(type()));
}

/*! Lets a layer that knows the statement attach it to an error raised below it. */
Error Error::withStatement(const QString &statement, const QVariantList &boundValues) const
{
    Error copy(*this);
    if (!copy.d)
        copy.d = new ErrorPrivate;
    copy.d.detach();
    copy.d->statement = statement;
    copy.d->boundValues = boundValues;
    return copy;
}

/*!
    Classifies by native code because drivers disagree on QSqlError::type() (QSQLITE reports a
    duplicate key as a ConnectionError). Returns an invalid Error for an invalid \a sqlError.
*/
Error Error::fromSqlError(const QSqlError &sqlError, DialectType dialect, const QString &statement,
                          const QVariantList &boundValues)
{
    if (!sqlError.isValid())
        return Error();
    QString code = sqlError.nativeErrorCode();
    if (code == u"0")
        code.clear(); // QMYSQL's statement errors that have no errno
    QString hint;
    Type type;
    if (code.isEmpty()) {
        type = classifyWithoutCode(sqlError.type());
    } else {
        switch (dialect) {
        case DialectType::SQLite:
            type = classifySqlite(code, &hint);
            break;
        case DialectType::PostgreSQL:
            type = classifyPostgreSql(code);
            break;
        case DialectType::MySQL:
            type = classifyMySql(code);
            break;
        default:
            type = classifyWithoutCode(sqlError.type());
            break;
        }
    }
    QString text = sqlError.databaseText().trimmed();
    const QString driverText = sqlError.driverText().trimmed();
    if (text.isEmpty())
        text = driverText;
    else if (!driverText.isEmpty() && !text.contains(driverText))
        text += u" ("_s + driverText + u')';
    if (!hint.isEmpty())
        text += u": "_s + hint;
    return Error(type, text, sqlError, statement, boundValues);
}

/*! Errors are equal when they say the same thing about the same statement. */
bool Error::operator==(const Error &other) const noexcept
{
    if (d == other.d)
        return true;
    if (type() != other.type())
        return false;
    if (!isValid())
        return true; // both NoError
    return text() == other.text() && nativeErrorCode() == other.nativeErrorCode()
            && statement() == other.statement() && boundValues() == other.boundValues();
}

/*!
    \relatesalso Qorm::Error
    Writes \a error to \a debug: its type, text, native code, statement and bound values.
*/
QDebug operator<<(QDebug debug, const Error &error)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote();
    if (!error.isValid())
        return debug << "Qorm::Error(NoError)";
    debug << "Qorm::Error(" << error.typeName() << ", \"" << error.text() << '"';
    if (!error.nativeErrorCode().isEmpty())
        debug << ", native code " << error.nativeErrorCode();
    if (!error.statement().isEmpty())
        debug << ", statement \"" << error.statement() << '"';
    if (!error.boundValues().isEmpty()) {
        debug.quote();
        debug << ", values " << error.boundValues();
    }
    return debug << ')';
}

Error::Error(Error &&other) noexcept = default;

} // namespace Qorm
