# Shared by the web benchmark scripts (sourced, not run): builds pmatlas, fills a database at
# $WORK/$1 with the demo profile and 10,000 generated ones, and starts the server on $2 with
# its log in $WORK/serve.log (requests in $WORK/access.log, or none with ACCESS_LOG=off);
# SERVER is its process id. Needs WORK and curl.
BIN=target/release/pmatlas
bench_server() {
  local db="$WORK/$1" addr="$2"
  cargo build --release -q -p pmatlas
  $BIN generate --count 10000 --seed 42 --out "$WORK/docs" >/dev/null
  $BIN --db "$db" import -q data/demo "$WORK/docs" | tail -1
  # The request log as users run it (on, to a file) unless ACCESS_LOG=off.
  $BIN --db "$db" serve --addr "$addr" --access-log "${ACCESS_LOG:-$WORK/access.log}" >"$WORK/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://$addr/healthz" >/dev/null && break; sleep 0.2; done
}

# A work folder ($WORK), removed at exit together with the servers the script started.
bench_work() {
  WORK=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT
}
# CPU time of processes (user and system, threads that ended included), in clock ticks.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' /proc/"$p"/stat))); done; echo "$t"; }
HZ=$(getconf CLK_TCK)
