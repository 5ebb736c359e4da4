//! Part II's Desk Research and Focus Groups, filled from the facilitator's
//! records (the toolkit's "City Audit Report structure"), and the sentences
//! the executive summary says of them. With no records, the facilitator's
//! free text (or a placeholder) stands in, as before.

use super::words::Words;
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

fn yes_no(w: &Words, text: &str) -> String {
    match text {
        "yes" => w.t("methods.yes"),
        "no" => w.t("methods.no"),
        other => or_dash(other),
    }
}

fn period(w: &Words, from: &str, to: &str) -> String {
    match (from.trim(), to.trim()) {
        ("", "") => "–".into(),
        (from, "") => w.f("methods.periodFrom", &[("from", from)]),
        ("", to) => w.f("methods.periodUntil", &[("to", to)]),
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
            self.w.t("focus.session")
        } else {
            self.w.f("focus.sessionAt", &[("place", &place)])
        }
    }
}

/// Part II, Desk Research.
pub(super) fn desk_research(cx: &Context<'_>, m: &MethodsView, out: &mut Vec<Block>) {
    let (r, w) = (&m.records, &cx.w);
    let summary = &r.desk_summary;
    let has_summary = [
        &summary.strengths,
        &summary.weaknesses,
        &summary.recommendations,
    ]
    .iter()
    .any(|t| !t.trim().is_empty());
    if r.documents.is_empty() && r.institutions.is_empty() && !has_summary {
        free_text(
            out,
            &cx.records.desk_research,
            &w.t("placeholder.deskResearch"),
        );
        return;
    }
    let desk = &m.template.desk;
    out.push(heading(4, &w.t("heading.documents")));
    let specific = r
        .documents
        .iter()
        .filter(|d| d.tcn_specific == "yes")
        .count();
    out.push(Block::Para(w.f(
        "desk.reviewed",
        &[
            ("documents", &w.count(r.documents.len())),
            ("specific", &w.count(specific)),
        ],
    )));
    if !r.documents.is_empty() {
        out.push(Block::Table(
            [
                "desk.document",
                "desk.type",
                "desk.issuedBy",
                "desk.period",
                "desk.tcnSpecific",
                "desk.sectors",
                "desk.reviewMethod",
                "desk.reference",
            ]
            .map(|k| w.t(k))
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
                        period(w, &d.period_from, &d.period_to),
                        yes_no(w, &d.tcn_specific),
                        or_dash(&sectors.join(", ")),
                        cx.choice(&desk.review_methods, &d.review_method),
                        or_dash(&d.reference),
                    ]
                })
                .collect(),
        ));
        let mut head = vec![w.t("desk.question")];
        head.extend(
            desk.answers
                .iter()
                .map(|a| a.label.get(cx.input.lang).to_owned()),
        );
        head.push(w.t("desk.notAnswered"));
        let rows =
            desk.assessment_questions
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
                        w.count(r.documents.iter().filter(|d| answer_of(d) == a.id).count())
                    }));
                    let unanswered = r
                        .documents
                        .iter()
                        .filter(|d| !Choice::contains(&desk.answers, &answer_of(d)))
                        .count();
                    row.push(w.count(unanswered));
                    row
                })
                .collect();
        out.push(Block::Para(w.t("desk.answersIntro")));
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
                out.push(Block::Para(
                    w.f("desk.assessmentOf", &[("title", &or_dash(&d.title))]),
                ));
                out.push(Block::List(items));
            }
        }
    }
    out.push(heading(4, &w.t("heading.governance")));
    if r.institutions.is_empty() {
        out.push(Block::Placeholder(w.t("placeholder.institutions")));
    } else {
        out.push(Block::Table(
            [
                "desk.institution",
                "desk.kind",
                "desk.tcnMandate",
                "desk.worksWithCommunity",
            ]
            .map(|k| w.t(k))
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
                ("desk.mandate", &i.mandate),
                ("desk.capacity", &i.capacity),
                ("desk.needsImprovement", &i.needs_improvement),
            ]
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(label, text)| format!("{}: {}", w.t(label), text.trim()))
            .collect();
            if !items.is_empty() {
                out.push(Block::Para(format!("{}:", or_dash(&i.name))));
                out.push(Block::List(items));
            }
        }
    }
    let findings: Vec<String> = [
        ("desk.strengths", &summary.strengths),
        ("desk.weaknesses", &summary.weaknesses),
        ("desk.recommendations", &summary.recommendations),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(label, text)| format!("{}: {}", w.t(label), text.trim()))
    .collect();
    if !findings.is_empty() {
        out.push(heading(4, &w.t("heading.swr")));
        out.push(Block::List(findings));
    }
    if !cx.records.desk_research.trim().is_empty() {
        free_text(out, &cx.records.desk_research, "");
    }
}

