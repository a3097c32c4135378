#!/usr/bin/env bash
# Every web figure in one run, at 10,000 generated profiles, loopback only, wrk beside the
# servers on the same machine:
#   1. the profile page, pmatlas against nginx serving the same page as a file, both logging
#      every request (pmatlas's default, nginx's default access log to a file), then neither;
#      after a run of each that is not counted, the runs alternate for ROUNDS rounds and the
#      medians are compared, with each server's CPU time per request;
#   2. the search page, narrow (words and 3 filters) and broad (words and one filter), and the
#      same searches through the API, at 4 and 64 connections: requests/s, p50 and p99, CPU
#      microseconds per request of the server; then nginx serving the same two pages as files
#      (its default access log on), the machine's floor for pages of that size;
#   3. the topic pages, /stats, /map and the matches page: size, first time and again (median of 21);
#   4. a write by another process (`pmatlas import`) visible to the running server: median of 10,
#      and a new region's: median of 5;
#   5. the server's memory: RSS after the benchmark and its peak.
# Needs wrk, nginx and curl (apt-get install wrk nginx-light curl).
# Usage: scripts/bench-all.sh [SECONDS_PER_RUN] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-5}
ROUNDS=${2:-3}
source scripts/bench-common.sh
bench_work
PM=127.0.0.1:18191
NG=127.0.0.1:18192
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
# wrk at C connections on URL: "req/s p50-ms p99-ms cpu-us-per-request" of the processes PIDS.
load() {
  local c=$1 url=$2 t0 t1 out; shift 2
  t0=$(ticks "$@")
  out=$(wrk_checked -t2 -c"$c" -d"${DUR}s" --latency "$url")
  t1=$(ticks "$@")
  echo "$out" | awk -v d=$((t1 - t0)) -v hz="$HZ" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ {n=$1} /Requests\/sec/ {r=$2} $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    END {printf "%s %.2f %.2f %.1f\n", r, p50, p99, d / hz * 1e6 / n}'
}
nginx_conf() { # $1: "on" (the default access log, to a file) or "off"
  local log="access_log $WORK/nginx-access.log;"
  [ "$1" = off ] && log="access_log off;"
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  $log
  server {
    listen $NG;
    root $WORK/www;
    location = /regions/DEG { default_type "text/html; charset=utf-8"; try_files /DEG.html =404; }
    location = /narrow { default_type "text/html; charset=utf-8"; try_files /narrow.html =404; }
    location = /broad { default_type "text/html; charset=utf-8"; try_files /broad.html =404; }
  }
}
NGINX
}
start_pmatlas() { # $1: the access log ("" for the default, to a file; "off")
  ACCESS_LOG=${1:-$WORK/access.log}
  "$BIN" --db "$WORK/bench.db" serve --addr "$PM" --access-log "$ACCESS_LOG" >"$WORK/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://$PM/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf "http://$PM/regions/DEG" >/dev/null; curl -sf "http://$PM/regions/DEG" >/dev/null # kept from its second request: the cached page from here on
}
stop_pmatlas() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

echo "== setup: 10,000 generated profiles and the demo profile"
bench_server bench.db "$PM"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
# The import's hundred megabytes written out now, not by the kernel during the first rounds.
sync
mkdir -p "$WORK/www"

profile_vs_nginx() { # $1: on | off (both log every request, or neither)
  local mode=$1
  if [ "$mode" = on ]; then start_pmatlas ""; else start_pmatlas off; fi
  curl -sf "http://$PM/regions/DEG" -o "$WORK/www/DEG.html"
  nginx_conf "$mode"
  nginx -p "$WORK" -c "$WORK/nginx.conf"
  sleep 0.5
  expect_page "http://$NG/regions/DEG" "$WORK/www/DEG.html"
  # A run of each, not counted: the first seconds of a server fill its caches and allocator.
  load 64 "http://$PM/regions/DEG" "$SERVER" >/dev/null
  load 64 "http://$NG/regions/DEG" $(pgrep -P "$(cat "$WORK/nginx.pid")") >/dev/null
  local pm=() ng=() pmc=() ngc=() r
  for _ in $(seq "$ROUNDS"); do
    r=$(load 64 "http://$PM/regions/DEG" "$SERVER"); pm+=("${r%% *}"); pmc+=("${r##* }")
    r=$(load 64 "http://$NG/regions/DEG" $(pgrep -P "$(cat "$WORK/nginx.pid")")); ng+=("${r%% *}"); ngc+=("${r##* }")
  done
  nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop; sleep 0.5
  local a b
  a=$(printf '%s\n' "${pm[@]}" | median); b=$(printf '%s\n' "${ng[@]}" | median)
  printf "profile page, logging %-3s: pmatlas %8.0f req/s  nginx %8.0f req/s  ratio %.2f   (rounds: pmatlas %s; nginx %s)\n" \
    "$mode" "$a" "$b" "$(echo "$a $b" | awk '{print $1 / $2}')" "${pm[*]}" "${ng[*]}"
  # CPU per request varies less than requests per second when the machine's speed wanders.
  printf "  CPU per request (median): pmatlas %.1f us, nginx %.1f us\n" \
    "$(printf '%s\n' "${pmc[@]}" | median)" "$(printf '%s\n' "${ngc[@]}" | median)"
  if [ "$mode" = on ]; then
    echo "  request log lines written: $(wc -l <"$WORK/access.log"); dropped: $(grep -c 'lines dropped' "$WORK/access.log" || true) notices"
  fi
  stop_pmatlas
}
echo "== 1. profile page against nginx (64 connections, ${DUR}s runs, median of $ROUNDS)"
profile_vs_nginx on
profile_vs_nginx off

