// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "sql/sqllexer_p.h"

namespace Qorm {

//! \cond internal
qsizetype skipQuotedOrComment(QStringView sql, qsizetype i, DialectType dialect)
{
    const qsizetype n = sql.size();
    if (i >= n)
        return i;
    const QChar c = sql[i];
    if (c == u'\'' || c == u'"' || c == u'`') {
        // Backslash escapes: in MySQL strings (Qorm leaves sql_mode's backslash escapes on)
        // and in PostgreSQL's E'...' strings.
        const bool backslashEscapes = c != u'`'
                && (dialect == DialectType::MySQL
                    || (dialect == DialectType::PostgreSQL && c == u'\'' && i > 0
                        && (sql[i - 1] == u'E' || sql[i - 1] == u'e')));
        for (qsizetype j = i + 1; j < n; ++j) {
            if (backslashEscapes && sql[j] == u'\\') {
                ++j;
            } else if (sql[j] == c) {
                if (j + 1 < n && sql[j + 1] == c)
                    ++j;
                else
                    return j + 1;
            }
        }
        return n;
    }
    if (c == u'$' && dialect == DialectType::PostgreSQL) {
        // Dollar quoting: $$...$$ or $tag$...$tag$ ($1-style parameters have no second $).
        qsizetype j = i + 1;
        while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'_'))
            ++j;
        const bool tagged = j > i + 1;
        if (j < n && sql[j] == u'$' && !(tagged && sql[i + 1].isDigit())) {
            const QStringView tag = sql.mid(i, j - i + 1);
            const qsizetype close = sql.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.size();
        }
        return i;
    }
    if ((c == u'-' && i + 1 < n && sql[i + 1] == u'-')
        || (c == u'#' && dialect == DialectType::MySQL)) {
        const qsizetype end = sql.indexOf(u'\n', i);
        return end < 0 ? n : end;
    }
    if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
        const qsizetype end = sql.indexOf(u"*/", i + 2);
        return end < 0 ? n : end + 2;
    }
    return i;
}
//! \endcond

} // namespace Qorm
