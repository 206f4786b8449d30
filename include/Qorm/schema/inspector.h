// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/engine/connection.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QStringList>

#include <memory>

namespace Qorm {

class InspectorPrivate;

/*
    Reads the structure of an existing database (SQLAlchemy's Inspector): tables, columns,
    primary keys, indexes, unique constraints and foreign keys, as Qorm Tables.
    Names are always bound values, never pasted into SQL. The connection must outlive the
    inspector.
*/
class QORM_EXPORT Inspector
{
public:
    explicit Inspector(Connection &connection);
    Inspector(const Inspector &) = delete;
    Inspector &operator=(const Inspector &) = delete;
    ~Inspector();

    // The tables of `schema` (the connection's default one when empty), sorted by name.
    // Empty, with lastError() set, on failure.
    [[nodiscard]] QStringList tableNames(const QString &schema = {});
    // One table; an invalid Table (isValid() false), with lastError() set, on failure or when
    // it does not exist.
    [[nodiscard]] Table reflectTable(const QString &name, const QString &schema = {});
    // Adds the tables of `schema` (all, or those named in `only`) to `metadata`.
    [[nodiscard]] bool reflect(MetaData &metadata, const QString &schema = {},
                               const QStringList &only = {});

    [[nodiscard]] Error lastError() const;

private:
    std::unique_ptr<InspectorPrivate> const d;
};

} // namespace Qorm
