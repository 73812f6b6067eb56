//! The content model: a page parsed into a tree of typed blocks.

use std::borrow::Cow;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::ops::Range;
use std::os::raw::c_char;
use std::ptr::{self, NonNull};

use crate::error::{call, check, Error, Result};
use crate::sys;

/// The kind of a block (`ATTUNE_BLOCK_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Document,
    Title,
    Summary,
    Section,
    Heading,
    Paragraph,
    List,
    ListItem,
    Quote,
    Boilerplate,
    /// A kind this version of the crate does not know (the C value).
    Other(i32),
}

impl BlockKind {
    /// From the C value.
    pub fn from_raw(v: i32) -> BlockKind {
        match v {
            sys::ATTUNE_BLOCK_DOCUMENT => BlockKind::Document,
            sys::ATTUNE_BLOCK_TITLE => BlockKind::Title,
            sys::ATTUNE_BLOCK_SUMMARY => BlockKind::Summary,
            sys::ATTUNE_BLOCK_SECTION => BlockKind::Section,
            sys::ATTUNE_BLOCK_HEADING => BlockKind::Heading,
            sys::ATTUNE_BLOCK_PARAGRAPH => BlockKind::Paragraph,
            sys::ATTUNE_BLOCK_LIST => BlockKind::List,
            sys::ATTUNE_BLOCK_LIST_ITEM => BlockKind::ListItem,
            sys::ATTUNE_BLOCK_QUOTE => BlockKind::Quote,
            sys::ATTUNE_BLOCK_BOILERPLATE => BlockKind::Boilerplate,
            o => BlockKind::Other(o),
        }
    }

    /// The library's name for a C kind value ("paragraph", "list_item", ...).
    pub fn name_of(v: i32) -> &'static str {
        // SAFETY: returns a static NUL-terminated string, never NULL.
        static_str(unsafe { sys::attune_block_kind_name(v) })
    }
}

/// The kind of a boilerplate block (`ATTUNE_BOILER_*`, never NONE here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Boilerplate {
    Chrome,
    Byline,
    Engagement,
    Cta,
    Related,
    Toc,
    Author,
    Social,
    Duplicate,
    Other(i32),
}

impl Boilerplate {
    fn from_raw(v: i32) -> Option<Boilerplate> {
        Some(match v {
            sys::ATTUNE_BOILER_NONE => return None,
            sys::ATTUNE_BOILER_CHROME => Boilerplate::Chrome,
            sys::ATTUNE_BOILER_BYLINE => Boilerplate::Byline,
            sys::ATTUNE_BOILER_ENGAGEMENT => Boilerplate::Engagement,
            sys::ATTUNE_BOILER_CTA => Boilerplate::Cta,
            sys::ATTUNE_BOILER_RELATED => Boilerplate::Related,
            sys::ATTUNE_BOILER_TOC => Boilerplate::Toc,
            sys::ATTUNE_BOILER_AUTHOR => Boilerplate::Author,
            sys::ATTUNE_BOILER_SOCIAL => Boilerplate::Social,
            sys::ATTUNE_BOILER_DUPLICATE => Boilerplate::Duplicate,
            o => Boilerplate::Other(o),
        })
    }

    /// The library's name for a C boilerplate value ("chrome", "byline", ...).
    pub fn name_of(v: i32) -> &'static str {
        // SAFETY: static string, never NULL.
        static_str(unsafe { sys::attune_boilerplate_name(v) })
    }
}

/// Personal data found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalData {
    /// `ATTUNE_PII_*` value.
    pub kind: i32,
    /// "email", "phone", "address", "url", "birthdate".
    pub kind_name: &'static str,
    /// Source bytes of the item.
    pub span: Range<usize>,
}

pub(crate) fn static_str(p: *const c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    // SAFETY: the library hands out static NUL-terminated ASCII names.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
}

/// Options of [`Document::parse_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Reject ill-formed UTF-8 (an `Utf8` error with its offset) instead of
    /// repairing it in block texts.
    pub strict_utf8: bool,
    /// Largest input accepted in bytes (0: the library default, 1 GiB).
    pub max_input: usize,
    /// Parse input that does not look like text too (by default it is
    /// refused with a `NotText` error and the offset of the first NUL or
    /// control byte).
    pub any_bytes: bool,
}

/// A parsed page. Owns a copy of the input and every block; blocks borrow it.
///
/// Once parsed a document is never modified, so it may be shared between
/// threads (`Send + Sync`).
pub struct Document {
    ptr: NonNull<sys::attune_doc>,
}

