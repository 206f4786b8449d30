// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The Chinook sample database mapped with Qorm, on every configured database: its schema as
// the database's own script (or file) made it, never created by Qorm, with PascalCase names on
// SQLite and MariaDB and snake_case names on PostgreSQL. Every test compares what the ORM
// loads, navigates and writes with plain SQL on the same connection.

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
#include <ctime>
#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;
using Chinook::centsOf;

namespace {

template<typename T>
QList<int> idsOf(const QList<T *> &objects)
{
    QList<int> ids;
    for (const T *object : objects)
        ids.append(object->m_id);
    return ids;
}

QList<int> sorted(QList<int> list)
{
    std::sort(list.begin(), list.end());
    return list;
}

// The rows of a table, in the database and as loaded: the counts must agree.
template<typename T>
bool loadsEveryRow(Session &session, Chinook::PlainSql &sql, QString *message)
{
    const QString table = QString::fromLatin1(T::staticMetaObject.className());
    const ScalarResult<T> result = session.scalars(select<T>());
    if (result.hasError()) {
        *message = table + u": "_s + Test::describe(result.error());
        return false;
    }
    const qsizetype loaded = result.all().size();
    const qint64 expected = sql.scalar(u"SELECT count(*) FROM [%1]"_s.arg(table)).toLongLong();
    if (loaded != expected || expected == 0) {
        *message = u"%1: loaded %2 objects, the table has %3 rows"_s.arg(table).arg(loaded).arg(
                expected);
        return false;
    }
    return true;
}

// Sets the process's time zone (TZ) for its lifetime.
class TimeZoneOverride
{
public:
    explicit TimeZoneOverride(const QByteArray &zone)
        : m_wasSet(qEnvironmentVariableIsSet("TZ")),
          m_previous(qgetenv("TZ"))
    {
        qputenv("TZ", zone);
        tzset();
    }
    ~TimeZoneOverride()
    {
        if (m_wasSet)
            qputenv("TZ", m_previous);
        else
            qunsetenv("TZ");
        tzset();
    }
    TimeZoneOverride(const TimeZoneOverride &) = delete;
    TimeZoneOverride &operator=(const TimeZoneOverride &) = delete;

private:
    bool m_wasSet;
    QByteArray m_previous;
};

} // namespace

// Connects to the row's database holding the Chinook data, maps it with that database's
// names, and declares `sql` for plain SQL there.
#define SETUP(db, registry, sql) CHINOOK_SETUP(db, registry, sql)

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_Chinook : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void schema_data() { Test::addDatabaseColumn(); }
    void schema();
    void artistAlbumsTracks_data() { Test::addDatabaseColumn(); }
    void artistAlbumsTracks();
    void invoiceLines_data() { Test::addDatabaseColumn(); }
    void invoiceLines();
    void employees_data() { Test::addDatabaseColumn(); }
    void employees();
    void playlists_data() { Test::addDatabaseColumn(); }
    void playlists();
    void selectInAlbums_data() { Test::addDatabaseColumn(); }
    void selectInAlbums();
    void selectInObjectsInSession_data() { Test::addDatabaseColumn(); }
    void selectInObjectsInSession();
    void modifyAndFlush_data() { Test::addDatabaseColumn(); }
    void modifyAndFlush();
    void dateTimesInAnotherTimeZone_data() { Test::addDatabaseColumn(); }
    void dateTimesInAnotherTimeZone();
};

void tst_Chinook::initTestCase()
{
    const QDir directory(Chinook::dataDirectory());
    for (const QString &file :
         { u"Chinook_Sqlite.sqlite"_s, u"Chinook_PostgreSql.sql"_s, u"Chinook_MySql.sql"_s }) {
        if (!directory.exists(file))
            QSKIP(qPrintable(u"The Chinook data is not there: %1 (set QORM_CHINOOK_DIR to the "
                             u"folder with the files of "
                             u"https://github.com/lerocha/chinook-database)"_s.arg(
                                     directory.filePath(file))));
    }
    // The script parser: the statements that matter, none that would leave the test database.
    QString error;
    const QStringList statements =
            Chinook::scriptStatements(directory.filePath(u"Chinook_MySql.sql"_s), &error);
    QVERIFY2(!statements.isEmpty(), qPrintable(error));
    QCOMPARE(statements.filter(QRegularExpression(u"^CREATE TABLE"_s)).size(), 11);
    QVERIFY(statements.filter(QRegularExpression(u"^(USE|DROP|CREATE DATABASE)"_s)).isEmpty());
}

