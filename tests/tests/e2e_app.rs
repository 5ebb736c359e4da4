//! End to end in a real window: the built app under Xvfb, driven through
//! `tauri-driver` and WebKitWebDriver, joins the real `cityaudit-sync`
//! server with an invite, walks two sections of the checklist, answers a
//! stop, adds two photos (one with GPS EXIF, one without), syncs, and the
//! server is then read as the facilitator: it must hold exactly those
//! answers and photos. Screenshots of every main screen go to
//! `docs/screenshots/`.
//!
//! Needs the app and server built (`cargo build -p cityaudit-app -p
//! cityaudit-sync`), Xvfb, WebKitWebDriver and tauri-driver; `scripts/test`
//! provides all of them. Anything missing fails the test with what to do.
#![cfg(unix)]

use anyhow::{bail, ensure, Context, Result};
use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::media::read_metadata;
use cityaudit_core::model::{AnswerValue, NewAudit, ResponseDocument, TemplateChoice};
use cityaudit_core::store::BlobDir;
use cityaudit_core::sync::protocol::{
    CreateAuditResponse, DocumentMessage, SyncRequest, SyncResponse,
};
use cityaudit_tests::desktop::{workspace_binary, Driver, VirtualDisplay};
use cityaudit_tests::server::{admin, Server};
use cityaudit_tests::webdriver::{testid, Session, WebDriverError};
use cityaudit_tests::window::{
    choose, fill_join_form, pick_file, submit_join, tap_id, type_into, wait_attribute, SHORT,
};

/// Long enough for a debug build on a busy 2-core machine.
const LONG: Duration = Duration::from_secs(60);

/// The two whole-city sections walked, and the per-stop one.
const SECTIONS: [&str; 2] = ["vision", "participation"];
const STOP_SECTION: &str = "environment";

/// One answer the test gives: a score 1-5, or `None` for "don't know".
#[derive(Debug, Clone, PartialEq)]
struct Given {
    score: Option<u8>,
    comment: String,
}

/// A photo the test adds from `tests/fixtures/`.
struct Fixture {
    file: &'static str,
    title: &'static str,
    caption: &'static str,
    theme: &'static str,
}

const PHOTOS: [Fixture; 2] = [
    Fixture {
        file: "DSCN0010.jpg",
        title: "Square by the river",
        caption: "Benches in the shade where people meet",
        theme: "friendly",
    },
    Fixture {
        file: "img_1771_no_exif.jpg",
        title: "Closed library",
        caption: "Open two mornings a week",
        theme: "improvement",
    },
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn screenshot(session: &Session, name: &str) -> Result<()> {
    let path = repo_root()
        .join("docs/screenshots")
        .join(format!("{name}.png"));
    session
        .screenshot(&path)
        .with_context(|| format!("screenshot {name}"))
}

/// The expected latitude and longitude of a fixture, from `tests/fixtures/expected.csv`.
fn expected_position(file: &str) -> Result<Option<(f64, f64)>> {
    let table = std::fs::read_to_string(fixture("expected.csv"))?;
    let line = table
        .lines()
        .find(|line| line.split(',').next() == Some(file))
        .with_context(|| format!("{file} is not in expected.csv"))?;
    let fields: Vec<&str> = line.split(',').collect();
    if fields.get(1) != Some(&"yes") {
        return Ok(None);
    }
    let lat = fields.get(2).context("lat")?.parse()?;
    let lon = fields.get(3).context("lon")?.parse()?;
    Ok(Some((lat, lon)))
}

/// Scores every statement of a section (at a stop when `stop` is set) and
/// returns what was given.
fn walk_section(
    session: &Session,
    stop: Option<&str>,
    section: &str,
    items: &[String],
) -> Result<BTreeMap<String, Given>> {
    let prefix = stop
        .map(|id| format!("stop-{{kind}}-{id}-"))
        .unwrap_or_else(|| "{kind}-".into());
    let id = |kind: &str, rest: &str| format!("{}{rest}", prefix.replace("{kind}", kind));
    let mut given = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        // Scores cycle through the scale; every fourth is "don't know".
        let score = if index % 4 == 3 {
            None
        } else {
            Some(u8::try_from(index % 5 + 1)?)
        };
        match score {
            Some(n) => tap_id(session, &id("score", &format!("{item}-{n}")))?,
            None => tap_id(session, &id("dont-know", item))?,
        }
        let comment = if index == 0 {
            format!("Seen on the walk ({section})")
        } else {
            String::new()
        };
        if !comment.is_empty() {
            type_into(session, &id("comment", item), &comment)?;
        }
        given.insert(item.clone(), Given { score, comment });
    }
    // Blur the last field so its comment is flushed, then wait for every save.
    session.execute(
        "document.activeElement && document.activeElement.blur()",
        vec![],
    )?;
    for item in items {
        session
            .wait_for(&testid(&id("saved", item)), SHORT)
            .with_context(|| format!("{item} saved"))?;
    }
    Ok(given)
}

