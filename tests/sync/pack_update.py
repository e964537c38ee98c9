#!/usr/bin/env python3
"""New packs over HTTPS (issue 17), against every attack, with figures. kiosk-author publishes signed packs
into folders that tests/lrs/pack_server.py serves over real TLS (a CA and certificate made here); kiosk-sync
--once polls the manifest for a kiosk whose records DB has pack v2 installed by the real kiosk (under Xvfb).
Each case checks kiosk-sync's exit status, its words, the server's log and that the inbox holds only whole,
verified packs (nothing half-written, nothing unverified, nothing left in inbox/.incoming):
  good poll (v3 downloaded, then 304 with If-None-Match, then without ETag: nothing fetched twice), equal
  version, rollback below the installed and below the inboxed pack, a manifest expired by the server's Date
  and one replayed after a later-signed manifest (the clock floor), a tampered manifest, a tampered pack, a
  truncated pack, swapped files, a missing file, a file that is another version, a file name with '/', an
  endless pack and an endless manifest, a server sending one byte a second (manifest and pack), manifest
  and pack signed by an untrusted key, an unreachable server.
Manifests the publisher would never write (signed-at tomorrow, a name with '/', another version's file) are
signed here with the trusted key by a small RFC 8032 Ed25519 in Python, checked first to reproduce
kiosk-author publish's own signature byte for byte.

Usage: pack_update.py KIOSK_SYNC KIOSK_AUTHOR SOURCE_DIR [KIOSK] [--keep]
  KIOSK defaults to kiosk/app/kiosk in KIOSK_SYNC's build tree. --keep leaves the scratch folder.
"""
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "lrs", "pack_server.py")
CONTEXT = b"msht-kiosk pack manifest signature\n"  # kiosk/core/pack/pack_manifest.cpp kContext
FIELDS = ("pack-id", "pack-version", "file", "length", "sha256", "signed-at", "expires-at")
failures, lines = [], []

# --- Ed25519 signing (RFC 8032 section 5.1), for manifests the real publisher would never write -------------
P = 2 ** 255 - 19
Q = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P


def _add(a, b):
    x = (a[1] - a[0]) * (b[1] - b[0]) % P
    y = (a[1] + a[0]) * (b[1] + b[0]) % P
    c, d = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, pt):
    acc = (0, 1, 1, 0)
    while s:
        if s & 1:
            acc = _add(acc, pt)
        pt, s = _add(pt, pt), s >> 1
    return acc


def _base():
    y = 4 * pow(5, P - 2, P) % P
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * pow(2, (P - 1) // 4, P) % P
    if x & 1:
        x = P - x
    return (x, y, 1, x * y % P)


def _encode(pt):
    zi = pow(pt[2], P - 2, P)
    x, y = pt[0] * zi % P, pt[1] * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def ed25519_public_and_sign(seed, message):
    h = hashlib.sha512(seed).digest()
    a = (int.from_bytes(h[:32], "little") & ((1 << 254) - 8)) | (1 << 254)
    g = _base()
    public = _encode(_mul(a, g))
    r = int.from_bytes(hashlib.sha512(h[32:] + message).digest(), "little") % Q
    big_r = _encode(_mul(r, g))
    k = int.from_bytes(hashlib.sha512(big_r + public + message).digest(), "little") % Q
    return public, big_r + ((r + k * a) % Q).to_bytes(32, "little")


def read_seed(key_file):
    return bytes.fromhex(open(key_file).read().split("ed25519-seed ")[1].strip())


def manifest_fields(text):
    return dict(line.split(" ", 1) for line in text.splitlines()[1:8])


def sign_manifest(fields, key_file):
    body = "msht-kiosk pack manifest 1\n" + "".join(f"{k} {fields[k]}\n" for k in FIELDS)
    public, sig = ed25519_public_and_sign(read_seed(key_file), CONTEXT + body.encode())
    return body + f"key {public[:8].hex()}\ned25519 {sig.hex()}\n"


def utc(t):
    return datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- helpers ------------------------------------------------------------------------------------------------
def run(*cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}:\n{r.stdout}{r.stderr}")
    return r


def make_ca(work):
    """A CA of the test's own and a server certificate for 127.0.0.1, with openssl (as sync_faults.py)."""
    d = os.path.join(work, "ca")
    os.makedirs(d)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem",
        "-days", "2", "-subj", "/CN=Test partnership CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/server.key", "-out", f"{d}/server.csr",
        "-subj", "/CN=packs")
    with open(f"{d}/server.ext", "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key",
        "-CAcreateserial", "-out", f"{d}/server.pem", "-days", "2", "-extfile", f"{d}/server.ext")
    return f"{d}/ca.pem", f"{d}/server.pem", f"{d}/server.key"


