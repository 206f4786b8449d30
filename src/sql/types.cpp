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

SqlType SqlType::integer()
{
    QORM_SQLTYPE(Integer, QMetaType::fromType<int>());
    return type;
}

SqlType SqlType::bigInteger()
{
    QORM_SQLTYPE(BigInteger, QMetaType::fromType<qint64>());
    return type;
}

SqlType SqlType::smallInteger()
{
    QORM_SQLTYPE(SmallInteger, QMetaType::fromType<short>());
    return type;
}

SqlType SqlType::boolean()
{
    QORM_SQLTYPE(Boolean, QMetaType::fromType<bool>());
    return type;
}

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

SqlType SqlType::string(int length)
{
    QORM_SQLTYPE(String, QMetaType::fromType<QString>());
    type.d->length = qMax(0, length);
    return type;
}

SqlType SqlType::text()
{
    QORM_SQLTYPE(Text, QMetaType::fromType<QString>());
    return type;
}

SqlType SqlType::binary()
{
    QORM_SQLTYPE(Binary, QMetaType::fromType<QByteArray>());
    return type;
}

SqlType SqlType::date()
{
    QORM_SQLTYPE(Date, QMetaType::fromType<QDate>());
    return type;
}

SqlType SqlType::time()
{
    QORM_SQLTYPE(Time, QMetaType::fromType<QTime>());
    return type;
}

SqlType SqlType::dateTime()
{
    QORM_SQLTYPE(DateTime, QMetaType::fromType<QDateTime>());
    return type;
}

SqlType SqlType::uuid()
{
    QORM_SQLTYPE(Uuid, QMetaType::fromType<QUuid>());
    return type;
}

SqlType SqlType::json(QMetaType valueType)
{
    QORM_SQLTYPE(Json, valueType.isValid() ? valueType : QMetaType::fromType<QVariantMap>());
    return type;
}

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

SqlType SqlType::enumeration(const QStringList &keys)
{
    QORM_SQLTYPE(Enum, QMetaType::fromType<QString>());
    type.d->enumKeys = keys;
    return type;
}

SqlType SqlType::custom(const QString &ddl, QMetaType valueType)
{
    QORM_SQLTYPE(Custom, valueType);
    type.d->customDdl = ddl;
    return type;
}

#undef QORM_SQLTYPE

bool SqlType::isValid() const noexcept
{
    return d && d->kind != Invalid;
}

SqlType::Kind SqlType::kind() const noexcept
{
    return d ? d->kind : Invalid;
}

int SqlType::length() const noexcept
{
    return d ? d->length : 0;
}

int SqlType::precision() const noexcept
{
    return d ? d->precision : 0;
}

int SqlType::scale() const noexcept
{
    return d ? d->scale : 0;
}

QStringList SqlType::enumKeys() const
{
    return d ? d->enumKeys : QStringList();
}

QMetaType SqlType::enumType() const
{
    return d ? d->enumType : QMetaType();
}

QString SqlType::customDdl() const
{
    return d ? d->customDdl : QString();
}

QMetaType SqlType::valueType() const
{
    return d ? d->valueType : QMetaType();
}

SqlType SqlType::withVariant(DialectType dialect, const SqlType &type) const
{
    SqlType copy = *this;
    if (!copy.d)
        return copy;
    copy.d.detach();
    copy.d->variants[dialect] = type;
    return copy;
}

SqlType SqlType::resolved(DialectType dialect) const
{
    if (!d)
        return *this;
    const auto it = d->variants.find(dialect);
    return it == d->variants.end() ? *this : it->second;
}

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

void TypeMap::insert(QMetaType cppType, const SqlType &sqlType)
{
    d.detach();
    d->types.insert(cppType.id(), sqlType);
}

void TypeMap::remove(QMetaType cppType)
{
    d.detach();
    d->types.remove(cppType.id());
}

bool TypeMap::contains(QMetaType cppType) const
{
    return d->types.contains(cppType.id()) || (cppType.flags() & QMetaType::IsEnumeration);
}

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
