#!/bin/sh
# Checks ttm-run against every line of vectors/vectors.txt. Usage: sh check.sh <ttm-run>
run=$1
dir=$(dirname "$0")/vectors
failed=0
count=0
while read -r kind model arg rest; do
  case "$kind" in
  ok)
    got=$("$run" "$dir/$model" "$dir/$arg")
    if [ "$got" != "$rest" ]; then
      echo "FAIL $model $arg: expected '$rest', got '$got'"
      failed=$((failed + 1))
    fi
    count=$((count + 1))
    ;;
  bad)
    err=$("$run" "$dir/$model" /dev/null 2>&1 >/dev/null)
    code=$?
    case "$err" in
    "invalid model: $arg: "*) [ "$code" = 1 ] || { echo "FAIL $model: exit code $code"; failed=$((failed + 1)); } ;;
    *)
      echo "FAIL $model: expected the field '$arg', got '$err'"
      failed=$((failed + 1))
      ;;
    esac
    count=$((count + 1))
    ;;
  esac
done <"$dir/vectors.txt"
echo "$count vectors, $failed failed"
[ "$failed" = 0 ]
