// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The non-template part of the typed columns: the column of a descriptor, its type checked
// against the mapped property's.
#include "../sql/nodes_p.h"
#include "mapper_p.h"

#include <Qorm/orm/typedattribute.h>

using namespace Qt::StringLiterals;

namespace Qorm::Detail {

Expression typedAttribute(const QMetaObject &entity, const char *property, QMetaType type)
{
    const QString name = QString::fromUtf8(property);
    // An unmapped class or an unknown property: attribute() reports it.
    const ColumnProperty column = defaultMapper(&entity).columnProperty(name);
    if (column.isValid()) {
        const QMetaType actual = column.metaProperty().metaType();
        if (actual != type) {
            return makeError(u"Class %1: property '%2' is %3, the column descriptor says %4"_s.arg(
                    QString::fromUtf8(entity.className()), name, QString::fromUtf8(actual.name()),
                    QString::fromUtf8(type.name())));
        }
    }
    return attribute(entity, name);
}

} // namespace Qorm::Detail
