// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// QueryModel on every configured database, under QAbstractItemModelTester: pages read with
// keyset statements (never OFFSET), count and totalCount, a limit, filter and orderBy by name
// (through a reference too), setData into the unit of work, the refresh after a commit applied
// as a diff that keeps persistent indexes on their objects, objects leaving the session,
// sortBy(), errors and the session going away.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/QueryModel>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>
#include <modeltesting.h>

using namespace Qt::StringLiterals;
using namespace Qorm;
using Test::addTester;
using Test::watch;

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<Shelf>() && registry.map<Book>(), \
           qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

namespace {

// `count` books "b000".."b<count-1>" with pages = 10 * index, committed; the first `onShelf`
// on a shelf in room "attic".
bool fill(Connection &db, const Registry &registry, int count, int onShelf = 0)
{
    Session session(db, registry);
    auto *shelf = Test::make<Shelf>({ { "room", u"attic"_s } });
    if (!session.add(shelf))
        return false;
    for (int i = 0; i < count; ++i) {
        auto *book = Test::make<Book>(
                { { "title", u"b%1"_s.arg(i, 3, 10, QChar(u'0')) }, { "pages", 10 * i } });
        if (i < onShelf)
            book->setShelf(shelf);
        if (!session.add(book))
            return false;
    }
    return session.commit();
}

QStringList expectedTitles(int first, int count)
{
    QStringList out;
    for (int i = first; i < first + count; ++i)
        out.append(u"b%1"_s.arg(i, 3, 10, QChar(u'0')));
    return out;
}

} // namespace

class tst_QueryModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pages_data() { Test::addDatabaseColumn(); }
    void pages();
    void filterAndOrderByName_data() { Test::addDatabaseColumn(); }
    void filterAndOrderByName();
    void limitCapsTheRows_data() { Test::addDatabaseColumn(); }
    void limitCapsTheRows();
    void setDataReachesTheSession_data() { Test::addDatabaseColumn(); }
    void setDataReachesTheSession();
    void refreshAppliesADiff_data() { Test::addDatabaseColumn(); }
    void refreshAppliesADiff();
    void objectsLeavingTheSession_data() { Test::addDatabaseColumn(); }
    void objectsLeavingTheSession();
    void errors_data() { Test::addDatabaseColumn(); }
    void errors();
};

/*
    A view scrolling to the end: page after page, each one keyset statement after the last
    row's key, the last one short; count follows, totalCount counts once.
*/
void tst_QueryModel::pages()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 25), "fill");
    Session session(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    QueryModel model;
    watch(&model, &session, select<Book>(), 10);
    QCOMPARE(model.rowCount(), 0); // nothing read until a view asks
    QVERIFY(model.canFetchMore());
    QCOMPARE(recorder.count(), 0);
    QSignalSpy progress(&model, &QueryModel::progress);
    QSignalSpy count(&model, &QueryModel::countChanged);
    model.fetchMore();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.count(), 10);
    QCOMPARE(Test::displayed(model), expectedTitles(0, 10));
    QVERIFY(model.canFetchMore());
    model.fetchMore();
    model.fetchMore();
    QCOMPARE(model.rowCount(), 25);
    QVERIFY(model.isComplete());
    QVERIFY(!model.canFetchMore());
    QCOMPARE(Test::displayed(model), expectedTitles(0, 25));
    QCOMPARE(count.size(), 3);
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.last().at(0).toInt(), 25);

    const QStringList statements = recorder.statements();
    QCOMPARE(statements.size(), 3);
    const QString columns = u"SELECT qm_book.id, qm_book.title, qm_book.pages, qm_book.shelf_id "
                            u"FROM qm_book "_s;
    QCOMPARE(statements.at(0), columns + u"ORDER BY qm_book.id ASC LIMIT ?"_s);
    QCOMPARE(statements.at(1), columns + u"WHERE qm_book.id > ? ORDER BY qm_book.id ASC LIMIT ?"_s);
    for (const QString &sql : statements)
        QVERIFY2(!sql.contains(u"OFFSET"_s), qPrintable(sql));
    QCOMPARE(recorder.executed().at(1).boundValues.size(), 2); // the last key, the page size

    recorder.clear();
    QCOMPARE(model.totalCount(), 25);
    QCOMPARE(model.totalCount(), 25); // counted once
    QCOMPARE(recorder.count(), 1);
    QVERIFY2(recorder.statements().first().startsWith(u"SELECT count(*) FROM (SELECT "_s),
             qPrintable(recorder.statements().first()));

    // fetchAll() on a fresh model: every page, and the objects are the session's.
    QueryModel all;
    watch(&all, &session, select<Book>(), 7);
    all.fetchAll();
    QCOMPARE(all.rowCount(), 25);
    QCOMPARE(all.get(3), model.get(3)); // identity-mapped: the same object
    QCOMPARE(all.at<Book>(3)->m_title, u"b003"_s);
}

