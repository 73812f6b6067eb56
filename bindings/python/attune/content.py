"""The content model: a page parsed into a tree of typed blocks (content.h)."""

import ctypes

from . import _ffi
from .errors import InvalidArgumentError

# Block kinds (attune_block_kind).
BLOCK_NONE = 0
BLOCK_DOCUMENT = 1
BLOCK_TITLE = 2
BLOCK_SUMMARY = 3
BLOCK_SECTION = 4
BLOCK_HEADING = 5
BLOCK_PARAGRAPH = 6
BLOCK_LIST = 7
BLOCK_LIST_ITEM = 8
BLOCK_QUOTE = 9
BLOCK_BOILERPLATE = 10

# Boilerplate kinds (attune_block_boilerplate).
BOILER_NONE = 0
BOILER_CHROME = 1
BOILER_BYLINE = 2
BOILER_ENGAGEMENT = 3
BOILER_CTA = 4
BOILER_RELATED = 5
BOILER_TOC = 6
BOILER_AUTHOR = 7
BOILER_SOCIAL = 8
BOILER_DUPLICATE = 9

# Personal-data types (attune_block_pii).
PII_NONE = 0
PII_EMAIL = 1
PII_PHONE = 2
PII_ADDRESS = 3
PII_URL = 4
PII_BIRTHDATE = 5

PARSE_STRICT_UTF8 = 1 << 0
PARSE_ANY_BYTES = 1 << 1

RENDER_DEFAULT = 0
RENDER_NO_TEXT = 1 << 0
RENDER_NO_BOILERPLATE = 1 << 1

_CONTAINERS = (BLOCK_DOCUMENT, BLOCK_SECTION, BLOCK_LIST)


def _as_bytes(data, what="input"):
    """(bytes, was_str) for bytes-like or str input (str is encoded as UTF-8)."""
    if isinstance(data, str):
        return data.encode("utf-8"), True
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data), False
    raise TypeError("%s must be str or bytes, not %s" % (what, type(data).__name__))


class Source:
    """The caller's input as given: ``source`` (str or bytes), ``source_bytes``
    (its bytes; for str, the UTF-8 encoding) and ``char_offset()``."""

    def __init__(self, data):
        src, was_str = _as_bytes(data)
        self.source = data if was_str else src
        self.source_bytes = src
        self.is_str = was_str

    def char_offset(self, byte_offset):
        """For ``str`` input: the index into that ``str`` of a byte offset of
        its UTF-8 encoding. For ``bytes`` input: the byte offset itself."""
        if not self.is_str:
            return byte_offset
        if byte_offset < 0 or byte_offset > len(self.source_bytes):
            raise IndexError("byte offset out of range")
        return len(self.source_bytes[:byte_offset].decode("utf-8", "ignore"))

    def span(self, start, end):
        """A Span of this input."""
        return Span(self, start, end)


class Span:
    """A byte range [start, end) of the caller's original input.

    ``start`` and ``end`` are byte offsets. When the input was a ``str`` they
    index its UTF-8 encoding (``document.source_bytes``); ``char_start`` and
    ``char_end`` give the same range as indexes into the ``str`` itself.
    ``text`` is the range decoded as UTF-8 (ill-formed bytes replaced).
    """

    __slots__ = ("start", "end", "_src")

    def __init__(self, src, start, end):
        self._src = src
        self.start = start
        self.end = end

    @property
    def bytes(self):
        return self._src.source_bytes[self.start:self.end]

    @property
    def text(self):
        return self.bytes.decode("utf-8", "replace")

    @property
    def char_start(self):
        return self._src.char_offset(self.start)

    @property
    def char_end(self):
        return self._src.char_offset(self.end)

    def __len__(self):
        return self.end - self.start

    def __eq__(self, other):
        if not isinstance(other, Span):
            return NotImplemented
        return (self.start, self.end) == (other.start, other.end) and \
            self._src.source_bytes is other._src.source_bytes

    def __hash__(self):
        return hash((self.start, self.end))

    def __repr__(self):
        t = self.text
        if len(t) > 40:
            t = t[:37] + "..."
        return "Span(%d, %d, %r)" % (self.start, self.end, t)


