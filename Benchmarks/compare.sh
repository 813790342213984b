#!/usr/bin/env bash
# Runs gan-bench in the release build, in the debug build, and its PyTorch twin, config by config,
# and prints ms/step with the ratios Swift/PyTorch and debug/release.
# Targets: mlp ≤ 1.0× PyTorch, dcgan32 ≤ 1.5× PyTorch, debug ≤ 1.5× release.
#
# Usage: Benchmarks/compare.sh [extra swift build flags, e.g. --scratch-path .build-me]
# Environment: CONFIGS (default "mlp dcgan28 dcgan32"), STEPS (default 10), WARMUP (default 2),
#   THREADS (default 2: both sides use 2 threads; 1 gives a comparison that suffers less from a busy machine).
# Numbers are only meaningful on an otherwise idle machine: check `uptime` first. PyTorch's OpenMP threads
# spin while they wait, so on a loaded machine its 2-thread times balloon far more than Swift's.
set -euo pipefail
cd "$(dirname "$0")/.."
configs=${CONFIGS:-mlp dcgan28 dcgan32}
steps=${STEPS:-10}
warmup=${WARMUP:-2}
threads=${THREADS:-2}
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads

echo "== building gan-bench (release and debug)"
swift build -c release "$@" --product gan-bench >/dev/null
swift build "$@" --product gan-bench >/dev/null
release_bin="$(swift build -c release "$@" --show-bin-path)/gan-bench"
debug_bin="$(swift build "$@" --show-bin-path)/gan-bench"

# The number after ms/step= on the last line of a benchmark's output.
ms_per_step() { tail -n 1 | sed -n 's/.*ms\/step=\([0-9.]*\)$/\1/p'; }

results=()
for config in $configs; do
    echo "== $config, $threads threads  (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown))"
    release=$("$release_bin" --config "$config" --steps "$steps" --warmup "$warmup" | tee /dev/stderr | ms_per_step)
    debug=$("$debug_bin" --config "$config" --steps "$steps" --warmup "$warmup" | ms_per_step)
    torch=$(python3 Benchmarks/pytorch/gan_bench.py --config "$config" --steps "$steps" --warmup "$warmup" --threads "$threads" | tee /dev/stderr | ms_per_step)
    results+=("$config $release $debug $torch")
done

echo
printf '%-9s %12s %12s %12s %14s %14s\n' config "release ms" "debug ms" "PyTorch ms" "Swift/PyTorch" "debug/release"
for row in "${results[@]}"; do
    echo "$row"
done | awk '{
    target = ($1 == "mlp") ? 1.0 : (($1 == "dcgan32") ? 1.5 : 0)
    swift = $2 / $4; dr = $3 / $2
    flag1 = (target > 0 && swift > target) ? "!" : " "
    flag2 = (dr > 1.5) ? "!" : " "
    printf "%-9s %12.2f %12.2f %12.2f %13.2fx%s %13.2fx%s\n", $1, $2, $3, $4, swift, flag1, dr, flag2
}'
echo "(! marks a ratio above its target: mlp 1.0x and dcgan32 1.5x PyTorch, debug 1.5x release)"
