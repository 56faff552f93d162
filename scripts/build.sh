#!/usr/bin/env bash
# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, configure
# and build in Release. Usage: source scripts/build.sh; hwsim_build [extra cmake args]
set -euo pipefail
HWSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HWSIM_BUILD_DIR="${HWSIM_BUILD_DIR:-$HWSIM_ROOT/build}"
# shellcheck source=scripts/deps.sh
source "$HWSIM_ROOT/scripts/deps.sh"

hwsim_build() {
  hwsim_install_deps
  cmake -S "$HWSIM_ROOT" -B "$HWSIM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$HWSIM_BUILD_DIR" -j "$(nproc)"
}
