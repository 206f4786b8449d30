// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QStringView>

namespace Qorm {

/*
    The one place that knows where SQL text is quoted or commented, per dialect: quoted strings
    and identifiers with doubled quotes, backslash escapes in MySQL strings and PostgreSQL E''
    strings, PostgreSQL dollar quoting, "--" and "/ * * /" comments, and "#" comments on MySQL.

    Returns the index just past the quoted string, identifier or comment that starts at `i`
    (the end of the text if it is unterminated), or `i` when none starts there.
*/
qsizetype skipQuotedOrComment(QStringView sql, qsizetype i, DialectType dialect);

} // namespace Qorm
