#!/usr/bin/env bash
# What `check` and `build` say to a trainer, through the real kiosk-author on a scratch copy of the sample
# content with one unreachable scene added: translation counts said once per kind and language (so the
# W040 is not lost among them), `check --module` and a module's folder, ./content by default, --strict
# and --allow for a release, and `i18n status --list` naming what is left to translate.
# Usage: check_cli_test.sh AUTHOR ROOT
set -u
author="$(realpath "$1")"
root="$2"
# $tmp, expect, fail, finish
source "$(dirname "$0")/../support/expect.sh"

mkdir -p "$tmp/w"
cp -r "$root/content" "$tmp/w/content"
c="$tmp/w/content"
module="$c/modules/what-to-do-next/module.toml"
cp "$module" "$tmp/module.toml.clean"
printf '\n[[scenes]]\nid = "orphan"\nkind = "info"\ntitle = "Nobody comes here"\ntext = "No scene leads here."\nnext = "finish"\n' >>"$module"

# How many words of the sample's draft Welsh the Welsh dictionary lacks (W086): counted from the JSON, which
# lists every diagnostic, so the expectations below do not depend on the drafts' wording.
w086() {  # w086 [PO_FILE_SUFFIX]: the W086s in all PO files, or in those whose name ends so
  "$author" check "$c" --format json 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for x in d["diagnostics"] if x["code"]=="W086" and x["location"]["file"].endswith(sys.argv[1])))' "${1:-}"
}
welsh_words=$(w086)
welsh_words_wtdn=$(w086 what-to-do-next.po)
welsh_words_sts=$(w086 spot-the-signs.po)
[ "$welsh_words" -gt 0 ] || fail "the sample's draft Welsh has words aspell-cy lacks; W086 should name them"

# The five per-file fuzzy counts are one line, the orphan's two untranslated texts another; the unreachable
# scene is there, after them, exit 0.
out=$("$author" check "$c" 2>&1)
[ "$(grep -c 'W081' <<<"$out")" = 1 ] || fail "W081 should be one line, got: $(grep W081 <<<"$out")"
grep -q 'warning\[W081\]: 455 Welsh (cy) translations are marked fuzzy.*(pack 37, professional-curiosity 71, spot-the-signs 218' <<<"$out" ||
  fail "the merged W081 line names the total and each file's share: $out"
grep -q "what-to-do-next/module.toml:[0-9]*:[0-9]*: warning\[W040\].*'orphan'" <<<"$out" || fail "W040 for the orphan scene: $out"
grep -q "warning\[W080\]: 2 strings have no Welsh (cy) translation yet.*(what-to-do-next 2)" <<<"$out" || fail "the merged W080 line: $out"
[ "$(grep -c 'W086' <<<"$out")" = 1 ] || fail "W086 should be one line per language"
[ "$(tail -1 <<<"$out")" = "0 errors, $((8 + welsh_words)) warnings" ] || fail "summary: $(tail -1 <<<"$out")"
expect 0 'W081' -- "$author" check "$c" --all
[ "$("$author" check "$c" --all 2>&1 | grep -c 'W081')" = 5 ] || fail "--all gives one W081 line per file"
# JSON is for machines: every diagnostic, never merged.
"$author" check "$c" --format json >"$tmp/d.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); w=[x for x in d["diagnostics"] if x["code"]=="W081"]; assert len(w)==5 and d["warnings"]==8+int(sys.argv[2]), d["warnings"]' "$tmp/d.json" "$welsh_words" ||
  fail "JSON keeps every diagnostic"

