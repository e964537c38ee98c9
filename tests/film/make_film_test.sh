#!/usr/bin/env bash
# tools/make-film end to end: renders the tiny two-shot storyboard in fixture/ twice and checks the films
# (byte-identical, H.264 + AAC, 960x540, the right length, moving pictures, captions that match the
# narration), one-line errors for bad storyboards, and that the real professional-curiosity storyboard
# still agrees with its module.toml (chapter times and titles, pauses after the narration, Welsh titles).
# Usage: make_film_test.sh REPO_ROOT   (exit 0 pass, 1 fail, 77 skip when a tool is not installed)
set -u
root="$1"
make_film="$root/tools/make-film"
fixture="$root/tests/film/fixture"
module="$root/content/modules/professional-curiosity"
for tool in python3 ffmpeg ffprobe rsvg-convert espeak-ng; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (run tools/install-deps)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# --- Two renders into fresh folders give the same bytes; a third run finds everything up to date.
for run in a b; do
  "$make_film" "$fixture/storyboard.toml" --out "$tmp/$run" >"$tmp/$run.log" 2>&1 ||
    fail "render $run exited $?: $(cat "$tmp/$run.log")"
done
for f in en.mp4 en.vtt cy.mp4 cy.vtt; do
  [ -s "$tmp/a/$f" ] || fail "render wrote no $f"
  cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two renders of the same storyboard"
done
"$make_film" "$fixture/storyboard.toml" --out "$tmp/a" >"$tmp/again.log" 2>&1
grep -q "up to date" "$tmp/again.log" || fail "an unchanged storyboard was rendered again: $(cat "$tmp/again.log")"
"$make_film" "$fixture/storyboard.toml" --timings >"$tmp/timings.json" || fail "--timings exited $?"

# --- The files themselves: streams, size, length, captions, audio under each caption, motion.
for lang in en cy; do
  ffprobe -v error -show_entries stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate \
    -show_entries format=duration -of json "$tmp/a/$lang.mp4" >"$tmp/$lang.probe.json" || fail "ffprobe cannot read $lang.mp4"
  ffmpeg -v error -i "$tmp/a/$lang.mp4" -map 0:a -ac 1 -ar 22050 -f s16le "$tmp/$lang.pcm" || fail "cannot decode $lang audio"
  for t in 0 1 2; do
    ffmpeg -v error -ss "$t" -i "$tmp/a/$lang.mp4" -frames:v 1 -f rawvideo -pix_fmt gray "$tmp/$lang-$t.gray" ||
      fail "cannot extract the $lang frame at ${t}s"
  done
  cmp -s "$tmp/$lang-0.gray" "$tmp/$lang-2.gray" && fail "$lang: the frames at 0 s and 2 s are the same"
  # 0 s is still fading in; 1 s and 2 s are both full pictures, so a difference there is the pan itself.
  cmp -s "$tmp/$lang-1.gray" "$tmp/$lang-2.gray" && fail "$lang: the picture does not move between 1 s and 2 s"
  python3 - "$lang" "$tmp" "$fixture/storyboard.toml" <<'EOF' || failures=$((failures + 1))
import array, json, re, sys, tomllib
lang, tmp, storyboard = sys.argv[1:]
probe = json.load(open(f"{tmp}/{lang}.probe.json"))
timings = json.load(open(f"{tmp}/timings.json"))
board = tomllib.load(open(storyboard, "rb"))
problems = []
streams = {s["codec_type"]: s for s in probe["streams"]}
video, audio = streams.get("video", {}), streams.get("audio", {})
if (video.get("codec_name"), video.get("width"), video.get("height"), video.get("pix_fmt"), video.get("r_frame_rate")) \
        != ("h264", 960, 540, "yuv420p", "25/1"):
    problems.append(f"video stream is {video}, not h264 960x540 yuv420p 25 fps")
if audio.get("codec_name") != "aac":
    problems.append(f"audio stream is {audio.get('codec_name')}, not aac")
shots = sum(s["seconds"] for s in timings["shots"])
minimum = sum(s["duration"] for s in board["shots"])
duration = float(probe["format"]["duration"])
if abs(duration - shots) > 0.2 or shots < minimum:
    problems.append(f"duration {duration:.2f} s; the shots add up to {shots} s (minimum {minimum} s)")

text = open(f"{tmp}/a/{lang}.vtt", encoding="utf-8").read()
if not text.startswith("WEBVTT\n"):
    problems.append("the captions do not start with WEBVTT")
