//! Load generator for `bench/grading`: Python submissions through the whole path
//! (HTTP submit, durable queue, sandbox, stored result) against the same harness and
//! tests run with `python3` directly, in the same run.
//!
//! ```text
//! cargo run --release --example grading_load -- --base http://127.0.0.1:8080 \
//!     --learners 8 --submissions 10
//! ```
//!
//! `--exercise trivial` (the default) needs the server to serve `tests/fixtures/tasks`
//! (the `add-numbers` exercise, three tests); `--exercise numpy` needs the bundled
//! `content/` and its built `scientific` environment (`p95-by-endpoint`, six tests,
//! NumPy), whose interpreter `--python` gives for the bare baseline. Latency is from the
//! submit request to the moment the page's long poll (`?wait=1`, as the page's script
//! does) returns the result. Prints Markdown table rows on stdout.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use clap::Parser;

#[path = "common.rs"]
mod common;
use common::{csrf_in, percentile, Session};

/// The exercise a run submits, its correct solution, and how a pass reads.
struct Exercise {
    lesson: &'static str,
    task: &'static str,
    task_dir: &'static str,
    code: String,
    tests: usize,
}

impl Exercise {
    fn named(name: &str) -> Result<Self> {
        Ok(match name {
            "trivial" => Self {
                lesson: "/learn/coding/functions",
                task: "/learn/coding/functions/tasks/add-numbers",
                task_dir: "tests/fixtures/tasks/coding/tasks/add-numbers",
                code: "def add(a, b):\n    return a + b\n".to_owned(),
                tests: 3,
            },
            "numpy" => Self {
                lesson: "/learn/python-infra/batching-and-streaming",
                task: "/learn/python-infra/batching-and-streaming/tasks/p95-by-endpoint",
                task_dir: "content/python-infra/tasks/p95-by-endpoint",
                code: std::fs::read_to_string(
                    "content/python-infra/tasks/p95-by-endpoint/solution.py",
                )?,
                tests: 6,
            },
            other => anyhow::bail!("no exercise {other}: trivial or numpy"),
        })
    }
}

#[derive(Parser)]
struct Args {
    #[arg(long)]
    base: String,
    /// `trivial` (standard library, 3 tests) or `numpy` (6 tests in an environment).
    #[arg(long, default_value = "trivial")]
    exercise: String,
    /// The interpreter of the bare baseline (the environment's for `numpy`).
    #[arg(long, default_value = "/usr/bin/python3")]
    python: std::path::PathBuf,
    /// Learners submitting at once in the "many" run.
    #[arg(long, default_value_t = 8)]
    learners: usize,
    /// Submissions per learner in each run.
    #[arg(long, default_value_t = 10)]
    submissions: usize,
}

/// Submits the solution and polls until it is graded; returns the latency.
async fn submit_and_wait(
    base: &str,
    exercise: &Exercise,
    session: &Session,
    csrf: &str,
) -> Result<Duration> {
    let started = Instant::now();
    let response = session
        .client
        .post(format!("{base}{}", exercise.task))
        .header("cookie", &session.cookies)
        .header("accept", "application/json")
        .form(&[("csrf", csrf), ("code", exercise.code.as_str())])
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
            .get(format!("{base}{}?wait=1", exercise.task))
            .header("cookie", &session.cookies)
            .header("accept", "application/json")
            .send()
            .await?
            .text()
            .await?;
        if body.contains("\"outcome\":\"done\"") {
            ensure!(
                body.contains(&format!("All {} tests passed", exercise.tests)),
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
    exercise: &Arc<Exercise>,
    learners: &[Arc<(Session, String)>],
    count: usize,
) -> Result<(f64, Vec<Duration>)> {
    let started = Instant::now();
    let tasks: Vec<_> = learners
        .iter()
        .map(|learner| {
            let (base, learner, exercise) = (base.clone(), learner.clone(), exercise.clone());
            tokio::spawn(async move {
                let mut own = Vec::new();
                for _ in 0..count {
                    own.push(submit_and_wait(&base, &exercise, &learner.0, &learner.1).await?);
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

/// The same harness and tests run by `python` directly: no sandbox, no queue, no HTTP.
fn bare_run(
    exercise: &Exercise,
    python: &Path,
    parallel: usize,
    count: usize,
) -> Result<(f64, Vec<Duration>)> {
    let dir = std::env::temp_dir().join(format!("cairn-bare-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("harness.py"), cairn::grader::harness::HARNESS)?;
    std::fs::write(dir.join("cairn.py"), cairn::grader::harness::TESTING)?;
    // The harness reads the job from stdin: the tests, the code and the settings.
    let mut tests = Vec::new();
    for entry in std::fs::read_dir(Path::new(exercise.task_dir).join("tests"))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        tests.push((name, std::fs::read_to_string(entry.path())?));
    }
    let tests = serde_json::to_vec(&serde_json::json!({
        "tests": tests,
        "code": exercise.code,
        "settings": { "call_timeout": 10 },
    }))?;
    let expected = exercise.tests;
    let started = Instant::now();
    let latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..parallel)
            .map(|_| {
                let (dir, tests) = (&dir, &tests);
                scope.spawn(move || -> Result<Vec<Duration>> {
                    let mut own = Vec::new();
                    for _ in 0..count {
                        let one = Instant::now();
                        let mut child = std::process::Command::new(python)
                            .args(["-I", "-B"])
                            .arg(dir.join("harness.py"))
                            .arg("solution")
                            .arg(dir.join("solution.py"))
                            .arg("[]")
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
                            out.matches("\"pass\"").count() == expected,
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
    let exercise = Arc::new(Exercise::named(&args.exercise)?);
    eprintln!("[grading] bare python, 1 at a time");
    let (bare_one, bare_one_lat) = bare_run(&exercise, &args.python, 1, args.submissions)?;
    eprintln!("[grading] bare python, {} at a time", args.learners);
    let (bare_many, bare_many_lat) =
        bare_run(&exercise, &args.python, args.learners, args.submissions)?;
    // Signed up now, not earlier: the server closes idle keep-alive connections.
    let mut sessions = Vec::new();
    for index in 0..args.learners {
        let (session, page) = common::sign_up(&base, index, exercise.lesson).await?;
        let csrf = csrf_in(&page)?;
        sessions.push(Arc::new((session, csrf)));
    }
    eprintln!("[grading] cairn, 1 learner");
    let (one, one_lat) = cairn_run(&base, &exercise, &sessions[..1], args.submissions).await?;
    eprintln!("[grading] cairn, {} learners", args.learners);
    let (many, many_lat) = cairn_run(&base, &exercise, &sessions, args.submissions).await?;
    row("python directly", 1, bare_one, &bare_one_lat, bare_one);
    row(
        "python directly",
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
