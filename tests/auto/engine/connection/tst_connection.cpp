// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/engine/connection.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QThread>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

#include <databases.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

ColumnOptions notNull()
{
    ColumnOptions options;
    options.nullable = false;
    return options;
}

ColumnOptions uniqueName()
{
    ColumnOptions options;
    options.nullable = false;
    options.unique = true;
    return options;
}

// users(id, name UNIQUE, score, created, active, avatar) and posts(id, user_id -> users.id, title).
struct Schema
{
    MetaData metadata;
    Table users;
    Table posts;
    Table numbers;
};

Schema makeSchema()
{
    Schema schema;
    schema.users = Table(schema.metadata, u"users"_s,
                         { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                           Column(u"name"_s, SqlType::string(100), uniqueName()),
                           Column(u"score"_s, SqlType::doublePrecision()),
                           Column(u"created"_s, SqlType::dateTime()),
                           Column(u"active"_s, SqlType::boolean()),
                           Column(u"avatar"_s, SqlType::binary()) });
    ColumnOptions userReference;
    userReference.nullable = false;
    userReference.foreignKey = ForeignKey(u"users.id"_s);
    schema.posts = Table(schema.metadata, u"posts"_s,
                         { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                           Column(u"user_id"_s, SqlType::integer(), userReference),
                           Column(u"title"_s, SqlType::string(200)) });
    schema.numbers = Table(schema.metadata, u"numbers"_s,
                           { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                             Column(u"n"_s, SqlType::integer(), notNull()) });
    return schema;
}

QString describe(const Error &error)
{
    return Test::describe(error);
}

// Inserts n = 1..count into numbers.
bool fillNumbers(Connection &db, const Schema &schema, int count)
{
    QList<QVariantMap> rows;
    for (int i = 1; i <= count; ++i)
        rows.append({ { u"n"_s, i } });
    Result result = db.execute(insert(schema.numbers).values(rows));
    if (!result.isValid())
        qWarning().noquote() << describe(result.error());
    return result.isValid();
}

qint64 countRows(Connection &db, const Table &table)
{
    Result result = db.execute(select({ Function::count() }).from(table));
    if (!result.isValid()) {
        qWarning().noquote() << describe(result.error());
        return -1;
    }
    return result.scalar().toLongLong();
}

QStringList namesOf(Connection &db, const Schema &schema)
{
    QStringList names;
    Result result =
            db.execute(select({ schema.users[u"name"_s] }).orderBy({ schema.users[u"name"_s] }));
    while (result.next())
        names.append(result.value(0).toString());
    return names;
}

// The server's id of the connection's session (PostgreSQL's backend pid, MySQL's thread id).
QVariant sessionId(Connection &db, bool postgres)
{
    return db
            .execute(CompiledStatement(postgres ? u"SELECT pg_backend_pid()"_s
                                                : u"SELECT CONNECTION_ID()"_s))
            .scalar();
}

// Ends that session from another connection, as a server restart or an admin would.
Result killSession(Connection &killer, bool postgres, const QVariant &id)
{
    return postgres
            ? killer.execute(CompiledStatement(u"SELECT pg_terminate_backend(?)"_s, { id }))
            : killer.execute(CompiledStatement(u"KILL CONNECTION %1"_s.arg(id.toLongLong())));
}

// The drivers fail to free a dead session's prepared statements, and say so once each.
void ignoreUnfreedStatements(Connection &db, bool postgres)
{
    const int cached = db.statementCacheStatistics().size;
    for (int i = 0; i < cached; ++i) {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(postgres ? u"Unable to free statement"_s
                                                         : u"unable to free statement handle"_s));
    }
}

} // namespace

class tst_Connection : public QObject
{
    Q_OBJECT

private slots:
    void resultDestroyedInAnotherThread();
    void transactionFollowsMovedConnection();
    void wrapExistingDatabase_data() { Test::addDatabaseColumn(); }
    void wrapExistingDatabase();
    void executeAndRead_data() { Test::addDatabaseColumn(); }
    void executeAndRead();
    void oneAndFirst_data() { Test::addDatabaseColumn(); }
    void oneAndFirst();
    void namedParameters_data() { Test::addDatabaseColumn(); }
    void namedParameters();
    void compileErrorSendsNothing_data() { Test::addDatabaseColumn(); }
    void compileErrorSendsNothing();
    void statementCacheHits_data() { Test::addDatabaseColumn(); }
    void statementCacheHits();
    void statementCacheEviction_data() { Test::addDatabaseColumn(); }
    void statementCacheEviction();
    void sameStatementWhileIterating_data() { Test::addDatabaseColumn(); }
    void sameStatementWhileIterating();
    void interleavedResults_data() { Test::addDatabaseColumn(); }
    void interleavedResults();
    void resultOutlivesConnection_data() { Test::addDatabaseColumn(); }
    void resultOutlivesConnection();
    void sqliteCursorReleased();
    void transactions_data() { Test::addDatabaseColumn(); }
    void transactions();
    void savepoints_data() { Test::addDatabaseColumn(); }
    void savepoints();
    void nestedWithoutTransaction_data() { Test::addDatabaseColumn(); }
    void nestedWithoutTransaction();
    void transactionMisuse_data() { Test::addDatabaseColumn(); }
    void transactionMisuse();
    void commitAfterFailedStatement_data() { Test::addDatabaseColumn(); }
    void commitAfterFailedStatement();
    void transactionOutlivesConnection();
    void threadAffinity_data() { Test::addDatabaseColumn(); }
    void threadAffinity();
    void uniqueViolation_data() { Test::addDatabaseColumn(); }
    void uniqueViolation();
    void foreignKeyViolation_data() { Test::addDatabaseColumn(); }
    void foreignKeyViolation();
    void unreachableServer_data();
    void unreachableServer();
    void reconnect_data() { Test::addDatabaseColumn(); }
    void reconnect();
    void commitAfterServerDroppedConnection_data() { Test::addDatabaseColumn(); }
    void commitAfterServerDroppedConnection();
    void interceptor_data() { Test::addDatabaseColumn(); }
    void interceptor();
    void observers_data() { Test::addDatabaseColumn(); }
    void observers();
    void returning_data() { Test::addDatabaseColumn(); }
    void returning();
    void hostileValues_data() { Test::addDatabaseColumn(); }
    void hostileValues();
    void boundValuesInSelectList_data() { Test::addDatabaseColumn(); }
    void boundValuesInSelectList();
    void rowsAffectedCountsMatchedRows_data() { Test::addDatabaseColumn(); }
    void rowsAffectedCountsMatchedRows();
    void lastInsertId_data() { Test::addDatabaseColumn(); }
    void lastInsertId();
    void createAllDropAll_data() { Test::addDatabaseColumn(); }
    void createAllDropAll();
    void createAllIsAtomic_data() { Test::addDatabaseColumn(); }
    void createAllIsAtomic();
    void errorValue();
};

