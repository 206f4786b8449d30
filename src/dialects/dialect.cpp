// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "dialects/dialectimplementation_p.h"

#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMetaEnum>
#include <QtCore/QRegularExpression>
#include <QtCore/QTime>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlQuery>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Qorm {

// DialectImplementation is private (dialectimplementation_p.h): keep Doxygen out of it.
//! \cond internal
DialectImplementation::~DialectImplementation() = default;

QString DialectImplementation::typeName(const SqlType &type) const
{
    const QString specific = specificTypeName(type);
    if (!specific.isEmpty())
        return specific;
    switch (type.kind()) {
    case SqlType::Invalid:
        return {};
    case SqlType::Integer:
        return u"INTEGER"_s;
    case SqlType::BigInteger:
        return u"BIGINT"_s;
    case SqlType::SmallInteger:
        return u"SMALLINT"_s;
    case SqlType::Boolean:
        return u"BOOLEAN"_s;
    case SqlType::Double:
        return u"DOUBLE PRECISION"_s;
    case SqlType::Numeric:
        return u"NUMERIC(%1, %2)"_s.arg(type.precision()).arg(type.scale());
    case SqlType::String:
        return type.length() > 0 ? u"VARCHAR(%1)"_s.arg(type.length()) : u"VARCHAR"_s;
    case SqlType::Text:
        return u"TEXT"_s;
    case SqlType::Binary:
        return u"BLOB"_s;
    case SqlType::Date:
        return u"DATE"_s;
    case SqlType::Time:
        return u"TIME"_s;
    case SqlType::DateTime:
        return u"TIMESTAMP"_s;
    case SqlType::Uuid:
        return u"CHAR(36)"_s;
    case SqlType::Json:
        return u"JSON"_s;
    case SqlType::Enum: {
        // Stored by key name, checked by a CHECK constraint in the column's DDL.
        qsizetype length = 1;
        for (const QString &key : type.enumKeys())
            length = qMax(length, key.size());
        return u"VARCHAR(%1)"_s.arg(length);
    }
    case SqlType::Custom:
        return type.customDdl();
    }
    return {};
}

namespace {

// The SQL type a value would get if nothing declared one (binds in raw comparisons).
SqlType::Kind kindOfValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QDateTime:
        return SqlType::DateTime;
    case QMetaType::QDate:
        return SqlType::Date;
    case QMetaType::QTime:
        return SqlType::Time;
    case QMetaType::QUuid:
        return SqlType::Uuid;
    case QMetaType::Bool:
        return SqlType::Boolean;
    case QMetaType::QJsonDocument:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonValue:
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
        return SqlType::Json;
    case QMetaType::ULongLong:
    case QMetaType::ULong:
    case QMetaType::UInt:
        return SqlType::BigInteger;
    default:
        if (value.metaType().flags() & QMetaType::IsEnumeration)
            return SqlType::Enum;
        return SqlType::Invalid;
    }
}

QMetaEnum metaEnumOf(QMetaType enumType)
{
    const QMetaObject *scope = enumType.metaObject();
    if (!scope)
        return {};
    const QByteArray fullName = enumType.name();
    const QByteArray shortName = fullName.mid(fullName.lastIndexOf(':') + 1);
    const int index = scope->indexOfEnumerator(shortName.constData());
    return index >= 0 ? scope->enumerator(index) : QMetaEnum();
}

