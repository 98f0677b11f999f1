//! Cairn: a self-hosted learning-path server.
//!
//! Map of the crate, one line per module. Dependencies point one way:
//! `web` -> `accounts` / `progress` / `content` -> plain types; only `store` writes SQL;
//! only `web` and `startup` know about actix-web.

/// Accounts: password hashing, session and CSRF tokens, sign-in throttling, validation.
pub mod accounts;
/// Command-line operations other than serving: `check`, `migrate`, `user`.
pub mod cli;
/// The clock times are stored by: Unix seconds.
pub mod clock;
/// Settings from defaults, `cairn.toml`, the environment and flags.
pub mod config;
/// Lesson content: loading, validating and rendering the `content/` folder.
pub mod content;
/// Running untrusted code: the bubblewrap sandbox.
pub mod grader;
/// A value replaced whole while the server runs (the catalog and templates under `--watch`).
pub mod live;
/// Request, grading and sign-in figures for `/metrics` (Prometheus text format).
pub mod metrics;
/// Progress rules: statuses, percentages, soft locks and "continue".
pub mod progress;
/// Builds the application and the HTTP server once.
pub mod startup;
/// The database: one store over SQLite or PostgreSQL, and its migrations.
pub mod store;
/// Checkable tasks: definitions, per-learner variants and checking answers.
pub mod tasks;
/// Logging setup.
pub mod telemetry;
/// The HTTP layer: routes, extractors, pages.
pub mod web;
