//! The self-assessment report of a EUROCITIES benchmark audit, in the
//! benchmark's own structure: the Integrating Cities standard, how near the
//! city is to it, each key factor with its standard, guide questions and the
//! city's assessment, evidence, examples and notes, then the context factors.

use super::words::Words;
use super::{authors, draft_note, free_text, heading, text_of, Block};
use crate::model::methods::BenchmarkRecords;
use crate::snapshot::ExportInput;
use crate::templates::BenchmarkTemplate;

/// The catalogue keys of the report's headings.
pub mod headings {
    /// Table of contents.
    pub const CONTENTS: &str = "heading.contents";
    /// The standard the city tests itself against.
    pub const STANDARD: &str = "benchmark.heading.standard";
    /// The overview.
    pub const HOW_NEAR: &str = "benchmark.heading.howNear";
    /// The key factors.
    pub const KEY_FACTORS: &str = "benchmark.heading.keyFactors";
    /// The context factors.
    pub const CONTEXT_FACTORS: &str = "benchmark.heading.contextFactors";
}

/// The catalogue key of the note on where the assessment levels come
/// from, wherever they are shown.
pub const SCALE_NOTE: &str = "benchmark.scaleNote";

/// The report's blocks, or `None` when the audit is not a benchmark self-assessment.
pub(super) fn blocks(input: &ExportInput<'_>) -> Option<Vec<Block>> {
    let audit = input.audit;
    let template = audit.benchmark()?;
    let records = audit.benchmark_records()?;
    let lang = input.lang;
    let w = Words::or_english(lang);
    let level_label = |id: &str| {
        template.rating.iter().find(|l| l.id == id).map_or_else(
            || w.t("benchmark.notAssessed"),
            |l| l.label.get(lang).to_owned(),
        )
    };

    let mut out = vec![heading(1, &text_of(&audit.title))];
    draft_note(&w, &mut out);
    out.push(Block::Para(w.f(
        "benchmark.subtitle",
        &[
            ("benchmark", template.title.get(lang)),
            ("city", &text_of(&audit.city)),
            ("from", &text_of(&audit.starts_on)),
            ("to", &text_of(&audit.ends_on)),
        ],
    )));
    let authors = authors(audit);
    if !authors.is_empty() {
        out.push(Block::Para(
            w.f("title.authors", &[("names", &authors.join(", "))]),
        ));
    }
    out.push(heading(2, &w.t(headings::CONTENTS)));
    out.push(Block::Contents);
    out.push(heading(2, &w.t(headings::STANDARD)));
    out.push(Block::Para(template.standard.get(lang).to_owned()));

    out.push(heading(2, &w.t(headings::HOW_NEAR)));
    out.push(Block::Para(w.f(
        "benchmark.assessedOf",
        &[
            ("assessed", &w.count(records.assessed)),
            ("all", &w.count(records.factors.len())),
        ],
    )));
    out.push(Block::Table(
        vec![w.t("benchmark.assessment"), w.t("benchmark.keyFactors")],
        records
            .by_level
            .iter()
            .map(|c| vec![level_label(&c.level), w.count(c.count)])
            .collect(),
    ));
    out.push(Block::Table(
        vec![
            w.t("benchmark.number"),
            w.t("benchmark.keyFactor"),
            w.t("benchmark.assessment"),
        ],
        template
            .key_factors
            .iter()
            .zip(&records.factors)
            .map(|(factor, record)| {
                vec![
                    w.count(factor.number),
                    factor.title.get(lang).to_owned(),
                    level_label(&record.assessment),
                ]
            })
            .collect(),
    ));
    out.push(Block::Para(w.t(SCALE_NOTE)));
    free_text(
        &mut out,
        &records.summary,
        &w.t("benchmark.placeholder.summary"),
    );

    out.push(Block::PageBreak);
    key_factors(template, &records, &w, lang, &level_label, &mut out);
    context_factors(template, &records, &w, lang, &mut out);
    Some(out)
}

fn key_factors(
    template: &BenchmarkTemplate,
    records: &BenchmarkRecords,
    w: &Words,
    lang: &str,
    level_label: &dyn Fn(&str) -> String,
    out: &mut Vec<Block>,
) {
    out.push(heading(2, &w.t(headings::KEY_FACTORS)));
    for (factor, record) in template.key_factors.iter().zip(&records.factors) {
        out.push(heading(
            3,
            &format!("{}. {}", w.count(factor.number), factor.title.get(lang)),
        ));
        // The anchor stays the English word's, so links do not depend on the language.
        let subheading = |key: &str| {
            let english = Words::english().t(key);
            Block::Heading(
                4,
                w.t(key),
                format!("{}-{}", factor.id, english.to_lowercase().replace(' ', "-")),
            )
        };
        out.push(subheading("benchmark.standard"));
        out.extend(standard_blocks(factor.standard.get(lang)));
        out.push(subheading("benchmark.guideQuestions"));
        out.push(Block::List(
            factor
                .guide_questions
                .iter()
                .map(|q| q.get(lang).to_owned())
                .collect(),
        ));
        out.push(Block::Para(w.f(
            "benchmark.assessmentIs",
            &[("level", &level_label(&record.assessment))],
        )));
        for (title, text) in [
            ("benchmark.evidence", &record.evidence),
            ("benchmark.examples", &record.examples),
            ("benchmark.notes", &record.notes),
        ] {
            if !text.trim().is_empty() {
                out.push(subheading(title));
                free_text(out, text, "");
            }
        }
    }
}

fn context_factors(
    template: &BenchmarkTemplate,
    records: &BenchmarkRecords,
    w: &Words,
    lang: &str,
    out: &mut Vec<Block>,
) {
    out.push(heading(2, &w.t(headings::CONTEXT_FACTORS)));
    out.push(Block::Para(w.t("benchmark.contextIntro")));
    out.push(Block::Table(
        vec![
            w.t("benchmark.contextFactor"),
            w.t("benchmark.contextExamples"),
            w.t("benchmark.cityNotes"),
        ],
        template
            .context_factors
            .iter()
            .zip(&records.context)
            .map(|(factor, notes)| {
                vec![
                    factor.title.get(lang).to_owned(),
                    factor.examples.get(lang).to_owned(),
                    notes.notes.clone(),
                ]
            })
            .collect(),
    ));
}

/// A standard's text as blocks: its lines starting with `- ` as a list
/// (the benchmark's sub-bullets stay a list), other lines as paragraphs.
fn standard_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_owned());
        } else {
            if !items.is_empty() {
                out.push(Block::List(std::mem::take(&mut items)));
            }
            out.push(Block::Para(line.to_owned()));
        }
    }
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_keeps_its_sub_bullets_as_a_list() {
        let blocks = standard_blocks("The city\n- does one thing;\n- does another.\nThen more.");
        assert_eq!(
            blocks,
            vec![
                Block::Para("The city".into()),
                Block::List(vec!["does one thing;".into(), "does another.".into()]),
                Block::Para("Then more.".into()),
            ]
        );
    }
}
