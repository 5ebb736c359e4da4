//! Part II's Desk Research and Focus Groups, filled from the facilitator's
//! records (the toolkit's "City Audit Report structure"), and the sentences
//! the executive summary says of them. With no records, the facilitator's
//! free text (or a placeholder) stands in, as before.

use super::{free_text, heading, Block, Context};
use crate::model::methods::{Balance, FocusGroup, GroupSize};
use crate::profile::MethodsView;
use crate::templates::Choice;

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "–".to_owned()
    } else {
        text.trim().to_owned()
    }
}

fn yes_no(text: &str) -> String {
    match text {
        "yes" => "yes".into(),
        "no" => "no".into(),
        other => or_dash(other),
    }
}

fn period(from: &str, to: &str) -> String {
    match (from.trim(), to.trim()) {
        ("", "") => "–".into(),
        (from, "") => format!("from {from}"),
        ("", to) => format!("until {to}"),
        (from, to) => format!("{from} – {to}"),
    }
}

impl Context<'_> {
    fn choice(&self, choices: &[Choice], id: &str) -> String {
        or_dash(Choice::label_of(choices, id, self.input.lang))
    }

    fn session_label(&self, group: &FocusGroup) -> String {
        let place = [group.date.as_str(), group.location.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if place.is_empty() {
            "Focus group".into()
        } else {
            format!("Focus group {place}")
        }
    }
}

