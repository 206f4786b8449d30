// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// SQLite connections run their prepared statements through the SQLite C API on QSQLITE's own
// handle (src/engine/sqlitestatement.cpp). That path must be indistinguishable from QSqlQuery:
// every value written by either path and read by either path comes back as QSqlQuery alone
// gives it (type and bits), and errors, counts, keys and column names agree.

#include <Qorm/Core>

#include <QtCore/QDateTime>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtTest/QTest>

#include <cmath>
#include <cstring>
#include <databases.h>
#include <limits>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// Same type, same nullness, same bits for doubles, same contents otherwise.
bool identical(const QVariant &a, const QVariant &b)
{
    if (a.metaType() != b.metaType() || a.isNull() != b.isNull())
        return false;
    if (a.metaType() == QMetaType::fromType<double>()) {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return std::memcmp(&x, &y, sizeof(double)) == 0;
    }
    return a == b;
}

CompiledStatement sql(const QString &text, const QVariantList &values = {})
{
    return CompiledStatement(text, values);
}

struct Outcome
{
    bool ok = false;
    Error error;
    QStringList names;
    QList<QVariantList> rows;
    int rowsAffected = -1;
    QVariant lastInsertId;
};

Outcome run(Connection &connection, const CompiledStatement &statement)
{
    Outcome outcome;
    Result result = connection.execute(statement);
    outcome.ok = result.isValid();
    outcome.error = result.error();
    if (!outcome.ok)
        return outcome;
    outcome.names = result.columnNames();
    outcome.rowsAffected = result.numRowsAffected();
    outcome.lastInsertId = result.lastInsertId();
    while (result.next())
        outcome.rows.append(result.row().values());
    if (result.error().isValid()) {
        outcome.ok = false;
        outcome.error = result.error();
    }
    return outcome;
}

QString compare(const Outcome &native, const Outcome &qt)
{
    if (native.ok != qt.ok)
        return u"succeeded %1 vs %2"_s.arg(native.ok).arg(qt.ok);
    if (native.error.type() != qt.error.type()
        || native.error.nativeErrorCode() != qt.error.nativeErrorCode()
        || native.error.text() != qt.error.text()
        || native.error.sqlError().type() != qt.error.sqlError().type())
        return u"error %1 vs %2"_s.arg(Test::describe(native.error), Test::describe(qt.error));
    if (native.names != qt.names)
        return u"names %1 vs %2"_s.arg(native.names.join(u','), qt.names.join(u','));
    if (native.rowsAffected != qt.rowsAffected)
        return u"rows affected %1 vs %2"_s.arg(native.rowsAffected).arg(qt.rowsAffected);
    if (!identical(native.lastInsertId, qt.lastInsertId))
        return u"last insert id %1 vs %2"_s.arg(Test::describe(native.lastInsertId),
                                                Test::describe(qt.lastInsertId));
    if (native.rows.size() != qt.rows.size())
        return u"%1 rows vs %2"_s.arg(native.rows.size()).arg(qt.rows.size());
    for (qsizetype r = 0; r < native.rows.size(); ++r) {
        const QVariantList &a = native.rows.at(r);
        const QVariantList &b = qt.rows.at(r);
        if (a.size() != b.size())
            return u"row %1: %2 columns vs %3"_s.arg(r).arg(a.size()).arg(b.size());
        for (qsizetype c = 0; c < a.size(); ++c) {
            if (!identical(a.at(c), b.at(c)))
                return u"row %1 column %2: %3 vs %4"_s.arg(r).arg(c).arg(Test::describe(a.at(c)),
                                                                         Test::describe(b.at(c)));
        }
    }
    return {};
}

const QString schema[] = {
    u"CREATE TABLE t (id INTEGER PRIMARY KEY, v, w TEXT)"_s,
    u"CREATE TABLE parent (id INTEGER PRIMARY KEY)"_s,
    u"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES "
    u"parent(id), "
    u"amount INTEGER CHECK (amount >= 0), code TEXT UNIQUE)"_s,
};

} // namespace

