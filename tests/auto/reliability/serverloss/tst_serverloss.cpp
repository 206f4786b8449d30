// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Server loss. THIS TEST STARTS AND STOPS DATABASE SERVERS OF ITS OWN: a throw-away PostgreSQL
// and MariaDB in a temporary directory, through scripts/dbs.sh (never the shared servers named
// by QORM_TEST_POSTGRESQL / QORM_TEST_MARIADB, which it does not read). It stops them when it
// ends, also after a failure (cleanupTestCase() and a guard object).
//
// Per server: rows are committed; a transaction changes, adds and deletes through the session
// and flushes; the server is stopped; commit() must fail at once with a ConnectionError that
// says so; the server is started again (before or after rollback()); rollback() and
// Connection::open() (docs/errors.md "ConnectionError") make the session usable again: the
// committed rows are all there, nothing of the lost transaction is, and new work commits.
//
// SQLite has no server to lose: there is no sqlite row.

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <databases.h>
#include <testfield.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

class LossItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "loss_item")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=50; unique; notNull")
    FIELD(int, qty)
};

namespace {

// Server start and stop take seconds; these bound them generously on a loaded machine.
constexpr int startTimeoutMs = 180'000;
constexpr int stopTimeoutMs = 120'000;
// A commit on a connection whose server is gone fails at once (the socket is closed); a few
// seconds would already be a hang.
constexpr int commitTimeoutMs = 20'000;

// The servers of this test, stopped by the destructor if nothing else did.
class Servers
{
public:
    ~Servers() { stop(); }

    QString directory;
    bool started = false;

    // Runs `dbs.sh <command> <directory>`; false with *output set on failure or timeout.
    bool run(const QString &command, int timeoutMs, QString *output) const
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(u"bash"_s, { QStringLiteral(QORM_DBS_SCRIPT), command, directory });
        const bool finished = process.waitForStarted(10'000) && process.waitForFinished(timeoutMs);
        *output = QString::fromLocal8Bit(process.readAll());
        if (!finished) {
            process.kill();
            process.waitForFinished(10'000);
            *output = u"dbs.sh %1 did not finish within %2 s: %3"_s.arg(command)
                              .arg(timeoutMs / 1000)
                              .arg(*output);
            return false;
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            *output = u"dbs.sh %1 failed (exit code %2): %3"_s.arg(command)
                              .arg(process.exitCode())
                              .arg(*output);
            return false;
        }
        return true;
    }

    void stop()
    {
        if (!started)
            return;
        started = false;
        QString output;
        if (!run(u"stop"_s, stopTimeoutMs, &output))
            qWarning().noquote() << output;
    }
};

QStringList strings(const QList<Row> &rows)
{
    QStringList lines;
    for (const Row &row : rows) {
        QStringList values;
        for (const QVariant &value : row.values())
            values.append(value.toString());
        lines.append(values.join(u" | "_s));
    }
    return lines;
}

// The rows, read through a connection of their own.
QStringList committedRows(const ConnectionSettings &settings)
{
    Connection reader(settings);
    if (!reader.isOpen())
        return { u"cannot connect: "_s + Test::describe(reader.lastError()) };
    Result result =
            reader.execute(CompiledStatement(u"SELECT name, qty FROM loss_item ORDER BY name"_s));
    if (!result.isValid())
        return { u"error: "_s + Test::describe(result.error()) };
    return strings(result.all());
}

} // namespace

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_ServerLoss : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void serverLoss_data();
    void serverLoss();

private:
    ConnectionSettings settings(const QString &database) const;

    // Declared before the servers: removed after they are stopped. dbs.sh needs a short path
    // (MariaDB's unix socket lives there).
    QTemporaryDir m_directory{ (QDir::tempPath().size() <= 40 ? QDir::tempPath() : u"/tmp"_s)
                               + u"/qorm-serverloss-XXXXXX"_s };
    Servers m_servers;
    int m_postgresPort = -1;
    int m_mariadbPort = -1;
};

