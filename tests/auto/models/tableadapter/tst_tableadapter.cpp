// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// TableAdapter over an EntityListModel (transient objects, no session) and over a plain list
// model: columns and headers, data and setData, the source's signals forwarded, and a
// QSortFilterProxyModel on top and underneath. Every model runs under QAbstractItemModelTester.
#include "models.h"

#include <Qorm/TableAdapter>
#include <Qorm/orm/registry.h>

#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <tuple>

using namespace Qt::StringLiterals;
using Qorm::TableAdapter;

namespace {

void addTester(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 model);
}

Address *newAddress(QObject *parent, const QString &email, qint64 id = 0)
{
    auto *address = new Address(email, id);
    address->setParent(parent);
    return address;
}

// One dataChanged() emission: top row, left column, bottom row, right column.
using Cells = std::tuple<int, int, int, int>;

QList<Cells> changedCells(const QSignalSpy &spy)
{
    QList<Cells> cells;
    for (const QList<QVariant> &arguments : spy) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        cells.append({ topLeft.row(), topLeft.column(), bottomRight.row(), bottomRight.column() });
    }
    return cells;
}

// The rows of each rowsInserted/rowsRemoved emission (-1, -1 for a child's).
QList<std::pair<int, int>> rowRanges(const QSignalSpy &spy)
{
    QList<std::pair<int, int>> ranges;
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.at(0).value<QModelIndex>().isValid())
            ranges.append({ -1, -1 });
        else
            ranges.append({ arguments.at(1).toInt(), arguments.at(2).toInt() });
    }
    return ranges;
}

QVariantList column(const QAbstractItemModel &model, int column)
{
    QVariantList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data());
    return values;
}

} // namespace

class tst_TableAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void columnsAndHeaders();
    void properties();
    void data();
    void flags();
    void setData();
    void forwardsItemChanges();
    void dataChangedRoles_data();
    void dataChangedRoles();
    void forwardsRows();
    void forwardsResetAndLayout();
    void sourceSwappedAndDeleted();
    void underSortFilterProxy();
    void overSortFilterProxy();

private:
    Qorm::Registry registry;
};

void tst_TableAdapter::initTestCase()
{
    QVERIFY(registry.map<User>());
    QVERIFY(registry.map<Address>());
    QVERIFY2(registry.configure(), qPrintable(registry.lastError().text()));
}

