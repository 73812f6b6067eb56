"""Loading libattune and declaring its C functions for ctypes.

Every prototype below mirrors a declaration in include/attune/*.h. Handles are
opaque and travel as ``c_void_p``; borrowed text comes back as a pointer and a
length and is copied at once with ``ctypes.string_at``.
"""

import ctypes
import ctypes.util
import os
import sys

from .errors import LibraryError, error_from_status

c_int32 = ctypes.c_int32
c_uint32 = ctypes.c_uint32
c_size_t = ctypes.c_size_t
c_double = ctypes.c_double
c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
POINTER = ctypes.POINTER

ABI_VERSION = 1
NO_OFFSET = ctypes.c_size_t(-1).value


class ErrorStruct(ctypes.Structure):
    """attune_error: code, static message, byte offset."""

    _fields_ = [("code", c_int32), ("message", c_char_p), ("offset", c_size_t)]


class ParseOptions(ctypes.Structure):
    """attune_parse_options (content.h)."""

    _fields_ = [("size", c_uint32), ("flags", c_uint32), ("max_input", c_size_t)]


class TrainOptions(ctypes.Structure):
    """attune_train_options (train.h)."""

    _fields_ = [("size", c_uint32), ("epochs", c_uint32), ("learning_rate", c_double),
                ("l2", c_double), ("word_ngrams", c_uint32), ("min_count", c_uint32),
                ("seed", ctypes.c_uint64), ("threads", c_uint32), ("cv_folds", c_uint32),
                ("min_count_ngrams", c_uint32)]


class RenderOptions(ctypes.Structure):
    """attune_render_options (render.h)."""

    _fields_ = [("size", c_uint32), ("flags", c_uint32), ("result", c_void_p),
                ("source", c_char_p)]


P_SIZE = POINTER(c_size_t)
P_INT32 = POINTER(c_int32)
P_UINT32 = POINTER(c_uint32)
P_DOUBLE = POINTER(c_double)
P_VOID = POINTER(c_void_p)
P_ERR = POINTER(ErrorStruct)

