// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The Session's object-level behaviour: identity map, states and history, ownership, merge,
// refresh and expiry, flagModified, autoflush, signals, thread affinity and bad input, checked
// against every configured database, with the SQL each step emits.
#include "models.h"

#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QScopeGuard>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

const QString selectItems =
        u"SELECT ss_item.id, ss_item.name, ss_item.quantity, ss_item.updated_at FROM ss_item"_s;
const QString selectItemById = selectItems + u" WHERE ss_item.id = ?"_s;
const QString selectPairs = u"SELECT ss_pair.code, ss_pair.group_id, ss_pair.label FROM ss_pair"_s;

// Every row of the matrix crossed with the test's own cases: "<database>:<case>".
void addCaseRows(const QStringList &cases)
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("testCase");
    for (const QString &database : Test::databases()) {
        for (const QString &testCase : cases)
            QTest::newRow(qPrintable(database + u':' + testCase)) << database << testCase;
    }
}

// What the recorder saw, without MariaDB's one-off query of its auto-increment settings (a
// session reads them before its first INSERT that needs generated keys).
QList<ExecutedStatement> executed(const Test::SqlRecorder &recorder)
{
    QList<ExecutedStatement> result;
    for (const ExecutedStatement &statement : recorder.executed()) {
        // Not the sessions' once-per-class probes (MariaDB's auto-increment settings, SQLite's
        // rowid check).
        if (!statement.sql.startsWith(u"SELECT @@"_s) && statement.sql != Test::sqliteRowidProbe())
            result.append(statement);
    }
    return result;
}

QStringList sql(const Test::SqlRecorder &recorder)
{
    QStringList result;
    for (const ExecutedStatement &statement : executed(recorder))
        result.append(statement.sql);
    return result;
}

QString statementsText(const Test::SqlRecorder &recorder)
{
    return u"statements:\n    "_s + recorder.statements().join(u"\n    "_s);
}

// The statements match the regular expressions, one each, in order.
bool matchesInOrder(const Test::SqlRecorder &recorder, const QStringList &patterns)
{
    const QStringList statements = sql(recorder);
    if (statements.size() != patterns.size())
        return false;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const QRegularExpression pattern(patterns.at(i));
        if (!pattern.match(statements.at(i)).hasMatch())
            return false;
    }
    return true;
}

// A value read with plain Core SQL, independently of any session.
QVariant queryValue(Connection &db, const QString &sql)
{
    Result result = db.execute(TextSql(sql));
    if (!result.isValid())
        qWarning() << "queryValue failed:" << Test::describe(result.error());
    return result.scalar();
}

qint64 countItems(Connection &db)
{
    return queryValue(db, u"SELECT COUNT(*) FROM ss_item"_s).toLongLong();
}

QString itemName(Connection &db, qint64 id)
{
    return queryValue(db, u"SELECT name FROM ss_item WHERE id = %1"_s.arg(id)).toString();
}

int itemQuantity(Connection &db, qint64 id)
{
    return queryValue(db, u"SELECT quantity FROM ss_item WHERE id = %1"_s.arg(id)).toInt();
}

// Rows item1..itemN with quantity 10*i and ids 1..N, inserted with Core SQL.
void seedItems(Connection &db, int count)
{
    for (int i = 1; i <= count; ++i) {
        QORM_VERIFY_RESULT(db.execute(
                TextSql(u"INSERT INTO ss_item (name, quantity) VALUES ('item%1', %2)"_s.arg(i).arg(
                        i * 10))));
    }
    Result ids = db.execute(TextSql(u"SELECT id FROM ss_item ORDER BY id"_s));
    QORM_VERIFY_RESULT(ids);
    const QList<Row> rows = ids.all();
    QCOMPARE(rows.size(), qsizetype(count));
    for (int i = 0; i < count; ++i)
        QCOMPARE(rows.at(i).value(0).toLongLong(), qint64(i + 1));
}

void seedPairs(Connection &db)
{
    QORM_VERIFY_RESULT(db.execute(
            TextSql(u"INSERT INTO ss_pair (code, group_id, label) VALUES ('a', 1, 'one-a'), "
                    "('b', 1, 'one-b'), ('a', 2, 'two-a')"_s)));
}

} // namespace

// The statements recorded (see sql()) are exactly these; prints both lists when not.
#define COMPARE_SQL(recorder, ...) \
  do { \
    const QStringList expectedSql_ = __VA_ARGS__; \
    QVERIFY2(sql(recorder) == expectedSql_, \
             qPrintable(u"expected:\n    "_s + expectedSql_.join(u"\n    "_s) + u"\n"_s \
                        + statementsText(recorder))); \
  } while (false)

// The fixture of every test: a clean database with the models' tables.
#define SESSION_FIXTURE() \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<SsItem>(), qPrintable(Test::describe(registry.lastError()))); \
  QVERIFY2(registry.map<SsPair>(), qPrintable(Test::describe(registry.lastError()))); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

#define SEED_ITEMS(db, count) \
  do { \
    seedItems((db), (count)); \
    if (QTest::currentTestFailed()) \
      return; \
  } while (false)

#define VERIFY_OK(call, session) QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

// Disconnects a receiver of objectModified / hasChangesChanged before it is destroyed: destroying
// it while connected can deadlock (see listenerDestroyedWhileConnected, the last test).
#define DISCONNECT_AT_EXIT(session, receiver) \
  const auto receiver##Disconnect_ = \
          qScopeGuard([&] { QObject::disconnect(&(session), nullptr, &(receiver), nullptr); })

class tst_Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // 1. Identity map
    void identityMapGet_data() { Test::addDatabaseColumn(); }
    void identityMapGet();
    void identityMapQuery_data() { Test::addDatabaseColumn(); }
    void identityMapQuery();
    void getMissing_data() { Test::addDatabaseColumn(); }
    void getMissing();
    void compositeKey_data() { Test::addDatabaseColumn(); }
    void compositeKey();
    void reloadKeepsInMemoryEdits_data() { Test::addDatabaseColumn(); }
    void reloadKeepsInMemoryEdits();

    // 2. States and history
    void stateTransitions_data() { Test::addDatabaseColumn(); }
    void stateTransitions();
    void history_data() { Test::addDatabaseColumn(); }
    void history();
    void pendingHistory_data() { Test::addDatabaseColumn(); }
    void pendingHistory();
    void expungeStates_data() { Test::addDatabaseColumn(); }
    void expungeStates();

    // 3. Ownership
    void addTakesOwnership_data() { Test::addDatabaseColumn(); }
    void addTakesOwnership();
    void expungeHandsOwnershipBack_data() { Test::addDatabaseColumn(); }
    void expungeHandsOwnershipBack();
    void destructorDestroysObjects_data() { Test::addDatabaseColumn(); }
    void destructorDestroysObjects();
    void closeDestroysObjects_data() { Test::addDatabaseColumn(); }
    void closeDestroysObjects();
    void userDeletesTrackedObject_data();
    void userDeletesTrackedObject();

    // 4. merge()
    void mergeDetachedCopy_data() { Test::addDatabaseColumn(); }
    void mergeDetachedCopy();
    void mergeLoadsTarget_data() { Test::addDatabaseColumn(); }
    void mergeLoadsTarget();
    void mergeWithoutRow_data() { Test::addDatabaseColumn(); }
    void mergeWithoutRow();

    // 5. refresh(), expire()
    void refresh_data() { Test::addDatabaseColumn(); }
    void refresh();
    void refreshMissingRow_data() { Test::addDatabaseColumn(); }
    void refreshMissingRow();
    void expire_data() { Test::addDatabaseColumn(); }
    void expire();
    void expireAll_data() { Test::addDatabaseColumn(); }
    void expireAll();
    void expireDiscardsUnflushedChanges_data();
    void expireDiscardsUnflushedChanges();
    void expireOnCommit_data() { Test::addDatabaseColumn(); }
    void expireOnCommit();

    // 6. flagModified()
    void flagModified_data() { Test::addDatabaseColumn(); }
    void flagModified();
    void flagModifiedUnknownProperty_data() { Test::addDatabaseColumn(); }
    void flagModifiedUnknownProperty();

    // 7. Autoflush
    void autoflushBeforeQuery_data() { Test::addDatabaseColumn(); }
    void autoflushBeforeQuery();
    void autoflushBeforeGet_data() { Test::addDatabaseColumn(); }
    void autoflushBeforeGet();
    void noAutoflushGuard_data() { Test::addDatabaseColumn(); }
    void noAutoflushGuard();
    void autoflushOff_data() { Test::addDatabaseColumn(); }
    void autoflushOff();

    // 8. Signals
    void flushSignals_data() { Test::addDatabaseColumn(); }
    void flushSignals();
    void aboutToUpdateSetsTimestamp_data() { Test::addDatabaseColumn(); }
    void aboutToUpdateSetsTimestamp();
    void aboutToInsertSetsValue_data() { Test::addDatabaseColumn(); }
    void aboutToInsertSetsValue();
    void noFlushSignalsWithoutChanges_data() { Test::addDatabaseColumn(); }
    void noFlushSignalsWithoutChanges();
    void commitAndRollbackSignals_data() { Test::addDatabaseColumn(); }
    void commitAndRollbackSignals();
    void objectModifiedSignal_data() { Test::addDatabaseColumn(); }
    void objectModifiedSignal();
    void hasChanges_data() { Test::addDatabaseColumn(); }
    void hasChanges();

    // 9. Threads
    void crossThreadMisuse_data();
    void crossThreadMisuse();
    void addObjectOfAnotherThread_data() { Test::addDatabaseColumn(); }
    void addObjectOfAnotherThread();

    // 10. Bad input
    void badInput_data();
    void badInput();

    // 11. Results
    void results_data();
    void results();
    void resultOfFailedQuery_data() { Test::addDatabaseColumn(); }
    void resultOfFailedQuery();

    // Last: with the bug it tests, it hangs until QtTest's watchdog ends the process.
    void listenerDestroyedWhileConnected_data() { Test::addDatabaseColumn(); }
    void listenerDestroyedWhileConnected();
};

// ---------------------------------------------------------------------------------------------
// 1. Identity map

