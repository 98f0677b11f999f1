//! The one Markdown pipeline: every caller renders through [`render`] so lessons, the
//! path description and (later) task prompts all look and behave the same.
//!
//! Steps, in one pass over pulldown-cmark's events:
//! 1. [`options`] switches on tables, footnotes, strikethrough, task lists, GitHub alerts,
//!    heading attributes and math.
//! 2. Headings get a stable id, an anchor link, and an entry in the table of contents.
//! 3. Fenced code is highlighted on the server with syntect into `hl-*` classes, so the
//!    stylesheet picks colours for light and dark themes and no script is needed.
//! 4. `$…$` and `$$…$$` become MathML with pulldown-latex.
//! 5. Links and images go through a [`LinkResolver`], which rewrites relative `.md`
//!    links to site URLs and reports broken ones.
//! 6. GitHub alerts become labelled `<div class="alert alert-…">` boxes.
//!
//! Problems (broken links, bad math) come back with the byte offset where they occur, so
//! the loader can turn them into file and line.
//!
//! This file holds the pass over the events (steps 1, 2 and 5); `blocks` renders what
//! steps 3, 4 and 6 turn code, math and alerts into.

mod blocks;

use std::collections::HashMap;

use blocks::{alert_label, highlight, math};
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

/// One table-of-contents entry: a level-2 or level-3 heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 or 3, for indenting the contents.
    pub level: u8,
    /// The heading's anchor, unique within the page.
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

/// HTML ready to be placed in a template, with its table of contents.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML; each ```` ```task ```` block is left as [`TASK_MARK`] followed by its
    /// index in `tasks` and another [`TASK_MARK`], for the loader to split on.
    pub html: String,
    /// The level-2 and level-3 headings, in order.
    pub toc: Vec<TocEntry>,
    /// Task blocks in order; the numbers after [`TASK_MARK`] index them.
    pub tasks: Vec<TaskFence>,
}

/// A ```` ```task ```` block: a task id, or an inline task's TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFence {
    /// Byte offset of the body in the Markdown source.
    pub offset: usize,
    /// The block's text: a task id, or an inline task's TOML.
    pub body: String,
}

/// Marks where a task block sat in [`Rendered::html`]. Markdown cannot produce it:
/// pulldown-cmark replaces U+0000 in its input, as CommonMark requires.
pub const TASK_MARK: char = '\u{0}';

/// Something in the Markdown that the author must fix, at a byte offset of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownIssue {
    /// Where in the source, turned into a line for the report.
    pub offset: usize,
    /// The construct concerned (`link`, `image`, ...), reported as the field.
    pub field: &'static str,
    /// What is wrong and how to fix it, for the author.
    pub message: String,
}

/// Decides what a link or image destination becomes.
pub trait LinkResolver {
    /// `Ok(Some(url))` rewrites, `Ok(None)` keeps the destination, `Err` reports it broken.
    fn resolve(&self, dest: &str, is_image: bool) -> Result<Option<String>, String>;
}

/// Keeps every destination as written; for text with no relative links to check.
pub struct KeepLinks;

impl LinkResolver for KeepLinks {
    fn resolve(&self, _: &str, _: bool) -> Result<Option<String>, String> {
        Ok(None)
    }
}

/// The parser features Cairn supports, in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Element ids the page templates use; a heading with the same text gets a suffix
/// (`main-1`) so the skip link, status anchor and form fields keep working.
const RESERVED_IDS: &[&str] = &[
    "main",
    "content",
    "lesson-status",
    "mark-done",
    "path-progress",
    "username",
    "email",
    "password",
    "csrf",
    "next",
];

