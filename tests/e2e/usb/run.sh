#!/usr/bin/env bash
# USB sticks for sites with no network (issue 17), on the real kiosk under Xvfb: a loop-mounted FAT-family
# image is the stick (the kernel's vfat when it has it, else exFAT through exfat-fuse, as Debian mounts
# exFAT sticks without kernel support). From the admin screen: records exported (checked on the stick,
# whole, with every sitting), no stick, a full stick, a read-only stick, a stick pulled out mid-export
# (the FUSE driver killed, or a lazy unmount) and then a good export from the same stick again; packs
# installed from a stick: junk, a tampered pack, the real new version (installed, admin screen kept, the
# next start runs it), an older one (rollback). After every failure the kiosk's own records are checked
# unchanged. Exit 77 (skipped, with the reason) where no stick can be mounted.
# usage: run.sh KIOSK KIOSK-AUTHOR SOURCE_DIR SCREENSHOT_DIR KIOSK-REPORT-FIXTURE
set -u
. "$(dirname "$0")/../common.sh"
fixture="$5"
mnt="$work/stick"
img="$work/stick.img"
loop=""
xvfb_pid=""
mkdir -p "$mnt"

command -v Xvfb >/dev/null || { echo "SKIP: Xvfb is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: the sqlite3 shell is not installed"; exit 77; }
# Which stick this machine can mount: vfat in the kernel, else exFAT over FUSE.
if grep -qw vfat /proc/filesystems && command -v mkfs.vfat >/dev/null; then
  kind=vfat
elif [ -e /dev/fuse ] && command -v mount.exfat-fuse >/dev/null && command -v mkfs.exfat >/dev/null; then
  kind=exfat-fuse
else
  echo "SKIP: this machine can mount neither vfat (kernel) nor exFAT (exfat-fuse and /dev/fuse); install dosfstools or exfat-fuse and exfatprogs"
  exit 77
fi
truncate -s 256M "$img"
if [ "$kind" = vfat ]; then mkfs.vfat -n KIOSKUSB "$img" >/dev/null; else mkfs.exfat -L KIOSKUSB "$img" >/dev/null; fi

mount_stick() {  # mount_stick [ro]
  local opts="${1:-rw}"
  if [ "$kind" = vfat ]; then
    mount -t vfat -o "loop,$opts" "$img" "$mnt" 2>"$work/mount.err"
  else
    loop=$(losetup -f --show "$img") && mount.exfat-fuse -o "$opts" "$loop" "$mnt" 2>"$work/mount.err" >/dev/null
  fi
}
unmount_stick() {
  umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
  [ -n "$loop" ] && { losetup -d "$loop" 2>/dev/null; loop=""; }
  return 0
}
# A stick taken out: its driver gone (every call on it then fails, as on a real pull), or for the
# kernel's vfat a lazy unmount (the folder is empty again under the copy).
pull_stick() {
  if [ "$kind" = exfat-fuse ]; then pkill -KILL -f "mount.exfat-fuse .* $mnt" ; fi
  sleep 0.2
  unmount_stick
}
cleanup() {
  unmount_stick
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if ! mount_stick; then
  echo "SKIP: cannot mount a $kind image as the USB stick ($(cat "$work/mount.err")); run as root"; exit 77
fi
unmount_stick
echo "the stick: a 256 MB $kind image on a loop device"

# One X server for every kiosk run, at a small kiosk's size.
for d in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ] || break; done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$d"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done

# Packs: v1 runs; v2 is the new training; a tampered v2; junk; all signed by the trusted key.
mkdir -p "$work/content" "$work/packs"
cp -r "$root/content/." "$work/content/"
"$author" build "$work/content" -o "$work/packs/v1.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
sed -i 's/^version = 1$/version = 2/' "$work/content/pack.toml"
"$author" build "$work/content" -o "$work/packs/v2.pack" >>"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
"$author" keygen --out "$work/release" >/dev/null 2>&1
cp "$work/release.pub" "$work/trusted-keys"
for v in 1 2; do "$author" sign "$work/packs/v$v.pack" --key "$work/release.key" >/dev/null 2>&1; done
cp "$work/packs/v2.pack" "$work/packs/tampered.pack"
cp "$work/packs/v2.pack.sig" "$work/packs/tampered.pack.sig"
size=$(stat -c %s "$work/packs/tampered.pack")
printf 'X' | dd of="$work/packs/tampered.pack" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
head -c 200000 /dev/urandom >"$work/packs/junk.pack"
head -c 64 /dev/urandom >"$work/packs/junk.pack.sig"
echo 24682468 | "$kiosk" --set-admin-passcode "$work/admin-passcode" 2>>"$work/author.log" || { cat "$work/author.log"; exit 1; }

