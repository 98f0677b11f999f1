//! Administration: the users list, creating accounts, disabling and enabling them
//! (disabling signs the user out everywhere at once), resetting passwords (which also
//! signs them out), deleting a user with everything they own, changing roles, and the
//! registration mode. Every handler takes an [`Admin`], so only admins reach it.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::accounts::create::{self, CreateError, NewAccount};
use crate::accounts::{validation, Role};
use crate::config::registration::Registration;
use crate::web::error::AppError;
use crate::web::extract::{now, Checked, CsrfForm};
use crate::web::respond::page;
use crate::web::state::AppState;
use crate::web::viewer::Admin;

#[derive(Serialize)]
struct UsersPage<'a> {
    users: Vec<UserView>,
    registration: &'static str,
    modes: Vec<&'static str>,
    /// What was typed into the new-account form, when it is shown again with errors.
    form: NewUserValues<'a>,
    errors: Vec<String>,
}

#[derive(Serialize, Default)]
struct NewUserValues<'a> {
    username: &'a str,
    email: &'a str,
    role: &'a str,
    /// Why the first password was refused, shown next to its field.
    password_error: Option<&'static str>,
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
    users_page(&req, &admin, &state, NewUserValues::default(), vec![]).await
}

async fn users_page(
    req: &HttpRequest,
    admin: &Admin,
    state: &AppState,
    form: NewUserValues<'_>,
    errors: Vec<String>,
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
    let view = UsersPage {
        users,
        registration: state.registration().await?.as_str(),
        modes: Registration::ALL.iter().map(|m| m.as_str()).collect(),
        form,
        errors,
    };
    page(state, req, &admin.viewer, "admin_users.html", &view)
}

/// The new-account form.
#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

impl CsrfForm for NewUserForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/users`: creates an account with a role and a first password.
pub async fn create_user(
    req: HttpRequest,
    admin: Admin,
    form: Checked<NewUserForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = form.form;
    let mut errors = Vec::new();
    let username = validation::username(&form.username)
        .map_err(|e| errors.push(e.to_owned()))
        .ok();
    let email = validation::email(&form.email)
        .map_err(|e| errors.push(e.to_owned()))
        .ok()
        .flatten();
    let role = form
        .role
        .parse::<Role>()
        .map_err(|_| errors.push("Choose learner, instructor or admin.".to_owned()))
        .ok();
    let password_error = create::weak_password(&form.password, &[&form.username, &form.email])
        .await
        .map_err(AppError::Internal)?;
    errors.extend(password_error.map(str::to_owned));
    let values = NewUserValues {
        username: clip(&form.username),
        email: clip(&form.email),
        role: clip(&form.role),
        password_error,
    };
    let (Some(username), Some(role), true) = (username, role, errors.is_empty()) else {
        let mut response = users_page(&req, &admin, &state, values, errors).await?;
        *response.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    };
    let account = NewAccount {
        username: &username,
        email: email.as_deref(),
        password: form.password.clone(),
        role,
    };
    let user_id = match create::create(&state.store, account, None, now()).await {
        Ok(id) => id,
        Err(CreateError::Taken) => {
            let errors = vec!["That username is taken. Choose another.".to_owned()];
            let mut response = users_page(&req, &admin, &state, values, errors).await?;
            *response.status_mut() = actix_web::http::StatusCode::CONFLICT;
            return Ok(response);
        }
        Err(err) => return Err(AppError::Internal(err.into())),
    };
    tracing::info!(
        admin = admin.session.user_id,
        user_id,
        role = role.as_str(),
        "account created by an admin"
    );
    Ok(to_user(user_id))
}

/// Echoed form values stay short.
fn clip(text: &str) -> &str {
    text.char_indices()
        .nth(200)
        .map_or(text, |(i, _)| &text[..i])
}

fn to_user(user_id: i64) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/admin/users#user-{user_id}")))
        .finish()
}

/// The registration-mode form.
#[derive(Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    mode: String,
}

impl CsrfForm for RegistrationForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/registration`: open, invite-only or closed, for every replica at once.
pub async fn set_registration(
    admin: Admin,
    form: Checked<RegistrationForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let mode: Registration = form
        .form
        .mode
        .parse()
        .map_err(|_| AppError::BadRequest("Choose open, invite-only or closed.".to_owned()))?;
    state.store.set_registration(mode).await?;
    tracing::info!(admin = admin.session.user_id, %mode, "registration mode changed");
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/admin/users#registration"))
        .finish())
}

/// A change to one user.
#[derive(Deserialize)]
pub struct UserChangeForm {
    #[serde(default)]
    csrf: String,
    /// `disable`, `enable`, `delete`, `role` or `password`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    role: String,
    /// The new password, for `password`.
    #[serde(default)]
    password: String,
}

impl CsrfForm for UserChangeForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/users/{id}`: disable, enable, delete, change role or reset password.
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
        "password" => {
            let username = state
                .store
                .username(user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if let Some(weak) = create::weak_password(&form.password, &[&username])
                .await
                .map_err(AppError::Internal)?
            {
                return Err(AppError::BadRequest(weak.to_owned()));
            }
            let hash = create::hash_password(form.password.clone())
                .await
                .map_err(AppError::Internal)?;
            state.store.set_password(user_id, &hash).await?
        }
        _ => return Err(AppError::BadRequest("Unknown change.".to_owned())),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = admin.session.user_id, user_id, action = %form.action, "user changed");
    Ok(to_user(user_id))
}
