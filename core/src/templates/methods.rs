//! The toolkit's texts for desk research and focus groups: the choices a
//! facilitator picks from and the questions shown as prompts, verbatim from
//! the INTEGRA toolkit (`core/templates/audit_methods.json`).

use serde::{Deserialize, Serialize};

use super::{Text, Translations};

/// One choice of a closed list (a document type, a sector, an answer...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Choice {
    /// Stable id written to the audit document.
    pub id: String,
    /// Label.
    pub label: Text,
}

/// The texts of both methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MethodsTemplate {
    /// Stable template id.
    pub id: String,
    /// Template version.
    pub version: u32,
    /// Review markers of the translations.
    #[serde(default)]
    pub translations: Translations,
    /// Desk research.
    pub desk: DeskTemplate,
    /// Focus groups.
    pub focus: FocusTemplate,
}

/// Desk research: Step 1 (documents) and Step 2 (institutions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DeskTemplate {
    /// Kinds of policy document.
    pub document_types: Vec<Choice>,
    /// Sectors a document may cover.
    pub sectors: Vec<Choice>,
    /// How the document was reviewed.
    pub review_methods: Vec<Choice>,
    /// Answers to an assessment question (yes / partly / no / unknown).
    pub answers: Vec<Choice>,
    /// Step 1 assessment questions, asked of every document.
    pub assessment_questions: Vec<Choice>,
    /// Step 2 questions for consideration, shown as prompts.
    pub institution_questions: Vec<Text>,
}

/// Focus groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FocusTemplate {
    /// The toolkit's "between 8 and 10 people".
    pub recommended_size: SizeRange,
    /// Gender categories counted.
    pub genders: Vec<Choice>,
    /// The four themes with their sample questions.
    pub themes: Vec<FocusTheme>,
    /// What participants may have lacked to discuss a theme.
    pub lacking: Vec<Choice>,
    /// The social-inclusion levels with the toolkit's definitions.
    pub inclusion_levels: Vec<InclusionLevel>,
    /// The questions the focus group report answers.
    pub report_questions: Vec<Choice>,
}

/// An inclusive range of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SizeRange {
    /// Fewest.
    pub min: u32,
    /// Most.
    pub max: u32,
}

/// A focus group theme (ids match the checklist's areas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "FocusThemeTemplate"))]
pub struct FocusTheme {
    /// Stable id, the checklist area's id.
    pub id: String,
    /// Theme title.
    pub title: Text,
    /// Sample discussion questions.
    pub questions: Vec<Text>,
}

/// A level of TCN's social inclusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InclusionLevel {
    /// Stable id (`none`, `low`, `medium`, `high`).
    pub id: String,
    /// Label.
    pub label: Text,
    /// The toolkit's definition.
    pub definition: Text,
}

impl Choice {
    /// True when `id` is one of `choices`.
    pub fn contains(choices: &[Choice], id: &str) -> bool {
        choices.iter().any(|c| c.id == id)
    }

    /// The label of `id` in `lang`, or the id itself when unknown.
    pub fn label_of<'a>(choices: &'a [Choice], id: &'a str, lang: &str) -> &'a str {
        choices
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.get(lang))
    }
}
