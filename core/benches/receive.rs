//! The facilitator's sync receive path: applying a sync message that carries
//! one participant's new score and making it durable
//! (`Profile::receive_sync_message`). Two profiles exchange messages in
//! process (no HTTP), so the figure is the profile's own cost: Automerge
//! apply, append to SQLite (`synchronous=FULL`), bookkeeping.

use automerge::sync::State;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{AnswerInput, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::Profile;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const RESPONSES: usize = 100;
const ROUNDS: usize = 600;

/// Sends `doc` from `from` to `to` until both are quiet; returns the time
/// spent in `to`'s receive calls.
fn sync(
    from: &mut Profile,
    to: &mut Profile,
    doc: &DocumentId,
    states: &mut HashMap<DocumentId, (State, State)>,
) -> Duration {
    let (from_state, to_state) = states.entry(doc.clone()).or_default();
    let mut incoming = Vec::new();
    let mut spent = Duration::ZERO;
    for _ in 0..10 {
        let out = from.generate_sync_message(doc, from_state);
        let quiet = out.is_none();
        if let Some(message) = out {
            let start = Instant::now();
            to.receive_sync_message(doc, to_state, message, &mut incoming)
                .expect("receive");
            spent += start.elapsed();
        }
        let back = to.generate_sync_message(doc, to_state);
        if quiet && back.is_none() {
            break;
        }
        if let Some(message) = back {
            from.receive_sync_message(doc, from_state, message, &mut incoming)
                .expect("back");
        }
    }
    spent
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let facilitator_path = dir.path().join("facilitator.sqlite");
    let phone_path = dir.path().join("phone.sqlite");
    let ids = {
        let mut profile = Profile::open(&facilitator_path).expect("open");
        let audit = profile
            .create_audit(&NewAudit {
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
            })
            .expect("audit");
        (0..RESPONSES)
            .map(|n| {
                let joining = NewParticipant {
                    display_name: format!("Walker {n}"),
                    group: "other".into(),
                    gender: None,
                    accept_photo_terms: true,
                    share_photo_locations: true,
                };
                profile.join(&audit, &joining).expect("join")
            })
            .collect::<Vec<_>>()
    };
    std::fs::copy(&facilitator_path, &phone_path).expect("copy");
    let mut facilitator = Profile::open(&facilitator_path).expect("facilitator");
    let mut phone = Profile::open(&phone_path).expect("phone");
    let mut states = HashMap::new();
    // First contact per document (sync states, lazy loads) is not timed.
    for doc in &ids {
        sync(&mut phone, &mut facilitator, doc, &mut states);
    }
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|round| {
            let doc = &ids[round % RESPONSES];
            let score = AnswerInput::score((round % 5 + 1) as i64).expect("score");
            phone.answer(doc, "vision.1", &score).expect("answer");
            sync(&mut phone, &mut facilitator, doc, &mut states)
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((ROUNDS as f64 * q) as usize).min(ROUNDS - 1)];
    println!(
        "facilitator receives one new score ({ROUNDS} rounds over {RESPONSES} documents): p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        at(0.5),
        at(0.9),
        at(0.99),
        times[ROUNDS - 1]
    );
}
