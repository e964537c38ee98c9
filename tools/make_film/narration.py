# make-film's narration and timing: espeak-ng speaks each line, plan() lays out the shots every language shares,
# and cues_and_track() places one language's lines on that timeline.
import array
import math
import os
import sys
import wave

from errors import UserError, run


# ----------------------------------------------------------------------------- narration and timing
def speak(text, voice, wpm, path):
    # -b 1: the text is UTF-8 (Welsh ŵ); --stdin keeps a line starting with '-' from reading as an option.
    run(["espeak-ng", "-v", voice, "-s", str(wpm), "-b", "1", "--stdin", "-w", path], input=text.encode())
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise UserError(f"espeak-ng wrote an unexpected WAV format for voice '{voice}'")
        rate = w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    # espeak-ng pads each line with silence; keep only the voiced part (plus 20 ms) so a caption starts
    # and ends with the words, and gaps between lines are the storyboard's, not the synthesiser's.
    loud = [i for i, s in enumerate(samples) if abs(s) > 150]
    if not loud:
        return rate, array.array("h")
    margin = rate // 50
    return rate, samples[max(0, loud[0] - margin): loud[-1] + margin]


def plan(board, work):
    """Synthesises every line in every language and lays out the shared timeline.

    Shot length = max(duration, longest narration in any language + lead-in, gaps and padding), rounded
    up to whole seconds: every language gets the same shot boundaries, so one set of chapter times in
    module.toml ("mm:ss") fits every film exactly.
    """
    rate, clips = None, {}
    for shot in board.shots:
        for lang in board.languages:
            for n, line in enumerate(shot["narration"][lang]):
                path = os.path.join(work, f"{lang}-{shot['id']}-{n}.wav")
                r, clip = speak(line["say"], board.voices[lang], board.wpm[lang], path)
                if not clip:  # a cue must end after it starts, and a silent line would be a bug anyway
                    board.fail(f"shot '{shot['id']}': espeak-ng made no sound for the {lang} line "
                               f"\"{line['say']}\"", shot["index"], "narration")
                if rate not in (None, r):
                    raise UserError(f"espeak-ng voices disagree on the sample rate ({rate} and {r} Hz)")
                rate = r
                clips[(lang, shot["id"], n)] = clip
    rate = rate or 22050
    timeline, start = [], 0
    for shot in board.shots:
        need = 0
        for lang in board.languages:
            lens = [len(clips[(lang, shot["id"], n)]) for n in range(len(shot["narration"][lang]))]
            if lens:
                need = max(need, (board.lead_in + board.gap * (len(lens) - 1) + board.padding) * rate + sum(lens))
        seconds = math.ceil(max(shot["duration"] * rate, need) / rate - 1e-9)
        timeline.append({"shot": shot, "start": start, "seconds": seconds})
        start += seconds
    return rate, clips, timeline


def cues_and_track(board, lang, rate, clips, timeline):
    """Places one language's lines on the timeline: (cues in ms, the whole narration as samples)."""
    total = sum(t["seconds"] for t in timeline) * rate
    track, cues = array.array("h", bytes(2 * total)), []
    for t in timeline:
        at = t["start"] * rate + round(board.lead_in * rate)
        for n, line in enumerate(t["shot"]["narration"][lang]):
            clip = clips[(lang, t["shot"]["id"], n)]
            track[at:at + len(clip)] = clip
            cues.append({"shot": t["shot"]["id"], "start": round(at * 1000 / rate),
                         "end": round((at + len(clip)) * 1000 / rate), "text": line["text"]})
            at += len(clip) + round(board.gap * rate)
    return cues, track


def clock(seconds):
    return f"{seconds // 60:02d}:{seconds % 60:02d}" if seconds < 3600 else \
        f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
