//! Finds libattune with the `pkg-config` program (no crate dependencies).
//!
//! Environment:
//! - `PKG_CONFIG_PATH`: where attune.pc lives (e.g. `_install/lib/pkgconfig`);
//! - `ATTUNE_LIB_DIR`: skip pkg-config and link `-lattune` from this directory;
//! - `PKG_CONFIG`: the pkg-config program to run (default `pkg-config`);
//! - feature `static` or `ATTUNE_STATIC=1`: link the static library.
use std::env;
use std::process::Command;

fn main() {
    for v in ["PKG_CONFIG_PATH", "PKG_CONFIG", "ATTUNE_LIB_DIR", "ATTUNE_STATIC"] {
        println!("cargo:rerun-if-env-changed={}", v);
    }
    println!("cargo:rerun-if-changed=build.rs");
    let want_static = env::var_os("CARGO_FEATURE_STATIC").is_some()
        || env::var("ATTUNE_STATIC").map(|v| v == "1").unwrap_or(false);

    if let Ok(dir) = env::var("ATTUNE_LIB_DIR") {
        println!("cargo:rustc-link-search=native={}", dir);
        if want_static {
            println!("cargo:rustc-link-lib=static=attune");
            for l in ["utf8proc", "stemmer", "pthread", "m"] {
                println!("cargo:rustc-link-lib={}", l);
            }
        } else {
            println!("cargo:rustc-link-lib=dylib=attune");
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir);
        }
        return;
    }

    let pkg_config = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let mut cmd = Command::new(&pkg_config);
    if want_static {
        cmd.arg("--static");
    }
    cmd.args(["--libs", "attune"]);
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!(
            "attune: cannot run `{}` ({}); install pkg-config or set ATTUNE_LIB_DIR",
            pkg_config, e
        ),
    };
    if !out.status.success() {
        panic!(
            "attune: `{} --libs attune` failed: {}\nSet PKG_CONFIG_PATH to the directory of \
             attune.pc (for a local install: _install/lib/pkgconfig) or ATTUNE_LIB_DIR.",
            pkg_config,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let flags = String::from_utf8_lossy(&out.stdout).to_string();
    let mut dirs = Vec::new();
    for tok in flags.split_whitespace() {
        if let Some(d) = tok.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={}", d);
            dirs.push(d.to_string());
        } else if let Some(l) = tok.strip_prefix("-l") {
            if l == "attune" && want_static {
                println!("cargo:rustc-link-lib=static=attune");
            } else {
                println!("cargo:rustc-link-lib={}", l);
            }
        }
    }
    if !want_static {
        // Let this crate's tests and examples run without LD_LIBRARY_PATH.
        for d in dirs {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", d);
        }
    }
}
