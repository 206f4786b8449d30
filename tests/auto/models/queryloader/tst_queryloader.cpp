// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The asynchronous QueryModel (its worker thread, src/models/queryloader.cpp) on every
// configured database, every model under QAbstractItemModelTester: the same rows and objects
// as the synchronous path, progress and the count, a refresh read in pages, cancel() during
// fetchAll(), pages of an old query dropped after a reset, the session destroyed while pages
// are on their way, a worker's error on the session, and SQLite in memory read synchronously.
// Waits are on signals (QSignalSpy::wait), never on time.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/QueryModel>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>
#include <memory>
#include <modeltesting.h>

using namespace Qt::StringLiterals;
using namespace Qorm;
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

// Waits for the model's loads to end (`loading` false), failing after 10 s without it.
#define WAIT_LOADED(model) \
  do { \
    if ((model).isLoading()) { \
      QSignalSpy loadingSpy_(&(model), &QueryModel::loadingChanged); \
      while ((model).isLoading()) \
        QVERIFY2(loadingSpy_.wait(10000), "the model is still loading"); \
    } \
  } while (false)

namespace {

QString title(int i)
{
    return u"b%1"_s.arg(i, 3, 10, QChar(u'0'));
}

// `count` books "b000".. with pages = 10 * index, committed; every third one (from the
// first) on a shelf, the shelves in rooms "r0".."r3".
bool fill(Connection &db, const Registry &registry, int count)
{
    Session session(db, registry);
    QList<Shelf *> shelves;
    for (int i = 0; i < 4; ++i) {
        shelves.append(Test::make<Shelf>({ { "room", u"r%1"_s.arg(i) } }));
        if (!session.add(shelves.last()))
            return false;
    }
    for (int i = 0; i < count; ++i) {
        auto *book = Test::make<Book>({ { "title", title(i) }, { "pages", 10 * i } });
        if (i % 3 == 0)
            book->setShelf(shelves.at((i / 3) % 4));
        if (!session.add(book))
            return false;
    }
    return session.commit();
}

QStringList expectedTitles(int first, int count)
{
    QStringList out;
    for (int i = first; i < first + count; ++i)
        out.append(title(i));
    return out;
}

QList<QObject *> objects(const QueryModel &model)
{
    QList<QObject *> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.get(row));
    return out;
}

} // namespace

class tst_QueryLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameRowsAsSynchronous_data() { Test::addDatabaseColumn(); }
    void sameRowsAsSynchronous();
    void progressAndCount_data() { Test::addDatabaseColumn(); }
    void progressAndCount();
    void refreshInPages_data() { Test::addDatabaseColumn(); }
    void refreshInPages();
    void askedWhileLoading_data() { Test::addDatabaseColumn(); }
    void askedWhileLoading();
    void cancelDuringFetchAll_data() { Test::addDatabaseColumn(); }
    void cancelDuringFetchAll();
    void stalePagesDroppedAfterReset_data() { Test::addDatabaseColumn(); }
    void stalePagesDroppedAfterReset();
    void sessionDestroyedWhileLoading_data() { Test::addDatabaseColumn(); }
    void sessionDestroyedWhileLoading();
    void workerErrorReachesTheSession_data() { Test::addDatabaseColumn(); }
    void workerErrorReachesTheSession();
    void memoryDatabaseLoadsSynchronously();
    void settingsOfADatabase();
    void joinThatRepeatsRows_data() { Test::addDatabaseColumn(); }
    void joinThatRepeatsRows();
    void refreshKeepsTheLimit_data() { Test::addDatabaseColumn(); }
    void refreshKeepsTheLimit();
    void resetFromRowsInserted_data() { Test::addDatabaseColumn(); }
    void resetFromRowsInserted();
    void sessionGoneResetsOnce_data() { Test::addDatabaseColumn(); }
    void sessionGoneResetsOnce();
};

