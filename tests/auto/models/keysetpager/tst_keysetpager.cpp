// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Keyset pages (src/models/keysetpager.cpp). First the exact SQL and bound values of pages in
// the three dialects (no database): ascending and descending terms mixed, nullable terms with
// a NULL or a value in the key, NULL placement given by the term, a joined class's column and
// a function as key columns, composite keys, the window a refresh reads. Then pages run on
// every configured database: Chinook's tracks ordered by (genre name, -milliseconds) read page
// by page equal one ordered query, without a gap or a duplicate, both as Core rows and as
// objects a Session loads; and a composite-key table with NULLs paged in every direction.

#include "../../../../src/models/keysetpager_p.h"
#include "../../../../src/models/queryfilter_p.h"
#include "chinook.h"
#include "membership.h"
#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QDir>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <algorithm>
#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

QString standardQuotes(QString sql)
{
    return sql.replace(u'[', u'"').replace(u']', u'"');
}

QString mysqlQuotes(QString sql)
{
    return sql.replace(u'[', u'`').replace(u']', u'`');
}

// The pager of a compiler case.
KeysetPager pagerOf(int query)
{
    const Expression name = attribute<Track>(u"name"_s);
    const Expression milliseconds = attribute<Track>(u"milliseconds"_s);
    const Expression composer = attribute<Track>(u"composer"_s);
    switch (query) {
    case 0:
        return KeysetPager(select<Track>());
    case 1:
        return KeysetPager(select<Track>().orderBy({ name, milliseconds.descending() }));
    case 2:
        return KeysetPager(select<Track>().orderBy({ composer }));
    case 3:
        return KeysetPager(select<Track>().orderBy({ composer.descending() }));
    case 4:
        return KeysetPager(select<Track>().orderBy({ composer.nullsFirst() }));
    case 5: {
        const QueryOrder order =
                compileOrderBy(select<Track>().mapper(), { u"genre.name"_s, u"-milliseconds"_s });
        return KeysetPager(withOrder(select<Track>(), order));
    }
    case 6:
        return KeysetPager(select<Track>().orderBy({ Function::lower(name).descending() }));
    case 7:
        return KeysetPager(select<Membership>());
    case 8:
        return KeysetPager(
                select<Membership>().orderBy({ attribute<Membership>(u"code"_s),
                                               attribute<Membership>(u"label"_s).descending() }));
    case 9: // the order names the key column first: it is not repeated
        return KeysetPager(
                select<Track>().orderBy({ attribute<Track>(u"id"_s).descending(), name }));
    }
    return {};
}

QList<int> idsOf(const QList<QObject *> &objects)
{
    QList<int> ids;
    for (const QObject *object : objects)
        ids.append(object->property("id").toInt());
    return ids;
}

} // namespace

class tst_KeysetPager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void compiledSql_data();
    void compiledSql();
    void refused();
    void sortKeys();
    void chinookPages_data();
    void chinookPages();
    void nullsAndCompositeKeys_data();
    void nullsAndCompositeKeys();
};

// The Chinook mapping with the SQLite file's names and Membership, for the cases that need no
// database. (One Registry at a time: select<T>() takes the mapping of the live one.)
#define MAP_MODELS(registry) \
  Registry registry; \
  QVERIFY2(Chinook::map(registry, Chinook::Naming()), qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.map<Membership>(), qPrintable(registry.lastError().text()))

void tst_KeysetPager::initTestCase()
{
    if (!QFile::exists(QDir(Chinook::dataDirectory()).filePath(u"Chinook_Sqlite.sqlite"_s)))
        QSKIP("The Chinook data is not there (set QORM_CHINOOK_DIR)");
}

