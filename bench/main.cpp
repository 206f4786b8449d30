// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The Qorm benchmark (see /bench/README.md and BENCHMARKS.md): every phase runs through Qorm and
// as the hand-written floor (QSqlQuery with reused prepared statements, one transaction, plain
// QObjects of the same class, no identity map, no change tracking), on fresh databases, and the
// medians are compared. The last line of standard output is one JSON object.
#include "models.h"

#include <Qorm/engine/connection.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMetaProperty>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <memory>
#include <optional>
#include <time.h>

using namespace Qt::StringLiterals;

namespace {

enum Phase { Insert, Load, Get, Update, Delete, PhaseCount };
constexpr const char *phaseNames[PhaseCount] = { "insert", "load", "get", "update", "delete" };
constexpr double phaseTargets[PhaseCount] = { 1.0, 1.5, 2.0, 1.2, 1.0 };
constexpr double memoryTarget = 1.5;

enum Side { QormSide, FloorSide, SideCount };
constexpr const char *sideNames[SideCount] = { "qorm", "floor" };

struct Options
{
    QString database = u"sqlite"_s;
    int n = 100000;
    int repeat = 5;
    QString connection; // host=..;port=..;user=..;password=..;database=..
    QString sqliteDirectory;
    bool sides[SideCount] = { true, true };
    bool trace = false;
    bool marks = false;
    bool nativeSqlite = true;
};

[[noreturn]] void fail(const QString &message)
{
    std::fflush(stdout);
    std::fprintf(stderr, "qorm_bench: FAILED: %s\n", qPrintable(message));
    std::exit(1);
}

QString describe(const Qorm::Error &error)
{
    return u"%1: %2 [%3]"_s.arg(error.typeName(), error.text(), error.statement());
}

QString describe(const QSqlError &error)
{
    return error.text();
}

// The heap in use (small blocks plus mmapped ones), all arenas.
qint64 heapBytes()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

/*
    Times one phase. With --marks it also writes the phase's start and end on CLOCK_MONOTONIC
    to standard error ("mark SIDE PHASE START_NS END_NS"), so that a profile recorded with
    `perf record -k CLOCK_MONOTONIC` can be cut into phases.
*/
class PhaseTimer
{
public:
    PhaseTimer(const char *side, bool marks) : m_side(side), m_marks(marks) { }

    void start()
    {
        m_start = monotonicNanoseconds();
        m_timer.start();
    }
    double stop(Phase phase)
    {
        const double elapsed = double(m_timer.nsecsElapsed()) / 1e9;
        if (m_marks) {
            std::fprintf(stderr, "mark %s %s %lld %lld\n", m_side, phaseNames[phase],
                         static_cast<long long>(m_start),
                         static_cast<long long>(monotonicNanoseconds()));
        }
        return elapsed;
    }

private:
    static qint64 monotonicNanoseconds()
    {
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
    }

    const char *m_side;
    bool m_marks;
    QElapsedTimer m_timer;
    qint64 m_start = 0;
};

// What both sides write: the values of row `index` (in insertion order).
struct Workload
{
    int n = 0;
    QStringList names;
    QStringList emails;
    QStringList newNames;

