#!/usr/bin/env bash
# Throw-away PostgreSQL 15 and MariaDB 10.11 servers on 127.0.0.1 for the test suite.
#
#   scripts/dbs.sh start DIR   initialise and start both servers with their data and logs in DIR
#                              (created if needed), create the database "qorm" on each, and
#                              write DIR/env with QORM_TEST_POSTGRESQL and QORM_TEST_MARIADB
#   scripts/dbs.sh env DIR     print DIR/env:  eval "$(scripts/dbs.sh env DIR)"
#   scripts/dbs.sh stop DIR    stop both servers; never fails, also after a failed start
#   scripts/dbs.sh stop-postgresql DIR, stop-mariadb DIR
#                              stop one server (tests of a lost connection)
#   scripts/dbs.sh start-postgresql DIR, start-mariadb DIR
#                              start one server again, on the port it had, after `start DIR`
#
# Ports: the first free one from 54329 (PostgreSQL) and 33069 (MariaDB) upwards, or
# QORM_PG_PORT / QORM_MARIADB_PORT. Root runs PostgreSQL as the "postgres" user (initdb refuses
# root) and MariaDB as root; another user runs both as itself. The servers need no password
# (trust / empty root password) and listen on loopback only: never use them for real data.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PATH=$PATH:/usr/sbin:/usr/local/sbin

usage() {
    sed -n '2,18s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

(($# == 2)) || usage
command=$1
[[ -n $2 ]] || usage
if [[ ! -d $2 ]]; then
    case $command in
    start) mkdir -p "$2" ;;
    stop | stop-postgresql | stop-mariadb) exit 0 ;;
    *) echo "dbs.sh: no directory $2" >&2 && exit 1 ;;
    esac
fi
ROOT=$(cd "$2" && pwd)
PG=$ROOT/pg
MY=$ROOT/my

say() { echo "dbs.sh: $*"; }

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_ports_from() {
    local port=$1 found=0
    while ((found < 5 && port < $1 + 200)); do
        if port_is_free "$port"; then
            echo "$port"
            found=$((found + 1))
        fi
        port=$((port + 1))
    done
}

tail_log() {
    local file
    for file in "$@"; do
        [[ -f $file ]] || continue
        echo "----- last lines of $file -----" >&2
        tail -n 25 "$file" >&2
    done
}

as_postgres() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_stop() {
    [[ -f $PG/data/postmaster.pid ]] || return 0
    as_postgres "$PGBIN/pg_ctl" -D "$PG/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
        || as_postgres "$PGBIN/pg_ctl" -D "$PG/data" -m immediate -w -t 10 stop >/dev/null 2>&1 \
        || true
}