/// Part II, Desk Research.
pub(super) fn desk_research(cx: &Context<'_>, m: &MethodsView, out: &mut Vec<Block>) {
    let r = &m.records;
    let summary = &r.desk_summary;
    let has_summary = [
        &summary.strengths,
        &summary.weaknesses,
        &summary.recommendations,
    ]
    .iter()
    .any(|t| !t.trim().is_empty());
    if r.documents.is_empty() && r.institutions.is_empty() && !has_summary {
        free_text(out, &cx.records.desk_research, "To be completed: assessment of policy and strategic documents on TCN integration; governance models and institutional stability.");
        return;
    }
    let desk = &m.template.desk;
    out.push(heading(
        4,
        "Assessment of policy and strategic documents on TCN integration",
    ));
    let specific = r
        .documents
        .iter()
        .filter(|d| d.tcn_specific == "yes")
        .count();
    out.push(Block::Para(format!(
        "{} documents were reviewed; {} of them address TCN integration specifically.",
        r.documents.len(),
        specific
    )));
    if !r.documents.is_empty() {
        out.push(Block::Table(
            [
                "Document",
                "Type",
                "Issued by",
                "Period",
                "Specifically on TCN integration",
                "Sectors",
                "Review method",
                "Link or reference",
            ]
            .map(String::from)
            .to_vec(),
            r.documents
                .iter()
                .map(|d| {
                    let sectors: Vec<String> = d
                        .sectors
                        .iter()
                        .map(|s| cx.choice(&desk.sectors, s))
                        .collect();
                    vec![
                        or_dash(&d.title),
                        cx.choice(&desk.document_types, &d.doc_type),
                        or_dash(&d.issuing_body),
                        period(&d.period_from, &d.period_to),
                        yes_no(&d.tcn_specific),
                        or_dash(&sectors.join(", ")),
                        cx.choice(&desk.review_methods, &d.review_method),
                        or_dash(&d.reference),
                    ]
                })
                .collect(),
        ));
        let mut head = vec!["Question".to_owned()];
        head.extend(
            desk.answers
                .iter()
                .map(|a| a.label.get(cx.input.lang).to_owned()),
        );
        head.push("Not answered".into());
        let rows = desk
            .assessment_questions
            .iter()
            .map(|q| {
                let answer_of = |d: &crate::model::methods::PolicyDocument| {
                    d.assessment
                        .get(&q.id)
                        .map(|a| a.answer.clone())
                        .unwrap_or_default()
                };
                let mut row = vec![q.label.get(cx.input.lang).to_owned()];
                row.extend(desk.answers.iter().map(|a| {
                    r.documents
                        .iter()
                        .filter(|d| answer_of(d) == a.id)
                        .count()
                        .to_string()
                }));
                let unanswered = r
                    .documents
                    .iter()
                    .filter(|d| !Choice::contains(&desk.answers, &answer_of(d)))
                    .count();
                row.push(unanswered.to_string());
                row
            })
            .collect();
        out.push(Block::Para(
            "How the documents answer the toolkit's assessment questions (number of documents):"
                .into(),
        ));
        out.push(Block::Table(head, rows));
        for d in &r.documents {
            let items: Vec<String> = desk
                .assessment_questions
                .iter()
                .filter_map(|q| {
                    let a = d.assessment.get(&q.id)?;
                    if a.answer.is_empty() && a.evidence.trim().is_empty() {
                        return None;
                    }
                    let mut line = format!(
                        "{} {}",
                        q.label.get(cx.input.lang),
                        cx.choice(&desk.answers, &a.answer)
                    );
                    if !a.evidence.trim().is_empty() {
                        line.push_str(&format!(" — {}", a.evidence.trim()));
                    }
                    Some(line)
                })
                .collect();
            if !items.is_empty() {
                out.push(Block::Para(format!(
                    "Assessment of \"{}\":",
                    or_dash(&d.title)
                )));
                out.push(Block::List(items));
            }
        }
    }
    out.push(heading(4, "Governance models and institutional stability"));
    if r.institutions.is_empty() {
        out.push(Block::Placeholder(
            "To be completed: the institutions at local level responsible for TCN integration."
                .into(),
        ));
    } else {
        out.push(Block::Table(
            [
                "Institution",
                "Kind",
                "TCN-specific mandate",
                "Works with community leaders/NGOs",
            ]
            .map(String::from)
            .to_vec(),
            r.institutions
                .iter()
                .map(|i| {
                    vec![
                        or_dash(&i.name),
                        or_dash(&i.kind),
                        cx.choice(&desk.answers, &i.tcn_mandate),
                        cx.choice(&desk.answers, &i.works_with_community),
                    ]
                })
                .collect(),
        ));
        for i in &r.institutions {
            let items: Vec<String> = [
                ("Mandate", &i.mandate),
                ("Capacity, skills and resources", &i.capacity),
                ("What needs improvement", &i.needs_improvement),
            ]
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(label, text)| format!("{label}: {}", text.trim()))
            .collect();
            if !items.is_empty() {
                out.push(Block::Para(format!("{}:", or_dash(&i.name))));
                out.push(Block::List(items));
            }
        }
    }
    let findings: Vec<String> = [
        ("Strengths", &summary.strengths),
        ("Weaknesses", &summary.weaknesses),
        ("Recommendations", &summary.recommendations),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(label, text)| format!("{label}: {}", text.trim()))
    .collect();
    if !findings.is_empty() {
        out.push(heading(4, "Strengths, weaknesses and recommendations"));
        out.push(Block::List(findings));
    }
    if !cx.records.desk_research.trim().is_empty() {
        free_text(out, &cx.records.desk_research, "");
    }
}

fn size_words(size: GroupSize, min: u32, max: u32) -> String {
    match size {
        GroupSize::NotCounted => "nobody counted yet".into(),
        GroupSize::TooFew => format!("fewer than the {min}-{max} people the toolkit recommends"),
        GroupSize::Recommended => format!("within the {min}-{max} people the toolkit recommends"),
        GroupSize::TooMany => format!("more than the {min}-{max} people the toolkit recommends"),
    }
}

