#!/usr/bin/env python3
"""Test-only: a scripted stand-in for the test LRS (Learning Locker xapi-statements 5.0.1, see lrs.sh) for the
faults the real one will not produce on demand: 5xx/429 with Retry-After, a batch committed and then an error,
a 204 or a short or broken answer, an answer that never ends or never comes, a 409 for statements it never had.
Everything else answers as the real one does (bodies, status codes, all-or-nothing batches, conflict rule,
`stored`/`authority`/`version`/objectType filled in, paging), so a test that passes here means the same there.

Usage: fake_lrs.py --port-file FILE --key K --secret S [--script SCRIPT.json] [--log LOG.jsonl]
                   [--dump DUMP.json] [--max-batch N] [--keepalive-timeout SECONDS]
                   [--tls-cert PEM --tls-key PEM]
  Listens on 127.0.0.1 (a free port, written to FILE once listening), endpoint http://127.0.0.1:PORT/xAPI,
  until SIGTERM/SIGINT, then writes DUMP.json and exits 0. GET /xAPI/__dump (no auth, never logged or
  counted) answers the same JSON live: {"ids": [stored ids, stored order], "posts": N, "requests": N,
  "status_counts": {"200": N, ...} of POST /statements answers ("none" when no answer was sent),
  "rules": {kind: N}}.
  --max-batch N       a POST of more than N statements is a 413 and stores nothing.
  --keepalive-timeout an idle keep-alive connection is closed after this long (default 5 s, as Node does;
                      0: never).
  --log               one JSON line per request, flushed: {"n", "method", "path", "post" (POST number or null),
                      "statements" (count or null), "ids" (list or null), "status" (null: none sent),
                      "rule" (kind or null), "auth_ok", "t"}. Credentials are never logged.
SCRIPT.json: a list of rules for POST /xAPI/statements, counted from 1 in order of arrival (every fully
received POST counts, even one that then fails auth; a request cut short does not). The first rule that
matches decides; a rule with neither "posts" nor "from"/"to" matches every POST; auth and the version header
are checked before any rule.
  {"posts": [3, 4] | "from": 5, "to": 7 (inclusive, either may be left out),
   "respond": KIND, "status": 500, "retry_after": "2", "seconds": 3600}
  status             answer "status" (default 500) with a JSON error body, store nothing; Retry-After if given
  store-then-status  process the batch as usual; if that succeeds, answer "status" (default 500) anyway
  empty-204          process as usual; if that succeeds, answer 204 with no body
  partial-ids        process as usual; if that succeeds, answer 200 with only the first half of the ids
  garbage            process as usual; if that succeeds, answer 200 application/json that is not JSON
  endless            store nothing, answer 200 and stream `["x","x",...` with no length until the client goes
  stall              store nothing, answer nothing for "seconds" (default 3600) or until the client goes
  wrong-conflict     store nothing, answer 409 as if the statements conflicted
Deliberate difference from the real LRS: a statement without an "id" is a 400 here (the real one makes one
up), since kiosk-sync must always send its own ids for its retries to be safe.
"""
import argparse
import base64
import json
import os
import re
import select
import signal
import ssl
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from urllib.parse import parse_qs, quote, urlsplit

XAPI = "1.0.3"
ROOT = "/xAPI"
# What client_info.js gives the real LRS, so statements read back look the same from both.
AUTHORITY = {"objectType": "Agent", "name": "msht-kiosk tests", "mbox": "mailto:kiosk-tests@example.invalid"}
# Learning Locker decides "the same statement" by a hash of these properties only, taken after it fills in
# default objectTypes: a different version, stored or authority, or an explicit "Agent", is no conflict.
HASHED = ("id", "actor", "verb", "object", "context", "result", "attachments", "timestamp")
ALLOWED = set(HASHED) | {"stored", "authority", "version"}
KINDS = {"status", "store-then-status", "empty-204", "partial-ids", "garbage", "endless", "stall",
         "wrong-conflict"}
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION = re.compile(r"^1\.0(\.\d+)?$")
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
LIST_PARAMS = {"since", "until", "limit", "ascending", "cursor", "format", "attachments"}
FILTERS = {"agent", "verb", "activity", "registration", "related_activities", "related_agents"}
stopping = threading.Event()


