# make-film's storyboard: reads and checks STORYBOARD.toml, with each error naming its line; and lists every
# file the films depend on (the storyboard, make-film's own code, the SVGs) for the up-to-date stamp.
import os
import re
import stat
import tomllib

from errors import UserError, where

DEFAULT_VOICES = {"en": "en-gb", "cy": "cy"}
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# make-film's own code: the script beside this folder and every module in it. A change to any of it may
# change the films, so it is part of every film's stamp (Storyboard.inputs).
_HERE = os.path.dirname(os.path.abspath(__file__))
CODE = [os.path.join(os.path.dirname(_HERE), "make-film")] + sorted(
    os.path.join(_HERE, name) for name in os.listdir(_HERE) if name.endswith(".py"))


# ------------------------------------------------------------------------------------------ storyboard
class Storyboard:
    """The parsed, checked storyboard. Positions come from the text because tomllib keeps none.

    Top level: languages = ["en", "cy"] (required); illustrations = folder of SVGs, relative to the
    storyboard (default "."); voices = { lang = espeak-ng voice } (defaults en-gb, cy); words_per_minute =
    number or { lang = number } (150); lead_in, gap, padding = seconds before the first line, between
    lines and after the last line of a shot (0.6, 0.4, 1.2). Each [[shots]] has id, duration (minimum
    seconds), illustration (an .svg) and/or text.<lang>, chapter.<lang> (optional), and narration.<lang> =
    a list of lines, each "caption" or { text = "caption", say = "what the voice says" }.
    """

    def __init__(self, path):
        self.path = path
        self.folder = os.path.dirname(os.path.abspath(path))
        # A FIFO would block and a huge file would be read whole: look before reading (1 MiB is far more
        # than any storyboard needs).
        try:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise UserError(f"{path}: is a folder, not a storyboard")
            if not stat.S_ISREG(st.st_mode):
                raise UserError(f"{path}: is not a regular file, so not a storyboard")
            if st.st_size > 1 << 20:
                raise UserError(f"{path}: is {st.st_size} bytes; a storyboard is at most 1 MiB")
            with open(path, "rb") as f:
                self.raw = f.read()
        except OSError as e:
            raise UserError(f"{path}: cannot read the storyboard: {e.strerror}")
        self.lines = self.raw.decode("utf-8", "replace").splitlines()
        try:
            data = tomllib.loads(self.raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise UserError(f"{path}: error: the storyboard is not UTF-8 text")
        except tomllib.TOMLDecodeError as e:
            m = re.match(r"(.*) \(at line (\d+), column (\d+)\)$", str(e))
            if m:
                raise UserError(f"{where(path, m[2], m[3])}: error: {m[1]}")
            raise UserError(f"{path}: error: {e}")
        self._load(data)

    # Line of the n-th [[shots]] header, and of `key` inside it (or at the top level when shot is None).
    def line_of(self, shot=None, key=None):
        headers = [i for i, t in enumerate(self.lines) if re.match(r"\s*\[\[\s*shots\s*\]\]", t)]
        lo = 0 if shot is None else headers[shot] if shot < len(headers) else 0
        hi = (headers[0] if headers else len(self.lines)) if shot is None else \
            headers[shot + 1] if shot + 1 < len(headers) else len(self.lines)
        if key:
            for i in range(lo, hi):
                if re.match(rf"\s*{re.escape(key)}\s*[.=]", self.lines[i]):
                    return i + 1
        return lo + 1 if shot is not None else None

    def fail(self, message, shot=None, key=None):
        raise UserError(f"{where(self.path, self.line_of(shot, key))}: error: {message}")

    def _number(self, table, key, default, lo, hi, shot=None):
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            self.fail(f"'{key}' must be a number of seconds from {lo} to {hi}", shot, key)
        return float(value)

    def _per_language(self, table, key, shot, what):
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a table of language -> {what}, e.g. {key}.en = ...", shot, key)
        for lang in value:
            if lang not in self.languages:
                self.fail(f"'{key}.{lang}': '{lang}' is not in the storyboard's languages", shot, key)
        for lang in self.languages:
            if lang not in value:
                self.fail(f"'{key}' has no '{lang}' version", shot, key)
        return value

    def _load(self, data):
        allowed = {"languages", "illustrations", "voices", "words_per_minute", "lead_in", "gap", "padding", "shots"}
        for key in data:
            if key not in allowed:
                self.fail(f"unknown key '{key}'; expected one of {', '.join(sorted(allowed))}", None, key)
        langs = data.get("languages")
        if not isinstance(langs, list) or not langs or not all(isinstance(x, str) and x for x in langs):
            self.fail("'languages' must be a list of language codes, e.g. [\"en\", \"cy\"]", None, "languages")
        self.languages = langs
        voices = data.get("voices", {})
        if not isinstance(voices, dict):
            self.fail("'voices' must be a table of language -> espeak-ng voice", None, "voices")
        self.voices = {}
        for lang in langs:
            voice = voices.get(lang, DEFAULT_VOICES.get(lang))
            if not isinstance(voice, str) or not voice:
                self.fail(f"no espeak-ng voice for '{lang}'; add voices.{lang} = \"...\"", None, "voices")
            self.voices[lang] = voice
        # One speaking rate, or one per language: some voices need to go faster to keep the films in step.
        wpm = data.get("words_per_minute", 150)
        rates = wpm if isinstance(wpm, dict) else {lang: wpm for lang in langs}
        self.wpm = {}
        for lang in langs:
            rate = rates.get(lang, 150)
            if isinstance(rate, bool) or not isinstance(rate, int) or not 80 <= rate <= 300:
                self.fail("'words_per_minute' must be a whole number from 80 to 300, or a table of them per language",
                          None, "words_per_minute")
            self.wpm[lang] = rate
        self.lead_in = self._number(data, "lead_in", 0.6, 0, 10)
        self.gap = self._number(data, "gap", 0.4, 0, 10)
        self.padding = self._number(data, "padding", 1.2, 0, 30)
        folder = data.get("illustrations", ".")
        if not isinstance(folder, str):
            self.fail("'illustrations' must be a folder, relative to the storyboard", None, "illustrations")
        self.illustrations = os.path.normpath(os.path.join(self.folder, folder))

        shots = data.get("shots")
        if not isinstance(shots, list) or not shots:
            self.fail("the storyboard has no shots; add at least one [[shots]] table")
        self.shots, seen = [], set()
        for i, shot in enumerate(shots):
            self.shots.append(self._shot(i, shot, seen))

    def _shot(self, i, shot, seen):
        allowed = {"id", "duration", "illustration", "chapter", "text", "narration"}
        for key in shot:
            if key not in allowed:
                self.fail(f"unknown key '{key}' in a shot; expected one of {', '.join(sorted(allowed))}", i, key)
        sid = shot.get("id")
        if not isinstance(sid, str) or not ID_RE.match(sid):
            self.fail("a shot needs an 'id' of lower-case letters, digits and '-', starting with a letter", i, "id")
        if sid in seen:
            self.fail(f"two shots have the id '{sid}'", i, "id")
        seen.add(sid)
        if "duration" not in shot:
            self.fail(f"shot '{sid}' has no 'duration' (its minimum length in seconds)", i)
        duration = self._number(shot, "duration", None, 1, 600, i)
        illustration = shot.get("illustration")
        if illustration is not None:
            if not isinstance(illustration, str) or not illustration.endswith(".svg"):
                self.fail(f"shot '{sid}': 'illustration' must name an .svg file", i, "illustration")
            full = os.path.join(self.illustrations, illustration)
            if not os.path.isfile(full):
                self.fail(f"shot '{sid}': illustration '{illustration}' not found (looked for {full})", i,
                          "illustration")
            illustration = full
        chapter = self._per_language(shot, "chapter", i, "title")
        text = self._per_language(shot, "text", i, "on-screen text")
        for table, key in ((chapter, "chapter"), (text, "text")):
            if table and not all(isinstance(v, str) and v.strip() for v in table.values()):
                self.fail(f"shot '{sid}': every '{key}' must be non-empty text", i, key)
        if not text and not illustration:
            self.fail(f"shot '{sid}' shows nothing; give it 'text', an 'illustration' or both", i)
        narration = self._per_language(shot, "narration", i, "list of lines")
        if narration is None:
            self.fail(f"shot '{sid}' has no 'narration' (use narration.en = [] for a silent shot)", i)
        lines = {}
        for lang, items in narration.items():
            if not isinstance(items, list):
                self.fail(f"shot '{sid}': 'narration.{lang}' must be a list of lines", i, "narration")
            lines[lang] = [self._line(item, sid, lang, i) for item in items]
        return {"index": i, "id": sid, "duration": duration, "illustration": illustration, "chapter": chapter,
                "text": text, "narration": lines}

    # A narration line is the caption text, or { text = caption, say = what the voice says } so that
    # "999" can be read as "nine nine nine" while the caption still shows the digits.
    def _line(self, item, sid, lang, i):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or set(item) - {"text", "say"} or not isinstance(item.get("text"), str) \
                or not item["text"].strip() or not isinstance(item.get("say", ""), str):
            self.fail(f"shot '{sid}': each narration.{lang} line must be text or {{ text = \"...\", say = \"...\" }}",
                      i, "narration")
        if "-->" in item["text"]:
            self.fail(f"shot '{sid}': a narration line cannot contain '-->' (it ends a WebVTT cue timing)",
                      i, "narration")
        return {"text": item["text"].strip(), "say": item.get("say", item["text"]).strip()}

    def inputs(self):
        """Every file the films depend on, in a stable order."""
        svgs = sorted({s["illustration"] for s in self.shots if s["illustration"]})
        return [os.path.abspath(self.path)] + CODE + svgs
