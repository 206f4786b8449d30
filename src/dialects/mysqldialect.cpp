// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "dialects/dialectimplementation_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

class MysqlCompiler : public DialectCompiler
{
public:
    using DialectCompiler::DialectCompiler;

protected:
    QChar quoteCharacter() const override { return u'`'; }
    bool supportsNullsOrdering() const override { return false; }
    QString nowSql() const override { return u"CURRENT_TIMESTAMP(3)"_s; }
    int concatPrecedence() const override { return 10; } // concat(a, b) is a call
    // length() counts bytes here; char_length() counts characters as length() does elsewhere.
    QString lengthFunction() const override { return u"char_length"_s; }
    QString emptyInsertValues() const override { return u" () VALUES ()"_s; }
    bool supportsIndexIfNotExists() const override { return m_impl->flavor == Dialect::MariaDB; }
    bool resolvesReferencesInOwnSchema() const override { return true; }

    void renderLimitOffset(const SelectNode &select) override
    {
        if (!select.limit && !select.offset)
            return;
        m_sql += u" LIMIT "_s;
        if (select.limit)
            appendBind(*select.limit, SqlType::bigInteger());
        else
            m_sql += u"18446744073709551615"_s; // MySQL has no OFFSET without LIMIT
        if (select.offset) {
            m_sql += u" OFFSET "_s;
            appendBind(*select.offset, SqlType::bigInteger());
        }
    }

    void renderRowLock(RowLock lock) override
    {
        if (lock == RowLock::ForShare)
            m_sql += u" LOCK IN SHARE MODE"_s; // understood by MariaDB and MySQL alike
        else
            DialectCompiler::renderRowLock(lock);
    }

    void renderConcat(const BinaryNode &node, int) override
    {
        // || is logical OR in MySQL's default mode.
        m_sql += u"concat("_s;
        renderExpression(node.left);
        m_sql += u", "_s;
        renderExpression(node.right);
        m_sql += u')';
    }

    void renderExcluded(const ExcludedNode &node) override
    {
        m_sql += u"VALUES("_s;
        m_sql += quote(node.column);
        m_sql += u')';
    }

    void renderUpsert(const InsertNode &insert) override
    {
        if (insert.conflict == InsertNode::NoConflictClause)
            return;
        // ON DUPLICATE KEY fires on any unique key; the conflict columns cannot be chosen.
        const auto *table = static_cast<const TableNode *>(insert.table.node());
        m_sql += u" ON DUPLICATE KEY UPDATE "_s;
        if (insert.conflict == InsertNode::DoNothing) {
            // Qualified after INSERT ... SELECT, where the name alone may be ambiguous.
            const QList<Column> key = insert.table.primaryKey();
            const QString column = (insert.select ? tableName(table) + u'.' : QString())
                    + quote(key.isEmpty() ? table->columns.first()->name : key.first().name());
            m_sql += column + u" = "_s + column;
            return;
        }
        renderAssignments(table, insert.conflictSet);
    }

    QString castTypeName(const SqlType &type) const override
    {
        // CAST in MySQL accepts only a few target types.
        switch (type.kind()) {
        case SqlType::Integer:
        case SqlType::BigInteger:
        case SqlType::SmallInteger:
        case SqlType::Boolean:
            return u"SIGNED"_s;
        case SqlType::String:
            return type.length() > 0 ? u"CHAR(%1)"_s.arg(type.length()) : u"CHAR"_s;
        case SqlType::Text:
        case SqlType::Json:
        case SqlType::Enum:
            return u"CHAR"_s;
        case SqlType::Uuid:
            return u"CHAR(36)"_s;
        case SqlType::Binary:
            return u"BINARY"_s;
        case SqlType::Double:
            return u"DOUBLE"_s;
        case SqlType::Numeric:
            return u"DECIMAL(%1, %2)"_s.arg(type.precision()).arg(type.scale());
        case SqlType::Date:
            return u"DATE"_s;
        case SqlType::Time:
            return u"TIME(3)"_s;
        case SqlType::DateTime:
            return u"DATETIME(3)"_s;
        case SqlType::Custom:
            return type.customDdl();
        case SqlType::Invalid:
            break;
        }
        return {};
    }

    QString autoincrementSuffix() const override { return u" AUTO_INCREMENT"_s; }

    QString stringLiteral(const QString &value) const override
    {
        // Backslashes are escapes or not depending on sql_mode; a hex literal means the same in
        // every mode. Without a _utf8mb4 introducer: MariaDB keeps the DEFAULT of a TEXT column
        // and a CHECK constraint as text, writing _utf8mb4 X'c3a9' back as _utf8mb4'\xC3\xA9',
        // which it then reads as 'xC3xA9'; a plain X'c3a9' is kept as written.
        bool plain = true;
        for (const QChar c : value)
            plain = plain && c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'\\';
        if (plain)
            return DialectCompiler::stringLiteral(value);
        return u"X'"_s + QString::fromLatin1(value.toUtf8().toHex()) + u'\'';
    }

    QString dropConstraintSql(const QString &table, Constraint::Kind kind,
                              const QString &name) const override
    {
        if (kind == Constraint::ForeignKey)
            return u"ALTER TABLE "_s + table + u" DROP FOREIGN KEY "_s + quote(name);
        if (kind == Constraint::Unique)
            return u"ALTER TABLE "_s + table + u" DROP INDEX "_s + quote(name);
        return DialectCompiler::dropConstraintSql(table, kind, name);
    }
};

class MysqlDialect : public DialectImplementation
{
public:
    MysqlDialect(Dialect::Flavor flavor, const QVersionNumber &version)
        : DialectImplementation(DialectType::MySQL, flavor, version)
    {
    }

    std::unique_ptr<SqlCompiler> createCompiler() const override
    {
        return std::make_unique<MysqlCompiler>(this);
    }
    QString name() const override { return flavor == Dialect::MySQL ? u"MySQL"_s : u"MariaDB"_s; }
    bool supportsReturning(Statement::Kind kind) const override
    {
        // MariaDB has INSERT ... RETURNING (10.5) and DELETE ... RETURNING (10.0), not UPDATE;
        // MySQL none.
        if (flavor != Dialect::MariaDB)
            return false;
        if (kind == Statement::InsertStatement)
            return version >= QVersionNumber(10, 5);
        return kind == Statement::DeleteStatement;
    }
    bool supportsFullJoin() const override { return false; }
    bool supportsRowLocks() const override { return true; }
    bool supportsTransactionalDdl() const override { return false; }
    int maxBoundParameters() const override { return 65535; }

    QString specificTypeName(const SqlType &type) const override
    {
        switch (type.kind()) {
        case SqlType::Boolean:
            return u"BOOL"_s;
        case SqlType::Double:
            return u"DOUBLE"_s;
        case SqlType::String:
            // VARCHAR needs a length here; an unbounded string is TEXT (not indexable as a whole).
            return type.length() > 0 ? QString() : u"TEXT"_s;
        case SqlType::Text:
            return u"LONGTEXT"_s;
        case SqlType::Binary:
            return u"LONGBLOB"_s;
        case SqlType::Time:
            return u"TIME(3)"_s;
        case SqlType::DateTime:
            return u"DATETIME(3)"_s;
        case SqlType::Json:
            return u"JSON"_s;
        default:
            return {};
        }
    }
};

} // namespace

//! \cond internal
std::shared_ptr<const DialectImplementation> makeMysqlDialect(Dialect::Flavor flavor,
                                                              const QVersionNumber &version)
{
    return std::make_shared<MysqlDialect>(flavor, version);
}
//! \endcond

} // namespace Qorm
