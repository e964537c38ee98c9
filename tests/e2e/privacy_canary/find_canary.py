#!/usr/bin/env python3
"""Looks for a staff number in files, in every form a careless program could leave it in.

usage: find_canary.py CANARY PATH...          prints each hit as "FILE: FORM at byte N", exit 1 if any
       find_canary.py --plant CANARY DIR      writes DIR/form-NN.bin, each holding one form amid other
                                              bytes, so a test can show that every form is found

Forms: the ASCII digits (also with one space, dash, dot or underscore between digits), UTF-16 and UTF-32
(both byte orders), the hex of the ASCII (either case), base64 of the ASCII at each of the three byte
alignments, and the number as a binary integer (4 and 8 bytes, both byte orders: SQLite stores an
INTEGER as big-endian bytes) or as a hex integer. Folders are searched recursively; every file whole.
"""
import base64
import os
import re
import sys


def forms(canary: str):
    """(name, compiled bytes regex) for every form of `canary`."""
    ascii_digits = canary.encode()
    out = [("ASCII digits", re.compile(re.escape(ascii_digits))),
           ("digits with separators", re.compile(b"[ ._-]?".join(re.escape(bytes([d])) for d in ascii_digits)))]
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        out.append((codec.upper(), re.compile(re.escape(canary.encode(codec)))))
    hex_ascii = ascii_digits.hex()
    out.append(("hex of the ASCII", re.compile(re.escape(hex_ascii.encode()), re.IGNORECASE)))
    for shift in range(3):
        # Base64 of the digits after `shift` unknown bytes: only the characters that depend on the
        # digits alone are fixed, so drop the ones mixed with a neighbour at either end.
        encoded = base64.b64encode(b"\0" * shift + ascii_digits)
        first = -(-shift * 8 // 6)                    # character i holds bits 6i..6i+5
        last = (shift + len(ascii_digits)) * 8 // 6   # one past the last made of digit bits only
        core = encoded[first:last]
        if len(core) >= 8:
            out.append((f"base64 (offset {shift})", re.compile(re.escape(core))))
    value = int(canary)
    for size in (4, 8):
        if value < 1 << (8 * size):
            out.append((f"{size}-byte big-endian integer", re.compile(re.escape(value.to_bytes(size, "big")))))
            out.append((f"{size}-byte little-endian integer", re.compile(re.escape(value.to_bytes(size, "little")))))
    out.append(("hex integer", re.compile(re.escape(format(value, "x").encode()), re.IGNORECASE)))
    return out


def samples(canary: str):
    """One byte string per form, as a careless program might write it."""
    digits = canary.encode()
    value = int(canary)
    return [digits, b" ".join(bytes([d]) for d in digits), canary.encode("utf-16-le"), canary.encode("utf-16-be"),
            canary.encode("utf-32-le"), canary.encode("utf-32-be"), digits.hex().upper().encode(),
            base64.b64encode(digits), base64.b64encode(b"x" + digits), base64.b64encode(b"xy" + digits),
            value.to_bytes(4, "big"), value.to_bytes(4, "little"), value.to_bytes(8, "big"),
            value.to_bytes(8, "little"), ("0x%X" % value).encode()]


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                for name in sorted(names):
                    yield os.path.join(folder, name)
        else:
            yield path


def main(argv):
    if len(argv) == 4 and argv[1] == "--plant":
        os.makedirs(argv[3], exist_ok=True)
        for n, sample in enumerate(samples(argv[2])):
            with open(os.path.join(argv[3], "form-%02d.bin" % n), "wb") as f:
                f.write(b"SQLite format 3\0" + bytes(range(128, 256)) + sample + b"\0\1\2 the end\n")
        return 0
    if len(argv) < 3 or not argv[1].isdigit():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    patterns = forms(argv[1])
    hits = 0
    searched = 0
    for path in files(argv[2:]):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            print(f"{path}: cannot read ({e.strerror})", file=sys.stderr)
            return 2
        searched += 1
        for name, pattern in patterns:
            m = pattern.search(data)
            if m:
                print(f"{path}: {name} at byte {m.start()}")
                hits += 1
    print(f"searched {searched} files for {len(patterns)} forms: {hits} hits", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
