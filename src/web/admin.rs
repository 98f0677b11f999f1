//! Administration: the users list, disabling and enabling accounts (disabling signs
//! the user out everywhere at once), deleting a user with everything they own, and
//! changing roles. Every handler takes an
//! [`Admin`], so only admins reach it.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::identity::{now, Admin, Checked, CsrfForm};
use super::render::page;
use super::AppState;
use crate::accounts::Role;

#[derive(Serialize)]
struct UsersPage {
    users: Vec<UserView>,
}

#[derive(Serialize)]
struct UserView {
    id: i64,
    username: String,
    email: Option<String>,
    role: String,
    disabled: bool,
    is_me: bool,
}

/// `GET /admin/users`.
pub async fn show_users(
    req: HttpRequest,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let me = admin.session.user_id;
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserView {
            is_me: u.id == me,
            id: u.id,
            username: u.username,
            email: u.email,
            role: u.role,
            disabled: u.disabled,
        })
        .collect();
    page(
        &state,
        &req,
        &admin.viewer,
        "admin_users.html",
        &UsersPage { users },
    )
}

/// A change to one user.
#[derive(Deserialize)]
pub struct UserChangeForm {
    #[serde(default)]
    csrf: String,
    /// `disable`, `enable`, `delete` or `role`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    role: String,
}

impl CsrfForm for UserChangeForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/users/{id}`: disable, enable, or change role.
pub async fn change_user(
    admin: Admin,
    path: web::Path<i64>,
    form: Checked<UserChangeForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user_id = path.into_inner();
    if user_id == admin.session.user_id {
        return Err(AppError::BadRequest(
            "You cannot disable yourself or change your own role; ask another admin.".to_owned(),
        ));
    }
    let form = form.form;
    let found = match form.action.as_str() {
        "disable" => state.store.set_disabled(user_id, true, now()).await?,
        "enable" => state.store.set_disabled(user_id, false, now()).await?,
        "delete" => state.store.delete_user(user_id).await?,
        "role" => {
            let role: Role = form.role.parse().map_err(|_| {
                AppError::BadRequest("Choose learner, instructor or admin.".to_owned())
            })?;
            state.store.set_role(user_id, role.as_str()).await?
        }
        _ => return Err(AppError::BadRequest("Unknown change.".to_owned())),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = admin.session.user_id, user_id, action = %form.action, "user changed");
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/admin/users#user-{user_id}")))
        .finish())
}
