// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/schema/inspector.h>
#include <Qorm/schema/migratetool.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QSaveFile>
#include <QtCore/QTextStream>

#include <optional>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

enum ExitCode { Success = 0, Failure = 1, Usage = 2 };

QString versionText(const QString &version)
{
    return version.isEmpty() ? u"(none)"_s : version;
}

QString describe(const Error &error)
{
    QString text = error.text();
    if (!error.statement().isEmpty())
        text += u"\n  in: "_s + error.statement();
    return text;
}

int printStatus(Migrator &migrator, QTextStream &out, QTextStream &err)
{
    const MigrationStatus status = migrator.status();
    if (!status.isValid()) {
        err << "qorm-migrate: " << describe(status.error) << Qt::endl;
        return Failure;
    }
    out << "current: " << versionText(status.current) << (status.isDirty ? " (dirty)" : "")
        << Qt::endl;
    out << "head:    " << versionText(status.head) << Qt::endl;
    if (status.isDirty)
        out << "The database is dirty: a step after " << versionText(status.current)
            << " failed part way. Repair the schema by hand, then run: stamp <version>" << Qt::endl;
    if (!status.isKnownVersion) {
        out << "The database's version is not one of this application's migrations." << Qt::endl;
        return Failure;
    }
    if (status.pending.isEmpty()) {
        out << "Up to date." << Qt::endl;
    } else {
        out << "pending: " << status.pending.size() << Qt::endl;
        const QList<Migration> history = migrator.history();
        for (const QString &id : status.pending) {
            const auto it = std::find_if(history.cbegin(), history.cend(),
                                         [&](const Migration &m) { return m.id == id; });
            out << "  " << id;
            if (it != history.cend() && !it->description.isEmpty())
                out << "  " << it->description;
            out << Qt::endl;
        }
    }
    return status.isDirty ? Failure : Success;
}

int printHistory(Migrator &migrator, QTextStream &out, QTextStream &err)
{
    const QList<Migration> history = migrator.history();
    if (migrator.lastError().isValid()) {
        err << "qorm-migrate: " << describe(migrator.lastError()) << Qt::endl;
        return Failure;
    }
    const QString current = migrator.current();
    for (const Migration &m : history) {
        out << (m.id == current ? "* " : "  ") << m.id << "  <- "
            << (m.parent.isEmpty() ? u"(base)"_s : m.parent);
        if (!m.description.isEmpty())
            out << "  " << m.description;
        out << Qt::endl;
    }
    return Success;
}

int generate(Connection &connection, Migrator &migrator, const MigrateToolSetup &setup,
             const QString &name, const QString &directory, bool printOnly, QTextStream &out,
             QTextStream &err)
{
    const MigrationStatus status = migrator.status();
    if (!status.isValid()) {
        err << "qorm-migrate: " << describe(status.error) << Qt::endl;
        return Failure;
    }
    if (!status.isUpToDate()) {
        err << "qorm-migrate: the database is not at the head (" << versionText(status.current)
            << " vs " << versionText(status.head)
            << "): run upgrade first, so that the new migration holds only what the models "
               "changed."
            << Qt::endl;
        return Failure;
    }
    Inspector inspector(connection);
    QStringList tables = inspector.tableNames();
    if (inspector.lastError().isValid()) {
        err << "qorm-migrate: " << describe(inspector.lastError()) << Qt::endl;
        return Failure;
    }
    tables.removeAll(Migrator::versionTableName());
    MetaData reflected;
    if (!tables.isEmpty() && !inspector.reflect(reflected, {}, tables)) {
        err << "qorm-migrate: " << describe(inspector.lastError()) << Qt::endl;
        return Failure;
    }
    const SchemaDiff diff = SchemaDiff::compare(reflected, setup.models, connection.dialect());
    if (diff.isEmpty())
        out << "The database matches the models: the migration has no operations." << Qt::endl;
    const QString id = u"%1_%2"_s.arg(migrator.history().size() + 1, 4, 10, QChar(u'0'))
                               .arg(MigrationWriter::identifier(name).toLower());
    const QString source = MigrationWriter::source(
            diff, { .id = id, .parent = status.head, .description = name, .functionName = {} });
    if (printOnly) {
        out << source;
        return Success;
    }
    const QString path =
            QDir(directory.isEmpty() ? QDir::currentPath() : directory).filePath(id + u".cpp"_s);
    if (QFile::exists(path)) {
        err << "qorm-migrate: " << path << " exists already" << Qt::endl;
        return Failure;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(source.toUtf8()) < 0 || !file.commit()) {
        err << "qorm-migrate: cannot write " << path << ": " << file.errorString() << Qt::endl;
        return Failure;
    }
    for (const MigrationOperation &op : diff.operations())
        out << "  " << op.description() << Qt::endl;
    out << "Wrote " << path << Qt::endl
        << "Review it, add it to the build and append migration_" << id
        << "() to the application's migrations." << Qt::endl;
    return Success;
}

} // namespace

