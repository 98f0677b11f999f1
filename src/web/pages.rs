//! Reading pages: the path overview, a module, a lesson (and files beside lessons), and
//! "Mark as done".

use actix_web::http::{header, Method};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::answers;
use super::error::AppError;
use super::files;
use super::identity::{now, Checked, CsrfForm, Viewer};
use super::render::{cached_page, reading_page};
use super::submissions;
use super::task_views::{lesson_segments, variant_seed, LessonViewer, Refusal, SegmentView};
use super::views::{ContinueView, LessonItem, LinkView, ModuleCard};
use super::AppState;
use crate::content::markdown::TocEntry;
use crate::content::{Catalog, Lesson, Module};
use crate::progress::{Counts, LearnerProgress, Status};

/// A 303 to the sign-in page that comes back to `req`'s path afterwards.
pub fn sign_in_redirect(req: &HttpRequest) -> HttpResponse {
    let next = percent_encode(req.path());
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/login?next={next}")))
        .finish()
}

/// Percent-encodes everything but unreserved characters and `/`, for URLs built here.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The viewer's progress, read with the session; `None` for anonymous readers.
pub fn viewer_progress(viewer: &Viewer) -> Option<LearnerProgress> {
    viewer
        .signed_in()
        .map(|session| LearnerProgress::from_rows(session.progress.iter().cloned()))
}

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

#[derive(Serialize)]
struct LessonView<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    url: &'a str,
    estimated_minutes: Option<u32>,
    objectives: &'a [String],
    body: Vec<SegmentView<'a>>,
    has_tasks: bool,
    /// A Python exercise is on the page: load the code editor.
    has_code: bool,
    toc: &'a [TocEntry],
}

/// The lesson's required tasks, when it has any: they, not "Mark as done", complete it.
#[derive(Serialize)]
struct RequiredTasks {
    total: usize,
    solved: usize,
}

#[derive(Serialize)]
struct Sibling<'a> {
    title: &'a str,
    url: &'a str,
    status: Status,
    current: bool,
}

#[derive(Serialize)]
struct LessonPage<'a> {
    module: ModuleCard<'a>,
    lesson: LessonView<'a>,
    status: Option<Status>,
    prev: Option<LinkView<'a>>,
    next: Option<LinkView<'a>>,
    siblings: Vec<Sibling<'a>>,
    done_action: String,
    required_tasks: Option<RequiredTasks>,
}

/// Routes everything under `/learn/` by splitting the path, without pattern matching:
/// `GET {module}`, `GET {module}/{lesson or file}`, `POST {module}/{lesson}/done`,
/// `GET` and `POST {module}/{lesson}/tasks/{task}`. `HEAD` goes where `GET` does; another
/// method on a path that exists is 405 with `Allow`.
pub async fn dispatch(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let segments: Vec<String> = req
        .match_info()
        .unprocessed()
        .trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect::<Option<_>>()
        .ok_or(AppError::NotFound)?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let allow = allowed_methods(&segments);
    let method = req.method().clone();
    if !allow.split(", ").any(|m| m == method.as_str()) {
        return Err(if exists(&state.catalog.get(), &segments) {
            AppError::MethodNotAllowed(allow.to_owned())
        } else {
            AppError::NotFound
        });
    }
    if method == Method::POST {
        return match segments.as_slice() {
            [module, lesson, "done"] => {
                let checked =
                    Checked::<CsrfOnly>::from_request(&req, &mut payload.into_inner()).await?;
                mark_done(&req, module, lesson, checked, &state).await
            }
            [module, lesson, "tasks", task] => {
                answers::submit_answer(&req, payload, (module, lesson, task), &state).await
            }
            [module, lesson, "tasks", task, "draft"] => {
                let checked =
                    Checked::<DraftForm>::from_request(&req, &mut payload.into_inner()).await?;
                submissions::save_draft((module, lesson, task), checked, &state).await
            }
            _ => Err(AppError::NotFound),
        };
    }
    if let [module, lesson, "tasks", task] = segments.as_slice() {
        return submissions::show_task_state(&req, (module, lesson, task), &state).await;
    }
    let viewer = Viewer::extract(&req).await?;
    match segments.as_slice() {
        [module] if !module.is_empty() => show_module(&req, module, viewer, &state).await,
        [module, rest @ ..] if !rest.is_empty() && rest.iter().all(|s| !s.is_empty()) => {
            show_lesson_or_file(&req, module, &rest.join("/"), viewer, &state).await
        }
        _ => Err(AppError::NotFound),
    }
}

/// The methods a path under `/learn/` takes, by its shape, for `Allow`.
fn allowed_methods(segments: &[&str]) -> &'static str {
    match segments {
        [_, _, "done"] => "POST",
        [_, _, "tasks", _] => "GET, HEAD, POST",
        [_, _, "tasks", _, "draft"] => "POST",
        _ => "GET, HEAD",
    }
}

/// Whether a path under `/learn/` names something in the catalog: a method it does not
/// take is then 405, not 404.
fn exists(catalog: &Catalog, segments: &[&str]) -> bool {
    let Some((module, rest)) = segments.split_first() else {
        return false;
    };
    let Some(module) = catalog.module(module) else {
        return false;
    };
    match rest {
        [] => true,
        [lesson, "done"] => module.lesson(lesson).is_some(),
        [lesson, "tasks", task] | [lesson, "tasks", task, "draft"] => module
            .lesson(lesson)
            .is_some_and(|(_, lesson)| module.task_in_lesson(lesson, task).is_some()),
        _ => {
            let rest = rest.join("/");
            module.lesson(&rest).is_some() || module.assets.contains_key(rest.as_str())
        }
    }
}

