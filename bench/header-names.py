#!/usr/bin/env python3
# header-names.py: the column names OCR proposes from a table's header row, on every kind of page
# of the shared corpus, and on the synthetic pages scaled down and back up (a poor scan).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each page is imported into a fresh project and read with `muragat-cli ocr`; the first table of
# each document gets a new layout whose names are proposed from its header row. A proposed name is
# near-right when it is within 3 edits of the printed header (synthetic pages, where the header is
# known), and garbage on a handwritten register (abp-passau-tables, lectaurep: read with the rus
# model, their headers can only come out as stray letters). Text-layer PDFs are counted as kept.
#
# Baseline, in the same run: what the same header rows would have proposed before a row had to
# read as typed, i.e. every non-empty header cell as it was read.
#
# Usage: bench/header-names.py [--cli build/src/cli/muragat-cli] [--corpus ../shared/corpus]
#                              [--degrade 0.4,0.3,0.25,0.2]
# The degraded pages need ImageMagick's `convert`; without it they are skipped.

import argparse
import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time

TRUTH = ["№", "Фамилия и.и.з.", "г.г. рож.", "г.г. приз.", "Место плен.", "Специальность"]


def edits(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        new = [i]
        for j, cb in enumerate(b, 1):
            new.append(min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (ca != cb)))
        row = new
    return row[-1]


def read_project(cli, folder, paths):
    project = os.path.join(folder, "p.muragat")
    subprocess.run([cli, "-q", "-p", project, "import", *paths], check=True)
    start = time.monotonic()
    subprocess.run([cli, "-q", "-p", project, "ocr"], check=True)
    seconds = time.monotonic() - start
    db = sqlite3.connect(project)
    # per first table of a document: each layout column's name and flag, and its header cell
    rows = db.execute(
        """SELECT d.path, c.position, c.name, c.proposed,
                  (SELECT ce.ocr_text FROM tables t
                     JOIN pages p ON p.id = t.page_id
                     JOIN rows r ON r.table_id = t.id AND r.header AND r.idx = 0
                     JOIN cells ce ON ce.row_id = r.id AND ce.col = c.position
                    WHERE p.document_id = d.id ORDER BY p.number, t.idx LIMIT 1)
             FROM documents d
             JOIN pages p1 ON p1.document_id = d.id AND p1.number = 1
             JOIN tables t1 ON t1.page_id = p1.id AND t1.idx = 0
             JOIN layout_columns c ON c.layout_id = t1.layout_id""").fetchall()
    db.close()
    return rows, seconds


def kind_of(path):
    name = os.path.basename(path)
    if re.search(r"(page|clean|pages)-0", name):
        return "typed"
    return "text PDF" if name.endswith(".pdf") else "handwritten"


def tally(rows, counts):
    for path, position, name, proposed, header in rows:
        kind = kind_of(path)
        got = counts.setdefault(kind, {"docs": set(), "base": [0, 0], "ours": [0, 0], "numbered": 0})
        got["docs"].add(path)
        header = " ".join((header or "").split())
        for which, text, offered in (("base", header, header != ""), ("ours", name, proposed)):
            if not offered:
                continue
            right = kind == "text PDF" or (kind == "typed" and position < len(TRUTH)
                                           and edits(text, TRUTH[position]) <= 3)
            got[which][0 if right else 1] += 1
        if not proposed:
            got["numbered"] += 1


def report(label, counts, seconds):
    print(f"\n{label} ({seconds:.0f} s of OCR)")
    print(f"  {'pages':<12} {'documents':>9}   {'right / garbage proposed':>26}   {'numbered':>8}")
    print(f"  {'':<12} {'':>9}   {'ours':>12} {'baseline':>13}")
    for kind in ("typed", "text PDF", "handwritten"):
        if kind not in counts:
            continue
        c = counts[kind]
        ours = f"{c['ours'][0]} / {c['ours'][1]}"
        base = f"{c['base'][0]} / {c['base'][1]}"
        print(f"  {kind:<12} {len(c['docs']):>9}   {ours:>12} {base:>13}   {c['numbered']:>8}")


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", default=os.path.join(top, "build", "src", "cli", "muragat-cli"))
    parser.add_argument("--corpus", default=os.environ.get("MURAGAT_CORPUS",
                                                           os.path.join(top, "..", "shared", "corpus")))
    parser.add_argument("--degrade", default="0.4,0.3,0.25,0.2")
    args = parser.parse_args()

    synthetic = sorted(glob.glob(os.path.join(args.corpus, "synthetic-typed-ru", "*-0*.jpg")))
    shared = (synthetic
              + sorted(glob.glob(os.path.join(args.corpus, "synthetic-typed-ru", "*.pdf")))
              + sorted(glob.glob(os.path.join(args.corpus, "synthetic-typed-ru", "*.tif")))
              + sorted(glob.glob(os.path.join(args.corpus, "tabula-java-pdf-csv", "*.pdf")))
              + sorted(glob.glob(os.path.join(args.corpus, "abp-passau-tables", "*.jpg")))
              + sorted(glob.glob(os.path.join(args.corpus, "lectaurep-mariages-divorces", "*.jpg"))))
    with tempfile.TemporaryDirectory(prefix="header-names-") as folder:
        counts = {}
        rows, seconds = read_project(args.cli, folder, shared)
        tally(rows, counts)
        report("shared corpus, as scanned", counts, seconds)

        if shutil.which("convert") is None:
            print("\n(no ImageMagick convert: the degraded pages are skipped)")
            return
        factors = [float(f) for f in args.degrade.split(",") if f]
        degraded_dir = os.path.join(folder, "degraded")
        os.mkdir(degraded_dir)
        degraded = []
        for factor in factors:
            for path in synthetic:
                out = os.path.join(degraded_dir, f"{int(factor * 100)}-{os.path.basename(path)}")
                subprocess.run(["convert", path, "-resize", f"{factor * 100}%",
                                "-resize", "2480x3508!", out], check=True)
                degraded.append(out)
        os.mkdir(os.path.join(folder, "second"))
        counts = {}
        rows, seconds = read_project(args.cli, os.path.join(folder, "second"), degraded)
        tally(rows, counts)
        report(f"synthetic pages scaled to {args.degrade} and back (not tuned on)", counts,
               seconds)


if __name__ == "__main__":
    main()
