#!/usr/bin/env bash
# A private PostgreSQL 15 cluster and a private RabbitMQ node that fault tests and the fault drill
# (bench/faults) may kill without touching the shared servers other test runs use.
#
#   deploy/private-infra.sh start [DIR]   create (or reuse) DIR, start both; prints NAME=value lines
#   deploy/private-infra.sh pg-kill DIR   pg_ctl stop -m immediate (a crash: no checkpoint, no goodbyes)
#   deploy/private-infra.sh pg-start DIR  start PostgreSQL again (crash recovery), wait until it accepts
#   deploy/private-infra.sh mq-kill DIR   SIGKILL this node's broker VM (only it: found by its pid file
#                                         and checked against its own marker argument)
#   deploy/private-infra.sh mq-start DIR  start the broker again, wait until it has booted
#   deploy/private-infra.sh queues DIR    the vhost's queues: name<TAB>messages, one a line
#   deploy/private-infra.sh stop DIR [LOGS]  stop both and remove DIR (first copying the servers' logs
#                                         into LOGS, when given)
#
# Every command is idempotent. Safety: nothing here names the shared servers (postgresql@15-main,
# rabbit@<host>): PostgreSQL is addressed only by its data directory under DIR, RabbitMQ only by its
# own node name on its own epmd port, and DIR must carry the marker file `start` wrote. The node runs
# as root (not the rabbitmq user), so deploy/dev.sh's clean-up of the shared broker's leftovers does
# not match it either. Everything binds 127.0.0.1.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
RABBITMQ_SBIN=/usr/lib/rabbitmq/bin
MARKER=.leaddialer-private-infra
ROLE=leaddialer
PASSWORD=leaddialer
VHOST=leaddialer

