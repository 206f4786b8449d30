// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "chinook.h"

#include <Qorm/Inspector>
#include <Qorm/MigrateTool>
#include <Qorm/Migration>
#include <Qorm/SchemaDiff>

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTextStream>
#include <QtSql/QSqlDatabase>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

// The fifth step of the chain below, as `qorm-migrate generate tags` wrote it (compiled in).
Qorm::Migration migration_0005_tags();
// The step that brings Chinook to changed models, as generate wrote it on the SQLite file.
Qorm::Migration migration_0002_chinook_reviews();

class tst_Migrations : public QObject
{
    Q_OBJECT

private slots:
    void upgradeChain_data() { Test::addDatabaseColumn(); }
    void upgradeChain();
    void failureInTheMiddle_data() { Test::addDatabaseColumn(); }
    void failureInTheMiddle();
    void downgradeAndBack_data() { Test::addDatabaseColumn(); }
    void downgradeAndBack();
    void brokenChains();
    void concurrentUpgrade_data() { Test::addDatabaseColumn(); }
    void concurrentUpgrade();
    void unknownVersion_data() { Test::addDatabaseColumn(); }
    void unknownVersion();
    void generatedSource_data() { Test::addDatabaseColumn(); }
    void generatedSource();
    void tool_data() { Test::addDatabaseColumn(); }
    void tool();
    void chinook_data() { Test::addDatabaseColumn(); }
    void chinook();
    void docsSamples_data() { Test::addDatabaseColumn(); }
    void docsSamples();
};

namespace {

// 1: author(id, name), book(id, author_id -> author, title).
Migration initial()
{
    return {
        .id = u"0001_initial"_s,
        .parent = {},
        .description = u"authors and books"_s,
        .upgrade =
                [](MigrationContext &m) {
                    return m.createTable(Table(
                                   u"author"_s,
                                   { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                                     Column(u"name"_s, SqlType::string(100),
                                            { .nullable = false }) }))
                            && m.createTable(Table(
                                    u"book"_s,
                                    { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                                      Column(u"author_id"_s, SqlType::integer(),
                                             { .nullable = false,
                                               .foreignKey = ForeignKey(u"author.id"_s) }),
                                      Column(u"title"_s, SqlType::string(200),
                                             { .nullable = false }) }));
                },
        .downgrade =
                [](MigrationContext &m) {
                    return m.dropTable(u"book"_s) && m.dropTable(u"author"_s);
                },
    };
}

// 2: book.year and an index on book.title.
Migration bookYear()
{
    return {
        .id = u"0002_book_year"_s,
        .parent = u"0001_initial"_s,
        .description = u"book.year"_s,
        .upgrade =
                [](MigrationContext &m) {
                    return m.addColumn(u"book"_s, Column(u"year"_s, SqlType::integer()))
                            && m.createIndex(u"book"_s, Index(u"ix_book_title"_s, { u"title"_s }));
                },
        .downgrade =
                [](MigrationContext &m) {
                    return m.dropIndex(u"book"_s, u"ix_book_title"_s)
                            && m.dropColumn(u"book"_s, u"year"_s);
                },
    };
}

// 3: a data step: author.display filled from the rows, book.year where it is missing.
Migration displayNames()
{
    return {
        .id = u"0003_display_names"_s,
        .parent = u"0002_book_year"_s,
        .description = u"author.display, filled in"_s,
        .upgrade =
                [](MigrationContext &m) {
                    if (!m.addColumn(u"author"_s, Column(u"display"_s, SqlType::string(120))))
                        return false;
                    const Table author = m.table(u"author"_s);
                    Result rows = m.connection().execute(select(author));
                    if (!rows.isValid())
                        return false;
                    QList<std::pair<QVariant, QString>> names;
                    while (rows.next())
                        names += { rows.value(u"id"_s), rows.value(u"name"_s).toString() };
                    for (const auto &[id, name] : std::as_const(names)) {
                        if (!m.execute(update(author)
                                               .set(u"display"_s, literal(u"Author "_s + name))
                                               .where(author[u"id"_s] == literal(id))))
                            return false;
                    }
                    return m.execute(u"UPDATE book SET year = ? WHERE year IS NULL"_s, { 2000 });
                },
        .downgrade = [](MigrationContext &m) { return m.dropColumn(u"author"_s, u"display"_s); },
    };
}

// 4: book.year NOT NULL with a default (SQLite: a table rebuild), author.rating.
Migration yearRequired()
{
    return {
        .id = u"0004_year_required"_s,
        .parent = u"0003_display_names"_s,
        .description = u"book.year required, author.rating"_s,
        .upgrade =
                [](MigrationContext &m) {
                    return m.alterColumn(
                                   u"book"_s,
                                   Column(u"year"_s, SqlType::integer(),
                                          { .nullable = false, .serverDefault = text(u"0"_s) }))
                            && m.addColumn(u"author"_s, Column(u"rating"_s, SqlType::integer()));
                },
        .downgrade =
                [](MigrationContext &m) {
                    return m.dropColumn(u"author"_s, u"rating"_s)
                            && m.alterColumn(u"book"_s, Column(u"year"_s, SqlType::integer()));
                },
    };
}

QList<Migration> chain()
{
    return { initial(), bookYear(), displayNames(), yearRequired(), migration_0005_tags() };
}

// The models after step 5: step 4's schema, book.pages and the tag table.
MetaData modelsAfter5()
{
    MetaData metadata;
    Table(metadata, u"author"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"name"_s, SqlType::string(100), { .nullable = false }),
            Column(u"display"_s, SqlType::string(120)), Column(u"rating"_s, SqlType::integer()) });
    Table(metadata, u"book"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"author_id"_s, SqlType::integer(),
                   { .nullable = false, .foreignKey = ForeignKey(u"author.id"_s) }),
            Column(u"title"_s, SqlType::string(200), { .nullable = false }),
            Column(u"year"_s, SqlType::integer(),
                   { .nullable = false, .serverDefault = text(u"0"_s) }),
            Column(u"pages"_s, SqlType::integer()) },
          {}, { Index(u"ix_book_title"_s, { u"title"_s }) });
    Table(metadata, u"tag"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"book_id"_s, SqlType::integer(),
                   { .nullable = false,
                     .foreignKey = ForeignKey(u"book.id"_s,
                                              { .onDelete = ReferentialAction::Cascade }) }),
            Column(u"label"_s, SqlType::string(50), { .nullable = false, .index = true }) });
    return metadata;
}

