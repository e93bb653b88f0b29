#!/usr/bin/env bash
# Issue 4 benchmark: a 1,000,000-row messy lead file through the real Import service, against
# `psql \copy` of the same (clean) rows into an equivalent logged table with a unique phone index,
# measured in the same run. Not part of CI. Needs the Release build (dotnet build LeadDialer.sln -c Release),
# PostgreSQL and RabbitMQ as `deploy/dev.sh infra` leaves them.
#
#   bench/import/run.sh [rows]         (default 1000000)
#
# Env: LEADDIALER_BENCH_POSTGRES (default the dev role on 127.0.0.1), LEADDIALER_BENCH_RABBITMQ
# (default vhost leaddialer-test). Databases are created as leaddialer_test_bench_* and dropped at the end.
set -euo pipefail

ROWS=${1:-1000000}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK=$(mktemp -d /tmp/leaddialer-bench-import.XXXXXX)
PG_HOST=127.0.0.1 PG_USER=leaddialer
export PGPASSWORD=leaddialer
RABBIT=${LEADDIALER_BENCH_RABBITMQ:-amqp://leaddialer:leaddialer@127.0.0.1:5672/leaddialer-test}
RUN=$(date +%s)
DB_BASE=leaddialer_test_bench_baseline_$RUN DB_LEADS=leaddialer_test_bench_leads_$RUN DB_DIALER=leaddialer_test_bench_dialer_$RUN DB_IMPORT=leaddialer_test_bench_import_$RUN
PIDS=()

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }
psqlc() { psql -X -q -A -t -h $PG_HOST -U $PG_USER -v ON_ERROR_STOP=1 "$@"; }
conn() { echo "Host=$PG_HOST;Port=5432;Database=$1;Username=$PG_USER;Password=$PGPASSWORD;Maximum Pool Size=40"; }
# CPU-seconds (user + system) the process has used: much less sensitive to a shared machine than wall time.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in $DB_BASE $DB_LEADS $DB_DIALER $DB_IMPORT; do psqlc -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # name dll port env...
  local name=$1 dll=$2 port=$3; shift 3
  [[ -f "$dll" ]] || { log "$dll missing: build the solution in Release first"; exit 1; }
  # exec: $! is the dotnet process itself, so cleanup stops it (and its RSS is the one read below).
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production "$@" \
    dotnet "$dll" >"$WORK/$name.log" 2>&1) &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  local deadline=$((SECONDS + 120))
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
    ((SECONDS < deadline)) || { log "$name did not start:"; tail -20 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.5
  done
}

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"
log "generating $ROWS rows"
python3 "$ROOT/bench/import/generate.py" "$ROWS" "$WORK/leads.csv" "$WORK/clean.csv"
SIZE=$(stat -c %s "$WORK/leads.csv")
log "file: $((SIZE / 1024 / 1024)) MiB, $(($(wc -l <"$WORK/clean.csv") - 1)) rows to store"

# (a) Baseline: \copy of the stored rows into a logged table like leads, with a unique phone index.
psqlc -d postgres -c "CREATE DATABASE \"$DB_BASE\"" >/dev/null
psqlc -d "$DB_BASE" -c "CREATE TABLE leads (id uuid PRIMARY KEY, name varchar(200) NOT NULL, phone varchar(64) NOT NULL, email varchar(320) NOT NULL,
  company varchar(200), timezone varchar(64), custom_fields jsonb NOT NULL, status varchar(16) NOT NULL, attempts int NOT NULL, status_version int NOT NULL,
  last_error jsonb, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
  CREATE UNIQUE INDEX ix_leads_phone ON leads (phone); CREATE INDEX ix_leads_status_created_at ON leads (status, created_at);"
T=$(now)
psqlc -d "$DB_BASE" -c "\\copy leads FROM '$WORK/clean.csv' WITH (FORMAT csv, HEADER true)"
BASELINE=$(since "$T")
log "(a) psql \\copy: ${BASELINE} s"

# (b) LeadDialer: Leads (schema + outbox relay), Dialer (sagas), Import; a stub for the custom fields.
for db in $DB_LEADS $DB_DIALER $DB_IMPORT; do psqlc -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null; done
P_FIELDS=$(free_port) P_LEADS=$(free_port) P_DIALER=$(free_port) P_IMPORT=$(free_port)
python3 - "$P_FIELDS" >"$WORK/fields.log" 2>&1 <<'PY' &
import http.server, json, sys
body = json.dumps([{"name": n, "type": t, "createdAt": "2026-01-01T00:00:00Z"} for n, t in [("job_title", "text"), ("score", "number"), ("signup_date", "date")]]).encode()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
PIDS+=($!)
start leads "$ROOT/services/Leads/LeadDialer.Leads/bin/Release/net10.0/LeadDialer.Leads.dll" "$P_LEADS" \
  ConnectionStrings__leads="$(conn $DB_LEADS)" ConnectionStrings__rabbitmq="$RABBIT"
