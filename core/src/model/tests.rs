//! Behaviour of the documents: validated writes, tolerant reads, merges.

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};

use super::*;
use crate::analysis::checklist_results;
use crate::ids::{BlobHash, DocumentId};
use crate::templates::Templates;

fn audit() -> AuditDocument {
    let templates = Templates::builtin().expect("templates");
    let new = NewAudit {
        title: "Sofia walk".into(),
        city: "Sofia".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-01".into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    AuditDocument::create(&DocumentId::random(), &new, &templates).expect("audit")
}

fn join(audit: &AuditData) -> ResponseDocument {
    let joining = NewParticipant {
        display_name: "Falcon".into(),
        group: "tcn_communities".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    ResponseDocument::create(&DocumentId::random(), audit, "p1", &joining).expect("join")
}

fn score(n: u8) -> AnswerInput {
    AnswerInput {
        value: Some(AnswerValue::Score(Score::new(n).unwrap())),
        comment: None,
    }
}

fn stop(name: &str) -> StopVisitInput {
    StopVisit {
        planned_stop: None,
        name_of_area: name.into(),
        specific_location: "Corner of Main St".into(),
        visited_at: 1_777_000_000_000,
        utc_offset_min: 180,
        location: Some(Location::new(42.69, 23.32, LocationSource::Device).unwrap()),
    }
}

#[test]
fn answers_are_read_back_with_comment_and_dont_know() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    response.answer(&data, "vision.1", &score(4)).unwrap();
    let input = AnswerInput {
        value: Some(AnswerValue::DontKnow),
        comment: Some("No strategy published online".into()),
    };
    response.answer(&data, "vision.2", &input).unwrap();
    let read = response.read().unwrap();
    let answers: std::collections::BTreeMap<&str, _> =
        read.answers().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(
        answers["vision.1"].value,
        AnswerValue::Score(Score::new(4).unwrap())
    );
    assert_eq!(answers["vision.2"].value, AnswerValue::DontKnow);
    assert_eq!(
        answers["vision.2"].comment.as_str(),
        "No strategy published online"
    );
    assert!(answers["vision.1"].updated_at > 0);
    // 20 whole-city statements are pre-created; per-stop ones are not.
    assert_eq!(answers.len(), 20);
    assert!(response.problems(&data).is_empty());
}

/// Comments and notes in Arabic, Bulgarian or Czech are edited like any
/// other: texts are diffed in the document's own units (autosurgeon diffs in
/// UTF-8 bytes, so automerge must index text in UTF-8 bytes too).
#[test]
fn non_latin_comments_and_notes_can_be_written_and_edited() {
    let mut audit_doc = audit();
    let data = audit_doc.read().unwrap();
    let mut response = join(&data);
    response.answer(&data, "vision.1", &score(3)).unwrap();
    for comment in [
        "لا توجد لافتات",
        "لا توجد لافتات بالعربية",
        "Няма табели",
        "Židenice: ok",
    ] {
        let input = AnswerInput {
            value: None,
            comment: Some(comment.into()),
        };
        response.answer(&data, "vision.1", &input).unwrap();
        let read = response.read().unwrap();
        let answer = read
            .answers()
            .find(|(k, _)| k.as_str() == "vision.1")
            .unwrap()
            .1;
        assert_eq!(answer.comment.as_str(), comment);
    }
    for note in [
        "Съгласие след дискусия",
        "Съгласие след дълга дискусия",
        "اتفاق",
    ] {
        audit_doc.set_consensus("vision.1", Some(4), note).unwrap();
        let records = audit_doc.read().unwrap().records();
        assert_eq!(records.consensus["vision.1"].note, note);
    }
}

#[test]
fn invalid_writes_are_refused_with_a_reason_and_change_nothing() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    let heads = response.automerge().get_heads();
    assert!(matches!(
        AnswerInput::score(9),
        Err(ModelError::ScoreOutOfRange(9))
    ));
    assert!(matches!(
        AnswerInput::score(0),
        Err(ModelError::ScoreOutOfRange(0))
    ));
    let err = response.answer(&data, "vision.99", &score(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the checklist has no statement \"vision.99\""
    );
    let err = response
        .answer(&data, "environment.1", &score(3))
        .unwrap_err();
    assert!(err.to_string().contains("answered per stop"), "{err}");
    let long = AnswerInput {
        value: None,
        comment: Some("x".repeat(limits::LONG_TEXT + 1)),
    };
    let err = response.answer(&data, "vision.1", &long).unwrap_err();
    assert!(matches!(
        err,
        ModelError::TooLong {
            field: "comment",
            ..
        }
    ));
    let err = response.answer_at_stop(&data, "nostop", "environment.1", &score(2));
    assert!(matches!(err, Err(ModelError::UnknownStop(_))));
    let mut bad_stop = stop("Centre");
    bad_stop.location = Some(Location {
        lat: 120.0,
        lon: 0.0,
        accuracy_m: None,
        source: LocationSource::Manual,
    });
    assert!(matches!(
        response.visit_stop(&data, &bad_stop),
        Err(ModelError::InvalidLocation { .. })
    ));
    response.automerge().rollback();
    assert_eq!(response.automerge().get_heads(), heads);
}

#[test]
fn per_stop_items_are_answered_at_stops_only() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    let stop_id = response.visit_stop(&data, &stop("Lozenets")).unwrap();
    response
        .answer_at_stop(&data, &stop_id, "environment.3", &score(2))
        .unwrap();
    let err = response.answer_at_stop(&data, &stop_id, "vision.1", &score(2));
    assert!(matches!(err, Err(ModelError::WrongPlaceForItem { .. })));
    let read = response.read().unwrap();
    let at_stop: Vec<_> = read.stop_answers(&stop_id).collect();
    assert_eq!(at_stop.len(), 10);
    let visit = read.stops().next().unwrap().1;
    assert_eq!(visit.name_of_area, "Lozenets");
    let results = checklist_results(&data, [&read]);
    let environment = &results.sections[2];
    assert_eq!(environment.items[2].scores.n, 1);
    assert_eq!(environment.mean, Some(2.0));
}

