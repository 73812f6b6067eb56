"""content.h through the bindings: the block tree of the seed pages, spans in
the caller's bytes (and str indexes), the iterator, errors, lifetimes."""

import gc
import random
import unittest

import attune

from . import support


def parsed_seeds(test):
    support.require_corpus(test)
    for name in support.seeds():
        data = support.seed_bytes(name)
        yield name, data, attune.parse(data)


class TreeTest(unittest.TestCase):
    def test_blocks_indexes_parents_and_walk_agree(self):
        for name, data, doc in parsed_seeds(self):
            blocks = doc.blocks
            self.assertEqual(len(blocks), len(doc))
            self.assertGreater(len(blocks), 5, name)
            root = doc.root
            self.assertEqual(root.kind, attune.BLOCK_DOCUMENT)
            self.assertEqual(root.kind_name, "document")
            self.assertIsNone(root.parent)
            self.assertEqual(blocks[0], root)
            self.assertEqual(list(doc), blocks[1:])
            for i, b in enumerate(blocks):
                self.assertEqual(b.index, i)
                self.assertEqual(doc.block(i), b)
                if i:
                    self.assertIn(b, b.parent.children)
                kids = b.children
                if kids:
                    self.assertEqual(kids[0], b.first_child)
                    self.assertEqual(kids[-1], b.last_child)
                    self.assertIsNone(kids[0].prev_sibling)
            # The pull iterator enters blocks in document order and balances exits.
            entered, depth, maxdepth = [], 0, 0
            for ev, b in doc.walk():
                if ev == "enter":
                    entered.append(b)
                    depth += 1
                    maxdepth = max(maxdepth, depth)
                else:
                    depth -= 1
            self.assertEqual(entered, blocks)
            self.assertEqual(depth, 0)
            self.assertGreaterEqual(maxdepth, 2)
            with self.assertRaises(IndexError):
                doc.block(len(doc))

    def test_spans_lines_and_texts_refer_to_the_input(self):
        for name, data, doc in parsed_seeds(self):
            for b in doc:
                sp = b.span
                self.assertTrue(0 <= sp.start <= sp.end <= len(data), (name, b))
                self.assertEqual(sp.bytes, data[sp.start:sp.end])
                first, last = b.lines
                if sp.end > sp.start:
                    self.assertEqual(first, data.count(b"\n", 0, sp.start) + 1, (name, b))
                    self.assertLessEqual(first, last)
                if b.kind in (attune.BLOCK_PARAGRAPH, attune.BLOCK_HEADING, attune.BLOCK_TITLE,
                              attune.BLOCK_LIST_ITEM):
                    text = b.text
                    self.assertTrue(text, (name, b))
                    self.assertNotIn("\n", text)
                    # The first word of the text is found in the block's source bytes,
                    # and text offsets map into the span.
                    o = b.source_offset(0)
                    self.assertTrue(sp.start <= o <= sp.end, (name, b, o))
                    self.assertEqual(b.source_offset(len(b.text_bytes)) is not None, True)
                    self.assertIsNone(b.source_offset(len(b.text_bytes) + 1))
                if b.kind == attune.BLOCK_BOILERPLATE:
                    self.assertTrue(b.boilerplate_name)
                    self.assertTrue(b.is_boilerplate)
                else:
                    self.assertIsNone(b.boilerplate_name)
                for s in b.spam:
                    self.assertTrue(sp.start <= s.start < s.end <= sp.end)
                for p in b.personal_data:
                    self.assertIn(p.type_name, ("email", "phone", "address", "url", "birthdate"))
                    self.assertTrue(sp.start <= p.span.start < p.span.end <= sp.end)

    def test_outline_and_title(self):
        for name, data, doc in parsed_seeds(self):
            outline = doc.outline()
            self.assertTrue(outline, name)
            for e in outline:
                self.assertIn(e.block.kind, (attune.BLOCK_TITLE, attune.BLOCK_HEADING))
                self.assertEqual(e.level, e.block.level)
                self.assertGreaterEqual(e.level, 1)
            if doc.title is not None:
                self.assertEqual(outline[0].block, doc.title)
                self.assertEqual(doc.title.level, 1)
            self.assertEqual(doc.main_blocks(), [b for b in doc if b.kind not in (
                attune.BLOCK_DOCUMENT, attune.BLOCK_SECTION, attune.BLOCK_LIST,
                attune.BLOCK_BOILERPLATE)])