// The mapping is the database's schema: the same tables, every column, the same primary and
// foreign keys; and every class loads one object per row.
void tst_Chinook::schema()
{
    SETUP(db, registry, sql);
    const DialectType dialect = db.dialect().type();

    QStringList mappedTables;
    for (const Table &table : registry.metadata().tables())
        mappedTables.append(table.name());
    QString tablesSql;
    switch (dialect) {
    case DialectType::SQLite:
        tablesSql = u"SELECT name FROM sqlite_master WHERE type = 'table'"_s;
        break;
    case DialectType::PostgreSQL:
        tablesSql = u"SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    u"current_schema()"_s;
        break;
    case DialectType::MySQL:
        tablesSql = u"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                    u"DATABASE()"_s;
        break;
    }
    QStringList databaseTables = sql.strings(tablesSql);
    databaseTables.sort();
    mappedTables.sort();
    QCOMPARE(mappedTables, databaseTables);
    QCOMPARE(mappedTables.size(), 11);

    QStringList mappedKeys;
    QStringList databaseKeys;
    for (const Table &table : registry.metadata().tables()) {
        QStringList columns;
        for (const Column &column : table.columns())
            columns.append(column.name());
        QStringList key;
        for (const Column &column : table.primaryKey())
            key.append(column.name());
        QStringList databaseColumns;
        QStringList databaseKey;
        switch (dialect) {
        case DialectType::SQLite:
            databaseColumns = sql.strings(u"SELECT name FROM pragma_table_info(?) ORDER BY cid"_s,
                                          { table.name() });
            databaseKey =
                    sql.strings(u"SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"_s,
                                { table.name() });
            break;
        case DialectType::PostgreSQL:
            databaseColumns = sql.strings(
                    u"SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    u"current_schema() AND table_name = ? ORDER BY ordinal_position"_s,
                    { table.name() });
            databaseKey = sql.strings(
                    u"SELECT kcu.column_name FROM information_schema.table_constraints tc JOIN "
                    u"information_schema.key_column_usage kcu ON kcu.constraint_name = "
                    u"tc.constraint_name AND kcu.table_schema = tc.table_schema AND "
                    u"kcu.table_name = tc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' "
                    u"AND tc.table_schema = current_schema() AND tc.table_name = ? ORDER BY "
                    u"kcu.ordinal_position"_s,
                    { table.name() });
            break;
        case DialectType::MySQL:
            databaseColumns = sql.strings(
                    u"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    u"DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION"_s,
                    { table.name() });
            databaseKey = sql.strings(
                    u"SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
                    u"TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = "
                    u"'PRIMARY' ORDER BY ORDINAL_POSITION"_s,
                    { table.name() });
            break;
        }
        // Column order aside: Qorm's follows the properties.
        columns.sort();
        databaseColumns.sort();
        QCOMPARE(columns, databaseColumns);
        mappedKeys.append(table.name() + u'(' + key.join(u", "_s) + u')');
        databaseKeys.append(table.name() + u'(' + databaseKey.join(u", "_s) + u')');
    }
    QCOMPARE(mappedKeys, databaseKeys);

    QStringList mappedForeignKeys;
    for (const Table &table : registry.metadata().tables()) {
        for (const Column &column : table.columns()) {
            const ForeignKey foreignKey = column.options().foreignKey;
            if (foreignKey.isValid())
                mappedForeignKeys.append(u"%1.%2 -> %3.%4"_s.arg(table.name(), column.name(),
                                                                 foreignKey.targetTable(),
                                                                 foreignKey.targetColumn()));
        }
    }
    QString foreignKeysSql;
    switch (dialect) {
    case DialectType::SQLite:
        foreignKeysSql = u"SELECT m.name, f.\"from\", f.\"table\", f.\"to\" FROM sqlite_master m "
                         u"JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"_s;
        break;
    case DialectType::PostgreSQL:
        foreignKeysSql =
                u"SELECT kcu.table_name, kcu.column_name, ccu.table_name, ccu.column_name FROM "
                u"information_schema.table_constraints tc JOIN "
                u"information_schema.key_column_usage kcu ON kcu.constraint_name = "
                u"tc.constraint_name AND kcu.table_schema = tc.table_schema JOIN "
                u"information_schema.constraint_column_usage ccu ON ccu.constraint_name = "
                u"tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema WHERE "
                u"tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"_s;
        break;
    case DialectType::MySQL:
        foreignKeysSql = u"SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, "
                         u"REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                         u"WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT "
                         u"NULL"_s;
        break;
    }
    QStringList databaseForeignKeys;
    for (const QVariantList &row : sql.rows(foreignKeysSql))
        databaseForeignKeys.append(
                u"%1.%2 -> %3.%4"_s.arg(row.at(0).toString(), row.at(1).toString(),
                                        row.at(2).toString(), row.at(3).toString()));
    mappedForeignKeys.sort();
    databaseForeignKeys.sort();
    QCOMPARE(mappedForeignKeys, databaseForeignKeys);
    QCOMPARE(mappedForeignKeys.size(), 11);

    // Every column of every class reads without error, one object per row.
    Session session(db, registry);
    QString message;
    QVERIFY2(loadsEveryRow<Artist>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Album>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Genre>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<MediaType>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Track>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Playlist>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Employee>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Customer>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<Invoice>(session, sql, &message), qPrintable(message));
    QVERIFY2(loadsEveryRow<InvoiceLine>(session, sql, &message), qPrintable(message));
}