class PersonalData:
    """Personal data found in a block: ``type`` (a PII_* value), ``type_name``
    ("email", "phone", ...) and ``span`` (source bytes)."""

    __slots__ = ("type", "type_name", "span")

    def __init__(self, type_, type_name, span):
        self.type = type_
        self.type_name = type_name
        self.span = span

    def __repr__(self):
        return "PersonalData(%s, %r)" % (self.type_name, self.span)


class OutlineEntry:
    """One line of a document's outline: the title (level 1) or a heading."""

    __slots__ = ("level", "text", "block")

    def __init__(self, level, text, block):
        self.level = level
        self.text = text
        self.block = block

    def __repr__(self):
        return "OutlineEntry(%d, %r)" % (self.level, self.text)


def kind_name(kind):
    """Static name of a BLOCK_* kind ("paragraph", "list_item", ...)."""
    return _ffi.lib().attune_block_kind_name(kind).decode()


def boilerplate_name(kind):
    """Static name of a BOILER_* kind ("chrome", "byline", ...)."""
    return _ffi.lib().attune_boilerplate_name(kind).decode()


def pii_type_name(type_):
    """Static name of a PII_* type ("email", "phone", ...)."""
    return _ffi.lib().attune_pii_type_name(type_).decode()


class Document(Source, _ffi.Owner):
    """A page parsed into a tree of blocks.

    ``Document(data)`` or ``attune.parse(data)``: ``data`` is ``bytes`` (any
    bytes; ill-formed UTF-8 is repaired in block texts unless
    ``strict_utf8=True``, which raises UTF8Error with the offset instead) or
    ``str`` (encoded as UTF-8; every offset is then a byte offset into that
    encoding, see Span). Iterating yields the blocks under the root in
    document order. Blocks, spans and results keep the document alive; the C
    document is released when the last of them goes, or by ``close()``.
    """

    def __init__(self, data, strict_utf8=False, max_input=0, any_bytes=False):
        self._ptr = None
        Source.__init__(self, data)
        src = self.source_bytes
        L = _ffi.lib()
        opts = _ffi.ParseOptions()
        _ffi.check(L.attune_parse_options_init(ctypes.byref(opts)), None, "parse")
        if strict_utf8:
            opts.flags |= PARSE_STRICT_UTF8
        if any_bytes:
            opts.flags |= PARSE_ANY_BYTES
        opts.max_input = max_input
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        st = L.attune_doc_parse(src, len(src), ctypes.byref(opts), ctypes.byref(out),
                                ctypes.byref(err))
        _ffi.check(st, err, "parse")
        self._ptr = out.value
        self._lib = L

    # -- lifetime ---------------------------------------------------------
    _free_fn = "attune_doc_free"
    _what = "document"

    def close(self):
        """Releases the C document now. Blocks of it become unusable."""
        _ffi.Owner.close(self)

    def _closed_error(self, message):
        return InvalidArgumentError(message, status=-1)

    def _block(self, ptr):
        return Block(self, ptr) if ptr else None

    # -- access -----------------------------------------------------------
    @property
    def root(self):
        """The root block (kind BLOCK_DOCUMENT)."""
        return self._block(self._lib.attune_doc_root(self._handle()))

    @property
    def title(self):
        """The title block, or None."""
        return self._block(self._lib.attune_doc_title(self._handle()))

    def __len__(self):
        """Number of blocks, the root included."""
        return self._lib.attune_doc_block_count(self._handle())

    def block(self, index):
        """The block at ``index`` in document order (0 is the root)."""
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("block index out of range")
        return self._block(self._lib.attune_doc_block(self._handle(), index))

    @property
    def blocks(self):
        """Every block in document order (pre-order), the root first."""
        return [self.block(i) for i in range(len(self))]

    def __iter__(self):
        for i in range(1, len(self)):
            yield self.block(i)

    def walk(self, root=None):
        """Yields ("enter", block) and ("exit", block) events over the subtree
        of ``root`` (default: the whole document), as attune_iter does."""
        root = root or self.root
        L = self._lib
        it = ctypes.c_void_p()
        _ffi.check(L.attune_iter_new(root._handle(), ctypes.byref(it)), None, "walk")
        try:
            ev = ctypes.c_int32()
            b = ctypes.c_void_p()
            while True:
                self._handle()
                _ffi.check(L.attune_iter_next(it, ctypes.byref(ev), ctypes.byref(b)),
                           None, "walk")
                if ev.value == 1:
                    yield "enter", Block(self, b.value)
                elif ev.value == 2:
                    yield "exit", Block(self, b.value)
                else:
                    break
        finally:
            L.attune_iter_free(it)

    def outline(self):
        """The title (level 1) and headings (level 2, 3, ...) in order."""
        out = []
        for b in self:
            if b.kind in (BLOCK_TITLE, BLOCK_HEADING):
                out.append(OutlineEntry(b.level, b.text, b))
        return out

    def main_blocks(self):
        """The blocks that carry main content text (title, summary, headings,
        paragraphs, list items, quotes), boilerplate left out."""
        return [b for b in self if b.kind not in _CONTAINERS and b.kind != BLOCK_BOILERPLATE]

    # -- rendering (render.h) ----------------------------------------------
    def _render(self, fn, what, result=None, flags=0, source=None):
        opts = _ffi.RenderOptions()
        L = self._lib
        _ffi.check(L.attune_render_options_init(ctypes.byref(opts)), None, what)
        opts.flags = flags
        if result is not None:
            if result.document is not self:
                raise InvalidArgumentError("%s: the result is of another document" % what,
                                           status=-1)
            opts.result = result._handle()
        if source is not None:
            opts.source = source.encode("utf-8")
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        err = _ffi.new_error()
        _ffi.check(fn(self._handle(), ctypes.byref(opts), ctypes.byref(out), ctypes.byref(n),
                      ctypes.byref(err)), err, what)
        return _ffi.take_owned(out.value, n.value).decode("utf-8", "replace")

    def to_json(self, result=None, text=True, boilerplate=True, source=None):
        """The document as one line of JSON (render.h), with the themes of
        ``result`` (a Classification of this document) when given."""
        flags = (0 if text else RENDER_NO_TEXT) | (0 if boilerplate else RENDER_NO_BOILERPLATE)
        return self._render(self._lib.attune_render_json, "render json", result, flags, source)

    def render_outline(self, result=None, boilerplate=True):
        """The whole tree as indented text, one block a line (render.h)."""
        flags = 0 if boilerplate else RENDER_NO_BOILERPLATE
        return self._render(self._lib.attune_render_outline, "render outline", result, flags)

    def main_text(self):
        """The main content only: no boilerplate, summary, promotional
        sentences or personal data (render.h)."""
        return self._render(self._lib.attune_render_text, "render text")

    def __repr__(self):
        if self._ptr is None:
            return "<attune.Document closed>"
        t = self.title
        return "<attune.Document %d blocks, title %r>" % (len(self), t.text if t else None)


