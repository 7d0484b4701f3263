//! Fingerprints of outputs: the hash of what an output is rendered from, its template (with the
//! templates it extends or includes) and every value of its context ([`super::contexts`]).
//! Equal fingerprints, equal outputs: `serve` renders again only the outputs whose fingerprint
//! changed after an edit. Being derived from the inputs themselves, a fingerprint cannot miss
//! one. Shared values are hashed once per build and found again by their address, so that
//! fingerprinting every output costs far less than rendering one.
//!
//! A fingerprint also says which pages' values its output shows ([`Owner`]): what a page says
//! reaches other outputs only through its shared values, so after an edit that changed only
//! what some pages say, only the outputs that show those pages' values can have changed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};

use tera::Value;
use tera::value::ValueKind;

use super::contexts::{Inputs, Shared};
use crate::model::PageId;
use crate::theme::Template;

/// Whose values an output shows: one page's, or, through the lists of all pages, everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Page(PageId),
    Everyone,
}

/// An output's fingerprint, and the pages whose values it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    pub hash: u64,
    pub owners: Vec<Owner>,
}

/// The hashes of the shared values, and whose they are, by the address of what they hold.
#[derive(Default)]
pub(super) struct Memo {
    by_address: ahash::AHashMap<usize, (u64, Option<Owner>)>,
}

impl Memo {
    /// Hashes the shared values of a build. Their addresses stay valid as long as `shared`
    /// holds them: the memo must be made again whenever `shared` changes.
    pub fn new(shared: &Shared) -> Memo {
        let mut memo = Memo::default();
        let common = shared
            .sections
            .iter()
            .flatten()
            .chain(shared.crumbs.iter().flatten())
            .chain(shared.shares.values())
            .chain(shared.globals.values());
        for value in common {
            memo.remember(value, None);
        }
        for id in 0..shared.summaries.len() {
            for value in shared.page_values(id) {
                memo.remember(value, Some(Owner::Page(id)));
            }
        }
        // Lists hold the summaries: hashed after them, they find them in the memo.
        for value in shared.lists.values() {
            memo.remember(value, Some(Owner::Everyone));
        }
        memo
    }

    /// After these pages' values in `shared` were made again ([`Shared::update`]): their old
    /// values must be forgotten with [`Memo::forget_pages`] before they are dropped, since
    /// another value may take their place.
    pub fn remember_pages(&mut self, shared: &Shared, pages: &[PageId]) {
        for &id in pages {
            for value in shared.page_values(id) {
                self.remember(value, Some(Owner::Page(id)));
            }
        }
        for value in shared.lists.values() {
            self.remember(value, Some(Owner::Everyone));
        }
    }

    /// Before these pages' values in `shared` are replaced.
    pub fn forget_pages(&mut self, shared: &Shared, pages: &[PageId]) {
        let values = pages.iter().flat_map(|&id| shared.page_values(id));
        for value in values.chain(shared.lists.values()) {
            if let Some(address) = address(value) {
                self.by_address.remove(&address);
            }
        }
    }

    fn remember(&mut self, value: &Value, owner: Option<Owner>) {
        if let Some(address) = address(value) {
            let hash = self.hash_value(value, &mut Vec::new());
            self.by_address.insert(address, (hash, owner));
        }
    }

    /// The hash of a template value as templates see it: the hash of a map or an array is made
    /// of the hashes of what it holds, so that a value found in the memo hashes as it would
    /// whole. The owners of the shared values met go to `owners`.
    fn hash_value(&self, value: &Value, owners: &mut Vec<Owner>) -> u64 {
        if let Some(&(known, owner)) = address(value).and_then(|a| self.by_address.get(&a)) {
            owners.extend(owner);
            return known;
        }
        hash_of(|h| {
            value.kind().hash(h);
            match value.kind() {
                ValueKind::String => value.as_str().hash(h),
                ValueKind::Array => {
                    value.as_array().unwrap_or_default().iter().for_each(|v| self.hash_value(v, owners).hash(h))
                }
                ValueKind::Map => {
                    for (key, v) in value.as_map().into_iter().flatten() {
                        key.hash(h);
                        self.hash_value(v, owners).hash(h);
                    }
                }
                _ => value.to_string().hash(h),
            }
        })
    }
}

