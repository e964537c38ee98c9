#!/usr/bin/env bash
# No source file past about 600 lines (issue 20): a file one can hold in mind has one concern. Lists every
# tracked source (C++, CMake, shell, Python, and the scripts in tools/) longer than the limit, except those
# named in tests/file_length_allowances.txt with a reason, and fails if there is any. Test inputs
# (fixtures, fuzz corpora and crashers, golden outputs) are data, not source, and are not counted.
# Usage: check_file_lengths.sh PROJECT_ROOT
set -u
root="$1"
limit=600
cd "$root" || exit 2
allowances="tests/file_length_allowances.txt"
declare -A allowed=()
while IFS= read -r line; do
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  path="${line%%[[:space:]]*}"
  reason="${line#"$path"}"
  if [ -z "${reason// /}" ]; then echo "FAIL: $allowances: '$path' has no reason"; exit 1; fi
  allowed["$path"]=1
done <"$allowances"

status=0
count=0
while IFS= read -r f; do
  case "$f" in
    tests/fixtures/*|tests/fuzz/corpus/*|tests/fuzz/crashers/*|*/golden/*) continue ;;
  esac
  if [[ ! "$f" =~ \.(cpp|h|hpp|c|sh|py|cmake)$ && "$(basename "$f")" != CMakeLists.txt ]]; then
    # Scripts without an extension (tools/test, tools/make-film) count when they start with #!.
    [ -f "$f" ] && head -c 2 "$f" | grep -q '^#!' || continue
  fi
  count=$((count + 1))
  n=$(wc -l <"$f")
  [ "$n" -le "$limit" ] && continue
  if [ -n "${allowed[$f]+set}" ]; then
    echo "allowed: $f: $n lines ($(grep -m1 -F "$f" "$allowances" | sed "s|^$f[[:space:]]*||"))"
  else
    echo "FAIL: $f: $n lines (limit $limit): split it along its seams, or add it to $allowances with a reason"
    status=1
  fi
done < <(git ls-files)
for f in "${!allowed[@]}"; do
  [ -f "$f" ] || { echo "FAIL: $allowances names $f, which does not exist"; status=1; }
done
[ $status -eq 0 ] && echo "ok: $count source files, none over $limit lines but the allowed ones"
exit $status
