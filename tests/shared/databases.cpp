// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "databases.h"

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/result.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QHash>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

using namespace Qt::StringLiterals;

namespace Qorm::Test {

namespace {

struct Backend
{
    QString name;         // the row name
    const char *variable; // the environment variable that configures it
    QString driver;       // the default Qt driver
};

const QList<Backend> &serverBackends()
{
    static const QList<Backend> backends = {
        { u"postgresql"_s, "QORM_TEST_POSTGRESQL", u"QPSQL"_s },
        { u"mariadb"_s, "QORM_TEST_MARIADB", u"QMARIADB"_s },
    };
    return backends;
}

const Backend *serverBackend(const QString &name)
{
    for (const Backend &backend : serverBackends()) {
        if (backend.name == name)
            return &backend;
    }
    return nullptr;
}

// "qorm_" + the executable's name, reduced to what every server accepts unquoted.
QString testDatabaseName()
{
    QString name = QCoreApplication::applicationName().toLower();
    name.replace(QRegularExpression(u"[^a-z0-9_]"_s), u"_"_s);
    if (name.isEmpty())
        name = u"test"_s;
    return (u"qorm_"_s + name).left(63);
}

// Parses "host=...;port=...;user=...;password=...;database=...[;driver=...][;options=a,b]".
bool parseSettings(const Backend &backend, const QString &text, ConnectionSettings *settings,
                   QString *errorMessage)
{
    *settings = ConnectionSettings();
    settings->driver = backend.driver;
    const auto fail = [&](const QString &why) {
        *errorMessage = u"%1: cannot use %2='%3': %4"_s.arg(
                backend.name, QLatin1StringView(backend.variable), text, why);
        return false;
    };
    for (const QString &item : text.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = item.indexOf(u'=');
        if (equals < 0)
            return fail(u"'%1' is not key=value"_s.arg(item));
        const QString key = item.left(equals).trimmed().toLower();
        const QString value = item.mid(equals + 1).trimmed();
        if (key == u"host") {
            settings->hostName = value;
        } else if (key == u"port") {
            bool ok = false;
            settings->port = value.toInt(&ok);
            if (!ok || settings->port <= 0)
                return fail(u"bad port '%1'"_s.arg(value));
        } else if (key == u"user") {
            settings->userName = value;
        } else if (key == u"password") {
            settings->password = value;
        } else if (key == u"database") {
            settings->databaseName = value;
        } else if (key == u"driver") {
            settings->driver = value;
        } else if (key == u"options") {
            settings->connectOptions = QString(value).replace(u',', u';');
        } else {
            return fail(u"unknown key '%1'"_s.arg(key));
        }
    }
    if (settings->databaseName.isEmpty())
        return fail(u"no database (the admin database to connect to first)"_s);
    // PostgreSQL's NOTICEs ("drop cascades to ...") would flood the test output.
    if (backend.name == u"postgresql" && settings->connectOptions.isEmpty())
        settings->connectOptions = u"options=-cclient_min_messages=warning"_s;
    return true;
}

QString quoted(const QString &identifier, QChar quote)
{
    return quote + QString(identifier).replace(quote, QString(2, quote)) + quote;
}

// Drops and creates this process's database on a server, once per process.
bool createTestDatabase(const Backend &backend, const ConnectionSettings &admin,
                        const QString &name, QString *errorMessage)
{
    static QSet<QString> created;
    if (created.contains(backend.name))
        return true;

    const bool postgresql = backend.name == u"postgresql";
    const QChar quote = postgresql ? u'"' : u'`';
    const QStringList statements = postgresql
            ? QStringList{ u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(quoted(name, quote)),
                           u"CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8'"_s.arg(
                                   quoted(name, quote)) }
            : QStringList{ u"DROP DATABASE IF EXISTS %1"_s.arg(quoted(name, quote)),
                           u"CREATE DATABASE %1 CHARACTER SET utf8mb4"_s.arg(quoted(name, quote)) };

    const QString connectionName = u"qorm_test_admin_"_s + backend.name;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(admin.driver, connectionName);
        db.setHostName(admin.hostName);
        db.setPort(admin.port);
        db.setUserName(admin.userName);
        db.setPassword(admin.password);
        db.setDatabaseName(admin.databaseName);
        db.setConnectOptions(admin.connectOptions);
        if (!db.isValid()) {
            *errorMessage =
                    u"%1 is configured, but the Qt driver %2 is not available (drivers: %3)"_s.arg(
                            backend.name, admin.driver, QSqlDatabase::drivers().join(u", "_s));
        } else if (!db.open()) {
            *errorMessage = u"%1 is configured (%2), but cannot be reached at %3:%4: %5"_s.arg(
                    backend.name, QLatin1StringView(backend.variable), admin.hostName,
                    QString::number(admin.port), db.lastError().text());
        } else {
            ok = true;
            QSqlQuery query(db);
            for (const QString &sql : statements) {
                if (!query.exec(sql)) {
                    *errorMessage = u"%1: '%2' failed: %3"_s.arg(backend.name, sql,
                                                                 query.lastError().text());
                    ok = false;
                    break;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    if (ok)
        created.insert(backend.name);
    return ok;
}

QString sqliteFile()
{
    static QTemporaryDir directory;
    if (!directory.isValid())
        return {};
    return directory.filePath(u"test.sqlite"_s);
}

// Runs one statement of resetSchema(); false with a message on failure.
bool run(Connection &connection, const QString &sql, QString *errorMessage,
         QList<Row> *rows = nullptr)
{
    Result result = connection.execute(TextSql(sql));
    if (result.isValid() && rows)
        *rows = result.all();
    if (!result.isValid() || result.error().isValid()) {
        *errorMessage = u"resetSchema: %1"_s.arg(describe(result.error()));
        return false;
    }
    return true;
}

} // namespace

void addDatabaseColumn()
{
    QTest::addColumn<QString>("database");
    for (const QString &database : databases())
        QTest::newRow(qPrintable(database)) << database;
}

QStringList databases()
{
    static QSet<QString> reported;
    QStringList result{ u"sqlite"_s };
    for (const Backend &backend : serverBackends()) {
        if (qEnvironmentVariableIsSet(backend.variable)) {
            result << backend.name;
        } else if (!reported.contains(backend.name)) {
            reported.insert(backend.name);
            qInfo("Skipping the %s rows: %s is not set (scripts/dbs.sh starts a server for it)",
                  qPrintable(backend.name), backend.variable);
        }
    }
    return result;
}

bool connectionSettings(const QString &database, ConnectionSettings *settings,
                        QString *errorMessage)
{
    if (database == u"sqlite") {
        *settings = ConnectionSettings();
        settings->driver = u"QSQLITE"_s;
        settings->databaseName = sqliteFile();
        if (settings->databaseName.isEmpty()) {
            *errorMessage = u"sqlite: cannot create a temporary directory"_s;
            return false;
        }
        return true;
    }
    const Backend *backend = serverBackend(database);
    if (!backend) {
        *errorMessage = u"unknown database row '%1'"_s.arg(database);
        return false;
    }
    if (!qEnvironmentVariableIsSet(backend->variable)) {
        *errorMessage = u"%1 is not configured: %2 is not set"_s.arg(
                database, QLatin1StringView(backend->variable));
        return false;
    }
    ConnectionSettings admin;
    if (!parseSettings(*backend, qEnvironmentVariable(backend->variable), &admin, errorMessage))
        return false;
    const QString name = testDatabaseName();
    if (!createTestDatabase(*backend, admin, name, errorMessage))
        return false;
    *settings = admin;
    settings->databaseName = name;
    return true;
}

std::unique_ptr<Connection> connect(const QString &database, QString *errorMessage)
{
    ConnectionSettings settings;
    if (!connectionSettings(database, &settings, errorMessage))
        return nullptr;
    auto connection = std::make_unique<Connection>(settings);
    if (!connection->isOpen()) {
        *errorMessage = u"%1: cannot open %2: %3"_s.arg(database, settings.databaseName,
                                                        describe(connection->lastError()));
        return nullptr;
    }
    return connection;
}

bool resetSchema(Connection &connection, QString *errorMessage)
{
    QString ignored;
    if (!errorMessage)
        errorMessage = &ignored;
    if (connection.inTransaction()) {
        *errorMessage = u"resetSchema: the connection is in a transaction"_s;
        return false;
    }

    QList<Row> rows;
    bool ok = true;
    switch (connection.dialect().type()) {
    case DialectType::SQLite:
        // Foreign keys off, so that the order of the drops does not matter.
        ok = run(connection, u"PRAGMA foreign_keys = OFF"_s, errorMessage)
                && run(connection,
                       u"SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"_s,
                       errorMessage, &rows);
        for (qsizetype i = 0; ok && i < rows.size(); ++i) {
            const QString kind = rows.at(i).value(0).toString() == u"view" ? u"VIEW"_s : u"TABLE"_s;
            ok = run(connection,
                     u"DROP %1 IF EXISTS %2"_s.arg(kind,
                                                   quoted(rows.at(i).value(1).toString(), u'"')),
                     errorMessage);
        }
        // Switched on again even after a failure: the connection is the test's to keep using.
        ok = run(connection, u"PRAGMA foreign_keys = ON"_s, ok ? errorMessage : &ignored) && ok;
        break;
    case DialectType::PostgreSQL:
        ok = run(connection,
                 u"SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                 "AND nspname <> 'information_schema'"_s,
                 errorMessage, &rows);
        for (qsizetype i = 0; ok && i < rows.size(); ++i) {
            ok = run(connection,
                     u"DROP SCHEMA %1 CASCADE"_s.arg(quoted(rows.at(i).value(0).toString(), u'"')),
                     errorMessage);
        }
        ok = ok && run(connection, u"CREATE SCHEMA public"_s, errorMessage);
        break;
    case DialectType::MySQL:
        ok = run(connection, u"SET FOREIGN_KEY_CHECKS = 0"_s, errorMessage)
                && run(connection,
                       u"SELECT table_type, table_name FROM information_schema.tables "
                       "WHERE table_schema = DATABASE()"_s,
                       errorMessage, &rows);
        for (qsizetype i = 0; ok && i < rows.size(); ++i) {
            const QString kind = rows.at(i).value(0).toString() == u"VIEW" ? u"VIEW"_s : u"TABLE"_s;
            ok = run(connection,
                     u"DROP %1 IF EXISTS %2"_s.arg(kind,
                                                   quoted(rows.at(i).value(1).toString(), u'`')),
                     errorMessage);
        }
        ok = run(connection, u"SET FOREIGN_KEY_CHECKS = 1"_s, ok ? errorMessage : &ignored) && ok;
        break;
    }
    // Cached statements may refer to tables that are gone.
    connection.clearStatementCache();
    return ok;
}

QList<QVariantList> tableRows(Connection &db, const Table &table, const QStringList &columns,
                              const QString &orderBy)
{
    QList<Expression> selected;
    for (const QString &column : columns)
        selected.append(table.column(column));
    Result result = db.execute(select(selected).from(table).orderBy({ table.column(orderBy) }));
    if (!result.isValid()) {
        qWarning().noquote() << describe(result.error());
        return {};
    }
    QList<QVariantList> rows;
    const QList<Row> all = result.all();
    for (const Row &row : all)
        rows.append(row.values());
    return rows;
}

QString describe(const QVariant &value)
{
    QString text;
    QDebug(&text).nospace() << value;
    if (text.size() > 300)
        text = text.left(300) + u"...(%1 characters)"_s.arg(text.size());
    return text;
}

QString describe(const Error &error)
{
    if (!error.isValid())
        return u"(no error recorded)"_s;
    QString text = error.typeName() + u": "_s + error.text();
    if (!error.nativeErrorCode().isEmpty())
        text += u" [native code %1]"_s.arg(error.nativeErrorCode());
    if (!error.statement().isEmpty())
        text += u"\n   SQL: "_s + error.statement();
    if (!error.boundValues().isEmpty()) {
        QString values;
        QDebug(&values).nospace() << error.boundValues();
        text += u"\n   bound values: "_s + values;
    }
    return text;
}

SqlRecorder::SqlRecorder(Connection &connection, Filter filter)
    : m_connection(connection),
      m_filter(filter)
{
    m_observerId = m_connection.addObserver([this](const ExecutedStatement &statement) {
        if (m_filter == ExcludeTransactionControl && isTransactionControl(statement.sql))
            return;
        m_executed.append(statement);
    });
}

SqlRecorder::~SqlRecorder()
{
    m_connection.removeObserver(m_observerId);
}

QStringList SqlRecorder::statements() const
{
    QStringList sql;
    sql.reserve(m_executed.size());
    for (const ExecutedStatement &statement : m_executed)
        sql << statement.sql;
    return sql;
}

bool SqlRecorder::isTransactionControl(const QString &sql)
{
    static const QRegularExpression pattern(
            u"^\\s*(BEGIN|START\\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\\b"_s,
            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(sql).hasMatch();
}

} // namespace Qorm::Test
