// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The Chinook sample database (https://github.com/lerocha/chinook-database, MIT), mapped onto
// the schema its own scripts create. The classes declare what does not depend on the database:
// the keys, the relationships and their options. The table and column names (PascalCase in the
// SQLite file and the MySQL script, snake_case in the PostgreSQL script), the foreign keys that
// name them and the column types come from chinook.cpp's naming function, through
// MapperOptions.
//
// A class is named like its table, a property like its column in camelCase; "id" is the
// table's <Table>Id key.

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class Album;
class Artist;
class Customer;
class Employee;
class Genre;
class Invoice;
class InvoiceLine;
class MediaType;
class Playlist;
class Track;

class Artist : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, name)
    Q_PROPERTY(Qorm::EntityListModel *albums READ albums CONSTANT)
    Q_CLASSINFO("qorm.relationship.albums", "Album; backPopulates=artist; orderBy=title")
public:
    Qorm::EntityList<Album> *albums() const { return m_albums; }

private:
    Qorm::EntityList<Album> *m_albums = new Qorm::EntityList<Album>(this, "albums");
};

class Album : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, title)
    FIELD(int, artistId)
    Q_PROPERTY(Artist *artist READ artist WRITE setArtist NOTIFY artistChanged)
    Q_CLASSINFO("qorm.relationship.artist", "Artist; backPopulates=albums")
    Q_PROPERTY(Qorm::EntityListModel *tracks READ tracks CONSTANT)
    Q_CLASSINFO("qorm.relationship.tracks", "Track; backPopulates=album")
public:
    Artist *artist() const { return m_artist; }
    void setArtist(Artist *artist)
    {
        Qorm::setReference(this, m_artist, artist, &Album::artistChanged);
    }
    Qorm::EntityList<Track> *tracks() const { return m_tracks; }
Q_SIGNALS:
    void artistChanged();

private:
    QPointer<Artist> m_artist;
    Qorm::EntityList<Track> *m_tracks = new Qorm::EntityList<Track>(this, "tracks");
};

class Genre : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, name)
};

class MediaType : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, name)
};

class Track : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, name)
    FIELD(int, albumId)
    FIELD(int, mediaTypeId)
    FIELD(int, genreId)
    FIELD(QString, composer)
    FIELD(int, milliseconds)
    FIELD(int, bytes)
    FIELD(QString, unitPrice) // NUMERIC(10,2), exact as text
    Q_PROPERTY(Album *album READ album WRITE setAlbum NOTIFY albumChanged)
    Q_CLASSINFO("qorm.relationship.album", "Album; backPopulates=tracks")
    Q_PROPERTY(Genre *genre READ genre WRITE setGenre NOTIFY genreChanged)
    Q_CLASSINFO("qorm.relationship.genre", "Genre")
    Q_PROPERTY(MediaType *mediaType READ mediaType WRITE setMediaType NOTIFY mediaTypeChanged)
    Q_CLASSINFO("qorm.relationship.mediaType", "MediaType")
    Q_PROPERTY(Qorm::EntityListModel *playlists READ playlists CONSTANT)
    Q_CLASSINFO("qorm.relationship.playlists",
                "Playlist; secondary=PlaylistTrack; backPopulates=tracks")
    Q_PROPERTY(Qorm::EntityListModel *invoiceLines READ invoiceLines CONSTANT)
    Q_CLASSINFO("qorm.relationship.invoiceLines", "InvoiceLine; backPopulates=track")
public:
    Album *album() const { return m_album; }
    void setAlbum(Album *album) { Qorm::setReference(this, m_album, album, &Track::albumChanged); }
    Genre *genre() const { return m_genre; }
    void setGenre(Genre *genre) { Qorm::setReference(this, m_genre, genre, &Track::genreChanged); }
    MediaType *mediaType() const { return m_mediaType; }
    void setMediaType(MediaType *mediaType)
    {
        Qorm::setReference(this, m_mediaType, mediaType, &Track::mediaTypeChanged);
    }
    Qorm::EntityList<Playlist> *playlists() const { return m_playlists; }
    Qorm::EntityList<InvoiceLine> *invoiceLines() const { return m_invoiceLines; }
Q_SIGNALS:
    void albumChanged();
    void genreChanged();
    void mediaTypeChanged();

private:
    QPointer<Album> m_album;
    QPointer<Genre> m_genre;
    QPointer<MediaType> m_mediaType;
    Qorm::EntityList<Playlist> *m_playlists = new Qorm::EntityList<Playlist>(this, "playlists");
    Qorm::EntityList<InvoiceLine> *m_invoiceLines =
            new Qorm::EntityList<InvoiceLine>(this, "invoiceLines");
};

// Many-to-many with Track through the PlaylistTrack table (a Core table, see chinook.cpp).
class Playlist : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, name)
    Q_PROPERTY(Qorm::EntityListModel *tracks READ tracks CONSTANT)
    Q_CLASSINFO("qorm.relationship.tracks",
                "Track; secondary=PlaylistTrack; backPopulates=playlists")
public:
    Qorm::EntityList<Track> *tracks() const { return m_tracks; }

private:
    Qorm::EntityList<Track> *m_tracks = new Qorm::EntityList<Track>(this, "tracks");
};

