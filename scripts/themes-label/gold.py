#!/usr/bin/env python3
"""Majority gold and agreement from three independent annotators per text.

Reads data/themes/SOURCE/ann/*.aN.tsv (ID, THEME, SENTENCE_NUMBERS or ID, none), written by
annotator sessions that saw only ../shared/spec/themes.tsv, themes-guide.md and the numbered
sentences (scripts/themes-label/annotator-brief.md), and writes data/themes/SOURCE/labels.tsv:

  id  themes  evidence
  themes:   comma-separated theme ids that at least 2 of the 3 annotators gave (empty: none)
  evidence: THEME:N+N+...;... the sentences at least 2 of the 3 gave for that theme (the
            numbers of sentences.tsv); a gold theme with no such sentence lists none

and prints agreement: each annotator against the majority and each pair of annotators, as
micro-F1 over (text, theme) pairs, per source.
usage: gold.py [SOURCE...]   (default: counselchat web)
"""
import collections
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
THEMES = [l.split("\t")[0] for l in open(os.path.join(ROOT, "..", "shared", "spec", "themes.tsv"),
                                          encoding="utf-8").read().splitlines()[1:] if l.strip()]


def read_ann(path):
    """{text id: {theme: set(sentences)}} of one annotator file."""
    out = collections.defaultdict(dict)
    for line in open(path, encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        if len(c) < 2 or not c[0].strip():
            continue
        tid, theme = c[0].strip(), c[1].strip()
        out[tid]  # the text was seen
        if theme == "none":
            continue
        if theme not in THEMES:
            print(f"{path}: unknown theme {theme!r} ignored", file=sys.stderr)
            continue
        sents = set(int(x) for x in re.findall(r"\d+", c[2])) if len(c) > 2 else set()
        out[tid].setdefault(theme, set()).update(sents)
    return out


def micro(a_pairs, b_pairs):
    tp = len(a_pairs & b_pairs)
    return 2 * tp / (len(a_pairs) + len(b_pairs)) if a_pairs or b_pairs else 1.0


def pairs(ann, ids):
    return {(t, th) for t in ids for th in ann.get(t, {})}


def source(name):
    d = os.path.join(ROOT, "data", "themes", name)
    files = sorted(glob.glob(os.path.join(d, "ann", "*.a[123].tsv")))
    batches = collections.defaultdict(dict)
    for f in files:
        b, a = re.match(r"(.*)\.(a[123])\.tsv$", os.path.basename(f)).groups()
        batches[b][a] = read_ann(f)
    gold = {}
    per_ann = collections.defaultdict(list)  # annotator slot -> (ann pairs, gold pairs)
    pair_f = []
    for b, anns in sorted(batches.items()):
        if len(anns) != 3:
            print(f"{name}/{b}: {len(anns)} annotators, skipped", file=sys.stderr)
            continue
        ids = sorted(set().union(*[set(x) for x in anns.values()]))
        for tid in ids:
            votes = collections.Counter(th for x in anns.values() for th in x.get(tid, {}))
            themes = [th for th in THEMES if votes[th] >= 2]
            ev = {}
            for th in themes:
                sv = collections.Counter(n for x in anns.values() for n in x.get(tid, {}).get(th, ()))
                ev[th] = sorted(n for n, v in sv.items() if v >= 2)
            gold[tid] = (themes, ev)
        gp = {(t, th) for t in ids for th in gold[t][0]}
        for a, x in anns.items():
            per_ann[a].append((pairs(x, ids), gp))
        keys = sorted(anns)
        for i in range(3):
            for j in range(i + 1, 3):
                pair_f.append((pairs(anns[keys[i]], ids), pairs(anns[keys[j]], ids)))

    def key(t):
        return (t.split("-")[0], int(t.split("-")[1]))

    with open(os.path.join(d, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tthemes\tevidence\n")
        for tid in sorted(gold, key=key):
            themes, ev = gold[tid]
            evs = ";".join(f"{th}:{'+'.join(map(str, ev[th]))}" for th in themes)
            f.write(f"{tid}\t{','.join(themes)}\t{evs}\n")
    # agreement: micro-F1 over the pooled pairs
    def pooled(lst):
        a = set().union(*[{(i, p) for p in x} for i, (x, _) in enumerate(lst)])
        b = set().union(*[{(i, p) for p in y} for i, (_, y) in enumerate(lst)])
        return micro(a, b)
    vs_major = {a: pooled(v) for a, v in sorted(per_ann.items())}
    pw = pooled(pair_f)
    n_pos = sum(len(g[0]) for g in gold.values())
    print(f"{name}: {len(gold)} texts, {n_pos} gold (text, theme) pairs; "
          f"annotator vs majority micro-F1 "
          + ", ".join(f"{a} {v:.3f}" for a, v in vs_major.items())
          + f"; pairwise micro-F1 {pw:.3f}")
    counts = collections.Counter(th for g in gold.values() for th in g[0])
    print("  " + ", ".join(f"{th} {counts[th]}" for th in THEMES))


def main():
    for name in sys.argv[1:] or ["counselchat", "web"]:
        source(name)


if __name__ == "__main__":
    main()