void tst_TableAdapter::columnsAndHeaders()
{
    QObject arena;
    ObjectListModel source;
    addTester(&source);
    source.setObjects({ newAddress(&arena, u"a@example.org"_s) });
    TableAdapter table;
    addTester(&table);
    QCOMPARE(table.rowCount(), 0);
    QCOMPARE(table.columnCount(), 0);
    table.setSourceModel(&source);
    QCOMPARE(table.rowCount(), 1);
    QCOMPARE(table.columnCount(), 0);
    QVERIFY(!static_cast<QAbstractItemModel &>(table).hasChildren());

    QSignalSpy columnsChanged(&table, &TableAdapter::columnsChanged);
    QSignalSpy labelsChanged(&table, &TableAdapter::labelsChanged);
    QSignalSpy reset(&table, &QAbstractItemModel::modelReset);
    QSignalSpy headerChanged(&table, &QAbstractItemModel::headerDataChanged);
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s }, { u"E-mail"_s, QString(), u"Domain"_s });
    QCOMPARE(table.columns(), (QStringList{ u"email"_s, u"id"_s, u"domain"_s }));
    QCOMPARE(table.labels(), (QStringList{ u"E-mail"_s, QString(), u"Domain"_s }));
    QCOMPARE(table.columnCount(), 3);
    QCOMPARE(columnsChanged.size(), 1);
    QCOMPARE(labelsChanged.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(headerChanged.size(), 1);
    QCOMPARE(headerChanged.at(0).at(0).value<Qt::Orientation>(), Qt::Horizontal);
    QCOMPARE(headerChanged.at(0).at(1).toInt(), 0);
    QCOMPARE(headerChanged.at(0).at(2).toInt(), 2);

    // A label, else the property name.
    QCOMPARE(table.headerData(0, Qt::Horizontal), QVariant(u"E-mail"_s));
    QCOMPARE(table.headerData(1, Qt::Horizontal), QVariant(u"id"_s));
    QCOMPARE(table.headerData(2, Qt::Horizontal), QVariant(u"Domain"_s));
    QCOMPARE(table.headerData(0, Qt::Horizontal, Qt::EditRole), QVariant(u"E-mail"_s));
    QVERIFY(!table.headerData(3, Qt::Horizontal).isValid());
    QVERIFY(!table.headerData(0, Qt::Horizontal, Qt::ToolTipRole).isValid());
    // Rows are the source's: so is their header.
    QCOMPARE(table.headerData(0, Qt::Vertical), QVariant(u"row 0"_s));
    source.renameRows(0, 0);
    QCOMPARE(headerChanged.size(), 2);
    QCOMPARE(headerChanged.at(1).at(0).value<Qt::Orientation>(), Qt::Vertical);

    QCOMPARE(table.column(u"id"_s), 1);
    QCOMPARE(table.column(u"name"_s), -1);
    QCOMPARE(table.columnProperty(2), u"domain"_s);
    QCOMPARE(table.columnProperty(3), QString());

    // The same columns again: nothing to say. New columns keep the labels.
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s });
    QCOMPARE(columnsChanged.size(), 1);
    QCOMPARE(reset.size(), 1);
    table.setLabels({ u"Mail"_s });
    QCOMPARE(labelsChanged.size(), 2);
    QCOMPARE(headerChanged.size(), 3);
    QCOMPARE(table.headerData(0, Qt::Horizontal), QVariant(u"Mail"_s));
    QCOMPARE(table.headerData(2, Qt::Horizontal), QVariant(u"domain"_s));
    table.setColumns({ u"id"_s });
    QCOMPARE(columnsChanged.size(), 2);
    QCOMPARE(reset.size(), 2);
    QCOMPARE(table.columnCount(), 1);
    QCOMPARE(table.headerData(0, Qt::Horizontal), QVariant(u"Mail"_s));
}

void tst_TableAdapter::properties()
{
    // What QML reads and binds.
    ObjectListModel source;
    addTester(&source);
    TableAdapter table;
    addTester(&table);
    QSignalSpy sourceModelChanged(&table, &TableAdapter::sourceModelChanged);
    QSignalSpy objectRoleChanged(&table, &TableAdapter::objectRoleChanged);

    QVERIFY(table.setProperty("sourceModel", QVariant::fromValue<QAbstractItemModel *>(&source)));
    QCOMPARE(table.sourceModel(), &source);
    QCOMPARE(table.property("sourceModel").value<QAbstractItemModel *>(), &source);
    QCOMPARE(sourceModelChanged.size(), 1);
    QVERIFY(table.setProperty("columns", QStringList{ u"email"_s, u"id"_s }));
    QCOMPARE(table.columns(), (QStringList{ u"email"_s, u"id"_s }));
    QVERIFY(table.setProperty("labels", QStringList{ u"E-mail"_s }));
    QCOMPARE(table.property("labels").toStringList(), QStringList{ u"E-mail"_s });
    QCOMPARE(table.property("objectRole").toInt(), int(Qorm::EntityListModel::ObjectRole));
    QVERIFY(table.setProperty("objectRole", int(Qt::UserRole + 7)));
    QCOMPARE(table.objectRole(), Qt::UserRole + 7);
    QCOMPARE(objectRoleChanged.size(), 1);
    QCOMPARE(table.roleNames().value(Qt::UserRole + 7), QByteArray("object"));
    QCOMPARE(table.roleNames().value(Qt::DisplayRole), QByteArray("display"));

    const QMetaObject *metaObject = table.metaObject();
    for (const char *name : { "sourceModel", "columns", "labels", "objectRole" }) {
        const QMetaProperty property = metaObject->property(metaObject->indexOfProperty(name));
        QVERIFY2(property.isWritable() && property.hasNotifySignal(), name);
    }
}

