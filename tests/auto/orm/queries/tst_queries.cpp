// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// ORM queries over the Chinook models: joins along relationships (paths, outer joins, into an
// alias), EXISTS through relationships (any/has), Core statements over several classes
// (joinedFrom) with aggregates. First the exact SQL each one compiles to in the three
// dialects, then a Chinook query set run on every configured database, each answer compared
// with hand-written SQL on the same connection.

#include "chinook.h"
#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QDir>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <algorithm>
#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

template<typename T>
QList<int> idsOf(const QList<T *> &objects)
{
    QList<int> ids;
    for (const T *object : objects)
        ids.append(object->m_id);
    return ids;
}

// The SQL of a statement in each dialect; the same text is expected in all three unless a
// dialect's own is given.
struct Dialects
{
    QString sqlite;
    QString postgresql;
    QString mysql;
};

Dialects compiled(const Statement &statement)
{
    const auto sql = [&](const Dialect &dialect) {
        const CompiledStatement compiled = dialect.compile(statement);
        return compiled.isValid() ? compiled.sql() : u"error: "_s + compiled.error().text();
    };
    return { sql(Dialect::sqlite()), sql(Dialect::postgresql()), sql(Dialect::mysql()) };
}

} // namespace

#define SETUP(db, registry, sql) CHINOOK_SETUP(db, registry, sql)

#define VERIFY_RESULT(result) \
  QVERIFY2(!(result).error().isValid(), qPrintable(Test::describe((result).error())))

class tst_Queries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void compiledSql_data();
    void compiledSql();
    void errorsBeforeSql();
    void topArtistsByTracks_data() { Test::addDatabaseColumn(); }
    void topArtistsByTracks();
    void statementCache_data() { Test::addDatabaseColumn(); }
    void statementCache();
    void managersChain_data() { Test::addDatabaseColumn(); }
    void managersChain();
    void subqueriesAndUnion_data() { Test::addDatabaseColumn(); }
    void subqueriesAndUnion();
    void nestedLoaders_data() { Test::addDatabaseColumn(); }
    void nestedLoaders();
    void textStatements_data() { Test::addDatabaseColumn(); }
    void textStatements();
    void artistsAndAlbums_data() { Test::addDatabaseColumn(); }
    void artistsAndAlbums();
    void customersAboveTotal_data() { Test::addDatabaseColumn(); }
    void customersAboveTotal();
    void tracksNeverBought_data() { Test::addDatabaseColumn(); }
    void tracksNeverBought();
    void invoicesOfCountry_data() { Test::addDatabaseColumn(); }
    void invoicesOfCountry();
    void reportsOfManager_data() { Test::addDatabaseColumn(); }
    void reportsOfManager();
    void playlistTracks_data() { Test::addDatabaseColumn(); }
    void playlistTracks();
    void genresByRevenue_data() { Test::addDatabaseColumn(); }
    void genresByRevenue();
    void artistsWithLongTracks_data() { Test::addDatabaseColumn(); }
    void artistsWithLongTracks();
};

void tst_Queries::initTestCase()
{
    if (!QFile::exists(QDir(Chinook::dataDirectory()).filePath(u"Chinook_Sqlite.sqlite"_s)))
        QSKIP("The Chinook data is not there (set QORM_CHINOOK_DIR)");
}

