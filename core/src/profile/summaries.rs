//! Reading every response document through the summary cache.
//!
//! A summary is the document's read form ([`ResponseData`], invalid values
//! and all) serialized as JSON and stored with the heads it was made from.
//! It is used only when those heads equal the document's current heads (in
//! memory when the document is loaded, else as recorded by the store's last
//! write); a missing, stale or undecodable summary is made again from the
//! document and saved. So the cache can make a read faster but never
//! different. On top, the profile keeps the responses it last read in
//! memory under the same heads rule, so reading again after a sync decodes
//! only what changed.

use serde::{Deserialize, Serialize};

use super::{Profile, ProfileError};
use crate::ids::DocumentId;
use crate::model::ResponseData;
use crate::store::{DocumentKind, SummaryRow};

/// Bump when [`ResponseData`]'s serialized form changes: older summaries
/// then fail to decode as this version and are made again. Format 2: the
/// reasons of invalid values are typed (`model::Reason`), not English text.
const SUMMARY_FORMAT: u32 = 2;

#[derive(Serialize)]
struct SummaryOut<'a> {
    format: u32,
    response: &'a ResponseData,
}

#[derive(Deserialize)]
struct SummaryIn {
    format: u32,
    response: ResponseData,
}

/// The summary bytes of a response as read.
pub(crate) fn encode_summary(response: &ResponseData) -> Option<Vec<u8>> {
    serde_json::to_vec(&SummaryOut {
        format: SUMMARY_FORMAT,
        response,
    })
    .ok()
}

/// The response a summary holds, if it decodes and is of this format.
pub(crate) fn decode_summary(bytes: &[u8]) -> Option<ResponseData> {
    serde_json::from_slice::<SummaryIn>(bytes)
        .ok()
        .filter(|summary| summary.format == SUMMARY_FORMAT)
        .map(|summary| summary.response)
}

/// How a read of the response documents went: what came from summaries and
/// what had to be read from the documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SummaryStats {
    /// Responses this profile had read before, unchanged since.
    pub from_memory: usize,
    /// Responses taken from a fresh summary.
    pub from_summary: usize,
    /// Responses read from their document (summary missing, stale or damaged).
    pub from_document: usize,
}

impl Profile {
    /// Every response document in this profile as read, ordered by id,
    /// through the per-document summary cache.
    pub fn read_responses(&self) -> Result<Vec<(DocumentId, ResponseData)>, ProfileError> {
        Ok(self.read_responses_counted()?.0)
    }

    /// [`Profile::read_responses`], with how many came from summaries.
    pub fn read_responses_counted(
        &self,
    ) -> Result<(Vec<(DocumentId, ResponseData)>, SummaryStats), ProfileError> {
        let mut rows: Vec<SummaryRow> = self
            .store
            .summary_rows(DocumentKind::Response)?
            .into_iter()
            .filter(|row| self.responses.contains_key(&row.id))
            .collect();
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        let mut out = Vec::with_capacity(rows.len());
        let mut stats = SummaryStats::default();
        let mut made = Vec::new();
        let mut memo = self.read_memo.borrow_mut();
        for row in rows {
            let open = self.open_response(&row.id)?;
            // A document in memory is the truth; else the store's record of it.
            let current = open
                .loaded
                .get()
                .map(|loaded| loaded.heads.clone())
                .or_else(|| row.heads.clone());
            if let Some(current) = &current {
                if let Some((heads, response)) = memo.get(&row.id) {
                    if heads == current {
                        stats.from_memory += 1;
                        out.push((row.id, response.clone()));
                        continue;
                    }
                }
                if let Some(response) = row.fresh_summary(Some(current)).and_then(decode_summary) {
                    stats.from_summary += 1;
                    memo.insert(row.id.clone(), (current.clone(), response.clone()));
                    out.push((row.id, response));
                    continue;
                }
            }
            let loaded = open.get(&self.store, &row.id)?;
            let response = loaded.doc.read()?;
            if let Some(bytes) = encode_summary(&response) {
                made.push((row.id.clone(), loaded.heads.clone(), bytes));
            }
            stats.from_document += 1;
            memo.insert(row.id.clone(), (loaded.heads.clone(), response.clone()));
            out.push((row.id, response));
        }
        // The cache is only a shortcut: failing to save it must not fail the read.
        let _ = self.store.save_summaries(&made);
        Ok((out, stats))
    }

    /// How many response documents are in memory (the rest are only on disk).
    pub fn loaded_response_count(&self) -> usize {
        self.responses
            .values()
            .filter(|open| open.is_loaded())
            .count()
    }
}
