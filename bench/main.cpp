// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The Qorm benchmark (see /bench/README.md and BENCHMARKS.md): every phase runs through Qorm and
// as the hand-written floor (QSqlQuery with reused prepared statements, one transaction, plain
// QObjects of the same class, no identity map, no change tracking), on fresh databases, and the
// medians are compared. The last line of standard output is one JSON object.
#include "models.h"

#include <Qorm/QueryModel>
#include <Qorm/engine/connection.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMetaProperty>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
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

// The relationship phases come last: they use their own tables (bench_owner, bench_address).
enum Phase { Insert, Load, Get, Update, Delete, RelInsert, SelectIn, Lazy, PhaseCount };
constexpr const char *phaseNames[PhaseCount] = { "insert", "load",       "get",      "update",
                                                 "delete", "rel_insert", "selectin", "lazy" };
// 0: no target (lazy: the N+1 pattern, measured for reference).
constexpr double phaseTargets[PhaseCount] = { 1.0, 1.5, 2.0, 1.2, 1.0, 1.0, 1.5, 0 };
constexpr double memoryTarget = 1.5;
constexpr double scrollFirstDataTargetMs = 50;
constexpr double scrollMemoryTargetMb = 64;

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
    int scrollRows = 1000000; // 0: no scroll phase
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

/*
    What both sides write: the values of row `index` (in insertion order). The relationship
    phases write U = max(1, N/10) owners with K = 10 addresses each: owner `o` is named
    ownerNames[o], its address `k` (the o*K+k-th address written) has addressEmails[o*K+k].
*/
struct Workload
{
    static constexpr int k = 10;

    int n = 0;
    QStringList names;
    QStringList emails;
    QStringList newNames;
    int u = 0;
    QStringList ownerNames;
    QStringList addressEmails;
    qint64 emailCharacters = 0; // the sum of the addresses' email lengths

