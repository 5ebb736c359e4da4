//! Desk research and focus group records: edits, refusals, merges, balance.

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};
use serde_json::{json, Value};

use super::balance::TCN_GROUP;
use super::{Balance, FocusOverview, GroupSize, MethodRecord};
use crate::ids::DocumentId;
use crate::model::{AuditDocument, ModelError, NewAudit, TemplateChoice};
use crate::templates::Templates;

fn setup() -> (AuditDocument, Templates) {
    let templates = Templates::builtin().expect("templates");
    let new = NewAudit {
        title: "Plovdiv 2026".into(),
        city: "Plovdiv".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-02".into(),
        meeting_point: "".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    let audit = AuditDocument::create(&DocumentId::random(), &new, &templates).expect("audit");
    (audit, templates)
}

fn set(
    audit: &mut AuditDocument,
    t: &Templates,
    record: MethodRecord,
    id: &str,
    field: &str,
    value: Value,
) -> Result<(), ModelError> {
    audit.set_method_field(record, id, field, &value, &t.methods)
}

#[test]
fn a_policy_document_is_recorded_field_by_field_and_read_back() {
    let (mut audit, t) = setup();
    let id = audit
        .add_method_record(MethodRecord::Document, &t.methods)
        .unwrap();
    let doc = MethodRecord::Document;
    set(
        &mut audit,
        &t,
        doc,
        &id,
        "title",
        json!("  Integration Strategy 2021-2027 "),
    )
    .unwrap();
    set(&mut audit, &t, doc, &id, "doc_type", json!("strategy")).unwrap();
    set(&mut audit, &t, doc, &id, "period_from", json!("2021")).unwrap();
    set(&mut audit, &t, doc, &id, "period_to", json!("2027-12")).unwrap();
    set(&mut audit, &t, doc, &id, "tcn_specific", json!("yes")).unwrap();
    set(&mut audit, &t, doc, &id, "sectors.education", json!(true)).unwrap();
    set(&mut audit, &t, doc, &id, "sectors.housing", json!(true)).unwrap();
    set(&mut audit, &t, doc, &id, "sectors.housing", json!(false)).unwrap();
    set(&mut audit, &t, doc, &id, "review_method", json!("document")).unwrap();
    set(
        &mut audit,
        &t,
        doc,
        &id,
        "assessment.funded.answer",
        json!("partly"),
    )
    .unwrap();
    set(
        &mut audit,
        &t,
        doc,
        &id,
        "assessment.funded.evidence",
        json!("Budget for 2 of 7 years"),
    )
    .unwrap();

    let records = audit.read().unwrap().method_records();
    assert_eq!(records.documents.len(), 1);
    let d = &records.documents[0];
    assert_eq!(d.title, "Integration Strategy 2021-2027");
    assert_eq!(
        (
            d.doc_type.as_str(),
            d.period_from.as_str(),
            d.period_to.as_str()
        ),
        ("strategy", "2021", "2027-12")
    );
    assert_eq!(d.sectors, ["education"]);
    assert_eq!(d.tcn_specific, "yes");
    assert_eq!(d.assessment["funded"].answer, "partly");
    assert_eq!(d.assessment["funded"].evidence, "Budget for 2 of 7 years");
    assert_eq!(
        d.assessment["gender"].answer, "",
        "unanswered questions stay empty"
    );
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused_and_the_saved_one_kept() {
    let (mut audit, t) = setup();
    let doc = MethodRecord::Document;
    let id = audit.add_method_record(doc, &t.methods).unwrap();
    set(&mut audit, &t, doc, &id, "period_from", json!("2022-03")).unwrap();
    set(&mut audit, &t, doc, &id, "period_to", json!("2024")).unwrap();

    let error = set(&mut audit, &t, doc, &id, "period_to", json!("2022-02-28")).unwrap_err();
    assert!(
        matches!(error, ModelError::EndsBeforeStart { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("2022-02-28"), "{error}");
    let error = set(&mut audit, &t, doc, &id, "period_from", json!("2025")).unwrap_err();
    assert!(
        matches!(error, ModelError::EndsBeforeStart { .. }),
        "{error}"
    );
    // Within the same month is fine: a period of one month.
    set(&mut audit, &t, doc, &id, "period_to", json!("2022-03-31")).unwrap();
    let error = set(&mut audit, &t, doc, &id, "period_from", json!("2022-13")).unwrap_err();
    assert!(
        error.to_string().contains("not a year, month or date"),
        "{error}"
    );

    let d = &audit.read().unwrap().method_records().documents[0];
    assert_eq!(
        (d.period_from.as_str(), d.period_to.as_str()),
        ("2022-03", "2022-03-31")
    );
}

#[test]
fn bad_values_get_a_clear_error_and_change_nothing() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    let id = audit.add_method_record(fg, &t.methods).unwrap();
    set(&mut audit, &t, fg, &id, "participants.ngos", json!(3)).unwrap();
    let heads = audit.automerge().get_heads();

    let negative = set(&mut audit, &t, fg, &id, "participants.ngos", json!(-2)).unwrap_err();
    assert_eq!(
        negative.to_string(),
        "participants.ngos: -2 is not allowed: give a whole number from 0 to 1000"
    );
    let fraction = set(&mut audit, &t, fg, &id, "genders.women", json!(2.5)).unwrap_err();
    assert!(fraction.to_string().contains("whole number"), "{fraction}");
    let group = set(&mut audit, &t, fg, &id, "participants.aliens", json!(1)).unwrap_err();
    assert!(matches!(group, ModelError::UnknownField { .. }), "{group}");
    let choice = set(&mut audit, &t, fg, &id, "audio_consent", json!("maybe")).unwrap_err();
    assert!(
        choice.to_string().contains("is not one of: yes, no"),
        "{choice}"
    );
    let date = set(&mut audit, &t, fg, &id, "date", json!("2026-02-30")).unwrap_err();
    assert!(matches!(date, ModelError::InvalidDate { .. }), "{date}");
    let long = set(
        &mut audit,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("x".repeat(4001)),
    )
    .unwrap_err();
    assert!(long.to_string().contains("at most 4000"), "{long}");
    let missing = set(&mut audit, &t, fg, "nope", "city", json!("Sofia")).unwrap_err();
    assert!(
        matches!(missing, ModelError::UnknownRecord { .. }),
        "{missing}"
    );

    assert_eq!(audit.automerge().get_heads(), heads, "nothing was written");
    let g = &audit.read().unwrap().method_records().focus_groups[0];
    assert_eq!(g.participants.get("ngos"), Some(&3));
}

#[test]
fn two_facilitators_editing_one_focus_group_at_once_lose_nothing() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    let id = audit.add_method_record(fg, &t.methods).unwrap();
    set(
        &mut audit,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("Opening round."),
    )
    .unwrap();
    let mut other = AuditDocument::from_automerge(audit.automerge().fork());

    set(&mut audit, &t, fg, &id, "moderator", json!("Mira")).unwrap();
    set(&mut audit, &t, fg, &id, "participants.ngos", json!(3)).unwrap();
    set(
        &mut audit,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("Opening round. Data is scarce."),
    )
    .unwrap();
    set(&mut other, &t, fg, &id, "rapporteur", json!("Ivo")).unwrap();
    set(
        &mut other,
        &t,
        fg,
        &id,
        "participants.local_police",
        json!(2),
    )
    .unwrap();
    set(
        &mut other,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("Welcome: Opening round."),
    )
    .unwrap();
    set(
        &mut other,
        &t,
        fg,
        &id,
        "themes.environment.lacking.statistical_data",
        json!(true),
    )
    .unwrap();

    audit.automerge().merge(other.automerge()).unwrap();
    let g = &audit.read().unwrap().method_records().focus_groups[0];
    assert_eq!(
        (g.moderator.as_str(), g.rapporteur.as_str()),
        ("Mira", "Ivo")
    );
    assert_eq!(g.participants.get("ngos"), Some(&3));
    assert_eq!(g.participants.get("local_police"), Some(&2));
    assert_eq!(
        g.themes["vision"].notes,
        "Welcome: Opening round. Data is scarce."
    );
    assert_eq!(g.themes["environment"].lacking, ["statistical_data"]);
}

#[test]
fn hot_spots_are_named_and_placed() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    let id = audit.add_method_record(fg, &t.methods).unwrap();
    let spot = audit.add_hot_spot(&id).unwrap();
    set(
        &mut audit,
        &t,
        fg,
        &id,
        &format!("hot_spots.{spot}.name"),
        json!("Station underpass"),
    )
    .unwrap();
    let position = json!({ "lat": 42.14, "lon": 24.75, "accuracyM": null, "source": "manual" });
    set(
        &mut audit,
        &t,
        fg,
        &id,
        &format!("hot_spots.{spot}.position"),
        position,
    )
    .unwrap();
    let off_globe = json!({ "lat": 142.0, "lon": 24.75, "accuracyM": null, "source": "manual" });
    set(
        &mut audit,
        &t,
        fg,
        &id,
        &format!("hot_spots.{spot}.position"),
        off_globe,
    )
    .unwrap_err();
    set(
        &mut audit,
        &t,
        fg,
        &id,
        "hot_spots.unknown.name",
        json!("x"),
    )
    .unwrap_err();

    let g = &audit.read().unwrap().method_records().focus_groups[0];
    assert_eq!(g.hot_spots.len(), 1);
    assert_eq!(g.hot_spots[0].name, "Station underpass");
    let at = g.hot_spots[0].position.as_ref().expect("placed");
    assert_eq!((at.lat, at.lon), (42.14, 24.75));
}

#[test]
fn a_value_of_the_wrong_type_from_another_writer_is_skipped_not_trusted() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    let id = audit.add_method_record(fg, &t.methods).unwrap();
    set(&mut audit, &t, fg, &id, "participants.ngos", json!(4)).unwrap();
    set(&mut audit, &t, fg, &id, "city", json!("Plovdiv")).unwrap();
    // Another implementation writes a text where a count belongs, and a negative count.
    let doc = audit.automerge();
    let path = [
        "facilitator",
        "methods",
        "focus_group_sessions",
        id.as_str(),
        "participants",
    ];
    let mut obj = ROOT;
    for key in path {
        obj = doc.get(&obj, key).unwrap().expect(key).1;
    }
    doc.put(&obj, "mediators", "many").unwrap();
    doc.put(&obj, "local_police", -7).unwrap();
    doc.commit();

    let g = &audit.read().unwrap().method_records().focus_groups[0];
    assert_eq!(g.city, "Plovdiv");
    assert_eq!(g.participants.len(), 1, "{:?}", g.participants);
    assert_eq!(g.participants.get("ngos"), Some(&4));
}

