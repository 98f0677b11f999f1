//! The operations behind `cairn check`, `cairn migrate` and `cairn user …`, kept out of
//! `main.rs` so they can be tested as functions.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

use crate::accounts::create::{self, CreateError, NewAccount};
use crate::accounts::{validation, Role};
use crate::content::{self, Severity};
use crate::grader::environments::Builds;
use crate::grader::sandbox::{Limits, Sandbox};
use crate::grader::worker::{built_environment, grade_code, VerdictOutcome};
use crate::store::Store;
use crate::tasks::{Kind, Python};

/// Validates a content folder and prints every problem; true when there are no errors.
/// Exercises with an environment are proven in its build under `data/environments`.
pub fn check(dir: &Path, out: &mut impl Write) -> anyhow::Result<bool> {
    check_with(dir, Path::new("data/environments"), out)
}

/// [`check`], with the environments built under `environments`.
pub fn check_with(dir: &Path, environments: &Path, out: &mut impl Write) -> anyhow::Result<bool> {
    let (catalog, problems) = content::load(dir);
    for problem in problems.all() {
        writeln!(out, "{problem}")?;
    }
    match catalog {
        Some(catalog) => {
            let builds = Builds::new(environments, "/usr/bin/python3");
            let proven = prove_exercises(&catalog, &builds, dir, out)?;
            let warnings = problems
                .all()
                .iter()
                .filter(|p| p.severity == Severity::Warning)
                .count();
            if !proven {
                writeln!(
                    out,
                    "exercises failed their proof: fix them and run `cairn check` again"
                )?;
                return Ok(false);
            }
            writeln!(
                out,
                "ok: {} module(s), {} lesson(s), {} task(s), {warnings} warning(s)",
                catalog.modules.len(),
                catalog.lesson_count(),
                catalog.task_count()
            )?;
            Ok(true)
        }
        None => {
            writeln!(
                out,
                "{} error(s): fix them and run `cairn check` again",
                problems.error_count()
            )?;
            Ok(false)
        }
    }
}

/// How long a proof run may take before the task is flagged as slow.
const SLOW: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs every Python exercise in the sandbox: the reference solution must pass every
/// test, and the starter and each known-wrong solution (`wrong/*.py`) must fail at
/// least one (a test that cannot fail is a bug).
/// Prints a line per exercise with its timing; false when any proof fails.
fn prove_exercises(
    catalog: &content::Catalog,
    builds: &Builds,
    dir: &Path,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let exercises: Vec<(&crate::tasks::Task, &Python)> = catalog
        .modules
        .iter()
        .flat_map(|m| m.tasks.values())
        .filter_map(|task| match &task.kind {
            Kind::Python(python) => Some((task, python)),
            _ => None,
        })
        .collect();
    if exercises.is_empty() {
        return Ok(true);
    }
    let sandbox = Sandbox::with_limits(Limits::default());
    // A host file the sandbox must not see.
    let probe =
        std::fs::canonicalize(dir.join("path.toml")).unwrap_or_else(|_| dir.join("path.toml"));
    if let Err(why) = crate::grader::self_test::self_test(&sandbox, &probe, 1) {
        writeln!(
            out,
            "error: cannot prove {} Python exercise(s): the sandbox is not available ({why})",
            exercises.len()
        )?;
        return Ok(false);
    }
    let mut all_proven = true;
    let mut sorted = exercises;
    sorted.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (task, python) in sorted {
        let environment = match built_environment(catalog, builds, python) {
            Ok(environment) => environment,
            Err(why) => {
                all_proven = false;
                writeln!(out, "error: {}: {why}", task.source.display())?;
                continue;
            }
        };
        let environment = environment.as_ref();
        let started = std::time::Instant::now();
        let solution = grade_code(&sandbox, None, python, environment, &python.solution);
        let solution_time = started.elapsed();
        let starter = grade_code(&sandbox, None, python, environment, &python.starter);
        let mut problems = Vec::new();
        match &solution {
            Ok(v) if v.outcome == VerdictOutcome::Passed => {}
            Ok(v) => problems.push(format!(
                "solution.py does not pass every test ({}: {})",
                v.outcome,
                failing(v)
            )),
            Err(fault) => problems.push(format!("solution.py could not be graded: {fault}")),
        }
        match &starter {
            Ok(v) if v.outcome != VerdictOutcome::Passed => {}
            Ok(_) => problems.push("starter.py passes every test: add a test it fails".to_owned()),
            Err(fault) => problems.push(format!("starter.py could not be graded: {fault}")),
        }
        for (name, code) in &python.wrong {
            match grade_code(&sandbox, None, python, environment, code) {
                Ok(v) if v.outcome != VerdictOutcome::Passed => {}
                Ok(_) => problems.push(format!(
                    "wrong/{name} passes every test: add a test that catches it"
                )),
                Err(fault) => problems.push(format!("wrong/{name} could not be graded: {fault}")),
            }
        }
        let source = task.source.display();
        if problems.is_empty() {
            let slow = if solution_time > SLOW {
                " (slow: over 1 s)"
            } else {
                ""
            };
            let wrong = match python.wrong.len() {
                0 => String::new(),
                1 => ", 1 known-wrong solution fails".to_owned(),
                n => format!(", {n} known-wrong solutions fail"),
            };
            writeln!(
                out,
                "proved: {} in {} ms{wrong}{slow}",
                task.id,
                solution_time.as_millis()
            )?;
        } else {
            all_proven = false;
            for problem in problems {
                writeln!(out, "error: {source}: {problem}")?;
            }
        }
    }
    Ok(all_proven)
}