    explicit Workload(int count) : n(count)
    {
        names.reserve(n);
        emails.reserve(n);
        newNames.reserve(n);
        for (int i = 0; i < n; ++i) {
            names.append(u"user %1"_s.arg(i));
            emails.append(u"user%1@example.com"_s.arg(i));
            newNames.append(u"renamed user %1"_s.arg(i));
        }
    }
};

// ---------------------------------------------------------------------------------------------
// Databases

bool parseConnection(const Options &options, Qorm::ConnectionSettings *settings, QString *error)
{
    settings->driver = options.database == u"postgresql" ? u"QPSQL"_s : u"QMARIADB"_s;
    for (const QString &item : options.connection.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = item.indexOf(u'=');
        if (equals < 0) {
            *error = u"'%1' is not key=value"_s.arg(item);
            return false;
        }
        const QString key = item.left(equals).trimmed().toLower();
        const QString value = item.mid(equals + 1).trimmed();
        if (key == u"host") {
            settings->hostName = value;
        } else if (key == u"port") {
            settings->port = value.toInt();
        } else if (key == u"user") {
            settings->userName = value;
        } else if (key == u"password") {
            settings->password = value;
        } else if (key == u"database") {
            settings->databaseName = value;
        } else if (key == u"driver") {
            settings->driver = value;
        } else {
            *error = u"unknown key '%1'"_s.arg(key);
            return false;
        }
    }
    if (settings->databaseName.isEmpty()) {
        *error = u"no database= in '%1'"_s.arg(options.connection);
        return false;
    }
    return true;
}

/*
    A fresh database for one side of one repeat: a new SQLite file, or on a server the benchmark
    table dropped and created again (so the generated keys start at 1 again). The floor uses
    the QSqlDatabase of this same Qorm::Connection, so both sides run with the same
    per-connection setup.
*/
class FreshDatabase
{
public:
    FreshDatabase(const Options &options, const Qorm::Registry &registry, const QString &tag)
        : m_registry(registry)
    {
        Qorm::ConnectionSettings settings;
        if (options.database == u"sqlite") {
            m_file = QDir(options.sqliteDirectory).filePath(u"bench-%1.sqlite"_s.arg(tag));
            removeFile();
            settings.driver = u"QSQLITE"_s;
            settings.databaseName = m_file;
            settings.nativeSqlite = options.nativeSqlite;
        } else {
            QString error;
            if (!parseConnection(options, &settings, &error))
                fail(error);
        }
        m_connection.emplace(settings);
        if (!m_connection->isOpen() && !m_connection->open())
            fail(u"cannot open the database: "_s + describe(m_connection->lastError()));
        if (options.database != u"sqlite"
            && !m_registry.metadata().dropAll(*m_connection, Qorm::CheckFirst::Yes))
            fail(u"dropAll: "_s + describe(m_connection->lastError()));
        if (!m_registry.metadata().createAll(*m_connection))
            fail(u"createAll: "_s + describe(m_connection->lastError()));
    }
    ~FreshDatabase()
    {
        m_connection.reset();
        removeFile();
    }
    Q_DISABLE_COPY_MOVE(FreshDatabase)

    Qorm::Connection &connection() { return *m_connection; }
    QSqlDatabase sql() const { return m_connection->database(); }

private:
    void removeFile()
    {
        if (m_file.isEmpty())
            return;
        for (const QString &suffix : { u""_s, u"-journal"_s, u"-wal"_s, u"-shm"_s })
            QFile::remove(m_file + suffix);
    }

    const Qorm::Registry &m_registry;
    std::optional<Qorm::Connection> m_connection;
    QString m_file;
};

// ---------------------------------------------------------------------------------------------
// Checks (never timed)

void addRow(QCryptographicHash &hash, qint64 id, const QString &name, const QString &email)
{
    hash.addData(QByteArray::number(id));
    hash.addData(QByteArrayView("\x1f"));
    hash.addData(name.toUtf8());
    hash.addData(QByteArrayView("\x1f"));
    hash.addData(email.toUtf8());
    hash.addData(QByteArrayView("\x1e"));
}

/*
    Reads the whole table in key order and compares every row with what the workload wrote:
    row `index` has key ids[index], the name names[index] and the email of that index.
    Returns a digest of the table, compared between the two sides.
*/
QByteArray checkTable(const QSqlDatabase &db, const char *side, const char *phase,
                      const QList<qint64> &ids, const QStringList &names, const Workload &work)
{
    QList<std::pair<qint64, int>> expected;
    expected.reserve(ids.size());
    for (int i = 0; i < ids.size(); ++i)
        expected.append({ ids.at(i), i });
    std::sort(expected.begin(), expected.end());

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, name, email FROM bench_user ORDER BY id"_s))
        fail(u"%1 %2: checking the table: %3"_s.arg(side, phase, describe(query.lastError())));
    QCryptographicHash hash(QCryptographicHash::Sha1);
    qsizetype row = 0;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const QString name = query.value(1).toString();
        const QString email = query.value(2).toString();
        if (row >= expected.size())
            fail(u"%1 %2: more rows in bench_user than the %3 expected (id %4)"_s.arg(
                    side, phase, QString::number(expected.size()), QString::number(id)));
        const auto [expectedId, index] = expected.at(row);
        if (id != expectedId || name != names.at(index) || email != work.emails.at(index)) {
            fail(u"%1 %2: row %3 is (%4, '%5', '%6'), expected (%7, '%8', '%9')"_s.arg(
                    side, phase, QString::number(row), QString::number(id), name, email,
                    QString::number(expectedId), names.at(index), work.emails.at(index)));
        }
        addRow(hash, id, name, email);
        ++row;
    }
    if (row != expected.size())
        fail(u"%1 %2: %3 rows in bench_user, expected %4"_s.arg(side, phase, QString::number(row),
                                                                QString::number(expected.size())));
    return hash.result();
}

