#!/usr/bin/env bash
# Every file a command line takes, given garbage: missing, empty, random bytes, a folder, unreadable, a
# 2 GiB sparse file, a FIFO, invalid UTF-8 and half of a valid file. Each case must end with a non-zero
# exit (not a signal, not a hang), a first stderr line naming the file, no crash text, within seconds and
# without reading a huge file into memory. Covers kiosk-author, kiosk-report, kiosk-report-fixture, the
# kiosk, kiosk-sync and tools/make-film. Usage: hostile_input_test.sh AUTHOR REPORT FIXTURE KIOSK ROOT SYNC
author="$1"
report="$2"
fixture="$3"
kiosk="$4"
root="$5"
sync="$6"
# $tmp, expect, fail, finish
source "$(dirname "$0")/support/expect.sh"
chmod 755 "$tmp"  # so an unprivileged user can reach the files when root runs the unreadable cases
cases=0
skipped=()
kMaxSeconds=10     # a case slower than this is a hang, or a huge file being read
kMaxRssKb=600000   # 2 GiB read into memory would pass this by far (ASan's own baseline is ~100 MB)

# [SECTION] Valid inputs, to cut in half and to stand beside the hostile one
valid="$tmp/valid"
mkdir -p "$valid"
cp -r "$root/tests/fixtures/i18n/content" "$valid/content"
cp "$root/content/sites/greater-manchester.toml" "$valid/content/sites.toml.in"
mkdir -p "$valid/content/sites" && mv "$valid/content/sites.toml.in" "$valid/content/sites/site.toml"
"$author" i18n extract "$valid/content" >/dev/null 2>&1  # every PO file there, so the content checks clean
"$author" check "$valid/content" >"$tmp/clean" 2>&1 || { echo "FAIL: the small content has errors:"; cat "$tmp/clean"; exit 1; }
"$author" build "$valid/content" -o "$valid/t.pack" >/dev/null 2>&1 || { echo "FAIL: cannot build the small pack"; exit 1; }
"$fixture" "$valid/records.db" --kiosks 2 --sittings 40 >/dev/null || { echo "FAIL: cannot make a records DB"; exit 1; }
rm -f "$valid"/*.lock
printf 'expect screen attract\nquit\n' >"$valid/quit.script"
cp "$root/tests/film/fixture/storyboard.toml" "$root/tests/film/fixture/shapes.svg" "$valid/"
mkdir -m 1777 "$tmp/w"   # where outputs and records go, writable by whoever runs the case
chmod -R a+rX "$valid"

# [SECTION] Hostile files
# nobody: how to run a case as an unprivileged user when root (chmod 000 does not stop root).
nobody=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$author"; then
    nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
fi

random_bytes() {  # random_bytes SEED COUNT: the same bytes for the same seed
  python3 -c 'import random, sys; sys.stdout.buffer.write(random.Random(int(sys.argv[1])).randbytes(int(sys.argv[2])))' "$1" "$2"
}

# utf8 VALID: VALID with text that is not UTF-8 where the format holds text; a binary format gets a text file.
utf8() {
  local bad=$'caf\xe9 \xc3\x28 \xff\xfe'
  case "${1:-}" in
    *.toml) cat "$1"; printf '\nnote_%s = "%s"\n' x "$bad" ;;
    *.po) cat "$1"; printf '\nmsgctxt "x.bad"\nmsgid "%s"\nmsgstr "%s"\n' "$bad" "$bad" ;;
    *.script) printf 'tap %s\n' "$bad" ;;
    *) printf '%s\n' "$bad" ;;
  esac
}
mkdir -p "$tmp/h" && chmod 755 "$tmp/h"
# hostile KIND NAME [VALID]: makes a fresh $tmp/h/N/NAME of KIND (from VALID where the kind needs one) and
# prints its path. Kinds: missing empty binary dir unreadable huge fifo utf8 half.
hostile() {
  local kind="$1" name="$2" from="${3:-}"
  local d
  d=$(mktemp -d "$tmp/h/f.XXXXXX") && chmod 755 "$d"
  local p="$d/$name"
  mkdir -p "$(dirname "$p")"
  case "$kind" in
    missing) ;;
    empty) : >"$p" ;;
    binary) random_bytes 7 65536 >"$p" ;;
    dir) mkdir -p "$p" ;;
    unreadable) if [ -n "$from" ]; then cp "$from" "$p"; else echo "text" >"$p"; fi; chmod 000 "$p" ;;
    huge) if [ -n "$from" ]; then head -c 4096 "$from" >"$p"; fi; truncate -s 2G "$p" ;;
    fifo) mkfifo "$p" ;;
    utf8) utf8 "$from" >"$p" ;;
    half) head -c $(($(stat -c %s "$from") / 2)) "$from" >"$p" ;;
  esac
  chmod a+r "$p" 2>/dev/null
  [ "$kind" = unreadable ] && chmod 000 "$p"
  echo "$p"
}

# with_content FILE KIND: a copy of the small content folder with FILE (relative) made KIND; prints the folder.
with_content() {
  local c
  c=$(mktemp -d "$tmp/h/c.XXXXXX") && rmdir "$c" && cp -r "$valid/content" "$c" && chmod -R a+rX "$c"
  local target="$c/$1" saved="$c.orig-$(basename "$1")"
  [ -e "$target" ] && mv "$target" "$saved"
  local made
  made=$(hostile "$2" "$(basename "$1")" "$saved")
  rm -rf "$target"
  if [ "$2" != missing ]; then mv "$made" "$target"; fi
  chmod 755 "$c"
  [ "$2" = unreadable ] && chmod 000 "$target"
  echo "$c"
}

# [SECTION] One case
# run_case LINES NEEDLE KIND COMMAND...: LINES is "one" (stderr must be exactly one line), "first" (only
# the first line is looked at) or "error" (the first line with an error, for the compiler's sorted
# diagnostics); NEEDLE must be on that line (the file's name).
run_case() {
  local lines="$1" needle="$2" kind="$3"
  shift 3
  local runner=()
  if [ "$kind" = unreadable ] && [ "$(id -u)" -eq 0 ]; then
    if [ ${#nobody[@]} -eq 0 ]; then
      skipped+=("$*: running as root without setpriv, so chmod 000 cannot stop reading")
      return
    fi
    runner=("${nobody[@]}")
  fi
  cases=$((cases + 1))
  local start end status
  start=$(date +%s%N)
  (cd "$tmp/w" && exec /usr/bin/time -f '%M' -o "$tmp/rss" timeout -s KILL "$kMaxSeconds" "${runner[@]}" "$@" \
      >"$tmp/out" 2>"$tmp/err" </dev/null)
  status=$?
  end=$(date +%s%N)
  local what="[$kind] $*"
  # The kiosk's DEVELOPMENT banner (--dev) is a deliberate warning printed before the pack is read.
  sed -i '/^kiosk: DEVELOPMENT: /d' "$tmp/err"
  local first
  first=$(head -1 "$tmp/err")
  # Content diagnostics are sorted by file, so warnings about other files may come first: the first
  # error is the line that must name the file.
  [ "$lines" = error ] && first=$(grep -m1 'error' "$tmp/err")
  if [ "$status" -eq 137 ] || [ "$status" -eq 124 ]; then
    fail "$what: no answer within $kMaxSeconds s (a hang, or a huge file being read)"
  elif [ "$status" -ge 128 ]; then
    fail "$what: killed by signal $((status - 128))"
  elif [ "$status" -eq 0 ]; then
    fail "$what: exit 0, so the bad file was accepted"
  fi
  if grep -aqE 'terminate called|Aborted|Segmentation|AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|std::|Traceback|#[0-9]+ 0x' \
      "$tmp/out" "$tmp/err"; then
    fail "$what: crash text in the output:"; head -5 "$tmp/err"
  fi
  if ! grep -qF -- "$needle" <<<"$first"; then
    fail "$what: the first stderr line does not name $needle: '$first'"
  fi
  if [ "$lines" = one ] && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
    fail "$what: $(wc -l <"$tmp/err") lines on stderr, wanted one:"; head -5 "$tmp/err"
  fi
  local rss
  rss=$(tail -1 "$tmp/rss" 2>/dev/null)
  if [[ "$rss" =~ ^[0-9]+$ ]] && [ "$rss" -gt "$kMaxRssKb" ]; then
    fail "$what: used $((rss / 1024)) MiB of memory (was a huge file read whole?)"
  fi
  if [ -n "${VERBOSE:-}" ]; then
    echo "ok? [$kind] exit $status $(((end - start) / 1000000)) ms: $first"
  fi
}

file_kinds=(missing empty binary dir unreadable huge fifo utf8 half)
dir_kinds=(missing empty binary unreadable fifo)  # a content folder that is not one

# dir_case LINES COMMAND... with @ for the folder: every way a folder argument can be wrong.
dir_case() {
  local lines="$1"
  shift
  for kind in "${dir_kinds[@]}"; do
    local p
    p=$(hostile "$kind" folder)
    [ "$kind" = unreadable ] && { rm -f "$p"; mkdir "$p"; chmod 000 "$p"; }
    run_case "$lines" "$p" "$kind" "${@//@/$p}"
  done
}

# file_case LINES VALID COMMAND... with @ for the file: every kind of bad file in place of VALID.
# %FRESH% becomes a new empty folder that anyone can write (for outputs and their lock files).
file_case() {
  local lines="$1" from="$2"
  shift 2
  for kind in "${file_kinds[@]}"; do
    [ "$kind" = half ] && [ -z "$from" ] && continue
    local p fresh
    p=$(hostile "$kind" "$(basename "${from:-input.bin}")" "$from")
    fresh=$(mktemp -d "$tmp/w/f.XXXXXX") && chmod 1777 "$fresh"
    local args=("${@//@/$p}")
    run_case "$lines" "$p" "$kind" "${args[@]//%FRESH%/$fresh}"
  done
}

# content_case COMMAND... with @ for the folder: each content file in turn made each kind of bad.
content_case() {
  for file in pack.toml modules/myths/module.toml sites/site.toml locales/cy/myths.po; do
    for kind in empty binary dir unreadable huge fifo utf8 half; do
      # An empty or half PO file is a valid (if incomplete) catalogue, and a missing one a warning.
      [ "$file" = locales/cy/myths.po ] && [ "$kind" = empty ] && continue
      # Any first part of a site file that ends at a line end is a valid, smaller site file, and any first
      # part of a PO file that ends between entries a smaller catalogue (its strings show in English).
      [ "$file" != pack.toml ] && [ "$file" != modules/myths/module.toml ] && [ "$kind" = half ] && continue
      local c
      c=$(with_content "$file" "$kind")
      run_case error "$(basename "$file")" "$kind" "${@//@/$c}"
    done
  done
}

# [SECTION] kiosk-author
dir_case one "$author" check @
dir_case one "$author" build @ -o "$tmp/w/out.pack"
dir_case one "$author" graph @
dir_case one "$author" i18n status @
dir_case one "$author" i18n extract @
dir_case one "$author" new module car-wash --content @
dir_case one "$author" preview @
content_case "$author" check @
content_case "$author" build @ -o "$tmp/w/out.pack"
file_case one "$valid/t.pack" "$author" info @
# Outputs: a folder in the way, a folder that does not exist.
for out in "$tmp/w" "$tmp/w/no/such/folder/x.pack"; do
  run_case one "${out%/x.pack}" output "$author" build "$valid/content" -o "$out"
done
run_case one "$tmp/w" output "$author" graph "$valid/content/modules/myths" -o "$tmp/w"
# Signing, when it is there: the pack, the secret key, the signature and the trusted-keys file.
if "$author" keygen --help >/dev/null 2>&1; then
  "$author" keygen --out "$valid/k" >/dev/null 2>&1
  cp "$valid/t.pack" "$valid/s.pack"
  "$author" sign "$valid/s.pack" --key "$valid/k.key" >/dev/null 2>&1
  chmod a+r "$valid"/k.* "$valid"/s.pack*
  if [ -f "$valid/k.key" ] && [ -f "$valid/k.pub" ] && [ -f "$valid/s.pack.sig" ]; then
    file_case first "$valid/t.pack" "$author" sign @ --key "$valid/k.key"
    file_case first "$valid/k.key" "$author" sign "$valid/s.pack" --key @
    file_case first "$valid/k.pub" "$author" verify "$valid/s.pack" --trust @
    # PACK.sig beside a copy of the pack.
    for kind in empty binary dir unreadable huge fifo utf8 half; do
      p=$(hostile "$kind" s.pack.sig "$valid/s.pack.sig")
      cp "$valid/s.pack" "${p%.sig}" && chmod a+r "${p%.sig}"
      run_case first "$p" "$kind" "$author" verify "${p%.sig}" --trust "$valid/k.pub"
    done
  else
    skipped+=("kiosk-author sign/verify: keygen or sign did not make k.key, k.pub and s.pack.sig")
  fi
fi
# Publishing, when it is there: the pack and the key it publishes with, a manifest and its trusted keys.
# A key of its own, kept 0600 (k.key above was opened to all for the unreadable cases).
if "$author" publish --help >/dev/null 2>&1; then
  "$author" keygen --out "$valid/pk" >/dev/null 2>&1
  cp "$valid/t.pack" "$valid/p.pack"
  "$author" sign "$valid/p.pack" --key "$valid/pk.key" >/dev/null 2>&1
  "$author" publish "$valid/p.pack" --key "$valid/pk.key" --out "$valid/site" >/dev/null 2>&1
  chmod a+r "$valid/pk.pub" "$valid"/p.pack* && chmod -R a+rX "$valid/site" 2>/dev/null
  if [ -f "$valid/site/manifest" ]; then
    file_case first "$valid/t.pack" "$author" publish @ --key "$valid/pk.key" --out "%FRESH%"
    file_case first "$valid/pk.key" "$author" publish "$valid/p.pack" --key @ --out "%FRESH%"
    file_case first "$valid/site/manifest" "$author" verify-manifest @ --trust "$valid/pk.pub"
    file_case first "$valid/pk.pub" "$author" verify-manifest "$valid/site/manifest" --trust @
  else
    skipped+=("kiosk-author publish/verify-manifest: publish did not write a manifest")
  fi
fi

# [SECTION] kiosk-report
file_case first "$valid/records.db" "$report" summary @
file_case first "$valid/records.db" "$report" items @
file_case first "$valid/records.db" "$report" kiosks @
file_case first "$valid/records.db" "$report" xapi @
file_case first "$valid/records.db" "$report" verify 7K2M-9QXA --db @
file_case first "$valid/records.db" "$report" board -o "$tmp/w/b.html" @
file_case first "$valid/t.pack" "$report" items --pack @ "$valid/records.db"
file_case first "$valid/records.db" "$report" merge %FRESH%/all.db @
# OUT of a merge: never replaced when it is not a records DB of ours.
for kind in binary dir unreadable huge fifo utf8 half; do  # (an empty file is an empty SQLite DB)
  p=$(hostile "$kind" all.db "$valid/records.db")
  run_case first "$p" "$kind" "$report" merge "$p" "$valid/records.db"
done
run_case one "$tmp/w" output "$report" summary -o "$tmp/w" "$valid/records.db"
run_case one "$tmp/w/no/such" output "$report" summary -o "$tmp/w/no/such/x.txt" "$valid/records.db"

# [SECTION] kiosk-report-fixture
run_case one "$tmp/w" output "$fixture" "$tmp/w"
p=$(hostile binary notadir)
run_case one "$p" output "$fixture" "$p" --split
run_case one "$tmp/w" output "$fixture" --pack "$tmp/w"

# [SECTION] The kiosk (no display needed: these all stop before the window opens)
export SDL_VIDEODRIVER=offscreen ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
dev=()  # unsigned packs need --dev once the kiosk verifies signatures
"$kiosk" --help 2>/dev/null | grep -q -- '--dev' && dev=(--dev)
# kiosk_case KIND VALID ARGS... with @ for the file: a fresh records folder per case, made by whoever runs it.
kiosk_case() {
  local kind="$1" from="$2"
  shift 2
  local p db
  db="$(mktemp -d "$tmp/w/k.XXXXXX")/r.db" && chmod 1777 "$(dirname "$db")"
  p=$(hostile "$kind" "$(basename "$from")" "$from")
  local args=("${@//@/$p}")
  run_case first "$p" "$kind" "$kiosk" "${args[@]//%DB%/$db}" "${dev[@]}"
}
for kind in "${file_kinds[@]}"; do
  kiosk_case "$kind" "$valid/t.pack" --pack @ --db %DB% --script "$valid/quit.script"
  kiosk_case "$kind" "$valid/quit.script" --pack "$valid/t.pack" --db %DB% --script @
done
# The records DB: a folder, unreadable or a FIFO is refused (garbage or a huge file is quarantined and
# a new DB started: a kiosk must not stay down for a damaged DB).
for kind in dir unreadable fifo; do
  kiosk_case "$kind" "$valid/records.db" --pack "$valid/t.pack" --db @ --script "$valid/quit.script"
done
kiosk_case binary shots --pack "$valid/t.pack" --db %DB% --script "$valid/quit.script" --screenshot-dir @
run_case one "--site" site "$kiosk" --pack "$valid/t.pack" --db "$tmp/w/site/r.db" --site $'\xff\xfe\nnope' "${dev[@]}"
# --set-admin-passcode reads standard input: random bytes and an endless line give one line and exit 2,
# and no credential file.
cases=$((cases + 2))
out=$(random_bytes 3 4096 | timeout -s KILL "$kMaxSeconds" "$kiosk" --set-admin-passcode "$tmp/w/ap1" 2>&1); status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && [ ! -e "$tmp/w/ap1" ] ||
  fail "kiosk --set-admin-passcode <random bytes: exit $status: $out"
out=$(head -c 1G /dev/zero | timeout -s KILL "$kMaxSeconds" "$kiosk" --set-admin-passcode "$tmp/w/ap2" 2>&1); status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && [ ! -e "$tmp/w/ap2" ] ||
  fail "kiosk --set-admin-passcode <1 GiB line: exit $status: $out"

# [SECTION] kiosk-sync: the records it reads and the credentials file (nothing is ever sent: the LRS
# address is a closed port, and every case must fail before it would matter)
printf 'kiosk:secret\n' >"$valid/lrs-credentials" && chmod 600 "$valid/lrs-credentials"
# The unreadable cases run as nobody, who must still be able to read the (good) credentials.
[ "$(id -u)" -eq 0 ] && chown nobody "$valid/lrs-credentials"
sync_args=(--lrs https://127.0.0.1:9/xAPI --iri-base https://hostile.example.org --once --no-health)
file_case first "$valid/records.db" "$sync" --records @ --credentials "$valid/lrs-credentials" --state %FRESH%/sync.db \
  "${sync_args[@]}"
file_case first "" "$sync" --records "$valid/records.db" --credentials @ --state %FRESH%/sync.db "${sync_args[@]}"

# [SECTION] tools/make-film
file_case one "$valid/storyboard.toml" "$root/tools/make-film" @ --out "$tmp/w/film" --timings

for s in "${skipped[@]}"; do echo "SKIP: $s"; done
echo "hostile input: $cases cases, $failures failed, ${#skipped[@]} skipped"
finish "hostile input cases"
