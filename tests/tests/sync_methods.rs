//! Desk research and focus group records through the real sync server: two
//! facilitators (the audit's creator and a co-facilitator who joined with a
//! facilitator invite) edit the same focus group while offline; after both
//! sync, both hold every edit, on both devices the same.

use anyhow::Result;
use reqwest::blocking::Client;
use serde_json::json;

use cityaudit_core::model::methods::MethodRecord;
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::{create_audit, create_facilitator, Server};

#[test]
fn two_facilitators_edit_one_focus_group_offline_and_both_end_with_everything() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Focus groups")?;
    let mut a = Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("a.sqlite"))?;
    a.sync()?;

    let mut b = Phone::co_facilitator(
        &server.data,
        &server.url,
        &audit,
        &dir.path().join("b.sqlite"),
    )?;

    let fg = MethodRecord::FocusGroup;
    let id = a.profile.add_method_record(&audit, fg)?;
    a.profile.set_method_field(
        &audit,
        fg,
        &id,
        "themes.vision.notes",
        &json!("Opening round."),
    )?;
    a.sync()?;
    b.sync()?;
    assert_eq!(b.profile.methods(&audit)?.records.focus_groups.len(), 1);

    // Both edit offline: different fields, and the same notes from both ends.
    let edits_a = [
        ("moderator", json!("Mira")),
        ("participants.ngos", json!(3)),
        (
            "themes.vision.notes",
            json!("Opening round. Data is scarce."),
        ),
    ];
    let edits_b = [
        ("rapporteur", json!("Ivo")),
        ("participants.local_police", json!(2)),
        ("themes.vision.notes", json!("Welcome. Opening round.")),
        ("themes.environment.lacking.statistical_data", json!(true)),
    ];
    for (field, value) in &edits_a {
        a.profile.set_method_field(&audit, fg, &id, field, value)?;
    }
    for (field, value) in &edits_b {
        b.profile.set_method_field(&audit, fg, &id, field, value)?;
    }
    // A refused value on one device changes nothing there.
    let refused = b
        .profile
        .set_method_field(&audit, fg, &id, "participants.ngos", &json!(-1))
        .expect_err("a negative count is refused");
    assert!(refused.to_string().contains("0 to 1000"), "{refused}");

    a.sync()?;
    b.sync()?;
    a.sync()?;
    let on_a = a.profile.methods(&audit)?.records;
    let on_b = b.profile.methods(&audit)?.records;
    assert_eq!(on_a, on_b, "both devices hold the same records");
    let group = &on_a.focus_groups[0];
    assert_eq!(
        (group.moderator.as_str(), group.rapporteur.as_str()),
        ("Mira", "Ivo")
    );
    assert_eq!(group.participants.get("ngos"), Some(&3));
    assert_eq!(group.participants.get("local_police"), Some(&2));
    assert_eq!(
        group.themes["vision"].notes,
        "Welcome. Opening round. Data is scarce."
    );
    assert_eq!(group.themes["environment"].lacking, ["statistical_data"]);
    Ok(())
}
