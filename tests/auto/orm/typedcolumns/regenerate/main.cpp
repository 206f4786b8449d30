// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Compiles only while the generated columns of thing.h have the types given here;
// check_regenerate.cmake edits both between builds.

#include "thing_columns.h"

#include <type_traits>

template<typename Descriptor>
using ValueOf = typename std::remove_cvref_t<Descriptor>::ValueType;

static_assert(std::is_same_v<ValueOf<decltype(ThingColumns::id)>, qint64>);
static_assert(std::is_same_v<ValueOf<decltype(ThingColumns::count)>, int>, "count is int");
