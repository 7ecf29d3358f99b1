#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The strategies' comparison on an idle 64 MiB VM, 3 seeds: every strategy the module
# registers is compared (the four cases named below at least), each case has its 3 runs in
# runs.csv and n = 3 in comparison.csv, every interval holds its mean, an idle VM has no
# client figures, and the difference stop-and-copy's mechanism makes holds between the
# means: its downtime carries the whole memory, so it is above pre-copy's by more than
# both intervals' half-widths.  The tables and the three figures of an idle VM's costs
# are written (the clients' interval with no response has none).
# Usage: strategies-test.sh PATH/TO/vm-migration-strategies
set -euo pipefail
program=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$program" --loads=idle --seeds=3 --memory=64 --out="$out/r" >"$out/log" 2>&1 ||
    { cat "$out/log"; exit 1; }
r=$out/r
status=0
for file in runs.csv comparison.csv comparison.md strategies-downtime_s.png \
    strategies-total_s.png strategies-mb_sent.png; do
    if [ ! -s "$r/$file" ]; then
        echo "missing or empty: $file"
        status=1
    fi
done
# field CASE COLUMN FIELD: a field (n=4, mean=5, ci95_low=7, ci95_high=8) of comparison.csv
field() {
    awk -F, -v s="$1" -v c="$2" -v f="$3" '$1 == "idle" && $2 == s && $3 == c { print $f }' \
        "$r/comparison.csv"
}
for s in stop-and-copy pre-copy qemu-pre-copy "qemu-pre-copy +auto-converge"; do
    runs=$(awk -F, -v s="$s" '$1 == "idle" && $2 == s' "$r/runs.csv" | wc -l)
    if [ "$runs" -ne 3 ] || [ "$(field "$s" downtime_s 4)" != 3 ]; then
        echo "$s: $runs runs, n = '$(field "$s" downtime_s 4)' (expected 3)"
        status=1
    fi
    if [ -n "$(field "$s" failed 5)" ] || [ "$(field "$s" failed 4)" != 0 ]; then
        echo "$s: an idle VM has client figures"
        status=1
    fi
done
# Every interval holds its mean.
if ! awk -F, 'NR > 1 && $4 >= 2 && !($7 <= $5 && $5 <= $8) { bad = 1; print }
              END { exit bad }' "$r/comparison.csv"; then
    echo "an interval does not hold its mean"
    status=1
fi
if ! awk -v sc_mean="$(field stop-and-copy downtime_s 5)" -v sc_low="$(field stop-and-copy downtime_s 7)" \
    -v pc_mean="$(field pre-copy downtime_s 5)" -v pc_high="$(field pre-copy downtime_s 8)" \
    'BEGIN { exit !(sc_low > pc_high && sc_mean > pc_mean) }'; then
    echo "stop-and-copy's downtime is not above pre-copy's beyond the intervals"
    status=1
fi
[ "$status" -eq 0 ] && echo "PASS"
exit "$status"