#[test]
fn photos_need_consent_and_a_known_theme() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    let mut photo = PhotoInput {
        hash: BlobHash::of(b"jpeg bytes"),
        record: PhotoRecord {
            title: "Welcome desk".into(),
            caption: "Signs in five languages".into(),
            theme: "friendly".into(),
            location: Some(Location::new(43.46, 11.88, LocationSource::Exif).unwrap()),
            taken_at: Some(1_224_692_919_000),
            stop: None,
            media_type: "image/jpeg".into(),
            size: 10,
            consent: true,
            added_at: 1,
        },
    };
    response.add_photo(&data, &photo).unwrap();
    response
        .edit_photo(
            &data,
            &photo.hash,
            &PhotoEdit {
                theme: Some("improvement".into()),
                ..PhotoEdit::default()
            },
        )
        .unwrap();
    let read = response.read().unwrap();
    let (_, record) = read.photos().next().unwrap();
    assert_eq!(record.theme, "improvement");
    assert_eq!(record.location.unwrap().source, LocationSource::Exif);

    photo.record.theme = "sunsets".into();
    assert!(matches!(
        response.add_photo(&data, &photo),
        Err(ModelError::UnknownTheme(_))
    ));
    response.automerge().rollback();
    photo.record.theme = "friendly".into();
    photo.record.consent = false;
    assert!(matches!(
        response.add_photo(&data, &photo),
        Err(ModelError::ConsentMissing)
    ));
}

#[test]
fn bad_values_from_another_implementation_load_are_flagged_and_not_counted() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    response.answer(&data, "vision.3", &score(2)).unwrap();
    response.answer(&data, "vision.4", &score(4)).unwrap();
    // Another implementation writes a score of 9, a string score and an unknown field.
    let doc = response.automerge();
    let answers = doc.get(ROOT, "answers").unwrap().unwrap().1;
    let vision1 = doc.get(&answers, "vision.1").unwrap().unwrap().1;
    let vision2 = doc.get(&answers, "vision.2").unwrap().unwrap().1;
    let vision3 = doc.get(&answers, "vision.3").unwrap().unwrap().1;
    doc.put(&vision1, "value", 9_u64).unwrap();
    doc.put(&vision2, "value", "five").unwrap();
    doc.put(&vision3, "mood", "sunny").unwrap();
    doc.commit();

    let problems = response.problems(&data);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "answers/vision.1/value",
            "answers/vision.2/value",
            "answers/vision.3/mood"
        ],
        "{problems:?}"
    );
    assert_eq!(problems[0].reason.to_string(), "score 9 is outside 1-5");
    assert_eq!(problems[1].reason.to_string(), "score is the text \"five\"");
    assert_eq!(problems[2].reason.to_string(), "unknown field");

    let read = response.read().unwrap();
    let results = checklist_results(&data, [&read]);
    let vision = &results.sections[0];
    assert_eq!(vision.items[0].scores.n, 0, "score 9 is not counted");
    assert_eq!(vision.items[1].scores.n, 0, "string score is not counted");
    assert_eq!(
        vision.items[2].scores.mean,
        Some(2.0),
        "record with unknown field still counts"
    );
    assert_eq!(vision.mean, Some(3.0), "mean of 2 and 4");
}

