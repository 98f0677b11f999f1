//! Settings: defaults, then an optional `cairn.toml`, then `CAIRN_*` / `DATABASE_URL`
//! environment variables, then command-line flags (applied by `main`).
//!
//! The database URL may hold a password, so `Debug` prints it redacted.

/// Who may create an account: a setting the operator starts with and admins change.
pub mod registration;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use registration::Registration;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Settings {
    /// Address the HTTP server listens on, as `host:port`.
    pub bind: String,
    /// Folder holding `path.toml`, the modules and their lessons.
    pub content_dir: PathBuf,
    /// `sqlite:` or `postgres:` URL; its scheme picks the store backend.
    pub database_url: String,
    /// Folder of Tera templates, loaded once at start-up.
    pub templates_dir: PathBuf,
    /// Folder of CSS, scripts and images, served as they are.
    pub static_dir: PathBuf,
    /// Shown in page titles and the header.
    pub site_name: String,
    /// Readers must sign in before reading lessons.
    pub require_login: bool,
    /// The site is served over HTTPS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// A session unused for this many minutes ends.
    pub session_idle_minutes: i64,
    /// A session ends this many hours after sign-in, however active.
    pub session_absolute_hours: i64,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// Task answers one learner may submit per minute (429 beyond).
    pub answers_per_minute: u32,
    /// In-process grading workers (Python submissions graded at once).
    pub grader_workers: usize,
    /// `bubblewrap` (default) or `none`: run learners' code without a sandbox, for one
    /// learner on their own machine only.
    pub grader_sandbox: String,
    /// The bubblewrap binary.
    pub bwrap: PathBuf,
    /// Limits for every grading run; a task may ask for less, never more.
    pub grader_cpu_seconds: u64,
    /// Wall-clock limit of one grading run, so a sleeping program cannot hold a worker.
    pub grader_wall_seconds: u64,
    /// Memory limit of one grading run.
    pub grader_memory_mb: u64,
    /// The one filesystem a grading run may write to (its working folder, `/tmp` and
    /// `/dev/shm` together): at most this many MiB, held in the host's memory...
    pub grader_scratch_mb: u64,
    /// ...and at most this many files and folders.
    pub grader_scratch_files: u64,
    /// Where `cairn env build` puts the Python environments exercises run in.
    pub environments_dir: PathBuf,
    /// Who may sign up, until an admin changes it on the admin page.
    pub registration: Registration,
    /// Where `/metrics` is served (Prometheus text); `None` serves no metrics.
    pub metrics_bind: Option<String>,
    /// A folder whose `templates/` and `static/` files override the bundled ones.
    pub theme_dir: Option<PathBuf>,
    /// A static file's name (after the theme's overrides) shown as the logo.
    pub logo: Option<String>,
    /// `#rrggbb` used for links, buttons and focus rings.
    pub accent_color: Option<String>,
    /// Short Markdown shown at the foot of every page.
    pub footer: Option<String>,
    /// Reload content and templates when they change (`cairn serve --watch`).
    pub watch: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            content_dir: "content".into(),
            database_url: "sqlite://data/cairn.db".into(),
            templates_dir: "templates".into(),
            static_dir: "static".into(),
            site_name: "Cairn".into(),
            require_login: false,
            secure_cookies: false,
            session_idle_minutes: 60 * 24 * 7,
            session_absolute_hours: 24 * 30,
            workers: 0,
            answers_per_minute: 30,
            grader_workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            grader_sandbox: "bubblewrap".into(),
            bwrap: "/usr/bin/bwrap".into(),
            grader_cpu_seconds: 5,
            grader_wall_seconds: 10,
            grader_memory_mb: 256,
            grader_scratch_mb: 16,
            grader_scratch_files: 1024,
            environments_dir: PathBuf::from("data/environments"),
            registration: Registration::Open,
            metrics_bind: None,
            theme_dir: None,
            logo: None,
            accent_color: None,
            footer: None,
            watch: false,
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("content_dir", &self.content_dir)
            .field("database_url", &redact(&self.database_url))
            .field("templates_dir", &self.templates_dir)
            .field("static_dir", &self.static_dir)
            .field("site_name", &self.site_name)
            .field("require_login", &self.require_login)
            .field("secure_cookies", &self.secure_cookies)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("workers", &self.workers)
            .field("answers_per_minute", &self.answers_per_minute)
            .field("grader_workers", &self.grader_workers)
            .field("grader_sandbox", &self.grader_sandbox)
            .field("bwrap", &self.bwrap)
            .field("grader_cpu_seconds", &self.grader_cpu_seconds)
            .field("grader_wall_seconds", &self.grader_wall_seconds)
            .field("grader_memory_mb", &self.grader_memory_mb)
            .field("grader_scratch_mb", &self.grader_scratch_mb)
            .field("grader_scratch_files", &self.grader_scratch_files)
            .field("environments_dir", &self.environments_dir)
            .field("registration", &self.registration)
            .field("metrics_bind", &self.metrics_bind)
            .field("theme_dir", &self.theme_dir)
            .field("logo", &self.logo)
            .field("accent_color", &self.accent_color)
            .field("footer", &self.footer)
            .field("watch", &self.watch)
            .finish()
    }
}