void tst_KeysetPager::compiledSql_data()
{
    QTest::addColumn<int>("query");
    QTest::addColumn<QVariantList>("key"); // empty: the first page
    QTest::addColumn<int>("side");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");
    QTest::addColumn<QVariantList>("binds");

    // `sql` is SQLite's and PostgreSQL's; MariaDB has no NULLS FIRST/LAST: `mysql` when given.
    const auto row = [](const char *name, int query, const QVariantList &key,
                        KeysetPager::Side side, const QString &sql, const QVariantList &binds,
                        const QString &mysql = {}) {
        QTest::newRow(name) << query << key << int(side) << standardQuotes(sql)
                            << standardQuotes(sql) << mysqlQuotes(mysql.isEmpty() ? sql : mysql)
                            << binds;
    };
    const QVariant null;
    const auto after = KeysetPager::After;
    const auto upTo = KeysetPager::UpTo;

    row("by key, first page", 0, {}, after,
        u"SELECT [Track].[TrackId] FROM [Track] ORDER BY [Track].[TrackId] ASC LIMIT ?"_s, { 10 });
    row("by key, next page", 0, { 5 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[TrackId] > ? ORDER BY "
        u"[Track].[TrackId] ASC LIMIT ?"_s,
        { 5, 10 });
    row("ascending and descending", 1, { u"N"_s, 100, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Name] > ? OR [Track].[Name] = ? "
        u"AND ([Track].[Milliseconds] < ? OR [Track].[Milliseconds] = ? AND [Track].[TrackId] > "
        u"?) ORDER BY [Track].[Name] ASC, [Track].[Milliseconds] DESC, [Track].[TrackId] ASC "
        u"LIMIT ?"_s,
        { u"N"_s, u"N"_s, 100, 100, 7, 10 });
    row("nullable ascending, after a value", 2, { u"C"_s, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] > ? OR [Track].[Composer] "
        u"IS NULL OR [Track].[Composer] = ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] "
        u"ASC NULLS LAST, [Track].[TrackId] ASC LIMIT ?"_s,
        { u"C"_s, u"C"_s, 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] > ? OR [Track].[Composer] "
        u"IS NULL OR [Track].[Composer] = ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] "
        u"IS NULL, [Track].[Composer] ASC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("nullable ascending, after NULL", 2, { null, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NULL AND "
        u"[Track].[TrackId] > ? ORDER BY [Track].[Composer] ASC NULLS LAST, [Track].[TrackId] ASC "
        u"LIMIT ?"_s,
        { 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NULL AND "
        u"[Track].[TrackId] > ? ORDER BY [Track].[Composer] IS NULL, [Track].[Composer] ASC, "
        u"[Track].[TrackId] ASC LIMIT ?"_s);
    row("nullable descending, after a value", 3, { u"C"_s, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] < ? OR [Track].[Composer] "
        u"= ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] DESC NULLS FIRST, "
        u"[Track].[TrackId] ASC LIMIT ?"_s,
        { u"C"_s, u"C"_s, 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] < ? OR [Track].[Composer] "
        u"= ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] IS NOT NULL, "
        u"[Track].[Composer] DESC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("nullable descending, after NULL", 3, { null, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] DESC "
        u"NULLS FIRST, [Track].[TrackId] ASC LIMIT ?"_s,
        { 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] IS NOT "
        u"NULL, [Track].[Composer] DESC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("NULLs first as the term says, after a value", 4, { u"C"_s, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] > ? OR [Track].[Composer] "
        u"= ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] ASC NULLS FIRST, "
        u"[Track].[TrackId] ASC LIMIT ?"_s,
        { u"C"_s, u"C"_s, 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] > ? OR [Track].[Composer] "
        u"= ? AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] IS NOT NULL, "
        u"[Track].[Composer] ASC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("NULLs first as the term says, after NULL", 4, { null, 7 }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] ASC "
        u"NULLS FIRST, [Track].[TrackId] ASC LIMIT ?"_s,
        { 7, 10 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND [Track].[TrackId] > ? ORDER BY [Track].[Composer] IS NOT "
        u"NULL, [Track].[Composer] ASC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("a joined class's column is a key column", 5, { u"Jazz"_s, 100, 7 }, after,
        u"SELECT [Track].[TrackId], [Genre].[Name] AS qorm_k1 FROM [Track] LEFT OUTER JOIN "
        u"[Genre] ON [Genre].[GenreId] = [Track].[GenreId] WHERE [Genre].[Name] > ? OR "
        u"[Genre].[Name] IS NULL OR [Genre].[Name] = ? AND ([Track].[Milliseconds] < ? OR "
        u"[Track].[Milliseconds] = ? AND [Track].[TrackId] > ?) ORDER BY [Genre].[Name] ASC "
        u"NULLS LAST, [Track].[Milliseconds] DESC, [Track].[TrackId] ASC LIMIT ?"_s,
        { u"Jazz"_s, u"Jazz"_s, 100, 100, 7, 10 },
        u"SELECT [Track].[TrackId], [Genre].[Name] AS qorm_k1 FROM [Track] LEFT OUTER JOIN "
        u"[Genre] ON [Genre].[GenreId] = [Track].[GenreId] WHERE [Genre].[Name] > ? OR "
        u"[Genre].[Name] IS NULL OR [Genre].[Name] = ? AND ([Track].[Milliseconds] < ? OR "
        u"[Track].[Milliseconds] = ? AND [Track].[TrackId] > ?) ORDER BY [Genre].[Name] IS NULL, "
        u"[Genre].[Name] ASC, [Track].[Milliseconds] DESC, [Track].[TrackId] ASC LIMIT ?"_s);
    row("a function is a key column", 6, { u"n"_s, 7 }, after,
        u"SELECT [Track].[TrackId], lower([Track].[Name]) AS qorm_k1 FROM [Track] WHERE "
        u"lower([Track].[Name]) < ? OR lower([Track].[Name]) = ? AND [Track].[TrackId] > ? ORDER "
        u"BY lower([Track].[Name]) DESC NULLS FIRST, [Track].[TrackId] ASC LIMIT ?"_s,
        { u"n"_s, u"n"_s, 7, 10 },
        u"SELECT [Track].[TrackId], lower([Track].[Name]) AS qorm_k1 FROM [Track] WHERE "
        u"lower([Track].[Name]) < ? OR lower([Track].[Name]) = ? AND [Track].[TrackId] > ? ORDER "
        u"BY lower([Track].[Name]) IS NOT NULL, lower([Track].[Name]) DESC, [Track].[TrackId] "
        u"ASC LIMIT ?"_s);
    row("composite key, first page", 7, {}, after,
        u"SELECT membership.group_id, membership.code FROM membership ORDER BY "
        u"membership.group_id ASC, membership.code ASC LIMIT ?"_s,
        { 10 });
    row("composite key, next page", 7, { 2, u"b"_s }, after,
        u"SELECT membership.group_id, membership.code FROM membership WHERE membership.group_id "
        u"> ? OR membership.group_id = ? AND membership.code > ? ORDER BY membership.group_id "
        u"ASC, membership.code ASC LIMIT ?"_s,
        { 2, 2, u"b"_s, 10 });
    row("composite key after the order's terms", 8, { u"b"_s, null, 2 }, after,
        u"SELECT membership.group_id, membership.code FROM membership WHERE membership.code > ? "
        u"OR membership.code = ? AND (membership.label IS NOT NULL OR membership.label IS NULL "
        u"AND membership.group_id > ?) ORDER BY membership.code ASC, membership.label DESC NULLS "
        u"FIRST, membership.group_id ASC LIMIT ?"_s,
        { u"b"_s, u"b"_s, 2, 10 },
        u"SELECT membership.group_id, membership.code FROM membership WHERE membership.code > ? "
        u"OR membership.code = ? AND (membership.label IS NOT NULL OR membership.label IS NULL "
        u"AND membership.group_id > ?) ORDER BY membership.code ASC, membership.label IS NOT "
        u"NULL, membership.label DESC, membership.group_id ASC LIMIT ?"_s);
    row("a key column in the order is not repeated", 9, { 7, u"N"_s }, after,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[TrackId] < ? OR [Track].[TrackId] "
        u"= ? AND [Track].[Name] > ? ORDER BY [Track].[TrackId] DESC, [Track].[Name] ASC LIMIT ?"_s,
        { 7, 7, u"N"_s, 10 });
    row("window up to a value", 2, { u"C"_s, 7 }, upTo,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] < ? OR [Track].[Composer] "
        u"= ? AND ([Track].[TrackId] < ? OR [Track].[TrackId] = ?) ORDER BY [Track].[Composer] "
        u"ASC NULLS LAST, [Track].[TrackId] ASC"_s,
        { u"C"_s, u"C"_s, 7, 7 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] < ? OR [Track].[Composer] "
        u"= ? AND ([Track].[TrackId] < ? OR [Track].[TrackId] = ?) ORDER BY [Track].[Composer] "
        u"IS NULL, [Track].[Composer] ASC, [Track].[TrackId] ASC"_s);
    row("window up to NULL", 2, { null, 7 }, upTo,
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND ([Track].[TrackId] < ? OR [Track].[TrackId] = ?) ORDER "
        u"BY [Track].[Composer] ASC NULLS LAST, [Track].[TrackId] ASC"_s,
        { 7, 7 },
        u"SELECT [Track].[TrackId] FROM [Track] WHERE [Track].[Composer] IS NOT NULL OR "
        u"[Track].[Composer] IS NULL AND ([Track].[TrackId] < ? OR [Track].[TrackId] = ?) ORDER "
        u"BY [Track].[Composer] IS NULL, [Track].[Composer] ASC, [Track].[TrackId] ASC"_s);
}

void tst_KeysetPager::compiledSql()
{
    QFETCH(int, query);
    QFETCH(QVariantList, key);
    QFETCH(int, side);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);
    QFETCH(QVariantList, binds);
    MAP_MODELS(registry);
    const KeysetPager pager = pagerOf(query);
    QVERIFY2(pager.isValid(), qPrintable(pager.error().text()));
    EntitySelectBase page = key.isEmpty() ? pager.firstPage(10)
            : side == KeysetPager::After  ? pager.nextPage(key, 10)
                                          : pager.window(key);
    QVERIFY2(!page.error().isValid(), qPrintable(page.error().text()));
    // The key columns and the key's columns: FROM, WHERE and ORDER BY are what is read.
    QList<Expression> columns;
    for (const ColumnProperty &property : page.mapper().primaryKey())
        columns.append(property.column());
    const Statement statement = page.statement().columns(columns + pager.keyColumns());
    const struct
    {
        Dialect dialect;
        QString expected;
    } dialects[] = { { Dialect::sqlite(), sqlite },
                     { Dialect::postgresql(), postgresql },
                     { Dialect::mysql(), mysql } };
    for (const auto &[dialect, expected] : dialects) {
        const CompiledStatement compiled = dialect.compile(statement);
        QVERIFY2(compiled.isValid(), qPrintable(compiled.error().text()));
        QCOMPARE(compiled.sql(), expected);
        QCOMPARE(compiled.boundValues(), binds);
    }
}

// What cannot be paged says why, and its pages fail before any SQL.
void tst_KeysetPager::refused()
{
    MAP_MODELS(registry);
    const KeysetPager offset(select<Track>().offset(5));
    QVERIFY(!offset.isValid());
    QCOMPARE(offset.error().text(),
             u"Keyset pages of select<Track>(): pages follow the sort key; leave out offset()"_s);
    const CompiledStatement compiled = Dialect::sqlite().compile(offset.firstPage(10).statement());
    QVERIFY(!compiled.isValid());
    QVERIFY(compiled.error().text().contains(offset.error().text()));

    const KeysetPager tuples(select<Track, Album>());
    QCOMPARE(tuples.error().text(),
             u"Keyset pages of select<Track>(): a page holds one class per row"_s);

    const KeysetPager unknown(select<Track>().load(u"nothing"_s, LoadStrategy::Joined));
    QVERIFY(!unknown.isValid());
    QVERIFY(unknown.error().text().contains(u"nothing"_s));

    const KeysetPager pager(select<Track>().orderBy({ attribute<Track>(u"name"_s) }));
    QCOMPARE(Dialect::sqlite().compile(pager.nextPage({ 1 }, 10).statement()).error().text(),
             u"Keyset pages of select<Track>(): a sort key of 1 values, the sort key has 2 "
             u"terms"_s);
}

// A sort key from a row's values, and from an object and the key columns.
void tst_KeysetPager::sortKeys()
{
    MAP_MODELS(registry);
    const QueryOrder order =
            compileOrderBy(registry.mapper<Track>(), { u"genre.name"_s, u"-milliseconds"_s });
    const KeysetPager pager(withOrder(select<Track>(), order));
    QCOMPARE(pager.entityColumnCount(), registry.mapper<Track>().columnProperties().size());
    QCOMPARE(pager.keyColumns().size(), 1);
    QVariantList row;
    for (qsizetype i = 0; i < pager.entityColumnCount(); ++i)
        row.append(u"c%1"_s.arg(i));
    row.append(u"Jazz"_s);
    const qsizetype id = registry.mapper<Track>().columnProperties().indexOf(
            registry.mapper<Track>().columnProperty(u"id"_s));
    const qsizetype milliseconds = registry.mapper<Track>().columnProperties().indexOf(
            registry.mapper<Track>().columnProperty(u"milliseconds"_s));
    QCOMPARE(pager.sortKey(row), QVariantList({ u"Jazz"_s, row.at(milliseconds), row.at(id) }));
}

void tst_KeysetPager::chinookPages_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("pageSize");
    for (const QString &database : Test::databases()) {
        for (int pageSize : { 37, 500, 4000 })
            QTest::newRow(qPrintable(u"%1:%2 rows a page"_s.arg(database).arg(pageSize)))
                    << database << pageSize;
    }
}

