// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Qorm's ORM in one page: two QObject classes mapped to tables, a Session that
// inserts them, hands them back from its identity map, queries them and writes
// a change, with every statement echoed on the "qorm.sql" logging category.
//
//     quickstart [FILE.sqlite]      (default: quickstart.sqlite in the temp directory)

#include <Qorm/Connection>
#include <Qorm/EntitySelect>
#include <Qorm/Registry>
#include <Qorm/Session>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTextStream>

using namespace Qt::StringLiterals;

class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(QString name MEMBER m_name NOTIFY nameChanged)
    Q_CLASSINFO("qorm.column.name", "length=30; notNull; unique")
    Q_PROPERTY(QString fullname MEMBER m_fullname NOTIFY fullnameChanged)
    Q_CLASSINFO("qorm.column.fullname", "length=100")
public:
    explicit User(const QString &name = {}, const QString &fullname = {})
        : m_name(name),
          m_fullname(fullname)
    {
    }
    qint64 id() const { return m_id; }
    QString name() const { return m_name; }
    QString fullname() const { return m_fullname; }
Q_SIGNALS:
    void idChanged();
    void nameChanged();
    void fullnameChanged();

private:
    qint64 m_id = 0;
    QString m_name;
    QString m_fullname;
};

class Address : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "address")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY idChanged)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(qint64 userId MEMBER m_userId NOTIFY userIdChanged)
    Q_CLASSINFO("qorm.column.userId",
                "column=user_id; foreignKey=user_account.id; onDelete=cascade; notNull")
    Q_PROPERTY(QString email MEMBER m_email NOTIFY emailChanged)
    Q_CLASSINFO("qorm.column.email", "column=email_address; length=255; notNull")
public:
    explicit Address(qint64 userId = 0, const QString &email = {})
        : m_userId(userId),
          m_email(email)
    {
    }
    qint64 userId() const { return m_userId; }
    QString email() const { return m_email; }
Q_SIGNALS:
    void idChanged();
    void userIdChanged();
    void emailChanged();

private:
    qint64 m_id = 0;
    qint64 m_userId = 0;
    QString m_email;
};

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
    QTextStream out(stdout);

    // The SQL echo: every statement and its bound values, on qDebug.
    QLoggingCategory::setFilterRules(u"qorm.sql.debug=true"_s);

    Qorm::Registry registry;
    if (!registry.map<User>() || !registry.map<Address>())
        return fail("Mapping the classes", registry.lastError());

    Qorm::ConnectionSettings settings;
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = path;
    Qorm::Connection db(settings);
    if (!db.isOpen())
        return fail("Opening the database", db.lastError());

    // Start from empty tables, so that the example can run again on the same file.
    if (!registry.metadata().dropAll(db) || !registry.metadata().createAll(db))
        return fail("Creating the tables", db.lastError());

    Qorm::Session session(db, registry);

    // New objects are pending until a flush INSERTs them; the session owns them from here on.
    auto *spongebob = new User(u"spongebob"_s, u"Spongebob Squarepants"_s);
    auto *sandy = new User(u"sandy"_s, u"Sandy Cheeks"_s);
    auto *patrick = new User(u"patrick"_s, u"Patrick Star"_s);
    if (!session.addAll(QList<User *>{ spongebob, sandy, patrick }))
        return fail("Adding the users", session.lastError());

    // flush() sends the INSERTs now, in the session's transaction: the keys come back.
    if (!session.flush())
        return fail("Inserting the users", session.lastError());
    out << "inserted users " << spongebob->id() << ", " << sandy->id() << ", " << patrick->id()
        << Qt::endl;

    // Relationships come later: for now the foreign key is an ordinary property.
    const QList<Address *> addresses = {
        new Address(spongebob->id(), u"spongebob@sqlalchemy.org"_s),
        new Address(sandy->id(), u"sandy@sqlalchemy.org"_s),
        new Address(sandy->id(), u"sandy@squirrelpower.org"_s),
    };
    if (!session.addAll(addresses))
        return fail("Adding the addresses", session.lastError());
    if (!session.commit())
        return fail("Committing", session.lastError());
    out << "committed " << addresses.size() << " addresses" << Qt::endl;

    // The identity map: one object per row, handed out again without SQL.
    User *found = session.get<User>(sandy->id());
    if (found != sandy)
        return fail("Looking up sandy", session.lastError());
    out << "get<User>(" << sandy->id() << ") is the same object: " << found->fullname() << Qt::endl;

    // A query returns the session's objects too.
    const QList<User *> named =
            session.scalars(Qorm::select<User>().where(Qorm::attribute<User>(u"name"_s)
                                                       == u"sandy"_s))
                    .all();
    if (named != QList<User *>{ sandy })
        return fail("Querying sandy", session.lastError());
    const QList<Address *> sandysAddresses =
            session.scalars(Qorm::select<Address>()
                                    .where(Qorm::attribute<Address>(u"userId"_s) == sandy->id())
                                    .orderBy({ Qorm::attribute<Address>(u"email"_s) }))
                    .all();
    if (sandysAddresses.size() != 2)
        return fail("Querying sandy's addresses", session.lastError());
    for (const Address *address : sandysAddresses)
        out << "  " << sandy->name() << " <" << address->email() << ">" << Qt::endl;

    // Change a property the Qt way; the commit UPDATEs only the column that changed.
    sandy->setProperty("fullname", u"Sandy Squirrel"_s);
    if (!session.commit())
        return fail("Committing the new name", session.lastError());
    out << sandy->name() << "'s full name is now " << sandy->fullname() << Qt::endl;

    // Another session has an identity map of its own: it loads the row from the database.
    Qorm::Session other(db, registry);
    const User *reloaded = other.get<User>(sandy->id());
    if (!reloaded || reloaded == sandy || reloaded->fullname() != u"Sandy Squirrel"_s)
        return fail("Reading sandy back", other.lastError());
    out << "read back in a new session: " << reloaded->name() << ", " << reloaded->fullname()
        << Qt::endl;
    return 0;
}

#include "main.moc"
