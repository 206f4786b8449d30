// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// The flush on every configured database: the exact statements it emits (foreign-key order,
// multi-row INSERT batches, UPDATEs of the changed columns only, DELETE chunks), the keys and
// defaults it reads back, optimistic concurrency across two connections, and primary key
// changes. The database state is checked with plain Core statements.

#include "models.h"

#include <Qorm/Core>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/session.h>

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

using Test::make;
using Test::tableRows;

// "(?, ?), (?, ?)": the VALUES rows of a multi-row INSERT.
QString valueRows(int rows, int columns)
{
    QStringList placeholders;
    for (int c = 0; c < columns; ++c)
        placeholders.append(u"?"_s);
    const QString row = u"("_s + placeholders.join(u", "_s) + u")"_s;
    QStringList all;
    all.reserve(rows);
    for (int r = 0; r < rows; ++r)
        all.append(row);
    return all.join(u", "_s);
}

// "?, ?, ?": the list of an IN.
QString inList(int count)
{
    QStringList placeholders;
    for (int i = 0; i < count; ++i)
        placeholders.append(u"?"_s);
    return placeholders.join(u", "_s);
}

// The rows of `table` (the given columns), ordered by `orderBy`, read with a Core SELECT.
qint64 rowCount(Connection &db, const Table &table)
{
    Result result = db.execute(select({ Function::count() }).from(table));
    if (!result.isValid()) {
        qWarning().noquote() << Test::describe(result.error());
        return -1;
    }
    return result.scalar().toLongLong();
}

// name -> id of every row of a table with a unique name column.
QHash<QString, qint64> idsByName(Connection &db, const Table &table)
{
    QHash<QString, qint64> ids;
    const QList<QVariantList> rows = tableRows(db, table, { u"name"_s, u"id"_s }, u"id"_s);
    for (const QVariantList &row : rows)
        ids.insert(row.at(0).toString(), row.at(1).toLongLong());
    return ids;
}

bool mapAll(Registry &registry)
{
    // Children before their parents: the flush order must come from the foreign keys.
    return registry.map<FkItem>() && registry.map<FkChild>() && registry.map<FkParent>()
            && registry.map<BatchRow>() && registry.map<Defaults>() && registry.map<StampedEvent>()
            && registry.map<Gadget>() && registry.map<Membership>() && registry.map<Document>()
            && registry.map<Country>();
}

// database x case rows, tagged "<database>:<case>".
void addCases(const QStringList &cases)
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("variant");
    const QStringList databases = Test::databases();
    for (const QString &database : databases) {
        for (const QString &variant : cases)
            QTest::newRow(qPrintable(database + u':' + variant)) << database << variant;
    }
}

// A new object of class T with the properties given.
QDateTime utc(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(12, 0), Qt::UTC);
}

} // namespace

// Connects to the row's database, maps every model and creates the tables.
#define SETUP(db, registry) \
  QFETCH(QString, database); \
  QORM_CONNECT_CLEAN(db, database); \
  Registry registry; \
  QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text())); \
  QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())))

#define VERIFY_SESSION(call, session) \
  QVERIFY2((call), qPrintable(Test::describe((session).lastError())))

class tst_Flush : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void foreignKeyOrder_data() { Test::addDatabaseColumn(); }
    void foreignKeyOrder();
    void zeroForeignKeyIsNull_data() { Test::addDatabaseColumn(); }
    void zeroForeignKeyIsNull();

    void batchedInsert_data();
    void batchedInsert();
    void sqliteTriggerKeepsReturning();
    void largeInsertSplits_data() { Test::addDatabaseColumn(); }
    void largeInsertSplits();
    void differentColumnsSeparateStatement_data() { Test::addDatabaseColumn(); }
    void differentColumnsSeparateStatement();

    void defaultsReadBack_data() { Test::addDatabaseColumn(); }
    void defaultsReadBack();
    void timestampMixin_data() { Test::addDatabaseColumn(); }
    void timestampMixin();

    void updateChangedColumnsOnly_data() { Test::addDatabaseColumn(); }
    void updateChangedColumnsOnly();
    void updateBatchScatteredKeys_data() { Test::addDatabaseColumn(); }
    void updateBatchScatteredKeys();
    void updateSharesStatement_data() { Test::addDatabaseColumn(); }
    void updateSharesStatement();
    void noOpFlush_data() { addCases({ u"untracked"_s, u"tracked"_s }); }
    void noOpFlush();
    void silentSetter_data() { addCases({ u"untracked"_s, u"tracked"_s }); }
    void silentSetter();

    void deleteInChunks_data() { Test::addDatabaseColumn(); }
    void deleteInChunks();
    void deleteConsecutiveKeysAsRange_data() { Test::addDatabaseColumn(); }
    void deleteConsecutiveKeysAsRange();
    void deleteOnePerStatement_data() { Test::addDatabaseColumn(); }
    void deleteOnePerStatement();

    void staleData_data() { addCases({ u"update"_s, u"delete"_s }); }
    void staleData();
    void staleDataUnversioned_data() { Test::addDatabaseColumn(); }
    void staleDataUnversioned();
    void compositeKeyUpdate_data() { Test::addDatabaseColumn(); }
    void compositeKeyUpdate();
    void updatesBeforeInserts_data() { Test::addDatabaseColumn(); }
    void updatesBeforeInserts();

    void primaryKeyChange_data() { Test::addDatabaseColumn(); }
    void primaryKeyChange();
    void primaryKeyChangeWithOtherColumns_data() { Test::addDatabaseColumn(); }
    void primaryKeyChangeWithOtherColumns();
};

// ---------------------------------------------------------------------------------------------

