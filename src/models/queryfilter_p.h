// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
//
// QueryModel's filter and orderBy (docs/design/qt-integration.md §2.3), compiled for a mapped
// class into Core expressions. Exported for tst_queryfilter only.
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/entityselect.h>
#include <Qorm/orm/mapper.h>
#include <Qorm/sql/expression.h>

#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

namespace Qorm {

/*
    A filter compiled for one class: its condition, and the reference paths the condition
    reads ("album", "album.artist"), to be outer-joined. With an error, both are empty.
*/
struct QueryFilter
{
    Expression condition; // invalid for an empty filter
    QStringList joins;
    Error error;
    [[nodiscard]] bool hasError() const { return error.isValid(); }
};

/*
    An orderBy list compiled for one class: its terms (ascending() or descending() columns),
    and the reference paths they read, to be outer-joined (a null reference keeps its row).
*/
struct QueryOrder
{
    QList<Expression> terms;
    QStringList joins;
    Error error;
    [[nodiscard]] bool hasError() const { return error.isValid(); }
};

/*
    Compiles a JS-object filter for `mapper`'s class. A key is a property or a path through
    references ("album.artist.name"). A value means equality; null IS NULL; a list IN; a map
    holds operators, ANDed: eq ne lt le gt ge like ilike in notIn between (a list of two).
    "or" takes a list of filters and ORs them. Every value is a bound parameter. An unknown
    key or operator, a collection in a path or a value an operator cannot take gives an error
    naming the class and the key.
*/
[[nodiscard]] QORM_EXPORT QueryFilter compileFilter(const Mapper &mapper,
                                                    const QVariantMap &filter);

// Compiles an orderBy list: property names or reference paths, '-' first for descending.
[[nodiscard]] QORM_EXPORT QueryOrder compileOrderBy(const Mapper &mapper,
                                                    const QStringList &orderBy);

/*
    `select` with the filter: its paths outer-joined (a path the select joined already is not
    joined again), its condition ANDed to the select's. With an error, a select that fails
    when executed, with the filter's message, and sends no SQL.
*/
[[nodiscard]] QORM_EXPORT EntitySelectBase withFilter(const EntitySelectBase &select,
                                                      const QueryFilter &filter);

// `select` ordered by the order's terms, then by its own; paths outer-joined as above.
[[nodiscard]] QORM_EXPORT EntitySelectBase withOrder(const EntitySelectBase &select,
                                                     const QueryOrder &order);

/*
    The protected builders of EntitySelectBase, for the models layer: it edits a select it
    was given without knowing its class's C++ type.
*/
class EntitySelectEditor : public EntitySelectBase
{
public:
    explicit EntitySelectEditor(const EntitySelectBase &select) : EntitySelectBase(select) { }
    using EntitySelectBase::addColumns;
    using EntitySelectBase::addJoin;
    using EntitySelectBase::addWhere;
    using EntitySelectBase::setLimit;
    using EntitySelectBase::setOrderBy;
};

} // namespace Qorm
