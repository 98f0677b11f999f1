//! Sign-up, sign-in, sign-out and sessions.

use reqwest::StatusCode;

use crate::helpers::{learner, spawn_app, spawn_app_with, Browser, PASSWORD};

#[tokio::test]
async fn signing_up_signs_in_with_a_protected_session_cookie() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let page = browser.sign_up("ada", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/");
    let cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("cairn_session="))
        .expect("session cookie set");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    // 256 bits of randomness, hex-encoded.
    assert_eq!(browser.cookie("cairn_session").unwrap().len(), 64);
    let dashboard = browser.get("/dashboard").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("ada"));
}

#[tokio::test]
async fn https_sites_get_secure_host_prefixed_cookies() {
    let app = spawn_app_with(|s| s.secure_cookies = true).await;
    let browser = Browser::new(&app);
    let form = browser.get("/signup").await;
    let csrf_cookie = form.set_cookies().join("\n");
    assert!(
        csrf_cookie.starts_with("__Host-cairn_csrf="),
        "{csrf_cookie}"
    );
    assert!(csrf_cookie.contains("Secure"));
    let page = browser
        .post(
            "/signup",
            &[
                ("username", "grace"),
                ("password", PASSWORD),
                ("csrf", &form.csrf()),
            ],
        )
        .await;
    let cookies = page.set_cookies().join("\n");
    assert!(cookies.contains("__Host-cairn_session="), "{cookies}");
    assert!(cookies.contains("Secure"));
}