/// The tests a verdict did not pass, for a proof failure.
fn failing(verdict: &crate::grader::worker::Verdict) -> String {
    let names: Vec<String> = verdict
        .tests
        .iter()
        .filter(|t| !t.passed())
        .map(|t| match &t.message {
            Some(message) => format!(
                "{} {}: {}",
                t.name,
                t.status,
                message.lines().last().unwrap_or("")
            ),
            None => format!("{} {}", t.name, t.status),
        })
        .collect();
    if let Some(error) = &verdict.import_error {
        return format!("importing it raised {}: {}", error.kind, error.message);
    }
    if names.is_empty() {
        verdict.message.clone().unwrap_or_default()
    } else {
        names.join("; ")
    }
}

/// Reads a password from a prompt when stdin is a terminal, else the first stdin line.
pub fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("cannot read password")?;
        let again =
            rpassword::prompt_password("Repeat password: ").context("cannot read password")?;
        anyhow::ensure!(first == again, "the passwords do not match");
        return Ok(first);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Creates a user with a role.
pub async fn add_user(
    store: &Store,
    name: &str,
    email: Option<&str>,
    role: Role,
    pass: String,
) -> anyhow::Result<i64> {
    let username = validation::username(name).map_err(anyhow::Error::msg)?;
    let email = validation::email(email.unwrap_or("")).map_err(anyhow::Error::msg)?;
    let known = [username.as_str(), email.as_deref().unwrap_or("")];
    validation::new_password(&pass, &known).map_err(anyhow::Error::msg)?;
    let account = NewAccount {
        username: &username,
        email: email.as_deref(),
        password: pass,
        role,
    };
    match create::create(store, account, None, crate::clock::now()).await {
        Ok(id) => Ok(id),
        Err(CreateError::Taken) => anyhow::bail!("the username `{username}` is taken"),
        Err(err) => Err(err).context("cannot create user"),
    }
}

/// Sets a user's password and signs them out everywhere.
pub async fn set_password(store: &Store, name: &str, pass: String) -> anyhow::Result<()> {
    validation::new_password(&pass, &[name.trim()]).map_err(anyhow::Error::msg)?;
    let id = user_id(store, name).await?;
    let hash = create::hash_password(pass).await?;
    store
        .set_password(id, &hash)
        .await
        .context("cannot update password")?;
    Ok(())
}

/// The id of the account called `name`, or an error that says there is none.
async fn user_id(store: &Store, name: &str) -> anyhow::Result<i64> {
    let record = store
        .login_record(&crate::store::username_key(name))
        .await
        .context("cannot look up the user")?
        .with_context(|| format!("no user named `{}`", name.trim()))?;
    Ok(record.id)
}

/// `cairn user disable|enable NAME`: the admin page's switch, for servers without a browser.
pub async fn set_disabled(store: &Store, name: &str, disabled: bool) -> anyhow::Result<()> {
    let id = user_id(store, name).await?;
    store
        .set_disabled(id, disabled, crate::clock::now())
        .await
        .context("cannot update the user")?;
    Ok(())
}

/// `cairn backup FILE`: a consistent copy of a live SQLite database, never over an
/// existing file and never of a database that does not exist yet.
pub async fn backup(url: &str, file: &Path) -> anyhow::Result<()> {
    if let Some(source) = crate::store::sqlite_file(url) {
        anyhow::ensure!(
            source.is_file(),
            "there is no database at {}: nothing to back up",
            source.display()
        );
    }
    let store = Store::connect(url).await?;
    let result = store.backup(file).await;
    store.close().await;
    result
}

/// Builds every environment the content declares (`cairn env build`), reusing finished
/// builds; with `wheels`, installs from that folder only. False if one failed.
pub fn build_environments(
    dir: &Path,
    environments: &Path,
    wheels: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let Some(declared) = declared_environments(dir, out)? else {
        return Ok(false);
    };
    let builds = Builds::new(environments, "/usr/bin/python3");
    let mut all_built = true;
    for environment in declared.values() {
        let started = std::time::Instant::now();
        match builds.build(environment, wheels, out) {
            Ok((folder, true)) => writeln!(
                out,
                "{}: up to date ({})",
                environment.name,
                folder.display()
            )?,
            Ok(_) => writeln!(
                out,
                "{}: ready in {:.1} s",
                environment.name,
                started.elapsed().as_secs_f64()
            )?,
            Err(err) => {
                all_built = false;
                writeln!(out, "error: {}: {err:#}", environment.name)?;
            }
        }
    }
    Ok(all_built)
}

/// Downloads the wheels of every declared environment into `into`
/// (`cairn env download`), for `cairn env build --offline` on graders without internet.
pub fn download_environments(
    dir: &Path,
    into: &Path,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let Some(declared) = declared_environments(dir, out)? else {
        return Ok(false);
    };
    let builds = Builds::new(into, "/usr/bin/python3");
    for environment in declared.values() {
        builds.download(environment, into, out)?;
    }
    writeln!(
        out,
        "downloaded; build with `cairn env build --offline {}`",
        into.display()
    )?;
    Ok(true)
}

/// The environments a valid content folder declares; `None` (problems printed) if the
/// content has errors.
fn declared_environments(
    dir: &Path,
    out: &mut impl Write,
) -> anyhow::Result<Option<std::collections::BTreeMap<String, content::environments::Environment>>>
{
    let (catalog, problems) = content::load(dir);
    for problem in problems.all() {
        writeln!(out, "{problem}")?;
    }
    let Some(catalog) = catalog else {
        writeln!(
            out,
            "the content has errors: fix them first (`cairn check`)"
        )?;
        return Ok(None);
    };
    if catalog.environments.is_empty() {
        writeln!(
            out,
            "no environments declared in {}/environments",
            dir.display()
        )?;
    }
    Ok(Some(catalog.environments))
}
