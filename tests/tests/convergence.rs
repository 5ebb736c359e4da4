//! Convergence: 2-5 replicas edit the audit and one response document at
//! random, exchange standard Automerge sync messages that get dropped,
//! duplicated and reordered, reconnect, and sync until quiet. Every replica
//! must then hydrate to the same state.

use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{
    AnswerInput, AnswerValue, AuditDocument, Location, LocationSource, NewAudit, NewParticipant,
    PhotoEdit, PhotoInput, PhotoRecord, PlannedStop, ResponseDocument, Score, StopVisit,
    TemplateChoice, TrackPoint,
};
use cityaudit_core::templates::Templates;
use proptest::prelude::*;

const DOCS: usize = 2; // 0 = audit, 1 = response

struct Replica {
    audit: AuditDocument,
    response: ResponseDocument,
    /// Sync state per (peer, document).
    states: Vec<[State; DOCS]>,
}

impl Replica {
    fn doc(&mut self, which: usize) -> &mut AutoCommit {
        if which == 0 {
            self.audit.automerge()
        } else {
            self.response.automerge()
        }
    }
}

/// One random action of the scenario.
#[derive(Debug, Clone)]
enum Action {
    Answer {
        replica: usize,
        item: usize,
        value: u8,
        comment: Option<String>,
    },
    AnswerAtStop {
        replica: usize,
        item: usize,
        value: u8,
    },
    VisitStop {
        replica: usize,
        name: String,
        lat: f64,
        lon: f64,
    },
    AddPhoto {
        replica: usize,
        seed: u8,
        theme: bool,
        title: String,
    },
    EditPhoto {
        replica: usize,
        title: String,
        theme: bool,
    },
    Track {
        replica: usize,
        points: u8,
    },
    PlanStop {
        replica: usize,
        name: String,
    },
    /// Deliver in-flight messages from a to b, with faults.
    Exchange {
        a: usize,
        b: usize,
        drop: bool,
        duplicate: bool,
        reverse: bool,
    },
}

fn action(replicas: usize) -> impl Strategy<Value = Action> {
    let r = 0..replicas;
    prop_oneof![
        3 => (r.clone(), 0..20usize, 0..=5u8, proptest::option::of("[a-z ]{0,12}"))
            .prop_map(|(replica, item, value, comment)| Action::Answer { replica, item, value, comment }),
        2 => (r.clone(), 0..10usize, 0..=5u8)
            .prop_map(|(replica, item, value)| Action::AnswerAtStop { replica, item, value }),
        1 => (r.clone(), "[A-Z][a-z]{1,8}", -80.0..80.0f64, -170.0..170.0f64)
            .prop_map(|(replica, name, lat, lon)| Action::VisitStop { replica, name, lat, lon }),
        1 => (r.clone(), 0..4u8, any::<bool>(), "[A-Za-z]{1,10}")
            .prop_map(|(replica, seed, theme, title)| Action::AddPhoto { replica, seed, theme, title }),
        1 => (r.clone(), "[A-Za-z]{1,10}", any::<bool>())
            .prop_map(|(replica, title, theme)| Action::EditPhoto { replica, title, theme }),
        1 => (r.clone(), 1..4u8).prop_map(|(replica, points)| Action::Track { replica, points }),
        1 => (r.clone(), "[A-Z][a-z]{1,8}").prop_map(|(replica, name)| Action::PlanStop { replica, name }),
        4 => (r.clone(), r, any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(a, b, drop, duplicate, reverse)| Action::Exchange { a, b, drop, duplicate, reverse }),
    ]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Action>)> {
    (2..=5usize).prop_flat_map(|n| (Just(n), proptest::collection::vec(action(n), 1..40)))
}

fn input(value: u8, comment: Option<String>) -> AnswerInput {
    AnswerInput {
        value: Some(match value {
            0 => AnswerValue::DontKnow,
            v => AnswerValue::Score(Score::new(v).expect("1..=5")),
        }),
        comment,
    }
}

