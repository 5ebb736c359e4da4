//! Collecting the values that count from the response documents, and
//! listing the ones that do not.

use std::collections::BTreeMap;

use super::InvalidValue;
use crate::model::{Answer, AnswerValue, AuditData, Phrase, Reason, ResponseData};

/// A participant whose response was merged.
#[derive(Debug, Clone)]
pub(crate) struct Who<'a> {
    /// Participant id.
    pub id: String,
    /// Display name.
    pub pseudonym: String,
    /// The N of "Participant N" when the participant record is unreadable.
    pub anonymous: Option<usize>,
    /// Group id.
    pub group: &'a str,
}

/// One valid answer (score or "don't know") to one statement.
#[derive(Debug, Clone)]
pub(crate) struct Observation<'a> {
    /// Statement id.
    pub item: &'a str,
    /// Index into [`Observations::participants`].
    pub participant: usize,
    /// Key of the stop ([`StopPlace::key`]) for per-stop statements.
    pub stop: Option<String>,
    /// The value.
    pub value: &'a AnswerValue,
}

/// A place where per-stop statements were answered.
#[derive(Debug, Clone)]
pub(crate) struct StopPlace {
    /// The planned stop id, or for unplanned stops the name of area.
    pub key: String,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Stop visits recorded here.
    pub visits: usize,
    /// Walking order of a planned stop; `None` for unplanned stops.
    order: Option<i64>,
}

/// Every value of a set of responses, sorted into what counts and what not.
#[derive(Debug, Default)]
pub(crate) struct Observations<'a> {
    /// Participants, one per response.
    pub participants: Vec<Who<'a>>,
    /// Valid answers filed in the right place.
    pub valid: Vec<Observation<'a>>,
    /// Values excluded from every figure.
    pub invalid: Vec<InvalidValue>,
    /// Stops, planned ones in walking order first, then others by name.
    pub stops: Vec<StopPlace>,
}

const UNKNOWN_GROUP: &str = "unknown";

impl<'a> Observations<'a> {
    /// Sorts the values of `responses` against the audit's checklist.
    pub fn collect(audit: &'a AuditData, responses: &[&'a ResponseData]) -> Self {
        let mut out = Observations::default();
        let mut stops: BTreeMap<String, StopPlace> = BTreeMap::new();
        for (index, response) in responses.iter().enumerate() {
            let who = who(audit, response, index);
            let participant = out.participants.len();
            for (item, answer) in response.answers() {
                out.sort(audit, participant, &who, item, answer, None, false);
            }
            for (stop_id, visit) in response.stops() {
                let planned = visit
                    .planned_stop
                    .as_ref()
                    .and_then(|p| audit.planned_stops().find(|(id, _)| *id == p));
                let place = match planned {
                    Some((id, stop)) => StopPlace {
                        key: id.clone(),
                        name_of_area: stop.name_of_area.clone(),
                        specific_location: stop.specific_location.clone(),
                        visits: 0,
                        order: Some(stop.order),
                    },
                    None => StopPlace {
                        key: visit.name_of_area.trim().to_owned(),
                        name_of_area: visit.name_of_area.trim().to_owned(),
                        specific_location: visit.specific_location.clone(),
                        visits: 0,
                        order: None,
                    },
                };
                let key = place.key.clone();
                stops.entry(key.clone()).or_insert(place).visits += 1;
                for (item, answer) in response.stop_answers(stop_id) {
                    out.sort(audit, participant, &who, item, answer, Some(&key), true);
                }
            }
            out.participants.push(who);
        }
        let mut stops: Vec<StopPlace> = stops.into_values().collect();
        stops.sort_by(|a, b| {
            (a.order.is_none(), a.order, &a.key).cmp(&(b.order.is_none(), b.order, &b.key))
        });
        out.stops = stops;
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn sort(
        &mut self,
        audit: &AuditData,
        participant: usize,
        who: &Who<'_>,
        item: &'a str,
        answer: &'a Answer,
        stop: Option<&str>,
        at_stop: bool,
    ) {
        let reason = match (&answer.value, audit.item(item)) {
            (AnswerValue::Unanswered, _) => return,
            (AnswerValue::Invalid(reason), _) => reason.clone(),
            (_, None) => Reason::NotAStatement,
            (_, Some((section, _))) if section.per_stop != at_stop => {
                if at_stop {
                    Reason::AtStopButWholeCity
                } else {
                    Reason::WholeCityButAtStop
                }
            }
            (value, Some(_)) => {
                self.valid.push(Observation {
                    item,
                    participant,
                    stop: stop.map(str::to_owned),
                    value,
                });
                return;
            }
        };
        self.invalid.push(InvalidValue {
            participant_id: who.id.clone(),
            pseudonym: who.pseudonym.clone(),
            anonymous: who.anonymous,
            item: item.to_owned(),
            stop: stop.map(str::to_owned),
            value: found_phrase(&answer.value),
            reason: reason.phrase(),
            found: answer.value.clone(),
            why: reason,
        });
    }
}

/// A found value for readers to word: a score as its number, "don't know",
/// nothing, or why it could not be read.
fn found_phrase(value: &AnswerValue) -> Phrase {
    match value {
        AnswerValue::Score(s) => Phrase::new("found.score", [("value", s.get().to_string())]),
        AnswerValue::DontKnow => Phrase::new("found.dontKnow", []),
        AnswerValue::Unanswered => Phrase::new("found.nothing", []),
        AnswerValue::Invalid(reason) => reason.phrase(),
    }
}

fn who<'a>(audit: &'a AuditData, response: &'a ResponseData, index: usize) -> Who<'a> {
    match response.participant() {
        Some(p) => {
            let known = audit.has_group(&p.group);
            Who {
                id: p.id.clone(),
                pseudonym: p.display_name.clone(),
                anonymous: None,
                group: if known {
                    p.group.as_str()
                } else {
                    UNKNOWN_GROUP
                },
            }
        }
        None => Who {
            id: format!("unreadable-{}", index + 1),
            pseudonym: super::anonymous_label(index + 1),
            anonymous: Some(index + 1),
            group: UNKNOWN_GROUP,
        },
    }
}
