// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Bulk INSERT, UPDATE and DELETE by criteria through a session, on every configured database:
// the statements each database gets, the rows they change (checked with plain SQL), and the
// session's objects kept in step (or not, when asked), through commit and rollback.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QPointer>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// "sku:quantity:status" per row, by sku.
QStringList stock(Connection &db, const Registry &registry)
{
    const Table table = registry.mapper<Item>().table();
    Result result = db.execute(select({ table.column(u"sku"_s), table.column(u"quantity"_s),
                                        table.column(u"status"_s) })
                                       .from(table)
                                       .orderBy({ table.column(u"sku"_s) }));
    QStringList rows;
    for (const Row &row : result.all())
        rows.append(u"%1:%2:%3"_s.arg(row.value(0).toString(), row.value(1).toString(),
                                      row.value(2).toString()));
    return rows;
}

// The stored item with that SKU, loaded into the session.
Item *bySku(Session &session, const QString &sku)
{
    return session.scalars(select<Item>().where(attribute<Item>(u"sku"_s) == sku)).one();
}

QStringList statementsOf(const Test::SqlRecorder &recorder)
{
    QStringList statements;
    for (const QString &sql : recorder.statements())
        statements.append(sql.section(u' ', 0, 0));
    return statements;
}

} // namespace

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<Item>(), qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

#define VERIFY_RESULT(result) \
  QVERIFY2(!(result).hasError(), qPrintable(Test::describe((result).error())))

class tst_Bulk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void insertRows_data() { Test::addDatabaseColumn(); }
    void insertRows();
    void updateSynchronized_data() { Test::addDatabaseColumn(); }
    void updateSynchronized();
    void updateWithoutSynchronizing_data() { Test::addDatabaseColumn(); }
    void updateWithoutSynchronizing();
    void deleteSynchronized_data() { Test::addDatabaseColumn(); }
    void deleteSynchronized();
    void rollbackRestores_data() { Test::addDatabaseColumn(); }
    void rollbackRestores();
    void insertReturningObjects_data() { Test::addDatabaseColumn(); }
    void insertReturningObjects();
    void errorsBeforeSql();
    void streamInBatches_data() { Test::addDatabaseColumn(); }
    void streamInBatches();
    void streamConsumerTakesObject_data() { Test::addDatabaseColumn(); }
    void streamConsumerTakesObject();
    void insertReturningRollback_data() { Test::addDatabaseColumn(); }
    void insertReturningRollback();
};

// Five items, a..e, quantities 1, 5, 10, 20, 50, all "ok".
static void fill(Session &session)
{
    const QList<std::pair<QString, int>> items{
        { u"a"_s, 1 }, { u"b"_s, 5 }, { u"c"_s, 10 }, { u"d"_s, 20 }, { u"e"_s, 50 }
    };
    QList<QVariantMap> rows;
    for (const auto &[sku, quantity] : items)
        rows.append({ { u"sku"_s, sku }, { u"quantity"_s, quantity }, { u"status"_s, u"ok"_s } });
    const BulkResult result = session.execute(insert<Item>().values(rows));
    QVERIFY2(!result.hasError(), qPrintable(Test::describe(result.error())));
    QCOMPARE(result.rowsAffected(), 5);
    QVERIFY(session.commit());
}