# name: (restype, argtypes). Kept in step with the headers; the test
# tests/test_prototypes.py compares the argument counts with include/attune/*.h.
PROTOTYPES = {
    # common.h
    "attune_strerror": (c_char_p, [c_int32]),
    "attune_error_clear": (None, [P_ERR]),
    "attune_version": (c_char_p, []),
    "attune_version_number": (c_uint32, []),
    "attune_abi_version": (c_uint32, []),
    "attune_free": (None, [c_void_p]),
    # text.h
    "attune_utf8_validate": (c_int32, [c_char_p, c_size_t, P_SIZE]),
    "attune_normalize": (c_int32, [c_char_p, c_size_t, c_uint32, P_VOID, P_SIZE, P_ERR]),
    "attune_text_new": (c_int32, [c_char_p, c_size_t, c_uint32, P_VOID, P_ERR]),
    "attune_text_free": (None, [c_void_p]),
    "attune_text_get": (c_int32, [c_void_p, P_VOID, P_SIZE]),
    "attune_text_source_length": (c_size_t, [c_void_p]),
    "attune_text_source_offset": (c_size_t, [c_void_p, c_size_t]),
    "attune_text_source_span": (c_int32, [c_void_p, c_size_t, c_size_t, P_SIZE, P_SIZE]),
    # model.h
    "attune_model_default": (c_void_p, []),
    "attune_model_load_buffer": (c_int32, [c_char_p, c_size_t, P_VOID, P_ERR]),
    "attune_model_load": (c_int32, [c_char_p, P_VOID, P_ERR]),
    "attune_model_save_buffer": (c_int32, [c_void_p, P_VOID, P_SIZE, P_ERR]),
    "attune_model_save": (c_int32, [c_void_p, c_char_p, P_ERR]),
    "attune_model_free": (None, [c_void_p]),
    "attune_model_theme_count": (c_size_t, [c_void_p]),
    "attune_model_theme_index": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "attune_model_theme_id": (c_char_p, [c_void_p, c_size_t]),
    "attune_model_theme_name": (c_char_p, [c_void_p, c_size_t]),
    "attune_model_theme_description": (c_char_p, [c_void_p, c_size_t]),
    "attune_model_theme_bias": (c_int32, [c_void_p, c_size_t, P_DOUBLE]),
    "attune_model_theme_threshold": (c_int32, [c_void_p, c_size_t, P_DOUBLE]),
    "attune_model_entry_count": (c_size_t, [c_void_p]),
    # train.h
    "attune_train_options_init": (c_int32, [POINTER(TrainOptions)]),
    "attune_trainer_new": (c_int32, [P_VOID, P_ERR]),
    "attune_trainer_free": (None, [c_void_p]),
    "attune_trainer_add": (c_int32, [c_void_p, c_char_p, c_size_t, POINTER(c_char_p), P_SIZE,
                                     c_size_t, P_ERR]),
    "attune_trainer_add_fasttext": (c_int32, [c_void_p, c_char_p, c_size_t, P_ERR]),
    "attune_trainer_fit": (c_int32, [c_void_p, POINTER(TrainOptions), P_VOID, P_ERR]),
    "attune_trainer_example_count": (c_size_t, [c_void_p]),
    "attune_trainer_label_count": (c_size_t, [c_void_p]),
    # themes.h
    "attune_classify_options_init": (c_int32, [c_void_p]),
    "attune_classify": (c_int32, [c_void_p, c_void_p, c_void_p, P_VOID, P_ERR]),
    "attune_classify_text": (c_int32, [c_void_p, c_char_p, c_size_t, c_void_p, P_VOID, P_ERR]),
    "attune_result_free": (None, [c_void_p]),
    "attune_result_model": (c_void_p, [c_void_p]),
    "attune_result_unit_count": (c_size_t, [c_void_p]),
    "attune_result_theme_count": (c_size_t, [c_void_p]),
    "attune_result_section_count": (c_size_t, [c_void_p]),
    "attune_result_unit_kind": (c_int32, [c_void_p, c_size_t]),
    "attune_result_unit_block": (c_void_p, [c_void_p, c_size_t]),
    "attune_result_block_unit": (c_size_t, [c_void_p, c_void_p]),
    "attune_result_unit_span": (c_int32, [c_void_p, c_size_t, P_SIZE, P_SIZE]),
    "attune_result_unit_words": (c_size_t, [c_void_p, c_size_t]),
    "attune_result_section_line": (c_int32, [c_void_p, c_size_t, P_SIZE]),
    "attune_result_section_heading": (c_int32, [c_void_p, c_size_t, P_VOID, P_SIZE]),
    "attune_result_theme": (c_int32, [c_void_p, c_size_t, c_size_t, P_DOUBLE, P_INT32]),
    "attune_result_present_count": (c_size_t, [c_void_p, c_size_t]),
    "attune_result_present_theme": (c_int32, [c_void_p, c_size_t, c_size_t, P_SIZE]),
    "attune_result_evidence_count": (c_size_t, [c_void_p, c_size_t, c_size_t]),
    "attune_result_evidence": (c_int32, [c_void_p, c_size_t, c_size_t, c_size_t, P_SIZE, P_SIZE]),
    # render.h
    "attune_render_options_init": (c_int32, [POINTER(RenderOptions)]),
    "attune_render_json": (c_int32, [c_void_p, POINTER(RenderOptions), P_VOID, P_SIZE, P_ERR]),
    "attune_render_outline": (c_int32, [c_void_p, POINTER(RenderOptions), P_VOID, P_SIZE, P_ERR]),
    "attune_render_text": (c_int32, [c_void_p, POINTER(RenderOptions), P_VOID, P_SIZE, P_ERR]),
    # content.h
    "attune_parse_options_init": (c_int32, [POINTER(ParseOptions)]),
    "attune_doc_parse": (c_int32, [c_char_p, c_size_t, POINTER(ParseOptions), P_VOID, P_ERR]),
    "attune_doc_free": (None, [c_void_p]),
    "attune_doc_root": (c_void_p, [c_void_p]),
    "attune_doc_source": (c_int32, [c_void_p, P_VOID, P_SIZE]),
    "attune_doc_title": (c_void_p, [c_void_p]),
    "attune_doc_block_count": (c_size_t, [c_void_p]),
    "attune_doc_block": (c_void_p, [c_void_p, c_size_t]),
    "attune_block_parent": (c_void_p, [c_void_p]),
    "attune_block_first_child": (c_void_p, [c_void_p]),
    "attune_block_last_child": (c_void_p, [c_void_p]),
    "attune_block_next_sibling": (c_void_p, [c_void_p]),
    "attune_block_prev_sibling": (c_void_p, [c_void_p]),
    "attune_block_index": (c_size_t, [c_void_p]),
    "attune_block_kind": (c_int32, [c_void_p]),
    "attune_block_level": (c_int32, [c_void_p]),
    "attune_block_boilerplate": (c_int32, [c_void_p]),
    "attune_block_text": (c_int32, [c_void_p, P_VOID, P_SIZE]),
    "attune_block_source_offset": (c_size_t, [c_void_p, c_size_t]),
    "attune_block_span": (c_int32, [c_void_p, P_SIZE, P_SIZE]),
    "attune_block_lines": (c_int32, [c_void_p, P_SIZE, P_SIZE]),
    "attune_block_spam_count": (c_size_t, [c_void_p]),
    "attune_block_spam_span": (c_int32, [c_void_p, c_size_t, P_SIZE, P_SIZE]),
    "attune_block_pii_count": (c_size_t, [c_void_p]),
    "attune_block_pii": (c_int32, [c_void_p, c_size_t, P_INT32, P_SIZE, P_SIZE]),
    "attune_block_kind_name": (c_char_p, [c_int32]),
    "attune_boilerplate_name": (c_char_p, [c_int32]),
    "attune_pii_type_name": (c_char_p, [c_int32]),
    "attune_iter_new": (c_int32, [c_void_p, P_VOID]),
    "attune_iter_next": (c_int32, [c_void_p, P_INT32, P_VOID]),
    "attune_iter_free": (None, [c_void_p]),
}


