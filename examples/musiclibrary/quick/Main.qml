// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick
import Qorm
import MusicLibrary

// Artists, the selected artist's albums and the selected album's tracks, edited in place.
// QtQuick alone: no Controls or Layouts module is needed at run time.
Window {
    id: window

    required property string databasePath
    // True while tracks are on their way from the worker thread.
    readonly property bool busy: trackQuery.loading
    readonly property var columnWidths: [210, 165, 110, 65]

    // The first artist that has albums (Chinook's first has none), and its first album.
    function selectFirstRows() {
        if (artistQuery.count === 0)
            artistQuery.fetchMore()
        let row = 0
        while (row < artistQuery.count - 1 && (artistQuery.get(row) as Artist).albums.count === 0)
            ++row
        artistList.currentIndex = row
        albumList.currentIndex = 0
    }

    width: 1000
    height: 640
    visible: true
    color: "#d0d0d0"
    title: qsTr("Music Library")

    Database {
        id: db
        driver: "QSQLITE"
        databaseName: window.databasePath
        onErrorOccurred: (error) => status.text = error.text
        onSessionChanged: {
            if (db.session)
                db.session.errorOccurred.connect((error) => status.text = error.text)
        }
    }

    QueryModel {
        id: artistQuery
        session: db.session
        entity: "Artist"
        orderBy: ["name"]
    }

    // The tracks of the selected album, read by a worker thread; the table asks for more
    // when it is scrolled to its end.
    QueryModel {
        id: trackQuery
        session: db.session
        entity: "Track"
        asynchronous: true
        filter: ({ albumId: albumList.currentAlbum ? albumList.currentAlbum.id : 0 })
        onFilterChanged: trackQuery.fetchMore()
        onSessionChanged: trackQuery.fetchMore()
    }

    TableAdapter {
        id: trackTable
        sourceModel: trackQuery
        columns: ["name", "composer", "milliseconds", "unitPrice"]
    }

    Rectangle {
        id: toolBar
        width: parent.width
        height: 44
        color: "#ececec"

        Row {
            anchors.verticalCenter: parent.verticalCenter
            x: 8
            spacing: 8
            ActionButton {
                text: qsTr("Save")
                enabled: db.session !== null && db.session.hasChanges
                onClicked: {
                    if (db.session.commit())
                        status.text = qsTr("Saved")
                }
            }
            ActionButton {
                text: qsTr("Revert")
                enabled: db.session !== null && db.session.hasChanges
                onClicked: db.session.rollback()
            }
            Text {
                id: status
                anchors.verticalCenter: parent.verticalCenter
                font.pixelSize: 14
                text: db.isOpen ? qsTr("Ready") : db.lastError.text
            }
        }
    }

    // The views' background, white where they have no rows.
    Rectangle {
        y: artistList.y
        width: window.width
        height: window.height - y
        color: "white"
        // Lines between the views.
        Rectangle {
            x: artistList.width
            width: 1
            height: parent.height
            color: "#d0d0d0"
        }
        Rectangle {
            x: albumList.x + albumList.width
            width: 1
            height: parent.height
            color: "#d0d0d0"
        }
    }

    ListView {
        id: artistList

        readonly property Artist currentArtist: currentIndex >= 0 && currentIndex < count
                                                ? artistQuery.get(currentIndex) as Artist
                                                : null

        objectName: "artists"
        x: 0
        y: toolBar.height + 1
        width: 220
        height: window.height - y
        clip: true
        model: artistQuery
        delegate: Rectangle {
            id: artistDelegate
            required property int index
            required property string name
            readonly property string text: artistDelegate.name
            readonly property bool current: artistDelegate.ListView.isCurrentItem
            width: artistDelegate.ListView.view.width
            height: 26
            color: artistDelegate.current ? "#3d7cc9" : "white"
            Text {
                anchors.verticalCenter: parent.verticalCenter
                x: 8
                width: parent.width - 16
                elide: Text.ElideRight
                font.pixelSize: 14
                color: artistDelegate.current ? "white" : "#202020"
                text: artistDelegate.text
            }
            MouseArea {
                anchors.fill: parent
                onClicked: artistDelegate.ListView.view.currentIndex = artistDelegate.index
            }
        }
    }

    ListView {
        id: albumList

        readonly property Album currentAlbum: artistList.currentArtist && currentIndex >= 0
                                              && currentIndex < count
                                              ? artistList.currentArtist.albums.get(currentIndex) as Album
                                              : null

        objectName: "albums"
        x: artistList.width + 1
        y: artistList.y
        width: 220
        height: artistList.height
        clip: true
        model: artistList.currentArtist ? artistList.currentArtist.albums : null
        delegate: Rectangle {
            id: albumDelegate
            required property int index
            required property string title
            readonly property string text: albumDelegate.title
            readonly property bool current: albumDelegate.ListView.isCurrentItem
            width: albumDelegate.ListView.view.width
            height: 26
            color: albumDelegate.current ? "#3d7cc9" : "white"
            Text {
                anchors.verticalCenter: parent.verticalCenter
                x: 8
                width: parent.width - 16
                elide: Text.ElideRight
                font.pixelSize: 14
                color: albumDelegate.current ? "white" : "#202020"
                text: albumDelegate.text
            }
            MouseArea {
                anchors.fill: parent
                onClicked: albumDelegate.ListView.view.currentIndex = albumDelegate.index
            }
        }
    }

    component HeaderCell: Text {
        leftPadding: 6
        verticalAlignment: Text.AlignVCenter
        font.pixelSize: 14
        font.bold: true
    }

    // The track table's header: the adapter's labels (the class's qorm.label.* here, known
    // once the query has its session), scrolled with the table.
    Rectangle {
        id: trackHeader
        x: albumList.x + albumList.width + 1
        y: artistList.y
        width: window.width - x
        height: 28
        color: "#ececec"
        clip: true
        Row {
            x: -trackView.contentX
            height: parent.height
            HeaderCell {
                width: window.columnWidths[0]
                height: trackHeader.height
                text: trackQuery.session ? trackTable.headerData(0, Qt.Horizontal) ?? "" : ""
            }
            HeaderCell {
                width: window.columnWidths[1]
                height: trackHeader.height
                text: trackQuery.session ? trackTable.headerData(1, Qt.Horizontal) ?? "" : ""
            }
            HeaderCell {
                width: window.columnWidths[2]
                height: trackHeader.height
                text: trackQuery.session ? trackTable.headerData(2, Qt.Horizontal) ?? "" : ""
            }
            HeaderCell {
                width: window.columnWidths[3]
                height: trackHeader.height
                text: trackQuery.session ? trackTable.headerData(3, Qt.Horizontal) ?? "" : ""
            }
        }
    }

    TableView {
        id: trackView
        objectName: "tracks"
        x: trackHeader.x
        y: trackHeader.y + trackHeader.height
        width: trackHeader.width
        height: window.height - y
        clip: true
        columnSpacing: 1
        rowSpacing: 1
        model: trackTable
        columnWidthProvider: (column) => window.columnWidths[column]
        onAtYEndChanged: {
            if (trackView.atYEnd)
                trackQuery.fetchMore()
        }
        // Each cell edits its property in place; the session sees the change.
        delegate: Rectangle {
            id: cell
            required property var model
            required property var display
            required property int row
            required property int column
            property alias text: input.text
            implicitHeight: 28
            color: cell.row % 2 ? "#f5f5f5" : "white"
            TextInput {
                id: input
                anchors.fill: parent
                leftPadding: 6
                rightPadding: 6
                verticalAlignment: TextInput.AlignVCenter
                clip: true
                font.pixelSize: 14
                selectByMouse: true
                // Long texts show their start until the cell is edited.
                autoScroll: input.activeFocus
                text: cell.display === undefined ? "" : String(cell.display)
                onEditingFinished: {
                    if (input.text !== String(cell.display))
                        cell.model.edit = input.text
                }
            }
        }
    }
}
