// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/Error>
#include <Qorm/orm/session.h>

#include <QtCore/QObject>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace Qorm {

class Connection;

/*
    `Database` in QML: a Connection and the Session over it, for QML-first applications. The
    classes are mapped in C++ (see setQmlRegistry()); QML never maps.

        Database {
            id: db
            driver: "QSQLITE"
            databaseName: "/path/to/library.sqlite"
            onErrorOccurred: (error) => console.warn(error.text)
        }
        ListView { model: db.session ? ... : null }

    The connection opens when the item is complete; `session` is null until then, and stays null
    (with lastError set) when the database cannot be opened. Changing a setting later does not
    reopen: call close() and open(). The Database owns its Connection and Session.
*/
class QmlDatabase : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Database)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(QString driver READ driver WRITE setDriver NOTIFY settingsChanged FINAL)
    Q_PROPERTY(QString databaseName READ databaseName WRITE setDatabaseName NOTIFY settingsChanged
                       FINAL)
    Q_PROPERTY(QString hostName READ hostName WRITE setHostName NOTIFY settingsChanged FINAL)
    Q_PROPERTY(int port READ port WRITE setPort NOTIFY settingsChanged FINAL)
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY settingsChanged FINAL)
    Q_PROPERTY(QString password READ password WRITE setPassword NOTIFY settingsChanged FINAL)
    Q_PROPERTY(QString connectOptions READ connectOptions WRITE setConnectOptions NOTIFY
                       settingsChanged FINAL)
    Q_PROPERTY(Qorm::Session *session READ session NOTIFY sessionChanged FINAL)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY sessionChanged FINAL)
    Q_PROPERTY(Qorm::Error lastError READ lastError NOTIFY errorOccurred FINAL)

public:
    explicit QmlDatabase(QObject *parent = nullptr);
    ~QmlDatabase() override;

    [[nodiscard]] QString driver() const { return m_settings.driver; }
    void setDriver(const QString &driver);
    [[nodiscard]] QString databaseName() const { return m_settings.databaseName; }
    void setDatabaseName(const QString &name);
    [[nodiscard]] QString hostName() const { return m_settings.hostName; }
    void setHostName(const QString &name);
    [[nodiscard]] int port() const { return m_settings.port; }
    void setPort(int port);
    [[nodiscard]] QString userName() const { return m_settings.userName; }
    void setUserName(const QString &name);
    [[nodiscard]] QString password() const { return m_settings.password; }
    void setPassword(const QString &password);
    [[nodiscard]] QString connectOptions() const { return m_settings.connectOptions; }
    void setConnectOptions(const QString &options);

    [[nodiscard]] Session *session() const { return m_session.get(); }
    [[nodiscard]] bool isOpen() const { return m_session != nullptr; }
    [[nodiscard]] Error lastError() const { return m_lastError; }

    // Opens the connection with the current settings and creates the session (true when open
    // already). On failure: false, lastError() and errorOccurred().
    Q_INVOKABLE bool open();
    // Creates the mapped classes' tables that do not exist yet.
    Q_INVOKABLE bool createAll();
    // Destroys the session (its objects with it; unflushed changes are lost) and closes the
    // connection.
    Q_INVOKABLE void close();

    void classBegin() override { }
    void componentComplete() override;

Q_SIGNALS:
    void settingsChanged();
    void sessionChanged();
    void errorOccurred(const Qorm::Error &error);

private:
    bool fail(const Error &error);
    template<typename T>
    void set(T &field, const T &value);

    ConnectionSettings m_settings;
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<Session> m_session;
    const Registry *m_registry = nullptr;
    Error m_lastError;
};

} // namespace Qorm