void tst_Connection::wrapExistingDatabase()
{
    QFETCH(QString, database);
    ConnectionSettings settings;
    QString message;
    QVERIFY2(Test::connectionSettings(database, &settings, &message), qPrintable(message));
    const QString name = u"tst_connection-wrapped-"_s + database;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(settings.driver, name);
        raw.setDatabaseName(settings.databaseName);
        raw.setHostName(settings.hostName);
        raw.setPort(settings.port);
        raw.setUserName(settings.userName);
        raw.setPassword(settings.password);
        raw.setConnectOptions(settings.connectOptions);
        if (database == u"mariadb") {
            // Without CLIENT_FOUND_ROWS, numRowsAffected() would count changed rows only.
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"lacks CLIENT_FOUND_ROWS"_s));
            Connection unprepared(raw);
            QVERIFY(unprepared.isOpen());
            unprepared.close();
        }
        Connection::prepareDatabase(raw, 1234);
        const QStringList options = raw.connectOptions().split(u';');
        if (database == u"sqlite")
            QVERIFY2(options.contains(u"QSQLITE_BUSY_TIMEOUT=1234"_s),
                     qPrintable(raw.connectOptions()));
        if (database == u"mariadb")
            QVERIFY2(options.contains(u"CLIENT_FOUND_ROWS=1"_s), qPrintable(raw.connectOptions()));
        Connection::prepareDatabase(raw, 99); // options already there are kept as they are
        QCOMPARE(raw.connectOptions().split(u';'), options);
        {
            Connection db(raw);
            QVERIFY2(db.isOpen(), qPrintable(describe(db.lastError())));
            QCOMPARE(db.database().connectionName(), name);
            QVERIFY(db.dialect().isValid());
            if (database == u"sqlite")
                QCOMPARE(db.execute(CompiledStatement(u"PRAGMA foreign_keys"_s)).scalar().toInt(),
                         1);
            if (database == u"mariadb") {
                QCOMPARE(db.execute(CompiledStatement(u"SELECT @@SESSION.time_zone"_s))
                                 .scalar()
                                 .toString(),
                         u"+00:00"_s);
                QVERIFY(db.execute(CompiledStatement(u"SELECT @@SESSION.sql_mode"_s))
                                .scalar()
                                .toString()
                                .contains(u"STRICT_ALL_TABLES"_s));
            }
            Transaction transaction = db.begin();
            QVERIFY(transaction.isActive());
            QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"SELECT 1"_s)));
            // Destroyed before the transaction handle: the connection rolls it back.
        }
        // Somebody else's QSqlDatabase stays open and registered.
        QVERIFY(QSqlDatabase::contains(name));
        QVERIFY(raw.isOpen());
        if (database == u"sqlite") {
            // No transaction is left open (SQLite refuses to begin one inside another).
            QVERIFY(raw.transaction());
            QVERIFY(raw.rollback());
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_Connection::executeAndRead()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));

    const QDateTime created(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    QORM_VERIFY_RESULT(db.execute(insert(schema.users)
                                          .values(QVariantMap{ { u"name"_s, u"alice"_s },
                                                               { u"score"_s, 1.5 },
                                                               { u"created"_s, created },
                                                               { u"active"_s, true } })));
    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"bob"_s } })));

    const Table &users = schema.users;
    Result result = db.execute(select({ users[u"id"_s], users[u"name"_s], users[u"score"_s],
                                        users[u"created"_s], users[u"active"_s] })
                                       .orderBy({ users[u"name"_s] }));
    QORM_VERIFY_RESULT(result);
    QVERIFY(result.returnsRows());
    QCOMPARE(result.columnNames(),
             QStringList({ u"id"_s, u"name"_s, u"score"_s, u"created"_s, u"active"_s }));
    const QList<Row> rows = result.all();
    QCOMPARE(rows.size(), 2);

    const Row alice = rows.at(0);
    QCOMPARE(alice.count(), 5);
    QCOMPARE(alice.value(1).toString(), u"alice"_s);
    QCOMPARE(alice.value<QString>(u"name"_s), u"alice"_s);
    QCOMPARE(alice.value(u"NAME"_s).toString(), u"alice"_s); // case-insensitive fallback
    QVERIFY(!alice.value(u"nope"_s).isValid());
    QCOMPARE(alice.value(u"score"_s).toDouble(), 1.5);
    QCOMPARE(alice.value(u"created"_s).metaType(), QMetaType::fromType<QDateTime>());
    QCOMPARE(alice.value(u"created"_s).toDateTime(), created);
    QCOMPARE(alice.value(u"created"_s).toDateTime().offsetFromUtc(), 0);
    QCOMPARE(alice.value(u"active"_s).metaType(), QMetaType::fromType<bool>());
    QCOMPARE(alice.value(u"active"_s).toBool(), true);
    QCOMPARE(alice.toMap().value(u"name"_s).toString(), u"alice"_s);

    // NULLs come back as typed nulls (QSQLITE returns every NULL as a QString-typed one).
    const Row bob = rows.at(1);
    QVERIFY(bob.isNull(2));
    QCOMPARE(bob.value(2).metaType(), QMetaType::fromType<double>());
    QCOMPARE(bob.value(3).metaType(), QMetaType::fromType<QDateTime>());
    QVERIFY(bob.value(3).isNull());
    QVERIFY(!bob.isNull(1));

    // The cursor is exhausted and released.
    QVERIFY(!result.next());
    QVERIFY(!result.row().isValid());

    // A statement without rows.
    Result updated =
            db.execute(update(users).set(u"score"_s, 2.5).where(users[u"name"_s] == u"bob"_s));
    QORM_VERIFY_RESULT(updated);
    QVERIFY(!updated.returnsRows());
    QCOMPARE(updated.numRowsAffected(), 1);

    // Raw SQL with positional values.
    Result raw = db.execute(
            CompiledStatement(u"SELECT name FROM users WHERE score > ? ORDER BY name"_s, { 2.0 }));
    QORM_VERIFY_RESULT(raw);
    QVERIFY(raw.next());
    QCOMPARE(raw.value(0).toString(), u"bob"_s);
    QCOMPARE(raw.value(u"name"_s).toString(), u"bob"_s);
    QVERIFY(!raw.next());
}

void tst_Connection::oneAndFirst()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 3));
    const Table &numbers = schema.numbers;
    const auto where = [&](const Expression &condition) {
        return select({ numbers[u"n"_s] }).where(condition).orderBy({ numbers[u"n"_s] });
    };

    Result none = db.execute(where(numbers[u"n"_s] > 10));
    QORM_VERIFY_RESULT(none);
    QVERIFY(!none.one().isValid());
    QCOMPARE(none.error().type(), Error::InvalidRequestError);
    QVERIFY2(none.error().text().contains(u"no rows"_s), qPrintable(none.error().text()));

    Result two = db.execute(where(numbers[u"n"_s] >= 2));
    QVERIFY(!two.one().isValid());
    QCOMPARE(two.error().type(), Error::InvalidRequestError);
    QVERIFY2(two.error().text().contains(u"several rows"_s), qPrintable(two.error().text()));

    Result exactlyOne = db.execute(where(numbers[u"n"_s] == 2));
    const Row row = exactlyOne.one();
    QVERIFY(row.isValid());
    QCOMPARE(row.value(0).toInt(), 2);
    QVERIFY(!exactlyOne.error().isValid());

    Result firstOfMany = db.execute(where(numbers[u"n"_s] >= 1));
    const std::optional<Row> first = firstOfMany.first();
    QVERIFY(first.has_value());
    QCOMPARE(first->value(0).toInt(), 1);
    QVERIFY(!firstOfMany.next()); // first() closed the cursor

    QVERIFY(!db.execute(where(numbers[u"n"_s] > 10)).first().has_value());
    QCOMPARE(db.execute(select({ Function::count() }).from(numbers)).scalar().toInt(), 3);
    QVERIFY(!db.execute(where(numbers[u"n"_s] > 10)).scalar().isValid());
    QCOMPARE(db.execute(select({ Function::max(numbers[u"n"_s]) }).from(numbers)).scalar().toInt(),
             3);
}

void tst_Connection::namedParameters()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 5));
    const Table &numbers = schema.numbers;
    const Select byRange = select({ Function::count() })
                                   .from(numbers)
                                   .where(numbers[u"n"_s] >= parameter(u"low"_s)
                                          && numbers[u"n"_s] <= parameter(u"high"_s));

    Test::SqlRecorder recorder(db);
    Result unbound = db.execute(byRange, { { u"low"_s, 2 } });
    QVERIFY(!unbound.isValid());
    QCOMPARE(unbound.error().type(), Error::InvalidRequestError);
    QVERIFY2(unbound.error().text().contains(u"high"_s), qPrintable(describe(unbound.error())));
    QVERIFY2(!unbound.error().text().contains(u"low"_s), qPrintable(describe(unbound.error())));
    QCOMPARE(db.lastError().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0); // nothing was sent

    QCOMPARE(db.execute(byRange, { { u"low"_s, 2 }, { u"high"_s, 4 } }).scalar().toInt(), 3);
    QCOMPARE(db.execute(byRange, { { u"low"_s, 5 }, { u"high"_s, 9 } }).scalar().toInt(), 1);
    QCOMPARE(recorder.count(), 2);
}

void tst_Connection::compileErrorSendsNothing()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    Test::SqlRecorder recorder(db);
    Result result = db.execute(select({ schema.users[u"no_such_column"_s] }));
    QVERIFY(!result.isValid());
    QVERIFY(result.error().isValid());
    QVERIFY2(result.error().text().contains(u"no_such_column"_s),
             qPrintable(describe(result.error())));
    QCOMPARE(db.lastError(), result.error());
    QCOMPARE(recorder.count(), 0);
    QVERIFY(!result.next());
    QVERIFY(result.all().isEmpty());

    Result empty = db.execute(Statement());
    QVERIFY(!empty.isValid());
    QVERIFY(empty.error().isValid());
    QCOMPARE(recorder.count(), 0);
}

