//! The analysis on the fixed data set of `testdata`, against figures worked
//! out by hand (the arithmetic is in the comments).
//!
//! Data: A (tcn), B (tcn), C (local administration).
//! vision.1: A 5, B 1, C 3          vision.2: A 4, B 4, C 5
//! vision.3: A don't know, B 2, C 2 vision.4: B 9 (invalid)
//! attitudes.1: A 2, B 2            attitudes.2: C 2
//! environment.1 at stops: A@P1 4, B@P1 2, B@Park 5, C@P2 3
//! environment.2 at stops: A@P1 2
//! C also answered environment.1 = 5 for the whole city (misplaced).

use super::*;
use crate::testdata::{earlier_fixture, fixture};
use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

fn results() -> AuditResults {
    let f = fixture();
    let (id, earlier_audit, earlier_responses) = earlier_fixture();
    let earlier = EarlierAudit {
        id: id.as_str(),
        audit: &earlier_audit,
        responses: &earlier_responses,
    };
    analyse(&f.audit_data(), &f.response_data(), Some(earlier))
}

#[test]
fn statement_statistics_match_hand_computed_values() {
    let r = results();
    assert_eq!(r.participants, 3);
    // vision.1: 5, 1, 3 -> mean 9/3 = 3, median 3, range 5-1 = 4;
    // deviations 2,-2,0 -> squares 4,4,0 -> variance 8/3 -> sd 1.632993.
    let v1 = r.item("vision.1").unwrap();
    assert_eq!(v1.scores.n, 3);
    close(v1.scores.mean, 3.0);
    close(v1.scores.median, 3.0);
    close(v1.scores.min, 1.0);
    close(v1.scores.max, 5.0);
    close(v1.scores.sd, (8.0f64 / 3.0).sqrt());
    assert_eq!(v1.counts, [1, 0, 1, 0, 1]);
    assert!(v1.flagged, "range 4 >= 3");
    // vision.2: 4, 4, 5 -> mean 13/3 = 4.3333, median 4;
    // deviations -1/3,-1/3,2/3 -> squares 1/9+1/9+4/9 = 6/9 -> variance 2/9.
    let v2 = r.item("vision.2").unwrap();
    close(v2.scores.mean, 13.0 / 3.0);
    close(v2.scores.median, 4.0);
    close(v2.scores.sd, (2.0f64 / 9.0).sqrt());
    assert!(!v2.flagged, "range 1, sd 0.47");
    // vision.3: 2, 2 and one don't know -> n 2, mean 2, sd 0.
    let v3 = r.item("vision.3").unwrap();
    assert_eq!((v3.scores.n, v3.dont_know), (2, 1));
    close(v3.scores.sd, 0.0);
    // vision.4: the 9 is excluded.
    assert_eq!(r.item("vision.4").unwrap().scores.n, 0);
    // environment.1: 4, 2, 5, 3 (one value per stop visit; C's whole-city 5
    // is excluded) -> mean 14/4 = 3.5, median (3+4)/2 = 3.5;
    // deviations .5,-1.5,1.5,-.5 -> squares .25+2.25+2.25+.25 = 5 -> var 1.25.
    let e1 = r.item("environment.1").unwrap();
    assert_eq!(e1.scores.n, 4);
    close(e1.scores.mean, 3.5);
    close(e1.scores.median, 3.5);
    close(e1.scores.sd, 1.25f64.sqrt());
    assert!(e1.flagged, "range 5-2 = 3");
    // environment.2: one score -> never flagged.
    assert!(!r.item("environment.2").unwrap().flagged);
    assert_eq!(r.flagged(), vec!["vision.1", "environment.1"]);
}

#[test]
fn area_and_overall_means_are_means_of_statement_means() {
    let r = results();
    let area = |id: &str| r.sections.iter().find(|s| s.section == id).unwrap();
    // vision: (3 + 13/3 + 2) / 3 = (28/3) / 3 = 28/9 = 3.1111
    close(area("vision").mean, 28.0 / 9.0);
    // participation: nothing answered.
    assert_eq!(area("participation").mean, None);
    assert!(area("participation").best.is_empty());
    // environment: (3.5 + 2) / 2 = 2.75
    close(area("environment").mean, 2.75);
    // attitudes: (2 + 2) / 2 = 2
    close(area("attitudes").mean, 2.0);
    // overall: (3 + 13/3 + 2 + 3.5 + 2 + 2 + 2) / 7 = (113/6) / 7 = 113/42
    close(r.overall_mean, 113.0 / 42.0);
    // best / most challenging; attitudes.1 and .2 tie at 2.
    assert_eq!(area("vision").best, vec!["vision.2"]);
    assert_eq!(area("vision").most_challenging, vec!["vision.3"]);
    assert_eq!(area("environment").best, vec!["environment.1"]);
    assert_eq!(area("environment").most_challenging, vec!["environment.2"]);
    assert_eq!(area("attitudes").best, vec!["attitudes.1", "attitudes.2"]);
    assert_eq!(
        area("attitudes").most_challenging,
        vec!["attitudes.1", "attitudes.2"]
    );
}

