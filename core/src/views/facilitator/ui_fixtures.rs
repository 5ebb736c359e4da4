//! The answers the UI's in-memory backend serves (`ui/src/dev/fixtures/`),
//! made here by core's own functions from a demo audit, so that the dev
//! server and the UI tests show what the app would receive and no statistic
//! or rule is worked out in TypeScript.
//!
//! The demo: six participants of five groups (one woman and one man of the
//! TCN communities, the administration, the municipality, an NGO member
//! without a gender who has not finished, a police officer who left before
//! the stops and whose peer wrote an invalid score), two planned stops and
//! one unplanned, comments, a "don't know", five photos (one not uploaded,
//! one without a position), two tracks, and two earlier audits of Sofia
//! (and one of Plovdiv) to compare with.
//!
//! A test keeps the files equal to what core computes; rewrite them with
//! `CITYAUDIT_WRITE_UI_FIXTURES=1 cargo test -p cityaudit-core ui_fixtures`.
//! Random record ids (stops, visits) are renamed to readable ones, so the
//! files do not change from one run to the next.

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::*;
use crate::store::{DocumentKind, Store};
use crate::templates::Templates;
use crate::testdata::{score, tiny_jpeg};

/// 09:00 UTC on the day of the walk, 17 May 2025.
const DAY: i64 = 1_747_472_400_000;

/// A valid document id made of one repeated byte, the same on every run.
fn doc_id(byte: u8) -> DocumentId {
    DocumentId::parse(&bs58::encode([byte; 16]).with_check().into_string()).expect("id")
}

/// Random record ids and the readable names they get in the files.
#[derive(Default)]
struct Names(Vec<(String, String)>);

impl Names {
    fn add(&mut self, random: &str, stable: impl Into<String>) {
        self.0.push((random.to_owned(), stable.into()));
    }

    fn apply(&self, mut json: String) -> String {
        for (random, stable) in &self.0 {
            json = json.replace(random.as_str(), stable);
        }
        json
    }
}

fn at(lat: f64, lon: f64, source: LocationSource) -> Option<Location> {
    Some(Location::new(lat, lon, source).expect("location"))
}

/// Creates an audit document with a fixed id and puts people on its roster.
fn audit_doc(
    id: &DocumentId,
    title: &str,
    city: &str,
    (starts_on, ends_on): (&str, &str),
    photovoice: bool,
) -> AuditDocument {
    let new = NewAudit {
        title: title.into(),
        city: city.into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        meeting_point: "Central station, main entrance".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice,
            benchmark: false,
        },
    };
    AuditDocument::create(id, &new, &Templates::builtin().expect("templates")).expect("audit")
}

struct Person {
    id: String,
    name: &'static str,
    group: &'static str,
    gender: Option<&'static str>,
    response: DocumentId,
}

/// Puts everyone on the roster (joined a minute apart, in order) and makes
/// their response documents.
fn join_all(
    audit_id: &DocumentId,
    audit: &mut AuditDocument,
    people: &[Person],
) -> Vec<ResponseDocument> {
    for (k, person) in (0_i64..).zip(people) {
        let entry = RosterEntry {
            display_name: person.name.into(),
            group: person.group.into(),
            gender: person.gender.map(str::to_owned),
            role: "participant".into(),
            response_doc: Some(person.response.to_string()),
            joined_at: DAY + k * 60_000,
        };
        audit.add_to_roster(&person.id, &entry).expect("roster");
    }
    let data = audit.read().expect("audit");
    people
        .iter()
        .map(|person| {
            let joining = NewParticipant {
                display_name: person.name.into(),
                group: person.group.into(),
                gender: person.gender.map(str::to_owned),
                accept_photo_terms: true,
                share_photo_locations: true,
            };
            ResponseDocument::create(audit_id, &data, &person.id, &joining).expect("join")
        })
        .collect()
}

fn person(
    id: String,
    name: &'static str,
    group: &'static str,
    gender: Option<&'static str>,
    response: u8,
) -> Person {
    Person {
        id,
        name,
        group,
        gender,
        response: doc_id(response),
    }
}

