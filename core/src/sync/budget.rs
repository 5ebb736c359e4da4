//! What an Automerge sync message costs to decode, measured before Automerge
//! decodes it.
//!
//! A few bytes can stand for a great deal: deflate-compressed chunks and
//! columns inflate a thousandfold, and a run-length-encoded column can claim
//! millions of operations in a dozen bytes. Automerge expands all of it
//! while parsing, so a peer could make the other side work for minutes and
//! hold gigabytes with a 3 KB request. This module walks the storage chunks
//! of a message itself — inflating with a bound, summing run lengths without
//! expanding them — and refuses a message over [`MessageLimits`] before any
//! of it reaches Automerge.
//!
//! Formats follow the Automerge binary format: a chunk is magic (4 bytes),
//! checksum (4), type (1), length (LEB128) and data; columns are listed as
//! (specification, length) pairs, the specification holding the column id
//! (bits 4 and up), a deflate flag (bit 3) and the column type (bits 0-2).

use std::io::Read;

/// Caps on one sync message (all its change chunks together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageLimits {
    /// Bytes after inflating compressed chunks and columns.
    pub decoded_bytes: u64,
    /// Operations (as the chunks' action columns count them).
    pub operations: u64,
    /// Values in any one column, once run-length encoding is expanded.
    pub column_values: u64,
}

/// The caps the sync server applies to every request it receives (all its
/// messages together).
pub const MESSAGE_LIMITS: MessageLimits = MessageLimits {
    decoded_bytes: 32 * 1024 * 1024,
    operations: 200_000,
    column_values: 4_000_000,
};

/// The caps a device applies to each message it receives from the server:
/// one message may bring a whole document, up to the server's cap.
pub const RECEIVED_LIMITS: MessageLimits = MessageLimits {
    decoded_bytes: 64 * 1024 * 1024,
    operations: MAX_DOCUMENT_OPERATIONS,
    column_values: 4 * MAX_DOCUMENT_OPERATIONS,
};

/// Operations one document may hold: a response document with every
/// comment written and rewritten many times stays far below it.
pub const MAX_DOCUMENT_OPERATIONS: u64 = 1_000_000;

/// What a message was measured to cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageCost {
    /// Bytes after inflating.
    pub decoded_bytes: u64,
    /// Operations.
    pub operations: u64,
}

/// Why a message was refused before decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// Over one of the caps.
    #[error("the message is too large: more than {limit} {what} once decoded")]
    TooLarge {
        /// What was counted.
        what: &'static str,
        /// The cap.
        limit: u64,
    },
    /// Not Automerge chunks as this version writes them.
    #[error("the message holds a damaged change: {0}")]
    Malformed(&'static str),
}

/// Measures every chunk of `chunks` (the change chunks of one sync
/// message) and refuses the message if together they exceed `limits`.
pub fn measure_message<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
    limits: &MessageLimits,
) -> Result<MessageCost, BudgetError> {
    let mut spent = MessageCost::default();
    measure_more(chunks, limits, &mut spent)?;
    Ok(spent)
}

/// Adds the cost of `chunks` to `spent` (what earlier messages of the same
/// request cost), refusing once the total exceeds `limits`.
pub fn measure_more<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
    limits: &MessageLimits,
    spent: &mut MessageCost,
) -> Result<(), BudgetError> {
    let mut meter = Meter {
        limits,
        cost: *spent,
    };
    let result = chunks.into_iter().try_for_each(|bytes| {
        storage_chunks(bytes).try_for_each(|chunk| {
            let chunk = chunk.ok_or(BudgetError::Malformed("not an Automerge chunk"))?;
            meter.chunk(chunk.kind, chunk.data)
        })
    });
    *spent = meter.cost;
    result
}

/// Chunk type of a whole document.
pub const DOCUMENT_CHUNK: u8 = 0;
/// Chunk type of one change.
const CHANGE_CHUNK: u8 = 1;
/// Chunk type of one deflate-compressed change.
const COMPRESSED_CHUNK: u8 = 2;
/// Magic bytes that open every Automerge storage chunk.
const CHUNK_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Column id of the action column among operation columns.
const ACTION_COLUMN: u32 = 4;

/// One storage chunk of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageChunk<'a> {
    /// Chunk type ([`DOCUMENT_CHUNK`], change, compressed change …).
    pub kind: u8,
    /// The whole chunk, header included.
    pub whole: &'a [u8],
    /// The chunk's data, after its header.
    pub data: &'a [u8],
}