#[test]
fn removing_a_record_removes_only_it() {
    let (mut audit, t) = setup();
    let first = audit
        .add_method_record(MethodRecord::Institution, &t.methods)
        .unwrap();
    let second = audit
        .add_method_record(MethodRecord::Institution, &t.methods)
        .unwrap();
    set(
        &mut audit,
        &t,
        MethodRecord::Institution,
        &second,
        "name",
        json!("Migration Centre"),
    )
    .unwrap();
    audit
        .remove_method_record(MethodRecord::Institution, &first)
        .unwrap();
    let institutions = audit.read().unwrap().method_records().institutions;
    assert_eq!(institutions.len(), 1);
    assert_eq!(institutions[0].name, "Migration Centre");
    assert!(audit
        .remove_method_record(MethodRecord::Institution, &first)
        .is_err());
}

#[test]
fn the_desk_summary_keeps_its_three_texts() {
    let (mut audit, _) = setup();
    audit
        .set_desk_summary("strengths", "A strategy exists.")
        .unwrap();
    audit
        .set_desk_summary("recommendations", "Fund it.")
        .unwrap();
    assert!(audit.set_desk_summary("opinions", "x").is_err());
    let summary = audit.read().unwrap().method_records().desk_summary;
    assert_eq!(summary.strengths, "A strategy exists.");
    assert_eq!(summary.weaknesses, "");
    assert_eq!(summary.recommendations, "Fund it.");
}

