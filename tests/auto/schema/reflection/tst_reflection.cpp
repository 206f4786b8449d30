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

class tst_Reflection : public QObject
{
    Q_OBJECT

private slots:
    void testSchema_data() { Test::addDatabaseColumn(); }
    void testSchema();
    void foreignKeys_data() { Test::addDatabaseColumn(); }
    void foreignKeys();
    void tableNamesAndErrors_data() { Test::addDatabaseColumn(); }
    void tableNamesAndErrors();
    void namedSchema_data() { Test::addDatabaseColumn(); }
    void namedSchema();
    void chinook_data() { Test::addDatabaseColumn(); }
    void chinook();
};

namespace {

QStringList indexSummary(const Table &table)
{
    QStringList result;
    for (const Index &index : table.indexes())
        result += u"%1(%2)%3"_s.arg(index.name(), index.columns().join(u','),
                                    index.isUnique() ? u" unique"_s : QString());
    result.sort();
    return result;
}

QList<Constraint> constraintsOf(const Table &table, Constraint::Kind kind)
{
    QList<Constraint> result;
    for (const Constraint &constraint : table.constraints()) {
        if (constraint.kind() == kind)
            result += constraint;
    }
    return result;
}

} // namespace

void tst_Reflection::testSchema()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    const MetaData schema = TestSchema::metadata();
    QVERIFY2(schema.createAll(db), qPrintable(Test::describe(db.lastError())));

    Inspector inspector(db);
    MetaData reflected;
    QVERIFY2(inspector.reflect(reflected), qPrintable(Test::describe(inspector.lastError())));
    QStringList names;
    for (const Table &table : reflected.tables())
        names += table.name();
    QCOMPARE(names, (QStringList{ u"author"_s, u"book"_s, u"select"_s, u"we\"ird table"_s }));
    const Table weird = reflected.table(u"we\"ird table"_s);
    QCOMPARE(weird.column(u"x\"y"_s).columnType(), SqlType::string(30));
    QCOMPARE(weird.column(u"state"_s).columnType(), SqlType::string(9)); // an enum's VARCHAR
    QCOMPARE(indexSummary(weird), QStringList{ u"ix \"odd\"(x\"y,it's)"_s });

    const Table author = reflected.table(u"author"_s);
    QStringList columnNames;
    for (const Column &column : author.columns())
        columnNames += column.name();
    QCOMPARE(columnNames.join(u' '),
             u"id name email order status active bio born wakes created price ratio token big "
             u"small photo attributes"_s);
    const auto kind = [&](const QString &name) { return author.column(name).columnType().kind(); };
    QCOMPARE(kind(u"id"_s), SqlType::Integer);
    QCOMPARE(kind(u"name"_s), SqlType::String);
    QCOMPARE(author.column(u"name"_s).columnType().length(), 100);
    QCOMPARE(kind(u"active"_s), SqlType::Boolean);
    QCOMPARE(kind(u"born"_s), SqlType::Date);
    QCOMPARE(kind(u"wakes"_s), SqlType::Time);
    QCOMPARE(kind(u"created"_s), SqlType::DateTime);
    QCOMPARE(kind(u"price"_s), SqlType::Numeric);
    QCOMPARE(author.column(u"price"_s).columnType().precision(), 10);
    QCOMPARE(author.column(u"price"_s).columnType().scale(), 2);
    QCOMPARE(kind(u"ratio"_s), SqlType::Double);
    QCOMPARE(kind(u"token"_s), SqlType::Uuid);
    QCOMPARE(kind(u"big"_s), SqlType::BigInteger);
    QCOMPARE(kind(u"small"_s), SqlType::SmallInteger);
    QCOMPARE(kind(u"photo"_s), SqlType::Binary);
    // JSON is TEXT on SQLite and LONGTEXT on MariaDB.
    QCOMPARE(kind(u"attributes"_s),
             db.dialect().type() == DialectType::PostgreSQL ? SqlType::Json : SqlType::Text);
    QCOMPARE(kind(u"bio"_s), SqlType::Text);

    QVERIFY(author.column(u"id"_s).isPrimaryKey());
    QVERIFY(author.column(u"id"_s).isAutoincrement());
    QVERIFY(!author.column(u"id"_s).isNullable());
    QVERIFY(!author.column(u"name"_s).isNullable());
    QVERIFY(author.column(u"email"_s).isNullable());
    QVERIFY(!author.column(u"order"_s).isNullable());
    QVERIFY(author.column(u"order"_s).options().serverDefault.isValid());
    QVERIFY(author.column(u"status"_s).options().serverDefault.isValid());
    QVERIFY(author.column(u"created"_s).options().serverDefault.isValid());
    QVERIFY(!author.column(u"bio"_s).options().serverDefault.isValid());
    if (db.dialect().type() == DialectType::MySQL)
        QCOMPARE(indexSummary(author),
                 (QStringList{ u"email(email) unique"_s, u"ix_author_name(name)"_s }));
    else
        QCOMPARE(indexSummary(author), QStringList{ u"ix_author_name(name)"_s });
    const QList<Constraint> uniques = constraintsOf(author, Constraint::Unique);
    if (db.dialect().type() == DialectType::MySQL) {
        // MySQL has unique indexes only; the constraint of "email" is one named after it.
        QCOMPARE(uniques.size(), 0);
    } else {
        QCOMPARE(uniques.size(), 1);
        QCOMPARE(uniques.first().columns(), QStringList{ u"email"_s });
    }

    const Table select = reflected.table(u"select"_s);
    QCOMPARE(select.primaryKey().size(), 2);
    QCOMPARE(select.primaryKey().at(0).name(), u"book_id"_s);
    QCOMPARE(select.primaryKey().at(1).name(), u"from"_s);
    QVERIFY(!select.column(u"book_id"_s).isAutoincrement());
    QVERIFY(select.column(u"group"_s).isNullable());

    const Table book = reflected.table(u"book"_s);
    QVERIFY(book.column(u"id"_s).isAutoincrement());
    // SQLite's rowid is an INTEGER whatever the key was declared as.
    QCOMPARE(book.column(u"id"_s).columnType().kind(),
             db.dialect().type() == DialectType::SQLite ? SqlType::Integer : SqlType::BigInteger);
    if (db.dialect().type() == DialectType::MySQL)
        QCOMPARE(indexSummary(book),
                 (QStringList{ u"author_id(author_id,title) unique"_s,
                               u"ix_book_title_author(title,author_id)"_s }));
    else
        QCOMPARE(indexSummary(book), QStringList{ u"ix_book_title_author(title,author_id)"_s });
}

