// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include "sql/nodes_p.h"

#include <Qorm/core/error.h>
#include <Qorm/sql/compiledstatement.h>

#include <QtCore/QSet>

namespace Qorm {

/*
    Turns statement trees into SQL text and an ordered list of bound values.
    One instance compiles one statement (it carries state); dialects subclass it
    and override only what differs, as SQLAlchemy's dialect compilers do.
*/
class SqlCompiler
{
public:
    explicit SqlCompiler(DialectType dialect);
    virtual ~SqlCompiler();

    CompiledStatement compile(const Statement &statement);
    QList<CompiledStatement> createTable(const Table &table, CheckFirst checkFirst,
                                         const QList<Constraint> &omitConstraints);
    CompiledStatement dropTable(const Table &table, CheckFirst checkFirst);
    CompiledStatement addConstraint(const Table &table, const Constraint &constraint);
    CompiledStatement dropConstraint(const Table &table, const Constraint &constraint);

    // The column clause of CREATE TABLE (also ALTER TABLE ADD COLUMN); empty on failure.
    QString columnDefinition(const Column &column, QString *errorMessage);
    // A server default as DDL writes it after DEFAULT; empty on failure.
    QString defaultDefinition(const Expression &expression, QString *errorMessage);

    QString quote(const QString &identifier) const;
    virtual QString typeName(const SqlType &type) const = 0;
    virtual QString dialectName() const = 0;

protected:
    enum Context {
        ValueContext,
        ColumnListContext,  // SELECT list: labels render "expr AS name"
        OrderContext,       // ORDER BY / GROUP BY: labels render by name
        UnqualifiedContext, // RETURNING, INSERT/UPDATE targets: column names without table
    };

    // --- dialect hooks
    virtual QChar quoteCharacter() const { return u'"'; }
    virtual bool isReservedWord(const QString &lowerCaseWord) const;
    virtual QVariant convertBind(const QVariant &value, const SqlType &type) const = 0;
    virtual QString booleanLiteral(bool value) const;
    virtual bool supportsReturning(Statement::Kind kind) const = 0;
    virtual bool supportsFullJoin() const { return true; }
    virtual bool supportsRowLock(RowLock lock) const { return true; }
    virtual bool supportsNullsOrdering() const { return true; }
    virtual bool supportsIlike() const { return false; }
    virtual bool wrapsCompoundMembers() const { return false; } // SQLite cannot parenthesize them
    virtual void renderLimitOffset(const SelectNode &select);
    virtual void renderRowLock(RowLock lock);
    virtual void renderConcat(const BinaryNode &node, int precedence);
    // || is an operator between comparison and arithmetic; MySQL's concat() is a call.
    virtual int concatPrecedence() const { return 5; }
    // The function counting the characters of a string.
    virtual QString lengthFunction() const { return QStringLiteral("length"); }
    // The placeholder for one bound value; PostgreSQL casts those whose type it cannot infer.
    virtual void renderPlaceholder(const SqlType &type)
    {
        Q_UNUSED(type);
        m_sql += u'?';
    }
    virtual QString nowSql() const { return QStringLiteral("CURRENT_TIMESTAMP"); }
    virtual void renderExcluded(const ExcludedNode &node);
    virtual void renderUpsert(const InsertNode &insert);
    virtual QString emptyInsertValues() const { return QStringLiteral(" DEFAULT VALUES"); }
    // SQLite reads the ON of an upsert after INSERT ... SELECT ... FROM t as a join's ON.
    virtual bool upsertSelectNeedsWhere() const { return false; }
    virtual QString castTypeName(const SqlType &type) const { return typeName(type); }
    // DDL
    virtual QString columnTypeDdl(const Column &column) const;
    virtual QString autoincrementSuffix() const { return {}; }
    virtual QString stringLiteral(const QString &value) const;
    virtual QString dropConstraintSql(const QString &table, Constraint::Kind kind,
                                      const QString &name) const;
    // False where REFERENCES takes no schema (SQLite: the referencing table's own schema).
    virtual bool qualifiesReferencedTables() const { return true; }
    // True where REFERENCES t means t in the referencing table's schema (SQLite, MySQL),
    // not in the default one (PostgreSQL's search_path).
    virtual bool resolvesReferencesInOwnSchema() const { return false; }
    virtual bool supportsIndexIfNotExists() const { return true; }

    // --- rendering
    void fail(Error::Type type, const QString &message);
    bool failed() const { return m_errorType != Error::NoError; }
    void append(QStringView text) { m_sql += text; }
    void appendBind(const QVariant &value, const SqlType &type);
    void appendParameter(const QString &name, const SqlType &type);
    void renderExpression(const Expression &expression, Context context = ValueContext);
    void renderOperand(const Expression &expression, int parentPrecedence, bool strict,
                       Context context = ValueContext);
    int precedence(const ExpressionNode *node) const;
    void renderColumnReference(const ColumnNode &node, Context context);
    void renderQualifier(const FromNode *from);
    void renderFrom(const FromNode *from);
    void renderSelect(const SelectNode &select, bool correlate, bool topOfQuery);
    void renderSelectBody(const SelectNode &select, bool correlate);
    void renderCompound(const SelectNode &select);
    void renderCtes(qsizetype insertPosition, qsizetype bindPosition);
    void renderInsert(const InsertNode &insert);
    void renderUpdate(const UpdateNode &update);
    void renderColumnValue(const Expression &value, const SqlType &columnType);
    void renderAssignments(const TableNode *table,
                           const QList<std::pair<QString, Expression>> &set);
    void renderDelete(const DeleteNode &deleteNode);
    void renderReturning(const TableNode *table, const QList<Expression> &columns,
                         Statement::Kind kind);
    void renderText(const TextStatementNode &node);
    void renderNot(const UnaryNode &node);
    static bool isContextFreeValue(const Expression &expression);
    void renderExpressionList(const QList<Expression> &expressions, Context context);
    QString tableName(const TableNode *table) const;
    QString constraintDdl(const TableNode *table, const Constraint &constraint);
    QString columnElement(const Column &column);
    QString foreignKeyName(const TableNode *table, const Constraint &constraint) const;
    QString referenceDdl(const TableNode *table, const Constraint &constraint);
    QString literalDdl(const Expression &expression);
    QString ddlDefault(const Expression &expression);
    void collectSources(const Expression &expression, QList<const FromNode *> &sources) const;
    CompiledStatement finish(Statement::Kind kind);
    void reset();

    const DialectType m_dialect;
    QString m_sql;
    QVariantList m_values;
    QStringList m_names;
    QList<SqlType> m_types;
    QStringList m_resultNames;
    QList<SqlType> m_resultTypes;
    bool m_returnsRows = false;
    bool m_literalBinds = false; // DDL: values become literals
    bool m_castPlaceholders =
            false; // a select-list value whose type only its placeholder can carry
    Error::Type m_errorType = Error::NoError;
    QString m_errorText;
    // FROM sources of the enclosing SELECTs, for auto-correlation of subqueries.
    QList<QList<const FromNode *>> m_enclosingSources;
    // CTEs met while rendering the current top-level query, in order of discovery.
    QList<QList<const CteNode *>> m_cteStack;
    // Names of the CTEs the CTE being rendered refers to.
    QStringList *m_cteReferences = nullptr;
    // The table whose columns are written without qualifier (RETURNING).
    const FromNode *m_unqualifiedTable = nullptr;
};

} // namespace Qorm
