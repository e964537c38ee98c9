#!/usr/bin/env bash
# The locked-down deployment (tools/deploy): the install script stages every file (dry run under --root),
# the unit passes systemd-analyze verify with no warning and its offline security exposure is printed,
# and the real kiosk starts under cage's headless backend as an unprivileged user with no network
# (unshare -n), records a sitting and takes a screenshot. Also shows why MemoryDenyWriteExecute is off.
# Exit 77 (skipped) when cage cannot run here, after everything else has passed.
# usage: deploy_test.sh KIOSK KIOSK-AUTHOR SOURCE_DIR OUT_DIR
set -u
kiosk="$1"
author="$2"
root="$3"
out="$4"   # the screenshot under cage lands here (kept, so people can look at it)
deploy="$root/tools/deploy"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"
fail=0
skip=""
check() {  # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}

# 1. The install script: valid bash, shellcheck-clean, refuses bad input with one line, stages everything.
bash -n "$deploy/install"
check "install script parses (bash -n)" 0 $?
if command -v shellcheck >/dev/null; then
  shellcheck "$deploy/install"
  check "install script is shellcheck-clean" 0 $?
else
  echo "note: shellcheck not installed; skipped that check"
fi
"$author" build "$root/content" -o "$work/training.pack" >/dev/null 2>"$work/author.log" || { cat "$work/author.log"; exit 1; }
# Signed, as a site would install it, when kiosk-author can sign (otherwise the kiosk runs it with --dev).
keys_args=() run_args=()
if "$author" keygen --out "$work/site" >/dev/null 2>&1 &&
   "$author" sign "$work/training.pack" --key "$work/site.key" >/dev/null 2>&1; then
  keys_args=(--trusted-keys "$work/site.pub")
  run_args=(--pack "$work/training.pack" --trust "$work/site.pub")
else
  run_args=(--pack "$work/training.pack")
  "$kiosk" --help 2>/dev/null | grep -q -- '--dev' && run_args+=(--dev)
fi
msg=$("$deploy/install" --kiosk "$work/missing" --pack "$work/training.pack" --root "$work/stage" 2>&1)
check "install refuses a missing kiosk binary with one line naming it" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c "$work/missing")"
printf '36140852\n' >"$work/passcode.txt"
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" "${keys_args[@]}" --admin-passcode "$work/passcode.txt" \
  --root "$work/stage" >"$work/install.log" 2>&1 </dev/null
check "install --root (dry run) succeeds" 0 $?
stage="$work/stage"
# The admin passcode: only its Argon2id hash, on the kiosk, mode 0640 (root and the kiosk's group).
credential="$stage/etc/msht-kiosk/admin-passcode"
check "the admin credential is a hash, mode 0640" "640|\$argon2id\$" "$(stat -c %a "$credential" 2>/dev/null)|$(head -c 10 "$credential" 2>/dev/null)"
grep -rqa 36140852 "$stage" "$work/install.log"
check "the passcode itself is staged nowhere and not in install's output" 1 $?
grep -q "would run: chown root:msht-kiosk /etc/msht-kiosk/admin-passcode" "$work/install.log"
check "the credential would be given to the kiosk's group" 0 $?
grep -qa 'argon2' "$stage/opt/msht-kiosk/pack/training.pack"
check "the pack carries no admin secret (no Argon2 hash anywhere in it)" "1|0" \
  "$?|$(sqlite3 -readonly "$stage/opt/msht-kiosk/pack/training.pack" "SELECT count(*) FROM sites WHERE admin_pin_hash <> ''")"
msg=$(printf '1234\n' | "$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --admin-passcode - --root "$work/stage-short" 2>&1)
check "install refuses a 4-digit passcode, saying why" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c '6 to 12 digits')"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --root "$work/stage-none" 2>&1 </dev/null)
check "without a passcode install warns that the admin screen cannot be opened" 1 "$(printf '%s\n' "$msg" | grep -c 'no admin passcode is set')"
for f in opt/msht-kiosk/bin/kiosk opt/msht-kiosk/pack/training.pack opt/msht-kiosk/README.md \
         etc/systemd/system/msht-kiosk.service etc/pam.d/msht-kiosk etc/systemd/logind.conf.d/msht-kiosk.conf \
         etc/systemd/system.conf.d/msht-kiosk.conf etc/sysctl.d/90-msht-kiosk.conf etc/udev/rules.d/70-msht-kiosk.rules; do
  [ -s "$stage/$f" ] || { echo "FAIL: install did not stage /$f"; fail=1; }