/*
    Page by page and all at once, ordered by a column of the class and through a reference
    (a keyset column the worker reads): the rows and the objects are the synchronous model's,
    the references loaded on this thread.
*/
void tst_QueryLoader::sameRowsAsSynchronous()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 23), "fill");
    Session session(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);

    QueryModel model;
    watch(&model, &session, select<Book>(), 10, true);
    QVERIFY(model.isAsynchronous());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy loading(&model, &QueryModel::loadingChanged);
    model.fetchMore();
    QCOMPARE(model.rowCount(), 0); // on its way
    QVERIFY(model.isLoading());
    model.fetchMore(); // the page on its way is the one asked for
    QVERIFY(inserted.wait());
    QCOMPARE(Test::displayed(model), expectedTitles(0, 10));
    QVERIFY(!model.isLoading());
    QCOMPARE(loading.size(), 2);
    QVERIFY(model.canFetchMore());
    model.fetchMore();
    QVERIFY(inserted.wait());
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(Test::displayed(model), expectedTitles(0, 23));
    QVERIFY(model.isComplete());
    QVERIFY(!model.canFetchMore());
    // No statement of the pages on this thread's connection; the shelves (a reference, loaded
    // with select-IN) are read here.
    for (const QString &sql : recorder.statements())
        QVERIFY2(sql.contains(u"ql_shelf"_s) && !sql.contains(u"ql_book"_s), qPrintable(sql));

    QueryModel synchronous;
    watch(&synchronous, &session, select<Book>(), 10, false);
    synchronous.fetchAll();
    QCOMPARE(objects(synchronous), objects(model)); // identity-mapped: the same objects
    QCOMPARE(model.at<Book>(3)->shelf(), model.at<Book>(15)->shelf()); // r1 twice
    QVERIFY(model.at<Book>(3)->shelf());
    QVERIFY(!model.at<Book>(4)->shelf());

    // Through the shelf reference, rooms descending (NULLs first), then pages descending:
    // the room is a keyset column the worker reads and hands back.
    const QStringList orderBy{ u"-shelf.room"_s, u"-pages"_s };
    QueryModel ordered;
    watch(&ordered, &session, select<Book>(), 4, true);
    ordered.setOrderBy(orderBy);
    QueryModel orderedSynchronously;
    watch(&orderedSynchronously, &session, select<Book>(), 4, false);
    orderedSynchronously.setOrderBy(orderBy);
    orderedSynchronously.fetchAll();
    QCOMPARE(orderedSynchronously.rowCount(), 23);
    QSignalSpy complete(&ordered, &QueryModel::completeChanged);
    ordered.fetchAll();
    QVERIFY(complete.wait());
    QCOMPARE(Test::displayed(ordered), Test::displayed(orderedSynchronously));
    QCOMPARE(objects(ordered), objects(orderedSynchronously));
    WAIT_LOADED(ordered);
}

// fetchAll(): the count first, then progress after each page, the total known.
void tst_QueryLoader::progressAndCount()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 25), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>(), 10, true);
    QSignalSpy progress(&model, &QueryModel::progress);
    QSignalSpy total(&model, &QueryModel::totalCountChanged);
    QSignalSpy complete(&model, &QueryModel::completeChanged);
    QCOMPARE(model.totalCount(), -1); // asked of the worker
    QVERIFY(model.isLoading());
    QVERIFY(total.wait());
    QCOMPARE(model.totalCount(), 25);
    QVERIFY(!model.isLoading());

    model.setFilter({ { u"pages"_s, QVariantMap{ { u"lt"_s, 220 } } } }); // b000..b021
    QCOMPARE(model.totalCount(), -1);                                     // reset: counted again
    total.clear();
    model.fetchAll();
    QVERIFY(complete.wait());
    QCOMPARE(total.size(), 1); // before the first page: the worker runs requests in order
    QCOMPARE(model.totalCount(), 22);
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.at(0), (QVariantList{ 10, 22 }));
    QCOMPARE(progress.at(1), (QVariantList{ 20, 22 }));
    QCOMPARE(progress.at(2), (QVariantList{ 22, 22 }));
    QCOMPARE(Test::displayed(model), expectedTitles(0, 22));
    QVERIFY(!model.isLoading());

    // A limit caps the pages and the count.
    QueryModel limited;
    watch(&limited, &session, select<Book>().limit(7), 3, true);
    QSignalSpy limitedComplete(&limited, &QueryModel::completeChanged);
    limited.fetchAll();
    QVERIFY(limitedComplete.wait());
    QCOMPARE(Test::displayed(limited), expectedTitles(0, 7));
    QCOMPARE(limited.totalCount(), 7);
    WAIT_LOADED(limited);
}

