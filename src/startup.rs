//! Builds the application once (catalog, store, templates, static index) and the HTTP
//! server over it, bound to a listener so tests can ask for port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition, DefaultHeaders, ErrorHandlers, Next};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::accounts::password;
use crate::accounts::session::SessionPolicy;
use crate::config::Settings;
use crate::content::{self, Catalog};
use crate::grader::environments::Builds;
use crate::grader::sandbox::{Limits, Sandbox};
use crate::grader::worker::Grading;
use crate::live::Live;
use crate::metrics::Metrics;
use crate::store::Store;
use crate::web::error_page::render_error_page;
use crate::web::page_cache::PageCache;
use crate::web::state::GraderState;
use crate::web::static_files::StaticFiles;
use crate::web::templates::{Templates, Theme};
use crate::web::watch;
use crate::web::{routes::routes, state::AppState, state::Site};

/// Content-Security-Policy: everything from this origin, no inline scripts, no framing.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                   script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; \
                   form-action 'self'";

/// Strict-Transport-Security over HTTPS: browsers keep to HTTPS for this host and its
/// subdomains for a year, so a later plain-HTTP link cannot expose a session cookie.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Memory kept for anonymous readers' pages (about a thousand lesson pages).
const PAGE_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// A bound, ready-to-run server, and its metrics server if one is configured.
pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<(Server, u16)>,
}

impl Application {
    /// Loads everything and binds the listener; fails before serving anything if the
    /// content, templates or database are not usable.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let started = std::time::Instant::now();
        let content_dir = settings.content_dir.clone();
        let catalog = tokio::task::spawn_blocking(move || content::load_catalog(&content_dir))
            .await
            .context("content loader panicked")??;
        tracing::info!(
            modules = catalog.modules.len(),
            lessons = catalog.lesson_count(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "content loaded"
        );
        let store = Store::open(&settings.database_url).await?;
        tokio::spawn(maintain(store.clone()));
        let theme_dir = |sub: &str| settings.theme_dir.as_ref().map(|t| t.join(sub));
        if let Some(theme) = &settings.theme_dir {
            anyhow::ensure!(
                theme.is_dir(),
                "theme folder {} does not exist",
                theme.display()
            );
        }
        let templates =
            Templates::load(&settings.templates_dir, theme_dir("templates").as_deref())?;
        let statics = StaticFiles::index(&settings.static_dir, theme_dir("static").as_deref())?;
        let theme = Theme::new(
            settings.logo.as_deref(),
            settings.accent_color.as_deref(),
            settings.footer.as_deref(),
            &statics,
        )?;
        // Compute the dummy hash now so the first failed sign-in is not slower.
        tokio::task::spawn_blocking(password::dummy_hash)
            .await
            .context("password hasher panicked")?;
        let sessions = SessionPolicy {
            idle: settings.session_idle_minutes * 60,
            absolute: settings.session_absolute_hours * 3600,
        };
        let catalog = Arc::new(Live::new(catalog));
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let metrics = Arc::new(Metrics::default());
        let metrics_server = match &settings.metrics_bind {
            Some(bind) => Some(serve_metrics(bind, metrics.clone(), store.clone())?),
            None => None,
        };
        let grader = start_grading(settings, &store, &catalog, port, &metrics).await;
        let record_requests = metrics_server.is_some();
        let https = settings.secure_cookies;
        let state = web::Data::new(AppState {
            metrics,
            grader,
            catalog,
            store,
            templates: Live::new(templates),
            reload_problem: std::sync::RwLock::new(None),
            theme,
            statics,
            pages: PageCache::new(PAGE_CACHE_BYTES),
            site: Site {
                answers_per_minute: i64::from(settings.answers_per_minute),
                registration: settings.registration,
                ..Site::new(
                    settings.site_name.clone(),
                    settings.require_login,
                    settings.secure_cookies,
                    sessions,
                )
            },
        });
        if settings.watch {
            watch::start(
                state.clone().into_inner(),
                watch::Folders {
                    content: settings.content_dir.clone(),
                    templates: settings.templates_dir.clone(),
                    theme_templates: theme_dir("templates"),
                },
            );
        }
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::FormConfig::default().limit(64 * 1024))
                .wrap(ErrorHandlers::new().default_handler(render_error_page))
                .wrap(security_headers(https))
                .wrap(TracingLogger::default())
                .wrap(Condition::new(record_requests, from_fn(count_request)))
                .configure(routes)
        })
        .listen(listener)?
        .shutdown_timeout(10);
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        tracing::info!(
            "Cairn is serving {} on http://{}",
            settings.content_dir.display(),
            display_addr(&settings.bind, port)
        );
        Ok(Self {
            port,
            server: server.run(),
            metrics: metrics_server,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The metrics server's port, when `metrics_bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    /// Serves until SIGTERM or Ctrl-C, then drains in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics {
            Some((metrics, _)) => {
                let (served, _) = tokio::join!(self.server, metrics);
                served
            }
            None => self.server.await,
        }
    }
}