void tst_Flush::foreignKeyOrder()
{
    SETUP(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    // Added grandchild first, parents last: the INSERTs still go parent, child, item.
    auto *item = make<FkItem>({ { "id", 100 }, { "childId", 10 }, { "name", u"i1"_s } });
    auto *child1 = make<FkChild>({ { "id", 10 }, { "parentId", 1 }, { "name", u"c1"_s } });
    auto *parent1 = make<FkParent>({ { "id", 1 }, { "name", u"p1"_s } });
    auto *child2 = make<FkChild>({ { "id", 11 }, { "parentId", 2 }, { "name", u"c2"_s } });
    auto *parent2 = make<FkParent>({ { "id", 2 }, { "name", u"p2"_s } });
    for (QObject *object : QList<QObject *>{ item, child1, parent1, child2, parent2 })
        VERIFY_SESSION(session.add(object), session);
    VERIFY_SESSION(session.flush(), session);

    QCOMPARE(recorder.statements(),
             QStringList({
                     u"INSERT INTO fk_parent (id, name) VALUES (?, ?), (?, ?)"_s,
                     u"INSERT INTO fk_child (id, parent_id, name) VALUES (?, ?, ?), (?, ?, ?)"_s,
                     u"INSERT INTO fk_item (id, child_id, name) VALUES (?, ?, ?)"_s,
             }));
    // Within a table, the add order.
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ 1, u"p1"_s, 2, u"p2"_s }));
    QCOMPARE(recorder.executed().at(1).boundValues.at(0).toLongLong(), 10);
    QCOMPARE(recorder.executed().at(1).boundValues.at(3).toLongLong(), 11);
    QCOMPARE(session.state(parent1), ObjectState::Persistent);
    QCOMPARE(session.state(item), ObjectState::Persistent);
    VERIFY_SESSION(session.commit(), session);

    // Deletes in reverse order: items, children, parents, whatever the remove() order.
    recorder.clear();
    VERIFY_SESSION(session.remove(parent1), session);
    VERIFY_SESSION(session.remove(child1), session);
    VERIFY_SESSION(session.remove(item), session);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(recorder.statements(),
             QStringList({
                     u"DELETE FROM fk_item WHERE fk_item.id = ?"_s,
                     u"DELETE FROM fk_child WHERE fk_child.id = ?"_s,
                     u"DELETE FROM fk_parent WHERE fk_parent.id = ?"_s,
             }));
    QCOMPARE(recorder.executed().at(0).boundValues.value(0).toLongLong(), 100);
    QCOMPARE(recorder.executed().at(1).boundValues.value(0).toLongLong(), 10);
    QCOMPARE(recorder.executed().at(2).boundValues.value(0).toLongLong(), 1);
    QCOMPARE(session.state(parent1), ObjectState::Deleted);
    VERIFY_SESSION(session.commit(), session);

    const Table parents = registry.mapper<FkParent>().table();
    const Table children = registry.mapper<FkChild>().table();
    QCOMPARE(tableRows(db, parents, { u"id"_s, u"name"_s }, u"id"_s),
             QList<QVariantList>({ { 2, u"p2"_s } }));
    const QList<QVariantList> childRows =
            tableRows(db, children, { u"id"_s, u"parent_id"_s, u"name"_s }, u"id"_s);
    QCOMPARE(childRows.size(), 1);
    QCOMPARE(childRows.at(0).at(0).toLongLong(), 11);
    QCOMPARE(childRows.at(0).at(1).toLongLong(), 2);
    QCOMPARE(rowCount(db, registry.mapper<FkItem>().table()), 0);
}

void tst_Flush::zeroForeignKeyIsNull()
{
    SETUP(db, registry);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *orphan = make<FkChild>({ { "name", u"orphan"_s } }); // parentId 0: no parent
    VERIFY_SESSION(session.add(orphan), session);
    VERIFY_SESSION(session.flush(), session);
    if (database == u"mariadb"_s) {
        QCOMPARE(recorder.statements(),
                 QStringList({
                         u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s,
                         u"INSERT INTO fk_child (parent_id, name) VALUES (?, ?)"_s,
                 }));
    } else if (database == u"sqlite"_s) {
        // The key is the rowid: the last one of the INSERT tells it, no RETURNING.
        QCOMPARE(recorder.statements(),
                 QStringList({ Test::sqliteRowidProbe(),
                               u"INSERT INTO fk_child (parent_id, name) VALUES (?, ?)"_s }));
    } else {
        QCOMPARE(
                recorder.statements(),
                QStringList(
                        { u"INSERT INTO fk_child (parent_id, name) VALUES (?, ?) RETURNING id"_s }));
    }
    const QVariantList bound = recorder.executed().last().boundValues;
    QCOMPARE(bound.size(), 2);
    QVERIFY2(bound.at(0).isNull(), qPrintable(bound.at(0).toString()));
    QCOMPARE(orphan->m_parentId, 0);
    QVERIFY(orphan->m_id > 0);
    VERIFY_SESSION(session.commit(), session);

    const Table children = registry.mapper<FkChild>().table();
    const QList<QVariantList> rows =
            tableRows(db, children, { u"id"_s, u"parent_id"_s, u"name"_s }, u"id"_s);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).at(0).toLongLong(), orphan->m_id);
    QVERIFY2(rows.at(0).at(1).isNull(), "parent_id 0 must be stored as NULL");

    // Setting it to 0 again later (after pointing it at a parent) writes NULL as well.
    auto *parent = make<FkParent>({ { "id", 5 }, { "name", u"p"_s } });
    VERIFY_SESSION(session.add(parent), session);
    orphan->setProperty("parentId", 5);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, children, { u"parent_id"_s }, u"id"_s).value(0).value(0).toLongLong(),
             5);
    recorder.clear();
    orphan->setProperty("parentId", 0);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE fk_child SET parent_id = ? WHERE fk_child.id = ?"_s }));
    QVERIFY(recorder.executed().at(0).boundValues.value(0).isNull());
    QVERIFY(tableRows(db, children, { u"parent_id"_s }, u"id"_s).value(0).value(0).isNull());

    // The same in a statement for several rows.
    auto *second = make<FkChild>({ { "parentId", 5 }, { "name", u"second"_s } });
    VERIFY_SESSION(session.add(second), session);
    orphan->setProperty("parentId", 5);
    VERIFY_SESSION(session.commit(), session);
    recorder.clear();
    orphan->setProperty("parentId", 0);
    second->setProperty("parentId", 0);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.count(), 1);
    QCOMPARE(recorder.executed().at(0).boundValues.size(), 6);
    QVERIFY(recorder.executed().at(0).boundValues.at(1).isNull());
    QVERIFY(recorder.executed().at(0).boundValues.at(3).isNull());
    const QList<QVariantList> parents = tableRows(db, children, { u"parent_id"_s }, u"id"_s);
    QCOMPARE(parents.size(), 2);
    for (const QVariantList &row : parents)
        QVERIFY2(row.at(0).isNull(), qPrintable(row.at(0).toString()));
}

// ---------------------------------------------------------------------------------------------

// SQLite numbers the rows of one INSERT consecutively only if nothing else inserts meanwhile: a
// trigger that adds rows to the same table interleaves its rowids, so the session must not
// derive the keys from the last rowid there, and keeps RETURNING.
void tst_Flush::sqliteTriggerKeepsReturning()
{
    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    Registry registry;
    QVERIFY2(mapAll(registry), qPrintable(registry.lastError().text()));
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(
            TextSql(u"CREATE TRIGGER shadow AFTER INSERT ON batch_row WHEN NEW.name NOT LIKE "
                    u"'shadow-%' BEGIN INSERT INTO batch_row (name) VALUES ('shadow-' || "
                    u"NEW.name); END"_s)));
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QList<BatchRow *> rows;
    for (int i = 0; i < 3; ++i) {
        rows.append(make<BatchRow>({ { "name", u"row%1"_s.arg(i) }, { "label", u"l"_s } }));
        VERIFY_SESSION(session.add(rows.last()), session);
    }
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ Test::sqliteRowidProbe(),
                           u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(3, 2)
                                   + u" RETURNING id"_s }));
    // Every object has the key of its own row, not of a shadow row.
    for (BatchRow *row : std::as_const(rows)) {
        Result stored = db.execute(
                TextSql(u"SELECT name FROM batch_row WHERE id = :id"_s).bind(u"id"_s, row->m_id));
        QVERIFY(stored.next());
        QCOMPARE(stored.value(0).toString(), row->m_name);
    }
}