def files_under(folder):
    """{relative path: sha256} of every file under folder (an inbox), .incoming included."""
    out = {}
    for base, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(base, n)
            out[os.path.relpath(p, folder)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


class Server:
    def __init__(self, work, name, tls):
        self.dir = os.path.join(work, name)
        self.root = os.path.join(self.dir, "served")
        os.makedirs(self.root)
        self.mode_file, self.log_file = f"{self.dir}/mode", f"{self.dir}/server.jsonl"
        self.proc = subprocess.Popen([sys.executable, SERVER, "--root", self.root, "--port-file", f"{self.dir}/port",
                                      "--tls-cert", tls[0], "--tls-key", tls[1], "--mode-file", self.mode_file,
                                      "--log", self.log_file], stdout=subprocess.DEVNULL,
                                     stderr=open(f"{self.dir}/server.stderr", "w"))
        end = time.time() + 20
        while not (os.path.exists(f"{self.dir}/port") and open(f"{self.dir}/port").read().strip()):
            if time.time() > end or self.proc.poll() is not None:
                raise SystemExit(f"FAIL: pack_server.py did not start: {open(f'{self.dir}/server.stderr').read()}")
            time.sleep(0.02)
        self.url = f"https://127.0.0.1:{open(f'{self.dir}/port').read().strip()}/manifest"
        self.mode("normal")

    def mode(self, text):
        with open(self.mode_file + ".tmp", "w") as f:
            f.write(text)
        os.replace(self.mode_file + ".tmp", self.mode_file)

    def serve(self, folder):
        """Serves exactly the files of a publish folder (replacing whatever was served)."""
        for n in os.listdir(self.root):
            os.remove(os.path.join(self.root, n))
        for n in os.listdir(folder):
            shutil.copy(os.path.join(folder, n), self.root)

    def path(self, name):
        return os.path.join(self.root, name)

    def log(self):
        if not os.path.exists(self.log_file):
            return []
        return [json.loads(x) for x in open(self.log_file) if x.strip()]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=20)


class Kiosk:
    """One kiosk's records (pack v2 installed), its sync.db and its inbox (the default: beside the records)."""

    def __init__(self, work, name, base_records):
        self.dir = os.path.join(work, name, "kiosk")
        os.makedirs(self.dir)
        self.records, self.state, self.inbox = f"{self.dir}/records.db", f"{self.dir}/sync.db", f"{self.dir}/inbox"
        src, dst = sqlite3.connect(base_records), sqlite3.connect(self.records)
        src.backup(dst)
        src.close()
        dst.close()

    def poll(self, url, *extra, timeout=300):
        cmd = [A.sync, "--records", self.records, "--manifest", url, "--trust", A.trust, "--ca-file", A.ca,
               "--state", self.state, "--once", "--start-delay", "0", *extra]
        t0 = time.time()
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            rc, err = r.returncode, r.stdout + r.stderr
        except subprocess.TimeoutExpired as e:
            rc, err = "timeout", f"still running after {timeout} s; killed ({e.stderr})"
        return rc, err.strip(), time.time() - t0


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"    FAIL: {what}", flush=True)
    return ok


def refusal_line(err):
    return next((x for x in err.splitlines() if "pack update refused:" in x), err.splitlines()[-1] if err else "")


