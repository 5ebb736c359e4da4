//! Reads a template workbook into a checked template set, all or nothing:
//! the first problem found is returned with its sheet, row and column, and
//! nothing of the file is used.

use calamine::{Data, Xlsx};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};

use super::{ABOUT, FORMAT, LANGUAGES, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_ROWS};
use crate::templates::set::{
    check_text, valid_id, valid_language, Part, ProblemKind, TemplateProblem, TemplateSet, TextKind,
};
use crate::templates::{
    ChecklistTemplate, Item, ParticipantGroup, PhotovoiceTemplate, Section, Text, Theme,
    TranslationReview, Translations, WrapUpCategory,
};

/// Far-off cells refused (row and column indexes from 0): a template has
/// at most [`MAX_ROWS`] rows and a few dozen language columns.
const MAX_ROW_INDEX: u32 = 10_000;
const MAX_COLUMN_INDEX: u32 = 100;

/// Reads `bytes` (an XLSX workbook) as a template set. `base`
/// supplies what the file does not carry: the scale's numbers and, for a
/// file without an `about` version, the base's ids and versions.
pub fn read_workbook(bytes: &[u8], base: &TemplateSet) -> Result<TemplateSet, TemplateProblem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(TemplateProblem::new(ProblemKind::FileTooLarge).with_max(MAX_FILE_BYTES));
    }
    check_inflated_size(bytes)?;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| TemplateProblem::new(ProblemKind::NotAWorkbook))?;
    let mut sheet = |name: &str| Sheet::read(&mut workbook, name);
    let about = sheet(ABOUT)?;
    let languages = sheet(LANGUAGES)?;
    let checklist = sheet(Part::Checklist.sheet())?;
    let photovoice = sheet(Part::Photovoice.sheet())?;
    let groups = sheet(Part::Groups.sheet())?;

    let about = About::read(&about, base)?;
    let reviews = read_languages(&languages)?;
    let mut texts = Texts::default();
    let mut set = TemplateSet {
        checklist: texts.checklist(&checklist, base)?,
        photovoice: texts.photovoice(&photovoice)?,
        groups: texts.groups(&groups)?,
    };
    let translations: Translations = set
        .languages()
        .into_iter()
        .map(|language| {
            let reviewed = reviews.get(&language).copied().unwrap_or(false);
            (language, TranslationReview { reviewed })
        })
        .collect();
    set.checklist.id = about.checklist_id;
    set.checklist.version = about.checklist_version;
    set.checklist.translations = translations.clone();
    set.photovoice.id = about.photovoice_id;
    set.photovoice.version = about.photovoice_version;
    set.photovoice.translations = translations;
    set.check().map_err(|problem| texts.locate(problem))?;
    Ok(set)
}

/// Refuses a workbook whose parts would inflate past [`MAX_INFLATED_BYTES`]
/// (a few kilobytes can unpack to gigabytes), by inflating each part with a
/// bound before the spreadsheet reader sees it.
fn check_inflated_size(bytes: &[u8]) -> Result<(), TemplateProblem> {
    let not_a_workbook = || TemplateProblem::new(ProblemKind::NotAWorkbook);
    let too_large = || {
        TemplateProblem::new(ProblemKind::FileTooLarge)
            .with_max(usize::try_from(MAX_INFLATED_BYTES).unwrap_or(usize::MAX))
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_workbook())?;
    let mut left = MAX_INFLATED_BYTES;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|_| not_a_workbook())?;
        let method = part.compression();
        let inflated = if method == zip::CompressionMethod::STORE {
            part.size()
        } else if method == zip::CompressionMethod::DEFLATE {
            let mut inflater = flate2::read::DeflateDecoder::new(part).take(left + 1);
            std::io::copy(&mut inflater, &mut std::io::sink()).map_err(|_| not_a_workbook())?
        } else {
            return Err(not_a_workbook());
        };
        left = left.checked_sub(inflated).ok_or_else(too_large)?;
    }
    Ok(())
}

/// One sheet's header and rows, with the spreadsheet's row numbers.
struct Sheet {
    name: String,
    /// Column headers as written (trimmed), by column index.
    headers: Vec<String>,
    /// Non-empty rows after the header: (row number, cells as text).
    rows: Vec<(u32, Vec<String>)>,
}

