//! The crate's structure, checked from its source: every `crate::` path in `src/` (in
//! `use` lines and inline), read as a dependency of the file it is written in.
//!
//! - No import circle between files, nor between the folders (and files) of any one
//!   folder.
//! - The map of layers in `src/lib.rs` holds: a module uses only modules of the rows
//!   below its own.
//! - In `src/web/`, handler files (the folders `learn`, `account`, `teach`, `admin`)
//!   never import another handler file, and the shared floor never imports a handler;
//!   only `routes.rs` sees them all.
//!
//! Comments do not count, nor does anything from a file's `#[cfg(test)]` module on.
//! Run `cargo test --test layers` after moving code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`web::learn::answers`) to the module paths it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

const HANDLER_FOLDERS: [&str; 4] = ["learn", "account", "teach", "admin"];

#[test]
fn no_import_circles_between_files_or_folders() {
    let graph = dependencies();
    let mut circles = Vec::new();
    for (scope, graph) in scoped_graphs(&graph) {
        for circle in strongly_connected(&graph) {
            circles.push(format!("in `{scope}`: {}", circle.join(" <-> ")));
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_map_of_layers_in_lib_rs_holds() {
    let layers = layers_from_lib_rs();
    assert!(
        layers.len() >= 5,
        "lib.rs should list the layers: {layers:?}"
    );
    let row = |module: &str| {
        let top = module.split("::").next().unwrap_or(module);
        layers.get(top).copied()
    };
    let mut broken = Vec::new();
    for (from, names) in dependencies() {
        let Some(from_row) = row(&from) else {
            broken.push(format!("`{from}` is in no row of the map in lib.rs"));
            continue;
        };
        for to in names {
            if top(&to) == top(&from) {
                continue;
            }
            match row(&to) {
                Some(to_row) if to_row > from_row => {}
                _ => broken.push(format!("`{from}` uses `{to}`, which is not below it")),
            }
        }
    }
    assert!(
        broken.is_empty(),
        "lib.rs's map is untrue:\n{}",
        broken.join("\n")
    );
}

#[test]
fn web_handlers_use_the_floor_and_never_each_other() {
    let mut broken = Vec::new();
    for (from, names) in dependencies() {
        let Some(rest) = from.strip_prefix("web::") else {
            continue;
        };
        if rest == "routes" {
            continue;
        }
        let from_group = handler_group(&from);
        for to in names {
            let Some(to_group) = handler_group(&to) else {
                continue;
            };
            match &from_group {
                None => broken.push(format!("floor file `{from}` imports handler `{to}`")),
                Some(_) if to != from && !is_parent(&to, &from) => broken.push(format!(
                    "handler `{from}` imports handler `{to}` ({to_group})"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// `web::learn` for anything under `src/web/learn/`, and so on.
fn handler_group(module: &str) -> Option<String> {
    let mut parts = module.split("::");
    (parts.next() == Some("web"))
        .then(|| parts.next())
        .flatten()
        .filter(|group| HANDLER_FOLDERS.contains(group))
        .map(|group| format!("web::{group}"))
}

fn is_parent(parent: &str, child: &str) -> bool {
    child.starts_with(&format!("{parent}::"))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// Reads the layer table of `src/lib.rs`: rows of `| name | `a`, `b` | what |`, top row
/// first; returns each module's row number.
fn layers_from_lib_rs() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("read src/lib.rs");
    let mut layers = BTreeMap::new();
    let rows = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//! |"))
        .filter(|l| l.contains('`'));
    for (row, line) in rows.enumerate() {
        let cells: Vec<&str> = line.split('|').collect();
        let Some(modules) = cells.get(1) else {
            continue;
        };
        for name in modules.split(',') {
            let name = name.trim().trim_matches('`');
            if !name.is_empty() {
                layers.insert(name.to_owned(), row);
            }
        }
    }
    layers
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every library file's module path and the module paths its `crate::` paths name.
fn dependencies() -> Graph {
    let src = root().join("src");
    let mut files = BTreeMap::new();
    collect(&src, &src, &mut files);
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut graph = Graph::new();
    for (module, text) in &files {
        let mut names = BTreeSet::new();
        for path in crate_paths(module, text) {
            // A child naming its parent module's items counts too: with a re-export
            // the other way, that is a circle between the two files.
            if let Some(target) = longest_module(&modules, &path) {
                if &target != module {
                    names.insert(target);
                }
            }
        }
        graph.insert(module.clone(), names);
    }
    graph
}

fn collect(src: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(src, &path, files);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).expect("under src");
        let mut parts: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let module = parts.join("::");
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        files.insert(module, text);
    }
}

/// The `crate::…` paths a file names, with `super::` made absolute and grouped `use`
/// lines expanded. Comments and the file's test module are left out.
fn crate_paths(module: &str, text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let code = code.replace(
        "super::",
        &format!("crate::{parent}::").replace("crate::::", "crate::"),
    );
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let tail = &rest[at + "crate::".len()..];
        let (path, used) = read_path(tail);
        paths.extend(path);
        rest = &tail[used..];
    }
    paths
}

/// Reads `a::b::{c, d::{e}}` from the start of `text`: the expanded paths and how many
/// bytes were read.
fn read_path(text: &str) -> (Vec<String>, usize) {
    let mut prefix = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_alphanumeric() || c == '_' || c == ':' {
            prefix.push(c);
            i += 1;
        } else if c == '{' {
            let close = matching_brace(text, i);
            let inner = &text[i + 1..close];
            let prefix = prefix.trim_end_matches(':').to_owned();
            let mut out = Vec::new();
            for part in split_top_level(inner) {
                let (paths, _) = read_path(part.trim());
                for p in paths {
                    if p == "self" || p.is_empty() {
                        out.push(prefix.clone());
                    } else {
                        out.push(format!("{prefix}::{p}"));
                    }
                }
            }
            return (out, close + 1);
        } else {
            break;
        }
    }
    (vec![prefix.trim_end_matches(':').to_owned()], i)
}

fn matching_brace(text: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn longest_module(modules: &BTreeSet<String>, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains(candidate))
}

/// For the whole crate and for each folder, the graph between its direct members (its
/// files and sub-folders, and the folder's own `mod.rs` as `self`).
fn scoped_graphs(graph: &Graph) -> BTreeMap<String, Graph> {
    let mut scopes: BTreeMap<String, Graph> = BTreeMap::new();
    for (from, names) in graph {
        for to in names {
            let a: Vec<&str> = from.split("::").collect();
            let b: Vec<&str> = to.split("::").collect();
            let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let scope = if common == 0 {
                "crate".to_owned()
            } else {
                a[..common].join("::")
            };
            let member = |parts: &[&str]| {
                parts
                    .get(common)
                    .map_or_else(|| "self".to_owned(), |p| (*p).to_owned())
            };
            let (x, y) = (member(&a), member(&b));
            if x != y {
                scopes
                    .entry(scope)
                    .or_default()
                    .entry(x)
                    .or_default()
                    .insert(y);
            }
        }
    }
    scopes
}

/// Groups of two or more nodes that reach each other (Tarjan's algorithm).
fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}
