#!/usr/bin/env bash
# kiosk-report pull against the real LRS (Learning Locker's xapi-statements, lrs.sh): a seeded fixture's
# statements, made as kiosk-sync makes them (kiosk-report-fixture --statements: staff hashes as
# pseudonymous accounts, nothing withheld), are posted; pulled back, the records DB gives the same
# summary, items and kiosks as the source and the same rows; sittings posted open get their ends on a
# later pull; a pull with nothing new changes not a byte; a wrong secret, a credentials file others can
# read and an unreachable LRS exit 2 with a plain message and OUT unchanged; the secret is never printed.
# The test starts an LRS of its own (its statements in memory, so the store holds exactly this test's
# statements while other tests post to the shared one); the CTest fixture "lrs" has installed it already.
# Usage: pull_from_lrs.sh KIOSK_REPORT FIXTURE SOURCE_DIR
set -u
report="$1"
fixture="$2"
src="$3"
work=$(mktemp -d)
lrs_state="$work/lrs"
trap '"$src/tests/lrs/lrs.sh" stop "$lrs_state" >/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$src/tests/lrs/lrs.sh" start "$lrs_state" "$src" || { echo "FAIL: could not start a test LRS"; exit 1; }
set -a
. "$lrs_state/lrs.env"
set +a
"$fixture" "$work/source.db" --kiosks 15 --sittings 30 --seed 16 --statements "$work/statements.json" >/dev/null ||
  { echo "FAIL: fixture"; exit 1; }

