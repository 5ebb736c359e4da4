//! The City Audit Report, following the toolkit's "City Audit Report
//! structure": title page, table of contents, executive summary,
//! introduction, Part I (context), Part II (desk research, focus groups, city
//! tours and checklists, photovoice), Part III (conclusions and
//! recommendations). Every figure comes from [`crate::analysis`]; texts the
//! city writes come from the facilitator records, or show as placeholders.
//! A EUROCITIES benchmark audit has its own self-assessment report
//! ([`benchmark`]).

pub mod basemap_layer;
pub mod benchmark;
mod blocks;
mod methods;
#[cfg(test)]
mod methods_tests;
pub mod projection;
pub(crate) mod svg;
pub mod words;

pub use blocks::Block;

use base64::Engine;
use std::collections::BTreeMap;

use crate::analysis::{analyse, AuditResults, SectionResult, FLAG_RULE};
use crate::model::{AuditData, FacilitatorRecords};
use crate::profile::{methods_view, MethodsView};
use crate::snapshot::{shared_photos, ExportInput, SharedPhoto};
use crate::templates::MethodsTemplate;
use blocks::{to_html_body, to_markdown};
use words::Words;

/// The catalogue keys of the report's headings (the toolkit's, in
/// English); [`Words::t`] gives them in the report's language.
pub mod headings {
    /// Table of contents.
    pub const CONTENTS: &str = "heading.contents";
    /// Executive summary.
    pub const SUMMARY: &str = "heading.summary";
    /// Introduction.
    pub const INTRODUCTION: &str = "heading.introduction";
    /// Part I.
    pub const PART_ONE: &str = "heading.partOne";
    /// Part II.
    pub const PART_TWO: &str = "heading.partTwo";
    /// Part II: desk research.
    pub const DESK_RESEARCH: &str = "heading.deskResearch";
    /// Part II: focus groups.
    pub const FOCUS_GROUPS: &str = "heading.focusGroups";
    /// Part II: city tours.
    pub const CITY_TOURS: &str = "heading.cityTours";
    /// Part II: photovoice.
    pub const PHOTOVOICE: &str = "heading.photovoice";
    /// Part III.
    pub const PART_THREE: &str = "heading.partThree";
    /// Every heading a report has, in order.
    pub const ALL: [&str; 10] = [
        CONTENTS,
        SUMMARY,
        INTRODUCTION,
        PART_ONE,
        PART_TWO,
        DESK_RESEARCH,
        FOCUS_GROUPS,
        CITY_TOURS,
        PHOTOVOICE,
        PART_THREE,
    ];
}

/// A figure as the English report shows it: two decimals, `–` without data.
pub fn num(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// A change as the English report shows it: signed, two decimals, `–` without data.
pub fn change(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:+.2}"))
}

/// The report as Markdown.
pub fn markdown(input: &ExportInput<'_>) -> String {
    to_markdown(&blocks(input, false), &Words::or_english(input.lang))
}

/// The report as one self-contained HTML file (styles, charts, map and
/// photos embedded) with print rules.
pub fn html(input: &ExportInput<'_>) -> String {
    let title = text_of(&input.audit.title);
    let words = Words::or_english(input.lang);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang = words.lang(),
        dir = words.dir(),
        title = blocks::esc(&title),
        body = to_html_body(&blocks(input, true)),
    )
}