/*
    A commit that wrote the table refreshes the model: the worker reads the rows held again in
    pages, and the difference is applied when the last one arrives.
*/
void tst_QueryLoader::refreshInPages()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 12), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>().orderBy({ attribute<Book>(u"title"_s) }), 3, true);
    QSignalSpy complete(&model, &QueryModel::completeChanged);
    model.fetchAll();
    QVERIFY(complete.wait());
    QCOMPARE(Test::displayed(model), expectedTitles(0, 12));
    const QPersistentModelIndex b005 = model.index(5);
    Book *fifth = model.at<Book>(5);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    VERIFY_SESSION(session.remove(model.at<Book>(1)), session);
    VERIFY_SESSION(session.add(Test::make<Book>({ { "title", u"b003a"_s }, { "pages", 1 } })),
                   session);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(model.isLoading()); // the refresh's pages
    WAIT_LOADED(model);
    QStringList expected = expectedTitles(0, 12);
    expected.removeAt(1);
    expected.insert(3, u"b003a"_s);
    QCOMPARE(Test::displayed(model), expected);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1); // the deleted object's row went at once
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(b005.row(), 5);
    QCOMPARE(model.at<Book>(5), fifth);

    // The worker does not autoflush: an object marked for deletion still has its row there,
    // and is left out, as the synchronous path's autoflush leaves it out.
    VERIFY_SESSION(session.remove(fifth), session);
    QueryModel fresh;
    watch(&fresh, &session, select<Book>().orderBy({ attribute<Book>(u"title"_s) }), 5, true);
    QSignalSpy freshComplete(&fresh, &QueryModel::completeChanged);
    fresh.fetchAll();
    QVERIFY(freshComplete.wait());
    expected.removeAt(5);
    QCOMPARE(Test::displayed(fresh), expected);
    WAIT_LOADED(fresh);
    QVERIFY(session.hasChanges()); // nothing flushed
}

/*
    One chain of requests at a time: a refresh asked during fetchAll() (by a commit) runs when
    the last page is in; a fetchMore() asked during a refresh reads on when it is applied.
*/
void tst_QueryLoader::askedWhileLoading()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 20), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>().orderBy({ attribute<Book>(u"title"_s) }), 5, true);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(model.rowCount(), 5);

    model.fetchAll();
    QVERIFY(model.isLoading());
    VERIFY_SESSION(session.add(Test::make<Book>({ { "title", u"b002a"_s }, { "pages", 1 } })),
                   session);
    VERIFY_SESSION(session.commit(), session); // the refresh waits for fetchAll()
    WAIT_LOADED(model);
    QStringList expected = expectedTitles(0, 20);
    expected.insert(3, u"b002a"_s);
    QCOMPARE(Test::displayed(model), expected);
    // As after any refresh, synchronous too: rows may have come after the last one held.
    QVERIFY(!model.isComplete());

    QSignalSpy complete(&model, &QueryModel::completeChanged);
    model.refresh();
    QVERIFY(model.isLoading());
    model.fetchMore(); // after the refresh
    WAIT_LOADED(model);
    QCOMPARE(Test::displayed(model), expected);
    QVERIFY(model.isComplete());
    QCOMPARE(complete.size(), 1);
}

