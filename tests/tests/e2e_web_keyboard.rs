//! The browser participant app with the keyboard alone, against the real
//! `cityaudit-sync` serving `ui/dist-web`: after the page has loaded, only
//! key presses (Tab, Shift+Tab, Enter, Space, arrows, typed text) join with
//! the typed server address and invite code, score a statement, add a stop
//! and score one of its statements, add a photo (the file input is reached
//! with Tab; the file is handed to it through WebDriver, which is what a
//! keyboard user's file dialog yields) and sync. Every control the focus
//! lands on must show it (an outline or a ring), and the facilitator's own
//! client must then find the answers, the stop and the photo on the server.
//!
//! Needs `./scripts/build-web` (ui/dist-web), Chromium and chromedriver;
//! scripts/test provides all of them.
#![cfg(target_os = "linux")]

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

use cityaudit_core::model::AnswerValue;
use cityaudit_tests::accessibility::focus;
use cityaudit_tests::browser::{is_pressed, serve_app, web_app_dir, ChromeDriver, WebAudit};
use cityaudit_tests::device::Phone;
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::{wait_attribute, SHORT};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SHIFT: &str = "\u{E008}";
const DOWN: &str = "\u{E015}";
const SPACE: &str = " ";

/// First load of the app and its WebAssembly on a busy machine.
const LONG: Duration = Duration::from_secs(90);
/// The most Tab presses between two controls (the checklist is long).
const MAX_TABS: usize = 600;

/// Moves the focus with Tab (or Shift+Tab) until it is on `id`, checking at
/// every stop that the focus can be seen. Answers how many presses it took.
fn tab_to(session: &Session, id: &str, backwards: bool) -> Result<usize> {
    let chord: &[&str] = if backwards { &[SHIFT] } else { &[] };
    for presses in 1..=MAX_TABS {
        session.keys(chord, TAB)?;
        let now = focus(session)?;
        if now.what == "body" {
            continue;
        }
        if !now.visible {
            let style = session.execute(
                "const e = document.activeElement; const s = getComputedStyle(e);\
                 return [s.outlineStyle, s.outlineWidth, e.matches(':focus'), e.matches(':focus-visible'), document.hasFocus(),\
                 [...document.styleSheets].map((x) => x.href)];",
                vec![],
            )?;
            bail!(
                "the focus on {} cannot be seen (no outline or ring): {style}",
                now.what
            );
        }
        if now.what == id {
            return Ok(presses);
        }
    }
    bail!("{id} was not reached with {MAX_TABS} presses of Tab")
}

/// Types `text` into the focused field, key by key.
fn type_text(session: &Session, text: &str) -> Result<()> {
    session.keys(&[], text)?;
    Ok(())
}

fn value_of(session: &Session, id: &str) -> Result<Value> {
    Ok(session.find(&testid(id))?.property("value")?)
}

/// Waits until a statement shows its "saved" mark with no save running.
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
        .with_context(|| saved_id.to_owned())
}

