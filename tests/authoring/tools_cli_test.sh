#!/usr/bin/env bash
# The trainers' tools through the real kiosk-author binary: `graph` writes an SVG whose scenes, arrows and
# warning classes are checked by parsing it; `i18n extract|status` run on a scratch copy of a fixture (never
# on content/); `new module` scaffolds a module that checks clean. Usage: tools_cli_test.sh AUTHOR ROOT
set -u
author="$1"
root="$2"
# $tmp, expect, fail, finish
source "$(dirname "$0")/../support/expect.sh"

for cmd in graph i18n new print; do
  expect 0 "Usage: kiosk-author $cmd" -- "$author" "$cmd" --help
done

# graph: an SVG with one node per scene (plus one for the missing scene), classes on the problem scenes.
branching="$root/tests/fixtures/graph/content/modules/branching"
expect 1 "wrote $tmp/map.svg: 12 scenes" -- "$author" graph "$branching" -o "$tmp/map.svg"
python3 - "$tmp/map.svg" <<'PY' || fail "graph SVG structure"
import sys, xml.etree.ElementTree as ET
ns = {"svg": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
groups = root.findall(".//svg:g", ns)
nodes = {g.get("id"): g.get("class").split() for g in groups if "node" in (g.get("class") or "").split()}
edges = [g for g in groups if "edge" in (g.get("class") or "").split()]
assert len(nodes) == 13, nodes
assert len(edges) == 15, len(edges)
assert "unreachable" in nodes["scene-orphan"], nodes["scene-orphan"]
assert "dead-end" in nodes["scene-stuck"], nodes["scene-stuck"]
assert "must-see" in nodes["scene-how-to-report"]
assert "start" in nodes["scene-welcome"]
assert "missing" in nodes["missing-nowhere"]
fills = {g.get("id"): [p.get("fill") for p in g.findall("svg:path", ns) + g.findall("svg:polygon", ns)] for g in groups if g.get("id") in nodes}
assert "#ffd8a8" in fills["scene-orphan"], fills["scene-orphan"]
labels = [t.text for g in edges for t in g.findall("svg:text", ns)]
assert "Wait and see" in labels and "if confronted" in labels and "asks at 00:40" in labels, labels
PY
expect 1 '^digraph "branching"' -- "$author" graph "$branching" --format dot
expect 0 "wrote $tmp/wtdn.dot" -- "$author" graph "$root/content/modules/what-to-do-next" -o "$tmp/wtdn.dot"
grep -q '^digraph' "$tmp/wtdn.dot" || fail "-o x.dot should write DOT"
expect 2 'has no module.toml; give a module folder, one of:' -- "$author" graph "$root/content"
expect 2 'no such folder' -- "$author" graph "$tmp/nope"
expect 2 '--format must be svg or dot' -- "$author" graph "$branching" --format png
# Without Graphviz, SVG is impossible but DOT still works.
mkdir "$tmp/nodot"
expect 2 "Graphviz's 'dot' is not installed" -- env PATH="$tmp/nodot" "$author" graph "$branching" -o "$tmp/x.svg"
[ -e "$tmp/x.svg" ] && fail "a failed graph left $tmp/x.svg"
expect 1 '^digraph' -- env PATH="$tmp/nodot" "$author" graph "$branching" --format dot

# i18n: extract then status on a scratch copy; a second extract changes nothing.
cp -r "$root/tests/fixtures/i18n/content" "$tmp/c"
expect 0 'locales/cy/pack.po: created, 2 texts to translate' -- "$author" i18n extract "$tmp/c"
expect 0 'locales/cy/myths.po: up to date' -- "$author" i18n extract "$tmp/c"
expect 0 'Welsh \(cy\) +locales/cy/myths.po +5 +0 +2' -- "$author" i18n status "$tmp/c"
expect 0 'all files +5 +0 +4 +55% translated' -- "$author" i18n status "$tmp/c"
sed -i 's/Trafficking always means crossing a border./Trafficking always means taking someone across a border./' "$tmp/c/modules/myths/module.toml"
expect 0 '1 text with new English \(fuzzy, translation kept\)' -- "$author" i18n extract "$tmp/c"
grep -q '^#, fuzzy' "$tmp/c/locales/cy/myths.po" || fail "the edited entry is not fuzzy"
for po in myths pack; do msgfmt --check -o /dev/null "$tmp/c/locales/cy/$po.po" 2>"$tmp/msgfmt.err" || { fail "msgfmt rejects $po.po"; cat "$tmp/msgfmt.err"; }; done
expect 0 'error|warning|no problems' -- "$author" build "$tmp/c" -o "$tmp/c.pack"
expect 2 'i18n needs extract or status' -- "$author" i18n
expect 2 'no such folder' -- "$author" i18n status "$tmp/nope"

# new module: scaffolds a module that checks with no problems; refuses to overwrite one.
mkdir -p "$tmp/n"
printf 'id = "p"\nversion = 1\ntitle = "P"\nlanguages = ["en"]\n[[contacts]]\nname = "Helpline"\nphone = "08000 121 700"\n' >"$tmp/n/pack.toml"
expect 0 "created $tmp/n/modules/car-wash/module.toml" -- "$author" new module car-wash --content "$tmp/n"
expect 0 '^no problems$' -- "$author" check "$tmp/n"
expect 2 'already exists' -- "$author" new module car-wash --content "$tmp/n"
expect 2 'is not a module id' -- "$author" new module Car_Wash --content "$tmp/n"
expect 2 'Usage: kiosk-author new module' -- "$author" new car-wash

# The lints are listed and explained like every other code.
for code in W100 W101 W102; do
  expect 0 "$code \(warning\)" -- "$author" explain "$code"
done

# print: the sign-off page of one module, looked at as a browser prints it (A4 pages, through Chromium).
expect 0 "wrote $tmp/signoff.html: 1 module" -- "$author" print "$root/content" --module what-to-do-next -o "$tmp/signoff.html"
grep -q '<section class="module" id="what-to-do-next">' "$tmp/signoff.html" || fail "print: the module's section is missing"
grep -q 'reviewed_hash = &quot;\|reviewed_hash = "' "$tmp/signoff.html" || fail "print: no review hash to sign"
grep -q 'id="spot-the-signs"' "$tmp/signoff.html" && fail "print --module printed another module too"
if chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$tmp/signoff.pdf" \
     "file://$tmp/signoff.html" >"$tmp/chromium.log" 2>&1; then
  pages=$(grep -ac '/Type /Page\b' "$tmp/signoff.pdf")
  [ "$pages" -ge 3 ] || fail "print: Chromium printed $pages page(s) of what-to-do-next; a whole module takes several"
else
  fail "print: Chromium could not print the page: $(tail -3 "$tmp/chromium.log")"
fi
expect 2 "no module 'nope' in .*; its modules are: professional-curiosity, spot-the-signs" -- \
  "$author" print "$root/content" --module nope -o "$tmp/nope.html"
[ -e "$tmp/nope.html" ] && fail "print wrote a page for a module that does not exist"
expect 1 "nothing printed: fix the errors above first" -- \
  "$author" print "$root/tests/fixtures/diagnostics/E001-toml-syntax/content" -o "$tmp/broken.html"
[ -e "$tmp/broken.html" ] && fail "print wrote a page for content with errors"

finish "authoring tool checks"