QString jsonText(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return value.toString(); // already JSON text
    case QMetaType::QByteArray:
        return QString::fromUtf8(value.toByteArray());
    case QMetaType::QJsonDocument:
        return QString::fromUtf8(value.toJsonDocument().toJson(QJsonDocument::Compact));
    case QMetaType::QJsonObject:
        return QString::fromUtf8(
                QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    case QMetaType::QJsonArray:
        return QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
    default: {
        // Any other value (a map, a list, a number) is serialised as the JSON value it is.
        const QJsonValue json = QJsonValue::fromVariant(value);
        const QByteArray wrapped = QJsonDocument(QJsonArray{ json }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

QVariant parseJson(const QVariant &value, QMetaType target)
{
    const QByteArray text = value.typeId() == QMetaType::QByteArray ? value.toByteArray()
                                                                    : value.toString().toUtf8();
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(text, &error);
    QJsonValue json;
    if (error.error == QJsonParseError::NoError) {
        json = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    } else {
        // A scalar at the top level: parse it inside an array.
        document = QJsonDocument::fromJson('[' + text + ']', &error);
        if (error.error != QJsonParseError::NoError)
            return value; // not JSON: hand back what the database gave
        json = document.array().first();
    }
    switch (target.id()) {
    case QMetaType::QJsonDocument:
        return json.isObject()   ? QJsonDocument(json.toObject())
                : json.isArray() ? QJsonDocument(json.toArray())
                                 : QJsonDocument();
    case QMetaType::QJsonObject:
        return json.toObject();
    case QMetaType::QJsonArray:
        return json.toArray();
    case QMetaType::QJsonValue:
        return json;
    case QMetaType::QVariantMap:
        return json.toVariant().toMap();
    case QMetaType::QVariantList:
        return json.toVariant().toList();
    default:
        return json.toVariant();
    }
}

// A QDateTime in UTC with Qt::UTC as its time spec, as QDateTime::toUTC() and
// currentDateTimeUtc() give (QTimeZone::utc() is a Qt::TimeZone spec before Qt 6.5).
QDateTime utcDateTime(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone::UTC);
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

/*
    Parses the text form of a date-time: "yyyy-MM-dd[ T]HH:mm[:ss[.fff...]]" with an optional
    offset ("Z", "+hh", "+hh:mm", "-hhmm"). Without an offset the fields are UTC. The date and
    the time are parsed apart: parsed together as a local time they would be invalid when the
    local zone skips that wall-clock time (a daylight saving gap).
*/
QDateTime parseUtc(const QString &text)
{
    static const QRegularExpression pattern(
            u"^(\\d{4,}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2})?)(?:\\.(\\d+))?\\s*"
            u"(Z|[+-]\\d{2}(?::?\\d{2})?)?)?$"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return {};
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    QTime time(0, 0);
    if (match.hasCaptured(2)) {
        const QString clock = match.captured(2);
        time = QTime::fromString(clock, clock.size() == 5 ? u"HH:mm"_s : u"HH:mm:ss"_s);
        // Milliseconds; more digits (microseconds from the server) are cut, not rounded.
        const QString fraction = (match.captured(3) + u"00"_s).left(3);
        if (time.isValid())
            time = time.addMSecs(fraction.toInt());
    }
    if (!date.isValid() || !time.isValid())
        return {};
    QDateTime dateTime = utcDateTime(date, time);
    const QString offset = match.captured(4);
    if (!offset.isEmpty() && offset != u"Z"_s) {
        const QString digits = QString(offset.mid(1)).remove(u':');
        const int seconds = digits.left(2).toInt() * 3600 + digits.mid(2, 2).toInt() * 60;
        dateTime = dateTime.addSecs(offset.startsWith(u'-') ? seconds : -seconds);
    }
    return dateTime;
}

/*
    A QDateTime from a driver, in UTC. A local time is what the driver made of the server's
    text: QPSQL turns a TIMESTAMP WITH TIME ZONE (what DateTime is on PostgreSQL) into the
    local time of the right instant; QMYSQL gives the UTC wall-clock fields of a DATETIME as a
    local time, which does not even exist when the local zone skips it (then it is invalid,
    but still has the fields).
*/
QDateTime asUtc(const QDateTime &value, DialectType dialect)
{
    if (value.timeSpec() == Qt::LocalTime) {
        if (dialect == DialectType::PostgreSQL && value.isValid())
            return value.toUTC();
        if (!value.date().isValid() || !value.time().isValid())
            return {};
        return utcDateTime(value.date(), value.time());
    }
    if (!value.isValid())
        return value;
    return value.toUTC();
}

// Text of a decimal with exactly `scale` digits after the point (SQLite hands back integers and
// doubles for NUMERIC columns; PostgreSQL and MariaDB already give this form).
QString decimalText(const QVariant &value, int scale)
{
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'f', qMax(0, scale));
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Long:
        return scale > 0 ? QString::number(value.toLongLong()) + u'.' + QString(scale, u'0')
                         : QString::number(value.toLongLong());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::ULong:
        return scale > 0 ? QString::number(value.toULongLong()) + u'.' + QString(scale, u'0')
                         : QString::number(value.toULongLong());
    default:
        return value.toString();
    }
}

/*
    A decimal as SQLite's NUMERIC affinity stores it: an integer when it is one, else a real
    when its digits survive the conversion (15 significant digits), else the text itself.
*/
QVariant sqliteNumeric(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UInt:
        return value;
    default:
        break;
    }
    const QString text = value.toString().trimmed();
    bool ok = false;
    const qint64 integer = text.toLongLong(&ok);
    if (ok)
        return integer;
    const double real = text.toDouble(&ok);
    if (!ok)
        return value;
    qsizetype digits = 0;
    bool leading = true;
    for (const QChar c : text) {
        if (c == u'e' || c == u'E')
            break;
        if (!c.isDigit() || (leading && c == u'0'))
            continue;
        leading = false;
        ++digits;
    }
    // Trailing zeros after the point are not significant ("1.50").
    if (text.contains(u'.') && !text.contains(u'e') && !text.contains(u'E')) {
        for (qsizetype i = text.size() - 1; i >= 0 && text.at(i) == u'0' && digits > 0; --i)
            --digits;
    }
    return digits <= 15 ? QVariant(real) : value;
}

} // namespace

/*
    Values are bound in a form every driver stores the same way: date-times as
    UTC text on SQLite and MySQL (text compares in time order there), enums by
    key, UUIDs as canonical text, JSON as text.
*/
QVariant DialectImplementation::toDatabaseValue(const QVariant &value,
                                                const SqlType &declared) const
{
    if (!value.isValid() || value.isNull())
        return value.isValid() && value.typeId() == QMetaType::QString ? value : QVariant();
    const SqlType sqlType = declared.resolved(type);
    SqlType::Kind kind = sqlType.kind();
    if (kind == SqlType::Invalid || kind == SqlType::Custom)
        kind = kindOfValue(value);
    // SQLite compares a text value with a number as greater, whatever the digits, where
    // neither side is a NUMERIC column (an aggregate, arithmetic): decimals are bound as the
    // number that column affinity would have made of them.
    if (kind == SqlType::Numeric && type == DialectType::SQLite) {
        if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float)
            return sqliteNumeric(QString::number(value.toDouble(), 'f', sqlType.scale()));
        return sqliteNumeric(value);
    }
    if (value.typeId() == QMetaType::QString && kind != SqlType::Uuid && kind != SqlType::DateTime
        && kind != SqlType::Date && kind != SqlType::Time && kind != SqlType::Json
        && kind != SqlType::Boolean)
        return value;

    switch (kind) {
    case SqlType::Double:
        // QPSQL writes values as literals, and the literal -0 is the integer 0: negative zero
        // survives only as text ('-0'::float8). MariaDB and SQLite store -0.0 as 0.0 anyway.
        if (type == DialectType::PostgreSQL
            && (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float)
            && value.toDouble() == 0.0 && std::signbit(value.toDouble()))
            return u"-0"_s;
        return value;
    case SqlType::Invalid:
    case SqlType::Custom:
    case SqlType::String:
    case SqlType::Text:
    case SqlType::Binary:
        return value;
    case SqlType::Integer:
    case SqlType::SmallInteger:
    case SqlType::BigInteger: {
        if (value.typeId() == QMetaType::ULongLong || value.typeId() == QMetaType::ULong) {
            const quint64 unsignedValue = value.toULongLong();
            // Beyond qint64 no database stores it: the connection refuses it before sending
            // (as text, SQLite would keep it as a REAL).
            if (unsignedValue > quint64(std::numeric_limits<qint64>::max()))
                return value;
            return qint64(unsignedValue);
        }
        if (value.metaType().flags() & QMetaType::IsEnumeration)
            return value.toLongLong();
        if (value.typeId() == QMetaType::Bool)
            return int(value.toBool());
        return value;
    }
    case SqlType::Boolean: {
        bool flag = value.toBool();
        if (value.typeId() == QMetaType::QString) {
            const QString text = value.toString().toLower();
            flag = !(text.isEmpty() || text == u"0"_s || text == u"false"_s || text == u"f"_s);
        }
        if (type == DialectType::PostgreSQL)
            return flag;
        return int(flag);
    }
    case SqlType::Numeric:
        if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float) {
            const int scale = sqlType.kind() == SqlType::Numeric ? sqlType.scale() : 6;
            return QString::number(value.toDouble(), 'f', scale);
        }
        return value.toString();
    case SqlType::Date: {
        const QDate date = value.toDate();
        if (!date.isValid())
            return QVariant();
        return type == DialectType::PostgreSQL ? QVariant(date)
                                               : QVariant(date.toString(Qt::ISODate));
    }
    case SqlType::Time: {
        const QTime time = value.toTime();
        if (!time.isValid())
            return QVariant();
        return time.toString(u"HH:mm:ss.zzz"_s);
    }
    case SqlType::DateTime: {
        QDateTime dateTime = value.typeId() == QMetaType::QString ? parseUtc(value.toString())
                                                                  : value.toDateTime();
        if (!dateTime.isValid())
            return QVariant();
        dateTime = dateTime.toUTC();
        const QString text = dateTime.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        return type == DialectType::PostgreSQL ? QVariant(text + u"+00"_s) : QVariant(text);
    }
    case SqlType::Uuid: {
        const QUuid uuid = value.typeId() == QMetaType::QUuid ? value.toUuid()
                                                              : QUuid::fromString(value.toString());
        if (uuid.isNull() && value.typeId() == QMetaType::QUuid)
            return QVariant(); // a null QUuid is NULL, as Qt's drivers bind it
        if (uuid.isNull())
            return value; // not a UUID: let the database say so
        return uuid.toString(QUuid::WithoutBraces);
    }
    case SqlType::Json:
        return jsonText(value);
    case SqlType::Enum: {
        if (value.typeId() == QMetaType::QString)
            return value;
        const QMetaType enumType =
                sqlType.enumType().isValid() ? sqlType.enumType() : value.metaType();
        const QMetaEnum metaEnum = metaEnumOf(enumType);
        bool ok = false;
        const int number = value.toInt(&ok);
        if (metaEnum.isValid() && ok) {
            if (const char *key = metaEnum.valueToKey(number))
                return QString::fromLatin1(key);
        }
        const QStringList keys = sqlType.enumKeys();
        if (ok && number >= 0 && number < keys.size())
            return keys.at(number);
        return value.toString();
    }
    }
    return value;
}

