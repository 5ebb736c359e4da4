//! The facilitator's commands on a real SQLite profile with no server (a
//! call to it fails as offline): the rules they apply are core's, checked
//! before the server is asked, and each error keeps its own code.

use std::sync::Arc;

use super::*;
use crate::model::{NewAudit, TemplateChoice};
use crate::profile::ProfileOptions;
use crate::store::BlobPlace;
use crate::sync::http::NoTransport;

fn options() -> ProfileOptions {
    ProfileOptions {
        transport: Arc::new(NoTransport),
        blobs: BlobPlace::Database,
    }
}

/// A facilitator's profile on an audit held locally (`held`) or not yet arrived.
fn facilitator(dir: &Path, held: bool) -> Profile {
    let mut profile = Profile::open_with(&dir.join("f.sqlite"), options()).expect("open");
    let audit_id = if held {
        profile
            .create_audit(&NewAudit::undated(
                "Walk",
                "Sofia",
                TemplateChoice::from_name("both").expect("templates"),
            ))
            .expect("audit")
    } else {
        DocumentId::random()
    };
    profile
        .set_session(&Session {
            server: "http://127.0.0.1:9".into(),
            token: "t".into(),
            role: Role::Facilitator,
            audit_id,
            participant_id: "f".into(),
            response_doc: None,
            read_only_audits: Vec::new(),
        })
        .expect("session");
    profile
}

fn form(templates: &str, starts_on: &str, ends_on: &str) -> CreateAuditCommand {
    CreateAuditCommand {
        title: "Harbour walk".into(),
        city: "Varna".into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        meeting_point: String::new(),
        templates: templates.into(),
        planned_stops: Vec::new(),
        photovoice_window: None,
        template: None,
    }
}

#[test]
fn an_audit_ending_before_it_starts_is_refused_before_the_server_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = facilitator(dir.path(), true);
    let error = create_audit(&mut profile, form("checklist", "2026-06-02", "2026-06-01"))
        .expect_err("backwards");
    assert_eq!(error.code, "ends_before_start", "{error:?}");
    // Dates are compared as dates, not as strings.
    let error = create_audit(&mut profile, form("checklist", "2026-06-01", "2026-6-2"))
        .expect_err("not a date");
    assert_eq!(error.code, "invalid_date", "{error:?}");
}

#[test]
fn a_photovoice_without_its_window_is_refused_with_its_own_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = facilitator(dir.path(), true);
    let error = create_audit(&mut profile, form("both", "2026-06-01", "2026-06-01"))
        .expect_err("no window");
    assert_eq!(error.code, "photovoice_window_missing");
    assert_eq!(
        error.message,
        "Set when photos may be taken for the photovoice"
    );
    let error = create_audit(&mut profile, form("everything", "", "")).expect_err("templates");
    assert_eq!(error.code, "invalid_value");
}

#[test]
fn an_audit_the_server_cannot_create_is_reported_as_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = facilitator(dir.path(), true);
    let before = profile
        .session()
        .expect("session")
        .expect("joined")
        .audit_id;
    let error = create_audit(&mut profile, form("checklist", "2026-06-01", "2026-06-01"))
        .expect_err("offline");
    assert_eq!(error.code, "offline", "{error:?}");
    let after = profile
        .session()
        .expect("session")
        .expect("joined")
        .audit_id;
    assert_eq!(before, after, "the session keeps its audit");
}

#[test]
fn a_120_day_invite_is_refused_before_the_server_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = facilitator(dir.path(), true);
    let link = ServerLink::of(&profile).expect("facilitator");
    let day = 86_400_000;
    let refused = |expires_at: i64, max_uses: u32| {
        create_invite(
            &link,
            CreateInviteCommand {
                role: "participant".into(),
                expires_at,
                max_uses,
            },
        )
        .expect_err("refused")
    };
    let error = refused(now_ms() + 120 * day, 5);
    assert_eq!(error.code, "invite_days_invalid");
    assert_eq!(error.message, "Type a whole number of days from 1 to 90.");
    assert_eq!(error.details["max"], 90);
    assert_eq!(refused(now_ms() - 1, 5).code, "invite_days_invalid");
    assert_eq!(refused(now_ms() + day, 0).code, "invite_uses_invalid");
    // Within the limits the server is asked (here: none answers).
    assert_eq!(refused(now_ms() + day, 5).code, "offline");
}

