#!/usr/bin/env bash
# LeadDialer local runner: infrastructure (PostgreSQL + RabbitMQ from Debian packages), the services,
# and the test suite — without Docker. See deploy/README.md.
#
#   deploy/dev.sh up        install/start infra, build, start every process, wait until healthy
#   deploy/dev.sh down      stop what `up` started (and the infra only if `up` started it)
#   deploy/dev.sh status    what runs, and whether it is healthy
#   deploy/dev.sh test [dotnet test args...]   infra + isolated test vhost, build, run all tests
#   deploy/dev.sh infra     only the infrastructure part of `up` (packages, servers, role, dbs, vhost)
#   deploy/dev.sh replay-errors [queue]   move dead-lettered messages back to their queue
#
# Everything is idempotent. CI calls `test` on a machine where PostgreSQL and RabbitMQ may have been
# killed -9 a moment ago, and where the packages may or may not be installed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$REPO_ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
SOLUTION="$REPO_ROOT/LeadDialer.sln"
TEST_RESULTS_DIR="$REPO_ROOT/.artifacts/test-results"

# Fixed names the services and tests rely on (BRIEF.md, "Interfaces other parts rely on").
DB_ROLE=leaddialer
DB_PASSWORD=leaddialer
PG_PORT=5432
UP_DATABASES=(leaddialer_leads leaddialer_dialer leaddialer_providergateway leaddialer_webhooks leaddialer_import leaddialer_gateway)
TEST_DATABASE_PATTERN='leaddialer\_test\_%'   # LIKE pattern: tests create leaddialer_test_* themselves
MQ_USER=leaddialer
MQ_PASSWORD=leaddialer
MQ_VHOST=leaddialer
MQ_TEST_VHOST=leaddialer-test

DEV_API_KEY=ld-dev-key-change-me
UP_TIMEOUT_SECONDS="${LEADDIALER_UP_TIMEOUT:-120}"

# name | project dir | port. Start order: simulator and services first, the gateway last.
PROCESSES=(
  "simulator|tests/LeadDialer.ProviderSimulator|8099"
  "leads|services/Leads/LeadDialer.Leads|8081"
  "dialer|services/Dialer/LeadDialer.Dialer|8082"
  "provider-gateway|services/ProviderGateway/LeadDialer.ProviderGateway|8083"
  "webhooks|services/Webhooks/LeadDialer.Webhooks|8084"
  "import|services/Import/LeadDialer.Import|8085"
  "console|services/Console/LeadDialer.Console|8086"
  "gateway|gateway/LeadDialer.Gateway|8080"
)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------------
log()  { printf '[dev.sh %(%H:%M:%S)T] %s\n' -1 "$*"; }
warn() { printf '[dev.sh %(%H:%M:%S)T] WARNING: %s\n' -1 "$*" >&2; }
die()  { printf '[dev.sh %(%H:%M:%S)T] ERROR: %s\n' -1 "$*" >&2; exit 1; }

# Everything that talks to a server gets a hard time limit, so a hung node cannot stall CI.
# `timeout` signals its whole process group, which also covers the su/beam children of rabbitmqctl.
with_timeout() { local seconds=$1; shift; timeout -k 5 "$seconds" "$@"; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and manages PostgreSQL/RabbitMQ)"
}

prepare_run_dir() {
  mkdir -p "$LOG_DIR" "$PID_DIR"
  # Keep .run/ out of git without touching the repository's .gitignore.
  [[ -f "$RUN_DIR/.gitignore" ]] || echo '*' >"$RUN_DIR/.gitignore"
}

# True if something accepts TCP connections on 127.0.0.1:$1 (no ss/netstat dependency).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------
# packages
# ---------------------------------------------------------------------------------------------------
postgres_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_lsclusters >/dev/null; }

# Installs whatever of the needed Debian packages is missing; `apt-get update` only if needed.
ensure_packages() {
  local missing=()
  postgres_installed                    || missing+=(postgresql)
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  command -v curl >/dev/null            || missing+=(curl)
  command -v timeout >/dev/null         || missing+=(coreutils)
  command -v runuser >/dev/null         || missing+=(util-linux)
  if [[ "${1:-}" == --with-browser ]] && ! command -v chromium >/dev/null; then
    missing+=(chromium)  # Playwright tests drive Debian's chromium (BRIEF.md)
  fi
  ((${#missing[@]} == 0)) && return 0

  log "installing missing packages: ${missing[*]}"
  local started=$SECONDS
  # The packages' postinst may be unable to start the servers (policy-rc.d); we start them below.
  apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null
  apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
  log "installed ${missing[*]} ($((SECONDS - started)) s)"
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------
PG_VERSION="" PG_CLUSTER="" PG_DATADIR=""

# Picks the cluster to use: the highest version listening on 5432 (the port the connection strings
# name), else the highest version at all; creates one if the package left none.
select_pg_cluster() {
  local line
  line=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p' | sort -k1,1V | tail -n1)
  [[ -n "$line" ]] || line=$(pg_lsclusters -h 2>/dev/null | sort -k1,1V | tail -n1)
  if [[ -z "$line" ]]; then
    local version
    version=$(basename "$(dirname "$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n1)")")")
    log "no PostgreSQL cluster found: creating $version/main on port $PG_PORT"
    pg_createcluster --port "$PG_PORT" "$version" main >/dev/null
    line=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"')
  fi
  read -r PG_VERSION PG_CLUSTER _port _status _owner PG_DATADIR _rest <<<"$line"
  [[ "$_port" == "$PG_PORT" ]] || warn "cluster $PG_VERSION/$PG_CLUSTER listens on $_port, the services expect $PG_PORT"
}

# (No `| grep -q` in these checks: with pipefail, grep exiting early can fail the pipeline.)
pg_online() {
  local status
  status=$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $4}')
  [[ "$status" == online* ]]
}

# True if $1 is a postgres process that is alive (not a zombie waiting to be reaped).
is_live_postgres() {
  local state
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == postgres* ]] || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
  [[ -n "$state" && "$state" != Z ]]
}