bool exec(Connection &db, const QString &sql, const QVariantList &values = {})
{
    Result result = db.execute(CompiledStatement(sql, values));
    if (!result.isValid())
        qWarning() << result.error();
    return result.isValid();
}

QList<QVariantList> rows(Connection &db, const QString &sql)
{
    QList<QVariantList> result;
    Result r = db.execute(CompiledStatement(sql));
    if (!r.isValid())
        qWarning() << r.error();
    while (r.next()) {
        QVariantList row;
        for (int i = 0; i < int(r.columnNames().size()); ++i)
            row += r.value(i).toString(); // compared as text on every database
        result += row;
    }
    return result;
}

Table reflect(Connection &db, const QString &table)
{
    Inspector inspector(db);
    return inspector.reflectTable(table);
}

// Rows written at version 0001 that every later version keeps.
bool insertVersion1Rows(Connection &db)
{
    return exec(db, u"INSERT INTO author (id, name) VALUES (1, 'Ann'), (2, 'Bo')"_s)
            && exec(db,
                    u"INSERT INTO book (id, author_id, title) VALUES (10, 1, 'First'), "
                    u"(11, 1, 'Second'), (12, 2, 'Third')"_s);
}

QString describeDiff(const SchemaDiff &diff)
{
    QStringList lines;
    for (const MigrationOperation &op : diff.operations())
        lines += op.description();
    return lines.join(u"; "_s);
}

SchemaDiff diffAgainst(Connection &db, const MetaData &models, bool *ok)
{
    Inspector inspector(db);
    QStringList tables = inspector.tableNames();
    tables.removeAll(Migrator::versionTableName());
    MetaData reflected;
    *ok = tables.isEmpty() || inspector.reflect(reflected, {}, tables);
    if (!*ok)
        qWarning() << inspector.lastError();
    return SchemaDiff::compare(reflected, models, db.dialect());
}

