//! The gazetteer in the browser: a place picker (province → district → commune → village) that
//! works with plain form submits and gets quicker with script, and search by Khmer or Latin name.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tonle_domain::language::Language;
use tonle_domain::places::{PlaceCode, PlaceLevel};
use tonle_store::places::Place;

use crate::error::WebError;
use crate::i18n;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Member;

const SEARCH_LIMIT: u64 = 20;

pub struct PickerOption {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

pub struct PickerLevel {
    pub name: &'static str,
    pub label: String,
    pub enabled: bool,
    pub options: Vec<PickerOption>,
}

/// The selects of a place picker, filled down to the chosen place.
pub struct PlacePicker {
    pub levels: Vec<PickerLevel>,
    /// Put before each select's name, so one form can hold two pickers (`origin_province`…).
    pub prefix: &'static str,
    pub legend_key: &'static str,
}

/// A place's name in both scripts, the page's language first.
pub fn place_label(language: Language, place: &Place) -> String {
    match language {
        Language::Km => format!("{} ({})", place.name_km, place.name_latin),
        Language::En => format!("{} ({})", place.name_latin, place.name_km),
    }
}

fn level_key(level: PlaceLevel) -> &'static str {
    match level {
        PlaceLevel::Province => "place-province",
        PlaceLevel::District => "place-district",
        PlaceLevel::Commune => "place-commune",
        PlaceLevel::Village => "place-village",
    }
}

