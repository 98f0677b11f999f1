//! The integration suite: each test starts the real server on a random port with a
//! fresh database (SQLite by default; PostgreSQL when `CAIRN_TEST_POSTGRES` holds an
//! admin URL) and drives it over HTTP.

mod admin;
mod auth;
mod cli;
mod cohort_views;
mod cohorts;
mod content;
mod csrf_routes;
mod environments;
mod exercises;
mod feedback;
mod helpers;
mod methods;
mod metrics;
mod pages;
mod passwords;
mod progress;
mod queue;
mod registration;
mod replicas;
mod sandbox_attacks;
mod search;
mod security;
mod snapshot;
mod task_content;
mod task_leaks;
mod tasks;
mod theming;
mod try_runs;
