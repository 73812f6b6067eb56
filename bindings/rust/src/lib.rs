//! Safe Rust bindings of libattune: a page about therapy parsed into a content
//! model, UTF-8 normalization, and theme classification with evidence.
//!
//! ```no_run
//! let page = std::fs::read("page.txt").unwrap();
//! let doc = attune::Document::parse(&page).unwrap();
//! for b in doc.outline() {
//!     println!("{} {}", b.level(), b.text());
//! }
//! ```
//!
//! Every fallible call returns [`Result`]; an [`Error`] carries the C status
//! code and, when the library reported one, the byte offset of the problem.
//! Blocks and results borrow their [`Document`], so the borrow checker keeps
//! them from outliving it. Raw declarations are in [`sys`].

pub mod sys;

mod classify;
mod content;
mod error;
mod model;
mod render;
mod text;
mod train;

pub use classify::{classify, classify_text, Classification, ThemeScore, Unit, UnitKind};
pub use content::{
    Block, BlockKind, Boilerplate, Children, Document, Event, ParseOptions, PersonalData, Walk,
};
pub use error::{Error, ErrorKind, Result};
pub use model::{Model, Theme};
pub use render::RenderOptions;
pub use text::{normalize, validate, Norm, Text};
pub use train::{TrainOptions, Trainer};

use content::static_str;

/// Version of the loaded library ("0.1.0").
pub fn version() -> &'static str {
    // SAFETY: static string.
    static_str(unsafe { sys::attune_version() })
}

/// Version number of the loaded library, `(major << 16) | (minor << 8) | patch`.
pub fn version_number() -> u32 {
    // SAFETY: no arguments.
    unsafe { sys::attune_version_number() }
}

/// ABI major of the loaded library.
pub fn abi_version() -> u32 {
    // SAFETY: no arguments.
    unsafe { sys::attune_abi_version() }
}

/// The library's description of a status code.
pub fn strerror(status: i32) -> &'static str {
    // SAFETY: static string, never NULL.
    static_str(unsafe { sys::attune_strerror(status) })
}
