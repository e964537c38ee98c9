#!/usr/bin/env bash
# A real learning record store for the tests: Learning Locker's xAPI statements service (npm
# xapi-statements 5.0.1, pinned with its whole tree in package-lock.json), statements in memory, no MongoDB
# or Redis, authenticating through client_info.js. CTest starts it once per run (fixture "lrs") and stops it.
#   lrs.sh start STATE_DIR SOURCE_DIR   installs the packages if needed (npm ci, into build/lrs-node), starts
#                                       both servers on free ports, waits for GET /xAPI/about, and writes
#                                       STATE_DIR/lrs.env (LRS_URL, LRS_KEY, LRS_SECRET) for the tests
#   lrs.sh stop STATE_DIR               stops them
set -u
cmd="${1:-}"
state="${2:-}"
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: lrs.sh start STATE_DIR SOURCE_DIR | stop STATE_DIR" >&2; exit 2; }

stop() {
  for f in "$state/lrs.pid" "$state/auth.pid"; do
    [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    rm -f "$f"
  done
  rm -f "$state/lrs.env"
}

if [ "$cmd" = stop ]; then
  stop
  echo "lrs: stopped"
  exit 0
fi
[ "$cmd" = start ] || { echo "lrs.sh: unknown command '$cmd'" >&2; exit 2; }
src="${3:?lrs.sh start needs SOURCE_DIR}"
here="$src/tests/lrs"
mkdir -p "$state"
stop
command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "FAIL: node and npm are needed for the test LRS (tools/install-deps installs them)"; exit 1; }

# One install per package-lock, shared by the dev and ASan builds; a lock so two runs never race.
modules_home="$src/build/lrs-node"
mkdir -p "$modules_home"
stamp="$(sha256sum "$here/package-lock.json" | cut -c1-16)"
(
  flock 9
  if [ ! -f "$modules_home/$stamp.done" ]; then
    rm -rf "$modules_home/node_modules"
    cp "$here/package.json" "$here/package-lock.json" "$modules_home/"
    echo "lrs: installing xapi-statements 5.0.1 from the npm registry (npm ci, once)"
    if ! (cd "$modules_home" && npm ci --no-audit --no-fund --ignore-scripts >"$modules_home/npm.log" 2>&1); then
      echo "FAIL: npm ci of the test LRS failed (is the npm registry reachable?):"
      tail -5 "$modules_home/npm.log"
      exit 1
    fi
    touch "$modules_home/$stamp.done"
  fi
) 9>"$modules_home/.lock" || exit 1

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
lrs_port=$(free_port)
auth_port=$(free_port)
key="kiosk-tests"
secret="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export LRS_KEY="$key" LRS_SECRET="$secret" AUTH_PORT="$auth_port"
# setsid and no inherited output: CTest waits for every process holding the test's pipes.
setsid node "$here/client_info.js" >"$state/auth.log" 2>&1 </dev/null &
echo $! >"$state/auth.pid"
EXPRESS_PORT="$lrs_port" MODELS_REPO=memory EVENTS_REPO=test AUTH_REPO=fetch STORAGE_REPO=local \
  FS_LOCAL_STORAGE_DIR="$state/storage" EXPRESS_MORGAN_DIRECTORY="$state/storage/accessLogs" \
  LL_CLIENT_INFO_ENDPOINT="http://127.0.0.1:$auth_port/" SERVICE_AWAIT_UPDATES=true WINSTON_CONSOLE_LEVEL=warn \
  setsid node "$modules_home/node_modules/xapi-statements/dist/index.js" >"$state/lrs.log" 2>&1 </dev/null &
echo $! >"$state/lrs.pid"

url="http://127.0.0.1:$lrs_port/xAPI"
for _ in $(seq 1 600); do
  if curl -fsS -m 2 "$url/about" >/dev/null 2>&1; then
    umask 077
    printf 'LRS_URL=%s\nLRS_KEY=%s\nLRS_SECRET=%s\n' "$url" "$key" "$secret" >"$state/lrs.env"
    echo "lrs: Learning Locker xapi-statements 5.0.1 ready at $url ($(curl -fsS "$url/about"))"
    exit 0
  fi
  kill -0 "$(cat "$state/lrs.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "FAIL: the test LRS did not come up at $url; its log:"
tail -20 "$state/lrs.log"
stop
exit 1