// Artist -> albums -> tracks -> genre and media type, for AC/DC (1) and for the artist with
// the most albums.
void tst_Chinook::artistAlbumsTracks()
{
    SETUP(db, registry, sql);
    const int mostAlbums = sql.scalar(u"SELECT [ArtistId] FROM [Album] GROUP BY [ArtistId] "
                                      u"ORDER BY count(*) DESC, [ArtistId] LIMIT 1"_s)
                                   .toInt();
    QVERIFY(mostAlbums > 0);
    Session session(db, registry);
    for (const int artistId : { 1, mostAlbums }) {
        Artist *artist = session.get<Artist>(artistId);
        QVERIFY(artist);
        QCOMPARE(artist->m_name,
                 sql.scalar(u"SELECT [Name] FROM [Artist] WHERE [ArtistId] = ?"_s, { artistId })
                         .toString());

        // The albums, by title (orderBy=title, then the key).
        QList<int> albumIds;
        QStringList titles;
        for (Album *album : *artist->albums()) {
            albumIds.append(album->m_id);
            titles.append(album->m_title);
            QCOMPARE(album->artist(), artist);
            QCOMPARE(album->m_artistId, artistId);
        }
        QCOMPARE(albumIds,
                 sql.ids(u"SELECT [AlbumId] FROM [Album] WHERE [ArtistId] = ? ORDER BY [Title], "
                         u"[AlbumId]"_s,
                         { artistId }));
        QCOMPARE(titles,
                 sql.strings(u"SELECT [Title] FROM [Album] WHERE [ArtistId] = ? ORDER BY "
                             u"[Title], [AlbumId]"_s,
                             { artistId }));
        QVERIFY(!albumIds.isEmpty());

        // Each album's tracks, with their genre and media type.
        int trackCount = 0;
        for (Album *album : *artist->albums()) {
            QStringList tracks;
            for (Track *track : *album->tracks()) {
                QCOMPARE(track->album(), album);
                QVERIFY(track->mediaType());
                QCOMPARE(track->mediaType()->m_id, track->m_mediaTypeId);
                tracks.append(u"%1 | %2 | %3 | %4 | %5"_s.arg(
                        QString::number(track->m_id), track->m_name,
                        track->genre() ? track->genre()->m_name : u"(none)"_s,
                        track->mediaType()->m_name, QString::number(centsOf(track->m_unitPrice))));
                ++trackCount;
            }
            QStringList expected;
            for (const QVariantList &row :
                 sql.rows(u"SELECT t.[TrackId], t.[Name], g.[Name], m.[Name], t.[UnitPrice] FROM "
                          u"[Track] t LEFT JOIN [Genre] g ON g.[GenreId] = t.[GenreId] JOIN "
                          u"[MediaType] m ON m.[MediaTypeId] = t.[MediaTypeId] WHERE t.[AlbumId] "
                          u"= ? ORDER BY t.[TrackId]"_s,
                          { album->m_id }))
                expected.append(u"%1 | %2 | %3 | %4 | %5"_s.arg(
                        row.at(0).toString(), row.at(1).toString(),
                        row.at(2).isNull() ? u"(none)"_s : row.at(2).toString(),
                        row.at(3).toString(), QString::number(centsOf(row.at(4)))));
            QCOMPARE(tracks, expected);
        }
        QCOMPARE(trackCount,
                 sql.scalar(u"SELECT count(*) FROM [Track] t JOIN [Album] a ON a.[AlbumId] = "
                            u"t.[AlbumId] WHERE a.[ArtistId] = ?"_s,
                            { artistId })
                         .toInt());
    }
}

