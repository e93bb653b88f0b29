#!/usr/bin/env bash
# Fault drill (issue 14): N leads with mixed outcomes are called (cap 20, calls of a few seconds)
# while each service in turn is SIGKILLed and restarted (Webhooks stays down 10 s), the RabbitMQ
# broker is SIGKILLed and restarted, and PostgreSQL is stopped with `-m immediate` and restarted.
# Then it prints the invariants' figures and exits non-zero on any violation.
#
#   bench/faults/run.sh [--leads N] [--cap C] [--replicas 2] [--smoke] [--no-build] [--keep-logs]
#
#   --leads N        leads to call (default 800; --smoke: 20)
#   --cap C          max concurrent calls (default 20; --smoke: 4)
#   --replicas 2     two instances of every service (Leads, Dialer, ProviderGateway, Webhooks), behind
#                    one gateway that health-checks them; one of each is killed in turn, and dialling
#                    may not pause for longer than the reconcile delay (+ slack)
#   --smoke          few leads, one fault of each kind (a service, the broker, PostgreSQL), short;
#                    deploy/dev.sh test runs it (bench/smoke.sh)
#   --faults "A B"   only these faults, in this order: an instance (leads-1, dialer-2, gateway, …),
#                    broker or postgres
#   --no-build       use the existing bin/$CONFIGURATION build
#
# Runs on its own servers (deploy/private-infra.sh: a private PostgreSQL cluster and RabbitMQ node,
# removed afterwards), so it never touches the shared servers or a `deploy/dev.sh up` system. The
# processes are those of `deploy/dev.sh up` (same projects and variables), on free ports, in
# Production with strong generated keys; the simulator is the provider. Retries wait at least an hour
# in Production, so each lead gets one attempt (maxAttempts 1): every lead must end completed or
# failed. Needs root (PostgreSQL runs as the postgres user). Logs: .artifacts/bench-faults/.
# Environment: CONFIGURATION (Release), RING_MS (1000), TALK_MS (2000), RECONCILE_AFTER (00:00:15:
# ProviderGateway's Reconcile__After, how long after a call started it asks the provider for an
# outcome that has not come; checked every 2 s), VOICEMAIL_WAIT (00:00:05: Webhooks__VoicemailWait,
# how long an answered-looking end waits for the analysis that may say voicemail; 60 s in production).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONFIGURATION=${CONFIGURATION:-Release}
RING_MS=${RING_MS:-1000}
TALK_MS=${TALK_MS:-2000}
RECONCILE_AFTER=${RECONCILE_AFTER:-00:00:15}
VOICEMAIL_WAIT=${VOICEMAIL_WAIT:-00:00:05}
LEADS="" CAP="" REPLICAS=1 SMOKE=0 BUILD=1 ONLY=""
while (($# > 0)); do
  case $1 in
    --leads) LEADS=$2; shift ;;
    --cap) CAP=$2; shift ;;
    --replicas) REPLICAS=$2; shift ;;
    --smoke) SMOKE=1 ;;
    --faults) ONLY=$2; shift ;;
    --no-build) BUILD=0 ;;
    *) sed -n '2,26p' "$0" >&2; exit 2 ;;
  esac
  shift
done
((SMOKE)) && LEADS=${LEADS:-20} CAP=${CAP:-4}
LEADS=${LEADS:-800} CAP=${CAP:-20}
[[ $REPLICAS == 1 || $REPLICAS == 2 ]] || { echo "--replicas is 1 or 2" >&2; exit 2; }

RUN_ID=$(date +%s)-$$
LOGS="$REPO_ROOT/.artifacts/bench-faults/$RUN_ID"
mkdir -p "$LOGS"
INFRA="$REPO_ROOT/deploy/private-infra.sh"
# Production refuses short or shipped secrets: these are long and made for this run.
API_KEY="faults-api-key-$RUN_ID-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_KEY="faults-admin-key-$RUN_ID-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
RETELL_KEY="faults-retell-key-$RUN_ID-0000000000"
VAPI_KEY="faults-vapi-key-$RUN_ID-00000000000"
VAPI_SECRET="faults-vapi-webhook-secret-$RUN_ID-000"

