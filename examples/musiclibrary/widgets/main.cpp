// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// The music library in Qt Widgets: artists, their albums, an album's tracks in a table that
// sorts in the database, a form for the selected track, Save and Revert.
//
//     musiclibrary-widgets [--database FILE] [--grab PNG --report JSON]

#include "library.h"
#include "mainwindow.h"

#include <Qorm/Connection>
#include <Qorm/Registry>
#include <Qorm/Session>

#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"musiclibrary-widgets"_s);
    const MusicLibrary::Options options = MusicLibrary::parseCommandLine(app);

    Qorm::Registry registry;
    if (!MusicLibrary::mapClasses(registry))
        qFatal("Mapping the classes failed: %s", qPrintable(registry.lastError().text()));
    QTemporaryDir temporary;
    QString error;
    const QString path =
            MusicLibrary::prepareDatabase(options.database, registry, &temporary, &error);
    if (path.isEmpty())
        qFatal("No library: %s", qPrintable(error));

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = path;
    Qorm::Connection db(settings);
    if (!db.isOpen())
        qFatal("Opening %s failed: %s", qPrintable(path), qPrintable(db.lastError().text()));
    Qorm::Session session(db, registry);

    MainWindow window(&session);
    window.show();
    if (options.grab.isEmpty())
        return app.exec();

    // The screenshot: the first artist and album, rendered, then saved with the rows' places.
    window.selectFirstRows();
    int status = 0;
    QTimer::singleShot(200, &window, [&] {
        const QPixmap shot = window.grab();
        if (!shot.save(options.grab)) {
            qWarning("Saving %s failed", qPrintable(options.grab));
            status = 1;
        }
        if (!options.report.isEmpty()) {
            MusicLibrary::Report report;
            window.addVisibleRows(&report);
            if (!report.save(options.report, window.size(), &error)) {
                qWarning("%s", qPrintable(error));
                status = 1;
            }
        }
        QApplication::exit(status);
    });
    return app.exec();
}
