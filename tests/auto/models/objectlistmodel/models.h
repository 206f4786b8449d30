// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/models/objectlistmodel.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

// A plain (unmapped) class: ObjectListModel needs only its properties.
class Song : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.display", "title")
    FIELD(int, number)
    FIELD(QString, title)
    Q_PROPERTY(int length READ length CONSTANT)
public:
    explicit Song(const QString &title = {}, int number = 0)
    {
        m_title = title;
        m_number = number;
    }
    int length() const { return 180; }
};

// The smallest ObjectListModel: a list of songs, changed only through its own functions.
class SongList : public Qorm::ObjectListModel
{
    Q_OBJECT
public:
    using ObjectListModel::ObjectListModel;
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_songs.size());
    }
    void append(Song *song)
    {
        beginInsertRows({}, rowCount(), rowCount());
        m_songs.append(song);
        endInsertRows();
        Q_EMIT countChanged();
    }
    void removeAt(int row)
    {
        forgetObjects({ m_songs.at(row).data() });
        beginRemoveRows({}, row, row);
        m_songs.removeAt(row);
        endRemoveRows();
        Q_EMIT countChanged();
    }
    void reset(const QList<Song *> &songs)
    {
        forgetAll();
        beginResetModel();
        m_songs.clear();
        for (Song *song : songs)
            m_songs.append(song);
        endResetModel();
        Q_EMIT countChanged();
    }

protected:
    QObject *objectAt(int row) const override { return m_songs.value(row).data(); }
    int rowOfObject(const QObject *object) const override
    {
        for (qsizetype i = 0; i < m_songs.size(); ++i) {
            if (m_songs.at(i) == object)
                return int(i);
        }
        return -1;
    }
    const QMetaObject *itemClass() const override { return &Song::staticMetaObject; }

private:
    QList<QPointer<Song>> m_songs;
};
