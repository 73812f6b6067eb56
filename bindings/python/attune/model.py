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


class Model(_ffi.Owner):
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

    _free_fn = "attune_model_free"
    _what = "model"

    def close(self):
        """Releases the model now (no effect on the default model)."""
        ptr, owned = self._ptr, self._owned
        if owned and ptr:
            self._ptr = None
            self._lib.attune_model_free(ptr)

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


_TRAIN_OPTIONS = ("epochs", "learning_rate", "l2", "word_ngrams", "min_count", "seed", "threads",
                  "cv_folds", "min_count_ngrams")


class Trainer(_ffi.Owner):
    """Collects labeled examples and fits a Model on them (train.h).

        t = attune.Trainer()
        t.add("I felt heard and understood", ["validation"])
        t.add_fasttext(open("data.txt", "rb").read())   # __label__a __label__b text
        model = t.fit(epochs=12, seed=1)

    A trainer belongs to one thread at a time. Fitting does not change it,
    so it may be fitted again with other options.
    """

    _free_fn = "attune_trainer_free"
    _what = "trainer"

    def __init__(self):
        self._ptr = None
        L = _ffi.lib()
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        _ffi.check(L.attune_trainer_new(ctypes.byref(out), ctypes.byref(err)), err, "trainer")
        self._ptr = out.value
        self._lib = L

    def add(self, text, labels=()):
        """Adds one example: text (str or UTF-8 bytes) and its labels (str,
        without "__label__"). No labels: a negative example for every label.
        UTF8Error carries the offset into text."""
        if isinstance(text, str):
            text = text.encode("utf-8")
        text = bytes(text)
        if isinstance(labels, (str, bytes)):
            labels = [labels]
        enc = [l.encode("utf-8") if isinstance(l, str) else bytes(l) for l in labels]
        n = len(enc)
        arr = (ctypes.c_char_p * max(n, 1))(*enc)
        lens = (ctypes.c_size_t * max(n, 1))(*[len(l) for l in enc])
        err = _ffi.new_error()
        _ffi.check(self._lib.attune_trainer_add(self._handle(), text, len(text), arr, lens, n,
                                                ctypes.byref(err)), err, "add example")

    def add_fasttext(self, data):
        """Adds every line of fastText's supervised format
        (``__label__a __label__b text``), all or nothing; errors carry the
        byte offset in data."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = bytes(data)
        err = _ffi.new_error()
        _ffi.check(self._lib.attune_trainer_add_fasttext(self._handle(), data, len(data),
                                                         ctypes.byref(err)), err, "add examples")

    def add_fasttext_file(self, path):
        """add_fasttext() with the content of a file."""
        with open(path, "rb") as f:
            self.add_fasttext(f.read())

    @property
    def example_count(self):
        return self._lib.attune_trainer_example_count(self._handle())

    @property
    def label_count(self):
        return self._lib.attune_trainer_label_count(self._handle())

    def fit(self, **options):
        """Fits a Model. Options (0 or absent: the library's default): epochs,
        learning_rate, l2, word_ngrams, min_count, seed, threads, cv_folds,
        min_count_ngrams. The same examples, options and seed give the same
        model whatever the number of threads."""
        unknown = set(options) - set(_TRAIN_OPTIONS)
        if unknown:
            raise TypeError("unknown training option(s): %s" % ", ".join(sorted(unknown)))
        opts = _ffi.TrainOptions()
        _ffi.check(self._lib.attune_train_options_init(ctypes.byref(opts)), None, "train options")
        for k, v in options.items():
            if v is not None:
                setattr(opts, k, v)
        out = ctypes.c_void_p()
        err = _ffi.new_error()
        _ffi.check(self._lib.attune_trainer_fit(self._handle(), ctypes.byref(opts),
                                                ctypes.byref(out), ctypes.byref(err)), err, "fit")
        return Model(out.value, True)


def _train(cls, examples=None, fasttext=None, fasttext_file=None, **options):
    """Model.train(examples=[(text, labels), ...], fasttext=bytes,
    fasttext_file=path, **options): a new Model fitted on the examples
    (see Trainer.fit for the options)."""
    with Trainer() as t:
        for text, labels in examples or ():
            t.add(text, labels)
        if fasttext is not None:
            t.add_fasttext(fasttext)
        if fasttext_file is not None:
            t.add_fasttext_file(fasttext_file)
        return t.fit(**options)


Model.train = classmethod(_train)
