//! A local sync server inside the app, for a first look without any set-up
//! (`cityaudit --embedded-server`, or `CITYAUDIT_EMBEDDED_SERVER=1`).
//!
//! It runs the `cityaudit-sync` library on 127.0.0.1 with a data folder
//! beside the profile. On first start it creates a demo audit (the INTEGRA
//! checklist and photovoice, with a few planned stops and a year's photovoice
//! window); on every start it makes a participant invite, prints it, and
//! offers it to the join screen.
//!
//! The server itself is in desktop builds only (`cfg(desktop)`; the
//! dependencies are target-specific in `Cargo.toml`): phone builds carry no
//! server. What the rest of the app reads (the request, [`DemoInvite`]) is
//! here in every build.

use serde::Serialize;

#[cfg(desktop)]
pub use server::{start, EmbeddedError};

/// Command-line flag that starts the embedded server.
pub const FLAG: &str = "--embedded-server";
/// Environment variable that starts the embedded server (`1`).
pub const ENV: &str = "CITYAUDIT_EMBEDDED_SERVER";
/// Environment variable choosing its port (default 8787; 0 picks a free one).
pub const PORT_ENV: &str = "CITYAUDIT_EMBEDDED_PORT";
const DEFAULT_PORT: u16 = 8787;
/// What a phone build says when asked for it.
pub const NOT_IN_THIS_BUILD: &str = "phone builds of cityaudit have no embedded server; \
     run a cityaudit-sync server and join it instead";

/// How the embedded server was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedOptions {
    /// Port on 127.0.0.1.
    pub port: u16,
}

/// The invite to the demo audit, for the join screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoInvite {
    /// The server's URL.
    pub server: String,
    /// The invite code.
    pub code: String,
    /// The `cityaudit://join?...` link.
    pub link: String,
}

/// The options, if the embedded server was asked for on the command line or in the environment.
pub fn requested() -> Option<EmbeddedOptions> {
    let by_flag = std::env::args().any(|a| a == FLAG);
    let by_env = std::env::var(ENV).is_ok_and(|v| v == "1" || v == "true");
    (by_flag || by_env).then(|| EmbeddedOptions {
        port: std::env::var(PORT_ENV)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(DEFAULT_PORT),
    })
}

/// Running the server: desktop builds only.
#[cfg(desktop)]
mod server {
    use std::net::TcpListener;
    use std::path::{Path, PathBuf};

    use cityaudit_core::model::{
        now_ms, Location, LocationSource, NewAudit, PhotovoiceWindow, PlannedStop, TemplateChoice,
    };
    use cityaudit_core::profile::{Profile, Session};
    use cityaudit_core::sync::prepare::{prepare_audit, AuditPlan};
    use cityaudit_core::sync::protocol::{CreateInviteRequest, Role};
    use cityaudit_sync::{admin, router, AppState as ServerState};

    use super::{DemoInvite, EmbeddedOptions};

    const DEMO_TITLE: &str = "Demo city walk";

    /// Why the embedded server could not start.
    #[derive(Debug, thiserror::Error)]
    pub enum EmbeddedError {
        /// The data folder or database could not be opened.
        #[error("embedded server: {0}")]
        Open(#[from] cityaudit_sync::state::OpenError),
        /// An admin step failed.
        #[error("embedded server: {0}")]
        Admin(#[from] admin::AdminError),
        /// No port to listen on.
        #[error("embedded server cannot listen on 127.0.0.1: {0}")]
        Listen(std::io::Error),
        /// Preparing the demo audit failed.
        #[error("embedded server: preparing the demo audit failed: {0}")]
        Demo(String),
    }

    /// Starts the server in `data`, prepares the demo audit, and returns a fresh invite.
    pub fn start(options: &EmbeddedOptions, data: &Path) -> Result<DemoInvite, EmbeddedError> {
        let state = ServerState::open(data, None)?;
        let listener = TcpListener::bind(("127.0.0.1", options.port))
            .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
            .map_err(EmbeddedError::Listen)?;
        let address = listener.local_addr().map_err(EmbeddedError::Listen)?;
        let server = format!("http://{address}");
        listener
            .set_nonblocking(true)
            .map_err(EmbeddedError::Listen)?;
        serve(listener, state.clone())?;

        let audit_id = match admin::list_audits(&state)?
            .into_iter()
            .find(|a| a.title == DEMO_TITLE)
        {
            Some(audit) => audit.id,
            None => create_demo_audit(&state, &server, data)?,
        };
        let request = CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 30 * 24 * 3600,
            max_uses: 100,
        };
        let invite = admin::create_invite(&state, &audit_id, &request, &server)?;
        println!("Embedded sync server: {server}");
        println!("Demo invite code: {}", invite.code);
        println!("Demo invite link: {}", invite.link);
        Ok(DemoInvite {
            server,
            code: invite.code,
            link: invite.link,
        })
    }

