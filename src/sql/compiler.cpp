// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "sql/compiler_p.h"
#include "sql/sqllexer_p.h"

#include <QtCore/QDate>
#include <QtCore/QLocale>
#include <QtCore/QRegularExpression>

#include <functional>
#include <limits>

using namespace Qt::StringLiterals;

// SqlCompiler is private (compiler_p.h): keep Doxygen out of this file.
//! \cond internal
namespace Qorm {

namespace {

// Reserved words of SQL:2016, PostgreSQL, MySQL/MariaDB and SQLite that are
// quoted when used as identifiers. Quoting more than needed is harmless;
// quoting less breaks, so the union of the dialects is used everywhere.
const QSet<QString> &reservedWords()
{
    static const QSet<QString> words = [] {
        static const char *const list[] = {
            "abort",
            "accessible",
            "action",
            "add",
            "after",
            "all",
            "alter",
            "analyse",
            "analyze",
            "and",
            "any",
            "array",
            "as",
            "asc",
            "asensitive",
            "asymmetric",
            "at",
            "attach",
            "authorization",
            "autoincrement",
            "before",
            "begin",
            "between",
            "bigint",
            "binary",
            "blob",
            "both",
            "by",
            "call",
            "cascade",
            "case",
            "cast",
            "change",
            "char",
            "character",
            "check",
            "collate",
            "collation",
            "column",
            "commit",
            "concurrently",
            "condition",
            "conflict",
            "constraint",
            "continue",
            "convert",
            "create",
            "cross",
            "cube",
            "cume_dist",
            "current",
            "current_catalog",
            "current_date",
            "current_role",
            "current_schema",
            "current_time",
            "current_timestamp",
            "current_user",
            "cursor",
            "database",
            "databases",
            "day_hour",
            "day_microsecond",
            "day_minute",
            "day_second",
            "dec",
            "decimal",
            "declare",
            "default",
            "deferrable",
            "deferred",
            "delayed",
            "delete",
            "delete_domain_id",
            "dense_rank",
            "desc",
            "describe",
            "detach",
            "deterministic",
            "distinct",
            "distinctrow",
            "div",
            "do",
            "do_domain_ids",
            "double",
            "drop",
            "dual",
            "each",
            "else",
            "elseif",
            "empty",
            "enclosed",
            "end",
            "escape",
            "escaped",
            "except",
            "exclusive",
            "exists",
            "exit",
            "explain",
            "false",
            "fetch",
            "filter",
            "first_value",
            "float",
            "float4",
            "float8",
            "for",
            "force",
            "foreign",
            "freeze",
            "from",
            "full",
            "fulltext",
            "function",
            "generated",
            "get",
            "glob",
            "grant",
            "group",
            "grouping",
            "groups",
            "having",
            "high_priority",
            "hour_microsecond",
            "hour_minute",
            "hour_second",
            "if",
            "ignore",
            "ignore_domain_ids",
            "ilike",
            "immediate",
            "in",
            "index",
            "indexed",
            "infile",
            "initially",
            "inner",
            "inout",
            "insensitive",
            "insert",
            "instead",
            "int",
            "int1",
            "int2",
            "int3",
            "int4",
            "int8",
            "integer",
            "intersect",
            "interval",
            "into",
            "io_after_gtids",
            "io_before_gtids",
            "is",
            "isnull",
            "iterate",
            "join",
            "json_table",
            "key",
            "keys",
            "kill",
            "lag",
            "last_value",
            "lateral",
            "lead",
            "leading",
            "leave",
            "left",
            "like",
            "limit",
            "linear",
            "lines",
            "load",
            "localtime",
            "localtimestamp",
            "lock",
            "long",
            "longblob",
            "longtext",
            "loop",
            "low_priority",
            "master_demote_to_replica",
            "master_demote_to_slave",
            "master_ssl_verify_server_cert",
            "master_bind",
            "match",
            "materialized",
            "maxvalue",
            "mediumblob",
            "mediumint",
            "mediumtext",
            "middleint",
            "minute_microsecond",
            "minute_second",
            "mod",
            "modifies",
            "natural",
            "no",
            "no_write_to_binlog",
            "not",
            "nothing",
            "notnull",
            "nth_value",
            "ntile",
            "null",
            "nulls",
            "numeric",
            "of",
            "offset",
            "on",
            "only",
            "optimize",
            "optimizer_costs",
            "option",
            "optionally",
            "or",
            "order",
            "others",
            "out",
            "outer",
            "outfile",
            "over",
            "overlaps",
            "page_checksum",
            "parse_vcol_expr",
            "partition",
            "percent_rank",
            "placing",
            "plan",
            "portion",
            "pragma",
            "precision",
            "primary",
            "procedure",
            "purge",
            "query",
            "raise",
            "range",
            "rank",
            "read",
            "read_write",
            "reads",
            "real",
            "recursive",
            "ref_system_id",
            "references",
            "regexp",
            "reindex",
            "release",
            "rename",
            "repeat",
            "replace",
            "require",
            "resignal",
            "restrict",
            "return",
            "returning",
            "revoke",
            "right",
            "rlike",
            "rollback",
            "row",
            "row_number",
            "rows",
            "savepoint",
            "schema",
            "schemas",
            "second_microsecond",
            "select",
            "sensitive",
            "separator",
            "session_user",
            "set",
            "show",
            "signal",
            "similar",
            "smallint",
            "some",
            "spatial",
            "specific",
            "sql",
            "sql_big_result",
            "sql_calc_found_rows",
            "sql_small_result",
            "sqlexception",
            "sqlstate",
            "sqlwarning",
            "ssl",
            "starting",
            "stats_auto_recalc",
            "stats_persistent",
            "stats_sample_pages",
            "stored",
            "straight_join",
            "symmetric",
            "system",
            "system_user",
            "table",
            "tablesample",
            "temp",
            "temporary",
            "terminated",
            "then",
            "ties",
            "tinyblob",
            "tinyint",
            "tinytext",
            "to",
            "trailing",
            "transaction",
            "trigger",
            "true",
            "unbounded",
            "undo",
            "union",
            "unique",
            "unlock",
            "unsigned",
            "update",
            "usage",
            "use",
            "user",
            "using",
            "utc_date",
            "utc_time",
            "utc_timestamp",
            "vacuum",
            "values",
            "varbinary",
            "varchar",
            "varcharacter",
            "variadic",
            "varying",
            "verbose",
            "view",
            "virtual",
            "when",
            "where",
            "while",
            "window",
            "with",
            "without",
            "write",
            "xor",
            "year_month",
            "zerofill",
        };
        QSet<QString> set;
        for (const char *word : list)
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

bool isPlainIdentifier(const QString &identifier)
{
    if (identifier.isEmpty())
        return false;
    const QChar first = identifier.at(0);
    if (!((first >= u'a' && first <= u'z') || first == u'_'))
        return false;
    for (const QChar c : identifier) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'))
            return false;
    }
    return true;
}

const char *compoundKeyword(SelectNode::CompoundOperator op)
{
    switch (op) {
    case SelectNode::Union:
        return " UNION ";
    case SelectNode::UnionAll:
        return " UNION ALL ";
    case SelectNode::Intersect:
        return " INTERSECT ";
    case SelectNode::Except:
        return " EXCEPT ";
    }
    return " UNION ";
}

const char *referentialAction(ReferentialAction action)
{
    switch (action) {
    case ReferentialAction::NoAction:
        return "NO ACTION";
    case ReferentialAction::Restrict:
        return "RESTRICT";
    case ReferentialAction::Cascade:
        return "CASCADE";
    case ReferentialAction::SetNull:
        return "SET NULL";
    case ReferentialAction::SetDefault:
        return "SET DEFAULT";
    }
    return "NO ACTION";
}

void leaves(const FromNode *node, QList<const FromNode *> &out)
{
    if (!node)
        return;
    if (node->kind == FromNode::JoinKind) {
        const auto *join = static_cast<const JoinNode *>(node);
        leaves(join->left.data(), out);
        leaves(join->right.data(), out);
    } else if (!out.contains(node)) {
        out += node;
    }
}

} // namespace

SqlCompiler::SqlCompiler(DialectType dialect) : m_dialect(dialect) { }
SqlCompiler::~SqlCompiler() = default;

void SqlCompiler::reset()
{
    m_sql.clear();
    m_values.clear();
    m_names.clear();
    m_types.clear();
    m_resultNames.clear();
    m_resultTypes.clear();
    m_returnsRows = false;
    m_literalBinds = false;
    m_errorType = Error::NoError;
    m_errorText.clear();
    m_enclosingSources.clear();
    m_cteStack.clear();
    m_cteReferences = nullptr;
    m_unqualifiedTable = nullptr;
}

void SqlCompiler::fail(Error::Type type, const QString &message)
{
    if (m_errorType != Error::NoError)
        return; // the first problem is the one worth reporting
    m_errorType = type;
    m_errorText = message;
}

bool SqlCompiler::isReservedWord(const QString &lowerCaseWord) const
{
    return reservedWords().contains(lowerCaseWord);
}

/*
    Quotes an identifier when it needs it: a reserved word, upper-case letters
    (PostgreSQL folds unquoted names to lower case) or any character beyond
    [a-z0-9_]. The quote character inside the name is doubled, so no name can
    end the quoting early.
*/
QString SqlCompiler::quote(const QString &identifier) const
{
    if (isPlainIdentifier(identifier) && !isReservedWord(identifier))
        return identifier;
    const QChar q = quoteCharacter();
    QString quoted;
    quoted.reserve(identifier.size() + 2);
    quoted += q;
    for (const QChar c : identifier) {
        if (c == q)
            quoted += q;
        quoted += c;
    }
    quoted += q;
    return quoted;
}

QString SqlCompiler::booleanLiteral(bool value) const
{
    return value ? u"1"_s : u"0"_s;
}

QString SqlCompiler::tableName(const TableNode *table) const
{
    if (table->schema.isEmpty())
        return quote(table->name);
    return quote(table->schema) + u'.' + quote(table->name);
}

QString SqlCompiler::stringLiteral(const QString &value) const
{
    QString result = value;
    result.replace(u'\'', u"''"_s);
    return u'\'' + result + u'\'';
}

// ------------------------------------------------------------------ binds

// An integer beyond an integer()/smallInteger() column's range: the servers refuse it, and
// SQLite would store it and read it back cut to the column's C++ type.
static bool outOfIntegerRange(const QVariant &value, SqlType::Kind kind)
{
    qint64 number = 0;
    switch (value.metaType().id()) {
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Int:
    case QMetaType::Short:
        number = value.toLongLong();
        break;
    case QMetaType::ULongLong:
    case QMetaType::ULong:
    case QMetaType::UInt:
    case QMetaType::UShort:
        if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return true;
        number = value.toLongLong();
        break;
    default:
        return false;
    }
    if (kind == SqlType::SmallInteger)
        return number < std::numeric_limits<short>::min()
                || number > std::numeric_limits<short>::max();
    return number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max();
}

void SqlCompiler::appendBind(const QVariant &value, const SqlType &type)
{
    if ((type.kind() == SqlType::Integer || type.kind() == SqlType::SmallInteger)
        && outOfIntegerRange(value, type.kind())) {
        fail(Error::InvalidRequestError,
             u"value %1 is out of the range of its %2 column; use bigInteger() for 64-bit values"_s
                     .arg(value.toString(),
                          type.kind() == SqlType::Integer ? u"integer()"_s : u"smallInteger()"_s));
        return;
    }
    if (m_literalBinds) {
        m_sql += literalDdl(literal(value, type));
        return;
    }
    renderPlaceholder(type.isValid() ? type : literal(value).type());
    m_values += convertBind(value, type);
    m_names += QString();
    m_types += type;
}

void SqlCompiler::appendParameter(const QString &name, const SqlType &type)
{
    if (m_literalBinds) {
        fail(Error::InvalidRequestError, u"Parameter '%1' cannot appear in DDL"_s.arg(name));
        return;
    }
    renderPlaceholder(type);
    m_values += QVariant();
    m_names += name;
    m_types += type;
}

// ------------------------------------------------------------------ expressions

int SqlCompiler::precedence(const ExpressionNode *node) const
{
    switch (node->kind) {
    case ExpressionNode::ListKind:
        return static_cast<const ListNode *>(node)->op == ListNode::Or ? 1 : 2;
    case ExpressionNode::UnaryKind:
        switch (static_cast<const UnaryNode *>(node)->op) {
        case UnaryNode::Not:
            return 3;
        case UnaryNode::IsNull:
        case UnaryNode::IsNotNull:
            return 4;
        case UnaryNode::Negate:
            return 8;
        case UnaryNode::Distinct:
            return 10;
        }
        return 10;
    case ExpressionNode::BinaryKind:
        switch (static_cast<const BinaryNode *>(node)->op) {
        case BinaryNode::Equal:
        case BinaryNode::NotEqual:
        case BinaryNode::Less:
        case BinaryNode::LessOrEqual:
        case BinaryNode::Greater:
        case BinaryNode::GreaterOrEqual:
            return 4;
        case BinaryNode::Add:
        case BinaryNode::Subtract:
            return 6;
        case BinaryNode::Concat:
            return concatPrecedence();
        case BinaryNode::Multiply:
        case BinaryNode::Divide:
        case BinaryNode::Modulo:
            return 7;
        }
        return 10;
    case ExpressionNode::InKind:
    case ExpressionNode::LikeKind:
    case ExpressionNode::BetweenKind:
        return 4;
    case ExpressionNode::TextKind:
        return 0; // unknown text: always parenthesized as an operand
    default:
        return 10;
    }
}

void SqlCompiler::renderOperand(const Expression &expression, int parentPrecedence, bool strict,
                                Context context)
{
    const ExpressionNode *node = expression.node();
    if (!node) {
        fail(Error::InvalidRequestError, u"An operand of an expression is empty"_s);
        return;
    }
    const int own = precedence(node);
    const bool parenthesize = own < parentPrecedence || (strict && own == parentPrecedence);
    if (parenthesize)
        m_sql += u'(';
    renderExpression(expression, context);
    if (parenthesize)
        m_sql += u')';
}

void SqlCompiler::renderExpressionList(const QList<Expression> &expressions, Context context)
{
    for (qsizetype i = 0; i < expressions.size(); ++i) {
        if (i)
            m_sql += u", "_s;
        renderExpression(expressions.at(i), context);
    }
}

void SqlCompiler::renderQualifier(const FromNode *from)
{
    if (from->kind == FromNode::TableKind)
        m_sql += tableName(static_cast<const TableNode *>(from));
    else
        m_sql += quote(from->name);
}

void SqlCompiler::renderColumnReference(const ColumnNode &node, Context context)
{
    if (context != UnqualifiedContext && node.from && node.from.data() != m_unqualifiedTable) {
        renderQualifier(node.from.data());
        m_sql += u'.';
    }
    m_sql += quote(node.name);
}

void SqlCompiler::renderNot(const UnaryNode &node)
{
    const ExpressionNode *operand = node.operand.node();
    if (!operand) {
        fail(Error::InvalidRequestError, u"NOT of an empty expression"_s);
        return;
    }
    // NOT of a negatable predicate flips it: NOT IN, NOT LIKE, IS NOT NULL, NOT BETWEEN, NOT
    // EXISTS.
    switch (operand->kind) {
    case ExpressionNode::InKind: {
        auto flipped = *static_cast<const InNode *>(operand);
        flipped.negated = !flipped.negated;
        renderExpression(Expression(new InNode(flipped)));
        return;
    }
    case ExpressionNode::LikeKind: {
        auto flipped = *static_cast<const LikeNode *>(operand);
        flipped.negated = !flipped.negated;
        renderExpression(Expression(new LikeNode(flipped)));
        return;
    }
    case ExpressionNode::BetweenKind: {
        auto flipped = *static_cast<const BetweenNode *>(operand);
        flipped.negated = !flipped.negated;
        renderExpression(Expression(new BetweenNode(flipped)));
        return;
    }
    case ExpressionNode::UnaryKind: {
        const auto *inner = static_cast<const UnaryNode *>(operand);
        if (inner->op == UnaryNode::IsNull || inner->op == UnaryNode::IsNotNull) {
            auto flipped = *inner;
            flipped.op = inner->op == UnaryNode::IsNull ? UnaryNode::IsNotNull : UnaryNode::IsNull;
            renderExpression(Expression(new UnaryNode(flipped)));
            return;
        }
        break;
    }
    case ExpressionNode::SelectKind:
        if (static_cast<const SelectExpressionNode *>(operand)->form
            == SelectExpressionNode::Exists) {
            m_sql += u"NOT "_s;
            renderExpression(node.operand);
            return;
        }
        break;
    default:
        break;
    }
    // NOT (a = b): HIGH_NOT_PRECEDENCE (MySQL) would read NOT a = b as (NOT a) = b.
    m_sql += u"NOT "_s;
    renderOperand(node.operand, 10, false);
}

void SqlCompiler::renderExpression(const Expression &expression, Context context)
{
    const ExpressionNode *node = expression.node();
    if (!node) {
        fail(Error::InvalidRequestError, u"An expression in the statement is empty"_s);
        return;
    }
    switch (node->kind) {
    case ExpressionNode::ColumnKind:
        renderColumnReference(*static_cast<const ColumnNode *>(node), context);
        return;
    case ExpressionNode::BindKind:
        appendBind(static_cast<const BindNode *>(node)->value, node->type);
        return;
    case ExpressionNode::ParameterKind:
        appendParameter(static_cast<const ParameterNode *>(node)->name, node->type);
        return;
    case ExpressionNode::NullKind:
        m_sql += u"NULL"_s;
        return;
    case ExpressionNode::BooleanKind:
        m_sql += booleanLiteral(static_cast<const BooleanNode *>(node)->value);
        return;
    case ExpressionNode::TextKind:
        m_sql += static_cast<const TextNode *>(node)->sql;
        return;
    case ExpressionNode::UnaryKind: {
        const auto *unary = static_cast<const UnaryNode *>(node);
        switch (unary->op) {
        case UnaryNode::Not:
            renderNot(*unary);
            return;
        case UnaryNode::Negate:
            m_sql += u'-';
            renderOperand(unary->operand, 9, false);
            return;
        case UnaryNode::IsNull:
            renderOperand(unary->operand, 4, true);
            m_sql += u" IS NULL"_s;
            return;
        case UnaryNode::IsNotNull:
            renderOperand(unary->operand, 4, true);
            m_sql += u" IS NOT NULL"_s;
            return;
        case UnaryNode::Distinct:
            m_sql += u"DISTINCT "_s;
            renderOperand(unary->operand, 10, false);
            return;
        }
        return;
    }
    case ExpressionNode::BinaryKind: {
        const auto *binary = static_cast<const BinaryNode *>(node);
        const int own = precedence(node);
        if (binary->op == BinaryNode::Concat) {
            renderConcat(*binary, own);
            return;
        }
        static const char *const operators[] = { " = ", " != ", " < ", " <= ", " > ", " >= ",
                                                 " + ", " - ",  " * ", " / ",  " % ", " || " };
        const bool comparison = own == 4;
        renderOperand(binary->left, own, comparison);
        m_sql += QLatin1StringView(operators[binary->op]);
        renderOperand(binary->right, own, true);
        return;
    }
    case ExpressionNode::ListKind: {
        const auto *list = static_cast<const ListNode *>(node);
        const int own = precedence(node);
        for (qsizetype i = 0; i < list->operands.size(); ++i) {
            if (i)
                m_sql += list->op == ListNode::And ? u" AND "_s : u" OR "_s;
            renderOperand(list->operands.at(i), own, false);
        }
        return;
    }
    case ExpressionNode::FunctionKind: {
        const auto *function = static_cast<const FunctionNode *>(node);
        if (function->special == FunctionNode::Now) {
            m_sql += nowSql();
            return;
        }
        m_sql += function->special == FunctionNode::Length ? lengthFunction() : function->name;
        m_sql += u'(';
        if (function->special == FunctionNode::CountAll)
            m_sql += u'*';
        else
            renderExpressionList(function->arguments, ValueContext);
        m_sql += u')';
        return;
    }
    case ExpressionNode::CastKind: {
        const auto *castNode = static_cast<const CastNode *>(node);
        m_sql += u"CAST("_s;
        renderExpression(castNode->operand);
        m_sql += u" AS "_s;
        m_sql += castTypeName(node->type.resolved(m_dialect));
        m_sql += u')';
        return;
    }
    case ExpressionNode::CaseKind: {
        const auto *caseNode = static_cast<const CaseNode *>(node);
        m_sql += u"CASE"_s;
        if (caseNode->value.isValid()) {
            m_sql += u' ';
            renderExpression(caseNode->value);
        }
        for (const auto &[when, then] : caseNode->whens) {
            m_sql += u" WHEN "_s;
            renderExpression(when);
            m_sql += u" THEN "_s;
            renderExpression(then);
        }
        if (caseNode->elseValue.isValid()) {
            m_sql += u" ELSE "_s;
            renderExpression(caseNode->elseValue);
        }
        m_sql += u" END"_s;
        return;
    }
    case ExpressionNode::LabelKind: {
        const auto *label = static_cast<const LabelNode *>(node);
        if (context == OrderContext || context == UnqualifiedContext) {
            m_sql += quote(label->name);
            return;
        }
        renderExpression(label->operand, context == ColumnListContext ? ValueContext : context);
        if (context == ColumnListContext) {
            m_sql += u" AS "_s;
            m_sql += quote(label->name);
        }
        return;
    }
    case ExpressionNode::OrderKind: {
        const auto *order = static_cast<const OrderNode *>(node);
        if (order->nulls != OrderNode::NullsDefault && !supportsNullsOrdering()) {
            // Emulated where NULLS FIRST/LAST is missing: sort on "is null" first.
            renderOperand(order->operand, 4, true,
                          context == UnqualifiedContext ? context : OrderContext);
            m_sql += order->nulls == OrderNode::NullsLast ? u" IS NULL, "_s : u" IS NOT NULL, "_s;
        }
        renderExpression(order->operand, context == UnqualifiedContext ? context : OrderContext);
        if (order->direction == OrderNode::Ascending)
            m_sql += u" ASC"_s;
        else if (order->direction == OrderNode::Descending)
            m_sql += u" DESC"_s;
        if (order->nulls != OrderNode::NullsDefault && supportsNullsOrdering())
            m_sql += order->nulls == OrderNode::NullsFirst ? u" NULLS FIRST"_s : u" NULLS LAST"_s;
        return;
    }
    case ExpressionNode::SelectKind: {
        const auto *select = static_cast<const SelectExpressionNode *>(node);
        if (select->form == SelectExpressionNode::Exists)
            m_sql += u"EXISTS "_s;
        m_sql += u'(';
        renderSelect(*static_cast<const SelectNode *>(select->select.data()), true, false);
        m_sql += u')';
        return;
    }
    case ExpressionNode::InKind: {
        const auto *in = static_cast<const InNode *>(node);
        if (!in->select && in->values.isEmpty()) {
            // x IN () is not SQL; an empty list matches nothing (everything, negated).
            m_sql += in->negated ? u"1 = 1"_s : u"1 != 1"_s;
            return;
        }
        renderOperand(in->operand, 4, true);
        m_sql += in->negated ? u" NOT IN ("_s : u" IN ("_s;
        if (in->select)
            renderSelect(*static_cast<const SelectNode *>(in->select.data()), true, false);
        else
            renderExpressionList(in->values, ValueContext);
        m_sql += u')';
        return;
    }
    case ExpressionNode::LikeKind: {
        const auto *like = static_cast<const LikeNode *>(node);
        const bool lowered = like->caseInsensitive && !supportsIlike();
        if (lowered) {
            m_sql += u"lower("_s;
            renderExpression(like->operand);
            m_sql += u')';
        } else {
            renderOperand(like->operand, 4, true);
        }
        m_sql += like->negated ? u" NOT"_s : QString();
        m_sql += like->caseInsensitive && !lowered ? u" ILIKE "_s : u" LIKE "_s;
        if (lowered) {
            m_sql += u"lower("_s;
            renderExpression(like->pattern);
            m_sql += u')';
        } else {
            renderOperand(like->pattern, 4, true);
        }
        if (!like->escape.isNull()) {
            m_sql += u" ESCAPE "_s;
            appendBind(QString(like->escape), SqlType::string());
        }
        return;
    }
    case ExpressionNode::BetweenKind: {
        const auto *between = static_cast<const BetweenNode *>(node);
        renderOperand(between->operand, 4, true);
        m_sql += between->negated ? u" NOT BETWEEN "_s : u" BETWEEN "_s;
        renderOperand(between->low, 5, false);
        m_sql += u" AND "_s;
        renderOperand(between->high, 5, false);
        return;
    }
    case ExpressionNode::ExcludedKind:
        renderExcluded(*static_cast<const ExcludedNode *>(node));
        return;
    case ExpressionNode::ErrorKind:
        fail(Error::InvalidRequestError, static_cast<const ErrorNode *>(node)->message);
        return;
    }
}

void SqlCompiler::renderConcat(const BinaryNode &node, int)
{
    // || binds tighter than + in SQLite and looser in PostgreSQL: arithmetic operands get
    // parentheses either way; a chain of || needs none.
    auto renderPart = [this](const Expression &part) {
        const ExpressionNode *partNode = part.node();
        const bool chained = partNode && partNode->kind == ExpressionNode::BinaryKind
                && static_cast<const BinaryNode *>(partNode)->op == BinaryNode::Concat;
        renderOperand(part, chained ? 0 : 8, false);
    };
    renderPart(node.left);
    m_sql += u" || "_s;
    renderPart(node.right);
}

void SqlCompiler::renderExcluded(const ExcludedNode &node)
{
    m_sql += u"excluded."_s;
    m_sql += quote(node.column);
}

// ------------------------------------------------------------------ FROM

void SqlCompiler::renderFrom(const FromNode *from)
{
    switch (from->kind) {
    case FromNode::TableKind: {
        const auto *table = static_cast<const TableNode *>(from);
        if (!table->definitionError.isEmpty())
            fail(Error::InvalidRequestError, table->definitionError);
        m_sql += tableName(table);
        return;
    }
    case FromNode::AliasKind: {
        const auto *alias = static_cast<const AliasNode *>(from);
        renderFrom(alias->target.data());
        m_sql += u" AS "_s;
        m_sql += quote(alias->name);
        return;
    }
    case FromNode::JoinKind: {
        const auto *join = static_cast<const JoinNode *>(from);
        if (!join->left || !join->right) {
            fail(Error::InvalidRequestError, u"A join has an empty side"_s);
            return;
        }
        if (join->type == FromClause::FullJoin && !supportsFullJoin()) {
            fail(Error::UnsupportedFeatureError, u"%1 has no FULL OUTER JOIN"_s.arg(dialectName()));
            return;
        }
        renderFrom(join->left.data());
        switch (join->type) {
        case FromClause::InnerJoin:
            m_sql += u" JOIN "_s;
            break;
        case FromClause::LeftJoin:
            m_sql += u" LEFT OUTER JOIN "_s;
            break;
        case FromClause::FullJoin:
            m_sql += u" FULL OUTER JOIN "_s;
            break;
        }
        const bool nested = join->right->kind == FromNode::JoinKind;
        if (nested)
            m_sql += u'(';
        renderFrom(join->right.data());
        if (nested)
            m_sql += u')';
        m_sql += u" ON "_s;
        renderExpression(join->on);
        return;
    }
    case FromNode::SubqueryKind: {
        const auto *subquery = static_cast<const SubqueryNode *>(from);
        m_sql += u'(';
        renderSelect(*static_cast<const SelectNode *>(subquery->select.data()), false, false);
        m_sql += u") AS "_s;
        m_sql += quote(subquery->name);
        return;
    }
    case FromNode::CteKind: {
        const auto *cte = static_cast<const CteNode *>(from);
        if (m_cteStack.isEmpty()) {
            fail(Error::InvalidRequestError, u"CTE '%1' used outside a query"_s.arg(cte->name));
            return;
        }
        QList<const CteNode *> &ctes = m_cteStack.last();
        bool known = false;
        for (const CteNode *&existing : ctes) {
            if (existing->name != cte->name)
                continue;
            known = true;
            if (existing == cte)
                continue;
            // Versions of one CTE: keep the most complete, the one that restates (extends) the
            // other.
            const auto extends = [](const CteNode *newer, const CteNode *older) {
                for (const FromNode *r = newer->restates.data(); r;
                     r = static_cast<const CteNode *>(r)->restates.data()) {
                    if (r == older)
                        return true;
                }
                return false;
            };
            if (extends(cte, existing))
                existing = cte;
            else if (!extends(existing, cte))
                fail(Error::InvalidRequestError,
                     u"Two different CTEs named '%1' in one statement"_s.arg(cte->name));
        }
        if (!known)
            ctes += cte;
        if (m_cteReferences && !m_cteReferences->contains(cte->name))
            m_cteReferences->append(cte->name);
        m_sql += quote(cte->name);
        return;
    }
    case FromNode::ErrorKind:
        fail(Error::InvalidRequestError, static_cast<const FromErrorNode *>(from)->message);
        return;
    }
}

void SqlCompiler::collectSources(const Expression &expression,
                                 QList<const FromNode *> &sources) const
{
    const ExpressionNode *node = expression.node();
    if (!node)
        return;
    auto visit = [&](const Expression &child) { collectSources(child, sources); };
    switch (node->kind) {
    case ExpressionNode::ColumnKind: {
        const FromNode *from = static_cast<const ColumnNode *>(node)->from.data();
        if (from && !sources.contains(from))
            sources += from;
        return;
    }
    case ExpressionNode::UnaryKind:
        visit(static_cast<const UnaryNode *>(node)->operand);
        return;
    case ExpressionNode::BinaryKind:
        visit(static_cast<const BinaryNode *>(node)->left);
        visit(static_cast<const BinaryNode *>(node)->right);
        return;
    case ExpressionNode::ListKind:
        for (const Expression &operand : static_cast<const ListNode *>(node)->operands)
            visit(operand);
        return;
    case ExpressionNode::FunctionKind:
        for (const Expression &argument : static_cast<const FunctionNode *>(node)->arguments)
            visit(argument);
        return;
    case ExpressionNode::CastKind:
        visit(static_cast<const CastNode *>(node)->operand);
        return;
    case ExpressionNode::CaseKind: {
        const auto *caseNode = static_cast<const CaseNode *>(node);
        visit(caseNode->value);
        for (const auto &[when, then] : caseNode->whens) {
            visit(when);
            visit(then);
        }
        visit(caseNode->elseValue);
        return;
    }
    case ExpressionNode::LabelKind:
        visit(static_cast<const LabelNode *>(node)->operand);
        return;
    case ExpressionNode::OrderKind:
        visit(static_cast<const OrderNode *>(node)->operand);
        return;
    case ExpressionNode::InKind:
        visit(static_cast<const InNode *>(node)->operand);
        for (const Expression &value : static_cast<const InNode *>(node)->values)
            visit(value);
        return;
    case ExpressionNode::LikeKind:
        visit(static_cast<const LikeNode *>(node)->operand);
        visit(static_cast<const LikeNode *>(node)->pattern);
        return;
    case ExpressionNode::BetweenKind:
        visit(static_cast<const BetweenNode *>(node)->operand);
        visit(static_cast<const BetweenNode *>(node)->low);
        visit(static_cast<const BetweenNode *>(node)->high);
        return;
    default:
        return; // binds, text, nested selects (they have their own FROM)
    }
}

// ------------------------------------------------------------------ SELECT

void SqlCompiler::renderSelect(const SelectNode &select, bool correlate, bool topOfQuery)
{
    // A subquery of an UPDATE or DELETE is the top of its own query, with its own WITH clause.
    if (!topOfQuery && !m_cteStack.isEmpty()) {
        if (select.isCompound())
            renderCompound(select);
        else
            renderSelectBody(select, correlate);
        return;
    }
    // A query's WITH clause comes first, but its CTEs are only known once the
    // body is rendered: render the body, then splice the CTEs (and their binds) in front.
    const qsizetype sqlStart = m_sql.size();
    const qsizetype bindStart = m_values.size();
    m_cteStack.append(QList<const CteNode *>());
    if (select.isCompound())
        renderCompound(select);
    else
        renderSelectBody(select, correlate);
    renderCtes(sqlStart, bindStart);
}

void SqlCompiler::renderCtes(qsizetype insertPosition, qsizetype bindPosition)
{
    const QList<const CteNode *> discovered = m_cteStack.takeLast();
    if (discovered.isEmpty() || failed())
        return;
    const QString body = m_sql.mid(insertPosition);
    const QVariantList bodyValues = m_values.mid(bindPosition);
    const QStringList bodyNames = m_names.mid(bindPosition);
    const QList<SqlType> bodyTypes = m_types.mid(bindPosition);
    m_sql.truncate(insertPosition);
    m_values.resize(bindPosition);
    m_names.resize(bindPosition);
    m_types.resize(bindPosition);

    // CTE bodies may use further CTEs; those join the same WITH clause, ahead of the CTEs
    // that use them (a CTE sees only the earlier ones, unless the clause is RECURSIVE).
    m_cteStack.append(discovered);
    QStringList written;
    QStringList inProgress;
    bool recursive = false;
    std::function<void(const QString &)> write = [&](const QString &name) {
        if (written.contains(name) || inProgress.contains(name) || failed())
            return;
        const CteNode *cte = nullptr;
        for (const CteNode *known : std::as_const(m_cteStack.last())) {
            if (known->name == name)
                cte = known;
        }
        if (!cte)
            return;
        inProgress += name;
        recursive = recursive || cte->recursive;
        const qsizetype sqlStart = m_sql.size();
        const qsizetype bindStart = m_values.size();
        QStringList references;
        QStringList *const outerReferences = m_cteReferences;
        m_cteReferences = &references;
        m_sql += quote(cte->name);
        if (cte->recursive && !cte->columnNames.isEmpty()) {
            QStringList columns;
            for (const QString &column : cte->columnNames)
                columns += quote(column);
            m_sql += u'(' + columns.join(u", "_s) + u')';
        }
        m_sql += u" AS ("_s;
        renderSelect(*static_cast<const SelectNode *>(cte->select.data()), false, false);
        m_sql += u')';
        m_cteReferences = outerReferences;
        // Set this CTE aside while the ones it uses are written.
        const QString part = m_sql.mid(sqlStart);
        const QVariantList partValues = m_values.mid(bindStart);
        const QStringList partNames = m_names.mid(bindStart);
        const QList<SqlType> partTypes = m_types.mid(bindStart);
        m_sql.truncate(sqlStart);
        m_values.resize(bindStart);
        m_names.resize(bindStart);
        m_types.resize(bindStart);
        for (const QString &reference : std::as_const(references))
            write(reference);
        if (!written.isEmpty())
            m_sql += u", "_s;
        m_sql += part;
        m_values += partValues;
        m_names += partNames;
        m_types += partTypes;
        inProgress.removeOne(name);
        written += name;
    };
    for (const CteNode *cte : discovered)
        write(cte->name);
    m_cteStack.removeLast();
    const QString cteSql = m_sql.mid(insertPosition);
    m_sql.truncate(insertPosition);
    m_sql += recursive ? u"WITH RECURSIVE "_s : u"WITH "_s;
    m_sql += cteSql;
    m_sql += u' ';
    m_sql += body;
    m_values += bodyValues;
    m_names += bodyNames;
    m_types += bodyTypes;
}

void SqlCompiler::renderCompound(const SelectNode &select)
{
    if (!select.error.isEmpty()) {
        fail(Error::InvalidRequestError, select.error);
        return;
    }
    for (qsizetype i = 0; i < select.parts.size(); ++i) {
        if (i)
            m_sql += QLatin1StringView(compoundKeyword(select.operators.at(i - 1)));
        const auto *part = static_cast<const SelectNode *>(select.parts.at(i).data());
        const bool needsWrapping =
                part->isCompound() || !part->orderBy.isEmpty() || part->limit || part->offset;
        if (needsWrapping && wrapsCompoundMembers()) {
            m_sql += u"SELECT * FROM ("_s;
            renderSelect(*part, false, false);
            m_sql += u')';
        } else if (needsWrapping) {
            m_sql += u'(';
            renderSelect(*part, false, false);
            m_sql += u')';
        } else {
            renderSelect(*part, false, false);
        }
    }
    if (!select.orderBy.isEmpty()) {
        // The result of a compound has no table: order by the result column names.
        m_sql += u" ORDER BY "_s;
        renderExpressionList(select.orderBy, UnqualifiedContext);
    }
    renderLimitOffset(select);
    if (select.rowLock != RowLock::None)
        fail(Error::InvalidRequestError, u"A row lock cannot apply to a UNION/INTERSECT/EXCEPT"_s);
}

/*
    A select-list item whose type no neighbour tells the database: a bound value alone
    (possibly labelled), or an operator between bound values.
*/
bool SqlCompiler::isContextFreeValue(const Expression &expression)
{
    const ExpressionNode *node = expression.node();
    if (node && node->kind == ExpressionNode::LabelKind)
        node = static_cast<const LabelNode *>(node)->operand.node();
    const auto isValue = [](const ExpressionNode *n) {
        return n
                && (n->kind == ExpressionNode::BindKind
                    || n->kind == ExpressionNode::ParameterKind);
    };
    if (isValue(node))
        return true;
    if (node && node->kind == ExpressionNode::BinaryKind) {
        const auto *binary = static_cast<const BinaryNode *>(node);
        return isValue(binary->left.node()) && isValue(binary->right.node());
    }
    return false;
}

void SqlCompiler::renderSelectBody(const SelectNode &select, bool correlate)
{
    if (!select.error.isEmpty()) {
        fail(Error::InvalidRequestError, select.error);
        return;
    }
    if (select.columns.isEmpty()) {
        fail(Error::InvalidRequestError, u"A SELECT needs at least one column"_s);
        return;
    }

    // FROM: explicit sources, then those the columns and WHERE refer to.
    QList<const FromNode *> covered;
    for (const FromClause &from : select.froms)
        leaves(from.node(), covered);
    QList<const FromNode *> referenced;
    for (const Expression &column : select.columns)
        collectSources(column, referenced);
    collectSources(select.where, referenced);
    QList<const FromNode *> implicit;
    QList<const FromNode *> correlated;
    for (const FromNode *source : std::as_const(referenced)) {
        if (covered.contains(source))
            continue;
        bool outer = false;
        if (correlate) {
            for (const auto &enclosing : std::as_const(m_enclosingSources))
                outer = outer || enclosing.contains(source);
        }
        if (outer)
            correlated += source;
        else
            implicit += source;
    }
    // A subquery that would lose all its tables to correlation means its own tables:
    // (SELECT avg(t.x) FROM t) compared with t.x, not the average of one row.
    if (covered.isEmpty() && implicit.isEmpty())
        implicit = correlated;

    QList<const FromNode *> all = covered;
    all += implicit;

    m_sql += select.distinct ? u"SELECT DISTINCT "_s : u"SELECT "_s;
    m_enclosingSources.append(all);
    const bool wasCasting = m_castPlaceholders;
    for (qsizetype i = 0; i < select.columns.size(); ++i) {
        if (i)
            m_sql += u", "_s;
        m_castPlaceholders = isContextFreeValue(select.columns.at(i));
        renderExpression(select.columns.at(i), ColumnListContext);
    }
    m_castPlaceholders = false;
    if (!select.froms.isEmpty() || !implicit.isEmpty()) {
        m_sql += u" FROM "_s;
        bool first = true;
        for (const FromClause &from : select.froms) {
            if (!first)
                m_sql += u", "_s;
            first = false;
            if (!from.node())
                fail(Error::InvalidRequestError, u"A FROM source is empty"_s);
            else
                renderFrom(from.node());
        }
        for (const FromNode *source : std::as_const(implicit)) {
            if (!first)
                m_sql += u", "_s;
            first = false;
            renderFrom(source);
        }
    }
    if (select.where.isValid()) {
        m_sql += u" WHERE "_s;
        renderExpression(select.where);
    }
    if (!select.groupBy.isEmpty()) {
        m_sql += u" GROUP BY "_s;
        renderExpressionList(select.groupBy, OrderContext);
    }
    if (select.having.isValid()) {
        m_sql += u" HAVING "_s;
        renderExpression(select.having);
    }
    if (!select.orderBy.isEmpty()) {
        m_sql += u" ORDER BY "_s;
        renderExpressionList(select.orderBy, OrderContext);
    }
    m_enclosingSources.removeLast();
    renderLimitOffset(select);
    if (select.rowLock != RowLock::None) {
        if (!supportsRowLock(select.rowLock))
            fail(Error::UnsupportedFeatureError,
                 u"%1 has no row locks (FOR UPDATE/FOR SHARE)"_s.arg(dialectName()));
        else
            renderRowLock(select.rowLock);
    }
    m_castPlaceholders = wasCasting;
}

void SqlCompiler::renderLimitOffset(const SelectNode &select)
{
    if (select.limit) {
        m_sql += u" LIMIT "_s;
        appendBind(*select.limit, SqlType::bigInteger());
    }
    if (select.offset) {
        m_sql += u" OFFSET "_s;
        appendBind(*select.offset, SqlType::bigInteger());
    }
}

void SqlCompiler::renderRowLock(RowLock lock)
{
    switch (lock) {
    case RowLock::None:
        break;
    case RowLock::ForUpdate:
        m_sql += u" FOR UPDATE"_s;
        break;
    case RowLock::ForUpdateNoWait:
        m_sql += u" FOR UPDATE NOWAIT"_s;
        break;
    case RowLock::ForUpdateSkipLocked:
        m_sql += u" FOR UPDATE SKIP LOCKED"_s;
        break;
    case RowLock::ForShare:
        m_sql += u" FOR SHARE"_s;
        break;
    }
}

// ------------------------------------------------------------------ DML

static const TableNode *dmlTable(const Table &table)
{
    const FromNode *node = table.node();
    return node && node->kind == FromNode::TableKind ? static_cast<const TableNode *>(node)
                                                     : nullptr;
}

void SqlCompiler::renderReturning(const TableNode *table, const QList<Expression> &columns,
                                  Statement::Kind kind)
{
    if (columns.isEmpty())
        return;
    if (!supportsReturning(kind)) {
        const char *what = kind == Statement::InsertStatement ? "INSERT"
                : kind == Statement::UpdateStatement          ? "UPDATE"
                                                              : "DELETE";
        fail(Error::UnsupportedFeatureError,
             u"%1 has no %2 ... RETURNING"_s.arg(dialectName(), QLatin1StringView(what)));
        return;
    }
    // Columns of the table itself unqualified, labels as "expression AS name".
    m_sql += u" RETURNING "_s;
    const FromNode *const outerUnqualified = m_unqualifiedTable;
    m_unqualifiedTable = table;
    renderExpressionList(columns, ColumnListContext);
    m_unqualifiedTable = outerUnqualified;
    m_returnsRows = true;
    for (const Expression &column : columns) {
        const ExpressionNode *node = column.node();
        QString name;
        if (node && node->kind == ExpressionNode::ColumnKind)
            name = static_cast<const ColumnNode *>(node)->name;
        else if (node && node->kind == ExpressionNode::LabelKind)
            name = static_cast<const LabelNode *>(node)->name;
        m_resultNames += name;
        m_resultTypes += column.type();
    }
}

void SqlCompiler::renderInsert(const InsertNode &insert)
{
    const TableNode *table = dmlTable(insert.table);
    if (!table) {
        fail(Error::InvalidRequestError, u"INSERT needs a table"_s);
        return;
    }
    if (!table->definitionError.isEmpty()) {
        fail(Error::InvalidRequestError, table->definitionError);
        return;
    }
    if (!insert.error.isEmpty()) {
        fail(Error::InvalidRequestError, insert.error);
        return;
    }
    auto unknownColumn = [&](const QString &column) {
        fail(Error::InvalidRequestError,
             u"Table '%1' has no column '%2'"_s.arg(table->fullName(), column));
    };

    m_sql += u"INSERT INTO "_s;
    m_sql += tableName(table);

    if (insert.select) {
        m_sql += u" ("_s;
        for (qsizetype i = 0; i < insert.selectColumns.size(); ++i) {
            if (table->indexOf(insert.selectColumns.at(i)) < 0)
                unknownColumn(insert.selectColumns.at(i));
            if (i)
                m_sql += u", "_s;
            m_sql += quote(insert.selectColumns.at(i));
        }
        m_sql += u") "_s;
        const auto *select = static_cast<const SelectNode *>(insert.select.data());
        if (insert.conflict != InsertNode::NoConflictClause && upsertSelectNeedsWhere()
            && (select->isCompound() || !select->where.isValid())) {
            if (select->isCompound()) {
                m_sql += u"SELECT * FROM ("_s;
                renderSelect(*select, false, true);
                m_sql += u") WHERE "_s + booleanLiteral(true);
            } else {
                SelectNode filtered(*select);
                filtered.where = trueValue();
                renderSelect(filtered, false, true);
            }
        } else {
            renderSelect(*select, false, true);
        }
        m_enclosingSources.append(QList<const FromNode *>{ table });
        renderUpsert(insert);
        m_enclosingSources.removeLast();
        renderReturning(table, insert.returning, Statement::InsertStatement);
        return;
    }

    // The column list: given keys, expression values, then client-side defaults, in table order.
    QStringList given;
    for (const auto &[column, value] : insert.expressionValues)
        given += column;
    QStringList firstKeys = insert.rows.isEmpty() ? QStringList() : insert.rows.first().keys();
    for (qsizetype r = 1; r < insert.rows.size(); ++r) {
        if (insert.rows.at(r).keys() != firstKeys) {
            fail(Error::InvalidRequestError,
                 u"All rows of a multi-row INSERT into '%1' need the same columns; row %2 has %3, row 1 has %4"_s
                         .arg(table->fullName())
                         .arg(r + 1)
                         .arg(insert.rows.at(r).keys().join(u", "_s), firstKeys.join(u", "_s)));
            return;
        }
    }
    if (insert.rows.size() > 1 && !insert.expressionValues.isEmpty()) {
        fail(Error::InvalidRequestError, u"value() expressions apply to single-row INSERTs only"_s);
        return;
    }
    given += firstKeys;
    for (const QString &column : std::as_const(given)) {
        if (table->indexOf(column) < 0) {
            unknownColumn(column);
            return;
        }
    }
    QList<int> columns;
    for (int i = 0; i < table->columns.size(); ++i) {
        const ColumnData &data = *table->columns.at(i);
        if (given.contains(data.name) || data.options.defaultValue.isValid())
            columns += i;
    }
    const qsizetype rowCount = qMax<qsizetype>(1, insert.rows.size());

    if (columns.isEmpty()) {
        m_sql += emptyInsertValues();
        if (rowCount > 1)
            fail(Error::InvalidRequestError, u"A multi-row INSERT needs at least one column"_s);
    } else {
        m_sql += u" ("_s;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i)
                m_sql += u", "_s;
            m_sql += quote(table->columns.at(columns.at(i))->name);
        }
        m_sql += u") VALUES "_s;
        for (qsizetype r = 0; r < rowCount; ++r) {
            if (r)
                m_sql += u", "_s;
            m_sql += u'(';
            const QVariantMap row = insert.rows.value(r);
            for (qsizetype i = 0; i < columns.size(); ++i) {
                if (i)
                    m_sql += u", "_s;
                const ColumnData &data = *table->columns.at(columns.at(i));
                const auto expression = std::find_if(
                        insert.expressionValues.cbegin(), insert.expressionValues.cend(),
                        [&](const auto &entry) { return entry.first == data.name; });
                if (expression != insert.expressionValues.cend()) {
                    renderColumnValue(expression->second, data.type);
                } else if (row.contains(data.name)) {
                    // A row value may be an expression, e.g. parameter() in the ORM's batch shapes.
                    const QVariant value = row.value(data.name);
                    if (value.metaType() == QMetaType::fromType<Expression>())
                        renderColumnValue(value.value<Expression>(), data.type);
                    else
                        appendBind(value, data.type);
                } else if (data.options.defaultValue.kind() == ColumnDefault::SqlExpression) {
                    renderExpression(data.options.defaultValue.expression());
                } else {
                    appendBind(data.options.defaultValue.value(), data.type);
                }
            }
            m_sql += u')';
        }
    }
    m_enclosingSources.append(QList<const FromNode *>{ table });
    renderUpsert(insert);
    m_enclosingSources.removeLast();
    renderReturning(table, insert.returning, Statement::InsertStatement);
}

