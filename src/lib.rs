//! Cairn: a self-hosted learning-path server.
//!
//! The map of the crate's layers, top first. A module uses only modules of the rows
//! below its own, so dependencies point one way; `tests/layers.rs` checks this table
//! against every `crate::` path in `src/`, and that no files or folders import each
//! other in a circle.
//!
//! | layer | modules | what it holds |
//! |---|---|---|
//! | entry points | `cli`, `startup` | the command line, and building the server once |
//! | HTTP | `web` | routes, extractors, pages: with `startup`, the only code that knows actix-web |
//! | grading | `grader` | the sandbox, the harness and the queue's workers |
//! | domain | `accounts`, `progress`, `metrics` | workflows and rules over the store: creating accounts, completing lessons, the cohort matrix |
//! | storage | `store` | the database: the only module that writes SQL |
//! | content | `content` | loading, checking and rendering `content/`, task definitions included |
//! | tasks | `tasks` | task types, per-learner variants and checking answers |
//! | base | `config`, `clock`, `live`, `telemetry` | settings and small shared types |

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
