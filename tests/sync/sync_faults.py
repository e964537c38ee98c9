#!/usr/bin/env python3
"""kiosk-sync against the faults a fleet meets, with figures printed. Two parts:

1. Scripted answers the real LRS will not give on demand (tests/lrs/fake_lrs.py mimics Learning Locker
   xapi-statements 5.0.1 otherwise): 500, a batch stored and then a 500, 503 and 429 with Retry-After, 413,
   204 with no body, a partial id list, garbage JSON, an endless body, a stalled answer, a 409 for nothing,
   a real conflict (someone else's statement under one of our ids: quarantined, not overwritten), the same
   statement with its time written differently (acked), wrong credentials (never retried in a loop; sending
   resumes when the file changes).
2. kill -9 of kiosk-sync at random moments (KILLS times) while a TCP proxy of our own (fault_proxy.py)
   refuses, stalls, cuts requests, cuts answers and drops answers after the LRS stored the batch, and
   sittings end in the records meanwhile.
After each: every statement the records make is in the LRS exactly once, none missing, nothing else; sync.db
passes integrity_check with every statement acked; the secret never appears in any log.

Usage: sync_faults.py KIOSK_SYNC KIOSK_REPORT_FIXTURE SOURCE_DIR [--kills N] [--seed N]
"""
import argparse
import hashlib
import json
import os
import random
import signal
import ssl
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)
    return ok


def derived_id(tag, row_id):
    """xapi::DerivedStatementId: BLAKE2b-128 of "tag row_id", shaped as a version 4 UUID."""
    h = bytearray(hashlib.blake2b(f"{tag} {row_id}".encode(), digest_size=16).digest())
    h[6] = (h[6] & 0x0F) | 0x40
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return f"{x[0:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}"


def expected_ids(records):
    """Every statement id the records must become, worked out here from the rows, not by kiosk-sync."""
    db = sqlite3.connect(f"file:{records}?mode=ro", uri=True)
    ids = set()
    for sid, ended in db.execute("SELECT id, ended_at FROM sittings"):
        ids.add(sid)
        if ended is not None:
            ids.add(derived_id("sitting ended", sid))
    ids.update(r[0] for r in db.execute("SELECT id FROM answers"))
    for (cid,) in db.execute("SELECT id FROM completions"):
        ids.add(cid)
        ids.add(derived_id("kiosk-report xapi result", cid))
    db.close()
    return ids


def wait_for_file(path, proc, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if os.path.exists(path) and open(path).read().strip():
            return int(open(path).read().strip())
        if proc.poll() is not None:
            raise SystemExit(f"FAIL: {proc.args[1]} exited early")
        time.sleep(0.02)
    raise SystemExit(f"FAIL: {path} never appeared")


class Fake:
    def __init__(self, lrs_dir, work, name, key, secret, script=None, max_batch=None, tls=None):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        cmd = [sys.executable, os.path.join(lrs_dir, "fake_lrs.py"), "--port-file", f"{self.dir}/port", "--key", key,
               "--secret", secret, "--log", f"{self.dir}/log.jsonl", "--dump", f"{self.dir}/dump.json"]
        if script is not None:
            with open(f"{self.dir}/script.json", "w") as f:
                json.dump(script, f)
            cmd += ["--script", f"{self.dir}/script.json"]
        if max_batch:
            cmd += ["--max-batch", str(max_batch)]
        self.context = None
        if tls:  # (cert, key, ca): HTTPS with a certificate from the test's own CA
            cmd += ["--tls-cert", tls[0], "--tls-key", tls[1]]
            self.context = ssl.create_default_context(cafile=tls[2])
            self.context.check_hostname = False
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(f"{self.dir}/stderr", "w"))
        self.port = wait_for_file(f"{self.dir}/port", self.proc)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/xAPI"

    def dump(self):
        with urllib.request.urlopen(f"{self.url}/__dump", timeout=10, context=self.context) as r:
            return json.load(r)

    def log(self):
        with open(f"{self.dir}/log.jsonl") as f:
            return [json.loads(line) for line in f if line.strip()]

    def post(self, statements, key, secret):
        import base64
        req = urllib.request.Request(f"{self.url}/statements", data=json.dumps(statements).encode(), method="POST")
        req.add_header("Content-Type", "application/json")
        req.add_header("X-Experience-API-Version", "1.0.3")
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode())
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=20)