/// The headers every response carries; over HTTPS (`secure_cookies`) also HSTS.
fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Content-Security-Policy", CSP));
    if https {
        headers.add(("Strict-Transport-Security", HSTS))
    } else {
        headers
    }
}

/// Counts every answered request by route pattern, method and status.
async fn count_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let response = next.call(req).await?;
    if let Some(metrics) = metrics {
        let request = response.request();
        let pattern = request.match_pattern();
        metrics.request(
            route_label(pattern.as_deref(), request.path()),
            method_label(request.method()),
            response.status().as_u16(),
            started.elapsed(),
        );
    }
    Ok(response)
}

/// The route label: the matched pattern, or for the two scopes that route by prefix
/// (lessons and static files) the prefix; anything else is `unmatched`. Never the raw
/// path, so clients cannot add labels.
fn route_label<'a>(pattern: Option<&'a str>, path: &str) -> &'a str {
    match pattern {
        Some(pattern) if pattern != "/learn" && pattern != "/static" => pattern,
        _ if path.starts_with("/learn/") || path == "/learn" => "/learn/*",
        _ if path.starts_with("/static/") => "/static/*",
        _ => "unmatched",
    }
}

/// The method label: the methods Cairn answers by name, any other as `other` (actix
/// accepts any token as a method, and each would otherwise be a new label).
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        _ => "other",
    }
}

/// `/metrics` on its own address, so it can stay private while pages are public.
fn serve_metrics(bind: &str, metrics: Arc<Metrics>, store: Store) -> anyhow::Result<(Server, u16)> {
    let listener = TcpListener::bind(bind)
        .with_context(|| format!("cannot listen for metrics on {bind} (metrics_bind)"))?;
    let port = listener.local_addr()?.port();
    let shared = web::Data::new((metrics, store));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .route("/metrics", web::get().to(show_metrics))
    })
    .workers(1)
    .listen(listener)?
    .shutdown_timeout(1)
    .run();
    tracing::info!("metrics on http://{}/metrics", display_addr(bind, port));
    Ok((server, port))
}

async fn show_metrics(shared: web::Data<(Arc<Metrics>, Store)>) -> HttpResponse {
    let (metrics, store) = shared.get_ref();
    let queue = match store.queue_depth().await {
        Ok(depth) => Some(depth),
        Err(err) => {
            tracing::warn!(error = ?err, "metrics: cannot read the grading queue");
            None
        }
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(queue))
}

fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => bind.to_owned(),
    }
}

/// How often the database housekeeping runs.
const MAINTENANCE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

/// Periodic database housekeeping for as long as the server runs: keeps SQLite's
/// write-ahead log from growing under steady load (see [`Store::checkpoint`]).
async fn maintain(store: Store) {
    let mut ticks = tokio::time::interval(MAINTENANCE_INTERVAL);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if let Err(err) = store.checkpoint().await {
            tracing::warn!(error = ?err, "database checkpoint failed; will retry");
        }
    }
}