void tst_Connection::statementCacheHits()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 5));
    db.clearStatementCache();
    const StatementCacheStatistics before = db.statementCacheStatistics();
    QCOMPARE(before.size, 0);
    QCOMPARE(before.capacity, 256);

    Test::SqlRecorder recorder(db);
    const Table &numbers = schema.numbers;
    const auto lookup = [&](int n) {
        return select({ numbers[u"n"_s] }).where(numbers[u"n"_s] == n);
    };
    QCOMPARE(db.execute(lookup(2)).scalar().toInt(), 2);
    StatementCacheStatistics stats = db.statementCacheStatistics();
    QCOMPARE(stats.misses, before.misses + 1);
    QCOMPARE(stats.hits, before.hits);
    QCOMPARE(stats.size, 1);

    // The same shape with another value is a hit: one prepared query per SQL text.
    QCOMPARE(db.execute(lookup(4)).scalar().toInt(), 4);
    stats = db.statementCacheStatistics();
    QCOMPARE(stats.misses, before.misses + 1);
    QCOMPARE(stats.hits, before.hits + 1);
    QCOMPARE(stats.size, 1);

    QCOMPARE(recorder.count(), 2);
    QCOMPARE(recorder.executed().at(0).fromCache, false);
    QCOMPARE(recorder.executed().at(1).fromCache, true);
    QCOMPARE(recorder.executed().at(0).sql, recorder.executed().at(1).sql);
    QCOMPARE(recorder.executed().at(1).boundValues.size(), 1);
    QCOMPARE(recorder.executed().at(1).boundValues.at(0).toInt(), 4);

    // Capacity 0 switches the cache off.
    db.setStatementCacheCapacity(0);
    QCOMPARE(db.statementCacheStatistics().size, 0);
    QCOMPARE(db.execute(lookup(3)).scalar().toInt(), 3);
    QCOMPARE(db.execute(lookup(3)).scalar().toInt(), 3);
    QCOMPARE(db.statementCacheStatistics().hits, before.hits + 1);
    QCOMPARE(db.statementCacheStatistics().size, 0);
    db.setStatementCacheCapacity(256);
}

void tst_Connection::statementCacheEviction()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 5));
    const Table &numbers = schema.numbers;
    const Select a = select({ numbers[u"n"_s] }).where(numbers[u"n"_s] == 1);
    const Select b = select({ numbers[u"n"_s] }).where(numbers[u"id"_s] == 2);
    const Select c = select({ numbers[u"id"_s] }).where(numbers[u"n"_s] == 3);

    db.setStatementCacheCapacity(2);
    db.clearStatementCache();
    const StatementCacheStatistics before = db.statementCacheStatistics();
    QCOMPARE(before.capacity, 2);
    QCOMPARE(db.execute(a).scalar().toInt(), 1);
    QCOMPARE(db.execute(b).scalar().toInt(), 2);
    QCOMPARE(db.execute(a).scalar().toInt(), 1); // hit: a becomes the most recent
    QCOMPARE(db.execute(c).scalar().toInt(), 3); // evicts b, the least recently used
    StatementCacheStatistics stats = db.statementCacheStatistics();
    QCOMPARE(stats.size, 2);
    QCOMPARE(stats.misses, before.misses + 3);
    QCOMPARE(stats.hits, before.hits + 1);

    QCOMPARE(db.execute(a).scalar().toInt(), 1); // still cached
    QCOMPARE(db.statementCacheStatistics().hits, before.hits + 2);
    QCOMPARE(db.execute(b).scalar().toInt(), 2); // was evicted
    QCOMPARE(db.statementCacheStatistics().misses, before.misses + 4);
    QCOMPARE(db.statementCacheStatistics().size, 2);

    db.setStatementCacheCapacity(1);
    QCOMPARE(db.statementCacheStatistics().size, 1);
    QCOMPARE(db.execute(b).scalar().toInt(), 2); // the most recent one survived
    QCOMPARE(db.statementCacheStatistics().hits, before.hits + 3);
    db.setStatementCacheCapacity(256);
}

void tst_Connection::sameStatementWhileIterating()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 10));
    const Table &numbers = schema.numbers;
    const auto above = [&](int n) {
        return select({ numbers[u"n"_s] }).where(numbers[u"n"_s] > n).orderBy({ numbers[u"n"_s] });
    };

    Result outer = db.execute(above(0));
    QORM_VERIFY_RESULT(outer);
    QList<int> outerValues;
    QList<int> innerTotals;
    while (outer.next()) {
        const int n = outer.value(0).toInt();
        outerValues.append(n);
        // The same SQL text runs again while `outer` still reads from its prepared query.
        Result inner = db.execute(above(n));
        QORM_VERIFY_RESULT(inner);
        innerTotals.append(int(inner.all().size()));
    }
    QORM_VERIFY_RESULT(outer);
    QCOMPARE(outerValues, QList<int>({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));
    QCOMPARE(innerTotals, QList<int>({ 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }));

    // And afterwards the cached query is free again: a hit.
    const StatementCacheStatistics before = db.statementCacheStatistics();
    QCOMPARE(db.execute(above(8)).all().size(), 2);
    QCOMPARE(db.statementCacheStatistics().hits, before.hits + 1);
}

void tst_Connection::interleavedResults()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 100));
    // QPSQL streams forward-only results; another statement must not make rows disappear.
    QTest::failOnWarning(QRegularExpression(u"Query results lost"_s));
    const Table &numbers = schema.numbers;

    Result first = db.execute(select({ numbers[u"n"_s] }).orderBy({ numbers[u"n"_s] }));
    QORM_VERIFY_RESULT(first);
    QList<int> seen;
    for (int i = 0; i < 10; ++i) {
        QVERIFY(first.next());
        seen.append(first.value(0).toInt());
    }
    Result second = db.execute(
            select({ numbers[u"n"_s] }).where(numbers[u"n"_s] > 50).orderBy({ numbers[u"n"_s] }));
    QORM_VERIFY_RESULT(second);
    QVERIFY(second.next());
    QCOMPARE(second.value(0).toInt(), 51);
    // A write and a third read while both are open.
    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"carol"_s } })));
    QCOMPARE(countRows(db, schema.users), 1);
    while (first.next())
        seen.append(first.value(0).toInt());
    QORM_VERIFY_RESULT(first);
    QList<int> expected;
    for (int i = 1; i <= 100; ++i)
        expected.append(i);
    QCOMPARE(seen, expected);
    QCOMPARE(second.all().size(), 49);
    QORM_VERIFY_RESULT(second);
}

void tst_Connection::resultOutlivesConnection()
{
    QFETCH(QString, database);
    Result result;
    {
        QORM_CONNECT_CLEAN(db, database);
        const Schema schema = makeSchema();
        QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
        QVERIFY(fillNumbers(db, schema, 5));
        result = db.execute(select({ schema.numbers[u"n"_s] }).orderBy({ schema.numbers[u"n"_s] }));
        QVERIFY(result.next());
    }
    // The unread rows were read into memory before the connection closed.
    QCOMPARE(result.value(0).toInt(), 1);
    const QList<Row> rest = result.all();
    QCOMPARE(rest.size(), 4);
    QCOMPARE(rest.last().value(0).toInt(), 5);
}

void tst_Connection::sqliteCursorReleased()
{
    ConnectionSettings settings;
    QString message;
    QVERIFY2(Test::connectionSettings(u"sqlite"_s, &settings, &message), qPrintable(message));
    QORM_CONNECT_CLEAN(reader, u"sqlite"_s);
    QORM_VERIFY_RESULT(reader.execute(CompiledStatement(u"PRAGMA journal_mode = DELETE"_s)));
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(reader), qPrintable(describe(reader.lastError())));
    QVERIFY(fillNumbers(reader, schema, 3));

    settings.busyTimeoutMilliseconds = 0; // fail at once instead of waiting for the lock
    Connection writer(settings);
    QVERIFY2(writer.isOpen(), qPrintable(describe(writer.lastError())));
    const auto write = [&] {
        return writer.execute(
                insert(schema.users)
                        .values(QVariantMap{ { u"name"_s, QUuid::createUuid().toString() } }));
    };

    const Select all = select({ schema.numbers[u"n"_s] }).orderBy({ schema.numbers[u"n"_s] });
    {
        // A half-read cursor holds SQLite's read lock: the writer cannot commit. This is the
        // control that shows the checks below can fail.
        Result open = reader.execute(all);
        QVERIFY(open.next());
        Result blocked = write();
        QVERIFY(!blocked.isValid());
        QCOMPARE(blocked.error().type(), Error::StatementError);
        QCOMPARE(blocked.error().nativeErrorCode().toInt() & 0xff, 5); // SQLITE_BUSY
        QVERIFY2(blocked.error().text().contains(u"Immediate"_s),
                 qPrintable(blocked.error().text()));
        open.close(); // releases the lock
        QORM_VERIFY_RESULT(write());
    }
    {
        Result readToTheEnd = reader.execute(all);
        QCOMPARE(readToTheEnd.all().size(), 3);
        QORM_VERIFY_RESULT(write()); // the last row released the cursor
    }
    {
        Result destroyed = reader.execute(all);
        QVERIFY(destroyed.next());
    }
    QORM_VERIFY_RESULT(write()); // so did destroying the Result
    {
        QVERIFY(reader.execute(all).first().has_value());
        QORM_VERIFY_RESULT(write());
    }
    {
        // DDL does not fail on an open cursor ("database table is locked"): the rows are read
        // into memory first.
        Result open = reader.execute(all);
        QVERIFY(open.next());
        QORM_VERIFY_RESULT(reader.execute(CompiledStatement(u"DROP TABLE numbers"_s)));
        QCOMPARE(open.all().size(), 2);
    }
}