const STYLE: &str = "body{font-family:Georgia,'Noto Serif',serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
h1,h2,h3,h4{font-family:'Noto Sans',Arial,sans-serif;color:#1f4e79}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}\
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:start;vertical-align:top}\
th{background:#eef2f7}.placeholder{color:#666;font-style:italic;border-inline-start:3px solid #ccc;padding-inline-start:.6rem}\
figure{margin:1rem 0;break-inside:avoid}figure svg{max-width:100%;height:auto}\
.photo img{max-width:100%;max-height:22rem;display:block}figcaption{font-size:.85rem;color:#444}\
.title-page{min-height:60vh}.draft-note{border:1px solid #d9a400;background:#fff8e1;padding:.3rem .6rem}nav.contents li.l3{margin-inline-start:1.2rem}\
@page{size:A4;margin:18mm}\
@media print{body{max-width:none;margin:0}a{color:inherit;text-decoration:none}.page-break{break-after:page}h2,h3{break-after:avoid}tr,figure{break-inside:avoid}}";

fn text_of(value: &crate::model::Lenient<String>) -> String {
    value.value().cloned().unwrap_or_default()
}

fn anchor(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == ' ' || c == '-' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading(level, text.to_owned(), anchor(text))
}

/// The note an unreviewed language's report carries near its top.
fn draft_note(w: &Words, out: &mut Vec<Block>) {
    if !w.reviewed() {
        out.push(Block::Note(w.t("note.machineDrafted")));
    }
}

/// What the report needs, computed once.
struct Context<'a> {
    input: &'a ExportInput<'a>,
    /// The report's fixed words and numbers, in the report's language.
    w: Words,
    audit: &'a AuditData,
    results: AuditResults,
    records: FacilitatorRecords,
    photos: Vec<SharedPhoto>,
    /// Desk research and focus groups (`None` only if the built-in texts failed to parse).
    methods: Option<MethodsView>,
    /// Participants' comments by statement, attributed as the facilitator chose.
    comments: BTreeMap<String, Vec<crate::analysis::Comment>>,
}

impl Context<'_> {
    fn section_title(&self, id: &str) -> String {
        self.audit
            .checklist()
            .and_then(|c| c.sections.iter().find(|s| s.id == id))
            .map_or_else(
                || id.to_owned(),
                |s| s.title.get(self.input.lang).to_owned(),
            )
    }

    fn item_text(&self, id: &str) -> String {
        self.audit.item(id).map_or_else(
            || id.to_owned(),
            |(_, i)| i.text.get(self.input.lang).to_owned(),
        )
    }

    fn statement(&self, id: &str) -> String {
        let mean = self.results.item(id).and_then(|i| i.scores.mean);
        self.w.f(
            "statement.withMean",
            &[
                ("id", id),
                ("text", &self.item_text(id)),
                ("mean", &self.w.num(mean)),
            ],
        )
    }

    fn group_label(&self, id: &str) -> String {
        self.audit
            .groups
            .value()
            .into_iter()
            .flatten()
            .find(|g| g.id == id)
            .map_or_else(
                || id.to_owned(),
                |g| g.label.get(self.input.lang).to_owned(),
            )
    }

    fn theme_title(&self, id: &str) -> String {
        self.audit
            .photovoice()
            .and_then(|p| p.themes.iter().find(|t| t.id == id))
            .map_or_else(
                || id.to_owned(),
                |t| t.title.get(self.input.lang).to_owned(),
            )
    }
}

/// The report's blocks; `images`: embed photos as data: URLs.
pub fn blocks(input: &ExportInput<'_>, images: bool) -> Vec<Block> {
    if let Some(self_assessment) = benchmark::blocks(input) {
        return self_assessment;
    }
    let cx = Context {
        input,
        w: Words::or_english(input.lang),
        audit: input.audit,
        results: analyse(input.audit, input.responses, input.earlier),
        records: input.audit.records(),
        comments: crate::analysis::comments(
            input.audit,
            input.responses,
            input.audit.records().show_names,
        ),
        photos: shared_photos(input),
        methods: MethodsTemplate::builtin().ok().map(|template| {
            let groups = input.audit.groups.value().cloned().unwrap_or_default();
            methods_view(input.audit.method_records(), groups, &template)
        }),
    };
    let mut out = Vec::new();
    title_page(&cx, &mut out);
    let w = &cx.w;
    out.push(heading(2, &w.t(headings::CONTENTS)));
    out.push(Block::Contents);
    out.push(Block::PageBreak);
    summary(&cx, &mut out);
    introduction(&cx, &mut out);
    out.push(heading(2, &w.t(headings::PART_ONE)));
    free_text(
        &mut out,
        &cx.records.city_context,
        &w.t("placeholder.cityContext"),
    );
    out.push(heading(2, &w.t(headings::PART_TWO)));
    out.push(heading(3, &w.t(headings::DESK_RESEARCH)));
    if let Some(m) = &cx.methods {
        methods::desk_research(&cx, m, &mut out);
    }
    out.push(heading(3, &w.t(headings::FOCUS_GROUPS)));
    if let Some(m) = &cx.methods {
        methods::focus_groups(&cx, m, &mut out);
    }
    city_tours(&cx, &mut out);
    photovoice(&cx, &mut out, images);
    conclusions(&cx, &mut out);
    out
}

fn free_text(out: &mut Vec<Block>, text: &str, placeholder: &str) {
    if text.trim().is_empty() {
        if placeholder.is_empty() {
            return;
        }
        out.push(Block::Placeholder(placeholder.to_owned()));
    } else {
        out.extend(text.split("\n\n").map(|p| Block::Para(p.trim().to_owned())));
    }
}

fn title_page(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (a, w) = (cx.audit, &cx.w);
    out.push(heading(1, &text_of(&a.title)));
    draft_note(w, out);
    out.push(Block::Para(w.f(
        "title.subtitle",
        &[
            ("city", &text_of(&a.city)),
            ("from", &text_of(&a.starts_on)),
            ("to", &text_of(&a.ends_on)),
        ],
    )));
    let authors = authors(a);
    if authors.is_empty() {
        out.push(Block::Placeholder(w.t("title.authorsMissing")));
    } else {
        out.push(Block::Para(
            w.f("title.authors", &[("names", &authors.join(", "))]),
        ));
    }
    out.push(Block::Para(w.t("title.disclaimer")));
    out.push(Block::PageBreak);
}

/// The report's authors: the audit's facilitators, by display name.
fn authors(audit: &AuditData) -> Vec<String> {
    audit
        .roster()
        .filter(|(_, e)| e.role == "facilitator")
        .map(|(_, e)| e.display_name.clone())
        .collect()
}

fn area_row(cx: &Context<'_>, s: &SectionResult) -> Vec<String> {
    let w = &cx.w;
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| format!("{i} {}", cx.item_text(i)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        cx.section_title(&s.section),
        w.num(s.mean),
        list(&s.best),
        list(&s.most_challenging),
        w.count(s.items.iter().filter(|i| i.flagged).count()),
    ]
}

fn summary(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (r, w) = (&cx.results, &cx.w);
    out.push(heading(2, &w.t(headings::SUMMARY)));
    out.push(Block::Para(w.f(
        "summary.checklist",
        &[
            ("participants", &w.count(r.participants)),
            ("groups", &w.count(r.groups.len())),
            ("places", &w.count(r.stops.len())),
            ("overall", &w.num(r.overall_mean)),
            ("flagged", &w.count(r.flagged().len())),
            ("one", &w.count(1)),
            ("five", &w.count(5)),
        ],
    )));
    out.push(Block::Table(
        [
            "table.area",
            "table.mean",
            "table.bestAssessed",
            "table.mostChallenging",
            "table.flagged",
        ]
        .map(|k| w.t(k))
        .to_vec(),
        r.sections.iter().map(|s| area_row(cx, s)).collect(),
    ));
    if let Some(c) = &r.comparison {
        out.push(Block::Para(w.f(
            "summary.comparison",
            &[
                ("title", &c.earlier_title),
                ("date", &c.earlier_starts_on),
                ("change", &w.change(c.overall.change)),
                ("from", &w.num(c.overall.earlier)),
                ("to", &w.num(c.overall.current)),
            ],
        )));
    }
    if let Some(m) = &cx.methods {
        out.extend(
            methods::summary_sentences(w, m)
                .into_iter()
                .map(Block::Para),
        );
    }
    let (received, taken): (Vec<&SharedPhoto>, Vec<&SharedPhoto>) =
        cx.photos.iter().partition(|p| p.received_via.is_some());
    if !taken.is_empty() {
        let photographers: std::collections::BTreeSet<&str> =
            taken.iter().map(|p| p.participant_id.as_str()).collect();
        out.push(Block::Para(w.f(
            "summary.photovoice",
            &[
                ("participants", &w.count(photographers.len())),
                ("photos", &w.count(taken.len())),
            ],
        )));
    }
    if !received.is_empty() {
        out.push(Block::Para(received_sentence(w, &received)));
    }
}

/// "3 photos were received outside the app, with their photographers'
/// consent (credits: A, B)."
fn received_sentence(w: &Words, received: &[&SharedPhoto]) -> String {
    let credits: std::collections::BTreeSet<&str> =
        received.iter().map(|p| p.credit.as_str()).collect();
    let key = if received.len() == 1 {
        "photos.received.one"
    } else {
        "photos.received.other"
    };
    w.f(
        key,
        &[
            ("n", &w.count(received.len())),
            (
                "credits",
                &credits.into_iter().collect::<Vec<_>>().join(", "),
            ),
        ],
    )
}

/// "a", "a and b", "a, b and c".
fn and_list(w: &Words, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => w.f("list.and", &[("rest", &rest.join(", ")), ("last", last)]),
    }
}

