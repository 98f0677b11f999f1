//! Python exercises over HTTP: queued at once, graded by the in-process workers in the
//! sandbox, results shown per test; hidden tests stay hidden; hostile code is contained
//! while other learners' jobs go on. Skipped without bubblewrap unless
//! `CAIRN_SANDBOX_TEST` is set.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{count, learner, spawn_app_with, task_content, Browser, TestApp};

pub(crate) const LESSON: &str = "/learn/coding/functions";
pub(crate) const TASK: &str = "/learn/coding/functions/tasks/add-numbers";

pub(crate) fn sandboxed() -> bool {
    if std::path::Path::new("/usr/bin/bwrap").exists() {
        return true;
    }
    assert!(
        std::env::var_os("CAIRN_SANDBOX_TEST").is_none(),
        "bubblewrap is missing"
    );
    false
}

pub(crate) async fn app() -> TestApp {
    spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 2;
    })
    .await
}

/// The server on the exercise fixture with no grading workers of its own: jobs wait
/// for `cairn worker` processes.
pub(crate) async fn app_graded_elsewhere() -> TestApp {
    spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 0;
    })
    .await
}

/// Submits code as the page's script does; returns the JSON reply.
pub(crate) async fn submit(browser: &Browser, code: &str) -> (StatusCode, serde_json::Value) {
    submit_to(browser, LESSON, TASK, code).await
}

/// Submits code to the task at `task` on the lesson at `lesson`.
pub(crate) async fn submit_to(
    browser: &Browser,
    lesson: &str,
    task: &str,
    code: &str,
) -> (StatusCode, serde_json::Value) {
    let csrf = browser.get(lesson).await.csrf();
    let page = browser
        .post_json(task, &[("csrf", &csrf), ("code", code)])
        .await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or_default(),
    )
}

/// Polls the task until its latest submission is graded; returns the task's HTML.
pub(crate) async fn graded(browser: &Browser) -> String {
    graded_at(browser, TASK).await
}