void tst_TableAdapter::data()
{
    QObject arena;
    User user;
    Address *a = newAddress(&arena, u"a@example.org"_s, 3);
    Address *b = newAddress(&arena, u"b@example.net"_s, 4);
    a->m_note = u"first"_s;
    QVERIFY(user.addresses()->append(b));
    QVERIFY(user.addresses()->append(a));
    addTester(user.addresses());
    TableAdapter table;
    table.setSourceModel(user.addresses());
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s, u"note"_s, u"nope"_s });
    addTester(&table);

    QCOMPARE(table.rowCount(), 2);
    QCOMPARE(table.columnCount(), 5);
    QCOMPARE(table.index(0, 0).data(), QVariant(u"a@example.org"_s));
    QCOMPARE(table.index(0, 0).data(Qt::EditRole), QVariant(u"a@example.org"_s));
    QCOMPARE(table.index(0, 1).data(), QVariant::fromValue(qint64(3)));
    QCOMPARE(table.index(0, 2).data(), QVariant(u"example.org"_s));
    QCOMPARE(table.index(0, 3).data(), QVariant(u"first"_s));
    QVERIFY(!table.index(0, 4).data().isValid()); // no such property
    QCOMPARE(table.index(1, 0).data(), QVariant(u"b@example.net"_s));
    QCOMPARE(table.index(1, 2).data(), QVariant(u"example.net"_s));
    QCOMPARE(table.index(1, 3).data(), QVariant(QString()));
    QVERIFY(!table.index(0, 0).data(Qt::DecorationRole).isValid());
    QVERIFY(!table.index(2, 0).isValid());

    // The object, by row and through the object role of every cell.
    QCOMPARE(table.object(0), a);
    QCOMPARE(table.object(1), b);
    QCOMPARE(table.object(2), nullptr);
    QCOMPARE(table.object(-1), nullptr);
    QCOMPARE(table.index(1, 3).data(Qorm::EntityListModel::ObjectRole).value<QObject *>(), b);
}

void tst_TableAdapter::flags()
{
    QObject arena;
    User user;
    QVERIFY(user.addresses()->append(newAddress(&arena, u"a@example.org"_s)));
    addTester(user.addresses());
    TableAdapter table;
    table.setSourceModel(user.addresses());
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s, u"note"_s, u"nope"_s });
    addTester(&table);

    const Qt::ItemFlags base = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    QCOMPARE(table.flags(table.index(0, 0)), base | Qt::ItemIsEditable);
    QCOMPARE(table.flags(table.index(0, 1)), base | Qt::ItemIsEditable);
    QCOMPARE(table.flags(table.index(0, 2)), base); // read-only
    QCOMPARE(table.flags(table.index(0, 3)), base | Qt::ItemIsEditable);
    QCOMPARE(table.flags(table.index(0, 4)), base); // no such property
    QCOMPARE(table.flags(QModelIndex()), Qt::ItemFlags());
}

