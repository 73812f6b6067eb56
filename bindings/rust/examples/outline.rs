//! `cargo run --example outline -- FILE`: the outline of a page with the
//! themes of each section (built-in model), as `python -m attune` prints it.
use std::process::ExitCode;

fn run(path: &str) -> Result<(), String> {
    let page = std::fs::read(path).map_err(|e| format!("{}: {}", path, e))?;
    let doc = attune::Document::parse(&page).map_err(|e| format!("{}: {}", path, e))?;
    let result = attune::classify(&doc, None).map_err(|e| format!("{}: {}", path, e))?;
    for section in result.sections() {
        let level = section.block().map(|b| b.level()).unwrap_or(1).max(1) as usize;
        let (heading, _line) = section.heading().unwrap_or_default();
        let heading = if heading.is_empty() { "(introduction)".to_string() } else { heading };
        let themes: Vec<String> =
            section.themes().iter().map(|t| format!("{} {:.2}", t.id, t.score)).collect();
        println!("{}{}  [{}]", "  ".repeat(level - 1), heading, themes.join(", "));
    }
    let themes: Vec<String> = result
        .themes()
        .iter()
        .map(|t| {
            let first = t.evidence.first().map(|r| String::from_utf8_lossy(&page[r.clone()]).into_owned());
            format!("{} {:.2} ({})", t.id, t.score, first.unwrap_or_default())
        })
        .collect();
    println!("themes: {}", themes.join(", "));
    Ok(())
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: outline FILE");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e);
            ExitCode::FAILURE
        }
    }
}
