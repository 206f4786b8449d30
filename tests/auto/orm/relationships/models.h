// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class Customer;
class Team;
class Node;

// Many-to-one with back-population into Customer::orders.
class Order : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_order")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, label)
    Q_CLASSINFO("qorm.column.label", "length=50")
    FIELD(qint64, customerId)
    Q_CLASSINFO("qorm.column.customerId", "column=customer_id; foreignKey=rel_customer.id")
    Q_PROPERTY(Customer *customer READ customer WRITE setCustomer NOTIFY customerChanged)
    Q_CLASSINFO("qorm.relationship.customer", "Customer; backPopulates=orders")
public:
    Customer *customer() const;
    void setCustomer(Customer *customer);
Q_SIGNALS:
    void customerChanged();

private:
    QPointer<Customer> m_customer;
};

// One-to-many, ordered, deleting its orders with it and when they are taken out.
class Customer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_customer")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    Q_PROPERTY(Qorm::EntityListModel *orders READ orders CONSTANT)
    Q_CLASSINFO("qorm.relationship.orders",
                "Order; backPopulates=customer; cascade=all,delete-orphan; orderBy=label")
public:
    Qorm::EntityList<Order> *orders() const { return m_orders; }

private:
    Qorm::EntityList<Order> *m_orders = new Qorm::EntityList<Order>(this, "orders");
};

inline Customer *Order::customer() const
{
    return m_customer;
}

inline void Order::setCustomer(Customer *customer)
{
    Qorm::setReference(this, m_customer, customer, &Order::customerChanged);
}

// Loaded with its team's query (selectin); removing the team leaves players with no team.
class Player : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_player")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    FIELD(qint64, teamId)
    Q_CLASSINFO("qorm.column.teamId", "column=team_id; foreignKey=rel_team.id")
    Q_PROPERTY(Team *team READ team WRITE setTeam NOTIFY teamChanged)
    Q_CLASSINFO("qorm.relationship.team", "Team; backPopulates=members")
public:
    Team *team() const;
    void setTeam(Team *team);
Q_SIGNALS:
    void teamChanged();

private:
    QPointer<Team> m_team;
};

class Team : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_team")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    Q_PROPERTY(Qorm::EntityListModel *members READ members CONSTANT)
    Q_CLASSINFO("qorm.relationship.members",
                "Player; backPopulates=team; lazy=selectin; orderBy=name")
public:
    Qorm::EntityList<Player> *members() const { return m_members; }

private:
    Qorm::EntityList<Player> *m_members = new Qorm::EntityList<Player>(this, "members");
};

inline Team *Player::team() const
{
    return m_team;
}

inline void Player::setTeam(Team *team)
{
    Qorm::setReference(this, m_team, team, &Player::teamChanged);
}

// A one-to-many without a reference back; reading it is an error (lazy=raise).
class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_book")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=50")
    FIELD(qint64, shelfId)
    Q_CLASSINFO("qorm.column.shelfId", "column=shelf_id; foreignKey=rel_shelf.id")
};

class Shelf : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_shelf")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(Qorm::EntityListModel *books READ books CONSTANT)
    Q_CLASSINFO("qorm.relationship.books", "Book; lazy=raise")
public:
    Qorm::EntityList<Book> *books() const { return m_books; }

private:
    Qorm::EntityList<Book> *m_books = new Qorm::EntityList<Book>(this);
};

// An adjacency list: a tree of nodes in one table.
class Node : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_node")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    FIELD(qint64, parentId)
    Q_CLASSINFO("qorm.column.parentId", "column=parent_id; foreignKey=rel_node.id")
    Q_PROPERTY(Node *parent READ parentNode WRITE setParentNode NOTIFY parentNodeChanged)
    Q_CLASSINFO("qorm.relationship.parent", "Node; foreignKey=parentId; backPopulates=children")
    Q_PROPERTY(Qorm::EntityListModel *children READ children CONSTANT)
    Q_CLASSINFO("qorm.relationship.children",
                "Node; foreignKey=parentId; backPopulates=parent; orderBy=name; cascade=all")
public:
    Node *parentNode() const { return m_parent; }
    void setParentNode(Node *parent)
    {
        Qorm::setReference(this, m_parent, parent, &Node::parentNodeChanged);
    }
    Qorm::EntityList<Node> *children() const { return m_children; }
Q_SIGNALS:
    void parentNodeChanged();

private:
    QPointer<Node> m_parent;
    Qorm::EntityList<Node> *m_children = new Qorm::EntityList<Node>(this, "children");
};

// Many-to-many through the association table rel_enrollment (a Core table, see mapAll()).
class Course;

class Student : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_student")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    Q_PROPERTY(Qorm::EntityListModel *courses READ courses CONSTANT)
    Q_CLASSINFO("qorm.relationship.courses",
                "Course; secondary=rel_enrollment; backPopulates=students; orderBy=title")
public:
    Qorm::EntityList<Course> *courses() const { return m_courses; }

private:
    Qorm::EntityList<Course> *m_courses = new Qorm::EntityList<Course>(this, "courses");
};

