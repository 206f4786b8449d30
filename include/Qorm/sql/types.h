// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Qorm {

class SqlTypePrivate;
class TypeMapPrivate;

/*
    A column type: what DDL each dialect emits for it, and which C++ type its
    values have in Qorm (valueType()). Values are converted on the way in and
    out by the dialect (QDateTime to UTC, QUuid to text, JSON to a document...).
*/
class QORM_EXPORT SqlType
{
public:
    enum Kind {
        Invalid,      ///< no type: a default-constructed SqlType or a failed enumeration()
        Integer,      ///< int
        BigInteger,   ///< qint64
        SmallInteger, ///< short
        Boolean,      ///< bool
        Double,       ///< double
        Numeric,      ///< exact decimal, read as QString to keep every digit
        String,       ///< QString, VARCHAR(length) or unbounded
        Text,         ///< QString, large text
        Binary,       ///< QByteArray
        Date,         ///< QDate
        Time,         ///< QTime
        DateTime,     ///< QDateTime, stored and returned in UTC
        Uuid,         ///< QUuid
        Json,         ///< QJsonDocument / QVariantMap / QVariantList
        Enum,         ///< a Q_ENUM, stored by key name
        Custom,       ///< DDL given by the user, value type given by the user
    };

    SqlType() noexcept;
    //! @{
    //! SqlType is implicitly shared: copies are cheap; withVariant() returns a new value.
    SqlType(const SqlType &other) noexcept;
    SqlType(SqlType &&other) noexcept;
    SqlType &operator=(const SqlType &other) noexcept;
    SqlType &operator=(SqlType &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~SqlType();
    //! Swaps this type with \a other; never fails.
    void swap(SqlType &other) noexcept { d.swap(other.d); }

    [[nodiscard]] static SqlType integer();
    [[nodiscard]] static SqlType bigInteger();
    [[nodiscard]] static SqlType smallInteger();
    [[nodiscard]] static SqlType boolean();
    [[nodiscard]] static SqlType doublePrecision();
    [[nodiscard]] static SqlType numeric(int precision, int scale);
    [[nodiscard]] static SqlType string(int length = 0);
    [[nodiscard]] static SqlType text();
    [[nodiscard]] static SqlType binary();
    [[nodiscard]] static SqlType date();
    [[nodiscard]] static SqlType time();
    [[nodiscard]] static SqlType dateTime();
    [[nodiscard]] static SqlType uuid();
    // valueType is QJsonDocument, QVariantMap, QVariantList or QJsonObject/QJsonArray.
    [[nodiscard]] static SqlType json(QMetaType valueType = QMetaType::fromType<QVariantMap>());
    // An enumeration registered with Q_ENUM / Q_ENUM_NS; stored by key name.
    [[nodiscard]] static SqlType enumeration(QMetaType enumType);
    [[nodiscard]] static SqlType enumeration(const QStringList &keys);
    // Trusted DDL text, e.g. "CITEXT" or "MEDIUMBLOB"; values are passed through unchanged.
    [[nodiscard]] static SqlType custom(const QString &ddl, QMetaType valueType);

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] Kind kind() const noexcept;
    [[nodiscard]] int length() const noexcept;
    [[nodiscard]] int precision() const noexcept;
    [[nodiscard]] int scale() const noexcept;
    [[nodiscard]] QStringList enumKeys() const;
    [[nodiscard]] QMetaType enumType() const;
    [[nodiscard]] QString customDdl() const;
    // The C++ type values of this column have when read back.
    [[nodiscard]] QMetaType valueType() const;

    // SQLAlchemy's with_variant(): use `type` instead when compiling for `dialect`.
    [[nodiscard]] SqlType withVariant(DialectType dialect, const SqlType &type) const;
    // The type to use for `dialect` (the variant if one was given, else this type).
    [[nodiscard]] SqlType resolved(DialectType dialect) const;

    bool operator==(const SqlType &other) const noexcept;
    //! The negation of operator==().
    bool operator!=(const SqlType &other) const noexcept { return !(*this == other); }

private:
    QExplicitlySharedDataPointer<SqlTypePrivate> d;
};

/*
    Maps C++ types to SQL types: SQLAlchemy's type_annotation_map. The defaults
    cover the Qt value types; users add their own or replace entries.
*/
class QORM_EXPORT TypeMap
{
public:
    TypeMap();
    //! @{
    //! TypeMap is implicitly shared: a copy detaches on its first insert() or remove().
    TypeMap(const TypeMap &other) noexcept;
    TypeMap(TypeMap &&other) noexcept;
    TypeMap &operator=(const TypeMap &other) noexcept;
    TypeMap &operator=(TypeMap &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~TypeMap();

    void insert(QMetaType cppType, const SqlType &sqlType);
    void remove(QMetaType cppType);
    [[nodiscard]] bool contains(QMetaType cppType) const;
    // The SQL type for a C++ type, or an invalid SqlType when none is known.
    // Enumerations registered with Q_ENUM map to SqlType::enumeration() by default.
    [[nodiscard]] SqlType sqlType(QMetaType cppType) const;

private:
    QExplicitlySharedDataPointer<TypeMapPrivate> d;
};

} // namespace Qorm

Q_DECLARE_SHARED(Qorm::SqlType)
