// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// The sample library: made-up artists, albums and tracks, the same on every run (the random
// generator has a fixed seed and is only ever asked in the same order).

#include "library.h"
#include "models.h"

#include <Qorm/Connection>
#include <Qorm/Registry>
#include <Qorm/Session>

#include <QtCore/QRandomGenerator>

using namespace Qt::StringLiterals;

namespace MusicLibrary {

namespace {

constexpr quint32 Seed = 1979;

const QStringList firstWords = {
    u"Amber"_s, u"Blue"_s,     u"Copper"_s, u"Crimson"_s, u"Electric"_s, u"Falling"_s,
    u"Glass"_s, u"Golden"_s,   u"Hollow"_s, u"Iron"_s,    u"Lunar"_s,    u"Midnight"_s,
    u"Neon"_s,  u"Northern"_s, u"Paper"_s,  u"Quiet"_s,   u"Silver"_s,   u"Velvet"_s,
};
const QStringList secondWords = {
    u"Anchors"_s,  u"Bells"_s,    u"Cartographers"_s, u"Circuits"_s, u"Foxes"_s,    u"Harbors"_s,
    u"Lanterns"_s, u"Orchards"_s, u"Pilots"_s,        u"Rivers"_s,   u"Sparrows"_s, u"Tides"_s,
};
const QStringList titleWords = {
    u"Afterglow"_s, u"Avenue"_s,    u"Blossom"_s,   u"Cathedral"_s, u"Daybreak"_s, u"Echoes"_s,
    u"Embers"_s,    u"Fireworks"_s, u"Gravity"_s,   u"Harvest"_s,   u"Horizon"_s,  u"Lullaby"_s,
    u"Meadow"_s,    u"Mirrors"_s,   u"Monsoon"_s,   u"Nightfall"_s, u"Orbit"_s,    u"Parade"_s,
    u"Postcards"_s, u"Rainfall"_s,  u"Satellite"_s, u"Shoreline"_s, u"Signals"_s,  u"Skyline"_s,
    u"Starlight"_s, u"Static"_s,    u"Summer"_s,    u"Thunder"_s,   u"Undertow"_s, u"Wildfire"_s,
};
const QStringList titleAdjectives = {
    u"Bright"_s, u"Broken"_s, u"Distant"_s, u"Endless"_s, u"Fading"_s, u"Gentle"_s, u"Hidden"_s,
    u"Last"_s,   u"Little"_s, u"Lost"_s,    u"Secret"_s,  u"Slow"_s,   u"Sudden"_s, u"Warm"_s,
};
const QStringList givenNames = { u"Ada"_s,   u"Ben"_s,   u"Clara"_s, u"Dev"_s,  u"Elena"_s,
                                 u"Farid"_s, u"Grace"_s, u"Hugo"_s,  u"Ines"_s, u"Jonas"_s,
                                 u"Kiri"_s,  u"Luca"_s,  u"Mara"_s,  u"Noor"_s, u"Omar"_s };
const QStringList familyNames = { u"Abbott"_s,   u"Brandt"_s,    u"Castillo"_s, u"Dubois"_s,
                                  u"Eriksen"_s,  u"Fontaine"_s,  u"Haddad"_s,   u"Ito"_s,
                                  u"Kowalski"_s, u"Lindqvist"_s, u"Moreau"_s,   u"Okafor"_s };
const QStringList genreNames = { u"Rock"_s, u"Jazz"_s,        u"Blues"_s, u"Pop"_s,
                                 u"Folk"_s, u"Electronica"_s, u"Soul"_s,  u"Classical"_s };
const QStringList mediaTypeNames = { u"MPEG audio file"_s, u"AAC audio file"_s,
                                     u"Protected AAC audio file"_s };

// `total` items over `bins` bins, each with at least `minimum`, the rest at random.
QList<int> distribute(QRandomGenerator &random, int total, int bins, int minimum)
{
    QList<int> counts(bins, minimum);
    for (int rest = total - bins * minimum; rest > 0; --rest)
        ++counts[random.bounded(bins)];
    return counts;
}

QString pick(QRandomGenerator &random, const QStringList &words)
{
    return words.at(random.bounded(int(words.size())));
}

} // namespace

bool writeSample(Qorm::Connection &db, const Qorm::Registry &registry, QString *error)
{
    if (!registry.metadata().createAll(db)) {
        *error = db.lastError().text();
        return false;
    }
    QRandomGenerator random(Seed);
    Qorm::Session session(db, registry);
    QList<QObject *> objects;

    for (int i = 0; i < genreNames.size(); ++i) {
        auto *genre = new Genre;
        genre->setProperty("id", i + 1);
        genre->setProperty("name", genreNames.at(i));
        objects.append(genre);
    }
    for (int i = 0; i < mediaTypeNames.size(); ++i) {
        auto *mediaType = new MediaType;
        mediaType->setProperty("id", i + 1);
        mediaType->setProperty("name", mediaTypeNames.at(i));
        objects.append(mediaType);
    }

    // Artists: distinct word pairs, in a shuffled order (so ids do not follow the names).
    QStringList artistNames;
    for (const QString &first : firstWords) {
        for (const QString &second : secondWords)
            artistNames.append(u"The %1 %2"_s.arg(first, second));
    }
    // Fisher-Yates by hand: std::shuffle's draws differ between standard libraries.
    for (qsizetype i = artistNames.size() - 1; i > 0; --i)
        artistNames.swapItemsAt(i, random.bounded(int(i) + 1));
    artistNames.resize(SampleArtists);
    // Some without "The", so that the sorted list does not start with one word only.
    for (int i = 0; i < SampleArtists; i += 3)
        artistNames[i] = artistNames.at(i).mid(4);
    for (int i = 0; i < SampleArtists; ++i) {
        auto *artist = new Artist;
        artist->setProperty("id", i + 1);
        artist->setProperty("name", artistNames.at(i));
        objects.append(artist);
    }

    const QList<int> albumsPerArtist = distribute(random, SampleAlbums, SampleArtists, 1);
    const QList<int> tracksPerAlbum = distribute(random, SampleTracks, SampleAlbums, 8);
    int albumId = 0;
    int trackId = 0;
    for (int artist = 0; artist < SampleArtists; ++artist) {
        for (int a = 0; a < albumsPerArtist.at(artist); ++a) {
            auto *album = new Album;
            album->setProperty("id", ++albumId);
            // One call per statement: the order of the generator's draws is fixed.
            QString title;
            if (random.bounded(2))
                title = pick(random, titleAdjectives) + u' ';
            title += pick(random, titleWords);
            album->setProperty("title", title);
            album->setProperty("artistId", artist + 1);
            objects.append(album);
            const int genreId = random.bounded(int(genreNames.size())) + 1;
            QString composer = pick(random, givenNames) + u' ';
            composer += pick(random, familyNames);
            for (int t = 0; t < tracksPerAlbum.at(albumId - 1); ++t) {
                auto *track = new Track;
                const int milliseconds = 120'000 + random.bounded(300'000);
                track->setProperty("id", ++trackId);
                QString name = pick(random, titleAdjectives) + u' ';
                name += pick(random, titleWords);
                track->setProperty("name", name);
                track->setProperty("albumId", albumId);
                track->setProperty("mediaTypeId", random.bounded(10) < 8 ? 1 : 2);
                track->setProperty("genreId", genreId);
                track->setProperty("composer", composer);
                track->setProperty("milliseconds", milliseconds);
                track->setProperty("bytes", milliseconds * 32);
                track->setProperty("unitPrice", random.bounded(5) == 0 ? u"1.99"_s : u"0.99"_s);
                objects.append(track);
            }
        }
    }
    if (!session.addAll(objects) || !session.commit()) {
        *error = session.lastError().text();
        return false;
    }
    return true;
}

} // namespace MusicLibrary
