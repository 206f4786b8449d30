// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
import QtQuick

// A push button from QtQuick alone (the app needs no Qt Quick Controls).
Rectangle {
    id: button

    property alias text: label.text
    signal clicked()

    implicitWidth: label.implicitWidth + 28
    implicitHeight: 28
    radius: 4
    color: area.pressed ? "#c8d7ea" : "#f6f6f6"
    border.color: button.enabled ? "#8a8a8a" : "#c4c4c4"

    Text {
        id: label
        anchors.centerIn: parent
        font.pixelSize: 14
        color: button.enabled ? "#202020" : "#a0a0a0"
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
