//! The README stays true to the tree: every crate in its layout, every component
//! `scripts/test` knows in its `ADUAN_REQUIRE` list.

use std::path::Path;

fn repo_file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn the_readme_lists_every_crate_and_every_component_scripts_test_knows() {
    let readme = repo_file("README.md");
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut names: Vec<String> = std::fs::read_dir(crates)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 17, "{names:?}");
    for name in &names {
        let line = format!("- `crates/{name}`: ");
        assert!(readme.contains(&line), "README's layout lacks {name}");
    }
    let script = repo_file("scripts/test");
    let known = script
        .lines()
        .find_map(|l| l.strip_prefix("KNOWN_COMPONENTS=("))
        .and_then(|rest| rest.split_once(')'))
        .map(|(inside, _)| inside.split_whitespace().collect::<Vec<_>>())
        .expect("scripts/test names its KNOWN_COMPONENTS");
    assert_eq!(
        known,
        [
            "postgres",
            "browser",
            "kannel",
            "smtp",
            "replica",
            "s3",
            "georeport"
        ]
    );
    for component in known {
        assert!(
            readme.contains(&format!("  - `{component}`: ")),
            "README's ADUAN_REQUIRE list lacks {component}"
        );
    }
}
