// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/sql/compiledstatement.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QVersionNumber>

#include <memory>

QT_BEGIN_NAMESPACE
class QSqlDatabase;
QT_END_NAMESPACE

namespace Qorm {

class DialectImplementation;

/*
    An SQL dialect: compiles statements and DDL for one kind of database and
    converts values to and from it. Cheap to copy.
*/
class QORM_EXPORT Dialect
{
public:
    enum Flavor {
        Standard, ///< SQLite, PostgreSQL
        MariaDB,  ///< MariaDB, the default of mysql()
        MySQL,    ///< Oracle's MySQL
    };

    Dialect() noexcept;
    [[nodiscard]] static Dialect sqlite(const QVersionNumber &version = QVersionNumber(3, 40));
    [[nodiscard]] static Dialect postgresql(const QVersionNumber &version = QVersionNumber(15));
    [[nodiscard]] static Dialect mysql(Flavor flavor = MariaDB,
                                       const QVersionNumber &version = QVersionNumber(10, 11));
    // The dialect of a QSqlDatabase's driver (QSQLITE, QPSQL, QMYSQL, QMARIADB); the server
    // version is read when the database is open. Invalid for other drivers.
    [[nodiscard]] static Dialect forDatabase(const QSqlDatabase &database);

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] DialectType type() const noexcept;
    [[nodiscard]] Flavor flavor() const noexcept;
    [[nodiscard]] QString name() const; // "sqlite", "postgresql", "mariadb", "mysql"
    [[nodiscard]] QVersionNumber serverVersion() const;

    [[nodiscard]] bool supportsReturning(Statement::Kind kind) const;
    [[nodiscard]] bool supportsFullJoin() const;
    [[nodiscard]] bool supportsRowLocks() const;
    [[nodiscard]] bool supportsTransactionalDdl() const;
    // The most parameters one statement may bind. Core does not split a statement that binds
    // more; keep rows x columns of a multi-row INSERT below it (the ORM flush is to batch by it).
    [[nodiscard]] int maxBoundParameters() const;

    [[nodiscard]] CompiledStatement compile(const Statement &statement) const;
    // Fills named parameters (Qorm::parameter()) of a compiled statement.
    [[nodiscard]] CompiledStatement bindParameters(const CompiledStatement &statement,
                                                   const QVariantMap &parameters) const;

    // DDL: CREATE TABLE plus its CREATE INDEX statements.
    [[nodiscard]] QList<CompiledStatement>
    createTable(const Table &table, CheckFirst checkFirst = CheckFirst::No,
                const QList<Constraint> &omitConstraints = {}) const;
    [[nodiscard]] CompiledStatement dropTable(const Table &table,
                                              CheckFirst checkFirst = CheckFirst::No) const;
    // ALTER TABLE ADD/DROP CONSTRAINT for foreign keys that close a cycle between tables.
    [[nodiscard]] CompiledStatement addConstraint(const Table &table,
                                                  const Constraint &constraint) const;
    [[nodiscard]] CompiledStatement dropConstraint(const Table &table,
                                                   const Constraint &constraint) const;
    // The column clause CREATE TABLE writes: "name" TYPE NOT NULL DEFAULT ... (also for
    // ALTER TABLE ADD COLUMN). Empty, with the reason in *errorMessage, on failure.
    [[nodiscard]] QString columnDefinition(const Column &column,
                                           QString *errorMessage = nullptr) const;
    // A server default as it follows DEFAULT in DDL. Empty on failure.
    [[nodiscard]] QString defaultDefinition(const Expression &expression,
                                            QString *errorMessage = nullptr) const;
    [[nodiscard]] QString typeName(const SqlType &type) const;
    [[nodiscard]] QString quoteIdentifier(const QString &identifier) const;

    // Converts a value for binding to a column of `type` (QDateTime to UTC, enum to its key...).
    [[nodiscard]] QVariant toDatabaseValue(const QVariant &value, const SqlType &type) const;
    // Converts a value read from the database into the C++ type of `type`;
    // NULL becomes a null QVariant of that type.
    [[nodiscard]] QVariant fromDatabaseValue(const QVariant &value, const SqlType &type) const;

    //! \cond internal
    [[nodiscard]] const DialectImplementation *implementation() const noexcept
    {
        return m_impl.get();
    }
    //! \endcond

private:
    explicit Dialect(std::shared_ptr<const DialectImplementation> impl) noexcept;
    std::shared_ptr<const DialectImplementation> m_impl;
};

} // namespace Qorm
