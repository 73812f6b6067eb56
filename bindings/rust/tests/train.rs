//! train.h through the crate, on CounselChat's fastText file.
mod common;

use attune::{ErrorKind, TrainOptions, Trainer};

fn lines(c: &std::path::Path, n: usize) -> Vec<Vec<u8>> {
    let data = std::fs::read(c.join("../data/counselchat/dev.fasttext")).unwrap();
    data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).take(n).map(|l| l.to_vec()).collect()
}

#[test]
fn fits_deterministic_models_with_the_labels() {
    let Some(c) = common::corpus() else { return };
    let ls = lines(&c, 300);
    let mut data = ls.join(&b'\n');
    data.push(b'\n');
    let mut want: Vec<String> = Vec::new();
    for l in &ls {
        for tok in l.split(|&b| b == b' ') {
            if let Some(lab) = tok.strip_prefix(b"__label__") {
                let lab = String::from_utf8(lab.to_vec()).unwrap();
                if !want.contains(&lab) {
                    want.push(lab);
                }
            }
        }
    }
    let mut t = Trainer::new().unwrap();
    t.add_fasttext(&data).unwrap();
    assert_eq!((t.example_count(), t.label_count()), (ls.len(), want.len()));
    let opts = TrainOptions { epochs: 3, seed: 9, ..Default::default() };
    let m = t.fit(&opts).unwrap();
    let ids: Vec<String> = m.themes().into_iter().map(|th| th.id).collect();
    assert_eq!(ids, want);
    let again = t.fit(&TrainOptions { threads: 2, ..opts }).unwrap();
    assert_eq!(m.to_bytes().unwrap(), again.to_bytes().unwrap());
    let other = t.fit(&TrainOptions { seed: 10, ..opts }).unwrap();
    assert_ne!(m.to_bytes().unwrap(), other.to_bytes().unwrap());
}

#[test]
fn bad_examples_are_refused_with_offsets() {
    let mut t = Trainer::new().unwrap();
    t.add(b"I felt heard", &["validation"]).unwrap();
    let e = t.add_fasttext(b"__label__a fine\n__label__ empty\n").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Parse, Some(16)));
    let e = t.add(b"abc \xff", &["x"]).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Utf8, Some(4)));
    assert_eq!(t.example_count(), 1);
    let none: [&str; 0] = [];
    t.add(b"a negative example", &none).unwrap();
    assert_eq!(t.example_count(), 2);
    let e = Trainer::new().unwrap().fit(&TrainOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}
