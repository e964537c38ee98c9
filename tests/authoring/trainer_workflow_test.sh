#!/usr/bin/env bash
# A trainer's whole workflow through the real kiosk-author, on a scratch copy of the sample content, as
# content/README.md describes it: start a module, check it strictly (its Welsh is missing), give the
# translator its PO file, take the translation back, check again (clean), catch and fix a spelling
# slip, see its figures, and build a release with --strict. (The window steps, preview in English and
# Welsh, are in tests/e2e/preview.) Usage: trainer_workflow_test.sh AUTHOR ROOT
set -u
author="$(realpath "$1")"
root="$2"
# $tmp, expect, fail, finish
source "$(dirname "$0")/../support/expect.sh"

cp -r "$root/content" "$tmp/content"
cd "$tmp" || exit 1

expect 0 "created content/modules/supply-chains/module.toml" -- "$author" new module supply-chains
# Strict: the new module's Welsh is missing, so it is not ready for release yet.
expect 1 "warning\[W080\]: this file does not exist, so [0-9]* strings of 'supply-chains'" -- "$author" check --module supply-chains --strict
expect 1 "^0 errors, 1 warning in module 'supply-chains'.*--strict counts them as errors" -- "$author" check --module supply-chains --strict
expect 0 "locales/cy/supply-chains.po: created" -- "$author" i18n extract

# The translator fills in every text (with Welsh words the Welsh dictionary knows) and clears no flags:
# a new translation is not a draft.
python3 - content/locales/cy/supply-chains.po <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# Every entry's empty msgstr, but not the header's (its msgstr goes on with "Content-Type..." lines).
text, n = re.subn(r'(msgctxt "[^"]+"\nmsgid (?:"[^\n]*"\n)+)msgstr ""\n(?!")', r'\1msgstr "Dyma destun prawf."\n', text)
assert n > 10, n
open(path, "w", encoding="utf-8").write(text)
PY
expect 0 "^no problems in module 'supply-chains'" -- "$author" check --module supply-chains --strict
out=$("$author" i18n status --list --module supply-chains 2>&1)
grep -q "nothing to do: every text is translated and reviewed" <<<"$out" || fail "status --list after translating: $out"

# A slip in the English: the spelling check finds it, under the word, with the right spelling offered.
sed -i 's/Tell your safeguarding lead/Tell your safegaurding lead/' content/modules/supply-chains/module.toml
out=$("$author" check --module supply-chains --strict 2>&1)
grep -q "warning\[W104\]: 'safegaurding' is not in the English (en) dictionary; did you mean 'safeguarding'" <<<"$out" ||
  fail "the spelling slip is reported: $out"
sed -i 's/Tell your safegaurding lead/Tell your safeguarding lead/' content/modules/supply-chains/module.toml
expect 0 "^no problems in module 'supply-chains'" -- "$author" check --module supply-chains --strict

expect 0 "^module supply-chains \(reading age aim 12\)" -- "$author" stats --module supply-chains
# The release: strict, letting through only the other modules' Welsh drafts, still in review.
expect 0 "wrote release.pack: pack 'msht-training'" -- "$author" build -o release.pack --strict --allow W081 --allow W086
[ "$(sqlite3 -readonly release.pack "SELECT count(*) FROM modules WHERE id = 'supply-chains'")" = 1 ] || fail "the release has the new module"

finish "trainer workflow steps"