/// The storage chunks of `bytes` one after another; `None` for bytes that
/// are not a chunk, after which the walk ends.
pub fn storage_chunks(bytes: &[u8]) -> impl Iterator<Item = Option<StorageChunk<'_>>> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let current = rest.filter(|r| !r.is_empty())?;
        let chunk = storage_chunk(current);
        rest = chunk.map(|c| &current[c.whole.len()..]);
        Some(chunk)
    })
}

/// The storage chunk at the start of `bytes`.
fn storage_chunk(bytes: &[u8]) -> Option<StorageChunk<'_>> {
    if bytes.len() < 9 || bytes[..4] != CHUNK_MAGIC {
        return None;
    }
    let mut reader = Reader { rest: &bytes[9..] };
    let length = usize::try_from(reader.uleb().ok()?).ok()?;
    let data = reader.take(length).ok()?;
    Some(StorageChunk {
        kind: bytes[8],
        whole: &bytes[..bytes.len() - reader.rest.len()],
        data,
    })
}

/// Adds up what chunks cost and stops at the first cap exceeded.
struct Meter<'l> {
    limits: &'l MessageLimits,
    cost: MessageCost,
}

impl Meter<'_> {
    fn chunk(&mut self, kind: u8, data: &[u8]) -> Result<(), BudgetError> {
        match kind {
            CHANGE_CHUNK => {
                self.spend_bytes(data.len() as u64)?;
                self.change(data)
            }
            COMPRESSED_CHUNK => {
                let inflated = self.inflate(data)?;
                self.change(&inflated)
            }
            DOCUMENT_CHUNK => {
                self.spend_bytes(data.len() as u64)?;
                self.document(data)
            }
            _ => Err(BudgetError::Malformed("an unknown chunk type")),
        }
    }

    fn spend_bytes(&mut self, bytes: u64) -> Result<(), BudgetError> {
        self.cost.decoded_bytes = self.cost.decoded_bytes.saturating_add(bytes);
        if self.cost.decoded_bytes > self.limits.decoded_bytes {
            return Err(BudgetError::TooLarge {
                what: "bytes",
                limit: self.limits.decoded_bytes,
            });
        }
        Ok(())
    }

    fn spend_operations(&mut self, operations: u64) -> Result<(), BudgetError> {
        self.cost.operations = self.cost.operations.saturating_add(operations);
        if self.cost.operations > self.limits.operations {
            return Err(BudgetError::TooLarge {
                what: "operations",
                limit: self.limits.operations,
            });
        }
        Ok(())
    }

    /// Inflates `data`, reading no more than the bytes left in the budget.
    fn inflate(&mut self, data: &[u8]) -> Result<Vec<u8>, BudgetError> {
        let left = self
            .limits
            .decoded_bytes
            .saturating_sub(self.cost.decoded_bytes);
        let mut inflated = Vec::new();
        flate2::read::DeflateDecoder::new(data)
            .take(left.saturating_add(1))
            .read_to_end(&mut inflated)
            .map_err(|_| BudgetError::Malformed("a compressed part does not inflate"))?;
        self.spend_bytes(inflated.len() as u64)?;
        Ok(inflated)
    }

    /// A change: header fields, then its operation columns.
    fn change(&mut self, data: &[u8]) -> Result<(), BudgetError> {
        let mut reader = Reader { rest: data };
        let dependencies = reader.uleb()?;
        reader.skip(dependencies.saturating_mul(32))?;
        reader.bytes_with_length()?; // actor
        reader.uleb()?; // sequence number
        reader.uleb()?; // first operation counter
        reader.sleb()?; // time
        reader.bytes_with_length()?; // message
        let other_actors = reader.uleb()?;
        for _ in 0..other_actors {
            reader.bytes_with_length()?;
        }
        let columns = reader.column_specs()?;
        self.columns(&mut reader, &columns, true)
    }

    /// A whole document: actors, heads, change columns, operation columns.
    fn document(&mut self, data: &[u8]) -> Result<(), BudgetError> {
        let mut reader = Reader { rest: data };
        let actors = reader.uleb()?;
        for _ in 0..actors {
            reader.bytes_with_length()?;
        }
        let heads = reader.uleb()?;
        reader.skip(heads.saturating_mul(32))?;
        let change_columns = reader.column_specs()?;
        let operation_columns = reader.column_specs()?;
        self.columns(&mut reader, &change_columns, false)?;
        self.columns(&mut reader, &operation_columns, true)
    }

    /// Reads the data of `columns` from `reader`, inflating deflated ones;
    /// the action column of operation columns counts the operations.
    fn columns(
        &mut self,
        reader: &mut Reader<'_>,
        columns: &[(u32, u64)],
        operations: bool,
    ) -> Result<(), BudgetError> {
        for &(spec, length) in columns {
            let raw = reader.take(usize::try_from(length).unwrap_or(usize::MAX))?;
            let inflated;
            let column = if spec & 0b1000 != 0 {
                inflated = self.inflate(raw)?;
                &inflated[..]
            } else {
                raw
            };
            let values = column_values(spec & 0b111, column, self.limits.column_values)?;
            if values > self.limits.column_values {
                return Err(BudgetError::TooLarge {
                    what: "values in one column",
                    limit: self.limits.column_values,
                });
            }
            if operations && spec >> 4 == ACTION_COLUMN {
                self.spend_operations(values)?;
            }
        }
        Ok(())
    }
}

