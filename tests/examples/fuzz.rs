//! A mutation fuzzer for the two parsers that take bytes from strangers:
//! the sync server's message decoder (base64, Automerge sync message,
//! the change chunks measured and decoded, then received into a document)
//! and the photo reader (EXIF metadata and the rebuilt shared copy).
//!
//! Seeds are real: sync messages Automerge writes (changes, a saved
//! document, a compressed change) and the photo fixtures. Each round takes a
//! seed, applies a few random mutations (flipped bytes, inserted and removed
//! runs, splices from other seeds, truncation) and runs it under
//! `catch_unwind`. Prints rounds per target, outcomes and panics; exits
//! non-zero on a panic.
//!
//! ```sh
//! cargo run --release -p cityaudit-tests --example fuzz -- --seconds 1800
//! ```

use anyhow::{bail, Context, Result};
use automerge::sync::{State, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::panic::catch_unwind;
use std::path::Path;
use std::time::{Duration, Instant};

use cityaudit_core::ids::DocumentId;
use cityaudit_core::media::{read_metadata, rebuild_jpeg};
use cityaudit_core::sync::budget::MessageCost;
use cityaudit_sync::service::sync::{decode_message, BASE64};

/// Counts of one target's rounds.
#[derive(Debug, Default)]
pub struct Tally {
    /// Inputs tried.
    pub rounds: u64,
    /// Inputs the target accepted.
    pub accepted: u64,
    /// Inputs refused with an error.
    pub refused: u64,
    /// Inputs that made the target panic.
    pub panics: u64,
}

/// How long to fuzz.
pub enum Budget {
    /// Until this much time has passed.
    Time(Duration),
    /// This many rounds per target.
    Rounds(u64),
}

/// Fuzzes both targets within `budget` from `seed`; returns the sync
/// decoder's and the photo reader's tallies.
pub fn run(budget: Budget, seed: u64) -> Result<(Tally, Tally)> {
    let messages = message_seeds()?;
    let photos = photo_seeds()?;
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let (mut sync, mut exif) = (Tally::default(), Tally::default());
    let more = |tally: &Tally| match budget {
        Budget::Time(limit) => started.elapsed() < limit,
        Budget::Rounds(rounds) => tally.rounds < rounds,
    };
    while more(&sync) {
        for _ in 0..64 {
            let input = mutate(&mut rng, &messages);
            count(&mut sync, catch_unwind(|| sync_target(&input)));
            let input = mutate(&mut rng, &photos);
            count(&mut exif, catch_unwind(|| photo_target(&input)));
        }
    }
    Ok((sync, exif))
}

#[allow(dead_code)] // a test includes this file as a module
fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut seconds = 60u64;
    let mut seed = 1u64;
    while let Some(flag) = args.next() {
        let value = args.next().context("every flag takes a value")?;
        match flag.as_str() {
            "--seconds" => seconds = value.parse()?,
            "--seed" => seed = value.parse()?,
            other => bail!("unknown flag {other} (--seconds N, --seed N)"),
        }
    }
    // Panics are counted, not printed a thousand times.
    std::panic::set_hook(Box::new(|_| {}));
    let (sync, exif) = run(Budget::Time(Duration::from_secs(seconds)), seed)?;
    println!("fuzz: {seconds} s, seed {seed}");
    for (name, tally) in [("sync decoder", &sync), ("photo reader", &exif)] {
        println!(
            "{name}: {} rounds, {} accepted, {} refused, {} panics",
            tally.rounds, tally.accepted, tally.refused, tally.panics
        );
    }
    if sync.panics + exif.panics > 0 {
        bail!("a target panicked");
    }
    Ok(())
}

fn count(tally: &mut Tally, outcome: std::thread::Result<bool>) {
    tally.rounds += 1;
    match outcome {
        Ok(true) => tally.accepted += 1,
        Ok(false) => tally.refused += 1,
        Err(_) => tally.panics += 1,
    }
}

/// Decodes a message as the server does and, if it passes, receives it
/// into a fresh document; true when accepted.
fn sync_target(bytes: &[u8]) -> bool {
    let doc_id = DocumentId::random();
    let encoded = BASE64.encode(bytes);
    let Ok(message) = decode_message(&doc_id, &encoded, &mut MessageCost::default()) else {
        return false;
    };
    let mut doc = AutoCommit::new();
    let received = doc.sync().receive_sync_message(&mut State::new(), message);
    received.is_ok()
}

/// Reads a photo's metadata and rebuilds its shared copy; true when the
/// copy could be made.
fn photo_target(bytes: &[u8]) -> bool {
    let metadata = read_metadata(bytes);
    let orientation = metadata.orientation.unwrap_or(1);
    rebuild_jpeg(bytes, orientation).is_ok()
}

/// Sync messages as Automerge writes them: separate changes, a whole saved
/// document, and a compressed change.
fn message_seeds() -> Result<Vec<Vec<u8>>> {
    let mut doc = AutoCommit::new();
    let answers = doc.put_object(ROOT, "answers", ObjType::Map)?;
    for n in 0..5 {
        doc.put(&answers, format!("vision.{n}"), n)?;
        doc.commit();
    }
    let text = doc.put_object(ROOT, "comment", ObjType::Text)?;
    doc.splice_text(&text, 0, 0, &"ramps at the station ".repeat(20))?;
    doc.commit();
    let mut seeds = Vec::new();
    let mut peer = AutoCommit::new();
    let (mut ours, mut theirs) = (State::new(), State::new());
    for _ in 0..4 {
        if let Some(message) = doc.sync().generate_sync_message(&mut ours) {
            seeds.push(message.clone().encode());
            peer.sync().receive_sync_message(&mut theirs, message)?;
        }
        if let Some(message) = peer.sync().generate_sync_message(&mut theirs) {
            doc.sync().receive_sync_message(&mut ours, message)?;
        }
    }
    let mut compressed = doc.get_last_local_change().context("a change")?.clone();
    let whole = automerge::sync::Message {
        heads: doc.get_heads(),
        need: Vec::new(),
        have: Vec::new(),
        changes: vec![doc.save(), compressed.bytes().to_vec()].into(),
        flags: None,
        version: automerge::sync::MessageVersion::V2,
    };
    seeds.push(whole.encode());
    Ok(seeds)
}

/// The photo fixtures (JPEG and WebP, some with GPS, one damaged).
fn photo_seeds() -> Result<Vec<Vec<u8>>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/photos");
    let mut seeds = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("jpg" | "webp")
        ) {
            seeds.push(std::fs::read(&path)?);
        }
    }
    Ok(seeds)
}

/// A seed with one to four random mutations.
fn mutate(rng: &mut StdRng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = seeds[rng.random_range(0..seeds.len())].clone();
    for _ in 0..rng.random_range(1..=4) {
        if bytes.is_empty() {
            bytes.push(rng.random());
            continue;
        }
        let at = rng.random_range(0..bytes.len());
        match rng.random_range(0..6) {
            0 => bytes[at] = rng.random(),
            1 => bytes[at] ^= 1 << rng.random_range(0..8),
            2 => {
                let run: Vec<u8> = (0..rng.random_range(1..16)).map(|_| rng.random()).collect();
                bytes.splice(at..at, run);
            }
            3 => {
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let other = &seeds[rng.random_range(0..seeds.len())];
                let from = rng.random_range(0..other.len());
                let end = (from + rng.random_range(1..256)).min(other.len());
                bytes.splice(at..at, other[from..end].iter().copied());
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}
