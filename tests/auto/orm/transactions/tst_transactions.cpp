// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Session transactions on every configured database: autobegin, commit, rollback (and what it
// does to pending, modified and deleted objects), savepoints (commit, rollback, nesting, the
// "insert or skip" pattern), and recovery from a failed flush in the shape of SQLAlchemy's
// RollbackRecoverTest. The database state is checked with plain Core statements.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QHash>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

using Test::make;
using Test::tableRows;

// The statements with savepoint names replaced by sp1, sp2... in order of appearance, and
// without MariaDB's once-per-session read of the auto-increment settings (tst_flush pins it).
QStringList normalized(const QStringList &statements)
{
    static const QRegularExpression savepoint(u"\\bqorm_sp_\\d+\\b"_s);
    QHash<QString, QString> names;
    QStringList result;
    for (QString sql : statements) {
        // The sessions' once-per-class probes (MariaDB's auto-increment settings, SQLite's rowid).
        if (sql.startsWith(u"SELECT @@auto_increment_increment"_s)
            || sql == Test::sqliteRowidProbe())
            continue;
        const QRegularExpressionMatch match = savepoint.match(sql);
        if (match.hasMatch()) {
            const QString name = match.captured();
            if (!names.contains(name))
                names.insert(name, u"sp%1"_s.arg(names.size() + 1));
            sql.replace(name, names.value(name));
        }
        result.append(sql);
    }
    return result;
}

TxUser *user(qint64 id, const QString &name, QObject *parent = nullptr)
{
    return make<TxUser>({ { "id", id }, { "name", name } }, parent);
}

TxAddress *address(qint64 userId, const QString &email, QObject *parent = nullptr)
{
    return make<TxAddress>({ { "userId", userId }, { "email", email } }, parent);
}

TxTag *tag(const QString &label, qint64 addressId = 0)
{
    return make<TxTag>({ { "label", label }, { "addressId", addressId } });
}

} // namespace

#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(registry.map<TxTag>() && registry.map<TxAddress>() && registry.map<TxUser>(), \
           qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError()))); \
  const Table users = registry.mapper<TxUser>().table(); \
  const Table addresses = registry.mapper<TxAddress>().table(); \
  const Table tags = registry.mapper<TxTag>().table()

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_Transactions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void autobegin_data() { Test::addDatabaseColumn(); }
    void autobegin();
    void rollback_data() { Test::addDatabaseColumn(); }
    void rollback();

    void nestedCommit_data() { Test::addDatabaseColumn(); }
    void nestedCommit();
    void nestedRollback_data() { Test::addDatabaseColumn(); }
    void nestedRollback();
    void nestedInNested_data() { Test::addDatabaseColumn(); }
    void nestedInNested();
    void nestedDestroyedRollsBack_data() { Test::addDatabaseColumn(); }
    void nestedDestroyedRollsBack();
    void nestedInsertOrSkip_data() { Test::addDatabaseColumn(); }
    void nestedInsertOrSkip();

    void failedFlushRecovery_data() { Test::addDatabaseColumn(); }
    void failedFlushRecovery();
    void failedFlushInSavepoint_data() { Test::addDatabaseColumn(); }
    void failedFlushInSavepoint();
    void failedExplicitFlushInSavepoint_data() { Test::addDatabaseColumn(); }
    void failedExplicitFlushInSavepoint();
    void failureInThirdStatement_data() { Test::addDatabaseColumn(); }
    void failureInThirdStatement();
};

// ---------------------------------------------------------------------------------------------

