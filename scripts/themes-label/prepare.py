#!/usr/bin/env python3
"""Prepare CounselChat answers for theme labeling by independent annotators.

Reads ../shared/data/counselchat/dev.jsonl, leaves out the answers already labeled in
dev-themes.tsv, turns each answer's HTML into plain text (paragraphs separated by a blank
line, entities decoded), splits the text into numbered sentences, and writes:

  data/themes/counselchat/sentences.tsv   id, n, start, end: byte offsets of sentence n in the
                                           answer's text (the text itself is not copied: it is
                                           rebuilt from dev.jsonl by answer_text())
  OUT/batch-NN.txt                         the batches shown to annotators (not committed)

Deterministic: the same input gives the same batches.
usage: prepare.py [--shared ../shared] [--out /work/labels] [--batch 58]
"""
import argparse
import html
import json
import os
import re
import sys
from html.parser import HTMLParser

BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "tr", "table", "pre"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def answer_text(answer_html):
    """The answer as attune reads it: paragraphs separated by one blank line."""
    p = _Text()
    p.feed(html.unescape(answer_html) if "<" not in answer_html else answer_html)
    p.close()
    text = "".join(p.parts).replace("\u00a0", " ").replace("\r", "")
    paras = [re.sub(r"[ \t]+", " ", x).strip() for x in re.split(r"\n\s*\n", text)]
    return "\n\n".join(x for x in paras if x) + "\n"


# A sentence ends at . ! ? (and closing quotes/brackets) followed by space and a capital,
# a digit or an opening quote; or at a line break. Abbreviations that rarely end one:
_ABBR = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|St|vs|etc|e\.g|i\.e|Ph\.D|U\.S|approx|No)\.$", re.I)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")


def sentences(text):
    """Byte offsets (start, end) of the sentences of text (UTF-8)."""
    raw = text.encode("utf-8")
    out = []
    for line in re.finditer(r"[^\n]+", text):
        ls, le = line.span()
        s = ls
        for m in _END.finditer(text, ls, le):
            if _ABBR.search(text[s:m.end()]):
                continue
            out.append((s, m.end()))
            s = m.end()
            while s < le and text[s].isspace():
                s += 1
        if s < le and text[s:le].strip():
            out.append((s, le))
    # characters to bytes
    res = []
    for s, e in out:
        bs = len(text[:s].encode("utf-8"))
        be = bs + len(text[s:e].encode("utf-8"))
        res.append((bs, be))
    assert all(raw[a:b].strip() for a, b in res)
    return res


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--out", default="/work/labels")
    ap.add_argument("--batch", type=int, default=58)
    a = ap.parse_args()
    cc = os.path.join(a.shared, "data", "counselchat")
    done = set()
    with open(os.path.join(cc, "dev-themes.tsv")) as f:
        next(f)
        for line in f:
            done.add(int(line.split("\t")[0]))
    rows = [json.loads(l) for l in open(os.path.join(cc, "dev.jsonl"), encoding="utf-8")]
    todo = [r for r in rows if r["id"] not in done]
    os.makedirs(os.path.join(root, "data", "themes", "counselchat"), exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(root, "data", "themes", "counselchat", "sentences.tsv"), "w") as st:
        st.write("id\tn\tstart\tend\n")
        for r in rows:  # all answers, the 150 labeled ones too (for evidence scoring later)
            text = answer_text(r["answer_html"])
            for n, (s, e) in enumerate(sentences(text), 1):
                st.write(f"{r['id']}\t{n}\t{s}\t{e}\n")
    nb = (len(todo) + a.batch - 1) // a.batch
    for b in range(nb):
        part = todo[b * a.batch:(b + 1) * a.batch]
        with open(os.path.join(a.out, f"batch-{b + 1:02d}.txt"), "w", encoding="utf-8") as f:
            for r in part:
                text = answer_text(r["answer_html"])
                raw = text.encode("utf-8")
                f.write(f"=== text cc-{r['id']}\n")
                for n, (s, e) in enumerate(sentences(text), 1):
                    f.write(f"[{n}] {raw[s:e].decode('utf-8')}\n")
                f.write("\n")
    print(f"{len(todo)} answers in {nb} batches in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
