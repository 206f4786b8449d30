// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "core/logging_p.h"
#include "engine/connection_p.h"

#include <Qorm/engine/transaction.h>

namespace Qorm {

/*!
    \class Qorm::Transaction
    \brief A transaction or savepoint that rolls back unless committed.

    A scope object because forgetting to end a transaction is the common bug: leaving the scope
    rolls back. The handle refers to its Connection; it notices when the transaction was ended
    by someone else (an enclosing rollback, close()) or the connection is gone.
*/

Transaction::Transaction() noexcept = default;

Transaction::Transaction(ConnectionPrivate *connection, Kind kind, const QString &savepoint,
                         quint64 generation) noexcept
    : m_connection(connection),
      m_kind(kind),
      m_savepoint(savepoint),
      m_generation(generation)
{
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)),
      m_kind(other.m_kind),
      m_savepoint(std::move(other.m_savepoint)),
      m_generation(std::exchange(other.m_generation, 0))
{
}

/*! The transaction this handle had is rolled back first if it was still active. */
Transaction &Transaction::operator=(Transaction &&other) noexcept
{
    if (this != &other) {
        if (isActive())
            rollback();
        m_connection = std::exchange(other.m_connection, nullptr);
        m_kind = other.m_kind;
        m_savepoint = std::move(other.m_savepoint);
        m_generation = std::exchange(other.m_generation, 0);
    }
    return *this;
}

Transaction::~Transaction()
{
    if (isActive())
        rollback();
}

bool Transaction::isActive() const noexcept
{
    const Connection *connection = m_connection ? ConnectionPrivate::owner(m_connection) : nullptr;
    return connection && connection->isCurrent(*this);
}

/*!
    False when the commit failed or the transaction was not active any more; the connection's
    lastError() says why.
*/
bool Transaction::commit()
{
    if (!m_connection)
        return false;
    Connection *connection = ConnectionPrivate::owner(m_connection);
    if (!connection) {
        qCWarning(lcSql) << "Transaction::commit: the connection was destroyed";
        m_connection = nullptr;
        return false;
    }
    return connection->commitTransaction(*this);
}

bool Transaction::rollback()
{
    if (!m_connection)
        return false;
    Connection *connection = ConnectionPrivate::owner(m_connection);
    if (!connection) {
        m_connection = nullptr;
        return false;
    }
    return connection->rollbackTransaction(*this);
}

} // namespace Qorm
