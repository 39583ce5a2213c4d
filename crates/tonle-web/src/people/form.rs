//! Registering a person and changing their details: one form, which keeps everything typed
//! when it is refused and marks each field with its message.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tonle_domain::access::Action;
use tonle_domain::ids::{OrgId, PersonId};
use tonle_domain::people::Sex;
use tonle_domain::places::PlaceCode;
use tonle_store::people::Person;

use super::input::PersonForm;
use super::{org_name, person_id};
use crate::error::WebError;
use crate::page::{FieldErrors, Page, render_form};
use crate::places::PlacePicker;
use crate::state::AppState;
use crate::viewer::Member;

/// One input of the form.
pub struct Field {
    pub name: &'static str,
    pub label_key: &'static str,
    pub hint_key: Option<&'static str>,
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub khmer: bool,
    pub value: String,
    pub error: Option<&'static str>,
}

fn field(name: &'static str, label_key: &'static str, value: &str, errors: &FieldErrors) -> Field {
    Field {
        name,
        label_key,
        hint_key: None,
        kind: "text",
        inputmode: "text",
        khmer: false,
        value: value.to_owned(),
        error: errors.get(name),
    }
}

impl Field {
    fn khmer(mut self) -> Self {
        self.khmer = true;
        self
    }

    fn kind(mut self, kind: &'static str, inputmode: &'static str) -> Self {
        self.kind = kind;
        self.inputmode = inputmode;
        self
    }

    fn hint(mut self, key: &'static str) -> Self {
        self.hint_key = Some(key);
        self
    }
}

#[derive(Template)]
#[template(path = "people/form.html")]
struct FormPage {
    page: Page,
    action: String,
    cancel: String,
    submit_key: &'static str,
    /// Organisations the person may be registered in (id, name); empty when editing.
    orgs: Vec<(String, String)>,
    form: PersonForm,
    names: Vec<Field>,
    birth: Vec<Field>,
    contact: Vec<Field>,
    sexes: Vec<(&'static str, &'static str)>,
    origin: PlacePicker,
    current: PlacePicker,
    errors: FieldErrors,
}

/// New or existing: where the form goes and what it says.
enum Mode {
    New,
    Edit(PersonId),
}

async fn form_page(
    state: &AppState,
    member: &Member,
    mode: Mode,
    form: PersonForm,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let (title, action, cancel, submit_key) = match mode {
        Mode::New => (
            "people-new-title",
            "/people".to_owned(),
            "/people".to_owned(),
            "people-register",
        ),
        Mode::Edit(id) => (
            "people-edit-title",
            format!("/people/{id}"),
            format!("/people/{id}"),
            "save",
        ),
    };
    let page = Page::member(member, title, "/people");
    let orgs = match mode {
        Mode::New => member
            .scope()
            .orgs_for(Action::EditPeople)
            .into_iter()
            .map(|o| (o.to_string(), org_name(member, o)))
            .collect(),
        Mode::Edit(_) => Vec::new(),
    };
    let picker = |code: Option<PlaceCode>, prefix, legend| async move {
        let lineage = match code {
            Some(code) => state.store.place_lineage(&code).await?,
            None => Vec::new(),
        };
        PlacePicker::build_named(state, member.language, &lineage, prefix, legend, 3).await
    };
    let origin = picker(form.origin(), "origin_", "person-origin").await?;
    let current = picker(form.current(), "current_", "person-current").await?;
    let e = &errors;
    let names = vec![
        field(
            "family_name_km",
            "person-family-name-km",
            &form.family_name_km,
            e,
        )
        .khmer(),
        field(
            "given_name_km",
            "person-given-name-km",
            &form.given_name_km,
            e,
        )
        .khmer(),
        field(
            "family_name_latin",
            "person-family-name-latin",
            &form.family_name_latin,
            e,
        ),
        field(
            "given_name_latin",
            "person-given-name-latin",
            &form.given_name_latin,
            e,
        ),
    ];
    let birth = vec![
        field(
            "date_of_birth",
            "person-date-of-birth",
            &form.date_of_birth,
            e,
        )
        .kind("date", "numeric")
        .hint("person-date-of-birth-hint"),
        field(
            "estimated_age",
            "person-estimated-age",
            &form.estimated_age,
            e,
        )
        .kind("text", "numeric")
        .hint("person-estimated-age-hint"),
        field("nationality", "person-nationality", &form.nationality, e)
            .hint("person-nationality-hint"),
    ];
    let contact = vec![
        field("phone", "person-phone", &form.phone, e).kind("tel", "tel"),
        field("address", "person-address", &form.address, e).hint("person-address-hint"),
    ];
    let sexes = Sex::ALL.iter().map(|s| (s.code(), s.label_key())).collect();
    let refused = !errors.is_empty();
    render_form(
        &FormPage {
            page,
            action,
            cancel,
            submit_key,
            orgs,
            form,
            names,
            birth,
            contact,
            sexes,
            origin,
            current,
            errors,
        },
        refused,
    )
}

