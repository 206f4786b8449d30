// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "qmlregistry.h"

#include <Qorm/Registry>

#include <QtCore/QHash>
#include <QtCore/QMutex>
#include <QtCore/QObject>
#include <QtQml/QQmlEngine>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {
struct Registries
{
    QMutex mutex;
    QHash<const QQmlEngine *, const Registry *> byEngine;
};
Registries &registries()
{
    static Registries instance;
    return instance;
}
} // namespace

void setQmlRegistry(QQmlEngine *engine, const Registry *registry)
{
    if (!engine)
        return;
    Registries &all = registries();
    const QMutexLocker locker(&all.mutex);
    if (!all.byEngine.contains(engine)) {
        QObject::connect(engine, &QObject::destroyed, [engine] {
            Registries &all = registries();
            const QMutexLocker locker(&all.mutex);
            all.byEngine.remove(engine);
        });
    }
    all.byEngine.insert(engine, registry);
}

const Registry *qmlRegistry(QQmlEngine *engine, QString *why)
{
    {
        Registries &all = registries();
        const QMutexLocker locker(&all.mutex);
        // A registry destroyed since it was named is not used (nor kept).
        if (const Registry *registry = all.byEngine.value(engine)) {
            if (Registry::all().contains(registry))
                return registry;
            all.byEngine.remove(engine);
        }
    }
    const QList<const Registry *> live = Registry::all();
    if (live.size() == 1)
        return live.first();
    if (why) {
        *why = live.isEmpty() ? u"no Qorm::Registry exists: map the classes in C++ first"_s
                              : u"%1 Qorm::Registry objects exist: name the one to use with "
                                u"Qorm::setQmlRegistry(engine, &registry)"_s.arg(live.size());
    }
    return nullptr;
}

} // namespace Qorm
