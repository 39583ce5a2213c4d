//! Photos and documents of a person. The file's name ("sreymom_passport.jpg" says whose it is)
//! and its content are sealed with the person's data key, bound to the attachment's place
//! (`person:42/attachment:7`). Only the kind, type, size and who uploaded it stay in clear.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use tonle_domain::access::{Action, Scope};
use tonle_domain::attachments::{
    AttachmentKind, ContentType, MAX_ATTACHMENT_BYTES, safe_file_name,
};
use tonle_domain::consent::Purpose;
use tonle_domain::ids::{AttachmentId, PersonId, UserId};
use tonle_protect::crypto::{self, DataKey};

use crate::audit::{Actor, Event};
use crate::entities::attachment;
use crate::people::keys::data_key;
use crate::{Store, StoreError};

/// What the record lists of an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub person: PersonId,
    pub kind: AttachmentKind,
    pub content_type: ContentType,
    pub size: u64,
    /// Sanitised when stored: never a path.
    pub name: String,
    pub uploaded_by: UserId,
    pub uploaded_at: DateTime<Utc>,
}

/// An attachment with its content, for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFile {
    pub attachment: Attachment,
    pub content: Vec<u8>,
}

/// A file as uploaded: the name is the browser's (sanitised here), the type is sniffed here.
#[derive(Debug, Clone, Copy)]
pub struct NewAttachment<'a> {
    pub kind: AttachmentKind,
    pub file_name: &'a str,
    pub content: &'a [u8],
}

fn content_context(person: i64, id: i64) -> String {
    format!("person:{person}/attachment:{id}")
}

fn name_context(person: i64, id: i64) -> String {
    format!("person:{person}/attachment:{id}/name")
}

/// Checks an upload against the rules that need no database: not empty, not too large, of a
/// type we keep, and for a photo an image. Returns the sniffed type.
fn check(new: &NewAttachment<'_>) -> Result<ContentType, StoreError> {
    if new.content.is_empty() {
        return Err(StoreError::Refused("error-attachment-empty"));
    }
    if new.content.len() > MAX_ATTACHMENT_BYTES {
        return Err(StoreError::Refused("error-too-large"));
    }
    let content_type =
        ContentType::sniff(new.content).ok_or(StoreError::Refused("error-attachment-type"))?;
    if !new.kind.accepts(content_type) {
        return Err(StoreError::Refused("error-attachment-photo-type"));
    }
    Ok(content_type)
}

#[allow(clippy::too_many_arguments)]
fn attachment(
    key: &DataKey,
    id: i64,
    person: i64,
    kind: &str,
    size: i64,
    content_type: &str,
    sealed_name: &[u8],
    uploaded_by: i64,
    uploaded_at: DateTime<Utc>,
) -> Result<Attachment, StoreError> {
    let name = crypto::open(key, &name_context(person, id), sealed_name)?;
    let damaged = || StoreError::Crypto(crypto::CryptoError::Damaged);
    Ok(Attachment {
        id: AttachmentId(id),
        person: PersonId(person),
        kind: AttachmentKind::from_code(kind).ok_or_else(damaged)?,
        content_type: ContentType::from_mime(content_type).ok_or_else(damaged)?,
        size: size.max(0) as u64,
        name: String::from_utf8(name).map_err(|_| damaged())?,
        uploaded_by: UserId(uploaded_by),
        uploaded_at,
    })
}

/// Deletes every attachment of a person (when she is erased), in the caller's transaction.
pub(crate) async fn delete_all_of<C: ConnectionTrait>(
    txn: &C,
    person: PersonId,
) -> Result<(), StoreError> {
    attachment::Entity::delete_many()
        .filter(attachment::Column::PersonId.eq(person.0))
        .exec(txn)
        .await?;
    Ok(())
}