def expect_refused(name, kiosk, server, words, *extra, rc_want=5, before=None, figure="", settle=0):
    """Polls once; wants exit rc_want (or one of a tuple of them), a 'pack update refused:' line with one of
    `words` when it refused, and the inbox as it was (`before`, default empty). `settle`: seconds for a slow
    answer to notice the client went and write its log line."""
    before = before or {}
    start = len(server.log())
    rc, err, secs = kiosk.poll(server.url, *extra)
    wanted = rc_want if isinstance(rc_want, tuple) else (rc_want,)
    ok = check(rc in wanted, f"{name}: exit {rc}, expected {' or '.join(map(str, wanted))}: {err}")
    if rc == 5 or wanted == (5,):
        line = refusal_line(err)
        ok &= check("pack update refused:" in err, f"{name}: no 'pack update refused:' in: {err}")
        ok &= check(any(w.lower() in line.lower() for w in words), f"{name}: none of {words} in: {line}")
    after = files_under(kiosk.inbox)
    ok &= check(after == before, f"{name}: the inbox changed: {sorted(before)} -> {sorted(after)}")
    time.sleep(settle)
    got = server.log()[start:]
    pack_bytes = sum(e["bytes"] for e in got if e["path"].endswith(".pack"))
    report(name, ok, f"exit {rc} in {secs:.2f} s, {pack_bytes} pack bytes sent; {figure}"
                     f"{refusal_line(err)[:200]}")
    return ok, rc, err, secs, got


def report(name, ok, figure):
    line = f"pack update: {name}: {'ok' if ok else 'FAIL'} ({figure})"
    lines.append(line)
    print(line, flush=True)


class Args:
    pass


A = Args()


def main():
    A.kills = 100
    if "--kills" in sys.argv:
        i = sys.argv.index("--kills")
        A.kills = int(sys.argv[i + 1])
        del sys.argv[i:i + 2]
    argv = [a for a in sys.argv[1:] if a != "--keep"]
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    A.sync, A.author, A.source = map(os.path.abspath, argv[:3])
    A.kiosk = os.path.abspath(argv[3]) if len(argv) == 4 else \
        os.path.join(os.path.dirname(os.path.dirname(A.sync)), "app", "kiosk")
    work = tempfile.mkdtemp(prefix="pack-update-")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(work, "config")  # never this machine's own kiosk settings
    os.environ["XDG_DATA_HOME"] = os.path.join(work, "data-home")
    try:
        cases(work)
    finally:
        if "--keep" in sys.argv:
            print(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"pack update: {len(failures)} FAILED checks:\n  " + "\n  ".join(failures))
        return 1
    return 0


