//! UTF-8 validation and normalization (text.h).

use std::ops::{BitOr, BitOrAssign, Range};
use std::os::raw::c_char;
use std::ptr::{self, NonNull};

use crate::error::{call, check, Error, Result};
use crate::sys;

/// Normalization stages (`ATTUNE_NORM_*`), combined with `|`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Norm(pub u32);

impl Norm {
    /// Validate and copy unchanged.
    pub const NONE: Norm = Norm(sys::ATTUNE_NORM_NONE);
    /// Unicode NFC.
    pub const NFC: Norm = Norm(sys::ATTUNE_NORM_NFC);
    /// Unicode NFKC.
    pub const NFKC: Norm = Norm(sys::ATTUNE_NORM_NFKC);
    /// Unicode case folding.
    pub const CASEFOLD: Norm = Norm(sys::ATTUNE_NORM_CASEFOLD);
    /// Quotes, dashes, bullets, spaces and ellipsis folded to plain forms.
    pub const FOLD_TYPOGRAPHY: Norm = Norm(sys::ATTUNE_NORM_FOLD_TYPOGRAPHY);
    /// Zero-width characters, soft hyphens, BOMs and bidi controls removed.
    pub const STRIP_INVISIBLE: Norm = Norm(sys::ATTUNE_NORM_STRIP_INVISIBLE);
    /// Ill-formed UTF-8 replaced by U+FFFD instead of an error.
    pub const REPAIR: Norm = Norm(sys::ATTUNE_NORM_REPAIR);
    /// UTF-8 that was decoded as Windows-1252/Latin-1 repaired.
    pub const FIX_MOJIBAKE: Norm = Norm(sys::ATTUNE_NORM_FIX_MOJIBAKE);
}

impl BitOr for Norm {
    type Output = Norm;
    fn bitor(self, o: Norm) -> Norm {
        Norm(self.0 | o.0)
    }
}

impl BitOrAssign for Norm {
    fn bitor_assign(&mut self, o: Norm) {
        self.0 |= o.0
    }
}

/// Checks that `s` is well-formed UTF-8. The error (kind `Utf8`) carries the
/// offset of the first byte of the first ill-formed sequence.
pub fn validate(s: &[u8]) -> Result<()> {
    let mut off = sys::ATTUNE_NO_OFFSET;
    // SAFETY: s is valid for len bytes; off is a valid out pointer.
    let st = unsafe { sys::attune_utf8_validate(s.as_ptr() as *const c_char, s.len(), &mut off) };
    if st == sys::ATTUNE_EUTF8 {
        let err = sys::attune_error {
            code: st,
            message: b"invalid UTF-8\0".as_ptr() as *const c_char,
            offset: off,
        };
        return Err(Error::from_call(st, &err));
    }
    check(st)
}

/// Normalizes `s` under `flags`. The result is valid UTF-8 (ill-formed input
/// is an `Utf8` error with its offset unless `Norm::REPAIR` is given).
pub fn normalize(s: &[u8], flags: Norm) -> Result<String> {
    let mut out: *mut c_char = ptr::null_mut();
    let mut n = 0usize;
    // SAFETY: s is valid for len bytes; out pointers are valid.
    call(|err| unsafe {
        sys::attune_normalize(s.as_ptr() as *const c_char, s.len(), flags.0, &mut out, &mut n, err)
    })?;
    if out.is_null() {
        return Err(Error::from_status(sys::ATTUNE_ENOMEM));
    }
    // SAFETY: the library returned an owned buffer of n bytes; copied, then
    // released with attune_free as the header requires.
    let bytes = unsafe { std::slice::from_raw_parts(out as *const u8, n) }.to_vec();
    unsafe { sys::attune_free(out as *mut std::os::raw::c_void) };
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// A normalized text with the map from its bytes back to the input's.
pub struct Text {
    ptr: NonNull<sys::attune_text>,
}

// SAFETY: text.h: immutable once made; may be read from several threads.
unsafe impl Send for Text {}
unsafe impl Sync for Text {}

impl Text {
    /// Normalizes `s` under `flags` and keeps the offset map.
    pub fn new(s: &[u8], flags: Norm) -> Result<Text> {
        let mut out: *mut sys::attune_text = ptr::null_mut();
        // SAFETY: s is valid for len bytes; out pointers are valid.
        call(|err| unsafe {
            sys::attune_text_new(s.as_ptr() as *const c_char, s.len(), flags.0, &mut out, err)
        })?;
        NonNull::new(out).map(|ptr| Text { ptr }).ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    /// The normalized bytes.
    pub fn as_bytes(&self) -> &[u8] {
        let mut p: *const c_char = ptr::null();
        let mut n = 0usize;
        // SAFETY: valid handle; the bytes live as long as self.
        let st = unsafe { sys::attune_text_get(self.ptr.as_ptr(), &mut p, &mut n) };
        if st != 0 || p.is_null() || n == 0 {
            return &[];
        }
        // SAFETY: p is valid for n bytes while self lives.
        unsafe { std::slice::from_raw_parts(p as *const u8, n) }
    }

    /// The normalized text (lossy only if the input was repaired badly, which
    /// the library does not do).
    pub fn as_str(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Length of the input the text was made from.
    pub fn source_len(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_text_source_length(self.ptr.as_ptr()) }
    }

    /// Input byte offset of a byte offset (0..=len) of the normalized text.
    pub fn source_offset(&self, offset: usize) -> Option<usize> {
        // SAFETY: valid handle.
        let o = unsafe { sys::attune_text_source_offset(self.ptr.as_ptr(), offset) };
        if o == sys::ATTUNE_NO_OFFSET {
            None
        } else {
            Some(o)
        }
    }

    /// The input bytes that produced `range` of the normalized text.
    pub fn source_span(&self, range: Range<usize>) -> Result<Range<usize>> {
        let (mut s, mut e) = (0usize, 0usize);
        // SAFETY: valid handle and out pointers.
        check(unsafe {
            sys::attune_text_source_span(self.ptr.as_ptr(), range.start, range.end, &mut s, &mut e)
        })?;
        Ok(s..e)
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        // SAFETY: we own the handle.
        unsafe { sys::attune_text_free(self.ptr.as_ptr()) }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Text").field(&self.as_str()).finish()
    }
}
