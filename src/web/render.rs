//! Tera, loaded once, and the context every page shares.
//!
//! Pages hand [`Templates::render`] a small `Serialize` struct of their own; the
//! [`Base`] (site name, signed-in user, CSRF token, current path) is merged in here so
//! no page can forget it.

use std::path::Path;

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use anyhow::Context as _;
use serde::Serialize;
use tera::{Context, Tera};

use super::error::AppError;
use super::identity::Viewer;
use super::AppState;
use crate::content::markdown::escape_html;

/// The compiled templates.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles every `*.html` under `dir`; a syntax error stops start-up.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let glob = format!("{}/**/*.html", dir.display());
        let mut tera = Tera::new(&glob)
            .with_context(|| format!("cannot load templates from {}", dir.display()))?;
        // Escape what HTML needs (& < > " '); Tera's default also rewrites `/`, which
        // makes every URL in a page harder to read without making it safer.
        tera.set_escape_fn(escape_html);
        anyhow::ensure!(
            tera.get_template_names().any(|n| n == "base.html"),
            "no base.html in {}",
            dir.display()
        );
        Ok(Self { tera })
    }

    /// Renders `name` with the shared context and the page's own.
    pub fn render(
        &self,
        name: &str,
        base: &Base<'_>,
        page: &impl Serialize,
    ) -> Result<String, AppError> {
        let mut context = Context::from_serialize(base)?;
        context.extend(Context::from_serialize(page)?);
        Ok(self.tera.render(name, &context)?)
    }
}

/// The signed-in user as templates see it.
#[derive(Serialize)]
pub struct UserView<'a> {
    pub username: &'a str,
    pub role: &'a str,
}

/// Context every template receives.
#[derive(Serialize)]
pub struct Base<'a> {
    pub site_name: &'a str,
    pub path_title: &'a str,
    pub user: Option<UserView<'a>>,
    pub csrf: &'a str,
    pub request_path: &'a str,
}

impl<'a> Base<'a> {
    /// The context for a page seen by `viewer`, with its CSRF token.
    pub fn new(
        state: &'a AppState,
        req: &'a HttpRequest,
        viewer: &'a Viewer,
        csrf: &'a str,
    ) -> Self {
        Self {
            site_name: &state.site.name,
            path_title: &state.catalog.title,
            user: viewer.signed_in().map(|s| UserView {
                username: &s.username,
                role: &s.role,
            }),
            csrf,
            request_path: req.path(),
        }
    }
}

/// A 200 HTML response.
pub fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// Renders a page for a signed-in or anonymous viewer in one call.
pub fn page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    name: &str,
    page: &impl Serialize,
) -> Result<HttpResponse, AppError> {
    let csrf = viewer.signed_in().map_or("", |s| s.csrf.as_str());
    let base = Base::new(state, req, viewer, csrf);
    Ok(html(state.templates.render(name, &base, page)?))
}

/// The page an anonymous reader would get for this URL, if it was rendered before.
pub fn cached_page(state: &AppState, req: &HttpRequest, viewer: &Viewer) -> Option<HttpResponse> {
    if viewer.signed_in().is_some() {
        return None;
    }
    state.pages.get(req.path()).map(html_bytes)
}

/// Like [`page`], and keeps an anonymous reader's page for the next one.
pub fn reading_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    name: &str,
    page: &impl Serialize,
) -> Result<HttpResponse, AppError> {
    if viewer.signed_in().is_some() {
        return self::page(state, req, viewer, name, page);
    }
    let base = Base::new(state, req, viewer, "");
    let body = Bytes::from(state.templates.render(name, &base, page)?);
    state.pages.insert(req.path(), body.clone());
    Ok(html_bytes(body))
}

fn html_bytes(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}