void tst_Connection::transactions()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const auto add = [&](const QString &name) {
        return db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, name } }))
                .isValid();
    };
    Test::SqlRecorder recorder(db);

    QVERIFY(!db.inTransaction());
    QCOMPARE(db.transactionDepth(), 0);
    {
        Transaction transaction = db.begin();
        QVERIFY2(transaction.isActive(), qPrintable(describe(db.lastError())));
        QCOMPARE(transaction.kind(), Transaction::TopLevel);
        QVERIFY(db.inTransaction());
        QCOMPARE(db.transactionDepth(), 1);
        QVERIFY(add(u"committed"_s));
        QVERIFY2(transaction.commit(), qPrintable(describe(db.lastError())));
        QVERIFY(!transaction.isActive());
        QVERIFY(!db.inTransaction());
    }
    {
        Transaction transaction = db.begin(TransactionMode::Immediate);
        QVERIFY(transaction.isActive());
        QVERIFY(add(u"rolled back"_s));
        QVERIFY(transaction.rollback());
        QVERIFY(!transaction.isActive());
        QVERIFY(!transaction.rollback()); // already ended: nothing to do
    }
    {
        Transaction transaction = db.begin();
        QVERIFY(add(u"dropped with the scope"_s));
        Transaction moved = std::move(transaction);
        QVERIFY(!transaction.isActive());
        QVERIFY(moved.isActive());
    }
    QVERIFY(!db.inTransaction());
    QCOMPARE(namesOf(db, schema), QStringList({ u"committed"_s }));

    // The transaction control statements reach the observers.
    QStringList control;
    for (const QString &sql : recorder.statements()) {
        if (Test::SqlRecorder::isTransactionControl(sql))
            control.append(sql);
    }
    const QString immediate = database == u"sqlite" ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
    QCOMPARE(control,
             QStringList({ u"BEGIN"_s, u"COMMIT"_s, immediate, u"ROLLBACK"_s, u"BEGIN"_s,
                           u"ROLLBACK"_s }));
}

void tst_Connection::savepoints()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const auto add = [&](const QString &name) {
        return db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, name } }))
                .isValid();
    };
    Test::SqlRecorder recorder(db);

    Transaction outer = db.begin();
    QVERIFY(add(u"a"_s));
    {
        Transaction nested = db.beginNested();
        QVERIFY2(nested.isActive(), qPrintable(describe(db.lastError())));
        QCOMPARE(nested.kind(), Transaction::Savepoint);
        QVERIFY(nested.savepointName().startsWith(u"qorm_sp_"_s));
        QCOMPARE(db.transactionDepth(), 2);
        QVERIFY(add(u"b"_s));
        QVERIFY(nested.rollback());
        QCOMPARE(db.transactionDepth(), 1);
    }
    {
        Transaction nested = db.beginNested();
        QVERIFY(add(u"c"_s));
        {
            Transaction deeper = db.beginNested();
            QCOMPARE(db.transactionDepth(), 3);
            QVERIFY(add(u"d"_s));
            // Destroyed without commit: rolled back.
        }
        QCOMPARE(db.transactionDepth(), 2);
        QVERIFY2(nested.commit(), qPrintable(describe(db.lastError())));
    }
    QVERIFY(add(u"e"_s));
    QVERIFY2(outer.commit(), qPrintable(describe(db.lastError())));
    QCOMPARE(namesOf(db, schema), QStringList({ u"a"_s, u"c"_s, u"e"_s }));

    QStringList control;
    for (const QString &sql : recorder.statements()) {
        if (Test::SqlRecorder::isTransactionControl(sql))
            control.append(QString(sql).replace(QRegularExpression(u"qorm_sp_\\d+"_s), u"sp"_s));
    }
    QCOMPARE(control,
             QStringList({ u"BEGIN"_s, u"SAVEPOINT sp"_s, u"ROLLBACK TO SAVEPOINT sp"_s,
                           u"RELEASE SAVEPOINT sp"_s, u"SAVEPOINT sp"_s, u"SAVEPOINT sp"_s,
                           u"ROLLBACK TO SAVEPOINT sp"_s, u"RELEASE SAVEPOINT sp"_s,
                           u"RELEASE SAVEPOINT sp"_s, u"COMMIT"_s }));
}

void tst_Connection::nestedWithoutTransaction()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const auto add = [&](const QString &name) {
        return db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, name } }))
                .isValid();
    };
    {
        // beginNested() begins the transaction too; that transaction ends with the savepoint.
        Transaction nested = db.beginNested();
        QVERIFY(nested.isActive());
        QCOMPARE(db.transactionDepth(), 2);
        QVERIFY(add(u"kept"_s));
        QVERIFY2(nested.commit(), qPrintable(describe(db.lastError())));
        QVERIFY(!db.inTransaction());
    }
    {
        Transaction nested = db.beginNested();
        QVERIFY(add(u"dropped"_s));
    }
    QVERIFY(!db.inTransaction());
    QCOMPARE(namesOf(db, schema), QStringList({ u"kept"_s }));
}

void tst_Connection::transactionMisuse()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const auto add = [&](const QString &name) {
        return db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, name } }))
                .isValid();
    };

    Transaction outer = db.begin();
    Transaction second = db.begin();
    QVERIFY(!second.isActive());
    QCOMPARE(db.lastError().type(), Error::TransactionError);
    QVERIFY(!second.commit());

    Transaction nested = db.beginNested();
    QVERIFY(add(u"x"_s));
    // The savepoint decides about its work first.
    QVERIFY(!outer.commit());
    QCOMPARE(db.lastError().type(), Error::TransactionError);
    QVERIFY2(db.lastError().text().contains(nested.savepointName()),
             qPrintable(db.lastError().text()));
    QVERIFY(outer.isActive());
    QVERIFY(nested.isActive());

    // An outer rollback ends the savepoint as well; its handle notices.
    QVERIFY(outer.rollback());
    QVERIFY(!nested.isActive());
    QVERIFY(!nested.commit());
    QCOMPARE(db.lastError().type(), Error::TransactionError);
    QVERIFY(!outer.commit());
    QCOMPARE(db.lastError().type(), Error::TransactionError);
    QCOMPARE(countRows(db, schema.users), 0);

    // close() ends the transaction; the handle reports it.
    Transaction beforeClose = db.begin();
    QVERIFY(add(u"y"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"active transaction"_s));
    db.close();
    QVERIFY(!beforeClose.isActive());
    QVERIFY(!beforeClose.commit());
    QCOMPARE(db.lastError().type(), Error::TransactionError);
    QVERIFY(!db.isOpen());
    Result closed = db.execute(select({ Function::count() }).from(schema.users));
    QVERIFY(!closed.isValid());
    QCOMPARE(closed.error().type(), Error::InvalidRequestError);
    QVERIFY(db.open());
    QCOMPARE(countRows(db, schema.users), 0);
}

void tst_Connection::commitAfterFailedStatement()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));

    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"taken"_s } })));
    Transaction transaction = db.begin();
    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"a"_s } })));
    QVERIFY(!db.execute(CompiledStatement(u"SELECT * FROM no_such_table"_s)).isValid());
    const bool committed = transaction.commit();
    QVERIFY(!transaction.isActive());
    if (database == u"postgresql") {
        // The failed statement aborted the transaction: the server answers COMMIT with ROLLBACK.
        QVERIFY(!committed);
        QCOMPARE(db.lastError().type(), Error::TransactionError);
        QCOMPARE(countRows(db, schema.users), 1);
    } else {
        QVERIFY2(committed, qPrintable(describe(db.lastError())));
        QCOMPARE(countRows(db, schema.users), 2);
    }
    QVERIFY(!db.inTransaction());

    // A savepoint is how PostgreSQL recovers from a failed statement.
    Transaction outer = db.begin();
    {
        Transaction risky = db.beginNested();
        QCOMPARE(db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"taken"_s } }))
                         .error()
                         .type(),
                 Error::IntegrityError);
        QVERIFY(risky.rollback());
    }
    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"b"_s } })));
    QVERIFY2(outer.commit(), qPrintable(describe(db.lastError())));
    QVERIFY(namesOf(db, schema).contains(u"b"_s));
}