fn introduction(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (a, w) = (cx.audit, &cx.w);
    let mut methods = Vec::new();
    if let Some(m) = &cx.methods {
        let r = &m.records;
        if !r.documents.is_empty() || !r.institutions.is_empty() {
            methods.push(w.t("method.deskResearch"));
        }
        if !r.focus_groups.is_empty() {
            methods.push(w.t("method.focusGroups"));
        }
    }
    if a.checklist().is_some() {
        methods.push(w.t("method.cityWalk"));
    }
    if a.photovoice().is_some() {
        methods.push(w.t("method.photovoice"));
    }
    out.push(heading(2, &w.t(headings::INTRODUCTION)));
    let areas = cx
        .results
        .sections
        .iter()
        .map(|s| cx.section_title(&s.section))
        .collect::<Vec<_>>()
        .join("; ");
    out.push(Block::Para(w.f(
        "introduction.text",
        &[
            ("title", &text_of(&a.title)),
            ("city", &text_of(&a.city)),
            ("from", &text_of(&a.starts_on)),
            ("to", &text_of(&a.ends_on)),
            ("meetingPoint", &text_of(&a.meeting_point)),
            ("methods", &and_list(w, &methods)),
            ("areas", &areas),
        ],
    )));
}

fn city_tours(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (r, w) = (&cx.results, &cx.w);
    out.push(heading(3, &w.t(headings::CITY_TOURS)));
    out.push(Block::Para(w.f(
        "tours.intro",
        &[
            ("participants", &w.count(r.participants)),
            ("places", &w.count(r.stops.len())),
        ],
    )));
    out.push(Block::Table(
        [
            "table.participantGroup",
            "table.participants",
            "table.overallMean",
        ]
        .map(|k| w.t(k))
        .to_vec(),
        r.groups
            .iter()
            .map(|g| {
                vec![
                    cx.group_label(&g.group),
                    w.count(g.participants),
                    w.num(g.overall_mean),
                ]
            })
            .collect(),
    ));
    out.push(heading(4, &w.t("heading.locations")));
    out.push(Block::Table(
        [
            "table.nameOfArea",
            "table.specificLocation",
            "table.visits",
            "table.mean",
        ]
        .map(|k| w.t(k))
        .to_vec(),
        r.stops
            .iter()
            .map(|s| {
                vec![
                    s.name_of_area.clone(),
                    s.specific_location.clone(),
                    w.count(s.visits),
                    w.num(s.mean),
                ]
            })
            .collect(),
    ));
    let base = base_layer(cx);
    let base = base.as_ref().map(|b| b as &dyn basemap_layer::BaseLayer);
    if let Some(map) = svg::map(&crate::snapshot::map_features(cx.input), base, w) {
        out.push(Block::Figure(map, w.t("figure.map")));
    }
    for s in &r.sections {
        let title = cx.section_title(&s.section);
        out.push(heading(4, &title));
        out.push(Block::Para(
            w.f("tours.areaMean", &[("mean", &w.num(s.mean))]),
        ));
        let rows = s
            .items
            .iter()
            .map(|i| {
                let consensus = cx.records.consensus.get(&i.item);
                vec![
                    format!("{} {}", i.item, cx.item_text(&i.item)),
                    w.count(i.scores.n),
                    w.num(i.scores.mean),
                    w.num(i.scores.median),
                    w.num(i.scores.sd),
                    format!("{}–{}", w.num(i.scores.min), w.num(i.scores.max)),
                    w.count(i.dont_know),
                    if i.flagged {
                        w.t("table.discuss")
                    } else {
                        String::new()
                    },
                    consensus
                        .map(|c| {
                            let score = c
                                .score
                                .map_or_else(|| w.t("table.notAgreed"), |s| w.count(s));
                            if c.note.is_empty() {
                                score
                            } else {
                                format!("{score}: {}", c.note)
                            }
                        })
                        .unwrap_or_default(),
                ]
            })
            .collect();
        out.push(Block::Table(
            [
                "table.statement",
                "table.n",
                "table.mean",
                "table.median",
                "table.sd",
                "table.range",
                "table.dontKnow",
                "table.flag",
                "table.consensus",
            ]
            .map(|k| w.t(k))
            .to_vec(),
            rows,
        ));
        let labels: Vec<String> = s.items.iter().map(|i| i.item.clone()).collect();
        out.push(Block::Figure(
            svg::distribution(&s.items, &labels, w),
            w.f("figure.distribution", &[("area", &title)]),
        ));
        let listed = |ids: &[String]| {
            if ids.is_empty() {
                "–".to_owned()
            } else {
                ids.iter()
                    .map(|i| cx.statement(i))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        };
        out.push(Block::List(vec![
            w.f("tours.best", &[("items", &listed(&s.best))]),
            w.f("tours.worst", &[("items", &listed(&s.most_challenging))]),
        ]));
        let quoted: Vec<String> = s
            .items
            .iter()
            .flat_map(|i| cx.comments.get(&i.item).into_iter().flatten())
            .filter(|c| cx.records.quoted_comments.contains(&c.key))
            .map(|c| {
                let author = person(w, &c.author, c.anonymous);
                let args = [
                    ("item", c.item.as_str()),
                    ("text", c.text.as_str()),
                    ("author", author.as_str()),
                    ("stop", c.stop.as_deref().unwrap_or("")),
                ];
                match c.stop {
                    Some(_) => w.f("tours.quoteAt", &args),
                    None => w.f("tours.quote", &args),
                }
            })
            .collect();
        if !quoted.is_empty() {
            out.push(Block::Para(w.t("tours.quotesIntro")));
            out.push(Block::List(quoted));
        }
        if let Some(ideas) = cx
            .records
            .area_ideas
            .get(&s.section)
            .filter(|i| !i.ideas.trim().is_empty())
        {
            out.push(Block::Para(
                w.f("tours.ideas", &[("ideas", ideas.ideas.trim())]),
            ));
        }
    }
    group_comparison(cx, out);
    earlier_comparison(cx, out);
    if !r.invalid.is_empty() {
        out.push(heading(4, &w.t("heading.excluded")));
        out.push(Block::Table(
            [
                "table.participant",
                "table.statement",
                "table.value",
                "table.reason",
            ]
            .map(|k| w.t(k))
            .to_vec(),
            r.invalid
                .iter()
                .map(|v| {
                    vec![
                        person(w, &v.pseudonym, v.anonymous),
                        v.item.clone(),
                        found_value(w, &v.found),
                        v.why.in_words(w),
                    ]
                })
                .collect(),
        ));
    }
    out.push(Block::Para(
        w.f("tours.flagRule", &[("rule", &flag_rule(w))]),
    ));
}

/// A participant as the report names them: their display name, or
/// "Participant N" in the report's language when anonymised.
fn person(w: &Words, name: &str, anonymous: Option<usize>) -> String {
    anonymous.map_or_else(
        || name.to_owned(),
        |n| crate::analysis::anonymous_label_in(w, n),
    )
}

/// An excluded value as found, in the report's words and digits.
fn found_value(w: &Words, value: &crate::model::AnswerValue) -> String {
    use crate::model::AnswerValue;
    match value {
        AnswerValue::Score(s) => w.count(s.get()),
        AnswerValue::DontKnow => w.t("chart.dontKnow"),
        AnswerValue::Invalid(reason) => reason.in_words(w),
        AnswerValue::Unanswered => String::new(),
    }
}

/// [`FLAG_RULE`] in the report's words and numbers.
fn flag_rule(w: &Words) -> String {
    w.f(
        "tours.flagRuleWords",
        &[
            ("range", &w.fixed(FLAG_RULE.min_range, 0)),
            ("sd", &w.fixed(FLAG_RULE.min_sd, 2)),
            ("n", &w.count(FLAG_RULE.min_scores)),
        ],
    )
}

fn group_comparison(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (r, w) = (&cx.results, &cx.w);
    if r.groups.len() < 2 {
        return;
    }
    out.push(heading(4, &w.t("heading.byGroup")));
    let mut head = vec![w.t("table.area"), w.t("table.all")];
    head.extend(r.groups.iter().map(|g| cx.group_label(&g.group)));
    let rows = r
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let mut row = vec![cx.section_title(&s.section), w.num(s.mean)];
            row.extend(
                r.groups
                    .iter()
                    .map(|g| w.num(g.sections.get(k).and_then(|x| x.mean))),
            );
            row
        })
        .collect();
    out.push(Block::Table(head, rows));
    let areas: Vec<String> = r.sections.iter().map(|s| s.section.clone()).collect();
    let mut series = vec![(
        w.t("table.all"),
        r.sections.iter().map(|s| s.mean).collect(),
    )];
    series.extend(r.groups.iter().map(|g| {
        (
            cx.group_label(&g.group),
            g.sections.iter().map(|s| s.mean).collect(),
        )
    }));
    out.push(Block::Figure(
        svg::grouped_means(&areas, &series, w),
        w.t("figure.byGroup"),
    ));
}

