//! New passwords that leaked-password lists would guess first are refused wherever a
//! password is set: sign-up, an admin creating an account or resetting a password, and
//! `cairn user add` / `cairn user set-password`. Each refusal says why, next to the
//! password field, and changes nothing.

use reqwest::StatusCode;

use crate::admin::{admin, reset_password, user_id};
use crate::cli::cairn;
use crate::helpers::{count, fresh_database, learner, spawn_app, Browser, PASSWORD};

/// Passwords found near the top of every leaked-password list.
const COMMON: [&str; 3] = ["password1", "qwertyuiop", "iloveyou123"];

const TOO_COMMON: &str = "This password is too common";

/// Asserts that the password input `id` is marked invalid and has the reason under it.
fn assert_tied_to_field(body: &str, id: &str, password: &str) {
    let field = &body[body.find(&format!("id=\"{id}\"")).unwrap()..];
    let field = &field[..field.find("</div>").unwrap()];
    assert!(
        field.contains("aria-invalid=\"true\"") && field.contains(TOO_COMMON),
        "{password}: the reason is not tied to the password field: {field}"
    );
}

#[tokio::test]
async fn sign_up_refuses_common_passwords_next_to_the_password_field() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    for password in COMMON {
        let page = browser.sign_up("margarethamilton", password).await;
        println!("sign-up with {password:?}: {} {}", page.status, page.body);
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert!(
            page.body.contains(TOO_COMMON),
            "{password}: no reason given"
        );
        assert_tied_to_field(&page.body, "password", password);
        assert!(browser.cookie("cairn_session").is_none());
    }
    let page = browser
        .sign_up("margarethamilton", "margarethamilton1")
        .await;
    println!("sign-up with the username as password: {}", page.body);
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("too close to the username"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);

    let page = browser.sign_up("margarethamilton", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn admins_cannot_give_an_account_a_common_password() {
    let app = spawn_app().await;
    let boss = admin(&app).await;
    let (learner, name) = learner(&app).await;
    let before = count(&app, "SELECT COUNT(*) FROM users").await;
    let id = user_id(&boss, &name).await;
    for password in COMMON {
        let csrf = boss.get("/admin/users").await.csrf();
        let page = boss
            .post(
                "/admin/users",
                &[
                    ("csrf", &csrf),
                    ("username", "newcomer"),
                    ("role", "learner"),
                    ("password", password),
                ],
            )
            .await;
        println!(
            "admin creates with {password:?}: {} {}",
            page.status, page.body
        );
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert_tied_to_field(&page.body, "new-password", password);

        let reset = reset_password(&boss, &id, password).await;
        println!(
            "admin resets to {password:?}: {} {}",
            reset.status, reset.body
        );
        assert_eq!(reset.status, StatusCode::BAD_REQUEST, "{password}");
        assert!(reset.body.contains(TOO_COMMON), "{password}");
    }
    let reset = reset_password(&boss, &id, &format!("{name}99")).await;
    println!("admin resets to the username: {}", reset.body);
    assert_eq!(reset.status, StatusCode::BAD_REQUEST);
    assert!(reset.body.contains("too close to the username"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, before);
    assert_eq!(
        learner.get("/dashboard").await.status,
        StatusCode::OK,
        "a refused reset signs no one out"
    );
}

#[tokio::test]
async fn the_command_line_refuses_common_passwords() {
    let url = fresh_database().await;
    let migrate = cairn(&["migrate", "--database", &url], "");
    assert!(migrate.status.success());
    for password in COMMON {
        let add = cairn(
            &["user", "add", "teacher", "--database", &url],
            &format!("{password}\n"),
        );
        let said = String::from_utf8_lossy(&add.stderr);
        println!("cairn user add with {password:?}: {said}");
        assert!(!add.status.success(), "{password}");
        assert!(said.contains(TOO_COMMON), "{password}: {said}");
    }
    let add = cairn(
        &["user", "add", "teacher", "--database", &url],
        "first passphrase of many words\n",
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    for password in COMMON.iter().copied().chain(["teacher2024"]) {
        let reset = cairn(
            &["user", "set-password", "teacher", "--database", &url],
            &format!("{password}\n"),
        );
        let said = String::from_utf8_lossy(&reset.stderr);
        println!("cairn user set-password to {password:?}: {said}");
        assert!(!reset.status.success(), "{password}");
        assert!(said.contains("This password is too"), "{password}: {said}");
    }
    let app = crate::helpers::spawn_app_with(|s| s.database_url = url.clone()).await;
    assert_eq!(
        Browser::new(&app)
            .log_in("teacher", "first passphrase of many words")
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the password is unchanged"
    );
}
