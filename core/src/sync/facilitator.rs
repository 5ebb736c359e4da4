//! The facilitator's calls to the sync server: create an audit, create an
//! invite (with its QR code), and list the participants with their last sync.

use qrcode::render::svg;
use qrcode::QrCode;
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use std::time::Duration;

use super::client::SyncError;
use super::protocol::{
    CreateAuditRequest, CreateAuditResponse, CreateInviteRequest, ErrorBody, Invite,
    ParticipantStatus,
};
use crate::ids::DocumentId;
use crate::profile::Session;

fn http() -> Result<Client, SyncError> {
    Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| SyncError::Protocol(e.to_string()))
}

fn url(session: &Session, path: &str) -> String {
    format!("{}{path}", session.server.trim_end_matches('/'))
}

fn read<T: serde::de::DeserializeOwned>(
    sent: Result<Response, reqwest::Error>,
) -> Result<T, SyncError> {
    let response = sent.map_err(|e| SyncError::Offline(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        let message = response
            .json::<ErrorBody>()
            .map(|b| b.message)
            .unwrap_or_else(|_| status.to_string());
        return Err(match status {
            StatusCode::UNAUTHORIZED => SyncError::Unauthorized(message),
            s if s.is_server_error() || s == StatusCode::TOO_MANY_REQUESTS => {
                SyncError::Server(message)
            }
            _ => SyncError::Refused(message),
        });
    }
    response
        .json()
        .map_err(|e| SyncError::Protocol(e.to_string()))
}

/// `POST /v1/audits` with the session's facilitator token: the new audit's id.
pub fn create_audit(
    session: &Session,
    request: &CreateAuditRequest,
) -> Result<DocumentId, SyncError> {
    let sent = http()?
        .post(url(session, "/v1/audits"))
        .bearer_auth(&session.token)
        .json(request)
        .send();
    read::<CreateAuditResponse>(sent).map(|r| r.audit_id)
}

/// `POST /v1/audits/{id}/invites` for the session's audit.
pub fn create_invite(
    session: &Session,
    request: &CreateInviteRequest,
) -> Result<Invite, SyncError> {
    let path = format!("/v1/audits/{}/invites", session.audit_id.as_str());
    let sent = http()?
        .post(url(session, &path))
        .bearer_auth(&session.token)
        .json(request)
        .send();
    read(sent)
}

/// `GET /v1/audits/{id}/participants` for the session's audit.
pub fn participants(session: &Session) -> Result<Vec<ParticipantStatus>, SyncError> {
    let path = format!("/v1/audits/{}/participants", session.audit_id.as_str());
    let sent = http()?
        .get(url(session, &path))
        .bearer_auth(&session.token)
        .send();
    read(sent)
}

/// Why a QR code could not be made.
#[derive(Debug, thiserror::Error)]
#[error("the invite link is too long for a QR code: {0}")]
pub struct QrError(String);

/// The QR code of `text` as a standalone `<svg>` document (black on white,
/// with the quiet zone).
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| QrError(e.to_string()))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::qr_svg;

    #[test]
    fn qr_code_is_an_svg_document() {
        let svg = qr_svg("cityaudit://join?server=http%3A%2F%2F127.0.0.1%3A8787&code=MC3D-Z24Q")
            .expect("qr");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("#000000"));
        assert!(svg.len() > 1000);
    }
}
