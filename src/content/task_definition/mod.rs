//! Task definitions: TOML in, [`Task`] out, with every problem located.
//!
//! One struct, [`TaskFile`], holds the fields of every kind (unknown fields are rejected
//! by serde). [`compile`] checks the fields all kinds share, renders the Markdown fields
//! with the same pipeline as lessons, reports fields that belong to another kind, then
//! hands the rest to the kind's own file (`choice`, `numeric`, `text`, `python`), which
//! lists the fields it owns and compiles them into the kind's [`Kind`] variant.
//!
//! This is the content loader's side of tasks: it reads TOML and Markdown, while
//! [`crate::tasks`] holds the task types and checks answers without knowing either.

mod choice;
mod numeric;
mod python;
mod text;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::front_matter;
use super::markdown::{self, LinkResolver};
use super::problems::{line_of, Problems};
use crate::tasks::{Kind, Task};

pub use choice::OptionFile;
pub use numeric::{AnswerFile, ParamFile, RangeFile};

/// The kinds `kind` may name.
pub const KINDS: &[&str] = &[choice::KIND, numeric::KIND, text::KIND, python::KIND];

/// Each kind with the fields only it uses, in the order unused fields are reported;
/// every kind's file is the one place its fields are listed.
const KIND_FIELDS: &[(&str, FieldsOf)] = &[
    (choice::KIND, choice::fields),
    (numeric::KIND, numeric::fields),
    (text::KIND, text::fields),
    (python::KIND, python::fields),
];

/// A kind's fields, each with whether a task file sets it.
type FieldsOf = fn(&TaskFile) -> Vec<(&'static str, bool)>;

/// A task's TOML, every kind's fields together (each kind's file says which are its).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFile {
    /// Required in an inline task; in a task file it may only repeat the file name.
    pub id: Option<Spanned<String>>,
    /// `choice`, `numeric`, `text` or `python`: picks which fields apply.
    pub kind: Spanned<String>,
    /// Shown above the prompt.
    pub title: String,
    /// Markdown stating what the learner must do.
    pub prompt: String,
    /// Markdown hints, revealed one at a time.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Markdown shown once the task is solved.
    pub explanation: Option<String>,
    /// What a correct answer earns; see [`PointsFile`].
    #[serde(default)]
    pub points: PointsFile,
    /// Whether the task counts toward completing its lesson (default yes).
    #[serde(default = "yes")]
    pub required: bool,
    /// Attempts allowed before the task locks; no limit when absent.
    pub max_attempts: Option<u32>,
    // choice
    /// Choice: the options, with a span to point at when they are wrong.
    pub options: Option<Spanned<Vec<OptionFile>>>,
    /// Choice: show the options in a per-learner order.
    pub shuffle: Option<bool>,
    // numeric
    /// Numeric: the expected number, or an expression over `params`.
    pub answer: Option<Spanned<AnswerFile>>,
    /// Numeric: largest absolute difference still accepted.
    pub tolerance: Option<f64>,
    /// Numeric: largest difference accepted, as a fraction of the answer.
    pub relative_tolerance: Option<f64>,
    /// Numeric: shown after the input box.
    pub unit: Option<String>,
    /// Numeric: parameters each learner gets their own values of.
    pub params: Option<Spanned<BTreeMap<String, ParamFile>>>,
    // text
    /// Text: the answers accepted as they are.
    pub accepted: Option<Vec<String>>,
    /// Text: a regular expression an accepted answer matches.
    pub pattern: Option<Spanned<String>>,
    /// Text: compare case as well (default no).
    pub case_sensitive: Option<bool>,
    // python
    /// Python: the learner's file name, such as `solution.py`.
    pub file: Option<String>,
    /// Python: test files the learner may read; the others stay hidden.
    pub visible_tests: Option<Spanned<Vec<String>>>,
    /// Python: show assertion and exception messages to the learner.
    pub show_messages: Option<bool>,
    /// Python: CPU limit, within the operator's maximum.
    pub cpu_seconds: Option<u64>,
    /// Python: memory limit, within the operator's maximum.
    pub memory_mb: Option<u64>,
    /// Python: name of a folder under `environments/` to run in.
    pub environment: Option<String>,
    /// Python: run the file as a program (`["python", "<file>", args...]`).
    pub run: Option<Vec<String>>,
    /// Python: copies of the program started at once (with `run` only).
    pub processes: Option<u32>,
}

/// `points = 10`, or points by attempt, `points = [10, 7, 5]` (the last value repeats).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PointsFile {
    /// The same points whatever the attempt.
    One(u32),
    /// Points for the first, second, ... attempt; the last repeats.
    ByAttempt(Vec<u32>),
}

impl Default for PointsFile {
    fn default() -> Self {
        Self::One(1)
    }
}

fn yes() -> bool {
    true
}

/// Where a task's TOML sits, to turn spans into lines of the right file.
pub struct Origin<'a> {
    /// The file problems are reported against (`task.toml`, or the lesson).
    pub file: &'a Path,
    /// The TOML text (the file, or the body of an inline block).
    pub text: &'a str,
    /// Line of `text`'s first line within `file`.
    pub first_line: usize,
    /// The other files of a task folder (`starter.py`, `tests/test_x.py`...), by path.
    pub folder: Option<&'a BTreeMap<String, String>>,
}

impl Origin<'_> {
    fn line(&self, offset: usize) -> Option<usize> {
        Some(self.first_line + line_of(self.text, offset) - 1)
    }
}

