// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "qmlmodels.h"

#include <Qorm/QmlRegistry>
#include <Qorm/Registry>

#include <QtCore/QCoreApplication>
#include <QtCore/QObject>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

// The version CMake's project() declares; tst_info.qml compares the library's with it
// through Qt.application.version. The suites' classes are mapped here, as an application maps
// its own: QML never maps.
class Setup : public QObject
{
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral(QORM_PROJECT_VERSION));
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        if (!mapped && !(registry.map<Artist>() && registry.map<Album>()))
            qFatal("tst_qml: mapping the test classes failed: %s",
                   qPrintable(registry.lastError().text()));
        mapped = true;
        Qorm::setQmlRegistry(engine, &registry);
    }

private:
    Qorm::Registry registry;
    bool mapped = false;
};

QUICK_TEST_MAIN_WITH_SETUP(qorm_qml, Setup)

#include "tst_qml.moc"