// An invoice's lines and their tracks; the lines add up to the total, for every invoice.
void tst_Chinook::invoiceLines()
{
    SETUP(db, registry, sql);
    const int invoiceId = sql.scalar(u"SELECT [InvoiceId] FROM [InvoiceLine] GROUP BY "
                                     u"[InvoiceId] ORDER BY count(*) DESC, [InvoiceId] LIMIT 1"_s)
                                  .toInt();
    QVERIFY(invoiceId > 0);
    Session session(db, registry);
    Invoice *invoice = session.get<Invoice>(invoiceId);
    QVERIFY(invoice);
    const QVariantList header =
            sql.rows(u"SELECT [CustomerId], [Total], %1 FROM [Invoice] WHERE [InvoiceId] = ?"_s.arg(
                             Chinook::dateText(db, u"[InvoiceDate]"_s, true)),
                     { invoiceId })
                    .value(0);
    QCOMPARE(header.size(), 3);
    QVERIFY(invoice->customer());
    QCOMPARE(invoice->customer()->m_id, header.at(0).toInt());
    QVERIFY(invoice->customer()->invoices()->contains(invoice));
    QVERIFY2(QRegularExpression(u"^\\d+\\.\\d\\d$"_s).match(invoice->m_total).hasMatch(),
             qPrintable(invoice->m_total)); // NUMERIC(10,2) as exact text
    QCOMPARE(centsOf(invoice->m_total), centsOf(header.at(1)));
    QCOMPARE(invoice->m_invoiceDate.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s),
             header.at(2).toString());

    QStringList lines;
    qint64 sum = 0;
    for (InvoiceLine *line : *invoice->lines()) {
        QCOMPARE(line->invoice(), invoice);
        QVERIFY(line->track());
        QCOMPARE(line->track()->m_id, line->m_trackId);
        bool ok = false;
        const qint64 unitPrice = centsOf(line->m_unitPrice, &ok);
        QVERIFY2(ok, qPrintable(line->m_unitPrice));
        sum += unitPrice * line->m_quantity;
        lines.append(u"%1 | %2 | %3 | %4 | %5"_s.arg(line->m_id)
                             .arg(line->track()->m_id)
                             .arg(line->track()->m_name)
                             .arg(unitPrice)
                             .arg(line->m_quantity));
    }
    QStringList expected;
    for (const QVariantList &row :
         sql.rows(u"SELECT l.[InvoiceLineId], t.[TrackId], t.[Name], l.[UnitPrice], "
                  u"l.[Quantity] FROM [InvoiceLine] l JOIN [Track] t ON t.[TrackId] = "
                  u"l.[TrackId] WHERE l.[InvoiceId] = ? ORDER BY l.[InvoiceLineId]"_s,
                  { invoiceId }))
        expected.append(u"%1 | %2 | %3 | %4 | %5"_s.arg(
                row.at(0).toString(), row.at(1).toString(), row.at(2).toString(),
                QString::number(centsOf(row.at(3))), row.at(4).toString()));
    QCOMPARE(lines, expected);
    QVERIFY(lines.size() > 1);
    QCOMPARE(sum,
             centsOf(sql.scalar(u"SELECT sum([UnitPrice] * [Quantity]) FROM [InvoiceLine] WHERE "
                                u"[InvoiceId] = ?"_s,
                                { invoiceId })));
    QCOMPARE(sum, centsOf(invoice->m_total));

    // Every invoice, its lines loaded with one more SELECT (in a new session: see
    // selectInObjectsInSession()): each adds up to its total, as in the database.
    Session all(db, registry);
    const QList<Invoice *> invoices =
            all.scalars(select<Invoice>().load(u"lines"_s, LoadStrategy::SelectIn)).all();
    QMap<int, qint64> sums;
    QMap<int, qint64> totals;
    for (Invoice *each : invoices) {
        QVERIFY(each->lines()->isLoaded());
        qint64 lineSum = 0;
        for (InvoiceLine *line : *each->lines())
            lineSum += centsOf(line->m_unitPrice) * line->m_quantity;
        sums.insert(each->m_id, lineSum);
        totals.insert(each->m_id, centsOf(each->m_total));
    }
    QMap<int, qint64> expectedSums;
    QMap<int, qint64> expectedTotals;
    for (const QVariantList &row :
         sql.rows(u"SELECT i.[InvoiceId], i.[Total], (SELECT sum(l.[UnitPrice] * l.[Quantity]) "
                  u"FROM [InvoiceLine] l WHERE l.[InvoiceId] = i.[InvoiceId]) FROM [Invoice] "
                  u"i"_s)) {
        expectedTotals.insert(row.at(0).toInt(), centsOf(row.at(1)));
        expectedSums.insert(row.at(0).toInt(), centsOf(row.at(2)));
    }
    QCOMPARE(invoices.size(), expectedTotals.size());
    QCOMPARE(totals, expectedTotals);
    QCOMPARE(sums, expectedSums);
    QCOMPARE(sums, totals);
}

