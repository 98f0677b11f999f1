//! The HTTP layer: the only module besides `startup` that knows about actix-web.
//!
//! [`routes`] lists every address and the handler that answers it. Handlers live in one
//! folder per kind of user: [`learn`] (reading, answers, code submissions, search),
//! [`account`] (sign-up, sign-in, dashboard, data export), [`teach`] (cohorts, the
//! learner trail, exports) and [`admin`]. They stand on a shared floor that never
//! imports them: [`state`], [`error`], [`extract`] (who is asking, CSRF-checked forms),
//! [`templates`], [`respond`], [`forms`], [`task_reply`] and the view builders in
//! [`views`]. No handler file imports another handler file.

pub mod account;
pub mod admin;
pub mod cohort_access;
pub mod error;
pub mod error_page;
pub mod extract;
pub mod forms;
pub mod learn;
pub mod page_cache;
pub mod respond;
pub mod routes;
pub mod state;
pub mod static_files;
pub mod task_reply;
pub mod teach;
pub mod templates;
pub mod viewer;
pub mod views;
pub mod watch;
