//! The facilitator's actions on an audit: consensus, ideas and
//! recommendations, wrap-up findings, photos for the report, report texts and
//! the earlier audit to compare with. Each edit is saved durably like every
//! other edit of the profile.

use super::{Profile, ProfileError};
use crate::ids::{BlobHash, DocumentId};
use crate::model::{AreaIdeas, ConsensusRecord, FacilitatorRecords, ReportText};

impl Profile {
    /// The facilitator records of an audit.
    pub fn facilitator_records(
        &self,
        audit_id: &DocumentId,
    ) -> Result<FacilitatorRecords, ProfileError> {
        Ok(self.audit(audit_id)?.records())
    }

    /// Records the agreed score (`None`: not agreed yet) and a note for a statement.
    pub fn set_consensus(
        &mut self,
        audit_id: &DocumentId,
        item: &str,
        score: Option<u8>,
        note: &str,
    ) -> Result<ConsensusRecord, ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_consensus(item, score, note))
    }

    /// Sets the ideas for improvement and recommendations of an area.
    pub fn set_area_ideas(
        &mut self,
        audit_id: &DocumentId,
        section: &str,
        ideas: &str,
        recommendations: &str,
    ) -> Result<AreaIdeas, ProfileError> {
        self.edit_audit(audit_id, |audit| {
            audit.set_area_ideas(section, ideas, recommendations)
        })
    }

    /// Sets a wrap-up finding of the photovoice.
    pub fn set_wrap_up(
        &mut self,
        audit_id: &DocumentId,
        question: &str,
        text: &str,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_wrap_up(question, text))
    }

    /// Sets one of the report's free texts.
    pub fn set_report_text(
        &mut self,
        audit_id: &DocumentId,
        which: ReportText,
        text: &str,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_report_text(which, text))
    }

    /// Marks or unmarks a photo for the report.
    pub fn mark_photo(
        &mut self,
        audit_id: &DocumentId,
        hash: &str,
        marked: bool,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.mark_photo(hash, marked))
    }

    /// Removes a photo received outside the app from the photovoice set.
    pub fn remove_received_photo(
        &mut self,
        audit_id: &DocumentId,
        hash: &BlobHash,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.remove_received_photo(hash))
    }

    /// Shows participants' display names with their comments (or anonymises them).
    pub fn set_show_names(
        &mut self,
        audit_id: &DocumentId,
        show: bool,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_show_names(show))
    }

    /// Quotes (or stops quoting) a comment in the report.
    pub fn quote_comment(
        &mut self,
        audit_id: &DocumentId,
        key: &str,
        quoted: bool,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.quote_comment(key, quoted))
    }

    /// Chooses the earlier audit to compare with (`None`: none).
    pub fn set_compare_with(
        &mut self,
        audit_id: &DocumentId,
        earlier: Option<&DocumentId>,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| {
            audit.set_compare_with(earlier.map(DocumentId::as_str))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ids::BlobHash;
    use crate::model::{AuditDocument, ModelError, ReportText};
    use crate::testdata::new_audit;

    fn fork(doc: &mut AuditDocument) -> AuditDocument {
        AuditDocument::from_automerge(doc.automerge().fork())
    }

    #[test]
    fn two_facilitators_editing_at_once_merge() {
        let (_, mut base) = new_audit("Walk", "Sofia", "2026-05-01");
        base.set_area_ideas("vision", "Publish the strategy.\n", "")
            .unwrap();
        let mut first = fork(&mut base);
        let mut second = fork(&mut base);
        // Both add an idea to the same area at the same time.
        first
            .set_area_ideas("vision", "Publish the strategy.\nOne-stop shop.\n", "")
            .unwrap();
        second
            .set_area_ideas(
                "vision",
                "Publish the strategy.\nTranslate the city website.\n",
                "Fund mediators",
            )
            .unwrap();
        // Concurrent edits of one text: different words changed.
        first
            .set_report_text(ReportText::CityContext, "Sofia has 1.3 million people.")
            .unwrap();
        second
            .set_consensus("vision.1", Some(3), "Agreed after discussion")
            .unwrap();
        first.set_consensus("vision.2", Some(4), "").unwrap();
        let photo = BlobHash::of(b"one").as_str().to_owned();
        let other = BlobHash::of(b"two").as_str().to_owned();
        first.mark_photo(&photo, true).unwrap();
        second.mark_photo(&other, true).unwrap();
        second
            .set_wrap_up("achievements", "Welcome centre")
            .unwrap();

        first.automerge().merge(second.automerge()).unwrap();
        let records = first.read().unwrap().records();
        let vision = &records.area_ideas["vision"];
        assert!(vision.ideas.contains("One-stop shop."), "{vision:?}");
        assert!(
            vision.ideas.contains("Translate the city website."),
            "{vision:?}"
        );
        assert!(vision.ideas.starts_with("Publish the strategy.\n"));
        assert_eq!(vision.recommendations, "Fund mediators");
        assert_eq!(records.city_context, "Sofia has 1.3 million people.");
        assert_eq!(records.consensus["vision.1"].score, Some(3));
        assert_eq!(records.consensus["vision.2"].score, Some(4));
        let mut marked = vec![photo, other];
        marked.sort();
        assert_eq!(records.marked_photos, marked);
        assert_eq!(records.wrap_up["achievements"], "Welcome centre");

        // Concurrent edits inside one text merge character by character.
        let mut a = fork(&mut first);
        let mut b = fork(&mut first);
        a.set_report_text(
            ReportText::CityContext,
            "Sofia has 1.3 million people and 2 rivers.",
        )
        .unwrap();
        b.set_report_text(
            ReportText::CityContext,
            "Today Sofia has 1.3 million people.",
        )
        .unwrap();
        a.automerge().merge(b.automerge()).unwrap();
        assert_eq!(
            a.read().unwrap().records().city_context,
            "Today Sofia has 1.3 million people and 2 rivers."
        );
    }

    #[test]
    fn facilitator_input_is_checked() {
        let (_, mut audit) = new_audit("Walk", "Sofia", "2026-05-01");
        assert!(matches!(
            audit.set_consensus("vision.99", Some(3), ""),
            Err(ModelError::UnknownItem(_))
        ));
        assert!(matches!(
            audit.set_consensus("vision.1", Some(7), ""),
            Err(ModelError::ScoreOutOfRange(7))
        ));
        assert!(audit.set_wrap_up("nonsense", "x").is_err());
        assert!(audit.mark_photo("not-a-hash", true).is_err());
        assert!(audit.set_compare_with(Some("nope")).is_err());
        audit.set_consensus("vision.1", None, "Postponed").unwrap();
        let records = audit.read().unwrap().records();
        assert_eq!(records.consensus["vision.1"].score, None);
        assert_eq!(records.consensus["vision.1"].note, "Postponed");
        assert!(audit.problems().is_empty(), "{:?}", audit.problems());
    }

    #[test]
    fn schema_one_documents_without_records_read_and_gain_them() {
        let (_, mut audit) = new_audit("Walk", "Sofia", "2026-05-01");
        use automerge::transaction::Transactable;
        audit
            .automerge()
            .delete(automerge::ROOT, "facilitator")
            .unwrap();
        audit.automerge().commit();
        assert_eq!(audit.read().unwrap().records(), Default::default());
        audit.set_consensus("vision.3", Some(2), "").unwrap();
        assert_eq!(
            audit.read().unwrap().records().consensus["vision.3"].score,
            Some(2)
        );
    }
}
