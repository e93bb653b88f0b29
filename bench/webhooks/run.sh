#!/usr/bin/env bash
# Webhook ingestion benchmark: starts its own Webhooks service and gateway (free ports, a fresh
# database, the RabbitMQ vhost you give; each from its bin folder, which holds its appsettings.json), drives signed Retell webhooks through the gateway at
# RATE req/s for SECONDS s, prints p50/p99 acknowledgement latency and checks every delivery was
# processed and its CallEnded published. Loopback only. Never touches the databases of `dev.sh up`.
#   LEADDIALER_TEST_POSTGRES=... LEADDIALER_TEST_RABBITMQ=amqp://.../vhost bench/webhooks/run.sh [RATE] [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RATE="${1:-500}" SECONDS_="${2:-30}"
PG="${LEADDIALER_TEST_POSTGRES:?set LEADDIALER_TEST_POSTGRES (Host=...;Username=...;Password=...)}"
MQ="${LEADDIALER_TEST_RABBITMQ:?set LEADDIALER_TEST_RABBITMQ (amqp://user:pass@host:5672/vhost)}"
KEY="bench-retell-key"
DB="leaddialer_test_bench_webhooks_$(date +%s)" GW_DB="leaddialer_test_bench_gateway_$(date +%s)"
LOGS="$ROOT/.artifacts/bench-logs"; mkdir -p "$LOGS"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg() { local db="$1"; shift; psql "$(python3 - "$PG" "$db" <<'PY'
import sys
parts=dict(p.split('=',1) for p in sys.argv[1].split(';') if p)
print(f"host={parts.get('Host','127.0.0.1')} port={parts.get('Port','5432')} user={parts.get('Username','')} password={parts.get('Password','')} dbname={sys.argv[2]}")
PY
)" -v ON_ERROR_STOP=1 -qAt "$@"; }

dotnet build "$ROOT/services/Webhooks/LeadDialer.Webhooks" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/gateway/LeadDialer.Gateway" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/webhooks" -c Release -v q -nologo >/dev/null

pg postgres -c "CREATE DATABASE \"$DB\""
pg postgres -c "CREATE DATABASE \"$GW_DB\""
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" || true
  pg postgres -c "DROP DATABASE IF EXISTS \"$GW_DB\" WITH (FORCE)" || true
}
trap cleanup EXIT

WH_PORT="$(free_port)" GW_PORT="$(free_port)"
ASPNETCORE_URLS="http://127.0.0.1:$WH_PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  ConnectionStrings__webhooks="$PG;Database=$DB" ConnectionStrings__rabbitmq="$MQ" RETELL_API_KEY="$KEY" VAPI_WEBHOOK_SECRET=bench-vapi-webhook-secret \
  bash -c 'cd "$1" && exec dotnet LeadDialer.Webhooks.dll' _ "$ROOT/services/Webhooks/LeadDialer.Webhooks/bin/Release/net10.0" >"$LOGS/webhooks.log" 2>&1 &
PIDS+=($!)
ASPNETCORE_URLS="http://127.0.0.1:$GW_PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  LEADDIALER_API_KEY=bench-gateway-key-of-at-least-24-chars LEADDIALER_ADMIN_KEY=bench-admin-key-of-at-least-24-chars ConnectionStrings__gateway="$PG;Database=$GW_DB" ReverseProxy__Clusters__webhooks__Destinations__primary__Address="http://127.0.0.1:$WH_PORT" \
  bash -c 'cd "$1" && exec dotnet LeadDialer.Gateway.dll' _ "$ROOT/gateway/LeadDialer.Gateway/bin/Release/net10.0" >"$LOGS/gateway.log" 2>&1 &
PIDS+=($!)

for url in "http://127.0.0.1:$WH_PORT/health/ready" "http://127.0.0.1:$GW_PORT/health/live"; do
  ready=0
  for _ in $(seq 1 120); do curl -fs "$url" >/dev/null 2>&1 && { ready=1; break; }; sleep 0.5; done
  [[ $ready == 1 ]] || { echo "$url never became ready; see $LOGS/webhooks.log and $LOGS/gateway.log" >&2; exit 1; }
done

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds and tests)"
dotnet "$ROOT/bench/webhooks/bin/Release/net10.0/WebhookBench.dll" "http://127.0.0.1:$GW_PORT" "$KEY" "$PG;Database=$DB" "$RATE" "$SECONDS_"
