// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// QueryModel's filter and orderBy compiler (src/models/queryfilter.cpp) over the Chinook
// models: first the exact SQL and bound values of each operator, of paths through references,
// of "or" and of orderBy in the three dialects (no database), then the error texts (and that
// no SQL is sent), then filters run on every configured database, each answer compared with
// hand-written SQL on the same connection.

#include "../../../../src/models/queryfilter_p.h"
#include "chinook.h"
#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QDir>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

QString dialectSql(const Dialect &dialect, const Statement &statement, QVariantList *binds)
{
    const CompiledStatement compiled = dialect.compile(statement);
    if (!compiled.isValid())
        return u"error: "_s + compiled.error().text();
    *binds = compiled.boundValues();
    return compiled.sql();
}

// [Name] is a quoted identifier: "Name", and `Name` on MySQL.
QString standardQuotes(QString sql)
{
    return sql.replace(u'[', u'"').replace(u']', u'"');
}

QString mysqlQuotes(QString sql)
{
    return sql.replace(u'[', u'`').replace(u']', u'`');
}

template<typename T>
QList<int> idsOf(const QList<T *> &objects)
{
    QList<int> ids;
    for (const T *object : objects)
        ids.append(object->m_id);
    return ids;
}

// The track select of a case, narrowed to the key column: FROM, WHERE and ORDER BY are read.
Statement trackStatement(const EntitySelectBase &select)
{
    return select.statement().columns({ attribute<Track>(u"id"_s) });
}

} // namespace

class tst_QueryFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void accessors();
    void compiledSql_data();
    void compiledSql();
    void errors_data();
    void errors();
    void noSqlOnError();
    void onDatabase_data();
    void onDatabase();
};

// The Chinook mapping with the SQLite file's names, for the cases that need no database. (One
// Registry at a time: select<T>() takes the mapping of the live one.)
#define MAP_CHINOOK(registry) \
  Registry registry; \
  QVERIFY2(Chinook::map(registry, Chinook::Naming()), qPrintable(registry.lastError().text()))

void tst_QueryFilter::initTestCase()
{
    if (!QFile::exists(QDir(Chinook::dataDirectory()).filePath(u"Chinook_Sqlite.sqlite"_s)))
        QSKIP("The Chinook data is not there (set QORM_CHINOOK_DIR)");
}

// EntitySelectBase::orderTerms() and tables(), which the models read.
void tst_QueryFilter::accessors()
{
    MAP_CHINOOK(registry);
    const Expression name = attribute<Track>(u"name"_s);
    const auto query =
            Qorm::select<Track>()
                    .join(u"album.artist"_s)
                    .outerJoin(u"playlists"_s)
                    .orderBy({ name,
                               attribute<Track>(u"milliseconds"_s).descending().nullsFirst() });
    const QList<Expression> terms = query.orderTerms();
    QCOMPARE(terms.size(), 2);
    QCOMPARE(Dialect::sqlite()
                     .compile(Qorm::select({ name }).from(query.mapper().table()).orderBy(terms))
                     .sql(),
             standardQuotes(u"SELECT [Track].[Name] FROM [Track] ORDER BY [Track].[Name], "
                            u"[Track].[Milliseconds] DESC NULLS FIRST"_s));
    QCOMPARE(query.tables(),
             QStringList(
                     { u"Album"_s, u"Artist"_s, u"Playlist"_s, u"PlaylistTrack"_s, u"Track"_s }));
    QCOMPARE(Qorm::select<Track>().tables(), QStringList{ u"Track"_s });
    QVERIFY(Qorm::select<Track>().orderTerms().isEmpty());
    // A subquery in FROM is read too.
    const Select inner = Qorm::select({ attribute<Genre>(u"id"_s) });
    const auto joined = Qorm::select<Track>().join(
            inner.subquery(u"g"_s),
            attribute<Track>(u"genreId"_s) == inner.subquery(u"g"_s).column(u"GenreId"_s));
    QCOMPARE(joined.tables(), QStringList({ u"Genre"_s, u"Track"_s }));
}

