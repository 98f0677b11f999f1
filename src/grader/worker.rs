//! Grading workers: claim a job, grade it in the sandbox off the async threads, store
//! the verdict.
//!
//! Each worker loops: claim the next job in the fair order (see `store::grading`),
//! grade it on the blocking pool while renewing its lease, then finish it, which stores
//! the attempt only if this worker still holds the lease. Between jobs a worker waits
//! for a nudge from a new submission or half a second, so jobs queued by other
//! processes, or left by a crash, are found too. At start, jobs that a dead process on
//! this machine was grading go back in the queue at once (see [`super::lease`]).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::environments::Builds;
use super::harness::{grade_in, Exercise, Program};
use super::lease::Holder;
use super::sandbox::{Limits, Sandbox};
pub use super::verdict::{Verdict, VerdictOutcome};
use super::warm::Pool;
use crate::clock::now;
use crate::content::Catalog;
use crate::store::{ClaimedJob, NewAttempt, Store};
use crate::tasks::{Kind, Python, Task};

/// How long a claimed job's lease lasts without renewal; past it, another worker may
/// take the job over. Short, because a live worker renews it every
/// [`RENEW_EVERY`] while it grades, whatever the wall-clock limit.
pub const LEASE_SECONDS: i64 = 30;

/// How often a worker renews the lease of the job it is grading.
pub const RENEW_EVERY: Duration = Duration::from_secs(10);

/// The sandbox limits for a task: the operator's, lowered by the task's own.
pub fn task_limits(base: &Limits, python: &Python) -> Limits {
    let mut limits = base.clone();
    if let Some(cpu) = python.cpu_seconds {
        limits.cpu_seconds = limits.cpu_seconds.min(cpu);
    }
    if let Some(memory) = python.memory_mb {
        limits.memory_bytes = limits.memory_bytes.min(memory << 20);
    }
    limits
}

/// Grades `code` against the task's tests (all of them, visible and hidden), in the
/// built `environment` when the task has one, in a sandbox started ahead of the job
/// from `pool` when there is one.
pub fn grade_code(
    sandbox: &Sandbox,
    pool: Option<&Arc<Pool>>,
    python: &Python,
    environment: Option<&BuiltEnvironment>,
    code: &str,
) -> Result<Verdict, String> {
    grade_with(sandbox, pool, python, environment, code, TestSet::All)
}

/// Which of an exercise's tests a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestSet {
    /// Every test, visible and hidden: a submission.
    All,
    /// The visible tests only: a "try it" run, which shows the learner nothing they
    /// cannot already read.
    Visible,
}

/// Like [`grade_code`], with the tests `which` selects.
pub fn grade_with(
    sandbox: &Sandbox,
    pool: Option<&Arc<Pool>>,
    python: &Python,
    environment: Option<&BuiltEnvironment>,
    code: &str,
    which: TestSet,
) -> Result<Verdict, String> {
    let sandbox = Sandbox {
        limits: task_limits(&sandbox.limits, python),
        environment: environment.map(|e| e.path.clone()),
        ..sandbox.clone()
    };
    let warm = environment.map_or(&[][..], |e| e.warm.as_slice());
    let tests: Vec<(&str, &[u8])> = python
        .tests
        .iter()
        .filter(|t| which == TestSet::All || t.visible)
        .map(|t| (t.name.as_str(), t.source.as_bytes()))
        .collect();
    let wall = sandbox.limits.wall.as_secs_f64();
    let exercise = Exercise {
        module: &python.module,
        learner_code: code.as_bytes(),
        tests: &tests,
        call_timeout: wall,
        // The processes get most of the wall-clock limit; the tests need the rest.
        program: python.program.as_ref().map(|p| Program {
            args: &p.args,
            processes: p.processes,
            timeout: (wall * 0.75).max(1.0),
        }),
        warm,
    };
    grade_in(&sandbox, pool, &exercise)
        .map(Verdict::of)
        .map_err(|err| err.describe())
}

/// A task's environment as built on this grader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltEnvironment {
    /// The build's folder on the host.
    pub path: std::path::PathBuf,
    /// Modules warm sandboxes import ahead of the job.
    pub warm: Vec<String>,
}

