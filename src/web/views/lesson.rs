//! A lesson page for one viewer: its segments with each task in the viewer's state,
//! its table of contents, navigation and progress. Used by the reading handler and by
//! answers refused without costing an attempt, which show the page again.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::content::markdown::TocEntry;
use crate::content::{Catalog, Lesson, Module};
use crate::progress::{LearnerProgress, Status};
use crate::web::error::AppError;
use crate::web::extract::now;
use crate::web::respond::reading_page;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{LinkView, ModuleCard};
use crate::web::views::tasks::{lesson_segments, variant_seed, LessonViewer, Refusal, SegmentView};

/// The viewer's progress, read with the session; `None` for anonymous readers.
pub fn viewer_progress(viewer: &Viewer) -> Option<LearnerProgress> {
    viewer
        .signed_in()
        .map(|session| LearnerProgress::from_rows(session.progress.iter().cloned()))
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
        return crate::web::respond::page(state, req, viewer, "lesson.html", &view);
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
