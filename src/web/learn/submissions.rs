//! Python exercises over HTTP: queueing a submission, and its state for the page.
//!
//! `POST .../tasks/{task}` with a `code` field stores a pending grading job and answers
//! at once (the web workers never wait on a sandbox): a redirect to the task, or for
//! scripts 202 with the task's HTML showing "queued". `GET .../tasks/{task}` returns
//! the task's HTML with the latest submission's state, which the page's script polls
//! until the result is in.

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use crate::store::JobRow;
use crate::tasks::Kind;
use crate::web::error::AppError;
use crate::web::extract::{now, Checked};
use crate::web::forms::{DraftForm, MAX_CODE_CHARS};
use crate::web::state::AppState;
use crate::web::task_reply::{task_json, Outcome, Reply};
use crate::web::viewer::Viewer;
use crate::web::views::code::{job_state, JobProgress};

/// Longest a `?wait=1` request is held.
const LONG_POLL: std::time::Duration = std::time::Duration::from_secs(20);

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
        job.as_ref().is_some_and(|j| {
            job_state(j) != JobProgress::Done && seen.as_deref().is_none_or(|s| s == seen_key(j))
        })
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
    let outcome = job.as_ref().map_or(Outcome::Done, |j| job_state(j).into());
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
    format!("{}:{}", job_state(job).as_str(), job.ahead)
}