fn counts(pairs: &[(&str, i64)]) -> std::collections::BTreeMap<String, i64> {
    pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

#[test]
fn balance_follows_the_toolkit_size_and_gender_rules() {
    let t = Templates::builtin().unwrap();
    let ids: Vec<String> = t.groups.iter().map(|g| g.id.clone()).collect();
    let focus = &t.methods.focus;
    // 9 people: 3 NGO, 2 police, 4 TCN; 5 women, 4 men; inclusion low 6, medium 3.
    let participants = counts(&[("ngos", 3), ("local_police", 2), (TCN_GROUP, 4)]);
    let genders = counts(&[("women", 5), ("men", 4)]);
    let inclusion = counts(&[("low", 6), ("medium", 3)]);
    let b = Balance::of_counts(&participants, &genders, &inclusion, &ids, focus);
    assert_eq!(b.total, 9);
    assert_eq!(b.size, GroupSize::Recommended);
    assert!(b.gender_balanced && b.tcn_present && !b.counts_differ);
    assert_eq!(
        b.groups_missing,
        [
            "local_government",
            "local_administration",
            "local_schools",
            "mediators",
            "other"
        ]
    );
    assert_eq!(b.inclusion_most_chosen.as_deref(), Some("low"));

    // 12 people, 9 women and 2 men (11 counted by gender), no TCN.
    let b = Balance::of_counts(
        &counts(&[("ngos", 12)]),
        &counts(&[("women", 9), ("men", 2)]),
        &counts(&[("none", 2), ("high", 2)]),
        &ids,
        focus,
    );
    assert_eq!(b.size, GroupSize::TooMany);
    assert!(!b.gender_balanced && !b.tcn_present && b.counts_differ);
    assert_eq!(
        b.inclusion_most_chosen.as_deref(),
        Some("none"),
        "a tie goes to the lower level"
    );

    // 10 women and 8 men differ by 2 = 11% of 18: balanced. 4 people: too few.
    let b = Balance::of_counts(
        &counts(&[("ngos", 4)]),
        &counts(&[("women", 10), ("men", 8)]),
        &counts(&[]),
        &ids,
        focus,
    );
    assert!(b.gender_balanced);
    assert_eq!(b.size, GroupSize::TooFew);
}

#[test]
fn the_overview_adds_up_every_session() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    for (ngos, tcn, minutes) in [(4, 5, 90), (6, 4, 120)] {
        let id = audit.add_method_record(fg, &t.methods).unwrap();
        set(&mut audit, &t, fg, &id, "participants.ngos", json!(ngos)).unwrap();
        set(
            &mut audit,
            &t,
            fg,
            &id,
            &format!("participants.{TCN_GROUP}"),
            json!(tcn),
        )
        .unwrap();
        set(&mut audit, &t, fg, &id, "duration_minutes", json!(minutes)).unwrap();
    }
    let groups = audit.read().unwrap().method_records().focus_groups;
    let ids: Vec<String> = t.groups.iter().map(|g| g.id.clone()).collect();
    let overview = FocusOverview::of(&groups, &ids, &t.methods.focus);
    assert_eq!(overview.sessions, 2);
    assert_eq!(overview.balance.total, 19);
    assert_eq!(overview.participants.get("ngos"), Some(&10));
    assert_eq!(overview.minutes, 210);
    // 9 and 10 people: both within 8-10.
    assert_eq!(overview.of_recommended_size, 2);
    assert_eq!(overview.balance.size, GroupSize::Recommended);
}

