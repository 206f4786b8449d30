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

    Obtain one from Connection::begin(); a default-constructed handle is inactive. Move-only: the
    moved-from handle becomes inactive and no longer rolls anything back.

    \code
    Qorm::Transaction transaction = connection.begin();
    // ... execute statements ...
    if (!transaction.commit())
        qWarning() << connection.lastError();
    \endcode
*/

/*!
    \enum Transaction::Kind
    Whether the handle owns the outermost transaction or a savepoint nested inside it.
    \value TopLevel A BEGIN ... COMMIT transaction, from Connection::begin().
    \value Savepoint A SAVEPOINT, from Connection::beginNested(); rolling it back undoes only the
           work since the savepoint (unless beginNested() had to begin the outer transaction too,
           which then ends with it).
*/

/*!
    \fn Qorm::Transaction::Kind Qorm::Transaction::kind() const noexcept
    Whether this handle is the outermost transaction or a savepoint.
*/

/*!
    \fn QString Qorm::Transaction::savepointName() const
    The SQL name of the savepoint, or an empty string for a top-level transaction.
*/

/*! An inactive handle; assign one from Connection::begin() or Connection::beginNested(). */

Transaction::Transaction() noexcept = default;

Transaction::Transaction(ConnectionPrivate *connection, Kind kind, const QString &savepoint,
                         quint64 generation) noexcept
    : m_connection(connection),
      m_kind(kind),
      m_savepoint(savepoint),
      m_generation(generation)
{
}

/*! Takes over \a other's transaction; \a other becomes inactive. */
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

/*! Rolls the transaction back if it is still active. */
Transaction::~Transaction()
{
    if (isActive())
        rollback();
}

/*!
    True until commit() or rollback() succeeded or failed for good, and false once an enclosing
    rollback, Connection::close() or the connection's destruction ended the transaction.
*/
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

/*!
    Undoes the work of this transaction (or of this savepoint only). False when the rollback
    failed or the transaction was not active any more; the connection's lastError() says why.
*/
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