/// `GET /people/new`.
pub async fn new(State(state): State<AppState>, member: Member) -> Result<Response, WebError> {
    let orgs = member.scope().orgs_for(Action::EditPeople);
    let Some(first) = orgs.first() else {
        return Err(WebError::Forbidden);
    };
    let form = PersonForm {
        // One organisation: nothing to choose.
        org: if orgs.len() == 1 {
            first.to_string()
        } else {
            String::new()
        },
        ..PersonForm::default()
    };
    form_page(&state, &member, Mode::New, form, FieldErrors::default()).await
}

/// `POST /people`: registers a person and opens their record.
pub async fn create(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let scope = member.scope();
    let orgs = scope.orgs_for(Action::EditPeople);
    if orgs.is_empty() {
        return Err(WebError::Forbidden);
    }
    if !form.refine.is_empty() {
        return form_page(&state, &member, Mode::New, form, FieldErrors::default()).await;
    }
    let org = form.org.parse::<OrgId>().ok().filter(|o| orgs.contains(o));
    let mut errors = match form.parse() {
        Ok(details) => match org {
            Some(org) => {
                let id = state
                    .store
                    .create_person(&member.actor(), &scope, org, &details, Utc::now())
                    .await?;
                return Ok(Redirect::to(&format!("/people/{id}?done=added")).into_response());
            }
            None => FieldErrors::default(),
        },
        Err(errors) => errors,
    };
    if org.is_none() {
        errors.0.insert(0, ("org", "error-choose"));
    }
    form_page(&state, &member, Mode::New, form, errors).await
}

/// The person, if the user may change their details (erased details cannot be changed).
/// `shown`: the details go on the page (a view, audited); otherwise only checked before a
/// change that is audited itself.
async fn editable(
    state: &AppState,
    member: &Member,
    id: PersonId,
    shown: bool,
) -> Result<Person, WebError> {
    let person = if shown {
        state
            .store
            .view_person(&member.actor(), &member.scope(), id)
            .await?
    } else {
        state.store.find_person(&member.scope(), id).await?
    };
    if !member.scope().allows(person.org, Action::EditPeople) {
        return Err(WebError::Forbidden);
    }
    if person.identity.is_none() {
        return Err(WebError::Refused("error-person-erased"));
    }
    Ok(person)
}

/// `GET /people/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let person = editable(&state, &member, id, true).await?;
    let form = PersonForm::from_person(&person);
    form_page(
        &state,
        &member,
        Mode::Edit(id),
        form,
        FieldErrors::default(),
    )
    .await
}

/// `POST /people/{id}`: saves changed details.
pub async fn update(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    member.check_csrf(&form.csrf)?;
    editable(&state, &member, id, false).await?;
    if !form.refine.is_empty() {
        return form_page(
            &state,
            &member,
            Mode::Edit(id),
            form,
            FieldErrors::default(),
        )
        .await;
    }
    match form.parse() {
        Ok(details) => {
            state
                .store
                .update_person(&member.actor(), &member.scope(), id, &details, Utc::now())
                .await?;
            Ok(Redirect::to(&format!("/people/{id}?done=saved")).into_response())
        }
        Err(errors) => form_page(&state, &member, Mode::Edit(id), form, errors).await,
    }
}
