"""Theme classification with evidence (themes.h)."""

import ctypes

from . import _ffi
from .content import Block, Document, Source, Span
from .model import Model

UNIT_NONE = 0
UNIT_DOCUMENT = 1
UNIT_SECTION = 2
UNIT_BLOCK = 3

_UNIT_KINDS = {UNIT_DOCUMENT: "document", UNIT_SECTION: "section", UNIT_BLOCK: "block"}


class ThemeScore:
    """A theme as scored in one unit: ``index`` (in the model), ``id``,
    ``name``, ``score`` in [0, 1], ``present`` (score reached the model's
    threshold) and ``evidence``: the Spans of the words and phrases that
    counted for it, in source order, as byte offsets into the caller's
    original input (for str input: of its UTF-8 encoding; see
    Span.char_start)."""

    __slots__ = ("unit", "index", "id", "name", "score", "present", "_evidence")

    def __init__(self, unit, index, score, present):
        theme = unit.result.model.themes[index]
        self.unit = unit
        self.index = index
        self.id = theme.id
        self.name = theme.name
        self.score = score
        self.present = present
        self._evidence = None

    @property
    def evidence(self):
        if self._evidence is None:
            r = self.unit.result
            L, h = r._lib, r._handle()
            s = ctypes.c_size_t()
            e = ctypes.c_size_t()
            out = []
            for i in range(L.attune_result_evidence_count(h, self.unit.index, self.index)):
                _ffi.check(L.attune_result_evidence(h, self.unit.index, self.index, i,
                                                    ctypes.byref(s), ctypes.byref(e)),
                           None, "evidence")
                out.append(Span(r.source, s.value, e.value))
            self._evidence = out
        return self._evidence

    def __repr__(self):
        return "ThemeScore(%r, %.3f%s, %d evidence)" % (self.id, self.score,
                                                       "" if self.present else " absent",
                                                       len(self.evidence))


class Unit:
    """A part of a Classification: the document, a section or a block.

    ``kind`` ("document", "section", "block"), ``block`` (the block itself;
    for a section its heading, or the title for the introduction; None for
    the document and for text input), ``span`` (source bytes), ``words``
    (number scored), ``themes`` (present themes, highest score first) and
    ``scores`` (every theme's score by id). Sections also have ``heading``
    (text) and ``line`` (1-based)."""

    __slots__ = ("result", "index")

    def __init__(self, result, index):
        self.result = result
        self.index = index

    @property
    def kind(self):
        k = self.result._lib.attune_result_unit_kind(self.result._handle(), self.index)
        return _UNIT_KINDS.get(k, "none")

    @property
    def block(self):
        r = self.result
        p = r._lib.attune_result_unit_block(r._handle(), self.index)
        if not p or r.document is None:
            return None
        return Block(r.document, p)

    @property
    def span(self):
        s = ctypes.c_size_t()
        e = ctypes.c_size_t()
        _ffi.check(self.result._lib.attune_result_unit_span(self.result._handle(), self.index,
                                                            ctypes.byref(s), ctypes.byref(e)),
                   None, "unit span")
        return Span(self.result.source, s.value, e.value)

    @property
    def words(self):
        return self.result._lib.attune_result_unit_words(self.result._handle(), self.index)

    @property
    def heading(self):
        """A section's heading text ("" for an untitled introduction)."""
        p = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _ffi.check(self.result._lib.attune_result_section_heading(
            self.result._handle(), self.index, ctypes.byref(p), ctypes.byref(n)), None,
            "section heading")
        return _ffi.borrowed(p.value, n.value).decode("utf-8", "replace")

    @property
    def line(self):
        """A section's 1-based heading line."""
        n = ctypes.c_size_t()
        _ffi.check(self.result._lib.attune_result_section_line(self.result._handle(), self.index,
                                                               ctypes.byref(n)),
                   None, "section line")
        return n.value

    def theme(self, id_or_index):
        """The ThemeScore of one theme (present or not), by id or index."""
        r = self.result
        if isinstance(id_or_index, str):
            t = r.model.theme(id_or_index)
            if t is None:
                raise KeyError(id_or_index)
            idx = t.index
        else:
            idx = id_or_index
        score = ctypes.c_double()
        present = ctypes.c_int32()
        _ffi.check(r._lib.attune_result_theme(r._handle(), self.index, idx, ctypes.byref(score),
                                              ctypes.byref(present)), None, "theme score")
        return ThemeScore(self, idx, score.value, bool(present.value))

    @property
    def themes(self):
        """Present themes, highest score first."""
        r = self.result
        L, h = r._lib, r._handle()
        t = ctypes.c_size_t()
        out = []
        for i in range(L.attune_result_present_count(h, self.index)):
            _ffi.check(L.attune_result_present_theme(h, self.index, i, ctypes.byref(t)), None,
                       "present theme")
            out.append(self.theme(t.value))
        return out

    @property
    def scores(self):
        """{theme id: score} for every theme of the model."""
        return {ts.id: ts.score for ts in (self.theme(i) for i in range(len(self.result.model)))}

    def __repr__(self):
        return "<attune.Unit #%d %s %s>" % (self.index, self.kind,
                                            [(t.id, round(t.score, 3)) for t in self.themes])


