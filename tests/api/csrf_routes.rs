//! Every state-changing route refuses a form without the CSRF token. The routes are
//! read from `src/web/routes.rs` itself (every `Endpoint` with `.post(`, and every
//! `POST` row of the `/learn` table), so a route added there without the check fails
//! this test.

use reqwest::StatusCode;

use crate::cohorts::cohort;
use crate::helpers::{root, spawn_app_with, task_content, user_with_role};

/// The `POST` paths `routes.rs` registers, with their `{…}` parameters.
fn post_routes() -> Vec<String> {
    let source = std::fs::read_to_string(root().join("src/web/routes.rs")).unwrap();
    let mut paths = Vec::new();
    for chunk in source.split("Endpoint::at(\"").skip(1) {
        let path = &chunk[..chunk.find('"').unwrap()];
        let until_next = chunk.split(".service(").next().unwrap_or(chunk);
        if until_next.contains(".post(") {
            paths.push(path.to_owned());
        }
    }
    for line in source.lines() {
        if let Some(row) = line.trim().strip_prefix("/// | POST | `") {
            let pattern = &row[..row.find('`').unwrap()];
            paths.push(format!("/learn/{pattern}"));
        }
    }
    paths
}

#[tokio::test]
async fn every_post_route_refuses_a_form_without_its_csrf_token() {
    let routes = post_routes();
    assert!(
        routes.len() >= 12 && routes.iter().any(|r| r.starts_with("/learn/")),
        "routes.rs should list the POST routes: {routes:?}"
    );
    let app = spawn_app_with(|s| s.content_dir = task_content()).await;
    let (admin, _) = user_with_role(&app, "admin").await;
    let cohort_page = cohort(&admin, "Checked").await;
    let cohort_id = cohort_page.rsplit('/').next().unwrap().to_owned();
    let (_, learner_name) = user_with_role(&app, "learner").await;
    let learner_id = crate::helpers::count(
        &app,
        &format!("SELECT id FROM users WHERE username = '{learner_name}'"),
    )
    .await
    .to_string();
    let mut refused = Vec::new();
    for route in &routes {
        let path = route
            .replace("{id}", &cohort_id)
            .replace("{user}", &learner_id)
            .replace("{module}", "practice")
            .replace("{lesson}", "quiz")
            .replace("{task}", "pick-one");
        // Everything a form of that route could hold, except the token.
        let form = [
            ("name", "x"),
            ("answer", "1"),
            ("option", "0"),
            ("code", "x = 1"),
            ("role", "learner"),
            ("action", "disable"),
            ("mode", "open"),
            ("username", "forged"),
            ("password", "a long passphrase nobody guesses"),
        ];
        let page = admin.post(&path, &form).await;
        println!("POST {path} without a token: {}", page.status);
        if page.status != StatusCode::FORBIDDEN {
            refused.push(format!("{path}: {}", page.status));
        }
    }
    assert!(
        refused.is_empty(),
        "state-changing routes that did not refuse a missing CSRF token:\n{}",
        refused.join("\n")
    );
}
