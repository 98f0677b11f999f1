//! Authoring and theming: `--watch` reloads edited lessons and templates, keeps the
//! last good version through a broken edit and tells only instructors and admins why;
//! a theme folder overrides templates file by file; the logo, accent colour and footer
//! come from the configuration, and the footer cannot inject markup.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{fixture_content, learner, root, spawn_app_with, Browser};

const LESSON: &str = "/learn/basics/first";

/// A scratch folder that disappears with the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let mut bytes = [0u8; 6];
        getrandom::getrandom(&mut bytes).unwrap();
        let dir = std::env::temp_dir().join(format!("cairn-{name}-{}", hex::encode(bytes)));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Rewrites a file, replacing `from` with `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Fetches `path` until its body satisfies `ready`, for at most 10 seconds.
async fn eventually(browser: &Browser, path: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let body = browser.get(path).await.body;
        if ready(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "never changed: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn watch_reloads_edits_and_keeps_the_last_good_version_through_a_broken_one() {
    let scratch = Scratch::new("watch");
    let content = scratch.0.join("content");
    let templates = scratch.0.join("templates");
    copy_dir(&fixture_content(), &content);
    copy_dir(&root().join("templates"), &templates);
    let app = spawn_app_with(|s| {
        s.content_dir = content.clone();
        s.templates_dir = templates.clone();
        s.watch = true;
    })
    .await;
    let reader = Browser::new(&app);
    let (learner, _) = learner(&app).await;
    let (teacher, _) = crate::helpers::user_with_role(&app, "instructor").await;
    assert!(reader.get(LESSON).await.body.contains("Intro paragraph"));

    let lesson = content.join("basics/01-first.md");
    edit(&lesson, "Intro paragraph", "Freshly edited paragraph");
    eventually(&reader, LESSON, |b| b.contains("Freshly edited paragraph")).await;

    // A broken edit: the old lesson keeps serving; the instructor is told where.
    edit(&lesson, "title = \"First lesson\"", "title = ");
    let banner = eventually(&teacher, LESSON, |b| {
        b.contains("Your last edit did not load")
    })
    .await;
    assert!(banner.contains("01-first.md"), "names the file: {banner}");
    assert!(
        banner.contains("Freshly edited paragraph"),
        "last good version"
    );
    for other in [&reader, &learner] {
        let page = other.get(LESSON).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Freshly edited paragraph"));
        assert!(
            !page.body.contains("did not load"),
            "only staff see the banner"
        );
    }

    // Fixing it clears the banner; a template edit shows too.
    edit(&lesson, "title = ", "title = \"First lesson, fixed\"");
    eventually(&teacher, LESSON, |b| {
        b.contains("First lesson, fixed") && !b.contains("did not load")
    })
    .await;
    edit(
        &templates.join("base.html"),
        "<main id=\"main\"",
        "<p>TEMPLATE-EDIT</p><main id=\"main\"",
    );
    eventually(&reader, LESSON, |b| b.contains("TEMPLATE-EDIT")).await;
}

#[tokio::test]
async fn a_theme_overrides_templates_file_by_file_and_sets_logo_accent_and_footer() {
    let scratch = Scratch::new("theme");
    let theme = scratch.0.clone();
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(
        theme.join("templates/login.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>THEMED SIGN-IN</h1>\
         <form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"{{ csrf }}\"></form>\
         {% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        theme.join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let app = spawn_app_with(|s| {
        s.theme_dir = Some(theme.clone());
        s.logo = Some("logo.svg".into());
        s.accent_color = Some("#123abc".into());
        s.footer = Some(
            "Run by **ACME Bootcamp** <script>alert(1)</script> [home](javascript:alert(1)) [help](https://example.org/help) <team@example.org>"
                .into(),
        );
    })
    .await;
    let visitor = Browser::new(&app);
    let login = visitor.get("/login").await.body;
    assert!(login.contains("THEMED SIGN-IN"), "overridden");
    let home = visitor.get("/").await.body;
    assert!(!home.contains("THEMED"), "other templates stay bundled");
    assert!(home.contains("src=\"/static/logo.svg\""));
    assert_eq!(visitor.get("/static/logo.svg").await.status, StatusCode::OK);
    assert_eq!(
        visitor.get("/static/css/cairn.css").await.status,
        StatusCode::OK,
        "bundled static files still served"
    );
    assert!(home.contains("--accent: #123abc"));
    assert!(home.contains("<strong>ACME Bootcamp</strong>"));
    assert!(home.contains("&lt;script&gt;") && !home.contains("<script>alert"));
    assert!(!home.contains("javascript:"));
    assert!(home.contains("href=\"https://example.org/help\""));
    assert!(
        home.contains("href=\"mailto:team@example.org\""),
        "email autolinks kept"
    );
}

#[tokio::test]
async fn a_logo_that_is_not_a_static_file_stops_start_up_with_its_name() {
    let mut settings = crate::helpers::test_settings().await;
    settings.logo = Some("missing-logo.png".into());
    let err = cairn::startup::Application::build(&settings)
        .await
        .err()
        .expect("refused");
    assert!(format!("{err:#}").contains("missing-logo.png"), "{err:#}");
}