void tst_Queries::compiledSql_data()
{
    QTest::addColumn<int>("query");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");
    // [Name] is a quoted identifier (the names are PascalCase): "Name", and `Name` on MySQL.
    const auto row = [](const char *name, int query, const QString &sql) {
        QString standard = sql;
        QString mysql = sql;
        standard.replace(u'[', u'"').replace(u']', u'"');
        mysql.replace(u'[', u'`').replace(u']', u'`');
        QTest::newRow(name) << query << standard << standard << mysql;
    };
    row("join along a path", 0,
        u"SELECT [Artist].[ArtistId], [Artist].[Name] FROM [Artist] JOIN [Album] ON "
        u"[Album].[ArtistId] = [Artist].[ArtistId] JOIN [Track] ON [Track].[AlbumId] = "
        u"[Album].[AlbumId] WHERE [Track].[Milliseconds] > ?"_s);
    row("outer join, distinct", 1,
        u"SELECT DISTINCT [Customer].[CustomerId], [Customer].[FirstName] FROM [Customer] LEFT "
        u"OUTER JOIN [Invoice] ON [Invoice].[CustomerId] = [Customer].[CustomerId]"_s);
    row("join into an alias", 2,
        u"SELECT [Employee].[EmployeeId], [Employee].[LastName] FROM [Employee] JOIN [Employee] "
        u"AS manager ON manager.[EmployeeId] = [Employee].[ReportsTo] WHERE manager.[LastName] "
        u"= ?"_s);
    row("many-to-many join", 3,
        u"SELECT [Track].[TrackId], [Track].[Name] FROM [Track] JOIN [PlaylistTrack] ON "
        u"[PlaylistTrack].[TrackId] = [Track].[TrackId] JOIN [Playlist] ON "
        u"[Playlist].[PlaylistId] = [PlaylistTrack].[PlaylistId] WHERE [Playlist].[Name] = ?"_s);
    row("any", 4,
        u"SELECT [Track].[TrackId], [Track].[Name] FROM [Track] WHERE NOT EXISTS (SELECT "
        u"[InvoiceLine].[InvoiceLineId] FROM [InvoiceLine] WHERE [InvoiceLine].[TrackId] = "
        u"[Track].[TrackId])"_s);
    row("has with a condition", 5,
        u"SELECT [Invoice].[InvoiceId] FROM [Invoice] WHERE EXISTS (SELECT "
        u"[Customer].[CustomerId] FROM [Customer] WHERE [Customer].[CustomerId] = "
        u"[Invoice].[CustomerId] AND [Customer].[Country] = ?)"_s);
    row("joinedFrom with aggregates", 6,
        u"SELECT [Artist].[Name], count([Track].[TrackId]) AS tracks FROM [Artist] JOIN [Album] "
        u"ON [Album].[ArtistId] = [Artist].[ArtistId] JOIN [Track] ON [Track].[AlbumId] = "
        u"[Album].[AlbumId] GROUP BY [Artist].[ArtistId], [Artist].[Name] ORDER BY tracks DESC, "
        u"[Artist].[Name] ASC LIMIT ?"_s);
    row("group by, having", 7,
        u"SELECT [Customer].[CustomerId], [Customer].[FirstName] FROM [Customer] JOIN [Invoice] "
        u"ON [Invoice].[CustomerId] = [Customer].[CustomerId] WHERE [Customer].[Country] = ? "
        u"GROUP BY [Customer].[CustomerId] HAVING sum([Invoice].[Total]) > ?"_s);
}

void tst_Queries::compiledSql()
{
    QFETCH(int, query);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);
    Registry registry;
    QVERIFY2(Chinook::map(registry, Chinook::Naming()), qPrintable(registry.lastError().text()));
    // Two columns of each class are enough to read the FROM and WHERE clauses.
    const auto narrow = [](const Select &statement, const QList<Expression> &columns) {
        return statement.columns(columns);
    };
    Statement statement;
    switch (query) {
    case 0:
        statement = narrow(select<Artist>()
                                   .join(u"albums.tracks"_s)
                                   .where(attribute<Track>(u"milliseconds"_s) > 1000000)
                                   .statement(),
                           { attribute<Artist>(u"id"_s), attribute<Artist>(u"name"_s) });
        break;
    case 1:
        statement = narrow(select<Customer>().outerJoin(u"invoices"_s).distinct().statement(),
                           { attribute<Customer>(u"id"_s), attribute<Customer>(u"firstName"_s) });
        break;
    case 2: {
        const Aliased<Employee> manager(u"manager"_s);
        statement = narrow(select<Employee>()
                                   .join(u"manager"_s, manager)
                                   .where(manager.attribute(u"lastName"_s) == u"Adams"_s)
                                   .statement(),
                           { attribute<Employee>(u"id"_s), attribute<Employee>(u"lastName"_s) });
        break;
    }
    case 3:
        statement = narrow(select<Track>()
                                   .join(u"playlists"_s)
                                   .where(attribute<Playlist>(u"name"_s) == u"Grunge"_s)
                                   .statement(),
                           { attribute<Track>(u"id"_s), attribute<Track>(u"name"_s) });
        break;
    case 4:
        statement = narrow(select<Track>().where(!any<Track>(u"invoiceLines"_s)).statement(),
                           { attribute<Track>(u"id"_s), attribute<Track>(u"name"_s) });
        break;
    case 5:
        statement = narrow(
                select<Invoice>()
                        .where(has<Invoice>(u"customer"_s,
                                            attribute<Customer>(u"country"_s) == u"Norway"_s))
                        .statement(),
                { attribute<Invoice>(u"id"_s) });
        break;
    case 6: {
        const Expression tracks = Function::count(attribute<Track>(u"id"_s)).label(u"tracks"_s);
        statement =
                Qorm::select({ attribute<Artist>(u"name"_s), tracks })
                        .from(joinedFrom<Artist>(u"albums.tracks"_s))
                        .groupBy({ attribute<Artist>(u"id"_s), attribute<Artist>(u"name"_s) })
                        .orderBy({ tracks.descending(), attribute<Artist>(u"name"_s).ascending() })
                        .limit(5);
        break;
    }
    case 7:
        statement = narrow(select<Customer>()
                                   .join(u"invoices"_s)
                                   .where(attribute<Customer>(u"country"_s) == u"USA"_s)
                                   .groupBy({ attribute<Customer>(u"id"_s) })
                                   .having(Function::sum(attribute<Invoice>(u"total"_s)) > 40)
                                   .statement(),
                           { attribute<Customer>(u"id"_s), attribute<Customer>(u"firstName"_s) });
        break;
    }
    const Dialects sql = compiled(statement);
    QCOMPARE(sql.sqlite, sqlite);
    QCOMPARE(sql.postgresql, postgresql);
    QCOMPARE(sql.mysql, mysql);
}

