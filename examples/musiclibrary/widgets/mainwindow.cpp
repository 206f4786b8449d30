// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "library.h"
#include "models.h"

#include <Qorm/EntitySelect>
#include <Qorm/QueryModel>
#include <Qorm/Session>
#include <Qorm/TableAdapter>

#include <QtWidgets/QDataWidgetMapper>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(Qorm::Session *session, QWidget *parent)
    : QMainWindow(parent),
      m_session(session),
      m_artists(new Qorm::QueryModel(
              session, Qorm::select<Artist>().orderBy({ Qorm::attribute<Artist>(u"name"_s) }),
              this)),
      m_tracks(new Qorm::QueryModel(this)),
      m_trackTable(new Qorm::TableAdapter(this)),
      m_artistView(new QListView),
      m_albumView(new QListView),
      m_trackView(new QTableView),
      m_mapper(new QDataWidgetMapper(this)),
      m_save(new QPushButton(tr("&Save"))),
      m_revert(new QPushButton(tr("&Revert")))
{
    setWindowTitle(tr("Music Library"));

    m_artistView->setModel(m_artists);
    connect(m_artistView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showAlbumsOf(current.row()); });

    // The tracks of the selected album, paged from the database; a header click sorts there.
    m_tracks->setSession(session);
    m_trackTable->setSourceModel(m_tracks);
    m_trackTable->setColumns({ u"name"_s, u"composer"_s, u"milliseconds"_s, u"unitPrice"_s });
    m_trackView->setModel(m_trackTable);
    m_trackView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trackView->setAlternatingRowColors(true);
    m_trackView->verticalHeader()->hide();
    m_trackView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_trackView->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    // No sort until a header is clicked: the album's own order (by track id) first.
    m_trackView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_trackView->setSortingEnabled(true);

    // The form edits the selected track through the same table.
    auto *name = new QLineEdit;
    auto *composer = new QLineEdit;
    auto *milliseconds = new QSpinBox;
    milliseconds->setRange(0, 100'000'000);
    milliseconds->setSuffix(u" ms"_s);
    auto *price = new QLineEdit;
    m_mapper->setModel(m_trackTable);
    m_mapper->addMapping(name, m_trackTable->column(u"name"_s));
    m_mapper->addMapping(composer, m_trackTable->column(u"composer"_s));
    m_mapper->addMapping(milliseconds, m_trackTable->column(u"milliseconds"_s));
    m_mapper->addMapping(price, m_trackTable->column(u"unitPrice"_s));
    connect(m_trackView->selectionModel(), &QItemSelectionModel::currentRowChanged, m_mapper,
            &QDataWidgetMapper::setCurrentModelIndex);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), name);
    form->addRow(tr("&Composer:"), composer);
    form->addRow(tr("&Length:"), milliseconds);
    form->addRow(tr("&Price:"), price);
    auto *buttons = new QDialogButtonBox;
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_revert, QDialogButtonBox::ResetRole);
    form->addRow(buttons);

    // Save and Revert are there while the session holds changes.
    const auto followChanges = [this] {
        m_save->setEnabled(m_session->hasChanges());
        m_revert->setEnabled(m_session->hasChanges());
    };
    followChanges();
    connect(session, &Qorm::Session::hasChangesChanged, this, followChanges);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (m_session->commit())
            statusBar()->showMessage(tr("Saved"), 3000);
    });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        if (m_session->rollback())
            m_mapper->revert(); // the objects are as the database has them; the form follows
    });
    connect(session, &Qorm::Session::errorOccurred, this,
            [this](const Qorm::Error &error) { statusBar()->showMessage(error.text()); });

    auto *tracksPane = new QWidget;
    auto *tracksLayout = new QVBoxLayout(tracksPane);
    tracksLayout->setContentsMargins(0, 0, 0, 0);
    tracksLayout->addWidget(m_trackView, 1);
    tracksLayout->addLayout(form);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_artistView);
    splitter->addWidget(m_albumView);
    splitter->addWidget(tracksPane);
    splitter->setStretchFactor(2, 1);
    splitter->setSizes({ 220, 220, 560 });
    setCentralWidget(splitter);
    statusBar()->showMessage(tr("Ready"));
    resize(1000, 640);
}

void MainWindow::showAlbumsOf(int artistRow)
{
    Artist *artist = m_artists->at<Artist>(artistRow);
    QItemSelectionModel *previous = m_albumView->selectionModel();
    m_albumView->setModel(artist ? artist->albums() : nullptr);
    delete previous; // setModel() made a new one
    if (m_albumView->selectionModel()) {
        connect(m_albumView->selectionModel(), &QItemSelectionModel::currentChanged, this,
                [this](const QModelIndex &current) { showTracksOf(current.row()); });
    }
    showTracksOf(-1);
}

void MainWindow::showTracksOf(int albumRow)
{
    const auto *albums = qobject_cast<Qorm::EntityListModel *>(m_albumView->model());
    auto *album = albums ? qobject_cast<Album *>(albums->get(albumRow)) : nullptr;
    // Nothing selected: no track (the key is never 0).
    m_tracks->setSelect(Qorm::select<Track>().where(Qorm::attribute<Track>(u"albumId"_s)
                                                    == (album ? album->id() : 0)));
}

void MainWindow::selectFirstRows()
{
    if (m_artists->rowCount() == 0)
        m_artists->fetchMore();
    // The first artist with an album (Chinook's first, "A Cor Do Som", has none).
    int artist = 0;
    while (artist < m_artists->rowCount() - 1
           && m_artists->at<Artist>(artist)->albums()->rowCount() == 0)
        ++artist;
    m_artistView->setCurrentIndex(m_artists->index(artist));
    if (m_albumView->model())
        m_albumView->setCurrentIndex(m_albumView->model()->index(0, 0));
    if (m_tracks->rowCount() == 0)
        m_tracks->fetchMore();
    m_trackView->setCurrentIndex(m_trackTable->index(0, 0));
}

void MainWindow::addVisibleRows(MusicLibrary::Report *report) const
{
    addVisibleRows(report, u"artists"_s, m_artistView);
    addVisibleRows(report, u"albums"_s, m_albumView);
    addVisibleRows(report, u"tracks"_s, m_trackView);
}

void MainWindow::addVisibleRows(MusicLibrary::Report *report, const QString &name,
                                const QAbstractItemView *view) const
{
    const QAbstractItemModel *model = view->model();
    report->addView(name);
    if (!model)
        return;
    const QWidget *viewport = view->viewport();
    const QRect visible = viewport->rect();
    for (int row = 0; row < model->rowCount(); ++row) {
        // A table row is its cells together; its text is the first column's.
        QRect rectangle;
        for (int column = 0; column < model->columnCount(); ++column)
            rectangle |= view->visualRect(model->index(row, column));
        rectangle &= visible;
        if (rectangle.isEmpty())
            continue;
        const QPoint topLeft = viewport->mapTo(this, rectangle.topLeft());
        report->addRow(name, model->index(row, 0).data().toString(),
                       QRect(topLeft, rectangle.size()));
    }
}
