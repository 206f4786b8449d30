// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/orm/entityselect.h>
#include <Qorm/sql/expression.h>

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <cstddef>
#include <type_traits>

namespace Qorm {

template<typename Entity, typename Value>
struct TypedAttribute;

//! \cond internal
namespace Detail {

/*
    The column of `property` of a mapped class, as attribute() gives it, after checking that
    the property's QMetaType is `type`: a descriptor whose type differs from the property's (a
    stale generated header, a hand-written descriptor) gives an expression carrying the error,
    reported when the statement is compiled, with no SQL sent.
*/
[[nodiscard]] QORM_EXPORT Expression typedAttribute(const QMetaObject &entity, const char *property,
                                                    QMetaType type);

template<typename T>
inline constexpr bool isTypedAttribute = false;
template<typename E, typename V>
inline constexpr bool isTypedAttribute<TypedAttribute<E, V>> = true;

template<typename To, typename From>
concept ConvertsWithoutNarrowing = requires(const From &from)
{
    To{ from };
};

template<typename T>
inline constexpr bool isNumber = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

// "text" (UTF-8) and u"text": Expression binds both as strings.
template<typename T, typename P = std::decay_t<T>>
inline constexpr bool isStringLiteral =
        std::is_pointer_v<P> &&isOneOf<std::remove_cv_t<std::remove_pointer_t<P>>, char, char16_t>;

/*
    Whether a value of C++ type U may be compared with a column of C++ type V: the same type,
    nullptr (IS NULL), an untyped Expression (unchecked, on purpose), a string literal for a
    QString column, a number that converts without narrowing (and any integer for a
    floating-point column), another column of the same type or both numeric. Anything goes for
    a QVariant property, which has no C++ type to check.
*/
template<typename V, typename U>
constexpr bool acceptsValue()
{
    if constexpr (std::is_same_v<V, QVariant>) {
        return true;
    } else if constexpr (
            std::is_same_v<
                    U,
                    V> || std::is_same_v<U, std::nullptr_t> || std::is_base_of_v<Expression, U>) {
        return true;
    } else if constexpr (isTypedAttribute<U>) {
        using W = typename U::ValueType;
        return std::is_same_v<V, W> || (isNumber<V> && isNumber<W>);
    } else if constexpr (std::is_same_v<V, QString>) {
        return isStringLiteral<U>;
    } else if constexpr (isNumber<V> && isNumber<U>) {
        return ConvertsWithoutNarrowing<
                       V, U> || (std::is_floating_point_v<V> && std::is_integral_v<U>);
    } else {
        return false;
    }
}

/*
    Named so that the compiler's "required from" notes show both types:
    CheckComparison<column type, value type>.
*/
template<typename ColumnType, typename ValueType>
struct CheckComparison
{
    static_assert(acceptsValue<ColumnType, ValueType>(),
                  "Qorm: the value's C++ type does not match the column's (the types are those of "
                  "CheckComparison<column type, value type>). Convert the value, or wrap it in "
                  "Qorm::Expression(...) to compare without the check.");
    static constexpr bool value = true;
};

// The other operand, a value bound as the column's C++ type.
template<typename V, typename U>
Expression operand(const U &value)
{
    if constexpr (
            isTypedAttribute<
                    U> || std::is_base_of_v<Expression, U> || std::is_same_v<U, std::nullptr_t> || std::is_same_v<V, QString>)
        return Expression(value);
    else if constexpr (std::is_same_v<V, QVariant>)
        return Expression(QVariant::fromValue(value));
    else
        return Expression(QVariant::fromValue(static_cast<V>(value)));
}

template<typename L, typename R>
concept HasTypedSide = isTypedAttribute<L> || isTypedAttribute<R>;

// Checks the types, then forwards to the untyped operator `op`.
template<typename L, typename R>
Expression compare(Expression (*op)(const Expression &, const Expression &), const L &left,
                   const R &right)
{
    if constexpr (isTypedAttribute<L>) {
        using V = typename L::ValueType;
        static_assert(CheckComparison<V, R>::value);
        return op(Expression(left), operand<V>(right));
    } else {
        using V = typename R::ValueType;
        static_assert(CheckComparison<V, L>::value);
        return op(operand<V>(left), Expression(right));
    }
}

} // namespace Detail
//! \endcond

/*
    A mapped property with its C++ type. qorm_generate_columns() (CMake) writes one per column
    into a generated header, from moc's output for the model header:
        Qorm::columns<User>.name == u"Alice"_s      // compiles
        Qorm::columns<User>.name == 42              // does not: a static_assert names both types
    A value of another type fails to compile, as does a misspelt column. The column converts to
    the untyped Expression wherever one is expected (where(), orderBy(), functions, &&, arithmetic),
    which is also the explicit way round the check: columns<User>.name == Expression(...).
    When the statement is compiled, the property must be mapped and of the descriptor's type,
    else the statement carries the error and no SQL is sent.
*/
template<typename Entity, typename Value>
struct TypedAttribute
{
    using EntityType = Entity; //!< The mapped class.
    using ValueType = Value;   //!< The property's C++ type, checked against the other operand.

