#!/usr/bin/env python3
"""Test-only: a real HTTPS static file server for a `kiosk-author publish` folder, as any partnership web
server would serve it, with the attacks a kiosk must survive switched on per request.

Usage: pack_server.py --root DIR --port-file FILE --tls-cert PEM --tls-key PEM [--mode-file FILE] [--log FILE]
                      [--longer-cap BYTES]
  Listens on 127.0.0.1 (a free port, written to FILE atomically once listening) over TLS (OpenSSL through
  Python's ssl module; the handshake runs in the connection's own thread), until SIGTERM/SIGINT.
  GET (and HEAD) of a plain file name directly in DIR: 200 with Content-Length, a strong ETag (the quoted
  sha256 of the content), Last-Modified and Date; If-None-Match with that ETag (or *) gives 304. Anything
  else is a 404 (a name with '/' or '..', a folder, a missing file); other methods 405. Files are read at
  each request, so a test may swap or flip them between requests.
  --mode-file   read at each request: mode names separated by commas (blank or missing file: normal)
      normal             as above
      slow               every body is sent one byte a second (Content-Length as usual)
      slow-pack          the same for .pack files only (the manifest comes at full speed)
      longer             .pack files: the file, then endless extra bytes, with no Content-Length and
                         Connection: close, until the client goes (or --longer-cap bytes in all, a
                         safety net: default 1 GiB)
      longer-all         the same for every file, the manifest included
      date-future:SECONDS, date-past:SECONDS   the Date header shifted by that much
      no-etag            no ETag header, and If-None-Match is ignored
  --log         one JSON line per request, flushed when the answer is over: {"t" (start, Unix seconds),
                "seconds" (how long the answer took), "method", "path", "status", "bytes" (body bytes
                written to the socket), "mode", "if_none_match" (the header was sent), "length" (the
                file's length or null), "client_gone" (the client closed before the body was all sent)}.
"""
import argparse
import email.utils
import hashlib
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

stopping = threading.Event()
CHUNK = 16384


