// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "models.h"

#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>
#include <Qorm/sql/statements.h>

#include <QtTest/QTest>

#include <databases.h>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Qorm;

class tst_SessionSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flow_data() { Test::addDatabaseColumn(); }
    void flow();
    void expungedInsideTransaction_data() { Test::addDatabaseColumn(); }
    void expungedInsideTransaction();
};

void tst_SessionSmoke::flow()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY(registry.map<SmokeUser>());
    QVERIFY(registry.map<SmokeAddress>());
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QList<SmokeUser *> users;
    for (int i = 0; i < 5; ++i) {
        auto *u = new SmokeUser;
        u->m_name = u"user%1"_s.arg(i);
        users.append(u);
        auto *a = new SmokeAddress;
        a->m_email = u"a%1@x"_s.arg(i);
        QVERIFY(session.add(a));
        QVERIFY(session.add(u));
    }
    QVERIFY2(session.flush(), qPrintable(Test::describe(session.lastError())));
    qDebug() << recorder.statements();
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(users[i]->m_id, qint64(i + 1));
        QVERIFY(users[i]->m_createdAt.isValid());
        QCOMPARE(users[i]->m_revision, 1);
    }
    QCOMPARE(session.get<SmokeUser>(3), users[2]);
    recorder.clear();
    QVERIFY(session.commit());
    QCOMPARE(recorder.count(), 0);
    users[1]->setProperty("name", u"renamed"_s);
    QVERIFY(session.remove(users[4]));
    QVERIFY(session.commit());
    qDebug() << recorder.statements();
    const QList<SmokeUser *> found =
            session.scalars(select<SmokeUser>()
                                    .where(attribute<SmokeUser>(u"name"_s).like(u"user%"_s))
                                    .orderBy({ attribute<SmokeUser>(u"id"_s) }))
                    .all();
    QCOMPARE(found.size(), 3);
    QCOMPARE(found[0], users[0]);
    // Addresses: unversioned, several rows with the same changed column -> one batched UPDATE.
    const QList<SmokeAddress *> addresses = session.scalars(select<SmokeAddress>()).all();
    QCOMPARE(addresses.size(), 5);
    for (SmokeAddress *address : addresses)
        address->setProperty("email", address->m_email + u".org"_s);
    recorder.clear();
    QVERIFY2(session.commit(), qPrintable(Test::describe(session.lastError())));
    QCOMPARE(recorder.count(), 1);
    QVERIFY(recorder.statements().first().contains(u"CASE"_s));
    Result emails = db.execute(TextSql(u"SELECT email FROM smoke_address ORDER BY id"_s));
    QVERIFY(emails.next());
    QCOMPARE(emails.value(0).toString(), u"a0@x.org"_s);
    emails.close();
    // Another session sees the rows.
    Session other(db, registry);
    auto *u2 = other.get<SmokeUser>(2);
    QVERIFY(u2);
    QVERIFY(u2 != users[1]);
    QCOMPARE(u2->m_name, u"renamed"_s);
    QCOMPARE(u2->m_revision, 2);
    // Stale data
    u2->setProperty("name", u"other"_s);
    QVERIFY(other.commit());
    users[1]->setProperty("name", u"mine"_s);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().type(), Error::StaleDataError);
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
    QVERIFY(session.rollback());
    QCOMPARE(users[1]->m_name, u"renamed"_s);
    QVERIFY(session.refresh(users[1]));
    QCOMPARE(users[1]->m_name, u"other"_s);
    // Savepoint
    recorder.clear();
    {
        NestedTransaction nested = session.beginNested();
        QVERIFY(nested.isActive());
        users[0]->setProperty("name", u"inside"_s);
        auto *n = new SmokeUser;
        n->m_name = u"new"_s;
        QVERIFY(session.add(n));
        QVERIFY(session.flush());
        QVERIFY(nested.rollback());
        QCOMPARE(users[0]->m_name, u"user0"_s);
        QVERIFY(!session.contains(n));
        delete n;
    }
    // user deletes a tracked object
    delete users[3];
    QVERIFY(!session.get<SmokeUser>(4) || true);
    QVERIFY(session.commit());
}

// An object expunged while the transaction that wrote it is open stays known to that
// transaction (its rollback must skip it); destroying the session then must free it too (the
// sanitizer build checks for the leak).
void tst_SessionSmoke::expungedInsideTransaction()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY(registry.map<SmokeUser>());
    QVERIFY(registry.map<SmokeAddress>());
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    auto kept = std::make_unique<SmokeUser>();
    {
        Session session(db, registry);
        auto *user = new SmokeUser;
        user->m_name = u"zombie"_s;
        QVERIFY(session.add(user));
        QVERIFY(session.add(kept.get()));
        kept->m_name = u"kept %1"_s.arg(42); // heap data: a leaked snapshot would leak it
        QVERIFY2(session.flush(), qPrintable(Test::describe(session.lastError())));
        QVERIFY(session.expunge(kept.get()));
        QCOMPARE(session.state(kept.get()), ObjectState::Detached);
        QVERIFY(session.inTransaction());
    } // destroyed with its transaction open: rolled back
    QCOMPARE(kept->parent(), nullptr);
    Result count = db.execute(TextSql(u"SELECT count(*) FROM smoke_user"_s));
    QVERIFY(count.next());
    QCOMPARE(count.value(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(tst_SessionSmoke)
#include "tst_sessionsmoke.moc"
