#!/usr/bin/env python3
"""Test-only: a TCP proxy between kiosk-sync and an LRS (the real one from lrs.sh, or fake_lrs.py) that breaks
connections the ways a kiosk's network does. The fault that matters most is drop-response: the LRS stores the
batch and answers, and the client never hears it, so its retry must be answered 200 (same ids), never stored
twice. The others: refused and stalled connections, a request cut off mid-way (the LRS must store nothing) and a
response cut off mid-way.

Usage: fault_proxy.py --upstream HOST:PORT --port-file FILE [--plan PLAN] [--seed N] [--stats FILE]
                      [--mode-file FILE] [--log FILE]
  Listens on 127.0.0.1 (a free port, written to FILE once listening) and forwards each connection to
  HOST:PORT, with a fault picked for the whole connection when it is accepted, by random.Random(N) (default
  seed 1): the same seed and the same sequence of connections give the same faults. Runs until SIGTERM or
  SIGINT, then exits 0.
  PLAN        kind:weight,... (weights are normalised; a kind alone is weight 1), default "pass:1", e.g.
              pass:0.5,drop-response:0.2,cut-request:0.1,stall:0.1,refuse:0.05,cut-response:0.05
  --mode-file when FILE exists and is not empty, its PLAN replaces --plan for each new connection (it is read
              at every accept), so a test can turn faults on and off while kiosk-sync runs.
  --stats     JSON, rewritten (atomically) whenever a connection ends and at exit: {"connections": accepted,
              "ended": N, "pass": N, "refuse": N, ... (one count per kind, as picked), "withheld": {status: N}
              (drop-response answers kept from the client), "truncated": {status: N} (cut-response),
              "upstream_errors": N (could not connect; the client got a reset)}
  --log       one JSON line per connection when it ends: {"conn", "kind", "status" (of the response withheld
              or truncated, else null), "t"}
Kinds:
  pass           both ways until both sides are done (a half-close is passed on)
  refuse         accepted and reset at once (SO_LINGER 0): the client's first send or read fails
  stall          reads and throws away what the client sends, never answers; ends when the client does (600 s)
  cut-request    passes on 1..half of the client's first read to the LRS, then closes both: the LRS sees a
                 request cut short and must store nothing; the client gets an empty reply or a reset
  drop-response  passes the request on, waits for the LRS's whole response (Content-Length, chunked or to
                 the end; 1xx interim answers such as 100 Continue do go through), then resets the client
                 without a byte of it. Only the first response on the connection: the connection ends there.
  cut-response   the same, but sends the client the first half of the response's bytes, then closes
"""
import argparse
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import threading
import time

KINDS = ("pass", "refuse", "stall", "cut-request", "drop-response", "cut-response")
PATIENCE = 600.0  # the longest a connection is held open waiting for a side that went quiet
stopping = threading.Event()


def parse_plan(text):
    plan = []
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        kind, _, weight = part.strip().partition(":")
        if kind.strip() not in KINDS:
            raise ValueError(f"unknown fault '{kind.strip()}' (known: {', '.join(KINDS)})")
        w = float(weight) if weight.strip() else 1.0
        if not w >= 0:
            raise ValueError(f"bad weight in '{part.strip()}'")
        plan.append((kind.strip(), w))
    if sum(w for _, w in plan) <= 0:
        raise ValueError(f"plan '{text.strip()}' has no weight")
    return plan


def choose(plan, x):
    x *= sum(w for _, w in plan)
    for kind, w in plan:
        if x < w:
            return kind
        x -= w
    return [k for k, w in plan if w > 0][-1]  # rounding at the top end


