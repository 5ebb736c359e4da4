//! What every storage backend must do, written once against the
//! [`Storage`] trait and run for each backend: SQLite in this crate's unit
//! tests, PostgreSQL in the behaviour tests (which start a real cluster).
//!
//! Each check panics with a message when the backend misbehaves; the test
//! that calls it fails.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::{
    DocumentInfo, DocumentKind, InviteRecord, MemberRecord, Principal, Storage, StorageError,
};
use crate::documents;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::Role;

fn person(id: &str, kind: Role) -> Principal {
    Principal {
        id: id.into(),
        kind,
        name: format!("name of {id}"),
        created_at: 1,
    }
}

fn audit_info() -> DocumentInfo {
    let id = DocumentId::random();
    DocumentInfo {
        id: id.clone(),
        kind: DocumentKind::Audit,
        audit_id: id,
    }
}

/// Committed rows are kept (also across reopening, through `open`) and a
/// transaction dropped uncommitted leaves nothing.
pub fn committed_rows_survive_reopening_and_dropped_transactions_leave_nothing(
    open: &dyn Fn() -> Box<dyn Storage>,
) {
    let kept = format!("kept-{}", DocumentId::random());
    let dropped = format!("dropped-{}", DocumentId::random());
    {
        let storage = open();
        let mut tx = storage.begin().expect("begin");
        tx.insert_principal(&person(&kept, Role::Facilitator))
            .expect("insert");
        tx.commit().expect("commit");
        let mut tx = storage.begin().expect("begin");
        tx.insert_principal(&person(&dropped, Role::Participant))
            .expect("insert");
        drop(tx);
    }
    let storage = open();
    let mut tx = storage.begin().expect("begin");
    assert_eq!(
        tx.principal(&kept).expect("read"),
        Some(person(&kept, Role::Facilitator))
    );
    assert_eq!(tx.principal(&dropped).expect("read"), None);
    assert!(
        matches!(
            tx.insert_principal(&person(&kept, Role::Participant)),
            Err(StorageError::Duplicate(_))
        ),
        "a person's id is unique"
    );
    // A refused duplicate leaves the transaction usable.
    assert!(tx.principal(&kept).expect("read after duplicate").is_some());
}

/// Documents load as snapshot plus change rows; compaction removes only
/// the rows it folded in.
pub fn documents_load_as_snapshot_plus_changes_and_compaction_removes_only_folded_rows(
    storage: &dyn Storage,
) {
    let info = audit_info();
    let mut tx = storage.begin().expect("begin");
    tx.insert_document(&info, b"snap", 1).expect("insert");
    let a = tx.append_change(&info.id, b"-a").expect("a");
    let b = tx.append_change(&info.id, b"-b").expect("b");
    let loaded = tx.load_document(&info.id).expect("load").expect("exists");
    assert_eq!(loaded.bytes, b"snap-a-b");
    assert_eq!(loaded.change_seqs, vec![a, b]);
    // A row appended after the load is not folded.
    let c = tx.append_change(&info.id, b"-c").expect("c");
    tx.compact(&info.id, b"SNAP", &[a, b]).expect("compact");
    let loaded = tx.load_document(&info.id).expect("load").expect("exists");
    assert_eq!(loaded.bytes, b"SNAP-c");
    assert_eq!(loaded.change_seqs, vec![c]);
    assert_eq!(
        tx.document_info(&info.id).expect("info"),
        Some(info.clone())
    );
    assert!(tx.audits().expect("audits").contains(&info.id));
    assert_eq!(tx.load_document(&DocumentId::random()).expect("load"), None);
    assert_eq!(tx.document_info(&DocumentId::random()).expect("info"), None);
    assert!(matches!(
        tx.insert_document(&info, b"again", 2),
        Err(StorageError::Duplicate(_))
    ));
    tx.commit().expect("commit after a refused duplicate");
}