# The lock files a postmaster leaves: its data directory's postmaster.pid and its socket's lock.
pg_lock_files() { echo "$PG_DATADIR/postmaster.pid" "/var/run/postgresql/.s.PGSQL.$PG_PORT.lock"; }

# After kill -9 the old postmaster can take a moment to be gone, and until it is PostgreSQL
# refuses to start ("lock file ... already exists"): wait for it (bounded).
wait_old_postmaster_gone() {
  local f pid deadline=$((SECONDS + 30))
  for f in $(pg_lock_files); do
    [[ -f "$f" ]] || continue
    pid=$(head -n1 "$f" 2>/dev/null || true)
    while is_live_postgres "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  done
}

# Removes lock files whose pid is not a running postgres (e.g. after kill -9 and pid reuse).
remove_stale_pg_lock_files() {
  local f pid
  for f in $(pg_lock_files); do
    [[ -f "$f" ]] || continue
    pid=$(head -n1 "$f" 2>/dev/null || true)
    is_live_postgres "$pid" && continue  # a live postgres owns it: leave it alone
    warn "removing stale $f (pid '${pid}' is not a running postgres)"
    rm -f "$f"
  done
}

# Starts the cluster if it is down; returns 0 if we started it (so `up` can record that), 1 if it
# was already running.
# Several test runs (and later several Dialer/Import instances) each hold connection pools: the
# packaged default of 100 connections is too few. Written to conf.d; a running server that still
# has the old value is restarted once.
PG_SETTINGS_FILE_CONTENT='# written by deploy/dev.sh
max_connections = 300'
configure_postgres() {
  local conf_dir="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d"
  [[ -d "$conf_dir" ]] || return 0
  if [[ "$(cat "$conf_dir/leaddialer.conf" 2>/dev/null)" != "$PG_SETTINGS_FILE_CONTENT" ]]; then
    printf '%s\n' "$PG_SETTINGS_FILE_CONTENT" >"$conf_dir/leaddialer.conf"
    if pg_online; then
      log "PostgreSQL settings changed: restarting $PG_VERSION/$PG_CLUSTER"
      with_timeout 120 pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
    fi
  fi
}

start_postgres() {
  select_pg_cluster
  configure_postgres
  if pg_online; then
    log "PostgreSQL $PG_VERSION/$PG_CLUSTER already running"
    return 1
  fi
  local started=$SECONDS attempt
  log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
  wait_old_postmaster_gone
  for attempt in 1 2 3; do
    with_timeout 120 pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start && break
    if ((attempt == 3)); then
      tail -n 30 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" >&2 || true
      die "PostgreSQL $PG_VERSION/$PG_CLUSTER does not start (log above)"
    fi
    warn "PostgreSQL did not start (attempt $attempt); clearing what a killed server left and trying again"
    wait_old_postmaster_gone
    remove_stale_pg_lock_files
  done
  log "PostgreSQL started ($((SECONDS - started)) s)"
  return 0
}

# pg_ctlcluster returns once the postmaster runs; crash recovery after kill -9 can still make it
# refuse connections for a moment, so poll (bounded) until it accepts them.
wait_postgres_ready() {
  local deadline=$((SECONDS + 60))
  until pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; do
    ((SECONDS < deadline)) || die "PostgreSQL on 127.0.0.1:$PG_PORT did not accept connections within 60 s"
    sleep 0.5
  done
}

# psql as the postgres superuser over the local socket (peer auth). cd / so psql does not complain
# that it cannot read the caller's directory.
pg_super() { (cd / && with_timeout 60 runuser -u postgres -- psql -p "$PG_PORT" -X -q -A -t -v ON_ERROR_STOP=1 "$@"); }

ensure_pg_role() {
  pg_super -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
    CREATE ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
-- Tests drop their databases WITH (FORCE); after a heavy run an autovacuum worker may still be in
-- one, and stopping it needs pg_signal_backend (else 42501 and the database is left behind).
GRANT pg_signal_backend TO $DB_ROLE;
SQL
  # Prove the services' way in (TCP + password) works, rather than failing later inside a service.
  PGPASSWORD="$DB_PASSWORD" with_timeout 30 psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d postgres -c 'SELECT 1' >/dev/null \
    || die "role $DB_ROLE cannot log in over TCP on 127.0.0.1:$PG_PORT (check pg_hba.conf allows scram/md5 for 127.0.0.1)"
}

