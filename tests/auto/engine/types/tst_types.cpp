// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Every SqlType kind, stored with MetaData::createAll + insert() and read back with select()
// on every configured database: the value and its C++ type (SqlType::valueType()) must survive.
//
// The process runs in a time zone with a non-zero offset and daylight saving time (see main()),
// so that code which treats a server's UTC wall-clock time as local time is caught.

#include <Qorm/Core>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

#include <cmath>
#include <cstring>
#include <databases.h>
#include <limits>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// One table "value_table"(id INTEGER PRIMARY KEY, v <type> NULL).
struct ValueTable
{
    MetaData metadata;
    Table table;
};

std::unique_ptr<ValueTable> valueTable(const SqlType &type, const ColumnOptions &valueOptions = {})
{
    auto schema = std::make_unique<ValueTable>();
    schema->table = Table(schema->metadata, u"value_table"_s,
                          { Column(u"id"_s, SqlType::integer(),
                                   { .primaryKey = true, .autoincrement = Autoincrement::No }),
                            Column(u"v"_s, type, valueOptions) });
    return schema;
}

// The same bits: tells 0.0 from -0.0 and compares NaN payloads exactly.
bool sameDouble(double a, double b)
{
    return std::memcmp(&a, &b, sizeof(double)) == 0;
}

QStringList texts(Result &result)
{
    QStringList rows;
    while (result.next())
        rows << result.value(0).toString();
    return rows;
}

// A string of `size` characters mixing ASCII, Latin-1, CJK and surrogate pairs.
QString bigText(qsizetype size)
{
    static const QString alphabet =
            u"abcdefghijklmnopqrstuvwxyz0123456789 'quoted' \"double\" \\ % _ \n\tÄÖÜß日本語😀"_s;
    QString text;
    text.reserve(size);
    while (text.size() < size)
        text += alphabet;
    text.truncate(size);
    if (text.back().isHighSurrogate())
        text.back() = u'x';
    return text;
}

QByteArray allBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

QByteArray bigBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    quint32 state = 12345;
    for (qsizetype i = 0; i < size; ++i) {
        state = state * 1103515245u + 12345u; // every byte value, NUL included, many times
        bytes[i] = char(state >> 24);
    }
    return bytes;
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second, int millisecond)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, millisecond),
                     QTimeZone::utc());
}

// How a read-back value is judged.
enum class Check {
    Exact,         // the same value (doubles: the same bits)
    FifteenDigits, // a numeric string equal to the expected one to 15 significant digits
    OneUlp,        // a double at most one unit in the last place away
    StoredAsNull,  // the database stores NULL instead
    InsertFails,   // the database refuses the value
};

} // namespace

class tst_Types : public QObject
{
    Q_OBJECT

public:
    enum class Color {
        Red,
        Green,
        Blue = 7,
    };
    Q_ENUM(Color)

private slots:
    void initTestCase();

    void roundTrip_data();
    void roundTrip();

    void nullOfEveryType_data();
    void nullOfEveryType();

    void nullValuesOfQtTypesBindNull_data() { Test::addDatabaseColumn(); }
    void nullValuesOfQtTypesBindNull();

    void nullVersusEmpty_data() { Test::addDatabaseColumn(); }
    void nullVersusEmpty();

    void dateTimeServerDefaultNow_data() { Test::addDatabaseColumn(); }
    void dateTimeServerDefaultNow();

    void storedForm_data() { Test::addDatabaseColumn(); }
    void storedForm();

    void textSqlBinds_data();
    void textSqlBinds();

    void enumUnknownKey_data() { Test::addDatabaseColumn(); }
    void enumUnknownKey();

    void numericSqliteKeepsFifteenDigits();
    void numericExactWithHighPrecision_data();
    void numericExactWithHighPrecision();

private:
    void checkValue(const QString &database, const SqlType &type, const QVariant &actual,
                    const QVariant &expected, Check check);
    void addCase(const char *name, const SqlType &type, const QVariant &input,
                 const QVariant &expected, const QStringList &databases = {},
                 Check check = Check::Exact);
    void addCase(const char *name, const SqlType &type, const QVariant &value)
    {
        addCase(name, type, value, value);
    }
};

Q_DECLARE_METATYPE(Check)

void tst_Types::initTestCase()
{
    QVERIFY2(QDateTime(QDate(2024, 7, 1), QTime(12, 0)).offsetFromUtc() != 0,
             "main() should have set a local time zone away from UTC");
}

/*
    Rows "<database>:<case>" for the databases in `databases` (all configured ones when empty).
*/
void tst_Types::addCase(const char *name, const SqlType &type, const QVariant &input,
                        const QVariant &expected, const QStringList &databases, Check check)
{
    for (const QString &database : Test::databases()) {
        if (!databases.isEmpty() && !databases.contains(database))
            continue;
        QTest::addRow("%s:%s", qPrintable(database), name)
                << database << type << input << expected << check;
    }
}