void tst_Connection::transactionOutlivesConnection()
{
    ConnectionSettings settings;
    QString message;
    QVERIFY2(Test::connectionSettings(u"sqlite"_s, &settings, &message), qPrintable(message));
    auto connection = std::make_unique<Connection>(settings);
    QVERIFY(connection->isOpen());
    Transaction transaction = connection->begin();
    QVERIFY(transaction.isActive());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"active transaction"_s));
    connection.reset();
    QVERIFY(!transaction.isActive());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"connection was destroyed"_s));
    QVERIFY(!transaction.commit());
    QVERIFY(!transaction.rollback());
}

void tst_Connection::threadAffinity()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Test::SqlRecorder recorder(db);

    Error executeError;
    Error lastErrorSeen;
    bool transactionActive = true;
    bool open = true;
    int observerId = 0;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        executeError = db.execute(CompiledStatement(u"SELECT 1"_s)).error();
        lastErrorSeen = db.lastError();
        Transaction transaction = db.begin();
        transactionActive = transaction.isActive();
        open = db.isOpen();
        observerId = db.addObserver([](const ExecutedStatement &) {});
    }));
    thread->setObjectName(u"worker"_s);
    const QRegularExpression warning(
            u"called from QThread\\(0x[0-9a-f]+, \"worker\"\\), but the connection belongs to"_s);
    for (int i = 0; i < 5; ++i)
        QTest::ignoreMessage(QtWarningMsg, warning);
    thread->start();
    QVERIFY(thread->wait());

    QCOMPARE(executeError.type(), Error::ThreadAffinityError);
    QVERIFY2(executeError.text().contains(u"\"worker\""_s), qPrintable(executeError.text()));
    QVERIFY2(executeError.text().contains(u"execute"_s), qPrintable(executeError.text()));
    QCOMPARE(lastErrorSeen.type(), Error::ThreadAffinityError);
    QVERIFY(!transactionActive);
    QVERIFY(!open);
    QCOMPARE(observerId, -1);
    // Nothing reached the database, and the owner is unaffected.
    QCOMPARE(recorder.count(), 0);
    QVERIFY(db.isOpen());
    QVERIFY(!db.inTransaction());
    QCOMPARE(db.thread(), QThread::currentThread());
    QCOMPARE(db.execute(CompiledStatement(u"SELECT 1"_s)).scalar().toInt(), 1);
}

void tst_Connection::uniqueViolation()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const Insert alice = insert(schema.users).values(QVariantMap{ { u"name"_s, u"alice"_s } });
    QORM_VERIFY_RESULT(db.execute(alice));

    Result duplicate = db.execute(alice);
    QVERIFY(!duplicate.isValid());
    const Error error = duplicate.error();
    QCOMPARE(error.type(), Error::IntegrityError);
    const QString expectedCode = database == u"sqlite" ? u"2067"_s // SQLITE_CONSTRAINT_UNIQUE
            : database == u"postgresql"                ? u"23505"_s
                                                       : u"1062"_s;
    QCOMPARE(error.nativeErrorCode(), expectedCode);
    QVERIFY(!error.statement().isEmpty());
    QVERIFY(error.boundValues().contains(QVariant(u"alice"_s)));
    QCOMPARE(db.lastError(), error);
    QCOMPARE(db.lastError().typeName(), u"IntegrityError"_s);

    // Primary keys: SQLite has its own extended code for them.
    const Insert explicitId =
            insert(schema.users).values(QVariantMap{ { u"id"_s, 1000 }, { u"name"_s, u"x"_s } });
    QORM_VERIFY_RESULT(db.execute(explicitId));
    Result duplicateKey = db.execute(
            insert(schema.users).values(QVariantMap{ { u"id"_s, 1000 }, { u"name"_s, u"y"_s } }));
    QCOMPARE(duplicateKey.error().type(), Error::IntegrityError);
    if (database == u"sqlite")
        QCOMPARE(duplicateKey.error().nativeErrorCode(), u"1555"_s); // SQLITE_CONSTRAINT_PRIMARYKEY

    // The connection is still usable, and the cached statement too.
    QVERIFY(db.isOpen());
    QCOMPARE(countRows(db, schema.users), 2);
    QORM_VERIFY_RESULT(
            db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"bob"_s } })));
    QCOMPARE(namesOf(db, schema), QStringList({ u"alice"_s, u"bob"_s, u"x"_s }));
}

void tst_Connection::foreignKeyViolation()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    Result orphan = db.execute(
            insert(schema.posts)
                    .values(QVariantMap{ { u"user_id"_s, 999 }, { u"title"_s, u"t"_s } }));
    QVERIFY(!orphan.isValid());
    QCOMPARE(orphan.error().type(), Error::IntegrityError);
    const QString expectedCode = database == u"sqlite" ? u"787"_s // SQLITE_CONSTRAINT_FOREIGNKEY
            : database == u"postgresql"                ? u"23503"_s
                                                       : u"1452"_s;
    QCOMPARE(orphan.error().nativeErrorCode(), expectedCode);

    // Not null is an integrity error too.
    Result missing = db.execute(insert(schema.users).values(QVariantMap{ { u"score"_s, 1.0 } }));
    QCOMPARE(missing.error().type(), Error::IntegrityError);
    QCOMPARE(countRows(db, schema.posts), 0);
}

void tst_Connection::unreachableServer_data()
{
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("databaseName");
    QTest::addColumn<int>("port");
    QTest::newRow("postgresql") << u"QPSQL"_s << u"qorm"_s << 1;
    QTest::newRow("mariadb") << u"QMYSQL"_s << u"qorm"_s << 1;
    QTest::newRow("sqlite") << u"QSQLITE"_s << u"/nonexistent-directory/qorm/test.db"_s << -1;
}

void tst_Connection::unreachableServer()
{
    QFETCH(QString, driver);
    QFETCH(QString, databaseName);
    QFETCH(int, port);
    ConnectionSettings settings;
    settings.driver = driver;
    settings.databaseName = databaseName;
    settings.hostName = u"127.0.0.1"_s;
    settings.port = port;
    settings.userName = u"nobody"_s;
    Connection db(settings);
    QVERIFY(!db.isOpen());
    QCOMPARE(db.lastError().type(), Error::ConnectionError);
    QVERIFY(!db.lastError().text().isEmpty());
    Result result = db.execute(CompiledStatement(u"SELECT 1"_s));
    QVERIFY(!result.isValid());
    QVERIFY(!db.begin().isActive());
    QVERIFY(!db.open());
    QCOMPARE(db.lastError().type(), Error::ConnectionError);

    ConnectionSettings unknown;
    unknown.driver = u"QNOSUCHDRIVER"_s;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"QNOSUCHDRIVER driver not loaded"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"available drivers"_s));
    Connection unknownDriver(unknown);
    QVERIFY(!unknownDriver.isOpen());
    QCOMPARE(unknownDriver.lastError().type(), Error::ConnectionError);
    QVERIFY(unknownDriver.lastError().text().contains(u"QNOSUCHDRIVER"_s));
}

void tst_Connection::reconnect()
{
    QFETCH(QString, database);
    if (database == u"sqlite")
        QSKIP("an SQLite file has no server that could drop the connection");
    QORM_CONNECT_CLEAN(db, database);
    QORM_CONNECT(killer, database);
    const bool postgres = database == u"postgresql";
    const QVariant id = sessionId(db, postgres);
    QVERIFY(id.isValid());
    // Some prepared queries in the cache, to be thrown away with the old session.
    QCOMPARE(db.execute(CompiledStatement(u"SELECT 1 + ?"_s, { 1 })).scalar().toInt(), 2);
    Transaction transaction = db.begin();
    QVERIFY(transaction.isActive());

    QORM_VERIFY_RESULT(killSession(killer, postgres, id));

    QVERIFY(db.statementCacheStatistics().size > 0);
    ignoreUnfreedStatements(db, postgres);
    Result lost = db.execute(CompiledStatement(u"SELECT 1 + ?"_s, { 1 }));
    QVERIFY(!lost.isValid());
    QCOMPARE(lost.error().type(), Error::ConnectionError);
    QVERIFY(!db.isOpen());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"active transaction"_s));
    QVERIFY2(db.open(), qPrintable(describe(db.lastError())));
    QVERIFY(db.isOpen());
    QVERIFY(!transaction.isActive());
    QVERIFY(!db.inTransaction());
    QCOMPARE(db.execute(CompiledStatement(u"SELECT 1 + ?"_s, { 1 })).scalar().toInt(), 2);
    const QVariant newId = sessionId(db, postgres);
    QVERIFY(newId != id);
    if (!postgres) {
        // The session setup was applied again.
        QCOMPARE(db.execute(CompiledStatement(u"SELECT @@SESSION.time_zone"_s)).scalar().toString(),
                 u"+00:00"_s);
    }
}