// Customer -> support rep -> manager chain (ReportsTo) up to the general manager; the
// employees' reports and customers.
void tst_Chinook::employees()
{
    SETUP(db, registry, sql);
    const QList<int> top = sql.ids(u"SELECT [EmployeeId] FROM [Employee] WHERE [ReportsTo] IS "
                                   u"NULL"_s);
    QCOMPARE(top.size(), 1);
    const int generalManagerId = top.first();
    QHash<int, int> managerOf; // from the database
    for (const QVariantList &row :
         sql.rows(u"SELECT [EmployeeId], [ReportsTo] FROM [Employee] WHERE [ReportsTo] IS NOT "
                  u"NULL"_s))
        managerOf.insert(row.at(0).toInt(), row.at(1).toInt());

    Session session(db, registry);
    const QList<Customer *> customers =
            session.scalars(select<Customer>().orderBy({ attribute<Customer>(u"id"_s) })).all();
    QCOMPARE(idsOf(customers),
             sql.ids(u"SELECT [CustomerId] FROM [Customer] ORDER BY "
                     u"[CustomerId]"_s));
    QHash<int, int> repOf;
    for (const QVariantList &row : sql.rows(u"SELECT [CustomerId], [SupportRepId] FROM "
                                            u"[Customer]"_s))
        repOf.insert(row.at(0).toInt(), row.at(1).toInt());
    for (Customer *customer : customers) {
        Employee *rep = customer->supportRep();
        QVERIFY(rep);
        QCOMPARE(rep->m_id, repOf.value(customer->m_id));
        QVERIFY(rep->customers()->contains(customer));
        // Up the chain, to the general manager.
        QList<int> chain;
        for (Employee *employee = rep; employee; employee = employee->manager()) {
            QVERIFY2(chain.size() < 20, "a cycle in Employee.manager");
            chain.append(employee->m_id);
        }
        QList<int> expected;
        for (int id = repOf.value(customer->m_id); id; id = managerOf.value(id))
            expected.append(id);
        QCOMPARE(chain, expected);
        QCOMPARE(chain.last(), generalManagerId);
    }

    Employee *generalManager = session.get<Employee>(generalManagerId);
    QVERIFY(generalManager);
    QCOMPARE(generalManager->manager(), nullptr);
    QCOMPARE(idsOf(generalManager->reports()->toList()),
             sql.ids(u"SELECT [EmployeeId] FROM [Employee] WHERE [ReportsTo] = ? ORDER BY "
                     u"[EmployeeId]"_s,
                     { generalManagerId }));
    QVERIFY(!generalManager->reports()->isEmpty());
    for (Employee *report : *generalManager->reports())
        QCOMPARE(report->manager(), generalManager);

    // Every employee: reports, customers and dates as in the database.
    const QList<Employee *> employees = session.scalars(select<Employee>()).all();
    QCOMPARE(employees.size(), sql.scalar(u"SELECT count(*) FROM [Employee]"_s).toInt());
    for (Employee *employee : employees) {
        QCOMPARE(idsOf(employee->reports()->toList()),
                 sql.ids(u"SELECT [EmployeeId] FROM [Employee] WHERE [ReportsTo] = ? ORDER BY "
                         u"[EmployeeId]"_s,
                         { employee->m_id }));
        QCOMPARE(idsOf(employee->customers()->toList()),
                 sql.ids(u"SELECT [CustomerId] FROM [Customer] WHERE [SupportRepId] = ? ORDER BY "
                         u"[CustomerId]"_s,
                         { employee->m_id }));
        const QVariantList dates =
                sql.rows(u"SELECT %1, %2 FROM [Employee] WHERE [EmployeeId] = ?"_s.arg(
                                 Chinook::dateText(db, u"[BirthDate]"_s, false),
                                 Chinook::dateText(db, u"[HireDate]"_s, false)),
                         { employee->m_id })
                        .value(0);
        QCOMPARE(employee->m_birthDate.toString(Qt::ISODate), dates.value(0).toString());
        QCOMPARE(employee->m_hireDate.toString(Qt::ISODate), dates.value(1).toString());
    }
}

// Playlist <-> Track through PlaylistTrack.
void tst_Chinook::playlists()
{
    SETUP(db, registry, sql);
    Session session(db, registry);
    const QList<Playlist *> playlists = session.scalars(select<Playlist>()).all();
    QCOMPARE(playlists.size(), sql.scalar(u"SELECT count(*) FROM [Playlist]"_s).toInt());
    for (Playlist *playlist : playlists) {
        const QList<int> expected = sql.ids(u"SELECT [TrackId] FROM [PlaylistTrack] WHERE "
                                            u"[PlaylistId] = ? ORDER BY [TrackId]"_s,
                                            { playlist->m_id });
        QCOMPARE(playlist->tracks()->size(), expected.size());
        QCOMPARE(sorted(idsOf(playlist->tracks()->toList())), expected);
    }

    // The track on the most playlists: its playlists, the same objects as above.
    const int trackId = sql.scalar(u"SELECT [TrackId] FROM [PlaylistTrack] GROUP BY [TrackId] "
                                   u"ORDER BY count(*) DESC, [TrackId] LIMIT 1"_s)
                                .toInt();
    Track *track = session.get<Track>(trackId);
    QVERIFY(track);
    const QList<int> expected = sql.ids(u"SELECT [PlaylistId] FROM [PlaylistTrack] WHERE "
                                        u"[TrackId] = ? ORDER BY [PlaylistId]"_s,
                                        { trackId });
    QVERIFY(expected.size() > 1);
    QCOMPARE(sorted(idsOf(track->playlists()->toList())), expected);
    for (Playlist *playlist : *track->playlists()) {
        QVERIFY(playlists.contains(playlist));
        QVERIFY(playlist->tracks()->contains(track));
    }
}

