#!/usr/bin/env bash
# The main job in its quick mode: every file the reproduction promises exists (events.csv
# with the client-view downtime columns, summary.md with their column), every one
# of the paper's claims is evaluated, and the claims this test names hold (claims.csv says
# "yes"): stop-and-copy's downtime at least 5x pre-copy's and growing with memory;
# pre-copy's total above stop-and-copy's for every workload and ordered netperf <
# SampleWeb < Olio; no service in stop-and-copy's downtime; response time during
# pre-copy above the steady state before it; a response-time peak after every resume.
# The other claims are predictions of the model; they are reported, not required.
# Before it, --dryRun's lists: --ablation adds experiments 4-6's pre-copy with each of the
# three partial I/O paths (nine runs at one run a case), --full always has them, and the
# default run has none.
# Usage: paper-quick-test.sh PATH/TO/vm-migration-paper
set -euo pipefail
program=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

ablationRuns() {
    "$program" --dryRun "$@" | grep -cE '^exp[456] ablation-(network|dom0-cpu|netback) [0-9]+$' || true
}
for args in "--quick" "" "--quick --ablation" "--ablation" "--full"; do
    # shellcheck disable=SC2086 # the options are words
    got=$(ablationRuns $args)
    case "$args" in
    *ablation*) want=9 ;;
    --full) want=90 ;; # ten runs a case
    *) want=0 ;;
    esac
    if [ "$got" -ne "$want" ]; then
        echo "--dryRun $args: $got ablation runs, expected $want"
        exit 1
    fi
done

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
    expect "$e/events.csv"
    if [ -s "$out/$e/events.csv" ] && ! head -n 1 "$out/$e/events.csv" |
        grep -q ',resumed_s,released_s,client_gap_start_s,client_gap_end_s,client_downtime_s$'; then
        echo "$e/events.csv: no client-view downtime columns"
        status=1
    fi
done
if [ -s "$out/summary.md" ] && ! grep -q '| client-view downtime s |' "$out/summary.md"; then
    echo "summary.md: no client-view downtime column"
    status=1
fi
for e in exp2 exp3 exp4 exp5 exp6; do
    expect "$e/requests.csv"
    expect "$e/timeseries.csv"
done
for png in exp1/exp1-downtime.png exp1/exp1-total.png exp2/exp2-downtime.png \
    exp2/exp2-total.png exp3/exp3-response.png exp4/exp4.png exp5/exp5.png exp6/exp6.png \
    exp6/exp6-zoom.png; do
    expect "$png"
done

claims=$(tail -n +2 "$out/claims.csv" | wc -l)
if [ "$claims" -lt 10 ]; then
    echo "only $claims claims evaluated"
    status=1
fi
required='^(downtime-ratio|downtime-growth|pre-copy-longer|pre-copy-order|exp[0-9] stop-and-copy: no service in the downtime|exp[0-9] pre-copy: response rises during pre-copy|exp[0-9] [a-z-]+: peak after resume),'
if [ "$(grep -cE "$required" "$out/claims.csv")" -lt 12 ]; then
    echo "a required claim was not evaluated:"
    grep -E "$required" "$out/claims.csv"
    status=1
fi
if grep -E "$required" "$out/claims.csv" | grep -q '^[^,]*,no,'; then
    echo "required claims that do not hold:"
    grep -E "$required" "$out/claims.csv" | grep '^[^,]*,no,'
    status=1
fi
echo "claims not required that do not hold (predictions):"
grep -vE "$required" "$out/claims.csv" | grep '^[^,]*,no,' || echo "none"
exit $status
