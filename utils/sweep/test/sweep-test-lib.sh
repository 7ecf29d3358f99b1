#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers of the vm-migration-sweep test scripts.  Each script is called by CTest as
#   bash sweep-NAME-test.sh PATH/TO/vm-migration-sweep PATH/TO/sweep-fake-scenario
# and works in a fresh temporary folder, removed on success and kept (path printed) on failure.

set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 VM_MIGRATION_SWEEP FAKE_SCENARIO" >&2
    exit 2
fi
SWEEP=$(realpath "$1")
# shellcheck disable=SC2034 # used by the scripts that source this file
FAKE=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sweep-test.XXXXXX")
cd "$WORK" || exit 2
FAILURES=0

# check DESCRIPTION COMMAND...: run COMMAND; count a failure if it fails.
check() {
    local description=$1
    shift
    if "$@"; then
        echo "ok   $description"
    else
        echo "FAIL $description"
        FAILURES=$((FAILURES + 1))
    fi
}

# fail DESCRIPTION: count a failure.
fail() {
    echo "FAIL $1"
    FAILURES=$((FAILURES + 1))
}

# finish: report and exit with the test's status.
finish() {
    if [ "$FAILURES" -eq 0 ]; then
        echo "PASS"
        cd / && rm -rf "$WORK"
        exit 0
    fi
    echo "FAILED: $FAILURES check(s); files kept in $WORK"
    exit 1
}

# plan_dir PLAN: print OUT/<hash> of a plan (from the first line of `list`).
plan_dir() {
    "$SWEEP" list "$1" 2>/dev/null | sed -n '1s/.*results in //p'
}

# data_rows CSV: number of lines after the header.
data_rows() {
    if [ -f "$1" ]; then
        echo $(($(wc -l <"$1") - 1))
    else
        echo 0
    fi
}

# count_entries DIR GLOB: entries of DIR whose name matches GLOB.
count_entries() {
    find "$1" -mindepth 1 -maxdepth 1 -name "$2" 2>/dev/null | wc -l
}

# count_complete DIR: complete runs below OUT/<hash>/runs.
count_complete() {
    find "$1/runs" -mindepth 2 -maxdepth 2 -name sweep-complete.json 2>/dev/null |
        grep -cv '\.tmp/'
}

# field CSV ROW_MATCH COLUMN: the value of COLUMN in the first row whose line matches the
# extended regular expression ROW_MATCH (plain CSV without quoted commas).
field() {
    awk -F, -v match_re="$2" -v name="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) col = i; next }
        $0 ~ match_re && col { print $col; exit }' "$1"
}

# close_to ACTUAL EXPECTED: true if they agree to 1e-7 (relative to max(1, |EXPECTED|)).
close_to() {
    awk -v a="$1" -v e="$2" 'BEGIN {
        if (a == "") exit 1
        d = a - e; if (d < 0) d = -d
        s = e < 0 ? -e : e; if (s < 1) s = 1
        exit !(d <= 1e-7 * s) }'
}
