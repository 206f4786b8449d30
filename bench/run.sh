#!/usr/bin/env bash
# Builds and runs the Qorm benchmark (see bench/README.md and BENCHMARKS.md).
#
#   bench/run.sh [--database sqlite|postgresql|mariadb] [--n N] [--repeat R] [-- BENCH-ARGS...]
#
#   --database   sqlite (default: a file database in a temporary directory), or postgresql /
#                mariadb on throw-away servers (scripts/dbs.sh, stopped on exit)
#   --n N        Users per phase (default 100000); the relationship phases use N/10 owners
#                with 10 addresses each
#   --repeat R   runs on fresh databases, medians reported (default 5)
#   -- ...       passed on to qorm_bench (e.g. --trace, --only qorm)
#
# Makes a Release build in build-bench when needed (cmake -G Ninja, tests, QML and examples off;
# QORM_BUILD_JOBS sets the parallel jobs, default 2). The last line of standard output is one
# JSON object with the medians and the ratios Qorm/floor.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$root/build-bench
database=sqlite
n=100000
repeat=5
extra=()

die() {
    echo "run.sh: $*" >&2
    exit 2
}

while (($#)); do
    case $1 in
    --database)
        [[ ${2:-} =~ ^(sqlite|postgresql|mariadb)$ ]] || die "--database needs sqlite, postgresql or mariadb"
        database=$2
        shift
        ;;
    --n)
        [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--n needs a positive number"
        n=$2
        shift
        ;;
    --repeat)
        [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--repeat needs a positive number"
        repeat=$2
        shift
        ;;
    -h | --help)
        sed -n '2,15s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    --)
        shift
        extra=("$@")
        break
        ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

# Build (Ninja does nothing when the build is up to date). Progress goes to stderr so that the
# JSON object stays the last line of standard output.
if [[ ! -f $build_dir/build.ninja ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DQORM_BUILD_TESTS=OFF -DQORM_BUILD_QML=OFF -DQORM_BUILD_EXAMPLES=OFF \
        -DQORM_BUILD_BENCHMARKS=ON >&2
fi
cmake --build "$build_dir" --target qorm_bench --parallel "${QORM_BUILD_JOBS:-2}" >&2
bench=$build_dir/bench/qorm_bench
[[ -x $bench ]] || die "no $bench after the build"

work_dir=$(mktemp -d /tmp/qorm-bench.XXXXXX)
servers_dir='' # a directory of its own: dbs.sh opens it to the postgres user

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local status=$?
    if [[ -n $servers_dir ]]; then
        "$root/scripts/dbs.sh" stop "$servers_dir" >&2 || true
    fi
    if ((status == 0)); then
        rm -rf "$work_dir" ${servers_dir:+"$servers_dir"}
    else
        echo "run.sh: failed (exit code $status); files kept in $work_dir $servers_dir" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

args=(--database "$database" --n "$n" --repeat "$repeat")
case $database in
sqlite)
    mkdir -p "$work_dir/sqlite"
    args+=(--sqlite-dir "$work_dir/sqlite")
    ;;
postgresql | mariadb)
    servers_dir=$(mktemp -d /tmp/qorm-bench-dbs.XXXXXX)
    "$root/scripts/dbs.sh" start "$servers_dir" >&2
    # shellcheck disable=SC1091
    source "$servers_dir/env"
    ;;
esac

"$bench" "${args[@]}" "${extra[@]}"
