// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// The music library in Qt Quick: classes mapped in C++, everything else in Main.qml (a
// Database, query models, a relationship collection, a table edited in place).
//
//     musiclibrary-quick [--database FILE] [--grab PNG --report JSON]

#include "library.h"

#include <Qorm/QmlRegistry>
#include <Qorm/Registry>

#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtGui/QGuiApplication>
#include <QtGui/QImage>
#include <QtQml/QQmlApplicationEngine>
#include <QtQuick/QQuickItem>
#include <QtQuick/QQuickWindow>

#include <functional>
#include <map>

using namespace Qt::StringLiterals;

namespace {

// The delegates of the views named in Main.qml (objectName), one report row per model row:
// its cells together, the text of its first.
void addVisibleRows(const QQuickWindow *window, MusicLibrary::Report *report)
{
    for (const QString &name : { u"artists"_s, u"albums"_s, u"tracks"_s }) {
        report->addView(name);
        const auto *view = window->findChild<QQuickItem *>(name);
        const auto *content = view ? view->property("contentItem").value<QQuickItem *>() : nullptr;
        if (!content)
            continue;
        const QRectF visible = view->mapRectToScene(view->boundingRect());
        struct Row
        {
            QRectF rectangle;
            QString text;
            int column = INT_MAX;
        };
        std::map<int, Row> rows;
        for (const QQuickItem *item : content->childItems()) {
            // A delegate knows its row (index in a ListView, row in a TableView).
            QVariant row = item->property("row");
            if (!row.isValid())
                row = item->property("index");
            if (!row.isValid() || !item->isVisible())
                continue;
            const QRectF rectangle = item->mapRectToScene(item->boundingRect()) & visible;
            if (rectangle.isEmpty())
                continue;
            Row &entry = rows[row.toInt()];
            entry.rectangle |= rectangle;
            const int column = item->property("column").toInt();
            if (column < entry.column) {
                entry.column = column;
                entry.text = item->property("text").toString();
            }
        }
        for (const auto &[row, entry] : rows)
            report->addRow(name, entry.text,
                           entry.rectangle.toAlignedRect()
                                   & window->contentItem()->boundingRect().toRect());
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"musiclibrary-quick"_s);
    const MusicLibrary::Options options = MusicLibrary::parseCommandLine(app);

    Qorm::Registry registry; // outlives the engine
    if (!MusicLibrary::mapClasses(registry))
        qFatal("Mapping the classes failed: %s", qPrintable(registry.lastError().text()));
    QTemporaryDir temporary;
    QString error;
    const QString path =
            MusicLibrary::prepareDatabase(options.database, registry, &temporary, &error);
    if (path.isEmpty())
        qFatal("No library: %s", qPrintable(error));

    QQmlApplicationEngine engine;
    Qorm::setQmlRegistry(&engine, &registry);
    engine.setInitialProperties({ { u"databasePath"_s, path } });
    engine.load(QUrl(u"qrc:/MusicLibrary/Main.qml"_s));
    auto *window = engine.rootObjects().isEmpty()
            ? nullptr
            : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;
    if (options.grab.isEmpty())
        return app.exec();

    // The screenshot: the first artist and album, the first frame on screen, 200 ms more for
    // the pages that arrive asynchronously (and until none is on its way), then the window's pixels
    // and the rows' places.
    QMetaObject::invokeMethod(window, "selectFirstRows");
    int status = 0;
    std::function<void()> grab = [&] {
        if (window->property("busy").toBool()) { // tracks still on their way
            QTimer::singleShot(50, window, grab);
            return;
        }
        const QImage shot = window->grabWindow();
        if (!shot.save(options.grab)) {
            qWarning("Saving %s failed", qPrintable(options.grab));
            status = 1;
        }
        if (!options.report.isEmpty()) {
            MusicLibrary::Report report;
            addVisibleRows(window, &report);
            if (!report.save(options.report, window->size(), &error)) {
                qWarning("%s", qPrintable(error));
                status = 1;
            }
        }
        QGuiApplication::exit(status);
    };
    QMetaObject::Connection swapped;
    swapped = QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&] {
                QObject::disconnect(swapped);
                QTimer::singleShot(200, window, grab);
            },
            Qt::QueuedConnection);
    return app.exec();
}
