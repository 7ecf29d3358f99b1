#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Numbers and sizes at their limits: integer ranges near the 64-bit bounds expand exactly;
# plans beyond the run limit, numeric options that are not whole numbers in range, a
# number beyond a double in a plan, and plan files that never end or are too large are
# refused with exit status 2 and a message naming the option, file or limit.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

# A command that hangs fails the test instead of holding it until CTest's timeout; the
# commands here return in milliseconds.
LIMIT_SECONDS=30
# A command that reads without end (/dev/zero) fails instead of filling the machine's
# memory: the commands here need a few MiB.
LIMIT_KIB=1048576

# expect_usage NAME TEXT COMMAND...: COMMAND must exit 2 within LIMIT_SECONDS and
# LIMIT_KIB of memory, its stderr containing TEXT.
expect_usage() {
    local name=$1 text=$2
    shift 2
    (ulimit -v "$LIMIT_KIB" && exec timeout "$LIMIT_SECONDS" "$@") >"$name.out" 2>"$name.err"
    local status=$?
    check "$name: exit status 2 ($status)" [ "$status" -eq 2 ]
    if grep -qF -- "$text" "$name.err"; then
        echo "ok   $name: message: $(cat "$name.err")"
    else
        fail "$name: message lacks \"$text\": $(cat "$name.err")"
    fi
}

# plan NAME GRID [REPETITIONS]: write NAME.json with that grid.
plan() {
    printf '{"program": "%s", "args": {"sleep": 0}, "grid": %s, "repetitions": %s, "out": "out"}\n' \
        "$FAKE" "$2" "${3:-1}" >"$1.json"
}

# run_values PLAN: the grid value of each run, as `list` shows it.
run_values() {
    "$SWEEP" list "$1" 2>/dev/null | awk -F'\t' 'NR > 1 {sub(/.*--v=/, "", $4); sub(/ .*/, "", $4); print $4}' |
        tr '\n' ' '
}

# --- Integer ranges: exact values, no wrap-around (signed overflow before). ---
plan near-max '{"v": {"from": 9223372036854775000, "to": 9223372036854775807, "step": 500}}'
check "range ending near INT64_MAX has its 2 values: $(run_values near-max.json)" \
    [ "$(run_values near-max.json)" = "9223372036854775000 9223372036854775500 " ]
plan full-span '{"v": {"from": 9223372036854775807, "to": -9223372036854775808, "step": -9223372036854775808}}'
check "descending range by INT64_MIN: $(run_values full-span.json)" \
    [ "$(run_values full-span.json)" = "9223372036854775807 -1 " ]
plan beyond-int64 '{"v": {"from": 0, "to": 18446744073709551615, "step": 9223372036854775807}}'
expect_usage beyond-int64 "grid.v.to: 18446744073709551615 is above the largest integer" \
    "$SWEEP" list beyond-int64.json

# --- The run limit: 10^6 by default, --max-runs 1..10^8. ---
plan grid-too-big '{"a": {"from": 1, "to": 1000, "step": 1}, "b": {"from": 1, "to": 1001, "step": 1}}'
expect_usage grid-too-big "more than 1000000 runs" "$SWEEP" list grid-too-big.json
check "... and names --max-runs" grep -q -- "--max-runs" grid-too-big.err
plan many-keys "$(printf '{'; for k in $(seq 1 70); do printf '"k%d": [1, 2],' "$k"; done; printf '"z": [1]}')"
expect_usage many-keys "more than 1000000 runs" "$SWEEP" list many-keys.json
plan reps-too-many '{"v": [1, 2]}' 18446744073709551615
expect_usage reps-too-many "more than 1000000 runs" "$SWEEP" list reps-too-many.json
plan six '{"v": [1, 2]}' 3
expect_usage max-runs-below "more than 5 runs" "$SWEEP" list six.json --max-runs 5
check "list with --max-runs 6 accepts the 6 runs" [ "$("$SWEEP" list six.json --max-runs 6 | grep -c '^[0-9]')" -eq 6 ]
# Cluster tasks read the plan again, so the emitted script passes the limit on.
plan big '{"a": {"from": 1, "to": 1000, "step": 1}, "b": {"from": 1, "to": 1001, "step": 1}}'
script=$("$SWEEP" emit slurm big.json --max-runs 1001000 2>/dev/null)
check "emit slurm with --max-runs 1001000 exits 0" [ $? -eq 0 ]
(SLURM_ARRAY_TASK_ID=1000999 bash "$script") 2>task.err
check "its last task runs: $(tail -1 task.err)" [ $? -eq 0 ]
check "... the run a=1000 b=1001" [ -d "$(dirname "$script")/runs/1000999-a=1000-b=1001-rep1" ]
for value in 0 100000001 " 7" 7x -1; do
    expect_usage "max-runs-'$value'" "--max-runs must be a whole number from 1 to 100000000" \
        "$SWEEP" list six.json --max-runs "$value"
done

# --- Numeric options: whole string, no sign, no wrap-around, no fraction, range named. ---
for value in " -1" -1 4294967296 18446744073709551616 0 1.5 +2 "" 2x 0x10 8193; do
    expect_usage "jobs-'$value'" "--jobs must be a whole number from 1 to 8192 (got '$value')" \
        "$SWEEP" run six.json --jobs "$value"
done
for value in 1e10 1000001 0 -1 nan inf " 5" 5s 0x10 ""; do
    expect_usage "timeout-'$value'" "--timeout must be a number of seconds above 0 and at most 1000000" \
        "$SWEEP" run six.json --timeout "$value"
done
expect_usage emit-timeout "--timeout must be a number" "$SWEEP" emit slurm six.json --timeout 1e10
for value in " 1" -1 1x 18446744073709551616; do
    expect_usage "index-'$value'" "INDEX must be a whole number" "$SWEEP" run-index six.json "$value"
done
check "no run was started by a refused command" [ "$(ls out/*/runs)" = "1000999-a=1000-b=1001-rep1" ]
timeout "$LIMIT_SECONDS" "$SWEEP" run six.json --jobs 8192 --timeout 1e6 2>largest.err
check "the largest --jobs and --timeout are accepted: $(tail -1 largest.err)" [ $? -eq 0 ]

# --- A number beyond a double: the plan file and the line and column named. ---
printf '{"program": "%s",\n "grid": {"v": [1, -1e400]},\n "repetitions": 1, "out": "out"}\n' \
    "$FAKE" >overflow.json
expect_usage number-overflow "overflow.json: malformed JSON: number overflow parsing '-1e400' at line 2, column 20" \
    "$SWEEP" list overflow.json

# --- Plan files: regular, at most 1 MiB (1048576 bytes). ---
expect_usage dev-zero "cannot read the plan: '/dev/zero' is not a regular file" \
    "$SWEEP" run /dev/zero
mkfifo fifo.json
expect_usage fifo "'fifo.json' is not a regular file" "$SWEEP" list fifo.json
# The same valid plan padded with blanks to just under and just over the limit.
pad() {
    cat six.json >"$1.json"
    head -c $(($2 - $(wc -c <six.json))) /dev/zero | tr '\0' ' ' >>"$1.json"
}
pad at-limit 1048576
check "a plan of exactly 1048576 bytes is read" "$SWEEP" list at-limit.json >/dev/null
pad over-limit 1048577
expect_usage over-limit "'over-limit.json' is larger than 1048576 bytes" "$SWEEP" list over-limit.json

finish
