//! "Try the example tests": a Python exercise's program run against its visible tests
//! only. It waits in the durable queue behind every submission, counts no attempt,
//! never solves the task, shows nothing of the hidden tests, and is rate-limited like
//! answers.

use reqwest::StatusCode;

use crate::exercises::{app, app_graded_elsewhere, graded_json, sandboxed, LESSON, TASK};
use crate::helpers::{count, learner, spawn_app_with, task_content, Browser};

/// Passes the visible test (`add(1, 2)`), fails the hidden negative-number one.
const POSITIVE_ONLY: &str = "def add(a, b):\n    return a + b if a > 0 else 0\n";

async fn try_code(browser: &Browser, code: &str) -> (StatusCode, serde_json::Value) {
    let csrf = browser.get(LESSON).await.csrf();
    let page = browser
        .post_json(&format!("{TASK}/run"), &[("csrf", &csrf), ("code", code)])
        .await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or_default(),
    )
}

#[tokio::test]
async fn a_try_runs_only_the_example_tests_and_counts_no_attempt() {
    if !sandboxed() {
        return;
    }
    let app = app().await;
    let (browser, _) = learner(&app).await;
    let (status, reply) = try_code(&browser, POSITIVE_ONLY).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reply}");
    assert_eq!(reply["outcome"], "queued");
    let html = graded_json(&browser, TASK).await["html"]
        .as_str()
        .unwrap()
        .to_owned();
    println!("the learner saw after trying: {html}");
    assert!(html.contains("Example tests only, not submitted"), "{html}");
    assert!(html.contains("All 1 tests passed."), "{html}");
    assert!(
        !html.contains("test_negative_numbers") && !html.contains("HIDDEN-MESSAGE"),
        "a try runs no hidden test, so it shows none"
    );
    assert!(
        !html.contains("badge-solved"),
        "a try never solves the task"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attempts").await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM grading_jobs WHERE try_run = 1").await,
        1
    );

    // The same code submitted runs every test, and that is an attempt.
    let csrf = browser.get(LESSON).await.csrf();
    let page = browser
        .post_json(TASK, &[("csrf", &csrf), ("code", POSITIVE_ONLY)])
        .await;
    assert_eq!(page.status, StatusCode::ACCEPTED);
    let html = graded_json(&browser, TASK).await["html"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!html.contains("Example tests only"), "{html}");
    assert!(html.contains("test_negative_numbers"), "{html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attempts").await, 1);
}

#[tokio::test]
async fn tries_wait_behind_every_submission() {
    let app = app_graded_elsewhere().await;
    let (trying, _) = learner(&app).await;
    let (submitting, _) = learner(&app).await;
    assert_eq!(
        try_code(&trying, POSITIVE_ONLY).await.0,
        StatusCode::ACCEPTED
    );
    let csrf = submitting.get(LESSON).await.csrf();
    let page = submitting
        .post_json(TASK, &[("csrf", &csrf), ("code", POSITIVE_ONLY)])
        .await;
    assert_eq!(page.status, StatusCode::ACCEPTED);
    // The try was queued first, but the submission is ahead of it...
    let page = trying
        .get_with(TASK, &[("accept", "application/json")])
        .await;
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let html = json["html"].as_str().unwrap();
    assert!(html.contains("1 submission ahead"), "{html}");
    // ...and a worker claims it first.
    let store = cairn::store::Store::open(&app.database_url).await.unwrap();
    let first = store
        .claim_job(1 << 40, 30, "test/1")
        .await
        .unwrap()
        .unwrap();
    assert!(!first.try_run, "the submission is graded first");
    let second = store
        .claim_job(1 << 40, 30, "test/2")
        .await
        .unwrap()
        .unwrap();
    assert!(second.try_run);
}

#[tokio::test]
async fn only_exercises_can_be_tried_and_tries_share_the_rate_limit() {
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 0;
        s.answers_per_minute = 2;
    })
    .await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get("/learn/practice/quiz").await.csrf();
    let page = browser
        .post_json(
            "/learn/practice/quiz/tasks/pick-one/run",
            &[("csrf", &csrf), ("option", "0")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "a quiz has no try");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attempts").await, 0);
    for _ in 0..2 {
        assert_eq!(
            try_code(&browser, POSITIVE_ONLY).await.0,
            StatusCode::ACCEPTED
        );
    }
    let (status, reply) = try_code(&browser, POSITIVE_ONLY).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{reply}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM grading_jobs").await,
        2,
        "the refused try left nothing queued"
    );
}
