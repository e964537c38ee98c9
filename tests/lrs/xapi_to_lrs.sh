#!/usr/bin/env bash
# kiosk-report xapi's statements for a seeded fixture, sent to the real test LRS (lrs.sh, CTest fixture
# "lrs") and read back: every one stored once and unchanged (xapi_to_lrs.py has the checks).
# Usage: xapi_to_lrs.sh KIOSK_REPORT FIXTURE LRS_STATE_DIR
set -u
report="$1"
fixture="$2"
state="$3"
[ -s "$state/lrs.env" ] || { echo "FAIL: the test LRS is not running (no $state/lrs.env; CTest's lrs_start runs first)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fixture" "$work/records.db" --kiosks 15 --sittings 30 >/dev/null || { echo "FAIL: fixture"; exit 1; }
"$report" xapi -o "$work/statements.json" "$work/records.db" 2>"$work/err" || { echo "FAIL: kiosk-report xapi"; cat "$work/err"; exit 1; }
python3 "$(dirname "$0")/xapi_to_lrs.py" "$work/statements.json" "$state/lrs.env"
