// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "chinook.h"

#include "models.h"

#include <Qorm/Core>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>

#include <cmath>
#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace Chinook {

namespace {

// What a mapped class needs beyond its names: the foreign keys (property -> the PascalCase
// table they reference, by its key <Table>Id), the NOT NULL columns and the NUMERIC(10,2) ones.
struct ClassSpec
{
    const QMetaObject *metaObject;
    QList<std::pair<QString, QString>> foreignKeys;
    QStringList notNull;
    QStringList money;
};

const QList<ClassSpec> &classSpecs()
{
    static const QList<ClassSpec> specs = {
        { &Artist::staticMetaObject, {}, {}, {} },
        { &Genre::staticMetaObject, {}, {}, {} },
        { &MediaType::staticMetaObject, {}, {}, {} },
        { &Album::staticMetaObject,
          { { u"artistId"_s, u"Artist"_s } },
          { u"title"_s, u"artistId"_s },
          {} },
        { &Track::staticMetaObject,
          { { u"albumId"_s, u"Album"_s },
            { u"mediaTypeId"_s, u"MediaType"_s },
            { u"genreId"_s, u"Genre"_s } },
          { u"name"_s, u"mediaTypeId"_s, u"milliseconds"_s, u"unitPrice"_s },
          { u"unitPrice"_s } },
        { &Playlist::staticMetaObject, {}, {}, {} },
        { &Employee::staticMetaObject,
          { { u"reportsTo"_s, u"Employee"_s } },
          { u"lastName"_s, u"firstName"_s },
          {} },
        { &Customer::staticMetaObject,
          { { u"supportRepId"_s, u"Employee"_s } },
          { u"firstName"_s, u"lastName"_s, u"email"_s },
          {} },
        { &Invoice::staticMetaObject,
          { { u"customerId"_s, u"Customer"_s } },
          { u"customerId"_s, u"invoiceDate"_s, u"total"_s },
          { u"total"_s } },
        { &InvoiceLine::staticMetaObject,
          { { u"invoiceId"_s, u"Invoice"_s }, { u"trackId"_s, u"Track"_s } },
          { u"invoiceId"_s, u"trackId"_s, u"unitPrice"_s, u"quantity"_s },
          { u"unitPrice"_s } },
    };
    return specs;
}

// The MapperOptions of one class for one database.
MapperOptions mapperOptions(const ClassSpec &spec, const Naming &naming)
{
    const QMetaObject &metaObject = *spec.metaObject;
    const QString table = QString::fromLatin1(metaObject.className());
    MapperOptions options;
    options.table = naming(table);
    for (int i = metaObject.propertyOffset(); i < metaObject.propertyCount(); ++i) {
        const QMetaProperty property = metaObject.property(i);
        const QString name = QString::fromLatin1(property.name());
        const QByteArray relationshipKey = "qorm.relationship." + QByteArray(property.name());
        if (property.isConstant() || metaObject.indexOfClassInfo(relationshipKey) >= 0)
            continue; // a relationship, declared in the class
        ColumnMapping column;
        column.column =
                naming(name == u"id" ? table + u"Id"_s : name.front().toUpper() + name.mid(1));
        if (name == u"id")
            column.autoincrement = Autoincrement::No; // Chinook's keys are plain INTs
        if (spec.money.contains(name))
            column.type = SqlType::numeric(10, 2);
        if (spec.notNull.contains(name))
            column.nullable = false;
        for (const auto &[property, target] : spec.foreignKeys) {
            if (property == name)
                column.foreignKey = ForeignKey(naming(target) + u'.' + naming(target + u"Id"_s));
        }
        options.columns.insert(name, column);
    }
    // A relationship's secondary= names a table, whose name differs per database too: the
    // declaration is given again with this database's name in it.
    static const QRegularExpression secondary(u"secondary\\s*=\\s*(\\w+)"_s);
    for (int i = metaObject.classInfoOffset(); i < metaObject.classInfoCount(); ++i) {
        const QString key = QString::fromLatin1(metaObject.classInfo(i).name());
        QString declaration = QString::fromUtf8(metaObject.classInfo(i).value());
        const QRegularExpressionMatch match = secondary.match(declaration);
        if (!key.startsWith(u"qorm.relationship."_s) || !match.hasMatch())
            continue;
        declaration.replace(match.capturedStart(1), match.capturedLength(1),
                            naming(match.captured(1)));
        options.relationships.insert(key.mid(qsizetype(strlen("qorm.relationship."))), declaration);
    }
    return options;
}

QString sqlError(const QSqlError &error)
{
    return error.text().isEmpty() ? u"(no error text)"_s : error.text();
}

QSet<QString> &loadedDatabases()
{
    static QSet<QString> loaded;
    return loaded;
}

bool loadScript(Connection &connection, const QString &database, QString *errorMessage)
{
    const QString file =
            database == u"postgresql" ? u"Chinook_PostgreSql.sql"_s : u"Chinook_MySql.sql"_s;
    const QStringList statements =
            scriptStatements(QDir(dataDirectory()).filePath(file), errorMessage);
    if (statements.isEmpty())
        return false;
    if (!Test::resetSchema(connection, errorMessage))
        return false;
    // The script's own SQL, as it is: straight to the driver, not through Qorm.
    QSqlDatabase db = connection.database();
    QSqlQuery query(db);
    if (!db.transaction()) {
        *errorMessage =
                u"%1: cannot begin a transaction: %2"_s.arg(database, sqlError(db.lastError()));
        return false;
    }
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            *errorMessage =
                    u"%1: %2 failed: %3"_s.arg(file, sql.left(200), sqlError(query.lastError()));
            db.rollback();
            return false;
        }
    }
    query.finish();
    if (!db.commit()) {
        *errorMessage = u"%1: commit failed: %2"_s.arg(database, sqlError(db.lastError()));
        return false;
    }
    return true;
}

} // namespace