void tst_Transactions::autobegin()
{
    SETUP(db, registry);
    QString error;
    const std::unique_ptr<Connection> other = Test::connect(database, &error);
    QVERIFY2(other, qPrintable(error));
    Test::SqlRecorder recorder(db);
    Session session(db, registry);
    QVERIFY(!session.inTransaction());

    // Reading and adding write nothing: no transaction yet.
    QCOMPARE(session.get<TxUser>(1), nullptr);
    TxUser *ed = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(ed), session);
    QVERIFY(!session.inTransaction());
    QVERIFY(!db.inTransaction());
    QCOMPARE(recorder.statements(),
             QStringList(
                     { u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id = ?"_s }));

    // The first write begins it.
    recorder.clear();
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"BEGIN"_s, u"INSERT INTO tx_user (id, name) VALUES (?, ?)"_s }));
    QVERIFY(session.inTransaction());
    QVERIFY(db.inTransaction());
    // Not visible to another connection before the commit.
    QCOMPARE(tableRows(*other, users, { u"id"_s }, u"id"_s).size(), 0);

    recorder.clear();
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(), QStringList({ u"COMMIT"_s }));
    QVERIFY(!session.inTransaction());
    QVERIFY(!db.inTransaction());
    QCOMPARE(tableRows(*other, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"ed"_s } }));

    // Each later unit of work begins its own.
    recorder.clear();
    ed->setProperty("name", u"edward"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"BEGIN"_s, u"UPDATE tx_user SET name = ? WHERE tx_user.id = ?"_s,
                           u"COMMIT"_s }));
    QCOMPARE(tableRows(*other, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"edward"_s } }));
    // A commit with nothing to do sends nothing.
    recorder.clear();
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.count(), 0);
}

void tst_Transactions::rollback()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *ed = user(1, u"ed"_s);
    TxUser *wendy = user(2, u"wendy"_s);
    TxUser *jack = user(3, u"jack"_s);
    VERIFY_SESSION(session.addAll(QList<TxUser *>{ ed, wendy, jack }), session);
    VERIFY_SESSION(session.flush(), session);
    TxAddress *edsAddress = address(1, u"ed@x"_s);
    VERIFY_SESSION(session.add(edsAddress), session);
    VERIFY_SESSION(session.commit(), session);
    const qint64 addressId = edsAddress->m_id;

    QObject owner;
    TxUser *pendingUser = user(10, u"pending"_s, &owner);                  // never flushed
    std::unique_ptr<TxAddress> flushedAddress(address(2, u"flushed@x"_s)); // flushed, no parent
    VERIFY_SESSION(session.add(pendingUser), session);
    VERIFY_SESSION(session.add(flushedAddress.get()), session);
    ed->setProperty("name", u"edward"_s);                // flushed below
    VERIFY_SESSION(session.remove(edsAddress), session); // DELETE flushed below
    VERIFY_SESSION(session.flush(), session);
    QVERIFY(flushedAddress->m_id > 0);
    QCOMPARE(session.state(edsAddress), ObjectState::Deleted);
    TxUser *pendingChild = make<TxUser>({ { "id", 11 } }, &owner);
    VERIFY_SESSION(session.add(pendingChild), session);
    wendy->setProperty("name", u"wendy2"_s);       // not flushed
    VERIFY_SESSION(session.remove(jack), session); // marked, not flushed

    Test::SqlRecorder recorder(db);
    QVERIFY(session.rollback());
    // The objects the transaction wrote are read back from the rolled-back database.
    QCOMPARE(
            recorder.statements(),
            QStringList(
                    { u"ROLLBACK"_s,
                      u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id = ?"_s,
                      u"SELECT tx_address.id, tx_address.user_id, tx_address.email FROM tx_address WHERE tx_address.id = ?"_s }));
    QVERIFY(!session.inTransaction());

    // Pending objects leave the session, back to their former parent.
    QVERIFY(!session.contains(pendingUser));
    QCOMPARE(session.state(pendingUser), ObjectState::Transient);
    QCOMPARE(pendingUser->parent(), &owner);
    QVERIFY(!session.contains(flushedAddress.get()));
    QCOMPARE(flushedAddress->parent(), nullptr);
    QCOMPARE(session.state(flushedAddress.get()), ObjectState::Transient);
    QVERIFY(!session.contains(pendingChild));
    QCOMPARE(pendingChild->parent(), &owner);
    QCOMPARE(session.newObjects(), QList<QObject *>());
    // Persistent objects show their committed values again.
    QCOMPARE(ed->m_name, u"ed"_s);
    QCOMPARE(wendy->m_name, u"wendy"_s);
    QVERIFY(!session.inspect(ed).isModified());
    // Deleted and marked-for-deletion objects come back.
    QCOMPARE(session.state(edsAddress), ObjectState::Persistent);
    QCOMPARE(edsAddress->m_email, u"ed@x"_s);
    QCOMPARE(session.state(jack), ObjectState::Persistent);
    QVERIFY(!session.inspect(jack).isMarkedForDeletion());
    QVERIFY(!session.hasChanges());
    recorder.clear();
    QCOMPARE(session.get<TxAddress>(addressId), edsAddress);
    QCOMPARE(session.get<TxUser>(3), jack);
    QCOMPARE(recorder.count(), 0);

    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"ed"_s }, { 2, u"wendy"_s }, { 3, u"jack"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"id"_s, u"email"_s }, u"id"_s),
             QList<QVariantList>({ { addressId, u"ed@x"_s } }));

    // The session works on afterwards.
    ed->setProperty("name", u"edward"_s);
    VERIFY_SESSION(session.remove(jack), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"edward"_s }, { 2, u"wendy"_s } }));
}