class tst_SqliteNative : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    // A fresh database file with the schema; `native` chooses the path.
    std::unique_ptr<Connection> open(bool native, QString *file = nullptr)
    {
        ConnectionSettings settings;
        settings.driver = u"QSQLITE"_s;
        settings.databaseName = m_dir.filePath(u"db%1.sqlite"_s.arg(++m_files));
        settings.nativeSqlite = native;
        if (file)
            *file = settings.databaseName;
        auto connection = std::make_unique<Connection>(settings);
        if (!connection->isOpen())
            return nullptr;
        for (const QString &statement : schema) {
            if (!connection->execute(sql(statement)).isValid())
                return nullptr;
        }
        return connection;
    }

    // A second connection on an existing file, through the other path.
    static std::unique_ptr<Connection> reopen(const QString &file, bool native)
    {
        ConnectionSettings settings;
        settings.driver = u"QSQLITE"_s;
        settings.databaseName = file;
        settings.nativeSqlite = native;
        auto connection = std::make_unique<Connection>(settings);
        return connection->isOpen() ? std::move(connection) : nullptr;
    }

private slots:
    void nativePathIsUsed()
    {
        const auto native = open(true);
        const auto qt = open(false);
        QVERIFY(native && qt);
        QVERIFY2(native->usesNativeSqlite(),
                 "the QSQLITE plugin on this machine does not share Qorm's libsqlite3: this test "
                 "would compare QSqlQuery with itself");
        QVERIFY(!qt->usesNativeSqlite());

        // The test databases use it too, so every SQLite test runs this path.
        QString error;
        const auto test = Test::connect(u"sqlite"_s, &error);
        QVERIFY2(test, qPrintable(error));
        QVERIFY(test->usesNativeSqlite());

        // A QSqlDatabase that Qorm only borrows may be closed behind its back: never native.
        QSqlDatabase borrowed = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"borrowed"_s);
        borrowed.setDatabaseName(m_dir.filePath(u"borrowed.sqlite"_s));
        {
            Connection connection(borrowed);
            QVERIFY(connection.isOpen());
            QVERIFY(!connection.usesNativeSqlite());
        }
        borrowed = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"borrowed"_s);
    }

    void values_data()
    {
        QTest::addColumn<QVariant>("value");
        const auto row = [](const char *name, const QVariant &value) {
            QTest::newRow(name) << value;
        };
        row("invalid", QVariant());
        row("null string", QVariant(QMetaType::fromType<QString>()));
        row("empty string", QVariant(QString(u""_s)));
        row("ascii", QVariant(u"plain ascii text"_s));
        row("latin-1", QVariant(u"héllo wörld"_s));
        row("emoji", QVariant(u"smile \U0001F600 end"_s));
        row("embedded NUL", QVariant(QString::fromUtf16(u"a\0b", 3)));
        row("replacement char", QVariant(QString(QChar(0xFFFD))));
        row("1 MB ascii", QVariant(QString(1 << 20, u'a')));
        row("1 MB non-ascii", QVariant(QString(1 << 20, QChar(0x00E9))));
        row("int 0", QVariant(0));
        row("int min", QVariant(std::numeric_limits<int>::min()));
        row("int max", QVariant(std::numeric_limits<int>::max()));
        row("int64 min", QVariant(std::numeric_limits<qint64>::min()));
        row("int64 max", QVariant(std::numeric_limits<qint64>::max()));
        row("uint max", QVariant(std::numeric_limits<uint>::max()));
        row("uint64 at int64 max", QVariant(quint64(std::numeric_limits<qint64>::max())));
        row("short", QVariant::fromValue(short(-7)));
        row("double", QVariant(0.1));
        row("negative zero", QVariant(-0.0));
        row("NaN", QVariant(std::numeric_limits<double>::quiet_NaN()));
        row("infinity", QVariant(std::numeric_limits<double>::infinity()));
        row("-infinity", QVariant(-std::numeric_limits<double>::infinity()));
        row("denormal", QVariant(std::numeric_limits<double>::denorm_min()));
        row("bool true", QVariant(true));
        row("bool false", QVariant(false));
        row("null bytes", QVariant(QByteArray()));
        row("empty bytes", QVariant(QByteArray("")));
        row("binary", QVariant(QByteArray("\0\xff\x01\x80 z", 6)));
        row("date-time", QVariant(QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC)));
        row("null date-time", QVariant(QDateTime()));
        row("time", QVariant(QTime(23, 59, 58, 7)));
        row("date", QVariant(QDate(1, 1, 1)));
        row("uuid", QVariant(QUuid(u"{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"_s)));
    }

    // Written by each path, read by each path: always what QSqlQuery alone gives.
    // What no database stores as it is fails before it is sent, on both paths, and stores
    // nothing (the unstorable values are tested on every database in tst_roundtrip).
    void unstorableValues_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::newRow("lone high surrogate") << QVariant(QString(QChar(0xD800)) + u"x"_s);
        QTest::newRow("lone low surrogate") << QVariant(u"x"_s + QChar(0xDC00));
        QTest::newRow("uint64 max") << QVariant(std::numeric_limits<quint64>::max());
    }
    void unstorableValues()
    {
        QFETCH(QVariant, value);
        for (const bool native : { true, false }) {
            const auto db = open(native);
            QVERIFY(db);
            const Outcome written =
                    run(*db, sql(u"INSERT INTO t (id, v, w) VALUES (7, ?, ?)"_s, { value, 1 }));
            QVERIFY(!written.ok);
            QCOMPARE(written.error.type(), Error::InvalidRequestError);
            QVERIFY2(written.error.text().startsWith(u"value 1 "_s),
                     qPrintable(written.error.text()));
            const Outcome count = run(*db, sql(u"SELECT count(*) FROM t"_s));
            QVERIFY2(count.ok, qPrintable(Test::describe(count.error)));
            QCOMPARE(count.rows.value(0).value(0).toInt(), 0);
        }
    }

    void values()
    {
        QFETCH(QVariant, value);
        const CompiledStatement insert =
                sql(u"INSERT INTO t (id, v, w) VALUES (7, ?, ?)"_s, { value, value });
        const CompiledStatement select = sql(u"SELECT v, w, typeof(v), length(v) FROM t"_s);

        QString qtFile;
        const auto qtWriter = open(false, &qtFile);
        QVERIFY(qtWriter);
        const Outcome written = run(*qtWriter, insert);
        QVERIFY2(written.ok, qPrintable(Test::describe(written.error)));
        const Outcome expected = run(*qtWriter, select);
        QVERIFY2(expected.ok, qPrintable(Test::describe(expected.error)));
        QCOMPARE(expected.rows.size(), 1);

        QString nativeFile;
        const auto nativeWriter = open(true, &nativeFile);
        QVERIFY(nativeWriter && nativeWriter->usesNativeSqlite());
        const Outcome nativeWritten = run(*nativeWriter, insert);
        QCOMPARE(compare(nativeWritten, written), QString());

        for (const QString &file : { qtFile, nativeFile }) {
            for (const bool native : { true, false }) {
                const auto reader = reopen(file, native);
                QVERIFY(reader);
                const Outcome read = run(*reader, select);
                QVERIFY2(compare(read, expected).isEmpty(),
                         qPrintable(u"written %1, read %2: %3"_s.arg(
                                 file == qtFile ? u"by QSqlQuery"_s : u"natively"_s,
                                 native ? u"natively"_s : u"by QSqlQuery"_s,
                                 compare(read, expected))));
            }
        }
    }

    // ASCII strings share one UTF-8 buffer per execution; others are bound as UTF-16.
    void mixedStringsInOneStatement()
    {
        QVariantList values;
        QString placeholders;
        for (int i = 0; i < 300; ++i) {
            QString v;
            switch (i % 5) {
            case 0:
                v = u"ascii %1"_s.arg(i);
                break;
            case 1:
                v = u"é %1"_s.arg(i);
                break;
            case 2:
                v = QString();
                break;
            case 3:
                v = QString(i, u'x');
                break;
            case 4:
                v = u"\U0001F600 "_s + QString::number(i); // a surrogate pair
                break;
            }
            values << QVariant(qint64(i + 1))
                   << (v.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(v));
            placeholders += i ? u", (?, ?)"_s : u"(?, ?)"_s;
        }
        const CompiledStatement insert =
                sql(u"INSERT INTO t (id, v) VALUES "_s + placeholders, values);
        const CompiledStatement select = sql(u"SELECT id, v FROM t ORDER BY id"_s);
        const auto native = open(true);
        const auto qt = open(false);
        QVERIFY(native && qt);
        for (int round = 0; round < 2; ++round) { // the second run reuses the cached statement
            QCOMPARE(compare(run(*native, insert), run(*qt, insert)), QString());
            const Outcome expected = run(*qt, select);
            QCOMPARE(expected.rows.size(), 300);
            for (int i = 0; i < 300; ++i)
                QVERIFY2(identical(expected.rows.at(i).at(1), values.at(2 * i + 1)),
                         qPrintable(u"%1: %2 vs %3"_s.arg(i).arg(
                                 Test::describe(expected.rows.at(i).at(1)),
                                 Test::describe(values.at(2 * i + 1)))));
            QCOMPARE(compare(run(*native, select), expected), QString());
            QVERIFY(run(*native, sql(u"DELETE FROM t"_s)).ok);
            QVERIFY(run(*qt, sql(u"DELETE FROM t"_s)).ok);
        }
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QVariantList>("values");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("code");

        const QStringList parent = { u"INSERT INTO parent (id) VALUES (1)"_s };
        QTest::newRow("primary key")
                << QStringList{ u"INSERT INTO t (id) VALUES (1)"_s }
                << u"INSERT INTO t (id, v) VALUES (?, ?)"_s << QVariantList{ 1, u"x"_s }
                << int(Error::IntegrityError) << u"1555"_s;
        QTest::newRow("unique")
                << (parent
                    + QStringList{ u"INSERT INTO child (id, parent_id, code) VALUES (1, 1, 'a')"_s })
                << u"INSERT INTO child (id, parent_id, code) VALUES (?, 1, ?)"_s
                << QVariantList{ 2, u"a"_s } << int(Error::IntegrityError) << u"2067"_s;
        QTest::newRow("not null") << parent << u"INSERT INTO child (id, parent_id) VALUES (?, ?)"_s
                                  << QVariantList{ 1, QVariant() } << int(Error::IntegrityError)
                                  << u"1299"_s;
        QTest::newRow("foreign key")
                << parent << u"INSERT INTO child (id, parent_id) VALUES (?, ?)"_s
                << QVariantList{ 1, 99 } << int(Error::IntegrityError) << u"787"_s;
        QTest::newRow("check") << parent
                               << u"INSERT INTO child (id, parent_id, amount) VALUES (?, 1, ?)"_s
                               << QVariantList{ 1, -5 } << int(Error::IntegrityError) << u"275"_s;
        QTest::newRow("syntax") << QStringList() << u"SELEC ?"_s << QVariantList{ 1 }
                                << int(Error::StatementError) << u"1"_s;
        QTest::newRow("no such table") << QStringList() << u"SELECT * FROM missing WHERE 1 = ?"_s
                                       << QVariantList{ 1 } << int(Error::StatementError) << u"1"_s;
        QTest::newRow("two statements")
                << QStringList() << u"SELECT ?; SELECT 2"_s << QVariantList{ 1 }
                << int(Error::StatementError) << u"21"_s;
        QTest::newRow("parameter count") << QStringList() << u"SELECT ?"_s << QVariantList{ 1, 2 }
                                         << int(Error::StatementError) << QString();
    }

    void errors()
    {
        QFETCH(QStringList, setup);
        QFETCH(QString, statement);
        QFETCH(QVariantList, values);
        QFETCH(int, type);
        QFETCH(QString, code);
        const auto native = open(true);
        const auto qt = open(false);
        QVERIFY(native && qt);
        for (const QString &step : std::as_const(setup)) {
            QVERIFY(run(*native, sql(step)).ok);
            QVERIFY(run(*qt, sql(step)).ok);
        }
        const Outcome expected = run(*qt, sql(statement, values));
        QVERIFY(!expected.ok);
        QCOMPARE(int(expected.error.type()), type);
        QCOMPARE(expected.error.nativeErrorCode(), code);
        const Outcome actual = run(*native, sql(statement, values));
        QCOMPARE(compare(actual, expected), QString());
        QCOMPARE(actual.error.sqlError().driverText(), expected.error.sqlError().driverText());
        QCOMPARE(actual.error.sqlError().databaseText(), expected.error.sqlError().databaseText());
        // The statement is usable again after its error.
        QVERIFY(run(*native, sql(u"SELECT count(*) FROM t"_s)).ok);
    }

    void countsKeysAndNames()
    {
        const auto native = open(true);
        const auto qt = open(false);
        QVERIFY(native && qt);
        const QList<CompiledStatement> statements = {
            sql(u"INSERT INTO t (v) VALUES (?)"_s, { u"a"_s }),
            sql(u"INSERT INTO t (v) VALUES (?), (?), (?)"_s, { 1, 2.5, QByteArray("b") }),
            sql(u"UPDATE t SET w = ? WHERE id <= ?"_s, { u"w"_s, 3 }),
            sql(u"UPDATE t SET w = ? WHERE id > ?"_s, { u"none"_s, 100 }),
            sql(u"INSERT INTO t (v) VALUES (?), (?) RETURNING id, v"_s, { u"r1"_s, u"r2"_s }),
            sql(u"SELECT id AS \"my id\", v, w FROM t WHERE id > ? ORDER BY id"_s, { 0 }),
            sql(u"SELECT v FROM t WHERE id = ?"_s, { 1000 }),
            sql(u"DELETE FROM t WHERE id >= ?"_s, { 2 }),
            sql(u"SELECT count(*), sum(id), max(v) FROM t WHERE 1 = ?"_s, { 1 }),
        };
        for (const CompiledStatement &statement : statements) {
            const Outcome expected = run(*qt, statement);
            QVERIFY2(expected.ok, qPrintable(Test::describe(expected.error)));
            QCOMPARE(compare(run(*native, statement), expected), QString());
        }
        const Outcome returning = run(*native, statements.at(4));
        QCOMPARE(returning.rows.size(), 2);
        QCOMPARE(returning.rows.at(1).at(1), QVariant(u"r2"_s));
    }

    // Closing with a half-read cursor and cached statements: SQLite's handle closes cleanly
    // (QSQLITE's sqlite3_close() fails while any statement is left unfinalized).
    void closeWithOpenCursor()
    {
        QString file;
        auto native = open(true, &file);
        QVERIFY(native);
        QVariantList values;
        QString placeholders;
        for (int i = 0; i < 500; ++i) {
            values << QVariant(u"row %1"_s.arg(i));
            placeholders += i ? u", (?)"_s : u"(?)"_s;
        }
        QVERIFY(run(*native, sql(u"INSERT INTO t (v) VALUES "_s + placeholders, values)).ok);
        Result cursor =
                native->execute(sql(u"SELECT id, v FROM t WHERE id > ? ORDER BY id"_s, { 0 }));
        QVERIFY(cursor.next());
        QCOMPARE(cursor.value(1), QVariant(u"row 0"_s));
        native->close();
        {
            const QSqlDatabase database = native->database();
            QVERIFY2(!database.lastError().isValid(), qPrintable(database.lastError().text()));
        }
        // The rows were read into memory before the close.
        int rows = 1;
        while (cursor.next())
            ++rows;
        QCOMPARE(rows, 500);
        QVERIFY(!cursor.error().isValid());

        QVERIFY(native->open());
        QVERIFY(native->usesNativeSqlite());
        QVERIFY(run(*native, sql(u"DELETE FROM t WHERE id > ?"_s, { 250 })).ok);
        native.reset();
        const auto other = reopen(file, false);
        QVERIFY(other);
        const Outcome count = run(*other, sql(u"SELECT count(*) FROM t"_s));
        QCOMPARE(count.rows.value(0).value(0), QVariant(qint64(250)));
    }
};

QTEST_GUILESS_MAIN(tst_SqliteNative)
#include "tst_sqlitenative.moc"
