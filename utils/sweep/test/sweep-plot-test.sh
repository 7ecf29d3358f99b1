#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# plot: draws a PNG from aggregate.csv through gnuplot, and refuses ambiguous requests.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

if ! command -v gnuplot >/dev/null; then
    echo "gnuplot not installed: skipping"
    finish
fi

cat >plan.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 0},
 "grid": {"memory": [64, 128, 256], "strategy": ["stop-and-copy", "pre-copy"]},
 "repetitions": 3, "out": "out"}
PLAN
"$SWEEP" run plan.json 2>/dev/null && "$SWEEP" aggregate plan.json 2>/dev/null
DIR=$(plan_dir plan.json)

png=$("$SWEEP" plot plan.json --x memory --y total_s --series strategy 2>plot.err)
check "plot exits 0" [ $? -eq 0 ]
check "plot path printed" [ "$png" = "$(realpath "$DIR")/plot-total_s-vs-memory-by-strategy.png" ]
check "PNG written" [ -s "$png" ]
check "it is a PNG" [ "$(head -c 4 "$png" | tail -c 3)" = "PNG" ]
check "gnuplot script kept" [ -s "$DIR/plot-total_s-vs-memory-by-strategy.gp" ]
check "two series in the data" [ "$(grep -c '^# strategy=' "$DIR/plot-total_s-vs-memory-by-strategy.dat")" -eq 2 ]

"$SWEEP" plot plan.json --x strategy --y summary.value --where memory=128 >/dev/null 2>&1
check "categorical x with --where" [ -s "$DIR/plot-summary.value-vs-strategy-memory=128.png" ]

"$SWEEP" plot plan.json --x memory --y total_s 2>ambiguous.err
check "varying key without --series is refused" [ $? -ne 0 ]
check "... naming the key" grep -q "grid key 'strategy' has several values" ambiguous.err
"$SWEEP" plot plan.json --x memory --y no_such_column --series strategy 2>column.err
check "unknown column is refused" [ $? -ne 0 ]
check "... naming it" grep -q "'no_such_column' is not a column" column.err
"$SWEEP" plot plan.json --x cpu --y total_s 2>key.err
check "unknown x key is refused" grep -q "'cpu' is not a grid key" key.err

finish
