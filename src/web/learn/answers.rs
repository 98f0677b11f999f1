//! `POST /learn/{module}/{lesson}/tasks/{task}`: checking a learner's answer, or queueing
//! a Python exercise's program for grading.
//!
//! The steps, in order, each with its own refusal:
//! 1. signed in, or sent to sign in (401 for scripts);
//! 2. the task is placed in that lesson (404);
//! 3. the body is not empty, at most [`MAX_BODY`] bytes of UTF-8 form data (400), its CSRF token
//!    belongs to this session (403), the answer is at most [`MAX_ANSWER_CHARS`] (400);
//! 4. the answer is checked: one that cannot be checked (empty, not a number) is shown
//!    back with the reason and costs no attempt (422);
//! 5. the attempt is stored with the verdict before anything is sent back, in the same
//!    statement that checks the learner made fewer than `answers_per_minute` attempts
//!    in the last [`RATE_WINDOW`] seconds (else 429 with Retry-After) and that the task
//!    has attempts left (else nothing is stored: 409);
//! 6. the new standing comes back with the write, for the reply;
//! 7. solving the lesson's last required task completes the lesson.
//!
//! A plain form post is answered with a redirect to the task's anchor; a script that
//! asks for JSON gets the task's new HTML to swap in place.
//!
//! Only the fields this handler reads count: `csrf`, `answer` and `option` (repeated).
//! Anything else in the form, such as a learner id or a score, is ignored.

use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};

use crate::progress;
use crate::store::{NewAttempt, NewJob, Recorded};
use crate::tasks::{check, Answer, Kind, Rejected, Variant};
use crate::web::error::{wants_json, AppError};
use crate::web::extract::{check_csrf, now};
use crate::web::forms::{AnswerForm, MAX_CODE_CHARS};
use crate::web::respond::sign_in_redirect;
use crate::web::state::AppState;
use crate::web::task_reply::{
    refuse, refuse_if_rate_limited, task_json, Outcome, Reply, Target, MAX_BODY, RATE_WINDOW,
};
use crate::web::viewer::{SignedIn, Viewer};
use crate::web::views::tasks::{answer_to_store, variant_seed, Refusal};

/// What a post to a task asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    /// An answer, or a program graded with every test.
    Submit,
    /// A program run against the visible tests only: no attempt, lower priority.
    Try,
}

/// Receives an answer or a program for a task; see the module documentation for the
/// steps. The CSRF check is [`check_csrf`], the same one every form goes through.
pub async fn answer_task(
    req: &HttpRequest,
    payload: web::Payload,
    path: (&str, &str, &str),
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    receive(req, payload, path, state, Intent::Submit).await
}

/// `POST …/tasks/{task}/run`: "try it", a Python exercise's program run against its
/// visible tests only. It is queued after every waiting submission, counts no attempt,
/// is limited by the same per-minute rate as answers, and stays out of instructors'
/// statistics. Other kinds of task have no such address (404).
pub async fn try_task(
    req: &HttpRequest,
    payload: web::Payload,
    path: (&str, &str, &str),
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    receive(req, payload, path, state, Intent::Try).await
}

async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    path: (&str, &str, &str),
    state: &AppState,
    intent: Intent,
) -> Result<HttpResponse, AppError> {
    let (module_slug, lesson_slug, task_name) = path;
    let viewer = Viewer::extract(req).await?;
    let Some(session) = viewer.signed_in() else {
        if wants_json(req) {
            return Ok(HttpResponse::Unauthorized().json(serde_json::json!({
                "error": "Sign in required",
                "message": "Sign in to answer tasks.",
            })));
        }
        return Ok(sign_in_redirect(req));
    };
    let catalog = state.catalog.get();
    let (module, lesson, task) = catalog
        .placed_task(module_slug, lesson_slug, task_name)
        .ok_or(AppError::NotFound)?;
    let body = payload
        .to_bytes_limited(MAX_BODY)
        .await
        .map_err(|_| {
            AppError::BadRequest(format!(
                "The answer is too long: requests are limited to {} MiB.",
                MAX_BODY >> 20
            ))
        })?
        .map_err(|_| {
            AppError::BadRequest(
                "The answer could not be read: the request ended early.".to_owned(),
            )
        })?;
    if body.is_empty() {
        return Err(AppError::BadRequest(
            "The request was empty: send the form with your answer.".to_owned(),
        ));
    }
    let form = AnswerForm::parse(&body)?;
    check_csrf(req, &viewer, &form.csrf)?;
    let target = Target {
        catalog: &catalog,
        module,
        lesson,
        task,
    };
    match (&task.kind, intent) {
        (Kind::Python(_), intent) => {
            submit_code(req, (&viewer, session), state, target, form, intent).await
        }
        (_, Intent::Submit) => submit_answer(req, (&viewer, session), state, target, form).await,
        (_, Intent::Try) => Err(AppError::NotFound),
    }
}

