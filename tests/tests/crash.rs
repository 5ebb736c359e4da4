//! Crash safety: a writer process saving scores is killed with SIGKILL at
//! random moments; after reopening, every acknowledged save is present and
//! SQLite's integrity check is `ok`.

use cityaudit_core::model::Score;
use cityaudit_core::profile::Profile;
use rand::Rng;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WRITER: &str = env!("CARGO_BIN_EXE_crash_writer");

fn kills() -> usize {
    std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

/// Parses "ack SEQ ITEM SCORE".
fn parse_ack(line: &str) -> Option<(u64, String, u8)> {
    let mut parts = line.split_whitespace();
    (parts.next()? == "ack").then_some(())?;
    Some((
        parts.next()?.parse().ok()?,
        parts.next()?.to_owned(),
        parts.next()?.parse().ok()?,
    ))
}

#[test]
fn every_acknowledged_save_survives_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("profile.sqlite");
    let status = Command::new(WRITER)
        .arg("setup")
        .arg(&db)
        .status()
        .expect("setup runs");
    assert!(status.success());

    let mut rng = rand::rng();
    // Last acknowledged (seq, score) per item.
    let mut acked: BTreeMap<String, (u64, u8)> = BTreeMap::new();
    let mut next_seq = 0u64;
    let mut total_acks = 0usize;
    for round in 0..kills() {
        let mut child = Command::new(WRITER)
            .arg("write")
            .arg(&db)
            .arg(next_seq.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("writer starts");
        let stdout = child.stdout.take().expect("stdout");
        let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Kill at a random moment while saves are under way.
        let first = lines
            .recv_timeout(Duration::from_secs(10))
            .expect("writer saves");
        let alive_for = Duration::from_millis(rng.random_range(0..80));
        let started = Instant::now();
        while started.elapsed() < alive_for {
            std::thread::sleep(Duration::from_micros(200));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader");
        for (seq, item, score) in std::iter::once(first)
            .chain(lines.try_iter())
            .filter_map(|l| parse_ack(&l))
        {
            acked.insert(item, (seq, score));
            next_seq = next_seq.max(seq + 1);
            total_acks += 1;
        }
        // Saves may have landed after the last ack we read; skip past them.
        next_seq += 1_000;

        let profile =
            Profile::open(&db).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        assert_eq!(profile.store().integrity_check().expect("check"), "ok");
        let response = profile.response_ids().into_iter().next().expect("response");
        let read = profile.response(&response).expect("read");
        let stored: BTreeMap<&str, _> = read.answers().map(|(k, v)| (k.as_str(), v)).collect();
        for (item, (seq, score)) in &acked {
            let answer = stored.get(item.as_str()).expect("answer present");
            let stored_seq: u64 = answer
                .comment
                .as_str()
                .strip_prefix("seq ")
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("round {round}: {item} lost its comment"));
            assert!(
                stored_seq >= *seq,
                "round {round}: {item} went back from seq {seq} to {stored_seq}"
            );
            if stored_seq == *seq {
                assert_eq!(answer.value.score().map(Score::get), Some(*score));
            }
        }
    }
    eprintln!("{total_acks} acknowledged saves across {} kills", kills());
    assert!(
        total_acks > kills(),
        "the writer made progress ({total_acks} acks)"
    );
}
