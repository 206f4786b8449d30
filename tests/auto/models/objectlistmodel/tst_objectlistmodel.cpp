// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// ObjectListModel, the base of every list of mapped objects, through its smallest subclass:
// roles from the class's properties, data() and setData(), the following of NOTIFY signals
// while a view listens (and no longer for objects that left), under QAbstractItemModelTester.

#include "models.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using Qorm::ObjectListModel;

class tst_ObjectListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolesAndData();
    void setDataWritesThrough();
    void followsNotifySignals();
};

void tst_ObjectListModel::rolesAndData()
{
    SongList list;
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Song a(u"Alpha"_s, 1);
    Song b(u"Beta"_s, 2);
    QSignalSpy count(&list, &ObjectListModel::countChanged);
    list.append(&a);
    list.append(&b);
    QCOMPARE(list.count(), 2);
    QCOMPARE(count.size(), 2);
    const QHash<int, QByteArray> roles = list.roleNames();
    QCOMPARE(roles.value(Qt::DisplayRole), QByteArray("display"));
    QCOMPARE(roles.value(ObjectListModel::ObjectRole), QByteArray("object"));
    const int number = list.roleForProperty(u"number"_s);
    const int length = list.roleForProperty(u"length"_s);
    QVERIFY(number > ObjectListModel::ObjectRole && length > ObjectListModel::ObjectRole);
    QCOMPARE(roles.value(number), QByteArray("number"));
    QCOMPARE(list.roleForProperty(u"nope"_s), -1);
    QCOMPARE(list.data(list.index(1), Qt::DisplayRole).toString(), u"Beta"_s); // qorm.display
    QCOMPARE(list.data(list.index(0), number).toInt(), 1);
    QCOMPARE(list.data(list.index(0), length).toInt(), 180);
    QCOMPARE(list.data(list.index(0), ObjectListModel::ObjectRole).value<QObject *>(), &a);
    QCOMPARE(list.get(1), &b);
    QVERIFY(list.flags(list.index(0)).testFlag(Qt::ItemIsEditable));
}

void tst_ObjectListModel::setDataWritesThrough()
{
    SongList list;
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Song a(u"Alpha"_s, 1);
    list.append(&a);
    QSignalSpy changed(&list, &QAbstractItemModel::dataChanged);
    QVERIFY(list.setData(list.index(0), u"Aleph"_s, Qt::EditRole));
    QCOMPARE(a.m_title, u"Aleph"_s);
    QVERIFY(list.setData(list.index(0), 7, list.roleForProperty(u"number"_s)));
    QCOMPARE(a.m_number, 7);
    QVERIFY(!list.setData(list.index(0), 9, list.roleForProperty(u"length"_s))); // read-only
    QVERIFY(changed.size() >= 2);
}

// While something listens to dataChanged, the NOTIFY signal of an object a view read says
// which roles changed; an object that left the list says nothing any more.
void tst_ObjectListModel::followsNotifySignals()
{
    SongList list;
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Song a(u"Alpha"_s, 1);
    Song b(u"Beta"_s, 2);
    list.append(&a);
    list.append(&b);
    QSignalSpy changed(&list, &QAbstractItemModel::dataChanged);
    (void)list.data(list.index(0)); // read: followed from now on
    (void)list.data(list.index(1));
    a.setProperty("number", 10);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
             QList<int>{ list.roleForProperty(u"number"_s) });
    b.setProperty("title", u"Bet"_s); // the display property: display and edit roles too
    QCOMPARE(changed.size(), 2);
    const QList<int> roles = changed.at(1).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole) && roles.contains(Qt::EditRole));

    list.removeAt(0);
    a.setProperty("number", 11);
    QCOMPARE(changed.size(), 2);
    list.reset({ &a });
    b.setProperty("number", 12); // left with the reset
    QCOMPARE(changed.size(), 2);
    a.setProperty("number", 13); // back, and read again (by the tester, after the reset)
    QCOMPARE(changed.size(), 3);
}

QTEST_GUILESS_MAIN(tst_ObjectListModel)
#include "tst_objectlistmodel.moc"