/// Parses and compiles one task; `None` (with problems recorded) if it is unusable.
pub fn load(
    origin: &Origin<'_>,
    module: &str,
    default_name: Option<&str>,
    links: &dyn LinkResolver,
    problems: &mut Problems,
) -> Option<Task> {
    let file: TaskFile = match front_matter::parse_toml(origin.text, origin.file, origin.first_line)
    {
        Ok(file) => file,
        Err(problem) => {
            problems.add(problem);
            return None;
        }
    };
    compile(file, origin, module, default_name, links, problems)
}

/// Checks a parsed task against its kind and builds the [`Task`].
pub fn compile(
    file: TaskFile,
    origin: &Origin<'_>,
    module: &str,
    default_name: Option<&str>,
    links: &dyn LinkResolver,
    problems: &mut Problems,
) -> Option<Task> {
    let errors_before = problems.error_count();
    let name = match (&file.id, default_name) {
        (Some(id), Some(stem)) if id.get_ref() != stem => {
            problems.field_error(
                origin.file,
                origin.line(id.span().start),
                "id",
                format!(
                    "`{}` differs from the file name `{stem}`; remove `id` or make them equal",
                    id.get_ref()
                ),
            );
            None
        }
        (Some(id), _) => Some(id.get_ref().clone()),
        (None, Some(stem)) => Some(stem.to_owned()),
        (None, None) => {
            problems.field_error(
                origin.file,
                Some(origin.first_line),
                "id",
                "an inline task needs an `id`",
            );
            None
        }
    };
    if let Some(name) = &name {
        if !is_task_name(name) {
            problems.field_error(
                origin.file,
                Some(origin.first_line),
                "id",
                "task ids use lowercase letters, digits and '-'",
            );
        }
    }
    let kind = file.kind.get_ref().as_str();
    let kind_line = origin.line(file.kind.span().start);
    let render = |text: &str, field: &str, problems: &mut Problems| {
        if text.contains(['\u{8}', '\u{c}']) {
            problems.field_error(
                origin.file,
                kind_line,
                field,
                "holds a control character: in a \"\"\"...\"\"\" string `\\f` and `\\b` (as in `\\frac`, `\\beta`) are escapes; write LaTeX in '''...''' strings",
            );
        }
        if let Some(bad) = spaced_placeholder(text) {
            problems.field_error(
                origin.file,
                kind_line,
                field,
                format!(
                    "`{bad}` is shown as written: placeholders have no spaces, like {{{{name}}}}"
                ),
            );
        }
        let (rendered, issues) = markdown::render(text, links);
        for issue in issues {
            problems.field_error(origin.file, kind_line, field, issue.message);
        }
        rendered.html
    };
    let prompt_html = render(&file.prompt, "prompt", problems);
    let hints_html = file
        .hints
        .iter()
        .map(|h| render(h, "hints", problems))
        .collect();
    let explanation_html = file
        .explanation
        .as_deref()
        .map(|e| render(e, "explanation", problems));
    if file.max_attempts == Some(0) {
        problems.field_error(
            origin.file,
            None,
            "max_attempts",
            "must be at least 1 (leave it out for no limit)",
        );
    }
    let attempt_points = match &file.points {
        PointsFile::One(points) => vec![*points],
        PointsFile::ByAttempt(list) => list.clone(),
    };
    if attempt_points.is_empty() || attempt_points.windows(2).any(|w| w[1] > w[0]) {
        problems.field_error(
            origin.file,
            None,
            "points",
            "a list of points needs at least one value, none larger than the one before",
        );
    }
    if KINDS.contains(&kind) {
        report_unused(&file, origin, kind, problems);
    }
    let kind = match kind {
        choice::KIND => choice::compile(&file, origin, &render, problems).map(Kind::Choice),
        numeric::KIND => numeric::compile(&file, origin, &prompt_html, problems).map(Kind::Numeric),
        text::KIND => text::compile(&file, origin, problems).map(Kind::Text),
        python::KIND => python::compile(&file, origin, problems).map(Kind::Python),
        other => {
            problems.field_error(
                origin.file,
                kind_line,
                "kind",
                format!("unknown kind `{other}`; use one of: {}", KINDS.join(", ")),
            );
            None
        }
    };
    if problems.error_count() > errors_before {
        return None;
    }
    let name = name?;
    Some(Task {
        id: format!("{module}/{name}"),
        name,
        title: file.title,
        prompt_html,
        hints_html,
        explanation_html,
        points: attempt_points.first().copied().unwrap_or_default(),
        attempt_points,
        required: file.required,
        max_attempts: file.max_attempts,
        kind: kind?,
        content_hash: hex::encode(Sha256::digest(origin.text.as_bytes())),
        source: origin.file.to_path_buf(),
    })
}

/// A `{{ name }}` placeholder written with spaces, which is not filled in.
fn spaced_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let end = start + rest[start..].find("}}")? + 2;
        let inner = &rest[start + 2..end - 2];
        if inner != inner.trim() && is_identifier(inner.trim()) {
            return Some(rest[start..end].to_owned());
        }
        rest = &rest[end..];
    }
    None
}

/// Task ids: lowercase letters, digits and '-'.
pub fn is_task_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Reports fields set on a task whose kind does not use them.
fn report_unused(file: &TaskFile, origin: &Origin<'_>, kind: &str, problems: &mut Problems) {
    for (owner, fields) in KIND_FIELDS {
        if *owner == kind {
            continue;
        }
        for (field, set) in fields(file) {
            if set {
                problems.field_error(
                    origin.file,
                    None,
                    field,
                    format!("`{field}` is not used by {kind} tasks; it belongs to {owner} tasks"),
                );
            }
        }
    }
}

/// A name usable as a parameter or Python module: a letter or '_', then letters,
/// digits and '_'.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
