// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <QtCore/QCoreApplication>
#include <QtCore/QObject>
#include <QtQuickTest/quicktest.h>

// The version CMake's project() declares; tst_info.qml compares the library's with it
// through Qt.application.version.
class Setup : public QObject
{
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral(QORM_PROJECT_VERSION));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(qorm_qml, Setup)

#include "tst_qml.moc"