void tst_Session::identityMapGet()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *item = session.get<SsItem>(1);
    QVERIFY2(item, qPrintable(Test::describe(session.lastError())));
    QCOMPARE(item->m_id, qint64(1));
    QCOMPARE(item->m_name, u"item1"_s);
    QCOMPARE(item->m_quantity, 10);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(executed(recorder).first().boundValues, QVariantList{ 1 });
    QCOMPARE(session.state(item), ObjectState::Persistent);
    QVERIFY(session.contains(item));

    // Every spelling of the key is a hit in the identity map: no SQL.
    recorder.clear();
    QCOMPARE(session.get<SsItem>(1), item);
    QCOMPARE(session.get<SsItem>(QVariant(qint64(1))), item);
    QCOMPARE(session.get<SsItem>(QVariant(1)), item);
    QCOMPARE(session.get<SsItem>(QVariant(QVariantList{ 1 })), item);
    QCOMPARE(session.get(SsItem::staticMetaObject, QVariant(1)), static_cast<QObject *>(item));
    QCOMPARE(sql(recorder).size(), 0);

    // Another key is another object, loaded once.
    auto *second = session.get<SsItem>(2);
    QVERIFY(second);
    QVERIFY(second != item);
    QCOMPARE(second->m_name, u"item2"_s);
    QCOMPARE(sql(recorder).size(), 1);
    QCOMPARE(session.get<SsItem>(2), second);
    QCOMPARE(sql(recorder).size(), 1);

    // Another session has its own identity map.
    Session other(db, registry);
    auto *elsewhere = other.get<SsItem>(1);
    QVERIFY(elsewhere);
    QVERIFY(elsewhere != item);
    QCOMPARE(sql(recorder).size(), 2);
}

void tst_Session::identityMapQuery()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *second = session.get<SsItem>(2);
    QVERIFY(second);
    recorder.clear();

    const ScalarResult<SsItem> result =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) }));
    QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
    const QList<SsItem *> all = result.all();
    QCOMPARE(all.size(), 3);
    COMPARE_SQL(recorder, QStringList{ selectItems + u" ORDER BY ss_item.id"_s });
    // The row of an object in the map yields that object.
    QCOMPARE(all.at(1), second);
    QCOMPARE(all.at(0)->m_name, u"item1"_s);
    QCOMPARE(all.at(2)->m_name, u"item3"_s);
    QVERIFY(all.at(0) != all.at(2));

    // Objects a query loaded are in the map: get() needs no SQL, a second query gives them again.
    recorder.clear();
    QCOMPARE(session.get<SsItem>(1), all.at(0));
    QCOMPARE(session.get<SsItem>(3), all.at(2));
    QCOMPARE(sql(recorder).size(), 0);
    const QList<SsItem *> again =
            session.scalars(select<SsItem>()
                                    .where(attribute<SsItem>(u"quantity"_s) >= 20)
                                    .orderBy({ attribute<SsItem>(u"id"_s) }))
                    .all();
    QCOMPARE(again, (QList<SsItem *>{ all.at(1), all.at(2) }));
    QCOMPARE(sql(recorder).size(), 1);
    QCOMPARE(session.scalar(select<SsItem>().where(attribute<SsItem>(u"name"_s) == u"item3"_s)),
             all.at(2));
}

void tst_Session::getMissing()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    QCOMPARE(session.get<SsItem>(999), nullptr);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(executed(recorder).first().boundValues, QVariantList{ 999 });
    // No row is no error, and nothing was added.
    QVERIFY2(!session.lastError().isValid(), qPrintable(Test::describe(session.lastError())));
    QVERIFY(!session.hasChanges());
    QVERIFY(session.newObjects().isEmpty());
    QCOMPARE(session.get<SsItem>(QVariant(qint64(999))), nullptr);
    // A null key matches no row.
    QCOMPARE(session.get<SsItem>(QVariant()), nullptr);
    // The session still works.
    QVERIFY(session.get<SsItem>(1));
}

void tst_Session::compositeKey()
{
    SESSION_FIXTURE();
    seedPairs(db);
    if (QTest::currentTestFailed())
        return;
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    // The key is given in key order (groupId, code), not in property order.
    auto *pair = session.get<SsPair>(QVariantList{ 1, u"b"_s });
    QVERIFY2(pair, qPrintable(Test::describe(session.lastError())));
    QCOMPARE(pair->m_groupId, qint64(1));
    QCOMPARE(pair->m_code, u"b"_s);
    QCOMPARE(pair->m_label, u"one-b"_s);
    COMPARE_SQL(recorder,
                QStringList{ selectPairs + u" WHERE ss_pair.group_id = ? AND ss_pair.code = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, (QVariantList{ 1, u"b"_s }));
    QCOMPARE(session.inspect(pair).identity(), (QVariantList{ qint64(1), u"b"_s }));

    recorder.clear();
    QCOMPARE(session.get<SsPair>(QVariantList{ qint64(1), u"b"_s }), pair);
    QCOMPARE(session.get<SsPair>(QVariantList{ 1, u"b"_s }), pair);
    QCOMPARE(sql(recorder).size(), 0);

    auto *other = session.get<SsPair>(QVariantList{ 2, u"a"_s });
    QVERIFY(other);
    QVERIFY(other != pair);
    QCOMPARE(other->m_label, u"two-a"_s);
    auto *first = session.get<SsPair>(QVariantList{ 1, u"a"_s });
    QVERIFY(first);
    QVERIFY(first != other);
    QCOMPARE(first->m_label, u"one-a"_s);
    QCOMPARE(session.get<SsPair>(QVariantList{ 3, u"a"_s }), nullptr);
    QCOMPARE(sql(recorder).size(), 3);

    // A query hands out the same objects.
    recorder.clear();
    const QList<SsPair *> all =
            session.scalars(select<SsPair>().orderBy({ attribute<SsPair>(u"groupId"_s),
                                                       attribute<SsPair>(u"code"_s) }))
                    .all();
    QCOMPARE(all, (QList<SsPair *>{ first, pair, other }));

    // A new object is in the map once flushed.
    auto *added = new SsPair;
    added->m_groupId = 2;
    added->m_code = u"b"_s;
    added->m_label = u"two-b"_s;
    QVERIFY(session.add(added));
    VERIFY_OK(session.flush(), session);
    recorder.clear();
    QCOMPARE(session.get<SsPair>(QVariantList{ 2, u"b"_s }), added);
    QCOMPARE(sql(recorder).size(), 0);
    QCOMPARE(session.inspect(added).identity(), (QVariantList{ qint64(2), u"b"_s }));
}

void tst_Session::reloadKeepsInMemoryEdits()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    item->setProperty("name", u"edited"_s);
    QORM_VERIFY_RESULT(db.execute(
            TextSql(u"UPDATE ss_item SET name = 'from-db', quantity = 99 WHERE id = 1"_s)));

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    {
        NoAutoflush guard(session);
        const QList<SsItem *> all =
                session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first(), item);
        // The row does not overwrite the object: the edit stays, and so do the other values.
        QCOMPARE(item->m_name, u"edited"_s);
        QCOMPARE(item->m_quantity, 10);
        QCOMPARE(session.inspect(item).modifiedProperties(), QStringList{ u"name"_s });
        COMPARE_SQL(recorder, QStringList{ selectItems + u" ORDER BY ss_item.id"_s });

        // populateExisting() overwrites it with the row, edits included.
        recorder.clear();
        const QList<SsItem *> populated =
                session.scalars(select<SsItem>()
                                        .where(attribute<SsItem>(u"id"_s) == 1)
                                        .populateExisting())
                        .all();
        QCOMPARE(populated, QList<SsItem *>{ item });
        COMPARE_SQL(recorder, QStringList{ selectItemById });
    }
    QCOMPARE(item->m_name, u"from-db"_s);
    QCOMPARE(item->m_quantity, 99);
    QVERIFY(!session.inspect(item).isModified());
    QVERIFY(!session.hasChanges());
    recorder.clear();
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);
}

// ---------------------------------------------------------------------------------------------
// 2. States and history