impl Sheet {
    /// Reads the sheet cell by cell, so that a cell placed far away (a
    /// workbook "using" a million rows) is refused instead of making the
    /// reader allocate every cell in between.
    fn read(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Self, TemplateProblem> {
        let placed = |problem: TemplateProblem| TemplateProblem {
            sheet: Some(name.to_owned()),
            ..problem
        };
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|_| placed(TemplateProblem::new(ProblemKind::MissingSheet)))?;
        let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|_| placed(TemplateProblem::new(ProblemKind::NotAWorkbook)))?
        {
            let (row, column) = cell.get_position();
            if row >= MAX_ROW_INDEX || column >= MAX_COLUMN_INDEX {
                let max = if row >= MAX_ROW_INDEX {
                    MAX_ROW_INDEX
                } else {
                    MAX_COLUMN_INDEX
                };
                return Err(placed(
                    TemplateProblem::new(ProblemKind::TooMany).with_max(max as usize),
                ));
            }
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if !text.trim().is_empty() {
                cells.entry(row).or_default().push((column, text));
            }
        }
        let mut rows = cells.into_iter().map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut texts = vec![String::new(); width];
            for (column, text) in cells {
                texts[column as usize] = text;
            }
            (row + 1, texts)
        });
        let headers = rows
            .next()
            .map(|(_, cells)| cells)
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let rows: Vec<_> = rows.collect();
        if rows.len() > MAX_ROWS {
            return Err(placed(
                TemplateProblem::new(ProblemKind::TooMany).with_max(MAX_ROWS),
            ));
        }
        Ok(Sheet {
            name: name.to_owned(),
            headers,
            rows,
        })
    }

    /// The index of a column the format needs.
    fn column(&self, header: &str) -> Result<usize, TemplateProblem> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(header))
            .ok_or_else(|| {
                let mut problem = TemplateProblem::new(ProblemKind::MissingColumn);
                problem.sheet = Some(self.name.clone());
                problem.column = Some(header.to_owned());
                problem
            })
    }

    /// The problem, placed at `row` (and `column`, if given) of this sheet.
    fn problem(&self, row: u32, column: Option<&str>, problem: TemplateProblem) -> TemplateProblem {
        TemplateProblem {
            sheet: Some(self.name.clone()),
            row: Some(row),
            column: column.map(str::to_owned),
            ..problem
        }
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        other => other.to_string(),
    }
}

fn cell(cells: &[String], column: usize) -> &str {
    cells.get(column).map_or("", |c| c.trim())
}

/// The `about` sheet's ids and versions.
struct About {
    checklist_id: String,
    checklist_version: u32,
    photovoice_id: String,
    photovoice_version: u32,
}

impl About {
    fn read(sheet: &Sheet, base: &TemplateSet) -> Result<Self, TemplateProblem> {
        let key_column = sheet.column("key")?;
        let value_column = sheet.column("value")?;
        let mut values = HashMap::new();
        for (row, cells) in &sheet.rows {
            let key = cell(cells, key_column).to_ascii_lowercase();
            values.insert(key, (*row, cell(cells, value_column).to_owned()));
        }
        match values.get("format") {
            Some((_, format)) if format == FORMAT => {}
            Some((row, format)) => {
                return Err(sheet.problem(
                    *row,
                    Some("value"),
                    TemplateProblem::new(ProblemKind::NotAWorkbook).with_found(format),
                ))
            }
            None => {
                let mut problem = TemplateProblem::new(ProblemKind::Missing).with_found("format");
                problem.sheet = Some(sheet.name.clone());
                return Err(problem);
            }
        }
        let id = |key: &str, default: &str| -> Result<String, TemplateProblem> {
            match values.get(key) {
                None => Ok(default.to_owned()),
                Some((_, id)) if valid_id(id) => Ok(id.clone()),
                Some((row, id)) => Err(sheet.problem(
                    *row,
                    Some("value"),
                    TemplateProblem::new(ProblemKind::BadId).with_found(id),
                )),
            }
        };
        let version = |key: &str, default: u32| -> Result<u32, TemplateProblem> {
            match values.get(key) {
                None => Ok(default),
                Some((row, text)) => match text.parse::<u32>() {
                    Ok(version) if version >= 1 => Ok(version),
                    _ => Err(sheet.problem(
                        *row,
                        Some("value"),
                        TemplateProblem::new(ProblemKind::BadVersion).with_found(text),
                    )),
                },
            }
        };
        Ok(About {
            checklist_id: id("checklist_id", &base.checklist.id)?,
            checklist_version: version("checklist_version", base.checklist.version)?,
            photovoice_id: id("photovoice_id", &base.photovoice.id)?,
            photovoice_version: version("photovoice_version", base.photovoice.version)?,
        })
    }
}

