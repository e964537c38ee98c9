#!/usr/bin/env bash
# xAPI statements checked by a real validator: installs the npm package xapi-validation (pinned) into
# the build folder on first run, writes statements for a seeded fixture, validates every one with
# Node, and checks that a second run gives the same bytes (stable ids) and that no staff hash leaks.
# Usage: xapi_validate.sh KIOSK_REPORT FIXTURE WORK_DIR
set -u
report="$1"
fixture="$2"
work_dir="$3"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work_dir"
work_dir="$(cd "$work_dir" && pwd)"  # node resolves require() paths against the script, not here
modules="$work_dir/xapi-node/node_modules"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "FAIL: node and npm are needed (tools/install-deps installs them)"
  exit 1
fi
if [ ! -f "$modules/xapi-validation/package.json" ]; then
  mkdir -p "$work_dir/xapi-node"
  if ! npm install --prefix "$work_dir/xapi-node" --no-audit --no-fund --silent xapi-validation@2.1.4 >"$work_dir/npm.log" 2>&1; then
    echo "FAIL: could not install xapi-validation from the npm registry (is it reachable?):"
    tail -5 "$work_dir/npm.log"
    exit 1
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fixture" "$work/records.db" --kiosks 15 --sittings 30 >/dev/null || { echo "FAIL: fixture"; exit 1; }
"$report" xapi -o "$work/a.json" "$work/records.db" 2>"$work/err" || { echo "FAIL: kiosk-report xapi"; cat "$work/err"; exit 1; }
grep -q "statements withheld: their cohort has fewer than 5 learners" "$work/err" \
  || { echo "FAIL: small cohorts were not withheld: $(cat "$work/err")"; exit 1; }
fail=0
node "$here/xapi_validate.js" "$modules" "$work/a.json" || fail=1
"$report" xapi -o "$work/b.json" "$work/records.db" 2>/dev/null
cmp -s "$work/a.json" "$work/b.json" && echo "ok: the same statements and ids on a second run" \
  || { echo "FAIL: a second run gave different statements"; fail=1; }
hashes=$(sqlite3 "$work/records.db" "SELECT staff_hash FROM sittings WHERE staff_hash IS NOT NULL")
[ -n "$hashes" ] || { echo "FAIL: the fixture has no staff hashes to look for"; fail=1; }
for h in $hashes; do
  if grep -q "$h" "$work/a.json"; then echo "FAIL: a staff hash is in the statements"; fail=1; break; fi
done
exit $fail
