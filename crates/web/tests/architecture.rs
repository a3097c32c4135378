//! The structure ARCHITECTURE.md describes, held by reading the source: no two files of a
//! crate import each other (directly or round a loop), the web crate's rooms use only the
//! rooms below them, its files stay readable in one sitting and its handlers short.
//!
//! A file's imports are the `crate::`/`super::` paths it names (in `use` trees and inline),
//! each resolved to the file of the longest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The web crate's layers, bottom first: a file may use files of its own layer or below.
/// A file's layer is that of the longest prefix of its module path listed here.
const WEB_LAYERS: &[(&str, &[&str])] = &[
    (
        "knows no request",
        &[
            "error",
            "shell",
            "svg",
            "query",
            "formats",
            "admission",
            "limits",
            "io",
            "cores",
            "memory",
            "access",
            "metrics",
        ],
    ),
    ("the read view and shared state", &["state"]),
    ("the request's context", &["auth", "extract"]),
    ("the resources", &["pages", "api"]),
    ("router, layers, fast path, front, accept loop", &["", "layers", "fast", "front", "server"]),
];

/// Resources side by side: neither of these uses the other.
const SIDE_BY_SIDE: (&str, &str) = ("pages", "api");

const MAX_WEB_FILE_LINES: usize = 400;
const MAX_HANDLER_LINES: usize = 60;

type Module = Vec<String>;

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every source file of a crate, by module path.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("a source directory").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(src).expect("under src").with_extension("");
            let mut m: Module = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if matches!(m.last().map(String::as_str), Some("lib" | "main" | "mod")) {
                m.pop();
            }
            (m, p)
        })
        .collect()
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str, prefix: &[String], out: &mut Vec<Module>) {
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, c) in tree.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&tree[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tree[start..]);
    for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        match part.find('{') {
            Some(b) => {
                let mut p = prefix.to_vec();
                p.extend(part[..b].split("::").filter(|s| !s.is_empty()).map(String::from));
                expand(&part[b + 1..part.rfind('}').unwrap_or(part.len())], &p, out);
            }
            None => {
                let mut p = prefix.to_vec();
                p.extend(part.split("::").map(|s| s.split(" as ").next().unwrap_or(s).trim().to_string()));
                out.push(p);
            }
        }
    }
}

/// The `crate::`/`super::` paths a file names, made absolute.
fn references(text: &str, here: &[String]) -> Vec<Module> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("use ") {
        let tail = &rest[i + 4..];
        let end = tail.find(';').unwrap_or(tail.len());
        let tree: String = tail[..end].chars().filter(|c| !c.is_whitespace()).collect();
        if tree.starts_with("crate::") || tree.starts_with("super::") {
            expand(&tree, &[], &mut paths);
        }
        rest = &tail[end..];
    }
    let bytes = code.as_bytes();
    for kw in ["crate::", "super::"] {
        for (i, _) in code.match_indices(kw) {
            if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':') {
                continue;
            }
            let path: String =
                code[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
            paths.push(path.split("::").filter(|s| !s.is_empty()).map(String::from).collect());
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let mut base: Module = Vec::new();
            let mut it = p.into_iter().peekable();
            match it.peek().map(String::as_str) {
                Some("crate") => {
                    it.next();
                }
                _ => {
                    base = here.to_vec();
                    while it.peek().map(String::as_str) == Some("super") {
                        it.next();
                        base.pop();
                    }
                }
            }
            base.extend(it);
            base
        })
        .collect::<BTreeSet<Module>>()
        .into_iter()
        .collect()
}

/// For each file, the files it imports (itself left out).
fn graph(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mods = modules(src);
    mods.iter()
        .map(|(m, path)| {
            let text = std::fs::read_to_string(path).expect("a source file");
            // A test module's `super` is the file itself: its imports are not the file's.
            let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            // A file's `super` is its parent module, whether it is `foo.rs` or `foo/mod.rs`.
            let targets = references(text, m)
                .into_iter()
                .filter_map(|r| (0..=r.len()).rev().find_map(|k| mods.get(&r[..k])))
                .filter(|t| *t != path)
                .cloned()
                .collect();
            (path.clone(), targets)
        })
        .collect()
}

/// Files that reach themselves through others' imports.
fn circles(g: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<PathBuf> {
    let reach = |from: &PathBuf| {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&PathBuf> = g[from].iter().collect();
        while let Some(n) = todo.pop() {
            if seen.insert(n.clone()) {
                todo.extend(g.get(n).into_iter().flatten());
            }
        }
        seen
    };
    g.keys().filter(|f| reach(f).contains(*f)).cloned().collect()
}

fn web_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("under src").with_extension("");
    let mut m: Module = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    if matches!(m.last().map(String::as_str), Some("lib" | "main" | "mod")) {
        m.pop();
    }
    m
}

