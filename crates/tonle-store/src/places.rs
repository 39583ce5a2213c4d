//! Cambodia's gazetteer: loading it, walking it level by level, and searching it by name.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::Serialize;
use tonle_domain::places::{PlaceCode, PlaceLevel};
use tonle_domain::text;

use crate::entities::place;
use crate::{Store, StoreError};

/// The gazetteer shipped with Tonle (MIT licence beside the file).
const GAZETTEER_CSV: &str = include_str!("../../../data/places/cambodia-admin-units.csv");
const INSERT_BATCH: usize = 500;
const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: PlaceLevel,
    pub name_km: String,
    pub name_latin: String,
    pub unit_type: String,
}

/// A search hit with the names of the places above it, province first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceHit {
    pub place: Place,
    pub ancestors: Vec<Place>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlaceCounts {
    pub provinces: u64,
    pub districts: u64,
    pub communes: u64,
    pub villages: u64,
}

fn from_row(m: place::Model) -> Place {
    Place {
        level: PlaceLevel::from_name(&m.level).unwrap_or(PlaceLevel::Village),
        code: m.code,
        parent_code: m.parent_code,
        name_km: m.name_km,
        name_latin: m.name_latin,
        unit_type: m.unit_type,
    }
}

/// The text a search matches against: the search keys of the Latin and Khmer names (so a name
/// typed without accents, in another code-point order or with zero-width spaces still matches).
fn search_text(name_latin: &str, name_km: &str) -> String {
    format!(
        "{} {}",
        text::search_key(name_latin),
        text::search_key(name_km)
    )
}

#[derive(serde::Deserialize)]
struct CsvRow {
    code: String,
    parent_code: String,
    level: String,
    name_km: String,
    name_latin: String,
    unit_type: String,
}

fn parse_gazetteer() -> Result<Vec<place::ActiveModel>, StoreError> {
    let mut reader = csv::Reader::from_reader(GAZETTEER_CSV.as_bytes());
    let mut rows = Vec::with_capacity(16_500);
    for record in reader.deserialize::<CsvRow>() {
        let r = record
            .map_err(|e| StoreError::Connect(format!("the shipped gazetteer is damaged: {e}")))?;
        let code = PlaceCode::parse(&r.code)?;
        if PlaceLevel::from_name(&r.level) != Some(code.level()) {
            return Err(StoreError::Connect(format!(
                "gazetteer row {} has level {}",
                r.code, r.level
            )));
        }
        rows.push(place::ActiveModel {
            search_text: Set(search_text(&r.name_latin, &r.name_km)),
            code: Set(r.code),
            parent_code: Set(Some(r.parent_code).filter(|p| !p.is_empty())),
            level: Set(r.level),
            name_km: Set(r.name_km),
            name_latin: Set(r.name_latin),
            unit_type: Set(r.unit_type),
        });
    }
    // Parents before children, for the foreign key.
    rows.sort_by_key(|r| match &r.code {
        sea_orm::ActiveValue::Set(c) | sea_orm::ActiveValue::Unchanged(c) => (c.len(), c.clone()),
        sea_orm::ActiveValue::NotSet => (0, String::new()),
    });
    Ok(rows)
}

impl Store {
    /// Loads the gazetteer if the place table is empty, in one transaction; returns how many
    /// places were added. `progress(done, total)` is called after each batch.
    pub async fn load_places_if_empty(
        &self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize, StoreError> {
        if place::Entity::find().count(self.db()).await? > 0 {
            return Ok(0);
        }
        let rows = parse_gazetteer()?;
        let total = rows.len();
        let txn = self.db().begin().await?;
        let mut done = 0;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<_> = rows.by_ref().take(INSERT_BATCH).collect();
            done += batch.len();
            place::Entity::insert_many(batch).exec(&txn).await?;
            progress(done, total);
        }
        txn.commit().await?;
        Ok(total)
    }

    pub async fn place_counts(&self) -> Result<PlaceCounts, StoreError> {
        let count = |level: PlaceLevel| {
            place::Entity::find()
                .filter(place::Column::Level.eq(level.name()))
                .count(self.db())
        };
        Ok(PlaceCounts {
            provinces: count(PlaceLevel::Province).await?,
            districts: count(PlaceLevel::District).await?,
            communes: count(PlaceLevel::Commune).await?,
            villages: count(PlaceLevel::Village).await?,
        })
    }

    pub async fn place(&self, code: &PlaceCode) -> Result<Option<Place>, StoreError> {
        Ok(place::Entity::find_by_id(code.as_str())
            .one(self.db())
            .await?
            .map(from_row))
    }