#[test]
fn stops_are_in_walking_order_with_their_own_figures() {
    let f = fixture();
    let r = analyse(&f.audit_data(), &f.response_data(), None);
    let keys: Vec<&str> = r.stops.iter().map(|s| s.stop.as_str()).collect();
    // P1 (order 1), P2 (order 2), then the unplanned "Park".
    assert_eq!(
        keys,
        vec![f.planned[0].as_str(), f.planned[1].as_str(), "Park"]
    );
    let p1 = &r.stops[0];
    assert_eq!((p1.name_of_area.as_str(), p1.visits), ("Central Square", 2));
    // P1: environment.1 4, 2 -> 3; environment.2 2 -> 2; stop mean (3+2)/2 = 2.5
    close(p1.items[0].scores.mean, 3.0);
    close(p1.items[1].scores.mean, 2.0);
    close(p1.mean, 2.5);
    assert_eq!(p1.items.len(), 10);
    close(r.stops[1].mean, 3.0);
    close(r.stops[2].mean, 5.0);
    assert!(r.comparison.is_none());
}

#[test]
fn groups_side_by_side() {
    let r = results();
    let groups: Vec<(&str, usize)> = r
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.participants))
        .collect();
    // Template group order: local_administration before tcn_communities.
    assert_eq!(
        groups,
        vec![("local_administration", 1), ("tcn_communities", 2)]
    );
    let admin = &r.groups[0];
    let tcn = &r.groups[1];
    // C: vision.1 3, vision.2 5, vision.3 2, environment.1 3, attitudes.2 2
    //    -> (3+5+2+3+2)/5 = 3
    close(admin.overall_mean, 3.0);
    // A+B: vision.1 3, vision.2 4, vision.3 2, environment.1 (4+2+5)/3 = 11/3,
    //      environment.2 2, attitudes.1 2 -> (3+4+2+11/3+2+2)/6 = (50/3)/6 = 25/9
    close(tcn.overall_mean, 25.0 / 9.0);
    // tcn vision: (3+4+2)/3 = 3; admin vision: (3+5+2)/3 = 10/3
    close(tcn.sections[0].mean, 3.0);
    close(admin.sections[0].mean, 10.0 / 3.0);
    assert!(tcn.sections[0].items[0].flagged, "5 and 1 within the group");
    assert!(!admin.sections[0].items[0].flagged);
}

#[test]
fn comparison_with_the_earlier_audit() {
    let r = results();
    let c = r.comparison.as_ref().unwrap();
    assert_eq!(c.earlier_title, "Sofia city walk, 2024");
    assert_eq!(c.earlier_starts_on, "2024-04-10");
    // vision.1: 3 - 2 = 1; vision.2: 13/3 - 5 = -2/3
    close(c.items["vision.1"].change, 1.0);
    close(c.items["vision.2"].change, -2.0 / 3.0);
    // vision.3 had no earlier score.
    assert_eq!(c.items["vision.3"].change, None);
    close(c.items["vision.3"].current, 2.0);
    // vision area: earlier (2+5)/2 = 3.5; now 28/9 -> 28/9 - 63/18 = -7/18
    close(c.sections["vision"].earlier, 3.5);
    close(c.sections["vision"].change, -7.0 / 18.0);
    assert_eq!(c.sections["environment"].change, None);
    // overall: 113/42 - 3.5 = (113 - 147)/42 = -34/42 = -17/21
    close(c.overall.change, -17.0 / 21.0);
}

