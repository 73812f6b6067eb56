//! model.h through the crate.
mod common;

use attune::{ErrorKind, Model};

#[test]
fn builtin_model_has_the_taxonomy() {
    let Some(c) = common::corpus() else { return };
    let tsv = std::fs::read_to_string(c.join("../spec/themes.tsv")).unwrap();
    let want: Vec<(String, String)> = tsv
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    let m = Model::builtin().unwrap();
    assert!(m.is_builtin());
    let got: Vec<(String, String)> = m.themes().into_iter().map(|t| (t.id, t.name)).collect();
    assert_eq!(got, want);
    assert_eq!(m.theme_index("ethics"), want.iter().position(|w| w.0 == "ethics"));
    assert_eq!(m.theme_index("nope"), None);
    assert!(m.theme(m.theme_count()).is_none());
    assert!(m.entry_count() > 100);
}

#[test]
fn round_trip_and_corruption() {
    let m = Model::builtin().unwrap();
    let text = m.to_bytes().unwrap();
    assert!(text.starts_with(b"attune-model 1\n"));
    let m2 = Model::from_bytes(&text).unwrap();
    assert!(!m2.is_builtin());
    assert_eq!(m2.to_bytes().unwrap(), text);
    let dir = std::env::temp_dir().join(format!("attune-rs-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("copy.model");
    m2.save(&p).unwrap();
    assert_eq!(Model::load(&p).unwrap().entry_count(), m.entry_count());
    let e = Model::load(dir.join("missing.model")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    std::fs::remove_dir_all(&dir).unwrap();

    // A syntax error is reported at the start of its line.
    let s = String::from_utf8(text).unwrap();
    let mut lines: Vec<String> = s.lines().filter(|l| !l.starts_with("checksum")).map(String::from).collect();
    let k = lines.iter().position(|l| l.starts_with("stems ")).unwrap();
    lines[k] = "stems nonsense".to_string();
    let bad = lines.join("\n");
    let e = Model::from_bytes(bad.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
    assert_eq!(e.offset(), bad.find("stems nonsense"));
}
