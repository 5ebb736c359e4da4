//! `docs/schema.md` as a contract: a participant written in JavaScript from
//! the documents alone (`tests/js/participant.mjs`, with the current
//! `@automerge/automerge` 3.x) joins the real sync server, writes every
//! record kind of the response document, syncs and uploads its photo; a
//! facilitator's device then reads every value exactly through core, with
//! no value skipped, and exports the rows the CSV promises.
//!
//! The JavaScript is the runnable form of the document's snippets: a wrong
//! example (a wrapped number inside an object literal, a Uint read as a
//! number) makes either the script's own checks or this test fail.

use anyhow::{bail, ensure, Context, Result};
use reqwest::blocking::Client;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

use cityaudit_core::export::ExportFormat;
use cityaudit_core::ids::BlobHash;
use cityaudit_core::media::prepare;
use cityaudit_core::model::{
    Answer, AnswerValue, Location, LocationSource, ResponseData, Score, TrackPoint,
};
use cityaudit_core::views::facilitator::{audit_responses, export_to_dir, progress};
use cityaudit_tests::browser::repo_root;
use cityaudit_tests::device::{fixture, Phone};
use cityaudit_tests::server::{
    admin, create_audit, create_facilitator, participant_invite, Server,
};

/// The script's base time, 2026-05-28T20:26:40Z; the script runs in New
/// York's time zone (UTC-4 then), so its visit has a negative UTC offset.
const T: i64 = 1_780_000_000_000;

/// What the script prints: the ids chance or the server chose.
#[derive(Debug, Deserialize)]
struct Written {
    participant_id: String,
    response_doc: String,
    planned_stop: String,
    stop_id: String,
    photo_hash: String,
    photo_size: u64,
    resumed_from: u64,
}

/// `tests/js`, with its npm dependencies installed (`npm ci` when missing).
fn js_package() -> Result<PathBuf> {
    let dir = repo_root().join("tests").join("js");
    if !dir.join("node_modules/@automerge/automerge").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .context("running npm ci in tests/js (is Node.js installed?)")?;
        ensure!(status.success(), "npm ci in tests/js failed");
    }
    Ok(dir)
}

