// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QString>

namespace Qorm {

class Connection;
class ConnectionPrivate;

/*
    A transaction or savepoint scope. It rolls back when it goes out of scope
    without a successful commit(). Move-only.

        Qorm::Transaction transaction = connection.begin();
        ... execute statements ...
        if (!transaction.commit())
            qWarning() << connection.lastError();
*/
class QORM_EXPORT Transaction
{
public:
    enum Kind {
        TopLevel,
        Savepoint,
    };

    Transaction() noexcept;
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&other) noexcept;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    // True until commit() or rollback() succeeded or failed for good.
    [[nodiscard]] bool isActive() const noexcept;
    [[nodiscard]] Kind kind() const noexcept { return m_kind; }
    [[nodiscard]] QString savepointName() const { return m_savepoint; }
    [[nodiscard]] bool commit();
    bool rollback();

private:
    friend class Connection;
    Transaction(ConnectionPrivate *connection, Kind kind, const QString &savepoint,
                quint64 generation) noexcept;
    ConnectionPrivate *m_connection = nullptr; // follows its Connection when that is moved
    Kind m_kind = TopLevel;
    QString m_savepoint;
    quint64 m_generation = 0;
};

} // namespace Qorm
