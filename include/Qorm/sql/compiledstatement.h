// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/sql/statements.h>
#include <Qorm/sql/types.h>

namespace Qorm {

class CompiledStatementPrivate;

/*
    The output of a dialect compiler: SQL text with positional placeholders,
    the values to bind in order (already converted for the database), and what
    the result columns are. The SQL text is the statement's shape: the engine
    keys its prepared-statement cache on it.
*/
class QORM_EXPORT CompiledStatement
{
public:
    CompiledStatement() noexcept;
    explicit CompiledStatement(const QString &sql, const QVariantList &boundValues = {});
    [[nodiscard]] static CompiledStatement failed(const Error &error);
    //! @{
    //! CompiledStatement is implicitly shared: copies are cheap, setters detach.
    CompiledStatement(const CompiledStatement &other) noexcept;
    CompiledStatement(CompiledStatement &&other) noexcept;
    CompiledStatement &operator=(const CompiledStatement &other) noexcept;
    CompiledStatement &operator=(CompiledStatement &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~CompiledStatement();

    // False when compiling failed (error() says why) or there is no SQL.
    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] Error error() const;
    [[nodiscard]] QString sql() const;
    [[nodiscard]] QVariantList boundValues() const;
    // One entry per bound value: the parameter() name, or empty for a value given in the statement.
    [[nodiscard]] QStringList parameterNames() const;
    [[nodiscard]] QList<SqlType> parameterTypes() const;
    // Names still without a value (named parameters not yet bound).
    [[nodiscard]] QStringList unboundParameters() const;
    [[nodiscard]] bool returnsRows() const noexcept;
    [[nodiscard]] QStringList resultNames() const;
    [[nodiscard]] QList<SqlType> resultTypes() const;
    [[nodiscard]] Statement::Kind kind() const noexcept;
    [[nodiscard]] DialectType dialect() const noexcept;

    // Used by compilers.
    void setParameters(const QVariantList &values, const QStringList &names,
                       const QList<SqlType> &types);
    void setBoundValue(int index, const QVariant &value);
    void setResultColumns(const QStringList &names, const QList<SqlType> &types);
    void setReturnsRows(bool returnsRows);
    void setKind(Statement::Kind kind);
    void setDialect(DialectType dialect);

private:
    QExplicitlySharedDataPointer<CompiledStatementPrivate> d;
};

QORM_EXPORT QDebug operator<<(QDebug debug, const CompiledStatement &statement);

} // namespace Qorm
