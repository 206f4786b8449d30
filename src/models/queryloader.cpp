// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../engine/result_p.h"
#include "../orm/session_p.h"
#include "queryloader_p.h"

#include <Qorm/orm/session.h>

#include <QtCore/QMutex>
#include <QtCore/QThread>
#include <QtCore/QWaitCondition>

#include <deque>

using namespace Qt::StringLiterals;

namespace Qorm {

// QueryLoader (queryloader_p.h) is private: keep Doxygen out of this file.
//! \cond internal

namespace {

// SQLite databases that a second connection would not see: each ":memory:" is its own.
bool isPrivateDatabase(const ConnectionSettings &settings)
{
    if (settings.driver != u"QSQLITE")
        return false;
    const QString name = settings.databaseName.trimmed();
    return name.isEmpty() || name == u":memory:" || name.startsWith(u"file::memory:")
            || (name.startsWith(u"file:") && name.contains(u"mode=memory"));
}

} // namespace

// Runs a request on `connection`: the worker's, or the UI thread's for synchronous pages.
void readLoadRequest(Connection &connection, const LoadRequest &request, LoadReply *reply)
{
    Result result = connection.execute(request.statement);
    if (!result.isValid() || result.error().isValid()) {
        reply->error = result.error();
        return;
    }
    // The engine converted the columns the statement types; the request may type more.
    const QList<SqlType> typed = request.statement.resultTypes();
    QList<qsizetype> untyped;
    for (qsizetype i = 0; i < request.types.size(); ++i) {
        if (request.types.at(i).isValid() && !typed.value(i).isValid())
            untyped.append(i);
    }
    const Dialect dialect = connection.dialect();
    ResultPrivate *cursor = result.implementation();
    QVariantList values;
    while (cursor->fetch(&values)) {
        for (qsizetype i : std::as_const(untyped)) {
            if (i < values.size() && !isNullValue(values.at(i)))
                values[i] = dialect.fromDatabaseValue(values.at(i), request.types.at(i));
        }
        reply->rows.append(std::move(values));
        values = QVariantList();
    }
    if (cursor->error.isValid()) {
        reply->rows.clear();
        reply->error = cursor->error;
    }
}

/*
    The worker: its Connection is created, used and destroyed in run(), so the QSqlDatabase
    never leaves this thread; no QObject is created here. Requests wait in a queue guarded by
    a mutex; replies go to the loader (a QObject of the UI thread) as queued calls.
*/
class LoaderThread : public QThread
{
public:
    LoaderThread(QueryLoader *loader, const ConnectionSettings &settings)
        : m_loader(loader),
          m_settings(settings)
    {
        setObjectName(u"Qorm QueryLoader"_s);
    }

    void post(LoadRequest &&request)
    {
        const QMutexLocker lock(&m_mutex);
        m_queue.push_back(std::move(request));
        m_wake.wakeOne();
    }

    // Drops the queued requests; the running one finishes. Then the thread ends.
    void stop()
    {
        {
            const QMutexLocker lock(&m_mutex);
            m_stopping = true;
            m_queue.clear();
            m_wake.wakeOne();
        }
        wait();
    }

protected:
    void run() override
    {
        Connection connection(m_settings); // opened now; again after a lost connection
        for (;;) {
            LoadRequest request;
            {
                QMutexLocker lock(&m_mutex);
                while (!m_stopping && m_queue.empty())
                    m_wake.wait(&m_mutex);
                if (m_stopping)
                    break;
                request = std::move(m_queue.front());
                m_queue.pop_front();
            }
            if (request.current->load() != request.generation)
                continue; // cancelled while queued
            LoadReply reply;
            reply.kind = request.kind;
            reply.generation = request.generation;
            reply.pageSize = request.pageSize;
            if (!connection.isOpen() && !connection.open())
                reply.error = connection.lastError();
            else
                readLoadRequest(connection, request, &reply);
            if (request.current->load() != request.generation)
                continue; // cancelled while it ran: the model would drop it
            QueryLoader *loader = m_loader;
            const quint64 client = request.client;
            // Each reply is its own event: the UI thread paints between pages.
            QMetaObject::invokeMethod(
                    loader,
                    [loader, client, reply = std::move(reply)]() mutable {
                        loader->deliver(client, std::move(reply));
                    },
                    Qt::QueuedConnection);
        }
    }

private:
    QueryLoader *const m_loader;
    const ConnectionSettings m_settings;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<LoadRequest> m_queue; // guarded by m_mutex
    bool m_stopping = false;         // guarded by m_mutex
};

QueryLoader::QueryLoader(Session *session, const ConnectionSettings &settings, bool available)
    : QObject(session)
{
    setObjectName(u"qorm_queryloader"_s);
    if (!available)
        return;
    m_thread = new LoaderThread(this, settings);
    m_thread->start();
}

QueryLoader *QueryLoader::of(Session *session)
{
    SessionPrivate *d = SessionPrivate::get(session);
    if (d->queryLoader)
        return static_cast<QueryLoader *>(d->queryLoader.data());
    const ConnectionSettings settings = session->connection().settings();
    const bool available = !isPrivateDatabase(settings);
    if (!available) {
        qCWarning(lcSession).noquote()
                << u"QueryModel: the SQLite database \"%1\" cannot be opened a second time "
                   u"(in memory or unnamed): asynchronous models of this session load their "
                   u"pages synchronously"_s.arg(settings.databaseName);
    }
    auto *loader = new QueryLoader(session, settings, available);
    d->queryLoader = loader;
    return loader;
}

QueryLoader::~QueryLoader()
{
    if (m_thread) {
        m_thread->stop();
        delete m_thread;
    }
    // Replies posted before the thread ended go with this object (QObject drops its events).
}

quint64 QueryLoader::addClient(Receiver receiver)
{
    const quint64 client = m_nextClient++;
    m_clients.insert(client, std::move(receiver));
    return client;
}

void QueryLoader::removeClient(quint64 client)
{
    m_clients.remove(client);
}

void QueryLoader::post(LoadRequest request)
{
    if (m_thread)
        m_thread->post(std::move(request));
}

void QueryLoader::deliver(quint64 client, LoadReply &&reply)
{
    const auto found = m_clients.constFind(client);
    if (found == m_clients.cend())
        return; // the model is gone
    // A copy: the receiver may remove its client (or this loader's other clients).
    const Receiver receiver = found.value();
    receiver(std::move(reply));
}

//! \endcond
} // namespace Qorm