void tst_Bulk::insertRows()
{
    SETUP(db, registry);
    Session session(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(recorder.statements(),
             QStringList{ u"INSERT INTO bulk_item (sku, quantity, status) VALUES (?, ?, ?), (?, "
                          u"?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)"_s });
    QCOMPARE(stock(db, registry),
             (QStringList{ u"a:1:ok"_s, u"b:5:ok"_s, u"c:10:ok"_s, u"d:20:ok"_s, u"e:50:ok"_s }));

    // An upsert: b exists (updated), f does not (inserted).
    const BulkResult upsert =
            session.execute(insert<Item>()
                                    .values({ { { u"sku"_s, u"b"_s },
                                                { u"quantity"_s, 7 },
                                                { u"status"_s, u"x"_s } },
                                              { { u"sku"_s, u"f"_s },
                                                { u"quantity"_s, 3 },
                                                { u"status"_s, u"new"_s } } })
                                    .onConflictDoUpdate({ u"sku"_s }, { u"quantity"_s }));
    VERIFY_RESULT(upsert);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(stock(db, registry),
             (QStringList{ u"a:1:ok"_s, u"b:7:ok"_s, u"c:10:ok"_s, u"d:20:ok"_s, u"e:50:ok"_s,
                           u"f:3:new"_s }));
}

/*
    An UPDATE by criteria: the rows change, and the objects the session has among them take
    the new values (an expression's result too), with nothing left to flush. Where the
    database has UPDATE ... RETURNING that is one statement; MariaDB reads the keys first
    (locking them), updates, then reads the new values.
*/
void tst_Bulk::updateSynchronized()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    Item *a = bySku(session, u"a"_s);
    Item *e = bySku(session, u"e"_s);
    QVERIFY(a && e);
    // A pending change is flushed first: the criteria see b's new quantity.
    Item *b = bySku(session, u"b"_s);
    QVERIFY(b);
    b->setProperty("quantity", 30);

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const BulkResult result =
            session.execute(update<Item>()
                                    .where(attribute<Item>(u"quantity"_s) < 10)
                                    .set(u"status"_s, u"low"_s)
                                    .set(u"quantity"_s, attribute<Item>(u"quantity"_s) + 100));
    VERIFY_RESULT(result);
    QCOMPARE(result.rowsAffected(), 1); // a only: b has 30 now
    QCOMPARE(result.objects(), QList<QObject *>{ a });
    QCOMPARE(a->m_quantity, 101);
    QCOMPARE(a->m_status, u"low"_s);
    QCOMPARE(e->m_quantity, 50);
    QVERIFY(!session.hasChanges());
    const QStringList statements = recorder.statements();
    QCOMPARE(statements.first(), u"UPDATE bulk_item SET quantity = ? WHERE bulk_item.id = ?"_s);
    if (database == u"mariadb") {
        QCOMPARE(statementsOf(recorder),
                 (QStringList{ u"UPDATE"_s, u"SELECT"_s, u"UPDATE"_s, u"SELECT"_s }));
        QCOMPARE(statements.at(1),
                 u"SELECT bulk_item.id FROM bulk_item WHERE "
                 u"bulk_item.quantity < ? FOR UPDATE"_s);
        QCOMPARE(statements.at(2),
                 u"UPDATE bulk_item SET status = ?, quantity = bulk_item.quantity "
                 u"+ ? WHERE bulk_item.quantity < ?"_s);
        QCOMPARE(statements.at(3),
                 u"SELECT bulk_item.id, bulk_item.status, bulk_item.quantity "
                 u"FROM bulk_item WHERE bulk_item.id = ?"_s);
    } else {
        QCOMPARE(statements.size(), 2);
        QCOMPARE(statements.at(1),
                 u"UPDATE bulk_item SET status = ?, quantity = bulk_item.quantity "
                 u"+ ? WHERE bulk_item.quantity < ? RETURNING id, status, quantity"_s);
    }
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(stock(db, registry),
             (QStringList{ u"a:101:low"_s, u"b:30:ok"_s, u"c:10:ok"_s, u"d:20:ok"_s,
                           u"e:50:ok"_s }));
}

// Synchronize::None: the rows change, the objects keep what they hold.
void tst_Bulk::updateWithoutSynchronizing()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    Item *c = bySku(session, u"c"_s);
    QVERIFY(c);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const BulkResult result =
            session.execute(update<Item>().set(u"status"_s, u"all"_s), Synchronize::None);
    VERIFY_RESULT(result);
    QCOMPARE(result.rowsAffected(), 5);
    QVERIFY(result.objects().isEmpty());
    QCOMPARE(recorder.statements(), QStringList{ u"UPDATE bulk_item SET status = ?"_s });
    QCOMPARE(c->m_status, u"ok"_s);
    VERIFY_SESSION(session.refresh(c), session);
    QCOMPARE(c->m_status, u"all"_s);
}

