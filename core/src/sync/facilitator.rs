//! The facilitator's calls to the sync server: create an audit, create an
//! invite (with its QR code), list the participants with their last sync,
//! and redeem a reader invite to an earlier audit.

use qrcode::render::svg;
use qrcode::QrCode;

use super::client::{SyncClient, SyncError};
use super::protocol::{
    CreateAuditRequest, CreateAuditResponse, CreateInviteRequest, EarlierAudit, Invite,
    ParticipantStatus, RedeemReaderRequest,
};
use crate::ids::DocumentId;

impl SyncClient {
    /// `POST /v1/audits` with the session's facilitator token: the new audit's id.
    pub fn create_audit(&self, request: &CreateAuditRequest) -> Result<DocumentId, SyncError> {
        self.http
            .post_json::<_, CreateAuditResponse>("/v1/audits", request)
            .map(|r| r.audit_id)
    }

    /// `POST /v1/audits/{id}/invites`.
    pub fn create_invite(
        &self,
        audit_id: &DocumentId,
        request: &CreateInviteRequest,
    ) -> Result<Invite, SyncError> {
        let path = format!("/v1/audits/{}/invites", audit_id.as_str());
        self.http.post_json(&path, request)
    }

    /// `POST /v1/readers`: redeems a reader invite to an earlier audit,
    /// which the next sync then brings (read-only).
    pub fn redeem_reader(&self, code: &str) -> Result<EarlierAudit, SyncError> {
        let request = RedeemReaderRequest {
            code: code.to_owned(),
        };
        self.http.post_json("/v1/readers", &request)
    }

    /// `GET /v1/audits/{id}/participants`.
    pub fn participants(&self, audit_id: &DocumentId) -> Result<Vec<ParticipantStatus>, SyncError> {
        let path = format!("/v1/audits/{}/participants", audit_id.as_str());
        self.http.get_json(&path)
    }
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
