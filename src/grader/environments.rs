//! Building and finding the Python environments exercises run in.
//!
//! A build is a virtual environment made with the host's `python3` (the interpreter
//! the sandbox binds from `/usr`) under the environments folder (`environments_dir`,
//! `data/environments` by default), in a subfolder named by
//! [`Environment::key`]: the environment's name and a hash of its requirements and of
//! Python's version. So a build is reused until its requirements change, and a changed
//! environment is never graded with stale packages. A build is made in a temporary
//! folder and renamed into place once complete, so a folder with the final name is
//! always whole. Packages come from PyPI with `uv` when it is installed and `pip`
//! otherwise, or from a folder of wheels (`--offline`) for graders without internet.
//! The sandbox binds a build read-only at `/env` and runs `/env/bin/python3`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{bail, Context};

use crate::content::environments::Environment;

/// The file that marks a finished build.
const COMPLETE: &str = ".cairn-complete";

/// Where builds live, and the interpreter they are made from.
#[derive(Debug)]
pub struct Builds {
    /// Folder holding one virtual environment per built environment.
    pub dir: PathBuf,
    /// The interpreter environments are built from.
    pub python: PathBuf,
    version: OnceLock<Option<String>>,
}

impl Builds {
    /// Builds under `dir`, made with `python` (a path under `/usr`).
    pub fn new(dir: impl Into<PathBuf>, python: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            python: python.into(),
            version: OnceLock::new(),
        }
    }

    /// The interpreter's full version line, part of each build's key. Read once, by
    /// running the interpreter: a server calls it at start, on a blocking thread, so no
    /// request waits for it.
    pub fn python_version(&self) -> Option<&str> {
        self.version
            .get_or_init(|| {
                let output = Command::new(&self.python)
                    .args(["-c", "import sys; print(sys.version)"])
                    .output()
                    .ok()?;
                output
                    .status
                    .success()
                    .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            })
            .as_deref()
    }

    /// The folder a build of `environment` has, finished or not.
    pub fn folder(&self, environment: &Environment) -> Option<PathBuf> {
        let version = self.python_version()?;
        Some(self.dir.join(environment.key(version)))
    }

    /// The finished build of `environment`, if there is one, as an absolute path (the
    /// sandbox starts from `/`).
    pub fn locate(&self, environment: &Environment) -> Option<PathBuf> {
        let folder = self.folder(environment)?;
        if !folder.join(COMPLETE).is_file() {
            return None;
        }
        std::fs::canonicalize(folder).ok()
    }

    /// Builds `environment` unless a finished build exists; returns its folder and
    /// whether it was already there. Progress goes to `log`.
    pub fn build(
        &self,
        environment: &Environment,
        wheels: Option<&Path>,
        log: &mut impl Write,
    ) -> anyhow::Result<(PathBuf, bool)> {
        let folder = self
            .folder(environment)
            .with_context(|| format!("cannot run {}", self.python.display()))?;
        if folder.join(COMPLETE).is_file() {
            return Ok((folder, true));
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let partial = self.dir.join(format!(
            ".{}.partial-{}",
            environment.name,
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&partial);
        writeln!(log, "{}: creating a virtual environment", environment.name)?;
        run(Command::new(&self.python)
            .arg("-m")
            .arg("venv")
            .arg(&partial))?;
        let requirements = partial.join("requirements.txt");
        std::fs::write(&requirements, &environment.requirements)
            .context("cannot write requirements.txt")?;
        writeln!(
            log,
            "{}: installing {} package(s){}",
            environment.name,
            pinned_count(&environment.requirements),
            wheels.map_or(String::new(), |w| format!(" from {}", w.display()))
        )?;
        run(&mut self.installer(&partial, &requirements, wheels))?;
        std::fs::write(partial.join(COMPLETE), "")?;
        match std::fs::rename(&partial, &folder) {
            Ok(()) => {}
            // Another build of the same requirements finished first: keep that one.
            Err(_) if folder.join(COMPLETE).is_file() => {
                let _ = std::fs::remove_dir_all(&partial);
            }
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("cannot move the build to {}", folder.display()))
            }
        }
        writeln!(log, "{}: built in {}", environment.name, folder.display())?;
        Ok((folder, false))
    }

    /// The command installing the requirements into the venv at `venv`.
    fn installer(&self, venv: &Path, requirements: &Path, wheels: Option<&Path>) -> Command {
        let mut command = match which("uv") {
            Some(uv) => {
                let mut command = Command::new(uv);
                command
                    .args(["pip", "install", "--python"])
                    .arg(venv.join("bin/python"));
                command
            }
            None => {
                let mut command = Command::new(venv.join("bin/python"));
                command.args([
                    "-m",
                    "pip",
                    "install",
                    "--disable-pip-version-check",
                    "--no-input",
                ]);
                command
            }
        };
        if let Some(wheels) = wheels {
            command.arg("--no-index").arg("--find-links").arg(wheels);
        }
        command.arg("-r").arg(requirements);
        command
    }

    /// Downloads the wheels `environment` needs into `into`, for `--offline` builds.
    pub fn download(
        &self,
        environment: &Environment,
        into: &Path,
        log: &mut impl Write,
    ) -> anyhow::Result<()> {
        std::fs::create_dir_all(into)
            .with_context(|| format!("cannot create {}", into.display()))?;
        let requirements = into.join(format!(".{}-requirements.txt", environment.name));
        std::fs::write(&requirements, &environment.requirements)?;
        writeln!(
            log,
            "{}: downloading into {}",
            environment.name,
            into.display()
        )?;
        let result = run(Command::new(&self.python)
            .args([
                "-m",
                "pip",
                "download",
                "--disable-pip-version-check",
                "--no-input",
            ])
            .arg("--only-binary=:all:")
            .arg("-d")
            .arg(into)
            .arg("-r")
            .arg(&requirements));
        let _ = std::fs::remove_file(&requirements);
        result
    }
}

/// How many requirement lines a requirements file pins.
fn pinned_count(requirements: &str) -> usize {
    requirements.lines().filter(|l| l.contains("==")).count()
}

/// Runs a command to completion, its output passed through; an error says which failed.
fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// A program on `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbuilt_environment_is_not_found_and_its_folder_is_named_by_its_key() {
        let dir = std::env::temp_dir().join(format!("cairn-envs-{}", std::process::id()));
        let builds = Builds::new(&dir, "/usr/bin/python3");
        let env = Environment {
            name: "science".into(),
            requirements: "numpy==2.2.6\n".into(),
            warm: Vec::new(),
        };
        assert_eq!(builds.locate(&env), None);
        let folder = builds.folder(&env).expect("python3 runs");
        assert!(folder.starts_with(&dir));
        assert!(folder
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("science-"));
        std::fs::create_dir_all(&folder).unwrap();
        assert_eq!(builds.locate(&env), None, "an unfinished build is not used");
        std::fs::write(folder.join(COMPLETE), "").unwrap();
        assert_eq!(builds.locate(&env), Some(folder.canonicalize().unwrap()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
