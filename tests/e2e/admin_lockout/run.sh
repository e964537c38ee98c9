#!/usr/bin/env bash
# Admin access that holds up (issue 26), on the real kiosk under Xvfb with a real records DB: three wrong
# passcodes lock the pad; a new long press and a SIGKILL with a restart both find it still locked (the
# count is on disk, written before each passcode is checked); after the wait the right passcode opens the
# admin screen; and the admin trail holds every attempt, the lockout, the sign-in and the quit.
# usage: run.sh KIOSK KIOSK-AUTHOR SOURCE_DIR SCREENSHOT_DIR
set -u
. "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
echo 24682468 | "$kiosk" --set-admin-passcode "$work/admin-passcode" 2>>"$work/author.log" || { cat "$work/author.log"; exit 1; }
db="$work/data/records.db"
kiosk_args=(--pack "$work/training.pack" --dev --db "$db" --kiosk-id lockout-kiosk --no-audio --admin-passcode "$work/admin-passcode")

# 1. Three wrong passcodes, a new long press, then SIGKILL while the pad is locked.
# (guess.script says "ready" once the new long press has found the pad locked.)
if kill_when_ready "$out" "$work/kiosk-1.log" "$kiosk" "${kiosk_args[@]}" --script "$here/guess.script" --screenshot-dir "$out"; then
  echo "ok: the kiosk was killed (SIGKILL) with its pad locked"
else
  echo "FAIL: the first kiosk did not reach the locked pad"; fail=1
  cat "$work/kiosk-1.log"
fi
grep -q "Too many wrong passcodes. Try again in 1 minute." "$out/01-locked.txt" 2>/dev/null
check "the pad says plainly how long to wait" 0 $?
grep -q "Too many wrong passcodes" "$out/02-locked-after-new-press.txt" 2>/dev/null
check "a new long press finds the pad still locked" 0 $?

# 2. Restarted: still locked; after the minute the right passcode opens the admin screen.
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  "$kiosk" "${kiosk_args[@]}" --script "$here/after_restart.script" --screenshot-dir "$out" >"$work/kiosk-2.log" 2>&1
status=$?
check "the restarted kiosk's script (locked, then open after the wait) exit status" 0 "$status"
[ "$status" = 0 ] || cat "$work/kiosk-2.log"
grep -q "Too many wrong passcodes" "$out/03-locked-after-restart.txt" 2>/dev/null
check "after kill -9 and a restart the pad is still locked" 0 $?

# 3. The trail: every attempt (written before it was checked), the lockout, the sign-in, the quit.
q() { sqlite3 -readonly "$db" "$1"; }
check "the admin trail in order" "attempt attempt attempt lockout attempt sign-in quit" \
  "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM admin_events ORDER BY seq)")"
check "the lockout says what happened, with no passcode" "locked for 1 minute after 3 wrong passcodes" \
  "$(q "SELECT detail FROM admin_events WHERE kind = 'lockout'")"
check "the sign-in says how many were wrong before it" "after 3 wrong passcodes" "$(q "SELECT detail FROM admin_events WHERE kind = 'sign-in'")"
check "every line names this kiosk" "lockout-kiosk" "$(q "SELECT DISTINCT kiosk_id FROM admin_events")"
grep -q "sign-in after 3 wrong passcodes" "$out/04-admin.txt"
check "the admin screen shows the trail" 0 $?
hits=$(grep -rlaE '11111111|22222222|33333333|24682468' "$work/data" "$work"/kiosk-*.log "$out" "$work/admin-passcode" 2>/dev/null)
check "no passcode tried (wrong or right) is in the records, logs, drawn text or the credential file" "" "$hits"
exit $fail
