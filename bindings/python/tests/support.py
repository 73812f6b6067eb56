"""Shared helpers of the binding tests: the repository, the corpus."""

import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.environ.get("ATTUNE_SOURCE_DIR") or os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def corpus_dir():
    d = os.environ.get("ATTUNE_CORPUS") or os.path.join(REPO, "..", "shared", "corpus")
    return os.path.normpath(d)


def require_corpus(test):
    """Skips the test when the shared corpus is absent (fails it when
    ATTUNE_REQUIRE_CORPUS is set, as CI does). Returns the corpus directory."""
    d = corpus_dir()
    if not os.path.isdir(os.path.join(d, "seeds")):
        if os.environ.get("ATTUNE_REQUIRE_CORPUS"):
            test.fail("corpus required but missing at %s" % d)
        raise unittest.SkipTest("shared corpus not found at %s" % d)
    return d


def seeds():
    """Names of the seed pages (sorted), e.g. 000_dff8e9b2b2b9db4e."""
    d = os.path.join(corpus_dir(), "seeds")
    return sorted(f[:-4] for f in os.listdir(d) if f.endswith(".txt"))


def seed_bytes(name):
    with open(os.path.join(corpus_dir(), "seeds", name + ".txt"), "rb") as f:
        return f.read()


def gold(name):
    """Rows of NAME.gold.tsv as dicts: line (int), role, level (int or None), themes (list), note."""
    rows = []
    with open(os.path.join(corpus_dir(), "seeds", name + ".gold.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (len(header) - len(cols))
            r = dict(zip(header, cols))
            r["line"] = int(r["line"])
            r["level"] = int(r["level"]) if r.get("level") else None
            r["themes"] = [t for t in r.get("themes", "").split(",") if t]
            rows.append(r)
    return rows


def headers():
    """Text of every public header, by file name."""
    d = os.path.join(REPO, "include", "attune")
    out = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".h"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                out[f] = fh.read()
    return out
