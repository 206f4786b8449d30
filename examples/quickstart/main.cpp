// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Qorm's Core layer in one page: define tables, create them, insert rows and
// query them back, with every statement echoed on the "qorm.sql" category.
//
//     quickstart [FILE.sqlite]      (default: quickstart.sqlite in the temp directory)

#include <Qorm/Core>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTextStream>

using namespace Qt::StringLiterals;

static int fail(const char *what, const Qorm::Error &error)
{
    qCritical().noquote() << what << "failed:" << error.typeName() << error.text();
    if (!error.statement().isEmpty())
        qCritical().noquote() << "  SQL:" << error.statement();
    return 1;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString path = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QDir::temp().filePath(u"quickstart.sqlite"_s);

    // The SQL echo: every statement and its bound values, on qDebug.
    QLoggingCategory::setFilterRules(u"qorm.sql.debug=true"_s);

    // Schema: tables are values collected in a MetaData.
    Qorm::ColumnOptions primaryKey;
    primaryKey.primaryKey = true;
    Qorm::ColumnOptions required;
    required.nullable = false;
    Qorm::ColumnOptions userReference = required;
    Qorm::ForeignKeyOptions cascade;
    cascade.onDelete = Qorm::ReferentialAction::Cascade;
    userReference.foreignKey = Qorm::ForeignKey(u"user_account.id"_s, cascade);

    Qorm::MetaData metadata;
    const Qorm::Table users(metadata, u"user_account"_s,
                            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), primaryKey),
                              Qorm::Column(u"name"_s, Qorm::SqlType::string(30), required),
                              Qorm::Column(u"email"_s, Qorm::SqlType::string(255)) });
    const Qorm::Table addresses(
            metadata, u"address"_s,
            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), primaryKey),
              Qorm::Column(u"user_id"_s, Qorm::SqlType::integer(), userReference),
              Qorm::Column(u"email"_s, Qorm::SqlType::string(255), required) });

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = path;
    Qorm::Connection db(settings);
    if (!db.isOpen())
        return fail("Opening the database", db.lastError());

    // Start from empty tables, so that the example can run again on the same file.
    if (!metadata.dropAll(db) || !metadata.createAll(db))
        return fail("Creating the tables", db.lastError());

    // One INSERT for several rows; RETURNING hands back the generated keys where the
    // database has it, otherwise they are read back by name.
    const QList<QVariantMap> newUsers = {
        { { u"name"_s, u"spongebob"_s }, { u"email"_s, u"spongebob@sqlalchemy.org"_s } },
        { { u"name"_s, u"sandy"_s }, { u"email"_s, u"sandy@sqlalchemy.org"_s } },
        { { u"name"_s, u"patrick"_s }, { u"email"_s, QVariant() } },
    };
    Qorm::Result inserted;
    if (db.dialect().supportsReturning(Qorm::Statement::InsertStatement)) {
        inserted = db.execute(Qorm::insert(users).values(newUsers).returning(
                { users[u"name"_s], users[u"id"_s] }));
    } else {
        inserted = db.execute(Qorm::insert(users).values(newUsers));
        if (inserted.isValid())
            inserted = db.execute(Qorm::select({ users[u"name"_s], users[u"id"_s] }));
    }
    if (!inserted.isValid())
        return fail("Inserting the users", inserted.error());
    QHash<QString, qint64> userIds;
    while (inserted.next())
        userIds.insert(inserted.value(0).toString(), inserted.value(1).toLongLong());
    if (userIds.size() != newUsers.size())
        return fail("Reading the new keys", inserted.error());

    const Qorm::Result addressesInserted =
            db.execute(Qorm::insert(addresses).values(QList<QVariantMap>{
                    { { u"user_id"_s, userIds.value(u"spongebob"_s) },
                      { u"email"_s, u"spongebob@qt.io"_s } },
                    { { u"user_id"_s, userIds.value(u"sandy"_s) },
                      { u"email"_s, u"sandy@qt.io"_s } },
                    { { u"user_id"_s, userIds.value(u"sandy"_s) },
                      { u"email"_s, u"sandy@squirrelpower.org"_s } },
            }));
    if (!addressesInserted.isValid())
        return fail("Inserting the addresses", addressesInserted.error());

    // Every user with the number of their addresses, including users without one.
    const Qorm::Select query =
            Qorm::select({ users[u"name"_s], users[u"email"_s],
                           Qorm::Function::count(addresses[u"id"_s]).label(u"addresses"_s) })
                    .leftJoin(addresses, addresses[u"user_id"_s] == users[u"id"_s])
                    .groupBy({ users[u"id"_s], users[u"name"_s], users[u"email"_s] })
                    .orderBy({ users[u"name"_s] });
    Qorm::Result rows = db.execute(query);
    if (!rows.isValid())
        return fail("Querying the users", rows.error());

    QTextStream out(stdout);
    out << Qt::left << qSetFieldWidth(12) << "name" << qSetFieldWidth(28) << "email"
        << qSetFieldWidth(0) << "addresses\n";
    int count = 0;
    while (rows.next()) {
        const Qorm::Row row = rows.row();
        out << qSetFieldWidth(12) << row.value<QString>(u"name"_s) << qSetFieldWidth(28)
            << (row.isNull(1) ? u"(none)"_s : row.value<QString>(u"email"_s)) << qSetFieldWidth(0)
            << row.value<qint64>(u"addresses"_s) << '\n';
        ++count;
    }
    if (rows.error().isValid() || count != newUsers.size())
        return fail("Reading the users", rows.error());
    out << count << " users\n";
    return 0;
}
