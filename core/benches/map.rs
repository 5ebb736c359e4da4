//! Map and walk-track benchmarks: `record_position` on a response whose
//! track already holds close to the cap's number of points (kept, and
//! refused as full), and building the map's features for a demo-size audit
//! (30 participants, 6 planned stops each visited and scored, a track of
//! 600 points and 2 photos each, a focus-group hot spot). Prints median
//! and worst of the runs.

use std::time::{Duration, Instant};

use cityaudit_core::export::{map_features, ExportInput, NoBlobs};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::limits::{TRACK_BATCH, TRACK_POINTS};
use cityaudit_core::model::{
    AnswerInput, AuditDocument, Location, LocationSource, NewAudit, NewParticipant, PhotoInput,
    PhotoRecord, PlannedStop, ResponseData, ResponseDocument, StopVisit, TemplateChoice,
    TrackPoint,
};
use cityaudit_core::profile::Profile;
use cityaudit_core::templates::Templates;
use cityaudit_core::tracks::Fix;

fn choice() -> TemplateChoice {
    TemplateChoice {
        checklist: true,
        photovoice: true,
        benchmark: false,
    }
}

fn joining(n: usize) -> NewParticipant {
    NewParticipant {
        display_name: format!("Walker {n}"),
        group: "other".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    }
}

fn point(k: usize) -> TrackPoint {
    TrackPoint {
        lat: 42.68 + k as f64 * 0.0002,
        lon: 23.32,
        at: 1_777_000_000_000 + k as i64 * 10_000,
    }
}

fn show(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "{label}: median {median:.2?}, worst {worst:.2?} ({} runs)",
        times.len()
    );
}

fn record_position_near_the_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = Profile::open(&dir.path().join("p.sqlite")).expect("open");
    let audit = profile
        .create_audit(&NewAudit::undated("Bench", "Sofia", choice()))
        .expect("audit");
    let response = profile.join(&audit, &joining(0)).expect("join");
    profile.set_track_consent(&response, true).expect("consent");
    profile.set_tracking(&response, true).expect("on");
    let runs = 100;
    let filled: Vec<TrackPoint> = (0..TRACK_POINTS - runs).map(point).collect();
    for batch in filled.chunks(TRACK_BATCH) {
        profile.add_track_points(&response, batch).expect("fill");
    }
    // Reopened, as the app is after a night: the document is loaded on first use.
    drop(profile);
    let mut profile = Profile::open(&dir.path().join("p.sqlite")).expect("reopen");
    let mut kept = Vec::new();
    for k in TRACK_POINTS - runs..TRACK_POINTS {
        let p = point(k);
        let fix = Fix {
            lat: p.lat,
            lon: p.lon,
            accuracy_m: Some(5.0),
            at: p.at,
        };
        let start = Instant::now();
        let (was_kept, _) = profile.record_position(&response, &fix).expect("record");
        kept.push(start.elapsed());
        assert!(was_kept);
    }
    show(
        &format!(
            "record_position, kept, track at {}-{TRACK_POINTS} points",
            TRACK_POINTS - runs
        ),
        kept,
    );
    let mut full = Vec::new();
    for k in 0..runs {
        let p = point(TRACK_POINTS + k);
        let fix = Fix {
            lat: p.lat,
            lon: p.lon,
            accuracy_m: Some(5.0),
            at: p.at,
        };
        let start = Instant::now();
        let (was_kept, _) = profile.record_position(&response, &fix).expect("record");
        full.push(start.elapsed());
        assert!(!was_kept);
    }
    show(
        &format!("record_position, refused, track full at {TRACK_POINTS}"),
        full,
    );
}

