#!/usr/bin/env bash
# Several servers on one PostgreSQL, at 10,000 generated profiles, loopback only, wrk beside
# the servers on the same machine:
#   1. `pmatlas import` of the demo profile and 10,000 generated documents into PostgreSQL
#      (and into SQLite, for comparison);
#   2. the profile page at 64 connections, from a server on PostgreSQL and from one on SQLite
#      holding the same data (reads come from each server's own view);
#   3. the same on PostgreSQL while Prometheus' /metrics is scraped every second, runs with
#      and without alternating (3 rounds each, medians compared);
#   4. a write by another process, visible on both servers A and B: median of 10;
#   5. kill -9 of server A while writes go on: B keeps serving, every write lands, and A,
#      started again, serves the last of them.
# Needs wrk and curl, and a PostgreSQL server: PMATLAS_BENCH_POSTGRES=postgres://USER@HOST:PORT
# (it creates and drops a database pmatlas_bench there); without it, a throwaway cluster from
# Debian's postgresql, as .ci/run makes.
# Usage: scripts/bench-instances.sh [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
source scripts/bench-common.sh
bench_work
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
if [ -z "${PMATLAS_BENCH_POSTGRES:-}" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  # The postgres user must reach its directory inside ours (mktemp makes ours private).
  chmod 711 "$WORK"; mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
  as_pg "$pgbin/initdb -D $WORK/pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  as_pg "$pgbin/pg_ctl -D $WORK/pg/data -l $WORK/pg/log -w -o '-p 18199 -k $WORK/pg -c listen_addresses=127.0.0.1' start >/dev/null"
  trap 'kill $(jobs -p) 2>/dev/null || true; as_pg "$pgbin/pg_ctl -D $WORK/pg/data -m immediate stop" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
  PMATLAS_BENCH_POSTGRES=postgres://postgres@127.0.0.1:18199
fi
PG="$PMATLAS_BENCH_POSTGRES/pmatlas_bench"
psql "$PMATLAS_BENCH_POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS pmatlas_bench WITH (FORCE)" -c "CREATE DATABASE pmatlas_bench" 2>/dev/null
cargo build --release -q -p pmatlas
$BIN generate --count 10000 --seed 42 --out "$WORK/docs" >/dev/null

echo "== 1. import of 10,001 documents"
for db in "$PG" "$WORK/bench.db"; do
  t0=$(date +%s%N)
  $BIN --db "$db" import -q data/demo "$WORK/docs" | tail -1
  echo "  $(( ($(date +%s%N) - t0) / 1000000 )) ms into $db"
done

# PostgreSQL's own work after a large import (autovacuum, a checkpoint) would compete with
# the servers for the two cores: done before anything is measured.
psql "$PG" -qc "VACUUM ANALYZE" -c "CHECKPOINT" >/dev/null

A=127.0.0.1:18193 B=127.0.0.1:18194 S=127.0.0.1:18195 M=127.0.0.1:18196
start() { # $1 db, $2 address, rest: more options; the process id in PID
  $BIN --db "$1" serve --addr "$2" --access-log "$WORK/access-$2.log" "${@:3}" >"$WORK/serve-$2.log" 2>&1 &
  PID=$!
}
wait_up() { for _ in $(seq 300); do curl -sf "http://$1/healthz" >/dev/null && return; sleep 0.1; done; echo "$1 did not start" >&2; exit 1; }
# After a 2-second warm-up (the page's first rendering, the connections' first buffers).
rps() {
  wrk_checked -t2 -c64 -d2s "http://$1/regions/DEG" >/dev/null
  wrk_checked -t2 -c64 -d"${DUR}s" "http://$1/regions/DEG" | awk '/Requests\/sec/ {print $2}'
}

start "$PG" $A --metrics-addr $M; SA=$PID; start "$PG" $B; SB=$PID
wait_up $A; wait_up $B
curl -sf "http://$A/regions/DEG" >/dev/null; curl -sf "http://$B/regions/DEG" >/dev/null

echo "== 2. the profile page, 64 connections, ${DUR} s each (req/s)"
pg_rps=$(rps $A)
kill "$SB"; wait "$SB" 2>/dev/null || true
start "$WORK/bench.db" $S; SS=$PID; wait_up $S; curl -sf "http://$S/regions/DEG" >/dev/null
sq_rps=$(rps $S)
kill "$SS"; wait "$SS" 2>/dev/null || true
echo "  on PostgreSQL $pg_rps, on SQLite $sq_rps"

echo "== 3. the same on PostgreSQL while /metrics is scraped every second (alternating, 3 rounds each, medians)"
scraped=(); plain=()
for _ in 1 2 3; do
  ( while sleep 1; do curl -sf "http://$M/metrics" >/dev/null; done ) & SCRAPER=$!
  scraped+=("$(rps $A)")
  kill $SCRAPER; wait $SCRAPER 2>/dev/null || true
  plain+=("$(rps $A)")
done
ms=$(printf '%s\n' "${scraped[@]}" | median); mp=$(printf '%s\n' "${plain[@]}" | median)
echo "  scraped ${scraped[*]}; not scraped ${plain[*]}"
echo "  medians $ms and $mp: $(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.1f", (b - a) / b * 100}') % fewer while scraped"
curl -sf "http://$M/metrics" | grep -E '^pmatlas_(requests_total\{class="page",status="2xx"\}|view_generation|db_calls_total)'