// Unknown names and impossible joins are errors naming the class and the relationship, found
// before any SQL is sent.
void tst_Queries::errorsBeforeSql()
{
    Registry registry;
    QVERIFY2(Chinook::map(registry, Chinook::Naming()), qPrintable(registry.lastError().text()));
    const auto errorOf = [](const EntitySelectBase &select) { return select.error().text(); };
    QCOMPARE(errorOf(select<Artist>().join(u"albums.songs"_s)),
             u"select<Artist>().join(\"albums.songs\"): Album has no relationship \"songs\" "
             u"(it has: artist, tracks)"_s);
    QCOMPARE(errorOf(select<Employee>().join(u"manager"_s)),
             u"select<Employee>().join(\"manager\"): Employee.manager would read table Employee "
             u"a second time; join it into an alias: join(u\"manager\"_s, "
             u"Aliased<Employee>(u\"...\"_s))"_s);
    const Aliased<Album> album(u"a"_s);
    QCOMPARE(errorOf(select<Track>().outerJoin(u"genre"_s, album)),
             u"select<Track>().outerJoin(\"genre\"): Track.genre leads to Genre, the alias \"a\" "
             u"is a Album"_s);
    QCOMPARE(errorOf(select<Track>().join(u"album..artist"_s)),
             u"select<Track>().join(\"album..artist\"): a path is relationship names separated by "
             u"dots"_s);
    const auto compileError = [](const Expression &condition) {
        return Dialect::sqlite()
                .compile(select<Track>().where(condition).statement())
                .error()
                .text();
    };
    QCOMPARE(compileError(any<Track>(u"album"_s)),
             u"any<Track>(\"album\"): Track.album is a reference: use has()"_s);
    QCOMPARE(compileError(has<Track>(u"playlists"_s)),
             u"has<Track>(\"playlists\"): Track.playlists is a collection: use any()"_s);
    QCOMPARE(compileError(any<Employee>(u"reports"_s)),
             u"any<Employee>(\"reports\"): Employee.reports refers to its own class: write "
             u"exists() over an Aliased<Employee> instead"_s);
    QCOMPARE(compileError(Aliased<Album>(u"a"_s).attribute(u"year"_s) == 1),
             u"Class Album (aliased as a) has no mapped property 'year'"_s);
    QCOMPARE(Dialect::sqlite()
                     .compile(Qorm::select({ attribute<Artist>(u"name"_s) })
                                      .from(joinedFrom<Artist>(u"records"_s)))
                     .error()
                     .text(),
             u"joinedFrom<Artist>(\"records\"): Artist has no relationship \"records\" (it has: "
             u"albums)"_s);

    // A session refuses such a statement without sending anything.
    QTemporaryDir directory;
    QString error;
    const std::unique_ptr<Connection> db = Chinook::open(u"sqlite"_s, directory, &error);
    QVERIFY2(db, qPrintable(error));
    Session session(*db, registry);
    Test::SqlRecorder recorder(*db);
    const ScalarResult<Artist> result = session.scalars(select<Artist>().join(u"records"_s));
    QVERIFY(result.hasError());
    QCOMPARE(result.error().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0);
}

// The five artists with the most tracks: a Core statement over three classes.
void tst_Queries::topArtistsByTracks()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const Expression tracks = Function::count(attribute<Track>(u"id"_s)).label(u"tracks"_s);
    Result result = session.execute(
            Qorm::select({ attribute<Artist>(u"name"_s), tracks })
                    .from(joinedFrom<Artist>(u"albums.tracks"_s))
                    .groupBy({ attribute<Artist>(u"id"_s), attribute<Artist>(u"name"_s) })
                    .orderBy({ tracks.descending(), attribute<Artist>(u"name"_s).ascending() })
                    .limit(5));
    VERIFY_RESULT(result);
    const QList<std::tuple<QString, qint64>> rows = result.tuples<QString, qint64>();
    QList<std::tuple<QString, qint64>> expected;
    for (const QVariantList &row :
         sql.rows(u"SELECT ar.[Name], count(t.[TrackId]) FROM [Artist] ar JOIN [Album] al ON "
                  u"al.[ArtistId] = ar.[ArtistId] JOIN [Track] t ON t.[AlbumId] = al.[AlbumId] "
                  u"GROUP BY ar.[ArtistId], ar.[Name] ORDER BY 2 DESC, 1 LIMIT 5"_s))
        expected.append({ row.at(0).toString(), row.at(1).toLongLong() });
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows, expected);
    const auto &[name, count] = rows.first();
    QVERIFY(!name.isEmpty() && count > 50);

    // Typed rows check the number of columns.
    Result narrow = session.execute(Qorm::select({ attribute<Artist>(u"name"_s) }).limit(1));
    QVERIFY((narrow.tuples<QString, qint64>().isEmpty()));
    QCOMPARE(narrow.error().text(),
             u"tuples(): the statement returns 1 columns (%1), not 2"_s.arg(naming_(u"Name"_s)));
}

