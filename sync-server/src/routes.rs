//! The HTTP surface: routes, body limits, logging, and thin handlers that
//! parse the request, run a [`crate::service`] function and
//! return its answer or [`AppError`]. The browser app's routes (`/app/`)
//! are in [`crate::webapp`].

use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_RANGE, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use std::any::Any;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

use crate::blobs::ContentRange;
use crate::error::AppError;
use crate::extract::{BearerToken, JsonBody, KnownToken, OctetBody};
use crate::ratelimit::Attempt;
use crate::service::sync::Batch;
use crate::service::{self, run_blocking};
use crate::state::AppState;
use crate::webapp;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::NewAudit;
use cityaudit_core::sync::protocol::{
    BlobChunkResponse, CreateAuditResponse, CreateInviteRequest, EarlierAudit, Invite, JoinRequest,
    JoinResponse, MissingBlobsRequest, MissingBlobsResponse, ParticipantStatus,
    RedeemReaderRequest, RevokeRequest, SyncRequest, SyncResponse, MAX_BLOB_CHUNK,
    MAX_MISSING_HASHES,
};

/// Body limit of a join or revocation request (a code, a name, an id).
const MAX_SMALL_BODY: usize = 16 * 1024;

/// Body limit of `POST /v1/blobs/missing`: its most hashes, quoted, with room.
const MAX_MISSING_BODY: usize = 1024 + MAX_MISSING_HASHES * 80;

/// The application's router with its state, limits and middleware.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/join", post(join))
        .route("/v1/sync", post(sync))
        .route("/v1/blobs/missing", post(missing_blobs))
        .route("/v1/blobs/{hash}", get(get_blob).put(put_blob))
        .route("/v1/audits", post(create_audit))
        .route("/v1/audits/{id}/invites", post(create_invite))
        .route("/v1/audits/{id}/participants", get(participants))
        .route("/v1/tokens/revoke", post(revoke))
        .route("/v1/readers", post(redeem_reader))
        .merge(webapp::routes())
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(RequestSpan)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// The span of one request's log line: method, URI and HTTP version, as
/// tower-http's default, but without the query of `/app` URIs: the
/// browser app's join link carries the invite code there
/// (`/app/join?code=…`), and codes stay out of the log like tokens.
#[derive(Debug, Clone, Copy)]
struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        tracing::span!(
            Level::INFO,
            "request",
            method = %request.method(),
            uri = %logged_uri(request.uri()),
            version = ?request.version(),
        )
    }
}

/// The URI as the log shows it: `/app` URIs without their query, blob URIs
/// without their hash (a hash is enough to ask for a photo).
fn logged_uri(uri: &Uri) -> String {
    let path = uri.path();
    if path.starts_with("/v1/blobs/") && path != "/v1/blobs/missing" {
        return "/v1/blobs/…".into();
    }
    let app = path == "/app" || path.starts_with("/app/");
    match uri.query() {
        Some(_) if app => format!("{path}?…"),
        _ => uri.to_string(),
    }
}

async fn healthz() -> &'static str {
    "ok"
}

/// One attempt with an invite code from the client's address: refused
/// with 429 while its allowance of failed attempts is spent
/// ([`crate::ratelimit`]); counted as failed unless marked succeeded.
async fn code_attempt(
    state: &AppState,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
) -> Result<Attempt, AppError> {
    let ip = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.0 .0.ip());
    state
        .join_limiter
        .start(ip)
        .await
        .map_err(|limited| AppError::TooManyRequests {
            retry_after_secs: limited.retry_after.as_secs_f64().ceil() as u64,
        })
}

/// Joins are rate-limited per client address; only failed ones count.
async fn join(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    JsonBody(request): JsonBody<JoinRequest, MAX_SMALL_BODY>,
) -> Result<Json<JoinResponse>, AppError> {
    let attempt = code_attempt(&state, peer).await?;
    let joined = run_blocking(&state, move |state| service::join::join(state, request)).await?;
    attempt.succeeded();
    Ok(Json(joined))
}

/// Reader invites are codes too: failed attempts count against the same
/// per-address allowance as joins.
async fn redeem_reader(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    JsonBody(request): JsonBody<RedeemReaderRequest, MAX_SMALL_BODY>,
) -> Result<Json<EarlierAudit>, AppError> {
    let attempt = code_attempt(&state, peer).await?;
    let earlier = run_blocking(&state, move |state| {
        service::readers::redeem(state, &token, &request)
    })
    .await?;
    attempt.succeeded();
    Ok(Json(earlier))
}

/// Query of `POST /v1/sync`.
#[derive(Debug, Default, serde::Deserialize)]
struct SyncQuery {
    /// `true` when the request mentions only some of the device's documents.
    #[serde(default)]
    partial: bool,
}

async fn sync(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    query: Result<Query<SyncQuery>, QueryRejection>,
    JsonBody(request): JsonBody<SyncRequest>,
) -> Result<Json<SyncResponse>, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let batch = if query.partial {
        Batch::Partial
    } else {
        Batch::Complete
    };
    run_blocking(&state, move |state| {
        service::sync::sync(state, &token, request, batch)
    })
    .await
    .map(Json)
}