def iso_ms(t):
    d = datetime.fromtimestamp(t, timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def write_atomic(path, text):
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def error(message):
    return {"errorId": str(uuid.uuid4()), "message": message}


def warnings(items):
    return {"errorId": str(uuid.uuid4()), "warnings": items}


# Default objectTypes as xapi-statements' setupObjectTypes.js fills them in (only where absent).
def _typed(x, default):
    return dict(x, objectType=default) if isinstance(x, dict) and "objectType" not in x else x


def _members(x):
    if isinstance(x, dict) and isinstance(x.get("member"), list):
        x = dict(x, member=[_actor(m) for m in x["member"]])
    return x


def _actor(x):
    return _members(_typed(x, "Agent"))


def _object(x):
    x = _members(_typed(x, "Activity"))
    return _with_types(x) if isinstance(x, dict) and x.get("objectType") == "SubStatement" else x


def _context(c):
    if not isinstance(c, dict):
        return c
    c = dict(c)
    if "team" in c:
        c["team"] = _members(_typed(c["team"], "Group"))
    if "instructor" in c:
        c["instructor"] = _typed(c["instructor"], "Agent")
    if isinstance(c.get("contextActivities"), dict):
        ca = dict(c["contextActivities"])
        for k in ("parent", "grouping", "category", "other"):
            if isinstance(ca.get(k), list):
                ca[k] = [_typed(a, "Activity") for a in ca[k]]
        c["contextActivities"] = ca
    return c


def _with_types(s):
    s = dict(s)
    for key, fill in (("actor", _actor), ("object", _object), ("context", _context)):
        if key in s:
            s[key] = fill(s[key])
    return s


def validate(batch):
    """The few checks kiosk-sync could fail; the real LRS checks the whole xAPI schema."""
    found = []
    for i, s in enumerate(batch):
        where = f"statements.{i}"
        if not isinstance(s, dict):
            found.append(f"Problem in '{where}'. Received '{json.dumps(s)}'")
            continue
        if "id" not in s:
            found.append(f"Missing required value in '{where}.id' (fake_lrs needs client ids)")
        elif not isinstance(s["id"], str) or not UUID.match(s["id"]):
            found.append(f"Problem in '{where}.id'. Received '{json.dumps(s['id'])}'")
        found += [f"Missing required value in '{where}.{k}'" for k in ("actor", "verb", "object") if k not in s]
        extra = [k for k in s if k not in ALLOWED]
        if extra:
            found.append(f"Unknown keys ({','.join(extra)}) set in '{where}'")
    return found


class State:
    def __init__(self, rules, max_batch, log_path):
        self.lock = threading.Lock()
        self.rules, self.max_batch = rules, max_batch
        self.stored = {}   # id -> the statement as the LRS returns it
        self.hashed = {}   # id -> what a resend is compared with
        self.order = []    # (stored, seq, id), ascending: stored never goes backwards here
        self.requests = self.posts = 0
        self.status_counts, self.rule_counts = {}, {}
        self.last_stored = ""
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None

    def next_request(self):
        with self.lock:
            self.requests += 1
            return self.requests

    def next_post(self):
        with self.lock:
            self.posts += 1
            return self.posts

    def rule_for(self, post):
        for r in self.rules:
            if "posts" in r:
                if post in r["posts"]:
                    return r
            elif r.get("from", 1) <= post <= r.get("to", float("inf")):
                return r
        return None

    def store(self, batch):
        """All or nothing, like Learning Locker: one conflict anywhere and none of the batch is stored."""
        views = [_with_types(s) for s in batch]
        with self.lock:
            for s, v in zip(batch, views):
                old = self.hashed.get(s["id"])
                if old is not None and old != {k: v[k] for k in HASHED if k in v}:
                    return 409, error(f"{s['id']} is conflicting")
            now = max(iso_ms(time.time()), self.last_stored)
            self.last_stored = now
            for s, v in zip(batch, views):
                if s["id"] in self.hashed:
                    continue
                self.hashed[s["id"]] = {k: v[k] for k in HASHED if k in v}
                st = dict(v)
                st.setdefault("timestamp", now)
                st["stored"], st["authority"] = now, AUTHORITY
                st.setdefault("version", "1.0.0")
                self.stored[s["id"]] = st
                self.order.append((now, len(self.order), s["id"]))
            return 200, [s["id"] for s in batch]

    def get(self, sid):
        with self.lock:
            return self.stored.get(sid)

    def listing(self, since, until, ascending, cursor):
        with self.lock:
            rows = [(seq, self.stored[i]) for stored, seq, i in self.order
                    if (since is None or stored > since) and (until is None or stored <= until)
                    and (cursor is None or (seq > cursor if ascending else seq < cursor))]
        return rows if ascending else rows[::-1]

    def record(self, line, is_post):
        with self.lock:
            if is_post and line["post"] is not None:
                key = "none" if line["status"] is None else str(line["status"])
                self.status_counts[key] = self.status_counts.get(key, 0) + 1
                if line["rule"]:
                    self.rule_counts[line["rule"]] = self.rule_counts.get(line["rule"], 0) + 1
            if self.log:
                self.log.write(json.dumps(line) + "\n")
                self.log.flush()

    def dump(self):
        with self.lock:
            return {"ids": [i for _, _, i in self.order], "posts": self.posts, "requests": self.requests,
                    "status_counts": dict(self.status_counts), "rules": dict(self.rule_counts)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set in main()

    def version_string(self):
        return "fake_lrs"

    def log_message(self, *args):
        pass

    def send_response(self, code, message=None):
        super().send_response(code, message)
        self.send_header("X-Experience-API-Version", XAPI)
        self.send_header("X-Experience-API-Consistent-Through", iso_ms(time.time()))

    def reply(self, status, body=None, ctype="application/json; charset=utf-8", headers=()):
        if body is None:
            data = b""
        elif isinstance(body, bytes):
            data = body
        else:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status != 204:  # a 204 carries no length, as Node sends it
            if data:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
        self.send_connection_headers()
        self.end_headers()
        if data and status != 204:
            self.wfile.write(data)
        self.status = status

    def send_connection_headers(self):
        if self.close_connection:
            self.send_header("Connection", "close")
        else:
            self.send_header("Connection", "keep-alive")
            if self.timeout:
                self.send_header("Keep-Alive", f"timeout={self.timeout:g}")

    def read_body(self):
        """The whole body, or None when the client went before sending it all: a cut request is never
        processed, as a real server would not process it."""
        try:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                data = b""
                while True:
                    size = int(self.rfile.readline(1024).split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                            pass
                        return data
                    chunk = self.rfile.read(size)
                    if len(chunk) < size:
                        return None
                    data += chunk
                    self.rfile.readline(3)
            n = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(n) if n > 0 else b""
            return data if len(data) == n else None
        except (ValueError, OSError):  # OSError: the client went quiet mid-body for longer than the timeout
            return None

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def dispatch(self, method):
        self.status = self.rule = self.post = self.count = self.ids = None
        self.auth_ok, self.logged = False, False
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        body = self.read_body()
        if path == ROOT + "/__dump" and method == "GET" and body is not None:
            return self.reply(200, self.state.dump())
        self.n = self.state.next_request()
        try:
            if body is None:
                self.close_connection = True
            else:
                self.route(method, path, {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()},
                           body)
        except OSError:  # the client hung up on us; nothing more to say
            self.close_connection = True
        finally:
            self.write_log(method)

    def write_log(self, method):
        if not self.logged:
            self.logged = True
            self.state.record({"n": self.n, "method": method, "path": self.path, "post": self.post,
                               "statements": self.count, "ids": self.ids, "status": self.status,
                               "rule": self.rule, "auth_ok": self.auth_ok, "t": time.time()},
                              method == "POST")

    def check_auth(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return False
        try:
            return base64.b64decode(auth[6:].strip(), validate=True) == self.server.credentials
        except ValueError:
            return False

    def route(self, method, path, q, body):
        if path == ROOT + "/about" and method == "GET":
            self.auth_ok = self.check_auth()
            return self.reply(200, {"X-Experience-API-Version": XAPI, "version": [XAPI]})
        if path != ROOT + "/statements":
            return self.reply(404, f"Cannot {method} {path}\n".encode(), "text/html; charset=utf-8")
        if method == "POST":
            self.post = self.state.next_post()
            batch = self.parse_batch(body)  # for the log, whatever happens next
        self.auth_ok = self.check_auth()
        if not self.auth_ok:
            return self.reply(401, error("Unauthorised"))
        version = self.headers.get("X-Experience-API-Version")
        if version is None:
            return self.reply(400, warnings(["Missing required value in 'header.X-Experience-API-Version'"]))
        if not VERSION.match(version):
            return self.reply(400, warnings([
                f"Problem in 'header.X-Experience-API-Version'. Received '{json.dumps(version)}'"]))
        if method == "GET":
            return self.get_statements(q)
        return self.post_statements(batch) if method == "POST" else self.put_statement(q, body)

    def parse_batch(self, body):
        try:
            parsed = json.loads(body.decode("utf-8"))
        except ValueError:
            return None
        batch = parsed if isinstance(parsed, list) else [parsed] if isinstance(parsed, dict) else None
        if batch is not None:
            self.count = len(batch)
            self.ids = [s.get("id") if isinstance(s, dict) else None for s in batch]
        return batch

    def json_content_type(self):
        ctype = self.headers.get("Content-Type", "")
        if re.match(r"^application/json\s*(;|$)", ctype, re.I):
            return None
        return error(f"Content-Type ({ctype}) is not supported")

    def post_statements(self, batch):
        rule = self.state.rule_for(self.post)
        kind = self.rule = rule["respond"] if rule else None
        if kind == "status":
            status = rule.get("status", 500)
            extra = [("Retry-After", str(rule["retry_after"]))] if "retry_after" in rule else []
            return self.reply(status, error(f"fake_lrs: scripted {status} for POST {self.post}"), headers=extra)
        if kind == "stall":
            return self.stall(rule.get("seconds", 3600))
        if kind == "endless":
            return self.endless()
        if kind == "wrong-conflict":
            first = (self.ids or [None])[0]
            return self.reply(409, error(f"{first} is conflicting"))
        bad_type = self.json_content_type()
        if bad_type:
            return self.reply(400, bad_type)
        if batch is None:
            return self.reply(400, error("Expected valid JSON in body"))
        if self.state.max_batch is not None and len(batch) > self.state.max_batch:
            return self.reply(413, error(f"{len(batch)} statements is more than this LRS takes in one "
                                         f"request ({self.state.max_batch})"))
        found = validate(batch)
        if found:
            return self.reply(400, warnings(found))
        seen = set()
        for s in batch:
            if s["id"] in seen:
                return self.reply(400, error(f"{s['id']} is duplicated in the current batch"))
            seen.add(s["id"])
        status, result = self.state.store(batch)
        if status != 200 or kind is None:
            return self.reply(status, result)
        if kind == "store-then-status":
            return self.reply(rule.get("status", 500), error("fake_lrs: stored the batch, then failed"))
        if kind == "empty-204":
            return self.reply(204)
        if kind == "partial-ids":
            return self.reply(200, result[:len(result) // 2])
        return self.reply(200, b'{"ids": [tru', "application/json")  # garbage

    def put_statement(self, q, body):
        sid = q.get("statementId")
        if not sid:
            return self.reply(400, error("Missing required 'statementId' query param"))
        bad_type = self.json_content_type()
        if bad_type:
            return self.reply(400, bad_type)
        batch = self.parse_batch(body)
        if batch is None or body.lstrip()[:1] != b"{":  # one statement, not a list
            return self.reply(400, error("Expected valid JSON in body"))
        if batch[0].get("id", sid) != sid:
            return self.reply(400, error(f"Statement ID in the body ({batch[0]['id']}) does not match the "
                                         f"statementId param ({sid})"))
        batch[0]["id"] = sid
        found = validate(batch)
        if found:
            return self.reply(400, warnings(found))
        status, result = self.state.store(batch)
        return self.reply(204) if status == 200 else self.reply(status, result)

    def get_statements(self, q):
        if "statementId" in q or "voidedStatementId" in q:
            unknown = sorted(set(q) - SINGLE_PARAMS)
            if unknown:
                return self.reply(400, error(f"Cannot use unknown params '{','.join(unknown)}'"))
            if "statementId" in q and "voidedStatementId" in q:
                return self.reply(400, error("Cannot use 'statementId' and 'voidedStatementId'"))
            st = self.state.get(q["statementId"]) if "statementId" in q else None  # nothing is ever voided
            if st is None:
                return self.reply(404, error("No Statement found"))
            return self.reply(200, st, headers=[("Last-Modified", st["stored"])])
        unknown = sorted(set(q) - LIST_PARAMS - FILTERS)
        if unknown:
            return self.reply(400, error(f"Cannot use unknown params '{','.join(unknown)}'"))
        filters = sorted(set(q) & FILTERS)
        if filters:
            return self.reply(400, error(f"fake_lrs does not implement the '{','.join(filters)}' filter"))
        try:
            limit = int(q.get("limit", 100))
        except ValueError:
            limit = 100  # as Learning Locker: anything not a number is the default
        limit = 100 if limit <= 0 else limit
        ascending = q.get("ascending", "false").lower() in ("true", "1", "yes", "on")
        try:
            cursor = int(q["cursor"]) if "cursor" in q else None
        except ValueError:
            return self.reply(400, error(f"Invalid cursor '{q['cursor']}'"))
        rows = self.state.listing(q.get("since"), q.get("until"), ascending, cursor)
        page, more = rows[:limit], ""
        if len(rows) > limit:
            params = [(k, q[k]) for k in ("since", "until", "ascending", "limit", "format", "attachments") if k in q]
            params.append(("cursor", str(page[-1][0])))
            more = f"{ROOT}/statements?" + "&".join(f"{k}={quote(v, safe=':')}" for k, v in params)
        return self.reply(200, {"more": more, "statements": [st for _, st in page]})

    def stall(self, seconds):
        """Read on (and throw away) so a hang-up is seen, answer nothing."""
        self.close_connection = True
        self.write_log("POST")
        sock, deadline = self.connection, time.monotonic() + seconds
        while not stopping.is_set() and time.monotonic() < deadline:
            ready, _, _ = select.select([sock], [], [], 0.5)
            if ready and not sock.recv(65536):
                return

    def endless(self):
        """A 200 whose body never ends: no Content-Length, so only the connection's end could end it."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_connection_headers()
        self.end_headers()
        self.status = 200
        self.write_log("POST")
        self.wfile.write(b"[")
        chunk = b'"x",' * 4096
        while not stopping.is_set():  # about 3 MB/s: fast enough to hit any size cap, slow enough not to hog
            self.wfile.write(chunk)
            time.sleep(0.005)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def server_bind(self):  # HTTPServer's would look up the host name, which can be slow
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def load_script(path):
    if not path:
        return []
    rules = json.load(open(path, encoding="utf-8"))
    if not isinstance(rules, list):
        raise ValueError("the script must be a JSON list of rules")
    for r in rules:
        if not isinstance(r, dict) or r.get("respond") not in KINDS:
            raise ValueError(f"rule {json.dumps(r)}: 'respond' must be one of {', '.join(sorted(KINDS))}")
        ints = [*r.get("posts", []), *(r[k] for k in ("from", "to", "status") if k in r)]
        if not isinstance(r.get("posts", []), list) or not all(isinstance(i, int) for i in ints):
            raise ValueError(f"rule {json.dumps(r)}: posts, from, to and status must be integers")
    return rules


def main():
    p = argparse.ArgumentParser(description="Scripted fake of Learning Locker xapi-statements 5.0.1 (tests)")
    p.add_argument("--port-file", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--script")
    p.add_argument("--log")
    p.add_argument("--dump")
    p.add_argument("--max-batch", type=int)
    p.add_argument("--keepalive-timeout", type=float, default=5.0)
    # HTTPS, as a partnership's LRS is reached: a real TLS server (OpenSSL through Python's ssl module), so
    # the client's certificate checks meet a real handshake.
    p.add_argument("--tls-cert", help="PEM certificate chain: serve HTTPS instead of HTTP")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    args = p.parse_args()
    try:
        rules = load_script(args.script)
    except (OSError, ValueError) as e:
        print(f"fake_lrs: bad script {args.script}: {e}", file=sys.stderr)
        return 2
    Handler.state = state = State(rules, args.max_batch, args.log)
    Handler.timeout = args.keepalive_timeout if args.keepalive_timeout > 0 else None  # 0: never time out
    server = Server(("127.0.0.1", 0), Handler)
    server.credentials = f"{args.key}:{args.secret}".encode("utf-8")
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    write_atomic(args.port_file, f"{server.server_port}\n")
    while not stopping.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    if args.dump:
        write_atomic(args.dump, json.dumps(state.dump()) + "\n")
    if state.log:
        state.log.flush()
    sys.stdout.flush()
    os._exit(0)  # handler threads may still be stalled or streaming; they are daemons with nothing to save


if __name__ == "__main__":
    sys.exit(main())
