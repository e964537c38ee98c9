#!/usr/bin/env bash
# The trainers' tools through the real kiosk-author binary: `graph` writes an SVG whose scenes, arrows and
# warning classes are checked by parsing it; `i18n extract|status` run on a scratch copy of a fixture (never
# on content/); `new module` scaffolds a module that checks clean; `publish` writes a folder kiosks can poll
# and `verify-manifest` checks it. Usage: tools_cli_test.sh AUTHOR ROOT
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

# publish: a signed pack and its signed manifest as static files. Publishing again re-signs only the manifest
# (the pack file keeps its bytes, inode and time); an unsigned pack, one signed by another key, an older
# version, a different pack under a published version are refused with nothing changed; verify-manifest
# accepts what publish wrote and refuses it when tampered with or checked against another key.
for cmd in publish verify-manifest; do
  expect 0 "Usage: kiosk-author $cmd" -- "$author" "$cmd" --help
done
p="$tmp/pub"
mkdir -p "$p"
"$author" keygen --out "$p/k" >/dev/null && "$author" keygen --out "$p/other" >/dev/null || fail "publish: keygen"
cp -r "$root/tests/fixtures/i18n/content" "$p/c"
"$author" build "$p/c" -o "$p/v1.pack" >/dev/null 2>&1 || fail "publish: cannot build the pack"
expect 2 "not signed .*; sign it first: kiosk-author sign $p/v1.pack --key $p/k.key" -- \
  "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$p/site"
"$author" sign "$p/v1.pack" --key "$p/other.key" >/dev/null
expect 1 "v1.pack.sig: made by key [0-9a-f]{16}, not by $p/k.key \(key [0-9a-f]{16}\); sign it first" -- \
  "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$p/site"
[ -e "$p/site/manifest" ] && fail "publish wrote a manifest for a pack it refused"
"$author" sign "$p/v1.pack" --key "$p/k.key" >/dev/null
expect 2 "--expires must be a number of days or hours" -- \
  "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$p/site" --expires 400d
expect 0 "manifest +signed at .*\(in 7 days\)" -- "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$p/site" --expires 7d
site="$p/site"
cmp -s "$p/v1.pack" "$site/i18n-fixture-v1.pack" || fail "publish: the published pack differs from the signed one"
cmp -s "$p/v1.pack.sig" "$site/i18n-fixture-v1.pack.sig" || fail "publish: the published .sig differs"
python3 - "$site" <<'PY' || fail "publish: the manifest's lines"
import calendar, hashlib, os, re, sys, time
site = sys.argv[1]
lines = open(os.path.join(site, "manifest"), "rb").read().decode().split("\n")
assert lines[-1] == "" and len(lines) == 11, lines
assert lines[0] == "msht-kiosk pack manifest 1"
assert lines[1:5] == ["pack-id i18n-fixture", "pack-version 1", "file i18n-fixture-v1.pack",
                      "length %d" % os.path.getsize(os.path.join(site, "i18n-fixture-v1.pack"))], lines
sha = hashlib.sha256(open(os.path.join(site, "i18n-fixture-v1.pack"), "rb").read()).hexdigest()
assert lines[5] == "sha256 " + sha, lines[5]
t = lambda line, label: calendar.timegm(time.strptime(line[len(label) + 1:], "%Y-%m-%dT%H:%M:%SZ"))
signed, expires = t(lines[6], "signed-at"), t(lines[7], "expires-at")
assert abs(signed - time.time()) < 120 and expires - signed == 7 * 86400, (signed, expires)
assert re.fullmatch(r"key [0-9a-f]{16}", lines[8]) and re.fullmatch(r"ed25519 [0-9a-f]{128}", lines[9]), lines[8:]
PY
expect 0 "manifest: good signature by key [0-9a-f]{16} \(k\); pack i18n-fixture version 1" -- \
  "$author" verify-manifest "$site/manifest" --trust "$p/k.pub"
expect 0 "i18n-fixture-v1.pack: length and sha256 match the manifest; good signature" -- \
  "$author" verify-manifest "$site/manifest" --trust "$p/k.pub"
expect 1 "REFUSED $site/manifest: manifest signed by key [0-9a-f]{16}, which is not trusted" -- \
  "$author" verify-manifest "$site/manifest" --trust "$p/other.pub"