die() { printf 'private-infra: %s\n' "$*" >&2; exit 1; }
note() { printf 'private-infra: %s\n' "$*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------
# state: DIR/env holds the ports and names chosen at the first start, so restarts reuse them
# ---------------------------------------------------------------------------------------------------
load() {
  DIR=${1:?usage: $0 <command> DIR}
  DIR=$(cd "$DIR" 2>/dev/null && pwd) || die "$1 does not exist"
  [[ -f "$DIR/$MARKER" && -f "$DIR/env" ]] || die "$DIR was not made by '$0 start' (no $MARKER); refusing to touch it"
  # shellcheck disable=SC1091
  source "$DIR/env"
  PGDATA="$DIR/pg/data"
  MQ_PIDFILE="$DIR/mq/$MQ_NODE.pid"
}

print_env() {
  cat <<EOF
DIR=$DIR
PG_PORT=$PG_PORT
POSTGRES=Host=127.0.0.1;Port=$PG_PORT;Username=$ROLE;Password=$PASSWORD;SSL Mode=Disable
MQ_PORT=$MQ_PORT
MQ_NODE=$MQ_NODE
RABBITMQ=amqp://$ROLE:$PASSWORD@127.0.0.1:$MQ_PORT/$VHOST
EOF
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
pg_running() { [[ -f "$PGDATA/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }

pg_init() {
  [[ -f "$PGDATA/PG_VERSION" ]] && return 0
  mkdir -p "$DIR/pg/socket"
  chown -R postgres:postgres "$DIR/pg"
  as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/pg/initdb.log" 2>&1 \
    || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
  # fsync off: the faults here kill processes, not the machine, and the OS cache survives those;
  # it spares the shared machine's disk.
  cat >>"$PGDATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DIR/pg/socket'
max_connections = 300
shared_buffers = 64MB
fsync = off
full_page_writes = off
logging_collector = off
EOF
}

cmd_pg_start() {
  if pg_running; then return 0; fi
  # After `-m immediate` the postmaster may still be exiting; pg_ctl start handles a stale pid file.
  as_postgres "$PG_BIN/pg_ctl" start -D "$PGDATA" -l "$DIR/pg/postgres.log" -w -t 120 >/dev/null \
    || { tail -n 30 "$DIR/pg/postgres.log" >&2; die "PostgreSQL on port $PG_PORT did not start"; }
  local deadline=$((SECONDS + 60))
  until as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; do
    ((SECONDS < deadline)) || die "PostgreSQL on port $PG_PORT does not accept connections"
    sleep 0.2
  done
}

pg_role() {
  as_postgres "$PG_BIN/psql" -h "$DIR/pg/socket" -p "$PG_PORT" -d postgres -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
GRANT pg_signal_backend TO $ROLE;
SQL
}

cmd_pg_kill() {
  pg_running || return 0
  as_postgres "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m immediate -w -t 60 >/dev/null
}

# ---------------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------------
# The node's whole environment: its own name, ports, files and cookie (HOME), none of /etc/rabbitmq.
mq_env() {
  export HOME="$DIR/mq/home"
  export RABBITMQ_NODENAME="$MQ_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$MQ_PORT"
  export RABBITMQ_DIST_PORT="$MQ_DIST_PORT"
  export ERL_EPMD_PORT="$MQ_EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$DIR/mq/mnesia"
  export RABBITMQ_LOG_BASE="$DIR/mq/log"
  export RABBITMQ_PID_FILE="$MQ_PIDFILE"
  export RABBITMQ_CONFIG_FILE="$DIR/mq/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/mq/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$DIR/mq/rabbitmq-env.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/mq/enabled_plugins"
  # The marker lets mq-kill prove a pid is this node's VM before it signals it.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} -leaddialer_private_infra $DIR"
}

mqctl() { (mq_env && timeout -k 5 330 "$RABBITMQ_SBIN/rabbitmqctl" -q -n "$MQ_NODE" "$@"); }

# The broker VM's pid, if it is alive and really is this node's (pid files outlive a SIGKILL).
mq_pid() {
  local pid
  [[ -f "$MQ_PIDFILE" ]] || return 1
  pid=$(<"$MQ_PIDFILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(tr "\\0" " " 2>/dev/null <"/proc/$pid/cmdline")" == *"-leaddialer_private_infra $DIR "* ]] || return 1
  echo "$pid"
}

mq_init() {
  [[ -f "$DIR/mq/rabbitmq.conf" ]] && return 0
  mkdir -p "$DIR/mq/home" "$DIR/mq/mnesia" "$DIR/mq/log"
  : >"$DIR/mq/rabbitmq-env.conf"
  echo '[].' >"$DIR/mq/enabled_plugins"   # no management/prometheus listeners to collide with the shared node's
  echo '[].' >"$DIR/mq/advanced.config"
  cat >"$DIR/mq/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$MQ_PORT
default_user = $ROLE
default_pass = $PASSWORD
default_vhost = $VHOST
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
default_user_tags.administrator = false
log.file.level = warning
EOF
}

cmd_mq_start() {
  mq_pid >/dev/null && return 0
  rm -f "$MQ_PIDFILE"
  (
    mq_env
    # Its own epmd, so the shared node's epmd (and anyone restarting it) is never involved.
    /usr/bin/epmd -port "$MQ_EPMD_PORT" -address 127.0.0.1 -daemon </dev/null >/dev/null 2>&1
    cd "$DIR/mq"
    exec setsid nohup "$RABBITMQ_SBIN/rabbitmq-server" </dev/null >>"$DIR/mq/log/console.log" 2>&1
  ) &
  # `wait` returns once the node has booted (or failed, which it reports).
  local why
  why=$(mqctl wait --timeout 300 "$MQ_PIDFILE" 2>&1) || {
    printf '%s\n' "$why" >&2
    tail -n 40 "$DIR/mq/log/$MQ_NODE.log" >&2 2>/dev/null || true
    die "RabbitMQ node $MQ_NODE did not start (logs in $DIR/mq/log)"
  }
}

cmd_mq_kill() {
  local pid
  pid=$(mq_pid) || return 0
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

cmd_queues() {
  mqctl list_queues -p "$VHOST" --no-table-headers name messages | awk 'NF == 2 {print $1 "\t" $2}'
}

# ---------------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------------
cmd_start() {
  [[ $(id -u) -eq 0 ]] || die "run as root (PostgreSQL runs as the postgres user)"
  [[ -x "$PG_BIN/initdb" ]] || die "$PG_BIN/initdb missing: apt-get install postgresql-15"
  [[ -x "$RABBITMQ_SBIN/rabbitmq-server" ]] || die "rabbitmq-server missing: apt-get install rabbitmq-server"
  local dir=${1:-}
  if [[ -z "$dir" ]]; then
    dir=$(mktemp -d /tmp/leaddialer-private-infra.XXXXXX)
  fi
  mkdir -p "$dir"
  if [[ ! -f "$dir/$MARKER" ]]; then
    [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty and not a private infrastructure directory"
    chmod 755 "$dir"   # the postgres user must reach its data directory inside
    local id
    id=$(basename "$dir"); id=${id##*.}; id=$(tr -c 'a-zA-Z0-9\n' '-' <<<"$id" | tr 'A-Z' 'a-z')
    cat >"$dir/env" <<EOF
PG_PORT=$(free_port)
MQ_PORT=$(free_port)
MQ_DIST_PORT=$(free_port)
MQ_EPMD_PORT=$(free_port)
MQ_NODE=ldfaults-$id@localhost
EOF
    touch "$dir/$MARKER"
  fi
  load "$dir"
  pg_init
  cmd_pg_start
  pg_role
  mq_init
  cmd_mq_start
  print_env
}

cmd_stop() {
  local dir=${1:?usage: $0 stop DIR [LOGS]} logs=${2:-}
  [[ -d "$dir" ]] || return 0
  load "$dir"
  if [[ -n "$logs" ]]; then
    mkdir -p "$logs"
    cp "$DIR/pg/postgres.log" "$logs/postgres.log" 2>/dev/null || true
    cp "$DIR/mq/log/console.log" "$logs/rabbitmq-console.log" 2>/dev/null || true
    cp "$DIR/mq/log/$MQ_NODE.log" "$logs/rabbitmq.log" 2>/dev/null || true
  fi
  if pg_running; then
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t 30 >/dev/null 2>&1 || cmd_pg_kill
  fi
  local pid
  if pid=$(mq_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    cmd_mq_kill
  fi
  # This node's epmd only: started with its own port, which is in its command line.
  ERL_EPMD_PORT="$MQ_EPMD_PORT" /usr/bin/epmd -port "$MQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
  rm -rf "$DIR"
}

main() {
  local command=${1:-}
  (($# > 0)) && shift
  case $command in
    start)    cmd_start "$@" ;;
    pg-kill)  load "$@"; cmd_pg_kill ;;
    pg-start) load "$@"; cmd_pg_start ;;
    mq-kill)  load "$@"; cmd_mq_kill ;;
    mq-start) load "$@"; cmd_mq_start ;;
    queues)   load "$@"; cmd_queues ;;
    env)      load "$@"; print_env ;;
    stop)     cmd_stop "$@" ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
  esac
}

main "$@"
