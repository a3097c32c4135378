#!/usr/bin/env bash
# The sentence-embedding model over the demo profile and 10,000 generated ones: installing it
# and embedding every text (time, texts a second, peak memory of the process that embeds); then
# a write of one region (one sentence of its description changed and its collaboration answer):
# how many texts it embeds (that region's new ones only) and how long the import takes with and
# without them; then the memory of `serve`, which keeps the vectors but never loads the model.
# Usage: scripts/bench-model.sh WHEEL (or PMATLAS_MODEL=WHEEL): the model's PyPI wheel, its
# model.zip or a folder; COUNT=N generated profiles instead of 10,000. Needs GNU time (/usr/bin/time) and curl.
set -euo pipefail
MODEL=$(realpath "${1:-${PMATLAS_MODEL:?give the model: scripts/bench-model.sh WHEEL}}")
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
BIN=target/release/pmatlas
DB="$WORK/m.db"
cargo build --release -q -p pmatlas
$BIN generate --count "${COUNT:-10000}" --seed 42 --out "$WORK/docs" >/dev/null
$BIN --db "$DB" import -q data/demo "$WORK/docs" | tail -1

# Runs pmatlas with ARGS under GNU time; prints "SECONDS PEAK_KB" and leaves its output in $WORK/out.
timed() {
  /usr/bin/time -f '%e %M' -o "$WORK/time" $BIN --db "$DB" "$@" >"$WORK/out" 2>&1
  cat "$WORK/time"
}
# How many texts the last run embedded (0 when it says nothing: none were new).
embedded() { grep -o 'embedded [0-9]* new text' "$WORK/out" | awk '{n = $2} END {print n + 0}'; }

read -r secs kb <<<"$(timed model install "$MODEL")"
texts=$(embedded)
printf 'install and embed %d texts: %.1f s (%.0f texts/s), peak RSS %d MB\n' "$texts" "$secs" \
  "$(echo "$texts / $secs" | bc -l)" $((kb / 1024))
$BIN --db "$DB" model status

# One region written again: a sentence added to its description, its answer changed.
# (awk reads the whole list: head would stop sort with a broken pipe, which pipefail reports)
doc=$(find "$WORK/docs" -name '*.txt' | sort | awk 'NR == 1')
awk 'NR == 7 { print "Our hospitals share patient data under strict privacy rules. " $0; next }
     /^Is the region looking for/ { print "Is the region looking for international/European/interregional collaboration opportunities? Yes - privacy of patient data"; next }
     { print }' "$doc" >"$WORK/changed.txt"
read -r secs kb <<<"$(timed import --replace "$WORK/changed.txt")"
printf 'write of one region (%s): %s texts embedded, import %.2f s, peak RSS %d MB\n' \
  "$(head -1 "$doc" | cut -d' ' -f1)" "$(embedded)" "$secs" $((kb / 1024))
read -r secs kb <<<"$(timed import --replace "$doc")"
printf 'the same region back (texts already embedded): %s texts embedded, import %.2f s\n' \
  "$(embedded)" "$secs"

ADDR=127.0.0.1:18197
$BIN --db "$DB" serve --addr "$ADDR" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 150); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
code=$(head -1 "$doc" | cut -d' ' -f1)
curl -sf "http://$ADDR/regions/$code/matches" -o "$WORK/matches.html"
grep -q 'sentence embeddings' "$WORK/matches.html" || { echo "the matches page does not say it reads meaning" >&2; exit 1; }
rss() { awk "/$1/ {print int(\$2 / 1024)}" "/proc/$SERVER/status"; }
echo "serve with the vectors, after a matches page: RSS $(rss VmRSS) MB, peak $(rss VmHWM) MB"
