#!/usr/bin/env bash
# End to end, as a trainer uses it: `kiosk-author preview` on a scratch copy of ./content, with the real
# kiosk under Xvfb running preview.script. Between the script's screenshots this script edits the
# module the way an editor saves: new words (the screen follows), a broken file (the error shows over the
# last good version, with file:line:col, and in the terminal), then a fix (the error goes). The preview
# must record nothing anywhere, and each reload's time is printed.
set -u
. "$(dirname "$0")/../common.sh"

cp -r "$root/tests/e2e/preview/content" "$work/content"
module="$work/content/modules/preview-test/module.toml"

# Mistakes in the command line are caught before any window opens (no display needed for these).
"$author" preview "$work/content" --module nope --kiosk /bin/true >"$work/usage.log" 2>&1
check "an unknown module: exit status" 2 "$?"
grep -q "the content has no module 'nope'; its modules are: preview-test" "$work/usage.log" \
  && echo "ok: an unknown module is named with the ones there are" || { echo "FAIL: $(cat "$work/usage.log")"; fail=1; }
"$author" preview "$work/content" --module preview-test --scene nope --kiosk /bin/true >"$work/usage.log" 2>&1
check "an unknown scene: exit status" 2 "$?"
grep -q "module 'preview-test' has no scene 'nope'; its scenes are: first, second, done" "$work/usage.log" \
  && echo "ok: an unknown scene is named with the ones there are" || { echo "FAIL: $(cat "$work/usage.log")"; fail=1; }
"$author" preview "$work/content" --kiosk "$work/no-such-kiosk" >"$work/usage.log" 2>&1
check "a missing kiosk program: exit status" 2 "$?"
# A preview opens no records DB; if it did, it would be under these.
export HOME="$work/home" XDG_DATA_HOME="$work/xdg"
mkdir -p "$HOME"

mkdir -p "$work/tmp"  # the preview's scratch packs go here (TMPDIR), and must be gone at the end
TMPDIR="$work/tmp" xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  "$author" preview "$work/content" --module preview-test --scene second --size 1920x1080 --no-audio \
  --kiosk "$kiosk" --script "$root/tests/e2e/preview/preview.script" --screenshot-dir "$out" \
  >"$work/preview.log" 2>&1 &
preview=$!

# wait_for SHOT: until the script has taken screenshot SHOT (it is then waiting for the next save).
wait_for() {
  for _ in $(seq 1 600); do
    [ -s "$out/$1.png" ] && return 0
    kill -0 $preview 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: the preview never reached screenshot $1"; fail=1
  return 1
}
# save_by_rename TEXT_SED: an editor's save, written beside the file and renamed over it.
save_by_rename() {
  sed "$1" "$module" >"$work/content/modules/preview-test/.module.toml.swp"
  mv "$work/content/modules/preview-test/.module.toml.swp" "$module"
}

if wait_for 01-before; then
  save_by_rename 's/The words before the edit\./The words after the edit./'
  if wait_for 02-after; then
    # Saved in place: truncated and rewritten, as some editors do.
    broken=$(sed 's/^text = "The words after the edit\."$/text = "The words after the edit./' "$module")
    printf '%s\n' "$broken" >"$module"
    if wait_for 03-error; then
      save_by_rename 's/^text = "The words after the edit\.$/text = "The words after the fix, with a λ."/'
    fi
  fi
fi
wait $preview
status=$?
cat "$work/preview.log"
check "kiosk-author preview exit status (the script passed)" 0 "$status"

grep -q 'module.toml:25:8: error\[E001\]: this text has no closing quote' "$work/preview.log" \
  && echo "ok: the terminal shows the error with file:line:col" \
  || { echo "FAIL: the terminal does not show the error"; fail=1; }
check "reloads reported with their time" 2 "$(grep -c 'kiosk: preview: reloaded in [0-9]* ms' "$work/preview.log")"
check "the error reported with its time" 1 "$(grep -c 'kiosk: preview: 1 error shown in [0-9]* ms' "$work/preview.log")"
check "a new letter rebuilt the fonts" 1 "$(grep -c 'preview: new characters in the content: fonts rebuilt' "$work/preview.log")"
if [ -e "$XDG_DATA_HOME/msht-kiosk" ] || [ -e "$HOME/.local/share/msht-kiosk" ] \
   || find "$work" -name '*.db' -o -name 'staff.key' | grep -q .; then
  echo "FAIL: the preview wrote a records DB or a staff key"; fail=1
else
  echo "ok: the preview wrote no records DB and no staff key"
fi
check "the preview's scratch packs were removed" "" "$(ls -A "$work/tmp")"
# Welsh: --lang cy opens on the site that offers it; a text with no Welsh yet shows in English, marked.
cp -r "$root/content" "$work/sample"
python3 - "$work/sample/locales/cy/what-to-do-next.po" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# Empty the translation of the welcome scene's text, as if the translator had not reached it yet.
entry = re.compile(r'(msgctxt "what-to-do-next/welcome/text"\nmsgid (?:"[^\n]*"\n)+)msgstr (?:"[^\n]*"\n)+')
text, n = entry.subn(lambda m: m.group(1) + 'msgstr ""\n', text)
assert n == 1, n
open(path, "w", encoding="utf-8").write(text)
PY
expect_usage() {  # expect_usage PATTERN ARGS...: a mistake in the command line, caught before a window opens
  local pattern="$1"
  shift
  "$author" preview "$work/sample" --kiosk /bin/true "$@" >"$work/usage.log" 2>&1
  local status=$?
  if [ "$status" = 2 ] && grep -q -- "$pattern" "$work/usage.log"; then echo "ok: preview $*: $pattern"
  else echo "FAIL: preview $* -> $status: $(cat "$work/usage.log")"; fail=1; fi
}
expect_usage "the pack has no language 'cyy'; pack.toml lists: en, cy; did you mean 'cy'?" --lang cyy
expect_usage "site 'greater-manchester' does not offer 'cy'; these sites do: wales-sample" --site greater-manchester --lang cy
expect_usage "the content has no site 'wales'; its sites are: greater-manchester, wales-sample" --site wales
TMPDIR="$work/tmp" xvfb-run -a -s "-screen 0 1280x720x24 -noreset" \
  "$author" preview "$work/sample" --module what-to-do-next --lang cy --no-audio \
  --kiosk "$kiosk" --script "$root/tests/e2e/preview/welsh.script" --screenshot-dir "$out" \
  >"$work/welsh.log" 2>&1
check "kiosk-author preview --lang cy exit status (the script passed)" 0 "$?"
grep -q "previewing module 'what-to-do-next' at scene 'welcome' on site 'wales-sample' in Welsh (cy)" "$work/welsh.log" \
  && echo "ok: the terminal says which site and language" || { echo "FAIL: $(cat "$work/welsh.log")"; fail=1; }
grep -q "Beth i'w wneud nesaf" "$out/06-welsh.txt" 2>/dev/null \
  && echo "ok: the translated title shows in Welsh" || { echo "FAIL: no Welsh title in the preview"; fail=1; }

for shot in 01-before 02-after 03-error 04-fixed 05-end 06-welsh; do
  [ -s "$out/$shot.png" ] && echo "ok: screenshot $shot" || { echo "FAIL: no screenshot $shot"; fail=1; }
done
echo "reload times:"
grep -o 'preview: \(reloaded\|1 error shown\) in [0-9]* ms.*' "$work/preview.log" | sed 's/^/  /'
echo "screenshots: $out"
exit $fail