/// `cairn.toml`: every field optional, unknown ones rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    content: Option<PathBuf>,
    database_url: Option<String>,
    templates: Option<PathBuf>,
    #[serde(rename = "static")]
    static_dir: Option<PathBuf>,
    site_name: Option<String>,
    require_login: Option<bool>,
    secure_cookies: Option<bool>,
    session_idle_minutes: Option<i64>,
    session_absolute_hours: Option<i64>,
    workers: Option<usize>,
    answers_per_minute: Option<u32>,
    grader_workers: Option<usize>,
    grader_sandbox: Option<String>,
    bwrap: Option<PathBuf>,
    grader_cpu_seconds: Option<u64>,
    grader_wall_seconds: Option<u64>,
    grader_memory_mb: Option<u64>,
    grader_scratch_mb: Option<u64>,
    grader_scratch_files: Option<u64>,
    environments_dir: Option<PathBuf>,
    registration: Option<String>,
    metrics_bind: Option<String>,
    theme: Option<PathBuf>,
    logo: Option<String>,
    accent_color: Option<String>,
    footer: Option<String>,
}

impl Settings {
    /// Defaults, overlaid by `config` (or `./cairn.toml` if present) and the environment.
    pub fn load(config: Option<&Path>) -> anyhow::Result<Self> {
        let mut settings = Self::default();
        let file = match config {
            Some(path) => Some(path.to_path_buf()),
            None => Some(PathBuf::from("cairn.toml")).filter(|p| p.is_file()),
        };
        if let Some(file) = file {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let parsed: FileSettings = toml::from_str(&text)
                .with_context(|| format!("invalid settings in {}", file.display()))?;
            settings.apply_file(parsed)?;
        }
        settings.apply_env(|name| std::env::var(name).ok())?;
        settings.check()?;
        Ok(settings)
    }

    fn apply_file(&mut self, f: FileSettings) -> anyhow::Result<()> {
        macro_rules! set {
            ($($field:ident <- $value:expr),* $(,)?) => { $(if let Some(v) = $value { self.$field = v; })* };
        }
        set!(
            bind <- f.bind,
            content_dir <- f.content,
            database_url <- f.database_url,
            templates_dir <- f.templates,
            static_dir <- f.static_dir,
            site_name <- f.site_name,
            require_login <- f.require_login,
            secure_cookies <- f.secure_cookies,
            session_idle_minutes <- f.session_idle_minutes,
            session_absolute_hours <- f.session_absolute_hours,
            workers <- f.workers,
            answers_per_minute <- f.answers_per_minute,
            grader_workers <- f.grader_workers,
            grader_sandbox <- f.grader_sandbox,
            bwrap <- f.bwrap,
            grader_cpu_seconds <- f.grader_cpu_seconds,
            grader_wall_seconds <- f.grader_wall_seconds,
            grader_memory_mb <- f.grader_memory_mb,
            grader_scratch_mb <- f.grader_scratch_mb,
            grader_scratch_files <- f.grader_scratch_files,
            environments_dir <- f.environments_dir,
        );
        if let Some(mode) = f.registration {
            self.registration = mode.parse().map_err(anyhow::Error::msg)?;
        }
        self.metrics_bind = f.metrics_bind.or(self.metrics_bind.take());
        self.theme_dir = f.theme.or(self.theme_dir.take());
        self.logo = f.logo.or(self.logo.take());
        self.accent_color = f.accent_color.or(self.accent_color.take());
        self.footer = f.footer.or(self.footer.take());
        Ok(())
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = var("CAIRN_BIND") {
            self.bind = v;
        }
        if let Some(v) = var("CAIRN_CONTENT") {
            self.content_dir = v.into();
        }
        if let Some(v) = var("DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = var("CAIRN_TEMPLATES") {
            self.templates_dir = v.into();
        }
        if let Some(v) = var("CAIRN_STATIC") {
            self.static_dir = v.into();
        }
        if let Some(v) = var("CAIRN_SITE_NAME") {
            self.site_name = v;
        }
        if let Some(v) = var("CAIRN_REQUIRE_LOGIN") {
            self.require_login = parse_bool("CAIRN_REQUIRE_LOGIN", &v)?;
        }
        if let Some(v) = var("CAIRN_SECURE_COOKIES") {
            self.secure_cookies = parse_bool("CAIRN_SECURE_COOKIES", &v)?;
        }
        if let Some(v) = var("CAIRN_WORKERS") {
            self.workers = v.parse().context("CAIRN_WORKERS must be a whole number")?;
        }
        if let Some(v) = var("CAIRN_GRADER_WORKERS") {
            self.grader_workers = v
                .parse()
                .context("CAIRN_GRADER_WORKERS must be a whole number")?;
        }
        if let Some(v) = var("CAIRN_GRADER_SANDBOX") {
            self.grader_sandbox = v;
        }
        if let Some(v) = var("CAIRN_ENVIRONMENTS_DIR") {
            self.environments_dir = v.into();
        }
        if let Some(v) = var("CAIRN_REGISTRATION") {
            self.registration = v
                .parse()
                .map_err(|e: String| anyhow::anyhow!("CAIRN_REGISTRATION: {e}"))?;
        }
        if let Some(v) = var("CAIRN_METRICS_BIND") {
            self.metrics_bind = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = var("CAIRN_THEME") {
            self.theme_dir = Some(v.into());
        }
        if let Some(v) = var("CAIRN_ANSWERS_PER_MINUTE") {
            self.answers_per_minute = v
                .parse()
                .context("CAIRN_ANSWERS_PER_MINUTE must be a whole number")?;
        }
        Ok(())
    }

    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.grader_sandbox == "bubblewrap" || self.grader_sandbox == "none",
            "grader_sandbox must be \"bubblewrap\" or \"none\""
        );
        anyhow::ensure!(
            self.grader_cpu_seconds > 0
                && self.grader_wall_seconds > 0
                && self.grader_memory_mb >= 32
                && self.grader_scratch_mb > 0
                && self.grader_scratch_files >= 16,
            "grader limits must be positive (grader_memory_mb at least 32, grader_scratch_files at least 16)"
        );
        anyhow::ensure!(
            self.answers_per_minute > 0,
            "answers_per_minute must be at least 1"
        );
        if let Some(color) = &self.accent_color {
            anyhow::ensure!(
                is_hex_color(color),
                "accent_color must be a colour like \"#0b7285\" (# and six hex digits), not `{color}`"
            );
        }
        if let Some(logo) = &self.logo {
            anyhow::ensure!(
                !logo.is_empty() && !logo.starts_with('/') && !logo.split('/').any(|p| p == ".."),
                "logo must be a file name under the static folder, like \"logo.svg\", not `{logo}`"
            );
        }
        anyhow::ensure!(
            self.session_idle_minutes > 0,
            "session_idle_minutes must be positive"
        );
        anyhow::ensure!(
            self.session_absolute_hours > 0,
            "session_absolute_hours must be positive"
        );
        Ok(())
    }
}

