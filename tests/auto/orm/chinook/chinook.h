// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The Chinook database for tst_chinook: its naming per database, its mapping, the databases
// loaded with its data, and plain SQL against it.

#include <Qorm/engine/connection.h>
#include <Qorm/orm/registry.h>

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <memory>

QT_BEGIN_NAMESPACE
class QTemporaryDir;
QT_END_NAMESPACE

namespace Chinook {

// The folder with Chinook_Sqlite.sqlite, Chinook_PostgreSql.sql and Chinook_MySql.sql:
// $QORM_CHINOOK_DIR, else /work/shared/data/chinook.
QString dataDirectory();

/*
    How a database names Chinook's tables and columns. Names are given in the PascalCase of the
    SQLite file and the MySQL script ("MediaTypeId"); the PostgreSQL script has them in
    snake_case ("media_type_id").
*/
class Naming
{
public:
    enum Style { PascalCase, SnakeCase };
    explicit Naming(Style style = PascalCase) : m_style(style) { }
    static Naming of(const Qorm::Connection &connection); // snake_case on PostgreSQL

    [[nodiscard]] Style style() const { return m_style; }
    [[nodiscard]] QString operator()(const QString &pascalName) const;
    // SQL text with every [PascalName] replaced by this database's name for it.
    [[nodiscard]] QString sql(const QString &text) const;

private:
    Style m_style;
};

// Maps the ten classes of models.h and the PlaylistTrack association table (a Core table in
// the registry's MetaData) with `naming`'s names, and configures the relationships.
[[nodiscard]] bool map(Qorm::Registry &registry, const Naming &naming);

/*
    A connection to a database holding the Chinook data, unchanged:
    - "sqlite": a copy of Chinook_Sqlite.sqlite in `directory`;
    - "postgresql", "mariadb": this process's test database, emptied and loaded with the
      database's script unless it holds the unchanged data already (see markModified()).
    Null with *errorMessage set on failure.
*/
[[nodiscard]] std::unique_ptr<Qorm::Connection>
open(const QString &database, QTemporaryDir &directory, QString *errorMessage);

// The data of `database` is about to change: the next open() loads it again.
void markModified(const QString &database);

// The statements of a Chinook SQL script, without comments and without the statements that
// create and choose the database (DROP/CREATE DATABASE, \c, USE).
[[nodiscard]] QStringList scriptStatements(const QString &path, QString *errorMessage);

/*
    Plain SQL on the test's connection, with [PascalName] identifiers (see Naming::sql()) and
    '?' placeholders. A failing statement fails the running test (QTest::qFail) and returns
    nothing.
*/
class PlainSql
{
public:
    PlainSql(Qorm::Connection &connection, const Naming &naming)
        : m_connection(connection),
          m_naming(naming)
    {
    }

    [[nodiscard]] QList<QVariantList> rows(const QString &sql,
                                           const QVariantList &values = {}) const;
    [[nodiscard]] QVariantList column(const QString &sql, const QVariantList &values = {}) const;
    [[nodiscard]] QList<int> ids(const QString &sql, const QVariantList &values = {}) const;
    [[nodiscard]] QStringList strings(const QString &sql, const QVariantList &values = {}) const;
    [[nodiscard]] QVariant scalar(const QString &sql, const QVariantList &values = {}) const;

private:
    Qorm::Connection &m_connection;
    Naming m_naming;
};

// An amount of money in cents: exact from Qorm's NUMERIC text ("12.34"), rounded from what
// a database hands back to plain SQL (a double on SQLite, text or a double elsewhere).
[[nodiscard]] qint64 centsOf(const QString &decimal, bool *ok = nullptr);
[[nodiscard]] qint64 centsOf(const QVariant &value);

// An SQL expression giving `column` (a date-time column) as text "yyyy-MM-dd HH:mm:ss", or
// "yyyy-MM-dd" without the time, on the connection's database.
[[nodiscard]] QString dateText(const Qorm::Connection &connection, const QString &column,
                               bool withTime);

} // namespace Chinook

// In a data-driven test (a "database" column): `db` is a Qorm::Connection to that database
// holding the Chinook data, `registry` maps the models with its names, `sql` is PlainSql on it.
#define CHINOOK_SETUP(db, registry, sql) \
  QFETCH(QString, database); \
  QTemporaryDir sqliteDirectory_; \
  QString setupError_; \
  const std::unique_ptr<Qorm::Connection> dbHolder_ = \
          Chinook::open(database, sqliteDirectory_, &setupError_); \
  if (!dbHolder_) \
    QFAIL(qPrintable(setupError_)); \
  Qorm::Connection &db = *dbHolder_; \
  const Chinook::Naming naming_ = Chinook::Naming::of(db); \
  Qorm::Registry registry; \
  QVERIFY2(Chinook::map(registry, naming_), qPrintable(registry.lastError().text())); \
  Chinook::PlainSql sql(db, naming_)
