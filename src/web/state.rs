//! What every handler shares, built once at start-up: the catalog, the store, the
//! templates and the site's settings.

use std::sync::Arc;

use crate::accounts::session::SessionPolicy;
use crate::config::registration::Registration;
use crate::content::Catalog;
use crate::live::Live;
use crate::store::Store;
use crate::web::page_cache::PageCache;
use crate::web::static_files::StaticFiles;
use crate::web::templates::{Templates, Theme};
use crate::web::viewer::Viewer;

/// Site-wide settings the handlers read.
#[derive(Debug)]
pub struct Site {
    /// The site's name, from the configuration.
    pub name: String,
    /// Anonymous readers are sent to sign in before reading lessons.
    pub require_login: bool,
    /// Cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// Name of the session cookie, prefixed when cookies are secure.
    pub session_cookie: String,
    /// Name of the CSRF cookie, prefixed when cookies are secure.
    pub csrf_cookie: String,
    /// How long sessions live.
    pub sessions: SessionPolicy,
    /// Task answers one learner may submit per minute.
    pub answers_per_minute: i64,
    /// Who may sign up until an admin chooses otherwise (see [`crate::web::account::auth::registration`]).
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
    /// Users, sessions, attempts and the grading queue.
    pub store: Store,
    /// Replaced as a whole by `--watch`, like the catalog.
    pub templates: Live<Templates>,
    /// Why the last reload under `--watch` failed, shown to instructors and admins.
    pub reload_problem: std::sync::RwLock<Option<String>>,
    /// Site name, logo, accent colour and footer, from the configuration.
    pub theme: Theme,
    /// Files under `static/`, served with a cache header.
    pub statics: StaticFiles,
    /// Rendered pages for anonymous readers.
    pub pages: PageCache,
    /// Settings the handlers read.
    pub site: Site,
    /// Whether grading is on, and how to reach the workers.
    pub grader: GraderState,
    /// This process's figures, served on the metrics address when one is set.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// The registration mode in force: an admin's choice if one was saved, else the
    /// configuration's.
    pub async fn registration(&self) -> Result<Registration, crate::store::StoreError> {
        self.store.registration(self.site.registration).await
    }
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
        viewer: &Viewer,
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
    pub fn unavailable_for(&self, viewer: &Viewer) -> Option<Unavailable<'_>> {
        self.unavailable.as_deref().map(|why| Unavailable {
            reason: viewer.is_staff().then_some(why),
        })
    }
}

/// Grading is off. The reason (the sandbox self-test's failure, which may name host
/// paths) is there only for instructors and admins; see
/// [`crate::web::state::GraderState::unavailable_for`].
#[derive(Debug, Clone, Copy)]
pub struct Unavailable<'a> {
    /// The self-test's failure; `None` when the viewer may not see it.
    pub reason: Option<&'a str>,
}

impl Unavailable<'_> {
    /// What a refused submission is told.
    pub fn message(&self) -> String {
        let headline =
            "Grading is unavailable on this server. Python exercises cannot be graded right now.";
        match self.reason {
            Some(why) => format!("{headline} The sandbox failed its self-test: {why}"),
            None => headline.to_owned(),
        }
    }
}
