//! One learner's trail through the path, for their instructor: every task in path order
//! with its status, each answer they sent and each program they submitted with the
//! tests it failed. Read-only; reached only through a cohort the instructor teaches,
//! and only for a learner in that cohort.

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::error::AppError;
use super::identity::Teacher;
use super::render::page;
use super::task_views::whole_points;
use super::teach::taught;
use super::views::format_utc;
use super::AppState;
use crate::store::{AttemptData, SubmissionData};
use crate::tasks::{Kind, Task};

#[derive(Serialize)]
struct LearnerPage {
    cohort_id: i64,
    cohort_name: String,
    learner: String,
    lessons_done: usize,
    lessons_total: usize,
    solved: usize,
    tasks: Vec<TaskTrail>,
}

/// A task and what the learner did with it.
#[derive(Serialize)]
struct TaskTrail {
    id: String,
    title: String,
    lesson_title: String,
    lesson_url: String,
    /// `solved`, `attempted` or `new`.
    status: &'static str,
    attempts: Vec<AttemptLine>,
    submissions: Vec<SubmissionLine>,
}

#[derive(Serialize)]
struct AttemptLine {
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

#[derive(Serialize)]
struct SubmissionLine {
    code: String,
    /// `pending`, `running`, or the verdict's outcome (`passed`, `failed`, `error`...).
    outcome: String,
    passed: usize,
    total: usize,
    /// `file::test` of each test that did not pass.
    failed: Vec<String>,
    when: String,
}

/// `GET /teach/cohorts/{id}/learners/{user}`.
pub async fn show_learner(
    req: HttpRequest,
    teacher: Teacher,
    path: web::Path<(i64, i64)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (cohort_id, user_id) = path.into_inner();
    let cohort = taught(&state, &teacher, cohort_id).await?;
    let learner = state
        .store
        .cohort_learner(cohort.id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let data = state
        .store
        .learner_data(learner.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = &*state.catalog.get();
    let mut attempts: HashMap<&str, Vec<&AttemptData>> = HashMap::new();
    for attempt in &data.attempts {
        attempts.entry(&attempt.task_id).or_default().push(attempt);
    }
    let mut submissions: HashMap<&str, Vec<&SubmissionData>> = HashMap::new();
    for submission in &data.submissions {
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
                "solved"
            } else if tried.is_empty() && sent.is_empty() {
                "new"
            } else {
                "attempted"
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
                submissions: sent.iter().rev().map(|s| submission_line(s)).collect(),
            });
        }
    }
    // Only lessons still in the path count (an edit may have removed some).
    let in_path: std::collections::HashSet<&str> =
        catalog.lessons().map(|(_, l)| l.id.as_str()).collect();
    let lessons_done = data
        .lessons
        .iter()
        .filter(|l| l.completed_at.is_some() && in_path.contains(l.lesson_id.as_str()))
        .count();
    let view = LearnerPage {
        cohort_id: cohort.id,
        cohort_name: cohort.name,
        learner: learner.username,
        lessons_done,
        lessons_total: catalog.lesson_count(),
        solved: tasks.iter().filter(|t| t.status == "solved").count(),
        tasks,
    };
    page(&state, &req, &teacher.viewer, "cohort_learner.html", &view)
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

fn submission_line(submission: &SubmissionData) -> SubmissionLine {
    let result = submission.result.as_ref();
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
    let failed: Vec<String> = tests
        .iter()
        .filter(|t| field(t, "status") != "pass")
        .map(|t| format!("{}::{}", field(t, "file"), field(t, "name")))
        .collect();
    SubmissionLine {
        code: submission.code.clone(),
        outcome: result
            .and_then(|r| r.get("outcome"))
            .and_then(|o| o.as_str())
            .unwrap_or(&submission.state)
            .to_owned(),
        passed: tests.len() - failed.len(),
        total: tests.len(),
        failed,
        when: format_utc(submission.created_at),
    }
}
