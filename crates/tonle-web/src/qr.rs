//! A QR code as an SVG `data:` image (the CSP allows `img-src data:`; no script, no PNG encoder).

use qrcodegen::{QrCode, QrCodeEcc};

/// An `<img src>` value showing `text` as a QR code, or `None` if it does not fit one.
pub fn data_url(text: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    );
    // Percent-encode what a data URL must not carry raw.
    let encoded: String = svg
        .chars()
        .map(|c| match c {
            '"' => "'".to_owned(),
            '#' => "%23".to_owned(),
            '<' => "%3C".to_owned(),
            '>' => "%3E".to_owned(),
            c => c.to_string(),
        })
        .collect();
    Some(format!("data:image/svg+xml,{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_an_svg_data_url() {
        let url =
            data_url("otpauth://totp/Tonle:sokha?secret=ABC&issuer=Tonle").unwrap_or_default();
        assert!(url.starts_with("data:image/svg+xml,%3Csvg"));
        assert!(!url.contains('"') && !url.contains('<'));
    }
}
