// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// What both music library apps share: the mapping, the sample library, the command line and the
// screenshot report.

#include <QtCore/QJsonArray>
#include <QtCore/QRect>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>

class QCoreApplication;
class QTemporaryDir;

namespace Qorm {
class Connection;
class Registry;
} // namespace Qorm

namespace MusicLibrary {

// The sample's size: what sampledata.cpp writes, always the same rows (a fixed seed).
inline constexpr int SampleArtists = 40;
inline constexpr int SampleAlbums = 120;
inline constexpr int SampleTracks = 1500;

// Maps Artist, Album, Track, Genre and MediaType. False with registry.lastError() on failure.
[[nodiscard]] bool mapClasses(Qorm::Registry &registry);

// Creates the tables in `db` and writes the sample library into them.
[[nodiscard]] bool writeSample(Qorm::Connection &db, const Qorm::Registry &registry,
                               QString *error);

// `[--database FILE] [--grab PNG --report JSON]`.
struct Options
{
    QString database; // empty: a new sample in a temporary directory
    QString grab;     // a PNG to save, then quit
    QString report;   // the JSON report of the visible rows, with grab
};
[[nodiscard]] Options parseCommandLine(const QCoreApplication &app);

// The SQLite file the app opens: `requested` when it exists; else a new sample library,
// written at `requested` or, when that is empty, in `temporary`. Empty with `error` on failure.
[[nodiscard]] QString prepareDatabase(const QString &requested, const Qorm::Registry &registry,
                                      QTemporaryDir *temporary, QString *error);

// The rows the screenshot test checks: each visible row of each view, its text and its
// rectangle in window coordinates.
class Report
{
public:
    // A view, listed even when it shows no row.
    void addView(const QString &view);
    void addRow(const QString &view, const QString &text, const QRect &rectangle);
    [[nodiscard]] bool save(const QString &path, const QSize &windowSize, QString *error) const;

private:
    QStringList m_views;
    QList<QJsonArray> m_rows;
};

} // namespace MusicLibrary