// By class name, filter and orderBy as QML gives them, through the shelf reference too.
void tst_QueryModel::filterAndOrderByName()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 12, 5), "fill");
    Session session(db, registry);
    QueryModel model;
    addTester(&model);
    model.setSession(&session);
    model.setEntity(u"Book"_s);
    model.setPageSize(3);
    model.setFilter(
            { { u"pages"_s, QVariantMap{ { u"ge"_s, 20 } } }, { u"shelf.room"_s, u"attic"_s } });
    model.setOrderBy({ u"-pages"_s });
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    model.fetchAll();
    QCOMPARE(Test::displayed(model), (QStringList{ u"b004"_s, u"b003"_s, u"b002"_s }));
    QVERIFY(model.isComplete());
    QVERIFY2(recorder.statements().first().contains(u"LEFT OUTER JOIN qm_shelf"_s),
             qPrintable(recorder.statements().first()));
    QCOMPARE(model.totalCount(), 3);

    // A new filter resets without a query; the next fetch reads the first page.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    recorder.clear();
    model.setFilter({ { u"title"_s, QVariantMap{ { u"like"_s, u"b01%"_s } } } });
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(recorder.count(), 0);
    QCOMPARE(model.totalCount(), 2); // b010, b011
    model.fetchMore();
    QCOMPARE(Test::displayed(model), (QStringList{ u"b011"_s, u"b010"_s })); // still by -pages

    // sortBy(): the database sorts every row.
    model.sortBy(u"title"_s);
    QCOMPARE(model.orderBy(), QStringList{ u"title"_s });
    model.fetchMore();
    QCOMPARE(Test::displayed(model), (QStringList{ u"b010"_s, u"b011"_s }));
    model.sortBy(u"title"_s, Qt::DescendingOrder);
    model.fetchMore();
    QCOMPARE(Test::displayed(model), (QStringList{ u"b011"_s, u"b010"_s }));
}

void tst_QueryModel::limitCapsTheRows()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 10), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session,
          select<Book>().orderBy({ attribute<Book>(u"pages"_s).descending() }).limit(5), 2);
    model.fetchMore();
    QCOMPARE(model.rowCount(), 2);
    model.fetchAll();
    QCOMPARE(Test::displayed(model),
             (QStringList{ u"b009"_s, u"b008"_s, u"b007"_s, u"b006"_s, u"b005"_s }));
    QVERIFY(model.isComplete());
    QCOMPARE(model.totalCount(), 5);
}

// A view's edit goes through the property: the session sees it; its NOTIFY reaches the view.
void tst_QueryModel::setDataReachesTheSession()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 3), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>());
    model.fetchMore();
    QCOMPARE(model.rowCount(), 3);
    const int titleRole = model.roleForProperty(u"title"_s);
    QVERIFY(titleRole > 0);
    QVERIFY(model.flags(model.index(1)).testFlag(Qt::ItemIsEditable));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(model.index(1), u"renamed"_s, titleRole));
    QVERIFY(session.hasChanges());
    QCOMPARE(model.at<Book>(1)->m_title, u"renamed"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 1);
    VERIFY_SESSION(session.commit(), session);
}