/// The `languages` sheet: reviewed or not, by language tag.
fn read_languages(sheet: &Sheet) -> Result<BTreeMap<String, bool>, TemplateProblem> {
    let language_column = sheet.column("language")?;
    let reviewed_column = sheet.column("reviewed")?;
    let mut reviews = BTreeMap::new();
    for (row, cells) in &sheet.rows {
        let language = cell(cells, language_column);
        if !valid_language(language) {
            return Err(sheet.problem(
                *row,
                Some("language"),
                TemplateProblem::new(ProblemKind::BadLanguage).with_found(language),
            ));
        }
        let reviewed = yes_no(cell(cells, reviewed_column)).ok_or_else(|| {
            sheet.problem(*row, Some("reviewed"), not_yes_no(cells, reviewed_column))
        })?;
        if reviews.insert(language.to_owned(), reviewed).is_some() {
            return Err(sheet.problem(
                *row,
                Some("language"),
                TemplateProblem::new(ProblemKind::DuplicateLanguage).with_found(language),
            ));
        }
    }
    Ok(reviews)
}

fn yes_no(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "yes" | "true" | "1" | "y" => Some(true),
        "no" | "false" | "0" | "n" | "" => Some(false),
        _ => None,
    }
}

fn not_yes_no(cells: &[String], column: usize) -> TemplateProblem {
    TemplateProblem::new(ProblemKind::NotYesNo).with_found(cell(cells, column))
}

/// The text sheets' rows as they are read, remembering where each text was
/// so that a problem found afterwards names its row.
#[derive(Default)]
struct Texts {
    /// (sheet, row) by kind and id.
    rows: HashMap<(TextKind, String), (String, u32)>,
}

/// The columns of a text sheet.
struct Columns {
    kind: usize,
    id: usize,
    per_stop: Option<usize>,
    /// `en` first, then each language column: (index, tag).
    languages: Vec<(usize, String)>,
}

/// One row of a text sheet.
struct Row<'a> {
    number: u32,
    kind: TextKind,
    id: &'a str,
    cells: &'a [String],
}

impl Texts {
    fn columns(&self, sheet: &Sheet, part: Part) -> Result<Columns, TemplateProblem> {
        let kind = sheet.column("kind")?;
        let id = sheet.column("id")?;
        let per_stop = match part {
            Part::Checklist => Some(sheet.column("per_stop")?),
            _ => None,
        };
        let en = sheet.column("en")?;
        let mut languages = vec![(en, "en".to_owned())];
        for (index, header) in sheet.headers.iter().enumerate() {
            let ignored = header.is_empty()
                || header.starts_with('#')
                || header.eq_ignore_ascii_case("note")
                || [Some(kind), Some(id), per_stop, Some(en)].contains(&Some(index));
            if ignored {
                continue;
            }
            if !valid_language(header) {
                let mut problem = TemplateProblem::new(ProblemKind::BadLanguage).with_found(header);
                problem.sheet = Some(sheet.name.clone());
                problem.column = Some(header.clone());
                return Err(problem);
            }
            if languages.iter().any(|(_, tag)| tag == header) {
                let mut problem =
                    TemplateProblem::new(ProblemKind::DuplicateLanguage).with_found(header);
                problem.sheet = Some(sheet.name.clone());
                problem.column = Some(header.clone());
                return Err(problem);
            }
            languages.push((index, header.clone()));
        }
        Ok(Columns {
            kind,
            id,
            per_stop,
            languages,
        })
    }

