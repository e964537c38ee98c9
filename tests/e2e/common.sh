# Shared by the end-to-end scripts (sourced, not run): their four arguments, a scratch folder removed on
# exit, a fresh screenshot folder, and `check DESCRIPTION EXPECTED ACTUAL`, which prints ok/FAIL and
# remembers any failure in $fail for the script's exit status.
kiosk="$1"
author="$2"
root="$3"
out="$4"   # screenshots land here (kept, so people can look at them)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"
fail=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