// select<Artist>().load(albums, SelectIn): every artist's albums with one more SELECT.
void tst_Chinook::selectInAlbums()
{
    SETUP(db, registry, sql);
    QHash<int, QList<int>> expected;
    for (const QVariantList &row : sql.rows(u"SELECT [ArtistId], [AlbumId] FROM [Album] ORDER BY "
                                            u"[ArtistId], [Title], [AlbumId]"_s))
        expected[row.at(0).toInt()].append(row.at(1).toInt());
    const int artistCount = sql.scalar(u"SELECT count(*) FROM [Artist]"_s).toInt();
    const int withoutAlbums =
            sql.scalar(u"SELECT count(*) FROM [Artist] a WHERE NOT EXISTS (SELECT 1 FROM "
                       u"[Album] b WHERE b.[ArtistId] = a.[ArtistId])"_s)
                    .toInt();
    QVERIFY(withoutAlbums > 0);

    Session session(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const QList<Artist *> artists =
            session.scalars(select<Artist>().load(u"albums"_s, LoadStrategy::SelectIn)).all();
    QCOMPARE(recorder.count(), 2);
    QVERIFY2(recorder.statements().at(1).contains(u" IN ("_s),
             qPrintable(recorder.statements().at(1)));
    QCOMPARE(artists.size(), artistCount);
    int empty = 0;
    for (Artist *artist : artists) {
        QVERIFY(artist->albums()->isLoaded());
        QCOMPARE(artist->albums()->size(), expected.value(artist->m_id).size());
        QCOMPARE(idsOf(artist->albums()->toList()), expected.value(artist->m_id));
        for (Album *album : *artist->albums())
            QCOMPARE(album->artist(), artist);
        empty += artist->albums()->isEmpty();
    }
    QCOMPARE(empty, withoutAlbums);
    QCOMPARE(recorder.count(), 2); // reading them loaded nothing more
}

// The same query when some of the artists are in the session already, their albums not
// loaded yet: the query returns them too, so it loads their albums with the others'.
void tst_Chinook::selectInObjectsInSession()
{
    SETUP(db, registry, sql);
    const QList<int> expected = sql.ids(u"SELECT [AlbumId] FROM [Album] WHERE [ArtistId] = 1 "
                                        u"ORDER BY [Title], [AlbumId]"_s);
    QVERIFY(!expected.isEmpty());

    Session session(db, registry);
    Artist *known = session.get<Artist>(1);
    QVERIFY(known);
    QVERIFY(!known->albums()->isLoaded());
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const QList<Artist *> artists =
            session.scalars(select<Artist>().load(u"albums"_s, LoadStrategy::SelectIn)).all();
    QVERIFY(artists.contains(known));
    QCOMPARE(recorder.count(), 2);
    QVERIFY(known->albums()->isLoaded());
    QCOMPARE(idsOf(known->albums()->toList()), expected);
    QCOMPARE(recorder.count(), 2);
}

// Changes through the object graph, flushed and committed, then read back with plain SQL.
void tst_Chinook::modifyAndFlush()
{
    SETUP(db, registry, sql);
    Chinook::markModified(database); // the next test loads the data again

    // What to change, chosen by the database.
    const QVariantList first =
            sql.rows(u"SELECT [TrackId], [AlbumId] FROM [Track] ORDER BY [TrackId] LIMIT 1"_s)
                    .value(0);
    QCOMPARE(first.size(), 2);
    const int movedId = first.at(0).toInt();
    const int fromAlbumId = first.at(1).toInt();
    const int toAlbumId = sql.scalar(u"SELECT min([AlbumId]) FROM [Album] WHERE [AlbumId] <> ?"_s,
                                     { fromAlbumId })
                                  .toInt();
    const int newTrackId = sql.scalar(u"SELECT max([TrackId]) + 1 FROM [Track]"_s).toInt();
    const int mediaTypeId = sql.scalar(u"SELECT min([MediaTypeId]) FROM [MediaType]"_s).toInt();
    const int playlistId = sql.scalar(u"SELECT [PlaylistId] FROM [PlaylistTrack] GROUP BY "
                                      u"[PlaylistId] HAVING count(*) >= 2 ORDER BY count(*), "
                                      u"[PlaylistId] LIMIT 1"_s)
                                   .toInt();
    const QList<int> playlistBefore = sql.ids(u"SELECT [TrackId] FROM [PlaylistTrack] WHERE "
                                              u"[PlaylistId] = ? ORDER BY [TrackId]"_s,
                                              { playlistId });
    QVERIFY(playlistBefore.size() >= 2);
    const int leavingId = playlistBefore.first();
    const int joiningId = sql.scalar(u"SELECT min([TrackId]) FROM [Track] WHERE [TrackId] NOT IN "
                                     u"(SELECT [TrackId] FROM [PlaylistTrack] WHERE [PlaylistId] "
                                     u"= ?)"_s,
                                     { playlistId })
                                  .toInt();
    const QList<QVariantList> doomed =
            sql.rows(u"SELECT [InvoiceLineId], [InvoiceId] FROM "
                     u"[InvoiceLine] ORDER BY [InvoiceLineId] LIMIT 2"_s);
    QCOMPARE(doomed.size(), 2);
    const int generalManagerId =
            sql.scalar(u"SELECT [EmployeeId] FROM [Employee] WHERE [ReportsTo] IS NULL"_s).toInt();
    const QString oldTitle =
            sql.scalar(u"SELECT [Title] FROM [Album] WHERE [AlbumId] = ?"_s, { toAlbumId })
                    .toString();
    const QString newTitle = oldTitle + u" (Qorm edition)"_s;

    {
        Session session(db, registry);
        Album *from = session.get<Album>(fromAlbumId);
        Album *to = session.get<Album>(toAlbumId);
        Track *moved = session.get<Track>(movedId);
        QVERIFY(from && to && moved);
        QCOMPARE(moved->album(), from);
        QVERIFY(from->tracks()->contains(moved));

        // Rename an album; move a track into it through its collection.
        to->setProperty("title", newTitle);
        QVERIFY(to->tracks()->append(moved));
        QCOMPARE(moved->album(), to);
        QVERIFY(!from->tracks()->contains(moved));

        // A new track, through the collection: the session takes it (save-update cascade).
        auto *added = new Track;
        added->m_id = newTrackId;
        added->m_name = u"Qorm Test Track"_s;
        added->m_milliseconds = 123456;
        added->m_unitPrice = u"1.29"_s;
        MediaType *mediaType = session.get<MediaType>(mediaTypeId);
        QVERIFY(mediaType);
        added->setMediaType(mediaType);
        QVERIFY(to->tracks()->append(added));
        QCOMPARE(added->album(), to);
        QCOMPARE(session.state(added), ObjectState::Pending);

        // A playlist gains an existing track and the new one, and loses its first track.
        Playlist *playlist = session.get<Playlist>(playlistId);
        Track *joining = session.get<Track>(joiningId);
        Track *leaving = session.get<Track>(leavingId);
        QVERIFY(playlist && joining && leaving);
        QVERIFY(playlist->tracks()->append(joining));
        QVERIFY(added->playlists()->append(playlist)); // from the other side
        QVERIFY(playlist->tracks()->contains(added));
        QVERIFY(playlist->tracks()->remove(leaving));
        QVERIFY(!leaving->playlists()->contains(playlist));

        // Two invoice lines go: one removed from the session, one taken out of its invoice's
        // lines (delete-orphan).
        InvoiceLine *removed = session.get<InvoiceLine>(doomed.at(0).at(0).toInt());
        InvoiceLine *orphaned = session.get<InvoiceLine>(doomed.at(1).at(0).toInt());
        QVERIFY(removed && orphaned);
        VERIFY_SESSION(session.remove(removed), session);
        Invoice *invoice = orphaned->invoice();
        QVERIFY(invoice);
        QCOMPARE(invoice->m_id, doomed.at(1).at(1).toInt());
        QVERIFY(invoice->lines()->remove(orphaned));

        // The general manager's ReportsTo is NULL: changing another column keeps it so.
        Employee *generalManager = session.get<Employee>(generalManagerId);
        QVERIFY(generalManager);
        generalManager->setProperty("title", u"Chief Executive"_s);

        VERIFY_SESSION(session.commit(), session);
        QCOMPARE(moved->m_albumId, toAlbumId);
        QCOMPARE(added->m_albumId, toAlbumId);
        QCOMPARE(added->m_mediaTypeId, mediaTypeId);
        QCOMPARE(session.state(added), ObjectState::Persistent);
    }

    // Plain SQL on the same connection.
    QCOMPARE(sql.scalar(u"SELECT [Title] FROM [Album] WHERE [AlbumId] = ?"_s, { toAlbumId })
                     .toString(),
             newTitle);
    QCOMPARE(
            sql.scalar(u"SELECT [AlbumId] FROM [Track] WHERE [TrackId] = ?"_s, { movedId }).toInt(),
            toAlbumId);
    const QVariantList added =
            sql.rows(u"SELECT [Name], [AlbumId], [MediaTypeId], [GenreId], [Composer], "
                     u"[Milliseconds], [Bytes], [UnitPrice] FROM [Track] WHERE [TrackId] = ?"_s,
                     { newTrackId })
                    .value(0);
    QCOMPARE(added.size(), 8);
    QCOMPARE(added.at(0).toString(), u"Qorm Test Track"_s);
    QCOMPARE(added.at(1).toInt(), toAlbumId);
    QCOMPARE(added.at(2).toInt(), mediaTypeId);
    QVERIFY2(added.at(3).isNull(), qPrintable(Test::describe(added.at(3)))); // no genre set
    QVERIFY2(added.at(4).isNull(), qPrintable(Test::describe(added.at(4)))); // no composer
    QCOMPARE(added.at(5).toInt(), 123456);
    QCOMPARE(added.at(6), QVariant(0)); // an int property has no NULL: Bytes is 0
    QCOMPARE(centsOf(added.at(7)), 129);
    QList<int> playlistAfter = playlistBefore;
    playlistAfter.removeOne(leavingId);
    playlistAfter << joiningId << newTrackId;
    QCOMPARE(sql.ids(u"SELECT [TrackId] FROM [PlaylistTrack] WHERE [PlaylistId] = ? ORDER BY "
                     u"[TrackId]"_s,
                     { playlistId }),
             sorted(playlistAfter));
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM [InvoiceLine] WHERE [InvoiceLineId] IN (?, ?)"_s,
                        { doomed.at(0).at(0), doomed.at(1).at(0) })
                     .toInt(),
             0);
    const QVariantList manager =
            sql.rows(u"SELECT [Title], [ReportsTo] FROM [Employee] WHERE [EmployeeId] = ?"_s,
                     { generalManagerId })
                    .value(0);
    QCOMPARE(manager.value(0).toString(), u"Chief Executive"_s);
    QVERIFY2(manager.value(1).isNull(), qPrintable(Test::describe(manager.value(1))));

    // A new session reads the changes back through the relationships.
    Session session(db, registry);
    Album *to = session.get<Album>(toAlbumId);
    QVERIFY(to);
    QCOMPARE(to->m_title, newTitle);
    QCOMPARE(idsOf(to->tracks()->toList()),
             sql.ids(u"SELECT [TrackId] FROM [Track] WHERE [AlbumId] = ? ORDER BY [TrackId]"_s,
                     { toAlbumId }));
    QVERIFY(idsOf(to->tracks()->toList()).contains(newTrackId));
    Playlist *playlist = session.get<Playlist>(playlistId);
    QVERIFY(playlist);
    QCOMPARE(sorted(idsOf(playlist->tracks()->toList())), sorted(playlistAfter));
}