QVariant DialectImplementation::fromDatabaseValue(const QVariant &value,
                                                  const SqlType &declared) const
{
    const SqlType sqlType = declared.resolved(type);
    if (!sqlType.isValid())
        return value;
    const QMetaType target = sqlType.valueType();
    if (!value.isValid() || value.isNull())
        return QVariant(target);
    if (value.metaType() == target && sqlType.kind() != SqlType::DateTime
        && sqlType.kind() != SqlType::Json)
        return value;

    switch (sqlType.kind()) {
    case SqlType::Invalid:
        return value;
    case SqlType::Integer:
        return value.toInt();
    case SqlType::BigInteger:
        return value.toLongLong();
    case SqlType::SmallInteger:
        return QVariant::fromValue(short(value.toInt()));
    case SqlType::Boolean:
        if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray) {
            const QString text = value.toString().toLower();
            return !(text.isEmpty() || text == u"0"_s || text == u"false"_s || text == u"f"_s);
        }
        return value.toBool();
    case SqlType::Double:
        return value.toDouble();
    case SqlType::Numeric:
        return decimalText(value, sqlType.scale());
    case SqlType::String:
    case SqlType::Text:
        if (value.typeId() == QMetaType::QByteArray)
            return QString::fromUtf8(value.toByteArray());
        return value.toString();
    case SqlType::Binary:
        if (value.typeId() == QMetaType::QString)
            return value.toString().toUtf8();
        return value.toByteArray();
    case SqlType::Date:
        if (value.typeId() == QMetaType::QDate)
            return value;
        if (value.typeId() == QMetaType::QDateTime)
            return value.toDateTime().date();
        return QDate::fromString(value.toString().left(10), Qt::ISODate);
    case SqlType::Time: {
        if (value.typeId() == QMetaType::QTime)
            return value;
        const QString text = value.toString();
        QTime time = QTime::fromString(text.left(12), u"HH:mm:ss.zzz"_s);
        if (!time.isValid())
            time = QTime::fromString(text.left(8), u"HH:mm:ss"_s);
        return time;
    }
    case SqlType::DateTime:
        if (value.typeId() == QMetaType::QDateTime)
            return asUtc(value.toDateTime(), type);
        return parseUtc(value.toString());
    case SqlType::Uuid:
        if (value.typeId() == QMetaType::QUuid)
            return value;
        return QUuid::fromString(value.toString());
    case SqlType::Json:
        return parseJson(value, target);
    case SqlType::Enum: {
        const QString key = value.toString();
        const QMetaEnum metaEnum = metaEnumOf(sqlType.enumType());
        if (!metaEnum.isValid())
            return key;
        bool ok = false;
        const int number = metaEnum.keyToValue(key.toLatin1().constData(), &ok);
        if (!ok)
            return QVariant(target);
        return QVariant(sqlType.enumType(), &number);
    }
    case SqlType::Custom: {
        QVariant converted = value;
        if (target.isValid() && converted.convert(target))
            return converted;
        return value;
    }
    }
    return value;
}

