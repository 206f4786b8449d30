// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "chinook.h"
#include "testschema.h"

#include <Qorm/Inspector>
#include <Qorm/SchemaDiff>

#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

class tst_Diff : public QObject
{
    Q_OBJECT

private slots:
    void roundTripIsEmpty_data() { Test::addDatabaseColumn(); }
    void roundTripIsEmpty();
    void chinookRoundTripIsEmpty_data() { Test::addDatabaseColumn(); }
    void chinookRoundTripIsEmpty();
    void chinookDataAgainstModels_data() { Test::addDatabaseColumn(); }
    void chinookDataAgainstModels();
    void renderedDdl_data();
    void renderedDdl();
    void applyThenEmpty_data() { Test::addDatabaseColumn(); }
    void applyThenEmpty();
    void constraintDdl_data();
    void constraintDdl();
    void failureInTheMiddle_data() { Test::addDatabaseColumn(); }
    void failureInTheMiddle();
    void applyConstraints_data() { Test::addDatabaseColumn(); }
    void applyConstraints();
    void reservedNames_data() { Test::addDatabaseColumn(); }
    void reservedNames();
    void quotedNames_data() { Test::addDatabaseColumn(); }
    void quotedNames();
    void cycles_data() { Test::addDatabaseColumn(); }
    void cycles();
    void sqliteAddColumn();
    void sqliteRebuildKeepsData();
    void sqliteFailedRebuildRollsBack();
};

namespace {

// The schema before: item(id, name VARCHAR(50), note, legacy), old(id).
MetaData version1()
{
    MetaData metadata;
    Table(metadata, u"item"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(50), { .nullable = false }),
            Column(u"note"_s, SqlType::text()), Column(u"legacy"_s, SqlType::integer()) });
    Table(metadata, u"old"_s, { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    return metadata;
}

// The schema after: name is VARCHAR(100) and indexed, note NOT NULL with a default, score
// added, legacy dropped, old dropped, tag added with a foreign key into item.
MetaData version2()
{
    MetaData metadata;
    Table(metadata, u"item"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(100), { .nullable = false, .index = true }),
            Column(u"note"_s, SqlType::string(200),
                   { .nullable = false, .serverDefault = text(u"'-'"_s) }),
            Column(u"score"_s, SqlType::integer(), { .serverDefault = text(u"0"_s) }) });
    Table(metadata, u"tag"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"item_id"_s, SqlType::integer(),
                   { .foreignKey = ForeignKey(u"item.id"_s,
                                              { .onDelete = ReferentialAction::Cascade }) }) });
    return metadata;
}

QString describeDiff(const SchemaDiff &diff)
{
    QStringList lines;
    for (const MigrationOperation &op : diff.operations())
        lines += op.description();
    return lines.join(u"; "_s);
}

QStringList sqlOf(const QList<CompiledStatement> &statements)
{
    QStringList result;
    for (const CompiledStatement &statement : statements)
        result += statement.isValid() ? statement.sql() : u"ERROR: "_s + statement.error().text();
    return result;
}

SchemaDiff diffAgainst(Connection &db, const MetaData &target, bool *ok)
{
    Inspector inspector(db);
    MetaData reflected;
    *ok = inspector.reflect(reflected);
    if (!*ok)
        qWarning() << inspector.lastError();
    return SchemaDiff::compare(reflected, target, db.dialect());
}

bool exec(Connection &db, const QString &sql, const QVariantList &values = {})
{
    Result result = db.execute(CompiledStatement(sql, values));
    if (!result.isValid())
        qWarning() << result.error();
    return result.isValid();
}

QVariantList column(Connection &db, const QString &sql)
{
    QVariantList values;
    Result result = db.execute(CompiledStatement(sql));
    while (result.next())
        values += result.value(0);
    return values;
}

} // namespace

void tst_Diff::roundTripIsEmpty()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const MetaData schema = TestSchema::metadata();
    QVERIFY2(schema.createAll(db), qPrintable(Test::describe(db.lastError())));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, schema, &ok);
    QVERIFY(ok);
    QVERIFY2(diff.isEmpty(), qPrintable(describeDiff(diff)));
    QVERIFY(diff.statements().isEmpty());

    // And the other way round: what is in the database and not in the models is dropped.
    const SchemaDiff drop = SchemaDiff::compare(schema, MetaData(), db.dialect());
    QCOMPARE(describeDiff(drop),
             u"drop table we\"ird table; drop table select; drop table book; drop table author"_s);
}