fn balance_notes(cx: &Context<'_>, m: &MethodsView, b: &Balance) -> Vec<String> {
    let focus = &m.template.focus;
    let range = focus.recommended_size;
    let o = &m.overview;
    let mut notes = vec![if o.sessions == 1 {
        format!("Size: {}.", size_words(b.size, range.min, range.max))
    } else {
        format!(
            "Size: {} of {} focus groups had the {}-{} people the toolkit recommends.",
            o.of_recommended_size, o.sessions, range.min, range.max
        )
    }];
    let genders: Vec<String> = focus
        .genders
        .iter()
        .map(|g| {
            format!(
                "{} {}",
                g.label.get(cx.input.lang),
                b.genders.get(&g.id).copied().unwrap_or(0)
            )
        })
        .collect();
    notes.push(format!(
        "Gender: {} ({}).",
        genders.join(", "),
        if b.gender_balanced {
            "balanced"
        } else {
            "not balanced"
        }
    ));
    if b.counts_differ {
        notes.push(format!(
            "The counts by gender ({}) and by group ({}) differ.",
            b.gender_total, b.total
        ));
    }
    notes.push(if b.tcn_present {
        "Members of TCN communities took part.".into()
    } else {
        "No members of TCN communities took part.".into()
    });
    if !b.groups_missing.is_empty() {
        let missing: Vec<String> = b.groups_missing.iter().map(|g| cx.group_label(g)).collect();
        notes.push(format!("Groups not represented: {}.", missing.join(", ")));
    }
    notes
}

