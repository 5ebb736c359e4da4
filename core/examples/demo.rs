//! A demo of the field-work flow on the real code paths: creates an audit
//! in a profile database, joins it, scores statements, records a stop with
//! its per-stop answers, and prints the store's summary with the merged
//! checklist results.
//!
//! `cargo run -p cityaudit-core --example demo [-- PROFILE.sqlite]`

use cityaudit_core::analysis::checklist_results;
use cityaudit_core::model::{
    AnswerInput, AnswerValue, Location, LocationSource, NewAudit, NewParticipant, PlannedStop,
    StopVisit, TemplateChoice,
};
use cityaudit_core::profile::Profile;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/demo-profile.sqlite"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut profile = Profile::open(&path)?;
    let audit = profile.create_audit(&NewAudit {
        title: "Demo city walk".into(),
        city: "Sofia".into(),
        starts_on: "2026-05-14".into(),
        ends_on: "2026-05-14".into(),
        meeting_point: "In front of the town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    })?;
    let planned = profile.plan_stop(
        &audit,
        &PlannedStop {
            name_of_area: "Central market".into(),
            specific_location: "Bus stop on the north side".into(),
            position: Some(Location::new(42.7005, 23.3226, LocationSource::Manual)?),
            order: 1,
        },
    )?;
    for (name, group, scores) in [
        ("Falcon", "tcn_communities", [2, 3, 1, 4]),
        ("Owl", "local_administration", [4, 4, 3, 5]),
        ("Heron", "ngos", [3, 2, 2, 4]),
    ] {
        let response = profile.join(
            &audit,
            &NewParticipant {
                display_name: name.into(),
                group: group.into(),
                gender: None,
                accept_photo_terms: true,
                share_photo_locations: true,
            },
        )?;
        for (item, score) in ["vision.1", "vision.4", "participation.1", "attitudes.3"]
            .into_iter()
            .zip(scores)
        {
            profile.answer(&response, item, &AnswerInput::score(score)?)?;
        }
        profile.answer(
            &response,
            "vision.2",
            &AnswerInput {
                value: Some(AnswerValue::DontKnow),
                comment: Some("Budget figures are not published".into()),
            },
        )?;
        let stop = profile.visit_stop(
            &response,
            &StopVisit {
                planned_stop: Some(planned.clone()),
                name_of_area: "Central market".into(),
                specific_location: "Bus stop on the north side".into(),
                visited_at: cityaudit_core::model::now_ms(),
                utc_offset_min: 180,
                location: None,
            },
        )?;
        profile.answer_at_stop(
            &response,
            &stop,
            "environment.2",
            &AnswerInput::score(scores[0])?,
        )?;
    }

    let data = profile.audit(&audit)?;
    let responses: Vec<_> = profile
        .response_ids()
        .iter()
        .map(|id| profile.response(id))
        .collect::<Result<_, _>>()?;
    let results = checklist_results(data, responses.iter());
    println!("profile: {}", path.display());
    println!(
        "audit {audit}: {} in {}, {} participants",
        data.title.value().map(String::as_str).unwrap_or("?"),
        data.city.value().map(String::as_str).unwrap_or("?"),
        responses.len()
    );
    let checklist = data
        .checklist()
        .ok_or_else(|| anyhow::anyhow!("no checklist"))?;
    for (section, result) in checklist.sections.iter().zip(&results.sections) {
        let mean = result.mean.map_or("-".to_owned(), |m| format!("{m:.2}"));
        println!("  {:<75} mean {mean}", section.title.en);
        for (item, r) in section.items.iter().zip(&result.items) {
            if r.scores.n > 0 || r.dont_know > 0 {
                println!(
                    "    {:<16} n={} mean={:.2} sd={:.2} don't know={}",
                    item.id,
                    r.scores.n,
                    r.scores.mean.unwrap_or(f64::NAN),
                    r.scores.sd.unwrap_or(f64::NAN),
                    r.dont_know
                );
            }
        }
    }
    let overall = results
        .overall_mean
        .map_or("-".to_owned(), |m| format!("{m:.2}"));
    println!("  overall mean {overall}");
    println!("  integrity check: {}", profile.store().integrity_check()?);
    Ok(())
}
