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

use super::error::AppError;
use super::AppState;
use crate::accounts::{csrf, session};
use crate::store::ProgressRow;

/// A signed-in user's live session.
#[derive(Debug)]
pub struct SignedIn {
    pub token_hash: String,
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub csrf: String,
    /// The user's lesson progress as of this request.
    pub progress: Vec<ProgressRow>,
}

/// The request's viewer: signed in, or an anonymous reader.
#[derive(Debug, Clone, Default)]
pub struct Viewer(Option<Arc<SignedIn>>);

impl Viewer {
    /// The session, when signed in.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.0.as_deref()
    }

    /// An instructor or admin: they see what is wrong with the server (a failed reload,
    /// why grading is off), which learners and anonymous readers never do.
    pub fn is_staff(&self) -> bool {
        self.signed_in()
            .is_some_and(|s| s.role == "instructor" || s.role == "admin")
    }
}

/// A signed-in instructor or admin: the only way a handler gets to teaching pages, so a
/// missing role check cannot be forgotten in one of them.
pub struct Teacher {
    pub viewer: Viewer,
    session: Arc<SignedIn>,
}

impl Teacher {
    /// The session behind this capability.
    pub fn session(&self) -> &SignedIn {
        &self.session
    }

    /// Admins see every cohort; instructors only those they teach.
    pub fn is_admin(&self) -> bool {
        self.session().role == "admin"
    }
}

/// The signed-in session if its role is one of `roles`, else 403.
fn with_role(
    viewer: &Viewer,
    roles: &[&str],
    refusal: &'static str,
) -> Result<Arc<SignedIn>, AppError> {
    match viewer.0.clone() {
        Some(session) if roles.contains(&session.role.as_str()) => Ok(session),
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
                &["instructor", "admin"],
                "This page is for instructors. Sign in with an instructor account.",
            )?;
            Ok(Teacher { viewer, session })
        })
    }
}

/// A signed-in admin: the only way a handler gets to the administration pages.
pub struct Admin {
    pub viewer: Viewer,
    pub session: Arc<SignedIn>,
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let viewer = Viewer::from_request(req, payload);
        Box::pin(async move {
            let viewer = viewer.await?;
            let session = with_role(&viewer, &["admin"], "This page is for administrators.")?;
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
        return Ok(Viewer(None));
    };
    let token_hash = session::hash_token(cookie.value());
    let Some(record) = state.store.session(&token_hash).await? else {
        return Ok(Viewer(None));
    };
    let now = now();
    if !state.site.sessions.is_live(&record, now) {
        state.store.delete_session(&token_hash).await?;
        return Ok(Viewer(None));
    }
    if state.site.sessions.needs_touch(&record, now) {
        state.store.touch_session(&token_hash, now).await?;
    }
    Ok(Viewer(Some(Arc::new(SignedIn {
        token_hash,
        user_id: record.user_id,
        username: record.username,
        role: record.role,
        csrf: record.csrf_token,
        progress: record.progress,
    }))))
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
    pub viewer: Viewer,
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
            let form = form
                .await
                .map_err(|err| AppError::BadRequest(format!("The form could not be read: {err}.")))?
                .into_inner();
            let expected = match viewer.signed_in() {
                Some(session) => Some(session.csrf.clone()),
                None => {
                    let name = &state(&req)?.site.csrf_cookie;
                    req.cookie(name).map(|c| c.value().to_owned())
                }
            };
            match expected {
                Some(expected) if csrf::matches(&expected, form.csrf()) => Ok(Checked { viewer, form }),
                _ => Err(AppError::Forbidden(
                    "This form has expired or did not come from this site. Reload the page and try again.",
                )),
            }
        })
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
