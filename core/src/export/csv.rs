//! CSV of every answer: one row per participant x whole-city statement, and
//! one row per stop visit x per-stop statement.
//!
//! UTF-8 with a byte order mark so spreadsheets detect the encoding, CRLF
//! line ends and RFC 4180 quoting. A text cell that starts with `=`, `+`,
//! `-` or `@` is prefixed with `'` so a spreadsheet shows it as text instead
//! of running it as a formula.
//!
//! The header row is in the export's language: the report catalogue's
//! `csv.<column>` labels, whose English texts are the column keys below
//! (the stable form for tools, the default). Cells keep ids and codes
//! (`vision.1`, `dont_know`) in every language; fixed texts core words in a
//! cell (the problems' `message`) follow the language; what people wrote
//! is written as they wrote it.

pub use crate::dates::iso_utc;
use crate::model::{Answer, AnswerValue, ResponseData, DONT_KNOW};
use crate::report::words::Words;
use crate::snapshot::ExportInput;
use crate::templates::Section;

/// The header row's column keys (the English header).
pub const CSV_HEADER: [&str; 16] = [
    "participant_id",
    "pseudonym",
    "group",
    "gender",
    "area",
    "statement",
    "statement_text",
    "stop_id",
    "name_of_area",
    "specific_location",
    "visited_at_utc",
    "value",
    "score",
    "comment",
    "updated_at_utc",
    "planned_stop",
];

/// The answers of all participants as CSV text (with BOM).
pub fn answers_csv(input: &ExportInput<'_>) -> String {
    let mut out = String::from("\u{feff}");
    row(&mut out, header(&CSV_HEADER, input.lang));
    let sections: Vec<&Section> = input
        .audit
        .checklist()
        .into_iter()
        .flat_map(|c| &c.sections)
        .collect();
    let mut responses: Vec<&ResponseData> = input.responses.iter().collect();
    responses.sort_by_key(|r| r.participant().map(|p| p.id.clone()));
    for response in responses {
        let Some(p) = response.participant() else {
            continue;
        };
        let person = [
            p.id.clone(),
            p.display_name.clone(),
            p.group.clone(),
            p.gender.clone().unwrap_or_default(),
        ];
        for section in sections.iter().filter(|s| !s.per_stop) {
            for item in &section.items {
                let answer = response
                    .answers()
                    .find(|(id, _)| **id == item.id)
                    .map(|(_, a)| a);
                let mut cells = person.to_vec();
                cells.extend([
                    section.id.clone(),
                    item.id.clone(),
                    item.text.get(input.lang).to_owned(),
                ]);
                cells.extend([String::new(), String::new(), String::new(), String::new()]);
                cells.extend(answer_cells(answer));
                cells.push(String::new());
                row(&mut out, cells);
            }
        }
        let mut visits: Vec<_> = response.stops().collect();
        visits.sort_by_key(|(id, v)| (v.visited_at, (*id).clone()));
        for (stop_id, visit) in visits {
            for section in sections.iter().filter(|s| s.per_stop) {
                for item in &section.items {
                    let answer = response
                        .stop_answers(stop_id)
                        .find(|(id, _)| **id == item.id)
                        .map(|(_, a)| a);
                    let mut cells = person.to_vec();
                    cells.extend([
                        section.id.clone(),
                        item.id.clone(),
                        item.text.get(input.lang).to_owned(),
                    ]);
                    cells.extend([
                        stop_id.clone(),
                        visit.name_of_area.clone(),
                        visit.specific_location.clone(),
                        iso_utc(visit.visited_at),
                    ]);
                    cells.extend(answer_cells(answer));
                    cells.push(visit.planned_stop.clone().unwrap_or_default());
                    row(&mut out, cells);
                }
            }
        }
    }
    out
}

/// The column keys of [`problems_csv`] (its English header).
pub const PROBLEMS_HEADER: [&str; 4] = ["participant_id", "pseudonym", "path", "message"];

/// The values of every response that could not be read and are left out of
/// every result (schema.md §7), one row each, as CSV text (with BOM): who
/// wrote it, where in their response document it is (`answers/vision.1/value`)
/// and what is wrong with it, in the export's language. Only the header
/// when everything was readable.
pub fn problems_csv(input: &ExportInput<'_>) -> String {
    let words = Words::or_english(input.lang);
    let mut out = String::from("\u{feff}");
    row(&mut out, header(&PROBLEMS_HEADER, input.lang));
    let mut responses: Vec<&ResponseData> = input.responses.iter().collect();
    responses.sort_by_key(|r| r.participant().map(|p| p.id.clone()));
    for response in responses {
        let (id, name) = response
            .participant()
            .map(|p| (p.id.clone(), p.display_name.clone()))
            .unwrap_or_default();
        for problem in response.problems(input.audit) {
            row(
                &mut out,
                [
                    id.clone(),
                    name.clone(),
                    problem.path,
                    problem.reason.in_words(&words),
                ],
            );
        }
    }
    out
}

/// The header row in `lang`: each column key's `csv.<key>` label (the
/// key itself in English).
pub fn header(keys: &[&str], lang: &str) -> Vec<String> {
    let words = Words::or_english(lang);
    keys.iter()
        .map(|key| words.t(&format!("csv.{key}")))
        .collect()
}

/// Text of an answer value in the CSV: `1`-`5`, `dont_know`, `invalid` or empty.
pub fn value_text(value: &AnswerValue) -> String {
    match value {
        AnswerValue::Score(s) => s.get().to_string(),
        AnswerValue::DontKnow => DONT_KNOW.to_owned(),
        AnswerValue::Invalid(_) => "invalid".to_owned(),
        AnswerValue::Unanswered => String::new(),
    }
}

fn answer_cells(answer: Option<&Answer>) -> [String; 4] {
    match answer {
        None => Default::default(),
        Some(a) => [
            value_text(&a.value),
            a.value
                .score()
                .map(|s| s.get().to_string())
                .unwrap_or_default(),
            a.comment.as_str().to_owned(),
            if a.updated_at > 0 {
                iso_utc(a.updated_at)
            } else {
                String::new()
            },
        ],
    }
}

fn row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One CSV cell, guarded against formulas and quoted when needed.
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) || guarded.trim() != guarded {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