QString generatedFile()
{
    QFile file(QStringLiteral(QORM_MIGRATIONS_SOURCE_DIR "/0005_tags.cpp"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

void tst_Migrations::upgradeChain()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator migrator(db, chain());
    QCOMPARE(migrator.heads(), QStringList{ u"0005_tags"_s });
    QCOMPARE(migrator.history().size(), 5);
    QCOMPARE(migrator.current(), QString());
    MigrationStatus status = migrator.status();
    QVERIFY2(status.isValid(), qPrintable(status.error.text()));
    QCOMPARE(status.pending.size(), 5);
    QCOMPARE(status.head, u"0005_tags"_s);

    QVERIFY2(migrator.upgrade(u"0001_initial"_s), qPrintable(migrator.lastError().text()));
    QCOMPARE(migrator.current(), u"0001_initial"_s);
    QVERIFY(insertVersion1Rows(db));

    QTemporaryDir backups;
    if (db.dialect().type() == DialectType::SQLite) {
        // docs/migrations.md: a consistent copy of the file before upgrading.
        const QString backup = backups.filePath(u"before-upgrade.sqlite"_s);
        QVERIFY(exec(db, u"VACUUM INTO ?"_s, { backup }));
        Connection copy(ConnectionSettings{ .driver = u"QSQLITE"_s, .databaseName = backup });
        QCOMPARE(Migrator(copy, chain()).current(), u"0001_initial"_s);
        QCOMPARE(rows(copy, u"SELECT count(*) FROM book"_s), (QList<QVariantList>{ { u"3"_s } }));
    }
    {
        Test::SqlRecorder steps(db);
        QVERIFY2(migrator.upgrade(), qPrintable(Test::describe(migrator.lastError())));
        if (db.dialect().type() == DialectType::SQLite) {
            // Step 4 rebuilt book, with foreign keys off and checked before the commit.
            const QString all = steps.statements().join(u'\n');
            QVERIFY2(all.contains(u"ALTER TABLE _qorm_tmp_book RENAME TO book"_s), qPrintable(all));
            QVERIFY(all.contains(u"PRAGMA foreign_keys = OFF"_s));
            QVERIFY(all.contains(u"PRAGMA foreign_key_check"_s));
        }
    }
    QCOMPARE(migrator.current(), u"0005_tags"_s);
    status = migrator.status();
    QVERIFY(status.isUpToDate());
    QVERIFY(!status.isDirty);

    // Rows kept through the rebuild, the data step's work in place.
    QCOMPARE(rows(db, u"SELECT id, name, display FROM author ORDER BY id"_s),
             (QList<QVariantList>{ { u"1"_s, u"Ann"_s, u"Author Ann"_s },
                                   { u"2"_s, u"Bo"_s, u"Author Bo"_s } }));
    QCOMPARE(rows(db, u"SELECT id, author_id, title, year FROM book ORDER BY id"_s),
             (QList<QVariantList>{ { u"10"_s, u"1"_s, u"First"_s, u"2000"_s },
                                   { u"11"_s, u"1"_s, u"Second"_s, u"2000"_s },
                                   { u"12"_s, u"2"_s, u"Third"_s, u"2000"_s } }));
    QVERIFY(!reflect(db, u"book"_s).column(u"year"_s).isNullable());
    // The database is what the models of version 5 say, foreign keys checked.
    bool ok = false;
    const SchemaDiff rest = diffAgainst(db, modelsAfter5(), &ok);
    QVERIFY(ok);
    QVERIFY2(rest.isEmpty(), qPrintable(describeDiff(rest)));
    // A diff of everything reflected leaves the version table alone.
    MetaData everything;
    QVERIFY(Inspector(db).reflect(everything));
    QVERIFY(everything.contains(Migrator::versionTableName()));
    const SchemaDiff all = SchemaDiff::compare(everything, modelsAfter5(), db.dialect());
    QVERIFY2(all.isEmpty(), qPrintable(describeDiff(all)));
    QVERIFY(exec(db, u"INSERT INTO tag (id, book_id, label) VALUES (1, 10, 'x')"_s));
    QVERIFY(!db.execute(CompiledStatement(
                                u"INSERT INTO tag (id, book_id, label) VALUES (2, 99, 'y')"_s))
                     .isValid());

    // Idempotent: a second upgrade reads the version and changes nothing.
    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    QVERIFY(migrator.upgrade());
    for (const QString &sql : recorder.statements()) {
        const QString verb = sql.section(u' ', 0, 0).toUpper();
        QVERIFY2(verb == u"SELECT" || verb == u"PRAGMA" || verb == u"CREATE" || verb == u"SHOW",
                 qPrintable(sql));
        QVERIFY2(!sql.contains(u"ALTER"_s) && !sql.contains(u"INSERT"_s), qPrintable(sql));
    }
    QCOMPARE(migrator.current(), u"0005_tags"_s);
}

void tst_Migrations::failureInTheMiddle()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator migrator(db, chain());
    QVERIFY(migrator.upgrade(u"0001_initial"_s));
    QVERIFY(insertVersion1Rows(db));
    QVERIFY2(migrator.upgrade(u"0003_display_names"_s), qPrintable(migrator.lastError().text()));

    // Step 4 alters book.year (on SQLite: a rebuild of four statements and more), then adds
    // author.rating: that statement fails.
    db.setInterceptor([](const CompiledStatement &statement) {
        if (statement.sql().contains(u"rating"_s))
            return Error(Error::StatementError, u"injected failure"_s);
        return Error();
    });
    QVERIFY(!migrator.upgrade());
    const Error error = migrator.lastError();
    QVERIFY2(error.text().contains(u"0004_year_required"_s), qPrintable(error.text()));
    QVERIFY2(error.text().contains(u"injected failure"_s), qPrintable(error.text()));
    db.setInterceptor({});
    const MigrationStatus status = migrator.status();
    QVERIFY(status.isValid());
    QCOMPARE(status.current, u"0003_display_names"_s);
    QCOMPARE(status.pending, (QStringList{ u"0004_year_required"_s, u"0005_tags"_s }));
    const bool transactional = db.dialect().supportsTransactionalDdl();
    if (transactional) {
        // Nothing of step 4 happened: book.year is still nullable, the rows are there.
        QVERIFY2(error.text().contains(u"still at version 0003_display_names"_s),
                 qPrintable(error.text()));
        QVERIFY(!status.isDirty);
        QVERIFY(reflect(db, u"book"_s).column(u"year"_s).isNullable());
        QVERIFY(!reflect(db, u"author"_s).hasColumn(u"rating"_s));
        QCOMPARE(rows(db, u"SELECT count(*) FROM book WHERE year = 2000"_s),
                 (QList<QVariantList>{ { u"3"_s } }));
        QVERIFY2(migrator.upgrade(), qPrintable(migrator.lastError().text()));
    } else {
        // MariaDB committed the ALTER before the failure: the version is the previous one,
        // marked dirty, and upgrade refuses to go on until the schema is repaired and stamped.
        QVERIFY2(error.text().contains(u"dirty"_s), qPrintable(error.text()));
        QVERIFY(status.isDirty);
        QVERIFY(!status.isUpToDate());
        QVERIFY(!reflect(db, u"book"_s).column(u"year"_s).isNullable());
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"dirty"_s),
                 qPrintable(migrator.lastError().text()));
        QVERIFY(exec(db, u"ALTER TABLE author ADD COLUMN rating INTEGER"_s));
        QVERIFY(migrator.stamp(u"0004_year_required"_s));
        QVERIFY(!migrator.status().isDirty);
        QVERIFY2(migrator.upgrade(), qPrintable(migrator.lastError().text()));
    }
    QCOMPARE(migrator.current(), u"0005_tags"_s);
    QCOMPARE(rows(db, u"SELECT id, title, year FROM book ORDER BY id"_s).size(), 3);
}

