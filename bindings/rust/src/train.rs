//! Training theme models on labeled examples (train.h).

use std::os::raw::c_char;
use std::ptr::{self, NonNull};

use crate::error::{call, check, Error, Result};
use crate::model::Model;
use crate::sys;

/// Fitting options; 0 in a field means the library's default.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrainOptions {
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

/// Collects labeled examples and fits a [`Model`]. Fitting only reads the
/// trainer, so it may be fitted again with other options.
pub struct Trainer {
    ptr: NonNull<sys::attune_trainer>,
}

// SAFETY: a trainer belongs to one thread at a time (no thread-local state),
// so it may move between threads.
unsafe impl Send for Trainer {}

impl Trainer {
    /// An empty trainer.
    pub fn new() -> Result<Trainer> {
        let mut out: *mut sys::attune_trainer = ptr::null_mut();
        // SAFETY: valid out pointers.
        call(|err| unsafe { sys::attune_trainer_new(&mut out, err) })?;
        NonNull::new(out).map(|ptr| Trainer { ptr }).ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    /// Adds one example (labels without "__label__"; none: a negative
    /// example). A `Utf8` error carries the offset into `text`.
    pub fn add<S: AsRef<str>>(&mut self, text: &[u8], labels: &[S]) -> Result<()> {
        let ptrs: Vec<*const c_char> = labels.iter().map(|l| l.as_ref().as_ptr() as *const c_char).collect();
        let lens: Vec<usize> = labels.iter().map(|l| l.as_ref().len()).collect();
        // SAFETY: text and every label are valid for their lengths during the call.
        call(|err| unsafe {
            sys::attune_trainer_add(
                self.ptr.as_ptr(),
                text.as_ptr() as *const c_char,
                text.len(),
                if ptrs.is_empty() { ptr::null() } else { ptrs.as_ptr() },
                if lens.is_empty() { ptr::null() } else { lens.as_ptr() },
                labels.len(),
                err,
            )
        })
    }

    /// Adds every line of fastText's supervised format, all or nothing; the
    /// error's offset is the byte in `data` of the problem.
    pub fn add_fasttext(&mut self, data: &[u8]) -> Result<()> {
        // SAFETY: data is valid for len bytes.
        call(|err| unsafe {
            sys::attune_trainer_add_fasttext(self.ptr.as_ptr(), data.as_ptr() as *const c_char, data.len(), err)
        })
    }

    /// Number of examples added.
    pub fn example_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_trainer_example_count(self.ptr.as_ptr()) }
    }

    /// Number of distinct labels added.
    pub fn label_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_trainer_label_count(self.ptr.as_ptr()) }
    }

    /// Fits a model on the examples (deterministic for given options).
    pub fn fit(&self, options: &TrainOptions) -> Result<Model> {
        // SAFETY: a zeroed C struct is a valid value; init fills it.
        let mut o: sys::attune_train_options = unsafe { std::mem::zeroed() };
        // SAFETY: valid out pointer.
        check(unsafe { sys::attune_train_options_init(&mut o) })?;
        macro_rules! set {
            ($($f:ident),*) => {$( if options.$f != Default::default() { o.$f = options.$f; } )*};
        }
        set!(epochs, learning_rate, l2, word_ngrams, min_count, seed, threads, cv_folds, min_count_ngrams);
        let mut out: *mut sys::attune_model = ptr::null_mut();
        // SAFETY: valid handle, options and out pointers.
        call(|err| unsafe { sys::attune_trainer_fit(self.ptr.as_ptr(), &o, &mut out, err) })?;
        Model::owned(out)
    }
}

impl Drop for Trainer {
    fn drop(&mut self) {
        // SAFETY: we own the trainer.
        unsafe { sys::attune_trainer_free(self.ptr.as_ptr()) }
    }
}
