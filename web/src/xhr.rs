//! Core's [`Transport`] in a Web Worker: a synchronous `XMLHttpRequest`.
//! Browsers allow synchronous requests (with binary bodies and timeouts)
//! inside workers, so core's blocking sync client runs unchanged; the worker
//! is busy meanwhile, and the page's commands wait for it.

use cityaudit_core::sync::http::{HttpRequest, HttpResponse, Transport, TransportError};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{XmlHttpRequest, XmlHttpRequestResponseType};

/// Longest wait for one answer.
const TIMEOUT_MS: u32 = 60_000;

/// Sends each request with a synchronous `XMLHttpRequest`.
#[derive(Debug, Default, Clone, Copy)]
pub struct XhrTransport;

fn unreachable(error: JsValue) -> TransportError {
    let text = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned());
    TransportError::Unreachable(text)
}

impl Transport for XhrTransport {
    fn send(&self, request: HttpRequest, limit: u64) -> Result<HttpResponse, TransportError> {
        let xhr = XmlHttpRequest::new().map_err(unreachable)?;
        xhr.open_with_async(request.method.as_str(), &request.url, false)
            .map_err(unreachable)?;
        xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
        xhr.set_timeout(TIMEOUT_MS);
        if let Some(token) = &request.bearer {
            xhr.set_request_header("authorization", &format!("Bearer {token}"))
                .map_err(unreachable)?;
        }
        if let Some(content_type) = request.content_type {
            xhr.set_request_header("content-type", content_type)
                .map_err(unreachable)?;
        }
        if let Some(range) = &request.content_range {
            xhr.set_request_header("content-range", range)
                .map_err(unreachable)?;
        }
        if request.body.is_empty() {
            xhr.send().map_err(unreachable)?;
        } else {
            xhr.send_with_opt_u8_array(Some(&request.body))
                .map_err(unreachable)?;
        }
        let status = xhr.status().map_err(unreachable)?;
        if status == 0 {
            return Err(TransportError::Unreachable(
                "no answer from the server".into(),
            ));
        }
        let retry_after_secs = xhr
            .get_response_header("retry-after")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok());
        let body = match xhr
            .response()
            .map_err(unreachable)?
            .dyn_into::<ArrayBuffer>()
        {
            Ok(buffer) => {
                if u64::from(buffer.byte_length()) > limit {
                    return Err(TransportError::TooLarge(limit));
                }
                Uint8Array::new(&buffer).to_vec()
            }
            Err(_) => Vec::new(),
        };
        Ok(HttpResponse {
            status,
            retry_after_secs,
            body,
        })
    }
}