/// Where a value keeps what it holds on the heap: maps, arrays, long strings. Short strings
/// and numbers live in the value itself and are hashed as they are.
fn address(value: &Value) -> Option<usize> {
    match value.kind() {
        ValueKind::Map => value.as_map().map(|m| m as *const _ as usize),
        ValueKind::Array => value.as_array().filter(|a| !a.is_empty()).map(|a| a.as_ptr() as usize),
        ValueKind::String => value.as_str().filter(|s| s.len() > 64).map(|s| s.as_ptr() as usize),
        _ => None,
    }
}

/// The fingerprint of an output rendered from `inputs`, with the hashes of the templates.
pub(super) fn fingerprint(inputs: &Inputs, templates: &HashMap<String, u64>, memo: &Memo) -> Print {
    let mut owners = Vec::new();
    let hash = hash_of(|h| {
        (inputs.template, templates.get(inputs.template)).hash(h);
        for (key, value) in &inputs.values {
            (key, memo.hash_value(value, &mut owners)).hash(h);
        }
    });
    owners.sort_unstable();
    owners.dedup();
    Print { hash, owners }
}

/// The hasher of fingerprints: fast, and the same for every run of a build (fixed keys), which
/// is all fingerprints need; they are never kept on disk.
fn hasher() -> ahash::AHasher {
    ahash::RandomState::with_seeds(0x636e72, 0x73697465, 1, 2).build_hasher()
}

pub(super) fn hash_of(f: impl FnOnce(&mut ahash::AHasher)) -> u64 {
    let mut hasher = hasher();
    f(&mut hasher);
    hasher.finish()
}

/// Each template's hash covers the templates it extends, includes or imports, all the way.
pub(super) fn template_hashes(templates: &[Template]) -> HashMap<String, u64> {
    let texts: HashMap<&str, &str> = templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    let uses = |text: &str| -> Vec<String> {
        ["extends \"", "include \"", "import \""]
            .iter()
            .flat_map(|keyword| text.match_indices(keyword).map(move |(at, k)| (at + k.len(), k)))
            .filter_map(|(start, _)| text[start..].split('"').next().map(str::to_string))
            .collect()
    };
    texts
        .keys()
        .map(|&name| {
            let mut seen = HashSet::new();
            let mut todo = vec![name.to_string()];
            let mut hasher = hasher();
            while let Some(next) = todo.pop() {
                if let Some(text) = texts.get(next.as_str())
                    && seen.insert(next.clone())
                {
                    (&next, text).hash(&mut hasher);
                    todo.extend(uses(text));
                }
            }
            (name.to_string(), hasher.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_hash_follows_what_it_extends_and_includes() {
        let template = |name: &str, text: &str| Template {
            name: name.to_string(),
            file: std::path::PathBuf::new(),
            text: text.to_string(),
        };
        let set = |card: &str| {
            template_hashes(&[
                template("base.html", "<body>{% block content %}{% endblock content %}</body>"),
                template(
                    "page.html",
                    "{% extends \"base.html\" %}{% block content %}{% include \"card.html\" %}{% endblock content %}",
                ),
                template("card.html", card),
                template("tags.html", "{% extends \"base.html\" %}"),
            ])
        };
        let (before, after) = (set("<article>"), set("<article class=\"card\">"));
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(before["card.html"], after["card.html"]);
        assert_eq!(before["tags.html"], after["tags.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
    }

    #[test]
    fn shared_values_are_hashed_as_they_are_inside_others() {
        let summary = Value::from(vec![Value::from("a long enough text to live on the heap, not inside the value")]);
        let mut memo = Memo::default();
        memo.remember(&summary, Some(Owner::Page(7)));
        let inputs = |v: Value| Inputs { template: "page.html", values: vec![("page", v)] };
        let templates = HashMap::new();
        let print = fingerprint(&inputs(Value::from(vec![summary.clone()])), &templates, &memo);
        assert_eq!(print.owners, [Owner::Page(7)], "the output shows page 7's summary");
        let shared = print.hash;
        let fresh = Value::from(vec![Value::from(vec![Value::from(
            "a long enough text to live on the heap, not inside the value",
        )])]);
        // The memo gives the same hash as hashing the value whole.
        let whole = fingerprint(&inputs(fresh), &templates, &memo);
        assert_eq!((shared, whole.owners), (whole.hash, vec![]));
        let other = Value::from(vec![Value::from(vec![Value::from("another text")])]);
        assert_ne!(shared, fingerprint(&inputs(other), &templates, &memo).hash);
    }
}
