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

pub use blocks::Block;

use base64::Engine;
use std::collections::BTreeMap;

use crate::analysis::{analyse, AuditResults, SectionResult};
use crate::model::{AuditData, FacilitatorRecords};
use crate::profile::{methods_view, MethodsView};
use crate::snapshot::{shared_photos, ExportInput, SharedPhoto};
use crate::templates::MethodsTemplate;
use blocks::{to_html_body, to_markdown};

/// The report's headings, verbatim from the toolkit.
pub mod headings {
    /// Table of contents.
    pub const CONTENTS: &str = "Table of contents";
    /// Executive summary.
    pub const SUMMARY: &str = "Executive Summary";
    /// Introduction.
    pub const INTRODUCTION: &str = "Introduction";
    /// Part I.
    pub const PART_ONE: &str = "Part I. City/Municipal Context";
    /// Part II.
    pub const PART_TWO: &str = "Part II. Main Audit Findings";
    /// Part II: desk research.
    pub const DESK_RESEARCH: &str = "Desk Research";
    /// Part II: focus groups.
    pub const FOCUS_GROUPS: &str = "Focus Groups";
    /// Part II: city tours.
    pub const CITY_TOURS: &str = "City Tours and Checklists";
    /// Part II: photovoice.
    pub const PHOTOVOICE: &str = "Photovoice";
    /// Part III.
    pub const PART_THREE: &str = "Part III. Conclusions and recommendations";
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

/// The disclaimer of the title page.
pub const DISCLAIMER: &str = "This report was prepared with the INTEGRA City Integration Audit Toolkit. \
The content of this report represents the views of its authors only and is their sole responsibility. \
The European Commission does not accept any responsibility for use that may be made of the information it contains.";

/// A figure as the report shows it: two decimals, `–` without data.
pub fn num(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// A change as the report shows it: signed, two decimals, `–` without data.
pub fn change(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:+.2}"))
}

/// The report as Markdown.
pub fn markdown(input: &ExportInput<'_>) -> String {
    to_markdown(&blocks(input, false))
}

/// The report as one self-contained HTML file (styles, charts, map and
/// photos embedded) with print rules.
pub fn html(input: &ExportInput<'_>) -> String {
    let title = text_of(&input.audit.title);
    let dir = if input.lang == "ar" { "rtl" } else { "ltr" };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang = blocks::esc(input.lang),
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
.title-page{min-height:60vh}nav.contents li.l3{margin-inline-start:1.2rem}\
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

/// What the report needs, computed once.
struct Context<'a> {
    input: &'a ExportInput<'a>,
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
        format!("{id} {} (mean {})", self.item_text(id), num(mean))
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
    out.push(heading(2, headings::CONTENTS));
    out.push(Block::Contents);
    out.push(Block::PageBreak);
    summary(&cx, &mut out);
    introduction(&cx, &mut out);
    out.push(heading(2, headings::PART_ONE));
    free_text(&mut out, &cx.records.city_context, "To be completed by the city: population, territory, statistics on TCN in the city for the last three years; social and political responses to TCN and migrants; a brief overview of the attitudes towards TCN and migrants in the city.");
    out.push(heading(2, headings::PART_TWO));
    out.push(heading(3, headings::DESK_RESEARCH));
    if let Some(m) = &cx.methods {
        methods::desk_research(&cx, m, &mut out);
    }
    out.push(heading(3, headings::FOCUS_GROUPS));
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
    let a = cx.audit;
    out.push(heading(1, &text_of(&a.title)));
    out.push(Block::Para(format!(
        "City Integration Audit Report — {}, {} to {}",
        text_of(&a.city),
        text_of(&a.starts_on),
        text_of(&a.ends_on)
    )));
    let authors = authors(a);
    if authors.is_empty() {
        out.push(Block::Placeholder("Authors: to be completed.".into()));
    } else {
        out.push(Block::Para(format!("Authors: {}", authors.join(", "))));
    }
    out.push(Block::Para(DISCLAIMER.to_owned()));
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
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| format!("{i} {}", cx.item_text(i)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        cx.section_title(&s.section),
        num(s.mean),
        list(&s.best),
        list(&s.most_challenging),
        s.items.iter().filter(|i| i.flagged).count().to_string(),
    ]
}

fn summary(cx: &Context<'_>, out: &mut Vec<Block>) {
    let r = &cx.results;
    out.push(heading(2, headings::SUMMARY));
    out.push(Block::Para(format!(
        "{} participants from {} groups scored the checklist statements from 1 (poor) to 5 (excellent) at {} places. \
The overall score, the mean of all statement means, is {}. {} statements scored so differently that they were put to a consensus discussion.",
        r.participants,
        r.groups.len(),
        r.stops.len(),
        num(r.overall_mean),
        r.flagged().len()
    )));
    out.push(Block::Table(
        vec![
            "Area".into(),
            "Mean".into(),
            "Best-assessed".into(),
            "Most challenging".into(),
            "Flagged".into(),
        ],
        r.sections.iter().map(|s| area_row(cx, s)).collect(),
    ));
    if let Some(c) = &r.comparison {
        out.push(Block::Para(format!(
            "Against the earlier audit \"{}\" ({}) the overall score changed by {} (from {} to {}).",
            c.earlier_title,
            c.earlier_starts_on,
            change(c.overall.change),
            num(c.overall.earlier),
            num(c.overall.current)
        )));
    }
    if let Some(m) = &cx.methods {
        out.extend(methods::summary_sentences(m).into_iter().map(Block::Para));
    }
    let (received, taken): (Vec<&SharedPhoto>, Vec<&SharedPhoto>) =
        cx.photos.iter().partition(|p| p.received_via.is_some());
    if !taken.is_empty() {
        let photographers: std::collections::BTreeSet<&str> =
            taken.iter().map(|p| p.participant_id.as_str()).collect();
        out.push(Block::Para(format!(
            "In the photovoice, {} participants shared {} photos.",
            photographers.len(),
            taken.len()
        )));
    }
    if !received.is_empty() {
        out.push(Block::Para(received_sentence(&received)));
    }
}

/// "3 photos were received outside the app, with their photographers'
/// consent (credits: A, B)."
fn received_sentence(received: &[&SharedPhoto]) -> String {
    let credits: std::collections::BTreeSet<&str> =
        received.iter().map(|p| p.credit.as_str()).collect();
    format!(
        "{} {} received outside the app with the photographers' consent (credits: {}).",
        received.len(),
        if received.len() == 1 {
            "photo was"
        } else {
            "photos were"
        },
        credits.into_iter().collect::<Vec<_>>().join(", ")
    )
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn introduction(cx: &Context<'_>, out: &mut Vec<Block>) {
    let a = cx.audit;
    let mut methods = Vec::new();
    if let Some(m) = &cx.methods {
        let r = &m.records;
        if !r.documents.is_empty() || !r.institutions.is_empty() {
            methods.push("desk research");
        }
        if !r.focus_groups.is_empty() {
            methods.push("focus groups");
        }
    }
    if a.checklist().is_some() {
        methods.push("a city walk with the checklist");
    }
    if a.photovoice().is_some() {
        methods.push("photovoice");
    }
    out.push(heading(2, headings::INTRODUCTION));
    out.push(Block::Para(format!(
        "This report presents the city integration audit \"{}\" of {}, held from {} to {} (meeting point: {}). \
It follows the INTEGRA City Integration Audit Toolkit and used {}. The audit covers the four areas of a TCN-friendly city: {}.",
        text_of(&a.title),
        text_of(&a.city),
        text_of(&a.starts_on),
        text_of(&a.ends_on),
        text_of(&a.meeting_point),
        and_list(&methods),
        cx.results
            .sections
            .iter()
            .map(|s| cx.section_title(&s.section))
            .collect::<Vec<_>>()
            .join("; ")
    )));
}

fn city_tours(cx: &Context<'_>, out: &mut Vec<Block>) {
    let r = &cx.results;
    out.push(heading(3, headings::CITY_TOURS));
    out.push(Block::Para(format!(
        "{} participants took part; {} places were visited.",
        r.participants,
        r.stops.len()
    )));
    out.push(Block::Table(
        vec![
            "Participant group".into(),
            "Participants".into(),
            "Overall mean".into(),
        ],
        r.groups
            .iter()
            .map(|g| {
                vec![
                    cx.group_label(&g.group),
                    g.participants.to_string(),
                    num(g.overall_mean),
                ]
            })
            .collect(),
    ));
    out.push(heading(4, "Locations visited"));
    out.push(Block::Table(
        vec![
            "Name of area".into(),
            "Specific location".into(),
            "Visits".into(),
            "Mean".into(),
        ],
        r.stops
            .iter()
            .map(|s| {
                vec![
                    s.name_of_area.clone(),
                    s.specific_location.clone(),
                    s.visits.to_string(),
                    num(s.mean),
                ]
            })
            .collect(),
    ));
    let base = base_layer(cx);
    let base = base.as_ref().map(|b| b as &dyn basemap_layer::BaseLayer);
    if let Some(map) = svg::map(&crate::snapshot::map_features(cx.input), base) {
        out.push(Block::Figure(
            map,
            "Planned stops, stop visits, photo locations and tracks".into(),
        ));
    }
    for s in &r.sections {
        let title = cx.section_title(&s.section);
        out.push(heading(4, &title));
        out.push(Block::Para(format!("Area mean: {}.", num(s.mean))));
        let rows = s
            .items
            .iter()
            .map(|i| {
                let consensus = cx.records.consensus.get(&i.item);
                vec![
                    format!("{} {}", i.item, cx.item_text(&i.item)),
                    i.scores.n.to_string(),
                    num(i.scores.mean),
                    num(i.scores.median),
                    num(i.scores.sd),
                    format!("{}–{}", num(i.scores.min), num(i.scores.max)),
                    i.dont_know.to_string(),
                    if i.flagged {
                        "discuss".into()
                    } else {
                        String::new()
                    },
                    consensus
                        .map(|c| {
                            let score = c.score.map_or("not agreed".to_owned(), |s| s.to_string());
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
                "Statement",
                "n",
                "Mean",
                "Median",
                "SD",
                "Range",
                "Don't know",
                "Flag",
                "Consensus",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        ));
        let labels: Vec<String> = s.items.iter().map(|i| i.item.clone()).collect();
        out.push(Block::Figure(
            svg::distribution(&s.items, &labels),
            format!("Score distribution per statement: {title}"),
        ));
        let best: Vec<String> = s.best.iter().map(|i| cx.statement(i)).collect();
        let worst: Vec<String> = s.most_challenging.iter().map(|i| cx.statement(i)).collect();
        out.push(Block::List(vec![
            format!(
                "Best-assessed: {}",
                if best.is_empty() {
                    "–".into()
                } else {
                    best.join("; ")
                }
            ),
            format!(
                "Most challenging: {}",
                if worst.is_empty() {
                    "–".into()
                } else {
                    worst.join("; ")
                }
            ),
        ]));
        let quoted: Vec<String> = s
            .items
            .iter()
            .flat_map(|i| cx.comments.get(&i.item).into_iter().flatten())
            .filter(|c| cx.records.quoted_comments.contains(&c.key))
            .map(|c| {
                let place = c
                    .stop
                    .as_ref()
                    .map_or(String::new(), |stop| format!(", at {stop}"));
                format!(
                    "{}: \u{201c}{}\u{201d} ({}{place})",
                    c.item, c.text, c.author
                )
            })
            .collect();
        if !quoted.is_empty() {
            out.push(Block::Para("In the participants' words:".into()));
            out.push(Block::List(quoted));
        }
        if let Some(ideas) = cx
            .records
            .area_ideas
            .get(&s.section)
            .filter(|i| !i.ideas.trim().is_empty())
        {
            out.push(Block::Para(format!(
                "Ideas for improvement: {}",
                ideas.ideas.trim()
            )));
        }
    }
    group_comparison(cx, out);
    earlier_comparison(cx, out);
    if !r.invalid.is_empty() {
        out.push(heading(4, "Values excluded"));
        out.push(Block::Table(
            vec![
                "Participant".into(),
                "Statement".into(),
                "Value".into(),
                "Reason".into(),
            ],
            r.invalid
                .iter()
                .map(|v| {
                    vec![
                        v.pseudonym.clone(),
                        v.item.clone(),
                        v.value.clone(),
                        v.reason.clone(),
                    ]
                })
                .collect(),
        ));
    }
    out.push(Block::Para(format!(
        "Statements were flagged for the consensus discussion when {}.",
        r.flag_rule
    )));
}

fn group_comparison(cx: &Context<'_>, out: &mut Vec<Block>) {
    let r = &cx.results;
    if r.groups.len() < 2 {
        return;
    }
    out.push(heading(4, "Results by participant group"));
    let mut head = vec!["Area".to_owned(), "All".to_owned()];
    head.extend(r.groups.iter().map(|g| cx.group_label(&g.group)));
    let rows = r
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let mut row = vec![cx.section_title(&s.section), num(s.mean)];
            row.extend(
                r.groups
                    .iter()
                    .map(|g| num(g.sections.get(k).and_then(|x| x.mean))),
            );
            row
        })
        .collect();
    out.push(Block::Table(head, rows));
    let areas: Vec<String> = r.sections.iter().map(|s| s.section.clone()).collect();
    let mut series = vec![(
        "All".to_owned(),
        r.sections.iter().map(|s| s.mean).collect(),
    )];
    series.extend(r.groups.iter().map(|g| {
        (
            cx.group_label(&g.group),
            g.sections.iter().map(|s| s.mean).collect(),
        )
    }));
    out.push(Block::Figure(
        svg::grouped_means(&areas, &series),
        "Area means by participant group".into(),
    ));
}

fn earlier_comparison(cx: &Context<'_>, out: &mut Vec<Block>) {
    let Some(c) = &cx.results.comparison else {
        return;
    };
    out.push(heading(4, "Change since the earlier audit"));
    out.push(Block::Para(format!(
        "Compared with \"{}\" ({}).",
        c.earlier_title, c.earlier_starts_on
    )));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &cx.results.sections {
        if let Some(ch) = c.sections.get(&s.section) {
            rows.push(vec![
                cx.section_title(&s.section),
                num(ch.earlier),
                num(ch.current),
                change(ch.change),
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
                    num(ch.earlier),
                    num(ch.current),
                    change(ch.change),
                ]);
            }
        }
    }
    rows.push(vec![
        "Overall".into(),
        num(c.overall.earlier),
        num(c.overall.current),
        change(c.overall.change),
    ]);
    out.push(Block::Table(
        vec![
            "Area / statement".into(),
            "Earlier".into(),
            "Now".into(),
            "Change".into(),
        ],
        rows,
    ));
}

/// The audit's base map package, when one is attached and readable here.
fn base_layer<'a>(
    cx: &Context<'a>,
) -> Option<basemap_layer::PackageLayer<basemap_layer::BlobPackage<'a>>> {
    basemap_layer::open(&cx.audit.base_map()?, cx.input.blobs)
}

