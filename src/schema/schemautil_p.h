// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/connection.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/types.h>

#include <functional>

namespace Qorm::SchemaUtil {

// A type name as a database prints it, reduced to one spelling per type: lower case,
// synonyms unified ("character varying" = "varchar", "int(11)" = "integer", "decimal" =
// "numeric", MySQL's "tinyint(1)" = "boolean"), no blanks inside the parentheses.
QString normalizedTypeName(const QString &name, DialectType dialect);

// The SqlType whose DDL on `dialect` is `name` (as a catalog prints it), or a custom type.
SqlType typeFromName(const QString &name, const Dialect &dialect);

// Whether two types give the same column on `dialect` (the DDL names agree after
// normalizing, with the round trips a database makes tolerated).
bool sameType(const SqlType &a, const SqlType &b, const Dialect &dialect);

// A server default as text, normalized for comparison ("" for none): outer parentheses,
// PostgreSQL casts and letter case outside string literals removed.
QString normalizedDefault(const QString &text, DialectType dialect);

// The server default of a column as DDL writes it ("" for none).
QString defaultText(const Column &column, const Dialect &dialect);

ReferentialAction actionFromName(const QString &name);

// A copy of `column` whose keys, uniqueness, indexes and references come from table
// constraints only (Table::constraints(), Table::indexes()), so that another Table can take it.
Column plainColumn(const Column &column);

// Records `error` as the connection's lastError(); returns false.
bool fail(Connection &connection, const Error &error);

// Runs `body` the way schema changes run (SchemaDiff::apply(), a migration step) on a
// database with transactional DDL: in one transaction (a savepoint inside the caller's),
// committed only when `body` returns true. With `foreignKeysOff` (SQLite only) foreign keys are
// switched off around the transaction and PRAGMA foreign_key_check runs before the commit: a
// dangling reference rolls all back. `caller` names the API in error messages. False on failure,
// the reason in connection.lastError().
bool runInTransaction(Connection &connection, bool foreignKeysOff, const QString &caller,
                      const std::function<bool()> &body,
                      TransactionMode mode = TransactionMode::Deferred);

} // namespace Qorm::SchemaUtil
