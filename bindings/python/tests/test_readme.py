"""The Python and Rust snippets of README.md run as written."""

import io
import contextlib
import os
import re
import unittest

from . import support

SNIPPETS = os.path.join(support.REPO, "README.md")


def blocks(lang):
    with open(SNIPPETS, encoding="utf-8") as f:
        return re.findall(r"```%s\n(.*?)```" % lang, f.read(), flags=re.S)


class ReadmeTest(unittest.TestCase):
    def test_python_snippet_runs_from_the_repository_root(self):
        code = blocks("python")
        self.assertEqual(len(code), 1)
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(support.REPO)
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code[0], SNIPPETS, "exec"), {"__name__": "readme"})
        finally:
            os.chdir(cwd)
        text = out.getvalue()
        self.assertIn("Why Boundaries Matter in the Therapy Room\n  What a boundary protects\n", text)
        self.assertRegex(text, r"\n[A-Z][^\n]*: [01]\.\d\d  evidence: \w")
        self.assertIn('"Café" - ok\n', text)
        self.assertIn("-3 3\n", text)

    def test_rust_snippet_is_the_crates_readme_example(self):
        code = blocks("rust")
        self.assertEqual(len(code), 1)
        path = os.path.join(support.REPO, "bindings", "rust", "examples", "readme.rs")
        with open(path, encoding="utf-8") as f:
            body = f.read()
        self.assertTrue(body.endswith(code[0]), "examples/readme.rs differs from the README")

    def test_shell_commands_name_existing_things(self):
        sh = "\n".join(blocks("sh"))
        self.assertIn("pip install --no-build-isolation ./bindings/python", sh)
        for path in re.findall(r"(?<![\w/])(?:examples|bindings)/[\w./-]+", sh):
            self.assertTrue(os.path.exists(os.path.join(support.REPO, path)), path)
        for prog in re.findall(r"build/examples/(example_\w+)", sh):
            self.assertTrue(os.path.exists(os.path.join(support.REPO, "examples",
                                                        prog[len("example_"):] + ".c")), prog)


if __name__ == "__main__":
    unittest.main()
