// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include "sql/compiler_p.h"

#include <Qorm/dialects/dialect.h>

#include <memory>

namespace Qorm {

/*
    What a dialect knows: its compiler, its capabilities for a server version,
    and how values travel to and from its driver.
*/
class DialectImplementation
{
public:
    DialectImplementation(DialectType type, Dialect::Flavor flavor, const QVersionNumber &version)
        : type(type),
          flavor(flavor),
          version(version)
    {
    }
    virtual ~DialectImplementation();

    virtual std::unique_ptr<SqlCompiler> createCompiler() const = 0;
    virtual QString name() const = 0;
    virtual bool supportsReturning(Statement::Kind kind) const = 0;
    virtual bool supportsFullJoin() const = 0;
    virtual bool supportsRowLocks() const = 0;
    virtual bool supportsTransactionalDdl() const = 0;
    virtual int maxBoundParameters() const = 0;
    // The DDL name of a type: the dialect's own name where it has one, else the common one.
    QString typeName(const SqlType &type) const;

    QVariant toDatabaseValue(const QVariant &value, const SqlType &type) const;
    QVariant fromDatabaseValue(const QVariant &value, const SqlType &type) const;

    const DialectType type;
    const Dialect::Flavor flavor;

protected:
    // Where the dialect differs from the common type names; empty means "the common one".
    virtual QString specificTypeName(const SqlType &type) const = 0;

public:
    const QVersionNumber version;
};

std::shared_ptr<const DialectImplementation> makeSqliteDialect(const QVersionNumber &version);
std::shared_ptr<const DialectImplementation> makePostgresqlDialect(const QVersionNumber &version);
std::shared_ptr<const DialectImplementation> makeMysqlDialect(Dialect::Flavor flavor,
                                                              const QVersionNumber &version);

// A compiler that converts bound values through its dialect.
class DialectCompiler : public SqlCompiler
{
public:
    explicit DialectCompiler(const DialectImplementation *dialect)
        : SqlCompiler(dialect->type),
          m_impl(dialect)
    {
    }
    QString typeName(const SqlType &type) const override { return m_impl->typeName(type); }
    QString dialectName() const override { return m_impl->name(); }

protected:
    QVariant convertBind(const QVariant &value, const SqlType &type) const override
    {
        return m_impl->toDatabaseValue(value, type);
    }
    bool supportsReturning(Statement::Kind kind) const override
    {
        return m_impl->supportsReturning(kind);
    }
    bool supportsFullJoin() const override { return m_impl->supportsFullJoin(); }
    bool supportsRowLock(RowLock) const override { return m_impl->supportsRowLocks(); }

    const DialectImplementation *m_impl;
};

} // namespace Qorm
