#!/usr/bin/env bash
# The locked-down deployment (tools/deploy): the install script stages every file (dry run under --root),
# the unit passes systemd-analyze verify with no warning and its offline security exposure is printed,
# and the real kiosk starts under cage's headless backend as an unprivileged user with no network
# (unshare -n), records a sitting and takes a screenshot. Also shows why MemoryDenyWriteExecute is off.
# The same for kiosk-sync's unit (install --sync ...): the LRS credentials staged root's and 0600 and
# nowhere else, the unit verified and rated, and its own command line run, as the service user, with the
# credentials as systemd hands them over, on what the kiosk under cage recorded, to a stand-in LRS over TLS.
# USB sticks: the udev rule that mounts a FAT or exFAT stick for the admin screen, through systemd-mount's
# argument parser and udevadm test on real images (in a mount namespace of its own), the stick reaching the
# kiosk's mount namespace (built by hand as systemd builds it), and install --no-usb.
# Exit 77 (skipped) when cage cannot run here, after everything else has passed.
# usage: deploy_test.sh KIOSK KIOSK-AUTHOR SOURCE_DIR OUT_DIR KIOSK-SYNC
set -u
[ $# -ge 5 ] || { echo "usage: deploy_test.sh KIOSK KIOSK-AUTHOR SOURCE_DIR OUT_DIR KIOSK-SYNC" >&2; exit 2; }
kiosk="$1"
author="$2"
root="$3"
out="$4"   # the screenshot under cage lands here (kept, so people can look at it)
sync="$(cd "$(dirname "$5")" && pwd)/$(basename "$5")"   # absolute: systemd-analyze verify wants one
deploy="$root/tools/deploy"
work=$(mktemp -d)
fake_pid=""
loops=""   # loop devices attached for the USB rule's udevadm test (detached after it, or on exit)
# shellcheck disable=SC2086  # $loops: a list
trap '[ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null; [ -z "$loops" ] || losetup -d $loops; rm -rf "$work"' EXIT
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
# kiosk-sync's LRS client key and secret (KEY:SECRET), and the partnership's own CA when openssl can make one.
lrs_key=deploy-test-key lrs_secret="s3cret-$RANDOM$RANDOM-not-for-logs"
printf '%s:%s\n' "$lrs_key" "$lrs_secret" >"$work/lrs-credentials.txt"
ca_args=()
if command -v openssl >/dev/null; then
  mkdir "$work/ca"
  if openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca/ca.key" -out "$work/ca/ca.pem" -days 2 \
       -subj "/CN=Deploy test partnership CA" >/dev/null 2>&1 &&
     openssl req -newkey rsa:2048 -nodes -keyout "$work/ca/lrs.key" -out "$work/ca/lrs.csr" -subj "/CN=lrs" >/dev/null 2>&1 &&
     printf 'subjectAltName=IP:127.0.0.1\n' >"$work/ca/lrs.ext" &&
     openssl x509 -req -in "$work/ca/lrs.csr" -CA "$work/ca/ca.pem" -CAkey "$work/ca/ca.key" -CAcreateserial \
       -out "$work/ca/lrs.pem" -days 2 -extfile "$work/ca/lrs.ext" >/dev/null 2>&1; then
    ca_args=(--lrs-ca "$work/ca/ca.pem")
  fi
fi
[ ${#ca_args[@]} -gt 0 ] || echo "note: openssl could not make a test CA; --lrs-ca and the HTTPS run of kiosk-sync are not tried"
lrs_url=https://lrs.example.org/xAPI
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" "${keys_args[@]}" --admin-passcode "$work/passcode.txt" \
  --sync "$sync" --lrs "$lrs_url" --lrs-credentials "$work/lrs-credentials.txt" "${ca_args[@]}" \
  --root "$work/stage" >"$work/install.log" 2>&1 </dev/null
check "install --root (dry run) with kiosk-sync succeeds" 0 $?
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
# The partnership's shared staff key (--staff-key), so a staff number has one pseudonym on all its kiosks:
# staged byte for byte where the kiosk reads it, 0600; a key others can read, one of the wrong size, and
# one that would replace a kiosk's different key are refused, each saying why.
(umask 077; head -c 32 /dev/urandom >"$work/partnership-staff.key")
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/partnership-staff.key" \
  --root "$work/stage-key" >"$work/install-key.log" 2>&1 </dev/null
check "install --staff-key stages the partnership's key as the kiosk's own, mode 0600" "0|600|0" \
  "$?|$(stat -c %a "$work/stage-key/var/lib/msht-kiosk/staff.key" 2>/dev/null)|$(cmp -s "$work/partnership-staff.key" "$work/stage-key/var/lib/msht-kiosk/staff.key"; echo $?)"
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/partnership-staff.key" \
  --root "$work/stage-key" >/dev/null 2>&1 </dev/null
check "installing the same key again is fine" 0 $?
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/partnership-staff.key" --sync "$sync" \
  --lrs "$lrs_url" --lrs-credentials "$work/lrs-credentials.txt" --root "$work/stage-key-sync" >/dev/null 2>&1 </dev/null
check "with --sync, a shared key turns on resume across kiosks (kiosk-sync --share-progress)" "0|1|0" \
  "$?|$(grep -c -- '--share-progress' "$work/stage-key-sync/etc/systemd/system/msht-kiosk-sync.service")|$(grep -c -- '--share-progress' "$stage/etc/systemd/system/msht-kiosk-sync.service")"
(umask 077; head -c 32 /dev/urandom >"$work/other-staff.key")
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/other-staff.key" --root "$work/stage-key" 2>&1 </dev/null)
check "install refuses to replace a kiosk's different staff key" "1|1|0" \
  "$?|$(printf '%s\n' "$msg" | grep -c 'already has a different staff key')|$(cmp -s "$work/partnership-staff.key" "$work/stage-key/var/lib/msht-kiosk/staff.key"; echo $?)"
head -c 31 /dev/urandom >"$work/short-staff.key"; chmod 600 "$work/short-staff.key"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/short-staff.key" --root "$work/stage-key2" 2>&1 </dev/null)
check "install refuses a staff key that is not 32 bytes" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c 'exactly 32 bytes')"
chmod 644 "$work/other-staff.key"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --staff-key "$work/other-staff.key" --root "$work/stage-key2" 2>&1 </dev/null)
check "install refuses a staff key others can read" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c 'chmod 600')"
for f in opt/msht-kiosk/bin/kiosk opt/msht-kiosk/bin/kiosk-sync opt/msht-kiosk/pack/training.pack opt/msht-kiosk/README.md \
         etc/systemd/system/msht-kiosk.service etc/systemd/system/msht-kiosk-sync.service etc/pam.d/msht-kiosk etc/systemd/logind.conf.d/msht-kiosk.conf \
         etc/systemd/system.conf.d/msht-kiosk.conf etc/sysctl.d/90-msht-kiosk.conf etc/udev/rules.d/70-msht-kiosk.rules \
         etc/udev/rules.d/71-msht-kiosk-usb.rules; do
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

