//! The part of an audit's template a city adapts: the checklist, the
//! photovoice texts and the participant groups, as one set.
//!
//! A set comes from the built-in templates, from an audit's snapshot, from a
//! template workbook the facilitator edited, or from the Prepare screen's
//! editor; [`TemplateSet::check`] applies the same rules to all of them
//! before an audit uses it, and [`TemplateSet::texts`] lists every text in
//! one order that the workbook, the diff and the editor share.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::{ChecklistTemplate, ParticipantGroup, PhotovoiceTemplate, Templates, Text};
use crate::model::limits;

/// Most areas a checklist may have.
pub const MAX_AREAS: usize = 30;
/// Most statements a checklist may have.
pub const MAX_STATEMENTS: usize = 300;
/// Most photovoice themes.
pub const MAX_THEMES: usize = 8;
/// Most wrap-up categories.
pub const MAX_WRAP_UP: usize = 20;
/// Most participant groups.
pub const MAX_GROUPS: usize = 40;
/// Most languages besides English.
pub const MAX_LANGUAGES: usize = 40;
/// Longest id of an area, statement, theme, category or group.
pub const MAX_ID: usize = 40;

/// The checklist, photovoice texts and participant groups of an audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TemplateSet {
    /// The city walk checklist.
    pub checklist: ChecklistTemplate,
    /// The photovoice themes, usage terms and wrap-up categories.
    pub photovoice: PhotovoiceTemplate,
    /// The participant groups people choose from when they join.
    pub groups: Vec<ParticipantGroup>,
}

/// What a text in a template is; also the `kind` column of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TextKind {
    /// The checklist's title.
    Title,
    /// The label of the lowest score.
    ScaleMin,
    /// The label of the highest score.
    ScaleMax,
    /// The label of "don't know".
    DontKnow,
    /// An area's title.
    Area,
    /// An area's guidance.
    Guidance,
    /// A statement.
    Statement,
    /// A photovoice theme's title.
    Theme,
    /// What a photovoice theme covers.
    ThemeDescription,
    /// The photovoice usage terms.
    UsageTerms,
    /// A wrap-up category.
    WrapUp,
    /// A participant group.
    Group,
}

impl TextKind {
    /// Every kind, in workbook order.
    pub const ALL: [TextKind; 12] = [
        TextKind::Title,
        TextKind::ScaleMin,
        TextKind::ScaleMax,
        TextKind::DontKnow,
        TextKind::Area,
        TextKind::Guidance,
        TextKind::Statement,
        TextKind::Theme,
        TextKind::ThemeDescription,
        TextKind::UsageTerms,
        TextKind::WrapUp,
        TextKind::Group,
    ];

    /// The name in the workbook's `kind` column.
    pub fn name(self) -> &'static str {
        match self {
            TextKind::Title => "title",
            TextKind::ScaleMin => "scale_min",
            TextKind::ScaleMax => "scale_max",
            TextKind::DontKnow => "dont_know",
            TextKind::Area => "area",
            TextKind::Guidance => "guidance",
            TextKind::Statement => "statement",
            TextKind::Theme => "theme",
            TextKind::ThemeDescription => "theme_description",
            TextKind::UsageTerms => "usage_terms",
            TextKind::WrapUp => "wrap_up",
            TextKind::Group => "group",
        }
    }

    /// The kind a workbook names, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        TextKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The part of the template (and the workbook's sheet) the kind belongs to.
    pub fn part(self) -> Part {
        match self {
            TextKind::Theme | TextKind::ThemeDescription | TextKind::UsageTerms => Part::Photovoice,
            TextKind::WrapUp => Part::Photovoice,
            TextKind::Group => Part::Groups,
            _ => Part::Checklist,
        }
    }

    /// True when rows of this kind name an id.
    pub fn has_id(self) -> bool {
        !matches!(
            self,
            TextKind::Title
                | TextKind::ScaleMin
                | TextKind::ScaleMax
                | TextKind::DontKnow
                | TextKind::UsageTerms
        )
    }

    /// The longest English text or translation of this kind.
    fn max_len(self) -> usize {
        match self {
            TextKind::Guidance | TextKind::UsageTerms | TextKind::ThemeDescription => {
                limits::LONG_TEXT
            }
            TextKind::Statement => 1_000,
            _ => limits::SHORT_TEXT,
        }
    }
}

