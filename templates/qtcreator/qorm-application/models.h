#pragma once

// The mapped classes: an author has many books (Author::books), a book has one author
// (Book::author). Each Q_PROPERTY with a NOTIFY signal is a column; Q_CLASSINFO says the
// table, the key, column options and the relationship. See Qorm's docs/mapping.md and
// docs/relationships.md.

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>

class Book;

class Author : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "author")
    Q_CLASSINFO("qorm.display", "name")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
    Q_CLASSINFO("qorm.column.name", "length=120; notNull")
    Q_CLASSINFO("qorm.label.name", "Author")
    // One-to-many: the books whose authorId is this author's id, ordered by title. Adding or
    // deleting an author adds or deletes its books (cascade).
    Q_PROPERTY(Qorm::EntityListModel *books READ books CONSTANT)
    Q_CLASSINFO("qorm.relationship.books",
                "Book; backPopulates=author; cascade=all,delete-orphan; orderBy=title")
public:
    // The session creates loaded objects with the default constructor.
    explicit Author(const QString &name = {}, QObject *parent = nullptr)
        : QObject(parent),
          m_name(name)
    {
    }
    qint64 id() const { return m_id; }
    QString name() const { return m_name; }
    Qorm::EntityList<Book> *books() const { return m_books; }

Q_SIGNALS:
    void idChanged();
    void nameChanged();

private:
    qint64 m_id = 0;
    QString m_name;
    Qorm::EntityList<Book> *m_books = new Qorm::EntityList<Book>(this, "books");
};

class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "book")
    Q_CLASSINFO("qorm.display", "title")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(QString title MEMBER m_title NOTIFY titleChanged)
    Q_CLASSINFO("qorm.column.title", "length=200; notNull")
    Q_CLASSINFO("qorm.label.title", "Title")
    Q_PROPERTY(int year MEMBER m_year NOTIFY yearChanged)
    Q_CLASSINFO("qorm.label.year", "Year")
    // The foreign key: the session writes it from the author reference at flush.
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY authorIdChanged)
    Q_CLASSINFO("qorm.column.authorId",
                "column=author_id; foreignKey=author.id; onDelete=cascade; notNull; index")
    // Many-to-one: the other side of Author::books.
    Q_PROPERTY(Author *author READ author WRITE setAuthor NOTIFY authorChanged)
    Q_CLASSINFO("qorm.relationship.author", "Author; backPopulates=books")
public:
    explicit Book(const QString &title = {}, int year = 0, QObject *parent = nullptr)
        : QObject(parent),
          m_title(title),
          m_year(year)
    {
    }
    qint64 id() const { return m_id; }
    QString title() const { return m_title; }
    int year() const { return m_year; }
    qint64 authorId() const { return m_authorId; }
    Author *author() const { return m_author; }
    // Also appends the book to author->books() (and removes it from the old author's).
    void setAuthor(Author *author)
    {
        Qorm::setReference(this, m_author, author, &Book::authorChanged);
    }

Q_SIGNALS:
    void idChanged();
    void titleChanged();
    void yearChanged();
    void authorIdChanged();
    void authorChanged();

private:
    qint64 m_id = 0;
    QString m_title;
    int m_year = 0;
    qint64 m_authorId = 0;
    QPointer<Author> m_author;
};
