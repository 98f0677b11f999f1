//! The command line: `cairn user …`, `cairn migrate`, `cairn check`.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;

use crate::helpers::{fresh_database, spawn_app_with, Browser};

fn cairn(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .current_dir(crate::helpers::root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn user_commands_create_accounts_and_reset_passwords() {
    let url = fresh_database().await;
    let migrate = cairn(&["migrate", "--database", &url], "");
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let add = cairn(
        &[
            "user",
            "add",
            "teacher",
            "--role",
            "instructor",
            "--database",
            &url,
        ],
        "first password\n",
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let again = cairn(
        &["user", "add", "Teacher", "--database", &url],
        "first password\n",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("taken"));
    let short = cairn(&["user", "add", "other", "--database", &url], "short\n");
    assert!(!short.status.success());
    let bad_role = cairn(
        &["user", "add", "x-user", "--role", "god", "--database", &url],
        "first password\n",
    );
    assert!(!bad_role.status.success());

    let app = spawn_app_with(|s| s.database_url = url.clone()).await;
    let browser = Browser::new(&app);
    assert_eq!(
        browser.log_in("teacher", "first password").await.status,
        StatusCode::SEE_OTHER
    );

    let reset = cairn(
        &["user", "set-password", "teacher", "--database", &url],
        "second password\n",
    );
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    assert_eq!(
        browser.get("/dashboard").await.status,
        StatusCode::SEE_OTHER,
        "sessions revoked"
    );
    let fresh = Browser::new(&app);
    assert_eq!(
        fresh.log_in("teacher", "second password").await.status,
        StatusCode::SEE_OTHER
    );
    let missing = cairn(
        &["user", "set-password", "nobody", "--database", &url],
        "second password\n",
    );
    assert!(!missing.status.success());
}

#[test]
fn check_passes_on_the_bundled_content() {
    let output = cairn(&["check"], "");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
