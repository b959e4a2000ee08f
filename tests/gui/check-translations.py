#!/usr/bin/env python3
# check-translations.py: POTFILES.in lists every file with translatable strings, and every
# translation (po/LINGUAS) is valid and covers every string.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: check-translations.py SOURCE_ROOT

import glob
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
failures = []

listed = []
with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)

for path in listed:
    if not os.path.exists(os.path.join(root, path)):
        failures.append(f'po/POTFILES.in: {path} does not exist')

# Files a person sees strings from: the window's C and UI files, the core's (its error
# messages reach the window and the CLI), the CLI's, and the data files.
markers = re.compile(r'\b(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(|translatable="yes"')
candidates = (glob.glob(os.path.join(root, 'src', 'app', '**', '*.c'), recursive=True) +
              glob.glob(os.path.join(root, 'src', 'core', '**', '*.c'), recursive=True) +
              glob.glob(os.path.join(root, 'src', 'cli', '*.c')) +
              glob.glob(os.path.join(root, 'ui', '*.ui')))
for path in sorted(candidates):
    rel = os.path.relpath(path, root)
    with open(path, encoding='utf-8') as f:
        if markers.search(f.read()) and rel not in listed:
            failures.append(f'po/POTFILES.in: {rel} has translatable strings but is not listed')
for path in sorted(glob.glob(os.path.join(root, 'data', '*.in.in')) +
                   glob.glob(os.path.join(root, 'data', '*.gschema.xml'))):
    rel = os.path.relpath(path, root)
    if rel not in listed:
        failures.append(f'po/POTFILES.in: {rel} is a translatable data file but is not listed')

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'muragat.pot')
    # The keywords of meson's i18n.gettext(preset: 'glib').
    subprocess.run(['xgettext', '--package-name=muragat', '-D', root, '-f',
                    os.path.join(root, 'po', 'POTFILES.in'), '-o', pot, '--from-code=UTF-8',
                    '--add-comments', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                    '--keyword=NC_:1c,2', '--keyword=g_dngettext:2,3',
                    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
                    '--flag=g_strdup_printf:1:c-format'],
                   check=True)
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        languages = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    for lang in ('ru', 'kk', 'fr', 'nb'):
        if lang not in languages:
            failures.append(f'po/LINGUAS: {lang} is missing')
    for lang in languages:
        po = os.path.join(root, 'po', lang + '.po')
        check = subprocess.run(['msgfmt', '-c', '--statistics', '-o', os.devnull, po],
                               capture_output=True, text=True)
        if check.returncode != 0:
            failures.append(f'{po}: msgfmt -c failed: {check.stderr.strip()}')
        elif 'untranslated' in check.stderr or 'fuzzy' in check.stderr:
            failures.append(f'{po}: {check.stderr.strip()}')
        missing = subprocess.run(['msgcmp', '--use-untranslated', po, pot],
                                 capture_output=True, text=True)
        if missing.returncode != 0:
            first = missing.stderr.strip().splitlines()[:4]
            failures.append(f'{po}: strings of the sources are not translated: ' +
                            ' / '.join(first))
        stale = subprocess.run(['msgcmp', '--use-untranslated', pot, po],
                               capture_output=True, text=True)
        if stale.returncode != 0:
            first = stale.stderr.strip().splitlines()[:4]
            failures.append(f'{po}: strings no source has any more: ' + ' / '.join(first))

for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
