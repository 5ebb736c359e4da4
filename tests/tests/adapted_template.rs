//! A city's adapted template through the real sync server: the facilitator
//! exports the built-in template as a workbook, a translator edits it (a
//! statement reworded, one added with a Persian translation, one removed),
//! the facilitator prepares an audit with it, and a participant's phone
//! receives exactly those statements and answers the new one; once someone
//! has joined, the template can no longer change.

use anyhow::Result;

use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{now_ms, AnswerInput, ModelError, PhotovoiceWindow, Role};
use cityaudit_core::profile::{Profile, ProfileError, Session};
use cityaudit_core::sync::prepare::{prepare_audit, AuditPlan};
use cityaudit_core::templates::workbook::{read_workbook, write_workbook};
use cityaudit_core::templates::{ChangeKind, TemplateDiff, TemplateSet, Templates};
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::{create_facilitator, new_audit, participant_invite, Server};

/// The built-in set as a translator returns it: vision.1 reworded, a new
/// city-wide statement with Persian, the last attitudes statement removed.
fn adapted() -> Result<TemplateSet> {
    let builtin = TemplateSet::builtin(&Templates::builtin()?);
    let exported = write_workbook(&builtin)?;
    let mut set = read_workbook(&exported, &builtin)?;
    set.checklist.version = 2;
    let sections = &mut set.checklist.sections;
    sections[0].items[0].text.en = "The city has a written diversity strategy.".into();
    let mut added = sections[0].items[0].clone();
    added.id = String::new();
    added.text.en = "Street signs show pictograms as well as words.".into();
    added.text.tr.clear();
    added
        .text
        .tr
        .insert("fa".into(), "تابلوها تصویرنگاشت دارند.".into());
    sections[0].items.push(added);
    sections[3].items.pop();
    // Through the file again, as the facilitator imports it.
    Ok(read_workbook(&write_workbook(&set)?, &builtin)?)
}

#[test]
fn an_audit_prepared_with_an_adapted_template_reaches_participants() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let token = create_facilitator(&server.data, "Lead")?;
    let template = adapted()?;
    let builtin = TemplateSet::builtin(&Templates::builtin()?);
    let diff = TemplateDiff::between(&builtin, &template);
    let changes: Vec<(ChangeKind, &str)> = diff
        .changes
        .iter()
        .map(|c| (c.change, c.id.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (ChangeKind::Reworded, "vision.1"),
            (ChangeKind::Added, "vision.9"),
            (ChangeKind::Removed, "attitudes.5"),
        ]
    );
    assert_eq!(diff.languages_added, ["fa"]);

    let mut lead = Profile::open(&dir.path().join("lead.sqlite"))?;
    let session = Session {
        server: server.url.clone(),
        token: token.clone(),
        role: Role::Facilitator,
        audit_id: DocumentId::random(),
        participant_id: String::new(),
        response_doc: None,
        read_only_audits: Vec::new(),
    };
    let plan = AuditPlan {
        audit: new_audit("Sofia walk 2026"),
        stops: Vec::new(),
        photovoice_window: Some(PhotovoiceWindow {
            starts_at: now_ms(),
            ends_at: now_ms() + 86_400_000,
        }),
        template: Some(template.clone()),
    };
    let audit = prepare_audit(&mut lead, &session, &plan)?;
    assert_eq!(
        lead.audit(&audit)?.template_set(lead.templates()),
        template,
        "the facilitator's device keeps the adapted snapshot"
    );

    let code = participant_invite(&server.data, &audit, 5)?;
    let mut phone = Phone::join(&server.url, &code, "Amal", &dir.path().join("amal.sqlite"))?;
    let received = phone
        .profile
        .audit(&audit)?
        .template_set(phone.profile.templates());
    assert_eq!(
        received.checklist, template.checklist,
        "the phone has the city's checklist"
    );
    let vision = &received.checklist.sections[0];
    let new_statement = vision.items.last().expect("statement");
    assert_eq!(new_statement.id, "vision.9");
    assert_eq!(new_statement.text.get("fa"), "تابلوها تصویرنگاشت دارند.");
    assert_eq!(received.checklist.sections[3].items.len(), 4);

    // The participant answers the statement the city added; the removed one is unknown.
    let response = phone.session.response_doc.clone().expect("response");
    phone
        .profile
        .answer(&response, "vision.9", &AnswerInput::score(4)?)?;
    let removed = phone
        .profile
        .answer(&response, "attitudes.5", &AnswerInput::score(2)?);
    assert!(
        matches!(removed, Err(ProfileError::Invalid(ref e)) if matches!(**e, ModelError::UnknownItem(_))),
        "{removed:?}"
    );
    phone.client.sync_once(&mut phone.profile)?;

    // Someone has joined: the template stays as it is.
    cityaudit_core::sync::client::SyncClient::for_profile(&lead)?.sync_once(&mut lead)?;
    let refused = lead.replace_template(&audit, &builtin);
    assert!(
        matches!(refused, Err(ProfileError::Invalid(ref e)) if matches!(**e, ModelError::TemplateInUse)),
        "{refused:?}"
    );
    Ok(())
}