/// Renders `source` to HTML, collecting the issues the author must fix.
pub fn render(source: &str, links: &dyn LinkResolver) -> (Rendered, Vec<MarkdownIssue>) {
    let mut state = State {
        used_ids: RESERVED_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        ..State::default()
    };
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut events = Parser::new_ext(source, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let mut inner = Vec::new();
                for (event, _) in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(event);
                }
                state.heading(level, id, inner, &mut out);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                let mut body_offset = None;
                for (event, range) in events.by_ref() {
                    match event {
                        Event::Text(text) => {
                            body_offset.get_or_insert(range.start);
                            code.push_str(&text);
                        }
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                if lang == "task" {
                    let index = state.tasks.len();
                    state.tasks.push(TaskFence {
                        offset: body_offset.unwrap_or(range.start),
                        body: code,
                    });
                    out.push(Event::Html(format!("{TASK_MARK}{index}{TASK_MARK}").into()));
                } else {
                    out.push(Event::Html(highlight(&code, lang).into()));
                }
            }
            Event::InlineMath(tex) => match math(&tex, false) {
                Ok(mathml) => out.push(Event::InlineHtml(mathml.into())),
                Err(message) => state.issue(range.start, "math", message),
            },
            Event::DisplayMath(tex) => match math(&tex, true) {
                Ok(mathml) => out.push(Event::Html(mathml.into())),
                Err(message) => state.issue(range.start, "math", message),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = state.link(links, dest_url, false, range.start);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = state.link(links, dest_url, true, range.start);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert_label(kind);
                out.push(Event::Html(
                    format!(
                        "<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            // A task-list box is a mark, not a control: a named, disabled checkbox, so
            // assistive technology reads "done" or "not done" (axe: every input has a
            // label).
            Event::TaskListMarker(done) => out.push(Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                }
                .into(),
            )),
            other => out.push(other),
        }
    }
    let mut html_out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    (
        Rendered {
            html: html_out,
            toc: state.toc,
            tasks: state.tasks,
        },
        state.issues,
    )
}

#[derive(Default)]
struct State {
    toc: Vec<TocEntry>,
    tasks: Vec<TaskFence>,
    used_ids: HashMap<String, usize>,
    issues: Vec<MarkdownIssue>,
}

impl State {
    fn issue(&mut self, offset: usize, field: &'static str, message: String) {
        self.issues.push(MarkdownIssue {
            offset,
            field,
            message,
        });
    }

    fn link<'a>(
        &mut self,
        links: &dyn LinkResolver,
        dest: CowStr<'a>,
        is_image: bool,
        offset: usize,
    ) -> CowStr<'a> {
        match links.resolve(&dest, is_image) {
            Ok(Some(url)) => url.into(),
            Ok(None) => dest,
            Err(message) => {
                self.issue(offset, "link", message);
                dest
            }
        }
    }

    fn heading<'a>(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        inner: Vec<Event<'a>>,
        out: &mut Vec<Event<'a>>,
    ) {
        let text = plain_text(&inner);
        let base = explicit_id.map_or_else(|| slugify(&text), |id| id.to_string());
        let id = self.unique_id(base);
        let n = level as u8;
        if (2..=3).contains(&n) {
            self.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                text: text.clone(),
            });
        }
        let id = escape_html(&id);
        out.push(Event::Html(format!("<h{n} id=\"{id}\">").into()));
        out.extend(inner);
        let anchor = if n >= 2 {
            format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>")
        } else {
            String::new()
        };
        out.push(Event::Html(format!("{anchor}</h{n}>\n").into()));
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let count = self.used_ids.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{}", *count - 1)
        }
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Heading text to an anchor id: lowercase letters and digits, words joined by `-`,
/// the way Git hosts do it, so links written against a Git host keep working.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.push(c);
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let Some(first) = bytes
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut start = first;
    for (i, byte) in bytes.iter().enumerate().skip(first) {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(src: &str) -> String {
        let (rendered, issues) = render(src, &KeepLinks);
        assert!(issues.is_empty(), "{issues:?}");
        rendered.html
    }

    #[test]
    fn headings_get_ids_anchors_and_toc_entries() {
        let (rendered, _) = render("## Ring all-reduce\n\n### Cost\n\n## Cost\n", &KeepLinks);
        assert!(rendered.html.contains("<h2 id=\"ring-all-reduce\">Ring all-reduce <a class=\"anchor\" href=\"#ring-all-reduce\""));
        let ids: Vec<_> = rendered.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["ring-all-reduce", "cost", "cost-1"]);
        assert_eq!(rendered.toc[1].level, 3);
    }

    #[test]
    fn headings_never_take_an_id_the_page_layout_uses() {
        let (rendered, _) = render("## Main\n\n## Lesson status\n", &KeepLinks);
        assert!(rendered.html.contains("<h2 id=\"main-1\">"));
        assert!(rendered.html.contains("<h2 id=\"lesson-status-1\">"));
    }

    #[test]
    fn alerts_tables_footnotes_tasklists_strikethrough() {
        let out = html(
            "> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n\n- [x] done\n\n~~old~~\n",
        );
        assert!(out.contains(
            "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"
        ));
        assert!(out.contains("<table>"));
        assert!(out.contains("footnote-reference"));
        assert!(out.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\">"));
        assert!(out.contains("<del>old</del>"));
    }

    struct Rewrite;
    impl LinkResolver for Rewrite {
        fn resolve(&self, dest: &str, _: bool) -> Result<Option<String>, String> {
            match dest {
                "02-next.md" => Ok(Some("/learn/m/next".into())),
                "missing.md" => Err("no lesson missing.md".into()),
                _ => Ok(None),
            }
        }
    }

    #[test]
    fn links_are_rewritten_and_broken_ones_reported_with_offsets() {
        let src = "See [next](02-next.md).\n\nAnd [gone](missing.md).\n";
        let (rendered, issues) = render(src, &Rewrite);
        assert!(rendered.html.contains("href=\"/learn/m/next\""));
        assert_eq!(issues.len(), 1);
        assert_eq!(&src[issues[0].offset..issues[0].offset + 6], "[gone]");
    }

    #[test]
    fn escaping_covers_the_five_html_characters_and_keeps_the_rest() {
        assert_eq!(escape_html("plain ü text"), "plain ü text");
        assert_eq!(
            escape_html("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn slugify_matches_git_host_style() {
        assert_eq!(slugify("Why plain hashes fail!"), "why-plain-hashes-fail");
        assert_eq!(slugify("FIPS 203 (ML-KEM)"), "fips-203-ml-kem");
    }
}