fn run_participant(js: &Path, url: &str, code: &str) -> Result<Written> {
    let output = Command::new("node")
        .arg(js.join("participant.mjs"))
        .args(["--server", url, "--code", code])
        .env("TZ", "America/New_York")
        .output()
        .context("running node tests/js/participant.mjs")?;
    if !output.status.success() {
        bail!(
            "the JavaScript participant failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8(output.stdout)?;
    serde_json::from_str(stdout.trim()).with_context(|| format!("script output {stdout:?}"))
}

fn score(n: u8) -> AnswerValue {
    AnswerValue::Score(Score::new(n).expect("1-5"))
}

fn answer<'a>(answers: &[(&'a String, &'a Answer)], item: &str) -> Result<&'a Answer> {
    answers
        .iter()
        .find(|(id, _)| id.as_str() == item)
        .map(|(_, a)| *a)
        .with_context(|| format!("no answer {item}"))
}

fn assert_answer(
    answers: &[(&String, &Answer)],
    item: &str,
    value: AnswerValue,
    comment: &str,
    updated_at: i64,
) -> Result<()> {
    let a = answer(answers, item)?;
    assert_eq!(a.value, value, "{item} value");
    assert_eq!(a.comment.as_str(), comment, "{item} comment");
    assert_eq!(a.updated_at, updated_at, "{item} updated_at");
    Ok(())
}

/// Rows of RFC 4180 CSV text (quoted cells may hold commas, quotes, CRLF).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn a_javascript_participant_written_from_the_docs_is_read_exactly() -> Result<()> {
    let js = js_package()?;
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Plovdiv walk")?;
    // A facilitator without the app plans the stop on the server.
    let planned = admin(
        &server.data,
        &[
            "plan-stop",
            "--audit",
            audit.as_str(),
            "--name",
            "Kapana",
            "--specific-location",
            "Corner of Zhelezarska",
            "--lat",
            "42.1497",
            "--lon",
            "24.7496",
        ],
    )?;
    let code = participant_invite(&server.data, &audit, 1)?;

    let written = run_participant(&js, &server.url, &code)?;
    assert_eq!(written.planned_stop, planned.trim());
    assert_eq!(written.resumed_from, 16 * 1024, "the upload resumed");

    let mut desk = Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("f.sqlite"))?;
    let report = desk.sync()?;
    assert_eq!(
        report.blobs_downloaded, 1,
        "the photo reached the facilitator"
    );

    // Nothing the script wrote was skipped.
    let response_doc = cityaudit_core::ids::DocumentId::parse(&written.response_doc)?;
    let problems = desk.profile.response_problems(&response_doc)?;
    assert!(problems.is_empty(), "values core skipped: {problems:?}");

    let responses = audit_responses(&desk.profile, &audit)?;
    let response: &ResponseData = responses
        .iter()
        .find(|r| r.participant().map(|p| p.id.as_str()) == Some(&written.participant_id))
        .context("the JavaScript participant's response")?;
    assert_eq!(response.schema.value(), Some(&2));
    assert_eq!(
        response.audit_id.value().map(String::as_str),
        Some(audit.as_str())
    );

    let p = response.participant().context("participant")?;
    assert_eq!(p.display_name, "Falcon");
    assert_eq!(p.group, "ngos");
    assert_eq!(p.gender.as_deref(), Some("woman"));
    assert_eq!(p.joined_at, T);
    let consent = p.photo_consent.as_ref().context("photo consent")?;
    assert_eq!(consent.terms_version, 1);
    assert_eq!(consent.accepted_at, T);
    assert_eq!(consent.shares_locations, Some(true));

    // Whole-city answers: 20 pre-created, five of them written.
    let answers: Vec<_> = response.answers().collect();
    assert_eq!(answers.len(), 20);
    assert_answer(
        &answers,
        "vision.1",
        score(4),
        "One-stop shop near the station",
        T + 1000,
    )?;
    assert_answer(&answers, "vision.2", AnswerValue::DontKnow, "", T + 2000)?;
    assert_answer(
        &answers,
        "vision.3",
        AnswerValue::Unanswered,
        "Only in Bulgarian",
        T + 3000,
    )?;
    let council = "Съвет на мигрантите – مجلس المهاجرين, \"weekly\", 2 rooms";
    assert_answer(&answers, "participation.1", score(5), council, T + 4000)?;
    assert_answer(&answers, "attitudes.5", score(1), "", T + 5000)?;
    assert_answer(&answers, "vision.8", AnswerValue::Unanswered, "", 0)?;

    // The stop visit and its answers.
    let stops: Vec<_> = response.stops().collect();
    assert_eq!(stops.len(), 1);
    let (stop_id, visit) = stops[0];
    assert_eq!(stop_id, &written.stop_id);
    assert_eq!(visit.planned_stop.as_deref(), Some(planned.trim()));
    assert_eq!(visit.name_of_area, "Kapana");
    assert_eq!(visit.specific_location, "Corner of Zhelezarska");
    assert_eq!(visit.visited_at, T + 10_000);
    assert_eq!(visit.utc_offset_min, -240);
    assert_eq!(
        visit.location,
        Some(Location {
            lat: 42.1497,
            lon: 24.7496,
            accuracy_m: Some(12.0),
            source: LocationSource::Device,
        })
    );
    let at_stop: Vec<_> = response.stop_answers(stop_id).collect();
    assert_eq!(at_stop.len(), 10);
    assert_answer(
        &at_stop,
        "environment.1",
        score(2),
        "Street lights out on the east side",
        T + 11_000,
    )?;
    assert_answer(
        &at_stop,
        "environment.10",
        AnswerValue::DontKnow,
        "",
        T + 12_000,
    )?;
    assert_answer(&at_stop, "environment.3", score(3), "", T + 13_000)?;
    assert_answer(&at_stop, "environment.2", AnswerValue::Unanswered, "", 0)?;

    // The track, whole coordinates included.
    let track: Vec<TrackPoint> = response.track().copied().collect();
    let point = |lat, lon, at| TrackPoint { lat, lon, at };
    assert_eq!(
        track,
        [
            point(42.15, 24.77, T + 9000),
            point(42.1512, 24.7741, T + 9500),
            point(42.0, 25.0, T + 9900),
        ]
    );

    // The photo record and its blob: the script's shared copy is the one
    // core makes of the same picture (schema.md §3.5), byte for byte.
    let photos: Vec<_> = response.photos().collect();
    assert_eq!(photos.len(), 1);
    let (hash, photo) = photos[0];
    assert_eq!(hash, &written.photo_hash);
    assert_eq!(photo.title, "Welcome desk");
    assert_eq!(
        photo.caption,
        "Signs in four languages at the district office"
    );
    assert_eq!(photo.theme, "friendly");
    assert_eq!(
        photo.location,
        Some(Location {
            lat: 42.0,
            lon: 24.75,
            accuracy_m: None,
            source: LocationSource::Manual,
        })
    );
    assert_eq!(photo.taken_at, Some(T + 14_000));
    assert_eq!(photo.stop.as_deref(), Some(written.stop_id.as_str()));
    assert_eq!(photo.media_type, "image/jpeg");
    assert_eq!(photo.size, written.photo_size);
    assert!(photo.consent);
    assert_eq!(photo.added_at, T + 15_000);
    let blob = desk.profile.blobs().get(&BlobHash::parse(hash)?)?;
    assert_eq!(BlobHash::of(&blob).as_str(), hash);
    assert_eq!(blob.len() as u64, photo.size);
    assert_eq!(blob, prepare(&fixture("DSCN0010.jpg")?)?.shared);

    // The facilitator's progress counts it all.
    let view = progress(&desk.profile, &audit, &Default::default())?;
    let mine = view
        .participants
        .iter()
        .find(|p| p.participant_id == written.participant_id)
        .context("progress row")?;
    assert_eq!(mine.items_answered, 4);
    assert_eq!(mine.items_total, 20);
    assert_eq!(mine.stops_visited, 1);
    assert_eq!(mine.photos_captured, 1);
    assert_eq!(mine.photos_uploaded, 1);
    assert!(mine.unreadable.is_empty(), "{:?}", mine.unreadable);

    // The CSV: 20 whole-city rows and 10 rows for the stop visit.
    let out = dir.path().join("export");
    std::fs::create_dir_all(&out)?;
    let file = export_to_dir(&desk.profile, &audit, ExportFormat::Csv, &out, "en")?;
    let rows = csv_rows(&std::fs::read_to_string(&file.path)?);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = |statement: &str| {
        rows.iter()
            .find(|r| r[col("statement")] == statement)
            .unwrap_or_else(|| panic!("no row for {statement}"))
    };
    let data: Vec<_> = rows[1..]
        .iter()
        .filter(|r| r[col("participant_id")] == written.participant_id)
        .collect();
    assert_eq!(data.len(), 30);
    assert_eq!(rows.len(), 31, "only the JavaScript participant answered");
    let vision1 = row("vision.1");
    assert_eq!(vision1[col("pseudonym")], "Falcon");
    assert_eq!(vision1[col("group")], "ngos");
    assert_eq!(vision1[col("gender")], "woman");
    assert_eq!(vision1[col("area")], "vision");
    assert_eq!(vision1[col("value")], "4");
    assert_eq!(vision1[col("score")], "4");
    assert_eq!(vision1[col("comment")], "One-stop shop near the station");
    assert_eq!(vision1[col("updated_at_utc")], "2026-05-28T20:26:41Z");
    assert_eq!(vision1[col("stop_id")], "");
    let vision2 = row("vision.2");
    assert_eq!(vision2[col("value")], "dont_know");
    assert_eq!(vision2[col("score")], "");
    assert_eq!(row("vision.3")[col("value")], "");
    assert_eq!(row("participation.1")[col("comment")], council);
    let env1 = row("environment.1");
    assert_eq!(env1[col("stop_id")], written.stop_id);
    assert_eq!(env1[col("name_of_area")], "Kapana");
    assert_eq!(env1[col("specific_location")], "Corner of Zhelezarska");
    assert_eq!(env1[col("visited_at_utc")], "2026-05-28T20:26:50Z");
    assert_eq!(env1[col("value")], "2");
    assert_eq!(env1[col("comment")], "Street lights out on the east side");
    assert_eq!(env1[col("planned_stop")], planned.trim());
    assert_eq!(row("environment.10")[col("value")], "dont_know");
    Ok(())
}

