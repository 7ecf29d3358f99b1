#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Test 4: bad plans give a non-zero exit and an error naming the place (key or line), and
# leave nothing behind.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# expect_error NAME EXPECTED_TEXT PLAN_TEXT: `run` must fail, mentioning EXPECTED_TEXT.
expect_error() {
    printf '%s\n' "$3" >"$1.json"
    "$SWEEP" run "$1.json" --jobs 1 >"$1.out" 2>"$1.err"
    local status=$?
    check "$1: non-zero exit ($status)" [ "$status" -ne 0 ]
    if grep -qF -- "$2" "$1.err"; then
        echo "ok   $1: message names it: $(cat "$1.err")"
    else
        fail "$1: message lacks \"$2\": $(cat "$1.err")"
    fi
    check "$1: message names the plan file" grep -qF "$1.json" "$1.err"
}

GOOD_GRID='"grid": {"memory": [64, 128]}'

expect_error unknown-key "unknown key 'repetition'" \
    "{\"program\": \"$FAKE\", $GOOD_GRID, \"repetition\": 3, \"repetitions\": 3, \"out\": \"o\"}"
expect_error empty-grid "'grid' is empty" \
    "{\"program\": \"$FAKE\", \"grid\": {}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error empty-list "grid.strategy: empty list" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": [64], \"strategy\": []}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error missing-program "program 'no-such-scenario-program' not found beside" \
    "{\"program\": \"no-such-scenario-program\", $GOOD_GRID, \"repetitions\": 1, \"out\": \"o\"}"
expect_error missing-program-path "program './bin/nothing-here'" \
    "{\"program\": \"./bin/nothing-here\", $GOOD_GRID, \"repetitions\": 1, \"out\": \"o\"}"
# Line 3 closes the list with '}' instead of ']'.
expect_error malformed-json "line 3" "{
  \"program\": \"$FAKE\",
  \"grid\": {\"memory\": [64, 128},
  \"repetitions\": 1, \"out\": \"o\"
}"
expect_error truncated-json "malformed JSON" "{\"program\": \"$FAKE\", $GOOD_GRID"
expect_error zero-repetitions "'repetitions' must be an integer from 1" \
    "{\"program\": \"$FAKE\", $GOOD_GRID, \"repetitions\": 0, \"out\": \"o\"}"
expect_error fractional-repetitions "'repetitions' must be an integer" \
    "{\"program\": \"$FAKE\", $GOOD_GRID, \"repetitions\": 2.5, \"out\": \"o\"}"
expect_error key-in-args "grid key 'memory' also appears in 'args'" \
    "{\"program\": \"$FAKE\", \"args\": {\"memory\": 64}, $GOOD_GRID, \"repetitions\": 1, \"out\": \"o\"}"
expect_error missing-out "missing key 'out'" \
    "{\"program\": \"$FAKE\", $GOOD_GRID, \"repetitions\": 1}"
expect_error duplicate-key "duplicate key 'memory' in grid" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": [64], \"memory\": [128]}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error zero-step "grid.memory.step: must not be 0" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": {\"from\": 1, \"to\": 5, \"step\": 0}}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error empty-range "grid.memory: range from 5 to 1" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": {\"from\": 5, \"to\": 1, \"step\": 1}}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error range-typo "grid.memory: unknown range key 'stop'" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": {\"from\": 1, \"stop\": 5, \"step\": 1}}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error repeated-value "grid.memory: value '64' appears twice" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": [64, 128, 64]}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error reserved-key "grid key 'RngRun' is set by the sweep runner" \
    "{\"program\": \"$FAKE\", \"grid\": {\"RngRun\": [1, 2]}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error nested-value "grid.memory[1]: must be a string, number or boolean" \
    "{\"program\": \"$FAKE\", \"grid\": {\"memory\": [64, [1]]}, \"repetitions\": 1, \"out\": \"o\"}"
expect_error not-an-object "must be a JSON object" "[1, 2]"

check "no results folder was created" [ ! -e o ]

# The other commands reject bad plans the same way.
for command in aggregate list "emit slurm"; do
    # shellcheck disable=SC2086
    "$SWEEP" $command unknown-key.json >/dev/null 2>cmd.err
    check "$command: non-zero exit" [ $? -ne 0 ]
    check "$command: names the key" grep -q "unknown key 'repetition'" cmd.err
done
"$SWEEP" run no-such-plan.json 2>noplan.err
check "missing plan file: non-zero exit" [ $? -ne 0 ]
check "missing plan file: named" grep -q "no-such-plan.json" noplan.err
"$SWEEP" run unknown-key.json --jobs 0 2>jobs.err
check "bad --jobs refused" [ $? -ne 0 ]
"$SWEEP" frobnicate 2>cmd.err
check "unknown command refused" grep -q "unknown command 'frobnicate'" cmd.err

finish