// cancel() stops fetchAll(): pages already read are dropped; fetching goes on from the rows held.
void tst_QueryLoader::cancelDuringFetchAll()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 120), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>(), 5, true);
    QSignalSpy progress(&model, &QueryModel::progress);
    model.fetchAll();
    QVERIFY(model.isLoading());
    QVERIFY(progress.wait());
    model.cancel();
    QVERIFY(!model.isLoading());
    const int held = model.rowCount();
    QVERIFY(held >= 5);
    QVERIFY(held < 120);
    QCOMPARE(Test::displayed(model), expectedTitles(0, held));
    QVERIFY(!model.isComplete());
    QVERIFY(model.canFetchMore());

    // The next page comes after whatever the worker sent before the cancel (its replies
    // arrive in order): only the new page lands, right after the rows held.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(Test::displayed(model), expectedTitles(0, held + 5));
    WAIT_LOADED(model);

    // And fetchAll() again goes to the end.
    QSignalSpy complete(&model, &QueryModel::completeChanged);
    model.fetchAll();
    QVERIFY(complete.wait());
    QCOMPARE(Test::displayed(model), expectedTitles(0, 120));
    WAIT_LOADED(model);
}

// A reset (a new filter, orderBy or select) while pages are on their way: they are dropped.
void tst_QueryLoader::stalePagesDroppedAfterReset()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 30), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>(), 10, true);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchAll();
    model.setFilter({ { u"title"_s, QVariantMap{ { u"like"_s, u"b02%"_s } } } });
    QVERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 0);
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(Test::displayed(model), expectedTitles(20, 10));
    QCOMPARE(inserted.size(), 1); // the old query's pages never landed
    WAIT_LOADED(model);
    QVERIFY(!model.isComplete()); // a full page: one more may come

    // Again with orderBy: its first page is dropped when a new filter comes before it.
    model.setOrderBy({ u"-pages"_s });
    model.fetchMore();
    QVERIFY(model.isLoading());
    model.setFilter({ { u"pages"_s, QVariantMap{ { u"lt"_s, 50 } } } });
    model.fetchMore();
    inserted.clear();
    QVERIFY(inserted.wait());
    QCOMPARE(Test::displayed(model),
             (QStringList{ title(4), title(3), title(2), title(1), title(0) }));
    QCOMPARE(inserted.size(), 1);
    QVERIFY(model.isComplete());
    WAIT_LOADED(model);
}

/*
    The session goes while fetchAll()'s pages are on their way: its loader stops its thread
    first; the model loses its rows and its session, and nothing arrives afterwards.
*/
void tst_QueryLoader::sessionDestroyedWhileLoading()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 200), "fill");
    auto *session = new Session(db, registry);
    QueryModel model;
    watch(&model, session, select<Book>(), 5, true);
    QueryModel other;
    watch(&other, session, select<Book>().orderBy({ attribute<Book>(u"pages"_s).descending() }), 7,
          true);
    QSignalSpy progress(&model, &QueryModel::progress);
    QSignalSpy sessionChanged(&model, &QueryModel::sessionChanged);
    model.fetchAll();
    other.fetchAll();
    QVERIFY(progress.wait());
    QVERIFY(model.isLoading());
    delete session;
    QCOMPARE(model.session(), nullptr);
    QCOMPARE(sessionChanged.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(other.rowCount(), 0);
    QVERIFY(!model.isLoading());
    QVERIFY(!other.isLoading());
    QVERIFY(!model.canFetchMore());

    // Another session's loader works; nothing of the old one arrives in between.
    Session next(db, registry);
    model.setSession(&next);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(Test::displayed(model), expectedTitles(0, 5));
    QCOMPARE(other.rowCount(), 0);
    WAIT_LOADED(model);
}

