#!/usr/bin/env bash
# Installs the Debian packages hwsim builds with, only those that are missing.
# Sourced by scripts/run, scripts/test and scripts/bench; safe to run on its own.
set -euo pipefail

HWSIM_DEBIAN_PACKAGES=(
  build-essential cmake pkg-config
  libboost-dev libboost-random-dev libboost-graph-dev libboost-mpi-dev
  libtbb-dev libhdf5-dev hdf5-tools libyaml-cpp-dev catch2 librandom123-dev
  libcli11-dev libfmt-dev libopenmpi-dev openmpi-bin
  libjs-chart.js   # Chart.js, embedded in report.html
  chromium   # renders report.html in the tests
  graphviz   # dot: draws `hwsim system-map --format svg|png`
  time       # /usr/bin/time: peak memory in scripts/bench
)

hwsim_missing_packages() {
  local p
  for p in "${HWSIM_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "$p"
    fi
  done
}

hwsim_install_deps() {
  local missing
  missing=$(hwsim_missing_packages | tr '\n' ' ')
  if [ -z "${missing// /}" ]; then
    return 0
  fi
  echo "hwsim: installing missing Debian packages: $missing" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "hwsim: need root (or sudo) to install: $missing" >&2; return 1; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  hwsim_install_deps
fi