/// The snippets of `docs/schema.md` §8 are the code the test above runs:
/// every section of `tests/js/schema.mjs` appears in the document verbatim
/// (without `export`).
#[test]
fn the_schema_snippets_are_the_tested_code() -> Result<()> {
    let root = repo_root();
    let doc = std::fs::read_to_string(root.join("docs/schema.md"))?;
    let js = std::fs::read_to_string(root.join("tests/js/schema.mjs"))?;
    let code = js
        .split_once("import * as A")
        .context("schema.mjs imports Automerge")?
        .1
        .replace("export async function", "async function")
        .replace("export function", "function")
        .replace("export const", "const");
    let mut sections = 0;
    for chunk in code.split("\n// §8.") {
        // Each chunk after the first starts with the rest of its heading line.
        let body = match chunk.split_once('\n') {
            Some((heading, body)) if heading.starts_with(|c: char| c.is_ascii_digit()) => body,
            _ => chunk,
        };
        for function in body.split("\n\n").map(str::trim).filter(|f| !f.is_empty()) {
            ensure!(
                doc.contains(function),
                "docs/schema.md §8 does not show this code of tests/js/schema.mjs:\n{function}"
            );
        }
        sections += 1;
    }
    assert_eq!(sections, 7, "schema.mjs has §8.1-§8.6 and its import");
    Ok(())
}
