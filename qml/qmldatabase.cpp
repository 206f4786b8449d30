// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "qmldatabase.h"

#include "qmlregistry.h"

#include <Qorm/Connection>
#include <Qorm/Registry>

#include <QtQml/QQmlEngine>

using namespace Qt::StringLiterals;

namespace Qorm {

QmlDatabase::QmlDatabase(QObject *parent) : QObject(parent) { }

QmlDatabase::~QmlDatabase()
{
    m_session.reset(); // before the connection it uses
    m_connection.reset();
}

template<typename T>
void QmlDatabase::set(T &field, const T &value)
{
    if (field == value)
        return;
    field = value;
    Q_EMIT settingsChanged();
}

void QmlDatabase::setDriver(const QString &driver)
{
    set(m_settings.driver, driver);
}
void QmlDatabase::setDatabaseName(const QString &name)
{
    set(m_settings.databaseName, name);
}
void QmlDatabase::setHostName(const QString &name)
{
    set(m_settings.hostName, name);
}
void QmlDatabase::setPort(int port)
{
    set(m_settings.port, port);
}
void QmlDatabase::setUserName(const QString &name)
{
    set(m_settings.userName, name);
}
void QmlDatabase::setPassword(const QString &password)
{
    set(m_settings.password, password);
}
void QmlDatabase::setConnectOptions(const QString &options)
{
    set(m_settings.connectOptions, options);
}

bool QmlDatabase::fail(const Error &error)
{
    m_lastError = error;
    Q_EMIT errorOccurred(error);
    return false;
}

void QmlDatabase::componentComplete()
{
    (void)open();
}

bool QmlDatabase::open()
{
    if (m_session)
        return true;
    if (m_settings.driver.isEmpty())
        return fail(Error(Error::ConnectionError,
                          u"Database: no driver (set driver to QSQLITE, QPSQL, QMYSQL or "
                          u"QMARIADB)"_s));
    QString why;
    m_registry = qmlRegistry(qmlEngine(this), &why);
    if (!m_registry)
        return fail(Error(Error::MappingError, u"Database: "_s + why));
    auto connection = std::make_unique<Connection>(m_settings);
    if (!connection->isOpen()) {
        const Error error = connection->lastError();
        return fail(Error(error.isValid() ? error.type() : Error::ConnectionError,
                          u"Database: cannot open %1 (%2): %3"_s.arg(
                                  m_settings.databaseName, m_settings.driver,
                                  error.isValid() ? error.text() : u"unknown reason"_s)));
    }
    m_connection = std::move(connection);
    m_session = std::make_unique<Session>(*m_connection, *m_registry);
    // The session is the Database's: QML must not collect it.
    QQmlEngine::setObjectOwnership(m_session.get(), QQmlEngine::CppOwnership);
    m_lastError = Error();
    Q_EMIT sessionChanged();
    return true;
}

bool QmlDatabase::createAll()
{
    if (!m_connection)
        return fail(Error(Error::InvalidRequestError, u"Database.createAll(): not open"_s));
    if (!m_registry->metadata().createAll(*m_connection))
        return fail(m_connection->lastError());
    return true;
}

void QmlDatabase::close()
{
    if (!m_session && !m_connection)
        return;
    m_session.reset();
    m_connection.reset();
    Q_EMIT sessionChanged();
}

} // namespace Qorm
