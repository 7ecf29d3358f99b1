#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bounded fuzz test of the programs' inputs:
#   bash fuzz-inputs-test.sh PATH/TO/vm-migration-scenario PATH/TO/vm-migration-sweep \
#       [CASES [PATH/TO/OTHER-PROGRAM...]]
#
# From a fixed seed, CASES (default 300) malformed or extreme values of
# vm-migration-scenario's options (one or two options per case, on a 1 MiB idle VM or a
# one-second HTTP load, so that an accepted input runs in a fraction of a second), then a
# third as many plans and options of vm-migration-sweep (`list`, which runs nothing), then
# a quarter as many malformed values of the other programs' numeric and flag options
# (vm-migration-paper, -experiment1, -benchmark, -calibrate, -calibrate-workloads,
# -bare-lan, -datacenter, -scale, -strategies), each of which must be refused (exit 1) before anything
# runs.
# Every case must
#   - end by itself within the time bound (60 s, what counts as a hang) and not by a signal
#     (exit status < 128: no abort, no crash, no sanitizer's exit);
#   - print no sanitizer report;
#   - when refused: print one error naming an option ("error: --name") or, for the sweep,
#     the plan file or the option, and write no CSV;
#   - when it ran: write migrations.csv, and exit 0 unless the migration failed, which the
#     error line says ("error: the migration ...").
# It prints the totals: cases, clean refusals, successes, run outcomes, crashes, hangs.

set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 VM_MIGRATION_SCENARIO VM_MIGRATION_SWEEP [CASES [OTHER_PROGRAM...]]" >&2
    exit 2
fi
SCENARIO=$(realpath "$1")
SWEEP=$(realpath "$2")
CASES=${3:-300}
OTHERS=()
for program in "${@:4}"; do
    OTHERS+=("$(realpath "$program")")
done
BOUND_S=60
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-inputs.XXXXXX")
cd "$WORK" || exit 2
RANDOM=20261202 # fixed seed: the same cases on every run

crashes=0
hangs=0
refused=0
succeeded=0
outcomes=0
bad=0

# note_bad CASE WHY: a case broke a rule.
note_bad() {
    echo "FAIL case $1: $2"
    bad=$((bad + 1))
}

# run_case CASE LOG COMMAND...: run COMMAND under the time bound; print its exit status.
run_case() {
    local log=$2
    shift 2
    timeout -s KILL "$BOUND_S" "$@" >"$log" 2>&1 </dev/null
    echo $?
}

# check_common CASE STATUS LOG: the rules every case follows; returns 1 if it crashed or hung.
check_common() {
    if [ "$2" -eq 137 ] || [ "$2" -eq 124 ]; then
        hangs=$((hangs + 1))
        note_bad "$1" "no answer within $BOUND_S s: $(tail -c 300 "$3")"
        return 1
    fi
    if [ "$2" -ge 128 ]; then
        crashes=$((crashes + 1))
        note_bad "$1" "exit status $2: $(tail -c 600 "$3")"
        return 1
    fi
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer" "$3"; then
        crashes=$((crashes + 1))
        note_bad "$1" "sanitizer report: $(grep -m3 -E "Sanitizer|runtime error" "$3")"
        return 1
    fi
    return 0
}

# ---- vm-migration-scenario --------------------------------------------------------------

OPTIONS=(memory strategy pageWriteRate workingSet distribution linkRate linkModel topology
    migrateAt migrate workload users thinkTime concurrency requestDemand responseSize
    pagesPerRequest rampUp steady rampDown keepAlive maxClients testbed ioPath source target
    runAfter endWithMigration RngRun out)
# Options that need a workload with clients to mean anything.
CLIENT_OPTIONS=" users thinkTime concurrency requestDemand responseSize pagesPerRequest rampUp
    steady rampDown keepAlive maxClients "
# "1e1", not "1e3": a 1000 MiB VM is valid, and its migration (100 s of a saturated link)
# takes over 3 minutes under ASan, beyond the bound that defines a hang.
VALUES=("" "-1" "-0" "0" "1" "2" "-2" "1.5" "1e1" "12abc" "abc" " 5" "5 " "0x10" "+3" "nan"
    "NaN" "inf" "-inf" "1e308" "-1e308" "1e400" "1e-300" "4294967295" "4294967296"
    "18446744073709551616" "-9223372036854775809" "9223372036854775807" "1e10" "1e9"
    "16385" "true" "false" "yes" "'" '"' "%s%n" "--" "=" "1bps" "100" "1.5bps" "0bps"
    "100Mbps" "-100Mbps" "pre-copy" "stop-and-copy" "qemu-pre-copy" "host1" "host2" "host3" "csma"
    "full-duplex" "bus" "hot-cold" "idle" "http" "ab" "sampleweb" "paper" "ideal"
    "network" "log-dirty" "/proc/no-such-dir/x" "/dev/null"
    "$(printf 'A%.0s' {1..3000})" "$(printf 'x\ny')")

