//! Attachments of a person (photos and documents): which files are accepted and what their names
//! become. Both functions here read outside input (a file's bytes, a name the browser sent), so
//! they are pure, total and fuzzed (`fuzz/fuzz_targets/attachment_input.rs`).

/// The largest file accepted. Photos from a phone camera fit; a scan of many pages may not.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// The longest file name kept, in characters (the extension included).
pub const MAX_NAME_CHARS: usize = 120;

/// What an attachment is for; a photo needs the person's consent to photographs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Photo,
    Document,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 2] = [AttachmentKind::Photo, AttachmentKind::Document];

    pub fn code(self) -> &'static str {
        match self {
            AttachmentKind::Photo => "photo",
            AttachmentKind::Document => "document",
        }
    }

    pub fn from_code(code: &str) -> Option<AttachmentKind> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            AttachmentKind::Photo => "attachment-kind-photo",
            AttachmentKind::Document => "attachment-kind-document",
        }
    }

    /// Whether a file of `content_type` can be this kind (a photo is an image).
    pub fn accepts(self, content_type: ContentType) -> bool {
        match self {
            AttachmentKind::Photo => content_type.is_image(),
            AttachmentKind::Document => true,
        }
    }
}

/// The only types of file kept, known from their first bytes, never from the browser's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    Jpeg,
    Png,
    Pdf,
}

impl ContentType {
    pub const ALL: [ContentType; 3] = [ContentType::Jpeg, ContentType::Png, ContentType::Pdf];

    /// The media type sent with the file (and stored: the column holds only these).
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
            ContentType::Pdf => "application/pdf",
        }
    }

    pub fn from_mime(mime: &str) -> Option<ContentType> {
        Self::ALL.into_iter().find(|t| t.mime() == mime)
    }

    pub fn is_image(self) -> bool {
        matches!(self, ContentType::Jpeg | ContentType::Png)
    }

    /// File-name extensions of this type, the usual one first.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ContentType::Jpeg => &["jpg", "jpeg"],
            ContentType::Png => &["png"],
            ContentType::Pdf => &["pdf"],
        }
    }

    /// The type of `bytes` by their signature, if it is one we keep. A PDF must start with its
    /// header (readers accept junk before it, but that is how HTML hides in a "PDF").
    pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(b"\xFF\xD8\xFF") {
            Some(ContentType::Jpeg)
        } else if bytes.starts_with(PNG) {
            Some(ContentType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(ContentType::Pdf)
        } else {
            None
        }
    }
}

/// Characters that mean something to a file system or a shell on some system, or that make
/// a name read differently from what it is (bidirectional overrides: "gpj.exe" shown as
/// "exe.jpg").
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '/' | '\\')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || c == '\u{FEFF}'
}

/// A name safe to store, show and offer as a download: the last part of whatever path the
/// browser sent, without control or reserved characters, not starting with a dot, at most
/// [`MAX_NAME_CHARS`] characters, and ending with an extension of `content_type` (a "photo.html"
/// that is a PNG becomes "photo.html.png"). It is never used as a path.
pub fn safe_file_name(raw: &str, content_type: ContentType) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut cleaned = String::with_capacity(base.len());
    for c in base.chars().map(|c| if unsafe_char(c) { '_' } else { c }) {
        // No ".." anywhere, even where it could not climb: nothing reading the name has to ask.
        if !(c == '.' && cleaned.ends_with('.')) {
            cleaned.push(c);
        }
    }
    // Dots and spaces at the ends hide a name or an extension (".htaccess", "a.pdf ").
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c == '_' || c.is_whitespace());
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext))
            if content_type
                .extensions()
                .contains(&ext.to_lowercase().as_str()) =>
        {
            (stem, ext.to_lowercase())
        }
        _ => (cleaned, content_type.extensions()[0].to_owned()),
    };
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let room = MAX_NAME_CHARS - ext.chars().count() - 1;
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if stem.is_empty() { "file" } else { stem };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn types_are_known_by_their_first_bytes() {
        assert_eq!(
            ContentType::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(ContentType::Jpeg)
        );
        assert_eq!(
            ContentType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ContentType::Png)
        );
        assert_eq!(ContentType::sniff(b"%PDF-1.7\n"), Some(ContentType::Pdf));
        assert_eq!(ContentType::sniff(b"<html><script>"), None);
        assert_eq!(ContentType::sniff(b" %PDF-1.7"), None);
        assert_eq!(ContentType::sniff(b"GIF89a"), None);
        assert_eq!(ContentType::sniff(b""), None);
        assert_eq!(ContentType::sniff(b"\xFF\xD8"), None);
        for t in ContentType::ALL {
            assert_eq!(ContentType::from_mime(t.mime()), Some(t));
        }
        assert_eq!(ContentType::from_mime("text/html"), None);
        assert!(AttachmentKind::Photo.accepts(ContentType::Png));
        assert!(!AttachmentKind::Photo.accepts(ContentType::Pdf));
        assert!(AttachmentKind::Document.accepts(ContentType::Jpeg));
    }

    #[test]
    fn names_lose_their_path_and_anything_that_could_mislead() {
        let jpg = ContentType::Jpeg;
        assert_eq!(
            safe_file_name("sreymom_passport.jpg", jpg),
            "sreymom_passport.jpg"
        );
        assert_eq!(safe_file_name("Photo.JPEG", jpg), "Photo.jpeg");
        assert_eq!(safe_file_name("../../etc/passwd", jpg), "passwd.jpg");
        assert_eq!(safe_file_name("..\\..\\boot.ini", jpg), "boot.ini.jpg");
        assert_eq!(safe_file_name("C:\\Users\\x\\a.jpg", jpg), "a.jpg");
        assert_eq!(safe_file_name("..", jpg), "file.jpg");
        assert_eq!(safe_file_name("a..b...jpg", jpg), "a.b.jpg");
        assert_eq!(safe_file_name("", ContentType::Pdf), "file.pdf");
        assert_eq!(safe_file_name(".htaccess", jpg), "htaccess.jpg");
        assert_eq!(safe_file_name("a\0b\nc\r.jpg", jpg), "a_b_c_.jpg");
        assert_eq!(safe_file_name("x\u{202E}gpj.exe", jpg), "x_gpj.exe.jpg");
        assert_eq!(
            safe_file_name("report.pdf ", ContentType::Pdf),
            "report.pdf"
        );
        assert_eq!(
            safe_file_name("evil.html", ContentType::Png),
            "evil.html.png"
        );
        assert_eq!(safe_file_name("រូបថត.png", ContentType::Png), "រូបថត.png");
        let long = "a".repeat(1000) + ".pdf";
        let name = safe_file_name(&long, ContentType::Pdf);
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with(".pdf"));
    }

    proptest! {
        #[test]
        fn any_name_becomes_a_safe_one(raw in any::<String>(), t in 0usize..3) {
            let t = ContentType::ALL[t];
            let name = safe_file_name(&raw, t);
            prop_assert!(!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS);
            prop_assert!(!name.chars().any(unsafe_char));
            prop_assert!(!name.starts_with('.'));
            prop_assert!(!name.contains(".."));
            prop_assert_eq!(safe_file_name(&name, t), name);
        }
    }
}
