//! The one HTTP client of core: every call a device makes to the sync server
//! (join, sync, blob upload and download, the facilitator's calls) goes
//! through [`HttpClient`], which maps statuses and error bodies to
//! [`SyncError`] in one place.
//!
//! The bytes travel through a [`Transport`]: blocking reqwest in the native
//! app ([`native_transport`], feature `native-http`), a synchronous
//! `XMLHttpRequest` inside a Web Worker in the browser app. Core does not
//! care which: a transport only moves one request and its answer.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::SyncError;
use super::protocol::ErrorBody;

/// An HTTP method core uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One request, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Sent as `Authorization: Bearer …` when present.
    pub bearer: Option<String>,
    /// `Content-Type` of the body, when there is one.
    pub content_type: Option<&'static str>,
    /// `Content-Range` (blob uploads).
    pub content_range: Option<String>,
    /// The body (empty for `GET`).
    pub body: Vec<u8>,
}

/// One answer, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// `Retry-After` in seconds, when the server sent one.
    pub retry_after_secs: Option<u64>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why a transport could not deliver a request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection, a timeout, or an answer cut off.
    #[error("{0}")]
    Unreachable(String),
    /// The answer's body was larger than the caller's limit.
    #[error("the answer is larger than {0} bytes")]
    TooLarge(u64),
}

/// Moves one request to the server and its answer back.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`; reads at most `limit` bytes of the answer's body.
    fn send(&self, request: HttpRequest, limit: u64) -> Result<HttpResponse, TransportError>;
}

/// A transport for builds that have none: every request fails as offline.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoTransport;

impl Transport for NoTransport {
    fn send(&self, _: HttpRequest, _: u64) -> Result<HttpResponse, TransportError> {
        Err(TransportError::Unreachable(
            "this build has no network transport".into(),
        ))
    }
}

/// The native transport when the crate is built with `native-http`, else
/// [`NoTransport`].
pub fn default_transport() -> Arc<dyn Transport> {
    #[cfg(feature = "native-http")]
    {
        native_transport()
    }
    #[cfg(not(feature = "native-http"))]
    {
        Arc::new(NoTransport)
    }
}

/// Largest JSON answer read from the server.
pub const MAX_JSON_ANSWER: u64 = 64 * 1024 * 1024;

/// Calls to one sync server with one token (or none, to join).
#[derive(Debug, Clone)]
pub struct HttpClient {
    transport: Arc<dyn Transport>,
    server: String,
    token: Option<String>,
}

impl HttpClient {
    /// A client for `server` (trailing `/` ignored) sending `token`.
    pub fn new(transport: Arc<dyn Transport>, server: &str, token: Option<&str>) -> Self {
        HttpClient {
            transport,
            server: server.trim_end_matches('/').to_owned(),
            token: token.map(str::to_owned),
        }
    }

    /// The server's base URL, without a trailing `/`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends a request to `path`; a non-success status becomes a [`SyncError`].
    /// `404` is returned as a response when `allow_not_found`.
    pub fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Body,
        limit: u64,
        allow_not_found: bool,
    ) -> Result<HttpResponse, SyncError> {
        let request = HttpRequest {
            method,
            url: format!("{}{path}", self.server),
            bearer: self.token.clone(),
            content_type: body.content_type,
            content_range: body.content_range,
            body: body.bytes,
        };
        let response = self.transport.send(request, limit).map_err(|e| match e {
            TransportError::Unreachable(text) => SyncError::Offline(text),
            TransportError::TooLarge(limit) => {
                SyncError::Protocol(format!("the server's answer is larger than {limit} bytes"))
            }
        })?;
        if (200..300).contains(&response.status) || (allow_not_found && response.status == 404) {
            return Ok(response);
        }
        Err(error_for(&response))
    }

    /// `POST path` with a JSON body, reading a JSON answer.
    pub fn post_json<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, SyncError> {
        let response = self.exchange(
            Method::Post,
            path,
            Body::json(body)?,
            MAX_JSON_ANSWER,
            false,
        )?;
        parse_json(&response.body)
    }

    /// `GET path`, reading a JSON answer.
    pub fn get_json<R: DeserializeOwned>(&self, path: &str) -> Result<R, SyncError> {
        let response = self.exchange(Method::Get, path, Body::empty(), MAX_JSON_ANSWER, false)?;
        parse_json(&response.body)
    }
}

/// A request body with its headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    bytes: Vec<u8>,
    content_type: Option<&'static str>,
    content_range: Option<String>,
}

impl Body {
    /// No body.
    pub fn empty() -> Self {
        Body::default()
    }

    /// `value` as JSON.
    pub fn json<T: Serialize>(value: &T) -> Result<Self, SyncError> {
        let bytes = serde_json::to_vec(value).map_err(|e| SyncError::Protocol(e.to_string()))?;
        Ok(Body::json_bytes(bytes))
    }

    /// Bytes that are already JSON.
    pub fn json_bytes(bytes: Vec<u8>) -> Self {
        Body {
            bytes,
            content_type: Some("application/json"),
            content_range: None,
        }
    }

    /// A chunk of a blob with its `Content-Range`.
    pub fn chunk(bytes: Vec<u8>, content_range: String) -> Self {
        Body {
            bytes,
            content_type: Some("application/octet-stream"),
            content_range: Some(content_range),
        }
    }

