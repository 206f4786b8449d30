// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Values at the limits, on every configured database, through the ORM: each value is set on a
// mapped Q_PROPERTY, written by a Session, the session is cleared, and the object is read back
// by key. Either the value comes back byte-exact, or the database's documented behaviour happens
// (docs/core.md, "Values at the limits"): a clear error from the flush with nothing stored, or a
// documented replacement. Never a silent truncation.
//
// Core round trips of the usual limits are in tests/auto/engine/types (tst_types) and of hostile
// strings in tests/auto/engine/hostile; the Core cases here are the ones those do not have:
// unpaired surrogates, 4 MB values, integers beyond a column's range.

#include <Qorm/Core>
#include <Qorm/Registry>
#include <Qorm/Session>

#include <QtCore/QDateTime>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimeZone>
#include <QtTest/QTest>

#include <cmath>
#include <cstring>
#include <databases.h>
#include <limits>
#include <testfield.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

// One property of each kind of type.
class Sample : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "sample")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; autoincrement=no")
    FIELD(int, int32)
    FIELD(qint64, int64)
    FIELD(quint64, uint64)
    Q_CLASSINFO("qorm.column.uint64", "type=bigInteger")
    FIELD(double, real)
    FIELD(bool, flag)
    FIELD(QString, text)
    Q_CLASSINFO("qorm.column.text", "type=text")
    FIELD(QString, line)
    Q_CLASSINFO("qorm.column.line", "length=200")
    FIELD(QByteArray, blob)
    FIELD(QDate, day)
    FIELD(QTime, clock)
    FIELD(QDateTime, at)

    // moc's MEMBER setter skips a value that compares equal with ==: "" onto a null QString,
    // QByteArray("") onto a null one, -0.0 onto 0.0. These setters compare what the database
    // tells apart.
    Q_PROPERTY(QString note READ note WRITE setNote NOTIFY noteChanged)
    Q_CLASSINFO("qorm.column.note", "type=text")
    Q_PROPERTY(QByteArray bytes READ bytes WRITE setBytes NOTIFY bytesChanged)
    Q_PROPERTY(double exact READ exact WRITE setExact NOTIFY exactChanged)

public:
    QString note() const { return m_note; }
    void setNote(const QString &note)
    {
        if (note.isNull() == m_note.isNull() && note == m_note)
            return;
        m_note = note;
        emit noteChanged();
    }
    QByteArray bytes() const { return m_bytes; }
    void setBytes(const QByteArray &bytes)
    {
        if (bytes.isNull() == m_bytes.isNull() && bytes == m_bytes)
            return;
        m_bytes = bytes;
        emit bytesChanged();
    }
    double exact() const { return m_exact; }
    void setExact(double exact)
    {
        if (std::memcmp(&exact, &m_exact, sizeof(double)) == 0)
            return;
        m_exact = exact;
        emit exactChanged();
    }

Q_SIGNALS:
    void noteChanged();
    void bytesChanged();
    void exactChanged();

private:
    QString m_note;
    QByteArray m_bytes;
    double m_exact = 0.0;
};

namespace {

enum class Outcome {
    Exact,      // the same value back (doubles: the same bits)
    Becomes,    // a documented different value back (`expected`)
    WriteFails, // the write fails with a clear error; nothing is stored
};

// The same bits: tells 0.0 from -0.0 and NaN payloads apart.
bool sameDouble(double a, double b)
{
    return std::memcmp(&a, &b, sizeof(double)) == 0;
}

QString describeShort(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().size() > 80)
        return u"QString of %1 characters"_s.arg(value.toString().size());
    if (value.typeId() == QMetaType::QByteArray && value.toByteArray().size() > 80)
        return u"QByteArray of %1 bytes"_s.arg(value.toByteArray().size());
    QString text;
    for (const QChar c : Test::describe(value))
        text += c.isSurrogate() || c.unicode() < 0x20
                ? u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'))
                : QString(c);
    return text;
}