def write_atomic(path, text):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def parse_modes(text):
    """{"slow": True, "date-future": 7200, ...} from "slow,date-future:7200"; unknown names are kept (and
    logged) but do nothing, so a typo shows in the log instead of silently passing."""
    modes = {}
    for item in (text or "").replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        name, _, arg = item.partition(":")
        modes[name] = float(arg) if arg else True
    return modes or {"normal": True}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    context = None
    root = ""
    mode_file = None
    longer_cap = 1 << 30
    log_lock = threading.Lock()
    log = None

    def modes(self):
        if not self.mode_file:
            return "normal"
        try:
            with open(self.mode_file) as f:
                return f.read().strip() or "normal"
        except FileNotFoundError:
            return "normal"

    def write_log(self, entry):
        if self.log:
            with self.log_lock:
                self.log.write(json.dumps(entry) + "\n")
                self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection (or a stalled handshake) is dropped after this long

    def version_string(self):
        return "pack_server/1"

    def setup(self):
        # TLS here, in the connection's thread: a client that stalls its handshake holds up nobody else.
        self.request.settimeout(self.timeout)
        self.request = self.server.context.wrap_socket(self.request, server_side=True)
        super().setup()

    def handle(self):
        try:
            super().handle()
        except (ssl.SSLError, ConnectionError, TimeoutError, OSError):
            pass  # a client that gave up (or never finished its handshake) is nothing to report

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        shift = self.mode.get("date-future", 0) - self.mode.get("date-past", 0) if hasattr(self, "mode") else 0
        return email.utils.formatdate((time.time() if timestamp is None else timestamp) + shift, usegmt=True)

    def do_HEAD(self):
        self.serve(head=True)

    def do_GET(self):
        self.serve(head=False)

    def _other(self):
        self.mode_text = self.server.modes()
        self.mode = parse_modes(self.mode_text)
        self.start, self.entry = time.time(), None
        self.answer(405, b"method not allowed\n", None)

    do_POST = do_PUT = do_DELETE = do_PATCH = _other

    def serve(self, head):
        self.mode_text = self.server.modes()
        self.mode = parse_modes(self.mode_text)
        self.start = time.time()
        name = unquote(urlsplit(self.path).path).lstrip("/")
        path = os.path.join(self.server.root, name)
        data = None
        if name and "/" not in name and name not in (".", "..") and "\0" not in name and os.path.isfile(path):
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = None
        if data is None:
            return self.answer(404, b"not found\n", None)
        etag = None if "no-etag" in self.mode else '"' + hashlib.sha256(data).hexdigest() + '"'
        inm = self.headers.get("If-None-Match")
        if etag and inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            if "*" in tags or etag in tags or ("W/" + etag) in tags:
                return self.answer(304, b"", len(data), etag=etag)
        pack = name.endswith(".pack")
        if ("longer" in self.mode and pack or "longer-all" in self.mode) and not head:
            return self.answer_longer(data, etag)
        slow = "slow" in self.mode or ("slow-pack" in self.mode and pack)
        self.answer(200, data, len(data), etag=etag, head=head, slow=slow,
                    mtime=os.path.getmtime(path), content_type="application/octet-stream")

    def finish_log(self, status, sent, length, gone):
        self.server.write_log({"t": round(self.start, 3), "seconds": round(time.time() - self.start, 3),
                               "method": self.command, "path": self.path, "status": status, "bytes": sent,
                               "mode": self.mode_text, "if_none_match": self.headers.get("If-None-Match") is not None,
                               "length": length, "client_gone": gone})

    def answer(self, status, body, length, etag=None, head=False, slow=False, mtime=None,
               content_type="text/plain"):
        sent, gone = 0, False
        try:
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if mtime is not None:
                self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
            if status != 304:
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            if not head and status != 304:
                if slow:
                    for i in range(len(body)):
                        if stopping.is_set():
                            break
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                        sent += 1
                        if i + 1 < len(body):
                            time.sleep(1)
                else:
                    for i in range(0, len(body), CHUNK):
                        self.wfile.write(body[i:i + CHUNK])
                        sent += len(body[i:i + CHUNK])
                    self.wfile.flush()
        except (ConnectionError, ssl.SSLError, TimeoutError, OSError):
            gone = True
            self.close_connection = True
        self.finish_log(status, sent, length, gone)

    def answer_longer(self, data, etag):
        """The file, then bytes without end: no Content-Length, so only the manifest's length can stop the
        client. A small send buffer keeps what the kernel holds (sent here, never read there) small, so the
        logged byte count is close to what the client actually took."""
        sent, gone = 0, False
        self.close_connection = True
        try:
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
            self.send_response(200)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            for i in range(0, len(data), CHUNK):
                self.wfile.write(data[i:i + CHUNK])
                sent += len(data[i:i + CHUNK])
            extra = bytes(range(256)) * (CHUNK // 256)
            while sent < self.server.longer_cap and not stopping.is_set():
                self.wfile.write(extra)
                sent += len(extra)
            self.wfile.flush()
        except (ConnectionError, ssl.SSLError, TimeoutError, OSError):
            gone = True
        self.finish_log(200, sent, len(data), gone)


def main():
    p = argparse.ArgumentParser(description="HTTPS static server for a publish folder, with attack modes (tests)")
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--tls-cert", required=True)
    p.add_argument("--tls-key", required=True)
    p.add_argument("--mode-file")
    p.add_argument("--log")
    p.add_argument("--longer-cap", type=int, default=1 << 30)
    args = p.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    server = Server(("127.0.0.1", 0), Handler)
    server.context = context
    server.root = os.path.abspath(args.root)
    server.mode_file = args.mode_file
    server.longer_cap = args.longer_cap
    server.log = open(args.log, "a") if args.log else None
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    write_atomic(args.port_file, f"{server.server_port}\n")
    while not stopping.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    sys.stdout.flush()
    os._exit(0)  # handler threads may still be streaming slowly; they are daemons with nothing to save


if __name__ == "__main__":
    sys.exit(main())
