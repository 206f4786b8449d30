// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "dialects/dialectimplementation_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

class SqliteCompiler : public DialectCompiler
{
public:
    using DialectCompiler::DialectCompiler;

protected:
    bool wrapsCompoundMembers() const override { return true; }
    // CURRENT_TIMESTAMP has whole seconds; Qorm stores milliseconds, and as text
    // "12:00:00" sorts before "12:00:00.000". Same format, same precision:
    QString nowSql() const override { return u"strftime('%Y-%m-%d %H:%M:%f', 'now')"_s; }
    bool upsertSelectNeedsWhere() const override { return true; }
    bool qualifiesReferencedTables() const override { return false; }
    bool resolvesReferencesInOwnSchema() const override { return true; }
    // NULLS FIRST/LAST exists since SQLite 3.30.
    bool supportsNullsOrdering() const override { return m_impl->version >= QVersionNumber(3, 30); }

    void renderLimitOffset(const SelectNode &select) override
    {
        if (!select.limit && !select.offset)
            return;
        m_sql += u" LIMIT "_s;
        if (select.limit)
            appendBind(*select.limit, SqlType::bigInteger());
        else
            m_sql += u"-1"_s; // SQLite has no OFFSET without LIMIT
        if (select.offset) {
            m_sql += u" OFFSET "_s;
            appendBind(*select.offset, SqlType::bigInteger());
        }
    }

    QString castTypeName(const SqlType &type) const override
    {
        // Dates and times are ISO text here; CAST(... AS DATETIME) would take NUMERIC affinity
        // and keep the year only.
        switch (type.kind()) {
        case SqlType::Date:
        case SqlType::Time:
        case SqlType::DateTime:
            return u"TEXT"_s;
        default:
            return typeName(type);
        }
    }

    QString columnTypeDdl(const Column &column) const override
    {
        // Only a column declared exactly INTEGER PRIMARY KEY aliases the rowid and autoincrements.
        if (column.isAutoincrement())
            return u"INTEGER"_s;
        return DialectCompiler::columnTypeDdl(column);
    }
};

class SqliteDialect : public DialectImplementation
{
public:
    explicit SqliteDialect(const QVersionNumber &version)
        : DialectImplementation(DialectType::SQLite, Dialect::Standard, version)
    {
    }

    std::unique_ptr<SqlCompiler> createCompiler() const override
    {
        return std::make_unique<SqliteCompiler>(this);
    }
    QString name() const override { return u"SQLite"_s; }
    // RETURNING came with SQLite 3.35 for INSERT, UPDATE and DELETE.
    bool supportsReturning(Statement::Kind) const override
    {
        return version >= QVersionNumber(3, 35);
    }
    bool supportsFullJoin() const override { return version >= QVersionNumber(3, 39); }
    bool supportsRowLocks() const override { return false; }
    bool supportsTransactionalDdl() const override { return true; }
    int maxBoundParameters() const override
    {
        return version >= QVersionNumber(3, 32) ? 32766 : 999;
    }

    QString specificTypeName(const SqlType &type) const override
    {
        switch (type.kind()) {
        case SqlType::Json: // TEXT affinity keeps the JSON text as written
            return u"TEXT"_s;
        case SqlType::DateTime:
            return u"DATETIME"_s;
        default:
            return {};
        }
    }
};

} // namespace

//! \cond internal
std::shared_ptr<const DialectImplementation> makeSqliteDialect(const QVersionNumber &version)
{
    return std::make_shared<SqliteDialect>(version);
}
//! \endcond

} // namespace Qorm