/// `#` and six hex digits: the only colour syntax accepted, so the value can go into a
/// stylesheet without escaping.
fn is_hex_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn parse_bool(name: &str, value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => anyhow::bail!("{name} must be true or false, not `{other}`"),
    }
}

/// Hides the password part of a URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{user}:***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_password_never_reaches_debug_output() {
        let s = Settings {
            database_url: "postgres://cairn:s3cret@db/cairn".into(),
            ..Settings::default()
        };
        let printed = format!("{s:?}");
        assert!(!printed.contains("s3cret"));
        assert!(printed.contains("postgres://cairn:***@db/cairn"));
    }

    #[test]
    fn environment_overrides_and_bad_booleans_are_errors() {
        let mut s = Settings::default();
        s.apply_env(|n| (n == "CAIRN_REQUIRE_LOGIN").then(|| "yes".into()))
            .unwrap();
        assert!(s.require_login);
        assert!(s
            .apply_env(|n| (n == "CAIRN_SECURE_COOKIES").then(|| "maybe".into()))
            .is_err());
    }

    #[test]
    fn theme_settings_are_checked() {
        let mut s = Settings {
            accent_color: Some("#0B7285".into()),
            logo: Some("brand/logo.svg".into()),
            ..Settings::default()
        };
        assert!(s.check().is_ok());
        for bad in ["red", "#0b728", "#0b7285;}body{", "#zzzzzz"] {
            s.accent_color = Some(bad.into());
            assert!(s.check().is_err(), "{bad} accepted");
        }
        s.accent_color = None;
        for bad in ["/etc/passwd", "../secret.svg", ""] {
            s.logo = Some(bad.into());
            assert!(s.check().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn registration_modes_come_from_the_file_and_the_environment() {
        let mut s = Settings::default();
        let file: FileSettings = toml::from_str("registration = \"closed\"").unwrap();
        s.apply_file(file).unwrap();
        assert_eq!(s.registration, Registration::Closed);
        s.apply_env(|n| (n == "CAIRN_REGISTRATION").then(|| "invite-only".into()))
            .unwrap();
        assert_eq!(s.registration, Registration::InviteOnly);
        let file: FileSettings = toml::from_str("registration = \"invite\"").unwrap();
        assert!(s.apply_file(file).is_err());
    }

    #[test]
    fn unknown_settings_file_fields_are_rejected() {
        assert!(toml::from_str::<FileSettings>("bnd = \"x\"").is_err());
    }
}
