// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// Helpers of the tests of item models: every model runs under QAbstractItemModelTester.

#include <Qorm/QueryModel>
#include <Qorm/orm/session.h>

#include <QtCore/QStringList>
#include <QtTest/QAbstractItemModelTester>

namespace Qorm::Test {

// `model` checked by a QAbstractItemModelTester (owned by the model) that fails the test.
inline void addTester(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 model);
}

/*
    `model` under a QAbstractItemModelTester, then given its session and select. The tester
    asks for more rows when it starts and on the model's change signals, as a view does; with
    no session yet there is nothing to fetch, and asks made while the model announces a change
    wait for the next one, so the test decides which pages are read.
*/
inline void watch(QueryModel *model, Session *session, const EntitySelectBase &select,
                  int pageSize = 100, bool asynchronous = false)
{
    addTester(model);
    model->setPageSize(pageSize);
    model->setAsynchronous(asynchronous);
    model->setSelect(select);
    model->setSession(session);
}

// The display role of every row.
inline QStringList displayed(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.data(model.index(row, 0)).toString());
    return out;
}

} // namespace Qorm::Test
