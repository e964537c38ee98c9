#!/usr/bin/env bash
# kill -9 of the real kiosk while it installs a pack (issue 17), N times (seeded, the seed is printed):
# half the kills during an install from --pack at start-up, half during an install from inbox/ on the
# attract screen, one Xvfb for the whole loop. After every kill: the records DB is sound, the kiosk starts
# again on a verified pack of the version before or after (never another, never a refusal), no temporary
# file is run, and inbox/ holds nothing or a whole pack that the next start installs. Exit 77 (skipped, with
# the reason) without Xvfb or sqlite3.
# usage: kiosk_install_kill_loop.sh KIOSK KIOSK-AUTHOR SOURCE-ROOT [--kills N] [--seed S] [--real-every N]
#   --kills N       kills in all (default 100)
#   --seed S        the seed of the kill moments (default: from the clock)
#   --real-every N  every Nth check is a real start under Xvfb (default 3); the others run the kiosk's
#                   start-up (LoadPack) with SDL's dummy driver, which stops at the window. A check after
#                   a kill that left a pack in inbox/ is always a real start (only the attract screen takes it).
set -u
kiosk="$1"; author="$2"; root="$3"; shift 3
kills=100; seed=$(( ($(date +%s) * 31 + $$) % 1000000 )); real_every=3
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --real-every) real_every="$2"; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
command -v Xvfb >/dev/null || { echo "SKIP: Xvfb is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: the sqlite3 shell is not installed"; exit 77; }
started_ms=$(( ${EPOCHREALTIME/./} / 1000 ))
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
secs() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }

work=$(mktemp -d)
xvfb_pid=""; kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill -9 "$kiosk_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# Nothing of this machine's kiosk configuration (admin passcode, trusted keys) is read.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"

# One X server for the whole loop, on a display nobody uses.
for d in $(seq 91 160); do
  [ -e "/tmp/.X$d-lock" ] || [ -e "/tmp/.X11-unix/X$d" ] && continue
  Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.1; done
  if [ -e "/tmp/.X11-unix/X$d" ] && kill -0 "$xvfb_pid" 2>/dev/null; then export DISPLAY=":$d"; break; fi
  kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=""
done
[ -n "$xvfb_pid" ] || { echo "SKIP: cannot start Xvfb on a free display ($(tail -3 "$work/xvfb.log"))"; exit 77; }
echo "Xvfb on $DISPLAY; seed $seed (rerun with --seed $seed); $kills kills"
RANDOM=$seed

# Three signed versions of the sample content, built once and reused.
mkdir -p "$work/content"
cp -r "$root/content/." "$work/content/"
"$author" keygen --out "$work/release" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
trust="$work/release.pub"
declare -A sha sigsha
for v in 1 2 3; do
  sed -i "s/^version = .*/version = $v/" "$work/content/pack.toml"
  "$author" build "$work/content" -o "$work/v$v.pack" >>"$work/author.log" 2>&1 &&
    "$author" sign "$work/v$v.pack" --key "$work/release.key" >>"$work/author.log" 2>&1 ||
    { echo "FAIL: cannot build and sign version $v"; cat "$work/author.log"; exit 1; }
  sha[$v]=$(sha256sum <"$work/v$v.pack" | cut -d' ' -f1)
  sigsha[$v]=$(sha256sum <"$work/v$v.pack.sig" | cut -d' ' -f1)
done
top=3

data="$work/data"; db="$data/records.db"; snap="$work/snapshot"
printf 'expect screen attract\n' >"$work/attract.script"
run_args=(--trust "$trust" --db "$db" --kiosk-id kill --no-audio)
q() { sqlite3 -readonly "$db" "$1" 2>&1; }
installed_version() { q "SELECT pack_version FROM pack_installs ORDER BY seq DESC LIMIT 1"; }
reset_data() { rm -rf "$data"; cp -a "$snap" "$data"; }
# stage_inbox V: the pack and its .sig into inbox/ the way kiosk-sync does (a dot-name first, then renamed;
# the .sig first, because the kiosk takes a pack only with its .sig beside it).
stage_inbox() {
  local name="$pack_id-v$1.pack"
  mkdir -p "$data/inbox"
  cp "$work/v$1.pack.sig" "$data/inbox/.incoming-$name.sig"; cp "$work/v$1.pack" "$data/inbox/.incoming-$name"
  mv "$data/inbox/.incoming-$name.sig" "$data/inbox/$name.sig"; mv "$data/inbox/.incoming-$name" "$data/inbox/$name"
}
# wait_line LOG TEXT PID MAX_MS: 0 once LOG holds TEXT; 1 when PID ended or MAX_MS passed.
wait_line() {
  local deadline=$(( $(now_ms) + $4 ))
  while :; do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.004
  done
}
# has GLOB-EXPANSION...: 0 when one of the expanded names exists.
has() { local f; for f in "$@"; do [ -e "$f" ] && return 0; done; return 1; }
kill_kiosk() { kill -9 "$kiosk_pid" 2>/dev/null; local alive=$?; { wait "$kiosk_pid"; } 2>/dev/null; kiosk_pid=""; return $alive; }

