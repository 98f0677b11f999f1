//! Tera, loaded at start (and again by `--watch`), and the context every page shares.
//!
//! Pages hand [`Templates::render`] a small `Serialize` struct of their own; the
//! [`Base`] (site name, theme, signed-in user, CSRF token, current path) is merged in
//! here so no page can forget it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::markdown::escape_html;
use crate::web::error::AppError;
use crate::web::static_files::walk;

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
        base: &impl Serialize,
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
        statics: &crate::web::static_files::StaticFiles,
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
