#!/usr/bin/env bash
# tools/bench/run's table, from a fixed results file: medians and ranges, the baseline beside ours, the
# ratio, and the verdict against each goal (a ratio goal as a ceiling and as a floor, an absolute goal, a
# difference over the floor, and a row never measured).
set -u
run="$1/tools/bench/run"
out=$("$run" --from-results "$(dirname "$0")/results.jsonl") || { echo "FAIL: run --from-results exited $?"; exit 1; }
echo "$out"
fail=0
expect() {  # expect DESCRIPTION PATTERN: a line of the table matches the extended regex
  if grep -Eq "$2" <<<"$out"; then echo "ok: $1"; else echo "FAIL: $1 (no line matches /$2/)"; fail=1; fi
}
# Cold start: ours 120 (100-140), Chromium 1100 (1000-1200), ratio 0.109 > 0.1: missed, though close.
expect "cold start: both sides with ranges, ratio, missed" \
  '^\| Cold start.*\| 120 ms \(100–140\) \| 1100 ms \(1000–1200\) \| 0\.109 \| ≤ 0\.1× Chromium \| MISSED \|$'
expect "memory: one run each, no range, ratio 0.3 > 0.2" '^\| Peak memory.*\| 90\.0 MiB \| 300 MiB \| 0\.300 \| .* \| MISSED \|$'
expect "tap to first frame: Chromium beside, 1.24 > 0.8: missed" '^\| Tap to first film frame \(the film.s first play\) \| 155 ms .*\| 125 ms .*\| 1\.240 \| ≤ 0\.8× Chromium \| MISSED \|$'
expect "durable write: ratio against fdatasync, 2.17 > 1.5: missed" '^\| Durable answer write.*\| 0\.65 ms .*\| fdatasync 0\.30 ms .*\| 2\.167 \| ≤ 1\.5× fdatasync \| MISSED \|$'
# Fleet rate: a rate, so the goal is a floor: 740 / 950 = 0.779 < 0.8 is missed (a ceiling would call it met).
expect "fleet rate: ratio-min goal against the plain client, 0.779 < 0.8: missed" \
  '^\| Fleet: statements/s.*\| 740 statements/s \(700–760\) \| plain client 950 statements/s \(900–1000\) \| 0\.779 \| ≥ 0\.8× plain client \| MISSED \|$'
expect "fleet memory: absolute goal met, no baseline" '^\| Fleet: peak memory.*\| 12\.5 MiB \| — \| — \| ≤ 20 MiB \| met \|$'
# Over the floor: the goal is a difference, 310 - 250 = 60 <= 100 is met; 140 - 100 = 40 > 16 is missed.
expect "cold start over the floor: a difference goal, met, with the difference" \
  '^\| Cold start to the first frame, kiosk over the floor.*\| 310 ms \(300–320\) \| floor 250 ms \(240–260\) \| 1\.240 \| ≤ floor \+ 100 ms \| met \(\+60 ms\) \|$'
expect "attract memory over the floor: missed, with the difference" \
  '^\| Peak memory \(PSS\) on the attract screen.*\| 140 MiB \| floor 100 MiB \| 1\.400 \| ≤ floor \+ 16 MiB \| MISSED \(\+40 MiB\) \|$'
expect "a row with no figures says so" '^\| kiosk-report merge.*\| — \| — \| — \| ≤ 10 s \| not measured \|$'
exit $fail