/*
    Several classes per row: each artist with each of its albums (the same artist object on
    every row of its albums), and through an outer join the artists without albums too, with a
    null album.
*/
void tst_Queries::artistsAndAlbums()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const TupleResult<Artist, Album> result = session.tuples(
            select<Artist, Album>()
                    .join(u"albums"_s)
                    .where(attribute<Artist>(u"id"_s) <= 3)
                    .orderBy({ attribute<Artist>(u"id"_s), attribute<Album>(u"id"_s) }));
    VERIFY_RESULT(result);
    QList<QVariantList> pairs;
    for (const auto &[artist, album] : result.all()) {
        QCOMPARE(album->artist(), artist); // the reference, from the identity map
        pairs.append({ artist->m_id, album->m_id });
    }
    QList<QVariantList> expected;
    for (const QVariantList &row :
         sql.rows(u"SELECT ar.[ArtistId], al.[AlbumId] FROM [Artist] ar JOIN [Album] al ON "
                  u"al.[ArtistId] = ar.[ArtistId] WHERE ar.[ArtistId] <= 3 ORDER BY ar.[ArtistId], "
                  u"al.[AlbumId]"_s))
        expected.append({ row.at(0).toInt(), row.at(1).toInt() });
    QVERIFY(expected.size() > 3);
    QCOMPARE(pairs, expected);
    const auto all = result.all();
    QCOMPARE(std::get<0>(all.at(0)), std::get<0>(all.at(1))); // artist 1 has two albums

    const int lonely =
            sql.scalar(u"SELECT min(ar.[ArtistId]) FROM [Artist] ar WHERE NOT EXISTS "
                       u"(SELECT 1 FROM [Album] al WHERE al.[ArtistId] = ar.[ArtistId])"_s)
                    .toInt();
    QVERIFY(lonely > 0);
    const TupleResult<Artist, Album> outer =
            session.tuples(select<Artist, Album>()
                                   .outerJoin(u"albums"_s)
                                   .where(attribute<Artist>(u"id"_s) == lonely));
    VERIFY_RESULT(outer);
    QCOMPARE(outer.count(), 1);
    const auto [artist, album] = outer.all().first();
    QVERIFY(artist);
    QCOMPARE(artist->m_id, lonely);
    QCOMPARE(album, nullptr);
}

// Customers of a country whose invoices total above a sum: an entity query grouped by key.
void tst_Queries::customersAboveTotal()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const ScalarResult<Customer> result =
            session.scalars(select<Customer>()
                                    .join(u"invoices"_s)
                                    .where(attribute<Customer>(u"country"_s) == u"USA"_s)
                                    .groupBy({ attribute<Customer>(u"id"_s) })
                                    .having(Function::sum(attribute<Invoice>(u"total"_s)) > 39)
                                    .orderBy({ attribute<Customer>(u"id"_s) }));
    VERIFY_RESULT(result);
    const QList<int> expected =
            sql.ids(u"SELECT c.[CustomerId] FROM [Customer] c JOIN [Invoice] i ON i.[CustomerId] = "
                    u"c.[CustomerId] WHERE c.[Country] = 'USA' GROUP BY c.[CustomerId] HAVING "
                    u"sum(i.[Total]) > 39 ORDER BY c.[CustomerId]"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(result.all()), expected);
    for (Customer *customer : result.all())
        QCOMPARE(customer->m_country, u"USA"_s);
}

// Tracks never bought: NOT EXISTS through a collection.
void tst_Queries::tracksNeverBought()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const ScalarResult<Track> result =
            session.scalars(select<Track>()
                                    .where(!any<Track>(u"invoiceLines"_s))
                                    .orderBy({ attribute<Track>(u"id"_s) }));
    VERIFY_RESULT(result);
    const QList<int> expected = sql.ids(
            u"SELECT t.[TrackId] FROM [Track] t WHERE NOT EXISTS (SELECT 1 FROM [InvoiceLine] l "
            u"WHERE l.[TrackId] = t.[TrackId]) ORDER BY t.[TrackId]"_s);
    QVERIFY(expected.size() > 100);
    QCOMPARE(idsOf(result.all()), expected);

    // With a condition: tracks sold at least once for more than 1.00.
    const ScalarResult<Track> expensive =
            session.scalars(select<Track>()
                                    .where(any<Track>(u"invoiceLines"_s,
                                                      attribute<InvoiceLine>(u"unitPrice"_s) > 1))
                                    .orderBy({ attribute<Track>(u"id"_s) }));
    VERIFY_RESULT(expensive);
    QCOMPARE(idsOf(expensive.all()),
             sql.ids(u"SELECT t.[TrackId] FROM [Track] t WHERE EXISTS (SELECT 1 FROM "
                     u"[InvoiceLine] l WHERE l.[TrackId] = t.[TrackId] AND l.[UnitPrice] > 1) "
                     u"ORDER BY t.[TrackId]"_s));
}