impl Store {
    /// Whether this user may attach files to this person, asked before an upload is read (no
    /// data is returned, so nothing is audited): `NotFound` out of scope, `Forbidden` for a
    /// role that may only look, refused once she is erased.
    pub async fn may_attach(&self, scope: &Scope, person: PersonId) -> Result<(), StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        if found.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        Ok(())
    }

    /// Attaches a file to a person's record. A photo needs her consent to photographs in force.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        new: NewAttachment<'_>,
        now: DateTime<Utc>,
    ) -> Result<AttachmentId, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        if found.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        let content_type = check(&new)?;
        if new.kind == AttachmentKind::Photo
            && !self
                .consent_in_force(
                    person,
                    Purpose::Photographs,
                    None,
                    tonle_domain::time::local_date(now),
                )
                .await?
        {
            return Err(StoreError::Refused("error-attachment-consent"));
        }
        let name = safe_file_name(new.file_name, content_type);
        let ring = self.keys()?;
        let txn = self.db().begin().await?;
        crate::people::hold_unerased(&txn, person, now).await?;
        let key = data_key(&txn, &ring, person.0).await?;
        let row = attachment::ActiveModel {
            org_id: Set(found.org.0),
            person_id: Set(person.0),
            kind: Set(new.kind.code().to_owned()),
            size: Set(new.content.len() as i64),
            content_type: Set(content_type.mime().to_owned()),
            name: Set(Vec::new()),
            content: Set(Vec::new()),
            uploaded_by: Set(scope.user.0),
            uploaded_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // Sealed once the id is known, so each value is bound to its own row.
        let id = row.id;
        attachment::ActiveModel {
            id: Set(id),
            name: Set(crypto::seal(
                &key,
                &name_context(person.0, id),
                name.as_bytes(),
            )),
            content: Set(crypto::seal(
                &key,
                &content_context(person.0, id),
                new.content,
            )),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        let fields = [new.kind.code()];
        let event = Event::new("attachment.add")
            .on("person", person.0, found.org)
            .fields(&fields);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(AttachmentId(id))
    }

    /// A person's attachments, newest first, without their content; reading their names is
    /// audited.
    pub async fn attachments_of(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
    ) -> Result<Vec<Attachment>, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if found.identity.is_none() {
            return Ok(Vec::new());
        }
        type Row = (i64, String, i64, String, Vec<u8>, i64, DateTime<Utc>);
        let rows: Vec<Row> = attachment::Entity::find()
            .select_only()
            .columns([
                attachment::Column::Id,
                attachment::Column::Kind,
                attachment::Column::Size,
                attachment::Column::ContentType,
                attachment::Column::Name,
                attachment::Column::UploadedBy,
                attachment::Column::UploadedAt,
            ])
            .filter(attachment::Column::PersonId.eq(person.0))
            .filter(attachment::Column::OrgId.eq(found.org.0))
            .order_by_desc(attachment::Column::Id)
            .into_tuple()
            .all(self.db())
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ring = self.keys()?;
        let key = data_key(self.db(), &ring, person.0).await?;
        let list = rows
            .into_iter()
            .map(|(id, kind, size, mime, name, by, at)| {
                attachment(&key, id, person.0, &kind, size, &mime, &name, by, at)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let event = Event::new("attachment.list")
            .on("person", person.0, found.org)
            .fields(&["attachment_names"]);
        self.audit(actor, &event).await?;
        Ok(list)
    }

    /// One attachment with its content, opened; the read is audited.
    pub async fn attachment(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        id: AttachmentId,
    ) -> Result<AttachmentFile, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        let row = attachment::Entity::find_by_id(id.0)
            .filter(attachment::Column::PersonId.eq(person.0))
            .filter(attachment::Column::OrgId.eq(found.org.0))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let ring = self.keys()?;
        let key = data_key(self.db(), &ring, person.0).await?;
        let info = attachment(
            &key,
            row.id,
            row.person_id,
            &row.kind,
            row.size,
            &row.content_type,
            &row.name,
            row.uploaded_by,
            row.uploaded_at,
        )?;
        let content = crypto::open(&key, &content_context(person.0, row.id), &row.content)?;
        let fields = [row.kind.as_str()];
        let event = Event::new("attachment.view")
            .on("person", person.0, found.org)
            .fields(&fields);
        self.audit(actor, &event).await?;
        Ok(AttachmentFile {
            attachment: info,
            content,
        })
    }

    /// Deletes one attachment of a person.
    pub async fn delete_attachment(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        id: AttachmentId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        let txn = self.db().begin().await?;
        let row: Option<String> = attachment::Entity::find_by_id(id.0)
            .select_only()
            .column(attachment::Column::Kind)
            .filter(attachment::Column::PersonId.eq(person.0))
            .filter(attachment::Column::OrgId.eq(found.org.0))
            .into_tuple()
            .one(&txn)
            .await?;
        let kind = row.ok_or(StoreError::NotFound)?;
        attachment::Entity::delete_by_id(id.0).exec(&txn).await?;
        let fields = [kind.as_str()];
        let event = Event::new("attachment.delete")
            .on("person", person.0, found.org)
            .fields(&fields);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_checked_before_the_database() {
        let new = |kind, content: &'static [u8]| NewAttachment {
            kind,
            file_name: "x.jpg",
            content,
        };
        let refused = |r: Result<ContentType, StoreError>| match r {
            Err(StoreError::Refused(key)) => key,
            other => panic!("not refused: {other:?}"),
        };
        assert_eq!(
            refused(check(&new(AttachmentKind::Document, b""))),
            "error-attachment-empty"
        );
        assert_eq!(
            refused(check(&new(AttachmentKind::Photo, b"<html>"))),
            "error-attachment-type"
        );
        assert_eq!(
            refused(check(&new(AttachmentKind::Photo, b"%PDF-1.4"))),
            "error-attachment-photo-type"
        );
        assert!(matches!(
            check(&new(AttachmentKind::Document, b"%PDF-1.4")),
            Ok(ContentType::Pdf)
        ));
    }
}
