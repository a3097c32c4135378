#!/usr/bin/env bash
# Abuse probes against a pmatlas server on loopback, with 10,000 generated profiles: the
# quadratic search URL (4,000 filter values), 4 such requests at once, 40 known filter values
# (the most a query may carry), 60 slow clients trickling a byte every 5 s, and a load run at
# 256 connections. Meanwhile /healthz is timed 10 times a second. Prints the server's peak
# RSS, /healthz latency during the attack and the status counts of every phase.
# Then the slow and costly clients of issue 21, one at a time, each from loopback addresses of
# its own (scripts/abuse_attacks.py): slow request bodies (64 and 500), 530 slow readers of the
# largest download, 1,100 connections from one address, 64 connections on the heaviest page;
# for each, /healthz p99 and a normal visitor's p99 meanwhile, and the RSS after.
# Needs wrk, curl and python3 (apt-get install wrk curl). Usage: scripts/abuse.sh [LOAD_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-30}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Room for the attacks' connections (the server and the clients share this shell's limit).
ulimit -n 16384
source scripts/bench-common.sh
ADDR=127.0.0.1:18191
bench_server p.db $ADDR
echo "server up: RSS $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$SERVER/status)"

# /healthz, 10 times a second, until told to stop: one latency (ms) per line.
python3 - "$ADDR" "$WORK/healthz.txt" "$WORK/stop" <<'PY' &
import http.client, os, sys, time
addr, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
host, port = addr.split(":")
with open(out, "w") as f:
    while not os.path.exists(stop):
        t = time.perf_counter()
        try:
            # From an address of its own: the attacks below come from 127.0.0.1.
            c = http.client.HTTPConnection(host, int(port), timeout=10, source_address=("127.0.0.201", 0))
            c.request("GET", "/healthz")
            ok = c.getresponse().status == 200
            c.close()
        except Exception:
            ok = False
        f.write(f"{(time.perf_counter() - t) * 1000:.2f} {'ok' if ok else 'error'}\n")
        f.flush()
        time.sleep(0.1)
PY
PROBE=$!

status() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
HUGE=$(python3 -c 'print("&".join(f"country=X{i}" for i in range(4000)))')
echo "quadratic URL (4,000 values, ${#HUGE} bytes): HTTP $(status "http://$ADDR/regions?$HUGE")"
Q=()
for i in 1 2 3 4; do { status "http://$ADDR/regions?$HUGE"; echo; } >"$WORK/q$i" & Q+=($!); done
wait "${Q[@]}"
echo "4 at once: HTTP $(cat "$WORK"/q1 "$WORK"/q2 "$WORK"/q3 "$WORK"/q4 | tr '\n' ' ')"
KNOWN=$(curl -s "http://$ADDR/regions" | { grep -o 'country=[A-Z][A-Z]' || true; } | sort -u | awk 'NR <= 39' | paste -sd'&')
T0=$(date +%s%N)
SIZE=$(curl -s "http://$ADDR/regions?$KNOWN" | wc -c)
echo "40 known filter values: $SIZE bytes in $(( ($(date +%s%N) - T0) / 1000000 )) ms"

# 60 slow clients: a byte every 5 s; each reports when the server closed it.
python3 - "$ADDR" >"$WORK/slow.txt" <<'PY' &
import select, socket, sys, threading, time
host, port = sys.argv[1].split(":")
held = []
def slow():
    s = socket.create_connection((host, int(port)), source_address=("127.0.0.3", 0))
    t = time.time()
    try:
        for b in b"GET /regions HTTP/1.1\r\nHost: x\r\n":
            s.send(bytes([b]))
            # Wait 5 s for the next byte, noticing at once when the server closes.
            if select.select([s], [], [], 5)[0] and not s.recv(4096):
                break
    except OSError:
        pass
    held.append(time.time() - t)
ts = [threading.Thread(target=slow) for _ in range(60)]
[t.start() for t in ts]
[t.join() for t in ts]
print(f"60 slow clients: each held at most {max(held):.1f} s")
PY
SLOW=$!

# The load run: status counts through a wrk script.
cat >"$WORK/count.lua" <<'LUA'
local threads = {}
function setup(t) table.insert(threads, t) end
function init() counts = {} end
function response(status) counts[status] = (counts[status] or 0) + 1 end
function done()
  local total = {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("counts")) do total[s] = (total[s] or 0) + n end
  end
  local parts = {}
  for s, n in pairs(total) do table.insert(parts, s .. ": " .. n) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, ", ") .. "\n")
end
LUA
echo "load: 256 connections, ${DUR} s, profile page"
wrk -t2 -c256 -d"${DUR}s" --latency -s "$WORK/count.lua" "http://$ADDR/regions/DEG" \
  | grep -E "Requests/sec|Socket errors|Non-2xx|statuses|^ +99%"
wait $SLOW
cat "$WORK/slow.txt"
touch "$WORK/stop"
wait $PROBE 2>/dev/null || true

python3 - "$WORK/healthz.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
ms = sorted(float(r[0]) for r in rows)
errors = sum(r[1] != "ok" for r in rows)
p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print(f"/healthz during the attack: {len(ms)} probes, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {ms[-1]:.1f} ms, {errors} errors (goal p99 < 50 ms)")
PY
echo "peak RSS of the server: $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$SERVER/status) (goal < 200 MB)"
echo "load: 256 connections, ${DUR} s, a search (q=health, one facet)"
wrk -t2 -c256 -d"${DUR}s" --latency -s "$WORK/count.lua" "http://$ADDR/regions?q=health&country=DE" \
  | grep -E "Requests/sec|Socket errors|statuses|^ +99%"
echo "peak RSS of the server after it: $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$SERVER/status) (goal <= 200 MB)"
echo "slow and costly clients, ${DUR} s each:"
python3 scripts/abuse_attacks.py "$ADDR" "$SERVER" "$DUR"
