//! Which fields each record has, what values they take, and how a value
//! sent by the app is checked before anything is written.

use serde_json::Value;

use super::MethodRecord;
use crate::model::{limits, AuditData, Location, ModelError};
use crate::templates::{Choice, MethodsTemplate};

/// Most people counted in one category of one focus group.
pub const MAX_COUNT: i64 = 1_000;
/// Longest focus group, in minutes (a day).
pub const MAX_MINUTES: i64 = 1_440;

const YES_NO: &[&str] = &["yes", "no"];

/// What a field holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A short text, last writer wins (names, titles, references).
    Short(usize),
    /// A longer text, merged character by character.
    Long,
    /// One id of a closed list; empty clears it.
    Choice(Vec<String>),
    /// Ticked or not.
    Flag,
    /// A whole number from 0 to the maximum; null clears it.
    Count(i64),
    /// A calendar date `YYYY-MM-DD`; empty clears it.
    Date,
    /// A year `YYYY`, a month `YYYY-MM` or a date `YYYY-MM-DD`; empty clears it.
    Period,
    /// A position on the map, or null.
    Position,
}

/// A checked value, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Checked {
    /// A short text or a choice id ("" clears).
    Str(String),
    /// A longer text.
    Text(String),
    /// A flag.
    Bool(bool),
    /// A count; `None` clears it.
    Int(Option<i64>),
    /// A position; `None` clears it.
    Position(Option<Location>),
}

fn ids(choices: &[Choice]) -> Vec<String> {
    choices.iter().map(|c| c.id.clone()).collect()
}