// An adjacency list (ReportsTo), and the customers an employee supports.
class Employee : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, lastName)
    FIELD(QString, firstName)
    FIELD(QString, title)
    FIELD(int, reportsTo)
    FIELD(QDate, birthDate)
    FIELD(QDate, hireDate)
    FIELD(QString, address)
    FIELD(QString, city)
    FIELD(QString, state)
    FIELD(QString, country)
    FIELD(QString, postalCode)
    FIELD(QString, phone)
    FIELD(QString, fax)
    FIELD(QString, email)
    Q_PROPERTY(Employee *manager READ manager WRITE setManager NOTIFY managerChanged)
    Q_CLASSINFO("qorm.relationship.manager",
                "Employee; foreignKey=reportsTo; backPopulates=reports")
    Q_PROPERTY(Qorm::EntityListModel *reports READ reports CONSTANT)
    Q_CLASSINFO("qorm.relationship.reports",
                "Employee; foreignKey=reportsTo; backPopulates=manager")
    Q_PROPERTY(Qorm::EntityListModel *customers READ customers CONSTANT)
    Q_CLASSINFO("qorm.relationship.customers", "Customer; backPopulates=supportRep")
public:
    Employee *manager() const { return m_manager; }
    void setManager(Employee *manager)
    {
        Qorm::setReference(this, m_manager, manager, &Employee::managerChanged);
    }
    Qorm::EntityList<Employee> *reports() const { return m_reports; }
    Qorm::EntityList<Customer> *customers() const { return m_customers; }
Q_SIGNALS:
    void managerChanged();

private:
    QPointer<Employee> m_manager;
    Qorm::EntityList<Employee> *m_reports = new Qorm::EntityList<Employee>(this, "reports");
    Qorm::EntityList<Customer> *m_customers = new Qorm::EntityList<Customer>(this, "customers");
};

class Customer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(QString, firstName)
    FIELD(QString, lastName)
    FIELD(QString, company)
    FIELD(QString, address)
    FIELD(QString, city)
    FIELD(QString, state)
    FIELD(QString, country)
    FIELD(QString, postalCode)
    FIELD(QString, phone)
    FIELD(QString, fax)
    FIELD(QString, email)
    FIELD(int, supportRepId)
    Q_PROPERTY(Employee *supportRep READ supportRep WRITE setSupportRep NOTIFY supportRepChanged)
    Q_CLASSINFO("qorm.relationship.supportRep", "Employee; backPopulates=customers")
    Q_PROPERTY(Qorm::EntityListModel *invoices READ invoices CONSTANT)
    Q_CLASSINFO("qorm.relationship.invoices", "Invoice; backPopulates=customer")
public:
    Employee *supportRep() const { return m_supportRep; }
    void setSupportRep(Employee *employee)
    {
        Qorm::setReference(this, m_supportRep, employee, &Customer::supportRepChanged);
    }
    Qorm::EntityList<Invoice> *invoices() const { return m_invoices; }
Q_SIGNALS:
    void supportRepChanged();

private:
    QPointer<Employee> m_supportRep;
    Qorm::EntityList<Invoice> *m_invoices = new Qorm::EntityList<Invoice>(this, "invoices");
};

class Invoice : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(int, customerId)
    FIELD(QDateTime, invoiceDate)
    FIELD(QString, billingAddress)
    FIELD(QString, billingCity)
    FIELD(QString, billingState)
    FIELD(QString, billingCountry)
    FIELD(QString, billingPostalCode)
    FIELD(QString, total) // NUMERIC(10,2), exact as text
    Q_PROPERTY(Customer *customer READ customer WRITE setCustomer NOTIFY customerChanged)
    Q_CLASSINFO("qorm.relationship.customer", "Customer; backPopulates=invoices")
    Q_PROPERTY(Qorm::EntityListModel *lines READ lines CONSTANT)
    Q_CLASSINFO("qorm.relationship.lines",
                "InvoiceLine; backPopulates=invoice; cascade=all,delete-orphan")
public:
    Customer *customer() const { return m_customer; }
    void setCustomer(Customer *customer)
    {
        Qorm::setReference(this, m_customer, customer, &Invoice::customerChanged);
    }
    Qorm::EntityList<InvoiceLine> *lines() const { return m_lines; }
Q_SIGNALS:
    void customerChanged();

private:
    QPointer<Customer> m_customer;
    Qorm::EntityList<InvoiceLine> *m_lines = new Qorm::EntityList<InvoiceLine>(this, "lines");
};

class InvoiceLine : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.primaryKey", "id")
    FIELD(int, id)
    FIELD(int, invoiceId)
    FIELD(int, trackId)
    FIELD(QString, unitPrice) // NUMERIC(10,2), exact as text
    FIELD(int, quantity)
    Q_PROPERTY(Invoice *invoice READ invoice WRITE setInvoice NOTIFY invoiceChanged)
    Q_CLASSINFO("qorm.relationship.invoice", "Invoice; backPopulates=lines")
    Q_PROPERTY(Track *track READ track WRITE setTrack NOTIFY trackChanged)
    Q_CLASSINFO("qorm.relationship.track", "Track; backPopulates=invoiceLines")
public:
    Invoice *invoice() const { return m_invoice; }
    void setInvoice(Invoice *invoice)
    {
        Qorm::setReference(this, m_invoice, invoice, &InvoiceLine::invoiceChanged);
    }
    Track *track() const { return m_track; }
    void setTrack(Track *track)
    {
        Qorm::setReference(this, m_track, track, &InvoiceLine::trackChanged);
    }
Q_SIGNALS:
    void invoiceChanged();
    void trackChanged();

private:
    QPointer<Invoice> m_invoice;
    QPointer<Track> m_track;
};