start "$PG" $B; SB=$PID; wait_up $B
echo "== 4. a write by another process, visible on A and on B (median of 10, ms from the import's end)"
va=(); vb=()
for i in $(seq 10); do
  n=$((3000000 + i))
  sed -e "s/^Total population (2019) .*/Total population (2019) $n/" \
      -e "s/^Regional Innovation Performance (2019)/Regional Innovation Performance ($((2030 + i)))/" \
      data/demo/DEG-thuringia.txt >"$WORK/DEG-$i.txt"
  $BIN --db "$PG" import -q --author bench "$WORK/DEG-$i.txt" >/dev/null
  t0=$(date +%s%N)
  shown=$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
  ta=""; tb=""
  for _ in $(seq 2000); do
    [ -z "$ta" ] && curl -s "http://$A/regions/DEG" | grep -q "$shown" && ta=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ -z "$tb" ] && curl -s "http://$B/regions/DEG" | grep -q "$shown" && tb=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ -n "$ta" ] && [ -n "$tb" ] && break
    sleep 0.005
  done
  va+=("${ta:-9999}"); vb+=("${tb:-9999}")
done
echo "  A: ${va[*]}; median $(printf '%s\n' "${va[@]}" | median) ms"
echo "  B: ${vb[*]}; median $(printf '%s\n' "${vb[@]}" | median) ms"

echo "== 5. kill -9 of A while 20 writes go on"
before=$($BIN --db "$PG" history DEG | grep -c ' v[0-9]')
failed=0; b_down=0
for i in $(seq 20); do
  n=$((4000000 + i))
  sed -e "s/^Total population (2019) .*/Total population (2019) $n/" \
      -e "s/^Regional Innovation Performance (2019)/Regional Innovation Performance ($((2040 + i)))/" \
      data/demo/DEG-thuringia.txt >"$WORK/K-$i.txt"
  $BIN --db "$PG" import -q --author bench "$WORK/K-$i.txt" >/dev/null || failed=$((failed + 1))
  [ "$i" = 7 ] && kill -9 "$SA"
  curl -sf "http://$B/regions/DEG" >/dev/null || b_down=$((b_down + 1))
done
after=$($BIN --db "$PG" history DEG | grep -c ' v[0-9]')
echo "  writes refused or failed: $failed; versions of DEG $before -> $after (20 expected); B unanswered: $b_down of 20"
start "$PG" $A; SA=$PID; wait_up $A
last=$(echo 4000020 | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
curl -s "http://$A/regions/DEG" | grep -q "$last" && echo "  A started again serves the last write ($last)" || echo "  A started again does NOT serve the last write"