QString dataDirectory()
{
    const QString configured = qEnvironmentVariable("QORM_CHINOOK_DIR");
    return configured.isEmpty() ? u"/work/shared/data/chinook"_s : configured;
}

Naming Naming::of(const Connection &connection)
{
    return Naming(connection.dialect().type() == DialectType::PostgreSQL ? SnakeCase : PascalCase);
}

QString Naming::operator()(const QString &pascalName) const
{
    if (m_style == PascalCase)
        return pascalName;
    QString snake;
    for (qsizetype i = 0; i < pascalName.size(); ++i) {
        const QChar c = pascalName.at(i);
        if (c.isUpper() && i > 0 && !pascalName.at(i - 1).isUpper())
            snake += u'_';
        snake += c.toLower();
    }
    return snake;
}

QString Naming::sql(const QString &text) const
{
    static const QRegularExpression identifier(u"\\[(\\w+)\\]"_s);
    QString out;
    qsizetype last = 0;
    for (const QRegularExpressionMatch &match : identifier.globalMatch(text)) {
        out += QStringView(text).mid(last, match.capturedStart(0) - last);
        out += (*this)(match.captured(1));
        last = match.capturedEnd(0);
    }
    out += QStringView(text).mid(last);
    return out;
}

bool map(Registry &registry, const Naming &naming)
{
    for (const ClassSpec &spec : classSpecs()) {
        if (!registry.map(*spec.metaObject, mapperOptions(spec, naming)))
            return false;
    }
    MetaData metadata = registry.metadata(); // a handle: the registry's own
    const Table playlistTrack(metadata, naming(u"PlaylistTrack"_s),
                              { Column(naming(u"PlaylistId"_s), SqlType::integer(),
                                       { .primaryKey = true,
                                         .foreignKey = ForeignKey(naming(u"Playlist"_s) + u'.'
                                                                  + naming(u"PlaylistId"_s)) }),
                                Column(naming(u"TrackId"_s), SqlType::integer(),
                                       { .primaryKey = true,
                                         .foreignKey = ForeignKey(naming(u"Track"_s) + u'.'
                                                                  + naming(u"TrackId"_s)) }) });
    return playlistTrack.isValid() && registry.configure();
}

std::unique_ptr<Connection> open(const QString &database, QTemporaryDir &directory,
                                 QString *errorMessage)
{
    if (database == u"sqlite") {
        const QString source = QDir(dataDirectory()).filePath(u"Chinook_Sqlite.sqlite"_s);
        if (!directory.isValid()) {
            *errorMessage = u"sqlite: no temporary directory: %1"_s.arg(directory.errorString());
            return nullptr;
        }
        const QString copy = directory.filePath(u"chinook.sqlite"_s);
        QFile::remove(copy);
        if (!QFile::copy(source, copy)) {
            *errorMessage = u"sqlite: cannot copy %1 to %2"_s.arg(source, copy);
            return nullptr;
        }
        // The source is read-only, and the copy keeps its permissions.
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        ConnectionSettings settings;
        settings.driver = u"QSQLITE"_s;
        settings.databaseName = copy;
        auto connection = std::make_unique<Connection>(settings);
        if (!connection->isOpen()) {
            *errorMessage = u"sqlite: cannot open %1: %2"_s.arg(
                    copy, Test::describe(connection->lastError()));
            return nullptr;
        }
        return connection;
    }
    std::unique_ptr<Connection> connection = Test::connect(database, errorMessage);
    if (!connection)
        return nullptr;
    if (!loadedDatabases().contains(database)) {
        if (!loadScript(*connection, database, errorMessage))
            return nullptr;
        loadedDatabases().insert(database);
    }
    return connection;
}

