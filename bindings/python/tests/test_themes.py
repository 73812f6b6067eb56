"""themes.h through the bindings: the seeds classified with the built-in
model, cross-checked against the C program's JSON; evidence spans in the
caller's bytes (and str indexes); other models; lifetimes."""

import gc
import json
import os
import random
import subprocess
import unittest

import attune

from . import support


class SeedsTest(unittest.TestCase):
    def test_python_results_equal_the_c_programs_json(self):
        support.require_corpus(self)
        cli = os.environ.get("ATTUNE_CLI")
        if not cli:
            self.skipTest("ATTUNE_CLI (the attune program) not set; ctest sets it")
        for name in support.seeds():
            path = os.path.join(support.corpus_dir(), "seeds", name + ".txt")
            out = subprocess.run([cli, "classify", "--jsonl", path], capture_output=True,
                                 check=True).stdout
            want = json.loads(out.decode("utf-8").splitlines()[0])
            data = support.seed_bytes(name)
            r = attune.classify(attune.parse(data))
            got = [{"id": t.id, "score": round(t.score, 4),
                    "evidence": [{"start": s.start, "end": s.end, "text": s.text}
                                 for s in t.evidence]} for t in r.themes]
            for w in want["themes"]:
                w["score"] = round(w["score"], 4)
            self.assertEqual(got, want["themes"], name)
            self.assertTrue(got, name)
            secs = [{"heading": u.heading, "line": u.line,
                     "themes": [(t.id, round(t.score, 4)) for t in u.themes]} for u in r.sections]
            self.assertEqual(secs, [{"heading": s["heading"] or "", "line": s["line"],
                                     "themes": [(t["id"], round(t["score"], 4))
                                                for t in s["themes"]]}
                                    for s in want["sections"]], name)

    def test_units_sections_and_blocks_fit_the_document(self):
        support.require_corpus(self)
        model = attune.Model.default()
        for name in support.seeds():
            data = support.seed_bytes(name)
            doc = attune.parse(data)
            r = attune.classify(doc)
            self.assertIs(r.model, model)
            self.assertIs(r.document, doc)
            units = r.units
            self.assertEqual(len(units), 1 + len(r.sections) + len(r.blocks))
            self.assertEqual(units[0].kind, "document")
            self.assertTrue(all(u.kind == "section" for u in r.sections))
            outline = [e.block for e in doc.outline()]
            for u in r.sections:
                if u.block is not None:
                    self.assertIn(u.block, outline)
                    self.assertEqual(u.heading, u.block.text)
                    self.assertEqual(u.line, u.block.lines[0])
            self.assertEqual([u.block for u in r.blocks], doc.main_blocks())
            for u in r.blocks:
                self.assertEqual(r.unit_for(u.block).index, u.index)
            self.assertIsNone(r.unit_for(doc.root))
            for u in units:
                scores = u.scores
                self.assertEqual(list(scores), [t.id for t in model.themes])
                present = u.themes
                self.assertEqual([t.score for t in present],
                                 sorted((t.score for t in present), reverse=True))
                for t in present:
                    self.assertTrue(t.present)
                    self.assertGreaterEqual(t.score, model.themes[t.index].threshold)
                    self.assertEqual(scores[t.id], t.score)
                sp = u.span
                for t in present:
                    for ev in t.evidence:
                        self.assertTrue(sp.start <= ev.start < ev.end <= sp.end, (name, u, ev))
                        self.assertEqual(ev.bytes, data[ev.start:ev.end])

    def test_gold_section_themes_are_mostly_found(self):
        # The bindings hand back what the library found: on the seeds most
        # themes the gold files give a heading are present in its section.
        support.require_corpus(self)
        hit = total = 0
        for name in support.seeds():
            doc = attune.parse(support.seed_bytes(name))
            r = attune.classify(doc)
            by_line = {u.line: {t.id for t in u.themes} for u in r.sections}
            for g in support.gold(name):
                if g["role"] in ("title", "heading") and g["themes"]:
                    found = by_line.get(g["line"], set())
                    hit += len(found & set(g["themes"]))
                    total += len(g["themes"])
        self.assertGreater(total, 20)
        self.assertGreater(hit / total, 0.5, (hit, total))


