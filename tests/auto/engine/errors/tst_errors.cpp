// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Errors from real databases: constraint violations are IntegrityErrors with the native code,
// an unreachable server is a ConnectionError (at once, no hang), a bad statement is a
// StatementError carrying its SQL; and none of them leaves the connection unusable.

#include <Qorm/Core>

#include <QtCore/QElapsedTimer>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

struct Fixture
{
    MetaData metadata;
    Table parents;
    Table children;
};

// parents(id, name UNIQUE NOT NULL, amount CHECK amount >= 0), children(id, parent_id -> parents.id
// NOT NULL)
std::unique_ptr<Fixture> makeFixture()
{
    auto fixture = std::make_unique<Fixture>();
    ColumnOptions name;
    name.unique = true;
    name.nullable = false;
    fixture->parents =
            Table(fixture->metadata, u"parents"_s,
                  { Column(u"id"_s, SqlType::integer(),
                           { .primaryKey = true, .autoincrement = Autoincrement::No }),
                    Column(u"name"_s, SqlType::string(50), name),
                    Column(u"amount"_s, SqlType::integer()) },
                  { Constraint::check(text(u"amount >= 0"_s), u"amount_not_negative"_s) });
    ColumnOptions parent;
    parent.nullable = false;
    parent.foreignKey = ForeignKey(u"parents.id"_s);
    fixture->children = Table(fixture->metadata, u"children"_s,
                              { Column(u"id"_s, SqlType::integer(),
                                       { .primaryKey = true, .autoincrement = Autoincrement::No }),
                                Column(u"parent_id"_s, SqlType::integer(), parent) });
    return fixture;
}

QVariantMap parentRow(int id, const QVariant &name, int amount = 1)
{
    return { { u"id"_s, id }, { u"name"_s, name }, { u"amount"_s, amount } };
}

qint64 count(Connection &db, const Table &table)
{
    Result result = db.execute(select({ Function::count() }).from(table));
    return result.isValid() ? result.scalar().toLongLong() : -1;
}

enum class Violation {
    UniqueColumn,
    PrimaryKey,
    ForeignKey,
    NotNull,
    Check,
};

} // namespace

Q_DECLARE_METATYPE(Violation)

#define FIXTURE(database) \
  QORM_CONNECT_CLEAN(db, database); \
  const auto fixtureHolder_ = makeFixture(); \
  const Fixture &fixture = *fixtureHolder_; \
  QVERIFY2(fixture.metadata.createAll(db), qPrintable(Test::describe(db.lastError()))); \
  QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(1, u"first"_s))))

class tst_Errors : public QObject
{
    Q_OBJECT

private slots:
    void integrity_data();
    void integrity();

    void integrityInTransaction_data() { Test::addDatabaseColumn(); }
    void integrityInTransaction();

    void unreachableServer_data();
    void unreachableServer();

    void syntaxError_data() { Test::addDatabaseColumn(); }
    void syntaxError();

    void unknownTable_data() { Test::addDatabaseColumn(); }
    void unknownTable();
};

void tst_Errors::integrity_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<Violation>("violation");
    QTest::addColumn<QStringList>("codes"); // the native codes this database may report

    const std::pair<const char *, Violation> violations[] = {
        { "unique", Violation::UniqueColumn },
        { "primary-key", Violation::PrimaryKey },
        { "foreign-key", Violation::ForeignKey },
        { "not-null", Violation::NotNull },
        { "check", Violation::Check }
    };
    // SQLite extended result codes, PostgreSQL SQLSTATEs, MariaDB error numbers.
    const QHash<QString, QList<QStringList>> codes{
        { u"sqlite"_s,
          { { u"2067"_s }, { u"1555"_s }, { u"787"_s }, { u"1299"_s }, { u"275"_s } } },
        { u"postgresql"_s,
          { { u"23505"_s }, { u"23505"_s }, { u"23503"_s }, { u"23502"_s }, { u"23514"_s } } },
        { u"mariadb"_s,
          { { u"1062"_s }, { u"1062"_s }, { u"1452"_s }, { u"1048"_s }, { u"4025"_s } } },
    };
    for (const QString &database : Test::databases()) {
        for (int i = 0; i < 5; ++i) {
            QTest::addRow("%s:%s", qPrintable(database), violations[i].first)
                    << database << violations[i].second << codes.value(database).at(i);
        }
    }
}

