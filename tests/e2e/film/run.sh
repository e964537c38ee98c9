#!/usr/bin/env bash
# End to end, a film scene as a learner meets it: the real kiosk under Xvfb with libvlc, playing a film
# generated here with ffmpeg (8 s of a moving test picture) from a compiled pack; the X server's own
# pixels while it plays (the caption intact, the picture moving around it). Then the same pack with the
# film's bytes damaged: the transcript stands in and the module can still be finished.
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
  xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
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

# On the real screen: while a caption stays up, the kiosk copies only the picture around it to the X
# server, every picture. Grab the X server's own pixels while the film plays: the caption, and the
# Pause label the play tap put where Play was, must be exactly as the kiosk draws them in a whole frame
# taken later, and the picture around the caption must move. This pack's film has one caption from start
# to end, so however late the grabs come (before the question at 00:04), it is up.
cp -r "$work/content" "$work/onscreen-content"
printf 'WEBVTT\n\n00:00.000 --> 00:08.000\nOne caption all the way through.\n' \
  >"$work/onscreen-content/modules/film-test/film/en.vtt"
"$author" build "$work/onscreen-content" -o "$work/onscreen.pack" >"$work/author.log" 2>&1 || { cat "$work/author.log"; exit 1; }
mkdir -p "$work/onscreen" "$work/grabs"
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" sh -c '
  "$0" --pack "$1" --dev --db "$2/onscreen/records.db" --no-audio --stats --script "$3" --screenshot-dir "$4" \
    >"$2/onscreen.log" 2>&1 &
  kiosk=$!
  for _ in $(seq 1 300); do [ -s "$4/caption-now.txt" ] && break; sleep 0.05; done
  sleep 0.2
  ffmpeg -v error -f x11grab -draw_mouse 0 -video_size 1920x1080 -framerate 4 -i "$DISPLAY" -frames:v 4 \
    "$2/grabs/%d.png"
  wait $kiosk' "$kiosk" "$work/onscreen.pack" "$work" "$root/tests/e2e/film/onscreen.script" "$out"
status=$?
cat "$work/onscreen.log"
check "onscreen: scripted run exit status" 0 "$status"
grep -q "1:1 copy [1-9]" "$work/onscreen.log" && echo "ok: pictures went to the screen by the 1:1 copy" \
  || { echo "FAIL: no picture was copied 1:1 (see the stats above)"; fail=1; }
# The caption's text, where the kiosk drew it: "x1 y1 x2 y2<TAB>text".
read -r cx1 cy1 cx2 cy2 < <(grep -P "\tOne caption" "$out/caption-now.txt" | head -1 | cut -f1)
crop() {  # crop PNG W H X Y: its raw RGB bytes, to compare
  ffmpeg -v error -i "$1" -vf "crop=$2:$3:$4:$5" -f rawvideo -pix_fmt rgb24 -
}
read -r rx1 ry1 _ ry2 < <(grep -P "\tPause Back" "$out/caption-now.txt" | head -1 | cut -f1)
if [ -z "${cy2:-}" ] || [ -z "${ry2:-}" ] || [ ! -s "$work/grabs/4.png" ]; then
  echo "FAIL: no caption or controls position, or no grabs of the screen"; fail=1
else
  w=$((cx2 - cx1)); h=$((cy2 - cy1))
  crop "$out/caption-now.png" "$w" "$h" "$cx1" "$cy1" >"$work/caption.raw"
  # Only the row's first word: "Back 10 seconds" beside it is greyed out until the film is 10 s in.
  crop "$out/caption-now.png" 60 $((ry2 - ry1)) "$rx1" "$ry1" >"$work/pause.raw"
  for n in 1 2 3 4; do
    if ! crop "$work/grabs/$n.png" "$w" "$h" "$cx1" "$cy1" | cmp -s - "$work/caption.raw"; then
      echo "FAIL: on screen, grab $n, the caption is not as the kiosk draws it"; fail=1
    fi
    if ! crop "$work/grabs/$n.png" 60 $((ry2 - ry1)) "$rx1" "$ry1" | cmp -s - "$work/pause.raw"; then
      echo "FAIL: on screen, grab $n, the play tap's answer (Pause) is not on the screen"; fail=1
    fi
  done
  # A strip of the picture above the caption: it moves on the screen itself.
  if crop "$work/grabs/1.png" "$w" 120 "$cx1" $((cy1 - 200)) | cmp -s - <(crop "$work/grabs/4.png" "$w" 120 "$cx1" $((cy1 - 200))); then
    echo "FAIL: on screen, the picture around the caption did not move"; fail=1
  else
    echo "ok: on screen, the picture around the caption moves"
  fi
  for n in 1 2 3 4; do cp "$work/grabs/$n.png" "$out/onscreen-grab-$n.png"; done
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
