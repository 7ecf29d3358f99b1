#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Test 3: the emitted SLURM script passes `bash -n` and, run with bash (no sbatch) and
# SLURM_ARRAY_TASK_ID set by hand, runs exactly that plan index; the GNU parallel job list
# runs single indices the same way; aggregate works on the collected folders.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

mkdir plans
cat >plans/plan.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 0.1, "log": "$WORK/runs.log"},
 "grid": {"memory": [64, 128], "strategy": ["stop-and-copy", "pre-copy"]},
 "repetitions": 2, "out": "results"}
PLAN
DIR=$WORK/$(plan_dir plans/plan.json)

script=$("$SWEEP" emit slurm plans/plan.json 2>emit.err)
check "emit slurm exits 0" [ $? -eq 0 ]
check "emit slurm prints the path" [ "$script" = "$DIR/sweep.sbatch" ]
check "emit slurm says where it wrote" grep -q "wrote $DIR/sweep.sbatch" emit.err
check "script passes bash -n" bash -n "$script"
check "array covers the 8 runs" grep -qx '#SBATCH --array=0-7' "$script"
check "script calls run-index with absolute paths" \
    grep -q "^exec '$SWEEP' run-index '$WORK/plans/plan.json' \"\${SLURM_ARRAY_TASK_ID" "$script"
if command -v shellcheck >/dev/null; then
    check "script passes shellcheck" shellcheck -S warning "$script"
fi

# Run task 5 by hand from another folder: the script cd's to where "out" is relative to.
(cd / && SLURM_ARRAY_TASK_ID=5 bash "$script") 2>task.err
check "task 5 exits 0" [ $? -eq 0 ]
name5=$("$SWEEP" list plans/plan.json | awk -F'\t' '$1 == 5 {print $2}')
check "task 5 ran memory=128 strategy=stop-and-copy rep 2" \
    [ "$name5" = "0005-memory=128-strategy=stop-and-copy-rep2" ]
check "task 5's folder is complete" [ -f "$DIR/runs/$name5/sweep-complete.json" ]
check "task 5's output is there" [ -s "$DIR/runs/$name5/outputs/migrations.csv" ]
check "no other run folder exists" [ "$(ls "$DIR/runs")" = "$name5" ]
check "the program ran once with the right arguments" \
    grep -qx "memory=128 strategy=stop-and-copy RngRun=2 pid=[0-9]*" runs.log
check "... and only once" [ "$(wc -l <runs.log)" -eq 1 ]

# The same task again is a no-op (resumable); an unset task id is an error.
SLURM_ARRAY_TASK_ID=5 bash "$script" 2>/dev/null
check "task 5 again exits 0" [ $? -eq 0 ]
check "task 5 again runs nothing" [ "$(wc -l <runs.log)" -eq 1 ]
(unset SLURM_ARRAY_TASK_ID; bash "$script") 2>unset.err
check "without SLURM_ARRAY_TASK_ID the script fails" [ $? -ne 0 ]
"$SWEEP" run-index plans/plan.json 8 2>range.err
check "index out of range is refused" grep -q "out of range" range.err

# GNU parallel job list: 8 command lines after comments; run line 2 with bash from elsewhere.
jobs=$("$SWEEP" emit parallel plans/plan.json 2>/dev/null)
check "job list written" [ "$jobs" = "$DIR/jobs.txt" ]
check "job list shows the parallel command" grep -q '^#   parallel --sshloginfile hosts.txt < jobs.txt$' "$jobs"
check "job list has 8 commands" [ "$(grep -vc '^#' "$jobs")" -eq 8 ]
check "job list passes bash -n" bash -n "$jobs"
line=$(grep -v '^#' "$jobs" | sed -n 3p)
(cd / && bash -c "$line") 2>/dev/null
check "job line for index 2 exits 0" [ $? -eq 0 ]
name2=$("$SWEEP" list plans/plan.json | awk -F'\t' '$1 == 2 {print $2}')
check "index 2 complete" [ -f "$DIR/runs/$name2/sweep-complete.json" ]
check "two run folders now" [ "$(ls "$DIR/runs" | wc -l)" -eq 2 ]

# aggregate works on the collected folders and rebuilds runs.csv from them.
"$SWEEP" aggregate plans/plan.json 2>agg.err
check "aggregate exits 0" [ $? -eq 0 ]
check "runs.csv lists the 2 runs" [ "$(data_rows "$DIR/runs.csv")" -eq 2 ]
check "aggregate counted 2 of 8 runs" grep -q "2 of 8 runs complete" agg.err

# A local sweep completes the other 6 and skips the 2.
"$SWEEP" run plans/plan.json --jobs 2 2>/dev/null
check "local sweep completes the rest" [ "$(count_complete "$DIR")" -eq 8 ]
check "8 program runs in all" [ "$(wc -l <runs.log)" -eq 8 ]

finish
