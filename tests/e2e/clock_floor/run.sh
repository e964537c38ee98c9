#!/usr/bin/env bash
# The clock floor (issue 17), on the real kiosk and kiosk-sync with a real records DB: a kiosk whose clock
# battery went flat (libfaketime puts the clock at 2001) stamps its next sitting no earlier than the newest
# record it already has, in order, and the admin screen says CLOCK WRONG; once kiosk-sync has left what a
# server said in inbox/clock-floor, the kiosk takes that floor; kiosk-sync's health statement says its
# clock is behind and is stamped from the floor. Exit 77 (skipped) without faketime.
# usage: run.sh KIOSK KIOSK-AUTHOR SOURCE_DIR SCREENSHOT_DIR KIOSK-SYNC
set -u
. "$(dirname "$0")/../common.sh"
sync="$5"
command -v faketime >/dev/null || { echo "SKIP: faketime is not installed (Debian package faketime)"; exit 77; }
# libfaketime is preloaded ahead of an ASan build's runtime, which ASan refuses unless told the order is fine.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
lrs_pid=""
trap '[ -n "$lrs_pid" ] && kill "$lrs_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
echo 24682468 | "$kiosk" --set-admin-passcode "$work/admin-passcode" 2>>"$work/author.log" || { cat "$work/author.log"; exit 1; }
db="$work/data/records.db"
cat >"$work/sitting.script" <<'S'
expect screen attract
tap attract.start
expect screen about-you
tap role.police
tap about.continue
expect screen menu
tap nav.leave
expect screen leaving
tap leave.done
expect screen attract
hold admin.corner 3
type 24682468
tap admin.submit
expect screen admin
dump-text admin
S
run() {  # run NAME [faketime spec]: one sitting, then the admin screen's text in $out/NAME/admin.txt
  local name="$1" spec="${2:-}"
  mkdir -p "$out/$name"
  local prefix=()
  # The wall clock only: the monotonic clock stays real, as a flat battery leaves it.
  [ -n "$spec" ] && prefix=(env FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$spec")
  "${prefix[@]}" xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" --pack "$work/training.pack" --dev --db "$db" \
    --kiosk-id clock-e2e --no-audio --admin-passcode "$work/admin-passcode" --script "$work/sitting.script" \
    --screenshot-dir "$out/$name" >"$work/$name.log" 2>&1
  check "kiosk run '$name' (script exit status)" 0 $?
}
started() { sqlite3 -readonly "$db" "SELECT started_at FROM sittings ORDER BY rowid LIMIT 1 OFFSET $1"; }

run right
first=$(started 0)
run flat '@2001-01-01 00:00:00'
second=$(started 1)
echo "sittings: $first (clock right), $second (clock at 2001)"
[[ "$second" > "$first" || "$second" == "$first" ]]
check "with the clock at 2001 the sitting is stamped no earlier than the newest record" 0 $?
[[ "$second" < "2026-01-01" ]] && { echo "FAIL: a 2001 time reached the records"; fail=1; }
grep -q "CLOCK WRONG: this kiosk's clock says 2001-01-01" "$out/flat/admin.txt"
check "the admin screen says the clock is wrong" 0 $?
grep -q "CLOCK WRONG" "$work/flat.log"
check "so does the log" 0 $?

# kiosk-sync, also at 2001, against a stand-in LRS: its health statement is stamped from the floor and says
# so; the LRS's Date (the real time) goes to the kiosk through inbox/clock-floor.
python3 "$root/tests/lrs/fake_lrs.py" --port-file "$work/port" --key k --secret s --dump "$work/dump.json" \
  >"$work/lrs.log" 2>&1 &
lrs_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
printf 'k:s\n' >"$work/credentials"; chmod 600 "$work/credentials"
env FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '@2001-01-01 00:00:00' "$sync" --records "$db" \
  --lrs "http://127.0.0.1:$(cat "$work/port")/xAPI" --credentials "$work/credentials" \
  --iri-base https://example.org/msht --allow-http --once --start-delay 0 >"$work/sync.log" 2>&1
check "kiosk-sync --once at 2001 (exit 0)" 0 $?
python3 - "http://127.0.0.1:$(cat "$work/port")" "$first" <<'P'
import base64, json, sys, urllib.request
def get(url):
    request = urllib.request.Request(url, headers={"X-Experience-API-Version": "1.0.3",
                                                   "Authorization": "Basic " + base64.b64encode(b"k:s").decode()})
    return json.load(urllib.request.urlopen(request, timeout=10))
found, page = [], get(sys.argv[1] + "/xAPI/statements")
while True:
    found += [s for s in page["statements"] if s["verb"]["id"].endswith("/xapi/verbs/reported-health")]
    if not page.get("more"):
        break
    page = get(sys.argv[1] + page["more"])
ext = found[0]["context"]["extensions"]["https://example.org/msht/xapi/extensions/kiosk-health"] if found else {}
ok = bool(found) and (ext.get("clock-floor") or "").endswith("(from the newest record on this kiosk)") \
     and ext.get("clock-behind-s", 0) > 20 * 365 * 86400 and found[0]["timestamp"] >= sys.argv[2]
print(("ok" if ok else "FAIL") + ": the health statement says the clock is behind and is stamped from the floor"
      + ("" if ok else f": {json.dumps(found)[:600]}"))
sys.exit(0 if ok else 1)
P
[ $? = 0 ] || fail=1
floor=$(cut -d' ' -f1 "$work/data/inbox/clock-floor" 2>/dev/null)
now=$(date +%s)
[ -n "$floor" ] && [ $((now - floor)) -lt 600 ] && [ $((floor - now)) -lt 600 ]
check "kiosk-sync left the LRS's time (the real time) in inbox/clock-floor" 0 $?

grep -q "the learning record store's clock" "$work/data/inbox/clock-floor"
check "the clock-floor file says where the time came from" 0 $?

# The kiosk, still at 2001, takes the floor from the inbox. To tell it apart from the records' floor
# (today too), the file is moved three days on, in kiosk-sync's format, as a server three days ahead
# of this machine would have left it.
ahead=$(( $(date +%s) + 3 * 86400 ))
printf '%s the learning record store'"'"'s clock\n' "$ahead" >"$work/data/inbox/clock-floor"
run told '@2001-01-01 00:00:00'
third=$(started 2)
check "the next sitting is stamped from the inbox's floor" "$(date -u -d "@$ahead" +%Y-%m-%d)" "${third:0:10}"
grep -q "CLOCK WRONG: this kiosk's clock says 2001-01-01" "$out/told/admin.txt"
check "the admin screen still says the clock is wrong" 0 $?
exit $fail
