//! The facilitator end to end in a real window: the built app under Xvfb,
//! driven through `tauri-driver` and WebKitWebDriver against the real
//! `cityaudit-sync` server, goes from a fresh audit to an exported report.
//!
//! The app joins as facilitator with an invite from the admin command,
//! prepares a new audit with a planned stop and invites participants; three
//! participant devices (core profiles in this process) join with the code
//! shown on screen, score the checklist (one statement far apart, so it is
//! flagged) and one adds two photos. The facilitator syncs; Progress shows
//! three participants, Results the same means as core's analysis of the same
//! documents, the flag and the groups; a consensus is recorded, a photo
//! (downloaded: its thumbnail shows) is marked, the Map opens, and the report
//! is exported as HTML and CSV, which the test then reads. Screenshots go to
//! `docs/screenshots/facilitator-*.png` (the map's comes from `e2e_map`).
//!
//! Needs the app and server built (`cargo build -p cityaudit-app -p
//! cityaudit-sync`, with `ui/dist` built first), Xvfb, WebKitWebDriver and
//! tauri-driver; `scripts/test` provides all of them.
#![cfg(unix)]

use anyhow::{ensure, Context, Result};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::Client;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cityaudit_core::analysis::{analyse, AuditResults};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::media::NewPhoto;
use cityaudit_core::model::{AnswerInput, ResponseData};
use cityaudit_tests::desktop::{workspace_binary, Driver, VirtualDisplay};
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::{admin, create_audit, create_facilitator, Server};
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::{
    choose, fill_join_form, pick_file, set_field, submit_join, tap_id, text_of, type_into,
    wait_attribute, SHORT,
};

/// Long enough for a debug build on a busy 2-core machine.
const LONG: Duration = Duration::from_secs(60);

/// Statements everyone scores.
const ITEMS: [&str; 6] = [
    "vision.1",
    "vision.2",
    "vision.3",
    "participation.1",
    "participation.2",
    "attitudes.1",
];

/// The participants: name, group, and their scores for [`ITEMS`]. `vision.1`
/// is scored 1, 5, 5: far apart, so it is flagged for the consensus.
const PARTICIPANTS: [(&str, &str, [i64; 6]); 3] = [
    ("Falcon", "tcn_communities", [1, 4, 2, 3, 5, 2]),
    ("Heron", "tcn_communities", [5, 4, 3, 3, 4, 3]),
    ("Lynx", "local_administration", [5, 3, 3, 4, 4, 2]),
];

/// The flagged statement and the score agreed on it.
const FLAGGED: &str = "vision.1";
const AGREED: u8 = 4;
const AGREED_NOTE: &str = "Agreed after the walk: services exist but are hard to find";
/// What the first participant wrote as evidence for the flagged statement.
const EVIDENCE: &str = "The welcome office opens two mornings a week";

