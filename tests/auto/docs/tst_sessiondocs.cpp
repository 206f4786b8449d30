// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Every code sample of docs/session.md, compiled and checked: each test function holds the
// samples of one section as the document shows them, and checks what the document says about
// them, including the SQL it prints (recorded from the connection). tst_docsamples'
// docsMatchSamples() checks the other direction: every ```cpp block of docs/session.md must
// occur in this file, and every statement of its ```sql blocks must be one of the u"..."_s
// literals compared here. Whitespace does not count.
//
// Samples run on SQLite, in memory.

#include <Qorm/Connection>
#include <Qorm/EntitySelect>
#include <Qorm/Registry>
#include <Qorm/Session>

#include <QtCore/QDateTime>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <databases.h>
#include <memory>

using namespace Qt::StringLiterals;

// The quickstart's classes (examples/quickstart/main.cpp).
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
    Q_CLASSINFO("qorm.column.name", "length=30; notNull; unique")
    Q_PROPERTY(QString fullname MEMBER m_fullname NOTIFY fullnameChanged)
    Q_CLASSINFO("qorm.column.fullname", "length=100")
public:
    explicit User(const QString &name = {}, const QString &fullname = {})
        : m_name(name),
          m_fullname(fullname)
    {
    }
    qint64 id() const { return m_id; }
    QString name() const { return m_name; }
    QString fullname() const { return m_fullname; }
Q_SIGNALS:
    void idChanged();
    void nameChanged();
    void fullnameChanged();

private:
    qint64 m_id = 0;
    QString m_name;
    QString m_fullname;
};

class Address : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "address")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(qint64 userId MEMBER m_userId NOTIFY userIdChanged)
    Q_CLASSINFO("qorm.column.userId",
                "column=user_id; foreignKey=user_account.id; onDelete=cascade; notNull")
    Q_PROPERTY(QString email MEMBER m_email NOTIFY emailChanged)
    Q_CLASSINFO("qorm.column.email", "column=email_address; length=255; notNull")
public:
    explicit Address(qint64 userId = 0, const QString &email = {})
        : m_userId(userId),
          m_email(email)
    {
    }
    qint64 userId() const { return m_userId; }
    QString email() const { return m_email; }
Q_SIGNALS:
    void idChanged();
    void userIdChanged();
    void emailChanged();

private:
    qint64 m_id = 0;
    qint64 m_userId = 0;
    QString m_email;
};

// docs/session.md, "Change tracking"
class Note : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "note")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY authorIdChanged)
    Q_CLASSINFO("qorm.column.authorId", "column=author_id; foreignKey=user_account.id")
    Q_PROPERTY(QString body READ body WRITE setBody NOTIFY bodyChanged)
    Q_PROPERTY(QVariantList tags MEMBER m_tags NOTIFY tagsChanged)
    Q_PROPERTY(QDateTime editedAt MEMBER m_editedAt NOTIFY editedAtChanged)
    Q_CLASSINFO("qorm.column.editedAt", "column=edited_at")
    Q_PROPERTY(int revision MEMBER m_revision NOTIFY revisionChanged)
    Q_CLASSINFO("qorm.column.revision", "version")
public:
    qint64 id() const { return m_id; }
    qint64 authorId() const { return m_authorId; }
    QString body() const { return m_body; }
    void setBody(const QString &body) { m_body = body; } // forgets to emit bodyChanged()
    QVariantList &tags() { return m_tags; }
    QDateTime editedAt() const { return m_editedAt; }
    int revision() const { return m_revision; }
Q_SIGNALS:
    void idChanged();
    void authorIdChanged();
    void bodyChanged();
    void tagsChanged();
    void editedAtChanged();
    void revisionChanged();

private:
    qint64 m_id = 0;
    qint64 m_authorId = 0;
    QString m_body;
    QVariantList m_tags;
    QDateTime m_editedAt;
    int m_revision = 0;
};

namespace {

Qorm::ConnectionSettings memorySettings()
{
    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    return settings;
}

// Whether `expected` occurs in `statements` in this order, other statements in between.
bool containsInOrder(const QStringList &statements, const QStringList &expected)
{
    qsizetype next = 0;
    for (const QString &statement : statements) {
        if (next < expected.size() && statement == expected.at(next))
            ++next;
    }
    return next == expected.size();
}

} // namespace

// docs/session.md, "Savepoints"
// The user of that name: a new one, or the existing one when the name is taken.
User *userNamed(Qorm::Session &session, const QString &name)
{
    Qorm::NestedTransaction savepoint = session.beginNested(); // flushes, then SAVEPOINT
    if (!savepoint.isActive())
        return nullptr;
    auto *user = new User(name);
    if (session.add(user) && savepoint.commit()) // flushes the INSERT, then RELEASE SAVEPOINT
        return user;
    // The INSERT failed: the savepoint was rolled back, the outer transaction goes on, and the
    // new object left the session again.
    delete user;
    return session.scalar(Qorm::select<User>().where(Qorm::attribute<User>(u"name"_s) == name));
}

class tst_SessionDocs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void createSession();
    void objectStates();
    void ownership();
    void deletedBehindTheSessionsBack();
    void closeDestroysObjects();
    void changeTracking();
    void listening();
    void flagModified();
    void flushOrderAndBatches();
    void zeroForeignKeyIsNull();
    void versionColumns();
    void transactionBeginsAtFirstWrite();
    void beginEarly();
    void rollback();
    void savepoints();
    void tryInsertInSavepoint();
    void expireAndRefresh();
    void expireOnCommit();
    void autoflush();
    void signalHooks();
    void failedFlush();
    void threadAffinity();
    void queries();

private:
    // Three users, committed: spongebob (1), sandy (2), patrick (3).
    bool addUsers(Qorm::Session &session);

    Qorm::Registry m_registry;
    std::unique_ptr<Qorm::Connection> m_db;
};