// ---------------------------------------------------------------------------------------------

void tst_Transactions::nestedCommit()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *ed = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(ed), session);
    VERIFY_SESSION(session.commit(), session);

    Test::SqlRecorder recorder(db);
    ed->setProperty("name", u"outer"_s);
    NestedTransaction savepoint = session.beginNested(); // flushes first
    QVERIFY2(savepoint.isActive(), qPrintable(Test::describe(session.lastError())));
    TxUser *wendy = user(2, u"wendy"_s);
    VERIFY_SESSION(session.add(wendy), session);
    VERIFY_SESSION(session.add(address(2, u"wendy@x"_s)), session);
    VERIFY_SESSION(savepoint.commit(), session);
    QVERIFY(!savepoint.isActive());
    QVERIFY(session.inTransaction());
    QCOMPARE(session.state(wendy), ObjectState::Persistent);
    VERIFY_SESSION(session.commit(), session);

    // Only PostgreSQL reads generated keys back with RETURNING (MariaDB: the first id, SQLite:
    // the last rowid).
    const QString addressInsert = database == u"postgresql"_s
            ? u"INSERT INTO tx_address (user_id, email) VALUES (?, ?) RETURNING id"_s
            : u"INSERT INTO tx_address (user_id, email) VALUES (?, ?)"_s;
    QCOMPARE(normalized(recorder.statements()),
             QStringList({
                     u"BEGIN"_s,
                     u"UPDATE tx_user SET name = ? WHERE tx_user.id = ?"_s,
                     u"SAVEPOINT sp1"_s,
                     u"INSERT INTO tx_user (id, name) VALUES (?, ?)"_s,
                     addressInsert,
                     u"RELEASE SAVEPOINT sp1"_s,
                     u"COMMIT"_s,
             }));
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"outer"_s }, { 2, u"wendy"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"email"_s }, u"id"_s),
             QList<QVariantList>({ { u"wendy@x"_s } }));

    // A released savepoint's work belongs to the outer transaction: rolled back with it.
    ed->setProperty("name", u"outer2"_s);
    NestedTransaction second = session.beginNested();
    QVERIFY(second.isActive());
    ed->setProperty("name", u"inner2"_s);
    QObject owner;
    TxUser *jack = user(3, u"jack"_s, &owner);
    VERIFY_SESSION(session.add(jack), session);
    VERIFY_SESSION(second.commit(), session);
    QCOMPARE(session.state(jack), ObjectState::Persistent);
    QVERIFY(session.rollback());
    QCOMPARE(ed->m_name, u"outer"_s);
    QVERIFY(!session.contains(jack));
    QCOMPARE(jack->parent(), &owner);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"outer"_s }, { 2, u"wendy"_s } }));
}

