// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Sessions on several threads, each with its own connection (issue 8 §3): optimistic locking
// with a version column loses no update, SQLite's busy handling makes writers wait instead of
// failing, and a session, connection, result or collection used from a thread it does not
// belong to reports a ThreadAffinityError.
#include "models.h"

#include <Qorm/engine/result.h>
#include <Qorm/orm/bulk.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QMutex>
#include <QtCore/QScopeGuard>
#include <QtCore/QSemaphore>
#include <QtCore/QThread>
#include <QtTest/QTest>

#include <atomic>
#include <barrier>
#include <databases.h>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// Errors seen by worker threads (QVERIFY works only in the test's own thread).
class ThreadErrors
{
public:
    void add(const QString &error)
    {
        const QMutexLocker locker(&m_mutex);
        m_errors.append(error);
    }
    QStringList all() const
    {
        const QMutexLocker locker(&m_mutex);
        return m_errors;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_errors;
};

// Runs every function in a thread of its own and waits for all of them.
bool runThreads(const QList<std::function<void()>> &functions)
{
    QList<QThread *> threads;
    for (const std::function<void()> &function : functions)
        threads.append(QThread::create(function));
    for (QThread *thread : std::as_const(threads))
        thread->start();
    bool finished = true;
    for (QThread *thread : std::as_const(threads))
        finished = thread->wait(QDeadlineTimer(300'000)) && finished;
    if (finished)
        qDeleteAll(threads);
    return finished;
}

bool isWrite(const QString &sql)
{
    return sql.startsWith(u"INSERT"_s) || sql.startsWith(u"UPDATE"_s)
            || sql.startsWith(u"DELETE"_s);
}

QVariant scalar(Connection &db, const QString &sql)
{
    Result result = db.execute(TextSql(sql));
    if (!result.isValid()) {
        qWarning().noquote() << Test::describe(result.error());
        return {};
    }
    return result.scalar();
}

struct WriterStats
{
    int successes = 0;
    int stale = 0;
};

/*
    Loads the counters `ids`, adds one to each and commits; after a StaleDataError rolls back,
    refreshes them and tries again with what the database holds now. `loaded` runs after the first
   load. False (with the reason in `errors`) for any other failure.
*/
bool incrementCounters(Session &session, const QVariantList &ids, WriterStats *stats,
                       ThreadErrors *errors, const std::function<void()> &loaded = {})
{
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const QList<ConcCounter *> counters =
                session.scalars(select<ConcCounter>()
                                        .where(attribute<ConcCounter>(u"id"_s).in(ids))
                                        .orderBy({ attribute<ConcCounter>(u"id"_s) }))
                        .all();
        if (counters.size() != ids.size()) {
            errors->add(u"loaded %1 counters, not %2: %3"_s.arg(counters.size())
                                .arg(ids.size())
                                .arg(Test::describe(session.lastError())));
            return false;
        }
        if (attempt == 0 && loaded)
            loaded();
        for (ConcCounter *counter : counters)
            counter->setProperty("hits", counter->m_hits + 1);
        if (session.commit()) {
            ++stats->successes;
            return true;
        }
        const Error error = session.lastError();
        session.rollback();
        if (error.type() != Error::StaleDataError) {
            errors->add(u"commit failed: "_s + Test::describe(error));
            return false;
        }
        ++stats->stale;
        // The rollback left the objects as last loaded: read what the other writer committed.
        for (ConcCounter *counter : counters) {
            if (!session.refresh(counter)) {
                errors->add(u"refresh failed: "_s + Test::describe(session.lastError()));
                return false;
            }
        }
    }
    errors->add(u"still stale after 1000 attempts"_s);
    return false;
}

} // namespace

class tst_Concurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void staleObjectAfterRollback_data() { Test::addDatabaseColumn(); }
    void staleObjectAfterRollback();
    void staleDataInLockstep_data() { Test::addDatabaseColumn(); }
    void staleDataInLockstep();
    void freeRunningWriters_data() { Test::addDatabaseColumn(); }
    void freeRunningWriters();

    void sqliteBusyWriters_data();
    void sqliteBusyWriters();

    void sqliteReadThenWrite();

    void foreignThreadWhileOwnerWorks();

    void foreignThreadCalls_data();
    void foreignThreadCalls();

private:
    // Creates the tables and three counters (ids 1..3) and one box (id 1); fills `settings`.
    bool prepare(const QString &database, ConnectionSettings *settings);
    void checkCounters(Connection &db, const QList<int> &expectedHits);

