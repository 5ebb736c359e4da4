//! The summary cache on real SQLite files: it is used when the heads match,
//! never trusted blindly, follows edits and received changes, survives a
//! migration, and never changes what the facilitator's views compute.

use automerge::sync::State;
use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

use super::*;
use crate::analysis;
use crate::model::AnswerValue;
use crate::model::{NewAudit, NewParticipant};
use crate::testdata::{fixture, new_audit, score};
use crate::views;
use crate::views::facilitator::audit_responses;

/// A profile file holding `audit` and `responses` as another device's sync
/// would have left them (documents written, never read here).
fn stored_profile(
    dir: &Path,
    audit_id: &DocumentId,
    audit: &mut AuditDocument,
    responses: &mut [ResponseDocument],
) -> (PathBuf, Vec<DocumentId>) {
    let path = dir.join("f.sqlite");
    let mut store = Store::open(&path).expect("open");
    store
        .insert_document(audit_id, DocumentKind::Audit, audit_id, audit.automerge())
        .expect("audit");
    let mut ids = Vec::new();
    for response in responses {
        let id = DocumentId::random();
        store
            .insert_document(&id, DocumentKind::Response, audit_id, response.automerge())
            .expect("response");
        ids.push(id);
    }
    (path, ids)
}

/// The fixture's audit with its three responses, stored.
fn fixture_profile(dir: &Path) -> (PathBuf, DocumentId, Vec<DocumentId>) {
    let mut fixture = fixture();
    let audit_id = fixture_audit_id(&fixture.responses[0]);
    let (path, ids) = stored_profile(dir, &audit_id, &mut fixture.audit, &mut fixture.responses);
    (path, audit_id, ids)
}

/// The audit a response document names.
fn fixture_audit_id(response: &ResponseDocument) -> DocumentId {
    let read = response.read().expect("read");
    DocumentId::parse(read.audit_id.value().expect("audit id")).expect("valid id")
}

fn counted(profile: &Profile) -> (Vec<(DocumentId, ResponseData)>, (usize, usize, usize)) {
    let (read, stats) = profile.read_responses_counted().expect("read");
    (
        read,
        (stats.from_memory, stats.from_summary, stats.from_document),
    )
}

#[test]
fn unchanged_documents_are_read_from_summaries_without_loading_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, ids) = fixture_profile(dir.path());
    let first = Profile::open(&path).expect("open");
    assert_eq!(first.loaded_response_count(), 0, "responses load lazily");
    let (cold, stats) = counted(&first);
    assert_eq!(stats, (0, 0, 3));
    drop(first);

    // Damage every document: a read that loaded one would now fail.
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute(
        "UPDATE documents SET snapshot = x'00ff' WHERE kind = 'response'",
        [],
    )
    .expect("damage");
    drop(conn);
    let second = Profile::open(&path).expect("reopen");
    let (warm, stats) = counted(&second);
    assert_eq!(stats, (0, 3, 0));
    assert_eq!(second.loaded_response_count(), 0);
    assert_eq!(warm, cold);
    assert!(matches!(
        second.response(&ids[0]),
        Err(ProfileError::Store(_))
    ));
}

#[test]
fn a_damaged_summary_is_made_again_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, _) = fixture_profile(dir.path());
    let (cold, _) = counted(&Profile::open(&path).expect("open"));
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let rows = conn
        .execute(
            "UPDATE document_summaries SET summary = x'7b2266' WHERE rowid % 2 = 1",
            [],
        )
        .expect("damage");
    assert!(rows >= 1);
    conn.execute(
        "UPDATE document_summaries SET heads = x'0102' WHERE rowid % 2 = 0",
        [],
    )
    .expect("stale");
    drop(conn);

    let profile = Profile::open(&path).expect("reopen");
    let (read, stats) = counted(&profile);
    assert_eq!(read, cold);
    assert_eq!(stats, (0, 0, 3));
    let (again, stats) = counted(&profile);
    assert_eq!(again, cold);
    assert_eq!(stats, (3, 0, 0), "read again from memory");
    drop(profile);
    let (again, stats) = counted(&Profile::open(&path).expect("reopen"));
    assert_eq!(again, cold);
    assert_eq!(stats, (0, 3, 0), "rebuilt rows are used");
}