void tst_Types::roundTrip_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<Check>("check");

    const QStringList all = Test::databases();
    const QStringList servers{ u"postgresql"_s, u"mariadb"_s };
    const QStringList sqlite{ u"sqlite"_s };
    const QStringList postgresql{ u"postgresql"_s };
    const QStringList mariadb{ u"mariadb"_s };

    // Integers
    addCase("integer-zero", SqlType::integer(), 0);
    addCase("integer-max", SqlType::integer(), std::numeric_limits<int>::max());
    addCase("integer-min", SqlType::integer(), std::numeric_limits<int>::min());
    addCase("integer-from-qint64", SqlType::integer(), QVariant(qint64(-42)), QVariant(-42));
    addCase("biginteger-max", SqlType::bigInteger(), std::numeric_limits<qint64>::max());
    addCase("biginteger-min", SqlType::bigInteger(), std::numeric_limits<qint64>::min());
    addCase("biginteger-2^53+1", SqlType::bigInteger(), (qint64(1) << 53) + 1);
    addCase("biginteger-negative-2^53+1", SqlType::bigInteger(), -((qint64(1) << 53) + 1));
    addCase("biginteger-from-int", SqlType::bigInteger(), 7, QVariant(qint64(7)));
    addCase("biginteger-from-quint64", SqlType::bigInteger(), QVariant(quint64(1) << 62),
            QVariant(qint64(1) << 62));
    addCase("smallinteger-max", SqlType::smallInteger(), QVariant::fromValue(short(32767)));
    addCase("smallinteger-min", SqlType::smallInteger(), QVariant::fromValue(short(-32768)));
    addCase("smallinteger-from-int", SqlType::smallInteger(), 12, QVariant::fromValue(short(12)));

    // Booleans
    addCase("boolean-true", SqlType::boolean(), true);
    addCase("boolean-false", SqlType::boolean(), false);

    // Doubles: the same bits back.
    addCase("double-zero", SqlType::doublePrecision(), 0.0);
    addCase("double-pi", SqlType::doublePrecision(), 3.141592653589793);
    addCase("double-one-tenth", SqlType::doublePrecision(), 0.1);
    addCase("double-max", SqlType::doublePrecision(), std::numeric_limits<double>::max());
    addCase("double-lowest", SqlType::doublePrecision(), std::numeric_limits<double>::lowest());
    addCase("double-min-normal", SqlType::doublePrecision(), std::numeric_limits<double>::min());
    // A double that needs all 17 significant digits. QMYSQL reads the DOUBLE columns of a
    // prepared statement's result as text, and MariaDB Connector/C writes that text with 16
    // digits: such values come back within one ulp there (the stored value is exact).
    addCase("double-17-digits", SqlType::doublePrecision(), -1.2345678901234567e-300,
            -1.2345678901234567e-300, { u"sqlite"_s, u"postgresql"_s });
    addCase("double-17-digits", SqlType::doublePrecision(), -1.2345678901234567e-300,
            -1.2345678901234567e-300, mariadb, Check::OneUlp);
    addCase("double-denormal", SqlType::doublePrecision(),
            std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::denorm_min());
    addCase("double-large", SqlType::doublePrecision(), 6.02214076e23);
    addCase("double-2^53+2", SqlType::doublePrecision(), 9007199254740994.0);
    // Infinities and NaN: PostgreSQL has them all; MariaDB refuses them (error 1264, out of
    // range); SQLite keeps infinities but stores NaN as NULL.
    const double infinity = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    addCase("double-infinity", SqlType::doublePrecision(), infinity, infinity,
            { u"sqlite"_s, u"postgresql"_s });
    addCase("double-infinity", SqlType::doublePrecision(), infinity, infinity, mariadb,
            Check::InsertFails);
    addCase("double-negative-infinity", SqlType::doublePrecision(), -infinity, -infinity,
            { u"sqlite"_s, u"postgresql"_s });
    addCase("double-negative-infinity", SqlType::doublePrecision(), -infinity, -infinity, mariadb,
            Check::InsertFails);
    addCase("double-nan", SqlType::doublePrecision(), nan, nan, postgresql);
    addCase("double-nan", SqlType::doublePrecision(), nan, nan, sqlite, Check::StoredAsNull);
    addCase("double-nan", SqlType::doublePrecision(), nan, nan, mariadb, Check::InsertFails);
    // Negative zero: PostgreSQL keeps the sign. MariaDB turns -0 into 0 (even SELECT -0e0 gives 0),
    // and SQLite stores a REAL without fractional part as an integer (its documented storage
    // optimisation): there -0.0 comes back as 0.0.
    addCase("double-negative-zero", SqlType::doublePrecision(), -0.0, -0.0, postgresql);
    addCase("double-negative-zero", SqlType::doublePrecision(), -0.0, 0.0,
            { u"sqlite"_s, u"mariadb"_s });

    // Numeric(20, 6): PostgreSQL and MariaDB keep every digit; SQLite has no decimal storage and
    // promises about 15 significant digits (values needing no more are exact, see below).
    const SqlType numeric = SqlType::numeric(20, 6);
    addCase("numeric-20-digits", numeric, u"12345678901234.123456"_s, u"12345678901234.123456"_s,
            servers);
    addCase("numeric-20-digits", numeric, u"12345678901234.123456"_s, u"12345678901234.123456"_s,
            sqlite, Check::FifteenDigits);
    addCase("numeric-20-nines-negative", numeric, u"-99999999999999.999999"_s,
            u"-99999999999999.999999"_s, servers);
    addCase("numeric-20-nines-negative", numeric, u"-99999999999999.999999"_s,
            u"-99999999999999.999999"_s, sqlite, Check::FifteenDigits);
    addCase("numeric-smallest-step", numeric, u"0.000001"_s, u"0.000001"_s);
    addCase("numeric-15-digits", numeric, u"123456789.123456"_s, u"123456789.123456"_s);
    addCase("numeric-padded-to-scale", numeric, u"1.5"_s, u"1.500000"_s);
    addCase("numeric-integer-padded-to-scale", numeric, u"42"_s, u"42.000000"_s);
    addCase("numeric-zero", numeric, u"0"_s, u"0.000000"_s);
    addCase("numeric-from-double", numeric, 2.25, u"2.250000"_s);
    addCase("numeric-from-qint64", numeric, qint64(-7), u"-7.000000"_s);

    // Strings
    addCase("string-ascii", SqlType::string(50), u"hello"_s);
    addCase("string-unicode", SqlType::string(50), u"Grüße, 日本語, Ελληνικά, 😀🎉"_s);
    // Ten characters (code points) are eleven UTF-16 units: the length counts characters.
    addCase("string-exact-length", SqlType::string(10), u"abcdefghi😀"_s);
    addCase("string-unbounded", SqlType::string(), bigText(20000));
    addCase("string-one-character", SqlType::string(1), u"ß"_s);
    // Too long: PostgreSQL and MariaDB (Qorm sets STRICT_ALL_TABLES) refuse it; SQLite does not
    // enforce VARCHAR lengths at all.
    addCase("string-too-long", SqlType::string(3), u"abcd"_s, u"abcd"_s, servers,
            Check::InsertFails);
    addCase("string-too-long", SqlType::string(3), u"abcd"_s, u"abcd"_s, sqlite);
    addCase("text-1mb", SqlType::text(), bigText(1 << 20));

    // Binary
    addCase("binary-all-bytes", SqlType::binary(), allBytes());
    addCase("binary-nul-bytes", SqlType::binary(), QByteArray("\0\0a\0b\0\0", 7));
    addCase("binary-1mb", SqlType::binary(), bigBytes(1 << 20));
    addCase("binary-invalid-utf8", SqlType::binary(),
            QByteArray("\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1", 9));

    // Dates: PostgreSQL and SQLite (text) take 0001-01-01..9999-12-31. MariaDB documents
    // 1000-01-01..9999-12-31 as the supported DATE range but stores years 1..999 as well.
    addCase("date-leap-day", SqlType::date(), QDate(2024, 2, 29));
    addCase("date-epoch", SqlType::date(), QDate(1970, 1, 1));
    addCase("date-first", SqlType::date(), QDate(1, 1, 1));
    addCase("date-last", SqlType::date(), QDate(9999, 12, 31));
    addCase("date-1000", SqlType::date(), QDate(1000, 1, 1));

    // Times with milliseconds
    addCase("time-midnight", SqlType::time(), QTime(0, 0));
    addCase("time-milliseconds", SqlType::time(), QTime(12, 34, 56, 789));
    addCase("time-last-millisecond", SqlType::time(), QTime(23, 59, 59, 999));
    addCase("time-one-millisecond", SqlType::time(), QTime(0, 0, 0, 1));

    // Date-times: stored and read back in UTC with milliseconds.
    addCase("datetime-utc-milliseconds", SqlType::dateTime(), utc(2024, 1, 2, 3, 4, 5, 678));
    addCase("datetime-epoch", SqlType::dateTime(), utc(1970, 1, 1, 0, 0, 0, 0));
    addCase("datetime-y2038", SqlType::dateTime(), utc(2038, 1, 19, 3, 14, 8, 1));
    addCase("datetime-far-future", SqlType::dateTime(), utc(9999, 12, 31, 23, 59, 59, 999));
    // 02:30 does not exist on 2024-03-31 in the local zone (main() sets CET/CEST): a UTC
    // wall-clock time taken for a local one would be lost here.
    addCase("datetime-local-dst-gap", SqlType::dateTime(), utc(2024, 3, 31, 2, 30, 0, 500));
    // ...and 02:30 happens twice on 2024-10-27 locally.
    addCase("datetime-local-dst-overlap", SqlType::dateTime(), utc(2024, 10, 27, 2, 30, 0, 250));
    addCase("datetime-from-offset", SqlType::dateTime(),
            QDateTime(QDate(2024, 6, 1), QTime(12, 0, 0, 250), QTimeZone(5 * 3600 + 1800)),
            utc(2024, 6, 1, 6, 30, 0, 250));
    addCase("datetime-from-negative-offset", SqlType::dateTime(),
            QDateTime(QDate(2024, 12, 31), QTime(22, 0, 0, 5), QTimeZone(-8 * 3600)),
            utc(2025, 1, 1, 6, 0, 0, 5));
    addCase("datetime-from-local-time", SqlType::dateTime(),
            QDateTime(QDate(2024, 7, 1), QTime(14, 0, 0, 125)),
            QDateTime(QDate(2024, 7, 1), QTime(14, 0, 0, 125)).toUTC());

    // UUIDs
    addCase("uuid", SqlType::uuid(), QUuid(u"67c8770b-44f1-410a-ab9a-f9b5446f13ee"_s));
    addCase("uuid-max", SqlType::uuid(), QUuid(u"ffffffff-ffff-ffff-ffff-ffffffffffff"_s));
    addCase("uuid-from-string", SqlType::uuid(), u"{67C8770B-44F1-410A-AB9A-F9B5446F13EE}"_s,
            QUuid(u"67c8770b-44f1-410a-ab9a-f9b5446f13ee"_s));

    // JSON
    const QVariantMap nested{
        { u"name"_s, u"Zoë 日本 😀 \"quoted\" \\ back"_s },
        { u"count"_s, 42 },
        { u"ratio"_s, 0.5 },
        { u"big"_s, (qint64(1) << 53) + 1 },
        { u"negative"_s, -17 },
        { u"flag"_s, true },
        { u"nothing"_s, QVariant::fromValue(nullptr) },
        { u"list"_s,
          QVariantList{ 1, u"two"_s, QVariantList{ 3.5, false },
                        QVariantMap{ { u"k"_s, u"v"_s } } } },
        { u"object"_s, QVariantMap{ { u"inner"_s, QVariantMap{ { u"deep"_s, u"ü"_s } } } } },
        { u"empty"_s, QVariantMap() },
    };
    addCase("json-map", SqlType::json(), nested);
    addCase("json-empty-map", SqlType::json(), QVariantMap());
    addCase("json-list", SqlType::json(QMetaType::fromType<QVariantList>()),
            QVariantList{ 1, u"two"_s, 3.25, QVariantMap{ { u"x"_s, u"ý"_s } }, QVariantList{} });
    const QJsonDocument document(QJsonObject{ { u"a"_s, QJsonArray{ 1, 2, u"三"_s } },
                                              { u"b"_s, QJsonObject{ { u"c"_s, true } } } });
    addCase("json-document", SqlType::json(QMetaType::fromType<QJsonDocument>()), document);
    addCase("json-document-array", SqlType::json(QMetaType::fromType<QJsonDocument>()),
            QJsonDocument(QJsonArray{ u"x"_s, 1.5, QJsonValue::Null }));
    addCase("json-map-from-text", SqlType::json(), u"{\"a\": [1, 2]}"_s,
            QVariantMap{ { u"a"_s, QVariantList{ 1, 2 } } });

    // Enumerations, stored by key
    const SqlType color = SqlType::enumeration(QMetaType::fromType<Color>());
    addCase("enum-first", color, QVariant::fromValue(Color::Red));
    addCase("enum-explicit-value", color, QVariant::fromValue(Color::Blue));
    addCase("enum-from-key", color, u"Green"_s, QVariant::fromValue(Color::Green));
    addCase("enum-keys", SqlType::enumeration(QStringList{ u"small"_s, u"medium"_s, u"large"_s }),
            u"medium"_s);

    // Custom DDL, per dialect where they differ
    const SqlType customText =
            SqlType::custom(u"VARCHAR(40)"_s, QMetaType::fromType<QString>())
                    .withVariant(DialectType::PostgreSQL,
                                 SqlType::custom(u"CHARACTER VARYING(40)"_s,
                                                 QMetaType::fromType<QString>()))
                    .withVariant(DialectType::MySQL,
                                 SqlType::custom(u"VARCHAR(40) CHARACTER SET utf8mb4"_s,
                                                 QMetaType::fromType<QString>()));
    addCase("custom-text", customText, u"custom ünïcode"_s);
    addCase("custom-integer", SqlType::custom(u"INTEGER"_s, QMetaType::fromType<int>()), -123456);
    addCase("custom-real", SqlType::custom(u"REAL"_s, QMetaType::fromType<float>()), 1.5f);

    Q_UNUSED(all);
    Q_UNUSED(postgresql);
    Q_UNUSED(mariadb);
}

