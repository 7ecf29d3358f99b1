#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Test 2: aggregate.csv holds Student t confidence intervals equal to ones computed by hand,
# skips non-numeric columns, counts every migrations.csv row as a sample, leaves sd and CI
# empty for n = 1, and is reproducible.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# The fake writes total_s = RngRun * memory / 64 and summary.value = RngRun, so memory 64 with
# 5 repetitions gives the samples 1, 2, 3, 4, 5.
cat >five.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 0},
 "grid": {"memory": [64, 128]}, "repetitions": 5, "out": "five"}
PLAN
"$SWEEP" run five.json --jobs 2 2>/dev/null
check "sweep exits 0" [ $? -eq 0 ]
"$SWEEP" aggregate five.json 2>/dev/null
check "aggregate exits 0" [ $? -eq 0 ]
DIR=$(plan_dir five.json)
AGG=$DIR/aggregate.csv
check "header" [ "$(head -1 "$AGG")" = "memory,column,n,mean,sd,ci95_low,ci95_high" ]

# By hand, for 1, 2, 3, 4, 5:
#   mean = 15 / 5 = 3
#   sd = sqrt((4 + 1 + 0 + 1 + 4) / (5 - 1)) = sqrt(2.5) = 1.58113883
#   t(0.975, 4) = 2.77644511 (Student t table: 2.776)
#   half width = 2.77644511 * 1.58113883 / sqrt(5) = 1.96324316
#   interval = [3 - 1.96324316, 3 + 1.96324316] = [1.03675684, 4.96324316]
for column in total_s summary.value; do
    row="^64,$column,"
    check "$column: n = 5" [ "$(field "$AGG" "$row" n)" = 5 ]
    check "$column: mean = 3" close_to "$(field "$AGG" "$row" mean)" 3
    check "$column: sd = 1.58113883" close_to "$(field "$AGG" "$row" sd)" 1.58113883
    check "$column: ci95_low = 1.03675684" close_to "$(field "$AGG" "$row" ci95_low)" 1.03675684
    check "$column: ci95_high = 4.96324316" close_to "$(field "$AGG" "$row" ci95_high)" 4.96324316
done
# memory 128 doubles the samples (2, 4, ..., 10): mean 6, sd 3.16227766, half 3.92648632.
check "memory 128: mean 6" close_to "$(field "$AGG" "^128,total_s," mean)" 6
check "memory 128: ci95_high 9.92648632" close_to "$(field "$AGG" "^128,total_s," ci95_high)" 9.92648632

check "text column vm skipped" [ "$(grep -c ',vm,' "$AGG")" -eq 0 ]
check "text column strategy skipped" [ "$(grep -c ',strategy,' "$AGG")" -eq 0 ]
check "text column summary.label skipped" [ "$(grep -c ',summary.label,' "$AGG")" -eq 0 ]
check "copy at OUT/aggregate.csv" cmp "$AGG" five/aggregate.csv
check "runs.csv rebuilt with 10 rows" [ "$(data_rows "$DIR/runs.csv")" -eq 10 ]

# Reproducible: aggregating again gives the same bytes.
cp "$AGG" first.csv
"$SWEEP" aggregate five.json 2>/dev/null
check "aggregate is reproducible" cmp first.csv "$AGG"

# Every data row is a sample: 3 rows per run, 2 repetitions -> n = 6.
cat >rows.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 0, "rows": 3},
 "grid": {"memory": [64]}, "repetitions": 2, "out": "rows"}
PLAN
"$SWEEP" run rows.json 2>/dev/null && "$SWEEP" aggregate rows.json 2>/dev/null
AGG=$(plan_dir rows.json)/aggregate.csv
check "3 rows x 2 runs: n = 6" [ "$(field "$AGG" "^64,total_s," n)" = 6 ]
check "summary has one row per run: n = 2" [ "$(field "$AGG" "^64,summary.value," n)" = 2 ]
# total_s samples: run 1 -> 1, 2, 3; run 2 -> 2, 3, 4: mean 15 / 6 = 2.5.
check "3 rows x 2 runs: mean 2.5" close_to "$(field "$AGG" "^64,total_s," mean)" 2.5

# One repetition: n = 1, mean only, sd and CI empty.
cat >one.json <<PLAN
{"program": "$FAKE", "args": {"sleep": 0},
 "grid": {"memory": [64]}, "repetitions": 1, "out": "one"}
PLAN
"$SWEEP" run one.json 2>/dev/null && "$SWEEP" aggregate one.json 2>/dev/null
AGG=$(plan_dir one.json)/aggregate.csv
check "n = 1 row: mean given, sd and CI empty" grep -qx '64,total_s,1,1,,,' "$AGG"

# Nothing run yet: aggregate fails clearly.
cat >none.json <<PLAN
{"program": "$FAKE", "grid": {"memory": [64]}, "repetitions": 1, "out": "none"}
PLAN
"$SWEEP" aggregate none.json 2>none.err
check "aggregate before any run exits non-zero" [ $? -ne 0 ]
check "... saying to run it first" grep -q "run it first" none.err

finish
