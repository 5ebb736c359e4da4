//! Problems found while reading documents: values that were skipped.

use serde::Serialize;

use super::audit::AuditData;
use super::reason::{Phrase, Reason};
use super::response::{ResponseData, ResponseDocument};
use super::tolerant::{Checked, Lenient};
use super::{Answer, AnswerValue, AuditDocument};
use std::collections::BTreeMap;

/// One value a reader skipped, with where it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Problem {
    /// Path in the document, e.g. `answers/vision.1/value`.
    pub path: String,
    /// What is wrong, as a catalogue key (`reason.*`) for the reader's language.
    pub phrase: Phrase,
    /// What is wrong, typed (the exports word it in their language).
    #[serde(skip)]
    pub reason: Reason,
}

impl Problem {
    fn new(path: impl Into<String>, reason: Reason) -> Self {
        Problem {
            path: path.into(),
            phrase: reason.phrase(),
            reason,
        }
    }
}

fn lenient<T>(out: &mut Vec<Problem>, path: &str, value: &Lenient<T>) {
    if let Some(reason) = value.invalid() {
        out.push(Problem::new(path, reason.clone()));
    }
}

fn checked<T>(out: &mut Vec<Problem>, path: &str, value: &Checked<T>) {
    match value {
        Checked::Valid { unknown_fields, .. } => {
            for field in unknown_fields {
                out.push(Problem::new(
                    format!("{path}/{field}"),
                    Reason::UnknownField,
                ));
            }
        }
        Checked::Invalid(reason) => out.push(Problem::new(path, reason.clone())),
    }
}

fn answers(
    out: &mut Vec<Problem>,
    path: &str,
    map: &Lenient<BTreeMap<String, Checked<Answer>>>,
    known_item: impl Fn(&str) -> bool,
) {
    lenient(out, path, map);
    for (item, answer) in map.value().into_iter().flatten() {
        let item_path = format!("{path}/{item}");
        if !known_item(item) {
            out.push(Problem::new(&item_path, Reason::NotAStatement));
            continue;
        }
        checked(out, &item_path, answer);
        if let Some(Answer {
            value: AnswerValue::Invalid(reason),
            ..
        }) = answer.value()
        {
            out.push(Problem::new(format!("{item_path}/value"), reason.clone()));
        }
    }
}

impl ResponseDocument {
    /// Every value this version had to skip, judged against the audit's templates.
    pub fn problems(&self, audit: &AuditData) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .unknown_root_fields()
            .into_iter()
            .map(|field| Problem::new(field, Reason::UnknownField))
            .collect();
        match self.read() {
            Ok(data) => data.collect_problems(audit, &mut out),
            Err(e) => out.push(Problem::new("", Reason::Unreadable(e.to_string()))),
        }
        out
    }
}

impl ResponseData {
    /// Every value this version had to skip in the response's known fields,
    /// judged against the audit's templates (unknown root fields, which the
    /// hydrated data no longer knows, are left to [`ResponseDocument::problems`]).
    pub fn problems(&self, audit: &AuditData) -> Vec<Problem> {
        let mut out = Vec::new();
        self.collect_problems(audit, &mut out);
        out
    }

    fn collect_problems(&self, audit: &AuditData, out: &mut Vec<Problem>) {
        lenient(out, "schema", &self.schema);
        lenient(out, "audit_id", &self.audit_id);
        checked(out, "participant", &self.participant);
        let item_section = |item: &str| audit.item(item).map(|(s, _)| s.per_stop);
        answers(out, "answers", &self.answers, |item| {
            item_section(item) == Some(false)
        });
        lenient(out, "stops", &self.stops);
        for (stop, visit) in self.stops.value().into_iter().flatten() {
            checked(out, &format!("stops/{stop}"), visit);
        }
        lenient(out, "stop_answers", &self.stop_answers);
        for (stop, map) in self.stop_answers.value().into_iter().flatten() {
            answers(out, &format!("stop_answers/{stop}"), map, |item| {
                item_section(item) == Some(true)
            });
        }
        lenient(out, "photos", &self.photos);
        let themes = audit.photovoice().map(|p| &p.themes);
        for (hash, photo) in self.photos.value().into_iter().flatten() {
            let path = format!("photos/{hash}");
            checked(out, &path, photo);
            if let Some(record) = photo.value() {
                let theme_known = themes.is_some_and(|t| t.iter().any(|t| t.id == record.theme));
                if !theme_known {
                    out.push(Problem::new(format!("{path}/theme"), Reason::UnknownTheme));
                }
            }
        }
        lenient(out, "track", &self.track);
        for (index, point) in self.track.value().into_iter().flatten().enumerate() {
            checked(out, &format!("track/{index}"), point);
        }
    }
}

impl AuditDocument {
    /// Every value this version had to skip in the audit document.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .unknown_root_fields()
            .into_iter()
            .map(|field| Problem::new(field, Reason::UnknownField))
            .collect();
        let data = match self.read() {
            Ok(data) => data,
            Err(e) => {
                out.push(Problem::new("", Reason::Unreadable(e.to_string())));
                return out;
            }
        };
        lenient(&mut out, "title", &data.title);
        lenient(&mut out, "checklist", &data.checklist);
        lenient(&mut out, "photovoice", &data.photovoice);
        lenient(&mut out, "groups", &data.groups);
        lenient(&mut out, "planned_stops", &data.planned_stops);
        for (id, stop) in data.planned_stops.value().into_iter().flatten() {
            checked(&mut out, &format!("planned_stops/{id}"), stop);
        }
        lenient(&mut out, "roster", &data.roster);
        for (id, entry) in data.roster.value().into_iter().flatten() {
            checked(&mut out, &format!("roster/{id}"), entry);
        }
        out
    }
}