void tst_Types::roundTrip()
{
    QFETCH(QString, database);
    QFETCH(SqlType, type);
    QFETCH(QVariant, input);
    QFETCH(QVariant, expected);
    QFETCH(Check, check);

    QORM_CONNECT_CLEAN(db, database);
    const auto schema = valueTable(type);
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    const Table &table = schema->table;

    Result inserted = db.execute(insert(table).values({ { u"id"_s, 1 }, { u"v"_s, input } }));
    if (check == Check::InsertFails) {
        QVERIFY2(!inserted.isValid(), "the database accepted a value it should refuse");
        QVERIFY2(inserted.error().type() == Error::StatementError
                         || inserted.error().type() == Error::IntegrityError,
                 qPrintable(Test::describe(inserted.error())));
        return;
    }
    QORM_VERIFY_RESULT(inserted);

    Result selected = db.execute(select({ table[u"v"_s] }).where(table[u"id"_s] == 1));
    QORM_VERIFY_RESULT(selected);
    const Row row = selected.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(selected.error())));
    if (check == Check::StoredAsNull) {
        QVERIFY2(row.isNull(0), qPrintable(Test::describe(row.value(0))));
        QCOMPARE(row.value(0).metaType(), type.valueType());
        return;
    }
    checkValue(database, type, row.value(0), expected, check);
    if (QTest::currentTestFailed())
        return;

    // The same through INSERT ... RETURNING (MariaDB sends it unprepared, the values written
    // as literals: another way in and out).
    QVERIFY(db.dialect().supportsReturning(Statement::InsertStatement));
    Result returned = db.execute(insert(table)
                                         .values({ { u"id"_s, 2 }, { u"v"_s, input } })
                                         .returning({ table[u"v"_s] }));
    QORM_VERIFY_RESULT(returned);
    const Row returnedRow = returned.one();
    QVERIFY2(returnedRow.isValid(), qPrintable(Test::describe(returned.error())));
    checkValue(database, type, returnedRow.value(0), expected, check);
    if (QTest::currentTestFailed())
        return;
    Result stored = db.execute(select({ table[u"v"_s] }).where(table[u"id"_s] == 2));
    QORM_VERIFY_RESULT(stored);
    checkValue(database, type, stored.scalar(), expected, check);
    if (QTest::currentTestFailed())
        return;

    // The value compares equal with itself once bound as a parameter (same conversion both ways).
    if (type.kind() != SqlType::Json && type.kind() != SqlType::Double && check == Check::Exact
        && type.kind() != SqlType::Text && type.kind() != SqlType::Custom) {
        Result found = db.execute(select({ table[u"id"_s] })
                                          .where(table[u"v"_s] == input)
                                          .orderBy({ table[u"id"_s] }));
        QORM_VERIFY_RESULT(found);
        const std::optional<Row> match = found.first();
        QVERIFY2(match.has_value(), "WHERE v = <the same value> found no row");
        QCOMPARE(match->value(0).toInt(), 1);
    }
}