/// The three parts of a template set (the workbook's text sheets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Part {
    /// The checklist sheet.
    Checklist,
    /// The photovoice sheet.
    Photovoice,
    /// The groups sheet.
    Groups,
}

impl Part {
    /// The sheet's name in the workbook.
    pub fn sheet(self) -> &'static str {
        match self {
            Part::Checklist => "checklist",
            Part::Photovoice => "photovoice",
            Part::Groups => "groups",
        }
    }
}

/// One text of a template set, where it sits, and (for areas) whether the
/// area is answered per stop.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateText<'a> {
    /// What the text is.
    pub kind: TextKind,
    /// The id of what it belongs to (empty for the kinds without ids).
    pub id: &'a str,
    /// The text in English and its translations.
    pub text: &'a Text,
    /// For an area: answered once per stop of the walk.
    pub per_stop: Option<bool>,
}

/// Why a template set cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{}", self.describe())]
pub struct TemplateProblem {
    /// What is wrong.
    pub problem: ProblemKind,
    /// The kind of text or row it is about, if one.
    pub kind: Option<TextKind>,
    /// The id it is about, if one.
    pub id: Option<String>,
    /// The language column it is about, if one (`en` for the English source).
    pub language: Option<String>,
    /// The workbook sheet, when the set came from a file.
    pub sheet: Option<String>,
    /// The spreadsheet row number (1 is the header), when it came from a file.
    pub row: Option<u32>,
    /// The column's header, when it came from a file.
    pub column: Option<String>,
    /// The limit broken (characters, rows), if one.
    pub max: Option<u32>,
    /// The value found, when showing it helps (an unknown kind, an id).
    pub found: Option<String>,
}

/// What is wrong with a template text, row or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ProblemKind {
    /// The English text, which every other language falls back to, is empty.
    EmptyEnglish,
    /// A text is longer than allowed.
    TooLong,
    /// A text holds a control character.
    ForbiddenCharacter,
    /// An id is missing where one is needed.
    MissingId,
    /// An id holds characters other than a-z, 0-9, `.`, `_` and `-`, or is too long.
    BadId,
    /// Two things share an id.
    DuplicateId,
    /// A checklist without areas.
    NoAreas,
    /// An area without statements.
    NoStatements,
    /// A photovoice without themes.
    NoThemes,
    /// No participant groups.
    NoGroups,
    /// More areas, statements, themes, categories, groups or languages than allowed.
    TooMany,
    /// A language column whose header is not a language tag (like `fa` or `pt-BR`).
    BadLanguage,
    /// A language named twice.
    DuplicateLanguage,
    /// The file is not an XLSX or ODS workbook, or is damaged.
    NotAWorkbook,
    /// The file is larger than a template can be.
    FileTooLarge,
    /// A sheet the format needs is missing.
    MissingSheet,
    /// A column the format needs is missing.
    MissingColumn,
    /// The `kind` column holds a word the format does not know.
    UnknownKind,
    /// A row of this kind belongs on another sheet.
    WrongSheet,
    /// A yes/no column holds something else.
    NotYesNo,
    /// A statement or guidance row before any area row.
    OutsideArea,
    /// A theme description for a theme the sheet does not have.
    UnknownTheme,
    /// A text that appears once (title, scale labels, usage terms) given twice.
    Repeated,
    /// A text that must appear once is missing.
    Missing,
    /// The workbook's version is not a whole number from 1.
    BadVersion,
}