// A COMMIT on a connection the server dropped is a ConnectionError, not a TransactionError (the
// PostgreSQL driver reports it without a SQLSTATE), and nothing of the transaction stays.
void tst_Connection::commitAfterServerDroppedConnection()
{
    QFETCH(QString, database);
    if (database == u"sqlite")
        QSKIP("an SQLite file has no server that could drop the connection");
    QORM_CONNECT_CLEAN(db, database);
    QORM_CONNECT(killer, database);
    const bool postgres = database == u"postgresql";
    QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"CREATE TABLE dropped (id INTEGER)"_s)));
    const QVariant id = sessionId(db, postgres);
    QVERIFY(id.isValid());
    Transaction transaction = db.begin();
    QVERIFY(transaction.isActive());
    QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"INSERT INTO dropped VALUES (1)"_s)));

    QORM_VERIFY_RESULT(killSession(killer, postgres, id));

    ignoreUnfreedStatements(db, postgres);
    QVERIFY(!transaction.commit());
    QCOMPARE(db.lastError().type(), Error::ConnectionError);
    QVERIFY(!transaction.isActive());
    QVERIFY(!db.isOpen());

    QVERIFY2(db.open(), qPrintable(describe(db.lastError())));
    QCOMPARE(db.execute(CompiledStatement(u"SELECT count(*) FROM dropped"_s)).scalar().toInt(), 0);
}

void tst_Connection::interceptor()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    Test::SqlRecorder recorder(db);

    int seen = 0;
    const int failing = 3;
    db.setInterceptor([&](const CompiledStatement &statement) {
        ++seen;
        if (seen == failing)
            return Error(Error::ConnectionError, u"injected failure of %1"_s.arg(statement.sql()));
        return Error();
    });
    QList<bool> outcomes;
    for (int i = 1; i <= 5; ++i)
        outcomes.append(
                db.execute(insert(schema.numbers).values(QVariantMap{ { u"n"_s, i } })).isValid());
    QCOMPARE(outcomes, QList<bool>({ true, true, false, true, true }));
    QCOMPARE(db.lastError().type(), Error::ConnectionError);
    QVERIFY(db.lastError().text().startsWith(u"injected failure of INSERT"_s));
    QVERIFY(!db.lastError().statement().isEmpty());
    QCOMPARE(recorder.count(), 5);
    QCOMPARE(recorder.executed().at(2).succeeded, false);
    QCOMPARE(recorder.executed().at(2).error.type(), Error::ConnectionError);

    // Transaction control goes through the interceptor too: a failing COMMIT rolls back.
    Transaction transaction = db.begin();
    QORM_VERIFY_RESULT(db.execute(insert(schema.numbers).values(QVariantMap{ { u"n"_s, 6 } })));
    db.setInterceptor([](const CompiledStatement &statement) {
        return statement.sql() == u"COMMIT" ? Error(Error::TransactionError, u"injected"_s)
                                            : Error();
    });
    QVERIFY(!transaction.commit());
    QCOMPARE(db.lastError().text(), u"injected"_s);
    QVERIFY(!db.inTransaction());
    db.setInterceptor(nullptr);
    QCOMPARE(countRows(db, schema.numbers), 4); // neither 3 nor 6
}

void tst_Connection::observers()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));

    QList<ExecutedStatement> seen;
    const int id =
            db.addObserver([&](const ExecutedStatement &executed) { seen.append(executed); });
    QVERIFY(id > 0);
    const Insert statement =
            insert(schema.users)
                    .values(QVariantMap{ { u"name"_s, u"alice"_s }, { u"score"_s, 2.5 } });
    QORM_VERIFY_RESULT(db.execute(statement));
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.at(0).sql, db.dialect().compile(statement).sql());
    QVERIFY(seen.at(0).succeeded);
    QVERIFY(!seen.at(0).error.isValid());
    QVERIFY(seen.at(0).boundValues.contains(QVariant(u"alice"_s)));
    QVERIFY(seen.at(0).boundValues.contains(QVariant(2.5)));

    QVERIFY(!db.execute(statement).isValid());
    QCOMPARE(seen.size(), 2);
    QVERIFY(!seen.at(1).succeeded);
    QCOMPARE(seen.at(1).error.type(), Error::IntegrityError);

    db.removeObserver(id);
    QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"SELECT 1"_s)));
    QCOMPARE(seen.size(), 2);
}

void tst_Connection::returning()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const Table &users = schema.users;
    QVERIFY(db.dialect().supportsReturning(Statement::InsertStatement));

    Result inserted = db.execute(insert(users)
                                         .values(QList<QVariantMap>{ { { u"name"_s, u"a"_s } },
                                                                     { { u"name"_s, u"b"_s } },
                                                                     { { u"name"_s, u"c"_s } } })
                                         .returning({ users[u"id"_s], users[u"name"_s] }));
    QORM_VERIFY_RESULT(inserted);
    QVERIFY(inserted.returnsRows());
    const QList<Row> rows = inserted.all();
    QCOMPARE(rows.size(), 3);
    QSet<int> ids;
    QMap<QString, int> idByName;
    for (const Row &row : rows) {
        QCOMPARE(row.value(0).metaType(), QMetaType::fromType<int>());
        QVERIFY(row.value(0).toInt() > 0);
        ids.insert(row.value(0).toInt());
        idByName.insert(row.value(1).toString(), row.value(0).toInt());
    }
    QCOMPARE(ids.size(), 3);
    QCOMPARE(inserted.numRowsAffected(), 3);

    // The next statements work (MariaDB: a prepared RETURNING would break the connection).
    Result check =
            db.execute(select({ users[u"id"_s], users[u"name"_s] }).orderBy({ users[u"name"_s] }));
    QORM_VERIFY_RESULT(check);
    QMap<QString, int> stored;
    while (check.next())
        stored.insert(check.value(1).toString(), check.value(0).toInt());
    QCOMPARE(stored, idByName);

    // RETURNING twice in a row, and with a transaction around it.
    Transaction transaction = db.begin();
    Result single = db.execute(insert(users)
                                       .values(QVariantMap{ { u"name"_s, u"d"_s } })
                                       .returning({ users[u"id"_s] }));
    QORM_VERIFY_RESULT(single);
    const int dId = single.scalar().toInt();
    QVERIFY(!ids.contains(dId));
    if (db.dialect().supportsReturning(Statement::DeleteStatement)) {
        Result deleted =
                db.execute(deleteFrom(users)
                                   .where(users[u"name"_s].in(QVariantList{ u"a"_s, u"d"_s }))
                                   .returning({ users[u"id"_s] }));
        QORM_VERIFY_RESULT(deleted);
        QList<int> deletedIds;
        for (const Row &row : deleted.all())
            deletedIds.append(row.value(0).toInt());
        std::sort(deletedIds.begin(), deletedIds.end());
        QCOMPARE(deletedIds, QList<int>({ idByName.value(u"a"_s), dId }));
    }
    QVERIFY2(transaction.commit(), qPrintable(describe(db.lastError())));
    QCOMPARE(countRows(db, users),
             db.dialect().supportsReturning(Statement::DeleteStatement) ? 2 : 4);
}