// SAFETY: content.h: a parsed document is immutable and may be read from
// several threads at once; it holds no thread-local state.
unsafe impl Send for Document {}
unsafe impl Sync for Document {}

impl Document {
    /// Parses a page with the default options (ill-formed UTF-8 repaired).
    pub fn parse(input: &[u8]) -> Result<Document> {
        Document::parse_with(input, &ParseOptions::default())
    }

    /// Parses a page with options.
    pub fn parse_with(input: &[u8], options: &ParseOptions) -> Result<Document> {
        let mut opts = sys::attune_parse_options { size: 0, flags: 0, max_input: 0 };
        // SAFETY: a valid out pointer.
        check(unsafe { sys::attune_parse_options_init(&mut opts) })?;
        if options.strict_utf8 {
            opts.flags |= sys::ATTUNE_PARSE_STRICT_UTF8;
        }
        if options.any_bytes {
            opts.flags |= sys::ATTUNE_PARSE_ANY_BYTES;
        }
        opts.max_input = options.max_input;
        let mut out: *mut sys::attune_doc = ptr::null_mut();
        // SAFETY: input is valid for len bytes; out and err are valid.
        call(|err| unsafe {
            sys::attune_doc_parse(input.as_ptr() as *const c_char, input.len(), &opts, &mut out, err)
        })?;
        NonNull::new(out)
            .map(|ptr| Document { ptr })
            .ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    /// The raw handle (borrowed; valid while `self` lives).
    pub fn as_ptr(&self) -> *const sys::attune_doc {
        self.ptr.as_ptr()
    }

    pub(crate) fn block_from(&self, p: *const sys::attune_block) -> Option<Block<'_>> {
        NonNull::new(p as *mut sys::attune_block).map(|ptr| Block { ptr, _doc: PhantomData })
    }

    /// The document's copy of the input.
    pub fn source(&self) -> &[u8] {
        let mut p: *const c_char = ptr::null();
        let mut n = 0usize;
        // SAFETY: valid handle and out pointers.
        let st = unsafe { sys::attune_doc_source(self.as_ptr(), &mut p, &mut n) };
        borrowed(st, p, n)
    }

    /// The root block (kind `Document`).
    pub fn root(&self) -> Block<'_> {
        // SAFETY: valid handle; never NULL for a parsed document.
        self.block_from(unsafe { sys::attune_doc_root(self.as_ptr()) })
            .expect("attune_doc_root returned NULL")
    }

    /// The title block, if the page has one.
    pub fn title(&self) -> Option<Block<'_>> {
        // SAFETY: valid handle.
        self.block_from(unsafe { sys::attune_doc_title(self.as_ptr()) })
    }

    /// Number of blocks, the root included.
    pub fn len(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_doc_block_count(self.as_ptr()) }
    }

    /// Never true: a document has at least its root.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The block at `index` in document order (0 is the root).
    pub fn block(&self, index: usize) -> Option<Block<'_>> {
        // SAFETY: valid handle; out-of-range gives NULL.
        self.block_from(unsafe { sys::attune_doc_block(self.as_ptr(), index) })
    }

    /// Every block in document order (pre-order), the root first.
    pub fn blocks(&self) -> impl Iterator<Item = Block<'_>> + '_ {
        (0..self.len()).filter_map(move |i| self.block(i))
    }

    /// The title and the headings, in order.
    pub fn outline(&self) -> Vec<Block<'_>> {
        self.blocks()
            .filter(|b| matches!(b.kind(), BlockKind::Title | BlockKind::Heading))
            .collect()
    }

    /// Enter/exit events over the whole tree (attune_iter).
    pub fn walk(&self) -> Result<Walk<'_>> {
        self.root().walk()
    }
}

impl Drop for Document {
    fn drop(&mut self) {
        // SAFETY: we own the document; blocks cannot outlive it.
        unsafe { sys::attune_doc_free(self.ptr.as_ptr()) }
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("blocks", &self.len())
            .field("title", &self.title().map(|t| t.text().into_owned()))
            .finish()
    }
}

fn borrowed<'a>(status: i32, p: *const c_char, n: usize) -> &'a [u8] {
    if status != sys::ATTUNE_OK || p.is_null() || n == 0 {
        return &[];
    }
    // SAFETY: the library guarantees p is valid for n bytes while the owner lives;
    // the caller ties 'a to that owner.
    unsafe { std::slice::from_raw_parts(p as *const u8, n) }
}

