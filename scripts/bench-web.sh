#!/usr/bin/env bash
# Web benchmark, loopback only: profile-page requests/s and p99 at 64 connections for pmatlas
# and for nginx serving the same page saved as a static file, and the p99 of a search page
# (text + 3 facets) over 10,000 generated profiles. Needs wrk and nginx (apt-get install wrk
# nginx-light). Usage: scripts/bench-web.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

source scripts/bench-common.sh
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

run() { # url -> "requests/s p99"
  wrk -t2 -c64 -d"${DUR}s" --latency "$1" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}'
}
SEARCH="/regions?q=health&country=DE&seeking=yes&innovation=strong"
echo "page size: $(wc -c <"$WORK/www/DEG.html") bytes; search results: $(curl -sf "http://$PM$SEARCH" | grep -o '<h2 id="count"[^<]*' | sed 's/.*>//')"
read -r pm_rps pm_p99 < <(run "http://$PM/regions/DEG")
read -r ng_rps ng_p99 < <(run "http://$NG/regions/DEG")
read -r s_rps s_p99 < <(run "http://$PM$SEARCH")
read -r s4_rps s4_p99 < <(wrk -t2 -c4 -d"${DUR}s" --latency "http://$PM$SEARCH" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')
echo "profile page, pmatlas: $pm_rps req/s, p99 $pm_p99"
echo "profile page, nginx static file: $ng_rps req/s, p99 $ng_p99"
awk -v a="$pm_rps" -v b="$ng_rps" 'BEGIN { printf "ratio pmatlas / nginx: %.2f (goal >= 0.8)\n", a / b }'
echo "search page (text + 3 facets, 10,000 profiles), 64 connections: $s_rps req/s, p99 $s_p99 (goal p99 <= 5 ms)"
echo "search page, 4 connections: $s4_rps req/s, p99 $s4_p99"
