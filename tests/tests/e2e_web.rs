//! End to end in a real browser on a (emulated) phone: the real
//! `cityaudit-sync` serves the browser app (`ui/dist-web`) at `/app/`;
//! headless Chromium with a phone's screen, touch and user agent opens the
//! invite's browser link, joins, scores whole-city statements (one with a
//! comment), records a stop and scores its ten statements, and adds a photo
//! with a GPS position in its EXIF. Then the server is killed: two more
//! answers are given and shown as saved; the browser is killed hard (SIGKILL
//! of every process of its profile) and reopened on the same profile while
//! the server is still down, so the service worker must serve the app and
//! SQLite on OPFS must still hold every acknowledged answer. The server comes
//! back on the same port and data folder, the app syncs by itself, and the
//! facilitator's own client must find exactly those answers, the comment,
//! the stop and the photo (its blob downloadable, its EXIF position in the
//! record: the terms were accepted at join; core refuses photos without
//! them). Screenshots go to `docs/screenshots/web-*.png`.
//!
//! Needs `./scripts/build-web` (ui/dist-web), Chromium and chromedriver
//! (`apt-get install chromium chromium-driver`); `scripts/test` provides all
//! of them. Anything missing fails the test with what to do.
#![cfg(target_os = "linux")]

use anyhow::{bail, ensure, Context, Result};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cityaudit_core::ids::BlobHash;
use cityaudit_core::media::{prepare, read_metadata};
use cityaudit_core::model::{AnswerValue, LocationSource};
use cityaudit_tests::browser::{
    crash_browser, is_pressed, press, repo_root, serve_app, web_app_dir, ChromeDriver, WebAudit,
};
use cityaudit_tests::device::Phone;
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::{choose, type_into, wait_attribute, SHORT};

/// Long enough for a first load of the app (and its WebAssembly) on a busy 2-core machine.
const LONG: Duration = Duration::from_secs(90);
/// The app's background sync backs off up to 120 s while the server is away.
const SYNC_BACK: Duration = Duration::from_secs(180);

/// The photo: a camera JPEG with a GPS position in its EXIF (a copy of
/// `/work/shared/testdata/photos/DSCN0010.jpg`, committed so CI has it).
const PHOTO: &str = "DSCN0010.jpg";
/// Its position, as `tests/fixtures/expected.csv` lists it.
const PHOTO_POSITION: (f64, f64) = (43.467448, 11.885127);

/// One answer: a score 1-5 or `None` for "don't know", and a comment.
#[derive(Debug, Clone, PartialEq)]
struct Given {
    score: Option<u8>,
    comment: String,
}

fn given(score: Option<u8>, comment: &str) -> Given {
    Given {
        score,
        comment: comment.to_owned(),
    }
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

/// Statement ids of a section of the built-in INTEGRA checklist.
fn section_items(section: &str) -> Result<Vec<String>> {
    let template: Value = serde_json::from_str(&std::fs::read_to_string(
        repo_root().join("core/templates/integra_checklist.json"),
    )?)?;
    let found = template["sections"]
        .as_array()
        .context("sections")?
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

/// The test ids of a statement's controls, whole-city or at a stop (`ui/README.md`).
struct Ids<'a> {
    stop: Option<&'a str>,
}

impl Ids<'_> {
    fn of(&self, kind: &str, rest: &str) -> String {
        match self.stop {
            Some(stop) => format!("stop-{kind}-{stop}-{rest}"),
            None => format!("{kind}-{rest}"),
        }
    }
    fn choice(&self, item: &str, score: Option<u8>) -> String {
        match score {
            Some(n) => self.of("score", &format!("{item}-{n}")),
            None => self.of("dont-know", item),
        }
    }
    fn saved(&self, item: &str) -> String {
        self.of("saved", item)
    }
    fn comment(&self, item: &str) -> String {
        self.of("comment", item)
    }
}

