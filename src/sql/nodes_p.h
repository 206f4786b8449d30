// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
//
// The immutable trees behind Expression, FromClause and Statement. Nodes are
// never modified once shared; builders copy the node they change.
#pragma once

#include <Qorm/sql/expression.h>
#include <Qorm/sql/fromclause.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QSharedData>

#include <optional>

namespace Qorm {

template<typename T>
using NodePointer = QExplicitlySharedDataPointer<T>;

// ---------------------------------------------------------------- expressions

class ExpressionNode : public QSharedData
{
public:
    enum Kind {
        ColumnKind,
        BindKind,
        ParameterKind,
        NullKind,
        BooleanKind,
        TextKind,
        UnaryKind,
        BinaryKind,
        ListKind, // AND / OR of several operands
        FunctionKind,
        CastKind,
        CaseKind,
        LabelKind,
        OrderKind,
        SelectKind, // scalar subquery or EXISTS
        InKind,
        LikeKind,
        BetweenKind,
        ExcludedKind,
        ErrorKind,
    };

    explicit ExpressionNode(Kind kind) : kind(kind) { }
    ExpressionNode(const ExpressionNode &) = default;
    virtual ~ExpressionNode();

    const Kind kind;
    SqlType type;
};

class ColumnData : public QSharedData
{
public:
    QString name;
    SqlType type;
    ColumnOptions options;
};

class FromNode;
class SelectNode;

class ColumnNode : public ExpressionNode
{
public:
    ColumnNode() : ExpressionNode(ColumnKind) { }
    NodePointer<FromNode> from;     // null for a column not (yet) in a table
    NodePointer<ColumnData> column; // null for columns of subqueries and CTEs
    QString name;
};

class BindNode : public ExpressionNode
{
public:
    BindNode() : ExpressionNode(BindKind) { }
    QVariant value;
};

class ParameterNode : public ExpressionNode
{
public:
    ParameterNode() : ExpressionNode(ParameterKind) { }
    QString name;
};

class BooleanNode : public ExpressionNode
{
public:
    BooleanNode() : ExpressionNode(BooleanKind) { }
    bool value = false;
};

class TextNode : public ExpressionNode
{
public:
    TextNode() : ExpressionNode(TextKind) { }
    QString sql;
};

class UnaryNode : public ExpressionNode
{
public:
    enum Operator {
        Not,
        Negate,
        IsNull,
        IsNotNull,
        Distinct,
    };
    UnaryNode() : ExpressionNode(UnaryKind) { }
    Operator op = Not;
    Expression operand;
};

class BinaryNode : public ExpressionNode
{
public:
    enum Operator {
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Add,
        Subtract,
        Multiply,
        Divide,
        Modulo,
        Concat,
    };
    BinaryNode() : ExpressionNode(BinaryKind) { }
    Operator op = Equal;
    Expression left;
    Expression right;
};

class ListNode : public ExpressionNode
{
public:
    enum Operator {
        And,
        Or,
    };
    ListNode() : ExpressionNode(ListKind) { }
    Operator op = And;
    QList<Expression> operands;
};

class FunctionNode : public ExpressionNode
{
public:
    enum Special {
        Plain,
        CountAll,
        Now,
        Length,
    };
    FunctionNode() : ExpressionNode(FunctionKind) { }
    Special special = Plain;
    QString name;
    QList<Expression> arguments;
};

class CastNode : public ExpressionNode
{
public:
    CastNode() : ExpressionNode(CastKind) { }
    Expression operand;
};

class CaseNode : public ExpressionNode
{
public:
    CaseNode() : ExpressionNode(CaseKind) { }
    Expression value; // CASE value WHEN ..., or invalid for CASE WHEN cond
    QList<std::pair<Expression, Expression>> whens;
    Expression elseValue;
};

class LabelNode : public ExpressionNode
{
public:
    LabelNode() : ExpressionNode(LabelKind) { }
    Expression operand;
    QString name;
};

class OrderNode : public ExpressionNode
{
public:
    enum Direction {
        Unspecified,
        Ascending,
        Descending,
    };
    enum Nulls {
        NullsDefault,
        NullsFirst,
        NullsLast,
    };
    OrderNode() : ExpressionNode(OrderKind) { }
    Expression operand;
    Direction direction = Unspecified;
    Nulls nulls = NullsDefault;
};

class SelectExpressionNode : public ExpressionNode
{
public:
    enum Form {
        Scalar,
        Exists,
    };
    SelectExpressionNode() : ExpressionNode(SelectKind) { }
    Form form = Scalar;
    NodePointer<StatementNode> select;
};

class InNode : public ExpressionNode
{
public:
    InNode() : ExpressionNode(InKind) { }
    Expression operand;
    QList<Expression> values;
    NodePointer<StatementNode> select; // IN (SELECT ...) when set
    bool negated = false;
};

class LikeNode : public ExpressionNode
{
public:
    LikeNode() : ExpressionNode(LikeKind) { }
    Expression operand;
    Expression pattern;
    QChar escape;
    bool caseInsensitive = false;
    bool negated = false;
};

class BetweenNode : public ExpressionNode
{
public:
    BetweenNode() : ExpressionNode(BetweenKind) { }
    Expression operand;
    Expression low;
    Expression high;
    bool negated = false;
};

class ExcludedNode : public ExpressionNode
{
public:
    ExcludedNode() : ExpressionNode(ExcludedKind) { }
    QString column;
};

class ErrorNode : public ExpressionNode
{
public:
    ErrorNode() : ExpressionNode(ErrorKind) { }
    QString message;
};

Expression makeError(const QString &message);

// ---------------------------------------------------------------- FROM sources

class FromNode : public QSharedData
{
public:
    enum Kind {
        TableKind,
        AliasKind,
        JoinKind,
        SubqueryKind,
        CteKind,
        ErrorKind,
    };
    explicit FromNode(Kind kind) : kind(kind) { }
    FromNode(const FromNode &) = default;
    virtual ~FromNode();

