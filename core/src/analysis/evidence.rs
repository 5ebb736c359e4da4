//! Participants' comments/evidence per statement, for the consensus
//! discussion and the report. A comment is attributed by the audit's roster
//! (the participant's display name) or, as the facilitator chooses and by
//! default, anonymised as "Participant 1, 2…", numbered in the order people
//! joined, which reveals nothing of their ids. The number is stored nowhere
//! and kept apart from the words: the UI and the report word it in their
//! language (`comments.participant` in the UI's catalogues,
//! `participant.anonymous` in the report's).

use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::{AnswerValue, AuditData, ResponseData};
use crate::report::words::Words;

/// One comment on a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Comment {
    /// Stable key for quoting it: `<participant id>/<stop id or "city">/<statement id>`.
    pub key: String,
    /// Statement id.
    pub item: String,
    /// Display name, or "Participant N" (in English) when anonymised.
    pub author: String,
    /// The N of "Participant N" when anonymised, for readers to word in their language.
    pub anonymous: Option<usize>,
    /// The stop's name of area, for a statement answered at a stop.
    pub stop: Option<String>,
    /// The score given with it (1-5), if any.
    pub score: Option<u8>,
    /// The comment/evidence.
    pub text: String,
}

/// The English label of the `n`th participant (from 1) when anonymised.
pub fn anonymous_label(n: usize) -> String {
    anonymous_label_in(&Words::english(), n)
}

/// The label of the `n`th participant (from 1) when anonymised, in `words`' language.
pub fn anonymous_label_in(words: &Words, n: usize) -> String {
    words.f("participant.anonymous", &[("n", &words.count(n))])
}

