#!/usr/bin/env bash
# End to end, every module once: the real kiosk binary, the pack compiled from content/, a real records DB
# and a real window under Xvfb. One learner passes all four modules with every answer right (including the
# professional-curiosity film, played in real time); the DB must then hold a passed completion at 100% for
# each module and a right answer for every question asked. Screenshots of the new kinds of screen (a hotspot
# question before and after tapping, its feedback, an info scene with a picture) are kept for people to look at.
set -u
. "$(dirname "$0")/../common.sh"

"$author" build "$root/content" -o "$work/training.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  "$kiosk" --pack "$work/training.pack" --dev --db "$work/data/records.db" --kiosk-id e2e-modules --no-audio \
  --script "$root/tests/e2e/modules/all_modules.script" --screenshot-dir "$out" >"$work/kiosk.log" 2>&1
status=$?
tail -5 "$work/kiosk.log"
check "scripted run exit status" 0 "$status"
[ "$status" = 0 ] || grep -v '^kiosk: screenshot' "$work/kiosk.log" | tail -20

db="$work/data/records.db"
pack="$work/training.pack"
q() { sqlite3 -readonly "$db" "$1"; }
modules=$(sqlite3 -readonly "$pack" 'SELECT id FROM modules ORDER BY id')
check "one sitting, completed" "1|completed" "$(q "SELECT count(*), min(outcome) FROM sittings")"
for module in $modules; do
  check "$module: passed at 100%" "1|100|1" "$(q "SELECT count(*), min(percent), min(passed) FROM completions WHERE module_id = '$module'")"
  # Every question in the module was answered, and answered right; a scored choice (an option with a score)
  # is recorded as a one-answer question and was taken the best way; other choices are only paths.
  questions=$(sqlite3 -readonly "$pack" "SELECT count(*) FROM scenes s WHERE module_id = '$module' AND (kind = 'question' OR
    (kind = 'choice' AND EXISTS (SELECT 1 FROM options o WHERE o.module_id = s.module_id AND o.scene_id = s.id AND o.score > 0)))")
  check "$module: all $questions questions answered right" "$questions|$questions" \
    "$(q "SELECT count(*), coalesce(sum(correct), 0) FROM answers WHERE module_id = '$module' AND question_type <> 'choice'")"
  # The Sources screen reads these rows; each module must have them to show.
  sources=$(sqlite3 -readonly "$pack" "SELECT count(*) FROM sources WHERE module_id = '$module'")
  if [ "$sources" -ge 1 ]; then echo "ok: $module: $sources sources in the pack"; else echo "FAIL: $module: no sources in the pack"; fail=1; fi
done
check "hotspot answers recorded" 7 "$(q "SELECT count(*) FROM answers WHERE question_type = 'hotspot' AND correct = 1")"
for shot in m00-menu sts-00-content-warning sts-01-hotspot sts-02-hotspot-selected sts-03-hotspot-feedback sts-04-end \
            wt-01-info-image wt-02-end m99-menu-done; do
  [ -s "$out/$shot.png" ] && echo "ok: screenshot $shot" || { echo "FAIL: no screenshot $shot"; fail=1; }
done
# Tapping the signs changes the picture (each tapped region is outlined), so the two captures must differ.
if [ -s "$out/sts-01-hotspot.png" ] && cmp -s "$out/sts-01-hotspot.png" "$out/sts-02-hotspot-selected.png"; then
  echo "FAIL: tapping the hotspot regions changed nothing on screen"; fail=1
fi
echo "screenshots: $out"
exit $fail
