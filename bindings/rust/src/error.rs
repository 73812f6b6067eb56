//! The error type of every fallible call.

use std::ffi::CStr;
use std::fmt;

use crate::sys;

/// What went wrong, from the C status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ATTUNE_EINVAL`: an argument was invalid.
    InvalidArgument,
    /// `ATTUNE_ENOMEM`: an allocation failed.
    OutOfMemory,
    /// `ATTUNE_EUTF8`: ill-formed UTF-8; the offset says where.
    Utf8,
    /// `ATTUNE_EPARSE`: input could not be parsed; the offset says where.
    Parse,
    /// `ATTUNE_EMODEL`: a model is corrupt, truncated, foreign or inconsistent.
    Model,
    /// `ATTUNE_EIO`: reading or writing a file failed.
    Io,
    /// `ATTUNE_ELIMIT`: a documented limit was exceeded.
    Limit,
    /// `ATTUNE_ENOTFOUND`: the thing asked for does not exist.
    NotFound,
    /// `ATTUNE_ENOTTEXT`: the input is not text (binary data); the offset says where.
    NotText,
    /// A status this version of the crate does not know.
    Other,
}

/// A failed libattune call: the C status code, the library's message and the
/// byte offset of the problem in the input (when one applies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: i32,
    message: String,
    offset: Option<usize>,
}

/// `Result<T, attune::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Builds an error from a status code and the `attune_error` the call
    /// filled (its message and offset are used when it carries that status).
    pub(crate) fn from_call(status: i32, err: &sys::attune_error) -> Error {
        let (message, offset) = if err.code == status && !err.message.is_null() {
            // SAFETY: the library's messages are static NUL-terminated strings.
            let m = unsafe { CStr::from_ptr(err.message) }.to_string_lossy().into_owned();
            let o = if err.offset == sys::ATTUNE_NO_OFFSET { None } else { Some(err.offset) };
            (m, o)
        } else {
            (crate::strerror(status).to_string(), None)
        };
        Error { status, message, offset }
    }

    /// An error for a status code alone (message from `attune_strerror`).
    pub fn from_status(status: i32) -> Error {
        Error { status, message: crate::strerror(status).to_string(), offset: None }
    }

    /// The C status code (`sys::ATTUNE_E*`, negative).
    pub fn status(&self) -> i32 {
        self.status
    }

    /// The byte offset of the problem in the input the call was given.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The library's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        match self.status {
            sys::ATTUNE_EINVAL => ErrorKind::InvalidArgument,
            sys::ATTUNE_ENOMEM => ErrorKind::OutOfMemory,
            sys::ATTUNE_EUTF8 => ErrorKind::Utf8,
            sys::ATTUNE_EPARSE => ErrorKind::Parse,
            sys::ATTUNE_EMODEL => ErrorKind::Model,
            sys::ATTUNE_EIO => ErrorKind::Io,
            sys::ATTUNE_ELIMIT => ErrorKind::Limit,
            sys::ATTUNE_ENOTFOUND => ErrorKind::NotFound,
            sys::ATTUNE_ENOTTEXT => ErrorKind::NotText,
            _ => ErrorKind::Other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (status {})", self.message, self.status)?;
        if let Some(o) = self.offset {
            write!(f, " at byte {}", o)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Runs a C call that fills an `attune_error`, mapping its status.
pub(crate) fn call<F: FnOnce(*mut sys::attune_error) -> i32>(f: F) -> Result<()> {
    let mut err = sys::attune_error { code: 0, message: std::ptr::null(), offset: sys::ATTUNE_NO_OFFSET };
    let st = f(&mut err);
    if st == sys::ATTUNE_OK {
        Ok(())
    } else {
        Err(Error::from_call(st, &err))
    }
}

/// Maps a status without error details.
pub(crate) fn check(status: i32) -> Result<()> {
    if status == sys::ATTUNE_OK {
        Ok(())
    } else {
        Err(Error::from_status(status))
    }
}
