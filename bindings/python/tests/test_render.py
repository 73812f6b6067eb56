"""render.h through the bindings, on the seeds."""

import json
import unittest

import attune

from . import support


def flatten(blocks):
    for b in blocks:
        yield b
        yield from flatten(b["children"])


class RenderTest(unittest.TestCase):
    def test_json_mirrors_the_tree_and_the_result(self):
        support.require_corpus(self)
        for name in support.seeds():
            doc = attune.parse(support.seed_bytes(name))
            r = attune.classify(doc)
            j = json.loads(doc.to_json(r, source=name))
            self.assertEqual(j["source"], name)
            got = [(b["kind"], b["start"], b["end"], b.get("text")) for b in flatten(j["blocks"])]
            want = [(b.kind_name, b.span.start, b.span.end, b.text) for b in doc]
            self.assertEqual(got, want, name)
            self.assertEqual([t["id"] for t in j["themes"]], [t.id for t in r.themes])
            bare = json.loads(doc.to_json(text=False, boilerplate=False))
            self.assertNotIn("themes", bare)
            kinds = [b["kind"] for b in flatten(bare["blocks"])]
            self.assertNotIn("boilerplate", kinds)
            self.assertTrue(all("text" not in b for b in flatten(bare["blocks"])))

    def test_main_text_leaves_out_spam_and_personal_data(self):
        support.require_corpus(self)
        left_out = 0
        for name in support.seeds():
            doc = attune.parse(support.seed_bytes(name))
            text = doc.main_text()
            if doc.title is not None:
                self.assertTrue(text.startswith(doc.title.text), name)
            for b in doc:
                for sp in b.spam:
                    self.assertNotIn(sp.text.strip(), text)
                    left_out += 1
                if b.is_boilerplate:
                    continue
                for p in b.personal_data:
                    self.assertNotIn(p.span.text, text)
                    left_out += 1
            outline = doc.render_outline()
            self.assertEqual(len(outline.splitlines()), len(doc) - 1, name)
        self.assertGreater(left_out, 0)

    def test_result_of_another_document_is_refused(self):
        a = attune.parse("A title\n\nTrust grows slowly.\n")
        b = attune.parse("Another\n\nEmpathy matters.\n")
        with self.assertRaises(attune.InvalidArgumentError):
            a.to_json(attune.classify(b))


if __name__ == "__main__":
    unittest.main()
