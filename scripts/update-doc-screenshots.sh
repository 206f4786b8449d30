#!/bin/bash
# Copies the example apps' screenshots, as the screenshot tests last wrote them, into
# docs/images/ (which docs/qml.md and docs/widgets.md show).
#
#     scripts/update-doc-screenshots.sh [BUILD_DIR]     (default: build)
#
# Run `ctest --test-dir BUILD_DIR -L examples` first: it writes BUILD_DIR/screenshots/*.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shots=$build/screenshots
if ! ls "$shots"/*.png >/dev/null 2>&1; then
    echo "no screenshots in $shots: run ctest --test-dir $build -L examples first" >&2
    exit 1
fi
mkdir -p "$root/docs/images"
for png in "$shots"/*.png; do
    cp -v "$png" "$root/docs/images/"
done