qint64 countRows(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT COUNT(*) FROM bench_user"_s) || !query.next())
        fail(u"counting rows: "_s + describe(query.lastError()));
    return query.value(0).toLongLong();
}

// The keys after insert: all known, positive and distinct.
void checkIds(const char *side, const QList<qint64> &ids)
{
    QSet<qint64> seen;
    seen.reserve(ids.size());
    for (int i = 0; i < ids.size(); ++i) {
        if (ids.at(i) <= 0)
            fail(u"%1 insert: object %2 has no key after commit (id %3)"_s.arg(
                    side, QString::number(i), QString::number(ids.at(i))));
        if (seen.contains(ids.at(i)))
            fail(u"%1 insert: key %2 given twice"_s.arg(side, QString::number(ids.at(i))));
        seen.insert(ids.at(i));
    }
}

// The loaded objects hold every row's values.
void checkLoaded(const char *side, const QList<User *> &users, const QHash<qint64, int> &indexOf,
                 const Workload &work)
{
    if (users.size() != work.n)
        fail(u"%1 load: %2 objects, expected %3"_s.arg(side, QString::number(users.size()),
                                                       QString::number(work.n)));
    QSet<qint64> seen;
    seen.reserve(users.size());
    for (const User *user : users) {
        const int index = indexOf.value(user->m_id, -1);
        if (index < 0 || seen.contains(user->m_id) || user->m_name != work.names.at(index)
            || user->m_email != work.emails.at(index)) {
            fail(u"%1 load: unexpected object (%2, '%3', '%4')"_s.arg(
                    side, QString::number(user->m_id), user->m_name, user->m_email));
        }
        seen.insert(user->m_id);
    }
}

// ---------------------------------------------------------------------------------------------
// One side of one repeat

struct SideRun
{
    double seconds[PhaseCount] = {};
    qint64 loadBytes = 0;
    QList<qint64> ids; // by insertion index
    QByteArray afterInsert;
    QByteArray afterUpdate;
    qint64 rowsAfterDelete = -1;
};

// Counts (and, the first time, shows) the statements Qorm sends, per phase (--trace).
class Tracer
{
public:
    Tracer(Qorm::Connection &connection, bool enabled) : m_connection(connection)
    {
        if (!enabled)
            return;
        m_id = connection.addObserver([this](const Qorm::ExecutedStatement &statement) {
            ++m_count;
            QString sql = statement.sql.simplified();
            if (sql.size() > 140)
                sql = sql.left(140) + u"..."_s;
            if (!m_shapes.contains(sql))
                m_shapes.append(sql);
        });
    }
    ~Tracer()
    {
        if (m_id >= 0)
            m_connection.removeObserver(m_id);
    }
    Q_DISABLE_COPY_MOVE(Tracer)