/// A block of a [`Document`], borrowed from it for `'d`: the borrow checker
/// refuses to let a block outlive its document.
///
/// ```compile_fail
/// let doc = attune::Document::parse(b"A title\n\nSome text.\n").unwrap();
/// let root = doc.root();
/// drop(doc); // error: `doc` is still borrowed by `root`
/// println!("{}", root.text());
/// ```
#[derive(Clone, Copy)]
pub struct Block<'d> {
    ptr: NonNull<sys::attune_block>,
    _doc: PhantomData<&'d Document>,
}

impl<'d> PartialEq for Block<'d> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<'d> Eq for Block<'d> {}

impl<'d> Block<'d> {
    pub(crate) fn from_raw(p: *const sys::attune_block) -> Option<Block<'d>> {
        NonNull::new(p as *mut sys::attune_block).map(|ptr| Block { ptr, _doc: PhantomData })
    }

    /// The raw handle (valid while the document lives).
    pub fn as_ptr(&self) -> *const sys::attune_block {
        self.ptr.as_ptr()
    }

    fn nav(&self, p: *const sys::attune_block) -> Option<Block<'d>> {
        NonNull::new(p as *mut sys::attune_block).map(|ptr| Block { ptr, _doc: PhantomData })
    }

    /// Position in document order.
    pub fn index(&self) -> usize {
        // SAFETY: valid block handle for 'd.
        unsafe { sys::attune_block_index(self.as_ptr()) }
    }

    /// The kind of block.
    pub fn kind(&self) -> BlockKind {
        BlockKind::from_raw(self.raw_kind())
    }

    /// The C `ATTUNE_BLOCK_*` value.
    pub fn raw_kind(&self) -> i32 {
        // SAFETY: valid block handle.
        unsafe { sys::attune_block_kind(self.as_ptr()) }
    }

    /// "paragraph", "list_item", ...
    pub fn kind_name(&self) -> &'static str {
        BlockKind::name_of(self.raw_kind())
    }

    /// 1 for the title, 2, 3, ... for headings and sections, else 0.
    pub fn level(&self) -> i32 {
        // SAFETY: valid block handle.
        unsafe { sys::attune_block_level(self.as_ptr()) }
    }

    /// The boilerplate kind, or None for main content.
    pub fn boilerplate(&self) -> Option<Boilerplate> {
        Boilerplate::from_raw(self.raw_boilerplate())
    }

    /// The C `ATTUNE_BOILER_*` value.
    pub fn raw_boilerplate(&self) -> i32 {
        // SAFETY: valid block handle.
        unsafe { sys::attune_block_boilerplate(self.as_ptr()) }
    }

    /// The normalized text as bytes (empty for containers).
    pub fn text_bytes(&self) -> &'d [u8] {
        let mut p: *const c_char = ptr::null();
        let mut n = 0usize;
        // SAFETY: valid block handle and out pointers.
        let st = unsafe { sys::attune_block_text(self.as_ptr(), &mut p, &mut n) };
        borrowed(st, p, n)
    }

    /// The normalized text (valid UTF-8 from the library; borrowed when so).
    pub fn text(&self) -> Cow<'d, str> {
        String::from_utf8_lossy(self.text_bytes())
    }

    /// Source byte range of the block in the input.
    pub fn span(&self) -> Range<usize> {
        let (mut s, mut e) = (0usize, 0usize);
        // SAFETY: valid block handle and out pointers.
        unsafe { sys::attune_block_span(self.as_ptr(), &mut s, &mut e) };
        s..e
    }

    /// 1-based first and last input line.
    pub fn lines(&self) -> (usize, usize) {
        let (mut a, mut b) = (0usize, 0usize);
        // SAFETY: valid block handle and out pointers.
        unsafe { sys::attune_block_lines(self.as_ptr(), &mut a, &mut b) };
        (a, b)
    }

    /// Input byte offset of a byte offset into `text_bytes()` (0..=len).
    pub fn source_offset(&self, text_offset: usize) -> Option<usize> {
        // SAFETY: valid block handle.
        let o = unsafe { sys::attune_block_source_offset(self.as_ptr(), text_offset) };
        if o == sys::ATTUNE_NO_OFFSET {
            None
        } else {
            Some(o)
        }
    }

    /// The parent block (None for the root).
    pub fn parent(&self) -> Option<Block<'d>> {
        // SAFETY: valid block handle.
        self.nav(unsafe { sys::attune_block_parent(self.as_ptr()) })
    }
    /// The first child.
    pub fn first_child(&self) -> Option<Block<'d>> {
        // SAFETY: valid block handle.
        self.nav(unsafe { sys::attune_block_first_child(self.as_ptr()) })
    }
    /// The last child.
    pub fn last_child(&self) -> Option<Block<'d>> {
        // SAFETY: valid block handle.
        self.nav(unsafe { sys::attune_block_last_child(self.as_ptr()) })
    }
    /// The next sibling.
    pub fn next_sibling(&self) -> Option<Block<'d>> {
        // SAFETY: valid block handle.
        self.nav(unsafe { sys::attune_block_next_sibling(self.as_ptr()) })
    }
    /// The previous sibling.
    pub fn prev_sibling(&self) -> Option<Block<'d>> {
        // SAFETY: valid block handle.
        self.nav(unsafe { sys::attune_block_prev_sibling(self.as_ptr()) })
    }

    /// The children, in order.
    pub fn children(&self) -> Children<'d> {
        Children { next: self.first_child() }
    }

    /// Source byte ranges of promotional sentences injected into the block.
    pub fn spam(&self) -> Vec<Range<usize>> {
        // SAFETY: valid block handle.
        let n = unsafe { sys::attune_block_spam_count(self.as_ptr()) };
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (mut s, mut e) = (0usize, 0usize);
            // SAFETY: i < count; valid out pointers.
            if unsafe { sys::attune_block_spam_span(self.as_ptr(), i, &mut s, &mut e) } == 0 {
                out.push(s..e);
            }
        }
        out
    }

    /// Personal data found in the block.
    pub fn personal_data(&self) -> Vec<PersonalData> {
        // SAFETY: valid block handle.
        let n = unsafe { sys::attune_block_pii_count(self.as_ptr()) };
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (mut t, mut s, mut e) = (0i32, 0usize, 0usize);
            // SAFETY: i < count; valid out pointers.
            if unsafe { sys::attune_block_pii(self.as_ptr(), i, &mut t, &mut s, &mut e) } == 0 {
                // SAFETY: static name.
                let name = static_str(unsafe { sys::attune_pii_type_name(t) });
                out.push(PersonalData { kind: t, kind_name: name, span: s..e });
            }
        }
        out
    }

    /// Enter/exit events over this block's subtree (inclusive).
    pub fn walk(&self) -> Result<Walk<'d>> {
        let mut it: *mut sys::attune_iter = ptr::null_mut();
        // SAFETY: valid block handle and out pointer.
        check(unsafe { sys::attune_iter_new(self.as_ptr(), &mut it) })?;
        let it = NonNull::new(it).ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))?;
        Ok(Walk { it, _doc: PhantomData })
    }
}

