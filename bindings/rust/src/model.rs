//! Theme models (model.h).

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_void};
use std::path::Path;
use std::ptr::{self, NonNull};

use crate::error::{call, check, Error, Result};
use crate::sys;

/// A label of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub index: usize,
    /// "empathy"
    pub id: String,
    /// "Empathy and compassion"
    pub name: String,
    pub description: String,
    pub bias: f64,
    pub threshold: f64,
}

/// A theme model: the built-in one or one loaded (or trained). Immutable,
/// so it is `Send + Sync` and may classify from many threads at once.
pub struct Model {
    ptr: NonNull<sys::attune_model>,
    owned: bool,
}

// SAFETY: model.h: immutable once built or loaded, usable from any threads.
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

fn c_path(path: &Path) -> Result<CString> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    CString::new(bytes).map_err(|_| Error::from_status(sys::ATTUNE_EINVAL))
}

fn c_string(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: NUL-terminated string borrowed from a live model.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

impl Model {
    /// The built-in model (the 15 therapy themes). Shared; never freed.
    pub fn builtin() -> Result<Model> {
        // SAFETY: no arguments; NULL only when building it ran out of memory.
        let p = unsafe { sys::attune_model_default() };
        NonNull::new(p as *mut sys::attune_model)
            .map(|ptr| Model { ptr, owned: false })
            .ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    /// Reads a model file (`Model` error with the offending line's offset for
    /// a corrupt file, `Io` when it cannot be read).
    pub fn load<P: AsRef<Path>>(path: P) -> Result<Model> {
        let c = c_path(path.as_ref())?;
        let mut out: *mut sys::attune_model = ptr::null_mut();
        // SAFETY: c is NUL-terminated; out pointers are valid.
        call(|err| unsafe { sys::attune_model_load(c.as_ptr(), &mut out, err) })?;
        Model::owned(out)
    }

    /// Parses a model in the text format.
    pub fn from_bytes(data: &[u8]) -> Result<Model> {
        let mut out: *mut sys::attune_model = ptr::null_mut();
        // SAFETY: data is valid for len bytes; out pointers are valid.
        call(|err| unsafe {
            sys::attune_model_load_buffer(data.as_ptr() as *const c_char, data.len(), &mut out, err)
        })?;
        Model::owned(out)
    }

    pub(crate) fn owned(p: *mut sys::attune_model) -> Result<Model> {
        NonNull::new(p)
            .map(|ptr| Model { ptr, owned: true })
            .ok_or_else(|| Error::from_status(sys::ATTUNE_ENOMEM))
    }

    /// Writes the model (with a checksum line) to a file.
    pub fn save<P: AsRef<Path>>(&self, path: P) -> Result<()> {
        let c = c_path(path.as_ref())?;
        // SAFETY: valid handle, NUL-terminated path.
        call(|err| unsafe { sys::attune_model_save(self.as_ptr(), c.as_ptr(), err) })
    }

    /// The model in the text format.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out: *mut c_char = ptr::null_mut();
        let mut n = 0usize;
        // SAFETY: valid handle and out pointers.
        call(|err| unsafe { sys::attune_model_save_buffer(self.as_ptr(), &mut out, &mut n, err) })?;
        if out.is_null() {
            return Err(Error::from_status(sys::ATTUNE_ENOMEM));
        }
        // SAFETY: an owned buffer of n bytes, copied then released.
        let v = unsafe { std::slice::from_raw_parts(out as *const u8, n) }.to_vec();
        unsafe { sys::attune_free(out as *mut c_void) };
        Ok(v)
    }

    /// The raw handle (valid while `self` lives).
    pub fn as_ptr(&self) -> *const sys::attune_model {
        self.ptr.as_ptr()
    }

    /// True for the built-in model.
    pub fn is_builtin(&self) -> bool {
        !self.owned
    }

    /// Number of themes.
    pub fn theme_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_model_theme_count(self.as_ptr()) }
    }

    /// Theme `index`, or None when out of range.
    pub fn theme(&self, index: usize) -> Option<Theme> {
        if index >= self.theme_count() {
            return None;
        }
        let h = self.as_ptr();
        let (mut bias, mut threshold) = (0f64, 0f64);
        // SAFETY: valid handle, index in range, valid out pointers.
        unsafe {
            check(sys::attune_model_theme_bias(h, index, &mut bias)).ok()?;
            check(sys::attune_model_theme_threshold(h, index, &mut threshold)).ok()?;
            Some(Theme {
                index,
                id: c_string(sys::attune_model_theme_id(h, index)),
                name: c_string(sys::attune_model_theme_name(h, index)),
                description: c_string(sys::attune_model_theme_description(h, index)),
                bias,
                threshold,
            })
        }
    }

    /// Every theme, in the model's order.
    pub fn themes(&self) -> Vec<Theme> {
        (0..self.theme_count()).filter_map(|i| self.theme(i)).collect()
    }

    /// Index of the theme with this id.
    pub fn theme_index(&self, id: &str) -> Option<usize> {
        // SAFETY: valid handle; id is valid for len bytes.
        let i = unsafe {
            sys::attune_model_theme_index(self.as_ptr(), id.as_ptr() as *const c_char, id.len())
        };
        if i < 0 {
            None
        } else {
            Some(i as usize)
        }
    }

    /// Number of lexicon entries.
    pub fn entry_count(&self) -> usize {
        // SAFETY: valid handle.
        unsafe { sys::attune_model_entry_count(self.as_ptr()) }
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: we own this model.
            unsafe { sys::attune_model_free(self.ptr.as_ptr()) }
        }
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("builtin", &self.is_builtin())
            .field("themes", &self.theme_count())
            .field("entries", &self.entry_count())
            .finish()
    }
}