// Exact comparison, with a message: type, size and content.
QString difference(const QVariant &actual, const QVariant &expected)
{
    if (actual.metaType() != expected.metaType())
        return u"type %1, expected %2 (%3 vs %4)"_s.arg(
                QString::fromLatin1(actual.typeName()), QString::fromLatin1(expected.typeName()),
                describeShort(actual), describeShort(expected));
    if (expected.typeId() == QMetaType::Double) {
        if (!sameDouble(actual.toDouble(), expected.toDouble()))
            return u"%1 instead of %2"_s.arg(actual.toDouble(), 0, 'g', 17)
                    .arg(expected.toDouble(), 0, 'g', 17);
        return {};
    }
    if (expected.typeId() == QMetaType::QString) {
        const QString a = actual.toString();
        const QString e = expected.toString();
        if (a.isNull() != e.isNull())
            return u"null %1, expected null %2"_s.arg(a.isNull()).arg(e.isNull());
        if (a != e) {
            qsizetype at = 0;
            while (at < a.size() && at < e.size() && a.at(at) == e.at(at))
                ++at;
            return u"%1 characters instead of %2, first difference at %3: %4 vs %5"_s.arg(a.size())
                    .arg(e.size())
                    .arg(at)
                    .arg(describeShort(a.mid(at, 8)), describeShort(e.mid(at, 8)));
        }
        return {};
    }
    if (expected.typeId() == QMetaType::QByteArray) {
        const QByteArray a = actual.toByteArray();
        const QByteArray e = expected.toByteArray();
        if (a.isNull() != e.isNull() || a != e)
            return u"%1 bytes (null %2) instead of %3 (null %4)"_s.arg(a.size())
                    .arg(a.isNull())
                    .arg(e.size())
                    .arg(e.isNull());
        return {};
    }
    if (expected.typeId() == QMetaType::QDateTime) {
        const QDateTime a = actual.toDateTime();
        const QDateTime e = expected.toDateTime();
        if (a != e || a.isValid() != e.isValid() || (a.isValid() && a.timeSpec() != Qt::UTC))
            return u"%1 instead of %2"_s.arg(a.toString(Qt::ISODateWithMs),
                                             e.toString(Qt::ISODateWithMs));
        return {};
    }
    if (actual != expected)
        return u"%1 instead of %2"_s.arg(describeShort(actual), describeShort(expected));
    return {};
}

// `size` characters mixing ASCII, Latin-1, CJK, a surrogate pair and a NUL-free punctuation
// soup, so that a lost or doubled byte anywhere shows.
QString bigText(qsizetype size)
{
    static const QString pattern = u"abc ÄÖÜ 日本語 😀 '\"\\%_;-- "_s;
    QString text;
    text.reserve(size + pattern.size());
    while (text.size() < size)
        text += pattern;
    text.truncate(size);
    if (text.back().isHighSurrogate())
        text.back() = u'x';
    return text;
}

QByteArray bigBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random(4711);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(random.bounded(256));
    bytes[0] = '\0';
    bytes[size / 2] = '\0';
    return bytes;
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second, int ms)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

const QStringList sqlite{ u"sqlite"_s };
const QStringList postgresql{ u"postgresql"_s };
const QStringList mariadb{ u"mariadb"_s };
const QStringList notPostgresql{ u"sqlite"_s, u"mariadb"_s };
const QStringList notMariadb{ u"sqlite"_s, u"postgresql"_s };
const QStringList servers{ u"postgresql"_s, u"mariadb"_s };

// Strings with unpaired UTF-16 surrogates (text no UTF-8 database can hold as it is).
QList<std::pair<const char *, QString>> surrogateCases()
{
    return { { "text-lone-high-surrogate", QString(QChar(0xD800)) + u"x"_s },
             { "text-lone-low-surrogate", u"x"_s + QChar(0xDC00) },
             { "text-lone-high-surrogate-at-end", u"x"_s + QChar(0xD83D) },
             { "text-reversed-pair", QString(QChar(0xDE00)) + QChar(0xD83D) + u"y"_s } };
}

} // namespace

Q_DECLARE_METATYPE(Outcome)
Q_DECLARE_METATYPE(Qorm::SqlType)

class tst_RoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void mapped_data();
    void mapped();

    void core_data();
    void core();

    void serverDefaults_data();
    void serverDefaults();

private:
    void addRow(const char *name, const char *property, const QVariant &input,
                const QStringList &databases = {}, Outcome outcome = Outcome::Exact,
                const QVariant &expected = {});
};

void tst_RoundTrip::addRow(const char *name, const char *property, const QVariant &input,
                           const QStringList &databases, Outcome outcome, const QVariant &expected)
{
    for (const QString &database : Test::databases()) {
        if (!databases.isEmpty() && !databases.contains(database))
            continue;
        QTest::addRow("%s:%s", qPrintable(database), name)
                << database << QString::fromLatin1(property) << input << outcome << expected;
    }
}

