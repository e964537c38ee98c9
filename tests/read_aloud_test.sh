#!/usr/bin/env bash
# Read aloud, heard (issue 18): the real kiosk under Xvfb, at the sample's Welsh site, reads the attract
# screen aloud in Welsh and then in English, with --speech-to writing what espeak-ng says to WAV files
# instead of a speaker. Each recording must be speech of about the length its words take to say (espeak-ng speaks 175 words a
# minute), in the screen's language's voice; and on a kiosk with no audio the button is not there.
# Exit 77 (skipped) when xvfb-run is not installed.
. "$(dirname "$0")/kiosk_test_common.sh"

run_kiosk() {  # run_kiosk SCRIPT EXTRA-OPTIONS... -> the kiosk's exit status; output in $tmp/out
  rm -f "$tmp/status"
  local script="$1"
  shift
  # shellcheck disable=SC2016  # "$@" and $? belong to the inner sh
  xvfb-run -a -s "-screen 0 1280x720x24 -noreset" sh -c '"$@"; echo $? >"$0"' "$tmp/status" \
    "$kiosk" --pack "$tmp/t.pack" --dev --db "$tmp/db/records.db" --windowed 1280x720 \
    --script "$script" --screenshot-dir "$tmp/shots" "$@" >"$tmp/out" 2>&1
  local xvfb=$?
  if [ -s "$tmp/status" ]; then return "$(cat "$tmp/status")"; fi
  return "$xvfb"
}

cat >"$tmp/read.txt" <<'EOF'
tap a11y.open
tap a11y.read
tap a11y.close
tap lang.en
tap a11y.open
tap a11y.read
EOF
run_kiosk "$tmp/read.txt" --site wales-sample --speech-to "$tmp/speech"
status=$?
[ $status -eq 0 ] || { fail "reading aloud exited $status"; cat "$tmp/out"; }

# Each recording: a WAV file of speech, and its words and voice.
python3 - "$tmp/speech" <<'EOF' || failures=$((failures + 1))
import pathlib, sys, wave

folder = pathlib.Path(sys.argv[1])
wavs = sorted(folder.glob("*.wav"))
if [w.name for w in wavs] != ["0001-cy.wav", "0002-en.wav"]:
    sys.exit(f"FAIL: recordings {[w.name for w in wavs]}, want 0001-cy.wav then 0002-en.wav")
texts = {}
for wav in wavs:
    meta, _, words = wav.with_suffix(".txt").read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in meta.splitlines())
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
        frames = w.readframes(w.getnframes())
    samples = memoryview(frames).cast("h")
    loud = sum(1 for s in samples if abs(s) > 1000) / max(1, len(samples))
    count = len(words.split())
    expected = count * 60 / 175  # espeak-ng's default rate, before its pauses between sentences
    print(f"read aloud: {wav.name}: voice {fields['voice']}, {count} words, {seconds:.1f} s of speech "
          f"(about {expected:.1f} s expected), {loud:.0%} of samples loud")
    lang = wav.stem.split("-")[1]
    if fields["voice"] != lang:
        sys.exit(f"FAIL: {wav.name} was read with the {fields['voice']} voice")
    if count < 10:
        sys.exit(f"FAIL: {wav.name} read only {count} words: {words!r}")
    if not expected * 0.6 <= seconds <= expected * 2.0:
        sys.exit(f"FAIL: {wav.name} is {seconds:.1f} s for {count} words (want {expected * 0.6:.1f} to {expected * 2:.1f})")
    if loud < 0.2:
        sys.exit(f"FAIL: {wav.name} is mostly silence ({loud:.0%} of samples loud)")
    texts[lang] = words
if texts["en"] == texts["cy"]:
    sys.exit("FAIL: the Welsh screen read the English words")
if "Cyffyrddwch" not in texts["cy"] and "sgrin" not in texts["cy"]:
    sys.exit(f"FAIL: the Welsh reading has none of the attract screen's Welsh words: {texts['cy']!r}")
EOF

# No audio device and no recording: the button is not shown (a button that does nothing is worse).
printf 'tap a11y.open\nexpect no-widget a11y.read\nexpect widget a11y.close\n' >"$tmp/none.txt"
run_kiosk "$tmp/none.txt" --no-audio
status=$?
[ $status -eq 0 ] || { fail "with --no-audio the display settings still offer read aloud (exit $status)"; cat "$tmp/out"; }

[ $failures -eq 0 ] && echo "read aloud: all passed"
exit $((failures > 0))
