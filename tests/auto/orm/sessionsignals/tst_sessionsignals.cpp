// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The session's signals for models and QML, on every configured database: tablesChanged()
// after a transaction that wrote rows (flushes, bulk and Core statements; commit and
// rollback), objectDetached() for every way an object leaves, and create() by class name.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<Writer>() && registry.map<Note>(), \
           qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_SessionSignals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tablesChanged_data() { Test::addDatabaseColumn(); }
    void tablesChanged();
    void objectDetached_data() { Test::addDatabaseColumn(); }
    void objectDetached();
    void createByClassName_data() { Test::addDatabaseColumn(); }
    void createByClassName();
};

void tst_SessionSignals::tablesChanged()
{
    SETUP(db, registry);
    Session session(db, registry);
    QSignalSpy tables(&session, &Session::tablesChanged);
    const auto last = [&tables] { return tables.last().at(0).toStringList(); };

    // A flush writing two tables, then the commit.
    auto *writer = Test::make<Writer>({ { "name", u"ann"_s } });
    auto *note = Test::make<Note>({ { "text", u"hi"_s } });
    VERIFY_SESSION(session.add(writer), session);
    VERIFY_SESSION(session.add(note), session);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(tables.size(), 0); // at the end of the transaction only
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tables.size(), 1);
    QCOMPARE(last(), (QStringList{ u"sig_note"_s, u"sig_writer"_s }));

    // Nothing written: nothing said.
    VERIFY_SESSION(session.commit(), session);
    (void)session.scalars(select<Writer>()).all();
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tables.size(), 1);

    // An update by the unit of work, rolled back: models may have read the flushed rows.
    writer->setProperty("name", u"bob"_s);
    VERIFY_SESSION(session.flush(), session);
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(tables.size(), 2);
    QCOMPARE(last(), QStringList{ u"sig_writer"_s });

    // A bulk statement and a Core one.
    VERIFY_SESSION(!session.execute(update<Note>().set(u"text"_s, u"x"_s)).hasError(), session);
    const Table writers = registry.mapper<Writer>().table();
    VERIFY_SESSION(session.execute(deleteFrom(writers).where(writers.column(u"name"_s) == u"zed"_s))
                           .isValid(),
                   session); // no row: does not count
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tables.size(), 3);
    QCOMPARE(last(), QStringList{ u"sig_note"_s });
    VERIFY_SESSION(session.execute(insert(writers).values({ { u"name"_s, u"cy"_s } })).isValid(),
                   session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tables.size(), 4);
    QCOMPARE(last(), QStringList{ u"sig_writer"_s });
}

void tst_SessionSignals::objectDetached()
{
    SETUP(db, registry);
    Session session(db, registry);
    QList<QObject *> detached;
    connect(&session, &Session::objectDetached, &session,
            [&detached](QObject *object) { detached.append(object); });
    auto *a = Test::make<Writer>({ { "name", u"a"_s } });
    auto *b = Test::make<Writer>({ { "name", u"b"_s } });
    auto *c = Test::make<Writer>({ { "name", u"c"_s } });
    for (QObject *object : std::initializer_list<QObject *>{ a, b, c })
        VERIFY_SESSION(session.add(object), session);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(detached.isEmpty());

    QVERIFY(session.expunge(a)); // taken out
    QCOMPARE(detached, QList<QObject *>{ a });
    delete a;

    VERIFY_SESSION(session.remove(b), session); // deleted, destroyed with the commit
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(detached.size(), 2);
    QCOMPARE(detached.last(), b);

    auto *d = Test::make<Writer>({ { "name", u"d"_s } }); // added, then rolled back
    VERIFY_SESSION(session.add(d), session);
    VERIFY_SESSION(session.rollback(), session);
    QCOMPARE(detached.size(), 3);
    QCOMPARE(detached.last(), d);
    delete d;

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"behind the session's back"_s));
    delete c; // destroyed behind the session's back
    QCOMPARE(detached.size(), 4);
    QCOMPARE(detached.last(), static_cast<QObject *>(c)); // compared, not used

    auto *e = Test::make<Writer>({ { "name", u"e"_s } });
    VERIFY_SESSION(session.add(e), session);
    session.close(); // everything it holds
    QCOMPARE(detached.size(), 5);
    QCOMPARE(detached.last(), static_cast<QObject *>(e));
}

void tst_SessionSignals::createByClassName()
{
    SETUP(db, registry);
    Session session(db, registry);
    QObject *writer = session.create(u"Writer"_s, { { u"name"_s, u"ann"_s } });
    QVERIFY(writer);
    QCOMPARE(session.state(writer), ObjectState::Pending);
    QCOMPARE(writer->property("name").toString(), u"ann"_s);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(writer->property("id").toLongLong() > 0);

    QCOMPARE(session.create(u"Poem"_s), nullptr);
    QCOMPARE(session.lastError().text(),
             u"Session::create(): no class named \"Poem\" is mapped by this session's registry"_s);
    QCOMPARE(session.create(u"Writer"_s, { { u"age"_s, 3 } }), nullptr);
    QCOMPARE(session.lastError().text(),
             u"Session::create(): Writer has no writable property \"age\" taking int"_s);
    QVERIFY(!session.hasChanges()); // the object refused is not left behind
}

QTEST_GUILESS_MAIN(tst_SessionSignals)
#include "tst_sessionsignals.moc"