/// Polls the task at `task` until its latest submission is graded; returns its HTML.
pub(crate) async fn graded_at(browser: &Browser, task: &str) -> String {
    graded_json(browser, task).await["html"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Polls the exercise at `task` until its latest submission is graded; returns the
/// whole JSON reply.
pub(crate) async fn graded_json(browser: &Browser, task: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = browser
            .get_with(task, &[("accept", "application/json")])
            .await;
        let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        if json["outcome"] == "done" {
            return json;
        }
        assert!(Instant::now() < deadline, "not graded in time: {json}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_submission_is_queued_at_once_then_graded_per_test() {
    if !sandboxed() {
        return;
    }
    let app = app().await;
    let (browser, _) = learner(&app).await;
    let page = browser.get(LESSON).await;
    assert!(
        page.body.contains("return 0"),
        "the editor opens with the starter"
    );
    assert!(
        page.body.contains("add(1, 2) should be 3"),
        "visible tests are shown"
    );
    assert!(
        !page.body.contains("HIDDEN-MESSAGE") && !page.body.contains("10**18"),
        "hidden tests are not"
    );

    let (status, json) = submit(&browser, "def add(a, b):\n    return a - b\n").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(json["outcome"], "queued");
    let html = graded(&browser).await;
    assert!(html.contains("0 of 3 tests passed"), "{html}");
    assert!(
        html.contains("add(1, 2) should be 3"),
        "a visible test's message"
    );
    assert!(
        !html.contains("HIDDEN-MESSAGE"),
        "hidden messages stay hidden when the task says so"
    );
    assert!(
        html.contains("test_negative_numbers"),
        "hidden tests are named"
    );
    assert!(html.contains("HINT-ADD") && !html.contains("EXPLAIN-ADD"));

    submit(&browser, "def add(a, b):\n    return a + b\n").await;
    let html = graded(&browser).await;
    assert!(html.contains("All 3 tests passed"), "{html}");
    assert!(html.contains("EXPLAIN-ADD") && html.contains("badge-solved"));
    assert!(html.contains("return a + b"), "the latest code is restored");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM attempts WHERE task_id = 'coding/add-numbers'"
        )
        .await,
        2
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attempts WHERE task_id = 'coding/add-numbers' AND correct = 1 AND score = 1").await, 1);
    let page = browser.get(LESSON).await;
    assert!(
        page.body.contains("status-done"),
        "solving the only task completes the lesson"
    );
}

#[tokio::test]
async fn hostile_code_is_contained_and_others_are_still_graded() {
    if !sandboxed() {
        return;
    }
    let app = app().await;
    let (attacker, _) = learner(&app).await;
    let (other, _) = learner(&app).await;
    let (status, _) = submit(
        &attacker,
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    submit(&other, "def add(a, b):\n    return a + b\n").await;
    let html = graded(&other).await;
    assert!(html.contains("All 3 tests passed"), "{html}");
    let html = graded(&attacker).await;
    assert!(
        !html.contains("tests passed") || html.contains("0 of"),
        "{html}"
    );
    assert!(
        Browser::new(&app).get("/healthz").await.status == StatusCode::OK,
        "the server keeps serving"
    );

    for (code, expected) in [
        (
            "print('{\"outcome\": \"completed\", \"tests\": []}')\nimport os\nos._exit(0)\n",
            "could not",
        ),
        (
            "def add(a, b):\n    return open('/etc/passwd').read()\n",
            "Error",
        ),
        (
            "import time\ndef add(a, b):\n    time.sleep(3600)\n",
            "limit",
        ),
    ] {
        submit(&attacker, code).await;
        let html = graded(&attacker).await;
        assert!(!html.contains("All 3 tests passed"), "{code}: {html}");
        assert!(html.contains(expected), "{code}: {html}");
    }
}

#[tokio::test]
async fn empty_or_huge_code_is_refused_and_costs_nothing() {
    if !sandboxed() {
        return;
    }
    let app = app().await;
    let (browser, _) = learner(&app).await;
    let (status, json) = submit(&browser, "   ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json["outcome"], "refused");
    let huge = "x = 1\n".repeat(20_000);
    let (status, _) = submit(&browser, &huge).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM grading_jobs").await, 0);
}

#[tokio::test]
async fn a_job_left_running_by_a_crashed_worker_is_graded_once_after_its_lease() {
    if !sandboxed() {
        return;
    }
    let app = app().await;
    let (browser, _) = learner(&app).await;
    browser.get(LESSON).await;
    // A job a worker claimed and then died with: running, lease expired long ago.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url).await.unwrap();
    sqlx::query(
        "INSERT INTO grading_jobs (user_id, task_id, code, content_hash, state, lease_until, lease_token, created_at, started_at)
         VALUES (1, 'coding/add-numbers', 'def add(a, b):\n    return a + b\n', 'x', 'running', 1, 'dead-worker', 1, 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let html = graded(&browser).await;
    assert!(html.contains("All 3 tests passed"), "{html}");
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_graded_once(&app).await;
}

/// The app's one job is done and counted as one attempt, however often it was claimed.
pub(crate) async fn assert_graded_once(app: &TestApp) {
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM attempts").await,
        1,
        "counted once"
    );
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM grading_jobs WHERE state = 'done'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn cairn_check_proves_solutions_pass_and_starters_fail() {
    if !sandboxed() {
        return;
    }
    let check = |dir: &std::path::Path| {
        let mut out = Vec::new();
        let ok = cairn::cli::check(dir, &mut out).unwrap();
        (ok, String::from_utf8(out).unwrap())
    };
    let (ok, out) = check(&task_content());
    assert!(ok && out.contains("proved: coding/add-numbers in"), "{out}");

    let dir = std::env::temp_dir().join(format!("cairn-proof-{}", std::process::id()));
    crate::content::copy_dir(&task_content(), &dir);
    let task = dir.join("coding/tasks/add-numbers");
    std::fs::write(
        task.join("solution.py"),
        "def add(a, b):\n    return a * b\n",
    )
    .unwrap();
    std::fs::write(
        task.join("starter.py"),
        "def add(a, b):\n    return a + b\n",
    )
    .unwrap();
    let (ok, out) = check(&dir);
    assert!(!ok, "{out}");
    assert!(
        out.contains("solution.py does not pass every test (failed: test_small_numbers fail"),
        "{out}"
    );
    assert!(out.contains("starter.py passes every test"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_separate_cairn_worker_process_grades_the_queue() {
    if !sandboxed() {
        return;
    }
    let app = app_graded_elsewhere().await;
    let (browser, _) = learner(&app).await;
    let (status, json) = submit(&browser, "def add(a, b):\n    return a + b\n").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(
        json["html"].as_str().unwrap().contains("Yours is next"),
        "{json}"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM grading_jobs WHERE state = 'pending'"
        )
        .await,
        1,
        "no in-process workers"
    );

    let mut worker = tokio::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .current_dir(crate::helpers::root())
        .args([
            "worker",
            "--workers",
            "1",
            "--database",
            &app.database_url,
            "--content",
        ])
        .arg(task_content())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let html = graded(&browser).await;
    worker.kill().await.unwrap();
    assert!(html.contains("All 3 tests passed"), "{html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attempts").await, 1);
}

#[tokio::test]
async fn without_a_working_sandbox_grading_is_unavailable_and_nothing_runs() {
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.bwrap = "/nonexistent/bwrap".into();
    })
    .await;
    let (browser, _) = learner(&app).await;
    let page = browser.get(LESSON).await;
    assert!(
        page.body.contains("Grading is unavailable on this server"),
        "the page says so"
    );
    assert!(!page.body.contains("Run tests"));
    let (status, json) = submit(&browser, "def add(a, b):\n    return a + b\n").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("cannot be graded"),
        "{json}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM grading_jobs").await, 0);
}

#[tokio::test]
async fn an_operator_can_turn_the_sandbox_off_explicitly() {
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_sandbox = "none".into();
        s.grader_workers = 1;
    })
    .await;
    let (browser, _) = learner(&app).await;
    let (status, _) = submit(&browser, "def add(a, b):\n    return a + b\n").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let html = graded(&browser).await;
    assert!(html.contains("All 3 tests passed"), "{html}");
}

#[tokio::test]
async fn a_draft_is_kept_for_its_learner_until_they_submit() {
    let app = app_graded_elsewhere().await;
    let (browser, _) = learner(&app).await;
    let draft_url = format!("{TASK}/draft");
    let draft = "def add(a, b):\n    # DRAFT-IN-PROGRESS\n    return a\n";
    let csrf = browser.get(LESSON).await.csrf();

    let forged = browser
        .post(&draft_url, &[("csrf", "forged"), ("code", draft)])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!browser.get(LESSON).await.body.contains("DRAFT-IN-PROGRESS"));
    let saved = browser
        .post(&draft_url, &[("csrf", &csrf), ("code", draft)])
        .await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT);
    let page = browser.get(LESSON).await.body;
    assert!(
        page.contains("# DRAFT-IN-PROGRESS"),
        "the draft is in the editor"
    );
    assert!(page.contains("data-draft-url=\"/learn/coding/functions/tasks/add-numbers/draft\""));

    // Only its learner sees it; readers and other learners get the starter.
    let (other, _) = learner(&app).await;
    assert!(!other.get(LESSON).await.body.contains("DRAFT-IN-PROGRESS"));
    let anonymous = Browser::new(&app);
    assert!(!anonymous
        .get(LESSON)
        .await
        .body
        .contains("DRAFT-IN-PROGRESS"));
    let refused = anonymous.post(&draft_url, &[("code", draft)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get(&draft_url).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );

    // Submitting clears it: the editor then shows the submission.
    let (status, _) = submit(&browser, "def add(a, b):\n    return a + b  # SUBMITTED\n").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let page = browser.get(LESSON).await.body;
    assert!(!page.contains("DRAFT-IN-PROGRESS") && page.contains("# SUBMITTED"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM drafts").await, 0);
}
