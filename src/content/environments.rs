//! Python environments an instructor declares for exercises that need packages.
//!
//! Each folder `environments/<name>/` of the content holds a `requirements.txt` whose
//! every requirement is pinned with `==` (a `--hash` option per line is allowed), so a
//! build is the same on every grader, and may hold an `environment.toml` naming the
//! modules to import in warm sandboxes before a job arrives (`warm = ["numpy"]`). A Python task selects one with
//! `environment = "<name>"`. Reading is pure but for listing and reading the files;
//! building the environment is the grader's business (`grader::environments`), keyed
//! by [`Environment::key`], which changes whenever the requirements do.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::problems::Problems;

/// The folder of the content that holds environments (not a module).
pub const FOLDER: &str = "environments";

/// One declared environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// Folder name; tasks pick the environment by it.
    pub name: String,
    /// `requirements.txt`, as written.
    pub requirements: String,
    /// Modules a warm sandbox imports before its job arrives.
    pub warm: Vec<String>,
}

/// `environment.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(default)]
    warm: Vec<String>,
}

impl Environment {
    /// A name for the build of these requirements: the environment's name and the
    /// first 16 hex digits of the SHA-256 of its requirements and Python's version line.
    pub fn key(&self, python_version: &str) -> String {
        let mut hash = Sha256::new();
        hash.update(python_version.as_bytes());
        hash.update([0]);
        hash.update(self.requirements.as_bytes());
        let digest = hex::encode(hash.finalize());
        format!("{}-{}", self.name, &digest[..16])
    }
}

/// Reads every `environments/<name>/requirements.txt` under `root`.
pub fn read(root: &Path, problems: &mut Problems) -> BTreeMap<String, Environment> {
    let mut found = BTreeMap::new();
    let Ok(entries) = fs::read_dir(root.join(FOLDER)) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        let file = entry.path().join("requirements.txt");
        if !is_name(&name) {
            problems.error(
                &entry.path(),
                None,
                "environment names use lowercase letters, digits and '-' only",
            );
            continue;
        }
        let requirements = match fs::read_to_string(&file) {
            Ok(text) => text,
            Err(err) => {
                problems.error(&file, None, format!("cannot read the requirements: {err}"));
                continue;
            }
        };
        let mut fine = true;
        for (number, line) in requirements.lines().enumerate() {
            if let Err(why) = check_line(line) {
                problems.error(&file, Some(number + 1), why);
                fine = false;
            }
        }
        let warm = read_settings(&entry.path().join("environment.toml"), problems);
        if let (true, Some(warm)) = (fine, warm) {
            found.insert(
                name.clone(),
                Environment {
                    name,
                    requirements,
                    warm,
                },
            );
        }
    }
    found
}

/// The warm modules of an optional `environment.toml`; `None` after a problem.
fn read_settings(file: &Path, problems: &mut Problems) -> Option<Vec<String>> {
    let Ok(text) = fs::read_to_string(file) else {
        return Some(Vec::new());
    };
    let settings: Settings = match toml::from_str(&text) {
        Ok(settings) => settings,
        Err(err) => {
            let line = err
                .span()
                .map(|span| super::problems::line_of(&text, span.start));
            problems.error(file, line, err.message().to_owned());
            return None;
        }
    };
    for module in &settings.warm {
        let valid = !module.is_empty()
            && module.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if !valid {
            problems.field_error(
                file,
                None,
                "warm",
                format!("`{module}` is not a module name"),
            );
            return None;
        }
    }
    Some(settings.warm)
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A line is blank, a comment, or `package[extras]==version` with optional `--hash=`
/// options and environment markers.
fn check_line(line: &str) -> Result<(), String> {
    let line = line.split(" #").next().unwrap_or("").trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(());
    }
    if line.starts_with('-') {
        return Err(format!(
            "`{line}`: options are not allowed here; pin each package as name==version"
        ));
    }
    let requirement = line.split_whitespace().next().unwrap_or("");
    let requirement = requirement.split(';').next().unwrap_or("");
    let Some((name, version)) = requirement.split_once("==") else {
        return Err(format!(
            "`{line}` is not pinned: write name==version so every grader builds the same environment"
        ));
    };
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.[],".contains(c));
    let version_ok = !version.is_empty()
        && !version.contains('*')
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+!-".contains(c));
    let options_ok = line
        .split_whitespace()
        .skip(1)
        .all(|option| option.starts_with("--hash=") || option.starts_with(';'));
    if name_ok && version_ok && options_ok {
        Ok(())
    } else {
        Err(format!(
            "`{line}`: expected name==version, optionally followed by --hash=sha256:..."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_requirements_pass_and_loose_ones_say_why() {
        for good in [
            "numpy==2.2.6",
            "dask[dataframe]==2025.1.0",
            "# a comment",
            "",
            "pandas==2.2.3 --hash=sha256:abc",
            "pytz==2025.2  # for pandas",
        ] {
            assert_eq!(check_line(good), Ok(()), "{good}");
        }
        for bad in [
            "numpy",
            "numpy>=2",
            "numpy==2.*",
            "-r other.txt",
            "numpy==2 --index-url x",
        ] {
            assert!(check_line(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_key_changes_with_the_requirements_and_the_python() {
        let env = |requirements: &str| Environment {
            name: "science".into(),
            requirements: requirements.into(),
            warm: Vec::new(),
        };
        let a = env("numpy==2.2.6\n");
        assert!(a.key("3.11.2").starts_with("science-"));
        assert_eq!(a.key("3.11.2"), env("numpy==2.2.6\n").key("3.11.2"));
        assert_ne!(a.key("3.11.2"), env("numpy==2.2.5\n").key("3.11.2"));
        assert_ne!(a.key("3.11.2"), a.key("3.12.0"));
    }
}
