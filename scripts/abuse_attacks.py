#!/usr/bin/env python3
"""Slow and costly clients against a pmatlas server on loopback (issue 21), one attack at a
time, each from its own loopback addresses (127.0.0.x: distinct visitors), while a normal
visitor (127.0.0.200) asks for a profile page and a search and /healthz is timed. For each
attack it prints /healthz p99, the visitor's p99 and non-200 answers, and the server's RSS at
the end; at the end, the peak RSS and the RSS a minute after the last attack.

Usage: abuse_attacks.py ADDR SERVER_PID [SECONDS]. Every loop is bounded in count and time and
targets loopback only."""
import socket, sys, threading, time, http.client

HOST, PORT = sys.argv[1].split(":")
PORT = int(PORT)
PID = sys.argv[2]
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 20


def rss(field="VmRSS"):
    for line in open(f"/proc/{PID}/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def conn(source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(10)
    s.connect((HOST, PORT))
    return s


def timed_get(source, path):
    """One GET from `source`: (ms, status)."""
    t = time.perf_counter()
    try:
        s = conn(source)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        head = s.recv(16)
        while s.recv(65536):
            pass
        s.close()
        status = int(head[9:12]) if len(head) >= 12 else 0
    except OSError:
        status = 0
    return (time.perf_counter() - t) * 1000, status


def probe(stop, out, source, path, every):
    while not stop.is_set():
        out.append(timed_get(source, path))
        time.sleep(every)


def p99(rows):
    ms = sorted(r[0] for r in rows)
    return ms[min(len(ms) - 1, int(0.99 * len(ms)))] if ms else float("nan")


def run(name, attack):
    stop = threading.Event()
    health, page, search = [], [], []
    probes = [
        threading.Thread(target=probe, args=(stop, health, "127.0.0.201", "/healthz", 0.1)),
        threading.Thread(target=probe, args=(stop, page, "127.0.0.200", "/regions/DEG", 0.2)),
        threading.Thread(target=probe, args=(stop, search, "127.0.0.202", "/regions?q=health&country=DE", 0.2)),
    ]
    held = attack(stop)
    [p.start() for p in probes]
    time.sleep(SECONDS)
    at_end = rss()
    stop.set()
    [p.join() for p in probes]
    for s in held:
        try:
            s.close()
        except OSError:
            pass
    bad = lambda rows: sum(1 for r in rows if r[1] != 200)
    print(
        f"{name}: /healthz p99 {p99(health):.1f} ms ({bad(health)} not 200); visitor's profile page p99 "
        f"{p99(page):.1f} ms ({bad(page)} not 200), search p99 {p99(search):.1f} ms ({bad(search)} not 200); "
        f"RSS at the end {at_end:.0f} MB, peak so far {rss('VmHWM'):.0f} MB"
    )


def spread(n):
    """n source addresses' worth of attackers: 127.0.0.10 … (at most 60 connections each)."""
    return [f"127.0.0.{10 + i // 60}" for i in range(n)]


def slow_bodies(n):
    def attack(stop):
        held = []
        for src in spread(n):
            try:
                s = conn(src)
                s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nn")
                held.append(s)
            except OSError:
                pass

        def trickle():
            while not stop.is_set():
                for s in held:
                    try:
                        s.send(b"a")
                    except OSError:
                        pass
                stop.wait(5)

        threading.Thread(target=trickle, daemon=True).start()
        return held

    return attack


def slow_readers(n, path):
    def attack(stop):
        held = []
        for src in spread(n):
            try:
                s = conn(src)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                held.append(s)  # never read
            except OSError:
                pass
        return held

    return attack


def one_address(n):
    def attack(stop):
        held = []
        for _ in range(n):
            try:
                held.append(conn("127.0.0.50"))
            except OSError:
                pass
        return held

    return attack


def heavy_page(n, path):
    def attack(stop):
        def worker(src):
            while not stop.is_set():
                timed_get(src, path)

        for i, src in enumerate(spread(n)):
            threading.Thread(target=worker, args=(src,), daemon=True).start()
        return []

    return attack


run("64 slow request bodies", slow_bodies(64))
run("500 slow request bodies", slow_bodies(500))
run("530 slow readers of /regions.csv", slow_readers(530, "/regions.csv"))
run("1,100 connections from one address", one_address(1100))
run("64 connections on /topics/genomics", heavy_page(64, "/topics/genomics"))
print(f"peak RSS {rss('VmHWM'):.0f} MB (goal <= 200 MB)")
time.sleep(60)
print(f"RSS a minute after the last attack {rss():.0f} MB (goal <= 200 MB)")