void tst_Migrations::downgradeAndBack()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator migrator(db, chain());
    QVERIFY(migrator.upgrade(u"0001_initial"_s));
    QVERIFY(insertVersion1Rows(db));
    QVERIFY(migrator.upgrade());
    QVERIFY2(migrator.downgrade(u"0002_book_year"_s), qPrintable(migrator.lastError().text()));
    QCOMPARE(migrator.current(), u"0002_book_year"_s);
    QVERIFY(!reflect(db, u"author"_s).hasColumn(u"display"_s));
    QVERIFY(reflect(db, u"book"_s).column(u"year"_s).isNullable());
    QVERIFY(!Inspector(db).tableNames().contains(u"tag"_s));
    QCOMPARE(rows(db, u"SELECT id, year FROM book ORDER BY id"_s).size(), 3);
    QVERIFY(!migrator.upgrade(u"0001_initial"_s)); // backwards: downgrade() does that
    QVERIFY2(migrator.upgrade(), qPrintable(migrator.lastError().text()));
    QCOMPARE(migrator.current(), u"0005_tags"_s);
    QVERIFY2(migrator.downgrade({}), qPrintable(migrator.lastError().text()));
    QCOMPARE(migrator.current(), QString());
    QCOMPARE(Inspector(db).tableNames(), QStringList{ Migrator::versionTableName() });
}

void tst_Migrations::brokenChains()
{
    Connection db(ConnectionSettings{ .driver = u"QSQLITE"_s, .databaseName = u":memory:"_s });
    QVERIFY(db.isOpen());
    const auto step = [](const QString &id, const QString &parent) {
        return Migration{ .id = id,
                          .parent = parent,
                          .description = {},
                          .upgrade = [](MigrationContext &) { return true; },
                          .downgrade = {} };
    };
    {
        Migrator migrator(db, { step(u"a"_s, {}), step(u"b"_s, u"nope"_s) });
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"b follows nope"_s),
                 qPrintable(migrator.lastError().text()));
        QVERIFY(!migrator.status().isValid());
    }
    {
        Migrator migrator(db, { step(u"a"_s, {}), step(u"b"_s, u"a"_s), step(u"c"_s, u"a"_s) });
        QCOMPARE(migrator.heads(), (QStringList{ u"b"_s, u"c"_s }));
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"2 heads, b and c"_s),
                 qPrintable(migrator.lastError().text()));
        QVERIFY(migrator.history().isEmpty());
    }
    {
        Migrator migrator(db, { step(u"a"_s, {}), step(u"a"_s, u"a"_s) });
        QVERIFY(!migrator.upgrade());
        QVERIFY(migrator.lastError().text().contains(u"Two migrations have the id a"_s));
    }
    {
        Migrator migrator(db, { step(u"a"_s, {}), step(u"b"_s, u"c"_s), step(u"c"_s, u"b"_s) });
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"cycle"_s),
                 qPrintable(migrator.lastError().text()));
    }
    {
        // A step without an upgrade function, and one that fails without a database error.
        Migrator migrator(
                db,
                { step(u"a"_s, {}),
                  Migration{ .id = u"b"_s,
                             .parent = u"a"_s,
                             .description = {},
                             .upgrade = [](MigrationContext &m) { return m.fail(u"not today"_s); },
                             .downgrade = {} } });
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"not today"_s),
                 qPrintable(migrator.lastError().text()));
        QCOMPARE(migrator.current(), u"a"_s);
        QVERIFY(!migrator.downgrade({})); // a has no downgrade
        QCOMPARE(migrator.current(), u"a"_s);
    }
    {
        // A step that returns false and says nothing.
        Connection other(
                ConnectionSettings{ .driver = u"QSQLITE"_s, .databaseName = u":memory:"_s });
        Migrator migrator(other,
                          { Migration{ .id = u"a"_s,
                                       .parent = {},
                                       .description = {},
                                       .upgrade = [](MigrationContext &) { return false; },
                                       .downgrade = {} } });
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"the step returned false"_s),
                 qPrintable(migrator.lastError().text()));
        QCOMPARE(migrator.current(), QString());
    }
    {
        // Steps are transactions of their own: not inside the caller's.
        Connection other(
                ConnectionSettings{ .driver = u"QSQLITE"_s, .databaseName = u":memory:"_s });
        Migrator migrator(other, { step(u"a"_s, {}) });
        Transaction transaction = other.begin();
        QVERIFY(!migrator.upgrade());
        QVERIFY2(migrator.lastError().text().contains(u"outside a transaction"_s),
                 qPrintable(migrator.lastError().text()));
        transaction.rollback();
        QVERIFY(migrator.upgrade());
    }
    // No migrations: nothing to do on a database without a version.
    Connection fresh(ConnectionSettings{ .driver = u"QSQLITE"_s, .databaseName = u":memory:"_s });
    Migrator empty(fresh, {});
    QVERIFY(empty.upgrade());
    QVERIFY(empty.status().isUpToDate());
    // Against a database at a version it does not know, an empty chain reports it.
    QVERIFY(!Migrator(db, {}).status().isKnownVersion);
}

