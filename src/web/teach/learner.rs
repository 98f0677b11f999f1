//! One learner's trail through the path, for their instructor: every task in path order
//! with its status, each answer they sent and each program they submitted with the
//! tests it failed. Read-only; reached only through a cohort the instructor teaches,
//! and only for a learner in that cohort.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::web::cohort_access::taught;
use crate::web::error::AppError;
use crate::web::respond::page;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::trail::{trail, Reader, TaskProgress, TaskTrail};

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
    let tasks = trail(catalog, &data, Reader::Instructor);
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
        solved: tasks
            .iter()
            .filter(|t| t.status == TaskProgress::Solved)
            .count(),
        tasks,
    };
    page(&state, &req, &teacher.viewer, "cohort_learner.html", &view)
}