/*
    Tracks by (genre name, -milliseconds) page by page: read as Core rows (key columns in the
    page) and as objects a Session loads (key columns read by keyColumnsOf()), the pages put
    together equal one ordered query, with no gap and no duplicate.
*/
void tst_KeysetPager::chinookPages()
{
    QFETCH(int, pageSize);
    CHINOOK_SETUP(db, registry, sql);
    const QList<int> expected = sql.ids(
            u"SELECT t.[TrackId] FROM [Track] t LEFT JOIN [Genre] g ON g.[GenreId] = t.[GenreId] "
            u"ORDER BY CASE WHEN g.[Name] IS NULL THEN 1 ELSE 0 END, g.[Name], t.[Milliseconds] "
            u"DESC, t.[TrackId]"_s);
    QCOMPARE(expected.size(), 3503);
    const QueryOrder order =
            compileOrderBy(registry.mapper<Track>(), { u"genre.name"_s, u"-milliseconds"_s });
    QVERIFY2(!order.hasError(), qPrintable(order.error.text()));
    const KeysetPager pager(withOrder(select<Track>(), order));
    QVERIFY2(pager.isValid(), qPrintable(pager.error().text()));
    const qsizetype idColumn = registry.mapper<Track>().columnProperties().indexOf(
            registry.mapper<Track>().columnProperty(u"id"_s));

    // Core rows: the class's columns, then qorm_k1.
    QList<int> ids;
    QVariantList key;
    int pages = 0;
    for (;;) {
        const EntitySelectBase page =
                key.isEmpty() ? pager.firstPage(pageSize) : pager.nextPage(key, pageSize);
        Result result = db.execute(page.statement());
        QVERIFY2(result.isValid(), qPrintable(Test::describe(result.error())));
        const QList<Row> rows = result.all();
        QVERIFY2(++pages <= expected.size() + 1, "pages do not end"); // a broken after()
        for (const Row &row : rows) {
            QCOMPARE(qsizetype(row.count()), pager.entityColumnCount() + 1);
            ids.append(row.value(int(idColumn)).toInt());
        }
        if (rows.size() < pageSize)
            break;
        key = pager.sortKey(rows.last().values());
    }
    QCOMPARE(pages, 3503 / pageSize + 1);
    QCOMPARE(ids.size(), expected.size());
    QCOMPARE(ids, expected);

    // Objects: Session::execute() loads each page; the last object's plain terms come from the
    // session, its key column from keyColumnsOf(). Then again with eager loaders: they load
    // per page, as in any query.
    const KeysetPager eager(withOrder(select<Track>()
                                              .load(u"album"_s, LoadStrategy::Joined)
                                              .load(u"genre"_s, LoadStrategy::SelectIn),
                                      order));
    for (const KeysetPager *objectPager : { &pager, &eager }) {
        Session session(db, registry);
        Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
        ids.clear();
        key.clear();
        for (;;) {
            QVERIFY2(ids.size() <= expected.size(), "pages do not end"); // a broken after()
            const ObjectResult result = session.execute(
                    key.isEmpty()
                            ? objectPager->firstPage(pageSize, KeysetPager::WithoutKeyColumns)
                            : objectPager->nextPage(key, pageSize, KeysetPager::WithoutKeyColumns));
            QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
            ids += idsOf(result.objects());
            if (objectPager == &eager) {
                for (QObject *object : result.objects()) {
                    const auto *track = static_cast<Track *>(object);
                    QVERIFY(track->album() && track->genre());
                }
            }
            if (result.count() < pageSize)
                break;
            QObject *last = result.objects().last();
            Result keyColumns =
                    session.execute(objectPager->keyColumnsOf({ last->property("id") }));
            QVERIFY2(keyColumns.isValid(), qPrintable(Test::describe(keyColumns.error())));
            const std::optional<Row> keyRow = keyColumns.first();
            QVERIFY(keyRow);
            key = objectPager->sortKey(session, last, keyRow->values());
        }
        QCOMPARE(ids, expected);
        for (const QString &statement : recorder.statements())
            QVERIFY2(!statement.contains(u"OFFSET"_s, Qt::CaseInsensitive), qPrintable(statement));
    }
}

