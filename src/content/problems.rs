//! Problems found in the content folder, and the report that lists them.
//!
//! Loading never stops at the first problem: every step pushes what it finds into a
//! [`Problems`] list so an instructor sees everything wrong with a module at once, each
//! entry naming the file, the line and (where there is one) the field.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors refuse the catalog, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Refuses the catalog: the server will not start or reload on it.
    Error,
    /// Reported to the author; the catalog still loads.
    Warning,
}

/// One thing wrong with the content, located as precisely as the source allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Whether it blocks loading.
    pub severity: Severity,
    /// The file at fault, relative to the content folder where possible.
    pub file: PathBuf,
    /// 1-based line; `None` when the problem concerns a whole file or folder.
    pub line: Option<usize>,
    /// The front-matter or TOML field concerned, if any.
    pub field: Option<String>,
    /// What is wrong, for the author.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        // One problem per line, so CI annotations and grep see it whole.
        let message: Vec<&str> = self
            .message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        write!(f, ": {}", message.join(" "))
    }
}

/// The list of problems a load collected, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// Records an error at `file:line`.
    pub fn error(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, file, line, None, message.into());
    }

    /// Records an error about one field at `file:line`.
    pub fn field_error(
        &mut self,
        file: &Path,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) {
        self.push(
            Severity::Error,
            file,
            line,
            Some(field.to_owned()),
            message.into(),
        );
    }

    /// Records a warning at `file:line`.
    pub fn warning(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, file, line, None, message.into());
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        line: Option<usize>,
        field: Option<String>,
        message: String,
    ) {
        self.0.push(Problem {
            severity,
            file: file.to_path_buf(),
            line,
            field,
            message,
        });
    }

    /// Appends a fully formed problem.
    pub fn add(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Moves every problem of `other` to the end of this list.
    pub fn append(&mut self, mut other: Problems) {
        self.0.append(&mut other.0);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|p| p.severity == Severity::Error)
    }

    /// Every problem, errors and warnings, in the order found.
    pub fn all(&self) -> &[Problem] {
        &self.0
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// Turns a byte offset in `text` into a 1-based line number.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