void tst_QueryFilter::compiledSql_data()
{
    QTest::addColumn<QVariantMap>("filter");
    QTest::addColumn<QStringList>("orderBy");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");
    QTest::addColumn<QVariantList>("binds");

    const QString from = u"SELECT [Track].[TrackId] FROM [Track]"_s;
    const auto row = [&](const char *name, const QVariantMap &filter, const QString &rest,
                         const QVariantList &binds, const QStringList &orderBy = {}) {
        const QString sql = rest.isEmpty() ? from : from + u' ' + rest;
        QTest::newRow(name) << filter << orderBy << standardQuotes(sql) << standardQuotes(sql)
                            << mysqlQuotes(sql) << binds;
    };
    const QVariant null = QVariant::fromValue(nullptr);

    row("empty", {}, {}, {});
    row("value", { { u"name"_s, u"Balls"_s } }, u"WHERE [Track].[Name] = ?"_s, { u"Balls"_s });
    row("null", { { u"composer"_s, null } }, u"WHERE [Track].[Composer] IS NULL"_s, {});
    row("undefined", { { u"composer"_s, QVariant() } }, u"WHERE [Track].[Composer] IS NULL"_s, {});
    row("array", { { u"genreId"_s, QVariantList{ 1, 2 } } }, u"WHERE [Track].[GenreId] IN (?, ?)"_s,
        { 1, 2 });
    row("eq", { { u"milliseconds"_s, QVariantMap{ { u"eq"_s, 5 } } } },
        u"WHERE [Track].[Milliseconds] = ?"_s, { 5 });
    row("ne", { { u"milliseconds"_s, QVariantMap{ { u"ne"_s, 5 } } } },
        u"WHERE [Track].[Milliseconds] != ?"_s, { 5 });
    row("lt", { { u"milliseconds"_s, QVariantMap{ { u"lt"_s, 5 } } } },
        u"WHERE [Track].[Milliseconds] < ?"_s, { 5 });
    row("le", { { u"milliseconds"_s, QVariantMap{ { u"le"_s, 5 } } } },
        u"WHERE [Track].[Milliseconds] <= ?"_s, { 5 });
    row("gt", { { u"milliseconds"_s, QVariantMap{ { u"gt"_s, 5.5 } } } },
        u"WHERE [Track].[Milliseconds] > ?"_s, { 5.5 });
    row("ge", { { u"milliseconds"_s, QVariantMap{ { u"ge"_s, 5 } } } },
        u"WHERE [Track].[Milliseconds] >= ?"_s, { 5 });
    row("eq null", { { u"composer"_s, QVariantMap{ { u"eq"_s, null } } } },
        u"WHERE [Track].[Composer] IS NULL"_s, {});
    row("ne null", { { u"composer"_s, QVariantMap{ { u"ne"_s, null } } } },
        u"WHERE [Track].[Composer] IS NOT NULL"_s, {});
    row("like", { { u"name"_s, QVariantMap{ { u"like"_s, u"%love%"_s } } } },
        u"WHERE [Track].[Name] LIKE ?"_s, { u"%love%"_s });
    QTest::newRow("ilike") << QVariantMap{ { u"name"_s,
                                             QVariantMap{ { u"ilike"_s, u"%Love%"_s } } } }
                           << QStringList()
                           << standardQuotes(from + u" WHERE lower([Track].[Name]) LIKE lower(?)"_s)
                           << standardQuotes(from + u" WHERE [Track].[Name] ILIKE ?"_s)
                           << mysqlQuotes(from + u" WHERE lower([Track].[Name]) LIKE lower(?)"_s)
                           << QVariantList{ u"%Love%"_s };
    row("in", { { u"genreId"_s, QVariantMap{ { u"in"_s, QVariantList{ 3 } } } } },
        u"WHERE [Track].[GenreId] IN (?)"_s, { 3 });
    row("notIn", { { u"genreId"_s, QVariantMap{ { u"notIn"_s, QVariantList{ 3, 4 } } } } },
        u"WHERE [Track].[GenreId] NOT IN (?, ?)"_s, { 3, 4 });
    row("between", { { u"bytes"_s, QVariantMap{ { u"between"_s, QVariantList{ 10, 20 } } } } },
        u"WHERE [Track].[Bytes] BETWEEN ? AND ?"_s, { 10, 20 });
    row("operators are ANDed",
        { { u"milliseconds"_s, QVariantMap{ { u"lt"_s, 9 }, { u"ge"_s, 1 } } } },
        u"WHERE [Track].[Milliseconds] >= ? AND [Track].[Milliseconds] < ?"_s, { 1, 9 });
    row("keys are ANDed", { { u"name"_s, u"x"_s }, { u"composer"_s, null } },
        u"WHERE [Track].[Composer] IS NULL AND [Track].[Name] = ?"_s, { u"x"_s });
    row("or",
        { { u"or"_s,
            QVariantList{ QVariantMap{ { u"name"_s, u"a"_s } },
                          QVariantMap{ { u"milliseconds"_s, QVariantMap{ { u"gt"_s, 5 } } } } } } },
        u"WHERE [Track].[Name] = ? OR [Track].[Milliseconds] > ?"_s, { u"a"_s, 5 });
    row("or beside keys, ANDs inside",
        { { u"albumId"_s, 1 },
          { u"or"_s,
            QVariantList{ QVariantMap{ { u"name"_s, u"a"_s }, { u"composer"_s, null } },
                          QVariantMap{ { u"name"_s, u"b"_s } } } } },
        u"WHERE [Track].[AlbumId] = ? AND ([Track].[Composer] IS NULL AND [Track].[Name] = ? OR "
        u"[Track].[Name] = ?)"_s,
        { 1, u"a"_s, u"b"_s });
    row("path", { { u"album.title"_s, u"Facelift"_s } },
        u"LEFT OUTER JOIN [Album] ON [Album].[AlbumId] = [Track].[AlbumId] WHERE "
        u"[Album].[Title] = ?"_s,
        { u"Facelift"_s });
    row("path of two references",
        { { u"album.artist.name"_s, QVariantMap{ { u"like"_s, u"A%"_s } } } },
        u"LEFT OUTER JOIN [Album] ON [Album].[AlbumId] = [Track].[AlbumId] LEFT OUTER JOIN "
        u"[Artist] ON [Artist].[ArtistId] = [Album].[ArtistId] WHERE [Artist].[Name] LIKE ?"_s,
        { u"A%"_s });
    row("paths share their joins",
        { { u"album.title"_s, u"T"_s },
          { u"album.artist.name"_s, u"N"_s },
          { u"genre.name"_s, null } },
        u"LEFT OUTER JOIN [Album] ON [Album].[AlbumId] = [Track].[AlbumId] LEFT OUTER JOIN "
        u"[Artist] ON [Artist].[ArtistId] = [Album].[ArtistId] LEFT OUTER JOIN [Genre] ON "
        u"[Genre].[GenreId] = [Track].[GenreId] WHERE [Artist].[Name] = ? AND [Album].[Title] = ? "
        u"AND [Genre].[Name] IS NULL"_s,
        { u"N"_s, u"T"_s });
    row("path inside or",
        { { u"or"_s,
            QVariantList{ QVariantMap{ { u"genre.name"_s, u"Jazz"_s } },
                          QVariantMap{ { u"name"_s, u"x"_s } } } } },
        u"LEFT OUTER JOIN [Genre] ON [Genre].[GenreId] = [Track].[GenreId] WHERE [Genre].[Name] "
        u"= ? OR [Track].[Name] = ?"_s,
        { u"Jazz"_s, u"x"_s });
    row("orderBy", {}, u"ORDER BY [Track].[Name] ASC, [Track].[Milliseconds] DESC"_s, {},
        { u"name"_s, u"-milliseconds"_s });
    row("orderBy a path", { { u"name"_s, u"x"_s } },
        u"LEFT OUTER JOIN [Album] ON [Album].[AlbumId] = [Track].[AlbumId] LEFT OUTER JOIN "
        u"[Artist] ON [Artist].[ArtistId] = [Album].[ArtistId] WHERE [Track].[Name] = ? ORDER BY "
        u"[Artist].[Name] DESC, [Track].[Name] ASC"_s,
        { u"x"_s }, { u"-album.artist.name"_s, u"name"_s });
    row("filter and orderBy share a path", { { u"album.title"_s, u"T"_s } },
        u"LEFT OUTER JOIN [Album] ON [Album].[AlbumId] = [Track].[AlbumId] LEFT OUTER JOIN "
        u"[Artist] ON [Artist].[ArtistId] = [Album].[ArtistId] WHERE [Album].[Title] = ? ORDER BY "
        u"[Artist].[Name] ASC"_s,
        { u"T"_s }, { u"album.artist.name"_s });
}