/*
    A DELETE by criteria: the session's objects among the rows become deleted objects, as after
    a flush: out of the identity map, destroyed at the commit.
*/
void tst_Bulk::deleteSynchronized()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    QPointer<Item> d = bySku(session, u"d"_s);
    Item *a = bySku(session, u"a"_s);
    QVERIFY(d && a);
    const qint64 dId = d->m_id;
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const BulkResult result =
            session.execute(deleteFrom<Item>().where(attribute<Item>(u"quantity"_s) >= 20));
    VERIFY_RESULT(result);
    QCOMPARE(result.rowsAffected(), 2);
    QCOMPARE(result.objects(), QList<QObject *>{ d.data() });
    QCOMPARE(session.state(d), ObjectState::Deleted);
    QCOMPARE(session.state(a), ObjectState::Persistent);
    QCOMPARE(recorder.statements(),
             QStringList{ u"DELETE FROM bulk_item WHERE bulk_item.quantity >= ? RETURNING "
                          u"id"_s }); // MariaDB has DELETE ... RETURNING too
    QCOMPARE(session.get<Item>(dId), nullptr);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(d.isNull()); // destroyed with the commit
    QCOMPARE(stock(db, registry), (QStringList{ u"a:1:ok"_s, u"b:5:ok"_s, u"c:10:ok"_s }));
}

// A rollback undoes a bulk UPDATE's and DELETE's effect on the objects too.
void tst_Bulk::rollbackRestores()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    Item *a = bySku(session, u"a"_s);
    Item *e = bySku(session, u"e"_s);
    QVERIFY(a && e);
    VERIFY_RESULT(session.execute(update<Item>().set(u"status"_s, u"gone"_s)));
    VERIFY_RESULT(session.execute(deleteFrom<Item>().where(attribute<Item>(u"sku"_s) == u"e"_s)));
    QCOMPARE(a->m_status, u"gone"_s);
    QCOMPARE(session.state(e), ObjectState::Deleted);
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(a->m_status, u"ok"_s);
    QCOMPARE(e->m_status, u"ok"_s);
    QCOMPARE(session.state(e), ObjectState::Persistent);
    QCOMPARE(session.get<Item>(e->m_id), e);
    QCOMPARE(stock(db, registry).size(), 5);
}

/*
    insert<T>() through scalars(): the rows come back (RETURNING) as persistent objects with
    their generated keys; an upserted row's object in the session takes the row's values. A
    rollback takes the new ones out of the session again.
*/
void tst_Bulk::insertReturningObjects()
{
    SETUP(db, registry);
    Session session(db, registry);
    fill(session);
    if (QTest::currentTestFailed())
        return;
    Item *b = bySku(session, u"b"_s);
    QVERIFY(b);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const ScalarResult<Item> result =
            session.scalars(insert<Item>()
                                    .values({ { { u"sku"_s, u"b"_s },
                                                { u"quantity"_s, 8 },
                                                { u"status"_s, u"x"_s } },
                                              { { u"sku"_s, u"g"_s },
                                                { u"quantity"_s, 2 },
                                                { u"status"_s, u"new"_s } } })
                                    .onConflictDoUpdate({ u"sku"_s }, { u"quantity"_s }));
    VERIFY_RESULT(result);
    QCOMPARE(recorder.count(), 1);
    QVERIFY2(recorder.statements().first().contains(u" RETURNING id, sku, quantity, status"_s),
             qPrintable(recorder.statements().first()));
    const QList<Item *> items = result.all();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0), b); // the same object, with the row's values
    QCOMPARE(b->m_quantity, 8);
    Item *g = items.at(1);
    QVERIFY(g->m_id > 0);
    QCOMPARE(g->m_sku, u"g"_s);
    QCOMPARE(session.state(g), ObjectState::Persistent);
    QCOMPARE(session.get<Item>(g->m_id), g);
    QVERIFY(!session.hasChanges());

    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(session.state(g), ObjectState::Transient);
    QCOMPARE(b->m_quantity, 5);
    delete g;
    QCOMPARE(stock(db, registry).size(), 5);
}

