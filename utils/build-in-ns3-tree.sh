#!/usr/bin/env bash
# Builds this module inside Debian 12's ns-3.37 source tree, as contrib/vm-migration, with
# ns-3's own build (./ns3, debug profile, only this module and what it needs, its tests
# and examples), and runs every one of its test suites with ns-3's ./test.py.
#
#   bash utils/build-in-ns3-tree.sh [WORK_FOLDER]     (default: /tmp/vm-migration-ns3-tree)
#
# Uses sudo when not root to enable Debian's source packages and install the build
# dependencies; the source tree is fetched with apt-get source.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/vm-migration-ns3-tree}
started=$(date +%s)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# Debian's ns-3.37 source: its sources list needs the deb-src type.
sources=/etc/apt/sources.list.d/debian.sources
if [ -f "$sources" ] && ! grep -q "deb-src" "$sources"; then
    $sudo sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
    $sudo apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dpkg-dev python3 cmake g++ \
    libgsl-dev ninja-build >/dev/null
mkdir -p "$work"
cd "$work"
tree=$(find . -maxdepth 3 -name ns3 -type f -path "*ns-3.37*" -printf '%h\n' | head -1)
if [ -z "$tree" ]; then
    apt-get source -qq ns3 >/dev/null
    tree=$(find . -maxdepth 3 -name ns3 -type f -path "*ns-3.37*" -printf '%h\n' | head -1)
fi
[ -n "$tree" ] || { echo "build-in-ns3-tree: no ns-3.37 tree under $work" >&2; exit 1; }
cd "$tree"

# The module, as a contributor would drop it in (without the standalone build folders).
rm -rf contrib/vm-migration
mkdir -p contrib/vm-migration
tar -C "$here" --exclude='./build*' --exclude='./.git' -cf - . | tar -C contrib/vm-migration -xf -

./ns3 configure --build-profile=debug --enable-tests --enable-examples \
    --enable-modules=vm-migration -G Ninja >/dev/null
./ns3 build -j "$(nproc)" # ./ns3 would leave a core idle
echo "build-in-ns3-tree: configured and built in $(($(date +%s) - started)) s"

# Every suite the module registers, as ./test.py lists them.
suites=$(./test.py --no-build --list 2>/dev/null | awk '$1 != "example" { print $NF }' |
    grep '^vm-migration-' | sort -u)
[ -n "$suites" ] || { echo "build-in-ns3-tree: test.py lists no vm-migration suite" >&2; exit 1; }
failed=0
# result LOG: test.py's verdict line, without its colours.
result() {
    sed -e 's/\x1b\[[0-9;]*m//g' "$1" | grep -E "(PASS|FAIL|CRASH|SKIP).*(TestSuite|Example)" | head -1
}
log=$(mktemp)
for suite in $suites; do
    suite_started=$(date +%s)
    ./test.py --no-build --suite="$suite" >"$log" 2>&1 || failed=$((failed + 1))
    echo "$(result "$log") ($(($(date +%s) - suite_started)) s)"
done
# The examples test/examples-to-run.py registers, as ./test.py runs them.
./test.py --no-build --example=vm-migration-minimal >"$log" 2>&1 || failed=$((failed + 1))
result "$log"
rm -f "$log"
echo "build-in-ns3-tree: $(echo "$suites" | wc -w) suites, $failed failed, $(($(date +%s) - started)) s in all"
[ "$failed" -eq 0 ]
