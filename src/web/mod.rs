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
pub mod feedback;
pub mod files;
pub mod identity;
pub mod page_cache;
pub mod pages;
pub mod render;
pub mod search;
pub mod submissions;
pub mod task_views;
pub mod teach;
pub mod teach_learner;
pub mod trail;
pub mod views;
pub mod watch;

use std::sync::Arc;

use actix_web::{guard, web, HttpResponse};

use crate::accounts::session::SessionPolicy;
use crate::config::registration::Registration;
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
    /// Private, since it may hold host paths: pages reach it only through
    /// [`GraderState::unavailable_for`], which gives it to instructors and admins only.
    unavailable: Option<String>,
    /// The built Python environments, to refuse a task whose environment is not built.
    environments: Arc<crate::grader::environments::Builds>,
}

impl GraderState {
    /// Grading state; `unavailable` is the self-test's failure, if it failed.
    pub fn new(
        nudge: Arc<tokio::sync::Notify>,
        finished: Arc<tokio::sync::Notify>,
        unavailable: Option<String>,
        environments: Arc<crate::grader::environments::Builds>,
    ) -> Self {
        Self {
            nudge,
            finished,
            unavailable,
            environments,
        }
    }

    /// Why `python` cannot be graded here although the sandbox works: its environment
    /// is not built. Learners are told which environment; staff also get the command.
    pub fn environment_missing(
        &self,
        viewer: &identity::Viewer,
        catalog: &crate::content::Catalog,
        python: &crate::tasks::Python,
    ) -> Option<String> {
        let why =
            crate::grader::worker::built_environment(catalog, &self.environments, python).err()?;
        let name = python.environment.as_deref().unwrap_or_default();
        let headline =
            format!("Grading is unavailable: environment {name} is not built on this server.");
        Some(if viewer.is_staff() {
            format!("{headline} ({why})")
        } else {
            headline
        })
    }

    /// Why the self-test failed, for start-up and the log; never for a page.
    pub fn self_test_failure(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }

    /// Whether grading is off, as `viewer` may be told: the reason for staff only.
    pub fn unavailable_for(
        &self,
        viewer: &identity::Viewer,
    ) -> Option<code_views::Unavailable<'_>> {
        self.unavailable
            .as_deref()
            .map(|why| code_views::Unavailable {
                reason: viewer.is_staff().then_some(why),
            })
    }
}

/// Registers every route. Each address is one [`Endpoint`]: `GET` also answers `HEAD`,
/// and a method the address does not take is answered 405 with `Allow`; an address
/// that is not here is 404 whatever the method.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // The two scopes route by a prefix check and split the rest themselves: pattern
    // routes would cost a regular-expression match on every request.
    cfg.service(web::scope("/learn").default_service(web::to(pages::dispatch)))
        .service(web::scope("/static").default_service(web::to(files::serve_static)))
        .service(Endpoint::at("/").get(pages::show_overview))
        .service(Endpoint::at("/healthz").get(health))
        .service(Endpoint::at("/search").get(search::show_search))
        .service(
            Endpoint::at("/signup")
                .get(auth::show_signup)
                .post(auth::sign_up),
        )
        .service(
            Endpoint::at("/login")
                .get(auth::show_login)
                .post(auth::log_in),
        )
        .service(Endpoint::at("/logout").post(auth::log_out))
        .service(Endpoint::at("/dashboard").get(dashboard::show_dashboard))
        .service(Endpoint::at("/account/data.json").get(dashboard::download_data))
        .service(Endpoint::at("/account/answers").get(dashboard::show_answers))
        .service(
            Endpoint::at("/admin/users")
                .get(admin::show_users)
                .post(admin::create_user),
        )
        .service(Endpoint::at("/admin/registration").post(admin::set_registration))
        .service(Endpoint::at("/admin/users/{id}").post(admin::change_user))
        .service(Endpoint::at("/teach").get(teach::show_cohorts))
        .service(Endpoint::at("/teach/cohorts").post(teach::create_cohort))
        .service(Endpoint::at("/teach/cohorts/{id}").get(teach::show_cohort))
        .service(Endpoint::at("/teach/cohorts/{id}/invites").post(teach::create_invite))
        .service(
            Endpoint::at("/teach/cohorts/{id}/learners/{user}").get(teach_learner::show_learner),
        )
        .service(Endpoint::at("/teach/cohorts/{id}/progress.csv").get(exports::export_progress))
        .service(Endpoint::at("/teach/cohorts/{id}/attempts.csv").get(exports::export_attempts))
        .service(
            Endpoint::at("/join")
                .get(teach::show_join)
                .post(teach::join_cohort),
        );
}

/// One address and the methods it takes, gathered so the 405 answer's `Allow` header
/// is built from the same list the routes are.
struct Endpoint {
    resource: actix_web::Resource,
    allow: Vec<&'static str>,
}

impl Endpoint {
    fn at(path: &str) -> Self {
        Self {
            resource: web::resource(path),
            allow: Vec::new(),
        }
    }

    /// `GET`, and `HEAD` by the same handler: actix-web sends a HEAD answer's headers
    /// without its body.
    fn get<F, Args>(mut self, handler: F) -> Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        let read = guard::Any(guard::Get()).or(guard::Head());
        self.resource = self.resource.route(web::route().guard(read).to(handler));
        self.allow.extend(["GET", "HEAD"]);
        self
    }

    fn post<F, Args>(mut self, handler: F) -> Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        self.resource = self.resource.route(web::post().to(handler));
        self.allow.push("POST");
        self
    }
}

/// Registers the resource, answering any other method with 405 and the methods it
/// allows.
impl actix_web::dev::HttpServiceFactory for Endpoint {
    fn register(self, config: &mut actix_web::dev::AppService) {
        let allow = self.allow.join(", ");
        self.resource
            .default_service(web::to(move || {
                let allow = allow.clone();
                async move { Err::<HttpResponse, _>(error::AppError::MethodNotAllowed(allow)) }
            }))
            .register(config);
    }
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
