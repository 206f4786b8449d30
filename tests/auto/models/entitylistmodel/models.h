// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class User;

// The many side: a reference to its user, back-populating User::addresses.
class Address : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "address")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, email)
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "foreignKey=user_account.id")
    Q_PROPERTY(User *user READ user WRITE setUser NOTIFY userChanged)
    Q_CLASSINFO("qorm.relationship.user", "User; backPopulates=addresses")
public:
    explicit Address(const QString &email = {}) { m_email = email; }
    User *user() const;
    void setUser(User *user);
Q_SIGNALS:
    void userChanged();

private:
    QPointer<User> m_user;
};

// The one side: its addresses, kept in e-mail order.
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
    Q_CLASSINFO("qorm.relationship.addresses", "Address; backPopulates=user; orderBy=email")
public:
    explicit User(const QString &name = {}) { m_name = name; }
    Qorm::EntityList<Address> *addresses() const { return m_addresses; }

private:
    Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
};

class Playlist;

// The many side of an unordered collection: insert() and move() place it where asked.
class Track : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "track")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    FIELD(qint64, playlistId)
    Q_CLASSINFO("qorm.column.playlistId", "foreignKey=playlist.id")
    Q_PROPERTY(Playlist *playlist READ playlist WRITE setPlaylist NOTIFY playlistChanged)
    Q_CLASSINFO("qorm.relationship.playlist", "Playlist; backPopulates=tracks")
public:
    explicit Track(const QString &title = {}) { m_title = title; }
    Playlist *playlist() const;
    void setPlaylist(Playlist *playlist);
Q_SIGNALS:
    void playlistChanged();

private:
    QPointer<Playlist> m_playlist;
};

class Playlist : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "playlist")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_PROPERTY(Qorm::EntityListModel *tracks READ tracks CONSTANT)
    Q_CLASSINFO("qorm.relationship.tracks", "Track; backPopulates=playlist")
public:
    Qorm::EntityList<Track> *tracks() const { return m_tracks; }

private:
    Qorm::EntityList<Track> *m_tracks = new Qorm::EntityList<Track>(this, "tracks");
};

inline User *Address::user() const
{
    return m_user;
}

inline void Address::setUser(User *user)
{
    Qorm::setReference(this, m_user, user, &Address::userChanged);
}

inline Playlist *Track::playlist() const
{
    return m_playlist;
}

inline void Track::setPlaylist(Playlist *playlist)
{
    Qorm::setReference(this, m_playlist, playlist, &Track::playlistChanged);
}
