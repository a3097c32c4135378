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
  # mktemp makes the folder its owner's alone, and nginx's workers run as another user
  # (nobody): they answered every request with a 404 of 153 bytes, fast and beside the point.
  chmod 755 "$WORK"
  trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT
}
# CPU time of processes (user and system, threads that ended included), in clock ticks.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' /proc/"$p"/stat))); done; echo "$t"; }
HZ=$(getconf CLK_TCK)

# Stops the benchmark unless URL answers 200 with the bytes of FILE: a figure for error
# pages, or for another page, measures nothing.
expect_page() {
  local url=$1 file=$2 got
  got=$(curl -s -o "$WORK/expected" -w '%{http_code}' "$url")
  if [ "$got" != 200 ] || ! cmp -s "$WORK/expected" "$file"; then
    echo "benchmark stopped: $url answered $got, not the $(wc -c <"$file") bytes of $file" >&2
    exit 1
  fi
}
# wrk with ARGS, its report on stdout; stops the benchmark when any answer was not 2xx or 3xx
# or the connections failed.
wrk_checked() {
  local out
  out=$(wrk "$@")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "benchmark stopped: wrk $* had failed answers:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$out"
}
