// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// EntityListModel as a list model over transient objects (no session, no database): its roles,
// data and setData, the item signals it follows, the row signals of every change, ordered
// collections, back-population through Qorm::setReference(), refused changes and objects
// deleted behind its back. Every model runs under QAbstractItemModelTester.
#include "models.h"

#include <Qorm/orm/registry.h>

#include <QtCore/QRegularExpression>
#include <QtCore/QScopeGuard>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <cstddef>
#include <new>
#include <type_traits>

using namespace Qt::StringLiterals;
using Qorm::EntityListModel;

namespace {

constexpr int ObjectRole = EntityListModel::ObjectRole;
// Address's property roles, in declaration order after the object role.
constexpr int IdRole = ObjectRole + 1;
constexpr int EmailRole = ObjectRole + 2;
constexpr int UserIdRole = ObjectRole + 3;
constexpr int UserRole = ObjectRole + 4;

void addTester(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 model);
}

Address *newAddress(QObject *parent, const QString &email, qint64 id = 0)
{
    auto *address = new Address(email);
    address->m_id = id;
    address->setParent(parent);
    return address;
}

Track *newTrack(QObject *parent, const QString &title)
{
    auto *track = new Track(title);
    track->setParent(parent);
    return track;
}

// The (first, last) rows of each rowsInserted/rowsRemoved emission a spy saw.
QList<std::pair<int, int>> rowRanges(const QSignalSpy &spy)
{
    QList<std::pair<int, int>> ranges;
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.at(0).value<QModelIndex>().isValid())
            ranges.append({ -1, -1 }); // never expected: a list model has no children
        else
            ranges.append({ arguments.at(1).toInt(), arguments.at(2).toInt() });
    }
    return ranges;
}

QList<int> sortedRoles(const QList<QVariant> &dataChangedArguments)
{
    QList<int> roles = dataChangedArguments.at(2).value<QList<int>>();
    std::sort(roles.begin(), roles.end());
    return roles;
}

QStringList emails(const Qorm::EntityList<Address> *addresses)
{
    QStringList result;
    for (const Address *address : *addresses)
        result.append(address ? address->m_email : u"<null>"_s);
    return result;
}

QStringList titles(const Qorm::EntityList<Track> *tracks)
{
    QStringList result;
    for (const Track *track : *tracks)
        result.append(track ? track->m_title : u"<null>"_s);
    return result;
}

} // namespace

class tst_EntityListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void roleNames();
    void data();
    void setData();
    void setDataOfUnreadItem();
    void itemPropertyChanged();
    void rowSignals();
    void unobservedChanges();
    void clear();
    void orderedAppend();
    void backPopulates();
    void refusedChanges();
    void typedIteration();
    void deletedItem();

private:
    Qorm::Registry registry;
};

void tst_EntityListModel::initTestCase()
{
    QVERIFY(registry.map<User>());
    QVERIFY(registry.map<Address>());
    QVERIFY(registry.map<Playlist>());
    QVERIFY(registry.map<Track>());
    QVERIFY2(registry.configure(), qPrintable(registry.lastError().text()));
}

void tst_EntityListModel::roleNames()
{
    User user;
    EntityListModel *model = user.addresses();
    addTester(model);

    const QHash<int, QByteArray> expected{
        { Qt::DisplayRole, "display" }, { ObjectRole, "object" }, { IdRole, "id" },
        { EmailRole, "email" },         { UserIdRole, "userId" }, { UserRole, "user" },
    };
    QCOMPARE(model->roleNames(), expected);
    QCOMPARE(model->roleForProperty(u"email"_s), EmailRole);
    QCOMPARE(model->roleForProperty(u"user"_s), UserRole);
    QCOMPARE(model->roleForProperty(u"phone"_s), -1);
    // The built-in roles are not properties of Address.
    QCOMPARE(model->roleForProperty(u"display"_s), -1);
    QCOMPARE(model->roleForProperty(u"object"_s), -1);
}

