// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm

TestCase {
    name: "Database"

    Component {
        id: databaseComponent
        Database {
            driver: "QSQLITE"
            databaseName: ":memory:"
        }
    }

    function test_open() {
        const db = createTemporaryObject(databaseComponent, this)
        verify(db.isOpen, db.lastError.text)
        verify(db.session !== null)
        verify(!db.lastError.valid)
        verify(db.createAll(), db.lastError.text)
        verify(db.createAll(), "createAll() again: the tables are there") // checkFirst
        verify(!db.session.hasChanges)
    }

    function test_badDriver() {
        const db = createTemporaryObject(databaseComponent, this, { driver: "QNOSUCHDRIVER" })
        verify(!db.isOpen)
        compare(db.session, null)
        verify(db.lastError.valid)
        verify(db.lastError.text.indexOf("QNOSUCHDRIVER") >= 0, db.lastError.text)
        verify(!db.createAll())
        verify(db.lastError.text.indexOf("not open") >= 0, db.lastError.text)
    }

    function test_noDriver() {
        const db = createTemporaryObject(databaseComponent, this, { driver: "" })
        verify(!db.isOpen)
        verify(db.lastError.text.indexOf("no driver") >= 0, db.lastError.text)
    }

    SignalSpy {
        id: sessionSpy
        signalName: "sessionChanged"
    }

    function test_closeAndOpen() {
        const db = createTemporaryObject(databaseComponent, this)
        verify(db.isOpen)
        sessionSpy.target = db
        sessionSpy.clear()
        db.close()
        compare(sessionSpy.count, 1)
        verify(!db.isOpen)
        compare(db.session, null)
        db.close() // closed already: nothing happens
        compare(sessionSpy.count, 1)
        verify(db.open(), db.lastError.text)
        compare(sessionSpy.count, 2)
        verify(db.session !== null)
    }
}
