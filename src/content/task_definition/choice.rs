//! Choice tasks: `[[options]]`, one or several correct, optionally shuffled.

use super::{Origin, TaskFile};
use crate::content::problems::Problems;
use crate::tasks::{Choice, ChoiceOption};

/// The kind name `kind = "choice"` selects.
pub(super) const KIND: &str = "choice";

/// The fields only choice tasks use, each with whether `file` sets it: the one list
/// the check for fields of another kind reads.
pub(super) fn fields(file: &TaskFile) -> Vec<(&'static str, bool)> {
    vec![
        ("options", file.options.is_some()),
        ("shuffle", file.shuffle.is_some()),
    ]
}

/// One option of a choice task, as written in `[[options]]`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    /// Markdown shown as the option.
    pub text: String,
    /// Whether choosing this option is (part of) the right answer.
    #[serde(default)]
    pub correct: bool,
    /// Markdown shown to a learner who chose this option.
    pub feedback: Option<String>,
}

/// Checks the options and renders their text and feedback.
pub(super) fn compile(
    file: &TaskFile,
    origin: &Origin<'_>,
    render: &dyn Fn(&str, &str, &mut Problems) -> String,
    problems: &mut Problems,
) -> Option<Choice> {
    let Some(options) = &file.options else {
        problems.field_error(
            origin.file,
            None,
            "options",
            "a choice task needs `[[options]]`",
        );
        return None;
    };
    let line = origin.line(options.span().start);
    let options = options.get_ref();
    let correct = options.iter().filter(|o| o.correct).count();
    if options.len() < 2 {
        problems.field_error(
            origin.file,
            line,
            "options",
            "a choice task needs at least two options",
        );
    }
    if correct == 0 {
        problems.field_error(
            origin.file,
            line,
            "options",
            "no option is marked `correct = true`",
        );
    }
    let options = options
        .iter()
        .map(|o| ChoiceOption {
            html: render(&o.text, "options", problems),
            correct: o.correct,
            feedback_html: o
                .feedback
                .as_deref()
                .map(|f| render(f, "options", problems)),
        })
        .collect();
    Some(Choice {
        options,
        multiple: correct > 1,
        shuffle: file.shuffle.unwrap_or(false),
    })
}
