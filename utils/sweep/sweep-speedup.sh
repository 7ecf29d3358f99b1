#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Speed-up of vm-migration-sweep's process pool: a sweep of 8 CPU-bound runs (the fake
# scenario computing for about 1.5 s each, no sleeping) with --jobs 2, then with --jobs 1;
# prints the wall times, their ratio, and the CPU time the runs got per second of wall time
# (the cores the sweep actually had: below 2 with --jobs 2 means other processes took them).
# On an idle machine with 2 free cores the ratio should be at least 1.8 (8 runs divide evenly
# over 2 workers; the runner's own cost is a fork/exec and a few small file writes per run).
# MODE "sleep" makes the runs sleep instead of compute: a control that measures the pool's
# concurrency without depending on free cores.
#
# usage: sweep-speedup.sh [VM_MIGRATION_SWEEP [SWEEP_FAKE_SCENARIO [SECONDS_PER_RUN [MODE]]]]
#   defaults: build/vm-migration-sweep, build/utils/sweep/test/sweep-fake-scenario, 1.5, cpu

set -eu

SWEEP=$(realpath "${1:-build/vm-migration-sweep}")
FAKE=$(realpath "${2:-build/utils/sweep/test/sweep-fake-scenario}")
SECONDS_PER_RUN=${3:-1.5}
MODE=${4:-cpu}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sweep-speedup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

now() { date +%s.%N; }

if [ "$MODE" = sleep ]; then
    args="\"sleep\": $SECONDS_PER_RUN"
    echo "control: runs sleep $SECONDS_PER_RUN s each"
else
    # Calibrate: how long do 200 million iterations take here?
    mkdir calibrate
    start=$(now)
    "$FAKE" --RngRun=1 --out=calibrate --sleep=0 --work=200 >/dev/null 2>&1
    end=$(now)
    work=$(awk -v s="$start" -v e="$end" -v t="$SECONDS_PER_RUN" \
        'BEGIN { printf "%.0f", 200 * t / (e - s) }')
    args="\"sleep\": 0, \"work\": $work"
    echo "calibration: $work million iterations ~ $SECONDS_PER_RUN s per run"
fi

write_plan() { # FILE OUT
    cat >"$1" <<PLAN
{"program": "$FAKE", "args": {$args, "summary": 0},
 "grid": {"case": [1, 2, 3, 4, 5, 6, 7, 8]}, "repetitions": 1, "out": "$2"}
PLAN
}
write_plan jobs2.json out-jobs2
write_plan jobs1.json out-jobs1

timed_sweep() { # PLAN JOBS: prints "wall_seconds cpu_seconds" (cpu: user + system of the runs)
    local TIMEFORMAT='%R %U %S'
    { time "$SWEEP" run "$1" --jobs "$2" 2>/dev/null; } 2>&1 | awk '{ printf "%s %.3f", $1, $2 + $3 }'
}

read -r t2 c2 <<<"$(timed_sweep jobs2.json 2)"
echo "--jobs 2: $t2 s wall, $c2 s CPU ($(awk -v c="$c2" -v t="$t2" 'BEGIN { printf "%.2f", c / t }') cores busy)"
read -r t1 c1 <<<"$(timed_sweep jobs1.json 1)"
echo "--jobs 1: $t1 s wall, $c1 s CPU ($(awk -v c="$c1" -v t="$t1" 'BEGIN { printf "%.2f", c / t }') cores busy)"
awk -v a="$t1" -v b="$t2" 'BEGIN {
    s = a / b
    printf "speed-up: %.2f (target >= 1.8: %s)\n", s, (s >= 1.8 ? "met" : "NOT met")
}'
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
