// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <atomic>
#include <testfield.h>

// Counts the living objects of a class: whatever the session makes or drops, the count says
// whether something is kept alive (or freed twice).
template<typename T>
class SoakAlive
{
public:
    SoakAlive() { ++s_count; }
    SoakAlive(const SoakAlive &) { ++s_count; }
    ~SoakAlive() { --s_count; }
    SoakAlive &operator=(const SoakAlive &) = default;
    static int count() { return s_count.load(); }

private:
    static inline std::atomic<int> s_count{ 0 };
};

class SoakAuthor;

class SoakBook : public QObject, public SoakAlive<SoakBook>
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "soak_book")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=100")
    FIELD(int, opened)
    FIELD(qint64, authorId)
    Q_CLASSINFO("qorm.column.authorId", "column=author_id; foreignKey=soak_author.id")
    Q_PROPERTY(SoakAuthor *author READ author WRITE setAuthor NOTIFY authorChanged)
    Q_CLASSINFO("qorm.relationship.author", "SoakAuthor; backPopulates=books")
public:
    SoakAuthor *author() const;
    void setAuthor(SoakAuthor *author);
Q_SIGNALS:
    void authorChanged();

private:
    QPointer<SoakAuthor> m_author;
};

class SoakAuthor : public QObject, public SoakAlive<SoakAuthor>
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "soak_author")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=100")
    FIELD(int, visits)
    FIELD(int, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
    Q_PROPERTY(Qorm::EntityListModel *books READ books CONSTANT)
    Q_CLASSINFO("qorm.relationship.books", "SoakBook; backPopulates=author; orderBy=title")
public:
    Qorm::EntityList<SoakBook> *books() const { return m_books; }

private:
    Qorm::EntityList<SoakBook> *m_books = new Qorm::EntityList<SoakBook>(this, "books");
};

inline SoakAuthor *SoakBook::author() const
{
    return m_author;
}

inline void SoakBook::setAuthor(SoakAuthor *author)
{
    Qorm::setReference(this, m_author, author, &SoakBook::authorChanged);
}
