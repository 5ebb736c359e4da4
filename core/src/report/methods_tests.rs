//! Part II's Desk Research and Focus Groups hold what was recorded.

use serde_json::{json, Value};

use crate::model::methods::MethodRecord;
use crate::model::AuditDocument;
use crate::snapshot::ExportInput;
use crate::templates::{MethodsTemplate, Templates};
use crate::testdata::fixture;

fn set(
    audit: &mut AuditDocument,
    t: &MethodsTemplate,
    r: MethodRecord,
    id: &str,
    field: &str,
    value: Value,
) {
    audit
        .set_method_field(r, id, field, &value, t)
        .expect(field);
}

/// Renders both forms of the report of the fixed audit after `record`.
fn report(record: impl FnOnce(&mut AuditDocument, &MethodsTemplate)) -> (String, String) {
    let mut f = fixture();
    let t = Templates::builtin().unwrap().methods;
    record(&mut f.audit, &t);
    let audit = f.audit_data();
    let responses = f.response_data();
    let blobs = |_: &str| None;
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &blobs,
        lang: "en",
    };
    (crate::report::html(&input), crate::report::markdown(&input))
}

/// The text between two third-level headings of the Markdown report.
fn section<'a>(md: &'a str, from: &str, to: &str) -> &'a str {
    let start = md
        .find(&format!(" {from}\n"))
        .unwrap_or_else(|| panic!("{from}"));
    let end = md[start..]
        .find(&format!(" {to}\n"))
        .map_or(md.len(), |e| start + e);
    &md[start..end]
}

#[test]
fn desk_research_lists_documents_assessments_institutions_and_findings() {
    let (html, md) = report(|a, t| {
        let doc = a.add_method_record(MethodRecord::Document, t).unwrap();
        let d = MethodRecord::Document;
        set(
            a,
            t,
            d,
            &doc,
            "title",
            json!("Strategy for <Integration> 2021-2027"),
        );
        set(a, t, d, &doc, "doc_type", json!("action_plan"));
        set(a, t, d, &doc, "issuing_body", json!("Municipal Council"));
        set(a, t, d, &doc, "period_from", json!("2021"));
        set(a, t, d, &doc, "period_to", json!("2027"));
        set(a, t, d, &doc, "tcn_specific", json!("yes"));
        set(a, t, d, &doc, "sectors.housing", json!(true));
        set(a, t, d, &doc, "review_method", json!("secondary_data"));
        set(a, t, d, &doc, "assessment.gender.answer", json!("no"));
        set(
            a,
            t,
            d,
            &doc,
            "assessment.gender.evidence",
            json!("No gender data is collected."),
        );
        let other = a.add_method_record(MethodRecord::Document, t).unwrap();
        set(a, t, d, &other, "title", json!("Annual report 2024"));
        set(a, t, d, &other, "assessment.gender.answer", json!("partly"));
        let inst = a.add_method_record(MethodRecord::Institution, t).unwrap();
        let i = MethodRecord::Institution;
        set(
            a,
            t,
            i,
            &inst,
            "name",
            json!("Municipal Integration Centre"),
        );
        set(a, t, i, &inst, "tcn_mandate", json!("yes"));
        set(
            a,
            t,
            i,
            &inst,
            "capacity",
            json!("Two staff for 9,000 people."),
        );
        a.set_desk_summary("weaknesses", "No monitoring of implementation.")
            .unwrap();
    });
    let desk = section(&md, "Desk Research", "Focus Groups");
    for expected in [
        "2 documents were reviewed; 1 of them address TCN integration specifically.",
        "Strategy for <Integration> 2021-2027",
        "Action plan",
        "Municipal Council",
        "2021 – 2027",
        "Housing",
        "Secondary data review",
        "Do they take into account gender-specific issues? No — No gender data is collected.",
        "Municipal Integration Centre",
        "Capacity, skills and resources: Two staff for 9,000 people.",
        "Weaknesses: No monitoring of implementation.",
        "Governance models and institutional stability",
    ] {
        assert!(desk.contains(expected), "{expected}\n{desk}");
    }
    // The gender question: 0 yes, 1 partly, 1 no, 0 unknown, 0 not answered.
    assert!(
        desk.contains("| Do they take into account gender-specific issues? | 0 | 1 | 1 | 0 | 0 |"),
        "{desk}"
    );
    assert!(!desk.contains("To be completed: assessment of policy"));
    assert!(html.contains("Strategy for &lt;Integration&gt; 2021-2027"));
    assert!(md.contains("The desk research reviewed 2 policy documents (1 specifically on TCN integration) and 1 institutions."));
}