ensure_pg_database() {
  local db=$1
  if [[ -z "$(pg_super -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
    pg_super -d postgres -c "CREATE DATABASE \"$db\" OWNER $DB_ROLE" >/dev/null
    log "created database $db"
  fi
}

drop_test_databases() {
  local db
  for db in $(pg_super -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE '$TEST_DATABASE_PATTERN'"); do
    pg_super -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
    log "dropped leftover test database $db"
  done
}

# ---------------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------------
MQ_NODE="rabbit@$(hostname -s)"
MQ_PIDFILE="/var/lib/rabbitmq/mnesia/$MQ_NODE.pid"

mqctl() { with_timeout 60 rabbitmqctl -q "$@"; }
# Booted with the rabbit app running. (A SIGSTOPped/hung node makes this fail after ~15 s.)
rabbit_ready() { with_timeout 25 rabbitmq-diagnostics -q check_running >/dev/null 2>&1; }
# The Erlang node answers at all (true early in a boot, before the rabbit app runs; false if hung).
rabbit_node_answers() { with_timeout 25 rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
# A cold start takes ~15 s on a busy 2-core machine; 60 s leaves room without stalling CI for long.
rabbit_wait()  { with_timeout 70 rabbitmqctl -q wait --timeout 60 "$MQ_PIDFILE" >/dev/null 2>&1; }

# Pids of this node's broker VM (not of rabbitmqctl's own short-lived VMs).
rabbit_broker_pids() { pgrep -u rabbitmq -f 'beam.*-s rabbit boot' || true; }

# After kill -9 a half-dead VM or a stale epmd registration can make a fresh start fail; clear them.
kill_rabbit_leftovers() {
  local pid
  for pid in $(rabbit_broker_pids) $(pgrep -u rabbitmq -x epmd || true); do
    warn "killing leftover RabbitMQ process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60))"
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$MQ_PIDFILE"
}

# Loopback only: AMQP, the Erlang distribution (25672, which rabbitmqctl uses) and epmd (4369). The CLI
# reaches the node at its host name, so the distribution listens on the loopback address that name
# resolves to (127.0.0.1, or 127.0.1.1 on a stock Debian /etc/hosts); epmd always adds 127.0.0.1.
MQ_CONF=/etc/rabbitmq/rabbitmq.conf
MQ_ENV_CONF=/etc/rabbitmq/rabbitmq-env.conf
MQ_CONF_MARK="# Written by LeadDialer's deploy/dev.sh (deploy/README.md): loopback only."
MQ_PORT=5672 MQ_DIST_PORT=25672 MQ_EPMD_PORT=${ERL_EPMD_PORT:-4369}

# The address the node's host name resolves to; fails unless it is a loopback address.
mq_dist_address() {
  local host address
  host=$(hostname -s)
  address=$(getent ahostsv4 "$host" | awk 'NR == 1 {print $1}')
  [[ "$address" == 127.* ]] \
    || die "host name $host resolves to '${address:-nothing}', not a loopback address, so RabbitMQ cannot keep its distribution port on loopback; add '127.0.1.1 $host' to /etc/hosts"
  echo "$address"
}

# $1 = AMQP port, $2 = distribution address.
rabbitmq_conf_text() {
  cat <<EOF
$MQ_CONF_MARK
listeners.tcp.default = 127.0.0.1:$1
distribution.listener.interface = $2
EOF
}

# $1 = distribution address. Sourced by every RabbitMQ script (server and CLI), which export it, so
# whichever Erlang VM starts epmd starts it on loopback.
rabbitmq_env_conf_text() {
  cat <<EOF
$MQ_CONF_MARK
ERL_EPMD_ADDRESS=$(sort -u <<<$'127.0.0.1\n'"$1" | paste -sd,)
EOF
}

# Writes $1 with the text on stdin; keeps a file it did not write as $1.before-leaddialer.
# Returns 0 if the content changed.
write_rabbit_file() {
  local file=$1 text
  text=$(cat)
  [[ -f "$file" && "$(cat "$file")" == "$text" ]] && return 1
  if [[ -f "$file" ]] && ! grep -qxF -- "$MQ_CONF_MARK" "$file" && [[ ! -f "$file.before-leaddialer" ]]; then
    cp -p "$file" "$file.before-leaddialer"
  fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$text" >"$file"
  chown rabbitmq:rabbitmq "$file" 2>/dev/null || true
  log "wrote $file"
}

# Returns 0 if either file changed (a running broker then needs a restart to apply it).
configure_rabbitmq() {
  local address changed=1
  address=$(mq_dist_address)
  rabbitmq_conf_text "$MQ_PORT" "$address" | write_rabbit_file "$MQ_CONF" && changed=0
  rabbitmq_env_conf_text "$address" | write_rabbit_file "$MQ_ENV_CONF" && changed=0
  return "$changed"
}

# Something of RabbitMQ (AMQP, distribution, epmd) listens beyond loopback (needs ss; else false).
rabbit_exposed() {
  command -v ss >/dev/null || return 1
  ss -Hltn "( sport = :$MQ_PORT or sport = :$MQ_DIST_PORT or sport = :$MQ_EPMD_PORT )" | awk '$4 !~ /^(127\.|\[::1\]:)/ {found = 1} END {exit !found}'
}

# A broker started before the loopback configuration (an earlier dev.sh, or the package's postinst)
# is stopped, and epmd with it, so that start_rabbitmq starts it again with the configuration.
restart_rabbitmq_if_reconfigured() {
  local config_changed=$1
  rabbit_ready || return 0
  if ((config_changed == 0)) || rabbit_exposed; then
    log "restarting RabbitMQ $MQ_NODE to apply the loopback-only configuration"
    with_timeout 90 rabbitmqctl -q stop "$MQ_PIDFILE" >/dev/null 2>&1 || warn "RabbitMQ did not stop cleanly"
    # epmd outlives the broker and keeps its old (all-interface) socket; `-kill` refuses while
    # another Erlang node is registered, then it stays as it is.
    with_timeout 10 epmd -kill >/dev/null 2>&1 || warn "epmd still runs (another Erlang node uses it); it keeps its old address until then"
  fi
}

# Starts the broker if it is not running; returns 0 if we started it, 1 if it was already running.
start_rabbitmq() {
  local config_changed=1
  configure_rabbitmq && config_changed=0
  restart_rabbitmq_if_reconfigured "$config_changed"
  if rabbit_ready; then
    log "RabbitMQ $MQ_NODE already running"
    return 1
  fi
  # A broker VM that answers but is not ready yet may just be booting (someone else started it):
  # wait for it. One that does not even answer is hung: go straight to a restart.
  if [[ -n "$(rabbit_broker_pids)" ]] && rabbit_node_answers && rabbit_wait; then
    log "RabbitMQ $MQ_NODE finished booting"
    return 1
  fi
  local started=$SECONDS attempt
  for attempt in 1 2; do
    if ((attempt == 2)); then
      warn "RabbitMQ did not come up; killing leftovers and retrying once"
    fi
    kill_rabbit_leftovers_if_needed "$attempt"
    log "starting RabbitMQ $MQ_NODE (attempt $attempt)"
    # -detached daemonizes; the Debian wrapper switches to the rabbitmq user.
    with_timeout 60 rabbitmq-server -detached >/dev/null 2>&1 || true
    if rabbit_wait && rabbit_ready; then
      log "RabbitMQ started ($((SECONDS - started)) s)"
      return 0
    fi
  done
  tail -n 40 "/var/log/rabbitmq/$MQ_NODE.log" >&2 2>/dev/null || true
  die "RabbitMQ $MQ_NODE does not start (log above; also /var/log/rabbitmq/)"
}

# First attempt: only clear a broker VM that is clearly stuck (exists but did not become ready), and
# a stale pid file (else `rabbitmqctl wait` reads the dead pid and gives up before the new node
# writes its own). Second attempt: clear everything of the node, including epmd.
kill_rabbit_leftovers_if_needed() {
  if (($1 == 2)) || [[ -n "$(rabbit_broker_pids)" ]]; then
    kill_rabbit_leftovers
  fi
  rm -f "$MQ_PIDFILE"
}

ensure_mq_user() {
  local users
  users=$(mqctl list_users --no-table-headers)
  if awk -v u="$MQ_USER" '$1 == u {found = 1} END {exit !found}' <<<"$users"; then
    mqctl change_password "$MQ_USER" "$MQ_PASSWORD" >/dev/null
  else
    mqctl add_user "$MQ_USER" "$MQ_PASSWORD" >/dev/null
    log "created RabbitMQ user $MQ_USER"
  fi
  # No tags: the services only need their vhosts (permissions below), never the broker's management.
  mqctl set_user_tags "$MQ_USER" >/dev/null
}

mq_vhost_exists() { local vhosts; vhosts=$(mqctl list_vhosts --no-table-headers); grep -qx -- "$1" <<<"$vhosts"; }

ensure_mq_vhost() {
  local vhost=$1
  if ! mq_vhost_exists "$vhost"; then
    mqctl add_vhost "$vhost" >/dev/null
    log "created RabbitMQ vhost $vhost"
  fi
  mqctl set_permissions -p "$vhost" "$MQ_USER" '.*' '.*' '.*' >/dev/null
}

# Tests get a brand-new vhost each run, so queues/messages left by an earlier (killed) run vanish.
recreate_mq_vhost() {
  local vhost=$1
  if mq_vhost_exists "$vhost"; then
    mqctl delete_vhost "$vhost" >/dev/null
  fi
  mqctl add_vhost "$vhost" >/dev/null
  mqctl set_permissions -p "$vhost" "$MQ_USER" '.*' '.*' '.*' >/dev/null
  log "RabbitMQ vhost $vhost recreated empty"
}

# ---------------------------------------------------------------------------------------------------
# infrastructure, shared by up and test
# ---------------------------------------------------------------------------------------------------
# $1 = "record" to note in .run/ which servers this call started (for `down`).
ensure_infra() {
  local record=${1:-} started=$SECONDS
  require_root
  ensure_packages "${@:2}"
  if start_postgres; then
    [[ "$record" == record ]] && echo "$PG_VERSION $PG_CLUSTER" >"$RUN_DIR/started-postgres"
  fi
  wait_postgres_ready
  ensure_pg_role
  if start_rabbitmq; then
    [[ "$record" == record ]] && echo "$MQ_NODE" >"$RUN_DIR/started-rabbitmq"
  fi
  ensure_mq_user
  log "infrastructure ready ($((SECONDS - started)) s): PostgreSQL $PG_VERSION/$PG_CLUSTER on :$PG_PORT, RabbitMQ $MQ_NODE on :5672"
}

ensure_up_data() {
  local db
  for db in "${UP_DATABASES[@]}"; do ensure_pg_database "$db"; done
  ensure_mq_vhost "$MQ_VHOST"
}

build_solution() {
  [[ -f "$SOLUTION" ]] || die "$SOLUTION not found"
  local started=$SECONDS
  log "building $(basename "$SOLUTION") (Release)"
  (cd "$REPO_ROOT" && dotnet build "$SOLUTION" -c Release -nologo -v q -clp:NoSummary\;ErrorsOnly) \
    || die "build failed"
  log "build done ($((SECONDS - started)) s)"
}

# ---------------------------------------------------------------------------------------------------
# processes
# ---------------------------------------------------------------------------------------------------
proc_field() { local IFS='|'; read -r -a _f <<<"$1"; echo "${_f[$2]}"; }
proc_name() { proc_field "$1" 0; }
proc_dir()  { proc_field "$1" 1; }
proc_port() { proc_field "$1" 2; }
proc_dll()  { local dir; dir=$(proc_dir "$1"); echo "$REPO_ROOT/$dir/bin/Release/net10.0/$(basename "$dir").dll"; }
proc_by_name() { local p; for p in "${PROCESSES[@]}"; do [[ "$(proc_name "$p")" == "$1" ]] && echo "$p"; done; }

# Pid from .run/pids/<name>.pid if that process is alive AND is still our dotnet (pids get reused).
running_pid() {
  local p=$1 pidfile pid
  pidfile="$PID_DIR/$(proc_name "$p").pid"
  [[ -f "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$(basename "$(proc_dll "$p")")"* ]] || return 1
  echo "$pid"
}

rabbit_uri() { echo "amqp://$MQ_USER:$MQ_PASSWORD@127.0.0.1:5672/$1"; }
# TLS off: the server is on loopback, where encrypting every query costs CPU and protects nothing.
pg_conn()    { echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=$DB_ROLE;Password=$DB_PASSWORD;SSL Mode=Disable"; }

# Environment of one process (NAME=value lines), per the table in deploy/README.md.
proc_env() {
  local name=$1 port=$2
  echo "ASPNETCORE_URLS=http://127.0.0.1:$port"
  echo "ASPNETCORE_ENVIRONMENT=Development"
  local retell="${RETELL_API_KEY:-dev-retell-key}" vapi="${VAPI_API_KEY:-dev-vapi-key}" vapi_webhook="${VAPI_WEBHOOK_SECRET:-dev-vapi-webhook-secret}"
  case $name in
    gateway)
      echo "LEADDIALER_API_KEY=${LEADDIALER_API_KEY:-$DEV_API_KEY}"
      echo "ConnectionStrings__gateway=$(pg_conn leaddialer_gateway)" ;;
    simulator)
      echo "RETELL_API_KEY=$retell"
      echo "VAPI_API_KEY=$vapi"
      echo "Simulator__Retell__WebhookUrl=http://127.0.0.1:8080/webhooks/retell"
      echo "Simulator__Vapi__WebhookUrl=http://127.0.0.1:8080/webhooks/vapi"
      echo "VAPI_WEBHOOK_SECRET=$vapi_webhook" ;;
    leads)
      echo "ConnectionStrings__rabbitmq=$(rabbit_uri "$MQ_VHOST")"
      echo "ConnectionStrings__leads=$(pg_conn leaddialer_leads)"
      # Lead details ask the Dialer why a lead waits; its own port, not the gateway's.
      echo "Services__Dialer__BaseUrl=http://127.0.0.1:$(proc_port "$(proc_by_name dialer)")" ;;
    dialer)
      echo "ConnectionStrings__rabbitmq=$(rabbit_uri "$MQ_VHOST")"
      echo "ConnectionStrings__dialer=$(pg_conn leaddialer_dialer)" ;;
    provider-gateway)
      echo "ConnectionStrings__rabbitmq=$(rabbit_uri "$MQ_VHOST")"
      echo "ConnectionStrings__providergateway=$(pg_conn leaddialer_providergateway)"
      echo "RETELL_API_KEY=$retell"
      echo "VAPI_API_KEY=$vapi"
      echo "Providers__Retell__BaseUrl=${Providers__Retell__BaseUrl:-http://127.0.0.1:8099}"
      echo "Providers__Vapi__BaseUrl=${Providers__Vapi__BaseUrl:-http://127.0.0.1:8099}"
      # The simulator's calls last seconds: a lost outcome is asked for after a minute, not an hour.
      echo "Reconcile__After=${Reconcile__After:-00:01:00}" ;;
    webhooks)
      echo "ConnectionStrings__rabbitmq=$(rabbit_uri "$MQ_VHOST")"
      echo "ConnectionStrings__webhooks=$(pg_conn leaddialer_webhooks)"
      echo "RETELL_API_KEY=$retell"
      echo "VAPI_API_KEY=$vapi"
      echo "VAPI_WEBHOOK_SECRET=$vapi_webhook" ;;
    import)
      # Writes imported leads straight into the Leads database (docs/decisions/0003).
      echo "ConnectionStrings__import=$(pg_conn leaddialer_import)"
      echo "ConnectionStrings__leads=$(pg_conn leaddialer_leads)"
      echo "Services__Leads__BaseUrl=http://127.0.0.1:8081" ;;
    console)
      # The web console uses only the public API, through the gateway (docs/decisions/0005).
      echo "Services__Gateway__BaseUrl=http://127.0.0.1:$(proc_port "$(proc_by_name gateway)")" ;;
  esac
}