void tst_Diff::chinookRoundTripIsEmpty()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Registry registry;
    QVERIFY2(Chinook::map(registry, Chinook::Naming::of(db)),
             qPrintable(registry.lastError().text()));
    const MetaData schema = registry.metadata();
    QCOMPARE(schema.tables().size(), 11);
    QVERIFY2(schema.createAll(db), qPrintable(Test::describe(db.lastError())));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, schema, &ok);
    QVERIFY(ok);
    QVERIFY2(diff.isEmpty(), qPrintable(describeDiff(diff)));
}

void tst_Diff::chinookDataAgainstModels()
{
    QFETCH(QString, database);
    QTemporaryDir directory;
    QString error;
    const std::unique_ptr<Connection> connection = Chinook::open(database, directory, &error);
    QVERIFY2(connection, qPrintable(error));
    Connection &db = *connection;
    Registry registry;
    QVERIFY2(Chinook::map(registry, Chinook::Naming::of(db)),
             qPrintable(registry.lastError().text()));
    // The scripts' VARCHAR(n) are unbounded strings in the models, their dates time stamps,
    // their indexes unnamed there: the diff says so, and applying it keeps every row.
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, registry.metadata(), &ok);
    QVERIFY(ok);
    const QString operations = describeDiff(diff);
    QVERIFY(operations.contains(
            db.dialect().type() == DialectType::SQLite
                    ? u"rebuild table Track"_s
                    : u"alter column %1 (type)"_s.arg(Chinook::Naming::of(db)(u"Track"_s) + u'.'
                                                      + Chinook::Naming::of(db)(u"Name"_s))));
    const QString countTracks = Chinook::Naming::of(db).sql(u"SELECT count(*) FROM [Track]"_s);
    const QString sumLines =
            Chinook::Naming::of(db).sql(u"SELECT sum([Quantity]) FROM [InvoiceLine]"_s);
    QCOMPARE(column(db, countTracks).first().toInt(), 3503);
    QCOMPARE(column(db, sumLines).first().toInt(), 2240);
    Chinook::markModified(database);
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));
    const SchemaDiff after = diffAgainst(db, registry.metadata(), &ok);
    QVERIFY(ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    QCOMPARE(column(db, countTracks).first().toInt(), 3503);
    QCOMPARE(column(db, sumLines).first().toInt(), 2240);
}

void tst_Diff::renderedDdl_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QStringList>("statements");
    QTest::newRow("sqlite")
            << u"sqlite"_s
            << QStringList{
                   u"CREATE TABLE tag (id INTEGER NOT NULL, item_id INTEGER, PRIMARY KEY "
                   u"(id), FOREIGN KEY (item_id) REFERENCES item (id) ON DELETE CASCADE)"_s,
                   u"CREATE TABLE _qorm_tmp_item (id INTEGER NOT NULL, name VARCHAR(100) NOT "
                   u"NULL, note VARCHAR(200) NOT NULL DEFAULT '-', score INTEGER DEFAULT 0, "
                   u"PRIMARY "
                   u"KEY (id))"_s,
                   u"INSERT INTO _qorm_tmp_item (id, name, note) SELECT id, name, "
                   u"note FROM item"_s,
                   u"DROP TABLE item"_s,
                   u"ALTER TABLE _qorm_tmp_item RENAME TO item"_s,
                   u"CREATE INDEX ix_item_name ON item (name)"_s,
                   u"DROP TABLE old"_s,
               };
    QTest::newRow("postgresql")
            << u"postgresql"_s
            << QStringList{
                   u"CREATE TABLE tag (id SERIAL NOT NULL, item_id INTEGER, PRIMARY KEY "
                   u"(id), FOREIGN KEY (item_id) REFERENCES item (id) ON DELETE CASCADE)"_s,
                   u"ALTER TABLE item ADD COLUMN score INTEGER DEFAULT 0"_s,
                   u"ALTER TABLE item ALTER COLUMN name TYPE VARCHAR(100) USING "
                   u"name::VARCHAR(100)"_s,
                   u"ALTER TABLE item ALTER COLUMN note TYPE VARCHAR(200) USING "
                   u"note::VARCHAR(200)"_s,
                   u"ALTER TABLE item ALTER COLUMN note SET NOT NULL"_s,
                   u"ALTER TABLE item ALTER COLUMN note SET DEFAULT '-'"_s,
                   u"ALTER TABLE item DROP COLUMN legacy"_s,
                   u"CREATE INDEX ix_item_name ON item (name)"_s,
                   u"DROP TABLE old"_s,
               };
    QTest::newRow("mariadb")
            << u"mariadb"_s
            << QStringList{
                   u"CREATE TABLE tag (id INTEGER NOT NULL AUTO_INCREMENT, item_id INTEGER, "
                   u"PRIMARY "
                   u"KEY (id), FOREIGN KEY (item_id) REFERENCES item (id) ON DELETE CASCADE)"_s,
                   u"ALTER TABLE item ADD COLUMN score INTEGER DEFAULT 0"_s,
                   u"ALTER TABLE item MODIFY COLUMN name VARCHAR(100) NOT NULL"_s,
                   u"ALTER TABLE item MODIFY COLUMN note VARCHAR(200) NOT NULL DEFAULT '-'"_s,
                   u"ALTER TABLE item DROP COLUMN legacy"_s,
                   u"CREATE INDEX ix_item_name ON item (name)"_s,
                   u"DROP TABLE old"_s,
               };
}