// A value for a column: a bound value nobody typed takes the column's type.
void SqlCompiler::renderColumnValue(const Expression &value, const SqlType &columnType)
{
    const ExpressionNode *node = value.node();
    if (node && node->kind == ExpressionNode::BindKind && !node->type.isValid())
        appendBind(static_cast<const BindNode *>(node)->value, columnType);
    else
        renderExpression(value);
}

// "a = x, b = y" for UPDATE and the upserts' update part.
void SqlCompiler::renderAssignments(const TableNode *table,
                                    const QList<std::pair<QString, Expression>> &set)
{
    for (qsizetype i = 0; i < set.size(); ++i) {
        const auto &[column, value] = set.at(i);
        if (i)
            m_sql += u", "_s;
        const int index = table->indexOf(column);
        if (index < 0) {
            fail(Error::InvalidRequestError,
                 u"Table '%1' has no column '%2'"_s.arg(table->fullName(), column));
            continue;
        }
        m_sql += quote(column);
        m_sql += u" = "_s;
        renderColumnValue(value, table->columns.at(index)->type);
    }
}

void SqlCompiler::renderUpsert(const InsertNode &insert)
{
    if (insert.conflict == InsertNode::NoConflictClause)
        return;
    const TableNode *table = dmlTable(insert.table);
    m_sql += u" ON CONFLICT"_s;
    if (!insert.conflictColumns.isEmpty()) {
        QStringList quoted;
        for (const QString &column : insert.conflictColumns) {
            if (table->indexOf(column) < 0)
                fail(Error::InvalidRequestError,
                     u"Table '%1' has no column '%2'"_s.arg(table->fullName(), column));
            quoted += quote(column);
        }
        m_sql += u" ("_s + quoted.join(u", "_s) + u')';
    }
    if (insert.conflict == InsertNode::DoNothing) {
        m_sql += u" DO NOTHING"_s;
        return;
    }
    if (insert.conflictColumns.isEmpty()) {
        fail(Error::InvalidRequestError,
             u"ON CONFLICT DO UPDATE needs the conflict columns on %1"_s.arg(dialectName()));
        return;
    }
    m_sql += u" DO UPDATE SET "_s;
    renderAssignments(table, insert.conflictSet);
}