//! \endcond

// ------------------------------------------------------------------ Dialect

/*!
    \class Qorm::Dialect
    \brief Compiles statements and DDL for SQLite, PostgreSQL or MySQL/MariaDB.

    \code
    const Qorm::CompiledStatement compiled = Qorm::Dialect::postgresql().compile(
            Qorm::select({users["name"]}).where(users["id"] == 5));
    // compiled.sql() == "SELECT \"user\".name FROM \"user\" WHERE \"user\".id = ?"
    \endcode
*/

/*!
    \enum Dialect::Flavor
    Which server the MySQL dialect talks to; MariaDB and MySQL differ, e.g. in RETURNING.
*/

/*! Constructs an invalid dialect; see isValid(). */
Dialect::Dialect() noexcept = default;
//! \cond internal
Dialect::Dialect(std::shared_ptr<const DialectImplementation> impl) noexcept
    : m_impl(std::move(impl))
{
}
//! \endcond

/*!
    The SQLite dialect for SQLite \a version, which decides RETURNING (3.35), FULL joins (3.39),
    NULLS FIRST/LAST (3.30) and the parameter limit. Use forDatabase() to get the actual version.
*/
Dialect Dialect::sqlite(const QVersionNumber &version)
{
    return Dialect(makeSqliteDialect(version));
}

