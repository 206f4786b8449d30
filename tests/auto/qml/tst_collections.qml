// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm
import QormTest

TestCase {
    name: "Collections"
    width: 200
    height: 300
    when: windowShown

    Database {
        id: db
        driver: "QSQLITE"
        databaseName: ":memory:"
        Component.onCompleted: createAll()
    }

    Component {
        id: listComponent
        ListView {
            width: 200
            height: 300
            delegate: Text {
                required property string title
                required property int year
                width: 200
                height: 20
                text: title + " (" + year + ")"
            }
        }
    }

    function test_albumsInAListView() {
        const artist = db.session.create("Artist", { name: "Miles Davis" }) as Artist
        verify(artist !== null, db.session.lastError.text)
        const albums = artist.albums
        verify(albums.append(db.session.create("Album", { title: "Kind of Blue", year: 1959 })))
        verify(albums.append(db.session.create("Album", { title: "Bitches Brew", year: 1970 })))
        compare(albums.count, 2)
        verify(db.session.commit(), db.session.lastError.text)

        const view = createTemporaryObject(listComponent, this, { model: albums })
        verify(view !== null)
        tryCompare(view, "count", 2)
        view.forceLayout()
        const first = view.itemAtIndex(0)
        verify(first !== null)
        // The commit expired the collection; it reads again in its order (orderBy=title).
        compare(first.text, "Bitches Brew (1970)")
        compare(view.itemAtIndex(1).text, "Kind of Blue (1959)")

        // A new album shows up in the view; a changed title follows in its delegate.
        verify(albums.append(db.session.create("Album", { title: "Sketches of Spain", year: 1960 })))
        tryCompare(view, "count", 3)
        const kindOfBlue = albums.get(1) as Album
        kindOfBlue.title = "Kind of Blue (Legacy)"
        view.forceLayout()
        compare(view.itemAtIndex(1).text, "Kind of Blue (Legacy) (1959)")
        verify(albums.removeAt(2))
        tryCompare(view, "count", 2)
        verify(db.session.commit(), db.session.lastError.text)
    }

    function test_albumsOfAnArtistFromTheAlbum() {
        const artist = db.session.create("Artist", { name: "Coltrane" }) as Artist
        const album = db.session.create("Album", { title: "Giant Steps", year: 1960 }) as Album
        album.artist = artist // back-populates the collection
        compare(artist.albums.count, 1)
        compare(artist.albums.get(0), album)
        verify(db.session.commit(), db.session.lastError.text)
    }
}
