//! content.h through the crate, on the seed pages and their gold files.
mod common;

use attune::{Block, BlockKind, Document, ErrorKind, Event, ParseOptions};

#[test]
fn tree_walk_and_indexes_agree() {
    let Some(c) = common::corpus() else { return };
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let doc = Document::parse(&data).unwrap();
        let blocks: Vec<Block> = doc.blocks().collect();
        assert_eq!(blocks.len(), doc.len());
        assert_eq!(blocks[0].kind(), BlockKind::Document);
        assert_eq!(blocks[0].kind_name(), "document");
        for (i, b) in blocks.iter().enumerate() {
            assert_eq!(b.index(), i);
            if i > 0 {
                let p = b.parent().unwrap();
                assert!(p.children().any(|k| k == *b));
            }
            let sp = b.span();
            assert!(sp.start <= sp.end && sp.end <= data.len());
            if sp.end > sp.start {
                let line = data[..sp.start].iter().filter(|&&x| x == b'\n').count() + 1;
                assert_eq!(b.lines().0, line, "{} {:?}", name, b);
            }
            assert_eq!(b.boilerplate().is_some(), b.kind() == BlockKind::Boilerplate);
            for s in b.spam() {
                assert!(sp.start <= s.start && s.end <= sp.end);
            }
            for p in b.personal_data() {
                assert!(sp.start <= p.span.start && p.span.end <= sp.end);
                assert!(!p.kind_name.is_empty());
            }
        }
        let mut entered = Vec::new();
        let mut depth = 0i32;
        for ev in doc.walk().unwrap() {
            match ev {
                Event::Enter(b) => {
                    entered.push(b);
                    depth += 1
                }
                Event::Exit(_) => depth -= 1,
            }
        }
        assert_eq!(entered, blocks);
        assert_eq!(depth, 0);
        assert_eq!(doc.source(), &data[..]);
    }
}

#[test]
fn outline_matches_the_gold_headings() {
    let Some(c) = common::corpus() else { return };
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let doc = Document::parse(&data).unwrap();
        let want: Vec<(usize, i32)> = common::gold(&c, &name)
            .into_iter()
            .filter(|r| r.1 == "title" || r.1 == "heading")
            .map(|r| (r.0, r.2.unwrap_or(0)))
            .collect();
        let got: Vec<(usize, i32)> = doc.outline().iter().map(|b| (b.lines().0, b.level())).collect();
        assert_eq!(got, want, "{}", name);
        if let Some(t) = doc.title() {
            assert_eq!(t.level(), 1);
            assert!(!t.text().is_empty());
        }
    }
}

#[test]
fn strict_utf8_reports_the_offset_and_limits_apply() {
    let Some(c) = common::corpus() else { return };
    let name = &common::seeds(&c)[0];
    let mut data = common::seed_bytes(&c, name);
    let at = data.len() / 2;
    data[at] = 0xFF;
    let e = Document::parse_with(&data, &ParseOptions { strict_utf8: true, ..Default::default() }).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Utf8, Some(at)));
    let doc = Document::parse(&data).unwrap();
    assert!(doc.blocks().any(|b| b.text().contains('\u{fffd}')));
    let e = Document::parse_with(&data, &ParseOptions { max_input: 8, ..Default::default() }).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    // a seed with its bytes turned to control characters every 16 bytes is not text
    let mut bin = common::seed_bytes(&c, name);
    for i in (7..bin.len()).step_by(16) {
        bin[i] = 0x01;
    }
    let e = Document::parse(&bin).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NotText, Some(7)));
    assert!(Document::parse_with(&bin, &ParseOptions { any_bytes: true, ..Default::default() }).is_ok());
}

#[test]
fn documents_are_shared_across_threads() {
    let Some(c) = common::corpus() else { return };
    let data = common::seed_bytes(&c, &common::seeds(&c)[0]);
    let doc = Document::parse(&data).unwrap();
    let texts: Vec<String> = doc.blocks().map(|b| b.text().into_owned()).collect();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let mine: Vec<String> = doc.blocks().map(|b| b.text().into_owned()).collect();
                assert_eq!(mine, texts);
            });
        }
    });
}