#[tokio::test]
async fn usernames_and_passwords_with_unicode_quotes_and_sql_work_as_plain_text() {
    let app = spawn_app().await;
    let name = "Zoë O'Brien\"; DROP TABLE users;--";
    let password = "pässwörd' OR '1'='1 🙂";
    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_up(name, password).await.status,
        StatusCode::SEE_OTHER
    );
    let dashboard = browser.get("/dashboard").await;
    assert!(
        dashboard
            .body
            .contains("Zoë O&#x27;Brien&quot;; DROP TABLE users;--")
            || dashboard
                .body
                .contains("Zoë O&#39;Brien&quot;; DROP TABLE users;--"),
        "escaped name shown"
    );
    browser.log_out().await;
    let other = Browser::new(&app);
    assert_eq!(
        other.log_in(name, password).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        other.log_in(name, "pässwörd").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn invalid_sign_up_fields_get_form_errors_and_create_nothing() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let long = "x".repeat(10_000);
    for (username, password, expected) in [
        ("", PASSWORD, "Choose a username."),
        ("ab", PASSWORD, "Usernames are 3 to 40 characters long."),
        (
            long.as_str(),
            PASSWORD,
            "Usernames are 3 to 40 characters long.",
        ),
        (
            "valid-name",
            "short",
            "Passwords are 8 to 128 characters long.",
        ),
        (
            "valid-name",
            &"p".repeat(129),
            "Passwords are 8 to 128 characters long.",
        ),
    ] {
        let page = browser.sign_up(username, password).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{username:.10}/{password:.10}"
        );
        assert!(page.body.contains(expected), "missing `{expected}`");
        assert!(page.body.contains("role=\"alert\""), "errors are announced");
        assert!(browser.cookie("cairn_session").is_none());
    }
    assert_eq!(
        Browser::new(&app)
            .log_in("valid-name", "short")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let bad_email = browser.get("/signup").await.csrf();
    let page = browser
        .post(
            "/signup",
            &[
                ("username", "mail"),
                ("email", "not-an-email"),
                ("password", PASSWORD),
                ("csrf", &bad_email),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("That email address does not look right"));
}

#[tokio::test]
async fn a_taken_username_is_refused_whatever_its_case() {
    let app = spawn_app().await;
    let (_, name) = learner(&app).await;
    let page = Browser::new(&app)
        .sign_up(&name.to_uppercase(), PASSWORD)
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("taken"));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_response() {
    let app = spawn_app().await;
    let (_, name) = learner(&app).await;
    let browser = Browser::new(&app);
    let wrong = browser.log_in(&name, "wrong password!").await;
    let unknown = browser.log_in("nobody-here", "wrong password!").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(
        wrong.body.replace(&name, "NAME"),
        unknown.body.replace("nobody-here", "NAME")
    );
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id_and_revokes_the_old_one() {
    let app = spawn_app().await;
    let (browser, name) = learner(&app).await;
    let first = browser.cookie("cairn_session").unwrap();
    let csrf = browser.session_csrf().await;
    let page = browser
        .post(
            "/login",
            &[("username", &name), ("password", PASSWORD), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let second = browser.cookie("cairn_session").unwrap();
    assert_ne!(first, second);
    let old = Browser::new(&app);
    old.set_cookie("cairn_session", &first);
    assert_eq!(old.get("/dashboard").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_stolen_session_cookie_stops_working_after_sign_out() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    let thief = Browser::new(&app);
    thief.set_cookie("cairn_session", &browser.cookie("cairn_session").unwrap());
    assert_eq!(thief.get("/dashboard").await.status, StatusCode::OK);
    let out = browser.log_out().await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(browser.cookie("cairn_session").is_none());
    let page = thief.get("/dashboard").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/login?next=/dashboard");
}

#[tokio::test]
async fn sessions_end_after_the_idle_timeout() {
    let app = spawn_app_with(|s| s.session_idle_minutes = 1).await;
    let (browser, _) = learner(&app).await;
    assert_eq!(browser.get("/dashboard").await.status, StatusCode::OK);
    // Age the session in the database instead of waiting a minute.
    let store = cairn::store::Store::connect(&app.database_url)
        .await
        .unwrap();
    let token = browser.cookie("cairn_session").unwrap();
    store
        .touch_session(&cairn::accounts::session::hash_token(&token), 1_000)
        .await
        .unwrap();
    assert_eq!(
        browser.get("/dashboard").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_per_username_even_for_unknown_ones() {
    let app = spawn_app().await;
    let (_, name) = learner(&app).await;
    for target in [name.as_str(), "no-such-account"] {
        let browser = Browser::new(&app);
        for _ in 0..5 {
            assert_eq!(
                browser.log_in(target, "wrong password!").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let blocked = browser.log_in(target, PASSWORD).await;
        assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "{target}");
        assert!(blocked.headers.contains_key("retry-after"));
        assert!(blocked.body.contains("Too many failed sign-ins"));
    }
    // The count lives in the database: a second server on the same database agrees.
    let other = spawn_app_with(|s| s.database_url = app.database_url.clone()).await;
    let page = Browser::new(&other).log_in(&name, PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn after_sign_in_the_learner_returns_to_the_page_they_came_from_but_never_off_site() {
    let app = spawn_app().await;
    let (_, name) = learner(&app).await;
    let browser = Browser::new(&app);
    let csrf = browser.get("/login?next=/learn/basics").await.csrf();
    let page = browser
        .post(
            "/login",
            &[
                ("username", &name),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "/learn/basics"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/learn/basics");
    let browser = Browser::new(&app);
    let csrf = browser.get("/login").await.csrf();
    let page = browser
        .post(
            "/login",
            &[
                ("username", &name),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/");
}

#[tokio::test]
async fn sign_up_errors_are_tied_to_their_fields() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let csrf = browser.get("/signup").await.csrf();
    let page = browser
        .post(
            "/signup",
            &[
                ("username", "x"),
                ("email", "not an address"),
                ("password", "password"),
                ("csrf", &csrf),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, error) in [
        ("username", "username-error"),
        ("email", "email-error"),
        ("password", "password-error"),
    ] {
        let input = &page.body[page.body.find(&format!("<input id=\"{field}\"")).unwrap()..];
        let input = &input[..input.find('>').unwrap()];
        assert!(
            input.contains(&format!("aria-describedby=\"{error}"))
                && input.contains("aria-invalid=\"true\""),
            "{field}: {input}"
        );
        assert!(page
            .body
            .contains(&format!("<p class=\"field-error\" id=\"{error}\">")));
    }
}
