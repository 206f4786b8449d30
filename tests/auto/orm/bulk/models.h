// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>

#include <testfield.h>

// A stock item: a generated key, a unique SKU (for upserts), a quantity and a status.
class Item : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bulk_item")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, sku)
    Q_CLASSINFO("qorm.column.sku", "length=20; unique")
    FIELD(int, quantity)
    FIELD(QString, status)
    Q_CLASSINFO("qorm.column.status", "length=20")
public:
    explicit Item(QObject *parent = nullptr) : QObject(parent) { ++live; }
    ~Item() override { --live; }
    static inline int live = 0; // Item objects alive now
};
