//! CSV exports of a cohort, for spreadsheets and grade books: the progress matrix and
//! every attempt, with the stable column names the authoring guide documents. Learner
//! input that a spreadsheet would run as a formula is neutralised.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::web::cohort_access::{load_matrix, taught};
use crate::web::error::AppError;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Makes a cell safe for spreadsheets: quoted, and text that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'`.
pub fn csv_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

fn csv_response(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /teach/cohorts/{id}/progress.csv`: `username`, `lessons_done`, then one column
/// per lesson id with `done`, `visited` or `new`.
pub async fn export_progress(
    teacher: Teacher,
    path: web::Path<i64>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cohort = taught(&state, &teacher, path.into_inner()).await?;
    let matrix = load_matrix(&state, cohort.id).await?;
    let catalog = &*state.catalog.get();
    let mut header = vec![csv_cell("username"), csv_cell("lessons_done")];
    header.extend(catalog.lessons().map(|(_, l)| csv_cell(&l.id)));
    let mut body = header.join(",") + "\r\n";
    for row in matrix.rows(catalog, &HashMap::new()) {
        let mut cells = vec![csv_cell(&row.username), csv_cell(&row.done.to_string())];
        cells.extend(row.statuses.iter().map(|s| csv_cell(s.as_str())));
        body.push_str(&(cells.join(",") + "\r\n"));
    }
    Ok(csv_response(
        &format!("cohort-{}-progress.csv", cohort.id),
        body,
    ))
}

/// `GET /teach/cohorts/{id}/attempts.csv`: `username`, `task_id`, `answer`, `correct`,
/// `score`, `submitted_at` (`YYYY-MM-DD HH:MM UTC`), `points` (empty for attempts stored
/// before points were recorded), one row per attempt, oldest first.
pub async fn export_attempts(
    teacher: Teacher,
    path: web::Path<i64>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cohort = taught(&state, &teacher, path.into_inner()).await?;
    let attempts = state.store.cohort_attempts(cohort.id).await?;
    let mut body = [
        "username",
        "task_id",
        "answer",
        "correct",
        "score",
        "submitted_at",
        "points",
    ]
    .map(csv_cell)
    .join(",")
        + "\r\n";
    for a in attempts {
        let cells = [
            csv_cell(&a.username),
            csv_cell(&a.task_id),
            csv_cell(&a.answer),
            csv_cell(if a.correct { "true" } else { "false" }),
            csv_cell(&format!("{}", a.score)),
            csv_cell(&crate::web::views::cards::format_utc(a.created_at)),
            csv_cell(&a.points.map(|p| format!("{p}")).unwrap_or_default()),
        ];
        body.push_str(&(cells.join(",") + "\r\n"));
    }
    Ok(csv_response(
        &format!("cohort-{}-attempts.csv", cohort.id),
        body,
    ))
}
