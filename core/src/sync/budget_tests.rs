//! Measuring messages before decoding: real Automerge output is measured
//! as Automerge counts it; bombs are refused from their few bytes.

use super::*;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ROOT};
use proptest::prelude::*;

/// A document with one text of `length` characters (the same letter when
/// `repeated`, so it compresses to almost nothing).
fn text_document(length: usize, repeated: bool) -> AutoCommit {
    let mut doc = AutoCommit::new();
    let text = doc
        .put_object(ROOT, "comment", ObjType::Text)
        .expect("text");
    let content: String = (0..length)
        .map(|i| {
            let step = if repeated { 0 } else { i % 26 };
            char::from(b'a' + step as u8)
        })
        .collect();
    doc.splice_text(&text, 0, 0, &content).expect("splice");
    doc.commit();
    doc
}

fn limits(decoded_bytes: u64, operations: u64) -> MessageLimits {
    MessageLimits {
        decoded_bytes,
        operations,
        column_values: 4_000_000,
    }
}

#[test]
fn changes_and_saved_documents_count_the_operations_automerge_counts() {
    let mut doc = text_document(1_000, false);
    doc.put(ROOT, "score", 4).expect("put");
    doc.commit();
    let expected = doc.stats().num_ops;
    let changes: Vec<Vec<u8>> = doc
        .get_changes(&[])
        .iter()
        .map(|c| c.raw_bytes().to_vec())
        .collect();
    let cost = measure_message(changes.iter().map(Vec::as_slice), &MESSAGE_LIMITS)
        .expect("ordinary changes pass");
    assert_eq!(cost.operations, expected);
    let saved = doc.save();
    let cost = measure_message([saved.as_slice()], &MESSAGE_LIMITS).expect("a saved document");
    assert_eq!(cost.operations, expected);
    assert!(cost.decoded_bytes >= 1_000, "{cost:?}");
}

#[test]
fn a_compressed_change_is_measured_inflated_and_refused_over_the_cap() {
    let mut doc = text_document(2_000_000, true);
    let mut change = doc.get_last_local_change().expect("change").clone();
    let compressed = change.bytes().to_vec();
    assert_eq!(compressed[8], 2, "automerge compressed the change");
    assert!(compressed.len() < 20_000, "{} bytes", compressed.len());
    assert_eq!(
        measure_message([compressed.as_slice()], &MESSAGE_LIMITS),
        Err(BudgetError::TooLarge {
            what: "operations",
            limit: MESSAGE_LIMITS.operations
        })
    );
    assert_eq!(
        measure_message([compressed.as_slice()], &limits(1024 * 1024, u64::MAX)),
        Err(BudgetError::TooLarge {
            what: "bytes",
            limit: 1024 * 1024
        })
    );
    let cost = measure_message([compressed.as_slice()], &limits(u64::MAX, u64::MAX))
        .expect("measured in full");
    assert_eq!(cost.operations, 2_000_001);
    assert!(cost.decoded_bytes >= 2_000_000);
}

#[test]
fn a_saved_document_with_deflated_columns_is_refused_over_the_cap() {
    let saved = text_document(1_000_000, true).save();
    assert!(saved.len() < 20_000, "{} bytes", saved.len());
    assert!(matches!(
        measure_message([saved.as_slice()], &MESSAGE_LIMITS),
        Err(BudgetError::TooLarge {
            what: "operations",
            ..
        })
    ));
}

/// A change chunk whose only column, the action column, claims `count`
/// operations in a single run.
fn forged_change(count: u64) -> Vec<u8> {
    let mut column = Vec::new();
    leb128::write::signed(&mut column, i64::try_from(count).expect("count")).expect("write");
    leb128::write::unsigned(&mut column, 3).expect("write");
    let mut data = vec![0, 1, 0xaa, 1, 1, 0, 0, 0, 1, 0x42];
    leb128::write::unsigned(&mut data, column.len() as u64).expect("write");
    data.extend(column);
    let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 1];
    leb128::write::unsigned(&mut chunk, data.len() as u64).expect("write");
    chunk.extend(data);
    chunk
}

#[test]
fn a_run_claiming_a_trillion_operations_is_refused_from_its_few_bytes() {
    let forged = forged_change(1 << 40);
    assert!(forged.len() < 40);
    assert!(matches!(
        measure_message([forged.as_slice()], &MESSAGE_LIMITS),
        Err(BudgetError::TooLarge { .. })
    ));
    let modest = forged_change(10);
    assert_eq!(
        measure_message([modest.as_slice()], &MESSAGE_LIMITS).map(|c| c.operations),
        Ok(10)
    );
}

#[test]
fn the_cap_counts_the_whole_message_not_each_chunk() {
    let mut doc = text_document(150_000, false);
    let change = doc.get_changes(&[])[0].raw_bytes().to_vec();
    measure_message([change.as_slice()], &MESSAGE_LIMITS).expect("one passes");
    assert!(matches!(
        measure_message([change.as_slice(), change.as_slice()], &MESSAGE_LIMITS),
        Err(BudgetError::TooLarge {
            what: "operations",
            ..
        })
    ));
}

#[test]
fn what_is_not_a_chunk_is_malformed() {
    for bytes in [
        &b"not automerge"[..],
        &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 1, 50, 1][..],
        &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 3, 0][..],
    ] {
        assert!(matches!(
            measure_message([bytes], &MESSAGE_LIMITS),
            Err(BudgetError::Malformed(_))
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Damaged chunks (real ones with bytes changed or cut) never panic,
    /// and what passes stays within the caps.
    #[test]
    fn damaged_chunks_never_panic(flips in proptest::collection::vec((0usize..4096, any::<u8>()), 0..6), cut in 0usize..4096) {
        let mut doc = text_document(300, false);
        let mut bytes = doc.save();
        bytes.extend(doc.get_last_local_change().expect("change").raw_bytes());
        for (at, byte) in flips {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        if let Ok(cost) = measure_message([bytes.as_slice()], &MESSAGE_LIMITS) {
            prop_assert!(cost.operations <= MESSAGE_LIMITS.operations);
            prop_assert!(cost.decoded_bytes <= MESSAGE_LIMITS.decoded_bytes);
        }
    }
}