void tst_QueryFilter::compiledSql()
{
    QFETCH(QVariantMap, filter);
    QFETCH(QStringList, orderBy);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);
    QFETCH(QVariantList, binds);
    MAP_CHINOOK(registry);
    const Mapper mapper = registry.mapper<Track>();
    const QueryFilter compiledFilter = compileFilter(mapper, filter);
    QVERIFY2(!compiledFilter.hasError(), qPrintable(compiledFilter.error.text()));
    const QueryOrder compiledOrder = compileOrderBy(mapper, orderBy);
    QVERIFY2(!compiledOrder.hasError(), qPrintable(compiledOrder.error.text()));
    const EntitySelectBase select =
            withOrder(withFilter(Qorm::select<Track>(), compiledFilter), compiledOrder);
    QVERIFY2(!select.error().isValid(), qPrintable(select.error().text()));
    const Statement statement = trackStatement(select);
    const struct
    {
        Dialect dialect;
        QString expected;
    } dialects[] = { { Dialect::sqlite(), sqlite },
                     { Dialect::postgresql(), postgresql },
                     { Dialect::mysql(), mysql } };
    for (const auto &[dialect, expected] : dialects) {
        QVariantList bound;
        QCOMPARE(dialectSql(dialect, statement, &bound), expected);
        QCOMPARE(bound, binds);
    }
}