fn earlier_comparison(cx: &Context<'_>, out: &mut Vec<Block>) {
    let Some(c) = &cx.results.comparison else {
        return;
    };
    let w = &cx.w;
    out.push(heading(4, &w.t("heading.change")));
    out.push(Block::Para(w.f(
        "change.against",
        &[("title", &c.earlier_title), ("date", &c.earlier_starts_on)],
    )));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &cx.results.sections {
        if let Some(ch) = c.sections.get(&s.section) {
            rows.push(vec![
                cx.section_title(&s.section),
                w.num(ch.earlier),
                w.num(ch.current),
                w.change(ch.change),
            ]);
        }
        for i in &s.items {
            if let Some(ch) = c
                .items
                .get(&i.item)
                .filter(|ch| ch.earlier.is_some() || ch.current.is_some())
            {
                rows.push(vec![
                    format!("  {}", i.item),
                    w.num(ch.earlier),
                    w.num(ch.current),
                    w.change(ch.change),
                ]);
            }
        }
    }
    rows.push(vec![
        w.t("table.overall"),
        w.num(c.overall.earlier),
        w.num(c.overall.current),
        w.change(c.overall.change),
    ]);
    out.push(Block::Table(
        [
            "table.areaOrStatement",
            "table.earlier",
            "table.now",
            "table.change",
        ]
        .map(|k| w.t(k))
        .to_vec(),
        rows,
    ));
    if !c.reworded.is_empty() {
        out.push(Block::Para(w.t("change.reworded")));
        out.push(Block::List(
            c.reworded
                .iter()
                .map(|(item, earlier)| {
                    w.f(
                        "change.rewordedItem",
                        &[("item", item.as_str()), ("earlier", earlier.as_str())],
                    )
                })
                .collect(),
        ));
    }
}

