// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QMetaMethod>
#include <QtCore/QObject>
#include <QtCore/QPointer>

namespace Qorm {

//! \cond internal
namespace Detail {
// True while Qorm itself writes a reference (loading, keeping the other side in step): the
// setter then has nothing to tell it.
[[nodiscard]] QORM_EXPORT bool isWritingReference() noexcept;
// Keeps the other side of the reference `notifySignal` announces (backPopulates) and the
// owner's session in step after the reference changed from `previous` to `current`.
QORM_EXPORT void referenceChanged(QObject *owner, const QMetaMethod &notifySignal,
                                  QObject *previous, QObject *current);
} // namespace Detail
//! \endcond

/*!
    The setter of a reference (a many-to-one or one-to-one property):

        void setUser(User *user) { Qorm::setReference(this, m_user, user, &Address::userChanged); }

    stores the object, puts this object into the new target's collection and takes it out of
    the old one's (backPopulates), tells the session, and emits the NOTIFY signal. Returns
    false when the reference was already `value`. A QPointer member becomes null by itself
    when its target is deleted.
*/
template<typename Owner, typename T, typename Target>
bool setReference(Owner *owner, QPointer<T> &member, Target *value, void (Owner::*notify)())
{
    if (member.data() == value)
        return false;
    QObject *previous = member.data();
    member = value;
    if (!Detail::isWritingReference())
        Detail::referenceChanged(owner, QMetaMethod::fromSignal(notify), previous, value);
    Q_EMIT(owner->*notify)();
    return true;
}

//! setReference() for a plain pointer \a member, which is not reset when its target is deleted.
template<typename Owner, typename T, typename Target>
bool setReference(Owner *owner, T *&member, Target *value, void (Owner::*notify)())
{
    if (member == value)
        return false;
    QObject *previous = member;
    member = value;
    if (!Detail::isWritingReference())
        Detail::referenceChanged(owner, QMetaMethod::fromSignal(notify), previous, value);
    Q_EMIT(owner->*notify)();
    return true;
}

} // namespace Qorm
