// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// Records with songs, for the tests of tables and views over query models and relationship
// collections (tests/auto/models/tablequery, tests/auto/widgets).

#include <Qorm/EntityListModel>
#include <Qorm/orm/reference.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <testfield.h>

class Record;

class Song : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "song")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "length=100")
    Q_CLASSINFO("qorm.label.title", "Title")
    FIELD(int, seconds)
    Q_CLASSINFO("qorm.label.seconds", "Length (s)")
    FIELD(qint64, recordId)
    Q_CLASSINFO("qorm.column.recordId", "column=record_id; foreignKey=record.id; nullable")
    Q_PROPERTY(Record *record READ record WRITE setRecord NOTIFY recordChanged)
    Q_CLASSINFO("qorm.relationship.record", "Record; backPopulates=songs")
public:
    Record *record() const { return m_record; }
    void setRecord(Record *record)
    {
        Qorm::setReference(this, m_record, record, &Song::recordChanged);
    }
Q_SIGNALS:
    void recordChanged();

private:
    QPointer<Record> m_record;
};

class Record : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "record")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=100")
    Q_PROPERTY(Qorm::EntityListModel *songs READ songs CONSTANT)
    Q_CLASSINFO("qorm.relationship.songs", "Song; backPopulates=record; cascade=all")
public:
    Qorm::EntityList<Song> *songs() const { return m_songs; }

private:
    Qorm::EntityList<Song> *m_songs = new Qorm::EntityList<Song>(this, "songs");
};
