# make-film's captions: one language's cues as a WebVTT file.
import textwrap
from xml.sax.saxutils import escape


# ---------------------------------------------------------------------------------------------- captions
def vtt_time(ms):
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def vtt(cues):
    """WebVTT with one cue per narration line, wrapped to two short lines where it helps reading."""
    out = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        text = escape(cue["text"])  # & < > would start entities or tags
        out += [f"{cue['shot']}-{n}", f"{vtt_time(cue['start'])} --> {vtt_time(cue['end'])}",
                *textwrap.wrap(text, 42, break_long_words=False), ""]
    return "\n".join(out)