void tst_QueryFilter::errors_data()
{
    QTest::addColumn<QVariantMap>("filter");
    QTest::addColumn<QStringList>("orderBy");
    QTest::addColumn<QString>("error");
    const QVariant null = QVariant::fromValue(nullptr);
    const auto row = [](const char *name, const QVariantMap &filter, const QString &error) {
        QTest::newRow(name) << filter << QStringList() << error;
    };
    row("unknown key", { { u"nam"_s, 1 } },
        u"filter on Track: \"nam\": unknown key: Track has no mapped property \"nam\""_s);
    row("unknown operator", { { u"name"_s, QVariantMap{ { u"contains"_s, u"x"_s } } } },
        u"filter on Track: \"name\": unknown operator \"contains\" (operators: eq, ne, lt, le, "
        u"gt, ge, like, ilike, in, notIn, between)"_s);
    row("collection in a path", { { u"playlists.name"_s, u"x"_s } },
        u"filter on Track: \"playlists.name\": unknown key: Track.playlists is a collection; a "
        u"path follows references only (filter the collection's class instead)"_s);
    row("unknown reference", { { u"albm.title"_s, u"x"_s } },
        u"filter on Track: \"albm.title\": unknown key: Track has no reference \"albm\""_s);
    row("unknown property after a reference", { { u"album.name"_s, u"x"_s } },
        u"filter on Track: \"album.name\": unknown key: Album has no mapped property \"name\""_s);
    row("property in the middle", { { u"name.length"_s, 1 } },
        u"filter on Track: \"name.length\": unknown key: Track.name is a property, not a "
        u"reference to follow"_s);
    row("reference at the end", { { u"album"_s, 1 } },
        u"filter on Track: \"album\": unknown key: Track.album is a relationship; name one of "
        u"its properties (\"album.id\")"_s);
    row("empty step", { { u"album..title"_s, 1 } },
        u"filter on Track: \"album..title\": unknown key: a path is property names separated by "
        u"dots"_s);
    row("in without a list", { { u"genreId"_s, QVariantMap{ { u"in"_s, 3 } } } },
        u"filter on Track: \"genreId\": in takes a list, not int"_s);
    row("between without two values",
        { { u"bytes"_s, QVariantMap{ { u"between"_s, QVariantList{ 1 } } } } },
        u"filter on Track: \"bytes\": between takes a list of two values, [low, high]"_s);
    row("lt null", { { u"bytes"_s, QVariantMap{ { u"lt"_s, null } } } },
        u"filter on Track: \"bytes\": lt takes a single value, not null"_s);
    row("like a list", { { u"name"_s, QVariantMap{ { u"like"_s, QVariantList{ 1 } } } } },
        u"filter on Track: \"name\": like takes a single value, not QVariantList"_s);
    row("empty operators", { { u"name"_s, QVariantMap() } },
        u"filter on Track: \"name\": an object of operators, and it is empty"_s);
    row("or without a list", { { u"or"_s, u"x"_s } },
        u"filter on Track: \"or\": takes a list of filters, not QString"_s);
    row("or of values", { { u"or"_s, QVariantList{ 1 } } },
        u"filter on Track: \"or\": takes a list of filters (objects), not of int"_s);
    row("empty or", { { u"or"_s, QVariantList() } },
        u"filter on Track: \"or\": takes a list of filters, and it is empty"_s);
    row("error inside or",
        { { u"or"_s,
            QVariantList{ QVariantMap{ { u"name"_s, 1 } }, QVariantMap{ { u"x"_s, 1 } } } } },
        u"filter on Track: \"x\": unknown key: Track has no mapped property \"x\""_s);
    QTest::newRow("orderBy unknown") << QVariantMap() << QStringList{ u"name"_s, u"-lenght"_s }
                                     << u"orderBy on Track: \"-lenght\": unknown key: Track has no "
                                        u"mapped property \"lenght\""_s;
    QTest::newRow("orderBy a collection")
            << QVariantMap() << QStringList{ u"invoiceLines.quantity"_s }
            << u"orderBy on Track: \"invoiceLines.quantity\": unknown key: Track.invoiceLines is "
               u"a collection; a path follows references only (filter the collection's class "
               u"instead)"_s;
    QTest::newRow("orderBy empty name")
            << QVariantMap() << QStringList{ u"-"_s }
            << u"orderBy on Track: \"-\": unknown key: a property name is missing"_s;
}

