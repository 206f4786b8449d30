// %{ProjectName}: authors and their books, kept by Qorm.
//
//     %{TargetName} [--quit]     --quit: show the window, print what it shows, exit

#include "library.h"
#include "models.h"

#include <Qorm/EntitySelect>
#include <Qorm/QueryModel>
#include <Qorm/Session>
#include <Qorm/TableAdapter>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QListView>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"%{TargetName}"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption quit(u"quit"_s, u"Quit once the window is shown."_s);
    parser.addOption(quit);
    parser.process(app);

    // A message box, except with --quit, where nobody would close it.
    const auto fail = [&](const QString &what, const QString &why) {
        qWarning("%s: %s", qPrintable(what), qPrintable(why));
        if (!parser.isSet(quit))
            QMessageBox::critical(nullptr, u"%{ProjectName}"_s, what + u": "_s + why);
        return 1;
    };
    // The registry and the connection outlive the session and the views.
    Qorm::Registry registry;
    if (!Library::mapClasses(registry))
        return fail(u"Mapping the classes"_s, registry.lastError().text());
    Qorm::ConnectionSettings settings;
    QString error;
    if (!Library::connectionSettings(&settings, &error))
        return fail(u"The database settings"_s, error);
    Qorm::Connection db(settings);
    if (!db.isOpen())
        return fail(u"Opening the database"_s, db.lastError().text());
    if (!Library::prepareDatabase(db, registry, &error))
        return fail(u"Preparing the database"_s, error);
    Qorm::Session session(db, registry);

    QMainWindow window;
    window.setWindowTitle(u"%{ProjectName}"_s);

    // Every author, by name, read page by page as the list scrolls.
    auto *authors = new Qorm::QueryModel(
            &session, Qorm::select<Author>().orderBy({ Qorm::attribute<Author>(u"name"_s) }),
            &window);
    auto *authorView = new QListView;
    authorView->setModel(authors);

    // The selected author's books: the relationship collection, as a table.
    auto *books = new Qorm::TableAdapter(&window);
    books->setColumns({ u"title"_s, u"year"_s });
    auto *bookView = new QTableView;
    bookView->setModel(books);
    bookView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    bookView->verticalHeader()->hide();
    QObject::connect(authorView->selectionModel(), &QItemSelectionModel::currentChanged, &window,
                     [&](const QModelIndex &current) {
                         Author *author = authors->at<Author>(current.row());
                         books->setSourceModel(author ? author->books() : nullptr);
                     });

    // Cells are edited in place; the session collects the changes until Save.
    QToolBar *toolBar = window.addToolBar(u"Session"_s);
    QAction *save = toolBar->addAction(u"Save"_s, &window, [&] {
        if (session.commit())
            window.statusBar()->showMessage(u"Saved"_s, 3000);
    });
    QAction *revert = toolBar->addAction(u"Revert"_s, &window, [&] { (void)session.rollback(); });
    const auto followChanges = [&] {
        save->setEnabled(session.hasChanges());
        revert->setEnabled(session.hasChanges());
    };
    followChanges();
    QObject::connect(&session, &Qorm::Session::hasChangesChanged, &window, followChanges);
    QObject::connect(&session, &Qorm::Session::errorOccurred, &window,
                     [&](const Qorm::Error &e) { window.statusBar()->showMessage(e.text()); });

    auto *splitter = new QSplitter;
    splitter->addWidget(authorView);
    splitter->addWidget(bookView);
    splitter->setStretchFactor(1, 1);
    window.setCentralWidget(splitter);
    window.resize(800, 500);
    window.show();
    authors->fetchMore(); // the first page now, so that the first author can be selected
    authorView->setCurrentIndex(authors->index(0, 0));

    if (parser.isSet(quit)) {
        QTimer::singleShot(0, &app, [&] {
            QTextStream out(stdout);
            out << "authors: " << authorView->model()->rowCount() << Qt::endl;
            if (authors->rowCount() > 0)
                out << "first author: " << authors->index(0, 0).data().toString() << ", "
                    << bookView->model()->rowCount() << " books" << Qt::endl;
            QApplication::exit(0);
        });
    }
    return app.exec();
}