/// Checks and stores one answer to a quiz, number or text task.
async fn submit_answer(
    req: &HttpRequest,
    (viewer, session): (&Viewer, &SignedIn),
    state: &AppState,
    target: Target<'_>,
    form: AnswerForm,
) -> Result<HttpResponse, AppError> {
    let Target {
        module,
        lesson,
        task,
        ..
    } = target;
    let seed = variant_seed(Some(session.user_id));
    let answer = form.answer_for(task, &seed)?;

    let now = now();
    let variant = Variant::pick(task, &seed);
    let verdict = match check(task, &variant, &answer) {
        Ok(verdict) => verdict,
        Err(reason) => {
            if reason == Rejected::Broken {
                tracing::error!(task = %task.id, "a task's answer could not be computed");
            }
            let refusal = Refusal {
                task: task.name.clone(),
                reason,
                answer,
            };
            return refuse(req, viewer, state, target, refusal).await;
        }
    };
    let stored = answer_to_store(&answer);
    let attempt_points = task.attempt_points_json();
    let attempt = NewAttempt {
        user_id: session.user_id,
        task_id: &task.id,
        answer: &stored,
        variant: &variant.to_json(),
        correct: verdict.correct,
        score: verdict.score,
        content_hash: &task.content_hash,
        attempt_points: &attempt_points,
        max_attempts: task.max_attempts,
        now,
        rate_since: now - RATE_WINDOW,
        rate_limit: state.site.answers_per_minute,
    };
    let recorded = match state.store.record_attempt(&attempt).await? {
        Recorded::Stored(status) => Some(status),
        Recorded::Refused => {
            refuse_if_rate_limited(state, session.user_id, now).await?;
            None
        }
    };
    let lesson_done = if recorded.is_some() && verdict.correct && task.required {
        progress::complete_if_solved(&state.store, module, lesson, session.user_id, now).await?
    } else {
        false
    };
    let outcome = match (&recorded, verdict.correct) {
        (None, _) => Outcome::Closed,
        (Some(_), true) => Outcome::Correct,
        (Some(_), false) => Outcome::Incorrect,
    };
    if !wants_json(req) {
        return Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("{}#{}", lesson.url, task.anchor()),
            ))
            .finish());
    }
    let status = match recorded {
        Some(status) => Some(status),
        None => state.store.task_status(session.user_id, &task.id).await?,
    };
    let reply = Reply {
        code: outcome.status_code(),
        outcome,
        status,
        refusal: None,
        lesson_done,
        job: None,
    };
    task_json(req, viewer, state, (lesson, task), reply)
}

/// Queues a submission, or a try run, for grading.
async fn submit_code(
    req: &HttpRequest,
    (viewer, session): (&Viewer, &SignedIn),
    state: &AppState,
    target: Target<'_>,
    form: AnswerForm,
    intent: Intent,
) -> Result<HttpResponse, AppError> {
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
        try_run: intent == Intent::Try,
    };
    let queued = state.store.enqueue_job(&job).await?;
    if queued.is_none() {
        refuse_if_rate_limited(state, session.user_id, now).await?;
    } else {
        state.grader.nudge.notify_one();
        // A submission holds the code now; a try leaves the draft as the working copy.
        if intent == Intent::Submit {
            state.store.clear_draft(session.user_id, &task.id).await?;
        }
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
        Some(_) => (StatusCode::ACCEPTED, Outcome::Queued),
        None => (Outcome::Closed.status_code(), Outcome::Closed),
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
