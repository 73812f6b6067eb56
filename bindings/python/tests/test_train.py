"""train.h through the bindings, on CounselChat's fastText file."""

import os
import tempfile
import unittest

import attune

from . import support


def fasttext_lines(limit=250):
    path = os.path.join(support.corpus_dir(), "..", "data", "counselchat", "dev.fasttext")
    with open(path, "rb") as f:
        return [l for l in f.read().split(b"\n") if l.strip()][:limit]


def split(line):
    toks = line.split()
    labels = [t[len(b"__label__"):].decode() for t in toks if t.startswith(b"__label__")]
    text = b" ".join(t for t in toks if not t.startswith(b"__label__"))
    return text, labels


class TrainTest(unittest.TestCase):
    def test_trained_model_has_the_labels_in_first_appearance_order(self):
        support.require_corpus(self)
        lines = fasttext_lines()
        want = []
        for l in lines:
            for lab in split(l)[1]:
                if lab not in want:
                    want.append(lab)
        with attune.Trainer() as t:
            t.add_fasttext(b"\n".join(lines) + b"\n")
            self.assertEqual(t.example_count, len(lines))
            self.assertEqual(t.label_count, len(want))
            m = t.fit(epochs=2)
        self.assertEqual([th.id for th in m.themes], want)
        self.assertEqual([th.name for th in m.themes], want)
        self.assertGreater(m.entry_count, 100)
        for th in m.themes:
            self.assertTrue(0.0 <= th.threshold <= 1.0)

    def test_same_examples_give_the_same_model_by_any_route(self):
        support.require_corpus(self)
        lines = fasttext_lines()
        data = b"\n".join(lines) + b"\n"
        a = attune.Model.train(fasttext=data, epochs=2, seed=5)
        b = attune.Model.train([split(l) for l in lines], epochs=2, seed=5, threads=2)
        self.assertEqual(a.dumps(), b.dumps())
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "cc.txt")
            with open(p, "wb") as f:
                f.write(data)
            e = attune.Model.train(fasttext_file=p, epochs=2, seed=5)
            self.assertEqual(e.dumps(), a.dumps())
            mp = os.path.join(d, "cc.model")
            a.save(mp)
            self.assertEqual(attune.Model.load(mp).dumps(), a.dumps())
        other = attune.Model.train(fasttext=data, epochs=2, seed=6)
        self.assertNotEqual(other.dumps(), a.dumps())

    def test_bad_examples_raise_with_offsets_and_change_nothing(self):
        t = attune.Trainer()
        t.add("I felt heard", ["validation"])
        with self.assertRaises(attune.ParseError) as cm:
            t.add_fasttext(b"__label__a fine line\n__label__ empty label\n")
        self.assertEqual(cm.exception.offset, len(b"__label__a fine line\n"))
        with self.assertRaises(attune.UTF8Error) as cm:
            t.add(b"abc \xff", ["x"])
        self.assertEqual(cm.exception.offset, 4)
        self.assertEqual((t.example_count, t.label_count), (1, 1))
        with self.assertRaises(TypeError):
            t.fit(epoch=3)
        with self.assertRaises(attune.InvalidArgumentError):
            attune.Trainer().fit()


if __name__ == "__main__":
    unittest.main()