fn layer_of(m: &Module) -> usize {
    let mut best: Option<(usize, usize)> = None;
    for (layer, (_, prefixes)) in WEB_LAYERS.iter().enumerate() {
        for p in *prefixes {
            let p: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            let fits = p.len() <= m.len() && p.iter().zip(m).all(|(a, b)| a == b);
            if fits && best.is_none_or(|(len, _)| p.len() > len) && (!p.is_empty() || m.is_empty()) {
                best = Some((p.len(), layer));
            }
        }
    }
    best.unwrap_or_else(|| panic!("{} is in no layer of WEB_LAYERS: add it", m.join("::"))).1
}

#[test]
fn no_two_files_of_a_crate_import_each_other() {
    for krate in ["core", "store", "web", "cli"] {
        let src = crates_dir().join(krate).join("src");
        let looped = circles(&graph(&src));
        assert!(looped.is_empty(), "files of crates/{krate} that import each other round a loop: {looped:#?}");
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let text_a = "use crate::b::thing;\n";
    let text_b = "fn f() { super::a::other(); }\n";
    let a = references(text_a, &["a".to_string()]);
    let b = references(text_b, &["b".to_string()]);
    assert_eq!(a, vec![vec!["b".to_string(), "thing".to_string()]]);
    assert_eq!(b, vec![vec!["a".to_string(), "other".to_string()]]);
    let g: BTreeMap<PathBuf, BTreeSet<PathBuf>> = [
        (PathBuf::from("a.rs"), BTreeSet::from([PathBuf::from("b.rs")])),
        (PathBuf::from("b.rs"), BTreeSet::from([PathBuf::from("a.rs")])),
        (PathBuf::from("c.rs"), BTreeSet::from([PathBuf::from("a.rs")])),
    ]
    .into();
    assert_eq!(circles(&g), vec![PathBuf::from("a.rs"), PathBuf::from("b.rs")]);
    let mut nested = Vec::new();
    expand("crate::a::{b,c::{d,e as f}}", &[], &mut nested);
    assert_eq!(nested.len(), 3);
    assert_eq!(nested[2], ["crate", "a", "c", "e"]);
}

#[test]
fn web_files_use_only_their_layer_and_those_below() {
    let src = web_src();
    let mut wrong = Vec::new();
    for (file, targets) in graph(&src) {
        let m = module_of(&src, &file);
        for t in targets {
            let tm = module_of(&src, &t);
            let (from, to) = (layer_of(&m), layer_of(&tm));
            let crossed = |a: &str, b: &str| m.first().is_some_and(|x| x == a) && tm.first().is_some_and(|x| x == b);
            if to > from {
                wrong.push(format!(
                    "{} ({}) uses {} ({})",
                    m.join("::"),
                    WEB_LAYERS[from].0,
                    tm.join("::"),
                    WEB_LAYERS[to].0
                ));
            } else if crossed(SIDE_BY_SIDE.0, SIDE_BY_SIDE.1) || crossed(SIDE_BY_SIDE.1, SIDE_BY_SIDE.0) {
                wrong.push(format!(
                    "{} uses {}: the pages and the API stand side by side",
                    m.join("::"),
                    tm.join("::")
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn web_files_are_read_in_one_sitting_and_handlers_are_short() {
    let src = web_src();
    let mut long = Vec::new();
    for file in modules(&src).into_values() {
        let text = std::fs::read_to_string(&file).expect("a source file");
        let lines: Vec<&str> = text.lines().collect();
        let name = file.strip_prefix(&src).unwrap_or(&file).display().to_string();
        if lines.len() > MAX_WEB_FILE_LINES {
            long.push(format!("{name}: {} lines", lines.len()));
        }
        // A handler is an async fn of a resource; it ends at the closing brace of its indent.
        if !(name.starts_with("pages") || name.starts_with("api")) {
            continue;
        }
        for (i, l) in lines.iter().enumerate() {
            let indent = l.len() - l.trim_start().len();
            let t = l.trim_start();
            if !(t.starts_with("async fn") || t.starts_with("pub async fn") || t.starts_with("pub(crate) async fn")) {
                continue;
            }
            let close = format!("{}}}", " ".repeat(indent));
            let end = lines[i..].iter().position(|x| *x == close).map_or(lines.len(), |k| i + k);
            if end + 1 - i > MAX_HANDLER_LINES {
                long.push(format!("{name}:{}: a handler of {} lines", i + 1, end + 1 - i));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_WEB_FILE_LINES} lines a file or {MAX_HANDLER_LINES} a handler: {long:#?}");
}
