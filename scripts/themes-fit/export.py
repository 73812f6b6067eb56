#!/usr/bin/env python3
"""All labeled theme data as one table for fitting and cross-validation.

Sources (each a "source" of the cross-validation report):
  counselchat  the 1,041 answers of data/themes/counselchat/labels.tsv (majority of three
               annotators, with evidence sentences), text rebuilt from dev.jsonl
  cc-dev       the 150 answers of ../shared/data/counselchat/dev-themes.tsv (no evidence)
  web          the 440 passages of data/themes/web (labels.tsv, passages.jsonl)
  seeds        the 51 sections of the five seed pages (../shared/corpus/seeds/*.gold.tsv: the
               themes of the text a title or heading opens; the section's heading and content
               lines, boilerplate left out)
Folds: 5, by group (the CounselChat question, the web site), from a hash of the group, so a
question's answers or a site's passages never straddle folds.

Output (stdout), tab-separated, one text a line:
  source id group fold labels evidence text head
head: the bytes of text that are a title or heading (their phrases count as the model's heading
factor says; 0 but for the seeds' sections); labels: comma-separated theme ids; evidence: THEME:S-E+S-E;... byte spans of the gold evidence
sentences in text ("-" when the source has none); text with \\ \\t \\n escaped.
usage: export.py [--shared DIR]
"""
import argparse
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "themes-label"))
from prepare import answer_text  # noqa: E402


def fold(group, k=5):
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) % k


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def spans(path):
    out = {}
    for line in open(path, encoding="utf-8").read().splitlines()[1:]:
        tid, n, s, e = line.split("\t")
        out.setdefault(tid, {})[int(n)] = (int(s), int(e))
    return out


def labels(path):
    out = {}
    for line in open(path, encoding="utf-8").read().splitlines()[1:]:
        c = line.split("\t")
        themes = [t for t in c[1].split(",") if t]
        ev = {}
        if len(c) > 2 and c[2]:
            for part in c[2].split(";"):
                th, ns = part.split(":")
                ev[th] = [int(x) for x in ns.split("+") if x]
        out[c[0]] = (themes, ev)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    a = ap.parse_args()
    cc = os.path.join(a.shared, "data", "counselchat")
    recs = {r["id"]: r for r in (json.loads(l) for l in open(os.path.join(cc, "dev.jsonl"), encoding="utf-8"))}
    out = sys.stdout
    d = os.path.join(ROOT, "data", "themes")

    def emit(source, tid, group, themes, ev, sp, text, head=0):
        if ev is None:
            evs = "-"
        else:
            evs = ";".join(th + ":" + "+".join(f"{sp[n][0]}-{sp[n][1]}" for n in ev.get(th, []) if n in sp)
                           for th in themes)
        out.write(f"{source}\t{tid}\t{group}\t{fold(group)}\t{','.join(themes)}\t{evs}\t{esc(text)}\t{head}\n")

    sp = spans(os.path.join(d, "counselchat", "sentences.tsv"))
    for tid, (themes, ev) in labels(os.path.join(d, "counselchat", "labels.tsv")).items():
        r = recs[int(tid[3:])]
        emit("counselchat", tid, r["question_url"], themes, ev, sp.get(str(r["id"]), {}),
             answer_text(r["answer_html"]))
    for line in open(os.path.join(cc, "dev-themes.tsv"), encoding="utf-8").read().splitlines()[1:]:
        c = line.split("\t")
        r = recs[int(c[0])]
        themes = [t for t in (c[1] if len(c) > 1 else "").split(",") if t]
        emit("cc-dev", f"cc-{r['id']}", r["question_url"], themes, None, {},
             answer_text(r["answer_html"]))
    sp = spans(os.path.join(d, "web", "sentences.tsv"))
    lab = labels(os.path.join(d, "web", "labels.tsv"))
    for line in open(os.path.join(d, "web", "passages.jsonl"), encoding="utf-8"):
        p = json.loads(line)
        themes, ev = lab[p["id"]]
        emit("web", p["id"], p["site"], themes, ev, sp.get(p["id"], {}), p["text"])
    seeds(a.shared, emit)


def seeds(shared, emit):
    d = os.path.join(shared, "corpus", "seeds")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".gold.tsv"):
            continue
        stem = name[: -len(".gold.tsv")]
        lines = open(os.path.join(d, stem + ".txt"), encoding="utf-8", errors="replace").read().split("\n")
        rows = [l.split("\t") for l in open(os.path.join(d, name), encoding="utf-8").read().splitlines()[1:]]
        heads = [i for i, c in enumerate(rows) if c[1] in ("title", "heading")]
        for k, i in enumerate(heads):
            end = heads[k + 1] if k + 1 < len(heads) else len(rows)
            body = [lines[int(c[0]) - 1].strip().lstrip("•-* ").strip() for c in rows[i + 1:end]
                    if not c[1].startswith("boilerplate")]
            head = lines[int(rows[i][0]) - 1].strip()
            themes = [t for t in rows[i][3].split(",") if t]
            emit("seeds", f"seed-{stem[:3]}-{rows[i][0]}", f"seed-{stem}", themes, None, {},
                 head + "\n\n" + "\n\n".join(body) + "\n", len(head.encode("utf-8")) + 2)


if __name__ == "__main__":
    main()
