// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "sql/nodes_p.h"

#include <QtCore/QRegularExpression>

using namespace Qt::StringLiterals;

namespace Qorm {

// Private helpers (nodes_p.h): keep Doxygen out of them.
//! \cond internal
ExpressionNode::~ExpressionNode() = default;
FromNode::~FromNode() = default;
StatementNode::~StatementNode() = default;

Expression makeError(const QString &message)
{
    auto *node = new ErrorNode;
    node->message = message;
    return Expression(node);
}

namespace {

Expression makeBind(const QVariant &value, const SqlType &type = {})
{
    auto *node = new BindNode;
    node->value = value;
    node->type = type;
    return Expression(node);
}

// A bound value or named parameter compared with a typed expression takes that
// type, so that it is converted the way the column stores it (SQLAlchemy does the same).
Expression typedLike(const Expression &value, const Expression &other)
{
    const ExpressionNode *node = value.node();
    if (!node || node->type.isValid() || !other.type().isValid())
        return value;
    if (node->kind == ExpressionNode::BindKind)
        return makeBind(static_cast<const BindNode *>(node)->value, other.type());
    if (node->kind == ExpressionNode::ParameterKind) {
        auto *typed = new ParameterNode(*static_cast<const ParameterNode *>(node));
        typed->type = other.type();
        return Expression(typed);
    }
    return value;
}

// nullptr, or a bound null QVariant (what a Qt property reads as "no value"): = NULL never matches.
bool isNullLiteral(const Expression &expression)
{
    const ExpressionNode *node = expression.node();
    if (!node)
        return false;
    if (node->kind == ExpressionNode::NullKind)
        return true;
    return node->kind == ExpressionNode::BindKind
            && static_cast<const BindNode *>(node)->value.isNull();
}

Expression makeUnary(UnaryNode::Operator op, const Expression &operand, const SqlType &type = {})
{
    auto *node = new UnaryNode;
    node->op = op;
    node->operand = operand;
    node->type = type;
    return Expression(node);
}

Expression makeBinary(BinaryNode::Operator op, const Expression &left, const Expression &right)
{
    const bool comparison = op <= BinaryNode::GreaterOrEqual;
    if (comparison && (op == BinaryNode::Equal || op == BinaryNode::NotEqual)) {
        if (isNullLiteral(right))
            return makeUnary(op == BinaryNode::Equal ? UnaryNode::IsNull : UnaryNode::IsNotNull,
                             left, SqlType::boolean());
        if (isNullLiteral(left))
            return makeUnary(op == BinaryNode::Equal ? UnaryNode::IsNull : UnaryNode::IsNotNull,
                             right, SqlType::boolean());
    }
    auto *node = new BinaryNode;
    node->op = op;
    node->left = typedLike(left, right);
    node->right = typedLike(right, left);
    if (comparison)
        node->type = SqlType::boolean();
    else if (op == BinaryNode::Concat)
        node->type = SqlType::string();
    else
        node->type = left.type().isValid() ? left.type() : right.type();
    return Expression(node);
}

Expression makeList(ListNode::Operator op, const QList<Expression> &operands)
{
    QList<Expression> flat;
    for (const Expression &operand : operands) {
        if (!operand.isValid())
            continue;
        const ExpressionNode *node = operand.node();
        if (node->kind == ExpressionNode::ListKind && static_cast<const ListNode *>(node)->op == op)
            flat += static_cast<const ListNode *>(node)->operands;
        else
            flat += operand;
    }
    if (flat.isEmpty())
        return Expression();
    if (flat.size() == 1)
        return flat.first();
    auto *node = new ListNode;
    node->op = op;
    node->operands = flat;
    node->type = SqlType::boolean();
    return Expression(node);
}

Expression makeIn(const Expression &operand, const QList<Expression> &values, bool negated)
{
    auto *node = new InNode;
    node->operand = operand;
    for (const Expression &value : values)
        node->values += typedLike(value, operand);
    node->negated = negated;
    node->type = SqlType::boolean();
    return Expression(node);
}

Expression makeInSelect(const Expression &operand, const Select &subquery, bool negated)
{
    auto *node = new InNode;
    node->operand = operand;
    node->select = selectNodeOf(subquery);
    node->negated = negated;
    node->type = SqlType::boolean();
    return Expression(node);
}

QList<Expression> toExpressions(const QVariantList &values)
{
    QList<Expression> result;
    result.reserve(values.size());
    for (const QVariant &value : values)
        result += makeBind(value);
    return result;
}

Expression makeLike(const Expression &operand, const Expression &pattern, QChar escape,
                    bool caseInsensitive, bool negated)
{
    auto *node = new LikeNode;
    node->operand = operand;
    node->pattern = typedLike(pattern, operand);
    node->escape = escape;
    node->caseInsensitive = caseInsensitive;
    node->negated = negated;
    node->type = SqlType::boolean();
    return Expression(node);
}

Expression makeOrder(const Expression &operand, OrderNode::Direction direction,
                     OrderNode::Nulls nulls)
{
    // Chained modifiers (descending().nullsLast()) refine one ORDER BY item.
    const ExpressionNode *node = operand.node();
    auto *order = new OrderNode;
    if (node && node->kind == ExpressionNode::OrderKind) {
        const auto *existing = static_cast<const OrderNode *>(node);
        order->operand = existing->operand;
        order->direction = existing->direction;
        order->nulls = existing->nulls;
    } else {
        order->operand = operand;
    }
    if (direction != OrderNode::Unspecified)
        order->direction = direction;
    if (nulls != OrderNode::NullsDefault)
        order->nulls = nulls;
    order->type = operand.type();
    return Expression(order);
}

Expression makeFunction(const QString &name, const QList<Expression> &arguments,
                        const SqlType &type, FunctionNode::Special special = FunctionNode::Plain)
{
    auto *node = new FunctionNode;
    node->name = name;
    node->arguments = arguments;
    node->special = special;
    node->type = type;
    return Expression(node);
}

} // namespace

//! \endcond

/*!
    \class Qorm::Expression
    \brief An SQL expression: column, bound value, operator, function, CASE, subquery.

    Expressions are immutable, implicitly shared values. C++ values used where an
    expression is expected become bound parameters; Qorm never renders a value
    into SQL text.

    \code
    const Qorm::Table users = ...;
    Qorm::Expression adults = users["age"] >= 18 && users["name"].like(u"A%"_s);
    \endcode
*/

/*! Constructs the empty expression (isValid() is false), which conditions leave out. */
Expression::Expression() noexcept = default;
/*! SQL NULL, so that \c nullptr can be passed wherever an expression is expected. */
Expression::Expression(std::nullptr_t) : d(new ExpressionNode(ExpressionNode::NullKind)) { }
/*!
    A bound value. An untyped value takes the type of the expression it is compared with or
    assigned to (so it is converted as the column stores it); a null QVariant is NULL.
*/
Expression::Expression(const QVariant &value) : Expression(makeBind(value)) { }
/*! A bound string (never inlined into the SQL text). */
Expression::Expression(const QString &value) : Expression(makeBind(value)) { }
/*! A bound string given as UTF-8, for string literals. */
Expression::Expression(const char *utf8) : Expression(makeBind(QString::fromUtf8(utf8))) { }
/*! A bound string given as UTF-16, for \c u"..." literals. */
Expression::Expression(const char16_t *utf16) : Expression(makeBind(QString::fromUtf16(utf16))) { }
//! \cond internal
Expression::Expression(ExpressionNode *node) noexcept : d(node) { }
//! \endcond
Expression::Expression(const Expression &other) noexcept = default;
Expression::Expression(Expression &&other) noexcept = default;
Expression &Expression::operator=(const Expression &other) &noexcept = default;
Expression::~Expression() = default;

/*!
    False for the empty expression. Conditions that are empty are left out where
    that makes sense (allOf(), Select::where()).
*/
bool Expression::isValid() const noexcept
{
    return d;
}

/*!
    The SQL type known for this expression: a column's type, a cast's target, a function's result,
    boolean for comparisons, or for an untyped bound value the default type of its C++ type
    (see TypeMap); invalid when nothing is known.
*/
SqlType Expression::type() const
{
    if (!d)
        return SqlType();
    if (d->type.isValid() || d->kind != ExpressionNode::BindKind)
        return d->type;
    // A bound value nobody typed: the type its C++ value maps to by default.
    static const TypeMap defaults;
    return defaults.sqlType(static_cast<const BindNode *>(d.data())->value.metaType());
}

/*! `IS NULL`; `expression == nullptr` says the same. */
Expression Expression::isNull() const
{
    return makeUnary(UnaryNode::IsNull, *this, SqlType::boolean());
}

/*! `IS NOT NULL`; `expression != nullptr` says the same. */
Expression Expression::isNotNull() const
{
    return makeUnary(UnaryNode::IsNotNull, *this, SqlType::boolean());
}

/*!
    \c IN a list of bound \a values, converted like this expression's type.
    An empty list matches no row (it renders `1 != 1`, since `IN ()` is not SQL).
*/
Expression Expression::in(const QVariantList &values) const
{
    return makeIn(*this, toExpressions(values), false);
}

/*! \c IN a list of expressions; an empty list matches no row. */
Expression Expression::in(std::initializer_list<Expression> values) const
{
    return makeIn(*this, QList<Expression>(values), false);
}

/*! \c IN a list of expressions; an empty list matches no row. */
Expression Expression::in(const QList<Expression> &values) const
{
    return makeIn(*this, values, false);
}

/*! \c IN the rows of \a subquery, which must select one column. */
Expression Expression::in(const Select &subquery) const
{
    return makeInSelect(*this, subquery, false);
}

/*! `NOT IN` a list of bound \a values; an empty list matches every row. */
Expression Expression::notIn(const QVariantList &values) const
{
    return makeIn(*this, toExpressions(values), true);
}

/*! `NOT IN` a list of expressions; an empty list matches every row. */
Expression Expression::notIn(std::initializer_list<Expression> values) const
{
    return makeIn(*this, QList<Expression>(values), true);
}

/*! `NOT IN` a list of expressions; an empty list matches every row. */
Expression Expression::notIn(const QList<Expression> &values) const
{
    return makeIn(*this, values, true);
}

/*! `NOT IN` the rows of \a subquery. As in SQL, a NULL among them makes the condition unknown. */
Expression Expression::notIn(const Select &subquery) const
{
    return makeInSelect(*this, subquery, true);
}

/*!
    \c LIKE \a pattern, where \c % and \c _ are wildcards.
    \a escape names the character that escapes them in the pattern. Without one the databases
    differ (PostgreSQL and MySQL treat a backslash as the escape, SQLite has none): give one
    whenever the pattern may contain it, as escapeLikePattern() does.
    Case sensitivity is the database's (SQLite and MySQL usually ignore case for ASCII).
    \sa ilike()
*/
Expression Expression::like(const Expression &pattern, QChar escape) const
{
    return makeLike(*this, pattern, escape, false, false);
}

/*! `NOT LIKE` \a pattern; see like() for \a escape. */
Expression Expression::notLike(const Expression &pattern, QChar escape) const
{
    return makeLike(*this, pattern, escape, false, true);
}

/*!
    Case-insensitive LIKE: \c ILIKE on PostgreSQL, `lower(a) LIKE lower(b)` elsewhere.
    See like() for \a escape.
*/
Expression Expression::ilike(const Expression &pattern, QChar escape) const
{
    return makeLike(*this, pattern, escape, true, false);
}

/*! The negation of ilike(). */
Expression Expression::notIlike(const Expression &pattern, QChar escape) const
{
    return makeLike(*this, pattern, escape, true, true);
}

/*! \c BETWEEN \a low \c AND \a high, both ends included. */
Expression Expression::between(const Expression &low, const Expression &high) const
{
    auto *node = new BetweenNode;
    node->operand = *this;
    node->low = typedLike(low, *this);
    node->high = typedLike(high, *this);
    node->type = SqlType::boolean();
    return Expression(node);
}

/*! `NOT BETWEEN` \a low \c AND \a high. */
Expression Expression::notBetween(const Expression &low, const Expression &high) const
{
    auto *node = new BetweenNode;
    node->operand = *this;
    node->low = typedLike(low, *this);
    node->high = typedLike(high, *this);
    node->negated = true;
    node->type = SqlType::boolean();
    return Expression(node);
}

/*!
    String concatenation with \a other: `a || b`, `CONCAT(a, b)` on MySQL (where \c || means OR).
*/
Expression Expression::concat(const Expression &other) const
{
    return makeBinary(BinaryNode::Concat, *this, other);
}

/*!
    Names this expression \a name in a SELECT list (`AS name`), so that Row and subqueries
    can refer to it by that name.
*/
Expression Expression::label(const QString &name) const
{
    auto *node = new LabelNode;
    node->operand = *this;
    node->name = name;
    node->type = type();
    return Expression(node);
}

/*! This expression as an ascending ORDER BY item. */
Expression Expression::ascending() const
{
    return makeOrder(*this, OrderNode::Ascending, OrderNode::NullsDefault);
}

/*!
    This expression as a descending ORDER BY item; can be chained with nullsFirst() or nullsLast().
*/
Expression Expression::descending() const
{
    return makeOrder(*this, OrderNode::Descending, OrderNode::NullsDefault);
}

/*!
    An ORDER BY item that sorts NULLs first. Dialects without `NULLS FIRST` (MySQL, SQLite
    before 3.30) get an equivalent extra sort key, so the order is the same everywhere.
*/
Expression Expression::nullsFirst() const
{
    return makeOrder(*this, OrderNode::Unspecified, OrderNode::NullsFirst);
}

/*! An ORDER BY item that sorts NULLs last; emulated like nullsFirst() where needed. */
Expression Expression::nullsLast() const
{
    return makeOrder(*this, OrderNode::Unspecified, OrderNode::NullsLast);
}

/*! `DISTINCT x`, as an aggregate's argument: `Function::count(column.distinct())`. */
Expression Expression::distinct() const
{
    return makeUnary(UnaryNode::Distinct, *this, type());
}

/*!
    Returns \a text with \c %, \c _ and \a escape itself escaped, for a LIKE
    pattern that must match \a text literally:
    \code
    column.like(u"%"_s + Expression::escapeLikePattern(userText) + u"%"_s, u'\\')
    \endcode
*/
QString Expression::escapeLikePattern(const QString &text, QChar escape)
{
    QString result;
    result.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u'%' || c == u'_' || c == escape)
            result += escape;
        result += c;
    }
    return result;
}

