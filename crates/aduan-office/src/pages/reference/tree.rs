//! Trees of the directory (category topics, an agency's units) as the pages list them: each
//! top entry with every entry below it, named by its path from that top entry.

use std::collections::HashMap;

/// An entry below a top entry.
pub struct Node<T> {
    /// The entry.
    pub item: T,
    /// Its names from below the top entry down to itself (`Dinas PU › Bidang Jalan`).
    pub path: String,
}

/// A top entry and everything below it.
pub struct Branch<T> {
    /// The top entry.
    pub root: T,
    /// Everything below it.
    pub below: Vec<Node<T>>,
}

/// Arranges `items` into branches, top entries in the order given and the entries below each
/// by path. `key`, `parent` and `name` read an item's id, its parent's id and its name. An
/// entry whose parent is missing is treated as a top entry.
pub fn branches<T: Clone>(
    items: &[T],
    key: impl Fn(&T) -> String,
    parent: impl Fn(&T) -> Option<String>,
    name: impl Fn(&T) -> String,
) -> Vec<Branch<T>> {
    let by_key: HashMap<String, &T> = items.iter().map(|i| (key(i), i)).collect();
    let top_of = |item: &T| -> (String, Vec<String>) {
        let mut names = vec![name(item)];
        let mut at = key(item);
        let mut guard = 0;
        while let Some(p) = by_key.get(&at).and_then(|i| parent(i)) {
            let Some(up) = by_key.get(&p) else { break };
            guard += 1;
            if guard > items.len() {
                break;
            }
            names.push(name(up));
            at = p;
        }
        names.pop();
        names.reverse();
        (at, names)
    };
    let placed: Vec<(String, Vec<String>)> = items.iter().map(top_of).collect();
    let mut out: Vec<Branch<T>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (item, (_, names)) in items.iter().zip(&placed) {
        if names.is_empty() {
            index.insert(key(item), out.len());
            out.push(Branch {
                root: item.clone(),
                below: Vec::new(),
            });
        }
    }
    // A moved entry may come before its new parent: place them once every top is known.
    for (item, (top, names)) in items.iter().zip(placed) {
        if let (false, Some(&i)) = (names.is_empty(), index.get(&top)) {
            out[i].below.push(Node {
                item: item.clone(),
                path: names.join(" › "),
            });
        }
    }
    for branch in &mut out {
        branch.below.sort_by(|a, b| a.path.cmp(&b.path));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Item = (&'static str, Option<&'static str>, &'static str);

    #[test]
    fn entries_below_a_top_entry_are_named_by_their_path() {
        let items: Vec<Item> = vec![
            ("kes/aspal", Some("pu/jalan"), "Seksi Aspal"),
            ("pu", None, "Dinas PU"),
            ("pu/jalan", Some("pu"), "Bidang Jalan"),
            ("kes", None, "Dinas Kesehatan"),
        ];
        let got = branches(
            &items,
            |i| i.0.to_owned(),
            |i| i.1.map(str::to_owned),
            |i| i.2.to_owned(),
        );
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].root.0, "pu",
            "a moved entry before its parent is still placed"
        );
        let paths: Vec<&str> = got[0].below.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["Bidang Jalan", "Bidang Jalan › Seksi Aspal"]);
        assert!(got[1].below.is_empty());
    }
}
