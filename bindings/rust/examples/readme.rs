//! The Rust snippet of the README (README.md), kept identical
//! by bindings/python/tests/test_readme.py.
fn main() -> Result<(), attune::Error> {
    let page = std::fs::read("examples/sample-page.txt").expect("read");
    let doc = attune::Document::parse(&page)?;
    for block in doc.outline() {
        println!("{} {}", block.level(), block.text());
    }
    let result = attune::classify(&doc, None)?;   // Some(&model) for another model
    for theme in result.themes() {
        println!("{} {:.2} {:?}", theme.id, theme.score, theme.evidence.first());
    }
    Ok(())
}
