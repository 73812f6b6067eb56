"""python -m attune FILE: the outline with the themes of each section (main() run
in-process; the pip install test runs the module as a program)."""

import contextlib
import io
import os
import re
import tempfile
import unittest

import attune
from attune.__main__ import main

from . import support


class Ran:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(*args):
    """Runs the module's main() in this process (as `python -m attune ARGS`)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as e:
            code = e.code
    return Ran(code, out.getvalue(), err.getvalue())


class MainTest(unittest.TestCase):
    def test_outline_with_themes_of_the_sample_page_and_a_seed(self):
        support.require_corpus(self)
        pages = [os.path.join(support.REPO, "examples", "sample-page.txt"),
                 os.path.join(support.corpus_dir(), "seeds", support.seeds()[3] + ".txt")]
        for page in pages:
            p = run(page)
            self.assertEqual(p.returncode, 0, p.stderr)
            lines = p.stdout.splitlines()
            with open(page, "rb") as f:
                doc = attune.parse(f.read())
            r = attune.classify(doc)
            self.assertEqual(len(lines), len(r.sections) + 1)
            for line, sec in zip(lines, r.sections):
                level = sec.block.level if sec.block is not None else 1
                self.assertTrue(line.startswith("  " * (level - 1) + (sec.heading or "(introduction)")),
                                (line, sec.heading))
                for t in sec.themes:
                    self.assertIn("%s %.2f" % (t.id, t.score), line)
            self.assertTrue(lines[-1].startswith("themes: "))
            listed = re.sub(r" \([^)]*\)", "", lines[-1][len("themes: "):])
            self.assertEqual([x.split(" ")[0] for x in listed.split(", ")],
                             [t.id for t in r.themes])

    def test_errors(self):
        with tempfile.TemporaryDirectory() as d:
            p = run(os.path.join(d, "missing.txt"))
            self.assertEqual(p.returncode, 1)
            self.assertIn("missing.txt", p.stderr)
            bad = os.path.join(d, "bad.model")
            with open(bad, "w") as f:
                f.write("attune-model 1\nlabel x\nstems nonsense\n")
            p = run("--model", bad, os.path.join(support.REPO, "examples", "sample-page.txt"))
            self.assertEqual(p.returncode, 1)
            self.assertIn("at byte", p.stderr)
        p = run()
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    unittest.main()
