# make-film's frames: one SVG per shot and language (chapter title, on-screen text, illustration) on the
# design grid, with paper all round for the pan. rsvg-convert draws it (encoding.py).
import re
import textwrap
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from errors import UserError, where
from film_format import (ACCENT, DESIGN_H, DESIGN_SLACK_X, DESIGN_SLACK_Y, DESIGN_W, FONT, HEADING, HEIGHT, INK,
                         PAPER, SLACK_X, SLACK_Y, WIDTH)

SVG_NS = "http://www.w3.org/2000/svg"


# ------------------------------------------------------------------------------------------------ frames
def wrap(text, chars):
    out = []
    for paragraph in text.strip().split("\n"):
        out += textwrap.wrap(paragraph, chars) or [""]
    return out


def illustration_svg(path, x, y, w, h):
    """The illustration as a nested <svg> placed in the box (aspect kept), so one SVG draws the whole frame."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        line, column = e.position
        reason = re.sub(r": line \d+, column \d+$", "", str(e))
        raise UserError(f"{where(path, line, column + 1)}: error: not valid SVG: {reason}")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise UserError(f"{path}: error: not an SVG file (the root element is not <svg xmlns=\"{SVG_NS}\">)")
    if "viewBox" not in root.attrib:
        if "width" not in root.attrib or "height" not in root.attrib:
            raise UserError(f"{path}: error: the <svg> element needs a viewBox (or width and height)")
        root.set("viewBox", f"0 0 {root.get('width')} {root.get('height')}")
    root.attrib.update({"x": str(x), "y": str(y), "width": str(w), "height": str(h),
                        "preserveAspectRatio": "xMidYMid meet"})
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def frame_svg(shot, lang, path_for_errors):
    """One shot's picture: chapter title, on-screen text and illustration laid out on the design grid, inside a
    canvas with paper all round for the pan. The bottom band stays empty so captions never cover the text.
    """
    box = f"{-DESIGN_SLACK_X / 2:g} {-DESIGN_SLACK_Y / 2:g} {DESIGN_W + DESIGN_SLACK_X:g} {DESIGN_H + DESIGN_SLACK_Y:g}"
    parts = [f'<rect x="{-DESIGN_SLACK_X / 2:g}" y="{-DESIGN_SLACK_Y / 2:g}" width="{DESIGN_W + DESIGN_SLACK_X:g}" '
             f'height="{DESIGN_H + DESIGN_SLACK_Y:g}" '
             f'fill="{PAPER}"/>']
    chapter, text, art = (shot["chapter"] or {}).get(lang), (shot["text"] or {}).get(lang), shot["illustration"]
    top = 96
    if chapter:
        parts.append(f'<text x="80" y="{top}" font-family="{FONT}" font-size="30" font-weight="bold" '
                     f'fill="{HEADING}">{escape(chapter)}</text>')
        parts.append(f'<rect x="80" y="{top + 16}" width="72" height="6" rx="3" fill="{ACCENT}"/>')
    if text:
        # Beside an illustration the text gets a column; alone, the whole width and a larger size.
        width, size, step = (540, 44, 60) if art else (1120, 52, 70)
        # Noto Sans averages under 0.5 em per character in running text; 0.52 wraps a little early
        # rather than let a line of capitals run into the illustration.
        lines = wrap(text, int(width / (size * 0.52)))
        y0 = top + 96 if chapter else 150
        room = (590 - y0) // step + 1
        if len(lines) > room:
            raise UserError(f"{path_for_errors}: error: shot '{shot['id']}': the {lang} on-screen text needs "
                            f"{len(lines)} lines but only {room} fit; shorten it")
        for n, line in enumerate(lines):
            parts.append(f'<text x="80" y="{y0 + n * step}" font-family="{FONT}" font-size="{size}" '
                         f'fill="{INK}">{escape(line)}</text>')
    if art:
        x, y, w, h = (680, 70, 540, 520) if text else (240, 60, 800, 540)
        parts.append(illustration_svg(art, x, y, w, h))
    return (f'<svg xmlns="{SVG_NS}" width="{WIDTH + SLACK_X}" height="{HEIGHT + SLACK_Y}" viewBox="{box}">'
            + "".join(parts) + "</svg>\n")