void SqlCompiler::renderUpdate(const UpdateNode &update)
{
    const TableNode *table = dmlTable(update.table);
    if (!table) {
        fail(Error::InvalidRequestError, u"UPDATE needs a table"_s);
        return;
    }
    if (!table->definitionError.isEmpty()) {
        fail(Error::InvalidRequestError, table->definitionError);
        return;
    }
    QList<std::pair<QString, Expression>> set = update.set;
    QStringList explicitColumns;
    for (const auto &[column, value] : update.set) {
        if (table->indexOf(column) < 0) {
            fail(Error::InvalidRequestError,
                 u"Table '%1' has no column '%2'"_s.arg(table->fullName(), column));
            return;
        }
        explicitColumns += column;
    }
    if (set.isEmpty()) {
        fail(Error::InvalidRequestError, u"UPDATE of '%1' sets no column"_s.arg(table->fullName()));
        return;
    }
    for (const auto &data : table->columns) {
        const ColumnDefault &onUpdate = data->options.onUpdate;
        if (!onUpdate.isValid() || explicitColumns.contains(data->name))
            continue;
        set.append({ data->name,
                     onUpdate.kind() == ColumnDefault::SqlExpression
                             ? onUpdate.expression()
                             : literal(onUpdate.value(), data->type) });
    }
    m_sql += u"UPDATE "_s;
    m_sql += tableName(table);
    m_sql += u" SET "_s;
    // Subqueries in SET, WHERE and RETURNING correlate with the row being updated.
    m_enclosingSources.append(QList<const FromNode *>{ table });
    renderAssignments(table, set);
    if (update.where.isValid()) {
        m_sql += u" WHERE "_s;
        renderExpression(update.where);
    }
    renderReturning(table, update.returning, Statement::UpdateStatement);
    m_enclosingSources.removeLast();
}

