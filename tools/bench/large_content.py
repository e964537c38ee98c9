#!/usr/bin/env python3
"""The large pack's content for tools/bench/large-pack (issue 19): the sample content (so the attract screen,
sites and contacts are the same) grown to FACTOR times its modules with generated ones, to the issue's
totals at FACTOR 10: 40 modules, 2,000 scenes, 10 films, 200 pictures. The extra films are copies of the
sample's own film; the extra pictures are the sample's pictures with their hue turned, so each is a
different file that decodes to a picture of the same size.
Usage: large_content.py OUT [FACTOR]"""
import glob
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from gen_content import module_toml, write_module  # noqa: E402


def count(content):
    """(modules, scenes, films, pictures) in a content folder, as the compiler would count them."""
    modules = glob.glob(os.path.join(content, "modules", "*", "module.toml"))
    scenes = sum(open(m).read().count("[[scenes]]") for m in modules)
    films = len(glob.glob(os.path.join(content, "modules", "*", "**", "*.mp4"), recursive=True))
    pictures = len(glob.glob(os.path.join(content, "modules", "*", "**", "*.png"), recursive=True))
    return len(modules), scenes, films, pictures


def main():
    out = sys.argv[1]
    factor = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    shutil.copytree(os.path.join(ROOT, "content"), out)
    modules, scenes, films, pictures = count(out)
    # The figures for ten times the sample; other factors scale the sample's own counts.
    want = (40, 2000, 10, 200) if factor == 10 else (modules * factor, scenes * factor, films * factor, pictures * factor)
    extra_modules = want[0] - modules
    per_module = (want[1] - scenes) // extra_modules
    extra_films, extra_pictures = want[2] - films, want[3] - pictures

    sample_film = os.path.join(out, "modules", "professional-curiosity", "film")
    sources = sorted(glob.glob(os.path.join(out, "modules", "*", "images", "*.png")))
    per_source = -(-extra_pictures // len(sources))
    made = []
    with open(os.devnull, "w") as quiet:
        work = os.path.join(out, ".pictures")
        os.makedirs(work)
        for i, source in enumerate(sources):
            # One ffmpeg run per sample picture: its hue turned a little further for each copy.
            pattern = os.path.join(work, f"p{i}-%03d.png")
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "1", "-i", source, "-vf", "hue=h=t*13",
                            "-r", "1", "-frames:v", str(per_source), "-pix_fmt", "rgba", pattern],
                           check=True, stdout=quiet)
            made += sorted(glob.glob(os.path.join(work, f"p{i}-*.png")))
    made = made[:extra_pictures]
    if len(made) < extra_pictures:
        sys.exit(f"large_content.py: ffmpeg made {len(made)} pictures, not {extra_pictures}")

    for m in range(extra_modules):
        mid = f"large-{m:03d}"
        folder = os.path.join(out, "modules", mid)
        os.makedirs(os.path.join(folder, "images"))
        take = made[m * len(made) // extra_modules:(m + 1) * len(made) // extra_modules]
        pictures_here = []
        for n, path in enumerate(take):
            name = f"images/picture-{n}.png"
            shutil.move(path, os.path.join(folder, name))
            pictures_here.append(name)
        film = None
        if m < extra_films:
            os.makedirs(os.path.join(folder, "film"))
            for name in ("en.mp4", "en.vtt"):
                shutil.copy(os.path.join(sample_film, name), os.path.join(folder, "film", name))
            film = ("film/en.mp4", "film/en.vtt")
        scenes_here = per_module + (1 if m < (want[1] - scenes) % extra_modules else 0)
        write_module(out, mid, module_toml(mid, f"Practice module {m + 1}", scenes_here, pictures_here, film))
    shutil.rmtree(work)
    print("%d modules, %d scenes, %d films, %d pictures" % count(out))


if __name__ == "__main__":
    main()
