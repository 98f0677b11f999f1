//! Snapshot tests of rendered HTML with `insta`: a test cuts a page down to the region
//! it is about (`main_of`, or a task's `<section>`), then asserts it inside
//! `redacted(...)`, whose filters replace what differs between runs (CSRF tokens,
//! generated usernames, invite codes, dates, ids, ports) so one accepted snapshot holds
//! on every run and on both SQLite and PostgreSQL. Accepted snapshots live in
//! `tests/api/snapshots/`; with `INSTA_UPDATE=no` (as CI runs) a changed page fails
//! the test instead of writing a new snapshot.

/// The `<main>` element of a page in the site layout: the page's own content, without
/// the header and footer every page shares.
pub(crate) fn main_of(body: &str) -> &str {
    let start = body
        .find("<main id=\"main\"")
        .unwrap_or_else(|| panic!("a <main> element in:\n{body}"));
    let end = start + body[start..].find("</main>").expect("</main>") + "</main>".len();
    &body[start..end]
}

/// Snapshot settings whose filters redact volatile parts; `what` says in the snapshot
/// file which request, as whom, produced it. `names` maps a value this test generated
/// (a username) to the placeholder it shows as, so a snapshot with two learners still
/// tells them apart; any other generated username shows as `[learner]`.
pub(crate) fn redacted(what: &str, names: &[(&str, &str)]) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(what);
    settings.set_omit_expression(true);
    for (value, placeholder) in names {
        settings.add_filter(&regex::escape(value), *placeholder);
    }
    for (pattern, replacement) in [
        (
            r#"name="csrf" value="[^"]*""#,
            r#"name="csrf" value="[csrf]""#,
        ),
        (r"learner_[0-9a-f]{16}", "[learner]"),
        (
            r#"class="invite-code">[^<]*<"#,
            r#"class="invite-code">[code]<"#,
        ),
        (
            r"\d{4}-\d{2}-\d{2}(T| )\d{2}:\d{2}(:\d{2})?( UTC|Z)?",
            "[date]",
        ),
        (r"/teach/cohorts/\d+", "/teach/cohorts/[id]"),
        (r"/learners/\d+", "/learners/[id]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
    ] {
        settings.add_filter(pattern, replacement);
    }
    settings
}

/// The `<section>` element that holds `id="ID"` (on itself or a child), up to its end.
pub(crate) fn section_of<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("id {id} on the page"));
    let start = body[..at].rfind("<section").expect("inside a <section>");
    let end = start + body[start..].find("</section>").expect("</section>") + "</section>".len();
    &body[start..end]
}