/*
    Each constraint violation is an IntegrityError with the database's native code, the SQL and
    the values; nothing is stored, and the connection goes on working.
*/
void tst_Errors::integrity()
{
    QFETCH(QString, database);
    QFETCH(Violation, violation);
    QFETCH(QStringList, codes);
    FIXTURE(database);

    Statement statement;
    const Table *table = &fixture.parents;
    switch (violation) {
    case Violation::UniqueColumn:
        statement = insert(fixture.parents).values(parentRow(2, u"first"_s));
        break;
    case Violation::PrimaryKey:
        statement = insert(fixture.parents).values(parentRow(1, u"second"_s));
        break;
    case Violation::ForeignKey:
        statement = insert(fixture.children).values({ { u"id"_s, 1 }, { u"parent_id"_s, 42 } });
        table = &fixture.children;
        break;
    case Violation::NotNull:
        statement = insert(fixture.parents)
                            .values(parentRow(2, QVariant(QMetaType::fromType<QString>())));
        break;
    case Violation::Check:
        statement = insert(fixture.parents).values(parentRow(2, u"negative"_s, -5));
        break;
    }
    const qint64 before = count(db, *table);

    Result result = db.execute(statement);
    QVERIFY(!result.isValid());
    const Error error = result.error();
    QVERIFY2(error.type() == Error::IntegrityError, qPrintable(Test::describe(error)));
    QVERIFY2(codes.contains(error.nativeErrorCode()), qPrintable(Test::describe(error)));
    QVERIFY(error.statement().startsWith(u"INSERT INTO"_s));
    QVERIFY(!error.boundValues().isEmpty());
    QVERIFY(!error.text().isEmpty());
    QCOMPARE(db.lastError().type(), Error::IntegrityError);
    QCOMPARE(db.lastError().nativeErrorCode(), error.nativeErrorCode());

    // Nothing stored; the connection still works, also for the same statement shape.
    QVERIFY(db.isOpen());
    QCOMPARE(count(db, *table), before);
    QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(3, u"third"_s))));
    QORM_VERIFY_RESULT(
            db.execute(insert(fixture.children).values({ { u"id"_s, 5 }, { u"parent_id"_s, 3 } })));
    QCOMPARE(count(db, fixture.parents), 2);

    // Deleting a referenced parent is a foreign key violation too.
    if (violation == Violation::ForeignKey) {
        Result referenced =
                db.execute(deleteFrom(fixture.parents).where(fixture.parents[u"id"_s] == 3));
        QVERIFY(!referenced.isValid());
        QCOMPARE(referenced.error().type(), Error::IntegrityError);
        const QStringList deleteCodes{ u"787"_s, u"23503"_s, u"1451"_s };
        QVERIFY2(deleteCodes.contains(referenced.error().nativeErrorCode()),
                 qPrintable(Test::describe(referenced.error())));
    }
}

/*
    A violation inside a transaction. PostgreSQL aborts the whole transaction: every further
    statement fails (SQLSTATE 25P02, a TransactionError) until it is rolled back, and the
    work before the error is lost. SQLite and MariaDB undo only the failing statement: the
    transaction goes on and commits the rest.
*/
void tst_Errors::integrityInTransaction()
{
    QFETCH(QString, database);
    FIXTURE(database);

    Transaction transaction = db.begin();
    QVERIFY2(transaction.isActive(), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(2, u"before"_s))));
    Result duplicate = db.execute(insert(fixture.parents).values(parentRow(3, u"first"_s)));
    QVERIFY(!duplicate.isValid());
    QCOMPARE(duplicate.error().type(), Error::IntegrityError);
    QVERIFY(db.inTransaction());

    Result after = db.execute(insert(fixture.parents).values(parentRow(4, u"after"_s)));
    if (database == u"postgresql"_s) {
        QVERIFY(!after.isValid());
        QCOMPARE(after.error().nativeErrorCode(), u"25P02"_s);
        QCOMPARE(after.error().type(), Error::TransactionError);
        // Committing does not save anything either: PostgreSQL turns the COMMIT into a ROLLBACK.
        QVERIFY(!transaction.commit());
        QVERIFY(!db.inTransaction());
        QCOMPARE(count(db, fixture.parents), 1);
    } else {
        QORM_VERIFY_RESULT(after);
        QVERIFY2(transaction.commit(), qPrintable(Test::describe(db.lastError())));
        QCOMPARE(count(db, fixture.parents), 3);
    }

    // Rolled back explicitly, the connection works again (PostgreSQL's documented recovery).
    Transaction second = db.begin();
    QVERIFY(second.isActive());
    QVERIFY(!db.execute(insert(fixture.parents).values(parentRow(5, u"first"_s))).isValid());
    QVERIFY(second.rollback());
    QVERIFY(!db.inTransaction());
    QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(6, u"later"_s))));
    Result names =
            db.execute(select({ fixture.parents[u"name"_s] }).where(fixture.parents[u"id"_s] == 6));
    QORM_VERIFY_RESULT(names);
    QCOMPARE(names.scalar().toString(), u"later"_s);

    // A savepoint contains the damage on every database, PostgreSQL included.
    Transaction outer = db.begin();
    QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(7, u"kept"_s))));
    {
        Transaction savepoint = db.beginNested();
        QVERIFY(savepoint.isActive());
        QVERIFY(!db.execute(insert(fixture.parents).values(parentRow(8, u"first"_s))).isValid());
        QVERIFY(savepoint.rollback());
    }
    QORM_VERIFY_RESULT(db.execute(insert(fixture.parents).values(parentRow(9, u"also kept"_s))));
    QVERIFY2(outer.commit(), qPrintable(Test::describe(db.lastError())));
    Result kept = db.execute(select({ fixture.parents[u"id"_s] })
                                     .where(fixture.parents[u"id"_s] >= 7)
                                     .orderBy({ fixture.parents[u"id"_s] }));
    QORM_VERIFY_RESULT(kept);
    QList<int> ids;
    while (kept.next())
        ids << kept.value(0).toInt();
    QCOMPARE(ids, QList<int>({ 7, 9 }));
}

