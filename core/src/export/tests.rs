//! Exports of the fixed audit, read back and checked against the documents.

use std::collections::BTreeMap;
use std::io::Read;

use super::csv::{iso_utc, value_text, CSV_HEADER, PROBLEMS_HEADER};
use super::*;
use crate::analysis::analyse;
use crate::model::ReportText;
use crate::report::{change, headings, num};
use crate::testdata::{earlier_fixture, fixture, Fixture};

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
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

fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

fn with_input<T>(f: &Fixture, check: impl FnOnce(&ExportInput<'_>) -> T) -> T {
    in_lang(f, "en", check)
}

/// Runs `check` on the export input of `f` in `lang`, its photo readable.
pub(super) fn in_lang<T>(f: &Fixture, lang: &str, check: impl FnOnce(&ExportInput<'_>) -> T) -> T {
    let audit = f.audit_data();
    let responses = f.response_data();
    let (hash, bytes) = f.photo.clone();
    let blobs = move |h: &str| (h == hash.as_str()).then(|| bytes.clone());
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &blobs,
        lang,
    };
    check(&input)
}

#[test]
fn csv_reads_back_to_every_answer_of_the_documents() {
    let mut f = fixture();
    // A comment that needs quoting and one that looks like a formula.
    let data = f.audit_data();
    f.responses[2]
        .answer(
            &data,
            "vision.5",
            &crate::model::AnswerInput {
                value: None,
                comment: Some("=SUM(A1) \"quoted\",\nnext line".into()),
            },
        )
        .unwrap();
    let text = with_input(&f, answers_csv);
    assert!(text.starts_with('\u{feff}'), "BOM");
    assert!(text.contains("\r\n"));
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], CSV_HEADER.map(String::from).to_vec());
    let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
    let body = &rows[1..];
    // 3 participants x 20 whole-city statements + 4 stop visits x 10 per-stop statements.
    assert_eq!(body.len(), 3 * 20 + 4 * 10);
    let mut checked = 0;
    for response in f.response_data() {
        let p = response.participant().unwrap();
        let mine: Vec<&Vec<String>> = body
            .iter()
            .filter(|r| r[col("participant_id")] == p.id)
            .collect();
        assert_eq!(mine.len(), 20 + 10 * response.stops().count());
        for row in &mine {
            assert_eq!(row[col("pseudonym")], p.display_name);
            assert_eq!(row[col("group")], p.group);
            assert_eq!(row[col("gender")], p.gender.clone().unwrap_or_default());
        }
        for (item, answer) in response.answers() {
            let Some(row) = mine
                .iter()
                .find(|r| r[col("statement")] == *item && r[col("stop_id")].is_empty())
            else {
                assert_eq!(
                    item, "environment.1",
                    "only the misplaced answer has no row"
                );
                continue;
            };
            assert_eq!(row[col("value")], value_text(&answer.value), "{item}");
            assert_eq!(
                row[col("score")],
                answer
                    .value
                    .score()
                    .map(|s| s.get().to_string())
                    .unwrap_or_default()
            );
            assert_eq!(unguard(&row[col("comment")]), answer.comment.as_str());
            if answer.updated_at > 0 {
                assert_eq!(row[col("updated_at_utc")], iso_utc(answer.updated_at));
            }
            checked += 1;
        }
        for (stop, visit) in response.stops() {
            for (item, answer) in response.stop_answers(stop) {
                let row = mine
                    .iter()
                    .find(|r| r[col("statement")] == *item && r[col("stop_id")] == *stop)
                    .unwrap();
                assert_eq!(row[col("value")], value_text(&answer.value));
                assert_eq!(row[col("name_of_area")], visit.name_of_area);
                assert_eq!(row[col("specific_location")], visit.specific_location);
                assert_eq!(row[col("visited_at_utc")], iso_utc(visit.visited_at));
                assert_eq!(
                    row[col("planned_stop")],
                    visit.planned_stop.clone().unwrap_or_default()
                );
                checked += 1;
            }
        }
    }
    // 3 x 20 whole-city records (created up front) + 4 visits x 10 per-stop records.
    assert_eq!(checked, 3 * 20 + 4 * 10, "every answer record checked");
    assert!(text.contains("'=SUM(A1)"), "formula guarded");
    assert_eq!(iso_utc(1_777_000_000_000), "2026-04-24T03:06:40Z");
}

