//! The access policy as a specification: what each role may do, on the
//! server and on a device.

use super::*;

struct World {
    audit: DocumentId,
    other_audit: DocumentId,
    mine: DocumentId,
    theirs: DocumentId,
}

fn world() -> World {
    World {
        audit: DocumentId::random(),
        other_audit: DocumentId::random(),
        mine: DocumentId::random(),
        theirs: DocumentId::random(),
    }
}

fn participant(w: &World) -> Vec<Membership> {
    vec![Membership {
        audit_id: w.audit.clone(),
        role: Role::Participant,
        response_doc: Some(w.mine.clone()),
    }]
}

fn facilitator(w: &World) -> Vec<Membership> {
    vec![Membership {
        audit_id: w.audit.clone(),
        role: Role::Facilitator,
        response_doc: None,
    }]
}

fn audit_doc(w: &World) -> DocumentRef<'_> {
    DocumentRef::Audit { audit_id: &w.audit }
}

fn response<'a>(w: &'a World, doc_id: &'a DocumentId) -> DocumentRef<'a> {
    DocumentRef::Response {
        audit_id: &w.audit,
        doc_id,
    }
}

#[test]
fn participant_reads_the_audit_and_writes_only_its_own_response() {
    let w = world();
    let me = participant(&w);
    assert_eq!(document_access(&me, audit_doc(&w)), Access::Read);
    assert_eq!(
        document_access(&me, response(&w, &w.mine)),
        Access::ReadWrite
    );
    assert_eq!(
        document_access(&me, response(&w, &w.theirs)),
        Access::Denied
    );
}

#[test]
fn participant_may_not_send_changes_to_the_audit_document() {
    let w = world();
    let me = participant(&w);
    assert!(check_sync_message(&me, &w.audit, audit_doc(&w), false).is_ok());
    assert_eq!(
        check_sync_message(&me, &w.audit, audit_doc(&w), true),
        Err(Refusal::ReadOnly(w.audit.to_string()))
    );
    assert!(check_sync_message(&me, &w.mine, response(&w, &w.mine), true).is_ok());
}

#[test]
fn participant_may_not_even_ask_for_another_participants_answers() {
    let w = world();
    let me = participant(&w);
    assert_eq!(
        check_sync_message(&me, &w.theirs, response(&w, &w.theirs), false),
        Err(Refusal::NotReadable(w.theirs.to_string()))
    );
}

#[test]
fn facilitator_writes_the_audit_and_only_reads_responses() {
    let w = world();
    let f = facilitator(&w);
    assert_eq!(document_access(&f, audit_doc(&w)), Access::ReadWrite);
    assert_eq!(document_access(&f, response(&w, &w.theirs)), Access::Read);
    assert!(check_sync_message(&f, &w.theirs, response(&w, &w.theirs), false).is_ok());
    assert!(check_sync_message(&f, &w.theirs, response(&w, &w.theirs), true).is_err());
}

#[test]
fn nobody_reads_documents_of_audits_they_are_not_in() {
    let w = world();
    let other = DocumentRef::Audit {
        audit_id: &w.other_audit,
    };
    assert_eq!(document_access(&participant(&w), other), Access::Denied);
    assert_eq!(document_access(&facilitator(&w), other), Access::Denied);
    assert_eq!(document_access(&[], audit_doc(&w)), Access::Denied);
}

#[test]
fn blobs_follow_the_documents_that_reference_them() {
    let w = world();
    let referenced_by_mine = [response(&w, &w.mine)];
    let referenced_by_theirs = [response(&w, &w.theirs)];
    assert!(may_read_blob(&participant(&w), &referenced_by_mine));
    assert!(!may_read_blob(&participant(&w), &referenced_by_theirs));
    assert!(may_read_blob(&facilitator(&w), &referenced_by_theirs));
    assert!(!may_read_blob(&facilitator(&w), &[]));
    assert!(may_upload_blobs(&participant(&w)));
    assert!(may_upload_blobs(&facilitator(&w)));
    assert!(!may_upload_blobs(&[]));
}

#[test]
fn photos_received_outside_the_app_are_for_the_audits_facilitators_only() {
    let w = world();
    let received = [audit_doc(&w)];
    assert!(may_read_blob(&facilitator(&w), &received));
    assert!(
        !may_read_blob(&participant(&w), &received),
        "participants read the audit document, not its photos"
    );
    let elsewhere = [DocumentRef::Audit {
        audit_id: &w.other_audit,
    }];
    assert!(!may_read_blob(&facilitator(&w), &elsewhere));
}

fn reader(w: &World) -> Vec<Membership> {
    vec![Membership {
        audit_id: w.audit.clone(),
        role: Role::Reader,
        response_doc: None,
    }]
}