void tst_Flush::batchedInsert_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("increment");
    const QStringList databases = Test::databases();
    for (const QString &database : databases) {
        QTest::newRow(qPrintable(database)) << database << 1;
        // The first-id rule with a step: ids first, first + 3, first + 6...
        if (database == u"mariadb"_s)
            QTest::newRow("mariadb:increment3") << database << 3;
    }
}

void tst_Flush::batchedInsert()
{
    QFETCH(int, increment);
    SETUP(db, registry);
    const Table table = registry.mapper<BatchRow>().table();
    if (increment != 1)
        QORM_VERIFY_RESULT(
                db.execute(TextSql(u"SET SESSION auto_increment_increment = %1"_s.arg(increment))));
    // Ids do not start at 1: a row is there already.
    QORM_VERIFY_RESULT(db.execute(insert(table).values(
            QVariantMap{ { u"name"_s, u"existing"_s }, { u"label"_s, u"x"_s } })));

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QList<BatchRow *> rows;
    for (int i = 0; i < 7; ++i) {
        rows.append(
                make<BatchRow>({ { "name", u"row%1"_s.arg(i) }, { "label", u"l%1"_s.arg(i) } }));
        VERIFY_SESSION(session.add(rows.last()), session);
    }
    VERIFY_SESSION(session.flush(), session);

    if (database == u"mariadb"_s) {
        // No RETURNING: the first id of the multi-row INSERT, then + auto_increment_increment.
        QCOMPARE(recorder.statements(),
                 QStringList({
                         u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s,
                         u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(7, 2),
                 }));
    } else if (database == u"sqlite"_s) {
        // The last rowid of the multi-row INSERT, the others counting down from it.
        QCOMPARE(recorder.statements(),
                 QStringList(
                         { Test::sqliteRowidProbe(),
                           u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(7, 2) }));
    } else {
        QCOMPARE(recorder.statements(),
                 QStringList({ u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(7, 2)
                               + u" RETURNING id"_s }));
    }
    QCOMPARE(recorder.executed().last().boundValues.size(), 14);
    QCOMPARE(recorder.executed().last().boundValues.at(0).toString(), u"row0"_s);
    QCOMPARE(recorder.executed().last().boundValues.at(13).toString(), u"l6"_s);
    VERIFY_SESSION(session.commit(), session);

    const QHash<QString, qint64> ids = idsByName(db, table);
    QCOMPARE(ids.size(), rows.size() + 1);
    for (BatchRow *row : std::as_const(rows)) {
        QVERIFY2(row->m_id > 0, qPrintable(row->m_name));
        QCOMPARE(row->m_id, ids.value(row->m_name));
        QCOMPARE(session.get<BatchRow>(row->m_id), row);
    }
    QVERIFY(rows.first()->m_id > 1);
    QCOMPARE(rows.at(1)->m_id - rows.at(0)->m_id, increment);
}

void tst_Flush::largeInsertSplits()
{
    SETUP(db, registry);
    const Table table = registry.mapper<BatchRow>().table();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    constexpr int count = 2500;
    QList<BatchRow *> rows;
    rows.reserve(count);
    for (int i = 0; i < count; ++i) {
        rows.append(make<BatchRow>({ { "name", u"n%1"_s.arg(i) }, { "label", u"x"_s } }));
        VERIFY_SESSION(session.add(rows.last()), session);
    }
    VERIFY_SESSION(session.flush(), session);

    const QString returning = database == u"postgresql"_s ? u" RETURNING id"_s : QString();
    QStringList expected;
    if (database == u"mariadb"_s)
        expected << u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s;
    else if (database == u"sqlite"_s)
        expected << Test::sqliteRowidProbe();
    expected << u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(1000, 2) + returning
             << u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(1000, 2) + returning
             << u"INSERT INTO batch_row (name, label) VALUES "_s + valueRows(500, 2) + returning;
    const QStringList statements = recorder.statements();
    QCOMPARE(statements.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(statements.at(i) == expected.at(i), qPrintable(statements.at(i).left(200)));
    const qsizetype first = expected.size() - 3;
    QCOMPARE(recorder.executed().at(first).boundValues.size(), 2000);
    QCOMPARE(recorder.executed().at(first + 2).boundValues.size(), 1000);
    QCOMPARE(recorder.executed().at(first + 2).boundValues.at(0).toString(), u"n2000"_s);
    VERIFY_SESSION(session.commit(), session);

    const QHash<QString, qint64> ids = idsByName(db, table);
    QCOMPARE(ids.size(), count);
    for (BatchRow *row : std::as_const(rows))
        QCOMPARE(row->m_id, ids.value(row->m_name));
}

void tst_Flush::differentColumnsSeparateStatement()
{
    SETUP(db, registry);
    const Table table = registry.mapper<BatchRow>().table();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);
    QList<BatchRow *> rows;
    for (int i = 0; i < 4; ++i)
        rows.append(make<BatchRow>({ { "name", u"plain%1"_s.arg(i) } })); // label: the server's
    rows.append(make<BatchRow>({ { "name", u"labelled"_s }, { "label", u"special"_s } }));
    for (BatchRow *row : std::as_const(rows))
        VERIFY_SESSION(session.add(row), session);
    VERIFY_SESSION(session.flush(), session);

    if (database == u"mariadb"_s) {
        // The server default is read back by key afterwards; those SELECTs are not pinned here.
        QStringList writes;
        const QRegularExpression readBack(
                u"^SELECT batch_row\\.id, batch_row\\.label FROM batch_row WHERE batch_row\\.id "
                u"(= \\?|IN \\(.*\\))$"_s);
        for (const QString &sql : recorder.statements()) {
            if (sql.startsWith(u"SELECT batch_row"_s))
                QVERIFY2(readBack.match(sql).hasMatch(), qPrintable(sql));
            else
                writes << sql;
        }
        QCOMPARE(writes,
                 QStringList({
                         u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s,
                         u"INSERT INTO batch_row (name) VALUES "_s + valueRows(4, 1),
                         u"INSERT INTO batch_row (name, label) VALUES (?, ?)"_s,
                 }));
    } else if (database == u"sqlite"_s) {
        // The first INSERT reads a server default back too, so it keeps RETURNING.
        QCOMPARE(recorder.statements(),
                 QStringList({
                         u"INSERT INTO batch_row (name) VALUES "_s + valueRows(4, 1)
                                 + u" RETURNING id, label"_s,
                         Test::sqliteRowidProbe(),
                         u"INSERT INTO batch_row (name, label) VALUES (?, ?)"_s,
                 }));
    } else {
        QCOMPARE(recorder.statements(),
                 QStringList({
                         u"INSERT INTO batch_row (name) VALUES "_s + valueRows(4, 1)
                                 + u" RETURNING id, label"_s,
                         u"INSERT INTO batch_row (name, label) VALUES (?, ?) RETURNING id"_s,
                 }));
    }
    for (int i = 0; i < 4; ++i)
        QCOMPARE(rows.at(i)->m_label, u"draft"_s);
    QCOMPARE(rows.at(4)->m_label, u"special"_s);
    VERIFY_SESSION(session.commit(), session);

    const QList<QVariantList> stored =
            tableRows(db, table, { u"id"_s, u"name"_s, u"label"_s }, u"id"_s);
    QCOMPARE(stored.size(), 5);
    for (const QVariantList &row : stored) {
        const auto it = std::find_if(rows.cbegin(), rows.cend(), [&](const BatchRow *object) {
            return object->m_name == row.at(1).toString();
        });
        QVERIFY(it != rows.cend());
        QCOMPARE((*it)->m_id, row.at(0).toLongLong());
        QCOMPARE((*it)->m_label, row.at(2).toString());
    }
}

