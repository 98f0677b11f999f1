//! Progress: visits, "Mark as done", percentages, soft locks and "Continue".

use reqwest::StatusCode;

use crate::helpers::{learner, spawn_app};

fn path_percent(body: &str) -> u32 {
    let at = body
        .find("id=\"path-progress\"")
        .expect("path progress bar");
    let tag = &body[at..at + body[at..].find('>').unwrap()];
    let value = tag.find("value=\"").unwrap() + 7;
    tag[value..value + tag[value..].find('"').unwrap()]
        .parse()
        .unwrap()
}

#[tokio::test]
async fn marking_lessons_done_moves_module_and_path_progress() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    assert_eq!(path_percent(&browser.get("/dashboard").await.body), 0);

    let lesson = browser.get("/learn/basics/first").await;
    assert!(lesson.body.contains("id=\"mark-done\""));
    let csrf = lesson.csrf();
    let page = browser
        .post("/learn/basics/first/done", &[("csrf", &csrf)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/learn/basics/first#lesson-status");

    let dashboard = browser.get("/dashboard").await;
    assert_eq!(path_percent(&dashboard.body), 33, "1 of 3 lessons");
    assert!(
        dashboard.body.contains("First lesson"),
        "listed as recently completed"
    );
    let lesson = browser.get("/learn/basics/first").await;
    assert!(
        !lesson.body.contains("id=\"mark-done\""),
        "done lessons have no button"
    );

    // Marking twice keeps one completion.
    browser
        .post("/learn/basics/first/done", &[("csrf", &csrf)])
        .await;
    assert_eq!(path_percent(&browser.get("/dashboard").await.body), 33);
}

#[tokio::test]
async fn continue_leads_to_the_first_unfinished_lesson() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    let home = browser.get("/").await;
    assert!(home.body.contains("href=\"/learn/basics/first\""));
    let csrf = browser.session_csrf().await;
    browser
        .post("/learn/basics/first/done", &[("csrf", &csrf)])
        .await;
    let dashboard = browser.get("/dashboard").await;
    let continue_at = dashboard
        .body
        .find("/learn/basics/second")
        .expect("continue to the second lesson");
    assert!(continue_at > 0);
}

#[tokio::test]
async fn modules_are_softly_locked_until_their_prerequisites_are_done() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    let locked = browser.get("/learn/advanced").await;
    assert_eq!(
        locked.status,
        StatusCode::OK,
        "locked modules stay readable"
    );
    let csrf = browser.session_csrf().await;
    for lesson in ["first", "second"] {
        browser
            .post(&format!("/learn/basics/{lesson}/done"), &[("csrf", &csrf)])
            .await;
    }
    let unlocked = browser.get("/learn/advanced").await;
    assert_ne!(
        locked.body, unlocked.body,
        "the lock note changes once basics are done"
    );
}

#[tokio::test]
async fn progress_is_kept_by_stable_lesson_id() {
    let app = spawn_app().await;
    let (browser, _) = learner(&app).await;
    browser.get("/learn/basics/second").await;
    let store = cairn::store::Store::connect(&app.database_url)
        .await
        .unwrap();
    let rows: Vec<_> = {
        let dashboard = browser.get("/dashboard").await;
        assert_eq!(dashboard.status, StatusCode::OK);
        let csrf = dashboard.csrf();
        browser
            .post("/learn/basics/second/done", &[("csrf", &csrf)])
            .await;
        let user_id = 1;
        store.progress(user_id).await.unwrap()
    };
    let ids: Vec<_> = rows.iter().map(|r| r.lesson_id.as_str()).collect();
    assert_eq!(
        ids,
        ["basics/second"],
        "keyed by module/slug, not by file name"
    );
    assert!(rows[0].completed_at.is_some());
}

#[tokio::test]
async fn a_learner_downloads_all_their_data_and_only_theirs() {
    let app =
        crate::helpers::spawn_app_with(|s| s.content_dir = crate::helpers::task_content()).await;
    let (other, _) = learner(&app).await;
    let csrf = other.get("/learn/practice/numbers").await.csrf();
    other
        .post(
            "/learn/practice/numbers/tasks/name-it",
            &[("csrf", &csrf), ("answer", "someone-elses-answer")],
        )
        .await;
    let (browser, name) = learner(&app).await;
    let csrf = browser.get("/learn/practice/numbers").await.csrf();
    browser
        .post(
            "/learn/practice/numbers/tasks/name-it",
            &[("csrf", &csrf), ("answer", "my-own-answer")],
        )
        .await;
    assert!(browser
        .get("/dashboard")
        .await
        .body
        .contains("/account/data.json"));
    let page = browser.get("/account/data.json").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let data: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(data["account"]["username"], name.as_str());
    assert!(data["account"].get("password_hash").is_none());
    assert_eq!(data["attempts"][0]["answer"], "my-own-answer");
    assert_eq!(data["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(data["lessons"][0]["lesson_id"], "practice/numbers");
    assert!(!page.body.contains("someone-elses-answer"));
    let anonymous = crate::helpers::Browser::new(&app)
        .get("/account/data.json")
        .await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
