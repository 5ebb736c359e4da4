//! The facilitator's commands through Tauri's IPC (mock runtime): a
//! facilitator profile holding the audit and three participants' responses
//! gets results equal to core's analysis, records a consensus score, and
//! exports the report and the CSV with the numbers in them.

use anyhow::Context;
use serde_json::{json, Value};
use std::path::Path;

use cityaudit_app::state::PROFILE_FILE;
use cityaudit_core::analysis::analyse;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::Role;
use cityaudit_core::model::{AnswerInput, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::{Profile, Session};
use cityaudit_core::views::facilitator::audit_responses;

mod common;
use common::app;

/// Scores of the three participants for `vision.1`, `vision.2`, `vision.3`.
const SCORES: [(&str, &str, [i64; 3]); 3] = [
    ("Falcon", "tcn_communities", [1, 4, 2]),
    ("Heron", "local_administration", [5, 4, 3]),
    ("Lynx", "ngos", [4, 2, 3]),
];

/// A facilitator's profile with the audit and three participants' responses,
/// as a sync leaves it.
fn facilitator_profile(dir: &Path, role: Role) -> anyhow::Result<DocumentId> {
    let mut profile = Profile::open(&dir.join(PROFILE_FILE))?;
    let audit_id = profile.create_audit(&NewAudit {
        title: "Sofia walk".into(),
        city: "Sofia".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-02".into(),
        meeting_point: "Square".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    })?;
    for (name, group, scores) in SCORES {
        let response = profile.join(
            &audit_id,
            &NewParticipant {
                display_name: name.into(),
                group: group.into(),
                gender: None,
                accept_photo_terms: true,
                share_photo_locations: true,
            },
        )?;
        for (n, score) in scores.iter().enumerate() {
            let item = format!("vision.{}", n + 1);
            profile.answer(&response, &item, &AnswerInput::score(*score)?)?;
        }
    }
    profile.set_session(&Session {
        // Nothing listens on the discard port: progress falls back to "unknown".
        server: "http://127.0.0.1:9".into(),
        token: "unused".into(),
        role,
        audit_id: audit_id.clone(),
        participant_id: "facilitator".into(),
        response_doc: None,
        read_only_audits: Vec::new(),
    })?;
    Ok(audit_id)
}

/// Rows of a CSV text (quoted fields with doubled quotes, CRLF or LF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn item<'a>(results: &'a Value, id: &str) -> anyhow::Result<&'a Value> {
    results["sections"]
        .as_array()
        .context("sections")?
        .iter()
        .flat_map(|s| s["items"].as_array().into_iter().flatten())
        .find(|i| i["item"] == id)
        .with_context(|| format!("no {id}"))
}

