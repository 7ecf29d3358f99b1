#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Test 1: a sweep killed with SIGKILL (its whole process group) halfway through, then run
# again, ends with every run present exactly once and an aggregate.csv byte-identical to that
# of an uninterrupted sweep of the same grid.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# 12 runs of 0.4 s, 2 at a time: about 2.4 s uninterrupted.
write_plan() { # NAME OUT
    cat >"$1" <<PLAN
{"program": "$FAKE",
 "args": {"sleep": 0.4, "log": "$WORK/$2.log"},
 "grid": {"memory": [64, 128, 256], "strategy": ["stop-and-copy", "pre-copy"]},
 "repetitions": 2, "out": "$2"}
PLAN
}
write_plan reference.json reference
write_plan killed.json killed
REF=$(plan_dir reference.json)
KILLED=$(plan_dir killed.json)

"$SWEEP" run reference.json --jobs 2 2>reference-run.log
check "uninterrupted sweep exits 0" [ $? -eq 0 ]
"$SWEEP" aggregate reference.json 2>/dev/null
check "reference aggregate written" [ -s "$REF/aggregate.csv" ]

# Start the sweep in its own process group (job control on), and kill the group once 5 of
# the 12 runs are complete and the next ones are running with half-written .tmp folders.
set -m
"$SWEEP" run killed.json --jobs 2 2>killed-run-1.log &
pid=$!
set +m
for _ in $(seq 1 1500); do
    if [ "$(count_complete "$KILLED")" -ge 5 ] && [ "$(count_entries "$KILLED/runs" '*.tmp')" -gt 0 ]; then
        break
    fi
    sleep 0.02
done
sleep 0.1 # the runs write their header at once, then sleep 0.4 s: kill in between
kill -KILL -- "-$pid"
wait "$pid" 2>/dev/null
status=$?
check "killed sweep died of SIGKILL (status $status)" [ "$status" -eq 137 ]
before=$(count_complete "$KILLED")
tmps=$(count_entries "$KILLED/runs" '*.tmp')
echo "     complete at kill time: $before of 12; left behind: $tmps .tmp folder(s)"
check "the kill happened halfway (5..11 complete)" eval '[ "$before" -ge 5 ] && [ "$before" -lt 12 ]'
check "the kill left half-written .tmp folders" [ "$tmps" -ge 1 ]
check "runs.csv after the kill lists no more runs than are complete" \
    [ "$(data_rows "$KILLED/runs.csv")" -le "$before" ]
# The runs were mid-sleep (0.2 s or more to go): they must already be dead, killed by the
# kernel when the runner died (PR_SET_PDEATHSIG), not finishing into folders being wiped.
sleep 0.05
orphans=0
for p in $(sed -n 's/.* pid=//p' killed.log); do
    # Alive and not a zombie (an orphan's zombie waits for PID 1 to reap it).
    state=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && orphans=$((orphans + 1))
done
check "no run outlived the killed sweep ($orphans alive)" [ "$orphans" -eq 0 ]
sleep 0.3

"$SWEEP" run killed.json --jobs 2 2>killed-run-2.log
check "resumed sweep exits 0" [ $? -eq 0 ]
grep -q "($before complete, $((12 - before)) to run)" killed-run-2.log
check "resumed sweep skipped the $before complete runs" [ $? -eq 0 ]

# Every run exactly once: 12 folders, no leftovers, 12 distinct rows in runs.csv, all ok.
check "12 run folders" [ "$(ls "$KILLED/runs" | wc -l)" -eq 12 ]
check "no .tmp or .failed folder left" [ "$(count_entries "$KILLED/runs" '*.*')" -eq 0 ]
check "12 complete runs" [ "$(count_complete "$KILLED")" -eq 12 ]
check "runs.csv has 12 rows" [ "$(data_rows "$KILLED/runs.csv")" -eq 12 ]
check "runs.csv dirs are distinct" [ "$(tail -n +2 "$KILLED/runs.csv" | cut -d, -f7 | sort -u | wc -l)" -eq 12 ]
check "runs.csv statuses all ok" [ "$(tail -n +2 "$KILLED/runs.csv" | cut -d, -f4 | sort -u)" = "ok" ]
# Complete runs were not run again: at most the 2 killed ones ran twice.
invocations=$(wc -l <killed.log)
check "complete runs not redone ($invocations invocations, 12..14 expected)" \
    eval '[ "$invocations" -ge 12 ] && [ "$invocations" -le 14 ]'

"$SWEEP" aggregate killed.json 2>/dev/null
check "aggregate of the resumed sweep is byte-identical to the uninterrupted one" \
    cmp "$REF/aggregate.csv" "$KILLED/aggregate.csv"
check "aggregate has 78 rows (6 grid points x 13 numeric columns)" \
    [ "$(data_rows "$KILLED/aggregate.csv")" -eq 78 ]

# A third invocation has nothing to do and runs nothing.
"$SWEEP" run killed.json --jobs 2 2>killed-run-3.log
check "third invocation exits 0" [ $? -eq 0 ]
check "third invocation ran nothing" [ "$(wc -l <killed.log)" -eq "$invocations" ]
check "third invocation says all complete" grep -q "all runs already complete" killed-run-3.log

# A run folder without its marker is not complete (whatever else it holds): it is redone.
victim=$(ls "$KILLED/runs" | sed -n 3p)
rm "$KILLED/runs/$victim/sweep-complete.json"
echo "garbage" >"$KILLED/runs/$victim/outputs/migrations.csv"
"$SWEEP" run killed.json --jobs 2 2>killed-run-4.log
check "fourth invocation exits 0" [ $? -eq 0 ]
check "the run without marker was redone, alone" [ "$(wc -l <killed.log)" -eq $((invocations + 1)) ]
"$SWEEP" aggregate killed.json 2>/dev/null
check "aggregate still byte-identical" cmp "$REF/aggregate.csv" "$KILLED/aggregate.csv"

finish
