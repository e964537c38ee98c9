#!/usr/bin/env python3
"""kiosk-report xapi's statements sent to a real LRS (lrs.sh), as a learning record store receives them.

Usage: xapi_to_lrs.py STATEMENTS.json LRS_ENV_FILE

POSTs the statements in batches of at most 100, as xAPI 1.0.3 says (200 with the ids, in order), reads
every one back by paging GET /statements (following `more`) and checks each is there exactly once and
unchanged in what we sent, then sends the same bytes again (200, nothing added) and proves the LRS is
strict enough to be worth testing against: a timestamp written differently is a 409 Conflict, and wrong
credentials are a 401. Prints the figures. Exit 0 when all hold.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

statements = json.load(open(sys.argv[1], encoding="utf-8"))
env = dict(line.strip().split("=", 1) for line in open(sys.argv[2]) if "=" in line)
base, auth = env["LRS_URL"], "Basic " + base64.b64encode(f"{env['LRS_KEY']}:{env['LRS_SECRET']}".encode()).decode()
failures = []


def request(method, url, body=None, credentials=auth):
    req = urllib.request.Request(url, data=body, method=method, headers={
        "Authorization": credentials, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def post(batch, credentials=auth):
    return request("POST", base + "/statements", json.dumps(batch).encode("utf-8"), credentials)


assert statements, "no statements to send"
started = time.monotonic()
batches = [statements[i:i + 100] for i in range(0, len(statements), 100)]
for batch in batches:
    status, body = post(batch)
    if status != 200:
        failures.append(f"POST of {len(batch)} statements: HTTP {status}: {body[:200]!r}")
        continue
    ids = json.loads(body)
    if ids != [s["id"] for s in batch]:
        failures.append("POST answered with ids other than the batch's, or in another order")
sent_seconds = time.monotonic() - started

# Read everything back (the LRS may hold other tests' statements too) and find ours.
mine = {s["id"]: s for s in statements}
seen = {}
url = base + "/statements?limit=500&ascending=true"
pages = 0
while url:
    status, body = request("GET", url)
    if status != 200:
        failures.append(f"GET statements: HTTP {status}")
        break
    page = json.loads(body)
    pages += 1
    for s in page["statements"]:
        if s["id"] in mine:
            seen[s["id"]] = seen.get(s["id"], 0) + 1
            sent = mine[s["id"]]
            # The LRS adds "stored", "authority", "version" and an object's "objectType"; the rest is ours.
            for key in ("actor", "verb", "result", "context", "timestamp"):
                if key in sent and s.get(key) != sent[key]:
                    failures.append(f"{s['id']}: the LRS holds a different {key}")
    more = page.get("more", "")
    url = urllib.parse.urljoin(base + "/", more) if more else None
missing = [i for i in mine if i not in seen]
twice = [i for i, n in seen.items() if n > 1]
if missing:
    failures.append(f"{len(missing)} statements missing from the LRS, e.g. {missing[0]}")
if twice:
    failures.append(f"{len(twice)} statements stored more than once")

# The same bytes again: accepted, nothing added (the LRS compares, and finds them the same).
status, _ = post(batches[0])
if status != 200:
    failures.append(f"resending the same first batch: HTTP {status}, expected 200")
# The same statement with its timestamp written another way is a conflict: a resend must be the same bytes.
changed = dict(statements[0])
changed["timestamp"] = changed["timestamp"].replace("Z", ".000Z") if changed["timestamp"].endswith("Z") else changed["timestamp"] + "Z"
status, _ = post([changed])
if status != 409:
    failures.append(f"a resend with the timestamp written differently: HTTP {status}, expected 409")
status, _ = post(batches[0], "Basic " + base64.b64encode(b"kiosk-tests:wrong").decode())
if status != 401:
    failures.append(f"wrong credentials: HTTP {status}, expected 401")

print(f"lrs figures: {len(statements)} statements in {len(batches)} batches sent in {sent_seconds:.2f} s "
      f"({len(statements) / max(sent_seconds, 1e-6):.0f}/s), read back in {pages} pages: "
      f"{len(seen)} found once each, {len(missing)} missing, {len(twice)} twice")
for f in failures:
    print("FAIL: " + f)
if not failures:
    print("ok: every statement stored once and unchanged; a resend of the same bytes is accepted; "
          "a differently written resend is 409; wrong credentials are 401")
sys.exit(1 if failures else 0)