/*
    Verifies a value read back (by SELECT or RETURNING): not NULL, of the column's value type,
    and equal to `expected` as `check` says.
*/
void tst_Types::checkValue(const QString &database, const SqlType &type, const QVariant &actual,
                           const QVariant &expected, Check check)
{
    QVERIFY2(!actual.isNull(), qPrintable(Test::describe(actual)));
    QVERIFY2(actual.metaType() == type.valueType(),
             qPrintable(u"read back as %1, the column's value type is %2"_s.arg(
                     QString::fromLatin1(actual.metaType().name()),
                     QString::fromLatin1(type.valueType().name()))));

    switch (check) {
    case Check::Exact:
        if (expected.typeId() == QMetaType::Double) {
            QVERIFY2(sameDouble(actual.toDouble(), expected.toDouble()),
                     qPrintable(u"%1 != %2"_s.arg(QString::number(actual.toDouble(), 'g', 17),
                                                  QString::number(expected.toDouble(), 'g', 17))));
        } else if (expected.typeId() == QMetaType::QDateTime) {
            const QDateTime dateTime = actual.toDateTime();
            QCOMPARE(dateTime, expected.toDateTime());
            QCOMPARE(dateTime.timeSpec(), Qt::UTC);
            QCOMPARE(dateTime.time().msec(), expected.toDateTime().toUTC().time().msec());
        } else if (expected.typeId() == QMetaType::QString
                   || expected.typeId() == QMetaType::QByteArray) {
            // Compared without QCOMPARE's dump of megabytes on failure.
            const bool same = actual == expected;
            QVERIFY2(same, "the value read back differs");
            if (!same) {
                const QByteArray a = actual.typeId() == QMetaType::QString
                        ? actual.toString().toUtf8()
                        : actual.toByteArray();
                const QByteArray e = expected.typeId() == QMetaType::QString
                        ? expected.toString().toUtf8()
                        : expected.toByteArray();
                qsizetype at = 0;
                while (at < a.size() && at < e.size() && a.at(at) == e.at(at))
                    ++at;
                QFAIL(qPrintable(u"values differ at byte %1 (sizes %2 and %3): %4 vs %5"_s.arg(at)
                                         .arg(a.size())
                                         .arg(e.size())
                                         .arg(Test::describe(a.mid(at, 16)),
                                              Test::describe(e.mid(at, 16)))));
            }
        } else {
            QVERIFY2(actual == expected,
                     qPrintable(Test::describe(actual) + u" != "_s + Test::describe(expected)));
        }
        break;
    case Check::FifteenDigits: {
        bool ok = false;
        const double number = actual.toString().toDouble(&ok);
        QVERIFY2(ok, qPrintable(Test::describe(actual)));
        const double wanted = expected.toString().toDouble();
        QVERIFY2(std::abs(number - wanted) <= std::abs(wanted) * 1e-15,
                 qPrintable(Test::describe(actual) + u" is not "_s + Test::describe(expected)
                            + u" to 15 digits"_s));
        // The scale is kept in the text.
        const QString text = actual.toString();
        QCOMPARE(text.size() - text.indexOf(u'.') - 1, qsizetype(type.scale()));
        break;
    }
    case Check::OneUlp: {
        const double number = actual.toDouble();
        const double wanted = expected.toDouble();
        QVERIFY2(number == wanted || number == std::nextafter(wanted, -INFINITY)
                         || number == std::nextafter(wanted, INFINITY),
                 qPrintable(u"%1 is not within one ulp of %2"_s.arg(
                         QString::number(number, 'g', 17), QString::number(wanted, 'g', 17))));
        break;
    }
    case Check::InsertFails:
    case Check::StoredAsNull:
        break;
    }
}

