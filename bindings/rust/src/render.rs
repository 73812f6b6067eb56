//! A document as JSON, as an indented outline or as its main text (render.h).

use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::ptr;

use crate::classify::Classification;
use crate::content::Document;
use crate::error::{call, check, Error, Result};
use crate::sys;

/// What to leave out and add when rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'r, 'a> {
    /// JSON: leave out block texts.
    pub no_text: bool,
    /// JSON and outline: leave out boilerplate blocks.
    pub no_boilerplate: bool,
    /// Themes to include (a classification of the same document).
    pub result: Option<&'r Classification<'a>>,
    /// The JSON "source" member.
    pub source: Option<&'r str>,
}

type RenderFn = unsafe extern "C" fn(
    *const sys::attune_doc,
    *const sys::attune_render_options,
    *mut *mut c_char,
    *mut usize,
    *mut sys::attune_error,
) -> i32;

fn render(doc: &Document, f: RenderFn, o: &RenderOptions<'_, '_>) -> Result<String> {
    // SAFETY: a zeroed C struct is valid; init fills it.
    let mut opts: sys::attune_render_options = unsafe { std::mem::zeroed() };
    // SAFETY: valid out pointer.
    check(unsafe { sys::attune_render_options_init(&mut opts) })?;
    if o.no_text {
        opts.flags |= sys::ATTUNE_RENDER_NO_TEXT;
    }
    if o.no_boilerplate {
        opts.flags |= sys::ATTUNE_RENDER_NO_BOILERPLATE;
    }
    if let Some(r) = o.result {
        opts.result = r.as_ptr() as *const c_void;
    }
    let source = match o.source {
        Some(s) => Some(CString::new(s).map_err(|_| Error::from_status(sys::ATTUNE_EINVAL))?),
        None => None,
    };
    if let Some(s) = &source {
        opts.source = s.as_ptr();
    }
    let mut out: *mut c_char = ptr::null_mut();
    let mut n = 0usize;
    // SAFETY: valid handles, options and out pointers; `source` outlives the call.
    call(|err| unsafe { f(doc.as_ptr(), &opts, &mut out, &mut n, err) })?;
    if out.is_null() {
        return Err(Error::from_status(sys::ATTUNE_ENOMEM));
    }
    // SAFETY: an owned buffer of n bytes, copied then released.
    let s = String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(out as *const u8, n) }).into_owned();
    unsafe { sys::attune_free(out as *mut c_void) };
    Ok(s)
}

impl Document {
    /// The document as one line of JSON.
    pub fn to_json(&self, options: &RenderOptions<'_, '_>) -> Result<String> {
        render(self, sys::attune_render_json, options)
    }

    /// The whole tree as indented text, one block a line.
    pub fn render_outline(&self, options: &RenderOptions<'_, '_>) -> Result<String> {
        render(self, sys::attune_render_outline, options)
    }

    /// The main content only (no boilerplate, summary, promotional sentences
    /// or personal data).
    pub fn main_text(&self) -> Result<String> {
        render(self, sys::attune_render_text, &RenderOptions::default())
    }
}