impl ProblemKind {
    fn words(self) -> &'static str {
        match self {
            ProblemKind::EmptyEnglish => "the English text is empty",
            ProblemKind::TooLong => "the text is too long",
            ProblemKind::ForbiddenCharacter => "the text holds a control character",
            ProblemKind::MissingId => "the id is missing",
            ProblemKind::BadId => "the id may only hold a-z, 0-9, '.', '_' and '-'",
            ProblemKind::DuplicateId => "the id is used twice",
            ProblemKind::NoAreas => "the checklist has no areas",
            ProblemKind::NoStatements => "the area has no statements",
            ProblemKind::NoThemes => "the photovoice has no themes",
            ProblemKind::NoGroups => "there are no participant groups",
            ProblemKind::TooMany => "there are too many",
            ProblemKind::BadLanguage => "this is not a language tag such as 'fa' or 'pt-BR'",
            ProblemKind::DuplicateLanguage => "the language is named twice",
            ProblemKind::NotAWorkbook => "the file is not an XLSX or ODS workbook",
            ProblemKind::FileTooLarge => "the file is too large for a template",
            ProblemKind::MissingSheet => "the sheet is missing",
            ProblemKind::MissingColumn => "the column is missing",
            ProblemKind::UnknownKind => "the kind is not one the template knows",
            ProblemKind::WrongSheet => "this kind belongs on another sheet",
            ProblemKind::NotYesNo => "write yes or no",
            ProblemKind::OutsideArea => "the row comes before any area row",
            ProblemKind::UnknownTheme => "no theme has this id",
            ProblemKind::Repeated => "this text is given twice",
            ProblemKind::Missing => "this text is missing",
            ProblemKind::BadVersion => "the version must be a whole number from 1",
        }
    }
}

impl TemplateProblem {
    /// A problem of this kind, placed nowhere yet.
    pub fn new(problem: ProblemKind) -> Self {
        TemplateProblem {
            problem,
            kind: None,
            id: None,
            language: None,
            sheet: None,
            row: None,
            column: None,
            max: None,
            found: None,
        }
    }

    /// The problem, about a text of `kind` with `id` (empty for none).
    pub fn at(problem: ProblemKind, kind: TextKind, id: &str) -> Self {
        TemplateProblem {
            kind: Some(kind),
            id: (!id.is_empty()).then(|| id.to_owned()),
            ..TemplateProblem::new(problem)
        }
    }

    /// The same problem in `language`.
    pub fn in_language(mut self, language: &str) -> Self {
        self.language = Some(language.to_owned());
        self
    }

    /// The same problem with its limit.
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = Some(u32::try_from(max).unwrap_or(u32::MAX));
        self
    }

    /// The same problem with the value found.
    pub fn with_found(mut self, found: &str) -> Self {
        self.found = Some(found.chars().take(80).collect());
        self
    }

    /// The problem in English words: where, then what.
    pub fn describe(&self) -> String {
        let mut place = Vec::new();
        if let Some(sheet) = &self.sheet {
            place.push(format!("sheet {sheet}"));
        }
        if let Some(row) = self.row {
            place.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            place.push(format!("column {column}"));
        }
        if self.row.is_none() {
            if let Some(kind) = self.kind {
                match &self.id {
                    Some(id) => place.push(format!("{} {id}", kind.name())),
                    None => place.push(kind.name().to_owned()),
                }
            }
            if let (Some(language), None) = (&self.language, &self.column) {
                place.push(format!("language {language}"));
            }
        }
        let mut what = self.problem.words().to_owned();
        if let Some(max) = self.max {
            what.push_str(&format!(" (at most {max})"));
        }
        if let Some(found) = &self.found {
            what.push_str(&format!(": \u{201c}{found}\u{201d}"));
        }
        if place.is_empty() {
            format!("Template: {what}.")
        } else {
            format!("Template, {}: {what}.", place.join(", "))
        }
    }
}

