//! Scale-out: two real `cairn serve` processes on one PostgreSQL database. A learner
//! signs in on one and carries on on the other with the same session; progress shows
//! on both; Python submissions sent through both are each graded exactly once (the
//! two processes' `/metrics` add up to one grading per job). Runs only when
//! `CAIRN_TEST_POSTGRES` is set: SQLite is one machine by design.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{fresh_database, root, task_content, Browser, TestApp};

/// A child process, killed and reaped when dropped (also when a test fails).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `cairn serve` and its addresses.
struct Replica {
    _process: Process,
    app: TestApp,
    metrics: String,
}

/// The first `http://host:port` in a log line after `marker`.
fn address_after(line: &str, marker: &str) -> Option<String> {
    let rest = &line[line.find(marker)?..];
    let at = rest.find("http://")? + 7;
    let addr: String = rest[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    Some(format!("http://{addr}"))
}

/// Starts `cairn serve` on port 0 and reads its addresses from its log.
fn start_replica(database_url: &str) -> Replica {
    let mut process = Process(
        Command::new(env!("CARGO_BIN_EXE_cairn"))
            .current_dir(root())
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--metrics-bind",
                "127.0.0.1:0",
            ])
            .arg("--content")
            .arg(task_content())
            .args(["--database", database_url])
            .env("CAIRN_GRADER_WORKERS", "1")
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cairn starts"),
    );
    let stderr = process.0.stderr.take().unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    // Keep reading, so the child never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = lines.lock().unwrap().clone();
        let serving = seen
            .iter()
            .find_map(|l| address_after(l, "Cairn is serving"));
        let metrics = seen.iter().find_map(|l| address_after(l, "metrics on"));
        if let (Some(address), Some(metrics)) = (serving, metrics) {
            return Replica {
                _process: process,
                app: TestApp {
                    address,
                    database_url: database_url.to_owned(),
                    metrics_address: Some(metrics.clone()),
                },
                metrics,
            };
        }
        assert!(
            Instant::now() < deadline,
            "replica did not start:\n{}",
            seen.join("\n")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// This replica's count of graded jobs, from its `/metrics`.
async fn graded_here(replica: &Replica) -> u64 {
    let text = reqwest::get(format!("{}/metrics", replica.metrics))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("cairn_grading_duration_seconds_count "))
        .expect("grading count")
        .trim()
        .parse()
        .unwrap()
}

/// The same browser's cookies, pointed at another replica.
fn same_browser_on(browser: &Browser, other: &TestApp) -> Browser {
    let moved = Browser::new(other);
    for name in ["cairn_session", "cairn_csrf"] {
        if let Some(value) = browser.cookie(name) {
            moved.set_cookie(name, &value);
        }
    }
    moved
}

#[tokio::test]
async fn two_replicas_share_sessions_and_progress_and_grade_each_job_once() {
    if std::env::var("CAIRN_TEST_POSTGRES").map_or(true, |v| v.is_empty()) {
        eprintln!("skipped: set CAIRN_TEST_POSTGRES to run the two-replica test");
        return;
    }
    let url = fresh_database().await;
    // Migrate once, as an operator would before starting replicas side by side.
    let store = cairn::store::Store::open(&url).await.unwrap();
    store.close().await;
    let first = start_replica(&url);
    let second = start_replica(&url);

    // Sign up on the first; the same cookie works on the second.
    let (on_first, name) = crate::helpers::learner(&first.app).await;
    let on_second = same_browser_on(&on_first, &second.app);
    let dashboard = on_second.get("/dashboard").await;
    assert_eq!(
        dashboard.status,
        StatusCode::OK,
        "same session on the other replica"
    );
    assert!(dashboard.body.contains(&name));

    // Progress made through the second shows on the first.
    let before = on_first.get("/learn/practice/numbers").await.body;
    assert!(!before.contains("Solved"));
    let csrf = on_second.get("/learn/practice/numbers").await.csrf();
    let answered = on_second
        .post(
            "/learn/practice/numbers/tasks/name-it",
            &[("csrf", &csrf), ("answer", "GPipe")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let page = on_first.get("/learn/practice/numbers").await.body;
    assert!(
        page.contains("Solved"),
        "the answer shows on the other replica"
    );

    if crate::exercises::sandboxed() {
        // Jobs through both replicas, graded by whichever worker claims them first.
        let jobs = 6;
        for round in 0..jobs {
            let via = if round % 2 == 0 {
                &on_first
            } else {
                &on_second
            };
            let code = format!("def add(a, b):\n    return a + b  # {round}\n");
            let csrf = via.get("/learn/coding/functions").await.csrf();
            let sent = via
                .post_json(
                    "/learn/coding/functions/tasks/add-numbers",
                    &[("csrf", &csrf), ("code", &code)],
                )
                .await;
            assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let done = crate::helpers::count(
                &first.app,
                "SELECT COUNT(*) FROM grading_jobs WHERE state = 'done'",
            )
            .await;
            if done == jobs {
                break;
            }
            assert!(Instant::now() < deadline, "{done} of {jobs} graded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let attempts = crate::helpers::count(
            &first.app,
            "SELECT COUNT(*) FROM attempts WHERE task_id = 'coding/add-numbers'",
        )
        .await;
        assert_eq!(attempts, jobs, "one attempt per job");
        let (here, there) = (graded_here(&first).await, graded_here(&second).await);
        eprintln!("graded: {here} by the first replica, {there} by the second");
        assert_eq!(
            here + there,
            jobs as u64,
            "each job graded by exactly one replica"
        );
    }

    // Signing out on one ends the session on both.
    let csrf = on_first.session_csrf().await;
    on_first.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(
        on_second.get("/dashboard").await.status,
        StatusCode::SEE_OTHER
    );
}
