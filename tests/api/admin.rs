//! Administration: only admins reach it; disabling a user ends their session at once
//! and refuses their sign-ins; roles change what a user may open.

use reqwest::StatusCode;

use crate::helpers::{learner, spawn_app, Browser, Page, TestApp};

/// A signed-in admin.
pub(crate) async fn admin(app: &TestApp) -> Browser {
    crate::helpers::user_with_role(app, "admin").await.0
}

/// The id of `name` on the admin page.
pub(crate) async fn user_id(admin: &Browser, name: &str) -> String {
    let body = admin.get("/admin/users").await.body;
    let at = body
        .find(&format!(">{name}"))
        .unwrap_or_else(|| panic!("{name} listed"));
    let row = &body[..at];
    let id = row.rfind("id=\"user-").unwrap() + 9;
    row[id..id + row[id..].find('"').unwrap()].to_owned()
}

/// An admin's password reset for the account `id`, through the form on the users page.
pub(crate) async fn reset_password(admin: &Browser, id: &str, password: &str) -> Page {
    let csrf = admin.get("/admin/users").await.csrf();
    admin
        .post(
            &format!("/admin/users/{id}"),
            &[
                ("csrf", &csrf),
                ("action", "password"),
                ("password", password),
            ],
        )
        .await
}

#[tokio::test]
async fn disabling_a_user_ends_their_session_at_once_and_refuses_sign_in() {
    let app = spawn_app().await;
    let boss = admin(&app).await;
    let (victim, name) = learner(&app).await;
    assert_eq!(victim.get("/dashboard").await.status, StatusCode::OK);
    let id = user_id(&boss, &name).await;
    let csrf = boss.get("/admin/users").await.csrf();
    let page = boss
        .post(
            &format!("/admin/users/{id}"),
            &[("csrf", &csrf), ("action", "disable")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        victim.get("/dashboard").await.status,
        StatusCode::SEE_OTHER,
        "signed out at once"
    );
    let again = Browser::new(&app)
        .log_in(&name, crate::helpers::PASSWORD)
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.body.contains("disabled"));

    let csrf = boss.get("/admin/users").await.csrf();
    boss.post(
        &format!("/admin/users/{id}"),
        &[("csrf", &csrf), ("action", "enable")],
    )
    .await;
    let back = Browser::new(&app)
        .log_in(&name, crate::helpers::PASSWORD)
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn roles_are_changed_by_admins_only() {
    let app = spawn_app().await;
    let boss = admin(&app).await;
    let (someone, name) = learner(&app).await;
    assert_eq!(someone.get("/teach").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        someone.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
    let id = user_id(&boss, &name).await;
    let csrf = someone.get("/dashboard").await.csrf();
    let forged = someone
        .post(
            &format!("/admin/users/{id}"),
            &[("csrf", &csrf), ("action", "role"), ("role", "admin")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let csrf = boss.get("/admin/users").await.csrf();
    let page = boss
        .post(
            &format!("/admin/users/{id}"),
            &[("csrf", &csrf), ("action", "role"), ("role", "instructor")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        someone.get("/teach").await.status,
        StatusCode::OK,
        "the new role applies at once"
    );
    assert_eq!(
        someone.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn deleting_a_user_removes_everything_they_own() {
    let app =
        crate::helpers::spawn_app_with(|s| s.content_dir = crate::helpers::task_content()).await;
    let boss = admin(&app).await;
    let (gone, name) = learner(&app).await;
    let csrf = gone.get("/learn/practice/numbers").await.csrf();
    gone.post(
        "/learn/practice/numbers/tasks/name-it",
        &[("csrf", &csrf), ("answer", "x")],
    )
    .await;
    let id = user_id(&boss, &name).await;
    let csrf = boss.get("/admin/users").await.csrf();
    let page = boss
        .post(
            &format!("/admin/users/{id}"),
            &[("csrf", &csrf), ("action", "delete")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    for table in [
        "users",
        "sessions",
        "attempts",
        "task_status",
        "lesson_progress",
    ] {
        let left = crate::helpers::count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM {table} WHERE {} = {id}",
                if table == "users" { "id" } else { "user_id" }
            ),
        )
        .await;
        assert_eq!(left, 0, "{table}");
    }
    assert_eq!(gone.get("/dashboard").await.status, StatusCode::SEE_OTHER);
}
