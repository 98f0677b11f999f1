//! A user's own account: signing up, in and out, the dashboard and the data export.

pub mod auth;
pub mod dashboard;