void tst_Migrations::concurrentUpgrade()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    QString error;
    const std::unique_ptr<Connection> other = Test::connect(database, &error);
    QVERIFY2(other, qPrintable(error));
    // Three steps, each creating a table: running one twice would fail.
    QHash<QString, int> runs;
    QList<Migration> steps;
    for (const QString &name : { u"t1"_s, u"t2"_s, u"t3"_s }) {
        steps += Migration{
            .id = name,
            .parent = steps.isEmpty() ? QString() : steps.last().id,
            .description = {},
            .upgrade =
                    [name, &runs](MigrationContext &m) {
                        ++runs[name];
                        return m.createTable(Table(
                                name,
                                { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) }));
                    },
            .downgrade = {},
        };
    }
    if (db.dialect().type() == DialectType::MySQL) {
        // MariaDB: the whole upgrade holds a named lock that a second migrator waits for (up
        // to a minute, too long for a test): it is held during a step and released after.
        QVariant holder;
        const int observer = db.addObserver([&](const ExecutedStatement &) {
            if (runs.value(u"t2"_s) == 1 && !holder.isValid())
                holder = other->execute(CompiledStatement(
                                                u"SELECT IS_USED_LOCK(CONCAT('qorm_version.', "
                                                u"DATABASE()))"_s))
                                 .scalar();
        });
        Migrator first(db, steps);
        QVERIFY2(first.upgrade(), qPrintable(first.lastError().text()));
        db.removeObserver(observer);
        const QVariant self = db.execute(CompiledStatement(u"SELECT CONNECTION_ID()"_s)).scalar();
        QCOMPARE(holder.toLongLong(), self.toLongLong());
        QVERIFY(other
                        ->execute(CompiledStatement(
                                u"SELECT IS_USED_LOCK(CONCAT('qorm_version.', DATABASE()))"_s))
                        .scalar()
                        .isNull());
        return;
    }
    // A second instance of the application upgrades the database to the head right after the
    // first one committed its first step.
    bool otherRan = false;
    Migrator second(*other, steps);
    const int observer = db.addObserver([&](const ExecutedStatement &statement) {
        if (!otherRan && statement.sql == u"COMMIT" && runs.value(u"t1"_s) == 1) {
            otherRan = true;
            QVERIFY2(second.upgrade(), qPrintable(second.lastError().text()));
        }
    });
    Migrator first(db, steps);
    QVERIFY2(first.upgrade(), qPrintable(first.lastError().text()));
    db.removeObserver(observer);
    QVERIFY(otherRan);
    QCOMPARE(runs, (QHash<QString, int>{ { u"t1"_s, 1 }, { u"t2"_s, 1 }, { u"t3"_s, 1 } }));
    QCOMPARE(first.current(), u"t3"_s);
    QVERIFY(first.status().isUpToDate());
}

void tst_Migrations::unknownVersion()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator migrator(db, chain());
    QVERIFY(migrator.upgrade(u"0002_book_year"_s));
    QVERIFY(exec(db, u"UPDATE qorm_version SET version_num = '0099_from_the_future'"_s));
    QVERIFY(!migrator.upgrade());
    QVERIFY2(migrator.lastError().text().contains(u"0099_from_the_future"_s),
             qPrintable(migrator.lastError().text()));
    const MigrationStatus status = migrator.status();
    QVERIFY(status.isValid());
    QVERIFY(!status.isKnownVersion);
    QVERIFY(!status.isUpToDate());
    QVERIFY(!migrator.stamp(u"0099_from_the_future"_s));
    QVERIFY(migrator.stamp(u"0002_book_year"_s));
    QVERIFY2(migrator.upgrade(), qPrintable(migrator.lastError().text()));
}