/*
    A statement that fails in the worker (its table dropped by another connection between two
    pages): the error is the session's, errorOccurred() tells it, loading stops, and the model
    fetches no more until a reset.
*/
void tst_QueryLoader::workerErrorReachesTheSession()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 12), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>(), 5, true);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore();
    QVERIFY(inserted.wait());
    QCOMPARE(model.rowCount(), 5);
    WAIT_LOADED(model);

    QORM_VERIFY_RESULT(db.execute(TextSql(u"DROP TABLE ql_book"_s)));
    QSignalSpy errors(&session, &Session::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ql_book"_s));
    model.fetchMore();
    QVERIFY(errors.wait());
    QCOMPARE(errors.size(), 1);
    const Error error = session.lastError();
    QVERIFY2(error.isValid() && error.statement().contains(u"ql_book"_s),
             qPrintable(Test::describe(error)));
    QVERIFY(!model.isLoading());
    QVERIFY(!model.canFetchMore());
    QCOMPARE(model.rowCount(), 5);
    // totalCount asks the worker again after a reset; it fails the same way.
    model.setFilter({ { u"pages"_s, 10 } });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ql_book"_s));
    QCOMPARE(model.totalCount(), -1);
    QVERIFY(errors.wait());
    QCOMPARE(errors.size(), 2);
    QVERIFY(!model.isLoading());
}

// SQLite in memory cannot be opened by the worker: the pages are read at once, with a warning.
void tst_QueryLoader::memoryDatabaseLoadsSynchronously()
{
    ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    Connection db(settings);
    QVERIFY2(db.isOpen(), qPrintable(Test::describe(db.lastError())));
    QCOMPARE(db.settings().databaseName, u":memory:"_s);
    Registry registry;
    QVERIFY(registry.map<Shelf>() && registry.map<Book>());
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY2(fill(db, registry, 15), "fill");
    Session session(db, registry);
    QueryModel model;
    watch(&model, &session, select<Book>(), 10, true);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot be opened a second time"_s));
    model.fetchMore();
    QCOMPARE(Test::displayed(model), expectedTitles(0, 10));
    QVERIFY(!model.isLoading());
    QCOMPARE(model.totalCount(), 15);
    // One warning per session: a second model says nothing.
    QueryModel second;
    watch(&second, &session, select<Book>(), 10, true);
    second.fetchAll();
    QCOMPARE(Test::displayed(second), expectedTitles(0, 15));
    QVERIFY(second.isComplete());
    QVERIFY(!second.isLoading());
}

// A Connection over a QSqlDatabase tells the settings a second connection needs.
void tst_QueryLoader::settingsOfADatabase()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString name = u"tst_queryloader_settings"_s;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        database.setDatabaseName(directory.filePath(u"a.sqlite"_s));
        database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=1234"_s);
        Connection db(database);
        QVERIFY2(db.isOpen(), qPrintable(Test::describe(db.lastError())));
        const ConnectionSettings settings = db.settings();
        QCOMPARE(settings.driver, u"QSQLITE"_s);
        QCOMPARE(settings.databaseName, directory.filePath(u"a.sqlite"_s));
        QCOMPARE(settings.busyTimeoutMilliseconds, 1234);
        QVERIFY(!settings.nativeSqlite);
        Connection second(settings);
        QVERIFY2(second.isOpen(), qPrintable(Test::describe(second.lastError())));
        QCOMPARE(second.settings().databaseName, settings.databaseName);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

