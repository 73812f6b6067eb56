"""Core API: loading, versions, status codes, exceptions, prototypes."""

import os
import re
import subprocess
import sys
import unittest

import attune
from attune import _ffi

from . import support


def header_functions():
    """{name: parameter count} of every ATTUNE_API function in the headers."""
    out = {}
    for text in support.headers().values():
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        for m in re.finditer(r"ATTUNE_API\s+[^;#{]*?\b(attune_\w+)\s*\(", text):
            depth, i = 1, m.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
            params = text[m.end():i - 1].strip()
            if params in ("", "void"):
                out[m.group(1)] = 0
            else:
                depth, n = 0, 1
                for c in params:
                    depth += {"(": 1, ")": -1}.get(c, 0)
                    n += c == "," and depth == 0
                out[m.group(1)] = n
    return out


def header_int_constants():
    out = {}
    for text in support.headers().values():
        for m in re.finditer(r"^#define\s+(ATTUNE_\w+)\s+\(?\s*(-?\d+)u?\s*\)?\s*(?:/\*.*)?$",
                             text, flags=re.M):
            out[m.group(1)] = int(m.group(2))
        for m in re.finditer(r"^#define\s+(ATTUNE_\w+)\s+\(1u << (\d+)\)", text, flags=re.M):
            out[m.group(1)] = 1 << int(m.group(2))
    return out


class CoreTest(unittest.TestCase):
    def test_version_matches_the_headers(self):
        common = support.headers()["common.h"]
        want = re.search(r'#define ATTUNE_VERSION_STRING "([^"]+)"', common).group(1)
        self.assertEqual(attune.library_version(), want)
        self.assertEqual(attune.__version__, want)
        self.assertEqual(attune.abi_version(), _ffi.ABI_VERSION)
        self.assertTrue(os.path.exists(attune.library_path()))

    def test_status_constants_and_strerror(self):
        consts = header_int_constants()
        for name in ("OK", "EINVAL", "ENOMEM", "EUTF8", "EPARSE", "EMODEL", "EIO", "ELIMIT"):
            self.assertEqual(getattr(attune, name), consts["ATTUNE_" + name], name)
        self.assertEqual(attune.strerror(attune.EUTF8), "invalid UTF-8")
        self.assertEqual(attune.strerror(attune.OK), "no error")
        self.assertEqual(attune.strerror(-1000), "unknown status")

    def test_module_constants_match_the_headers(self):
        consts = header_int_constants()
        checked = 0
        for name, value in consts.items():
            short = name[len("ATTUNE_"):]
            if hasattr(attune, short):
                self.assertEqual(getattr(attune, short), value, name)
                checked += 1
        self.assertGreater(checked, 30)

    def test_exceptions_carry_status_and_offset(self):
        lib = _ffi.lib()
        err = _ffi.new_error()
        err.code = attune.EUTF8
        err.message = b"truncated sequence"
        err.offset = 17
        with self.assertRaises(attune.UTF8Error) as cm:
            _ffi.check(attune.EUTF8, err, "validate")
        e = cm.exception
        self.assertEqual((e.status, e.offset), (attune.EUTF8, 17))
        self.assertIn("truncated sequence", str(e))
        self.assertIn("byte 17", str(e))
        self.assertIsInstance(e, ValueError)
        # Without details the library's strerror text is used, and no offset.
        lib.attune_error_clear(err)
        with self.assertRaises(attune.FileError) as cm:
            _ffi.check(attune.EIO, err, "save")
        self.assertIsNone(cm.exception.offset)
        self.assertIn("input/output error", str(cm.exception))
        self.assertIsInstance(cm.exception, OSError)
        self.assertIsInstance(_ffi.error_from_status(-99, "x"), attune.Error)
        self.assertIsInstance(_ffi.error_from_status(attune.ENOMEM, "x"), MemoryError)

    def test_prototypes_match_the_headers(self):
        hdr = header_functions()
        self.assertIn("attune_strerror", hdr)
        for name, (_res, args) in _ffi.PROTOTYPES.items():
            self.assertIn(name, hdr, "%s is wrapped but in no header" % name)
            self.assertEqual(len(args), hdr[name], "%s: parameter count" % name)

    def test_bad_library_path_raises_library_error(self):
        code = "import attune\ntry:\n    attune.library_version()\nexcept attune.LibraryError as e:\n    print('LibraryError', e)\n"
        env = dict(os.environ, ATTUNE_LIBRARY="/nonexistent/libattune.so.1")
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             cwd=os.path.join(support.REPO, "bindings", "python"))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("LibraryError ATTUNE_LIBRARY=/nonexistent/libattune.so.1", out.stdout)

    def test_finds_the_install_prefix_of_the_source_tree(self):
        paths = _ffi.candidate_paths()
        want = os.path.join(support.REPO, "_install", "lib", "libattune.so.1")
        self.assertIn(os.path.normpath(want), [os.path.normpath(p) for p in paths])


if __name__ == "__main__":
    unittest.main()
