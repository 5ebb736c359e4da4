//! Request extractors whose failures are [`AppError`]s, so a bad token or a
//! malformed body gets the same JSON error as everything else.

use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::auth::bearer_token;
use crate::error::AppError;

/// The token of the `Authorization: Bearer <token>` header (401 without one).
#[derive(Debug, Clone)]
pub struct BearerToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BearerToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| AppError::Unauthorized("send `Authorization: Bearer <token>`".into()))?;
        let token = header.to_str().ok().and_then(bearer_token).ok_or_else(|| {
            AppError::Unauthorized("the Authorization header is not `Bearer <token>`".into())
        })?;
        Ok(BearerToken(token.to_owned()))
    }
}

/// A JSON body: 415 without `Content-Type: application/json`, 413 when
/// over the body limit, 400 when it does not parse.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType(
                "send the body as `Content-Type: application/json`".into(),
            )),
            Err(JsonRejection::BytesRejection(e)) => Err(body_error(e)),
            Err(e) => Err(AppError::BadRequest(format!(
                "the JSON body is not valid: {}",
                e.body_text()
            ))),
        }
    }
}

/// Maps a failure to read the body: too large (413) or broken (400).
pub fn body_error(rejection: BytesRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge("the request body is larger than allowed".into())
    } else {
        AppError::BadRequest(format!(
            "the request body could not be read: {}",
            rejection.body_text()
        ))
    }
}

/// Checks `Content-Type: application/octet-stream` (parameters ignored).
pub fn require_octet_stream(headers: &HeaderMap) -> Result<(), AppError> {
    let is_octet_stream = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/octet-stream"));
    if is_octet_stream {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType(
            "send blob chunks as `Content-Type: application/octet-stream`".into(),
        ))
    }
}