/*
    A join that repeats an object's row (a shelf per book, ordered by the books' titles): pages
    continue after the last row, not the last object, and each object is shown once, in both
    modes. (The synchronous model read the same page for ever; the asynchronous one showed
    objects twice.)
*/
void tst_QueryLoader::joinThatRepeatsRows()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 24), "fill"); // two books on each of the 4 shelves
    const Table books = registry.mapper<Book>().table();
    const Table shelves = registry.mapper<Shelf>().table();
    const auto query = select<Shelf>()
                               .join(books, books.column(u"shelf_id"_s) == shelves.column(u"id"_s))
                               .orderBy({ books.column(u"title"_s).ascending() });
    for (const bool asynchronous : { false, true }) {
        Session session(db, registry);
        QueryModel model;
        watch(&model, &session, query, 2, asynchronous);
        model.fetchAll();
        WAIT_LOADED(model);
        QVERIFY(model.isComplete());
        QStringList rooms;
        for (QObject *shelf : objects(model))
            rooms.append(shelf->property("room").toString());
        QCOMPARE(rooms, (QStringList{ u"r0"_s, u"r1"_s, u"r2"_s, u"r3"_s }));
        // Deleting one removes its one row. An expunged object is the caller's to delete.
        const std::unique_ptr<QObject> expunged(model.get(0));
        VERIFY_SESSION(session.expunge(expunged.get()), session);
        QCOMPARE(model.rowCount(), 3);
    }
}

// A refresh reads no more rows than the select's limit, in both modes.
void tst_QueryLoader::refreshKeepsTheLimit()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 20), "fill");
    for (const bool asynchronous : { false, true }) {
        Session session(db, registry);
        QueryModel model;
        watch(&model, &session,
              select<Book>().orderBy({ attribute<Book>(u"title"_s).ascending() }).limit(5), 2,
              asynchronous);
        model.fetchAll();
        WAIT_LOADED(model);
        // The second round finds the first round's two books.
        QStringList before = asynchronous ? QStringList{ u"a0"_s, u"a1"_s } : QStringList();
        before += expectedTitles(0, 5 - int(before.size()));
        QCOMPARE(Test::displayed(model), before);
        const QString first = asynchronous ? u"a2"_s : u"a0"_s;
        const QString second = asynchronous ? u"a3"_s : u"a1"_s;
        VERIFY_SESSION(session.add(Test::make<Book>({ { "title", first }, { "pages", 1 } })),
                       session);
        VERIFY_SESSION(session.add(Test::make<Book>({ { "title", second }, { "pages", 1 } })),
                       session);
        VERIFY_SESSION(session.commit(), session); // the commit's refresh
        WAIT_LOADED(model);
        QStringList expected{ u"a0"_s, u"a1"_s };
        if (asynchronous)
            expected += QStringList{ u"a2"_s, u"a3"_s };
        expected += expectedTitles(0, 5 - int(expected.size()));
        QCOMPARE(Test::displayed(model), expected);
    }
}

// A receiver of the first rows resets the model (a new order): the old page's state does not
// leak into the new query, and the new query's first page comes next, in both modes.
void tst_QueryLoader::resetFromRowsInserted()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 6), "fill");
    for (const bool asynchronous : { false, true }) {
        Session session(db, registry);
        QueryModel model;
        watch(&model, &session, select<Book>(), 6, asynchronous);
        model.setOrderBy({ u"title"_s });
        bool once = true;
        connect(&model, &QAbstractItemModel::rowsInserted, &model, [&] {
            if (std::exchange(once, false))
                model.setOrderBy({ u"-title"_s });
        });
        model.fetchMore();
        WAIT_LOADED(model);
        QCOMPARE(model.rowCount(), 0); // reset by the receiver
        QVERIFY(!model.isComplete());
        QVERIFY(model.canFetchMore());
        model.fetchMore();
        WAIT_LOADED(model);
        QCOMPARE(Test::displayed(model).first(), title(5));
        QCOMPARE(model.rowCount(), 6);
    }
}

// A session going away takes every row at once: one reset, not a removal per row.
void tst_QueryLoader::sessionGoneResetsOnce()
{
    SETUP(db, registry);
    QVERIFY2(fill(db, registry, 40), "fill");
    QueryModel model;
    auto *session = new Session(db, registry);
    watch(&model, session, select<Book>(), 100, false);
    model.fetchAll();
    QCOMPARE(model.rowCount(), 40);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    delete session;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.size(), 0);
    QVERIFY(reset.size() >= 1 && reset.size() <= 2); // the objects, then the session
}

QTEST_MAIN(tst_QueryLoader)
#include "tst_queryloader.moc"