void tst_Transactions::nestedRollback()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *ed = user(1, u"ed"_s);
    TxUser *wendy = user(2, u"wendy"_s);
    VERIFY_SESSION(session.addAll(QList<TxUser *>{ ed, wendy }), session);
    VERIFY_SESSION(session.flush(), session);
    TxAddress *edsAddress = address(1, u"ed@x"_s);
    VERIFY_SESSION(session.add(edsAddress), session);
    VERIFY_SESSION(session.commit(), session);

    // The outer transaction changes things...
    ed->setProperty("name", u"outer-ed"_s);
    TxUser *outerUser = user(5, u"outer-new"_s);
    VERIFY_SESSION(session.add(outerUser), session);
    NestedTransaction savepoint = session.beginNested();
    QVERIFY2(savepoint.isActive(), qPrintable(Test::describe(session.lastError())));
    QCOMPARE(session.state(outerUser), ObjectState::Persistent);

    // ...the savepoint changes more, flushed and not...
    QObject owner;
    ed->setProperty("name", u"inner-ed"_s);
    outerUser->setProperty("name", u"inner-change"_s);
    edsAddress->setProperty("email", u"inner@x"_s);
    VERIFY_SESSION(session.remove(wendy), session);
    TxUser *innerUser = user(6, u"inner-new"_s, &owner);
    VERIFY_SESSION(session.add(innerUser), session);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(session.state(wendy), ObjectState::Deleted);
    QCOMPARE(session.state(innerUser), ObjectState::Persistent);
    TxUser *unflushed = user(7, u"unflushed"_s, &owner);
    VERIFY_SESSION(session.add(unflushed), session);
    wendy->setProperty("name", u"deleted-but-changed"_s);

    // ...and rolling the savepoint back restores the state of its beginning.
    Test::SqlRecorder recorder(db);
    QVERIFY(savepoint.rollback());
    QVERIFY(!savepoint.isActive());
    QCOMPARE(
            normalized(recorder.statements()),
            QStringList(
                    { u"ROLLBACK TO SAVEPOINT sp1"_s, u"RELEASE SAVEPOINT sp1"_s,
                      u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id IN (?, ?, ?)"_s,
                      u"SELECT tx_address.id, tx_address.user_id, tx_address.email FROM tx_address WHERE tx_address.id = ?"_s }));
    QVERIFY(session.inTransaction());
    QCOMPARE(ed->m_name, u"outer-ed"_s); // the savepoint's start, not the last commit
    QVERIFY(!session.inspect(ed).isModified());
    QCOMPARE(outerUser->m_name, u"outer-new"_s);
    QCOMPARE(session.state(outerUser), ObjectState::Persistent);
    QCOMPARE(edsAddress->m_email, u"ed@x"_s);
    QCOMPARE(session.state(wendy), ObjectState::Persistent);
    QVERIFY(!session.inspect(wendy).isMarkedForDeletion());
    QCOMPARE(wendy->m_name, u"wendy"_s);
    QVERIFY(!session.contains(innerUser));
    QCOMPARE(session.state(innerUser), ObjectState::Transient);
    QCOMPARE(innerUser->parent(), &owner);
    QVERIFY(!session.contains(unflushed));
    QCOMPARE(unflushed->parent(), &owner);
    QVERIFY(!session.hasChanges());
    recorder.clear();
    QCOMPARE(session.get<TxUser>(2), wendy);
    QCOMPARE(session.get<TxUser>(5), outerUser);
    QCOMPARE(recorder.count(), 0);

    // The outer transaction goes on and commits what it did, without the savepoint's work.
    wendy->setProperty("name", u"after"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>(
                     { { 1, u"outer-ed"_s }, { 2, u"after"_s }, { 5, u"outer-new"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"email"_s }, u"id"_s),
             QList<QVariantList>({ { u"ed@x"_s } }));
}