#[test]
fn results_consensus_and_exports_of_three_participants() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let audit_id = facilitator_profile(dir.path(), Role::Facilitator)?;
    let exports = dir.path().join("exports");
    std::env::set_var("CITYAUDIT_EXPORT_DIR", &exports);
    let app = app(dir.path())?;

    // Results equal core's analysis of the same documents.
    let results = app.ok("results", json!({ "compareWith": null }))?;
    let expected = {
        let profile = Profile::open(&dir.path().join(PROFILE_FILE))?;
        let responses = audit_responses(&profile, &audit_id)?;
        serde_json::to_value(analyse(profile.audit(&audit_id)?, &responses, None))?
    };
    assert_eq!(results, expected);
    assert_eq!(results["participants"], 3);
    let vision1 = item(&results, "vision.1")?;
    // Scores 1, 4, 5: mean 10/3, range 4 -> flagged.
    let mean = vision1["scores"]["mean"].as_f64().context("mean")?;
    assert!((mean - 10.0 / 3.0).abs() < 1e-9, "{vision1}");
    assert_eq!(vision1["scores"]["median"], 4.0);
    assert_eq!(vision1["counts"], json!([1, 0, 0, 1, 1]));
    assert_eq!(vision1["flagged"], true);
    assert_eq!(item(&results, "vision.3")?["flagged"], false);
    let groups: Vec<&str> = results["groups"]
        .as_array()
        .context("groups")?
        .iter()
        .filter_map(|g| g["group"].as_str())
        .collect();
    assert_eq!(groups.len(), 3, "{groups:?}");

    // Progress falls back to "unknown" last sync when the server is away.
    let progress = app.ok("progress", json!({}))?;
    assert_eq!(progress["totals"]["participants"], 3);
    assert_eq!(progress["participants"][0]["lastSyncAt"], Value::Null);
    assert_eq!(progress["participants"][0]["itemsAnswered"], 3);

    // A consensus score for the flagged statement is kept.
    let record = app.ok(
        "set_consensus",
        json!({ "item": "vision.1", "score": 4, "note": "Agreed after the walk" }),
    )?;
    assert_eq!(record["score"], 4);
    let bad = app.call(
        "set_consensus",
        json!({ "item": "vision.1", "score": 9, "note": "" }),
    );
    assert!(bad.as_ref().is_err_and(|e| e.contains("1 to 5")), "{bad:?}");
    app.ok("set_area_ideas", json!({ "section": "vision", "ideas": "One-stop shop", "recommendations": "Fund mediators" }))?;
    let records = app.ok("facilitator_records", json!({}))?;
    assert_eq!(
        records["consensus"]["vision.1"]["note"],
        "Agreed after the walk"
    );
    assert_eq!(records["areaIdeas"]["vision"]["ideas"], "One-stop shop");

    // Exports carry the computed numbers.
    let html = app.ok("export", json!({ "format": "html" }))?;
    let path = html["path"].as_str().context("path")?;
    assert!(Path::new(path).starts_with(&exports), "{path}");
    let text = std::fs::read_to_string(path)?;
    assert_eq!(html["bytes"].as_u64(), Some(text.len() as u64));
    assert!(
        text.contains("3.33"),
        "the mean of vision.1 is in the report"
    );
    assert!(text.contains("One-stop shop"));
    let csv = app.ok("export", json!({ "format": "csv" }))?;
    let text = std::fs::read_to_string(csv["path"].as_str().context("path")?)?;
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    let header = rows.first().context("header")?;
    let column = |name: &str| header.iter().position(|h| h == name).context("column");
    let (who, statement, score) = (column("pseudonym")?, column("statement")?, column("score")?);
    for (name, _, scores) in SCORES {
        let found: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[who] == name && r[statement] == "vision.1")
            .collect();
        assert_eq!(found.len(), 1, "one row per participant x statement");
        assert_eq!(found[0][score], scores[0].to_string());
    }
    // Nobody took photos or recorded positions: the gallery and map are empty.
    assert_eq!(app.ok("photos_for_review", json!({}))?, json!([]));
    let map = app.ok("map_features", json!({}))?;
    for kind in ["stops", "photos", "tracks", "route", "hotSpots", "legend"] {
        assert_eq!(map[kind], json!([]), "{kind}");
    }
    assert_eq!(map["scoreScale"].as_array().map(Vec::len), Some(5));
    let unknown = app.call("export", json!({ "format": "pdf" }));
    assert!(unknown.is_err());
    Ok(())
}

#[test]
fn participants_cannot_use_facilitator_commands() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    facilitator_profile(dir.path(), Role::Participant)?;
    let app = app(dir.path())?;
    let refused = app.call("results", json!({ "compareWith": null }));
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("facilitator")),
        "{refused:?}"
    );
    // The participant's commands still route.
    assert!(app.call("session", json!({})).is_ok());
    Ok(())
}

/// The real `cityaudit-sync` binary on a free loopback port, killed on drop.
/// It is looked up beside this test's folder (`target/<profile>/`), where
/// `cargo test --workspace` or `cargo build -p cityaudit-sync` puts it.
struct RealServer {
    child: std::process::Child,
    url: String,
    data: std::path::PathBuf,
}

