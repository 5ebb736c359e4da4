//! The EUROCITIES benchmark self-assessment ("Making participation effective
//! in diverse neighbourhoods"): for each key factor an assessment, the
//! evidence, examples and notes; notes on each context factor; and a
//! summary of how near the city is to the Integrating Cities standard.
//!
//! Kept under `facilitator.methods.benchmark` of an audit created as a
//! benchmark self-assessment. Every map and text exists from the audit's
//! creation and each edit writes one field, so facilitators assessing at
//! once merge like in the other methods.

use automerge::{ObjId, ObjType};
use autosurgeon::{Hydrate, Text};
use serde::Serialize;
use serde_json::Value;

use super::fields::{self, Kind};
use super::read::{text, LenientMap};
use crate::model::tolerant::Lenient;
use crate::model::{AuditData, AuditDocument, ModelError};
use crate::templates::BenchmarkTemplate;

/// The texts kept for each key factor.
const FACTOR_TEXTS: [&str; 3] = ["evidence", "examples", "notes"];

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct FactorEntry {
    assessment: Lenient<String>,
    evidence: Lenient<Text>,
    examples: Lenient<Text>,
    notes: Lenient<Text>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct ContextEntry {
    notes: Lenient<Text>,
}

/// The `facilitator.methods.benchmark` map as read.
#[derive(Debug, Clone, PartialEq, Hydrate)]
pub struct BenchmarkData {
    factors: LenientMap<FactorEntry>,
    context: LenientMap<ContextEntry>,
    summary: Lenient<Text>,
}

/// One key factor as assessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FactorAssessment {
    /// Key factor id (`kf1`...).
    pub id: String,
    /// A rating level id, or empty while not assessed.
    pub assessment: String,
    /// Evidence.
    pub evidence: String,
    /// Examples from the city.
    pub examples: String,
    /// Notes.
    pub notes: String,
}

/// Notes on one context factor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ContextNotes {
    /// Context factor id.
    pub id: String,
    /// Notes.
    pub notes: String,
}

/// How many key factors were given one rating level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LevelCount {
    /// Rating level id.
    pub level: String,
    /// Key factors assessed at this level.
    pub count: usize,
}

/// The self-assessment, in the benchmark's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BenchmarkRecords {
    /// Every key factor of the benchmark, assessed or not.
    pub factors: Vec<FactorAssessment>,
    /// Every context factor.
    pub context: Vec<ContextNotes>,
    /// How near the city is to the standard, in the facilitator's words.
    pub summary: String,
    /// Key factors per rating level, in the scale's order.
    pub by_level: Vec<LevelCount>,
    /// Key factors assessed.
    pub assessed: usize,
}

fn entry<'a, T>(map: &'a LenientMap<T>, id: &str) -> Option<&'a T> {
    map.value()?.get(id)?.value()
}

impl AuditData {
    /// The benchmark self-assessment, or `None` when this audit is not one.
    /// A value another device wrote in the wrong form reads as not given.
    pub fn benchmark_records(&self) -> Option<BenchmarkRecords> {
        let template = self.benchmark()?;
        let data = self
            .facilitator
            .value()
            .and_then(|f| f.methods.value())
            .and_then(|m| m.benchmark());
        let levels: Vec<&str> = template.rating.iter().map(|l| l.id.as_str()).collect();
        let factors: Vec<FactorAssessment> = template
            .key_factors
            .iter()
            .map(|factor| {
                let Some(e) = data.and_then(|d| entry(&d.factors, &factor.id)) else {
                    return FactorAssessment {
                        id: factor.id.clone(),
                        ..FactorAssessment::default()
                    };
                };
                let assessment = e.assessment.value().cloned().unwrap_or_default();
                FactorAssessment {
                    id: factor.id.clone(),
                    assessment: if levels.contains(&assessment.as_str()) {
                        assessment
                    } else {
                        String::new()
                    },
                    evidence: text(&e.evidence),
                    examples: text(&e.examples),
                    notes: text(&e.notes),
                }
            })
            .collect();
        let context = template
            .context_factors
            .iter()
            .map(|factor| ContextNotes {
                id: factor.id.clone(),
                notes: data
                    .and_then(|d| entry(&d.context, &factor.id))
                    .map(|e| text(&e.notes))
                    .unwrap_or_default(),
            })
            .collect();
        let by_level = levels
            .iter()
            .map(|level| LevelCount {
                level: (*level).to_owned(),
                count: factors.iter().filter(|f| f.assessment == *level).count(),
            })
            .collect();
        Some(BenchmarkRecords {
            assessed: factors.iter().filter(|f| !f.assessment.is_empty()).count(),
            factors,
            context,
            summary: data.map(|d| text(&d.summary)).unwrap_or_default(),
            by_level,
        })
    }
}