void markModified(const QString &database)
{
    loadedDatabases().remove(database);
}

QStringList scriptStatements(const QString &path, QString *errorMessage)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *errorMessage = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression comment(u"/\\*.*?\\*/"_s,
                                            QRegularExpression::DotMatchesEverythingOption);
    text.remove(comment);
    static const QRegularExpression skipped(
            u"^(DROP\\s+DATABASE|CREATE\\s+DATABASE|\\\\c\\b|USE\\b)"_s,
            QRegularExpression::CaseInsensitiveOption);
    QStringList statements;
    QString current;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (current.isEmpty() && trimmed.isEmpty())
            continue;
        current += line + u'\n';
        if (!trimmed.endsWith(u';'))
            continue;
        QString statement = current.trimmed();
        statement.chop(1); // the ';'
        current.clear();
        if (!skipped.match(statement).hasMatch())
            statements.append(statement);
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    if (statements.isEmpty())
        *errorMessage = u"%1 has no statements"_s.arg(path);
    return statements;
}

QList<QVariantList> PlainSql::rows(const QString &sql, const QVariantList &values) const
{
    const QString text = m_naming.sql(sql);
    Result result = m_connection.execute(CompiledStatement(text, values));
    QList<QVariantList> out;
    if (!result.isValid()) {
        QTest::qFail(qPrintable(u"plain SQL failed: %1"_s.arg(Test::describe(result.error()))),
                     __FILE__, __LINE__);
        return out;
    }
    for (const Row &row : result.all())
        out.append(row.values());
    if (result.error().isValid())
        QTest::qFail(qPrintable(u"plain SQL failed: %1"_s.arg(Test::describe(result.error()))),
                     __FILE__, __LINE__);
    return out;
}

QVariantList PlainSql::column(const QString &sql, const QVariantList &values) const
{
    QVariantList out;
    for (const QVariantList &row : rows(sql, values))
        out.append(row.value(0));
    return out;
}

QList<int> PlainSql::ids(const QString &sql, const QVariantList &values) const
{
    QList<int> out;
    for (const QVariant &value : column(sql, values))
        out.append(value.toInt());
    return out;
}

QStringList PlainSql::strings(const QString &sql, const QVariantList &values) const
{
    QStringList out;
    for (const QVariant &value : column(sql, values))
        out.append(value.toString());
    return out;
}

QVariant PlainSql::scalar(const QString &sql, const QVariantList &values) const
{
    const QList<QVariantList> all = rows(sql, values);
    return all.isEmpty() ? QVariant() : all.first().value(0);
}

qint64 centsOf(const QString &decimal, bool *ok)
{
    static const QRegularExpression pattern(u"^(-?)(\\d+)(?:\\.(\\d{1,2}))?$"_s);
    const QRegularExpressionMatch match = pattern.match(decimal);
    if (ok)
        *ok = match.hasMatch();
    if (!match.hasMatch())
        return 0;
    const qint64 cents = match.captured(2).toLongLong() * 100
            + (match.captured(3) + u"00"_s).left(2).toLongLong();
    return match.captured(1).isEmpty() ? cents : -cents;
}

qint64 centsOf(const QVariant &value)
{
    return std::llround(value.toDouble() * 100);
}

QString dateText(const Connection &connection, const QString &column, bool withTime)
{
    switch (connection.dialect().type()) {
    case DialectType::SQLite: // stored as text: 'yyyy-MM-dd HH:mm:ss'
        return withTime ? u"strftime('%Y-%m-%d %H:%M:%S', %1)"_s.arg(column)
                        : u"strftime('%Y-%m-%d', %1)"_s.arg(column);
    case DialectType::PostgreSQL:
        return withTime ? u"to_char(%1, 'YYYY-MM-DD HH24:MI:SS')"_s.arg(column)
                        : u"to_char(%1, 'YYYY-MM-DD')"_s.arg(column);
    case DialectType::MySQL:
        return withTime ? u"DATE_FORMAT(%1, '%Y-%m-%d %H:%i:%s')"_s.arg(column)
                        : u"DATE_FORMAT(%1, '%Y-%m-%d')"_s.arg(column);
    }
    return column;
}

} // namespace Chinook