#[test]
fn geojson_reads_back_to_the_documents() {
    let f = fixture();
    let value = with_input(&f, geojson);
    let text = serde_json::to_string(&value).unwrap();
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["type"], "FeatureCollection");
    let features = back["features"].as_array().unwrap();
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        features
            .iter()
            .filter(|f| f["properties"]["kind"] == kind)
            .collect()
    };
    let audit = f.audit_data();
    let planned = of("planned_stop");
    assert_eq!(planned.len(), 2);
    for feature in &planned {
        let id = feature["properties"]["id"].as_str().unwrap();
        let stop = audit.planned_stops().find(|(i, _)| *i == id).unwrap().1;
        let pos = stop.position.unwrap();
        // RFC 7946: [longitude, latitude].
        assert_eq!(
            feature["geometry"]["coordinates"],
            serde_json::json!([pos.lon, pos.lat])
        );
        assert_eq!(feature["properties"]["name_of_area"], stop.name_of_area);
        assert_eq!(feature["properties"]["order"], stop.order);
    }
    let responses = f.response_data();
    let visits = of("stop_visit");
    assert_eq!(visits.len(), 4);
    for response in &responses {
        let p = response.participant().unwrap();
        for (id, visit) in response.stops() {
            let feature = visits
                .iter()
                .find(|v| v["properties"]["id"] == id.as_str())
                .unwrap();
            let pos = visit.location.unwrap();
            assert_eq!(
                feature["geometry"]["coordinates"],
                serde_json::json!([pos.lon, pos.lat])
            );
            assert_eq!(feature["properties"]["pseudonym"], p.display_name);
            assert_eq!(feature["properties"]["visited_at"], visit.visited_at);
        }
        for (hash, photo) in response.photos() {
            let feature = of("photo")
                .into_iter()
                .find(|v| v["properties"]["hash"] == hash.as_str())
                .unwrap();
            let pos = photo.location.unwrap();
            assert_eq!(
                feature["geometry"]["coordinates"],
                serde_json::json!([pos.lon, pos.lat])
            );
            assert_eq!(feature["properties"]["title"], photo.title);
            assert_eq!(feature["properties"]["caption"], photo.caption);
            assert_eq!(feature["properties"]["theme"], photo.theme);
            assert_eq!(feature["properties"]["credit"], p.display_name);
        }
        let track: Vec<serde_json::Value> = response
            .track()
            .map(|t| serde_json::json!([t.lon, t.lat]))
            .collect();
        if track.len() >= 2 {
            let feature = of("track")
                .into_iter()
                .find(|t| t["properties"]["participant_id"] == p.id)
                .unwrap();
            assert_eq!(feature["geometry"]["type"], "LineString");
            assert_eq!(
                feature["geometry"]["coordinates"],
                serde_json::Value::Array(track)
            );
        }
    }
    assert_eq!(of("photo").len(), 1);
    assert_eq!(of("track").len(), 1);
}

