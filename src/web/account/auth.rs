//! Sign-up, sign-in and sign-out.
//!
//! Passwords are hashed and verified on the blocking pool. An unknown username and a
//! wrong password produce the same page and cost the same argon2 work (a dummy hash is
//! verified). Failed sign-ins are counted per username in the database, so the limit
//! holds across replicas. Each sign-in mints a new session id; sign-out deletes the
//! session on the server.

use actix_web::cookie::Cookie;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::accounts::create::{self, CreateError, NewAccount};
use crate::accounts::{csrf, password, session, throttle, validation, Role};
use crate::config::registration::Registration;
use crate::web::error::AppError;
use crate::web::extract::{
    anonymous_csrf, expired_session_cookie, now, session_cookie, Checked, CsrfForm,
};
use crate::web::respond::Base;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{invite_refusal, INVITE_UNKNOWN};

/// `?next=` on the sign-in and sign-up pages (and `?code=`, an invite, on sign-up).
#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    code: String,
}

/// Only same-site paths are followed after sign-in, never another host.
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.chars().any(char::is_control) {
        next
    } else {
        "/"
    }
}

#[derive(Serialize, Default)]
struct FormValues<'a> {
    username: &'a str,
    email: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct AuthPage<'a> {
    form: FormValues<'a>,
    errors: Vec<String>,
    /// Why the password was refused, shown again next to its field.
    password_error: Option<&'static str>,
    /// Why the username or email was refused, next to its field.
    username_error: Option<&'static str>,
    email_error: Option<&'static str>,
    next: &'a str,
    /// `open`, `invite-only` or `closed`.
    registration: &'static str,
}

/// Renders the sign-in or sign-up page with `status`, setting the anonymous CSRF cookie.
fn auth_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    template: &str,
    status: StatusCode,
    view: &AuthPage<'_>,
) -> Result<HttpResponse, AppError> {
    let (token, new_cookie) = match viewer.signed_in() {
        Some(s) => (s.csrf.clone(), None),
        None => anonymous_csrf(req, state),
    };
    let base = Base::new(state, req, viewer, &token);
    let body = state.templates.get().render(template, &base, view)?;
    let mut response = HttpResponse::build(status);
    if let Some(cookie) = new_cookie {
        response.cookie(cookie);
    }
    Ok(response.content_type("text/html; charset=utf-8").body(body))
}

/// `GET /signup`.
pub async fn show_signup(
    req: HttpRequest,
    query: web::Query<NextQuery>,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let view = AuthPage {
        form: FormValues {
            code: clip(query.code.trim(), 100),
            ..FormValues::default()
        },
        errors: vec![],
        password_error: None,
        username_error: None,
        email_error: None,
        next: safe_next(&query.next),
        registration: state.registration().await?.as_str(),
    };
    auth_page(&state, &req, &viewer, "signup.html", StatusCode::OK, &view)
}

/// `GET /login`.
pub async fn show_login(
    req: HttpRequest,
    query: web::Query<NextQuery>,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let view = AuthPage {
        form: FormValues::default(),
        errors: vec![],
        password_error: None,
        username_error: None,
        email_error: None,
        next: safe_next(&query.next),
        registration: state.registration().await?.as_str(),
    };
    auth_page(&state, &req, &viewer, "login.html", StatusCode::OK, &view)
}

