#!/usr/bin/env bash
# End to end, as a learner would: the real kiosk binary, the real pack compiled from content/, a real
# records DB on disk and a real window under Xvfb. A full sitting by taps, then an idle reset; then the
# DB must hold exactly what happened and nothing that identifies anyone.
set -u
. "$(dirname "$0")/common.sh"

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
# Signed and verified, as on a real kiosk: the pack is installed into the data folder and runs from there.
"$author" keygen --out "$work/release" --name e2e >/dev/null 2>>"$work/author.log" &&
  "$author" sign "$work/training.pack" --key "$work/release.key" >/dev/null 2>>"$work/author.log" &&
  cp "$work/release.pub" "$work/trusted-keys" || { cat "$work/author.log"; exit 1; }
# The admin passcode is the kiosk's own, set as tools/deploy/install sets it (never in the pack).
echo 24682468 | "$kiosk" --set-admin-passcode "$work/admin-passcode" 2>>"$work/author.log" || { cat "$work/author.log"; exit 1; }
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  "$kiosk" --pack "$work/training.pack" --trust "$work/trusted-keys" --db "$work/data/records.db" --kiosk-id e2e-kiosk --no-audio \
  --admin-passcode "$work/admin-passcode" \
  --script "$root/tests/e2e/full_sitting.script" --screenshot-dir "$out" >"$work/kiosk.log" 2>&1
status=$?
cat "$work/kiosk.log"
check "scripted run exit status" 0 "$status"

db="$work/data/records.db"
q() { sqlite3 -readonly "$db" "$1"; }
if grep -qF "kiosk: installed pack msht-training version 1 from $work/training.pack as $work/data/packs/" "$work/kiosk.log"; then
  echo "ok: the signed pack was verified and installed into the data folder"
else
  echo "FAIL: the kiosk did not say it installed the signed pack"; fail=1
fi
check "sittings recorded" 2 "$(q 'SELECT count(*) FROM sittings')"
check "first sitting completed" "health|completed" "$(q "SELECT role, outcome FROM sittings ORDER BY started_at, rowid LIMIT 1")"
check "second sitting abandoned by the idle reset" "police|abandoned" "$(q "SELECT role, outcome FROM sittings ORDER BY started_at DESC, rowid DESC LIMIT 1")"
check "answers recorded (4 questions and 1 choice)" 5 "$(q 'SELECT count(*) FROM answers')"
check "right answers" 4 "$(q 'SELECT sum(correct) FROM answers')"
check "completion passed at 100%" "what-to-do-next|100|1" "$(q 'SELECT module_id, percent, passed FROM completions')"
check "completion code shape" 1 "$(q "SELECT count(*) FROM completions WHERE completion_code GLOB '[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]-[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]'")"
check "staff numbers stored only as 64-hex hashes" 2 "$(q "SELECT count(*) FROM sittings WHERE length(staff_hash) = 64 AND staff_hash NOT GLOB '*[^0-9a-f]*'")"
check "site and pack recorded" "greater-manchester|msht-training|e2e-kiosk" "$(q 'SELECT DISTINCT site_id, pack_id, kiosk_id FROM sittings')"
check "partnership recorded for the reports' roll-up" "Greater Manchester Modern Slavery Partnership" "$(q 'SELECT DISTINCT partnership FROM sittings')"
for canary in 98765432 55501234; do
  if grep -rqa "$canary" "$work/data" "$work/kiosk.log"; then
    echo "FAIL: staff number $canary appears in plain text under $work/data or in the log"; fail=1
  else
    echo "ok: staff number $canary appears nowhere in plain text"
  fi
done
exports=("$work"/data/exports/records-e2e-kiosk-*.db)
if [ -s "${exports[0]}" ]; then
  check "the admin export holds the same sittings" 2 "$(sqlite3 -readonly "${exports[0]}" 'SELECT count(*) FROM sittings')"
else
  echo "FAIL: the admin export did not write a file"; fail=1
fi
for shot in 01-attract 07-multi-feedback 12-end 14-idle-warning 15-after-idle-reset 16-admin; do
  [ -s "$out/$shot.png" ] && echo "ok: screenshot $shot" || { echo "FAIL: no screenshot $shot"; fail=1; }
done
# After the idle reset the attract screen is pixel-identical to the first one: nothing of anyone remains.
if [ -s "$out/01-attract.png" ] && cmp -s "$out/01-attract.png" "$out/15-after-idle-reset.png"; then
  echo "ok: the attract screen after an idle reset is identical to a fresh one"
else
  echo "FAIL: the attract screen after the idle reset differs from a fresh one"; fail=1
fi
echo "screenshots: $out"
exit $fail