# The first install, unkilled and under Xvfb: the snapshot every reset goes back to (version 1 installed).
mkdir -p "$data"
if ! "$kiosk" --pack "$work/v1.pack" "${run_args[@]}" --script "$work/attract.script" >"$work/first.log" 2>&1 ||
  [ "$(installed_version)" != 1 ]; then echo "FAIL: the first install of version 1"; cat "$work/first.log"; exit 1; fi
cp -a "$data" "$snap"
pack_id=$(q "SELECT pack_id FROM pack_installs ORDER BY seq DESC LIMIT 1")

# Calibration, unkilled, exactly as the kill runs start the kiosk: when does an install end? Its last step
# after the COMMIT removes the previous copy from packs/, so the moment that file goes is the end. (a) --pack:
# T ms after the spawn. (b) inbox: D ms after the start-up's last log line (the first turn of the frame
# loop looks in the inbox). Each is measured three times; the median counts (a busy machine makes outliers).
v1_file=$(q "SELECT file FROM pack_installs ORDER BY seq DESC LIMIT 1")
# wait_gone FILE PID MAX_MS: 0 once FILE is gone; 1 when PID ended or MAX_MS passed.
wait_gone() {
  local deadline=$(( $(now_ms) + $3 ))
  while [ -e "$1" ]; do
    kill -0 "$2" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.002
  done
}
t_packs=(); d_inboxes=()
for _ in 1 2 3; do
  reset_data
  t0=$(now_ms)
  "$kiosk" --pack "$work/v2.pack" "${run_args[@]}" >"$work/cal-a.log" 2>&1 &
  kiosk_pid=$!
  wait_gone "$data/packs/$v1_file" "$kiosk_pid" 30000 || { echo "FAIL: calibration (a)"; cat "$work/cal-a.log"; exit 1; }
  t=$(( $(now_ms) - t0 ))
  kill_kiosk
  t_packs+=("$t")
  reset_data; stage_inbox 2
  "$kiosk" "${run_args[@]}" >"$work/cal-b.log" 2>&1 &
  kiosk_pid=$!
  wait_line "$work/cal-b.log" "kiosk: pack $pack_id v1 (" "$kiosk_pid" 30000 || { echo "FAIL: calibration (b) start"; cat "$work/cal-b.log"; exit 1; }
  t0=$(now_ms)
  wait_gone "$data/packs/$v1_file" "$kiosk_pid" 30000 || { echo "FAIL: calibration (b) install"; cat "$work/cal-b.log"; exit 1; }
  t=$(( $(now_ms) - t0 ))
  kill_kiosk
  d_inboxes+=("$t")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
t_pack=$(median "${t_packs[@]}"); d_inbox=$(median "${d_inboxes[@]}")
# Kill moments drawn over [0, 1.3 x that]: most fall inside the install, about a quarter after its COMMIT.
win_pack=$(( t_pack * 13 / 10 )); win_inbox=$(( d_inbox * 13 / 10 ))
echo "calibration: (a) --pack: the install ends $t_pack ms after the spawn (${t_packs[*]}), kills drawn over 0..$win_pack ms after it;" \
  "(b) inbox: the install ends $d_inbox ms after the start-up's last log line (${d_inboxes[*]}), kills drawn over 0..$win_inbox ms after that"

