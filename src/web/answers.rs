//! `POST /learn/{module}/{lesson}/tasks/{task}`: checking a learner's answer.
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
use serde::Serialize;

use super::error::{wants_json, AppError};
use super::identity::{now, Viewer};
use super::pages::{percent_decode, render_lesson, sign_in_redirect};
use super::render::Base;
use super::submissions;
use super::task_views::{answer_to_store, variant_seed, Refusal, TaskView, ViewerTask};
use super::AppState;
use crate::accounts::csrf;
use crate::content::{Catalog, Lesson, Module};
use crate::store::{JobRow, NewAttempt, Recorded, TaskStatusRow};
use crate::tasks::variant::option_order;
use crate::tasks::{check, Answer, Kind, Rejected, Task, Variant};

/// Largest request body read; larger ones are refused unread.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest typed answer accepted.
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// The rate limit's window, in seconds.
pub const RATE_WINDOW: i64 = 60;

/// The fields of an answer form that are read.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct AnswerForm {
    csrf: String,
    answer: Option<String>,
    options: Vec<String>,
    /// A Python exercise's code.
    pub(super) code: Option<String>,
}

impl AnswerForm {
    /// Parses `application/x-www-form-urlencoded` strictly: the body and every decoded
    /// value must be UTF-8.
    fn parse(body: &[u8]) -> Result<Self, AppError> {
        let not_utf8 = || AppError::BadRequest("The answer must be UTF-8 text.".to_owned());
        let body = std::str::from_utf8(body).map_err(|_| not_utf8())?;
        let mut form = Self::default();
        for pair in body.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            let (Some(key), Some(value)) = (decode(key), decode(value)) else {
                return Err(not_utf8());
            };
            match key.as_str() {
                "csrf" => form.csrf = value,
                "answer" => form.answer = Some(value),
                "option" => form.options.push(value),
                "code" => form.code = Some(value),
                _ => {}
            }
        }
        Ok(form)
    }

    /// The answer in the task's terms; option positions are mapped back through the
    /// learner's option order.
    fn answer_for(&self, task: &Task, seed: &str) -> Result<Answer, AppError> {
        match &task.kind {
            Kind::Choice(choice) => {
                let order = option_order(choice.options.len(), &task.id, seed, choice.shuffle);
                let chosen = self
                    .options
                    .iter()
                    .map(|o| {
                        o.trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|p| order.get(p).copied())
                    })
                    // An unknown position becomes an index the checker refuses.
                    .map(|i| i.unwrap_or(usize::MAX))
                    .collect();
                Ok(Answer::Choice(chosen))
            }
            _ => {
                let text = self.answer.clone().unwrap_or_default();
                if text.chars().count() > MAX_ANSWER_CHARS {
                    return Err(AppError::BadRequest(format!(
                        "The answer is too long: at most {MAX_ANSWER_CHARS} characters are accepted."
                    )));
                }
                Ok(Answer::Value(text))
            }
        }
    }
}

/// What a script receives after an answer.
#[derive(Serialize)]
struct AnswerJson {
    /// `correct`, `incorrect`, `refused` or `closed`.
    outcome: &'static str,
    /// The task's new HTML.
    html: String,
    lesson_done: bool,
}

#[derive(Serialize)]
struct Fragment<'a> {
    task: TaskView<'a>,
}

/// Checks and stores one answer; see the module documentation for the steps.
pub async fn submit_answer(
    req: &HttpRequest,
    payload: web::Payload,
    path: (&str, &str, &str),
    state: &AppState,
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
        .map_err(|err| AppError::BadRequest(format!("The answer could not be read: {err}.")))?;
    if body.is_empty() {
        return Err(AppError::BadRequest(
            "The request was empty: send the form with your answer.".to_owned(),
        ));
    }
    let form = AnswerForm::parse(&body)?;
    if !csrf::matches(&session.csrf, &form.csrf) {
        return Err(AppError::Forbidden(
            "This form has expired or did not come from this site. Reload the page and try again.",
        ));
    }
    let target = Target {
        catalog: &catalog,
        module,
        lesson,
        task,
    };
    if let Kind::Python(_) = &task.kind {
        return submissions::submit_code(req, &viewer, state, target, form).await;
    }
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
            return refuse(req, &viewer, state, target, refusal).await;
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
        state
            .store
            .complete_if_solved(
                session.user_id,
                &lesson.id,
                &module.required_task_ids(lesson),
                now,
            )
            .await?
    } else {
        false
    };
    let outcome = match (&recorded, verdict.correct) {
        (None, _) => "closed",
        (Some(_), true) => "correct",
        (Some(_), false) => "incorrect",
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
        code: if outcome == "closed" {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        },
        outcome,
        status,
        refusal: None,
        lesson_done,
        job: None,
    };
    task_json(req, &viewer, state, (lesson, task), reply)
}

/// After a refused write: 429 if the rate limit refused it (rare, so worked out only
/// then); otherwise the task was out of attempts and the caller says so.
pub(super) async fn refuse_if_rate_limited(
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
pub(super) async fn refuse(
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
        outcome: "refused",
        status,
        refusal: Some(&refusal),
        lesson_done: false,
        job: None,
    };
    task_json(req, viewer, state, (lesson, task), reply)
}

/// How an answer went, for [`task_json`].
pub(super) struct Reply<'a> {
    pub code: StatusCode,
    pub outcome: &'static str,
    pub status: Option<TaskStatusRow>,
    pub refusal: Option<&'a Refusal>,
    pub lesson_done: bool,
    /// The latest Python submission, for exercises.
    pub job: Option<JobRow>,
}

/// A task and where it is placed.
#[derive(Clone, Copy)]
pub(super) struct Target<'a> {
    /// The catalog the others come from (the version this request started with).
    pub catalog: &'a Catalog,
    pub module: &'a Module,
    pub lesson: &'a Lesson,
    pub task: &'a Task,
}

/// The task's new HTML in JSON, for the script to swap in.
pub(super) fn task_json(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_parsed_strictly_and_extra_fields_ignored() {
        let form =
            AnswerForm::parse(b"csrf=abc&option=1&option=2&answer=1%2C024+MB&score=1&learner=7")
                .unwrap();
        assert_eq!(form.csrf, "abc");
        assert_eq!(form.options, ["1", "2"]);
        assert_eq!(form.answer.as_deref(), Some("1,024 MB"));
        assert!(AnswerForm::parse(b"answer=%FF%FE").is_err());
        assert!(AnswerForm::parse(b"answer=\xff").is_err());
    }
}