void tst_RoundTrip::mapped_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QVariant>("expected");

    // Integers: exact over qint64; a quint64 beyond it is refused before it is sent (SQLite
    // would keep the REAL 1.8446744073709552e19, the servers refuse it).
    addRow("int-min", "int32", std::numeric_limits<int>::min());
    addRow("int-max", "int32", std::numeric_limits<int>::max());
    addRow("int64-min", "int64", std::numeric_limits<qint64>::min());
    addRow("int64-max", "int64", std::numeric_limits<qint64>::max());
    addRow("int64-2^53+1", "int64", (qint64(1) << 53) + 1);
    addRow("uint64-int64-max", "uint64", quint64(std::numeric_limits<qint64>::max()));
    addRow("uint64-max", "uint64", std::numeric_limits<quint64>::max(), {}, Outcome::WriteFails);

    // Doubles: PostgreSQL stores them all; MariaDB refuses infinities and NaN (error 1264);
    // SQLite keeps infinities and stores NaN as NULL, which a double property reads as 0.
    const double infinity = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    addRow("double-max", "real", std::numeric_limits<double>::max());
    addRow("double-lowest", "real", std::numeric_limits<double>::lowest());
    addRow("double-denormal", "real", std::numeric_limits<double>::denorm_min());
    addRow("double-infinity", "real", infinity, notMariadb);
    addRow("double-infinity", "real", infinity, mariadb, Outcome::WriteFails);
    addRow("double-negative-infinity", "real", -infinity, notMariadb);
    addRow("double-negative-infinity", "real", -infinity, mariadb, Outcome::WriteFails);
    addRow("double-nan", "real", nan, postgresql);
    addRow("double-nan", "real", nan, sqlite, Outcome::Becomes, 0.0);
    addRow("double-nan", "real", nan, mariadb, Outcome::WriteFails);
    // -0.0: a MEMBER property never takes it (it equals the initial 0.0). Through a setter that
    // compares bits, PostgreSQL keeps the sign; SQLite and MariaDB store 0.
    addRow("double-negative-zero-member", "real", -0.0, {}, Outcome::Becomes, 0.0);
    addRow("double-negative-zero", "exact", -0.0, postgresql);
    addRow("double-negative-zero", "exact", -0.0, notPostgresql, Outcome::Becomes, 0.0);

    // Booleans
    addRow("bool-true", "flag", true);
    addRow("bool-false", "flag", false);

    // Strings. '' and NULL are kept apart by every database; a MEMBER QString property, whose
    // initial value is a null QString, never takes "" (they are equal with ==), so it writes
    // NULL and reads '' as null. A setter that compares isNull() too keeps them apart.
    addRow("text-empty-member", "text", u""_s, {}, Outcome::Becomes, QString());
    addRow("text-empty", "note", u""_s);
    addRow("text-null", "note", QString());
    addRow("text-null-member", "text", QString());
    // PostgreSQL's text cannot hold U+0000: the flush fails (a syntax error, see
    // tst_hostile::nulInTextOnPostgreSql()), nothing is stored.
    addRow("text-nul-in-the-middle", "note", QString::fromUtf16(u"a\0b", 3), notPostgresql);
    addRow("text-nul-in-the-middle", "note", QString::fromUtf16(u"a\0b", 3), postgresql,
           Outcome::WriteFails);
    addRow("text-nul-only", "note", QString(QChar(0)), notPostgresql);
    addRow("text-nul-only", "note", QString(QChar(0)), postgresql, Outcome::WriteFails);
    // Unpaired surrogates are refused before they are sent: the servers would store '?', SQLite
    // would merge the surrogate with the next character.
    for (const auto &[name, input] : surrogateCases())
        addRow(name, "note", input, {}, Outcome::WriteFails);
    addRow("text-4mb", "note", bigText(4 << 20));
    addRow("varchar-full", "line", bigText(200));

    // Binary: the same bytes; an empty QByteArray needs the same care as an empty QString.
    addRow("blob-empty-member", "blob", QByteArray(""), {}, Outcome::Becomes, QByteArray());
    addRow("blob-empty", "bytes", QByteArray(""));
    addRow("blob-null", "bytes", QByteArray());
    addRow("blob-nul-only", "bytes", QByteArray(1, '\0'));
    addRow("blob-nul-bytes", "bytes", QByteArray("\0a\0\0b\0", 6));
    addRow("blob-4mb", "bytes", bigBytes(4 << 20));

    // Dates and times: 0001-01-01 to 9999-12-31 and milliseconds everywhere; date-times come
    // back in UTC.
    addRow("date-first", "day", QDate(1, 1, 1));
    addRow("date-last", "day", QDate(9999, 12, 31));
    addRow("date-leap-day", "day", QDate(2000, 2, 29));
    addRow("time-midnight", "clock", QTime(0, 0));
    addRow("time-last-millisecond", "clock", QTime(23, 59, 59, 999));
    addRow("datetime-first", "at", utc(1, 1, 1, 0, 0, 0, 0));
    addRow("datetime-last", "at", utc(9999, 12, 31, 23, 59, 59, 999));
    addRow("datetime-leap-day", "at", utc(2024, 2, 29, 12, 0, 0, 1));
    const QDateTime offset(QDate(2024, 12, 31), QTime(23, 30, 0, 5), QTimeZone(-14 * 3600));
    addRow("datetime-offset", "at", offset, {}, Outcome::Becomes, offset.toUTC());
    addRow("datetime-null", "at", QDateTime());
}