# 1b. kiosk-sync's files: the LRS credentials root's, 0600, exactly the first line given, and the secret in
#     no other staged file and not in install's output; refusals say why and never show the secret.
sync_unit="$stage/etc/systemd/system/msht-kiosk-sync.service"
lrs_file="$stage/etc/msht-kiosk/lrs-credentials"
check "kiosk-sync installed executable (0755)" 755 "$(stat -c %a "$stage/opt/msht-kiosk/bin/kiosk-sync" 2>/dev/null)"
check "the LRS credentials: mode 0600 (no group or other bits), KEY:SECRET as given" "600|$lrs_key:$lrs_secret" \
  "$(stat -c %a "$lrs_file" 2>/dev/null)|$(cat "$lrs_file" 2>/dev/null)"
grep -q "would run: chown root:root /etc/msht-kiosk/lrs-credentials" "$work/install.log"
check "the LRS credentials would be given to root (root:root)" 0 $?
check "the secret is in no staged file but the credentials (not in the unit, not in the pack)" \
  "etc/msht-kiosk/lrs-credentials" "$(cd "$stage" && grep -rlaF -- "$lrs_secret" . | sed 's|^\./||' | tr '\n' ' ' | sed 's/ $//')"
grep -qaF -- "$lrs_secret" "$work/install.log"
check "the secret is not in install's output" 1 $?
check "the state folder and exports/ staged 0700 (exports/ exists for the sync unit's InaccessiblePaths)" "700|700" \
  "$(stat -c %a "$stage/var/lib/msht-kiosk" 2>/dev/null)|$(stat -c %a "$stage/var/lib/msht-kiosk/exports" 2>/dev/null)"
