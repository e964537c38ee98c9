#!/usr/bin/env python3
"""Text contrast measured on screenshots (tests/contrast_test.sh): for every NAME.png in a folder with
its NAME.txt from the kiosk's `dump-text NAME boxes` (one run of text a line: "x0 y0 x1 y1<TAB>text"),
the WCAG 2 contrast ratio of each run's ink against its background, both read from the pixels.

usage: contrast_check.py FOLDER MINIMUM THEME-NAME
Prints the lowest ratio on each screen; exits 1, naming the runs, if any is below MINIMUM.
The PNG is decoded with zlib alone (8-bit RGB or RGBA, not interlaced: what the kiosk writes), so the
test needs nothing outside Python's standard library."""
import collections
import pathlib
import struct
import sys
import zlib


def read_png(path):
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAIL: {path} is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                sys.exit(f"FAIL: {path}: only 8-bit RGB(A), not interlaced, is read here")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def luminance(rgb):
    def channel(v):
        v /= 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def main():
    folder, minimum, theme = pathlib.Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    failed = []
    shots = sorted(folder.glob("*.png"))
    if not shots:
        sys.exit(f"FAIL: no screenshots in {folder}")
    for png in shots:
        width, height, channels, rows = read_png(png)
        lowest, runs = None, 0
        for line in png.with_suffix(".txt").read_text(encoding="utf-8").splitlines():
            box, _, text = line.partition("\t")
            x0, y0, x1, y1 = (int(v) for v in box.split())
            x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            pixels = [tuple(rows[y][x * channels:x * channels + 3]) for y in range(y0, y1) for x in range(x0, x1)]
            background = collections.Counter(pixels).most_common(1)[0][0]
            ink = max(pixels, key=lambda p: ratio(p, background))
            measured = ratio(ink, background)
            runs += 1
            if lowest is None or measured < lowest[0]:
                lowest = (measured, text)
            if measured < minimum:
                failed.append(f"{png.stem}: {measured:.2f}:1 for {text!r} "
                              f"(ink #{bytes(ink).hex()} on #{bytes(background).hex()}, at {x0},{y0})")
        if runs == 0:
            failed.append(f"{png.stem}: no text found to measure")
        else:
            print(f"contrast ({theme}): {png.stem}: {runs} runs of text, lowest {lowest[0]:.2f}:1 ({lowest[1]!r})")
    for failure in failed:
        print(f"FAIL ({theme}, below {minimum}:1): {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
