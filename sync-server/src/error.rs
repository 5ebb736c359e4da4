//! The one place where errors become HTTP responses: every failure maps to
//! a status and a JSON [`ErrorBody`] `{ "error": code, "message": text }`.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::blobs::{BlobStoreError, RangeError};
use crate::storage::StorageError;
use crate::webapp::BadAppPath;
use cityaudit_core::model::ModelError;
use cityaudit_core::sync::access::Refusal;
use cityaudit_core::sync::protocol::ErrorBody;

/// Header carrying the number of bytes of a blob the server holds.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// Why a request failed, as the client is told.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or its content invalid (400 `bad_request`).
    #[error("{0}")]
    BadRequest(String),
    /// No valid token: missing, unknown or revoked (401 `unauthorized`).
    #[error("{0}")]
    Unauthorized(String),
    /// The invite code is unknown, expired or used up (401 `invalid_invite`).
    #[error("{0}")]
    InvalidInvite(String),
    /// The token may not do this (403 `forbidden`).
    #[error("{0}")]
    Forbidden(String),
    /// No such thing (404 `not_found`).
    #[error("{0}")]
    NotFound(String),
    /// A blob chunk does not start where the upload is (409 `conflict`).
    #[error("the upload of this blob is at byte {offset}; resume from there")]
    WrongOffset {
        /// Bytes the server holds.
        offset: u64,
    },
    /// The body or the thing it describes is too large (413 `too_large`).
    #[error("{0}")]
    TooLarge(String),
    /// The body is not of the required media type (415 `unsupported_media_type`).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// An uploaded blob's bytes do not match its hash (422 `hash_mismatch`).
    #[error("{0}")]
    HashMismatch(String),
    /// Too many attempts from this client (429 `too_many_requests`).
    #[error("too many attempts from this address; try again in {retry_after_secs} s")]
    TooManyRequests {
        /// Seconds until an attempt is allowed again (`Retry-After`).
        retry_after_secs: u64,
    },
    /// The body did not arrive in time (408 `request_timeout`).
    #[error("{0}")]
    TimedOut(String),
    /// The server's disk is full (507 `insufficient_storage`); nothing of
    /// the request was kept, and it can be sent again later.
    #[error("the server has no room to store this now; nothing was kept, try again later")]
    InsufficientStorage,
    /// The server failed (500 `internal`); details go to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) | AppError::InvalidInvite(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::WrongOffset { .. } => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::HashMismatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TimedOut(_) => StatusCode::REQUEST_TIMEOUT,
            AppError::InsufficientStorage => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code of the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::InvalidInvite(_) => "invalid_invite",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::WrongOffset { .. } => "conflict",
            AppError::TooLarge(_) => "too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::HashMismatch(_) => "hash_mismatch",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::TimedOut(_) => "request_timeout",
            AppError::InsufficientStorage => "insufficient_storage",
            AppError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            AppError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                "The server had a problem; try again later.".to_owned()
            }
            other => {
                tracing::debug!(code = other.code(), message = %other, "request refused");
                other.to_string()
            }
        };
        let body = ErrorBody {
            error: self.code().to_owned(),
            message,
        };
        match self {
            AppError::WrongOffset { offset } => {
                let body =
                    json!({ "error": body.error, "message": body.message, "offset": offset });
                let mut response = (status, Json(body)).into_response();
                response
                    .headers_mut()
                    .insert(UPLOAD_OFFSET, HeaderValue::from(offset));
                response
            }
            AppError::TooManyRequests { retry_after_secs } => {
                let mut response = (status, Json(body)).into_response();
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response
            }
            _ => (status, Json(body)).into_response(),
        }
    }
}

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        AppError::Internal(error.to_string())
    }
}

impl From<BlobStoreError> for AppError {
    fn from(error: BlobStoreError) -> Self {
        match error {
            BlobStoreError::WrongOffset { received } => AppError::WrongOffset { offset: received },
            BlobStoreError::HashMismatch { .. } => AppError::HashMismatch(error.to_string()),
            BlobStoreError::TooManyUnfinished { .. } => AppError::TooLarge(error.to_string()),
            BlobStoreError::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge
                ) =>
            {
                tracing::error!(error = %e, "no room to store an upload");
                AppError::InsufficientStorage
            }
            BlobStoreError::Io(_) => AppError::Internal(error.to_string()),
        }
    }
}

impl From<RangeError> for AppError {
    fn from(error: RangeError) -> Self {
        match error {
            RangeError::BlobTooLarge { .. } | RangeError::ChunkTooLarge { .. } => {
                AppError::TooLarge(error.to_string())
            }
            RangeError::Malformed(_) | RangeError::LengthMismatch { .. } => {
                AppError::BadRequest(error.to_string())
            }
        }
    }
}

impl From<ModelError> for AppError {
    fn from(error: ModelError) -> Self {
        match error {
            ModelError::Automerge(_) | ModelError::Reconcile(_) => {
                AppError::Internal(error.to_string())
            }
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

impl From<BadAppPath> for AppError {
    fn from(error: BadAppPath) -> Self {
        AppError::BadRequest(error.to_string())
    }
}

impl From<Refusal> for AppError {
    fn from(error: Refusal) -> Self {
        AppError::Forbidden(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_status_and_code() {
        let cases = [
            (AppError::BadRequest("x".into()), 400, "bad_request"),
            (AppError::Unauthorized("x".into()), 401, "unauthorized"),
            (AppError::InvalidInvite("x".into()), 401, "invalid_invite"),
            (AppError::Forbidden("x".into()), 403, "forbidden"),
            (AppError::NotFound("x".into()), 404, "not_found"),
            (AppError::WrongOffset { offset: 3 }, 409, "conflict"),
            (AppError::TooLarge("x".into()), 413, "too_large"),
            (
                AppError::UnsupportedMediaType("x".into()),
                415,
                "unsupported_media_type",
            ),
            (AppError::HashMismatch("x".into()), 422, "hash_mismatch"),
            (
                AppError::TooManyRequests {
                    retry_after_secs: 6,
                },
                429,
                "too_many_requests",
            ),
            (AppError::Internal("x".into()), 500, "internal"),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status().as_u16(), status);
            assert_eq!(error.code(), code);
        }
    }

    #[test]
    fn a_wrong_offset_tells_the_offset_in_a_header() {
        let response = AppError::WrongOffset { offset: 4096 }.into_response();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert_eq!(
            response.headers().get(UPLOAD_OFFSET).map(|v| v.as_bytes()),
            Some(&b"4096"[..])
        );
    }

    #[test]
    fn internal_details_are_not_sent_to_the_client() {
        let error = AppError::from(StorageError::Duplicate("secret table"));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