void tst_EntityListModel::data()
{
    QObject arena;
    User user(u"alice"_s);
    EntityListModel *model = user.addresses();
    addTester(model);
    Address *address = newAddress(&arena, u"alice@example.org"_s, 7);
    address->m_userId = 3;
    QVERIFY(model->append(address));

    QCOMPARE(model->rowCount(), 1);
    const QModelIndex index = model->index(0);
    // Display and edit: the first QString property, the e-mail.
    QCOMPARE(index.data(Qt::DisplayRole), QVariant(u"alice@example.org"_s));
    QCOMPARE(index.data(Qt::EditRole), QVariant(u"alice@example.org"_s));
    QCOMPARE(index.data(ObjectRole).value<QObject *>(), address);
    QCOMPARE(index.data(IdRole), QVariant::fromValue(qint64(7)));
    QCOMPARE(index.data(EmailRole), QVariant(u"alice@example.org"_s));
    QCOMPARE(index.data(UserIdRole), QVariant::fromValue(qint64(3)));
    QCOMPARE(index.data(UserRole).value<User *>(), &user); // set by back-population
    QVERIFY(!index.data(UserRole + 1).isValid());
    QVERIFY(!index.data(Qt::DecorationRole).isValid());
    QVERIFY(!model->index(1).isValid());
    QVERIFY(model->flags(index).testFlag(Qt::ItemIsEditable));

    QObject *got = nullptr;
    QVERIFY(QMetaObject::invokeMethod(model, "get", Q_RETURN_ARG(QObject *, got), Q_ARG(int, 0)));
    QCOMPARE(got, address);
    QCOMPARE(model->property("count").toInt(), 1);
}

void tst_EntityListModel::setData()
{
    QObject arena;
    User user;
    EntityListModel *model = user.addresses();
    addTester(model);
    Address *address = newAddress(&arena, u"a@example.org"_s, 1);
    QVERIFY(model->append(address));
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    const QModelIndex index = model->index(0);
    QCOMPARE(index.data(EmailRole), QVariant(u"a@example.org"_s)); // a view reads it

    QVERIFY(model->setData(index, u"b@example.org"_s, EmailRole));
    QCOMPARE(address->m_email, u"b@example.org"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), index);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), index);
    // The e-mail is also what the display and edit roles show.
    QCOMPARE(sortedRoles(changed.at(0)), (QList<int>{ Qt::DisplayRole, Qt::EditRole, EmailRole }));

    // The edit role writes the display property.
    QVERIFY(model->setData(index, u"c@example.org"_s, Qt::EditRole));
    QCOMPARE(address->m_email, u"c@example.org"_s);
    QCOMPARE(changed.size(), 2);

    // Another property: its role alone.
    QVERIFY(model->setData(index, qint64(42), IdRole));
    QCOMPARE(address->m_id, qint64(42));
    QCOMPARE(changed.size(), 3);
    QCOMPARE(sortedRoles(changed.at(2)), QList<int>{ IdRole });

    // Writing the value it has changes nothing and says nothing.
    QVERIFY(model->setData(index, qint64(42), IdRole));
    QCOMPARE(changed.size(), 3);

    // Roles that are no property, and the object itself, are not writable.
    QVERIFY(!model->setData(index, 1, UserRole + 1));
    QVERIFY(!model->setData(index, QVariant::fromValue<QObject *>(address), ObjectRole));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Index .* is not valid"_s));
    QVERIFY(!model->setData(model->index(1), u"x"_s, EmailRole));
    QCOMPARE(changed.size(), 3);
    QCOMPARE(address->m_email, u"c@example.org"_s);
}

void tst_EntityListModel::setDataOfUnreadItem()
{
    // setData() on a row no view has read yet still announces the change.
    QObject arena;
    Playlist playlist;
    Qorm::EntityList<Track> *tracks = playlist.tracks();
    addTester(tracks);
    QSignalSpy changed(tracks, &QAbstractItemModel::dataChanged);
    for (const QString &title : { u"a"_s, u"b"_s, u"c"_s })
        QVERIFY(tracks->append(newTrack(&arena, title)));
    Track *last = tracks->at(2);
    changed.clear(); // the references set while appending

    QVERIFY(tracks->setData(tracks->index(2), u"z"_s, Qt::EditRole));
    QCOMPARE(last->m_title, u"z"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), tracks->index(2));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), tracks->index(2));
    const int titleRole = tracks->roleForProperty(u"title"_s);
    QCOMPARE(sortedRoles(changed.at(0)), (QList<int>{ Qt::DisplayRole, Qt::EditRole, titleRole }));
}

