// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The classes the Quick Test suites use: an artist and its albums. They are mapped in C++
// (tst_qml.cpp); QML reaches them through a Database's session. They are QML types of the
// test's own module (import QormTest), as an application registers its classes, so that
// qmllint knows their properties (`session.create("Artist", {}) as Artist`).

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QDir>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTemporaryDir>
#include <QtQml/qqmlregistration.h>

#include <testfield.h>

class Artist;

class Album : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Albums come from Session.create()")
    Q_CLASSINFO("qorm.table", "qml_album")
    FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=100")
    FIELD(int, year)
    FIELD(int, artistId)
    Q_CLASSINFO("qorm.column.artistId", "column=artist_id; foreignKey=qml_artist.id; nullable")
    Q_PROPERTY(Artist *artist READ artist WRITE setArtist NOTIFY artistChanged)
    Q_CLASSINFO("qorm.relationship.artist", "Artist; backPopulates=albums")
    Q_CLASSINFO("qorm.display", "title")
public:
    Artist *artist() const;
    void setArtist(Artist *artist);
Q_SIGNALS:
    void artistChanged();

private:
    QPointer<Artist> m_artist;
};

class Artist : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Artists come from Session.create()")
    Q_CLASSINFO("qorm.table", "qml_artist")
    FIELD(int, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=100")
    Q_PROPERTY(Qorm::EntityListModel *albums READ albums CONSTANT)
    Q_CLASSINFO("qorm.relationship.albums",
                "Album; backPopulates=artist; orderBy=title; cascade=all,delete-orphan")
public:
    Qorm::EntityList<Album> *albums() const { return m_albums; }

private:
    Qorm::EntityList<Album> *m_albums = new Qorm::EntityList<Album>(this, "albums");
};

inline Artist *Album::artist() const
{
    return m_artist;
}
inline void Album::setArtist(Artist *artist)
{
    Qorm::setReference(this, m_artist, artist, &Album::artistChanged);
}

// Files for the suites that need a database file (a worker thread cannot open ":memory:").
class TestFiles : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    // A path in a directory removed when the test ends.
    Q_INVOKABLE QString temporaryFile(const QString &name) const
    {
        static QTemporaryDir directory;
        return QDir(directory.path()).filePath(name);
    }
};