/// Waits until the statement shows its "saved" mark with no save running:
/// the backend's answer (stored in SQLite) has come back.
fn wait_saved(session: &Session, saved_id: &str) -> Result<()> {
    session
        .wait_until(&format!("{saved_id} shown"), SHORT, |s| {
            let done = s.execute(
                "const mark = document.querySelector(arguments[0]);\
                 return mark !== null && mark.closest('li').querySelector('.saving') === null;",
                vec![json!(testid(saved_id))],
            )?;
            Ok((done == json!(true)).then_some(()))
        })
        .with_context(|| {
            let error = session
                .find("[role=alert]")
                .and_then(|e| e.text())
                .unwrap_or_default();
            format!("{saved_id} (an error shown: {error:?})")
        })?;
    Ok(())
}

/// Gives one answer like a person (a tap, then the comment typed and the
/// field left) and waits until the app says it is saved.
fn answer(session: &Session, ids: &Ids<'_>, item: &str, wanted: &Given) -> Result<()> {
    press(session, &ids.choice(item, wanted.score))?;
    wait_saved(session, &ids.saved(item))?;
    if !wanted.comment.is_empty() {
        let field = ids.comment(item);
        press(session, &field)?;
        type_into(session, &field, &wanted.comment)?;
        // Leaving the field saves what was typed.
        session.execute(
            "document.activeElement && document.activeElement.blur()",
            vec![],
        )?;
        wait_saved(session, &ids.saved(item))?;
    }
    Ok(())
}

/// Checks that the page shows each answer as given (the pressed button and
/// the comment).
fn assert_shown(session: &Session, ids: &Ids<'_>, answers: &BTreeMap<String, Given>) -> Result<()> {
    for (item, wanted) in answers {
        let choice = ids.choice(item, wanted.score);
        session
            .wait_until(&format!("{choice} pressed"), SHORT, |s| {
                Ok(is_pressed(s, &choice)?.then_some(()))
            })
            .with_context(|| format!("the answer {wanted:?} to {item} is shown"))?;
        let comment = session
            .find(&testid(&ids.comment(item)))?
            .property("value")?;
        ensure!(
            comment.as_str() == Some(wanted.comment.as_str()),
            "the comment on {item} is shown as {comment}, given {:?}",
            wanted.comment
        );
    }
    Ok(())
}

/// The value of the page's `data-testid` element's `attribute`.
fn attribute(session: &Session, id: &str, attribute: &str) -> Result<Option<String>> {
    Ok(session.find(&testid(id))?.attribute(attribute)?)
}

