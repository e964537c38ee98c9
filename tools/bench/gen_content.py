#!/usr/bin/env python3
"""Generates synthetic but valid content for the benchmarks: N modules of S scenes each, mixing every scene
kind, branching choices, conditions and options, so the compiler does all its checks. The compile benchmark
runs it as a script; tools/bench/large_content.py imports module_toml() to grow the sample content."""
import os
import sys


def module_toml(mid, title, per_module, pictures=(), film=None):
    """The text of one module.toml: `per_module` scenes; info scenes show `pictures` (paths inside the
    module's folder, in turn), and the second scene is a film when `film` is (video, captions) paths."""
    lines = [f'id = "{mid}"', f'title = "{title}"', 'summary = "Synthetic module for benchmarking."',
             'audience = ["police", "health"]', "minutes = 10", "pass_mark = 70",
             "[[sources]]", 'title = "Statutory guidance"', 'url = "https://www.gov.uk/"', "checked = 2026-06-01"]
    pictures = list(pictures)
    for s in range(per_module):
        sid = f"s{s}"
        last = s == per_module - 1
        kind = "end" if last else ["info", "question", "choice", "question", "info"][s % 5]
        if film and s == 1:
            kind = "film"
        lines += ["[[scenes]]", f'id = "{sid}"', f'kind = "{kind}"', f'title = "Scene {s} of {title}"']
        if kind == "film":
            lines += [f'video = {{ en = "{film[0]}" }}', f'captions = {{ en = "{film[1]}" }}']
        elif kind in ("info", "end"):
            lines.append(f'text = "This is scene {s}. It explains one sign of exploitation in plain words."')
            if kind == "info" and pictures:
                lines += [f'image = "{pictures.pop(0)}"', 'alt = "A generated picture for the benchmark."']
            if kind == "info" and s + 1 < per_module - 1 and s % 10 == 4:
                lines += ["[[scenes.routes]]", f'if = "score >= {s // 2} and not skipped"', f'goto = "s{s + 2}"']
        elif kind == "question":
            qtype = "multi" if s % 2 else "single"
            lines += [f'question = "{qtype}"', f'prompt = "Which of these is a sign? ({s})"',
                      'explanation = "Someone else controlling documents is a sign."']
            for o in range(4):
                lines += ["[[scenes.options]]", f'id = "o{o}"', f'text = "Option {o}"',
                          f"correct = {'true' if o == 0 or (qtype == 'multi' and o == 1) else 'false'}",
                          f'feedback = "Feedback for option {o}."']
        else:
            lines.append(f'prompt = "What do you do next? ({s})"')
            lines += ["[[scenes.options]]", 'id = "report"', 'text = "Report it safely"', f'goto = "s{s + 1}"', "score = 1",
                      "[[scenes.options]]", 'id = "skip"', 'text = "Do nothing"', f'goto = "s{s + 1}"',
                      "set = { skipped = true }"]
    return "\n".join(lines) + "\n"


def write_module(content, mid, text):
    os.makedirs(os.path.join(content, "modules", mid), exist_ok=True)
    with open(os.path.join(content, "modules", mid, "module.toml"), "w") as f:
        f.write(text)


def main():
    out, modules, per_module = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(os.path.join(out, "modules"), exist_ok=True)
    with open(os.path.join(out, "pack.toml"), "w") as f:
        f.write('id = "bench"\nversion = 1\ntitle = "Benchmark"\nlanguages = ["en"]\n'
                '[[contacts]]\nname = "Helpline"\nphone = "08000 121 700"\n')
    for m in range(modules):
        write_module(out, f"module-{m:03d}", module_toml(f"module-{m:03d}", f"Module {m}", per_module))


if __name__ == "__main__":
    main()
