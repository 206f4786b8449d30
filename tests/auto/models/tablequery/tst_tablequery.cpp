// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// TableAdapter over a QueryModel, on every configured database, both under
// QAbstractItemModelTester: fetchMore() reaches the query model, header labels come from the
// class's qorm.label.<property> unless set, and sort() sorts in the database (over other
// sources it does nothing).

#include <Qorm/QueryModel>
#include <Qorm/TableAdapter>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QRegularExpression>
#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>
#include <modeltesting.h>
#include <songmodels.h>

using namespace Qt::StringLiterals;
using namespace Qorm;
using Test::addTester;

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<Record>() && registry.map<Song>(), \
           qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

namespace {

// Songs "s1".."s<count>", s<i> lasting (i * 37) % 101 seconds.
bool fill(Connection &db, const Registry &registry, int count)
{
    Session session(db, registry);
    for (int i = 1; i <= count; ++i) {
        if (!session.add(Test::make<Song>(
                    { { "title", u"s%1"_s.arg(i) }, { "seconds", (i * 37) % 101 } })))
            return false;
    }
    return session.commit();
}

} // namespace

class tst_TableQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void overQueryModel_data() { Test::addDatabaseColumn(); }
    void overQueryModel();
};

void tst_TableQuery::overQueryModel()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 8), "fill");
    Session session(db, registry);
    // Testers first, then the session: the test decides which pages are read.
    QueryModel songs;
    addTester(&songs);
    TableAdapter table;
    table.setSourceModel(&songs);
    table.setColumns({ u"title"_s, u"seconds"_s, u"id"_s });
    addTester(&table);
    songs.setPageSize(3);
    songs.setSelect(select<Song>());

    // Labels, before any row: the class's, the property name without one, a set label over
    // both. (A label change makes the testers ask for rows: the session comes after.)
    QCOMPARE(table.headerData(0, Qt::Horizontal).toString(), u"Title"_s);
    QCOMPARE(table.headerData(1, Qt::Horizontal).toString(), u"Length (s)"_s);
    QCOMPARE(table.headerData(2, Qt::Horizontal).toString(), u"id"_s);
    table.setLabels({ {}, u"Seconds"_s });
    QCOMPARE(table.headerData(0, Qt::Horizontal).toString(), u"Title"_s);
    QCOMPARE(table.headerData(1, Qt::Horizontal).toString(), u"Seconds"_s);

    songs.setSession(&session);
    QCOMPARE(table.rowCount(), 0);

    // fetchMore() on the table reads the query model's next page.
    QVERIFY(table.canFetchMore());
    table.fetchMore();
    QCOMPARE(table.rowCount(), 3);
    QCOMPARE(songs.rowCount(), 3);
    table.fetchMore();
    table.fetchMore();
    QCOMPARE(table.rowCount(), 8);
    table.fetchMore(); // nothing more
    QVERIFY(!table.canFetchMore());
    QVERIFY(!table.canFetchMore(table.index(0, 0))); // a table's cells have no children

    // sort(): the database sorts every row; the table follows the query model's reset.
    QSignalSpy reset(&table, &QAbstractItemModel::modelReset);
    table.sort(1, Qt::DescendingOrder);
    QCOMPARE(songs.orderBy(), QStringList{ u"-seconds"_s });
    QCOMPARE(reset.size(), 1);
    songs.fetchAll();
    QCOMPARE(table.rowCount(), 8);
    int previous = std::numeric_limits<int>::max();
    for (int row = 0; row < table.rowCount(); ++row) {
        const int seconds = table.index(row, 1).data().toInt();
        QVERIFY2(seconds <= previous, qPrintable(u"row %1"_s.arg(row)));
        previous = seconds;
    }
    table.sort(0, Qt::AscendingOrder);
    QCOMPARE(songs.orderBy(), QStringList{ u"title"_s });
    songs.fetchAll();

    // A column the database cannot order by (a relationship) leaves the rows as they are.
    table.setColumns({ u"title"_s, u"seconds"_s, u"record"_s });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"not sorted"_s));
    table.sort(2, Qt::AscendingOrder);
    QCOMPARE(songs.orderBy(), QStringList{ u"title"_s });
    QCOMPARE(table.rowCount(), 8);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"record.id"_s));
    QVERIFY(!songs.sortBy(u"record"_s));
    // No column: no order of its own.
    table.sort(-1);
    QVERIFY(songs.orderBy().isEmpty());

    // Over another source (a proxy of the query model), sort() leaves it alone.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&songs);
    TableAdapter overProxy;
    overProxy.setSourceModel(&proxy);
    overProxy.setColumns({ u"title"_s, u"seconds"_s });
    addTester(&overProxy);
    overProxy.sort(1, Qt::DescendingOrder);
    QVERIFY(songs.orderBy().isEmpty());
    // Without a class from the source, labels come from the first row's object.
    QCOMPARE(overProxy.headerData(1, Qt::Horizontal).toString(), u"Length (s)"_s);
}

QTEST_GUILESS_MAIN(tst_TableQuery)
#include "tst_tablequery.moc"