void tst_EntityListModel::itemPropertyChanged()
{
    QObject arena;
    User user;
    EntityListModel *model = user.addresses();
    addTester(model);
    Address *first = newAddress(&arena, u"a@example.org"_s);
    Address *second = newAddress(&arena, u"b@example.org"_s);
    QVERIFY(model->append(first));
    QVERIFY(model->append(second));
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(model->index(row).data().isValid()); // a view shows both rows

    QVERIFY(second->setProperty("userId", qint64(9)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model->index(1));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model->index(1));
    QCOMPARE(sortedRoles(changed.at(0)), QList<int>{ UserIdRole });

    QVERIFY(first->setProperty("email", u"a2@example.org"_s));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), model->index(0));
    QCOMPARE(sortedRoles(changed.at(1)), (QList<int>{ Qt::DisplayRole, Qt::EditRole, EmailRole }));

    // The row follows the item when rows before it go.
    QVERIFY(model->removeAt(0));
    changed.clear();
    QVERIFY(second->setProperty("id", qint64(2)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model->index(0));
    QCOMPARE(sortedRoles(changed.at(0)), QList<int>{ IdRole });

    // An item taken out is no longer followed.
    QVERIFY(first->setProperty("id", qint64(1)));
    QCOMPARE(changed.size(), 1);
}

/*
    A model nothing observes changes without announcing it (building a graph of new objects
    costs half as much): a tester, a view or a spy attached later sees a consistent model, and
    a persistent index alone (no connection) is enough to have every change announced.
*/
void tst_EntityListModel::unobservedChanges()
{
    QObject arena;
    Playlist playlist;
    Qorm::EntityList<Track> *tracks = playlist.tracks();
    Track *a = newTrack(&arena, u"a"_s);
    Track *b = newTrack(&arena, u"b"_s);
    Track *c = newTrack(&arena, u"c"_s);
    QVERIFY(tracks->append(a));
    QVERIFY(tracks->append(b));
    QVERIFY(tracks->insert(0, c));
    QVERIFY(tracks->move(0, 2));
    QVERIFY(tracks->remove(a));
    QCOMPARE(titles(tracks), (QStringList{ u"b"_s, u"c"_s }));
    QCOMPARE(tracks->rowCount(), 2);

    // A persistent index follows every change, announced although nothing is connected.
    const QPersistentModelIndex first = tracks->index(0);
    const QPersistentModelIndex second = tracks->index(1);
    QVERIFY(tracks->insert(0, a)); // a, b, c
    QCOMPARE(first.row(), 1);
    QCOMPARE(first.data().toString(), u"b"_s);
    QVERIFY(tracks->move(2, 0)); // c, a, b
    QCOMPARE(second.row(), 0);
    QCOMPARE(second.data().toString(), u"c"_s);
    QVERIFY(tracks->remove(b)); // c, a
    QVERIFY(!first.isValid());
    QCOMPARE(second.row(), 0);

    // A tester attached now checks the model from here on.
    addTester(tracks);
    QSignalSpy inserted(tracks, &QAbstractItemModel::rowsInserted);
    QVERIFY(tracks->append(b));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(titles(tracks), (QStringList{ u"c"_s, u"a"_s, u"b"_s }));
    tracks->clear();
    QCOMPARE(tracks->rowCount(), 0);
}

