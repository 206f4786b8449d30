// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
//
// Keyset pages over an entity select (docs/design/qt-integration.md §1.3). Exported for
// tst_keysetpager only.
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/entityselect.h>
#include <Qorm/sql/expression.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QList>
#include <QtCore/QVariantList>

namespace Qorm {

class Session;

/*
    Builds the pages of an entity select, each one statement (no OFFSET, no open cursor).

    The sort key of a row is the select's order terms, then every primary-key column that is
    not a term already: a total order, so page boundaries are exact, composite keys included.
    Every term gets an explicit direction, and a nullable one an explicit NULL placement
    (ascending: last, descending: first, unless the term says otherwise), so that the
    databases agree. The page after a row is WHERE <select's> AND after(its sort key), the
    expanded lexicographic predicate t1 > v1 OR (t1 = v1 AND (t2 < v2 OR ...)), NULLs
    placed as the ORDER BY places them.

    Terms that are plain columns of the class are read back from the row's entity columns;
    the others (a joined class's column, a function) are selected as extra columns labelled
    qorm_k<n> (n: the term's position, from 1), after the class's columns.

    After a value on a NULLS LAST term come the values past it and the NULLs; after NULL on
    it, only the next terms decide. After a value on a NULLS FIRST term come the values past
    it only; after NULL on it, every value, and the NULLs the next terms put after.

    A QueryModel pages like this (synchronously, or in its worker thread):
        page = pager.firstPage(pageSize, KeysetPager::WithKeyColumns);
        rows = the page's rows, read as values;          // then made objects on the UI thread
        page = pager.nextPage(pager.sortKey(last row), pageSize, KeysetPager::WithKeyColumns);
    The key comes from the last *row*: a join that repeats an object's row would not give it
    back from the object. Pages WithoutKeyColumns are for Session::execute(), which loads
    exactly the class's columns (a refresh's window); sortKey(session, object) and
    keyColumnsOf() give an object's key for a page read that way.
*/
class QORM_EXPORT KeysetPager
{
public:
    // Whether a page selects the qorm_k* key columns after the class's columns.
    enum KeyColumns {
        WithKeyColumns,    // rows read as values (Core execution, a worker thread)
        WithoutKeyColumns, // objects loaded by Session::execute(); keyColumnsOf() reads them
    };

    KeysetPager() = default;
    // An error (isValid() false) for a select with an error, several classes per row, or an
    // offset.
    explicit KeysetPager(const EntitySelectBase &select);

    [[nodiscard]] bool isValid() const { return !m_error.isValid(); }
    [[nodiscard]] Error error() const { return m_error; }
    [[nodiscard]] EntitySelectBase select() const { return m_select; }

    // The sort key's ORDER BY terms, with their directions and NULL placement.
    [[nodiscard]] QList<Expression> orderTerms() const { return m_orderTerms; }
    // The extra columns of a page WithKeyColumns, labelled qorm_k<n>; empty when every term
    // is a plain column of the class.
    [[nodiscard]] QList<Expression> keyColumns() const { return m_keyColumns; }
    // The number of the class's columns, first in every row.
    [[nodiscard]] qsizetype entityColumnCount() const { return m_entityColumnCount; }

    // The first `pageSize` rows in sort-key order.
    [[nodiscard]] EntitySelectBase firstPage(qint64 pageSize,
                                             KeyColumns keyColumns = WithKeyColumns) const;
    // The `pageSize` rows after the row whose sort key is `afterKey`.
    [[nodiscard]] EntitySelectBase nextPage(const QVariantList &afterKey, qint64 pageSize,
                                            KeyColumns keyColumns = WithKeyColumns) const;
    // Every row up to and including the one whose sort key is `lastKey`: the rows a model
    // holds, read again by a refresh.
    [[nodiscard]] EntitySelectBase window(const QVariantList &lastKey,
                                          KeyColumns keyColumns = WithKeyColumns) const;

    // The rows strictly after `key` in sort-key order, or (UpTo) those up to and including it.
    enum Side {
        After,
        UpTo,
    };
    [[nodiscard]] Expression condition(const QVariantList &key, Side side = After) const;

    // The sort key of a row of a page WithKeyColumns: the class's columns, then the key
    // columns.
    [[nodiscard]] QVariantList sortKey(const QVariantList &row) const;
    /*
        The sort key of an object `session` loaded from a page: plain terms from the values
        the session last read or wrote (not unflushed changes: the database sorted those), the
        others from `keyValues`, the row's key columns in order (keyColumnsOf() reads them for
        a page WithoutKeyColumns).
    */
    [[nodiscard]] QVariantList sortKey(const Session &session, const QObject *object,
                                       const QVariantList &keyValues = {}) const;
    // SELECT of the key columns of the row whose primary key is `primaryKey` (in key order).
    [[nodiscard]] Select keyColumnsOf(const QVariantList &primaryKey) const;

private:
    struct Term
    {
        Expression expression; // without direction
        bool descending = false;
        bool nullable = true;
        bool nullsFirst = false;     // where NULLs sort, explicit in the ORDER BY when nullable
        qsizetype entityColumn = -1; // the class's column it is, else -1
        qsizetype keyColumn = -1;    // its position among the key columns, else -1
    };

    EntitySelectBase page(const Expression &condition, qint64 limit, KeyColumns keyColumns) const;

    EntitySelectBase m_select{ QObject::staticMetaObject };
    Error m_error = Error(Error::InvalidRequestError, QStringLiteral("KeysetPager: no select"));
    QList<Term> m_terms;
    QList<Expression> m_orderTerms;
    QList<Expression> m_keyColumns;
    qsizetype m_entityColumnCount = 0;
};

} // namespace Qorm
