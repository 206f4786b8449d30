// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>

// The model check_regenerate.cmake edits between builds (in its scratch copy).
class Thing : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(int count MEMBER m_count NOTIFY changed)
public:
    qint64 m_id = 0;
    int m_count = 0;
Q_SIGNALS:
    void changed();
};
