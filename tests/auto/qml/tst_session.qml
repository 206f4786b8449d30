// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm
import QormTest

TestCase {
    name: "Session"

    Database {
        id: db
        driver: "QSQLITE"
        databaseName: ":memory:"
        Component.onCompleted: createAll()
    }

    SignalSpy {
        id: errorSpy
        target: db.session
        signalName: "errorOccurred"
    }

    SignalSpy {
        id: changesSpy
        target: db.session
        signalName: "hasChangesChanged"
    }

    function init() {
        verify(db.isOpen, db.lastError.text)
        db.session.rollback()
        errorSpy.clear()
        changesSpy.clear()
    }

    function test_createAndCommit() {
        const artist = db.session.create("Artist", { name: "Nina Simone" }) as Artist
        verify(artist !== null, db.session.lastError.text)
        compare(artist.name, "Nina Simone")
        verify(db.session.hasChanges)
        verify(changesSpy.count >= 1)
        verify(db.session.commit(), db.session.lastError.text)
        verify(!db.session.hasChanges)
        verify(artist.id > 0, "the key the database gave: " + artist.id)
        compare(errorSpy.count, 0)
    }

    function test_createErrors() {
        compare(db.session.create("Painter", { name: "x" }), null)
        compare(errorSpy.count, 1)
        verify(db.session.lastError.text.indexOf("Painter") >= 0, db.session.lastError.text)
        compare(db.session.create("Artist", { colour: "red" }), null)
        compare(errorSpy.count, 2)
        verify(db.session.lastError.text.indexOf("colour") >= 0, db.session.lastError.text)
        verify(!db.session.hasChanges, "nothing was added")
    }

    function test_rollbackRestores() {
        const artist = db.session.create("Artist", { name: "Before" }) as Artist
        verify(db.session.commit())
        artist.name = "After"
        verify(db.session.hasChanges)
        db.session.rollback()
        compare(artist.name, "Before")
        verify(!db.session.hasChanges)
    }

    function test_remove() {
        const artist = db.session.create("Artist", { name: "Gone" }) as Artist
        verify(db.session.commit())
        verify(db.session.remove(artist))
        verify(db.session.hasChanges)
        verify(db.session.commit(), db.session.lastError.text)
        verify(!db.session.hasChanges)
    }
}