void tst_Diff::renderedDdl()
{
    QFETCH(QString, dialect);
    QFETCH(QStringList, statements);
    const Dialect d = dialect == u"sqlite" ? Dialect::sqlite()
            : dialect == u"postgresql"     ? Dialect::postgresql()
                                           : Dialect::mysql();
    const SchemaDiff diff = SchemaDiff::compare(version1(), version2(), d);
    const QStringList actual = sqlOf(diff.statements());
    if (actual != statements)
        qInfo().noquote() << actual.join(u"\n"_s);
    QCOMPARE(actual, statements);
}

void tst_Diff::applyThenEmpty()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(version1().createAll(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY(exec(db,
                 u"INSERT INTO item (id, name, note, legacy) VALUES (1, 'one', 'a', 7), "
                 u"(2, 'two', 'b', 8)"_s));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, version2(), &ok);
    QVERIFY(ok);
    QVERIFY(!diff.isEmpty());
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));

    const SchemaDiff after = diffAgainst(db, version2(), &ok);
    QVERIFY(ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    QCOMPARE(column(db, u"SELECT name FROM item ORDER BY id"_s),
             (QVariantList{ u"one"_s, u"two"_s }));
    QCOMPARE(column(db, u"SELECT note FROM item ORDER BY id"_s), (QVariantList{ u"a"_s, u"b"_s }));
    QVERIFY(exec(db, u"INSERT INTO tag (id, item_id) VALUES (1, 2)"_s));
    // The new foreign key holds.
    QVERIFY(!db.execute(CompiledStatement(u"INSERT INTO tag (id, item_id) VALUES (2, 99)"_s))
                     .isValid());
}

namespace {

// b(id, a_id -> a.id named fk_b_a, code) with index ix_b_code, as reflected.
MetaData constraintsBefore()
{
    MetaData metadata;
    Table(metadata, u"a"_s, { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    Table(metadata, u"b"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"a_id"_s, SqlType::integer()), Column(u"code"_s, SqlType::string(10)) },
          { Constraint::foreignKey({ u"a_id"_s }, { u"a.id"_s }, { .name = u"fk_b_a"_s }) },
          { Index(u"ix_b_code"_s, { u"code"_s }) });
    return metadata;
}

// b without the foreign key and the index, with a unique code and a foreign key on id.
MetaData constraintsAfter()
{
    MetaData metadata;
    Table(metadata, u"a"_s, { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    Table(metadata, u"b"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"a_id"_s, SqlType::integer()),
            Column(u"code"_s, SqlType::string(10), { .unique = true }) },
          { Constraint::foreignKey({ u"a_id"_s }, { u"a.id"_s },
                                   { .onDelete = ReferentialAction::SetNull }) });
    return metadata;
}

} // namespace