/// The audit's base map package, when one is attached and readable here.
fn base_layer<'a>(
    cx: &Context<'a>,
) -> Option<basemap_layer::PackageLayer<basemap_layer::BlobPackage<'a>>> {
    basemap_layer::open(&cx.audit.base_map()?, cx.input.blobs)
}

fn photovoice(cx: &Context<'_>, out: &mut Vec<Block>, images: bool) {
    let w = &cx.w;
    out.push(heading(3, &w.t(headings::PHOTOVOICE)));
    let Some(template) = cx.audit.photovoice() else {
        out.push(Block::Para(w.t("photos.notUsed")));
        return;
    };
    let mut by_group: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
    let (received, taken): (Vec<&SharedPhoto>, Vec<&SharedPhoto>) =
        cx.photos.iter().partition(|p| p.received_via.is_some());
    for p in &taken {
        let group = cx
            .input
            .responses
            .iter()
            .filter_map(|r| r.participant())
            .find(|x| x.id == p.participant_id)
            .map_or_else(String::new, |x| cx.group_label(&x.group));
        by_group.entry(group).or_default().insert(&p.participant_id);
    }
    let photographers: usize = by_group.values().map(|s| s.len()).sum();
    let groups = by_group
        .iter()
        .map(|(g, s)| format!("{g}: {}", w.count(s.len())))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(Block::Para(w.f(
        "photos.shared",
        &[
            ("participants", &w.count(photographers)),
            ("photos", &w.count(taken.len())),
            ("groups", &groups),
        ],
    )));
    if !received.is_empty() {
        out.push(Block::Para(received_sentence(w, &received)));
    }
    out.push(Block::Table(
        ["table.topic", "table.photos", "table.marked"]
            .map(|k| w.t(k))
            .to_vec(),
        template
            .themes
            .iter()
            .map(|t| {
                let of = cx.photos.iter().filter(|p| p.theme == t.id);
                let marked = of
                    .clone()
                    .filter(|p| cx.records.marked_photos.contains(&p.hash))
                    .count();
                vec![
                    t.title.get(cx.input.lang).to_owned(),
                    w.count(of.count()),
                    w.count(marked),
                ]
            })
            .collect(),
    ));
    for theme in &template.themes {
        let marked: Vec<&SharedPhoto> = cx
            .photos
            .iter()
            .filter(|p| p.theme == theme.id && cx.records.marked_photos.contains(&p.hash))
            .collect();
        if marked.is_empty() {
            continue;
        }
        out.push(heading(4, &cx.theme_title(&theme.id)));
        for p in marked {
            let src = if images {
                cx.input.blobs.blob(&p.hash).map(|bytes| {
                    format!(
                        "data:{};base64,{}",
                        p.media_type,
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    )
                })
            } else {
                None
            };
            out.push(Block::Photo(
                src,
                p.title.clone(),
                w.f(
                    "photos.caption",
                    &[("caption", &p.caption), ("credit", &p.credit)],
                ),
            ));
        }
    }
    out.push(heading(4, &w.t("heading.findings")));
    let findings: Vec<String> = template
        .wrap_up
        .iter()
        .map(|q| {
            let text = cx
                .records
                .wrap_up
                .get(&q.id)
                .map(|t| t.trim())
                .unwrap_or("");
            let text = if text.is_empty() {
                w.t("placeholder.toBeCompletedLower")
            } else {
                text.to_owned()
            };
            format!("{}: {text}", q.title.get(cx.input.lang))
        })
        .collect();
    out.push(Block::List(findings));
}