mariadb_stop() {
    [[ -f $MY/mariadbd.pid ]] || return 0
    local pid
    pid=$(cat "$MY/mariadbd.pid" 2>/dev/null || true)
    mariadb-admin --no-defaults --protocol=socket --socket="$MY/mariadbd.sock" -uroot \
        --connect-timeout=5 shutdown >/dev/null 2>&1 || true
    if [[ -n $pid ]]; then
        local i
        for ((i = 0; i < 300; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            ((i != 100)) || kill -TERM "$pid" 2>/dev/null || true
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$MY/mariadbd.pid"
}

pg_start() {
    [[ -x $PGBIN/initdb ]] || {
        say "PostgreSQL 15 is not installed ($PGBIN/initdb missing): run scripts/deps.sh --servers" >&2
        return 1
    }
    mkdir -p "$PG"
    if ((EUID == 0)); then
        chown postgres:postgres "$PG"
        runuser -u postgres -- test -x "$PG" || {
            say "the postgres user cannot reach $PG: use a directory under /tmp" >&2
            return 1
        }
    fi
    if [[ ! -f $PG/data/PG_VERSION ]]; then
        as_postgres "$PGBIN/initdb" -D "$PG/data" -U postgres -A trust --no-sync -E UTF8 \
            --locale=C.UTF-8 >"$PG/initdb.log" 2>&1 || {
            say "initdb failed" >&2
            tail_log "$PG/initdb.log"
            return 1
        }
    fi
    local port
    for port in ${QORM_PG_PORT:-$(free_ports_from 54329)}; do
        # No unix socket: clients use TCP, and DIR may be too long for a socket path.
        if as_postgres "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w -t 60 \
            -o "-p $port -k '' -c listen_addresses=127.0.0.1 -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            # Make sure that what answers on the port is this server before touching it.
            local datadir
            datadir=$("$PGBIN/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
                -c "SHOW data_directory" 2>"$PG/createdb.log" || true)
            if [[ $datadir != "$PG/data" ]]; then
                say "port $port does not lead to this PostgreSQL (got '$datadir')" >&2
                tail_log "$PG/createdb.log"
                return 1
            fi
            # A data directory started before has the database already.
            local exists
            exists=$("$PGBIN/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
                -c "SELECT 1 FROM pg_database WHERE datname = 'qorm'" 2>>"$PG/createdb.log" || true)
            if [[ $exists == 1 ]] || "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres \
                -d postgres -c "CREATE DATABASE qorm" >"$PG/createdb.log" 2>&1; then
                PG_PORT=$port
                echo "$port" >"$ROOT/pg.port"
                say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
                return 0
            fi
            say "PostgreSQL started but CREATE DATABASE failed" >&2
            tail_log "$PG/createdb.log"
            return 1
        fi
        grep -qs "Address already in use" "$PG/server.log" || break
        say "PostgreSQL port $port was taken meanwhile, trying the next one"
    done
    say "PostgreSQL did not start" >&2
    tail_log "$PG/server.log"
    return 1
}

mariadb_start() {
    if ! command -v mariadbd >/dev/null || ! command -v mariadb-install-db >/dev/null; then
        say "MariaDB is not installed: run scripts/deps.sh --servers" >&2
        return 1
    fi
    mkdir -p "$MY"
    local user=()
    ((EUID != 0)) || user=(--user=root)
    if [[ ! -d $MY/data/mysql ]]; then
        mariadb-install-db --no-defaults --datadir="$MY/data" "${user[@]}" \
            --auth-root-authentication-method=normal --skip-test-db >"$MY/install.log" 2>&1 || {
            say "mariadb-install-db failed" >&2
            tail_log "$MY/install.log"
            return 1
        }
    fi
    local port pid i
    for port in ${QORM_MARIADB_PORT:-$(free_ports_from 33069)}; do
        : >"$MY/server.log"
        # --no-defaults keeps /etc/mysql out, so the character set Debian configures there is set here.
        mariadbd --no-defaults --datadir="$MY/data" "${user[@]}" \
            --socket="$MY/mariadbd.sock" --pid-file="$MY/mariadbd.pid" --log-error="$MY/server.log" \
            --port="$port" --bind-address=127.0.0.1 --skip-networking=0 --skip-name-resolve \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
            --innodb-flush-log-at-trx-commit=0 --skip-log-bin --max-connections=200 \
            </dev/null >>"$MY/server.log" 2>&1 &
        pid=$!
        echo "$pid" >"$MY/mariadbd.pid"
        for ((i = 0; i < 600; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            # Ask through this server's own socket: another server may hold the port.
            if mariadb-admin --no-defaults --protocol=socket --socket="$MY/mariadbd.sock" -uroot \
                --connect-timeout=2 ping >/dev/null 2>&1; then
                local socket
                socket=$(mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$port" -uroot -N \
                    -e "SELECT @@socket" 2>"$MY/createdb.log" || true)
                if [[ $socket != "$MY/mariadbd.sock" ]]; then
                    say "port $port does not lead to this MariaDB (got '$socket')" >&2
                    tail_log "$MY/createdb.log"
                    return 1
                fi
                if mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$port" -uroot \
                    -e "CREATE DATABASE IF NOT EXISTS qorm" >"$MY/createdb.log" 2>&1; then
                    MY_PORT=$port
                    echo "$port" >"$ROOT/my.port"
                    say "MariaDB $(mariadbd --version | awk '{print $3}' | cut -d- -f1) on 127.0.0.1:$port"
                    return 0
                fi
                say "MariaDB started but CREATE DATABASE failed" >&2
                tail_log "$MY/createdb.log"
                return 1
            fi
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "MariaDB did not answer within 60 s" >&2
            break
        fi
        rm -f "$MY/mariadbd.pid"
        grep -qsE "Address already in use|Bind on TCP/IP port" "$MY/server.log" || break
        say "MariaDB port $port was taken meanwhile, trying the next one"
    done
    say "MariaDB did not start" >&2
    tail_log "$MY/server.log"
    return 1
}

case $command in
start)
    if ((${#ROOT} > 80)); then
        say "$ROOT is too long for a unix socket path: use a shorter directory" >&2
        exit 1
    fi
    chmod 755 "$ROOT"
    rm -f "$ROOT/env"
    PG_PORT='' MY_PORT=''
    if ! pg_start || ! mariadb_start; then
        pg_stop
        mariadb_stop
        say "start failed; logs are in $ROOT" >&2
        exit 1
    fi
    cat >"$ROOT/env" <<EOF
export QORM_TEST_POSTGRESQL='host=127.0.0.1;port=$PG_PORT;user=postgres;password=;database=qorm'
export QORM_TEST_MARIADB='host=127.0.0.1;port=$MY_PORT;user=root;password=;database=qorm'
EOF
    say "wrote $ROOT/env"
    ;;
env)
    [[ -f $ROOT/env ]] || {
        say "no $ROOT/env: the servers were not started there" >&2
        exit 1
    }
    cat "$ROOT/env"
    ;;
stop)
    pg_stop
    mariadb_stop
    rm -f "$ROOT/env"
    say "stopped the servers in $ROOT"
    ;;
stop-postgresql)
    pg_stop
    say "stopped PostgreSQL in $ROOT"
    ;;
stop-mariadb)
    mariadb_stop
    say "stopped MariaDB in $ROOT"
    ;;
start-postgresql | start-mariadb)
    # Clients hold the port: the server comes back on the one it had.
    port_file=$ROOT/pg.port
    [[ $command == start-mariadb ]] && port_file=$ROOT/my.port
    [[ -f $port_file ]] || {
        say "no $port_file: start the servers with \`dbs.sh start $ROOT\` first" >&2
        exit 1
    }
    if [[ $command == start-postgresql ]]; then
        QORM_PG_PORT=$(cat "$port_file") pg_start || exit 1
    else
        QORM_MARIADB_PORT=$(cat "$port_file") mariadb_start || exit 1
    fi
    ;;
*) usage ;;
esac