void tst_RoundTrip::mapped()
{
    QFETCH(QString, database);
    QFETCH(QString, property);
    QFETCH(QVariant, input);
    QFETCH(Outcome, outcome);
    QFETCH(QVariant, expected);

    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(registry.map<Sample>(), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    const QByteArray name = property.toLatin1();

    {
        Session session(db, registry);
        auto *sample = new Sample;
        sample->m_id = 1;
        QVERIFY(sample->setProperty(name.constData(), input));
        QVERIFY(session.add(sample));
        const bool committed = session.commit();
        if (outcome == Outcome::WriteFails) {
            QVERIFY2(!committed, "the write succeeded");
            const Error error = session.lastError();
            QVERIFY2(error.type() == Error::StatementError || error.type() == Error::IntegrityError
                             || error.type() == Error::InvalidRequestError,
                     qPrintable(Test::describe(error)));
            session.rollback();
            // Added in the rolled-back transaction: the session gave it back.
            QCOMPARE(session.state(sample), ObjectState::Transient);
            delete sample;
            // Nothing stored: no truncated or replaced value.
            Result count = db.execute(
                    select({ Function::count() }).from(registry.mapper<Sample>().table()));
            QORM_VERIFY_RESULT(count);
            QCOMPARE(count.scalar().toInt(), 0);
            return;
        }
        QVERIFY2(committed, qPrintable(Test::describe(session.lastError())));
    }

    // A new session: nothing cached, the value comes from the database.
    Session session(db, registry);
    Sample *read = session.get<Sample>(1);
    QVERIFY2(read, qPrintable(Test::describe(session.lastError())));
    const QVariant actual = read->property(name.constData());
    const QVariant wanted = outcome == Outcome::Becomes ? expected : input;
    const QString problem = difference(actual, wanted);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_RoundTrip::core_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QVariant>("expected");

    const auto add = [](const char *name, const SqlType &type, const QVariant &input,
                        const QStringList &databases = {}, Outcome outcome = Outcome::Exact,
                        const QVariant &expected = {}) {
        for (const QString &database : Test::databases()) {
            if (databases.isEmpty() || databases.contains(database))
                QTest::addRow("%s:%s", qPrintable(database), name)
                        << database << type << input << outcome << expected;
        }
    };
    for (const auto &[name, input] : surrogateCases())
        add(name, SqlType::text(), input, {}, Outcome::WriteFails);
    add("varchar-lone-high-surrogate-at-end", SqlType::string(20), u"x"_s + QChar(0xD83D), {},
        Outcome::WriteFails);
    // An empty BLOB is not NULL (SQLite hands it over without a pointer, as a null QByteArray).
    add("blob-empty", SqlType::binary(), QByteArray(""));
    add("blob-null", SqlType::binary(), QByteArray());
    add("text-4mb", SqlType::text(), bigText(4 << 20));
    add("blob-4mb", SqlType::binary(), bigBytes(4 << 20));
    // Beyond a column's range: refused when the statement is compiled, on every database (SQLite
    // would store it and read it back cut to 32 bits).
    const qint64 beyondInt = qint64(std::numeric_limits<int>::max()) + 1;
    add("integer-beyond-int32", SqlType::integer(), beyondInt, {}, Outcome::WriteFails);
    add("smallinteger-beyond-int16", SqlType::smallInteger(), 40000, {}, Outcome::WriteFails);
    // A quint64 beyond qint64 is refused before it is sent.
    const QVariant unsignedMax = QVariant::fromValue(std::numeric_limits<quint64>::max());
    add("biginteger-quint64-max", SqlType::bigInteger(), unsignedMax, {}, Outcome::WriteFails);
}

void tst_RoundTrip::core()
{
    QFETCH(QString, database);
    QFETCH(SqlType, type);
    QFETCH(QVariant, input);
    QFETCH(Outcome, outcome);
    QFETCH(QVariant, expected);

    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    const Table table(metadata, u"value_table"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"v"_s, type) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    Result inserted = db.execute(insert(table).values({ { u"id"_s, 1 }, { u"v"_s, input } }));
    if (outcome == Outcome::WriteFails) {
        QVERIFY2(!inserted.isValid(), "the insert succeeded");
        QVERIFY(inserted.error().type() != Error::NoError);
        Result count = db.execute(select({ Function::count() }).from(table));
        QORM_VERIFY_RESULT(count);
        QCOMPARE(count.scalar().toInt(), 0);
        return;
    }
    QORM_VERIFY_RESULT(inserted);
    Result result = db.execute(select({ table[u"v"_s] }).where(table[u"id"_s] == 1));
    QORM_VERIFY_RESULT(result);
    const Row row = result.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(result.error())));
    const QVariant wanted = outcome == Outcome::Becomes ? expected : input;
    // NULL exactly when a null QString or QByteArray was written.
    const bool null = (wanted.typeId() == QMetaType::QByteArray && wanted.toByteArray().isNull())
            || (wanted.typeId() == QMetaType::QString && wanted.toString().isNull());
    QCOMPARE(row.isNull(0), null);
    const QString problem = difference(row.value(0), wanted);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_RoundTrip::serverDefaults_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QString>("value");
    const QList<std::pair<const char *, QString>> values{
        { "ascii", u"it's 100%"_s },
        { "backslash", u"C:\\temp\\'"_s },
        { "non-ascii", u"café 😀 日本"_s },
        { "quotes-and-comment", u"x'); DROP TABLE t; -- \"`"_s },
        { "many-quotes", QString(300, u'\'') + u"'; DROP TABLE x; --"_s },
    };
    // string() without a length is TEXT on MariaDB, text() LONGTEXT.
    const QList<std::pair<const char *, SqlType>> types{ { "varchar", SqlType::string(400) },
                                                         { "string", SqlType::string() },
                                                         { "text", SqlType::text() } };
    for (const QString &database : Test::databases()) {
        for (const auto &[typeName, type] : types) {
            for (const auto &[valueName, value] : values)
                QTest::addRow("%s:default-%s-%s", qPrintable(database), typeName, valueName)
                        << database << type << value;
        }
        // An enumeration's keys are a CHECK constraint on MariaDB: a non-ASCII key must pass.
        QTest::addRow("%s:enumeration-key-%s", qPrintable(database), "non-ascii")
                << database << SqlType::enumeration({ u"größer"_s, u"kleiner"_s }) << u"größer"_s;
    }
}

/*
    A server default is the one value written into the SQL text (DDL cannot bind), so it is
    escaped per dialect: a row inserted without the column reads it back unchanged.
*/
void tst_RoundTrip::serverDefaults()
{
    QFETCH(QString, database);
    QFETCH(SqlType, type);
    QFETCH(QString, value);

    QORM_CONNECT_CLEAN(db, database);
    MetaData metadata;
    ColumnOptions options;
    const bool enumeration = type.kind() == SqlType::Enum;
    if (!enumeration)
        options.serverDefault = literal(value, type);
    const Table table(metadata, u"defaults"_s,
                      { Column(u"id"_s, SqlType::integer(),
                               { .primaryKey = true, .autoincrement = Autoincrement::No }),
                        Column(u"v"_s, type, options) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(
            db.execute(enumeration ? insert(table).values({ { u"id"_s, 1 }, { u"v"_s, value } })
                                   : insert(table).values({ { u"id"_s, 1 } })));
    Result result = db.execute(select({ table[u"v"_s] }));
    QORM_VERIFY_RESULT(result);
    const QString problem = difference(QVariant(result.scalar().toString()), QVariant(value));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_GUILESS_MAIN(tst_RoundTrip)

#include "tst_roundtrip.moc"