// has() through a reference.
void tst_Queries::invoicesOfCountry()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const ScalarResult<Invoice> result = session.scalars(
            select<Invoice>()
                    .where(has<Invoice>(u"customer"_s,
                                        attribute<Customer>(u"country"_s) == u"Norway"_s))
                    .orderBy({ attribute<Invoice>(u"id"_s) }));
    VERIFY_RESULT(result);
    const QList<int> expected =
            sql.ids(u"SELECT i.[InvoiceId] FROM [Invoice] i JOIN [Customer] c ON c.[CustomerId] = "
                    u"i.[CustomerId] WHERE c.[Country] = 'Norway' ORDER BY i.[InvoiceId]"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(result.all()), expected);
    for (Invoice *invoice : result.all())
        QCOMPARE(invoice->customer()->m_country, u"Norway"_s); // references set by select-IN
}

// A self-join through an alias: the employees reporting to a manager named by last name.
void tst_Queries::reportsOfManager()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const Aliased<Employee> manager(u"manager"_s);
    const ScalarResult<Employee> result =
            session.scalars(select<Employee>()
                                    .join(u"manager"_s, manager)
                                    .where(manager.attribute(u"lastName"_s) == u"Edwards"_s)
                                    .orderBy({ attribute<Employee>(u"id"_s) }));
    VERIFY_RESULT(result);
    const QList<int> expected =
            sql.ids(u"SELECT e.[EmployeeId] FROM [Employee] e JOIN [Employee] m ON "
                    u"m.[EmployeeId] = e.[ReportsTo] WHERE m.[LastName] = 'Edwards' ORDER BY "
                    u"e.[EmployeeId]"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(result.all()), expected);
}

// A join through a many-to-many's association table.
void tst_Queries::playlistTracks()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const ScalarResult<Track> result =
            session.scalars(select<Track>()
                                    .join(u"playlists"_s)
                                    .where(attribute<Playlist>(u"name"_s) == u"Grunge"_s)
                                    .orderBy({ attribute<Track>(u"id"_s) }));
    VERIFY_RESULT(result);
    const QList<int> expected = sql.ids(
            u"SELECT t.[TrackId] FROM [Track] t JOIN [PlaylistTrack] pt ON pt.[TrackId] = "
            u"t.[TrackId] JOIN [Playlist] p ON p.[PlaylistId] = pt.[PlaylistId] WHERE p.[Name] "
            u"= 'Grunge' ORDER BY t.[TrackId]"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(result.all()), expected);
}

// Genres by revenue: references followed from the invoice lines (track, then genre).
void tst_Queries::genresByRevenue()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const Expression revenue = Function::sum(attribute<InvoiceLine>(u"unitPrice"_s)
                                             * attribute<InvoiceLine>(u"quantity"_s))
                                       .label(u"revenue"_s);
    Result result = session.execute(
            Qorm::select({ attribute<Genre>(u"name"_s), revenue })
                    .from(joinedFrom<InvoiceLine>(u"track.genre"_s))
                    .groupBy({ attribute<Genre>(u"id"_s), attribute<Genre>(u"name"_s) })
                    .orderBy({ revenue.descending(), attribute<Genre>(u"name"_s).ascending() }));
    VERIFY_RESULT(result);
    QStringList genres;
    QList<qint64> cents;
    for (const Row &row : result.all()) {
        genres.append(row.value(0).toString());
        cents.append(Chinook::centsOf(row.value(1)));
    }
    QStringList expectedGenres;
    QList<qint64> expectedCents;
    for (const QVariantList &row :
         sql.rows(u"SELECT g.[Name], sum(l.[UnitPrice] * l.[Quantity]) FROM [InvoiceLine] l "
                  u"JOIN [Track] t ON t.[TrackId] = l.[TrackId] JOIN [Genre] g ON g.[GenreId] = "
                  u"t.[GenreId] GROUP BY g.[GenreId], g.[Name] ORDER BY 2 DESC, 1"_s)) {
        expectedGenres.append(row.at(0).toString());
        expectedCents.append(Chinook::centsOf(row.at(1)));
    }
    QVERIFY(expectedGenres.size() > 10);
    QCOMPARE(genres, expectedGenres);
    QCOMPARE(cents, expectedCents);
}