void tst_Types::nullOfEveryType_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<Check>("check");
    const std::pair<const char *, SqlType> types[] = {
        { "integer", SqlType::integer() },
        { "biginteger", SqlType::bigInteger() },
        { "smallinteger", SqlType::smallInteger() },
        { "boolean", SqlType::boolean() },
        { "double", SqlType::doublePrecision() },
        { "numeric", SqlType::numeric(20, 6) },
        { "string-20", SqlType::string(20) },
        { "string", SqlType::string() },
        { "text", SqlType::text() },
        { "binary", SqlType::binary() },
        { "date", SqlType::date() },
        { "time", SqlType::time() },
        { "datetime", SqlType::dateTime() },
        { "uuid", SqlType::uuid() },
        { "json-map", SqlType::json() },
        { "json-list", SqlType::json(QMetaType::fromType<QVariantList>()) },
        { "json-document", SqlType::json(QMetaType::fromType<QJsonDocument>()) },
        { "enum", SqlType::enumeration(QMetaType::fromType<Color>()) },
        { "enum-keys", SqlType::enumeration(QStringList{ u"a"_s, u"b"_s }) },
        { "custom", SqlType::custom(u"INTEGER"_s, QMetaType::fromType<int>()) },
    };
    for (const auto &[name, type] : types)
        addCase(name, type, QVariant(), QVariant());
}

