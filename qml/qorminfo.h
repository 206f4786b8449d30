// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtQml/qqmlregistration.h>

namespace Qorm {

/*
    The "Qorm" singleton in QML: what this Qorm build offers.

        import Qorm
        Text { text: "Qorm " + Qorm.version }
*/
class QormInfo : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Qorm)
    QML_SINGLETON
    Q_PROPERTY(QString version READ version CONSTANT FINAL)
    Q_PROPERTY(QStringList drivers READ drivers CONSTANT FINAL)

public:
    explicit QormInfo(QObject *parent = nullptr);

    [[nodiscard]] QString version() const;
    [[nodiscard]] QStringList drivers() const;
};

} // namespace Qorm