    /// Size of the body in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when there is no body.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Reads a JSON answer.
pub fn parse_json<R: DeserializeOwned>(body: &[u8]) -> Result<R, SyncError> {
    serde_json::from_slice(body).map_err(|e| SyncError::Protocol(e.to_string()))
}

/// The error a non-success answer stands for, with the server's words.
fn error_for(response: &HttpResponse) -> SyncError {
    let message = serde_json::from_slice::<ErrorBody>(&response.body)
        .map(|b| b.message)
        .unwrap_or_else(|_| format!("HTTP status {}", response.status));
    match response.status {
        401 => SyncError::Unauthorized(message),
        429 | 503 => SyncError::Busy {
            message,
            retry_after: response.retry_after_secs.map(Duration::from_secs),
        },
        s if s >= 500 => SyncError::Server(message),
        _ => SyncError::Refused(message),
    }
}

/// Blocking reqwest (rustls) with the app's timeouts, built once.
#[cfg(feature = "native-http")]
pub fn native_transport() -> Arc<dyn Transport> {
    Arc::new(native::ReqwestTransport::new())
}

#[cfg(feature = "native-http")]
mod native {
    use std::io::Read;
    use std::time::Duration;

    use reqwest::blocking::Client;

    use super::{HttpRequest, HttpResponse, Method, Transport, TransportError};

    /// Blocking reqwest client; one connection pool for every call.
    #[derive(Debug)]
    pub(super) struct ReqwestTransport {
        client: Result<Client, String>,
    }

    impl ReqwestTransport {
        pub(super) fn new() -> Self {
            let client = Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(60))
                // The server closes connections idle for 10 s: reuse none
                // that old, rather than race its close.
                .pool_idle_timeout(Duration::from_secs(5))
                .build()
                .map_err(|e| e.to_string());
            ReqwestTransport { client }
        }
    }

    fn unreachable(error: impl ToString) -> TransportError {
        TransportError::Unreachable(error.to_string())
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest, limit: u64) -> Result<HttpResponse, TransportError> {
            let client = self.client.as_ref().map_err(unreachable)?;
            let mut builder = match request.method {
                Method::Get => client.get(&request.url),
                Method::Post => client.post(&request.url),
                Method::Put => client.put(&request.url),
            };
            if let Some(token) = &request.bearer {
                builder = builder.bearer_auth(token);
            }
            if let Some(content_type) = request.content_type {
                builder = builder.header("content-type", content_type);
            }
            if let Some(range) = &request.content_range {
                builder = builder.header("content-range", range);
            }
            if request.method != Method::Get {
                builder = builder.body(request.body);
            }
            let response = builder.send().map_err(unreachable)?;
            if response.content_length().is_some_and(|n| n > limit) {
                return Err(TransportError::TooLarge(limit));
            }
            let status = response.status().as_u16();
            let retry_after_secs = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let mut body = Vec::new();
            response
                .take(limit + 1)
                .read_to_end(&mut body)
                .map_err(unreachable)?;
            if body.len() as u64 > limit {
                return Err(TransportError::TooLarge(limit));
            }
            Ok(HttpResponse {
                status,
                retry_after_secs,
                body,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Answers every request with one canned response and records requests.
    #[derive(Debug)]
    struct Canned {
        answer: HttpResponse,
        seen: Mutex<Vec<HttpRequest>>,
    }

    impl Transport for Canned {
        fn send(&self, request: HttpRequest, _: u64) -> Result<HttpResponse, TransportError> {
            self.seen.lock().expect("lock").push(request);
            Ok(self.answer.clone())
        }
    }

    fn answering(status: u16, retry_after_secs: Option<u64>, body: &str) -> Arc<Canned> {
        Arc::new(Canned {
            answer: HttpResponse {
                status,
                retry_after_secs,
                body: body.as_bytes().to_vec(),
            },
            seen: Mutex::new(Vec::new()),
        })
    }

    #[test]
    fn statuses_map_to_errors_with_the_servers_words() {
        let body = r#"{"error":"x","message":"the words"}"#;
        let cases = [
            (401, "Unauthorized"),
            (403, "Refused"),
            (413, "Refused"),
            (500, "Server"),
            (429, "Busy"),
            (503, "Busy"),
        ];
        for (status, kind) in cases {
            let transport = answering(status, Some(7), body);
            let client = HttpClient::new(transport, "http://s", Some("t"));
            let error = client.get_json::<serde_json::Value>("/x").unwrap_err();
            assert!(
                format!("{error:?}").starts_with(kind),
                "{status}: {error:?}"
            );
            assert!(error.to_string().contains("the words"), "{status}: {error}");
        }
    }

    #[test]
    fn busy_answers_carry_retry_after() {
        let client = HttpClient::new(answering(429, Some(30), "{}"), "http://s", None);
        let error = client.get_json::<serde_json::Value>("/x").unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
        assert!(error.is_transient());
    }

    #[test]
    fn requests_carry_the_token_url_and_json() {
        let transport = answering(200, None, r#"{"ok":true}"#);
        let client = HttpClient::new(transport.clone(), "http://s/", Some("tok"));
        let answer: serde_json::Value = client
            .post_json("/v1/x", &serde_json::json!({"a": 1}))
            .expect("ok");
        assert_eq!(answer["ok"], true);
        let seen = transport.seen.lock().expect("lock");
        assert_eq!(seen[0].url, "http://s/v1/x");
        assert_eq!(seen[0].bearer.as_deref(), Some("tok"));
        assert_eq!(seen[0].content_type, Some("application/json"));
        assert_eq!(seen[0].body, br#"{"a":1}"#);
    }

    #[test]
    fn without_a_transport_every_call_is_offline() {
        let client = HttpClient::new(Arc::new(NoTransport), "http://s", None);
        let error = client.get_json::<serde_json::Value>("/x").unwrap_err();
        assert!(matches!(error, SyncError::Offline(_)));
    }
}
