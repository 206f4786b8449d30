import QtQuick
import Qorm

// Authors on the left, the selected author's books on the right. QtQuick alone: no Controls
// or Layouts module is needed at run time.
Window {
    id: window

    required property Session session
    readonly property var currentAuthor: authorList.currentIndex >= 0
                                         && authorList.currentIndex < authorList.count
                                         ? authorQuery.get(authorList.currentIndex) : null
    readonly property string currentAuthorName: window.currentAuthor ? window.currentAuthor.name : ""

    width: 800
    height: 500
    visible: true
    title: qsTr("%{ProjectName}")

    // Every author, by name, read page by page as the list scrolls.
    QueryModel {
        id: authorQuery
        session: window.session
        entity: "Author"
        orderBy: ["name"]
    }

    component ActionButton: Rectangle {
        id: button
        property alias text: label.text
        signal clicked()
        width: label.implicitWidth + 24
        height: 30
        radius: 4
        color: !button.enabled ? "#e0e0e0" : area.pressed ? "#b8c8e0" : "#d8e0ec"
        opacity: button.enabled ? 1 : 0.6
        Text {
            id: label
            anchors.centerIn: parent
            font.pixelSize: 14
        }
        MouseArea {
            id: area
            anchors.fill: parent
            onClicked: button.clicked()
        }
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
                enabled: window.session.hasChanges
                onClicked: {
                    if (window.session.commit())
                        status.text = qsTr("Saved")
                }
            }
            ActionButton {
                text: qsTr("Revert")
                enabled: window.session.hasChanges
                onClicked: window.session.rollback()
            }
            Text {
                id: status
                anchors.verticalCenter: parent.verticalCenter
                font.pixelSize: 14
            }
        }
    }

    ListView {
        id: authorList
        objectName: "authors"
        y: toolBar.height
        width: 260
        height: window.height - y
        clip: true
        model: authorQuery
        Component.onCompleted: {
            authorQuery.fetchMore()
            authorList.currentIndex = 0
        }
        delegate: Rectangle {
            id: authorDelegate
            required property int index
            required property string name
            readonly property bool current: authorDelegate.ListView.isCurrentItem
            width: authorDelegate.ListView.view.width
            height: 28
            color: authorDelegate.current ? "#3d7cc9" : "white"
            Text {
                anchors.verticalCenter: parent.verticalCenter
                x: 8
                font.pixelSize: 14
                color: authorDelegate.current ? "white" : "#202020"
                text: authorDelegate.name
            }
            MouseArea {
                anchors.fill: parent
                onClicked: authorDelegate.ListView.view.currentIndex = authorDelegate.index
            }
        }
    }

    // The relationship collection (Author.books) is a list model: bound directly.
    ListView {
        id: bookList
        objectName: "books"
        x: authorList.width + 1
        y: toolBar.height
        width: window.width - x
        height: window.height - y
        clip: true
        model: window.currentAuthor ? window.currentAuthor.books : null
        delegate: Text {
            required property string title
            required property int year
            x: 8
            height: 28
            verticalAlignment: Text.AlignVCenter
            font.pixelSize: 14
            text: title + " (" + year + ")"
        }
    }
}