/*! The PostgreSQL dialect for server \a version. */
Dialect Dialect::postgresql(const QVersionNumber &version)
{
    return Dialect(makePostgresqlDialect(version));
}

/*!
    The MySQL dialect for a server of \a flavor and \a version; RETURNING exists only on MariaDB
    (INSERT since 10.5, DELETE). A \a flavor of Standard means MariaDB.
*/
Dialect Dialect::mysql(Flavor flavor, const QVersionNumber &version)
{
    return Dialect(makeMysqlDialect(flavor == Standard ? MariaDB : flavor, version));
}

static QVersionNumber queryVersion(const QSqlDatabase &database, const QString &sql,
                                   QString *fullText = nullptr)
{
    if (!database.isOpen())
        return {};
    QSqlQuery query(database);
    if (!query.exec(sql) || !query.next())
        return {};
    const QString text = query.value(0).toString();
    if (fullText)
        *fullText = text;
    static const QRegularExpression number(u"(\\d+)\\.(\\d+)(?:\\.(\\d+))?"_s);
    const QRegularExpressionMatch match = number.match(text);
    if (!match.hasMatch())
        return {};
    return QVersionNumber(match.captured(1).toInt(), match.captured(2).toInt(),
                          match.captured(3).toInt());
}

/*!
    Returns the dialect for \a database's driver. When the database is open,
    its server version is read (one short query), so that version-dependent
    features such as RETURNING are known exactly.
*/
Dialect Dialect::forDatabase(const QSqlDatabase &database)
{
    const QString driver = database.driverName();
    if (driver == u"QSQLITE"_s) {
        const QVersionNumber version = queryVersion(database, u"SELECT sqlite_version()"_s);
        return sqlite(version.isNull() ? QVersionNumber(3, 40) : version);
    }
    if (driver == u"QPSQL"_s) {
        const QVersionNumber version = queryVersion(database, u"SHOW server_version"_s);
        return postgresql(version.isNull() ? QVersionNumber(15) : version);
    }
    if (driver == u"QMYSQL"_s || driver == u"QMARIADB"_s) {
        QString text;
        const QVersionNumber version = queryVersion(database, u"SELECT VERSION()"_s, &text);
        if (version.isNull())
            return mysql(MariaDB, QVersionNumber(10, 11));
        return mysql(text.contains(u"MariaDB"_s, Qt::CaseInsensitive) ? MariaDB : MySQL, version);
    }
    return Dialect();
}

/*!
    False for a default-constructed Dialect and for forDatabase() with an unknown driver. An
    invalid dialect compiles nothing: every statement fails with an InvalidRequestError.
*/
bool Dialect::isValid() const noexcept
{
    return bool(m_impl);
}

