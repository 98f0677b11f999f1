//! Tera, loaded at start (and again by `--watch`), and the context every page shares.
//!
//! Pages hand [`Templates::render`] a small `Serialize` struct of their own; the
//! [`Base`] (site name, theme, signed-in user, CSRF token, current path) is merged in
//! here so no page can forget it.

use std::collections::BTreeMap;
use std::path::Path;

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use anyhow::Context as _;
use serde::Serialize;
use tera::{Context, Tera};

use super::error::AppError;
use super::files::walk;
use super::identity::Viewer;
use super::AppState;
use crate::content::markdown::escape_html;
use crate::content::Catalog;

/// The compiled templates.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles every `*.html` under `dir`, each replaced by the file of the same
    /// relative name under `theme` if there is one; a syntax error is an error naming
    /// the file (start-up stops; `--watch` keeps the templates it had).
    pub fn load(dir: &Path, theme: Option<&Path>) -> anyhow::Result<Self> {
        let mut files = BTreeMap::new();
        let mut keep = |name: String, path| {
            if name.ends_with(".html") {
                files.insert(name, path);
            }
        };
        walk(dir, "", &mut keep)
            .with_context(|| format!("cannot read templates from {}", dir.display()))?;
        if let Some(theme) = theme.filter(|t| t.is_dir()) {
            walk(theme, "", &mut keep)
                .with_context(|| format!("cannot read theme templates from {}", theme.display()))?;
        }
        anyhow::ensure!(
            files.contains_key("base.html"),
            "no base.html in {}",
            dir.display()
        );
        let mut tera = Tera::default();
        // Escape what HTML needs (& < > " '); Tera's default also rewrites `/`, which
        // makes every URL in a page harder to read without making it safer.
        tera.set_escape_fn(escape_html);
        tera.autoescape_on(vec![".html"]);
        tera.add_template_files(files.iter().map(|(name, path)| (path, Some(name))))
            .map_err(|err| anyhow::anyhow!("{}", tera_error_chain(&err)))
            .with_context(|| format!("cannot load templates from {}", dir.display()))?;
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

/// Tera's error and its causes on one line each: the cause holds the file and line.
fn tera_error_chain(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    text
}

/// The site's look from the configuration, prepared once at start.
#[derive(Debug, Default, Serialize)]
pub struct Theme {
    /// `/static/…` URL of the logo shown in the header.
    pub logo_url: Option<String>,
    /// `#rrggbb` for links, buttons and focus rings (validated by the configuration).
    pub accent: Option<String>,
    /// The footer's Markdown, rendered; HTML in it is shown as text.
    pub footer_html: Option<String>,
}

impl Theme {
    /// Checks that the logo is a file the static index serves, and renders the footer.
    pub fn new(
        logo: Option<&str>,
        accent: Option<&str>,
        footer: Option<&str>,
        statics: &super::files::StaticFiles,
    ) -> anyhow::Result<Self> {
        if let Some(logo) = logo {
            anyhow::ensure!(
                statics.contains(logo),
                "logo = \"{logo}\": there is no such file in the static folder (or the theme's static/)"
            );
        }
        Ok(Self {
            logo_url: logo.map(|l| format!("/static/{l}")),
            accent: accent.map(str::to_owned),
            footer_html: footer.map(footer_html),
        })
    }
}

/// Renders the operator's footer Markdown with the lessons' parser options; raw HTML
/// becomes text and only http(s), mailto, email autolinks and site-relative links are
/// kept.
fn footer_html(markdown: &str) -> String {
    use pulldown_cmark::{html, CowStr, Event, LinkType, Parser, Tag};
    let safe_link = |dest: &str| {
        let lower = dest.to_ascii_lowercase();
        ["http://", "https://", "mailto:", "/", "#"]
            .iter()
            .any(|p| lower.starts_with(p))
            && !lower.starts_with("//")
    };
    let options = crate::content::markdown::options();
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if link_type != LinkType::Email && !safe_link(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
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
    pub path_title: String,
    pub theme: &'a Theme,
    pub user: Option<UserView<'a>>,
    pub csrf: &'a str,
    pub request_path: &'a str,
    /// Why the last `--watch` reload failed; only instructors and admins see it.
    pub reload_problem: Option<String>,
}

impl<'a> Base<'a> {
    /// The context for a page seen by `viewer`, with its CSRF token.
    pub fn new(
        state: &'a AppState,
        req: &'a HttpRequest,
        viewer: &'a Viewer,
        csrf: &'a str,
    ) -> Self {
        let staff = viewer.is_staff();
        Self {
            site_name: &state.site.name,
            path_title: state.catalog.get().title.clone(),
            theme: &state.theme,
            reload_problem: if staff {
                state.reload_problem.read().ok().and_then(|p| p.clone())
            } else {
                None
            },
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
    Ok(html(state.templates.get().render(name, &base, page)?))
}

/// The page an anonymous reader would get for this URL, if it was rendered before.
pub fn cached_page(state: &AppState, req: &HttpRequest, viewer: &Viewer) -> Option<HttpResponse> {
    if viewer.signed_in().is_some() {
        return None;
    }
    state.pages.get(req.path()).map(html_bytes)
}

/// Like [`page`], and keeps an anonymous reader's page for the next one, unless
/// `--watch` replaced the `catalog` it was built from, or the templates, meanwhile.
pub fn reading_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    catalog: &Catalog,
    name: &str,
    page: &impl Serialize,
) -> Result<HttpResponse, AppError> {
    if viewer.signed_in().is_some() {
        return self::page(state, req, viewer, name, page);
    }
    let base = Base::new(state, req, viewer, "");
    let templates = state.templates.get();
    let body = Bytes::from(templates.render(name, &base, page)?);
    // Both are still the current versions: a reload swaps them before it clears the
    // cache, and this check runs under the cache's lock, so a page from an old version
    // is either refused here or removed by that clear.
    state.pages.insert(req.path(), body.clone(), || {
        std::ptr::eq(catalog, &*state.catalog.get())
            && std::sync::Arc::ptr_eq(&templates, &state.templates.get())
    });
    Ok(html_bytes(body))
}

fn html_bytes(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}
