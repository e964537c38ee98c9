#!/usr/bin/env bash
# The compiled pack must not carry an outdated figure from the fact sheet's "don't get this wrong" list
# (shared/domain/facts.md, section 0): the 45-day recovery period, the old "may be a victim" test, the old
# Salvation Army 0300 number, or the Helpline number with a digit missing. It builds content/ into a pack and
# reads every text in it: the strings table in every language (so the Welsh too), sources, contacts, sites,
# facts, and captions (assets stored as text). Then it proves it can fail: the same figures planted in a copy
# of content/ (English TOML, a Welsh PO entry, a contact, a caption) must each be found in that pack.
# Usage: outdated_figures.sh KIOSK_AUTHOR PROJECT_ROOT
set -u
author="$1"
root="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# Each line: a name, a tab, a Perl regular expression (matched case-insensitively). Phone numbers match with
# or without spaces, dots or hyphens between the digits, but not inside a longer run of digits; the right
# Helpline number 08000 121 700 (also written 0800 0121 700) does not match the one with a digit missing.
patterns=$(cat <<'EOF'
45-day recovery period	(?<![0-9])45[ -]?days?\b|\bforty[ -]five[ -]days?\b|(?<![0-9])45 o ddiwrnodau\b|(?<![0-9])45 diwrnod
"may be a victim" (the pre-2023 test)	\bmay be (a |the )?victims?\b
Salvation Army's old number 0300 303 8151	(?<![0-9])0[ .-]?3[ .-]?0[ .-]?0[ .-]?3[ .-]?0[ .-]?3[ .-]?8[ .-]?1[ .-]?5[ .-]?1(?![0-9])
Helpline number with a digit missing (0800 121 700)	(?<![0-9])0[ .-]?8[ .-]?0[ .-]?0[ .-]?1[ .-]?2[ .-]?1[ .-]?7[ .-]?0[ .-]?0(?![0-9])
EOF
)

# Every text in a pack, one field per line: all tables but the asset blobs, then the assets that are text.
pack_text() {
  local pack="$1" table
  for table in $(sqlite3 -readonly "$pack" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'assets' ORDER BY name"); do
    sqlite3 -readonly -separator $'\n' "$pack" "SELECT * FROM \"$table\""
  done
  sqlite3 -readonly "$pack" "SELECT CAST(data AS TEXT) FROM assets WHERE mime LIKE 'text/%' ORDER BY path"
}

# scan TEXT_FILE: prints "NAME: the matching text" for every outdated figure found; the names found go to $hits.
scan() {
  local file="$1" name regex found
  hits=""
  while IFS=$'\t' read -r name regex; do
    found=$(grep -oiP -- "$regex" "$file" | sort -u | head -3)
    if [ -n "$found" ]; then
      echo "  $name: $(tr '\n' ';' <<<"$found")"
      hits+="$name"$'\n'
    fi
  done <<<"$patterns"
}

build() {  # build CONTENT_DIR PACK
  "$author" build "$1" -o "$2" >"$work/author.log" 2>&1 || { echo "FAIL: kiosk-author build $1"; cat "$work/author.log"; exit 1; }
}

# 1. The real content.
build "$root/content" "$work/real.pack"
pack_text "$work/real.pack" >"$work/real.txt"
lines=$(wc -l <"$work/real.txt")
welsh=$(sqlite3 -readonly "$work/real.pack" "SELECT count(*) FROM strings WHERE lang = 'cy'")
echo "read $lines lines of text from the pack, with $welsh Welsh strings"
if [ "$welsh" -lt 1 ]; then echo "FAIL: the pack has no Welsh strings, so the Welsh was not checked"; fail=1; fi
scan "$work/real.txt" >"$work/real.hits"
if [ -n "$hits" ]; then
  echo "FAIL: the pack contains outdated figures (see shared/domain/facts.md, section 0):"
  cat "$work/real.hits"
  fail=1
else
  echo "ok: no outdated figure in the pack (English, Welsh, sources, contacts, sites, facts, captions)"
fi

# 2. The check can fail: plant each figure somewhere different in a copy of the content.
cp -r "$root/content" "$work/planted"
p="$work/planted"
module=$(ls "$p/modules" | head -1)
cat >>"$p/pack.toml" <<'EOF'

[[contacts]]
name = "Planted contact"
phone = "0300 303 8151"
EOF
cat >>"$p/modules/$module/module.toml" <<'EOF'

[[sources]]
title = "Planted: adults get a 45-day recovery period"
url = "https://example.org/planted"
checked = 2026-01-01
EOF
# A Welsh entry: the first non-empty msgstr of the module's PO file gains the "may be a victim" wording.
po="$p/locales/cy/$module.po"
if [ -f "$po" ]; then
  awk 'BEGIN { done = 0 }
       !done && /^msgstr "[^"]/ { sub(/"$/, " (may be a victim)\""); done = 1 }
       { print }' "$po" >"$po.new" && mv "$po.new" "$po"
else
  echo "FAIL: no Welsh PO file for $module to plant in"; fail=1
fi
# A caption, if any film has one: the Helpline number with a digit missing, added to its last cue.
vtt=$(find "$p/modules" -name '*.vtt' | sort | head -1)
if [ -n "$vtt" ]; then
  last=$(grep -n . "$vtt" | tail -1 | cut -d: -f1)
  sed -i "${last}s/\$/ Call 0800 121 700./" "$vtt"
else
  sed -i 's/^phone = "0300 303 8151"$/phone = "0300 303 8151"\nnote = "Or call 0800 121 700."/' "$p/pack.toml"
fi
build "$p" "$work/planted.pack"
pack_text "$work/planted.pack" >"$work/planted.txt"
scan "$work/planted.txt" >"$work/planted.hits"
cat "$work/planted.hits"
while IFS=$'\t' read -r name regex; do
  if grep -qxF -- "$name" <<<"$hits"; then
    echo "ok: a planted copy is caught: $name"
  else
    echo "FAIL: a planted copy was not found: $name"; fail=1
  fi
done <<<"$patterns"
exit $fail
