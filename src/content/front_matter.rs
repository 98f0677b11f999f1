//! Front matter and TOML files, parsed without touching the disk.
//!
//! A lesson is `+++`, a TOML table, `+++`, then Markdown. [`split`] finds the two parts
//! and remembers on which line each starts; [`parse_toml`] deserialises a TOML text and
//! turns any error into a [`Problem`] with the file, the absolute line and the field.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use super::problems::{line_of, Problem, Severity};

/// Front matter of a lesson file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonMeta {
    /// Becomes [`Lesson::title`](crate::content::catalog::Lesson::title).
    pub title: String,
    /// Becomes the lesson's one-line summary.
    pub summary: String,
    /// Author's estimate of the time the lesson takes.
    pub estimated_minutes: Option<u32>,
    /// What the learner will be able to do afterwards; may be empty.
    #[serde(default)]
    pub objectives: Vec<String>,
}

/// `module.toml`: a module's title, summary and prerequisites.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleMeta {
    /// The module's title.
    pub title: String,
    /// One line for the module's card.
    pub summary: String,
    /// Slugs of modules recommended first, with spans to point at unknown ones.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// Author's estimate of the time the module takes.
    pub estimated_hours: Option<f64>,
}

/// `path.toml`: the learning path and its module order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathMeta {
    /// The path's title.
    pub title: String,
    /// Markdown introducing the path on the home page.
    pub description: String,
    /// Module folder names in path order, with spans to point at unknown ones.
    pub modules: Vec<Spanned<String>>,
    /// Percent of a task's points a correct answer earns by attempt (`[100, 70, 50]`,
    /// the last value repeating), for every task without a `points` list of its own.
    pub attempt_credit: Option<Spanned<Vec<u32>>>,
}

/// A lesson file cut into its front matter and its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the fences.
    pub front: &'a str,
    /// Line on which the front matter's first line sits.
    pub front_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Line on which the body's first line sits.
    pub body_line: usize,
}

/// Cuts `source` at its `+++` fences; the error carries the line to report.
pub fn split(source: &str) -> Result<Split<'_>, (usize, String)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(rest) = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))
    else {
        return Err((
            1,
            "missing front matter: a lesson must start with a `+++` line, then TOML fields, then `+++`"
                .into(),
        ));
    };
    let front_start = source.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                front,
                front_line: 2,
                body,
                body_line: line_of(source, front_start + offset + line.len()),
            });
        }
        offset += line.len();
    }
    Err((1, "unterminated front matter: no closing `+++` line".into()))
}

/// Deserialises `text` (which starts on `first_line` of `file`) as `T`.
pub fn parse_toml<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Problem> {
    toml::from_str(text).map_err(|err| {
        let message = err.message().trim().to_owned();
        let span = err.span();
        let line = span
            .clone()
            .map(|s| first_line + line_of(text, s.start) - 1)
            .unwrap_or(first_line);
        let field = field_named_in(&message).or_else(|| span.and_then(|s| key_at(text, s.start)));
        Problem {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: Some(line),
            field,
            message,
        }
    })
}

/// serde names the field in backticks: "unknown field `titel`", "missing field `title`".
fn field_named_in(message: &str) -> Option<String> {
    if !message.contains("field") {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// The key assigned on the line holding `offset`, for type errors such as a string where
/// a number belongs.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn split_finds_front_matter_and_body_lines() {
        let src = "+++\ntitle = \"A\"\nsummary = \"B\"\n+++\n# Body\n";
        let split = split(src).unwrap();
        assert_eq!(split.front, "title = \"A\"\nsummary = \"B\"\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn missing_front_matter_is_reported_on_line_one() {
        let err = split("# Just markdown\n").unwrap_err();
        assert_eq!(err.0, 1);
        assert!(err.1.contains("missing front matter"));
    }

    #[test]
    fn unterminated_front_matter_is_reported() {
        assert!(split("+++\ntitle = \"x\"\n")
            .unwrap_err()
            .1
            .contains("unterminated"));
    }

    #[test]
    fn unknown_field_names_field_and_absolute_line() {
        let text = "title = \"A\"\nsummary = \"B\"\ntitel = \"typo\"\n";
        let problem = parse_toml::<LessonMeta>(text, &PathBuf::from("l.md"), 2).unwrap_err();
        assert_eq!(problem.field.as_deref(), Some("titel"));
        assert_eq!(problem.line, Some(4));
    }

    #[test]
    fn missing_field_is_named() {
        let problem =
            parse_toml::<LessonMeta>("title = \"A\"\n", &PathBuf::from("l.md"), 2).unwrap_err();
        assert_eq!(problem.field.as_deref(), Some("summary"));
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = "title = \"A\"\nsummary = \"B\"\nestimated_minutes = \"ten\"\n";
        let problem = parse_toml::<LessonMeta>(text, &PathBuf::from("l.md"), 2).unwrap_err();
        assert_eq!(problem.field.as_deref(), Some("estimated_minutes"));
        assert_eq!(problem.line, Some(4));
    }
}