void tst_Session::stateTransitions()
{
    SESSION_FIXTURE();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *item = new SsItem;
    item->m_name = u"new"_s;
    QPointer<SsItem> guard(item);
    QCOMPARE(session.state(item), ObjectState::Transient);
    QVERIFY(session.inspect(item).isTransient());
    QVERIFY(!session.contains(item));

    VERIFY_OK(session.add(item), session);
    QCOMPARE(session.state(item), ObjectState::Pending);
    InstanceState state = session.inspect(item);
    QVERIFY(state.isPending());
    QVERIFY(state.identity().isEmpty());
    QVERIFY(state.mapper().isValid());
    QCOMPARE(session.newObjects(), QList<QObject *>{ item });
    QCOMPARE(sql(recorder).size(), 0);

    VERIFY_OK(session.flush(), session);
    QVERIFY2(matchesInOrder(recorder, { u"^INSERT INTO ss_item \\("_s }),
             qPrintable(statementsText(recorder)));
    QVERIFY(item->m_id > 0);
    QCOMPARE(session.state(item), ObjectState::Persistent);
    state = session.inspect(item);
    QVERIFY(state.isPersistent());
    QCOMPARE(state.identity(), QVariantList{ item->m_id });
    QVERIFY(!state.isModified());
    QVERIFY(session.newObjects().isEmpty());
    const qint64 id = item->m_id;

    VERIFY_OK(session.remove(item), session);
    state = session.inspect(item);
    QVERIFY(state.isPersistent());
    QVERIFY(state.isMarkedForDeletion());
    QCOMPARE(session.deletedObjects(), QList<QObject *>{ item });

    recorder.clear();
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder, QStringList{ u"DELETE FROM ss_item WHERE ss_item.id = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, QVariantList{ id });
    QCOMPARE(session.state(item), ObjectState::Deleted);
    state = session.inspect(item);
    QVERIFY(state.isDeleted());
    QVERIFY(!state.isMarkedForDeletion());
    QVERIFY(session.deletedObjects().isEmpty());
    QVERIFY(!guard.isNull());
    // Not in the identity map any more: get() asks the database.
    recorder.clear();
    QCOMPARE(session.get<SsItem>(id), nullptr);
    QCOMPARE(sql(recorder).size(), 1);

    VERIFY_OK(session.commit(), session);
    QVERIFY(guard.isNull()); // destroyed after the commit
    QCOMPARE(countItems(db), 0);
}

void tst_Session::history()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);

    InstanceState state = session.inspect(item);
    QVERIFY(!state.isModified());
    QVERIFY(state.modifiedProperties().isEmpty());
    AttributeHistory name = state.history(u"name"_s);
    QCOMPARE(name.unchanged, QVariantList{ u"item1"_s });
    QVERIFY(name.added.isEmpty());
    QVERIFY(name.deleted.isEmpty());
    QVERIFY(!name.hasChanges());
    // An unknown property has an empty history.
    const AttributeHistory unknown = state.history(u"nope"_s);
    QVERIFY(unknown.added.isEmpty() && unknown.unchanged.isEmpty() && unknown.deleted.isEmpty());

    item->setProperty("name", u"renamed"_s);
    state = session.inspect(item);
    QVERIFY(state.isModified());
    QCOMPARE(state.modifiedProperties(), QStringList{ u"name"_s });
    name = state.history(u"name"_s);
    QCOMPARE(name.added, QVariantList{ u"renamed"_s });
    QCOMPARE(name.deleted, QVariantList{ u"item1"_s });
    QVERIFY(name.unchanged.isEmpty());
    QVERIFY(name.hasChanges());
    const AttributeHistory quantity = state.history(u"quantity"_s);
    QCOMPARE(quantity.unchanged, QVariantList{ 10 });
    QVERIFY(!quantity.hasChanges());
    QCOMPARE(session.modifiedObjects(), QList<QObject *>{ item });

    // A change without the NOTIFY signal is found all the same (the flush compares values).
    item->m_quantity = 11;
    state = session.inspect(item);
    QCOMPARE(state.modifiedProperties(), (QStringList{ u"name"_s, u"quantity"_s }));
    QCOMPARE(state.history(u"quantity"_s).added, QVariantList{ 11 });
    QCOMPARE(state.history(u"quantity"_s).deleted, QVariantList{ 10 });

    recorder.clear();
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder,
                QStringList{ u"UPDATE ss_item SET name = ?, quantity = ? WHERE ss_item.id = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, (QVariantList{ u"renamed"_s, 11, 1 }));
    state = session.inspect(item);
    QVERIFY(!state.isModified());
    QCOMPARE(state.history(u"name"_s).unchanged, QVariantList{ u"renamed"_s });
    QCOMPARE(state.history(u"quantity"_s).unchanged, QVariantList{ 11 });
    QVERIFY(session.modifiedObjects().isEmpty());

    // Changing a value and back is no change.
    item->setProperty("name", u"other"_s);
    item->setProperty("name", u"renamed"_s);
    QVERIFY(!session.inspect(item).isModified());
    recorder.clear();
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);
}

void tst_Session::pendingHistory()
{
    SESSION_FIXTURE();
    Session session(db, registry);
    auto *item = new SsItem;
    item->m_name = u"fresh"_s;
    item->m_quantity = 3;
    VERIFY_OK(session.add(item), session);
    const InstanceState state = session.inspect(item);
    QVERIFY(state.isPending());
    // For a pending object every value set is "added".
    QCOMPARE(state.history(u"name"_s).added, QVariantList{ u"fresh"_s });
    QVERIFY(state.history(u"name"_s).unchanged.isEmpty());
    QVERIFY(state.history(u"name"_s).deleted.isEmpty());
    QCOMPARE(state.history(u"quantity"_s).added, QVariantList{ 3 });
    QVERIFY(state.modifiedProperties().contains(u"name"_s));
    QVERIFY(state.modifiedProperties().contains(u"quantity"_s));
    // A null value was not set.
    QVERIFY(state.history(u"updatedAt"_s).added.isEmpty());
    QVERIFY(!state.modifiedProperties().contains(u"updatedAt"_s));
}

void tst_Session::expungeStates()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);

    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    VERIFY_OK(session.expunge(item), session);
    std::unique_ptr<SsItem> owned(item);
    QCOMPARE(session.state(item), ObjectState::Detached);
    const InstanceState state = session.inspect(item);
    QVERIFY(state.isDetached());
    QCOMPARE(state.identity(), QVariantList{ qint64(1) });
    QVERIFY(!session.contains(item));

    // An expunged pending object is transient again.
    auto *pending = new SsItem;
    VERIFY_OK(session.add(pending), session);
    VERIFY_OK(session.expunge(pending), session);
    std::unique_ptr<SsItem> ownedPending(pending);
    QCOMPARE(session.state(pending), ObjectState::Transient);
    QVERIFY(session.newObjects().isEmpty());
    QVERIFY(!session.hasChanges());

    // After expunge, get() loads a new object for the row.
    auto *reloaded = session.get<SsItem>(1);
    QVERIFY(reloaded);
    QVERIFY(reloaded != item);

    // Marked for deletion, then expunged: no DELETE.
    auto *marked = session.get<SsItem>(2);
    QVERIFY(marked);
    VERIFY_OK(session.remove(marked), session);
    VERIFY_OK(session.expunge(marked), session);
    std::unique_ptr<SsItem> ownedMarked(marked);
    QCOMPARE(session.state(marked), ObjectState::Detached);
    QVERIFY(session.deletedObjects().isEmpty());
    QVERIFY(!session.hasChanges());

    // Its DELETE flushed, then expunged: detached, and the commit does not destroy it.
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    VERIFY_OK(session.remove(reloaded), session);
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder, QStringList{ u"DELETE FROM ss_item WHERE ss_item.id = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, QVariantList{ 1 });
    QCOMPARE(session.state(reloaded), ObjectState::Deleted);
    VERIFY_OK(session.expunge(reloaded), session);
    QPointer<SsItem> guard(reloaded);
    std::unique_ptr<SsItem> ownedDeleted(reloaded);
    QCOMPARE(session.state(reloaded), ObjectState::Detached);
    QCOMPARE(reloaded->parent(), nullptr);
    VERIFY_OK(session.commit(), session);
    QVERIFY(!guard.isNull());
    QCOMPARE(countItems(db), 1);
    QCOMPARE(itemName(db, 2), u"item2"_s);
}

// ---------------------------------------------------------------------------------------------
// 3. Ownership

void tst_Session::addTakesOwnership()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Session session(db, registry);
    QObject formerParent;
    auto *item = new SsItem(&formerParent);
    QCOMPARE(Session::sessionOf(item), nullptr);
    VERIFY_OK(session.add(item), session);
    QCOMPARE(Session::sessionOf(item), &session);
    QVERIFY(item->parent() != &formerParent);
    QVERIFY(item->parent() != nullptr);
    QVERIFY(!formerParent.children().contains(item));
    // Adding again is a no-op.
    VERIFY_OK(session.add(item), session);
    QCOMPARE(session.newObjects().size(), 1);

    // Loaded objects belong to the session as well.
    auto *loaded = session.get<SsItem>(1);
    QVERIFY(loaded);
    QCOMPARE(Session::sessionOf(loaded), &session);
    QVERIFY(loaded->parent() != nullptr);
    QCOMPARE(Session::sessionOf(nullptr), nullptr);

    // An object of one session cannot be added to another.
    Session other(db, registry);
    QVERIFY(!other.add(item));
    QCOMPARE(other.lastError().type(), Error::InvalidRequestError);
    QCOMPARE(Session::sessionOf(item), &session);
}

void tst_Session::expungeHandsOwnershipBack()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QPointer<SsItem> guard(item);

    VERIFY_OK(session.expunge(item), session);
    QCOMPARE(item->parent(), nullptr);
    QCOMPARE(Session::sessionOf(item), nullptr);
    QCOMPARE(session.state(item), ObjectState::Detached);
    QVERIFY(!session.contains(item));

    // The caller owns it now: closing the session leaves it alone.
    session.close();
    QVERIFY(!guard.isNull());

    // Changed while detached, then added again: persistent, and the next flush writes its columns.
    item->setProperty("name", u"while-detached"_s);
    recorder.clear();
    VERIFY_OK(session.add(item), session);
    QCOMPARE(session.state(item), ObjectState::Persistent);
    QCOMPARE(Session::sessionOf(item), &session);
    QCOMPARE(session.inspect(item).identity(), QVariantList{ qint64(1) });
    QCOMPARE(session.get<SsItem>(1), item);
    QCOMPARE(sql(recorder).size(), 0);
    VERIFY_OK(session.flush(), session);
    QCOMPARE(
            sql(recorder),
            QStringList{
                    u"UPDATE ss_item SET name = ?, quantity = ?, updated_at = ? WHERE ss_item.id = ?"_s });
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemName(db, 1), u"while-detached"_s);
    QCOMPARE(itemQuantity(db, 1), 10);
    QVERIFY(!session.inspect(item).isModified());
    QVERIFY(!session.hasChanges());

    // Re-adding when the map holds another object for the row is refused (merge() is for that).
    VERIFY_OK(session.expunge(item), session);
    std::unique_ptr<SsItem> owned(item);
    auto *loaded = session.get<SsItem>(1);
    QVERIFY(loaded && loaded != item);
    QVERIFY(!session.add(item));
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
    QCOMPARE(item->parent(), nullptr);
    QCOMPARE(session.state(item), ObjectState::Detached);
}

void tst_Session::destructorDestroysObjects()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    QPointer<SsItem> loaded;
    QPointer<SsItem> queried;
    QPointer<SsItem> pending;
    QPointer<SsItem> flushed;
    QPointer<SsItem> modified;
    {
        Session session(db, registry);
        loaded = session.get<SsItem>(1);
        QVERIFY(loaded);
        queried = session.scalar(select<SsItem>().where(attribute<SsItem>(u"id"_s) == 2));
        QVERIFY(queried);
        queried->setProperty("quantity", 5);
        modified = queried;
        pending = new SsItem;
        VERIFY_OK(session.add(pending), session);
        flushed = new SsItem;
        VERIFY_OK(session.add(flushed), session);
        VERIFY_OK(session.flush(), session);
        auto *pendingAfterFlush = new SsItem;
        VERIFY_OK(session.add(pendingAfterFlush), session);
        pending = pendingAfterFlush;
    }
    QVERIFY(loaded.isNull());
    QVERIFY(queried.isNull());
    QVERIFY(modified.isNull());
    QVERIFY(pending.isNull());
    QVERIFY(flushed.isNull());
    // Not committed: the destructor rolled back.
    QCOMPARE(countItems(db), 2);
    QCOMPARE(itemQuantity(db, 2), 20);
}