void SqlCompiler::renderDelete(const DeleteNode &deleteNode)
{
    const TableNode *table = dmlTable(deleteNode.table);
    if (!table) {
        fail(Error::InvalidRequestError, u"DELETE needs a table"_s);
        return;
    }
    if (!table->definitionError.isEmpty()) {
        fail(Error::InvalidRequestError, table->definitionError);
        return;
    }
    m_sql += u"DELETE FROM "_s;
    m_sql += tableName(table);
    m_enclosingSources.append(QList<const FromNode *>{ table });
    if (deleteNode.where.isValid()) {
        m_sql += u" WHERE "_s;
        renderExpression(deleteNode.where);
    }
    renderReturning(table, deleteNode.returning, Statement::DeleteStatement);
    m_enclosingSources.removeLast();
}

/*
    Text statements: ":name" becomes a positional placeholder bound to the named
    value, converted as any bound value is. Quoted strings, quoted identifiers,
    comments and PostgreSQL's "::" casts are left alone.
*/
void SqlCompiler::renderText(const TextStatementNode &node)
{
    const QString &sql = node.sql;
    const qsizetype n = sql.size();
    QString unquoted; // the text outside strings and comments, for what the statement is
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = sql.at(i);
        const qsizetype skipped = skipQuotedOrComment(sql, i, m_dialect);
        if (skipped > i) {
            m_sql += QStringView(sql).mid(i, skipped - i);
            unquoted += u' ';
            i = skipped - 1;
            continue;
        }
        unquoted += c;
        if (c == u':' && i + 1 < n && sql.at(i + 1) == u':') {
            m_sql += u"::"_s;
            ++i;
            continue;
        }
        if (c == u':' && i + 1 < n && (sql.at(i + 1).isLetter() || sql.at(i + 1) == u'_')) {
            qsizetype end = i + 1;
            while (end < n && (sql.at(end).isLetterOrNumber() || sql.at(end) == u'_'))
                ++end;
            const QString name = sql.mid(i + 1, end - i - 1);
            if (node.values.contains(name)) {
                m_sql += u'?';
                m_values += convertBind(node.values.value(name), SqlType());
                m_names += name;
                m_types += SqlType();
            } else {
                appendParameter(name, SqlType());
            }
            i = end - 1;
            continue;
        }
        m_sql += c;
    }
    static const QRegularExpression rowsPattern(
            u"^\\s*(SELECT|WITH|VALUES|PRAGMA|SHOW|EXPLAIN|DESCRIBE)\\b|\\bRETURNING\\b"_s,
            QRegularExpression::CaseInsensitiveOption);
    m_returnsRows = rowsPattern.match(unquoted).hasMatch();
    for (const auto &[name, type] : node.columns) {
        m_resultNames += name;
        m_resultTypes += type;
    }
}

