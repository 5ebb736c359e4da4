//! A small fixed audit for the analysis, report and export tests: three
//! participants, two planned stops and one unplanned, a photo, a track, one
//! invalid score and one misplaced answer. The expected figures are worked
//! out by hand in `analysis/tests.rs`.

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};

use crate::ids::{BlobHash, DocumentId};
use crate::model::*;
use crate::templates::Templates;

/// The fixed audit and its responses.
pub(crate) struct Fixture {
    /// The audit document.
    pub audit: AuditDocument,
    /// Response documents of A (tcn), B (tcn), C (local administration).
    pub responses: Vec<ResponseDocument>,
    /// Planned stop ids P1 (order 1) and P2 (order 2).
    pub planned: [String; 2],
    /// The photo's hash and bytes.
    pub photo: (BlobHash, Vec<u8>),
}

impl Fixture {
    /// The audit as read.
    pub fn audit_data(&self) -> AuditData {
        self.audit.read().expect("audit")
    }

    /// The responses as read.
    pub fn response_data(&self) -> Vec<ResponseData> {
        self.responses
            .iter()
            .map(|r| r.read().expect("response"))
            .collect()
    }
}

/// A score answer.
pub(crate) fn score(n: u8) -> AnswerInput {
    AnswerInput {
        value: Some(AnswerValue::Score(Score::new(n).expect("score"))),
        comment: None,
    }
}