# Stops one process: SIGTERM to its process group (setsid made it a leader), bounded wait, SIGKILL.
stop_process() {
  local p=$1 name pid deadline
  name=$(proc_name "$p")
  if pid=$(running_pid "$p"); then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      warn "$name (pid $pid) ignored SIGTERM for 20 s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PID_DIR/$name.pid"
}

# Checked for all processes before starting any, so a conflict leaves nothing half-started.
check_ports_free() {
  local p busy=()
  for p in "${PROCESSES[@]}"; do
    if port_open "$(proc_port "$p")"; then busy+=("$(proc_port "$p") ($(proc_name "$p"))"); fi
  done
  ((${#busy[@]} == 0)) || die "port(s) already in use by processes dev.sh did not start: ${busy[*]}; stop them first (e.g. find them with: ss -ltnp)"
}

start_process() {
  local p=$1 name dir port dll env_lines=()
  name=$(proc_name "$p"); dir=$(proc_dir "$p"); port=$(proc_port "$p"); dll=$(proc_dll "$p")
  [[ -f "$dll" ]] || die "$name: $dll not found (is $dir in LeadDialer.sln and did it build?)"
  mapfile -t env_lines < <(proc_env "$name" "$port")
  # cwd = project dir, as `dotnet run` does: content root (appsettings*.json, wwwroot) is the source.
  # setsid: own process group, so Ctrl-C of this script does not kill it and `down` can kill the group.
  (cd "$REPO_ROOT/$dir" && exec setsid nohup env "${env_lines[@]}" dotnet "$dll" </dev/null >"$LOG_DIR/$name.log" 2>&1) &
  echo $! >"$PID_DIR/$name.pid"
  log "started $name (pid $!) on http://127.0.0.1:$port, log .run/logs/$name.log"
}

health_ok() { curl -fsS -o /dev/null -m 3 "http://127.0.0.1:$1/health/ready" 2>/dev/null; }

# Polls every /health/ready until all answer 200, a process dies, or the deadline passes.
wait_all_healthy() {
  local deadline=$((SECONDS + UP_TIMEOUT_SECONDS)) pending=("${PROCESSES[@]}") still p name
  while ((${#pending[@]} > 0)); do
    still=()
    for p in "${pending[@]}"; do
      name=$(proc_name "$p")
      if health_ok "$(proc_port "$p")"; then
        log "$name is healthy"
      elif ! running_pid "$p" >/dev/null; then
        fail_with_log "$name exited during startup"
      else
        still+=("$p")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      fail_with_log "$(proc_name "${pending[0]}") not healthy after ${UP_TIMEOUT_SECONDS} s (GET http://127.0.0.1:$(proc_port "${pending[0]}")/health/ready)" \
        "$(for p in "${pending[@]}"; do proc_name "$p"; done | tr '\n' ' ')"
    fi
    sleep 1
  done
}

fail_with_log() {
  local msg=$1 names=${2:-${1%% *}} n
  for n in $names; do
    echo "----- last 30 lines of .run/logs/$n.log -----" >&2
    tail -n 30 "$LOG_DIR/$n.log" >&2 2>/dev/null || true
  done
  die "$msg (the other processes keep running; 'deploy/dev.sh down' stops them)"
}

# ---------------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------------
cmd_infra() {
  prepare_run_dir
  ensure_infra record
  ensure_up_data
}

# `up` restarts: processes from an earlier `up` are stopped before the build (so no dll is
# overwritten under a running process) and started again; infra that runs is kept.
cmd_up() {
  local p started=$SECONDS
  cmd_infra
  for p in "${PROCESSES[@]}"; do stop_process "$p"; done
  build_solution
  check_ports_free
  for p in "${PROCESSES[@]}"; do start_process "$p"; done
  log "waiting up to ${UP_TIMEOUT_SECONDS} s for every /health/ready"
  wait_all_healthy
  local key="${LEADDIALER_API_KEY:-$DEV_API_KEY}"
  cat <<EOF

LeadDialer is up ($((SECONDS - started)) s).
  Gateway (the public entry):  http://127.0.0.1:8080
  Web console:                 http://127.0.0.1:8080/   (sign in with the API key below)
  API key (X-Api-Key header):  $key   (also the admin key: POST /admin/api-keys issues more)
  API reference:               http://127.0.0.1:8080/docs
  Leads:                       http://127.0.0.1:8081
  Dialer:                      http://127.0.0.1:8082
  ProviderGateway:             http://127.0.0.1:8083
  Webhooks:                    http://127.0.0.1:8084
  Import:                      http://127.0.0.1:8085
  Console (behind the gateway): http://127.0.0.1:8086
  Provider simulator:          http://127.0.0.1:8099   (GET /simulator/stats)
  PostgreSQL:                  127.0.0.1:$PG_PORT, user $DB_ROLE/$DB_PASSWORD, databases ${UP_DATABASES[*]}
  RabbitMQ:                    amqp://$MQ_USER:$MQ_PASSWORD@127.0.0.1:5672/$MQ_VHOST
  Logs:                        $LOG_DIR/
  Try:
    curl -s -H 'X-Api-Key: $key' http://127.0.0.1:8080/api/leads
  Stop with: deploy/dev.sh down
EOF
}

cmd_down() {
  local p
  prepare_run_dir
  for p in "${PROCESSES[@]}"; do stop_process "$p"; done
  if [[ -f "$RUN_DIR/started-rabbitmq" ]]; then
    log "stopping RabbitMQ (started by up)"
    # With the pid file, `stop` returns only once the broker process has exited.
    with_timeout 90 rabbitmqctl -q stop "$MQ_PIDFILE" >/dev/null 2>&1 || warn "RabbitMQ was not running"
    rm -f "$RUN_DIR/started-rabbitmq"
  fi
  if [[ -f "$RUN_DIR/started-postgres" ]]; then
    local version cluster
    read -r version cluster <"$RUN_DIR/started-postgres"
    log "stopping PostgreSQL $version/$cluster (started by up)"
    with_timeout 120 pg_ctlcluster "$version" "$cluster" stop 2>/dev/null || warn "PostgreSQL was not running"
    rm -f "$RUN_DIR/started-postgres"
  fi
  log "down"
}

cmd_status() {
  local p name pid health
  prepare_run_dir
  if command -v pg_lsclusters >/dev/null; then pg_lsclusters | sed 's/^/  /'; else echo "  PostgreSQL not installed"; fi
  if command -v rabbitmq-diagnostics >/dev/null && rabbit_ready; then echo "  RabbitMQ $MQ_NODE running"; else echo "  RabbitMQ not running"; fi
  printf '  %-17s %-8s %-6s %s\n' NAME PID PORT HEALTH
  for p in "${PROCESSES[@]}"; do
    name=$(proc_name "$p")
    pid=$(running_pid "$p" || echo -)
    if health_ok "$(proc_port "$p")"; then health=ready; elif port_open "$(proc_port "$p")"; then health="port open, not ready"; else health=down; fi
    printf '  %-17s %-8s %-6s %s\n' "$name" "$pid" "$(proc_port "$p")" "$health"
  done
}

# Sums <Counters .../> over every .trx in $1 and prints "total passed failed skipped".
sum_trx() {
  local python
  python=$(command -v python3 || command -v /usr/bin/python3 || true)
  if [[ -z "$python" ]]; then sum_trx_without_python "$1"; return; fi
  "$python" - "$1" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
total = passed = failed = skipped = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    for el in ET.parse(path).iter():
        if el.tag.rsplit("}", 1)[-1] != "Counters":
            continue
        n = lambda k: int(el.get(k, "0") or 0)
        total += n("total"); passed += n("passed")
        # error/timeout/aborted are failures too as far as CI is concerned
        failed += n("failed") + n("error") + n("timeout") + n("aborted")
        skipped += n("notExecuted")
print(total, passed, failed, skipped)
PY
}

# Same sum with grep/awk, for a machine without python3 (Counters is one element on one line).
sum_trx_without_python() {
  find "$1" -name '*.trx' -print0 | xargs -0 -r grep -ho '<Counters [^>]*>' | awk '
    function attr(name,   m) { return match($0, " " name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0 : 0 }
    { t += attr("total"); p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout") + attr("aborted"); s += attr("notExecuted") }
    END { print t + 0, p + 0, f + 0, s + 0 }'
}

# docker-compose.yml must stay valid although no Docker engine runs here: Debian's docker-compose
# parses and checks it without starting anything. Prints why it is invalid; returns non-zero then.
validate_compose() {
  if ! command -v docker-compose >/dev/null; then
    log "installing docker-compose (to validate docker-compose.yml)"
    apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends docker-compose >/dev/null 2>&1 \
      || { apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null && apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends docker-compose >/dev/null; } \
      || { warn "could not install docker-compose"; return 1; }
  fi
  # A throwaway key: config -q checks the file, and the file requires one (it has no default key).
  if (cd "$REPO_ROOT" && LEADDIALER_API_KEY=compose-config-check-key-0000 docker-compose -f docker-compose.yml config -q); then
    log "docker-compose.yml is valid (docker-compose config -q)"
  else
    warn "docker-compose.yml is NOT valid: 'docker-compose -f docker-compose.yml config -q' failed (its message is above)"
    return 1
  fi
}

cmd_test() {
  local started=$SECONDS with_browser=() compose_ok=1
  prepare_run_dir
  # Browser tests need Debian's chromium; install it only if some test project uses Playwright.
  if grep -rlq --include='*.csproj' 'Microsoft.Playwright' "$REPO_ROOT/tests" 2>/dev/null; then
    with_browser=(--with-browser)
  fi
  ensure_infra norecord "${with_browser[@]+"${with_browser[@]}"}"
  # Never touch what `up` uses (vhost leaddialer, databases leaddialer_*): tests get their own.
  drop_test_databases
  recreate_mq_vhost "$MQ_TEST_VHOST"

  export LEADDIALER_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=$DB_ROLE;Password=$DB_PASSWORD;SSL Mode=Disable"
  export LEADDIALER_TEST_RABBITMQ
  LEADDIALER_TEST_RABBITMQ=$(rabbit_uri "$MQ_TEST_VHOST")
  export LEADDIALER_REPO_ROOT="$REPO_ROOT"

  validate_compose || compose_ok=0
  build_solution
  rm -rf "$TEST_RESULTS_DIR"
  mkdir -p "$TEST_RESULTS_DIR"
  log "running tests${*:+ (extra args: $*)}"
  local rc=0
  (cd "$REPO_ROOT" && dotnet test "$SOLUTION" -c Release --no-build --logger "trx" \
      --results-directory "$TEST_RESULTS_DIR" "$@") || rc=$?

  local total passed failed skipped
  read -r total passed failed skipped < <(sum_trx "$TEST_RESULTS_DIR")
  log "tests finished in $((SECONDS - started)) s: $total total, $passed passed, $failed failed, $skipped skipped; results in ${TEST_RESULTS_DIR#"$REPO_ROOT"/}"

  # Every benchmark in its smoke mode (bench/smoke.sh), one test each, so none can rot. A filtered
  # run (extra args) skips them unless LEADDIALER_BENCH_SMOKE=1.
  if (($# == 0)) || [[ ${LEADDIALER_BENCH_SMOKE:-0} == 1 ]]; then
    log "running every benchmark in its smoke mode"
    local smoke_line smoke_passed smoke_failed
    # Through a file, not tee /dev/stderr: reopening a redirected stderr would truncate the caller's log.
    mkdir -p "$REPO_ROOT/.artifacts/bench-smoke"
    bash "$REPO_ROOT/bench/smoke.sh" | tee "$REPO_ROOT/.artifacts/bench-smoke/summary.txt"
    smoke_line=$(tail -n 1 "$REPO_ROOT/.artifacts/bench-smoke/summary.txt")
    read -r smoke_passed smoke_failed < <(sed -nE 's/^bench smoke: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' <<<"$smoke_line")
    if [[ -z ${smoke_passed:-} ]]; then smoke_passed=0 smoke_failed=1; fi
    total=$((total + smoke_passed + smoke_failed)) passed=$((passed + smoke_passed)) failed=$((failed + smoke_failed))
    log "benchmark smoke runs finished in $((SECONDS - started)) s since the start: $smoke_passed passed, $smoke_failed failed"
  fi
  local verdict=0
  if ((rc != 0)); then echo "dotnet test exited with code $rc"; verdict=1; fi
  if ((failed > 0)); then echo "$failed test(s) failed"; verdict=1; fi
  if ((total == 0)); then echo "no test ran (no .trx results with tests in ${TEST_RESULTS_DIR#"$REPO_ROOT"/})"; verdict=1; fi
  if ((compose_ok == 0)); then echo "docker-compose.yml failed validation (docker-compose -f docker-compose.yml config -q)"; verdict=1; fi
  echo "$passed passed, $failed failed"
  return "$verdict"
}

# Moves dead-lettered messages (MassTransit's <queue>_error queues) back to the queue they failed on,
# once the cause is fixed (docs/decisions/0008). $1: one queue (with or without _error); none: every
# _error queue of the vhost. LEADDIALER_REPLAY_VHOST picks the vhost (default: the one `up` uses).
# Idempotent: an empty or missing _error queue moves nothing. AMQP only (the app user's rights),
# rabbitmqctl just lists the queues.
cmd_replay_errors() {
  require_root
  local vhost=${LEADDIALER_REPLAY_VHOST:-$MQ_VHOST} queues=()
  local project="$REPO_ROOT/deploy/tools/LeadDialer.ReplayErrors"
  local dll="$project/bin/Release/net10.0/LeadDialer.ReplayErrors.dll"
  if (($# > 0)); then
    queues=("${1%_error}_error")
  else
    mapfile -t queues < <(mqctl list_queues -p "$vhost" name --no-table-headers | awk '/_error$/')
  fi
  if ((${#queues[@]} == 0)); then log "no _error queues in vhost $vhost: nothing to replay"; return 0; fi
  # Built on first use, and again when its sources (or the building block's) are newer than it.
  if [[ ! -f "$dll" ]] || [[ -n "$(find "$project" "$REPO_ROOT/services/BuildingBlocks" -name '*.cs' -newer "$dll" -not -path '*/obj/*' -print -quit)" ]]; then
    (cd "$REPO_ROOT" && dotnet build "$project" -c Release -nologo -v q -clp:NoSummary\;ErrorsOnly) >&2 || die "building $project failed"
  fi
  ConnectionStrings__rabbitmq="$(rabbit_uri "$vhost")" dotnet "$dll" "${queues[@]}"
}

usage() {
  cat >&2 <<EOF
usage: deploy/dev.sh <command>
  up       install/start PostgreSQL + RabbitMQ, build, start all processes, wait until healthy
  down     stop what up started
  status   show infrastructure and processes
  test [args passed to dotnet test]   run the whole test suite against isolated test data
  infra    only the infrastructure part of up (packages, servers, role, databases, vhost)
  replay-errors [queue]   move dead-lettered messages back to their queue (all _error queues, or one)
EOF
  exit 2
}

main() {
  local command=${1:-}
  (($# > 0)) && shift
  case $command in
    up)     cmd_up ;;
    down)   cmd_down ;;
    status) cmd_status ;;
    test)   cmd_test "$@" ;;
    infra)  cmd_infra ;;
    replay-errors) cmd_replay_errors "$@" ;;
    *)      usage ;;
  esac
}

# Sourcing the script (tests of its functions) defines them without running a command.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