fn demo_audit() -> (AuditDocument, Vec<ResponseData>) {
    let templates = Templates::builtin().expect("templates");
    let id = DocumentId::random();
    let new = NewAudit::undated("Bench", "Sofia", choice());
    let mut audit = AuditDocument::create(&id, &new, &templates).expect("audit");
    for s in 0..6 {
        audit
            .plan_stop(&PlannedStop {
                name_of_area: format!("Stop {s}"),
                specific_location: "Corner".into(),
                position: Some(
                    Location::new(42.68 + s as f64 * 0.003, 23.32, LocationSource::Manual)
                        .expect("loc"),
                ),
                order: s,
            })
            .expect("stop");
    }
    let group = audit
        .add_method_record(
            cityaudit_core::model::methods::MethodRecord::FocusGroup,
            &templates.methods,
        )
        .expect("group");
    let spot = audit.add_hot_spot(&group).expect("spot");
    audit
        .set_method_field(
            cityaudit_core::model::methods::MethodRecord::FocusGroup,
            &group,
            &format!("hot_spots.{spot}.position"),
            &serde_json::json!({ "lat": 42.69, "lon": 23.321, "accuracyM": null, "source": "manual" }),
            &templates.methods,
        )
        .expect("position");
    let data = audit.read().expect("audit");
    let planned: Vec<String> = data.planned_stops().map(|(id, _)| id.clone()).collect();
    let per_stop: Vec<String> = data
        .checklist()
        .expect("checklist")
        .sections
        .iter()
        .filter(|s| s.per_stop)
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect();
    let responses = (0..30)
        .map(|n| {
            let mut doc =
                ResponseDocument::create(&id, &data, &format!("p{n}"), &joining(n)).expect("join");
            for (s, planned) in planned.iter().enumerate() {
                let visit = StopVisit {
                    planned_stop: Some(planned.clone()),
                    name_of_area: format!("Stop {s}"),
                    specific_location: "Corner".into(),
                    visited_at: 1_777_000_000_000,
                    utc_offset_min: 120,
                    location: Some(
                        Location::new(42.68 + s as f64 * 0.003, 23.3201, LocationSource::Device)
                            .expect("loc"),
                    ),
                };
                let stop = doc.visit_stop(&data, &visit).expect("visit");
                for (k, item) in per_stop.iter().enumerate() {
                    let score = AnswerInput::score(((n + k + s) % 5 + 1) as i64).expect("score");
                    doc.answer_at_stop(&data, &stop, item, &score)
                        .expect("answer");
                }
            }
            let track: Vec<TrackPoint> = (0..600).map(point).collect();
            doc.add_track_points(&track).expect("track");
            for p in 0..2 {
                let bytes = format!("photo {n} {p}").into_bytes();
                let record = PhotoRecord {
                    title: format!("Photo {n}-{p}"),
                    caption: String::new(),
                    theme: "friendly".into(),
                    location: Some(
                        Location::new(42.69, 23.32 + p as f64 * 0.001, LocationSource::Exif)
                            .expect("loc"),
                    ),
                    taken_at: None,
                    stop: None,
                    media_type: "image/jpeg".into(),
                    size: bytes.len() as u64,
                    consent: true,
                    added_at: 1_777_000_000_000,
                };
                let hash = BlobHash::of(&bytes);
                doc.add_photo(&data, &PhotoInput { hash, record })
                    .expect("photo");
            }
            doc.read().expect("read")
        })
        .collect();
    (audit, responses)
}

fn map_features_demo_size() {
    let (audit, responses) = demo_audit();
    let data = audit.read().expect("audit");
    let input = ExportInput {
        audit_id: "bench",
        audit: &data,
        responses: &responses,
        earlier: None,
        blobs: &NoBlobs,
        lang: "en",
    };
    let times: Vec<Duration> = (0..51)
        .map(|_| {
            let start = Instant::now();
            let map = map_features(&input);
            let took = start.elapsed();
            assert_eq!(map.tracks.len(), 30);
            took
        })
        .collect();
    show(
        "map_features, 30 participants x 6 scored stops, 600-point tracks, 60 photos",
        times,
    );
}

fn main() {
    record_position_near_the_cap();
    map_features_demo_size();
}
