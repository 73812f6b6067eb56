"""text.h through the bindings: validate, normalize, Text offset maps, on the
seed pages and CounselChat answers."""

import json
import os
import unicodedata
import unittest

import attune

from . import support


def counselchat_answers(limit=None):
    path = os.path.join(support.corpus_dir(), "..", "data", "counselchat", "dev.jsonl")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out.append(rec.get("answer_html") or rec.get("answer") or "")
            if limit and len(out) >= limit:
                break
    return out


class ValidateTest(unittest.TestCase):
    def test_seeds_are_valid_and_a_cut_sequence_is_found_at_its_byte(self):
        support.require_corpus(self)
        checked = 0
        for name in support.seeds():
            data = support.seed_bytes(name)
            attune.validate(data)
            self.assertTrue(attune.is_valid_utf8(data))
            # Cut the first multibyte character after its lead byte.
            lead = next((i for i, b in enumerate(data) if b >= 0xC2), None)
            if lead is None:
                continue
            broken = data[:lead + 1] + b"\x20" + data[lead + 2:]
            with self.assertRaises(attune.UTF8Error) as cm:
                attune.validate(broken)
            self.assertEqual(cm.exception.offset, lead, name)
            self.assertEqual(cm.exception.status, attune.EUTF8)
            self.assertFalse(attune.is_valid_utf8(broken))
            checked += 1
        self.assertGreater(checked, 0)

    def test_overlong_and_surrogate_are_rejected(self):
        for bad, at in ((b"ok \xc0\xaf", 3), (b"ab\xed\xa0\x80", 2), (b"\xf4\x90\x80\x80", 0)):
            with self.assertRaises(attune.UTF8Error) as cm:
                attune.validate(bad)
            self.assertEqual(cm.exception.offset, at, bad)


class NormalizeTest(unittest.TestCase):
    def test_nfc_and_nfkc_agree_with_unicodedata_on_counselchat(self):
        support.require_corpus(self)
        answers = counselchat_answers()
        self.assertGreater(len(answers), 1000)
        for s in answers:
            d = unicodedata.normalize("NFD", s)
            self.assertEqual(attune.normalize(d, nfc=True), unicodedata.normalize("NFC", s))
            self.assertEqual(attune.normalize(s, attune.NORM_NFKC), unicodedata.normalize("NFKC", s))

    def test_type_in_is_type_out_and_default_is_nfc(self):
        self.assertEqual(attune.normalize("Cafe\u0301"), "Caf\u00e9")
        self.assertEqual(attune.normalize("Cafe\u0301".encode()), "Caf\u00e9".encode())
        self.assertEqual(attune.normalize("Cafe\u0301", attune.NORM_NONE), "Cafe\u0301")

    def test_typography_on_the_seeds_leaves_no_curly_quotes_or_dashes(self):
        support.require_corpus(self)
        seen = 0
        for name in support.seeds():
            s = support.seed_bytes(name).decode("utf-8")
            out = attune.normalize(s, typography=True, strip_invisible=True, nfc=True)
            seen += sum(s.count(c) for c in "\u2018\u2019\u201c\u201d\u2013\u2014")
            for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u00a0\u200b":
                self.assertNotIn(c, out, name)
        self.assertGreater(seen, 0, "the seeds have typographic characters to fold")

    def test_ill_formed_input_raises_with_offset_or_is_repaired(self):
        support.require_corpus(self)
        data = support.seed_bytes(support.seeds()[0])
        broken = data[:100] + b"\xff" + data[100:]
        with self.assertRaises(attune.UTF8Error) as cm:
            attune.normalize(broken, nfc=True)
        self.assertEqual(cm.exception.offset, 100)
        fixed = attune.normalize(broken, nfc=True, repair=True)
        self.assertEqual(fixed, attune.normalize(data[:100] + "\ufffd".encode() + data[100:], nfc=True))

    def test_bad_arguments(self):
        with self.assertRaises(attune.InvalidArgumentError) as cm:
            attune.normalize("x", 1 << 20)
        self.assertEqual(cm.exception.status, attune.EINVAL)
        with self.assertRaises(TypeError):
            attune.normalize("x", nfd=True)
        with self.assertRaises(TypeError):
            attune.normalize(42)


class TextMapTest(unittest.TestCase):
    def test_offsets_map_back_to_the_seed_bytes(self):
        support.require_corpus(self)
        mapped = 0
        for name in support.seeds():
            data = support.seed_bytes(name)
            t = attune.Text(data, typography=True, strip_invisible=True, nfc=True)
            self.assertEqual(t.bytes, attune.normalize(data, typography=True,
                                                       strip_invisible=True, nfc=True))
            prev = 0
            for i in range(0, len(t.bytes) + 1):
                o = t.source_offset(i)
                self.assertGreaterEqual(o, prev)
                self.assertLessEqual(o, len(data))
                prev = o
            self.assertEqual(t.source_offset(len(t.bytes)), len(data))
            # A folded quote maps back to the whole curly quote.
            j = data.find("\u2019".encode())
            if j >= 0:
                quotes = [k for k in range(len(t.bytes))
                          if t.bytes[k:k + 1] == b"'" and t.source_offset(k) == j]
                self.assertEqual(len(quotes), 1, name)
                self.assertEqual(t.source_span(quotes[0], quotes[0] + 1), (j, j + 3))
                mapped += 1
            with self.assertRaises(IndexError):
                t.source_offset(len(t.bytes) + 1)
            with self.assertRaises(attune.InvalidArgumentError):
                t.source_span(5, 2)
        self.assertGreater(mapped, 0)


if __name__ == "__main__":
    unittest.main()
