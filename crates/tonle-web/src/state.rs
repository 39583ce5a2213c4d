use std::sync::Arc;

use tonle_store::Store;
use tonle_store::sessions::SessionLimits;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<WebSettings>,
}

#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` and send HSTS (TLS here or at a proxy in front).
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` from a reverse proxy in front (for the client's address).
    pub behind_proxy: bool,
    pub session: SessionLimits,
    pub version: &'static str,
}

impl AppState {
    pub fn new(store: Store, settings: WebSettings) -> Self {
        tonle_protect::password::prepare();
        Self {
            store,
            settings: Arc::new(settings),
        }
    }
}