def _missing(name):
    def call(*_args):
        raise LibraryError("the loaded libattune has no function %s (it is older than "
                           "these bindings)" % name)

    call.__name__ = name
    return call


class Lib:
    """The loaded library with every known prototype applied.

    Functions that the loaded library lacks are replaced by callables that
    raise LibraryError, so that an older library still serves the rest.
    """

    def __init__(self, cdll, path):
        self.cdll = cdll
        self.path = path
        self.missing = []
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _missing(name))
                continue
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, fn)

    def has(self, name):
        return name not in self.missing


def _library_names():
    if sys.platform == "darwin":
        return ["libattune.%d.dylib" % ABI_VERSION, "libattune.dylib"]
    if sys.platform == "win32":
        return ["attune.dll", "libattune.dll"]
    return ["libattune.so.%d" % ABI_VERSION, "libattune.so"]


def _prefix_libdirs(prefix):
    return [os.path.join(prefix, d) for d in
            ("lib", "lib64", os.path.join("lib", "x86_64-linux-gnu"),
             os.path.join("lib", "aarch64-linux-gnu"))]


def candidate_paths():
    """Where the library is looked for, in order (ATTUNE_LIBRARY aside)."""
    dirs = []
    # A source tree: bindings/python/attune/_ffi.py -> <repo>/_install/lib.
    here = os.path.dirname(os.path.abspath(__file__))
    up = here
    for _ in range(4):
        up = os.path.dirname(up)
        dirs.extend(_prefix_libdirs(os.path.join(up, "_install")))
    # An installed package: the prefix of the tree it was built from.
    try:
        from ._install_hint import PREFIXES
    except ImportError:
        PREFIXES = []
    for p in PREFIXES:
        dirs.extend(_prefix_libdirs(p))
    if os.environ.get("ATTUNE_PREFIX"):
        dirs.extend(_prefix_libdirs(os.environ["ATTUNE_PREFIX"]))
    dirs.extend(_prefix_libdirs(sys.prefix))
    dirs.extend(_prefix_libdirs("/usr/local"))
    paths = []
    for d in dirs:
        for n in _library_names():
            p = os.path.join(d, n)
            if p not in paths:
                paths.append(p)
    return paths


