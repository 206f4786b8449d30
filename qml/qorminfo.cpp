// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "qorminfo.h"

#include <Qorm/qormglobal.h>

#include <QtSql/QSqlDatabase>

namespace Qorm {

QormInfo::QormInfo(QObject *parent) : QObject(parent) { }

/*!
    \qmlproperty string Qorm::version
    The version of the Qorm library, such as "0.1.0".
*/
QString QormInfo::version() const
{
    return QStringLiteral(QORM_VERSION_STRING);
}

/*!
    \qmlproperty list<string> Qorm::drivers
    The Qt SQL drivers available to this process, such as "QSQLITE" and "QPSQL".
*/
QStringList QormInfo::drivers() const
{
    return QSqlDatabase::drivers();
}

} // namespace Qorm
