# Shared by the HTTP benchmarks: start a demo database, then a server on it, on a free port.
# Usage: source bench/http/lib.sh; start_server [extra serve flags]; ...; stop_server
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${AMTSWEG_BIN:-$ROOT/build/amtsweg}
WORK=$(mktemp -d /tmp/amtsweg-bench.XXXXXX)
SERVER_PID=""

start_server() {
  ulimit -n 65536 2>/dev/null || true
  "$BIN" serve --db "$WORK/bench.db" --port 0 --no-access-log "$@" >"$WORK/stdout" 2>"$WORK/stderr" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    PORT=$(grep -o 'listening on http://[^ ]*' "$WORK/stdout" 2>/dev/null | sed 's/.*://') || true
    [ -n "${PORT:-}" ] && break
    sleep 0.05
  done
  [ -n "${PORT:-}" ] || { cat "$WORK/stderr"; echo "server did not start" >&2; exit 1; }
  URL="http://127.0.0.1:$PORT"
}

seed_demo() {
  # `demo` seeds the database; stop it right away and serve the same file with `serve`.
  # (without simulated monitor usage: the benchmarks that want usage write their own)
  AMTSWEG_DEMO_USAGE_EVENTS=0 "$BIN" demo --db "$WORK/bench.db" --port 0 --no-access-log >"$WORK/demo.out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 200); do grep -q listening "$WORK/demo.out" 2>/dev/null && break; sleep 0.05; done
  kill -TERM $pid; wait $pid || true
}

stop_server() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop_server EXIT

# wrk_rate OUTPUT -> requests/s as a number
wrk_rate() { grep 'Requests/sec' <<<"$1" | awk '{print $2}'; }
# wrk_p99 OUTPUT -> 99th percentile latency as printed (needs --latency)
wrk_p99() { grep -E '^\s+99%' <<<"$1" | awk '{print $2}'; }