void tst_Session::closeDestroysObjects()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QPointer<SsItem> loaded = session.get<SsItem>(1);
    QVERIFY(loaded);
    QPointer<SsItem> modified = session.get<SsItem>(2);
    QVERIFY(modified);
    modified->setProperty("name", u"changed"_s);
    QPointer<SsItem> flushed = new SsItem;
    VERIFY_OK(session.add(flushed), session);
    VERIFY_OK(session.flush(), session);
    QPointer<SsItem> pending = new SsItem;
    VERIFY_OK(session.add(pending), session);

    session.close();
    const auto cleanup = qScopeGuard([&] {
        // A leaked object would outlive the test otherwise.
        delete flushed.data();
        delete pending.data();
    });
    QVERIFY(loaded.isNull());
    QVERIFY(modified.isNull());
    QVERIFY2(flushed.isNull(),
             "close() left an object that was inserted in the rolled-back "
             "transaction alive");
    QVERIFY2(pending.isNull(), "close() left a pending object alive");
    QVERIFY(!session.hasChanges());
    QVERIFY(!session.inTransaction());
    QCOMPARE(countItems(db), 2);
    QCOMPARE(itemName(db, 2), u"item2"_s);

    // The session is usable afterwards, with an empty identity map.
    recorder.clear();
    auto *again = session.get<SsItem>(1);
    QVERIFY2(again, qPrintable(Test::describe(session.lastError())));
    QCOMPARE(again->m_name, u"item1"_s);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    auto *added = new SsItem;
    added->m_name = u"after-close"_s;
    VERIFY_OK(session.add(added), session);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(countItems(db), 3);
}

void tst_Session::userDeletesTrackedObject_data()
{
    addCaseRows({ u"persistent"_s, u"modified"_s, u"marked"_s, u"deleteFlushed"_s, u"pending"_s,
                  u"pendingCompositeKey"_s, u"flushed"_s, u"listening"_s });
}

void tst_Session::userDeletesTrackedObject()
{
    QFETCH(QString, testCase);
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *other = session.get<SsItem>(2);
    QVERIFY(other);
    QObject receiver;
    int modifiedCalls = 0;
    QObject *lastModified = nullptr;
    if (testCase == u"listening") {
        connect(&session, &Session::objectModified, &receiver, [&](QObject *object) {
            ++modifiedCalls;
            lastModified = object;
        });
    }
    DISCONNECT_AT_EXIT(session, receiver);

    QObject *victim = nullptr;
    QString className = u"SsItem"_s;
    qint64 id = 0;
    if (testCase == u"persistent" || testCase == u"modified" || testCase == u"marked"
        || testCase == u"deleteFlushed" || testCase == u"listening") {
        auto *item = session.get<SsItem>(1);
        QVERIFY(item);
        id = 1;
        if (testCase == u"modified")
            item->setProperty("name", u"unsaved"_s);
        if (testCase == u"marked" || testCase == u"deleteFlushed")
            VERIFY_OK(session.remove(item), session);
        if (testCase == u"deleteFlushed") {
            VERIFY_OK(session.flush(), session);
            QCOMPARE(session.state(item), ObjectState::Deleted);
        }
        if (testCase == u"listening")
            item->setProperty("quantity", 11);
        victim = item;
    } else if (testCase == u"pending" || testCase == u"flushed") {
        auto *item = new SsItem;
        item->m_name = u"never"_s;
        VERIFY_OK(session.add(item), session);
        if (testCase == u"flushed") {
            VERIFY_OK(session.flush(), session);
            id = item->m_id;
        }
        victim = item;
    } else {
        auto *pair = new SsPair;
        // Heap-allocated strings: reading them after their destruction would be caught by ASan.
        pair->m_code = QString::number(4711).repeated(3);
        pair->m_groupId = 9;
        pair->m_label = u"label-%1"_s.arg(42);
        VERIFY_OK(session.add(pair), session);
        victim = pair;
        className = u"SsPair"_s;
    }
    QCOMPARE(session.hasChanges(),
             testCase != u"persistent" && testCase != u"flushed" && testCase != u"deleteFlushed");

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(className + u".*destroyed"_s));
    delete victim;

    QVERIFY(session.newObjects().isEmpty());
    QVERIFY(session.modifiedObjects().isEmpty());
    QVERIFY(session.deletedObjects().isEmpty());
    QVERIFY(!session.hasChanges());
    QCOMPARE(session.get<SsItem>(2), other);

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    // Its unflushed changes are forgotten with it; the flush still works.
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);
    modifiedCalls = 0;
    other->setProperty("quantity", 21);
    if (testCase == u"listening") {
        QCOMPARE(modifiedCalls, 1);
        QCOMPARE(lastModified, other);
    }
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder, QStringList{ u"UPDATE ss_item SET quantity = ? WHERE ss_item.id = ?"_s });

    if (id > 0 && testCase != u"deleteFlushed") {
        // The identity map forgot it: get() loads the row into a new object.
        recorder.clear();
        auto *reloaded = session.get<SsItem>(id);
        QVERIFY2(reloaded, qPrintable(Test::describe(session.lastError())));
        QCOMPARE(reloaded->m_id, id);
        COMPARE_SQL(recorder, QStringList{ selectItemById });
        QCOMPARE(session.state(reloaded), ObjectState::Persistent);
        QCOMPARE(reloaded->m_name, testCase == u"flushed" ? u"never"_s : u"item1"_s);
    }
    VERIFY_OK(session.commit(), session);
    if (testCase == u"deleteFlushed") {
        // Its DELETE had been flushed: the commit makes it permanent.
        QCOMPARE(countItems(db), 1);
        QCOMPARE(session.get<SsItem>(1), nullptr);
    } else {
        QCOMPARE(countItems(db), testCase == u"flushed" ? 3 : 2);
        QCOMPARE(itemName(db, 1), u"item1"_s);
    }
    QCOMPARE(itemQuantity(db, 2), 21);
}

// ---------------------------------------------------------------------------------------------
// 4. merge()

void tst_Session::mergeDetachedCopy()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);

    // A detached copy of the row, from another session.
    std::unique_ptr<SsItem> copy;
    {
        Session elsewhere(db, registry);
        auto *loaded = elsewhere.get<SsItem>(1);
        QVERIFY(loaded);
        QVERIFY(loaded != item);
        VERIFY_OK(elsewhere.expunge(loaded), elsewhere);
        copy.reset(loaded);
    }
    QCOMPARE(session.state(copy.get()), ObjectState::Detached);
    copy->setProperty("name", u"merged"_s);

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    SsItem *merged = session.merge(copy.get());
    QCOMPARE(merged, item);
    QCOMPARE(sql(recorder).size(), 0);
    QCOMPARE(item->m_name, u"merged"_s);
    QCOMPARE(item->m_quantity, 10);
    QCOMPARE(session.inspect(item).modifiedProperties(), QStringList{ u"name"_s });
    // The argument is not added.
    QVERIFY(!session.contains(copy.get()));
    QCOMPARE(copy->parent(), nullptr);
    QCOMPARE(session.state(copy.get()), ObjectState::Detached);

    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder, QStringList{ u"UPDATE ss_item SET name = ? WHERE ss_item.id = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, (QVariantList{ u"merged"_s, 1 }));
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemName(db, 1), u"merged"_s);

    // Merging a copy that equals the object changes nothing.
    recorder.clear();
    QCOMPARE(session.merge(copy.get()), item);
    QVERIFY(!session.hasChanges());
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);
}

void tst_Session::mergeLoadsTarget()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    // A transient object that carries the key of an existing row.
    SsItem copy;
    copy.m_id = 2;
    copy.m_name = u"item2"_s;
    copy.m_quantity = 25;

    SsItem *merged = session.merge(&copy);
    QVERIFY2(merged, qPrintable(Test::describe(session.lastError())));
    QVERIFY(merged != &copy);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(session.state(merged), ObjectState::Persistent);
    QCOMPARE(merged->m_id, qint64(2));
    QCOMPARE(merged->m_quantity, 25);
    QCOMPARE(session.inspect(merged).modifiedProperties(), QStringList{ u"quantity"_s });
    QCOMPARE(session.get<SsItem>(2), merged);
    QVERIFY(!session.contains(&copy));
    QCOMPARE(session.state(&copy), ObjectState::Transient);

    recorder.clear();
    VERIFY_OK(session.commit(), session);
    COMPARE_SQL(recorder, QStringList{ u"UPDATE ss_item SET quantity = ? WHERE ss_item.id = ?"_s });
    QCOMPARE(itemQuantity(db, 2), 25);
}

void tst_Session::mergeWithoutRow()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QObject parent;
    auto *copy = new SsItem(&parent);
    copy->m_id = 42;
    copy->m_name = u"new-by-merge"_s;
    copy->m_quantity = 7;

    SsItem *merged = session.merge(copy);
    QVERIFY2(merged, qPrintable(Test::describe(session.lastError())));
    QVERIFY(merged != copy);
    QCOMPARE(session.state(merged), ObjectState::Pending);
    QCOMPARE(session.newObjects(), QList<QObject *>{ merged });
    QCOMPARE(merged->m_id, qint64(42));
    QCOMPARE(merged->m_name, u"new-by-merge"_s);
    QCOMPARE(merged->m_quantity, 7);
    // The argument stays where it was.
    QCOMPARE(session.state(copy), ObjectState::Transient);
    QCOMPARE(copy->parent(), &parent);
    QVERIFY(!session.contains(copy));
    COMPARE_SQL(recorder, QStringList{ selectItemById });

    recorder.clear();
    VERIFY_OK(session.commit(), session);
    QVERIFY2(matchesInOrder(recorder, { u"^INSERT INTO ss_item \\(id, name, quantity"_s }),
             qPrintable(statementsText(recorder)));
    QCOMPARE(session.state(merged), ObjectState::Persistent);
    QCOMPARE(itemName(db, 42), u"new-by-merge"_s);
    QCOMPARE(countItems(db), 2);

    // An object without a key is added as a new object, too.
    SsItem keyless;
    keyless.m_name = u"keyless"_s;
    SsItem *added = session.merge(&keyless);
    QVERIFY(added && added != &keyless);
    QCOMPARE(session.state(added), ObjectState::Pending);
    QCOMPARE(session.state(&keyless), ObjectState::Transient);
}