// NULL of every type comes back as a null QVariant of the column's value type.
void tst_Types::nullOfEveryType()
{
    QFETCH(QString, database);
    QFETCH(SqlType, type);
    QFETCH(QVariant, input);

    QORM_CONNECT_CLEAN(db, database);
    const auto schema = valueTable(type);
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    const Table &table = schema->table;
    // Both spellings of NULL: an invalid QVariant and a typed null.
    QORM_VERIFY_RESULT(db.execute(insert(table).values({ { u"id"_s, 1 }, { u"v"_s, input } })));
    QORM_VERIFY_RESULT(db.execute(
            insert(table).values({ { u"id"_s, 2 }, { u"v"_s, QVariant(type.valueType()) } })));
    QORM_VERIFY_RESULT(db.execute(insert(table).value(u"id"_s, 3).value(u"v"_s, null())));

    Result result =
            db.execute(select({ table[u"id"_s], table[u"v"_s] }).orderBy({ table[u"id"_s] }));
    QORM_VERIFY_RESULT(result);
    const QList<Row> rows = result.all();
    QCOMPARE(rows.size(), 3);
    for (const Row &row : rows) {
        const QVariant value = row.value(1);
        QVERIFY2(value.isNull(), qPrintable(Test::describe(value)));
        QVERIFY(row.isNull(1));
        QCOMPARE(value.metaType(), type.valueType());
    }

    // The database agrees that they are NULL.
    Result count =
            db.execute(select({ Function::count() }).from(table).where(table[u"v"_s].isNull()));
    QORM_VERIFY_RESULT(count);
    QCOMPARE(count.scalar().toInt(), 3);
}

// What Qt's drivers bind as NULL (QSqlResultPrivate::isVariantNull) is NULL through Qorm too.
void tst_Types::nullValuesOfQtTypesBindNull()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table table(metadata, u"nulls"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"s"_s, SqlType::string(10)), Column(u"t"_s, SqlType::text()),
                        Column(u"b"_s, SqlType::binary()), Column(u"d"_s, SqlType::date()),
                        Column(u"tm"_s, SqlType::time()), Column(u"dt"_s, SqlType::dateTime()),
                        Column(u"u"_s, SqlType::uuid()) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(table).values({ { u"id"_s, 1 },
                                                         { u"s"_s, QString() },
                                                         { u"t"_s, QString() },
                                                         { u"b"_s, QByteArray() },
                                                         { u"d"_s, QDate() },
                                                         { u"tm"_s, QTime() },
                                                         { u"dt"_s, QDateTime() },
                                                         { u"u"_s, QUuid() } })));
    const QStringList columns{ u"s"_s, u"t"_s, u"b"_s, u"d"_s, u"tm"_s, u"dt"_s, u"u"_s };
    for (const QString &column : columns) {
        Result result =
                db.execute(select({ Function::count() }).from(table).where(table[column].isNull()));
        QORM_VERIFY_RESULT(result);
        QVERIFY2(result.scalar().toInt() == 1, qPrintable(u"column %1 is not NULL"_s.arg(column)));
    }
}

// QString() is NULL, QString("") is ''; the same for QByteArray.
void tst_Types::nullVersusEmpty()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table table(metadata, u"strings"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"s"_s, SqlType::string(10)), Column(u"t"_s, SqlType::text()),
                        Column(u"b"_s, SqlType::binary()) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(table).values(QList<QVariantMap>{
            { { u"id"_s, 1 },
              { u"s"_s, QString() },
              { u"t"_s, QString() },
              { u"b"_s, QByteArray() } },
            { { u"id"_s, 2 }, { u"s"_s, u""_s }, { u"t"_s, u""_s }, { u"b"_s, QByteArray("") } },
    })));

    Result result = db.execute(select({ table[u"id"_s], table[u"s"_s], table[u"t"_s], table[u"b"_s],
                                        table[u"s"_s].isNull().label(u"s_is_null"_s),
                                        cast(Function::length(table[u"s"_s]), SqlType::integer())
                                                .label(u"s_length"_s) })
                                       .orderBy({ table[u"id"_s] }));
    QORM_VERIFY_RESULT(result);
    const QList<Row> rows = result.all();
    QCOMPARE(rows.size(), 2);

    const Row &nulls = rows.at(0);
    for (int i = 1; i <= 3; ++i) {
        QVERIFY2(nulls.value(i).isNull(), qPrintable(Test::describe(nulls.value(i))));
        QCOMPARE(nulls.value(i).metaType(),
                 i == 3 ? QMetaType::fromType<QByteArray>() : QMetaType::fromType<QString>());
    }
    QVERIFY(nulls.value(4).toBool());
    QVERIFY(nulls.value(5).isNull());

    const Row &empties = rows.at(1);
    for (int i = 1; i <= 3; ++i) {
        const QVariant value = empties.value(i);
        QVERIFY2(!value.isNull(), qPrintable(u"column %1 of the empty row reads as NULL"_s.arg(i)));
        QCOMPARE(value.metaType(),
                 i == 3 ? QMetaType::fromType<QByteArray>() : QMetaType::fromType<QString>());
        if (i == 3)
            QVERIFY(value.toByteArray().isEmpty());
        else
            QVERIFY(value.toString().isEmpty());
    }
    QVERIFY(!empties.value(4).toBool());
    QCOMPARE(empties.value(5).toInt(), 0);

    // WHERE s = '' finds the empty string only, IS NULL the NULL only.
    Result empty = db.execute(select({ table[u"id"_s] }).where(table[u"s"_s] == u""_s));
    QORM_VERIFY_RESULT(empty);
    QCOMPARE(empty.scalar().toInt(), 2);
    Result isNull = db.execute(select({ table[u"id"_s] }).where(table[u"s"_s] == nullptr));
    QORM_VERIFY_RESULT(isNull);
    QCOMPARE(isNull.scalar().toInt(), 1);
}

