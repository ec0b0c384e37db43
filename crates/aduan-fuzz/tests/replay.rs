//! Every committed corpus file (`fuzz/corpus/<target>/`) and every crash ever found
//! (`fuzz/regressions/<target>/`), run through its target: none may panic. `scripts/fuzz`
//! grows the corpora; a crash it finds is kept in `regressions` once fixed.

#![allow(clippy::expect_used, clippy::print_stdout)] // a failed read must stop the test

use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("a corpus entry").path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn every_corpus_and_regression_file_runs_through_its_target_without_a_panic() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut ran = Vec::new();
    for (name, target) in aduan_fuzz::TARGETS {
        let mut inputs = files(&fuzz.join("corpus").join(name));
        inputs.extend(files(&fuzz.join("regressions").join(name)));
        assert!(!inputs.is_empty(), "{name} has a committed corpus");
        for input in &inputs {
            let data = std::fs::read(input).expect("a corpus file");
            let run = std::panic::catch_unwind(|| target(&data));
            assert!(run.is_ok(), "{name} panicked on {}", input.display());
        }
        ran.push((name, inputs.len()));
    }
    println!("replayed: {ran:?}");
}

#[test]
fn every_target_has_a_libfuzzer_entry() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (name, _) in aduan_fuzz::TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} is a cargo fuzz target"
        );
        assert!(
            fuzz.join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file()
        );
    }
}

/// The `(name, version)` of every package in a `Cargo.lock`.
fn locked(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("a Cargo.lock");
    let mut out = Vec::new();
    let mut name = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_owned());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            out.push((n, v.trim_matches('"').to_owned()));
        }
    }
    out
}

#[test]
fn the_fuzz_build_locks_the_versions_the_service_builds_with() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let service = locked(&root.join("Cargo.lock"));
    let fuzz = locked(&root.join("fuzz/Cargo.lock"));
    let names: std::collections::BTreeSet<&str> = service.iter().map(|(n, _)| n.as_str()).collect();
    let mut drift = Vec::new();
    for pair in &fuzz {
        if names.contains(pair.0.as_str()) && !service.contains(pair) {
            drift.push(pair);
        }
    }
    assert!(
        drift.is_empty(),
        "fuzz/Cargo.lock differs from Cargo.lock (copy Cargo.lock over it and build again): {drift:?}"
    );
}
