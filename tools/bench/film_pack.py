# The content for the film benchmarks (tools/bench/film, tools/bench/vs-web): the e2e film module with
# its timestamp question taken out (it would stop the film) and must_watch off, playing the
# professional-curiosity film, or with FILM=test a generated 1280x720 25 fps test picture that is much
# harder to decode. Writes CONTENT_DIR and prints a one-line description of the film.
# Usage: film_pack.py CONTENT_DIR SECONDS
import os
import re
import shutil
import subprocess
import sys

root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
content, seconds = sys.argv[1], int(sys.argv[2])
shutil.copytree(os.path.join(root, "tests/e2e/film/content"), content)
module = os.path.join(content, "modules/film-test")
film = os.path.join(module, "film")
os.makedirs(film, exist_ok=True)
length = seconds + 10
real = os.path.join(root, "content/modules/professional-curiosity/film")
real_mp4 = os.path.join(real, "en.mp4")
if os.environ.get("FILM", "real") == "real" and os.path.isfile(real_mp4) and os.path.getsize(real_mp4) > 0 \
        and length <= 230:
    for name in ("en.mp4", "en.vtt"):
        shutil.copy(os.path.join(real, name), film)
    print("the professional-curiosity film (960x540 H.264, up to 25 fps) with its captions")
else:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={length}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={length}", "-c:v", "libx264", "-preset",
                    "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags",
                    "+faststart", os.path.join(film, "en.mp4")], check=True)
    with open(os.path.join(film, "en.vtt"), "w") as f:
        f.write("WEBVTT\n\n")
        for s in range(0, length, 2):
            f.write("00:%02d:%02d.000 --> 00:%02d:%02d.000\nCaption %d: a line of words, as a film's captions have.\n\n"
                    % (s // 60, s % 60, (s + 2) // 60, (s + 2) % 60, s // 2 + 1))
    print("a generated 1280x720 25 fps H.264 test picture with captions")
path = os.path.join(module, "module.toml")
text = open(path).read()
text = re.sub(r'pauses = .*\n', '', text)
text = text.replace('must_watch = true', 'must_watch = false')
text = re.sub(r'\[\[scenes\]\]\nid = "q-pause".*?(?=\[\[scenes\]\])', '', text, flags=re.S)
open(path, "w").write(text)
