// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The mapped classes as QML types of the app's module (import MusicLibrary), so that qmllint
// and the QML compiler know their properties. They stay uncreatable: objects come from the
// session. QML_FOREIGN keeps QML out of the data library that the Widgets app shares.

#include "models.h"

#include <QtQml/qqml.h>

struct ArtistForeign
{
    Q_GADGET
    QML_FOREIGN(Artist)
    QML_NAMED_ELEMENT(Artist)
    QML_UNCREATABLE("Artists come from the session")
};

struct AlbumForeign
{
    Q_GADGET
    QML_FOREIGN(Album)
    QML_NAMED_ELEMENT(Album)
    QML_UNCREATABLE("Albums come from the session")
};

struct TrackForeign
{
    Q_GADGET
    QML_FOREIGN(Track)
    QML_NAMED_ELEMENT(Track)
    QML_UNCREATABLE("Tracks come from the session")
};