void tst_SessionDocs::initTestCase()
{
    QVERIFY(m_registry.map<User>());
    QVERIFY(m_registry.map<Address>());
    QVERIFY(m_registry.map<Note>());
}

void tst_SessionDocs::init()
{
    m_db = std::make_unique<Qorm::Connection>(memorySettings());
    QVERIFY(m_db->isOpen());
    QVERIFY(m_registry.metadata().createAll(*m_db));
}

void tst_SessionDocs::cleanup()
{
    m_db.reset();
}

bool tst_SessionDocs::addUsers(Qorm::Session &session)
{
    return session.addAll(QList<User *>{ new User(u"spongebob"_s, u"Spongebob Squarepants"_s),
                                         new User(u"sandy"_s, u"Sandy Cheeks"_s),
                                         new User(u"patrick"_s, u"Patrick Star"_s) })
            && session.commit();
}

// ------------------------------------------------------------------ Creating a session

void tst_SessionDocs::createSession()
{
    const Qorm::ConnectionSettings settings = memorySettings();

    Qorm::Registry registry;
    if (!registry.map<User>() || !registry.map<Address>() || !registry.map<Note>())
        qFatal("%s", qPrintable(registry.lastError().text()));

    Qorm::Connection db(settings);
    if (!db.isOpen() || !registry.metadata().createAll(db))
        qFatal("%s", qPrintable(db.lastError().text()));

    Qorm::Session session(db, registry); // db and registry must outlive the session

    QCOMPARE(&session.connection(), &db);
    QCOMPARE(&session.registry(), &registry);
    QVERIFY(!session.hasChanges());
    QVERIFY(!session.inTransaction());
    QVERIFY(session.autoflush());
    QVERIFY(!session.expireOnCommit());
}

// ------------------------------------------------------------------ Object states

void tst_SessionDocs::objectStates()
{
    Qorm::Session session(*m_db, m_registry);

    auto *patrick = new User(u"patrick"_s, u"Patrick Star"_s); // transient
    if (!session.add(patrick))                                 // pending: the session owns it now
        qWarning() << session.lastError();
    if (!session.flush()) // persistent: INSERTed, patrick->id() is set
        qWarning() << session.lastError();

    QCOMPARE(session.state(patrick), Qorm::ObjectState::Persistent);
    QCOMPARE(patrick->id(), 1);

    patrick->setProperty("fullname", u"Patrick S. Star"_s);
    const Qorm::InstanceState state = session.inspect(patrick);
    const bool persistent = state.isPersistent();            // true
    const QVariantList identity = state.identity();          // { 1 }
    const QStringList modified = state.modifiedProperties(); // { "fullname" }
    const Qorm::AttributeHistory history = state.history(u"fullname"_s);
    // history.added == { "Patrick S. Star" }, history.deleted == { "Patrick Star" }

    QVERIFY(persistent);
    QCOMPARE(identity, QVariantList{ 1 });
    QCOMPARE(modified, QStringList{ u"fullname"_s });
    QCOMPARE(history.added, QVariantList{ u"Patrick S. Star"_s });
    QCOMPARE(history.deleted, QVariantList{ u"Patrick Star"_s });
    QVERIFY(history.unchanged.isEmpty());
    QCOMPARE(state.history(u"name"_s).unchanged, QVariantList{ u"patrick"_s });
    QVERIFY(!state.history(u"name"_s).hasChanges());
    QCOMPARE(state.mapper().className(), u"User"_s);

    // The same steps one by one, for the states the sample's comments name.
    auto *sandy = new User(u"sandy"_s, u"Sandy Cheeks"_s);
    QCOMPARE(session.state(sandy), Qorm::ObjectState::Transient);
    QVERIFY(session.inspect(sandy).isTransient());
    QVERIFY(session.add(sandy));
    QCOMPARE(session.state(sandy), Qorm::ObjectState::Pending);
    QVERIFY(session.inspect(sandy).identity().isEmpty());
    // A pending object's values are all "added".
    QCOMPARE(session.inspect(sandy).history(u"name"_s).added, QVariantList{ u"sandy"_s });
    QVERIFY(session.commit());
    QCOMPARE(session.state(sandy), Qorm::ObjectState::Persistent);
    QCOMPARE(session.state(patrick), Qorm::ObjectState::Persistent);

    QPointer<User> guard(patrick);

    if (!session.remove(patrick)) // persistent still, marked for deletion
        qWarning() << session.lastError();
    if (!session.flush()) // deleted: the DELETE ran, in the open transaction
        qWarning() << session.lastError();
    if (!session.commit()) // patrick is destroyed
        qWarning() << session.lastError();

    QVERIFY(guard.isNull());

    auto *squidward = new User(u"squidward"_s);
    QVERIFY(session.add(squidward));
    QVERIFY(session.commit());
    QPointer<User> squidwardGuard(squidward);
    QVERIFY(session.remove(squidward));
    QCOMPARE(session.state(squidward), Qorm::ObjectState::Persistent);
    QVERIFY(session.inspect(squidward).isMarkedForDeletion());
    QCOMPARE(session.deletedObjects(), QList<QObject *>{ squidward });
    QVERIFY(session.flush());
    QCOMPARE(session.state(squidward), Qorm::ObjectState::Deleted);
    QVERIFY(session.inTransaction());
    QVERIFY(!squidwardGuard.isNull());
    QVERIFY(session.commit());
    QVERIFY(squidwardGuard.isNull());

    // Detached: expunged after it had a row.
    QVERIFY(session.expunge(sandy));
    QCOMPARE(session.state(sandy), Qorm::ObjectState::Detached);
    QCOMPARE(session.inspect(sandy).identity(), QVariantList{ 2 });
    QVERIFY(!sandy->parent());
    // Added again, it is persistent at once; every column is written at the next flush.
    QVERIFY(session.add(sandy));
    QCOMPARE(session.state(sandy), Qorm::ObjectState::Persistent);
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY(session.commit());
    QCOMPARE(
            recorder.statements(),
            QStringList{
                    u"UPDATE user_account SET name = ?, fullname = ? WHERE user_account.id = ?"_s });

    // Removing a pending object is expunging it.
    auto *gary = new User(u"gary"_s);
    QVERIFY(session.add(gary));
    QVERIFY(session.remove(gary));
    QCOMPARE(session.state(gary), Qorm::ObjectState::Transient);
    QVERIFY(!gary->parent());
    delete gary;
}

