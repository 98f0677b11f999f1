//! What a learner sees of a Python exercise: the editor's code, the visible tests, and
//! the latest submission's place in the queue or its per-test results.
//!
//! Results go through the feedback policy in [`crate::web::views::feedback`]: hidden tests show
//! their name and outcome, never their source, nor anything the learner's code could
//! fill with their inputs.

use serde::Serialize;

use crate::grader::harness::{wire_enum, TestStatus};
use crate::grader::worker::{Verdict, VerdictOutcome};
use crate::store::{DraftRow, JobRow};
use crate::tasks::Python;
use crate::web::state::Unavailable;
use crate::web::views::feedback::{learner_verdict, ImportErrorView, TestView};

/// The exercise part of a task view.
#[derive(Serialize)]
pub struct CodeView<'a> {
    /// The learner's file name, shown as the editor's title.
    pub file_name: &'a str,
    /// What the editor shows: the learner's draft, else the latest submission, else the
    /// starter.
    pub code: String,
    /// When `code` was saved on the server (Unix seconds; 0 for the starter), so the
    /// page can tell whether a draft kept in the browser is newer.
    pub saved_at: i64,
    /// The starter, for the editor's "reset" button.
    pub starter: &'a str,
    /// Test files the learner may read.
    pub visible_tests: Vec<TestSource<'a>>,
    /// How many other test files grade the exercise.
    pub hidden_tests: usize,
    /// The latest submission; `None` before the first.
    pub job: Option<JobView>,
    /// Grading is off on this server.
    pub unavailable: bool,
    /// Why, for instructors and admins only.
    pub unavailable_reason: Option<String>,
}

/// A visible test file, shown with its source.
#[derive(Serialize)]
pub struct TestSource<'a> {
    /// The file's name, such as `test_basics.py`.
    pub name: &'a str,
    /// The file's Python source.
    pub source: &'a str,
}

/// The latest submission.
#[derive(Serialize)]
pub struct JobView {
    /// `queued`, `running` or `done`.
    pub state: JobProgress,
    /// Submissions ahead in the queue, while queued.
    pub ahead: i64,
    /// When it was submitted (Unix seconds), for the page's waiting timer.
    pub submitted_at: i64,
    /// The verdict, once graded.
    pub outcome: Option<VerdictOutcome>,
    /// A line explaining the verdict, when it needs one.
    pub message: Option<String>,
    /// Tests passed.
    pub passed: usize,
    /// Tests run.
    pub total: usize,
    /// Each test's result, as the learner may see it.
    pub tests: Vec<TestView>,
    /// Why the learner's module did not import, when it did not.
    pub import_error: Option<ImportErrorView>,
    /// A "try it" run against the example tests, not a submission.
    pub try_run: bool,
}

/// The exercise view for one learner.
pub fn code_view<'a>(
    python: &'a Python,
    job: Option<&JobRow>,
    draft: Option<&DraftRow>,
    unavailable: Option<Unavailable<'_>>,
) -> CodeView<'a> {
    let (code, saved_at) = match (draft, job) {
        (Some(draft), _) => (draft.code.clone(), draft.updated_at),
        (None, Some(job)) => (job.code.clone(), job.created_at),
        (None, None) => (python.starter.clone(), 0),
    };
    CodeView {
        file_name: &python.file_name,
        code,
        saved_at,
        starter: &python.starter,
        visible_tests: python
            .tests
            .iter()
            .filter(|t| t.visible)
            .map(|t| TestSource {
                name: &t.name,
                source: &t.source,
            })
            .collect(),
        hidden_tests: python.tests.iter().filter(|t| !t.visible).count(),
        job: job.map(|job| job_view(python, job)),
        unavailable: unavailable.is_some(),
        unavailable_reason: unavailable.and_then(|u| u.reason).map(str::to_owned),
    }
}

wire_enum! {
    /// Where a submission is, as pages and scripts name it.
    JobProgress {
        /// Waiting for a grader (the queue's `pending`).
        Queued = "queued",
        /// A grader is running it.
        Running = "running",
        /// Its result is in.
        Done = "done",
    }
}

/// A job's progress, read from the state the queue stores; the one place that reads it.
pub fn job_state(job: &JobRow) -> JobProgress {
    match job.state.as_str() {
        "pending" => JobProgress::Queued,
        "running" => JobProgress::Running,
        _ => JobProgress::Done,
    }
}

fn job_view(python: &Python, job: &JobRow) -> JobView {
    let state = job_state(job);
    let verdict = job
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str::<Verdict>(r).ok())
        .map(|verdict| learner_verdict(Some(python), &job.code, verdict));
    let mut view = JobView {
        state,
        ahead: job.ahead,
        submitted_at: job.created_at,
        outcome: None,
        message: None,
        passed: 0,
        total: 0,
        tests: Vec::new(),
        import_error: None,
        try_run: job.try_run,
    };
    if let Some(verdict) = verdict {
        view.passed = verdict
            .tests
            .iter()
            .filter(|t| t.status == TestStatus::Pass)
            .count();
        view.total = verdict.tests.len();
        view.outcome = Some(verdict.outcome);
        view.message = verdict.message;
        view.tests = verdict.tests;
        view.import_error = verdict.import_error;
    }
    view
}