    explicit Workload(int count) : n(count), u(std::max(1, count / 10))
    {
        names.reserve(n);
        emails.reserve(n);
        newNames.reserve(n);
        for (int i = 0; i < n; ++i) {
            names.append(u"user %1"_s.arg(i));
            emails.append(u"user%1@example.com"_s.arg(i));
            newNames.append(u"renamed user %1"_s.arg(i));
        }
        ownerNames.reserve(u);
        addressEmails.reserve(qsizetype(u) * k);
        for (int o = 0; o < u; ++o) {
            ownerNames.append(u"owner %1"_s.arg(o));
            for (int a = 0; a < k; ++a) {
                addressEmails.append(u"owner%1.address%2@example.com"_s.arg(o).arg(a));
                emailCharacters += addressEmails.last().size();
            }
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

// Where each key is in `ids`.
QHash<qint64, int> indexesOf(const QList<qint64> &ids)
{
    QHash<qint64, int> indexOf;
    indexOf.reserve(ids.size());
    for (int i = 0; i < ids.size(); ++i)
        indexOf.insert(ids.at(i), i);
    return indexOf;
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

// The relationship phases' keys: owners[o] is owner o's key, addresses[o*K+k] its address k's.
struct RelationshipIds
{
    QList<qint64> owners;
    QList<qint64> addresses;
};

// After rel_insert: every owner and address has a key, distinct ones, and every address the
// key of its owner in ownerId.
void checkRelationshipIds(const char *side, const QList<Owner *> &owners,
                          const QList<Address *> &addresses, RelationshipIds *ids)
{
    ids->owners.clear();
    ids->addresses.clear();
    QSet<qint64> seen;
    for (const Owner *owner : owners) {
        if (owner->m_id <= 0 || seen.contains(owner->m_id))
            fail(u"%1 rel_insert: owner '%2' has the key %3 after commit"_s.arg(
                    side, owner->m_name, QString::number(owner->m_id)));
        seen.insert(owner->m_id);
        ids->owners.append(owner->m_id);
    }
    seen.clear();
    for (qsizetype i = 0; i < addresses.size(); ++i) {
        const Address *address = addresses.at(i);
        const qint64 ownerId = owners.at(i / Workload::k)->m_id;
        if (address->m_id <= 0 || seen.contains(address->m_id))
            fail(u"%1 rel_insert: address '%2' has the key %3 after commit"_s.arg(
                    side, address->m_email, QString::number(address->m_id)));
        if (address->m_ownerId != ownerId)
            fail(u"%1 rel_insert: address '%2' has ownerId %3, its owner the key %4"_s.arg(
                    side, address->m_email, QString::number(address->m_ownerId),
                    QString::number(ownerId)));
        seen.insert(address->m_id);
        ids->addresses.append(address->m_id);
    }
}

/*
    Reads bench_owner and bench_address in key order and compares every row with what the
    workload wrote: the owner with key ids.owners[o] is named ownerNames[o], the address with
    key ids.addresses[o*K+k] belongs to that owner and has that email. Returns a digest of both
    tables, compared between the two sides.
*/
QByteArray checkRelationshipTables(const QSqlDatabase &db, const char *side, const char *phase,
                                   const RelationshipIds &ids, const Workload &work)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const auto readTable = [&](const QString &sql, const QList<qint64> &keys, const auto &expect) {
        QList<std::pair<qint64, qsizetype>> expected;
        expected.reserve(keys.size());
        for (qsizetype i = 0; i < keys.size(); ++i)
            expected.append({ keys.at(i), i });
        std::sort(expected.begin(), expected.end());
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(sql))
            fail(u"%1 %2: checking the table: %3"_s.arg(side, phase, describe(query.lastError())));
        qsizetype row = 0;
        while (query.next()) {
            if (row >= expected.size())
                fail(u"%1 %2: more rows than the %3 expected (%4)"_s.arg(
                        side, phase, QString::number(expected.size()), sql));
            const auto [key, index] = expected.at(row);
            const qint64 id = query.value(0).toLongLong();
            const qint64 ownerId = query.value(1).toLongLong();
            const QString text = query.value(2).toString();
            const auto [expectedOwnerId, expectedText] = expect(index);
            if (id != key || ownerId != expectedOwnerId || text != expectedText) {
                fail(u"%1 %2: row %3 is (%4, %5, '%6'), expected (%7, %8, '%9')"_s.arg(
                        side, phase, QString::number(row), QString::number(id),
                        QString::number(ownerId), text, QString::number(key),
                        QString::number(expectedOwnerId), expectedText));
            }
            addRow(hash, id, QString::number(ownerId), text);
            ++row;
        }
        if (row != expected.size())
            fail(u"%1 %2: %3 rows, expected %4 (%5)"_s.arg(side, phase, QString::number(row),
                                                           QString::number(expected.size()), sql));
    };
    readTable(u"SELECT id, 0, name FROM bench_owner ORDER BY id"_s, ids.owners,
              [&](qsizetype o) { return std::pair(qint64(0), work.ownerNames.at(o)); });
    readTable(u"SELECT id, owner_id, email FROM bench_address ORDER BY id"_s, ids.addresses,
              [&](qsizetype a) {
                  return std::pair(ids.owners.at(a / Workload::k), work.addressEmails.at(a));
              });
    return hash.result();
}

/*
    After selectin and lazy: every owner loaded once with its name, and `addressesOf(o)` (the
    addresses the loaded owners[o] holds) exactly its K addresses (compared in key order: the
    floor's SELECTs have no ORDER BY), each with its email and its owner's key. With
    `references`, every address points back to its owner (Qorm's back-population).
*/
template<typename AddressesOf>
void checkRelationshipGraph(const char *side, const char *phase, const QList<Owner *> &owners,
                            const AddressesOf &addressesOf, const RelationshipIds &ids,
                            const Workload &work, bool references)
{
    if (owners.size() != work.u)
        fail(u"%1 %2: %3 owners loaded, expected %4"_s.arg(
                side, phase, QString::number(owners.size()), QString::number(work.u)));
    const QHash<qint64, int> ownerIndex = indexesOf(ids.owners);
    QSet<qint64> seen;
    for (qsizetype i = 0; i < owners.size(); ++i) {
        const Owner *owner = owners.at(i);
        const int o = ownerIndex.value(owner->m_id, -1);
        if (o < 0 || seen.contains(owner->m_id) || owner->m_name != work.ownerNames.at(o))
            fail(u"%1 %2: unexpected owner (%3, '%4')"_s.arg(
                    side, phase, QString::number(owner->m_id), owner->m_name));
        seen.insert(owner->m_id);
        QList<Address *> addresses = addressesOf(i);
        if (addresses.contains(nullptr))
            fail(u"%1 %2: owner %3 holds a null address"_s.arg(side, phase,
                                                               QString::number(owner->m_id)));
        std::sort(addresses.begin(), addresses.end(),
                  [](const Address *a, const Address *b) { return a->m_id < b->m_id; });
        if (addresses.size() != Workload::k)
            fail(u"%1 %2: owner %3 holds %4 addresses, expected %5"_s.arg(
                    side, phase, QString::number(owner->m_id), QString::number(addresses.size()),
                    QString::number(Workload::k)));
        for (int k = 0; k < Workload::k; ++k) {
            const Address *address = addresses.at(k);
            const qsizetype a = qsizetype(o) * Workload::k + k;
            if (address->m_id != ids.addresses.at(a) || address->m_ownerId != owner->m_id
                || address->m_email != work.addressEmails.at(a)
                || (references && address->owner() != owner)) {
                fail(u"%1 %2: owner %3's address %4 is (%5, %6, '%7'), expected (%8, %3, '%9')"_s
                             .arg(side, phase, QString::number(owner->m_id), QString::number(k),
                                  QString::number(address->m_id),
                                  QString::number(address->m_ownerId), address->m_email,
                                  QString::number(ids.addresses.at(a)), work.addressEmails.at(a))
                     + (references && address->owner() != owner
                                ? u" (its owner reference points elsewhere)"_s
                                : QString()));
            }
        }
    }
}

// What the touching loops add up, so that they cannot be optimised away.
void checkTouched(const char *side, const char *phase, qint64 addresses, qint64 characters,
                  const Workload &work)
{
    if (addresses != qint64(work.u) * Workload::k || characters != work.emailCharacters)
        fail(u"%1 %2: touched %3 addresses with %4 email characters, expected %5 and %6"_s.arg(
                side, phase, QString::number(addresses), QString::number(characters),
                QString::number(qint64(work.u) * Workload::k),
                QString::number(work.emailCharacters)));
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
    RelationshipIds relationshipIds;
    QByteArray afterRelInsert;
    QByteArray afterLazy; // the relationship tables at the end: loading wrote nothing
};

/*
    Counts the statements Qorm sends (always on in the relationship phases, which check that
    selectin's collections need no more SQL and that lazy loads each with one SELECT).
*/
class StatementCounter
{
public:
    explicit StatementCounter(Qorm::Connection &connection) : m_connection(connection)
    {
        m_id = connection.addObserver([this](const Qorm::ExecutedStatement &) { ++m_count; });
    }
    ~StatementCounter() { m_connection.removeObserver(m_id); }
    Q_DISABLE_COPY_MOVE(StatementCounter)

    [[nodiscard]] qint64 count() const { return m_count; }

private:
    Qorm::Connection &m_connection;
    int m_id = -1;
    qint64 m_count = 0;
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
        std::fprintf(stderr, "  qorm %-10s %7d statements\n", phase, m_count);
        for (const QString &shape : std::as_const(m_shapes))
            std::fprintf(stderr, "      %s\n", qPrintable(shape));
        discard();
    }
    // Forgets what was sent since the last report (untimed checks).
    void discard()
    {
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

// Touches every collection: its size and each address's email (what both sides time).
template<typename Addresses>
void touch(const Addresses &addresses, qint64 *touched, qint64 *characters)
{
    const qsizetype size = addresses.size();
    for (qsizetype i = 0; i < size; ++i)
        *characters += addresses.at(i)->m_email.size();
    *touched += size;
}

// The relationship phases through Qorm: rel_insert, selectin, lazy.
void runQormRelationships(FreshDatabase &database, const Qorm::Registry &registry,
                          const Workload &work, Tracer &tracer, PhaseTimer &timer, SideRun *run)
{
    const char *side = sideNames[QormSide];
    Qorm::Connection &db = database.connection();
    const StatementCounter statements(db);
    const RelationshipIds &ids = run->relationshipIds;

    // rel_insert: U owners, K addresses appended to each one's collection, add() each owner
    // (the cascade adds its addresses), one commit; the keys are known afterwards.
    {
        auto session = std::make_unique<Qorm::Session>(db, registry);
        QList<Owner *> owners;
        owners.reserve(work.u);
        QList<Address *> addresses;
        addresses.reserve(qsizetype(work.u) * Workload::k);
        timer.start();
        for (int o = 0; o < work.u; ++o) {
            auto *owner = new Owner;
            owner->m_name = work.ownerNames.at(o);
            for (int k = 0; k < Workload::k; ++k) {
                auto *address = new Address;
                address->m_email = work.addressEmails.at(o * Workload::k + k);
                if (!owner->addresses()->append(address))
                    fail(u"qorm rel_insert: append: "_s
                         + describe(owner->addresses()->lastError()));
                addresses.append(address);
            }
            if (!session->add(owner))
                fail(u"qorm rel_insert: add: "_s + describe(session->lastError()));
            owners.append(owner);
        }
        if (!session->commit())
            fail(u"qorm rel_insert: commit: "_s + describe(session->lastError()));
        run->seconds[RelInsert] = timer.stop(RelInsert);
        tracer.report("rel_insert");
        checkRelationshipIds(side, owners, addresses, &run->relationshipIds);
        for (qsizetype i = 0; i < addresses.size(); ++i) {
            if (addresses.at(i)->owner() != owners.at(i / Workload::k))
                fail(u"qorm rel_insert: address '%1' does not point to its owner"_s.arg(
                        addresses.at(i)->m_email));
        }
    }
    run->afterRelInsert = checkRelationshipTables(database.sql(), side, "rel_insert", ids, work);

    const auto addressesOf = [](const QList<Owner *> &owners) {
        return [&owners](qsizetype i) { return owners.at(i)->addresses()->toList(); };
    };

    // selectin: a fresh session, every owner with its addresses (select-IN loading for this
    // query), then every collection touched, which must send no more SQL.
    {
        qint64 touched = 0;
        qint64 characters = 0;
        timer.start();
        auto session = std::make_unique<Qorm::Session>(db, registry);
        QList<Owner *> owners;
        {
            const Qorm::ScalarResult<Owner> result = session->scalars(
                    Qorm::select<Owner>().load(u"addresses"_s, Qorm::LoadStrategy::SelectIn));
            if (result.hasError())
                fail(u"qorm selectin: "_s + describe(result.error()));
            owners = result.all();
        }
        const qint64 loaded = statements.count();
        for (const Owner *owner : std::as_const(owners))
            touch(*owner->addresses(), &touched, &characters);
        run->seconds[SelectIn] = timer.stop(SelectIn);
        tracer.report("selectin");
        if (statements.count() != loaded)
            fail(u"qorm selectin: touching the collections sent %1 statements, expected none"_s.arg(
                    statements.count() - loaded));
        checkTouched(side, "selectin", touched, characters, work);
        checkRelationshipGraph(side, "selectin", owners, addressesOf(owners), ids, work, true);
        if (statements.count() != loaded)
            fail(u"qorm selectin: reading the collections sent %1 statements"_s.arg(
                    statements.count() - loaded));
    }

    // lazy: a fresh session, every owner (the relationship's own strategy: on first access),
    // then every collection touched, each loading with one SELECT.
    {
        qint64 touched = 0;
        qint64 characters = 0;
        timer.start();
        auto session = std::make_unique<Qorm::Session>(db, registry);
        QList<Owner *> owners;
        {
            const Qorm::ScalarResult<Owner> result = session->scalars(Qorm::select<Owner>());
            if (result.hasError())
                fail(u"qorm lazy: "_s + describe(result.error()));
            owners = result.all();
        }
        const qint64 loaded = statements.count();
        for (const Owner *owner : std::as_const(owners))
            touch(*owner->addresses(), &touched, &characters);
        run->seconds[Lazy] = timer.stop(Lazy);
        tracer.report("lazy");
        if (statements.count() - loaded != owners.size())
            fail(u"qorm lazy: touching %1 collections sent %2 statements, expected one each"_s
                         .arg(owners.size())
                         .arg(statements.count() - loaded));
        checkTouched(side, "lazy", touched, characters, work);
        const qint64 checked = statements.count();
        checkRelationshipGraph(side, "lazy", owners, addressesOf(owners), ids, work, true);
        if (statements.count() != checked)
            fail(u"qorm lazy: reading the loaded collections sent %1 statements"_s.arg(
                    statements.count() - checked));
    }
    run->afterLazy = checkRelationshipTables(database.sql(), side, "lazy", ids, work);
    if (run->afterLazy != run->afterRelInsert)
        fail(u"qorm lazy: the relationship tables changed while loading"_s);
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
    session.reset();
    tracer.discard();

    runQormRelationships(database, registry, work, tracer, timer, &run);
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

// The floor's plain object graph: an owner and its addresses, kept by hand.
struct FloorOwner
{
    Owner *owner = nullptr;
    QList<Address *> addresses;
};

void destroy(QList<FloorOwner> &graph)
{
    for (FloorOwner &entry : graph) {
        qDeleteAll(entry.addresses);
        delete entry.owner;
    }
    graph.clear();
}

QList<Owner *> ownersOf(const QList<FloorOwner> &graph)
{
    QList<Owner *> owners;
    owners.reserve(graph.size());
    for (const FloorOwner &entry : graph)
        owners.append(entry.owner);
    return owners;
}

// One generated key: RETURNING's row, else lastInsertId().
qint64 insertedKey(QSqlQuery &query, bool returning, const char *phase)
{
    if (!returning)
        return query.lastInsertId().toLongLong();
    if (!query.next())
        fail(u"floor %1: no RETURNING row"_s.arg(QLatin1StringView(phase)));
    return query.value(0).toLongLong();
}

// Reads every owner (SELECT id, name) into `graph`, and where each key is into `indexOf`.
void loadOwners(QSqlDatabase &db, QList<FloorOwner> *graph, QHash<qint64, qsizetype> *indexOf,
                const char *phase)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, name FROM bench_owner"_s))
        fail(u"floor %1: %2"_s.arg(QLatin1StringView(phase), describe(query.lastError())));
    while (query.next()) {
        auto *owner = new Owner;
        owner->m_id = query.value(0).toLongLong();
        owner->m_name = query.value(1).toString();
        if (indexOf)
            indexOf->insert(owner->m_id, graph->size());
        graph->append(FloorOwner{ owner, {} });
    }
}

Address *readAddress(const QSqlQuery &query)
{
    auto *address = new Address;
    address->m_id = query.value(0).toLongLong();
    address->m_ownerId = query.value(1).toLongLong();
    address->m_email = query.value(2).toString();
    return address;
}

// The relationship phases by hand: rel_insert, selectin, lazy.
void runFloorRelationships(QSqlDatabase &db, bool returning, const Workload &work,
                           PhaseTimer &timer, SideRun *run)
{
    const char *side = sideNames[FloorSide];
    const RelationshipIds &ids = run->relationshipIds;

    // rel_insert: per owner a prepared INSERT and its key, then a prepared INSERT per address
    // with that key, one transaction.
    {
        QList<FloorOwner> graph;
        graph.reserve(work.u);
        timer.start();
        transaction(db, true, "rel_insert");
        QSqlQuery ownerInsert(db);
        ownerInsert.setForwardOnly(true);
        prepare(ownerInsert,
                returning ? u"INSERT INTO bench_owner (name) VALUES (?) RETURNING id"_s
                          : u"INSERT INTO bench_owner (name) VALUES (?)"_s,
                "rel_insert");
        QSqlQuery addressInsert(db);
        addressInsert.setForwardOnly(true);
        prepare(addressInsert,
                returning ? u"INSERT INTO bench_address (owner_id, email) VALUES (?, ?) "
                            "RETURNING id"_s
                          : u"INSERT INTO bench_address (owner_id, email) VALUES (?, ?)"_s,
                "rel_insert");
        for (int o = 0; o < work.u; ++o) {
            FloorOwner entry;
            entry.owner = new Owner;
            entry.owner->m_name = work.ownerNames.at(o);
            ownerInsert.bindValue(0, entry.owner->m_name);
            exec(ownerInsert, "rel_insert");
            entry.owner->m_id = insertedKey(ownerInsert, returning, "rel_insert");
            entry.addresses.reserve(Workload::k);
            for (int k = 0; k < Workload::k; ++k) {
                auto *address = new Address;
                address->m_email = work.addressEmails.at(o * Workload::k + k);
                address->m_ownerId = entry.owner->m_id;
                addressInsert.bindValue(0, address->m_ownerId);
                addressInsert.bindValue(1, address->m_email);
                exec(addressInsert, "rel_insert");
                address->m_id = insertedKey(addressInsert, returning, "rel_insert");
                entry.addresses.append(address);
            }
            graph.append(std::move(entry));
        }
        ownerInsert.finish();
        addressInsert.finish();
        transaction(db, false, "rel_insert");
        run->seconds[RelInsert] = timer.stop(RelInsert);
        QList<Address *> addresses;
        for (const FloorOwner &entry : std::as_const(graph))
            addresses.append(entry.addresses);
        checkRelationshipIds(side, ownersOf(graph), addresses, &run->relationshipIds);
        destroy(graph);
    }
    run->afterRelInsert = checkRelationshipTables(db, side, "rel_insert", ids, work);

    // selectin: every owner, then every address in one SELECT, grouped by hand by owner key;
    // then every list touched.
    {
        qint64 touched = 0;
        qint64 characters = 0;
        QList<FloorOwner> graph;
        timer.start();
        {
            QHash<qint64, qsizetype> indexOf;
            loadOwners(db, &graph, &indexOf, "selectin");
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (!query.exec(u"SELECT id, owner_id, email FROM bench_address"_s))
                fail(u"floor selectin: "_s + describe(query.lastError()));
            while (query.next()) {
                Address *address = readAddress(query);
                const qsizetype index = indexOf.value(address->m_ownerId, -1);
                if (index < 0)
                    fail(u"floor selectin: address %1 has no owner"_s.arg(address->m_id));
                graph[index].addresses.append(address);
            }
        }
        for (const FloorOwner &entry : std::as_const(graph))
            touch(entry.addresses, &touched, &characters);
        run->seconds[SelectIn] = timer.stop(SelectIn);
        checkTouched(side, "selectin", touched, characters, work);
        checkRelationshipGraph(
                side, "selectin", ownersOf(graph),
                [&graph](qsizetype i) { return graph.at(i).addresses; }, ids, work, false);
        destroy(graph);
    }

    // lazy: every owner, then per owner a reused prepared SELECT of its addresses, touched.
    {
        qint64 touched = 0;
        qint64 characters = 0;
        QList<FloorOwner> graph;
        timer.start();
        loadOwners(db, &graph, nullptr, "lazy");
        {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            prepare(query, u"SELECT id, owner_id, email FROM bench_address WHERE owner_id = ?"_s,
                    "lazy");
            for (FloorOwner &entry : graph) {
                query.bindValue(0, entry.owner->m_id);
                exec(query, "lazy");
                while (query.next())
                    entry.addresses.append(readAddress(query));
                touch(entry.addresses, &touched, &characters);
            }
        }
        run->seconds[Lazy] = timer.stop(Lazy);
        checkTouched(side, "lazy", touched, characters, work);
        checkRelationshipGraph(
                side, "lazy", ownersOf(graph),
                [&graph](qsizetype i) { return graph.at(i).addresses; }, ids, work, false);
        destroy(graph);
    }
    run->afterLazy = checkRelationshipTables(db, side, "lazy", ids, work);
    if (run->afterLazy != run->afterRelInsert)
        fail(u"floor lazy: the relationship tables changed while loading"_s);
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

    runFloorRelationships(db, returning, work, timer, &run);
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

// ---------------------------------------------------------------------------------------------
// scroll: a QueryModel over a big table (no floor: Qt has no counterpart that pages by key)

struct ScrollRun
{
    double firstDataMs = 0;
    double firstDataAsyncMs = 0; // asynchronous: the page read by the session's worker thread
    double mbAfter200Rows = 0;
    double mbAtEnd = 0;
};

ScrollRun runScroll(const Options &options, const Qorm::Registry &registry, const QString &tag)
{
    FreshDatabase database(options, registry, tag);
    QSqlDatabase sql = database.sql();
    // Not measured: the rows, written with one prepared INSERT in one transaction.
    {
        transaction(sql, true, "scroll");
        QSqlQuery insert(sql);
        prepare(insert, u"INSERT INTO bench_user (name, email) VALUES (?, ?)"_s, "scroll");
        for (int i = 0; i < options.scrollRows; ++i) {
            insert.bindValue(0, u"user %1"_s.arg(i));
            insert.bindValue(1, u"user%1@example.com"_s.arg(i));
            exec(insert, "scroll");
        }
        transaction(sql, false, "scroll");
    }
    if (countRows(sql) != options.scrollRows)
        fail(u"scroll: the table does not have %1 rows"_s.arg(options.scrollRows));
    ScrollRun run;
    const qint64 baseline = heapBytes();
    QElapsedTimer timer;
    timer.start();
    auto session = std::make_unique<Qorm::Session>(database.connection(), registry);
    auto model = std::make_unique<Qorm::QueryModel>(session.get(), Qorm::select<User>());
    model->fetchMore();
    const int nameRole = model->roleForProperty(u"name"_s);
    const QString first = model->data(model->index(0), nameRole).toString();
    run.firstDataMs = double(timer.nsecsElapsed()) / 1e6;
    if (first != u"user 0"_s)
        fail(u"scroll: the first row's name is \"%1\""_s.arg(first));
    // Every role of rows 0-199.
    while (model->rowCount() < 200 && model->canFetchMore())
        model->fetchMore();
    const QList<int> roles = model->roleNames().keys();
    qint64 characters = 0;
    for (int row = 0; row < 200; ++row) {
        for (const int role : roles)
            characters += model->data(model->index(row), role).toString().size();
    }
    if (characters == 0)
        fail(u"scroll: rows 0-199 read as empty"_s);
    run.mbAfter200Rows = double(heapBytes() - baseline) / (1024.0 * 1024.0);
    model->fetchAll();
    if (model->rowCount() != options.scrollRows || !model->isComplete())
        fail(u"scroll: fetchAll() ended at %1 rows"_s.arg(model->rowCount()));
    if (model->data(model->index(options.scrollRows - 1), nameRole).toString()
        != u"user %1"_s.arg(options.scrollRows - 1))
        fail(u"scroll: the last row is not the last user"_s);
    run.mbAtEnd = double(heapBytes() - baseline) / (1024.0 * 1024.0);
    model.reset();
    session.reset();

    // The same first page read asynchronously: from fetchMore() to the first data(), through
    // the worker thread and the queued page event.
    timer.restart();
    session = std::make_unique<Qorm::Session>(database.connection(), registry);
    model = std::make_unique<Qorm::QueryModel>(session.get(), Qorm::select<User>());
    model->setAsynchronous(true);
    QEventLoop loop;
    QObject::connect(model.get(), &QAbstractItemModel::rowsInserted, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, [&loop] { loop.exit(1); });
    model->fetchMore();
    if (model->rowCount() == 0 && loop.exec() != 0)
        fail(u"scroll: no asynchronous page within 10 s"_s);
    const QString firstAsync = model->data(model->index(0), nameRole).toString();
    run.firstDataAsyncMs = double(timer.nsecsElapsed()) / 1e6;
    if (firstAsync != u"user 0"_s)
        fail(u"scroll: the first row read asynchronously is \"%1\""_s.arg(firstAsync));
    return run;
}

Options parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Qorm against the hand-written QSqlQuery floor"_s);
    parser.addHelpOption();
    const QCommandLineOption database(u"database"_s, u"sqlite, postgresql or mariadb"_s, u"name"_s,
                                      u"sqlite"_s);
    const QCommandLineOption n(u"n"_s,
                               u"Users per phase (default 100000); N/10 owners of 10 addresses"_s,
                               u"N"_s, u"100000"_s);
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
    const QCommandLineOption scrollRows(
            u"scroll-rows"_s,
            u"Rows of the scroll phase's table (default 1000000; 0: no scroll phase)"_s, u"rows"_s,
            u"1000000"_s);
    parser.addOptions(
            { database, n, repeat, connection, directory, only, trace, marks, qtOnly, scrollRows });
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
    options.scrollRows = parser.value(scrollRows).toInt(&ok);
    if (!ok || options.scrollRows < 0)
        fail(u"--scroll-rows: not a number of rows"_s);
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
    if (!registry.map<Owner>())
        fail(u"map<Owner>: "_s + describe(registry.lastError()));
    if (!registry.map<Address>())
        fail(u"map<Address>: "_s + describe(registry.lastError()));
    if (!registry.configure())
        fail(u"configure: "_s + describe(registry.lastError()));
    const Workload work(options.n);

    std::printf("Qorm benchmark: %s, N=%d, U=%d owners x K=%d addresses, %d repeat(s), medians\n",
                qPrintable(options.database), options.n, work.u, Workload::k, options.repeat);
    QList<double> times[SideCount][PhaseCount];
    QList<double> megabytes[SideCount];
    // The scroll phase, on SQLite (a million single-row INSERTs to a server take minutes).
    const bool scroll = options.scrollRows > 0 && options.database == u"sqlite";
    QList<double> scrollFirstMs, scrollFirstAsyncMs, scrollMb200, scrollMbEnd;
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
        if (scroll && options.sides[QormSide]) {
            const ScrollRun run = runScroll(options, registry, u"scroll-%1"_s.arg(r));
            scrollFirstMs.append(run.firstDataMs);
            scrollFirstAsyncMs.append(run.firstDataAsyncMs);
            scrollMb200.append(run.mbAfter200Rows);
            scrollMbEnd.append(run.mbAtEnd);
            std::printf("  repeat %d scroll  first data %.2f ms (asynchronous %.2f ms)  200 rows "
                        "%.1f MB  at end %.1f MB\n",
                        r + 1, run.firstDataMs, run.firstDataAsyncMs, run.mbAfter200Rows,
                        run.mbAtEnd);
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
            if (q.relationshipIds.owners != f.relationshipIds.owners
                || q.relationshipIds.addresses != f.relationshipIds.addresses)
                fail(u"the two sides gave the owners or addresses different keys"_s);
            if (q.afterRelInsert != f.afterRelInsert || q.afterLazy != f.afterLazy)
                fail(u"the relationship tables differ"_s);
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
        if (phaseTargets[p] > 0) {
            std::printf("%-12s %9.5f s %9.5f s %8.2f %5s%.1f %s\n", phaseNames[p],
                        median_[QormSide][p], median_[FloorSide][p], r, "<= ", phaseTargets[p],
                        r <= phaseTargets[p] ? "ok" : "MISSED");
        } else {
            std::printf("%-12s %9.5f s %9.5f s %8.2f %8s\n", phaseNames[p], median_[QormSide][p],
                        median_[FloorSide][p], r, "-");
        }
    }
    const double memoryRatio = ratio(memory[QormSide], memory[FloorSide]);
    std::printf("%-12s %8.1f MB %8.1f MB %8.2f %5s%.1f %s\n", "load memory", memory[QormSide],
                memory[FloorSide], memoryRatio, "<= ", memoryTarget,
                memoryRatio <= memoryTarget ? "ok" : "MISSED");
    if (!scrollFirstMs.isEmpty()) {
        const double firstMs = median(scrollFirstMs);
        const double mb200 = median(scrollMb200);
        std::printf("%-12s %8.2f ms %11s %8s %8s %s\n", "scroll", firstMs, "-", "-", "< 50 ms",
                    firstMs < scrollFirstDataTargetMs ? "ok" : "MISSED");
        const double firstAsyncMs = median(scrollFirstAsyncMs);
        std::printf("%-12s %8.2f ms %11s %8s %8s %s\n", "  async", firstAsyncMs, "-", "-",
                    "< 50 ms", firstAsyncMs < scrollFirstDataTargetMs ? "ok" : "MISSED");
        std::printf("%-12s %8.1f MB %11s %8s %8s %s\n", "  200 rows", mb200, "-", "-", "<= 64 MB",
                    mb200 <= scrollMemoryTargetMb ? "ok" : "MISSED");
        std::printf("%-12s %8.1f MB %11s %8s %8s\n", "  at end", median(scrollMbEnd), "-", "-",
                    "-");
    }
    std::printf("(both sides checked: keys, row counts and every row's values after each "
                "phase; every loaded owner's K addresses and their values)\n");

    QStringList fields;
    for (int p = 0; p < PhaseCount; ++p) {
        fields.append(u"\"%1\": {\"qorm\": %2, \"floor\": %3, \"ratio\": %4}"_s.arg(
                QLatin1StringView(phaseNames[p]), number(median_[QormSide][p], 6),
                number(median_[FloorSide][p], 6),
                number(ratio(median_[QormSide][p], median_[FloorSide][p]), 3)));
    }
    fields.append(u"\"load_memory\": {\"qorm_mb\": %1, \"floor_mb\": %2, \"ratio\": %3}"_s.arg(
            number(memory[QormSide], 2), number(memory[FloorSide], 2), number(memoryRatio, 3)));
    if (!scrollFirstMs.isEmpty()) {
        fields.append(u"\"scroll\": {\"rows\": %1, \"first_data_ms\": %2, "
                      u"\"first_data_ms_async\": %3, \"mb_after_200_rows\": %4, "
                      u"\"mb_at_end\": %5}"_s.arg(options.scrollRows)
                              .arg(number(median(scrollFirstMs), 3),
                                   number(median(scrollFirstAsyncMs), 3),
                                   number(median(scrollMb200), 2), number(median(scrollMbEnd), 2)));
    }
    std::printf("{%s}\n", qPrintable(fields.join(u", "_s)));
    return 0;
}