// ------------------------------------------------------------------ entry points

CompiledStatement SqlCompiler::finish(Statement::Kind kind)
{
    if (failed())
        return CompiledStatement::failed(Error(m_errorType, m_errorText));
    CompiledStatement compiled(m_sql);
    compiled.setParameters(m_values, m_names, m_types);
    compiled.setResultColumns(m_resultNames, m_resultTypes);
    compiled.setReturnsRows(m_returnsRows);
    compiled.setKind(kind);
    compiled.setDialect(m_dialect);
    return compiled;
}

CompiledStatement SqlCompiler::compile(const Statement &statement)
{
    reset();
    const StatementNode *node = statement.node();
    if (!node)
        return CompiledStatement::failed(
                Error(Error::InvalidRequestError, u"The statement is empty"_s));
    switch (node->kind) {
    case Statement::SelectStatement: {
        const auto *select = static_cast<const SelectNode *>(node);
        renderSelect(*select, false, true);
        m_returnsRows = true;
        m_resultNames = select->resultNames();
        m_resultTypes = select->resultTypes();
        break;
    }
    case Statement::InsertStatement:
        renderInsert(*static_cast<const InsertNode *>(node));
        break;
    case Statement::UpdateStatement:
        renderUpdate(*static_cast<const UpdateNode *>(node));
        break;
    case Statement::DeleteStatement:
        renderDelete(*static_cast<const DeleteNode *>(node));
        break;
    case Statement::TextStatement:
        renderText(*static_cast<const TextStatementNode *>(node));
        break;
    case Statement::InvalidStatement:
        fail(Error::InvalidRequestError, u"The statement is empty"_s);
        break;
    }
    return finish(node->kind);
}