if [ ${#ca_args[@]} -gt 0 ]; then
  check "the partnership's CA installed (0644) and passed with --ca-file" "644|1" \
    "$(stat -c %a "$stage/etc/msht-kiosk/lrs-ca.pem" 2>/dev/null)|$(grep -c -- '--ca-file /etc/msht-kiosk/lrs-ca.pem' "$sync_unit")"
fi
grep -q "would run: systemctl enable msht-kiosk-sync.service" "$work/install.log"
check "the dry run would enable the sync service" 0 $?
check "no @PLACEHOLDER@ left in the sync unit" 0 "$(grep -c '@[A-Z_]*@' "$sync_unit")"
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "$lrs_url" \
  --lrs-credentials "$work/lrs-credentials.txt" --manifest https://packs.example.org/gm/manifest \
  --root "$work/stage-manifest" >"$work/install-manifest.log" 2>&1 </dev/null
check "with --manifest, the sync unit polls the published manifest" "0|1" \
  "$?|$(grep -c -- '--manifest https://packs.example.org/gm/manifest' "$work/stage-manifest/etc/systemd/system/msht-kiosk-sync.service")"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "$lrs_url" \
  --lrs-credentials "$work/lrs-credentials.txt" --manifest http://packs.example.org/manifest --root "$work/stage-http" 2>&1 </dev/null)
check "install refuses an http:// manifest" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c 'not an https://')"
# From standard input and without a CA: no --ca-file (and no placeholder) in the unit.
printf '%s:%s\n' "$lrs_key" "$lrs_secret" | "$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" \
  --sync "$sync" --lrs "$lrs_url" --lrs-credentials - --root "$work/stage-stdin" >"$work/install-stdin.log" 2>&1
check "--lrs-credentials - reads standard input; without --lrs-ca the unit has no --ca-file" "0|$lrs_key:$lrs_secret|0|0" \
  "$?|$(cat "$work/stage-stdin/etc/msht-kiosk/lrs-credentials" 2>/dev/null)|$(grep -c -- '--ca-file\|@[A-Z_]*@' "$work/stage-stdin/etc/systemd/system/msht-kiosk-sync.service")|$(grep -caF -- "$lrs_secret" "$work/install-stdin.log")"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "$lrs_url" --root "$work/stage-bad" 2>&1 </dev/null)
check "install refuses --sync and --lrs without --lrs-credentials (all three or none), saying so" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c 'go together')"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "http://lrs.example.org/xAPI" \
  --lrs-credentials "$work/lrs-credentials.txt" --root "$work/stage-bad" 2>&1 </dev/null)
check "install refuses an http:// LRS" "1|1" "$?|$(printf '%s\n' "$msg" | grep -c 'https://')"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "https://$lrs_key:$lrs_secret@lrs.example.org/xAPI" \
  --lrs-credentials "$work/lrs-credentials.txt" --root "$work/stage-bad" 2>&1 </dev/null)
check "install refuses credentials in the LRS address, without repeating them" "1|1|0" \
  "$?|$(printf '%s\n' "$msg" | grep -c 'no credentials in the address')|$(printf '%s\n' "$msg" | grep -cF -- "$lrs_secret")"