#[test]
fn invalid_and_misplaced_values_are_listed() {
    let r = results();
    let listed: Vec<(&str, &str, Option<&str>)> = r
        .invalid
        .iter()
        .map(|i| {
            (
                i.participant_id.as_str(),
                i.item.as_str(),
                i.stop.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![("pb", "vision.4", None), ("pc", "environment.1", None)]
    );
    assert_eq!(r.invalid[0].value.key, "reason.scoreOutsideScale");
    assert_eq!(r.invalid[0].value.args["value"], "9", "{:?}", r.invalid[0]);
    assert_eq!(r.invalid[1].reason.key, "reason.wholeCityButAtStop");
    assert!(r.invalid[1].why.to_string().contains("belongs to a stop"));
    assert_eq!(r.flag_rule, FLAG_RULE);
}

#[test]
fn flag_rule_boundaries() {
    let stats = |s: &[f64]| ScoreStats::of(s);
    assert!(!flag_rule(&stats(&[5.0])), "n = 1");
    assert!(flag_rule(&stats(&[2.0, 5.0])), "range 3");
    assert!(!flag_rule(&stats(&[2.0, 4.0])), "range 2, sd 1");
    assert!(!flag_rule(&stats(&[])));
}

#[test]
fn progress_and_roster_balance() {
    let f = fixture();
    let mut last_sync = BTreeMap::new();
    last_sync.insert("pa".to_owned(), 42_i64);
    let uploaded = std::collections::BTreeSet::from([f.photo.0.as_str().to_owned()]);
    let p = progress(&f.audit_data(), &f.response_data(), &last_sync, &uploaded);
    let names: Vec<&str> = p
        .participants
        .iter()
        .map(|p| p.pseudonym.as_str())
        .collect();
    assert_eq!(names, vec!["Falcon", "Heron \"Bo\", jr", "Owl"]);
    let a = &p.participants[0];
    // Whole-city statements: vision 8 + participation 7 + attitudes 5 = 20.
    assert_eq!((a.items_answered, a.items_total), (4, 20));
    assert_eq!(
        (a.stops_visited, a.photos_captured, a.photos_uploaded),
        (1, 1, 1)
    );
    assert_eq!(a.last_sync_at, Some(42));
    // B: vision.1-3 and attitudes.1 (the invalid vision.4 does not count).
    assert_eq!(p.participants[1].items_answered, 4);
    assert_eq!(p.participants[1].stops_visited, 2);
    // C: the misplaced environment.1 does not count.
    assert_eq!(p.participants[2].items_answered, 4);
    assert_eq!(p.totals.participants, 3);
    assert_eq!(p.totals.items_answered, 12);
    assert_eq!(p.totals.items_total, 60);
    assert_eq!(p.totals.stops_visited, 4);
    let gender: Vec<(Option<&str>, usize)> = p
        .balance
        .by_gender
        .iter()
        .map(|b| (b.value.as_deref(), b.count))
        .collect();
    assert_eq!(
        gender,
        vec![(Some("man"), 1), (Some("woman"), 1), (None, 1)]
    );
    assert_eq!(
        p.balance.by_group[0].value.as_deref(),
        Some("tcn_communities")
    );
    assert_eq!(p.balance.by_group[0].count, 2);
}

#[test]
fn progress_names_the_values_each_participant_wrote_that_cannot_be_read() {
    let mut f = fixture();
    // Another implementation writes A's score as a Text object, a stop
    // visit of A without its `visited_at`, and a whole number where a
    // track point's latitude must be an F64.
    let doc = f.responses[0].automerge();
    let answers = doc.get(ROOT, "answers").expect("get").expect("answers").1;
    let vision2 = doc.get(&answers, "vision.2").expect("get").expect("v2").1;
    let text = doc
        .put_object(&vision2, "value", automerge::ObjType::Text)
        .expect("put");
    doc.splice_text(&text, 0, 0, "five").expect("splice");
    let stops = doc.get(ROOT, "stops").expect("get").expect("stops").1;
    let stop = doc.keys(&stops).next().expect("a stop of A");
    let visit = doc.get(&stops, &stop).expect("get").expect("visit").1;
    doc.delete(&visit, "visited_at").expect("delete");
    doc.commit();

    let p = progress(
        &f.audit_data(),
        &f.response_data(),
        &BTreeMap::new(),
        &Default::default(),
    );
    let unreadable = |name: &str| -> Vec<String> {
        p.participants
            .iter()
            .find(|p| p.pseudonym == name)
            .expect(name)
            .unreadable
            .iter()
            .map(|u| u.path.clone())
            .collect()
    };
    assert_eq!(
        unreadable("Falcon"),
        vec!["answers/vision.2/value".to_owned(), format!("stops/{stop}")]
    );
    // B's score 9 (fixture) is listed too; C's misplaced statement as well.
    assert_eq!(
        unreadable("Heron \"Bo\", jr"),
        vec!["answers/vision.4/value"]
    );
    assert_eq!(unreadable("Owl"), vec!["answers/environment.1"]);
    // A's skipped answer and visit are not counted.
    let a = p
        .participants
        .iter()
        .find(|p| p.pseudonym == "Falcon")
        .unwrap();
    assert_eq!((a.items_answered, a.stops_visited), (3, 0));
    let falcon = &p.participants[0].unreadable[0];
    assert_eq!(falcon.reason.to_string(), "score is a text object");
}