#[test]
fn focus_groups_report_breakdown_themes_inclusion_hot_spots_and_answers() {
    let (_, md) = report(|a, t| {
        let f = MethodRecord::FocusGroup;
        let first = a.add_method_record(f, t).unwrap();
        set(a, t, f, &first, "date", json!("2026-04-10"));
        set(a, t, f, &first, "location", json!("Library"));
        set(a, t, f, &first, "moderator", json!("Mira"));
        set(a, t, f, &first, "duration_minutes", json!(100));
        set(a, t, f, &first, "participants.local_government", json!(3));
        set(a, t, f, &first, "participants.local_police", json!(2));
        set(a, t, f, &first, "participants.tcn_communities", json!(4));
        set(a, t, f, &first, "genders.women", json!(5));
        set(a, t, f, &first, "genders.men", json!(4));
        set(a, t, f, &first, "inclusion.low", json!(6));
        set(a, t, f, &first, "inclusion.medium", json!(3));
        set(
            a,
            t,
            f,
            &first,
            "themes.environment.enough_information",
            json!("no"),
        );
        set(
            a,
            t,
            f,
            &first,
            "themes.environment.lacking.statistical_data",
            json!(true),
        );
        set(
            a,
            t,
            f,
            &first,
            "themes.environment.lacking_reasons",
            json!("No crime data by area."),
        );
        set(
            a,
            t,
            f,
            &first,
            "themes.environment.big_ideas",
            json!("Light the underpass."),
        );
        set(
            a,
            t,
            f,
            &first,
            "answers.most_interest",
            json!("Safety at night."),
        );
        let spot = a.add_hot_spot(&first).unwrap();
        set(
            a,
            t,
            f,
            &first,
            &format!("hot_spots.{spot}.name"),
            json!("Station underpass"),
        );
        let second = a.add_method_record(f, t).unwrap();
        set(a, t, f, &second, "date", json!("2026-04-12"));
        set(a, t, f, &second, "participants.ngos", json!(6));
        set(a, t, f, &second, "genders.women", json!(4));
        set(a, t, f, &second, "genders.men", json!(2));
        set(a, t, f, &second, "duration_minutes", json!(90));
    });
    let focus = section(&md, "Focus Groups", "City Tours and Checklists");
    for expected in [
        "2 focus groups were held with 15 participants in all (190 minutes of discussion).",
        "| Local government | 3 | 0 | 3 |",
        "| NGOs | 0 | 6 | 6 |",
        "| Women | 5 | 4 | 9 |",
        "| Men | 4 | 2 | 6 |",
        "Gender: Women 9, Men 6, Other or not said 0 (balanced).",
        "Size: 1 of 2 focus groups had the 8-10 people the toolkit recommends.",
        "Members of TCN communities took part.",
        "participants had enough information: no; lacking: Statistical data (No crime data by area.)",
        "Big ideas: Light the underpass.",
        "| Low | The city has taken incremental and positive steps in the integration policy, but the social exclusion remains. | 6 |",
        "Station underpass",
        "Focus group 2026-04-10, Library: Safety at night.",
    ] {
        assert!(focus.contains(expected), "{expected}\n{focus}");
    }
    assert!(md.contains("2 focus groups gathered 15 participants (9 women, 6 men), members of TCN communities among them."));
    assert!(md.contains("It follows the INTEGRA City Integration Audit Toolkit and used focus groups, a city walk with the checklist and photovoice."), "{md}");
}

#[test]
fn without_records_the_placeholders_stay() {
    let (_, md) = report(|_, _| {});
    assert!(md.contains("To be completed: assessment of policy"));
    assert!(md.contains("To be completed: number of participants"));
}
