// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qorm_export.h>

#include <QtCore/qglobal.h>

#define QORM_VERSION_MAJOR 0
#define QORM_VERSION_MINOR 1
#define QORM_VERSION_PATCH 0
#define QORM_VERSION_STRING "0.1.0"
#define QORM_VERSION QT_VERSION_CHECK(QORM_VERSION_MAJOR, QORM_VERSION_MINOR, QORM_VERSION_PATCH)

namespace Qorm {

/*! The SQL dialects Qorm compiles for. MariaDB and MySQL share one dialect. */
enum class DialectType {
    SQLite,     ///< SQLite 3
    PostgreSQL, ///< PostgreSQL
    MySQL,      ///< MySQL and MariaDB (see Dialect::Flavor)
};

} // namespace Qorm
