//! One learner's trail through the path: every task in path order with its status,
//! each answer they sent and each program they submitted. Instructors read it on a
//! cohort's learner page; learners read their own on "Your answers". What a submission
//! says of its tests depends on the reader: an instructor sees which test files and
//! tests failed; a learner sees what the feedback policy ([`crate::web::views::feedback`]) lets
//! them see on the lesson page, hidden tests by name only.

use crate::grader::harness::TestStatus;
use std::collections::HashMap;

use serde::Serialize;

use crate::content::Catalog;
use crate::grader::worker::Verdict;
use crate::store::{AttemptData, LearnerData, SubmissionData};
use crate::tasks::{Kind, Task};
use crate::web::views::cards::format_utc;
use crate::web::views::feedback::learner_verdict;
use crate::web::views::tasks::whole_points;

/// Who reads the trail, which decides what submissions say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Sees which test files and tests failed.
    Instructor,
    /// Sees what the feedback policy allows: hidden tests by name only.
    Learner,
}

/// A task and what the learner did with it.
#[derive(Serialize)]
pub struct TaskTrail {
    /// Stable task id `<module>/<name>`.
    pub id: String,
    /// The task's title.
    pub title: String,
    /// Title of the lesson the task sits in.
    pub lesson_title: String,
    /// Link to the task in its lesson.
    pub lesson_url: String,
    /// `solved`, `attempted` or `new`.
    pub status: TaskProgress,
    /// Answers sent, newest first; empty for exercises, shown as submissions.
    pub attempts: Vec<AttemptLine>,
    /// Programs sent to the grader, newest first.
    pub submissions: Vec<SubmissionLine>,
}

/// One answer in the trail.
#[derive(Serialize)]
pub struct AttemptLine {
    /// The answer as typed (numeric and text tasks).
    answer: String,
    /// The options chosen, as the lesson shows them (choice tasks; trusted HTML
    /// rendered from the content folder).
    chosen_html: Vec<String>,
    correct: bool,
    /// Points earned, when recorded (attempts since points by attempt).
    points: Option<u32>,
    when: String,
}

/// One program submission in the trail.
#[derive(Serialize)]
pub struct SubmissionLine {
    code: String,
    /// `pending`, `running`, or the verdict's outcome (`passed`, `failed`, `error`...).
    outcome: String,
    passed: usize,
    total: usize,
    /// `file::test` of each test that did not pass.
    failed: Vec<String>,
    when: String,
}

/// What a learner has done with one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskProgress {
    /// Nothing sent yet.
    New,
    /// Sent, not solved.
    Attempted,
    /// Solved at least once.
    Solved,
}

/// Every task in path order with what the learner did with it.
pub fn trail(catalog: &Catalog, data: &LearnerData, reader: Reader) -> Vec<TaskTrail> {
    let mut attempts: HashMap<&str, Vec<&AttemptData>> = HashMap::new();
    for attempt in &data.attempts {
        attempts.entry(&attempt.task_id).or_default().push(attempt);
    }
    let mut submissions: HashMap<&str, Vec<&SubmissionData>> = HashMap::new();
    for submission in data.submissions.iter().filter(|s| !s.try_run) {
        submissions
            .entry(&submission.task_id)
            .or_default()
            .push(submission);
    }
    let mut tasks = Vec::new();
    for (module, lesson) in catalog.lessons() {
        for name in lesson.task_names() {
            let Some(task) = module.tasks.get(name) else {
                continue;
            };
            let tried = attempts
                .get(task.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let sent = submissions
                .get(task.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let status = if tried.iter().any(|a| a.correct) {
                TaskProgress::Solved
            } else if tried.is_empty() && sent.is_empty() {
                TaskProgress::New
            } else {
                TaskProgress::Attempted
            };
            let python = matches!(task.kind, Kind::Python(_));
            tasks.push(TaskTrail {
                id: task.id.clone(),
                title: task.title.clone(),
                lesson_title: lesson.title.clone(),
                lesson_url: lesson.url.clone(),
                status,
                // A Python submission is also stored as an attempt once graded; its
                // submission line says more, so it is shown once, there.
                attempts: if python {
                    Vec::new()
                } else {
                    tried.iter().rev().map(|a| attempt_line(task, a)).collect()
                },
                submissions: sent
                    .iter()
                    .rev()
                    .map(|s| submission_line(task, s, reader))
                    .collect(),
            });
        }
    }
    tasks
}

fn attempt_line(task: &Task, attempt: &AttemptData) -> AttemptLine {
    let chosen_html = match &task.kind {
        Kind::Choice(choice) => attempt
            .answer
            .split(',')
            .filter_map(|i| i.trim().parse::<usize>().ok())
            .filter_map(|i| choice.options.get(i).map(|o| o.html.clone()))
            .collect(),
        _ => Vec::new(),
    };
    AttemptLine {
        answer: attempt.answer.clone(),
        chosen_html,
        correct: attempt.correct,
        points: attempt.points.map(whole_points),
        when: format_utc(attempt.created_at),
    }
}

fn submission_line(task: &Task, submission: &SubmissionData, reader: Reader) -> SubmissionLine {
    let result = submission.result.as_ref();
    let outcome = result
        .and_then(|r| r.get("outcome"))
        .and_then(|o| o.as_str())
        .unwrap_or(&submission.state)
        .to_owned();
    // (test name as shown, passed) for each test.
    let tests: Vec<(String, bool)> = match reader {
        Reader::Instructor => {
            let tests = result
                .and_then(|r| r.get("tests"))
                .and_then(|t| t.as_array())
                .map_or(&[][..], Vec::as_slice);
            let field = |test: &serde_json::Value, key: &str| {
                test.get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            tests
                .iter()
                .map(|t| {
                    let name = format!("{}::{}", field(t, "file"), field(t, "name"));
                    (name, field(t, "status") == TestStatus::Pass.as_str())
                })
                .collect()
        }
        Reader::Learner => {
            let python = match &task.kind {
                Kind::Python(python) => Some(python),
                _ => None,
            };
            result
                .and_then(|r| serde_json::from_value::<Verdict>(r.clone()).ok())
                .map(|verdict| learner_verdict(python, &submission.code, verdict).tests)
                .unwrap_or_default()
                .into_iter()
                .map(|t| {
                    let passed = t.status == TestStatus::Pass;
                    let name = if t.visible {
                        t.name
                    } else {
                        format!("{} (hidden)", t.name)
                    };
                    (name, passed)
                })
                .collect()
        }
    };
    let failed: Vec<String> = tests
        .iter()
        .filter(|(_, passed)| !passed)
        .map(|(name, _)| name.clone())
        .collect();
    SubmissionLine {
        code: submission.code.clone(),
        outcome,
        passed: tests.len() - failed.len(),
        total: tests.len(),
        failed,
        when: format_utc(submission.created_at),
    }
}