    const Kind kind;
    QString name; // table name, alias, CTE name; empty for joins
};

class TableNode : public FromNode
{
public:
    TableNode() : FromNode(TableKind) { }
    QString schema;
    QString comment;
    QList<NodePointer<ColumnData>> columns;
    QList<Constraint> constraints;
    QList<Index> indexes;
    QString definitionError;

    int indexOf(const QString &column) const;
    QString fullName() const { return schema.isEmpty() ? name : schema + u'.' + name; }
};

class AliasNode : public FromNode
{
public:
    AliasNode() : FromNode(AliasKind) { }
    NodePointer<FromNode> target; // a table
};

class JoinNode : public FromNode
{
public:
    JoinNode() : FromNode(JoinKind) { }
    NodePointer<FromNode> left;
    NodePointer<FromNode> right;
    Expression on;
    FromClause::JoinType type = FromClause::InnerJoin;
};

class SubqueryNode : public FromNode
{
public:
    SubqueryNode() : FromNode(SubqueryKind) { }
    NodePointer<StatementNode> select;
};

class CteNode : public FromNode
{
public:
    CteNode() : FromNode(CteKind) { }
    NodePointer<StatementNode> select; // the anchor, or anchor UNION recursive part
    NodePointer<FromNode> restates;    // the CTE this one extends with a recursive part
    QStringList columnNames;
    QList<SqlType> columnTypes;
    bool recursive = false;
};

class FromErrorNode : public FromNode
{
public:
    FromErrorNode() : FromNode(ErrorKind) { }
    QString message;
};

// The node of a Select used inside another statement; an empty Select() becomes one that
// fails to compile.
NodePointer<StatementNode> selectNodeOf(const Select &select);

// Columns of a FROM source: names and (where known) types.
QStringList fromColumnNames(const FromNode *node);
Expression fromColumn(const FromNode *node, const QString &name);

// ---------------------------------------------------------------- statements

class StatementNode : public QSharedData
{
public:
    explicit StatementNode(Statement::Kind kind) : kind(kind) { }
    StatementNode(const StatementNode &) = default;
    virtual ~StatementNode();
    const Statement::Kind kind;
};

class SelectNode : public StatementNode
{
public:
    enum CompoundOperator {
        Union,
        UnionAll,
        Intersect,
        Except,
    };
    SelectNode() : StatementNode(Statement::SelectStatement) { }

    QList<Expression> columns;
    QList<FromClause> froms;
    Expression where;
    QList<Expression> groupBy;
    Expression having;
    QList<Expression> orderBy;
    std::optional<qint64> limit;
    std::optional<qint64> offset;
    bool distinct = false;
    RowLock rowLock = RowLock::None;
    // A compound select: parts[0] UNION parts[1] ...; columns/froms above are then unused.
    QList<NodePointer<StatementNode>> parts;
    QList<CompoundOperator> operators; // operators[i] joins parts[i] and parts[i + 1]
    QString error;

    bool isCompound() const { return !parts.isEmpty(); }
    // The result columns' names and types (labels, column names; empty when unknown).
    QStringList resultNames() const;
    QList<SqlType> resultTypes() const;
};

// `node` as a SELECT's node, or null for another statement (or none).
inline const SelectNode *asSelectNode(const StatementNode *node)
{
    return node && node->kind == Statement::SelectStatement ? static_cast<const SelectNode *>(node)
                                                            : nullptr;
}

class InsertNode : public StatementNode
{
public:
    enum Conflict {
        NoConflictClause,
        DoNothing,
        DoUpdate,
    };
    InsertNode() : StatementNode(Statement::InsertStatement) { }
    Table table;
    QList<QVariantMap> rows;
    QList<std::pair<QString, Expression>> expressionValues;
    QStringList selectColumns;
    NodePointer<StatementNode> select;
    QList<Expression> returning;
    Conflict conflict = NoConflictClause;
    QStringList conflictColumns;
    QList<std::pair<QString, Expression>> conflictSet;
    QString error;
};

class UpdateNode : public StatementNode
{
public:
    UpdateNode() : StatementNode(Statement::UpdateStatement) { }
    Table table;
    QList<std::pair<QString, Expression>> set;
    Expression where;
    QList<Expression> returning;
};

class DeleteNode : public StatementNode
{
public:
    DeleteNode() : StatementNode(Statement::DeleteStatement) { }
    Table table;
    Expression where;
    QList<Expression> returning;
};

class TextStatementNode : public StatementNode
{
public:
    TextStatementNode() : StatementNode(Statement::TextStatement) { }
    QString sql;
    QVariantMap values;
    QList<std::pair<QString, SqlType>> columns;
};

} // namespace Qorm