void tst_TableAdapter::setData()
{
    QObject arena;
    User user;
    Address *a = newAddress(&arena, u"a@example.org"_s, 3);
    QVERIFY(user.addresses()->append(a));
    QVERIFY(user.addresses()->append(newAddress(&arena, u"b@example.org"_s, 4)));
    addTester(user.addresses());
    TableAdapter table;
    table.setSourceModel(user.addresses());
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s, u"note"_s });
    addTester(&table);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);

    QVERIFY(table.setData(table.index(0, 1), qint64(30)));
    QCOMPARE(a->m_id, qint64(30));
    QCOMPARE(changedCells(changed), (QList<Cells>{ { 0, 1, 0, 1 } }));
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
             (QList<int>{ Qt::DisplayRole, Qt::EditRole }));

    // The e-mail's NOTIFY signal is the domain's too: both columns, not the id between them.
    changed.clear();
    QVERIFY(table.setData(table.index(0, 0), u"a@example.com"_s, Qt::EditRole));
    QCOMPARE(a->m_email, u"a@example.com"_s);
    QCOMPARE(changedCells(changed), (QList<Cells>{ { 0, 0, 0, 0 }, { 0, 2, 0, 2 } }));
    QCOMPARE(table.index(0, 2).data(), QVariant(u"example.com"_s));

    // No NOTIFY signal: the adapter announces its own write, once.
    changed.clear();
    QVERIFY(table.setData(table.index(0, 3), u"remember"_s));
    QCOMPARE(a->m_note, u"remember"_s);
    QCOMPARE(changedCells(changed), (QList<Cells>{ { 0, 3, 0, 3 } }));
    // The value it has: nothing changes, nothing is said.
    QVERIFY(table.setData(table.index(0, 3), u"remember"_s));
    QVERIFY(table.setData(table.index(0, 1), qint64(30)));
    QCOMPARE(changed.size(), 1);

    // Refused: a read-only property, a role that is not the value, a value of the wrong type.
    QVERIFY(!table.setData(table.index(0, 2), u"example.net"_s));
    QVERIFY(!table.setData(table.index(0, 1), qint64(31), Qt::DecorationRole));
    QVERIFY(!table.setData(table.index(0, 1), QVariant::fromValue(QStringList{ u"x"_s })));
    QCOMPARE(a->m_id, qint64(30));
    QCOMPARE(changed.size(), 1);
}

void tst_TableAdapter::forwardsItemChanges()
{
    QObject arena;
    User user;
    Address *a = newAddress(&arena, u"a@example.org"_s, 1);
    Address *b = newAddress(&arena, u"b@example.org"_s, 2);
    QVERIFY(user.addresses()->append(a));
    QVERIFY(user.addresses()->append(b));
    addTester(user.addresses());
    TableAdapter table;
    table.setSourceModel(user.addresses());
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s });
    addTester(&table);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
    QCOMPARE(column(table, 0), (QVariantList{ u"a@example.org"_s, u"b@example.org"_s }));

    QVERIFY(b->setProperty("id", qint64(8)));
    QCOMPARE(changedCells(changed), (QList<Cells>{ { 1, 1, 1, 1 } }));
    QCOMPARE(table.index(1, 1).data(), QVariant::fromValue(qint64(8)));

    changed.clear();
    QVERIFY(a->setProperty("email", u"a@example.net"_s));
    QCOMPARE(changedCells(changed), (QList<Cells>{ { 0, 0, 0, 0 }, { 0, 2, 0, 2 } }));

    // A property no column shows: nothing.
    changed.clear();
    QVERIFY(b->setProperty("userId", qint64(5)));
    QCOMPARE(changed.size(), 0);
}

void tst_TableAdapter::dataChangedRoles_data()
{
    QTest::addColumn<QList<int>>("roles");
    QTest::addColumn<QList<Cells>>("cells");

    const QList<Cells> all{ { 0, 0, 1, 2 } };
    QTest::newRow("no roles") << QList<int>() << all;
    QTest::newRow("the role of a column")
            << QList<int>{ ObjectListModel::EmailRole } << QList<Cells>{ { 0, 0, 1, 0 } };
    QTest::newRow("a named role of no column") << QList<int>{ Qt::DisplayRole } << QList<Cells>();
    // Qt's own roles are about the source's cells, not the objects' properties.
    QTest::newRow("an unnamed Qt role")
            << QList<int>{ Qt::EditRole, Qt::ToolTipRole } << QList<Cells>();
    QTest::newRow("the object role") << QList<int>{ Qt::UserRole } << all;
    QTest::newRow("an unknown role") << QList<int>{ Qt::UserRole + 50 } << all;
    QTest::newRow("a column and a Qt role")
            << QList<int>{ Qt::EditRole, ObjectListModel::EmailRole }
            << QList<Cells>{ { 0, 0, 1, 0 } };
    QTest::newRow("known and unknown") << QList<int>{ Qt::DisplayRole, Qt::UserRole + 50 } << all;
}