# pick ARRAY...: set PICKED to one of the arguments, chosen by $RANDOM.  In this shell,
# not in a command substitution: a subshell reseeds $RANDOM, so the cases would differ from
# run to run, and this one's sequence would not advance.
pick() {
    local values=("$@")
    PICKED=${values[RANDOM % ${#values[@]}]}
}

# classify_scenario NAME DIR STATUS LOG ARGS: the rules of a scenario case that neither
# crashed nor hung: a run writes migrations.csv, a refusal one error naming an option and
# no CSV.
classify_scenario() {
    local name=$1 dir=$2 status=$3 log=$4 args=$5 csv
    csv=$(find "$dir" -name migrations.csv | head -1)
    if [ "$status" -eq 0 ]; then
        if [ -n "$csv" ] || grep -q -- "--migrate=0\|--migrate=false" <<<"$args"; then
            succeeded=$((succeeded + 1))
        else
            note_bad "$name" "exit 0 without migrations.csv"
        fi
    elif grep -q "error: the migration " "$log"; then
        # An outcome, not a refusal: its records are written.
        if [ -n "$csv" ] && grep -q ",failed:\|,in-progress" "$csv"; then
            outcomes=$((outcomes + 1))
        else
            note_bad "$name" "a failed run without its record: $(cat "$log")"
        fi
    elif grep -q "error: --" "$log" && [ "$(grep -c "error:" "$log")" -eq 1 ]; then
        if [ -n "$(find "$dir" -name '*.csv')" ]; then
            note_bad "$name" "refused but wrote CSV: $(cat "$log")"
        else
            refused=$((refused + 1))
        fi
    else
        note_bad "$name" "exit $status without an error naming an option: $(tail -c 400 "$log")"
    fi
}

for ((i = 0; i < CASES; i++)); do
    # Each case runs in a folder of its own, where a relative --out lands too.
    dir="$WORK/s$i"
    mkdir -p "$dir"
    args=(--testbed=ideal --memory=1)
    pick "${OPTIONS[@]}"
    option=$PICKED
    pick "${VALUES[@]}"
    value=$PICKED
    if [[ $CLIENT_OPTIONS == *" $option "* ]] && ((RANDOM % 2)); then
        # A light HTTP load that ends with the migration, so that the load's own lengths,
        # whatever they are, do not make the run long.
        args+=(--workload=http --rampUp=0 --steady=1 --rampDown=0 --memory=4
            --migrateAt=0.5 --endWithMigration=1)
    fi
    if ((RANDOM % 4 == 0)); then # a second option
        pick "${OPTIONS[@]}"
        second=$PICKED
        pick "${VALUES[@]}"
        args+=("--$second=$PICKED")
    fi
    args+=("--$option=$value")
    log="$WORK/s$i.log"
    status=$(cd "$dir" && run_case "$i" "$log" "$SCENARIO" "${args[@]}")
    check_common "scenario $i (${args[*]:2})" "$status" "$log" || continue
    classify_scenario "scenario $i (${args[*]:2})" "$dir" "$status" "$log" "${args[*]}"
    rm -rf "$dir"
done
scenario_cases=$CASES

# Attribute values (--ns3::Class::Attribute=value, checked by the attribute's checker
# before ns-3's parser, which aborts on some) and configuration files, each with every
# value of a list: not drawn, so that the cases above and below stay as they were.
ATTRIBUTES=(ns3::XenPreCopyStrategy::MaxIterations ns3::VirtualMachine::PopulatedFraction
    ns3::Hypervisor::Speed ns3::MigrationManager::ResumeTime loadConfig saveConfig)
ATTRIBUTE_VALUES=("" "-1" "0" "1" "1.5" "12abc" "abc" "nan" "1e400" "4294967296" "1s" "-1s"
    "3parsecs" "'" "%s%n" "/proc/no-such-dir/x" "/dev/null" "/tmp" "x.xml")
i=0
for attribute in "${ATTRIBUTES[@]}"; do
    for value in "${ATTRIBUTE_VALUES[@]}"; do
        dir="$WORK/a$i"
        mkdir -p "$dir"
        args=(--testbed=ideal --memory=1 "--$attribute=$value")
        log="$WORK/a$i.log"
        status=$(cd "$dir" && run_case "$i" "$log" "$SCENARIO" "${args[@]}")
        i=$((i + 1))
        check_common "scenario --$attribute=$value" "$status" "$log" || continue
        classify_scenario "scenario --$attribute=$value" "$dir" "$status" "$log" "${args[*]}"
        rm -rf "$dir"
    done
done
scenario_cases=$((scenario_cases + i))

# ---- vm-migration-sweep -----------------------------------------------------------------

JSON_VALUES=('1e400' '-1e400' '-1' '0' '1.5' '1e308' '9223372036854775807'
    '18446744073709551616' '"x"' '""' '[]' '{}' 'null' 'true' '"a\nb"' '[1e308, -1e308]'
    '{"from": 1, "to": 9223372036854775807, "step": 1}' '[1, "a", null]' '"\u0000"'
    '"$(touch PWNED)"' "\"$(printf 'B%.0s' {1..2000})\"")
KEYS=(program args grid repetitions out)
SWEEP_CASES=$((CASES / 3))
for ((i = 0; i < SWEEP_CASES; i++)); do
    plan="$WORK/p$i.json"
    program='"vm-migration-scenario"'
    args='{"memory": 1}'
    grid='{"strategy": ["pre-copy", "stop-and-copy"]}'
    repetitions=2
    plan_out='"sweep-out"'
    pick "${KEYS[@]}"
    key=$PICKED
    pick "${JSON_VALUES[@]}"
    case $key in
    program) program=$PICKED ;;
    args) args="{\"memory\": $PICKED}" ;;
    grid) grid="{\"memory\": $PICKED}" ;;
    repetitions) repetitions=$PICKED ;;
    out) plan_out=$PICKED ;;
    esac
    printf '{"program": %s, "args": %s, "grid": %s, "repetitions": %s, "out": %s}\n' \
        "$program" "$args" "$grid" "$repetitions" "$plan_out" >"$plan"
    command=("$SWEEP" list "$plan")
    if ((RANDOM % 3 == 0)); then
        pick --jobs --timeout --max-runs
        command+=("$PICKED")
        pick "${VALUES[@]}"
        command+=("$PICKED")
    fi
    log="$WORK/p$i.log"
    status=$(run_case "$i" "$log" "${command[@]}")
    check_common "sweep $i (${command[*]:1})" "$status" "$log" || continue
    if [ "$status" -eq 0 ]; then
        succeeded=$((succeeded + 1))
    elif [ "$status" -eq 2 ] && grep -q "error:" "$log" &&
        grep -qE "p$i\.json|--jobs|--timeout|--max-runs" "$log"; then
        refused=$((refused + 1))
    else
        note_bad "sweep $i (${command[*]:1})" "exit $status without naming the plan or the option: $(tail -c 400 "$log")"
    fi
