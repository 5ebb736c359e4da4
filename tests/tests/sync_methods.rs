//! Desk research and focus group records through the real sync server: two
//! facilitators (the audit's creator and a co-facilitator who joined with a
//! facilitator invite) edit the same focus group while offline; after both
//! sync, both hold every edit, on both devices the same. Likewise two
//! facilitators assessing one EUROCITIES benchmark, in Arabic and Bulgarian.

use anyhow::Result;
use reqwest::blocking::Client;
use serde_json::json;

use cityaudit_core::model::methods::MethodRecord;
use cityaudit_core::model::{NewAudit, TemplateChoice};
use cityaudit_core::sync::protocol::CreateAuditResponse;
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

#[test]
fn two_facilitators_assess_one_benchmark_offline_and_both_end_with_everything() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let benchmark = NewAudit::undated(
        "Neighbourhoods 2026",
        "Plovdiv",
        TemplateChoice {
            checklist: false,
            photovoice: false,
            benchmark: true,
        },
    );
    let audit = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&lead)
        .json(&benchmark)
        .send()?
        .error_for_status()?
        .json::<CreateAuditResponse>()?
        .audit_id;
    let mut a = Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("a.sqlite"))?;
    a.sync()?;
    let mut b = Phone::co_facilitator(
        &server.data,
        &server.url,
        &audit,
        &dir.path().join("b.sqlite"),
    )?;

    a.profile
        .set_benchmark_field(&audit, "factors.kf2.notes", &json!("Стратегия от 2021."))?;
    a.sync()?;
    b.sync()?;
    assert_eq!(b.profile.benchmark(&audit)?.records.factors.len(), 11);

    // Offline: different fields, and the same notes edited at both ends.
    a.profile
        .set_benchmark_field(&audit, "factors.kf2.assessment", &json!("partly_met"))?;
    a.profile.set_benchmark_field(
        &audit,
        "factors.kf2.notes",
        &json!("Стратегия от 2021. Няма бюджет."),
    )?;
    b.profile.set_benchmark_field(
        &audit,
        "factors.kf2.notes",
        &json!("Общината: Стратегия от 2021."),
    )?;
    b.profile.set_benchmark_field(
        &audit,
        "context.migrant_population.notes",
        &json!("وصل كثيرون منذ 2022"),
    )?;
    let refused = b
        .profile
        .set_benchmark_field(&audit, "factors.kf2.assessment", &json!("excellent"))
        .expect_err("not a level of the scale");
    assert!(refused.to_string().contains("excellent"), "{refused}");

    a.sync()?;
    b.sync()?;
    a.sync()?;
    let on_a = a.profile.benchmark(&audit)?.records;
    let on_b = b.profile.benchmark(&audit)?.records;
    assert_eq!(on_a, on_b, "both devices hold the same self-assessment");
    let kf2 = &on_a.factors[1];
    assert_eq!(kf2.assessment, "partly_met");
    assert_eq!(kf2.notes, "Общината: Стратегия от 2021. Няма бюджет.");
    let context = on_a
        .context
        .iter()
        .find(|c| c.id == "migrant_population")
        .map(|c| c.notes.as_str());
    assert_eq!(context, Some("وصل كثيرون منذ 2022"));
    assert_eq!(on_a.assessed, 1);
    Ok(())
}
