#!/usr/bin/env python3
# check-layout.py: the rules of HACKING.md that a grep can check. Each concern has one owner:
# SQL lives in src/core/store, the core never includes GTK, scoring is not shipped,
# cancellation is G_IO_ERROR_CANCELLED everywhere, and background work is an MrgJob: only the
# project (and the store itself) opens a project, only the project makes threads.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: check-layout.py SOURCE_ROOT

import os
import re
import sys

root = sys.argv[1]
failures = []


def sources(folder):
    for base, _, files in os.walk(os.path.join(root, folder)):
        for name in sorted(files):
            if name.endswith(('.c', '.h')):
                path = os.path.join(base, name)
                yield os.path.relpath(path, root), open(path, encoding='utf-8').read()


def code_only(text):
    # Comments say why; only code counts.
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


for path, text in sources('src'):
    code = code_only(text)
    in_store = path.startswith('src/core/store/')
    if not in_store:
        if re.search(r'\bsqlite3\w*', code):
            failures.append(f'{path}: SQL outside src/core/store (use a typed store function)')
        for header in ('mrg-store-private.h', 'mrg-store-testing.h'):
            if f'"{header}"' in code:
                failures.append(f'{path}: includes {header}, which is the store\'s own')
        if re.search(r'\bidx\s*[<>]=?\s*0', code):
            failures.append(f'{path}: spells the soft-delete rule (ask the store)')
    if path.startswith('src/core/') and re.search(r'#include\s*<(gtk|gdk|adwaita)', code):
        failures.append(f'{path}: the core includes GTK')
    if not path.startswith('src/eval/') and re.search(r'#include\s*"mrg-score', code):
        failures.append(f'{path}: scoring is for tests and benchmarks (src/eval) only')
    in_project = path.startswith('src/core/project/')
    if not (in_store or in_project) and re.search(r'\bmrg_store_open\s*\(', code):
        failures.append(f'{path}: opens a project (run the work as an MrgJob, which opens its own)')
    if not in_project and re.search(r'\bg_thread_(new|try_new|pool_new)\s*\(', code):
        failures.append(f'{path}: makes a thread (use MrgJob, mrg_parallel_for or mrg_parallel_start)')
    for m in re.finditer(r'\bMRG_\w+_ERROR_CANCELLED\b', code):
        failures.append(f'{path}: {m.group(0)}: cancellation is G_IO_ERROR_CANCELLED')

for message in failures:
    print(message, file=sys.stderr)
print(f'{len(failures)} layout rule(s) broken' if failures else 'layout rules hold')
sys.exit(1 if failures else 0)