    void report(const char *phase)
    {
        if (m_id < 0)
            return;
        std::fprintf(stderr, "  qorm %-6s %7d statements\n", phase, m_count);
        for (const QString &shape : std::as_const(m_shapes))
            std::fprintf(stderr, "      %s\n", qPrintable(shape));
        m_count = 0;
        m_shapes.clear();
    }

private:
    Qorm::Connection &m_connection;
    int m_id = -1;
    int m_count = 0;
    QStringList m_shapes;
};

QMetaProperty nameProperty()
{
    const QMetaObject &meta = User::staticMetaObject;
    return meta.property(meta.indexOfProperty("name"));
}

QHash<qint64, int> indexesOf(const QList<qint64> &ids)
{
    QHash<qint64, int> indexOf;
    indexOf.reserve(ids.size());
    for (int i = 0; i < ids.size(); ++i)
        indexOf.insert(ids.at(i), i);
    return indexOf;
}

// The new name of each loaded object, in load order (prepared untimed, used by both sides).
QVariantList newNamesFor(const QList<User *> &users, const QHash<qint64, int> &indexOf,
                         const Workload &work)
{
    QVariantList values;
    values.reserve(users.size());
    for (const User *user : users)
        values.append(work.newNames.at(indexOf.value(user->m_id)));
    return values;
}

SideRun runQorm(const Options &options, const Qorm::Registry &registry, const Workload &work,
                const QString &tag)
{
    const char *side = sideNames[QormSide];
    FreshDatabase database(options, registry, tag);
    Qorm::Connection &db = database.connection();
    Tracer tracer(db, options.trace);
    SideRun run;
    PhaseTimer timer(side, options.marks);

    // insert: new objects, add() each, one commit; the keys are known afterwards.
    {
        auto session = std::make_unique<Qorm::Session>(db, registry);
        QList<User *> users;
        users.reserve(work.n);
        timer.start();
        for (int i = 0; i < work.n; ++i) {
            auto *user = new User;
            user->m_name = work.names.at(i);
            user->m_email = work.emails.at(i);
            if (!session->add(user))
                fail(u"qorm insert: add: "_s + describe(session->lastError()));
            users.append(user);
        }
        if (!session->commit())
            fail(u"qorm insert: commit: "_s + describe(session->lastError()));
        run.seconds[Insert] = timer.stop(Insert);
        tracer.report("insert");
        run.ids.reserve(work.n);
        for (const User *user : std::as_const(users))
            run.ids.append(user->m_id);
        // The session owns the objects: they go with it.
    }
    checkIds(side, run.ids);
    run.afterInsert = checkTable(database.sql(), side, "insert", run.ids, work.names, work);
    const QHash<qint64, int> indexOf = indexesOf(run.ids);

    // load: a fresh session, every row into identity-mapped objects.
    const qint64 baseline = heapBytes();
    timer.start();
    auto session = std::make_unique<Qorm::Session>(db, registry);
    QList<User *> users;
    {
        const Qorm::ScalarResult<User> result = session->scalars(Qorm::select<User>());
        if (result.hasError())
            fail(u"qorm load: "_s + describe(result.error()));
        users = result.all();
    }
    run.seconds[Load] = timer.stop(Load);
    run.loadBytes = heapBytes() - baseline;
    tracer.report("load");
    checkLoaded(side, users, indexOf, work);

    // get: identity-map hits for every key.
    QList<qint64> keys;
    keys.reserve(users.size());
    for (const User *user : std::as_const(users))
        keys.append(user->m_id);
    qint64 hits = 0;
    timer.start();
    for (const qint64 key : std::as_const(keys)) {
        User *user = session->get<User>(key);
        if (!user || user->m_id != key)
            fail(u"qorm get: no object for key %1"_s.arg(key));
        ++hits;
    }
    run.seconds[Get] = timer.stop(Get);
    tracer.report("get");
    if (hits != work.n)
        fail(u"qorm get: %1 hits"_s.arg(hits));

    // update: every name through the property setter, one commit.
    const QMetaProperty name = nameProperty();
    const QVariantList newNames = newNamesFor(users, indexOf, work);
    timer.start();
    for (qsizetype i = 0; i < users.size(); ++i)
        name.write(users.at(i), newNames.at(i));
    if (!session->commit())
        fail(u"qorm update: commit: "_s + describe(session->lastError()));
    run.seconds[Update] = timer.stop(Update);
    tracer.report("update");
    run.afterUpdate = checkTable(database.sql(), side, "update", run.ids, work.newNames, work);

    // delete: every object through the session, one commit (which destroys the objects).
    timer.start();
    for (User *user : std::as_const(users)) {
        if (!session->remove(user))
            fail(u"qorm delete: remove: "_s + describe(session->lastError()));
    }
    if (!session->commit())
        fail(u"qorm delete: commit: "_s + describe(session->lastError()));
    run.seconds[Delete] = timer.stop(Delete);
    tracer.report("delete");
    users.clear();
    run.rowsAfterDelete = countRows(database.sql());
    if (run.rowsAfterDelete != 0)
        fail(u"qorm delete: %1 rows left"_s.arg(run.rowsAfterDelete));
    if (session->get<User>(run.ids.first()) != nullptr)
        fail(u"qorm delete: the session still finds a deleted object"_s);
    return run;
}