void tst_Transactions::nestedInNested()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *ed = user(1, u"ed"_s);
    TxUser *wendy = user(2, u"wendy"_s);
    VERIFY_SESSION(session.addAll(QList<TxUser *>{ ed, wendy }), session);
    VERIFY_SESSION(session.commit(), session);

    // The inner one rolled back, the outer one released.
    {
        NestedTransaction outer = session.beginNested();
        QVERIFY(outer.isActive());
        ed->setProperty("name", u"A"_s);
        NestedTransaction inner = session.beginNested();
        QVERIFY(inner.isActive());
        wendy->setProperty("name", u"B"_s);
        TxUser *innerUser = user(3, u"inner"_s);
        VERIFY_SESSION(session.add(innerUser), session);
        VERIFY_SESSION(session.flush(), session);
        // The outer savepoint cannot be committed while the inner one is active.
        QVERIFY(!outer.commit());
        QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
        QVERIFY(outer.isActive());
        QVERIFY(inner.isActive());
        QVERIFY(inner.rollback());
        QCOMPARE(wendy->m_name, u"wendy"_s);
        QCOMPARE(ed->m_name, u"A"_s);
        QVERIFY(!session.contains(innerUser));
        delete innerUser;
        VERIFY_SESSION(outer.commit(), session);
    }
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"A"_s }, { 2, u"wendy"_s } }));

    // The inner one released, the outer one rolled back: both undone.
    Test::SqlRecorder recorder(db);
    {
        NestedTransaction outer = session.beginNested();
        ed->setProperty("name", u"C"_s);
        NestedTransaction inner = session.beginNested();
        wendy->setProperty("name", u"D"_s);
        std::unique_ptr<TxUser> four(user(4, u"four"_s));
        VERIFY_SESSION(session.add(four.get()), session);
        VERIFY_SESSION(inner.commit(), session);
        QCOMPARE(wendy->m_name, u"D"_s);
        QVERIFY(outer.rollback());
        QCOMPARE(ed->m_name, u"A"_s);
        QCOMPARE(wendy->m_name, u"wendy"_s);
        QVERIFY(!session.contains(four.get()));
        QCOMPARE(session.get<TxUser>(4), nullptr);
    }
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(normalized(recorder.statements()),
             QStringList({
                     u"BEGIN"_s,
                     u"SAVEPOINT sp1"_s,
                     u"UPDATE tx_user SET name = ? WHERE tx_user.id = ?"_s,
                     u"SAVEPOINT sp2"_s,
                     u"UPDATE tx_user SET name = ? WHERE tx_user.id = ?"_s,
                     u"INSERT INTO tx_user (id, name) VALUES (?, ?)"_s,
                     u"RELEASE SAVEPOINT sp2"_s,
                     u"ROLLBACK TO SAVEPOINT sp1"_s,
                     u"RELEASE SAVEPOINT sp1"_s,
                     u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id IN (?, ?)"_s,
                     u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id = ?"_s,
                     u"COMMIT"_s,
             }));
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"A"_s }, { 2, u"wendy"_s } }));
}

void tst_Transactions::nestedDestroyedRollsBack()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *ed = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(ed), session);
    VERIFY_SESSION(session.commit(), session);

    QObject owner;
    TxUser *inner = user(2, u"inner"_s, &owner);
    Test::SqlRecorder recorder(db);
    {
        NestedTransaction savepoint = session.beginNested();
        QVERIFY(savepoint.isActive());
        ed->setProperty("name", u"changed"_s);
        VERIFY_SESSION(session.add(inner), session);
        VERIFY_SESSION(session.flush(), session);
    } // destroyed while active
    QCOMPARE(normalized(recorder.statements()),
             QStringList({
                     u"BEGIN"_s,
                     u"SAVEPOINT sp1"_s,
                     u"UPDATE tx_user SET name = ? WHERE tx_user.id = ?"_s,
                     u"INSERT INTO tx_user (id, name) VALUES (?, ?)"_s,
                     u"ROLLBACK TO SAVEPOINT sp1"_s,
                     u"RELEASE SAVEPOINT sp1"_s,
                     u"SELECT tx_user.id, tx_user.name FROM tx_user WHERE tx_user.id = ?"_s,
             }));
    QCOMPARE(ed->m_name, u"ed"_s);
    QVERIFY(!session.contains(inner));
    QCOMPARE(inner->parent(), &owner);
    QVERIFY(session.inTransaction());
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"ed"_s } }));
}