def write_atomic(path, text):
    tmp = f"{path}.{threading.get_ident()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def reset(sock):
    """Close with RST, not FIN, so the peer sees 'connection reset' rather than a clean end."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def response_end(buf, head_request):
    """Where the first HTTP response in buf ends: (end, status) once it is all there, ("eof", status) when only
    the upstream closing can end it, or None while more is needed."""
    i = buf.find(b"\r\n\r\n")
    if i < 0:
        return None
    lines = buf[:i].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    start = i + 4
    if status < 200 or status in (204, 304) or head_request:
        return start, status
    if "chunked" in headers.get("transfer-encoding", "").lower():
        pos = start
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                return None
            size = int(buf[pos:eol].split(b";")[0].strip(), 16)
            if size == 0:  # then trailers, if any, and an empty line
                if buf[eol + 2:eol + 4] == b"\r\n":
                    return eol + 4, status
                end = buf.find(b"\r\n\r\n", eol + 2)
                return (end + 4, status) if end >= 0 else None
            pos = eol + 2 + size + 2
            if pos > len(buf):
                return None
    if "content-length" in headers:
        end = start + int(headers["content-length"])
        return (end, status) if len(buf) >= end else None
    return "eof", status


class Stats:
    def __init__(self, path, log_path):
        self.lock = threading.Lock()
        self.path = path
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None
        self.data = {"connections": 0, "ended": 0, **{k: 0 for k in KINDS}, "withheld": {}, "truncated": {},
                     "upstream_errors": 0}

    def accepted(self, kind):
        with self.lock:
            self.data["connections"] += 1
            self.data[kind] += 1
            return self.data["connections"]

    def ended(self, conn, kind, status=None, note=None, upstream_error=False):
        with self.lock:
            self.data["ended"] += 1
            if upstream_error:
                self.data["upstream_errors"] += 1
            if note:
                self.data[note][str(status)] = self.data[note].get(str(status), 0) + 1
            if self.log:
                self.log.write(json.dumps({"conn": conn, "kind": kind, "status": status, "t": time.time()}) + "\n")
                self.log.flush()
            self.write()

    def write(self):
        if self.path:
            write_atomic(self.path, json.dumps(self.data) + "\n")


def splice(a, b):
    """Both ways until both have finished. A FIN is passed on as a FIN and a reset as a reset; once one side
    has finished, the other gets PATIENCE/20 to finish too."""
    peer = {a: b, b: a}
    reading = [a, b]
    deadline = None
    while reading and not stopping.is_set() and (deadline is None or time.monotonic() < deadline):
        ready, _, _ = select.select(reading, [], [], 0.5)
        for s in ready:
            try:
                data = s.recv(65536)
            except OSError:
                reset(peer[s])
                return
            if data:
                try:
                    peer[s].sendall(data)
                except OSError:
                    reset(s)
                    return
            else:
                reading.remove(s)
                deadline = time.monotonic() + PATIENCE / 20
                try:
                    peer[s].shutdown(socket.SHUT_WR)
                except OSError:
                    pass


def hold_response(client, up):
    """Pass the client's bytes on as they come; keep the upstream's first final response until it is complete.
    Returns (status, raw response) or None if the upstream closed or failed first, or PATIENCE ran out."""
    buf, head_request, client_open = b"", None, True
    deadline = time.monotonic() + PATIENCE
    while not stopping.is_set() and time.monotonic() < deadline:
        ready, _, _ = select.select([up, client] if client_open else [up], [], [], 0.5)
        if client in ready:
            data = client.recv(65536)
            if not data:  # the client gave up (or half-closed); the LRS may still answer, so wait a while
                client_open = False
                deadline = min(deadline, time.monotonic() + PATIENCE / 20)
            else:
                if head_request is None:
                    head_request = data.startswith(b"HEAD ")
                up.sendall(data)
        if up in ready:
            data = up.recv(65536)
            if not data:
                framed = response_end(buf, head_request)
                return (framed[1], buf) if framed and framed[0] == "eof" else None
            buf += data
            while True:
                framed = response_end(buf, head_request)
                if framed is None or framed[0] == "eof":
                    break
                end, status = framed
                if status >= 200:
                    return status, buf[:end]
                if client_open:  # 100 Continue and the like: the client may be waiting for it to send its body
                    client.sendall(buf[:end])
                buf = buf[end:]
    return None


def wait_readable(sock):
    deadline = time.monotonic() + PATIENCE
    while not stopping.is_set() and time.monotonic() < deadline:
        if select.select([sock], [], [], 0.5)[0]:
            return True
    return False


def serve(client, conn, kind, rnd, upstream, stats):
    up, status, note, upstream_error = None, None, None, False
    try:
        if kind == "refuse":
            reset(client)
            return
        if kind == "stall":
            while wait_readable(client) and client.recv(65536):
                pass
            return
        try:
            up = socket.create_connection(upstream, timeout=10)
            up.settimeout(None)
            up.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            upstream_error = True
            reset(client)  # as near as a proxy gets to "connection refused"
            return
        if kind == "pass":
            splice(client, up)
        elif kind == "cut-request":
            data = client.recv(65536) if wait_readable(client) else b""
            if data:
                up.sendall(data[:rnd.randint(1, max(1, len(data) // 2))])
        else:
            held = hold_response(client, up)
            if held is not None:
                status, raw = held
                if kind == "drop-response":
                    note = "withheld"
                    reset(client)
                else:
                    note = "truncated"
                    client.sendall(raw[:len(raw) // 2])
    except (OSError, ValueError):  # ValueError: the upstream's answer was not HTTP; nothing to do but close
        pass
    finally:
        for s in (client, up):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        stats.ended(conn, kind, status, note, upstream_error)


class Plans:
    """The plan for the next connection: --mode-file's when it has one, else --plan's."""

    def __init__(self, base, mode_file):
        self.base, self.mode_file = base, mode_file
        self.last_text, self.last_plan = None, base

    def current(self):
        if not self.mode_file:
            return self.base
        try:
            text = open(self.mode_file, encoding="utf-8").read().strip()
        except OSError:
            text = ""
        if not text:
            return self.base
        if text != self.last_text:
            self.last_text = text
            try:
                self.last_plan = parse_plan(text)
            except ValueError as e:
                print(f"fault_proxy: ignoring {self.mode_file}: {e}", file=sys.stderr)
                self.last_plan = self.base
        return self.last_plan


def main():
    p = argparse.ArgumentParser(description="TCP proxy that injects network faults (tests)")
    p.add_argument("--upstream", required=True, help="HOST:PORT")
    p.add_argument("--port-file", required=True)
    p.add_argument("--plan", default="pass:1")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stats")
    p.add_argument("--mode-file")
    p.add_argument("--log")
    args = p.parse_args()
    host, _, port = args.upstream.rpartition(":")
    try:
        upstream = (host or "127.0.0.1", int(port))
        plans = Plans(parse_plan(args.plan), args.mode_file)
    except ValueError as e:
        print(f"fault_proxy: {e}", file=sys.stderr)
        return 2
    stats = Stats(args.stats, args.log)
    rng = random.Random(args.seed)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.settimeout(0.5)  # so a signal is noticed promptly
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    stats.write()
    write_atomic(args.port_file, f"{listener.getsockname()[1]}\n")
    while not stopping.is_set():
        try:
            client, _ = listener.accept()
        except OSError:  # the timeout, or a signal
            continue
        client.settimeout(None)
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Both draws happen for every connection whatever the plan, so a seed gives one sequence of faults.
        kind = choose(plans.current(), rng.random())
        rnd = random.Random(rng.getrandbits(32))
        conn = stats.accepted(kind)
        threading.Thread(target=serve, args=(client, conn, kind, rnd, upstream, stats), daemon=True).start()
    listener.close()
    with stats.lock:
        stats.write()
    sys.stdout.flush()
    os._exit(0)  # stalled connections' threads are daemons holding nothing worth waiting for


if __name__ == "__main__":
    sys.exit(main())