    /// Each row's kind and id, checked: a known kind of this sheet, an id
    /// where the kind has one, valid and not used twice.
    fn rows<'a>(
        &mut self,
        sheet: &'a Sheet,
        part: Part,
        columns: &Columns,
    ) -> Result<Vec<Row<'a>>, TemplateProblem> {
        let mut rows = Vec::with_capacity(sheet.rows.len());
        let mut seen = HashSet::new();
        for (number, cells) in &sheet.rows {
            let number = *number;
            let written = cell(cells, columns.kind);
            let kind = TextKind::from_name(&written.to_ascii_lowercase()).ok_or_else(|| {
                sheet.problem(
                    number,
                    Some("kind"),
                    TemplateProblem::new(ProblemKind::UnknownKind).with_found(written),
                )
            })?;
            if kind.part() != part {
                return Err(sheet.problem(
                    number,
                    Some("kind"),
                    TemplateProblem::new(ProblemKind::WrongSheet).with_found(written),
                ));
            }
            let id = cell(cells, columns.id);
            let problem =
                |problem| sheet.problem(number, Some("id"), TemplateProblem::at(problem, kind, id));
            // A new statement may leave its id empty: it is numbered on import.
            let needs_id =
                kind.has_id() && !matches!(kind, TextKind::Statement | TextKind::Guidance);
            if needs_id && id.is_empty() {
                return Err(problem(ProblemKind::MissingId));
            }
            if !id.is_empty() && !valid_id(id) {
                return Err(problem(ProblemKind::BadId).with_found(id));
            }
            if !kind.has_id() && !id.is_empty() {
                return Err(problem(ProblemKind::BadId).with_found(id));
            }
            let once = !kind.has_id() || kind == TextKind::Guidance;
            if (once || !id.is_empty()) && !seen.insert((kind, id)) {
                let repeated = if once {
                    ProblemKind::Repeated
                } else {
                    ProblemKind::DuplicateId
                };
                return Err(problem(repeated).with_found(id));
            }
            if !id.is_empty() || once {
                self.rows
                    .insert((kind, id.to_owned()), (sheet.name.clone(), number));
            }
            rows.push(Row {
                number,
                kind,
                id,
                cells,
            });
        }
        Ok(rows)
    }

    fn checklist(
        &mut self,
        sheet: &Sheet,
        base: &TemplateSet,
    ) -> Result<ChecklistTemplate, TemplateProblem> {
        let columns = self.columns(sheet, Part::Checklist)?;
        let mut checklist = ChecklistTemplate {
            sections: Vec::new(),
            ..base.checklist.clone()
        };
        let mut found = HashSet::new();
        for row in self.rows(sheet, Part::Checklist, &columns)? {
            let text = checked_text(sheet, &row, &columns)?;
            found.insert(row.kind);
            match row.kind {
                TextKind::Title => checklist.title = text,
                TextKind::ScaleMin => checklist.scale.min_label = text,
                TextKind::ScaleMax => checklist.scale.max_label = text,
                TextKind::DontKnow => checklist.scale.dont_know_label = text,
                TextKind::Area => {
                    let per_stop_column = columns.per_stop.unwrap_or(usize::MAX);
                    let per_stop = yes_no(cell(row.cells, per_stop_column)).ok_or_else(|| {
                        sheet.problem(
                            row.number,
                            Some("per_stop"),
                            not_yes_no(row.cells, per_stop_column),
                        )
                    })?;
                    checklist.sections.push(Section {
                        id: row.id.to_owned(),
                        title: text,
                        guidance: None,
                        per_stop,
                        items: Vec::new(),
                    });
                }
                TextKind::Guidance | TextKind::Statement => {
                    let Some(area) = checklist.sections.last_mut() else {
                        return Err(sheet.problem(
                            row.number,
                            Some("kind"),
                            TemplateProblem::new(ProblemKind::OutsideArea),
                        ));
                    };
                    if row.kind == TextKind::Statement {
                        area.items.push(Item {
                            id: row.id.to_owned(),
                            text,
                        });
                    } else if area.guidance.replace(text).is_some()
                        || (!row.id.is_empty() && row.id != area.id)
                    {
                        return Err(sheet.problem(
                            row.number,
                            Some("id"),
                            TemplateProblem::new(ProblemKind::Repeated).with_found(row.id),
                        ));
                    }
                }
                _ => {}
            }
        }
        for kind in [
            TextKind::Title,
            TextKind::ScaleMin,
            TextKind::ScaleMax,
            TextKind::DontKnow,
        ] {
            if !found.contains(&kind) {
                return Err(missing(sheet, kind));
            }
        }
        Ok(checklist)
    }

    fn photovoice(&mut self, sheet: &Sheet) -> Result<PhotovoiceTemplate, TemplateProblem> {
        let columns = self.columns(sheet, Part::Photovoice)?;
        let mut themes: Vec<Theme> = Vec::new();
        let mut usage_terms = None;
        let mut wrap_up = Vec::new();
        let rows = self.rows(sheet, Part::Photovoice, &columns)?;
        for row in &rows {
            let text = checked_text(sheet, row, &columns)?;
            match row.kind {
                TextKind::Theme => themes.push(Theme {
                    id: row.id.to_owned(),
                    title: text,
                    description: Text::default(),
                }),
                TextKind::UsageTerms => usage_terms = Some(text),
                TextKind::WrapUp => wrap_up.push(WrapUpCategory {
                    id: row.id.to_owned(),
                    title: text,
                }),
                _ => {}
            }
        }
        for row in rows.iter().filter(|r| r.kind == TextKind::ThemeDescription) {
            let theme = themes.iter_mut().find(|t| t.id == row.id).ok_or_else(|| {
                sheet.problem(
                    row.number,
                    Some("id"),
                    TemplateProblem::new(ProblemKind::UnknownTheme).with_found(row.id),
                )
            })?;
            theme.description = checked_text(sheet, row, &columns)?;
        }
        if let Some(theme) = themes.iter().find(|t| t.description.en.is_empty()) {
            let mut problem =
                TemplateProblem::at(ProblemKind::Missing, TextKind::ThemeDescription, &theme.id);
            problem.sheet = Some(sheet.name.clone());
            return Err(problem);
        }
        Ok(PhotovoiceTemplate {
            id: String::new(),
            version: 1,
            translations: Translations::new(),
            themes,
            usage_terms: usage_terms.ok_or_else(|| missing(sheet, TextKind::UsageTerms))?,
            wrap_up,
        })
    }

    fn groups(&mut self, sheet: &Sheet) -> Result<Vec<ParticipantGroup>, TemplateProblem> {
        let columns = self.columns(sheet, Part::Groups)?;
        self.rows(sheet, Part::Groups, &columns)?
            .iter()
            .map(|row| {
                Ok(ParticipantGroup {
                    id: row.id.to_owned(),
                    label: checked_text(sheet, row, &columns)?,
                })
            })
            .collect()
    }

    /// Places a problem the checked set reported at the row its text came from.
    fn locate(&self, mut problem: TemplateProblem) -> TemplateProblem {
        let Some(kind) = problem.kind else {
            return problem;
        };
        let id = problem.id.clone().unwrap_or_default();
        if let Some((sheet, row)) = self.rows.get(&(kind, id)) {
            problem.sheet = Some(sheet.clone());
            problem.row = Some(*row);
            problem.column = problem.language.clone();
        } else {
            problem.sheet = Some(kind.part().sheet().to_owned());
        }
        problem
    }
}

/// The row's text in every language column, checked where it stands.
fn checked_text(sheet: &Sheet, row: &Row<'_>, columns: &Columns) -> Result<Text, TemplateProblem> {
    let text = text_of(row, columns);
    check_text(row.kind, row.id, &text).map_err(|problem| {
        sheet.problem(row.number, problem.language.clone().as_deref(), problem)
    })?;
    Ok(text)
}

fn text_of(row: &Row<'_>, columns: &Columns) -> Text {
    let mut text = Text::default();
    for (index, language) in &columns.languages {
        let value = cell(row.cells, *index);
        if language == "en" {
            text.en = value.to_owned();
        } else if !value.is_empty() {
            text.tr.insert(language.clone(), value.to_owned());
        }
    }
    text
}

fn missing(sheet: &Sheet, kind: TextKind) -> TemplateProblem {
    let mut problem = TemplateProblem::at(ProblemKind::Missing, kind, "");
    problem.sheet = Some(sheet.name.clone());
    problem
}