/// True for an id of an area, statement, theme, category or group.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// True for a language tag a template may use besides `en`: a 2-3 letter
/// language, then subtags of 2-8 letters or digits (`fa`, `pt-BR`, `sr-Latn`).
pub fn valid_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && tag != "en"
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl TemplateSet {
    /// The built-in INTEGRA checklist, photovoice and groups.
    pub fn builtin(templates: &Templates) -> Self {
        TemplateSet {
            checklist: templates.checklist.clone(),
            photovoice: templates.photovoice.clone(),
            groups: templates.groups.clone(),
        }
    }

    /// The languages besides English, in the order of the review markers.
    pub fn languages(&self) -> Vec<String> {
        let mut languages: BTreeSet<&str> = self
            .checklist
            .translations
            .keys()
            .chain(self.photovoice.translations.keys())
            .map(String::as_str)
            .collect();
        for text in self.texts() {
            languages.extend(text.text.tr.keys().map(String::as_str));
        }
        languages.into_iter().map(str::to_owned).collect()
    }

    /// Every text, in the workbook's order: checklist, photovoice, groups.
    pub fn texts(&self) -> Vec<TemplateText<'_>> {
        let plain = |kind, id, text| TemplateText {
            kind,
            id,
            text,
            per_stop: None,
        };
        let checklist = &self.checklist;
        let mut texts = vec![
            plain(TextKind::Title, "", &checklist.title),
            plain(TextKind::ScaleMin, "", &checklist.scale.min_label),
            plain(TextKind::ScaleMax, "", &checklist.scale.max_label),
            plain(TextKind::DontKnow, "", &checklist.scale.dont_know_label),
        ];
        for section in &checklist.sections {
            texts.push(TemplateText {
                per_stop: Some(section.per_stop),
                ..plain(TextKind::Area, &section.id, &section.title)
            });
            if let Some(guidance) = &section.guidance {
                texts.push(plain(TextKind::Guidance, &section.id, guidance));
            }
            for item in &section.items {
                texts.push(plain(TextKind::Statement, &item.id, &item.text));
            }
        }
        let photovoice = &self.photovoice;
        for theme in &photovoice.themes {
            texts.push(plain(TextKind::Theme, &theme.id, &theme.title));
            texts.push(plain(
                TextKind::ThemeDescription,
                &theme.id,
                &theme.description,
            ));
        }
        texts.push(plain(TextKind::UsageTerms, "", &photovoice.usage_terms));
        for category in &photovoice.wrap_up {
            texts.push(plain(TextKind::WrapUp, &category.id, &category.title));
        }
        for group in &self.groups {
            texts.push(plain(TextKind::Group, &group.id, &group.label));
        }
        texts
    }

    /// Makes the set ready for an audit: texts trimmed, blank translations
    /// dropped, new statements (empty id) numbered after their area's
    /// others (`environment.11`), the scale fixed at the toolkit's 1-5; then
    /// checks every rule. The first problem found is returned.
    pub fn check(&mut self) -> Result<(), TemplateProblem> {
        self.normalise();
        self.check_counts()?;
        self.check_ids()?;
        self.check_languages()?;
        for text in self.texts() {
            check_text(text.kind, text.id, text.text)?;
        }
        Ok(())
    }

    fn normalise(&mut self) {
        self.checklist.scale.min = 1;
        self.checklist.scale.max = 5;
        for section in &mut self.checklist.sections {
            section.id = section.id.trim().to_owned();
            let mut next = section
                .items
                .iter()
                .filter_map(|item| item.id.strip_prefix(&format!("{}.", section.id)))
                .filter_map(|n| n.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            for item in &mut section.items {
                item.id = item.id.trim().to_owned();
                if item.id.is_empty() {
                    next += 1;
                    item.id = format!("{}.{next}", section.id);
                }
            }
            if let Some(guidance) = &section.guidance {
                if guidance.en.trim().is_empty() && guidance.tr.is_empty() {
                    section.guidance = None;
                }
            }
        }
        for_each_text(self, |text| {
            text.en = text.en.trim().to_owned();
            text.tr.retain(|_, t| !t.trim().is_empty());
            for t in text.tr.values_mut() {
                *t = t.trim().to_owned();
            }
        });
    }

    fn check_counts(&self) -> Result<(), TemplateProblem> {
        let sections = &self.checklist.sections;
        let statements: usize = sections.iter().map(|s| s.items.len()).sum();
        let counts = [
            (sections.len(), MAX_AREAS, TextKind::Area),
            (statements, MAX_STATEMENTS, TextKind::Statement),
            (self.photovoice.themes.len(), MAX_THEMES, TextKind::Theme),
            (self.photovoice.wrap_up.len(), MAX_WRAP_UP, TextKind::WrapUp),
            (self.groups.len(), MAX_GROUPS, TextKind::Group),
        ];
        for (count, max, kind) in counts {
            if count > max {
                return Err(TemplateProblem::at(ProblemKind::TooMany, kind, "").with_max(max));
            }
        }
        if sections.is_empty() {
            return Err(TemplateProblem::at(
                ProblemKind::NoAreas,
                TextKind::Area,
                "",
            ));
        }
        if let Some(empty) = sections.iter().find(|s| s.items.is_empty()) {
            return Err(TemplateProblem::at(
                ProblemKind::NoStatements,
                TextKind::Area,
                &empty.id,
            ));
        }
        if self.photovoice.themes.is_empty() {
            return Err(TemplateProblem::at(
                ProblemKind::NoThemes,
                TextKind::Theme,
                "",
            ));
        }
        if self.groups.is_empty() {
            return Err(TemplateProblem::at(
                ProblemKind::NoGroups,
                TextKind::Group,
                "",
            ));
        }
        Ok(())
    }

    fn check_ids(&self) -> Result<(), TemplateProblem> {
        let mut seen: BTreeSet<(TextKind, &str)> = BTreeSet::new();
        for text in self.texts() {
            if !text.kind.has_id() || text.kind == TextKind::Guidance {
                continue;
            }
            // A theme's description shares its theme's id.
            if text.kind == TextKind::ThemeDescription {
                continue;
            }
            if text.id.is_empty() {
                return Err(TemplateProblem::at(ProblemKind::MissingId, text.kind, ""));
            }
            if !valid_id(text.id) {
                return Err(
                    TemplateProblem::at(ProblemKind::BadId, text.kind, text.id).with_found(text.id)
                );
            }
            if !seen.insert((text.kind, text.id)) {
                return Err(TemplateProblem::at(
                    ProblemKind::DuplicateId,
                    text.kind,
                    text.id,
                ));
            }
        }
        Ok(())
    }

    fn check_languages(&self) -> Result<(), TemplateProblem> {
        let languages = self.languages();
        if languages.len() > MAX_LANGUAGES {
            return Err(TemplateProblem::new(ProblemKind::TooMany).with_max(MAX_LANGUAGES));
        }
        match languages.iter().find(|tag| !valid_language(tag)) {
            Some(bad) => Err(TemplateProblem::new(ProblemKind::BadLanguage).with_found(bad)),
            None => Ok(()),
        }
    }
}