log() { printf '[faults %(%H:%M:%S)T] %s\n' -1 "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# name | project dir ; instances of a service are <name>-1, <name>-2
PROJECTS=(
  "simulator|tests/LeadDialer.ProviderSimulator"
  "leads|services/Leads/LeadDialer.Leads"
  "dialer|services/Dialer/LeadDialer.Dialer"
  "provider-gateway|services/ProviderGateway/LeadDialer.ProviderGateway"
  "webhooks|services/Webhooks/LeadDialer.Webhooks"
  "gateway|gateway/LeadDialer.Gateway"
)
SERVICES=(leads dialer provider-gateway webhooks)
project_dir() { local p; for p in "${PROJECTS[@]}"; do if [[ ${p%%|*} == "$1" ]]; then echo "${p#*|}"; fi; done; }

if ((BUILD)); then
  log "building ($CONFIGURATION)"
  for p in "${PROJECTS[@]}"; do dotnet build "$REPO_ROOT/${p#*|}" -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly >/dev/null; done
fi

# ---------------------------------------------------------------------------------------------------
# infrastructure and processes
# ---------------------------------------------------------------------------------------------------
declare -A PID PORT
INFRA_DIR=""
cleanup() {
  local name
  for name in "${!PID[@]}"; do kill -KILL "${PID[$name]}" 2>/dev/null || true; done
  [[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -n "$INFRA_DIR" ]] && "$INFRA" stop "$INFRA_DIR" "$LOGS" || true
}
SAMPLER=""
trap cleanup EXIT
trap "exit 143" TERM INT

log "starting private PostgreSQL and RabbitMQ"
INFRA_ENV=$("$INFRA" start)
INFRA_DIR=$(sed -n 's/^DIR=//p' <<<"$INFRA_ENV")
PG=$(sed -n 's/^POSTGRES=//p' <<<"$INFRA_ENV")
PG_PORT=$(sed -n 's/^PG_PORT=//p' <<<"$INFRA_ENV")
RABBITMQ=$(sed -n 's/^RABBITMQ=//p' <<<"$INFRA_ENV")
psql_q() { PGPASSWORD=leaddialer psql -X -q -A -t -F $'\t' -h 127.0.0.1 -p "$PG_PORT" -U leaddialer -d "$1" -c "$2"; }
for db in leads dialer providergateway webhooks gateway; do psql_q postgres "CREATE DATABASE $db" >/dev/null; done
db() { echo "$PG;Database=$1"; }

INSTANCES=(simulator)
for s in "${SERVICES[@]}"; do for i in $(seq 1 "$REPLICAS"); do INSTANCES+=("$s-$i"); done; done
INSTANCES+=(gateway)
for name in "${INSTANCES[@]}"; do PORT[$name]=$(free_port); done
GATEWAY="http://127.0.0.1:${PORT[gateway]}"
SIMULATOR="http://127.0.0.1:${PORT[simulator]}"

# The gateway's routes to every instance of a service; with two, it health-checks them so a killed
# one stops receiving requests (YARP active and passive checks).
gateway_env() {
  local cluster service i
  for cluster in leads dialer providergateway webhooks; do
    service=${cluster/providergateway/provider-gateway}
    echo "ReverseProxy__Clusters__${cluster}__Destinations__primary__Address=http://127.0.0.1:${PORT[$service-1]}"
    if ((REPLICAS > 1)); then
      echo "ReverseProxy__Clusters__${cluster}__Destinations__secondary__Address=http://127.0.0.1:${PORT[$service-2]}"
    fi
    if ((REPLICAS > 1)); then
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Active__Enabled=true"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Active__Interval=00:00:02"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Active__Timeout=00:00:01"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Active__Policy=ConsecutiveFailures"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Active__Path=/health/live"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Passive__Enabled=true"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Passive__Policy=TransportFailureRate"
      echo "ReverseProxy__Clusters__${cluster}__HealthCheck__Passive__ReactivationPeriod=00:00:05"
    fi
  done
}

# Environment of one instance, as deploy/dev.sh's proc_env gives it (deploy/README.md's table).
instance_env() {
  local name=$1 service=${1%-[0-9]}
  echo "ASPNETCORE_URLS=http://127.0.0.1:${PORT[$name]}"
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "DOTNET_ENVIRONMENT=Production"
  echo "Logging__LogLevel__Default=Warning"
  echo "Logging__LogLevel__LeadDialer=Information"
  case $service in
    simulator)
      echo "RETELL_API_KEY=$RETELL_KEY"; echo "VAPI_API_KEY=$VAPI_KEY"; echo "VAPI_WEBHOOK_SECRET=$VAPI_SECRET"
      echo "Simulator__Retell__WebhookUrl=$GATEWAY/webhooks/retell"
      echo "Simulator__Vapi__WebhookUrl=$GATEWAY/webhooks/vapi"
      echo "Simulator__RingMilliseconds=$RING_MS"; echo "Simulator__TalkMilliseconds=$TALK_MS" ;;
    leads)
      echo "ConnectionStrings__rabbitmq=$RABBITMQ"; echo "ConnectionStrings__leads=$(db leads)"
      echo "Services__Dialer__BaseUrl=http://127.0.0.1:${PORT[dialer-1]}" ;;
    dialer)
      echo "ConnectionStrings__rabbitmq=$RABBITMQ"; echo "ConnectionStrings__dialer=$(db dialer)" ;;
    provider-gateway)
      echo "ConnectionStrings__rabbitmq=$RABBITMQ"; echo "ConnectionStrings__providergateway=$(db providergateway)"
      echo "RETELL_API_KEY=$RETELL_KEY"; echo "VAPI_API_KEY=$VAPI_KEY"
      echo "Providers__Retell__BaseUrl=$SIMULATOR"; echo "Providers__Vapi__BaseUrl=$SIMULATOR"
      echo "Reconcile__After=$RECONCILE_AFTER"; echo "Reconcile__Interval=00:00:02"; echo "Reconcile__Backoff=00:00:05" ;;
    webhooks)
      echo "ConnectionStrings__rabbitmq=$RABBITMQ"; echo "ConnectionStrings__webhooks=$(db webhooks)"
      echo "RETELL_API_KEY=$RETELL_KEY"; echo "VAPI_API_KEY=$VAPI_KEY"; echo "VAPI_WEBHOOK_SECRET=$VAPI_SECRET"
      echo "Webhooks__VoicemailWait=$VOICEMAIL_WAIT" ;;
    gateway)
      echo "LEADDIALER_API_KEY=$API_KEY"; echo "LEADDIALER_ADMIN_KEY=$ADMIN_KEY"
      echo "ConnectionStrings__gateway=$(db gateway)"
      gateway_env ;;
  esac
}