void tst_Diff::constraintDdl_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QStringList>("statements");
    QTest::newRow("sqlite")
            << u"sqlite"_s
            << QStringList{
                   u"CREATE TABLE _qorm_tmp_b (id INTEGER NOT NULL, a_id INTEGER, code "
                   u"VARCHAR(10), "
                   u"PRIMARY KEY (id), UNIQUE (code), FOREIGN KEY (a_id) REFERENCES a (id) ON "
                   u"DELETE SET "
                   u"NULL)"_s,
                   u"INSERT INTO _qorm_tmp_b (id, a_id, code) SELECT id, a_id, code FROM b"_s,
                   u"DROP TABLE b"_s,
                   u"ALTER TABLE _qorm_tmp_b RENAME TO b"_s,
               };
    QTest::newRow("postgresql") << u"postgresql"_s
                                << QStringList{
                                       u"ALTER TABLE b DROP CONSTRAINT fk_b_a"_s,
                                       u"DROP INDEX ix_b_code"_s,
                                       u"ALTER TABLE b ADD UNIQUE (code)"_s,
                                       u"ALTER TABLE b ADD CONSTRAINT fk_b_a_id FOREIGN KEY (a_id) "
                                       u"REFERENCES a (id) ON DELETE "
                                       u"SET NULL"_s,
                                   };
    QTest::newRow("mariadb") << u"mariadb"_s
                             << QStringList{
                                    u"ALTER TABLE b DROP FOREIGN KEY fk_b_a"_s,
                                    u"DROP INDEX ix_b_code ON b"_s,
                                    u"ALTER TABLE b ADD UNIQUE (code)"_s,
                                    u"ALTER TABLE b ADD CONSTRAINT fk_b_a_id FOREIGN KEY (a_id) "
                                    u"REFERENCES a (id) ON DELETE "
                                    u"SET NULL"_s,
                                };
}

void tst_Diff::constraintDdl()
{
    QFETCH(QString, dialect);
    QFETCH(QStringList, statements);
    const Dialect d = dialect == u"sqlite" ? Dialect::sqlite()
            : dialect == u"postgresql"     ? Dialect::postgresql()
                                           : Dialect::mysql();
    const SchemaDiff diff = SchemaDiff::compare(constraintsBefore(), constraintsAfter(), d);
    const QStringList actual = sqlOf(diff.statements());
    if (actual != statements)
        qInfo().noquote() << actual.join(u"\n"_s);
    QCOMPARE(actual, statements);
}

void tst_Diff::failureInTheMiddle()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(version1().createAll(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY(exec(db, u"INSERT INTO item (id, name, note, legacy) VALUES (1, 'one', 'a', 7)"_s));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, version2(), &ok);
    QVERIFY(ok);
    // The statement dropping "legacy" fails (on SQLite: the DROP TABLE of the rebuild).
    const QString failing =
            db.dialect().type() == DialectType::SQLite ? u"DROP TABLE"_s : u"DROP COLUMN"_s;
    db.setInterceptor([&](const CompiledStatement &statement) {
        return statement.sql().contains(failing) ? Error(Error::StatementError, u"injected"_s)
                                                 : Error();
    });
    QVERIFY(!diff.apply(db));
    db.setInterceptor(nullptr);
    QCOMPARE(db.lastError().text(), u"injected"_s);
    QVERIFY(!db.inTransaction());
    const SchemaDiff back = diffAgainst(db, version1(), &ok);
    QVERIFY(ok);
    if (db.dialect().supportsTransactionalDdl()) {
        // All or nothing: the schema and the rows are as they were.
        QVERIFY2(back.isEmpty(), qPrintable(describeDiff(back)));
        QCOMPARE(column(db, u"SELECT legacy FROM item"_s).first().toInt(), 7);
    } else {
        // MariaDB commits each DDL statement: what ran before the failure stays.
        QCOMPARE(describeDiff(back),
                 u"alter column item.name (type); alter column item.note (type, nullability, "
                 u"default); drop column item.score; drop table tag"_s);
    }
    if (db.dialect().type() == DialectType::SQLite)
        QCOMPARE(column(db, u"PRAGMA foreign_keys"_s), QVariantList{ 1 });
}

