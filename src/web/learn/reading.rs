//! Reading pages: the path overview, a module, a lesson (and files beside lessons), and
//! "Mark as done".

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::progress::Counts;
use crate::web::error::AppError;
use crate::web::extract::{now, Checked};
use crate::web::forms::CsrfOnly;
use crate::web::respond::{cached_page, reading_page, serve_file, sign_in_redirect};
use crate::web::state::AppState;
use crate::web::static_files::CONTENT_CACHE;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{ContinueView, LessonItem, ModuleCard};
use crate::web::views::lesson::{render_lesson, viewer_progress};

#[derive(Serialize)]
struct PathView<'a> {
    title: &'a str,
    description_html: &'a str,
}

#[derive(Serialize)]
struct OverviewPage<'a> {
    path: PathView<'a>,
    modules: Vec<ModuleCard<'a>>,
    path_progress: Option<Counts>,
    continue_to: Option<ContinueView<'a>>,
}

/// `GET /`: the modules in order, with progress and "Continue" when signed in.
pub async fn show_overview(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if state.site.require_login && viewer.signed_in().is_none() {
        return Ok(sign_in_redirect(&req));
    }
    if let Some(hit) = cached_page(&state, &req, &viewer) {
        return Ok(hit);
    }
    let progress = viewer_progress(&viewer);
    let catalog = &*state.catalog.get();
    // The tasks solved in the lesson "Continue" opens, to open it at the first unsolved.
    let next_lesson = progress.as_ref().and_then(|p| p.continue_to(catalog));
    let solved: Vec<String> = match (viewer.signed_in(), next_lesson) {
        (Some(session), Some((module, lesson))) => {
            let ids: Vec<&str> = lesson
                .task_names()
                .filter_map(|name| module.tasks.get(name))
                .map(|task| task.id.as_str())
                .collect();
            state
                .store
                .task_statuses(session.user_id, &ids)
                .await?
                .into_iter()
                .filter(|s| s.solved_at.is_some())
                .map(|s| s.task_id)
                .collect()
        }
        _ => Vec::new(),
    };
    let view = OverviewPage {
        path: PathView {
            title: &catalog.title,
            description_html: &catalog.description_html,
        },
        modules: ModuleCard::all(catalog, progress.as_ref()),
        path_progress: progress.as_ref().map(|p| p.path(catalog)),
        continue_to: progress
            .as_ref()
            .and_then(|p| ContinueView::find(catalog, p, &|id| solved.iter().any(|s| s == id))),
    };
    reading_page(&state, &req, &viewer, catalog, "index.html", &view)
}

#[derive(Serialize)]
struct ModulePage<'a> {
    module: ModuleCard<'a>,
    lessons: Vec<LessonItem<'a>>,
}

/// `GET /learn/{module}`: the module's lessons with their marks.
pub async fn show_module(
    req: &HttpRequest,
    slug: &str,
    viewer: Viewer,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    if state.site.require_login && viewer.signed_in().is_none() {
        return Ok(sign_in_redirect(req));
    }
    if let Some(hit) = cached_page(state, req, &viewer) {
        return Ok(hit);
    }
    let catalog = &*state.catalog.get();
    let module = catalog.module(slug).ok_or(AppError::NotFound)?;
    let progress = viewer_progress(&viewer);
    let view = ModulePage {
        module: ModuleCard::new(catalog, module, progress.as_ref()),
        lessons: module
            .lessons
            .iter()
            .map(|l| LessonItem::new(l, progress.as_ref()))
            .collect(),
    };
    reading_page(state, req, &viewer, catalog, "module.html", &view)
}

/// `GET /learn/{module}/{rest}`: a lesson when `rest` is a lesson slug, else a file that
/// sits beside the lessons, else 404. Only files indexed at load are served.
pub async fn show_lesson_or_file(
    req: &HttpRequest,
    module_slug: &str,
    rest: &str,
    viewer: Viewer,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    if state.site.require_login && viewer.signed_in().is_none() {
        return Ok(sign_in_redirect(req));
    }
    if let Some(hit) = cached_page(state, req, &viewer) {
        return Ok(hit);
    }
    let catalog = state.catalog.get();
    let module = catalog.module(module_slug).ok_or(AppError::NotFound)?;
    let Some((_, lesson)) = module.lesson(rest) else {
        let file = module.assets.get(rest).ok_or(AppError::NotFound)?;
        return serve_file(req, file, CONTENT_CACHE).await;
    };
    render_lesson(req, &viewer, state, &catalog, module, lesson, None).await
}

/// `POST /learn/{module}/{lesson}/done`: marks the lesson done and returns to it.
pub async fn mark_done(
    req: &HttpRequest,
    module_slug: &str,
    lesson_slug: &str,
    checked: Checked<CsrfOnly>,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let Some(session) = checked.viewer.signed_in() else {
        return Ok(sign_in_redirect(req));
    };
    let catalog = state.catalog.get();
    let module = catalog.module(module_slug).ok_or(AppError::NotFound)?;
    let (_, lesson) = module.lesson(lesson_slug).ok_or(AppError::NotFound)?;
    if !module.required_task_ids(lesson).is_empty() {
        return Err(AppError::BadRequest(
            "This lesson is completed by solving its required tasks, not by marking it done."
                .to_owned(),
        ));
    }
    state
        .store
        .mark_done(session.user_id, &lesson.id, now())
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{}#lesson-status", lesson.url)))
        .finish())
}
