//! The shape of the code, as docs/architecture.md describes it: the import
//! graph of `src/` has no loops and no arrow from a lower stage of the
//! pipeline to a higher one, no source file is over 800 lines and no
//! function over 120. Read from the source text itself, so a change that
//! breaks the shape fails here with the files and lines to look at.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

/// Tables of data, not logic: allowed to run long (named in
/// docs/architecture.md).
const LONG_TABLES: &[(&str, &str)] = &[];

/// The pipeline's stages, lowest first: a module may use its own stage and
/// the ones below it, never one above.
const STAGES: &[(&str, &[&str])] = &[
    (
        "words and data",
        &[
            "cache",
            "diag",
            "text",
            "labels",
            "languages",
            "dates",
            "read",
            "shape",
            "wording",
            "help",
            "library",
            "kerning",
            "layout::metrics",
        ],
    ),
    ("fonts", &["fonts"]),
    ("lessons", &["lesson", "packet", "readability"]),
    ("worksheets", &["worksheet"]),
    ("layout", &["layout", "review"]),
    ("painting", &["pdf", "svg", "html", "render"]),
    ("many clients", &["batch", "roster", "workbook"]),
    ("front ends", &["cli", "serve", "lib", "main"]),
];

type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, by module path (`layout::flow`).
fn modules() -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(src()).unwrap().with_extension("");
            let mut parts: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                let last = parts.pop().unwrap();
                if parts.is_empty() && last != "mod" {
                    parts.push(last);
                }
            }
            (parts, p)
        })
        .collect()
}

