#!/usr/bin/env bash
# Installs the Debian 12 packages Qorm needs to build and test, only those that are missing.
#
#   scripts/deps.sh             build tools, Qt 6 (Core, Sql, Qml, Quick, Test), SQL drivers, sqlite3,
#                               Doxygen (the API reference), Qt Creator, Xvfb and Python 3 (the
#                               project template's tests drive Qt Creator), these without their
#                               recommended packages
#   scripts/deps.sh --servers   also PostgreSQL 15 and MariaDB 10.11 (for scripts/dbs.sh)
#
# Idempotent: with everything present it changes nothing and needs no root.
set -euo pipefail

packages=(
    cmake ninja-build g++ clang-format
    qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtqml
    qml6-module-qtqml-workerscript qml6-module-qtqml-models qml6-module-qttest
    libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql sqlite3 libsqlite3-dev
)
# Installed without recommends: Qt Creator's would add a compiler tool chain of their own.
lean_packages=(doxygen qtcreator xvfb python3 libxtst6)

for arg in "$@"; do
    case $arg in
    --servers) packages+=(postgresql-15 mariadb-server mariadb-client) ;;
    -h | --help)
        sed -n '2,7s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    *)
        echo "deps.sh: unknown argument '$arg' (use --servers or --help)" >&2
        exit 2
        ;;
    esac
done

missing=()
lean_missing=()
for package in "${packages[@]}" "${lean_packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [[ $status == installed ]] && continue
    if [[ " ${lean_packages[*]} " == *" $package "* ]]; then
        lean_missing+=("$package")
    else
        missing+=("$package")
    fi
done

if ((${#missing[@]} + ${#lean_missing[@]} == 0)); then
    echo "deps.sh: all $((${#packages[@]} + ${#lean_packages[@]})) packages are installed"
    exit 0
fi

if ((EUID != 0)); then
    echo "deps.sh: missing Debian packages: ${missing[*]} ${lean_missing[*]}" >&2
    echo "deps.sh: install them as root: apt-get install ${missing[*]} ${lean_missing[*]}" >&2
    exit 1
fi

echo "deps.sh: installing ${missing[*]} ${lean_missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
((${#missing[@]} == 0)) || apt-get install -y -q "${missing[@]}"
((${#lean_missing[@]} == 0)) || apt-get install -y -q --no-install-recommends "${lean_missing[@]}"