// ---------------------------------------------------------------------------------------------
// 5. refresh(), expire()

void tst_Session::refresh()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    item->setProperty("name", u"unsaved"_s);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"UPDATE ss_item SET quantity = 77 WHERE id = 1"_s)));

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    VERIFY_OK(session.refresh(item), session);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(item->m_name, u"item1"_s);
    QCOMPARE(item->m_quantity, 77);
    QVERIFY(!session.inspect(item).isModified());
    QVERIFY(!session.hasChanges());
    recorder.clear();
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);

    // Only persistent objects can be refreshed.
    auto *pending = new SsItem;
    VERIFY_OK(session.add(pending), session);
    QVERIFY(!session.refresh(pending));
    QVERIFY(session.lastError().isValid());
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
    QCOMPARE(session.state(pending), ObjectState::Pending);
}

void tst_Session::refreshMissingRow()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"DELETE FROM ss_item WHERE id = 1"_s)));

    QVERIFY(!session.refresh(item));
    const Error error = session.lastError();
    QVERIFY(error.isValid());
    QVERIFY2(error.text().contains(u"SsItem"_s), qPrintable(error.text()));
    QCOMPARE(item->m_name, u"item1"_s);
    // The session goes on working.
    auto *other = session.get<SsItem>(2);
    QVERIFY(other);
    other->setProperty("quantity", 1);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemQuantity(db, 2), 1);
}

void tst_Session::expire()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    auto *other = session.get<SsItem>(2);
    QVERIFY(item && other);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"UPDATE ss_item SET quantity = quantity + 1"_s)));

    recorder.clear();
    session.expire(item);
    QCOMPARE(sql(recorder).size(), 0);
    QVERIFY(session.inspect(item).isExpired());
    QVERIFY(!session.inspect(other).isExpired());
    // Values are kept until the session hands the object out again.
    QCOMPARE(item->m_quantity, 10);
    QCOMPARE(session.state(item), ObjectState::Persistent);

    QCOMPARE(session.get<SsItem>(1), item);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(item->m_quantity, 11);
    QVERIFY(!session.inspect(item).isExpired());
    QVERIFY(!session.inspect(item).isModified());

    // Reloaded once; the object that was not expired is not reloaded.
    recorder.clear();
    QCOMPARE(session.get<SsItem>(1), item);
    QCOMPARE(session.get<SsItem>(2), other);
    QCOMPARE(sql(recorder).size(), 0);
    QCOMPARE(other->m_quantity, 20);

    // A query hands out the expired object reloaded.
    session.expire(other);
    QCOMPARE(other->m_quantity, 20);
    const QList<SsItem *> all =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
    QCOMPARE(all, (QList<SsItem *>{ item, other }));
    QCOMPARE(other->m_quantity, 21);
    QVERIFY(!session.inspect(other).isExpired());

    // Expiring a pending object does nothing.
    auto *pending = new SsItem;
    VERIFY_OK(session.add(pending), session);
    session.expire(pending);
    QVERIFY(!session.inspect(pending).isExpired());
    QCOMPARE(session.state(pending), ObjectState::Pending);
}

void tst_Session::expireAll()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    const QList<SsItem *> all =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
    QCOMPARE(all.size(), 3);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"UPDATE ss_item SET name = 'changed'"_s)));

    recorder.clear();
    session.expireAll();
    QCOMPARE(sql(recorder).size(), 0);
    for (SsItem *item : all) {
        QVERIFY(session.inspect(item).isExpired());
        QVERIFY(item->m_name.startsWith(u"item"_s));
    }
    const QList<SsItem *> again =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
    QCOMPARE(again, all);
    QCOMPARE(sql(recorder).size(), 1);
    for (SsItem *item : all) {
        QVERIFY(!session.inspect(item).isExpired());
        QCOMPARE(item->m_name, u"changed"_s);
        QVERIFY(!session.inspect(item).isModified());
    }
}

void tst_Session::expireDiscardsUnflushedChanges_data()
{
    addCaseRows({ u"get"_s, u"query"_s, u"flush"_s });
}

void tst_Session::expireDiscardsUnflushedChanges()
{
    // SQLAlchemy: "all un-flushed changes on an object are discarded" by expire(). Whichever way
    // the object comes back (get(), a query with its autoflush, an explicit flush first), the
    // change made before expire() is not written, and the object shows the row again.
    QFETCH(QString, testCase);
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    item->setProperty("name", u"unsaved"_s);
    session.expire(item);

    recorder.clear();
    if (testCase == u"get") {
        QCOMPARE(session.get<SsItem>(1), item);
        COMPARE_SQL(recorder, QStringList{ selectItemById });
    } else if (testCase == u"query") {
        const QList<SsItem *> all = session.scalars(select<SsItem>()).all();
        QCOMPARE(all, QList<SsItem *>{ item });
        COMPARE_SQL(recorder, QStringList{ selectItems });
    } else {
        VERIFY_OK(session.flush(), session);
        COMPARE_SQL(recorder, QStringList{});
        QCOMPARE(session.get<SsItem>(1), item);
    }
    QCOMPARE(item->m_name, u"item1"_s);
    QVERIFY(!session.inspect(item).isModified());
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemName(db, 1), u"item1"_s);
}

void tst_Session::expireOnCommit()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QSignalSpy changed(&session, &Session::expireOnCommitChanged);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);

    // Off: committed objects keep their values and are not reloaded.
    session.setExpireOnCommit(false);
    QCOMPARE(changed.count(), session.expireOnCommit() ? 1 : 0);
    item->setProperty("quantity", 12);
    VERIFY_OK(session.commit(), session);
    QVERIFY(!session.inspect(item).isExpired());
    recorder.clear();
    QCOMPARE(session.get<SsItem>(1), item);
    QCOMPARE(sql(recorder).size(), 0);

    // On: every persistent object is expired by a commit and reloaded when handed out again.
    changed.clear();
    session.setExpireOnCommit(true);
    QVERIFY(session.expireOnCommit());
    QCOMPARE(changed.count(), 1);
    session.setExpireOnCommit(true);
    QCOMPARE(changed.count(), 1);
    auto *other = session.get<SsItem>(2);
    QVERIFY(other);
    item->setProperty("quantity", 13);
    VERIFY_OK(session.commit(), session);
    QVERIFY(session.inspect(item).isExpired());
    QVERIFY(session.inspect(other).isExpired());
    QCOMPARE(item->m_quantity, 13);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"UPDATE ss_item SET quantity = 14 WHERE id = 1"_s)));
    recorder.clear();
    QCOMPARE(session.get<SsItem>(1), item);
    COMPARE_SQL(recorder, QStringList{ selectItemById });
    QCOMPARE(item->m_quantity, 14);
    QVERIFY(!session.inspect(item).isExpired());
    QVERIFY(session.inspect(other).isExpired());
}

// ---------------------------------------------------------------------------------------------
// 6. flagModified()

void tst_Session::flagModified()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QVERIFY(!session.hasChanges());

    VERIFY_OK(session.flagModified(item, u"name"_s), session);
    QVERIFY(session.hasChanges());
    QCOMPARE(session.inspect(item).modifiedProperties(), QStringList{ u"name"_s });
    QCOMPARE(session.modifiedObjects(), QList<QObject *>{ item });

    recorder.clear();
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder, QStringList{ u"UPDATE ss_item SET name = ? WHERE ss_item.id = ?"_s });
    QCOMPARE(executed(recorder).first().boundValues, (QVariantList{ u"item1"_s, 1 }));
    QVERIFY(!session.hasChanges());
    QVERIFY(!session.inspect(item).isModified());
    recorder.clear();
    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);

    // A flag and a real change together: both columns, once each.
    VERIFY_OK(session.flagModified(item, u"name"_s), session);
    VERIFY_OK(session.flagModified(item, u"name"_s), session);
    item->setProperty("quantity", 3);
    VERIFY_OK(session.flush(), session);
    COMPARE_SQL(recorder,
                QStringList{ u"UPDATE ss_item SET name = ?, quantity = ? WHERE ss_item.id = ?"_s });
}

void tst_Session::flagModifiedUnknownProperty()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    recorder.clear();

    QVERIFY(!session.flagModified(item, u"nope"_s));
    const Error error = session.lastError();
    QVERIFY(error.isValid());
    QVERIFY2(error.text().contains(u"SsItem"_s), qPrintable(error.text()));
    QVERIFY2(error.text().contains(u"nope"_s), qPrintable(error.text()));
    QVERIFY(!session.hasChanges());
    QVERIFY(!session.inspect(item).isModified());

    // Not in the session: an error as well.
    SsItem transient;
    QVERIFY(!session.flagModified(&transient, u"name"_s));
    QVERIFY(session.lastError().isValid());
    QVERIFY(!session.flagModified(nullptr, u"name"_s));
    QVERIFY(session.lastError().isValid());

    VERIFY_OK(session.flush(), session);
    QCOMPARE(sql(recorder).size(), 0);
}

// ---------------------------------------------------------------------------------------------
// 7. Autoflush

void tst_Session::autoflushBeforeQuery()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QVERIFY(session.autoflush());
    auto *item = new SsItem;
    item->m_name = u"pending"_s;
    VERIFY_OK(session.add(item), session);

    const QList<SsItem *> all =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
    QVERIFY2(matchesInOrder(recorder,
                            { u"^INSERT INTO ss_item \\("_s,
                              u"^"_s + QRegularExpression::escape(selectItems) + u" ORDER BY"_s }),
             qPrintable(statementsText(recorder)));
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(1), item);
    QCOMPARE(session.state(item), ObjectState::Persistent);
    QVERIFY(!session.hasChanges());

    // A Core statement through the session autoflushes as well.
    item->setProperty("quantity", 4);
    recorder.clear();
    Result result =
            session.execute(TextSql(u"SELECT quantity FROM ss_item WHERE name = 'pending'"_s));
    QORM_VERIFY_RESULT(result);
    QCOMPARE(result.scalar().toInt(), 4);
    QCOMPARE(sql(recorder).first(), u"UPDATE ss_item SET quantity = ? WHERE ss_item.id = ?"_s);
}

