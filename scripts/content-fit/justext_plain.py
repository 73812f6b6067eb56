#!/usr/bin/env python3
"""The jusText algorithm (Pomikálek, 2011) on a plain-text dump, as a peer for attune.

Written here from the published description (no code of the jusText package, which Debian
does not ship): each non-blank line is a paragraph; it is classified by its length and its
density of English stopwords with jusText's default parameters (length 70/200 characters,
stopword density 0.30/0.32), then short and near-good paragraphs take the class of their
neighbours. There are no links or tags in plain text, so the link-density and heading rules
do not apply. Prints the good paragraphs, a blank line between them.

usage: justext_plain.py PAGE.txt
"""
import re
import sys

LENGTH_LOW, LENGTH_HIGH = 70, 200
STOP_LOW, STOP_HIGH = 0.30, 0.32

# English function words (our own list of the common ones).
STOP = set("""a about above after again against all am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves also may
might must shall upon us many much every another even though whether yet via within without
""".split())

WORD = re.compile(r"\w+", re.U)


def classify(paras):
    cls = []
    for p in paras:
        words = WORD.findall(p.lower())
        density = sum(w in STOP for w in words) / len(words) if words else 0.0
        n = len(p)
        if n < LENGTH_LOW:
            cls.append("short")
        elif density >= STOP_HIGH:
            cls.append("good" if n > LENGTH_HIGH else "neargood")
        elif density >= STOP_LOW:
            cls.append("neargood")
        else:
            cls.append("bad")
    return cls


def neighbour(cls, i, step, ignore):
    j = i + step
    while 0 <= j < len(cls):
        if cls[j] in ("good", "bad"):
            return cls[j]
        if cls[j] == "neargood" and not ignore:
            return cls[j]
        j += step
    return "bad"


def revise(cls):
    out = list(cls)
    for i, c in enumerate(cls):
        if c != "short":
            continue
        prev, nxt = neighbour(cls, i, -1, False), neighbour(cls, i, 1, False)
        if prev == "good" and nxt == "good":
            out[i] = "good"
        elif prev == "bad" and nxt == "bad":
            out[i] = "bad"
        elif prev == "bad":
            out[i] = "bad" if neighbour(cls, i, 1, True) == "bad" else "good"
        elif nxt == "bad":
            out[i] = "bad" if neighbour(cls, i, -1, True) == "bad" else "good"
        else:
            out[i] = "good"
    final = list(out)
    for i, c in enumerate(out):
        if c == "neargood":
            prev, nxt = neighbour(out, i, -1, True), neighbour(out, i, 1, True)
            final[i] = "bad" if prev == "bad" and nxt == "bad" else "good"
    return final


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        paras = [re.sub(r"\s+", " ", l).strip().lstrip("•").strip() for l in f]
    paras = [p for p in paras if p]
    cls = revise(classify(paras))
    sys.stdout.write("\n\n".join(p for p, c in zip(paras, cls) if c == "good"))


if __name__ == "__main__":
    main()