// DISTINCT over a join that multiplies rows: each artist once.
void tst_Queries::artistsWithLongTracks()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const EntitySelect<Artist> query = select<Artist>()
                                               .join(u"albums"_s)
                                               .join(u"albums.tracks"_s) // continues the first join
                                               .where(attribute<Track>(u"milliseconds"_s) > 1000000)
                                               .orderBy({ attribute<Artist>(u"id"_s) });
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const ScalarResult<Artist> repeated = session.scalars(query);
    VERIFY_RESULT(repeated);
    QCOMPARE(recorder.statements().first().count(u" JOIN "_s), 2);
    const ScalarResult<Artist> result = session.scalars(query.distinct());
    VERIFY_RESULT(result);
    const QList<int> expected = sql.ids(
            u"SELECT DISTINCT ar.[ArtistId] FROM [Artist] ar JOIN [Album] al ON al.[ArtistId] = "
            u"ar.[ArtistId] JOIN [Track] t ON t.[AlbumId] = al.[AlbumId] WHERE t.[Milliseconds] "
            u"> 1000000 ORDER BY ar.[ArtistId]"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(result.all()), expected);
    // Without DISTINCT an artist comes once per matching track, the same object each time.
    QVERIFY(repeated.all().size() > expected.size());
    QList<int> once = idsOf(repeated.all());
    once.erase(std::unique(once.begin(), once.end()), once.end());
    QCOMPARE(once, expected);
}

/*
    Text statements whose rows map to a class by column name: the same identity-mapped objects
    a select<T>() gives, values converted as the mapping says (an invoice's date-time too).
*/
void tst_Queries::textStatements()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const QString longTracks =
            naming_.sql(u"SELECT * FROM [Track] WHERE [Milliseconds] > :ms ORDER BY [TrackId]"_s);
    const ScalarResult<Track> tracks =
            session.scalars<Track>(TextSql(longTracks).bind(u"ms"_s, 1000000));
    VERIFY_RESULT(tracks);
    QCOMPARE(idsOf(tracks.all()),
             sql.ids(u"SELECT [TrackId] FROM [Track] WHERE [Milliseconds] > 1000000 ORDER BY "
                     u"[TrackId]"_s));
    QVERIFY(!tracks.all().isEmpty());
    Track *first = tracks.all().first();
    QCOMPARE(session.get<Track>(first->m_id), first); // identity-mapped
    QVERIFY(first->album());                          // references set as for any load

    // Columns in another order, and an extra one; a date-time as the mapping reads it.
    const ScalarResult<Invoice> invoices = session.scalars<Invoice>(TextSql(
            naming_.sql(u"SELECT [Total] AS extra, i.* FROM [Invoice] i WHERE [InvoiceId] = 1"_s)));
    VERIFY_RESULT(invoices);
    QCOMPARE(invoices.all().size(), 1);
    Session other(db, registry);
    Invoice *loaded = other.get<Invoice>(1);
    QVERIFY(loaded);
    QCOMPARE(invoices.all().first()->m_invoiceDate, loaded->m_invoiceDate);
    QCOMPARE(invoices.all().first()->m_total, loaded->m_total);

    // A mapped column missing is an error naming it.
    const ScalarResult<Artist> artists =
            session.scalars<Artist>(TextSql(naming_.sql(u"SELECT [ArtistId] FROM [Artist]"_s)));
    QVERIFY(artists.hasError());
    QVERIFY2(artists.error().text().startsWith(
                     u"scalars<Artist>(TextSql): the statement has no column %1"_s.arg(
                             naming_(u"Name"_s))),
             qPrintable(artists.error().text()));
}