/// Decodes `%XX` escapes in one path segment; `None` if the result is not UTF-8.
pub fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
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
        return files::serve_file(req, file, files::CONTENT_CACHE).await;
    };
    render_lesson(req, &viewer, state, &catalog, module, lesson, None).await
}

/// Renders a lesson for `viewer`, with their task standings, recording a first visit.
/// `refusal` shows an answer that was refused back in its task.
pub async fn render_lesson(
    req: &HttpRequest,
    viewer: &Viewer,
    state: &AppState,
    catalog: &Catalog,
    module: &Module,
    lesson: &Lesson,
    refusal: Option<&Refusal>,
) -> Result<HttpResponse, AppError> {
    let mut progress = viewer_progress(viewer);
    let mut statuses = Vec::new();
    let mut jobs = Vec::new();
    let mut drafts = Vec::new();
    if let (Some(session), Some(p)) = (viewer.signed_in(), progress.as_mut()) {
        if p.status(lesson) == Status::New {
            state
                .store
                .record_visit(session.user_id, &lesson.id, now())
                .await?;
            p.note_visit(lesson);
        }
        let ids: Vec<&str> = lesson
            .task_names()
            .filter_map(|name| module.tasks.get(name))
            .map(|task| task.id.as_str())
            .collect();
        statuses = state.store.task_statuses(session.user_id, &ids).await?;
        let python: Vec<&str> = lesson
            .task_names()
            .filter_map(|name| module.tasks.get(name))
            .filter(|task| matches!(task.kind, crate::tasks::Kind::Python(_)))
            .map(|task| task.id.as_str())
            .collect();
        jobs = state.store.latest_jobs(session.user_id, &python).await?;
        drafts = state.store.drafts(session.user_id, &python).await?;
    }
    let seed = variant_seed(viewer.signed_in().map(|s| s.user_id));
    let body = lesson_segments(
        module,
        lesson,
        &LessonViewer {
            seed: &seed,
            signed_in: viewer.signed_in().is_some(),
            statuses: &statuses,
            jobs: &jobs,
            drafts: &drafts,
            grading_unavailable: state.grader.unavailable_for(viewer),
            refusal,
        },
    );
    let required = required_tasks(module, lesson, &statuses);
    let view = lesson_page(catalog, module, lesson, progress.as_ref(), body, required);
    if refusal.is_some() {
        return super::render::page(state, req, viewer, "lesson.html", &view);
    }
    reading_page(state, req, viewer, catalog, "lesson.html", &view)
}

/// Counts the lesson's required tasks and how many the learner solved.
fn required_tasks(
    module: &Module,
    lesson: &Lesson,
    statuses: &[crate::store::TaskStatusRow],
) -> Option<RequiredTasks> {
    let required = module.required_task_ids(lesson);
    if required.is_empty() {
        return None;
    }
    let solved = statuses
        .iter()
        .filter(|s| s.solved_at.is_some() && required.contains(&s.task_id.as_str()))
        .count();
    Some(RequiredTasks {
        total: required.len(),
        solved,
    })
}

fn lesson_page<'a>(
    catalog: &'a crate::content::Catalog,
    module: &'a Module,
    lesson: &'a Lesson,
    progress: Option<&LearnerProgress>,
    body: Vec<SegmentView<'a>>,
    required_tasks: Option<RequiredTasks>,
) -> LessonPage<'a> {
    let link = |l: &'a Lesson| LinkView {
        title: &l.title,
        url: l.url.clone(),
    };
    let (prev, next) = catalog.neighbours(lesson);
    LessonPage {
        module: ModuleCard::new(catalog, module, progress),
        lesson: LessonView {
            id: &lesson.id,
            title: &lesson.title,
            summary: &lesson.summary,
            url: &lesson.url,
            estimated_minutes: lesson.estimated_minutes,
            objectives: &lesson.objectives,
            has_tasks: lesson.task_names().next().is_some(),
            has_code: lesson
                .task_names()
                .filter_map(|name| module.tasks.get(name))
                .any(|task| matches!(task.kind, crate::tasks::Kind::Python(_))),
            body,
            toc: &lesson.toc,
        },
        status: progress.map(|p| p.status(lesson)),
        prev: prev.map(link),
        next: next.map(link),
        siblings: module
            .lessons
            .iter()
            .map(|l| Sibling {
                title: &l.title,
                url: &l.url,
                status: progress.map_or(Status::New, |p| p.status(l)),
                current: l.id == lesson.id,
            })
            .collect(),
        done_action: format!("{}/done", lesson.url),
        required_tasks,
    }
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for CsrfOnly {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The form that saves a code draft.
#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub code: String,
}

impl CsrfForm for DraftForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
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

#[cfg(test)]
mod tests {
    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(super::percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(super::percent_decode("%2e%2e%2f").as_deref(), Some("../"));
        assert_eq!(super::percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(super::percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(super::percent_decode("%ff"), None);
    }

    #[test]
    fn next_parameter_is_percent_encoded() {
        assert_eq!(
            super::percent_encode("/learn/a b?x=1&y"),
            "/learn/a%20b%3Fx%3D1%26y"
        );
    }
}