#[test]
fn e2e_web_phone_browser_joins_walks_offline_survives_a_crash_and_syncs() -> Result<()> {
    let started = Instant::now();
    let app = web_app_dir()?;
    let temp = tempfile::tempdir()?;
    let data = temp.path().join("server");
    // The browser's profile: its OPFS database, service worker and caches.
    // Kept for the whole test; the crashed browser's successor opens it again.
    let profile = temp.path().join("chromium-profile");

    let server = serve_app(&data, "127.0.0.1:0", &app)?;
    let address = server.address().to_owned();
    let url = server.url.clone();
    let walk = WebAudit::create(&server, "Riverside walk")?;
    let driver = ChromeDriver::start()?;
    let session = driver.phone(&profile, &url)?;

    // Join from the invite's browser link: the form starts with it filled in.
    session
        .navigate(&walk.link)
        .with_context(|| format!("opening {}", walk.link))?;
    session
        .wait_for(&testid("join-link-ok"), LONG)
        .context("the join screen reads the invite from the address")?;
    let shown_link = session.find(&testid("join-link"))?.property("value")?;
    ensure!(
        shown_link.as_str() == Some(walk.link.as_str()),
        "the join form holds the invite link {}, shows {shown_link}",
        walk.link
    );
    type_into(&session, "join-name", "Heron")?;
    choose(&session, "join-group", "tcn_communities")?;
    press(&session, "join-accept-terms")?;
    ensure!(
        session.find(&testid("join-accept-terms"))?.is_selected()?,
        "the photo terms are accepted"
    );
    press(&session, "join-share-locations")?;
    ensure!(
        session
            .find(&testid("join-share-locations"))?
            .is_selected()?,
        "photo locations are shared"
    );
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "web-join")?;
    press(&session, "join-submit")?;
    session
        .wait_for(&testid("overall-progress"), LONG)
        .map_err(|error| {
            let shown = session
                .find(&testid("join-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; join error shown: {shown:?}")
        })?;
    let path = session.execute("return location.pathname + location.search", vec![])?;
    ensure!(
        path == json!("/app/"),
        "after joining the address is the app's home, not the invite: {path}"
    );

    // Two whole-city statements, one with a comment.
    let city = Ids { stop: None };
    let mut whole_city: BTreeMap<String, Given> = BTreeMap::new();
    whole_city.insert(
        "vision.1".into(),
        given(Some(4), "Ramp at the town hall entrance"),
    );
    whole_city.insert("vision.2".into(), given(Some(2), ""));
    for (item, wanted) in &whole_city {
        answer(&session, &city, item, wanted)?;
    }
    wait_attribute(
        &session,
        "section-progress-vision",
        "data-answered",
        "2",
        SHORT,
    )?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "web-checklist")?;

    // A stop and its ten Urban Environment and Safety statements.
    press(&session, "nav-stops")?;
    press(&session, "stop-add")?;
    type_into(&session, "stop-name", "Kapana")?;
    type_into(&session, "stop-location", "Corner of the crafts street")?;
    let when = session
        .wait_for(&testid("stop-when"), SHORT)?
        .property("value")?;
    ensure!(
        when.as_str().is_some_and(|w| !w.is_empty()),
        "the stop's date and time are filled in, got {when}"
    );
    press(&session, "stop-save")?;
    let card = session
        .wait_for("[data-testid^=\"stop-card-\"]", SHORT)
        .context("the new stop's card")?;
    let stop_id = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("stop-card-")
        .to_owned();
    ensure!(!stop_id.is_empty(), "the new stop has an id");
    let stop_items = section_items("environment")?;
    ensure!(stop_items.len() == 10, "ten statements per stop");
    let at_stop_ids = Ids {
        stop: Some(&stop_id),
    };
    // A just-recorded stop opens with its statements.
    session
        .wait_for(&testid(&at_stop_ids.choice(&stop_items[0], Some(1))), SHORT)
        .context("the new stop shows its statements")?;
    let mut at_stop: BTreeMap<String, Given> = BTreeMap::new();
    for (index, item) in stop_items.iter().enumerate() {
        let score = u8::try_from(index % 5 + 1)?;
        at_stop.insert(item.clone(), given(Some(score), ""));
    }
    for item in &stop_items {
        answer(&session, &at_stop_ids, item, &at_stop[item])?;
    }
    let progress = session
        .find(&testid(&format!("stop-progress-{stop_id}")))?
        .text()?;
    ensure!(
        progress.contains("10 of 10"),
        "the stop shows all ten answered: {progress:?}"
    );
    session.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})",
        vec![json!(testid(&format!("stop-card-{stop_id}")))],
    )?;
    screenshot(&session, "web-stop")?;

    // A photo with GPS EXIF, picked from the phone's files, filed at the stop.
    press(&session, "nav-photos")?;
    let picker = session.wait_for(&testid("photo-file"), SHORT)?;
    let photo_path = fixture(PHOTO);
    picker
        .send_keys(photo_path.to_str().context("fixture path")?)
        .context("handing the photo to the file input")?;
    type_into(&session, "photo-title", "Square by the river")?;
    type_into(
        &session,
        "photo-caption",
        "Benches in the shade where people meet",
    )?;
    press(&session, "photo-theme-friendly")?;
    choose(&session, "photo-stop", &stop_id)?;
    press(&session, "photo-save")?;
    let card = session
        .wait_for("[data-testid^=\"photo-card-\"]", LONG)
        .with_context(|| {
            let error = session
                .find(&testid("photo-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            format!("the photo in the gallery (error shown: {error:?})")
        })?;
    let photo_hash = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("photo-card-")
        .to_owned();
    wait_attribute(
        &session,
        &format!("photo-location-source-{photo_hash}"),
        "data-source",
        "exif",
        SHORT,
    )
    .context("the photo's position comes from its EXIF")?;

    // Offline: the server is gone; two more answers, each shown as saved.
    server.kill()?;
    press(&session, "nav-checklist")?;
    session.wait_for(&testid("overall-progress"), SHORT)?;
    let mut offline: BTreeMap<String, Given> = BTreeMap::new();
    offline.insert("vision.3".into(), given(Some(5), ""));
    offline.insert("vision.4".into(), given(None, ""));
    for (item, wanted) in &offline {
        answer(&session, &city, item, wanted)?;
    }
    whole_city.extend(offline);

    // The browser crashes: every process of its profile is SIGKILLed.
    let killed = crash_browser(&profile)?;
    // The driver's session is gone with its browser; ending it may fail.
    let _ = session.quit();

    // Reopened on the same profile with the server still down: the service
    // worker serves the app, OPFS still holds every acknowledged answer.
    let session = driver.phone(&profile, &url)?;
    session
        .navigate(&format!("{url}/app/"))
        .context("opening the app with the server down")?;
    session
        .wait_for(&testid("overall-progress"), LONG)
        .with_context(|| {
            format!(
                "after the crash ({killed} processes killed) the app opens offline, \
                 joined, on the checklist"
            )
        })?;
    let controlled =
        session.execute("return navigator.serviceWorker.controller !== null", vec![])?;
    ensure!(
        controlled == json!(true),
        "the page is served by the service worker"
    );
    assert_shown(&session, &city, &whole_city)?;
    wait_attribute(
        &session,
        "section-progress-vision",
        "data-answered",
        &whole_city.len().to_string(),
        SHORT,
    )?;
    wait_attribute(&session, "sync-state", "data-state", "offline", LONG)
        .context("the sync bar says the server cannot be reached")?;
    let pending = attribute(&session, "sync-pending", "data-count")?;
    ensure!(
        pending.as_deref().is_some_and(|n| n != "0"),
        "changes wait to be sent while offline: {pending:?}"
    );
    // The two answers given offline, under the sync bar that says so.
    session.execute(
        "document.querySelector(arguments[0]).closest('li').scrollIntoView({block: 'start'})",
        vec![json!(testid("score-vision.3-5"))],
    )?;
    screenshot(&session, "web-offline")?;
    press(&session, "nav-stops")?;
    press(&session, &format!("stop-toggle-{stop_id}"))?;
    assert_shown(&session, &at_stop_ids, &at_stop)?;
    press(&session, "nav-photos")?;
    session
        .wait_for(&testid(&format!("photo-card-{photo_hash}")), SHORT)
        .context("the photo is still in the gallery")?;

    // The server comes back on the same port and data: the app syncs by itself.
    let server = serve_app(&data, &address, &app)?;
    wait_attribute(&session, "sync-state", "data-state", "upToDate", SYNC_BACK)
        .context("the app syncs by itself once the server is back")?;
    wait_attribute(&session, "sync-pending", "data-count", "0", SYNC_BACK)?;
    wait_attribute(
        &session,
        &format!("photo-upload-{photo_hash}"),
        "data-state",
        "sent",
        SYNC_BACK,
    )?;
    session.quit()?;

    // The facilitator's own client finds exactly what was given.
    let mut facilitator = Phone::facilitator(
        &url,
        &walk.facilitator,
        &walk.audit,
        &temp.path().join("facilitator.sqlite"),
    )?;
    facilitator.sync().context("the facilitator's sync")?;
    let responses = facilitator.profile.response_ids();
    ensure!(
        responses.len() == 1,
        "one response on the server, got {}",
        responses.len()
    );
    let response = facilitator.profile.response(&responses[0])?;
    let participant = response.participant().context("participant readable")?;
    assert_eq!(participant.display_name, "Heron");
    assert_eq!(participant.group, "tcn_communities");
    ensure!(
        participant.photo_consent.is_some(),
        "the photo terms were accepted at join"
    );

    let as_given = |answer: &cityaudit_core::model::Answer| -> Result<Given> {
        let score = match &answer.value {
            AnswerValue::Score(score) => Some(score.get()),
            AnswerValue::DontKnow => None,
            other => bail!("unexpected value {other:?} in {answer:?}"),
        };
        Ok(given(score, answer.comment.as_str()))
    };
    // The document holds an empty entry for every statement of the template;
    // the ones never answered are left out.
    let unanswered = |answer: &cityaudit_core::model::Answer| {
        answer.value == AnswerValue::Unanswered && answer.comment.as_str().is_empty()
    };
    let mut on_server = BTreeMap::new();
    for (item, answer) in response.answers().filter(|(_, a)| !unanswered(a)) {
        on_server.insert(
            item.clone(),
            as_given(answer).with_context(|| format!("the answer to {item}"))?,
        );
    }
    assert_eq!(on_server, whole_city, "whole-city answers on the server");

    let stops: Vec<_> = response.stops().collect();
    ensure!(
        stops.len() == 1,
        "one stop on the server, got {}",
        stops.len()
    );
    let (server_stop, visit) = stops[0];
    assert_eq!(server_stop, &stop_id);
    assert_eq!(visit.name_of_area, "Kapana");
    assert_eq!(visit.specific_location, "Corner of the crafts street");
    let mut stop_on_server = BTreeMap::new();
    for (item, answer) in response
        .stop_answers(&stop_id)
        .filter(|(_, a)| !unanswered(a))
    {
        stop_on_server.insert(
            item.clone(),
            as_given(answer).with_context(|| format!("the answer to {item} at the stop"))?,
        );
    }
    assert_eq!(stop_on_server, at_stop, "answers at the stop on the server");

    let photos: BTreeMap<_, _> = response.photos().collect();
    ensure!(
        photos.len() == 1,
        "one photo on the server, got {}",
        photos.len()
    );
    let record = photos.get(&photo_hash).context("the photo's record")?;
    assert_eq!(record.title, "Square by the river");
    assert_eq!(record.caption, "Benches in the shade where people meet");
    assert_eq!(record.theme, "friendly");
    assert_eq!(record.stop.as_deref(), Some(stop_id.as_str()));
    ensure!(record.consent, "the photo is shared under the terms");
    let location = record
        .location
        .as_ref()
        .context("the photo's EXIF position is in its record (terms accepted)")?;
    assert_eq!(location.source, LocationSource::Exif);
    ensure!(
        (location.lat - PHOTO_POSITION.0).abs() < 1e-5
            && (location.lon - PHOTO_POSITION.1).abs() < 1e-5,
        "the photo is at {},{}, its EXIF says {:?}",
        location.lat,
        location.lon,
        PHOTO_POSITION
    );

    let blob = Client::new()
        .get(format!("{url}/v1/blobs/{photo_hash}"))
        .bearer_auth(&walk.facilitator)
        .send()?
        .error_for_status()
        .context("the facilitator downloads the photo")?
        .bytes()?;
    assert_eq!(BlobHash::of(&blob).as_str(), photo_hash, "the blob's hash");
    assert_eq!(record.size, blob.len() as u64);
    let original = std::fs::read(&photo_path)?;
    let expected = prepare(&original)?;
    ensure!(
        blob.as_ref() == expected.shared.as_slice(),
        "the server holds core's shared copy of {PHOTO}"
    );
    ensure!(
        read_metadata(&blob).position.is_none(),
        "the shared copy carries no GPS EXIF (the position is only in the record)"
    );
    drop(server);
    eprintln!(
        "e2e_web: {} s, {killed} browser processes killed",
        started.elapsed().as_secs()
    );
    Ok(())
}
