#!/usr/bin/env bash
# Resume across a partnership's kiosks through its real LRS (Learning Locker's xapi-statements,
# tests/lrs/lrs.sh): kiosks A and B, each with its own records DB and sync.db, installed with one staff key,
# kiosk-sync --share-progress on both. A learner stops part way through a module on A; once A's sync has
# sent the point and B's has read it, the same staff number on B is asked "Carry on where you stopped?",
# carries on at the question after the one answered on A and finishes; once B's completion has reached A,
# A no longer offers the old point. Each answer is recorded once across the two kiosks, and the staff
# number itself is nowhere. An LRS of its own, so the store holds only this test's statements.
# Usage: resume_across.sh KIOSK AUTHOR ROOT SCREENSHOTS KIOSK_SYNC
set -u
. "$(dirname "$0")/../common.sh"
sync="$5"
here="$(cd "$(dirname "$0")" && pwd)"
lrs_state="$work/lrs"
trap '"$root/tests/lrs/lrs.sh" stop "$lrs_state" >/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

"$author" build "$root/content" -o "$work/training.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
# The partnership's key, made once and installed on both (tools/deploy/install --staff-key does this).
(umask 077 && head -c 32 /dev/urandom >"$work/partnership-staff.key")
for k in a b; do
  mkdir -p "$work/$k"
  install -m 0600 "$work/partnership-staff.key" "$work/$k/staff.key"
done
run_kiosk() {  # run_kiosk A|B SCRIPT
  xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" --pack "$work/training.pack" --dev --db "$work/$1/records.db" \
    --kiosk-id "kiosk-$1" --no-audio --script "$here/$2" --screenshot-dir "$out/$1" >>"$work/kiosk-$1.log" 2>&1
}
"$root/tests/lrs/lrs.sh" start "$lrs_state" "$root" >/dev/null || { echo "FAIL: could not start a test LRS"; exit 1; }
set -a
. "$lrs_state/lrs.env"
set +a
(umask 077 && printf '%s:%s\n' "$LRS_KEY" "$LRS_SECRET" >"$work/lrs-credentials")
sync_once() {  # sync_once A|B: one cycle of that kiosk's kiosk-sync
  "$sync" --records "$work/$1/records.db" --lrs "$LRS_URL" --allow-http --credentials "$work/lrs-credentials" \
    --pack "$work/training.pack" --dev --once --no-health --share-progress >>"$work/sync-$1.log" 2>&1
}
q() { sqlite3 -readonly "$1" "$2"; }

run_kiosk a stop_part_way.script
check "kiosk A: the learner stops part way through" 0 $?
check "kiosk A saved the place: the unanswered question" "proof-myth" "$(q "$work/a/records.db" "SELECT scene_id FROM resume_points")"
# B runs once first (its records exist, so its kiosk-sync has something to read): nothing to carry on yet.
run_kiosk b finished_elsewhere.script
check "kiosk B before any sync: the module starts afresh" 0 $?
sync_once a
check "kiosk-sync A sent everything, the point included (exit 0)" 0 $?
sync_once b
check "kiosk-sync B read the partnership's progress (exit 0)" 0 $?
check "B's sync.db holds A's point for that person" "what-to-do-next|proof-myth|64" \
  "$(q "$work/b/sync.db" "SELECT module_id || '|' || scene_id || '|' || length(staff_hash) FROM shared_resume")"
grep -q "shared progress: 1 resume points" "$work/sync-b.log"
check "B's sync says what it read" 0 $?

run_kiosk b carry_on_elsewhere.script
rc=$?
check "kiosk B: the same staff number carries on where it stopped on A, and finishes" 0 $rc
[ $rc = 0 ] || tail -5 "$work/kiosk-b.log"
mine="SELECT id FROM sittings WHERE staff_hash IS NOT NULL"
check "report-routes was answered on A only, proof-myth on B only" "1|0|0|1" \
  "$(q "$work/a/records.db" "SELECT count(*) FROM answers WHERE scene_id = 'report-routes' AND sitting_id IN ($mine)")|$(
     q "$work/b/records.db" "SELECT count(*) FROM answers WHERE scene_id = 'report-routes' AND sitting_id IN ($mine)")|$(
     q "$work/a/records.db" "SELECT count(*) FROM answers WHERE scene_id = 'proof-myth'")|$(
     q "$work/b/records.db" "SELECT count(*) FROM answers WHERE scene_id = 'proof-myth' AND sitting_id IN ($mine)")"
check "the module is completed once, on B" "0|1" \
  "$(q "$work/a/records.db" "SELECT count(*) FROM completions")|$(q "$work/b/records.db" "SELECT count(*) FROM completions WHERE sitting_id IN ($mine)")"
check "the staff number has one pseudonym on both kiosks" \
  "$(q "$work/a/records.db" "SELECT DISTINCT staff_hash FROM sittings WHERE staff_hash IS NOT NULL")" \
  "$(q "$work/b/records.db" "SELECT DISTINCT staff_hash FROM sittings WHERE staff_hash IS NOT NULL")"

sync_once b
check "kiosk-sync B sent the completion (exit 0)" 0 $?
sync_once a
check "kiosk-sync A read it (exit 0)" 0 $?
check "A's sync.db knows the module was finished" 1 \
  "$(q "$work/a/sync.db" "SELECT count(*) FROM shared_finished WHERE module_id = 'what-to-do-next'")"
run_kiosk a finished_elsewhere.script
check "kiosk A: finished on B, so the module starts afresh with no offer to carry on" 0 $?
grep -raq 13572468 "$work/a" "$work/b" "$work"/sync-*.log "$work"/kiosk-*.log
check "the staff number is in no file of either kiosk or log" 1 $?
exit $fail
