#!/usr/bin/env bash
# The board's HTML page rendered by headless Chromium (Debian's `chromium`) at desktop and phone widths,
# and as a PDF for print. The PNGs stay in OUT_DIR for people to look at; the test checks they are
# real, non-trivial images and that the page holds its charts and tables and nothing external.
# Usage: html_screenshot.sh KIOSK_REPORT FIXTURE OUT_DIR
set -u
report="$1"
fixture="$2"
out="$3"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (tools/install-deps installs it)"
  exit 77
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)  # Chromium wants absolute file:// URLs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
"$fixture" "$work/records.db" --kiosks 24 --sittings 40 --months 9 >/dev/null || { echo "FAIL: fixture"; exit 1; }
"$fixture" --pack "$work/training.pack" || { echo "FAIL: fixture pack"; exit 1; }
"$report" board --pack "$work/training.pack" -o "$out/report.html" "$work/records.db" || { echo "FAIL: kiosk-report board"; exit 1; }
html="$out/report.html"
for want in '<svg class="chart"' 'id="rollup"' 'id="by-role"' 'id="kiosks"' 'Content-Security-Policy' '[c]' \
            'Question q-safe-space of responding' 'Option a of q-safe-space' '<h2>At a glance</h2>' \
            '<h2>The signs staff miss</h2>' '<h2>What to do next</h2>' '<h2>Appendix: the figures in detail</h2>' \
            'report for the partnership board</h1>'; do
  grep -qF "$want" "$html" || { echo "FAIL: the page has no $want"; fail=1; }
done
# Self-contained: nothing is fetched (no src=, no href= to anywhere, no url()).
if grep -qE 'src=|href=|url\(' "$html"; then echo "FAIL: the page refers to another file"; fail=1; fi

shoot() {  # shoot NAME WIDTH HEIGHT
  # A fresh profile per run; --no-sandbox because tests may run as root in a container.
  timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile-$1" --window-size="$2,$3" --screenshot="$out/$1.png" "file://$html" \
    >"$work/$1.log" 2>&1
  python3 - "$out/$1.png" "$2" <<'PY' || { echo "FAIL: $1.png"; tail -5 "$work/$1.log"; fail=1; }
import struct, sys, zlib
path, width = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w == width, f"width {w}, wanted {width}"
# Non-trivial: a blank page compresses to almost nothing; charts and tables do not.
assert len(data) > 40000, f"only {len(data)} bytes: is the page blank?"
print(f"ok: {path} {w}x{h}, {len(data)} bytes")
PY
}
shoot desktop 1280 6000
shoot phone 390 3000
timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile-pdf" \
  --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$html" >"$work/pdf.log" 2>&1
if [ "$(head -c 5 "$out/report.pdf" 2>/dev/null)" != "%PDF-" ]; then echo "FAIL: no PDF"; fail=1; else echo "ok: $out/report.pdf"; fi
exit $fail
