#!/usr/bin/env bash
# Signed packs end to end, as an admin meets them: kiosk-author keygen/sign/verify, then the real kiosk
# under Xvfb installing signed packs into its data folder. A good pack is installed and runs; a newer one
# replaces it; an older one (rollback), a pack with one flipped bit, a truncated .sig, a pack signed by an
# untrusted key and an unsigned pack are each refused with a one-line message naming the file and the
# reason, on the log and on the admin screen, while the installed pack keeps running (a sitting is
# recorded against its version). A second trusted key is accepted (rotation); --dev runs unsigned packs.
set -u
. "$(dirname "$0")/../common.sh"

has() {  # has DESCRIPTION FILE PATTERN: the file (a log) contains the fixed text
  if grep -qF -- "$3" "$2"; then echo "ok: $1"; else echo "FAIL: $1: no '$3' in:"; sed 's/^/    /' "$2" | tail -8; fail=1; fi
}
lacks() {
  if grep -qF -- "$3" "$2"; then echo "FAIL: $1: '$3' found in $2"; fail=1; else echo "ok: $1"; fi
}

# Two builds of the sample content: version 1 as it is, version 2 with pack.toml's version raised.
mkdir -p "$work/content" "$work/keys"
cp -r "$root/content/." "$work/content/"
"$author" build "$work/content" -o "$work/v1.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
sed -i 's/^version = 1$/version = 2/' "$work/content/pack.toml"
"$author" build "$work/content" -o "$work/v2.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
sed -i 's/^version = 2$/version = 3/' "$work/content/pack.toml"
"$author" build "$work/content" -o "$work/v3.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
# Another version 1 (a different title), never installed: an old pack someone tries to go back to.
sed -i -e 's/^version = 3$/version = 1/' -e 's/^title = "/title = "Old: /' "$work/content/pack.toml"
"$author" build "$work/content" -o "$work/old.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }

# --- kiosk-author keygen / sign / verify ---------------------------------------------------------------
"$author" keygen --out "$work/keys/release" --name "release 2024" >"$work/out.txt" 2>&1
check "keygen exit status" 0 $?
check "secret key mode" 600 "$(stat -c %a "$work/keys/release.key")"
check "public key mode" 644 "$(stat -c %a "$work/keys/release.pub")"
has "the .pub line names the key" "$work/keys/release.pub" " release 2024"
key_before=$(cat "$work/keys/release.key")
"$author" keygen --out "$work/keys/release" >"$work/out.txt" 2>&1
check "keygen refuses to overwrite (exit 2)" 2 $?
has "keygen says the key exists" "$work/out.txt" "$work/keys/release.key: already exists; it is not replaced"
check "the existing key is unchanged" "$key_before" "$(cat "$work/keys/release.key")"
"$author" keygen --out "$work/keys/next" --name "release 2025" >/dev/null 2>&1
"$author" keygen --out "$work/keys/stranger" >/dev/null 2>&1

trust="$work/trusted-keys"
cp "$work/keys/release.pub" "$trust"
chmod 644 "$trust"
for v in 1 2 3; do
  "$author" sign "$work/v$v.pack" --key "$work/keys/release.key" >"$work/out.txt" 2>&1
  check "sign v$v exit status" 0 $?
done
has "sign says what it signed" "$work/out.txt" "signed $work/v3.pack (pack msht-training version 3) with key"
"$author" sign "$work/old.pack" --key "$work/keys/release.key" >/dev/null 2>&1
"$author" verify "$work/v2.pack" --trust "$trust" >"$work/out.txt" 2>&1
check "verify a good pack (exit 0)" 0 $?
has "verify names the signer" "$work/out.txt" "$work/v2.pack: good signature by key"
has "verify names the key's name" "$work/out.txt" "(release 2024); pack msht-training version 2"
cp "$work/keys/stranger.pub" "$work/stranger-trust"
"$author" verify "$work/v2.pack" --trust "$work/stranger-trust" >"$work/out.txt" 2>&1
check "verify against other keys (exit 1)" 1 $?
has "verify says the key is not trusted" "$work/out.txt" "which is not trusted"
chmod 644 "$work/keys/next.key"
"$author" sign "$work/v2.pack" --key "$work/keys/next.key" >"$work/out.txt" 2>&1
check "sign with a readable secret key (exit 2)" 2 $?
has "sign says chmod 600" "$work/out.txt" "run 'chmod 600 $work/keys/next.key'"
chmod 600 "$work/keys/next.key"
"$author" sign "$work/no-such.pack" --key "$work/keys/release.key" >"$work/out.txt" 2>&1
check "sign a missing pack (exit 2)" 2 $?