// ------------------------------------------------------------------ DDL

QString SqlCompiler::literalDdl(const Expression &expression)
{
    const ExpressionNode *node = expression.node();
    if (node && node->kind == ExpressionNode::BindKind) {
        const QVariant value = static_cast<const BindNode *>(node)->value;
        if (!value.isValid() || value.isNull())
            return u"NULL"_s;
        switch (value.metaType().id()) {
        case QMetaType::Bool:
            return booleanLiteral(value.toBool());
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Short:
        case QMetaType::UShort:
        case QMetaType::Long:
        case QMetaType::ULong:
            return value.toString();
        case QMetaType::Double:
            return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
        case QMetaType::Float:
            return QString::number(value.toDouble(), 'g', 9);
        default:
            break;
        }
        const QVariant converted = convertBind(value, node->type);
        if (converted.typeId() == QMetaType::QString)
            return stringLiteral(converted.toString());
        if (converted.typeId() == QMetaType::QDate)
            return stringLiteral(converted.toDate().toString(Qt::ISODate));
        if (converted.typeId() == QMetaType::Bool)
            return booleanLiteral(converted.toBool());
        if (converted.canConvert<qlonglong>() && converted.typeId() != QMetaType::QByteArray)
            return converted.toString();
        fail(Error::UnsupportedFeatureError,
             u"A %1 value cannot be written as a DDL literal"_s.arg(
                     QLatin1StringView(value.typeName())));
        return {};
    }
    const bool saved = m_literalBinds;
    m_literalBinds = true;
    const qsizetype start = m_sql.size();
    renderExpression(expression);
    const QString rendered = m_sql.mid(start);
    m_sql.truncate(start);
    m_literalBinds = saved;
    return rendered;
}

