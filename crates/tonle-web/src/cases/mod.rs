//! Cases: opened from a person's record, moved through the HTCDS workflow, assigned, and
//! identified. The store checks scope and the domain the workflow; here we decide what to show.

mod identify;
mod list;
mod open;
mod show;

use tonle_domain::identification::CodeList;
use tonle_domain::ids::CaseId;
use tonle_domain::language::Language;

use crate::error::WebError;

pub use identify::save_identification;
pub use list::index;
pub use open::{OnRecord, on_record, open};
pub use show::{assign, show, step};

/// An id from the address; anything that is not one is simply not there.
fn case_id(text: &str) -> Result<CaseId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// One option of a select or checkbox list.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// A code list's options in the page's language, with `chosen` selected.
fn choices(list: CodeList, lang: Language, chosen: &[&str]) -> Vec<Choice> {
    list.entries()
        .iter()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label(lang).to_owned(),
            selected: chosen.contains(&e.code.as_str()),
        })
        .collect()
}