fn size_words(w: &Words, size: GroupSize, min: u32, max: u32) -> String {
    let key = match size {
        GroupSize::NotCounted => "focus.size.notCounted",
        GroupSize::TooFew => "focus.size.tooFew",
        GroupSize::Recommended => "focus.size.recommended",
        GroupSize::TooMany => "focus.size.tooMany",
    };
    w.f(key, &[("min", &w.count(min)), ("max", &w.count(max))])
}

fn balance_notes(cx: &Context<'_>, m: &MethodsView, b: &Balance) -> Vec<String> {
    let w = &cx.w;
    let focus = &m.template.focus;
    let range = focus.recommended_size;
    let o = &m.overview;
    let mut notes = vec![if o.sessions == 1 {
        w.f(
            "focus.sizeOne",
            &[("size", &size_words(w, b.size, range.min, range.max))],
        )
    } else {
        w.f(
            "focus.sizeMany",
            &[
                ("recommended", &w.count(o.of_recommended_size)),
                ("sessions", &w.count(o.sessions)),
                ("min", &w.count(range.min)),
                ("max", &w.count(range.max)),
            ],
        )
    }];
    let genders: Vec<String> = focus
        .genders
        .iter()
        .map(|g| {
            format!(
                "{} {}",
                g.label.get(cx.input.lang),
                w.count(b.genders.get(&g.id).copied().unwrap_or(0))
            )
        })
        .collect();
    notes.push(w.f(
        if b.gender_balanced {
            "focus.genderBalanced"
        } else {
            "focus.genderNotBalanced"
        },
        &[("genders", &genders.join(", "))],
    ));
    if b.counts_differ {
        notes.push(w.f(
            "focus.countsDiffer",
            &[
                ("byGender", &w.count(b.gender_total)),
                ("byGroup", &w.count(b.total)),
            ],
        ));
    }
    notes.push(w.t(if b.tcn_present {
        "focus.tcnPresent"
    } else {
        "focus.tcnAbsent"
    }));
    if !b.groups_missing.is_empty() {
        let missing: Vec<String> = b.groups_missing.iter().map(|g| cx.group_label(g)).collect();
        notes.push(w.f("focus.groupsMissing", &[("groups", &missing.join(", "))]));
    }
    notes
}