fn conclusions(cx: &Context<'_>, out: &mut Vec<Block>) {
    let (r, w) = (&cx.results, &cx.w);
    out.push(heading(2, &w.t(headings::PART_THREE)));
    let scored: Vec<&SectionResult> = r.sections.iter().filter(|s| s.mean.is_some()).collect();
    let strongest = scored.iter().max_by(|a, b| {
        a.mean
            .partial_cmp(&b.mean)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let weakest = scored.iter().min_by(|a, b| {
        a.mean
            .partial_cmp(&b.mean)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if let (Some(best), Some(worst)) = (strongest, weakest) {
        out.push(Block::Para(w.f(
            "conclusions.areas",
            &[
                ("best", &cx.section_title(&best.section)),
                ("bestMean", &w.num(best.mean)),
                ("worst", &cx.section_title(&worst.section)),
                ("worstMean", &w.num(worst.mean)),
            ],
        )));
    }
    for s in &r.sections {
        let records = cx.records.area_ideas.get(&s.section);
        let recommendations = records.map(|i| i.recommendations.trim()).unwrap_or("");
        out.push(heading(
            4,
            &w.f(
                "heading.recommendations",
                &[("area", &cx.section_title(&s.section))],
            ),
        ));
        if recommendations.is_empty() {
            out.push(Block::Placeholder(w.t("placeholder.recommendations")));
        } else {
            out.push(Block::Para(recommendations.to_owned()));
        }
    }
    if let Some(way_ahead) = cx
        .records
        .wrap_up
        .get("way_ahead")
        .filter(|t| !t.trim().is_empty())
    {
        out.push(Block::Para(
            w.f("conclusions.wayAhead", &[("text", way_ahead.trim())]),
        ));
    }
}