void exec(QSqlQuery &query, const char *phase)
{
    if (!query.exec())
        fail(u"floor %1: %2"_s.arg(QLatin1StringView(phase), describe(query.lastError())));
}

void prepare(QSqlQuery &query, const QString &sql, const char *phase)
{
    if (!query.prepare(sql))
        fail(u"floor %1: prepare: %2"_s.arg(QLatin1StringView(phase), describe(query.lastError())));
}

void transaction(QSqlDatabase &db, bool begin, const char *phase)
{
    if (!(begin ? db.transaction() : db.commit()))
        fail(u"floor %1: %2: %3"_s.arg(QLatin1StringView(phase), begin ? u"BEGIN"_s : u"COMMIT"_s,
                                       describe(db.lastError())));
}

// The hand-written floor: the same work with QSqlQuery and plain objects.
SideRun runFloor(const Options &options, const Qorm::Registry &registry, const Workload &work,
                 const QString &tag)
{
    const char *side = sideNames[FloorSide];
    FreshDatabase database(options, registry, tag);
    QSqlDatabase db = database.sql();
    const bool returning = db.driverName() == u"QPSQL"; // lastInsertId() would run lastval()
    SideRun run;
    PhaseTimer timer(side, options.marks);

    // insert: a prepared INSERT per row and its key, one transaction.
    {
        QList<User *> users;
        users.reserve(work.n);
        timer.start();
        transaction(db, true, "insert");
        QSqlQuery query(db);
        query.setForwardOnly(true);
        prepare(query,
                returning ? u"INSERT INTO bench_user (name, email) VALUES (?, ?) RETURNING id"_s
                          : u"INSERT INTO bench_user (name, email) VALUES (?, ?)"_s,
                "insert");
        for (int i = 0; i < work.n; ++i) {
            auto *user = new User;
            user->m_name = work.names.at(i);
            user->m_email = work.emails.at(i);
            query.bindValue(0, user->m_name);
            query.bindValue(1, user->m_email);
            exec(query, "insert");
            if (returning) {
                if (!query.next())
                    fail(u"floor insert: no RETURNING row"_s);
                user->m_id = query.value(0).toLongLong();
            } else {
                user->m_id = query.lastInsertId().toLongLong();
            }
            users.append(user);
        }
        query.finish();
        transaction(db, false, "insert");
        run.seconds[Insert] = timer.stop(Insert);
        run.ids.reserve(work.n);
        for (const User *user : std::as_const(users))
            run.ids.append(user->m_id);
        qDeleteAll(users);
    }
    checkIds(side, run.ids);
    run.afterInsert = checkTable(db, side, "insert", run.ids, work.names, work);
    const QHash<qint64, int> indexOf = indexesOf(run.ids);

    // load: a forward-only SELECT, one object per row, its members written.
    QList<User *> users;
    const qint64 baseline = heapBytes();
    timer.start();
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT id, name, email FROM bench_user"_s))
            fail(u"floor load: "_s + describe(query.lastError()));
        while (query.next()) {
            auto *user = new User;
            user->m_id = query.value(0).toLongLong();
            user->m_name = query.value(1).toString();
            user->m_email = query.value(2).toString();
            users.append(user);
        }
    }
    run.seconds[Load] = timer.stop(Load);
    run.loadBytes = heapBytes() - baseline;
    checkLoaded(side, users, indexOf, work);

    // get: a QHash lookup per key (the hash is built untimed).
    QList<qint64> keys;
    keys.reserve(users.size());
    QHash<qint64, User *> byId;
    byId.reserve(users.size());
    for (User *user : std::as_const(users)) {
        keys.append(user->m_id);
        byId.insert(user->m_id, user);
    }
    qint64 hits = 0;
    timer.start();
    for (const qint64 key : std::as_const(keys)) {
        User *user = byId.value(key);
        if (!user || user->m_id != key)
            fail(u"floor get: no object for key %1"_s.arg(key));
        ++hits;
    }
    run.seconds[Get] = timer.stop(Get);
    if (hits != work.n)
        fail(u"floor get: %1 hits"_s.arg(hits));

    // update: every name through the property setter, a prepared UPDATE of that column per row
    // (its row count checked, as Qorm does), one transaction.
    const QMetaProperty name = nameProperty();
    const QVariantList newNames = newNamesFor(users, indexOf, work);
    timer.start();
    {
        transaction(db, true, "update");
        QSqlQuery query(db);
        query.setForwardOnly(true);
        prepare(query, u"UPDATE bench_user SET name = ? WHERE id = ?"_s, "update");
        for (qsizetype i = 0; i < users.size(); ++i) {
            User *user = users.at(i);
            name.write(user, newNames.at(i));
            query.bindValue(0, user->m_name);
            query.bindValue(1, user->m_id);
            exec(query, "update");
            if (query.numRowsAffected() != 1)
                fail(u"floor update: %1 rows for key %2"_s.arg(query.numRowsAffected())
                             .arg(user->m_id));
        }
        query.finish();
        transaction(db, false, "update");
    }
    run.seconds[Update] = timer.stop(Update);
    run.afterUpdate = checkTable(db, side, "update", run.ids, work.newNames, work);

    // delete: a prepared DELETE per row, one transaction, then the objects are destroyed
    // (Qorm destroys them when the deleting transaction commits).
    timer.start();
    {
        transaction(db, true, "delete");
        QSqlQuery query(db);
        query.setForwardOnly(true);
        prepare(query, u"DELETE FROM bench_user WHERE id = ?"_s, "delete");
        for (const User *user : std::as_const(users)) {
            query.bindValue(0, user->m_id);
            exec(query, "delete");
            if (query.numRowsAffected() != 1)
                fail(u"floor delete: %1 rows for key %2"_s.arg(query.numRowsAffected())
                             .arg(user->m_id));
        }
        query.finish();
        transaction(db, false, "delete");
        qDeleteAll(users);
        users.clear();
        byId.clear();
    }
    run.seconds[Delete] = timer.stop(Delete);
    run.rowsAfterDelete = countRows(db);
    if (run.rowsAfterDelete != 0)
        fail(u"floor delete: %1 rows left"_s.arg(run.rowsAfterDelete));
    return run;
}