start_instance() {
  local name=$1 dir env_lines=()
  dir=$(project_dir "${name%-[0-9]}")
  mapfile -t env_lines < <(instance_env "$name")
  (cd "$REPO_ROOT/$dir" && exec setsid env "${env_lines[@]}" dotnet "bin/$CONFIGURATION/net10.0/$(basename "$dir").dll" </dev/null >>"$LOGS/$name.log" 2>&1) &
  PID[$name]=$!
}

wait_ready() {
  local name=$1 deadline=$((SECONDS + 300))
  until curl -fsS -o /dev/null -m 3 "http://127.0.0.1:${PORT[$name]}/health/ready" 2>/dev/null; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 30 "$LOGS/$name.log" >&2; echo "$name exited" >&2; exit 1; }
    ((SECONDS < deadline)) || { tail -n 30 "$LOGS/$name.log" >&2; echo "$name not ready in 300 s" >&2; exit 1; }
    sleep 0.5
  done
}

kill_instance() { kill -KILL "${PID[$1]}" 2>/dev/null || true; wait "${PID[$1]}" 2>/dev/null || true; }

log "starting ${INSTANCES[*]} (Production, logs in ${LOGS#"$REPO_ROOT"/})"
for name in "${INSTANCES[@]}"; do start_instance "$name"; done
for name in "${INSTANCES[@]}"; do wait_ready "$name"; done

