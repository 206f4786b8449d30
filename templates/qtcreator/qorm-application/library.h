#pragma once

// What the application and its test share: the mapping, the connection settings and the
// first-run set-up of the database.

#include <Qorm/Connection>
#include <Qorm/Registry>

#include <QtCore/QString>

namespace Library {

// Maps Author and Book. False with registry.lastError() on failure.
[[nodiscard]] bool mapClasses(Qorm::Registry &registry);

// Parses "key=value;key=value" (keys: host, port, user, password, database, options) over
// *settings. False with *error set on a malformed string.
[[nodiscard]] bool parseSettings(const QString &text, Qorm::ConnectionSettings *settings,
                                 QString *error);

// The application's database: the defaults chosen in the wizard, overridden by the
// environment variable %{EnvPrefix}_DATABASE (same format as parseSettings()).
[[nodiscard]] bool connectionSettings(Qorm::ConnectionSettings *settings, QString *error);

// Creates the tables that are missing and, when there is no author yet, the sample authors
// and books. False with *error set on failure.
[[nodiscard]] bool prepareDatabase(Qorm::Connection &db, const Qorm::Registry &registry,
                                   QString *error);

} // namespace Library
