//! `--data-dir` and `--database-url` work with every command, and every command that opens a
//! database says which one.

use crate::aduan_bin;

#[test]
fn user_list_with_data_dir_writes_there_and_says_which_database_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let srv = dir.path().join("srv-aduan");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    // The option after the command, as an operator types it after `aduan serve --data-dir`.
    let out = aduan_bin()
        .current_dir(&work)
        .env_remove("ADUAN_DATABASE_URL")
        .args(["user", "list", "--data-dir"])
        .arg(&srv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let expected = format!(
        "aduan: database sqlite://{}",
        srv.join("aduan.db").display()
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("aduan: database"))
            .collect::<Vec<_>>(),
        [expected.as_str()],
        "one line naming the database: {stderr}"
    );
    assert!(
        srv.join("aduan.db").exists(),
        "the database is in --data-dir"
    );
    assert!(
        !work.join("aduan-data").exists(),
        "nothing is written to ./aduan-data"
    );

    // Before the command works the same.
    let out = aduan_bin()
        .current_dir(&work)
        .env_remove("ADUAN_DATABASE_URL")
        .arg("--data-dir")
        .arg(&srv)
        .args(["calendar", "list", "--year", "2026"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!work.join("aduan-data").exists());
}

#[test]
fn a_database_url_given_to_any_command_is_named_without_its_password() {
    let out = aduan_bin()
        .args([
            "audit",
            "verify",
            "--database-url",
            "postgres://aduan:s3cret-word@127.0.0.1:1/none",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "nothing listens on port 1: {stderr}");
    assert!(
        stderr.contains("aduan: database postgres://aduan:***@127.0.0.1:1/none"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret-word"), "{stderr}");
}