fn with_comment(n: u8, comment: &str) -> AnswerInput {
    AnswerInput {
        comment: Some(comment.into()),
        ..score(n)
    }
}

/// The demo's documents, stored in a profile at `path`; returns the audit's
/// id and the names of its random record ids.
fn demo(path: &Path) -> (DocumentId, [DocumentId; 2], Names) {
    let mut store = Store::open(path).expect("store");
    let mut names = Names::default();
    let audit_id = doc_id(1);
    let dates = ("2025-05-17", "2025-05-18");
    let mut audit = audit_doc(&audit_id, "Sofia integration walk", "Sofia", dates, true);
    // Planned out of order: the walking order decides.
    let lozenets = audit
        .plan_stop(&PlannedStop {
            name_of_area: "Lozenets".into(),
            specific_location: "Municipal office".into(),
            position: at(42.6845, 23.3199, LocationSource::Manual),
            order: 2,
        })
        .expect("stop");
    let vazrazhdane = audit
        .plan_stop(&PlannedStop {
            name_of_area: "Vazrazhdane".into(),
            specific_location: "Lavov most square".into(),
            position: at(42.7, 23.32, LocationSource::Manual),
            order: 1,
        })
        .expect("stop");
    names.add(&vazrazhdane, "ps-1");
    names.add(&lozenets, "ps-2");

    let roster = [
        ("Mira", "tcn_communities", Some("female")),
        ("Ahmad", "tcn_communities", Some("male")),
        ("Elena", "local_administration", Some("female")),
        ("Georgi", "local_government", Some("male")),
        ("Sara", "ngos", None),
        ("Ivan", "local_police", Some("male")),
    ];
    let people: Vec<Person> = (1_u8..)
        .zip(roster)
        .map(|(k, (name, group, gender))| person(format!("p-{k}"), name, group, gender, 10 + k))
        .collect();
    let mut responses = join_all(&audit_id, &mut audit, &people);
    let data = audit.read().expect("audit");
    let checklist = data.checklist().expect("checklist").clone();

    // Each person's visits: both planned stops (Ivan left before them), and
    // an unplanned one for Ahmad.
    let mut visits: Vec<Vec<String>> = Vec::new();
    for (p, response) in responses.iter_mut().enumerate() {
        let mut mine = Vec::new();
        if p < 5 {
            let offset = p as f64 * 0.0004;
            for (k, (planned, area, place, lat, lon)) in [
                (
                    &vazrazhdane,
                    "Vazrazhdane",
                    "Lavov most square",
                    42.7031,
                    23.3209,
                ),
                (&lozenets, "Lozenets", "Municipal office", 42.6834, 23.3196),
            ]
            .into_iter()
            .enumerate()
            {
                let visit = StopVisit {
                    planned_stop: Some(planned.clone()),
                    name_of_area: area.into(),
                    specific_location: place.into(),
                    visited_at: DAY + 3_600_000 * (k as i64 + 1) + p as i64 * 60_000,
                    utc_offset_min: 180,
                    location: at(lat + offset, lon, LocationSource::Device),
                };
                let id = response.visit_stop(&data, &visit).expect("visit");
                names.add(&id, format!("p-{}-stop-{}", p + 1, k + 1));
                mine.push(id);
            }
        }
        visits.push(mine);
    }

    // TCN members score lower than the administration; every fourth
    // statement splits the room; Sara has not finished the whole-city part.
    let bias = [-1, -1, 1, 1, 0, 0];
    for (p, response) in responses.iter_mut().enumerate() {
        for (s, section) in checklist.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let split = if (i + s) % 4 == 1 { 2 * bias[p] } else { 0 };
                let raw = 3 + split + ((i + s + p) % 3) as i32 - 1;
                let n = u8::try_from(raw.clamp(1, 5)).expect("1 to 5");
                if section.per_stop {
                    for (k, stop) in visits[p].iter().enumerate() {
                        let n = if k == 1 && n > 3 { n - 1 } else { n };
                        response
                            .answer_at_stop(&data, stop, &item.id, &score(n))
                            .expect("answer");
                    }
                } else if p == 4 && i > 3 {
                    // Not answered yet.
                } else if (i + p) % 7 == 0 {
                    let dont_know = AnswerInput {
                        value: Some(AnswerValue::DontKnow),
                        comment: None,
                    };
                    response
                        .answer(&data, &item.id, &dont_know)
                        .expect("answer");
                } else {
                    response.answer(&data, &item.id, &score(n)).expect("answer");
                }
            }
        }
    }
    let comment = |response: &mut ResponseDocument, item: &str, input: AnswerInput| {
        response.answer(&data, item, &input).expect("comment");
    };
    comment(
        &mut responses[0],
        "vision.1",
        with_comment(2, "The welcome office is open two mornings a week."),
    );
    comment(
        &mut responses[2],
        "vision.2",
        with_comment(4, "The strategy names migrants, but has no budget."),
    );
    comment(
        &mut responses[1],
        "attitudes.1",
        AnswerInput {
            value: Some(AnswerValue::DontKnow),
            comment: Some("I could not find anyone to ask.".into()),
        },
    );
    responses[1]
        .answer_at_stop(
            &data,
            &visits[1][0],
            "environment.1",
            &with_comment(1, "No sign in any language but Bulgarian."),
        )
        .expect("comment");
    let market = responses[1]
        .visit_stop(
            &data,
            &StopVisit {
                planned_stop: None,
                name_of_area: "Zhenski pazar".into(),
                specific_location: "Women's market".into(),
                visited_at: DAY + 10_800_000,
                utc_offset_min: 180,
                location: at(42.7005, 23.3178, LocationSource::Device),
            },
        )
        .expect("visit");
    names.add(&market, "p-2-stop-3");
    responses[1]
        .answer_at_stop(&data, &market, "environment.1", &score(2))
        .expect("answer");

    // A score of 9 written by another implementation: left out and listed.
    responses[5]
        .answer(&data, "vision.3", &score(3))
        .expect("answer");
    let doc = responses[5].automerge();
    let answers = doc.get(ROOT, "answers").expect("get").expect("answers").1;
    let vision3 = doc.get(&answers, "vision.3").expect("get").expect("v3").1;
    doc.put(&vision3, "value", 9_u64).expect("put");
    doc.commit();

    // Photos: Sara's is not uploaded yet and has no position.
    let photos = [
        (
            1,
            0,
            "friendly",
            "Signs in three languages",
            at(42.6989, 23.3212, LocationSource::Exif),
        ),
        (
            2,
            1,
            "improvement",
            "No ramp at the job centre",
            at(42.7011, 23.3195, LocationSource::Exif),
        ),
        (
            3,
            2,
            "friendly",
            "Community garden",
            at(42.7003, 23.3201, LocationSource::Exif),
        ),
        (4, 4, "improvement", "Dark underpass", None),
        (
            5,
            0,
            "improvement",
            "Forms only in Bulgarian",
            at(42.6981, 23.3225, LocationSource::Exif),
        ),
    ];
    let mut blobs = Vec::new();
    for (n, p, theme, title, location) in photos {
        let mut bytes = tiny_jpeg();
        bytes.push(n);
        let record = PhotoRecord {
            title: title.into(),
            caption: "Seen on the walk.".into(),
            theme: theme.into(),
            location,
            taken_at: Some(DAY + i64::from(n) * 900_000),
            stop: None,
            media_type: "image/jpeg".into(),
            size: bytes.len() as u64,
            consent: true,
            added_at: DAY + i64::from(n) * 900_000,
        };
        let hash = BlobHash::of(&bytes);
        responses[p]
            .add_photo(&data, &PhotoInput { hash, record })
            .expect("photo");
        blobs.push((n != 4, bytes));
    }
    for (p, response) in responses.iter_mut().take(2).enumerate() {
        let track: Vec<TrackPoint> = (0..5_i32)
            .map(|k| TrackPoint {
                lat: 42.6977 + f64::from(k) * 0.0012 + p as f64 * 0.0003,
                lon: 23.3219 - f64::from(k) * 0.0008,
                at: DAY + i64::from(k) * 300_000,
            })
            .collect();
        response.add_track_points(&track).expect("track");
    }
    // A focus group named a hot spot and placed it on the map.
    let methods = &Templates::builtin().expect("templates").methods;
    let group = audit
        .add_method_record(methods::MethodRecord::FocusGroup, methods)
        .expect("focus group");
    let spot = audit.add_hot_spot(&group).expect("hot spot");
    for (field, value) in [
        ("name", serde_json::json!("Underpass at the station")),
        (
            "position",
            serde_json::json!({ "lat": 42.7005, "lon": 23.3198, "accuracyM": null, "source": "manual" }),
        ),
    ] {
        let path = format!("hot_spots.{spot}.{field}");
        audit
            .set_method_field(
                methods::MethodRecord::FocusGroup,
                &group,
                &path,
                &value,
                methods,
            )
            .expect("hot spot field");
    }
    store_all(&mut store, &audit_id, &mut audit, &people, &mut responses);

    // Earlier audits of Sofia, and one of Plovdiv that is never offered.
    let earlier = [
        (
            doc_id(2),
            "Sofia walk 2024",
            "Sofia",
            "2024-05-18",
            20_u8,
            1,
        ),
        (doc_id(3), "Sofia pilot 2023", "Sofia", "2023-06-10", 30, -1),
        (
            doc_id(4),
            "Plovdiv walk 2024",
            "Plovdiv",
            "2024-09-21",
            40,
            0,
        ),
    ];
    for (id, title, city, day, first, shift) in &earlier {
        let mut audit = audit_doc(id, title, city, (day, day), false);
        if *title == "Sofia pilot 2023" {
            // The pilot asked the second statement in its own words.
            let builtin = Templates::builtin().expect("templates");
            let mut set = audit.read().expect("audit").template_set(&builtin);
            set.checklist.sections[0].items[1].text.en =
                "The city offers services in the languages its migrants speak.".into();
            audit.replace_template(&set).expect("adapted template");
        }
        let people: Vec<Person> = (0..3_u8)
            .map(|k| {
                let (name, group, gender) = roster[usize::from(k) * 2];
                person(format!("e-{}", k + 1), name, group, gender, first + k)
            })
            .collect();
        let mut responses = join_all(id, &mut audit, &people);
        let data = audit.read().expect("audit");
        for (p, response) in responses.iter_mut().enumerate() {
            for (s, section) in checklist.sections.iter().enumerate() {
                if section.per_stop {
                    continue;
                }
                for (i, item) in section.items.iter().enumerate() {
                    let raw = 3 + shift + ((i + s + 2 * p) % 3) as i32 - 1;
                    let n = u8::try_from(raw.clamp(1, 5)).expect("1 to 5");
                    response.answer(&data, &item.id, &score(n)).expect("answer");
                }
            }
        }
        store_all(&mut store, id, &mut audit, &people, &mut responses);
    }
    let [earlier, older, _] = earlier.map(|(id, ..)| id);

    // The full-size copies the server has: all but the one not uploaded.
    drop(store);
    let profile = Profile::open(path).expect("profile");
    for (uploaded, bytes) in blobs {
        let hash = if uploaded {
            profile.blobs().put(&bytes).expect("blob")
        } else {
            BlobHash::of(&bytes)
        };
        profile
            .blobs()
            .put_thumbnail(&hash, &tiny_jpeg())
            .expect("thumbnail");
    }
    (audit_id, [earlier, older], names)
}

