#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what building, running and testing Muragat needs on Debian 12 (root or sudo).
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config gettext itstool
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libpoppler-glib-dev libsqlite3-dev libtesseract-dev libleptonica-dev libjpeg-dev libpng-dev
  tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-eng
  libjson-glib-dev libxml2-dev libxml2-utils libxlsxwriter-dev libicu-dev libcairo2-dev libfontconfig-dev
  desktop-file-utils appstream xvfb xauth xdotool imagemagick dbus-x11
  python3 python3-openpyxl valgrind poppler-utils sqlite3 qpdf locales
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Exports are tested under comma-decimal locales (numbers in files must not follow them): a
# clean Debian has only C and POSIX, so generate the two the tests use.
for l in ru_RU de_DE; do
  if ! locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo localedef -i "$l" -f UTF-8 "$l.UTF-8"
  fi
done
