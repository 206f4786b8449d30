// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>
#include <Qorm/sql/types.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

namespace Qorm {

class ExpressionNode;
class Select;
class Statement;
class Expression;

namespace Detail {
template<typename T, typename... Ts>
inline constexpr bool isOneOf = (std::is_same_v<T, Ts> || ...);

// The C++ types that become a bound value where an expression is expected.
// A closed list on purpose: an open template would make every type convertible
// to Expression and turn expressions like !optional ambiguous.
template<typename T>
concept BindableValue = std::is_arithmetic_v<std::remove_cvref_t<T>> || std::is_enum_v<
        std::remove_cvref_t<T>> || isOneOf<std::remove_cvref_t<T>, QByteArray, QDate, QTime,
                                           QDateTime, QUuid, QJsonDocument, QJsonObject, QJsonArray,
                                           QJsonValue, QVariantMap, QVariantList, QStringList,
                                           QVariantHash>;
} // namespace Detail

/*
    Any SQL expression: a column, a bound value, an operator, a function call,
    a CASE, a subquery... Implicitly shared and immutable: every builder
    returns a new Expression. Values are always bound parameters, never
    inlined into the SQL text.

    Building never fails loudly: a mistake (an unknown column, say) yields an
    expression that carries the error, reported when the statement is compiled.
*/
class QORM_EXPORT Expression
{
public:
    Expression() noexcept;             // the empty expression (isValid() is false)
    Expression(std::nullptr_t);        // SQL NULL
    Expression(const QVariant &value); // a bound value
    Expression(const QString &value);  // a bound string
    Expression(const char *utf8);      // a bound string
    Expression(const char16_t *utf16); // a bound string
    //! A bound value of a C++ type Qorm converts itself (numbers, enums, dates, JSON, ...).
    template<Detail::BindableValue T>
    Expression(const T &value) : Expression(QVariant::fromValue(value))
    {
    }

    //! @{
    //! Expression is implicitly shared and immutable: copies are cheap.
    Expression(const Expression &other) noexcept;
    //! Swaps this expression with \a other; never fails.
    void swap(Expression &other) noexcept { d.swap(other.d); }
    Expression(Expression &&other) noexcept;
    // Assignment only to named expressions: `column = 5` on a temporary is a typo for ==.
    Expression &operator=(const Expression &other) &noexcept;
    Expression &operator=(Expression &&other) &noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~Expression();

    [[nodiscard]] bool isValid() const noexcept;
    // The type known for this expression (a column's type, a cast's target), else invalid.
    [[nodiscard]] SqlType type() const;

    // Predicates
    [[nodiscard]] Expression isNull() const;
    [[nodiscard]] Expression isNotNull() const;
    [[nodiscard]] Expression in(const QVariantList &values) const;
    [[nodiscard]] Expression in(std::initializer_list<Expression> values) const;
    [[nodiscard]] Expression in(const QList<Expression> &values) const;
    [[nodiscard]] Expression in(const Select &subquery) const;
    [[nodiscard]] Expression notIn(const QVariantList &values) const;
    [[nodiscard]] Expression notIn(std::initializer_list<Expression> values) const;
    [[nodiscard]] Expression notIn(const QList<Expression> &values) const;
    [[nodiscard]] Expression notIn(const Select &subquery) const;
    // `escape` names the character that escapes % and _ in the pattern. Without one the
    // databases differ (PostgreSQL and MySQL treat \ as the escape, SQLite has none): give one
    // whenever the pattern may contain it, as escapeLikePattern() does.
    [[nodiscard]] Expression like(const Expression &pattern, QChar escape = {}) const;
    [[nodiscard]] Expression notLike(const Expression &pattern, QChar escape = {}) const;
    // Case-insensitive LIKE: ILIKE on PostgreSQL, lower(a) LIKE lower(b) elsewhere.
    [[nodiscard]] Expression ilike(const Expression &pattern, QChar escape = {}) const;
    [[nodiscard]] Expression notIlike(const Expression &pattern, QChar escape = {}) const;
    [[nodiscard]] Expression between(const Expression &low, const Expression &high) const;
    [[nodiscard]] Expression notBetween(const Expression &low, const Expression &high) const;
    // String concatenation: a || b, CONCAT(a, b) on MySQL.
    [[nodiscard]] Expression concat(const Expression &other) const;