/// The source with comments, strings and character literals blanked (new
/// lines kept), so braces and paths are read from code alone.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let keep_lines = |s: &[char], out: &mut String| {
        for &c in s {
            if c == '\n' {
                out.push('\n');
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let start = i;
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            keep_lines(&b[start..i], &mut out);
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
            && {
                let mut j = i + if c == 'b' { 2 } else { 1 };
                while b.get(j) == Some(&'#') {
                    j += 1;
                }
                b.get(j) == Some(&'"')
            }
        {
            let start = i;
            i += if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while b[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if b[i] == '"' && (0..hashes).all(|k| b.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
            keep_lines(&b[start..i], &mut out);
        } else if c == '"' {
            let start = i;
            i += 1;
            while b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
            keep_lines(&b[start..i], &mut out);
        } else if c == '\''
            && (next == Some('\\') && b[i + 2..].iter().take(10).any(|&x| x == '\'')
                || b.get(i + 2) == Some(&'\''))
        {
            // A character literal; a lifetime has no closing quote.
            i += 1;
            if b[i] == '\\' {
                i += 2;
            } else {
                i += 1;
            }
            while b[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The modules a file names through `crate::` or `super::` paths, with the
/// items of `use crate::{a, b::c}` lists.
fn imports(module: &Module, code: &str) -> BTreeSet<Module> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let root = if rest.starts_with("crate::") {
            Some(("crate", 7))
        } else if rest.starts_with("super::") {
            Some(("super", 7))
        } else {
            None
        };
        let Some((kind, skip)) = root.filter(|_| i == 0 || !ident(bytes[i - 1])) else {
            i += 1;
            continue;
        };
        // `super` of `pdf/body.rs` (pdf::body) and of `pdf/mod.rs` (pdf)
        // alike is the module one up.
        let mut base: Module = if kind == "crate" {
            Vec::new()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        // `super::super::`
        let mut j = i + skip;
        while code[j..].starts_with("super::") {
            base.pop();
            j += 7;
        }
        let mut path = base;
        loop {
            let start = j;
            while j < bytes.len() && ident(bytes[j]) {
                j += 1;
            }
            if j > start {
                path.push(code[start..j].to_string());
            }
            if code[j..].starts_with("::{") {
                // A list: each item's first segment names what it uses.
                let end = j + code[j..].find('}').unwrap_or(code.len() - j);
                for item in code[j + 3..end].split(',') {
                    let first: String = item
                        .trim()
                        .trim_start_matches('{')
                        .chars()
                        .take_while(|&c| c.is_alphanumeric() || c == '_' || c == ':')
                        .collect();
                    let mut p = path.clone();
                    p.extend(
                        first
                            .split("::")
                            .filter(|s| !s.is_empty())
                            .map(String::from),
                    );
                    found.insert(p);
                }
                break;
            }
            if code[j..].starts_with("::") {
                j += 2;
                continue;
            }
            break;
        }
        found.insert(path);
        i = j.max(i + 1);
    }
    found
}

/// The file module a path lands in: its longest prefix that is a file.
fn resolve(path: &Module, all: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| all.contains_key(p))
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let all = modules();
    let mut g = BTreeMap::new();
    for (m, p) in &all {
        let code = code_only(&std::fs::read_to_string(p).unwrap());
        let edges: BTreeSet<Module> = imports(m, &code)
            .iter()
            .filter_map(|t| resolve(t, &all))
            // A child naming its parent (or the crate root) uses what the
            // parent declares for it: not an arrow of the graph.
            .filter(|t| t != m && !(t.len() < m.len() && m[..t.len()] == t[..]))
            .collect();
        g.insert(m.clone(), edges);
    }
    g
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// Strongly connected components of more than one module (Tarjan).
fn loops(g: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<String>>,
    }
    impl<'a> T<'a> {
        fn visit(&mut self, v: &'a Module) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on.insert(v);
            for w in &self.g[v] {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on.remove(w);
                    comp.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out
}

fn stage(m: &Module) -> Option<(usize, &'static str)> {
    let n = name(m);
    STAGES
        .iter()
        .enumerate()
        .filter_map(|(i, (what, mods))| {
            mods.iter()
                .filter(|p| n == **p || n.starts_with(&format!("{p}::")))
                .map(|p| (p.len(), i, *what))
                .max()
        })
        .max()
        .map(|(_, i, what)| (i, what))
}

#[test]
fn no_module_imports_in_a_loop() {
    let found = loops(&graph());
    assert!(
        found.is_empty(),
        "modules that import each other in a loop:\n{}",
        found
            .iter()
            .map(|c| format!("  {}", c.join(" ↔ ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_module_imports_a_later_stage() {
    let g = graph();
    let mut wrong = Vec::new();
    for (m, edges) in &g {
        let Some((from, what)) = stage(m) else {
            wrong.push(format!("  {} is in no stage (add it to STAGES)", name(m)));
            continue;
        };
        for t in edges {
            if let Some((to, later)) = stage(t)
                && to > from
            {
                wrong.push(format!(
                    "  {} ({what}) imports {} ({later})",
                    name(m),
                    name(t)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<String> = modules()
        .values()
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).unwrap().lines().count();
            (n > MAX_FILE_LINES).then(|| format!("  {} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// Each `fn` and how many lines it runs, from its `fn` line to its closing
/// brace.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        let t = t.strip_prefix("const ").unwrap_or(t);
        let t = t.strip_prefix("async ").unwrap_or(t);
        let t = t.strip_prefix("unsafe ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        let fn_name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0i32;
        let mut started = false;
        'scan: for (kk, l) in lines.iter().enumerate().skip(k) {
            for ch in l.chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => depth -= 1,
                    ';' if !started => break 'scan,
                    _ => {}
                }
                if started && depth == 0 {
                    out.push((fn_name.clone(), k + 1, kk - k + 1));
                    break 'scan;
                }
            }
        }
    }
    out
}

#[test]
fn no_function_is_over_120_lines() {
    let mut long = Vec::new();
    for p in modules().values() {
        let code = code_only(&std::fs::read_to_string(p).unwrap());
        let file = p.strip_prefix(src()).unwrap().display().to_string();
        for (f, line, n) in functions(&code) {
            if n > MAX_FN_LINES && !LONG_TABLES.contains(&(file.as_str(), f.as_str())) {
                long.push(format!("  src/{file}:{line} {f} ({n} lines)"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these functions by step:\n{}",
        long.join("\n")
    );
}

/// The reader itself: a loop it must see, and a string it must not read.
#[test]
fn the_reader_sees_loops_and_skips_strings() {
    let code = code_only("use crate::a::{b, c::D};\nlet s = \"crate::x\"; // crate::y\n");
    let m = vec!["z".to_string()];
    let got = imports(&m, &code);
    let want: BTreeSet<Module> = [vec!["a", "b"], vec!["a", "c", "D"], vec!["a"]]
        .into_iter()
        .map(|p| p.into_iter().map(String::from).collect())
        .collect();
    assert_eq!(got, want);
    let g: BTreeMap<Module, BTreeSet<Module>> = [
        (vec!["a".into()], [vec!["b".into()]].into()),
        (vec!["b".into()], [vec!["a".into()]].into()),
        (vec!["c".into()], BTreeSet::new()),
    ]
    .into();
    assert_eq!(loops(&g), vec![vec!["a".to_string(), "b".to_string()]]);
    let f = functions("fn a() {\n    x;\n}\nfn b();\n");
    assert_eq!(f, vec![("a".to_string(), 1, 3)]);
}
