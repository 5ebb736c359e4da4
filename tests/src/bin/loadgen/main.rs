//! Load generator for the sync server: N simulated participants join an
//! audit, score items and sync repeatedly with C requests in flight; prints
//! throughput and latency percentiles. `--walk-bytes` instead measures the
//! wire bytes and round trips of a full walk push and of one edited score.
//!
//! ```sh
//! cargo run --release -p cityaudit-tests --bin loadgen -- \
//!     --server http://127.0.0.1:8787 --data ./data --devices 1000 --duration 30 --concurrency 200
//! ```
//!
//! A facilitator token is taken from `--token`, or created with the admin
//! command on `--data` (the server's data folder).

use anyhow::{bail, Context, Result};
use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use clap::Parser;
use rand::Rng;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{AnswerInput, AuditData, AuditDocument, ResponseDocument};
use cityaudit_core::sync::protocol::{
    CreateInviteRequest, DocumentMessage, Invite, JoinRequest, JoinResponse, Role, SyncRequest,
    SyncResponse,
};
use cityaudit_tests::device::joining;
use cityaudit_tests::server::{create_facilitator, new_audit};

mod walk;

/// The same allocator as the server, so the load generator takes less of
/// the CPU it shares with the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Command line.
#[derive(Debug, Parser)]
#[command(about = "Load generator and wire-size bench for cityaudit-sync")]
struct Args {
    /// Server base URL.
    #[arg(long)]
    server: String,
    /// A facilitator token.
    #[arg(long)]
    token: Option<String>,
    /// The server's data folder (to create a facilitator with the admin command).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Simulated participants.
    #[arg(long, default_value_t = 100)]
    devices: usize,
    /// Seconds of load after joining.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Seconds of load before `--duration` starts, not counted (devices that
    /// joined early catch up on the roster changes of later joins here).
    #[arg(long, default_value_t = 0)]
    warmup: u64,
    /// Requests in flight.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Measure the wire bytes of a full walk push and one edited score instead.
    #[arg(long)]
    walk_bytes: bool,
}

/// Whole-city items a simulated participant scores.
const ITEMS: [&str; 20] = [
    "vision.1",
    "vision.2",
    "vision.3",
    "vision.4",
    "vision.5",
    "vision.6",
    "vision.7",
    "vision.8",
    "participation.1",
    "participation.2",
    "participation.3",
    "participation.4",
    "participation.5",
    "participation.6",
    "participation.7",
    "attitudes.1",
    "attitudes.2",
    "attitudes.3",
    "attitudes.4",
    "attitudes.5",
];

/// One simulated participant.
struct Device {
    token: String,
    audit_id: DocumentId,
    audit: AutoCommit,
    audit_state: State,
    response_id: DocumentId,
    response: ResponseDocument,
    response_state: State,
}

impl Device {
    fn messages(&mut self) -> Vec<DocumentMessage> {
        let audit = self
            .audit
            .sync()
            .generate_sync_message(&mut self.audit_state);
        let response = self
            .response
            .automerge()
            .sync()
            .generate_sync_message(&mut self.response_state);
        vec![
            DocumentMessage {
                doc_id: self.audit_id.clone(),
                message: audit.map(|m| BASE64.encode(m.encode())),
            },
            DocumentMessage {
                doc_id: self.response_id.clone(),
                message: response.map(|m| BASE64.encode(m.encode())),
            },
        ]
    }

    fn receive(&mut self, reply: SyncResponse) -> Result<()> {
        for document in reply.documents {
            let Some(encoded) = document.message else {
                continue;
            };
            let message = Message::decode(&BASE64.decode(encoded)?)?;
            if document.doc_id == self.audit_id {
                self.audit
                    .sync()
                    .receive_sync_message(&mut self.audit_state, message)?;
            } else if document.doc_id == self.response_id {
                self.response
                    .automerge()
                    .sync()
                    .receive_sync_message(&mut self.response_state, message)?;
            }
        }
        Ok(())
    }
}

/// Latencies (microseconds) of the requests one worker made.
#[derive(Default)]
struct Timings {
    sync: Vec<u64>,
    errors: usize,
}

async fn post_sync(
    http: &reqwest::Client,
    server: &str,
    token: &str,
    documents: Vec<DocumentMessage>,
) -> Result<SyncResponse> {
    let response = http
        .post(format!("{server}/v1/sync"))
        .bearer_auth(token)
        .json(&SyncRequest { documents })
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("sync answered {}", response.status());
    }
    Ok(response.json().await?)
}

/// Scores and syncs the worker's devices in turn until `until`.
async fn work(
    http: reqwest::Client,
    server: Arc<str>,
    audit: Arc<AuditData>,
    mut devices: Vec<Device>,
    from: Instant,
    until: Instant,
) -> Timings {
    let mut timings = Timings::default();
    let mut next = 0;
    while Instant::now() < until && !devices.is_empty() {
        let count = devices.len();
        let device = &mut devices[next % count];
        next += 1;
        let (item, score) = {
            let mut rng = rand::rng();
            (
                ITEMS[rng.random_range(0..ITEMS.len())],
                rng.random_range(1..=5),
            )
        };
        let Ok(input) = AnswerInput::score(score) else {
            continue;
        };
        if device.response.answer(&audit, item, &input).is_err() {
            timings.errors += 1;
            continue;
        }
        for _ in 0..4 {
            let documents = device.messages();
            if documents.iter().all(|d| d.message.is_none()) {
                break;
            }
            let started = Instant::now();
            let reply = post_sync(&http, &server, &device.token, documents).await;
            let counted = started >= from;
            if counted {
                timings.sync.push(started.elapsed().as_micros() as u64);
            }
            match reply.and_then(|r| device.receive(r)) {
                Ok(()) => {}
                Err(_) => {
                    timings.errors += usize::from(counted);
                    break;
                }
            }
        }
    }
    timings
}

