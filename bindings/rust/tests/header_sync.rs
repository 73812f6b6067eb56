//! The `extern "C"` declarations of src/sys.rs are in step with the public
//! headers: every `ATTUNE_API` function of include/attune/*.h is declared with
//! the same number of parameters, and every integer constant has its value.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn include_dir() -> PathBuf {
    if let Ok(d) = std::env::var("ATTUNE_INCLUDE_DIR") {
        return PathBuf::from(d);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tree = here.join("../../include/attune");
    if tree.is_dir() {
        return tree;
    }
    let out = Command::new("pkg-config")
        .args(["--variable=includedir", "attune"])
        .output()
        .expect("pkg-config");
    let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("attune");
    assert!(d.is_dir(), "attune headers not found: set ATTUNE_INCLUDE_DIR");
    d
}

fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'*' {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'/' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Counts the top-level comma-separated parameters of "(...)" ("(void)" and "()" are 0).
fn count_params(params: &str) -> usize {
    let inner = params.trim();
    let inner = &inner[1..inner.len() - 1];
    // A trailing comma (rustfmt's multi-line style) adds no parameter.
    let t = inner.trim().trim_end_matches(',').trim_end();
    if t.is_empty() || t == "void" {
        return 0;
    }
    let mut depth = 0i32;
    let mut n = 1;
    let mut prev = ' ';
    for c in t.chars() {
        match c {
            '>' if prev == '-' => {}
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => n += 1,
            _ => {}
        }
        prev = c;
    }
    n
}

/// Takes the balanced "(...)" that starts at s[0].
fn balanced(s: &str) -> &str {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..=i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parameter list: {}", s);
}

fn header_functions(dir: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut files: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files.iter().filter(|p| p.extension().map(|e| e == "h").unwrap_or(false)) {
        let text = strip_comments(&fs::read_to_string(f).unwrap());
        let mut rest = text.as_str();
        while let Some(pos) = rest.find("ATTUNE_API") {
            rest = &rest[pos + "ATTUNE_API".len()..];
            // Skip the macro's own definition lines.
            if rest.starts_with('\n') || rest.starts_with(" __") || rest.trim_start().starts_with('#') {
                continue;
            }
            let open = rest.find('(').unwrap();
            let name: String = rest[..open]
                .trim_end()
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
                .chars()
                .rev()
                .collect();
            let params = balanced(&rest[open..]);
            out.insert(name, count_params(params));
        }
    }
    out
}

fn rust_functions(src: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut rest = src;
    while let Some(pos) = rest.find("pub fn ") {
        rest = &rest[pos + 7..];
        let open = rest.find('(').unwrap();
        let name = rest[..open].trim().to_string();
        let params = balanced(&rest[open..]);
        // Function-pointer parameter types contain commas inside parentheses only.
        out.insert(name, count_params(params));
    }
    out
}

fn header_constants(dir: &Path) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().map(|e| e != "h").unwrap_or(true) {
            continue;
        }
        let text = strip_comments(&fs::read_to_string(&p).unwrap());
        for line in text.lines() {
            let mut it = line.split_whitespace();
            if it.next() != Some("#define") {
                continue;
            }
            let name = match it.next() {
                Some(n) if n.starts_with("ATTUNE_") && !n.contains('(') => n.to_string(),
                _ => continue,
            };
            let value: String = it.collect::<Vec<_>>().join(" ");
            if let Some(v) = eval_const(&value) {
                out.insert(name, v);
            }
        }
    }
    out
}

/// Evaluates the simple forms the headers use: 12, 12u, (-3), (1u << 4).
fn eval_const(v: &str) -> Option<i64> {
    let mut s = v.trim();
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].trim();
    }
    if let Some((a, b)) = s.split_once("<<") {
        return Some(eval_const(a)? << eval_const(b)?);
    }
    let s = s.trim_end_matches(|c| c == 'u' || c == 'U' || c == 'l' || c == 'L');
    if let Some(h) = s.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok();
    }
    s.parse::<i64>().ok()
}

fn rust_constants(src: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in src.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("pub const ") {
            let (name, rest) = rest.split_once(':').unwrap();
            let value = rest.split_once('=').unwrap().1.trim().trim_end_matches(';').to_string();
            out.insert(name.trim().to_string(), value);
        }
    }
    out
}

fn sys_source() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut s = String::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with("sys") {
            s.push_str(&fs::read_to_string(p).unwrap());
        }
    }
    s
}

#[test]
fn every_header_function_is_declared() {
    let headers = header_functions(&include_dir());
    assert!(headers.len() >= 10, "too few functions parsed from the headers: {:?}", headers);
    let sys = rust_functions(&sys_source());
    let mut problems = Vec::new();
    for (name, n) in &headers {
        match sys.get(name) {
            None => problems.push(format!("{} is not declared in src/sys.rs", name)),
            Some(m) if m != n => {
                problems.push(format!("{}: {} parameters in the header, {} in sys.rs", name, n, m))
            }
            _ => {}
        }
    }
    for name in sys.keys() {
        if !headers.contains_key(name) {
            problems.push(format!("{} is declared in sys.rs but in no header", name));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nbindings/rust/src/sys.rs must declare every ATTUNE_API function of \
         include/attune/*.h: add `pub fn NAME(...) -> T;` in its extern \"C\" block \
         (C int32_t = i32, size_t = usize, const char * = *const c_char, handles = *const/*mut \
         opaque structs).",
        problems.join("\n")
    );
}

#[test]
fn constants_match_the_headers() {
    let headers = header_constants(&include_dir());
    assert!(headers.contains_key("ATTUNE_EUTF8"), "constants not parsed: {:?}", headers);
    let sys = rust_constants(&sys_source());
    let mut problems = Vec::new();
    for (name, v) in &headers {
        if name == "ATTUNE_VERSION_NUMBER" || name == "ATTUNE_NO_OFFSET" {
            continue;
        }
        match sys.get(name) {
            None => problems.push(format!("{} = {} is not in src/sys.rs", name, v)),
            Some(rv) => {
                let parsed = eval_const(rv);
                if parsed != Some(*v) {
                    problems.push(format!("{}: header {}, sys.rs {}", name, v, rv));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nbindings/rust/src/sys.rs must define every integer #define of the headers as \
         `pub const NAME: i32/u32 = VALUE;`.",
        problems.join("\n")
    );
}

#[test]
fn the_parser_of_this_test_counts_right() {
    assert_eq!(count_params("(void)"), 0);
    assert_eq!(count_params("(const char *s, size_t len)"), 2);
    assert_eq!(count_params("(a: Option<unsafe extern \"C\" fn(x: i32, y: i32) -> u8>, b: u8)"), 2);
    assert_eq!(count_params("(\n    a: u8,\n    b: u8,\n)"), 2);
    assert_eq!(eval_const("(1u << 3)"), Some(8));
    assert_eq!(eval_const("(-7)"), Some(-7));
}
