// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Comparisons the typed columns refuse, one per QORM_REJECTED_<case> definition; each must fail
// to compile (ctest typedcolumns_rejected). tst_typedcolumns.cpp holds the accepted forms.

#include "models_columns.h"

using namespace Qt::StringLiterals;

enum class Colour { Red };

Qorm::Expression rejected();

Qorm::Expression rejected()
{
    const auto &m = Qorm::columns<Member>;
#if defined(QORM_REJECTED_string_for_integer)
    return m.loginCount == u"5"_s;
#elif defined(QORM_REJECTED_integer_for_string)
    return m.name == 42;
#elif defined(QORM_REJECTED_wrong_enum)
    return m.status == Colour::Red;
#elif defined(QORM_REJECTED_narrowing)
    return m.loginCount < 5.5;
#elif defined(QORM_REJECTED_misspelt_column)
    return m.nmae == u"Ann"_s;
#elif defined(QORM_REJECTED_unmapped_class)
    return Qorm::columns<QObject>.objectName == u"x"_s;
#else
    return m.name == u"Ann"_s;
#endif
}
