#!/usr/bin/env bash
# The whole-dataset downloads over 10,000 generated profiles: how long each takes, how large
# it is, and how much the server's memory grows while it is sent (peak RSS, VmHWM, before
# and after): the files are streamed, so the growth stays small beside the file's size.
# Also the regions API's p99 at 4 connections (text + 3 facets). Needs curl and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source scripts/bench-common.sh
PM=127.0.0.1:18191
bench_server bench.db $PM
hwm() { awk '/VmHWM/ {print $2}' "/proc/$SERVER/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
curl -sf "http://$PM/regions?q=health" -o /dev/null
echo "server after start and a search: RSS $(( $(rss) / 1024 )) MB, peak $(( $(hwm) / 1024 )) MB"
for ext in csv json txt xlsx; do
  before=$(hwm)
  start=$(date +%s.%N)
  size=$(curl -sf "http://$PM/regions.$ext" -o "$WORK/all.$ext" -w '%{size_download}')
  end=$(date +%s.%N)
  after=$(hwm)
  printf '%-5s %7.1f MB in %5.2f s; peak RSS %4d MB -> %4d MB (+%d MB)\n' "$ext" "$(echo "$size / 1000000" | bc -l)" \
    "$(echo "$end - $start" | bc -l)" $((before / 1024)) $((after / 1024)) $(((after - before) / 1024))
done
API="http://$PM/api/v1/regions?q=health&country=DE&seeking=yes&innovation=strong"
read -r rps p99 <<<"$(wrk_checked -t2 -c4 -d10s --latency "$API" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')"
echo "regions API (text + 3 facets, 10,000 profiles), 4 connections: $rps req/s, p99 $p99 (goal p99 <= 2 ms)"