void tst_EntityListModel::rowSignals()
{
    QObject arena;
    Playlist playlist;
    Qorm::EntityList<Track> *tracks = playlist.tracks();
    addTester(tracks);
    QSignalSpy aboutToInsert(tracks, &QAbstractItemModel::rowsAboutToBeInserted);
    QSignalSpy inserted(tracks, &QAbstractItemModel::rowsInserted);
    QSignalSpy aboutToRemove(tracks, &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(tracks, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(tracks, &QAbstractItemModel::rowsMoved);
    QSignalSpy countChanged(tracks, &EntityListModel::countChanged);
    Track *a = newTrack(&arena, u"a"_s);
    Track *b = newTrack(&arena, u"b"_s);
    Track *c = newTrack(&arena, u"c"_s);
    Track *d = newTrack(&arena, u"d"_s);

    QVERIFY(tracks->append(a));
    QVERIFY(tracks->append(b));
    QVERIFY(tracks->insert(1, c));
    QVERIFY(tracks->insert(0, d));
    QCOMPARE(titles(tracks), (QStringList{ u"d"_s, u"a"_s, u"c"_s, u"b"_s }));
    const QList<std::pair<int, int>> insertions{ { 0, 0 }, { 1, 1 }, { 1, 1 }, { 0, 0 } };
    QCOMPARE(rowRanges(aboutToInsert), insertions);
    QCOMPARE(rowRanges(inserted), insertions);
    QCOMPARE(tracks->count(), 4);
    QCOMPARE(countChanged.size(), 4);
    QCOMPARE(c->playlist(), &playlist);

    // Moves: QList::move() semantics, announced with beginMoveRows()'s destination.
    QVERIFY(tracks->move(0, 3));
    QCOMPARE(titles(tracks), (QStringList{ u"a"_s, u"c"_s, u"b"_s, u"d"_s }));
    QVERIFY(tracks->move(3, 1));
    QCOMPARE(titles(tracks), (QStringList{ u"a"_s, u"d"_s, u"c"_s, u"b"_s }));
    QVERIFY(tracks->move(2, 2)); // nothing to do, nothing said
    QCOMPARE(moved.size(), 2);
    QCOMPARE(moved.at(0).at(1).toInt(), 0);
    QCOMPARE(moved.at(0).at(2).toInt(), 0);
    QCOMPARE(moved.at(0).at(4).toInt(), 4);
    QCOMPARE(moved.at(1).at(1).toInt(), 3);
    QCOMPARE(moved.at(1).at(2).toInt(), 3);
    QCOMPARE(moved.at(1).at(4).toInt(), 1);
    QCOMPARE(countChanged.size(), 4);

    QVERIFY(tracks->remove(c));
    QVERIFY(tracks->removeAt(0));
    QCOMPARE(titles(tracks), (QStringList{ u"d"_s, u"b"_s }));
    const QList<std::pair<int, int>> removals{ { 2, 2 }, { 0, 0 } };
    QCOMPARE(rowRanges(aboutToRemove), removals);
    QCOMPARE(rowRanges(removed), removals);
    QCOMPARE(tracks->count(), 2);
    QCOMPARE(countChanged.size(), 6);
    // Taken out: the reference back is cleared.
    QCOMPARE(c->playlist(), nullptr);
    QCOMPARE(a->playlist(), nullptr);
    QCOMPARE(d->playlist(), &playlist);
}

void tst_EntityListModel::clear()
{
    QObject arena;
    Playlist playlist;
    Qorm::EntityList<Track> *tracks = playlist.tracks();
    addTester(tracks);
    QList<Track *> all;
    for (const QString &title : { u"a"_s, u"b"_s, u"c"_s }) {
        all.append(newTrack(&arena, title));
        QVERIFY(tracks->append(all.last()));
    }
    QSignalSpy removed(tracks, &QAbstractItemModel::rowsRemoved);
    QSignalSpy countChanged(tracks, &EntityListModel::countChanged);

    tracks->clear();
    QCOMPARE(tracks->count(), 0);
    QCOMPARE(tracks->rowCount(), 0);
    // One removal of all the rows, each item's reference cleared.
    QCOMPARE(rowRanges(removed), (QList<std::pair<int, int>>{ { 0, 2 } }));
    QCOMPARE(countChanged.size(), 1);
    for (const Track *track : std::as_const(all))
        QCOMPARE(track->playlist(), nullptr);

    tracks->clear(); // empty: nothing to say
    QCOMPARE(removed.size(), 1);
    QCOMPARE(countChanged.size(), 1);
}

void tst_EntityListModel::orderedAppend()
{
    QObject arena;
    User user;
    Qorm::EntityList<Address> *addresses = user.addresses();
    addTester(addresses);
    QSignalSpy inserted(addresses, &QAbstractItemModel::rowsInserted);
    Address *c = newAddress(&arena, u"c@example.org"_s);
    Address *a = newAddress(&arena, u"a@example.org"_s);
    Address *b = newAddress(&arena, u"b@example.org"_s);
    Address *b2 = newAddress(&arena, u"b@example.org"_s, 2);
    Address *d = newAddress(&arena, u"d@example.org"_s);

    QVERIFY(addresses->append(c));
    QVERIFY(addresses->append(a));
    QVERIFY(addresses->append(b));
    QVERIFY(addresses->append(b2));   // after the equal one
    QVERIFY(addresses->insert(0, d)); // where the order puts it, whatever the index
    QCOMPARE(addresses->toList(), (QList<Address *>{ a, b, b2, c, d }));
    QCOMPARE(rowRanges(inserted),
             (QList<std::pair<int, int>>{ { 0, 0 }, { 0, 0 }, { 1, 1 }, { 2, 2 }, { 4, 4 } }));
}

void tst_EntityListModel::backPopulates()
{
    QObject arena;
    User alice(u"alice"_s);
    User bob(u"bob"_s);
    addTester(alice.addresses());
    addTester(bob.addresses());
    Address *address = newAddress(&arena, u"m@example.org"_s);
    QSignalSpy userChanged(address, &Address::userChanged);

    // Appending sets the reference.
    QVERIFY(alice.addresses()->append(address));
    QCOMPARE(address->user(), &alice);
    QCOMPARE(userChanged.size(), 1);

    // Setting the reference moves the address from one collection to the other, in order.
    QVERIFY(bob.addresses()->append(newAddress(&arena, u"a@example.org"_s)));
    QVERIFY(bob.addresses()->append(newAddress(&arena, u"z@example.org"_s)));
    QSignalSpy aliceRemoved(alice.addresses(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy bobInserted(bob.addresses(), &QAbstractItemModel::rowsInserted);
    address->setUser(&bob);
    QCOMPARE(userChanged.size(), 2);
    QCOMPARE(alice.addresses()->count(), 0);
    QCOMPARE(rowRanges(aliceRemoved), (QList<std::pair<int, int>>{ { 0, 0 } }));
    QCOMPARE(bob.addresses()->indexOf(address), 1);
    QCOMPARE(rowRanges(bobInserted), (QList<std::pair<int, int>>{ { 1, 1 } }));
    QCOMPARE(emails(bob.addresses()),
             (QStringList{ u"a@example.org"_s, u"m@example.org"_s, u"z@example.org"_s }));

    // Appending to another user's collection takes it from the first one.
    QVERIFY(alice.addresses()->append(address));
    QCOMPARE(address->user(), &alice);
    QCOMPARE(userChanged.size(), 3);
    QVERIFY(!bob.addresses()->contains(address));
    QCOMPARE(bob.addresses()->count(), 2);
    QCOMPARE(alice.addresses()->objects(), QList<QObject *>{ address });

    // No user: in no collection.
    address->setUser(nullptr);
    QCOMPARE(userChanged.size(), 4);
    QCOMPARE(alice.addresses()->count(), 0);
    QCOMPARE(bob.addresses()->count(), 2);

    // Removing clears the reference.
    address->setUser(&bob);
    QVERIFY(bob.addresses()->contains(address));
    QVERIFY(bob.addresses()->remove(address));
    QCOMPARE(address->user(), nullptr);
    QCOMPARE(userChanged.size(), 6);
}

void tst_EntityListModel::refusedChanges()
{
    QObject arena;
    User user;
    User other;
    Qorm::EntityList<Address> *addresses = user.addresses();
    addTester(addresses);
    Address *address = newAddress(&arena, u"a@example.org"_s);
    QVERIFY(addresses->append(address));
    QVERIFY(!addresses->lastError().isValid());
    QSignalSpy inserted(addresses, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(addresses, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(addresses, &QAbstractItemModel::rowsMoved);
    QSignalSpy countChanged(addresses, &EntityListModel::countChanged);

    const auto refused = [&](const QString &message) {
        QCOMPARE(addresses->lastError().type(), Qorm::Error::InvalidRequestError);
        QCOMPARE(addresses->lastError().text(), message);
    };

    QString message = u"Cannot add a null object to a collection"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->append(static_cast<Address *>(nullptr)));
    refused(message);

    message = u"User.addresses holds Address objects, not User"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!static_cast<EntityListModel *>(addresses)->append(&other));
    refused(message);
    QCOMPARE(other.parent(), nullptr);

    message = u"The Address object is in the collection already"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->append(address));
    refused(message);

    message = u"Collection index 2 is out of range (size 1)"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->insert(2, newAddress(&arena, u"b@example.org"_s)));
    refused(message);

    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->removeAt(2));
    refused(message);

    message = u"The object is not in the collection"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->remove(newAddress(&arena, u"c@example.org"_s)));
    refused(message);

    message = u"Cannot move collection item 0 to 1 (size 1)"_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!addresses->move(0, 1));
    refused(message);

    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(moved.size(), 0);
    QCOMPARE(countChanged.size(), 0);
    QCOMPARE(addresses->objects(), QList<QObject *>{ address });
    QCOMPARE(address->user(), &user);

    // The next call that works clears the error.
    QVERIFY(addresses->append(newAddress(&arena, u"d@example.org"_s)));
    QVERIFY(!addresses->lastError().isValid());
}

