//! Theme classification with evidence (themes.h).

use std::marker::PhantomData;
use std::ops::Range;
use std::os::raw::c_char;
use std::ptr::{self, NonNull};

use crate::content::{Block, Document};
use crate::error::{call, check, Error, Result};
use crate::model::Model;
use crate::sys;

/// What a unit of a [`Classification`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    Document,
    Section,
    Block,
    Other(i32),
}

/// A theme as scored in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeScore {
    /// Index of the theme in the model.
    pub index: usize,
    /// "empathy"
    pub id: String,
    /// "Empathy and compassion"
    pub name: String,
    /// In [0, 1].
    pub score: f64,
    /// The score reached the model's threshold.
    pub present: bool,
    /// Byte ranges of the input that counted for the theme, in source order.
    pub evidence: Vec<Range<usize>>,
}

/// The themes of a document (or a text) per unit: the document, each
/// section, each main-content block. Borrows the document and the model for
/// `'a`, so neither can be dropped while it lives:
///
/// ```compile_fail
/// let doc = attune::Document::parse(b"A title\n\nTrust matters.\n").unwrap();
/// let model = attune::Model::from_bytes(&attune::Model::builtin().unwrap().to_bytes().unwrap()).unwrap();
/// let result = attune::classify(&doc, Some(&model)).unwrap();
/// drop(model); // error: `model` is still borrowed by `result`
/// println!("{:?}", result.themes());
/// ```
pub struct Classification<'a> {
    ptr: NonNull<sys::attune_result>,
    has_doc: bool,
    _borrow: PhantomData<(&'a Document, &'a Model)>,
}

fn model_ptr(model: Option<&Model>) -> *const sys::attune_model {
    model.map(|m| m.as_ptr()).unwrap_or(ptr::null())
}

/// Classifies a parsed document with `model` (None: the built-in model).
pub fn classify<'a>(doc: &'a Document, model: Option<&'a Model>) -> Result<Classification<'a>> {
    let mut out: *mut sys::attune_result = ptr::null_mut();
    // SAFETY: valid handles (model may be NULL: the default); out pointers valid.
    call(|err| unsafe {
        sys::attune_classify(model_ptr(model), doc.as_ptr(), ptr::null(), &mut out, err)
    })?;
    Classification::wrap(out, true)
}

/// Classifies plain text as one block. Evidence ranges index `text`; the
/// result does not borrow it.
pub fn classify_text<'a>(text: &[u8], model: Option<&'a Model>) -> Result<Classification<'a>> {
    let mut out: *mut sys::attune_result = ptr::null_mut();
    // SAFETY: text is valid for len bytes; out pointers valid.
    call(|err| unsafe {
        sys::attune_classify_text(
            model_ptr(model),
            text.as_ptr() as *const c_char,
            text.len(),
            ptr::null(),
            &mut out,
            err,
        )
    })?;
    Classification::wrap(out, false)
}

impl<'a> Classification<'a> {
    fn wrap(p: *mut sys::attune_result, has_doc: bool) -> Result<Classification<'a>> {
        NonNull::new(p)
            .map(|ptr| Classification { ptr, has_doc, _borrow: PhantomData })
            .ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    fn h(&self) -> *const sys::attune_result {
        self.ptr.as_ptr()
    }

    /// The raw handle (valid while `self` lives).
    pub fn as_ptr(&self) -> *const sys::attune_result {
        self.ptr.as_ptr()
    }

    /// Number of units (document, sections, blocks).
    pub fn unit_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_result_unit_count(self.h()) }
    }

    /// Unit `i` (0 is the document).
    pub fn unit(&self, i: usize) -> Option<Unit<'_, 'a>> {
        if i < self.unit_count() {
            Some(Unit { r: self, index: i })
        } else {
            None
        }
    }

    /// The whole document's unit.
    pub fn document(&self) -> Unit<'_, 'a> {
        Unit { r: self, index: 0 }
    }

    /// The document's present themes, highest score first.
    pub fn themes(&self) -> Vec<ThemeScore> {
        self.document().themes()
    }

    /// The section units, in document order.
    pub fn sections(&self) -> Vec<Unit<'_, 'a>> {
        // SAFETY: valid handle.
        let n = unsafe { sys::attune_result_section_count(self.h()) };
        (1..=n).map(|index| Unit { r: self, index }).collect()
    }

    /// The block units, in document order.
    pub fn blocks(&self) -> Vec<Unit<'_, 'a>> {
        // SAFETY: valid handle.
        let first = 1 + unsafe { sys::attune_result_section_count(self.h()) };
        (first..self.unit_count()).map(|index| Unit { r: self, index }).collect()
    }

    /// The unit of a block of the classified document (None for
    /// boilerplate, containers and blocks of other documents).
    pub fn unit_for(&self, block: &Block<'a>) -> Option<Unit<'_, 'a>> {
        // SAFETY: valid handles; the library checks that the block belongs.
        let u = unsafe { sys::attune_result_block_unit(self.h(), block.as_ptr()) };
        if u == sys::ATTUNE_NO_OFFSET {
            None
        } else {
            Some(Unit { r: self, index: u })
        }
    }

    /// Number of themes of the model.
    pub fn theme_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_result_theme_count(self.h()) }
    }
}