fn fixed(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn is_one_of(choices: &[Choice], id: &str) -> bool {
    Choice::contains(choices, id)
}

/// The kind of the field at `path` of a record, or `None` when the record has no such field.
pub(crate) fn kind_of(
    record: MethodRecord,
    path: &[&str],
    audit: &AuditData,
    template: &MethodsTemplate,
) -> Option<Kind> {
    let desk = &template.desk;
    let focus = &template.focus;
    let short = Kind::Short(limits::SHORT_TEXT);
    Some(match (record, path) {
        (MethodRecord::Document, ["title" | "issuing_body"]) => short,
        (MethodRecord::Document, ["reference"]) => Kind::Short(limits::LONG_TEXT / 2),
        (MethodRecord::Document, ["doc_type"]) => Kind::Choice(ids(&desk.document_types)),
        (MethodRecord::Document, ["period_from" | "period_to"]) => Kind::Period,
        (MethodRecord::Document, ["tcn_specific"]) => Kind::Choice(fixed(YES_NO)),
        (MethodRecord::Document, ["review_method"]) => Kind::Choice(ids(&desk.review_methods)),
        (MethodRecord::Document, ["sectors", sector]) if is_one_of(&desk.sectors, sector) => {
            Kind::Flag
        }
        (MethodRecord::Document, ["assessment", question, field])
            if is_one_of(&desk.assessment_questions, question) =>
        {
            match *field {
                "answer" => Kind::Choice(ids(&desk.answers)),
                "evidence" => Kind::Long,
                _ => return None,
            }
        }
        (MethodRecord::Institution, ["name" | "kind"]) => short,
        (MethodRecord::Institution, ["mandate" | "capacity" | "needs_improvement"]) => Kind::Long,
        (MethodRecord::Institution, ["tcn_mandate" | "works_with_community"]) => {
            Kind::Choice(ids(&desk.answers))
        }
        (MethodRecord::FocusGroup, ["city" | "location" | "moderator" | "rapporteur"]) => short,
        (MethodRecord::FocusGroup, ["date"]) => Kind::Date,
        (MethodRecord::FocusGroup, ["audio_consent"]) => Kind::Choice(fixed(YES_NO)),
        (MethodRecord::FocusGroup, ["duration_minutes"]) => Kind::Count(MAX_MINUTES),
        (MethodRecord::FocusGroup, ["participants", group]) if audit.has_group(group) => {
            Kind::Count(MAX_COUNT)
        }
        (MethodRecord::FocusGroup, ["genders", gender]) if is_one_of(&focus.genders, gender) => {
            Kind::Count(MAX_COUNT)
        }
        (MethodRecord::FocusGroup, ["inclusion", level])
            if focus.inclusion_levels.iter().any(|l| l.id == *level) =>
        {
            Kind::Count(MAX_COUNT)
        }
        (MethodRecord::FocusGroup, ["answers", question])
            if is_one_of(&focus.report_questions, question) =>
        {
            Kind::Long
        }
        (MethodRecord::FocusGroup, ["themes", theme, rest @ ..])
            if focus.themes.iter().any(|t| t.id == *theme) =>
        {
            match rest {
                ["notes" | "big_ideas" | "lacking_reasons" | "results" | "recommendations"] => {
                    Kind::Long
                }
                ["enough_information"] => Kind::Choice(fixed(YES_NO)),
                ["lacking", what] if is_one_of(&focus.lacking, what) => Kind::Flag,
                _ => return None,
            }
        }
        (MethodRecord::FocusGroup, ["hot_spots", _, "name"]) => short,
        (MethodRecord::FocusGroup, ["hot_spots", _, "position"]) => Kind::Position,
        _ => return None,
    })
}

fn invalid(field: &str, reason: impl Into<String>) -> ModelError {
    ModelError::InvalidValue {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

fn text_value<'a>(field: &str, value: &'a Value) -> Result<&'a str, ModelError> {
    match value {
        Value::String(s) => Ok(s),
        Value::Null => Ok(""),
        _ => Err(invalid(field, "expected a text")),
    }
}

fn check_length(field: &str, value: &str, max: usize, multiline: bool) -> Result<(), ModelError> {
    let len = value.chars().count();
    if len > max {
        return Err(invalid(
            field,
            format!("it is {len} characters long; at most {max} are allowed"),
        ));
    }
    if let Some(found) = value
        .chars()
        .find(|&c| crate::model::forbidden_char(c, multiline))
    {
        return Err(invalid(
            field,
            format!(
                "it contains the invisible control character U+{:04X}; remove it and try again",
                u32::from(found)
            ),
        ));
    }
    Ok(())
}

/// Checks `value` for a field of `kind`; `field` names it in errors.
pub(crate) fn check(field: &str, kind: &Kind, value: &Value) -> Result<Checked, ModelError> {
    match kind {
        Kind::Short(max) => {
            let text = text_value(field, value)?;
            check_length(field, text, *max, false)?;
            Ok(Checked::Str(text.trim().to_owned()))
        }
        Kind::Long => {
            let text = text_value(field, value)?;
            check_length(field, text, limits::LONG_TEXT, true)?;
            Ok(Checked::Text(text.to_owned()))
        }
        Kind::Choice(allowed) => {
            let id = text_value(field, value)?;
            if !id.is_empty() && !allowed.iter().any(|a| a == id) {
                let shown: String = id.chars().take(40).collect();
                return Err(invalid(
                    field,
                    format!("{shown:?} is not one of: {}", allowed.join(", ")),
                ));
            }
            Ok(Checked::Str(id.to_owned()))
        }
        Kind::Flag => match value {
            Value::Bool(b) => Ok(Checked::Bool(*b)),
            _ => Err(invalid(field, "expected true or false")),
        },
        Kind::Count(max) => match value {
            Value::Null => Ok(Checked::Int(None)),
            Value::Number(n) => match n.as_i64() {
                Some(count) if (0..=*max).contains(&count) => Ok(Checked::Int(Some(count))),
                _ => Err(invalid(
                    field,
                    format!("{n} is not allowed: give a whole number from 0 to {max}"),
                )),
            },
            _ => Err(invalid(field, "expected a whole number")),
        },
        Kind::Date => {
            let text = text_value(field, value)?.trim();
            if !text.is_empty() {
                crate::model::calendar_date("date", text)?;
            }
            Ok(Checked::Str(text.to_owned()))
        }
        Kind::Period => {
            let text = text_value(field, value)?.trim();
            if !text.is_empty() {
                period_bounds(text).ok_or_else(|| {
                    invalid(
                        field,
                        format!(
                            "{:?} is not a year, month or date: write 2021, 2021-03 or 2021-03-15",
                            text.chars().take(40).collect::<String>()
                        ),
                    )
                })?;
            }
            Ok(Checked::Str(text.to_owned()))
        }
        Kind::Position => match value {
            Value::Null => Ok(Checked::Position(None)),
            other => {
                let location: Location = serde_json::from_value(other.clone())
                    .map_err(|e| invalid(field, format!("not a position: {e}")))?;
                location.validate()?;
                Ok(Checked::Position(Some(location)))
            }
        },
    }
}

/// The first and last day a period such as `2021`, `2021-03` or
/// `2021-03-15` covers, or `None` when it is none of these.
pub fn period_bounds(text: &str) -> Option<(time::Date, time::Date)> {
    use time::{Date, Month};
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |s: &str, len: usize| -> Option<u16> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = i32::from(number(parts.first()?, 4)?);
    match parts.as_slice() {
        [_] => Some((
            Date::from_calendar_date(year, Month::January, 1).ok()?,
            Date::from_calendar_date(year, Month::December, 31).ok()?,
        )),
        [_, month] => {
            let month = Month::try_from(u8::try_from(number(month, 2)?).ok()?).ok()?;
            let first = Date::from_calendar_date(year, month, 1).ok()?;
            let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
            Some((first, last))
        }
        [_, month, day] => {
            let month = Month::try_from(u8::try_from(number(month, 2)?).ok()?).ok()?;
            let day = u8::try_from(number(day, 2)?).ok()?;
            let date = Date::from_calendar_date(year, month, day).ok()?;
            Some((date, date))
        }
        _ => None,
    }
}

/// Refuses a period that ends before it starts (either end may be empty).
pub(crate) fn check_period(from: &str, to: &str) -> Result<(), ModelError> {
    if let (Some((start, _)), Some((_, end))) = (period_bounds(from), period_bounds(to)) {
        if end < start {
            return Err(ModelError::EndsBeforeStart {
                starts_on: from.trim().to_owned(),
                ends_on: to.trim().to_owned(),
            });
        }
    }
    Ok(())
}