fn store_all(
    store: &mut Store,
    audit_id: &DocumentId,
    audit: &mut AuditDocument,
    people: &[Person],
    responses: &mut [ResponseDocument],
) {
    store
        .insert_document(audit_id, DocumentKind::Audit, audit_id, audit.automerge())
        .expect("audit");
    for (person, response) in people.iter().zip(responses) {
        store
            .insert_document(
                &person.response,
                DocumentKind::Response,
                audit_id,
                response.automerge(),
            )
            .expect("response");
    }
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("json")
}

/// Every file the UI's backend serves, by name.
fn fixtures() -> BTreeMap<&'static str, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("facilitator.sqlite");
    let (audit_id, [earlier, older], names) = demo(&path);
    let mut profile = Profile::open(&path).expect("profile");
    // Participants' last receipt by the server; Sara's phone never synced.
    let last_sync: BTreeMap<String, i64> = [1, 2, 3, 4, 6]
        .into_iter()
        .map(|k| (format!("p-{k}"), DAY + 3_600_000 * 4 + k * 600_000))
        .collect();
    let compared: BTreeMap<String, AuditResults> = [&earlier, &older]
        .into_iter()
        .map(|id| {
            let results = results(&profile, &audit_id, Some(id)).expect("compared");
            (id.to_string(), results)
        })
        .collect();

    let json = |text: String| names.apply(text + "\n");
    let mut files = BTreeMap::new();
    files.insert(
        "audit.json",
        json(pretty(&profile.audit_view(&audit_id).expect("audit"))),
    );
    files.insert(
        "results.json",
        json(pretty(
            &results(&profile, &audit_id, None).expect("results"),
        )),
    );
    files.insert("results-compared.json", json(pretty(&compared)));
    files.insert(
        "progress.json",
        json(pretty(
            &progress(&profile, &audit_id, &last_sync).expect("progress"),
        )),
    );
    // Core lists a participant's visits by their random ids: in the file
    // they go by who visited when, so that it does not change between runs.
    let mut map = map_features(&profile, &audit_id).expect("map");
    map.stops.sort_by(|a, b| {
        (a.kind, &a.pseudonym, names.apply(a.id.clone())).cmp(&(
            b.kind,
            &b.pseudonym,
            names.apply(b.id.clone()),
        ))
    });
    files.insert("map-features.json", json(pretty(&map)));
    files.insert(
        "photos-for-review.json",
        json(pretty(
            &photos_for_review(&profile, &audit_id).expect("photos"),
        )),
    );
    files.insert(
        "audits-of-city.json",
        json(pretty(&audits_of_city(&profile, &audit_id, "Sofia", &[]))),
    );
    files.insert(
        "comments.json",
        json(pretty(&comments(&profile, &audit_id).expect("comments"))),
    );
    files.insert(
        "template-builtin.json",
        json(pretty(
            &crate::commands::templates::builtin_template(&profile).expect("built-in template"),
        )),
    );
    files.insert(
        "template-adapted.json",
        json(pretty(
            &crate::commands::templates::preview(&profile, adapted_template(&profile))
                .expect("adapted template"),
        )),
    );
    profile.set_show_names(&audit_id, true).expect("names");
    files.insert(
        "comments-named.json",
        json(pretty(&comments(&profile, &audit_id).expect("comments"))),
    );
    files
}

