#!/usr/bin/env bash
# kiosk-report as a coordinator runs it: help, exit codes (0 done, 1 some inputs failed, 2 usage or
# nothing read), one-line errors that name the file, -o, merge, verify, pull's refusals, and no progress
# text in a pipe.
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
# A filter that matches nothing fails loudly, with the value the records hold, instead of an all-zero report.
region=$(sqlite3 -readonly "$work/kiosks/kiosk-000.db" 'SELECT region FROM sittings LIMIT 1')
"$report" summary --region "${region^^}" "$work/kiosks/"*.db >"$work/out" 2>"$work/filter.err"; check "a filter matching nothing" 2 $?
grep -qF -- "--region '${region^^}': no sitting in the records has it; did you mean '$region'?" "$work/filter.err" &&
  [ ! -s "$work/out" ] || { echo "FAIL: filter message: $(cat "$work/filter.err")"; fail=1; }
"$report" items --module no-such-module "$work/kiosks/"*.db >/dev/null 2>"$work/filter.err"; check "a module no one took" 2 $?
grep -q "the records have: " "$work/filter.err" || { echo "FAIL: module message: $(cat "$work/filter.err")"; fail=1; }
"$report" summary --region "$region" "$work/kiosks/"*.db >/dev/null 2>&1; check "the region as the records spell it" 0 $?
# Several values: the report covers either; a typo in any one of them still fails loudly.
# (The four kiosks are in one region and two partnerships.)
p1=$(sqlite3 -readonly "$work/kiosks/kiosk-000.db" 'SELECT partnership FROM sittings LIMIT 1')
p2=$(sqlite3 -readonly "$work/kiosks/kiosk-002.db" 'SELECT partnership FROM sittings LIMIT 1')
[ -n "$p1" ] && [ "$p1" != "$p2" ] || { echo "FAIL: the fixture's partnerships: '$p1' '$p2'"; fail=1; }
"$report" summary --partnership "$p1" --partnership "$p2" --format json "$work/kiosks/"*.db |
  python3 -c 'import json,sys; d=json.load(sys.stdin); p=sorted(r["partnership"] for r in d["rollup"] if r["level"]=="partnership"); assert p == sorted(sys.argv[1:]), p' "$p1" "$p2" \
  || { echo "FAIL: two partnerships"; fail=1; }