void tst_Connection::hostileValues()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    const Table &users = schema.users;

    QStringList names = { u"it's"_s,
                          u"back\\slash"_s,
                          u"\\'"_s,
                          u"\"double\""_s,
                          u"`tick`"_s,
                          u"'); DROP TABLE users; --"_s,
                          u"? and :name and $1"_s,
                          u"äöü 日本 😀"_s,
                          u"\\\\'' end\\"_s,
                          u"\r\n\t\x1a"_s };
    if (database != u"postgresql") // PostgreSQL text cannot hold NUL
        names.append(u"nul"_s + QChar(0) + u"inside"_s);
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    bytes.append("\\'\"", 3);
    const QDateTime created(QDate(1999, 12, 31), QTime(23, 59, 58, 999), Qt::UTC);

    for (int i = 0; i < names.size(); ++i) {
        const QString &name = names.at(i);
        const QVariantMap values{ { u"name"_s, name },
                                  { u"avatar"_s, bytes },
                                  { u"created"_s, created },
                                  { u"score"_s, 0.1 * (i + 1) },
                                  { u"active"_s, i % 2 == 0 } };
        // Through RETURNING, which on MariaDB is sent with literal values; and a plain INSERT.
        Result returned = db.execute(insert(users).values(values).returning(
                { users[u"name"_s], users[u"avatar"_s], users[u"created"_s], users[u"score"_s] }));
        QORM_VERIFY_RESULT(returned);
        const Row row = returned.one();
        QVERIFY2(row.isValid(), qPrintable(describe(returned.error())));
        QCOMPARE(row.value(0).toString(), name);
        QCOMPARE(row.value(1).toByteArray(), bytes);
        QCOMPARE(row.value(2).toDateTime(), created);
        QCOMPARE(row.value(3).toDouble(), 0.1 * (i + 1));
    }
    for (const QString &name : std::as_const(names)) {
        Result stored =
                db.execute(select({ users[u"name"_s], users[u"avatar"_s], users[u"created"_s] })
                                   .where(users[u"name"_s] == name));
        const Row row = stored.one();
        QVERIFY2(row.isValid(), qPrintable(describe(stored.error()) + u" for "_s + name));
        QCOMPARE(row.value(0).toString(), name);
        QCOMPARE(row.value(1).toByteArray(), bytes);
        QCOMPARE(row.value(2).toDateTime(), created);
    }
    QCOMPARE(countRows(db, users), names.size());
}

void tst_Connection::boundValuesInSelectList()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 3));
    const Table &numbers = schema.numbers;
    // QMYSQL cannot fetch a prepared "SELECT ?" (its buffer is sized before the value is known).
    const Select constant =
            select({ literal(u"a constant longer than its metadata"_s), numbers[u"n"_s] })
                    .orderBy({ numbers[u"n"_s] });
    for (int run = 0; run < 2; ++run) {
        Result result = db.execute(constant);
        QORM_VERIFY_RESULT(result);
        const QList<Row> rows = result.all();
        QORM_VERIFY_RESULT(result);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(2).value(0).toString(), u"a constant longer than its metadata"_s);
        QCOMPARE(rows.at(2).value(1).toInt(), 3);
    }
    const Select labelled = select({ caseWhen({ { numbers[u"n"_s] == 2, Expression(u"two"_s) } },
                                              Expression(u"other than two"_s)) })
                                    .orderBy({ numbers[u"n"_s] });
    QStringList labels;
    for (const Row &row : db.execute(labelled).all())
        labels.append(row.value(0).toString());
    QCOMPARE(labels, QStringList({ u"other than two"_s, u"two"_s, u"other than two"_s }));
    // An empty result of such a statement.
    QVERIFY(!db.execute(select({ literal(u"x"_s) }).from(numbers).where(numbers[u"n"_s] > 5))
                     .first());
}

void tst_Connection::rowsAffectedCountsMatchedRows()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(fillNumbers(db, schema, 3));
    const Table &numbers = schema.numbers;
    // An UPDATE that changes nothing still matched its row (MySQL needs CLIENT_FOUND_ROWS for
    // that).
    Result same = db.execute(update(numbers).set(u"n"_s, 2).where(numbers[u"n"_s] == 2));
    QORM_VERIFY_RESULT(same);
    QCOMPARE(same.numRowsAffected(), 1);
    Result all = db.execute(update(numbers).set(u"n"_s, numbers[u"n"_s]));
    QCOMPARE(all.numRowsAffected(), 3);
    Result none = db.execute(update(numbers).set(u"n"_s, 7).where(numbers[u"n"_s] == 42));
    QCOMPARE(none.numRowsAffected(), 0);
    Result deleted = db.execute(deleteFrom(numbers).where(numbers[u"n"_s] >= 2));
    QCOMPARE(deleted.numRowsAffected(), 2);
}

void tst_Connection::lastInsertId()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const Schema schema = makeSchema();
    QVERIFY2(schema.metadata.createAll(db), qPrintable(describe(db.lastError())));
    Result inserted = db.execute(insert(schema.users).values(QVariantMap{ { u"name"_s, u"a"_s } }));
    QORM_VERIFY_RESULT(inserted);
    Test::SqlRecorder recorder(db);
    if (database == u"postgresql") {
        // Qt would run SELECT lastval(); Qorm does not.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"lastInsertId.*RETURNING"_s));
        QVERIFY(!inserted.lastInsertId().isValid());
        QCOMPARE(recorder.count(), 0);
    } else {
        const QVariant stored = db.execute(select({ schema.users[u"id"_s] })).scalar();
        QCOMPARE(inserted.lastInsertId().toLongLong(), stored.toLongLong());
    }
}

void tst_Connection::createAllDropAll()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    // Two tables that reference each other, and a child of one of them.
    MetaData metadata;
    ColumnOptions toB;
    toB.foreignKey = ForeignKey(u"cycle_b.id"_s);
    ColumnOptions toA;
    toA.foreignKey = ForeignKey(u"cycle_a.id"_s);
    const Table a(metadata, u"cycle_a"_s,
                  { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                    Column(u"b_id"_s, SqlType::integer(), toB) });
    const Table b(metadata, u"cycle_b"_s,
                  { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                    Column(u"a_id"_s, SqlType::integer(), toA) });
    const Table child(metadata, u"cycle_child"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                        Column(u"a_id"_s, SqlType::integer(), toA) });
    QList<std::pair<Table, Constraint>> cycles;
    (void)metadata.sortedTables(&cycles);
    QCOMPARE(cycles.size(), 1);

    QVERIFY2(metadata.createAll(db), qPrintable(describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(a).values(QVariantMap{ { u"id"_s, 1 } })));
    QORM_VERIFY_RESULT(
            db.execute(insert(b).values(QVariantMap{ { u"id"_s, 1 }, { u"a_id"_s, 1 } })));
    QORM_VERIFY_RESULT(db.execute(update(a).set(u"b_id"_s, 1).where(a[u"id"_s] == 1)));
    QORM_VERIFY_RESULT(
            db.execute(insert(child).values(QVariantMap{ { u"id"_s, 1 }, { u"a_id"_s, 1 } })));
    // Both directions of the cycle are enforced.
    QCOMPARE(db.execute(insert(a).values(QVariantMap{ { u"id"_s, 2 }, { u"b_id"_s, 99 } }))
                     .error()
                     .type(),
             Error::IntegrityError);
    QCOMPARE(db.execute(insert(b).values(QVariantMap{ { u"id"_s, 2 }, { u"a_id"_s, 99 } }))
                     .error()
                     .type(),
             Error::IntegrityError);

    // CheckFirst: existing tables are left alone, no constraint is added twice.
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY2(metadata.createAll(db), qPrintable(describe(db.lastError())));
    for (const QString &sql : recorder.statements())
        QVERIFY2(!sql.startsWith(u"CREATE"_s) && !sql.startsWith(u"ALTER"_s), qPrintable(sql));
    QVERIFY(!metadata.createAll(db, CheckFirst::No));
    QVERIFY(db.lastError().isValid());
    QCOMPARE(countRows(db, a), 1);

    // Dropping works with rows in the cycle, and with a cursor still open on one of the tables.
    Result open = db.execute(select({ a[u"id"_s] }));
    QVERIFY(open.next());
    QVERIFY2(metadata.dropAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(!db.execute(select({ Function::count() }).from(a)).isValid());
    QVERIFY(!db.execute(select({ Function::count() }).from(child)).isValid());
    QVERIFY2(metadata.dropAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(!metadata.dropAll(db, CheckFirst::No));
    QVERIFY(db.lastError().isValid());
    QVERIFY(!db.inTransaction());

    // And again from scratch.
    QVERIFY2(metadata.createAll(db, CheckFirst::No), qPrintable(describe(db.lastError())));
    QCOMPARE(countRows(db, a), 0);
    QVERIFY2(metadata.dropAll(db, CheckFirst::No), qPrintable(describe(db.lastError())));
}

void tst_Connection::createAllIsAtomic()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table first(metadata, u"atomic_first"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    const Table second(metadata, u"atomic_second"_s,
                       { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    QORM_VERIFY_RESULT(db.execute(
            CompiledStatement(u"CREATE TABLE atomic_second (id INTEGER PRIMARY KEY)"_s)));

    // CREATE TABLE atomic_second fails; atomic_first is rolled back where DDL is transactional.
    QVERIFY(!metadata.createAll(db, CheckFirst::No));
    const Error error = db.lastError();
    QVERIFY(error.isValid());
    QVERIFY2(error.statement().contains(u"atomic_second"_s), qPrintable(describe(error)));
    QVERIFY(!db.inTransaction());
    const bool firstExists = db.execute(select({ Function::count() }).from(first)).isValid();
    QCOMPARE(firstExists, !db.dialect().supportsTransactionalDdl());

    if (!db.dialect().supportsTransactionalDdl())
        return;
    // Inside a transaction createAll() works in a savepoint, and the transaction decides.
    QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"DROP TABLE atomic_second"_s)));
    Test::SqlRecorder recorder(db);
    Transaction transaction = db.begin();
    QVERIFY2(metadata.createAll(db), qPrintable(describe(db.lastError())));
    QVERIFY(db.inTransaction());
    QCOMPARE(db.transactionDepth(), 1);
    const QStringList statements = recorder.statements();
    QVERIFY(std::any_of(statements.cbegin(), statements.cend(),
                        [](const QString &sql) { return sql.startsWith(u"RELEASE SAVEPOINT"_s); }));
    QVERIFY(db.execute(select({ Function::count() }).from(second)).isValid());
    QVERIFY(transaction.rollback());
    QVERIFY(!db.execute(select({ Function::count() }).from(second)).isValid());
}