# check_start REAL: starts the kiosk on $data without --pack, as a restart would. REAL=1: under Xvfb, on to
# the attract screen (which takes a pack waiting in inbox/); REAL=0: SDL's dummy driver, so the start-up
# (records DB, LoadPack: signature, ReadPack, recorded id/version/hash, temporary files swept) runs and the
# kiosk stops at the window. Sets run_version, or appends to problems.
check_start() {
  local log="$work/check.log" rc
  if [ "$1" = 1 ]; then
    timeout 60 "$kiosk" "${run_args[@]}" --script "$work/attract.script" >"$log" 2>&1; rc=$?
    [ "$rc" = 0 ] && grep -q "script passed" "$log" || problems+=("the kiosk did not start to the attract screen (exit $rc)")
    run_version=$(sed -n 's/^kiosk: pack [a-z0-9-]* v\([0-9]*\) (.*/\1/p' "$log" | tail -1)
    local inboxed; inboxed=$(sed -n 's/^kiosk: installed [a-z0-9-]* version \([0-9]*\) from the inbox.*/\1/p' "$log" | tail -1)
    [ -n "$inboxed" ] && run_version=$inboxed
  else
    SDL_VIDEODRIVER=dummy timeout 60 "$kiosk" "${run_args[@]}" >"$log" 2>&1; rc=$?
    [ "$rc" = 2 ] && grep -q "cannot create the window" "$log" || problems+=("the start-up check did not reach the window (exit $rc)")
    run_version=$(sed -n 's/^kiosk: running the installed pack [a-z0-9-]* version \([0-9]*\) (.*/\1/p' "$log" | tail -1)
  fi
  if grep -qE "REFUSED|failed its check|no pack is installed|no pack can run|cannot open the records" "$log"; then
    problems+=("the kiosk refused: $(grep -E "REFUSED|failed its check|no pack|cannot open" "$log" | head -2 | tr '\n' ' ')")
  fi
  [ -n "$run_version" ] || problems+=("no running version in the log")
}

# check_installed VERSION: the records and packs/ agree with VERSION, the recorded file is whole.
check_installed() {
  local v="$1" file
  [ "$(q 'PRAGMA integrity_check')" = ok ] || problems+=("integrity_check after the start: $(q 'PRAGMA integrity_check' | head -3)")
  [ "$(installed_version)" = "$v" ] || problems+=("the records name version $(installed_version), the kiosk runs $v")
  file=$(q "SELECT file FROM pack_installs ORDER BY seq DESC LIMIT 1")
  case "$file" in .*|*/*|"") problems+=("the recorded file is '$file'");; esac
  if [ -f "$data/packs/$file" ] && [ -n "$v" ] && [ -n "${sha[$v]:-}" ]; then
    [ "$(sha256sum <"$data/packs/$file" | cut -d' ' -f1)" = "${sha[$v]}" ] || problems+=("packs/$file is not version $v's bytes")
    [ "$(sha256sum <"$data/packs/$file.sig" | cut -d' ' -f1)" = "${sigsha[$v]}" ] || problems+=("packs/$file.sig is not version $v's signature")
  else
    problems+=("packs/$file (version $v) is missing")
  fi
  local temps="" f
  for f in "$data/packs/".incoming-* "$data/packs/"*.sig.tmp-*; do [ -e "$f" ] && temps+="${f##*/} "; done
  [ -z "$temps" ] || problems+=("temporary files left in packs/ after a start: $temps")
}

# inbox_state VERSION: sets `left` to what a kill left in inbox/: "none", "whole" (the pack and its .sig,
# byte for byte), "lone-sig" (the .sig alone: the pack was taken, recorded and removed first, and the kill
# fell before the .sig's removal; the kiosk sweeps it at its next look), or "orphan" (the pack without its
# .sig, which the kiosk's order of removal rules out); anything else is a problem. A stray outcome.tmp-*
# (the kiosk's note for kiosk-sync, cut off while it was written) is remembered as a note: the kiosk sweeps
# it at its next look at the inbox.
inbox_state() {
  local v="$1" name="$pack_id-v$1.pack" f
  left=none
  for f in "$data/inbox/"* "$data/inbox/".[!.]*; do
    [ -e "$f" ] || continue
    f=${f##*/}
    case "$f" in
      outcome) ;;
      outcome.tmp-*) [ -n "${stray_tmp[$f]+x}" ] || { stray_tmp[$f]=$i; stray_after+=" $i"; } ;;
      "$name"|"$name.sig") ;;
      *) problems+=("unexpected file inbox/$f") ;;
    esac
  done
  if [ -e "$data/inbox/$name" ]; then
    [ "$(sha256sum <"$data/inbox/$name" | cut -d' ' -f1)" = "${sha[$v]}" ] || problems+=("inbox/$name is not whole")
    if [ -e "$data/inbox/$name.sig" ]; then
      [ "$(sha256sum <"$data/inbox/$name.sig" | cut -d' ' -f1)" = "${sigsha[$v]}" ] || problems+=("inbox/$name.sig is damaged")
      left=whole
    else
      left=orphan
    fi
  elif [ -e "$data/inbox/$name.sig" ]; then
    left=lone-sig
  fi
}

