//! The modules of `src/` import only modules below them: the order of the stages is written
//! once here, and every `crate::…` path of the code is checked against it. Inside a module
//! with submodules, the submodules import each other without a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules of `src/`, each allowed to use only those before it: the helpers every stage
/// uses, then the stages in the order data flows through them, then the commands.
const ORDER: &[&str] = &[
    // Helpers every stage uses.
    "text",
    "url",
    "hash",
    "target",
    "date",
    "words",
    "video",
    "error",
    "messages",
    "fsio",
    "typography",
    "html",
    // load: the site's files read and checked.
    "yaml",
    "frontmatter",
    "i18n",
    "config",
    "cards",
    "theme",
    "images",
    "load",
    // model: the site as data.
    "sanitize",
    "markdown",
    "model",
    "notices",
    // render: every output made.
    "search",
    "render",
    // What check and build verify on the outputs: links, anchors; warnings.
    "verify",
    // write: the output folder and its record.
    "manifest",
    "write",
    "addresses",
    // Commands.
    "build",
    "check",
    "new",
    "serve",
    "deploy",
    // The editor publishes: it builds, then deploys.
    "editor",
];

/// The code of a file without its comments, line by line.
fn code(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The names that follow `prefix` in `code`: `crate::load::Sources` gives `load`.
fn names_after<'a>(code: &'a str, prefix: &str) -> BTreeSet<&'a str> {
    code.match_indices(prefix)
        .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(at, _)| {
            let rest = &code[at + prefix.len()..];
            &rest[..rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Every file of `src/` by module path (`render`, `render::jobs`), with its code.
fn modules() -> BTreeMap<Vec<String>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        modules.insert(parts, code(&std::fs::read_to_string(path).unwrap()));
    }
    modules
}

#[test]
fn every_module_imports_only_modules_below_it() {
    let modules = modules();
    let rank = |name: &str| ORDER.iter().position(|m| *m == name);
    let mut wrong = Vec::new();
    for (path, code) in &modules {
        let own = path[0].as_str();
        if own == "lib" || own == "main" {
            continue;
        }
        let Some(own_rank) = rank(own) else {
            wrong.push(format!("{own} is not in the order of tests/site/layers.rs: add it where it belongs"));
            continue;
        };
        for used in names_after(code, "crate::") {
            match rank(used) {
                Some(r) if r < own_rank || used == own => {}
                Some(_) => wrong.push(format!("{} imports {used}, which comes after it", path.join("::"))),
                None => wrong.push(format!("{} imports crate::{used}, which is not a module", path.join("::"))),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn submodules_import_each_other_without_a_circle() {
    let modules = modules();
    // Edges between files of one module: `super::x` and `crate::module::x`.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in modules.iter().filter(|(p, _)| p.len() == 2) {
        let (parent, own) = (&path[0], &path[1]);
        let siblings = names_after(code, "super::").into_iter().chain(names_after(code, &format!("crate::{parent}::")));
        for sibling in siblings.filter(|s| *s != own && modules.contains_key(&vec![parent.clone(), s.to_string()])) {
            edges.entry(format!("{parent}::{own}")).or_default().insert(format!("{parent}::{sibling}"));
        }
    }
    // Depth-first search for a circle.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut circle = path[start..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(circle) = visit(node, &edges, &mut Vec::new(), &mut done) {
            panic!("submodules import each other in a circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_checks_find_what_they_look_for() {
    let code = code("use crate::load::Sources; // crate::render\nlet x = crate::model::build(super::jobs::Job);");
    assert_eq!(names_after(&code, "crate::"), BTreeSet::from(["load", "model"]));
    assert_eq!(names_after(&code, "super::"), BTreeSet::from(["jobs"]));
}
