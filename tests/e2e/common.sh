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
# kill_when_ready SHOTS LOG KIOSK-COMMAND...: runs the kiosk under Xvfb on a script that ends with
# `dump-text ready` and a long wait, and once SHOTS/ready.txt appears SIGKILLs the kiosk itself (not
# xvfb-run), as a power cut would. Returns 1 when the kiosk never got there. With before_kill=COMMAND set
# for the call, COMMAND runs once the kiosk is ready, just before the kill (to copy its files live).
kill_when_ready() {
  local shots="$1" log="$2" pid_file runner ready=1
  shift 2
  pid_file=$(mktemp -p "$work")
  xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" sh -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$@" >"$log" 2>&1 &
  runner=$!
  for _ in $(seq 1 1800); do
    [ -s "$shots/ready.txt" ] && break
    kill -0 "$runner" 2>/dev/null || break
    sleep 0.1
  done
  [ -s "$shots/ready.txt" ] && [ -s "$pid_file" ] && ready=0
  [ "$ready" = 0 ] && [ -n "${before_kill:-}" ] && "$before_kill"
  kill -KILL "$(cat "$pid_file" 2>/dev/null)" 2>/dev/null
  wait "$runner" 2>/dev/null
  return $ready
}
