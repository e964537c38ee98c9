#!/usr/bin/env bash
# The privacy canary: a distinctive staff number is typed on the real kiosk's keypad (Xvfb, real pack,
# real records DB) by three learners (one finishes a module, two walk away and are reset for idleness),
# then by a fourth in a kiosk that is SIGKILLed before it can checkpoint. The number must appear in no
# form (find_canary.py: ASCII, UTF-16/32, hex, base64, binary integer) in the records DB, its -wal and
# -shm (copied live and left by the kill), the logs, the admin export, every kiosk-report output and a
# merged DB, nor on the screen after an idle reset (the drawn text, and screenshots pixel-identical to
# fresh screens). Its HMAC must be in the DB, and the search must find a planted copy of every form.
# usage: run.sh KIOSK KIOSK-AUTHOR SOURCE_DIR SCREENSHOT_DIR KIOSK-REPORT
set -u
. "$(dirname "$0")/../common.sh"
report="$5"
here="$(cd "$(dirname "$0")" && pwd)"
find_canary="$here/find_canary.py"
canary=739502816   # nine digits; not in the content, the pack, a timestamp or a PIN
passcode=58274613  # the admin passcode: like the staff number, it must be stored and shown nowhere

mkdir -p "$work/scripts" "$work/logs" "$work/scan" "$work/reports" "$work/home" "$work/tmp"
for s in sitting killed; do sed "s/CANARY/$canary/g; s/PASSCODE/$passcode/g" "$here/$s.script" >"$work/scripts/$s.script"; done
# The kiosk's home and temporary folders are scratch folders too, so anything it writes there is searched.
kiosk_env=(env HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CACHE_HOME="$work/home/.cache"
           XDG_CONFIG_HOME="$work/home/.config" TMPDIR="$work/tmp")
# The admin passcode, set as tools/deploy/install sets it: only its hash is written.
mkdir -p "$work/home/.config/msht-kiosk"
admin=(--admin-passcode "$work/home/.config/msht-kiosk/admin-passcode")
echo "$passcode" | "$kiosk" --set-admin-passcode "${admin[1]}" 2>>"$work/logs/set-passcode.log" ||
  { echo "FAIL: kiosk --set-admin-passcode"; cat "$work/logs/set-passcode.log"; exit 1; }
dev_flag=()
"$kiosk" --help 2>/dev/null | grep -q -- '--dev' && dev_flag=(--dev)   # packs built here are unsigned

# 0. The search can fail: it finds every form of the number planted amid other bytes, one form a file.
python3 "$find_canary" --plant "$canary" "$work/planted"
planted=$(find "$work/planted" -type f | wc -l)
found=$(python3 "$find_canary" "$canary" "$work/planted" 2>/dev/null | cut -d: -f1 | sort -u | wc -l)
check "the search finds every planted form of the canary (files with a hit of $planted)" "$planted" "$found"

"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/logs/author.log" || { cat "$work/logs/author.log"; exit 1; }
python3 "$find_canary" "$canary" "$work/training.pack" >/dev/null 2>&1
check "the canary is not in the pack itself (so any hit below is the kiosk's)" 0 $?

# 1. Three learners, an export, a clean exit.
data="$work/data-a"
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "${kiosk_env[@]}" \
  "$kiosk" --pack "$work/training.pack" --db "$data/records.db" --kiosk-id privacy-kiosk --no-audio "${dev_flag[@]}" "${admin[@]}" \
  --script "$work/scripts/sitting.script" --screenshot-dir "$out" >"$work/logs/kiosk-a.log" 2>&1
status=$?
check "scripted run (three learners, idle resets, export) exit status" 0 "$status"
[ "$status" = 0 ] || tail -20 "$work/logs/kiosk-a.log"

db="$data/records.db"
q() { sqlite3 -readonly "$1" "$2"; }
# HMAC-SHA256(staff.key, number): what the kiosk should have stored instead of the number.
hmac_of() { python3 -c 'import hashlib, hmac, sys; print(hmac.new(open(sys.argv[1], "rb").read(), sys.argv[2].encode(), hashlib.sha256).hexdigest())' "$1" "$canary"; }
check "staff.key is 32 bytes" 32 "$(stat -c %s "$data/staff.key" 2>/dev/null)"
hmac=$(hmac_of "$data/staff.key")
check "the canary's HMAC is stored for the two learners who continued" 2 "$(q "$db" "SELECT count(*) FROM sittings WHERE staff_hash = '$hmac'")"
check "no other staff hash (the third learner never continued)" 0 "$(q "$db" "SELECT count(*) FROM sittings WHERE staff_hash IS NOT NULL AND staff_hash <> '' AND staff_hash <> '$hmac'")"
# A sitting is recorded once a learner continues from "about you": the first learner's completion and the
# second's idle reset; the visit that left and the third learner, who never continued, leave none.
check "sittings: one completed, one reset for idleness" "abandoned|1 completed|1" \
  "$(q "$db" "SELECT outcome, count(*) FROM sittings GROUP BY outcome ORDER BY outcome" | tr '\n' ' ' | sed 's/ $//')"