def _open(path):
    cdll = ctypes.CDLL(path)
    lib = Lib(cdll, path)
    abi = lib.attune_abi_version()
    if abi != ABI_VERSION:
        raise LibraryError("%s has ABI %d; these bindings need ABI %d" % (path, abi, ABI_VERSION))
    return lib


def load():
    """Finds and opens libattune. Raises LibraryError when it is not found."""
    env = os.environ.get("ATTUNE_LIBRARY")
    if env:
        try:
            return _open(env)
        except OSError as e:
            raise LibraryError("ATTUNE_LIBRARY=%s cannot be loaded: %s" % (env, e)) from None
    tried = []
    for p in candidate_paths():
        if os.path.exists(p):
            try:
                return _open(p)
            except OSError as e:
                tried.append("%s (%s)" % (p, e))
    found = ctypes.util.find_library("attune")
    for name in ([found] if found else []) + _library_names():
        try:
            return _open(name)
        except OSError:
            tried.append(name)
    raise LibraryError("libattune not found; set ATTUNE_LIBRARY to the path of libattune.so.%d "
                       "or ATTUNE_PREFIX to its install prefix (looked in %s; %s)"
                       % (ABI_VERSION, ", ".join(sorted(set(os.path.dirname(p) for p in
                                                             candidate_paths()))),
                          ", ".join(tried) or "the system library path"))


_LIB = None


def lib():
    """The process-wide loaded library (loaded on first use)."""
    global _LIB
    if _LIB is None:
        _LIB = load()
    return _LIB


def new_error():
    e = ErrorStruct()
    e.code = 0
    e.message = None
    e.offset = NO_OFFSET
    return e


def check(status, err, what):
    """Raises the exception for a non-zero status, with err's message and offset."""
    if status == 0:
        return
    message = None
    offset = None
    if err is not None and err.code == status:
        if err.message:
            message = err.message.decode("utf-8", "replace")
        if err.offset != NO_OFFSET:
            offset = err.offset
    if message is None:
        message = lib().attune_strerror(status).decode("utf-8", "replace")
    raise error_from_status(status, "%s: %s" % (what, message), offset)


def borrowed(ptr, length):
    """Copies borrowed (ptr, len) text into Python bytes."""
    if not length:
        return b""
    return ctypes.string_at(ptr, length)


def take_owned(ptr, length):
    """Copies an owned buffer into bytes and releases it with attune_free."""
    try:
        return borrowed(ptr, length)
    finally:
        lib().attune_free(ptr)


class Owner:
    """Base of the classes that own one C object in ``self._ptr``, released
    by the C function named ``_free_fn``: ``close()`` releases it now, a
    ``with`` block closes it at its end, and the garbage collector closes
    what is left. Using a closed object raises ``ValueError``."""

    _ptr = None
    _free_fn = None
    _what = "object"

    def close(self):
        ptr, self._ptr = self._ptr, None
        if ptr:
            getattr(self._lib, self._free_fn)(ptr)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def closed(self):
        return self._ptr is None

    def _closed_error(self, message):
        return ValueError(message)

    def _handle(self):
        if self._ptr is None:
            raise self._closed_error("the %s is closed" % self._what)
        return self._ptr