class GoldTest(unittest.TestCase):
    """The tree seen through the bindings matches the corpus gold files."""

    def test_outline_is_the_gold_titles_and_headings(self):
        for name, data, doc in parsed_seeds(self):
            gold = [(r["line"], r["level"]) for r in support.gold(name)
                    if r["role"] in ("title", "heading")]
            got = [(e.block.lines[0], e.level) for e in doc.outline()]
            self.assertEqual(got, gold, name)

    def test_spam_spans_are_the_gold_promotional_sentences(self):
        found = 0
        for name, data, doc in parsed_seeds(self):
            notes = {r["line"]: r["note"][len("spam:"):] for r in support.gold(name)
                     if r["note"].startswith("spam:")}
            for b in doc:
                for sp in b.spam:
                    line = data.count(b"\n", 0, sp.start) + 1
                    self.assertIn(line, notes, (name, sp))
                    self.assertIn(sp.text.strip(), notes[line], (name, sp))
                    found += 1
        self.assertGreater(found, 0)


class InputTest(unittest.TestCase):
    def test_str_input_gives_byte_offsets_and_char_indexes(self):
        support.require_corpus(self)
        checked = 0
        for name in support.seeds():
            data = support.seed_bytes(name)
            s = data.decode("utf-8")
            d_bytes = attune.parse(data)
            d_str = attune.parse(s)
            self.assertTrue(d_str.is_str)
            self.assertEqual(d_str.source, s)
            self.assertEqual(d_str.source_bytes, data)
            self.assertEqual([(b.kind, b.text, b.span.start, b.span.end) for b in d_str],
                             [(b.kind, b.text, b.span.start, b.span.end) for b in d_bytes])
            for b in d_str:
                sp = b.span
                self.assertEqual(s[sp.char_start:sp.char_end], sp.text)
                if len(sp.text) != len(sp.bytes):
                    checked += 1
        self.assertGreater(checked, 0, "some spans hold multibyte characters")

    def test_ill_formed_utf8_is_repaired_or_rejected_with_its_offset(self):
        support.require_corpus(self)
        data = support.seed_bytes(support.seeds()[0])
        # Break a byte inside the first long paragraph.
        doc = attune.parse(data)
        para = max(doc, key=lambda b: len(b.text) if b.kind == attune.BLOCK_PARAGRAPH else 0)
        at = para.span.start + 10
        broken = data[:at] + b"\xff" + data[at + 1:]
        with self.assertRaises(attune.UTF8Error) as cm:
            attune.parse(broken, strict_utf8=True)
        self.assertEqual(cm.exception.offset, at)
        self.assertEqual(cm.exception.status, attune.EUTF8)
        repaired = attune.parse(broken)
        self.assertTrue(any("\ufffd" in b.text for b in repaired))

    def test_limits_and_types(self):
        with self.assertRaises(attune.LimitError) as cm:
            attune.parse(b"Title\n\nSome text here.\n", max_input=4)
        self.assertEqual(cm.exception.status, attune.ELIMIT)
        with self.assertRaises(TypeError):
            attune.parse(12)
        empty = attune.parse(b"")
        self.assertEqual(len(empty), 1)
        self.assertIsNone(empty.title)
        self.assertEqual(empty.outline(), [])
        nul = attune.parse(b"Heading\x00 with NUL\n\nText.\n")
        self.assertGreaterEqual(len(nul), 1)

    def test_binary_input_is_refused_unless_asked(self):
        support.require_corpus(self)
        data = bytearray(support.seed_bytes(support.seeds()[0]))
        for i in range(7, len(data), 16):
            data[i] = 1
        with self.assertRaises(attune.NotTextError) as cm:
            attune.parse(bytes(data))
        self.assertEqual((cm.exception.status, cm.exception.offset), (attune.ENOTTEXT, 7))
        self.assertGreaterEqual(len(attune.parse(bytes(data), any_bytes=True)), 1)


class LifetimeTest(unittest.TestCase):
    def test_blocks_and_spans_keep_their_document_alive(self):
        support.require_corpus(self)
        rng = random.Random(7)
        for name in support.seeds():
            objs = []
            doc = attune.parse(support.seed_bytes(name))
            for b in doc:
                objs.append(b)
                objs.append(b.span)
                objs.extend(b.spam)
            objs.append(doc.outline())
            want = [o.text if isinstance(o, attune.Block) else None for o in objs]
            del doc
            gc.collect()
            # Drop them in a random order, collecting as we go; the rest stay usable.
            order = list(range(len(objs)))
            rng.shuffle(order)
            for k, i in enumerate(order):
                if isinstance(objs[i], attune.Block):
                    self.assertEqual(objs[i].text, want[i])
                    self.assertIsInstance(objs[i].span.text, str)
                objs[i] = None
                if k % 40 == 0:
                    gc.collect()

    def test_closed_document_refuses_use(self):
        support.require_corpus(self)
        with attune.parse(support.seed_bytes(support.seeds()[0])) as doc:
            b = doc.block(1)
            _ = b.text
        self.assertTrue(doc.closed)
        with self.assertRaises(ValueError):
            _ = b.text
        with self.assertRaises(ValueError):
            len(doc)
        doc.close()
        self.assertIn("closed", repr(doc))


if __name__ == "__main__":
    unittest.main()