done
if [ -e "$WORK/PWNED" ]; then
    note_bad "sweep" "a plan value ran a command"
fi

# ---- the other programs -----------------------------------------------------------------

# Each program's numeric and flag options (its string options take any text).
declare -A PROGRAM_OPTIONS=(
    [vm-migration-paper]="jobs full quick"
    [vm-migration-experiment1]="RngRun jobs"
    [vm-migration-benchmark]="experiment4 before after memory pageWriteRate repeat"
    [vm-migration-calibrate]="probe"
    [vm-migration-calibrate-workloads]="runs maxRate tolerance"
    [vm-migration-bare-lan]="clients thinkMean requestBytes responseBytes bulkBytes bulkStart
        duration rngRun"
    [vm-migration-datacenter]="vms vmMemory pageWriteRate concurrent loadedVms"
    [vm-migration-scale]="k vms vmMemory migrations migrationMemory hostMemory"
    [vm-migration-strategies]="seeds memory jobs"
)
# Values no numeric or flag option may take.
BAD_VALUES=("12abc" "abc" " 5" "5 " "0x10" "nan" "inf" "-inf" "1e400" "'" "%s%n" "$(printf 'x\ny')"
    "18446744073709551616" "-9223372036854775809" "$(printf 'A%.0s' {1..3000})")
# program_name PATH: the program's plain name, also for the ns-3 tree's
# ns3.37-NAME-debug (or -default, -release, -optimized).
program_name() {
    local name
    name=$(basename "$1")
    name=${name#ns3.*-}
    for profile in debug default release optimized; do
        name=${name%-"$profile"}
    done
    echo "$name"
}
OTHER_CASES=0
if [ ${#OTHERS[@]} -gt 0 ]; then
    OTHER_CASES=$((CASES / 4))
fi
for ((i = 0; i < OTHER_CASES; i++)); do
    pick "${OTHERS[@]}"
    program=$PICKED
    read -r -a options <<<"${PROGRAM_OPTIONS[$(program_name "$program")]}"
    pick "${options[@]}"
    option=$PICKED
    pick "${BAD_VALUES[@]}"
    value=$PICKED
    dir="$WORK/o$i"
    mkdir -p "$dir"
    log="$WORK/o$i.log"
    status=$(cd "$dir" && run_case "$i" "$log" "$program" "--$option=$value")
    name="$(program_name "$program") $i (--$option=$value)"
    check_common "$name" "$status" "$log" || continue
    if [ "$status" -eq 1 ] && [ "$(grep -c "error: --$option" "$log")" -eq 1 ] &&
        [ -z "$(ls -A "$dir")" ]; then
        refused=$((refused + 1))
    else
        note_bad "$name" "not refused cleanly (exit $status, files: $(ls -A "$dir" | head -3)): $(tail -c 400 "$log")"
    fi
    rm -rf "$dir"
done

total=$((scenario_cases + SWEEP_CASES + OTHER_CASES))
echo "fuzz: $total cases ($scenario_cases scenario, $SWEEP_CASES sweep, $OTHER_CASES other" \
    "programs): $refused clean" \
    "refusals, $succeeded successes, $outcomes failed migrations recorded, $crashes crashes," \
    "$hangs hangs, $bad broken rules"
if [ "$bad" -eq 0 ]; then
    cd / && rm -rf "$WORK"
    echo "PASS"
    exit 0
fi
echo "FAILED; files kept in $WORK"
exit 1