void tst_Session::autoflushBeforeGet()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    item->setProperty("name", u"flushed-by-get"_s);
    recorder.clear();

    // A hit in the identity map needs no flush...
    QCOMPARE(session.get<SsItem>(1), item);
    QCOMPARE(sql(recorder).size(), 0);
    // ...loading does.
    QVERIFY(session.get<SsItem>(2));
    QCOMPARE(
            sql(recorder),
            (QStringList{ u"UPDATE ss_item SET name = ? WHERE ss_item.id = ?"_s, selectItemById }));
    QVERIFY(!session.hasChanges());
}

void tst_Session::noAutoflushGuard()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *item = new SsItem;
    item->m_name = u"pending"_s;
    VERIFY_OK(session.add(item), session);
    {
        NoAutoflush guard(session);
        const QList<SsItem *> all = session.scalars(select<SsItem>()).all();
        QCOMPARE(all.size(), 2);
        QVERIFY(!all.contains(item));
        COMPARE_SQL(recorder, QStringList{ selectItems });
        QCOMPARE(session.state(item), ObjectState::Pending);
        recorder.clear();
        QVERIFY(session.get<SsItem>(3) == nullptr);
        COMPARE_SQL(recorder, QStringList{ selectItemById });
        {
            NoAutoflush nested(session);
            QVERIFY(session.scalars(select<SsItem>()).count() == 2);
        }
        // Still inside the outer guard.
        QVERIFY(session.scalars(select<SsItem>()).count() == 2);
        QCOMPARE(session.state(item), ObjectState::Pending);
        // An explicit flush is not affected.
    }
    recorder.clear();
    QCOMPARE(session.scalars(select<SsItem>()).count(), 3);
    QVERIFY2(matchesInOrder(recorder,
                            { u"^INSERT INTO ss_item \\("_s,
                              u"^"_s + QRegularExpression::escape(selectItems) + u"$"_s }),
             qPrintable(statementsText(recorder)));
    QCOMPARE(session.state(item), ObjectState::Persistent);
}

void tst_Session::autoflushOff()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QSignalSpy changed(&session, &Session::autoflushChanged);
    session.setAutoflush(false);
    QVERIFY(!session.autoflush());
    QCOMPARE(changed.count(), 1);
    session.setAutoflush(false);
    QCOMPARE(changed.count(), 1);

    auto *item = new SsItem;
    VERIFY_OK(session.add(item), session);
    auto *loaded = session.get<SsItem>(1);
    QVERIFY(loaded);
    loaded->setProperty("quantity", 2);
    recorder.clear();
    QCOMPARE(session.scalars(select<SsItem>()).count(), 1);
    QCOMPARE(session.get<SsItem>(5), nullptr);
    COMPARE_SQL(recorder, (QStringList{ selectItems, selectItemById }));
    QCOMPARE(session.state(item), ObjectState::Pending);
    QVERIFY(session.hasChanges());

    // flush() and commit() still write.
    VERIFY_OK(session.commit(), session);
    QCOMPARE(countItems(db), 2);
    QCOMPARE(itemQuantity(db, 1), 2);

    session.setAutoflush(true);
    QCOMPARE(changed.count(), 2);
    loaded->setProperty("quantity", 3);
    recorder.clear();
    QCOMPARE(session.scalars(select<SsItem>()).count(), 2);
    QCOMPARE(sql(recorder).first(), u"UPDATE ss_item SET quantity = ? WHERE ss_item.id = ?"_s);
}

// ---------------------------------------------------------------------------------------------
// 8. Signals

void tst_Session::flushSignals()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    auto *updated = session.get<SsItem>(2);
    auto *deleted = session.get<SsItem>(3);
    QVERIFY(updated && deleted);
    auto *inserted = new SsItem;
    inserted->m_name = u"inserted"_s;
    VERIFY_OK(session.add(inserted), session);
    updated->setProperty("name", u"updated"_s);
    VERIFY_OK(session.remove(deleted), session);
    recorder.clear();

    // Each signal with the number of statements executed when it came.
    QStringList events;
    const auto log = [&](const QString &name, QObject *object = nullptr) {
        QString event = name + u'@' + QString::number(sql(recorder).size());
        if (object)
            event += u':' + object->property("name").toString();
        events.append(event);
    };
    connect(&session, &Session::beforeFlush, this, [&] { log(u"beforeFlush"_s); });
    connect(&session, &Session::afterFlush, this, [&] { log(u"afterFlush"_s); });
    connect(&session, &Session::aboutToInsert, this,
            [&](QObject *o) { log(u"aboutToInsert"_s, o); });
    connect(&session, &Session::aboutToUpdate, this,
            [&](QObject *o) { log(u"aboutToUpdate"_s, o); });
    connect(&session, &Session::aboutToDelete, this,
            [&](QObject *o) { log(u"aboutToDelete"_s, o); });
    connect(&session, &Session::objectInserted, this,
            [&](QObject *o) { log(u"objectInserted"_s, o); });
    connect(&session, &Session::objectUpdated, this,
            [&](QObject *o) { log(u"objectUpdated"_s, o); });
    connect(&session, &Session::objectDeleted, this,
            [&](QObject *o) { log(u"objectDeleted"_s, o); });
    QSignalSpy insertedSpy(&session, &Session::objectInserted);
    QSignalSpy updatedSpy(&session, &Session::objectUpdated);
    QSignalSpy deletedSpy(&session, &Session::objectDeleted);
    QSignalSpy commitSpy(&session, &Session::afterCommit);

    VERIFY_OK(session.flush(), session);
    const int n = sql(recorder).size();
    QVERIFY2(n >= 3, qPrintable(statementsText(recorder)));
    const QString after = QString::number(n);
    QCOMPARE(events,
             (QStringList{ u"beforeFlush@0"_s, u"aboutToInsert@0:inserted"_s,
                           u"aboutToUpdate@0:updated"_s, u"aboutToDelete@0:item3"_s,
                           u"objectInserted@"_s + after + u":inserted"_s,
                           u"objectUpdated@"_s + after + u":updated"_s,
                           u"objectDeleted@"_s + after + u":item3"_s, u"afterFlush@"_s + after }));
    QCOMPARE(insertedSpy.count(), 1);
    QCOMPARE(insertedSpy.first().first().value<QObject *>(), static_cast<QObject *>(inserted));
    QCOMPARE(updatedSpy.count(), 1);
    QCOMPARE(updatedSpy.first().first().value<QObject *>(), static_cast<QObject *>(updated));
    QCOMPARE(deletedSpy.count(), 1);
    QCOMPARE(deletedSpy.first().first().value<QObject *>(), static_cast<QObject *>(deleted));
    QCOMPARE(commitSpy.count(), 0);
}

void tst_Session::aboutToUpdateSetsTimestamp()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    const QDateTime stamp(QDate(2024, 2, 29), QTime(12, 34, 56), Qt::UTC);
    int calls = 0;
    connect(&session, &Session::aboutToUpdate, this, [&](QObject *object) {
        ++calls;
        object->setProperty("updatedAt", stamp);
    });
    auto *item = session.get<SsItem>(1);
    auto *untouched = session.get<SsItem>(2);
    QVERIFY(item && untouched);
    item->setProperty("name", u"stamped"_s);
    recorder.clear();

    VERIFY_OK(session.commit(), session);
    QCOMPARE(calls, 1);
    COMPARE_SQL(
            recorder,
            QStringList{ u"UPDATE ss_item SET name = ?, updated_at = ? WHERE ss_item.id = ?"_s });
    QCOMPARE(item->m_updatedAt, stamp);
    QVERIFY(!untouched->m_updatedAt.isValid());
    QVERIFY(!session.inspect(item).isModified());

    Session check(db, registry);
    auto *stored = check.get<SsItem>(1);
    QVERIFY(stored);
    QCOMPARE(stored->m_name, u"stamped"_s);
    QCOMPARE(stored->m_updatedAt, stamp);
    QVERIFY(!check.get<SsItem>(2)->m_updatedAt.isValid());
}

void tst_Session::aboutToInsertSetsValue()
{
    SESSION_FIXTURE();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    connect(&session, &Session::aboutToInsert, this,
            [](QObject *object) { object->setProperty("quantity", 123); });
    auto *item = new SsItem;
    item->m_name = u"counted"_s;
    VERIFY_OK(session.add(item), session);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(item->m_quantity, 123);
    QVERIFY(!executed(recorder).isEmpty());
    QVERIFY2(executed(recorder).first().boundValues.contains(123),
             qPrintable(statementsText(recorder)));
    QCOMPARE(itemQuantity(db, item->m_id), 123);
}

void tst_Session::noFlushSignalsWithoutChanges()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QVERIFY(session.get<SsItem>(1));
    QSignalSpy before(&session, &Session::beforeFlush);
    QSignalSpy after(&session, &Session::afterFlush);
    recorder.clear();
    VERIFY_OK(session.flush(), session);
    QCOMPARE(before.count(), 0);
    QCOMPARE(after.count(), 0);
    QCOMPARE(sql(recorder).size(), 0);
}

void tst_Session::commitAndRollbackSignals()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Session session(db, registry);
    QSignalSpy committed(&session, &Session::afterCommit);
    QSignalSpy rolledBack(&session, &Session::afterRollback);
    QSignalSpy beforeFlush(&session, &Session::beforeFlush);
    QSignalSpy afterFlush(&session, &Session::afterFlush);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);

    item->setProperty("name", u"committed"_s);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(beforeFlush.count(), 1);
    QCOMPARE(afterFlush.count(), 1);
    QCOMPARE(committed.count(), 1);
    QCOMPARE(rolledBack.count(), 0);

    item->setProperty("name", u"rolled-back"_s);
    VERIFY_OK(session.flush(), session);
    QCOMPARE(afterFlush.count(), 2);
    QVERIFY(session.rollback());
    QCOMPARE(rolledBack.count(), 1);
    QCOMPARE(committed.count(), 1);
    QCOMPARE(item->m_name, u"committed"_s);
    QCOMPARE(itemName(db, 1), u"committed"_s);
}