class TextTest(unittest.TestCase):
    def test_str_text_evidence_is_in_utf8_bytes_with_char_indexes(self):
        s = ("Ça m’a aidé — «\u00a0vraiment\u00a0». I felt heard and understood, "
             "and my therapist validated my feelings.")
        r = attune.classify(s)
        self.assertIsNone(r.document)
        self.assertEqual(r.blocks[0].block, None)
        ev = [e for t in r.themes for e in t.evidence]
        self.assertTrue(ev, r)
        b = s.encode("utf-8")
        for e in ev:
            self.assertEqual(e.bytes, b[e.start:e.end])
            self.assertEqual(s[e.char_start:e.char_end], e.text)
            self.assertGreater(e.start, e.char_start)     # multibyte text precedes it
        rb = attune.classify(b)
        self.assertEqual([(t.id, [(e.start, e.end) for e in t.evidence]) for t in rb.themes],
                         [(t.id, [(e.start, e.end) for e in t.evidence]) for t in r.themes])

    def test_other_models(self):
        support.require_corpus(self)
        data = support.seed_bytes(support.seeds()[0])
        doc = attune.parse(data)
        copy = attune.Model.loads(attune.Model.default().dumps())
        a = attune.classify(doc)
        b = attune.classify(doc, copy)
        self.assertIs(b.model, copy)
        self.assertEqual([(t.id, t.score) for t in a.themes], [(t.id, t.score) for t in b.themes])
        # A model trained on CounselChat topics classifies with its own labels.
        path = os.path.join(support.corpus_dir(), "..", "data", "counselchat", "dev.fasttext")
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")[:250]
        m = attune.Model.train(fasttext=b"\n".join(lines), epochs=2)
        r = attune.classify(doc, m)
        ids = {t.id for t in m.themes}
        self.assertEqual(set(r.scores), ids)
        with self.assertRaises(TypeError):
            attune.classify(doc, "default")


class LifetimeTest(unittest.TestCase):
    def test_results_keep_document_and_model_alive_in_any_order(self):
        support.require_corpus(self)
        rng = random.Random(11)
        base = attune.Model.default().dumps()
        for name in support.seeds()[:3]:
            model = attune.Model.loads(base)
            doc = attune.parse(support.seed_bytes(name))
            r = attune.classify(doc, model)
            objs = [r, doc, model] + r.units + [u.block for u in r.blocks]
            objs += [t for u in r.sections for t in u.themes]
            objs += [e for u in r.sections for t in u.themes for e in t.evidence]
            want = [(t.id, round(t.score, 6)) for t in r.themes]
            del model, doc, r
            gc.collect()
            order = list(range(len(objs)))
            rng.shuffle(order)
            for k, i in enumerate(order):
                o = objs[i]
                if isinstance(o, attune.Classification):
                    self.assertEqual([(t.id, round(t.score, 6)) for t in o.themes], want)
                elif isinstance(o, attune.Unit):
                    _ = [t.evidence for t in o.themes]
                elif isinstance(o, attune.Block):
                    _ = o.text
                elif isinstance(o, attune.ThemeScore):
                    _ = o.evidence
                objs[i] = None
                if k % 30 == 0:
                    gc.collect()

    def test_closing_the_document_invalidates_its_result(self):
        support.require_corpus(self)
        doc = attune.parse(support.seed_bytes(support.seeds()[0]))
        r = attune.classify(doc)
        doc.close()
        with self.assertRaises(ValueError):
            r.themes
        r.close()
        r.close()


if __name__ == "__main__":
    unittest.main()