printf '%s\n' "$lrs_secret" >"$work/no-colon.txt"
msg=$("$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --sync "$sync" --lrs "$lrs_url" \
  --lrs-credentials "$work/no-colon.txt" --root "$work/stage-bad" 2>&1 </dev/null)
check "install refuses a credentials line that is not KEY:SECRET, without showing it, installing nothing" "1|1|0|0" \
  "$?|$(printf '%s\n' "$msg" | grep -c 'KEY:SECRET')|$(printf '%s\n' "$msg" | grep -cF -- "$lrs_secret")|$(find "$work/stage-bad" -type f 2>/dev/null | wc -l)"

# 2. The unit as systemd reads it: the settings the kiosk's safety rests on, then systemd-analyze.
setting() { sed -n "s/^$1=//p" "${2:-$unit}" | tail -1; }
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

# 2b. kiosk-sync's unit: network, but only its own state writable, the kiosk's secrets out of sight, the
#     credentials through systemd, the state folder shared with the kiosk's unit on the same terms.
check "sync: User= and Group=" "msht-kiosk|msht-kiosk" "$(setting User "$sync_unit")|$(setting Group "$sync_unit")"
check "sync: Restart=always, with a RestartSec=" "always|1" "$(setting Restart "$sync_unit")|$(grep -c '^RestartSec=[1-9]' "$sync_unit")"
check "sync: network allowed (no PrivateNetwork=), Internet and local sockets only" "0|AF_INET AF_INET6 AF_UNIX" \
  "$(grep -c '^PrivateNetwork=' "$sync_unit")|$(setting RestrictAddressFamilies "$sync_unit")"
check "sync: ProtectSystem=strict, writable only /var/lib/msht-kiosk" "strict|/var/lib/msht-kiosk" \
  "$(setting ProtectSystem "$sync_unit")|$(setting ReadWritePaths "$sync_unit")"
check "sync: the staff key, exports and admin passcode hash are inaccessible" \
  "-/var/lib/msht-kiosk/staff.key -/var/lib/msht-kiosk/exports -/etc/msht-kiosk/admin-passcode" "$(setting InaccessiblePaths "$sync_unit")"
check "sync: the credentials come through systemd (LoadCredential=), read from \$CREDENTIALS_DIRECTORY" "lrs:/etc/msht-kiosk/lrs-credentials|1" \
  "$(setting LoadCredential "$sync_unit")|$(grep -cF -- "--credentials \${CREDENTIALS_DIRECTORY}/lrs" "$sync_unit")"
check "sync: the same StateDirectory= and mode as the kiosk's unit" \
  "$(setting StateDirectory)|$(setting StateDirectoryMode)|$(setting User)" \
  "$(setting StateDirectory "$sync_unit")|$(setting StateDirectoryMode "$sync_unit")|$(setting User "$sync_unit")"
check "sync: the installed command line (records, LRS, trusted keys)" 1 \
  "$(grep -c -- "--records /var/lib/msht-kiosk/records.db --lrs $lrs_url " "$sync_unit")"
for s in NoNewPrivileges=yes PrivateDevices=yes PrivateTmp=yes ProtectHome=yes MemoryDenyWriteExecute=yes UMask=0077 \
         ProtectProc=invisible SystemCallFilter=@system-service CapabilityBoundingSet= After=network-online.target \
         Wants=network-online.target; do
  grep -qx -- "$s" "$sync_unit" || { echo "FAIL: sync: no '$s' in the unit"; fail=1; }
done
if command -v systemd-analyze >/dev/null; then
  sed -e "s|/opt/msht-kiosk/bin/kiosk-sync|$sync|" "$sync_unit" >"$work/msht-kiosk-sync.service"
  verify=$(systemd-analyze verify "$work/msht-kiosk-sync.service" 2>&1)
  check "sync: systemd-analyze verify: exit status and warnings" "0|" "$?|$verify"
  exposure=$(systemd-analyze security --offline=true "$work/msht-kiosk-sync.service" 2>/dev/null |
             sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  echo "figure: systemd-analyze security exposure of msht-kiosk-sync.service $exposure (0 = locked down, 10 = exposed)"
  check "sync: exposure level at most 2.0" 1 "$(awk -v e="${exposure:-99}" 'BEGIN {print (e <= 2.0) ? 1 : 0}')"
fi

# 2c. USB sticks (issue 17): the udev rule that mounts a FAT or exFAT stick at /media/msht-kiosk-usb for the
#     admin screen, the folder, the kiosk unit's side of it, and install --no-usb.
usb_rule="$stage/etc/udev/rules.d/71-msht-kiosk-usb.rules"
usb_dir=/media/msht-kiosk-usb
check "the USB stick's folder staged, root's mode 0755 (nothing is written there without a stick)" 755 \
  "$(stat -c %a "$stage$usb_dir" 2>/dev/null)"
check "install says where a USB stick is mounted and names the rule" 1 \
  "$(grep -c "USB sticks: .* mounted at $usb_dir .*71-msht-kiosk-usb.rules" "$work/install.log")"
check "no @PLACEHOLDER@ left in the USB rule; the stick is owned by the kiosk's user" "0|2" \
  "$(grep -c '@[A-Z_]*@' "$usb_rule")|$(grep -c -- "--owner=$(setting User) " "$usb_rule")"
check "the kiosk is told where the stick is (--usb), and may write there (ReadWritePaths=, '-': may be missing)" \
  "1|-$usb_dir" "$(grep -c -- "--usb $usb_dir\$" "$unit")|$(setting ReadWritePaths)"
check "no MountFlags= in the kiosk's unit (slave, then shared: the host's later mounts and unmounts reach it)" 0 \
  "$(grep -c '^MountFlags=' "$unit")"
# The rules, continuation lines joined: each one a comma-separated list of KEY{attr}OP"value" with keys
# this rule may use (udevadm verify is systemd 253+; Debian 12 has 252), matching a USB file system on add.
usb_rules=$(sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$usb_rule" | grep -v '^[[:space:]]*\(#\|$\)')
pair='(ACTION|SUBSYSTEM|ENV\{[A-Z_]+\}|RUN)(==|!=|\+=)"[^"]*"'
check "the USB rule is well formed (every line KEY==\"value\", ... RUN+=\"...\")" "" \
  "$(printf '%s\n' "$usb_rules" | grep -Evx "[[:space:]]*$pair([[:space:]]*,[[:space:]]*$pair)*[[:space:]]*")"
check "two rules, vfat and exfat, each on add of a USB block device with a file system" \
  'vfat|exfat|2' "$(printf '%s\n' "$usb_rules" | sed -n 's/.*ENV{ID_FS_TYPE}=="\([a-z]*\)".*/\1/p' | tr '\n' '|')$(printf '%s\n' "$usb_rules" |
  grep -F 'ACTION=="add", SUBSYSTEM=="block", ENV{ID_BUS}=="usb", ENV{ID_FS_USAGE}=="filesystem"' | grep -c 'RUN+="/usr/bin/systemd-mount ')"
for s in --no-block --automount=yes --bind-device --collect --fsck=no nosuid nodev noexec fmask=0177 dmask=0077 "\$devnode $usb_dir\""; do
  check "USB rule: both systemd-mount lines have '$s'" 2 "$(printf '%s\n' "$usb_rules" | grep -cF -- "$s")"
done
check "USB rule: flush for vfat only (the kernel's exfat driver refuses it)" "1|0" \
  "$(printf '%s\n' "$usb_rules" | grep 'vfat' | grep -c ',flush ')|$(printf '%s\n' "$usb_rules" | grep 'exfat' | grep -c 'flush')"
[ -x /usr/bin/systemd-mount ] || { echo "FAIL: no /usr/bin/systemd-mount, which the USB rule runs (package systemd)"; fail=1; }
# systemd-mount (this machine's systemd) takes the rule's arguments: with no systemd as PID 1 it stops only
# when it connects to it. Skipped where systemd runs, where it would really mount.
if [ ! -d /run/systemd/system ] && [ -x /usr/bin/systemd-mount ]; then
  id "$(setting User)" >/dev/null 2>&1 && owner=$(setting User) || owner=nobody
  printf '%s\n' "$usb_rules" | sed -n 's/.*RUN+="\([^"]*\)".*/\1/p' | while read -r -a argv; do
    argv=("${argv[@]/#--owner=*/--owner=$owner}")
    argv=("${argv[@]/#\$devnode//dev/null}")
    argv[-1]="$work/usb-where"
    msg=$("${argv[@]}" 2>&1)
    case "$msg" in
      *"Failed to connect to bus"*|*"not been booted with systemd"*) echo "ok: systemd-mount takes the USB rule's arguments ($(printf '%s\n' "${argv[@]}" | grep -- --type=))" ;;
      *) echo "FAIL: systemd-mount refuses the USB rule's arguments: $msg"; echo 1 >"$work/usb-argv-failed" ;;
    esac
  done
  [ ! -e "$work/usb-argv-failed" ] || fail=1