fn photovoice(cx: &Context<'_>, out: &mut Vec<Block>, images: bool) {
    out.push(heading(3, headings::PHOTOVOICE));
    let Some(template) = cx.audit.photovoice() else {
        out.push(Block::Para("This audit did not use photovoice.".into()));
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
    out.push(Block::Para(format!(
        "{photographers} participants shared {} photos ({}).",
        taken.len(),
        by_group
            .iter()
            .map(|(g, s)| format!("{g}: {}", s.len()))
            .collect::<Vec<_>>()
            .join(", ")
    )));
    if !received.is_empty() {
        out.push(Block::Para(received_sentence(&received)));
    }
    out.push(Block::Table(
        vec![
            "Topic".into(),
            "Photos".into(),
            "Marked for the report".into(),
        ],
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
                    of.count().to_string(),
                    marked.to_string(),
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
                format!("{} Photo: {}", p.caption, p.credit),
            ));
        }
    }
    out.push(heading(4, "Findings"));
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
            format!(
                "{}: {}",
                q.title.get(cx.input.lang),
                if text.is_empty() {
                    "to be completed"
                } else {
                    text
                }
            )
        })
        .collect();
    out.push(Block::List(findings));
}

fn conclusions(cx: &Context<'_>, out: &mut Vec<Block>) {
    let r = &cx.results;
    out.push(heading(2, headings::PART_THREE));
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
    if let (Some(s), Some(w)) = (strongest, weakest) {
        out.push(Block::Para(format!(
            "The best-assessed area is {} (mean {}); the most challenging is {} (mean {}).",
            cx.section_title(&s.section),
            num(s.mean),
            cx.section_title(&w.section),
            num(w.mean)
        )));
    }
    for s in &r.sections {
        let records = cx.records.area_ideas.get(&s.section);
        let recommendations = records.map(|i| i.recommendations.trim()).unwrap_or("");
        out.push(heading(
            4,
            &format!("Recommendations: {}", cx.section_title(&s.section)),
        ));
        if recommendations.is_empty() {
            out.push(Block::Placeholder(
                "Recommendations to be completed.".into(),
            ));
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
        out.push(Block::Para(format!("The way ahead: {}", way_ahead.trim())));
    }
}