/// Part II, Focus Groups.
pub(super) fn focus_groups(cx: &Context<'_>, m: &MethodsView, out: &mut Vec<Block>) {
    let groups = &m.records.focus_groups;
    if groups.is_empty() {
        free_text(out, &cx.records.focus_groups, "To be completed: number of participants, main themes discussed, main results in each thematic area, the themes that stirred most interest, main successes and challenges.");
        return;
    }
    let focus = &m.template.focus;
    let o = &m.overview;
    out.push(Block::Para(format!(
        "{} focus groups were held with {} participants in all ({} minutes of discussion).",
        o.sessions, o.balance.total, o.minutes
    )));
    out.push(Block::Table(
        [
            "Date",
            "City",
            "Location",
            "Moderator",
            "Rapporteur",
            "Participants",
            "Minutes",
            "Consent to audio recording",
        ]
        .map(String::from)
        .to_vec(),
        groups
            .iter()
            .map(|g| {
                let total = m.balances.get(&g.id).map_or(0, |b| b.total);
                vec![
                    or_dash(&g.date),
                    or_dash(&g.city),
                    or_dash(&g.location),
                    or_dash(&g.moderator),
                    or_dash(&g.rapporteur),
                    total.to_string(),
                    g.duration_minutes.map_or("–".into(), |n| n.to_string()),
                    yes_no(&g.audio_consent),
                ]
            })
            .collect(),
    ));
    out.push(heading(4, "Participants and breakdown"));
    let mut head = vec!["Participant group".to_owned()];
    head.extend(groups.iter().map(|g| cx.session_label(g)));
    head.push("All".into());
    let mut rows: Vec<Vec<String>> = m
        .groups
        .iter()
        .map(|pg| {
            let mut row = vec![pg.label.get(cx.input.lang).to_owned()];
            row.extend(
                groups
                    .iter()
                    .map(|g| g.participants.get(&pg.id).copied().unwrap_or(0).to_string()),
            );
            row.push(o.participants.get(&pg.id).copied().unwrap_or(0).to_string());
            row
        })
        .collect();
    for gender in &focus.genders {
        let mut row = vec![gender.label.get(cx.input.lang).to_owned()];
        row.extend(
            groups
                .iter()
                .map(|g| g.genders.get(&gender.id).copied().unwrap_or(0).to_string()),
        );
        row.push(
            o.balance
                .genders
                .get(&gender.id)
                .copied()
                .unwrap_or(0)
                .to_string(),
        );
        rows.push(row);
    }
    out.push(Block::Table(head, rows));
    out.push(Block::List(balance_notes(cx, m, &o.balance)));
    for theme in &focus.themes {
        out.push(heading(4, theme.title.get(cx.input.lang)));
        let mut items = Vec::new();
        for g in groups {
            let Some(t) = g.themes.get(&theme.id) else {
                continue;
            };
            let label = cx.session_label(g);
            if !t.enough_information.is_empty() {
                let mut line = format!(
                    "{label}: participants had enough information: {}",
                    yes_no(&t.enough_information)
                );
                let lacking: Vec<String> = t
                    .lacking
                    .iter()
                    .map(|l| cx.choice(&focus.lacking, l))
                    .collect();
                if !lacking.is_empty() {
                    line.push_str(&format!("; lacking: {}", lacking.join(", ")));
                }
                if !t.lacking_reasons.trim().is_empty() {
                    line.push_str(&format!(" ({})", t.lacking_reasons.trim()));
                }
                items.push(line);
            }
            for (what, text) in [
                ("Big ideas", &t.big_ideas),
                ("Notes", &t.notes),
                ("Results", &t.results),
                ("Recommendations and suggestions", &t.recommendations),
            ] {
                if !text.trim().is_empty() {
                    items.push(format!("{label}: {what}: {}", text.trim()));
                }
            }
        }
        if items.is_empty() {
            out.push(Block::Placeholder(
                "Nothing recorded for this theme yet.".into(),
            ));
        } else {
            out.push(Block::List(items));
        }
    }
    if o.balance.inclusion.values().any(|n| *n > 0) {
        out.push(heading(4, "The level of TCN's social inclusion"));
        out.push(Block::Table(
            ["Level", "Definition", "Participants"]
                .map(String::from)
                .to_vec(),
            focus
                .inclusion_levels
                .iter()
                .map(|l| {
                    vec![
                        l.label.get(cx.input.lang).to_owned(),
                        l.definition.get(cx.input.lang).to_owned(),
                        o.balance
                            .inclusion
                            .get(&l.id)
                            .copied()
                            .unwrap_or(0)
                            .to_string(),
                    ]
                })
                .collect(),
        ));
    }
    let spots: Vec<Vec<String>> = groups
        .iter()
        .flat_map(|g| {
            g.hot_spots.iter().map(move |h| {
                vec![
                    or_dash(&h.name),
                    h.position
                        .as_ref()
                        .map_or("–".into(), |p| format!("{:.5}, {:.5}", p.lat, p.lon)),
                    cx.session_label(g),
                ]
            })
        })
        .collect();
    if !spots.is_empty() {
        out.push(heading(4, "Hot spots named in the discussion"));
        out.push(Block::Table(
            ["Hot spot", "Position", "Named in"]
                .map(String::from)
                .to_vec(),
            spots,
        ));
    }
    for question in &focus.report_questions {
        out.push(heading(4, question.label.get(cx.input.lang)));
        let answers: Vec<String> = groups
            .iter()
            .filter_map(|g| {
                let text = g.answers.get(&question.id)?.trim();
                (!text.is_empty()).then(|| format!("{}: {text}", cx.session_label(g)))
            })
            .collect();
        if answers.is_empty() {
            out.push(Block::Placeholder("To be completed.".into()));
        } else {
            out.push(Block::List(answers));
        }
    }
    if !cx.records.focus_groups.trim().is_empty() {
        free_text(out, &cx.records.focus_groups, "");
    }
}

/// What the executive summary says of desk research and focus groups.
pub(super) fn summary_sentences(m: &MethodsView) -> Vec<String> {
    let r = &m.records;
    let mut sentences = Vec::new();
    if !r.documents.is_empty() || !r.institutions.is_empty() {
        let specific = r
            .documents
            .iter()
            .filter(|d| d.tcn_specific == "yes")
            .count();
        sentences.push(format!(
            "The desk research reviewed {} policy documents ({} specifically on TCN integration) and {} institutions.",
            r.documents.len(),
            specific,
            r.institutions.len()
        ));
    }
    if !r.focus_groups.is_empty() {
        let o = &m.overview;
        let women = o.balance.genders.get("women").copied().unwrap_or(0);
        let men = o.balance.genders.get("men").copied().unwrap_or(0);
        sentences.push(format!(
            "{} focus groups gathered {} participants ({} women, {} men){}.",
            o.sessions,
            o.balance.total,
            women,
            men,
            if o.balance.tcn_present {
                ", members of TCN communities among them"
            } else {
                ""
            }
        ));
    }
    sentences
}