/*!
    \relatesalso Qorm::Expression
    \a left \c = \a right. Comparing with \c nullptr or a null QVariant renders `IS NULL`, because
    `= NULL` never matches. A bound value takes the type of the other side.
*/
Expression operator==(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Equal, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c <> \a right; with \c nullptr or a null QVariant, `IS NOT NULL`.
*/
Expression operator!=(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::NotEqual, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c < \a right.
*/
Expression operator<(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Less, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c <= \a right.
*/
Expression operator<=(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::LessOrEqual, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c > \a right.
*/
Expression operator>(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Greater, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c >= \a right.
*/
Expression operator>=(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::GreaterOrEqual, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c + \a right, typed like \a left (or \a right when \a left has no type).
*/
Expression operator+(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Add, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c - \a right, typed like \a left (or \a right).
*/
Expression operator-(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Subtract, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c * \a right, typed like \a left (or \a right).
*/
Expression operator*(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Multiply, left, right);
}

/*!
    \relatesalso Qorm::Expression
    \a left \c / \a right. Integer division truncates on SQLite and PostgreSQL; MySQL returns a
    decimal.
*/
Expression operator/(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Divide, left, right);
}

/*!
    \relatesalso Qorm::Expression
    The remainder of \a left divided by \a right.
*/
Expression operator%(const Expression &left, const Expression &right)
{
    return makeBinary(BinaryNode::Modulo, left, right);
}

/*!
    \relatesalso Qorm::Expression
    The negation of \a operand.
*/
Expression operator-(const Expression &operand)
{
    return makeUnary(UnaryNode::Negate, operand, operand.type());
}

/*!
    \relatesalso Qorm::Expression
    \a left \c AND \a right. Chains flatten into one AND list; an invalid side is left out.
    \sa allOf()
*/
Expression operator&&(const Expression &left, const Expression &right)
{
    return makeList(ListNode::And, { left, right });
}

/*!
    \relatesalso Qorm::Expression
    \a left \c OR \a right; chains flatten, an invalid side is left out.
    \sa anyOf()
*/
Expression operator||(const Expression &left, const Expression &right)
{
    return makeList(ListNode::Or, { left, right });
}

/*!
    \relatesalso Qorm::Expression
    \c NOT \a operand.
*/
Expression operator!(const Expression &operand)
{
    return makeUnary(UnaryNode::Not, operand, SqlType::boolean());
}

/*!
    \relatesalso Qorm::Expression
    A bound \a value with an explicit SQL \a type, for where no column gives it one
    (for example a value selected on its own). Still a bound parameter, never SQL text.
*/
Expression literal(const QVariant &value, const SqlType &type)
{
    return makeBind(value, type);
}

/*!
    \relatesalso Qorm::Expression
    A named parameter whose value is supplied when the statement is executed, so that one compiled
    statement serves many values. Executing it before a value is bound fails.
    \sa Dialect::bindParameters(), CompiledStatement::unboundParameters()
*/
Expression parameter(const QString &name, const SqlType &type)
{
    auto *node = new ParameterNode;
    node->name = name;
    node->type = type;
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    SQL NULL.
*/
Expression null()
{
    return Expression(nullptr);
}

/*!
    \relatesalso Qorm::Expression
    The boolean constant true, rendered per dialect (\c true on PostgreSQL, \c 1 elsewhere).
*/
Expression trueValue()
{
    auto *node = new BooleanNode;
    node->value = true;
    node->type = SqlType::boolean();
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    The boolean constant false, rendered per dialect.
*/
Expression falseValue()
{
    auto *node = new BooleanNode;
    node->value = false;
    node->type = SqlType::boolean();
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    Trusted SQL text \a sql, inserted verbatim, with the result \a type if known.
    \warning Never pass untrusted input: values belong in binds (literal(), parameter()).
*/
Expression text(const QString &sql, const SqlType &type)
{
    auto *node = new TextNode;
    node->sql = sql;
    node->type = type;
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    The AND of \a conditions. Invalid members are skipped, so conditions can be collected
    optionally; with none left the result is invalid (no condition at all).
*/
Expression allOf(const QList<Expression> &conditions)
{
    return makeList(ListNode::And, conditions);
}

/*!
    \relatesalso Qorm::Expression
    The OR of \a conditions; invalid members are skipped, and with none left the result is invalid.
*/
Expression anyOf(const QList<Expression> &conditions)
{
    return makeList(ListNode::Or, conditions);
}

/*!
    \relatesalso Qorm::Expression
    `CAST(expression AS type)`, using the dialect's name for \a type.
*/
Expression cast(const Expression &expression, const SqlType &type)
{
    auto *node = new CastNode;
    node->operand = expression;
    node->type = type;
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    `EXISTS (subquery)`: true when \a subquery returns a row.
*/
Expression exists(const Select &subquery)
{
    auto *node = new SelectExpressionNode;
    node->form = SelectExpressionNode::Exists;
    node->select = selectNodeOf(subquery);
    node->type = SqlType::boolean();
    return Expression(node);
}

/*!
    \relatesalso Qorm::Expression
    `CASE WHEN c1 THEN v1 ... ELSE elseValue END`: the value of the first of \a whens whose
    condition holds, else \a elseValue (NULL when invalid). The type is the first typed value's.
*/
Expression caseWhen(const QList<std::pair<Expression, Expression>> &whens,
                    const Expression &elseValue)
{
    return caseOf(Expression(), whens, elseValue);
}

/*!
    \relatesalso Qorm::Expression
    `CASE value WHEN w1 THEN v1 ... ELSE elseValue END`: compares \a value with each of \a whens
    in turn; bound values in them are converted like \a value.
*/
Expression caseOf(const Expression &value, const QList<std::pair<Expression, Expression>> &whens,
                  const Expression &elseValue)
{
    auto *node = new CaseNode;
    node->value = value;
    for (const auto &[when, then] : whens)
        node->whens.append({ value.isValid() ? typedLike(when, value) : when, then });
    node->elseValue = elseValue;
    for (const auto &[when, then] : whens) {
        if (then.type().isValid()) {
            node->type = then.type();
            break;
        }
    }
    if (!node->type.isValid())
        node->type = elseValue.type();
    return Expression(node);
}

/*!
    \class Qorm::Function
    \brief SQL functions: count, sum, avg, min, max, now, coalesce, lower, upper and any named one.
*/

/*! `count(expression)`, or `count(*)` when \a expression is invalid; a bigInteger. */
Expression Function::count(const Expression &expression)
{
    if (!expression.isValid())
        return makeFunction(u"count"_s, {}, SqlType::bigInteger(), FunctionNode::CountAll);
    return makeFunction(u"count"_s, { expression }, SqlType::bigInteger());
}

/*! `sum(expression)`, typed like \a expression; NULL over no rows. */
Expression Function::sum(const Expression &expression)
{
    return makeFunction(u"sum"_s, { expression }, expression.type());
}

/*! `avg(expression)` as a double. */
Expression Function::avg(const Expression &expression)
{
    return makeFunction(u"avg"_s, { expression }, SqlType::doublePrecision());
}

/*! `min(expression)`, typed like \a expression. */
Expression Function::min(const Expression &expression)
{
    return makeFunction(u"min"_s, { expression }, expression.type());
}

/*! `max(expression)`, typed like \a expression. */
Expression Function::max(const Expression &expression)
{
    return makeFunction(u"max"_s, { expression }, expression.type());
}

/*!
    The current timestamp as each dialect spells it (with milliseconds on SQLite and MySQL); a
    dateTime, read back in UTC (a Connection runs MySQL sessions in UTC).
*/
Expression Function::now()
{
    return makeFunction(u"now"_s, {}, SqlType::dateTime(), FunctionNode::Now);
}

/*!
    `coalesce(...)`: the first of \a expressions that is not NULL. Bound values among them take
    the type of the first typed one.
*/
Expression Function::coalesce(const QList<Expression> &expressions)
{
    SqlType type;
    for (const Expression &expression : expressions) {
        if (expression.type().isValid()) {
            type = expression.type();
            break;
        }
    }
    QList<Expression> typed;
    for (const Expression &expression : expressions)
        typed += type.isValid() ? typedLike(expression, literal({}, type)) : expression;
    return makeFunction(u"coalesce"_s, typed, type);
}

/*! `lower(expression)`: the text in lower case. */
Expression Function::lower(const Expression &expression)
{
    return makeFunction(u"lower"_s, { expression }, SqlType::string());
}

/*! `upper(expression)`: the text in upper case. */
Expression Function::upper(const Expression &expression)
{
    return makeFunction(u"upper"_s, { expression }, SqlType::string());
}

/*!
    The length of a string in characters (\c length, \c char_length on MySQL, whose \c length
    counts bytes).
*/
Expression Function::length(const Expression &expression)
{
    return makeFunction(u"length"_s, { expression }, SqlType::integer(), FunctionNode::Length);
}

/*! `abs(expression)`, typed like \a expression. */
Expression Function::abs(const Expression &expression)
{
    return makeFunction(u"abs"_s, { expression }, expression.type());
}

/*!
    Calls the SQL function \a name with \a arguments. The name must be a plain
    identifier (letters, digits, underscores, optionally dotted); anything else
    makes the statement fail to compile, so a name can never carry SQL.
*/
Expression Function::named(const QString &name, const QList<Expression> &arguments,
                           const SqlType &resultType)
{
    static const QRegularExpression valid(
            u"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$"_s);
    if (!valid.match(name).hasMatch())
        return makeError(u"Function name '%1' is not a plain identifier"_s.arg(name));
    return makeFunction(name, arguments, resultType);
}

} // namespace Qorm