/*! The database family; SQLite for an invalid dialect (check isValid()). */
DialectType Dialect::type() const noexcept
{
    return m_impl ? m_impl->type : DialectType::SQLite;
}

/*! MariaDB or MySQL for the MySQL dialect, Standard otherwise. */
Dialect::Flavor Dialect::flavor() const noexcept
{
    return m_impl ? m_impl->flavor : Standard;
}

/*!
    A lower-case name for logs and configuration: "sqlite", "postgresql", "mariadb" or "mysql";
    empty for an invalid dialect.
*/
QString Dialect::name() const
{
    if (!m_impl)
        return {};
    switch (m_impl->type) {
    case DialectType::SQLite:
        return u"sqlite"_s;
    case DialectType::PostgreSQL:
        return u"postgresql"_s;
    case DialectType::MySQL:
        return m_impl->flavor == MySQL ? u"mysql"_s : u"mariadb"_s;
    }
    return {};
}

/*! The server version the dialect was made for. */
QVersionNumber Dialect::serverVersion() const
{
    return m_impl ? m_impl->version : QVersionNumber();
}

/*!
    True when statements of \a kind can have RETURNING: always on PostgreSQL, from 3.35 on SQLite;
    on MariaDB INSERT (10.5) and DELETE only; never on MySQL. A statement using RETURNING where
    it is missing fails to compile with an UnsupportedFeatureError.
*/
bool Dialect::supportsReturning(Statement::Kind kind) const
{
    return m_impl && m_impl->supportsReturning(kind);
}

/*! True when FULL OUTER JOIN exists: PostgreSQL and SQLite 3.39 or later. */
bool Dialect::supportsFullJoin() const
{
    return m_impl && m_impl->supportsFullJoin();
}

/*! True when Select::withRowLock() can be used: PostgreSQL and MySQL/MariaDB, not SQLite. */
bool Dialect::supportsRowLocks() const
{
    return m_impl && m_impl->supportsRowLocks();
}

/*!
    True when CREATE, ALTER and DROP take part in transactions (SQLite, PostgreSQL). MySQL commits
    implicitly before each DDL statement, so a failed schema change cannot be rolled back there.
*/
bool Dialect::supportsTransactionalDdl() const
{
    return m_impl && m_impl->supportsTransactionalDdl();
}

/*!
    The most values one statement may bind (32766 or 999 on SQLite depending on the version, 32767
    on PostgreSQL, 65535 on MySQL). Core does not split a statement that binds more: keep rows
    times columns of a multi-row INSERT below it.
*/
int Dialect::maxBoundParameters() const
{
    return m_impl ? m_impl->maxBoundParameters() : 999;
}

static CompiledStatement noDialect()
{
    return CompiledStatement::failed(
            Error(Error::InvalidRequestError, u"No SQL dialect (an invalid Dialect)"_s));
}

/*!
    Compiles \a statement into SQL text and bound values for this dialect. Never throws: a
    statement that cannot be expressed gives an invalid CompiledStatement whose error() says why
    (InvalidRequestError for mistakes in the statement, UnsupportedFeatureError for what the
    database lacks). Each call uses a compiler of its own, and the result does not depend on a
    connection.
*/
CompiledStatement Dialect::compile(const Statement &statement) const
{
    if (!m_impl)
        return noDialect();
    return m_impl->createCompiler()->compile(statement);
}

/*!
    Returns a copy of \a statement with the named parameters (Qorm::parameter()) in \a parameters
    bound, converted like the values they are compared with. A name the statement does not have
    gives a failed CompiledStatement (InvalidRequestError); parameters not given stay unbound.
*/
CompiledStatement Dialect::bindParameters(const CompiledStatement &statement,
                                          const QVariantMap &parameters) const
{
    if (!m_impl)
        return noDialect();
    if (!statement.isValid() || parameters.isEmpty())
        return statement;
    CompiledStatement bound = statement;
    const QStringList names = statement.parameterNames();
    const QList<SqlType> types = statement.parameterTypes();
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        if (!names.contains(it.key())) {
            return CompiledStatement::failed(
                    Error(Error::InvalidRequestError,
                          u"The statement has no parameter named '%1'"_s.arg(it.key())));
        }
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (!names.at(i).isEmpty() && parameters.contains(names.at(i)))
            bound.setBoundValue(
                    int(i), m_impl->toDatabaseValue(parameters.value(names.at(i)), types.value(i)));
    }
    return bound;
}