void tst_Transactions::nestedInsertOrSkip()
{
    SETUP(db, registry);
    Session session(db, registry);
    VERIFY_SESSION(session.add(tag(u"a"_s)), session);
    VERIFY_SESSION(session.commit(), session);

    // The outer transaction has work of its own, not committed yet.
    TxTag *outer = tag(u"outer"_s);
    VERIFY_SESSION(session.add(outer), session);

    // SQLAlchemy's "try it in a savepoint, on IntegrityError go on".
    QList<TxTag *> skipped;
    QList<TxTag *> kept;
    for (const QString &label : { u"x"_s, u"a"_s, u"y"_s, u"outer"_s, u"z"_s }) {
        TxTag *candidate = tag(label);
        NestedTransaction savepoint = session.beginNested();
        QVERIFY2(savepoint.isActive(), qPrintable(Test::describe(session.lastError())));
        VERIFY_SESSION(session.add(candidate), session);
        if (!savepoint.commit()) {
            QCOMPARE(session.lastError().type(), Error::IntegrityError);
            QVERIFY(!savepoint.isActive());
            QVERIFY(!session.contains(candidate));
            QCOMPARE(session.state(candidate), ObjectState::Transient);
            QCOMPARE(candidate->m_id, 0);
            skipped.append(candidate);
        } else {
            QCOMPARE(session.state(candidate), ObjectState::Persistent);
            kept.append(candidate);
        }
    }
    QCOMPARE(skipped.size(), 2);
    QCOMPARE(skipped.at(0)->m_label, u"a"_s);
    QCOMPARE(skipped.at(1)->m_label, u"outer"_s);
    qDeleteAll(skipped);
    QCOMPARE(kept.size(), 3);
    QCOMPARE(session.state(outer), ObjectState::Persistent);

    // The session is usable (nothing to roll back first) and commits the rest.
    VERIFY_SESSION(session.add(tag(u"b"_s)), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, tags, { u"label"_s }, u"label"_s),
             QList<QVariantList>({ { u"a"_s },
                                   { u"b"_s },
                                   { u"outer"_s },
                                   { u"x"_s },
                                   { u"y"_s },
                                   { u"z"_s } }));
    for (TxTag *object : std::as_const(kept))
        QCOMPARE(session.get<TxTag>(object->m_id), object);
}

// ---------------------------------------------------------------------------------------------

void tst_Transactions::failedFlushRecovery()
{
    SETUP(db, registry);
    Session session(db, registry);
    // 1. Commit user 1 "ed" with an address.
    TxUser *u1 = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(u1), session);
    VERIFY_SESSION(session.flush(), session);
    TxAddress *a1 = address(1, u"foo"_s);
    VERIFY_SESSION(session.add(a1), session);
    VERIFY_SESSION(session.commit(), session);
    const qint64 a1Id = a1->m_id;

    // 2. Modify both, add another user with the same key and an address of it.
    a1->setProperty("email", u"fred"_s);
    u1->setProperty("name", u"edward"_s);
    QObject owner;
    TxUser *u2 = user(1, u"jack"_s, &owner);
    TxAddress *a2 = address(1, u"bar"_s, &owner);
    VERIFY_SESSION(session.add(u2), session);
    VERIFY_SESSION(session.add(a2), session);

    // 3. The commit fails on the key.
    QVERIFY(!session.commit());
    const Error original = session.lastError();
    QCOMPARE(original.type(), Error::IntegrityError);
    QVERIFY(!session.inTransaction());
    // The database is unchanged.
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"ed"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"id"_s, u"email"_s }, u"id"_s),
             QList<QVariantList>({ { a1Id, u"foo"_s } }));
    // Pending stays pending, without keys; modified values are kept.
    QCOMPARE(session.state(u2), ObjectState::Pending);
    QCOMPARE(session.state(a2), ObjectState::Pending);
    QCOMPARE(u2->m_id, 1);
    QCOMPARE(a2->m_id, 0);
    QVERIFY(session.inspect(a2).identity().isEmpty());
    QCOMPARE(u1->m_name, u"edward"_s);
    QCOMPARE(a1->m_email, u"fred"_s);
    QCOMPARE(session.state(u1), ObjectState::Persistent);

    // Everything is refused, naming the original error, with no SQL, until rollback().
    Test::SqlRecorder recorder(db);
    const auto refused = [&](const char *what) {
        const Error error = session.lastError();
        if (error.type() != Error::InvalidRequestError) {
            qWarning() << what << "did not fail with InvalidRequestError:" << Test::describe(error);
            return false;
        }
        if (!error.text().contains(original.text())) {
            qWarning() << what << "does not name the original error:" << error.text();
            return false;
        }
        return true;
    };
    for (int attempt = 0; attempt < 5; ++attempt) {
        QVERIFY(!session.commit());
        QVERIFY(refused("commit"));
    }
    QVERIFY(!session.flush());
    QVERIFY(refused("flush"));
    QCOMPARE(session.get<TxUser>(1), nullptr);
    QVERIFY(refused("get"));
    const ObjectResult queried = session.execute(select<TxUser>());
    QVERIFY(queried.hasError());
    QVERIFY(refused("execute"));
    QVERIFY(!session.beginNested().isActive());
    QVERIFY(refused("beginNested"));
    std::unique_ptr<TxUser> late(user(3, u"late"_s));
    QVERIFY(!session.add(late.get()));
    QVERIFY(refused("add"));
    QCOMPARE(recorder.count(), 0);

    // 4. After rollback(): the new objects are gone, the modified ones committed again.
    QVERIFY(session.rollback());
    QVERIFY(!session.contains(u2));
    QVERIFY(!session.contains(a2));
    QCOMPARE(u2->parent(), &owner);
    QCOMPARE(a2->parent(), &owner);
    QCOMPARE(a2->m_id, 0);
    QVERIFY(session.contains(u1));
    QVERIFY(session.contains(a1));
    QCOMPARE(u1->m_name, u"ed"_s);
    QCOMPARE(a1->m_email, u"foo"_s);
    QVERIFY(!session.hasChanges());

    // 5. The same edits again commit fine.
    u1->setProperty("name", u"edward"_s);
    a1->setProperty("email", u"fred"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"edward"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"id"_s, u"user_id"_s, u"email"_s }, u"id"_s),
             QList<QVariantList>({ { a1Id, 1, u"fred"_s } }));
    QCOMPARE(session.get<TxUser>(1), u1);
}