// A server default of Function::now() reads back as a valid UTC QDateTime, close to now.
void tst_Types::dateTimeServerDefaultNow()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    ColumnOptions byServer;
    byServer.serverDefault = Function::now();
    byServer.nullable = false;
    MetaData metadata;
    const Table table(metadata, u"stamped"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"created"_s, SqlType::dateTime(), byServer) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(table).values({ { u"id"_s, 1 } })));

    Result result = db.execute(select({ table[u"created"_s] }));
    QORM_VERIFY_RESULT(result);
    const QVariant value = result.scalar();
    QCOMPARE(value.metaType(), QMetaType::fromType<QDateTime>());
    const QDateTime created = value.toDateTime();
    QVERIFY2(created.isValid(), qPrintable(Test::describe(value)));
    QCOMPARE(created.timeSpec(), Qt::UTC);
    const qint64 secondsAway = std::abs(created.secsTo(QDateTime::currentDateTimeUtc()));
    QVERIFY2(secondsAway < 24 * 3600,
             qPrintable(u"%1 is %2 s away from now: not stored or read as UTC"_s
                                .arg(created.toString(Qt::ISODateWithMs))
                                .arg(secondsAway)));

    // Function::now() as a value in a statement reads back the same way.
    Result now = db.execute(select({ Function::now().label(u"now"_s) }));
    QORM_VERIFY_RESULT(now);
    const QVariant nowValue = now.scalar();
    QCOMPARE(nowValue.metaType(), QMetaType::fromType<QDateTime>());
    QVERIFY2(nowValue.toDateTime().isValid(), qPrintable(Test::describe(nowValue)));
    QCOMPARE(nowValue.toDateTime().timeSpec(), Qt::UTC);
    QVERIFY(std::abs(nowValue.toDateTime().secsTo(QDateTime::currentDateTimeUtc())) < 24 * 3600);
}

/*
    What the database itself holds, read with plain SQL: a date-time is the UTC instant (a
    conversion that shifted both ways would round-trip but fail here), an enum is its key, a
    UUID is canonical text.
*/
void tst_Types::storedForm()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table table(metadata, u"forms"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"at"_s, SqlType::dateTime()),
                        Column(u"color"_s, SqlType::enumeration(QMetaType::fromType<Color>())),
                        Column(u"uid"_s, SqlType::uuid()), Column(u"flag"_s, SqlType::boolean()) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    const QDateTime at(QDate(2024, 6, 1), QTime(12, 0, 0, 250), QTimeZone(5 * 3600 + 1800));
    QORM_VERIFY_RESULT(db.execute(
            insert(table).values({ { u"id"_s, 1 },
                                   { u"at"_s, at },
                                   { u"color"_s, QVariant::fromValue(Color::Blue) },
                                   { u"uid"_s, QUuid(u"{67C8770B-44F1-410A-AB9A-F9B5446F13EE}"_s) },
                                   { u"flag"_s, true } })));
    QString sql;
    if (database == u"postgresql"_s) {
        sql = u"SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), color, CAST(uid "
              u"AS TEXT), "
              "CAST(flag AS INTEGER) FROM forms"_s;
    } else if (database == u"mariadb"_s) {
        sql = u"SELECT CAST(at AS CHAR), color, uid, CAST(flag AS SIGNED) FROM forms"_s;
    } else {
        sql = u"SELECT at, color, uid, flag FROM forms"_s;
    }
    Result result = db.execute(TextSql(sql));
    QORM_VERIFY_RESULT(result);
    const Row row = result.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(result.error())));
    QCOMPARE(row.value(0).toString(), u"2024-06-01 06:30:00.250"_s);
    QCOMPARE(row.value(1).toString(), u"Blue"_s);
    QCOMPARE(row.value(2).toString(), u"67c8770b-44f1-410a-ab9a-f9b5446f13ee"_s);
    QCOMPARE(row.value(3).toInt(), 1);
}

void tst_Types::textSqlBinds_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<Check>("check");
    addCase("datetime-utc", SqlType::dateTime(), utc(2024, 1, 2, 3, 4, 5, 678));
    addCase("datetime-offset", SqlType::dateTime(),
            QDateTime(QDate(2024, 6, 1), QTime(12, 0, 0, 250), QTimeZone(-3 * 3600)));
    addCase("date", SqlType::date(), QDate(2024, 2, 29));
    addCase("time", SqlType::time(), QTime(12, 34, 56, 789));
    addCase("uuid", SqlType::uuid(), QUuid(u"67c8770b-44f1-410a-ab9a-f9b5446f13ee"_s));
    addCase("boolean", SqlType::boolean(), true);
    addCase("enum", SqlType::enumeration(QMetaType::fromType<Color>()),
            QVariant::fromValue(Color::Blue));
    addCase("biginteger", SqlType::bigInteger(), std::numeric_limits<qint64>::min());
}

