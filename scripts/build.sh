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
  # With ccache on the machine (optional; Debian's ccache), compiled objects are kept between
  # builds, also of another clone: paths under the project are hashed relative to it.
  local launcher=()
  if command -v ccache >/dev/null 2>&1; then
    export CCACHE_BASEDIR="$HWSIM_ROOT"
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$HWSIM_ROOT" -B "$HWSIM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" >/dev/null
  cmake --build "$HWSIM_BUILD_DIR" -j "$(nproc)"
}
