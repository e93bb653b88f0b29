#!/usr/bin/env bash
# Bench: GET /api/leads with a status filter + search + keyset paging over 1,000,000 leads,
# directly against the Leads service and through the gateway. Run on demand, not in CI.
#
#   bench/leads/run.sh [count] [rounds]      (defaults 1000000 and 20)
#
# Needs the Release builds of Leads and the gateway (dotnet build -c Release), PostgreSQL and
# RabbitMQ (deploy/dev.sh infra). Seeds its own database leaddialer_bench_leads with COPY (not
# the API) and keeps it between runs; LEADDIALER_BENCH_RESEED=1 seeds again. Binds only loopback.
set -euo pipefail

COUNT=${1:-1000000}
ROUNDS=${2:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG=${LEADDIALER_BENCH_POSTGRES:-${LEADDIALER_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=leaddialer;Password=leaddialer;SSL Mode=Disable}}
RABBIT=${LEADDIALER_BENCH_RABBITMQ:-${LEADDIALER_TEST_RABBITMQ:-amqp://leaddialer:leaddialer@127.0.0.1:5672/leaddialer}}
DB=${LEADDIALER_BENCH_LEADS_DB:-leaddialer_bench_leads}
API_KEY=bench-api-key-of-at-least-24-chars
LOGS="$ROOT/.artifacts/bench-logs"
mkdir -p "$LOGS"

# libpq settings from the Npgsql-style connection string.
kv() { tr ';' '\n' <<<"$PG" | awk -F= -v k="$1" 'tolower($1)==tolower(k){print $2}'; }
export PGHOST=$(kv Host) PGPORT=$(kv Port) PGUSER=$(kv Username) PGPASSWORD=$(kv Password)
PGPORT=${PGPORT:-5432}

LEADS_DLL="$ROOT/services/Leads/LeadDialer.Leads/bin/Release/net10.0/LeadDialer.Leads.dll"
GATEWAY_DLL="$ROOT/gateway/LeadDialer.Gateway/bin/Release/net10.0/LeadDialer.Gateway.dll"
for dll in "$LEADS_DLL" "$GATEWAY_DLL"; do
  [[ -f $dll ]] || { echo "Missing $dll: run 'dotnet build -c Release' on the Leads service and the gateway first." >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  [[ -n ${GATEWAY_DB:-} ]] && psql -d postgres -qc "DROP DATABASE IF EXISTS $GATEWAY_DB WITH (FORCE)" || true
}
trap cleanup EXIT

wait_ready() {
  local url=$1 deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null -m 2 "$url/health/ready"; do
    ((SECONDS < deadline)) || { echo "$url not ready in 120 s; see $LOGS" >&2; exit 1; }
    sleep 0.5
  done
}

if [[ ${LEADDIALER_BENCH_RESEED:-0} == 1 ]]; then
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
fi
psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || psql -d postgres -qc "CREATE DATABASE $DB"
# The gateway keeps its issued API keys in a database of its own; a fresh one each run.
GATEWAY_DB=leaddialer_test_bench_gateway_$$
psql -d postgres -qc "CREATE DATABASE $GATEWAY_DB"

LEADS_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
(cd "$ROOT/services/Leads/LeadDialer.Leads" && exec env \
  ASPNETCORE_URLS="http://127.0.0.1:$LEADS_PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  ConnectionStrings__leads="$PG;Database=$DB" ConnectionStrings__rabbitmq="$RABBIT" \
  dotnet "$LEADS_DLL" >"$LOGS/leads.log" 2>&1) &
PIDS+=($!)
wait_ready "http://127.0.0.1:$LEADS_PORT"   # also applies the migrations

HAVE=$(psql -d "$DB" -tAc "SELECT count(*) FROM leads")
if ((HAVE != COUNT)); then
  echo "Seeding $COUNT leads with COPY (have $HAVE)…"
  psql -d "$DB" -qc "TRUNCATE leads"
  started=$SECONDS
  python3 "$ROOT/bench/leads/seed_leads.py" "$COUNT" | psql -d "$DB" -qc \
    "\\copy leads (id, name, phone, email, company, timezone, custom_fields, status, attempts, status_version, created_at, updated_at) FROM STDIN WITH (FORMAT csv)"
  psql -d "$DB" -qc "VACUUM ANALYZE leads"
  echo "Seeded in $((SECONDS - started)) s (COPY with every index in place, then VACUUM ANALYZE)."
fi

(cd "$ROOT/gateway/LeadDialer.Gateway" && exec env \
  ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  LEADDIALER_API_KEY=$API_KEY LEADDIALER_ADMIN_KEY=bench-admin-key-of-at-least-24-chars ConnectionStrings__gateway="$PG;Database=$GATEWAY_DB" ReverseProxy__Clusters__leads__Destinations__primary__Address="http://127.0.0.1:$LEADS_PORT" \
  dotnet "$GATEWAY_DLL" >"$LOGS/gateway.log" 2>&1) &
PIDS+=($!)
wait_ready "http://127.0.0.1:$GATEWAY_PORT"

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)."
python3 "$ROOT/bench/leads/measure.py" "http://127.0.0.1:$LEADS_PORT" "http://127.0.0.1:$GATEWAY_PORT" "$API_KEY" "$ROUNDS"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