    Registry m_registry;
};

void tst_Concurrency::initTestCase()
{
    QVERIFY(m_registry.map<ConcCounter>());
    QVERIFY(m_registry.map<ConcBox>());
    QVERIFY(m_registry.map<ConcItem>());
}

bool tst_Concurrency::prepare(const QString &database, ConnectionSettings *settings)
{
    QString message;
    if (!Test::connectionSettings(database, settings, &message)) {
        qWarning().noquote() << message;
        return false;
    }
    const std::unique_ptr<Connection> db = Test::connect(database, &message);
    if (!db || !Test::resetSchema(*db, &message)) {
        qWarning().noquote() << message;
        return false;
    }
    if (!m_registry.metadata().createAll(*db)) {
        qWarning().noquote() << Test::describe(db->lastError());
        return false;
    }
    Session session(*db, m_registry);
    for (int i = 0; i < 3; ++i) {
        if (!session.add(new ConcCounter))
            return false;
    }
    auto *box = new ConcBox;
    box->m_name = u"box"_s;
    if (!session.add(box) || !session.commit()) {
        qWarning().noquote() << Test::describe(session.lastError());
        return false;
    }
    return true;
}

// The hits of counters 1..3, and their versions: one more than their updates (an INSERT
// writes version 1).
void tst_Concurrency::checkCounters(Connection &db, const QList<int> &expectedHits)
{
    Result rows = db.execute(TextSql(u"SELECT id, hits, revision FROM conc_counter ORDER BY id"_s));
    QORM_VERIFY_RESULT(rows);
    QList<int> hits;
    QList<int> revisions;
    while (rows.next()) {
        hits.append(rows.value(1).toInt());
        revisions.append(rows.value(2).toInt());
    }
    QCOMPARE(hits, expectedHits);
    QList<int> expectedRevisions;
    for (int h : expectedHits)
        expectedRevisions.append(h + 1);
    QCOMPARE(revisions, expectedRevisions);
}

/*
    What a retry after a StaleDataError needs: the rollback leaves the stale object as it was
    last loaded (docs/session.md; tst_flush checks it too), so committing it again is stale
    again; refresh() reads what the other session committed, version included, and the next
    commit builds on it.
*/
void tst_Concurrency::staleObjectAfterRollback()
{
    QFETCH(QString, database);
    ConnectionSettings settings;
    QVERIFY(prepare(database, &settings));
    Connection first(settings);
    Connection second(settings);
    QVERIFY(first.isOpen() && second.isOpen());
    Session mine(first, m_registry);
    Session theirs(second, m_registry);
    ConcCounter *counter = mine.get<ConcCounter>(2);
    QVERIFY(counter);
    QCOMPARE(counter->m_revision, 1);
    ConcCounter *other = theirs.get<ConcCounter>(2);
    QVERIFY(other);
    other->setProperty("hits", 10);
    QVERIFY2(theirs.commit(), qPrintable(Test::describe(theirs.lastError())));

    for (int attempt = 0; attempt < 2; ++attempt) {
        counter->setProperty("hits", counter->m_hits + 1);
        QVERIFY(!mine.commit());
        QCOMPARE(mine.lastError().type(), Error::StaleDataError);
        QVERIFY(mine.rollback());
        QCOMPARE(counter->m_hits, 0);
        QCOMPARE(counter->m_revision, 1);
    }
    QVERIFY2(mine.refresh(counter), qPrintable(Test::describe(mine.lastError())));
    QCOMPARE(counter->m_hits, 10);
    QCOMPARE(counter->m_revision, 2);
    counter->setProperty("hits", counter->m_hits + 1);
    QVERIFY2(mine.commit(), qPrintable(Test::describe(mine.lastError())));
    QCOMPARE(counter->m_revision, 3);
    QCOMPARE(scalar(first, u"SELECT hits FROM conc_counter WHERE id = 2"_s).toInt(), 11);
    QCOMPARE(scalar(first, u"SELECT revision FROM conc_counter WHERE id = 2"_s).toInt(), 3);
}

