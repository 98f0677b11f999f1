//! The learner's dashboard: progress per module and for the path, recent completions.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::grader::worker::Verdict;
use crate::progress::{Counts, LearnerProgress};
use crate::store::TaskStatusRow;
use crate::tasks::Kind;
use crate::web::error::AppError;
use crate::web::respond::page;
use crate::web::respond::sign_in_redirect;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{format_utc, ContinueView, ModuleCard};
use crate::web::views::feedback::learner_verdict;
use crate::web::views::tasks::{earned_points, whole_points};
use crate::web::views::trail::{trail, Reader, TaskProgress, TaskTrail};

/// How many recent completions the dashboard lists.
const RECENT: usize = 10;

#[derive(Serialize)]
struct Recent<'a> {
    title: &'a str,
    module_title: &'a str,
    url: &'a str,
    completed_at: String,
}

/// The learner's tasks across the path.
#[derive(Serialize, Default)]
struct TaskTotals {
    solved: usize,
    total: usize,
    points: u32,
    total_points: u32,
    attempts: i64,
}

impl TaskTotals {
    fn new(catalog: &crate::content::Catalog, statuses: &[TaskStatusRow]) -> Self {
        let mut totals = Self {
            total: catalog.task_count(),
            total_points: catalog.total_points(),
            ..Self::default()
        };
        for status in statuses {
            // Tasks removed from the content since are left out.
            let Some(task) = catalog.task(&status.task_id) else {
                continue;
            };
            totals.attempts += status.attempts;
            totals.points += whole_points(earned_points(task, status));
            if status.solved_at.is_some() {
                totals.solved += 1;
            }
        }
        totals
    }
}

#[derive(Serialize)]
struct DashboardPage<'a> {
    path_progress: Counts,
    tasks: TaskTotals,
    modules: Vec<ModuleCard<'a>>,
    recent: Vec<Recent<'a>>,
    continue_to: Option<ContinueView<'a>>,
    /// The cohorts the learner belongs to.
    cohorts: Vec<String>,
}

/// `GET /dashboard`.
pub async fn show_dashboard(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(session) = viewer.signed_in() else {
        return Ok(sign_in_redirect(&req));
    };
    let progress = LearnerProgress::from_rows(session.progress.iter().cloned());
    let mut completed: Vec<_> = session
        .progress
        .iter()
        .filter(|row| row.completed_at.is_some())
        .collect();
    completed.sort_by(|a, b| {
        b.completed_at
            .cmp(&a.completed_at)
            .then_with(|| a.lesson_id.cmp(&b.lesson_id))
    });
    let catalog = &*state.catalog.get();
    let recent = completed
        .into_iter()
        .filter_map(|row| {
            let (module, slug) = row.lesson_id.split_once('/')?;
            let module = catalog.module(module)?;
            let (_, lesson) = module.lesson(slug)?;
            Some(Recent {
                title: &lesson.title,
                module_title: &module.title,
                url: &lesson.url,
                completed_at: format_utc(row.completed_at?),
            })
        })
        .take(RECENT)
        .collect();
    let statuses = state.store.all_task_statuses(session.user_id).await?;
    let view = DashboardPage {
        path_progress: progress.path(catalog),
        tasks: TaskTotals::new(catalog, &statuses),
        modules: ModuleCard::all(catalog, Some(&progress)),
        recent,
        continue_to: ContinueView::find(catalog, &progress, &|id| {
            statuses
                .iter()
                .any(|s| s.task_id == id && s.solved_at.is_some())
        }),
        cohorts: state.store.cohort_names(session.user_id).await?,
    };
    page(&state, &req, &viewer, "dashboard.html", &view)
}

#[derive(Serialize)]
struct AnswersPage {
    tasks: Vec<TaskTrail>,
}

/// `GET /account/answers`: the learner's own trail, the tasks they answered with every
/// answer and program they sent (under the feedback policy, like the lesson page).
pub async fn show_answers(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(session) = viewer.signed_in() else {
        return Ok(sign_in_redirect(&req));
    };
    let data = state
        .store
        .learner_data(session.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = &*state.catalog.get();
    let tasks = trail(catalog, &data, Reader::Learner)
        .into_iter()
        .filter(|task| task.status != TaskProgress::New)
        .collect();
    page(
        &state,
        &req,
        &viewer,
        "my_answers.html",
        &AnswersPage { tasks },
    )
}

/// `GET /account/data.json`: everything stored about the signed-in learner, as a
/// download: account (without password hash or sessions), lesson progress, attempts,
/// Python submissions with their results, and cohorts. Results go through the feedback
/// policy ([`crate::web::views::feedback`]), as on the page: the stored verdict holds what hidden
/// tests said and what the code printed during them.
pub async fn download_data(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(session) = viewer.signed_in() else {
        return Ok(sign_in_redirect(&req));
    };
    let mut data = state
        .store
        .learner_data(session.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get();
    for submission in &mut data.submissions {
        let python = catalog
            .task(&submission.task_id)
            .and_then(|task| match &task.kind {
                Kind::Python(python) => Some(python),
                _ => None,
            });
        submission.result = submission
            .result
            .take()
            .map(|result| learner_result(python, &submission.code, result));
    }
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"cairn-{}.json\"",
                session
                    .username
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            ),
        ))
        .json(data))
}

/// A stored result as its learner may see it; one that cannot be read keeps only its
/// outcome.
fn learner_result(
    python: Option<&crate::tasks::Python>,
    code: &str,
    result: serde_json::Value,
) -> serde_json::Value {
    let outcome = result.get("outcome").cloned();
    serde_json::from_value::<Verdict>(result)
        .ok()
        .map(|verdict| learner_verdict(python, code, verdict))
        .and_then(|verdict| serde_json::to_value(verdict).ok())
        .unwrap_or_else(|| serde_json::json!({ "outcome": outcome }))
}