api() { local method=$1 path=$2; shift 2; curl -fsS -m 30 -X "$method" -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' "$@" "$GATEWAY$path"; }
stats() { curl -fsS -m 10 "$SIMULATOR/simulator/stats"; }
calls_created() { stats | jq .callsCreated 2>/dev/null || echo 0; }

api PUT /api/settings/calling -d "{\"autoCallingEnabled\":false,\"maxConcurrentCalls\":$CAP,\"maxAttempts\":1,\"callingDays\":[\"Monday\",\"Tuesday\",\"Wednesday\",\"Thursday\",\"Friday\",\"Saturday\",\"Sunday\"],\"callingHoursStart\":\"00:00\",\"callingHoursEnd\":\"24:00\"}" >/dev/null
# The hard 08:00–21:00 local limit would stop a night-time drill.
api PUT /api/settings/compliance -d '{"hardHoursOverride":true}' >/dev/null

# ---------------------------------------------------------------------------------------------------
# leads: last two digits pick the simulator's outcome (BRIEF.md); with one attempt each, the right
# final status is failed for 90–94 and completed for everything else
# ---------------------------------------------------------------------------------------------------
DIGITS=(00 17 33 42 59 65 75 85 91 95 98 99)
log "adding $LEADS leads"
for i in $(seq 0 $((LEADS - 1))); do
  printf '+1212%d%04d%s\n' $((2 + i / 10000 % 8)) $((i % 10000)) "${DIGITS[i % ${#DIGITS[@]}]}"
done >"$LOGS/phones.txt"
# Eight at a time; curl retries a 429 from the gateway's per-key limit.
xargs -P 8 -I{} curl -fsS -m 30 --retry 8 --retry-delay 1 -o /dev/null -X POST -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Fault Drill","phone":"{}","email":"drill@example.com"}' "$GATEWAY/api/leads" <"$LOGS/phones.txt"

# Every second: calls created so far (for the longest pause in dialling).
( while true; do printf '%s %s\n' "$SECONDS" "$(calls_created)"; sleep 1; done ) >"$LOGS/samples.txt" 2>/dev/null &
SAMPLER=$!
api PUT /api/settings/calling -d '{"autoCallingEnabled":true}' >/dev/null
log "calling started"

# ---------------------------------------------------------------------------------------------------
# faults, spread over the run: each waits until its share of the calls has been placed
# ---------------------------------------------------------------------------------------------------
FAULTS=()
if [[ -n "$ONLY" ]]; then
  read -r -a FAULTS <<<"$ONLY"
elif ((SMOKE)); then
  FAULTS=(webhooks-1 broker postgres)
else
  for s in "${SERVICES[@]}"; do FAULTS+=("$s-1"); done
  FAULTS+=(gateway broker postgres)
fi
STALLED=0
wait_calls() {
  local target=$1 deadline=$((SECONDS + (SMOKE ? 180 : 600)))
  until (($(calls_created) >= target)); do
    ((SECONDS < deadline)) || { log "STALL: fewer than $target calls placed in time"; STALLED=1; return 0; }
    sleep 1
  done
}

step=0
for fault in "${FAULTS[@]}"; do
  step=$((step + 1))
  wait_calls $((LEADS * step / (${#FAULTS[@]} + 1)))
  case $fault in
    broker)
      log "SIGKILL RabbitMQ broker"; "$INFRA" mq-kill "$INFRA_DIR"; sleep 5
      "$INFRA" mq-start "$INFRA_DIR"; log "RabbitMQ back" ;;
    postgres)
      log "PostgreSQL stop -m immediate"; "$INFRA" pg-kill "$INFRA_DIR"; sleep 9
      "$INFRA" pg-start "$INFRA_DIR"; log "PostgreSQL back" ;;
    *)
      down=2; [[ $fault == webhooks-* ]] && down=10
      log "SIGKILL $fault (down ${down} s)"; kill_instance "$fault"; sleep "$down"
      start_instance "$fault"; wait_ready "$fault"; log "$fault back" ;;
  esac
done

# ---------------------------------------------------------------------------------------------------
# the end: every lead completed or failed, or the deadline
# ---------------------------------------------------------------------------------------------------
not_final() { psql_q leads "SELECT count(*) FROM leads WHERE status NOT IN ('completed', 'failed')"; }
deadline=$((SECONDS + (SMOKE ? 300 : 900)))
until (($(not_final) == 0)) || ((SECONDS >= deadline)); do sleep 2; done
sleep 2   # the sampler's last figures
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=""

# ---------------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------------
STATS=$(stats)
psql_q leads "SELECT id, phone, status, attempts FROM leads" | sort >"$LOGS/leads.tsv"
psql_q dialer "SELECT correlation_id, current_state FROM lead_sagas" | sort >"$LOGS/sagas.tsv"
"$INFRA" queues "$INFRA_DIR" >"$LOGS/queues.tsv"
jq -r '.callsPerNumber | to_entries[] | "\(.key)\t\(.value)"' <<<"$STATS" | sort >"$LOGS/calls.tsv"

placed=$(jq .callsCreated <<<"$STATS")
max_concurrent=$(jq .maxConcurrentCalls <<<"$STATS")
overlapping=$(jq .overlappingCallsToSameNumber <<<"$STATS")
# A number called more often than its lead's attempts: a call the system does not know it made.
overcalled=$(awk -F'\t' 'NR == FNR {calls[$1] = $2; next} ($2 in calls) && calls[$2] > $4 {n++} END {print n + 0}' "$LOGS/calls.tsv" "$LOGS/leads.tsv")
left=$(awk -F'\t' '$3 != "completed" && $3 != "failed" {n++} END {print n + 0}' "$LOGS/leads.tsv")
wrong=$(awk -F'\t' '{d = substr($2, length($2) - 1) + 0; want = (d >= 90 && d <= 94) ? "failed" : "completed"} ($3 == "completed" || $3 == "failed") && $3 != want {n++} END {print n + 0}' "$LOGS/leads.tsv")
differs=$(awk -F'\t' 'NR == FNR {s = $2; gsub(/InProgress/, "in-progress", s); saga[$1] = tolower(s); next} saga[$1] != $3 {n++} END {print n + 0}' "$LOGS/sagas.tsv" "$LOGS/leads.tsv")
dead=$(awk -F'\t' '$1 ~ /_error$/ {n += $2} END {print n + 0}' "$LOGS/queues.tsv")
# Longest stretch without a new call, up to the end if leads were still waiting then.
longest_pause=$(awk -v left="$left" 'NR == 1 || $2 > last {if (NR > 1 && $1 - at > gap) gap = $1 - at; at = $1; last = $2} {end = $1} END {if (left > 0 && end - at > gap) gap = end - at; print gap + 0}' "$LOGS/samples.txt")
# Outcomes decided by ProviderGateway's answer from the provider (ADR 0007): Webhooks stores each as a
# `get-call` delivery, which publishes CallEnded only if no webhook did first.
by_poll=$(psql_q webhooks "SELECT count(*) FROM webhook_deliveries WHERE event_type = 'get-call' AND outcome LIKE 'Published%CallEnded%'")

violations=()
((max_concurrent <= CAP)) || violations+=("max concurrent $max_concurrent > cap $CAP")
((overlapping == 0)) || violations+=("$overlapping overlapping call(s) to one number")
((overcalled == 0)) || violations+=("$overcalled number(s) called more often than their lead's attempts")
((left == 0)) || violations+=("$left lead(s) left pending, in progress or retry")
((wrong == 0)) || violations+=("$wrong lead(s) in the wrong final status")
((differs == 0)) || violations+=("$differs lead(s) whose status in Leads differs from the Dialer's saga")
((dead == 0)) || violations+=("$dead message(s) dead-lettered")
((STALLED == 0)) || violations+=("dialling stalled")
stall_limit=$(($(awk -F: '{print $1 * 3600 + $2 * 60 + int($3)}' <<<"$RECONCILE_AFTER") + 20))
if ((REPLICAS > 1)) && ((longest_pause > stall_limit)); then violations+=("dialling paused ${longest_pause} s (> reconcile delay + 20 s)"); fi

cat <<EOF

Fault drill: $LEADS leads, cap $CAP, $REPLICAS instance(s) per service, faults: ${FAULTS[*]}
  calls placed:                                  $placed
  max concurrent calls vs cap:                   $max_concurrent / $CAP
  overlapping calls to one number:               $overlapping
  numbers called more often than their attempts: $overcalled
  leads left pending / in progress / retry:      $left
  leads in the wrong final status:               $wrong
  leads whose status differs from the saga:      $differs
  messages dead-lettered (_error queues):        $dead
  outcomes learned by poll:                      $by_poll
  webhook deliveries that failed (simulator):    $(jq .webhookFailures <<<"$STATS")
  longest pause in dialling:                     ${longest_pause} s
  logs and figures:                              ${LOGS#"$REPO_ROOT"/}
EOF
if ((${#violations[@]} > 0)); then
  printf 'VIOLATION: %s\n' "${violations[@]}"
  exit 1
fi
echo "no violation"
