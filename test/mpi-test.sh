#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One simulation over several processes (vm-migration-datacenter --partitions --mpi).
# A k=4 fat-tree, l3, split by pod into 2 partitions (pods 0-1 and the cores, pods 2-3);
# 16 VMs with web clients beside the first host, so that the requests to the VMs of pods
# 2-3 cross between the partitions; four migrations, two in each partition, one of them
# between pods.
# - Always: the plan runs whole on one process; a migration between partitions, an l2
#   topology split, and a wrong number of processes are refused, naming the cause.
# - With MPIRUN (a build with ns-3's mpi module): `MPIRUN -np 2 ... --mpi` writes
#   byte-identical migrations.csv, rounds.csv, plan.csv, plan-summary.csv and
#   timeseries.csv to the one-process run's: the same simulation.
# - Without: --mpi is refused, saying that this build has no mpi module.
# Usage: mpi-test.sh PATH/TO/vm-migration-datacenter [MPIRUN]
set -euo pipefail
program=$1
mpirun=${2:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

printf 'vm,target,at_s\nvm1,host-0-1-0,0.5\nvm2,host-1-0-0,0.5\nvm9,host-2-1-1,0.5\nvm13,host-3-0-1,0.7\n' \
    >"$out/plan.csv"
args=(--topology=fat-tree:4 --layer=l3 --linkModel=full-duplex --linkRate=1Gbps --vms=16
    --vmMemory=4 --plan="$out/plan.csv" --partitions=2 --workload=http
    --ns3::HttpWorkload::RampUp=0.5s --ns3::HttpWorkload::Steady=1s
    --ns3::HttpWorkload::RampDown=0s)

# expect_refusal WHAT TEXT COMMAND...: COMMAND fails, no output folder, TEXT in its message.
expect_refusal() {
    local what=$1 text=$2
    shift 2
    if "$@" --out="$out/refused" >"$out/log" 2>&1; then
        echo "$what: not refused"
        status=1
    elif ! grep -q -- "$text" "$out/log"; then
        echo "$what: the message does not say '$text':"
        cat "$out/log"
        status=1
    elif [ -e "$out/refused" ]; then
        echo "$what: refused, but wrote $out/refused"
        status=1
    fi
}

"$program" "${args[@]}" --out="$out/one" >"$out/one.log" 2>&1 || { cat "$out/one.log"; exit 1; }
completed=$(awk -F, 'NR > 1 && $12 == "completed"' "$out/one/plan.csv" | wc -l)
if [ "$completed" -ne 4 ]; then
    echo "one process: $completed of 4 migrations completed"
    cat "$out/one/plan.csv"
    status=1
fi

printf 'vm,target,at_s\nvm1,host-2-0-0,0.5\n' >"$out/across.csv"
expect_refusal "a migration between partitions" "cannot leave its partition" \
    "$program" "${args[@]/--plan=*/--plan=$out/across.csv}"
expect_refusal "an l2 topology split" "l2 topology cannot be split" \
    "$program" "${args[@]/--layer=l3/--layer=l2}"

if [ -z "$mpirun" ]; then
    expect_refusal "--mpi without ns-3's mpi module" "no ns-3 mpi module" \
        "$program" "${args[@]}" --mpi
else
    # Root may run it (CI does); two processes on however many cores there are.
    launch=("$mpirun" --oversubscribe)
    [ "$(id -u)" -ne 0 ] || launch+=(--allow-run-as-root)
    "${launch[@]}" -np 2 "$program" "${args[@]}" --mpi --out="$out/two" >"$out/two.log" 2>&1 ||
        { cat "$out/two.log"; exit 1; }
    for file in migrations.csv rounds.csv plan.csv plan-summary.csv timeseries.csv; do
        if ! cmp -s "$out/one/$file" "$out/two/$file"; then
            echo "$file differs between one process and two:"
            diff "$out/one/$file" "$out/two/$file" | head -20
            status=1
        fi
    done
    expect_refusal "three processes for two partitions" "3 processes for 2 partitions" \
        "${launch[@]}" -np 3 "$program" "${args[@]}" --mpi
fi
[ "$status" -eq 0 ] && echo "PASS"
exit "$status"
