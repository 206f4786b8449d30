// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import Qorm
import QormTest

TestCase {
    name: "QueryModel"
    width: 200
    height: 400
    when: windowShown

    Database {
        id: db
        driver: "QSQLITE"
        databaseName: ":memory:"
        Component.onCompleted: {
            createAll()
            const years = [1959, 1970, 1960, 1964, 1957, 1961]
            const titles = ["Kind of Blue", "Bitches Brew", "Sketches of Spain", "A Love Supreme",
                            "Birth of the Cool", "Sunday"]
            for (let i = 0; i < titles.length; ++i)
                session.create("Album", { title: titles[i], year: years[i] })
            session.commit()
        }
    }

    QueryModel {
        id: albums
        session: db.session
        entity: "Album"
        orderBy: ["year"]
        pageSize: 4
    }

    function titlesOf(model) {
        const out = []
        for (let row = 0; row < model.count; ++row)
            out.push((model.get(row) as Album).title)
        return out
    }

    function init() {
        albums.filter = ({})
        albums.orderBy = ["year"]
        albums.pageSize = 4
    }

    function test_pages() {
        albums.pageSize = 2 // a reset: nothing read yet
        compare(albums.count, 0)
        verify(!albums.complete)
        albums.fetchMore()
        compare(albums.count, 2)
        compare(titlesOf(albums), ["Birth of the Cool", "Kind of Blue"])
        albums.fetchMore()
        albums.fetchMore()
        compare(albums.count, 6)
        albums.fetchMore() // the short page: complete
        verify(albums.complete)
        compare(albums.totalCount, 6)
    }

    function test_filters_data() {
        return [
            { tag: "equality", filter: { year: 1960 }, titles: ["Sketches of Spain"] },
            { tag: "eq", filter: { year: { eq: 1960 } }, titles: ["Sketches of Spain"] },
            { tag: "ne", filter: { year: { ne: 1960 } }, count: 5 },
            { tag: "lt", filter: { year: { lt: 1960 } }, titles: ["Birth of the Cool", "Kind of Blue"] },
            { tag: "le", filter: { year: { le: 1959 } }, titles: ["Birth of the Cool", "Kind of Blue"] },
            { tag: "gt", filter: { year: { gt: 1961 } }, titles: ["A Love Supreme", "Bitches Brew"] },
            { tag: "ge", filter: { year: { ge: 1964 } }, titles: ["A Love Supreme", "Bitches Brew"] },
            { tag: "like", filter: { title: { like: "B%" } }, titles: ["Birth of the Cool", "Bitches Brew"] },
            { tag: "ilike", filter: { title: { ilike: "b%" } }, titles: ["Birth of the Cool", "Bitches Brew"] },
            { tag: "in", filter: { year: { in: [1957, 1970] } }, titles: ["Birth of the Cool", "Bitches Brew"] },
            { tag: "array", filter: { year: [1957, 1970] }, titles: ["Birth of the Cool", "Bitches Brew"] },
            { tag: "notIn", filter: { year: { notIn: [1957, 1959, 1960, 1961] } }, titles: ["A Love Supreme", "Bitches Brew"] },
            { tag: "between", filter: { year: { between: [1959, 1960] } }, titles: ["Kind of Blue", "Sketches of Spain"] },
            { tag: "null", filter: { artistId: null }, count: 6 },
            { tag: "ne null", filter: { artistId: { ne: null } }, count: 0 },
            { tag: "or", filter: { or: [{ year: 1957 }, { title: "Sunday" }] }, titles: ["Birth of the Cool", "Sunday"] },
            { tag: "and", filter: { year: { ge: 1959 }, title: { like: "%o%" } }, titles: ["Kind of Blue", "Sketches of Spain", "A Love Supreme"] }
        ]
    }

    function test_filters(data) {
        albums.filter = data.filter
        albums.fetchMore()
        albums.fetchMore()
        if (data.titles !== undefined)
            compare(titlesOf(albums), data.titles)
        else
            compare(albums.count, data.count)
        compare(albums.totalCount, albums.count)
    }

    function test_orderBy() {
        albums.orderBy = ["-year"]
        albums.fetchMore()
        compare(titlesOf(albums).slice(0, 2), ["Bitches Brew", "A Love Supreme"])
        albums.sortBy("title")
        compare(albums.orderBy, ["title"])
        albums.fetchMore()
        compare(titlesOf(albums)[0], "A Love Supreme")
    }

    SignalSpy {
        id: errorSpy
        target: db.session
        signalName: "errorOccurred"
    }

    function test_badFilter() {
        errorSpy.clear()
        albums.filter = ({ colour: "red" })
        albums.fetchMore()
        compare(errorSpy.count, 1)
        verify(db.session.lastError.text.indexOf("colour") >= 0, db.session.lastError.text)
        compare(albums.count, 0)
        albums.fetchMore() // nothing more until the filter changes
        compare(errorSpy.count, 1)
        albums.filter = ({ title: "Sunday" })
        albums.fetchMore()
        compare(albums.count, 1)
    }

    function test_refreshAfterCommit() {
        albums.filter = ({ year: { ge: 1960 } })
        albums.fetchMore()
        albums.fetchMore()
        const before = albums.count
        db.session.create("Album", { title: "Nefertiti", year: 1968 })
        verify(db.session.commit(), db.session.lastError.text)
        compare(albums.count, before + 1) // the commit refreshed the rows held
        verify(titlesOf(albums).indexOf("Nefertiti") >= 0)
        const nefertiti = albums.get(titlesOf(albums).indexOf("Nefertiti")) as Album
        verify(db.session.remove(nefertiti))
        verify(db.session.commit(), db.session.lastError.text)
        compare(albums.count, before)
    }

    // Asynchronous pages: read by a worker thread on its own connection to the same file.
    Database {
        id: fileDb
        driver: "QSQLITE"
        databaseName: TestFiles.temporaryFile("querymodel.sqlite")
        Component.onCompleted: {
            createAll()
            for (let i = 0; i < 250; ++i)
                session.create("Album", { title: "album " + i, year: 1900 + i })
            session.commit()
        }
    }

    QueryModel {
        id: asyncAlbums
        session: fileDb.session
        entity: "Album"
        orderBy: ["-year"]
        pageSize: 40
        asynchronous: true
    }

    SignalSpy {
        id: progressSpy
        target: asyncAlbums
        signalName: "progress"
    }

    function test_asynchronous() {
        verify(fileDb.isOpen, fileDb.lastError.text)
        asyncAlbums.fetchMore()
        tryCompare(asyncAlbums, "count", 40)
        compare((asyncAlbums.get(0) as Album).year, 2149)
        asyncAlbums.fetchAll()
        tryCompare(asyncAlbums, "complete", true)
        compare(asyncAlbums.count, 250)
        tryCompare(asyncAlbums, "loading", false)
        verify(progressSpy.count >= 7, "pages: " + progressSpy.count)
        compare((asyncAlbums.get(249) as Album).year, 1900)
    }

    Component {
        id: listComponent
        ListView {
            width: 200
            height: 400
            delegate: Text {
                required property string title
                width: 200
                height: 20
                text: title
            }
        }
    }

    function test_listViewFetches() {
        albums.pageSize = 2
        const view = createTemporaryObject(listComponent, this, { model: albums })
        // The view asks for pages itself until it is full or the model is complete.
        tryCompare(albums, "complete", true)
        compare(view.count, 6)
    }
}