/*
    Two sessions on two threads load the same counter, then both write it: exactly one of them
    wins each round, the other gets a StaleDataError, rolls back and writes again on top of the
    winner's value. Writer 0 increments counters 1 and 2, writer 1 counters 2 and 3.
*/
void tst_Concurrency::staleDataInLockstep()
{
    QFETCH(QString, database);
    ConnectionSettings settings;
    QVERIFY(prepare(database, &settings));
    constexpr int Rounds = 20;
    std::barrier sync(2);
    ThreadErrors errors;
    WriterStats stats[2];
    const auto writer = [&](int index) {
        Connection connection(settings);
        if (!connection.isOpen())
            errors.add(Test::describe(connection.lastError()));
        Session session(connection, m_registry);
        session.setExpireOnCommit(true); // the other writer changes the same rows
        const QVariantList ids = index == 0 ? QVariantList{ 1, 2 } : QVariantList{ 2, 3 };
        for (int round = 0; round < Rounds; ++round) {
            sync.arrive_and_wait(); // both start the round with the rows committed so far
            bool waited = false;
            const bool ok = incrementCounters(session, ids, &stats[index], &errors, [&] {
                sync.arrive_and_wait(); // both have read the same version of counter 2
                waited = true;
            });
            if (!waited)
                sync.arrive_and_wait();
            if (!ok)
                errors.add(u"writer %1, round %2 failed"_s.arg(index).arg(round));
            sync.arrive_and_wait(); // the loser has written too
        }
    };
    QVERIFY(runThreads({ [&] { writer(0); }, [&] { writer(1); } }));
    QVERIFY2(errors.all().isEmpty(), qPrintable(errors.all().join(u'\n')));
    QCOMPARE(stats[0].successes, Rounds);
    QCOMPARE(stats[1].successes, Rounds);
    // Exactly one loser per round: the versions were the same when both wrote.
    QCOMPARE(stats[0].stale + stats[1].stale, Rounds);
    QORM_CONNECT(db, database);
    checkCounters(db, { Rounds, 2 * Rounds, Rounds });
    checkCounters(db, { Rounds, 2 * Rounds, Rounds });
}

/*
    The same two writers without lockstep, many rounds: whatever the interleaving, no increment
    is lost, and nothing but StaleDataError (retried) ever fails: on SQLite, the busy timeout
    covers every lock wait (the session's transaction starts with a write, never a read).
*/
void tst_Concurrency::freeRunningWriters()
{
    QFETCH(QString, database);
    ConnectionSettings settings;
    QVERIFY(prepare(database, &settings));
    constexpr int Rounds = 200;
    std::barrier start(2);
    ThreadErrors errors;
    WriterStats stats[2];
    const auto writer = [&](int index) {
        Connection connection(settings);
        if (!connection.isOpen())
            errors.add(Test::describe(connection.lastError()));
        Session session(connection, m_registry);
        session.setExpireOnCommit(true); // the other writer changes the same rows
        const QVariantList ids = index == 0 ? QVariantList{ 1, 2 } : QVariantList{ 2, 3 };
        start.arrive_and_wait();
        for (int round = 0; round < Rounds; ++round) {
            if (!incrementCounters(session, ids, &stats[index], &errors))
                break;
        }
    };
    QVERIFY(runThreads({ [&] { writer(0); }, [&] { writer(1); } }));
    QVERIFY2(errors.all().isEmpty(), qPrintable(errors.all().join(u'\n')));
    QCOMPARE(stats[0].successes, Rounds);
    QCOMPARE(stats[1].successes, Rounds);
    qInfo("%s: %d + %d commits, %d + %d stale and retried", qPrintable(database),
          stats[0].successes, stats[1].successes, stats[0].stale, stats[1].stale);
    QORM_CONNECT(db, database);
    checkCounters(db, { Rounds, 2 * Rounds, Rounds });
}

void tst_Concurrency::sqliteBusyWriters_data()
{
    QTest::addColumn<int>("busyTimeout");
    QTest::newRow("sqlite:timeout") << 5000;
    QTest::newRow("sqlite:no-timeout") << 0;
}

