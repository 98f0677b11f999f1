//! The one Markdown pipeline, `content::markdown::render`, on any text.
//!
//! The input is a lesson body (or a task prompt, hint or option: they render the same
//! way). It is rendered twice: keeping every link as written, and through a resolver
//! that rewrites relative `.md` links and reports the rest broken, like the loader's.
//! Headings, code highlighting with syntect, math with pulldown-latex and GitHub alerts
//! all run here; the helpers the pipeline exports (`slugify`, `escape_html`) too. Content
//! is written by instructors and edited live under `--watch`, so nothing here may panic.
#![no_main]

use cairn::content::markdown::{escape_html, render, slugify, KeepLinks, LinkResolver};
use libfuzzer_sys::fuzz_target;

/// Rewrites `x.md#y` to a site URL, keeps absolute URLs and fragments, reports the rest,
/// so both the rewriting and the issue paths run.
struct SiteLinks;

impl LinkResolver for SiteLinks {
    fn resolve(&self, dest: &str, _is_image: bool) -> Result<Option<String>, String> {
        if dest.starts_with('#') || dest.contains("://") {
            return Ok(None);
        }
        match dest.split_once(".md") {
            Some((page, anchor)) => Ok(Some(format!("/learn/fuzz/{page}{anchor}"))),
            None => Err(format!("broken link `{dest}`")),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let _ = render(source, &KeepLinks);
    let _ = render(source, &SiteLinks);
    let _ = slugify(source);
    let _ = escape_html(source);
});
