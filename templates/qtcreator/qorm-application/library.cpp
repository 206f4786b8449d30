#include "library.h"

#include "models.h"

#include <Qorm/EntitySelect>
#include <Qorm/Session>

#include <QtCore/QDir>
#include <QtCore/QStandardPaths>

using namespace Qt::StringLiterals;

namespace Library {

bool mapClasses(Qorm::Registry &registry)
{
    return registry.map<Author>() && registry.map<Book>();
}

bool parseSettings(const QString &text, Qorm::ConnectionSettings *settings, QString *error)
{
    for (const QString &item : text.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = item.indexOf(u'=');
        if (equals < 0) {
            *error = u"'%1' is not key=value"_s.arg(item);
            return false;
        }
        const QString key = item.left(equals).trimmed().toLower();
        const QString value = item.mid(equals + 1).trimmed();
        if (key == u"host") {
            settings->hostName = value;
        } else if (key == u"port") {
            bool ok = false;
            settings->port = value.toInt(&ok);
            if (!ok) {
                *error = u"port '%1' is not a number"_s.arg(value);
                return false;
            }
        } else if (key == u"user") {
            settings->userName = value;
        } else if (key == u"password") {
            settings->password = value;
        } else if (key == u"database") {
            settings->databaseName = value;
        } else if (key == u"options") {
            settings->connectOptions = QString(value).replace(u',', u';');
        } else {
            *error = u"unknown key '%1'"_s.arg(key);
            return false;
        }
    }
    return true;
}

bool connectionSettings(Qorm::ConnectionSettings *settings, QString *error)
{
    *settings = Qorm::ConnectionSettings();
@if %{IsPostgreSQL}
    settings->driver = u"QPSQL"_s;
    settings->hostName = u"%{PgHost}"_s;
    settings->port = %{JS: Number(value('PgPort')) || 5432};
    settings->databaseName = u"%{PgDatabase}"_s;
    settings->userName = u"%{PgUser}"_s;
@else
    settings->driver = u"QSQLITE"_s;
    // A file in the user's application data folder, made on first run.
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(folder)) {
        *error = u"cannot create %1"_s.arg(folder);
        return false;
    }
    settings->databaseName = folder + u"/%{TargetName}.sqlite"_s;
@endif
    const char *variable = "%{EnvPrefix}_DATABASE";
    if (qEnvironmentVariableIsSet(variable)
        && !parseSettings(qEnvironmentVariable(variable), settings, error)) {
        *error = u"%1: %2"_s.arg(QLatin1StringView(variable), *error);
        return false;
    }
    return true;
}

bool prepareDatabase(Qorm::Connection &db, const Qorm::Registry &registry, QString *error)
{
    if (!registry.metadata().createAll(db)) {
        *error = db.lastError().text();
        return false;
    }
    Qorm::Session session(db, registry);
    if (!session.scalars(Qorm::select<Author>().limit(1)).all().isEmpty())
        return true; // not the first run

    // Adding an author adds its books (cascade); the flush writes the authors first and
    // fills in each book's authorId.
    const struct
    {
        QString author;
        QList<QPair<QString, int>> books;
    } samples[] = {
        { u"Ursula K. Le Guin"_s,
          { { u"A Wizard of Earthsea"_s, 1968 }, { u"The Left Hand of Darkness"_s, 1969 },
            { u"The Dispossessed"_s, 1974 } } },
        { u"Stanisław Lem"_s, { { u"Solaris"_s, 1961 }, { u"The Cyberiad"_s, 1965 } } },
        { u"Octavia E. Butler"_s, { { u"Kindred"_s, 1979 }, { u"Parable of the Sower"_s, 1993 } } },
    };
    for (const auto &sample : samples) {
        auto *author = new Author(sample.author);
        for (const auto &[title, year] : sample.books)
            author->books()->append(new Book(title, year));
        if (!session.add(author)) {
            *error = session.lastError().text();
            return false;
        }
    }
    if (!session.commit()) {
        *error = session.lastError().text();
        return false;
    }
    return true;
}

} // namespace Library