async fn join_one(
    http: &reqwest::Client,
    server: &str,
    code: &str,
    n: usize,
    audit_id: &DocumentId,
    audit_doc: &AutoCommit,
    audit: &AuditData,
) -> Result<Device> {
    let name = format!("Device {n}");
    let joined: JoinResponse = http
        .post(format!("{server}/v1/join"))
        .json(&JoinRequest {
            code: code.to_owned(),
            display_name: name.clone(),
            group: "other".into(),
            gender: None,
        })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let response_id = joined.response_doc.context("a participant")?;
    let response =
        ResponseDocument::create(audit_id, audit, &joined.participant_id, &joining(&name))?;
    let mut device = Device {
        token: joined.token,
        audit_id: audit_id.clone(),
        audit: audit_doc.clone(),
        audit_state: State::new(),
        response_id,
        response,
        response_state: State::new(),
    };
    // The first sync: the device stores its response document on the server.
    for _ in 0..4 {
        let documents = device.messages();
        if documents.iter().all(|d| d.message.is_none()) {
            break;
        }
        let reply = post_sync(http, server, &device.token, documents).await?;
        device.receive(reply)?;
    }
    Ok(device)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)] as f64 / 1000.0
}

fn facilitator_token(args: &Args) -> Result<String> {
    match (&args.token, &args.data) {
        (Some(token), _) => Ok(token.clone()),
        (None, Some(data)) => create_facilitator(data, "Load generator"),
        (None, None) => bail!("pass --token TOKEN or --data DIR (the server's data folder)"),
    }
}

async fn load(args: Args) -> Result<()> {
    let server = args.server.trim_end_matches('/').to_owned();
    let token = facilitator_token(&args)?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .pool_idle_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(60))
        .build()?;
    let created: cityaudit_core::sync::protocol::CreateAuditResponse = http
        .post(format!("{server}/v1/audits"))
        .bearer_auth(&token)
        .json(&new_audit("Load"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let audit_id = created.audit_id;
    let invite: Invite = http
        .post(format!("{server}/v1/audits/{audit_id}/invites"))
        .bearer_auth(&token)
        .json(&CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 3600,
            max_uses: args.devices.max(1) as u32,
        })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    // The audit document, as the facilitator receives it.
    let reply = post_sync(&http, &server, &token, Vec::new()).await?;
    let mut audit_doc = AutoCommit::new();
    let mut state = State::new();
    for document in reply.documents {
        if document.doc_id == audit_id {
            if let Some(encoded) = document.message {
                audit_doc
                    .sync()
                    .receive_sync_message(&mut state, Message::decode(&BASE64.decode(encoded)?)?)?;
            }
        }
    }
    let audit = Arc::new(AuditDocument::from_automerge(audit_doc.clone()).read()?);

    let joining_started = Instant::now();
    let mut groups: Vec<Vec<Device>> = (0..args.concurrency).map(|_| Vec::new()).collect();
    let mut tasks = tokio::task::JoinSet::new();
    let per_task = args.devices.div_ceil(args.concurrency.max(1));
    for (task, range) in (0..args.devices)
        .collect::<Vec<_>>()
        .chunks(per_task.max(1))
        .enumerate()
    {
        let range = range.to_vec();
        let (http, server, code) = (http.clone(), server.clone(), invite.code.clone());
        let (audit_id, audit_doc, audit) = (audit_id.clone(), audit_doc.clone(), audit.clone());
        tasks.spawn(async move {
            let mut devices = Vec::new();
            for n in range {
                devices
                    .push(join_one(&http, &server, &code, n, &audit_id, &audit_doc, &audit).await?);
            }
            Ok::<_, anyhow::Error>((task, devices))
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let (task, devices) = joined??;
        groups[task % args.concurrency.max(1)].extend(devices);
    }
    let joined_in = joining_started.elapsed();
    println!(
        "joined and first-synced {} devices in {:.1} s",
        args.devices,
        joined_in.as_secs_f64()
    );

    let warmup_started = Instant::now();
    let started = warmup_started + Duration::from_secs(args.warmup);
    let until = started + Duration::from_secs(args.duration);
    let server: Arc<str> = server.into();
    let mut tasks = tokio::task::JoinSet::new();
    for devices in groups.into_iter().filter(|g| !g.is_empty()) {
        tasks.spawn(work(
            http.clone(),
            server.clone(),
            audit.clone(),
            devices,
            started,
            until,
        ));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    while let Some(done) = tasks.join_next().await {
        let timings = done?;
        latencies.extend(timings.sync);
        errors += timings.errors;
    }
    let elapsed = started.elapsed().as_secs_f64();
    if args.warmup > 0 {
        println!("warm-up {} s (not counted)", args.warmup);
    }
    latencies.sort_unstable();
    println!(
        "devices {} concurrency {} duration {:.1} s",
        args.devices, args.concurrency, elapsed
    );
    println!(
        "sync requests {} ({:.0}/s), errors {}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        errors
    );
    println!(
        "latency ms: p50 {:.1} p95 {:.1} p99 {:.1} max {:.1}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.walk_bytes {
        let token = facilitator_token(&args)?;
        return walk::measure(&args.server, &token);
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(load(args))
}
