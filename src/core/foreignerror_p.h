// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/core/error.h>

#include <QtCore/QMutex>

#include <atomic>

namespace Qorm {

/*
    The ThreadAffinityError of a call made from a thread that does not own an object (a
    Session, a collection), kept apart from the owner's own last error, which the owner thread
    reads and writes without a lock. lastError() shows it to that other thread, and to the owner
    until a call of the owner's own comes after it.
*/
class ForeignError
{
public:
    // Any thread: a call from a foreign thread was refused with `error`.
    void set(const Error &error)
    {
        const QMutexLocker locker(&m_mutex);
        m_error = error;
        m_latest.store(true, std::memory_order_release);
    }

    // The owner thread: its own error (or success) is the latest now.
    void ownerSpoke()
    {
        if (m_latest.load(std::memory_order_acquire)) {
            const QMutexLocker locker(&m_mutex);
            m_latest.store(false, std::memory_order_release);
        }
    }

    // What lastError() returns, given the owner's own error.
    [[nodiscard]] Error pick(const Error &own, bool foreignThread) const
    {
        if (foreignThread || m_latest.load(std::memory_order_acquire)) {
            const QMutexLocker locker(&m_mutex);
            if (foreignThread || m_latest.load(std::memory_order_relaxed))
                return m_error;
        }
        return own;
    }

private:
    mutable QMutex m_mutex;
    Error m_error;                       // guarded by m_mutex
    std::atomic<bool> m_latest{ false }; // written under m_mutex
};

} // namespace Qorm
