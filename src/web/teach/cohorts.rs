//! Instructors' pages: their cohorts, a cohort's progress matrix and task statistics,
//! invite codes, and CSV exports; and the learner's side, joining with a code.
//!
//! Every teaching handler takes a [`Teacher`] (instructor or admin, else 403) and reads
//! a cohort only through [`taught`], which refuses (403) a cohort the instructor does
//! not teach, so no route can show another cohort's learners.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::accounts::random_token;
use crate::progress::matrix::LearnerRow;
use crate::store::{CohortRow, Redeemed};
use crate::web::cohort_access::{load_matrix, taught};
use crate::web::error::AppError;
use crate::web::extract::{now, Checked, CsrfForm};
use crate::web::respond::page;
use crate::web::respond::sign_in_redirect;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::cohort_stats::{task_stats, TaskStats};

/// Longest cohort name.
const MAX_NAME: usize = 80;

#[derive(Serialize)]
struct TeachPage {
    cohorts: Vec<CohortView>,
}

#[derive(Serialize)]
struct CohortView {
    id: i64,
    name: String,
    learners: i64,
}

impl From<CohortRow> for CohortView {
    fn from(row: CohortRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            learners: row.learners,
        }
    }
}

/// `GET /teach`: the instructor's cohorts and a form to create one.
pub async fn show_cohorts(
    req: HttpRequest,
    teacher: Teacher,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let session = teacher.session();
    let cohorts = state
        .store
        .cohorts_for(session.user_id, teacher.is_admin())
        .await?;
    let view = TeachPage {
        cohorts: cohorts.into_iter().map(CohortView::from).collect(),
    };
    page(&state, &req, &teacher.viewer, "teach.html", &view)
}

/// The form to create a cohort.
#[derive(Deserialize)]
pub struct NewCohortForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