"$report" summary --region "$region" --region "${region^^}" "$work/kiosks/"*.db >/dev/null 2>"$work/filter.err"
check "one of two regions mistyped" 2 $?
[ -s "$work/err" ] && { echo "FAIL: stderr not empty in a pipe: $(cat "$work/err")"; fail=1; }
grep -q "All areas" "$work/summary.txt" || { echo "FAIL: summary text"; fail=1; }
echo "not a database" >"$work/junk.db"
"$report" items --format csv -o "$work/items.csv" "$work/kiosks/"*.db "$work/junk.db" 2>"$work/err"; check "one bad input" 1 $?
[ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "^kiosk-report: $work/junk.db: not an SQLite database" "$work/err" \
  || { echo "FAIL: error line: $(cat "$work/err")"; fail=1; }
head -1 "$work/items.csv" | grep -q "^module,question" || { echo "FAIL: items.csv"; fail=1; }
"$report" kiosks "$work/junk.db" 2>/dev/null; check "nothing readable" 2 $?
# Every output says what it read and what it skipped; the board page puts a skipped input in a banner.
n=$(ls "$work/kiosks/"*.db | wc -l)
"$report" summary "$work/kiosks/"*.db "$work/junk.db" 2>/dev/null | grep -q "^records: $n of $((n + 1)) files read; sittings from 20[0-9-]* to 20[0-9-]* at [0-9]* kiosks" \
  || { echo "FAIL: the summary's records line"; fail=1; }
"$report" summary --format json "$work/kiosks/"*.db "$work/junk.db" 2>/dev/null |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["inputs_read"] == '"$n"' and "junk.db" in d["input_problems"][0] and d["coverage"]["kiosks"] > 0' \
  || { echo "FAIL: the JSON's inputs and coverage"; fail=1; }
"$report" board -o "$work/board.html" "$work/kiosks/"*.db "$work/junk.db" 2>/dev/null; check "board with a bad input" 1 $?
grep -q '<div class="banner" role="alert">.*junk.db' "$work/board.html" || { echo "FAIL: no banner for the skipped input"; fail=1; }
"$report" board -o "$work/board.html" "$work/kiosks/"*.db 2>/dev/null; check "board" 0 $?
grep -q 'class="banner"' "$work/board.html" && { echo "FAIL: a banner with every input read"; fail=1; }
"$report" summary -o "$work/kiosks/kiosk-000.db" "$work/kiosks/kiosk-000.db" 2>/dev/null; check "output is an input" 2 $?
"$report" merge "$work/all.db" "$work/kiosks/"*.db >/dev/null; check "merge" 0 $?
"$report" merge "$work/all.db" "$work/kiosks/"*.db "$work/junk.db" >/dev/null 2>"$work/err"; check "merge with a bad input" 1 $?
grep -q "junk.db: not an SQLite database" "$work/err" || { echo "FAIL: merge error: $(cat "$work/err")"; fail=1; }
ls "$work" | grep -q "merging" && { echo "FAIL: merge left a staging file: $(ls "$work")"; fail=1; }
# A merge killed at any moment leaves its output as it was or as it would be, never half-written;
# the next merge clears away the staging copy it left.
"$fixture" "$work/more" --split --kiosks 6 --sittings 120 --seed 5 >/dev/null && rm -f "$work"/more/*.lock
cp "$work/all.db" "$work/expect.db"
"$report" merge "$work/expect.db" "$work/more/"*.db >/dev/null
rows() { "$report" kiosks --format json "$1" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["kiosks"]))'; }
for delay in 0.05 0.3; do
  cp "$work/all.db" "$work/killed.db"
  "$report" merge "$work/killed.db" "$work/more/"*.db >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  now=$(rows "$work/killed.db")
  [ "$now" = "$(rows "$work/all.db")" ] || [ "$now" = "$(rows "$work/expect.db")" ] \
    || { echo "FAIL: a merge killed after $delay s left neither the old nor the new records"; fail=1; }
done
"$report" merge "$work/killed.db" "$work/more/"*.db >/dev/null; check "merge after a killed one" 0 $?
[ "$(rows "$work/killed.db")" = "$(rows "$work/expect.db")" ] || { echo "FAIL: merge after a kill"; fail=1; }
ls "$work" | grep -q "merging" && { echo "FAIL: a killed merge's staging file is still there"; fail=1; }
"$fixture" --pack "$work/training.pack"; check "fixture pack" 0 $?
"$report" items --pack "$work/training.pack" --format csv -o "$work/items-text.csv" "$work/all.db"; check "items --pack" 0 $?
head -1 "$work/items-text.csv" | grep -q "^module,question,prompt,type,breakdown,value,option_text," \
  && grep -q "Question q-safe-space of responding: what would you do?" "$work/items-text.csv" \
  || { echo "FAIL: items --pack csv: $(head -2 "$work/items-text.csv")"; fail=1; }
"$report" items --pack "$work/missing.pack" "$work/all.db" >/dev/null 2>"$work/err"; check "items --pack missing" 2 $?
grep -q "missing.pack" "$work/err" || { echo "FAIL: missing pack message: $(cat "$work/err")"; fail=1; }
"$report" summary --pack "$work/training.pack" "$work/all.db" >/dev/null 2>&1; check "summary --pack" 2 $?
# items --by agency: one table of each question's facility per agency, with the question's text.
"$report" items --by agency --pack "$work/training.pack" "$work/all.db" >"$work/by-agency.txt"; check "items --by agency" 0 $?
[ "$(grep -c "^Facility % by agency" "$work/by-agency.txt")" = 1 ] && ! grep -q "^Options chosen" "$work/by-agency.txt" \
  && grep -q "Question q-safe-space of responding" "$work/by-agency.txt" \
  || { echo "FAIL: items --by agency: $(head -5 "$work/by-agency.txt")"; fail=1; }
"$report" summary --by agency "$work/all.db" >/dev/null 2>&1; check "summary --by agency" 2 $?
"$report" kiosks --format json "$work/all.db" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["kiosks"]) == 4' \
  || { echo "FAIL: kiosks json"; fail=1; }
# kiosks --idle-since: the window ends on --to; a kiosk is listed when its last sitting is before the
# window, worked out here with sqlite3. The window ends at the newest sitting and starts just after the
# kiosk whose last sitting is oldest, so that kiosk is idle and the rest are not.
read -r last oldest < <(sqlite3 -readonly "$work/all.db" \
  "SELECT substr(max(started_at),1,10), (SELECT substr(min(m),1,10) FROM (SELECT max(started_at) m FROM sittings GROUP BY kiosk_id)) FROM sittings" | tr '|' ' ')
days=$(( ( $(date -ud "$last" +%s) - $(date -ud "$oldest" +%s) ) / 86400 ))
want=$(sqlite3 -readonly "$work/all.db" "SELECT kiosk_id FROM sittings GROUP BY kiosk_id HAVING max(started_at) < date('$last', '-$((days - 1)) days') ORDER BY 1" | tr '\n' ' ')
got=$("$report" kiosks --idle-since "$days" --to "$last" --format json "$work/all.db" |
  python3 -c 'import json,sys; print(" ".join(sorted(k["kiosk"] for k in json.load(sys.stdin)["kiosks"])) + " ")')
[ -n "$want" ] && [ "$got" = "$want" ] || { echo "FAIL: kiosks --idle-since $days --to $last: got '$got', want '$want'"; fail=1; }
"$report" kiosks --idle-since "$days" --to "$last" "$work/all.db" | grep -q "Kiosks with no sitting from .* to $last" \
  || { echo "FAIL: idle kiosks title"; fail=1; }
# A kiosk installed but never used has only its admin trail (a pack install): it is idle too, "never"
# used, but only in a list no area filter could have left it out of (its area is in no sitting).
cp "$work/all.db" "$work/installed.db"
sqlite3 "$work/installed.db" "INSERT INTO admin_events(kiosk_id, at, at_s, kind, detail) VALUES('kiosk-new', '2024-01-02T09:00:00Z', 1704186000, 'pack-install', 'msht-training v1')"
got=$("$report" kiosks --idle-since "$days" --to "$last" --format json "$work/installed.db" |
  python3 -c 'import json,sys; print(" ".join(sorted(k["kiosk"] + "=" + (k["last_sitting"] or "never") for k in json.load(sys.stdin)["kiosks"] if k["kiosk"] == "kiosk-new")))')
[ "$got" = "kiosk-new=never" ] || { echo "FAIL: a kiosk never used is not listed as idle: got '$got'"; fail=1; }
"$report" kiosks --idle-since "$days" --to "$last" "$work/installed.db" | grep -q "kiosk-new.*never" \
  || { echo "FAIL: the never-used kiosk's row does not say never"; fail=1; }
got=$("$report" kiosks --idle-since "$days" --to "$last" --region "$region" --format json "$work/installed.db" |
  python3 -c 'import json,sys; print(sum(k["kiosk"] == "kiosk-new" for k in json.load(sys.stdin)["kiosks"]))')
[ "$got" = 0 ] || { echo "FAIL: a kiosk of unknown area is listed under --region"; fail=1; }
"$report" summary --idle-since 30 "$work/all.db" >/dev/null 2>&1; check "summary --idle-since" 2 $?
"$report" kiosks --idle-since 30 --from 2024-01-01 "$work/all.db" >/dev/null 2>&1; check "--idle-since with --from" 2 $?
"$report" kiosks --idle-since 0 "$work/all.db" >/dev/null 2>&1; check "--idle-since 0" 2 $?
# prune: the retention period on a merged DB. Everything before the day goes (sittings, their answers
# and completions), the rest stays, and a deleted sitting's id is not left anywhere in the file's bytes.
cp "$work/all.db" "$work/pruned.db"
mid=$(sqlite3 -readonly "$work/all.db" "SELECT substr(started_at, 1, 10) FROM sittings ORDER BY started_at LIMIT 1 OFFSET (SELECT count(*) / 2 FROM sittings)")
gone=$(sqlite3 -readonly "$work/all.db" "SELECT id FROM sittings WHERE started_at < '$mid' LIMIT 1")
kept=$(sqlite3 -readonly "$work/all.db" "SELECT count(*) FROM sittings WHERE started_at >= '$mid'")
"$report" prune --before "$mid" "$work/pruned.db" >"$work/prune.txt"; check "prune" 0 $?
grep -q "deleted [1-9][0-9]* sittings from before $mid, .* $kept sittings left" "$work/prune.txt" || { echo "FAIL: prune said: $(cat "$work/prune.txt")"; fail=1; }
[ "$(sqlite3 -readonly "$work/pruned.db" "SELECT count(*) FROM sittings WHERE started_at < '$mid'")" = 0 ] &&
  [ "$(sqlite3 -readonly "$work/pruned.db" "SELECT count(*) FROM sittings")" = "$kept" ] &&
  [ "$(sqlite3 -readonly "$work/pruned.db" "SELECT count(*) FROM answers WHERE sitting_id NOT IN (SELECT id FROM sittings)")" = 0 ] &&
  [ "$(sqlite3 -readonly "$work/pruned.db" "SELECT count(*) FROM completions WHERE sitting_id NOT IN (SELECT id FROM sittings)")" = 0 ] \
  || { echo "FAIL: prune left the wrong rows"; fail=1; }
[ -n "$gone" ] && ! grep -qa "$gone" "$work/pruned.db" || { echo "FAIL: a pruned sitting's id is still in the file"; fail=1; }
"$report" prune --before "$mid" "$work/pruned.db" | grep -q "deleted 0 sittings" || { echo "FAIL: pruning twice"; fail=1; }
"$report" prune --before "$mid" "$work/junk.db" 2>/dev/null; check "prune a file that is not records" 2 $?
"$report" prune --before 2024-13-01 "$work/pruned.db" 2>/dev/null; check "prune with a bad day" 2 $?
# verify: a completion code from the fixture's records, typed in lower case; an unknown one; not a code.
code=$(sqlite3 -readonly "$work/all.db" "SELECT completion_code FROM completions LIMIT 1")
"$report" verify "$code" --db "$work/all.db" >"$work/verify.txt" 2>&1; check "verify a known code" 0 $?
grep -q "^$code: .*, \(passed\|not passed\) ([0-9]*%), 20[0-9-]*, .*, site .*, kiosk kiosk-" "$work/verify.txt" ||
  { echo "FAIL: verify line: $(cat "$work/verify.txt")"; fail=1; }
"$report" verify ZZZZ-ZZZZ --db "$work/all.db" >"$work/verify.txt" 2>&1; check "verify an unknown code" 1 $?
grep -q "^ZZZZ-ZZZZ: unknown" "$work/verify.txt" || { echo "FAIL: unknown code line: $(cat "$work/verify.txt")"; fail=1; }
"$report" verify 'not<a>code' --db "$work/all.db" >"$work/verify.txt" 2>&1; check "verify not a code" 1 $?
grep -q "not a completion code" "$work/verify.txt" || { echo "FAIL: not-a-code line: $(cat "$work/verify.txt")"; fail=1; }
"$report" verify ZZZZ-ZZZZ 2>/dev/null; check "verify without --db" 2 $?
"$report" verify ZZZZ-ZZZZ --db "$work/junk.db" 2>/dev/null; check "verify with nothing readable" 2 $?
# pull (the LRS itself: tests/lrs/pull_from_lrs.sh): what is refused before any request, and no OUT made.
(umask 077; echo "key:secret" >"$work/lrs.key")
"$report" pull --lrs https://lrs.example.org/xAPI "$work/pulled.db" 2>/dev/null; check "pull without --credentials" 2 $?
"$report" pull --lrs http://lrs.example.org/xAPI --credentials "$work/lrs.key" "$work/pulled.db" 2>"$work/err"
check "pull over plain http to another machine" 2 $?
grep -q "plain http" "$work/err" || { echo "FAIL: plain http message: $(cat "$work/err")"; fail=1; }
"$report" pull --lrs https://key:secret@lrs.example.org/xAPI --credentials "$work/lrs.key" "$work/pulled.db" 2>/dev/null
check "pull with a password in the URL" 2 $?
"$report" pull --lrs https://lrs.example.org/xAPI --credentials "$work/missing.key" "$work/pulled.db" 2>/dev/null
check "pull without a credentials file" 2 $?
[ -e "$work/pulled.db" ] && { echo "FAIL: a refused pull made $work/pulled.db"; fail=1; }
exit $fail