// ------------------------------------------------------------------ Ownership

void tst_SessionDocs::ownership()
{
    Qorm::Session session(*m_db, m_registry);

    auto *gary = new User(u"gary"_s, u"Gary the Snail"_s);
    if (!session.add(gary)) // gary's parent is now one of the session's holder objects
        qWarning() << session.lastError();
    Qorm::Session *owner = Qorm::Session::sessionOf(gary); // &session

    QCOMPARE(owner, &session);
    QVERIFY(gary->parent());
    QVERIFY(gary->parent() != &session);
    QCOMPARE(gary->parent()->parent(), &session);
    QVERIFY(session.contains(gary));

    std::unique_ptr<User> kept;
    if (session.expunge(gary))
        kept.reset(gary); // no parent any more: yours to delete

    QVERIFY(!gary->parent());
    QCOMPARE(Qorm::Session::sessionOf(gary), nullptr);
    QCOMPARE(session.state(gary), Qorm::ObjectState::Transient);
    QVERIFY(!session.hasChanges());

    // An object of another session is refused.
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    QVERIFY(sandy);
    QCOMPARE(sandy->parent()->parent(), &session); // loaded objects are owned as well
    Qorm::Session other(*m_db, m_registry);
    QVERIFY(!other.add(sandy));
    QCOMPARE(other.lastError().type(), Qorm::Error::InvalidRequestError);
    QVERIFY(other.lastError().text().contains(u"belongs to another session"_s));
    QCOMPARE(other.state(sandy), Qorm::ObjectState::Persistent); // as its own session sees it
    QCOMPARE(Qorm::Session::sessionOf(sandy), &session);

    // Two sessions on one connection: while one has its transaction open, the other cannot
    // begin one.
    QVERIFY(session.begin());
    auto *larry = new User(u"larry"_s);
    QVERIFY(other.add(larry));
    QVERIFY(!other.flush());
    QCOMPARE(other.lastError().type(), Qorm::Error::TransactionError);
    QVERIFY(other.rollback());
    delete larry;
    QVERIFY(session.commit());
}

void tst_SessionDocs::deletedBehindTheSessionsBack()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    QVERIFY(sandy);
    sandy->setProperty("fullname", u"unflushed"_s);
    QTest::ignoreMessage(
            QtWarningMsg,
            "A tracked User(id=2) was destroyed or reparented behind the session's back; the "
            "session forgets it and its unflushed changes (use Session::expunge() to take an "
            "object out of a session)");
    delete sandy;
    QVERIFY(!session.hasChanges());
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY(session.commit());
    QCOMPARE(recorder.count(), 0);
    // get() loads a new object for the row.
    User *again = session.get<User>(2);
    QVERIFY(again);
    QCOMPARE(again->fullname(), u"Sandy Cheeks"_s);

    // Reparenting is noticed the same way.
    QObject elsewhere;
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(u"A tracked User\\(id=2\\) was destroyed or reparented"_s));
    again->setParent(&elsewhere);
    QVERIFY(!session.contains(again));
    QCOMPARE(session.state(again), Qorm::ObjectState::Transient);
}

void tst_SessionDocs::closeDestroysObjects()
{
    QPointer<User> sandy;
    QPointer<User> pending;
    {
        Qorm::Session session(*m_db, m_registry);
        QVERIFY(addUsers(session));
        sandy = session.get<User>(2);
        QVERIFY(sandy);
        pending = new User(u"gary"_s);
        QVERIFY(session.add(pending));
        QSignalSpy rolledBack(&session, &Qorm::Session::afterRollback);

        session.close(); // rolls back; every object the session owns is destroyed

        QVERIFY(sandy.isNull());
        QVERIFY(pending.isNull());
        QCOMPARE(rolledBack.count(), 1);
        // The session can be used again.
        sandy = session.get<User>(2);
        QVERIFY(sandy);
        QCOMPARE(sandy->fullname(), u"Sandy Cheeks"_s);
    }
    QVERIFY(sandy.isNull()); // the destructor destroys them too
}

// ------------------------------------------------------------------ Change tracking

void tst_SessionDocs::changeTracking()
{
    Qorm::Session session(*m_db, m_registry);
    auto *note = new Note;
    note->setBody(u"Buy kelp"_s);
    QVERIFY(session.add(note));
    QVERIFY(session.commit());
    QCOMPARE(note->revision(), 1);
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);

    note->setBody(u"Buy kelp and chowder"_s); // setBody() forgets to emit bodyChanged()
    note->tags().append(u"shopping"_s);       // changed in place, no signal either
    if (!session.commit())                    // the snapshot comparison finds both changes
        qWarning() << session.lastError();

    QCOMPARE(
            recorder.statements(),
            QStringList{
                    u"UPDATE note SET body = ?, tags = ?, revision = ? WHERE note.id = ? AND note.revision = ?"_s });
    QCOMPARE(recorder.executed().first().boundValues,
             (QVariantList{ u"Buy kelp and chowder"_s, u"[\"shopping\"]"_s, 2, 1, 1 }));
    QCOMPARE(note->revision(), 2);

    // Nothing changed, nothing written.
    recorder.clear();
    note->setProperty("body", u"Buy kelp and chowder"_s);
    QVERIFY(!session.hasChanges());
    QVERIFY(session.commit());
    QCOMPARE(recorder.count(), 0);
}

