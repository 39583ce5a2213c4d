//! Photos and documents on a person's record: upload (multipart, its own size limit), download
//! (sent as an attachment, never rendered by the browser) and delete. The store seals, sniffs,
//! sanitises, checks consent and audits; here we read the upload within bounds.

use axum::Form;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tonle_domain::attachments::{AttachmentKind, MAX_ATTACHMENT_BYTES};
use tonle_domain::ids::{AttachmentId, PersonId};
use tonle_store::StoreError;
use tonle_store::attachments::{Attachment, NewAttachment};

use super::consents::ConsentForm;
use super::record::record_page;
use super::{local_time, person_id};
use crate::error::WebError;
use crate::forms::CsrfForm;
use crate::page::{FieldErrors, Page};
use crate::state::AppState;
use crate::viewer::Member;

/// The body limit of the upload route: the largest file plus room for the other fields and
/// the multipart framing. Every other route keeps the app-wide 1 MiB.
pub const UPLOAD_BODY_LIMIT: usize = MAX_ATTACHMENT_BYTES + 64 * 1024;

/// The longest value of a plain field of the upload form (the token, the kind).
const FIELD_LIMIT: usize = 256;

/// An attachment as the record lists it.
pub struct AttachmentRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub size: String,
    pub uploaded: String,
}

/// "840 KB", "1.2 MB": sizes as people read them.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

pub fn rows(page: &Page, list: Vec<Attachment>) -> Vec<AttachmentRow> {
    list.into_iter()
        .map(|a| AttachmentRow {
            id: a.id.0,
            name: a.name,
            kind: page.t(a.kind.label_key()),
            size: size_text(a.size),
            uploaded: local_time(a.uploaded_at),
        })
        .collect()
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    csrf: String,
    kind: String,
    file_name: String,
    content: Vec<u8>,
}

/// Why reading the upload stopped.
enum Unreadable {
    TooLarge,
    Malformed,
}

impl From<MultipartError> for Unreadable {
    fn from(err: MultipartError) -> Self {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unreadable::TooLarge
        } else {
            Unreadable::Malformed
        }
    }
}

impl IntoResponse for Unreadable {
    /// A bare status: the error middleware turns it into a page in the user's language.
    fn into_response(self) -> Response {
        match self {
            Unreadable::TooLarge => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            Unreadable::Malformed => StatusCode::BAD_REQUEST.into_response(),
        }
    }
}

/// Reads a field's bytes, stopping as soon as it passes `limit`.
async fn read_bounded(field: &mut Field<'_>, limit: usize) -> Result<Vec<u8>, Unreadable> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if out.len() + chunk.len() > limit {
            return Err(Unreadable::TooLarge);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, Unreadable> {
    let mut upload = Upload::default();
    while let Some(mut field) = multipart.next_field().await? {
        match field.name().unwrap_or_default() {
            "csrf" | "kind" => {
                let name = field.name().unwrap_or_default().to_owned();
                let bytes = read_bounded(&mut field, FIELD_LIMIT).await?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if name == "csrf" {
                    upload.csrf = text;
                } else {
                    upload.kind = text;
                }
            }
            "file" => {
                // Only kept as a hint for the stored name; the store sanitises it.
                upload.file_name = field.file_name().unwrap_or_default().to_owned();
                upload.content = read_bounded(&mut field, MAX_ATTACHMENT_BYTES).await?;
            }
            _ => {
                read_bounded(&mut field, FIELD_LIMIT).await?;
            }
        }
    }
    Ok(upload)
}

/// `POST /people/{id}/attachments` (multipart).
pub async fn upload_attachment(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let (actor, scope) = (member.actor(), member.scope());
    // Out of scope or not allowed: answered before the body is read.
    state.store.may_attach(&scope, id).await?;
    let Ok(multipart) = multipart else {
        return Ok(Unreadable::Malformed.into_response());
    };
    let upload = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(unreadable) => return Ok(unreadable.into_response()),
    };
    member.check_csrf(&upload.csrf)?;
    let Some(kind) = AttachmentKind::from_code(&upload.kind) else {
        return refused(
            &state,
            &member,
            id,
            FieldErrors::one("kind", "error-choose"),
        )
        .await;
    };
    let new = NewAttachment {
        kind,
        file_name: &upload.file_name,
        content: &upload.content,
    };
    match state
        .store
        .add_attachment(&actor, &scope, id, new, Utc::now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}?done=attachment")).into_response()),
        Err(StoreError::Refused("error-person-erased")) => {
            Err(WebError::Refused("error-person-erased"))
        }
        Err(StoreError::Refused("error-too-large")) => Ok(Unreadable::TooLarge.into_response()),
        Err(StoreError::Refused(key)) => {
            refused(&state, &member, id, FieldErrors::one("file", key)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The record again, with why the file was not kept beside the upload control.
async fn refused(
    state: &AppState,
    member: &Member,
    id: PersonId,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let person = state
        .store
        .view_person(&member.actor(), &member.scope(), id)
        .await?;
    record_page(state, member, person, None, ConsentForm::fresh(), errors).await
}

fn attachment_id(text: &str) -> Result<AttachmentId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// `filename*=UTF-8''…` (RFC 6266 / 8187): every byte but letters, digits and `-._~`
/// percent-encoded, so no quote, semicolon or line break can end the header early.
fn content_disposition(name: &str) -> String {
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename*=UTF-8''{encoded}")
}

/// `GET /people/{id}/attachments/{attachment}`: the file, opened, as a download.
pub async fn download_attachment(
    State(state): State<AppState>,
    member: Member,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let attachment = attachment_id(&attachment)?;
    let file = state
        .store
        .attachment(&member.actor(), &member.scope(), id, attachment)
        .await?;
    let disposition = HeaderValue::from_str(&content_disposition(&file.attachment.name))
        .map_err(|_| WebError::Internal("file name header".into()))?;
    let mut response = Response::new(Body::from(file.content));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.attachment.content_type.mime()),
    );
    h.insert(header::CONTENT_DISPOSITION, disposition);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /people/{id}/attachments/{attachment}/delete`.
pub async fn delete_attachment(
    State(state): State<AppState>,
    member: Member,
    Path((id, attachment)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let attachment = attachment_id(&attachment)?;
    member.check_csrf(&form.csrf)?;
    state
        .store
        .delete_attachment(&member.actor(), &member.scope(), id, attachment, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/people/{id}?done=attachment-deleted")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_cannot_break_the_header() {
        assert_eq!(
            content_disposition("a b\";\r\nx.pdf"),
            "attachment; filename*=UTF-8''a%20b%22%3B%0D%0Ax.pdf"
        );
        assert_eq!(
            content_disposition("រូប.png"),
            "attachment; filename*=UTF-8''%E1%9E%9A%E1%9E%BC%E1%9E%94.png"
        );
        assert_eq!(size_text(10), "10 B");
        assert_eq!(size_text(2048), "2 KB");
        assert_eq!(size_text(3 * 1024 * 1024 / 2), "1.5 MB");
    }
}