#[test]
fn the_agreed_score_is_checked_by_score_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = facilitator(dir.path(), true);
    for score in [0, 6, 300, -1] {
        let error = set_consensus(
            &mut profile,
            ConsensusCommand {
                item: "vision.1".into(),
                score: Some(score),
                note: String::new(),
            },
        )
        .expect_err("out of range");
        assert_eq!(error.code, "agreed_score_out_of_range", "{score}");
        assert_eq!(
            error.message,
            format!("The agreed score must be 1 to 5, not {score}")
        );
        assert_eq!(error.details["score"], score);
    }
    let agreed = set_consensus(
        &mut profile,
        ConsensusCommand {
            item: "vision.1".into(),
            score: Some(4),
            note: "agreed".into(),
        },
    )
    .expect("agreed");
    assert_eq!(agreed.score, Some(4));
}

#[test]
fn an_earlier_audit_that_is_not_an_id_is_named_not_called_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut profile = facilitator(dir.path(), true);
    let error = set_compare_with(&mut profile, Some("last year")).expect_err("not an id");
    assert_eq!(error.code, "not_an_audit_id");
    assert_eq!(error.message, "\"last year\" is not an audit id");
    let error = results(
        &profile,
        ResultsCommand {
            compare_with: Some("last year".into()),
        },
    )
    .expect_err("not an id");
    assert_eq!(error.code, "not_an_audit_id");
}

#[test]
fn only_a_missing_audit_is_audit_not_arrived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = facilitator(dir.path(), false);
    let error = facilitator_records(&profile).expect_err("missing");
    assert_eq!(error.code, "audit_not_arrived");
    // An audit held here: other failures keep their own code.
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = facilitator(dir.path(), true);
    assert!(facilitator_records(&profile).is_ok());
    let error = export(&profile, "pdf", None, dir.path()).expect_err("format");
    assert_eq!(error.code, "unknown_export_format");
}

#[test]
fn the_report_is_written_in_the_language_the_facilitator_chose() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = facilitator(dir.path(), true);
    let out = dir.path().join("exports");
    let saved = export(&profile, "html", Some("cs"), &out).expect("export in Czech");
    let html = std::fs::read_to_string(&saved.path).expect("the report");
    assert!(html.contains("<html lang=\"cs\" dir=\"ltr\">"));
    assert!(html.contains(">Shrnutí</h2>"));
    let saved = export(&profile, "md", Some("ar"), &out).expect("export in Arabic");
    let md = std::fs::read_to_string(&saved.path).expect("the report");
    assert!(md.contains("## الملخص التنفيذي"));
    // Without a choice: the UI's language when the report has it, else English.
    profile.set_language(Some("fr")).expect("a UI language");
    let saved = export(&profile, "html", None, &out).expect("export");
    let html = std::fs::read_to_string(&saved.path).expect("the report");
    assert!(html.contains("<html lang=\"en\""));
}

#[test]
fn a_report_language_core_does_not_have_is_refused_by_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = facilitator(dir.path(), true);
    let out = dir.path().join("exports");
    let error = export(&profile, "html", Some("fr"), &out).expect_err("no French report");
    assert_eq!(error.code, "unknown_report_language");
    assert!(error.message.contains("\"fr\""), "{}", error.message);
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_template_is_adapted_when_its_id_version_or_any_text_differs() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = facilitator(dir.path(), false);
    let builtin = crate::commands::templates::builtin_template(&profile).expect("built-in");
    assert!(!builtin.adapted, "the built-in set as shipped");
    assert!(builtin.diff.is_empty());

    let mut renamed = builtin.template.clone();
    renamed.checklist.id = "sofia-checklist".into();
    let renamed = crate::commands::templates::preview(&profile, renamed).expect("renamed");
    assert!(renamed.adapted, "another id is the city's own template");
    assert!(renamed.diff.is_empty(), "same texts");

    let mut reworded = builtin.template.clone();
    reworded.checklist.sections[0].items[0].text.en = "Reworded by the city.".into();
    let reworded = crate::commands::templates::preview(&profile, reworded).expect("reworded");
    assert!(reworded.adapted, "same id and version, other words");
    assert!(!reworded.diff.is_empty());
}
