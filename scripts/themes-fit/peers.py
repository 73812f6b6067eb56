#!/usr/bin/python3
"""Peers of attune's theme classifier on the same folds as attune-fit-themes --cv.

Reads scripts/themes-fit/export.py's table; for each of its 5 folds (grouped by CounselChat
question and by web site) trains on the other four and predicts the held-out texts with:
  tfidf-lr   scikit-learn: TfidfVectorizer(sublinear_tf, words and bigrams, min_df 2) and one
             logistic regression per theme (C=10); each theme's threshold the F1-best on an
             inner 3-fold cross-validation of the training texts
  fasttext   the fastText program: supervised -loss ova -dim 50 -epoch 25 -wordNgrams 2,
             predict -1 0.5 (every theme whose probability is >= 0.5)
and prints per source micro-F1 and macro-F1 (themes with 20 or more positives in the source).
Needs python3-sklearn and the fasttext program (Debian packages).
usage: peers.py DATA.tsv
"""
import collections
import os
import re
import subprocess
import sys
import tempfile


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def load(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        rows.append(dict(source=c[0], id=c[1], fold=int(c[3]),
                         labels=set(t for t in c[4].split(",") if t), text=unescape(c[6])))
    return rows


def scores(rows, preds, themes):
    out = {}
    for src in dict.fromkeys(r["source"] for r in rows):
        tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
        for r in rows:
            if r["source"] != src:
                continue
            p = preds[r["id"] + "\0" + r["source"]]
            for t in themes:
                tp[t] += t in p and t in r["labels"]
                fp[t] += t in p and t not in r["labels"]
                fn[t] += t not in p and t in r["labels"]
        T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
        micro = 2 * T / (2 * T + F + N) if T else 0.0
        big = [t for t in themes if tp[t] + fn[t] >= 20]
        macro = sum(2 * tp[t] / (2 * tp[t] + fp[t] + fn[t]) if tp[t] else 0 for t in big) / len(big) if big else 0
        out[src] = (micro, macro, len(big))
    return out


def tfidf_lr(train, test, themes):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def fit(tr):
        vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
        X = vec.fit_transform([r["text"] for r in tr])
        models = {}
        for t in themes:
            y = [t in r["labels"] for r in tr]
            if 0 < sum(y) < len(y):
                models[t] = LogisticRegression(C=10, max_iter=2000).fit(X, y)
        return vec, models

    def proba(vm, rows):
        vec, models = vm
        X = vec.transform([r["text"] for r in rows])
        return {t: (m.predict_proba(X)[:, 1] if m is not None else None) for t, m in models.items()}

    # thresholds by an inner 3-fold cross-validation
    oof = {t: [0.0] * len(train) for t in themes}
    inner = [int(r["id"].split("-")[-1]) % 3 for r in train]
    for k in range(3):
        tr = [r for r, f in zip(train, inner) if f != k]
        te_idx = [i for i, f in enumerate(inner) if f == k]
        pr = proba(fit(tr), [train[i] for i in te_idx])
        for t, v in pr.items():
            for j, i in enumerate(te_idx):
                oof[t][i] = v[j]
    th = {}
    for t in themes:
        best, bt = -1, 0.5
        for k in range(1, 20):
            c = k * 0.05
            tp = sum(1 for r, p in zip(train, oof[t]) if p >= c and t in r["labels"])
            fp = sum(1 for r, p in zip(train, oof[t]) if p >= c and t not in r["labels"])
            fn = sum(1 for r, p in zip(train, oof[t]) if p < c and t in r["labels"])
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
            if f1 > best:
                best, bt = f1, c
        th[t] = bt
    pr = proba(fit(train), test)
    out = {}
    for i, r in enumerate(test):
        out[r["id"] + "\0" + r["source"]] = {t for t, v in pr.items() if v[i] >= th[t]}
    return out


def fasttext(train, test, themes, tmp):
    def line(r):
        txt = re.sub(r"\s+", " ", r["text"].lower()).strip()
        return " ".join("__label__" + t for t in sorted(r["labels"])) + " " + txt
    with open(f"{tmp}/train.txt", "w", encoding="utf-8") as f:
        for r in train:
            f.write(line(r) + "\n")
    with open(f"{tmp}/test.txt", "w", encoding="utf-8") as f:
        for r in test:
            f.write(re.sub(r"\s+", " ", r["text"].lower()).strip() + "\n")
    subprocess.run(["fasttext", "supervised", "-input", f"{tmp}/train.txt", "-output", f"{tmp}/m",
                    "-loss", "ova", "-dim", "50", "-epoch", "25", "-wordNgrams", "2", "-thread", "1",
                    "-seed", "1", "-verbose", "0"], check=True)
    p = subprocess.run(["fasttext", "predict", f"{tmp}/m.bin", f"{tmp}/test.txt", "-1", "0.5"],
                       check=True, capture_output=True, text=True).stdout.splitlines()
    return {r["id"] + "\0" + r["source"]: {w[len("__label__"):] for w in l.split()}
            for r, l in zip(test, p)}


def main():
    rows = load(sys.argv[1])
    themes = sorted(set(t for r in rows for t in r["labels"]))
    preds = {"tfidf-lr": {}, "fasttext": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(5):
            train = [r for r in rows if r["fold"] != k]
            test = [r for r in rows if r["fold"] == k]
            preds["tfidf-lr"].update(tfidf_lr(train, test, themes))
            preds["fasttext"].update(fasttext(train, test, themes, tmp))
            print(f"fold {k} done", file=sys.stderr)
    for name, p in preds.items():
        for src, (mi, ma, nb) in scores(rows, p, themes).items():
            print(f"{src:12} {name:22} micro-F1 {mi:.3f}  macro-F1 {ma:.3f} ({nb} themes)")


if __name__ == "__main__":
    main()
