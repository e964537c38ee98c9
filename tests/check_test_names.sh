#!/usr/bin/env bash
# doctest_discover_tests hands each case's name to doctest as a filter, where ',' separates filters and
# '*' '?' are wildcards: a name with one of those silently runs nothing and still "passes". Refuse them.
set -u
bad=$(grep -rnE 'TEST_CASE\("[^"]*[,;*?]' "$1/tests" --include='*.cpp')
if [ -n "$bad" ]; then
  echo "FAIL: test names must not contain , ; * or ? (CTest would run nothing for them):"
  echo "$bad"
  exit 1
fi
echo "all test names are safe for doctest_discover_tests"
