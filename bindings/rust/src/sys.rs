//! Raw `extern "C"` declarations of libattune, one for each `ATTUNE_API`
//! function of `include/attune/*.h`, in the headers' order. The test
//! `tests/header_sync.rs` checks that every header function is declared here
//! with the same number of parameters, and that the constants agree.
#![allow(non_camel_case_types)]

use std::marker::{PhantomData, PhantomPinned};
use std::os::raw::{c_char, c_void};

macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _private: [u8; 0],
            _marker: PhantomData<(*mut u8, PhantomPinned)>,
        }
    )*};
}

// ---- common.h ----
pub const ATTUNE_VERSION_MAJOR: u32 = 0;
pub const ATTUNE_VERSION_MINOR: u32 = 1;
pub const ATTUNE_VERSION_PATCH: u32 = 0;
pub const ATTUNE_ABI_VERSION: u32 = 1;
pub const ATTUNE_OK: i32 = 0;
pub const ATTUNE_EINVAL: i32 = -1;
pub const ATTUNE_ENOMEM: i32 = -2;
pub const ATTUNE_EUTF8: i32 = -3;
pub const ATTUNE_EPARSE: i32 = -4;
pub const ATTUNE_EMODEL: i32 = -5;
pub const ATTUNE_EIO: i32 = -6;
pub const ATTUNE_ELIMIT: i32 = -7;
pub const ATTUNE_ENOTFOUND: i32 = -8;
pub const ATTUNE_ENOTTEXT: i32 = -9;
pub const ATTUNE_NO_OFFSET: usize = usize::MAX;
pub const ATTUNE_NO_INDEX: usize = usize::MAX;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_error {
    pub code: i32,
    pub message: *const c_char,
    pub offset: usize,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_allocator {
    pub size: u32,
    pub ctx: *mut c_void,
    pub malloc_fn: Option<unsafe extern "C" fn(ctx: *mut c_void, n: usize) -> *mut c_void>,
    pub realloc_fn:
        Option<unsafe extern "C" fn(ctx: *mut c_void, ptr: *mut c_void, n: usize) -> *mut c_void>,
    pub free_fn: Option<unsafe extern "C" fn(ctx: *mut c_void, ptr: *mut c_void)>,
}

extern "C" {
    pub fn attune_strerror(code: i32) -> *const c_char;
    pub fn attune_error_clear(err: *mut attune_error);
    pub fn attune_version() -> *const c_char;
    pub fn attune_version_number() -> u32;
    pub fn attune_abi_version() -> u32;
    pub fn attune_allocator_init(a: *mut attune_allocator) -> i32;
    pub fn attune_set_allocator(a: *const attune_allocator) -> i32;
    pub fn attune_free(ptr: *mut c_void);
}

// ---- text.h ----
opaque!(attune_text);

pub const ATTUNE_NORM_NONE: u32 = 0;
pub const ATTUNE_NORM_NFC: u32 = 1 << 0;
pub const ATTUNE_NORM_NFKC: u32 = 1 << 1;
pub const ATTUNE_NORM_CASEFOLD: u32 = 1 << 2;
pub const ATTUNE_NORM_FOLD_TYPOGRAPHY: u32 = 1 << 3;
pub const ATTUNE_NORM_STRIP_INVISIBLE: u32 = 1 << 4;
pub const ATTUNE_NORM_REPAIR: u32 = 1 << 5;
pub const ATTUNE_NORM_FIX_MOJIBAKE: u32 = 1 << 6;
pub const ATTUNE_NORM_ALL_FLAGS: u32 = 0x7F;

extern "C" {
    pub fn attune_utf8_validate(s: *const c_char, len: usize, error_offset: *mut usize) -> i32;
    pub fn attune_normalize(
        s: *const c_char,
        len: usize,
        flags: u32,
        out: *mut *mut c_char,
        out_len: *mut usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_text_new(
        s: *const c_char,
        len: usize,
        flags: u32,
        out: *mut *mut attune_text,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_text_free(t: *mut attune_text);
    pub fn attune_text_get(t: *const attune_text, ptr: *mut *const c_char, len: *mut usize) -> i32;
    pub fn attune_text_source_length(t: *const attune_text) -> usize;
    pub fn attune_text_source_offset(t: *const attune_text, out_offset: usize) -> usize;
    pub fn attune_text_source_span(
        t: *const attune_text,
        out_start: usize,
        out_end: usize,
        src_start: *mut usize,
        src_end: *mut usize,
    ) -> i32;
}

// ---- content.h ----
opaque!(attune_doc, attune_block, attune_iter);

pub const ATTUNE_BLOCK_NONE: i32 = 0;
pub const ATTUNE_BLOCK_DOCUMENT: i32 = 1;
pub const ATTUNE_BLOCK_TITLE: i32 = 2;
pub const ATTUNE_BLOCK_SUMMARY: i32 = 3;
pub const ATTUNE_BLOCK_SECTION: i32 = 4;
pub const ATTUNE_BLOCK_HEADING: i32 = 5;
pub const ATTUNE_BLOCK_PARAGRAPH: i32 = 6;
pub const ATTUNE_BLOCK_LIST: i32 = 7;
pub const ATTUNE_BLOCK_LIST_ITEM: i32 = 8;
pub const ATTUNE_BLOCK_QUOTE: i32 = 9;
pub const ATTUNE_BLOCK_BOILERPLATE: i32 = 10;

pub const ATTUNE_BOILER_NONE: i32 = 0;
pub const ATTUNE_BOILER_CHROME: i32 = 1;
pub const ATTUNE_BOILER_BYLINE: i32 = 2;
pub const ATTUNE_BOILER_ENGAGEMENT: i32 = 3;
pub const ATTUNE_BOILER_CTA: i32 = 4;
pub const ATTUNE_BOILER_RELATED: i32 = 5;
pub const ATTUNE_BOILER_TOC: i32 = 6;
pub const ATTUNE_BOILER_AUTHOR: i32 = 7;
pub const ATTUNE_BOILER_SOCIAL: i32 = 8;
pub const ATTUNE_BOILER_DUPLICATE: i32 = 9;

pub const ATTUNE_PII_NONE: i32 = 0;
pub const ATTUNE_PII_EMAIL: i32 = 1;
pub const ATTUNE_PII_PHONE: i32 = 2;
pub const ATTUNE_PII_ADDRESS: i32 = 3;
pub const ATTUNE_PII_URL: i32 = 4;
pub const ATTUNE_PII_BIRTHDATE: i32 = 5;

pub const ATTUNE_PARSE_DEFAULT: u32 = 0;
pub const ATTUNE_PARSE_STRICT_UTF8: u32 = 1 << 0;
pub const ATTUNE_PARSE_ANY_BYTES: u32 = 1 << 1;

pub const ATTUNE_EVENT_NONE: i32 = 0;
pub const ATTUNE_EVENT_ENTER: i32 = 1;
pub const ATTUNE_EVENT_EXIT: i32 = 2;
pub const ATTUNE_EVENT_DONE: i32 = 3;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_parse_options {
    pub size: u32,
    pub flags: u32,
    pub max_input: usize,
}

extern "C" {
    pub fn attune_parse_options_init(opts: *mut attune_parse_options) -> i32;
    pub fn attune_doc_parse(
        s: *const c_char,
        len: usize,
        opts: *const attune_parse_options,
        out: *mut *mut attune_doc,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_doc_free(doc: *mut attune_doc);
    pub fn attune_doc_root(doc: *const attune_doc) -> *const attune_block;
    pub fn attune_doc_source(doc: *const attune_doc, ptr: *mut *const c_char, len: *mut usize)
        -> i32;
    pub fn attune_doc_title(doc: *const attune_doc) -> *const attune_block;
    pub fn attune_doc_block_count(doc: *const attune_doc) -> usize;
    pub fn attune_doc_block(doc: *const attune_doc, index: usize) -> *const attune_block;
    pub fn attune_block_parent(b: *const attune_block) -> *const attune_block;
    pub fn attune_block_first_child(b: *const attune_block) -> *const attune_block;
    pub fn attune_block_last_child(b: *const attune_block) -> *const attune_block;
    pub fn attune_block_next_sibling(b: *const attune_block) -> *const attune_block;
    pub fn attune_block_prev_sibling(b: *const attune_block) -> *const attune_block;
    pub fn attune_block_index(b: *const attune_block) -> usize;
    pub fn attune_block_kind(b: *const attune_block) -> i32;
    pub fn attune_block_level(b: *const attune_block) -> i32;
    pub fn attune_block_boilerplate(b: *const attune_block) -> i32;
    pub fn attune_block_text(b: *const attune_block, ptr: *mut *const c_char, len: *mut usize)
        -> i32;
    pub fn attune_block_source_offset(b: *const attune_block, text_offset: usize) -> usize;
    pub fn attune_block_span(b: *const attune_block, start: *mut usize, end: *mut usize) -> i32;
    pub fn attune_block_lines(b: *const attune_block, first: *mut usize, last: *mut usize)
        -> i32;
    pub fn attune_block_spam_count(b: *const attune_block) -> usize;
    pub fn attune_block_spam_span(
        b: *const attune_block,
        i: usize,
        start: *mut usize,
        end: *mut usize,
    ) -> i32;
    pub fn attune_block_pii_count(b: *const attune_block) -> usize;
    pub fn attune_block_pii(
        b: *const attune_block,
        i: usize,
        type_: *mut i32,
        start: *mut usize,
        end: *mut usize,
    ) -> i32;
    pub fn attune_block_kind_name(kind: i32) -> *const c_char;
    pub fn attune_boilerplate_name(kind: i32) -> *const c_char;
    pub fn attune_pii_type_name(type_: i32) -> *const c_char;
    pub fn attune_iter_new(root: *const attune_block, out: *mut *mut attune_iter) -> i32;
    pub fn attune_iter_new2(
        root: *const attune_block,
        out: *mut *mut attune_iter,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_iter_next(
        it: *mut attune_iter,
        event: *mut i32,
        block: *mut *const attune_block,
    ) -> i32;
    pub fn attune_iter_free(it: *mut attune_iter);
}

// ---- model.h ----
pub const ATTUNE_MODEL_MAX_BYTES: u32 = 1 << 28;
opaque!(attune_model);

extern "C" {
    pub fn attune_model_default() -> *const attune_model;
    pub fn attune_model_load_buffer(
        ptr: *const c_char,
        len: usize,
        out: *mut *mut attune_model,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_model_load(
        path: *const c_char,
        out: *mut *mut attune_model,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_model_save_buffer(
        model: *const attune_model,
        out: *mut *mut c_char,
        out_len: *mut usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_model_save(
        model: *const attune_model,
        path: *const c_char,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_model_free(model: *mut attune_model);
    pub fn attune_model_release(model: *const attune_model);
    pub fn attune_model_theme_find(
        model: *const attune_model,
        id: *const c_char,
        len: usize,
        index: *mut usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_model_theme_count(model: *const attune_model) -> usize;
    pub fn attune_model_theme_index(model: *const attune_model, id: *const c_char, len: usize)
        -> i32;
    pub fn attune_model_theme_id(model: *const attune_model, index: usize) -> *const c_char;
    pub fn attune_model_theme_name(model: *const attune_model, index: usize) -> *const c_char;
    pub fn attune_model_theme_description(model: *const attune_model, index: usize)
        -> *const c_char;
    pub fn attune_model_theme_bias(model: *const attune_model, index: usize, bias: *mut f64)
        -> i32;
    pub fn attune_model_theme_threshold(
        model: *const attune_model,
        index: usize,
        threshold: *mut f64,
    ) -> i32;
    pub fn attune_model_entry_count(model: *const attune_model) -> usize;
}

// ---- themes.h ----
opaque!(attune_result);

pub const ATTUNE_UNIT_NONE: i32 = 0;
pub const ATTUNE_UNIT_DOCUMENT: i32 = 1;
pub const ATTUNE_UNIT_SECTION: i32 = 2;
pub const ATTUNE_UNIT_BLOCK: i32 = 3;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_classify_options {
    pub size: u32,
    pub flags: u32,
    pub max_input: usize,
}

extern "C" {
    pub fn attune_classify_options_init(opts: *mut attune_classify_options) -> i32;
    pub fn attune_classify_text(
        model: *const attune_model,
        ptr: *const c_char,
        len: usize,
        opts: *const attune_classify_options,
        out: *mut *mut attune_result,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_classify(
        model: *const attune_model,
        doc: *const attune_doc,
        opts: *const attune_classify_options,
        out: *mut *mut attune_result,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_result_free(r: *mut attune_result);
    pub fn attune_result_model(r: *const attune_result) -> *const attune_model;
    pub fn attune_result_unit_count(r: *const attune_result) -> usize;
    pub fn attune_result_theme_count(r: *const attune_result) -> usize;
    pub fn attune_result_section_count(r: *const attune_result) -> usize;
    pub fn attune_result_unit_kind(r: *const attune_result, unit: usize) -> i32;
    pub fn attune_result_unit_block(r: *const attune_result, unit: usize) -> *const attune_block;
    pub fn attune_result_block_unit(r: *const attune_result, block: *const attune_block) -> usize;
    pub fn attune_result_unit_span(
        r: *const attune_result,
        unit: usize,
        start: *mut usize,
        end: *mut usize,
    ) -> i32;
    pub fn attune_result_unit_words(r: *const attune_result, unit: usize) -> usize;
    pub fn attune_result_section_line(r: *const attune_result, unit: usize, line: *mut usize)
        -> i32;
    pub fn attune_result_section_heading(
        r: *const attune_result,
        unit: usize,
        ptr: *mut *const c_char,
        len: *mut usize,
    ) -> i32;
    pub fn attune_result_theme(
        r: *const attune_result,
        unit: usize,
        theme: usize,
        score: *mut f64,
        present: *mut i32,
    ) -> i32;
    pub fn attune_result_present_count(r: *const attune_result, unit: usize) -> usize;
    pub fn attune_result_present_theme(
        r: *const attune_result,
        unit: usize,
        i: usize,
        theme: *mut usize,
    ) -> i32;
    pub fn attune_result_evidence_count(r: *const attune_result, unit: usize, theme: usize)
        -> usize;
    pub fn attune_result_evidence(
        r: *const attune_result,
        unit: usize,
        theme: usize,
        i: usize,
        start: *mut usize,
        end: *mut usize,
    ) -> i32;
}

// ---- train.h ----
opaque!(attune_trainer);

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_train_options {
    pub size: u32,
    pub epochs: u32,
    pub learning_rate: f64,
    pub l2: f64,
    pub word_ngrams: u32,
    pub min_count: u32,
    pub seed: u64,
    pub threads: u32,
    pub cv_folds: u32,
    pub min_count_ngrams: u32,
}

extern "C" {
    pub fn attune_train_options_init(opts: *mut attune_train_options) -> i32;
    pub fn attune_trainer_new(out: *mut *mut attune_trainer, err: *mut attune_error) -> i32;
    pub fn attune_trainer_free(trainer: *mut attune_trainer);
    pub fn attune_trainer_add(
        trainer: *mut attune_trainer,
        text: *const c_char,
        len: usize,
        labels: *const *const c_char,
        label_lens: *const usize,
        nlabels: usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_trainer_add_fasttext(
        trainer: *mut attune_trainer,
        data: *const c_char,
        len: usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_trainer_fit(
        trainer: *const attune_trainer,
        opts: *const attune_train_options,
        out: *mut *mut attune_model,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_trainer_example_count(trainer: *const attune_trainer) -> usize;
    pub fn attune_trainer_label_count(trainer: *const attune_trainer) -> usize;
}

// ---- render.h ----
pub const ATTUNE_RENDER_DEFAULT: u32 = 0;
pub const ATTUNE_RENDER_NO_TEXT: u32 = 1 << 0;
pub const ATTUNE_RENDER_NO_BOILERPLATE: u32 = 1 << 1;

/// `result` points to an `attune_result` (themes.h); NULL for none.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct attune_render_options {
    pub size: u32,
    pub flags: u32,
    pub result: *const c_void,
    pub source: *const c_char,
}

extern "C" {
    pub fn attune_render_options_init(opts: *mut attune_render_options) -> i32;
    pub fn attune_render_json(
        doc: *const attune_doc,
        opts: *const attune_render_options,
        out: *mut *mut c_char,
        len: *mut usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_render_outline(
        doc: *const attune_doc,
        opts: *const attune_render_options,
        out: *mut *mut c_char,
        len: *mut usize,
        err: *mut attune_error,
    ) -> i32;
    pub fn attune_render_text(
        doc: *const attune_doc,
        opts: *const attune_render_options,
        out: *mut *mut c_char,
        len: *mut usize,
        err: *mut attune_error,
    ) -> i32;
}
