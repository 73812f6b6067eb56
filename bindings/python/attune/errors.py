"""Exceptions raised by the attune bindings.

Every failure of a libattune call raises an ``attune.Error`` subclass that
carries the C status code (``.status``, one of the ``attune.E*`` constants)
and, when the library reported one, the byte offset of the problem in the
input it was given (``.offset``; ``None`` when no offset applies).
"""

OK = 0
EINVAL = -1
ENOMEM = -2
EUTF8 = -3
EPARSE = -4
EMODEL = -5
EIO = -6
ELIMIT = -7
ENOTFOUND = -8
ENOTTEXT = -9


class Error(Exception):
    """A libattune call failed. ``status`` is the C status code, ``offset``
    the byte offset of the problem in the input (or None)."""

    status = None

    def __init__(self, message, status=None, offset=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.offset = offset
        self.message = message

    def __str__(self):
        if self.offset is None:
            return self.message
        return "%s (at byte %d)" % (self.message, self.offset)


class InvalidArgumentError(Error, ValueError):
    """ATTUNE_EINVAL: an argument was invalid."""

    status = EINVAL


class OutOfMemoryError(Error, MemoryError):
    """ATTUNE_ENOMEM: an allocation failed inside the library."""

    status = ENOMEM


class UTF8Error(Error, ValueError):
    """ATTUNE_EUTF8: ill-formed UTF-8; ``offset`` is the byte where it starts."""

    status = EUTF8


class ParseError(Error, ValueError):
    """ATTUNE_EPARSE: the input could not be parsed; ``offset`` says where."""

    status = EPARSE


class ModelError(Error, ValueError):
    """ATTUNE_EMODEL: a model file is corrupt, truncated, foreign or inconsistent."""

    status = EMODEL


class FileError(Error, OSError):
    """ATTUNE_EIO: reading or writing a file failed."""

    status = EIO


class LimitError(Error):
    """ATTUNE_ELIMIT: a documented limit was exceeded."""

    status = ELIMIT


class NotFoundError(Error, LookupError):
    """ATTUNE_ENOTFOUND: the thing asked for (a theme id, ...) does not exist."""

    status = ENOTFOUND


class NotTextError(Error, ValueError):
    """ATTUNE_ENOTTEXT: the input is not text (binary data); .offset says where."""

    status = ENOTTEXT


class LibraryError(Error, ImportError):
    """libattune could not be found or loaded, or lacks a function."""

    status = None


_BY_STATUS = {
    EINVAL: InvalidArgumentError,
    ENOMEM: OutOfMemoryError,
    EUTF8: UTF8Error,
    EPARSE: ParseError,
    EMODEL: ModelError,
    EIO: FileError,
    ELIMIT: LimitError,
    ENOTFOUND: NotFoundError,
    ENOTTEXT: NotTextError,
}


def error_from_status(status, message, offset=None):
    """The exception object for a C status code (unknown codes give Error)."""
    cls = _BY_STATUS.get(status, Error)
    return cls(message, status=status, offset=offset)