void tst_KeysetPager::nullsAndCompositeKeys_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("order");
    const char *orders[] = {
        "key", "label", "-label", "label nulls first", "-label nulls last", "rank, -label, -code"
    };
    for (const QString &database : Test::databases()) {
        for (int i = 0; i < int(std::size(orders)); ++i)
            QTest::newRow(qPrintable(database + u':' + QString::fromLatin1(orders[i])))
                    << database << i;
    }
}

/*
    A composite key and a nullable column with many NULLs and repeats, paged by objects in
    every NULL placement: the pages put together are the rows in the order computed here.
*/
void tst_KeysetPager::nullsAndCompositeKeys()
{
    QFETCH(QString, database);
    QFETCH(int, order);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(registry.map<Membership>(), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    struct Item
    {
        qint64 groupId;
        QString code;
        QString label; // null: NULL
        int rank;
    };
    QList<Item> items;
    {
        Session writer(db, registry);
        QRandomGenerator random(42);
        const QStringList labels{ QString(), u"a"_s, u"b"_s, u"c"_s };
        for (qint64 group = 1; group <= 4; ++group) {
            for (const QString &code : { u"x"_s, u"y"_s, u"z"_s, u"w"_s, u"v"_s }) {
                const Item item{ group, code, labels.at(random.bounded(4)),
                                 int(random.bounded(3)) };
                items.append(item);
                auto *membership = new Membership;
                membership->m_groupId = item.groupId;
                membership->m_code = item.code;
                membership->m_label = item.label;
                membership->m_rank = item.rank;
                QVERIFY(writer.add(membership));
            }
        }
        QVERIFY2(writer.commit(), qPrintable(Test::describe(writer.lastError())));
    }
    // NULLs, not empty strings, and repeats.
    Result nulls = db.execute(Qorm::select({ Function::count() })
                                      .from(registry.mapper<Membership>().table())
                                      .where(attribute<Membership>(u"label"_s).isNull()));
    QVERIFY2(nulls.isValid(), qPrintable(Test::describe(nulls.error())));
    const int nullCount = nulls.scalar().toInt();
    QCOMPARE(nullCount, int(std::count_if(items.cbegin(), items.cend(), [](const Item &item) {
                 return item.label.isNull();
             })));
    QVERIFY(nullCount >= 3);
    // label compared with NULLs first or last; then the rest.
    const auto compareLabel = [](const QString &a, const QString &b, bool nullsFirst) {
        if (a.isNull() != b.isNull())
            return a.isNull() == nullsFirst ? -1 : 1;
        return a.compare(b);
    };
    const auto compareKey = [](const Item &a, const Item &b) {
        if (a.groupId != b.groupId)
            return a.groupId < b.groupId ? -1 : 1;
        return a.code.compare(b.code);
    };
    const Expression label = attribute<Membership>(u"label"_s);
    EntitySelect<Membership> query;
    std::function<int(const Item &, const Item &)> compare;
    switch (order) {
    case 0:
        compare = compareKey;
        break;
    case 1:
        query = query.orderBy({ label });
        compare = [&](const Item &a, const Item &b) {
            const int c = compareLabel(a.label, b.label, false);
            return c ? c : compareKey(a, b);
        };
        break;
    case 2:
        query = query.orderBy({ label.descending() });
        compare = [&](const Item &a, const Item &b) {
            const int c = -compareLabel(a.label, b.label, false); // NULLs first
            return c ? c : compareKey(a, b);
        };
        break;
    case 3:
        query = query.orderBy({ label.nullsFirst() });
        compare = [&](const Item &a, const Item &b) {
            const int c = compareLabel(a.label, b.label, true);
            return c ? c : compareKey(a, b);
        };
        break;
    case 4:
        query = query.orderBy({ label.descending().nullsLast() });
        compare = [&](const Item &a, const Item &b) {
            const int c = -compareLabel(a.label, b.label, true); // NULLs last
            return c ? c : compareKey(a, b);
        };
        break;
    case 5:
        query = query.orderBy({ attribute<Membership>(u"rank"_s), label.descending(),
                                attribute<Membership>(u"code"_s).descending() });
        compare = [&](const Item &a, const Item &b) {
            if (a.rank != b.rank)
                return a.rank < b.rank ? -1 : 1;
            if (const int c = -compareLabel(a.label, b.label, false))
                return c;
            if (const int c = -a.code.compare(b.code))
                return c;
            return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
        };
        break;
    }
    std::sort(items.begin(), items.end(),
              [&](const Item &a, const Item &b) { return compare(a, b) < 0; });
    QStringList expected;
    for (const Item &item : std::as_const(items))
        expected.append(u"%1/%2"_s.arg(item.groupId).arg(item.code));

    const KeysetPager pager(query);
    QVERIFY2(pager.isValid(), qPrintable(pager.error().text()));
    QVERIFY(pager.keyColumns().isEmpty()); // every term is a column of the class
    for (int pageSize : { 1, 3, 7 }) {
        Session session(db, registry);
        QStringList read;
        QVariantList key;
        for (;;) {
            QVERIFY2(read.size() <= expected.size(), "pages do not end"); // a broken after()
            const ObjectResult result = session.execute(
                    key.isEmpty() ? pager.firstPage(pageSize) : pager.nextPage(key, pageSize));
            QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
            for (const QObject *object : result.objects()) {
                read.append(u"%1/%2"_s.arg(object->property("groupId").toLongLong())
                                    .arg(object->property("code").toString()));
            }
            if (result.count() < pageSize)
                break;
            // An unflushed change does not move the boundary: the database sorted the row.
            QObject *last = result.objects().last();
            last->setProperty("label", u"zzz"_s);
            key = pager.sortKey(session, last);
            QVERIFY(session.expunge(last));
            delete last;
        }
        QCOMPARE(read, expected);
    }
}

QTEST_GUILESS_MAIN(tst_KeysetPager)
#include "tst_keysetpager.moc"