done
if [ ${#keys_args[@]} -gt 0 ]; then
  for f in opt/msht-kiosk/pack/training.pack.sig etc/msht-kiosk/trusted-keys; do
    [ -s "$stage/$f" ] || { echo "FAIL: install did not stage /$f"; fail=1; }
  done
fi
check "ctrl-alt-del.target is masked (linked to /dev/null)" /dev/null "$(readlink "$stage/etc/systemd/system/ctrl-alt-del.target")"
cmp -s "$work/training.pack" "$stage/opt/msht-kiosk/pack/training.pack"
check "the pack is installed byte for byte" 0 $?
grep -q "would run: systemctl enable msht-kiosk.service" "$work/install.log"
check "the dry run would enable the service (and ran nothing)" 0 $?
unit="$stage/etc/systemd/system/msht-kiosk.service"
check "no @PLACEHOLDER@ left in the installed unit" 0 "$(grep -c '@[A-Z_]*@' "$unit")"

# 2. The unit as systemd reads it: the settings the kiosk's safety rests on, then systemd-analyze.
setting() { sed -n "s/^$1=//p" "$unit" | tail -1; }
check "User=" msht-kiosk "$(setting User)"
check "Restart=" always "$(setting Restart)"
check "ProtectSystem=" strict "$(setting ProtectSystem)"
check "PrivateNetwork= (no network for the UI)" yes "$(setting PrivateNetwork)"
check "StateDirectory= (the private data folder)" msht-kiosk "$(setting StateDirectory)"
check "NoNewPrivileges=" yes "$(setting NoNewPrivileges)"
check "CapabilityBoundingSet= (empty: no capabilities)" 1 "$(grep -c '^CapabilityBoundingSet=$' "$unit")"
check "the kiosk's records are in the state directory" 1 "$(grep -c -- '--db /var/lib/msht-kiosk/records.db' "$unit")"
check "cage runs without -s (VT switching refused)" 0 "$(grep -cE 'cage( -[a-z]+)* -s' "$unit")"
if command -v systemd-analyze >/dev/null; then
  # Verify with the binary and pack paths pointed at real files (systemd checks that ExecStart exists).
  sed -e "s|/opt/msht-kiosk/bin/kiosk|$kiosk|" -e "s|/opt/msht-kiosk/pack/training.pack|$work/training.pack|" \
      "$unit" >"$work/msht-kiosk.service"
  verify=$(systemd-analyze verify "$work/msht-kiosk.service" 2>&1)
  check "systemd-analyze verify: exit status and warnings" "0|" "$?|$verify"
  # The check can fail: a misspelt setting is reported.
  sed 's/^ProtectSystem=/ProtectSystm=/' "$work/msht-kiosk.service" >"$work/broken.service"
  systemd-analyze verify "$work/broken.service" 2>&1 | grep -q "Unknown key 'ProtectSystm'"
  check "systemd-analyze verify reports a misspelt setting (the check can fail)" 0 $?
  exposure=$(systemd-analyze security --offline=true "$work/msht-kiosk.service" 2>/dev/null |
             sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  echo "figure: systemd-analyze security exposure $exposure (0 = locked down, 10 = exposed; 'OK' below 2.5)"
  check "exposure level at most 2.0" 1 "$(awk -v e="${exposure:-99}" 'BEGIN {print (e <= 2.0) ? 1 : 0}')"
else
  echo "FAIL: systemd-analyze is not installed (package systemd; tools/install-deps installs it)"; fail=1
fi

# 3. MemoryDenyWriteExecute=yes is left out: the same restriction through the kernel's prctl (PR_SET_MDWE,
#    Linux 6.3+) stops the kiosk at its first frame, because llvmpipe compiles shaders at run time.
cat >"$work/mdwe.py" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:   # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
  sys.exit(77)
os.execv(sys.argv[1], sys.argv[1:])
EOF
printf 'expect screen attract\nscreenshot attract\n' >"$work/mdwe.script"
xvfb-run -a -s "-screen 0 1280x720x24" python3 "$work/mdwe.py" "$kiosk" "${run_args[@]}" \
  --db "$work/mdwe/records.db" --no-audio --script "$work/mdwe.script" --screenshot-dir "$work/mdwe" >"$work/mdwe.log" 2>&1
mdwe=$?
case "$mdwe" in
  77) echo "note: this kernel has no PR_SET_MDWE; MemoryDenyWriteExecute not demonstrated" ;;
  0) echo "note: the kiosk ran with write-xor-execute memory here: MemoryDenyWriteExecute=yes may now be possible" ;;
  *)
    if grep -q "kiosk: window" "$work/mdwe.log" && [ ! -s "$work/mdwe/attract.png" ]; then
      echo "figure: with write-xor-execute memory (what MemoryDenyWriteExecute=yes enforces) the kiosk opens its window, then dies (exit $mdwe) before its first frame: left out"
    else
      echo "FAIL: the kiosk could not be started for the write-xor-execute check (exit $mdwe): $(tail -1 "$work/mdwe.log")"; fail=1
    fi ;;
