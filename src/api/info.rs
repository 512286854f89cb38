//! `v1/patchbay/info`: Patchbay's own facts for the SPA (redirect URI, sign-in window).
//! Other SeekrFlow-compatible gateways answer 404, which pages treat as "not reported".

use super::{Api, ApiError};
use patchbay_wire::GatewayInfo;

impl Api {
    pub async fn info(self) -> Result<GatewayInfo, ApiError> {
        self.get("/v1/patchbay/info").await
    }
}