class Block:
    """One block of a Document (borrowed from it; keeps it alive)."""

    __slots__ = ("document", "_ptr")

    def __init__(self, document, ptr):
        self.document = document
        self._ptr = ptr

    def _handle(self):
        self.document._handle()
        return self._ptr

    @property
    def _lib(self):
        return self.document._lib

    def __eq__(self, other):
        if not isinstance(other, Block):
            return NotImplemented
        return self.document is other.document and self._ptr == other._ptr

    def __hash__(self):
        return hash((id(self.document), self._ptr))

    def _nav(self, fn):
        p = fn(self._handle())
        return Block(self.document, p) if p else None

    @property
    def index(self):
        """Position in document order (Document.block(index) gives it back)."""
        return self._lib.attune_block_index(self._handle())

    @property
    def kind(self):
        """A BLOCK_* value."""
        return self._lib.attune_block_kind(self._handle())

    @property
    def kind_name(self):
        return kind_name(self.kind)

    @property
    def level(self):
        """1 for the title, 2, 3, ... for headings and sections, else 0."""
        return self._lib.attune_block_level(self._handle())

    @property
    def boilerplate(self):
        """A BOILER_* value (BOILER_NONE for main content)."""
        return self._lib.attune_block_boilerplate(self._handle())

    @property
    def boilerplate_name(self):
        """"chrome", "byline", ... for boilerplate blocks, None otherwise."""
        k = self.boilerplate
        return boilerplate_name(k) if k else None

    @property
    def is_boilerplate(self):
        return self.kind == BLOCK_BOILERPLATE

    @property
    def text(self):
        """The normalized text (empty for containers) as str."""
        return self.text_bytes.decode("utf-8", "replace")

    @property
    def text_bytes(self):
        p = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _ffi.check(self._lib.attune_block_text(self._handle(), ctypes.byref(p), ctypes.byref(n)),
                   None, "block text")
        return _ffi.borrowed(p.value, n.value)

    def source_offset(self, text_offset):
        """The input byte offset of a byte offset into text_bytes (None when
        out of range)."""
        off = self._lib.attune_block_source_offset(self._handle(), text_offset)
        return None if off == _ffi.NO_OFFSET else off

    @property
    def span(self):
        """The Span of input bytes the block came from."""
        s = ctypes.c_size_t()
        e = ctypes.c_size_t()
        _ffi.check(self._lib.attune_block_span(self._handle(), ctypes.byref(s), ctypes.byref(e)),
                   None, "block span")
        return Span(self.document, s.value, e.value)

    @property
    def lines(self):
        """(first, last) 1-based input lines."""
        a = ctypes.c_size_t()
        b = ctypes.c_size_t()
        _ffi.check(self._lib.attune_block_lines(self._handle(), ctypes.byref(a), ctypes.byref(b)),
                   None, "block lines")
        return a.value, b.value

    @property
    def parent(self):
        return self._nav(self._lib.attune_block_parent)

    @property
    def first_child(self):
        return self._nav(self._lib.attune_block_first_child)

    @property
    def last_child(self):
        return self._nav(self._lib.attune_block_last_child)

    @property
    def next_sibling(self):
        return self._nav(self._lib.attune_block_next_sibling)

    @property
    def prev_sibling(self):
        return self._nav(self._lib.attune_block_prev_sibling)

    @property
    def children(self):
        out = []
        c = self.first_child
        while c is not None:
            out.append(c)
            c = c.next_sibling
        return out

    def __iter__(self):
        return iter(self.children)

    @property
    def spam(self):
        """Spans of promotional sentences injected into this block."""
        h = self._handle()
        out = []
        s = ctypes.c_size_t()
        e = ctypes.c_size_t()
        for i in range(self._lib.attune_block_spam_count(h)):
            _ffi.check(self._lib.attune_block_spam_span(h, i, ctypes.byref(s), ctypes.byref(e)),
                       None, "spam span")
            out.append(Span(self.document, s.value, e.value))
        return out

    @property
    def personal_data(self):
        """PersonalData items (email, phone, ...) found in this block."""
        h = self._handle()
        out = []
        t = ctypes.c_int32()
        s = ctypes.c_size_t()
        e = ctypes.c_size_t()
        for i in range(self._lib.attune_block_pii_count(h)):
            _ffi.check(self._lib.attune_block_pii(h, i, ctypes.byref(t), ctypes.byref(s),
                                                  ctypes.byref(e)), None, "personal data")
            out.append(PersonalData(t.value, pii_type_name(t.value),
                                    Span(self.document, s.value, e.value)))
        return out

    def __repr__(self):
        if self.document.closed:
            return "<attune.Block of a closed document>"
        t = self.text
        if len(t) > 40:
            t = t[:37] + "..."
        extra = self.boilerplate_name or (("level %d" % self.level) if self.level else "")
        return "<attune.Block #%d %s%s %r>" % (self.index, self.kind_name,
                                                " " + extra if extra else "", t)


def parse(data, strict_utf8=False, max_input=0, any_bytes=False):
    """Parses a page (bytes or str) into a Document. See Document. Input that
    is not text (binary data) raises NotTextError unless any_bytes=True."""
    return Document(data, strict_utf8=strict_utf8, max_input=max_input, any_bytes=any_bytes)
