// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The core library's classes as QML types. They are registered here, with QML_FOREIGN, so that
// no QML macro enters include/Qorm/ and the core library links only Qt6::Core and Qt6::Sql.

#include <Qorm/Error>
#include <Qorm/models/entitylistmodel.h>
#include <Qorm/models/querymodel.h>
#include <Qorm/models/tableadapter.h>
#include <Qorm/orm/session.h>

#include <QtQml/qqml.h>

namespace Qorm {

struct SessionForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::Session)
    QML_NAMED_ELEMENT(Session)
    QML_UNCREATABLE("A Session comes from a Database or from C++")
};

struct EntityListModelForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::EntityListModel)
    QML_NAMED_ELEMENT(EntityListModel)
    QML_UNCREATABLE("An EntityListModel is a relationship property of a mapped object")
};

struct ObjectListModelForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::ObjectListModel)
    QML_NAMED_ELEMENT(ObjectListModel)
    QML_UNCREATABLE("ObjectListModel is the base of Qorm's list models")
};

struct QueryModelForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::QueryModel)
    QML_NAMED_ELEMENT(QueryModel)
};

struct TableAdapterForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::TableAdapter)
    QML_NAMED_ELEMENT(TableAdapter)
};

struct ErrorForeign
{
    Q_GADGET
    QML_FOREIGN(Qorm::Error)
    QML_VALUE_TYPE(error)
};

} // namespace Qorm