#[test]
fn html_report_has_every_section_and_the_computed_numbers() {
    let mut f = fixture();
    f.audit
        .set_consensus(
            "vision.1",
            Some(3),
            "Agreed: services exist but are hard to find",
        )
        .unwrap();
    f.audit
        .set_area_ideas(
            "vision",
            "One-stop shop for newcomers",
            "Publish the integration strategy",
        )
        .unwrap();
    f.audit
        .set_wrap_up("achievements", "A welcome desk in three languages")
        .unwrap();
    f.audit
        .set_report_text(
            ReportText::CityContext,
            "Sofia has about 1.3 million inhabitants.",
        )
        .unwrap();
    f.audit.mark_photo(f.photo.0.as_str(), true).unwrap();
    let (earlier_id, earlier_audit, earlier_responses) = earlier_fixture();
    let audit = f.audit_data();
    let responses = f.response_data();
    let (hash, bytes) = f.photo.clone();
    let blobs = move |h: &str| (h == hash.as_str()).then(|| bytes.clone());
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: Some(crate::analysis::EarlierAudit {
            id: earlier_id.as_str(),
            audit: &earlier_audit,
            responses: &earlier_responses,
        }),
        blobs: &blobs,
        lang: "en",
    };
    let html = crate::report::html(&input);
    let md = crate::report::markdown(&input);
    let english = crate::report::words::Words::english();
    for heading in headings::ALL.map(|key| english.t(key)) {
        let heading = heading.as_str();
        assert!(
            html.contains(&format!(">{}</h", crate::report::Block::esc_text(heading))),
            "{heading}"
        );
        assert!(md.contains(&format!(" {heading}\n")), "{heading}");
    }
    let results = analyse(&audit, &responses, input.earlier);
    // The computed numbers: overall 113/42 = 2.69, vision 28/9 = 3.11,
    // environment 2.75, change overall -17/21 = -0.81, vision.1 sd 1.63.
    for expected in [
        num(results.overall_mean),
        "2.69".to_owned(),
        "3.11".to_owned(),
        "2.75".to_owned(),
        change(results.comparison.as_ref().unwrap().overall.change),
        "-0.81".to_owned(),
        "1.63".to_owned(),
    ] {
        assert!(html.contains(&expected), "{expected}");
        assert!(md.contains(&expected), "{expected}");
    }
    for s in &results.sections {
        assert!(html.contains(&num(s.mean)));
    }
    for text in [
        "Agreed: services exist but are hard to find",
        "One-stop shop for newcomers",
        "Publish the integration strategy",
        "A welcome desk in three languages",
        "Sofia has about 1.3 million inhabitants.",
        "Signs in &lt;three&gt; languages &amp; more",
        "Heron &quot;Bo&quot;, jr",
        "Sofia city walk, 2024",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(html.contains("data:image/jpeg;base64,"), "photo embedded");
    assert!(
        html.contains("<svg") && html.contains("class=\"map\""),
        "charts and map inline"
    );
    assert!(html.contains("@media print"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no network resources"
    );
    assert!(!html.contains("<script"));
    assert!(md.contains("Photo: Falcon"), "credit");
    // Part I placeholders only where the city has not written yet.
    assert!(html.contains("To be completed: assessment of policy"));
    assert!(!html.contains("To be completed by the city"));
}

#[test]
fn zip_holds_the_photos_and_their_credits() {
    let f = fixture();
    let bytes = with_input(&f, |input| photos_zip(input).unwrap());
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    assert_eq!(archive.len(), 2, "{names:?}");
    let photo_name = names
        .iter()
        .find(|n| n.starts_with("photos/friendly/"))
        .unwrap()
        .clone();
    assert!(photo_name.ends_with("001-Welcome-desk.jpg"), "{photo_name}");
    let mut photo = Vec::new();
    archive
        .by_name(&photo_name)
        .unwrap()
        .read_to_end(&mut photo)
        .unwrap();
    assert_eq!(photo, f.photo.1);
    let mut credits = String::new();
    archive
        .by_name(zip::CREDITS_FILE)
        .unwrap()
        .read_to_string(&mut credits)
        .unwrap();
    assert!(credits.contains("Photo: Falcon"));
    assert!(credits.contains("Title: Welcome desk"));
    assert!(credits.contains(&photo_name));
    // Without blobs the photo is listed as not uploaded.
    let audit = f.audit_data();
    let responses = f.response_data();
    let input = ExportInput {
        audit_id: "a",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &NoBlobs,
        lang: "en",
    };
    let mut archive =
        ::zip::ZipArchive::new(std::io::Cursor::new(photos_zip(&input).unwrap())).unwrap();
    assert_eq!(archive.len(), 1);
    let mut credits = String::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_string(&mut credits)
        .unwrap();
    assert!(credits.contains("not uploaded"));
}

#[test]
fn export_formats_parse_and_write() {
    assert_eq!("md".parse::<ExportFormat>().unwrap(), ExportFormat::Md);
    assert!(matches!(
        "pdf".parse::<ExportFormat>(),
        Err(ExportError::UnknownFormat(_))
    ));
    let f = fixture();
    let sizes: BTreeMap<&str, usize> = with_input(&f, |input| {
        [
            ExportFormat::Csv,
            ExportFormat::Geojson,
            ExportFormat::Md,
            ExportFormat::Html,
            ExportFormat::Zip,
        ]
        .into_iter()
        .map(|format| {
            let mut out = Vec::new();
            export(format, input, &mut out).unwrap();
            (format.extension(), out.len())
        })
        .collect()
    });
    assert!(sizes.values().all(|s| *s > 100), "{sizes:?}");
}

#[test]
fn map_features_match_the_geojson() {
    let f = fixture();
    let (map, geo) = with_input(&f, |input| (map_features(input), geojson(input)));
    let features = geo["features"].as_array().unwrap();
    let count = |kind: &str| {
        features
            .iter()
            .filter(|x| x["properties"]["kind"] == kind)
            .count()
    };
    assert_eq!(
        map.stops.iter().filter(|s| s.kind == "planned").count(),
        count("planned_stop")
    );
    assert_eq!(
        map.stops.iter().filter(|s| s.kind == "visited").count(),
        count("stop_visit")
    );
    assert_eq!(map.photos.len(), count("photo"));
    assert_eq!(map.tracks.len(), count("track"));
    assert_eq!(map.stops[0].name_of_area, "Central Square", "walking order");
    assert_eq!(map.tracks[0].points.len(), 3);
    let json = serde_json::to_value(&map).unwrap();
    assert!(json["stops"][0].get("nameOfArea").is_some(), "camelCase");
}

#[test]
fn the_problems_export_lists_every_value_left_out_with_its_author() {
    let f = fixture();
    let text = with_input(&f, problems_csv);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], PROBLEMS_HEADER.join(","));
    // B's score 9 and C's whole-city answer to a per-stop statement.
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[1].starts_with("pb,\"Heron \"\"Bo\"\", jr\",answers/vision.4/value,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("score 9 is outside 1-5"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("pc,Owl,answers/environment.1,"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "");
    assert_eq!(
        "problems".parse::<ExportFormat>().unwrap(),
        ExportFormat::Problems
    );
    assert_eq!(ExportFormat::Problems.extension(), "csv");
}