#[test]
fn a_reader_of_an_earlier_audit_reads_its_documents_and_nothing_else() {
    let w = world();
    let me = reader(&w);
    assert_eq!(document_access(&me, audit_doc(&w)), Access::Read);
    assert_eq!(document_access(&me, response(&w, &w.mine)), Access::Read);
    assert_eq!(
        check_sync_message(&me, &w.audit, audit_doc(&w), true),
        Err(Refusal::ReadOnly(w.audit.to_string()))
    );
    assert_eq!(own_new_response(&me, &w.mine), None);
    // Scores to compare, no photos: neither participants' nor received ones.
    assert!(!may_read_blob(&me, &[response(&w, &w.mine)]));
    assert!(!may_read_blob(&me, &[audit_doc(&w)]));
    assert!(!may_upload_blobs(&me));
    assert!(!may_manage_audit(&me, &w.audit));
    // A facilitator of the audit may revoke a reader, a reader nobody.
    let owner = &facilitator(&w)[0];
    let target = &me[0];
    let tenure = |membership, created_the_audit, joined_at| Tenure {
        membership,
        created_the_audit,
        joined_at,
    };
    assert!(may_revoke(
        &[tenure(owner, true, 1)],
        tenure(target, false, 2)
    ));
    assert!(!may_revoke(
        &[tenure(target, false, 2)],
        tenure(owner, true, 1)
    ));
    // Readers are facilitators elsewhere; only facilitators redeem reader invites.
    assert!(may_create_audits(Role::Facilitator));
    assert!(!may_create_audits(Role::Participant) && !may_create_audits(Role::Reader));
}

#[test]
fn only_facilitators_of_a_shared_audit_manage_and_revoke() {
    let w = world();
    assert!(may_manage_audit(&facilitator(&w), &w.audit));
    assert!(!may_manage_audit(&facilitator(&w), &w.other_audit));
    assert!(!may_manage_audit(&participant(&w), &w.audit));
}

#[test]
fn a_facilitator_revokes_participants_and_later_facilitators_of_their_audit_only() {
    let w = world();
    let tenure = |membership, created_the_audit, joined_at| Tenure {
        membership,
        created_the_audit,
        joined_at,
    };
    let facilitating = facilitator(&w);
    let owner = [tenure(&facilitating[0], true, 10)];
    let co = [tenure(&facilitating[0], false, 10)];
    let later = tenure(&facilitating[0], false, 20);
    let member = participant(&w);
    let member = tenure(&member[0], false, 5);
    assert!(may_revoke(&owner, member));
    assert!(may_revoke(&co, member));
    assert!(
        may_revoke(&owner, co[0]),
        "the owner revokes a co-facilitator"
    );
    assert!(may_revoke(&co, later), "and one who joined later");
    assert!(
        !may_revoke(&co, owner[0]),
        "a co-facilitator cannot lock out the owner"
    );
    assert!(!may_revoke(&[later], co[0]), "nor one who joined before");
    assert!(!may_revoke(&owner, owner[0]), "nor anyone themselves");
    assert!(!may_revoke(&[member], member));
    let elsewhere = Membership {
        audit_id: w.other_audit.clone(),
        role: Role::Participant,
        response_doc: Some(w.theirs.clone()),
    };
    assert!(!may_revoke(&owner, tenure(&elsewhere, false, 30)));
}

#[test]
fn a_participant_reads_only_its_own_response_and_a_facilitator_every_one() {
    let w = world();
    assert_eq!(
        readable_responses(&participant(&w)[0]),
        ReadableResponses::Own(&w.mine)
    );
    assert_eq!(
        readable_responses(&facilitator(&w)[0]),
        ReadableResponses::Every
    );
    let without_response = Membership {
        response_doc: None,
        ..participant(&w)[0].clone()
    };
    assert_eq!(
        readable_responses(&without_response),
        ReadableResponses::None
    );
    assert_eq!(
        document_access(&[without_response], response(&w, &w.mine)),
        Access::Denied
    );
}

#[test]
fn only_the_owner_writes_a_document() {
    let w = world();
    let me = &participant(&w)[0];
    let f = &facilitator(&w)[0];
    assert!(may_write(me, response(&w, &w.mine)));
    assert!(!may_write(me, response(&w, &w.theirs)));
    assert!(!may_write(me, audit_doc(&w)));
    assert!(may_write(f, audit_doc(&w)));
    assert!(!may_write(f, response(&w, &w.theirs)));
    let elsewhere = DocumentRef::Response {
        audit_id: &w.other_audit,
        doc_id: &w.mine,
    };
    assert!(!may_write(me, elsewhere), "the same id in another audit");
}