#[test]
fn an_edit_shows_in_the_next_read_in_memory_and_after_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.sqlite");
    let mut profile = Profile::open(&path).expect("open");
    let audit = profile
        .create_audit(&NewAudit {
            title: "Walk".into(),
            city: "Sofia".into(),
            starts_on: String::new(),
            ends_on: String::new(),
            meeting_point: String::new(),
            templates: crate::model::TemplateChoice {
                checklist: true,
                photovoice: false,
                benchmark: false,
            },
        })
        .expect("audit");
    let joining = |name: &str| NewParticipant {
        display_name: name.into(),
        group: "other".into(),
        gender: None,
        accept_photo_terms: false,
        share_photo_locations: false,
    };
    let a = profile.join(&audit, &joining("Lark")).expect("join");
    let b = profile.join(&audit, &joining("Wren")).expect("join");
    profile.answer(&a, "vision.1", &score(2)).expect("answer");
    profile.answer(&b, "vision.1", &score(4)).expect("answer");
    let results = views::facilitator::results(&profile, &audit, None).expect("results");
    let vision1 = |results: &analysis::AuditResults| {
        results
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.item == "vision.1")
            .and_then(|i| i.scores.mean)
    };
    assert_eq!(vision1(&results), Some(3.0));

    profile.answer(&a, "vision.1", &score(5)).expect("edit");
    let (_, stats) = counted(&profile);
    assert_eq!(stats, (1, 0, 1));
    let results = views::facilitator::results(&profile, &audit, None).expect("results");
    assert_eq!(vision1(&results), Some(4.5));
    drop(profile);

    let reopened = Profile::open(&path).expect("reopen");
    let (_, stats) = counted(&reopened);
    assert_eq!(stats, (0, 2, 0));
    let results = views::facilitator::results(&reopened, &audit, None).expect("results");
    assert_eq!(vision1(&results), Some(4.5));
    let answer = reopened
        .read_answer(&a, None, "vision.1")
        .expect("read")
        .expect("answer");
    assert_eq!(answer.value.score().map(|s| s.get()), Some(5));
}

/// Exchanges sync messages for `doc` until both sides are quiet.
fn sync_document(from: &mut Profile, to: &mut Profile, doc: &DocumentId) {
    let (mut from_state, mut to_state) = (State::new(), State::new());
    let mut incoming = Vec::new();
    for _ in 0..10 {
        let out = from.generate_sync_message(doc, &mut from_state);
        let quiet = out.is_none();
        if let Some(message) = out {
            to.receive_sync_message(doc, &mut to_state, message, &mut incoming)
                .expect("receive");
        }
        let back = to.generate_sync_message(doc, &mut to_state);
        if quiet && back.is_none() {
            return;
        }
        if let Some(message) = back {
            from.receive_sync_message(doc, &mut from_state, message, &mut incoming)
                .expect("receive back");
        }
    }
}

