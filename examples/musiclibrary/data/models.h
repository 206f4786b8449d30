// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The music library's classes, mapped onto the Chinook sample database's own tables and
// columns (https://github.com/lerocha/chinook-database), so the same classes open a real
// Chinook SQLite file as well as the library sampledata.cpp writes.

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

// A column property in one line: MEMBER storage, a NOTIFY signal, a getter.
#define MUSICLIBRARY_FIELD(Type, name) \
  Q_PROPERTY(Type name MEMBER m_##name NOTIFY name##Changed) \
  public: \
  Type name() const \
  { \
    return m_##name; \
  } \
  Q_SIGNALS: \
  void name##Changed(); \
\
  private: \
  Type m_##name{};

class Album;
class Artist;
class Genre;
class MediaType;
class Track;

class Artist : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "Artist")
    MUSICLIBRARY_FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "column=ArtistId; primaryKey")
    MUSICLIBRARY_FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "column=Name; length=120")
    Q_PROPERTY(Qorm::EntityListModel *albums READ albums CONSTANT)
    Q_CLASSINFO("qorm.relationship.albums", "Album; backPopulates=artist; orderBy=title")
public:
    explicit Artist(QObject *parent = nullptr) : QObject(parent) { }
    Qorm::EntityList<Album> *albums() const { return m_albums; }

private:
    Qorm::EntityList<Album> *m_albums = new Qorm::EntityList<Album>(this, "albums");
};

class Album : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "Album")
    Q_CLASSINFO("qorm.display", "title")
    MUSICLIBRARY_FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "column=AlbumId; primaryKey")
    MUSICLIBRARY_FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "column=Title; length=160; notNull")
    MUSICLIBRARY_FIELD(int, artistId)
    Q_CLASSINFO("qorm.column.artistId", "column=ArtistId; foreignKey=Artist.ArtistId; notNull")
    Q_PROPERTY(Artist *artist READ artist WRITE setArtist NOTIFY artistChanged)
    Q_CLASSINFO("qorm.relationship.artist", "Artist; backPopulates=albums")
public:
    explicit Album(QObject *parent = nullptr) : QObject(parent) { }
    Artist *artist() const { return m_artist; }
    void setArtist(Artist *artist)
    {
        Qorm::setReference(this, m_artist, artist, &Album::artistChanged);
    }
Q_SIGNALS:
    void artistChanged();

private:
    QPointer<Artist> m_artist;
};

class Genre : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "Genre")
    MUSICLIBRARY_FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "column=GenreId; primaryKey")
    MUSICLIBRARY_FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "column=Name; length=120")
public:
    explicit Genre(QObject *parent = nullptr) : QObject(parent) { }
};

class MediaType : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "MediaType")
    MUSICLIBRARY_FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "column=MediaTypeId; primaryKey")
    MUSICLIBRARY_FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "column=Name; length=120")
public:
    explicit MediaType(QObject *parent = nullptr) : QObject(parent) { }
};

class Track : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "Track")
    Q_CLASSINFO("qorm.display", "name")
    MUSICLIBRARY_FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "column=TrackId; primaryKey")
    MUSICLIBRARY_FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "column=Name; length=200; notNull")
    Q_CLASSINFO("qorm.label.name", "Title")
    MUSICLIBRARY_FIELD(int, albumId)
    Q_CLASSINFO("qorm.column.albumId", "column=AlbumId; foreignKey=Album.AlbumId; index")
    MUSICLIBRARY_FIELD(int, mediaTypeId)
    Q_CLASSINFO("qorm.column.mediaTypeId",
                "column=MediaTypeId; foreignKey=MediaType.MediaTypeId; notNull")
    MUSICLIBRARY_FIELD(int, genreId)
    Q_CLASSINFO("qorm.column.genreId", "column=GenreId; foreignKey=Genre.GenreId")
    MUSICLIBRARY_FIELD(QString, composer)
    Q_CLASSINFO("qorm.column.composer", "column=Composer; length=220")
    Q_CLASSINFO("qorm.label.composer", "Composer")
    MUSICLIBRARY_FIELD(int, milliseconds)
    Q_CLASSINFO("qorm.column.milliseconds", "column=Milliseconds; notNull")
    Q_CLASSINFO("qorm.label.milliseconds", "Length (ms)")
    MUSICLIBRARY_FIELD(int, bytes)
    Q_CLASSINFO("qorm.column.bytes", "column=Bytes")
    // NUMERIC(10,2): kept as its exact text ("0.99").
    MUSICLIBRARY_FIELD(QString, unitPrice)
    Q_CLASSINFO("qorm.column.unitPrice", "column=UnitPrice; type=numeric(10, 2); notNull")
    Q_CLASSINFO("qorm.label.unitPrice", "Price")
    Q_PROPERTY(Album *album READ album WRITE setAlbum NOTIFY albumChanged)
    Q_CLASSINFO("qorm.relationship.album", "Album")
    Q_PROPERTY(Genre *genre READ genre WRITE setGenre NOTIFY genreChanged)
    Q_CLASSINFO("qorm.relationship.genre", "Genre")
    Q_PROPERTY(MediaType *mediaType READ mediaType WRITE setMediaType NOTIFY mediaTypeChanged)
    Q_CLASSINFO("qorm.relationship.mediaType", "MediaType")
public:
    explicit Track(QObject *parent = nullptr) : QObject(parent) { }
    Album *album() const { return m_album; }
    void setAlbum(Album *album) { Qorm::setReference(this, m_album, album, &Track::albumChanged); }
    Genre *genre() const { return m_genre; }
    void setGenre(Genre *genre) { Qorm::setReference(this, m_genre, genre, &Track::genreChanged); }
    MediaType *mediaType() const { return m_mediaType; }
    void setMediaType(MediaType *mediaType)
    {
        Qorm::setReference(this, m_mediaType, mediaType, &Track::mediaTypeChanged);
    }
Q_SIGNALS:
    void albumChanged();
    void genreChanged();
    void mediaTypeChanged();

private:
    QPointer<Album> m_album;
    QPointer<Genre> m_genre;
    QPointer<MediaType> m_mediaType;
};