void tst_ServerLoss::initTestCase()
{
    const QString pgbin = qEnvironmentVariable("PGBIN", u"/usr/lib/postgresql/15/bin"_s);
    if (!QFile::exists(pgbin + u"/initdb"_s) || !QFile::exists(pgbin + u"/pg_ctl"_s)) {
        QFAIL(qPrintable(u"PostgreSQL 15 is not installed (%1/initdb missing): this test starts "
                         u"servers of its own; run scripts/deps.sh --servers"_s.arg(pgbin)));
    }
    const QStringList sbin = QString::fromLocal8Bit(qgetenv("PATH")).split(u':')
            + QStringList{ u"/usr/sbin"_s, u"/usr/local/sbin"_s };
    if (QStandardPaths::findExecutable(u"mariadbd"_s, sbin).isEmpty()) {
        QFAIL("MariaDB is not installed (no mariadbd): this test starts servers of its own; run "
              "scripts/deps.sh --servers");
    }
    QVERIFY2(m_directory.isValid(), qPrintable(m_directory.errorString()));
    m_servers.directory = m_directory.path();
    m_servers.started = true; // from now on stop() cleans up, even after a failed start
    QString output;
    QVERIFY2(m_servers.run(u"start"_s, startTimeoutMs, &output), qPrintable(output));
    const auto port = [this](const QString &file) {
        QFile in(m_directory.filePath(file));
        return in.open(QIODevice::ReadOnly) ? in.readAll().trimmed().toInt() : -1;
    };
    m_postgresPort = port(u"pg.port"_s);
    m_mariadbPort = port(u"my.port"_s);
    QVERIFY2(m_postgresPort > 0 && m_mariadbPort > 0, qPrintable(output));
    qInfo().noquote() << "started PostgreSQL on port" << m_postgresPort << "and MariaDB on port"
                      << m_mariadbPort << "in" << m_directory.path();
}

void tst_ServerLoss::cleanupTestCase()
{
    m_servers.stop();
}

ConnectionSettings tst_ServerLoss::settings(const QString &database) const
{
    const bool postgres = database == u"postgresql"_s;
    ConnectionSettings settings;
    settings.driver = postgres ? u"QPSQL"_s : u"QMARIADB"_s;
    settings.hostName = u"127.0.0.1"_s;
    settings.port = postgres ? m_postgresPort : m_mariadbPort;
    settings.userName = postgres ? u"postgres"_s : u"root"_s;
    settings.databaseName = u"qorm"_s;
    return settings;
}

void tst_ServerLoss::serverLoss_data()
{
    QTest::addColumn<QString>("database");
    // Whether the session has a change left to flush when the server is gone: then the flush's
    // UPDATE meets the lost connection, else the COMMIT does.
    QTest::addColumn<bool>("unflushed");
    // No sqlite row: an SQLite file has no server that could go away.
    for (const QString &database : { u"postgresql"_s, u"mariadb"_s }) {
        QTest::newRow(qPrintable(database + u":lost-at-commit"_s)) << database << false;
        QTest::newRow(qPrintable(database + u":lost-at-flush"_s)) << database << true;
    }
}