class Classification(_ffi.Owner):
    """What ``attune.classify`` returns. ``themes`` are the document's present
    themes (highest score first), ``sections`` and ``blocks`` the same per
    section and per main-content block, ``units`` all of them. It keeps its
    document and model alive."""

    def __init__(self, ptr, lib, model, document, source):
        self._ptr = ptr
        self._lib = lib
        self.model = model
        self.document = document
        self.source = source

    _free_fn = "attune_result_free"
    _what = "classification"

    def _handle(self):
        ptr = _ffi.Owner._handle(self)
        if self.document is not None:
            self.document._handle()
        return ptr

    @property
    def units(self):
        return [Unit(self, i) for i in range(self._lib.attune_result_unit_count(self._handle()))]

    @property
    def document_unit(self):
        return Unit(self, 0)

    @property
    def themes(self):
        """The document's present themes, highest score first."""
        return self.document_unit.themes

    @property
    def scores(self):
        """{theme id: score} for the whole document."""
        return self.document_unit.scores

    @property
    def sections(self):
        n = self._lib.attune_result_section_count(self._handle())
        return [Unit(self, i) for i in range(1, n + 1)]

    @property
    def blocks(self):
        h = self._handle()
        n = self._lib.attune_result_unit_count(h)
        first = 1 + self._lib.attune_result_section_count(h)
        return [Unit(self, i) for i in range(first, n)]

    def unit_for(self, block):
        """The Unit of a block of the classified document, or None
        (boilerplate and containers have none)."""
        if self.document is None or block.document is not self.document:
            return None
        u = self._lib.attune_result_block_unit(self._handle(), block._handle())
        return None if u == _ffi.NO_OFFSET else Unit(self, u)

    def __repr__(self):
        if self._ptr is None:
            return "<attune.Classification closed>"
        return "<attune.Classification %s>" % [(t.id, round(t.score, 3)) for t in self.themes]


def classify(doc_or_text, model=None):
    """Classifies a Document, or plain text (str or bytes, as one block), with
    ``model`` (default: Model.default()). Returns a Classification."""
    if model is None:
        model = Model.default()
    if not isinstance(model, Model):
        raise TypeError("model must be an attune.Model")
    L = _ffi.lib()
    out = ctypes.c_void_p()
    err = _ffi.new_error()
    if isinstance(doc_or_text, Document):
        doc = doc_or_text
        st = L.attune_classify(model._handle(), doc._handle(), None, ctypes.byref(out),
                               ctypes.byref(err))
        _ffi.check(st, err, "classify")
        return Classification(out.value, L, model, doc, doc)
    src = Source(doc_or_text)
    b = src.source_bytes
    st = L.attune_classify_text(model._handle(), b, len(b), None, ctypes.byref(out),
                                ctypes.byref(err))
    _ffi.check(st, err, "classify")
    return Classification(out.value, L, model, None, src)
