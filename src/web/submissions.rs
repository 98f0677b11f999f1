//! Python exercises over HTTP: queueing a submission, and its state for the page.
//!
//! `POST .../tasks/{task}` with a `code` field stores a pending grading job and answers
//! at once (the web workers never wait on a sandbox): a redirect to the task, or for
//! scripts 202 with the task's HTML showing "queued". `GET .../tasks/{task}` returns
//! the task's HTML with the latest submission's state, which the page's script polls
//! until the result is in.

use actix_web::http::{header, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use super::answers::{
    refuse, refuse_if_rate_limited, task_json, AnswerForm, Reply, Target, RATE_WINDOW,
};
use super::code_views::job_state;
use super::error::{wants_json, AppError};
use super::identity::{now, Checked, Viewer};
use super::pages::DraftForm;
use super::task_views::Refusal;
use super::AppState;
use crate::store::{JobRow, NewJob};
use crate::tasks::{Answer, Kind, Rejected};

/// Longest a `?wait=1` request is held.
const LONG_POLL: std::time::Duration = std::time::Duration::from_secs(20);

/// Longest program accepted, in characters.
pub const MAX_CODE_CHARS: usize = 100_000;

/// Queues a submission for grading.
pub(super) async fn submit_code(
    req: &HttpRequest,
    viewer: &Viewer,
    state: &AppState,
    target: Target<'_>,
    form: AnswerForm,
) -> Result<HttpResponse, AppError> {
    let Some(session) = viewer.signed_in() else {
        return Err(AppError::NotFound);
    };
    if let Some(off) = state.grader.unavailable_for(viewer) {
        return Err(AppError::Unavailable(off.message()));
    }
    let code = form.code.unwrap_or_default();
    if code.chars().count() > MAX_CODE_CHARS {
        return Err(AppError::BadRequest(format!(
            "The program is too long: at most {MAX_CODE_CHARS} characters are accepted."
        )));
    }
    let Target { lesson, task, .. } = target;
    if let Kind::Python(python) = &task.kind {
        if let Some(why) = state
            .grader
            .environment_missing(viewer, target.catalog, python)
        {
            return Err(AppError::Unavailable(why));
        }
    }
    if code.trim().is_empty() {
        let refusal = Refusal {
            task: task.name.clone(),
            reason: Rejected::Empty,
            answer: Answer::Value(code),
        };
        return refuse(req, viewer, state, target, refusal).await;
    }
    let now = now();
    let job = NewJob {
        user_id: session.user_id,
        task_id: &task.id,
        code: &code,
        content_hash: &task.content_hash,
        now,
        max_attempts: task.max_attempts,
        rate_since: now - RATE_WINDOW,
        rate_limit: state.site.answers_per_minute,
    };
    let queued = state.store.enqueue_job(&job).await?;
    if queued.is_none() {
        refuse_if_rate_limited(state, session.user_id, now).await?;
    } else {
        state.grader.nudge.notify_one();
        // The submission holds the code now.
        state.store.clear_draft(session.user_id, &task.id).await?;
    }
    if !wants_json(req) {
        return Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("{}#{}", lesson.url, task.anchor()),
            ))
            .finish());
    }
    let (code, outcome) = match queued {
        Some(_) => (StatusCode::ACCEPTED, "queued"),
        None => (StatusCode::CONFLICT, "closed"),
    };
    let reply = Reply {
        code,
        outcome,
        status: state.store.task_status(session.user_id, &task.id).await?,
        refusal: None,
        lesson_done: false,
        job: state.store.latest_job(session.user_id, &task.id).await?,
    };
    task_json(req, viewer, state, (lesson, task), reply)
}

/// `POST .../tasks/{task}/draft`: stores the learner's unsubmitted code (CSRF-checked by
/// the extractor), so it is there after a reload or on another device. 204, or 401 for
/// a reader who is not signed in.
pub async fn save_draft(
    path: (&str, &str, &str),
    checked: Checked<DraftForm>,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let Some(session) = checked.viewer.signed_in() else {
        return Ok(HttpResponse::Unauthorized().finish());
    };
    let (module_slug, lesson_slug, task_name) = path;
    let catalog = state.catalog.get();
    let (_, _, task) = catalog
        .placed_task(module_slug, lesson_slug, task_name)
        .ok_or(AppError::NotFound)?;
    if !matches!(task.kind, Kind::Python(_)) {
        return Err(AppError::NotFound);
    }
    let code = &checked.form.code;
    if code.chars().count() > MAX_CODE_CHARS {
        return Err(AppError::BadRequest(format!(
            "The program is too long: at most {MAX_CODE_CHARS} characters are accepted."
        )));
    }
    state
        .store
        .save_draft(session.user_id, &task.id, code, now())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET .../tasks/{task}`: the task's HTML and its latest submission's state, as JSON.
pub async fn show_task_state(
    req: &HttpRequest,
    path: (&str, &str, &str),
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::extract(req).await?;
    let Some(session) = viewer.signed_in() else {
        return Ok(HttpResponse::Unauthorized().json(serde_json::json!({
            "error": "Sign in required",
            "message": "Sign in to see your submissions.",
        })));
    };
    let (module_slug, lesson_slug, task_name) = path;
    let catalog = state.catalog.get();
    let (_, lesson, task) = catalog
        .placed_task(module_slug, lesson_slug, task_name)
        .ok_or(AppError::NotFound)?;
    let mut job = match task.kind {
        Kind::Python(_) => state.store.latest_job(session.user_id, &task.id).await?,
        _ => None,
    };
    let query = req.query_string();
    let wait = query.split('&').any(|p| p == "wait=1");
    // What the page shows (`queued:3`): the reply comes as soon as the job's state or
    // place in line differs, so the page's "N submissions ahead" stays true.
    let seen = query
        .split('&')
        .find_map(|p| p.strip_prefix("seen="))
        .map(|s| s.replace("%3A", ":").replace("%3a", ":"));
    let unchanged = |job: &Option<JobRow>| {
        job.as_ref()
            .is_some_and(|j| j.state != "done" && seen.as_deref().is_none_or(|s| s == seen_key(j)))
    };
    let deadline = tokio::time::Instant::now() + LONG_POLL;
    while wait && unchanged(&job) && tokio::time::Instant::now() < deadline {
        // Woken by this process's workers; the timeout catches jobs graded elsewhere.
        let _ = tokio::time::timeout(
            std::time::Duration::from_millis(250),
            state.grader.finished.notified(),
        )
        .await;
        job = state.store.latest_job(session.user_id, &task.id).await?;
    }
    let status = state.store.task_status(session.user_id, &task.id).await?;
    let lesson_done = state
        .store
        .progress(session.user_id)
        .await?
        .iter()
        .any(|p| p.lesson_id == lesson.id && p.completed_at.is_some());
    let outcome = match job.as_ref().map(|j| j.state.as_str()) {
        Some("pending") => "queued",
        Some("running") => "running",
        _ => "done",
    };
    let reply = Reply {
        code: StatusCode::OK,
        outcome,
        status,
        refusal: None,
        lesson_done,
        job,
    };
    task_json(req, &viewer, state, (lesson, task), reply)
}

/// A job's state and place in line as the page writes them in `data-job-seen`.
fn seen_key(job: &JobRow) -> String {
    format!("{}:{}", job_state(job), job.ahead)
}