/// `cairn worker`: grading workers without the web server, until Ctrl-C or SIGTERM.
pub async fn run_workers(settings: &Settings) -> anyhow::Result<()> {
    let content_dir = settings.content_dir.clone();
    let catalog = tokio::task::spawn_blocking(move || content::load_catalog(&content_dir))
        .await
        .context("content loader panicked")??;
    let store = Store::open(&settings.database_url).await?;
    let metrics = Arc::new(Metrics::default());
    let metrics_server = match &settings.metrics_bind {
        Some(bind) => Some(serve_metrics(bind, metrics.clone(), store.clone())?.0),
        None => None,
    };
    let catalog = Arc::new(Live::new(catalog));
    let grader = start_grading(settings, &store, &catalog, 0, &metrics).await;
    if let Some(why) = grader.self_test_failure() {
        anyhow::bail!("cannot grade: the sandbox failed its self-test: {why}");
    }
    if let Some(server) = metrics_server {
        tokio::spawn(server);
    }
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot listen for SIGTERM")?;
    tokio::select! {
        stop = tokio::signal::ctrl_c() => stop.context("cannot wait for Ctrl-C")?,
        _ = terminate.recv() => {}
    }
    tracing::info!(
        "stopping; jobs in progress are graded again when a worker restarts here, or after their lease"
    );
    store.close().await;
    Ok(())
}

/// Proves the sandbox confines code, then starts the grading workers; if it does not,
/// Python submissions are refused with the reason and nothing runs unsandboxed.
async fn start_grading(
    settings: &Settings,
    store: &Store,
    catalog: &Arc<Live<Catalog>>,
    port: u16,
    metrics: &Arc<Metrics>,
) -> GraderState {
    let nudge = Arc::new(tokio::sync::Notify::new());
    let finished = Arc::new(tokio::sync::Notify::new());
    let environments = Arc::new(Builds::new(
        settings.environments_dir.clone(),
        "/usr/bin/python3",
    ));
    // Builds are named after Python's version, read by running it: once, here, rather
    // than in the first request that asks whether an environment is built.
    let reading = environments.clone();
    let _ = tokio::task::spawn_blocking(move || reading.python_version().is_some()).await;
    let confined = settings.grader_sandbox != "none";
    let sandbox = Arc::new(Sandbox {
        bwrap: settings.bwrap.clone(),
        confined,
        ..Sandbox::with_limits(Limits {
            cpu_seconds: settings.grader_cpu_seconds,
            wall: std::time::Duration::from_secs(settings.grader_wall_seconds),
            memory_bytes: settings.grader_memory_mb << 20,
            scratch_bytes: settings.grader_scratch_mb << 20,
            scratch_files: settings.grader_scratch_files,
            ..Limits::default()
        })
    });
    let probe = sandbox.clone();
    // A host file the sandbox must not see, and this server's own port.
    let secret = settings.content_dir.join("path.toml");
    let checked = if confined {
        tokio::task::spawn_blocking(move || {
            let secret = std::fs::canonicalize(&secret).unwrap_or(secret);
            crate::grader::self_test::self_test(&probe, &secret, port)
        })
        .await
        .unwrap_or_else(|err| Err(format!("the self-test panicked: {err}")))
    } else {
        tracing::warn!(
            "grader_sandbox = \"none\": learners' code runs WITHOUT a sandbox, with this server's \
             permissions, network and files; use this only for one learner on their own machine"
        );
        Ok(())
    };
    let unavailable = match checked {
        Ok(()) => {
            // Zero is allowed: grading then happens only in `cairn worker` processes.
            let workers = settings.grader_workers;
            Grading {
                store: store.clone(),
                catalog: catalog.clone(),
                sandbox,
                nudge: nudge.clone(),
                finished: finished.clone(),
                metrics: metrics.clone(),
                environments: environments.clone(),
                pool: crate::grader::warm::Pool::new(workers.max(1)),
            }
            .start_workers(workers);
            tracing::info!(workers, "sandbox confined; grading workers started");
            None
        }
        Err(why) => {
            tracing::warn!(reason = %why, "Python grading unavailable: the sandbox failed its self-test");
            Some(why)
        }
    };
    GraderState::new(nudge, finished, unavailable, environments)
}
