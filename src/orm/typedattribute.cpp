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

/*!
    \struct Qorm::TypedAttribute
    \brief A mapped property with its C++ type, so that comparing it with a value of another
    type fails to compile instead of failing in the database.

    qorm_generate_columns() (CMake) writes one per column into a generated header, from moc's
    output for the model header; Qorm::columns gives them:

    \code
    #include "user_columns.h"
    using namespace Qt::StringLiterals;

    Qorm::select<User>().where(Qorm::columns<User>.name == u"Alice"_s);  // compiles
    Qorm::select<User>().where(Qorm::columns<User>.name == 42);          // static_assert
    \endcode

    A misspelt column does not compile either. The column converts to the untyped Expression
    wherever one is expected (where(), orderBy(), functions, \c &&, arithmetic), which is also
    the explicit way round the check: `columns<User>.name == Expression(...)`. When the
    statement is compiled, the property must still be mapped and of the descriptor's type (a
    stale generated header); otherwise the statement carries the error and no SQL is sent.

    \sa Qorm::Columns, Expression
*/

/*!
    \struct Qorm::Columns
    \brief The typed columns of mapped class \c T, one TypedAttribute member per column.

    The header that qorm_generate_columns() writes for a model header specialises it for each
    class there; without that header, using Qorm::columns<T> fails to compile with a
    static_assert saying which header to include.
*/