/*!
    \class Qorm::MigrateToolSetup
    \brief What the qorm-migrate command line works on: the application's models, migrations
    and database, which only the application knows.

    An application builds its own qorm-migrate with a main() of three lines (see
    docs/migrations.md):

    \code
    int main(int argc, char *argv[])
    {
        Qorm::Registry registry;
        MyApp::mapModels(registry);
        return Qorm::runMigrateTool(argc, argv,
                                    { .models = registry.metadata(),
                                      .migrations = MyApp::migrations(),
                                      .connection = MyApp::databaseSettings() });
    }
    \endcode
*/

/*!
    Runs the qorm-migrate command in \a arguments (arguments.first() is the program name) for
    \a setup, writing its report to \a out and diagnostics to \a err: for tests and for
    applications that embed the commands (status, history, upgrade, downgrade, stamp,
    generate). Returns the exit code: 0 on success, 1 on failure, 2 on bad usage.
*/
int runMigrateTool(const QStringList &arguments, const MigrateToolSetup &setup, QTextStream &out,
                   QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Versioned schema migrations for a Qorm application.\n\n"
            u"Commands:\n"
            u"  status             the database's version, the head and the pending steps\n"
            u"  history            the chain of migrations, the current one marked *\n"
            u"  upgrade [target]   run the steps up to target (default: the head)\n"
            u"  downgrade <target> run the downgrade steps back to target ('base': all)\n"
            u"  stamp <version>    record a version without running anything ('base': none)\n"
            u"  generate <name>    write a migration from the difference between the database\n"
            u"                     and the models"_s);
    parser.addHelpOption();
    const QCommandLineOption driver(u"driver"_s, u"Qt SQL driver: QSQLITE, QPSQL, QMARIADB."_s,
                                    u"driver"_s);
    const QCommandLineOption database({ u"d"_s, u"database"_s },
                                      u"Database name, or the SQLite file."_s, u"name"_s);
    const QCommandLineOption host(u"host"_s, u"Server host."_s, u"host"_s);
    const QCommandLineOption port(u"port"_s, u"Server port."_s, u"port"_s);
    const QCommandLineOption user(u"user"_s, u"User name."_s, u"user"_s);
    const QCommandLineOption password(u"password"_s, u"Password."_s, u"password"_s);
    const QCommandLineOption options(u"connect-options"_s, u"Driver connect options."_s,
                                     u"options"_s);
    const QCommandLineOption output({ u"o"_s, u"output-directory"_s },
                                    u"generate: where to write the migration."_s, u"directory"_s);
    const QCommandLineOption print(u"print"_s, u"generate: print the source, write no file."_s);
    parser.addOptions({ driver, database, host, port, user, password, options, output, print });
    parser.addPositionalArgument(u"command"_s,
                                 u"status, history, upgrade, downgrade, stamp or generate."_s);
    parser.addPositionalArgument(u"argument"_s, u"The command's target, version or name."_s,
                                 u"[argument]"_s);
    if (!parser.parse(arguments)) {
        err << "qorm-migrate: " << parser.errorText() << Qt::endl;
        return Usage;
    }
    if (parser.isSet(u"help"_s)) {
        out << parser.helpText();
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err << "qorm-migrate: no command (status, history, upgrade, downgrade, stamp, generate)"
            << Qt::endl;
        return Usage;
    }
    const QString command = positional.first();
    const QString argument = positional.value(1);
    const bool needsArgument =
            command == u"generate" || command == u"stamp" || command == u"downgrade";
    const bool known =
            needsArgument || command == u"status" || command == u"history" || command == u"upgrade";
    if (!known) {
        err << "qorm-migrate: unknown command " << command << Qt::endl;
        return Usage;
    }
    if ((needsArgument && argument.isEmpty()) || positional.size() > 2) {
        err << "qorm-migrate: usage: " << command << (needsArgument ? " <argument>" : " [target]")
            << Qt::endl;
        return Usage;
    }

    ConnectionSettings settings = setup.connection;
    if (parser.isSet(driver))
        settings.driver = parser.value(driver);
    if (parser.isSet(database))
        settings.databaseName = parser.value(database);
    if (parser.isSet(host))
        settings.hostName = parser.value(host);
    if (parser.isSet(port))
        settings.port = parser.value(port).toInt();
    if (parser.isSet(user))
        settings.userName = parser.value(user);
    if (parser.isSet(password))
        settings.password = parser.value(password);
    if (parser.isSet(options))
        settings.connectOptions = parser.value(options);
    if (settings.driver.isEmpty())
        settings.driver = u"QSQLITE"_s;
    if (settings.databaseName.isEmpty()) {
        err << "qorm-migrate: no database (--database)" << Qt::endl;
        return Usage;
    }
    Connection connection(settings);
    if (!connection.isOpen()) {
        err << "qorm-migrate: cannot connect: " << describe(connection.lastError()) << Qt::endl;
        return Failure;
    }
    Migrator migrator(connection, setup.migrations);
    if (command == u"status")
        return printStatus(migrator, out, err);
    if (command == u"history")
        return printHistory(migrator, out, err);
    if (command == u"generate")
        return generate(connection, migrator, setup, argument,
                        parser.isSet(output) ? parser.value(output) : setup.outputDirectory,
                        parser.isSet(print), out, err);
    const QString version = argument == u"base" ? QString() : argument;
    bool ok = false;
    if (command == u"upgrade")
        ok = migrator.upgrade(version);
    else if (command == u"downgrade")
        ok = migrator.downgrade(version);
    else
        ok = migrator.stamp(version);
    if (!ok) {
        err << "qorm-migrate: " << describe(migrator.lastError()) << Qt::endl;
        return Failure;
    }
    out << "The database is at " << versionText(migrator.current()) << '.' << Qt::endl;
    return Success;
}

/*!
    \fn int Qorm::runMigrateTool(int argc, char *argv[], const MigrateToolSetup &setup)
    The qorm-migrate command line for an application's models and migrations: call it from the
    main() of a small tool the application builds, with \a argc and \a argv from main() and
    the application's \a setup. Creates a QCoreApplication when there is none. Returns the exit
    code: 0 on success, 1 on failure, 2 on bad usage. See docs/migrations.md.
*/
int runMigrateTool(int argc, char *argv[], const MigrateToolSetup &setup)
{
    std::optional<QCoreApplication> application;
    if (!QCoreApplication::instance())
        application.emplace(argc, argv);
    if (QCoreApplication::applicationName().isEmpty())
        QCoreApplication::setApplicationName(u"qorm-migrate"_s);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runMigrateTool(QCoreApplication::arguments(), setup, out, err);
}

} // namespace Qorm
