//! Analysis and report benchmarks: merge (read every response document of
//! the audit) and aggregates for 30 and 1,000 participants, and the City
//! Audit Report (HTML with embedded photos) for 30 participants with 200
//! photos. Prints median and worst of several runs.
//!
//! The merge is measured the way the facilitator's results screen does it,
//! from a profile database on disk (`Profile::open` + `views::facilitator::results`):
//! cold (summaries absent: every document loaded and hydrated), warm
//! (summaries present, profile freshly opened), after a sync (documents in
//! memory, a tenth of them changed), and, for reference, loading and
//! hydrating saved documents in memory without the store.

use automerge::AutoCommit;
use cityaudit_core::analysis::analyse;
use cityaudit_core::export::{ExportInput, SharedPhoto};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{
    AnswerInput, AnswerValue, AuditData, AuditDocument, Location, LocationSource, NewAudit,
    NewParticipant, PhotoInput, PhotoRecord, ResponseData, ResponseDocument, StopVisit,
    TemplateChoice,
};
use cityaudit_core::profile::Profile;
use cityaudit_core::store::{DocumentKind, Store};
use cityaudit_core::templates::Templates;
use cityaudit_core::views;
use std::collections::HashMap;
use std::path::Path;
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
            benchmark: false,
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
        share_photo_locations: true,
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

/// A facilitator's profile database holding the audit and `saved` responses.
fn profile_file(
    dir: &Path,
    id: &DocumentId,
    audit_doc: &mut AuditDocument,
    saved: &[Vec<u8>],
) -> (std::path::PathBuf, Vec<DocumentId>) {
    let path = dir.join(format!("facilitator-{}.sqlite", saved.len()));
    let mut store = Store::open(&path).expect("store");
    store
        .insert_document(id, DocumentKind::Audit, id, audit_doc.automerge())
        .expect("audit");
    let mut ids = Vec::new();
    for bytes in saved {
        let doc_id = DocumentId::random();
        let mut doc = AutoCommit::load(bytes).expect("load");
        store
            .insert_document(&doc_id, DocumentKind::Response, id, &mut doc)
            .expect("response");
        ids.push(doc_id);
    }
    (path, ids)
}

fn forget_summaries(path: &Path) {
    let store = Store::open(path).expect("store");
    store
        .connection()
        .execute("DELETE FROM document_summaries", [])
        .expect("forget");
}

/// Median and worst of (open, results, total) over `runs`, each on a freshly opened profile.
fn time_open_and_results(
    runs: usize,
    path: &Path,
    id: &DocumentId,
    count: usize,
    before_each: impl Fn(&Path),
) -> [(Duration, Duration); 3] {
    let mut open = Vec::new();
    let mut read = Vec::new();
    let mut total = Vec::new();
    for _ in 0..runs {
        before_each(path);
        let start = Instant::now();
        let profile = Profile::open(path).expect("open");
        let opened = start.elapsed();
        let results = views::facilitator::results(&profile, id, None).expect("results");
        let all = start.elapsed();
        assert_eq!(results.participants, count);
        open.push(opened);
        read.push(all - opened);
        total.push(all);
    }
    [open, read, total].map(|mut times| {
        times.sort();
        (times[runs / 2], times[runs - 1])
    })
}

fn show(label: &str, figures: [(Duration, Duration); 3], runs: usize) {
    let [open, read, total] = figures;
    println!(
        "  {label}: median {:?} (open {:?} + results {:?}), worst {:?} ({runs} runs)",
        total.0, open.0, read.0, total.1
    );
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    time_part(runs, || {
        let start = Instant::now();
        f();
        start.elapsed()
    })
}

/// Median and worst of the durations `f` reports.
fn time_part(runs: usize, mut f: impl FnMut() -> Duration) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    (times[runs / 2], times[runs - 1])
}

fn main() {
    let (id, mut audit_doc) = audit();
    let audit = audit_doc.read().expect("audit");
    let mut blobs = HashMap::new();
    let dir = tempfile::tempdir().expect("tempdir");
    for count in [30usize, 1000] {
        let saved: Vec<Vec<u8>> = (0..count)
            .map(|n| participant(&id, &audit, n, 0, &mut blobs))
            .collect();
        let runs = if count > 100 { 5 } else { 21 };
        let (path, ids) = profile_file(dir.path(), &id, &mut audit_doc, &saved);
        let summary_bytes: i64 = Store::open(&path)
            .expect("store")
            .connection()
            .query_row(
                "SELECT coalesce(sum(length(snapshot)), 0) FROM documents WHERE kind = 'response'",
                [],
                |row| row.get(0),
            )
            .expect("size");
        println!(
            "merge + aggregates, {count} participants ({} KB of response snapshots):",
            summary_bytes / 1024
        );
        let cold = time_open_and_results(runs, &path, &id, count, forget_summaries);
        show("cold (no summaries, first read)", cold, runs);
        let warm = time_open_and_results(runs, &path, &id, count, |_| {});
        show("warm (summaries present, fresh open)", warm, runs);
        let cached: i64 = Store::open(&path)
            .expect("store")
            .connection()
            .query_row(
                "SELECT coalesce(sum(length(summary)), 0) FROM document_summaries",
                [],
                |row| row.get(0),
            )
            .expect("size");
        println!("  summaries on disk: {} KB", cached / 1024);
        // After a sync: the sync loaded every document, a tenth of them
        // changed. First results after opening the app (nothing read yet in
        // this process), then results again after a further sync.
        let changed = (count / 10).max(1);
        let mut round = 0;
        let edit = |profile: &mut Profile, round: usize| {
            for doc in ids.iter().take(changed) {
                let input = AnswerInput::score((round % 5 + 1) as i64).expect("score");
                profile.answer(doc, "vision.1", &input).expect("edit");
            }
        };
        let (median, worst) = time_part(runs, || {
            round += 1;
            let mut profile = Profile::open(&path).expect("open");
            profile.pending_changes("bench").expect("load all");
            edit(&mut profile, round);
            let start = Instant::now();
            let results = views::facilitator::results(&profile, &id, None).expect("results");
            assert_eq!(results.participants, count);
            start.elapsed()
        });
        println!("  first results after open + sync ({changed} changed, all loaded): median {median:?}, worst {worst:?}");
        let mut profile = Profile::open(&path).expect("open");
        profile.pending_changes("bench").expect("load all");
        views::facilitator::results(&profile, &id, None).expect("results");
        let (median, worst) = time_part(runs, || {
            round += 1;
            edit(&mut profile, round);
            let start = Instant::now();
            let results = views::facilitator::results(&profile, &id, None).expect("results");
            assert_eq!(results.participants, count);
            start.elapsed()
        });
        println!("  results again after a further sync ({changed} changed; the rest from memory): median {median:?}, worst {worst:?}");
        let (median, worst) = time(runs, || {
            let responses = merge(&saved);
            let results = analyse(&audit, &responses, None);
            assert_eq!(results.participants, count);
        });
        println!("  reference, load + hydrate saved documents in memory (no store) + aggregates: median {median:?}, worst {worst:?}");
        let responses = merge(&saved);
        let encoded: Vec<Vec<u8>> = responses
            .iter()
            .map(|r| serde_json::to_vec(r).expect("json"))
            .collect();
        let (median, worst) = time(runs, || {
            for bytes in &encoded {
                serde_json::from_slice::<ResponseData>(bytes).expect("decode");
            }
        });
        println!(
            "  of which decoding the JSON summaries alone: median {median:?}, worst {worst:?}"
        );
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
