//! Request extractors whose failures are [`AppError`]s, so a bad token or a
//! malformed body gets the same JSON error as everything else.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use std::time::Duration;

use crate::auth::bearer_token;
use crate::error::AppError;
use crate::service::{check_token, run_blocking};
use crate::state::AppState;
use cityaudit_core::sync::protocol::MAX_JSON_BODY;

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

/// A bearer token the server knows and has not revoked, checked before the
/// request's body is read: a body is never read for an unknown token.
#[derive(Debug, Clone)]
pub struct KnownToken(pub String);

impl FromRequestParts<AppState> for KnownToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let BearerToken(token) = BearerToken::from_request_parts(parts, state).await?;
        let checked = token.clone();
        run_blocking(state, move |state| check_token(state, &checked)).await?;
        Ok(KnownToken(token))
    }
}

/// Slowest body upload accepted, in bytes per second: a 4 MiB photo chunk
/// may take about four and a half minutes, a small request the base time.
const SLOWEST_BODY_RATE: u64 = 16 * 1024;

/// Time any body has before the rate counts.
const BODY_BASE_TIME: Duration = Duration::from_secs(20);

/// The length a request declares, if it does.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

/// Reads a body of at most `limit` bytes: 413 as soon as it declares or
/// sends more, 408 when it has not arrived by the base time plus its length
/// at the slowest accepted rate, 400 when the connection breaks.
pub async fn read_body(request: Request, limit: usize) -> Result<Bytes, AppError> {
    let too_large =
        || AppError::TooLarge(format!("the request body may hold at most {limit} bytes"));
    let declared = declared_length(request.headers());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let expected = declared.unwrap_or(limit as u64);
    let deadline = BODY_BASE_TIME + Duration::from_secs(expected / SLOWEST_BODY_RATE);
    let read = axum::body::to_bytes(request.into_body(), limit);
    match tokio::time::timeout(deadline, read).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => {
            let over = std::error::Error::source(&error)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            Err(if over {
                too_large()
            } else {
                AppError::BadRequest(format!("the request body could not be read: {error}"))
            })
        }
        Err(_) => Err(AppError::TimedOut(format!(
            "the request body did not arrive within {} s",
            deadline.as_secs()
        ))),
    }
}

/// A JSON body of at most `LIMIT` bytes: 415 without
/// `Content-Type: application/json`, 413 when over the limit, 400 when it
/// does not parse, 408 when it arrives too slowly ([`read_body`]).
#[derive(Debug, Clone)]
pub struct JsonBody<T, const LIMIT: usize = MAX_JSON_BODY>(pub T);

impl<S: Send + Sync, T: DeserializeOwned, const LIMIT: usize> FromRequest<S>
    for JsonBody<T, LIMIT>
{
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, AppError> {
        require_media_type(request.headers(), "application/json").map_err(|()| {
            AppError::UnsupportedMediaType(
                "send the body as `Content-Type: application/json`".into(),
            )
        })?;
        let bytes = read_body(request, LIMIT).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| AppError::BadRequest(format!("the JSON body is not valid: {e}")))
    }
}

/// The bytes of an `application/octet-stream` body of at most `LIMIT`
/// bytes (415 otherwise; limits as [`read_body`]).
#[derive(Debug, Clone)]
pub struct OctetBody<const LIMIT: usize>(pub Bytes);

impl<S: Send + Sync, const LIMIT: usize> FromRequest<S> for OctetBody<LIMIT> {
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, AppError> {
        require_media_type(request.headers(), "application/octet-stream").map_err(|()| {
            AppError::UnsupportedMediaType(
                "send blob chunks as `Content-Type: application/octet-stream`".into(),
            )
        })?;
        read_body(request, LIMIT).await.map(OctetBody)
    }
}

/// Whether the Content-Type is `expected` (parameters ignored).
fn require_media_type(headers: &HeaderMap, expected: &str) -> Result<(), ()> {
    let matches = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected));
    if matches {
        Ok(())
    } else {
        Err(())
    }
}
