// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class Shelf;

// Books on shelves, read by asynchronous query models, ordered through the shelf too.
class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "ql_book")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=100; index")
    FIELD(int, pages)
    FIELD(qint64, shelfId)
    Q_CLASSINFO("qorm.column.shelfId", "column=shelf_id; foreignKey=ql_shelf.id; nullable")
    Q_PROPERTY(Shelf *shelf READ shelf WRITE setShelf NOTIFY shelfChanged)
    Q_CLASSINFO("qorm.relationship.shelf", "Shelf")
    Q_CLASSINFO("qorm.display", "title")
public:
    Shelf *shelf() const { return m_shelf; }
    void setShelf(Shelf *shelf) { Qorm::setReference(this, m_shelf, shelf, &Book::shelfChanged); }
Q_SIGNALS:
    void shelfChanged();

private:
    QPointer<Shelf> m_shelf;
};

class Shelf : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "ql_shelf")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, room)
    Q_CLASSINFO("qorm.column.room", "length=50")
};