void tst_ServerLoss::serverLoss()
{
    QFETCH(QString, database);
    QFETCH(bool, unflushed);
    const ConnectionSettings connectionSettings = settings(database);
    Connection db(connectionSettings);
    QVERIFY2(db.isOpen(), qPrintable(Test::describe(db.lastError())));
    QString error;
    QVERIFY2(Test::resetSchema(db, &error), qPrintable(error));
    Registry registry;
    QVERIFY(registry.map<LossItem>());
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));

    QObject owner; // before the session: destroyed after it
    Session session(db, registry);
    auto *a = Test::make<LossItem>({ { "name", u"a"_s }, { "qty", 1 } }, &owner);
    auto *b = Test::make<LossItem>({ { "name", u"b"_s }, { "qty", 2 } }, &owner);
    auto *c = Test::make<LossItem>({ { "name", u"c"_s }, { "qty", 3 } }, &owner);
    VERIFY_SESSION(session.addAll(QList<QObject *>{ a, b, c }), session);
    VERIFY_SESSION(session.commit(), session);
    const QStringList committed{ u"a | 1"_s, u"b | 2"_s, u"c | 3"_s };
    QCOMPARE(committedRows(connectionSettings), committed);
    const qint64 aId = a->m_id;
    const qint64 bId = b->m_id;

    // A transaction in progress: flushed, not committed.
    a->setProperty("qty", 10);
    auto *d = Test::make<LossItem>({ { "name", u"d"_s }, { "qty", 4 } }, &owner);
    VERIFY_SESSION(session.add(d), session);
    VERIFY_SESSION(session.remove(b), session);
    VERIFY_SESSION(session.flush(), session);
    QVERIFY(session.inTransaction());
    QVERIFY(d->m_id > 0);
    if (unflushed)
        c->setProperty("qty", 30);

    // The server goes away in the middle of it.
    QString output;
    QVERIFY2(m_servers.run(u"stop-"_s + database, stopTimeoutMs, &output), qPrintable(output));

    Test::SqlRecorder recorder(db);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!session.commit());
    QVERIFY2(timer.elapsed() < commitTimeoutMs,
             qPrintable(u"commit() took %1 ms"_s.arg(timer.elapsed())));
    const Error lost = session.lastError();
    QVERIFY2(lost.type() == Error::ConnectionError, qPrintable(Test::describe(lost)));
    static const QRegularExpression saysConnection(u"connection|server"_s,
                                                   QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(saysConnection.match(lost.text()).hasMatch(), qPrintable(Test::describe(lost)));
    QVERIFY(recorder.count() >= 1);
    QCOMPARE(recorder.executed().constFirst().sql.section(u' ', 0, 0),
             unflushed ? u"UPDATE"_s : u"COMMIT"_s);
    QCOMPARE(lost.statement(), recorder.executed().constFirst().sql);
    QVERIFY(!db.isOpen());
    // As after any failed flush, the session refuses work until rollback().
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::InvalidRequestError);

    // The server comes back before rollback() (lost-at-commit) or after it (lost-at-flush): the
    // session needs no server to forget the transaction.
    const bool rollbackWhileDown = unflushed;
    if (!rollbackWhileDown) {
        QVERIFY2(m_servers.run(u"start-"_s + database, startTimeoutMs, &output),
                 qPrintable(output));
    }

    // docs/errors.md: rollback(), then open(). The lost transaction is forgotten: the object
    // added in it is the caller's again, without its key; the one removed in it is back; the
    // objects it wrote are expired (their rows cannot be read on a lost connection).
    VERIFY_SESSION(session.rollback(), session);
    QVERIFY(!session.inTransaction());
    QCOMPARE(session.state(d), ObjectState::Transient);
    QCOMPARE(d->parent(), &owner);
    QCOMPARE(d->m_id, 0);
    QCOMPARE(session.state(b), ObjectState::Persistent);
    QVERIFY(!session.inspect(b).isMarkedForDeletion());
    QVERIFY(session.inspect(a).isExpired());
    QCOMPARE(c->m_qty, 3); // an unflushed change is undone from the snapshot, without SQL
    QVERIFY(!session.inspect(c).isExpired());

    if (rollbackWhileDown) {
        // open() while the server is down fails at once with a ConnectionError.
        timer.restart();
        QVERIFY(!db.open());
        QVERIFY2(timer.elapsed() < commitTimeoutMs,
                 qPrintable(u"open() took %1 ms"_s.arg(timer.elapsed())));
        QVERIFY2(db.lastError().type() == Error::ConnectionError,
                 qPrintable(Test::describe(db.lastError())));
        QVERIFY(!db.isOpen());
        QVERIFY2(m_servers.run(u"start-"_s + database, startTimeoutMs, &output),
                 qPrintable(output));
    }
    QVERIFY2(db.open(), qPrintable(Test::describe(db.lastError())));
    QVERIFY(db.isOpen());

    // Nothing committed is lost, nothing of the lost transaction is there.
    QCOMPARE(committedRows(connectionSettings), committed);
    // The session reads the expired object again, into the same object.
    QCOMPARE(session.get<LossItem>(aId), a);
    QCOMPARE(a->m_qty, 1);
    QVERIFY(!session.inspect(a).isExpired());
    QCOMPARE(session.get<LossItem>(bId), b);
    QVERIFY(!session.hasChanges());

    // And works again: the object of the lost transaction, added again, and a new one.
    auto *e = Test::make<LossItem>({ { "name", u"e"_s }, { "qty", 5 } }, &owner);
    VERIFY_SESSION(session.add(d), session);
    VERIFY_SESSION(session.add(e), session);
    a->setProperty("qty", 11);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(committedRows(connectionSettings),
             QStringList({ u"a | 11"_s, u"b | 2"_s, u"c | 3"_s, u"d | 4"_s, u"e | 5"_s }));
    QVERIFY(d->m_id > 0);
    QCOMPARE(session.state(d), ObjectState::Persistent);
}

QTEST_GUILESS_MAIN(tst_ServerLoss)
#include "tst_serverloss.moc"
