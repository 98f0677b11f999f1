//! The grading queue under pressure: one learner's endless jobs never hold up another
//! learner's first job, the place a learner is shown is honest, and a worker killed
//! mid-job has that job graded again as soon as a worker restarts, once. Skipped
//! without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::exercises::{app_graded_elsewhere, assert_graded_once, graded, sandboxed, submit, TASK};
use crate::helpers::{count, learner, root, spawn_app_with, task_content, Browser, TestApp};

const LESSON: &str = "/learn/coding/functions";
const ENDLESS: &str = "import time\ndef add(a, b):\n    time.sleep(3600)\n";
const CORRECT: &str = "def add(a, b):\n    return a + b\n";

/// Waits until workers are grading `jobs` jobs at once.
async fn wait_until_running(app: &TestApp, jobs: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(
        app,
        "SELECT COUNT(*) FROM grading_jobs WHERE state = 'running'",
    )
    .await
        < jobs
    {
        assert!(
            Instant::now() < deadline,
            "the workers never took {jobs} jobs"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The lesson page's text about the learner's latest submission.
async fn job_status(browser: &Browser) -> String {
    let page = browser.get(LESSON).await;
    let at = page.body.find("task-job").unwrap_or(0);
    page.body[at..].chars().take(400).collect()
}

#[tokio::test]
async fn one_learners_endless_jobs_never_delay_another_learners_first() {
    if !sandboxed() {
        return;
    }
    let wall = 3;
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 2;
        s.grader_wall_seconds = wall;
    })
    .await;
    let (attacker, _) = learner(&app).await;
    let (other, _) = learner(&app).await;
    for _ in 0..8 {
        let (status, _) = submit(&attacker, ENDLESS).await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    // Both workers are now busy with the attacker's first two jobs.
    wait_until_running(&app, 2).await;
    let attacker_sees = job_status(&attacker).await;
    let started = Instant::now();
    let (status, _) = submit(&other, CORRECT).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let other_sees = job_status(&other).await;
    let html = graded(&other).await;
    let waited = started.elapsed();
    println!("the attacker's eighth job: {attacker_sees}");
    println!("the other learner's job: {other_sees}");
    println!("the other learner waited {waited:?} (wall limit {wall} s; 8 jobs ahead in FIFO order would be 12 s)");
    assert!(html.contains("All 3 tests passed"), "{html}");
    assert!(
        other_sees.contains("Yours is next") || !other_sees.contains("Queued"),
        "the other learner is next in line, not behind six endless jobs: {other_sees}"
    );
    assert!(
        attacker_sees.contains("5 submissions ahead"),
        "the attacker's eighth job has its own five older jobs ahead: {attacker_sees}"
    );
    assert!(
        waited < Duration::from_secs(wall + 2),
        "graded within one job's wall limit, waited {waited:?}"
    );
}

/// A `cairn worker` process on the test's database, killed and reaped when dropped.
struct Worker(Child);

impl Worker {
    fn start(app: &TestApp) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_cairn"))
            .current_dir(root())
            .args(["worker", "--workers", "1", "--database", &app.database_url])
            .arg("--content")
            .arg(task_content())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cairn worker starts");
        Self(child)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_job_whose_worker_was_killed_is_graded_at_once_by_the_next_worker_and_once() {
    if !sandboxed() {
        return;
    }
    let app = app_graded_elsewhere().await;
    let (browser, _) = learner(&app).await;
    let first = Worker::start(&app);
    let slow = "import time\ntime.sleep(2)\ndef add(a, b):\n    return a + b\n";
    let (status, _) = submit(&browser, slow).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    wait_until_running(&app, 1).await;
    drop(first); // SIGKILL: no chance to give the job back
    let restarted = Instant::now();
    let _second = Worker::start(&app);
    let html = graded(&browser).await;
    let waited = restarted.elapsed();
    println!("graded {waited:?} after the restart (a lease lasts 30 s)");
    assert!(html.contains("All 3 tests passed"), "{html}");
    assert!(
        waited < Duration::from_secs(15),
        "not left to wait for the lease: {waited:?}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_graded_once(&app).await;
}

#[tokio::test]
async fn the_long_poll_answers_as_soon_as_the_place_in_line_differs_from_the_page() {
    let app = app_graded_elsewhere().await;
    let (first, _) = learner(&app).await;
    let (second, _) = learner(&app).await;
    submit(&first, CORRECT).await;
    let (status, json) = submit(&second, CORRECT).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let html = json["html"].as_str().unwrap();
    assert!(html.contains("data-job-seen=\"queued:1\""), "{html}");
    assert!(
        html.contains(" disabled"),
        "Run tests is disabled while queued: {html}"
    );

    // The page still says two ahead: the reply comes at once, with the real place.
    let started = Instant::now();
    let page = second
        .get_with(
            &format!("{TASK}?wait=1&seen=queued%3A2"),
            &[("accept", "application/json")],
        )
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert!(json["html"]
        .as_str()
        .unwrap()
        .contains("1 submission ahead of yours"));
}