// ---------------------------------------------------------------------------------------------

void tst_Flush::defaultsReadBack()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Defaults>().table();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *first = make<Defaults>({ { "name", u"first"_s } });
    auto *second = make<Defaults>({ { "name", u"second"_s }, { "status", u"given"_s } });
    VERIFY_SESSION(session.add(first), session);
    VERIFY_SESSION(session.add(second), session);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    VERIFY_SESSION(session.flush(), session);

    const QString insertSql =
            u"INSERT INTO defaults_row (name, status, changed_at, revision) VALUES "_s
            + valueRows(2, 4);
    if (database == u"mariadb"_s) {
        QCOMPARE(recorder.statements().value(1), insertSql);
    } else {
        QCOMPARE(recorder.statements(),
                 QStringList({ insertSql + u" RETURNING id, created_at"_s }));
    }
    const QVariantList bound =
            recorder.executed().value(database == u"mariadb"_s ? 1 : 0).boundValues;
    QCOMPARE(bound.value(1).toString(), u"new"_s); // the client default, written
    QCOMPARE(bound.value(3).toInt(), 1);           // the version starts at 1
    QCOMPARE(bound.value(5).toString(), u"given"_s);

    for (Defaults *object : { first, second }) {
        QVERIFY(object->m_id > 0);
        QVERIFY2(object->m_createdAt.isValid(), "serverDefault=now not read back");
        QVERIFY2(object->m_changedAt.isValid(), "default=now not written into the object");
        QVERIFY(object->m_changedAt >= before);
        QCOMPARE(object->m_revision, 1);
    }
    QCOMPARE(first->m_status, u"new"_s);
    QCOMPARE(second->m_status, u"given"_s);
    QVERIFY(!session.hasChanges());
    VERIFY_SESSION(session.commit(), session);

    const QList<QVariantList> stored = tableRows(
            db, table, { u"id"_s, u"created_at"_s, u"status"_s, u"changed_at"_s, u"revision"_s },
            u"id"_s);
    QCOMPARE(stored.size(), 2);
    for (const QVariantList &row : stored) {
        Defaults *object = row.at(0).toLongLong() == first->m_id ? first : second;
        QCOMPARE(object->m_id, row.at(0).toLongLong());
        QCOMPARE(object->m_createdAt, row.at(1).toDateTime());
        QCOMPARE(object->m_status, row.at(2).toString());
        QCOMPARE(object->m_changedAt, row.at(3).toDateTime());
        QCOMPARE(row.at(4).toInt(), 1);
    }

    // onUpdate=now: an UPDATE that does not set changed_at sets it to the current time.
    const QDateTime old = utc(2001, 1, 1);
    QORM_VERIFY_RESULT(
            db.execute(update(table)
                               .set(u"changed_at"_s, Expression(old))
                               .where(table.column(u"id"_s) == Expression(first->m_id))));
    VERIFY_SESSION(session.refresh(first), session);
    QCOMPARE(first->m_changedAt, old);
    const QDateTime createdAt = first->m_createdAt;
    recorder.clear();
    first->setProperty("name", u"renamed"_s);
    const QDateTime beforeUpdate = QDateTime::currentDateTimeUtc().addSecs(-1);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE defaults_row SET name = ?, changed_at = ?, revision = ? WHERE "
                           u"defaults_row.id = ? AND defaults_row.revision = ?"_s }));
    QVERIFY(first->m_changedAt >= beforeUpdate);
    QCOMPARE(first->m_revision, 2);
    QCOMPARE(first->m_createdAt, createdAt);
    const QList<QVariantList> after =
            tableRows(db, table, { u"id"_s, u"name"_s, u"changed_at"_s, u"revision"_s }, u"id"_s);
    QCOMPARE(after.at(0).at(1).toString(), u"renamed"_s);
    QCOMPARE(after.at(0).at(2).toDateTime(), first->m_changedAt);
    QCOMPARE(after.at(0).at(3).toInt(), 2);
    QCOMPARE(after.at(1).at(3).toInt(), 1); // the other row untouched
}

void tst_Flush::timestampMixin()
{
    SETUP(db, registry);
    const Table table = registry.mapper<StampedEvent>().table();
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    Session session(db, registry);

    auto *event = make<StampedEvent>({ { "action", u"created"_s } });
    VERIFY_SESSION(session.add(event), session);
    VERIFY_SESSION(session.commit(), session);
    QVERIFY(event->m_id > 0);
    QVERIFY2(event->m_createdAt.isValid(), "the mixin's serverDefault=now was not read back");
    QVERIFY2(!event->m_updatedAt.isValid(), "onUpdate applies to UPDATEs only");

    const QString action = database == u"mariadb"_s ? u"`action`"_s : u"\"action\""_s;
    if (database == u"mariadb"_s) {
        // The auto-increment settings (read once per session), the INSERT, created_at read back.
        QCOMPARE(recorder.statements(),
                 QStringList({
                         u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s,
                         u"INSERT INTO stamped_event (updated_at, `action`) VALUES (?, ?)"_s,
                         u"SELECT stamped_event.id, stamped_event.created_at FROM "
                         u"stamped_event WHERE stamped_event.id = ?"_s,
                 }));
    } else {
        QCOMPARE(recorder.statements(),
                 QStringList({ u"INSERT INTO stamped_event (updated_at, \"action\") VALUES (?, "
                               u"?) RETURNING id, created_at"_s }));
    }

    QList<QVariantList> stored = tableRows(
            db, table, { u"id"_s, u"created_at"_s, u"updated_at"_s, u"action"_s }, u"id"_s);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.at(0).at(0).toLongLong(), event->m_id);
    QCOMPARE(stored.at(0).at(1).toDateTime(), event->m_createdAt);
    QVERIFY(stored.at(0).at(2).isNull());

    recorder.clear();
    const QDateTime createdAt = event->m_createdAt;
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    event->setProperty("action", u"changed"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE stamped_event SET updated_at = ?, %1 = ? WHERE "
                           u"stamped_event.id = ?"_s.arg(action) }));
    QVERIFY2(event->m_updatedAt.isValid(), "the mixin's onUpdate=now was not applied");
    QVERIFY(event->m_updatedAt >= before);
    QCOMPARE(event->m_createdAt, createdAt);
    stored = tableRows(db, table, { u"id"_s, u"created_at"_s, u"updated_at"_s, u"action"_s },
                       u"id"_s);
    QCOMPARE(stored.at(0).at(1).toDateTime(), createdAt);
    QCOMPARE(stored.at(0).at(2).toDateTime(), event->m_updatedAt);
    QCOMPARE(stored.at(0).at(3).toString(), u"changed"_s);
}