/// Photos one participant adds: fixture, title, theme.
const PHOTOS: [(&str, &str, &str); 2] = [
    ("DSCN0010.jpg", "Square by the river", "friendly"),
    ("img_1771_no_exif.jpg", "Closed library", "improvement"),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn fixture(name: &str) -> Result<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

fn screenshot(session: &Session, name: &str) -> Result<()> {
    let path = repo_root()
        .join("docs/screenshots")
        .join(format!("{name}.png"));
    session
        .screenshot(&path)
        .with_context(|| format!("screenshot {name}"))
}

/// A figure as the screens and the report show it (two decimals).
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// The mean of a statement, from core's analysis.
fn item_mean(results: &AuditResults, item: &str) -> Result<Option<f64>> {
    Ok(results
        .item(item)
        .with_context(|| format!("{item} in the results"))?
        .scores
        .mean)
}

/// Rows of a CSV text (quoted fields with doubled quotes, CRLF or LF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The one file in `dir` whose name ends with `extension`.
fn exported(dir: &Path, extension: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    ensure!(found.len() == 1, "one .{extension} export, got {found:?}");
    Ok(found[0].clone())
}

/// Local `datetime-local` values from a day ago to three days ahead, as the
/// window's clock sees them.
fn photovoice_window(session: &Session) -> Result<(String, String)> {
    let value = session.execute(
        "const pad = (n) => String(n).padStart(2, '0');\
         const f = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;\
         return [f(new Date(Date.now() - 864e5)), f(new Date(Date.now() + 3 * 864e5))];",
        vec![],
    )?;
    let pair = value.as_array().context("two datetimes")?;
    let text = |i: usize| -> Result<String> {
        Ok(pair
            .get(i)
            .and_then(|v| v.as_str())
            .context("datetime")?
            .to_owned())
    };
    Ok((text(0)?, text(1)?))
}

/// Three participants join with `code`, score [`ITEMS`], the first adds
/// [`PHOTOS`], and all sync. Returns the devices and the photos' hashes.
fn participants_walk(
    server: &Server,
    code: &str,
    dir: &Path,
) -> Result<(Vec<Phone>, Vec<BlobHash>)> {
    let mut phones = Vec::new();
    let mut hashes = Vec::new();
    for (index, (name, group, scores)) in PARTICIPANTS.iter().enumerate() {
        let db = dir.join(format!("{name}.sqlite"));
        let mut phone = Phone::join_as(&server.url, code, name, group, &db)
            .with_context(|| format!("{name} joins with the code shown on screen"))?;
        let response = phone.response_id()?;
        for (item, score) in ITEMS.iter().zip(scores) {
            let mut answer = AnswerInput::score(*score)?;
            if index == 0 && *item == FLAGGED {
                answer.comment = Some(EVIDENCE.into());
            }
            phone.profile.answer(&response, item, &answer)?;
        }
        if index == 0 {
            for (file, title, theme) in PHOTOS {
                let hash = phone.profile.add_photo_file(
                    &response,
                    &fixture(file)?,
                    &NewPhoto {
                        title: title.into(),
                        caption: format!("{title}, seen on the walk"),
                        theme: theme.into(),
                        stop: None,
                        fallback_location: None,
                        share_location: Some(true),
                    },
                )?;
                hashes.push(hash);
            }
        }
        let report = phone.sync().with_context(|| format!("{name} syncs"))?;
        ensure!(
            report.blobs_uploaded == if index == 0 { 2 } else { 0 },
            "{name} uploaded {} photos",
            report.blobs_uploaded
        );
        phones.push(phone);
    }
    Ok((phones, hashes))
}

/// Core's analysis of the documents the participants' devices hold: the
/// audit from the first device and every participant's own response.
fn expected_results(phones: &[Phone], audit_id: &DocumentId) -> Result<(AuditResults, usize)> {
    let first = phones.first().context("participants")?;
    let audit = first.profile.audit(audit_id)?;
    let responses: Vec<ResponseData> = phones
        .iter()
        .map(|p| Ok(p.profile.response(&p.response_id()?)?))
        .collect::<Result<_>>()?;
    let whole_city = audit
        .checklist()
        .into_iter()
        .flat_map(|c| &c.sections)
        .filter(|s| !s.per_stop)
        .map(|s| s.items.len())
        .sum();
    Ok((analyse(audit, &responses, None), whole_city))
}

#[test]
fn e2e_facilitator_goes_from_a_fresh_audit_to_an_exported_report() -> Result<()> {
    let app = workspace_binary("cityaudit", "cityaudit-app")?;
    let temp = tempfile::tempdir()?;
    let app_data = temp.path().join("app");
    let exports = temp.path().join("exports");
    std::fs::create_dir_all(&app_data)?;

    // The server, a facilitator made by the admin command, its first audit,
    // and a facilitator invite to it for the app.
    let server = Server::start(&temp.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Walk lead")?;
    let first_audit = create_audit(&http, &server.url, &lead, "Spring walk")?;
    let invite = admin(
        &server.data,
        &[
            "create-invite",
            "--audit",
            first_audit.as_str(),
            "--role",
            "facilitator",
            "--server-url",
            &server.url,
        ],
    )?;
    let link = invite
        .lines()
        .nth(1)
        .context("invite link line")?
        .to_owned();

    let display = VirtualDisplay::start()?;
    let driver = Driver::start(
        &display,
        &temp.path().join("web"),
        &[
            ("CITYAUDIT_DATA_DIR", &app_data),
            ("CITYAUDIT_EXPORT_DIR", &exports),
        ],
    )?;
    let session = Session::start(&driver.url, &app).context("launching the app")?;

    // Join as facilitator.
    fill_join_form(&session, &link, "Walk lead", "local_government")?;
    submit_join(&session, "prepare-current", LONG)?;

    // A fresh audit with a planned stop.
    tap_id(&session, "prepare-new")?;
    type_into(&session, "prepare-title", "Harbour walk")?;
    type_into(&session, "prepare-city", "Burgas")?;
    set_field(&session, "prepare-starts", "2026-06-01")?;
    set_field(&session, "prepare-ends", "2026-06-02")?;
    type_into(&session, "prepare-meeting", "Sea garden gate")?;
    let (opens, closes) = photovoice_window(&session)?;
    set_field(&session, "prepare-window-opens", &opens)?;
    set_field(&session, "prepare-window-closes", &closes)?;
    type_into(&session, "prepare-stop-name-0", "Old town")?;
    type_into(&session, "prepare-stop-location-0", "Roman baths")?;
    type_into(&session, "prepare-stop-lat-0", "42.4936")?;
    type_into(&session, "prepare-stop-lon-0", "27.4721")?;
    tap_id(&session, "prepare-submit")?;
    session
        .wait_for(&testid("prepare-created"), LONG)
        .map_err(|error| {
            let shown = session
                .find(&testid("prepare-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; prepare error shown: {shown:?}")
        })?;
    let current = text_of(&session, "prepare-current", SHORT)?;
    ensure!(
        current.contains("Harbour walk"),
        "the new audit is current: {current}"
    );

    // A participant invite; its code is read from the screen.
    choose(&session, "invite-role", "participant")?;
    tap_id(&session, "invite-create")?;
    let code = text_of(&session, "invite-code", LONG)?.trim().to_owned();
    ensure!(!code.is_empty(), "an invite code is shown");

    // Three participants walk and sync.
    let (phones, photos) = participants_walk(&server, &code, temp.path())?;
    let audit_id = phones[0].session.audit_id.clone();
    ensure!(
        audit_id != first_audit,
        "participants joined the fresh audit"
    );
    let (expected, whole_city) = expected_results(&phones, &audit_id)?;
    ensure!(expected.participants == 3, "core counts three participants");
    let flagged = expected.item(FLAGGED).context("flagged item")?;
    ensure!(flagged.flagged, "{FLAGGED} is flagged by core");

    // The facilitator syncs: documents and both photos arrive. Progress
    // reads the profile, which a running sync holds: three rows mean the
    // sync, downloads included, has finished.
    tap_id(&session, "sync-now")?;
    tap_id(&session, "nav-progress")?;
    session
        .wait_until("three participants in Progress", LONG, |s| {
            let rows = s.find_all("[data-testid^=\"progress-row-\"]")?;
            Ok((rows.len() == 3).then_some(()))
        })
        .with_context(|| {
            let shown = session
                .find(&testid("sync-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            format!("Progress lists the three participants (sync error shown: {shown:?})")
        })?;
    wait_attribute(&session, "progress-totals", "data-participants", "3", SHORT)?;
    wait_attribute(&session, "sync-state", "data-state", "upToDate", LONG)?;
    session.wait_until("no photo left to download", LONG, |s| {
        Ok(s.find_all(&testid("sync-downloads"))?
            .is_empty()
            .then_some(()))
    })?;

    // Results: the same numbers as core's analysis, the flag and the groups.
    tap_id(&session, "nav-results")?;
    for item in ["vision.1", "vision.2", "participation.2"] {
        let want = figure(item_mean(&expected, item)?);
        session
            .wait_until(&format!("mean of {item} = {want}"), LONG, |s| {
                let shown = s.find(&testid(&format!("results-mean-{item}")))?.text()?;
                Ok((shown.trim() == want).then_some(()))
            })
            .with_context(|| format!("the mean of {item} on screen"))?;
    }
    let vision = expected
        .sections
        .iter()
        .find(|s| s.section == "vision")
        .context("vision area")?;
    let area_shown = text_of(&session, "results-area-mean-vision", SHORT)?;
    assert_eq!(
        area_shown.trim(),
        figure(vision.mean),
        "area mean of vision"
    );
    session.wait_for(&testid(&format!("flag-{FLAGGED}")), SHORT)?;
    wait_attribute(
        &session,
        &format!("results-item-{FLAGGED}"),
        "data-flagged",
        "true",
        SHORT,
    )?;
    for group in ["tcn_communities", "local_administration"] {
        session
            .wait_for(&testid(&format!("results-group-{group}")), SHORT)
            .with_context(|| format!("group {group} in the split"))?;
    }
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "facilitator-results")?;

    // Consensus on the flagged statement, with the evidence given for it,
    // anonymised; quoted in the report.
    tap_id(&session, "nav-consensus")?;
    let evidence = text_of(&session, &format!("comments-{FLAGGED}"), LONG)?;
    ensure!(
        evidence.contains(EVIDENCE)
            && evidence.contains("Participant 1")
            && !evidence.contains("Falcon"),
        "the evidence shows, anonymised: {evidence:?}"
    );
    let participant = &phones[0].session.participant_id;
    let quote_box = format!("quote-{participant}/city/{FLAGGED}");
    tap_id(&session, &quote_box)?;
    session.wait_until("the comment is quoted", LONG, |s| {
        let checked = s.find(&testid(&quote_box))?.property("checked")?;
        Ok((checked == serde_json::Value::Bool(true)).then_some(()))
    })?;
    tap_id(&session, &format!("consensus-score-{FLAGGED}-{AGREED}"))?;
    type_into(&session, &format!("consensus-note-{FLAGGED}"), AGREED_NOTE)?;
    tap_id(&session, &format!("consensus-save-{FLAGGED}"))?;
    session
        .wait_for(&testid(&format!("consensus-saved-{FLAGGED}")), LONG)
        .context("the consensus is saved")?;

    // Photovoice review: both photos with their downloaded thumbnails; one marked.
    tap_id(&session, "nav-review")?;
    for hash in &photos {
        let img = session
            .wait_for(
                &format!("{} img", testid(&format!("review-photo-{hash}"))),
                LONG,
            )
            .with_context(|| format!("photo {hash} in the review"))?;
        let src = img.attribute("src")?.unwrap_or_default();
        ensure!(
            src.starts_with("data:image/jpeg;base64,") && src.len() > 1000,
            "the thumbnail of {hash} is shown (it was downloaded), src starts {:?}",
            src.get(..40)
        );
    }
    let marked = &photos[0];
    tap_id(&session, &format!("review-mark-{marked}"))?;
    wait_attribute(
        &session,
        &format!("review-mark-{marked}"),
        "aria-pressed",
        "true",
        LONG,
    )?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "facilitator-review")?;

    // A photo received by a messaging app joins the set with its credit and consent.
    pick_file(
        &session,
        "received-file",
        "from-a-neighbour.jpg",
        &fixture("DSCN0021.jpg")?,
    )?;
    type_into(&session, "received-title", "Closed playground")?;
    tap_id(&session, "received-theme-improvement")?;
    type_into(&session, "received-credit", "Amina K.")?;
    choose(&session, "received-via", "messaging")?;
    tap_id(&session, "received-consent")?;
    type_into(&session, "received-consent-note", "Signed form, 4 May")?;
    screenshot(&session, "facilitator-received-form")?;
    tap_id(&session, "received-save")?;
    session
        .wait_for(&testid("received-added"), LONG)
        .context("the received photo is added")?;
    let received = session.wait_for("[data-testid^=\"review-received-\"]", SHORT)?;
    let line = received.text()?;
    ensure!(
        line.contains("messaging app") && line.contains("Signed form, 4 May"),
        "the gallery says how the photo came and how consent was given: {line:?}"
    );

    // The map (drawn; its screenshot is e2e_map's) lists the planned stop
    // and the photo taken with a position.
    tap_id(&session, "nav-map")?;
    wait_attribute(&session, "map-canvas", "data-status", "ready", LONG)?;
    let planned = text_of(&session, "places-planned", SHORT)?;
    ensure!(
        planned.contains("Old town"),
        "the planned stop is on the map: {planned:?}"
    );
    session.wait_for(&testid(&format!("place-{marked}")), SHORT)?;

    // Export the report and the CSV.
    tap_id(&session, "nav-report")?;
    tap_id(&session, "export-html")?;
    session
        .wait_for(&testid("export-result-html"), LONG)
        .context("the HTML export is reported")?;
    tap_id(&session, "export-csv")?;
    session
        .wait_for(&testid("export-result-csv"), LONG)
        .context("the CSV export is reported")?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "facilitator-report")?;
    session.quit()?;

    // The report holds what the screens showed.
    let html = std::fs::read_to_string(exported(&exports, "html")?)?;
    ensure!(
        html.contains("3 participants from 2 groups"),
        "the participant count is in the report"
    );
    for item in ["vision.1", "vision.2", "participation.2"] {
        let want = format!("<td>{}</td>", figure(item_mean(&expected, item)?));
        ensure!(
            html.contains(&want),
            "the mean of {item} ({want}) is in the report"
        );
    }
    let area = format!("Area mean: {}.", figure(vision.mean));
    ensure!(html.contains(&area), "{area} is in the report");
    let quote = format!("{FLAGGED}: \u{201c}{EVIDENCE}\u{201d} (Participant 1)");
    ensure!(
        html.contains(&quote),
        "the quoted evidence {quote:?} is in the report"
    );
    let agreed = format!("{AGREED}: {AGREED_NOTE}");
    ensure!(
        html.contains(&agreed),
        "the consensus {agreed:?} is in the report"
    );
    let marked_bytes = phones[0].profile.blobs().get(marked)?;
    let embedded = format!("data:image/jpeg;base64,{}", BASE64.encode(&marked_bytes));
    ensure!(
        html.contains(&embedded),
        "the marked photo is embedded, byte for byte"
    );
    ensure!(
        html.contains(PHOTOS[0].1),
        "the marked photo's title is in the report"
    );
    let unmarked = BASE64.encode(phones[0].profile.blobs().get(&photos[1])?);
    ensure!(
        !html.contains(&unmarked),
        "the unmarked photo is not embedded"
    );

    // The CSV: one row per participant x whole-city statement, the scores as given.
    let csv = std::fs::read_to_string(exported(&exports, "csv")?)?;
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    let header = rows.first().context("header")?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("column {name}"))
    };
    let (who, statement, score) = (column("pseudonym")?, column("statement")?, column("score")?);
    let body: Vec<&Vec<String>> = rows.iter().skip(1).filter(|r| r.len() > 1).collect();
    assert_eq!(
        body.len(),
        3 * whole_city,
        "one row per participant x statement"
    );
    let mut answered: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in &body {
        if !row[score].is_empty() {
            let key = (row[who].clone(), row[statement].clone());
            ensure!(
                answered.insert(key, row[score].clone()).is_none(),
                "one row per participant and statement: {row:?}"
            );
        }
    }
    let mut given = BTreeMap::new();
    for (name, _, scores) in PARTICIPANTS {
        for (item, s) in ITEMS.iter().zip(scores) {
            given.insert((name.to_owned(), (*item).to_owned()), s.to_string());
        }
    }
    assert_eq!(answered, given, "the CSV holds every score as given");
    Ok(())
}