/// Tokens can be revoked, and members show their sync status.
pub fn revoked_tokens_are_reported_and_members_show_sync_status(storage: &dyn Storage) {
    let audit = audit_info();
    let response = DocumentId::random();
    let p1 = format!("p-{}", DocumentId::random());
    let hash1 = format!("hash-{p1}");
    let mut tx = storage.begin().expect("begin");
    tx.insert_principal(&person(&p1, Role::Participant))
        .expect("principal");
    tx.insert_token(&hash1, &p1, 10).expect("token");
    let member = MemberRecord {
        principal_id: p1.clone(),
        audit_id: audit.id.clone(),
        role: Role::Participant,
        response_doc: Some(response.clone()),
        display_name: "Falcon".into(),
        group: "ngo".into(),
        gender: None,
        joined_at: 10,
    };
    tx.insert_member(&member).expect("member");
    assert!(matches!(
        tx.insert_member(&member),
        Err(StorageError::Duplicate(_))
    ));
    tx.touch_token(&hash1, 20).expect("touch");
    let members = tx.members(&audit.id).expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].member, member);
    assert_eq!(members[0].last_sync_at, Some(20));
    assert!(!members[0].revoked);
    assert_eq!(
        tx.memberships(&p1).expect("memberships")[0].response_doc,
        Some(response)
    );
    assert_eq!(tx.revoke_principal(&p1, 30).expect("revoke"), 1);
    assert!(tx.token(&hash1).expect("token").expect("exists").revoked);
    assert!(tx.members(&audit.id).expect("members")[0].revoked);
    assert!(!tx.revoke_token("unknown", 30).expect("revoke"));
    assert!(tx.revoke_token(&hash1, 40).expect("revoke again"));
}

/// Invites count their uses, and codes are unique.
pub fn invites_count_their_uses_and_codes_are_unique(storage: &dyn Storage) {
    let audit = audit_info();
    let code = format!("C{}", &DocumentId::random().as_str()[..7]);
    let invite = InviteRecord {
        code: code.clone(),
        audit_id: audit.id.clone(),
        role: Role::Participant,
        created_by: None,
        created_at: 1,
        expires_at: 2,
        max_uses: 3,
        uses: 0,
    };
    let mut tx = storage.begin().expect("begin");
    tx.insert_invite(&invite).expect("insert");
    assert!(matches!(
        tx.insert_invite(&invite),
        Err(StorageError::Duplicate(_))
    ));
    tx.count_invite_use(&code).expect("use");
    assert_eq!(tx.invite(&code).expect("read").expect("exists").uses, 1);
    assert_eq!(tx.invite("ZZZZZZZZ").expect("read"), None);
    tx.commit().expect("commit");
}

/// Sync states and blob references round-trip.
pub fn sync_states_and_blob_references_round_trip(storage: &dyn Storage) {
    let audit = audit_info();
    let response = DocumentInfo {
        id: DocumentId::random(),
        kind: DocumentKind::Response,
        audit_id: audit.id.clone(),
    };
    let hash = BlobHash::of(audit.id.as_str().as_bytes());
    let mut tx = storage.begin().expect("begin");
    tx.insert_document(&audit, b"", 1).expect("audit");
    tx.insert_document(&response, b"", 2).expect("response");
    assert_eq!(tx.sync_state("t", &response.id).expect("read"), None);
    tx.set_sync_state("t", &response.id, b"one").expect("set");
    tx.set_sync_state("t", &response.id, b"two").expect("set");
    assert_eq!(
        tx.sync_state("t", &response.id).expect("read"),
        Some(b"two".to_vec())
    );
    tx.set_blob_refs(&response.id, &[hash.clone(), hash.clone()])
        .expect("refs");
    assert_eq!(
        tx.blob_referrers(&hash).expect("referrers"),
        vec![response.clone()]
    );
    assert_eq!(
        tx.responses(&audit.id).expect("responses"),
        vec![response.clone()]
    );
    tx.set_blob_refs(&response.id, &[]).expect("refs");
    assert!(tx.blob_referrers(&hash).expect("referrers").is_empty());
}

/// Heads recorded with a document match what loading it gives, and are
/// unknown after a change is appended until recorded again.
pub fn recorded_heads_follow_the_appended_changes(storage: &dyn Storage) {
    let info = audit_info();
    let mut doc = AutoCommit::new();
    let mut tx = storage.begin().expect("begin");
    let mut rows = documents::insert(tx.as_mut(), info.clone(), &mut doc, 1).expect("insert");
    let before = doc.get_heads();
    doc.put(ROOT, "k", 1).expect("put");
    rows.persist_since(tx.as_mut(), &mut doc, &before)
        .expect("persist");
    tx.commit().expect("commit");
    let mut tx = storage.begin().expect("begin");
    assert_eq!(
        tx.document_heads(&info.id).expect("heads"),
        Some(documents::encode_heads(&doc.get_heads()))
    );
    tx.append_change(&info.id, &[]).expect("append");
    assert_eq!(tx.document_heads(&info.id).expect("heads"), None);
}