impl<'d> std::fmt::Debug for Block<'d> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("index", &self.index())
            .field("kind", &self.kind())
            .field("level", &self.level())
            .field("text", &self.text())
            .finish()
    }
}

/// Iterator over a block's children.
pub struct Children<'d> {
    next: Option<Block<'d>>,
}

impl<'d> Iterator for Children<'d> {
    type Item = Block<'d>;
    fn next(&mut self) -> Option<Block<'d>> {
        let cur = self.next?;
        self.next = cur.next_sibling();
        Some(cur)
    }
}

/// An event of [`Block::walk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'d> {
    Enter(Block<'d>),
    Exit(Block<'d>),
}

/// The tree walk (owns an `attune_iter`).
pub struct Walk<'d> {
    it: NonNull<sys::attune_iter>,
    _doc: PhantomData<&'d Document>,
}

impl<'d> Iterator for Walk<'d> {
    type Item = Event<'d>;
    fn next(&mut self) -> Option<Event<'d>> {
        let mut ev = 0i32;
        let mut b: *const sys::attune_block = ptr::null();
        // SAFETY: we own the iterator; out pointers are valid.
        if unsafe { sys::attune_iter_next(self.it.as_ptr(), &mut ev, &mut b) } != 0 {
            return None;
        }
        let block = NonNull::new(b as *mut sys::attune_block).map(|ptr| Block { ptr, _doc: PhantomData });
        match (ev, block) {
            (sys::ATTUNE_EVENT_ENTER, Some(b)) => Some(Event::Enter(b)),
            (sys::ATTUNE_EVENT_EXIT, Some(b)) => Some(Event::Exit(b)),
            _ => None,
        }
    }
}

impl<'d> Drop for Walk<'d> {
    fn drop(&mut self) {
        // SAFETY: we own the iterator.
        unsafe { sys::attune_iter_free(self.it.as_ptr()) }
    }
}
