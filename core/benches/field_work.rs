//! Field-work benchmarks: durable "answer an item" against a bare SQLite
//! WAL insert+commit on the same file system, the on-disk size of a
//! response document after 5,000 edits, and load + hydrate of 1,000
//! response documents. Prints percentile figures, then runs criterion.

use cityaudit_core::model::{AnswerInput, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::Profile;
use criterion::{criterion_group, Criterion};
use rusqlite::{params, Connection};
use std::path::Path;
use std::time::{Duration, Instant};

const ITEMS: [&str; 4] = ["vision.1", "vision.2", "participation.3", "attitudes.5"];

fn profile_with_response(path: &Path) -> (Profile, cityaudit_core::ids::DocumentId) {
    let mut profile = Profile::open(path).expect("open");
    let audit = profile
        .create_audit(&NewAudit::undated(
            "Bench",
            "Sofia",
            TemplateChoice {
                checklist: true,
                photovoice: true,
                benchmark: false,
            },
        ))
        .expect("audit");
    let response = profile
        .join(
            &audit,
            &NewParticipant {
                display_name: "Bench".into(),
                group: "other".into(),
                gender: None,
                accept_photo_terms: true,
                share_photo_locations: true,
            },
        )
        .expect("join");
    (profile, response)
}

fn answer(profile: &mut Profile, response: &cityaudit_core::ids::DocumentId, i: usize) {
    let mut input = AnswerInput::score((i % 5) as i64 + 1).expect("score");
    if i.is_multiple_of(3) {
        input.comment = Some(format!("evidence {i}"));
    }
    profile
        .answer(response, ITEMS[i % ITEMS.len()], &input)
        .expect("answer");
}

fn bare_connection(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("full");
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL)",
    )
    .expect("table");
    conn
}

fn bare_insert(conn: &mut Connection, payload: &[u8]) {
    let tx = conn.transaction().expect("tx");
    tx.execute("INSERT INTO t (bytes) VALUES (?1)", params![payload])
        .expect("insert");
    tx.commit().expect("commit");
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_figures() {
    let dir = tempfile::tempdir_in(".").expect("tempdir on the project's file system");
    const RUNS: usize = 2_000;

    let (mut profile, response) = profile_with_response(&dir.path().join("answer.sqlite"));
    let mut answer_times: Vec<Duration> = (0..RUNS)
        .map(|i| {
            let start = Instant::now();
            answer(&mut profile, &response, i);
            start.elapsed()
        })
        .collect();
    let mut conn = bare_connection(&dir.path().join("bare.sqlite"));
    let payload = vec![7u8; 200];
    let mut bare_times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            bare_insert(&mut conn, &payload);
            start.elapsed()
        })
        .collect();
    let (a50, a99) = (
        percentile(&mut answer_times, 0.5),
        percentile(&mut answer_times, 0.99),
    );
    let (b50, b99) = (
        percentile(&mut bare_times, 0.5),
        percentile(&mut bare_times, 0.99),
    );
    println!(
        "durable answer an item: p50 {:.3} ms, p99 {:.3} ms ({RUNS} runs)",
        ms(a50),
        ms(a99)
    );
    println!(
        "bare WAL insert+commit: p50 {:.3} ms, p99 {:.3} ms",
        ms(b50),
        ms(b99)
    );
    println!(
        "ratio answer/bare: p50 {:.2}x, p99 {:.2}x",
        ms(a50) / ms(b50),
        ms(a99) / ms(b99)
    );

    let (mut profile, response) = profile_with_response(&dir.path().join("size.sqlite"));
    for i in 0..5_000 {
        answer(&mut profile, &response, i);
    }
    let size = profile.store().stored_size(&response).expect("size");
    println!(
        "response document after 5,000 edits: {} bytes on disk (snapshot {} + tail {} in {} changes)",
        size.snapshot_bytes + size.tail_bytes,
        size.snapshot_bytes,
        size.tail_bytes,
        size.tail_changes
    );

    let many = dir.path().join("many.sqlite");
    {
        let (mut profile, _) = profile_with_response(&many);
        let audit = profile.audit_ids()[0].clone();
        for n in 0..999 {
            let id = profile
                .join(
                    &audit,
                    &NewParticipant {
                        display_name: format!("P{n}"),
                        group: "other".into(),
                        gender: None,
                        accept_photo_terms: false,
                        share_photo_locations: false,
                    },
                )
                .expect("join");
            for i in 0..30 {
                answer(&mut profile, &id, i);
            }
        }
    }
    let start = Instant::now();
    let profile = Profile::open(&many).expect("open");
    let loaded = start.elapsed();
    let ids = profile.response_ids();
    let hydrated = ids.iter().filter(|id| profile.response(id).is_ok()).count();
    println!(
        "load + hydrate {hydrated} response documents (30 answers each): {:.1} ms (load {:.1} ms, hydrate {:.1} ms)",
        ms(start.elapsed()),
        ms(loaded),
        ms(start.elapsed() - loaded)
    );
}

fn criterion_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(".").expect("tempdir");
    let (mut profile, response) = profile_with_response(&dir.path().join("c.sqlite"));
    let mut i = 0;
    c.bench_function("durable answer an item", |b| {
        b.iter(|| {
            i += 1;
            answer(&mut profile, &response, i)
        })
    });
    let mut conn = bare_connection(&dir.path().join("c-bare.sqlite"));
    let payload = vec![7u8; 200];
    c.bench_function("bare WAL insert+commit", |b| {
        b.iter(|| bare_insert(&mut conn, &payload))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = criterion_benches
}

fn main() {
    print_figures();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