/*
    A value bound in a TextSql statement (no column type known) is converted as its C++ type says,
    so that it compares equal with the same value stored through a typed column.
*/
void tst_Types::textSqlBinds()
{
    QFETCH(QString, database);
    QFETCH(SqlType, type);
    QFETCH(QVariant, input);
    QORM_CONNECT_CLEAN(db, database);
    const auto schema = valueTable(type);
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(
            db.execute(insert(schema->table).values({ { u"id"_s, 1 }, { u"v"_s, input } })));
    Result result =
            db.execute(TextSql(u"SELECT id FROM value_table WHERE v = :v"_s).bind(u"v"_s, input));
    QORM_VERIFY_RESULT(result);
    QCOMPARE(texts(result), QStringList{ u"1"_s });
    // Also as an untyped literal() in a built statement.
    Result built =
            db.execute(select({ schema->table[u"id"_s] }).where(text(u"v"_s) == literal(input)));
    QORM_VERIFY_RESULT(built);
    QCOMPARE(texts(built), QStringList{ u"1"_s });
}

/*
    The enum column only takes the enum's keys (a CHECK constraint); a key it does not have, read
    from elsewhere into an enum-typed result column, is a null value of the enum type.
*/
void tst_Types::enumUnknownKey()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const SqlType color = SqlType::enumeration(QMetaType::fromType<Color>());
    const auto schema = valueTable(color);
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    Result refused =
            db.execute(insert(schema->table).values({ { u"id"_s, 1 }, { u"v"_s, u"Pink"_s } }));
    QVERIFY(!refused.isValid());
    QCOMPARE(refused.error().type(), Error::IntegrityError);

    QORM_VERIFY_RESULT(db.execute(
            TextSql(u"CREATE TABLE raw_keys (id INTEGER PRIMARY KEY, v VARCHAR(10))"_s)));
    QORM_VERIFY_RESULT(
            db.execute(TextSql(u"INSERT INTO raw_keys (id, v) VALUES (1, 'Blue'), (2, 'Pink')"_s)));
    Result result = db.execute(
            TextSql(u"SELECT v FROM raw_keys ORDER BY id"_s).columns({ { u"v"_s, color } }));
    QORM_VERIFY_RESULT(result);
    const QList<Row> rows = result.all();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).value(0), QVariant::fromValue(Color::Blue));
    QCOMPARE(rows.at(1).value(0).metaType(), QMetaType::fromType<Color>());
    QVERIFY(rows.at(1).value(0).isNull());
}

/*
    SQLite keeps NUMERIC values as 64-bit REALs: about 15 significant digits, as SqlType::numeric()
    documents. This pins the limitation down so that a change in it is noticed.
*/
void tst_Types::numericSqliteKeepsFifteenDigits()
{
    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    const auto schema = valueTable(SqlType::numeric(20, 6));
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(
            insert(schema->table)
                    .values({ { u"id"_s, 1 }, { u"v"_s, u"12345678901234.123456"_s } })));
    Result result = db.execute(select({ schema->table[u"v"_s] }));
    QORM_VERIFY_RESULT(result);
    const QString value = result.scalar().toString();
    QVERIFY2(value != u"12345678901234.123456"_s,
             "SQLite kept all 20 digits: update SqlType::numeric()'s documentation");
    QVERIFY2(value.startsWith(u"12345678901234.12"_s), qPrintable(value));
}

void tst_Types::numericExactWithHighPrecision_data()
{
    QTest::addColumn<QString>("database");
    for (const QString &database : Test::databases()) {
        if (database != u"sqlite"_s)
            QTest::newRow(qPrintable(database)) << database;
    }
    if (Test::databases().size() == 1)
        QSKIP("needs PostgreSQL or MariaDB");
}

/*
    With QSql::HighPrecision on the QSqlDatabase (before the connection prepares its queries),
    the servers' NUMERIC text reaches Qorm and every digit survives its conversion.
*/
void tst_Types::numericExactWithHighPrecision()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    db.clearStatementCache();
    QSqlDatabase sqlDatabase = db.database();
    sqlDatabase.setNumericalPrecisionPolicy(QSql::HighPrecision);
    const auto schema = valueTable(SqlType::numeric(20, 6));
    QVERIFY2(schema->metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    const QStringList values{ u"12345678901234.123456"_s, u"-99999999999999.999999"_s,
                              u"0.000001"_s };
    for (qsizetype i = 0; i < values.size(); ++i)
        QORM_VERIFY_RESULT(db.execute(
                insert(schema->table).values({ { u"id"_s, int(i) }, { u"v"_s, values.at(i) } })));
    Result result =
            db.execute(select({ schema->table[u"v"_s] }).orderBy({ schema->table[u"id"_s] }));
    QORM_VERIFY_RESULT(result);
    QStringList read;
    while (result.next()) {
        QCOMPARE(result.value(0).metaType(), QMetaType::fromType<QString>());
        read << result.value(0).toString();
    }
    QCOMPARE(read, values);
    sqlDatabase.setNumericalPrecisionPolicy(QSql::LowPrecisionDouble);
}

int main(int argc, char **argv)
{
    // A zone with an offset and daylight saving time (CET/CEST, as a POSIX rule: no tzdata needed).
    qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    QCoreApplication application(argc, argv);
    tst_Types test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_types.moc"
