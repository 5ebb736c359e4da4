//! The self-assessment report of a EUROCITIES benchmark audit, in the
//! benchmark's own structure: the Integrating Cities standard, how near the
//! city is to it, each key factor with its standard, guide questions and the
//! city's assessment, evidence, examples and notes, then the context factors.

use super::{authors, free_text, heading, text_of, Block};
use crate::model::methods::BenchmarkRecords;
use crate::snapshot::ExportInput;
use crate::templates::BenchmarkTemplate;

/// The report's headings.
pub mod headings {
    /// Table of contents.
    pub const CONTENTS: &str = "Table of contents";
    /// The standard the city tests itself against.
    pub const STANDARD: &str = "Integrating Cities standard";
    /// The overview.
    pub const HOW_NEAR: &str = "How near the city is to the standard";
    /// The key factors.
    pub const KEY_FACTORS: &str = "Key factors";
    /// The context factors.
    pub const CONTEXT_FACTORS: &str = "Context factors";
}

/// Says where the assessment levels come from, wherever they are shown.
pub const SCALE_NOTE: &str = "The assessment levels are cityaudit's scale: the benchmark itself \
has no rating scale. They summarise the city's own judgement of each key factor.";

/// The report's blocks, or `None` when the audit is not a benchmark self-assessment.
pub(super) fn blocks(input: &ExportInput<'_>) -> Option<Vec<Block>> {
    let audit = input.audit;
    let template = audit.benchmark()?;
    let records = audit.benchmark_records()?;
    let lang = input.lang;
    let level_label = |id: &str| {
        template.rating.iter().find(|l| l.id == id).map_or_else(
            || "Not assessed yet".to_owned(),
            |l| l.label.get(lang).to_owned(),
        )
    };

    let mut out = vec![heading(1, &text_of(&audit.title))];
    out.push(Block::Para(format!(
        "Self-assessment against the EUROCITIES benchmark “{}” — {}, {} to {}",
        template.title.get(lang),
        text_of(&audit.city),
        text_of(&audit.starts_on),
        text_of(&audit.ends_on)
    )));
    let authors = authors(audit);
    if !authors.is_empty() {
        out.push(Block::Para(format!("Authors: {}", authors.join(", "))));
    }
    out.push(heading(2, headings::CONTENTS));
    out.push(Block::Contents);
    out.push(heading(2, headings::STANDARD));
    out.push(Block::Para(template.standard.get(lang).to_owned()));

    out.push(heading(2, headings::HOW_NEAR));
    out.push(Block::Para(format!(
        "{} of {} key factors assessed.",
        records.assessed,
        records.factors.len()
    )));
    out.push(Block::Table(
        vec!["Assessment".into(), "Key factors".into()],
        records
            .by_level
            .iter()
            .map(|c| vec![level_label(&c.level), c.count.to_string()])
            .collect(),
    ));
    out.push(Block::Table(
        vec!["No.".into(), "Key factor".into(), "Assessment".into()],
        template
            .key_factors
            .iter()
            .zip(&records.factors)
            .map(|(factor, record)| {
                vec![
                    factor.number.to_string(),
                    factor.title.get(lang).to_owned(),
                    level_label(&record.assessment),
                ]
            })
            .collect(),
    ));
    out.push(Block::Para(SCALE_NOTE.into()));
    free_text(
        &mut out,
        &records.summary,
        "To be completed by the city: how near it is to the standard, and what more it needs to do to meet it.",
    );

    out.push(Block::PageBreak);
    key_factors(template, &records, lang, &level_label, &mut out);
    context_factors(template, &records, lang, &mut out);
    Some(out)
}

fn key_factors(
    template: &BenchmarkTemplate,
    records: &BenchmarkRecords,
    lang: &str,
    level_label: &dyn Fn(&str) -> String,
    out: &mut Vec<Block>,
) {
    out.push(heading(2, headings::KEY_FACTORS));
    for (factor, record) in template.key_factors.iter().zip(&records.factors) {
        out.push(heading(
            3,
            &format!("{}. {}", factor.number, factor.title.get(lang)),
        ));
        let subheading = |title: &str| {
            Block::Heading(
                4,
                title.into(),
                format!("{}-{}", factor.id, title.to_lowercase().replace(' ', "-")),
            )
        };
        out.push(subheading("Standard"));
        out.extend(standard_blocks(factor.standard.get(lang)));
        out.push(subheading("Guide questions"));
        out.push(Block::List(
            factor
                .guide_questions
                .iter()
                .map(|q| q.get(lang).to_owned())
                .collect(),
        ));
        out.push(Block::Para(format!(
            "Assessment: {}",
            level_label(&record.assessment)
        )));
        for (title, text) in [
            ("Evidence", &record.evidence),
            ("Examples", &record.examples),
            ("Notes", &record.notes),
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
    lang: &str,
    out: &mut Vec<Block>,
) {
    out.push(heading(2, headings::CONTEXT_FACTORS));
    out.push(Block::Para(
        "Factors that can affect the ability of the city to meet the benchmark.".into(),
    ));
    out.push(Block::Table(
        vec![
            "Context factor".into(),
            "Examples of what this factor may involve".into(),
            "The city's notes".into(),
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
