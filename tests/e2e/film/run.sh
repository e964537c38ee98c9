#!/usr/bin/env bash
# End to end, a film scene as a learner meets it: the real kiosk under Xvfb with libvlc, playing a film
# generated here with ffmpeg (8 s of a moving test picture) from a compiled pack. Then the same pack
# with the film's bytes damaged: the transcript stands in and the module can still be finished.
set -u
. "$(dirname "$0")/../common.sh"
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: run tools/install-deps"; exit 1; }

cp -r "$root/tests/e2e/film/content" "$work/content"
film="$work/content/modules/film-test/film"
mkdir -p "$film"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x180:rate=25:duration=8" -f lavfi -i "sine=frequency=440:duration=8" \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 64k -shortest -threads 1 \
  -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 -movflags +faststart "$film/en.mp4" \
  || { echo "FAIL: ffmpeg could not make the test film"; exit 1; }
cat >"$film/en.vtt" <<'VTT'
WEBVTT

00:00.000 --> 00:02.500
First caption: the film has started.

00:02.500 --> 00:05.500
Second caption, in the middle.

00:05.500 --> 00:08.000
Third caption, near the end.
VTT
"$author" build "$work/content" -o "$work/film.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }

run() {  # run NAME PACK SCRIPT
  xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$kiosk" --pack "$2" --dev --db "$work/$1/records.db" --kiosk-id e2e-film --no-audio \
    --script "$3" --screenshot-dir "$out" >"$work/$1.log" 2>&1
  local status=$?
  cat "$work/$1.log"
  check "$1: scripted run exit status" 0 "$status"
}

run playing "$work/film.pack" "$root/tests/e2e/film/film.script"
db="$work/playing/records.db"
check "the timestamp question was answered and recorded" "film-test|q-pause|1" \
  "$(sqlite3 -readonly "$db" 'SELECT module_id, scene_id, correct FROM answers')"
check "the module was completed" "film-test|100" "$(sqlite3 -readonly "$db" 'SELECT module_id, percent FROM completions')"
if [ -s "$out/frame-0.png" ] && [ -s "$out/frame-1.png" ]; then
  if cmp -s "$out/frame-0.png" "$out/frame-1.png"; then
    echo "FAIL: the film's picture did not change while playing"; fail=1
  else
    echo "ok: the film's picture changes while it plays"
  fi
else
  echo "FAIL: no cropped film frames"; fail=1
fi

# Damage the film inside a copy of the pack (same length, so only its sha256 check can notice).
cp "$work/film.pack" "$work/broken.pack"
sqlite3 "$work/broken.pack" "UPDATE assets SET data = zeroblob(length(data)) WHERE path LIKE '%en.mp4'"
run broken "$work/broken.pack" "$root/tests/e2e/film/broken.script"
if grep -q "showing the transcript instead" "$work/broken.log"; then
  echo "ok: the log says why the film was not shown"
else
  echo "FAIL: the log does not explain the missing film"; fail=1
fi
check "the damaged film's module was still completed" "film-test|100" \
  "$(sqlite3 -readonly "$work/broken/records.db" 'SELECT module_id, percent FROM completions')"
echo "screenshots: $out"
exit $fail
