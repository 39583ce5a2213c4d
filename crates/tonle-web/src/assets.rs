//! Static files, compiled into the binary: nothing is fetched from elsewhere at run time.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "tonle.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/tonle.css"),
    },
    Asset {
        name: "tonle.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/tonle.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
    Asset {
        name: "fonts/NotoSansKhmer-Regular.ttf",
        content_type: "font/ttf",
        body: include_bytes!("../assets/fonts/NotoSansKhmer-Regular.ttf"),
    },
    Asset {
        name: "fonts/NotoSansKhmer-Bold.ttf",
        content_type: "font/ttf",
        body: include_bytes!("../assets/fonts/NotoSansKhmer-Bold.ttf"),
    },
    Asset {
        name: "fonts/OFL.txt",
        content_type: "text/plain; charset=utf-8",
        body: include_bytes!("../assets/fonts/OFL.txt"),
    },
];

pub async fn asset(Path(name): Path<String>) -> Result<Response, WebError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (CONTENT_TYPE, asset.content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        asset.body,
    )
        .into_response())
}