QString SqlCompiler::ddlDefault(const Expression &expression)
{
    const ExpressionNode *node = expression.node();
    const QString rendered = literalDdl(expression);
    const bool plain = node
            && (node->kind == ExpressionNode::BindKind || node->kind == ExpressionNode::NullKind
                || node->kind == ExpressionNode::BooleanKind
                || node->kind == ExpressionNode::TextKind
                || (node->kind == ExpressionNode::FunctionKind
                    && static_cast<const FunctionNode *>(node)->special == FunctionNode::Now
                    && !nowSql().contains(u' ')));
    return plain ? rendered : u'(' + rendered + u')';
}

QString SqlCompiler::columnTypeDdl(const Column &column) const
{
    return typeName(column.columnType().resolved(m_dialect));
}

QString SqlCompiler::referenceDdl(const TableNode *table, const Constraint &constraint)
{
    // REFERENCES table (a, b): all targets name the same table.
    QString targetTable;
    QStringList columns;
    for (const QString &target : constraint.targets()) {
        const qsizetype dot = target.lastIndexOf(u'.');
        if (targetTable.isEmpty())
            targetTable = dot < 0 ? QString() : target.left(dot);
        columns += quote(dot < 0 ? target : target.mid(dot + 1));
    }
    const qsizetype schemaDot = targetTable.lastIndexOf(u'.');
    const QString targetSchema = schemaDot < 0 ? QString() : targetTable.left(schemaDot);
    QString quotedTable = quote(targetTable.mid(schemaDot + 1));
    if (resolvesReferencesInOwnSchema() && targetSchema.isEmpty() && !table->schema.isEmpty()) {
        fail(Error::UnsupportedFeatureError,
             u"%1 would look for '%2' in schema '%3' of the referencing table '%4': give the referenced table's schema"_s
                     .arg(dialectName(), targetTable, table->schema, table->fullName()));
    } else if (!qualifiesReferencedTables()) {
        if (targetSchema != table->schema)
            fail(Error::UnsupportedFeatureError,
                 u"%1 cannot reference a table in another schema: '%2' references '%3'"_s.arg(
                         dialectName(), table->fullName(), targetTable));
    } else if (!targetSchema.isEmpty()) {
        quotedTable = quote(targetSchema) + u'.' + quotedTable;
    }
    QString sql = u"REFERENCES "_s + quotedTable + u" ("_s + columns.join(u", "_s) + u')';
    const ForeignKeyOptions options = constraint.foreignKeyOptions();
    if (options.onDelete != ReferentialAction::NoAction)
        sql += u" ON DELETE "_s + QLatin1StringView(referentialAction(options.onDelete));
    if (options.onUpdate != ReferentialAction::NoAction)
        sql += u" ON UPDATE "_s + QLatin1StringView(referentialAction(options.onUpdate));
    return sql;
}

