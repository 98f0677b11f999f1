//! The command line: `cairn user …`, `cairn migrate`, `cairn check`.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;

use crate::helpers::{fresh_database, spawn_app_with, Browser};

pub(crate) fn cairn(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .current_dir(crate::helpers::root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails before reading stdin closes it: its output says why, so a
    // failed write is not the test's verdict.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
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
    // The bundled NumPy exercise is proven in its environment: build it first (from
    // PyPI the first time, then a reused build).
    let built = cairn(&["env", "build"], "");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stdout)
    );
    let output = cairn(&["check"], "");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[tokio::test]
async fn user_disable_signs_out_at_once_and_enable_lets_them_back() {
    let url = fresh_database().await;
    let app = spawn_app_with(|s| s.database_url = url.clone()).await;
    let (browser, name) = crate::helpers::learner(&app).await;
    let disable = cairn(&["user", "disable", &name, "--database", &url], "");
    assert!(
        disable.status.success(),
        "{}",
        String::from_utf8_lossy(&disable.stderr)
    );
    assert_eq!(
        browser.get("/dashboard").await.status,
        StatusCode::SEE_OTHER
    );
    let refused = Browser::new(&app)
        .log_in(&name, crate::helpers::PASSWORD)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let enable = cairn(&["user", "enable", &name, "--database", &url], "");
    assert!(enable.status.success());
    let back = Browser::new(&app)
        .log_in(&name, crate::helpers::PASSWORD)
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let missing = cairn(&["user", "disable", "nobody", "--database", &url], "");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no user named `nobody`"));
}

#[tokio::test]
async fn backup_copies_a_live_sqlite_database_and_never_overwrites() {
    let url = fresh_database().await;
    let app = spawn_app_with(|s| s.database_url = url.clone()).await;
    let (_, name) = crate::helpers::learner(&app).await;
    let folder = std::env::temp_dir().join(format!("cairn-backup-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let target = folder.join(format!("{name}.db"));
    let target_arg = target.to_str().unwrap();
    let backup = cairn(&["backup", target_arg, "--database", &url], "");
    if url.starts_with("postgres") {
        assert!(!backup.status.success());
        assert!(String::from_utf8_lossy(&backup.stderr).contains("pg_dump"));
        return;
    }
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    // The copy is a database Cairn opens, holding what the live one held.
    let copy = crate::helpers::TestApp {
        address: String::new(),
        database_url: format!("sqlite://{target_arg}"),
        metrics_address: None,
    };
    let found = crate::helpers::count(
        &copy,
        &format!("SELECT COUNT(*) FROM users WHERE username = '{name}'"),
    )
    .await;
    assert_eq!(found, 1);
    let again = cairn(&["backup", target_arg, "--database", &url], "");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let nothing = folder.join("missing.db");
    let absent = cairn(
        &[
            "backup",
            folder.join("other.db").to_str().unwrap(),
            "--database",
            &format!("sqlite://{}", nothing.display()),
        ],
        "",
    );
    assert!(!absent.status.success());
    assert!(!nothing.exists(), "no empty database created");
    std::fs::remove_dir_all(&folder).unwrap();
}
