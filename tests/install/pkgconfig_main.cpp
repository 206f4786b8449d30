// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Built by the install test with the flags `pkg-config --cflags --libs qorm` gives for the
// installed prefix, and no CMake: a Core statement on an in-memory SQLite database.
#include <Qorm/Core>

#include <cstdio>

int main()
{
    Qorm::ConnectionSettings settings;
    settings.driver = QStringLiteral("QSQLITE");
    settings.databaseName = QStringLiteral(":memory:");
    Qorm::Connection connection(settings);
    if (!connection.isOpen()) {
        std::fprintf(stderr, "not open: %s\n", qPrintable(connection.lastError().text()));
        return 1;
    }
    Qorm::Result result = connection.execute(Qorm::TextSql(QStringLiteral("SELECT 40 + 2")));
    const int answer = result.scalar().toInt();
    std::printf("pkg-config consumer: %d\n", answer);
    return answer == 42 ? 0 : 1;
}
