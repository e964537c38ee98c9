#!/usr/bin/env bash
# The project's own content/, through the CLI a trainer uses: `kiosk-author check` finds no errors and no
# warnings except W081 (Welsh drafts marked fuzzy, which a Welsh speaker still has to review), W086 (words of
# those drafts that Debian's old Welsh dictionary lacks, for that review; the English is spelt right: no
# W104) and W112 (a
# source due to be checked again: printed as a reminder, since the calendar must not turn a tree red). Then the built
# pack holds every module folder, every module lists its sources (title, web address, date checked), and
# every English string has a Welsh one. (tests/authoring/compile_test.cpp checks the same rule through the
# library; this checks what the CLI prints and what lands in the pack.)
# Usage: content_compiles.sh KIOSK_AUTHOR PROJECT_ROOT
set -u
author="$1"
root="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}

"$author" check "$root/content" --format json >"$work/check.json" 2>"$work/check.err"
check "kiosk-author check exits 0" 0 "$?"
# Every diagnostic that is not W081, as "file:line: code message".
python3 - "$work/check.json" >"$work/other.txt" <<'EOF' || { echo "FAIL: the JSON from kiosk-author check does not parse"; cat "$work/check.err"; fail=1; }
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    if d["code"] == "W112":
        print(f'reminder: {d["location"]["file"]}:{d["location"]["line"]}: {d["message"]}', file=sys.stderr)
    elif d["code"] not in ("W081", "W086"):
        w = d["location"]
        print(f'{w["file"]}:{w["line"]}: {d["severity"]}[{d["code"]}]: {d["message"]}')
EOF
if [ -s "$work/other.txt" ]; then
  echo "FAIL: diagnostics other than fuzzy translations (W081, W086) and sources due for checking (W112):"
  cat "$work/other.txt"
  fail=1
else
  echo "ok: no errors, and no warnings except fuzzy translations (W081, W086); the English is spelt right"
fi

"$author" build "$root/content" -o "$work/content.pack" >"$work/build.log" 2>&1
check "kiosk-author build exits 0" 0 "$?"
q() { sqlite3 -readonly "$work/content.pack" "$1"; }
folders=$(ls "$root/content/modules" | sort | tr '\n' ' ')
check "every module folder is in the pack" "$folders" "$(q 'SELECT id FROM modules ORDER BY id' | tr '\n' ' ')"
for module in $folders; do
  sources=$(q "SELECT count(*) FROM sources WHERE module_id = '$module' AND title <> '' AND url GLOB 'http*://*' AND checked GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")
  if [ "${sources:-0}" -ge 1 ]; then echo "ok: $module lists $sources sources with title, address and date checked"; else echo "FAIL: $module lists no complete source"; fail=1; fi
  english=$(q "SELECT count(*) FROM strings WHERE lang = 'en' AND key LIKE '$module/%'")
  welsh=$(q "SELECT count(*) FROM strings WHERE lang = 'cy' AND key LIKE '$module/%'")
  check "$module: a Welsh string for each of its $english English strings" "$english" "$welsh"
done
exit $fail
