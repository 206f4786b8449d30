// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The integer identity map is a hand-written open-addressing table; it is checked here against
// QHash, operation by operation, with the key patterns a database hands out and some it might.
#include "../../../../src/orm/identitymap_p.h"

#include <QtCore/QHash>
#include <QtCore/QRandomGenerator>
#include <QtTest/QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

// Distinct fake Instance pointers (never dereferenced).
Instance *fake(qint64 n)
{
    return reinterpret_cast<Instance *>(quintptr(0x1000) + quintptr(n) * 16);
}

bool sameContents(const IntegerIdentityMap &map, const QHash<qint64, Instance *> &reference)
{
    if (map.size() != reference.size())
        return false;
    qsizetype iterated = 0;
    for (Instance *instance : map) {
        Q_UNUSED(instance)
        ++iterated;
    }
    if (iterated != reference.size())
        return false;
    for (auto it = reference.cbegin(); it != reference.cend(); ++it) {
        if (map.value(it.key()) != it.value())
            return false;
    }
    return true;
}

} // namespace

class tst_IdentityMap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void againstQHash_data();
    void againstQHash();
    void growAndReserve();
};

void tst_IdentityMap::againstQHash_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("sequential") << u"sequential"_s;
    QTest::newRow("strided 3") << u"strided3"_s;
    QTest::newRow("multiples of 2^20") << u"pow2"_s;
    QTest::newRow("snowflake-like") << u"snowflake"_s;
    QTest::newRow("random 64-bit") << u"random"_s;
    QTest::newRow("negative and extremes") << u"extremes"_s;
}

void tst_IdentityMap::againstQHash()
{
    QFETCH(QString, pattern);
    QRandomGenerator random(20261123);
    const auto keyAt = [&](qint64 i) -> qint64 {
        if (pattern == u"sequential")
            return i + 1;
        if (pattern == u"strided3")
            return 7 + 3 * i;
        if (pattern == u"pow2")
            return i << 20;
        if (pattern == u"snowflake")
            return ((1700000000000 + i / 4) << 22) | ((i % 4) << 12);
        if (pattern == u"extremes") {
            static const qint64 specials[] = { std::numeric_limits<qint64>::min(),
                                               std::numeric_limits<qint64>::max(), 0, -1 };
            return i < 4 ? specials[i] : -i * 977;
        }
        return qint64(random.generate64());
    };
    IntegerIdentityMap map;
    QHash<qint64, Instance *> reference;
    QList<qint64> keys;
    const qint64 count = 20000;
    for (qint64 i = 0; i < count; ++i) {
        const qint64 key = keyAt(i);
        keys.append(key);
        map.insert(key, fake(i));
        reference.insert(key, fake(i));
    }
    QVERIFY(sameContents(map, reference));
    // Remove a random half, replace some values, add more, checking as we go.
    for (qint64 step = 0; step < count; ++step) {
        const qint64 key = keys.at(random.bounded(int(keys.size())));
        switch (random.bounded(3)) {
        case 0:
            QCOMPARE(map.remove(key), reference.remove(key));
            break;
        case 1:
            map.insert(key, fake(count + step));
            reference.insert(key, fake(count + step));
            break;
        default:
            QCOMPARE(map.value(key), reference.value(key));
            break;
        }
        if (step % 4096 == 0)
            QVERIFY(sameContents(map, reference));
    }
    QVERIFY(sameContents(map, reference));
    QVERIFY(!map.value(keyAt(count + 5)) || reference.contains(keyAt(count + 5)));
    for (qint64 key : std::as_const(keys))
        map.remove(key);
    QCOMPARE(map.size(), 0);
    QCOMPARE(map.begin(), map.end());
}

void tst_IdentityMap::growAndReserve()
{
    IntegerIdentityMap map;
    QCOMPARE(map.value(1), nullptr);
    QVERIFY(!map.remove(1));
    map.reserve(100000);
    for (qint64 i = 1; i <= 100000; ++i)
        map.insert(i, fake(i));
    QCOMPARE(map.size(), 100000);
    for (qint64 i = 1; i <= 100000; ++i)
        QCOMPARE(map.value(i), fake(i));
    QCOMPARE(map.value(0), nullptr);
    QCOMPARE(map.value(100001), nullptr);
    map.clear();
    QCOMPARE(map.size(), 0);
    QCOMPARE(map.value(5), nullptr);
}

QTEST_GUILESS_MAIN(tst_IdentityMap)
#include "tst_identitymap.moc"