/// Statement ids of a section, read from the built-in template.
fn section_items(section: &str) -> Result<Vec<String>> {
    let template: Value = serde_json::from_str(&std::fs::read_to_string(
        repo_root().join("core/templates/integra_checklist.json"),
    )?)?;
    let sections = template["sections"].as_array().context("sections")?;
    let found = sections
        .iter()
        .find(|s| s["id"] == section)
        .with_context(|| format!("section {section}"))?;
    found["items"]
        .as_array()
        .context("items")?
        .iter()
        .map(|item| item["id"].as_str().map(str::to_owned).context("item id"))
        .collect()
}

/// Hands a fixture to the photo picker: the same `change` event a person's
/// pick fires, with the file's bytes.
fn pick_photo(session: &Session, file: &str) -> Result<()> {
    pick_file(session, "photo-file", file, &std::fs::read(fixture(file))?)
}

/// Hashes of the photo cards shown, by title.
fn photo_cards(session: &Session) -> Result<BTreeMap<String, String>, WebDriverError> {
    let mut cards = BTreeMap::new();
    for card in session.find_all("[data-testid^=\"photo-card-\"]")? {
        let id = card.attribute("data-testid")?.unwrap_or_default();
        let hash = id.trim_start_matches("photo-card-").to_owned();
        let title = session
            .find(&format!("{} .photo-title", testid(&id)))?
            .text()?;
        cards.insert(title, hash);
    }
    Ok(cards)
}

/// Reads every document the facilitator may see, over the sync protocol.
fn facilitator_documents(
    http: &Client,
    url: &str,
    token: &str,
) -> Result<BTreeMap<DocumentId, AutoCommit>> {
    let mut docs: BTreeMap<DocumentId, AutoCommit> = BTreeMap::new();
    let mut states: BTreeMap<DocumentId, State> = BTreeMap::new();
    for round in 0..16 {
        let mut documents = Vec::new();
        for (id, doc) in &mut docs {
            let state = states.entry(id.clone()).or_default();
            documents.push(DocumentMessage {
                doc_id: id.clone(),
                message: doc
                    .sync()
                    .generate_sync_message(state)
                    .map(|m| BASE64.encode(m.encode())),
            });
        }
        if round > 0 && documents.iter().all(|d| d.message.is_none()) {
            return Ok(docs);
        }
        let reply: SyncResponse = http
            .post(format!("{url}/v1/sync"))
            .bearer_auth(token)
            .json(&SyncRequest { documents })
            .send()?
            .error_for_status()?
            .json()?;
        for document in reply.documents {
            let Some(encoded) = document.message else {
                continue;
            };
            let message = Message::decode(&BASE64.decode(encoded)?)?;
            let state = states.entry(document.doc_id.clone()).or_default();
            docs.entry(document.doc_id)
                .or_default()
                .sync()
                .receive_sync_message(state, message)?;
        }
    }
    bail!("the facilitator's sync did not settle")
}

