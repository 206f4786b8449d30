// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "dialects/dialectimplementation_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

class PostgresqlCompiler : public DialectCompiler
{
public:
    using DialectCompiler::DialectCompiler;

protected:
    QString booleanLiteral(bool value) const override { return value ? u"true"_s : u"false"_s; }
    bool supportsIlike() const override { return true; }

    /*
        QPSQL prepares statements without parameter types, so PostgreSQL infers each one from
        its context. A value standing alone in a select list has none and would be text
        ("SELECT ? + ?" fails, and so does "depth + 1" over a recursive CTE whose anchor
        selected "?"). There the placeholder carries its type.
    */
    void renderPlaceholder(const SqlType &type) override
    {
        const SqlType resolved = type.resolved(DialectType::PostgreSQL);
        if (!m_castPlaceholders || !resolved.isValid() || resolved.kind() == SqlType::Custom) {
            m_sql += u'?';
            return;
        }
        m_sql += u"CAST(? AS "_s + m_impl->typeName(resolved) + u')';
    }

    QString columnTypeDdl(const Column &column) const override
    {
        if (column.isAutoincrement()) {
            switch (column.columnType().resolved(DialectType::PostgreSQL).kind()) {
            case SqlType::BigInteger:
                return u"BIGSERIAL"_s;
            case SqlType::SmallInteger:
                return u"SMALLSERIAL"_s;
            default:
                return u"SERIAL"_s;
            }
        }
        return DialectCompiler::columnTypeDdl(column);
    }
};

class PostgresqlDialect : public DialectImplementation
{
public:
    explicit PostgresqlDialect(const QVersionNumber &version)
        : DialectImplementation(DialectType::PostgreSQL, Dialect::Standard, version)
    {
    }

    std::unique_ptr<SqlCompiler> createCompiler() const override
    {
        return std::make_unique<PostgresqlCompiler>(this);
    }
    QString name() const override { return u"PostgreSQL"_s; }
    bool supportsReturning(Statement::Kind) const override { return true; }
    bool supportsFullJoin() const override { return true; }
    bool supportsRowLocks() const override { return true; }
    bool supportsTransactionalDdl() const override { return true; }
    int maxBoundParameters() const override { return 32767; }

    QString specificTypeName(const SqlType &type) const override
    {
        switch (type.kind()) {
        case SqlType::Binary:
            return u"BYTEA"_s;
        case SqlType::Time:
            return u"TIME WITHOUT TIME ZONE"_s;
        case SqlType::DateTime:
            return u"TIMESTAMP WITH TIME ZONE"_s;
        case SqlType::Uuid:
            return u"UUID"_s;
        case SqlType::Json:
            return u"JSONB"_s;
        default:
            return {};
        }
    }
};

} // namespace

//! \cond internal
std::shared_ptr<const DialectImplementation> makePostgresqlDialect(const QVersionNumber &version)
{
    return std::make_shared<PostgresqlDialect>(version);
}
//! \endcond

} // namespace Qorm