#[test]
fn a_received_change_shows_in_the_next_read_even_for_a_document_never_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, audit_id, ids) = fixture_profile(dir.path());
    let before = audit_responses(&Profile::open(&path).expect("open"), &audit_id).expect("read");
    // The participant's device: a copy of the same documents.
    let phone_path = dir.path().join("phone.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.execute("VACUUM INTO ?1", [phone_path.to_str().expect("utf-8")])
            .expect("copy");
    }
    let mut phone = Profile::open(&phone_path).expect("phone");
    phone
        .answer(&ids[0], "vision.5", &score(1))
        .expect("answer");

    let mut facilitator = Profile::open(&path).expect("facilitator");
    assert_eq!(counted(&facilitator).1, (0, 3, 0));
    assert_eq!(facilitator.loaded_response_count(), 0);
    sync_document(&mut phone, &mut facilitator, &ids[0]);
    let (read, stats) = counted(&facilitator);
    assert_eq!(stats, (2, 0, 1), "only the changed document is read again");
    let changed = read
        .iter()
        .find(|(id, _)| id == &ids[0])
        .map(|(_, r)| r)
        .expect("changed");
    let vision5 = changed.answers().find(|(item, _)| *item == "vision.5");
    assert_eq!(
        vision5.and_then(|(_, a)| a.value.score()).map(|s| s.get()),
        Some(1)
    );
    drop(facilitator);

    let after = audit_responses(&Profile::open(&path).expect("reopen"), &audit_id).expect("read");
    assert_ne!(after, before);
    assert_eq!(after.len(), before.len());
}

#[test]
fn a_store_from_schema_two_migrates_and_learns_the_heads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    let mut fixture = fixture();
    let (audit_id, mut audit) = (DocumentId::random(), fixture.audit);
    let expected: Vec<ResponseData> = fixture
        .responses
        .iter()
        .map(|r| r.read().expect("read"))
        .collect();
    {
        let mut conn = rusqlite::Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(crate::store::migrations_up_to(2).as_str())
            .expect("v1 and v2");
        tx.execute(
            "INSERT INTO documents (doc_id, kind, audit_id, snapshot) VALUES (?1, 'audit', ?1, ?2)",
            rusqlite::params![audit_id.as_str(), audit.automerge().save()],
        )
        .expect("audit");
        for response in &mut fixture.responses {
            tx.execute(
                "INSERT INTO documents (doc_id, kind, audit_id, snapshot) VALUES (?1, 'response', ?2, ?3)",
                rusqlite::params![DocumentId::random().as_str(), audit_id.as_str(), response.automerge().save()],
            )
            .expect("response");
        }
        tx.pragma_update(None, "user_version", 2).expect("version");
        tx.commit().expect("commit");
    }
    let profile = Profile::open(&path).expect("migrates");
    let (read, stats) = counted(&profile);
    assert_eq!(stats.2, 3);
    let mut read: Vec<ResponseData> = read.into_iter().map(|(_, r)| r).collect();
    let key = |r: &ResponseData| r.participant().map(|p| p.id.clone());
    read.sort_by_key(key);
    let mut expected = expected;
    expected.sort_by_key(key);
    assert_eq!(read, expected);
    for id in profile.response_ids() {
        assert!(
            profile
                .store()
                .recorded_heads(&id)
                .expect("heads")
                .is_some(),
            "learnt"
        );
    }
    drop(profile);
    let (_, stats) = counted(&Profile::open(&path).expect("reopen"));
    assert_eq!(stats, (0, 3, 0));
}

#[test]
fn results_through_the_cache_equal_results_from_the_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fixture = fixture();
    let audit_data = fixture.audit_data();
    let audit_id = fixture_audit_id(&fixture.responses[0]);
    let (path, ids) = stored_profile(
        dir.path(),
        &audit_id,
        &mut fixture.audit,
        &mut fixture.responses,
    );
    let direct = direct_results(&audit_data, &fixture.responses, &ids);
    let cold = views::facilitator::results(&Profile::open(&path).expect("open"), &audit_id, None)
        .expect("cold");
    let warm = views::facilitator::results(&Profile::open(&path).expect("open"), &audit_id, None)
        .expect("warm");
    assert_eq!(cold, direct);
    assert_eq!(warm, direct);
    assert!(
        !direct.invalid.is_empty(),
        "the fixture's invalid score is flagged"
    );
}

/// Results computed from the documents themselves, in the order the views use.
fn direct_results(
    audit: &AuditData,
    responses: &[ResponseDocument],
    ids: &[DocumentId],
) -> analysis::AuditResults {
    let mut read: Vec<(DocumentId, ResponseData)> = ids
        .iter()
        .cloned()
        .zip(responses.iter().map(|r| r.read().expect("read")))
        .collect();
    read.sort_by(|a, b| a.0.cmp(&b.0));
    let read: Vec<ResponseData> = read.into_iter().map(|(_, r)| r).collect();
    analysis::analyse(audit, &read, None)
}

