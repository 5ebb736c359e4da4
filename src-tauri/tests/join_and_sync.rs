//! The whole participant flow through the app's commands against the
//! embedded sync server (the real server library on loopback): join with
//! the demo invite link, answer, record a stop, add a photo, sync, restart.

use anyhow::Context;
use serde_json::json;
use std::path::PathBuf;

use cityaudit_app::embedded::{self, EmbeddedOptions};

mod common;
use common::app as open_app;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/photos")
        .join(name)
}

#[test]
fn a_participant_joins_answers_adds_a_photo_and_syncs() -> anyhow::Result<()> {
    let root = tempfile::tempdir()?;
    let server_dir = root.path().join("server");
    let invite = embedded::start(&EmbeddedOptions { port: 0 }, &server_dir)?;
    let device = root.path().join("device");
    let app = open_app(&device)?;

    let wrong = app.ok(
        "join",
        json!({"link": null, "server": invite.server, "code": "2222-2222", "displayName": "Falcon", "group": "ngos", "gender": null, "acceptPhotoTerms": true, "sharePhotoLocations": true}),
    );
    assert!(wrong.is_err(), "an unknown code is refused");

    let session = app.ok(
        "join",
        json!({"link": invite.link, "server": null, "code": null, "displayName": "Falcon", "group": "ngos", "gender": null, "acceptPhotoTerms": true, "sharePhotoLocations": true}),
    )?;
    assert_eq!(session["displayName"], "Falcon");
    assert_eq!(session["serverUrl"], invite.server);
    let audit = app.ok("audit", json!({}))?;
    assert_eq!(audit["title"], "Demo city walk");
    assert_eq!(audit["plannedStops"].as_array().context("stops")?.len(), 3);
    assert_eq!(audit["plannedStops"][0]["nameOfArea"], "Lozenets");

    app.ok(
        "answer_item",
        json!({"item": "vision.1", "value": 5, "comment": "Clear signs"}),
    )?;
    let planned = audit["plannedStops"][1]["id"].clone();
    let stop = app.ok(
        "visit_stop",
        json!({"plannedStop": planned, "nameOfArea": "Centre", "specificLocation": "Office", "visitedAt": 1_780_000_000_000_i64, "utcOffsetMin": 180, "location": null}),
    )?;
    app.ok(
        "answer_at_stop",
        json!({"stop": stop["id"], "item": "environment.3", "value": "dont_know"}),
    )?;
    let photo = app.ok(
        "add_photo",
        json!({"path": fixture("Kodak_CX7530.jpg").to_str(), "dataBase64": null, "fileName": "Kodak_CX7530.jpg", "title": "Market", "caption": "", "theme": "improvement", "stop": stop["id"], "fallbackLocation": null}),
    )?;
    assert_eq!(photo["location"]["source"], "exif");
    let before = app.ok("sync_status", json!({}))?;
    assert!(before["pendingChanges"].as_u64().context("pending")? > 0);
    assert_eq!(before["uploads"].as_array().context("uploads")?.len(), 1);

    let status = app.ok("sync_now", json!({}))?;
    assert_eq!(status["state"], "upToDate", "{status}");
    assert_eq!(status["pendingChanges"], 0);
    assert_eq!(status["uploads"], json!([]));
    assert!(status["lastSyncAt"].as_i64().is_some());
    let response = app.ok("response", json!({}))?;
    assert_eq!(response["photos"][0]["uploaded"], true);

    // The server holds the shared copy byte for byte.
    let hash = photo["hash"].as_str().context("hash")?;
    let on_server = std::fs::read(server_dir.join("blobs").join(hash))?;
    let on_device = std::fs::read(device.join("profile.blobs").join(hash))?;
    assert_eq!(on_server, on_device);

    // After a restart the session is still there: no second join.
    drop(app);
    let app = open_app(&device)?;
    let again = app.ok("session", json!({}))?;
    assert_eq!(again["responseId"], session["responseId"]);
    assert_eq!(
        app.ok("response", json!({}))?["answers"]["vision.1"]["value"],
        5
    );
    Ok(())
}

#[test]
fn an_unreachable_server_shows_offline_and_keeps_the_work() -> anyhow::Result<()> {
    let root = tempfile::tempdir()?;
    let server_dir = root.path().join("server");
    let invite = embedded::start(&EmbeddedOptions { port: 0 }, &server_dir)?;
    let device = root.path().join("device");
    let app = open_app(&device)?;
    app.ok(
        "join",
        json!({"link": invite.link, "displayName": "Heron", "group": "ngos", "acceptPhotoTerms": false}),
    )?;
    // Point the session at a port where nothing listens, as when the network is gone.
    drop(app);
    {
        let mut profile = cityaudit_core::profile::Profile::open(&device.join("profile.sqlite"))?;
        let mut session = profile.session()?.context("session")?;
        session.server = "http://127.0.0.1:9".into();
        profile.set_session(&session)?;
    }
    let app = open_app(&device)?;
    app.ok("answer_item", json!({"item": "vision.2", "value": 2}))?;
    let status = app.ok("sync_now", json!({}))?;
    assert_eq!(status["state"], "offline", "{status}");
    assert!(status["pendingChanges"].as_u64().context("pending")? > 0);
    assert!(status["lastError"]
        .as_str()
        .context("error")?
        .contains("cannot be reached"));
    let refused = app.ok(
        "add_photo",
        json!({"path": fixture("Kodak_CX7530.jpg").to_str(), "fileName": "k.jpg", "title": "T", "theme": "friendly"}),
    );
    assert!(
        refused.is_err(),
        "no photos without accepting the usage terms"
    );
    Ok(())
}
