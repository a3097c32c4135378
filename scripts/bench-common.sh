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
