// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Builds a table, compiles a SELECT for SQLite and runs it on an in-memory database,
// using only what the installed package provides.

#include <Qorm/Core>

#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    Qorm::ColumnOptions primaryKey;
    primaryKey.primaryKey = true;
    Qorm::MetaData metadata;
    const Qorm::Table items(metadata, u"item"_s,
                            { Qorm::Column(u"id"_s, Qorm::SqlType::integer(), primaryKey),
                              Qorm::Column(u"label"_s, Qorm::SqlType::string(40)) });
    const Qorm::Select query = Qorm::select({ items[u"label"_s] })
                                       .where(items[u"id"_s] > 1)
                                       .orderBy({ items[u"id"_s] });

    const Qorm::CompiledStatement compiled = Qorm::Dialect::sqlite().compile(query);
    if (!compiled.isValid()) {
        err << "compile failed: " << compiled.error().text() << '\n';
        return 1;
    }
    out << "sql: " << compiled.sql() << '\n';

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = u":memory:"_s;
    Qorm::Connection db(settings);
    if (!db.isOpen() || !metadata.createAll(db)) {
        err << "database failed: " << db.lastError().text() << '\n';
        return 1;
    }
    const Qorm::Result inserted = db.execute(Qorm::insert(items).values(
            QList<QVariantMap>{ { { u"id"_s, 1 }, { u"label"_s, u"one"_s } },
                                { { u"id"_s, 2 }, { u"label"_s, u"two"_s } },
                                { { u"id"_s, 3 }, { u"label"_s, u"three"_s } } }));
    if (!inserted.isValid()) {
        err << "insert failed: " << inserted.error().text() << '\n';
        return 1;
    }

    Qorm::Result rows = db.execute(compiled);
    if (!rows.isValid()) {
        err << "select failed: " << rows.error().text() << '\n';
        return 1;
    }
    QStringList labels;
    while (rows.next())
        labels << rows.value(0).toString();
    out << "rows: " << labels.join(u',') << '\n';
    out << "qorm " << QORM_VERSION_STRING << '\n';
    return rows.error().isValid() ? 1 : 0;
}