void tst_Transactions::failedFlushInSavepoint()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *u1 = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(u1), session);
    VERIFY_SESSION(session.flush(), session);
    TxAddress *a1 = address(1, u"foo"_s);
    VERIFY_SESSION(session.add(a1), session);
    VERIFY_SESSION(session.commit(), session);

    // RollbackRecoverTest.test_pk_violation_with_savepoint: the failure is inside a savepoint.
    TxUser *outerUser = user(2, u"outer"_s);
    VERIFY_SESSION(session.add(outerUser), session);
    NestedTransaction savepoint = session.beginNested();
    QVERIFY(savepoint.isActive());
    TxUser *u2 = user(1, u"jack"_s);
    TxAddress *a2 = address(1, u"bar"_s);
    VERIFY_SESSION(session.add(u2), session);
    VERIFY_SESSION(session.add(a2), session);
    a1->setProperty("email", u"fred"_s);
    u1->setProperty("name", u"edward"_s);
    QVERIFY(!savepoint.commit());
    QCOMPARE(session.lastError().type(), Error::IntegrityError);
    // Rolled back already: the savepoint's objects are gone, its edits undone, and the
    // outer transaction goes on.
    QVERIFY(!savepoint.isActive());
    QVERIFY(!session.contains(u2));
    QVERIFY(!session.contains(a2));
    delete u2;
    delete a2;
    QCOMPARE(u1->m_name, u"ed"_s);
    QCOMPARE(a1->m_email, u"foo"_s);
    QCOMPARE(session.state(outerUser), ObjectState::Persistent);
    QVERIFY(session.inTransaction());
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, users, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"ed"_s }, { 2, u"outer"_s } }));
    QCOMPARE(tableRows(db, addresses, { u"email"_s }, u"id"_s),
             QList<QVariantList>({ { u"foo"_s } }));
}

void tst_Transactions::failedExplicitFlushInSavepoint()
{
    SETUP(db, registry);
    Session session(db, registry);
    VERIFY_SESSION(session.add(tag(u"a"_s)), session);
    VERIFY_SESSION(session.commit(), session);

    TxTag *outer = tag(u"outer"_s);
    VERIFY_SESSION(session.add(outer), session);
    NestedTransaction savepoint = session.beginNested();
    QVERIFY(savepoint.isActive());
    TxTag *fine = tag(u"fine"_s);
    TxTag *duplicate = tag(u"a"_s);
    VERIFY_SESSION(session.add(fine), session);
    VERIFY_SESSION(session.add(duplicate), session);
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::IntegrityError);
    QCOMPARE(session.state(duplicate), ObjectState::Pending);
    QCOMPARE(duplicate->m_id, 0);
    // Refused until the failed savepoint is rolled back...
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);
    QVERIFY(savepoint.rollback());
    QVERIFY(!session.contains(duplicate));
    QVERIFY(!session.contains(fine));
    delete duplicate;
    delete fine;
    // ...then the outer transaction goes on with its own work.
    QCOMPARE(session.state(outer), ObjectState::Persistent);
    VERIFY_SESSION(session.add(tag(u"b"_s)), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, tags, { u"label"_s }, u"label"_s),
             QList<QVariantList>({ { u"a"_s }, { u"b"_s }, { u"outer"_s } }));
}