fn setup(n: usize) -> Vec<Replica> {
    let templates = Templates::builtin().expect("templates");
    let new = NewAudit {
        title: "Walk".into(),
        city: "Plovdiv".into(),
        starts_on: "2026-06-01".into(),
        ends_on: "2026-06-01".into(),
        meeting_point: "Square".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    let mut audit = AuditDocument::create(&DocumentId::random(), &new, &templates).expect("audit");
    let data = audit.read().expect("read");
    let joining = NewParticipant {
        display_name: "Kite".into(),
        group: "ngos".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    let mut response =
        ResponseDocument::create(&DocumentId::random(), &data, "p", &joining).expect("join");
    (0..n)
        .map(|_| Replica {
            audit: AuditDocument::from_automerge(audit.automerge().fork()),
            response: ResponseDocument::from_automerge(response.automerge().fork()),
            states: (0..n).map(|_| [State::new(), State::new()]).collect(),
        })
        .collect()
}

/// Applies an edit; refused edits (e.g. no stop yet) are fine and change nothing.
fn edit(replicas: &mut [Replica], action: &Action) {
    match action {
        Action::Answer {
            replica,
            item,
            value,
            comment,
        } => {
            let r = &mut replicas[*replica];
            let data = r.audit.read().expect("audit");
            let ids: Vec<String> = data
                .checklist()
                .into_iter()
                .flat_map(|c| &c.sections)
                .filter(|s| !s.per_stop)
                .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
                .collect();
            r.response
                .answer(
                    &data,
                    &ids[item % ids.len()],
                    &input(*value, comment.clone()),
                )
                .expect("valid answer");
        }
        Action::AnswerAtStop {
            replica,
            item,
            value,
        } => {
            let r = &mut replicas[*replica];
            let data = r.audit.read().expect("audit");
            let read = r.response.read().expect("response");
            let Some((stop, _)) = read.stops().next() else {
                return;
            };
            let item_id = format!("environment.{}", item + 1);
            r.response
                .answer_at_stop(&data, stop, &item_id, &input(*value, None))
                .expect("valid stop answer");
        }
        Action::VisitStop {
            replica,
            name,
            lat,
            lon,
        } => {
            let r = &mut replicas[*replica];
            let data = r.audit.read().expect("audit");
            let visit = StopVisit {
                planned_stop: None,
                name_of_area: name.clone(),
                specific_location: String::new(),
                visited_at: 1_780_000_000_000,
                utc_offset_min: 120,
                location: Some(Location::new(*lat, *lon, LocationSource::Device).expect("loc")),
            };
            r.response.visit_stop(&data, &visit).expect("visit");
        }
        Action::AddPhoto {
            replica,
            seed,
            theme,
            title,
        } => {
            let r = &mut replicas[*replica];
            let data = r.audit.read().expect("audit");
            let photo = PhotoInput {
                hash: BlobHash::of(&[*seed]),
                record: PhotoRecord {
                    title: title.clone(),
                    caption: "caption".into(),
                    theme: if *theme { "friendly" } else { "improvement" }.into(),
                    location: None,
                    taken_at: None,
                    stop: None,
                    media_type: "image/jpeg".into(),
                    size: 1,
                    consent: true,
                    added_at: 1,
                },
            };
            r.response.add_photo(&data, &photo).expect("photo");
        }
        Action::EditPhoto {
            replica,
            title,
            theme,
        } => {
            let r = &mut replicas[*replica];
            let data = r.audit.read().expect("audit");
            let read = r.response.read().expect("response");
            let Some((hash, _)) = read.photos().next() else {
                return;
            };
            let hash = BlobHash::parse(hash).expect("hash key");
            let change = PhotoEdit {
                title: Some(title.clone()),
                caption: None,
                theme: Some(if *theme { "friendly" } else { "improvement" }.into()),
                forget_location: false,
            };
            r.response.edit_photo(&data, &hash, &change).expect("edit");
        }
        Action::Track { replica, points } => {
            let points: Vec<TrackPoint> = (0..*points)
                .map(|i| TrackPoint {
                    lat: 42.0 + f64::from(i) / 100.0,
                    lon: 24.7,
                    at: i64::from(i),
                })
                .collect();
            replicas[*replica]
                .response
                .add_track_points(&points)
                .expect("track");
        }
        Action::PlanStop { replica, name } => {
            let stop = PlannedStop {
                name_of_area: name.clone(),
                specific_location: String::new(),
                position: None,
                order: 1,
            };
            replicas[*replica].audit.plan_stop(&stop).expect("plan");
        }
        Action::Exchange { .. } => {}
    }
}

/// One message round from `a` to `b` (and b's answer), with optional faults.
fn exchange(replicas: &mut [Replica], a: usize, b: usize, faults: (bool, bool, bool)) {
    if a == b {
        return;
    }
    let (drop, duplicate, reverse) = faults;
    for which in 0..DOCS {
        let mut messages: Vec<Vec<u8>> = Vec::new();
        for _ in 0..2 {
            let replica = &mut replicas[a];
            let mut state = std::mem::take(&mut replica.states[b][which]);
            if let Some(m) = replica.doc(which).sync().generate_sync_message(&mut state) {
                messages.push(m.encode());
            }
            replica.states[b][which] = state;
        }
        if drop {
            messages.truncate(messages.len().saturating_sub(1));
        }
        if duplicate {
            if let Some(first) = messages.first().cloned() {
                messages.push(first);
            }
        }
        if reverse {
            messages.reverse();
        }
        for bytes in messages {
            let message = Message::decode(&bytes).expect("own message decodes");
            let replica = &mut replicas[b];
            let mut state = std::mem::take(&mut replica.states[a][which]);
            // A reordered or duplicated message may be refused; the protocol recovers.
            let _ = replica
                .doc(which)
                .sync()
                .receive_sync_message(&mut state, message);
            replica.states[a][which] = state;
        }
    }
}

/// Reconnect every pair (sync state persisted and reloaded, as after an
/// interrupted request) and sync reliably until nobody has anything to say.
fn sync_until_quiet(replicas: &mut [Replica]) -> usize {
    let n = replicas.len();
    for replica in replicas.iter_mut() {
        for peer in replica.states.iter_mut() {
            for state in peer.iter_mut() {
                *state = State::decode(&state.encode()).expect("state round-trips");
            }
        }
    }
    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(rounds < 100, "sync did not quiesce");
        let mut sent = false;
        for a in 0..n {
            for b in 0..n {
                if a == b {
                    continue;
                }
                for which in 0..DOCS {
                    let replica = &mut replicas[a];
                    let mut state = std::mem::take(&mut replica.states[b][which]);
                    let message = replica.doc(which).sync().generate_sync_message(&mut state);
                    replica.states[b][which] = state;
                    if let Some(message) = message {
                        sent = true;
                        let peer = &mut replicas[b];
                        let mut state = std::mem::take(&mut peer.states[a][which]);
                        peer.doc(which)
                            .sync()
                            .receive_sync_message(&mut state, message)
                            .expect("reliable delivery is accepted");
                        peer.states[a][which] = state;
                    }
                }
            }
        }
        if !sent {
            return rounds;
        }
    }
}

fn cases() -> u32 {
    std::env::var("CONVERGENCE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_after_faulty_exchange((n, actions) in scenario()) {
        let mut replicas = setup(n);
        for action in &actions {
            match action {
                Action::Exchange { a, b, drop, duplicate, reverse } => {
                    exchange(&mut replicas, *a, *b, (*drop, *duplicate, *reverse));
                }
                other => edit(&mut replicas, other),
            }
        }
        sync_until_quiet(&mut replicas);
        let first_audit = replicas[0].audit.read().expect("audit");
        let first_response = replicas[0].response.read().expect("response");
        let first_heads = [replicas[0].doc(0).get_heads(), replicas[0].doc(1).get_heads()];
        for replica in replicas.iter_mut().skip(1) {
            prop_assert_eq!(&replica.audit.read().expect("audit"), &first_audit);
            prop_assert_eq!(&replica.response.read().expect("response"), &first_response);
            prop_assert_eq!(&[replica.doc(0).get_heads(), replica.doc(1).get_heads()], &first_heads);
        }
    }
}

#[test]
fn a_lost_message_does_not_lose_an_edit_after_reconnect() {
    let mut replicas = setup(2);
    edit(
        &mut replicas,
        &Action::Answer {
            replica: 0,
            item: 0,
            value: 4,
            comment: Some("lit".into()),
        },
    );
    exchange(&mut replicas, 0, 1, (true, false, false));
    exchange(&mut replicas, 1, 0, (true, false, false));
    sync_until_quiet(&mut replicas);
    let read = replicas[1].response.read().expect("read");
    let (_, answer) = read
        .answers()
        .find(|(id, _)| *id == "vision.1")
        .expect("answer");
    assert_eq!(answer.value.score().map(Score::get), Some(4));
    assert_eq!(answer.comment.as_str(), "lit");
}
