//! The EUROCITIES benchmark self-assessment: an audit of its own kind,
//! edited one field at a time, merged, refused when wrong, and reported in
//! the benchmark's structure.

use serde_json::{json, Value};

use crate::export::ExportInput;
use crate::ids::DocumentId;
use crate::model::{AuditDocument, ModelError, NewAudit, TemplateChoice};
use crate::templates::Templates;

fn choice(checklist: bool, photovoice: bool, benchmark: bool) -> TemplateChoice {
    TemplateChoice {
        checklist,
        photovoice,
        benchmark,
    }
}

fn create(templates: TemplateChoice) -> Result<AuditDocument, ModelError> {
    let new = NewAudit::undated("Neighbourhoods 2026", "Brno", templates);
    AuditDocument::create(&DocumentId::random(), &new, &Templates::builtin().unwrap())
}

fn benchmark_audit() -> AuditDocument {
    create(choice(false, false, true)).expect("benchmark audit")
}

fn set(audit: &mut AuditDocument, field: &str, value: Value) -> Result<(), ModelError> {
    audit.set_benchmark_field(field, &value)
}

#[test]
fn a_benchmark_audit_has_the_eleven_key_factors_and_no_walk() {
    let audit = benchmark_audit();
    let data = audit.read().unwrap();
    assert!(data.checklist().is_none() && data.photovoice().is_none());
    let template = data.benchmark().expect("benchmark snapshot");
    assert_eq!(template.key_factors.len(), 11);
    let records = data.benchmark_records().expect("records");
    assert_eq!(records.factors.len(), 11);
    assert_eq!(records.context.len(), template.context_factors.len());
    assert_eq!(records.assessed, 0);
    assert!(records.by_level.iter().all(|c| c.count == 0));
    assert_eq!(records.by_level.len(), template.rating.len());
}

#[test]
fn a_benchmark_cannot_be_mixed_with_a_walk_and_an_audit_needs_a_method() {
    for mixed in [choice(true, false, true), choice(false, true, true)] {
        let error = create(mixed).expect_err("refused");
        assert!(error.to_string().contains("benchmark"), "{error}");
    }
    let error = create(choice(false, false, false)).expect_err("refused");
    assert!(error.to_string().contains("choose"), "{error}");
}

#[test]
fn a_city_walk_audit_has_no_benchmark_to_edit() {
    let mut walk = create(choice(true, true, false)).unwrap();
    assert!(walk.read().unwrap().benchmark_records().is_none());
    let error = set(&mut walk, "summary", json!("x")).unwrap_err();
    assert!(matches!(error, ModelError::NotInAudit(_)), "{error}");
}

#[test]
fn assessments_texts_and_context_notes_are_saved_and_counted() {
    let mut audit = benchmark_audit();
    set(&mut audit, "factors.kf1.assessment", json!("partly_met")).unwrap();
    set(&mut audit, "factors.kf2.assessment", json!("fully_met")).unwrap();
    set(&mut audit, "factors.kf3.assessment", json!("partly_met")).unwrap();
    set(&mut audit, "factors.kf3.assessment", json!("")).unwrap();
    set(
        &mut audit,
        "factors.kf1.evidence",
        json!("District councils map"),
    )
    .unwrap();
    set(&mut audit, "factors.kf1.examples", json!("Židenice forum")).unwrap();
    set(&mut audit, "factors.kf1.notes", json!("Ask residents")).unwrap();
    set(
        &mut audit,
        "context.data_availability.notes",
        json!("No data"),
    )
    .unwrap();
    set(&mut audit, "summary", json!("Halfway there.")).unwrap();

    let records = audit.read().unwrap().benchmark_records().unwrap();
    let kf1 = &records.factors[0];
    assert_eq!(kf1.id, "kf1");
    assert_eq!(
        (kf1.assessment.as_str(), kf1.evidence.as_str()),
        ("partly_met", "District councils map")
    );
    assert_eq!(
        (kf1.examples.as_str(), kf1.notes.as_str()),
        ("Židenice forum", "Ask residents")
    );
    assert_eq!(records.factors[2].assessment, "", "cleared");
    assert_eq!(records.assessed, 2);
    let count = |level: &str| {
        records
            .by_level
            .iter()
            .find(|c| c.level == level)
            .map(|c| c.count)
    };
    assert_eq!(count("partly_met"), Some(1));
    assert_eq!(count("fully_met"), Some(1));
    assert_eq!(count("not_met"), Some(0));
    let data_notes = records
        .context
        .iter()
        .find(|c| c.id == "data_availability")
        .unwrap();
    assert_eq!(data_notes.notes, "No data");
    assert_eq!(records.summary, "Halfway there.");
}

