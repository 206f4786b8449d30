// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// Three related tables for the fault-injection test: fault_author <- fault_book <- fault_review,
// and books <-> tags through the association table fault_book_tag (a Core table, see mapAll()
// in tst_faults.cpp). The foreign keys are written from many-to-one references at flush;
// authors carry a version column, so their UPDATEs and DELETEs check it.

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class FaultAuthor : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fault_author")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50; unique; notNull")
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

class FaultTag;

class FaultBook : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fault_book")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=50; unique; notNull")
    FIELD(qint64, authorId)
    Q_CLASSINFO("qorm.column.authorId", "column=author_id; foreignKey=fault_author.id; notNull")
    Q_PROPERTY(FaultAuthor *author READ author WRITE setAuthor NOTIFY authorChanged)
    Q_CLASSINFO("qorm.relationship.author", "FaultAuthor")
    Q_PROPERTY(Qorm::EntityListModel *tags READ tags CONSTANT)
    Q_CLASSINFO("qorm.relationship.tags",
                "FaultTag; secondary=fault_book_tag; backPopulates=books; orderBy=label")
public:
    Qorm::EntityList<FaultTag> *tags() const { return m_tags; }
    FaultAuthor *author() const { return m_author; }
    void setAuthor(FaultAuthor *author)
    {
        Qorm::setReference(this, m_author, author, &FaultBook::authorChanged);
    }
Q_SIGNALS:
    void authorChanged();

private:
    QPointer<FaultAuthor> m_author;
    Qorm::EntityList<FaultTag> *m_tags = new Qorm::EntityList<FaultTag>(this, "tags");
};

class FaultTag : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fault_tag")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=50; unique; notNull")
    Q_PROPERTY(Qorm::EntityListModel *books READ books CONSTANT)
    Q_CLASSINFO("qorm.relationship.books",
                "FaultBook; secondary=fault_book_tag; backPopulates=tags; orderBy=title")
public:
    Qorm::EntityList<FaultBook> *books() const { return m_books; }

private:
    Qorm::EntityList<FaultBook> *m_books = new Qorm::EntityList<FaultBook>(this, "books");
};

class FaultReview : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "fault_review")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, body)
    Q_CLASSINFO("qorm.column.body", "length=50; unique; notNull")
    FIELD(qint64, bookId)
    Q_CLASSINFO("qorm.column.bookId", "column=book_id; foreignKey=fault_book.id; notNull")
    Q_PROPERTY(FaultBook *book READ book WRITE setBook NOTIFY bookChanged)
    Q_CLASSINFO("qorm.relationship.book", "FaultBook")
public:
    FaultBook *book() const { return m_book; }
    void setBook(FaultBook *book)
    {
        Qorm::setReference(this, m_book, book, &FaultReview::bookChanged);
    }
Q_SIGNALS:
    void bookChanged();

private:
    QPointer<FaultBook> m_book;
};