void tst_SessionDocs::listening()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    QVERIFY(sandy);

    QStringList changes;
    bool unsaved = false;

    QObject::connect(&session, &Qorm::Session::objectModified, &session,
                     [&changes](QObject *object, const QString &property) {
                         changes.append(
                                 u"%1.%2"_s.arg(object->property("name").toString(), property));
                     });
    QObject::connect(&session, &Qorm::Session::hasChangesChanged, &session,
                     [&] { unsaved = session.hasChanges(); });

    sandy->setProperty("fullname", u"Sandy C."_s);
    QCOMPARE(changes, QStringList{ u"sandy.fullname"_s });
    QVERIFY(unsaved);
    sandy->setProperty("fullname", u"Sandy Cheeks"_s); // back to the committed value
    QVERIFY(!unsaved);
    QCOMPARE(changes.size(), 2);

    // Objects loaded or added while listening are connected as well.
    User *patrick = session.get<User>(3);
    patrick->setProperty("name", u"pat"_s);
    QCOMPARE(changes.last(), u"pat.name"_s);
    QVERIFY(session.commit());
    QVERIFY(!unsaved);

    // A change without a signal is not seen live, only at flush.
    auto *note = new Note;
    QVERIFY(session.add(note));
    QVERIFY(unsaved);
    QVERIFY(session.commit());
    QVERIFY(!unsaved);
    changes.clear();
    note->setBody(u"quiet"_s);
    QVERIFY(changes.isEmpty());
    QVERIFY(!unsaved);
    QVERIFY(session.hasChanges());

    // Without listeners, nothing is connected any more.
    QVERIFY(QObject::disconnect(&session, &Qorm::Session::objectModified, nullptr, nullptr));
    QVERIFY(QObject::disconnect(&session, &Qorm::Session::hasChangesChanged, nullptr, nullptr));
    sandy->setProperty("fullname", u"Sandy again"_s);
    QVERIFY(changes.isEmpty());
}

void tst_SessionDocs::flagModified()
{
    Qorm::Session session(*m_db, m_registry);
    auto *note = new Note;
    note->setBody(u"Buy kelp"_s);
    QVERIFY(session.add(note));
    QVERIFY(session.commit());
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);

    if (!session.flagModified(note, u"body"_s)) // written at the next flush, although equal
        qWarning() << session.lastError();

    QVERIFY(session.hasChanges());
    QCOMPARE(session.inspect(note).modifiedProperties(), QStringList{ u"body"_s });
    QVERIFY(session.commit());
    QCOMPARE(
            recorder.statements(),
            QStringList{
                    u"UPDATE note SET body = ?, revision = ? WHERE note.id = ? AND note.revision = ?"_s });
    QCOMPARE(note->revision(), 2);

    QVERIFY(!session.flagModified(note, u"bdoy"_s));
    QCOMPARE(session.lastError().text(),
             u"Session::flagModified: class Note has no mapped property 'bdoy'"_s);
}

// ------------------------------------------------------------------ Flush

void tst_SessionDocs::flushOrderAndBatches()
{
    Qorm::Session session(*m_db, m_registry);
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);

    auto *note = new Note;
    note->setBody(u"Karate lesson"_s);
    auto *sandy = new User(u"sandy"_s, u"Sandy Cheeks"_s);
    auto *squidward = new User(u"squidward"_s, u"Squidward Tentacles"_s);
    if (!session.addAll(QList<QObject *>{ note, sandy, squidward }) || !session.flush())
        qWarning() << session.lastError();

    // Each class's first INSERT is preceded by SQLite's rowid check.
    QCOMPARE(
            recorder.statements(),
            (QStringList{
                    Qorm::Test::sqliteRowidProbe(),
                    u"INSERT INTO user_account (name, fullname) VALUES (?, ?), (?, ?)"_s,
                    Qorm::Test::sqliteRowidProbe(),
                    u"INSERT INTO note (author_id, body, tags, edited_at, revision) VALUES (?, ?, ?, ?, ?)"_s }));
    QCOMPARE(recorder.executed().at(3).boundValues,
             (QVariantList{ QVariant(), u"Karate lesson"_s, u"[]"_s, QVariant(), 1 }));
    QCOMPARE(sandy->id(), 1);
    QCOMPARE(squidward->id(), 2);
    QCOMPARE(note->id(), 1);
    QCOMPARE(note->revision(), 1);
    recorder.clear();

    sandy->setProperty("fullname", u"Sandy C."_s);
    squidward->setProperty("fullname", u"Squidward T."_s);
    note->setProperty("body", u"Karate lesson at 3"_s);
    if (!session.flush())
        qWarning() << session.lastError();

    QCOMPARE(
            recorder.statements(),
            (QStringList{
                    u"UPDATE user_account SET fullname = CASE user_account.id WHEN ? THEN ? WHEN ? THEN ? END WHERE user_account.id BETWEEN ? AND ?"_s,
                    u"UPDATE note SET body = ?, revision = ? WHERE note.id = ? AND note.revision = ?"_s }));
    QCOMPARE(recorder.executed().at(0).boundValues,
             (QVariantList{ 1, u"Sandy C."_s, 2, u"Squidward T."_s, 1, 2 }));
    recorder.clear();

    // A row alone with its set of columns is one UPDATE; the prepared statement is reused for
    // the next one of the same shape.
    sandy->setProperty("name", u"sandy2"_s);
    squidward->setProperty("fullname", u"Squidward Q. Tentacles"_s);
    QVERIFY(session.flush());
    QCOMPARE(recorder.statements(),
             (QStringList{ u"UPDATE user_account SET name = ? WHERE user_account.id = ?"_s,
                           u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s }));
    recorder.clear();
    squidward->setProperty("fullname", u"Squidward"_s);
    QVERIFY(session.flush());
    QCOMPARE(recorder.statements(),
             QStringList{ u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s });
    QVERIFY(recorder.executed().at(0).fromCache);
    recorder.clear();

    if (!session.remove(sandy) || !session.remove(squidward) || !session.remove(note)
        || !session.flush())
        qWarning() << session.lastError();

    QCOMPARE(recorder.statements(),
             (QStringList{ u"DELETE FROM note WHERE note.id = ? AND note.revision = ?"_s,
                           u"DELETE FROM user_account WHERE user_account.id IN (?, ?)"_s }));
    QVERIFY(session.commit());
}

