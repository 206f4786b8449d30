// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/engine/connection.h>
#include <Qorm/schema/migration.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QList>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QTextStream;
QT_END_NAMESPACE

namespace Qorm {

/*
    What the qorm-migrate command line works on: the application's models and migrations,
    which only the application knows. An application builds its own qorm-migrate with a
    main() of three lines (see docs/migrations.md):

        int main(int argc, char *argv[])
        {
            Qorm::Registry registry;
            MyApp::mapModels(registry);
            return Qorm::runMigrateTool(argc, argv,
                                        { .models = registry.metadata(),
                                          .migrations = MyApp::migrations(),
                                          .connection = MyApp::databaseSettings() });
        }
*/
struct MigrateToolSetup
{
    MetaData models = {};               //!< what the database should be (registry.metadata())
    QList<Migration> migrations = {};   //!< the application's chain
    ConnectionSettings connection = {}; //!< the database, unless the command line names one
    QString outputDirectory = {};       //!< where generate writes (default: the current one)
};

// Runs the tool on the process's command line (creates a QCoreApplication when there is
// none). Returns the exit code: 0 on success, 1 on failure, 2 on bad usage.
QORM_EXPORT int runMigrateTool(int argc, char *argv[], const MigrateToolSetup &setup);
// The same on given arguments (arguments.first() is the program name), writing to `out` and
// `error`: for tests and for applications that embed the commands.
QORM_EXPORT int runMigrateTool(const QStringList &arguments, const MigrateToolSetup &setup,
                               QTextStream &out, QTextStream &error);

} // namespace Qorm
