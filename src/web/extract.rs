//! Who is asking: the session cookie resolved to a signed-in user, and CSRF-checked forms.
//!
//! [`Viewer`] looks the session up once per request (cached in the request's
//! extensions). [`Checked`] is the only way a handler receives a form: it parses the
//! body and refuses it with 403 unless its `csrf` field matches the session's token (or,
//! before sign-in, the pre-session cookie), so a state-changing handler cannot forget
//! the check.

use std::future::{ready, Future};
use std::pin::Pin;
use std::sync::Arc;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;

use crate::accounts::Role;
use crate::accounts::{csrf, session};
use crate::web::error::AppError;
use crate::web::state::AppState;
use crate::web::viewer::{Admin, SignedIn, Teacher, Viewer};

/// The signed-in session if its role is one of `roles`, else 403.
fn with_role(
    viewer: &Viewer,
    roles: &[Role],
    refusal: &'static str,
) -> Result<Arc<SignedIn>, AppError> {
    match viewer.session_arc() {
        Some(session) if roles.contains(&session.role) => Ok(session),
        _ => Err(AppError::Forbidden(refusal)),
    }
}

impl FromRequest for Teacher {
    type Error = AppError;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let viewer = Viewer::from_request(req, payload);
        Box::pin(async move {
            let viewer = viewer.await?;
            let session = with_role(
                &viewer,
                &[Role::Instructor, Role::Admin],
                "This page is for instructors. Sign in with an instructor account.",
            )?;
            Ok(Teacher::new(viewer, session))
        })
    }
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let viewer = Viewer::from_request(req, payload);
        Box::pin(async move {
            let viewer = viewer.await?;
            let session = with_role(&viewer, &[Role::Admin], "This page is for administrators.")?;
            Ok(Admin { viewer, session })
        })
    }
}

pub use crate::clock::now;

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))
}

async fn look_up(req: &HttpRequest) -> Result<Viewer, AppError> {
    let state = state(req)?;
    let Some(cookie) = req.cookie(&state.site.session_cookie) else {
        return Ok(Viewer::anonymous());
    };
    let token_hash = session::hash_token(cookie.value());
    let Some(record) = state.store.session(&token_hash).await? else {
        return Ok(Viewer::anonymous());
    };
    let now = now();
    if !state.site.sessions.is_live(&record, now) {
        state.store.delete_session(&token_hash).await?;
        return Ok(Viewer::anonymous());
    }
    if state.site.sessions.needs_touch(&record, now) {
        state.store.touch_session(&token_hash, now).await?;
    }
    let role = record.role.parse::<Role>().map_err(|why| {
        AppError::Internal(anyhow::anyhow!("session of user {}: {why}", record.user_id))
    })?;
    Ok(Viewer::signed(Arc::new(SignedIn {
        token_hash,
        user_id: record.user_id,
        username: record.username,
        role,
        csrf: record.csrf_token,
        progress: record.progress,
    })))
}

type LocalFuture<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(viewer) = req.extensions().get::<Viewer>() {
            let viewer = viewer.clone();
            return Box::pin(ready(Ok(viewer)));
        }
        let req = req.clone();
        Box::pin(async move {
            let viewer = look_up(&req).await?;
            req.extensions_mut().insert(viewer.clone());
            Ok(viewer)
        })
    }
}

/// A form that carries a CSRF token.
pub trait CsrfForm {
    /// The submitted token.
    fn csrf(&self) -> &str;
}

/// A form whose CSRF token has been checked, with the viewer who sent it.
pub struct Checked<T> {
    /// Who sent the form.
    pub viewer: Viewer,
    /// The form's fields.
    pub form: T,
}

impl<T: DeserializeOwned + CsrfForm + 'static> FromRequest for Checked<T> {
    type Error = AppError;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = web::Form::<T>::from_request(req, payload);
        let viewer = Viewer::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let viewer = viewer.await?;
            let form = form.await.map_err(|_| unreadable_form())?.into_inner();
            check_csrf(&req, &viewer, form.csrf())?;
            Ok(Checked { viewer, form })
        })
    }
}

/// The refusal for a form that does not parse. actix's own message is left out: it
/// names internal types and limits, not what the reader can fix.
pub fn unreadable_form() -> AppError {
    AppError::BadRequest(
        "The form could not be read: a field is missing or not what this page sends. Reload the page and try again.".to_owned(),
    )
}

/// Whether `submitted` is the CSRF token this viewer's forms must repeat: the session's
/// when signed in, else the pre-session cookie's. Every state-changing request is
/// checked here, through [`Checked`] or the answer form.
pub fn check_csrf(req: &HttpRequest, viewer: &Viewer, submitted: &str) -> Result<(), AppError> {
    let expected = match viewer.signed_in() {
        Some(session) => Some(session.csrf.clone()),
        None => {
            let name = &state(req)?.site.csrf_cookie;
            req.cookie(name).map(|c| c.value().to_owned())
        }
    };
    match expected {
        Some(expected) if csrf::matches(&expected, submitted) => Ok(()),
        _ => Err(AppError::Forbidden(
            "This form has expired or did not come from this site. Reload the page and try again.",
        )),
    }
}

/// The token anonymous forms must repeat, and the cookie to set when it is new.
pub fn anonymous_csrf(req: &HttpRequest, state: &AppState) -> (String, Option<Cookie<'static>>) {
    if let Some(cookie) = req.cookie(&state.site.csrf_cookie) {
        if cookie.value().len() == 64 {
            return (cookie.value().to_owned(), None);
        }
    }
    let token = csrf::new_token();
    let cookie = Cookie::build(state.site.csrf_cookie.clone(), token.clone())
        .path("/")
        .http_only(true)
        .secure(state.site.secure_cookies)
        .same_site(SameSite::Strict)
        .finish();
    (token, Some(cookie))
}

/// The session cookie for a new session.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(state.site.session_cookie.clone(), token)
        .path("/")
        .http_only(true)
        .secure(state.site.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(
            state.site.sessions.absolute,
        ))
        .finish()
}

/// A cookie that tells the browser to forget the session.
pub fn expired_session_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(state, String::new());
    cookie.make_removal();
    cookie
}