async fn missing_blobs(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    JsonBody(request): JsonBody<MissingBlobsRequest, MAX_MISSING_BODY>,
) -> Result<Json<MissingBlobsResponse>, AppError> {
    run_blocking(&state, move |state| {
        service::blobs::missing(state, &token, &request)
    })
    .await
    .map(Json)
}

fn blob_hash(text: &str) -> Result<BlobHash, AppError> {
    BlobHash::parse(text).map_err(|e| AppError::BadRequest(e.to_string()))
}

fn document_id(text: &str) -> Result<DocumentId, AppError> {
    DocumentId::parse(text).map_err(|e| AppError::BadRequest(e.to_string()))
}

async fn put_blob(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    Path(hash): Path<String>,
    headers: HeaderMap,
    OctetBody(body): OctetBody<MAX_BLOB_CHUNK>,
) -> Result<Json<BlobChunkResponse>, AppError> {
    let hash = blob_hash(&hash)?;
    let range = headers
        .get(CONTENT_RANGE)
        .ok_or_else(|| AppError::BadRequest("send `Content-Range: bytes START-END/TOTAL`".into()))?
        .to_str()
        .map_err(|_| AppError::BadRequest("the Content-Range header is not text".into()))?;
    let range = ContentRange::parse(range)?;
    run_blocking(&state, move |state| {
        service::blobs::put_chunk(state, &token, &hash, range, &body)
    })
    .await
    .map(Json)
}

/// `?offset=&length=` of `GET /v1/blobs/{hash}`: both, or neither.
#[derive(Debug, serde::Deserialize)]
struct BlobRangeQuery {
    offset: Option<u64>,
    length: Option<u64>,
}

async fn get_blob(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    Path(hash): Path<String>,
    Query(query): Query<BlobRangeQuery>,
) -> Result<Response, AppError> {
    let hash = blob_hash(&hash)?;
    let part = match (query.offset, query.length) {
        (None, None) => service::blobs::BlobPart::Whole,
        (Some(offset), Some(length)) => service::blobs::BlobPart::Range { offset, length },
        _ => {
            return Err(AppError::BadRequest(
                "give both offset and length, or neither".into(),
            ))
        }
    };
    let bytes = run_blocking(&state, move |state| {
        service::blobs::get(state, &token, &hash, part)
    })
    .await?;
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, "private, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

async fn create_audit(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    JsonBody(request): JsonBody<NewAudit>,
) -> Result<Json<CreateAuditResponse>, AppError> {
    run_blocking(&state, move |state| {
        service::audits::create_audit(state, &token, request)
    })
    .await
    .map(Json)
}

/// The server's public base URL for invite links: the configured one, else
/// the request's `Host` (and `X-Forwarded-Proto` behind a proxy).
fn server_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.clone();
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

async fn create_invite(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    Path(audit_id): Path<String>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<CreateInviteRequest>,
) -> Result<Json<Invite>, AppError> {
    let audit_id = document_id(&audit_id)?;
    let url = server_url(&state, &headers);
    run_blocking(&state, move |state| {
        service::audits::create_invite(state, &token, &audit_id, &request, &url)
    })
    .await
    .map(Json)
}

async fn participants(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    Path(audit_id): Path<String>,
) -> Result<Json<Vec<ParticipantStatus>>, AppError> {
    let audit_id = document_id(&audit_id)?;
    run_blocking(&state, move |state| {
        service::audits::participants(state, &token, &audit_id)
    })
    .await
    .map(Json)
}

async fn revoke(
    State(state): State<AppState>,
    KnownToken(token): KnownToken,
    JsonBody(request): JsonBody<RevokeRequest, MAX_SMALL_BODY>,
) -> Result<StatusCode, AppError> {
    run_blocking(&state, move |state| {
        service::audits::revoke(state, &token, &request)
    })
    .await
    .map(|()| StatusCode::NO_CONTENT)
}

async fn unknown_route() -> AppError {
    AppError::NotFound("there is no such endpoint; see docs/protocol.md".into())
}

async fn method_not_allowed() -> Response {
    let body = cityaudit_core::sync::protocol::ErrorBody {
        error: "method_not_allowed".into(),
        message: "this endpoint does not accept that method".into(),
    };
    (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    AppError::Internal("a request handler panicked".into()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_invite_codes_and_photo_hashes_out() {
        let shown = |uri: &str| logged_uri(&uri.parse().expect("uri"));
        assert_eq!(shown("/app/join?code=MC3D-Z24Q"), "/app/join?…");
        assert_eq!(shown("/app?code=MC3D-Z24Q"), "/app?…");
        assert_eq!(
            shown("/app/assets/index-3f2a1b.js"),
            "/app/assets/index-3f2a1b.js"
        );
        assert_eq!(shown("/v1/sync?partial=true"), "/v1/sync?partial=true");
        assert_eq!(shown("/application?x=1"), "/application?x=1");
        assert_eq!(
            shown(&format!("/v1/blobs/{}", "ab".repeat(32))),
            "/v1/blobs/…"
        );
        assert_eq!(shown("/v1/blobs/missing"), "/v1/blobs/missing");
    }
}
