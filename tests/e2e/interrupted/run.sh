#!/usr/bin/env bash
# Sittings cut off by a kill (a power cut, a crash) are closed at the kiosk's next start: as abandoned,
# ended at their last recorded moment (the last answer, else the start), exactly once, and a sitting that
# ended properly is left as it was. Real kiosk under Xvfb, real records DB, SIGKILL mid-sitting.
# usage: run.sh KIOSK KIOSK-AUTHOR SOURCE_DIR SCREENSHOT_DIR
set -u
. "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
db="$work/data/records.db"
args=(--pack "$work/training.pack" --dev --db "$db" --kiosk-id interrupted-kiosk --no-audio)
q() { sqlite3 -readonly "$db" "$1"; }

# kill_during SCRIPT N: runs the kiosk on SCRIPT until it says it is ready, then SIGKILLs it.
kill_during() {
  local script="$1" n="$2" shots="$out/kill-$2"
  kill_when_ready "$shots" "$work/kiosk-$n.log" "$kiosk" "${args[@]}" --script "$here/$script" --screenshot-dir "$shots" ||
    { echo "FAIL: kiosk run $n did not reach its wait"; cat "$work/kiosk-$n.log"; fail=1; }
}

# Each start closes what the kill before it left open, so three kills leave one open sitting.
kill_during answer_then_wait.script 1
kill_during start_then_wait.script 2
kill_during answer_then_wait.script 3
check "three sittings, one still open after the last SIGKILL" "3|1" \
  "$(q "SELECT count(*) || '|' || sum(ended_at IS NULL) FROM sittings")"
for n in 2 3; do
  grep -q "closed 1 sitting cut off when the kiosk last stopped" "$work/kiosk-$n.log"
  check "start $n closed the sitting the kill before it cut off" 0 $?
done
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" "${args[@]}" --script "$here/restart.script" >"$work/restart-1.log" 2>&1
check "the restart runs" 0 $?
grep -q "closed 1 sitting cut off when the kiosk last stopped" "$work/restart-1.log"
check "the restart closed the last one" 0 $?
check "every sitting is now ended, as abandoned" "abandoned|3" "$(q "SELECT outcome || '|' || count(*) FROM sittings GROUP BY outcome")"
check "each ended at its last answer (or its start when it had none)" \
  "$(q "SELECT group_concat(max(started_at, coalesce((SELECT max(answered_at) FROM answers a WHERE a.sitting_id = s.id), started_at)), ',') FROM (SELECT * FROM sittings ORDER BY rowid) s")" \
  "$(q "SELECT group_concat(ended_at, ',') FROM (SELECT * FROM sittings ORDER BY rowid)")"
check "the first and third ended at their answer (30 s after the start), the second at its start" "1|0|1" \
  "$(q "SELECT group_concat(ended_at > started_at, '|') FROM (SELECT * FROM sittings ORDER BY rowid)")"
before=$(q "SELECT group_concat(id || outcome || ended_at) FROM sittings")
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" "${args[@]}" --script "$here/restart.script" >"$work/restart-2.log" 2>&1
grep -q "closed .* sitting" "$work/restart-2.log"
check "a second restart closes nothing (exactly once)" 1 $?
check "and changes nothing" "$before" "$(q "SELECT group_concat(id || outcome || ended_at) FROM sittings")"

# Resume after a power cut: a learner with a staff number answered report-routes when the kiosk was
# killed; the point (the scene after it) was saved with the answer. After the restart the same number
# carries on there, and the module's records hold that answer once.
kill_during resume_then_wait.script 4
check "the kill left a resume point at the scene after the answered question, under a 64-digit hash" "proof-myth|64" \
  "$(q "SELECT scene_id || '|' || length(staff_hash) FROM resume_points")"
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" "${args[@]}" --script "$here/resume_after_restart.script" \
  --screenshot-dir "$out/resume" >"$work/resume.log" 2>&1
rc=$?
check "the same staff number carries on after the restart (Not finished, Carry on, the next question)" 0 $rc
[ $rc = 0 ] || tail -5 "$work/resume.log"
# (The earlier kills' learners gave no staff number: only this learner's two sittings have a hash.)
check "report-routes answered once, proof-myth once, by two sittings with the same hash" "1|1|2|1" \
  "$(q "WITH mine AS (SELECT id, staff_hash FROM sittings WHERE staff_hash IS NOT NULL)
        SELECT (SELECT count(*) FROM answers WHERE scene_id = 'report-routes' AND sitting_id IN (SELECT id FROM mine))
          || '|' || (SELECT count(*) FROM answers WHERE scene_id = 'proof-myth' AND sitting_id IN (SELECT id FROM mine))
          || '|' || (SELECT count(*) FROM mine) || '|' || (SELECT count(DISTINCT staff_hash) FROM mine)")"
check "after Leave the point has moved on past proof-myth" "1|0" \
  "$(q "SELECT count(*) || '|' || sum(scene_id IN ('report-routes', 'proof-myth')) FROM resume_points")"
exit $fail