    /// The provinces (no parent) or the children of a place, by code.
    pub async fn place_children(
        &self,
        parent: Option<&PlaceCode>,
    ) -> Result<Vec<Place>, StoreError> {
        let query = match parent {
            None => place::Entity::find().filter(place::Column::ParentCode.is_null()),
            Some(p) => place::Entity::find().filter(place::Column::ParentCode.eq(p.as_str())),
        };
        Ok(query
            .order_by_asc(place::Column::Code)
            .all(self.db())
            .await?
            .into_iter()
            .map(from_row)
            .collect())
    }

    /// The place and the places above it, province first. Empty if the code is unknown.
    pub async fn place_lineage(&self, code: &PlaceCode) -> Result<Vec<Place>, StoreError> {
        let codes: Vec<String> = code.lineage().into_iter().map(String::from).collect();
        let mut found: Vec<Place> = place::Entity::find()
            .filter(place::Column::Code.is_in(codes.clone()))
            .all(self.db())
            .await?
            .into_iter()
            .map(from_row)
            .collect();
        if found.len() != codes.len() {
            return Ok(Vec::new());
        }
        found.sort_by_key(|p| p.code.len());
        Ok(found)
    }

    /// The lineage (province first) of each of `codes`, in one query; unknown codes are left out.
    pub async fn place_lineages(
        &self,
        codes: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<Place>>, StoreError> {
        let parsed: Vec<PlaceCode> = codes
            .iter()
            .filter_map(|c| PlaceCode::parse(c).ok())
            .collect();
        let mut wanted: Vec<String> = parsed
            .iter()
            .flat_map(|c| c.lineage())
            .map(String::from)
            .collect();
        wanted.sort();
        wanted.dedup();
        let found: Vec<Place> = place::Entity::find()
            .filter(place::Column::Code.is_in(wanted))
            .all(self.db())
            .await?
            .into_iter()
            .map(from_row)
            .collect();
        let mut out = std::collections::HashMap::new();
        for code in parsed {
            let lineage: Vec<Place> = code
                .lineage()
                .iter()
                .filter_map(|c| found.iter().find(|p| p.code == c.as_str()).cloned())
                .collect();
            if lineage.len() == code.lineage().len() {
                out.insert(code.as_str().to_owned(), lineage);
            }
        }
        Ok(out)
    }

    /// Places whose Latin or Khmer name contains `query`, larger units first, at most `limit`.
    pub async fn search_places(
        &self,
        query: &str,
        limit: u64,
    ) -> Result<Vec<PlaceHit>, StoreError> {
        let needle = text::search_key(query.trim());
        // No place name is this long; a longer query matches nothing (and SQLite refuses
        // patterns over 50,000 bytes).
        if needle.is_empty() || needle.chars().count() > MAX_QUERY_CHARS {
            return Ok(Vec::new());
        }
        let pattern = format!("%{}%", escape_like(&needle));
        let rows = place::Entity::find()
            .filter(Expr::col(place::Column::SearchText).like(LikeExpr::new(pattern).escape('\\')))
            .order_by_asc(Expr::cust("LENGTH(code)"))
            .order_by_asc(place::Column::NameLatin)
            .order_by_asc(place::Column::Code)
            .limit(limit)
            .all(self.db())
            .await?;
        // One more query for every ancestor of every hit, not one per hit.
        let mut ancestor_codes: Vec<String> = rows
            .iter()
            .filter_map(|r| PlaceCode::parse(&r.code).ok())
            .flat_map(|c| c.lineage())
            .map(String::from)
            .collect();
        ancestor_codes.sort();
        ancestor_codes.dedup();
        let ancestors: Vec<Place> = place::Entity::find()
            .filter(place::Column::Code.is_in(ancestor_codes))
            .all(self.db())
            .await?
            .into_iter()
            .map(from_row)
            .collect();
        Ok(rows
            .into_iter()
            .map(|row| {
                let mut above: Vec<Place> = ancestors
                    .iter()
                    .filter(|a| a.code.len() < row.code.len() && row.code.starts_with(&a.code))
                    .cloned()
                    .collect();
                above.sort_by_key(|p| p.code.len());
                PlaceHit {
                    place: from_row(row),
                    ancestors: above,
                }
            })
            .collect())
    }
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_gazetteer_parses_parents_first() {
        let rows = parse_gazetteer().unwrap_or_default();
        assert_eq!(rows.len(), 25 + 210 + 1_652 + 14_578);
        let first = rows.first().map(|r| r.code.clone().unwrap());
        assert_eq!(first.map(|c| c.len()), Some(2));
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_a\\"), "50\\%\\_a\\\\");
        assert_eq!(search_text("Ou Thum", "អូរ\u{200B}ធំ"), "ou thum អូរធំ");
    }
}