class Proxy:
    def __init__(self, lrs_dir, work, upstream_port, plan, seed):
        self.dir = os.path.join(work, "proxy")
        os.makedirs(self.dir)
        self.mode = f"{self.dir}/mode"
        cmd = [sys.executable, os.path.join(lrs_dir, "fault_proxy.py"), "--upstream", f"127.0.0.1:{upstream_port}",
               "--port-file", f"{self.dir}/port", "--plan", plan, "--seed", str(seed), "--stats", f"{self.dir}/stats.json",
               "--mode-file", self.mode, "--log", f"{self.dir}/log.jsonl"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(f"{self.dir}/stderr", "w"))
        self.port = wait_for_file(f"{self.dir}/port", self.proc)
        self.url = f"http://127.0.0.1:{self.port}/xAPI"

    def set_plan(self, plan):
        with open(self.mode + ".tmp", "w") as f:
            f.write(plan)
        os.replace(self.mode + ".tmp", self.mode)

    def stats(self):
        with open(f"{self.dir}/stats.json") as f:
            return json.load(f)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=20)


class Sync:
    """kiosk-sync runs on one records DB and one sync.db, its stderr appended to one log."""

    def __init__(self, binary, records, state, credentials, log):
        self.binary, self.records, self.state, self.credentials, self.log = binary, records, state, credentials, log

    def args(self, url, extra):
        return [self.binary, "--records", self.records, "--state", self.state, "--lrs", url, "--credentials",
                self.credentials, "--allow-http", "--iri-base", "https://training.example.org", "--kiosk-id", "k-test",
                "--no-health", "--start-delay", "0", "--connect-timeout-ms", "1000", "--timeout-ms", "3000"] + extra

    def once(self, url, *extra):
        with open(self.log, "a") as log:
            return subprocess.run(self.args(url, ["--once"] + list(extra)), stdout=log, stderr=log, timeout=120).returncode

    def start(self, url, *extra):
        log = open(self.log, "a")
        return subprocess.Popen(self.args(url, list(extra)), stdout=log, stderr=log)

    def until_sent(self, url, *extra, tries=20):
        for _ in range(tries):
            rc = self.once(url, *extra)
            if rc == 0:
                return True
        return False

    def states(self):
        db = sqlite3.connect(f"file:{self.state}?mode=ro", uri=True)
        rows = dict(db.execute("SELECT id, state FROM outbox"))
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.close()
        return rows, integrity