void tst_SessionDocs::zeroForeignKeyIsNull()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    auto *note = new Note; // authorId is 0: written as NULL
    note->setBody(u"anonymous"_s);
    QVERIFY(session.add(note));
    QVERIFY(session.commit());
    Qorm::Result result = m_db->execute(Qorm::TextSql(u"SELECT author_id IS NULL FROM note"_s));
    QVERIFY(result.next());
    QCOMPARE(result.value(0).toInt(), 1);
    result.close();

    note->setProperty("authorId", 2);
    QVERIFY(session.commit());
    result = m_db->execute(Qorm::TextSql(u"SELECT author_id FROM note"_s));
    QVERIFY(result.next());
    QCOMPARE(result.value(0).toInt(), 2);
    result.close();

    note->setProperty("authorId", 0); // NULL again
    QVERIFY(session.commit());
    result = m_db->execute(Qorm::TextSql(u"SELECT author_id IS NULL FROM note"_s));
    QVERIFY(result.next());
    QCOMPARE(result.value(0).toInt(), 1);
    result.close();

    // And NULL is read back as 0.
    Qorm::Session other(*m_db, m_registry);
    Note *loaded = other.get<Note>(note->id());
    QVERIFY(loaded);
    QCOMPARE(loaded->authorId(), 0);
    QVERIFY(!other.hasChanges());
}

void tst_SessionDocs::versionColumns()
{
    Qorm::Session session(*m_db, m_registry);
    auto *note = new Note;
    note->setBody(u"v1"_s);
    QVERIFY(session.add(note));
    QVERIFY(session.commit());
    QCOMPARE(note->revision(), 1);

    // Someone else changes the row.
    Qorm::Session other(*m_db, m_registry);
    Note *theirs = other.get<Note>(note->id());
    QVERIFY(theirs);
    theirs->setBody(u"theirs"_s);
    QVERIFY(other.commit());
    QCOMPARE(theirs->revision(), 2);

    note->setBody(u"mine"_s);
    if (!session.commit() && session.lastError().type() == Qorm::Error::StaleDataError) {
        // The row changed since the note was loaded: give up the change and reload it.
        session.rollback();
        if (!session.refresh(note))
            qWarning() << session.lastError();
    }

    QCOMPARE(note->body(), u"theirs"_s);
    QCOMPARE(note->revision(), 2);
    QVERIFY(!session.hasChanges());
}

// ------------------------------------------------------------------ Transactions

void tst_SessionDocs::transactionBeginsAtFirstWrite()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    session.close();
    Qorm::Test::SqlRecorder recorder(*m_db);

    User *sandy = session.get<User>(2); // SELECT, in autocommit: no transaction yet
    sandy->setProperty("fullname", u"Sandy C."_s);
    if (!session.commit()) // BEGIN, UPDATE, COMMIT
        qWarning() << session.lastError();

    QCOMPARE(
            recorder.statements(),
            (QStringList{
                    u"SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?"_s,
                    u"BEGIN"_s, u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s,
                    u"COMMIT"_s }));

    // A commit with nothing to do runs no SQL.
    recorder.clear();
    QVERIFY(session.commit());
    QCOMPARE(recorder.count(), 0);
    QVERIFY(!session.inTransaction());
}

void tst_SessionDocs::beginEarly()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    Qorm::Test::SqlRecorder recorder(*m_db);

    if (!session.begin(Qorm::TransactionMode::Immediate)) // BEGIN IMMEDIATE on SQLite
        qWarning() << session.lastError();

    QVERIFY(session.inTransaction());
    QCOMPARE(recorder.statements(), QStringList{ u"BEGIN IMMEDIATE"_s });
    QVERIFY(!session.begin());
    QCOMPARE(session.lastError().type(), Qorm::Error::InvalidRequestError);
    // The failure is no failed flush: the session goes on.
    QVERIFY(session.get<User>(1));
    QVERIFY(session.commit());
    QVERIFY(!session.inTransaction());
}

void tst_SessionDocs::rollback()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    User *patrick = session.get<User>(3);
    QVERIFY(sandy && patrick);
    QSignalSpy rolledBack(&session, &Qorm::Session::afterRollback);

    sandy->setProperty("fullname", u"Sandy C."_s);
    auto *gary = new User(u"gary"_s, u"Gary the Snail"_s);
    if (!session.add(gary) || !session.remove(patrick) || !session.flush())
        qWarning() << session.lastError();

    Qorm::Test::SqlRecorder rollbackRecorder(*m_db);
    session.rollback(); // the database and the objects are as at the last commit
    delete gary;        // it was added in the transaction: the session gave it back

    QCOMPARE(
            rollbackRecorder.statements(),
            (QStringList{
                    u"ROLLBACK"_s,
                    u"SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id IN (?, ?)"_s }));
    QCOMPARE(sandy->fullname(), u"Sandy Cheeks"_s);
    QCOMPARE(session.state(patrick), Qorm::ObjectState::Persistent);
    QVERIFY(!session.inspect(patrick).isMarkedForDeletion());
    QVERIFY(!session.hasChanges());
    QCOMPARE(rolledBack.count(), 1);
    QCOMPARE(session.scalars(Qorm::select<User>()).count(), 3);

    // An object flushed in the rolled-back transaction loses the key the flush gave it.
    auto *larry = new User(u"larry"_s);
    QObject owner;
    larry->setParent(&owner);
    QVERIFY(session.add(larry));
    QVERIFY(session.flush());
    QCOMPARE(larry->id(), 4);
    QVERIFY(session.rollback());
    QCOMPARE(session.state(larry), Qorm::ObjectState::Transient);
    QCOMPARE(larry->parent(), &owner); // back with its former parent
    QCOMPARE(larry->id(), 0);
    // Added again, it is INSERTed anew.
    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY(session.add(larry));
    QVERIFY(session.commit());
    QCOMPARE(recorder.statements(),
             QStringList{ u"INSERT INTO user_account (name, fullname) VALUES (?, ?)"_s });
}

