#!/usr/bin/env bash
# GET /api/leads/{id} at a steady rate through the gateway and straight to Leads, in alternating
# rounds of one run (so both see the same machine), p50/p90/p99 each and the ratio.
# Goal (issue 7): gateway p50 <= 1.3 x direct.
#
#   bench/gateway/run.sh [rate=1000] [seconds=30]
#
# Needs PostgreSQL and RabbitMQ as `deploy/dev.sh infra` leaves them. Starts its own Leads and
# gateway (bin/Release, free ports, databases leaddialer_bench_*, which it drops afterwards).
# Loopback only.
set -euo pipefail

RATE=${1:-1000}
SECONDS_PER_TARGET=${2:-30}
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG="Host=127.0.0.1;Port=5432;Username=leaddialer;Password=leaddialer;SSL Mode=Disable"
RABBITMQ=${LEADDIALER_BENCH_RABBITMQ:-amqp://leaddialer:leaddialer@127.0.0.1:5672/leaddialer}
RUN_ID=$(date +%s)
KEY="bench-bootstrap-key-$RUN_ID"
ADMIN_KEY="bench-admin-key-$RUN_ID"
LOGS="$REPO_ROOT/.artifacts/bench-gateway"
mkdir -p "$LOGS"

psql_admin() { PGPASSWORD=leaddialer psql -X -q -h 127.0.0.1 -U leaddialer -d postgres -c "$1" >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building (Release)"
for p in services/Leads/LeadDialer.Leads gateway/LeadDialer.Gateway bench/gateway/LoadClient; do
  dotnet build "$REPO_ROOT/$p" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_admin "DROP DATABASE IF EXISTS leaddialer_bench_leads_$RUN_ID WITH (FORCE)" || true
  psql_admin "DROP DATABASE IF EXISTS leaddialer_bench_gateway_$RUN_ID WITH (FORCE)" || true
}
trap cleanup EXIT

psql_admin "CREATE DATABASE leaddialer_bench_leads_$RUN_ID"
psql_admin "CREATE DATABASE leaddialer_bench_gateway_$RUN_ID"
LEADS_PORT=$(free_port); GATEWAY_PORT=$(free_port)

# Production settings (no Testing shortcuts), logs at Warning so logging is not what is measured.
(cd "$REPO_ROOT/services/Leads/LeadDialer.Leads" && exec env ASPNETCORE_URLS="http://127.0.0.1:$LEADS_PORT" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning ConnectionStrings__rabbitmq="$RABBITMQ" \
  ConnectionStrings__leads="$PG;Database=leaddialer_bench_leads_$RUN_ID;Maximum Pool Size=32" \
  dotnet bin/Release/net10.0/LeadDialer.Leads.dll >"$LOGS/leads.log" 2>&1) &
PIDS+=($!)
(cd "$REPO_ROOT/gateway/LeadDialer.Gateway" && exec env ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning LEADDIALER_API_KEY="$KEY" LEADDIALER_ADMIN_KEY="$ADMIN_KEY" \
  ConnectionStrings__gateway="$PG;Database=leaddialer_bench_gateway_$RUN_ID" \
  ReverseProxy__Clusters__leads__Destinations__primary__Address="http://127.0.0.1:$LEADS_PORT" \
  dotnet bin/Release/net10.0/LeadDialer.Gateway.dll >"$LOGS/gateway.log" 2>&1) &
PIDS+=($!)

for port in "$LEADS_PORT" "$GATEWAY_PORT"; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live" 2>/dev/null && break; sleep 0.5; done
done

# A key whose own limit is above the offered rate: the bench measures forwarding, not the limiter.
BENCH_KEY=$(curl -fsS -X POST -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"permitsPerSecond\":$((RATE * 4)),\"scopes\":[\"read\",\"write\"]}" "http://127.0.0.1:$GATEWAY_PORT/admin/api-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
LEAD_ID=$(curl -fsS -X POST -H "X-Api-Key: $BENCH_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Bench Lead","phone":"+12125550100","email":"bench@example.com"}' "http://127.0.0.1:$GATEWAY_PORT/api/leads" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
dotnet "$REPO_ROOT/bench/gateway/LoadClient/bin/Release/net10.0/LeadDialer.Bench.Gateway.dll" \
  --rate "$RATE" --seconds "$SECONDS_PER_TARGET" --round 5 --warmup 10 \
  --target "gateway=http://127.0.0.1:$GATEWAY_PORT/api/leads/$LEAD_ID" --header "gateway=X-Api-Key:$BENCH_KEY" \
  --target "direct=http://127.0.0.1:$LEADS_PORT/api/leads/$LEAD_ID"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