// ---------------------------------------------------------------------------------------------

namespace {

// Four gadgets, committed: ids 1..4.
QList<Gadget *> seedGadgets(Session &session)
{
    QList<Gadget *> gadgets;
    for (int i = 1; i <= 4; ++i) {
        auto *gadget =
                make<Gadget>({ { "name", u"g%1"_s.arg(i) }, { "qty", i }, { "note", u"-"_s } });
        if (!session.add(gadget))
            return {};
        gadgets.append(gadget);
    }
    if (!session.commit())
        return {};
    return gadgets;
}

} // namespace

// Keys that are not consecutive are listed: WHERE key IN (...).
void tst_Flush::updateBatchScatteredKeys()
{
    SETUP(db, registry);
    Session session(db, registry);
    const QList<Gadget *> g = seedGadgets(session);
    QVERIFY2(g.size() == 4, qPrintable(Test::describe(session.lastError())));
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    g[0]->setProperty("name", u"first"_s);
    g[2]->setProperty("name", u"third"_s);
    VERIFY_SESSION(session.flush(), session);
    const QString value = database == u"postgresql"_s ? u"CAST(? AS VARCHAR(50))"_s : u"?"_s;
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE gadget SET name = CASE gadget.id WHEN ? THEN %1 WHEN ? THEN %1 "
                           u"END WHERE gadget.id IN (?, ?)"_s.arg(value) }));
    QCOMPARE(recorder.executed().at(0).boundValues,
             QVariantList(
                     { g[0]->m_id, u"first"_s, g[2]->m_id, u"third"_s, g[0]->m_id, g[2]->m_id }));
    VERIFY_SESSION(session.commit(), session);
    Result names = db.execute(TextSql(u"SELECT name FROM gadget ORDER BY id"_s));
    QStringList stored;
    while (names.next())
        stored.append(names.value(0).toString());
    QCOMPARE(stored.at(0), u"first"_s);
    QCOMPARE(stored.at(2), u"third"_s);
    QCOMPARE(stored.at(1), g[1]->m_name);
}

void tst_Flush::updateChangedColumnsOnly()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Gadget>().table();
    Session session(db, registry);
    const QList<Gadget *> g = seedGadgets(session);
    QVERIFY2(g.size() == 4, qPrintable(Test::describe(session.lastError())));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(g.at(i)->m_id, i + 1);

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    g[0]->setProperty("name", u"n1"_s);
    g[1]->setProperty("name", u"n2"_s);
    g[2]->setProperty("qty", 30);
    g[3]->setProperty("name", u"n4"_s);
    g[3]->setProperty("note", u"noted"_s);
    VERIFY_SESSION(session.flush(), session);

    // Only the changed columns. Unversioned rows with the same column set share one statement
    // (a CASE over the key; consecutive keys select their rows by a range); a column set of
    // its own gets the plain one-row shape.
    const QString value = database == u"postgresql"_s ? u"CAST(? AS VARCHAR(50))"_s : u"?"_s;
    const QString setNames = u"UPDATE gadget SET name = CASE gadget.id WHEN ? THEN %1 WHEN ? THEN "
                             u"%1 END WHERE gadget.id BETWEEN ? AND ?"_s.arg(value);
    const QString setQty = u"UPDATE gadget SET qty = ? WHERE gadget.id = ?"_s;
    const QString setNameNote = u"UPDATE gadget SET name = ?, note = ? WHERE gadget.id = ?"_s;
    QCOMPARE(recorder.statements(), QStringList({ setNames, setNameNote, setQty }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ 1, u"n1"_s, 2, u"n2"_s, 1, 2 }));
    QCOMPARE(recorder.executed().at(1).boundValues, QVariantList({ u"n4"_s, u"noted"_s, 4 }));
    QCOMPARE(recorder.executed().at(2).boundValues, QVariantList({ 30, 3 }));

    // The same shapes again: prepared queries from the connection's cache, no new prepare.
    recorder.clear();
    const StatementCacheStatistics cacheBefore = db.statementCacheStatistics();
    g[2]->setProperty("name", u"n3"_s);
    g[3]->setProperty("name", u"m4"_s);
    g[0]->setProperty("qty", 10);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(), QStringList({ setNames, setQty }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ 3, u"n3"_s, 4, u"m4"_s, 3, 4 }));
    for (const ExecutedStatement &statement : recorder.executed())
        QVERIFY2(statement.fromCache, qPrintable(statement.sql));
    QCOMPARE(db.statementCacheStatistics().hits, cacheBefore.hits + 2);
    QCOMPARE(db.statementCacheStatistics().misses, cacheBefore.misses);

    const QList<QVariantList> stored =
            tableRows(db, table, { u"id"_s, u"name"_s, u"qty"_s, u"note"_s }, u"id"_s);
    QCOMPARE(stored,
             QList<QVariantList>({ { 1, u"n1"_s, 10, u"-"_s },
                                   { 2, u"n2"_s, 2, u"-"_s },
                                   { 3, u"n3"_s, 30, u"-"_s },
                                   { 4, u"m4"_s, 4, u"noted"_s } }));
}

void tst_Flush::updateSharesStatement()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Document>().table();
    Session session(db, registry);
    QList<Document *> documents;
    for (int i = 1; i <= 3; ++i) {
        documents.append(make<Document>({ { "title", u"t%1"_s.arg(i) } }));
        VERIFY_SESSION(session.add(documents.last()), session);
    }
    VERIFY_SESSION(session.commit(), session);

    // Versioned rows: one statement each (each row's version is checked), all of one shape.
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const StatementCacheStatistics cacheBefore = db.statementCacheStatistics();
    for (Document *document : std::as_const(documents))
        document->setProperty("title", document->m_title + u"!"_s);
    VERIFY_SESSION(session.commit(), session);
    const QString sql = u"UPDATE document SET title = ?, revision = ? WHERE document.id = ? AND "
                        u"document.revision = ?"_s;
    QCOMPARE(recorder.statements(), QStringList({ sql, sql, sql }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ u"t1!"_s, 2, 1, 1 }));
    QVERIFY(recorder.executed().at(1).fromCache);
    QVERIFY(recorder.executed().at(2).fromCache);
    QVERIFY(db.statementCacheStatistics().hits >= cacheBefore.hits + 2);
    QVERIFY(db.statementCacheStatistics().misses <= cacheBefore.misses + 1);
    QCOMPARE(tableRows(db, table, { u"title"_s, u"revision"_s }, u"id"_s),
             QList<QVariantList>({ { u"t1!"_s, 2 }, { u"t2!"_s, 2 }, { u"t3!"_s, 2 } }));
}