/// Two transactions open at once on one document (two server instances):
/// both append, both try to compact; every change survives and the
/// recorded heads never claim a state that misses one. Only for backends
/// that let two transactions be open at once.
pub fn concurrent_appends_and_compactions_lose_nothing(storage: &dyn Storage) {
    let info = audit_info();
    let mut base = AutoCommit::new();
    base.put(ROOT, "base", 0).expect("put");
    base.commit();
    {
        let mut tx = storage.begin().expect("begin");
        documents::insert(tx.as_mut(), info.clone(), &mut base, 1).expect("insert");
        tx.commit().expect("commit");
    }
    let mut a = storage.begin().expect("begin a");
    let mut b = storage.begin().expect("begin b");
    let (mut rows_a, mut doc_a) = documents::load(a.as_mut(), info.clone()).expect("load a");
    let (_, mut doc_b) = documents::load(b.as_mut(), info.clone()).expect("load b");
    let stored_b = b.load_document(&info.id).expect("load b").expect("exists");

    // A appends, compacts everything it knows and commits first.
    let before = doc_a.get_heads();
    doc_a.put(ROOT, "a", 1).expect("put");
    rows_a
        .persist_since(a.as_mut(), &mut doc_a, &before)
        .expect("persist a");
    let seqs_a = a
        .load_document(&info.id)
        .expect("reload a")
        .expect("exists")
        .change_seqs;
    a.compact(&info.id, &doc_a.save(), &seqs_a)
        .expect("compact a");
    a.commit().expect("commit a");

    // B, which loaded before A's change, appends and compacts its own view.
    let before = doc_b.get_heads();
    doc_b.put(ROOT, "b", 2).expect("put");
    doc_b.commit();
    let change_b = doc_b.save_after(&before);
    let seq_b = b.append_change(&info.id, &change_b).expect("append b");
    b.set_document_heads(&info.id, &documents::encode_heads(&doc_b.get_heads()))
        .expect("heads b");
    let mut folded_b = stored_b.change_seqs.clone();
    folded_b.push(seq_b);
    b.compact(&info.id, &doc_b.save(), &folded_b)
        .expect("compact b");
    b.commit().expect("commit b");

    let mut tx = storage.begin().expect("begin");
    let stored = tx.load_document(&info.id).expect("load").expect("exists");
    let mut merged = AutoCommit::load(&stored.bytes).expect("loadable");
    for key in ["base", "a", "b"] {
        assert!(
            automerge::ReadDoc::get(&merged, ROOT, key)
                .expect("read")
                .is_some(),
            "{key} survived"
        );
    }
    let recorded = tx.document_heads(&info.id).expect("heads");
    assert!(
        recorded.is_none() || recorded == Some(documents::encode_heads(&merged.get_heads())),
        "recorded heads are unknown or the real ones"
    );
}

/// Two requests take the last use of one invite at once: exactly one may
/// count it (a backend with one connection serialises them in `begin`; a
/// shared one makes the second wait inside [`super::Transaction::invite`]).
pub fn an_invites_last_use_is_taken_once(storage: &dyn Storage) {
    let audit = audit_info();
    let code = format!("L{}", &DocumentId::random().as_str()[..7]);
    {
        let mut tx = storage.begin().expect("begin");
        tx.insert_invite(&InviteRecord {
            code: code.clone(),
            audit_id: audit.id,
            role: Role::Participant,
            created_by: None,
            created_at: 1,
            expires_at: i64::MAX,
            max_uses: 1,
            uses: 0,
        })
        .expect("invite");
        tx.commit().expect("commit");
    }
    let barrier = std::sync::Barrier::new(2);
    let taken: Vec<bool> = std::thread::scope(|scope| {
        let joins: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    let mut tx = storage.begin().expect("begin");
                    let invite = tx.invite(&code).expect("read").expect("exists");
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    let free = invite.uses < invite.max_uses;
                    if free {
                        tx.count_invite_use(&code).expect("count");
                    }
                    tx.commit().expect("commit");
                    free
                })
            })
            .collect();
        joins
            .into_iter()
            .map(|j| j.join().expect("thread"))
            .collect()
    });
    assert_eq!(taken.iter().filter(|t| **t).count(), 1, "{taken:?}");
    let mut tx = storage.begin().expect("begin");
    assert_eq!(tx.invite(&code).expect("read").expect("exists").uses, 1);
}
