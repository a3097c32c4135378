#!/usr/bin/env bash
# Web benchmark, loopback only, over 10,000 generated profiles: profile-page requests/s at 64
# connections for pmatlas (without writes, and while a region is updated once a second by
# another process: `pmatlas import` of a changed document, which the server picks up and puts
# in its read view) and for nginx serving the same page saved as a static file; then the p99 of
# a search page (text + 3 facets). The machine is shared with wrk and its speed drifts, so the
# three profile-page runs alternate for ROUNDS rounds and the medians are compared.
# Needs wrk and nginx (apt-get install wrk nginx-light).
# Usage: scripts/bench-web.sh [SECONDS_PER_RUN] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-5}
ROUNDS=${2:-5}
source scripts/bench-common.sh
bench_work
PM=127.0.0.1:18181
NG=127.0.0.1:18182
bench_server bench.db $PM

mkdir -p "$WORK/www"
curl -sf "http://$PM/regions/DEG" -o "$WORK/www/DEG.html"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen $NG;
    root $WORK/www;
    location = /regions/DEG { default_type "text/html; charset=utf-8"; try_files /DEG.html =404; }
  }
}
NGINX
nginx -p "$WORK" -c "$WORK/nginx.conf"
sleep 0.5
expect_page "http://$NG/regions/DEG" "$WORK/www/DEG.html"
NGINX_WORKERS=$(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')

rps() { # url pid... -> "requests/s CPU-microseconds-per-request" (of the serving processes)
  local url=$1 t0 t1 out; shift
  t0=$(ticks "$@")
  out=$(wrk_checked -t2 -c64 -d"${DUR}s" "$url")
  t1=$(ticks "$@")
  echo "$out" | awk -v d=$((t1 - t0)) -v hz="$HZ" '/requests in/ {n=$1} /Requests\/sec/ {r=$2} END {printf "%s %.1f\n", r, d / hz * 1e6 / n}'
}
median() { cut -d' ' -f"${1:-1}" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# Writes Thuringia's population anew every second, from another process, as an import would.
writer() {
  local n=$((2000000 + $1 * 1000)) year=$((2020 + $1 * 12))
  while true; do
    n=$((n + 1))
    # A newer edition each time (up to 2100, the last year a page may state): a copy of the
    # same edition would not replace what it states.
    year=$((year < 2100 ? year + 1 : 2100))
    sed -e "s/^Total population (2019) .*/Total population (2019) $n/" \
        -e "s/^Regional Innovation Performance (2019)/Regional Innovation Performance ($year)/" \
        data/demo/DEG-thuringia.txt >"$WORK/DEG-write.txt"
    $BIN --db "$WORK/bench.db" import -q --author bench "$WORK/DEG-write.txt" >/dev/null
    sleep 1
  done
}

: >"$WORK/pm" ; : >"$WORK/pmw" ; : >"$WORK/ng"
for r in $(seq "$ROUNDS"); do
  rps "http://$PM/regions/DEG" "$SERVER" >>"$WORK/pm"
  # shellcheck disable=SC2086
  rps "http://$NG/regions/DEG" $NGINX_WORKERS >>"$WORK/ng"
  writer "$r" & WRITER=$!
  before=$(curl -sf "http://$PM/regions/DEG" | grep -o 'Version [0-9]*' | head -1)
  rps "http://$PM/regions/DEG" "$SERVER" >>"$WORK/pmw"
  kill $WRITER; wait $WRITER 2>/dev/null || true
  after=$(curl -sf "http://$PM/regions/DEG" | grep -o 'Version [0-9]*' | head -1)
  echo "round $r (req/s, CPU µs per request): pmatlas $(tail -1 "$WORK/pm"); nginx $(tail -1 "$WORK/ng"); pmatlas with writes $(tail -1 "$WORK/pmw") (Thuringia's page went from $before to $after)"
done
pm=$(median 1 <"$WORK/pm"); pmw=$(median 1 <"$WORK/pmw"); ng=$(median 1 <"$WORK/ng")
pmc=$(median 2 <"$WORK/pm"); pmwc=$(median 2 <"$WORK/pmw"); ngc=$(median 2 <"$WORK/ng")
echo "page size: $(wc -c <"$WORK/www/DEG.html") bytes"
echo "profile page, medians of $ROUNDS runs of ${DUR} s at 64 connections (wrk shares the 2 cores):"
echo "  pmatlas: $pm req/s, $pmc µs CPU per request; while a region is updated once a second: $pmw req/s, $pmwc µs"
echo "  nginx static file: $ng req/s, $ngc µs CPU per request"
awk -v a="$pm" -v w="$pmw" -v b="$ng" 'BEGIN { printf "  ratio pmatlas / nginx: %.2f; with writes %.2f (goal >= 0.8)\n", a / b, w / b }'

read -r gz_rps gz_cpu <<<"$(wrk_checked -t2 -c64 -d"${DUR}s" -H 'Accept-Encoding: gzip, deflate, br' "http://$PM/regions/DEG" | awk '/Requests\/sec/ {print $2, 0}')"
echo "  pmatlas, asked as browsers ask (Accept-Encoding: gzip, deflate, br): $gz_rps req/s"

SEARCH="/regions?q=health&country=DE&seeking=yes&innovation=strong"
echo "search results: $(curl -sf "http://$PM$SEARCH" | grep -o '<h2 id="count"[^<]*' | sed 's/.*>//')"
read -r s_rps s_p99 <<<"$(wrk_checked -t2 -c64 -d10s --latency "http://$PM$SEARCH" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')"
read -r s4_rps s4_p99 <<<"$(wrk_checked -t2 -c4 -d10s --latency "http://$PM$SEARCH" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')"
echo "search page (text + 3 facets, 10,000 profiles), 64 connections: $s_rps req/s, p99 $s_p99"
echo "search page, 4 connections: $s4_rps req/s, p99 $s4_p99 (goal p99 <= 2 ms)"
