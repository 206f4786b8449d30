// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

// A counter that several sessions increment: the version column makes a lost update a
// StaleDataError.
class ConcCounter : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "conc_counter")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(int, hits)
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

class ConcBox;

// A row a writer inserts (a generated key: on SQLite the flush asks once whether it is the
// rowid), in a box's collection.
class ConcItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "conc_item")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=50")
    FIELD(qint64, boxId)
    Q_CLASSINFO("qorm.column.boxId", "column=box_id; foreignKey=conc_box.id")
    Q_PROPERTY(ConcBox *box READ box WRITE setBox NOTIFY boxChanged)
    Q_CLASSINFO("qorm.relationship.box", "ConcBox; backPopulates=items")
public:
    ConcBox *box() const;
    void setBox(ConcBox *box);
Q_SIGNALS:
    void boxChanged();

private:
    QPointer<ConcBox> m_box;
};

class ConcBox : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "conc_box")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    Q_PROPERTY(Qorm::EntityListModel *items READ items CONSTANT)
    Q_CLASSINFO("qorm.relationship.items", "ConcItem; backPopulates=box; orderBy=label")
public:
    Qorm::EntityList<ConcItem> *items() const { return m_items; }

private:
    Qorm::EntityList<ConcItem> *m_items = new Qorm::EntityList<ConcItem>(this, "items");
};

inline ConcBox *ConcItem::box() const
{
    return m_box;
}

inline void ConcItem::setBox(ConcBox *box)
{
    Qorm::setReference(this, m_box, box, &ConcItem::boxChanged);
}