# Again, a second later: the same files, a new manifest.
before=$(stat -c '%i %Y.%y %s' "$site/i18n-fixture-v1.pack" "$site/i18n-fixture-v1.pack.sig")
cp "$site/manifest" "$p/manifest.1"
sleep 1
expect 0 "i18n-fixture-v1.pack +unchanged \(already there\)" -- "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$site"
[ "$(stat -c '%i %Y.%y %s' "$site/i18n-fixture-v1.pack" "$site/i18n-fixture-v1.pack.sig")" = "$before" ] ||
  fail "re-publishing touched the pack or its .sig"
cmp -s "$p/v1.pack" "$site/i18n-fixture-v1.pack" || fail "re-publishing changed the pack's bytes"
diff <(sed -n '1,6p' "$p/manifest.1") <(sed -n '1,6p' "$site/manifest") >/dev/null || fail "re-publishing changed a pack field"
cmp -s "$p/manifest.1" "$site/manifest" && fail "re-publishing did not re-sign the manifest"
python3 - "$site/manifest" <<'PY' || fail "re-publishing without --expires should give 30 days"
import calendar, sys, time
f = dict(line.split(" ", 1) for line in open(sys.argv[1]).read().splitlines())
t = lambda k: calendar.timegm(time.strptime(f[k], "%Y-%m-%dT%H:%M:%SZ"))
assert t("expires-at") - t("signed-at") == 30 * 86400, f
PY
# Version 2 goes out beside version 1; version 1 is then refused (a rollback), and so is another pack
# under version 2; neither changes the folder.
sed -i 's/^version = 1$/version = 2/' "$p/c/pack.toml"
"$author" build "$p/c" -o "$p/v2.pack" >/dev/null 2>&1 && "$author" sign "$p/v2.pack" --key "$p/k.key" >/dev/null ||
  fail "publish: cannot build and sign version 2"
expect 0 "published pack i18n-fixture version 2" -- "$author" publish "$p/v2.pack" --key "$p/k.key" --out "$site"
grep -qx 'file i18n-fixture-v2.pack' "$site/manifest" || fail "the manifest does not name version 2"
ls "$site" >"$p/listing"
cp "$site/manifest" "$p/manifest.2"
expect 1 "already announces version 2 of pack 'i18n-fixture'; publishing version 1 would be a rollback, which every kiosk refuses" -- \
  "$author" publish "$p/v1.pack" --key "$p/k.key" --out "$site"
sed -i 's/^title = .*/title = "Another pack, same version"/' "$p/c/pack.toml"
"$author" build "$p/c" -o "$p/v2b.pack" >/dev/null 2>&1 && "$author" sign "$p/v2b.pack" --key "$p/k.key" >/dev/null ||
  fail "publish: cannot build and sign another version 2"
expect 1 "already announces a different pack under version 2 .*raise the version in pack.toml" -- \
  "$author" publish "$p/v2b.pack" --key "$p/k.key" --out "$site"
# A pack changed after it was signed (another build put in its place) is refused too.
cp "$p/v2.pack.sig" "$p/v2b.pack.sig"
expect 1 "v2b.pack: the pack does not match its signature" -- "$author" publish "$p/v2b.pack" --key "$p/k.key" --out "$site"
cmp -s "$p/manifest.2" "$site/manifest" || fail "a refused publish changed the manifest"
[ -z "$(find "$site" -name '.*' -type f)" ] || fail "a refused publish left a temporary file: $(ls -a "$site")"
[ "$(ls "$site")" = "$(cat "$p/listing")" ] || fail "a refused publish changed the folder: $(ls "$site")"
# Tampering is caught by verify-manifest, as a kiosk would catch it.
cp "$site/i18n-fixture-v2.pack" "$p/good.pack"
printf 'x' | dd of="$site/i18n-fixture-v2.pack" bs=1 seek=5000 conv=notrunc status=none
expect 1 "REFUSED $site/i18n-fixture-v2.pack: its sha256 is not the manifest's" -- \
  "$author" verify-manifest "$site/manifest" --trust "$p/k.pub"
cp "$p/good.pack" "$site/i18n-fixture-v2.pack"
sed -i 's/^pack-version 2$/pack-version 3/' "$site/manifest"
expect 1 "REFUSED $site/manifest: the manifest does not match its signature" -- \
  "$author" verify-manifest "$site/manifest" --trust "$p/k.pub"

finish "authoring tool checks"