/// Checks one text of `kind`: English given, every language within the
/// kind's length and free of control characters.
pub(crate) fn check_text(kind: TextKind, id: &str, text: &Text) -> Result<(), TemplateProblem> {
    let problem = |problem| TemplateProblem::at(problem, kind, id);
    if text.en.trim().is_empty() {
        return Err(problem(ProblemKind::EmptyEnglish).in_language("en"));
    }
    let max = kind.max_len();
    let multiline = max >= limits::LONG_TEXT;
    let versions =
        std::iter::once(("en", &text.en)).chain(text.tr.iter().map(|(l, t)| (l.as_str(), t)));
    for (language, value) in versions {
        if value.chars().count() > max {
            return Err(problem(ProblemKind::TooLong)
                .in_language(language)
                .with_max(max));
        }
        if value
            .chars()
            .any(|c| crate::model::forbidden_char(c, multiline))
        {
            return Err(problem(ProblemKind::ForbiddenCharacter).in_language(language));
        }
    }
    Ok(())
}

/// Calls `change` on every text of the set.
fn for_each_text(set: &mut TemplateSet, mut change: impl FnMut(&mut Text)) {
    let checklist = &mut set.checklist;
    change(&mut checklist.title);
    change(&mut checklist.scale.min_label);
    change(&mut checklist.scale.max_label);
    change(&mut checklist.scale.dont_know_label);
    for section in &mut checklist.sections {
        change(&mut section.title);
        if let Some(guidance) = &mut section.guidance {
            change(guidance);
        }
        for item in &mut section.items {
            change(&mut item.text);
        }
    }
    let photovoice = &mut set.photovoice;
    for theme in &mut photovoice.themes {
        change(&mut theme.title);
        change(&mut theme.description);
    }
    change(&mut photovoice.usage_terms);
    for category in &mut photovoice.wrap_up {
        change(&mut category.title);
    }
    for group in &mut set.groups {
        change(&mut group.label);
    }
}
