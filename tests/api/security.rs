//! Hostile requests: forged forms, path traversal, malformed bodies.

use reqwest::StatusCode;

use crate::helpers::{learner, spawn_app, Browser, PASSWORD};

async fn done_count(browser: &Browser) -> String {
    let page = browser.get("/dashboard").await;
    let at = page
        .body
        .find("id=\"path-progress\"")
        .expect("dashboard has the path bar");
    let tag_end = at + page.body[at..].find('>').unwrap();
    page.body[at..tag_end].to_owned()
}

#[tokio::test]
async fn posts_without_a_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    let before = done_count(&browser).await;
    let page = browser.post("/learn/basics/first/done", &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("<html"),
        "403 is a page in the site layout"
    );
    let page = browser
        .post("/learn/basics/first/done", &[("csrf", "")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(done_count(&browser).await, before);
    // Sign-out without a token keeps the session.
    assert_eq!(
        browser.post("/logout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(browser.get("/dashboard").await.status, StatusCode::OK);
    // Sign-up without the pre-session token creates no account.
    let anon = Browser::new(&app);
    let page = anon
        .post("/signup", &[("username", "forged"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        anon.log_in("forged", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_csrf_token_from_another_session_is_refused() {
    let app = spawn_app().await;
    let (victim, _) = learner(&app).await;
    let (attacker, _) = learner(&app).await;
    let attacker_token = attacker.session_csrf().await;
    let before = done_count(&victim).await;
    let page = victim
        .post("/learn/basics/first/done", &[("csrf", &attacker_token)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(done_count(&victim).await, before);
    // The pre-session token of an anonymous page is not valid once signed in either.
    let anon_token = Browser::new(&app).get("/login").await.csrf();
    let page = victim.post("/logout", &[("csrf", &anon_token)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn state_never_changes_on_get() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    assert_eq!(
        browser.get("/logout").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        browser.get("/learn/basics/first/done").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(browser.get("/dashboard").await.status, StatusCode::OK);
}

#[tokio::test]
async fn traversal_and_absolute_paths_never_leave_the_served_folders() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/css/../../Cargo.toml",
        "/learn/basics/..%2f..%2f..%2fCargo.toml",
        "/learn/basics/%2e%2e%2f%2e%2e%2fpath.toml",
        "/learn/basics/../advanced/module.toml",
        "/learn/basics/module.toml",
        "/learn/basics/01-first.md",
        "/learn/basics/tasks/secret.toml",
        "/learn/basics//etc/passwd",
        "/learn/%2e%2e/Cargo.toml",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("[package]"), "{path} leaked Cargo.toml");
        assert!(
            !page.body.contains("never served"),
            "{path} leaked a task file"
        );
        assert!(!page.body.contains("root:"), "{path} leaked /etc/passwd");
    }
}

#[tokio::test]
async fn malformed_form_bodies_get_a_400_page_not_a_500() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    let page = browser
        .post_raw(
            "/learn/basics/first/done",
            "application/x-www-form-urlencoded",
            vec![0xff, 0xfe, b'=', 0x80],
        )
        .await;
    assert!(
        page.status == StatusCode::BAD_REQUEST || page.status == StatusCode::FORBIDDEN,
        "{}",
        page.status
    );
    let page = browser
        .post_raw(
            "/login",
            "application/x-www-form-urlencoded",
            vec![b'a'; 2 * 1024 * 1024],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("<html"));
    let page = browser
        .post_raw("/login", "application/json", b"{}".to_vec())
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/").await;
    let csp = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(
        page.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
}

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Responses of every sort: pages, a file, health, a redirect, and errors.
async fn assorted_responses(app: &crate::helpers::TestApp) -> Vec<(String, crate::helpers::Page)> {
    let browser = Browser::new(app);
    let mut pages = Vec::new();
    for path in [
        "/",
        "/login",
        "/healthz",
        "/static/css/cairn.css",
        "/dashboard",
        "/no-such-page",
        "/learn/basics/first",
    ] {
        pages.push((format!("GET {path}"), browser.get(path).await));
    }
    pages.push((
        "POST /logout without a token".to_owned(),
        browser.post("/logout", &[]).await,
    ));
    pages
}

#[tokio::test]
async fn with_secure_cookies_every_response_asks_browsers_to_keep_to_https() {
    let app = crate::helpers::spawn_app_with(|s| s.secure_cookies = true).await;
    for (request, page) in assorted_responses(&app).await {
        let hsts = page.headers.get("strict-transport-security");
        println!(
            "{request}: {} strict-transport-security: {hsts:?}",
            page.status
        );
        assert_eq!(
            hsts.and_then(|v| v.to_str().ok()),
            Some(HSTS),
            "{request} ({})",
            page.status
        );
    }
}

#[tokio::test]
async fn without_secure_cookies_no_response_pins_browsers_to_https() {
    let app = spawn_app().await;
    for (request, page) in assorted_responses(&app).await {
        let hsts = page.headers.get("strict-transport-security");
        println!(
            "{request}: {} strict-transport-security: {hsts:?}",
            page.status
        );
        assert!(hsts.is_none(), "{request}");
    }
}