void tst_Migrations::generatedSource()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator migrator(db, chain());
    QVERIFY(migrator.upgrade(u"0004_year_required"_s));
    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, modelsAfter5(), &ok);
    QVERIFY(ok);
    QCOMPARE(describeDiff(diff), u"create table tag; add column book.pages"_s);
    const QString source = MigrationWriter::source(diff,
                                                   { .id = u"0005_tags"_s,
                                                     .parent = u"0004_year_required"_s,
                                                     .description = u"tags"_s,
                                                     .functionName = {} });
    QVERIFY(source.contains(u"Qorm::Migration migration_0005_tags()"_s));
    QVERIFY(source.contains(u"if (!m.createTable(Qorm::Table(u\"tag\"_s,"_s));
    QVERIFY(source.contains(
            u"if (!m.addColumn(u\"book\"_s, Qorm::Column(u\"pages\"_s, Qorm::SqlType::integer())))"_s));
    QVERIFY(source.contains(u"if (!m.dropTable(u\"tag\"_s))"_s));
    QVERIFY(source.contains(
            u"Qorm::Constraint::foreignKey({ u\"book_id\"_s }, { u\"book.id\"_s }, { .onDelete = "
            u"Qorm::ReferentialAction::Cascade })"_s));
    // The file compiled into this test is that text (but for the database's name), as
    // clang-format left it.
    // QORM_WRITE_GENERATED=<path> writes it anew (on SQLite).
    if (const QString path = qEnvironmentVariable("QORM_WRITE_GENERATED");
        !path.isEmpty() && db.dialect().type() == DialectType::SQLite) {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(source.toUtf8());
    }
    QString expected = generatedFile();
    QVERIFY(!expected.isEmpty());
    expected.replace(u"a sqlite database"_s, u"a %1 database"_s.arg(db.dialect().name()));
    const auto withoutBlanks = [](QString text) {
        text.removeIf([](QChar c) { return c.isSpace(); });
        return text;
    };
    QCOMPARE(withoutBlanks(source), withoutBlanks(expected));
}

void tst_Migrations::tool()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    ConnectionSettings settings;
    QString error;
    QVERIFY2(Test::connectionSettings(database, &settings, &error), qPrintable(error));
    QTemporaryDir directory;
    const MigrateToolSetup setup{ .models = modelsAfter5(),
                                  .migrations = chain(),
                                  .connection = settings,
                                  .outputDirectory = directory.path() };
    const auto run = [&](const QStringList &arguments, QString *output) {
        QString text, errors;
        QTextStream out(&text), err(&errors);
        const int code =
                runMigrateTool(QStringList{ u"qorm-migrate"_s } + arguments, setup, out, err);
        out.flush();
        err.flush();
        *output = text + errors;
        return code;
    };
    QString output;
    QVERIFY(Migrator(db, chain()).upgrade(u"0002_book_year"_s));
    QCOMPARE(run({ u"status"_s }, &output), 0);
    QCOMPARE(output,
             u"current: 0002_book_year\nhead:    0005_tags\npending: 3\n"
             u"  0003_display_names  author.display, filled in\n"
             u"  0004_year_required  book.year required, author.rating\n"
             u"  0005_tags  tags\n"_s);
    QCOMPARE(run({ u"generate"_s, u"more"_s }, &output), 1);
    QVERIFY2(output.contains(u"run upgrade first"_s), qPrintable(output));
    QCOMPARE(run({ u"upgrade"_s, u"0004_year_required"_s }, &output), 0);
    QCOMPARE(output, u"The database is at 0004_year_required.\n"_s);
    QCOMPARE(run({ u"history"_s }, &output), 0);
    QVERIFY2(output.contains(u"* 0004_year_required  <- 0003_display_names"_s), qPrintable(output));
    QCOMPARE(run({ u"upgrade"_s }, &output), 0);
    QCOMPARE(run({ u"status"_s }, &output), 0);
    QCOMPARE(output, u"current: 0005_tags\nhead:    0005_tags\nUp to date.\n"_s);
    QCOMPARE(run({ u"generate"_s, u"nothing new"_s }, &output), 0);
    QVERIFY2(output.contains(u"no operations"_s), qPrintable(output));
    QVERIFY(QFile::exists(directory.filePath(u"0006_nothing_new.cpp"_s)));
    QCOMPARE(run({ u"downgrade"_s, u"0004_year_required"_s }, &output), 0);
    QCOMPARE(output, u"The database is at 0004_year_required.\n"_s);
    QCOMPARE(run({ u"stamp"_s, u"base"_s }, &output), 0);
    QCOMPARE(output, u"The database is at (none).\n"_s);
    QCOMPARE(run({ u"stamp"_s, u"0004_year_required"_s }, &output), 0);
    QCOMPARE(run({ u"upgrade"_s }, &output), 0);
    QCOMPARE(output, u"The database is at 0005_tags.\n"_s);
    QCOMPARE(run({ u"frobnicate"_s }, &output), 2);
    QCOMPARE(run({ u"stamp"_s }, &output), 2);
}