// Problems are reported before any SQL is sent, naming class and property.
void tst_Bulk::errorsBeforeSql()
{
    Registry registry;
    QVERIFY(registry.map<Item>());
    QCOMPARE(update<Item>().set(u"price"_s, 1).error().text(),
             u"update<Item>(): set(): Item has no mapped property 'price'"_s);
    QCOMPARE(update<Item>().set(u"id"_s, 1).error().text(),
             u"update<Item>(): set(): 'id' is part of the primary key; a bulk UPDATE does not "
             u"change keys (change the objects and flush)"_s);
    QCOMPARE(insert<Item>().values({ { { u"colour"_s, 1 } } }).error().text(),
             u"insert<Item>(): values(): Item has no mapped property 'colour'"_s);
    QCOMPARE(insert<Item>().onConflictDoUpdate({ u"sku"_s }, {}).error().text(),
             u"insert<Item>(): onConflictDoUpdate(): no property to update"_s);

    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    QVERIFY(registry.metadata().createAll(db));
    Session session(db, registry);
    Test::SqlRecorder recorder(db);
    const BulkResult result = session.execute(update<Item>().set(u"price"_s, 1));
    QVERIFY(result.hasError());
    QCOMPARE(result.error().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0);
    const ScalarResult<Item> returned =
            session.scalars(EntityInsert<Item>().values({ { { u"sku"_s, u"z"_s } } }));
    VERIFY_RESULT(returned);
    QCOMPARE(returned.all().size(), 1);
}

/*
    stream(): every row once, in key order, in batches; the objects of a batch leave the
    session after it, so at most a batch of them is alive at any time, except the ones the
    consumer changed (flushed later) and those the session had before. Each batch is one
    keyset statement.
*/
void tst_Bulk::streamInBatches()
{
    SETUP(db, registry);
    constexpr int rows = 10000;
    constexpr int batch = 1000;
    {
        Session session(db, registry);
        QList<QVariantMap> values;
        for (int i = 0; i < rows; ++i)
            values.append({ { u"sku"_s, u"s%1"_s.arg(i, 5, 10, QChar(u'0')) },
                            { u"quantity"_s, i },
                            { u"status"_s, u"ok"_s } });
        const BulkResult inserted = session.execute(insert<Item>().values(values));
        VERIFY_RESULT(inserted);
        QCOMPARE(inserted.rowsAffected(), rows);
        VERIFY_SESSION(session.commit(), session);
    }
    QCOMPARE(Item::live, 0);
    Session session(db, registry);
    Item *before =
            session.scalars(select<Item>().where(attribute<Item>(u"quantity"_s) == 42)).one();
    QVERIFY(before);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    qint64 seen = 0;
    qint64 lastId = 0;
    int batches = 0;
    int mostAlive = 0;
    Item *changed = nullptr;
    const bool complete =
            session.stream<Item>(select<Item>(), batch, [&](const QList<Item *> &items) {
                ++batches;
                mostAlive = std::max(mostAlive, Item::live);
                for (Item *item : items) {
                    if (item->m_id <= lastId)
                        return false; // out of order or twice
                    lastId = item->m_id;
                    ++seen;
                }
                if (batches == 3) {
                    changed = items.at(10);
                    changed->setProperty("status", u"seen"_s);
                }
                return true;
            });
    QVERIFY2(complete, qPrintable(Test::describe(session.lastError())));
    QCOMPARE(seen, rows);
    QCOMPARE(batches, rows / batch);
    QVERIFY(mostAlive <= batch + 2);
    QCOMPARE(Item::live, 2); // the one loaded before, the changed one
    QVERIFY(changed);
    QCOMPARE(changed->m_status, u"seen"_s);
    QCOMPARE(session.state(before), ObjectState::Persistent);
    const QStringList statements = recorder.statements();
    QCOMPARE(statements.size(), batches + 1); // the last one finds nothing more
    const QString columns = u"SELECT bulk_item.id, bulk_item.sku, bulk_item.quantity, "
                            u"bulk_item.status FROM bulk_item "_s;
    QCOMPARE(statements.at(0), columns + u"ORDER BY bulk_item.id ASC LIMIT ?"_s);
    QCOMPARE(statements.at(1),
             columns + u"WHERE bulk_item.id > ? ORDER BY bulk_item.id ASC LIMIT ?"_s);
    VERIFY_SESSION(session.commit(), session);
    Result status = db.execute(
            TextSql(u"SELECT status FROM bulk_item WHERE id = :id"_s).bind(u"id"_s, changed->m_id));
    QCOMPARE(status.scalar().toString(), u"seen"_s);

    // A consumer that stops; a query with its own order is refused.
    recorder.clear();
    int calls = 0;
    QVERIFY(!session.stream<Item>(select<Item>().where(attribute<Item>(u"quantity"_s) >= 100), 50,
                                  [&](const QList<Item *> &) { return ++calls < 2; }));
    QCOMPARE(calls, 2);
    QCOMPARE(recorder.count(), 2);
    QVERIFY(!session.stream<Item>(select<Item>().orderBy({ attribute<Item>(u"sku"_s) }), 10,
                                  [](const QList<Item *> &) { return true; }));
    QCOMPARE(session.lastError().text(),
             u"stream(select<Item>()): batches follow the key; leave out orderBy(), limit() and "
             u"offset()"_s);
}

