// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/sql/types.h>

#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaEnum>
#include <QtCore/QSharedData>
#include <QtCore/QTime>
#include <QtCore/QUuid>

#include <map>

using namespace Qt::StringLiterals;

namespace Qorm {

class SqlTypePrivate : public QSharedData
{
public:
    SqlType::Kind kind = SqlType::Invalid;
    int length = 0;
    int precision = 0;
    int scale = 0;
    QStringList enumKeys;
    QMetaType enumType;
    QString customDdl;
    QMetaType valueType;
    std::map<DialectType, SqlType> variants;
};

/*!
    \class Qorm::SqlType
    \brief A column type, its DDL per dialect and the C++ type of its values.

    \code
    Qorm::SqlType name = Qorm::SqlType::string(255);
    Qorm::SqlType payload = Qorm::SqlType::json().withVariant(Qorm::DialectType::SQLite,
                                                               Qorm::SqlType::text());
    \endcode
*/

/*!
    \enum SqlType::Kind
    The portable column types. Each dialect picks the DDL (DateTime is TIMESTAMP WITH TIME ZONE
    on PostgreSQL, DATETIME(3) on MySQL) and converts values in both directions.
*/

/*! Constructs an invalid type (Invalid); a Column needs a valid one. */
SqlType::SqlType() noexcept = default;
SqlType::SqlType(const SqlType &other) noexcept = default;
SqlType::SqlType(SqlType &&other) noexcept = default;
SqlType &SqlType::operator=(const SqlType &other) noexcept = default;
SqlType::~SqlType() = default;

#define QORM_SQLTYPE(KIND, VALUETYPE) \
  SqlType type; \
  type.d = new SqlTypePrivate; \
  type.d->kind = KIND; \
  type.d->valueType = VALUETYPE

/*! A 32-bit INTEGER; values are int. */
SqlType SqlType::integer()
{
    QORM_SQLTYPE(Integer, QMetaType::fromType<int>());
    return type;
}

/*! A 64-bit BIGINT; values are qint64. The usual type of primary keys. */
SqlType SqlType::bigInteger()
{
    QORM_SQLTYPE(BigInteger, QMetaType::fromType<qint64>());
    return type;
}

/*! A 16-bit SMALLINT; values are short. */
SqlType SqlType::smallInteger()
{
    QORM_SQLTYPE(SmallInteger, QMetaType::fromType<short>());
    return type;
}

/*! A BOOLEAN (BOOL on MySQL); values are bool. */
SqlType SqlType::boolean()
{
    QORM_SQLTYPE(Boolean, QMetaType::fromType<bool>());
    return type;
}

/*! A binary floating point DOUBLE PRECISION; values are double. Use numeric() for money. */
SqlType SqlType::doublePrecision()
{
    QORM_SQLTYPE(Double, QMetaType::fromType<double>());
    return type;
}

/*!
    An exact decimal with \a precision digits, \a scale of them after the point.
    Values are QStrings so that no digit is lost; SQLite has no decimal storage
    and keeps about 15 significant digits.
*/
SqlType SqlType::numeric(int precision, int scale)
{
    QORM_SQLTYPE(Numeric, QMetaType::fromType<QString>());
    type.d->precision = precision;
    type.d->scale = scale;
    return type;
}

/*!
    A VARCHAR of at most \a length characters; values are QString.
    A \a length of 0 (or less) means unbounded: VARCHAR on SQLite and PostgreSQL, TEXT on
    MySQL, which requires a length for VARCHAR (and so cannot index it as a whole).
*/
SqlType SqlType::string(int length)
{
    QORM_SQLTYPE(String, QMetaType::fromType<QString>());
    type.d->length = qMax(0, length);
    return type;
}

/*! A large TEXT (LONGTEXT on MySQL); values are QString. */
SqlType SqlType::text()
{
    QORM_SQLTYPE(Text, QMetaType::fromType<QString>());
    return type;
}

/*! Bytes: BLOB, BYTEA on PostgreSQL, LONGBLOB on MySQL; values are QByteArray. */
SqlType SqlType::binary()
{
    QORM_SQLTYPE(Binary, QMetaType::fromType<QByteArray>());
    return type;
}

/*! A DATE; values are QDate. */
SqlType SqlType::date()
{
    QORM_SQLTYPE(Date, QMetaType::fromType<QDate>());
    return type;
}

/*! A TIME of day without time zone (millisecond precision on MySQL); values are QTime. */
SqlType SqlType::time()
{
    QORM_SQLTYPE(Time, QMetaType::fromType<QTime>());
    return type;
}

/*! A point in time; values are QDateTime, stored and returned in UTC whatever their time zone. */
SqlType SqlType::dateTime()
{
    QORM_SQLTYPE(DateTime, QMetaType::fromType<QDateTime>());
    return type;
}

/*! A UUID (native on PostgreSQL, CHAR(36) text elsewhere); values are QUuid. */
SqlType SqlType::uuid()
{
    QORM_SQLTYPE(Uuid, QMetaType::fromType<QUuid>());
    return type;
}

/*!
    A JSON document (JSONB on PostgreSQL, TEXT on SQLite) read back as \a valueType.
    \a valueType is QJsonDocument, QVariantMap, QVariantList, QJsonObject or QJsonArray; an
    invalid QMetaType means QVariantMap.
*/
SqlType SqlType::json(QMetaType valueType)
{
    QORM_SQLTYPE(Json, valueType.isValid() ? valueType : QMetaType::fromType<QVariantMap>());
    return type;
}

/*!
    An enumeration registered with Q_ENUM or Q_ENUM_NS, stored by key name so that reordering
    the enumerators does not corrupt stored rows; a CHECK constraint limits the column to the keys.
    Returns an invalid SqlType when \a enumType is not a Q_ENUM (its keys cannot be found).
*/
SqlType SqlType::enumeration(QMetaType enumType)
{
    QORM_SQLTYPE(Enum, enumType);
    type.d->enumType = enumType;
    if (const QMetaObject *scope = enumType.metaObject()) {
        // The enumerator's name is the last part of the metatype name ("Ns::Class::Color").
        const QByteArray fullName = enumType.name();
        const QByteArray shortName = fullName.mid(fullName.lastIndexOf(':') + 1);
        const int index = scope->indexOfEnumerator(shortName.constData());
        if (index >= 0) {
            const QMetaEnum metaEnum = scope->enumerator(index);
            for (int i = 0; i < metaEnum.keyCount(); ++i)
                type.d->enumKeys += QString::fromLatin1(metaEnum.key(i));
        }
    }
    if (type.d->enumKeys.isEmpty())
        type.d->kind = Invalid; // not a Q_ENUM: nothing to store it by
    return type;
}

/*! A string column limited to \a keys by a CHECK constraint; values are QString. */
SqlType SqlType::enumeration(const QStringList &keys)
{
    QORM_SQLTYPE(Enum, QMetaType::fromType<QString>());
    type.d->enumKeys = keys;
    return type;
}

/*!
    A type Qorm does not know, such as \c CITEXT or \c MEDIUMBLOB: \a ddl is written into
    CREATE TABLE as is (it is trusted, never quoted) and values of \a valueType pass through
    unconverted.
*/
SqlType SqlType::custom(const QString &ddl, QMetaType valueType)
{
    QORM_SQLTYPE(Custom, valueType);
    type.d->customDdl = ddl;
    return type;
}

#undef QORM_SQLTYPE

/*! False for a default-constructed type and for an enumeration() of a type without Q_ENUM. */
bool SqlType::isValid() const noexcept
{
    return d && d->kind != Invalid;
}

/*! The portable type; Invalid for an invalid type. */
SqlType::Kind SqlType::kind() const noexcept
{
    return d ? d->kind : Invalid;
}

/*! The maximum length of a string(); 0 when unbounded or not a string. */
int SqlType::length() const noexcept
{
    return d ? d->length : 0;
}

/*! The total number of digits of a numeric(); 0 otherwise. */
int SqlType::precision() const noexcept
{
    return d ? d->precision : 0;
}

/*! The digits after the decimal point of a numeric(); 0 otherwise. */
int SqlType::scale() const noexcept
{
    return d ? d->scale : 0;
}

/*! The keys an enumeration() column accepts, in declaration order. */
QStringList SqlType::enumKeys() const
{
    return d ? d->enumKeys : QStringList();
}

/*! The Q_ENUM type of enumeration(QMetaType); invalid for a key-list enumeration. */
QMetaType SqlType::enumType() const
{
    return d ? d->enumType : QMetaType();
}

/*! The DDL text of a custom() type; empty for other kinds. */
QString SqlType::customDdl() const
{
    return d ? d->customDdl : QString();
}

/*! The C++ type that values of this column have when read back (QString for numeric()). */
QMetaType SqlType::valueType() const
{
    return d ? d->valueType : QMetaType();
}

/*!
    Returns a copy that compiles as \a type for \a dialect, as SQLAlchemy's with_variant().
    Variants let one Table serve several databases (e.g. JSON on PostgreSQL, text on SQLite).
    A default-constructed type is returned unchanged.
    \sa resolved()
*/
SqlType SqlType::withVariant(DialectType dialect, const SqlType &type) const
{
    SqlType copy = *this;
    if (!copy.d)
        return copy;
    copy.d.detach();
    copy.d->variants[dialect] = type;
    return copy;
}

/*! The type to use for \a dialect: the variant given with withVariant(), else this type. */
SqlType SqlType::resolved(DialectType dialect) const
{
    if (!d)
        return *this;
    const auto it = d->variants.find(dialect);
    return it == d->variants.end() ? *this : it->second;
}

/*!
    Types are equal when they have the same kind, parameters and value type. Variants are
    compared by number only.
*/
bool SqlType::operator==(const SqlType &other) const noexcept
{
    if (d == other.d)
        return true;
    if (!d || !other.d)
        return kind() == other.kind();
    return d->kind == other.d->kind && d->length == other.d->length
            && d->precision == other.d->precision && d->scale == other.d->scale
            && d->enumKeys == other.d->enumKeys && d->customDdl == other.d->customDdl
            && d->valueType == other.d->valueType && d->variants.size() == other.d->variants.size();
}

// ------------------------------------------------------------------ TypeMap

class TypeMapPrivate : public QSharedData
{
public:
    QHash<int, SqlType> types;
};

/*!
    \class Qorm::TypeMap
    \brief Maps C++ types to SQL types, as SQLAlchemy's \c type_annotation_map.

    A default-constructed map knows int, qint64, short, bool, double, float,
    QString, QByteArray, QDate, QTime, QDateTime, QUuid, QJsonDocument,
    QJsonObject, QJsonArray, QVariantMap and QVariantList; Q_ENUM types map to
    SqlType::enumeration(). insert() adds or replaces an entry.
*/
TypeMap::TypeMap() : d(new TypeMapPrivate)
{
    auto add = [this](QMetaType cppType, const SqlType &sqlType) {
        d->types.insert(cppType.id(), sqlType);
    };
    add(QMetaType::fromType<int>(), SqlType::integer());
    add(QMetaType::fromType<uint>(), SqlType::bigInteger());
    add(QMetaType::fromType<qint64>(), SqlType::bigInteger());
    add(QMetaType::fromType<long>(), SqlType::bigInteger());
    add(QMetaType::fromType<short>(), SqlType::smallInteger());
    add(QMetaType::fromType<bool>(), SqlType::boolean());
    add(QMetaType::fromType<double>(), SqlType::doublePrecision());
    add(QMetaType::fromType<float>(), SqlType::doublePrecision());
    add(QMetaType::fromType<QString>(), SqlType::string());
    add(QMetaType::fromType<QByteArray>(), SqlType::binary());
    add(QMetaType::fromType<QDate>(), SqlType::date());
    add(QMetaType::fromType<QTime>(), SqlType::time());
    add(QMetaType::fromType<QDateTime>(), SqlType::dateTime());
    add(QMetaType::fromType<QUuid>(), SqlType::uuid());
    add(QMetaType::fromType<QJsonDocument>(), SqlType::json(QMetaType::fromType<QJsonDocument>()));
    add(QMetaType::fromType<QJsonObject>(), SqlType::json(QMetaType::fromType<QJsonObject>()));
    add(QMetaType::fromType<QJsonArray>(), SqlType::json(QMetaType::fromType<QJsonArray>()));
    add(QMetaType::fromType<QVariantMap>(), SqlType::json(QMetaType::fromType<QVariantMap>()));
    add(QMetaType::fromType<QVariantList>(), SqlType::json(QMetaType::fromType<QVariantList>()));
}

TypeMap::TypeMap(const TypeMap &other) noexcept = default;
TypeMap::TypeMap(TypeMap &&other) noexcept = default;
TypeMap &TypeMap::operator=(const TypeMap &other) noexcept = default;
TypeMap::~TypeMap() = default;

/*! Maps \a cppType to \a sqlType, replacing any existing entry (also for a Q_ENUM type). */
void TypeMap::insert(QMetaType cppType, const SqlType &sqlType)
{
    d.detach();
    d->types.insert(cppType.id(), sqlType);
}

/*! Removes the entry for \a cppType. Q_ENUM types still map to SqlType::enumeration(). */
void TypeMap::remove(QMetaType cppType)
{
    d.detach();
    d->types.remove(cppType.id());
}

/*! True when sqlType() knows \a cppType; always true for Q_ENUM types. */
bool TypeMap::contains(QMetaType cppType) const
{
    return d->types.contains(cppType.id()) || (cppType.flags() & QMetaType::IsEnumeration);
}

/*!
    The SQL type for \a cppType; an invalid SqlType when none is known.
    Q_ENUM types without an entry map to SqlType::enumeration().
*/
SqlType TypeMap::sqlType(QMetaType cppType) const
{
    const auto it = d->types.constFind(cppType.id());
    if (it != d->types.cend())
        return *it;
    if (cppType.flags() & QMetaType::IsEnumeration)
        return SqlType::enumeration(cppType);
    return SqlType();
}

} // namespace Qorm
