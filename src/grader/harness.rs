//! Grading a Python exercise: the harness, the files of one job, and reading its report.
//!
//! [`grade`] puts the learner's file and `harness.py` (embedded in the binary) in a
//! sandbox job and runs the harness, handing it the instructor's tests on stdin so that
//! they never exist as files inside the sandbox. The verdict comes only from the
//! report the harness's trusted parent process writes to stdout, which the learner's
//! code, running in a separate process, cannot reach (see `harness.py`). A run with no
//! valid report is never a pass.

use serde::{Deserialize, Serialize};

pub use super::job_files::{harness_args, HARNESS, HARNESS_FILES, TESTING};
use super::sandbox::{Ending, Run, Sandbox, SandboxError};

/// One exercise submission to grade.
pub struct Exercise<'a> {
    /// The module name tests import, such as `solution`.
    pub module: &'a str,
    /// The learner's file as submitted.
    pub learner_code: &'a [u8],
    /// Test files by name (`test_basics.py`) and source.
    pub tests: &'a [(&'a str, &'a [u8])],
    /// Seconds one call into the learner's code may take.
    pub call_timeout: f64,
    /// Run the learner's file as a program instead of importing it.
    pub program: Option<Program<'a>>,
    /// Modules to import in the learner's process before the job arrives (in a
    /// sandbox started ahead of the job, taken from a pool).
    pub warm: &'a [String],
}

/// A program exercise: the learner's file runs as `python FILE ARGS...` in `processes`
/// copies at once, each with `RANK`, `WORLD_SIZE`, `MASTER_ADDR` and `MASTER_PORT` set
/// as `torchrun` sets them; then the tests read what they printed and wrote.
#[derive(Debug, Clone, Copy)]
pub struct Program<'a> {
    /// Arguments after the file name, from the task's `run`.
    pub args: &'a [String],
    /// Copies of the program started at once.
    pub processes: u32,
    /// Seconds all the processes together may run.
    pub timeout: f64,
}

/// Declares a unit enum that travels as the lowercase word the harness and the stored
/// results use, with `as_str` and comparison against that word.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// The word stored and shown for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// How one test ended.
    TestStatus {
        /// It passed.
        Pass = "pass",
        /// An assertion failed.
        Fail = "fail",
        /// The run hit its time limit during this test.
        Time = "time",
        /// The run hit its memory limit during this test.
        Memory = "memory",
        /// The run printed past its output cap during this test.
        Output = "output",
        /// The learner's process died during this test.
        Crash = "crash",
        /// It raised, or ended in a way the harness did not name.
        #[serde(other)]
        Error = "error",
    }
}

wire_enum! {
    /// How a whole harness run ended.
    RunOutcome {
        /// Every test ran.
        Completed = "completed",
        /// The time limit stopped it.
        Time = "time",
        /// The memory limit stopped it.
        Memory = "memory",
        /// The output cap stopped it.
        Output = "output",
        /// The learner's process died.
        Crash = "crash",
        /// Importing the learner's code raised.
        #[serde(other)]
        Error = "error",
    }
}

impl TestResult {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.status == TestStatus::Pass
    }
}

/// One test's result, as the harness reported it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct TestResult {
    /// The test file the test is in.
    pub file: String,
    /// The test function's name.
    pub name: String,
    /// Whether it passed, failed, errored or hit a limit.
    pub status: TestStatus,
    /// The assertion or exception message; shown only when the task allows.
    #[serde(default)]
    pub message: Option<String>,
    /// Where the failure happened, for the instructor.
    #[serde(default)]
    pub traceback: Option<Vec<String>>,
    /// What the test printed.
    #[serde(default)]
    pub output: Option<String>,
}

/// An exception raised while importing the learner's module.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct ImportError {
    /// The exception's class name, such as `SyntaxError`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The exception's message.
    pub message: String,
    /// Where it was raised, for the instructor.
    pub traceback: Vec<String>,
}

/// The harness's report.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Report {
    /// `completed`, or the first limit a test ran into.
    pub outcome: RunOutcome,
    /// One result per test that ran.
    pub tests: Vec<TestResult>,
    /// Set when the learner's module could not be imported, so no test ran.
    #[serde(default)]
    pub import_error: Option<ImportError>,
    /// How the learner's process ended when it ended before any test ran (a crash by
    /// a signal, an exit code).
    #[serde(default)]
    pub message: Option<String>,
}

impl Report {
    /// Passed tests over all tests, 0.0 when there are none.
    pub fn score(&self) -> f64 {
        let passed = self.tests.iter().filter(|t| t.passed()).count();
        if self.tests.is_empty() {
            0.0
        } else {
            passed as f64 / self.tests.len() as f64
        }
    }
}

/// How grading ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Grade {
    /// The harness reported on every test.
    Reported(Report),
    /// The whole run went past the wall-clock deadline.
    TimeLimit,
    /// The run printed past the output cap.
    OutputLimit,
    /// The run ended without a valid report (the learner's code killed the harness,
    /// or the harness itself failed); never a pass.
    NoReport {
        /// How the process ended.
        ending: Ending,
        /// What it wrote to stderr, for the log.
        stderr: String,
    },
}

/// What the harness reads on stdin: the tests, the learner's code and the settings.
pub fn job_input(exercise: &Exercise<'_>) -> Result<Vec<u8>, SandboxError> {
    let tests: Vec<(&str, String)> = exercise
        .tests
        .iter()
        .map(|(name, source)| (*name, String::from_utf8_lossy(source).into_owned()))
        .collect();
    let program = exercise.program.map(
        |p| serde_json::json!({ "args": p.args, "processes": p.processes, "timeout": p.timeout }),
    );
    let job = serde_json::json!({
        "tests": tests,
        "code": String::from_utf8_lossy(exercise.learner_code),
        "settings": { "call_timeout": exercise.call_timeout, "program": program },
    });
    serde_json::to_vec(&job).map_err(|e| SandboxError::Pass(e.into()))
}

/// Runs the exercise's tests against the learner's code in a new sandbox.
pub fn grade(sandbox: &Sandbox, exercise: &Exercise<'_>) -> Result<Grade, SandboxError> {
    grade_in(sandbox, None, exercise)
}

/// [`grade`], taking a sandbox started ahead of the job from `pool` when there is one.
pub fn grade_in(
    sandbox: &Sandbox,
    pool: Option<&std::sync::Arc<super::warm::Pool>>,
    exercise: &Exercise<'_>,
) -> Result<Grade, SandboxError> {
    let started = match pool {
        Some(pool) => pool.take(sandbox, exercise.module, exercise.warm)?,
        None => {
            let args = harness_args(exercise.module, exercise.warm);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            sandbox.start_python(&HARNESS_FILES, "harness.py", &args)?
        }
    };
    Ok(grade_of(started.finish(job_input(exercise)?)?))
}

/// The grade a finished harness run deserves.
pub fn grade_of(run: Run) -> Grade {
    match run.ending {
        Ending::WallTimeout => Grade::TimeLimit,
        Ending::OutputLimit => Grade::OutputLimit,
        ending => {
            let stdout = String::from_utf8_lossy(&run.stdout);
            let report = stdout
                .lines()
                .last()
                .and_then(|line| serde_json::from_str::<Report>(line).ok());
            match (ending, report) {
                (Ending::Exited(0), Some(report)) => Grade::Reported(report),
                (ending, _) => Grade::NoReport {
                    ending,
                    stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
                },
            }
        }
    }
}