#[test]
fn control_and_bidi_override_characters_are_refused_but_arabic_and_lines_are_not() {
    let (mut audit, t) = setup();
    let fg = MethodRecord::FocusGroup;
    let id = audit.add_method_record(fg, &t.methods).unwrap();
    let forged = set(
        &mut audit,
        &t,
        fg,
        &id,
        "moderator",
        json!("Mira\n\tfacilitator"),
    )
    .unwrap_err();
    assert!(forged.to_string().contains("U+000A"), "{forged}");
    let flipped = set(
        &mut audit,
        &t,
        fg,
        &id,
        "moderator",
        json!("evil\u{202E}gnp.exe"),
    )
    .unwrap_err();
    assert!(flipped.to_string().contains("U+202E"), "{flipped}");
    set(
        &mut audit,
        &t,
        fg,
        &id,
        "moderator",
        json!("مريم \u{200F}(Mira)"),
    )
    .unwrap();
    set(
        &mut audit,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("Line one\nLine two\tindented"),
    )
    .unwrap();
    let escape = set(
        &mut audit,
        &t,
        fg,
        &id,
        "themes.vision.notes",
        json!("\u{1b}[2J"),
    )
    .unwrap_err();
    assert!(escape.to_string().contains("U+001B"), "{escape}");
    let g = &audit.read().unwrap().method_records().focus_groups[0];
    assert_eq!(g.moderator, "مريم \u{200F}(Mira)");
    assert_eq!(g.themes["vision"].notes, "Line one\nLine two\tindented");
}

#[test]
fn facilitators_adding_their_first_records_at_once_keep_both() {
    // The maps exist from the audit's creation, so neither device creates them.
    let (mut audit, t) = setup();
    let mut other = AuditDocument::from_automerge(audit.automerge().fork());
    let fg = MethodRecord::FocusGroup;
    let mine = audit.add_method_record(fg, &t.methods).unwrap();
    let theirs = other.add_method_record(fg, &t.methods).unwrap();
    other.set_desk_summary("strengths", "Theirs").unwrap();
    audit.set_desk_summary("weaknesses", "Mine").unwrap();
    audit.automerge().merge(other.automerge()).unwrap();
    let records = audit.read().unwrap().method_records();
    let mut ids: Vec<&str> = records.focus_groups.iter().map(|g| g.id.as_str()).collect();
    ids.sort();
    let mut want = vec![mine.as_str(), theirs.as_str()];
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(
        (
            records.desk_summary.strengths.as_str(),
            records.desk_summary.weaknesses.as_str()
        ),
        ("Theirs", "Mine")
    );
}
