// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Qorm's models in Qt Widgets, offscreen, on every configured database: a QTableView over a
// TableAdapter over a QueryModel fetches pages as it scrolls and sorts in the database from its
// header; a QSortFilterProxyModel sorts a relationship collection by a number; a
// QDataWidgetMapper edit reaches the object and the session's unit of work.

#include <Qorm/QueryModel>
#include <Qorm/TableAdapter>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDataWidgetMapper>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

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

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

namespace {

// A record with `count` songs "s1".."s<count>"; s<i> lasts (i * 37) % 101 seconds.
bool fill(Connection &db, const Registry &registry, int count)
{
    Session session(db, registry);
    auto *record = Test::make<Record>({ { "name", u"r"_s } });
    for (int i = 1; i <= count; ++i) {
        if (!record->songs()->append(Test::make<Song>(
                    { { "title", u"s%1"_s.arg(i) }, { "seconds", (i * 37) % 101 } })))
            return false;
    }
    return session.add(record) && session.commit();
}

} // namespace

class tst_WidgetsIntegration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tableViewPagesAndSorts_data() { Test::addDatabaseColumn(); }
    void tableViewPagesAndSorts();
    void proxySortsACollectionByNumber_data() { Test::addDatabaseColumn(); }
    void proxySortsACollectionByNumber();
    void dataWidgetMapperEdits_data() { Test::addDatabaseColumn(); }
    void dataWidgetMapperEdits();
};

void tst_WidgetsIntegration::tableViewPagesAndSorts()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 300), "fill");
    Session session(db, registry);
    QueryModel songs;
    addTester(&songs);
    songs.setPageSize(20);
    songs.setSelect(select<Song>());
    TableAdapter table;
    table.setSourceModel(&songs);
    table.setColumns({ u"title"_s, u"seconds"_s });
    addTester(&table);
    songs.setSession(&session);

    QTableView view;
    view.resize(300, 200);
    view.setModel(&table);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The view fetches what fills it, not everything.
    QTRY_VERIFY(table.rowCount() >= 20);
    const int shown = table.rowCount();
    QVERIFY2(shown < 300, qPrintable(QString::number(shown)));
    QCOMPARE(view.model()->headerData(1, Qt::Horizontal).toString(), u"Length (s)"_s);

    // Scrolled to the bottom, it asks for the next page.
    view.scrollToBottom();
    QTRY_VERIFY(table.rowCount() > shown);

    // Header sorting sorts in the database: the first rows are the longest songs of all.
    view.setSortingEnabled(true);
    view.sortByColumn(1, Qt::DescendingOrder);
    QCOMPARE(songs.orderBy(), QStringList{ u"-seconds"_s });
    QTRY_VERIFY(table.rowCount() >= 1);
    QCOMPARE(table.index(0, 1).data().toInt(), 100); // (i * 37) % 101 reaches 100
    QVERIFY(view.horizontalHeader()->isSortIndicatorShown());
}

// A relationship collection is loaded whole; a proxy sorts it in memory, by number.
void tst_WidgetsIntegration::proxySortsACollectionByNumber()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 12), "fill");
    Session session(db, registry);
    Record *record = session.scalars(select<Record>()).one();
    QVERIFY(record);
    TableAdapter table;
    table.setSourceModel(record->songs());
    table.setColumns({ u"title"_s, u"seconds"_s });
    addTester(&table);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&table);
    addTester(&proxy);
    proxy.sort(1, Qt::AscendingOrder);
    QCOMPARE(proxy.rowCount(), 12);
    int previous = -1;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QVariant seconds = proxy.index(row, 1).data();
        QCOMPARE(seconds.typeId(), QMetaType::Int); // typed: 9 sorts before 10
        QVERIFY(seconds.toInt() >= previous);
        previous = seconds.toInt();
    }
    QTableView view;
    view.setModel(&proxy);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.model()->rowCount(), 12);
}

// A form: the mapper writes the property; the session sees the change; rollback reverts.
void tst_WidgetsIntegration::dataWidgetMapperEdits()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 3), "fill");
    Session session(db, registry);
    QueryModel songs;
    addTester(&songs);
    songs.setSelect(select<Song>());
    TableAdapter table;
    table.setSourceModel(&songs);
    table.setColumns({ u"title"_s, u"seconds"_s });
    addTester(&table);
    songs.setSession(&session);
    songs.fetchMore();
    QCOMPARE(table.rowCount(), 3);

    QLineEdit title;
    QDataWidgetMapper mapper;
    mapper.setModel(&table);
    mapper.addMapping(&title, table.column(u"title"_s));
    mapper.toFirst();
    QCOMPARE(title.text(), u"s1"_s);
    auto *first = qobject_cast<Song *>(table.object(0));
    QVERIFY(first);
    title.setText(u"renamed"_s);
    QVERIFY(mapper.submit());
    QCOMPARE(first->m_title, u"renamed"_s);
    QVERIFY(session.hasChanges());
    // Revert: the session rolls back, the object and the form follow.
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(first->m_title, u"s1"_s);
    mapper.revert();
    QCOMPARE(title.text(), u"s1"_s);
    mapper.toNext();
    QCOMPARE(title.text(), u"s2"_s);
}

QTEST_MAIN(tst_WidgetsIntegration)
#include "tst_widgetsintegration.moc"