/// Part II, Focus Groups.
pub(super) fn focus_groups(cx: &Context<'_>, m: &MethodsView, out: &mut Vec<Block>) {
    let (groups, w) = (&m.records.focus_groups, &cx.w);
    if groups.is_empty() {
        free_text(
            out,
            &cx.records.focus_groups,
            &w.t("placeholder.focusGroups"),
        );
        return;
    }
    let focus = &m.template.focus;
    let o = &m.overview;
    out.push(Block::Para(w.f(
        "focus.held",
        &[
            ("sessions", &w.count(o.sessions)),
            ("participants", &w.count(o.balance.total)),
            ("minutes", &w.count(o.minutes)),
        ],
    )));
    out.push(Block::Table(
        [
            "focus.date",
            "focus.city",
            "focus.location",
            "focus.moderator",
            "focus.rapporteur",
            "table.participants",
            "focus.minutes",
            "focus.audioConsent",
        ]
        .map(|k| w.t(k))
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
                    w.count(total),
                    g.duration_minutes.map_or("–".into(), |n| w.count(n)),
                    yes_no(w, &g.audio_consent),
                ]
            })
            .collect(),
    ));
    out.push(heading(4, &w.t("heading.breakdown")));
    let mut head = vec![w.t("table.participantGroup")];
    head.extend(groups.iter().map(|g| cx.session_label(g)));
    head.push(w.t("table.all"));
    let mut rows: Vec<Vec<String>> = m
        .groups
        .iter()
        .map(|pg| {
            let mut row = vec![pg.label.get(cx.input.lang).to_owned()];
            row.extend(
                groups
                    .iter()
                    .map(|g| w.count(g.participants.get(&pg.id).copied().unwrap_or(0))),
            );
            row.push(w.count(o.participants.get(&pg.id).copied().unwrap_or(0)));
            row
        })
        .collect();
    for gender in &focus.genders {
        let mut row = vec![gender.label.get(cx.input.lang).to_owned()];
        row.extend(
            groups
                .iter()
                .map(|g| w.count(g.genders.get(&gender.id).copied().unwrap_or(0))),
        );
        row.push(w.count(o.balance.genders.get(&gender.id).copied().unwrap_or(0)));
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
                let mut line = w.f(
                    "focus.enoughInformation",
                    &[
                        ("session", &label),
                        ("answer", &yes_no(w, &t.enough_information)),
                    ],
                );
                let lacking: Vec<String> = t
                    .lacking
                    .iter()
                    .map(|l| cx.choice(&focus.lacking, l))
                    .collect();
                if !lacking.is_empty() {
                    line.push_str(&w.f("focus.lacking", &[("what", &lacking.join(", "))]));
                }
                if !t.lacking_reasons.trim().is_empty() {
                    line.push_str(&format!(" ({})", t.lacking_reasons.trim()));
                }
                items.push(line);
            }
            for (what, text) in [
                ("focus.bigIdeas", &t.big_ideas),
                ("focus.notes", &t.notes),
                ("focus.results", &t.results),
                ("focus.recommendations", &t.recommendations),
            ] {
                if !text.trim().is_empty() {
                    items.push(format!("{label}: {}: {}", w.t(what), text.trim()));
                }
            }
        }
        if items.is_empty() {
            out.push(Block::Placeholder(w.t("placeholder.theme")));
        } else {
            out.push(Block::List(items));
        }
    }
    if o.balance.inclusion.values().any(|n| *n > 0) {
        out.push(heading(4, &w.t("heading.inclusion")));
        out.push(Block::Table(
            ["focus.level", "focus.definition", "table.participants"]
                .map(|k| w.t(k))
                .to_vec(),
            focus
                .inclusion_levels
                .iter()
                .map(|l| {
                    vec![
                        l.label.get(cx.input.lang).to_owned(),
                        l.definition.get(cx.input.lang).to_owned(),
                        w.count(o.balance.inclusion.get(&l.id).copied().unwrap_or(0)),
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
                    h.position.as_ref().map_or("–".into(), |p| {
                        w.f(
                            "focus.position",
                            &[("lat", &w.fixed(p.lat, 5)), ("lon", &w.fixed(p.lon, 5))],
                        )
                    }),
                    cx.session_label(g),
                ]
            })
        })
        .collect();
    if !spots.is_empty() {
        out.push(heading(4, &w.t("heading.hotSpots")));
        out.push(Block::Table(
            ["focus.hotSpot", "focus.position.header", "focus.namedIn"]
                .map(|k| w.t(k))
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
            out.push(Block::Placeholder(w.t("placeholder.toBeCompleted")));
        } else {
            out.push(Block::List(answers));
        }
    }
    if !cx.records.focus_groups.trim().is_empty() {
        free_text(out, &cx.records.focus_groups, "");
    }
}

/// What the executive summary says of desk research and focus groups.
pub(super) fn summary_sentences(w: &Words, m: &MethodsView) -> Vec<String> {
    let r = &m.records;
    let mut sentences = Vec::new();
    if !r.documents.is_empty() || !r.institutions.is_empty() {
        let specific = r
            .documents
            .iter()
            .filter(|d| d.tcn_specific == "yes")
            .count();
        sentences.push(w.f(
            "summary.desk",
            &[
                ("documents", &w.count(r.documents.len())),
                ("specific", &w.count(specific)),
                ("institutions", &w.count(r.institutions.len())),
            ],
        ));
    }
    if !r.focus_groups.is_empty() {
        let o = &m.overview;
        let women = o.balance.genders.get("women").copied().unwrap_or(0);
        let men = o.balance.genders.get("men").copied().unwrap_or(0);
        sentences.push(w.f(
            if o.balance.tcn_present {
                "summary.focusWithTcn"
            } else {
                "summary.focus"
            },
            &[
                ("sessions", &w.count(o.sessions)),
                ("participants", &w.count(o.balance.total)),
                ("women", &w.count(women)),
                ("men", &w.count(men)),
            ],
        ));
    }
    sentences
}