#[test]
fn a_broken_record_does_not_hide_the_rest_of_the_document() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    response.answer(&data, "vision.5", &score(5)).unwrap();
    let doc = response.automerge();
    let answers = doc.get(ROOT, "answers").unwrap().unwrap().1;
    doc.put(&answers, "vision.6", 42_i64).unwrap();
    doc.put(ROOT, "extra", true).unwrap();
    doc.commit();
    let problems = response.problems(&data);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].path, "extra");
    assert_eq!(problems[1].path, "answers/vision.6");
    let read = response.read().unwrap();
    assert_eq!(
        checklist_results(&data, [&read]).sections[0].items[4]
            .scores
            .n,
        1
    );
}

#[test]
fn two_devices_of_one_participant_merge_field_by_field() {
    let data = audit().read().unwrap();
    let mut phone = join(&data);
    let mut tablet = ResponseDocument::from_automerge(phone.automerge().fork());
    let comment = |text: &str| AnswerInput {
        value: None,
        comment: Some(text.into()),
    };
    phone.answer(&data, "vision.1", &score(2)).unwrap();
    phone
        .answer(&data, "vision.1", &comment("Dark street"))
        .unwrap();
    tablet
        .answer(&data, "vision.1", &comment("Helpful staff"))
        .unwrap();
    tablet.answer(&data, "vision.2", &score(5)).unwrap();
    phone.automerge().merge(tablet.automerge()).unwrap();
    let read = phone.read().unwrap();
    let answers: std::collections::BTreeMap<&str, _> =
        read.answers().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(answers["vision.1"].value.score().map(Score::get), Some(2));
    assert_eq!(answers["vision.2"].value.score().map(Score::get), Some(5));
    let merged = answers["vision.1"].comment.as_str();
    assert!(
        merged.contains("Dark street") && merged.contains("Helpful staff"),
        "{merged}"
    );
}

#[test]
fn a_new_score_changes_only_the_value_and_the_time() {
    let data = audit().read().unwrap();
    let mut phone = join(&data);
    phone
        .answer(
            &data,
            "vision.1",
            &AnswerInput {
                value: Some(AnswerValue::Score(Score::new(2).unwrap())),
                comment: Some("Dark street".into()),
            },
        )
        .unwrap();
    let before = phone.automerge().get_heads();
    // A later millisecond, so the time changes too.
    std::thread::sleep(std::time::Duration::from_millis(2));
    phone.answer(&data, "vision.1", &score(4)).unwrap();
    let doc = phone.automerge();
    let changes = doc.get_changes(&before);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].len(), 2, "one put of the value, one of the time");
    let read = phone.read_answer(None, "vision.1").unwrap();
    assert_eq!(read.value.score().map(Score::get), Some(4));
    assert_eq!(read.comment.as_str(), "Dark street");
    assert!(read.updated_at > 0);
}

#[test]
fn an_answer_record_with_a_damaged_comment_is_rewritten_whole() {
    let data = audit().read().unwrap();
    let mut phone = join(&data);
    let doc = phone.automerge();
    let answers = doc.get(ROOT, "answers").unwrap().unwrap().1;
    let record = doc.get(&answers, "vision.1").unwrap().unwrap().1;
    doc.put(&record, "comment", 7_i64).unwrap();
    doc.commit();
    let input = AnswerInput {
        value: None,
        comment: Some("Helpful staff".into()),
    };
    phone.answer(&data, "vision.1", &input).unwrap();
    let read = phone.read_answer(None, "vision.1").unwrap();
    assert_eq!(read.comment.as_str(), "Helpful staff");
    assert!(phone.problems(&data).is_empty());
}

#[test]
fn audit_plans_stops_and_refuses_unknown_groups() {
    let mut audit = audit();
    let stop = PlannedStop {
        name_of_area: "Stolipinovo".into(),
        specific_location: "Market square".into(),
        position: None,
        order: 1,
    };
    let id = audit.plan_stop(&stop).unwrap();
    let data = audit.read().unwrap();
    assert_eq!(data.planned_stops().next().unwrap().0, &id);
    let entry = RosterEntry {
        display_name: "Owl".into(),
        group: "astronauts".into(),
        gender: None,
        role: "participant".into(),
        response_doc: None,
        joined_at: 0,
    };
    assert!(matches!(
        audit.add_to_roster("p9", &entry),
        Err(ModelError::UnknownGroup(_))
    ));
    assert!(audit.problems().is_empty());
}

