//! Warm sandboxes: started before their job, with the heavy imports already done.
//!
//! Starting a sandbox and two Python interpreters is most of a trivial grading run, and
//! importing pandas costs more than all of it. So the grader keeps a few sandboxes
//! started ahead of time, each running the harness and waiting on stdin for a job; for
//! an environment that names modules to warm (`warm = ["numpy", "pandas"]` in its
//! `environment.toml`), the learner's process is already started with them imported. A job takes one and hands it the tests and the code ([`Started::finish`]); a new
//! one is started behind it. A warm sandbox is used by exactly one job and never
//! again, so nothing of one learner's run can reach another's. Sandboxes are pooled by
//! everything that shapes them (environment, limits, module, warm modules), and one
//! that died while waiting is thrown away. The CPU-time limit counts the warm imports,
//! since the process was started with it; the wall-clock limit starts with the job.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::job_files::{harness_args, HARNESS_FILES};
use super::sandbox::{Limits, Sandbox, SandboxError, Started};

/// What makes two warm sandboxes interchangeable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Shape {
    environment: Option<PathBuf>,
    limits: Limits,
    module: String,
    warm: Vec<String>,
}

/// Sandboxes started ahead of their jobs, by shape.
#[derive(Default)]
pub struct Pool {
    /// How many idle sandboxes to keep per shape; four times as many in all.
    size: usize,
    idle: Mutex<HashMap<Shape, Vec<Started>>>,
}

impl Pool {
    /// A pool keeping `size` idle sandboxes per shape (the number of grading workers).
    pub fn new(size: usize) -> Arc<Self> {
        Arc::new(Self {
            size,
            idle: Mutex::new(HashMap::new()),
        })
    }

    /// A sandbox started for `module` with `warm` imported: a waiting one when there
    /// is one, else a new one; either way another is started behind it.
    pub fn take(
        self: &Arc<Self>,
        sandbox: &Sandbox,
        module: &str,
        warm: &[String],
    ) -> Result<Started, SandboxError> {
        let shape = Shape {
            environment: sandbox.environment.clone(),
            limits: sandbox.limits.clone(),
            module: module.to_owned(),
            warm: warm.to_vec(),
        };
        let waiting = self.pop(&shape);
        self.refill(sandbox.clone(), shape);
        match waiting {
            Some(started) => Ok(started),
            None => start(sandbox, module, warm),
        }
    }

    /// Idle sandboxes of every shape, for tests and metrics.
    pub fn idle(&self) -> usize {
        self.idle
            .lock()
            .map_or(0, |idle| idle.values().map(Vec::len).sum())
    }

    fn pop(&self, shape: &Shape) -> Option<Started> {
        let mut idle = self.idle.lock().ok()?;
        let waiting = idle.get_mut(shape)?;
        while let Some(mut started) = waiting.pop() {
            if started.is_running() {
                return Some(started);
            }
        }
        None
    }

    /// Starts one sandbox of `shape` in the background if the pool holds fewer than
    /// its size.
    fn refill(self: &Arc<Self>, sandbox: Sandbox, shape: Shape) {
        // Tasks with their own limits each make a shape: the total is capped too.
        let short = self.idle.lock().is_ok_and(|idle| {
            idle.get(&shape).map_or(0, Vec::len) < self.size
                && idle.values().map(Vec::len).sum::<usize>() < self.size * 4
        });
        if !short {
            return;
        }
        let pool = Arc::clone(self);
        std::thread::spawn(move || match start(&sandbox, &shape.module, &shape.warm) {
            Ok(started) => {
                if let Ok(mut idle) = pool.idle.lock() {
                    let waiting = idle.entry(shape).or_default();
                    if waiting.len() < pool.size {
                        waiting.push(started);
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err.describe(), "cannot start a warm sandbox"),
        });
    }
}

/// A new sandbox running the harness for `module`, importing `warm` while it waits.
fn start(sandbox: &Sandbox, module: &str, warm: &[String]) -> Result<Started, SandboxError> {
    let args = harness_args(module, warm);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandbox.start_python(&HARNESS_FILES, "harness.py", &args)
}
