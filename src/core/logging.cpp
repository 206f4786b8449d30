// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"

namespace Qorm {
// The SQL echo is off unless asked for (QT_LOGGING_RULES="qorm.sql.debug=true").
Q_LOGGING_CATEGORY(lcSql, "qorm.sql", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "qorm.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFlush, "qorm.flush", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMapping, "qorm.mapping", QtInfoMsg)
} // namespace Qorm