void tst_Diff::applyConstraints()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(constraintsBefore().createAll(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY(exec(db, u"INSERT INTO a (id) VALUES (1), (2)"_s));
    QVERIFY(exec(db, u"INSERT INTO b (id, a_id, code) VALUES (1, 1, 'x'), (2, 2, 'y')"_s));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, constraintsAfter(), &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(diff),
             db.dialect().type() == DialectType::SQLite
                     ? u"rebuild table b"_s
                     : u"drop foreign key (a_id) -> a.id on b; drop index ix_b_code on b; add "
                       u"unique (code) on b; add foreign key (a_id) -> a.id on b"_s);
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));
    const SchemaDiff after = diffAgainst(db, constraintsAfter(), &ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    // The new unique constraint and ON DELETE SET NULL work.
    const Result duplicate =
            db.execute(CompiledStatement(u"INSERT INTO b (id, a_id, code) VALUES (3, 1, 'x')"_s));
    QCOMPARE(duplicate.error().type(), Error::IntegrityError);
    QVERIFY(exec(db, u"DELETE FROM a WHERE id = 1"_s));
    QCOMPARE(column(db, u"SELECT count(*) FROM b WHERE a_id IS NULL"_s).first().toInt(), 1);
}

void tst_Diff::reservedNames()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(TestSchema::metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    const QString q = db.dialect().type() == DialectType::MySQL ? u"`"_s : u"\""_s;
    QVERIFY(exec(db, u"INSERT INTO author (id, name, %1order%1) VALUES (1, 'Ann', 5)"_s.arg(q)));
    QVERIFY(exec(db, u"INSERT INTO book (id, author_id, title) VALUES (1, 1, 'B')"_s));
    QVERIFY(exec(
            db,
            u"INSERT INTO %1select%1 (book_id, %1from%1, %1group%1) VALUES (1, 'x', 4)"_s.arg(q)));

    // "select"."group" becomes a VARCHAR(10) NOT NULL; "author" gets a column named "where".
    MetaData target = TestSchema::metadata();
    MetaData changed;
    for (const Table &table : target.tables()) {
        if (table.name() == u"select") {
            Table(changed, u"select"_s,
                  { Column(u"book_id"_s, SqlType::bigInteger(), { .primaryKey = true }),
                    Column(u"from"_s, SqlType::string(50), { .primaryKey = true }),
                    Column(u"group"_s, SqlType::string(10), { .nullable = false }) },
                  { Constraint::foreignKey({ u"book_id"_s }, { u"book.id"_s },
                                           { .onDelete = ReferentialAction::Cascade,
                                             .onUpdate = ReferentialAction::Cascade }) });
        } else if (table.name() == u"author") {
            QList<Column> columns;
            for (const Column &column : table.columns())
                columns += Column(column.name(), column.columnType(), column.options());
            columns += Column(u"where"_s, SqlType::integer());
            Table(changed, u"author"_s, columns);
        } else {
            QVERIFY(changed.add(table));
        }
    }
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, changed, &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(diff),
             db.dialect().type() == DialectType::SQLite
                     ? u"add column author.where; rebuild table select"_s
                     : u"add column author.where; alter column select.group (type, nullability)"_s);
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));
    const SchemaDiff after = diffAgainst(db, changed, &ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    QCOMPARE(column(db, u"SELECT %1group%1 FROM %1select%1"_s.arg(q)), QVariantList{ u"4"_s });
    QCOMPARE(column(db, u"SELECT %1order%1 FROM author"_s.arg(q)).first().toInt(), 5);
}

void tst_Diff::quotedNames()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(TestSchema::metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    const Dialect dialect = db.dialect();
    const QString table = dialect.quoteIdentifier(u"we\"ird table"_s);
    QVERIFY(exec(db,
                 u"INSERT INTO %1 (%2, %3) VALUES (1, 'kept')"_s.arg(
                         table, dialect.quoteIdentifier(u"it's"_s),
                         dialect.quoteIdentifier(u"x\"y"_s))));

    // x"y becomes VARCHAR(60) NOT NULL DEFAULT 'z', the index goes, a column "a'b" comes.
    MetaData changed;
    for (const Table &t : TestSchema::metadata().tables()) {
        if (t.name() != u"we\"ird table")
            QVERIFY(changed.add(t));
    }
    Table(changed, u"we\"ird table"_s,
          {
                  Column(u"it's"_s, SqlType::integer(), { .primaryKey = true }),
                  Column(u"x\"y"_s, SqlType::string(60),
                         { .nullable = false, .serverDefault = text(u"'z'"_s) }),
                  Column(u"state"_s, SqlType::enumeration({ u"draft"_s, u"published"_s }),
                         { .nullable = false, .serverDefault = text(u"'draft'"_s) }),
                  Column(u"a'b"_s, SqlType::integer()),
          });
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, changed, &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(diff),
             dialect.type() == DialectType::SQLite
                     ? u"rebuild table we\"ird table"_s
                     : u"drop index ix \"odd\" on we\"ird table; add column we\"ird table.a'b; "
                       u"alter column we\"ird table.x\"y (type, nullability, default)"_s);
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));
    const SchemaDiff after = diffAgainst(db, changed, &ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    QCOMPARE(column(db, u"SELECT %1 FROM %2"_s.arg(dialect.quoteIdentifier(u"x\"y"_s), table)),
             QVariantList{ u"kept"_s });
    // The enumeration's CHECK is still there.
    QVERIFY(!db.execute(CompiledStatement(u"INSERT INTO %1 (%2, state) VALUES (2, 'nope')"_s.arg(
                                table, dialect.quoteIdentifier(u"it's"_s))))
                     .isValid());
}