void tst_Flush::noOpFlush()
{
    QFETCH(QString, variant);
    SETUP(db, registry);
    Session session(db, registry);
    const QList<Gadget *> g = seedGadgets(session);
    QVERIFY2(g.size() == 4, qPrintable(Test::describe(session.lastError())));
    int modifiedSignals = 0;
    if (variant == u"tracked"_s) {
        connect(&session, &Session::objectModified, this,
                [&modifiedSignals](QObject *, const QString &) { ++modifiedSignals; });
    }
    // Every statement, BEGIN and COMMIT included: nothing at all may reach the database.
    Test::SqlRecorder recorder(db);

    VERIFY_SESSION(session.flush(), session); // nothing changed
    QCOMPARE(recorder.statements(), QStringList());

    g[0]->setProperty("name", g[0]->m_name); // the current value
    Q_EMIT g[1]->qtyChanged();               // a NOTIFY with no change at all
    g[2]->setProperty("note", u"temporary"_s);
    g[2]->setProperty("note", u"-"_s); // changed and back
    g[3]->m_qty = 99;
    g[3]->m_qty = 4;
    if (variant == u"tracked"_s)
        QVERIFY(modifiedSignals >= 3);
    QVERIFY(!session.hasChanges());
    QVERIFY(session.modifiedObjects().isEmpty());
    VERIFY_SESSION(session.flush(), session);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(), QStringList());
    QVERIFY(!session.inTransaction());
}

void tst_Flush::silentSetter()
{
    QFETCH(QString, variant);
    SETUP(db, registry);
    const Table table = registry.mapper<Gadget>().table();
    Session session(db, registry);
    const QList<Gadget *> g = seedGadgets(session);
    QVERIFY2(g.size() == 4, qPrintable(Test::describe(session.lastError())));
    if (variant == u"tracked"_s)
        connect(&session, &Session::hasChangesChanged, this, [] {});
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);

    g[1]->m_qty = 42; // no NOTIFY: the session is not told
    QVERIFY(session.hasChanges());
    QCOMPARE(session.modifiedObjects(), QList<QObject *>({ g[1] }));
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE gadget SET qty = ? WHERE gadget.id = ?"_s }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ 42, 2 }));
    QCOMPARE(tableRows(db, table, { u"qty"_s }, u"id"_s).value(1).value(0).toInt(), 42);
}

// ---------------------------------------------------------------------------------------------

void tst_Flush::deleteInChunks()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Gadget>().table();
    // Every other key of 2402 rows: no run of consecutive keys, so IN lists.
    constexpr int count = 1201;
    QList<QVariantMap> values;
    for (int i = 1; i <= 2 * count; ++i)
        values.append({ { u"id"_s, i }, { u"name"_s, u"g%1"_s.arg(i) }, { u"qty"_s, i } });
    for (qsizetype start = 0; start < values.size(); start += 600)
        QORM_VERIFY_RESULT(db.execute(insert(table).values(values.mid(start, 600))));

    Session session(db, registry);
    const QList<Gadget *> all =
            session.scalars(select<Gadget>().orderBy({ attribute<Gadget>(u"id"_s) })).all();
    QList<Gadget *> gadgets;
    for (Gadget *gadget : all) {
        if (gadget->m_id % 2 == 1)
            gadgets.append(gadget);
    }
    QCOMPARE(gadgets.size(), count);
    // Removed in descending order: the DELETEs still go by key.
    for (auto it = gadgets.crbegin(); it != gadgets.crend(); ++it)
        VERIFY_SESSION(session.remove(*it), session);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    VERIFY_SESSION(session.flush(), session);

    QCOMPARE(recorder.count(), 3);
    QCOMPARE(recorder.statements().at(0),
             u"DELETE FROM gadget WHERE gadget.id IN (%1)"_s.arg(inList(500)));
    QCOMPARE(recorder.statements().at(1), recorder.statements().at(0));
    QCOMPARE(recorder.statements().at(2),
             u"DELETE FROM gadget WHERE gadget.id IN (%1)"_s.arg(inList(201)));
    QVERIFY(recorder.executed().at(1).fromCache);
    QVariantList keys;
    for (const ExecutedStatement &statement : recorder.executed())
        keys += statement.boundValues;
    QCOMPARE(keys.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(keys.at(i).toLongLong(), 2 * i + 1);
    for (Gadget *gadget : gadgets)
        QCOMPARE(session.state(gadget), ObjectState::Deleted);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(rowCount(db, table), count);
}

// A run of at least 16 consecutive keys is deleted with BETWEEN; the keys around it by IN.
void tst_Flush::deleteConsecutiveKeysAsRange()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Gadget>().table();
    QList<QVariantMap> values;
    for (int i = 1; i <= 120; ++i)
        values.append({ { u"id"_s, i }, { u"name"_s, u"g%1"_s.arg(i) }, { u"qty"_s, i } });
    QORM_VERIFY_RESULT(db.execute(insert(table).values(values)));

    Session session(db, registry);
    QCOMPARE(session.scalars(select<Gadget>()).count(), 120); // get() below: no SQL, no autoflush
    // 3, 5, then 10..109 (a run of 100), then 115 (a run of 1 after a gap).
    QList<qint64> removed = { 3, 5, 115 };
    for (qint64 id = 10; id < 110; ++id)
        removed.append(id);
    for (qint64 id : std::as_const(removed))
        VERIFY_SESSION(session.remove(session.get<Gadget>(id)), session);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"DELETE FROM gadget WHERE gadget.id BETWEEN ? AND ?"_s,
                           u"DELETE FROM gadget WHERE gadget.id IN (%1)"_s.arg(inList(3)) }));
    QCOMPARE(recorder.executed().at(0).boundValues.at(0).toLongLong(), 10);
    QCOMPARE(recorder.executed().at(0).boundValues.at(1).toLongLong(), 109);
    QCOMPARE(recorder.executed().at(1).boundValues.size(), 3);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(rowCount(db, table), 120 - removed.size());
    // What is left is exactly what was not removed.
    Result left = db.execute(TextSql(u"SELECT min(id), max(id), count(*) FROM gadget WHERE id "
                                     u"BETWEEN 10 AND 109"_s));
    QVERIFY(left.next());
    QCOMPARE(left.value(2).toInt(), 0);
}

