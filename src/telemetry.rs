//! Logging: `tracing` to stderr, filtered by `RUST_LOG` (default `info`).
//!
//! Request logs come from `tracing-actix-web` with a request id per request; handlers
//! log user ids, never passwords, tokens or session ids.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls are ignored (tests call it often).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,actix_server=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
