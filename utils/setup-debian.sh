#!/usr/bin/env bash
# Installs what vm-migration needs on Debian 12 (ns-3.37 and friends) and builds it
# in ./build.  Run from anywhere; uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libns3-dev ns3 libboost-graph-dev libgsl-dev gnuplot-nox cmake g++ nlohmann-json3-dev
    tshark python3)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
