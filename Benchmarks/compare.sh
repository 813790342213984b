#!/usr/bin/env bash
# Runs gan-bench in the release build, in the debug build, and its PyTorch twin, config by config, side by side,
# on 2 threads and then on 1; then the peak memory of one dcgan32 run of each. Prints the processor, the OpenBLAS
# kernels gan-bench ran on, and one table per thread count with the ratios to PyTorch.
#
# Targets (issue 13), for the release and the debug build alike:
#   2 threads: mlp ≤ 0.7×, dcgan28 ≤ 0.8×, dcgan32 ≤ 1.0× PyTorch's time per step;  1 thread: every config ≤ 1.2×;
#   peak memory (maximum resident set size) of gan-bench dcgan32 ≤ 0.5× PyTorch's.
# A `!` marks a ratio above its target.
#
# Usage: Benchmarks/compare.sh [extra swift build flags, e.g. --scratch-path .build-me]
# Environment: CONFIGS (default "mlp dcgan28 dcgan32"), STEPS (timed steps per run; default 60 for mlp, 20 for dcgan28,
#   10 for dcgan32, so that every timed run lasts a second or more), WARMUP (default 2),
#   THREADS (default "2 1"), ROUNDS (default 3), MEMORY (default 1; 0 skips the memory runs).
# Each config runs ROUNDS times, release, debug and PyTorch one after the other in every round, and the table gives
# each one's median over the rounds: on a shared virtual machine one run can be 20–30 % slower than the next, and
# the rounds spread such a slow spell over all three instead of letting it fall on one.
# Numbers are only meaningful on an otherwise idle machine: the script prints the load average before each config.
# PyTorch's OpenMP threads spin while they wait, so on a loaded machine its 2-thread times balloon far more than Swift's.
set -euo pipefail
cd "$(dirname "$0")/.."
configs=${CONFIGS:-mlp dcgan28 dcgan32}
# Timed steps of one run of `config`: STEPS if given, else enough for a second or more of timing on 2 threads (a run
# of 10 mlp steps lasts a quarter of a second, and one hiccup of the machine decides it).
steps_for() { if [ -n "${STEPS+set}" ]; then echo "$STEPS"; else case "$1" in mlp) echo 60 ;; dcgan28) echo 20 ;; *) echo 10 ;; esac; fi; }
warmup=${WARMUP:-2}
thread_counts=${THREADS:-2 1}
rounds=${ROUNDS:-3}
case "$rounds" in
    '' | *[!0-9]* | 0) echo "compare.sh: ROUNDS must be a whole number of rounds, 1 or more; got '$rounds'" >&2; exit 2 ;;
esac
if [ -n "${STEPS+set}" ]; then
    case "$STEPS" in
        '' | *[!0-9]* | 0) echo "compare.sh: STEPS must be a whole number of timed steps, 1 or more; got '$STEPS'" >&2; exit 2 ;;
    esac
fi
measure_memory=${MEMORY:-1}

echo "== building gan-bench (release and debug)"
swift build -c release "$@" --product gan-bench >/dev/null
swift build "$@" --product gan-bench >/dev/null
release_bin="$(swift build -c release "$@" --show-bin-path)/gan-bench"
debug_bin="$(swift build "$@" --show-bin-path)/gan-bench"

# The number after ms/step= on the last line of a benchmark's output.
ms_per_step() { tail -n 1 | sed -n 's/.*ms\/step=\([0-9.]*\)$/\1/p'; }
# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Runs a command, showing its output on standard error and passing it on (not `tee /dev/stderr`, which
# truncates a log file that standard error is redirected to).
shown() { local output; output=$("$@"); printf '%s\n' "$output" >&2; printf '%s\n' "$output"; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
[ -n "$cpu_model" ] || cpu_model=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || echo unknown)
kernels=$("$release_bin" --config mlp --steps 1 --warmup 0 2>/dev/null | sed -n 's/^OpenBLAS kernels: \([^,]*\),.*/\1/p')
torch_version=$(python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo "not installed")

tables=()
for threads in $thread_counts; do
    export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
    rows=()
    for config in $configs; do
        steps=$(steps_for "$config")
        releases=() debugs=() torches=()
        for round in $(seq "$rounds"); do
            echo "== $config, $threads thread(s), $steps timed steps, round $round of $rounds  (load average: $(load))"
            releases+=("$(shown "$release_bin" --config "$config" --steps "$steps" --warmup "$warmup" | ms_per_step)")
            debugs+=("$("$debug_bin" --config "$config" --steps "$steps" --warmup "$warmup" | ms_per_step)")
            torches+=("$(shown python3 Benchmarks/pytorch/gan_bench.py --config "$config" --steps "$steps" --warmup "$warmup" \
                         --threads "$threads" | ms_per_step)")
            echo "   ms per step: release ${releases[-1]}, debug ${debugs[-1]}, PyTorch ${torches[-1]}"
        done
        rows+=("$config $(median "${releases[@]}") $(median "${debugs[@]}") $(median "${torches[@]}") $steps")
    done
    table=$(printf '%s\n' "${rows[@]}" | awk -v threads="$threads" '
        BEGIN { printf "%-9s %6s %11s %11s %11s %15s %15s\n", "config", "steps", "release ms", "debug ms", "PyTorch ms", "release/PyTorch", "debug/PyTorch" }
        {
            target = (threads == 1) ? 1.2 : (($1 == "mlp") ? 0.7 : (($1 == "dcgan28") ? 0.8 : 1.0))
            r = $2 / $4; d = $3 / $4
            printf "%-9s %6d %11.2f %11.2f %11.2f %14.2fx%s %14.2fx%s\n", $1, $5, $2, $3, $4, r, (r > target ? "!" : " "), d, (d > target ? "!" : " ")
        }')
    tables+=("$threads thread(s), the steps column's timed steps after $warmup warm-up steps, median of $rounds rounds:"$'\n'"$table")
done

memory_line="peak memory: not measured (MEMORY=0)"
if [ "$measure_memory" != 0 ]; then
    export OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2
    # Maximum resident set size in kB, from GNU time's verbose report.
    peak_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
    echo "== peak memory of one dcgan32 run each  (load average: $(load))"
    swift_kb=$(peak_kb "$release_bin" --config dcgan32 --steps 3 --warmup 1)
    torch_kb=$(peak_kb python3 Benchmarks/pytorch/gan_bench.py --config dcgan32 --steps 3 --warmup 1 --threads 2)
    memory_line=$(awk -v s="$swift_kb" -v t="$torch_kb" 'BEGIN {
        printf "peak memory, dcgan32 (maximum resident set size): gan-bench %.0f MB, PyTorch %.0f MB, ratio %.2fx%s (target 0.5x)",
               s / 1024, t / 1024, s / t, (s / t > 0.5 ? "!" : "") }')
fi

echo
echo "processor: $cpu_model"
echo "OpenBLAS kernels (openblas_get_corename() in gan-bench): ${kernels:-unknown};  PyTorch $torch_version"
for table in "${tables[@]}"; do
    echo
    echo "$table"
done
echo
echo "$memory_line"
echo "(! marks a ratio above its target: 2 threads mlp 0.7x, dcgan28 0.8x, dcgan32 1.0x; 1 thread 1.2x; memory 0.5x)"