# --- the kiosk ---------------------------------------------------------------------------------------------
# A sitting is started and the admin screen opened, so the records show which pack really ran and the
# admin screen's text can be checked (dump-text when this kiosk has it; a screenshot in any case).
dump=""
"$kiosk" --help | grep -q "dump-text" && dump="dump-text admin-text"
cat >"$work/sitting.script" <<EOS
expect screen attract
hold admin.corner 3
expect screen admin-pin
type 24682468
tap admin.submit
expect screen admin
screenshot admin
$dump
tap admin.close
expect screen attract
tap attract.start
expect screen about-you
tap role.police
tap about.continue
expect screen menu
EOS
printf 'expect screen attract\n' >"$work/start.script"
# The kiosk's own admin passcode (never in the pack), as tools/deploy/install sets it.
echo 24682468 | "$kiosk" --set-admin-passcode "$work/admin-passcode" 2>/dev/null || { echo "FAIL: kiosk --set-admin-passcode"; exit 1; }
data="$work/data"
run=0
kiosk_run() {  # kiosk_run SCRIPT ARGS... -> exit status; log in $work/kiosk-$run.log, screens in $out/$run/
  run=$((run + 1))
  local script="$1"
  shift
  xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" --db "$data/records.db" --kiosk-id e2e-signed --no-audio \
    --admin-passcode "$work/admin-passcode" \
    --script "$script" --screenshot-dir "$out/$run" "$@" >"$work/kiosk-$run.log" 2>&1
}
log() { echo "$work/kiosk-$run.log"; }
sittings() { sqlite3 -readonly "$data/records.db" "SELECT group_concat(pack_version, ',') FROM (SELECT pack_version FROM sittings ORDER BY started_at, rowid)"; }

# An unsigned pack on a kiosk with nothing installed: refused, nothing to run, exit 2.
cp "$work/v1.pack" "$work/unsigned.pack"
kiosk_run "$work/start.script" --pack "$work/unsigned.pack" --trust "$trust"
check "unsigned pack, nothing installed: exit 2" 2 $?
has "refusal names the file and says not signed" "$(log)" "NEW PACK REFUSED: $work/unsigned.pack: not signed (there is no $work/unsigned.pack.sig beside it)"
has "says there is nothing to run instead" "$(log)" "there is no installed pack to run instead"

# v1, then v2: installed in turn.
kiosk_run "$work/sitting.script" --pack "$work/v1.pack" --trust "$trust"
check "v1 installs and runs: exit 0" 0 $?
has "v1 installed" "$(log)" "installed pack msht-training version 1 from $work/v1.pack as $data/packs/msht-training-v1-"
kiosk_run "$work/sitting.script" --pack "$work/v2.pack" --trust "$trust"
check "v2 installs and runs: exit 0" 0 $?
has "v2 installed" "$(log)" "installed pack msht-training version 2 from $work/v2.pack"
check "one pack installed (v1's copy removed)" 2 "$(ls "$data/packs" | wc -l)"
check "sittings so far ran v1 then v2" "1,2" "$(sittings)"

# Rollback: an older pack (version 1, never installed here) is refused and v2 keeps running.
kiosk_run "$work/sitting.script" --pack "$work/old.pack" --trust "$trust"
check "older pack: the kiosk still runs (exit 0)" 0 $?
has "rollback refused, naming the file and both versions" "$(log)" "NEW PACK REFUSED: $work/old.pack: version 1 of pack 'msht-training' is older than version 2 already installed on this kiosk"
has "says it runs the installed pack" "$(log)" "running the installed pack msht-training version 2 instead"
check "the sitting was recorded against v2" "1,2,2" "$(sittings)"
if [ -n "$dump" ]; then
  has "admin screen shows the refusal" "$out/$run/admin-text.txt" "NEW PACK REFUSED"
  has "admin screen says which pack still runs" "$out/$run/admin-text.txt" "Still running the installed pack msht-training version 2."
fi
[ -s "$out/$run/admin.png" ] && echo "ok: admin screenshot $out/$run/admin.png" || { echo "FAIL: no admin screenshot"; fail=1; }

# v1 again, the very file installed before and replaced by v2 since (a deployed kiosk is started with its
# first pack at every boot): v2 runs, and that is not reported as an attempt to go back.
kiosk_run "$work/start.script" --pack "$work/v1.pack" --trust "$trust"
check "the pack installed before: the kiosk runs (exit 0)" 0 $?
has "  ...the installed v2, saying why v1 is not news" "$(log)" "running the installed pack msht-training version 2 ("
has "  ...v1 was replaced since" "$(log)" "$work/v1.pack (version 1) was installed before and a newer pack has replaced it since"
lacks "  ...and no refusal" "$(log)" "NEW PACK REFUSED"

# One flipped bit in a copy of v3 (signature copied with it): refused.
cp "$work/v3.pack" "$work/flipped.pack"
cp "$work/v3.pack.sig" "$work/flipped.pack.sig"
size=$(stat -c %s "$work/flipped.pack")
offset=$((size / 3))
byte=$(od -An -tu1 -j "$offset" -N1 "$work/flipped.pack" | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 8)))" | dd of="$work/flipped.pack" bs=1 seek="$offset" conv=notrunc status=none
cmp -s "$work/v3.pack" "$work/flipped.pack" && { echo "FAIL: the bit was not flipped"; fail=1; }
kiosk_run "$work/start.script" --pack "$work/flipped.pack" --trust "$trust"
check "flipped bit: the kiosk still runs (exit 0)" 0 $?
has "flipped bit refused" "$(log)" "NEW PACK REFUSED: $work/flipped.pack: the pack does not match its signature ($work/flipped.pack.sig, key "
has "flipped bit: installed v2 runs" "$(log)" "running the installed pack msht-training version 2 instead"

