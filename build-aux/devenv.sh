#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with the build tree's GSettings schemas and translations; nothing installed.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
export GSETTINGS_SCHEMA_DIR="$top/build/data"
# Translations of the build tree (build/po), so the app speaks the desktop language uninstalled.
export MURAGAT_LOCALEDIR="$top/build/po"
exec "$@"
