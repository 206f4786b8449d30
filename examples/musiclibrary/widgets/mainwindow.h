// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtWidgets/QMainWindow>

class QAbstractItemView;
class QDataWidgetMapper;
class QListView;
class QPushButton;
class QTableView;

namespace Qorm {
class QueryModel;
class Session;
class TableAdapter;
} // namespace Qorm

namespace MusicLibrary {
class Report;
}

// Artists, the selected artist's albums, the selected album's tracks and a form for the
// selected track, all over one session.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Qorm::Session *session, QWidget *parent = nullptr);

    // Selects the first artist that has albums, its first album and that album's first track.
    void selectFirstRows();
    // Every visible row of the three views, in window coordinates.
    void addVisibleRows(MusicLibrary::Report *report) const;

private:
    void showAlbumsOf(int artistRow);
    void showTracksOf(int albumRow);
    void addVisibleRows(MusicLibrary::Report *report, const QString &name,
                        const QAbstractItemView *view) const;

    Qorm::Session *m_session;
    Qorm::QueryModel *m_artists;
    Qorm::QueryModel *m_tracks;
    Qorm::TableAdapter *m_trackTable;
    QListView *m_artistView;
    QListView *m_albumView;
    QTableView *m_trackView;
    QDataWidgetMapper *m_mapper;
    QPushButton *m_save;
    QPushButton *m_revert;
};
