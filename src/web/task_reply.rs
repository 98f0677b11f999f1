//! How the server answers a task's submission: a redirect for plain form posts, or for
//! scripts the task's new HTML in JSON; and the refusals that cost no attempt. Shared
//! by answers and code submissions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::content::{Catalog, Lesson, Module};
use crate::store::{JobRow, TaskStatusRow};
use crate::tasks::Task;
use crate::web::error::{wants_json, AppError};
use crate::web::respond::Base;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::code::JobProgress;
use crate::web::views::lesson::render_lesson;
use crate::web::views::tasks::{variant_seed, Refusal, TaskView, ViewerTask};

/// Largest request body read; larger ones are refused unread.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// The rate limit's window, in seconds.
pub const RATE_WINDOW: i64 = 60;

/// How a submission went, as scripts read it in the reply's `outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The answer was right and is stored.
    Correct,
    /// The answer was wrong and is stored.
    Incorrect,
    /// The answer could not be checked (empty, not a number); no attempt was used.
    Refused,
    /// The task has no attempts left; nothing was stored.
    Closed,
    /// A program waits for a grader.
    Queued,
    /// A grader is running a program.
    Running,
    /// The latest program's result is in.
    Done,
}

impl Outcome {
    /// The status of the reply that carries this outcome, for an answer just sent.
    pub fn status_code(self) -> StatusCode {
        match self {
            Outcome::Closed => StatusCode::CONFLICT,
            Outcome::Refused => StatusCode::UNPROCESSABLE_ENTITY,
            Outcome::Queued => StatusCode::ACCEPTED,
            Outcome::Correct | Outcome::Incorrect | Outcome::Running | Outcome::Done => {
                StatusCode::OK
            }
        }
    }
}

impl From<JobProgress> for Outcome {
    fn from(progress: JobProgress) -> Self {
        match progress {
            JobProgress::Queued => Outcome::Queued,
            JobProgress::Running => Outcome::Running,
            JobProgress::Done => Outcome::Done,
        }
    }
}

/// What a script receives after an answer.
#[derive(Serialize)]
struct AnswerJson {
    outcome: Outcome,
    /// The task's new HTML.
    html: String,
    lesson_done: bool,
}

#[derive(Serialize)]
struct Fragment<'a> {
    task: TaskView<'a>,
}

/// After a refused write: 429 if the rate limit refused it (rare, so worked out only
/// then); otherwise the task was out of attempts and the caller says so.
pub async fn refuse_if_rate_limited(
    state: &AppState,
    user_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let recent = state
        .store
        .recent_submissions(user_id, now - RATE_WINDOW)
        .await?;
    if recent.count >= state.site.answers_per_minute {
        let retry_after = recent
            .oldest
            .map_or(RATE_WINDOW, |t| t + RATE_WINDOW - now)
            .max(1);
        return Err(AppError::TooManyRequests { retry_after });
    }
    Ok(())
}

/// An answer that costs no attempt: the page (or fragment) again, with the reason.
pub async fn refuse(
    req: &HttpRequest,
    viewer: &Viewer,
    state: &AppState,
    target: Target<'_>,
    refusal: Refusal,
) -> Result<HttpResponse, AppError> {
    let Target {
        catalog,
        module,
        lesson,
        task,
    } = target;
    let status_code = StatusCode::UNPROCESSABLE_ENTITY;
    if !wants_json(req) {
        let mut response =
            render_lesson(req, viewer, state, catalog, module, lesson, Some(&refusal)).await?;
        *response.status_mut() = status_code;
        return Ok(response);
    }
    let status = match viewer.signed_in() {
        Some(session) => state.store.task_status(session.user_id, &task.id).await?,
        None => None,
    };
    let reply = Reply {
        code: status_code,
        outcome: Outcome::Refused,
        status,
        refusal: Some(&refusal),
        lesson_done: false,
        job: None,
    };
    task_json(req, viewer, state, (lesson, task), reply)
}

/// How an answer went, for [`task_json`].
pub struct Reply<'a> {
    /// The HTTP status to answer with.
    pub code: StatusCode,
    /// What became of the answer, for the script.
    pub outcome: Outcome,
    /// The learner's standing on the task after the answer.
    pub status: Option<TaskStatusRow>,
    /// Why the answer was refused, when it was, to show beside the form.
    pub refusal: Option<&'a Refusal>,
    /// The answer completed the lesson, so the page can say so.
    pub lesson_done: bool,
    /// The latest Python submission, for exercises.
    pub job: Option<JobRow>,
}

/// A task and where it is placed.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// The catalog the others come from (the version this request started with).
    pub catalog: &'a Catalog,
    /// The module the lesson belongs to.
    pub module: &'a Module,
    /// The lesson the task is placed in.
    pub lesson: &'a Lesson,
    /// The task answered.
    pub task: &'a Task,
}

/// The task's new HTML in JSON, for the script to swap in.
pub fn task_json(
    req: &HttpRequest,
    viewer: &Viewer,
    state: &AppState,
    (lesson, task): (&Lesson, &Task),
    reply: Reply<'_>,
) -> Result<HttpResponse, AppError> {
    let session = viewer.signed_in();
    let seed = variant_seed(session.map(|s| s.user_id));
    let view = TaskView::new(
        task,
        lesson,
        &ViewerTask {
            seed: &seed,
            signed_in: session.is_some(),
            status: reply.status.as_ref(),
            refusal: reply.refusal,
            job: reply.job.as_ref(),
            // Sent after a submission, which clears the draft; the page keeps what the
            // learner typed since.
            draft: None,
            grading_unavailable: state.grader.unavailable_for(viewer),
        },
    );
    let csrf = session.map_or("", |s| s.csrf.as_str());
    let base = Base::new(state, req, viewer, csrf);
    let html =
        state
            .templates
            .get()
            .render("task_fragment.html", &base, &Fragment { task: view })?;
    Ok(HttpResponse::build(reply.code).json(AnswerJson {
        outcome: reply.outcome,
        html,
        lesson_done: reply.lesson_done,
    }))
}