    // Modifiers
    [[nodiscard]] Expression label(const QString &name) const;
    [[nodiscard]] Expression ascending() const;
    [[nodiscard]] Expression descending() const;
    [[nodiscard]] Expression nullsFirst() const;
    [[nodiscard]] Expression nullsLast() const;
    [[nodiscard]] Expression distinct() const; // DISTINCT x, as in count(DISTINCT x)

    // Escapes %, _ and the escape character itself so that `text` matches literally
    // in a LIKE pattern used with `escape`.
    [[nodiscard]] static QString escapeLikePattern(const QString &text, QChar escape = u'\\');

    // Internal: the node behind the expression.
    //! \cond internal
    [[nodiscard]] const ExpressionNode *node() const noexcept { return d.data(); }
    explicit Expression(ExpressionNode *node) noexcept;
    //! \endcond

protected:
    //! \cond internal
    QExplicitlySharedDataPointer<ExpressionNode> d;
    //! \endcond
};

// Comparison, arithmetic and logical operators build expressions.
// `a == nullptr` renders IS NULL and `a != nullptr` IS NOT NULL.
QORM_EXPORT Expression operator==(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator!=(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator<(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator<=(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator>(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator>=(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator+(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator-(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator*(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator/(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator%(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator-(const Expression &operand);
QORM_EXPORT Expression operator&&(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator||(const Expression &left, const Expression &right);
QORM_EXPORT Expression operator!(const Expression &operand);

// A bound value with an explicit SQL type (binds take the type of the column
// they are compared with; use this where there is none).
[[nodiscard]] QORM_EXPORT Expression literal(const QVariant &value, const SqlType &type = {});
// A named parameter whose value is supplied when the statement is executed.
[[nodiscard]] QORM_EXPORT Expression parameter(const QString &name, const SqlType &type = {});
// SQL NULL.
[[nodiscard]] QORM_EXPORT Expression null();
// Boolean constants, rendered per dialect (true/false, or 1/0).
[[nodiscard]] QORM_EXPORT Expression trueValue();
[[nodiscard]] QORM_EXPORT Expression falseValue();
// Trusted SQL text, inserted verbatim. DO NOT PASS UNTRUSTED INPUT: values belong in binds.
[[nodiscard]] QORM_EXPORT Expression text(const QString &sql, const SqlType &type = {});
// AND / OR of a list; invalid (empty) members are skipped.
[[nodiscard]] QORM_EXPORT Expression allOf(const QList<Expression> &conditions);
[[nodiscard]] QORM_EXPORT Expression anyOf(const QList<Expression> &conditions);
[[nodiscard]] QORM_EXPORT Expression cast(const Expression &expression, const SqlType &type);
[[nodiscard]] QORM_EXPORT Expression exists(const Select &subquery);
// CASE WHEN c1 THEN v1 ... ELSE e END
[[nodiscard]] QORM_EXPORT Expression caseWhen(const QList<std::pair<Expression, Expression>> &whens,
                                              const Expression &elseValue = {});
// CASE value WHEN w1 THEN v1 ... ELSE e END
[[nodiscard]] QORM_EXPORT Expression caseOf(const Expression &value,
                                            const QList<std::pair<Expression, Expression>> &whens,
                                            const Expression &elseValue = {});

/*
    SQL functions. The common ones have named helpers; any other function is
    reached with Function::named(), whose name must be a plain identifier.
*/
class QORM_EXPORT Function
{
public:
    [[nodiscard]] static Expression count(const Expression &expression = {}); // count(*) when empty
    [[nodiscard]] static Expression sum(const Expression &expression);
    [[nodiscard]] static Expression avg(const Expression &expression);
    [[nodiscard]] static Expression min(const Expression &expression);
    [[nodiscard]] static Expression max(const Expression &expression);
    [[nodiscard]] static Expression now(); // the current UTC timestamp
    [[nodiscard]] static Expression coalesce(const QList<Expression> &expressions);
    [[nodiscard]] static Expression lower(const Expression &expression);
    [[nodiscard]] static Expression upper(const Expression &expression);
    [[nodiscard]] static Expression length(const Expression &expression);
    [[nodiscard]] static Expression abs(const Expression &expression);
    [[nodiscard]] static Expression named(const QString &name,
                                          const QList<Expression> &arguments = {},
                                          const SqlType &resultType = {});
};

} // namespace Qorm

Q_DECLARE_SHARED(Qorm::Expression)
// An Expression in a QVariant: Insert::values() rows accept one in place of a value.
Q_DECLARE_METATYPE(Qorm::Expression)
