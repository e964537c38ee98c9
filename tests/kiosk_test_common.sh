# Shared by the scripts that run the real kiosk under Xvfb on the sample content (kiosk_smoke.sh,
# read_aloud_test.sh, contrast_test.sh), sourced, not run: their three arguments, a skip (exit 77) when
# xvfb-run is missing, a scratch folder removed on exit holding the sample pack ($tmp/t.pack), and
# `fail MESSAGE`, which prints it and counts it in $failures.
set -u
author="$1"
kiosk="$2"
root="$3"
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$author" build "$root/content" -o "$tmp/t.pack" >/dev/null 2>&1 || { echo "FAIL: cannot build the sample pack"; exit 1; }
