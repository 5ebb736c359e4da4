//! `cityaudit-sync`: command-line parsing and wiring; the work is in the
//! library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// mimalloc: the server allocates many small short-lived buffers per
/// request (JSON, sync messages, rows); the system allocator's `malloc` and
/// `free` were about a tenth of its CPU under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cityaudit_core::export::ExportFormat;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{Location, LocationSource, NewAudit, TemplateChoice};
use cityaudit_core::sync::protocol::{CreateInviteRequest, Role};
use cityaudit_sync::storage::PostgresStorage;
use cityaudit_sync::webapp::WebApp;
use cityaudit_sync::{admin, listen, router, AppState};

/// The cityaudit sync server.
#[derive(Debug, Parser)]
#[command(name = "cityaudit-sync", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the sync server.
    Serve(ServeArgs),
    /// Manage facilitators, audits, invites and tokens in a data folder.
    Admin(AdminArgs),
    /// Export an audit: CSV, GeoJSON, the City Audit Report (md, html) or a ZIP of photos.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Data folder of the server.
    #[arg(long, default_value = "./data")]
    data: PathBuf,
    /// PostgreSQL database instead of `server.sqlite` in the data folder,
    /// e.g. `postgres://cityaudit@db.internal/cityaudit` (a password in
    /// the URL, or in `PGPASSWORD`). Several servers may share one database.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// The audit's document id.
    #[arg(long, value_parser = document_id)]
    audit: DocumentId,
    /// What to export.
    #[arg(long, value_enum)]
    format: FormatArg,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
    /// Language of the export: en, bg, ar, cs, sk, hr, it or uk (the report;
    /// the CSV's header row and messages, `en` keeping the column keys; the
    /// GeoJSON's labels; the ZIP's credits).
    #[arg(long, default_value = "en")]
    lang: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Problems,
    Geojson,
    Md,
    Html,
    Zip,
}

impl From<FormatArg> for ExportFormat {
    fn from(format: FormatArg) -> ExportFormat {
        match format {
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Problems => ExportFormat::Problems,
            FormatArg::Geojson => ExportFormat::Geojson,
            FormatArg::Md => ExportFormat::Md,
            FormatArg::Html => ExportFormat::Html,
            FormatArg::Zip => ExportFormat::Zip,
        }
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: String,
    /// Data folder: `server.sqlite` and `blobs/` are kept here.
    #[arg(long, default_value = "./data")]
    data: PathBuf,
    /// PostgreSQL database instead of `server.sqlite` in the data folder,
    /// e.g. `postgres://cityaudit@db.internal/cityaudit` (a password in
    /// the URL, or in `PGPASSWORD`). Several servers may share one database.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Public base URL for invite links made over HTTP (default: from the request's Host).
    #[arg(long)]
    public_url: Option<String>,
    /// Log format on stderr (`RUST_LOG` sets the levels, default `info`).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Failed joins allowed per client address: bursts of N, refilled at N
    /// per minute; successful joins do not count (0 = no limit).
    #[arg(long, default_value_t = cityaudit_sync::ratelimit::DEFAULT_JOINS_PER_MINUTE)]
    join_rate_limit: u32,
    /// Documents kept loaded in memory (0 = load from the database every time).
    #[arg(long, default_value_t = cityaudit_sync::documents::cache::DEFAULT_CAPACITY)]
    doc_cache: usize,
    /// Connections held open at once; more are closed at once.
    #[arg(long, default_value_t = cityaudit_sync::listen::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Requests doing blocking work (storage, Automerge) at once; the
    /// others wait their turn in arrival order.
    #[arg(long, default_value_t = cityaudit_sync::state::DEFAULT_WORKERS, value_parser = clap::value_parser!(u32).range(1..=1024))]
    workers: u32,
    /// The browser participant app to serve at /app/: the folder that
    /// `./scripts/build-web` writes (default: `ui/dist-web` under the
    /// current directory when it is there; else /app/ says how to build it).
    #[arg(long, env = cityaudit_sync::webapp::APP_DIR_ENV, value_name = "DIR")]
    app_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// Human-readable lines with key=value fields.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Args)]
struct AdminArgs {
    /// Data folder of the server (before or after the subcommand).
    #[arg(long, global = true, default_value = "./data")]
    data: PathBuf,
    /// PostgreSQL database instead of `server.sqlite` in the data folder,
    /// e.g. `postgres://cityaudit@db.internal/cityaudit` (a password in
    /// the URL, or in `PGPASSWORD`). Several servers may share one database.
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Participant,
    Facilitator,
    /// A facilitator of a later round reads this audit to compare.
    Reader,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Participant => Role::Participant,
            RoleArg::Facilitator => Role::Facilitator,
            RoleArg::Reader => Role::Reader,
        }
    }
}