void tst_Flush::deleteOnePerStatement()
{
    SETUP(db, registry);
    Session session(db, registry);
    QList<QObject *> members;
    for (const auto &[group, user] : QList<std::pair<int, int>>{ { 2, 1 }, { 1, 2 }, { 1, 1 } })
        members.append(
                make<Membership>({ { "groupId", group }, { "userId", user }, { "role", u"r"_s } }));
    QList<QObject *> documents;
    for (int i = 1; i <= 2; ++i)
        documents.append(make<Document>({ { "title", u"d%1"_s.arg(i) } }));
    VERIFY_SESSION(session.addAll(members), session);
    VERIFY_SESSION(session.addAll(documents), session);
    VERIFY_SESSION(session.commit(), session);
    documents.at(1)->setProperty("title", u"edited"_s);
    VERIFY_SESSION(session.commit(), session); // document 2 is at version 2

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    for (QObject *member : std::as_const(members))
        VERIFY_SESSION(session.remove(member), session);
    VERIFY_SESSION(session.flush(), session);
    const QString memberDelete = u"DELETE FROM membership WHERE membership.group_id = ? AND "
                                 u"membership.user_id = ?"_s;
    QCOMPARE(recorder.statements(), QStringList({ memberDelete, memberDelete, memberDelete }));
    QList<QVariantList> keys;
    for (const ExecutedStatement &statement : recorder.executed())
        keys.append(
                { statement.boundValues.value(0).toInt(), statement.boundValues.value(1).toInt() });
    QCOMPARE(keys, QList<QVariantList>({ { 1, 1 }, { 1, 2 }, { 2, 1 } })); // by key

    recorder.clear();
    for (QObject *document : std::as_const(documents))
        VERIFY_SESSION(session.remove(document), session);
    VERIFY_SESSION(session.flush(), session);
    const QString documentDelete =
            u"DELETE FROM document WHERE document.id = ? AND document.revision = ?"_s;
    QCOMPARE(recorder.statements(), QStringList({ documentDelete, documentDelete }));
    QCOMPARE(recorder.executed().at(0).boundValues.value(1).toInt(), 1);
    QCOMPARE(recorder.executed().at(1).boundValues.value(1).toInt(), 2);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(rowCount(db, registry.mapper<Membership>().table()), 0);
    QCOMPARE(rowCount(db, registry.mapper<Document>().table()), 0);
}

// ---------------------------------------------------------------------------------------------

void tst_Flush::staleData()
{
    QFETCH(QString, variant);
    SETUP(db, registry);
    const Table table = registry.mapper<Document>().table();
    QORM_VERIFY_RESULT(db.execute(insert(table).values(
            QVariantMap{ { u"id"_s, 1 }, { u"title"_s, u"v0"_s }, { u"revision"_s, 1 } })));

    QString error;
    const std::unique_ptr<Connection> other = Test::connect(database, &error);
    QVERIFY2(other, qPrintable(error));
    Session first(db, registry);
    Session second(*other, registry);
    auto *mine = first.get<Document>(1);
    auto *theirs = second.get<Document>(1);
    QVERIFY(mine);
    QVERIFY(theirs);
    QCOMPARE(mine->m_revision, 1);
    QCOMPARE(theirs->m_revision, 1);

    mine->setProperty("title", u"first"_s);
    VERIFY_SESSION(first.commit(), first);
    QCOMPARE(mine->m_revision, 2);

    Test::SqlRecorder recorder(*other, Test::SqlRecorder::ExcludeTransactionControl);
    if (variant == u"update"_s) {
        theirs->setProperty("title", u"second"_s);
    } else {
        QVERIFY(second.remove(theirs));
    }
    QVERIFY(!second.commit());
    QCOMPARE(second.lastError().type(), Error::StaleDataError);
    QCOMPARE(recorder.statements(),
             QStringList({ variant == u"update"_s
                                   ? u"UPDATE document SET title = ?, revision = ? WHERE "
                                     u"document.id = ? AND document.revision = ?"_s
                                   : u"DELETE FROM document WHERE document.id = ? AND "
                                     u"document.revision = ?"_s }));
    // The first session's change is what the database keeps.
    QCOMPARE(tableRows(db, table, { u"id"_s, u"title"_s, u"revision"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"first"_s, 2 } }));

    // Refused until rolled back; then the object is as last loaded and can be refreshed.
    recorder.clear();
    QVERIFY(!second.flush());
    QCOMPARE(second.lastError().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0);
    QVERIFY(second.rollback());
    QCOMPARE(second.state(theirs), ObjectState::Persistent);
    QVERIFY(!second.inspect(theirs).isMarkedForDeletion());
    QCOMPARE(theirs->m_title, u"v0"_s);
    VERIFY_SESSION(second.refresh(theirs), second);
    QCOMPARE(theirs->m_title, u"first"_s);
    QCOMPARE(theirs->m_revision, 2);
    theirs->setProperty("title", u"third"_s);
    VERIFY_SESSION(second.commit(), second);
    QCOMPARE(tableRows(db, table, { u"id"_s, u"title"_s, u"revision"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"third"_s, 3 } }));
}

void tst_Flush::staleDataUnversioned()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Gadget>().table();
    Session session(db, registry);
    const QList<Gadget *> g = seedGadgets(session);
    QVERIFY2(g.size() == 4, qPrintable(Test::describe(session.lastError())));

    QString error;
    const std::unique_ptr<Connection> other = Test::connect(database, &error);
    QVERIFY2(other, qPrintable(error));

    // A row that holds the new value already is matched, not stale (MariaDB counts found rows,
    // not changed ones).
    QORM_VERIFY_RESULT(other->execute(update(table)
                                              .set(u"name"_s, Expression(u"same"_s))
                                              .where(table.column(u"id"_s) == Expression(4))));
    g[3]->setProperty("name", u"same"_s);
    VERIFY_SESSION(session.commit(), session);
    g[2]->setProperty("name", u"three"_s);
    g[3]->setProperty("name", u"g4"_s);
    VERIFY_SESSION(session.commit(), session);
    g[2]->setProperty("name", u"g3"_s);
    g[3]->setProperty("name", u"g4"_s);
    VERIFY_SESSION(session.commit(), session);

    // Another connection deletes a row the session is about to update.
    QORM_VERIFY_RESULT(
            other->execute(deleteFrom(table).where(table.column(u"id"_s) == Expression(2))));

    // A row matched by no UPDATE: StaleDataError, for a batch of rows and for a single row.
    g[0]->setProperty("name", u"changed"_s);
    g[1]->setProperty("name", u"changed"_s);
    QVERIFY(!session.flush());
    QCOMPARE(session.lastError().type(), Error::StaleDataError);
    QVERIFY(session.rollback());
    QCOMPARE(g[0]->m_name, u"g1"_s);
    g[1]->setProperty("qty", 20);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().type(), Error::StaleDataError);
    QVERIFY(session.rollback());
    QCOMPARE(tableRows(db, table, { u"id"_s, u"name"_s, u"qty"_s }, u"id"_s),
             QList<QVariantList>({ { 1, u"g1"_s, 1 }, { 3, u"g3"_s, 3 }, { 4, u"g4"_s, 4 } }));
}