void tst_Migrations::chinook()
{
    QFETCH(QString, database);
    QTemporaryDir directory;
    QString error;
    const std::unique_ptr<Connection> connection = Chinook::open(database, directory, &error);
    QVERIFY2(connection, qPrintable(error));
    Connection &db = *connection;
    const Chinook::Naming name = Chinook::Naming::of(db);
    Registry registry;
    QVERIFY2(Chinook::map(registry, name), qPrintable(registry.lastError().text()));
    // The models with changes: Artist gains a country, a new review table refers to Track.
    MetaData models;
    for (const Table &table : registry.metadata().tables()) {
        if (table.name() != name(u"Artist"_s)) {
            models.add(table);
            continue;
        }
        QList<Column> columns;
        for (const Column &column : table.columns())
            columns += Column(column.name(), column.columnType(), column.options());
        columns += Column(name(u"Country"_s), SqlType::string(60));
        Table(models, table.name(), columns);
    }
    Table(models, u"review"_s,
          { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
            Column(u"track_id"_s, SqlType::integer(),
                   { .nullable = false,
                     .foreignKey = ForeignKey(name(u"Track"_s) + u'.' + name(u"TrackId"_s)) }),
            Column(u"stars"_s, SqlType::integer(), { .nullable = false }) });

    bool ok = false;
    const SchemaDiff diff = diffAgainst(db, models, &ok);
    QVERIFY(ok);
    const QString operations = describeDiff(diff);
    QVERIFY2(operations.contains(u"create table review"_s), qPrintable(operations));
    const QString source = MigrationWriter::source(diff,
                                                   { .id = u"0002_chinook_reviews"_s,
                                                     .parent = u"0001_chinook"_s,
                                                     .description = u"reviews"_s,
                                                     .functionName = {} });
    QVERIFY(source.contains(u"m.createTable(Qorm::Table(u\"review\"_s"_s));
    QVERIFY2(source.contains(u"Qorm::Column(u\"%1\"_s, Qorm::SqlType::string(60))"_s.arg(
                     name(u"Country"_s))),
             qPrintable(source));
    // Where the names are Chinook's own (not PostgreSQL's snake_case), the step is the file
    // generate wrote from the SQLite file, compiled in; on PostgreSQL the diff itself.
    const bool compiled = name.style() == Chinook::Naming::PascalCase;
    if (db.dialect().type() == DialectType::SQLite) {
        QFile file(QStringLiteral(QORM_MIGRATIONS_SOURCE_DIR "/0002_chinook_reviews.cpp"));
        if (const QString path = qEnvironmentVariable("QORM_WRITE_GENERATED_CHINOOK");
            !path.isEmpty()) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(source.toUtf8());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString expected = QString::fromUtf8(file.readAll());
        const auto withoutBlanks = [](QString text) {
            text.removeIf([](QChar c) { return c.isSpace(); });
            return text;
        };
        QCOMPARE(withoutBlanks(source), withoutBlanks(expected));
    }

    // The database as shipped is version 0001; the generated step brings it to the models.
    const QList<Migration> migrations{
        { .id = u"0001_chinook"_s,
          .parent = {},
          .description = u"Chinook as loaded"_s,
          .upgrade = [](MigrationContext &) { return true; },
          .downgrade = {} },
        compiled ? migration_0002_chinook_reviews()
                 : Migration{ .id = u"0002_chinook_reviews"_s,
                              .parent = u"0001_chinook"_s,
                              .description = u"reviews"_s,
                              .upgrade = [diff](MigrationContext &m) { return m.execute(diff); },
                              .downgrade = {} },
    };
    const Chinook::PlainSql sql(db, name);
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM [Track]"_s).toInt(), 3503);
    Chinook::markModified(database);
    Migrator migrator(db, migrations);
    QVERIFY(migrator.stamp(u"0001_chinook"_s));
    QCOMPARE(migrator.status().pending, QStringList{ u"0002_chinook_reviews"_s });
    QVERIFY2(migrator.upgrade(), qPrintable(Test::describe(migrator.lastError())));
    QVERIFY(migrator.status().isUpToDate());
    const SchemaDiff after = diffAgainst(db, models, &ok);
    QVERIFY(ok);
    QVERIFY2(after.isEmpty(), qPrintable(describeDiff(after)));
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM [Track]"_s).toInt(), 3503);
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM [Artist]"_s).toInt(), 275);
    QCOMPARE(sql.scalar(u"SELECT sum([Quantity]) FROM [InvoiceLine]"_s).toInt(), 2240);
    QVERIFY(exec(db, name.sql(u"INSERT INTO review (id, track_id, stars) VALUES (1, 1, 5)"_s)));
}

