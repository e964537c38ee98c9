#!/usr/bin/env bash
# New training reaches a running kiosk (issue 17), end to end: kiosk-author publish writes a signed
# manifest and pack; a real HTTPS server (tests/lrs/pack_server.py, the test's own CA) serves them;
# kiosk-sync polls the manifest and leaves the checked pack in the inbox while a learner is mid-sitting;
# the running kiosk (real binary, Xvfb, scripted) does not touch it during the sitting, installs it on
# the attract screen once the learner has gone, and the next sitting runs it. The records name version 1
# for the sittings before and version 2 after; the install comes after the sitting it waited for.
# Usage: run.sh KIOSK AUTHOR ROOT SCREENSHOTS KIOSK_SYNC
set -u
. "$(dirname "$0")/../common.sh"
sync="$5"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/content" "$work/keys" "$work/publish" "$work/data"
cp -r "$root/content/." "$work/content/"
"$author" build "$work/content" -o "$work/v1.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
sed -i 's/^version = 1$/version = 2/' "$work/content/pack.toml"
"$author" build "$work/content" -o "$work/v2.pack" >>"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
"$author" keygen --out "$work/keys/release" >/dev/null 2>&1
cp "$work/keys/release.pub" "$work/trusted-keys"
for v in 1 2; do "$author" sign "$work/v$v.pack" --key "$work/keys/release.key" >/dev/null 2>&1; done
"$author" publish "$work/v2.pack" --key "$work/keys/release.key" --out "$work/publish" >"$work/publish.log" 2>&1
check "kiosk-author publish" 0 "$?"

# The test's own CA and a certificate for 127.0.0.1.
ca="$work/ca"
mkdir -p "$ca"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ca/ca.key" -out "$ca/ca.pem" -days 2 -subj "/CN=Test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$ca/server.key" -out "$ca/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$ca/ext"
openssl x509 -req -in "$ca/server.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -CAcreateserial -out "$ca/server.pem" \
  -days 2 -extfile "$ca/ext" 2>/dev/null
python3 "$root/tests/lrs/pack_server.py" --root "$work/publish" --port-file "$work/port" --tls-cert "$ca/server.pem" \
  --tls-key "$ca/server.key" --log "$work/server.log" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
manifest="https://127.0.0.1:$(cat "$work/port")/manifest"

db="$work/data/records.db"
kiosk_args=(--pack "$work/v1.pack" --trust "$work/trusted-keys" --db "$db" --kiosk-id e2e-update --no-audio)
# The script: a learner is in a sitting when the pack arrives (ready), stays a while (the kiosk must not
# install), leaves; the attract screen takes the pack; a second learner's sitting runs version 2.
cat >"$work/update.script" <<'S'
expect screen attract
tap attract.start
expect screen about-you
tap role.police
tap about.continue
expect screen menu
dump-text in-sitting
wait 12000
expect screen menu
dump-text still-in-sitting
tap nav.leave
expect screen leaving
tap leave.done
expect screen attract
wait 7000
dump-text attract-after
screenshot attract-after
tap attract.start
expect screen about-you
tap role.health
tap about.continue
expect screen menu
tap nav.leave
expect screen leaving
tap leave.done
expect screen attract
S
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$kiosk" "${kiosk_args[@]}" --script "$work/update.script" \
  --screenshot-dir "$out" >"$work/kiosk.log" 2>&1 &
kiosk_runner=$!
for _ in $(seq 1 600); do [ -s "$out/in-sitting.txt" ] && break; kill -0 "$kiosk_runner" 2>/dev/null || break; sleep 0.1; done
[ -s "$out/in-sitting.txt" ] || { echo "FAIL: the kiosk never reached the sitting"; cat "$work/kiosk.log"; exit 1; }
# Mid-sitting, kiosk-sync fetches version 2 into the inbox.
"$sync" --records "$db" --manifest "$manifest" --trust "$work/trusted-keys" --ca-file "$ca/ca.pem" --once \
  --start-delay 0 >"$work/sync.log" 2>&1
check "kiosk-sync fetched the new pack (exit 0)" 0 "$?"
check "the pack and its signature wait in the inbox" "msht-training-v2.pack msht-training-v2.pack.sig" \
  "$(cd "$work/data/inbox" && ls *.pack* 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//')"
wait "$kiosk_runner"
check "scripted kiosk run" 0 "$?"
grep -q "installed msht-training version 2 from the inbox on the attract screen" "$work/kiosk.log" &&
  echo "ok: the kiosk installed version 2 from the inbox on the attract screen" ||
  { echo "FAIL: no install from the inbox in the log:"; tail -20 "$work/kiosk.log"; fail=1; }
q() { sqlite3 -readonly "$db" "$1"; }
check "sittings: the first ran v1, the second v2" "1|2" \
  "$(q "SELECT group_concat(pack_version, '|') FROM (SELECT pack_version FROM sittings ORDER BY rowid)")"
check "installed after the first sitting ended, not during it" 1 \
  "$(q "SELECT (SELECT max(installed_at) FROM pack_installs WHERE pack_version = 2) >= (SELECT ended_at FROM sittings ORDER BY rowid LIMIT 1)")"
check "the inbox is empty again" "" "$(ls "$work/data/inbox" | grep -v '^outcome$')"
check "the admin trail has the install" 1 "$(q "SELECT count(*) FROM admin_events WHERE kind = 'pack-install' AND detail = 'msht-training v2'")"
# A second poll: the manifest has not changed (304 through its ETag), and v2 is installed: nothing to do.
"$sync" --records "$db" --manifest "$manifest" --trust "$work/trusted-keys" --ca-file "$ca/ca.pem" --once \
  --start-delay 0 >>"$work/sync.log" 2>&1
check "a second poll (exit 0)" 0 "$?"
check "nothing new in the inbox" "" "$(ls "$work/data/inbox" | grep -v '^outcome$')"
[ "$fail" = 0 ] || { cat "$work/sync.log"; tail -30 "$work/kiosk.log"; }
exit $fail