/// Names from province down, in the page's language: `Battambang › Banan`.
pub fn path_text(language: Language, lineage: &[Place]) -> String {
    lineage
        .iter()
        .map(|p| match language {
            Language::Km => p.name_km.as_str(),
            Language::En => p.name_latin.as_str(),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

impl PlacePicker {
    /// Builds the picker for `lineage` (the chosen place and its ancestors, province first).
    pub async fn build(
        state: &AppState,
        language: Language,
        lineage: &[Place],
    ) -> Result<Self, WebError> {
        Self::build_named(state, language, lineage, "", "place-picker-legend", 4).await
    }

    /// A picker whose selects are named `{prefix}{level}`, with only the first `depth` levels.
    pub async fn build_named(
        state: &AppState,
        language: Language,
        lineage: &[Place],
        prefix: &'static str,
        legend_key: &'static str,
        depth: usize,
    ) -> Result<Self, WebError> {
        let mut levels = Vec::with_capacity(depth);
        let mut parent: Option<PlaceCode> = None;
        for (depth, level) in PlaceLevel::ALL.into_iter().take(depth).enumerate() {
            let enabled = depth == 0 || parent.is_some();
            let options = if enabled {
                state.store.place_children(parent.as_ref()).await?
            } else {
                Vec::new()
            };
            let chosen = lineage.get(depth).map(|p| p.code.clone());
            levels.push(PickerLevel {
                name: level.name(),
                label: i18n::tr(language, level_key(level)),
                enabled,
                options: options
                    .iter()
                    .map(|p| PickerOption {
                        selected: Some(&p.code) == chosen.as_ref(),
                        code: p.code.clone(),
                        label: place_label(language, p),
                    })
                    .collect(),
            });
            parent = chosen.and_then(|c| PlaceCode::parse(&c).ok());
        }
        Ok(PlacePicker {
            levels,
            prefix,
            legend_key,
        })
    }
}

/// The four levels of a place picker as submitted (plus the search box on the places page).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PlaceQuery {
    pub province: String,
    pub district: String,
    pub commune: String,
    pub village: String,
    pub q: String,
}

impl PlaceQuery {
    /// The deepest consistent choice: each level counts only if it lies inside the one above,
    /// so changing the province in a no-script form drops a stale district.
    pub fn chosen(&self) -> Option<PlaceCode> {
        let mut chosen: Option<PlaceCode> = None;
        for (text, level) in [
            (&self.province, PlaceLevel::Province),
            (&self.district, PlaceLevel::District),
            (&self.commune, PlaceLevel::Commune),
            (&self.village, PlaceLevel::Village),
        ] {
            if text.trim().is_empty() {
                // A deep link such as `?village=…` leaves the levels above empty.
                if chosen.is_none() {
                    continue;
                }
                break;
            }
            let Ok(code) = PlaceCode::parse(text) else {
                break;
            };
            if code.level() != level {
                break;
            }
            match &chosen {
                Some(above) if code.parent().as_ref() != Some(above) => break,
                _ => chosen = Some(code),
            }
        }
        chosen
    }
}

pub struct ChosenPlace {
    title: String,
    level: String,
    name_km: String,
    name_latin: String,
    code: String,
    path: String,
}

pub struct Hit {
    label: String,
    path: String,
    href: String,
}

#[derive(Template)]
#[template(path = "places/index.html")]
struct PlacesPage {
    page: Page,
    picker: PlacePicker,
    q: String,
    searched: bool,
    hits: Vec<Hit>,
    chosen: Option<ChosenPlace>,
}

pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<PlaceQuery>,
) -> Result<Response, WebError> {
    let lang = member.language;
    let lineage = match query.chosen() {
        Some(code) => state.store.place_lineage(&code).await?,
        None => Vec::new(),
    };
    let chosen = lineage.last().map(|p| ChosenPlace {
        title: place_label(lang, p),
        level: i18n::tr(lang, level_key(p.level)),
        name_km: p.name_km.clone(),
        name_latin: p.name_latin.clone(),
        code: p.code.clone(),
        path: path_text(lang, &lineage),
    });
    let hits = search_hits(&state, lang, &query.q).await?;
    let template = PlacesPage {
        page: Page::member(&member, "places-title", "/places"),
        picker: PlacePicker::build(&state, lang, &lineage).await?,
        searched: !query.q.trim().is_empty(),
        q: query.q,
        hits,
        chosen,
    };
    render(&template)
}

async fn search_hits(state: &AppState, lang: Language, q: &str) -> Result<Vec<Hit>, WebError> {
    Ok(state
        .store
        .search_places(q, SEARCH_LIMIT)
        .await?
        .into_iter()
        .map(|hit| Hit {
            label: place_label(lang, &hit.place),
            path: if hit.ancestors.is_empty() {
                i18n::tr(lang, level_key(hit.place.level))
            } else {
                format!(
                    "{} · {}",
                    i18n::tr(lang, level_key(hit.place.level)),
                    path_text(lang, &hit.ancestors)
                )
            },
            href: format!("/places?{}={}", hit.place.level.name(), hit.place.code),
        })
        .collect())
}

#[derive(Default, Debug, Deserialize)]
#[serde(default)]
pub struct ChildrenQuery {
    parent: String,
}

#[derive(Serialize)]
pub struct OptionJson {
    code: String,
    label: String,
}

/// `GET /places/children?parent=CODE`: the options for the next select.
pub async fn children(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<ChildrenQuery>,
) -> Result<Json<Vec<OptionJson>>, WebError> {
    let parent = if query.parent.trim().is_empty() {
        None
    } else {
        Some(PlaceCode::parse(&query.parent).map_err(|_| WebError::NotFound)?)
    };
    let places = state.store.place_children(parent.as_ref()).await?;
    Ok(Json(
        places
            .iter()
            .map(|p| OptionJson {
                code: p.code.clone(),
                label: place_label(member.language, p),
            })
            .collect(),
    ))
}

#[derive(Default, Debug, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

#[derive(Serialize)]
pub struct HitJson {
    label: String,
    path: String,
    href: String,
}

/// `GET /places/search?q=TEXT`: search-as-you-type.
pub async fn search(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<HitJson>>, WebError> {
    let hits = search_hits(&state, member.language, &query.q).await?;
    Ok(Json(
        hits.into_iter()
            .map(|h| HitJson {
                label: h.label,
                path: h.path,
                href: h.href,
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(province: &str, district: &str, commune: &str, village: &str) -> Option<String> {
        PlaceQuery {
            province: province.into(),
            district: district.into(),
            commune: commune.into(),
            village: village.into(),
            q: String::new(),
        }
        .chosen()
        .map(String::from)
    }

    #[test]
    fn chosen_place_is_the_deepest_consistent_one() {
        assert_eq!(q("", "", "", ""), None);
        assert_eq!(q("01", "", "", ""), Some("01".into()));
        assert_eq!(
            q("01", "0102", "010201", "01020101"),
            Some("01020101".into())
        );
        // The province changed; the old district no longer fits.
        assert_eq!(q("02", "0102", "010201", ""), Some("02".into()));
        // Deep links without the levels above.
        assert_eq!(q("", "", "", "01020101"), Some("01020101".into()));
        assert_eq!(q("x", "", "", ""), None);
    }
}