void tst_QueryFilter::errors()
{
    QFETCH(QVariantMap, filter);
    QFETCH(QStringList, orderBy);
    QFETCH(QString, error);
    MAP_CHINOOK(registry);
    const Mapper mapper = registry.mapper<Track>();
    const QueryFilter compiledFilter = compileFilter(mapper, filter);
    const QueryOrder compiledOrder = compileOrderBy(mapper, orderBy);
    const Error actual = compiledFilter.hasError() ? compiledFilter.error : compiledOrder.error;
    QCOMPARE(actual.text(), error);
    QCOMPARE(actual.type(), Error::InvalidRequestError);
    if (compiledFilter.hasError()) {
        QVERIFY(!compiledFilter.condition.isValid());
        QVERIFY(compiledFilter.joins.isEmpty());
    } else {
        QVERIFY(compiledOrder.terms.isEmpty());
    }
    // The select it gives fails to compile with the same message, in every dialect.
    const EntitySelectBase select =
            withOrder(withFilter(Qorm::select<Track>(), compiledFilter), compiledOrder);
    for (const Dialect &dialect : { Dialect::sqlite(), Dialect::postgresql(), Dialect::mysql() }) {
        const CompiledStatement compiled = dialect.compile(select.statement());
        QVERIFY(!compiled.isValid());
        QVERIFY2(compiled.error().text().contains(error), qPrintable(compiled.error().text()));
    }
}

// A session executing a select with a bad filter reports the error and sends nothing.
void tst_QueryFilter::noSqlOnError()
{
    MAP_CHINOOK(registry);
    QTemporaryDir directory;
    QString setupError;
    const std::unique_ptr<Connection> db = Chinook::open(u"sqlite"_s, directory, &setupError);
    QVERIFY2(db, qPrintable(setupError));
    Session session(*db, registry);
    Test::SqlRecorder recorder(*db);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unknown key"_s));
    const QueryFilter filter =
            compileFilter(registry.mapper<Track>(), { { u"album.nam"_s, u"x"_s } });
    const ObjectResult result = session.execute(withFilter(Qorm::select<Track>(), filter));
    QVERIFY(result.hasError());
    QVERIFY2(result.error().text().contains(
                     u"filter on Track: \"album.nam\": unknown key: Album has no mapped property "
                     u"\"nam\""_s),
             qPrintable(result.error().text()));
    QCOMPARE(session.lastError().text(), result.error().text());
    QCOMPARE(recorder.statements(), QStringList());
}

