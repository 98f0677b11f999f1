//! The `cairn` command: parse arguments, then call into the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use cairn::accounts::Role;
use cairn::config::Settings;
use cairn::startup::Application;
use cairn::store::Store;
use clap::{Parser, Subcommand};

/// A self-hosted learning-path server.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Settings file (default: ./cairn.toml if it exists).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the learning path (the default).
    Serve(ServeArgs),
    /// Check the content folder and list every problem.
    Check {
        /// Content folder (default: content, or CAIRN_CONTENT).
        #[arg(long)]
        content: Option<PathBuf>,
    },
    /// Apply database migrations.
    Migrate {
        /// Database URL (default: sqlite://data/cairn.db, or DATABASE_URL).
        #[arg(long)]
        database: Option<String>,
    },
    /// Grade Python submissions from the database without serving pages: run it on
    /// other machines against the same PostgreSQL database to add grading capacity.
    Worker {
        /// Content folder (default: content, or CAIRN_CONTENT); must match the servers'.
        #[arg(long)]
        content: Option<PathBuf>,
        /// Database URL (default: sqlite://data/cairn.db, or DATABASE_URL).
        #[arg(long)]
        database: Option<String>,
        /// Jobs graded at once (default: one per core, or CAIRN_GRADER_WORKERS).
        #[arg(long)]
        workers: Option<usize>,
    },
    /// Write a consistent copy of a live SQLite database to FILE (safe while serving).
    /// For PostgreSQL use `pg_dump`.
    Backup {
        /// Where the copy goes; an existing file is never overwritten.
        file: PathBuf,
        /// Database URL (default: sqlite://data/cairn.db, or DATABASE_URL).
        #[arg(long)]
        database: Option<String>,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Build the Python environments exercises run in.
    #[command(subcommand)]
    Env(EnvCommand),
}

#[derive(Subcommand)]
enum EnvCommand {
    /// Build every environment in the content's environments/ folder (finished builds
    /// whose requirements did not change are reused).
    Build {
        /// Content folder (default: content, or CAIRN_CONTENT).
        #[arg(long)]
        content: Option<PathBuf>,
        /// Install from this folder of wheels only (see `cairn env download`).
        #[arg(long)]
        offline: Option<PathBuf>,
    },
    /// Download the wheels every environment needs into DIR, for `build --offline`.
    Download {
        dir: PathBuf,
        /// Content folder (default: content, or CAIRN_CONTENT).
        #[arg(long)]
        content: Option<PathBuf>,
    },
}

#[derive(clap::Args, Default)]
struct ServeArgs {
    /// Address to listen on (default: 127.0.0.1:8080, or CAIRN_BIND).
    #[arg(long)]
    bind: Option<String>,
    /// Content folder (default: content, or CAIRN_CONTENT).
    #[arg(long)]
    content: Option<PathBuf>,
    /// Database URL (default: sqlite://data/cairn.db, or DATABASE_URL).
    #[arg(long)]
    database: Option<String>,
    /// Reload content and templates when they change (for writing lessons).
    #[arg(long)]
    watch: bool,
    /// Serve Prometheus metrics at /metrics on this address (or CAIRN_METRICS_BIND).
    #[arg(long)]
    metrics_bind: Option<String>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from stdin or prompted for.
    Add {
        name: String,
        #[arg(long, default_value = "learner")]
        role: Role,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        database: Option<String>,
    },
    /// Set an account's password (signs it out everywhere).
    SetPassword {
        name: String,
        #[arg(long)]
        database: Option<String>,
    },
    /// Disable an account: its sessions end at once and it cannot sign in.
    Disable {
        name: String,
        #[arg(long)]
        database: Option<String>,
    },
    /// Enable a disabled account again.
    Enable {
        name: String,
        #[arg(long)]
        database: Option<String>,
    },
}

fn main() -> ExitCode {
    cairn::telemetry::init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match run(cli, &runtime) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, runtime: &tokio::runtime::Runtime) -> anyhow::Result<ExitCode> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => {
            if let Some(bind) = args.bind {
                settings.bind = bind;
            }
            if let Some(content) = args.content {
                settings.content_dir = content;
            }
            if let Some(database) = args.database {
                settings.database_url = database;
            }
            if let Some(metrics_bind) = args.metrics_bind {
                settings.metrics_bind = Some(metrics_bind);
            }
            settings.watch = args.watch;
            actix_web::rt::System::new().block_on(async {
                let app = Application::build(&settings).await?;
                app.run_until_stopped()
                    .await
                    .context("server stopped with an error")
            })?;
        }
        Command::Worker {
            content,
            database,
            workers,
        } => {
            if let Some(content) = content {
                settings.content_dir = content;
            }
            if let Some(database) = database {
                settings.database_url = database;
            }
            if let Some(workers) = workers {
                settings.grader_workers = workers;
            }
            actix_web::rt::System::new().block_on(cairn::startup::run_workers(&settings))?;
        }
        Command::Env(EnvCommand::Build { content, offline }) => {
            let dir = content.unwrap_or(settings.content_dir);
            let ok = cairn::cli::build_environments(
                &dir,
                &settings.environments_dir,
                offline.as_deref(),
                &mut std::io::stdout(),
            )?;
            return Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Env(EnvCommand::Download { dir, content }) => {
            let content = content.unwrap_or(settings.content_dir);
            let ok = cairn::cli::download_environments(&content, &dir, &mut std::io::stdout())?;
            return Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Check { content } => {
            let dir = content.unwrap_or(settings.content_dir);
            let ok =
                cairn::cli::check_with(&dir, &settings.environments_dir, &mut std::io::stdout())?;
            return Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Migrate { database } => {
            let url = database.unwrap_or(settings.database_url);
            runtime.block_on(async {
                let store = Store::open(&url).await?;
                store.close().await;
                println!("migrations applied");
                anyhow::Ok(())
            })?;
        }
        Command::Backup { file, database } => {
            let url = database.unwrap_or(settings.database_url);
            runtime.block_on(cairn::cli::backup(&url, &file))?;
            println!("backup written to {}", file.display());
        }
        Command::User(command) => runtime.block_on(user(command, settings))?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn user(command: UserCommand, settings: Settings) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            name,
            role,
            email,
            database,
        } => {
            let store = Store::open(&database.unwrap_or(settings.database_url)).await?;
            let password = cairn::cli::read_password()?;
            let id = cairn::cli::add_user(&store, &name, email.as_deref(), role, password).await?;
            println!("created {} `{}` (id {id})", role.as_str(), name.trim());
        }
        UserCommand::SetPassword { name, database } => {
            let store = Store::open(&database.unwrap_or(settings.database_url)).await?;
            let password = cairn::cli::read_password()?;
            cairn::cli::set_password(&store, &name, password).await?;
            println!(
                "password changed for `{}`; their sessions were signed out",
                name.trim()
            );
        }
        UserCommand::Disable { name, database } => {
            let store = Store::open(&database.unwrap_or(settings.database_url)).await?;
            cairn::cli::set_disabled(&store, &name, true).await?;
            println!("`{}` is disabled and signed out everywhere", name.trim());
        }
        UserCommand::Enable { name, database } => {
            let store = Store::open(&database.unwrap_or(settings.database_url)).await?;
            cairn::cli::set_disabled(&store, &name, false).await?;
            println!("`{}` is enabled", name.trim());
        }
    }
    Ok(())
}