void tst_Errors::unreachableServer_data()
{
    QTest::addColumn<QString>("driver");
    for (const QString &driver : { u"QPSQL"_s, u"QMARIADB"_s }) {
        if (QSqlDatabase::isDriverAvailable(driver))
            QTest::newRow(qPrintable(driver)) << driver;
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)
        && !QSqlDatabase::isDriverAvailable(u"QMARIADB"_s))
        QSKIP("neither QPSQL nor QMARIADB is available");
}

/*
    Nothing listens on 127.0.0.1 port 1: opening fails at once with a ConnectionError, and the
    Connection object stays safe to use (statements fail cleanly, opening again fails again).
*/
void tst_Errors::unreachableServer()
{
    QFETCH(QString, driver);
    ConnectionSettings settings;
    settings.driver = driver;
    settings.hostName = u"127.0.0.1"_s;
    settings.port = 1;
    settings.databaseName = u"qorm"_s;
    settings.userName = u"nobody"_s;

    QElapsedTimer timer;
    timer.start();
    Connection db(settings);
    QVERIFY(!db.isOpen());
    QCOMPARE(db.lastError().type(), Error::ConnectionError);
    QVERIFY(!db.lastError().text().isEmpty());
    QVERIFY2(timer.elapsed() < 60000,
             "connecting to a closed port should fail at once, not time out");

    Result result = db.execute(TextSql(u"SELECT 1"_s));
    QVERIFY(!result.isValid());
    QVERIFY(result.error().isValid());
    Transaction transaction = db.begin();
    QVERIFY(!transaction.isActive());
    QVERIFY(!db.open());
    QCOMPARE(db.lastError().type(), Error::ConnectionError);
    QVERIFY(!db.isOpen());
}

// A syntax error through TextSql: a StatementError with the SQL attached; the connection goes on.
void tst_Errors::syntaxError()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const QString sql = u"SELEC 1 FROM nowhere WHERE x = :x"_s;
    Test::SqlRecorder recorder(db);
    Result result = db.execute(TextSql(sql).bind(u"x"_s, 1));
    QVERIFY(!result.isValid());
    const Error error = result.error();
    QCOMPARE(error.type(), Error::StatementError);
    QCOMPARE(error.statement(), u"SELEC 1 FROM nowhere WHERE x = ?"_s);
    QCOMPARE(error.boundValues(), QVariantList{ 1 });
    QVERIFY(!error.nativeErrorCode().isEmpty());
    const QStringList syntaxCodes{ u"1"_s, u"42601"_s, u"1064"_s };
    QVERIFY2(syntaxCodes.contains(error.nativeErrorCode()), qPrintable(Test::describe(error)));
    QCOMPARE(recorder.count(), 1);
    QVERIFY(!recorder.executed().first().succeeded);
    QCOMPARE(recorder.executed().first().error.type(), Error::StatementError);

    // Still usable, twice over (the failed statement left nothing half-prepared behind).
    for (int i = 0; i < 2; ++i) {
        Result ok = db.execute(TextSql(u"SELECT 1 + :x"_s).bind(u"x"_s, i));
        QORM_VERIFY_RESULT(ok);
        QCOMPARE(ok.scalar().toInt(), 1 + i);
    }
    // The same bad statement again fails the same way.
    QCOMPARE(db.execute(TextSql(sql).bind(u"x"_s, 1)).error().type(), Error::StatementError);
}

void tst_Errors::unknownTable()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table missing(metadata, u"missing"_s,
                        { Column(u"id"_s, SqlType::integer(),
                                 { .primaryKey = true, .autoincrement = Autoincrement::No }) });
    Result result = db.execute(select(missing).where(missing[u"id"_s] == 1));
    QVERIFY(!result.isValid());
    QCOMPARE(result.error().type(), Error::StatementError);
    QVERIFY(result.error().statement().contains(u"missing"_s));
    const QStringList codes{ u"1"_s, u"42P01"_s, u"1146"_s };
    QVERIFY2(codes.contains(result.error().nativeErrorCode()),
             qPrintable(Test::describe(result.error())));
    // Created now, the same statement works.
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    Result works = db.execute(select(missing).where(missing[u"id"_s] == 1));
    QORM_VERIFY_RESULT(works);
    QCOMPARE(works.all().size(), 0);
}

QTEST_GUILESS_MAIN(tst_Errors)

#include "tst_errors.moc"