void tst_Reflection::foreignKeys()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QVERIFY2(TestSchema::metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    Inspector inspector(db);

    const Table book = inspector.reflectTable(u"book"_s);
    QVERIFY2(book.isValid(), qPrintable(Test::describe(inspector.lastError())));
    QList<Constraint> keys = constraintsOf(book, Constraint::ForeignKey);
    QCOMPARE(keys.size(), 2);
    std::sort(keys.begin(), keys.end(),
              [](const Constraint &a, const Constraint &b) { return a.columns() < b.columns(); });
    QCOMPARE(keys.at(0).columns(), QStringList{ u"author_id"_s });
    QCOMPARE(keys.at(0).targets(), QStringList{ u"author.id"_s });
    QCOMPARE(keys.at(0).foreignKeyOptions().onDelete, ReferentialAction::Cascade);
    QCOMPARE(keys.at(1).columns(), QStringList{ u"sequel_of"_s });
    QCOMPARE(keys.at(1).targets(), QStringList{ u"book.id"_s });
    QCOMPARE(keys.at(1).foreignKeyOptions().onDelete, ReferentialAction::SetNull);
    // Names exist where the database names constraints.
    QCOMPARE(keys.at(0).name().isEmpty(), db.dialect().type() == DialectType::SQLite);

    const Table select = inspector.reflectTable(u"select"_s);
    QVERIFY2(select.isValid(), qPrintable(Test::describe(inspector.lastError())));
    keys = constraintsOf(select, Constraint::ForeignKey);
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().foreignKeyOptions().onDelete, ReferentialAction::Cascade);
    QCOMPARE(keys.first().foreignKeyOptions().onUpdate, ReferentialAction::Cascade);
    QCOMPARE(select.referencedTables(), QStringList{ u"book"_s });
}

void tst_Reflection::tableNamesAndErrors()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Inspector inspector(db);
    QCOMPARE(inspector.tableNames(), QStringList());
    QCOMPARE(inspector.lastError().type(), Error::NoError);

    // A name that would break SQL pasted together is a bound value, so it is just not found.
    const Table missing = inspector.reflectTable(u"x'); DROP TABLE author; --"_s);
    QVERIFY(!missing.isValid());
    QCOMPARE(inspector.lastError().type(), Error::InvalidRequestError);

    QVERIFY2(TestSchema::metadata().createAll(db), qPrintable(Test::describe(db.lastError())));
    QCOMPARE(inspector.tableNames(),
             (QStringList{ u"author"_s, u"book"_s, u"select"_s, u"we\"ird table"_s }));
    MetaData only;
    QVERIFY(inspector.reflect(only, {}, { u"select"_s }));
    QCOMPARE(only.tables().size(), 1);
    QVERIFY(!inspector.reflect(only, {}, { u"select"_s })); // it is there already
    QVERIFY(!inspector.reflect(only, {}, { u"nope"_s }));
}

