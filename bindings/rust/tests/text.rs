//! text.h through the crate, on the seed pages.
mod common;

use attune::{normalize, validate, ErrorKind, Norm, Text};

#[test]
fn seeds_validate_and_a_cut_sequence_is_reported_at_its_byte() {
    let Some(c) = common::corpus() else { return };
    let mut cut = 0;
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        validate(&data).unwrap();
        if let Some(lead) = data.iter().position(|&b| b >= 0xC2) {
            let mut broken = data.clone();
            broken[lead + 1] = b' ';
            let e = validate(&broken).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Utf8);
            assert_eq!(e.status(), attune::sys::ATTUNE_EUTF8);
            assert_eq!(e.offset(), Some(lead), "{}", name);
            cut += 1;
        }
    }
    assert!(cut > 0);
}

#[test]
fn normalize_folds_typography_of_the_seeds() {
    let Some(c) = common::corpus() else { return };
    let mut folded = 0;
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let s = std::str::from_utf8(&data).unwrap();
        folded += s.matches(|ch| "\u{2018}\u{2019}\u{201c}\u{201d}\u{2014}".contains(ch)).count();
        let out = normalize(&data, Norm::NFC | Norm::FOLD_TYPOGRAPHY | Norm::STRIP_INVISIBLE).unwrap();
        assert!(!out.contains(|ch| "\u{2018}\u{2019}\u{201c}\u{201d}\u{2014}\u{a0}".contains(ch)), "{}", name);
        // NONE copies the text unchanged.
        assert_eq!(normalize(&data, Norm::NONE).unwrap(), s);
    }
    assert!(folded > 0);
}

#[test]
fn ill_formed_input_is_an_error_with_offset_unless_repaired() {
    let e = normalize(b"abc\xffdef", Norm::NFC).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Utf8, Some(3)));
    assert!(e.to_string().contains("at byte 3"), "{}", e);
    assert_eq!(normalize(b"abc\xffdef", Norm::NFC | Norm::REPAIR).unwrap(), "abc\u{fffd}def");
    let e = normalize(b"x", Norm(1 << 20)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn text_maps_offsets_back_to_the_input() {
    let Some(c) = common::corpus() else { return };
    for name in common::seeds(&c) {
        let data = common::seed_bytes(&c, &name);
        let t = Text::new(&data, Norm::NFC | Norm::FOLD_TYPOGRAPHY).unwrap();
        assert_eq!(t.source_len(), data.len());
        let out = t.as_bytes();
        let mut prev = 0;
        for i in 0..=out.len() {
            let o = t.source_offset(i).unwrap();
            assert!(o >= prev && o <= data.len());
            prev = o;
        }
        assert_eq!(t.source_offset(out.len()), Some(data.len()));
        assert_eq!(t.source_offset(out.len() + 1), None);
        if let Some(j) = data.windows(3).position(|w| w == "\u{2019}".as_bytes()) {
            let k = (0..out.len()).find(|&k| out[k] == b'\'' && t.source_offset(k) == Some(j)).unwrap();
            assert_eq!(t.source_span(k..k + 1).unwrap(), j..j + 3);
        }
        assert!(t.source_span(5..2).is_err());
    }
}
