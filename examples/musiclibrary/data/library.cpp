// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "library.h"

#include "models.h"

#include <Qorm/Connection>
#include <Qorm/Registry>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>

using namespace Qt::StringLiterals;

namespace MusicLibrary {

bool mapClasses(Qorm::Registry &registry)
{
    return registry.map<Artist>() && registry.map<Album>() && registry.map<Genre>()
            && registry.map<MediaType>() && registry.map<Track>();
}

Options parseCommandLine(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A music library on Qorm: artists, albums and tracks."_s);
    parser.addHelpOption();
    const QCommandLineOption database(
            u"database"_s,
            u"The SQLite file to open (a Chinook file works); a new sample library when it "
            u"does not exist."_s,
            u"FILE"_s);
    const QCommandLineOption grab(
            u"grab"_s, u"Select the first artist and album, save a screenshot, quit."_s, u"PNG"_s);
    const QCommandLineOption report(u"report"_s, u"With --grab: the visible rows, as JSON."_s,
                                    u"JSON"_s);
    parser.addOptions({ database, grab, report });
    parser.process(app);
    return { parser.value(database), parser.value(grab), parser.value(report) };
}

QString prepareDatabase(const QString &requested, const Qorm::Registry &registry,
                        QTemporaryDir *temporary, QString *error)
{
    if (!requested.isEmpty() && QFileInfo::exists(requested))
        return QFileInfo(requested).absoluteFilePath();
    QString path = requested;
    if (path.isEmpty()) {
        if (!temporary->isValid()) {
            *error = u"No temporary directory: "_s + temporary->errorString();
            return {};
        }
        path = temporary->filePath(u"musiclibrary.sqlite"_s);
    }
    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = path;
    Qorm::Connection db(settings);
    if (!db.isOpen()) {
        *error = db.lastError().text();
        return {};
    }
    if (!writeSample(db, registry, error))
        return {};
    return QFileInfo(path).absoluteFilePath();
}

void Report::addView(const QString &view)
{
    if (!m_views.contains(view)) {
        m_views.append(view);
        m_rows.append(QJsonArray());
    }
}

void Report::addRow(const QString &view, const QString &text, const QRect &rectangle)
{
    addView(view);
    const qsizetype at = m_views.indexOf(view);
    m_rows[at].append(QJsonObject{ { u"text"_s, text },
                                   { u"rect"_s,
                                     QJsonArray{ rectangle.x(), rectangle.y(), rectangle.width(),
                                                 rectangle.height() } } });
}

bool Report::save(const QString &path, const QSize &windowSize, QString *error) const
{
    QJsonObject views;
    for (qsizetype i = 0; i < m_views.size(); ++i)
        views.insert(m_views.at(i), m_rows.at(i));
    const QJsonObject root{ { u"window"_s,
                              QJsonObject{ { u"width"_s, windowSize.width() },
                                           { u"height"_s, windowSize.height() } } },
                            { u"views"_s, views } };
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QJsonDocument(root).toJson()) < 0) {
        *error = path + u": "_s + file.errorString();
        return false;
    }
    return true;
}

} // namespace MusicLibrary
