"""Theme models (model.h): the built-in one, loading, saving, inspecting;
training (train.h) when the loaded library has it."""

import ctypes
import os

from . import _ffi
from .errors import OutOfMemoryError, ENOMEM


class Theme:
    """A label of a model: ``index``, ``id`` ("empathy"), ``name`` ("Empathy
    and compassion"), ``description``, ``bias`` and ``threshold``."""

    __slots__ = ("index", "id", "name", "description", "bias", "threshold")

    def __init__(self, index, id_, name, description, bias, threshold):
        self.index = index
        self.id = id_
        self.name = name
        self.description = description
        self.bias = bias
        self.threshold = threshold

    def __repr__(self):
        return "Theme(%r, %r)" % (self.id, self.name)


def _path(path):
    return os.fsencode(os.fspath(path))


class Model:
    """A theme model. Immutable; may be shared by any number of threads.

    ``Model.default()`` is the built-in model (shared, never freed);
    ``Model.load(path)`` and ``Model.loads(bytes)`` read the text format;
    ``model.save(path)`` and ``model.dumps()`` write it; ``Model.train(...)``
    fits one on labeled examples. Results computed with a model keep it alive.
    """

    _default = None

    def __init__(self, _ptr, _owned):
        self._ptr = _ptr
        self._owned = _owned
        self._lib = _ffi.lib()
        self._themes = None

    @classmethod
    def default(cls):
        """The built-in model of the 15 therapy themes."""
        if cls._default is None:
            p = _ffi.lib().attune_model_default()
            if not p:
                raise OutOfMemoryError("building the default model failed", status=ENOMEM)
            cls._default = cls(p, False)
        return cls._default

    @classmethod
    def load(cls, path):
        """Reads a model file. ModelError (offset: the offending line's byte)
        for a corrupt file, FileError when it cannot be read."""
        L = _ffi.lib()
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        _ffi.check(L.attune_model_load(_path(path), ctypes.byref(out), ctypes.byref(err)),
                   err, "load %s" % os.fspath(path))
        return cls(out.value, True)

    @classmethod
    def loads(cls, data):
        """Parses a model from bytes (or str) in the text format."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = bytes(data)
        L = _ffi.lib()
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        _ffi.check(L.attune_model_load_buffer(data, len(data), ctypes.byref(out),
                                              ctypes.byref(err)), err, "load model")
        return cls(out.value, True)

    def save(self, path):
        """Writes the model (with a checksum line) to a file."""
        err = _ffi.new_error()
        _ffi.check(self._lib.attune_model_save(self._handle(), _path(path), ctypes.byref(err)),
                   err, "save %s" % os.fspath(path))

    def dumps(self):
        """The model in the text format, as bytes."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        err = _ffi.new_error()
        _ffi.check(self._lib.attune_model_save_buffer(self._handle(), ctypes.byref(out),
                                                      ctypes.byref(n), ctypes.byref(err)),
                   err, "save model")
        return _ffi.take_owned(out.value, n.value)

    def close(self):
        """Releases the model now (no effect on the default model)."""
        ptr, owned = self._ptr, self._owned
        if owned and ptr:
            self._ptr = None
            self._lib.attune_model_free(ptr)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _handle(self):
        if self._ptr is None:
            raise ValueError("the model is closed")
        return self._ptr

    @property
    def is_default(self):
        return not self._owned

    @property
    def themes(self):
        """The labels, in the model's order."""
        if self._themes is None:
            L, h = self._lib, self._handle()
            out = []
            b = ctypes.c_double()
            t = ctypes.c_double()
            for i in range(L.attune_model_theme_count(h)):
                _ffi.check(L.attune_model_theme_bias(h, i, ctypes.byref(b)), None, "bias")
                _ffi.check(L.attune_model_theme_threshold(h, i, ctypes.byref(t)), None, "threshold")
                dec = lambda s: (s or b"").decode("utf-8", "replace")
                out.append(Theme(i, dec(L.attune_model_theme_id(h, i)),
                                 dec(L.attune_model_theme_name(h, i)),
                                 dec(L.attune_model_theme_description(h, i)), b.value, t.value))
            self._themes = out
        return self._themes

    def __len__(self):
        return len(self.themes)

    def theme(self, id_):
        """The Theme with this id, or None."""
        b = id_.encode("utf-8")
        i = self._lib.attune_model_theme_index(self._handle(), b, len(b))
        return self.themes[i] if i >= 0 else None

    @property
    def entry_count(self):
        """Number of lexicon entries (phrases and exceptions)."""
        return self._lib.attune_model_entry_count(self._handle())

    def __repr__(self):
        kind = "default" if self.is_default else "loaded"
        return "<attune.Model %s, %d themes, %d entries>" % (kind, len(self), self.entry_count)