/// The build a task's environment has on this grader: `Ok(None)` for the plain
/// interpreter, an error naming the environment (and the command that builds it) when
/// it is not built here, so no job runs without its packages.
pub fn built_environment(
    catalog: &Catalog,
    builds: &Builds,
    python: &Python,
) -> Result<Option<BuiltEnvironment>, String> {
    let Some(name) = &python.environment else {
        return Ok(None);
    };
    catalog
        .environments
        .get(name)
        .and_then(|environment| {
            builds.locate(environment).map(|path| BuiltEnvironment {
                path,
                warm: environment.warm.clone(),
            })
        })
        .map(Some)
        .ok_or_else(|| {
            format!(
                "environment {name} is not built in {}: run `cairn env build`",
                builds.dir.display()
            )
        })
}

/// Everything a worker needs.
#[derive(Clone)]
pub struct Grading {
    /// Where jobs are claimed and their verdicts stored.
    pub store: Store,
    /// The content, as `--watch` may replace it; each job uses one version throughout.
    pub catalog: Arc<crate::live::Live<Catalog>>,
    /// Runs each job's code, set up once at start.
    pub sandbox: Arc<Sandbox>,
    /// Wakes a waiting worker when a job is queued in this process.
    pub nudge: Arc<Notify>,
    /// Wakes requests waiting for a result when this process finishes a job.
    pub finished: Arc<Notify>,
    /// Where grading durations are counted.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The built Python environments exercises may run in.
    pub environments: Arc<Builds>,
    /// Warm sandboxes for environments that name modules to warm.
    pub pool: Arc<Pool>,
}

impl Grading {
    /// Starts `count` workers on the current runtime, after putting back in the queue
    /// the jobs a dead process on this machine was grading.
    pub fn start_workers(&self, count: usize) {
        let holder = Holder::current();
        if count > 0 {
            if let Some(holder) = holder.clone() {
                tokio::spawn(self.clone().release_orphans(holder));
            }
        }
        let prefix = holder.map(|h| h.prefix()).unwrap_or_default();
        for number in 0..count {
            tokio::spawn(self.clone().work(number, prefix.clone()));
        }
    }

    /// Releases the running jobs whose lease names a process of this machine that is
    /// gone: a restart after a crash grades them again at once, not after the lease.
    async fn release_orphans(self, holder: Holder) {
        let held = match self.store.running_jobs_held_by(&holder.host_prefix()).await {
            Ok(held) => held,
            Err(err) => {
                tracing::error!(error = ?err, "cannot look for jobs left by a dead worker");
                return;
            }
        };
        let proc = std::path::Path::new("/proc");
        for (id, token) in held {
            if !holder.is_dead_on_this_host(&token, proc) {
                continue;
            }
            match self.store.release_job(id, &token).await {
                Ok(true) => {
                    tracing::info!(job = id, "a job left by a dead worker is queued again");
                    self.nudge.notify_one();
                }
                Ok(false) => {}
                Err(err) => tracing::error!(job = id, error = ?err, "cannot release a job"),
            }
        }
    }