reset_data
fails=0; mid=0; after=0; starts=0; real_starts=0; orphans=0; lone_sigs=0; stray_after=""
declare -A stage_count stray_tmp
for i in $(seq 1 "$kills"); do
  problems=()
  old=$(installed_version)
  [ "$old" = "$top" ] && { reset_data; old=$(installed_version); }
  new=$((old + 1))
  if [ $((i % 2)) = 1 ]; then mode=pack; else mode=inbox; fi
  log="$work/killed.log"
  # An earlier kill may have left the new version renamed into place but not recorded (kept: only the next
  # good install clears it); the same pack gets the same name, so only a new inode says this run made it.
  stale=$(stat -c %i "$data/packs/"*-v$new-*.pack 2>/dev/null)
  if [ "$mode" = pack ]; then
    delay=$(( RANDOM % (win_pack + 1) ))
    "$kiosk" --pack "$work/v$new.pack" "${run_args[@]}" >"$log" 2>&1 &
    kiosk_pid=$!
    sleep "$(secs "$delay")"
  else
    stage_inbox "$new"
    delay=$(( RANDOM % (win_inbox + 1) ))
    "$kiosk" "${run_args[@]}" >"$log" 2>&1 &
    kiosk_pid=$!
    wait_line "$log" "kiosk: pack $pack_id v$old (" "$kiosk_pid" 30000 || problems+=("the kiosk did not start on v$old")
    sleep "$(secs "$delay")"
  fi
  kill_kiosk || problems+=("the kiosk had already exited before the kill: $(tail -2 "$log" | tr '\n' ' ')")

  # What the kill left, read before any start touches it.
  ic=$(q 'PRAGMA integrity_check')
  [ "$ic" = ok ] || problems+=("integrity_check after the kill: $(echo "$ic" | head -3 | tr '\n' ' ')")
  rec=$(installed_version)
  if [ "$rec" = "$new" ]; then
    after=$((after + 1))
    if has "$data/packs/"*-v"$old"-*.pack; then stage="recorded, old copy still there"; else stage="recorded"; fi
  elif [ "$rec" = "$old" ]; then
    mid=$((mid + 1))
    if has "$data/packs/".incoming-*; then stage="temp copy (copy, verify, read)"
    elif fresh=$(stat -c %i "$data/packs/"*-v$new-*.pack 2>/dev/null) && [ "$fresh" != "$stale" ]; then
      stage="renamed, not recorded"
    else stage="before the copy"; fi
  else
    stage="records name version '$rec'"
    problems+=("after the kill the records name version '$rec', not $old or $new")
  fi
  stage_count[$stage]=$(( ${stage_count[$stage]:-0} + 1 ))
  left=none
  [ "$mode" = inbox ] && inbox_state "$new"
  if [ "$left" = orphan ]; then
    orphans=$((orphans + 1))
    problems+=("inbox/ holds a whole pack without its .sig: nothing would ever look at it")
  fi
  if [ "$left" = lone-sig ]; then
    lone_sigs=$((lone_sigs + 1))
    [ "$rec" = "$new" ] || problems+=("inbox/ lost a pack that was not recorded as installed (only its .sig is left)")
  fi

  # The start after the kill.
  real=0
  # A real start (the attract screen looks at the inbox) whenever the inbox holds something to take or sweep.
  { [ "$left" = whole ] || [ "$left" = lone-sig ] || [ $((starts % real_every)) = 0 ]; } && real=1
  run_version=""
  check_start "$real"
  starts=$((starts + 1)); real_starts=$((real_starts + real))
  expect="$rec"; [ "$left" = whole ] && expect="$new"
  [ "$run_version" = "$expect" ] || problems+=("the kiosk runs version '$run_version', expected $expect (before the kill $old, the new one $new)")
  check_installed "$run_version"
  if [ "$real" = 1 ] && [ "$mode" = inbox ] && has "$data/inbox/"*.pack.sig; then
    problems+=("a real start left a pack with its .sig in inbox/: $(ls -A "$data/inbox" | tr '\n' ' ')")
  fi
  # An orphaned pack never runs; take it away so the next round starts from a clean inbox.
  [ "$left" = orphan ] && rm -f "$data/inbox/$pack_id-v$new.pack"

  kind=$([ "$real" = 1 ] && echo "real start" || echo "start-up check")
  printf 'kill %3d %-5s v%s->v%s at %3d ms: %-33s inbox %-6s %s: runs v%s' "$i" "$mode" "$old" "$new" "$delay" \
    "$stage;" "$left;" "$kind" "$run_version"
  if [ ${#problems[@]} -gt 0 ]; then
    fails=$((fails + 1)); echo "  FAIL"
    printf '    %s\n' "${problems[@]}"
    echo "    --- the killed kiosk's log:"; sed 's/^/    /' "$log"; echo "    --- the check's log:"; sed 's/^/    /' "$work/check.log"
  else
    echo "  ok"
  fi
done

# Negative controls: the checks above must catch a damaged install and a half pack in the inbox.
controls_ok=1
reset_data
file=$(q "SELECT file FROM pack_installs ORDER BY seq DESC LIMIT 1")
truncate -s 1000000 "$data/packs/$file"
problems=(); run_version=""; check_start 0; check_installed 1
if [ ${#problems[@]} -gt 0 ] && grep -q "failed its check" "$work/check.log"; then
  echo "control: a truncated installed pack is caught: $(printf '%s; ' "${problems[@]}")"
else
  echo "FAIL: control: a truncated installed pack passed the checks"; controls_ok=0
fi
reset_data
stage_inbox 2
truncate -s 2000000 "$data/inbox/$pack_id-v2.pack"
problems=(); inbox_state 2; run_version=""; check_start 1
if [ ${#problems[@]} -gt 0 ] && [ "$run_version" = 1 ] && grep -q "NEW PACK REFUSED" "$work/check.log"; then
  echo "control: a half pack in inbox/ is caught (${problems[0]}), and the kiosk refused it and ran version 1"
else
  echo "FAIL: control: a half pack in inbox/ was not caught (run version '$run_version'; ${problems[*]:-no problem found})"
  controls_ok=0
fi

elapsed=$(( $(now_ms) - started_ms ))
echo
echo "kills: $kills ($(( (kills + 1) / 2 )) during --pack installs at start-up, $(( kills / 2 )) during inbox installs on the attract screen); seed $seed"
echo "kills mid-install (the new version not yet recorded): $mid; after (recorded): $after"
for s in "before the copy" "temp copy (copy, verify, read)" "renamed, not recorded" "recorded, old copy still there" "recorded"; do
  printf '  %-32s %d\n' "$s:" "${stage_count[$s]:-0}"
done
echo "starts checked: $starts ($real_starts real starts under Xvfb, $((starts - real_starts)) start-up checks)"
echo "inbox .sig files left alone (the pack taken and removed, the kill before the .sig's removal; swept by the next start): $lone_sigs"
echo "inbox packs orphaned without their .sig (must be 0): $orphans"
echo "stray inbox/outcome.tmp-* files left by kills (swept at the kiosk's next look): $(wc -w <<<"$stray_after")${stray_after:+ (first seen after kill$stray_after)}"
echo "failures: $fails"
echo "time: $(secs "$elapsed") s"
[ "$mid" -gt 0 ] || { echo "FAIL: no kill landed mid-install: the kill window missed the installs"; fails=$((fails + 1)); }
[ "$controls_ok" = 1 ] || fails=$((fails + 1))
# One line for tools/test's summary of the crash-safety figures.
echo "kill loop, kiosk installs: $kills kills ($mid mid-install, $after after the COMMIT), $starts starts checked" \
  "($real_starts real), $fails failures, $(secs "$elapsed") s, seed $seed"
[ "$fails" = 0 ]
