#!/usr/bin/env bash
# kiosk-author as trainers and CI call it: exit codes (0 clean, 1 content errors, 2 usage/files),
# help for every command, JSON output that parses, and a one-line message for every kind of bad path.
set -u
author="$1"
root="$2"
# $tmp, expect, fail, finish
source "$(dirname "$0")/support/expect.sh"

expect 0 'Usage:' -- "$author" --help
for cmd in build check info explain graph i18n new print; do
  expect 0 "Usage: kiosk-author $cmd" -- "$author" "$cmd" --help
done
expect 2 'unknown command' -- "$author" frobnicate
expect 2 'Usage:' -- "$author"

# The sample content: clean check, a pack written, info reads it back.
expect 0 'error|warning|no problems' -- "$author" check "$root/content"
expect 0 "wrote $tmp/t.pack" -- "$author" build "$root/content" -o "$tmp/t.pack"
expect 0 'module +what-to-do-next' -- "$author" info "$tmp/t.pack"

# Content errors: exit 1, GCC-style lines, nothing written.
bad="$root/tests/fixtures/diagnostics/E030-dangling-link/content"
expect 1 '^content/|modules/.*:[0-9]+:[0-9]+: error\[E030\]' -- "$author" check "$bad"
expect 1 'was not written' -- "$author" build "$bad" -o "$tmp/bad.pack"
[ -e "$tmp/bad.pack" ] && { echo "FAIL: a pack was written despite errors"; failures=$((failures + 1)); }

# Films are played with libvlc: a damaged one is an E068 error, and VLC's own log never reaches the
# trainer's terminal (only diagnostics do: no "[00007f...] main libvlc error" lines).
fixtures="$root/tests/fixtures/diagnostics"
expect 1 'error\[E068\]' -- "$author" check "$fixtures/E068-film-cut-short/content"
out=$("$author" check "$fixtures/E075-time-after-film-ends/content" 2>&1)
if grep -qE '^\[[0-9a-f]+\]|libvlc|vlcpulse' <<<"$out"; then
  echo "FAIL: VLC's log leaked into kiosk-author's output:"; echo "$out" | head -10; failures=$((failures + 1))
fi

# JSON diagnostics parse and carry the code and position.
"$author" check --format json "$bad" >"$tmp/d.json" 2>/dev/null
if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]>=1; assert any(x["code"]=="E030" and x["location"]["line"]>0 for x in d["diagnostics"])' "$tmp/d.json"; then
  echo "FAIL: --format json output is not the expected JSON"; failures=$((failures + 1))
fi

# Bad paths and bad packs: exit 2 and one line naming the file.
expect 2 'no such folder' -- "$author" check "$tmp/nope"
touch "$tmp/afile"
expect 2 'is not a folder' -- "$author" check "$tmp/afile"
expect 2 'missing -o' -- "$author" build "$root/content"
expect 2 "$tmp/nope.pack" -- "$author" info "$tmp/nope.pack"
: >"$tmp/empty.pack"
expect 2 "$tmp/empty.pack" -- "$author" info "$tmp/empty.pack"
head -c 3000 /dev/urandom >"$tmp/random.pack"
expect 2 "$tmp/random.pack: .*not" -- "$author" info "$tmp/random.pack"
head -c 2048 "$tmp/t.pack" >"$tmp/truncated.pack"
expect 2 "$tmp/truncated.pack" -- "$author" info "$tmp/truncated.pack"
expect 2 "$tmp" -- "$author" info "$tmp"

# The admin secret moved onto the kiosks: the command that made a hash for a site file is gone.
expect 2 "unknown command 'hash-pin'" -- "$author" hash-pin
expect 0 'E030 \(error\)' -- "$author" explain E030
expect 0 'W040' -- "$author" explain --list
expect 2 'no diagnostic code' -- "$author" explain E999

finish "CLI checks"
