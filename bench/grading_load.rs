//! Load generator for `bench/grading`: Python submissions through the whole path
//! (HTTP submit, durable queue, sandbox, stored result) against the same harness and
//! tests run with `python3` directly, in the same run.
//!
//! ```text
//! cargo run --release --example grading_load -- --base http://127.0.0.1:8080 \
//!     --learners 8 --submissions 10
//! ```
//!
//! The server must serve `tests/fixtures/tasks` (the `add-numbers` exercise). Latency is
//! from the submit request to the moment the page's long poll (`?wait=1`, as the page's
//! script does) returns the result. Prints Markdown table rows on stdout.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use clap::Parser;

#[path = "common.rs"]
mod common;
use common::{csrf_in, percentile, Session};

const LESSON: &str = "/learn/coding/functions";
const TASK: &str = "/learn/coding/functions/tasks/add-numbers";
const CODE: &str = "def add(a, b):\n    return a + b\n";
const TASK_DIR: &str = "tests/fixtures/tasks/coding/tasks/add-numbers";

#[derive(Parser)]
struct Args {
    #[arg(long)]
    base: String,
    /// Learners submitting at once in the "many" run.
    #[arg(long, default_value_t = 8)]
    learners: usize,
    /// Submissions per learner in each run.
    #[arg(long, default_value_t = 10)]
    submissions: usize,
}

/// Submits the solution and polls until it is graded; returns the latency.
async fn submit_and_wait(base: &str, session: &Session, csrf: &str) -> Result<Duration> {
    let started = Instant::now();
    let response = session
        .client
        .post(format!("{base}{TASK}"))
        .header("cookie", &session.cookies)
        .header("accept", "application/json")
        .form(&[("csrf", csrf), ("code", CODE)])
        .send()
        .await?;
    ensure!(
        response.status() == 202,
        "submit answered {}",
        response.status()
    );
    loop {
        let body = session
            .client
            .get(format!("{base}{TASK}?wait=1"))
            .header("cookie", &session.cookies)
            .header("accept", "application/json")
            .send()
            .await?
            .text()
            .await?;
        if body.contains("\"outcome\":\"done\"") {
            ensure!(
                body.contains("All 3 tests passed"),
                "unexpected result: {body}"
            );
            return Ok(started.elapsed());
        }
        ensure!(
            started.elapsed() < Duration::from_secs(60),
            "not graded within a minute"
        );
    }
}

/// Each learner submitting `count` times in a row, all learners at once.
async fn cairn_run(
    base: &Arc<String>,
    learners: &[Arc<(Session, String)>],
    count: usize,
) -> Result<(f64, Vec<Duration>)> {
    let started = Instant::now();
    let tasks: Vec<_> = learners
        .iter()
        .map(|learner| {
            let (base, learner) = (base.clone(), learner.clone());
            tokio::spawn(async move {
                let mut own = Vec::new();
                for _ in 0..count {
                    own.push(submit_and_wait(&base, &learner.0, &learner.1).await?);
                }
                Ok::<_, anyhow::Error>(own)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let rate = latencies.len() as f64 / started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Ok((rate, latencies))
}

/// The same harness and tests with `python3` directly: no sandbox, no queue, no HTTP.
fn bare_run(parallel: usize, count: usize) -> Result<(f64, Vec<Duration>)> {
    let dir = std::env::temp_dir().join(format!("cairn-bare-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("harness.py"), cairn::grader::harness::HARNESS)?;
    std::fs::write(dir.join("cairn.py"), cairn::grader::harness::TESTING)?;
    std::fs::write(dir.join("solution.py"), CODE)?;
    // The harness reads the tests from stdin, as [file name, source] pairs.
    let mut tests = Vec::new();
    for entry in std::fs::read_dir(Path::new(TASK_DIR).join("tests"))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        tests.push((name, std::fs::read_to_string(entry.path())?));
    }
    let tests = serde_json::to_vec(&tests)?;
    let started = Instant::now();
    let latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..parallel)
            .map(|_| {
                let (dir, tests) = (&dir, &tests);
                scope.spawn(move || -> Result<Vec<Duration>> {
                    let mut own = Vec::new();
                    for _ in 0..count {
                        let one = Instant::now();
                        let mut child = std::process::Command::new("/usr/bin/python3")
                            .args(["-I", "-B"])
                            .arg(dir.join("harness.py"))
                            .arg("solution")
                            .arg(dir.join("solution.py"))
                            .arg("{\"call_timeout\": 10}")
                            .stdin(std::process::Stdio::piped())
                            .stdout(std::process::Stdio::piped())
                            .spawn()
                            .context("running python3")?;
                        if let Some(mut stdin) = child.stdin.take() {
                            stdin.write_all(tests)?;
                        }
                        let output = child.wait_with_output()?;
                        let out = String::from_utf8_lossy(&output.stdout);
                        ensure!(
                            out.matches("\"pass\"").count() == 3,
                            "bare run did not pass: {out}"
                        );
                        own.push(one.elapsed());
                    }
                    Ok(own)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("bare worker"))
            .collect::<Result<Vec<_>>>()
            .map(|all| all.into_iter().flatten().collect())
    })?;
    let rate = latencies.len() as f64 / started.elapsed().as_secs_f64();
    let mut sorted = latencies;
    sorted.sort_unstable();
    std::fs::remove_dir_all(&dir)?;
    Ok((rate, sorted))
}

fn row(label: &str, concurrency: usize, rate: f64, latencies: &[Duration], baseline: f64) {
    println!(
        "| {label} | {concurrency} | {} | {rate:.1} | {:.0} | {:.0} | {:.2} |",
        latencies.len(),
        percentile(latencies, 0.5),
        percentile(latencies, 0.95),
        rate / baseline
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let base = Arc::new(args.base.trim_end_matches('/').to_owned());
    eprintln!("[grading] bare python3, 1 at a time");
    let (bare_one, bare_one_lat) = bare_run(1, args.submissions)?;
    eprintln!("[grading] bare python3, {} at a time", args.learners);
    let (bare_many, bare_many_lat) = bare_run(args.learners, args.submissions)?;
    // Signed up now, not earlier: the server closes idle keep-alive connections.
    let mut sessions = Vec::new();
    for index in 0..args.learners {
        let (session, page) = common::sign_up(&base, index, LESSON).await?;
        let csrf = csrf_in(&page)?;
        sessions.push(Arc::new((session, csrf)));
    }
    eprintln!("[grading] cairn, 1 learner");
    let (one, one_lat) = cairn_run(&base, &sessions[..1], args.submissions).await?;
    eprintln!("[grading] cairn, {} learners", args.learners);
    let (many, many_lat) = cairn_run(&base, &sessions, args.submissions).await?;
    row("python3 directly", 1, bare_one, &bare_one_lat, bare_one);
    row(
        "python3 directly",
        args.learners,
        bare_many,
        &bare_many_lat,
        bare_many,
    );
    row("Cairn (HTTP, queue, sandbox)", 1, one, &one_lat, bare_one);
    row(
        "Cairn (HTTP, queue, sandbox)",
        args.learners,
        many,
        &many_lat,
        bare_many,
    );
    Ok(())
}
