// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm
import QormTest

TestCase {
    name: "Editing"
    width: 200
    height: 200
    when: windowShown

    Database {
        id: db
        driver: "QSQLITE"
        databaseName: ":memory:"
        Component.onCompleted: createAll()
    }

    Component {
        id: editorComponent
        ListView {
            width: 200
            height: 200
            delegate: Item {
                id: row
                required property string title
                required property var model
                width: 200
                height: 20
                // What an editing delegate does: writes the role through the model.
                function rename(text) {
                    row.model.title = text
                }
            }
        }
    }

    function test_delegateWritesThroughTheModel() {
        const artist = db.session.create("Artist", { name: "Bill Evans" }) as Artist
        verify(artist.albums.append(db.session.create("Album", { title: "Sunday", year: 1961 })))
        verify(db.session.commit(), db.session.lastError.text)
        verify(!db.session.hasChanges)

        const view = createTemporaryObject(editorComponent, this, { model: artist.albums })
        tryCompare(view, "count", 1)
        view.forceLayout()
        const delegate = view.itemAtIndex(0)
        verify(delegate !== null)
        delegate.rename("Sunday at the Village Vanguard")
        const album = artist.albums.get(0) as Album
        compare(album.title, "Sunday at the Village Vanguard")
        verify(db.session.hasChanges)
        compare(delegate.title, "Sunday at the Village Vanguard")

        db.session.rollback()
        compare(album.title, "Sunday")
        verify(!db.session.hasChanges)
        compare(delegate.title, "Sunday")
    }
}