# One module: by --module or by its folder (also from inside it); what lies elsewhere is counted.
expect 0 "0 errors, $((4 + welsh_words_wtdn)) warnings in module 'what-to-do-next'; elsewhere in the content 0 errors, $((4 + welsh_words - welsh_words_wtdn)) warnings" -- "$author" check "$c" --module what-to-do-next
expect 0 "0 errors, $((4 + welsh_words_wtdn)) warnings in module 'what-to-do-next'" -- "$author" check "$c/modules/what-to-do-next"
expect 0 "$((1 + welsh_words_sts)) warnings in module 'spot-the-signs'" -- "$author" check "$c/modules/spot-the-signs/"
out=$(cd "$c/modules/what-to-do-next" && "$author" check 2>&1)
grep -q "^module.toml\|modules/what-to-do-next/module.toml:[0-9]*:[0-9]*: warning\[W040\]" <<<"$out" || fail "check inside a module folder: $out"
expect 2 "has no module 'spot-the-sign'; did you mean 'spot-the-signs'" -- "$author" check "$c" --module spot-the-sign

# No folder: ./content, or the content folder we are in.
out=$(cd "$tmp/w" && "$author" check 2>&1)
grep -q "^content/modules/what-to-do-next/module.toml:.*W040" <<<"$out" || fail "check with no folder reads ./content: $out"
out=$(cd "$c" && "$author" check 2>&1)
grep -q "W040" <<<"$out" || fail "check inside the content folder: $out"
out=$(cd "$tmp" && "$author" check 2>&1)
grep -q "give the content folder" <<<"$out" || fail "check where there is no content says what to give: $out"

# --strict: warnings fail a release; --allow lets a named kind through; build writes nothing.
expect 1 "0 errors, $((8 + welsh_words)) warnings; --strict counts them as errors" -- "$author" check "$c" --strict
expect 1 '--strict counts 3 of them as errors' -- "$author" check "$c" --strict --allow W081 --allow W086
expect 1 "$tmp/s.pack was not written" -- "$author" build "$c" -o "$tmp/s.pack" --strict --allow W081 --allow W086
[ -e "$tmp/s.pack" ] && fail "build --strict wrote a pack with a warning in it"
cp "$tmp/module.toml.clean" "$module"
expect 0 '--strict lets them through' -- "$author" build "$c" -o "$tmp/s.pack" --strict --allow W081 --allow W086
[ -s "$tmp/s.pack" ] || fail "build --strict --allow W081 --allow W086 should write the pack"
expect 2 'errors are never allowed' -- "$author" check "$c" --strict --allow E030

# i18n status --list: each text to do, under its module file and scene, with the line.
out=$("$author" i18n status "$c" --list --module what-to-do-next 2>&1)
grep -q '^Welsh (cy), locales/cy/what-to-do-next.po: 69 to do (0 missing, 69 fuzzy)' <<<"$out" || fail "--list header: $(head -2 <<<"$out")"
grep -q '^  scene safety-first$' <<<"$out" || fail "--list names the scene"
grep -q '^    fuzzy  *title: "Safety first"  (modules/what-to-do-next/module.toml:[0-9]*)$' <<<"$out" || fail "--list line: $out"
expect 2 "no PO file for language 'fr'" -- "$author" i18n status "$c" --lang fr

# A new module in the bilingual sample: no errors, and its missing Welsh said in one line.
expect 0 "created" -- "$author" new module supply-chains --content "$c"
out=$("$author" check "$c" --module supply-chains 2>&1)
[ "$(grep -c 'warning\[W080\]' <<<"$out")" = 1 ] || fail "a new module's untranslated texts are one W080 line: $out"
grep -q "^0 errors, 1 warning in module 'supply-chains'" <<<"$out" || fail "a new module has no errors and no misspelling: $out"

# stats: a table per module, with its totals.
out=$("$author" stats "$c" --module what-to-do-next 2>&1)
grep -q '^module what-to-do-next (reading age aim 12)$' <<<"$out" || fail "stats header: $out"
grep -q '^  safety-first  *info  *[0-9][0-9]*  *0:[0-9][0-9]  *[0-9-]' <<<"$out" || fail "stats scene line: $out"
grep -q 'scenes, [0-9]* words, about [0-9]* minutes to read every scene; reading age' <<<"$out" || fail "stats totals: $out"
expect 2 "no module 'nope'" -- "$author" stats "$c" --module nope

finish "check CLI tests"
