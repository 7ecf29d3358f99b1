#!/usr/bin/env bash
# Builds this module inside Debian 12's ns-3.37 source tree, as contrib/vm-migration, with
# ns-3's own build (./ns3, debug profile, only this module and what it needs, its tests,
# examples and programs, and ns-3's mpi module), runs every one of its test suites with
# ns-3's ./test.py, its examples through test.py, and its program tests (sweep runner,
# process pool, captures, two processes under mpirun) with CTest in ns-3's build folder.
#
#   bash utils/build-in-ns3-tree.sh [--all] [--suites=REGEX] [WORK_FOLDER]
#                                   (default folder: /tmp/vm-migration-ns3-tree)
#
# The suites run at test.py's default fullness, QUICK: their longest cases are EXTENSIVE.
# --all runs every case, and the two longest program tests too, the quick paper
# reproduction and the fuzz test (tens of minutes at the debug profile's -O0).  The
# standalone build's CTest runs all of them.  --suites=REGEX runs only the suites whose
# names match the extended regular expression (all of them by default); test.py must
# still list every suite the module registers.
# Uses sudo when not root to enable Debian's source packages and install the build
# dependencies; the source tree is fetched with apt-get source.
# The whole script is one block, read before it runs: editing the file meanwhile is safe.
{
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
all=0
fullness=QUICK
selected='.'
while [ $# -gt 0 ]; do
    case "$1" in
        --all) all=1; fullness=TAKES_FOREVER ;;
        --suites=*) selected=${1#--suites=} ;;
        -*) echo "build-in-ns3-tree: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
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
    libgsl-dev libboost-graph-dev nlohmann-json3-dev ninja-build tshark gnuplot-nox \
    libopenmpi-dev openmpi-bin >/dev/null
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

# Only this module's examples and tests: the modules it needs are built without theirs.
# With ns-3's mpi module (Debian's OpenMPI), for one simulation over several processes.
./ns3 configure --build-profile=debug --enable-tests --enable-examples --enable-mpi \
    --enable-modules="vm-migration;mpi" --filter-module-examples-and-tests=vm-migration \
    -G Ninja >/dev/null
# CMake itself, with every core: ns-3.37's ./ns3 build takes the smallest of its parsers'
# -j values, one of which defaults to one less than the cores, so it builds on one core
# here whatever -j it is given.
cmake --build cmake-cache -j "$(nproc)"
echo "build-in-ns3-tree: configured and built in $(($(date +%s) - started)) s"

# Every suite the module registers, as ./test.py lists them.
suites=$(./test.py --no-build --list 2>/dev/null | awk '$1 != "example" { print $NF }' |
    grep '^vm-migration-' | sort -u)
[ -n "$suites" ] || { echo "build-in-ns3-tree: test.py lists no vm-migration suite" >&2; exit 1; }
# Every suite CMake finds must be registered with test.py, whichever run.
registered=$(ls "$here"/test/*-test-suite.cc | wc -l)
listed=$(echo "$suites" | wc -w)
[ "$listed" -eq "$registered" ] || {
    echo "build-in-ns3-tree: test.py lists $listed suites, test/ has $registered" >&2
    exit 1
}
suites=$(echo "$suites" | grep -E -- "$selected" || true)
[ -n "$suites" ] || { echo "build-in-ns3-tree: no suite matches '$selected'" >&2; exit 1; }
# verdicts LOG: test.py's verdict lines, without their colours.
verdicts() {
    sed -e 's/\x1b\[[0-9;]*m//g' "$1" | grep -E "(PASS|FAIL|CRASH|SKIP).*(TestSuite|Example)"
}
# test_py ARGS...: ./test.py with ARGS.  test.py names its scratch folder after the second
# it starts in and deletes it when it ends, so the starts are taken in turn, 1.1 s apart,
# under a lock.
test_py() {
    flock "$start_lock" sleep 1.1
    ./test.py --no-build "$@"
}
# run_job JOB: a suite (through test.py), "examples" (those test/examples-to-run.py
# registers, with their arguments, as ./test.py runs them, with those of the modules
# this one needs) or "programs" (the program tests: CTest in ns-3's build folder, where
# ns-3's own are named ctest-*).  It prints its verdicts when it ends (a suite, its wall
# time too), and when it fails its whole output, and leaves a file in $failures.
run_job() {
    local log rc started
    log=$(mktemp)
    started=$(date +%s)
    rc=0
    case "$1" in
    examples)
        test_py --constrain=example >"$log" 2>&1 || rc=1
        verdicts "$log"
        ;;
    programs)
        ctest --test-dir cmake-cache -R "$programs" -j"$(nproc)" --output-on-failure \
            >"$log" 2>&1 || rc=1
        [ "$rc" -ne 0 ] || grep -E "Test +#|tests passed" "$log"
        ;;
    *)
        test_py --fullness="$fullness" --suite="$1" >"$log" 2>&1 || rc=1
        echo "$(verdicts "$log" | head -1) ($(($(date +%s) - started)) s)"
        ;;
    esac
    [ "$rc" -eq 0 ] || { touch "$failures/$1"; cat "$log"; }
    rm -f "$log"
    return 0
}
programs='^(process-pool|sweep-.*|vm-migration-captures|vm-migration-mpi)$'
[ "$all" -eq 0 ] || programs='^(process-pool|sweep-.*|vm-migration-.*)$'
start_lock=$(mktemp)
failures=$(mktemp -d)
export start_lock failures fullness programs
export -f verdicts test_py run_job
# $(nproc) jobs at a time, the longest first (at -O0 the attributes suite takes about
# 150 s, the examples and the program tests about 80 s each, the other suites 45 s or
# less), so that the last of them does not run alone.
jobs=$(echo "$suites" | grep -x 'vm-migration-attributes' || true)
jobs+=" examples programs "
jobs+=$(echo "$suites" | grep -vx 'vm-migration-attributes' || true)
echo $jobs | tr ' ' '\n' | xargs -P "$(nproc)" -I{} bash -c 'run_job {}'
failed=$(ls "$failures" | wc -l)
suite_count=$(echo "$suites" | wc -w)
echo "build-in-ns3-tree: $suite_count suites, the examples and the program tests, $failed" \
    "failing step(s) ($(ls "$failures" | tr '\n' ' ')), $(($(date +%s) - started)) s in all"
rm -rf "$failures"
rm -f "$start_lock"
[ "$failed" -eq 0 ]
exit
}