def check_delivered(name, fake, sync, expected, quarantined=()):
    """Every expected statement in the LRS exactly once, nothing else; sync.db whole, all acked."""
    dump = fake.dump()
    ids = dump["ids"]
    states, integrity = sync.states()
    ok = check(integrity == "ok", f"{name}: sync.db integrity_check says {integrity}")
    ok &= check(len(ids) == len(set(ids)), f"{name}: the LRS holds {len(ids) - len(set(ids))} ids twice")
    want = expected - set(quarantined)
    missing, extra = want - set(ids), set(ids) - expected
    ok &= check(not missing, f"{name}: {len(missing)} statements never reached the LRS")
    ok &= check(not extra - set(quarantined), f"{name}: the LRS holds {len(extra)} statements the records do not make")
    not_acked = [i for i, s in states.items() if s != "acked" and i not in quarantined]
    ok &= check(not not_acked, f"{name}: {len(not_acked)} statements in sync.db are not acked")
    for q in quarantined:
        ok &= check(states.get(q) == "quarantined", f"{name}: {q} should be quarantined, is {states.get(q)}")
    return ok, dump


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sync")
    p.add_argument("fixture")
    p.add_argument("source")
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--seed", type=int, default=16)
    a = p.parse_args()
    lrs_dir = os.path.join(a.source, "tests", "lrs")
    work = tempfile.mkdtemp(prefix="sync_faults_")
    key, secret = "kiosk-fleet", "S3cret-" + os.urandom(9).hex()
    cred = os.path.join(work, "credentials")
    with open(cred, "w") as f:
        f.write(f"{key}:{secret}\n")
    os.chmod(cred, 0o600)
    records = os.path.join(work, "records.db")
    subprocess.run([a.fixture, records, "--kiosks", "3", "--sittings", "12", "--seed", str(a.seed)], check=True,
                   stdout=subprocess.DEVNULL)
    expected = expected_ids(records)
    one_statement = None
    print(f"sync faults: records make {len(expected)} statements", flush=True)

    # Bad input: each refused with exit 2 and a message naming the file and what is wrong; nothing written.
    bad_dir = os.path.join(work, "bad")
    os.makedirs(bad_dir)
    newer = os.path.join(bad_dir, "newer.db")
    subprocess.run(["cp", records, newer], check=True)
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    damaged = os.path.join(bad_dir, "damaged.db")
    with open(records, "rb") as f:
        data = bytearray(f.read())
    for i in range(100, len(data), 997):
        data[i] ^= 0x5A
    with open(damaged, "wb") as f:
        f.write(data)
    open_cred = os.path.join(bad_dir, "open-credentials")
    with open(open_cred, "w") as f:
        f.write(f"{key}:{secret}\n")
    os.chmod(open_cred, 0o644)
    empty_cred = os.path.join(bad_dir, "empty-credentials")
    open(empty_cred, "w").close()
    os.chmod(empty_cred, 0o600)
    not_state = os.path.join(bad_dir, "notes.txt")
    with open(not_state, "w") as f:
        f.write("not a sync state\n")
    for name, rec, cr, state, words in (
            ("missing records", os.path.join(bad_dir, "nowhere.db"), cred, None, "nowhere.db"),
            ("records of a newer schema", newer, cred, None, "newer than this kiosk-sync reads"),
            ("damaged records", damaged, cred, None, "damaged.db"),
            ("credentials others can read", records, open_cred, None, "chmod 600"),
            ("empty credentials", records, empty_cred, None, "empty"),
            ("a state file that is not sync.db", records, cred, not_state, "name another with --state")):
        log = os.path.join(bad_dir, name.replace(" ", "-") + ".log")
        sync = Sync(a.sync, rec, state or os.path.join(bad_dir, name.replace(" ", "-") + ".sync.db"), cr, log)
        rc = sync.once("http://127.0.0.1:9/xAPI")
        text = open(log).read()
        ok = check(rc == 2, f"bad input, {name}: exit {rc}, expected 2") and \
            check(words in text, f"bad input, {name}: the message does not say '{words}': {text.strip()[-200:]}") and \
            check("Segmentation" not in text and "Abort" not in text, f"bad input, {name}: crashed")
        if state:
            ok &= check(open(state).read() == "not a sync state\n", f"bad input, {name}: the file was changed")
        print(f"sync faults: bad input, {name}: {'ok' if ok else 'FAILED'}: {text.strip().splitlines()[0] if text.strip() else ''}",
              flush=True)

    # Part 1: one scripted fault at a time, each on a fresh sync.db and a fresh fake LRS.
    scenarios = [
        ("500", [{"posts": [1, 2], "respond": "status", "status": 500}], {}),
        ("stored, then 500", [{"posts": [1], "respond": "store-then-status", "status": 500}], {}),
        ("503 Retry-After", [{"posts": [1], "respond": "status", "status": 503, "retry_after": "1"}], {"loop": True}),
        ("429 Retry-After", [{"posts": [1], "respond": "status", "status": 429, "retry_after": "1"}], {"loop": True}),
        ("413", None, {"max_batch": 7}),
        ("204 no body", [{"posts": [1, 2], "respond": "empty-204"}], {}),
        ("partial id list", [{"posts": [1], "respond": "partial-ids"}], {}),
        ("garbage JSON", [{"posts": [1], "respond": "garbage"}], {}),
        ("endless body", [{"posts": [1], "respond": "endless"}], {}),
        ("stalled answer", [{"posts": [1], "respond": "stall", "seconds": 30}], {}),
        ("409 for nothing", [{"posts": [1], "respond": "wrong-conflict"}], {}),
        ("conflict", None, {"conflict": True}),
        ("same statement, time written differently", None, {"retimed": True}),
    ]
    for name, script, opts in scenarios:
        fake = Fake(lrs_dir, work, "fake-" + name.replace(" ", "-").replace(",", ""), key, secret, script, opts.get("max_batch"))
        state = os.path.join(fake.dir, "sync.db")
        sync = Sync(a.sync, records, state, cred, os.path.join(fake.dir, "sync.log"))
        quarantined = ()
        if opts.get("conflict") or opts.get("retimed"):
            # One of our statements, as the outbox will hold it (a first run with the LRS unreachable).
            sync.once("http://127.0.0.1:9/xAPI")
            db = sqlite3.connect(state)
            sid, body = db.execute("SELECT id, body FROM outbox WHERE kind = 'record' ORDER BY seq LIMIT 1 OFFSET 5").fetchone()
            db.close()
            st = json.loads(body)
            if opts.get("conflict"):
                st["verb"] = {"id": "https://someone-else.example.org/verbs/did", "display": {"en-GB": "did"}}
                quarantined = (sid,)
            else:
                st["timestamp"] = st["timestamp"].replace("Z", ".000Z")
            fake.post([st], key, secret)
        t0 = time.time()
        if opts.get("loop"):
            proc = sync.start(fake.url, "--interval", "0.2", "--backoff-base", "30", "--batch", "20")
            end = time.time() + 30
            while time.time() < end and sync_pending(state) != 0:
                time.sleep(0.1)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
            posts = [e for e in fake.log() if e["method"] == "POST"]
            gap = posts[1]["t"] - posts[0]["t"] if len(posts) > 1 else 0
            check(gap >= 0.9, f"{name}: sent again {gap:.2f} s after Retry-After: 1")
            check(gap < 10, f"{name}: waited {gap:.2f} s, not the 1 s Retry-After asked (the 30 s backoff instead?)")
            extra = f", second request {gap:.2f} s after the first"
        else:
            check(sync.until_sent(fake.url, "--batch", "20"), f"{name}: kiosk-sync never finished")
            extra = ""
        ok, dump = check_delivered(name, fake, sync, expected, quarantined)
        if opts.get("max_batch"):
            sizes = [e["statements"] for e in fake.log() if e["method"] == "POST" and e["status"] == 200]
            check(max(sizes) <= 7, f"{name}: batches of {max(sizes)} after a 413 for more than 7")
        if opts.get("conflict"):
            held = fake_get(fake, quarantined[0], key, secret)
            check("someone-else" in held, f"{name}: the LRS's own statement was overwritten")
        print(f"sync faults: {name}: {'ok' if ok else 'FAILED'} in {time.time() - t0:.1f} s, {dump['posts']} requests, "
              f"answers {dump['status_counts']}{extra}", flush=True)
        fake.stop()

    # HTTPS with the partnership's own CA: accepted with --ca-file; refused without it, and refused for a
    # certificate naming another host even from that CA. Nothing reaches the store when refused.
    ca = make_ca(work)
    for name, cert, ca_file, want in (("HTTPS, own CA given", "good", ca["ca"], 0), ("HTTPS, CA not given", "good", None, 3),
                                      ("HTTPS, certificate for another host", "other", ca["ca"], 3)):
        fake = Fake(lrs_dir, work, "fake-" + name.replace(" ", "-").replace(",", ""), key, secret,
                    tls=(ca[cert + "-cert"], ca[cert + "-key"], ca["ca"]))
        sync = Sync(a.sync, records, os.path.join(fake.dir, "sync.db"), cred, os.path.join(fake.dir, "sync.log"))
        rc = sync.once(fake.url, *(["--ca-file", ca_file] if ca_file else []))
        check(rc == want, f"{name}: kiosk-sync exit {rc}, expected {want}")
        stored = len(fake.dump()["ids"])
        if want == 0:
            ok, _ = check_delivered(name, fake, sync, expected)
        else:
            log = open(os.path.join(fake.dir, "sync.log")).read()
            ok = check(stored == 0, f"{name}: {stored} statements reached the store") and \
                check("certificate" in log.lower() or "ssl" in log.lower(), f"{name}: the log does not say it was the certificate")
        print(f"sync faults: {name}: {'ok' if ok else 'FAILED'} (exit {rc}, {stored} stored)", flush=True)
        fake.stop()

    # Wrong credentials: one refused request, not a loop of them; sending resumes once the file changes.
    fake = Fake(lrs_dir, work, "fake-credentials", key, secret)
    state = os.path.join(fake.dir, "sync.db")
    bad = os.path.join(work, "bad-credentials")
    with open(bad, "w") as f:
        f.write(f"{key}:wrong-{secret}\n")
    os.chmod(bad, 0o600)
    sync = Sync(a.sync, records, state, bad, os.path.join(fake.dir, "sync.log"))
    check(sync.once(fake.url) == 4, "wrong credentials: --once should exit 4")
    proc = sync.start(fake.url, "--interval", "0.1", "--backoff-base", "0.05", "--credentials-poll", "0.2")
    time.sleep(3)
    refused = [e for e in fake.log() if not e["auth_ok"]]
    check(len(refused) == 2, f"wrong credentials: {len(refused)} refused requests in 3 s (one per start expected)")
    with open(bad, "w") as f:
        f.write(f"{key}:{secret}\n")
    end = time.time() + 20
    while time.time() < end and sync_pending(state) != 0:
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    ok, _ = check_delivered("credentials", fake, sync, expected)
    print(f"sync faults: wrong credentials: {'ok' if ok else 'FAILED'}: {len(refused)} refused requests in 3 s "
          f"(one per start), all sent within seconds of the file changing", flush=True)
    fake.stop()

    # Part 2: kill -9 at random moments, through the fault proxy, while sittings end.
    rng = random.Random(a.seed)
    fake = Fake(lrs_dir, work, "fake-kills", key, secret)
    plan = "pass:0.5,drop-response:0.15,cut-request:0.1,refuse:0.1,stall:0.05,cut-response:0.1"
    proxy = Proxy(lrs_dir, work, fake.port, plan, a.seed)
    state = os.path.join(fake.dir, "sync.db")
    # A bigger backlog, so sending goes on across the kills: a few thousand statements in small batches.
    records = os.path.join(work, "records-kills.db")
    subprocess.run([a.fixture, records, "--kiosks", "12", "--sittings", "30", "--seed", str(a.seed + 1)], check=True,
                   stdout=subprocess.DEVNULL)
    sync = Sync(a.sync, records, state, cred, os.path.join(fake.dir, "sync.log"))
    open_sittings = [r[0] for r in sqlite3.connect(records).execute("SELECT id FROM sittings WHERE ended_at IS NULL")]
    # The first run finds the network down (and is not killed): the backlog is in the outbox before sending.
    sync.once("http://127.0.0.1:9/xAPI")
    t0 = time.time()
    kills = 0
    added = 0
    for i in range(a.kills):
        # The kiosk goes on recording: a few more answers before each start, so there is always news to send.
        db = sqlite3.connect(records)
        rows = db.execute("SELECT sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at "
                          "FROM answers ORDER BY random() LIMIT ?", (rng.randint(5, 30),)).fetchall()
        db.executemany("INSERT INTO answers(id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
                       "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(str(uuid.uuid4()),) + r for r in rows])
        db.commit()
        db.close()
        added += len(rows)
        proc = sync.start(proxy.url, "--interval", "0.05", "--backoff-base", "0.02", "--backoff-cap", "0.2",
                          "--batch", str(rng.choice([2, 5, 10])), "--timeout-ms", "1500")
        time.sleep(rng.uniform(0.05, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        if open_sittings and i % 25 == 10:
            # A sitting ends while kiosk-sync is down or busy (as the kiosk's start-up closes one).
            db = sqlite3.connect(records)
            db.execute("UPDATE sittings SET ended_at = '2026-12-06T10:00:00Z', outcome = 'abandoned' WHERE id = ?",
                       (open_sittings.pop(),))
            db.commit()
            db.close()
    expected = expected_ids(records)
    proxy.set_plan("pass:1")
    finished = sync.until_sent(proxy.url)
    check(finished, "kill loop: kiosk-sync never finished once the network was good")
    ok, dump = check_delivered("kill loop", fake, sync, expected)
    stats = proxy.stats()
    posted = sum(e["statements"] or 0 for e in fake.log() if e["method"] == "POST")
    faults = ", ".join(f"{k} {stats.get(k, 0)}" for k in ("pass", "drop-response", "cut-request", "refuse", "stall", "cut-response"))
    print(f"sync faults: kill loop: {'ok' if ok else 'FAILED'}: {kills} kill -9s in {time.time() - t0:.0f} s "
          f"while {added} answers were recorded; "
          f"connections: {faults}; {len(dump['ids'])} statements in the LRS once each, {posted} sent in all "
          f"({posted / max(1, len(dump['ids'])):.2f} per statement); sync.db integrity ok", flush=True)
    proxy.stop()
    fake.stop()

    # The secret is in no log: kiosk-sync's, the fake's, the proxy's.
    leaked = []
    for root, _, files in os.walk(work):
        for name in files:
            if name.endswith("credentials") or name.endswith(".db") or "sync.db" in name:
                continue
            with open(os.path.join(root, name), "rb") as f:
                if secret.encode() in f.read():
                    leaked.append(name)
    check(not leaked, f"the secret appears in {leaked}")

    if failures:
        print(f"sync faults: {len(failures)} failures; the logs are in {work}")
        return 1
    subprocess.run(["rm", "-rf", work])
    print("sync faults: all passed")
    return 0


def make_ca(work):
    """A CA of the test's own, a server certificate for 127.0.0.1 and one for another host, with openssl."""
    d = os.path.join(work, "ca")
    os.makedirs(d)
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem", "-days", "2",
        "-subj", "/CN=Test partnership CA")
    out = {"ca": f"{d}/ca.pem"}
    for name, san in (("good", "IP:127.0.0.1"), ("other", "DNS:lrs.elsewhere.example.org")):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/{name}.key", "-out", f"{d}/{name}.csr",
            "-subj", f"/CN={name}")
        with open(f"{d}/{name}.ext", "w") as f:
            f.write(f"subjectAltName={san}\n")
        run("x509", "-req", "-in", f"{d}/{name}.csr", "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key", "-CAcreateserial",
            "-out", f"{d}/{name}.pem", "-days", "2", "-extfile", f"{d}/{name}.ext")
        out[name + "-cert"], out[name + "-key"] = f"{d}/{name}.pem", f"{d}/{name}.key"
    return out


def sync_pending(state):
    try:
        db = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=5)
        n = db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
        total = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        db.close()
        return n if total else -1
    except sqlite3.Error:
        return -1


def fake_get(fake, sid, key, secret):
    import base64
    req = urllib.request.Request(f"{fake.url}/statements?statementId={sid}")
    req.add_header("X-Experience-API-Version", "1.0.3")
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


if __name__ == "__main__":
    sys.exit(main())
