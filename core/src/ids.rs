//! Identifiers with validating constructors.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An id was not in the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {value:?} is not valid: {reason}")]
pub struct IdError {
    /// Which kind of id was expected.
    pub kind: &'static str,
    /// The rejected input.
    pub value: String,
    /// Why it was rejected.
    pub reason: &'static str,
}

/// A document id in automerge-repo's form: base58check of 16 random bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(type = "string"))]
pub struct DocumentId(String);

impl DocumentId {
    /// A fresh random id.
    pub fn random() -> Self {
        let bytes: [u8; 16] = rand::random();
        DocumentId(bs58::encode(bytes).with_check().into_string())
    }

    /// Parses and checks an id.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let error = |reason| IdError {
            kind: "document id",
            value: value.chars().take(80).collect(),
            reason,
        };
        let bytes = bs58::decode(value)
            .with_check(None)
            .into_vec()
            .map_err(|_| error("not base58check"))?;
        if bytes.len() != 16 {
            return Err(error("must encode 16 bytes"));
        }
        Ok(DocumentId(value.to_owned()))
    }

    /// An id read back from a database that only ever stored parsed ids:
    /// its form is checked (base58, the length of 20 bytes) but not its
    /// checksum, which costs two SHA-256 rounds per id and added up to a
    /// noticeable part of a sync's work on the server.
    pub fn from_storage(value: &str) -> Result<Self, IdError> {
        const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        // 16 bytes and a 4-byte checksum take 20 to 28 base58 digits.
        let plausible =
            (20..=28).contains(&value.len()) && value.bytes().all(|b| ALPHABET.contains(&b));
        if !plausible {
            return Err(IdError {
                kind: "document id",
                value: value.chars().take(80).collect(),
                reason: "not base58check",
            });
        }
        Ok(DocumentId(value.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DocumentId {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        DocumentId::parse(&value)
    }
}

impl From<DocumentId> for String {
    fn from(id: DocumentId) -> String {
        id.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A short random id for records inside a document (participants, stops).
pub fn random_record_id() -> String {
    let bytes: [u8; 10] = rand::random();
    bs58::encode(bytes).into_string()
}

/// The SHA-256 of a blob, always 64 lowercase hex characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(type = "string"))]
pub struct BlobHash(String);

impl BlobHash {
    /// Hashes bytes.
    pub fn of(bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        BlobHash(hex::encode(Sha256::digest(bytes)))
    }

    /// Parses a hex hash.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let ok = value.len() == 64
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if ok {
            Ok(BlobHash(value.to_owned()))
        } else {
            Err(IdError {
                kind: "blob hash",
                value: value.chars().take(80).collect(),
                reason: "must be 64 lowercase hex characters (SHA-256)",
            })
        }
    }

    /// The hash as hex text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BlobHash {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        BlobHash::parse(&value)
    }
}

impl From<BlobHash> for String {
    fn from(hash: BlobHash) -> String {
        hash.0
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_document_ids_round_trip_and_typos_are_caught() {
        let id = DocumentId::random();
        assert_eq!(DocumentId::parse(id.as_str()).unwrap(), id);
        let mut typo = id.as_str().to_owned();
        let last = typo.pop().unwrap();
        typo.push(if last == 'a' { 'b' } else { 'a' });
        assert!(DocumentId::parse(&typo).is_err());
        assert!(DocumentId::parse("").is_err());
    }

    #[test]
    fn stored_ids_are_checked_for_form_only() {
        for _ in 0..200 {
            let id = DocumentId::random();
            assert_eq!(DocumentId::from_storage(id.as_str()).unwrap(), id);
        }
        assert!(DocumentId::from_storage("").is_err());
        assert!(DocumentId::from_storage("0OIl0OIl0OIl0OIl0OIl0OIl").is_err());
        assert!(DocumentId::from_storage(&"a".repeat(40)).is_err());
    }

    #[test]
    fn blob_hash_is_sha256_hex() {
        let h = BlobHash::of(b"abc");
        assert_eq!(
            h.as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(BlobHash::parse("ABC").is_err());
        assert!(BlobHash::parse(&"g".repeat(64)).is_err());
    }
}