impl<'a> Drop for Classification<'a> {
    fn drop(&mut self) {
        // SAFETY: we own the result.
        unsafe { sys::attune_result_free(self.ptr.as_ptr()) }
    }
}

impl<'a> std::fmt::Debug for Classification<'a> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t: Vec<(String, f64)> = self.themes().into_iter().map(|t| (t.id, t.score)).collect();
        f.debug_struct("Classification").field("units", &self.unit_count()).field("themes", &t).finish()
    }
}

/// One unit of a [`Classification`].
#[derive(Clone, Copy)]
pub struct Unit<'r, 'a> {
    r: &'r Classification<'a>,
    index: usize,
}

impl<'r, 'a> Unit<'r, 'a> {
    /// Position among the classification's units.
    pub fn index(&self) -> usize {
        self.index
    }

    /// What the unit covers.
    pub fn kind(&self) -> UnitKind {
        // SAFETY: valid handle.
        match unsafe { sys::attune_result_unit_kind(self.r.h(), self.index) } {
            sys::ATTUNE_UNIT_DOCUMENT => UnitKind::Document,
            sys::ATTUNE_UNIT_SECTION => UnitKind::Section,
            sys::ATTUNE_UNIT_BLOCK => UnitKind::Block,
            o => UnitKind::Other(o),
        }
    }

    /// The block itself, or a section's heading (the title for the
    /// introduction); None for the document and for text input.
    pub fn block(&self) -> Option<Block<'a>> {
        if !self.r.has_doc {
            return None;
        }
        // SAFETY: valid handle; the block is borrowed from the document ('a).
        let p = unsafe { sys::attune_result_unit_block(self.r.h(), self.index) };
        Block::from_raw(p)
    }

    /// Source byte range the unit covers.
    pub fn span(&self) -> Range<usize> {
        let (mut s, mut e) = (0usize, 0usize);
        // SAFETY: valid handle and out pointers.
        unsafe { sys::attune_result_unit_span(self.r.h(), self.index, &mut s, &mut e) };
        s..e
    }

    /// Number of words scored.
    pub fn words(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_result_unit_words(self.r.h(), self.index) }
    }

    /// A section's heading text and 1-based line (None for other units).
    pub fn heading(&self) -> Option<(String, usize)> {
        let mut p: *const c_char = ptr::null();
        let (mut n, mut line) = (0usize, 0usize);
        // SAFETY: valid handle and out pointers.
        unsafe {
            check(sys::attune_result_section_line(self.r.h(), self.index, &mut line)).ok()?;
            check(sys::attune_result_section_heading(self.r.h(), self.index, &mut p, &mut n)).ok()?;
        }
        let text = if p.is_null() || n == 0 {
            String::new()
        } else {
            // SAFETY: p is valid for n bytes while the document lives.
            String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p as *const u8, n) })
                .into_owned()
        };
        Some((text, line))
    }

    /// One theme's score, presence and evidence (present or not).
    pub fn theme(&self, theme: usize) -> Option<ThemeScore> {
        let h = self.r.h();
        let (mut score, mut present) = (0f64, 0i32);
        // SAFETY: valid handle and out pointers.
        check(unsafe { sys::attune_result_theme(h, self.index, theme, &mut score, &mut present) })
            .ok()?;
        // SAFETY: valid handle.
        let model = unsafe { sys::attune_result_model(h) };
        let (id, name) = unsafe {
            (
                crate::content::static_str(sys::attune_model_theme_id(model, theme)).to_string(),
                crate::content::static_str(sys::attune_model_theme_name(model, theme)).to_string(),
            )
        };
        // SAFETY: valid handle.
        let n = unsafe { sys::attune_result_evidence_count(h, self.index, theme) };
        let mut evidence = Vec::with_capacity(n);
        for i in 0..n {
            let (mut s, mut e) = (0usize, 0usize);
            // SAFETY: i < count; out pointers valid.
            if unsafe { sys::attune_result_evidence(h, self.index, theme, i, &mut s, &mut e) } == 0 {
                evidence.push(s..e);
            }
        }
        Some(ThemeScore { index: theme, id, name, score, present: present != 0, evidence })
    }

    /// Every theme's score, in the model's order.
    pub fn scores(&self) -> Vec<ThemeScore> {
        (0..self.r.theme_count()).filter_map(|t| self.theme(t)).collect()
    }

    /// The present themes, highest score first.
    pub fn themes(&self) -> Vec<ThemeScore> {
        // SAFETY: valid handle.
        let n = unsafe { sys::attune_result_present_count(self.r.h(), self.index) };
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let mut t = 0usize;
            // SAFETY: i < count; out pointer valid.
            if unsafe { sys::attune_result_present_theme(self.r.h(), self.index, i, &mut t) } == 0 {
                if let Some(ts) = self.theme(t) {
                    out.push(ts);
                }
            }
        }
        out
    }
}

impl<'r, 'a> std::fmt::Debug for Unit<'r, 'a> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t: Vec<(String, f64)> = self.themes().into_iter().map(|t| (t.id, t.score)).collect();
        f.debug_struct("Unit").field("index", &self.index).field("kind", &self.kind()).field("themes", &t).finish()
    }
}