/*
    Loader options on paths: each step of "albums.tracks" loads with the query (select-IN
    unless said otherwise), so that reading the tracks of every album sends nothing more; a
    step can have its own option (joined); raise on the last step still loads the ones before.
*/
void tst_Queries::nestedLoaders()
{
    SETUP(db, registry, sql);
    const auto tracksOf = [](const QList<Artist *> &artists) {
        qsizetype count = 0;
        for (Artist *artist : artists) {
            for (Album *album : *artist->albums())
                count += album->tracks()->size();
        }
        return count;
    };
    const qint64 expected = sql.scalar(u"SELECT count(*) FROM [Track] t JOIN [Album] al ON "
                                       u"al.[AlbumId] = t.[AlbumId] WHERE al.[ArtistId] <= 3"_s)
                                    .toLongLong();
    QVERIFY(expected > 10);
    // "FROM <table> WHERE", the table named and quoted as the database has it.
    const auto fromWhere = [&naming_](const QString &table) {
        return QRegularExpression(u"FROM [\"`]?%1[\"`]? WHERE"_s.arg(naming_(table)));
    };
    {
        Session session(db, registry);
        Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
        const ScalarResult<Artist> artists =
                session.scalars(select<Artist>()
                                        .where(attribute<Artist>(u"id"_s) <= 3)
                                        .load(u"albums.tracks"_s, LoadStrategy::SelectIn));
        VERIFY_RESULT(artists);
        // Artists, their albums, the albums' tracks (then the tracks' genres and media types:
        // references always come with their objects).
        const QStringList statements = recorder.statements();
        QCOMPARE(statements.size(), 5);
        QVERIFY(statements.at(1).contains(fromWhere(u"Album"_s)));
        QVERIFY(statements.at(2).contains(fromWhere(u"Track"_s)));
        QCOMPARE(tracksOf(artists.all()), expected);
        QCOMPARE(recorder.count(), 5); // nothing more
    }
    {
        Session session(db, registry);
        Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
        const ScalarResult<Artist> artists =
                session.scalars(select<Artist>()
                                        .where(attribute<Artist>(u"id"_s) <= 3)
                                        .load(u"albums"_s, LoadStrategy::Joined)
                                        .load(u"albums.tracks"_s, LoadStrategy::SelectIn));
        VERIFY_RESULT(artists);
        // Artists with their albums joined, then the tracks (and their references).
        QCOMPARE(recorder.count(), 4);
        QVERIFY(recorder.statements().at(0).contains(u"LEFT OUTER JOIN"_s));
        QVERIFY(recorder.statements().at(1).contains(fromWhere(u"Track"_s)));
        QCOMPARE(tracksOf(artists.all()), expected);
        QCOMPARE(recorder.count(), 4);
    }
    {
        Session session(db, registry);
        Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
        const ScalarResult<Artist> artists =
                session.scalars(select<Artist>()
                                        .where(attribute<Artist>(u"id"_s) <= 3)
                                        .load(u"albums"_s, LoadStrategy::Joined)
                                        .load(u"albums.tracks"_s, LoadStrategy::Joined));
        VERIFY_RESULT(artists);
        // Artists, albums and tracks in one statement (then the tracks' genres and media types).
        QCOMPARE(recorder.count(), 3);
        const QString first = recorder.statements().at(0);
        QCOMPARE(first.count(u"LEFT OUTER JOIN"_s), 2);
        QVERIFY(first.contains(
                QRegularExpression(u"JOIN [\"`]?%1[\"`]? AS qorm_j2 ON "
                                   u"qorm_j2.[\"`]?%2[\"`]? = qorm_j1."_s.arg(
                                           naming_(u"Track"_s), naming_(u"AlbumId"_s)))));
        QCOMPARE(tracksOf(artists.all()), expected);
        QCOMPARE(recorder.count(), 3);
    }
    {
        Session session(db, registry);
        const ScalarResult<Artist> artists =
                session.scalars(select<Artist>()
                                        .where(attribute<Artist>(u"id"_s) == 1)
                                        .load(u"albums.tracks"_s, LoadStrategy::Raise));
        VERIFY_RESULT(artists);
        Artist *artist = artists.one();
        QVERIFY(artist);
        QVERIFY(artist->albums()->isLoaded()); // the step before: select-IN
        Album *album = artist->albums()->first();
        QVERIFY(album);
        QCOMPARE(album->tracks()->size(), 0); // raise: not loaded, an error said so
        QVERIFY(album->tracks()->lastError().text().contains(
                u"the query that loaded its owner said raise"_s));
    }
    Session session(db, registry);
    const ScalarResult<Artist> wrong =
            session.scalars(select<Artist>().load(u"albums.songs"_s, LoadStrategy::SelectIn));
    QVERIFY(wrong.hasError());
    QCOMPARE(wrong.error().text(),
             u"select<Artist>().load(\"albums.songs\"): Album has no relationship \"songs\" (it "
             u"has: artist, tracks)"_s);
}

/*
    Each employee's chain of managers: a recursive CTE over mapped columns, joined into an
    entity query, for every employee, against a hand-written recursive query.
*/
void tst_Queries::managersChain()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const Expression id = attribute<Employee>(u"id"_s);
    const Expression reportsTo = attribute<Employee>(u"reportsTo"_s);
    const QList<int> employees = sql.ids(u"SELECT [EmployeeId] FROM [Employee] ORDER BY 1"_s);
    QCOMPARE(employees.size(), 8);
    int longest = 0;
    for (const int start : employees) {
        Cte chain =
                Qorm::select({ id, reportsTo }).where(id == start).cte(u"chain"_s, Recursive::Yes);
        chain = chain.unionAll(
                Qorm::select({ id, reportsTo }).join(chain, id == chain[naming_(u"ReportsTo"_s)]));
        const ScalarResult<Employee> managers =
                session.scalars(select<Employee>()
                                        .join(chain, chain[naming_(u"EmployeeId"_s)] == id)
                                        .orderBy({ id }));
        VERIFY_RESULT(managers);
        const QList<int> expected = sql.ids(
                u"WITH RECURSIVE c(id, boss) AS (SELECT [EmployeeId], [ReportsTo] FROM [Employee] "
                u"WHERE [EmployeeId] = ? UNION ALL SELECT e.[EmployeeId], e.[ReportsTo] FROM "
                u"[Employee] e JOIN c ON e.[EmployeeId] = c.boss) SELECT id FROM c ORDER BY id"_s,
                { start });
        QCOMPARE(idsOf(managers.all()), expected);
        longest = std::max(longest, int(expected.size()));
    }
    QVERIFY(longest >= 3); // someone has a manager who has one
}

