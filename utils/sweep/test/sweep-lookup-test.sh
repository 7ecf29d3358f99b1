#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Program lookup (beside the sweep binary, on PATH, relative to the plan), the plan form of
# the README, the command-line order, grid ranges, and the plan hash.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# Beside the binary: copy both into one folder, as the build puts them in one folder.
mkdir bin plans
cp "$SWEEP" bin/vm-migration-sweep
cp "$FAKE" bin/vm-migration-scenario
cat >plans/demo.json <<'PLAN'
{"program": "vm-migration-scenario", "args": {"testbed": "ideal"},
 "grid": {"memory": [64, 128], "strategy": ["stop-and-copy", "pre-copy"]},
 "repetitions": 3, "out": "sweeps/demo"}
PLAN
PATH=/usr/bin:/bin bin/vm-migration-sweep run plans/demo.json --jobs 2 2>demo.err
check "README plan form runs with a bare program name beside the binary" [ $? -eq 0 ]
DIR=$(PATH=/usr/bin:/bin bin/vm-migration-sweep list plans/demo.json | sed -n '1s/.*results in //p')
check "out is relative to the current folder" eval '[ -d "$WORK/sweeps/demo" ] && [ "${DIR#sweeps/demo/}" != "$DIR" ]'
check "12 complete runs" [ "$(count_complete "$DIR")" -eq 12 ]
check "plan copy kept" [ -s "$DIR/plan.json" ]
command=$(cat "$DIR/runs/0004-memory=64-strategy=pre-copy-rep2/sweep-command.txt")
expected="$WORK/bin/vm-migration-scenario --testbed=ideal --memory=64 --strategy=pre-copy --RngRun=2 --out=$WORK/$DIR/runs/0004-memory=64-strategy=pre-copy-rep2.tmp/outputs"
check "command line: args, grid keys sorted, RngRun, out" [ "$command" = "$expected" ]
check "run's stdout kept" grep -q "RngRun=2" "$DIR/runs/0004-memory=64-strategy=pre-copy-rep2/stdout.txt"

# On PATH.
mkdir pathbin
cp "$FAKE" pathbin/fake-on-path
cat >plans/path.json <<PLAN
{"program": "fake-on-path", "grid": {"memory": [64]}, "repetitions": 1, "out": "o"}
PLAN
PATH="$WORK/pathbin:/usr/bin:/bin" "$SWEEP" list plans/path.json >path.out 2>&1
check "bare name found on PATH" grep -q "$WORK/pathbin/fake-on-path --memory=64" path.out

# Relative to the plan file's folder, whatever the current folder.
mkdir plans/tools
cp "$FAKE" plans/tools/fake
cat >plans/relative.json <<PLAN
{"program": "tools/fake", "args": {"sleep": 0}, "grid": {"memory": [64]}, "repetitions": 1, "out": "rel"}
PLAN
(cd / && "$SWEEP" list "$WORK/plans/relative.json") >relative.out 2>&1
check "path with a slash is relative to the plan" grep -q "$WORK/plans/tools/fake --sleep=0" relative.out

# Ranges: integers stay integers, decimals print cleanly, "to" is included.
cat >plans/range.json <<PLAN
{"program": "$FAKE", "grid": {"n": {"from": 1, "to": 10, "step": 4},
 "x": {"from": 0.1, "to": 0.3, "step": 0.1}}, "repetitions": 1, "out": "r"}
PLAN
"$SWEEP" list plans/range.json | cut -f2 | tail -n +2 >range.out
check "range expansion" [ "$(tr '\n' ' ' <range.out)" = "0000-n=1-x=0.1-rep1 0001-n=1-x=0.2-rep1 0002-n=1-x=0.3-rep1 0003-n=5-x=0.1-rep1 0004-n=5-x=0.2-rep1 0005-n=5-x=0.3-rep1 0006-n=9-x=0.1-rep1 0007-n=9-x=0.2-rep1 0008-n=9-x=0.3-rep1 " ]

# The hash depends on content only: reformatting keeps it, a change of value does not.
hash() { "$SWEEP" list "$1" | sed -n '1s/^# plan \([0-9a-f]*\),.*/\1/p'; }
cat >plans/a.json <<PLAN
{"program": "$FAKE", "grid": {"memory": [64, 128]}, "repetitions": 2, "out": "h"}
PLAN
cat >plans/b.json <<PLAN
{
    "out": "h",
    "repetitions": 2,
    "grid": { "memory": [ 64, 128 ] },
    "program": "$FAKE"
}
PLAN
cat >plans/c.json <<PLAN
{"program": "$FAKE", "grid": {"memory": [64, 256]}, "repetitions": 2, "out": "h"}
PLAN
check "reformatted plan keeps its hash" [ "$(hash plans/a.json)" = "$(hash plans/b.json)" ]
check "changed plan gets a new hash" [ "$(hash plans/a.json)" != "$(hash plans/c.json)" ]
check "hash is 16 hex digits" [ "$(hash plans/a.json | grep -cx '[0-9a-f]\{16\}')" -eq 1 ]

# A changed plan never mixes results: two plans, same "out", two folders.
sed -i 's/"repetitions": 3/"repetitions": 2/' plans/demo.json
PATH=/usr/bin:/bin bin/vm-migration-sweep run plans/demo.json --jobs 2 2>demo2.err
check "changed plan ran all its runs anew" grep -q "(0 complete, 8 to run)" demo2.err
check "two plan folders under sweeps/demo" [ "$(find sweeps/demo -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 2 ]

finish