// The samples of docs/migrations.md, as the document shows them.
namespace Docs {

Qorm::Migration migration_0001_initial()
{
    return {
        .id = u"0001_initial"_s,
        .parent = {},
        .description = u"albums and artists"_s,
        .upgrade =
                [](Qorm::MigrationContext &m) {
                    return m.createTable(Qorm::Table(
                                   u"album"_s,
                                   { Qorm::Column(u"id"_s, Qorm::SqlType::integer(),
                                                  { .primaryKey = true }),
                                     Qorm::Column(u"title"_s, Qorm::SqlType::string(100)) }))
                            && m.createTable(Qorm::Table(
                                    u"artist"_s,
                                    { Qorm::Column(u"id"_s, Qorm::SqlType::integer(),
                                                   { .primaryKey = true }),
                                      Qorm::Column(u"name"_s, Qorm::SqlType::string(100)) }));
                },
        .downgrade = {},
    };
}

Qorm::Migration migration_0002_album_year()
{
    return {
        .id = u"0002_album_year"_s,
        .parent = u"0001_initial"_s,
        .description = u"Album.year, required"_s,
        .upgrade =
                [](Qorm::MigrationContext &m) {
                    return m.addColumn(u"album"_s,
                                       Qorm::Column(u"year"_s, Qorm::SqlType::integer()))
                            && m.execute(u"UPDATE album SET year = ? WHERE year IS NULL"_s,
                                         { 2000 })
                            && m.alterColumn(u"album"_s,
                                             Qorm::Column(u"year"_s, Qorm::SqlType::integer(),
                                                          { .nullable = false,
                                                            .serverDefault = Qorm::text(u"0"_s) }));
                },
        .downgrade = [](Qorm::MigrationContext &m) { return m.dropColumn(u"album"_s, u"year"_s); },
    };
}

Qorm::Migration migration_0003_sort_names()
{
    return {
        .id = u"0003_sort_names"_s,
        .parent = u"0002_album_year"_s,
        .description = u"artist.sort_name"_s,
        .upgrade =
                [](Qorm::MigrationContext &m) {
                    if (!m.addColumn(u"artist"_s,
                                     Qorm::Column(u"sort_name"_s, Qorm::SqlType::string(120))))
                        return false;
                    const Qorm::Table artist = m.table(u"artist"_s);
                    Qorm::Result rows = m.connection().execute(Qorm::select(artist));
                    QList<std::pair<QVariant, QString>> names;
                    while (rows.next())
                        names += { rows.value(u"id"_s), rows.value(u"name"_s).toString() };
                    for (const auto &[id, name] : std::as_const(names)) {
                        const QString sortName =
                                name.startsWith(u"The "_s) ? name.mid(4) + u", The"_s : name;
                        if (!m.execute(Qorm::update(artist)
                                               .set(u"sort_name"_s, Qorm::literal(sortName))
                                               .where(artist[u"id"_s] == Qorm::literal(id))))
                            return false;
                    }
                    return true;
                },
        .downgrade = {},
    };
}

QList<Qorm::Migration> migrations()
{
    return { migration_0001_initial(), migration_0002_album_year(), migration_0003_sort_names() };
}

bool backUp(Qorm::Connection &connection, const QString &path, const QString &version)
{
    const QString copy = u"%1.before-%2"_s.arg(path, version.isEmpty() ? u"1"_s : version);
    QFile::remove(copy);
    // A consistent copy, even while the file is open (SQLite 3.27+).
    return connection.execute(Qorm::CompiledStatement(u"VACUUM INTO ?"_s, { copy })).isValid();
}

// False, with the reason in *error, when the application cannot start on this database.
bool upgradeDatabase(Qorm::Connection &connection, const QString &path, QString *error)
{
    Qorm::Migrator migrator(connection, migrations());
    const Qorm::MigrationStatus status = migrator.status();
    if (!status.isValid()) {
        *error = status.error.text();
        return false;
    }
    if (!status.isKnownVersion || status.isDirty) {
        *error = status.isDirty ? u"The last upgrade of this database failed half way"_s
                                : u"This database was made by a newer version"_s;
        return false;
    }
    if (status.pending.isEmpty())
        return true;
    if (!backUp(connection, path, status.current)) { // SQLite files: see below
        *error = connection.lastError().text();
        return false;
    }
    if (!migrator.upgrade()) {
        *error = migrator.lastError().text(); // the database is still at status.current
        return false;
    }
    return true;
}

} // namespace Docs

void tst_Migrations::docsSamples()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);
    Migrator first(db, Docs::migrations());
    QVERIFY(first.upgrade(u"0001_initial"_s));
    QVERIFY(exec(db, u"INSERT INTO album (id, title) VALUES (1, 'Kind of Blue')"_s));
    QVERIFY(exec(db, u"INSERT INTO artist (id, name) VALUES (1, 'The Band'), (2, 'Nina')"_s));

    // "Upgrading at start-up" (backUp() is for SQLite files; elsewhere VACUUM INTO fails)
    if (db.dialect().type() == DialectType::SQLite) {
        const QString path = db.database().databaseName();
        QString error;
        QVERIFY2(Docs::upgradeDatabase(db, path, &error), qPrintable(error));
        QVERIFY(QFile::exists(path + u".before-0001_initial"_s));
        QVERIFY2(Docs::upgradeDatabase(db, path, &error), qPrintable(error)); // nothing to do
        // A database of a newer version is refused.
        QVERIFY(exec(db, u"UPDATE qorm_version SET version_num = '0009_newer'"_s));
        QVERIFY(!Docs::upgradeDatabase(db, path, &error));
        QCOMPARE(error, u"This database was made by a newer version"_s);
        QVERIFY(Migrator(db, Docs::migrations()).stamp(u"0003_sort_names"_s));
    } else {
        Qorm::Migrator migrator(db, Docs::migrations());
        QVERIFY2(migrator.upgrade(), qPrintable(migrator.lastError().text()));
    }
    QCOMPARE(rows(db, u"SELECT title, year FROM album"_s),
             (QList<QVariantList>{ { u"Kind of Blue"_s, u"2000"_s } }));
    QCOMPARE(rows(db, u"SELECT sort_name FROM artist ORDER BY id"_s),
             (QList<QVariantList>{ { u"Band, The"_s }, { u"Nina"_s } }));
}

QTEST_GUILESS_MAIN(tst_Migrations)
#include "tst_migrations.moc"
