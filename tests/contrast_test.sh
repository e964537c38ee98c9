#!/usr/bin/env bash
# Contrast measured on the screen, not assumed (issue 18): the real kiosk under Xvfb shows a tour of
# screens in the normal and the high-contrast theme; for each it saves a screenshot and every run of
# text with its rectangle (dump-text NAME boxes). For each run, the background is the commonest colour
# in its rectangle and the ink the pixel that stands out from it most; their WCAG 2 contrast ratio must
# be at least 4.5:1 in the normal theme (WCAG AA) and 7:1 in high contrast (AAA). Disabled controls are
# exempt in WCAG and the tour avoids them; overlays dim what is under them, so the tour shows none.
# Exit 77 (skipped) when xvfb-run is not installed.
. "$(dirname "$0")/kiosk_test_common.sh"

# The tour: each stop is a screenshot and its text (the what-to-do-next module is followed in file order,
# as in tools/screens/tour.script, to its end and the completion panel). @THEME@ is the taps that choose
# the theme.
cat >"$tmp/tour.in" <<'EOF'
@THEME@
screenshot attract
dump-text attract boxes
tap attract.start
tap role.health
type 1234
screenshot about-you
dump-text about-you boxes
tap about.continue
screenshot menu
dump-text menu boxes
tap menu.module.what-to-do-next
screenshot warning
dump-text warning boxes
tap warning.continue
screenshot info
dump-text info boxes
tap nav.continue
tap nav.continue
tap nav.continue
tap quiz.option.0
screenshot question
dump-text question boxes
tap quiz.option.3
tap quiz.submit
screenshot feedback
dump-text feedback boxes
tap nav.continue
tap quiz.option.1
tap quiz.submit
tap nav.continue
tap nav.continue
tap nav.continue
tap nav.continue
tap nav.continue
tap quiz.option.0
tap quiz.submit
tap nav.continue
tap quiz.submit
tap nav.continue
tap choice.option.1
tap quiz.submit
tap nav.continue
tap nav.continue
screenshot end
dump-text end boxes
tap nav.continue
tap nav.leave
screenshot leaving
dump-text leaving boxes
EOF

for theme in normal high; do
  taps=""
  [ "$theme" = high ] && taps="tap a11y.open
tap a11y.contrast
advance 0.2
tap a11y.close"
  awk -v t="$taps" '{ if ($0 == "@THEME@") print t; else print }' "$tmp/tour.in" >"$tmp/$theme.script"
  rm -f "$tmp/status"
  # shellcheck disable=SC2016  # "$@" and $? belong to the inner sh
  xvfb-run -a -s "-screen 0 1280x720x24 -noreset" sh -c '"$@"; echo $? >"$0"' "$tmp/status" \
    "$kiosk" --pack "$tmp/t.pack" --dev --db "$tmp/db-$theme/records.db" --windowed 1280x720 --no-audio \
    --script "$tmp/$theme.script" --screenshot-dir "$tmp/$theme" >"$tmp/$theme.log" 2>&1
  if [ "$(cat "$tmp/status" 2>/dev/null)" != 0 ]; then
    fail "the $theme tour did not run"
    grep -v '^kiosk: \(screenshot\|dump-text\)' "$tmp/$theme.log" | tail -5
    continue
  fi
  minimum=4.5
  [ "$theme" = high ] && minimum=7
  python3 "$root/tests/contrast_check.py" "$tmp/$theme" "$minimum" "$theme" || failures=$((failures + 1))
done

[ $failures -eq 0 ] && echo "contrast: all passed"
exit $((failures > 0))