/// A city's adaptation: a statement reworded, one added to the walk's
/// area with a Persian translation, one removed, Persian unreviewed.
fn adapted_template(profile: &Profile) -> crate::templates::TemplateSet {
    let mut set = crate::templates::TemplateSet::builtin(profile.templates());
    set.checklist.id = "sofia-checklist".into();
    set.checklist.version = 2;
    let sections = &mut set.checklist.sections;
    sections[0].items[0].text.en =
        "The city has a written strategy for diversity that names TCN and migrants.".into();
    let mut added = crate::templates::Item {
        id: String::new(),
        text: crate::templates::Text {
            en: "Street signs show pictograms as well as words.".into(),
            tr: BTreeMap::new(),
        },
    };
    added.text.tr.insert(
        "fa".into(),
        "تابلوهای خیابان افزون بر واژه‌ها، تصویرنگاشت هم دارند.".into(),
    );
    sections[2].items.push(added);
    sections[3].items.pop();
    set.checklist.translations.insert(
        "fa".into(),
        crate::templates::TranslationReview { reviewed: false },
    );
    set
}

#[test]
fn the_ui_fixtures_are_what_core_computes() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/dev/fixtures");
    let write = std::env::var_os("CITYAUDIT_WRITE_UI_FIXTURES").is_some();
    if write {
        std::fs::create_dir_all(&folder).expect("create ui/src/dev/fixtures");
    }
    for (name, wanted) in fixtures() {
        let path = folder.join(name);
        if write {
            std::fs::write(&path, &wanted).expect("write a fixture");
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == wanted,
            "ui/src/dev/fixtures/{name} differs from what core computes: \
             rerun with CITYAUDIT_WRITE_UI_FIXTURES=1"
        );
    }
}
