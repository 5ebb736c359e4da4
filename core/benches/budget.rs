//! Measuring sync messages before decoding (`sync::budget`): what refusing
//! a decompression bomb costs, and what measuring adds to an ordinary
//! message. The bomb is one compressed change holding a text of 2,000,000
//! identical characters (a few kilobytes on the wire); the ordinary
//! message is a participant's answers with a 1,000-character comment.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use cityaudit_core::sync::budget::{measure_message, MESSAGE_LIMITS};
use criterion::{criterion_group, Criterion};
use std::time::Duration;

/// One change adding a text of `length` characters, as automerge encodes it
/// for the wire (compressed when that is smaller).
fn text_change(length: usize, repeated: bool) -> Vec<u8> {
    let mut doc = AutoCommit::new();
    let answers = doc.put_object(ROOT, "answers", ObjType::Map).expect("map");
    for n in 0..40 {
        doc.put(&answers, format!("item.{n}"), n % 5 + 1)
            .expect("put");
    }
    let text = doc
        .put_object(ROOT, "comment", ObjType::Text)
        .expect("text");
    let content: String = (0..length)
        .map(|i| char::from(b'a' + if repeated { 0 } else { (i % 26) as u8 }))
        .collect();
    doc.splice_text(&text, 0, 0, &content).expect("splice");
    doc.commit();
    let mut change = doc.get_last_local_change().expect("change").clone();
    change.bytes().to_vec()
}

fn criterion_benches(c: &mut Criterion) {
    let bomb = text_change(2_000_000, true);
    let ordinary = text_change(1_000, false);
    println!(
        "bomb: {} bytes on the wire; ordinary: {} bytes",
        bomb.len(),
        ordinary.len()
    );
    let mut group = c.benchmark_group("measure_message");
    group.bench_function("refuse_2m_character_bomb", |b| {
        b.iter(|| measure_message([bomb.as_slice()], &MESSAGE_LIMITS).expect_err("refused"))
    });
    group.bench_function("ordinary_answers", |b| {
        b.iter(|| measure_message([ordinary.as_slice()], &MESSAGE_LIMITS).expect("passes"))
    });
    group.bench_function("decode_ordinary_answers", |b| {
        b.iter(|| automerge::Change::try_from(ordinary.as_slice()).expect("decodes"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = criterion_benches
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