impl RealServer {
    fn start(data: &Path) -> anyhow::Result<Self> {
        use std::io::{BufRead, BufReader};
        let exe = std::env::current_exe()?;
        let name = format!("cityaudit-sync{}", std::env::consts::EXE_SUFFIX);
        let binary = exe
            .ancestors()
            .skip(1)
            .take(3)
            .map(|dir| dir.join(&name))
            .find(|candidate| candidate.is_file())
            .context("cityaudit-sync is not built: run `cargo build -p cityaudit-sync` first")?;
        let mut child = std::process::Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let mut line = String::new();
        let stdout = child.stdout.take().context("server stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .map(str::to_owned)
            .with_context(|| format!("unexpected first line {line:?}"));
        let url = match url {
            Ok(url) => url,
            Err(error) => {
                let _ = child.kill();
                return Err(error);
            }
        };
        Ok(RealServer {
            child,
            url,
            data: data.to_owned(),
        })
    }

    fn admin(&self, args: &[&str]) -> anyhow::Result<String> {
        let exe = std::env::current_exe()?;
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .context("target folder")?;
        let output = std::process::Command::new(dir.join("cityaudit-sync"))
            .arg("admin")
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .output()?;
        anyhow::ensure!(output.status.success(), "admin {args:?} failed");
        Ok(String::from_utf8(output.stdout)?.trim().to_owned())
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn create_audit_invite_and_progress_against_the_real_server() -> anyhow::Result<()> {
    use cityaudit_core::sync::client::{join, SyncClient};
    use cityaudit_core::sync::protocol::JoinRequest;

    let dir = tempfile::tempdir()?;
    let server = RealServer::start(&dir.path().join("server"))?;
    let token = server.admin(&["create-facilitator", "--name", "Walk lead"])?;
    // The facilitator's first audit, made as the admin's facilitator would.
    let mut session = Session {
        server: server.url.clone(),
        token,
        role: Role::Facilitator,
        audit_id: DocumentId::random(),
        participant_id: String::new(),
        response_doc: None,
        read_only_audits: Vec::new(),
    };
    let first = SyncClient::for_session(&session)?.create_audit(&NewAudit {
        title: "Earlier walk".into(),
        city: "Varna".into(),
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-01".into(),
        meeting_point: "Port".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
    })?;
    session.audit_id = first.clone();
    let app_dir = dir.path().join("app");
    std::fs::create_dir_all(&app_dir)?;
    Profile::open(&app_dir.join(PROFILE_FILE))?.set_session(&session)?;
    let app = app(&app_dir)?;

    // A fresh audit from the Prepare form: created on the server, planned, synced.
    let now = cityaudit_core::model::now_ms();
    let audit = app.ok(
        "create_audit",
        json!({
            "title": "Harbour walk",
            "city": "Varna",
            "startsOn": "2026-06-01",
            "endsOn": "2026-06-02",
            "meetingPoint": "Sea garden gate",
            "templates": "both",
            "plannedStops": [{ "nameOfArea": "Old town", "specificLocation": "Roman baths",
                               "position": { "lat": 43.2, "lon": 27.9 } }],
            "photovoiceWindow": { "opensAt": now, "closesAt": now + 86_400_000 },
        }),
    )?;
    let audit_id = DocumentId::parse(audit["id"].as_str().context("audit id")?)?;
    assert_ne!(audit_id, first, "a new audit");
    assert_eq!(audit["title"], "Harbour walk");

    // An invite for participants, redeemed by a real participant device.
    let refused = app.call(
        "create_invite",
        json!({ "role": "participant", "expiresAt": now - 1, "maxUses": 5 }),
    );
    assert!(refused.is_err(), "an invite must expire in the future");
    let invite = app.ok(
        "create_invite",
        json!({ "role": "participant", "expiresAt": now + 86_400_000, "maxUses": 5 }),
    )?;
    let code = invite["code"].as_str().context("code")?.to_owned();
    assert!(invite["qrSvg"].as_str().is_some_and(|s| s.contains("<svg")));
    let joined = join(
        cityaudit_core::sync::http::default_transport(),
        &server.url,
        &JoinRequest {
            code,
            display_name: "Falcon".into(),
            group: "tcn_communities".into(),
            gender: None,
        },
    )?;
    assert_eq!(joined.audit_id, audit_id, "the invite is to the new audit");
    let participant_session = Session::from_join(&server.url, joined);
    let mut phone = Profile::open(&dir.path().join("phone.sqlite"))?;
    phone.set_session(&participant_session)?;
    let client = SyncClient::for_session(&participant_session)?;
    client.sync_documents(&mut phone)?;
    let stops = phone.audit(&audit_id)?.planned_stops().count();
    assert_eq!(stops, 1, "the planned stop reached the participant");
    let response = phone.create_joined_response(
        &participant_session,
        &NewParticipant {
            display_name: "Falcon".into(),
            group: "tcn_communities".into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: true,
        },
    )?;
    phone.answer(&response, "vision.1", &AnswerInput::score(4)?)?;
    phone.answer(&response, "vision.2", &AnswerInput::score(2)?)?;
    client.sync_once(&mut phone)?;

    // The facilitator syncs and sees the participant with the server's last sync.
    let status = app.ok("sync_now", json!({}))?;
    assert_eq!(status["state"], "upToDate", "{status}");
    let progress = app.ok("progress", json!({}))?;
    assert_eq!(progress["totals"]["participants"], 1, "{progress}");
    let falcon = &progress["participants"][0];
    assert_eq!(falcon["pseudonym"], "Falcon");
    assert_eq!(falcon["itemsAnswered"], 2);
    assert!(
        falcon["lastSyncAt"].as_i64().is_some_and(|at| at >= now),
        "{falcon}"
    );
    Ok(())
}