void tst_Connection::errorValue()
{
    const Error none;
    QVERIFY(!none.isValid());
    QCOMPARE(none.type(), Error::NoError);
    QCOMPARE(none.typeName(), u"NoError"_s);
    QCOMPARE(none, Error());

    const Error own(Error::StaleDataError, u"expected 1 row"_s);
    QVERIFY(own.isValid());
    QCOMPARE(own.typeName(), u"StaleDataError"_s);
    QCOMPARE(own.text(), u"expected 1 row"_s);
    QVERIFY(own != none);
    const Error withStatement = own.withStatement(u"UPDATE t SET x = ?"_s, { 1 });
    QCOMPARE(withStatement.statement(), u"UPDATE t SET x = ?"_s);
    QVERIFY(own.statement().isEmpty()); // a copy, not the original
    QVERIFY(withStatement != own);

    struct Case
    {
        DialectType dialect;
        const char *code;
        QSqlError::ErrorType qtType;
        Error::Type expected;
    };
    const Case cases[] = {
        { DialectType::SQLite, "19", QSqlError::ConnectionError, Error::IntegrityError },
        { DialectType::SQLite, "2067", QSqlError::ConnectionError, Error::IntegrityError },
        { DialectType::SQLite, "1555", QSqlError::ConnectionError, Error::IntegrityError },
        { DialectType::SQLite, "787", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::SQLite, "275", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::SQLite, "1299", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::SQLite, "5", QSqlError::StatementError, Error::StatementError },
        { DialectType::SQLite, "517", QSqlError::StatementError, Error::StatementError },
        { DialectType::SQLite, "14", QSqlError::StatementError, Error::ConnectionError },
        { DialectType::SQLite, "1", QSqlError::ConnectionError, Error::StatementError },
        { DialectType::PostgreSQL, "23505", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::PostgreSQL, "23503", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::PostgreSQL, "08006", QSqlError::StatementError, Error::ConnectionError },
        { DialectType::PostgreSQL, "57P01", QSqlError::StatementError, Error::ConnectionError },
        { DialectType::PostgreSQL, "40001", QSqlError::StatementError, Error::TransactionError },
        { DialectType::PostgreSQL, "40P01", QSqlError::StatementError, Error::TransactionError },
        { DialectType::PostgreSQL, "25P02", QSqlError::StatementError, Error::TransactionError },
        { DialectType::PostgreSQL, "42P01", QSqlError::StatementError, Error::StatementError },
        { DialectType::MySQL, "1062", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::MySQL, "1452", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::MySQL, "4025", QSqlError::StatementError, Error::IntegrityError },
        { DialectType::MySQL, "2006", QSqlError::StatementError, Error::ConnectionError },
        { DialectType::MySQL, "1927", QSqlError::StatementError, Error::ConnectionError },
        { DialectType::MySQL, "1213", QSqlError::StatementError, Error::TransactionError },
        { DialectType::MySQL, "1205", QSqlError::StatementError, Error::TransactionError },
        { DialectType::MySQL, "1064", QSqlError::ConnectionError, Error::StatementError },
        { DialectType::PostgreSQL, "", QSqlError::ConnectionError, Error::ConnectionError },
        { DialectType::PostgreSQL, "", QSqlError::TransactionError, Error::TransactionError },
        { DialectType::MySQL, "", QSqlError::StatementError, Error::StatementError },
    };
    for (const Case &c : cases) {
        const QSqlError sqlError(u"driver text"_s, u"database text"_s, c.qtType,
                                 QString::fromLatin1(c.code));
        const Error error = Error::fromSqlError(sqlError, c.dialect, u"SQL"_s, { 42 });
        QVERIFY2(error.type() == c.expected,
                 qPrintable(u"code %1: %2"_s.arg(QString::fromLatin1(c.code), error.typeName())));
        QCOMPARE(error.nativeErrorCode(), QString::fromLatin1(c.code));
        QCOMPARE(error.statement(), u"SQL"_s);
        QCOMPARE(error.boundValues(), QVariantList({ 42 }));
        QVERIFY(error.text().contains(u"database text"_s));
        QCOMPARE(error.sqlError().driverText(), u"driver text"_s);
    }
    QVERIFY(!Error::fromSqlError(QSqlError(), DialectType::SQLite).isValid());

    QString printed;
    QDebug(&printed) << Error::fromSqlError(
            QSqlError(u"d"_s, u"UNIQUE constraint failed"_s, QSqlError::StatementError, u"2067"_s),
            DialectType::SQLite, u"INSERT"_s);
    QVERIFY2(printed.contains(u"IntegrityError"_s) && printed.contains(u"2067"_s)
                     && printed.contains(u"INSERT"_s),
             qPrintable(printed));
}

QTEST_GUILESS_MAIN(tst_Connection)
// A Connection moved (explicitly, or by a container growing) keeps its transactions' handles.
void tst_Connection::transactionFollowsMovedConnection()
{
    ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    std::vector<Connection> connections;
    connections.emplace_back(settings);
    QVERIFY(connections.front().isOpen());
    QVERIFY(connections.front()
                    .execute(CompiledStatement(u"CREATE TABLE t (x INTEGER)"_s))
                    .isValid());
    Transaction transaction = connections.front().begin();
    QVERIFY(connections.front()
                    .execute(CompiledStatement(u"INSERT INTO t VALUES (1)"_s))
                    .isValid());
    Connection moved(std::move(connections.front()));
    QVERIFY(moved.inTransaction());
    QVERIFY(transaction.isActive());
    QVERIFY(transaction.commit());
    QVERIFY(!moved.inTransaction());
    QCOMPARE(moved.execute(CompiledStatement(u"SELECT count(*) FROM t"_s)).scalar().toInt(), 1);

    // Assigned over another connection, too.
    Connection target(settings);
    Transaction second = moved.begin();
    target = std::move(moved);
    QVERIFY(second.isActive());
    QVERIFY(second.rollback());
    QVERIFY(!target.inTransaction());
    // Destroyed: the handle says so instead of dangling.
    Transaction third = target.begin();
    {
        Connection gone(std::move(target));
    }
    QVERIFY(!third.isActive());
    QVERIFY(!third.commit());
}

// A Result whose last copy dies in a foreign thread leaves its cursor and the connection's
// bookkeeping alone there; the owner thread releases it when it next executes.
void tst_Connection::resultDestroyedInAnotherThread()
{
    ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    Connection db(settings);
    QVERIFY(db.isOpen());
    QVERIFY(db.execute(CompiledStatement(u"CREATE TABLE t (x INTEGER)"_s)).isValid());
    QVERIFY(db.execute(CompiledStatement(u"INSERT INTO t VALUES (1), (2), (3)"_s)).isValid());
    Result result = db.execute(CompiledStatement(u"SELECT x FROM t ORDER BY x"_s));
    QVERIFY(result.next());
    QCOMPARE(result.value(0).toInt(), 1);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"released from a thread"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"destroyed in a thread"_s));
    std::thread other([moved = std::move(result)]() mutable {
        moved.close();    // ignored: not this thread's cursor
        moved = Result(); // the last copy dies here
    });
    other.join();

    // The owner thread goes on, and the cursor it left open is released on the way.
    QCOMPARE(db.execute(CompiledStatement(u"SELECT count(*) FROM t"_s)).scalar().toInt(), 3);
    QVERIFY(db.execute(CompiledStatement(u"DROP TABLE t"_s)).isValid());
}

#include "tst_connection.moc"
