//! Text tasks: accepted answers compared after normalising, or an anchored pattern.

use super::{Origin, TaskFile};
use crate::content::problems::Problems;
use crate::tasks::check::normalise;
use crate::tasks::Text;

/// The kind name `kind = "text"` selects.
pub(super) const KIND: &str = "text";

/// The fields only text tasks use, each with whether `file` sets it: the one list the
/// check for fields of another kind reads.
pub(super) fn fields(file: &TaskFile) -> Vec<(&'static str, bool)> {
    vec![
        ("accepted", file.accepted.is_some()),
        ("pattern", file.pattern.is_some()),
        ("case_sensitive", file.case_sensitive.is_some()),
    ]
}

/// Normalises the accepted answers and compiles the pattern.
pub(super) fn compile(
    file: &TaskFile,
    origin: &Origin<'_>,
    problems: &mut Problems,
) -> Option<Text> {
    let case_sensitive = file.case_sensitive.unwrap_or(false);
    let accepted: Vec<String> = file
        .accepted
        .iter()
        .flatten()
        .map(|a| normalise(a, case_sensitive))
        .filter(|a| !a.is_empty())
        .collect();
    let pattern = file.pattern.as_ref().and_then(|pattern| {
        let anchored = format!("^(?:{})$", pattern.get_ref());
        match regex::RegexBuilder::new(&anchored)
            .case_insensitive(!case_sensitive)
            .size_limit(1 << 20)
            .build()
        {
            Ok(regex) => Some(regex),
            Err(err) => {
                problems.field_error(
                    origin.file,
                    origin.line(pattern.span().start),
                    "pattern",
                    format!("the regular expression does not compile: {err}"),
                );
                None
            }
        }
    });
    if accepted.is_empty() && file.pattern.is_none() {
        problems.field_error(
            origin.file,
            None,
            "accepted",
            "a text task needs `accepted` answers or a `pattern`",
        );
        return None;
    }
    Some(Text {
        accepted,
        pattern,
        case_sensitive,
    })
}