/*
    After a commit that wrote the table, the rows held are read again and the difference
    applied: a removed row goes, a new one comes in its place in the order, survivors keep
    their persistent indexes; rows past the last one fetched stay to be fetched.
*/
void tst_QueryModel::refreshAppliesADiff()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 8), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>().orderBy({ attribute<Book>(u"title"_s) }), 5);
    model.fetchMore();
    QCOMPARE(Test::displayed(model), expectedTitles(0, 5));
    const QPersistentModelIndex b003 = model.index(3);
    Book *third = model.at<Book>(3);

    // Another session changes the database; this one's commit does not see it: refresh() does.
    {
        Session other(db, registry);
        Book *gone =
                other.scalars(select<Book>().where(attribute<Book>(u"title"_s) == u"b001"_s)).one();
        QVERIFY(gone);
        VERIFY_SESSION(other.remove(gone), other);
        VERIFY_SESSION(other.add(Test::make<Book>({ { "title", u"b002a"_s }, { "pages", 1 } })),
                       other);
        VERIFY_SESSION(other.add(Test::make<Book>({ { "title", u"b004a"_s }, { "pages", 1 } })),
                       other); // after the last row fetched: stays to be fetched
        VERIFY_SESSION(other.commit(), other);
    }
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(Test::displayed(model),
             (QStringList{ u"b000"_s, u"b002"_s, u"b002a"_s, u"b003"_s, u"b004"_s }));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(b003.row(), 3); // was 3: one removed above, one inserted above
    QCOMPARE(model.at<Book>(3), third);
    QVERIFY(model.canFetchMore());
    model.fetchAll();
    QCOMPARE(Test::displayed(model).mid(4),
             (QStringList{ u"b004"_s, u"b004a"_s, u"b005"_s, u"b006"_s, u"b007"_s }));

    // This session's own commit refreshes by itself (tablesChanged names qm_book): a rename
    // moves the row; its persistent index follows.
    const QPersistentModelIndex first = model.index(0);
    Book *b000 = model.at<Book>(0);
    b000->setProperty("title", u"b0045"_s); // between b004 and b004a
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(layout.size(), 1);
    QCOMPARE(Test::displayed(model).mid(2, 4),
             (QStringList{ u"b003"_s, u"b004"_s, u"b0045"_s, u"b004a"_s }));
    QCOMPARE(model.at<Book>(4), b000);
    QCOMPARE(first.row(), 4);

    // A rename past the last row fetched (by another connection, so that no view of this
    // model fetches in between) leaves the rows held; it is fetched again later.
    Book *b002 = model.at<Book>(0);
    QCOMPARE(b002->m_title, u"b002"_s);
    {
        Session other(db, registry);
        Book *renamed =
                other.scalars(select<Book>().where(attribute<Book>(u"title"_s) == u"b002"_s)).one();
        QVERIFY(renamed);
        renamed->setProperty("title", u"b99"_s);
        VERIFY_SESSION(other.commit(), other);
    }
    model.refresh();
    QCOMPARE(Test::displayed(model).first(), u"b002a"_s);
    QCOMPARE(model.rowCount(), 8);
    QVERIFY(model.canFetchMore());
    model.fetchAll();
    QCOMPARE(model.rowCount(), 9);
    // The same object. Its values are the ones this session read last (the identity map's rule:
    // a row read again does not overwrite an object that is not expired), until the next
    // commit of this session expires it.
    QCOMPARE(model.at<Book>(8), b002);
    QCOMPARE(b002->m_title, u"b002"_s);
    VERIFY_SESSION(session.commit(), session);
    VERIFY_SESSION(session.refresh(b002), session);
    QCOMPARE(b002->m_title, u"b99"_s);
}

// An object that leaves the session leaves the model at once.
void tst_QueryModel::objectsLeavingTheSession()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 4), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>());
    model.fetchMore();
    QCOMPARE(model.rowCount(), 4);
    Book *second = model.at<Book>(1);
    VERIFY_SESSION(session.expunge(second), session);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(Test::displayed(model), (QStringList{ u"b000"_s, u"b002"_s, u"b003"_s }));
    delete second; // expunged: the caller's
    // Deleted and committed: gone after the commit. The commit's refresh reads the rows again:
    // the expunged one is still in the database, and comes back as a new object.
    VERIFY_SESSION(session.remove(model.at<Book>(0)), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(Test::displayed(model), (QStringList{ u"b001"_s, u"b002"_s, u"b003"_s }));
    QCOMPARE(session.state(model.get(0)), ObjectState::Persistent);

    // The session goes: so do the rows.
    auto *owned = new Session(db, registry);
    QueryModel other;
    watch(&other, owned, select<Book>());
    other.fetchMore();
    QCOMPARE(other.rowCount(), 3);
    QSignalSpy sessionChanged(&other, &QueryModel::sessionChanged);
    delete owned;
    QCOMPARE(other.rowCount(), 0);
    QCOMPARE(other.session(), nullptr);
    QCOMPARE(sessionChanged.size(), 1);
    QVERIFY(!other.canFetchMore());
}

// Errors name what is wrong, go to the session, and no SQL is sent.
void tst_QueryModel::errors()
{
    SETUP(db, registry);
    Session session(db, registry);
    QSignalSpy errors(&session, &Session::errorOccurred);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    QueryModel model;
    addTester(&model);
    model.setSession(&session);
    model.setEntity(u"Magazine"_s);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Magazine"_s));
    model.fetchMore();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(session.lastError().text().contains(u"no class named \"Magazine\""_s),
             qPrintable(session.lastError().text()));
    QVERIFY(!model.canFetchMore()); // until the next reset
    model.setEntity(u"Book"_s);
    QVERIFY(model.canFetchMore());
    model.setFilter({ { u"colour"_s, u"red"_s } });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"colour"_s));
    model.fetchMore();
    QCOMPARE(errors.size(), 2);
    QVERIFY2(session.lastError().text().contains(u"Book"_s)
                     && session.lastError().text().contains(u"colour"_s),
             qPrintable(session.lastError().text()));
    model.setFilter({});
    model.setOrderBy({ u"-weight"_s });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"weight"_s));
    model.fetchMore();
    QCOMPARE(errors.size(), 3);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(recorder.count(), 0);
    // An offset is refused (keyset pages count from the last row, not from a position).
    QueryModel offset(&session, select<Book>().offset(3));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"offset"_s));
    offset.fetchMore();
    QCOMPARE(errors.size(), 4);
    QCOMPARE(recorder.count(), 0);
}

QTEST_MAIN(tst_QueryModel)
#include "tst_querymodel.moc"