/// A new audit document of `city` with checklist and photovoice.
pub(crate) fn new_audit(title: &str, city: &str, starts_on: &str) -> (DocumentId, AuditDocument) {
    let templates = Templates::builtin().expect("templates");
    let id = DocumentId::random();
    let new = NewAudit {
        title: title.into(),
        city: city.into(),
        starts_on: starts_on.into(),
        ends_on: starts_on.into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    let doc = AuditDocument::create(&id, &new, &templates).expect("audit");
    (id, doc)
}

/// A participant joining `audit` (also put on the roster).
pub(crate) fn join(
    audit_id: &DocumentId,
    audit: &mut AuditDocument,
    id: &str,
    name: &str,
    group: &str,
    gender: Option<&str>,
) -> ResponseDocument {
    let data = audit.read().expect("audit");
    let joining = NewParticipant {
        display_name: name.into(),
        group: group.into(),
        gender: gender.map(str::to_owned),
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    let doc_id = DocumentId::random();
    let response = ResponseDocument::create(audit_id, &data, id, &joining).expect("join");
    let entry = RosterEntry {
        display_name: name.into(),
        group: group.into(),
        gender: gender.map(str::to_owned),
        role: "participant".into(),
        response_doc: Some(doc_id.as_str().to_owned()),
        joined_at: 1,
    };
    audit.add_to_roster(id, &entry).expect("roster");
    response
}

fn visit(planned: Option<&str>, area: &str, lat: f64, lon: f64) -> StopVisitInput {
    StopVisit {
        planned_stop: planned.map(str::to_owned),
        name_of_area: area.into(),
        specific_location: format!("{area}, corner"),
        visited_at: 1_777_000_000_000,
        utc_offset_min: 120,
        location: Some(Location::new(lat, lon, LocationSource::Device).expect("location")),
    }
}

/// Builds the fixed audit (see `analysis/tests.rs` for the figures).
pub(crate) fn fixture() -> Fixture {
    let (audit_id, mut audit) = new_audit("Sofia city walk, May", "Sofia", "2026-05-01");
    let plan = |name: &str, order: i64, lat: f64, lon: f64| PlannedStop {
        name_of_area: name.into(),
        specific_location: format!("{name}, north side"),
        position: Some(Location::new(lat, lon, LocationSource::Manual).expect("loc")),
        order,
    };
    // Planned out of order on purpose: the walking order decides.
    let p2 = audit
        .plan_stop(&plan("Station", 2, 42.71, 23.33))
        .expect("p2");
    let p1 = audit
        .plan_stop(&plan("Central Square", 1, 42.69, 23.32))
        .expect("p1");
    let mut a = join(
        &audit_id,
        &mut audit,
        "pa",
        "Falcon",
        "tcn_communities",
        Some("Female"),
    );
    let mut b = join(
        &audit_id,
        &mut audit,
        "pb",
        "Heron \"Bo\", jr",
        "tcn_communities",
        None,
    );
    let mut c = join(
        &audit_id,
        &mut audit,
        "pc",
        "Owl",
        "local_administration",
        Some("male"),
    );
    let data = audit.read().expect("audit");
    let dk = AnswerInput {
        value: Some(AnswerValue::DontKnow),
        comment: Some("No strategy, found online".into()),
    };
    for (doc, answers) in [
        (
            &mut a,
            vec![
                ("vision.1", score(5)),
                ("vision.2", score(4)),
                ("vision.3", dk),
                ("attitudes.1", score(2)),
            ],
        ),
        (
            &mut b,
            vec![
                ("vision.1", score(1)),
                ("vision.2", score(4)),
                ("vision.3", score(2)),
                ("attitudes.1", score(2)),
            ],
        ),
        (
            &mut c,
            vec![
                ("vision.1", score(3)),
                ("vision.2", score(5)),
                ("vision.3", score(2)),
                ("attitudes.2", score(2)),
            ],
        ),
    ] {
        for (item, input) in answers {
            doc.answer(&data, item, &input).expect("answer");
        }
    }
    let sa = a
        .visit_stop(&data, &visit(Some(&p1), "Central Square", 42.6901, 23.3201))
        .expect("visit");
    a.answer_at_stop(&data, &sa, "environment.1", &score(4))
        .expect("a");
    a.answer_at_stop(&data, &sa, "environment.2", &score(2))
        .expect("a");
    let sb = b
        .visit_stop(&data, &visit(Some(&p1), "Central Square", 42.6902, 23.3202))
        .expect("visit");
    b.answer_at_stop(&data, &sb, "environment.1", &score(2))
        .expect("a");
    let park = b
        .visit_stop(&data, &visit(None, "Park", 42.68, 23.31))
        .expect("visit");
    b.answer_at_stop(&data, &park, "environment.1", &score(5))
        .expect("a");
    let sc = c
        .visit_stop(&data, &visit(Some(&p2), "Station", 42.7101, 23.3301))
        .expect("visit");
    c.answer_at_stop(&data, &sc, "environment.1", &score(3))
        .expect("a");

    // A photo by A, and a track by B.
    let bytes = tiny_jpeg();
    let hash = BlobHash::of(&bytes);
    let record = PhotoRecord {
        title: "Welcome desk".into(),
        caption: "Signs in <three> languages & more".into(),
        theme: "friendly".into(),
        location: Some(Location::new(42.6905, 23.3205, LocationSource::Exif).expect("loc")),
        taken_at: Some(1_777_000_100_000),
        stop: Some(sa.clone()),
        media_type: "image/jpeg".into(),
        size: bytes.len() as u64,
        consent: true,
        added_at: 1_777_000_200_000,
    };
    a.add_photo(
        &data,
        &PhotoInput {
            hash: hash.clone(),
            record,
        },
    )
    .expect("photo");
    let track: Vec<TrackPoint> = (0..3)
        .map(|i| TrackPoint {
            lat: 42.69 + f64::from(i) * 0.001,
            lon: 23.32 + f64::from(i) * 0.002,
            at: 1_777_000_000_000 + i64::from(i) * 60_000,
        })
        .collect();
    b.add_track_points(&track).expect("track");

    // An invalid score written by another implementation, and a per-stop
    // statement answered for the whole city: both excluded.
    let doc = b.automerge();
    let answers = doc.get(ROOT, "answers").expect("get").expect("answers").1;
    let vision4 = doc.get(&answers, "vision.4").expect("get").expect("v4").1;
    doc.put(&vision4, "value", 9_u64).expect("put");
    doc.commit();
    let doc = c.automerge();
    let answers = doc.get(ROOT, "answers").expect("get").expect("answers").1;
    let misplaced = doc
        .put_object(&answers, "environment.1", automerge::ObjType::Map)
        .expect("put");
    doc.put(&misplaced, "value", 5_u64).expect("put");
    doc.put(&misplaced, "updated_at", 1_i64).expect("put");
    doc.put_object(&misplaced, "comment", automerge::ObjType::Text)
        .expect("put");
    doc.commit();

    Fixture {
        audit,
        responses: vec![a, b, c],
        planned: [p1, p2],
        photo: (hash, bytes),
    }
}

/// The earlier audit of Sofia: one participant D, vision.1 = 2, vision.2 = 5.
pub(crate) fn earlier_fixture() -> (DocumentId, AuditData, Vec<ResponseData>) {
    let (id, mut audit) = new_audit("Sofia city walk, 2024", "Sofia", "2024-04-10");
    let mut d = join(&id, &mut audit, "pd", "Lark", "ngos", None);
    let data = audit.read().expect("audit");
    d.answer(&data, "vision.1", &score(2)).expect("answer");
    d.answer(&data, "vision.2", &score(5)).expect("answer");
    (id, data, vec![d.read().expect("read")])
}

/// A valid 1x1 JPEG (enough for data: URLs and ZIP entries).
pub(crate) fn tiny_jpeg() -> Vec<u8> {
    const B64: &str = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(B64)
        .expect("jpeg")
}
