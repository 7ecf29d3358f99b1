#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Test 5: a crashed run (signal), a failing run (exit status) and a timed-out run are recorded
# as failed / timeout in runs.csv with their stderr kept, the other runs complete, the sweep
# exits non-zero, and a second invocation redoes only the unfinished runs.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# RngRun 1, 5, 8: ok; 2: SIGSEGV; 3: hangs (SIGTERM kills it); 4: exit 3; 6: hangs ignoring
# SIGTERM (SIGKILL after the 2 s grace); 7: hangs, exits 0 on SIGTERM (still a timeout).
cat >plan.json <<PLAN
{"program": "$FAKE",
 "args": {"sleep": 0.2, "crash-run": 2, "hang-run": 3, "fail-run": 4, "stubborn-run": 6,
          "graceful-run": 7, "log": "$WORK/runs.log"},
 "grid": {"memory": [64]}, "repetitions": 8, "out": "out"}
PLAN
DIR=$(plan_dir plan.json)
CSV=$DIR/runs.csv

start=$(date +%s.%N)
"$SWEEP" run plan.json --jobs 2 --timeout 1.5 2>run-1.err
status=$?
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
check "sweep with failures exits non-zero ($status)" [ "$status" -eq 1 ]
check "sweep did not wait for the hanging run ($elapsed s)" awk -v t="$elapsed" 'BEGIN {exit !(t < 10)}'
check "runs.csv has 8 rows" [ "$(data_rows "$CSV")" -eq 8 ]
check "run 1 ok" grep -q '^64,1,ok,' "$CSV"
check "run 2 (SIGSEGV) failed with exit_code -11" grep -q '^64,2,failed,[0-9.]*,-11,runs/0001-memory=64-rep2.failed$' "$CSV"
check "run 3 (hang) timeout" grep -q '^64,3,timeout,[0-9.]*,-15,runs/0002-memory=64-rep3.failed$' "$CSV"
check "run 4 (exit 3) failed with exit_code 3" grep -q '^64,4,failed,[0-9.]*,3,' "$CSV"
check "runs 5 and 8 ok" eval 'grep -q "^64,5,ok," "$CSV" && grep -q "^64,8,ok," "$CSV"'
check "run 6 (ignores SIGTERM) timeout, killed by SIGKILL" grep -q '^64,6,timeout,[0-9.]*,-9,' "$CSV"
check "run 7 (exits 0 on SIGTERM) still a timeout" grep -q '^64,7,timeout,[0-9.]*,0,' "$CSV"
check "timeout wall time about 1.5 s" \
    awk -F, '$2 == 3 {exit !($4 >= 1.4 && $4 < 3)}' "$CSV"
check "SIGKILL follows SIGTERM after the 2 s grace" \
    awk -F, '$2 == 6 {exit !($4 >= 3.4 && $4 < 5.5)}' "$CSV"
check "crashed run's stderr kept" \
    grep -q "crashing on purpose" "$DIR/runs/0001-memory=64-rep2.failed/stderr.txt"
check "timed-out run's stderr kept" \
    grep -q "hanging on purpose" "$DIR/runs/0002-memory=64-rep3.failed/stderr.txt"
check "failed run's stderr kept" \
    grep -q "failing on purpose" "$DIR/runs/0003-memory=64-rep4.failed/stderr.txt"
check "failure record written" grep -q '"status": "timeout"' "$DIR/runs/0002-memory=64-rep3.failed/sweep-failed.json"
check "failed runs have no completion marker" \
    [ ! -e "$DIR/runs/0001-memory=64-rep2.failed/sweep-complete.json" ]
check "3 complete runs" [ "$(count_complete "$DIR")" -eq 3 ]
check "timed-out runs have no completion marker" \
    [ ! -e "$DIR/runs/0006-memory=64-rep7.failed/sweep-complete.json" ]
check "failure reported on the terminal" grep -q "run 1 failed (killed by signal 11" run-1.err
check "timeout reported on the terminal" grep -q "run 2 timed out" run-1.err
check "progress shows failures" grep -q "8/8 runs done (0 skipped), 5 failed" run-1.err

# Aggregate uses the 3 complete runs only.
"$SWEEP" aggregate plan.json 2>/dev/null
check "aggregate n = 3" [ "$(field "$DIR/aggregate.csv" '^64,total_s,' n)" = 3 ]

# Again: only the 5 unfinished runs are redone (they fail again the same way).
"$SWEEP" run plan.json --jobs 3 --timeout 1 2>run-2.err
check "second sweep exits non-zero" [ $? -eq 1 ]
check "second sweep ran 5 runs" grep -q "(3 complete, 5 to run)" run-2.err
check "13 program runs in all" [ "$(wc -l <runs.log)" -eq 13 ]
check "runs.csv still has 8 rows" [ "$(data_rows "$CSV")" -eq 8 ]
check "no .tmp folder left" [ "$(count_entries "$DIR/runs" '*.tmp')" -eq 0 ]

# SIGINT stops a sweep cleanly: running runs are stopped and discarded, runs.csv written.
cat >slow.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 5}, "grid": {"memory": [64]}, "repetitions": 2, "out": "slow"}
PLAN
"$SWEEP" run slow.json --jobs 2 2>slow.err &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
status=$?
check "interrupted sweep exits 130 ($status)" [ "$status" -eq 130 ]
check "interrupted runs discarded" [ -z "$(ls "$(plan_dir slow.json)/runs")" ]

finish
