#!/usr/bin/env bash
# kiosk-report as a coordinator runs it: help, exit codes (0 done, 1 some inputs failed, 2 usage or
# nothing read), one-line errors that name the file, -o, merge, and no progress text in a pipe.
set -u
report="$1"
fixture="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" != "$3" ]; then echo "FAIL: $1: exit $3, expected $2"; fail=1; else echo "ok: $1"; fi
}
"$fixture" "$work/kiosks" --split --kiosks 4 --sittings 30 >/dev/null || { echo "FAIL: fixture"; exit 1; }
rm -f "$work"/kiosks/*.lock
"$report" --help >/dev/null; check "help" 0 $?
"$report" >/dev/null 2>&1; check "no command" 2 $?
"$report" frobnicate 2>/dev/null; check "unknown command" 2 $?
"$report" summary --format pdf "$work/kiosks/kiosk-000.db" 2>"$work/err"; check "bad format" 2 $?
grep -q "pdf" "$work/err" || { echo "FAIL: bad format message: $(cat "$work/err")"; fail=1; }
"$report" summary --from 2024-13-01 "$work/kiosks/kiosk-000.db" 2>/dev/null; check "bad date" 2 $?
"$report" summary "$work/kiosks/"*.db >"$work/summary.txt" 2>"$work/err"; check "summary of four" 0 $?
[ -s "$work/err" ] && { echo "FAIL: stderr not empty in a pipe: $(cat "$work/err")"; fail=1; }
grep -q "All areas" "$work/summary.txt" || { echo "FAIL: summary text"; fail=1; }
echo "not a database" >"$work/junk.db"
"$report" items --format csv -o "$work/items.csv" "$work/kiosks/"*.db "$work/junk.db" 2>"$work/err"; check "one bad input" 1 $?
[ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "^kiosk-report: $work/junk.db: not an SQLite database" "$work/err" \
  || { echo "FAIL: error line: $(cat "$work/err")"; fail=1; }
head -1 "$work/items.csv" | grep -q "^module,question" || { echo "FAIL: items.csv"; fail=1; }
"$report" kiosks "$work/junk.db" 2>/dev/null; check "nothing readable" 2 $?
"$report" summary -o "$work/kiosks/kiosk-000.db" "$work/kiosks/kiosk-000.db" 2>/dev/null; check "output is an input" 2 $?
"$report" merge "$work/all.db" "$work/kiosks/"*.db >/dev/null; check "merge" 0 $?
"$report" merge "$work/all.db" "$work/kiosks/"*.db "$work/junk.db" >/dev/null 2>"$work/err"; check "merge with a bad input" 1 $?
grep -q "junk.db: not an SQLite database" "$work/err" || { echo "FAIL: merge error: $(cat "$work/err")"; fail=1; }
"$report" kiosks --format json "$work/all.db" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["kiosks"]) == 4' \
  || { echo "FAIL: kiosks json"; fail=1; }
exit $fail
