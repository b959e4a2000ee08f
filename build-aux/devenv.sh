#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with the build tree's GSettings schemas and no installed copy needed.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
export GSETTINGS_SCHEMA_DIR="$top/build/data"
exec "$@"