/*
    A consumer that takes an object (expunges it) and then loads another one: the stream
    destroys neither (the freed slot of the one taken is reused by the one loaded).
*/
void tst_Bulk::streamConsumerTakesObject()
{
    SETUP(db, registry);
    {
        Session session(db, registry);
        fill(session);
        if (QTest::currentTestFailed())
            return;
    }
    Session session(db, registry);
    Item *taken = nullptr;
    bool expunged = false;
    QPointer<Item> other;
    QVERIFY(!session.stream<Item>(select<Item>(), 2, [&](const QList<Item *> &items) {
        taken = items.at(0);
        expunged = session.expunge(taken); // taken: the caller's now
        other = bySku(session, u"e"_s);    // outside the batch
        return false;
    }));
    QVERIFY(expunged);
    QVERIFY(taken);
    QCOMPARE(taken->m_sku, u"a"_s);
    delete taken;
    QVERIFY2(other, "an object the consumer loaded outside the batch was destroyed");
    QCOMPARE(session.state(other), ObjectState::Persistent);
}

/*
    A rollback after insert<T>() returned objects: the rows it inserted are gone, so their
    objects leave the session (the caller's, with no key); a row it upserted that existed
    before keeps its object, back to its old values.
*/
void tst_Bulk::insertReturningRollback()
{
    SETUP(db, registry);
    {
        Session session(db, registry);
        fill(session);
        if (QTest::currentTestFailed())
            return;
    }
    Session session(db, registry);
    const ScalarResult<Item> result =
            session.scalars(insert<Item>()
                                    .values({ { { u"sku"_s, u"c"_s },
                                                { u"quantity"_s, 99 },
                                                { u"status"_s, u"x"_s } },
                                              { { u"sku"_s, u"h"_s },
                                                { u"quantity"_s, 1 },
                                                { u"status"_s, u"new"_s } } })
                                    .onConflictDoUpdate({ u"sku"_s }, { u"quantity"_s }));
    VERIFY_RESULT(result);
    QCOMPARE(result.all().size(), 2);
    Item *c = result.all().at(0);
    Item *h = result.all().at(1);
    QCOMPARE(c->m_quantity, 99);
    const qint64 cId = c->m_id;
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(session.state(c), ObjectState::Persistent);
    QCOMPARE(c->m_quantity, 10);
    QCOMPARE(c->m_id, cId);
    QCOMPARE(session.state(h), ObjectState::Transient);
    QCOMPARE(h->m_id, 0);
    QCOMPARE(h->parent(), nullptr);
    delete h;
    QCOMPARE(stock(db, registry).size(), 5);
}

QTEST_GUILESS_MAIN(tst_Bulk)
#include "tst_bulk.moc"
