#!/usr/bin/env bash
# The main job in its quick mode: every file the reproduction promises exists and every
# one of PAPER.md's claims is evaluated; with --require-claims, every claim must also hold
# (claims.csv says "yes" for each).
# Usage: paper-quick-test.sh PATH/TO/vm-migration-paper [--require-claims]
set -euo pipefail
program=$1
require=${2:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$program" --quick --out="$out"

status=0
expect() {
    if [ ! -s "$out/$1" ]; then
        echo "missing or empty: $1"
        status=1
    fi
}
expect summary.md
expect claims.csv
for e in exp1 exp2 exp3 exp4 exp5 exp6; do
    expect "$e/migrations.csv"
    expect "$e/rounds.csv"
done
for e in exp2 exp3 exp4 exp5 exp6; do
    expect "$e/requests.csv"
    expect "$e/timeseries.csv"
done
for png in exp1/exp1-downtime.png exp1/exp1-total.png exp2/exp2-downtime.png \
    exp2/exp2-total.png exp3/exp3-response.png exp4/exp4.png exp5/exp5.png exp6/exp6.png \
    exp6/exp6-zoom.png; do
    expect "$png"
done

# Every claim of PAPER.md must be evaluated and hold.
claims=$(tail -n +2 "$out/claims.csv" | wc -l)
if [ "$claims" -lt 10 ]; then
    echo "only $claims claims evaluated"
    status=1
fi
if grep -q ',no,' "$out/claims.csv"; then
    echo "claims that do not hold:"
    grep ',no,' "$out/claims.csv"
    if [ "$require" = --require-claims ]; then
        status=1
    fi
fi
exit $status
