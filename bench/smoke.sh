#!/usr/bin/env bash
# Every benchmark in its smoke mode: tiny sizes, a few seconds each, on the test infrastructure.
# It proves each bench still builds, starts what it needs, runs end to end and passes its own
# checks, so none can rot; the figures it prints are not figures (a busy CI machine, tiny sizes).
# `deploy/dev.sh test` runs it after the test suite and counts each bench as one test.
#   LEADDIALER_TEST_POSTGRES=... LEADDIALER_TEST_RABBITMQ=amqp://.../vhost bench/smoke.sh [name...]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${LEADDIALER_TEST_POSTGRES:?set LEADDIALER_TEST_POSTGRES (deploy/dev.sh test does)}"
: "${LEADDIALER_TEST_RABBITMQ:?set LEADDIALER_TEST_RABBITMQ (deploy/dev.sh test does)}"
export LEADDIALER_BENCH_POSTGRES="$LEADDIALER_TEST_POSTGRES" LEADDIALER_BENCH_RABBITMQ="$LEADDIALER_TEST_RABBITMQ"
export LEADDIALER_REPO_ROOT="$ROOT"
LOGS="$ROOT/.artifacts/bench-smoke"
mkdir -p "$LOGS"

declare -A SMOKE=(
  [webhooks]="bench/webhooks/run.sh 20 2"
  [gateway]="bench/gateway/run.sh 50 2"
  [leads]="env LEADDIALER_BENCH_LEADS_DB=leaddialer_test_bench_leads_smoke LEADDIALER_BENCH_RESEED=1 bench/leads/run.sh 2000 2"
  [import]="bench/import/run.sh 2000"
  [dialer]="dotnet run --project bench/dialer -c Release --no-build -- 20 0"
  # Smoke faults: webhooks-1, the broker (SIGKILL) and PostgreSQL.
  [faults]="bench/faults/run.sh --smoke --no-build"
)
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(webhooks gateway leads import dialer faults)
# Runs in Release, as the benches do; deploy/dev.sh test has built it.

passed=0 failed=0
for name in "${names[@]}"; do
  command=${SMOKE[$name]:-}
  if [[ -z $command ]]; then echo "bench smoke: no bench named $name (known: ${!SMOKE[*]})" >&2; failed=$((failed + 1)); continue; fi
  started=$SECONDS
  if (cd "$ROOT" && timeout 600 bash -c "$command") >"$LOGS/$name.log" 2>&1; then
    echo "bench smoke $name: passed ($((SECONDS - started)) s)"
    passed=$((passed + 1))
  else
    echo "bench smoke $name: FAILED ($((SECONDS - started)) s); last lines of ${LOGS#"$ROOT"/}/$name.log:"
    tail -n 25 "$LOGS/$name.log" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done
echo "bench smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
