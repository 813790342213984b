#!/usr/bin/env bash
# Runs tensor-bench in the debug build (`swift run`) and in the release build (`swift run -c release`)
# and prints, for every operation, debug time / release time. The target: within 1.5× for the
# element-wise operations and matmul, because TensorCore is compiled with -Ounchecked in both.
# Usage: Benchmarks/tensor-compare.sh [extra swift build flags, e.g. --scratch-path .build-me]
set -euo pipefail
cd "$(dirname "$0")/.."

debug_log=$(mktemp)
release_log=$(mktemp)
trap 'rm -f "$debug_log" "$release_log"' EXIT

echo "== debug build"
swift run "$@" tensor-bench | tee "$debug_log"
echo
echo "== release build"
swift run -c release "$@" tensor-bench | tee "$release_log"
echo
echo "== debug / release"
printf '%-14s %12s %12s %8s\n' operation "debug ms" "release ms" ratio
join <(grep '^RESULT' "$debug_log" | awk '{print $2, $3}' | sort) \
     <(grep '^RESULT' "$release_log" | awk '{print $2, $3}' | sort) |
    awk '{ ratio = $2 / $3; flag = (ratio > 1.5) ? "  > 1.5x" : ""; printf "%-14s %12.3f %12.3f %7.2fx%s\n", $1, $2, $3, ratio, flag }'