void tst_SessionDocs::savepoints()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    QVERIFY(sandy);
    Qorm::Test::SqlRecorder recorder(*m_db);

    sandy->setProperty("fullname", u"Sandy C."_s);
    {
        Qorm::NestedTransaction savepoint = session.beginNested(); // flush, then SAVEPOINT
        sandy->setProperty("fullname", u"Sandy the Squirrel"_s);
        auto *gary = new User(u"gary"_s);
        if (!session.add(gary) || !session.flush())
            qWarning() << session.lastError();
        savepoint.rollback(); // back to the SAVEPOINT: sandy is "Sandy C." again, gary is gone
        delete gary;
    }

    QCOMPARE(sandy->fullname(), u"Sandy C."_s);
    QVERIFY(session.inTransaction());
    QVERIFY(session.commit());
    QVERIFY2(
            containsInOrder(
                    recorder.statements(),
                    { u"BEGIN"_s,
                      u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s,
                      u"SAVEPOINT qorm_sp_1"_s,
                      u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s,
                      u"INSERT INTO user_account (name, fullname) VALUES (?, ?)"_s,
                      u"ROLLBACK TO SAVEPOINT qorm_sp_1"_s, u"RELEASE SAVEPOINT qorm_sp_1"_s,
                      u"SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?"_s,
                      u"COMMIT"_s }),
            qPrintable(recorder.statements().join(u'\n')));

    // A savepoint handle that goes out of scope while active rolls back.
    {
        Qorm::NestedTransaction savepoint = session.beginNested();
        QVERIFY(savepoint.isActive());
        sandy->setProperty("fullname", u"inner"_s);
        QVERIFY(session.flush());
    }
    QCOMPARE(sandy->fullname(), u"Sandy C."_s);
    QVERIFY(session.commit());

    // Session::commit() while a savepoint is open releases it and commits everything.
    Qorm::NestedTransaction open = session.beginNested();
    QVERIFY(open.isActive());
    sandy->setProperty("fullname", u"inside"_s);
    Qorm::Test::SqlRecorder statements(*m_db);
    QVERIFY(session.commit());
    QVERIFY(!open.isActive());
    QVERIFY(!session.inTransaction());
    QCOMPARE(statements.statements().size(), 3);
    QVERIFY(statements.statements().at(0).startsWith(u"UPDATE"_s));
    QVERIFY(statements.statements().at(1).startsWith(u"RELEASE SAVEPOINT"_s));
    QCOMPARE(statements.statements().at(2), u"COMMIT"_s);
    QCOMPARE(sandy->fullname(), u"inside"_s);
}

void tst_SessionDocs::tryInsertInSavepoint()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    sandy->setProperty("fullname", u"Sandy C."_s);

    User *gary = userNamed(session, u"gary"_s);
    QVERIFY(gary);
    QCOMPARE(session.state(gary), Qorm::ObjectState::Persistent);
    QCOMPARE(gary->id(), 4);

    User *existing = userNamed(session, u"sandy"_s);
    QCOMPARE(existing, sandy);
    QVERIFY(!session.lastError().isValid()
            || session.lastError().type() == Qorm::Error::IntegrityError);

    // The outer transaction went on: both changes are committed.
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    Qorm::Session other(*m_db, m_registry);
    QCOMPARE(other.get<User>(2)->fullname(), u"Sandy C."_s);
    QVERIFY(other.get<User>(4));
}

// ------------------------------------------------------------------ Expiring

void tst_SessionDocs::expireAndRefresh()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    QVERIFY(sandy);

    Qorm::Session other(*m_db, m_registry);
    other.get<User>(2)->setProperty("fullname", u"Sandy (changed elsewhere)"_s);
    QVERIFY(other.commit());

    Qorm::Test::SqlRecorder recorder(*m_db);

    session.expire(sandy); // nothing is loaded now: sandy keeps showing its values
    const QString before = sandy->fullname(); // "Sandy Cheeks", although the row changed
    User *same = session.get<User>(2); // SELECT: sandy is reloaded, and still the same object

    QCOMPARE(before, u"Sandy Cheeks"_s);
    QCOMPARE(same, sandy);
    QCOMPARE(sandy->fullname(), u"Sandy (changed elsewhere)"_s);
    QCOMPARE(recorder.count(), 1);
    QVERIFY(!session.inspect(sandy).isExpired());

    // Not expired: get() answers from the identity map, without SQL.
    recorder.clear();
    QCOMPARE(session.get<User>(2), sandy);
    QCOMPARE(recorder.count(), 0);

    // A query that returns an expired object's row reloads it.
    other.get<User>(2)->setProperty("fullname", u"Sandy 3"_s);
    QVERIFY(other.commit());
    session.expireAll();
    QCOMPARE(session.scalars(Qorm::select<User>()).count(), 3);
    QCOMPARE(sandy->fullname(), u"Sandy 3"_s);

    // A query keeps in-memory values of objects that are not expired...
    other.get<User>(2)->setProperty("fullname", u"Sandy 4"_s);
    QVERIFY(other.commit());
    QCOMPARE(session.scalars(Qorm::select<User>()).count(), 3);
    QCOMPARE(sandy->fullname(), u"Sandy 3"_s);

    // ...unless it asks for populateExisting().
    const QList<User *> fresh = session.scalars(Qorm::select<User>().populateExisting()).all();

    QCOMPARE(fresh.size(), 3);
    QCOMPARE(sandy->fullname(), u"Sandy 4"_s);

    // refresh() reloads now and discards unflushed changes.
    sandy->setProperty("fullname", u"unflushed"_s);
    if (!session.refresh(sandy)) // SELECT now; unflushed changes to sandy are lost
        qWarning() << session.lastError();

    QCOMPARE(sandy->fullname(), u"Sandy 4"_s);
    QVERIFY(!session.hasChanges());

    // Changes made to an expired object are written by a flush that comes before the reload.
    session.expire(sandy);
    sandy->setProperty("fullname", u"mine"_s);
    QVERIFY(session.commit());
    QCOMPARE(other.scalars(Qorm::select<User>().populateExisting()).count(), 3);
    QCOMPARE(other.get<User>(2)->fullname(), u"mine"_s);
    // Changes made before expire() are discarded at once; later ones are flushed by the
    // autoflush of the get() that reloads the object.
    sandy->setProperty("fullname", u"discarded"_s);
    session.expire(sandy);
    QCOMPARE(sandy->fullname(), u"mine"_s);
    sandy->setProperty("fullname", u"kept"_s);
    QCOMPARE(session.get<User>(2), sandy);
    QCOMPARE(sandy->fullname(), u"kept"_s);
    QVERIFY(session.commit()); // the autoflush began the transaction; `other` shares the connection

    // refresh() of a row that is gone fails.
    QVERIFY(other.remove(other.get<User>(3)));
    QVERIFY(other.commit());
    User *patrick = session.get<User>(3);
    QVERIFY(patrick);
    QVERIFY(!session.refresh(patrick));
    QCOMPARE(session.lastError().type(), Qorm::Error::InvalidRequestError);
}

