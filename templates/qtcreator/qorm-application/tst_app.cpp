// The Author/Book relationship, through a real database: objects added on one side are
// saved with their foreign keys and read back, in another session, on both sides.
//
// SQLite: a file in a temporary folder. PostgreSQL: set %{EnvPrefix}_TEST_DATABASE to a
// throw-away database ("host=...;port=...;user=...;password=...;database=..."): the test
// drops and creates the tables there.

#include "library.h"
#include "models.h"

#include <Qorm/EntitySelect>
#include <Qorm/Session>

#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addCommitReload();
    void moveBook();
    void deleteAuthorDeletesBooks();

private:
    QTemporaryDir m_folder;
    Qorm::Registry m_registry;
    std::unique_ptr<Qorm::Connection> m_db;
};

void TestLibrary::initTestCase()
{
    QVERIFY2(Library::mapClasses(m_registry), qPrintable(m_registry.lastError().text()));
    Qorm::ConnectionSettings settings;
@if %{IsPostgreSQL}
    const char *variable = "%{EnvPrefix}_TEST_DATABASE";
    if (!qEnvironmentVariableIsSet(variable))
        QSKIP("%{EnvPrefix}_TEST_DATABASE is not set: no PostgreSQL database to test with");
    settings.driver = u"QPSQL"_s;
    QString error;
    QVERIFY2(Library::parseSettings(qEnvironmentVariable(variable), &settings, &error),
             qPrintable(error));
@else
    QVERIFY(m_folder.isValid());
    settings.driver = u"QSQLITE"_s;
    settings.databaseName = m_folder.filePath(u"test.sqlite"_s);
@endif
    m_db = std::make_unique<Qorm::Connection>(settings);
    QVERIFY2(m_db->isOpen(), qPrintable(m_db->lastError().text()));
    QVERIFY2(m_registry.metadata().dropAll(*m_db) && m_registry.metadata().createAll(*m_db),
             qPrintable(m_db->lastError().text()));
}

void TestLibrary::addCommitReload()
{
    qint64 authorId = 0;
    {
        Qorm::Session session(*m_db, m_registry);
        auto *author = new Author(u"Ursula K. Le Guin"_s);
        auto *earthsea = new Book(u"A Wizard of Earthsea"_s, 1968);
        auto *dispossessed = new Book(u"The Dispossessed"_s, 1974);
        // Either side links both.
        earthsea->setAuthor(author);
        QVERIFY(author->books()->append(dispossessed));
        QCOMPARE(author->books()->count(), 2);
        QCOMPARE(dispossessed->author(), author);

        // Adding the author adds its books (cascade); the flush writes the foreign keys.
        QVERIFY2(session.add(author), qPrintable(session.lastError().text()));
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
        authorId = author->id();
        QVERIFY(authorId > 0);
        QCOMPARE(earthsea->authorId(), authorId);
        QCOMPARE(dispossessed->authorId(), authorId);
    }

    // Another session reads the rows back.
    Qorm::Session session(*m_db, m_registry);
    Author *author = session.get<Author>(authorId);
    QVERIFY2(author, qPrintable(session.lastError().text()));
    QCOMPARE(author->name(), u"Ursula K. Le Guin"_s);
    const QList<Book *> books = author->books()->toList();
    QCOMPARE(books.size(), 2);
    QCOMPARE(books.at(0)->title(), u"A Wizard of Earthsea"_s); // orderBy=title
    QCOMPARE(books.at(1)->title(), u"The Dispossessed"_s);
    QCOMPARE(books.at(1)->year(), 1974);
    QCOMPARE(books.at(0)->author(), author);

    const QList<Book *> byQuery = session.scalars(Qorm::select<Book>().where(
                                                          Qorm::attribute<Book>(u"authorId"_s)
                                                          == authorId))
                                          .all();
    QCOMPARE(byQuery.size(), 2);
}

void TestLibrary::moveBook()
{
    qint64 lemId = 0;
    qint64 bookId = 0;
    {
        Qorm::Session session(*m_db, m_registry);
        auto *lem = new Author(u"Stanisław Lem"_s);
        auto *other = new Author(u"Somebody Else"_s);
        auto *solaris = new Book(u"Solaris"_s, 1961);
        solaris->setAuthor(other);
        QVERIFY(session.add(lem));
        QVERIFY(session.add(other));
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

        // Moving the book: it leaves one collection for the other, the key follows at commit.
        solaris->setAuthor(lem);
        QCOMPARE(other->books()->count(), 0);
        QCOMPARE(lem->books()->count(), 1);
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
        lemId = lem->id();
        bookId = solaris->id();
    }
    Qorm::Session session(*m_db, m_registry);
    Book *solaris = session.get<Book>(bookId);
    QVERIFY(solaris);
    QCOMPARE(solaris->authorId(), lemId);
    QVERIFY(solaris->author());
    QCOMPARE(solaris->author()->name(), u"Stanisław Lem"_s);
}

void TestLibrary::deleteAuthorDeletesBooks()
{
    Qorm::Session session(*m_db, m_registry);
    Author *author = session.scalars(Qorm::select<Author>().where(
                                             Qorm::attribute<Author>(u"name"_s)
                                             == u"Ursula K. Le Guin"_s))
                             .first();
    QVERIFY(author);
    const qint64 authorId = author->id();
    QCOMPARE(author->books()->count(), 2);
    QVERIFY(session.remove(author)); // cascade: its books go too
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    Qorm::Session other(*m_db, m_registry);
    QVERIFY(!other.get<Author>(authorId));
    QVERIFY(other.scalars(Qorm::select<Book>().where(Qorm::attribute<Book>(u"authorId"_s)
                                                     == authorId))
                    .all()
                    .isEmpty());
}

QTEST_GUILESS_MAIN(TestLibrary)
#include "%{TestName}.moc"