void tst_QueryFilter::onDatabase_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QVariantMap>("filter");
    QTest::addColumn<QStringList>("orderBy");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("values");
    const QVariant null = QVariant::fromValue(nullptr);
    for (const QString &database : Test::databases()) {
        const auto row = [&](const char *name, const QVariantMap &filter,
                             const QStringList &orderBy, const QString &sql,
                             const QVariantList &values = {}) {
            QTest::newRow(qPrintable(database + u':' + QString::fromUtf8(name)))
                    << database << filter << orderBy << sql << values;
        };
        row("path and operators",
            { { u"album.artist.name"_s, u"AC/DC"_s },
              { u"milliseconds"_s, QVariantMap{ { u"gt"_s, 300000 } } } },
            { u"-milliseconds"_s, u"id"_s },
            u"SELECT t.[TrackId] FROM [Track] t JOIN [Album] a ON a.[AlbumId] = t.[AlbumId] JOIN "
            u"[Artist] r ON r.[ArtistId] = a.[ArtistId] WHERE r.[Name] = ? AND t.[Milliseconds] "
            u"> ? ORDER BY t.[Milliseconds] DESC, t.[TrackId]"_s,
            { u"AC/DC"_s, 300000 });
        row("or, null, ilike",
            { { u"name"_s, QVariantMap{ { u"ilike"_s, u"%LOVE%"_s } } },
              { u"or"_s,
                QVariantList{ QVariantMap{ { u"genreId"_s, QVariantList{ 1, 2 } } },
                              QVariantMap{ { u"composer"_s, null } } } } },
            { u"id"_s },
            u"SELECT t.[TrackId] FROM [Track] t WHERE lower(t.[Name]) LIKE ? AND (t.[GenreId] IN "
            u"(1, 2) OR t.[Composer] IS NULL) ORDER BY t.[TrackId]"_s,
            { u"%love%"_s });
        row("in, between, ordered by a path",
            { { u"genre.name"_s,
                QVariantMap{ { u"in"_s, QVariantList{ u"Jazz"_s, u"Blues"_s } } } },
              { u"milliseconds"_s,
                QVariantMap{ { u"between"_s, QVariantList{ 200000, 300000 } } } },
              { u"composer"_s, QVariantMap{ { u"ne"_s, null } } } },
            { u"-genre.name"_s, u"milliseconds"_s, u"id"_s },
            u"SELECT t.[TrackId] FROM [Track] t JOIN [Genre] g ON g.[GenreId] = t.[GenreId] WHERE "
            u"g.[Name] IN ('Jazz', 'Blues') AND t.[Milliseconds] BETWEEN 200000 AND 300000 AND "
            u"t.[Composer] IS NOT NULL ORDER BY g.[Name] DESC, t.[Milliseconds], t.[TrackId]"_s);
        row("notIn, le, like on a path",
            { { u"mediaTypeId"_s, QVariantMap{ { u"notIn"_s, QVariantList{ 1 } } } },
              { u"bytes"_s, QVariantMap{ { u"le"_s, 9000000 } } },
              { u"album.title"_s, QVariantMap{ { u"like"_s, u"B%"_s } } } },
            { u"id"_s },
            u"SELECT t.[TrackId] FROM [Track] t JOIN [Album] a ON a.[AlbumId] = t.[AlbumId] WHERE "
            u"t.[MediaTypeId] NOT IN (1) AND t.[Bytes] <= 9000000 AND a.[Title] LIKE 'B%' ORDER "
            u"BY t.[TrackId]"_s);
    }
}

void tst_QueryFilter::onDatabase()
{
    QFETCH(QVariantMap, filter);
    QFETCH(QStringList, orderBy);
    QFETCH(QString, sql);
    QFETCH(QVariantList, values);
    CHINOOK_SETUP(db, registry, plain);
    Session session(db, registry);
    const QueryFilter compiledFilter = compileFilter(registry.mapper<Track>(), filter);
    QVERIFY2(!compiledFilter.hasError(), qPrintable(compiledFilter.error.text()));
    const QueryOrder compiledOrder = compileOrderBy(registry.mapper<Track>(), orderBy);
    QVERIFY2(!compiledOrder.hasError(), qPrintable(compiledOrder.error.text()));
    const ObjectResult result = session.execute(
            withOrder(withFilter(Qorm::select<Track>(), compiledFilter), compiledOrder));
    QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
    QList<int> ids;
    for (QObject *object : result.objects())
        ids.append(object->property("id").toInt());
    const QList<int> expected = plain.ids(sql, values);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(ids, expected);
}

QTEST_GUILESS_MAIN(tst_QueryFilter)
#include "tst_queryfilter.moc"
