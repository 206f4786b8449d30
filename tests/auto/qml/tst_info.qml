// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm

TestCase {
    name: "QormInfo"

    function test_version() {
        verify(/^\d+\.\d+\.\d+$/.test(Qorm.version), "version: " + Qorm.version)
        // The test's C++ setup sets the application version to CMake's project version.
        compare(Qorm.version, Qt.application.version)
    }

    function test_drivers() {
        const drivers = Array.from(Qorm.drivers)
        verify(drivers.length > 0, "no SQL drivers")
        verify(drivers.indexOf("QSQLITE") >= 0, "QSQLITE missing from " + drivers)
    }
}