// A correlated subquery over an aliased class, and a UNION feeding an entity query.
void tst_Queries::subqueriesAndUnion()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    // Tracks longer than the average of their own album.
    const Aliased<Track> other(u"other"_s);
    const ScalarResult<Track> longer = session.scalars(
            select<Track>()
                    .where(attribute<Track>(u"milliseconds"_s)
                           > Qorm::select({ Function::avg(other.attribute(u"milliseconds"_s)) })
                                     .where(other.attribute(u"albumId"_s)
                                            == attribute<Track>(u"albumId"_s))
                                     .scalarSubquery())
                    .orderBy({ attribute<Track>(u"id"_s) }));
    VERIFY_RESULT(longer);
    const QList<int> expectedLonger = sql.ids(
            u"SELECT t.[TrackId] FROM [Track] t WHERE t.[Milliseconds] > (SELECT "
            u"avg(o.[Milliseconds]) FROM [Track] o WHERE o.[AlbumId] = t.[AlbumId]) ORDER BY 1"_s);
    QVERIFY(expectedLonger.size() > 100);
    QCOMPARE(idsOf(longer.all()), expectedLonger);

    // Artists named "A..." or with more than 10 albums: a UNION of two key selects.
    const Select named = Qorm::select({ attribute<Artist>(u"id"_s) })
                                 .where(attribute<Artist>(u"name"_s).like(u"A%"_s));
    const Select prolific = Qorm::select({ attribute<Album>(u"artistId"_s) })
                                    .groupBy({ attribute<Album>(u"artistId"_s) })
                                    .having(Function::count() > 10);
    const ScalarResult<Artist> artists =
            session.scalars(select<Artist>()
                                    .where(attribute<Artist>(u"id"_s).in(named.unionWith(prolific)))
                                    .orderBy({ attribute<Artist>(u"id"_s) }));
    VERIFY_RESULT(artists);
    const QList<int> expectedArtists = sql.ids(
            u"SELECT [ArtistId] FROM [Artist] WHERE [ArtistId] IN (SELECT [ArtistId] FROM "
            u"[Artist] WHERE [Name] LIKE 'A%' UNION SELECT [ArtistId] FROM [Album] GROUP BY "
            u"[ArtistId] HAVING count(*) > 10) ORDER BY 1"_s);
    QVERIFY(expectedArtists.size() > 10);
    QCOMPARE(idsOf(artists.all()), expectedArtists);
}

/*
    An entity query run again with other values reuses its prepared statement: the cache's
    counters say so, and so does each statement's record.
*/
void tst_Queries::statementCache()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const auto query = [](int artist) {
        return select<Album>()
                .join(u"artist"_s)
                .where(attribute<Artist>(u"id"_s) == artist)
                .orderBy({ attribute<Album>(u"id"_s) });
    };
    VERIFY_RESULT(session.scalars(query(1)));
    const StatementCacheStatistics before = db.statementCacheStatistics();
    QList<bool> fromCache; // the album queries'
    const int observer = db.addObserver([&fromCache](const ExecutedStatement &executed) {
        if (executed.sql.contains(u" JOIN "_s))
            fromCache.append(executed.fromCache);
    });
    QList<QList<int>> loaded;
    for (const int artist : { 2, 3, 4 }) {
        const ScalarResult<Album> albums = session.scalars(query(artist));
        VERIFY_RESULT(albums);
        loaded.append(idsOf(albums.all()));
    }
    db.removeObserver(observer);
    const StatementCacheStatistics after = db.statementCacheStatistics();
    QCOMPARE(fromCache, (QList<bool>{ true, true, true }));
    QVERIFY(after.hits - before.hits >= 3);
    QCOMPARE(after.misses, before.misses); // no new statement prepared
    for (qsizetype i = 0; i < loaded.size(); ++i) {
        QCOMPARE(loaded.at(i),
                 sql.ids(u"SELECT [AlbumId] FROM [Album] WHERE [ArtistId] = ? ORDER BY 1"_s,
                         { int(i) + 2 }));
    }
}

QTEST_GUILESS_MAIN(tst_Queries)
#include "tst_queries.moc"