// ---------------------------------------------------------------------------------------------
// Report

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

Options parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Qorm against the hand-written QSqlQuery floor"_s);
    parser.addHelpOption();
    const QCommandLineOption database(u"database"_s, u"sqlite, postgresql or mariadb"_s, u"name"_s,
                                      u"sqlite"_s);
    const QCommandLineOption n(u"n"_s, u"Users per phase (default 100000)"_s, u"N"_s, u"100000"_s);
    const QCommandLineOption repeat(u"repeat"_s, u"Runs on fresh databases (default 5)"_s, u"R"_s,
                                    u"5"_s);
    const QCommandLineOption connection(
            u"connection"_s,
            u"host=..;port=..;user=..;password=..;database=.. for a server (default: "
            "$QORM_TEST_POSTGRESQL or $QORM_TEST_MARIADB)"_s,
            u"settings"_s);
    const QCommandLineOption directory(u"sqlite-dir"_s,
                                       u"Directory for the SQLite files (default: a temporary "
                                       "one)"_s,
                                       u"dir"_s);
    const QCommandLineOption only(u"only"_s, u"Run one side only: qorm or floor (profiling)"_s,
                                  u"side"_s);
    const QCommandLineOption trace(u"trace"_s,
                                   u"Count and show the statements Qorm sends (stderr)"_s);
    const QCommandLineOption marks(
            u"marks"_s, u"Write each phase's start and end (CLOCK_MONOTONIC, ns) to stderr"_s);
    const QCommandLineOption qtOnly(
            u"no-native-sqlite"_s,
            u"Qorm runs its SQLite statements through QSqlQuery too (ConnectionSettings::nativeSqlite)"_s);
    parser.addOptions({ database, n, repeat, connection, directory, only, trace, marks, qtOnly });
    parser.process(app);

    Options options;
    options.database = parser.value(database);
    if (options.database != u"sqlite" && options.database != u"postgresql"
        && options.database != u"mariadb")
        fail(u"--database must be sqlite, postgresql or mariadb"_s);
    bool ok = false;
    options.n = parser.value(n).toInt(&ok);
    if (!ok || options.n < 1)
        fail(u"--n needs a positive number"_s);
    options.repeat = parser.value(repeat).toInt(&ok);
    if (!ok || options.repeat < 1)
        fail(u"--repeat needs a positive number"_s);
    options.sqliteDirectory = parser.value(directory);
    options.trace = parser.isSet(trace);
    options.marks = parser.isSet(marks);
    options.nativeSqlite = !parser.isSet(qtOnly);
    if (parser.isSet(only)) {
        const QString side = parser.value(only);
        if (side != u"qorm" && side != u"floor")
            fail(u"--only must be qorm or floor"_s);
        options.sides[QormSide] = side == u"qorm";
        options.sides[FloorSide] = side == u"floor";
    }
    if (options.database != u"sqlite") {
        options.connection = parser.value(connection);
        if (options.connection.isEmpty()) {
            options.connection =
                    qEnvironmentVariable(options.database == u"postgresql" ? "QORM_TEST_POSTGRESQL"
                                                                           : "QORM_TEST_MARIADB");
        }
        if (options.connection.isEmpty())
            fail(u"%1 needs --connection or the environment variable set by scripts/dbs.sh"_s.arg(
                    options.database));
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"qorm_bench"_s);
    Options options = parseArguments(app);

    std::optional<QTemporaryDir> temporary;
    if (options.database == u"sqlite" && options.sqliteDirectory.isEmpty()) {
        temporary.emplace();
        if (!temporary->isValid())
            fail(u"no temporary directory: "_s + temporary->errorString());
        options.sqliteDirectory = temporary->path();
    }

    Qorm::Registry registry;
    if (!registry.map<User>())
        fail(u"map<User>: "_s + describe(registry.lastError()));
    const Workload work(options.n);

    std::printf("Qorm benchmark: %s, N=%d, %d repeat(s), medians\n", qPrintable(options.database),
                options.n, options.repeat);
    QList<double> times[SideCount][PhaseCount];
    QList<double> megabytes[SideCount];
    for (int r = 0; r < options.repeat; ++r) {
        // Alternate which side goes first, so that neither always meets a warmer machine.
        const Side order[2] = { r % 2 ? FloorSide : QormSide, r % 2 ? QormSide : FloorSide };
        std::optional<SideRun> runs[SideCount];
        for (const Side side : order) {
            if (!options.sides[side])
                continue;
            const QString tag = u"%1-%2"_s.arg(QLatin1StringView(sideNames[side])).arg(r);
            if (options.trace)
                std::fprintf(stderr, "repeat %d, %s:\n", r + 1, sideNames[side]);
            runs[side] = side == QormSide ? runQorm(options, registry, work, tag)
                                          : runFloor(options, registry, work, tag);
            for (int p = 0; p < PhaseCount; ++p)
                times[side][p].append(runs[side]->seconds[p]);
            megabytes[side].append(double(runs[side]->loadBytes) / (1024.0 * 1024.0));
            std::printf("  repeat %d %-5s", r + 1, sideNames[side]);
            for (int p = 0; p < PhaseCount; ++p)
                std::printf("  %s %.5f s", phaseNames[p], runs[side]->seconds[p]);
            std::printf("  load heap %.1f MB\n", megabytes[side].last());
            std::fflush(stdout);
        }
        // Both sides ended every phase in the same database state.
        if (runs[QormSide] && runs[FloorSide]) {
            const SideRun &q = *runs[QormSide];
            const SideRun &f = *runs[FloorSide];
            if (q.ids != f.ids)
                fail(u"the two sides gave the rows different keys"_s);
            if (q.afterInsert != f.afterInsert)
                fail(u"the tables differ after insert"_s);
            if (q.afterUpdate != f.afterUpdate)
                fail(u"the tables differ after update"_s);
            if (q.rowsAfterDelete != f.rowsAfterDelete)
                fail(u"the tables differ after delete"_s);
        }
    }

    double median_[SideCount][PhaseCount] = {};
    double memory[SideCount] = {};
    for (int s = 0; s < SideCount; ++s) {
        for (int p = 0; p < PhaseCount; ++p)
            median_[s][p] = median(times[s][p]);
        memory[s] = median(megabytes[s]);
    }
    const auto ratio = [](double qorm, double floor) { return floor > 0 ? qorm / floor : 0.0; };

    std::printf("\n%-12s %11s %11s %8s %8s\n", "phase", "qorm", "floor", "ratio", "target");
    for (int p = 0; p < PhaseCount; ++p) {
        const double r = ratio(median_[QormSide][p], median_[FloorSide][p]);
        std::printf("%-12s %9.5f s %9.5f s %8.2f %5s%.1f %s\n", phaseNames[p], median_[QormSide][p],
                    median_[FloorSide][p], r, "<= ", phaseTargets[p],
                    r <= phaseTargets[p] ? "ok" : "MISSED");
    }
    const double memoryRatio = ratio(memory[QormSide], memory[FloorSide]);
    std::printf("%-12s %8.1f MB %8.1f MB %8.2f %5s%.1f %s\n", "load memory", memory[QormSide],
                memory[FloorSide], memoryRatio, "<= ", memoryTarget,
                memoryRatio <= memoryTarget ? "ok" : "MISSED");
    std::printf("(both sides checked: keys, row counts and every row's values after each "
                "phase)\n");

    QStringList fields;
    for (int p = 0; p < PhaseCount; ++p) {
        fields.append(u"\"%1\": {\"qorm\": %2, \"floor\": %3, \"ratio\": %4}"_s.arg(
                QLatin1StringView(phaseNames[p]), number(median_[QormSide][p], 6),
                number(median_[FloorSide][p], 6),
                number(ratio(median_[QormSide][p], median_[FloorSide][p]), 3)));
    }
    fields.append(u"\"load_memory\": {\"qorm_mb\": %1, \"floor_mb\": %2, \"ratio\": %3}"_s.arg(
            number(memory[QormSide], 2), number(memory[FloorSide], 2), number(memoryRatio, 3)));
    std::printf("{%s}\n", qPrintable(fields.join(u", "_s)));
    return 0;
}