# Posts the statements of JSON file $1 whose record kind is (with $2 = only) or is not (with $2 = except)
# "sitting-ended", in batches of 100 as kiosk-sync sends them; prints how many.
post() {
  python3 - "$1" "$2" <<'PY'
import base64, json, os, sys, urllib.request
statements = json.load(open(sys.argv[1], encoding="utf-8"))
def is_end(s):
    return any(k.endswith("/xapi/extensions/record") and v == "sitting-ended" for k, v in s["context"]["extensions"].items())
chosen = [s for s in statements if is_end(s) == (sys.argv[2] == "only")]
auth = "Basic " + base64.b64encode(f"{os.environ['LRS_KEY']}:{os.environ['LRS_SECRET']}".encode()).decode()
for i in range(0, len(chosen), 100):
    req = urllib.request.Request(os.environ["LRS_URL"] + "/statements", method="POST", data=json.dumps(chosen[i:i + 100]).encode(),
                                 headers={"Authorization": auth, "X-Experience-API-Version": "1.0.3",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        if r.status != 200:
            sys.exit(f"POST: HTTP {r.status}")
print(len(chosen))
PY
}
# The records' rows in id order and every table's content, as text (rowids aside: a pull inserts in the
# LRS's order); and the whole file's bytes.
rows() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for table in ("sittings", "answers", "completions"):
    for row in db.execute(f"SELECT * FROM {table} ORDER BY id"):
        print(table, row)
PY
}
dump() { python3 -c 'import sqlite3, sys; print("\n".join(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).iterdump()))' "$1"; }
state() { echo "$(sha256sum <"$1") $(dump "$1" | sha256sum)"; }

umask 077
printf '%s:%s\n' "$LRS_KEY" "$LRS_SECRET" >"$work/lrs.key"
out="$work/national.db"
# Every pull's output is also kept in all.log, which must never hold the secret.
pull() {
  "$report" pull --lrs "${2:-$LRS_URL}" --credentials "$1" "${3:-$out}" >"$work/stdout" 2>"$work/stderr"
  local status=$?
  cat "$work/stdout" "$work/stderr" >>"$work/all.log"
  return $status
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# 1. Everything but the sittings' ends, as kiosks send while learners are still at the screen.
posted=$(post "$work/statements.json" except) || { echo "FAIL: posting to the LRS"; exit 1; }
started=$(now_ms)
pull "$work/lrs.key"
status=$?
first_ms=$(($(now_ms) - started))
[ $status = 0 ] || fail "first pull: exit $status: $(cat "$work/stderr")"
echo "first pull: $(cat "$work/stdout")"
open=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sittings WHERE ended_at IS NULL").fetchone()[0])' "$out")
total=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sittings").fetchone()[0])' "$out")
[ "$open" = "$total" ] && [ "$total" -gt 0 ] || fail "after the first pull $open of $total sittings are open; expected all"

# 2. The ends, later: the second pull fills them in.
ends=$(post "$work/statements.json" only) || { echo "FAIL: posting the ends"; exit 1; }
pull "$work/lrs.key" || fail "second pull: exit $?: $(cat "$work/stderr")"
echo "second pull: $(cat "$work/stdout")"
grep -q ", $ends sittings ended" "$work/stdout" || fail "the second pull should end the $ends sittings posted since: $(cat "$work/stdout")"

# 3. The same reports and the same rows as the source. The "generated <time>" line is left out: two runs
# a moment apart can fall either side of a second (it made this test fail at random).
for command in summary items kiosks; do
  "$report" $command "$work/source.db" 2>&1 | sed -E 's/; generated [0-9T:Z-]+$//' >"$work/source.$command"
  "$report" $command "$out" 2>&1 | sed -E 's/; generated [0-9T:Z-]+$//' >"$work/pulled.$command"
  cmp -s "$work/source.$command" "$work/pulled.$command" ||
    fail "$command differs between the source and the pulled DB: $(diff "$work/source.$command" "$work/pulled.$command" | head -5)"
done
rows "$work/source.db" >"$work/source.rows"
rows "$out" >"$work/pulled.rows"
cmp -s "$work/source.rows" "$work/pulled.rows" || fail "the pulled rows differ from the source's: $(diff "$work/source.rows" "$work/pulled.rows" | head -3)"

# 4. Again with nothing new: not a byte changes.
before=$(state "$out")
pull "$work/lrs.key" || fail "third pull: exit $?: $(cat "$work/stderr")"
grep -q "(nothing new)" "$work/stdout" || fail "a pull with nothing new should say so: $(cat "$work/stdout")"
[ "$(state "$out")" = "$before" ] || fail "a pull with nothing new changed $out"

# 5. Refusals: exit 2, a plain line, OUT unchanged.
printf '%s:wrong-%s\n' "$LRS_KEY" "$LRS_SECRET" >"$work/wrong.key"
pull "$work/wrong.key"
status=$?
[ $status = 2 ] || fail "a wrong secret: exit $status, expected 2"
grep -q "the LRS refused the credentials in $work/wrong.key" "$work/stderr" || fail "a wrong secret: $(cat "$work/stderr")"
[ "$(state "$out")" = "$before" ] || fail "a pull with a wrong secret changed $out"
cp "$work/lrs.key" "$work/open.key"
chmod 644 "$work/open.key"
pull "$work/open.key"
status=$?
[ $status = 2 ] || fail "a credentials file others can read: exit $status, expected 2"
grep -q "refused: the LRS credentials file is mode 0644" "$work/stderr" || fail "a readable credentials file: $(cat "$work/stderr")"
[ "$(state "$out")" = "$before" ] || fail "a pull with a readable credentials file changed $out"
pull "$work/lrs.key" "http://127.0.0.1:9/xAPI"
status=$?
[ $status = 2 ] && grep -q "cannot reach the LRS" "$work/stderr" || fail "an unreachable LRS: exit $status: $(cat "$work/stderr")"
[ "$(state "$out")" = "$before" ] || fail "a pull from an unreachable LRS changed $out"
pull "$work/wrong.key" "$LRS_URL" "$work/new.db"
[ -e "$work/new.db" ] && fail "a refused pull into a new file left the file behind"
# Nothing kiosk-report wrote holds the secret.
for f in "$work/all.log" "$out"; do
  grep -qF "$LRS_SECRET" "$f" && fail "$f holds the LRS secret"
done

echo "pull figures: $total sittings; $posted statements posted, then $ends sittings' ends; the first pull took $first_ms ms"
[ $fails = 0 ] || exit 1
echo "ok: pulled records give the same summary, items, kiosks and rows as the source; open sittings ended on a later pull;" \
  "a pull with nothing new changes nothing; refusals exit 2 with OUT unchanged; the secret never written"
