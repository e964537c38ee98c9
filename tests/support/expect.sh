# The shared part of the shell tests that run a CLI and check what it says: a scratch folder removed on
# exit ($tmp), a failure count, `expect`, `fail` and `finish`. Source it after reading the arguments:
#   source "$(dirname "$0")/support/expect.sh"
set -u
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0

# expect STATUS PATTERN -- COMMAND...: runs COMMAND, checks its exit status and that stdout+stderr match PATTERN.
expect() {
  local want="$1" pattern="$2"
  shift 3
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" != "$want" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> exit $status (want $want), output:"
    echo "$out" | head -20
    echo "  (wanted /$pattern/)"
    failures=$((failures + 1))
  fi
}

# fail MESSAGE...: counts a failure and says what it was.
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# finish WHAT: the last line of a test; exits 1 naming how many WHAT failed, or 0 saying all passed.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures $1 failed"
    exit 1
  fi
  echo "all $1 passed"
  exit 0
}