    async fn work(self, number: usize, prefix: String) {
        loop {
            let mut token = [0u8; 16];
            let _ = getrandom::getrandom(&mut token);
            let token = format!("{prefix}{number}-{}", hex::encode(token));
            match self.store.claim_job(now(), LEASE_SECONDS, &token).await {
                Ok(Some(job)) => self.grade_job(job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = self.nudge.notified() => {}
                        _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    }
                }
                Err(err) => {
                    tracing::error!(error = ?err, "cannot claim a grading job");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    async fn grade_job(&self, job: ClaimedJob) {
        let started = std::time::Instant::now();
        // The version of the content this job is graded against, from start to finish.
        let catalog = self.catalog.get();
        let (for_grading, sandbox) = (catalog.clone(), self.sandbox.clone());
        let (task_id, code) = (job.task_id.clone(), job.code.clone());
        let which = if job.try_run {
            TestSet::Visible
        } else {
            TestSet::All
        };
        let (environments, pool) = (self.environments.clone(), self.pool.clone());
        let grading = tokio::task::spawn_blocking(move || {
            match for_grading.task(&task_id).map(|t| &t.kind) {
                Some(Kind::Python(python)) => {
                    let environment = built_environment(&for_grading, &environments, python)?;
                    grade_with(
                        &sandbox,
                        Some(&pool),
                        python,
                        environment.as_ref(),
                        &code,
                        which,
                    )
                }
                _ => Err(format!(
                    "task {task_id} is no longer a Python task in the content"
                )),
            }
        });
        let renewing = tokio::spawn(self.clone().renew(job.clone()));
        let verdict = grading
            .await
            .unwrap_or_else(|err| Err(format!("grading thread failed: {err}")));
        renewing.abort();
        let (verdict, counts) = match verdict {
            Ok(verdict) => (verdict, true),
            Err(fault) => {
                tracing::error!(job = job.id, task = %job.task_id, %fault, "grader fault: no attempt counted");
                (
                    Verdict::without_tests(
                        VerdictOutcome::GraderFault,
                        "Grading failed on the server, not because of your code. It has been logged; no attempt was counted.",
                    ),
                    false,
                )
            }
        };
        // Counted before the result is stored: whoever sees the result then sees it
        // counted too.
        self.metrics.graded(started.elapsed());
        let task = catalog.task(&job.task_id);
        self.store_verdict(&catalog, &job, task, &verdict, counts)
            .await;
    }

    /// Renews the job's lease until aborted (when grading ends) or lost.
    async fn renew(self, job: ClaimedJob) {
        loop {
            tokio::time::sleep(RENEW_EVERY).await;
            match self.store.renew_lease(&job, now() + LEASE_SECONDS).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::warn!(job = job.id, "lease lost while grading");
                    return;
                }
                Err(err) => tracing::error!(job = job.id, error = ?err, "cannot renew a lease"),
            }
        }
    }

    async fn store_verdict(
        &self,
        catalog: &Catalog,
        job: &ClaimedJob,
        task: Option<&Task>,
        verdict: &Verdict,
        counts: bool,
    ) {
        let result = serde_json::to_string(verdict).unwrap_or_else(|_| "{}".to_owned());
        let now = now();
        // A task removed since the submission earns nothing.
        let attempt_points = task.map_or_else(|| "[0]".to_owned(), Task::attempt_points_json);
        let attempt = NewAttempt {
            user_id: job.user_id,
            task_id: &job.task_id,
            answer: &job.code,
            variant: "{}",
            correct: verdict.outcome == VerdictOutcome::Passed,
            score: verdict.score,
            content_hash: &job.content_hash,
            attempt_points: &attempt_points,
            max_attempts: None,
            now,
            rate_since: now,
            rate_limit: i64::MAX,
        };
        // A try run is never an attempt, whatever its result.
        let attempt = (counts && !job.try_run).then_some(&attempt);
        let failed: Vec<String> = verdict
            .tests
            .iter()
            .filter(|t| !t.passed())
            .map(|t| format!("{}::{}", t.file, t.name))
            .collect();
        match self
            .store
            .finish_job(job, &result, &failed.join("\n"), attempt, now)
            .await
        {
            Ok(true) => {
                let solved = verdict.outcome == VerdictOutcome::Passed && !job.try_run;
                if let (Some(task), true) = (task, solved) {
                    self.complete_lesson(catalog, job.user_id, task, now).await;
                }
                self.finished.notify_waiters();
            }
            Ok(false) => tracing::warn!(
                job = job.id,
                "lease lost before the result was stored; another worker has the job"
            ),
            Err(err) => {
                tracing::error!(job = job.id, error = ?err, "cannot store a grading result; the job will be retried")
            }
        }
    }

    /// Completes the task's lesson when every required task in it is solved.
    async fn complete_lesson(&self, catalog: &Catalog, user_id: i64, task: &Task, now: i64) {
        let Some((module, lesson)) = catalog.lesson_of_task(&task.id) else {
            return;
        };
        let done =
            crate::progress::complete_if_solved(&self.store, module, lesson, user_id, now).await;
        if let Err(err) = done {
            tracing::error!(error = ?err, "cannot complete a lesson");
        }
    }
}