db="$work/data/records.db"
run_kiosk() {  # run_kiosk NAME DB ACTION... : opens the admin screen, taps each USB action, dumps each outcome
  local name="$1" records="$2" n=0
  shift 2
  {
    echo "hold admin.corner 3"
    echo "type 24682468"
    echo "tap admin.submit"
    echo "expect screen admin"
    for action in "$@"; do
      n=$((n + 1))
      echo "tap admin.usb.$action"
      echo "wait-for admin.usb.$action 120000"
      echo "expect screen admin"
      echo "expect widget admin.usb.outcome"
      echo "dump-text $name-$n"
    done
    echo "screenshot $name"
  } >"$work/$name.script"
  "$kiosk" --trust "$work/trusted-keys" --db "$records" --kiosk-id usb-e2e --no-audio --admin-passcode "$work/admin-passcode" \
    --usb "$mnt" --script "$work/$name.script" --screenshot-dir "$out" ${PACK:+--pack "$PACK"} >"$work/$name.log" 2>&1
  local status=$?
  check "kiosk run '$name' (script exit status)" 0 "$status"
  [ "$status" = 0 ] || tail -20 "$work/$name.log"
}
says() {  # says DESCRIPTION FILE WORDS: the dumped screen text has WORDS (however its lines wrap)
  tr '\n' ' ' <"$out/$2.txt" 2>/dev/null | grep -qF -- "$3"
  local found=$?
  check "$1" 0 "$found"
  [ "$found" = 0 ] || { echo "  the screen said:"; grep -iE "stick|pack|copied|install" "$out/$2.txt" | head -8 | sed 's/^/    /'; }
}
records_state() {  # what must never change when a stick fails: integrity, and every row
  printf '%s|%s|%s|%s' "$(sqlite3 -readonly "$1" 'PRAGMA integrity_check')" "$(sqlite3 -readonly "$1" 'SELECT count(*) FROM sittings')" \
    "$(sqlite3 -readonly "$1" 'SELECT count(*) FROM answers')" "$(sqlite3 -readonly "$1" 'SELECT count(*) FROM completions')"
}
on_stick() { find "$mnt" -maxdepth 1 -name "$1" 2>/dev/null | wc -l; }

# 1. No stick in: both buttons say so.
PACK="$work/packs/v1.pack" run_kiosk none "$db" export install
says "no stick: export says so" none-1 "No USB stick was found"
says "no stick: install says so" none-2 "No USB stick was found"

# 2. An empty stick: the export lands whole with every sitting; there is no pack to install.
mount_stick || { echo "FAIL: cannot mount the stick"; exit 1; }
run_kiosk export "$db" export install
says "export: safe to remove only once done" export-1 "It is safe to remove the stick."
says "an empty stick: no pack to install" export-2 "There is no content pack on the USB stick"
copy=$(find "$mnt" -maxdepth 1 -name 'records-usb-e2e-*.db' | head -1)
check "the export is on the stick, named with the kiosk and time" 1 "$(on_stick 'records-usb-e2e-*.db')"
check "the copy on the stick is whole" ok "$(sqlite3 -readonly "$copy" 'PRAGMA quick_check' 2>&1)"
check "the copy has every sitting" "$(sqlite3 -readonly "$db" 'SELECT count(*) FROM sittings')" \
  "$(sqlite3 -readonly "$copy" 'SELECT count(*) FROM sittings' 2>&1)"
check "no temporary copy is left on the stick" 0 "$(on_stick '.*partial')"
check "the admin trail names the export" 1 "$(sqlite3 -readonly "$db" "SELECT count(*) FROM admin_events WHERE kind = 'export' AND detail LIKE 'USB stick: records-usb-e2e-%'")"
before=$(records_state "$db")

# 3. Packs that must not install: junk, then a tampered v2. The kiosk runs v1 all along.
cp "$work/packs/junk.pack" "$work/packs/junk.pack.sig" "$mnt/"
run_kiosk junk "$db" install
says "junk on the stick is refused" junk-1 "The pack on the USB stick was not installed"
rm -f "$mnt/junk.pack" "$mnt/junk.pack.sig"
mkdir -p "$mnt/msht-publish"
cp "$work/packs/tampered.pack" "$mnt/msht-publish/msht-training-v2.pack"
cp "$work/packs/tampered.pack.sig" "$mnt/msht-publish/msht-training-v2.pack.sig"
run_kiosk tampered "$db" install
says "a tampered pack is refused" tampered-1 "The pack on the USB stick was not installed"
says "  ...for its signature" tampered-1 "signature"
says "  ...and the kiosk still runs version 1" tampered-1 "version 1"
check "refusals change nothing in the records" "$before" "$(records_state "$db")"

