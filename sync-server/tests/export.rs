//! `cityaudit-sync export` on a small data folder: the real binary writes
//! every format, and the files hold what core computes from the documents.

use anyhow::{ensure, Context, Result};
use std::io::Read;
use std::path::Path;
use std::process::Command;

use cityaudit_core::analysis::analyse;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{
    AnswerInput, AuditDocument, Location, LocationSource, NewAudit, NewParticipant, PhotoInput,
    PhotoRecord, ResponseData, ResponseDocument, StopVisit, TemplateChoice,
};
use cityaudit_core::report::words::Words;
use cityaudit_core::report::{headings, num};
use cityaudit_sync::blobs::ContentRange;
use cityaudit_sync::storage::{DocumentInfo, DocumentKind};
use cityaudit_sync::{admin, AppState};

const BIN: &str = env!("CARGO_BIN_EXE_cityaudit-sync");

/// Three participants with answers, a stop and a photo (blob stored).
fn data_folder(data: &Path) -> Result<(DocumentId, Vec<ResponseData>, AuditDocument)> {
    let state = AppState::open(data, None)?;
    let new = NewAudit {
        title: "Export walk".into(),
        city: "Plovdiv".into(),
        starts_on: "2026-06-01".into(),
        ends_on: "2026-06-01".into(),
        meeting_point: "Main square".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    let audit_id = admin::create_audit(&state, &new, None)?;
    let mut tx = state.storage.begin()?;
    let info = tx.document_info(&audit_id)?.context("audit stored")?;
    let (_, doc) = cityaudit_sync::documents::load(tx.as_mut(), info)?;
    let audit_doc = AuditDocument::from_automerge(doc);
    let audit = audit_doc.read()?;
    let photo = b"\xff\xd8\xff\xe0 a photo \xff\xd9".to_vec();
    let hash = BlobHash::of(&photo);
    let mut read = Vec::new();
    for (i, (name, group, scores)) in [
        ("Ana", "tcn_communities", [5_i64, 1, 3]),
        ("Boris", "local_government", [4, 2, 3]),
        ("Chen", "ngos", [2, 2, 4]),
    ]
    .into_iter()
    .enumerate()
    {
        let joining = NewParticipant {
            display_name: name.into(),
            group: group.into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: true,
        };
        let mut response = ResponseDocument::create(&audit_id, &audit, &format!("p{i}"), &joining)?;
        for (item, score) in ["vision.1", "vision.2", "attitudes.1"].iter().zip(scores) {
            response.answer(&audit, item, &AnswerInput::score(score)?)?;
        }
        let stop = response.visit_stop(
            &audit,
            &StopVisit {
                planned_stop: None,
                name_of_area: "Old Town".into(),
                specific_location: "Hill".into(),
                visited_at: 1_780_000_000_000,
                utc_offset_min: 180,
                location: Some(Location::new(42.15, 24.75, LocationSource::Device)?),
            },
        )?;
        response.answer_at_stop(&audit, &stop, "environment.1", &AnswerInput::score(3)?)?;
        if i == 0 {
            let record = PhotoRecord {
                title: "Bus stop".into(),
                caption: "Timetable only in Bulgarian".into(),
                theme: "improvement".into(),
                location: Some(Location::new(42.151, 24.751, LocationSource::Exif)?),
                taken_at: Some(1_780_000_100_000),
                stop: None,
                media_type: "image/jpeg".into(),
                size: photo.len() as u64,
                consent: true,
                added_at: 1_780_000_200_000,
            };
            response.add_photo(
                &audit,
                &PhotoInput {
                    hash: hash.clone(),
                    record,
                },
            )?;
        }
        let info = DocumentInfo {
            id: DocumentId::random(),
            kind: DocumentKind::Response,
            audit_id: audit_id.clone(),
        };
        tx.insert_document(&info, &response.automerge().save(), 1)?;
        read.push(response.read()?);
    }
    tx.commit()?;
    let range = ContentRange {
        start: 0,
        end: photo.len() as u64 - 1,
        total: photo.len() as u64,
    };
    state.blobs.write_chunk(&hash, "test", range, &photo)?;
    Ok((audit_id, read, audit_doc))
}

fn export(data: &Path, audit: &str, format: &str, out: &Path) -> Result<std::process::Output> {
    Ok(Command::new(BIN)
        .args(["export", "--data"])
        .arg(data)
        .args(["--audit", audit, "--format", format, "--out"])
        .arg(out)
        .output()?)
}

#[test]
fn export_writes_every_format_from_the_stored_documents() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let (audit_id, responses, audit_doc) = data_folder(&data)?;
    let results = analyse(&audit_doc.read()?, &responses, None);
    // vision.1: 5, 4, 2 -> 11/3 = 3.67; flagged (range 3).
    ensure!(num(results.item("vision.1").and_then(|i| i.scores.mean)) == "3.67");
    for format in ["csv", "geojson", "md", "html", "zip"] {
        let out = dir.path().join(format!("audit.{format}"));
        let output = export(&data, audit_id.as_str(), format, &out)?;
        ensure!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        ensure!(out.exists(), "{format} written");
    }
    let csv = std::fs::read_to_string(dir.path().join("audit.csv"))?;
    ensure!(csv.starts_with('\u{feff}'));
    // 3 participants x 20 whole-city statements + 3 visits x 10 per-stop statements + header.
    ensure!(
        csv.lines().count() == 1 + 60 + 30,
        "{} lines",
        csv.lines().count()
    );
    ensure!(csv.contains(",Ana,tcn_communities,"));
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("audit.geojson"))?)?;
    let features = geojson["features"].as_array().context("features")?;
    ensure!(features.len() == 4, "3 visits and 1 photo");
    ensure!(features[0]["geometry"]["coordinates"] == serde_json::json!([24.75, 42.15]));
    let html = std::fs::read_to_string(dir.path().join("audit.html"))?;
    let md = std::fs::read_to_string(dir.path().join("audit.md"))?;
    let english = Words::english();
    for heading in headings::ALL.map(|key| english.t(key)) {
        ensure!(
            html.contains(&heading) && md.contains(&heading),
            "{heading}"
        );
    }
    for figure in [num(results.overall_mean), "3.67".into()] {
        ensure!(html.contains(&figure) && md.contains(&figure), "{figure}");
    }
    let zip = std::fs::File::open(dir.path().join("audit.zip"))?;
    let mut archive = zip::ZipArchive::new(zip)?;
    ensure!(archive.len() == 2);
    let mut credits = String::new();
    archive
        .by_name("CREDITS.txt")?
        .read_to_string(&mut credits)?;
    ensure!(credits.contains("Photo: Ana") && credits.contains("Bus stop"));
    ensure!(credits.contains("photos/improvement/001-Bus-stop.jpg"));
    Ok(())
}