def setup(work):
    A.ca, cert, key = make_ca(work)
    keys = os.path.join(work, "keys")
    os.makedirs(keys)
    run(A.author, "keygen", "--out", f"{keys}/trusted", "--name", "partnership 2026")
    run(A.author, "keygen", "--out", f"{keys}/stranger", "--name", "someone else")
    A.key, A.stranger = f"{keys}/trusted.key", f"{keys}/stranger.key"
    A.trust = os.path.join(work, "trusted-keys")
    shutil.copy(f"{keys}/trusted.pub", A.trust)
    os.chmod(A.trust, 0o644)
    # Four versions of the sample content, each signed by the trusted key (and a copy by the stranger).
    content = os.path.join(work, "content")
    shutil.copytree(os.path.join(A.source, "content"), content)
    toml = os.path.join(content, "pack.toml")
    A.packs = {}
    for v in (1, 2, 3, 4):
        text = open(toml).read()
        open(toml, "w").write(text.replace(f"\nversion = {1 if v == 1 else v - 1}\n", f"\nversion = {v}\n", 1))
        pack = os.path.join(work, "packs", f"v{v}", "msht-training.pack")
        os.makedirs(os.path.dirname(pack))
        run(A.author, "build", content, "-o", pack)
        run(A.author, "sign", pack, "--key", A.key)
        A.packs[v] = pack
    foreign = os.path.join(work, "packs", "foreign", "msht-training.pack")
    os.makedirs(os.path.dirname(foreign))
    shutil.copy(A.packs[3], foreign)
    run(A.author, "sign", foreign, "--key", A.stranger)
    A.foreign = foreign
    # The kiosk: the real one installs v2 into its records DB (pack_installs), as on a site.
    base = os.path.join(work, "base")
    os.makedirs(base)
    with open(f"{work}/start.script", "w") as f:
        f.write("expect screen attract\n")
    # Under ASan, the kiosk's leak check would report what SDL's D-Bus and the GL driver keep for the
    # process's life (as every other kiosk test says, ASAN_OPTIONS=detect_leaks=0 for the kiosk only);
    # kiosk-sync keeps the leak check.
    run("xvfb-run", "-a", "-s", "-screen 0 1280x720x24 -noreset", A.kiosk, "--db", f"{base}/records.db", "--kiosk-id",
        "pack-update", "--no-audio", "--pack", A.packs[2], "--trust", A.trust, "--script", f"{work}/start.script",
        "--screenshot-dir", f"{work}/shots", timeout=120,
        env={**os.environ, "ASAN_OPTIONS": (os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")})
    rows = sqlite3.connect(f"{base}/records.db").execute("SELECT pack_id, pack_version FROM pack_installs").fetchall()
    if rows != [("msht-training", 2)]:
        raise SystemExit(f"FAIL: the kiosk did not install v2: pack_installs {rows}")
    A.base_records = f"{base}/records.db"
    return cert, key


def publish(work, v, *extra, key=None, name=None, pack=None):
    out = os.path.join(work, "published", name or f"v{v}")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    run(A.author, "publish", pack or A.packs[v], "--key", key or A.key, "--out", out, *extra)
    want = {f"msht-training-v{v}.pack", f"msht-training-v{v}.pack.sig", "manifest"}
    if set(os.listdir(out)) != want:
        raise SystemExit(f"FAIL: kiosk-author publish wrote {sorted(os.listdir(out))}, expected {sorted(want)}")
    return out


def cases(work):
    tls = setup(work)
    pub = {v: publish(work, v) for v in (1, 2, 3, 4)}
    manifest3 = open(os.path.join(pub[3], "manifest")).read()
    f3 = manifest_fields(manifest3)
    # The crafted manifests are only worth anything if they are what the real publisher would sign.
    check(sign_manifest(f3, A.key) == manifest3, "the Python Ed25519 does not reproduce kiosk-author publish's "
          "manifest signature (has the manifest format or its context string changed?)")
    length3 = int(f3["length"])
    n = 0

    def case(title):
        nonlocal n
        n += 1
        name = f"case{n}"
        return title, Kiosk(work, name, A.base_records), Server(work, name, tls)

    # (a) good: v3 downloaded whole; a second poll sends If-None-Match and gets 304; without ETags the
    # manifest is fetched again but the pack is not.
    title, kiosk, server = case("good poll")
    server.serve(pub[3])
    rc, err, secs = kiosk.poll(server.url)
    inbox = files_under(kiosk.inbox)
    want = {"msht-training-v3.pack": sha(A.packs[3]), "msht-training-v3.pack.sig": sha(A.packs[3] + ".sig")}
    ok = check(rc == 0, f"{title}: exit {rc}: {err}") & check(inbox == want, f"{title}: inbox {inbox}, expected {want}")
    report(title, ok, f"exit {rc}, v3 ({length3} bytes) verified into the inbox in {secs:.2f} s")
    start = len(server.log())
    rc, err, secs = kiosk.poll(server.url)
    got = server.log()[start:]
    ok = check(rc == 0, f"{title}, again: exit {rc}: {err}") & \
        check([(e["path"], e["status"], e["if_none_match"]) for e in got] == [("/manifest", 304, True)],
              f"{title}, again: requests {got}") & check(files_under(kiosk.inbox) == want, f"{title}, again: inbox changed")
    report(title + ", again (ETag)", ok, f"exit {rc} in {secs:.2f} s: {len(got)} request, manifest 304 after If-None-Match")
    server.mode("no-etag")
    start = len(server.log())
    rc, err, secs = kiosk.poll(server.url)
    got = server.log()[start:]
    ok = check(rc == 0, f"{title}, no ETag: exit {rc}: {err}") & \
        check([(e["path"], e["status"]) for e in got] == [("/manifest", 200)], f"{title}, no ETag: requests {got}") & \
        check(files_under(kiosk.inbox) == want, f"{title}, no ETag: inbox changed")
    report(title + ", server without ETags", ok, f"exit {rc} in {secs:.2f} s: only the manifest fetched, v3 already waiting")
    server.stop()

    # Equal version: nothing to do.
    title, kiosk, server = case("same version as installed (v2)")
    server.serve(pub[2])
    start = len(server.log())
    rc, err, secs = kiosk.poll(server.url)
    got = server.log()[start:]
    ok = check(rc == 0, f"{title}: exit {rc}: {err}") & check(files_under(kiosk.inbox) == {}, f"{title}: inbox not empty") & \
        check(not any(e["path"].endswith(".pack") for e in got), f"{title}: the pack was fetched")
    report(title, ok, f"exit {rc} in {secs:.2f} s, nothing fetched but the manifest")
    server.stop()

    # (b) rollback below the installed v2, then below the v4 waiting in the inbox.
    title, kiosk, server = case("rollback to v1 (v2 installed)")
    server.serve(pub[1])
    expect_refused(title, kiosk, server, ["rollback", "older"])
    server.stop()
    title, kiosk, server = case("rollback to v3 (v4 waiting in the inbox)")
    server.serve(pub[4])
    rc, err, _ = kiosk.poll(server.url)
    check(rc == 0, f"{title}: v4 first: exit {rc}: {err}")
    before = files_under(kiosk.inbox)
    server.serve(pub[3])
    expect_refused(title, kiosk, server, ["rollback", "older"], before=before)
    server.stop()

    # (c) a manifest expired by the server's Date (valid by the local clock: accepted once Date is right),
    # and a manifest replayed after the kiosk saw one signed later (the clock floor from signed-at).
    title, kiosk, server = case("expired by the server's Date (+2 h, expiry 1 h)")
    server.serve(publish(work, 3, "--expires", "1h", name="v3-1h"))
    server.mode("date-future:7200")
    expect_refused(title, kiosk, server, ["expired"])
    server.mode("date-past:7200")
    rc, err, _ = kiosk.poll(server.url)
    report(title + ": the same manifest with Date 2 h behind", check(rc == 0, f"{title}: Date behind: exit {rc}: {err}"),
           f"exit {rc}: accepted, the local clock rules")
    server.stop()
    title, kiosk, server = case("replayed manifest after one signed later (clock floor)")
    now = time.time()
    future = os.path.join(work, "published", "v3-tomorrow")
    shutil.copytree(pub[3], future)
    f = dict(f3, **{"signed-at": utc(now + 86400), "expires-at": utc(now + 30 * 86400)})
    open(os.path.join(future, "manifest"), "w").write(sign_manifest(f, A.key))
    server.serve(future)
    rc, err, _ = kiosk.poll(server.url)
    check(rc == 0, f"{title}: manifest signed tomorrow: exit {rc}: {err}")
    before = files_under(kiosk.inbox)
    replay = os.path.join(work, "published", "v4-replayed")
    shutil.copytree(pub[4], replay)
    f4 = manifest_fields(open(os.path.join(pub[4], "manifest")).read())
    f = dict(f4, **{"signed-at": utc(now - 3600), "expires-at": utc(now + 3600)})
    open(os.path.join(replay, "manifest"), "w").write(sign_manifest(f, A.key))
    server.serve(replay)
    expect_refused(title, kiosk, server, ["expired"], before=before,
                   figure="valid by the local clock for 1 h more, but the floor is tomorrow; ")
    server.stop()

    # (d) tampered manifest: one character of the version line.
    title, kiosk, server = case("tampered manifest (pack-version 3 -> 4)")
    server.serve(pub[3])
    open(server.path("manifest"), "w").write(manifest3.replace("\npack-version 3\n", "\npack-version 4\n"))
    expect_refused(title, kiosk, server, ["does not match its signature"])
    server.stop()

    # (e) tampered pack: one byte flipped, manifest and .sig unchanged.
    title, kiosk, server = case("tampered pack (one byte flipped)")
    server.serve(pub[3])
    with open(server.path("msht-training-v3.pack"), "r+b") as fp:
        fp.seek(length3 // 3)
        b = fp.read(1)
        fp.seek(length3 // 3)
        fp.write(bytes([b[0] ^ 0x08]))
    expect_refused(title, kiosk, server, ["sha256"])
    server.stop()

    # (f) the server swaps files: v1's bytes and .sig under v3's names; a manifest naming a file the server
    # does not have; one naming another version's file (right length and sha256, good .sig); a name with '/'.
    title, kiosk, server = case("swapped files (v1's bytes under v3's name)")
    server.serve(pub[3])
    shutil.copy(A.packs[1], server.path("msht-training-v3.pack"))
    shutil.copy(A.packs[1] + ".sig", server.path("msht-training-v3.pack.sig"))
    expect_refused(title, kiosk, server, ["sha256", "bytes, not the"])
    server.stop()
    title, kiosk, server = case("truncated pack (the first half of its bytes)")
    server.serve(pub[3])
    with open(server.path("msht-training-v3.pack"), "r+b") as fp:
        fp.truncate(length3 // 2)
    expect_refused(title, kiosk, server, [f"{length3 // 2} bytes, not the {length3}"])
    server.stop()
    title, kiosk, server = case("manifest naming a file the server does not have")
    server.serve(pub[3])
    open(server.path("manifest"), "w").write(sign_manifest(dict(f3, file="msht-training-v3-final.pack"), A.key))
    expect_refused(title, kiosk, server, ["404"])
    server.stop()
    title, kiosk, server = case("manifest naming v5 whose file is v3 (length, sha256, .sig all v3's)")
    server.serve(pub[3])
    os.rename(server.path("msht-training-v3.pack"), server.path("msht-training-v5.pack"))
    os.rename(server.path("msht-training-v3.pack.sig"), server.path("msht-training-v5.pack.sig"))
    open(server.path("manifest"), "w").write(
        sign_manifest(dict(f3, **{"pack-version": "5", "file": "msht-training-v5.pack"}), A.key))
    expect_refused(title, kiosk, server, ["v3, not the msht-training v5", "version"])
    server.stop()
    title, kiosk, server = case("manifest naming ../records.pack")
    server.serve(pub[3])
    open(server.path("manifest"), "w").write(sign_manifest(dict(f3, file="../records.pack"), A.key))
    expect_refused(title, kiosk, server, ["'/'"])
    check(not os.path.exists(os.path.join(kiosk.dir, "records.pack")), f"{title}: records.pack written beside the inbox")
    server.stop()

    # (g) an endless download: the file and then bytes without end, no Content-Length.
    title, kiosk, server = case("endless download (longer than the manifest's length)")
    server.serve(pub[3])
    server.mode("longer")
    ok, rc, err, secs, got = expect_refused(title, kiosk, server, ["longer than"])
    sent = max([e["bytes"] for e in got if e["path"].endswith(".pack")] or [0])
    check(sent - length3 <= (1 << 20), f"{title}: the server sent {sent - length3} bytes past the length")
    report(title + ": bytes past the length", sent - length3 <= (1 << 20),
           f"{sent} sent for a {length3}-byte pack: {sent - length3} past it (socket buffers included), stopped in {secs:.2f} s")
    server.stop()
    # An endless manifest: refused (5) or given up as a broken server (3), either way after a bounded read.
    title, kiosk, server = case("endless manifest")
    server.serve(pub[3])
    server.mode("longer-all")
    ok, rc, err, secs, got = expect_refused(title, kiosk, server, ["manifest"], rc_want=(5, 3))
    sent = max([e["bytes"] for e in got if e["path"] == "/manifest"] or [0])
    report(title + ": bytes read", sent < (1 << 20), f"{sent} bytes sent before kiosk-sync stopped reading, in {secs:.2f} s")
    check(sent < (1 << 20), f"{title}: the server sent {sent} bytes")
    server.stop()

    # (h) one byte a second: the pack (default low-speed limit) and then the manifest itself (default
    # per-request timeout). Bounded, an unreachable-server exit (3), nothing in the inbox.
    for mode, title in (("slow-pack", "pack sent one byte a second"), ("slow", "manifest sent one byte a second")):
        title, kiosk, server = case(title)
        server.serve(pub[3])
        server.mode(mode)
        # Tighter limits than the defaults (30 s at under 1 KiB/s; 60 s a request), so the test is quick;
        # the defaults were measured the same way: 30.1 s and 60.0 s.
        ok, rc, err, secs, got = expect_refused(title, kiosk, server, [], "--download-slow-s", "5", "--timeout-ms",
                                                "10000", rc_want=3, settle=3)
        check(secs < 40, f"{title}: gave up only after {secs:.0f} s")
        took = sum(e["bytes"] for e in got if mode == "slow" or e["path"].endswith(".pack"))
        report(title + ": bounded", secs < 40, f"gave up after {secs:.1f} s having been sent {took} bytes")
        server.stop()

    # (i) manifest signed by a key the kiosk does not trust; (j) the pack's own .sig by that key.
    title, kiosk, server = case("manifest signed by an untrusted key")
    server.serve(publish(work, 3, key=A.stranger, name="v3-stranger", pack=A.foreign))
    expect_refused(title, kiosk, server, ["not trusted"])
    server.stop()
    title, kiosk, server = case("pack .sig by an untrusted key (manifest good)")
    server.serve(pub[3])
    shutil.copy(A.foreign + ".sig", server.path("msht-training-v3.pack.sig"))
    expect_refused(title, kiosk, server, ["not trusted"])
    server.stop()

    # Nobody answering: exit 3, nothing changed.
    title, kiosk, server = case("server not reachable")
    server.stop()
    rc, err, secs = kiosk.poll(server.url)
    ok = check(rc == 3, f"{title}: exit {rc}: {err}") & check(files_under(kiosk.inbox) == {}, f"{title}: inbox not empty")
    report(title, ok, f"exit {rc} in {secs:.2f} s")

    # kill -9 of kiosk-sync at random moments of a download, KILLS times: the inbox never holds a pack
    # that is not whole and verified (a half download stays in .incoming, which the kiosk ignores and
    # the next poll clears); the poll after the kills completes the download.
    title, kiosk, server = case(f"kill -9 during downloads, {A.kills} times")
    server.serve(pub[3])
    # No ETag: each poll fetches the manifest again, so after a download the kiosk "took" (removed
    # below, as an install does) the next one starts a new download to kill.
    server.mode("no-etag")
    rng = random.Random(17)
    whole = {"msht-training-v3.pack": sha(A.packs[3]), "msht-training-v3.pack.sig": sha(A.packs[3] + ".sig")}
    killed, mid, bad_inbox = 0, 0, 0
    t0 = time.time()
    for _ in range(A.kills):
        cmd = [A.sync, "--records", kiosk.records, "--manifest", server.url, "--trust", A.trust, "--ca-file", A.ca,
               "--state", kiosk.state, "--once", "--start-delay", "0"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.3))
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait()
        inbox = {k: v for k, v in files_under(kiosk.inbox).items() if not k.startswith(".incoming")}
        if inbox and inbox != whole:
            bad_inbox += 1
        if any(k.startswith(".incoming") for k in files_under(kiosk.inbox)):
            mid += 1
        if inbox == whole:  # the kiosk took it (its install keeps v2's record here: the next poll downloads again)
            for k in inbox:
                os.remove(os.path.join(kiosk.inbox, k))
    ok = check(bad_inbox == 0, f"{title}: {bad_inbox} times the inbox held a pack that was not whole and verified")
    rc, err, secs = kiosk.poll(server.url)
    ok &= check(rc == 0 and {k: v for k, v in files_under(kiosk.inbox).items()} == whole,
                f"{title}: the poll after the kills did not leave exactly v3 in the inbox: exit {rc}: {err}")
    report(title, ok, f"{killed} killed ({mid} mid-download, a partial file left in .incoming), the inbox never "
           f"held a partial or unverified pack; then one poll completed it; {time.time() - t0:.0f} s")
    server.stop()

    bad = [x for x in lines if ": FAIL (" in x]
    print(f"pack update: {len(lines)} checks over {n} cases, {len(bad)} failed"
          + ("" if failures else "; every attack refused with its reason and nothing unverified in any inbox"))


if __name__ == "__main__":
    sys.exit(main())
