#!/usr/bin/env bash
# Compares gan-bench binaries built from different versions of the library, interleaved: every round runs each binary
# once, one after the other, and each binary's time per step is divided by the first binary's time in the same round.
# The median of those ratios is robust to the slow drifts of a shared virtual machine, where one run can be 20–30 %
# slower than the next and a median of times alone cannot tell a 3 % change from the drift.
#
# Usage: Benchmarks/interleave.sh CONFIG THREADS ROUNDS BASELINE-BINARY OTHER-BINARY...
#   e.g. Benchmarks/interleave.sh dcgan28 2 12 /tmp/before/gan-bench .build/release/gan-bench
# Environment: STEPS (timed steps per run, default 20), WARMUP (default 2).
# Prints per binary: the median ms per step, the median ratio to the baseline and in how many rounds it was faster.
set -euo pipefail
if [ $# -lt 5 ]; then
    echo "usage: Benchmarks/interleave.sh CONFIG THREADS ROUNDS BASELINE-BINARY OTHER-BINARY..." >&2
    exit 2
fi
config=$1 threads=$2 rounds=$3
shift 3
steps=${STEPS:-20} warmup=${WARMUP:-2}
for value in "$threads" "$rounds" "$steps"; do
    case "$value" in
        '' | *[!0-9]* | 0) echo "interleave.sh: THREADS, ROUNDS and STEPS must be whole numbers, 1 or more; got '$value'" >&2; exit 2 ;;
    esac
done
for binary in "$@"; do
    [ -x "$binary" ] || { echo "interleave.sh: $binary is not an executable gan-bench" >&2; exit 2; }
done

times=()  # times[i] holds binary i's times, one per round, space-separated
for _ in $(seq "$rounds"); do
    i=0
    for binary in "$@"; do
        ms=$( (OPENBLAS_NUM_THREADS=$threads "$binary" --config "$config" --steps "$steps" --warmup "$warmup" 2>/dev/null || true) \
             | tail -n 1 | sed -n 's/.*ms\/step=\([0-9.]*\)$/\1/p')
        [ -n "$ms" ] || { echo "interleave.sh: $binary printed no ms/step line" >&2; exit 1; }
        times[i]="${times[i]:-} $ms"
        i=$((i + 1))
    done
done

i=0
for binary in "$@"; do
    printf '%s\n%s\n' "${times[0]}" "${times[i]}" | awk -v name="$binary" -v config="$config" -v threads="$threads" '
        function median(a, n,    i, j, t) {
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NR == 1 { n = split($0, base, " ") }
        NR == 2 {
            split($0, mine, " ")
            for (r = 1; r <= n; r++) { ms[r] = mine[r]; ratio[r] = mine[r] / base[r]; if (ratio[r] < 1) faster++ }
            printf "%-40s %s, %s thread(s): median %.2f ms/step, ratio to the first binary %.3f (faster in %d of %d rounds)\n",
                   name, config, threads, median(ms, n), median(ratio, n), faster, n
        }'
    i=$((i + 1))
done