/// How many values a column holds once expanded, stopping early once past
/// `cap`. Types: 0 group, 1 actor, 2 integer, 3 delta, 4 boolean,
/// 5 string, 6 value metadata (run-length encoded), 7 raw values.
fn column_values(column_type: u32, data: &[u8], cap: u64) -> Result<u64, BudgetError> {
    let mut reader = Reader { rest: data };
    let mut values: u64 = 0;
    match column_type {
        4 => {
            // Booleans: alternating run lengths.
            while !reader.rest.is_empty() && values <= cap {
                values = values.saturating_add(reader.uleb()?);
            }
        }
        7 => values = data.len() as u64,
        _ => {
            // Run-length encoding: a positive count and one value repeated,
            // a negative count and that many literal values, or zero and a
            // count of nulls.
            while !reader.rest.is_empty() && values <= cap {
                let count = reader.sleb()?;
                if count > 0 {
                    reader.value(column_type)?;
                    values = values.saturating_add(count.unsigned_abs());
                } else if count < 0 {
                    for _ in 0..count.unsigned_abs().min(cap.saturating_add(1)) {
                        reader.value(column_type)?;
                    }
                    values = values.saturating_add(count.unsigned_abs());
                } else {
                    values = values.saturating_add(reader.uleb()?);
                }
            }
        }
    }
    Ok(values)
}

/// A cursor over bytes that fails, rather than panics, past their end.
struct Reader<'a> {
    rest: &'a [u8],
}

const TRUNCATED: BudgetError = BudgetError::Malformed("a chunk ends too early");

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], BudgetError> {
        if length > self.rest.len() {
            return Err(TRUNCATED);
        }
        let (taken, rest) = self.rest.split_at(length);
        self.rest = rest;
        Ok(taken)
    }

    fn skip(&mut self, length: u64) -> Result<(), BudgetError> {
        self.take(usize::try_from(length).map_err(|_| TRUNCATED)?)
            .map(|_| ())
    }

    fn uleb(&mut self) -> Result<u64, BudgetError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.rest.first().ok_or(TRUNCATED)?;
            self.rest = &self.rest[1..];
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(BudgetError::Malformed("a number is too long"))
    }

    fn sleb(&mut self) -> Result<i64, BudgetError> {
        let mut value: i64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self.rest.first().ok_or(TRUNCATED)?;
            self.rest = &self.rest[1..];
            if shift >= 64 {
                return Err(BudgetError::Malformed("a number is too long"));
            }
            value |= i64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 {
                    value |= -1i64 << shift;
                }
                return Ok(value);
            }
        }
    }

    fn bytes_with_length(&mut self) -> Result<&'a [u8], BudgetError> {
        let length = self.uleb()?;
        self.take(usize::try_from(length).map_err(|_| TRUNCATED)?)
    }

    /// One value of a run-length-encoded column of `column_type`.
    fn value(&mut self, column_type: u32) -> Result<(), BudgetError> {
        match column_type {
            3 => self.sleb().map(|_| ()),
            5 => self.bytes_with_length().map(|_| ()),
            _ => self.uleb().map(|_| ()),
        }
    }

    /// A column list: a count, then (specification, length) pairs.
    fn column_specs(&mut self) -> Result<Vec<(u32, u64)>, BudgetError> {
        let count = self.uleb()?;
        // Every pair takes at least two bytes: a longer list is damaged.
        if count > self.rest.len() as u64 / 2 {
            return Err(TRUNCATED);
        }
        (0..count)
            .map(|_| {
                let spec = u32::try_from(self.uleb()?)
                    .map_err(|_| BudgetError::Malformed("a column specification is too large"))?;
                Ok((spec, self.uleb()?))
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