void tst_Reflection::namedSchema()
{
    QFETCH(QString, database);
    if (database == u"mariadb")
        QSKIP("A MariaDB schema is another database, outside this test's own");
    QORM_CONNECT_CLEAN(db, database);
    QTemporaryDir directory;
    if (db.dialect().type() == DialectType::SQLite)
        QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"ATTACH DATABASE ? AS other"_s,
                                                        { directory.filePath(u"other.db"_s) })));
    else
        QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"CREATE SCHEMA other"_s)));
    MetaData schema;
    const TableOptions other{ .schema = u"other"_s };
    Table(schema, u"parent"_s, { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) }, {},
          {}, other);
    Table(schema, u"child"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"parent_id"_s, SqlType::integer(),
                   { .index = true, .foreignKey = ForeignKey(u"other.parent.id"_s) }) },
          {}, {}, other);
    QVERIFY2(schema.createAll(db), qPrintable(Test::describe(db.lastError())));

    Inspector inspector(db);
    QCOMPARE(inspector.tableNames(), QStringList());
    QCOMPARE(inspector.tableNames(u"other"_s), (QStringList{ u"child"_s, u"parent"_s }));
    MetaData reflected;
    QVERIFY2(inspector.reflect(reflected, u"other"_s),
             qPrintable(Test::describe(inspector.lastError())));
    const Table child = reflected.table(u"other.child"_s);
    QVERIFY(child.isValid());
    QCOMPARE(child.schema(), u"other"_s);
    QCOMPARE(child.referencedTables(), QStringList{ u"other.parent"_s });
    QCOMPARE(indexSummary(child), QStringList{ u"ix_child_parent_id(parent_id)"_s });
    const SchemaDiff diff = SchemaDiff::compare(reflected, schema, db.dialect());
    QVERIFY(diff.isEmpty());
    // The reflected tables can be created again elsewhere: their DDL compiles.
    for (const Table &table : reflected.sortedTables()) {
        const QList<CompiledStatement> statements = db.dialect().createTable(table);
        for (const CompiledStatement &statement : statements)
            QORM_VERIFY_RESULT(statement);
    }
    if (db.dialect().type() == DialectType::SQLite) {
        QORM_VERIFY_RESULT(db.execute(CompiledStatement(u"DETACH DATABASE other"_s)));
    }
}

void tst_Reflection::chinook()
{
    QFETCH(QString, database);
    QTemporaryDir directory;
    QString error;
    const std::unique_ptr<Connection> connection = Chinook::open(database, directory, &error);
    QVERIFY2(connection, qPrintable(error));
    Connection &db = *connection;
    const Chinook::Naming naming = Chinook::Naming::of(db);

    Inspector inspector(db);
    MetaData reflected;
    QVERIFY2(inspector.reflect(reflected), qPrintable(Test::describe(inspector.lastError())));
    QStringList expected;
    for (const QString &name :
         { u"Album"_s, u"Artist"_s, u"Customer"_s, u"Employee"_s, u"Genre"_s, u"Invoice"_s,
           u"InvoiceLine"_s, u"MediaType"_s, u"Playlist"_s, u"PlaylistTrack"_s, u"Track"_s })
        expected += naming(name);
    expected.sort();
    QCOMPARE(inspector.tableNames(), expected);

    const Table track = reflected.table(naming(u"Track"_s));
    QVERIFY(track.isValid());
    QCOMPARE(track.columns().size(), 9);
    QCOMPARE(track.primaryKey().size(), 1);
    QCOMPARE(track.primaryKey().first().name(), naming(u"TrackId"_s));
    const Column name = track.column(naming(u"Name"_s));
    QCOMPARE(name.columnType().kind(), SqlType::String);
    QCOMPARE(name.columnType().length(), 200);
    QVERIFY(!name.isNullable());
    QVERIFY(track.column(naming(u"Composer"_s)).isNullable());
    const SqlType price = track.column(naming(u"UnitPrice"_s)).columnType();
    QCOMPARE(price.kind(), SqlType::Numeric);
    QCOMPARE(price.precision(), 10);
    QCOMPARE(price.scale(), 2);
    QCOMPARE(track.column(naming(u"Milliseconds"_s)).columnType().kind(), SqlType::Integer);

    QStringList references = track.referencedTables();
    references.sort();
    QStringList parents{ naming(u"Album"_s), naming(u"Genre"_s), naming(u"MediaType"_s) };
    parents.sort();
    QCOMPARE(references, parents);
    QStringList indexColumns;
    for (const Index &index : track.indexes()) {
        QVERIFY(!index.isUnique());
        indexColumns += index.columns();
    }
    indexColumns.sort();
    QStringList keyColumns{ naming(u"AlbumId"_s), naming(u"GenreId"_s), naming(u"MediaTypeId"_s) };
    keyColumns.sort();
    QCOMPARE(indexColumns, keyColumns);

    // The self-reference and the association table's composite key.
    const Table employee = reflected.table(naming(u"Employee"_s));
    QCOMPARE(employee.referencedTables(), QStringList{ naming(u"Employee"_s) });
    const Table playlistTrack = reflected.table(naming(u"PlaylistTrack"_s));
    QCOMPARE(playlistTrack.primaryKey().size(), 2);
    QCOMPARE(constraintsOf(playlistTrack, Constraint::ForeignKey).size(), 2);
    // The tables sort parents first, so the reflected MetaData can create them again.
    QCOMPARE(reflected.sortedTables().size(), 11);
}

QTEST_GUILESS_MAIN(tst_Reflection)
#include "tst_reflection.moc"