#[test]
fn e2e_web_keyboard_only_joins_scores_adds_a_stop_and_a_photo_and_syncs() -> Result<()> {
    let started = Instant::now();
    let app = web_app_dir()?;
    let temp = tempfile::tempdir()?;
    let server = serve_app(&temp.path().join("server"), "127.0.0.1:0", &app)?;
    let url = server.url.clone();
    let walk = WebAudit::create(&server, "Keyboard walk")?;
    let driver = ChromeDriver::start()?;
    let session = driver.phone(&temp.path().join("chromium-profile"), &url)?;
    session.navigate(&format!("{url}/app/"))?;
    session
        .wait_for(&testid("join-code"), LONG)
        .context("the join screen")?;
    let mut presses = 0;

    // Join: the server's address (unless the browser app filled it in) and the code, typed.
    presses += tab_to(&session, "join-server", false)?;
    if value_of(&session, "join-server")?.as_str() != Some(url.as_str()) {
        type_text(&session, &url)?;
    }
    presses += tab_to(&session, "join-code", false)?;
    type_text(&session, &walk.code)?;
    presses += tab_to(&session, "join-name", false)?;
    type_text(&session, "Wren")?;
    presses += tab_to(&session, "join-group", false)?;
    for _ in 0..20 {
        if value_of(&session, "join-group")? == json!("tcn_communities") {
            break;
        }
        session.keys(&[], DOWN)?;
    }
    ensure!(
        value_of(&session, "join-group")? == json!("tcn_communities"),
        "the group is chosen with the arrow keys"
    );
    presses += tab_to(&session, "join-accept-terms", false)?;
    session.keys(&[], SPACE)?;
    ensure!(
        session.find(&testid("join-accept-terms"))?.is_selected()?,
        "Space ticks the photo terms"
    );
    presses += tab_to(&session, "join-submit", false)?;
    session.keys(&[], ENTER)?;
    session
        .wait_for(&testid("overall-progress"), LONG)
        .map_err(|error| {
            let shown = session
                .find(&testid("join-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; join error shown: {shown:?}")
        })?;

    // Score a whole-city statement.
    presses += tab_to(&session, "score-vision.1-4", false)?;
    session.keys(&[], SPACE)?;
    wait_saved(&session, "saved-vision.1")?;
    ensure!(is_pressed(&session, "score-vision.1-4")?, "4 is chosen");

    // Add a stop and score its first statement.
    presses += tab_to(&session, "nav-stops", false)?;
    session.keys(&[], ENTER)?;
    session.wait_for(&testid("stop-add"), SHORT)?;
    presses += tab_to(&session, "stop-add", false)?;
    session.keys(&[], ENTER)?;
    session.wait_for(&testid("stop-name"), SHORT)?;
    presses += tab_to(&session, "stop-name", false)?;
    type_text(&session, "Market square")?;
    presses += tab_to(&session, "stop-location", false)?;
    type_text(&session, "By the fountain")?;
    presses += tab_to(&session, "stop-save", false)?;
    session.keys(&[], ENTER)?;
    let card = session
        .wait_for("[data-testid^=\"stop-card-\"]", SHORT)
        .context("the new stop's card")?;
    let stop_id = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("stop-card-")
        .to_owned();
    let score = format!("stop-score-{stop_id}-environment.1-3");
    session.wait_for(&testid(&score), SHORT)?;
    presses += tab_to(&session, &score, false)?;
    session.keys(&[], SPACE)?;
    wait_saved(&session, &format!("stop-saved-{stop_id}-environment.1"))?;

    // Add a photo: the file input is reached by Tab; the "dialog" hands it the file.
    presses += tab_to(&session, "nav-photos", false)?;
    session.keys(&[], ENTER)?;
    session.wait_for(&testid("photo-file"), SHORT)?;
    presses += tab_to(&session, "photo-file", false)?;
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/DSCN0010.jpg");
    session
        .find(&testid("photo-file"))?
        .send_keys(photo.to_str().context("fixture path")?)?;
    session.wait_for(&testid("photo-title"), SHORT)?;
    presses += tab_to(&session, "photo-title", false)?;
    type_text(&session, "Fountain benches")?;
    presses += tab_to(&session, "photo-caption", false)?;
    type_text(&session, "Shade and water for everyone")?;
    presses += tab_to(&session, "photo-theme-friendly", false)?;
    session.keys(&[], SPACE)?;
    ensure!(
        session
            .find(&testid("photo-theme-friendly"))?
            .is_selected()?,
        "Space chooses the theme"
    );
    presses += tab_to(&session, "photo-save", false)?;
    session.keys(&[], ENTER)?;
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

    // Sync: the button sits in the bar at the top, so back with Shift+Tab.
    presses += tab_to(&session, "sync-now", true)?;
    session.keys(&[], ENTER)?;
    wait_attribute(&session, "sync-state", "data-state", "upToDate", LONG)
        .context("the sync bar says the device is up to date")?;
    wait_attribute(&session, "sync-pending", "data-count", "0", LONG)?;
    wait_attribute(
        &session,
        &format!("photo-upload-{photo_hash}"),
        "data-state",
        "sent",
        LONG,
    )?;
    session.quit()?;

    // The facilitator's own client finds what the keyboard gave.
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
        "one response, got {}",
        responses.len()
    );
    let response = facilitator.profile.response(&responses[0])?;
    assert_eq!(
        response.participant().context("participant")?.display_name,
        "Wren"
    );
    let score_of = |value: Option<&cityaudit_core::model::Answer>| match value.map(|a| &a.value) {
        Some(AnswerValue::Score(score)) => Some(score.get()),
        _ => None,
    };
    let answers: Vec<_> = response.answers().collect();
    let vision = answers.iter().find(|(item, _)| item.as_str() == "vision.1");
    assert_eq!(
        score_of(vision.map(|(_, a)| *a)),
        Some(4),
        "vision.1 on the server"
    );
    let stops: Vec<_> = response.stops().collect();
    ensure!(
        stops.len() == 1,
        "one stop on the server, got {}",
        stops.len()
    );
    assert_eq!(stops[0].0, &stop_id);
    assert_eq!(stops[0].1.name_of_area, "Market square");
    assert_eq!(stops[0].1.specific_location, "By the fountain");
    let at_stop: Vec<_> = response.stop_answers(&stop_id).collect();
    let environment = at_stop
        .iter()
        .find(|(item, _)| item.as_str() == "environment.1");
    assert_eq!(
        score_of(environment.map(|(_, a)| *a)),
        Some(3),
        "the stop's answer"
    );
    let photos: Vec<_> = response.photos().collect();
    ensure!(
        photos.len() == 1,
        "one photo on the server, got {}",
        photos.len()
    );
    assert_eq!(photos[0].0, &photo_hash);
    assert_eq!(photos[0].1.title, "Fountain benches");
    assert_eq!(photos[0].1.theme, "friendly");
    let blob = reqwest::blocking::Client::new()
        .get(format!("{url}/v1/blobs/{photo_hash}"))
        .bearer_auth(&walk.facilitator)
        .send()?;
    ensure!(
        blob.status().is_success(),
        "the photo's blob reached the server"
    );
    eprintln!(
        "e2e_web_keyboard: {} key presses of Tab, {:.1} s",
        presses,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
