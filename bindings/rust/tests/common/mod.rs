//! Shared helpers of the crate's tests: the shared corpus.
#![allow(dead_code)]
use std::path::PathBuf;

/// The corpus directory ($ATTUNE_CORPUS, else ../shared/corpus beside the
/// repository). None (the test is skipped with a message) when absent, a
/// panic when ATTUNE_REQUIRE_CORPUS is set.
pub fn corpus() -> Option<PathBuf> {
    let d = match std::env::var("ATTUNE_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    if d.join("seeds").is_dir() {
        return Some(d);
    }
    if std::env::var_os("ATTUNE_REQUIRE_CORPUS").is_some() {
        panic!("corpus required but missing at {}", d.display());
    }
    eprintln!("skipped: shared corpus not found at {}", d.display());
    None
}

/// Seed names, sorted.
pub fn seeds(corpus: &PathBuf) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(corpus.join("seeds"))
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".txt").map(|s| s.to_string())
        })
        .collect();
    v.sort();
    v
}

pub fn seed_bytes(corpus: &PathBuf, name: &str) -> Vec<u8> {
    std::fs::read(corpus.join("seeds").join(format!("{}.txt", name))).unwrap()
}

/// Rows of NAME.gold.tsv: (line, role, level, themes).
pub fn gold(corpus: &PathBuf, name: &str) -> Vec<(usize, String, Option<i32>, Vec<String>)> {
    let text = std::fs::read_to_string(corpus.join("seeds").join(format!("{}.gold.tsv", name))).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| c.get(i).copied().unwrap_or("");
            (
                get(0).parse().unwrap(),
                get(1).to_string(),
                get(2).parse().ok(),
                get(3).split(',').filter(|s| !s.is_empty()).map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}
