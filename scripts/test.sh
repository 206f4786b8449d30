#!/usr/bin/env bash
# Builds Qorm and runs the whole test suite against SQLite, PostgreSQL and MariaDB.
#
#   scripts/test.sh [--sanitize] [--build-dir DIR] [--jobs N]
#
#   --sanitize       ASan + UBSan + LSan build (default build dir: build-sanitize instead of
#                    build). It runs every test that executes code; the checks that only read
#                    the tree (ctest labels format, docs, layering, static: formatting, links,
#                    Doxygen, include layering, code that must not compile, qmllint) are left
#                    to the plain run, since a sanitizer cannot change their outcome
#   --build-dir DIR  build directory (relative to the repository root or absolute)
#   --jobs N         parallel compile jobs (default: number of cores); ctest always runs -j2
#
# Installs missing Debian packages (scripts/deps.sh --servers, needs root on a fresh machine),
# configures a Debug build with -Werror, starts throw-away PostgreSQL and MariaDB servers in a
# temporary directory (stopped on exit, also after a failure or Ctrl-C), runs ctest, and then
# counts the passed data rows per database in the test output: QTest prints one line per row,
# "PASS   : tst_X::f(postgresql)" (or "(postgresql:detail)" for combined rows). The run fails
# when ctest fails, or when no PostgreSQL or no MariaDB row passed although the servers ran.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sanitize=0
build_dir=''
jobs=$(nproc 2>/dev/null || echo 2)

while (($#)); do
    case $1 in
    --sanitize) sanitize=1 ;;
    --build-dir)
        (($# >= 2)) || { echo "test.sh: --build-dir needs a directory" >&2 && exit 2; }
        build_dir=$2
        shift
        ;;
    --jobs)
        [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "test.sh: --jobs needs a number" >&2 && exit 2; }
        jobs=$2
        shift
        ;;
    -h | --help)
        sed -n '2,13s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    *)
        echo "test.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

if [[ -z $build_dir ]]; then
    build_dir=build
    ((sanitize == 0)) || build_dir=build-sanitize
fi
[[ $build_dir == /* ]] || build_dir=$root/$build_dir

step() { printf '\n== %s\n' "$*"; }

step "Dependencies"
"$root/scripts/deps.sh" --servers

step "Configure ($build_dir)"
sanitize_option=OFF
((sanitize == 0)) || sanitize_option=ON
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DQORM_WERROR=ON -DQORM_SANITIZE=$sanitize_option

step "Build"
cmake --build "$build_dir" --parallel "$jobs"

servers_dir=$(mktemp -d /tmp/qorm-dbs.XXXXXX)
runtime_dir=$(mktemp -d /tmp/qorm-runtime.XXXXXX)
servers_stopped=0
ctest_pid=''
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local status=$?
    if [[ -n $ctest_pid ]]; then
        kill -TERM -- "-$ctest_pid" 2>/dev/null || kill -TERM "$ctest_pid" 2>/dev/null || true
        wait "$ctest_pid" 2>/dev/null || true
    fi
    ((servers_stopped)) || "$root/scripts/dbs.sh" stop "$servers_dir" || true
    rm -rf "$runtime_dir"
    # Keep the server logs when something went wrong.
    if ((status == 0)); then
        rm -rf "$servers_dir"
    else
        echo "test.sh: server logs kept in $servers_dir" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "Database servers"
"$root/scripts/dbs.sh" start "$servers_dir"
# shellcheck disable=SC1091
source "$servers_dir/env"

export XDG_RUNTIME_DIR=$runtime_dir
export QT_QPA_PLATFORM=offscreen
if ((sanitize)); then
    export ASAN_OPTIONS=detect_leaks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
fi

step "Tests"
ctest_status=0
# In the background and in a process group of its own, so that a TERM or INT stops it and
# the tests it runs at once (see cleanup).
ctest_filter=()
((sanitize == 0)) || ctest_filter=(--label-exclude '^(format|docs|layering|static)$')
setsid ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 600 "${ctest_filter[@]}" &
ctest_pid=$!
wait "$ctest_pid" || ctest_status=$?
ctest_pid=''
"$root/scripts/dbs.sh" stop "$servers_dir" && servers_stopped=1

# ctest keeps every test's complete output in LastTest.log, also for tests that passed.
log=$build_dir/Testing/Temporary/LastTest.log
step "Database rows"
if [[ ! -f $log ]]; then
    echo "test.sh: no test output at $log" >&2
    exit 1
fi
count_rows() {
    grep -cE "^(\s*[0-9]+: )?$1 +: .*\($2(:[^)]*)?\)\s*$" "$log" || true
}
sqlite=$(count_rows PASS sqlite)
postgresql=$(count_rows PASS postgresql)
mariadb=$(count_rows PASS mariadb)
echo "Database rows passed: sqlite=$sqlite postgresql=$postgresql mariadb=$mariadb"
skipped=$(($(count_rows SKIP postgresql) + $(count_rows SKIP mariadb)))
((skipped == 0)) || echo "Database rows skipped on the servers: $skipped (see $log)"

status=$ctest_status
if ((postgresql == 0 || mariadb == 0)); then
    echo "test.sh: the servers ran, but no PostgreSQL or no MariaDB test row passed" >&2
    ((status != 0)) || status=1
fi
if ((status == 0)); then
    echo "test.sh: all tests passed (full output: $log)"
else
    echo "test.sh: FAILED (ctest exit code $ctest_status; full output: $log)" >&2
fi
exit "$status"