# 4. The real v2 beside the tampered copy: the newest good pack installs, the admin screen stays.
cp "$work/packs/v2.pack" "$work/packs/v2.pack.sig" "$mnt/"
run_kiosk install "$db" install
says "the new pack installs from the stick" install-1 "from a USB stick"
says "  ...and says the stick can go" install-1 "The stick can be removed."
says "  ...and the admin screen shows version 2" install-1 "version 2"
check "the admin trail names the install" 1 "$(sqlite3 -readonly "$db" "SELECT count(*) FROM admin_events WHERE kind = 'pack-install' AND detail LIKE '% v2'")"
rm -f "$mnt/v2.pack" "$mnt/v2.pack.sig"; rm -rf "$mnt/msht-publish"

# 5. An older pack (v1) afterwards: rollback refused; the next start still runs v2.
cp "$work/packs/v1.pack" "$work/packs/v1.pack.sig" "$mnt/"
run_kiosk rollback "$db" install
says "an older pack from a stick is refused" rollback-1 "The pack on the USB stick was not installed"
grep -q "running the installed pack msht-training version 2\|running the installed pack .* version 2" "$work/rollback.log"
check "the kiosk started on the installed version 2" 0 $?
rm -f "$mnt/v1.pack" "$mnt/v1.pack.sig"

# 6. A full stick: a plain message, nothing half-written.
before=$(records_state "$db")
free_mb=$(( $(df -k --output=avail "$mnt" | tail -1) / 1024 ))
dd if=/dev/zero of="$mnt/filler" bs=1M count=$((free_mb > 0 ? free_mb : 0)) 2>/dev/null
dd if=/dev/zero of="$mnt/filler2" bs=4k 2>/dev/null
echo "stick filled: $(df -k --output=avail "$mnt" | tail -1 | tr -d ' ') KiB left"
run_kiosk full "$db" export
says "a full stick says so" full-1 "The USB stick is full"
check "  ...and leaves no temporary copy" 0 "$(on_stick '.*partial')"
check "  ...and the records are unchanged" "$before" "$(records_state "$db")"
rm -f "$mnt/filler" "$mnt/filler2"

# 7. A read-only stick (the lock switch).
unmount_stick
mount_stick ro || { echo "FAIL: cannot mount the stick read-only"; exit 1; }
run_kiosk readonly "$db" export
says "a read-only stick says so" readonly-1 "The USB stick is read-only"
unmount_stick

# 8. Pulled out mid-export: a kiosk with a year of records, the stick taken out while the copy runs.
big="$work/big/records.db"
"$fixture" "$big" --kiosks 1 --sittings 30000 >"$work/fixture.log" 2>&1 || { cat "$work/fixture.log"; exit 1; }
before_big=$(records_state "$big")
mount_stick || { echo "FAIL: cannot mount the stick"; exit 1; }
PACK="$work/packs/v2.pack" run_kiosk pulled "$big" export &
runner=$!
pulled=0
for _ in $(seq 1 3000); do
  if [ -n "$(find "$mnt" -maxdepth 1 -name '.records-*.partial' -size +1M 2>/dev/null)" ]; then
    pull_stick; pulled=1; break
  fi
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.01
done
wait "$runner"
check "the stick was pulled while the copy was being written" 1 "$pulled"
says "pulled mid-export: the admin is told" pulled-1 "was taken out before the copy finished"
says "  ...that the kiosk lost nothing" pulled-1 "Nothing on the kiosk was"
check "  ...and the kiosk's records are whole and unchanged" "$before_big" "$(records_state "$big")"
unmount_stick
mount_stick || { echo "FAIL: cannot mount the stick again"; exit 1; }
check "  ...and no finished-looking export is on the stick" 0 "$(find "$mnt" -maxdepth 1 -name 'records-usb-e2e-*.db' -newer "$big" | wc -l)"
# The same stick, put back: a new export is whole and tidies the half copy away.
run_kiosk again "$big" export
says "put back, the export works" again-1 "It is safe to remove the stick."
check "  ...and no half copy is left" 0 "$(on_stick '.*partial')"
last=$(ls -t "$mnt"/records-usb-e2e-*.db | head -1)
check "  ...and the copy has every sitting" "$(sqlite3 -readonly "$big" 'SELECT count(*) FROM sittings')" \
  "$(sqlite3 -readonly "$last" 'SELECT count(*) FROM sittings' 2>&1)"
unmount_stick
[ "$fail" = 0 ] && echo "USB stick ($kind): export whole with every sitting; no stick, full, read-only and pulled mid-copy" \
  "each said plainly with the records unchanged; junk, tampered and older packs refused; the new pack installed"
exit $fail