/*
    SQLite, two connections on one file. Connection A (this thread) holds a write transaction
    (BEGIN IMMEDIATE) while a session on connection B (another thread) writes: a new item in even
    rounds (with a new session, so its flush first asks SQLite whether the key is the rowid),
    counter 1 in odd rounds.

    With a busy timeout, B's write waits for A's COMMIT and succeeds: A holds its lock until B's
    first write statement has started, and then as long as B's write has not finished, for
    up to 200 ms; a write that ends while A holds the lock has failed, which must not happen.
    Without a busy timeout, B's write fails at once with a StatementError that says why; B rolls
    back, and writes again after A's commit: nothing is lost either way.
*/
void tst_Concurrency::sqliteBusyWriters()
{
    QFETCH(int, busyTimeout);
    ConnectionSettings settings;
    QVERIFY(prepare(u"sqlite"_s, &settings));
    QVERIFY(!settings.databaseName.isEmpty() && settings.databaseName != u":memory:"_s);
    constexpr int Rounds = 10;
    QSemaphore locked;    // A holds the write lock: B may start its round
    QSemaphore writing;   // B's first write statement of the round starts
    QSemaphore committed; // A has committed
    QSemaphore finished;  // B's round is over
    std::atomic<bool> armed{ false };
    std::atomic<int> writesEnded{ 0 };
    ThreadErrors errors;
    int failures = 0;
    QStringList failureTexts;
    const auto writerB = [&] {
        ConnectionSettings own = settings;
        own.busyTimeoutMilliseconds = busyTimeout;
        Connection connection(own);
        if (!connection.isOpen())
            errors.add(Test::describe(connection.lastError()));
        connection.setInterceptor([&](const CompiledStatement &statement) {
            if (isWrite(statement.sql()) && armed.load())
                writing.release();
            return Error();
        });
        (void)connection.addObserver([&](const ExecutedStatement &statement) {
            if (isWrite(statement.sql) && armed.exchange(false))
                ++writesEnded;
        });
        for (int round = 0; round < Rounds; ++round) {
            locked.acquire();
            Session session(connection, m_registry);
            bool waitedForCommit = false;
            for (int attempt = 0; attempt < 2; ++attempt) {
                ConcItem *item = nullptr;
                if (round % 2 == 0) {
                    item = new ConcItem;
                    item->m_label = u"b%1"_s.arg(round);
                    item->m_boxId = 1;
                    if (!session.add(item))
                        errors.add(Test::describe(session.lastError()));
                } else {
                    ConcCounter *counter = session.get<ConcCounter>(1);
                    if (!counter) {
                        errors.add(Test::describe(session.lastError()));
                        break;
                    }
                    counter->setProperty("hits", counter->m_hits + 1);
                }
                armed = attempt == 0;
                if (session.commit())
                    break;
                armed = false;
                ++failures;
                failureTexts.append(u"round %1: "_s.arg(round)
                                    + Test::describe(session.lastError()));
                if (session.lastError().type() != Error::StatementError
                    || !session.lastError().text().contains(u"database is locked"_s)
                    || !session.lastError().text().contains(u"TransactionMode::Immediate"_s))
                    errors.add(u"unexpected error: "_s + Test::describe(session.lastError()));
                session.rollback(); // gives the item added in the transaction back to us
                if (item && !session.contains(item))
                    delete item;
                if (!waitedForCommit) {
                    committed.acquire();
                    waitedForCommit = true;
                }
                if (attempt == 1)
                    errors.add(u"round %1: the retry failed"_s.arg(round));
            }
            if (!waitedForCommit)
                committed.acquire();
            finished.release();
        }
    };
    Connection a(settings);
    QVERIFY(a.isOpen());
    int endedWhileLocked = 0;
    QThread *threadB = QThread::create(writerB);
    threadB->start();
    for (int round = 0; round < Rounds; ++round) {
        Transaction transaction = a.begin(TransactionMode::Immediate);
        QVERIFY2(transaction.isActive(), qPrintable(Test::describe(a.lastError())));
        QORM_VERIFY_RESULT(a.execute(
                TextSql(u"INSERT INTO conc_item (label, box_id) VALUES ('a%1', 1)"_s.arg(round))));
        const int ended = writesEnded.load();
        locked.release();
        QVERIFY(writing.tryAcquire(1, 60'000));
        // Polling with a deadline for an event that must not happen while A holds the lock
        // (with a busy timeout), or that must (without).
        QDeadlineTimer deadline(busyTimeout > 0 ? 200 : 60'000);
        while (writesEnded.load() == ended && !deadline.hasExpired())
            QThread::msleep(2);
        if (writesEnded.load() != ended)
            ++endedWhileLocked;
        QVERIFY2(transaction.commit(), qPrintable(Test::describe(a.lastError())));
        committed.release();
        QVERIFY(finished.tryAcquire(1, 60'000));
    }
    QVERIFY(threadB->wait(QDeadlineTimer(120'000)));
    delete threadB;
    QVERIFY2(errors.all().isEmpty(), qPrintable(errors.all().join(u'\n')));
    if (busyTimeout > 0) {
        QVERIFY2(failures == 0, qPrintable(failureTexts.join(u'\n')));
        QCOMPARE(endedWhileLocked, 0);
    } else {
        QCOMPARE(failures, Rounds);
        QCOMPARE(endedWhileLocked, Rounds);
    }
    QCOMPARE(scalar(a, u"SELECT count(*) FROM conc_item WHERE label LIKE 'a%'"_s).toInt(), Rounds);
    QCOMPARE(scalar(a, u"SELECT count(*) FROM conc_item WHERE label LIKE 'b%'"_s).toInt(),
             Rounds / 2);
    checkCounters(a, { Rounds / 2, 0, 0 });
}

/*
    SQLite, a transaction that reads and then writes (docs/session.md, Transactions). Begun
    deferred, it holds a read lock when it comes to write; while another connection holds the
    write lock, SQLite refuses the upgrade at once whatever the busy timeout (waiting could
    deadlock): the commit fails with a StatementError that says to begin with
    TransactionMode::Immediate, the rollback leaves nothing behind, and the same work begun
    with TransactionMode::Immediate waits for the lock at BEGIN and succeeds.
*/
void tst_Concurrency::sqliteReadThenWrite()
{
    ConnectionSettings settings;
    QVERIFY(prepare(u"sqlite"_s, &settings));
    QSemaphore hasRead;   // B has read in its deferred transaction
    QSemaphore locked;    // A holds the write lock
    QSemaphore failed;    // B's deferred write failed and was rolled back
    QSemaphore beginning; // B's BEGIN IMMEDIATE starts
    QSemaphore committed; // A has committed
    std::atomic<bool> immediateEnded{ false };
    ThreadErrors errors;
    Error deferredError;
    QElapsedTimer deferredTimer;
    qint64 deferredMilliseconds = -1;
    const auto writerB = [&] {
        Connection connection(settings); // busy timeout 5000 ms
        connection.setInterceptor([&](const CompiledStatement &statement) {
            if (statement.sql() == u"BEGIN IMMEDIATE"_s)
                beginning.release();
            return Error();
        });
        (void)connection.addObserver([&](const ExecutedStatement &statement) {
            if (statement.sql == u"BEGIN IMMEDIATE"_s)
                immediateEnded = true;
        });
        Session session(connection, m_registry);
        if (!session.begin(TransactionMode::Deferred))
            errors.add(Test::describe(session.lastError()));
        ConcCounter *counter = session.get<ConcCounter>(1); // the read lock
        if (!counter) {
            errors.add(Test::describe(session.lastError()));
            return;
        }
        hasRead.release();
        locked.acquire();
        counter->setProperty("hits", counter->m_hits + 1);
        deferredTimer.start();
        if (session.commit())
            errors.add(u"the deferred read-then-write succeeded against a held lock"_s);
        deferredMilliseconds = deferredTimer.elapsed();
        deferredError = session.lastError();
        session.rollback();
        failed.release();
        committed.acquire();

        locked.acquire();                               // A holds the lock again
        if (!session.begin(TransactionMode::Immediate)) // waits for A's commit
            errors.add(Test::describe(session.lastError()));
        counter = session.get<ConcCounter>(1);
        if (!counter) {
            errors.add(Test::describe(session.lastError()));
            return;
        }
        if (!session.refresh(counter))
            errors.add(Test::describe(session.lastError()));
        counter->setProperty("hits", counter->m_hits + 1);
        if (!session.commit())
            errors.add(u"the immediate read-then-write failed: "_s
                       + Test::describe(session.lastError()));
    };
    Connection a(settings);
    QVERIFY(a.isOpen());
    QThread *threadB = QThread::create(writerB);
    threadB->start();
    const auto holdLock = [&](int round) {
        Transaction transaction = a.begin(TransactionMode::Immediate);
        if (!transaction.isActive())
            return false;
        if (!a.execute(TextSql(u"UPDATE conc_counter SET hits = hits + 10, revision = revision + 1 "
                               u"WHERE id = 1"_s))
                     .isValid())
            return false;
        locked.release();
        if (round == 0) {
            if (!failed.tryAcquire(1, 60'000))
                return false;
        } else {
            if (!beginning.tryAcquire(1, 60'000))
                return false;
            // Polling with a deadline for an event that must not happen: B's BEGIN IMMEDIATE
            // ending while A holds the lock.
            QDeadlineTimer deadline(200);
            while (!immediateEnded.load() && !deadline.hasExpired())
                QThread::msleep(2);
            if (immediateEnded.load())
                errors.add(u"BEGIN IMMEDIATE ended while the other connection held the lock"_s);
        }
        return transaction.commit();
    };
    QVERIFY(hasRead.tryAcquire(1, 60'000));
    QVERIFY2(holdLock(0), qPrintable(Test::describe(a.lastError())));
    committed.release();
    QVERIFY2(holdLock(1), qPrintable(Test::describe(a.lastError())));
    QVERIFY(threadB->wait(QDeadlineTimer(120'000)));
    delete threadB;
    QVERIFY2(errors.all().isEmpty(), qPrintable(errors.all().join(u'\n')));
    QCOMPARE(deferredError.type(), Error::StatementError);
    QVERIFY2(deferredError.text().contains(u"database is locked"_s)
                     && deferredError.text().contains(u"TransactionMode::Immediate"_s),
             qPrintable(deferredError.text()));
    qInfo("the deferred write failed after %lld ms (busy timeout 5000 ms)", deferredMilliseconds);
    // A's two updates and B's immediate one; B's deferred one was rolled back.
    QCOMPARE(scalar(a, u"SELECT hits FROM conc_counter WHERE id = 1"_s).toInt(), 21);
    QCOMPARE(scalar(a, u"SELECT revision FROM conc_counter WHERE id = 1"_s).toInt(), 4);
}

/*
    A thread misusing a session, a collection and a result while the owner thread uses them: the
   misuse is reported to the misusing thread, the owner's errors stay the owner's, and nothing is
   shared unguarded between them (the sanitizer build would see a use after free of a shared Error).
*/
void tst_Concurrency::foreignThreadWhileOwnerWorks()
{
    ConnectionSettings settings;
    QVERIFY(prepare(u"sqlite"_s, &settings));
    Connection db(settings);
    QVERIFY(db.isOpen());
    Session session(db, m_registry);
    ConcBox *box = session.get<ConcBox>(1);
    QVERIFY(box);
    Result result = db.execute(TextSql(u"SELECT id FROM conc_counter ORDER BY id"_s));
    QVERIFY(result.next());
    QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    const auto restore = qScopeGuard([previous] { qInstallMessageHandler(previous); });
    constexpr int Calls = 20000;
    std::barrier start(2);
    int foreignErrors = 0;
    int foreignCollectionErrors = 0;
    int foreignResultErrors = 0;
    QThread *thread = QThread::create([&] {
        start.arrive_and_wait();
        for (int i = 0; i < Calls; ++i) {
            if (!session.flush() && session.lastError().type() == Error::ThreadAffinityError)
                ++foreignErrors;
            if (!box->items()->removeAt(0)
                && box->items()->lastError().type() == Error::ThreadAffinityError)
                ++foreignCollectionErrors;
            if (!result.next() && result.error().type() == Error::ThreadAffinityError)
                ++foreignResultErrors;
        }
    });
    thread->start();
    start.arrive_and_wait();
    int ownErrors = 0;
    int ownCollectionErrors = 0;
    int ownReads = 0;
    for (int i = 0; i < Calls; ++i) {
        if (!session.expunge(nullptr) && session.lastError().type() == Error::InvalidRequestError)
            ++ownErrors;
        if (!box->items()->append(nullptr)
            && box->items()->lastError().type() == Error::InvalidRequestError)
            ++ownCollectionErrors;
        if (result.value(0).toInt() == 1 && !result.error().isValid())
            ++ownReads;
    }
    QVERIFY(thread->wait(QDeadlineTimer(120'000)));
    delete thread;
    QCOMPARE(foreignErrors, Calls);
    QCOMPARE(foreignCollectionErrors, Calls);
    QCOMPARE(foreignResultErrors, Calls);
    QCOMPARE(ownReads, Calls);
    QVERIFY(result.next()); // the owner's cursor did not move
    QCOMPARE(result.value(0).toInt(), 2);
    result.close();
    QVERIFY(ownErrors > 0);
    QVERIFY(ownCollectionErrors > 0);
    QVERIFY2(session.flush(), qPrintable(Test::describe(session.lastError())));
}

void tst_Concurrency::foreignThreadCalls_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("call");
    const QStringList calls = {
        u"Connection::execute"_s,
        u"Connection::begin"_s,
        u"Transaction::commit"_s,
        u"Transaction::rollback"_s,
        u"Result::next"_s,
        u"Result::all"_s,
        u"Result::close"_s,
        u"Session::stream"_s,
        u"Session::tuples"_s,
        u"Session::create"_s,
        u"Session::addAll"_s,
        u"Session::expungeAll"_s,
        u"Session::bulkUpdate"_s,
        u"Session::executeRows"_s,
        u"NestedTransaction::commit"_s,
        u"NestedTransaction::rollback"_s,
        u"collection append"_s,
        u"collection remove"_s,
        u"collection size"_s,
        u"collection objects"_s,
        u"EntityListModel::fetchMore"_s,
        u"EntityListModel::rowCount"_s,
        u"property change"_s,
    };
    for (const QString &database : Test::databases()) {
        for (const QString &call : calls)
            QTest::addRow("%s:%s", qPrintable(database), qPrintable(call)) << database << call;
    }
}

/*
    A session, its connection, a result, a transaction, a collection and its model, and an
    object of the session, each used from a thread they do not belong to, while their owner
    waits: the call fails (ThreadAffinityError where the API reports errors), sends no SQL and
    changes nothing; the owner then uses everything as before. Session calls not listed here
    are checked the same way in tst_session (threadAffinity).
*/
void tst_Concurrency::foreignThreadCalls()
{
    QFETCH(QString, database);
    QFETCH(QString, call);
    ConnectionSettings settings;
    QVERIFY(prepare(database, &settings));
    Connection db(settings);
    QVERIFY(db.isOpen());
    {
        Session seed(db, m_registry);
        auto *box = seed.get<ConcBox>(1);
        QVERIFY(box);
        for (int i = 0; i < 2; ++i) {
            auto *item = new ConcItem;
            item->m_label = u"item%1"_s.arg(i);
            QVERIFY(box->items()->append(item));
        }
        QVERIFY2(seed.commit(), qPrintable(Test::describe(seed.lastError())));
    }
    Session session(db, m_registry);
    ConcBox *box = session.get<ConcBox>(1); // its items are not loaded yet
    ConcCounter *counter = session.get<ConcCounter>(1);
    QVERIFY(box && counter);
    auto loose = std::make_unique<ConcItem>(); // an object of this thread, in no session
    loose->m_label = u"loose"_s;
    loose->m_boxId = 1;

    // What the owner holds open for some calls.
    std::optional<Transaction> transaction;
    std::optional<NestedTransaction> nested;
    std::optional<Result> result;
    if (call.startsWith(u"Transaction::"_s)) {
        transaction = db.begin();
        QVERIFY(transaction->isActive());
    } else if (call.startsWith(u"NestedTransaction::"_s)) {
        nested = session.beginNested();
        QVERIFY(nested->isActive());
    } else if (call.startsWith(u"Result::"_s)) {
        result = db.execute(TextSql(u"SELECT label FROM conc_item ORDER BY label"_s));
        QORM_VERIFY_RESULT(*result);
    }
    const int depth = db.transactionDepth();

    QList<QThread *> errorsIn; // errorOccurred() is not emitted from another thread
    connect(
            &session, &Session::errorOccurred, this,
            [&errorsIn] { errorsIn.append(QThread::currentThread()); }, Qt::DirectConnection);
    QList<QThread *> modifiedIn;
    connect(
            &session, &Session::objectModified, this,
            [&modifiedIn] { modifiedIn.append(QThread::currentThread()); }, Qt::DirectConnection);
    Test::SqlRecorder recorder(db);

    bool ok = false;
    bool returnsValue = true;
    Error error;
    bool hasError = true; // the call reports an Error (else only its return value)
    QThread *thread = QThread::create([&] {
        if (call == u"Connection::execute") {
            const Result r = db.execute(TextSql(u"DELETE FROM conc_item"_s));
            ok = r.isValid();
            error = r.error();
        } else if (call == u"Connection::begin") {
            Transaction t = db.begin(TransactionMode::Immediate);
            ok = t.isActive();
            error = db.lastError();
        } else if (call == u"Transaction::commit") {
            ok = transaction->commit();
            error = db.lastError();
        } else if (call == u"Transaction::rollback") {
            ok = transaction->rollback();
            error = db.lastError();
        } else if (call == u"Result::next") {
            ok = result->next();
            error = result->error();
        } else if (call == u"Result::all") {
            ok = !result->all().isEmpty();
            error = result->error();
        } else if (call == u"Result::close") {
            result->close(); // ignored, with a warning
            returnsValue = false;
            hasError = false;
        } else if (call == u"Session::stream") {
            int batches = 0;
            const std::function<bool(const QList<ConcItem *> &)> consume =
                    [&batches](const QList<ConcItem *> &) {
                        ++batches;
                        return true;
                    };
            ok = session.stream(select<ConcItem>(), 1, consume) || batches > 0;
            error = session.lastError();
        } else if (call == u"Session::tuples") {
            const auto rows = session.tuples(select<ConcBox, ConcItem>().join(u"items"_s));
            ok = !rows.hasError();
            error = rows.error();
        } else if (call == u"Session::create") {
            ok = session.create(u"ConcCounter"_s, { { u"hits"_s, 7 } }) != nullptr;
            error = session.lastError();
        } else if (call == u"Session::addAll") {
            ok = session.addAll(QList<QObject *>{ loose.get() });
            error = session.lastError();
        } else if (call == u"Session::expungeAll") {
            session.expungeAll();
            returnsValue = false;
            error = session.lastError();
        } else if (call == u"Session::bulkUpdate") {
            const BulkResult r =
                    session.execute(Qorm::update<ConcCounter>().set(u"hits"_s, Expression(99)));
            ok = !r.hasError();
            error = r.error();
        } else if (call == u"Session::executeRows") {
            const ObjectRowsResult r = session.executeRows(select<ConcItem>());
            ok = !r.hasError();
            error = r.error();
        } else if (call == u"NestedTransaction::commit") {
            ok = nested->commit();
            error = session.lastError();
        } else if (call == u"NestedTransaction::rollback") {
            ok = nested->rollback();
            error = session.lastError();
        } else if (call == u"collection append") {
            ok = box->items()->append(loose.get());
            error = box->items()->lastError();
        } else if (call == u"collection remove") {
            ok = box->items()->removeAt(0);
            error = box->items()->lastError();
        } else if (call == u"collection size") {
            ok = box->items()->size() > 0;
            error = box->items()->lastError();
        } else if (call == u"collection objects") {
            ok = !box->items()->objects().isEmpty();
            error = box->items()->lastError();
        } else if (call == u"EntityListModel::fetchMore") {
            box->items()->fetchMore(QModelIndex());
            returnsValue = false;
            error = box->items()->lastError();
        } else if (call == u"EntityListModel::rowCount") {
            ok = box->items()->rowCount() > 0;
            error = box->items()->lastError();
        } else if (call == u"property change") {
            // The member itself is the caller's race to avoid. The session must not react in
            // this thread (its tracker ignores the signal here: sender() is null for a
            // receiver of another thread); the flush still sees the value, by comparison.
            counter->setProperty("hits", 41);
            returnsValue = false;
            hasError = false;
        } else {
            qFatal("unknown call %s", qPrintable(call));
        }
    });
    thread->start();
    QVERIFY(thread->wait(QDeadlineTimer(60'000)));
    delete thread;

    if (returnsValue)
        QVERIFY2(!ok, "the call from another thread reported success");
    if (hasError) {
        QVERIFY2(error.type() == Error::ThreadAffinityError, qPrintable(Test::describe(error)));
        QVERIFY2(error.text().contains(u"thread"_s), qPrintable(error.text()));
    }
    // Nothing reached the database, and the session did nothing in the other thread.
    QVERIFY2(recorder.statements().isEmpty(), qPrintable(recorder.statements().join(u'\n')));
    // (The other thread is gone: compare pointers, never print them.)
    for (QThread *t : std::as_const(modifiedIn))
        QVERIFY2(t == QThread::currentThread(), "objectModified() emitted in another thread");
    for (QThread *t : std::as_const(errorsIn))
        QVERIFY2(t == QThread::currentThread(), "errorOccurred() emitted in another thread");
    QCOMPARE(db.transactionDepth(), depth);

    // The owner goes on as before.
    if (result) {
        QVERIFY(result->next());
        QCOMPARE(result->value(0).toString(), u"item0"_s);
        result->close();
    }
    if (nested)
        QVERIFY(nested->rollback());
    if (transaction)
        QVERIFY(transaction->rollback());
    QCOMPARE(Session::sessionOf(box), &session);
    QCOMPARE(Session::sessionOf(loose.get()), nullptr);
    QCOMPARE(box->items()->size(), 2);
    counter->setProperty("hits", counter->m_hits + 1);
    QVERIFY2(session.commit(), qPrintable(Test::describe(session.lastError())));
    QCOMPARE(scalar(db, u"SELECT count(*) FROM conc_item"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM conc_counter"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"SELECT hits FROM conc_counter WHERE id = 1"_s).toInt(),
             call == u"property change" ? 42 : 1);
}

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