void tst_Session::objectModifiedSignal()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QSignalSpy modified(&session, &Session::objectModified);
    DISCONNECT_AT_EXIT(session, modified);

    item->setProperty("name", u"a"_s);
    QCOMPARE(modified.count(), 1);
    QCOMPARE(modified.at(0).at(0).value<QObject *>(), static_cast<QObject *>(item));
    QCOMPARE(modified.at(0).at(1).toString(), u"name"_s);
    // The same value again: moc's setter does not emit.
    item->setProperty("name", u"a"_s);
    QCOMPARE(modified.count(), 1);
    item->setProperty("quantity", 5);
    QCOMPARE(modified.count(), 2);
    QCOMPARE(modified.at(1).at(1).toString(), u"quantity"_s);

    // Objects loaded or added while connected are followed too; loading itself is no change.
    auto *second = session.get<SsItem>(2);
    QVERIFY(second);
    QCOMPARE(modified.count(), 2);
    second->setProperty("name", u"b"_s);
    QCOMPARE(modified.count(), 3);
    QCOMPARE(modified.at(2).at(0).value<QObject *>(), static_cast<QObject *>(second));
    auto *pending = new SsItem;
    VERIFY_OK(session.add(pending), session);
    QCOMPARE(modified.count(), 3);
    pending->setProperty("name", u"c"_s);
    QCOMPARE(modified.count(), 4);
    QCOMPARE(modified.at(3).at(0).value<QObject *>(), static_cast<QObject *>(pending));

    // Values the session writes (flush results, reloads) are no user change.
    VERIFY_OK(session.flush(), session);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"UPDATE ss_item SET name = 'db' WHERE id = 1"_s)));
    QVERIFY(session.refresh(item));
    QCOMPARE(item->m_name, u"db"_s);
    QCOMPARE(modified.count(), 4);

    // An expunged object is not followed any more.
    VERIFY_OK(session.expunge(second), session);
    std::unique_ptr<SsItem> owned(second);
    second->setProperty("name", u"gone"_s);
    QCOMPARE(modified.count(), 4);
}

void tst_Session::hasChanges()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 2);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QVERIFY(!session.hasChanges());
    QSignalSpy spy(&session, &Session::hasChangesChanged);
    DISCONNECT_AT_EXIT(session, spy);
    QVERIFY(!session.property("hasChanges").toBool());

    item->setProperty("name", u"x"_s);
    QVERIFY(session.hasChanges());
    QCOMPARE(spy.count(), 1);
    item->setProperty("quantity", 1);
    QCOMPARE(spy.count(), 1); // still true
    item->setProperty("quantity", 10);
    item->setProperty("name", u"item1"_s); // back to the committed values
    QVERIFY(!session.hasChanges());
    QCOMPARE(spy.count(), 2);

    auto *pending = new SsItem;
    VERIFY_OK(session.add(pending), session);
    QVERIFY(session.hasChanges());
    QCOMPARE(spy.count(), 3);
    VERIFY_OK(session.flush(), session);
    QVERIFY(!session.hasChanges());
    QCOMPARE(spy.count(), 4);

    VERIFY_OK(session.remove(item), session);
    QVERIFY(session.hasChanges());
    QCOMPARE(spy.count(), 5);
    VERIFY_OK(session.flush(), session);
    QVERIFY(!session.hasChanges());
    QCOMPARE(spy.count(), 6);

    VERIFY_OK(session.flagModified(pending, u"name"_s), session);
    QVERIFY(session.hasChanges());
    QCOMPARE(spy.count(), 7);
    QVERIFY(session.rollback());
    QVERIFY(!session.hasChanges());
    QCOMPARE(spy.count(), 8);
    // The rollback gave the object inserted in the transaction back to the caller, transient,
    // and brought the deleted one back.
    std::unique_ptr<SsItem> owned(pending->parent() ? nullptr : pending);
    QCOMPARE(session.state(pending), ObjectState::Transient);
    QCOMPARE(pending->parent(), nullptr);
    QCOMPARE(session.state(item), ObjectState::Persistent);
}

// ---------------------------------------------------------------------------------------------
// 9. Threads

void tst_Session::crossThreadMisuse_data()
{
    addCaseRows({ u"add"_s,   u"addAll"_s,     u"remove"_s,   u"expunge"_s,   u"expungeAll"_s,
                  u"merge"_s, u"refresh"_s,    u"expire"_s,   u"expireAll"_s, u"flagModified"_s,
                  u"get"_s,   u"getVariant"_s, u"query"_s,    u"scalar"_s,    u"executeCore"_s,
                  u"flush"_s, u"commit"_s,     u"rollback"_s, u"begin"_s,     u"beginNested"_s,
                  u"close"_s });
}

void tst_Session::crossThreadMisuse()
{
    QFETCH(QString, testCase);
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    auto *clean = session.get<SsItem>(2);
    QVERIFY(item && clean);
    item->setProperty("name", u"changed"_s);
    auto *pending = new SsItem;
    pending->m_name = u"pending"_s;
    VERIFY_OK(session.add(pending), session);
    auto transient = std::make_unique<SsItem>();
    SsItem copy;
    copy.m_id = 2;
    copy.m_name = u"merged"_s;
    QVERIFY(!session.inTransaction());
    Test::SqlRecorder recorder(db);

    bool ok = true;
    bool returnsValue = true;
    Error error;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        if (testCase == u"add") {
            ok = session.add(transient.get());
        } else if (testCase == u"addAll") {
            ok = session.addAll(QList<SsItem *>{ transient.get() });
        } else if (testCase == u"remove") {
            ok = session.remove(clean);
        } else if (testCase == u"expunge") {
            ok = session.expunge(item);
        } else if (testCase == u"expungeAll") {
            session.expungeAll();
            returnsValue = false;
        } else if (testCase == u"merge") {
            ok = session.merge(&copy) != nullptr;
        } else if (testCase == u"refresh") {
            ok = session.refresh(item);
        } else if (testCase == u"expire") {
            session.expire(clean);
            returnsValue = false;
        } else if (testCase == u"expireAll") {
            session.expireAll();
            returnsValue = false;
        } else if (testCase == u"flagModified") {
            ok = session.flagModified(clean, u"name"_s);
        } else if (testCase == u"get") {
            ok = session.get<SsItem>(1) != nullptr;
        } else if (testCase == u"getVariant") {
            ok = session.get<SsItem>(QVariant(2)) != nullptr;
        } else if (testCase == u"query") {
            ok = !session.scalars(select<SsItem>()).hasError();
        } else if (testCase == u"scalar") {
            ok = session.scalar(select<SsItem>()) != nullptr;
        } else if (testCase == u"executeCore") {
            ok = session.execute(TextSql(u"SELECT 1"_s)).isValid();
        } else if (testCase == u"flush") {
            ok = session.flush();
        } else if (testCase == u"commit") {
            ok = session.commit();
        } else if (testCase == u"rollback") {
            ok = session.rollback();
        } else if (testCase == u"begin") {
            ok = session.begin();
        } else if (testCase == u"beginNested") {
            NestedTransaction nested = session.beginNested();
            ok = nested.isActive();
        } else if (testCase == u"close") {
            session.close();
            returnsValue = false;
        } else {
            qFatal("unknown case");
        }
        error = session.lastError();
    }));
    thread->start();
    QVERIFY(thread->wait());

    if (returnsValue)
        QVERIFY2(!ok, "the call from another thread reported success");
    QCOMPARE(error.type(), Error::ThreadAffinityError);
    QVERIFY2(error.text().contains(u"thread"_s), qPrintable(error.text()));
    QCOMPARE(session.lastError().type(), Error::ThreadAffinityError);

    // Nothing changed: no SQL, the same objects in the same states with the same values.
    QVERIFY2(sql(recorder).size() == 0, qPrintable(statementsText(recorder)));
    QVERIFY(!session.inTransaction());
    QCOMPARE(session.state(item), ObjectState::Persistent);
    QCOMPARE(Session::sessionOf(item), &session);
    QCOMPARE(item->m_name, u"changed"_s);
    InstanceState state = session.inspect(item);
    QCOMPARE(state.modifiedProperties(), QStringList{ u"name"_s });
    QVERIFY(!state.isExpired());
    state = session.inspect(clean);
    QCOMPARE(session.state(clean), ObjectState::Persistent);
    QVERIFY(!state.isModified());
    QVERIFY(!state.isExpired());
    QVERIFY(!state.isMarkedForDeletion());
    QCOMPARE(clean->m_name, u"item2"_s);
    QCOMPARE(session.state(pending), ObjectState::Pending);
    QCOMPARE(session.newObjects(), QList<QObject *>{ pending });
    QCOMPARE(session.state(transient.get()), ObjectState::Transient);
    QCOMPARE(transient->parent(), nullptr);
    QCOMPARE(session.state(&copy), ObjectState::Transient);
    QCOMPARE(session.modifiedObjects(), QList<QObject *>{ item });
    QVERIFY(session.deletedObjects().isEmpty());

    // The session still works in its own thread.
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemName(db, 1), u"changed"_s);
    QCOMPARE(itemName(db, 2), u"item2"_s);
    QCOMPARE(countItems(db), 4);
}

void tst_Session::addObjectOfAnotherThread()
{
    SESSION_FIXTURE();
    Session session(db, registry);
    QThread other; // never started: the object only has its affinity
    auto item = std::make_unique<SsItem>();
    item->moveToThread(&other);
    QCOMPARE(item->thread(), &other);

    QVERIFY(!session.add(item.get()));
    QCOMPARE(session.lastError().type(), Error::ThreadAffinityError);
    QVERIFY2(session.lastError().text().contains(u"SsItem"_s),
             qPrintable(session.lastError().text()));
    QCOMPARE(session.state(item.get()), ObjectState::Transient);
    QVERIFY(!session.contains(item.get()));
    QCOMPARE(item->parent(), nullptr);
    QVERIFY(!session.hasChanges());
    QVERIFY(session.newObjects().isEmpty());
    item.reset();
}

// ---------------------------------------------------------------------------------------------
// 10. Bad input

void tst_Session::badInput_data()
{
    addCaseRows({ u"addNull"_s, u"addUnmapped"_s, u"addAllWithNull"_s, u"removeTransient"_s,
                  u"removeNull"_s, u"expungeNotInSession"_s, u"expungeNull"_s,
                  u"getTooFewKeyValues"_s, u"getTooManyKeyValues"_s, u"getListForSingleKey"_s,
                  u"getUnmapped"_s, u"refreshTransient"_s, u"mergeNull"_s, u"mergeUnmapped"_s,
                  u"queryUnmapped"_s });
}

