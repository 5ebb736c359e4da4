//! Analysis and report benchmarks: merge (load + read every response
//! document) and aggregates for 30 and 1,000 participants, and the City
//! Audit Report (HTML with embedded photos) for 30 participants with 200
//! photos. Prints median and worst of several runs.

use automerge::AutoCommit;
use cityaudit_core::analysis::analyse;
use cityaudit_core::export::{ExportInput, SharedPhoto};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{
    AnswerInput, AnswerValue, AuditData, AuditDocument, Location, LocationSource, NewAudit,
    NewParticipant, PhotoInput, PhotoRecord, ResponseData, ResponseDocument, StopVisit,
    TemplateChoice,
};
use cityaudit_core::templates::Templates;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const GROUPS: [&str; 4] = ["tcn_communities", "local_administration", "ngos", "other"];

fn audit() -> (DocumentId, AuditDocument) {
    let templates = Templates::builtin().expect("templates");
    let id = DocumentId::random();
    let new = NewAudit {
        title: "Bench".into(),
        city: "Sofia".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-01".into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
        },
    };
    let doc = AuditDocument::create(&id, &new, &templates).expect("audit");
    (id, doc)
}

/// A participant who answered every whole-city statement and two stops.
fn participant(
    id: &DocumentId,
    audit: &AuditData,
    n: usize,
    photos: usize,
    blobs: &mut HashMap<String, Vec<u8>>,
) -> Vec<u8> {
    let joining = NewParticipant {
        display_name: format!("Walker {n}"),
        group: GROUPS[n % GROUPS.len()].into(),
        gender: None,
        accept_photo_terms: true,
    };
    let mut doc = ResponseDocument::create(id, audit, &format!("p{n}"), &joining).expect("join");
    let sections = &audit.checklist().expect("checklist").sections;
    for (k, item) in sections
        .iter()
        .filter(|s| !s.per_stop)
        .flat_map(|s| &s.items)
        .enumerate()
    {
        let input = if (n + k).is_multiple_of(11) {
            AnswerInput {
                value: Some(AnswerValue::DontKnow),
                comment: None,
            }
        } else {
            AnswerInput::score(((n * 7 + k * 3) % 5 + 1) as i64).expect("score")
        };
        doc.answer(audit, &item.id, &input).expect("answer");
    }
    for s in 0..2 {
        let visit = StopVisit {
            planned_stop: None,
            name_of_area: format!("Area {s}"),
            specific_location: "Corner".into(),
            visited_at: 1_777_000_000_000,
            utc_offset_min: 120,
            location: Some(
                Location::new(42.69 + s as f64 * 0.01, 23.32, LocationSource::Device).expect("loc"),
            ),
        };
        let stop = doc.visit_stop(audit, &visit).expect("visit");
        for (k, item) in sections
            .iter()
            .filter(|s| s.per_stop)
            .flat_map(|s| &s.items)
            .enumerate()
        {
            let score = ((n + k + s) % 5 + 1) as i64;
            doc.answer_at_stop(
                audit,
                &stop,
                &item.id,
                &AnswerInput::score(score).expect("score"),
            )
            .expect("answer");
        }
    }
    for p in 0..photos {
        let bytes: Vec<u8> = (0..120_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> ((n + p) % 13)) as u8)
            .collect();
        let hash = BlobHash::of(&bytes);
        let record = PhotoRecord {
            title: format!("Photo {n}-{p}"),
            caption: "A caption of a few words".into(),
            theme: if p % 2 == 0 {
                "friendly"
            } else {
                "improvement"
            }
            .into(),
            location: Some(
                Location::new(42.69, 23.32 + p as f64 * 0.001, LocationSource::Exif).expect("loc"),
            ),
            taken_at: Some(1_777_000_000_000 + p as i64),
            stop: None,
            media_type: "image/jpeg".into(),
            size: bytes.len() as u64,
            consent: true,
            added_at: 1_777_000_000_000,
        };
        doc.add_photo(
            audit,
            &PhotoInput {
                hash: hash.clone(),
                record,
            },
        )
        .expect("photo");
        blobs.insert(hash.as_str().to_owned(), bytes);
    }
    doc.automerge().save()
}

fn merge(saved: &[Vec<u8>]) -> Vec<ResponseData> {
    saved
        .iter()
        .map(|bytes| {
            ResponseDocument::from_automerge(AutoCommit::load(bytes).expect("load"))
                .read()
                .expect("read")
        })
        .collect()
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[runs - 1])
}

fn main() {
    let (id, mut audit_doc) = audit();
    let audit = audit_doc.read().expect("audit");
    let mut blobs = HashMap::new();
    for count in [30usize, 1000] {
        let saved: Vec<Vec<u8>> = (0..count)
            .map(|n| participant(&id, &audit, n, 0, &mut blobs))
            .collect();
        let runs = if count > 100 { 5 } else { 21 };
        let (median, worst) = time(runs, || {
            let responses = merge(&saved);
            let results = analyse(&audit, &responses, None);
            assert_eq!(results.participants, count);
        });
        println!("merge + aggregates, {count} participants: median {median:?}, worst {worst:?} ({runs} runs)");
        let responses = merge(&saved);
        let (median, worst) = time(runs, || {
            analyse(&audit, &responses, None);
        });
        println!("  aggregates only: median {median:?}, worst {worst:?}");
    }
    // 30 participants, 200 photos (7 each for 20 participants, 6 for 10), all marked.
    let saved: Vec<Vec<u8>> = (0..30)
        .map(|n| participant(&id, &audit, n, if n < 20 { 7 } else { 6 }, &mut blobs))
        .collect();
    let responses = merge(&saved);
    for hash in blobs.keys() {
        audit_doc.mark_photo(hash, true).expect("mark");
    }
    let audit = audit_doc.read().expect("audit");
    let source = |hash: &str| blobs.get(hash).cloned();
    let input = ExportInput {
        audit_id: id.as_str(),
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &source,
        lang: "en",
    };
    let photos: Vec<SharedPhoto> = cityaudit_core::export::shared_photos(&input);
    assert_eq!(photos.len(), 200);
    let mut size = 0;
    let (median, worst) = time(5, || {
        size = cityaudit_core::report::html(&input).len();
    });
    println!(
        "report (HTML), 30 participants, 200 photos of 120 kB embedded: median {median:?}, worst {worst:?}, {:.1} MB",
        size as f64 / 1e6
    );
    let (median, worst) = time(5, || {
        cityaudit_core::report::markdown(&input);
    });
    println!("report (Markdown), same data: median {median:?}, worst {worst:?}");
}