fn document_id(text: &str) -> Result<DocumentId, String> {
    DocumentId::parse(text.trim()).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a facilitator and print their token (shown only once) on stdout.
    CreateFacilitator {
        /// The facilitator's name.
        #[arg(long)]
        name: String,
    },
    /// Create an audit from the built-in templates and print its id on stdout.
    CreateAudit {
        /// Audit title.
        #[arg(long)]
        title: String,
        /// City audited.
        #[arg(long)]
        city: String,
        /// First day (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        starts_on: String,
        /// Last day (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        ends_on: String,
        /// Where participants gather.
        #[arg(long, default_value = "")]
        meeting_point: String,
        /// Leave photovoice out.
        #[arg(long)]
        no_photovoice: bool,
        /// Leave the city walk checklist out.
        #[arg(long)]
        no_checklist: bool,
        /// A EUROCITIES benchmark self-assessment instead of a city walk
        /// (with --no-checklist --no-photovoice).
        #[arg(long)]
        benchmark: bool,
        /// Facilitator id (from create-facilitator) who facilitates this audit.
        #[arg(long)]
        facilitator: Option<String>,
    },
    /// Create an invite; print its code, its app link, its browser link and
    /// the browser link as a QR code.
    CreateInvite {
        /// The audit id.
        #[arg(long, value_parser = document_id)]
        audit: DocumentId,
        /// Role granted to those who join.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Hours until the invite expires.
        #[arg(long, default_value_t = 72)]
        expires_in_hours: u64,
        /// How many people may join with it.
        #[arg(long, default_value_t = 30)]
        max_uses: u32,
        /// The server's URL as devices reach it, for the links (phones open
        /// the browser link only over https, or on this machine).
        #[arg(long, default_value = "http://127.0.0.1:8787")]
        server_url: String,
    },
    /// Add a planned stop to an audit (as the facilitator's app does) and
    /// print its id on stdout; devices receive it with their next sync.
    PlanStop {
        /// The audit id.
        #[arg(long, value_parser = document_id)]
        audit: DocumentId,
        /// Name of the area (required, at most 200 characters).
        #[arg(long)]
        name: String,
        /// Specific location, e.g. a street corner.
        #[arg(long, default_value = "")]
        specific_location: String,
        /// Latitude in degrees (WGS84), with --lon.
        #[arg(long, requires = "lon", allow_negative_numbers = true)]
        lat: Option<f64>,
        /// Longitude in degrees (WGS84), with --lat.
        #[arg(long, requires = "lat", allow_negative_numbers = true)]
        lon: Option<f64>,
        /// Position in the walk (ascending); default: after every planned stop.
        #[arg(long, allow_negative_numbers = true)]
        order: Option<i64>,
    },
    /// List audits: id, title, city, members (tab-separated).
    ListAudits,
    /// List an audit's members with their last sync (tab-separated).
    ListParticipants {
        /// The audit id.
        #[arg(long, value_parser = document_id)]
        audit: DocumentId,
    },
    /// Revoke every device token of a participant.
    Revoke {
        /// The participant id.
        #[arg(long)]
        participant: String,
    },
    /// Revoke one token.
    RevokeToken {
        /// The token.
        #[arg(long)]
        token: String,
    },
    /// Undo a revocation of someone's membership of an audit (their tokens
    /// still work if they were not revoked too; else see reissue-token).
    Restore {
        /// The person's id.
        #[arg(long)]
        participant: String,
        /// The audit id.
        #[arg(long, value_parser = document_id)]
        audit: DocumentId,
    },
    /// Issue a new device token to someone whose tokens were revoked; prints it.
    ReissueToken {
        /// The person's id.
        #[arg(long)]
        participant: String,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Admin(args) => run_admin(args),
        Command::Export(args) => run_export(args),
    }
}

/// Logs go to stderr so that stdout carries only what scripts read.
///
/// Automerge instruments its decoding with `info` spans whose fields are
/// formatted with `Debug` (a whole change graph's hashes on every received
/// change): a tenth of the server's CPU under load, for nothing a reader
/// of the log needs. Its spans and events are kept only from `warn` up
/// unless `RUST_LOG` says otherwise.
fn init_logging(default: &str, format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default},automerge=warn")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging("info", args.log_format);
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let web_app = WebApp::locate(args.app_dir.as_deref(), &cwd)?;
    match web_app.entry() {
        Some(entry) => tracing::info!(entry = %entry.display(), "serving the browser app at /app/"),
        None => tracing::info!(
            "no browser app to serve at /app/ (build it with ./scripts/build-web, then --app-dir)"
        ),
    }
    let state = open_state(&args.data, args.database.as_deref(), args.public_url)?
        .with_join_rate_limit(args.join_rate_limit)
        .with_doc_cache(args.doc_cache)
        .with_workers(args.workers as usize)
        .with_web_app(web_app);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let address = listener.local_addr()?;
        // The first line on stdout: scripts and tests read the bound port here.
        let mut stdout = std::io::stdout();
        writeln!(stdout, "listening on http://{address}")?;
        stdout.flush()?;
        tracing::info!(%address, data = %args.data.display(), "serving");
        listen::serve(
            listener,
            router(state),
            args.max_connections,
            shutdown_signal(),
        )
        .await;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Opens the state: SQLite in `data`, or PostgreSQL when a database URL is
