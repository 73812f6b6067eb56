"""UTF-8 validation and normalization (text.h)."""

import ctypes

from . import _ffi
from .content import _as_bytes
from .errors import UTF8Error, EUTF8

NORM_NONE = 0
NORM_NFC = 1 << 0
NORM_NFKC = 1 << 1
NORM_CASEFOLD = 1 << 2
NORM_FOLD_TYPOGRAPHY = 1 << 3
NORM_STRIP_INVISIBLE = 1 << 4
NORM_REPAIR = 1 << 5
NORM_FIX_MOJIBAKE = 1 << 6
NORM_ALL_FLAGS = 0x7F

_NAMED = {
    "nfc": NORM_NFC,
    "nfkc": NORM_NFKC,
    "casefold": NORM_CASEFOLD,
    "typography": NORM_FOLD_TYPOGRAPHY,
    "strip_invisible": NORM_STRIP_INVISIBLE,
    "repair": NORM_REPAIR,
    "fix_mojibake": NORM_FIX_MOJIBAKE,
}


def _flags(flags, named):
    unknown = set(named) - set(_NAMED)
    if unknown:
        raise TypeError("unknown normalization option(s): %s" % ", ".join(sorted(unknown)))
    f = 0 if flags is None else int(flags)
    for k, on in named.items():
        if on:
            f |= _NAMED[k]
    if flags is None and not any(named.values()):
        f = NORM_NFC
    return f


def validate(data):
    """Checks that ``data`` (bytes) is well-formed UTF-8. Returns None, or
    raises UTF8Error whose ``offset`` is the byte where the first ill-formed
    sequence starts. A str is always valid (it is checked as its UTF-8)."""
    src, _ = _as_bytes(data)
    off = ctypes.c_size_t(_ffi.NO_OFFSET)
    st = _ffi.lib().attune_utf8_validate(src, len(src), ctypes.byref(off))
    if st == EUTF8:
        raise UTF8Error("validate: invalid UTF-8", status=EUTF8, offset=off.value)
    _ffi.check(st, None, "validate")


def is_valid_utf8(data):
    """True when ``data`` is well-formed UTF-8 (see validate)."""
    try:
        validate(data)
    except UTF8Error:
        return False
    return True


def normalize(data, flags=None, **options):
    """Normalizes text and returns it as the type it was given (str or bytes).

    Choose the stages with ``flags`` (NORM_* values or'ed together) or with
    keywords: ``nfc``, ``nfkc``, ``casefold``, ``typography`` (quotes, dashes,
    bullets, spaces, ellipsis), ``strip_invisible``, ``repair`` (ill-formed
    UTF-8 to U+FFFD), ``fix_mojibake``. With neither, NFC. Ill-formed bytes
    without ``repair`` raise UTF8Error with the byte offset.
    """
    src, was_str = _as_bytes(data)
    f = _flags(flags, options)
    L = _ffi.lib()
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    err = _ffi.new_error()
    st = L.attune_normalize(src, len(src), f, ctypes.byref(out), ctypes.byref(n), ctypes.byref(err))
    _ffi.check(st, err, "normalize")
    b = _ffi.take_owned(out.value, n.value)
    return b.decode("utf-8") if was_str else b


class Text(_ffi.Owner):
    """A normalized text with the map from its bytes back to the input.

    ``Text(data, flags=None, **options)`` takes the same arguments as
    normalize(). ``text``/``bytes`` are the result; ``source_offset(i)`` and
    ``source_span(start, end)`` map byte offsets of ``bytes`` to byte offsets
    of the input (for str input: of its UTF-8 encoding).
    """

    _free_fn = "attune_text_free"
    _what = "text"

    def __init__(self, data, flags=None, **options):
        self._ptr = None
        src, self.is_str = _as_bytes(data)
        self.source_bytes = src
        f = _flags(flags, options)
        L = _ffi.lib()
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        _ffi.check(L.attune_text_new(src, len(src), f, ctypes.byref(out), ctypes.byref(err)),
                   err, "normalize")
        self._ptr = out.value
        self._lib = L
        p = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _ffi.check(L.attune_text_get(self._ptr, ctypes.byref(p), ctypes.byref(n)), None, "text")
        self.bytes = _ffi.borrowed(p.value, n.value)
        self.text = self.bytes.decode("utf-8", "replace")

    def __str__(self):
        return self.text

    def __len__(self):
        return len(self.bytes)

    def source_offset(self, offset):
        """Input byte offset of a byte offset (0..len) into ``bytes``."""
        o = self._lib.attune_text_source_offset(self._handle(), offset)
        if o == _ffi.NO_OFFSET:
            raise IndexError("offset %d beyond the normalized text" % offset)
        return o

    def source_span(self, start, end):
        """(start, end) input bytes that produced ``bytes[start:end]``."""
        s = ctypes.c_size_t()
        e = ctypes.c_size_t()
        _ffi.check(self._lib.attune_text_source_span(self._handle(), start, end, ctypes.byref(s),
                                                     ctypes.byref(e)), None, "source span")
        return s.value, e.value