void tst_SessionDocs::expireOnCommit()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);

    session.setExpireOnCommit(true); // every commit expires every object

    sandy->setProperty("fullname", u"Sandy C."_s);
    QVERIFY(session.commit());
    QVERIFY(session.inspect(sandy).isExpired());
    QCOMPARE(sandy->fullname(), u"Sandy C."_s);
    Qorm::Test::SqlRecorder recorder(*m_db);
    QCOMPARE(session.get<User>(2), sandy);
    QCOMPARE(recorder.count(), 1);
}

// ------------------------------------------------------------------ Autoflush

void tst_SessionDocs::autoflush()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    const auto named = [](const QString &name) {
        return Qorm::select<User>().where(Qorm::attribute<User>(u"name"_s) == name);
    };

    auto *larry = new User(u"larry"_s, u"Larry the Lobster"_s);
    if (!session.add(larry))
        qWarning() << session.lastError();
    User *notYet = nullptr;
    {
        const Qorm::NoAutoflush noAutoflush(session);
        notYet = session.scalar(named(u"larry"_s)); // nullptr: no flush in this scope
    }
    User *found = session.scalar(named(u"larry"_s)); // flushes first (INSERT), so it finds larry

    QCOMPARE(notYet, nullptr);
    QCOMPARE(found, larry);
    QCOMPARE(session.state(larry), Qorm::ObjectState::Persistent);

    // With autoflush off, only flush() and commit() write.
    session.setAutoflush(false);
    auto *gary = new User(u"gary"_s);
    QVERIFY(session.add(gary));
    QVERIFY(session.scalars(named(u"gary"_s)).all().isEmpty());
    QVERIFY(session.commit());
    QCOMPARE(session.scalar(named(u"gary"_s)), gary);

    // get() from the identity map does not flush.
    session.setAutoflush(true);
    Qorm::Test::SqlRecorder recorder(*m_db);
    larry->setProperty("fullname", u"Larry"_s);
    QCOMPARE(session.get<User>(larry->id()), larry);
    QCOMPARE(recorder.count(), 0);
    QVERIFY(!session.get<User>(99)); // a miss loads, after a flush
    QCOMPARE(recorder.statements().at(1),
             u"UPDATE user_account SET fullname = ? WHERE user_account.id = ?"_s);
    QVERIFY(session.commit());
}

// ------------------------------------------------------------------ Signals

void tst_SessionDocs::signalHooks()
{
    Qorm::Session session(*m_db, m_registry);
    QStringList audit;

    QObject::connect(&session, &Qorm::Session::aboutToUpdate, &session, [](QObject *object) {
        if (auto *note = qobject_cast<Note *>(object))
            note->setProperty("editedAt", QDateTime::currentDateTimeUtc());
    });
    QObject::connect(&session, &Qorm::Session::objectDeleted, &session, [&audit](QObject *object) {
        audit.append(u"deleted %1"_s.arg(object->property("id").toLongLong()));
    });

    QSignalSpy inserted(&session, &Qorm::Session::objectInserted);
    QSignalSpy updated(&session, &Qorm::Session::objectUpdated);
    QSignalSpy committed(&session, &Qorm::Session::afterCommit);
    QSignalSpy flushed(&session, &Qorm::Session::afterFlush);

    auto *note = new Note;
    note->setBody(u"draft"_s);
    QVERIFY(session.add(note));
    QVERIFY(session.commit());
    QCOMPARE(inserted.count(), 1);
    QVERIFY(!note->editedAt().isValid());
    QCOMPARE(committed.count(), 1);
    QCOMPARE(flushed.count(), 1);

    Qorm::Test::SqlRecorder recorder(*m_db, Qorm::Test::SqlRecorder::ExcludeTransactionControl);
    note->setProperty("body", u"final"_s);
    QVERIFY(session.commit());
    QVERIFY(note->editedAt().isValid());
    QCOMPARE(updated.count(), 1);
    QCOMPARE(
            recorder.statements(),
            QStringList{
                    u"UPDATE note SET body = ?, edited_at = ?, revision = ? WHERE note.id = ? AND note.revision = ?"_s });

    // A commit with nothing to flush emits no flush signals.
    QVERIFY(session.commit());
    QCOMPARE(flushed.count(), 2);
    QCOMPARE(committed.count(), 3);

    const qint64 id = note->id();
    QVERIFY(session.remove(note));
    QVERIFY(session.commit());
    QCOMPARE(audit, QStringList{ u"deleted %1"_s.arg(id) });

    QSignalSpy errors(&session, &Qorm::Session::errorOccurred);
    QVERIFY(!session.expunge(nullptr));
    QCOMPARE(errors.count(), 1);
}