#[test]
fn e2e_participant_walks_photographs_and_syncs_in_a_real_window() -> Result<()> {
    let app = workspace_binary("cityaudit", "cityaudit-app")?;
    let temp = tempfile::tempdir()?;
    let server_data = temp.path().join("server");
    let app_data = temp.path().join("app");
    std::fs::create_dir_all(&app_data)?;

    // The server, a facilitator, an audit and a participant invite.
    let server = Server::start(&server_data)?;
    let http = Client::new();
    let facilitator = admin(&server.data, &["create-facilitator", "--name", "Walk lead"])?
        .trim()
        .to_owned();
    let created: CreateAuditResponse = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&facilitator)
        .json(&NewAudit {
            title: "Riverside walk".into(),
            city: "Plovdiv".into(),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-05-02".into(),
            meeting_point: "Old bridge".into(),
            templates: TemplateChoice {
                checklist: true,
                photovoice: true,
                benchmark: false,
            },
        })
        .send()?
        .error_for_status()?
        .json()?;
    let audit_id = created.audit_id;
    let invite = admin(
        &server.data,
        &[
            "create-invite",
            "--audit",
            audit_id.as_str(),
            "--role",
            "participant",
            "--server-url",
            &server.url,
        ],
    )?;
    let link = invite
        .lines()
        .nth(1)
        .context("invite link line")?
        .to_owned();
    ensure!(
        link.starts_with("cityaudit://join?"),
        "invite link {link:?}"
    );

    // The app in a virtual display.
    let display = VirtualDisplay::start()?;
    let driver = Driver::start(
        &display,
        &temp.path().join("web"),
        &[("CITYAUDIT_DATA_DIR", &app_data)],
    )?;
    let session = Session::start(&driver.url, &app).context("launching the app")?;

    // Join with the pasted link.
    fill_join_form(&session, &link, "Heron", "tcn_communities")?;
    screenshot(&session, "join")?;
    submit_join(&session, "overall-progress", LONG)?;

    // Every statement of two sections.
    let mut whole_city = BTreeMap::new();
    for section in SECTIONS {
        let items = section_items(section)?;
        let given = walk_section(&session, None, section, &items)?;
        wait_attribute(
            &session,
            &format!("section-progress-{section}"),
            "data-answered",
            &items.len().to_string(),
            SHORT,
        )?;
        whole_city.extend(given);
    }
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "checklist")?;

    // A stop with its own answers.
    tap_id(&session, "nav-stops")?;
    tap_id(&session, "stop-add")?;
    type_into(&session, "stop-name", "Kapana")?;
    type_into(&session, "stop-location", "Corner of the crafts street")?;
    let when = session
        .wait_for(&testid("stop-when"), SHORT)?
        .property("value")?;
    ensure!(
        when.as_str().is_some_and(|w| !w.is_empty()),
        "the stop's date and time are filled in, got {when}"
    );
    tap_id(&session, "stop-save")?;
    let card = session.wait_for("[data-testid^=\"stop-card-\"]", SHORT)?;
    let stop_id = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("stop-card-")
        .to_owned();
    ensure!(!stop_id.is_empty(), "the new stop has an id");
    let stop_items = section_items(STOP_SECTION)?;
    let first_score = format!("stop-score-{stop_id}-{}-1", stop_items[0]);
    if session.find(&testid(&first_score)).is_err() {
        tap_id(&session, &format!("stop-toggle-{stop_id}"))?;
    }
    let at_stop = walk_section(&session, Some(&stop_id), STOP_SECTION, &stop_items)?;
    session.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})",
        vec![json!(testid(&format!("stop-card-{stop_id}")))],
    )?;
    screenshot(&session, "stop")?;

    // Two photos: one with a GPS position in its EXIF, one without.
    tap_id(&session, "nav-photos")?;
    for photo in &PHOTOS {
        let before = photo_cards(&session)?.len();
        pick_photo(&session, photo.file)?;
        type_into(&session, "photo-title", photo.title)?;
        type_into(&session, "photo-caption", photo.caption)?;
        tap_id(&session, &format!("photo-theme-{}", photo.theme))?;
        if photo.file == PHOTOS[0].file {
            screenshot(&session, "photo-form")?;
        }
        tap_id(&session, "photo-save")?;
        session
            .wait_until(&format!("photo {} in the gallery", photo.file), LONG, |s| {
                Ok((photo_cards(s)?.len() > before).then_some(()))
            })
            .with_context(|| {
                let error = session
                    .find(&testid("photo-error"))
                    .and_then(|e| e.text())
                    .unwrap_or_default();
                format!("adding {} (error shown: {error:?})", photo.file)
            })?;
    }
    let cards = photo_cards(&session)?;
    ensure!(cards.len() == 2, "two photos in the gallery, got {cards:?}");
    let gps_hash = cards
        .get(PHOTOS[0].title)
        .context("GPS photo card")?
        .clone();
    let plain_hash = cards
        .get(PHOTOS[1].title)
        .context("plain photo card")?
        .clone();
    wait_attribute(
        &session,
        &format!("photo-location-source-{gps_hash}"),
        "data-source",
        "exif",
        SHORT,
    )?;
    let shown = session
        .find(&testid(&format!("photo-location-source-{gps_hash}")))?
        .text()?;
    ensure!(!shown.trim().is_empty(), "the photo's location is shown");
    wait_attribute(
        &session,
        &format!("photo-location-source-{plain_hash}"),
        "data-source",
        "none",
        SHORT,
    )?;
    screenshot(&session, "photos")?;

    // Sync, and wait until the status says everything is up.
    tap_id(&session, "sync-now")?;
    wait_attribute(&session, "sync-state", "data-state", "upToDate", LONG).with_context(|| {
        let shown = session
            .find(&testid("sync-error"))
            .and_then(|e| e.text())
            .unwrap_or_default();
        format!("sync error shown: {shown:?}")
    })?;
    wait_attribute(&session, "sync-pending", "data-count", "0", LONG)?;
    for hash in [&gps_hash, &plain_hash] {
        wait_attribute(
            &session,
            &format!("photo-upload-{hash}"),
            "data-state",
            "sent",
            LONG,
        )?;
    }
    screenshot(&session, "sync-status")?;

    // Arabic, right to left.
    tap_id(&session, "nav-settings")?;
    choose(&session, "language-select", "ar")?;
    session.wait_until("the page turns right to left", SHORT, |s| {
        let dir = s.execute("return document.documentElement.dir", vec![])?;
        Ok((dir.as_str() == Some("rtl")).then_some(()))
    })?;
    tap_id(&session, "nav-checklist")?;
    session.wait_for(&testid("overall-progress"), SHORT)?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "checklist-ar")?;

    // After a restart the session and the answers are still there.
    session.quit()?;
    let session = Session::start(&driver.url, &app).context("relaunching the app")?;
    session
        .wait_for(&testid("overall-progress"), LONG)
        .context("after a restart the app opens on the checklist, without joining again")?;
    for section in SECTIONS {
        let total = section_items(section)?.len().to_string();
        wait_attribute(
            &session,
            &format!("section-progress-{section}"),
            "data-answered",
            &total,
            SHORT,
        )?;
    }
    session.quit()?;

    // The server, read as the facilitator, holds exactly what was entered.
    let docs = facilitator_documents(&http, &server.url, &facilitator)?;
    let responses: Vec<_> = docs
        .iter()
        .filter(|(id, _)| **id != audit_id)
        .map(|(_, doc)| Ok(ResponseDocument::from_automerge(doc.clone()).read()?))
        .collect::<Result<_>>()?;
    ensure!(
        responses.len() == 1,
        "one response on the server, got {}",
        responses.len()
    );
    let response = &responses[0];
    let participant = response.participant().context("participant readable")?;
    ensure!(participant.display_name == "Heron" && participant.group == "tcn_communities");
    ensure!(participant.photo_consent.is_some(), "photo terms accepted");

    let as_given = |value: &AnswerValue| match value {
        AnswerValue::Score(score) => Ok(Some(score.get())),
        AnswerValue::DontKnow => Ok(None),
        other => bail!("unexpected value {other:?}"),
    };
    let mut on_server = BTreeMap::new();
    for (item, answer) in response.answers() {
        if answer.value == AnswerValue::Unanswered && answer.comment.as_str().is_empty() {
            continue;
        }
        on_server.insert(
            item.clone(),
            Given {
                score: as_given(&answer.value)?,
                comment: answer.comment.as_str().to_owned(),
            },
        );
    }
    assert_eq!(on_server, whole_city, "whole-city answers on the server");

    let stops: Vec<_> = response.stops().collect();
    ensure!(
        stops.len() == 1,
        "one stop on the server, got {}",
        stops.len()
    );
    let (server_stop_id, visit) = stops[0];
    assert_eq!(server_stop_id, &stop_id);
    assert_eq!(visit.name_of_area, "Kapana");
    assert_eq!(visit.specific_location, "Corner of the crafts street");
    ensure!(visit.visited_at > 0, "the visit has a time");
    let mut stop_on_server = BTreeMap::new();
    for (item, answer) in response.stop_answers(&stop_id) {
        stop_on_server.insert(
            item.clone(),
            Given {
                score: as_given(&answer.value)?,
                comment: answer.comment.as_str().to_owned(),
            },
        );
    }
    assert_eq!(stop_on_server, at_stop, "answers at the stop on the server");

    let photos: BTreeMap<_, _> = response.photos().collect();
    ensure!(
        photos.len() == 2,
        "two photos on the server, got {}",
        photos.len()
    );
    let local_blobs = BlobDir::beside(&app_data.join("profile.sqlite"));
    for (fixture_photo, hash) in PHOTOS.iter().zip([&gps_hash, &plain_hash]) {
        let record = photos
            .get(hash)
            .with_context(|| format!("record of {}", fixture_photo.file))?;
        assert_eq!(record.title, fixture_photo.title);
        assert_eq!(record.caption, fixture_photo.caption);
        assert_eq!(record.theme, fixture_photo.theme);
        match expected_position(fixture_photo.file)? {
            Some((lat, lon)) => {
                let location = record.location.as_ref().context("location from EXIF")?;
                ensure!(
                    (location.lat - lat).abs() < 1e-5 && (location.lon - lon).abs() < 1e-5,
                    "{} at {},{} but expected {lat},{lon}",
                    fixture_photo.file,
                    location.lat,
                    location.lon
                );
            }
            None => ensure!(
                record.location.is_none(),
                "no location for {}",
                fixture_photo.file
            ),
        }
        let on_server = http
            .get(format!("{}/v1/blobs/{hash}", server.url))
            .bearer_auth(&facilitator)
            .send()?
            .error_for_status()?
            .bytes()?;
        let local = local_blobs.get(&BlobHash::parse(hash)?)?;
        ensure!(
            on_server.as_ref() == local.as_slice(),
            "the server's copy of {} equals the device's",
            fixture_photo.file
        );
        assert_eq!(BlobHash::of(&on_server).as_str(), hash.as_str());
        assert_eq!(record.size, on_server.len() as u64);
        ensure!(
            read_metadata(&on_server).position.is_none(),
            "the shared copy of {} carries no GPS EXIF",
            fixture_photo.file
        );
    }
    Ok(())
}