# A truncated signature: refused as damaged.
cp "$work/v3.pack" "$work/cut.pack"
head -c 150 "$work/v3.pack.sig" >"$work/cut.pack.sig"
kiosk_run "$work/start.script" --pack "$work/cut.pack" --trust "$trust"
check "truncated .sig: the kiosk still runs (exit 0)" 0 $?
has "truncated .sig refused, naming it" "$(log)" "NEW PACK REFUSED: $work/cut.pack.sig: damaged pack signature: it ends in the middle of line 3 (truncated?)"

# Signed by a key the kiosk does not trust: refused.
cp "$work/v3.pack" "$work/foreign.pack"
"$author" sign "$work/foreign.pack" --key "$work/keys/stranger.key" >/dev/null 2>&1
kiosk_run "$work/start.script" --pack "$work/foreign.pack" --trust "$trust"
check "untrusted key: the kiosk still runs (exit 0)" 0 $?
has "untrusted key refused" "$(log)" "NEW PACK REFUSED: $work/foreign.pack: signed by key"
has "names the trust file" "$(log)" "which is not trusted ($trust trusts key"

# Rotation: the next key is added beside the current one; a pack it signed installs.
cat "$work/keys/next.pub" >>"$trust"
cp "$work/v3.pack" "$work/rotated.pack"
"$author" sign "$work/rotated.pack" --key "$work/keys/next.key" >/dev/null 2>&1
kiosk_run "$work/start.script" --pack "$work/rotated.pack" --trust "$trust"
check "next key: installs (exit 0)" 0 $?
has "installed v3 signed by the next key" "$(log)" "installed pack msht-training version 3 from $work/rotated.pack"
has "names the next key" "$(log)" "(release 2025))"

# No --pack: the installed pack runs.
kiosk_run "$work/sitting.script" --trust "$trust"
check "no --pack: runs the installed pack (exit 0)" 0 $?
has "runs installed v3" "$(log)" "running the installed pack msht-training version 3"
check "the sitting was recorded against v3" "1,2,2,3" "$(sittings)"

# Without --trust: /etc/msht-kiosk/trusted-keys, or on a machine without it (this one, unless a kiosk was
# installed here), $XDG_CONFIG_HOME/msht-kiosk/trusted-keys.
if [ ! -e /etc/msht-kiosk/trusted-keys ]; then
  mkdir -p "$work/config/msht-kiosk"
  cp "$trust" "$work/config/msht-kiosk/trusted-keys"
  export XDG_CONFIG_HOME="$work/config"
  kiosk_run "$work/start.script"
  check "default trust file under XDG_CONFIG_HOME: runs (exit 0)" 0 $?
  has "default trust file: runs installed v3" "$(log)" "running the installed pack msht-training version 3"
  export XDG_CONFIG_HOME="$work/no-config"
  kiosk_run "$work/start.script"
  check "no trust file at all: exit 2" 2 $?
  has "names the missing default trust file" "$(log)" "$work/no-config/msht-kiosk/trusted-keys: no trusted-keys file"
  unset XDG_CONFIG_HOME
fi

# A trust file others can write is refused outright.
chmod 666 "$trust"
kiosk_run "$work/start.script" --trust "$trust"
check "world-writable trust file: exit 2" 2 $?
has "says why and what to do" "$(log)" "$trust: other users can change the trusted keys (permissions 0666); run 'chmod 644 $trust'"
chmod 644 "$trust"

# --dev: an unsigned pack runs as it is, says so, and installs nothing.
kiosk_run "$work/sitting.script" --pack "$work/unsigned.pack" --dev
check "--dev runs an unsigned pack (exit 0)" 0 $?
has "--dev says DEVELOPMENT in the log" "$(log)" "DEVELOPMENT: pack not verified (--dev): $work/unsigned.pack"
[ -n "$dump" ] && has "--dev says DEVELOPMENT on the admin screen" "$out/$run/admin-text.txt" "DEVELOPMENT: pack not verified"
check "--dev installed nothing (v3 is still the only pack)" 2 "$(ls "$data/packs" | wc -l)"
kiosk_run "$work/start.script" --trust "$trust"
has "after --dev the installed v3 still runs" "$(log)" "running the installed pack msht-training version 3"

echo "screenshots: $out"
[ $fail -eq 0 ] && echo "signed packs: the kiosk refused 5 bad packs (unsigned, older, one flipped bit, truncated .sig, untrusted key) and an unsafe trust file, each with a message naming the file and the reason, and where a pack was installed kept running it; a second trusted key was accepted; all passed"
exit $fail