else
  echo "note: systemd runs here: the USB rule's systemd-mount arguments were not tried (it would mount)"
fi

# udev's own parser and matching (udevadm test) on real FAT, exFAT and ext4 images on loop devices, with the
# system's rules (60-persistent-storage: blkid) plus one that says the device is on USB, as usb_id would. In a
# mount namespace of its own, over empty /dev, /run and /etc/udev/rules.d, so nothing on this machine changes.
udev_test() {  # udev_test LOOP RULES_DIR ACTION: udevadm test's output for that loop device
  local loop=$1 result
  # shellcheck disable=SC2016  # for the inner bash
  result=$(unshare -m bash -c 'set -e; n=${1##*/}; t=$4
    mount -t tmpfs tmpfs "$t"; mkdir "$t/dev" "$t/run"
    read -r major minor < <(stat -c "%t %T" "$1")
    mknod "$t/dev/$n" b $((16#$major)) $((16#$minor)); mknod "$t/dev/null" c 1 3
    mount --bind "$2" /etc/udev/rules.d; mount --bind "$t/dev" /dev; mount --bind "$t/run" /run
    udevadm test --action="$3" "/sys/class/block/$n" 2>&1' sh "$loop" "$2" "$3" "$work/udev-ns" 2>&1)
  printf '%s\n' "$result" | sed "s|$loop|/dev/LOOP|g"
}
udev_skip=""
if [ "$(id -u)" != 0 ]; then udev_skip="not root"
elif ! command -v udevadm >/dev/null || [ ! -d /etc/udev/rules.d ]; then udev_skip="no udevadm"
elif ! unshare -m true 2>/dev/null; then udev_skip="no mount namespace (unshare -m)"
elif ! command -v mkfs.vfat >/dev/null || ! command -v mkfs.exfat >/dev/null || ! command -v mkfs.ext4 >/dev/null; then
  udev_skip="mkfs.vfat, mkfs.exfat and mkfs.ext4 are needed (dosfstools, exfatprogs, e2fsprogs)"
elif ! losetup -f >/dev/null 2>&1; then udev_skip="no free loop device"
fi
if [ -n "$udev_skip" ]; then
  echo "note: the USB rule was not run through udevadm test: $udev_skip"
else
  mkdir -p "$work/udev-ns" "$work/udev-rules" "$work/udev-plain"
  cp "$usb_rule" "$work/udev-rules/"
  cp "$usb_rule" "$work/udev-plain/"
  printf 'SUBSYSTEM=="block", ENV{ID_BUS}="usb"\n' >"$work/udev-rules/61-test-usb-bus.rules"
  declare -A loop_of
  for fs in vfat exfat ext4; do
    truncate -s 40M "$work/stick-$fs.img"
    "mkfs.$fs" "$work/stick-$fs.img" >/dev/null 2>&1 || { echo "FAIL: mkfs.$fs"; fail=1; }
    loop_of[$fs]=$(losetup -f --show "$work/stick-$fs.img") || { echo "FAIL: losetup"; fail=1; }
    loops="$loops ${loop_of[$fs]}"
  done
  runs() { grep "^run: '/usr/bin/systemd-mount " | sed "s/^run: '//; s/'\$//"; }
  for fs in vfat exfat; do
    udev_out=$(udev_test "${loop_of[$fs]}" "$work/udev-rules" add)
    check "udevadm test: a USB stick with $fs is mounted at $usb_dir by systemd-mount (\$devnode filled in)" \
      "$(printf '%s\n' "$usb_rules" | grep "ID_FS_TYPE}==\"$fs\"" | sed -n 's/.*RUN+="\([^"]*\)".*/\1/p' | sed "s|\\\$devnode|/dev/LOOP|")" \
      "$(printf '%s\n' "$udev_out" | runs)"
    check "udevadm test: no complaint about the USB rule ($fs)" "" \
      "$(printf '%s\n' "$udev_out" | grep '71-msht-kiosk-usb.rules' | grep -v "^Reading rules file\|rules:[0-9]* RUN '")"
  done
  check "udevadm test: an ext4 USB stick is left alone" "" "$(udev_test "${loop_of[ext4]}" "$work/udev-rules" add | runs)"
  check "udevadm test: a FAT disk not on USB is left alone" "" "$(udev_test "${loop_of[vfat]}" "$work/udev-plain" add | runs)"
  check "udevadm test: a 'change' event of a USB stick mounts nothing" "" "$(udev_test "${loop_of[vfat]}" "$work/udev-rules" change | runs)"
  # The check can fail: a misspelt key is reported and its rule never runs.
  sed -i 's/ENV{ID_FS_USAGE}/ENVV{ID_FS_USAGE}/' "$work/udev-rules/71-msht-kiosk-usb.rules"
  udev_out=$(udev_test "${loop_of[vfat]}" "$work/udev-rules" add)
  check "udevadm test reports a misspelt key in the USB rule (twice: both rules), which then mounts nothing (the check can fail)" "2|" \
    "$(printf '%s\n' "$udev_out" | grep -c "71-msht-kiosk-usb.rules:[0-9]* Invalid key 'ENVV'")|$(printf '%s\n' "$udev_out" | runs)"
  # shellcheck disable=SC2086  # a list
  losetup -d $loops
  loops=""
fi

# The kiosk's mount namespace, built by hand as systemd builds it for this unit (systemd.exec(5)): a copy of
# the host's mounts made slave, the stick's folder bound onto itself (ReadWritePaths=), the rest read-only
# (ProtectSystem=strict), then shared. A stick the host mounts later must appear in it, writable by the kiosk's
# user while the rest stays read-only, and go when the host unmounts it (the stick pulled). A tmpfs owned by
# that user stands in for the stick and the host's root.
cat >"$work/ns.sh" <<'NS'
# usage: ns.sh ROOT FLAGS FOLDER, in a mount namespace of its own. ROOT stands for the host's /.
r=$1 f=$2 dir=$3
wait_for() { for _ in $(seq 100); do [ -e "$f/$1" ] && return 0; sleep 0.1; done; return 1; }
look() {  # as the kiosk's user: a stick there (the kiosk's own test: another file system)? writable? the rest?
  setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c '
    [ "$(stat -c %d "$1")" != "$(stat -c %d "$1/..")" ] && echo stick || echo no-stick
    (echo x >"$1/records-test.db") 2>/dev/null && echo writable || echo not-writable' sh "$r$dir"
  (touch "$r/media/other") 2>/dev/null && echo rest-writable || echo rest-read-only
}
if [ "${4:-}" = kiosk ]; then  # the kiosk's namespace, as systemd sets it up
  mount --make-rslave "$r" && mount --bind "$r$dir" "$r$dir" && mount -o remount,bind,ro "$r" &&
    mount --make-rshared "$r" || exit 2
  touch "$f/ready"
  wait_for mounted && look >"$f/with-stick"
  touch "$f/looked"
  wait_for unmounted && look >"$f/after"
  exit 0
fi
mount -t tmpfs -o mode=0755 host "$r" && mount --make-shared "$r" && mkdir -p "$r$dir" || exit 2
unshare -m --propagation unchanged bash "$0" "$r" "$f" "$dir" kiosk &
kiosk=$!
wait_for ready || exit 3
mount -t tmpfs -o "uid=$(id -u nobody),gid=$(id -g nobody),mode=0700,nosuid,nodev,noexec" stick "$r$dir" && touch "$f/mounted"
wait_for looked
umount "$r$dir" && touch "$f/unmounted"
wait "$kiosk"
NS
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && command -v setpriv >/dev/null; then
  mkdir -p "$work/ns-root" "$work/ns-flags"
  chmod 0755 "$work"
  unshare -m bash "$work/ns.sh" "$work/ns-root" "$work/ns-flags" "$usb_dir" >"$work/ns.log" 2>&1
  check "a stick mounted on the host after the kiosk started: in the kiosk's namespace, writable; the rest read-only" \
    "stick writable rest-read-only" "$(tr '\n' ' ' <"$work/ns-flags/with-stick" 2>/dev/null | sed 's/ $//')"
  check "the stick unmounted on the host (pulled): gone from the kiosk's namespace too" \
    "no-stick not-writable rest-read-only" "$(tr '\n' ' ' <"$work/ns-flags/after" 2>/dev/null | sed 's/ $//')"
  [ ! -s "$work/ns.log" ] || cat "$work/ns.log"
else
  echo "note: mount propagation into the kiosk's namespace not shown (needs root, unshare -m and setpriv)"
fi

# install --no-usb: no rule, no folder, and on a kiosk that had them both are removed.
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --no-usb --root "$work/stage-nousb" >"$work/install-nousb.log" 2>&1 </dev/null
check "install --no-usb: no USB rule, no folder, says so" "0|0|0|1" \
  "$?|$(find "$work/stage-nousb/etc/udev/rules.d" -name '71-*' | wc -l)|$(find "$work/stage-nousb/media" 2>/dev/null | wc -l)|$(grep -c 'USB sticks: off' "$work/install-nousb.log")"
"$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --root "$work/stage-nousb" >/dev/null 2>&1 </dev/null &&
  [ -s "$work/stage-nousb/etc/udev/rules.d/71-msht-kiosk-usb.rules" ] &&
  "$deploy/install" --kiosk "$kiosk" --pack "$work/training.pack" --no-usb --root "$work/stage-nousb" >/dev/null 2>&1 </dev/null
check "install --no-usb again on a kiosk with USB sticks removes the rule and the empty folder" "0|0|0|1" \
  "$?|$(find "$work/stage-nousb/etc/udev/rules.d" -name '71-*' | wc -l)|$(find "$work/stage-nousb/media" -mindepth 1 2>/dev/null | wc -l)|$(grep -c -- "--usb $usb_dir\$" "$work/stage-nousb/etc/systemd/system/msht-kiosk.service")"

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
xvfb-run -a -s "-screen 0 1280x720x24 -noreset" python3 "$work/mdwe.py" "$kiosk" "${run_args[@]}" \
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
  # shellcheck disable=SC2016  # $0 and $@ are for the inner sh
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

# 5. kiosk-sync as its unit runs it: the unit's own command line (the kiosk's paths moved to this test's
#    folders), as the service user with UMask=0077, the credentials as systemd 252 hands them over (its own
#    ramfs holding a 0400 copy owned by that user; a plain 0400 file when not root), on the state folder the
#    kiosk under cage wrote, to a stand-in LRS over TLS with a certificate from the CA install placed.
sync_skip=""
if [ -z "${cage_dir:-}" ] || [ ! -s "$cage_dir/data/records.db" ]; then sync_skip="no records from the kiosk under cage"
elif [ ${#ca_args[@]} -eq 0 ]; then sync_skip="no test CA (openssl)"
elif [ ${#keys_args[@]} -eq 0 ]; then sync_skip="the pack could not be signed here"
elif ! command -v python3 >/dev/null || ! command -v curl >/dev/null; then sync_skip="python3 and curl are needed"
fi
if [ -n "$sync_skip" ]; then
  echo "note: kiosk-sync not run as its unit runs it: $sync_skip"
else
  data="$cage_dir/data"
  python3 "$root/tests/lrs/fake_lrs.py" --port-file "$work/lrs.port" --key "$lrs_key" --secret "$lrs_secret" \
    --tls-cert "$work/ca/lrs.pem" --tls-key "$work/ca/lrs.key" >"$work/fake-lrs.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 100); do [ -s "$work/lrs.port" ] && break; sleep 0.1; done
  port=$(cat "$work/lrs.port" 2>/dev/null)
  # The unit's ExecStart, continuation lines joined; only the folders and the LRS's address are changed.
  creds="$work/credentials"
  mkdir -p "$creds"
  cmdline=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$sync_unit" | sed 's/\\$//' | tr '\n' ' ' | sed -e 's/^ExecStart=//' \
    -e "s|/opt/msht-kiosk/bin/kiosk-sync|$sync|" -e "s|/var/lib/msht-kiosk|$data|g" -e "s|/etc/msht-kiosk|$stage/etc/msht-kiosk|g" \
    -e "s|$lrs_url|https://127.0.0.1:$port/xAPI|" -e "s|\${CREDENTIALS_DIRECTORY}|$creds|")
  read -r -a sync_cmd <<<"$cmdline"
  records_sum=$(sha256sum <"$data/records.db")
  before=$(cd "$data" && find . | sort)
  if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    # What systemd 252 does for LoadCredential=: a ramfs of the service's own (mode 0700), the file copied
    # in by root, mode 0400, owned by the service user (ramfs has no ACLs), then the user's uid takes over.
    # shellcheck disable=SC2016  # for the inner sh
    unshare -m sh -c 'mount -t ramfs -o mode=0700 ramfs "$1" && cp "$2" "$1/lrs" && chmod 0400 "$1/lrs" &&
      chown nobody:nogroup "$1/lrs" "$1" && shift 2 && umask 077 &&
      exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"' sh "$creds" "$lrs_file" \
      "${sync_cmd[@]}" --once >"$work/sync.log" 2>&1
    status=$?
    owner=nobody
  else
    cp "$lrs_file" "$creds/lrs" && chmod 0400 "$creds/lrs"
    (umask 077; exec "${sync_cmd[@]}" --once) >"$work/sync.log" 2>&1
    status=$?
    owner=$(id -un)
  fi
  dump=$(curl -s --cacert "$work/ca/ca.pem" "https://127.0.0.1:$port/xAPI/__dump" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["ids"]))' 2>&1)
  acked=$(sqlite3 -readonly "$data/sync.db" "SELECT count(*) FROM outbox WHERE state = 'acked'" 2>&1)
  check "sync: the unit's command line (+ --once) sends everything over TLS, via the installed CA" 0 "$status"
  check "sync: the LRS holds every statement kiosk-sync acknowledged (and there are some)" "$acked|1" \
    "$dump|$([ "${dump:-0}" -gt 0 ] 2>/dev/null && echo 1 || echo 0)"
  echo "figure: kiosk-sync as its unit runs it sent $dump statements for the sitting under cage (exit $status)"
  check "sync: sync.db beside the records, owned by the service user, mode 0600 (UMask=0077)" "$owner|600" \
    "$(stat -c '%U|%a' "$data/sync.db" 2>/dev/null)"
  check "sync: records.db is byte for byte as the kiosk left it (only ever read)" "$records_sum" "$(sha256sum <"$data/records.db")"
  # ...and the LRS's time for the kiosk, which has no network (inbox/clock-floor: the clock floor).
  check "sync: it wrote nothing in the state folder but sync.db, the records' -wal/-shm and inbox/clock-floor" "" \
    "$(comm -13 <(printf '%s\n' "$before") <(cd "$data" && find . | sort) |
      grep -vE '^\./(sync\.db(-wal|-shm|-journal)?|records\.db-(wal|shm)|inbox|inbox/clock-floor)$')"
  grep -qaF -- "$lrs_secret" "$work/sync.log"
  check "sync: the secret is not in kiosk-sync's log" 1 $?
  [ "$status" = 0 ] || tail -5 "$work/sync.log"
  # Later systemd releases put credentials on a tmpfs with an ACL for the service user instead (when the
  # kernel has tmpfs noswap, 6.4+): root-owned, mode 0440. Shown, not failed: Debian 12's systemd 252 uses ramfs.
  if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && python3 -c 'import os; os.setxattr' 2>/dev/null; then
    cat >"$work/acl.py" <<'EOF'
import os, struct, sys
entry = lambda tag, perm, uid=0xFFFFFFFF: struct.pack("<HHI", tag, perm, uid)
def acl(path, perm, uid):  # user::perm, user:uid:perm, group::---, mask::perm, other::---
    os.setxattr(path, "system.posix_acl_access", struct.pack("<I", 2) + entry(1, perm) + entry(2, perm, uid) +
                entry(4, 0) + entry(0x10, perm) + entry(0x20, 0))
acl(sys.argv[1], 5, int(sys.argv[3])); acl(sys.argv[2], 4, int(sys.argv[3]))
EOF
    mkdir -p "$work/credentials-acl"
    # shellcheck disable=SC2016  # for the inner sh
    unshare -m sh -c 'mount -t tmpfs -o mode=0700 tmpfs "$1" && cp "$2" "$1/lrs" && chmod 0400 "$1/lrs" &&
      python3 "$3" "$1" "$1/lrs" "$(id -u nobody)" && stat -c "%a %U" "$1/lrs" && shift 3 &&
      exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"' sh "$work/credentials-acl" "$lrs_file" "$work/acl.py" \
      "${sync_cmd[@]/#$creds/$work/credentials-acl}" --once >"$work/sync-acl.log" 2>&1
    if grep -q "refused: the LRS credentials file is mode 0440" "$work/sync-acl.log"; then
      echo "note: a credential as later systemd releases pass it (tmpfs + ACL, $(head -1 "$work/sync-acl.log")) is refused by kiosk-sync; fine with Debian 12's systemd 252 (ramfs, 0400)"
    else
      echo "note: kiosk-sync accepts a credential as later systemd releases pass it (tmpfs + ACL): $(grep -v '^[0-9]' "$work/sync-acl.log" | tail -1)"
    fi
  fi
  kill "$fake_pid" 2>/dev/null
  wait "$fake_pid" 2>/dev/null
  fake_pid=""
fi

if [ "$fail" != 0 ]; then exit 1; fi
if [ -n "$skip" ]; then echo "SKIP (the kiosk under cage): $skip"; exit 77; fi
echo "screenshot under cage: $out"
exit 0