/// A raw answer value as any implementation might write it.
#[derive(Debug, Clone)]
enum Raw {
    Score(u8),
    DontKnow,
    Out(u64),
    Text(String),
    Float(f64),
}

fn raw() -> impl Strategy<Value = Raw> {
    prop_oneof![
        4 => (1u8..=5).prop_map(Raw::Score),
        1 => Just(Raw::DontKnow),
        1 => (6u64..200).prop_map(Raw::Out),
        1 => "[a-z ]{0,8}".prop_map(Raw::Text),
        1 => (-10.0f64..10.0).prop_map(Raw::Float),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_set_reads_the_same_through_the_cache(
        people in prop::collection::vec(
            (prop::collection::vec((0usize..20, raw(), "[a-zA-Z ,.]{0,12}"), 0..12), 0usize..8),
            1..5,
        )
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (audit_id, mut audit) = new_audit("Walk", "Sofia", "2026-05-01");
        let data = audit.read().expect("audit");
        let items: Vec<String> = data
            .checklist()
            .expect("checklist")
            .sections
            .iter()
            .filter(|s| !s.per_stop)
            .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
            .collect();
        let groups = ["tcn_communities", "ngos", "other"];
        let mut responses = Vec::new();
        for (n, (answers, group)) in people.iter().enumerate() {
            let joining = NewParticipant {
                display_name: format!("P{n}"),
                group: groups[group % groups.len()].into(),
                gender: None,
                accept_photo_terms: false,
                share_photo_locations: false,
            };
            let mut doc = ResponseDocument::create(&audit_id, &data, &format!("p{n}"), &joining)
                .expect("join");
            for (item, value, comment) in answers {
                let item = &items[item % items.len()];
                let am = doc.automerge();
                let map = am.get(ROOT, "answers").expect("get").expect("answers").1;
                let record = am.get(&map, item.as_str()).expect("get").expect("record").1;
                match value {
                    Raw::Score(s) => am.put(&record, "value", u64::from(*s)),
                    Raw::DontKnow => am.put(&record, "value", "dont_know"),
                    Raw::Out(v) => am.put(&record, "value", *v),
                    Raw::Text(t) => am.put(&record, "value", t.as_str()),
                    Raw::Float(f) => am.put(&record, "value", *f),
                }
                .expect("put");
                let text = am.get(&record, "comment").expect("get").expect("comment").1;
                am.splice_text(&text, 0, 0, comment).expect("comment");
                am.commit();
            }
            responses.push(doc);
        }
        let (path, ids) = stored_profile(dir.path(), &audit_id, &mut audit, &mut responses);
        let direct = direct_results(&data, &responses, &ids);
        let cold = views::facilitator::results(&Profile::open(&path).expect("open"), &audit_id, None)
            .expect("cold");
        let warm_profile = Profile::open(&path).expect("open");
        let warm = views::facilitator::results(&warm_profile, &audit_id, None).expect("warm");
        prop_assert_eq!(warm_profile.loaded_response_count(), 0);
        prop_assert_eq!(&cold, &direct);
        prop_assert_eq!(&warm, &direct);
        let expected_answers: Vec<AnswerValue> = responses
            .iter()
            .flat_map(|r| r.read().expect("read").answers().map(|(_, a)| a.value.clone()).collect::<Vec<_>>())
            .collect();
        let mut cached_answers = Vec::new();
        for (id, _) in ids.iter().zip(&responses) {
            let read = warm_profile.read_responses().expect("read");
            let (_, r) = read.iter().find(|(i, _)| i == id).expect("present");
            cached_answers.extend(r.answers().map(|(_, a)| a.value.clone()));
        }
        prop_assert_eq!(cached_answers, expected_answers);
    }
}
