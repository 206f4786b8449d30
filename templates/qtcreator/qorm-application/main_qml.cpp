// %{ProjectName}: authors and their books, kept by Qorm, shown in Qt Quick.
//
//     %{TargetName} [--quit]     --quit: show the window, print what it shows, exit

#include "library.h"

#include <Qorm/QmlRegistry>
#include <Qorm/Session>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtQuick/QQuickItem>
#include <QtQuick/QQuickWindow>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"%{TargetName}"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption quit(u"quit"_s, u"Quit once the window is shown."_s);
    parser.addOption(quit);
    parser.process(app);

    // The registry, the connection and the session outlive the engine.
    Qorm::Registry registry;
    if (!Library::mapClasses(registry))
        qFatal("Mapping the classes: %s", qPrintable(registry.lastError().text()));
    Qorm::ConnectionSettings settings;
    QString error;
    if (!Library::connectionSettings(&settings, &error))
        qFatal("The database settings: %s", qPrintable(error));
    Qorm::Connection db(settings);
    if (!db.isOpen())
        qFatal("Opening the database: %s", qPrintable(db.lastError().text()));
    if (!Library::prepareDatabase(db, registry, &error))
        qFatal("Preparing the database: %s", qPrintable(error));
    Qorm::Session session(db, registry);

    QQmlApplicationEngine engine;
    // An installed Qorm's QML module ("import Qorm"); QML_IMPORT_PATH can add others.
    engine.addImportPath(QStringLiteral(QORM_QML_IMPORT_DIR));
    Qorm::setQmlRegistry(&engine, &registry);
    int warnings = 0;
    QObject::connect(&engine, &QQmlEngine::warnings, &app,
                     [&](const QList<QQmlError> &list) { warnings += int(list.size()); });
    engine.setInitialProperties({ { u"session"_s, QVariant::fromValue(&session) } });
    engine.load(QUrl(u"qrc:/%{QmlModuleUri}/Main.qml"_s));
    auto *window = engine.rootObjects().isEmpty()
            ? nullptr
            : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;

    if (parser.isSet(quit)) {
        // After the first frame: what the lists show, then exit (non-zero after QML warnings).
        QObject::connect(
                window, &QQuickWindow::frameSwapped, &app,
                [&] {
                    QTextStream out(stdout);
                    const auto *authors = window->findChild<QQuickItem *>(u"authors"_s);
                    const auto *books = window->findChild<QQuickItem *>(u"books"_s);
                    if (authors && books) {
                        out << "authors: " << authors->property("count").toInt() << Qt::endl;
                        out << "first author: "
                            << window->property("currentAuthorName").toString() << ", "
                            << books->property("count").toInt() << " books" << Qt::endl;
                    }
                    QGuiApplication::exit(authors && books && warnings == 0 ? 0 : 1);
                },
                Qt::QueuedConnection);
    }
    return app.exec();
}
