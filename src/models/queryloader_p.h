// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
//
// The asynchronous QueryModel's worker (docs/design/qt-integration.md §3.2).
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/engine/connection.h>
#include <Qorm/sql/compiledstatement.h>

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QVariantList>

#include <atomic>
#include <functional>
#include <memory>

namespace Qorm {

class Session;
class LoaderThread;

// A model's generation: cancel() and a reset increment it. Shared with the worker thread.
using LoadGeneration = std::shared_ptr<std::atomic<quint64>>;

// One statement for the worker: compiled on the UI thread, run on the worker's connection.
struct LoadRequest
{
    enum Kind : quint8 {
        Page,   // the next rows (fetchMore(), fetchAll())
        Window, // a page of the rows held, read again (refresh())
        Count,  // SELECT count(*) (totalCount)
    };
    Kind kind = Page;
    quint64 client = 0;     // the model (QueryLoader::addClient())
    quint64 generation = 0; // the model's generation when it asked
    LoadGeneration current; // the model's generation now: a request of an old one is skipped
    CompiledStatement statement;
    // The types of the result columns (the class's, then the keyset columns), each value is
    // converted to: as the engine converts a result it reads.
    QList<SqlType> types;
    qint64 pageSize = -1; // Page, Window: the LIMIT (a page shorter than it is the last)
};

// What comes back: the rows as values (no QObject crosses threads), or the error.
struct LoadReply
{
    LoadRequest::Kind kind = LoadRequest::Page;
    quint64 generation = 0;
    qint64 pageSize = -1;
    QList<QVariantList> rows;
    Error error;
};

/*
    One per Session, created on first use as a child of it: a thread with its own Connection,
    opened with the session's connection's settings, that runs the requests of the session's
    asynchronous models in order and posts each reply back as its own queued event. SQLite's
    ":memory:" (or an unnamed database) cannot be opened twice: the loader is then not
    available, and says so once on qorm.session.

    Destroying it (the session does so first thing in its destructor) drops the queued
    requests, lets the running statement finish and waits for the thread.
*/
// Runs `request` on `connection` (of the calling thread) into `reply`: the rows as values,
// converted as the engine converts a result, or the error.
void readLoadRequest(Connection &connection, const LoadRequest &request, LoadReply *reply);

class QueryLoader : public QObject
{
    Q_OBJECT
public:
    // The session's loader, created on first use.
    static QueryLoader *of(Session *session);
    ~QueryLoader() override;

    // False when the database cannot be opened a second time (the models load synchronously).
    [[nodiscard]] bool isAvailable() const { return m_thread != nullptr; }

    using Receiver = std::function<void(LoadReply &&reply)>;
    // Registers a model: its replies go to `receiver`, on this (the UI) thread.
    [[nodiscard]] quint64 addClient(Receiver receiver);
    void removeClient(quint64 client);
    // Queues a request (in order with the others).
    void post(LoadRequest request);

private:
    QueryLoader(Session *session, const ConnectionSettings &settings, bool available);
    void deliver(quint64 client, LoadReply &&reply);
    friend class LoaderThread;

    LoaderThread *m_thread = nullptr;
    QHash<quint64, Receiver> m_clients;
    quint64 m_nextClient = 1;
};

} // namespace Qorm