/*!
    The DDL that creates \a table: CREATE TABLE (IF NOT EXISTS when \a checkFirst is Yes) with its
    constraints, followed by one CREATE INDEX per index. The constraints in \a omitConstraints are
    left out, so that foreign keys closing a cycle can be added later with addConstraint().
    On failure the list holds one failed CompiledStatement.
*/
QList<CompiledStatement> Dialect::createTable(const Table &table, CheckFirst checkFirst,
                                              const QList<Constraint> &omitConstraints) const
{
    if (!m_impl)
        return { noDialect() };
    return m_impl->createCompiler()->createTable(table, checkFirst, omitConstraints);
}

/*! DROP TABLE for \a table (IF EXISTS when \a checkFirst is Yes). */
CompiledStatement Dialect::dropTable(const Table &table, CheckFirst checkFirst) const
{
    if (!m_impl)
        return noDialect();
    return m_impl->createCompiler()->dropTable(table, checkFirst);
}

/*!
    ALTER TABLE ... ADD for \a constraint of \a table, for foreign keys that close a cycle between
    tables. SQLite cannot add constraints to an existing table: the result is a failed statement.
*/
CompiledStatement Dialect::addConstraint(const Table &table, const Constraint &constraint) const
{
    if (!m_impl)
        return noDialect();
    return m_impl->createCompiler()->addConstraint(table, constraint);
}

/*! ALTER TABLE ... DROP for \a constraint of \a table (DROP FOREIGN KEY on MySQL). */
CompiledStatement Dialect::dropConstraint(const Table &table, const Constraint &constraint) const
{
    if (!m_impl)
        return noDialect();
    return m_impl->createCompiler()->dropConstraint(table, constraint);
}

/*!
    The column clause that CREATE TABLE writes for \a column, for ALTER TABLE ADD COLUMN and
    MODIFY COLUMN (the schema layer's migrations).
*/
QString Dialect::columnDefinition(const Column &column, QString *errorMessage) const
{
    if (!m_impl) {
        if (errorMessage)
            *errorMessage = u"No SQL dialect (an invalid Dialect)"_s;
        return {};
    }
    return m_impl->createCompiler()->columnDefinition(column, errorMessage);
}

/*!
    A server default as DDL writes it after DEFAULT.
*/
QString Dialect::defaultDefinition(const Expression &expression, QString *errorMessage) const
{
    if (!m_impl) {
        if (errorMessage)
            *errorMessage = u"No SQL dialect (an invalid Dialect)"_s;
        return {};
    }
    return m_impl->createCompiler()->defaultDefinition(expression, errorMessage);
}

/*!
    The DDL name of \a type in this dialect, after SqlType::resolved(): e.g. "TIMESTAMP WITH TIME
    ZONE" for a dateTime() on PostgreSQL. Empty for an invalid type or dialect.
*/
QString Dialect::typeName(const SqlType &type) const
{
    return m_impl ? m_impl->typeName(type.resolved(m_impl->type)) : QString();
}

/*!
    \a identifier as SQL must spell it: unchanged when it is a plain lower-case name (letters,
    digits, underscores) that is no reserved word of any dialect, otherwise quoted (double quotes,
    backticks on MySQL) with quotes inside doubled.
    Empty for an invalid dialect.
*/
QString Dialect::quoteIdentifier(const QString &identifier) const
{
    // No dialect, no quoting rules: an empty name rather than an unquoted one.
    return m_impl ? m_impl->createCompiler()->quote(identifier) : QString();
}

/*!
    Converts \a value for binding to a column of \a type, as compile() does for bound values:
    QDateTime to UTC text, QUuid to text, an enum to its key, JSON to text, booleans to what the
    database stores. A null \a value becomes NULL; an invalid \a type leaves \a value as it is.
*/
QVariant Dialect::toDatabaseValue(const QVariant &value, const SqlType &type) const
{
    return m_impl ? m_impl->toDatabaseValue(value, type) : value;
}

/*!
    Converts \a value as read from the driver into the C++ type of \a type
    (SqlType::valueType()), so that every database reads back the same C++ values (QDateTime in
    UTC, QUuid, the Q_ENUM value for a stored key). NULL becomes a null QVariant of that type; an
    invalid \a type leaves \a value as it is.
*/
QVariant Dialect::fromDatabaseValue(const QVariant &value, const SqlType &type) const
{
    return m_impl ? m_impl->fromDatabaseValue(value, type) : value;
}

} // namespace Qorm