// Chinook's date-times are naive (DATETIME, TIMESTAMP WITHOUT TIME ZONE) and hold UTC wall-clock
// times as far as Qorm is concerned: they read and write the same in any local time zone of
// the client. Asia/Tokyo is UTC+9 all year.
void tst_Chinook::dateTimesInAnotherTimeZone()
{
    SETUP(db, registry, sql);
    Chinook::markModified(database);
    const TimeZoneOverride tokyo("Asia/Tokyo");
    if (QDateTime(QDate(2021, 1, 1), QTime(0, 0)).offsetFromUtc() != 9 * 3600)
        QSKIP("The Asia/Tokyo time zone is not available (tzdata)");

    QHash<int, QString> expected;
    for (const QVariantList &row : sql.rows(u"SELECT [InvoiceId], %1 FROM [Invoice]"_s.arg(
                 Chinook::dateText(db, u"[InvoiceDate]"_s, true))))
        expected.insert(row.at(0).toInt(), row.at(1).toString());
    QHash<int, QString> loaded;
    {
        Session session(db, registry);
        for (Invoice *invoice : session.scalars(select<Invoice>()).all())
            loaded.insert(invoice->m_id,
                          invoice->m_invoiceDate.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    }
    QCOMPARE(loaded.size(), expected.size());
    QStringList differing;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (loaded.value(it.key()) != it.value())
            differing.append(u"invoice %1: loaded %2, the database has %3"_s.arg(
                    QString::number(it.key()), loaded.value(it.key()), it.value()));
    }
    differing.sort();
    QVERIFY2(differing.isEmpty(),
             qPrintable(u"%1 of %2 invoice dates differ, e.g. %3"_s.arg(differing.size())
                                .arg(expected.size())
                                .arg(differing.mid(0, 3).join(u"; "_s))));

    // Written, and read back in a new session.
    const int invoiceId = expected.keys().first();
    const QDateTime when(QDate(2024, 2, 29), QTime(23, 30, 15), Qt::UTC);
    {
        Session session(db, registry);
        Invoice *invoice = session.get<Invoice>(invoiceId);
        QVERIFY(invoice);
        invoice->setProperty("invoiceDate", when);
        VERIFY_SESSION(session.commit(), session);
    }
    QCOMPARE(sql.scalar(u"SELECT %1 FROM [Invoice] WHERE [InvoiceId] = ?"_s.arg(
                                Chinook::dateText(db, u"[InvoiceDate]"_s, true)),
                        { invoiceId })
                     .toString(),
             u"2024-02-29 23:30:15"_s);
    Session session(db, registry);
    Invoice *invoice = session.get<Invoice>(invoiceId);
    QVERIFY(invoice);
    QCOMPARE(invoice->m_invoiceDate, when);
}

QTEST_GUILESS_MAIN(tst_Chinook)
#include "tst_chinook.moc"
