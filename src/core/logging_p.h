// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <QtCore/QLoggingCategory>

namespace Qorm {
Q_DECLARE_LOGGING_CATEGORY(lcSql) // "qorm.sql": every statement with its bound values (the echo)
Q_DECLARE_LOGGING_CATEGORY(lcSession) // "qorm.session"
Q_DECLARE_LOGGING_CATEGORY(lcFlush)   // "qorm.flush"
Q_DECLARE_LOGGING_CATEGORY(lcMapping) // "qorm.mapping"
} // namespace Qorm