start dialer "$ROOT/services/Dialer/LeadDialer.Dialer/bin/Release/net10.0/LeadDialer.Dialer.dll" "$P_DIALER" \
  ConnectionStrings__dialer="$(conn $DB_DIALER)" ConnectionStrings__rabbitmq="$RABBIT"
# The bench does not measure calling: switch auto-calling off so the dispatcher leaves the sagas pending.
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"autoCallingEnabled":false}' "http://127.0.0.1:$P_DIALER/api/settings/calling" >/dev/null
start import "$ROOT/services/Import/LeadDialer.Import/bin/Release/net10.0/LeadDialer.Import.dll" "$P_IMPORT" \
  ConnectionStrings__import="$(conn $DB_IMPORT)" ConnectionStrings__leads="$(conn $DB_LEADS)" \
  Services__Leads__BaseUrl="http://127.0.0.1:$P_FIELDS" Import__StoragePath="$WORK/uploads"
IMPORT_PID=$LAST_PID
log "Import service RSS after start: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$IMPORT_PID/status") MB"
API="http://127.0.0.1:$P_IMPORT/api/imports"

C0=$(cpu "$IMPORT_PID")
T=$(now)
ID=$(curl -sf -X POST -H 'Content-Type: text/csv' --data-binary @"$WORK/leads.csv" "$API?fileName=leads.csv" | jq -r .id)
UPLOAD=$(since "$T")
curl -sf -X PUT -H 'Content-Type: application/json' "$API/$ID/mapping" -d '{"columns":{"Full Name":"name","Phone":"phone","E-mail":"email","Company":"company",
  "Timezone":"timezone","job_title":"custom:job_title","score":"custom:score","signup_date":"custom:signup_date"},"defaultRegion":"US"}' >/dev/null
curl -sf "$API/$ID/preview" >"$WORK/preview.json"
PREVIEW=$(since "$T")
C1=$(cpu "$IMPORT_PID")
log "upload: ${UPLOAD} s; upload + mapping + preview ready: ${PREVIEW} s"
jq -c '{totalRows, leads, invalidPhones, rejected, duplicatesInFile, duplicatesExisting, rewrittenNumbers}' "$WORK/preview.json" >&2

T=$(now)
curl -sf -X POST -H 'Content-Type: application/json' -d '{"duplicatePolicy":"skip"}' "$API/$ID/confirm" >/dev/null
until [[ "$(curl -sf "$API/$ID" | jq -r .status)" =~ ^(completed|failed)$ ]]; do sleep 0.2; done
CONFIRM=$(since "$T")
C2=$(cpu "$IMPORT_PID")
curl -sf "$API/$ID" | jq -c '{status, rowsDone, created, failed, rejected, duplicatesInFile, rowsPerSecond, error}' >&2
CREATED=$(curl -sf "$API/$ID" | jq -r .created)
STORED=$(psqlc -d "$DB_LEADS" -c "SELECT count(*) FROM leads")
log "confirm → all stored: ${CONFIRM} s ($STORED leads in the Leads database)"
PEAK=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$IMPORT_PID/status")

deadline=$((SECONDS + 600))
until [[ "$(psqlc -d "$DB_DIALER" -c "SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending'")" -ge "$CREATED" ]]; do
  ((SECONDS < deadline)) || { log "the Dialer did not get every lead within 600 s"; break; }
  sleep 0.5
done
HANDOVER=$(since "$T")
SAGAS=$(psqlc -d "$DB_DIALER" -c "SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending'")

cat <<REPORT

Import benchmark, $ROWS rows ($((SIZE / 1024 / 1024)) MiB), $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg) (machine shared)
  (a) psql \\copy, unique phone index      ${BASELINE} s
  upload                                   ${UPLOAD} s
  upload + preview ready                   ${PREVIEW} s   (goal <= 10 s)   Import CPU $(echo "$C1 - $C0" | bc -l) s
  (b) confirm -> all stored                ${CONFIRM} s   = $(echo "$CONFIRM / $BASELINE" | bc -l | xargs printf '%.2f') x (a)   (goal <= 2x)   Import CPU $(echo "$C2 - $C1" | bc -l) s
  whole flow (upload -> all stored)        $(echo "$PREVIEW + $CONFIRM" | bc -l | xargs printf '%.2f') s   (goal <= 30 s)
  Import service peak RSS                  ${PEAK} MB   (goal <= 250 MB)
  confirm -> Dialer holds $SAGAS pending sagas   ${HANDOVER} s   (goal <= 120 s)
REPORT