void tst_EntityListModel::typedIteration()
{
    QObject arena;
    User user;
    Qorm::EntityList<Address> *addresses = user.addresses();
    addTester(addresses);
    Address *b = newAddress(&arena, u"b@example.org"_s);
    Address *a = newAddress(&arena, u"a@example.org"_s);
    QVERIFY(addresses->append(b));
    QVERIFY(addresses->append(a));

    static_assert(std::is_same_v<decltype(*addresses->begin()), Address *>);
    QList<Address *> seen;
    for (Address *address : *addresses)
        seen.append(address);
    QCOMPARE(seen, (QList<Address *>{ a, b }));
    QCOMPARE(addresses->toList(), seen);
    QCOMPARE(addresses->first(), a);
    QCOMPARE(addresses->at(1), b);
    QCOMPARE(addresses->at(2), nullptr);
    QCOMPARE(addresses->at(-1), nullptr);
    QVERIFY(addresses->remove(a));
    QCOMPARE(addresses->toList(), QList<Address *>{ b });
}

void tst_EntityListModel::deletedItem()
{
    // The deleted item and the next one share storage: the newcomer is born at the dead one's
    // address, as the allocator often arranges anyway.
    alignas(Address) std::byte storage[sizeof(Address)];
    QObject arena;
    User user;
    Qorm::EntityList<Address> *addresses = user.addresses();
    addTester(addresses);
    Address *doomed = new (storage) Address(u"a@example.org"_s);
    Address *kept = newAddress(&arena, u"b@example.org"_s);
    QVERIFY(addresses->append(doomed));
    QVERIFY(addresses->append(kept));
    QSignalSpy removed(addresses, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(addresses, &QAbstractItemModel::dataChanged);
    for (int row = 0; row < addresses->rowCount(); ++row)
        QVERIFY(addresses->index(row).data().isValid()); // a view shows both rows

    doomed->~Address();

    // Nothing is said until the next change: the row stays, empty.
    QCOMPARE(removed.size(), 0);
    QCOMPARE(addresses->rowCount(), 2);
    QCOMPARE(addresses->at(0), nullptr);
    QVERIFY(!addresses->index(0).data().isValid());
    QVERIFY(!addresses->index(0).data(ObjectRole).isValid());
    QVERIFY(!addresses->setData(addresses->index(0), u"x"_s, EmailRole));
    QCOMPARE(addresses->objects(), QList<QObject *>{ kept });
    // Typed access skips it: the list and a range-for hold no null.
    QCOMPARE(addresses->toList(), QList<Address *>{ kept });
    QList<Address *> iterated;
    for (Address *address : *addresses)
        iterated.append(address);
    QCOMPARE(iterated, QList<Address *>{ kept });
    QCOMPARE(addresses->indexOf(kept), 1);
    QVERIFY(kept->setProperty("id", qint64(2)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), addresses->index(1));

    // The next append drops the dead row first, announced.
    Address *next = new (storage) Address(u"c@example.org"_s);
    const auto destroyNext = qScopeGuard([next] { next->~Address(); });
    QCOMPARE(static_cast<QObject *>(next), static_cast<QObject *>(doomed));
    QVERIFY(addresses->append(next));
    QCOMPARE(rowRanges(removed), (QList<std::pair<int, int>>{ { 0, 0 } }));
    QCOMPARE(addresses->toList(), (QList<Address *>{ kept, next }));
    QCOMPARE(addresses->count(), 2);

    // The newcomer is followed like any item, even at the dead one's address.
    changed.clear();
    QCOMPARE(addresses->index(1).data(), QVariant(u"c@example.org"_s));
    QVERIFY(next->setProperty("id", qint64(3)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), addresses->index(1));
    QCOMPARE(sortedRoles(changed.at(0)), QList<int>{ IdRole });
}

QTEST_GUILESS_MAIN(tst_EntityListModel)
#include "tst_entitylistmodel.moc"