#[test]
fn wrong_values_get_a_clear_error_and_keep_what_was_saved() {
    let mut audit = benchmark_audit();
    set(&mut audit, "factors.kf4.assessment", json!("largely_met")).unwrap();
    let heads = audit.automerge().get_heads();
    let refused = [
        (
            "factors.kf4.assessment",
            json!("excellent"),
            "is not one of",
        ),
        ("factors.kf12.assessment", json!("fully_met"), "kf12"),
        ("factors.kf4.rating", json!("x"), "kf4.rating"),
        ("context.weather.notes", json!("x"), "weather"),
        ("factors.kf4.notes", json!(3), "expected a text"),
        ("summary", json!("a\u{202e}b"), "U+202E"),
    ];
    for (field, value, says) in refused {
        let error = set(&mut audit, field, value).unwrap_err();
        assert!(error.to_string().contains(says), "{field}: {error}");
    }
    assert_eq!(audit.automerge().get_heads(), heads, "nothing was written");
    let records = audit.read().unwrap().benchmark_records().unwrap();
    assert_eq!(records.factors[3].assessment, "largely_met");
}

#[test]
fn two_facilitators_assessing_at_once_keep_both_texts() {
    let mut audit = benchmark_audit();
    set(&mut audit, "factors.kf5.notes", json!("Budget line")).unwrap();
    let mut other = AuditDocument::from_automerge(audit.automerge().fork());
    set(
        &mut audit,
        "factors.kf5.notes",
        json!("Budget line for 2027"),
    )
    .unwrap();
    set(&mut audit, "factors.kf5.assessment", json!("not_met")).unwrap();
    set(&mut other, "factors.kf5.notes", json!("A budget line")).unwrap();
    set(&mut other, "factors.kf6.evidence", json!("Minutes")).unwrap();
    audit.automerge().merge(other.automerge()).unwrap();
    let records = audit.read().unwrap().benchmark_records().unwrap();
    assert_eq!(records.factors[4].notes, "A budget line for 2027");
    assert_eq!(records.factors[4].assessment, "not_met");
    assert_eq!(records.factors[5].evidence, "Minutes");
}

#[test]
fn the_self_assessment_report_has_the_benchmark_structure_and_all_eleven_factors() {
    let mut audit = benchmark_audit();
    set(&mut audit, "factors.kf7.assessment", json!("largely_met")).unwrap();
    set(
        &mut audit,
        "factors.kf7.evidence",
        json!("Translated leaflets"),
    )
    .unwrap();
    set(
        &mut audit,
        "context.city_resources.notes",
        json!("Budget cut"),
    )
    .unwrap();
    set(&mut audit, "summary", json!("Close on most factors.")).unwrap();
    let data = audit.read().unwrap();
    let template = data.benchmark().unwrap().clone();
    let blobs = |_: &str| None;
    let input = ExportInput {
        audit_id: "audit",
        audit: &data,
        responses: &[],
        earlier: None,
        blobs: &blobs,
        lang: "en",
    };
    let md = crate::report::markdown(&input);
    let html = crate::report::html(&input);
    for factor in &template.key_factors {
        let title = format!("### {}. {}", factor.number, factor.title.en);
        assert!(md.contains(&title), "{title}");
        for question in &factor.guide_questions {
            assert!(
                md.contains(&format!("- {}", question.en)),
                "{}",
                question.en
            );
        }
    }
    for factor in &template.context_factors {
        assert!(md.contains(&factor.title.en), "{}", factor.title.en);
    }
    assert!(md.contains(&template.standard.en));
    assert!(md.contains("1 of 11 key factors assessed."));
    assert!(md.contains("| 7 | "));
    assert!(md.contains("Assessment: Largely met"));
    assert!(md.contains("Translated leaflets"));
    assert!(md.contains("Budget cut"));
    assert!(md.contains("Close on most factors."));
    assert!(md.contains("cityaudit's scale"));
    assert!(
        !md.contains("City Tours and Checklists"),
        "not the walk report"
    );
    // kf1's standard keeps its sub-bullets as a list.
    assert!(md.contains("- takes into account demographic and social processes"));
    assert!(html.contains("<h3 id=\"7-"));
    assert!(html.contains("<li>takes into account demographic and social processes"));
}

#[test]
fn a_benchmark_is_joined_by_facilitators_only() {
    use crate::model::RosterEntry;
    let mut audit = benchmark_audit();
    let entry = |role: &str| RosterEntry {
        display_name: "Mira".into(),
        group: "local_government".into(),
        gender: None,
        role: role.into(),
        response_doc: None,
        joined_at: 1,
    };
    let error = audit
        .add_to_roster("p1", &entry("participant"))
        .expect_err("no participants");
    assert!(error.to_string().contains("benchmark"), "{error}");
    audit.add_to_roster("f1", &entry("facilitator")).unwrap();
    assert_eq!(audit.read().unwrap().roster().count(), 1);
    // A city walk audit still takes participants.
    let mut walk = create(choice(true, false, false)).unwrap();
    walk.add_to_roster("p1", &entry("participant")).unwrap();
}
