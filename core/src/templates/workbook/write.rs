//! Writes a template set as a workbook.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{WriteError, ABOUT, FORMAT, LANGUAGES};
use crate::templates::set::{Part, TemplateSet};

/// Wide enough for a statement to wrap into a few lines.
const TEXT_WIDTH: f64 = 60.0;

/// The workbook of `set`: the about and languages sheets, then one sheet per
/// part with a row per text and a column per language (English first).
pub fn write_workbook(set: &TemplateSet) -> Result<Vec<u8>, WriteError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let languages = set.languages();

    let about = named(&mut workbook, ABOUT)?;
    let rows: [(&str, String, &str); 6] = [
        ("format", FORMAT.to_owned(), "Do not change: tells cityaudit what this file is."),
        ("checklist_id", set.checklist.id.clone(), "Name of the checklist; keep it when you adapt the texts."),
        ("checklist_version", set.checklist.version.to_string(), "Raise it by one whenever you change a statement's wording."),
        ("photovoice_id", set.photovoice.id.clone(), "Name of the photovoice texts."),
        ("photovoice_version", set.photovoice.version.to_string(), "Raise it by one whenever you change a text."),
        ("help", String::new(), "One row per text, one column per language (English, en, is the source every other language falls back to). Add a statement by adding a row with kind 'statement' under its area and an empty id; remove one by deleting its row; add a language by adding a column headed with its code (fa, pt-BR) and a row on the languages sheet."),
    ];
    write_row(about, 0, ["key", "value", "note"], &header)?;
    for (n, (key, value, note)) in (1..).zip(rows) {
        write_row(about, n, [key, value.as_str(), note], &wrap)?;
    }
    about.set_column_width(2, 100)?;

    let sheet = named(&mut workbook, LANGUAGES)?;
    write_row(sheet, 0, ["language", "reviewed"], &header)?;
    for (n, language) in (1..).zip(&languages) {
        let reviewed = set
            .checklist
            .translations
            .get(language)
            .is_some_and(|r| r.reviewed);
        write_row(
            sheet,
            n,
            [language.as_str(), if reviewed { "yes" } else { "no" }],
            &wrap,
        )?;
    }

    for part in [Part::Checklist, Part::Photovoice, Part::Groups] {
        let sheet = named(&mut workbook, part.sheet())?;
        let mut columns = vec!["kind", "id"];
        if part == Part::Checklist {
            columns.push("per_stop");
        }
        let first_text = u16::try_from(columns.len()).unwrap_or(u16::MAX);
        columns.push("en");
        columns.extend(languages.iter().map(String::as_str));
        write_row(sheet, 0, columns.iter().copied(), &header)?;
        let texts = set.texts().into_iter().filter(|t| t.kind.part() == part);
        for (row, text) in (1..).zip(texts) {
            sheet.write_string(row, 0, text.kind.name())?;
            sheet.write_string(row, 1, text.id)?;
            if let Some(per_stop) = text.per_stop {
                sheet.write_string(row, 2, if per_stop { "yes" } else { "no" })?;
            }
            sheet.write_string_with_format(row, first_text, &text.text.en, &wrap)?;
            for (column, language) in (first_text + 1..).zip(&languages) {
                if let Some(translation) = text.text.tr.get(language) {
                    sheet.write_string_with_format(row, column, translation, &wrap)?;
                }
            }
        }
        sheet.set_column_width(0, 18)?;
        sheet.set_column_width(1, 24)?;
        for column in first_text..=first_text + u16::try_from(languages.len()).unwrap_or(0) {
            sheet.set_column_width(column, TEXT_WIDTH)?;
        }
        sheet.set_freeze_panes(1, first_text + 1)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn named<'a>(workbook: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, WriteError> {
    Ok(workbook.add_worksheet().set_name(name)?)
}

fn write_row<'a>(
    sheet: &mut Worksheet,
    row: u32,
    cells: impl IntoIterator<Item = &'a str>,
    format: &Format,
) -> Result<(), WriteError> {
    for (column, cell) in (0..).zip(cells) {
        sheet.write_string_with_format(row, column, cell, format)?;
    }
    Ok(())
}