QString SqlCompiler::foreignKeyName(const TableNode *table, const Constraint &constraint) const
{
    if (!constraint.name().isEmpty())
        return constraint.name();
    return u"fk_%1_%2"_s.arg(table->name, constraint.columns().join(u'_'));
}

QString SqlCompiler::constraintDdl(const TableNode *table, const Constraint &constraint)
{
    QString sql;
    if (!constraint.name().isEmpty())
        sql += u"CONSTRAINT "_s + quote(constraint.name()) + u' ';
    QStringList columns;
    for (const QString &column : constraint.columns())
        columns += quote(column);
    switch (constraint.kind()) {
    case Constraint::PrimaryKey:
        sql += u"PRIMARY KEY ("_s + columns.join(u", "_s) + u')';
        break;
    case Constraint::Unique:
        sql += u"UNIQUE ("_s + columns.join(u", "_s) + u')';
        break;
    case Constraint::ForeignKey:
        sql += u"FOREIGN KEY ("_s + columns.join(u", "_s) + u") "_s
                + referenceDdl(table, constraint);
        break;
    case Constraint::Check:
        sql += u"CHECK ("_s + literalDdl(constraint.condition()) + u')';
        break;
    case Constraint::Invalid:
        fail(Error::InvalidRequestError, u"A constraint of '%1' is empty"_s.arg(table->fullName()));
        break;
    }
    return sql;
}

QString SqlCompiler::columnElement(const Column &column)
{
    QString element = quote(column.name()) + u' ' + columnTypeDdl(column);
    if (!column.isNullable())
        element += u" NOT NULL"_s;
    const ColumnOptions options = column.options();
    if (options.serverDefault.isValid())
        element += u" DEFAULT "_s + ddlDefault(options.serverDefault);
    if (column.isAutoincrement())
        element += autoincrementSuffix();
    const SqlType type = column.columnType().resolved(m_dialect);
    if (type.kind() == SqlType::Enum && !type.enumKeys().isEmpty()) {
        QStringList keys;
        for (const QString &key : type.enumKeys())
            keys += stringLiteral(key);
        element += u" CHECK ("_s + quote(column.name()) + u" IN ("_s + keys.join(u", "_s) + u"))"_s;
    }
    return element;
}

QString SqlCompiler::columnDefinition(const Column &column, QString *errorMessage)
{
    reset();
    m_literalBinds = true;
    const QString element = columnElement(column);
    if (failed()) {
        if (errorMessage)
            *errorMessage = m_errorText;
        return {};
    }
    return element;
}

QString SqlCompiler::defaultDefinition(const Expression &expression, QString *errorMessage)
{
    reset();
    m_literalBinds = true;
    const QString rendered = ddlDefault(expression);
    if (failed()) {
        if (errorMessage)
            *errorMessage = m_errorText;
        return {};
    }
    return rendered;
}

static bool sameConstraint(const Constraint &a, const Constraint &b)
{
    return a.kind() == b.kind() && a.columns() == b.columns() && a.targets() == b.targets();
}

QList<CompiledStatement> SqlCompiler::createTable(const Table &tableHandle, CheckFirst checkFirst,
                                                  const QList<Constraint> &omitConstraints)
{
    reset();
    const TableNode *table = dmlTable(tableHandle);
    if (!table)
        return { CompiledStatement::failed(
                Error(Error::InvalidRequestError, u"CREATE TABLE needs a table"_s)) };
    if (!table->definitionError.isEmpty())
        return { CompiledStatement::failed(
                Error(Error::InvalidRequestError, table->definitionError)) };

    m_literalBinds = true;
    QStringList elements;
    for (const Column &column : tableHandle.columns())
        elements += columnElement(column);
    for (const Constraint &constraint : tableHandle.constraints()) {
        bool omitted = false;
        for (const Constraint &omit : omitConstraints)
            omitted = omitted || sameConstraint(constraint, omit);
        if (!omitted)
            elements += constraintDdl(table, constraint);
    }
    QString sql = u"CREATE TABLE "_s;
    if (checkFirst == CheckFirst::Yes)
        sql += u"IF NOT EXISTS "_s;
    sql += tableName(table) + u" ("_s + elements.join(u", "_s) + u')';
    if (failed())
        return { CompiledStatement::failed(Error(m_errorType, m_errorText)) };

    QList<CompiledStatement> statements;
    CompiledStatement create(sql);
    create.setDialect(m_dialect);
    statements += create;
    for (const Index &index : tableHandle.indexes()) {
        QStringList columns;
        for (const QString &column : index.columns())
            columns += quote(column);
        QString indexSql = index.isUnique() ? u"CREATE UNIQUE INDEX "_s : u"CREATE INDEX "_s;
        if (checkFirst == CheckFirst::Yes && supportsIndexIfNotExists())
            indexSql += u"IF NOT EXISTS "_s;
        // SQLite qualifies the index name and not the table; the others the table only.
        if (m_dialect == DialectType::SQLite && !table->schema.isEmpty())
            indexSql += quote(table->schema) + u'.' + quote(index.name()) + u" ON "_s
                    + quote(table->name);
        else
            indexSql += quote(index.name()) + u" ON "_s + tableName(table);
        indexSql += u" ("_s + columns.join(u", "_s) + u')';
        CompiledStatement statement(indexSql);
        statement.setDialect(m_dialect);
        statements += statement;
    }
    return statements;
}

CompiledStatement SqlCompiler::dropTable(const Table &tableHandle, CheckFirst checkFirst)
{
    reset();
    const TableNode *table = dmlTable(tableHandle);
    if (!table)
        return CompiledStatement::failed(
                Error(Error::InvalidRequestError, u"DROP TABLE needs a table"_s));
    CompiledStatement statement(checkFirst == CheckFirst::Yes
                                        ? u"DROP TABLE IF EXISTS "_s + tableName(table)
                                        : u"DROP TABLE "_s + tableName(table));
    statement.setDialect(m_dialect);
    return statement;
}

CompiledStatement SqlCompiler::addConstraint(const Table &tableHandle, const Constraint &constraint)
{
    reset();
    const TableNode *table = dmlTable(tableHandle);
    if (!table)
        return CompiledStatement::failed(
                Error(Error::InvalidRequestError, u"ALTER TABLE needs a table"_s));
    if (m_dialect == DialectType::SQLite)
        return CompiledStatement::failed(
                Error(Error::UnsupportedFeatureError,
                      u"SQLite cannot add a constraint to an existing table"_s));
    Constraint named = constraint;
    if (constraint.kind() == Constraint::ForeignKey && constraint.name().isEmpty()) {
        ForeignKeyOptions options = constraint.foreignKeyOptions();
        options.name = foreignKeyName(table, constraint);
        named = Constraint::foreignKey(constraint.columns(), constraint.targets(), options);
    }
    const QString sql =
            u"ALTER TABLE "_s + tableName(table) + u" ADD "_s + constraintDdl(table, named);
    if (failed())
        return CompiledStatement::failed(Error(m_errorType, m_errorText));
    CompiledStatement statement(sql);
    statement.setDialect(m_dialect);
    return statement;
}

QString SqlCompiler::dropConstraintSql(const QString &table, Constraint::Kind,
                                       const QString &name) const
{
    return u"ALTER TABLE "_s + table + u" DROP CONSTRAINT "_s + quote(name);
}

CompiledStatement SqlCompiler::dropConstraint(const Table &tableHandle,
                                              const Constraint &constraint)
{
    reset();
    const TableNode *table = dmlTable(tableHandle);
    if (!table)
        return CompiledStatement::failed(
                Error(Error::InvalidRequestError, u"ALTER TABLE needs a table"_s));
    if (m_dialect == DialectType::SQLite)
        return CompiledStatement::failed(
                Error(Error::UnsupportedFeatureError,
                      u"SQLite cannot drop a constraint of an existing table"_s));
    // Foreign keys created by addConstraint() have a known default name; others need theirs.
    const QString name = constraint.kind() == Constraint::ForeignKey
            ? foreignKeyName(table, constraint)
            : constraint.name();
    if (name.isEmpty())
        return CompiledStatement::failed(Error(
                Error::InvalidRequestError,
                u"Dropping an unnamed constraint of '%1' needs its name"_s.arg(table->fullName())));
    CompiledStatement statement(dropConstraintSql(tableName(table), constraint.kind(), name));
    statement.setDialect(m_dialect);
    return statement;
}

} // namespace Qorm
//! \endcond