#[test]
fn export_of_an_unknown_audit_fails_clearly_and_writes_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    data_folder(&data)?;
    let out = dir.path().join("none.html");
    let missing = DocumentId::random();
    let output = export(&data, missing.as_str(), "html", &out)?;
    ensure!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(stderr.contains("there is no audit"), "{stderr}");
    ensure!(!out.exists());
    let output = export(&data, missing.as_str(), "pdf", &out)?;
    ensure!(!output.status.success());
    Ok(())
}

#[test]
fn export_writes_the_report_in_the_language_asked_for() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let (audit_id, responses, audit_doc) = data_folder(&data)?;
    let results = analyse(&audit_doc.read()?, &responses, None);
    let out = dir.path().join("audit-cs.md");
    let output = Command::new(BIN)
        .args(["export", "--data"])
        .arg(&data)
        .args([
            "--audit",
            audit_id.as_str(),
            "--format",
            "md",
            "--lang",
            "cs",
            "--out",
        ])
        .arg(&out)
        .output()?;
    ensure!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let md = std::fs::read_to_string(&out)?;
    let czech = Words::new("cs")?;
    for heading in headings::ALL.map(|key| czech.t(key)) {
        ensure!(md.contains(&heading), "{heading}");
    }
    let overall = czech.num(results.overall_mean);
    ensure!(overall.contains(','), "{overall}");
    ensure!(md.contains(&overall), "{overall}");
    ensure!(md.contains(&czech.t("note.machineDrafted")));

    let refused = dir.path().join("audit-fr.md");
    let output = Command::new(BIN)
        .args(["export", "--data"])
        .arg(&data)
        .args([
            "--audit",
            audit_id.as_str(),
            "--format",
            "md",
            "--lang",
            "fr",
            "--out",
        ])
        .arg(&refused)
        .output()?;
    ensure!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(stderr.contains("\"fr\""), "{stderr}");
    ensure!(!refused.exists());
    Ok(())
}

#[test]
fn export_writes_the_csv_header_in_the_language_asked_for_and_keys_by_default() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let (audit_id, _, _) = data_folder(&data)?;
    let header = |lang: Option<&str>| -> Result<String> {
        let out = dir
            .path()
            .join(format!("answers-{}.csv", lang.unwrap_or("default")));
        let mut command = Command::new(BIN);
        command
            .args(["export", "--data"])
            .arg(&data)
            .args(["--audit", audit_id.as_str(), "--format", "csv", "--out"])
            .arg(&out);
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        let output = command.output()?;
        ensure!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(&out)?;
        Ok(text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned())
    };
    let default = header(None)?;
    ensure!(
        default.starts_with("participant_id,pseudonym,group,"),
        "{default}"
    );
    let arabic = header(Some("ar"))?;
    let ar = Words::new("ar")?;
    ensure!(
        arabic.starts_with(&format!("{},", ar.t("csv.participant_id"))),
        "{arabic}"
    );
    ensure!(arabic.split(',').count() == default.split(',').count());
    Ok(())
}