/// given (blobs stay in `data/blobs` either way).
fn open_state(
    data: &Path,
    database: Option<&str>,
    public_url: Option<String>,
) -> anyhow::Result<AppState> {
    let Some(url) = database else {
        return AppState::open(data, public_url)
            .with_context(|| format!("opening the data folder {}", data.display()));
    };
    let password = std::env::var("PGPASSWORD").ok();
    let storage = PostgresStorage::open(url, password.as_deref())?;
    tracing::info!(database = storage.target(), "using PostgreSQL");
    AppState::with_storage(data, public_url, Arc::new(storage))
        .with_context(|| format!("opening the data folder {}", data.display()))
}

/// Completes on Ctrl-C or SIGTERM; in-flight requests then finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    init_logging("warn", LogFormat::Text);
    let state = open_state(&args.data, args.database.as_deref(), None)?;
    let bytes = cityaudit_sync::export::export_audit(
        &state,
        &args.audit,
        args.format.into(),
        &args.lang,
        &args.out,
    )?;
    eprintln!("Wrote {} ({bytes} bytes).", args.out.display());
    Ok(())
}

fn run_admin(args: AdminArgs) -> anyhow::Result<()> {
    init_logging("warn", LogFormat::Text);
    let state = open_state(&args.data, args.database.as_deref(), None)?;
    match args.command {
        AdminCommand::CreateFacilitator { name } => {
            let created = admin::create_facilitator(&state, &name)?;
            println!("{}", created.token);
            eprintln!(
                "Facilitator {:?} created with id {} (for `create-audit --facilitator`).\n\
                 The token above is shown only once: the server keeps only its hash.",
                name.trim(),
                created.id
            );
        }
        AdminCommand::CreateAudit {
            title,
            city,
            starts_on,
            ends_on,
            meeting_point,
            no_photovoice,
            no_checklist,
            benchmark,
            facilitator,
        } => {
            let audit = NewAudit {
                title,
                city,
                starts_on,
                ends_on,
                meeting_point,
                templates: TemplateChoice {
                    checklist: !no_checklist,
                    photovoice: !no_photovoice,
                    benchmark,
                },
            };
            let id = admin::create_audit(&state, &audit, facilitator.as_deref())?;
            println!("{id}");
        }
        AdminCommand::CreateInvite {
            audit,
            role,
            expires_in_hours,
            max_uses,
            server_url,
        } => {
            let request = CreateInviteRequest {
                role: role.into(),
                expires_in_secs: expires_in_hours
                    .checked_mul(3600)
                    .context("--expires-in-hours is too large")?,
                max_uses,
            };
            let invite = admin::create_invite(&state, &audit, &request, &server_url)?;
            println!("{}", invite.code);
            println!("{}", invite.link);
            println!("{}", invite.web_link);
            println!("{}", admin::invite_qr(&invite)?);
            eprintln!(
                "Invite for {} role, up to {} people, expires {}.\n\
                 Lines: the code to type, the link for the cityaudit app, the link for a \
                 phone's browser (also in the QR code).",
                request.role.as_str(),
                invite.max_uses,
                cityaudit_core::dates::utc_minutes(invite.expires_at)
            );
            if !admin::is_https(&server_url) {
                eprintln!(
                    "Note: {server_url} is not https://, so a phone's browser cannot run the \
                     app from it (it needs a secure context); pass --server-url https://…"
                );
            }
        }
        AdminCommand::PlanStop {
            audit,
            name,
            specific_location,
            lat,
            lon,
            order,
        } => {
            let position = lat.zip(lon).map(|(lat, lon)| Location {
                lat,
                lon,
                accuracy_m: None,
                source: LocationSource::Manual,
            });
            let stop = admin::NewStop {
                name_of_area: name,
                specific_location,
                position,
                order,
            };
            println!("{}", admin::plan_stop(&state, &audit, &stop)?);
        }
        AdminCommand::ListAudits => {
            for audit in admin::list_audits(&state)? {
                println!(
                    "{}\t{}\t{}\t{}",
                    audit.id,
                    admin::printable(&audit.title),
                    admin::printable(&audit.city),
                    audit.members
                );
            }
        }
        AdminCommand::ListParticipants { audit } => {
            for p in admin::list_participants(&state, &audit)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    p.participant_id,
                    p.role.as_str(),
                    admin::printable(&p.display_name),
                    admin::printable(&p.group),
                    p.last_sync_at
                        .map(cityaudit_core::dates::utc_minutes)
                        .unwrap_or_else(|| "never synced".into()),
                    if p.revoked { "revoked" } else { "active" }
                );
            }
        }
        AdminCommand::Revoke { participant } => {
            let revoked = admin::revoke_participant(&state, &participant)?;
            eprintln!("Revoked {revoked} token(s) of {participant}.");
        }
        AdminCommand::RevokeToken { token } => {
            admin::revoke_token(&state, &token)?;
            eprintln!("Token revoked.");
        }
        AdminCommand::Restore { participant, audit } => {
            admin::restore_membership(&state, &participant, &audit)?;
            eprintln!("{participant} is a member of {audit} again.");
        }
        AdminCommand::ReissueToken { participant } => {
            println!("{}", admin::reissue_token(&state, &participant)?);
        }
    }
    Ok(())
}