/// The sign-up form.
#[derive(Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// An invite code: required in invite-only mode, optional when sign-up is open.
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for SignupForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn verify_password(password: String, phc: String) -> Result<bool, AppError> {
    web::block(move || password::verify(&password, &phc))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// `POST /signup`: creates a learner account and signs it in. With an invite code the
/// account joins that cohort in the same transaction; a code that admits no one leaves
/// no account behind. Closed registration refuses every sign-up.
pub async fn sign_up(
    req: HttpRequest,
    Checked { viewer, form }: Checked<SignupForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let mode = state.registration().await?;
    let code = form.code.trim();
    let next = safe_next(&form.next).to_owned();
    let password_error = match mode {
        Registration::Closed => None,
        _ => create::weak_password(&form.password, &[&form.username, &form.email])
            .await
            .map_err(AppError::Internal)?,
    };
    let username = validation::username(&form.username);
    let email = validation::email(&form.email);
    let username_error = username.as_ref().err().copied();
    let email_error = email.as_ref().err().copied();
    let retry = |errors: Vec<String>, status| {
        let view = AuthPage {
            form: FormValues {
                username: clip(&form.username, 200),
                email: clip(&form.email, 300),
                code: clip(code, 100),
            },
            errors,
            password_error,
            username_error,
            email_error,
            next: &next,
            registration: mode.as_str(),
        };
        auth_page(&state, &req, &viewer, "signup.html", status, &view)
    };
    if mode == Registration::Closed {
        return retry(
            vec!["Sign-up is closed on this site. Ask its administrator for an account.".into()],
            StatusCode::FORBIDDEN,
        );
    }
    let mut errors: Vec<String> = [username_error, email_error, password_error]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    if mode == Registration::InviteOnly && code.is_empty() {
        errors.push("Enter the invite code your instructor gave you: this site admits learners by invitation.".into());
    } else if code.chars().count() > 100 {
        errors.push(INVITE_UNKNOWN.into());
    }
    let (Ok(username), Ok(email)) = (username, email) else {
        return retry(errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if !errors.is_empty() {
        return retry(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // A code that admits no one is refused before the password is hashed, so made-up
    // codes cost the server a database read, not an argon2 run.
    if !code.is_empty() {
        if let Some(refused) = state.store.invite_refusal(code, now()).await? {
            return retry(
                vec![invite_refusal(&refused).into()],
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    let account = NewAccount {
        username: &username,
        email: email.as_deref(),
        password: form.password.clone(),
        role: Role::Learner,
    };
    let invite = (!code.is_empty()).then_some(code);
    let user_id = match create::create(&state.store, account, invite, now()).await {
        Ok(id) => id,
        Err(CreateError::Invite(refused)) => {
            return retry(
                vec![invite_refusal(&refused).into()],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(CreateError::Taken) => {
            return retry(
                vec!["That username is taken. Choose another.".into()],
                StatusCode::CONFLICT,
            );
        }
        Err(err) => return Err(AppError::Internal(err.into())),
    };
    tracing::info!(user_id, invited = !code.is_empty(), "account created");
    start_session(&state, &viewer, user_id, &next).await
}

/// Keeps echoed form values bounded (an overlong field is still shown, clipped).
fn clip(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Replaces any current session with a new one and redirects to `next`.
async fn start_session(
    state: &AppState,
    viewer: &Viewer,
    user_id: i64,
    next: &str,
) -> Result<HttpResponse, AppError> {
    if let Some(old) = viewer.signed_in() {
        state.store.delete_session(&old.token_hash).await?;
    }
    let now = now();
    let policy = state.site.sessions;
    state
        .store
        .delete_expired_sessions(now - policy.idle, now - policy.absolute)
        .await?;
    let token = session::new_token();
    state
        .store
        .insert_session(
            &session::hash_token(&token),
            user_id,
            &csrf::new_token(),
            now,
        )
        .await?;
    Ok(HttpResponse::SeeOther()
        .cookie(session_cookie(state, token))
        .cookie(remove_cookie(
            &state.site.csrf_cookie,
            state.site.secure_cookies,
        ))
        .insert_header((header::LOCATION, next.to_owned()))
        .finish())
}

fn remove_cookie(name: &str, secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(name.to_owned(), "")
        .path("/")
        .secure(secure)
        .finish();
    cookie.make_removal();
    cookie
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for LoginForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

const SIGN_IN_FAILED: &str = "Incorrect username or password.";

/// `POST /login`.
pub async fn log_in(
    req: HttpRequest,
    Checked { viewer, form }: Checked<LoginForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&form.next).to_owned();
    let mode = state.registration().await?;
    let retry = |message: String, status| {
        let view = AuthPage {
            form: FormValues {
                username: clip(&form.username, 200),
                ..FormValues::default()
            },
            errors: vec![message],
            password_error: None,
            username_error: None,
            email_error: None,
            next: &next,
            registration: mode.as_str(),
        };
        auth_page(&state, &req, &viewer, "login.html", status, &view)
    };
    let key = crate::store::username_key(&form.username);
    if key.is_empty() || form.password.is_empty() {
        return retry(
            "Enter your username and password.".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let now = now();
    let throttle_state = state.store.throttle(&key).await?;
    if throttle_state.blocked_until > now {
        let wait = throttle_state.blocked_until - now;
        tracing::warn!("sign-in refused: throttled username");
        state.metrics.signin_failed();
        let message =
            format!("Too many failed sign-ins for this username. Try again in {wait} seconds.");
        let mut response = retry(message, StatusCode::TOO_MANY_REQUESTS)?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
        return Ok(response);
    }
    // Overlong input cannot match an account; check it anyway so timing stays the same.
    let record = if validation::password_length(&form.password).is_ok() {
        state.store.login_record(&key).await?
    } else {
        None
    };
    let phc = record.as_ref().map_or_else(
        || password::dummy_hash().to_owned(),
        |r| r.password_hash.clone(),
    );
    let verified = verify_password(form.password.clone(), phc).await?;
    match record {
        Some(record) if verified && record.disabled => {
            tracing::warn!(user_id = record.id, "sign-in refused: account disabled");
            state.metrics.signin_failed();
            retry(
                "This account has been disabled. Contact the site's administrator.".into(),
                StatusCode::FORBIDDEN,
            )
        }
        Some(record) if verified => {
            state.store.clear_failures(&key).await?;
            tracing::info!(user_id = record.id, "signed in");
            start_session(&state, &viewer, record.id, &next).await
        }
        _ => {
            state
                .store
                .record_failure(&key, now, throttle::WINDOW, throttle::block_seconds)
                .await?;
            tracing::warn!("sign-in failed");
            state.metrics.signin_failed();
            retry(SIGN_IN_FAILED.into(), StatusCode::UNAUTHORIZED)
        }
    }
}

/// The sign-out form.
#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for LogoutForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /logout`: revokes the session on the server and clears the cookie.
pub async fn log_out(
    Checked { viewer, .. }: Checked<LogoutForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if let Some(session) = viewer.signed_in() {
        state.store.delete_session(&session.token_hash).await?;
        tracing::info!(user_id = session.user_id, "signed out");
    }
    Ok(HttpResponse::SeeOther()
        .cookie(expired_session_cookie(&state))
        .insert_header((header::LOCATION, "/"))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next("/learn/a/b"), "/learn/a/b");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