void tst_Diff::cycles()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    // department.head -> person.id and person.department_id -> department.id.
    MetaData target;
    Table(target, u"department"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"head"_s, SqlType::integer(), { .foreignKey = ForeignKey(u"person.id"_s) }) });
    Table(target, u"person"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"department_id"_s, SqlType::integer(),
                   { .foreignKey = ForeignKey(u"department.id"_s) }) });
    bool ok = false;
    const SchemaDiff create = diffAgainst(db, target, &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(create),
             db.dialect().type() == DialectType::SQLite
                     ? u"create table department; create table person"_s
                     : u"create table department; create table person; add foreign key (head) -> "
                       u"person.id on department"_s);
    QVERIFY2(create.apply(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY(exec(db, u"INSERT INTO department (id) VALUES (1)"_s));
    QVERIFY(exec(db, u"INSERT INTO person (id, department_id) VALUES (1, 1)"_s));
    QVERIFY(exec(db, u"UPDATE department SET head = 1"_s));
    QVERIFY(diffAgainst(db, target, &ok).isEmpty());

    // Both go, rows and all.
    const SchemaDiff drop = diffAgainst(db, MetaData(), &ok);
    QVERIFY(ok);
    QVERIFY2(drop.apply(db), qPrintable(Test::describe(db.lastError())));
    QCOMPARE(Inspector(db).tableNames(), QStringList());
}

void tst_Diff::sqliteAddColumn()
{
    MetaData before;
    Table(before, u"t"_s, { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    const auto with = [](const Column &column) {
        MetaData after;
        Table(after, u"t"_s,
              { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }), column });
        return after;
    };
    const auto operations = [&](const Column &column) {
        return describeDiff(SchemaDiff::compare(before, with(column), Dialect::sqlite()));
    };
    // ALTER TABLE ADD COLUMN takes a constant default, also with NOT NULL.
    const SchemaDiff plain =
            SchemaDiff::compare(before,
                                with(Column(u"n"_s, SqlType::integer(),
                                            { .nullable = false, .serverDefault = text(u"1"_s) })),
                                Dialect::sqlite());
    QCOMPARE(sqlOf(plain.statements()),
             QStringList{ u"ALTER TABLE t ADD COLUMN n INTEGER NOT NULL DEFAULT 1"_s });
    // Not NOT NULL without a default, a non-constant default, UNIQUE or a reference.
    QCOMPARE(operations(Column(u"n"_s, SqlType::integer(), { .nullable = false })),
             u"rebuild table t"_s);
    QCOMPARE(operations(Column(u"n"_s, SqlType::dateTime(), { .serverDefault = Function::now() })),
             u"rebuild table t"_s);
    QCOMPARE(operations(Column(u"n"_s, SqlType::integer(), { .unique = true })),
             u"rebuild table t"_s);
    QCOMPARE(
            operations(Column(u"n"_s, SqlType::integer(), { .foreignKey = ForeignKey(u"t.id"_s) })),
            u"rebuild table t"_s);
    // An index on the new column is a separate CREATE INDEX.
    QCOMPARE(operations(Column(u"n"_s, SqlType::integer(), { .index = true })),
             u"add column t.n; create index ix_t_n on t"_s);
}

void tst_Diff::sqliteRebuildKeepsData()
{
    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    MetaData before;
    Table(before, u"parent"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(50)) },
          {}, { Index(u"ix_parent_name"_s, { u"name"_s }) });
    Table(before, u"child"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"parent_id"_s, SqlType::integer(),
                   { .foreignKey = ForeignKey(u"parent.id"_s,
                                              { .onDelete = ReferentialAction::Cascade }) }),
            Column(u"other_id"_s, SqlType::integer()) });
    QVERIFY2(before.createAll(db), qPrintable(Test::describe(db.lastError())));
    QVERIFY(exec(db, u"INSERT INTO parent (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"_s));
    QVERIFY(exec(db,
                 u"INSERT INTO child (id, parent_id, other_id) VALUES (10, 1, 2), "
                 u"(11, 2, 3), (12, 2, NULL)"_s));

    // parent.name becomes NOT NULL VARCHAR(80); child.other_id gets a foreign key.
    MetaData after;
    Table(after, u"parent"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(80), { .nullable = false }) },
          {}, { Index(u"ix_parent_name"_s, { u"name"_s }) });
    Table(after, u"child"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"parent_id"_s, SqlType::integer(),
                   { .foreignKey = ForeignKey(u"parent.id"_s,
                                              { .onDelete = ReferentialAction::Cascade }) }),
            Column(u"other_id"_s, SqlType::integer(),
                   { .foreignKey = ForeignKey(u"parent.id"_s) }) });
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, after, &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(diff), u"rebuild table parent; rebuild table child"_s);
    Test::SqlRecorder recorder(db);
    QVERIFY2(diff.apply(db), qPrintable(Test::describe(db.lastError())));
    const QStringList executed = recorder.statements();
    QCOMPARE(executed.first(), u"PRAGMA foreign_keys = OFF"_s);
    QVERIFY(executed.contains(u"PRAGMA foreign_key_check"_s));
    QCOMPARE(executed.last(), u"PRAGMA foreign_keys = ON"_s);

    const SchemaDiff again = diffAgainst(db, after, &ok);
    QVERIFY2(again.isEmpty(), qPrintable(describeDiff(again)));
    // Every row is there, the index is back, and foreign keys are enforced again.
    QCOMPARE(column(db, u"SELECT name FROM parent ORDER BY id"_s),
             (QVariantList{ u"a"_s, u"b"_s, u"c"_s }));
    QCOMPARE(column(db, u"SELECT parent_id FROM child ORDER BY id"_s), (QVariantList{ 1, 2, 2 }));
    QCOMPARE(column(db, u"PRAGMA foreign_keys"_s), QVariantList{ 1 });
    QCOMPARE(column(db,
                    u"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                    u"'parent'"_s),
             QVariantList{ u"ix_parent_name"_s });
    const Result bad =
            db.execute(CompiledStatement(u"INSERT INTO child (id, parent_id) VALUES (13, 99)"_s));
    QVERIFY(!bad.isValid());
    QCOMPARE(bad.error().type(), Error::IntegrityError);
    const Result badOther =
            db.execute(CompiledStatement(u"INSERT INTO child (id, other_id) VALUES (13, 99)"_s));
    QCOMPARE(badOther.error().type(), Error::IntegrityError);
    // The rebuilt parent still cascades into the child.
    QVERIFY(exec(db, u"DELETE FROM parent WHERE id = 1"_s));
    QCOMPARE(column(db, u"SELECT id FROM child ORDER BY id"_s), (QVariantList{ 11, 12 }));
}

void tst_Diff::sqliteFailedRebuildRollsBack()
{
    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    MetaData before;
    Table(before, u"item"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(50)) });
    QVERIFY(before.createAll(db));
    QVERIFY(exec(db, u"INSERT INTO item (id, name) VALUES (1, NULL)"_s));
    // NOT NULL on a column holding a NULL: the copy fails, nothing changes.
    MetaData after;
    Table(after, u"item"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(50), { .nullable = false }) });
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, after, &ok);
    QCOMPARE(describeDiff(diff), u"rebuild table item"_s);
    QVERIFY(!diff.apply(db));
    QCOMPARE(db.lastError().type(), Error::IntegrityError);
    QVERIFY(!db.inTransaction());
    QCOMPARE(column(db, u"PRAGMA foreign_keys"_s), QVariantList{ 1 });
    QCOMPARE(column(db, u"SELECT count(*) FROM item"_s), QVariantList{ 1 });
    QCOMPARE(describeDiff(diffAgainst(db, before, &ok)), QString());
}

QTEST_GUILESS_MAIN(tst_Diff)
#include "tst_diff.moc"
