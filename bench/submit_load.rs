//! Load generator for `bench/submit`: many signed-in learners answering a numeric task
//! at once, over keep-alive connections, then the stored attempts counted against the
//! responses that said the answer was checked.
//!
//! ```text
//! cargo run --release --example submit_load -- --base http://127.0.0.1:8080 \
//!     --database sqlite:///tmp/cairn.db --learners 64 --answers 200
//! ```
//!
//! It expects the server to serve `tests/fixtures/tasks` (the `ring-bytes` task in
//! `/learn/practice/numbers`) with `CAIRN_ANSWERS_PER_MINUTE` raised above the load,
//! since the point is the cost of checking and storing, not the rate limit. It prints one
//! Markdown table row on stdout and details on stderr.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use sqlx::Row;

#[path = "common.rs"]
mod common;
use common::{csrf_in, percentile};

const LESSON: &str = "/learn/practice/numbers";
const TASK: &str = "/learn/practice/numbers/tasks/ring-bytes";

#[derive(Parser)]
struct Args {
    /// The server's base URL.
    #[arg(long)]
    base: String,
    /// The server's database, to count the stored attempts.
    #[arg(long)]
    database: String,
    /// Learners answering at the same time (one connection each).
    #[arg(long, default_value_t = 64)]
    learners: usize,
    /// Answers each learner sends, one after another.
    #[arg(long, default_value_t = 200)]
    answers: usize,
    /// A label for the table row.
    #[arg(long, default_value = "run")]
    label: String,
}

/// One signed-in learner: their session, CSRF token and the right answer to send.
struct Learner {
    client: reqwest::Client,
    cookies: String,
    csrf: String,
    right: String,
}

/// Reads this learner's `n` and `size` from the prompt and computes the answer.
fn right_answer(page: &str) -> Result<String> {
    let after = &page[page.find("A ring of ").context("no ring-bytes prompt")? + 10..];
    let n: f64 = after[..after.find(' ').context("n")?].parse()?;
    let after = &after[after.find("reduces a ").context("size")? + 10..];
    let size: f64 = after[..after.find(' ').context("size")?].parse()?;
    Ok(format!("{}", 2.0 * (n - 1.0) / n * size))
}

async fn sign_up(base: &str, index: usize) -> Result<Learner> {
    let (session, page) = common::sign_up(base, index, LESSON).await?;
    Ok(Learner {
        csrf: csrf_in(&page)?,
        right: right_answer(&page)?,
        client: session.client,
        cookies: session.cookies,
    })
}

/// Sends `answers` answers, one in five right; returns the latencies of checked ones.
async fn answer(
    base: Arc<String>,
    learner: Learner,
    answers: usize,
    failed: Arc<AtomicU64>,
) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(answers);
    for i in 0..answers {
        let value = if i % 5 == 0 {
            learner.right.clone()
        } else {
            format!("{}", 1000 + i)
        };
        let started = Instant::now();
        let response = learner
            .client
            .post(format!("{base}{TASK}"))
            .header("cookie", &learner.cookies)
            .header("accept", "application/json")
            .form(&[("csrf", learner.csrf.as_str()), ("answer", &value)])
            .send()
            .await;
        let checked = match response {
            Ok(response) if response.status() == 200 => response.text().await.is_ok_and(|body| {
                body.contains("\"outcome\":\"correct\"")
                    || body.contains("\"outcome\":\"incorrect\"")
            }),
            _ => false,
        };
        if checked {
            latencies.push(started.elapsed());
        } else {
            failed.fetch_add(1, Ordering::Relaxed);
        }
    }
    latencies
}

async fn stored_attempts(database: &str) -> Result<i64> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await?;
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM attempts")
        .fetch_one(&pool)
        .await?
        .get(0);
    pool.close().await;
    Ok(count)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let base = Arc::new(args.base.trim_end_matches('/').to_owned());
    eprintln!("[submit] signing up {} learners", args.learners);
    let mut learners = Vec::with_capacity(args.learners);
    for index in 0..args.learners {
        learners.push(
            sign_up(&base, index)
                .await
                .with_context(|| format!("learner {index}"))?,
        );
    }
    let before = stored_attempts(&args.database).await?;
    eprintln!(
        "[submit] {} learners x {} answers",
        args.learners, args.answers
    );
    let failed = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = learners
        .into_iter()
        .map(|learner| tokio::spawn(answer(base.clone(), learner, args.answers, failed.clone())))
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let checked = latencies.len() as i64;
    let stored = stored_attempts(&args.database).await? - before;
    let failed = failed.load(Ordering::Relaxed);
    let rate = checked as f64 / elapsed;
    eprintln!(
        "[submit] {checked} checked in {elapsed:.2} s, {failed} failed, {stored} stored; p50 {:.1} ms, p99 {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
    println!(
        "| {} | {} | {:.0} | {:.1} | {:.1} | {checked} | {stored} | {failed} |",
        args.label,
        args.learners,
        rate,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
    );
    if stored != checked {
        bail!("{checked} answers were reported checked but {stored} attempts were stored");
    }
    Ok(())
}