#[test]
fn a_response_the_server_does_not_hold_is_created_only_by_its_participant() {
    let w = world();
    let elsewhere = Membership {
        audit_id: w.other_audit.clone(),
        role: Role::Participant,
        response_doc: Some(w.theirs.clone()),
    };
    let mut both = participant(&w);
    both.push(elsewhere.clone());
    assert_eq!(own_new_response(&both, &w.mine), Some(&both[0]));
    assert_eq!(own_new_response(&both, &w.theirs), Some(&elsewhere));
    assert_eq!(own_new_response(&participant(&w), &w.theirs), None);
    assert_eq!(own_new_response(&facilitator(&w), &w.mine), None);
    assert_eq!(own_new_response(&[], &w.mine), None);
}

#[test]
fn a_device_allows_locally_what_the_server_allows_its_token() {
    let w = world();
    let me = &participant(&w)[0];
    let f = &facilitator(&w)[0];
    assert_eq!(device_access(me, HeldDocument::Audit), Access::Read);
    assert_eq!(
        device_access(me, HeldDocument::Response(&w.mine)),
        Access::ReadWrite
    );
    assert_eq!(
        device_access(me, HeldDocument::Response(&w.theirs)),
        Access::Denied
    );
    assert_eq!(device_access(f, HeldDocument::Audit), Access::ReadWrite);
    assert_eq!(
        device_access(f, HeldDocument::Response(&w.theirs)),
        Access::Read
    );
}

#[test]
fn a_device_downloads_the_photos_its_token_may_read() {
    let w = world();
    let me = &participant(&w)[0];
    let f = &facilitator(&w)[0];
    assert!(device_may_read_blob(me, &[HeldDocument::Response(&w.mine)]));
    assert!(!device_may_read_blob(
        me,
        &[HeldDocument::Response(&w.theirs)]
    ));
    assert!(
        !device_may_read_blob(me, &[HeldDocument::Audit]),
        "participants do not download received photos"
    );
    assert!(device_may_read_blob(
        f,
        &[HeldDocument::Response(&w.theirs)]
    ));
    assert!(device_may_read_blob(f, &[HeldDocument::Audit]));
    assert!(!device_may_read_blob(f, &[]));
}

/// Properties over small worlds: a few audits and response documents,
/// memberships drawn from them as the server records them (only
/// participants hold a response document).
mod properties {
    use super::*;
    use proptest::prelude::*;

    const IDS: usize = 4;

    /// A membership as indices into the world's ids.
    #[derive(Debug, Clone)]
    struct Drawn {
        audit: usize,
        role: Role,
        response: Option<usize>,
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        let role = prop_oneof![
            Just(Role::Participant),
            Just(Role::Facilitator),
            Just(Role::Reader)
        ];
        (0..IDS, role, proptest::option::of(0..IDS)).prop_map(|(audit, role, response)| Drawn {
            audit,
            role,
            response: response.filter(|_| role == Role::Participant),
        })
    }

    struct Ids {
        audits: Vec<DocumentId>,
        responses: Vec<DocumentId>,
    }

    fn ids() -> Ids {
        let random = || (0..IDS).map(|_| DocumentId::random()).collect();
        Ids {
            audits: random(),
            responses: random(),
        }
    }

    fn membership(ids: &Ids, d: &Drawn) -> Membership {
        Membership {
            audit_id: ids.audits[d.audit].clone(),
            role: d.role,
            response_doc: d.response.map(|r| ids.responses[r].clone()),
        }
    }