def ms(h, m, s, f): return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)
cues = [(ms(*c[:4]), ms(*c[4:])) for c in
        re.findall(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$", text, re.M)]
lines = sum(len(s["narration"][lang]) for s in board["shots"])
if len(cues) != lines:
    problems.append(f"{len(cues)} caption cues for {lines} narration lines")
previous_end = 0
for start, end in cues:
    if not (previous_end <= start < end <= duration * 1000):
        problems.append(f"cue {start}-{end} ms is out of order or outside the film")
    previous_end = end
if [(c["start"], c["end"]) for c in timings["cues"][lang]] != cues:
    problems.append("the captions differ from the cue times --timings reports")

# The narration is under its captions: loud inside each cue (AAC smears edges, so 80 ms margins),
# quiet before the first one.
pcm = array.array("h", open(f"{tmp}/{lang}.pcm", "rb").read())
def loud(a, b):
    part = pcm[a * 22050 // 1000: b * 22050 // 1000]
    return part and max(abs(x) for x in part) > 1500
for start, end in cues:
    if not loud(start + 80, end - 80):
        problems.append(f"no speech under the cue {start}-{end} ms")
if cues and loud(0, cues[0][0] - 80):
    problems.append("sound before the first caption starts")
for p in problems:
    print(f"FAIL: {lang}: {p}")
sys.exit(1 if problems else 0)
EOF
done
size=$(stat -c %s "$tmp/a/en.mp4")
[ "$size" -lt 400000 ] || fail "the 9-second fixture film is $size bytes; expected well under 400 kB"

# --- Bad storyboards: exit 1 and one line naming the problem, never a traceback.
expect_error() {  # expect_error NAME PATTERN STORYBOARD [ARGS...]
  local name="$1" pattern="$2" board="$3"
  shift 3
  local out status
  out=$("$make_film" "$board" --out "$tmp/bad" "$@" 2>&1)
  status=$?
  if [ "$status" != 1 ] || [ "$(wc -l <<<"$out")" != 1 ] || ! grep -qE -- "$pattern" <<<"$out" ||
    grep -q Traceback <<<"$out"; then
    fail "$name: exit $status, wanted 1 and one line matching /$pattern/; got: $out"
  fi
}
sed 's/shapes\.svg/missing-picture.svg/' "$fixture/storyboard.toml" >"$tmp/missing.toml"
cp "$fixture/shapes.svg" "$tmp/"
expect_error "missing SVG" "missing\.toml:[0-9]+: error: .*'missing-picture\.svg' not found" "$tmp/missing.toml"
sed 's/^duration = 3$/duration = = 3/' "$fixture/storyboard.toml" >"$tmp/syntax.toml"
expect_error "TOML syntax" "syntax\.toml:[0-9]+:[0-9]+: error:" "$tmp/syntax.toml"
sed 's/^chapter.cy = .*//' "$fixture/storyboard.toml" >"$tmp/nocy.toml"
expect_error "missing Welsh chapter" "nocy\.toml:[0-9]+: error: 'chapter' has no 'cy' version" "$tmp/nocy.toml"
expect_error "unknown language" "--lang fr" "$fixture/storyboard.toml" --lang fr
# The real interpreter, not a version-manager shim that would need its own PATH.
mkdir -p "$tmp/bin" && ln -s "$(python3 -c "import sys; print(sys.executable)")" "$tmp/bin/python3"
out=$(PATH="$tmp/bin" "$make_film" "$fixture/storyboard.toml" --out "$tmp/bad" 2>&1)
[ $? = 1 ] && grep -q "apt-get install ffmpeg librsvg2-bin espeak-ng" <<<"$out" ||
  fail "missing tools: wanted the apt-get line, got: $out"

# --- The real storyboard agrees with its module: chapters, pauses and Welsh chapter titles.
"$make_film" "$module/film.toml" --timings >"$tmp/real.json" || fail "--timings on the real storyboard exited $?"
python3 - "$tmp/real.json" "$module/module.toml" "$root/content/locales/cy/professional-curiosity.po" "$module/film" \
  <<'EOF' || failures=$((failures + 1))
import json, os, re, sys, tomllib
timings, module_path, po_path, film_dir = sys.argv[1:]
t = json.load(open(timings))
module = tomllib.load(open(module_path, "rb"))
problems = []
film = next(s for s in module["scenes"] if s["kind"] == "film")
want = [(c["at"], c["title"]["en"]) for c in t["chapters"]]
have = [(c["at"], c["title"]) for c in film.get("chapters", [])]
if want != have:
    problems.append(f"module.toml chapters {have}\n      but the storyboard's shots start at {want}")
def secs(clock): return sum(int(x) * 60 ** i for i, x in enumerate(reversed(clock.split(":"))))
scenes = {s["id"]: s for s in module["scenes"]}
for pause in film.get("pauses", []):
    at = secs(pause["at"]) * 1000
    shot = next((s for s in t["shots"] if s["start"] * 1000 <= at < (s["start"] + s["seconds"]) * 1000), None)
    spoken = [c["end"] for cues in t["cues"].values() for c in cues if shot and c["shot"] == shot["id"]]
    if shot is None or (spoken and max(spoken) > at):
        problems.append(f"the pause at {pause['at']} interrupts the narration (it should come after it)")
    if scenes.get(pause["question"], {}).get("kind") != "question":
        problems.append(f"the pause at {pause['at']} names '{pause['question']}', which is not a question scene")
# Welsh chapter titles: the PO's msgstr must be the storyboard's chapter.cy, or the menu and film disagree.
po = open(po_path, encoding="utf-8").read()
for i, chapter in enumerate(t["chapters"]):
    m = re.search(rf'msgctxt "{module["id"]}/film/chapters/{i}/title"\nmsgid .*\nmsgstr "(.*)"', po)
    if not m or m[1] != chapter["title"]["cy"]:
        problems.append(f"Welsh title of chapter {i} in the PO is not the storyboard's '{chapter['title']['cy']}'")
# If the build has made the films, their captions must be this storyboard's.
for lang, cues in t["cues"].items():
    vtt = os.path.join(film_dir, f"{lang}.vtt")
    if os.path.exists(vtt) and len(re.findall(r" --> ", open(vtt, encoding="utf-8").read())) != len(cues):
        problems.append(f"{vtt} is out of date; build the 'films' target")
for p in problems:
    print(f"FAIL: real storyboard: {p}")
sys.exit(1 if problems else 0)
EOF

[ "$failures" = 0 ] && echo "make-film: all checks passed" && exit 0
echo "$failures check(s) failed"
exit 1