echo "== 2. search page (the server as users run it: request log on)"
start_pmatlas ""
NARROW="/regions?q=health&country=DE&seeking=yes&level=2"
BROAD="/regions?q=health&seeking=yes"
# A run of each search right after the server starts, shown but not counted: the first
# seconds fill the caches of rendered sidebars and grow the allocator's heap.
for q in "$NARROW" "$BROAD"; do
  load 4 "http://$PM$q" "$SERVER" | awk -v q="$q" '{printf "%-52s c=4   %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (first run after start, not counted)\n", q, $1, $2, $3}'
done
for q in "$NARROW" "$BROAD" "/api/v1$NARROW" "/api/v1$BROAD"; do
  size=$(curl -s -o /dev/null -w '%{size_download}' "http://$PM$q")
  for c in 4 64; do
    load "$c" "http://$PM$q" "$SERVER" | awk -v q="$q" -v c="$c" -v s="$size" \
      '{printf "%-52s c=%-3s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %7.1f us/request  (%d bytes)\n", q, c, $1, $2, $3, $4, s}'
  done
done

# What the machine gives for pages of these sizes: nginx serving the same bytes as files.
curl -s "http://$PM$NARROW" >"$WORK/www/narrow.html"
curl -s "http://$PM$BROAD" >"$WORK/www/broad.html"
nginx_conf on
nginx -p "$WORK" -c "$WORK/nginx.conf"
sleep 0.5
expect_page "http://$NG/narrow" "$WORK/www/narrow.html"
expect_page "http://$NG/broad" "$WORK/www/broad.html"
load 64 "http://$NG/narrow" $(pgrep -P "$(cat "$WORK/nginx.pid")") >/dev/null
for q in narrow broad; do
  for c in 4 64; do
    load "$c" "http://$NG/$q" $(pgrep -P "$(cat "$WORK/nginx.pid")") | awk -v q="nginx, the $q search page as a file" -v c="$c" -v s="$(wc -c <"$WORK/www/$q.html")" \
      '{printf "%-52s c=%-3s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %7.1f us/request  (%d bytes)\n", q, c, $1, $2, $3, $4, s}'
  done
done
nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop
sleep 0.5

echo "== 3. topic page, statistics, map and matches page"
# The first request draws the page; "again" is the median (and largest) of 21 requests after
# it, each timed by curl: one request alone times the machine's hiccups as much as the page.
for p in /topics/genomics /topics/biobanks /stats /map /regions/DEG/matches "/regions/DEG/matches?topic=biobanks"; do
  curl -s -o /dev/null -w "$p: %{size_download} bytes, first %{time_total} s\n" "http://$PM$p"
  again=$(for _ in $(seq 21); do curl -s -o /dev/null -w "%{time_total}\n" "http://$PM$p"; done)
  echo "$p: again median $(echo "$again" | median) s, largest $(echo "$again" | sort -g | tail -1) s"
done

echo "== 4. a write by another process, visible to the server (median of 10)"
visible=()
for i in $(seq 10); do
  n=$((3000000 + i))
  # A newer edition each time (a copy of the same edition would not replace what it states).
  sed -e "s/^Total population (2019) .*/Total population (2019) $n/" \
      -e "s/^Regional Innovation Performance (2019)/Regional Innovation Performance ($((2030 + i)))/" \
      data/demo/DEG-thuringia.txt >"$WORK/DEG-$i.txt"
  "$BIN" --db "$WORK/bench.db" import -q --author bench "$WORK/DEG-$i.txt" >/dev/null
  t0=$(date +%s%N)
  shown=$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
  for _ in $(seq 2000); do curl -s "http://$PM/regions/DEG" | grep -q "$shown" && break; sleep 0.005; done
  visible+=("$(( ($(date +%s%N) - t0) / 1000000 ))")
done
echo "visible after (ms, from the import's end): ${visible[*]}; median $(printf '%s\n' "${visible[@]}" | median) ms"
# A region new to the atlas moves every later one up a place: five, one at a time, under
# codes the generated set does not have.
visible=()
for c in DEG0Q DEG0R DEG0S DEG0T DEG0U; do
  sed -e "1s/^DEG - Thuringia/$c - New region $c/" data/demo/DEG-thuringia.txt >"$WORK/$c.txt"
  "$BIN" --db "$WORK/bench.db" import -q --author bench "$WORK/$c.txt" >/dev/null
  t0=$(date +%s%N)
  for _ in $(seq 2000); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$PM/regions/$c")" = 200 ] && break; sleep 0.005; done
  visible+=("$(( ($(date +%s%N) - t0) / 1000000 ))")
done
echo "a new region visible after (ms, from the import's end): ${visible[*]}; median $(printf '%s\n' "${visible[@]}" | median) ms"

echo "== 5. memory of the server (10,000 profiles, after the runs above)"
grep -E 'VmRSS|VmHWM' /proc/"$SERVER"/status | awk '{printf "%s %.0f MB\n", $1, $2 / 1024}'
stop_pmatlas