    proptest! {
        #[test]
        fn readable_responses_are_the_ones_document_access_lets_read(
            d in drawn(), doc in 0..IDS,
        ) {
            let ids = ids();
            let m = membership(&ids, &d);
            let doc_id = &ids.responses[doc];
            let readable = match readable_responses(&m) {
                ReadableResponses::None => false,
                ReadableResponses::Own(own) => own == doc_id,
                ReadableResponses::Every => true,
            };
            let access = document_access(
                std::slice::from_ref(&m),
                DocumentRef::Response { audit_id: &m.audit_id, doc_id },
            );
            prop_assert_eq!(readable, access.can_read());
        }

        /// The table of `docs/protocol.md` §2, as the policy was written
        /// before [`readable_responses`] held the read rule.
        #[test]
        fn document_access_is_the_documented_table(
            drawn in proptest::collection::vec(drawn(), 0..4),
            audit in 0..IDS, doc in proptest::option::of(0..IDS),
        ) {
            let ids = ids();
            let ms: Vec<Membership> = drawn.iter().map(|d| membership(&ids, d)).collect();
            let audit_id = &ids.audits[audit];
            let response = doc.map(|r| &ids.responses[r]);
            let table = ms
                .iter()
                .filter(|m| &m.audit_id == audit_id)
                .map(|m| match (m.role, response) {
                    (Role::Facilitator, None) => Access::ReadWrite,
                    (Role::Participant, None) => Access::Read,
                    (Role::Facilitator, Some(_)) => Access::Read,
                    (Role::Participant, Some(doc_id))
                        if m.response_doc.as_ref() == Some(doc_id) => Access::ReadWrite,
                    (Role::Participant, Some(_)) => Access::Denied,
                    (Role::Reader, _) => Access::Read,
                })
                .max()
                .unwrap_or(Access::Denied);
            let doc = match response {
                None => DocumentRef::Audit { audit_id },
                Some(doc_id) => DocumentRef::Response { audit_id, doc_id },
            };
            prop_assert_eq!(document_access(&ms, doc), table);
        }

        /// The rule the server applied before asking here: a participant
        /// whose recorded response document it is.
        #[test]
        fn a_new_response_belongs_to_the_participant_recorded_for_it(
            drawn in proptest::collection::vec(drawn(), 0..4), doc in 0..IDS,
        ) {
            let ids = ids();
            let ms: Vec<Membership> = drawn.iter().map(|d| membership(&ids, d)).collect();
            let doc_id = &ids.responses[doc];
            let expected = ms
                .iter()
                .find(|m| m.role == Role::Participant && m.response_doc.as_ref() == Some(doc_id));
            prop_assert_eq!(own_new_response(&ms, doc_id), expected);
        }

        /// The rule the server applied before asking here to decide who
        /// wrote a blob reference.
        #[test]
        fn the_writer_of_a_document_is_its_participant_or_a_facilitator_of_the_audit(
            d in drawn(), doc in proptest::option::of(0..IDS),
        ) {
            let ids = ids();
            let m = membership(&ids, &d);
            let audit_id = &m.audit_id;
            let (doc, writer) = match doc {
                None => (DocumentRef::Audit { audit_id }, m.role == Role::Facilitator),
                Some(r) => {
                    let doc_id = &ids.responses[r];
                    (
                        DocumentRef::Response { audit_id, doc_id },
                        m.response_doc.as_ref() == Some(doc_id),
                    )
                }
            };
            prop_assert_eq!(may_write(&m, doc), writer);
        }

        /// The rules a device applied before asking here: a facilitator
        /// edits any audit it holds and reads every response; a participant
        /// writes and reads only its own response.
        #[test]
        fn a_device_asks_what_its_session_could_do_on_the_server(
            d in drawn(), doc in 0..IDS,
        ) {
            let ids = ids();
            let m = membership(&ids, &d);
            let facilitates = m.role == Role::Facilitator;
            let doc_id = &ids.responses[doc];
            let own = m.response_doc.as_ref() == Some(doc_id);
            prop_assert_eq!(
                device_access(&m, HeldDocument::Audit).can_write(),
                facilitates
            );
            let expected = match (facilitates, own) {
                (true, _) => Access::Read,
                (false, true) => Access::ReadWrite,
                (false, false) => Access::Denied,
            };
            // A reader reads every response and writes none.
            let expected = if m.role == Role::Reader { Access::Read } else { expected };
            prop_assert_eq!(device_access(&m, HeldDocument::Response(doc_id)), expected);
            prop_assert_eq!(
                device_may_read_blob(&m, &[HeldDocument::Response(doc_id)]),
                facilitates || own
            );
            prop_assert_eq!(device_may_read_blob(&m, &[HeldDocument::Audit]), facilitates);
        }
    }
}

#[test]
fn every_member_of_an_audit_reads_its_base_map_and_nobody_else() {
    let w = world();
    let reader = vec![Membership {
        audit_id: w.audit.clone(),
        role: Role::Reader,
        response_doc: None,
    }];
    for (who, memberships) in [
        ("participant", participant(&w)),
        ("facilitator", facilitator(&w)),
        ("reader", reader.clone()),
    ] {
        assert!(may_read_base_map(&memberships, &w.audit), "{who}");
        assert!(
            !may_read_base_map(&memberships, &w.other_audit),
            "{who}, other audit"
        );
    }
    assert!(!may_read_base_map(&[], &w.audit), "no membership");
    assert!(device_may_read_base_map(&participant(&w)[0], &w.audit));
    // Only facilitators upload blobs larger than a photo (packages).
    assert!(may_upload_base_maps(&facilitator(&w)));
    assert!(!may_upload_base_maps(&participant(&w)));
    assert!(!may_upload_base_maps(&reader));
}