class Course : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_course")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=50")
    Q_PROPERTY(Qorm::EntityListModel *students READ students CONSTANT)
    Q_CLASSINFO("qorm.relationship.students",
                "Student; secondary=rel_enrollment; backPopulates=courses; orderBy=name")
public:
    Qorm::EntityList<Student> *students() const { return m_students; }

private:
    Qorm::EntityList<Student> *m_students = new Qorm::EntityList<Student>(this, "students");
};

// One-to-one: the key is on Passport; both sides are references.
class Person;

class Passport : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_passport")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, number)
    Q_CLASSINFO("qorm.column.number", "length=20")
    FIELD(qint64, personId)
    Q_CLASSINFO("qorm.column.personId", "column=person_id; foreignKey=rel_person.id; unique")
    Q_PROPERTY(Person *person READ person WRITE setPerson NOTIFY personChanged)
    Q_CLASSINFO("qorm.relationship.person", "Person; backPopulates=passport")
public:
    Person *person() const;
    void setPerson(Person *person);
Q_SIGNALS:
    void personChanged();

private:
    QPointer<Person> m_person;
};

class Person : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_person")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50")
    Q_PROPERTY(Passport *passport READ passport WRITE setPassport NOTIFY passportChanged)
    Q_CLASSINFO("qorm.relationship.passport", "Passport; backPopulates=person")
public:
    Passport *passport() const { return m_passport; }
    void setPassport(Passport *passport)
    {
        Qorm::setReference(this, m_passport, passport, &Person::passportChanged);
    }
Q_SIGNALS:
    void passportChanged();

private:
    QPointer<Passport> m_passport;
};

inline Person *Passport::person() const
{
    return m_person;
}

inline void Passport::setPerson(Person *person)
{
    Qorm::setReference(this, m_person, person, &Passport::personChanged);
}

// A collection too large to load whole: pages on demand (lazy=write-only).
class Entry : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_entry")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, text)
    Q_CLASSINFO("qorm.column.text", "length=50")
    FIELD(qint64, feedId)
    Q_CLASSINFO("qorm.column.feedId", "column=feed_id; foreignKey=rel_feed.id")
};

class Feed : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_feed")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(Qorm::EntityListModel *entries READ entries CONSTANT)
    Q_CLASSINFO("qorm.relationship.entries", "Entry; lazy=write-only")
public:
    Qorm::EntityList<Entry> *entries() const { return m_entries; }

private:
    Qorm::EntityList<Entry> *m_entries = new Qorm::EntityList<Entry>(this, "entries");
};

// A one-to-many by a text key, loaded with its genres' query (selectin).
class Genre;
class Song : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_song")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=50")
    FIELD(QString, genreCode)
    Q_CLASSINFO("qorm.column.genreCode", "column=genre_code; length=20; foreignKey=rel_genre.code")
    Q_PROPERTY(Genre *genre READ genre WRITE setGenre NOTIFY genreChanged)
    Q_CLASSINFO("qorm.relationship.genre", "Genre; backPopulates=songs")
public:
    Genre *genre() const { return m_genre; }
    void setGenre(Genre *genre);
Q_SIGNALS:
    void genreChanged();

private:
    QPointer<Genre> m_genre;
};

class Genre : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_genre")
    FIELD(QString, code)
    Q_CLASSINFO("qorm.column.code", "primaryKey; length=20")
    Q_PROPERTY(Qorm::EntityListModel *songs READ songs CONSTANT)
    Q_CLASSINFO("qorm.relationship.songs", "Song; backPopulates=genre; lazy=selectin")
public:
    Qorm::EntityList<Song> *songs() const { return m_songs; }

private:
    Qorm::EntityList<Song> *m_songs = new Qorm::EntityList<Song>(this, "songs");
};

inline void Song::setGenre(Genre *genre)
{
    Qorm::setReference(this, m_genre, genre, &Song::genreChanged);
}

// Not mapped: its collection is a plain list, whatever it holds.
class Loose : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Qorm::EntityListModel *orders READ orders CONSTANT)
public:
    Qorm::EntityList<Order> *orders() const { return m_orders; }

private:
    Qorm::EntityList<Order> *m_orders = new Qorm::EntityList<Order>(this, "orders");
};

// Declarations the registry refuses when it resolves them.
class Stray : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "rel_stray")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(Qorm::EntityListModel *ghosts READ ghosts CONSTANT)
    Q_CLASSINFO("qorm.relationship.ghosts", "Ghost")
    Q_PROPERTY(Qorm::EntityListModel *orders READ orders CONSTANT)
    Q_CLASSINFO("qorm.relationship.orders", "Order; backPopulates=stray")
public:
    Qorm::EntityListModel *ghosts() const { return m_ghosts; }
    Qorm::EntityListModel *orders() const { return m_orders; }

private:
    Qorm::EntityListModel *m_ghosts = new Qorm::EntityListModel(this, "ghosts");
    Qorm::EntityListModel *m_orders = new Qorm::EntityListModel(this, "orders");
};
