"""attune: content model, UTF-8 normalization and theme classification of
pages about therapy and mental-health care (ctypes bindings of libattune).

    import attune
    doc = attune.parse(open("page.txt", "rb").read())
    for entry in doc.outline():
        print(entry.level, entry.text)

The shared library is found through ATTUNE_LIBRARY (a path), the source
tree's _install/lib, ATTUNE_PREFIX, the Python prefix, /usr/local/lib or the
system library path; importing this package does not load it yet.

Offsets: every ``start``/``end``/``offset`` is a BYTE offset into the input
you gave. For ``str`` input that means the UTF-8 encoding of the string
(``doc.source_bytes``); ``Span.char_start``/``char_end`` translate to str
indexes.
"""

from . import _ffi
from .errors import (OK, EINVAL, ENOMEM, EUTF8, EPARSE, EMODEL, EIO, ELIMIT, ENOTFOUND, ENOTTEXT, Error,
                     InvalidArgumentError, OutOfMemoryError, UTF8Error, ParseError,
                     ModelError, FileError, LimitError, NotFoundError, NotTextError,
                     LibraryError)
from .content import (Document, Block, Span, PersonalData, OutlineEntry, parse, kind_name,
                      boilerplate_name, pii_type_name,
                      BLOCK_NONE, BLOCK_DOCUMENT, BLOCK_TITLE, BLOCK_SUMMARY, BLOCK_SECTION,
                      BLOCK_HEADING, BLOCK_PARAGRAPH, BLOCK_LIST, BLOCK_LIST_ITEM, BLOCK_QUOTE,
                      BLOCK_BOILERPLATE, BOILER_NONE, BOILER_CHROME, BOILER_BYLINE,
                      BOILER_ENGAGEMENT, BOILER_CTA, BOILER_RELATED, BOILER_TOC, BOILER_AUTHOR,
                      BOILER_SOCIAL, BOILER_DUPLICATE, PII_NONE, PII_EMAIL, PII_PHONE,
                      PII_ADDRESS, PII_URL, PII_BIRTHDATE, PARSE_STRICT_UTF8, PARSE_ANY_BYTES, RENDER_DEFAULT,
                      RENDER_NO_TEXT, RENDER_NO_BOILERPLATE)
from .text import (validate, is_valid_utf8, normalize, Text, NORM_NONE, NORM_NFC, NORM_NFKC,
                   NORM_CASEFOLD, NORM_FOLD_TYPOGRAPHY, NORM_STRIP_INVISIBLE, NORM_REPAIR,
                   NORM_FIX_MOJIBAKE, NORM_ALL_FLAGS)
from .model import Model, Theme, Trainer
from .themes import (classify, Classification, Unit, ThemeScore, UNIT_NONE, UNIT_DOCUMENT,
                     UNIT_SECTION, UNIT_BLOCK)

__version__ = "0.1.0"


def library_version():
    """Version string of the loaded libattune ("0.1.0")."""
    return _ffi.lib().attune_version().decode()


def library_path():
    """Path of the loaded libattune."""
    return _ffi.lib().path


def abi_version():
    """ABI major of the loaded libattune."""
    return _ffi.lib().attune_abi_version()


def strerror(status):
    """Static description of a status code."""
    return _ffi.lib().attune_strerror(status).decode()