exports=("$data"/exports/*.db)
if [ -s "${exports[0]}" ]; then
  check "the admin export holds the canary's HMAC too (it is a copy)" 2 "$(q "${exports[0]}" "SELECT count(*) FROM sittings WHERE staff_hash = '$hmac'")"
else
  echo "FAIL: the admin export wrote no file under $data/exports"; fail=1
fi
# The logical contents as text as well as the raw pages: an INTEGER column would show up here as digits.
sqlite3 -readonly "$db" .dump >"$work/scan/records-a.sql"
[ -s "${exports[0]:-}" ] && sqlite3 -readonly "${exports[0]}" .dump >"$work/scan/export-a.sql"

# 2. The screen. The reader of drawn text can see the number (on the keypad while it is typed)...
grep -q "$canary" "$out/03-typed.txt" 2>/dev/null
check "the drawn text shows the canary on the keypad while it is typed (the screen check can fail)" 0 $?
# ...and after each idle reset, and for the next learner, it is not there, nor on the end or admin screens.
for shot in 01-attract 02-about-you-fresh 04-end 05-after-reset-from-menu 07-after-reset-from-keypad \
            08-about-you-next-learner 09-admin 10-passcode-typed; do
  if [ ! -s "$out/$shot.txt" ]; then echo "FAIL: no drawn text $shot.txt"; fail=1; continue; fi
  python3 "$find_canary" "$canary" "$out/$shot.txt" >/dev/null 2>&1
  check "screen $shot: the canary is not among the $(wc -l <"$out/$shot.txt") runs of text drawn" 0 $?
done
grep -qx "About you" "$out/08-about-you-next-learner.txt"
check "the drawn text after the reset is real (the next learner's about-you screen)" 0 $?
if grep -q "$canary" "$out/06-idle-warning-on-keypad.txt" 2>/dev/null; then
  echo "note: while 'Are you still there?' shows (before the reset) the typed number is still drawn, behind the overlay"
fi
same() { [ -s "$out/$1.png" ] && cmp -s "$out/$1.png" "$out/$2.png"; }
same 01-attract 05-after-reset-from-menu
check "after an idle reset from the menu the attract screen is pixel-identical to a fresh one" 0 $?
same 01-attract 07-after-reset-from-keypad
check "after an idle reset from the keypad the attract screen is pixel-identical to a fresh one" 0 $?
same 02-about-you-fresh 08-about-you-next-learner
check "the next learner's about-you screen (keypad empty) is pixel-identical to a fresh one" 0 $?

# 3. Killed before a checkpoint: the WAL holds the sitting. Copy the files live, then SIGKILL.
data_b="$work/data-b"
hmac_b=""
copy_live() {
  mkdir -p "$work/scan/live"
  cp "$data_b/records.db" "$data_b/records.db-wal" "$data_b/records.db-shm" "$work/scan/live/" 2>/dev/null
}
if before_kill=copy_live kill_when_ready "$work/shots-b" "$work/logs/kiosk-b.log" "${kiosk_env[@]}" \
     "$kiosk" --pack "$work/training.pack" --db "$data_b/records.db" --kiosk-id privacy-kiosk-b --no-audio "${dev_flag[@]}" \
     --script "$work/scripts/killed.script" --screenshot-dir "$work/shots-b"; then
  wal_bytes=$(stat -c %s "$work/scan/live/records.db-wal" 2>/dev/null || echo 0)
  echo "live copy: records.db $(stat -c %s "$work/scan/live/records.db") bytes, -wal $wal_bytes bytes, -shm $(stat -c %s "$work/scan/live/records.db-shm" 2>/dev/null || echo 0) bytes"
  hmac_b=$(hmac_of "$data_b/staff.key")
  grep -qa "$hmac_b" "$work/scan/live/records.db-wal"
  check "the live -wal holds the sitting (the canary's HMAC is in it: not yet checkpointed)" 0 $?
  [ -s "$data_b/records.db-wal" ]
  check "the -wal is still there after SIGKILL" 0 $?
  # Recovered from the WAL in a copy (the killed files stay as they were, to be searched).
  mkdir -p "$work/recovered"
  cp "$data_b"/records.db* "$work/recovered/"
  check "the killed kiosk's sitting is recovered from the WAL with the HMAC" 1 \
    "$(sqlite3 "$work/recovered/records.db" "SELECT count(*) FROM sittings WHERE staff_hash = '$hmac_b'")"
  sqlite3 -readonly "$work/recovered/records.db" .dump >"$work/scan/records-b.sql"
else
  echo "FAIL: the second kiosk did not reach its wait (no $work/shots-b/ready.txt)"; fail=1
  tail -20 "$work/logs/kiosk-b.log"
fi

# 4. Every report, in every format, from the kiosk's DB, its export and a merge of both kiosks.
reports=0
run_report() {  # run_report NAME ARGS...: output to $work/reports/NAME (or the -o file); exit 0 or 1
  local name="$1"; shift
  "$report" "$@" >"$work/reports/$name" 2>"$work/reports/$name.stderr"
  local rc=$? written="$work/reports/$name" arg previous=""
  for arg in "$@"; do [ "$previous" = -o ] && written="$arg"; previous="$arg"; done
  if [ "$rc" -gt 1 ] || [ ! -s "$written" ]; then
    echo "FAIL: kiosk-report $* exited $rc, wrote $(stat -c %s "$written" 2>/dev/null || echo no) bytes: $(head -c 300 "$work/reports/$name.stderr")"; fail=1
  fi
  reports=$((reports + 1))
}
run_report merge.out merge "$work/reports/merged.db" "$db" "$work/recovered/records.db"
for input in "$db" "${exports[0]:-$db}" "$work/reports/merged.db"; do
  tag=$(basename "$input" .db)
  for format in table csv json html; do
    run_report "$tag-summary.$format" summary --min-cell 2 --by month --format "$format" "$input"
    run_report "$tag-kiosks.$format" kiosks --min-cell 2 --format "$format" "$input"
    run_report "$tag-items.$format" items --min-cell 2 --format "$format" --pack "$work/training.pack" "$input"
  done
  run_report "$tag-xapi.json" xapi --min-cell 2 "$input"
  run_report "$tag-board.stdout" board --min-cell 2 --pack "$work/training.pack" -o "$work/reports/$tag-board.html" "$input"
done
sqlite3 -readonly "$work/reports/merged.db" .dump >"$work/scan/merged.sql"
echo "kiosk-report runs: $reports"
# Reports show no staff hash either (the merged DB and the export are copies of the records, so they may).
hash_hits=$(grep -rlaE "$hmac${hmac_b:+|$hmac_b}" "$work/reports" | grep -v '\.db$')
check "no report output holds a staff hash" "" "$hash_hits"

# 5. Search everything: both data folders (DB, -wal, -shm, key, exports), the live copies, the dumps,
# logs, reports, the drawn text, and the kiosk's home and temporary folders. Not the two screens taken
# before a reset, while the learner's number is meant to be on the keypad, and not the PNGs: compressed
# pixels hold no text to find (random bytes there could only match the binary forms by chance); they are
# checked above, against fresh screens.
searched=(find "$work/data-a" "$work/data-b" "$work/scan" "$work/logs" "$work/reports" "$out" "$work/shots-b"
          "$work/home" "$work/tmp" -type f ! -name '*.png' ! -name '03-typed.*' ! -name '06-idle-warning-on-keypad.*')
scanned=$("${searched[@]}" | wc -l)
bytes=$("${searched[@]}" -printf '%s\n' | awk '{s+=$1} END {print s}')
hits=$("${searched[@]}" -print0 | xargs -0 python3 "$find_canary" "$canary" 2>/dev/null)
check "the canary appears in none of $scanned files ($bytes bytes)" "" "$hits"
# The admin passcode likewise: typed on the pad, checked, signed in with; in no file, log or screen (the
# credential file, searched above with the home folder, holds only its Argon2id hash).
grep -q "admin passcode from" "$work/logs/kiosk-a.log"
check "the kiosk read the admin passcode file (so the search below means something)" 0 $?
check "the admin trail has the sign-in and the export" "sign-in export" \
  "$(q "$db" "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM admin_events WHERE kind <> 'attempt' ORDER BY seq)")"
hits=$("${searched[@]}" -print0 | xargs -0 python3 "$find_canary" "$passcode" 2>/dev/null)
check "the admin passcode appears in none of $scanned files, nor the pad's drawn text" "" "$hits"
echo "figures: canary $canary, $planted forms, $scanned files, $bytes bytes searched, $reports kiosk-report runs"
echo "screenshots and drawn text: $out"
exit $fail
