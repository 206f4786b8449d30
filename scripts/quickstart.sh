#!/usr/bin/env bash
# Builds and runs examples/quickstart on a fresh SQLite file, with the SQL echo on.
#
#   scripts/quickstart.sh [--build-dir DIR]     (default build dir: build)
#
# Installs missing Debian packages first (scripts/deps.sh; needs root on a fresh machine).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

build_dir=$root/build
while (($#)); do
    case $1 in
    --build-dir)
        (($# >= 2)) || { echo "quickstart.sh: --build-dir needs a directory" >&2 && exit 2; }
        build_dir=$2
        [[ $build_dir == /* ]] || build_dir=$root/$build_dir
        shift
        ;;
    -h | --help)
        sed -n '2,6s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    *)
        echo "quickstart.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

"$root/scripts/deps.sh"

cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug
cmake --build "$build_dir" --target quickstart

work=$(mktemp -d /tmp/qorm-quickstart.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo
echo "== Running the quickstart on $work/quickstart.sqlite"
QT_LOGGING_RULES="qorm.sql.debug=true" "$build_dir/examples/quickstart/quickstart" "$work/quickstart.sqlite"
