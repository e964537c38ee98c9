#!/usr/bin/env bash
# The real kiosk (scripted, under Xvfb) with its records DB on a small tmpfs that a file fills during a
# sitting: the end screen must say "not saved" (screenshot kept), the log must name the full disk, and
# once the file is deleted the kiosk's own retry must save every row exactly once, with the DB sound.
# Exit 77 (skipped, with the reason) without xvfb-run, sqlite3 or permission to mount a tmpfs.
# usage: kiosk_full_disk.sh KIOSK KIOSK-AUTHOR SOURCE-ROOT SCREENSHOT-DIR
set -u
kiosk="$1"; author="$2"; root="$3"; out="$4"
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: the sqlite3 shell is not installed"; exit 77; }
work=$(mktemp -d)
volume="$work/volume"
mkdir -p "$volume"
if ! mount -t tmpfs -o size=2m,mode=0700 kiosk-full-disk-e2e "$volume" 2>"$work/mount.err"; then
  echo "SKIP: cannot mount a tmpfs for the full disk ($(cat "$work/mount.err")); run as root"
  rm -rf "$work"; exit 77
fi
cleanup() { umount "$volume" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
rm -rf "$out"; mkdir -p "$out"
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi; }

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  "$kiosk" --pack "$work/training.pack" --dev --db "$volume/records.db" --kiosk-id full-disk --no-audio \
  --script "$root/tests/crash/full_disk.script" --screenshot-dir "$out" >"$work/kiosk.log" 2>&1 &
pid=$!
wait_for() {  # wait_for FILE: until the kiosk has written it (60 s at most)
  for _ in $(seq 600); do [ -s "$1" ] && return 0; kill -0 "$pid" 2>/dev/null || return 1; sleep 0.1; done; return 1
}
if wait_for "$out/00-started.png"; then
  dd if=/dev/zero of="$volume/filler" bs=4k 2>/dev/null  # until "No space left on device"
  echo "disk filled: $(df -k --output=avail "$volume" | tail -1 | tr -d ' ') KiB left"
fi
if wait_for "$out/01-end-not-saved.png"; then
  rm -f "$volume/filler"
  echo "space freed: $(df -k --output=avail "$volume" | tail -1 | tr -d ' ') KiB left"
fi
wait "$pid"
status=$?
cat "$work/kiosk.log"
check "scripted run exit status" 0 "$status"

grep -q "Not saved yet" "$out/01-end-not-saved.txt" 2>/dev/null && echo "ok: the end screen said 'Not saved yet'" ||
  { echo "FAIL: the end screen did not say 'Not saved yet' while the disk was full"; fail=1; }
grep -q "Not saved yet" "$out/02-end-saved.txt" 2>/dev/null && { echo "FAIL: still 'Not saved yet' after space came back"; fail=1; } ||
  echo "ok: 'Not saved yet' is gone once space came back"
grep -q "Saved$" "$out/02-end-saved.txt" 2>/dev/null && echo "ok: the end screen then said 'Saved'" ||
  { echo "FAIL: the end screen did not say 'Saved' after the retry"; fail=1; }
grep -q "records NOT saved, will retry: the disk is full" "$work/kiosk.log" && echo "ok: the log names the full disk" ||
  { echo "FAIL: the log does not say 'records NOT saved, will retry: the disk is full'"; fail=1; }
grep -q "records saved again" "$work/kiosk.log" && echo "ok: the log says the records were saved again" ||
  { echo "FAIL: the log does not say 'records saved again'"; fail=1; }

db="$volume/records.db"
q() { sqlite3 -readonly "$db" "$1"; }
check "integrity_check" ok "$(q 'PRAGMA integrity_check')"
check "one sitting, completed" "health|completed" "$(q 'SELECT role, outcome FROM sittings')"
check "every answer of the module, once (4 questions and 1 choice)" 5 "$(q 'SELECT count(*) FROM answers')"
check "no answer twice" 5 "$(q 'SELECT count(DISTINCT scene_id) FROM answers')"
check "the completion, once" "what-to-do-next|100|1" "$(q 'SELECT module_id, percent, passed FROM completions')"
for shot in 01-end-not-saved 02-end-saved; do
  [ -s "$out/$shot.png" ] && echo "ok: screenshot $out/$shot.png" || { echo "FAIL: no screenshot $shot"; fail=1; }
done
exit $fail
