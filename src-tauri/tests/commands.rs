//! The app's commands through Tauri's IPC (mock runtime): the JSON the UI
//! sends in, the JSON it gets back, errors in words, durability, and the
//! tap-to-durable latency of a score.

use anyhow::Context;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cityaudit_app::state::PROFILE_FILE;
use cityaudit_core::model::Role;
use cityaudit_core::model::{AnswerValue, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::{Profile, Session};

mod common;
use common::{app, App};

/// A profile that joined an audit created on this device (no server needed).
fn joined_profile(dir: &Path) -> anyhow::Result<()> {
    let mut profile = Profile::open(&dir.join(PROFILE_FILE))?;
    let audit_id = profile.create_audit(&NewAudit {
        title: "Walk".into(),
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
    let response = profile.join(
        &audit_id,
        &NewParticipant {
            display_name: "Falcon".into(),
            group: "ngos".into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: true,
        },
    )?;
    let participant_id = profile
        .response(&response)?
        .participant()
        .context("participant")?
        .id
        .clone();
    profile.set_session(&Session {
        // Nothing listens on the discard port: sync is not part of these tests.
        server: "http://127.0.0.1:9".into(),
        token: "unused".into(),
        role: Role::Participant,
        audit_id,
        participant_id,
        response_doc: Some(response),
        read_only_audits: Vec::new(),
    })?;
    Ok(())
}

fn setup() -> anyhow::Result<(tempfile::TempDir, App)> {
    let dir = tempfile::tempdir()?;
    joined_profile(dir.path())?;
    let app = app(dir.path())?;
    Ok((dir, app))
}

#[test]
fn session_and_audit_come_back_in_the_ui_shape() -> anyhow::Result<()> {
    let (_dir, app) = setup()?;
    let session = app.call("session", json!({})).map_err(anyhow::Error::msg)?;
    assert_eq!(session["displayName"], "Falcon");
    assert_eq!(session["group"], "ngos");
    assert_eq!(session["role"], "participant");
    assert_eq!(session["language"], Value::Null);
    let audit = app.call("audit", json!({})).map_err(anyhow::Error::msg)?;
    assert_eq!(audit["city"], "Sofia");
    assert_eq!(audit["startsOn"], "2026-05-01");
    let sections = audit["checklist"]["sections"]
        .as_array()
        .context("sections")?;
    assert_eq!(sections.len(), 4);
    assert_eq!(
        sections[2]["per_stop"], true,
        "templates pass through in snake_case"
    );
    assert_eq!(audit["photovoice"]["themes"][0]["id"], "friendly");
    Ok(())
}

#[test]
fn a_session_is_null_before_joining() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = app(dir.path())?;
    assert_eq!(app.call("session", json!({})), Ok(Value::Null));
    let refused = app.call("answer_item", json!({"item": "vision.1", "value": 3}));
    assert_eq!(
        refused,
        Err("This device has not joined an audit as a participant yet".into())
    );
    Ok(())
}

#[test]
fn answers_change_only_what_is_sent_and_survive_a_restart() -> anyhow::Result<()> {
    let (dir, app) = setup()?;
    let scored = app
        .call("answer_item", json!({"item": "vision.1", "value": 4}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(scored["answer"]["value"], 4);
    assert!(
        scored["answer"]["updatedAt"]
            .as_i64()
            .context("updatedAt")?
            > 0
    );
    assert_eq!(scored["progress"]["overall"]["answered"], 1);
    let commented = app
        .call(
            "answer_item",
            json!({"item": "vision.1", "comment": "Ramps at the town hall"}),
        )
        .map_err(anyhow::Error::msg)?;
    assert_eq!(commented["answer"]["value"], 4, "a left-out value stays");
    assert_eq!(commented["answer"]["comment"], "Ramps at the town hall");
    let dont_know = app
        .call(
            "answer_item",
            json!({"item": "vision.2", "value": "dont_know"}),
        )
        .map_err(anyhow::Error::msg)?;
    assert_eq!(dont_know["answer"]["value"], "dont_know");
    assert_eq!(
        dont_know["progress"]["overall"]["answered"], 2,
        "don't know counts"
    );
    let cleared = app
        .call("answer_item", json!({"item": "vision.2", "value": null}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(cleared["answer"]["value"], Value::Null, "null clears");
    assert_eq!(cleared["progress"]["overall"]["answered"], 1);

    drop(app);
    let app = self::app(dir.path())?;
    let response = app
        .call("response", json!({}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(response["answers"]["vision.1"]["value"], 4);
    assert_eq!(response["progress"]["overall"]["answered"], 1);
    assert_eq!(response["progress"]["sections"]["vision"]["answered"], 1);
    assert_eq!(
        response["answers"]["vision.1"]["comment"],
        "Ramps at the town hall"
    );
    assert_eq!(response["answers"]["vision.2"]["value"], Value::Null);
    Ok(())
}

#[test]
fn bad_answers_are_refused_in_words_and_change_nothing() -> anyhow::Result<()> {
    let (_dir, app) = setup()?;
    let nine = app
        .call("answer_item", json!({"item": "vision.1", "value": 9}))
        .expect_err("9 refused");
    assert!(nine.contains("choose 1 (poor) to 5 (excellent)"), "{nine}");
    let per_stop = app
        .call("answer_item", json!({"item": "environment.1", "value": 2}))
        .expect_err("per stop");
    assert!(per_stop.contains("answered per stop"), "{per_stop}");
    let unknown = app
        .call("answer_item", json!({"item": "nope", "value": 2}))
        .expect_err("unknown");
    assert!(unknown.contains("no statement"), "{unknown}");
    let garbled = app
        .call("answer_item", json!({"value": 2}))
        .expect_err("no item");
    assert!(
        garbled.starts_with("The app sent a request it cannot read"),
        "{garbled}"
    );
    let response = app
        .call("response", json!({}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(response["answers"]["vision.1"]["updatedAt"], 0);
    Ok(())
}

#[test]
fn stops_take_their_own_answers() -> anyhow::Result<()> {
    let (_dir, app) = setup()?;
    let stop = app
        .call(
            "visit_stop",
            json!({
                "plannedStop": null,
                "nameOfArea": "Centre",
                "specificLocation": "Bus stop",
                "visitedAt": 1_780_000_000_000_i64,
                "utcOffsetMin": 180,
                "location": {"lat": 42.69, "lon": 23.32, "accuracyM": 8.0, "source": "device"}
            }),
        )
        .map_err(anyhow::Error::msg)?;
    let id = stop["id"].as_str().context("stop id")?;
    assert_eq!(stop["location"]["accuracyM"], 8.0);
    assert_eq!(stop["answers"]["environment.1"]["value"], Value::Null);
    let answered = app
        .call(
            "answer_at_stop",
            json!({"stop": id, "item": "environment.1", "value": 2}),
        )
        .map_err(anyhow::Error::msg)?;
    assert_eq!(answered["answer"]["value"], 2);
    assert_eq!(answered["stopProgress"]["answered"], 1);
    assert_eq!(answered["progress"]["overall"]["answered"], 0);
    let bad = app
        .call("visit_stop", json!({"nameOfArea": "X", "visitedAt": 1, "location": {"lat": 95, "lon": 0, "source": "manual"}}))
        .expect_err("off the globe");
    assert!(bad.contains("not a valid latitude/longitude"), "{bad}");
    Ok(())
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/photos")
        .join(name)
}

#[test]
fn photos_from_a_path_show_their_exif_location_and_can_be_edited() -> anyhow::Result<()> {
    let (_dir, app) = setup()?;
    let path = fixture("DSCN0010.jpg");
    let photo = app
        .call(
            "add_photo",
            json!({
                "path": path.to_str(), "dataBase64": null, "fileName": "DSCN0010.jpg",
                "title": "Square", "caption": "", "theme": "friendly", "stop": null,
                "fallbackLocation": {"lat": 1.0, "lon": 1.0, "accuracyM": null, "source": "device"}
            }),
        )
        .map_err(anyhow::Error::msg)?;
    assert_eq!(photo["location"]["source"], "exif");
    assert!(photo["thumbnail"]
        .as_str()
        .context("thumbnail")?
        .starts_with("data:image/jpeg;base64,"));
    assert_eq!(photo["uploaded"], false);
    let edited = app
        .call("edit_photo", json!({"hash": photo["hash"], "title": "Main square", "caption": "Benches", "theme": "improvement"}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(edited["title"], "Main square");
    assert_eq!(edited["theme"], "improvement");
    let status = app
        .call("sync_status", json!({}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(status["uploads"][0]["title"], "Main square");
    assert_eq!(status["state"], "neverSynced");
    let webp = app
        .call("add_photo", json!({"path": fixture("HTC_Desire.webp").to_str(), "fileName": "HTC_Desire.webp", "title": "W", "theme": "friendly"}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(webp["location"]["source"], "exif", "a WebP is accepted");
    Ok(())
}

#[test]
fn language_choice_is_kept() -> anyhow::Result<()> {
    let (_dir, app) = setup()?;
    app.call("set_language", json!({"language": "ar"}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(
        app.call("session", json!({})).map_err(anyhow::Error::msg)?["language"],
        "ar"
    );
    app.call("set_language", json!({"language": null}))
        .map_err(anyhow::Error::msg)?;
    assert_eq!(
        app.call("session", json!({})).map_err(anyhow::Error::msg)?["language"],
        Value::Null
    );
    assert!(app
        .call("set_language", json!({"language": "<script>"}))
        .is_err());
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Tap-to-durable: one `answer_item` through IPC, returning only after the
/// change is in SQLite (WAL, synchronous=FULL). Run with `--nocapture` to
/// see the figures.
#[test]
fn tap_to_durable_latency_of_a_score() -> anyhow::Result<()> {
    const TAPS: usize = 1000;
    let (dir, app) = setup()?;
    let items: Vec<String> = (1..=8).map(|n| format!("vision.{n}")).collect();
    let mut timings = Vec::with_capacity(TAPS);
    let mut last = std::collections::HashMap::new();
    for tap in 0..TAPS {
        let item = &items[tap % items.len()];
        let score = (tap % 5 + 1) as i64;
        let started = Instant::now();
        let answer = app
            .call("answer_item", json!({"item": item, "value": score}))
            .map_err(anyhow::Error::msg)?;
        timings.push(started.elapsed());
        assert_eq!(answer["answer"]["value"], score);
        last.insert(item.clone(), score);
    }
    timings.sort();
    let (p50, p99) = (percentile(&timings, 0.50), percentile(&timings, 0.99));
    println!(
        "tap-to-durable over {TAPS} answer_item calls: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        p50.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        timings[TAPS - 1].as_secs_f64() * 1000.0
    );
    // Every last score is on disk: read back with a fresh profile.
    drop(app);
    let profile = Profile::open(&dir.path().join(PROFILE_FILE))?;
    let response = profile
        .session()?
        .and_then(|s| s.response_doc)
        .context("response")?;
    let data = profile.response(&response)?;
    for (item, answer) in data.answers().filter(|(item, _)| last.contains_key(*item)) {
        let stored = match &answer.value {
            AnswerValue::Score(s) => i64::from(s.get()),
            other => anyhow::bail!("{item}: {other:?}"),
        };
        assert_eq!(stored, last[item], "{item}");
    }
    // A generous bound so a busy CI machine passes; the goal (10 ms) is in docs/benchmarks.md.
    assert!(p99 < Duration::from_millis(100), "p99 {p99:?}");
    Ok(())
}
