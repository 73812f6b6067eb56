//! themes.h through the crate, on the seed pages.
mod common;

use attune::{classify, classify_text, BlockKind, Document, Model, UnitKind};

#[test]
fn seeds_units_scores_and_evidence() {
    let Some(c) = common::corpus() else { return };
    let builtin = Model::builtin().unwrap();
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let doc = Document::parse(&data).unwrap();
        let r = classify(&doc, None).unwrap();
        assert_eq!(r.theme_count(), builtin.theme_count());
        assert_eq!(r.unit_count(), 1 + r.sections().len() + r.blocks().len());
        assert_eq!(r.document().kind(), UnitKind::Document);
        let themes = r.themes();
        assert!(!themes.is_empty(), "{}", name);
        for w in themes.windows(2) {
            assert!(w[0].score >= w[1].score);
        }
        let outline = doc.outline();
        for s in r.sections() {
            assert_eq!(s.kind(), UnitKind::Section);
            let (heading, line) = s.heading().unwrap();
            if let Some(b) = s.block() {
                assert!(outline.contains(&b));
                assert_eq!(heading, b.text());
                assert_eq!(line, b.lines().0);
            }
        }
        let mains: Vec<_> = doc
            .blocks()
            .filter(|b| {
                !matches!(b.kind(), BlockKind::Document | BlockKind::Section | BlockKind::List | BlockKind::Boilerplate)
            })
            .collect();
        let units: Vec<_> = r.blocks().iter().map(|u| u.block().unwrap()).collect();
        assert_eq!(units, mains, "{}", name);
        for u in r.blocks() {
            assert_eq!(r.unit_for(&u.block().unwrap()).unwrap().index(), u.index());
            let sp = u.span();
            for t in u.themes() {
                assert!(t.present);
                let th = builtin.theme(t.index).unwrap();
                assert!(t.score >= th.threshold);
                assert_eq!(t.id, th.id);
                for e in &t.evidence {
                    assert!(sp.start <= e.start && e.end <= sp.end);
                }
            }
        }
        assert!(r.unit_for(&doc.root()).is_none());
    }
}

#[test]
fn text_and_other_models() {
    let text = "Ça m’a aidé. I felt heard and understood, and my therapist validated my feelings.";
    let r = classify_text(text.as_bytes(), None).unwrap();
    let t = &r.themes()[0];
    assert!(!t.evidence.is_empty());
    for e in &t.evidence {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
    }
    assert!(r.document().block().is_none());
    let copy = Model::from_bytes(&Model::builtin().unwrap().to_bytes().unwrap()).unwrap();
    let r2 = classify_text(text.as_bytes(), Some(&copy)).unwrap();
    let a: Vec<(String, f64)> = r.themes().into_iter().map(|t| (t.id, t.score)).collect();
    let b: Vec<(String, f64)> = r2.themes().into_iter().map(|t| (t.id, t.score)).collect();
    assert_eq!(a, b);
}

#[test]
fn one_model_classifies_from_several_threads() {
    let Some(c) = common::corpus() else { return };
    let model = Model::builtin().unwrap();
    let pages: Vec<Vec<u8>> = common::seeds(&c).iter().map(|n| common::seed_bytes(&c, n)).collect();
    let serial: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            let d = Document::parse(p).unwrap();
            let ids = classify(&d, Some(&model)).unwrap().themes().into_iter().map(|t| t.id).collect();
            ids
        })
        .collect();
    std::thread::scope(|s| {
        let hs: Vec<_> = pages
            .iter()
            .map(|p| {
                let m = &model;
                s.spawn(move || {
                    let d = Document::parse(p).unwrap();
                    let ids: Vec<String> = classify(&d, Some(m)).unwrap().themes().into_iter().map(|t| t.id).collect();
                    ids
                })
            })
            .collect();
        let par: Vec<Vec<String>> = hs.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(par, serial);
    });
}

#[test]
fn render_json_outline_and_main_text() {
    let Some(c) = common::corpus() else { return };
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let doc = Document::parse(&data).unwrap();
        let r = classify(&doc, None).unwrap();
        let opts = attune::RenderOptions { result: Some(&r), source: Some(&name), ..Default::default() };
        let json = doc.to_json(&opts).unwrap();
        assert!(json.starts_with(&format!("{{\"source\":\"{}\"", name)), "{}", &json[..80]);
        for t in r.themes() {
            assert!(json.contains(&format!("\"id\":\"{}\"", t.id)));
        }
        assert_eq!(doc.render_outline(&Default::default()).unwrap().lines().count(), doc.len() - 1);
        let text = doc.main_text().unwrap();
        for b in doc.blocks() {
            for s in b.spam() {
                let spam = String::from_utf8_lossy(&data[s]).trim().to_string();
                assert!(!text.contains(&spam), "{}", name);
            }
        }
        let bad = attune::RenderOptions { source: Some("a\0b"), ..Default::default() };
        assert!(doc.to_json(&bad).is_err());
    }
}
