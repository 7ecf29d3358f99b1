#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A run's packet captures and flow statistics, read back by their own tools:
#   bash captures-test.sh PATH/TO/vm-migration-scenario
#
# For each link model, a pre-copy of a 16 MiB VM under a 2 s HTTP load, with --pcap and
# --flowmon, and the same run without them:
#   - tshark reads every machine's capture, and host1's holds the migration stream: the
#     TCP payload host1 (10.0.0.3: the paper's machines get 10.0.0.1-4 in Table 1's order)
#     sends host2 (10.0.0.4) is at least the stream's bytes_sent (migrations.csv), and less
#     than twice it (each byte is captured once per transmission);
#   - flowmon.xml parses as XML and its host1 -> host2 TCP flow carried at least
#     bytes_sent;
#   - the CSV files are byte-identical to the run without captures: capturing changes
#     nothing in the simulation.

set -eu
SCENARIO=$(realpath "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/captures.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
command -v tshark >/dev/null || { echo "FAIL: tshark is not installed"; exit 1; }

fail() {
    echo "FAIL ($model): $*"
    exit 1
}

for model in full-duplex csma; do
    args=(--memory=16 --workload=http --rampUp=0 --steady=2 --rampDown=0 --linkModel=$model)
    "$SCENARIO" "${args[@]}" --out="$model-plain" >/dev/null
    "$SCENARIO" "${args[@]}" --out="$model" --pcap --flowmon >/dev/null
    for csv in "$model-plain"/*.csv; do
        cmp -s "$csv" "$model/$(basename "$csv")" || fail "$(basename "$csv") differs with captures"
    done
    sent=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "bytes_sent") c = i }
                    NR == 2 { print $c }' "$model/migrations.csv")
    for machine in front-end storage host1 host2; do
        tshark -r "$model/$machine.pcap" >/dev/null 2>"$WORK/tshark.err" ||
            fail "tshark cannot read $machine.pcap: $(cat "$WORK/tshark.err")"
    done
    payload=$(tshark -r "$model/host1.pcap" -Y "ip.src==10.0.0.3 && ip.dst==10.0.0.4 && tcp" \
        -T fields -e tcp.len 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
    [ "$payload" -ge "$sent" ] || fail "host1.pcap: $payload stream bytes, fewer than $sent sent"
    [ "$payload" -lt $((2 * sent)) ] || fail "host1.pcap: $payload stream bytes, twice $sent"
    flowed=$(python3 - "$model/flowmon.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
flows = {f.get("flowId"): f for f in root.find("FlowStats")}
total = 0
for c in root.find("Ipv4FlowClassifier"):
    if (c.get("sourceAddress"), c.get("destinationAddress"), c.get("protocol")) == \
            ("10.0.0.3", "10.0.0.4", "6"):
        total += int(flows[c.get("flowId")].get("txBytes"))
print(total)
PY
    )
    [ "$flowed" -ge "$sent" ] || fail "flowmon.xml: host1 -> host2 carried $flowed bytes, fewer than $sent"
    echo "$model: $sent stream bytes sent; host1.pcap $payload payload bytes; flowmon $flowed bytes"
done
echo PASS
