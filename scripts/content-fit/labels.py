#!/usr/bin/env python3
"""Line labels (main / boilerplate) for fitting the content model.

For every page of ../shared/corpus/web with a non-empty dump, each line of the plain-text
dump (pages/ID.txt) is aligned with the human-checked main text (gold/ID.txt):
  - a line of 4 or more words is main when at least half of its word trigrams occur in the
    gold text (lowercased \\w+ words), else boilerplate;
  - a shorter line is main when it equals a line of the gold text (headings, list items are
    lines of their own there), or when its words occur in the gold text and the nearest
    longer lines around it are main; else boilerplate;
  - blank lines carry no label.
The seeds (../shared/corpus/seeds/*.gold.tsv), weighted as 16 web pages each (they are the
reference pages of the product; at 4 the model misses 2 of their 204 lines, at 16 none, and
the cross-validated word-F1 does not move), are labeled from their gold roles: boilerplate:*
is boilerplate, title/summary unlabeled, everything else main.

Output (stdout), one page per line, tab-separated:
  id  group  weight  path  labels
where labels has one character per line of the file: m (main), b (boilerplate), . (none),
path is relative to the shared folder, and group is the page's site (folds of the cross-validation never split a site).
Deterministic.  usage: labels.py [--shared DIR] [--ids FILE]
"""
import argparse
import os
import re
import sys

WORD = re.compile(r"\w+")


def words(s):
    return WORD.findall(s.lower())


def align(page_lines, gold_text):
    g = words(gold_text)
    tri = set(zip(g, g[1:], g[2:]))
    gold_lines = set()
    for line in gold_text.split("\n"):
        w = words(line)
        if w:
            gold_lines.add(" ".join(w))
    gjoined = " " + " ".join(g) + " "
    lab = []
    short = []
    for i, line in enumerate(page_lines):
        w = words(line)
        if not w:
            lab.append(".")
        elif len(w) >= 4:
            t = list(zip(w, w[1:], w[2:]))
            hit = sum(1 for x in t if x in tri)
            lab.append("m" if hit * 2 >= len(t) else "b")
        else:
            key = " ".join(w)
            if key in gold_lines:
                lab.append("m")
            else:
                lab.append("b")
                if (" " + key + " ") in gjoined:
                    short.append(i)
    # short lines found inside the gold text: main when the nearest longer lines agree
    for i in short:
        def near(step):
            j = i + step
            while 0 <= j < len(lab):
                if len(words(page_lines[j])) >= 4:
                    return lab[j]
                j += step
            return "b"
        if near(-1) == "m" and near(1) == "m":
            lab[i] = "m"
    return "".join(lab)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    a = ap.parse_args()
    web = os.path.join(a.shared, "corpus", "web")
    out = sys.stdout
    with open(os.path.join(web, "manifest.tsv"), encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(head, l.rstrip("\n").split("\t"))) for l in f]
    for r in rows:
        if int(r["page_words"]) == 0:
            continue
        path = os.path.join(web, "pages", r["id"] + ".txt")
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            text = f.read()
        with open(os.path.join(web, "gold", r["id"] + ".txt"), encoding="utf-8") as f:
            gold = f.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        out.write(f"{r['id']}\t{r['domain']}\t1\t{os.path.relpath(path, a.shared)}\t{align(lines, gold)}\n")
    seeds = os.path.join(a.shared, "corpus", "seeds")
    for name in sorted(os.listdir(seeds)):
        if not name.endswith(".gold.tsv"):
            continue
        stem = name[: -len(".gold.tsv")]
        path = os.path.join(seeds, stem + ".txt")
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            n = len(f.read().split("\n"))
        lab = ["."] * n
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            next(f)
            for line in f:
                c = line.rstrip("\n").split("\t")
                ln, role = int(c[0]), c[1]
                if role.startswith("boilerplate"):
                    lab[ln - 1] = "b"
                elif role not in ("title", "summary"):
                    lab[ln - 1] = "m"
        out.write(f"seed-{stem}\tseed-{stem}\t16\t{os.path.relpath(path, a.shared)}\t{''.join(lab)}\n")


if __name__ == "__main__":
    main()