    const char *property; //!< The Q_PROPERTY's name.

    //! The column, checked against the mapped property when the statement is compiled.
    operator Expression() const // NOLINT: implicit on purpose
    {
        return Detail::typedAttribute(Entity::staticMetaObject, property,
                                      QMetaType::fromType<Value>());
    }
    //! The untyped column, to call the Expression functions this struct does not repeat.
    [[nodiscard]] Expression expression() const { return *this; }

    //! `column IS NULL`.
    [[nodiscard]] Expression isNull() const { return expression().isNull(); }
    //! `column IS NOT NULL`.
    [[nodiscard]] Expression isNotNull() const { return expression().isNotNull(); }
    //! The column for orderBy(), ascending.
    [[nodiscard]] Expression ascending() const { return expression().ascending(); }
    //! The column for orderBy(), descending.
    [[nodiscard]] Expression descending() const { return expression().descending(); }
    //! `column IN (...)`, \a values bound as the column's type; an empty list matches nothing.
    [[nodiscard]] Expression in(const QList<Value> &values) const
    {
        QVariantList list;
        list.reserve(values.size());
        for (const Value &value : values)
            list.append(QVariant::fromValue(value));
        return expression().in(list);
    }
    //! `column BETWEEN low AND high`, both bounds included.
    [[nodiscard]] Expression between(const Value &low, const Value &high) const
    {
        return expression().between(QVariant::fromValue(low), QVariant::fromValue(high));
    }
    //! `column LIKE pattern`, only for QString columns; see Expression::like() for \a escape.
    [[nodiscard]] Expression like(const QString &pattern,
                                  QChar escape = {}) const requires std::is_same_v<Value, QString>
    {
        return expression().like(pattern, escape);
    }
};

/*
    The comparisons with a typed column on either side. The other side is checked at compile
    time (Detail::acceptsValue), then the untyped operator builds the expression.
*/
//! A comparison with a typed column on either side: the other side's C++ type must match the
//! column's (see TypedAttribute), else compilation stops at a static_assert naming both.
//!@{
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator==(const L &left, const R &right)
{
    return Detail::compare(&operator==, left, right);
}
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator!=(const L &left, const R &right)
{
    return Detail::compare(&operator!=, left, right);
}
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator<(const L &left, const R &right)
{
    return Detail::compare(&operator<, left, right);
}
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator<=(const L &left, const R &right)
{
    return Detail::compare(&operator<=, left, right);
}
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator>(const L &left, const R &right)
{
    return Detail::compare(&operator>, left, right);
}
template<typename L, typename R>
requires Detail::HasTypedSide<L, R> Expression operator>=(const L &left, const R &right)
{
    return Detail::compare(&operator>=, left, right);
}
//!@}

/*
    The typed columns of a mapped class, one TypedAttribute member per column. The header that
    qorm_generate_columns() writes for a model header specialises it for each class there;
    without that header, using columns<T> fails to compile with a static_assert.
*/
template<typename T>
struct Columns
{
    static_assert(sizeof(T) == 0,
                  "Qorm: no typed columns for this class. List its header in "
                  "qorm_generate_columns() and include the generated <name>_columns.h.");
};
//! The typed columns of mapped class \c T: `Qorm::columns<User>.name`. See TypedAttribute.
template<typename T>
inline constexpr Columns<T> columns{};

} // namespace Qorm