/// The kind of the benchmark field at `path`, or `None` when there is no such field.
fn kind_of(path: &[&str], template: &BenchmarkTemplate) -> Option<Kind> {
    let is_factor = |id: &str| template.key_factors.iter().any(|f| f.id == id);
    let is_context = |id: &str| template.context_factors.iter().any(|f| f.id == id);
    match path {
        ["factors", factor, "assessment"] if is_factor(factor) => Some(Kind::Choice(
            template.rating.iter().map(|l| l.id.clone()).collect(),
        )),
        ["factors", factor, field] if is_factor(factor) && FACTOR_TEXTS.contains(field) => {
            Some(Kind::Long)
        }
        ["context", factor, "notes"] if is_context(factor) => Some(Kind::Long),
        ["summary"] => Some(Kind::Long),
        _ => None,
    }
}

impl AuditDocument {
    /// Creates the benchmark's maps and texts (idempotent).
    pub(in crate::model) fn prepare_benchmark(
        &mut self,
        methods: &ObjId,
        template: &BenchmarkTemplate,
    ) -> Result<(), ModelError> {
        let benchmark = self.ensure(methods, "benchmark", ObjType::Map)?;
        let factors = self.ensure(&benchmark, "factors", ObjType::Map)?;
        for factor in &template.key_factors {
            let obj = self.ensure(&factors, &factor.id, ObjType::Map)?;
            for key in FACTOR_TEXTS {
                self.ensure(&obj, key, ObjType::Text)?;
            }
        }
        let context = self.ensure(&benchmark, "context", ObjType::Map)?;
        for factor in &template.context_factors {
            let obj = self.ensure(&context, &factor.id, ObjType::Map)?;
            self.ensure(&obj, "notes", ObjType::Text)?;
        }
        self.ensure(&benchmark, "summary", ObjType::Text)?;
        Ok(())
    }

    /// Sets one field of the benchmark self-assessment: `field` is
    /// `factors.<key factor>.assessment` (a rating level id, "" clears it),
    /// `factors.<key factor>.evidence|examples|notes`,
    /// `context.<context factor>.notes` or `summary`. Nothing is written
    /// when the value is refused.
    pub fn set_benchmark_field(&mut self, field: &str, value: &Value) -> Result<(), ModelError> {
        let data = self.read()?;
        let template = data
            .benchmark()
            .ok_or(ModelError::NotInAudit("EUROCITIES benchmark"))?;
        let path: Vec<&str> = field.split('.').collect();
        let kind = kind_of(&path, template).ok_or_else(|| ModelError::UnknownField {
            record: "benchmark",
            field: field.chars().take(80).collect(),
        })?;
        let checked = fields::check(field, &kind, value)?;
        let methods = self.methods_obj()?;
        let mut parent = self.ensure(&methods, "benchmark", ObjType::Map)?;
        let (parents, last) = path.split_at(path.len() - 1);
        for key in parents {
            parent = self.ensure(&parent, key, ObjType::Map)?;
        }
        self.write(&parent, last[0], checked)
    }
}
