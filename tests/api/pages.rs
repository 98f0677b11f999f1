//! Reading pages, files, errors and the health check.

use reqwest::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with, Browser};
use crate::snapshot::{main_of, redacted};

#[tokio::test]
async fn the_overview_lists_modules_in_path_order_with_their_summaries() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    let basics = page.body.find("Basics").unwrap();
    let advanced = page.body.find("Advanced").unwrap();
    assert!(basics < advanced);
    assert!(page.body.contains("Two lessons to start with."));
    assert!(
        page.body.contains("<strong>Bold</strong>"),
        "description rendered from Markdown"
    );
    assert!(page.body.contains("/static/css/cairn.css"));
}

#[tokio::test]
async fn a_lesson_page_has_rendered_content_toc_and_neighbours() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/learn/basics/first").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("<h2 id=\"measuring\">"), "heading id");
    assert!(body.contains("href=\"#measuring\""), "toc / anchor link");
    assert!(body.contains("hl-keyword"), "highlighted on the server");
    assert!(body.contains("<math"), "math rendered to MathML");
    assert!(
        body.contains("href=\"/learn/basics/second#details\""),
        "relative .md link rewritten"
    );
    assert!(
        body.contains("src=\"/learn/basics/diagram.svg\""),
        "image link rewritten"
    );
    assert!(body.contains("Read a lesson"), "objectives shown");
    assert!(
        body.contains("href=\"/learn/basics/second\""),
        "next lesson"
    );
    // A lesson needs no script: the one it loads only adds comforts (theme switch,
    // copy buttons, lesson keys), and the lesson reads the same without it.
    assert_eq!(
        body.matches("<script").count(),
        1,
        "only the site's comfort script"
    );
    assert!(body.contains("<script src=\"/static/js/site.js\"></script>"));
    // Next crosses into the following module at the end of one.
    let second = Browser::new(&app).get("/learn/basics/second").await;
    assert!(second.body.contains("href=\"/learn/advanced/deep\""));
    assert!(second.body.contains("alert-tip"));
}

#[tokio::test]
async fn a_module_page_lists_its_lessons_and_prerequisites() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/learn/advanced").await;
    assert_eq!(page.status, StatusCode::OK);
    // Its lessons, the link to Basics it is recommended after, the call to start.
    redacted("GET /learn/advanced, signed out", &[])
        .bind(|| insta::assert_snapshot!("module_page", main_of(&page.body)));
}

#[tokio::test]
async fn files_beside_lessons_are_served_with_their_type() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/learn/basics/diagram.svg").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers.get("content-type").unwrap(), "image/svg+xml");
    assert!(page.headers.contains_key("etag"));
}

#[tokio::test]
async fn unknown_modules_and_lessons_get_the_404_page_in_the_site_layout() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let first = browser.get("/learn/nope").await;
    assert_eq!(first.status, StatusCode::NOT_FOUND);
    assert!(first.body.contains("<html"), "in the site layout");
    redacted("GET /learn/nope, signed out", &[])
        .bind(|| insta::assert_snapshot!("not_found_page", main_of(&first.body)));
    for path in ["/learn/basics/nope", "/learn/nope/first", "/no/such/page"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(main_of(&page.body), main_of(&first.body), "{path}");
    }
}

#[tokio::test]
async fn clients_asking_for_json_get_json_errors() {
    let app = spawn_app().await;
    let page = Browser::new(&app)
        .get_with("/learn/nope", &[("accept", "application/json")])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(json["error"], "Page not found");
}

#[tokio::test]
async fn reading_requires_sign_in_when_the_site_says_so() {
    let app = spawn_app_with(|s| s.require_login = true).await;
    let browser = Browser::new(&app);
    for path in [
        "/",
        "/learn/basics",
        "/learn/basics/first",
        "/learn/basics/diagram.svg",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(page.location().starts_with("/login?next="), "{path}");
    }
    assert_eq!(
        browser.get("/static/css/cairn.css").await.status,
        StatusCode::OK
    );
    let (learner, _) = crate::helpers::learner(&app).await;
    assert_eq!(
        learner.get("/learn/basics/first").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_health_check_answers_when_the_database_does() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok");
}

#[tokio::test]
async fn every_lesson_of_the_bundled_content_renders() {
    let app = spawn_app_with(|s| s.content_dir = crate::helpers::root().join("content")).await;
    let (catalog, problems) = cairn::content::load(&crate::helpers::root().join("content"));
    let catalog = catalog.unwrap_or_else(|| panic!("bundled content is valid:\n{problems}"));
    let browser = Browser::new(&app);
    for module in &catalog.modules {
        assert_eq!(browser.get(&module.url()).await.status, StatusCode::OK);
        for lesson in &module.lessons {
            let page = browser.get(&lesson.url).await;
            assert_eq!(page.status, StatusCode::OK, "{}", lesson.url);
            for segment in &lesson.body {
                if let cairn::content::Segment::Html(html) = segment {
                    assert!(page.body.contains(html.as_str()), "{} body", lesson.url);
                }
            }
        }
    }
}