#[test]
fn answers_in_the_wrong_place_are_flagged_and_not_counted() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    let doc = response.automerge();
    let answers = doc.get(ROOT, "answers").unwrap().unwrap().1;
    let misplaced = doc
        .put_object(&answers, "environment.1", automerge::ObjType::Map)
        .unwrap();
    doc.put(&misplaced, "value", 5_u64).unwrap();
    doc.put(&misplaced, "updated_at", 1_i64).unwrap();
    doc.put_object(&misplaced, "comment", automerge::ObjType::Text)
        .unwrap();
    doc.commit();
    let problems = response.problems(&data);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "answers/environment.1");
    let read = response.read().unwrap();
    assert_eq!(
        checklist_results(&data, [&read]).sections[2].items[0]
            .scores
            .n,
        0
    );
}

#[test]
fn whole_number_positions_written_as_integers_are_read() {
    let data = audit().read().unwrap();
    let mut response = join(&data);
    let stop_id = response.visit_stop(&data, &stop("Centre")).unwrap();
    let doc = response.automerge();
    let stops = doc.get(ROOT, "stops").unwrap().unwrap().1;
    let visit = doc.get(&stops, stop_id.as_str()).unwrap().unwrap().1;
    let location = doc.get(&visit, "location").unwrap().unwrap().1;
    doc.put(&location, "lat", 43_i64).unwrap();
    doc.commit();
    let read = response.read().unwrap();
    let (_, visit) = read.stops().next().unwrap();
    assert_eq!(visit.location.unwrap().lat, 43.0);
    assert!(response.problems(&data).is_empty());
}

#[test]
fn audit_dates_must_be_real_and_in_order() {
    let templates = Templates::builtin().expect("templates");
    let with_dates = |starts_on: &str, ends_on: &str| NewAudit {
        title: "Walk".into(),
        city: "Sofia".into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        meeting_point: String::new(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
    };
    let create = |new: &NewAudit| AuditDocument::create(&DocumentId::random(), new, &templates);
    assert!(create(&with_dates("2026-05-01", "2026-05-03")).is_ok());
    assert!(create(&with_dates("", "")).is_ok(), "dates are optional");
    assert!(create(&with_dates("2028-02-29", "")).is_ok(), "a leap day");
    let backwards = create(&with_dates("2026-05-03", "2026-05-01")).expect_err("backwards");
    assert!(matches!(backwards, ModelError::EndsBeforeStart { .. }));
    assert!(backwards.to_string().contains("before the start date"));
    for impossible in ["2026-13-45", "2027-02-29", "03/05/2026", "2026-5-1"] {
        let error = create(&with_dates(impossible, "")).expect_err(impossible);
        assert!(
            matches!(&error, ModelError::InvalidDate { value, .. } if value == impossible),
            "{impossible}: {error}"
        );
    }
}

#[test]
fn names_and_titles_with_control_or_bidi_override_characters_are_refused() {
    let templates = Templates::builtin().expect("templates");
    let mut new = NewAudit::undated(
        "Walk\u{1b}[2J",
        "Sofia",
        TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
    );
    let error = AuditDocument::create(&DocumentId::random(), &new, &templates).unwrap_err();
    assert!(
        matches!(error, ModelError::ForbiddenCharacter { field: "title", .. }),
        "{error}"
    );
    new.title = "جولة صوفيا".into();
    let data = AuditDocument::create(&DocumentId::random(), &new, &templates)
        .unwrap()
        .read()
        .unwrap();

    for name in ["Ali\n\tfacilitator", "Ali\u{2066}x", "Ali\u{202D}"] {
        let joining = NewParticipant {
            display_name: name.into(),
            group: "tcn_communities".into(),
            gender: None,
            accept_photo_terms: false,
            share_photo_locations: false,
        };
        let refused = ResponseDocument::create(&DocumentId::random(), &data, "p1", &joining);
        assert!(
            matches!(
                refused,
                Err(ModelError::ForbiddenCharacter {
                    field: "display name",
                    ..
                })
            ),
            "{name:?}: {refused:?}"
        );
    }
    let arabic = NewParticipant {
        display_name: "علي".into(),
        group: "tcn_communities".into(),
        gender: None,
        accept_photo_terms: false,
        share_photo_locations: false,
    };
    ResponseDocument::create(&DocumentId::random(), &data, "p1", &arabic)
        .expect("Arabic names work");
}

#[test]
fn a_photovoice_window_must_close_after_it_opens() {
    let mut doc = audit();
    let at = 1_777_000_000_000;
    for (starts_at, ends_at) in [(at, at), (at, at - 1)] {
        let error = doc
            .set_photovoice_window(PhotovoiceWindow { starts_at, ends_at })
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "photovoice time window: it must close after it opens"
        );
    }
    doc.set_photovoice_window(PhotovoiceWindow {
        starts_at: at,
        ends_at: at + 1,
    })
    .unwrap();
}