void tst_TableAdapter::dataChangedRoles()
{
    QFETCH(QList<int>, roles);
    QFETCH(QList<Cells>, cells);

    QObject arena;
    ObjectListModel source;
    addTester(&source);
    source.setObjects({ newAddress(&arena, u"a@example.org"_s),
                        newAddress(&arena, u"b@example.org"_s),
                        newAddress(&arena, u"c@example.org"_s) });
    TableAdapter table;
    table.setSourceModel(&source);
    table.setColumns({ u"email"_s, u"id"_s, u"domain"_s });
    addTester(&table);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);

    source.touch(0, 1, roles);
    QCOMPARE(changedCells(changed), cells);
}

void tst_TableAdapter::forwardsRows()
{
    QObject arena;
    User user;
    Qorm::EntityList<Address> *addresses = user.addresses();
    Address *b = newAddress(&arena, u"b@example.org"_s);
    QVERIFY(addresses->append(b));
    QVERIFY(addresses->append(newAddress(&arena, u"d@example.org"_s)));
    addTester(addresses);
    TableAdapter table;
    table.setSourceModel(addresses);
    table.setColumns({ u"email"_s, u"id"_s });
    addTester(&table);
    QSignalSpy aboutToInsert(&table, &QAbstractItemModel::rowsAboutToBeInserted);
    QSignalSpy inserted(&table, &QAbstractItemModel::rowsInserted);
    QSignalSpy aboutToRemove(&table, &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(&table, &QAbstractItemModel::rowsRemoved);
    QSignalSpy aboutToMove(&table, &QAbstractItemModel::rowsAboutToBeMoved);
    QSignalSpy moved(&table, &QAbstractItemModel::rowsMoved);

    QVERIFY(addresses->append(newAddress(&arena, u"c@example.org"_s)));
    QVERIFY(addresses->append(newAddress(&arena, u"a@example.org"_s)));
    QCOMPARE(rowRanges(aboutToInsert), (QList<std::pair<int, int>>{ { 1, 1 }, { 0, 0 } }));
    QCOMPARE(rowRanges(inserted), rowRanges(aboutToInsert));
    QCOMPARE(column(table, 0),
             (QVariantList{ u"a@example.org"_s, u"b@example.org"_s, u"c@example.org"_s,
                            u"d@example.org"_s }));

    QVERIFY(addresses->remove(b));
    QCOMPARE(rowRanges(aboutToRemove), (QList<std::pair<int, int>>{ { 1, 1 } }));
    QCOMPARE(rowRanges(removed), rowRanges(aboutToRemove));
    QCOMPARE(table.rowCount(), 3);

    QVERIFY(addresses->move(0, 2));
    QCOMPARE(aboutToMove.size(), 1);
    QCOMPARE(moved.size(), 1);
    const QList<QVariant> move = moved.at(0);
    QVERIFY(!move.at(0).value<QModelIndex>().isValid());
    QCOMPARE(move.at(1).toInt(), 0);
    QCOMPARE(move.at(2).toInt(), 0);
    QVERIFY(!move.at(3).value<QModelIndex>().isValid());
    QCOMPARE(move.at(4).toInt(), 3);
    QCOMPARE(column(table, 0),
             (QVariantList{ u"c@example.org"_s, u"d@example.org"_s, u"a@example.org"_s }));

    addresses->clear(); // one removal of the three rows left
    QCOMPARE(table.rowCount(), 0);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(rowRanges(removed).last(), (std::pair<int, int>{ 0, 2 }));
}

void tst_TableAdapter::forwardsResetAndLayout()
{
    QObject arena;
    Address *a = newAddress(&arena, u"a@example.org"_s);
    Address *b = newAddress(&arena, u"b@example.org"_s);
    Address *c = newAddress(&arena, u"c@example.org"_s);
    ObjectListModel source;
    addTester(&source);
    TableAdapter table;
    table.setSourceModel(&source);
    table.setColumns({ u"email"_s, u"id"_s });
    addTester(&table);
    QSignalSpy aboutToReset(&table, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&table, &QAbstractItemModel::modelReset);

    source.setObjects({ a, b, c });
    QCOMPARE(aboutToReset.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(table.rowCount(), 3);

    QSignalSpy aboutToChangeLayout(&table, &QAbstractItemModel::layoutAboutToBeChanged);
    QSignalSpy layoutChanged(&table, &QAbstractItemModel::layoutChanged);
    const QPersistentModelIndex aId = table.index(0, 1);
    const QPersistentModelIndex cEmail = table.index(2, 0);
    source.reverse();
    QCOMPARE(aboutToChangeLayout.size(), 1);
    QCOMPARE(layoutChanged.size(), 1);
    QCOMPARE(layoutChanged.at(0).at(1).value<QAbstractItemModel::LayoutChangeHint>(),
             QAbstractItemModel::VerticalSortHint);
    QCOMPARE(column(table, 0),
             (QVariantList{ u"c@example.org"_s, u"b@example.org"_s, u"a@example.org"_s }));
    // Persistent indexes follow their objects, in their own column.
    QCOMPARE(aId.row(), 2);
    QCOMPARE(aId.column(), 1);
    QCOMPARE(cEmail.row(), 0);
    QCOMPARE(cEmail.data(), QVariant(u"c@example.org"_s));
    QCOMPARE(reset.size(), 1);
}

void tst_TableAdapter::sourceSwappedAndDeleted()
{
    QObject arena;
    auto *first = new ObjectListModel;
    addTester(first);
    first->setObjects(
            { newAddress(&arena, u"a@example.org"_s), newAddress(&arena, u"b@example.org"_s) });
    ObjectListModel second;
    addTester(&second);
    second.setObjects({ newAddress(&arena, u"c@example.org"_s) });
    TableAdapter table;
    table.setColumns({ u"email"_s });
    addTester(&table);
    QSignalSpy sourceModelChanged(&table, &TableAdapter::sourceModelChanged);
    QSignalSpy reset(&table, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);

    table.setSourceModel(first);
    table.setSourceModel(first);
    QCOMPARE(sourceModelChanged.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(table.rowCount(), 2);

    table.setSourceModel(&second);
    QCOMPARE(sourceModelChanged.size(), 2);
    QCOMPARE(reset.size(), 2);
    QCOMPARE(column(table, 0), QVariantList{ u"c@example.org"_s });
    first->touch(0, 1, {}); // no longer the source
    QCOMPARE(changed.size(), 0);
    second.touch(0, 0, {});
    QCOMPARE(changed.size(), 1);

    table.setSourceModel(first);
    QCOMPARE(table.rowCount(), 2);
    delete first;
    QCOMPARE(table.sourceModel(), nullptr);
    QCOMPARE(table.rowCount(), 0);
    QCOMPARE(sourceModelChanged.size(), 4);
    QCOMPARE(reset.size(), 4);

    // An owner deleted with its collection.
    auto *user = new User;
    QVERIFY(user->addresses()->append(newAddress(&arena, u"d@example.org"_s)));
    table.setSourceModel(user->addresses());
    QCOMPARE(table.rowCount(), 1);
    delete user;
    QCOMPARE(table.sourceModel(), nullptr);
    QCOMPARE(table.rowCount(), 0);
}

void tst_TableAdapter::underSortFilterProxy()
{
    QObject arena;
    User user;
    Address *a = newAddress(&arena, u"a@example.org"_s, 3);
    Address *b = newAddress(&arena, u"b@example.org"_s, 1);
    Address *c = newAddress(&arena, u"c@example.org"_s, 2);
    for (Address *address : { a, b, c })
        QVERIFY(user.addresses()->append(address));
    addTester(user.addresses());
    TableAdapter table;
    table.setSourceModel(user.addresses());
    table.setColumns({ u"email"_s, u"id"_s });
    addTester(&table);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&table);
    addTester(&proxy);

    proxy.sort(1, Qt::AscendingOrder);
    QCOMPARE(column(proxy, 0),
             (QVariantList{ u"b@example.org"_s, u"c@example.org"_s, u"a@example.org"_s }));
    QCOMPARE(proxy.headerData(1, Qt::Horizontal), QVariant(u"id"_s));

    // A changed key re-sorts.
    QVERIFY(b->setProperty("id", qint64(10)));
    QCOMPARE(column(proxy, 0),
             (QVariantList{ u"c@example.org"_s, u"a@example.org"_s, u"b@example.org"_s }));

    // A new row lands in its place.
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QVERIFY(user.addresses()->append(newAddress(&arena, u"d@example.org"_s, 0)));
    QCOMPARE(rowRanges(inserted), (QList<std::pair<int, int>>{ { 0, 0 } }));
    QCOMPARE(column(proxy, 1), (QVariantList{ qint64(0), qint64(2), qint64(3), qint64(10) }));

    // Writing through the proxy writes the object, and re-sorts.
    QVERIFY(proxy.setData(proxy.index(0, 1), qint64(20)));
    QCOMPARE(column(proxy, 0),
             (QVariantList{ u"c@example.org"_s, u"a@example.org"_s, u"b@example.org"_s,
                            u"d@example.org"_s }));
    QCOMPARE(user.addresses()->at(3)->m_id, qint64(20));

    QVERIFY(user.addresses()->remove(a));
    QCOMPARE(column(proxy, 0),
             (QVariantList{ u"c@example.org"_s, u"b@example.org"_s, u"d@example.org"_s }));

    proxy.setFilterKeyColumn(0);
    proxy.setFilterFixedString(u"d@"_s);
    QCOMPARE(column(proxy, 1), QVariantList{ qint64(20) });
}

void tst_TableAdapter::overSortFilterProxy()
{
    // The source's layout changes (a proxy re-sorting) move the adapter's rows.
    QObject arena;
    User user;
    Address *a = newAddress(&arena, u"a@example.org"_s, 3);
    Address *b = newAddress(&arena, u"b@example.org"_s, 1);
    Address *c = newAddress(&arena, u"c@example.org"_s, 2);
    for (Address *address : { a, b, c })
        QVERIFY(user.addresses()->append(address));
    addTester(user.addresses());
    QSortFilterProxyModel byId;
    byId.setSourceModel(user.addresses());
    byId.setSortRole(user.addresses()->roleForProperty(u"id"_s));
    byId.sort(0);
    addTester(&byId);
    TableAdapter table;
    table.setSourceModel(&byId);
    table.setColumns({ u"email"_s, u"id"_s });
    addTester(&table);
    QCOMPARE(column(table, 0),
             (QVariantList{ u"b@example.org"_s, u"c@example.org"_s, u"a@example.org"_s }));
    QSignalSpy layoutChanged(&table, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
    const QPersistentModelIndex bId = table.index(0, 1);

    QVERIFY(b->setProperty("id", qint64(10)));
    QCOMPARE(layoutChanged.size(), 1);
    QCOMPARE(column(table, 0),
             (QVariantList{ u"c@example.org"_s, u"a@example.org"_s, u"b@example.org"_s }));
    QCOMPARE(bId.row(), 2);
    QCOMPARE(bId.column(), 1);
    QCOMPARE(bId.data(), QVariant::fromValue(qint64(10)));
    // The id's cell, where it is after the proxy re-sorted.
    QCOMPARE(changedCells(changed), QList<Cells>{ Cells(2, 1, 2, 1) });

    // Rows the proxy filters out leave the adapter.
    QSignalSpy removed(&table, &QAbstractItemModel::rowsRemoved);
    byId.setFilterRole(user.addresses()->roleForProperty(u"email"_s));
    byId.setFilterFixedString(u"a@"_s);
    QCOMPARE(column(table, 0), QVariantList{ u"a@example.org"_s });
    int removedRows = 0;
    for (const auto &[first, last] : rowRanges(removed))
        removedRows += last - first + 1;
    QCOMPARE(removedRows, 2);
}

QTEST_GUILESS_MAIN(tst_TableAdapter)
#include "tst_tableadapter.moc"