    /// Serves on its own thread and runtime, for as long as the app runs.
    fn serve(listener: TcpListener, state: ServerState) -> Result<(), EmbeddedError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(EmbeddedError::Listen)?;
        std::thread::Builder::new()
            .name("embedded-sync-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(error) => return eprintln!("embedded server cannot listen: {error}"),
                    };
                    cityaudit_sync::listen::serve(
                        listener,
                        router(state),
                        cityaudit_sync::listen::DEFAULT_MAX_CONNECTIONS,
                        std::future::pending(),
                    )
                    .await;
                });
            })
            .map_err(EmbeddedError::Listen)?;
        Ok(())
    }

    /// Creates the demo audit as a facilitator's device would (the same
    /// core workflow as the Prepare form): created on the server, fetched,
    /// its stops and photovoice window planned and synced.
    fn create_demo_audit(
        state: &ServerState,
        server: &str,
        data: &Path,
    ) -> Result<cityaudit_core::ids::DocumentId, EmbeddedError> {
        let facilitator = admin::create_facilitator(state, "Demo facilitator")?;
        let demo = |e: &dyn std::fmt::Display| EmbeddedError::Demo(e.to_string());
        let stops = [
            (
                "Lozenets",
                "Bus stop at the park entrance",
                42.6804,
                23.3225,
            ),
            (
                "Centre",
                "Municipal one-stop service office",
                42.6964,
                23.3260,
            ),
            (
                "Vitosha Boulevard",
                "Pedestrian crossing near the library",
                42.6915,
                23.3193,
            ),
        ];
        let mut planned = Vec::with_capacity(stops.len());
        for (order, (area, place, lat, lon)) in (0_i64..).zip(stops) {
            planned.push(PlannedStop {
                name_of_area: area.into(),
                specific_location: place.into(),
                position: Some(
                    Location::new(lat, lon, LocationSource::Manual).map_err(|e| demo(&e))?,
                ),
                order,
            });
        }
        // Photos may be taken from yesterday for a year: the demo is tried at once.
        let now = now_ms();
        let day = 24 * 3600 * 1000;
        let plan = AuditPlan {
            audit: NewAudit {
                title: DEMO_TITLE.into(),
                city: "Sofia".into(),
                starts_on: String::new(),
                ends_on: String::new(),
                meeting_point: "National Palace of Culture, main entrance".into(),
                templates: TemplateChoice {
                    checklist: true,
                    photovoice: true,
                    benchmark: false,
                },
            },
            stops: planned,
            photovoice_window: Some(PhotovoiceWindow {
                starts_at: now - day,
                ends_at: now + 365 * day,
            }),
            template: None,
        };
        let mut profile = Profile::open(&facilitator_profile(data)).map_err(|e| demo(&e))?;
        let session = Session {
            server: server.to_owned(),
            token: facilitator.token,
            role: Role::Facilitator,
            // Replaced by the demo audit once the server has created it.
            audit_id: cityaudit_core::ids::DocumentId::random(),
            participant_id: facilitator.id,
            response_doc: None,
            read_only_audits: Vec::new(),
        };
        prepare_audit(&mut profile, &session, &plan).map_err(|e| demo(&e))
    }

    fn facilitator_profile(data: &Path) -> PathBuf {
        data.join("demo-facilitator.sqlite")
    }
}
