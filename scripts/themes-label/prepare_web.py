#!/usr/bin/env python3
"""Number the collected web passages, split them into sentences, and write annotator batches.

Reads the collectors' JSON Lines files (url, site, collected, kind, about, text), drops any page
the excluded lists name (../shared/corpus/excluded, checked again here) and any site beyond its
third page, gives each passage an id web-NNN in a fixed order (by url), and writes:

  data/themes/web/passages.jsonl   the passages as labeled, with their provenance; kept in the
                                   repository for evaluation only (each is a short excerpt of a
                                   public page, with its address)
  data/themes/web/sentences.tsv    id, n, start, end: byte offsets of the sentences in "text"
  OUT/web-batch-NN.txt             the batches shown to annotators (not committed)

usage: prepare_web.py [--shared DIR] [--out /work/labels] [--batch 55] FILE.jsonl...
"""
import argparse
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prepare import sentences  # noqa: E402


def page_key(url):
    u = re.sub(r'^[a-z]+://', '', url.strip().lower()).split('#')[0]
    return re.sub(r'^www\.', '', u).rstrip('/')


def site_key(url):
    return page_key(url).split('/')[0].split(':')[0]


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--out", default="/work/labels")
    ap.add_argument("--batch", type=int, default=55)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    ex = os.path.join(a.shared, "corpus", "excluded")
    pages = set(open(os.path.join(ex, "theme-pages.sha256")).read().split())
    sites = set(open(os.path.join(ex, "theme-sites.sha256")).read().split())
    rows = []
    for fn in a.files:
        for line in open(fn, encoding="utf-8"):
            if line.strip():
                rows.append(json.loads(line))
    rows.sort(key=lambda r: page_key(r["url"]))
    kept, per_site, seen = [], {}, set()
    for r in rows:
        pk, sk = page_key(r["url"]), site_key(r["url"])
        if sha(pk) in pages or sha(sk) in sites or pk in seen or "counselchat.com" in sk:
            continue
        if per_site.get(sk, 0) >= 3:
            continue
        seen.add(pk)
        per_site[sk] = per_site.get(sk, 0) + 1
        text = re.sub(r"[ \t]+", " ", r["text"].replace("\r", "")).strip() + "\n"
        kept.append(dict(r, text=text))
    d = os.path.join(root, "data", "themes", "web")
    os.makedirs(d, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(d, "passages.jsonl"), "w", encoding="utf-8") as pj, \
            open(os.path.join(d, "sentences.tsv"), "w") as st:
        st.write("id\tn\tstart\tend\n")
        for i, r in enumerate(kept, 1):
            r["id"] = f"web-{i:03d}"
            pj.write(json.dumps({k: r[k] for k in ("id", "url", "site", "collected", "kind",
                                                   "about", "text")}, ensure_ascii=False) + "\n")
            for n, (s, e) in enumerate(sentences(r["text"]), 1):
                st.write(f"{r['id']}\t{n}\t{s}\t{e}\n")
    nb = (len(kept) + a.batch - 1) // a.batch
    for b in range(nb):
        with open(os.path.join(a.out, f"web-batch-{b + 1:02d}.txt"), "w", encoding="utf-8") as f:
            for r in kept[b * a.batch:(b + 1) * a.batch]:
                raw = r["text"].encode("utf-8")
                f.write(f"=== text {r['id']}\n")
                for n, (s, e) in enumerate(sentences(r["text"]), 1):
                    f.write(f"[{n}] {raw[s:e].decode('utf-8')}\n")
                f.write("\n")
    print(f"{len(kept)} passages from {len(per_site)} sites in {nb} batches", file=sys.stderr)


if __name__ == "__main__":
    main()