impl CsrfForm for NewCohortForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teach/cohorts`.
pub async fn create_cohort(
    teacher: Teacher,
    form: Checked<NewCohortForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let name = form.form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "Give the cohort a name of 1 to {MAX_NAME} characters."
        )));
    }
    let id = state
        .store
        .create_cohort(name, teacher.session().user_id, now())
        .await?;
    Ok(see_other(&format!("/teach/cohorts/{id}")))
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

#[derive(Serialize)]
struct CohortPage {
    cohort: CohortView,
    lessons: Vec<LessonColumn>,
    rows: Vec<LearnerRow>,
    /// The matrix's order: `name`, `done` or `solved`, and whether it is descending.
    sort: &'static str,
    descending: bool,
    tasks: Vec<TaskStats>,
    invites: Vec<InviteView>,
}

/// `?sort=` and `?order=` on the cohort page.
#[derive(Deserialize)]
pub struct SortQuery {
    #[serde(default)]
    sort: String,
    #[serde(default)]
    order: String,
}

#[derive(Serialize)]
struct LessonColumn {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct InviteView {
    code: String,
    expires: String,
    uses: i64,
    max_uses: i64,
    usable: bool,
}

/// `GET /teach/cohorts/{id}`: who is where, which tasks are hard, and invite codes.
pub async fn show_cohort(
    req: HttpRequest,
    teacher: Teacher,
    path: web::Path<i64>,
    query: web::Query<SortQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cohort = taught(&state, &teacher, path.into_inner()).await?;
    let matrix = load_matrix(&state, cohort.id).await?;
    let catalog = &*state.catalog.get();
    let statuses = state.store.cohort_task_statuses(cohort.id).await?;
    let failed = state.store.cohort_failed_tests(cohort.id).await?;
    let mut solved: HashMap<i64, usize> = HashMap::new();
    for status in statuses.iter().filter(|s| s.solved) {
        *solved.entry(status.user_id).or_default() += 1;
    }
    let mut rows = matrix.rows(catalog, &solved);
    let (sort, descending) = sort_rows(&mut rows, &query);
    let now = now();
    let view = CohortPage {
        lessons: catalog
            .lessons()
            .map(|(_, l)| LessonColumn {
                title: l.title.clone(),
                url: l.url.clone(),
            })
            .collect(),
        rows,
        sort,
        descending,
        tasks: task_stats(catalog, &statuses, &failed),
        invites: state
            .store
            .invites(cohort.id)
            .await?
            .into_iter()
            .map(|i| InviteView {
                usable: i.expires_at > now && i.uses < i.max_uses,
                expires: crate::web::views::cards::format_utc(i.expires_at),
                code: i.code,
                uses: i.uses,
                max_uses: i.max_uses,
            })
            .collect(),
        cohort: cohort.into(),
    };
    page(&state, &req, &teacher.viewer, "cohort.html", &view)
}

/// Orders the matrix as asked (by name A to Z unless told otherwise; counts fewest
/// first, so the learners who are behind come to the top). Unknown keys sort by name.
fn sort_rows(rows: &mut [LearnerRow], query: &SortQuery) -> (&'static str, bool) {
    let descending = query.order == "desc";
    let sort = match query.sort.as_str() {
        "done" => "done",
        "solved" => "solved",
        _ => "name",
    };
    let key = |row: &LearnerRow| match sort {
        "done" => row.done,
        "solved" => row.solved,
        _ => 0,
    };
    // Rows arrive in name order and the sort is stable, so ties stay A to Z either way;
    // only a name sort reverses the names.
    if sort == "name" {
        if descending {
            rows.reverse();
        }
    } else if descending {
        rows.sort_by_key(|row| std::cmp::Reverse(key(row)));
    } else {
        rows.sort_by_key(key);
    }
    (sort, descending)
}

/// The form to create an invite code.
#[derive(Deserialize)]
pub struct NewInviteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default = "default_days")]
    days: i64,
    #[serde(default = "default_uses")]
    max_uses: i64,
}

fn default_days() -> i64 {
    14
}

fn default_uses() -> i64 {
    50
}

impl CsrfForm for NewInviteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teach/cohorts/{id}/invites`: a new code, valid for `days` and `max_uses` joins.
pub async fn create_invite(
    teacher: Teacher,
    path: web::Path<i64>,
    form: Checked<NewInviteForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let cohort = taught(&state, &teacher, path.into_inner()).await?;
    let form = form.form;
    if !(1..=365).contains(&form.days) || !(1..=10_000).contains(&form.max_uses) {
        return Err(AppError::BadRequest(
            "An invite lasts 1 to 365 days and admits 1 to 10,000 learners.".to_owned(),
        ));
    }
    let code = random_token()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .collect::<String>();
    let now = now();
    state
        .store
        .create_invite(
            cohort.id,
            &code,
            now + form.days * 86_400,
            form.max_uses,
            now,
        )
        .await?;
    Ok(see_other(&format!("/teach/cohorts/{}#invites", cohort.id)))
}

#[derive(Serialize)]
struct JoinPage<'a> {
    code: &'a str,
    message: Option<String>,
    joined: bool,
}

/// The join form's query or body.
#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

impl CsrfForm for JoinForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `GET /join?code=…`: the form to join a cohort with an invite code.
pub async fn show_join(
    req: HttpRequest,
    viewer: crate::web::viewer::Viewer,
    query: web::Query<std::collections::HashMap<String, String>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let code = query.get("code").map_or("", String::as_str);
    if viewer.signed_in().is_none() {
        // A new learner signs up with the code; the sign-up page links to sign-in for
        // those who already have an account.
        let target = format!("/signup?code={}", crate::web::respond::percent_encode(code));
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish());
    }
    let view = JoinPage {
        code,
        message: None,
        joined: false,
    };
    page(&state, &req, &viewer, "join.html", &view)
}

/// `POST /join`: redeems an invite code for the signed-in learner.
pub async fn join_cohort(
    req: HttpRequest,
    form: Checked<JoinForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(session) = form.viewer.signed_in() else {
        return Ok(sign_in_redirect(&req));
    };
    let code = form.form.code.trim();
    let redeemed = state
        .store
        .redeem_invite(code, session.user_id, now())
        .await?;
    let (message, joined) = match redeemed {
        Redeemed::Joined(name) => (format!("You joined {name}."), true),
        Redeemed::AlreadyMember(name) => (format!("You are already in {name}."), true),
        refused => (
            crate::web::views::cards::invite_refusal(&refused).to_owned(),
            false,
        ),
    };
    let view = JoinPage {
        code,
        message: Some(message),
        joined,
    };
    let mut response = page(&state, &req, &form.viewer, "join.html", &view)?;
    if !joined {
        *response.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    }
    Ok(response)
}
