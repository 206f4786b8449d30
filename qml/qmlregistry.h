// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/qglobal.h>

#if defined(QORMQML_BUILDING)
#  define QORMQML_EXPORT Q_DECL_EXPORT
#else
#  define QORMQML_EXPORT Q_DECL_IMPORT
#endif

QT_BEGIN_NAMESPACE
class QQmlEngine;
QT_END_NAMESPACE

namespace Qorm {

class Registry;

/*
    Names the Registry whose classes the `Database` items of `engine` map. The registry must
    outlive the engine's Database items; the setting is dropped with the engine.

        Qorm::Registry registry;
        registry.map<Artist>();
        QQmlApplicationEngine engine;
        Qorm::setQmlRegistry(&engine, &registry);

    Without the call a Database uses the only Registry alive in the process, and fails with a
    Mapping error when there are several. Calling it also keeps the application linked to the
    QML module's library (linkers drop libraries nothing calls into).
*/
QORMQML_EXPORT void setQmlRegistry(QQmlEngine *engine, const Registry *registry);

// The Registry a Database of `engine` uses; null, and the reason in `*why`, when there is none
// to choose.
QORMQML_EXPORT const Registry *qmlRegistry(QQmlEngine *engine, QString *why = nullptr);

} // namespace Qorm