esac

# 4. The kiosk under cage's headless backend, as an unprivileged user, in a network namespace with only lo.
if ! command -v cage >/dev/null; then
  skip="cage is not installed (apt-get install cage xwayland)"
elif [ ! -x /usr/bin/Xwayland ]; then
  skip="Xwayland is not installed; cage 0.1.4 will not start without it (apt-get install xwayland)"
elif [ "$(id -u)" = 0 ] && ! unshare -n true 2>/dev/null; then
  skip="unshare -n (a network namespace) is not allowed here"
elif [ "$(id -u)" != 0 ] && ! unshare --user --map-current-user --net true 2>/dev/null; then
  skip="no network namespace for an unprivileged user here (unshare --user --net refused)"
else
  # cage refuses to run as root: as root, drop to nobody inside the new network namespace; otherwise
  # stay this user, in a user namespace that maps it to itself.
  if [ "$(id -u)" = 0 ]; then
    as_kiosk_user=(unshare -n setpriv --reuid=nobody --regid=nogroup --clear-groups)
  else
    as_kiosk_user=(unshare --user --map-current-user --net)
  fi
  cage_dir="$work/cage"
  mkdir -p "$cage_dir/run" "$cage_dir/shots"
  # The pack and keys as installed (signed), or the bare pack with --dev if this kiosk cannot verify.
  if [ ${#keys_args[@]} -gt 0 ]; then
    pack_args=(--pack "$stage/opt/msht-kiosk/pack/training.pack" --trust "$stage/etc/msht-kiosk/trusted-keys")
  else
    pack_args=(--pack "$stage/opt/msht-kiosk/pack/training.pack")
    "$kiosk" --help 2>/dev/null | grep -q -- '--dev' && pack_args+=(--dev)
  fi
  cat >"$cage_dir/s.script" <<'EOF'
expect screen attract
screenshot cage-attract
tap attract.start
tap role.health
tap about.continue
expect screen menu
screenshot cage-menu
EOF
  [ "$(id -u)" != 0 ] || chown -R nobody:nogroup "$cage_dir"
  chmod 0700 "$cage_dir/run"
  chmod 0755 "$work"
  # What the unit does, as far as it can be done without systemd as PID 1: an unprivileged user, no
  # network, cage with no -s; the headless backend and pixman stand in for a screen and a GPU.
  timeout 120 "${as_kiosk_user[@]}" env -i PATH=/usr/bin:/bin HOME="$cage_dir" ASAN_OPTIONS="${ASAN_OPTIONS:-}" XDG_RUNTIME_DIR="$cage_dir/run" WLR_BACKENDS=headless \
    WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 SDL_VIDEODRIVER=wayland \
    cage -d -- sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " >"$0/interfaces"; exec "$@"' "$cage_dir" \
    "$kiosk" "${pack_args[@]}" --db "$cage_dir/data/records.db" --kiosk-id cage-test --no-audio \
    --script "$cage_dir/s.script" --screenshot-dir "$cage_dir/shots" >"$work/cage.log" 2>&1
  status=$?
  if [ "$status" != 0 ] && ! grep -q "kiosk: window" "$work/cage.log"; then
    skip="cage did not start the kiosk here (exit $status): $(grep -v '^$' "$work/cage.log" | tail -1)"
  else
    check "the kiosk under cage (headless, unprivileged, no network) runs its script" 0 "$status"
    check "the kiosk's only network interface is lo" lo "$(tr '\n' ' ' <"$cage_dir/interfaces" | sed 's/ $//')"
    check "the kiosk drew on cage's Wayland display" 1 "$(grep -c 'kiosk: window .* on wayland' "$work/cage.log")"
    if [ ${#keys_args[@]} -gt 0 ]; then
      check "the kiosk verified the signed pack and installed it beside the records" 1 \
        "$(find "$cage_dir/data/packs" -type f -size +1k 2>/dev/null | head -1 | grep -c .)"
    fi
    check "a sitting was recorded with no network" 1 "$(sqlite3 -readonly "$cage_dir/data/records.db" 'SELECT count(*) FROM sittings' 2>&1)"
    cp "$cage_dir"/shots/*.png "$out/" 2>/dev/null
    for shot in cage-attract cage-menu; do
      size=$(stat -c %s "$out/$shot.png" 2>/dev/null || echo 0)
      check "screenshot $shot.png under cage has a picture (over 20 KB)" 1 "$([ "$size" -gt 20000 ] && echo 1 || echo 0)"
    done
    [ "$status" = 0 ] || tail -5 "$work/cage.log"
  fi
fi

if [ "$fail" != 0 ]; then exit 1; fi
if [ -n "$skip" ]; then echo "SKIP (the kiosk under cage): $skip"; exit 77; fi
echo "screenshot under cage: $out"
exit 0