void tst_Session::badInput()
{
    QFETCH(QString, testCase);
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Session session(db, registry);
    auto *item = session.get<SsItem>(1);
    QVERIFY(item);
    QObject parent;
    auto *transient = new SsItem(&parent);
    auto *unmapped = new SsUnmapped(&parent);
    Test::SqlRecorder recorder(db);

    bool ok = true;
    Error::Type expectedType = Error::InvalidRequestError;
    QStringList expectedWords;
    if (testCase == u"addNull") {
        ok = session.add(nullptr);
    } else if (testCase == u"addUnmapped") {
        ok = session.add(unmapped);
        expectedType = Error::MappingError;
        expectedWords = QStringList{ u"SsUnmapped"_s };
        QCOMPARE(unmapped->parent(), &parent);
        QCOMPARE(session.state(unmapped), ObjectState::Transient);
    } else if (testCase == u"addAllWithNull") {
        ok = session.addAll(QList<QObject *>{ nullptr });
    } else if (testCase == u"removeTransient") {
        ok = session.remove(transient);
        expectedWords = QStringList{ u"SsItem"_s };
        QCOMPARE(session.state(transient), ObjectState::Transient);
    } else if (testCase == u"removeNull") {
        ok = session.remove(nullptr);
    } else if (testCase == u"expungeNotInSession") {
        ok = session.expunge(transient);
        expectedWords = QStringList{ u"SsItem"_s };
        QCOMPARE(transient->parent(), &parent);
    } else if (testCase == u"expungeNull") {
        ok = session.expunge(nullptr);
    } else if (testCase == u"getTooFewKeyValues") {
        ok = session.get<SsPair>(QVariantList{ 1 }) != nullptr;
        expectedWords = QStringList{ u"SsPair"_s };
    } else if (testCase == u"getTooManyKeyValues") {
        ok = session.get<SsPair>(QVariantList{ 1, u"a"_s, 3 }) != nullptr;
        expectedWords = QStringList{ u"SsPair"_s };
    } else if (testCase == u"getListForSingleKey") {
        ok = session.get<SsItem>(QVariantList{ 1, 2 }) != nullptr;
        expectedWords = QStringList{ u"SsItem"_s };
    } else if (testCase == u"getUnmapped") {
        ok = session.get<SsUnmapped>(1) != nullptr;
        expectedType = Error::MappingError;
        expectedWords = QStringList{ u"SsUnmapped"_s };
    } else if (testCase == u"refreshTransient") {
        ok = session.refresh(transient);
        expectedWords = QStringList{ u"SsItem"_s };
    } else if (testCase == u"mergeNull") {
        ok = session.merge(static_cast<QObject *>(nullptr)) != nullptr;
    } else if (testCase == u"mergeUnmapped") {
        ok = session.merge(unmapped) != nullptr;
        expectedType = Error::MappingError;
        expectedWords = QStringList{ u"SsUnmapped"_s };
    } else if (testCase == u"queryUnmapped") {
        const ScalarResult<SsUnmapped> result = session.scalars(select<SsUnmapped>());
        ok = !result.hasError();
        QVERIFY(result.all().isEmpty());
        QCOMPARE(result.error().type(), Error::MappingError);
        expectedType = Error::MappingError;
        expectedWords = QStringList{ u"SsUnmapped"_s };
    } else {
        QFAIL("unknown case");
    }
    QVERIFY2(!ok, "bad input reported success");
    const Error error = session.lastError();
    QCOMPARE(error.type(), expectedType);
    QVERIFY(!error.text().isEmpty());
    for (const QString &word : std::as_const(expectedWords))
        QVERIFY2(error.text().contains(word), qPrintable(error.text()));
    QCOMPARE(sql(recorder).size(), 0);

    // Nothing else changed, and the session goes on.
    QVERIFY(!session.hasChanges());
    QCOMPARE(session.state(item), ObjectState::Persistent);
    QCOMPARE(session.state(transient), ObjectState::Transient);
    QCOMPARE(session.get<SsItem>(1), item);
    item->setProperty("quantity", 2);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemQuantity(db, 1), 2);
}

// ---------------------------------------------------------------------------------------------
// 11. Results

void tst_Session::results_data()
{
    addCaseRows({ u"none"_s, u"one"_s, u"several"_s });
}

void tst_Session::results()
{
    QFETCH(QString, testCase);
    SESSION_FIXTURE();
    SEED_ITEMS(db, 3);
    const int expected = testCase == u"none" ? 0 : testCase == u"one" ? 1 : 3;
    const int threshold = expected == 0 ? 100 : expected == 1 ? 30 : 0;
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    const EntitySelect<SsItem> query = select<SsItem>()
                                               .where(attribute<SsItem>(u"quantity"_s) >= threshold)
                                               .orderBy({ attribute<SsItem>(u"id"_s) });

    const ScalarResult<SsItem> result = session.scalars(query);
    QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
    QCOMPARE(result.count(), qsizetype(expected));
    const QList<SsItem *> all = result.all();
    QCOMPARE(all.size(), expected);

    Error error;
    SsItem *one = result.one(&error);
    Error noneError;
    SsItem *oneOrNone = result.oneOrNone(&noneError);
    switch (expected) {
    case 0:
        QCOMPARE(result.first(), nullptr);
        QCOMPARE(one, nullptr);
        QVERIFY(error.isValid());
        QCOMPARE(oneOrNone, nullptr);
        QVERIFY(!noneError.isValid());
        break;
    case 1:
        QCOMPARE(all.first()->m_quantity, 30);
        QCOMPARE(result.first(), all.first());
        QCOMPARE(one, all.first());
        QVERIFY(!error.isValid());
        QCOMPARE(oneOrNone, all.first());
        QVERIFY(!noneError.isValid());
        break;
    default:
        QCOMPARE(result.first(), all.first());
        QCOMPARE(result.first()->m_id, qint64(1));
        QCOMPARE(one, nullptr);
        QVERIFY(error.isValid());
        QVERIFY2(error.text().contains(u"3"_s), qPrintable(error.text()));
        QCOMPARE(oneOrNone, nullptr);
        QVERIFY(noneError.isValid());
        break;
    }
    // Without an error argument: the same objects, no crash.
    QCOMPARE(result.one(), expected == 1 ? all.first() : nullptr);
    QCOMPARE(result.oneOrNone(), expected == 1 ? all.first() : nullptr);

    // Session::scalar(): the first object, with LIMIT 1.
    recorder.clear();
    SsItem *scalar = session.scalar(query);
    QCOMPARE(scalar, expected == 0 ? nullptr : all.first());
    QCOMPARE(sql(recorder).size(), 1);
    QVERIFY2(sql(recorder).first().contains(u"LIMIT"_s), qPrintable(statementsText(recorder)));
    QVERIFY(!session.lastError().isValid());
}

void tst_Session::resultOfFailedQuery()
{
    SESSION_FIXTURE();
    SEED_ITEMS(db, 1);
    Session session(db, registry);
    QORM_VERIFY_RESULT(db.execute(TextSql(u"DROP TABLE ss_item"_s)));

    const ScalarResult<SsItem> result = session.scalars(select<SsItem>());
    QVERIFY(result.hasError());
    QCOMPARE(result.count(), 0);
    QCOMPARE(result.first(), nullptr);
    Error error;
    QCOMPARE(result.one(&error), nullptr);
    QVERIFY(error.isValid());
    QCOMPARE(error.type(), result.error().type());
    // "No row" and "the query failed" must not look alike.
    Error noneError;
    QCOMPARE(result.oneOrNone(&noneError), nullptr);
    QVERIFY2(noneError.isValid(), "oneOrNone() of a failed query reported no error");
    QCOMPARE(noneError.type(), result.error().type());

    QCOMPARE(session.scalar(select<SsItem>()), nullptr);
    QVERIFY(session.lastError().isValid());
    QCOMPARE(session.get<SsItem>(1), nullptr);
    QVERIFY(session.lastError().isValid());
}

// ---------------------------------------------------------------------------------------------
// Listeners

void tst_Session::listenerDestroyedWhileConnected()
{
    // A receiver of objectModified or hasChangesChanged is destroyed while connected (a
    // QSignalSpy going out of scope, a QML Connections object). Qt calls the session's
    // disconnectNotify() with the receiver's signal-slot mutex locked; Qt keeps a pool of 131 such
    // mutexes keyed by address, so with a few hundred tracked objects one of theirs is that one.
    SESSION_FIXTURE();
    QStringList values;
    for (int i = 1; i <= 400; ++i)
        values.append(u"('row%1', %1)"_s.arg(i));
    QORM_VERIFY_RESULT(db.execute(
            TextSql(u"INSERT INTO ss_item (name, quantity) VALUES "_s + values.join(u", "_s))));
    Session session(db, registry);
    const QList<SsItem *> all =
            session.scalars(select<SsItem>().orderBy({ attribute<SsItem>(u"id"_s) })).all();
    QCOMPARE(all.size(), 400);

    for (int round = 0; round < 3; ++round) {
        {
            QSignalSpy spy(&session, &Session::objectModified);
            all.at(round)->setProperty("quantity", 1000 + round);
            QCOMPARE(spy.count(), 1);
        }
        {
            auto receiver = std::make_unique<QObject>();
            int calls = 0;
            connect(&session, &Session::hasChangesChanged, receiver.get(), [&] { ++calls; });
            // Back to the loaded value: no changes left.
            all.at(round)->setProperty("quantity", round + 1);
            QCOMPARE(calls, 1);
            QVERIFY(!session.hasChanges());
        }
    }
    // Listening again works, for old objects and new ones.
    QSignalSpy spy(&session, &Session::objectModified);
    DISCONNECT_AT_EXIT(session, spy);
    all.last()->setProperty("name", u"last"_s);
    QCOMPARE(spy.count(), 1);
    auto *added = new SsItem;
    VERIFY_OK(session.add(added), session);
    added->setProperty("name", u"added"_s);
    QCOMPARE(spy.count(), 2);
    VERIFY_OK(session.commit(), session);
    QCOMPARE(itemName(db, 400), u"last"_s);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