void tst_Flush::compositeKeyUpdate()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Membership>().table();
    Session session(db, registry);
    QList<Membership *> members;
    for (const auto &[group, user] : QList<std::pair<int, int>>{ { 1, 1 }, { 1, 2 }, { 2, 1 } }) {
        members.append(
                make<Membership>({ { "groupId", group }, { "userId", user }, { "role", u"r"_s } }));
        VERIFY_SESSION(session.add(members.last()), session);
    }
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(session.get<Membership>(QVariantList({ 1, 2 })), members.at(1));

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    members.at(2)->setProperty("role", u"admin"_s);
    members.at(0)->setProperty("role", u"admin"_s);
    VERIFY_SESSION(session.commit(), session);
    const QString sql = u"UPDATE membership SET role = ? WHERE membership.group_id = ? AND "
                        u"membership.user_id = ?"_s;
    QCOMPARE(recorder.statements(), QStringList({ sql, sql }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ u"admin"_s, 1, 1 }));
    QCOMPARE(recorder.executed().at(1).boundValues, QVariantList({ u"admin"_s, 2, 1 }));
    QVERIFY(recorder.executed().at(1).fromCache);
    QCOMPARE(tableRows(db, table, { u"group_id"_s, u"user_id"_s, u"role"_s }, u"role"_s).size(), 3);
    QCOMPARE(tableRows(db, table, { u"role"_s }, u"role"_s),
             QList<QVariantList>({ { u"admin"_s }, { u"admin"_s }, { u"r"_s } }));
}

void tst_Flush::updatesBeforeInserts()
{
    SETUP(db, registry);
    const Table table = registry.mapper<BatchRow>().table();
    Session session(db, registry);
    auto *existing = make<BatchRow>({ { "name", u"x"_s }, { "label", u"old"_s } });
    VERIFY_SESSION(session.add(existing), session);
    VERIFY_SESSION(session.commit(), session);

    // The unique name moves from the existing row to a new one in the same flush. SQLAlchemy's
    // save_obj() emits a table's UPDATEs before its INSERTs, so this works there.
    existing->setProperty("name", u"y"_s);
    auto *newcomer = make<BatchRow>({ { "name", u"x"_s }, { "label", u"new"_s } });
    VERIFY_SESSION(session.add(newcomer), session);
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    VERIFY_SESSION(session.commit(), session);
    const QStringList statements = recorder.statements();
    QVERIFY2(!statements.isEmpty() && statements.first().startsWith(u"UPDATE batch_row"_s),
             qPrintable(statements.join(u"; "_s)));
    QCOMPARE(tableRows(db, table, { u"name"_s, u"label"_s }, u"name"_s),
             QList<QVariantList>({ { u"x"_s, u"new"_s }, { u"y"_s, u"old"_s } }));
}

// ---------------------------------------------------------------------------------------------

void tst_Flush::primaryKeyChange()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Country>().table();
    Session session(db, registry);
    auto *country = make<Country>({ { "code", 1 }, { "name", u"Aland"_s } });
    auto *neighbour = make<Country>({ { "code", 3 }, { "name", u"Sweden"_s } });
    VERIFY_SESSION(session.add(country), session);
    VERIFY_SESSION(session.add(neighbour), session);
    VERIFY_SESSION(session.commit(), session);

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    country->setProperty("code", 2);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(recorder.statements(),
             QStringList({ u"UPDATE country SET code = ? WHERE country.code = ?"_s }));
    QCOMPARE(recorder.executed().at(0).boundValues, QVariantList({ 2, 1 }));

    // The identity map follows: the new key finds the object without SQL, the old one nothing.
    recorder.clear();
    QCOMPARE(session.get<Country>(2), country);
    QCOMPARE(recorder.count(), 0);
    QCOMPARE(session.inspect(country).identity(), QVariantList({ 2 }));
    QCOMPARE(session.get<Country>(1), nullptr);
    QCOMPARE(session.get<Country>(3), neighbour);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, table, { u"code"_s, u"name"_s }, u"code"_s),
             QList<QVariantList>({ { 2, u"Aland"_s }, { 3, u"Sweden"_s } }));

    // And a later change of another column goes to the row under its new key.
    recorder.clear();
    country->setProperty("name", u"Åland"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(recorder.executed().value(0).boundValues, QVariantList({ u"Åland"_s, 2 }));
    QCOMPARE(tableRows(db, table, { u"code"_s, u"name"_s }, u"code"_s).value(0).value(1).toString(),
             u"Åland"_s);

    // A key change flushed and rolled back: the old key is back, in the object and the map.
    country->setProperty("code", 7);
    VERIFY_SESSION(session.flush(), session);
    QCOMPARE(session.get<Country>(7), country);
    QVERIFY(session.rollback());
    QCOMPARE(country->m_code, 2);
    QCOMPARE(session.inspect(country).identity(), QVariantList({ 2 }));
    recorder.clear();
    QCOMPARE(session.get<Country>(2), country);
    QCOMPARE(recorder.count(), 0);
    QCOMPARE(session.get<Country>(7), nullptr);
    QCOMPARE(tableRows(db, table, { u"code"_s }, u"code"_s), QList<QVariantList>({ { 2 }, { 3 } }));
}

void tst_Flush::primaryKeyChangeWithOtherColumns()
{
    SETUP(db, registry);
    const Table table = registry.mapper<Country>().table();
    Session session(db, registry);
    auto *first = make<Country>({ { "code", 1 }, { "name", u"one"_s } });
    auto *second = make<Country>({ { "code", 2 }, { "name", u"two"_s } });
    VERIFY_SESSION(session.add(first), session);
    VERIFY_SESSION(session.add(second), session);
    VERIFY_SESSION(session.commit(), session);

    // Two rows change their key and another column in the same flush: each row's new values
    // must land in that row, whatever order the database evaluates the SET list in.
    first->setProperty("code", 11);
    first->setProperty("name", u"eleven"_s);
    second->setProperty("code", 12);
    second->setProperty("name", u"twelve"_s);
    VERIFY_SESSION(session.commit(), session);
    QCOMPARE(tableRows(db, table, { u"code"_s, u"name"_s }, u"code"_s),
             QList<QVariantList>({ { 11, u"eleven"_s }, { 12, u"twelve"_s } }));
    QCOMPARE(session.get<Country>(11), first);
    QCOMPARE(session.get<Country>(12), second);
}

QTEST_GUILESS_MAIN(tst_Flush)
#include "tst_flush.moc"