// ------------------------------------------------------------------ Errors

void tst_SessionDocs::failedFlush()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    User *sandy = session.get<User>(2);
    sandy->setProperty("fullname", u"Sandy C."_s);

    auto *impostor = new User(u"sandy"_s); // the name is taken: a UNIQUE constraint fails
    if (!session.add(impostor) || !session.commit()) {
        qWarning() << session.lastError(); // IntegrityError, with the SQL and the values
        session.rollback();                // the session refuses any other work until then
        delete impostor; // it was added in the rolled-back transaction: yours again
    }

    QCOMPARE(sandy->fullname(), u"Sandy Cheeks"_s);
    QVERIFY(!session.hasChanges());
    QCOMPARE(session.scalars(Qorm::select<User>()).count(), 3);

    // Between the failure and rollback().
    auto *second = new User(u"sandy"_s);
    sandy->setProperty("fullname", u"Sandy C."_s);
    QVERIFY(session.add(second));
    QVERIFY(!session.flush());
    const Qorm::Error original = session.lastError();
    QCOMPARE(original.type(), Qorm::Error::IntegrityError);
    QVERIFY(original.statement().startsWith(u"INSERT INTO user_account"_s));
    // Objects are untouched: still pending, no key; changes still there.
    QCOMPARE(session.state(second), Qorm::ObjectState::Pending);
    QCOMPARE(second->id(), 0);
    QCOMPARE(sandy->fullname(), u"Sandy C."_s);
    QVERIFY(!session.get<User>(1));
    QCOMPARE(session.lastError().type(), Qorm::Error::InvalidRequestError);
    QVERIFY(session.lastError().text().startsWith(
            u"Session::get: this session's transaction was rolled back because a flush failed; call rollback() first. The flush failed with: IntegrityError: "_s));
    QCOMPARE(session.lastError().statement(), original.statement());
    QVERIFY(!session.commit());
    QVERIFY(session.rollback());
    QCOMPARE(session.state(second), Qorm::ObjectState::Transient);
    QVERIFY(!second->parent());
    delete second;
    QVERIFY(session.get<User>(1));
}

void tst_SessionDocs::threadAffinity()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    QSignalSpy errors(&session, &Qorm::Session::errorOccurred);
    bool flushed = true;
    QObject *found = nullptr;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Session::flush called from thread"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Session::get called from thread"_s));
    std::unique_ptr<QThread> thread(QThread::create([&] {
        flushed = session.flush();
        found = session.get<User>(qint64(1));
    }));
    thread->start();
    QVERIFY(thread->wait());
    QVERIFY(!flushed);
    QCOMPARE(found, nullptr);
    QCOMPARE(session.lastError().type(), Qorm::Error::ThreadAffinityError);
    QCOMPARE(errors.count(), 0);

    // An object of another thread cannot be added.
    QThread other;
    auto *stranger = new User(u"stranger"_s);
    stranger->moveToThread(&other);
    QVERIFY(!session.add(stranger));
    QCOMPARE(session.lastError().type(), Qorm::Error::ThreadAffinityError);
    QCOMPARE(errors.count(), 1);
    delete stranger;
}

// ------------------------------------------------------------------ Queries

void tst_SessionDocs::queries()
{
    Qorm::Session session(*m_db, m_registry);
    QVERIFY(addUsers(session));
    Qorm::Test::SqlRecorder recorder(*m_db);

    const QList<User *> users =
            session.scalars(Qorm::select<User>()
                                    .where(Qorm::attribute<User>(u"name"_s).like(u"s%"_s))
                                    .orderBy({ Qorm::attribute<User>(u"name"_s).descending() })
                                    .limit(10)
                                    .offset(0))
                    .all();

    QCOMPARE(users.size(), 2);
    QCOMPARE(users.at(0)->name(), u"spongebob"_s);
    QCOMPARE(
            recorder.statements(),
            QStringList{
                    u"SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name LIKE ? ORDER BY user_account.name DESC LIMIT ? OFFSET ?"_s });

    Qorm::Error error;
    User *sandy = session.scalars(Qorm::select<User>().where(Qorm::attribute<User>(u"name"_s)
                                                             == u"sandy"_s))
                          .one(&error);
    if (!sandy)
        qWarning() << error; // no row, or more than one

    QVERIFY(sandy);
    QCOMPARE(sandy, users.at(1));

    User *first = session.scalar(Qorm::select<User>().orderBy({ Qorm::attribute<User>(u"id"_s) }));
    QCOMPARE(first->name(), u"spongebob"_s);

    QVERIFY(!session.scalars(Qorm::select<User>()).one(&error));
    QCOMPARE(error.text(), u"one(): the query returned 3 rows, not one"_s);
    QVERIFY(!session.scalars(Qorm::select<User>().where(Qorm::attribute<User>(u"id"_s) > 5))
                     .one(&error));
    QCOMPARE(error.text(), u"one(): the query returned no row"_s);
    QCOMPARE(session.scalars(Qorm::select<User>().where(Qorm::attribute<User>(u"id"_s) > 5))
                     .oneOrNone(&error),
             nullptr);
    QVERIFY(!session.scalars(Qorm::select<User>()).oneOrNone(&error));
    QCOMPARE(error.text(), u"oneOrNone(): the query returned 3 rows, not one or none"_s);
    QCOMPARE(session.scalars(Qorm::select<User>()).first(), first);

    const Qorm::ScalarResult<User> result =
            session.scalars(Qorm::select<User>().where(Qorm::attribute<User>(u"nmae"_s) == u"x"_s));
    if (result.hasError())
        qWarning() << result.error(); // Class User has no mapped property 'nmae'

    QVERIFY(result.hasError());
    QCOMPARE(result.error().text(), u"Class User has no mapped property 'nmae'"_s);
}

QTEST_GUILESS_MAIN(tst_SessionDocs)

#include "tst_sessiondocs.moc"
