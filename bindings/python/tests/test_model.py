"""model.h through the bindings: the default model against the taxonomy,
save/load round trips, corrupt files."""

import os
import tempfile
import unittest

import attune

from . import support


def taxonomy():
    path = os.path.join(support.corpus_dir(), "..", "spec", "themes.tsv")
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [(r[0], r[1]) for r in rows if r and r[0]]


class ModelTest(unittest.TestCase):
    def test_default_model_has_the_taxonomy_themes_in_order(self):
        support.require_corpus(self)
        m = attune.Model.default()
        self.assertIs(m, attune.Model.default())
        self.assertTrue(m.is_default)
        want = taxonomy()
        self.assertEqual(len(want), 15)
        self.assertEqual([(t.id, t.name) for t in m.themes], want)
        for i, t in enumerate(m.themes):
            self.assertEqual(t.index, i)
            self.assertTrue(t.description)
            self.assertTrue(0.0 <= t.threshold <= 1.0)
            self.assertIs(m.theme(t.id), m.themes[i])
        self.assertIsNone(m.theme("no-such-theme"))
        self.assertGreater(m.entry_count, 100)

    def test_round_trip_through_bytes_and_files(self):
        m = attune.Model.default()
        text = m.dumps()
        self.assertTrue(text.startswith(b"attune-model 1\n"))
        self.assertIn(b"\nchecksum fnv1a64 ", text)
        m2 = attune.Model.loads(text)
        self.assertFalse(m2.is_default)
        self.assertEqual(m2.dumps(), text)
        self.assertEqual([(t.id, t.bias, t.threshold) for t in m2.themes],
                         [(t.id, t.bias, t.threshold) for t in m.themes])
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "copy.model")
            m2.save(p)
            with open(p, "rb") as f:
                self.assertEqual(f.read(), text)
            m3 = attune.Model.load(p)
            self.assertEqual(m3.entry_count, m.entry_count)
            m3.close()
            m3.close()
            with self.assertRaises(ValueError):
                m3.themes  # noqa: B018 (closed before first use)

    def test_corrupt_model_reports_the_offending_line(self):
        text = attune.Model.default().dumps()
        # Flip one byte inside a weight: the checksum no longer matches.
        i = text.index(b"=", text.index(b"\nstems ")) + 1
        bad = text[:i] + (b"9" if text[i:i + 1] != b"9" else b"8") + text[i + 1:]
        with self.assertRaises(attune.ModelError) as cm:
            attune.Model.loads(bad)
        self.assertEqual(cm.exception.status, attune.EMODEL)
        self.assertIsNotNone(cm.exception.offset)
        # A syntax error: offset is the start of its line.
        lines = text.split(b"\n")
        k = next(n for n, l in enumerate(lines) if l.startswith(b"stems "))
        lines[k] = b"stems nonsense"
        bad = b"\n".join(l for l in lines if not l.startswith(b"checksum"))
        with self.assertRaises(attune.ModelError) as cm:
            attune.Model.loads(bad)
        self.assertEqual(cm.exception.offset, bad.index(b"stems nonsense"))
        with self.assertRaises(attune.ModelError):
            attune.Model.loads(b"not a model\n")

    def test_missing_file_is_a_file_error(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(attune.FileError) as cm:
                attune.Model.load(os.path.join(d, "missing.model"))
            self.assertEqual(cm.exception.status, attune.EIO)
            self.assertIsInstance(cm.exception, OSError)
            with self.assertRaises(attune.FileError):
                attune.Model.default().save(os.path.join(d, "no", "such", "dir.model"))


if __name__ == "__main__":
    unittest.main()