/// Every non-empty comment of `responses`, by statement id, each list in
/// the order of the participants' labels and then of their stop visits.
pub fn comments(
    audit: &AuditData,
    responses: &[ResponseData],
    show_names: bool,
) -> BTreeMap<String, Vec<Comment>> {
    // Number participants by when they joined (then id), from the roster.
    let mut roster: Vec<(i64, &String, &str)> = audit
        .roster()
        .filter(|(_, e)| e.role == "participant")
        .map(|(id, e)| (e.joined_at, id, e.display_name.as_str()))
        .collect();
    roster.sort();
    let number_of = |id: &str| roster.iter().position(|(_, r, _)| r.as_str() == id);
    let mut people: Vec<(usize, &ResponseData, String, String, Option<usize>)> = responses
        .iter()
        .filter_map(|response| {
            let id = response.participant()?.id.clone();
            // Only people on the roster are attributed (the server's record, not the document's claim).
            let n = number_of(&id)?;
            let (author, anonymous) = if show_names {
                (roster[n].2.to_owned(), None)
            } else {
                (anonymous_label(n + 1), Some(n + 1))
            };
            Some((n, response, id, author, anonymous))
        })
        .collect();
    people.sort_by_key(|(n, ..)| *n);
    let mut by_item: BTreeMap<String, Vec<Comment>> = BTreeMap::new();
    let score = |value: &AnswerValue| value.score().map(|s| s.get());
    for (_, response, id, author, anonymous) in &people {
        for (item, answer) in response.answers() {
            let text = answer.comment.as_str().trim();
            if !text.is_empty() {
                by_item.entry(item.clone()).or_default().push(Comment {
                    key: format!("{id}/city/{item}"),
                    item: item.clone(),
                    author: author.clone(),
                    anonymous: *anonymous,
                    stop: None,
                    score: score(&answer.value),
                    text: text.to_owned(),
                });
            }
        }
        let mut visits: Vec<_> = response.stops().collect();
        visits.sort_by_key(|(stop, v)| (v.visited_at, (*stop).clone()));
        for (stop, visit) in visits {
            for (item, answer) in response.stop_answers(stop) {
                let text = answer.comment.as_str().trim();
                if !text.is_empty() {
                    by_item.entry(item.clone()).or_default().push(Comment {
                        key: format!("{id}/{stop}/{item}"),
                        item: item.clone(),
                        author: author.clone(),
                        anonymous: *anonymous,
                        stop: Some(visit.name_of_area.clone()),
                        score: score(&answer.value),
                        text: text.to_owned(),
                    });
                }
            }
        }
    }
    by_item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ExportInput;
    use crate::model::AnswerInput;
    use crate::testdata::{fixture, Fixture};

    fn with_stop_comment(f: &mut Fixture) {
        let data = f.audit_data();
        let response = &mut f.responses[1];
        let stop = response
            .read()
            .unwrap()
            .stops()
            .find(|(_, v)| v.name_of_area == "Park")
            .map(|(id, _)| id.clone())
            .unwrap();
        let input = AnswerInput {
            value: None,
            comment: Some("  Dark path, no lights  ".into()),
        };
        response
            .answer_at_stop(&data, &stop, "environment.1", &input)
            .unwrap();
    }

    #[test]
    fn comments_are_collected_per_statement_anonymised_unless_names_are_chosen() {
        let mut f = fixture();
        with_stop_comment(&mut f);
        let (audit, responses) = (f.audit_data(), f.response_data());
        let anonymous = comments(&audit, &responses, false);
        let dk = &anonymous["vision.3"];
        assert_eq!(dk.len(), 1);
        assert_eq!(
            (
                dk[0].author.as_str(),
                dk[0].text.as_str(),
                dk[0].score,
                dk[0].stop.as_deref()
            ),
            ("Participant 1", "No strategy, found online", None, None)
        );
        assert_eq!(dk[0].key, "pa/city/vision.3");
        let at_stop = &anonymous["environment.1"];
        assert_eq!(at_stop.len(), 1);
        assert_eq!(at_stop[0].author, "Participant 2");
        assert_eq!(at_stop[0].stop.as_deref(), Some("Park"));
        assert_eq!(
            at_stop[0].score,
            Some(5),
            "the score stays with its comment"
        );
        assert_eq!(at_stop[0].text, "Dark path, no lights");
        let names: Vec<&str> = ["Falcon", "Heron", "Owl"].to_vec();
        for comment in anonymous.values().flatten() {
            assert!(
                names.iter().all(|n| !comment.author.contains(n)),
                "{comment:?}"
            );
        }
        let named = comments(&audit, &responses, true);
        assert_eq!(named["vision.3"][0].author, "Falcon");
        assert_eq!(named["environment.1"][0].author, "Heron \"Bo\", jr");
    }

    #[test]
    fn a_response_claiming_someone_not_on_the_roster_is_not_attributed() {
        let f = fixture();
        let audit = f.audit_data();
        let mut responses = f.response_data();
        let mut forged = responses[0].clone();
        if let crate::model::Checked::Valid { value, .. } = &mut forged.participant {
            value.id = "someone-else".into();
        }
        responses.push(forged);
        let all = comments(&audit, &responses, false);
        assert_eq!(
            all["vision.3"].len(),
            1,
            "only the rostered writer's comment"
        );
    }

    fn report_and_csv(f: &Fixture) -> (String, String) {
        let audit = f.audit_data();
        let responses = f.response_data();
        let blobs = |_: &str| None;
        let input = ExportInput {
            audit_id: "audit",
            audit: &audit,
            responses: &responses,
            earlier: None,
            blobs: &blobs,
            lang: "en",
        };
        (
            crate::report::markdown(&input),
            crate::export::answers_csv(&input),
        )
    }

    #[test]
    fn quoted_comments_reach_the_report_as_chosen_and_the_csv_does_not_change() {
        let mut f = fixture();
        with_stop_comment(&mut f);
        let (before, csv_before) = report_and_csv(&f);
        assert!(!before.contains("No strategy, found online\u{201d}"));
        f.audit.quote_comment("pa/city/vision.3", true).unwrap();
        let (quoted, csv_quoted) = report_and_csv(&f);
        assert!(
            quoted.contains("vision.3: \u{201c}No strategy, found online\u{201d} (Participant 1)"),
            "{quoted}"
        );
        assert!(
            !quoted.contains("Dark path"),
            "an unquoted comment stays out"
        );
        f.audit.set_show_names(true).unwrap();
        f.audit.quote_comment("pb/x/environment.1", true).unwrap();
        let (named, csv_named) = report_and_csv(&f);
        assert!(named.contains("(Falcon)"), "{named}");
        assert_eq!(csv_before, csv_quoted);
        assert_eq!(csv_before, csv_named, "the CSV is unchanged");
        assert!(f.audit.quote_comment("not-a-key", true).is_err());
    }

    #[test]
    fn two_facilitators_quoting_at_once_both_count() {
        let mut f = fixture();
        f.audit.prepare_records().unwrap();
        let mut other = crate::model::AuditDocument::from_automerge(f.audit.automerge().fork());
        f.audit.quote_comment("pa/city/vision.3", true).unwrap();
        other.quote_comment("pb/s1/environment.1", true).unwrap();
        other.set_show_names(true).unwrap();
        f.audit.automerge().merge(other.automerge()).unwrap();
        let records = f.audit.read().unwrap().records();
        assert_eq!(
            records.quoted_comments,
            ["pa/city/vision.3", "pb/s1/environment.1"]
        );
        assert!(records.show_names);
    }
}
