#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The runner with the real vm-migration-scenario, which it finds beside itself (where the
# build puts both): the program writes into an outputs folder of its own, which it replaces
# as a whole and which must hold nothing else, beside the runner's command line, stdout,
# stderr and marker; both runs of a 16 MiB idle VM complete, and aggregate reads their
# migrations.csv.  The other tests use a stand-in program, which would not notice a change
# of what the real one accepts.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

if [ ! -x "$(dirname "$SWEEP")/vm-migration-scenario" ]; then
    echo "no vm-migration-scenario beside $SWEEP"
    exit 1
fi
cat >plan.json <<'PLAN'
{
  "program": "vm-migration-scenario",
  "args": {"testbed": "ideal", "memory": 16, "workload": "idle"},
  "grid": {"strategy": ["stop-and-copy", "pre-copy"]},
  "repetitions": 1,
  "out": "sweep"
}
PLAN
"$SWEEP" run plan.json --jobs 2 2>run.err
check "both runs succeed" [ $? -eq 0 ]
DIR=$(plan_dir plan.json)
check "2 complete runs" [ "$(count_complete "$DIR")" -eq 2 ]
for run in "$DIR"/runs/*; do
    name=$(basename "$run")
    check "$name: migrations.csv in outputs/" [ -s "$run/outputs/migrations.csv" ]
    check "$name: rounds.csv in outputs/" [ -s "$run/outputs/rounds.csv" ]
    check "$name: the runner's stdout beside them" [ -s "$run/stdout.txt" ]
    check "$name: and its command line" [ -s "$run/sweep-command.txt" ]
done
"$SWEEP" aggregate plan.json 2>aggregate.err
check "aggregate exits 0" [ $? -eq 0 ]
check "stop-and-copy's downtime aggregated over its run" \
    grep -q '^stop-and-copy,downtime_s,1,' "$DIR/aggregate.csv"
check "pre-copy's downtime aggregated over its run" \
    grep -q '^pre-copy,downtime_s,1,' "$DIR/aggregate.csv"
finish
