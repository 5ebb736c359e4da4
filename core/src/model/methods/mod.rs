//! Desk research, focus groups and the EUROCITIES benchmark self-assessment:
//! the facilitator's records of the toolkit's other methods, kept in the audit document under
//! `facilitator` (see `docs/schema.md`).
//!
//! Records are maps keyed by a random id. Every nested map and every longer
//! text of a record is created with the record, and each edit writes exactly
//! one field, so two facilitators editing the same focus group at once lose
//! nothing: different fields merge, a longer text merges character by
//! character, and only the same short field edited twice keeps one value.

mod balance;
mod benchmark;
#[cfg(test)]
mod benchmark_tests;
mod edit;
mod fields;
mod read;
#[cfg(test)]
mod tests;

pub use balance::{Balance, FocusOverview, GroupSize};
pub use benchmark::{BenchmarkRecords, ContextNotes, FactorAssessment, LevelCount};
pub use fields::{period_bounds, MAX_COUNT, MAX_MINUTES};
pub use read::{
    Assessment, DeskSummary, FocusGroup, FocusTheme, HotSpot, Institution, MethodRecords,
    MethodsData, PolicyDocument,
};

use serde::{Deserialize, Serialize};

/// The kinds of record a facilitator adds for these two methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum MethodRecord {
    /// Desk research Step 1: a policy or strategic document.
    Document,
    /// Desk research Step 2: an institution.
    Institution,
    /// A focus group session.
    FocusGroup,
}

impl MethodRecord {
    /// The key of the map holding these records under `facilitator`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            MethodRecord::Document => "desk_documents",
            MethodRecord::Institution => "desk_institutions",
            MethodRecord::FocusGroup => "focus_group_sessions",
        }
    }

    /// The record's name in messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            MethodRecord::Document => "document",
            MethodRecord::Institution => "institution",
            MethodRecord::FocusGroup => "focus group",
        }
    }
}

/// The fields of the desk research summary.
pub const DESK_SUMMARY_FIELDS: [&str; 3] = ["strengths", "weaknesses", "recommendations"];
