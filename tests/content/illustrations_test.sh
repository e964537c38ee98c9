#!/usr/bin/env bash
# Module pictures drawn as SVG in assets/illustrations/ are rendered 1:1 to PNG in content/modules/*/images/
# by the build (tools/illustrations.cmake; the kiosk shows PNG or JPEG only). This checks each such PNG is a
# fresh render of its SVG (a build that did not re-render an edited drawing would leave a picture that
# disagrees with its hotspot regions), and that every hotspot question's regions are big enough to tap
# (48 x 48 image pixels or more; the kiosk shows images up to 1.5x) and never overlap, so one tap marks one sign.
# Usage: illustrations_test.sh PROJECT_ROOT
set -u
root="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: run tools/install-deps"; exit 1; }

found=0
for png in "$root"/content/modules/*/images/*.png; do
  [ -e "$png" ] || continue
  name=$(basename "$png" .png)
  svg="$root/assets/illustrations/$name.svg"
  [ -f "$svg" ] || continue
  found=$((found + 1))
  rsvg-convert "$svg" -o "$work/$name.png"
  rel=${png#"$root"/}
  if cmp -s "$png" "$work/$name.png"; then
    echo "ok: $rel is a fresh render of assets/illustrations/$name.svg"
  else
    echo "FAIL: $rel differs from a fresh render of assets/illustrations/$name.svg;"
    echo "      run: rsvg-convert assets/illustrations/$name.svg -o $rel"
    fail=1
  fi
done
[ "$found" -gt 0 ] || { echo "FAIL: no module PNG rendered from an SVG was found"; fail=1; }

python3 - "$root" <<'EOF' || fail=1
import glob, sys, tomllib
bad = 0
for path in sorted(glob.glob(sys.argv[1] + "/content/modules/*/module.toml")):
    module = tomllib.load(open(path, "rb"))
    for scene in module.get("scenes", []):
        if scene.get("question") != "hotspot":
            continue
        where = f'{module["id"]}/{scene["id"]}'
        options = scene.get("options", [])
        for o in options:
            x, y, w, h = o["region"]
            if w < 48 or h < 48:
                print(f"FAIL: {where}: region '{o['id']}' is {w} x {h}; make it at least 48 x 48 so a finger can hit it"); bad = 1
        for i, a in enumerate(options):
            for b in options[i + 1:]:
                (ax, ay, aw, ah), (bx, by, bw, bh) = a["region"], b["region"]
                if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                    print(f"FAIL: {where}: regions '{a['id']}' and '{b['id']}' overlap; one tap would mark both"); bad = 1
        if not bad:
            print(f"ok: {where}: {len(options)} regions, none overlapping, all big enough to tap")
sys.exit(bad)
EOF
exit $fail
