//! The HTTP layer: routes, extractors, pages. The only module besides `startup` that
//! knows about actix-web.
//!
//! Handlers are thin: find the viewer, read the catalog and the store, build a small
//! view struct, render a template. Errors go through [`error::AppError`].

pub mod admin;
pub mod answers;
pub mod auth;
pub mod code_views;
pub mod cohort_stats;
pub mod dashboard;
pub mod error;
pub mod exports;
pub mod files;
pub mod identity;
pub mod page_cache;
pub mod pages;
pub mod render;
pub mod submissions;
pub mod task_views;
pub mod teach;
pub mod teach_learner;
pub mod views;
pub mod watch;

use std::sync::Arc;

use actix_web::{web, HttpResponse};

use crate::accounts::registration::Registration;
use crate::accounts::session::SessionPolicy;
use crate::content::Catalog;
use crate::live::Live;
use crate::store::Store;

/// Site-wide settings the handlers read.
#[derive(Debug)]
pub struct Site {
    pub name: String,
    pub require_login: bool,
    pub secure_cookies: bool,
    pub session_cookie: String,
    pub csrf_cookie: String,
    pub sessions: SessionPolicy,
    /// Task answers one learner may submit per minute.
    pub answers_per_minute: i64,
    /// Who may sign up until an admin chooses otherwise (see [`auth::registration`]).
    pub registration: Registration,
}

impl Site {
    /// Cookie names get the `__Host-` prefix over HTTPS, which pins them to this host.
    pub fn new(
        name: String,
        require_login: bool,
        secure_cookies: bool,
        sessions: SessionPolicy,
    ) -> Self {
        let prefix = if secure_cookies { "__Host-" } else { "" };
        Self {
            name,
            require_login,
            secure_cookies,
            session_cookie: format!("{prefix}cairn_session"),
            csrf_cookie: format!("{prefix}cairn_csrf"),
            sessions,
            answers_per_minute: 30,
            registration: Registration::Open,
        }
    }
}

/// Everything handlers share, built once at start-up.
pub struct AppState {
    /// The content; replaced as a whole by `--watch` when an edit loads cleanly.
    pub catalog: Arc<Live<Catalog>>,
    pub store: Store,
    /// Replaced as a whole by `--watch`, like the catalog.
    pub templates: Live<render::Templates>,
    /// Why the last reload under `--watch` failed, shown to instructors and admins.
    pub reload_problem: std::sync::RwLock<Option<String>>,
    /// Site name, logo, accent colour and footer, from the configuration.
    pub theme: render::Theme,
    pub statics: files::StaticFiles,
    /// Rendered pages for anonymous readers.
    pub pages: page_cache::PageCache,
    pub site: Site,
    pub grader: GraderState,
    /// This process's figures, served on the metrics address when one is set.
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// What the web layer knows of Python grading.
pub struct GraderState {
    /// Wakes an idle worker in this process when a submission is queued.
    pub nudge: Arc<tokio::sync::Notify>,
    /// Wakes requests waiting for a result when a job in this process finishes.
    pub finished: Arc<tokio::sync::Notify>,
    /// Why Python submissions are refused: the sandbox failed its self-test at start.
    pub unavailable: Option<String>,
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // The two scopes route by a prefix check and split the rest themselves: pattern
    // routes would cost a regular-expression match on every request.
    cfg.service(web::scope("/learn").default_service(web::to(pages::dispatch)))
        .service(web::scope("/static").default_service(web::to(files::serve_static)))
        .route("/", web::get().to(pages::show_overview))
        .route("/healthz", web::get().to(health))
        .route("/signup", web::get().to(auth::show_signup))
        .route("/signup", web::post().to(auth::sign_up))
        .route("/login", web::get().to(auth::show_login))
        .route("/login", web::post().to(auth::log_in))
        .route("/logout", web::post().to(auth::log_out))
        .route("/dashboard", web::get().to(dashboard::show_dashboard))
        .route(
            "/account/data.json",
            web::get().to(dashboard::download_data),
        )
        .route("/admin/users", web::get().to(admin::show_users))
        .route("/admin/users", web::post().to(admin::create_user))
        .route(
            "/admin/registration",
            web::post().to(admin::set_registration),
        )
        .route("/admin/users/{id}", web::post().to(admin::change_user))
        .route("/teach", web::get().to(teach::show_cohorts))
        .route("/teach/cohorts", web::post().to(teach::create_cohort))
        .route("/teach/cohorts/{id}", web::get().to(teach::show_cohort))
        .route(
            "/teach/cohorts/{id}/invites",
            web::post().to(teach::create_invite),
        )
        .route(
            "/teach/cohorts/{id}/learners/{user}",
            web::get().to(teach_learner::show_learner),
        )
        .route(
            "/teach/cohorts/{id}/progress.csv",
            web::get().to(exports::export_progress),
        )
        .route(
            "/teach/cohorts/{id}/attempts.csv",
            web::get().to(exports::export_attempts),
        )
        .route("/join", web::get().to(teach::show_join))
        .route("/join", web::post().to(teach::join_cohort));
}

/// 200 when the database answers, 503 otherwise.
async fn health(state: web::Data<AppState>) -> HttpResponse {
    match state.store.ping().await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(err) => {
            tracing::error!(error = ?err, "health check: database unreachable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unreachable")
        }
    }
}
