#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Muragat and starts it. Arguments go to muragat (a project file).
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
exec ./build-aux/devenv.sh ./build/src/app/muragat "$@"