void tst_Transactions::failureInThirdStatement()
{
    SETUP(db, registry);
    Session session(db, registry);
    TxUser *u1 = user(1, u"ed"_s);
    VERIFY_SESSION(session.add(u1), session);
    VERIFY_SESSION(session.flush(), session);
    TxAddress *a1 = address(1, u"ed@x"_s);
    VERIFY_SESSION(session.add(a1), session);
    VERIFY_SESSION(session.flush(), session);
    VERIFY_SESSION(session.add(tag(u"taken"_s, a1->m_id)), session);
    VERIFY_SESSION(session.commit(), session);

    // Users, then addresses (generated keys), then tags, whose label is taken: the third
    // statement fails after two succeeded.
    TxUser *u9 = user(9, u"nine"_s);
    TxAddress *a9 = address(9, u"nine@x"_s);
    TxAddress *a10 = address(9, u"ten@x"_s);
    TxTag *t9 = tag(u"taken"_s, a1->m_id);
    for (QObject *object : QList<QObject *>{ t9, a9, a10, u9 })
        VERIFY_SESSION(session.add(object), session);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::IntegrityError);
    const QString returning = database == u"postgresql"_s ? u" RETURNING id"_s : QString();
    const QStringList statements = normalized(recorder.statements());
    QCOMPARE(statements,
             QStringList({
                     u"INSERT INTO tx_user (id, name) VALUES (?, ?)"_s,
                     u"INSERT INTO tx_address (user_id, email) VALUES (?, ?), (?, ?)"_s + returning,
                     u"INSERT INTO tx_tag (address_id, label) VALUES (?, ?)"_s + returning,
             }));
    QVERIFY(!recorder.executed().last().succeeded);

    // Nothing written, no key half-assigned, nothing changed state.
    QCOMPARE(tableRows(db, users, { u"id"_s }, u"id"_s), QList<QVariantList>({ { 1 } }));
    QCOMPARE(tableRows(db, addresses, { u"id"_s }, u"id"_s), QList<QVariantList>({ { a1->m_id } }));
    QCOMPARE(tableRows(db, tags, { u"label"_s }, u"id"_s), QList<QVariantList>({ { u"taken"_s } }));
    for (QObject *object : QList<QObject *>{ t9, a9, a10, u9 })
        QCOMPARE(session.state(object), ObjectState::Pending);
    QCOMPARE(a9->m_id, 0);
    QCOMPARE(a10->m_id, 0);
    QCOMPARE(t9->m_id, 0);
    QCOMPARE(session.newObjects().size(), 4);

    // After the rollback they are transient again; fixed and added again, they go in.
    QVERIFY(session.rollback());
    for (QObject *object : QList<QObject *>{ t9, a9, a10, u9 })
        QCOMPARE(session.state(object), ObjectState::Transient);
    t9->setProperty("label", u"free"_s);
    for (QObject *object : QList<QObject *>{ t9, a9, a10, u9 })
        VERIFY_SESSION(session.add(object), session);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(a9->m_id > a1->m_id);
    QVERIFY(a10->m_id > a9->m_id);
    QCOMPARE(tableRows(db, addresses, { u"id"_s, u"email"_s }, u"id"_s),
             QList<QVariantList>({ { a1->m_id, u"ed@x"_s },
                                   { a9->m_id, u"nine@x"_s },
                                   { a10->m_id, u"ten@x"_s } }));
    QCOMPARE(tableRows(db, tags, { u"id"_s, u"label"_s }, u"id"_s).value(1),
             QVariantList({ t9->m_id, u"free"_s }));
}

QTEST_GUILESS_MAIN(tst_Transactions)
#include "tst_transactions.moc"
